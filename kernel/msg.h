/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: messages
 *
 * A message is one send in flight.  The sending thread allocates it, blocks
 * for its whole life and frees it; server threads reach it through the
 * channel queue (receive) or the context's rcvid table (reply, error) and
 * hold a reference while they use it.
 *
 * States, changed only under the channel's lock:
 *   QUEUED    on the channel queue;
 *   RECEIVED  taken by a receiver; for a two-way send also on the channel's
 *             active list and reachable by rcvid;
 *   DONE      ended: replied, failed, or abandoned by the sender (signal,
 *             timeout, death).  Nothing may start copying any more.
 *
 * @copiers counts server threads currently copying to or from the sender's
 * memory.  A copy may only start in state RECEIVED.  The sender returns to
 * user space only once the message is DONE and @copiers is zero: so no
 * server thread ever touches the sender's buffers after the send call has
 * returned, and a late reply can never land in a buffer that has been
 * reused.
 */
#ifndef _STPLR_MSG_H
#define _STPLR_MSG_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/wait.h>
#include "channel.h"
#include "iov.h"

struct stplr_ctx;
struct mm_struct;
struct pid;

enum stplr_msg_state {
	STPLR_MSG_QUEUED,
	STPLR_MSG_RECEIVED,
	STPLR_MSG_DONE,
};

/**
 * struct stplr_msg - one send in flight
 * @ref:      references: the sender, and each server thread using it
 * @chan:     the channel (a reference)
 * @q:        entry in the channel queue (QUEUED)
 * @active:   entry in the channel's active list (RECEIVED, two-way)
 * @state:    see DOC
 * @copiers:  see DOC
 * @replying: a reply or error has claimed the message
 * @unblocking: an UNBLOCK pulse was sent for it; the sender waits on
 * @rcvid:    receive id, 0 for a one-way send
 * @wait:     the sender sleeps here
 * @mm:       the sender's address space (mmgrab)
 * @tgid:     the sender's process (a reference)
 * @tid:      the sender's thread (a reference)
 * @coid:     the sender's connection id
 * @scoid:    the sender's context id
 * @priority: the sender's priority (UAPI scale)
 * @send:     the sender's send list
 * @reply:    the sender's reply list
 * @error:    result for the sender: 0 or a negative errno
 * @status:   the server's reply status
 * @reply_len: bytes copied into @reply
 * @reply_srclen: length of the server's reply list
 */
struct stplr_msg {
	struct kref ref;
	struct stplr_channel *chan;
	struct stplr_qitem q;
	struct list_head active;
	enum stplr_msg_state state;
	unsigned int copiers;
	bool replying;
	bool unblocking;
	u32 rcvid;
	wait_queue_head_t wait;
	struct mm_struct *mm;
	struct pid *tgid;
	struct pid *tid;
	u32 coid;
	u32 scoid;
	u32 priority;
	struct stplr_iovec send;
	struct stplr_iovec reply;
	int error;
	s64 status;
	u64 reply_len;
	u64 reply_srclen;
};

long stplr_msg_ioctl_send(struct stplr_ctx *ctx, void __user *arg,
			  bool oneway);
long stplr_msg_ioctl_receive(struct stplr_ctx *ctx, void __user *arg);
long stplr_msg_ioctl_reply(struct stplr_ctx *ctx, void __user *arg,
			   bool error);
long stplr_msg_ioctl_rw(struct stplr_ctx *ctx, void __user *arg, bool write);
void stplr_msg_end_locked(struct stplr_msg *msg, int error);

#endif /* _STPLR_MSG_H */
