/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private helpers of the libstplr QNX compatibility layer (lib/qnx/).
 */
#ifndef STPLR_LIB_QNX_INTERNAL_H
#define STPLR_LIB_QNX_INTERNAL_H

#include <errno.h>
#include <limits.h>

#include <sys/neutrino.h>

#include "../internal.h"

/* Plain QNX form of an int-returning _r call: -1 and errno on failure. */
static inline int stplr_qnx_ret(int ret)
{
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/*
 * Result of an _r call: QNX's _r functions report errors only through
 * their return value and leave errno as it was, although the system calls
 * beneath them may have changed it.
 */
static inline int stplr_qnx_r(int saved_errno, int ret)
{
	errno = saved_errno;
	return ret;
}

/* Map stapler's "no such id" (ENOENT) to the errno QNX documents. */
static inline int stplr_qnx_enoent(int ret, int qnx_errno)
{
	return ret == -ENOENT ? -qnx_errno : ret;
}

#endif /* STPLR_LIB_QNX_INTERNAL_H */
