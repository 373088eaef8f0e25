// SPDX-License-Identifier: GPL-2.0
/*
 * Send, receive, reply, error, read and write: the message path.
 */
#include <linux/hrtimer.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sizes.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "common.h"
#include "copy.h"
#include "ctx.h"
#include "msg.h"
#include "prio.h"

/*
 * Send lists up to this many bytes travel inline (msg.h); 0 turns that
 * off.  Above STPLR_MSG_INLINE_LIMIT it is read as the limit.
 */
static unsigned int stplr_inline_max = 256;
module_param_named(inline_max, stplr_inline_max, uint, 0644);
MODULE_PARM_DESC(inline_max, "largest message copied inline at send (bytes)");

/*
 * Bytes of STPLR_SEND_ASYNC messages above inline_max that one channel
 * may hold queued (msg.h); 0 turns that off.  At most
 * STPLR_MSG_ASYNC_LIMIT, whatever is written here.
 */
static unsigned int stplr_async_max = SZ_1M;
module_param_named(async_max, stplr_async_max, uint, 0644);
MODULE_PARM_DESC(async_max, "bytes of large async messages one channel may hold queued");

/* Parked spares are small: at most both inline parts at their limit. */
#define STPLR_MSG_SPARE_MAX	(2 * STPLR_MSG_INLINE_LIMIT)

/* Reserves @len bytes of @chan's asynchronous budget. */
static bool stplr_msg_async_reserve(struct stplr_channel *chan, u64 len)
{
	long max = min_t(u32, READ_ONCE(stplr_async_max),
			 STPLR_MSG_ASYNC_LIMIT);

	if (!len || len > max || len > STPLR_MSG_ASYNC_MSG_MAX)
		return false;
	if (atomic_long_add_return(len, &chan->async_bytes) <= max)
		return true;
	atomic_long_sub(len, &chan->async_bytes);
	return false;
}

/* Gives back what stplr_msg_async_reserve() took. */
static void stplr_msg_async_unreserve(struct stplr_channel *chan, u64 len)
{
	atomic_long_sub(len, &chan->async_bytes);
}

static void stplr_msg_release(struct kref *ref)
{
	struct stplr_msg *msg = container_of(ref, struct stplr_msg, ref);
	struct stplr_ctx *home = msg->home;

	stplr_iovec_release(&msg->send);
	stplr_iovec_release(&msg->reply);
	put_pid(msg->tgid);
	put_pid(msg->tid);
	if (msg->mm)
		mmdrop(msg->mm);
	if (msg->async_bytes)
		stplr_msg_async_unreserve(msg->chan, msg->async_bytes);
	stplr_channel_put(msg->chan);
	/*
	 * Parked for the sender's context's next send (msg.h); another
	 * thread may take it at once, so @msg is not touched afterwards.
	 */
	if (msg->room > STPLR_MSG_SPARE_MAX ||
	    cmpxchg(&home->msg_spare, NULL, msg))
		kvfree(msg);
	stplr_ctx_put(home);
}

/*
 * A cleared message with room for @room bytes of @data: the sending
 * context's spare when it is large enough, else a new allocation with
 * @gfp.
 */
static struct stplr_msg *stplr_msg_alloc(struct stplr_ctx *ctx, size_t room,
					 gfp_t gfp)
{
	struct stplr_msg *msg = xchg(&ctx->msg_spare, NULL);

	if (msg && msg->room >= room) {
		room = msg->room;
	} else {
		kvfree(msg);
		msg = kvmalloc(struct_size(msg, data, room), gfp);
		if (!msg)
			return NULL;
	}
	/* Only the header: every read of the data area is bounded. */
	memset(msg, 0, offsetof(struct stplr_msg, data));
	msg->room = room;
	stplr_ctx_get(ctx);
	msg->home = ctx;
	return msg;
}

static void stplr_msg_put(struct stplr_msg *msg)
{
	kref_put(&msg->ref, stplr_msg_release);
}

/*
 * Converts a relative timeout argument into an absolute expiry.  Returns
 * NULL in *@expires when the call has no timeout.
 */
static int stplr_timeout_parse(u64 flags, s64 timeout_ns, ktime_t *buf,
			       ktime_t **expires)
{
	*expires = NULL;
	if (!(flags & STPLR_F_TIMEOUT))
		return timeout_ns ? -EINVAL : 0;
	if (timeout_ns < 0)
		return -EINVAL;
	*buf = ktime_add_safe(ktime_get(), ns_to_ktime(timeout_ns));
	*expires = buf;
	return 0;
}

/* A receiver takes @msg: RECEIVED, one copier, a reference. */
static void stplr_msg_take_locked(struct stplr_channel *chan,
				  struct stplr_msg *msg,
				  struct stplr_receiver *r)
{
	lockdep_assert_held(&chan->lock);
	stplr_queue_remove(&chan->queue, &msg->q);
	msg->phase = STPLR_MP_RECEIVED;
	msg->copiers++;
	if (msg->rcvid)
		list_add_tail(&msg->active, &chan->active);
	kref_get(&msg->ref);
	r->item = &msg->q;
}

/*
 * Offers @msg to the live channel: handed to a waiting receiver, returned
 * for stplr_channel_handoff() after the lock is dropped, or queued.
 */
static struct stplr_receiver *stplr_msg_queue_locked(struct stplr_channel *chan,
						     struct stplr_msg *msg)
{
	struct stplr_receiver *r;

	lockdep_assert_held(&chan->lock);
	msg->phase = STPLR_MP_QUEUED;
	r = stplr_channel_pick_locked(chan, STPLR_QKIND_MSG);
	if (r) {
		stplr_msg_take_locked(chan, msg, r);
		return r;
	}
	stplr_queue_add(&chan->queue, &msg->q);
	stplr_channel_queued_locked(chan);
	return NULL;
}

/*
 * Ends a queued or received message with @error (0 after a reply) and
 * wakes the sender, which still waits for running copies.  A message that
 * has already ended keeps its first result.  Returns true when this ended
 * an asynchronous message: the caller drops the queue's reference once
 * the channel's lock is released.
 */
static bool stplr_msg_end_locked(struct stplr_msg *msg, int error)
{
	struct stplr_channel *chan = msg->chan;
	bool owned = false;

	lockdep_assert_held(&chan->lock);
	if (msg->phase == STPLR_MP_QUEUED)
		stplr_queue_remove(&chan->queue, &msg->q);
	else if (msg->phase == STPLR_MP_RECEIVED && msg->rcvid)
		list_del_init(&msg->active);
	if (msg->phase != STPLR_MP_DONE) {
		msg->phase = STPLR_MP_DONE;
		msg->error = error;
		owned = msg->async;
	}
	if (msg->unblocking)
		stplr_pulse_cancel_locked(chan, &msg->unblock);
	/*
	 * Sync wake-up: the waker is usually about to block (a replier going
	 * back to receive), so the sender should run on this CPU.
	 */
	wake_up_sync(&msg->wait);
	return owned;
}

/**
 * stplr_msg_channel_fail() - fail everything on a destroyed channel
 * @chan: the channel, already dead
 *
 * Queued and received messages fail with ESRCH; queued pulses go.  One
 * pass over each list.
 */
void stplr_msg_channel_fail(struct stplr_channel *chan)
{
	struct stplr_msg *msg, *tmp;
	struct stplr_qnode *node;
	LIST_HEAD(orphans);

	spin_lock(&chan->lock);
	while ((node = stplr_queue_first(&chan->queue, STPLR_QMASK_ALL))) {
		if (node->kind != STPLR_QKIND_MSG) {
			stplr_pulse_drop_locked(chan, stplr_pulse_of(node));
			continue;
		}
		msg = stplr_msg_of(node);
		/* One-way: @active is free to collect it. */
		if (stplr_msg_end_locked(msg, -ESRCH))
			list_add_tail(&msg->active, &orphans);
	}
	list_for_each_entry_safe(msg, tmp, &chan->active, active)
		stplr_msg_end_locked(msg, -ESRCH);
	spin_unlock(&chan->lock);
	list_for_each_entry_safe(msg, tmp, &orphans, active) {
		list_del_init(&msg->active);
		stplr_msg_put(msg);
	}
}

/* Drops a finished message's rcvid, unless the id already went. */
static void stplr_msg_forget(struct stplr_msg *msg)
{
	if (msg->rcvid)
		stplr_rcvid_remove(&msg->chan->ctx->rcvids, &msg->rid);
}

/* True once the sender may return: ended and nobody copying. */
static bool stplr_msg_settled(struct stplr_msg *msg)
{
	bool settled;

	spin_lock(&msg->chan->lock);
	settled = msg->phase == STPLR_MP_DONE && !msg->copiers;
	spin_unlock(&msg->chan->lock);
	return settled;
}

/*
 * A message for @chan carrying the send list @send and the reply list
 * @reply (both moved into it), with room for the bytes of each that
 * travel inline.
 */
static struct stplr_msg *stplr_msg_new(struct stplr_ctx *ctx,
				       struct stplr_channel *chan, u32 coid,
				       struct stplr_iovec *send,
				       struct stplr_iovec *reply, bool async)
{
	u32 limit = min_t(u32, READ_ONCE(stplr_inline_max),
			  STPLR_MSG_INLINE_LIMIT);
	size_t inl = send->len <= limit ? send->len : 0;
	size_t rinl = reply->len <= limit ? reply->len : 0;
	bool big = false;
	struct stplr_msg *msg;

	/* A large asynchronous message is buffered while the budget lasts. */
	if (async && !inl && stplr_msg_async_reserve(chan, send->len)) {
		big = true;
		inl = send->len;
	}
	/*
	 * The buffer of a large async message is optional: when the sender's
	 * memory cgroup is full it fails (no OOM kill for it) and the message
	 * takes the blocking path, which needs no buffer.
	 */
	msg = stplr_msg_alloc(ctx, inl + rinl, big ?
			      GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL |
			      __GFP_NOWARN : GFP_KERNEL_ACCOUNT);
	if (!msg && big) {
		stplr_msg_async_unreserve(chan, inl);
		big = false;
		inl = 0;
		msg = stplr_msg_alloc(ctx, rinl, GFP_KERNEL_ACCOUNT);
	}
	if (!msg)
		return NULL;
	kref_init(&msg->ref);
	stplr_channel_get(chan);
	msg->chan = chan;
	msg->phase = STPLR_MP_QUEUED;
	INIT_LIST_HEAD(&msg->active);
	init_waitqueue_head(&msg->wait);
	stplr_iovec_move(&msg->send, send);
	stplr_iovec_move(&msg->reply, reply);
	msg->rinl = rinl;
	msg->reply_off = inl;
	msg->coid = coid;
	msg->scoid = ctx->id;
	msg->q.kind = STPLR_QKIND_MSG;
	msg->priority = stplr_prio_of(current);
	msg->q.prio = STPLR_PRIO_TOP - msg->priority;
	msg->tgid = get_task_pid(current, PIDTYPE_TGID);
	msg->tid = get_task_pid(current, PIDTYPE_PID);
	msg->mm = current->mm;
	mmgrab(msg->mm);
	/* A page that is not present leaves the message on the pinned path. */
	if (msg->send.len && msg->send.len <= limit)
		msg->inl = stplr_copy_in_own(msg->data, &msg->send, true);
	if (big) {
		/* Counted until the message goes; returned now if not copied. */
		msg->inl = stplr_copy_in_own(msg->data, &msg->send, false);
		if (msg->inl)
			msg->async_bytes = inl;
		else
			stplr_msg_async_unreserve(chan, inl);
	}
	return msg;
}

/*
 * Copies the sender's bytes from @offset on into @to: from the inline copy
 * when there is one, else from the sender's pages.
 */
static enum stplr_copy_result
stplr_msg_copy_send(struct stplr_msg *msg, u64 offset, struct iov_iter *to,
		    size_t *copied, ktime_t *expires)
{
	size_t n;

	if (!msg->inl)
		return stplr_copy_from_peer(msg->mm, &msg->send, offset, to,
					    copied, expires);
	*copied = 0;
	if (offset >= msg->send.len)
		return STPLR_COPY_OK;
	n = min_t(u64, msg->send.len - offset, iov_iter_count(to));
	/* The caller's own memory: its faults are served here. */
	*copied = copy_to_iter(msg->data + offset, n, to);
	return *copied < n ? STPLR_COPY_LOCAL_FAULT : STPLR_COPY_OK;
}

/*
 * The sender's wait.  Returns the message's result once it is settled.  On
 * a signal or timeout the sender abandons the message (or, on an UNBLOCK
 * channel with the message received, tells the server and keeps waiting
 * until it is ended or a fatal signal comes).  Abandoning fails the
 * message so that no copy can start; the sender then still waits for
 * copies already running, fatal signal or not, because its memory may
 * outlive it (CLONE_VM, vfork).  Copies are bounded (copy.h).
 */
static int stplr_msg_wait(struct stplr_msg *msg, ktime_t *expires)
{
	struct stplr_channel *chan = msg->chan;
	struct stplr_receiver *r = NULL;
	long ret;

	if (expires) {
		/* Negative would read as "never" to the hrtimer helpers. */
		ktime_t left = max_t(ktime_t, 0, ktime_sub(*expires, ktime_get()));

		ret = wait_event_interruptible_hrtimeout(msg->wait,
							 stplr_msg_settled(msg),
							 left);
	} else {
		ret = wait_event_interruptible(msg->wait,
					       stplr_msg_settled(msg));
	}
	if (ret) {
		int why = ret == -ETIME ? -ETIMEDOUT : -EINTR;
		bool killed = fatal_signal_pending(current);
		bool wait_server = false;

		spin_lock(&chan->lock);
		if (msg->phase == STPLR_MP_RECEIVED && msg->rcvid && !killed &&
		    chan->flags & STPLR_CHF_UNBLOCK) {
			/* QNX UNBLOCK: the server is told and decides. */
			wait_server = true;
			if (!msg->unblocking && !chan->dead) {
				msg->unblocking = true;
				r = stplr_pulse_queue_locked(chan,
							     &msg->unblock);
			}
		} else {
			stplr_msg_end_locked(msg, why);
		}
		spin_unlock(&chan->lock);
		if (r)
			stplr_channel_handoff(chan, r, msg->unblock.priority);
		if (wait_server &&
		    wait_event_killable(msg->wait, stplr_msg_settled(msg))) {
			spin_lock(&chan->lock);
			stplr_msg_end_locked(msg, -EINTR);
			spin_unlock(&chan->lock);
		}
		/* No copy starts any more; the running ones are bounded. */
		wait_event_idle(msg->wait, stplr_msg_settled(msg));
	}
	stplr_msg_forget(msg);
	return msg->error;
}

/**
 * stplr_msg_ioctl_send() - STPLR_MSG_SEND and STPLR_MSG_SEND_RECEIVE
 * @ctx:    the sender's context
 * @chan:   the channel of the connection, with the caller's reference
 * @req:    the request
 * @arg:    the user struct stplr_msg_send, for the results
 * @oneway: STPLR_MSG_SEND: wait only until a receiver took the message
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_msg_ioctl_send(struct stplr_ctx *ctx, struct stplr_channel *chan,
			  const struct stplr_msg_send *req, void __user *arg,
			  bool oneway)
{
	struct stplr_receiver *r = NULL;
	struct stplr_iovec send, reply;
	struct stplr_msg *msg;
	ktime_t *expires, buf;
	u32 rcvid = 0, prio;
	bool async;
	u64 len;
	int ret;

	if (req->flags & ~(STPLR_F_TIMEOUT | STPLR_SEND_ASYNC) ||
	    req->reserved0 || req->reserved1)
		return -EINVAL;
	if (oneway && (req->n_reply || req->reply_iov))
		return -EINVAL;
	if (!oneway && req->flags & STPLR_SEND_ASYNC)
		return -EINVAL;
	ret = stplr_timeout_parse(req->flags, req->timeout_ns, &buf, &expires);
	if (ret)
		return ret;

	ret = stplr_iovec_import(&send, req->send_iov, req->n_send);
	if (ret)
		return ret;
	ret = stplr_iovec_import(&reply, req->reply_iov, req->n_reply);
	if (ret) {
		stplr_iovec_release(&send);
		return ret;
	}
	msg = stplr_msg_new(ctx, chan, req->coid, &send, &reply,
			    req->flags & STPLR_SEND_ASYNC);
	if (!msg) {
		stplr_iovec_release(&send);
		stplr_iovec_release(&reply);
		return -ENOMEM;
	}
	if (!oneway)
		rcvid = stplr_rcvid_publish(&chan->ctx->rcvids, &msg->rid);
	msg->rcvid = rcvid;
	stplr_pulse_init(&msg->unblock, STPLR_PULSE_UNBLOCK, rcvid, ctx->id,
			 msg->priority);
	if (req->flags & STPLR_SEND_ASYNC && msg->inl) {
		/* Nothing will be read from the sender's memory. */
		msg->async = true;
		mmdrop(msg->mm);
		msg->mm = NULL;
	}
	/* Read before publication: an async message may go at once. */
	async = msg->async;
	prio = msg->priority;
	len = msg->send.len;

	spin_lock(&chan->lock);
	if (chan->dead)
		ret = -ESRCH;
	else if (stplr_queue_count(&chan->queue, STPLR_QKIND_MSG) >=
		 READ_ONCE(stplr_max_queued))
		ret = -EAGAIN;
	else
		r = stplr_msg_queue_locked(chan, msg);
	spin_unlock(&chan->lock);
	if (ret) {
		stplr_msg_forget(msg);
		goto out;
	}
	if (r)
		stplr_channel_handoff(chan, r, prio);
	stplr_dbg(STPLR_DBG_MSG, "send: coid %u chid %u rcvid %u %llu bytes\n",
		  req->coid, chan->chid, rcvid, len);
	/* The queue owns the sender's reference now (msg.h). */
	if (async)
		return 0;

	ret = stplr_msg_wait(msg, expires);
	/* An inline reply is the sender's to copy, into its own memory. */
	if (!ret && msg->rinl && msg->reply_len &&
	    stplr_copy_out_own(&msg->reply, msg->data + msg->reply_off,
			       msg->reply_len))
		ret = -EFAULT;
	if (!ret && !oneway) {
		struct stplr_msg_send __user *u = arg;

		if (put_user(msg->status, &u->status) ||
		    put_user(msg->reply_len, &u->reply_len) ||
		    put_user(msg->reply_srclen, &u->reply_srclen))
			ret = -EFAULT;
	}
out:
	if (ret)
		stplr_dbg(STPLR_DBG_ERR, "send: coid %u failed: %d\n",
			  req->coid, ret);
	stplr_msg_put(msg);
	return ret;
}

/*
 * Ends the receiver's copy.  @res says how it went.  Returns true when the
 * receiver should hand the message out, false when it was given back to
 * the queue or failed.
 */
static bool stplr_msg_received(struct stplr_msg *msg,
			       enum stplr_copy_result res)
{
	struct stplr_channel *chan = msg->chan;
	struct stplr_receiver *r = NULL;
	bool keep = false, owned = false;

	spin_lock(&chan->lock);
	msg->copiers--;
	if (msg->phase != STPLR_MP_RECEIVED) {
		/* The sender left meanwhile; it may be waiting for us. */
		if (!msg->copiers)
			wake_up(&msg->wait);
	} else if (res == STPLR_COPY_OK) {
		keep = true;
	} else if (res == STPLR_COPY_PEER_FAULT) {
		owned = stplr_msg_end_locked(msg, -EFAULT);
	} else if (res == STPLR_COPY_PEER_GONE) {
		owned = stplr_msg_end_locked(msg, -ESRCH);
	} else if (chan->dead) {
		owned = stplr_msg_end_locked(msg, -ESRCH);
	} else if (!msg->replying) {
		/* The receiver's fault: the message waits for another. */
		if (msg->rcvid)
			list_del_init(&msg->active);
		r = stplr_msg_queue_locked(chan, msg);
	}
	spin_unlock(&chan->lock);
	if (r)
		stplr_channel_handoff(chan, r, msg->priority);
	/* The caller's own reference keeps @msg alive past this put. */
	if (owned)
		stplr_msg_put(msg);
	return keep;
}

/*
 * A one-way message reached the receiver's caller: the sender may go, or
 * for an asynchronous one the queue's reference goes (the receiver still
 * holds its own).
 */
static void stplr_msg_delivered(struct stplr_msg *msg)
{
	bool owned = false;

	spin_lock(&msg->chan->lock);
	if (!msg->rcvid && msg->phase == STPLR_MP_RECEIVED) {
		msg->phase = STPLR_MP_DONE;
		owned = msg->async;
		wake_up_sync(&msg->wait);
	}
	spin_unlock(&msg->chan->lock);
	if (owned)
		stplr_msg_put(msg);
}

static void stplr_msg_info_fill(struct stplr_msg_info *info,
				struct stplr_msg *msg, size_t copied)
{
	struct pid_namespace *ns = task_active_pid_ns(current);

	memset(info, 0, sizeof(*info));
	info->pid = pid_nr_ns(msg->tgid, ns);
	info->tid = pid_nr_ns(msg->tid, ns);
	info->chid = msg->chan->chid;
	info->scoid = msg->scoid;
	info->coid = msg->coid;
	info->priority = msg->priority;
	info->flags = msg->rcvid ? STPLR_INFO_REPLY : 0;
	info->msglen = copied;
	info->srcmsglen = msg->send.len;
	info->dstmsglen = msg->reply.len;
}

/*
 * Waits until the receiver @r holds an item: handed to it by a sender, or
 * taken off the queue here.  Returns 0 with r->item set, or an errno.
 */
static int stplr_msg_wait_item(struct stplr_channel *chan,
			       struct stplr_receiver *r, ktime_t *expires)
{
	struct stplr_qnode *node;
	int ret = 0;

	spin_lock(&chan->lock);
	while (!r->item) {
		if (chan->dead) {
			stplr_channel_leave_locked(chan, r);
			ret = -ESRCH;
			break;
		}
		node = stplr_queue_first(&chan->queue, r->mask);
		if (node) {
			stplr_channel_leave_locked(chan, r);
			if (node->kind == STPLR_QKIND_MSG)
				stplr_msg_take_locked(chan, stplr_msg_of(node), r);
			else
				stplr_pulse_take_locked(chan, stplr_pulse_of(node),
							r);
			break;
		}
		ret = stplr_channel_wait_locked(chan, r, expires);
		if (ret)
			break;
	}
	spin_unlock(&chan->lock);
	return ret;
}

/* Hands a pulse out; gives it back when the caller's memory faults. */
static int stplr_msg_receive_pulse(struct stplr_channel *chan,
				   struct stplr_receiver *r,
				   struct stplr_msg_receive __user *u)
{
	struct stplr_msg_info info = { 0 };
	struct stplr_receiver *other;
	struct stplr_pulse p;
	u64 rcvid = 0;
	u32 prio = 0;
	int ret = 0;

	spin_lock(&chan->lock);
	if (!r->item) {
		/* Withdrawn by its owner meanwhile. */
		spin_unlock(&chan->lock);
		return -EAGAIN;
	}
	stplr_pulse_read_locked(r, &p, &prio);
	spin_unlock(&chan->lock);
	info.chid = chan->chid;
	info.scoid = p.scoid;
	info.priority = prio;
	info.flags = STPLR_INFO_PULSE;
	if (copy_to_user(&u->rcvid, &rcvid, sizeof(rcvid)) ||
	    copy_to_user(&u->info, &info, sizeof(info)) ||
	    copy_to_user(&u->pulse, &p, sizeof(p)))
		ret = -EFAULT;
	spin_lock(&chan->lock);
	other = stplr_pulse_done_locked(chan, r, !ret, &prio);
	spin_unlock(&chan->lock);
	if (other)
		stplr_channel_handoff(chan, other, prio);
	stplr_dbg(STPLR_DBG_MSG, "receive: chid %u pulse %d: %d\n",
		  chan->chid, p.code, ret);
	return ret;
}

/* Hands a message out: copies its payload and writes the result. */
static int stplr_msg_receive_msg(struct stplr_channel *chan,
				 struct stplr_msg *msg, struct stplr_local *local,
				 ktime_t *expires,
				 struct stplr_msg_receive __user *u)
{
	struct stplr_msg_info info;
	enum stplr_copy_result res;
	size_t copied = 0;
	u64 rcvid;
	int ret = 0;

	res = stplr_msg_copy_send(msg, 0, &local->iter, &copied, expires);
	if (!stplr_msg_received(msg, res)) {
		switch (res) {
		case STPLR_COPY_LOCAL_FAULT:
			return -EFAULT;
		case STPLR_COPY_KILLED:
		case STPLR_COPY_INTERRUPTED:
			return -EINTR;
		case STPLR_COPY_TIMEDOUT:
			return -ETIMEDOUT;
		default:
			/* The sender's fault ended its message. */
			return -EAGAIN;
		}
	}
	rcvid = msg->rcvid;
	stplr_msg_info_fill(&info, msg, copied);
	if (copy_to_user(&u->rcvid, &rcvid, sizeof(rcvid)) ||
	    copy_to_user(&u->info, &info, sizeof(info)) ||
	    clear_user(&u->pulse, sizeof(u->pulse))) {
		/* Nobody learnt of it: give the message back. */
		spin_lock(&chan->lock);
		msg->copiers++;
		spin_unlock(&chan->lock);
		stplr_msg_received(msg, STPLR_COPY_LOCAL_FAULT);
		return -EFAULT;
	}
	stplr_msg_delivered(msg);
	stplr_dbg(STPLR_DBG_MSG, "receive: chid %u rcvid %u %zu of %llu bytes\n",
		  chan->chid, msg->rcvid, copied, msg->send.len);
	return ret;
}

/* Checks a receive request and imports its list; @expires as parsed. */
static int stplr_msg_receive_check(const struct stplr_msg_receive *req,
				   struct stplr_local *local, ktime_t *buf,
				   ktime_t **expires)
{
	int ret;

	if (req->flags & ~(STPLR_F_TIMEOUT | STPLR_RECEIVE_PULSE_ONLY) ||
	    req->reserved)
		return -EINVAL;
	ret = stplr_timeout_parse(req->flags, req->timeout_ns, buf, expires);
	if (ret)
		return ret;
	return stplr_local_import(local, ITER_DEST, req->iov, req->n_iov);
}

/* The receive of a checked request; releases @local. */
static int stplr_msg_receive_run(struct stplr_ctx *ctx,
				 struct stplr_channel *chan,
				 const struct stplr_msg_receive *req,
				 struct stplr_local *local, ktime_t *expires,
				 struct stplr_msg_receive __user *u)
{
	struct stplr_receiver r = {
		.task = current,
		.mask = req->flags & STPLR_RECEIVE_PULSE_ONLY ?
			STPLR_QMASK_PULSES : STPLR_QMASK_ALL,
	};
	struct stplr_msg *msg;
	int ret;

	INIT_LIST_HEAD(&r.node);

	/* Picking up the next item ends the boost of the last one. */
	stplr_prio_restore();
	do {
		ret = stplr_msg_wait_item(chan, &r, expires);
		if (ret)
			break;
		if (r.item->kind == STPLR_QKIND_PULSE) {
			ret = stplr_msg_receive_pulse(chan, &r, u);
			continue;
		}
		msg = stplr_msg_of(r.item);
		r.item = NULL;
		ret = stplr_msg_receive_msg(chan, msg, local, expires, u);
		stplr_msg_put(msg);
		if (ret == -EAGAIN)
			stplr_local_rewind(local, ITER_DEST);
	} while (ret == -EAGAIN);

	if (ret) {
		/* Leaving without an item ends a boost meant for it. */
		stplr_prio_restore();
		if (ret == -EINTR && fatal_signal_pending(current) &&
		    chan->flags & STPLR_CHF_THREAD_DEATH &&
		    chan->ctx == ctx)
			stplr_pulse_thread_death(chan);
		stplr_dbg(STPLR_DBG_ERR, "receive: chid %u failed: %d\n",
			  req->chid, ret);
	}
	stplr_local_release(local);
	return ret;
}

/**
 * stplr_msg_ioctl_receive() - STPLR_MSG_RECEIVE
 * @ctx:  the receiver's context
 * @chan: the channel, one of @ctx's, with the caller's reference
 * @req:  the request
 * @arg:  the user struct stplr_msg_receive, for the results
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_msg_ioctl_receive(struct stplr_ctx *ctx, struct stplr_channel *chan,
			     const struct stplr_msg_receive *req,
			     void __user *arg)
{
	struct stplr_local local;
	ktime_t *expires, buf;
	int ret;

	ret = stplr_msg_receive_check(req, &local, &buf, &expires);
	if (ret)
		return ret;
	return stplr_msg_receive_run(ctx, chan, req, &local, expires, arg);
}

/*
 * Finds the message @rcvid of @ctx for a copy: it must be RECEIVED, and
 * for a reply (@reply) not claimed by another reply.  Returns it with a
 * reference and one copier counted, or NULL.
 */
static struct stplr_msg *stplr_msg_claim(struct stplr_ctx *ctx, u64 rcvid,
					 bool reply)
{
	struct stplr_rcvid *e;
	struct stplr_msg *msg;
	bool ok;

	spin_lock(&ctx->rcvids.lock);
	e = stplr_rcvid_find_locked(&ctx->rcvids, rcvid);
	msg = e ? container_of(e, struct stplr_msg, rid) : NULL;
	if (msg)
		kref_get(&msg->ref);
	spin_unlock(&ctx->rcvids.lock);
	if (!msg)
		return NULL;

	spin_lock(&msg->chan->lock);
	ok = msg->phase == STPLR_MP_RECEIVED && !(reply && msg->replying);
	if (ok) {
		msg->replying |= reply;
		msg->copiers++;
	}
	spin_unlock(&msg->chan->lock);
	if (!ok) {
		stplr_msg_put(msg);
		return NULL;
	}
	return msg;
}

/*
 * Copies a reply from the replier's own list @from into the message's
 * room for it; the sender copies it out (msg.h).  Only the replier's
 * memory is touched, so its faults are the replier's.
 */
static enum stplr_copy_result
stplr_msg_stage_reply(struct stplr_msg *msg, struct iov_iter *from,
		      size_t *copied)
{
	size_t n = min_t(u64, msg->reply.len, iov_iter_count(from));

	*copied = copy_from_iter(msg->data + msg->reply_off, n, from);
	return *copied < n ? STPLR_COPY_LOCAL_FAULT : STPLR_COPY_OK;
}

/*
 * Ends a claimed message.  @error is the sender's result (0 for a reply).
 * Returns 0, or -ESRCH when the sender left while the reply was copied.
 */
static int stplr_msg_finish(struct stplr_msg *msg, int error, s64 status,
			    u64 len, u64 srclen)
{
	struct stplr_channel *chan = msg->chan;
	int ret = 0;

	spin_lock(&chan->lock);
	msg->copiers--;
	if (msg->phase == STPLR_MP_RECEIVED) {
		msg->status = status;
		msg->reply_len = len;
		msg->reply_srclen = srclen;
		stplr_msg_end_locked(msg, error);
	} else {
		ret = -ESRCH;
		if (!msg->copiers)
			wake_up(&msg->wait);
	}
	spin_unlock(&chan->lock);
	stplr_msg_forget(msg);
	return ret;
}

/* Ends a copy without ending the message; a reply claim goes too. */
static void stplr_msg_unclaim(struct stplr_msg *msg, bool reply)
{
	spin_lock(&msg->chan->lock);
	msg->copiers--;
	if (reply)
		msg->replying = false;
	if (msg->phase != STPLR_MP_RECEIVED && !msg->copiers)
		wake_up(&msg->wait);
	spin_unlock(&msg->chan->lock);
}

/*
 * MSG_ERROR values a sender may see: 1 to MAX_ERRNO, except the kernel's
 * internal restart codes (ERESTARTSYS 512 to 529), which would make the
 * sender's kernel restart or leak the code to user space.
 */
static bool stplr_msg_errno_ok(s64 status)
{
	return status >= 1 && status <= MAX_ERRNO &&
	       !(status >= STPLR_ERROR_RESERVED_FIRST &&
		 status <= STPLR_ERROR_RESERVED_LAST);
}

/* Checks a reply or error request and imports its list. */
static int stplr_msg_reply_check(const struct stplr_msg_reply *req,
				 bool error, struct stplr_local *local)
{
	if (req->flags || req->reserved0 || req->reserved1)
		return -EINVAL;
	if (!error)
		return stplr_local_import(local, ITER_SOURCE, req->iov,
					  req->n_iov);
	if (req->n_iov || req->iov || !stplr_msg_errno_ok(req->status))
		return -EINVAL;
	local->len = 0;
	local->vec = local->inl;
	return 0;
}

/*
 * The reply or error of a checked request; writes the copied length to
 * @ulen and releases @local.
 */
static int stplr_msg_reply_run(struct stplr_ctx *ctx,
			       const struct stplr_msg_reply *req, bool error,
			       struct stplr_local *local, u64 __user *ulen)
{
	enum stplr_copy_result res = STPLR_COPY_OK;
	struct stplr_msg *msg;
	size_t copied = 0;
	int ret;

	msg = stplr_msg_claim(ctx, req->rcvid, true);
	if (!msg) {
		ret = -ESRCH;
		goto out;
	}
	if (error) {
		ret = stplr_msg_finish(msg, -(int)req->status, 0, 0, 0);
		goto out_msg;
	}

	if (msg->rinl)
		res = stplr_msg_stage_reply(msg, &local->iter, &copied);
	else
		res = stplr_copy_to_peer(msg->mm, &msg->reply, 0, &local->iter,
					 &copied, NULL);
	switch (res) {
	case STPLR_COPY_OK:
		ret = stplr_msg_finish(msg, 0, req->status, copied, local->len);
		break;
	case STPLR_COPY_PEER_FAULT:
		stplr_msg_finish(msg, -EFAULT, 0, 0, 0);
		ret = -EFAULT;
		break;
	case STPLR_COPY_PEER_GONE:
		stplr_msg_finish(msg, -ESRCH, 0, 0, 0);
		ret = -ESRCH;
		break;
	case STPLR_COPY_LOCAL_FAULT:
		stplr_msg_unclaim(msg, true);
		ret = -EFAULT;
		break;
	default:
		stplr_msg_unclaim(msg, true);
		ret = -EINTR;
		break;
	}
	if (!ret && put_user((u64)copied, ulen))
		ret = -EFAULT;
out_msg:
	stplr_dbg(STPLR_DBG_MSG, "%s: rcvid %llu %zu bytes: %d\n",
		  error ? "error" : "reply", req->rcvid, copied, ret);
	stplr_msg_put(msg);
	/* QNX: a server thread drops its inherited priority when it replies. */
	stplr_prio_restore();
out:
	stplr_local_release(local);
	if (ret)
		stplr_dbg(STPLR_DBG_ERR, "reply: rcvid %llu failed: %d\n",
			  req->rcvid, ret);
	return ret;
}

/**
 * stplr_msg_ioctl_reply() - STPLR_MSG_REPLY and STPLR_MSG_ERROR
 * @ctx:   the replier's context
 * @arg:   user struct stplr_msg_reply
 * @error: STPLR_MSG_ERROR
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_msg_ioctl_reply(struct stplr_ctx *ctx, void __user *arg,
			   bool error)
{
	struct stplr_msg_reply __user *u = arg;
	struct stplr_msg_reply req;
	struct stplr_local local;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	ret = stplr_msg_reply_check(&req, error, &local);
	if (ret)
		return ret;
	return stplr_msg_reply_run(ctx, &req, error, &local, &u->len);
}

/* Records which half of a REPLY_RECEIVE failed. */
static int stplr_msg_rr_failed(struct stplr_msg_reply_receive __user *u,
			       u32 step, int ret)
{
	if (put_user(step, &u->failed))
		return -EFAULT;
	return ret;
}

/**
 * stplr_msg_ioctl_reply_receive() - STPLR_MSG_REPLY_RECEIVE
 * @ctx:  the server's context
 * @chan: the receive channel, one of @ctx's, with the caller's reference
 * @req:  the request
 * @arg:  the user struct stplr_msg_reply_receive, for the results
 *
 * Both halves are checked before either runs; a failed reply ends the
 * call before the receive.
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_msg_ioctl_reply_receive(struct stplr_ctx *ctx,
				   struct stplr_channel *chan,
				   const struct stplr_msg_reply_receive *req,
				   void __user *arg)
{
	struct stplr_msg_reply_receive __user *u = arg;
	bool error = req->flags & STPLR_RR_ERROR;
	struct stplr_local rlocal, local;
	const struct stplr_msg_reply *rep = &req->reply;
	bool reply = rep->rcvid;
	ktime_t *expires, buf;
	int ret;

	if (reply) {
		ret = stplr_msg_reply_check(rep, error, &rlocal);
		if (ret)
			return stplr_msg_rr_failed(u, STPLR_RR_FAILED_REPLY,
						   ret);
	} else if (error || rep->status || rep->n_iov || rep->iov ||
		   rep->flags || rep->reserved0 || rep->reserved1) {
		return stplr_msg_rr_failed(u, STPLR_RR_FAILED_REPLY, -EINVAL);
	}
	ret = stplr_msg_receive_check(&req->receive, &local, &buf, &expires);
	if (ret) {
		if (reply)
			stplr_local_release(&rlocal);
		return stplr_msg_rr_failed(u, STPLR_RR_FAILED_RECEIVE, ret);
	}
	if (reply) {
		ret = stplr_msg_reply_run(ctx, rep, error, &rlocal,
					  &u->reply.len);
		if (ret) {
			stplr_local_release(&local);
			return stplr_msg_rr_failed(u, STPLR_RR_FAILED_REPLY,
						   ret);
		}
	}
	ret = stplr_msg_receive_run(ctx, chan, &req->receive, &local, expires,
				    &u->receive);
	if (ret)
		return stplr_msg_rr_failed(u, STPLR_RR_FAILED_RECEIVE, ret);
	return 0;
}

/**
 * stplr_msg_ioctl_rw() - STPLR_MSG_READ and STPLR_MSG_WRITE
 * @ctx:   the server's context
 * @arg:   user struct stplr_msg_rw
 * @write: STPLR_MSG_WRITE
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_msg_ioctl_rw(struct stplr_ctx *ctx, void __user *arg, bool write)
{
	struct stplr_msg_rw __user *u = arg;
	enum stplr_copy_result res;
	struct stplr_local local;
	struct stplr_msg_rw req;
	struct stplr_msg *msg;
	size_t copied = 0;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.reserved0 || req.reserved1)
		return -EINVAL;
	ret = stplr_local_import(&local, write ? ITER_SOURCE : ITER_DEST,
				 req.iov, req.n_iov);
	if (ret)
		return ret;
	msg = stplr_msg_claim(ctx, req.rcvid, false);
	if (!msg) {
		ret = -ESRCH;
		goto out;
	}
	if (write)
		res = stplr_copy_to_peer(msg->mm, &msg->reply, req.offset,
					 &local.iter, &copied, NULL);
	else
		res = stplr_msg_copy_send(msg, req.offset, &local.iter,
					  &copied, NULL);
	stplr_msg_unclaim(msg, false);
	stplr_msg_put(msg);
	switch (res) {
	case STPLR_COPY_OK:
		ret = put_user((u64)copied, &u->len) ? -EFAULT : 0;
		break;
	case STPLR_COPY_PEER_GONE:
		ret = -ESRCH;
		break;
	case STPLR_COPY_KILLED:
	case STPLR_COPY_INTERRUPTED:
	case STPLR_COPY_TIMEDOUT:
		ret = -EINTR;
		break;
	default:
		ret = -EFAULT;
		break;
	}
	stplr_dbg(STPLR_DBG_MSG, "%s: rcvid %llu offset %llu %zu bytes: %d\n",
		  write ? "write" : "read", req.rcvid, req.offset, copied, ret);
out:
	stplr_local_release(&local);
	return ret;
}
