/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: messages
 *
 * A message is one send in flight.  The sending thread allocates it, blocks
 * for its whole life and frees it; server threads reach it through the
 * channel (a receive is handed the message or takes it off the queue) or
 * the context's rcvid table (reply, error, read, write) and hold a
 * reference while they use it.
 *
 * Memory: the message holds a reference on the sender's context (@home),
 * and whoever drops its last reference parks it in that context's one
 * spare slot (struct stplr_ctx.msg_spare) for the context's next send,
 * or frees it when the slot is taken.  A send reuses the spare when its
 * room fits, so a client sending similar messages allocates nothing per
 * call; one parked message per open file, charged to whoever allocated
 * it, is the bound.  Only the header is cleared for reuse: every read of
 * @data is bounded by what this message put there.
 *
 * Phases, changed only under the channel's lock (kernel-internal; not to
 * be confused with the STPLR_MSG_* commands of the UAPI):
 *   STPLR_MP_QUEUED    on the channel queue;
 *   STPLR_MP_RECEIVED  taken by a receiver; for a two-way send also on the
 *                      channel's active list and reachable by rcvid;
 *   STPLR_MP_DONE      ended: replied, failed, delivered (one-way) or
 *                      abandoned by the sender.  No copy may start.
 *
 * @copiers counts server threads copying to or from the sender's memory.
 * A copy may only start in RECEIVED.  The sender returns only once the
 * message is DONE and @copiers is zero, even when it was killed: a sender
 * sharing its memory (CLONE_VM, vfork) leaves nothing being written behind
 * it.  Copies end within bounded time (copy.h), so that wait is bounded.
 *
 * A receiver that cannot hand a message out (its own buffers fault, it is
 * interrupted) gives it back to the queue in its old place; a one-way
 * message is DONE only once the receiver's result reached its caller.
 *
 * The UNBLOCK pulse is embedded: a message is unblocked once.  It is
 * withdrawn when the message ends.
 *
 * Small messages travel inline: a send list of at most the inline_max
 * module parameter (at most STPLR_MSG_INLINE_LIMIT) bytes is copied into
 * @data by the sender before the message is published, in the same
 * allocation as the message, and never changes afterwards; receivers and
 * MSG_READ copy from @data instead of pinning the sender's pages.
 *
 * Small replies travel inline too: when the sender's reply list holds at
 * most inline_max bytes, the message has room for them after the send
 * bytes (@reply_off), the replier copies its reply there from its own
 * memory, and the sender copies it out into its own reply list once the
 * message is DONE, in its own call.  A reply list the sender cannot write
 * then fails the sender's call with EFAULT while the reply itself
 * succeeds (QNX's MsgSend() reports faults on the reply too); larger
 * replies are copied into the sender's pinned pages by the replier, whose
 * call then fails with EFAULT as well.
 *
 * An asynchronous one-way message (@async, STPLR_SEND_ASYNC) is inline and
 * its sender does not wait: the sender's reference passes to the channel
 * queue when the message is published, and the sender touches nothing of
 * it afterwards.  That reference is dropped by whoever ends the message:
 * the receiver that delivered it (stplr_msg_delivered()) or the failure
 * of the channel, always after the channel's lock is released.  Such a
 * message holds no address space (@mm is NULL).
 *
 * A larger asynchronous message is buffered the same way while its
 * channel's budget lasts: the async_max module parameter (default 1 MiB,
 * at most STPLR_MSG_ASYNC_LIMIT) bounds the bytes such messages hold per
 * channel, reserved before the copy and given back when the message goes
 * (@async_bytes).  Past the budget, or when the copy faults or finds no
 * memory, the send blocks until received, as without the flag: like a
 * full pipe, a sender that outruns its receiver waits.
 */
#ifndef _STPLR_MSG_H
#define _STPLR_MSG_H

#include <linux/kref.h>
#include <linux/sizes.h>
#include <linux/list.h>
#include <linux/wait.h>
#include "channel.h"
#include "iov.h"
#include "pulse.h"
#include "rcvid.h"

struct stplr_ctx;
struct mm_struct;
struct pid;

enum stplr_msg_phase {
	STPLR_MP_QUEUED,
	STPLR_MP_RECEIVED,
	STPLR_MP_DONE,
};

/**
 * struct stplr_msg - one send in flight
 * @ref:      references: the sender, and each server thread using it
 * @chan:     the channel (a reference)
 * @home:     the sender's context (a reference), where the memory goes
 * @room:     bytes of @data allocated
 * @q:        entry in the channel queue (QUEUED)
 * @active:   entry in the channel's active list (RECEIVED, two-way)
 * @phase:    see DOC
 * @copiers:  see DOC
 * @replying: a reply or error has claimed the message
 * @unblocking: the UNBLOCK pulse was sent
 * @unblock:  the UNBLOCK pulse
 * @rcvid:    receive id, 0 for a one-way send
 * @rid:      the entry of @rcvid in the context's table (rcvid.h)
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
 * @inl:      the send list's bytes are in @data (send.len of them)
 * @rinl:     the reply travels inline, at @data + @reply_off
 * @async:    asynchronous one-way, see DOC
 * @reply_off: where the inline reply goes in @data
 * @async_bytes: bytes of @chan's async budget this message holds
 * @data:     the inline copy of the send list, then room for an inline
 *            reply; see DOC
 */
struct stplr_msg {
	struct kref ref;
	struct stplr_channel *chan;
	struct stplr_ctx *home;
	size_t room;
	struct stplr_qnode q;
	struct list_head active;
	enum stplr_msg_phase phase;
	unsigned int copiers;
	bool replying;
	bool unblocking;
	struct stplr_pulse_item unblock;
	u32 rcvid;
	struct stplr_rcvid rid;
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
	bool inl;
	bool rinl;
	bool async;
	u32 reply_off;
	size_t async_bytes;
	u8 data[];
};

/* The most inline bytes a message can carry, whatever inline_max says. */
#define STPLR_MSG_INLINE_LIMIT	4096
/* The most a channel's queued large async messages hold (async_max). */
#define STPLR_MSG_ASYNC_LIMIT	SZ_64M

long stplr_msg_ioctl_send(struct stplr_ctx *ctx, struct stplr_channel *chan,
			  const struct stplr_msg_send *req, void __user *arg,
			  bool oneway);
long stplr_msg_ioctl_receive(struct stplr_ctx *ctx, struct stplr_channel *chan,
			     const struct stplr_msg_receive *req,
			     void __user *arg);
long stplr_msg_ioctl_reply(struct stplr_ctx *ctx, void __user *arg,
			   bool error);
long stplr_msg_ioctl_reply_receive(struct stplr_ctx *ctx,
				   struct stplr_channel *chan,
				   const struct stplr_msg_reply_receive *req,
				   void __user *arg);
long stplr_msg_ioctl_rw(struct stplr_ctx *ctx, void __user *arg, bool write);
void stplr_msg_channel_fail(struct stplr_channel *chan);

static inline struct stplr_msg *stplr_msg_of(struct stplr_qnode *q)
{
	return container_of(q, struct stplr_msg, q);
}

#endif /* _STPLR_MSG_H */
