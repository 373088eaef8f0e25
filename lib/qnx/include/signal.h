/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <signal.h> for the QNX compatibility layer: glibc's <signal.h>, plus
 * QNX's event definitions (<sys/siginfo.h>), which QNX's <signal.h>
 * includes.  Nothing of glibc's is changed.
 */
#include_next <signal.h>

#ifndef STPLR_QNX_SIGNAL_H
#define STPLR_QNX_SIGNAL_H
#include <sys/siginfo.h>
#endif
