// SPDX-License-Identifier: GPL-2.0
/*
 * Events delivered by a server to a client later (QNX MsgDeliverEvent):
 * pulses queued on a channel of the client, and signals sent to the
 * client's process or one of its threads.
 */
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "common.h"
#include "connection.h"
#include "ctx.h"
#include "event.h"
#include "pulse.h"

/*
 * The channel of @client's connection @coid, with a reference, or NULL.
 * -EBADF when the client has no such connection, -ESRCH when the client
 * meanwhile left @chan altogether (it has gone).
 */
static struct stplr_channel *stplr_event_dest_get(struct stplr_channel *chan,
						  struct stplr_ctx *client,
						  u32 coid, int *err)
{
	struct stplr_channel *dest = stplr_conn_channel_get(client, coid);
	struct stplr_ctx *still;

	if (dest)
		return dest;
	*err = -EBADF;
	still = stplr_conn_client_get(chan, client->id);
	if (still)
		stplr_ctx_put(still);
	else
		*err = -ESRCH;
	return NULL;
}

/* The fields a signal request must leave zero, and its ranges. */
static int stplr_event_signal_check(const struct stplr_msg_event *req)
{
	bool thread = req->flags & STPLR_EVENT_F_THREAD;

	if (req->flags & STPLR_EVENT_F_PRIORITY || req->priority ||
	    req->value || !req->signo || !valid_signal(req->signo))
		return -EINVAL;
	if (req->code < STPLR_SIGNAL_CODE_MIN || req->code > 0 ||
	    req->code == SI_TKILL || (!req->code && req->sigval))
		return -EINVAL;
	if (thread != !!req->tid || req->tid > PID_MAX_LIMIT)
		return -EINVAL;
	return 0;
}

/*
 * The thread a process-directed signal with a value goes to: the first
 * live thread of @leader's group that does not block @sig, else the
 * oldest live one.  Kernel modules cannot queue a process-wide signal
 * with their own siginfo, so this stands in for the kernel's own choice
 * (complete_signal()).  Under rcu_read_lock().
 */
static struct task_struct *stplr_event_pick_thread(struct task_struct *leader,
						   int sig)
{
	struct task_struct *t, *live = NULL;

	for_each_thread(leader, t) {
		if (t->flags & PF_EXITING)
			continue;
		if (!sigismember(&t->blocked, sig))
			return t;
		if (!live)
			live = t;
	}
	return live;
}

/*
 * The task that receives the signal, with a reference, or NULL: the
 * thread @tid (caller's pid namespace) when it is in @owner's thread
 * group and not exiting, else @owner's leader or the thread
 * stplr_event_pick_thread() chooses.
 */
static struct task_struct *stplr_event_target_get(struct pid *owner,
						  const struct stplr_msg_event *req)
{
	struct task_struct *leader, *t = NULL;

	rcu_read_lock();
	leader = pid_task(owner, PIDTYPE_TGID);
	if (!leader)
		goto out;
	if (req->tid) {
		t = pid_task(find_vpid(req->tid), PIDTYPE_PID);
		/* An exiting thread would lose the signal: it has gone. */
		if (t && (task_tgid(t) != owner || t->flags & PF_EXITING))
			t = NULL;
	} else if (req->code) {
		t = stplr_event_pick_thread(leader, req->signo);
	} else {
		t = leader;
	}
	if (t)
		get_task_struct(t);
out:
	rcu_read_unlock();
	return t;
}

/*
 * Send @req's signal to @client's process or thread.  The permission is
 * the kernel's own for kill(2): kill_pid() with signal 0 checks it on the
 * target (uids, CAP_KILL, the LSM), then the signal is queued only if the
 * target's credentials are still the ones checked (a setuid execve() in
 * between makes it EPERM, never a signal the caller could not send).  A
 * process-directed signal without a value is kill_pid() itself.
 */
static int stplr_event_signal(struct stplr_ctx *client,
			      const struct stplr_msg_event *req)
{
	const struct cred *tcred;
	struct kernel_siginfo info;
	struct task_struct *t;
	struct pid *tpid;
	int ret;

	if (!req->code && !req->tid)
		return kill_pid(client->owner, req->signo, 0);
	t = stplr_event_target_get(client->owner, req);
	if (!t)
		return -ESRCH;
	tcred = get_task_cred(t);
	tpid = get_task_pid(t, PIDTYPE_PID);
	ret = tpid ? kill_pid(tpid, 0, 0) : -ESRCH;
	put_pid(tpid);
	if (ret)
		goto out;
	clear_siginfo(&info);
	info.si_signo = req->signo;
	info.si_code = req->code;
	info.si_uid = from_kuid_munged(current_user_ns(), current_uid());
	if (req->code)
		info.si_ptr = u64_to_user_ptr(req->sigval);
	rcu_read_lock();
	info.si_pid = task_tgid_nr_ns(current, task_active_pid_ns(t));
	if (rcu_access_pointer(t->real_cred) != tcred)
		ret = -EPERM;
	else
		ret = send_sig_info(req->signo, &info, t);
	rcu_read_unlock();
out:
	put_cred(tcred);
	put_task_struct(t);
	return ret;
}

/*
 * The client context @req names through one of the caller's channels,
 * with a reference, or NULL.  *@chan gets the channel (a reference).
 */
static struct stplr_ctx *stplr_event_client_get(struct stplr_ctx *ctx,
						const struct stplr_msg_event *req,
						struct stplr_channel **chan)
{
	*chan = stplr_channel_lookup(ctx, req->chid);
	return *chan ? stplr_conn_client_get(*chan, req->scoid) : NULL;
}

/* STPLR_EVENT_F_SIGNAL: checked, then sent to the connected client. */
static long stplr_event_deliver_signal(struct stplr_ctx *ctx,
				       const struct stplr_msg_event *req)
{
	struct stplr_channel *chan;
	struct stplr_ctx *client;
	int ret = stplr_event_signal_check(req);

	if (ret)
		return ret;
	client = stplr_event_client_get(ctx, req, &chan);
	ret = client ? stplr_event_signal(client, req) : -ESRCH;
	if (client)
		stplr_ctx_put(client);
	if (chan)
		stplr_channel_put(chan);
	stplr_dbg(STPLR_DBG_MSG, "signal %u code %d to scoid %u tid %u via channel %u: %d\n",
		  req->signo, req->code, req->scoid, req->tid, req->chid, ret);
	return ret;
}

/**
 * stplr_event_ioctl_deliver() - STPLR_MSG_DELIVER_EVENT
 * @ctx: the delivering (server) context
 * @arg: user pointer to struct stplr_msg_event
 *
 * The caller's channel, the client's context and the destination channel
 * (or the target task) are held by references for the whole call; the
 * client's connection is looked up in the client's own table, so a
 * connection it closed (or a context that went) is never used.
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_event_ioctl_deliver(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_channel *chan, *dest = NULL;
	struct stplr_ctx *client;
	struct stplr_pulse_item *pi;
	struct stplr_msg_event req;
	int ret = -ESRCH;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~(STPLR_EVENT_F_PRIORITY | STPLR_EVENT_F_SIGNAL |
			  STPLR_EVENT_F_THREAD) || req.reserved)
		return -EINVAL;
	if (req.flags & STPLR_EVENT_F_SIGNAL)
		return stplr_event_deliver_signal(ctx, &req);
	if (req.flags & STPLR_EVENT_F_THREAD || req.sigval || req.tid)
		return -EINVAL;
	pi = stplr_pulse_user_new(req.code, req.value, req.scoid,
				  req.flags & STPLR_EVENT_F_PRIORITY,
				  req.priority);
	if (IS_ERR(pi))
		return PTR_ERR(pi);
	client = stplr_event_client_get(ctx, &req, &chan);
	if (client)
		dest = stplr_event_dest_get(chan, client, req.coid, &ret);
	if (dest) {
		ret = stplr_pulse_send(dest, pi);
		stplr_channel_put(dest);
	}
	if (ret)
		stplr_pulse_free(pi);
	if (client)
		stplr_ctx_put(client);
	if (chan)
		stplr_channel_put(chan);
	stplr_dbg(STPLR_DBG_MSG, "event %d to scoid %u coid %u via channel %u: %d\n",
		  req.code, req.scoid, req.coid, req.chid, ret);
	return ret;
}
