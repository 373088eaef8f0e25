/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <process.h> for Linux (libstplr-qnx): QNX declares the process calls
 * here (getpid(), the exec*() family, spawn*()...).  On Linux they come
 * from <unistd.h>, <stdlib.h> and <spawn.h>, which this header includes,
 * so QNX code that includes <process.h> for getpid() or execv() compiles.
 * QNX's spawn() and the P_WAIT/P_NOWAIT spawnl() family are not provided:
 * use posix_spawn() (<spawn.h>).
 */
#ifndef STPLR_QNX_PROCESS_H
#define STPLR_QNX_PROCESS_H

#include <spawn.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#endif /* STPLR_QNX_PROCESS_H */
