/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <errno.h> for the QNX compatibility layer: glibc's, plus QNX's EOK and
 * the QNX-only error numbers the message-passing calls use.  Their values
 * are QNX's and above every Linux errno value, so strerror() calls them
 * "Unknown error N".
 */
#include_next <errno.h>

#ifndef STPLR_QNX_ERRNO_H
#define STPLR_QNX_ERRNO_H

#ifndef EOK
#define EOK		0	/* no error */
#endif
#ifndef ESRVRFAULT
#define ESRVRFAULT	312	/* the server faulted during the message pass */
#endif

#endif /* STPLR_QNX_ERRNO_H */
