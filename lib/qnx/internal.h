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

/*
 * Server connection ids as QNX code sees them: stapler's scoid (a context
 * id, small like the coids) with this bit set, so that ConnectDetach() can
 * tell one from a coid (see <sys/neutrino.h>).  0 (no client) stays 0.
 */
#define STPLR_QNX_SCOID_BIT	0x20000000u

static inline int32_t stplr_qnx_scoid(uint32_t scoid)
{
	if (!scoid || scoid >= STPLR_QNX_SCOID_BIT)
		return (int32_t)scoid;
	return (int32_t)(scoid | STPLR_QNX_SCOID_BIT);
}

static inline int stplr_qnx_is_scoid(int id)
{
	return id >= (int)STPLR_QNX_SCOID_BIT && id < _NTO_SIDE_CHANNEL;
}

/* Map stapler's "no such id" (ENOENT) to the errno QNX documents. */
static inline int stplr_qnx_enoent(int ret, int qnx_errno)
{
	return ret == -ENOENT ? -qnx_errno : ret;
}

/*
 * The receive ids of recent messages and what MsgReceive*() reported for
 * them (lib/qnx/info.c), for MsgInfo() and ConnectClientInfo().  Hidden:
 * shared between the library's files, not exported.
 */
#define STPLR_QNX_HIDDEN __attribute__((visibility("hidden")))
STPLR_QNX_HIDDEN void stplr_qnx_rcvid_note(int rcvid,
					   const struct _msg_info *info);
STPLR_QNX_HIDDEN void stplr_qnx_rcvid_forget(int rcvid);
/*
 * The (chid, scoid) of a recent @rcvid and its sender's thread id (0 when
 * not visible; @tid may be NULL), also after its reply, or -ESRCH.
 */
STPLR_QNX_HIDDEN int stplr_qnx_rcvid_client(int rcvid, uint32_t *chid,
					    uint32_t *scoid, uint32_t *tid);

/*
 * stplr_qnx_reply_receive() - MsgReplyv() (or MsgError()) and MsgReceive()
 * @rcvid:     the message to answer
 * @error:     0 to reply with @status and @riov, else the errno to fail
 *             @rcvid with (as MsgError())
 * @reply_ret: out, what the reply half gave: 0 or -errno, as MsgReplyv_r()
 *             or MsgError_r() would have
 *
 * One system call (STPLR_MSG_REPLY_RECEIVE) on a module that has it, the
 * two calls otherwise.  A failed reply costs no message: nothing was
 * received then, and the receive follows on its own.  A receive half the
 * module refuses before replying (unknown chid, bad list) still gets the
 * reply, sent on its own.  Takes the thread's TimerTimeout() for the
 * receive.
 * Return: as MsgReceive_r() on (@chid, @msg, @bytes, @info).
 */
STPLR_QNX_HIDDEN int stplr_qnx_reply_receive(int rcvid, int error, long status,
					     const iov_t *riov, size_t rparts,
					     int chid, void *msg, size_t bytes,
					     struct _msg_info *info,
					     int *reply_ret);

#endif /* STPLR_LIB_QNX_INTERNAL_H */
