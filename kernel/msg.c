// SPDX-License-Identifier: GPL-2.0
/*
 * Send, receive, reply and error: the message path.
 */

#include <linux/hrtimer.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/prio.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "connection.h"
#include "copy.h"
#include "ctx.h"
#include "msg.h"
#include "common.h"
#include "inherit.h"
#include "pulse.h"

static void stplr_msg_release(struct kref *ref)
{
	struct stplr_msg *msg = container_of(ref, struct stplr_msg, ref);

	stplr_iovec_release(&msg->send);
	stplr_iovec_release(&msg->reply);
	put_pid(msg->tgid);
	put_pid(msg->tid);
	if (msg->mm)
		mmdrop(msg->mm);
	stplr_channel_put(msg->chan);
	kfree(msg);
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

/**
 * stplr_msg_end_locked() - end a queued or received message
 * @msg:   the message; its channel's lock is held
 * @error: the sender's result: 0 after a reply, else a negative errno
 *
 * Takes the message off the queue or the active list and wakes the sender,
 * which still waits for running copies to finish before it returns.  A
 * message that has already ended keeps its first result.
 */
void stplr_msg_end_locked(struct stplr_msg *msg, int error)
{
	struct stplr_channel *chan = msg->chan;

	lockdep_assert_held(&chan->lock);
	if (msg->state == STPLR_MSG_QUEUED)
		stplr_channel_unqueue_locked(chan, &msg->q);
	else if (msg->state == STPLR_MSG_RECEIVED && msg->rcvid)
		list_del_init(&msg->active);
	if (msg->state != STPLR_MSG_DONE) {
		msg->state = STPLR_MSG_DONE;
		msg->error = error;
	}
	/*
	 * Sync wake-up: the waker is usually about to block (a replier going
	 * back to receive), so the sender should run on this CPU.
	 */
	wake_up_sync(&msg->wait);
}

/* Drops a finished message's rcvid, unless the id already went. */
static void stplr_msg_forget(struct stplr_msg *msg)
{
	if (msg->rcvid)
		xa_cmpxchg(&msg->chan->ctx->msgs, msg->rcvid, msg, NULL, 0);
}

/* True once the sender may return: ended and nobody copying. */
static bool stplr_msg_settled(struct stplr_msg *msg)
{
	bool settled;

	spin_lock(&msg->chan->lock);
	settled = msg->state == STPLR_MSG_DONE && !msg->copiers;
	spin_unlock(&msg->chan->lock);
	return settled;
}

static struct stplr_msg *stplr_msg_new(struct stplr_channel *chan, u32 coid,
				       u32 scoid)
{
	struct stplr_msg *msg;

	msg = kzalloc(sizeof(*msg), GFP_KERNEL_ACCOUNT);
	if (!msg)
		return NULL;
	kref_init(&msg->ref);
	msg->chan = chan;
	msg->state = STPLR_MSG_QUEUED;
	INIT_LIST_HEAD(&msg->active);
	init_waitqueue_head(&msg->wait);
	msg->send.iov = msg->send.inl;
	msg->reply.iov = msg->reply.inl;
	msg->coid = coid;
	msg->scoid = scoid;
	msg->q.kind = STPLR_ITEM_MSG;
	msg->priority = stplr_task_priority(current);
	msg->q.prio = STPLR_PRIO_TOP - msg->priority;
	msg->tgid = get_task_pid(current, PIDTYPE_TGID);
	msg->tid = get_task_pid(current, PIDTYPE_PID);
	msg->mm = current->mm;
	mmgrab(msg->mm);
	return msg;
}

/*
 * The sender's wait.  Returns the message's result once it is settled.  On
 * a signal or timeout the sender abandons the message: it is failed so
 * that no copy can start, and the sender still waits for copies already
 * running.  That last wait only ends early on a fatal signal, when the
 * process is dying and its memory no longer matters to anyone.
 */
static int stplr_msg_wait(struct stplr_msg *msg, ktime_t *expires)
{
	struct stplr_channel *chan = msg->chan;
	bool unblock = false;
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

		spin_lock(&chan->lock);
		if (msg->state == STPLR_MSG_RECEIVED && msg->rcvid && !killed &&
		    chan->flags & STPLR_CHF_UNBLOCK) {
			/* QNX UNBLOCK: the server is told and decides. */
			unblock = !msg->unblocking;
			msg->unblocking = true;
		} else {
			stplr_msg_end_locked(msg, why);
		}
		spin_unlock(&chan->lock);
		if (unblock)
			stplr_pulse_kernel(chan, STPLR_PULSE_UNBLOCK, msg->rcvid,
					   msg->scoid);
		if (killed && chan->flags & STPLR_CHF_THREAD_DEATH)
			stplr_pulse_kernel(chan, STPLR_PULSE_THREADDEATH,
					   pid_nr_ns(msg->tid, ns_of_pid(chan->owner)),
					   msg->scoid);
		if (wait_event_killable(msg->wait, stplr_msg_settled(msg))) {
			/* Dying: leave, but make sure no copy can start. */
			spin_lock(&chan->lock);
			stplr_msg_end_locked(msg, -EINTR);
			spin_unlock(&chan->lock);
			stplr_dbg(STPLR_DBG_ERR, "send: killed while a copy runs\n");
		}
	}
	stplr_msg_forget(msg);
	return msg->error;
}

/**
 * stplr_msg_ioctl_send() - STPLR_MSG_SEND and STPLR_MSG_SEND_RECEIVE
 * @ctx:    the sender's context
 * @arg:    user struct stplr_msg_send
 * @oneway: STPLR_MSG_SEND: wait only until a receiver took the message
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_msg_ioctl_send(struct stplr_ctx *ctx, void __user *arg,
			  bool oneway)
{
	struct stplr_msg_send req;
	struct stplr_channel *chan;
	struct stplr_msg *msg;
	ktime_t *expires, buf;
	u32 rcvid = 0;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~STPLR_F_TIMEOUT || req.reserved0 || req.reserved1)
		return -EINVAL;
	if (oneway && (req.n_reply || req.reply_iov))
		return -EINVAL;
	ret = stplr_timeout_parse(req.flags, req.timeout_ns, &buf, &expires);
	if (ret)
		return ret;

	chan = stplr_conn_channel_get(ctx, req.coid);
	if (!chan)
		return -ENOENT;
	msg = stplr_msg_new(chan, req.coid, ctx->id);
	if (!msg) {
		stplr_channel_put(chan);
		return -ENOMEM;
	}
	ret = stplr_iovec_import(&msg->send, req.send_iov, req.n_send);
	if (!ret)
		ret = stplr_iovec_import(&msg->reply, req.reply_iov,
					 req.n_reply);
	if (!ret && !oneway)
		ret = xa_alloc_cyclic(&chan->ctx->msgs, &rcvid, msg,
				      XA_LIMIT(1, INT_MAX),
				      &chan->ctx->next_rcvid,
				      GFP_KERNEL_ACCOUNT);
	if (ret < 0)
		goto out;
	msg->rcvid = rcvid;

	spin_lock(&chan->lock);
	if (chan->dead)
		ret = -ESRCH;
	else if (chan->nqueued >= READ_ONCE(stplr_max_queued))
		ret = -EAGAIN;
	else
		stplr_channel_enqueue_locked(chan, &msg->q, true);
	spin_unlock(&chan->lock);
	if (ret) {
		stplr_msg_forget(msg);
		goto out;
	}
	stplr_prio_boost_receiver(chan, msg->priority);
	/* We block right after: let the receiver take this CPU. */
	wake_up_sync(&chan->recv_wq);
	stplr_dbg(STPLR_DBG_MSG, "send: coid %u chid %u rcvid %u %llu bytes\n",
		  req.coid, chan->chid, rcvid, msg->send.len);

	ret = stplr_msg_wait(msg, expires);
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
			  req.coid, ret);
	stplr_msg_put(msg);
	return ret;
}

/*
 * Waits for a message or pulse on @chan and takes the first one (the first
 * pulse with @pulses_only).  A message is marked RECEIVED with one copier
 * (the caller) and returned with a reference; a pulse leaves the queue and
 * belongs to the caller.  Exclusive wait: one enqueue wakes one receiver.
 */
static int stplr_msg_dequeue(struct stplr_channel *chan, ktime_t *expires,
			     bool pulses_only, struct stplr_qitem **out)
{
	struct stplr_qitem *item;
	struct stplr_msg *msg;
	DEFINE_WAIT(wait);
	int ret;

	for (;;) {
		prepare_to_wait_exclusive(&chan->recv_wq, &wait,
					  TASK_INTERRUPTIBLE);
		spin_lock(&chan->lock);
		if (chan->dead) {
			ret = -ESRCH;
			break;
		}
		item = stplr_channel_first_locked(chan, pulses_only);
		if (item) {
			stplr_channel_unqueue_locked(chan, item);
			if (item->kind == STPLR_ITEM_MSG) {
				msg = container_of(item, struct stplr_msg, q);
				msg->state = STPLR_MSG_RECEIVED;
				msg->copiers++;
				if (msg->rcvid)
					list_add_tail(&msg->active,
						      &chan->active);
				kref_get(&msg->ref);
			}
			*out = item;
			ret = 0;
			break;
		}
		spin_unlock(&chan->lock);
		if (signal_pending(current)) {
			ret = -EINTR;
			goto out;
		}
		if (!expires) {
			schedule();
		} else if (!schedule_hrtimeout(expires, HRTIMER_MODE_ABS)) {
			ret = -ETIMEDOUT;
			goto out;
		}
	}
	spin_unlock(&chan->lock);
out:
	finish_wait(&chan->recv_wq, &wait);
	/* Leaving without a message must not swallow a wake-up meant for us. */
	if (ret == -EINTR || ret == -ETIMEDOUT)
		wake_up(&chan->recv_wq);
	if (ret == -EINTR && fatal_signal_pending(current) &&
	    chan->flags & STPLR_CHF_THREAD_DEATH)
		stplr_pulse_kernel(chan, STPLR_PULSE_THREADDEATH,
				   task_pid_vnr(current), chan->ctx->id);
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
	bool requeued = false, keep = false;

	spin_lock(&chan->lock);
	msg->copiers--;
	if (msg->state != STPLR_MSG_RECEIVED) {
		/* The sender left meanwhile; it may be waiting for us. */
		if (!msg->copiers)
			wake_up(&msg->wait);
	} else if (res == STPLR_COPY_OK) {
		keep = true;
		if (!msg->rcvid) {
			msg->state = STPLR_MSG_DONE;
			wake_up_sync(&msg->wait);
		}
	} else if (res == STPLR_COPY_PEER_FAULT) {
		stplr_msg_end_locked(msg, -EFAULT);
	} else if (res == STPLR_COPY_PEER_GONE) {
		stplr_msg_end_locked(msg, -ESRCH);
	} else if (chan->dead) {
		stplr_msg_end_locked(msg, -ESRCH);
	} else if (!msg->replying) {
		/* The receiver's fault: the message waits for another. */
		if (msg->rcvid)
			list_del_init(&msg->active);
		stplr_channel_enqueue_locked(chan, &msg->q, false);
		requeued = true;
	}
	spin_unlock(&chan->lock);
	if (requeued)
		wake_up(&chan->recv_wq);
	return keep;
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
 * Takes messages until one is copied into @local (returned with a
 * reference) or a pulse comes (returned in @pulse, *@msgp NULL).  A
 * message whose sender's buffers fault is failed and skipped.
 */
static int stplr_msg_take(struct stplr_channel *chan, ktime_t *expires,
			  bool pulses_only, struct stplr_local *local,
			  struct stplr_msg **msgp, struct stplr_pulse_item **pulse,
			  size_t *copied)
{
	enum stplr_copy_result res;
	struct stplr_qitem *item;
	struct stplr_msg *msg;
	int ret;

	for (;;) {
		ret = stplr_msg_dequeue(chan, expires, pulses_only, &item);
		if (ret)
			return ret;
		if (item->kind == STPLR_ITEM_PULSE) {
			*msgp = NULL;
			*pulse = container_of(item, struct stplr_pulse_item, q);
			return 0;
		}
		msg = container_of(item, struct stplr_msg, q);
		res = stplr_copy_from_peer(msg->mm, &msg->send, 0, &local->iter,
					   copied);
		if (stplr_msg_received(msg, res)) {
			*msgp = msg;
			return 0;
		}
		stplr_msg_put(msg);
		if (res == STPLR_COPY_LOCAL_FAULT)
			return -EFAULT;
		if (res == STPLR_COPY_KILLED)
			return -EINTR;
		/* The sender's fault ended its message; take the next one. */
		stplr_local_rewind(local, ITER_DEST);
	}
}

/**
 * stplr_msg_ioctl_receive() - STPLR_MSG_RECEIVE
 * @ctx: the receiver's context
 * @arg: user struct stplr_msg_receive
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_msg_ioctl_receive(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_msg_receive __user *u = arg;
	struct stplr_pulse_item *pi = NULL;
	struct stplr_msg_receive req;
	struct stplr_channel *chan;
	struct stplr_local local;
	struct stplr_msg *msg;
	ktime_t *expires, buf;
	size_t copied = 0;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~(STPLR_F_TIMEOUT | STPLR_RECEIVE_PULSE_ONLY) ||
	    req.reserved)
		return -EINVAL;
	ret = stplr_timeout_parse(req.flags, req.timeout_ns, &buf, &expires);
	if (ret)
		return ret;
	ret = stplr_local_import(&local, ITER_DEST, req.iov, req.n_iov);
	if (ret)
		return ret;
	chan = stplr_channel_lookup(ctx, req.chid);
	if (!chan) {
		ret = -ENOENT;
		goto out_local;
	}

	/* Picking up the next message ends the boost of the last one. */
	stplr_prio_restore(ctx);
	ret = stplr_msg_take(chan, expires, req.flags & STPLR_RECEIVE_PULSE_ONLY,
			     &local, &msg, &pi, &copied);
	if (ret) {
		stplr_prio_restore(ctx);
		goto out_chan;
	}

	memset(&req.info, 0, sizeof(req.info));
	memset(&req.pulse, 0, sizeof(req.pulse));
	req.rcvid = 0;
	if (pi) {
		req.info.chid = chan->chid;
		req.info.scoid = pi->p.scoid;
		req.info.priority = pi->priority;
		req.info.flags = STPLR_INFO_PULSE;
		req.pulse = pi->p;
		stplr_dbg(STPLR_DBG_MSG, "receive: chid %u pulse %d\n",
			  chan->chid, pi->p.code);
		kfree(pi);
	} else {
		req.rcvid = msg->rcvid;
		stplr_msg_info_fill(&req.info, msg, copied);
	}
	if (copy_to_user(&u->rcvid, &req.rcvid, sizeof(req.rcvid)) ||
	    copy_to_user(&u->info, &req.info, sizeof(req.info)) ||
	    copy_to_user(&u->pulse, &req.pulse, sizeof(req.pulse))) {
		ret = -EFAULT;
		if (msg) {
			/* Nobody learnt the rcvid: give the message back. */
			spin_lock(&chan->lock);
			msg->copiers++;
			spin_unlock(&chan->lock);
			stplr_msg_received(msg, STPLR_COPY_LOCAL_FAULT);
		}
	} else if (msg) {
		stplr_dbg(STPLR_DBG_MSG, "receive: chid %u rcvid %u %zu of %llu bytes\n",
			  chan->chid, msg->rcvid, copied, msg->send.len);
	}
	if (msg)
		stplr_msg_put(msg);
out_chan:
	stplr_channel_put(chan);
out_local:
	stplr_local_release(&local);
	if (ret)
		stplr_dbg(STPLR_DBG_ERR, "receive: chid %u failed: %d\n",
			  req.chid, ret);
	return ret;
}

/*
 * Finds the message @rcvid of @ctx for a copy: it must be RECEIVED, and
 * for a reply (@reply) not claimed by another reply.  Returns it with a
 * reference and one copier counted, or NULL.
 */
static struct stplr_msg *stplr_msg_claim(struct stplr_ctx *ctx, u64 rcvid,
					 bool reply)
{
	struct stplr_msg *msg;
	bool ok;

	if (!rcvid || rcvid > INT_MAX)
		return NULL;
	xa_lock(&ctx->msgs);
	msg = xa_load(&ctx->msgs, rcvid);
	if (msg)
		kref_get(&msg->ref);
	xa_unlock(&ctx->msgs);
	if (!msg)
		return NULL;

	spin_lock(&msg->chan->lock);
	ok = msg->state == STPLR_MSG_RECEIVED && !(reply && msg->replying);
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
	if (msg->state == STPLR_MSG_RECEIVED) {
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
	if (msg->state != STPLR_MSG_RECEIVED && !msg->copiers)
		wake_up(&msg->wait);
	spin_unlock(&msg->chan->lock);
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
	struct stplr_msg_reply req;
	struct stplr_msg_reply __user *u = arg;
	enum stplr_copy_result res = STPLR_COPY_OK;
	struct stplr_local local = { .len = 0 };
	struct stplr_msg *msg;
	size_t copied = 0;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.reserved0 || req.reserved1)
		return -EINVAL;
	if (error) {
		if (req.n_iov || req.iov || req.status <= 0 ||
		    req.status >= MAX_ERRNO)
			return -EINVAL;
		local.vec = local.inl;
	} else {
		ret = stplr_local_import(&local, ITER_SOURCE, req.iov,
					 req.n_iov);
		if (ret)
			return ret;
	}

	msg = stplr_msg_claim(ctx, req.rcvid, true);
	if (!msg) {
		ret = -ESRCH;
		goto out;
	}
	if (error) {
		ret = stplr_msg_finish(msg, -(int)req.status, 0, 0, 0);
		goto out_msg;
	}

	res = stplr_copy_to_peer(msg->mm, &msg->reply, 0, &local.iter,
				 &copied);
	switch (res) {
	case STPLR_COPY_OK:
		ret = stplr_msg_finish(msg, 0, req.status, copied, local.len);
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
	case STPLR_COPY_KILLED:
		stplr_msg_unclaim(msg, true);
		ret = -EINTR;
		break;
	}
	if (!ret && put_user((u64)copied, &u->len))
		ret = -EFAULT;
out_msg:
	stplr_dbg(STPLR_DBG_MSG, "%s: rcvid %llu %zu bytes: %d\n",
		  error ? "error" : "reply", req.rcvid, copied, ret);
	stplr_msg_put(msg);
	/* QNX: a server thread drops its inherited priority when it replies. */
	stplr_prio_restore(ctx);
out:
	stplr_local_release(&local);
	if (ret)
		stplr_dbg(STPLR_DBG_ERR, "reply: rcvid %llu failed: %d\n",
			  req.rcvid, ret);
	return ret;
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
					 &local.iter, &copied);
	else
		res = stplr_copy_from_peer(msg->mm, &msg->send, req.offset,
					   &local.iter, &copied);
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
