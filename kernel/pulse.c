// SPDX-License-Identifier: GPL-2.0
/*
 * Pulses: QNX MsgSendPulse and the module's own notifications.
 */
#include <linux/capability.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "common.h"
#include "connection.h"
#include "ctx.h"
#include "inherit.h"
#include "pulse.h"

static struct stplr_pulse_item *stplr_pulse_new(s32 code, u32 value,
						u32 scoid, u32 priority,
						gfp_t gfp)
{
	struct stplr_pulse_item *pi = kzalloc(sizeof(*pi), gfp);

	if (!pi)
		return NULL;
	pi->q.kind = STPLR_ITEM_PULSE;
	pi->q.prio = STPLR_PRIO_TOP - priority;
	pi->p.code = code;
	pi->p.value = value;
	pi->p.scoid = scoid;
	pi->priority = priority;
	return pi;
}

/*
 * Queues @pi on @chan and wakes a receiver, boosting it to the pulse's
 * priority.  Returns 0, -ESRCH (channel destroyed) or -EAGAIN (user pulse
 * pool full); on failure the caller still owns @pi.
 */
static int stplr_pulse_queue(struct stplr_channel *chan,
			     struct stplr_pulse_item *pi)
{
	int ret = 0;

	spin_lock(&chan->lock);
	if (chan->dead)
		ret = -ESRCH;
	else if (pi->user && chan->npulses >= READ_ONCE(stplr_max_pulses))
		ret = -EAGAIN;
	if (!ret)
		stplr_channel_enqueue_locked(chan, &pi->q, true);
	spin_unlock(&chan->lock);
	if (ret)
		return ret;
	stplr_prio_boost_receiver(chan, pi->priority);
	wake_up(&chan->recv_wq);
	return 0;
}

/**
 * stplr_pulse_kernel() - queue one of the module's own pulses
 * @chan:  the channel
 * @code:  a negative STPLR_PULSE_* code
 * @value: its value
 * @scoid: the context it concerns
 *
 * Queued at the calling thread's priority.  Nothing happens when the
 * channel is destroyed meanwhile.
 */
void stplr_pulse_kernel(struct stplr_channel *chan, s32 code, u32 value,
			u32 scoid)
{
	struct stplr_pulse_item *pi;

	/* Tiny and rare: the notification must not get lost. */
	pi = stplr_pulse_new(code, value, scoid, stplr_task_priority(current),
			     GFP_KERNEL | __GFP_NOFAIL);
	stplr_dbg(STPLR_DBG_MSG, "pulse %d value %u to channel %u\n", code,
		  value, chan->chid);
	if (stplr_pulse_queue(chan, pi))
		kfree(pi);
}

/**
 * stplr_pulse_ioctl_send() - STPLR_MSG_PULSE
 * @ctx: the sending context
 * @arg: user struct stplr_msg_pulse
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_pulse_ioctl_send(struct stplr_ctx *ctx, void __user *arg)
{
	u32 own = stplr_task_priority(current);
	struct stplr_msg_pulse req;
	struct stplr_pulse_item *pi;
	struct stplr_channel *chan;
	u32 priority = own;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~STPLR_PULSE_F_PRIORITY || req.reserved)
		return -EINVAL;
	if (req.code < STPLR_PULSE_CODE_MIN || req.code > STPLR_PULSE_CODE_MAX)
		return -EINVAL;
	if (req.flags & STPLR_PULSE_F_PRIORITY) {
		if (req.priority > STPLR_PRIO_TOP)
			return -EINVAL;
		if (req.priority > own && !capable(CAP_SYS_NICE))
			return -EPERM;
		priority = req.priority;
	} else if (req.priority) {
		return -EINVAL;
	}

	chan = stplr_conn_channel_get(ctx, req.coid);
	if (!chan)
		return -ENOENT;
	ret = -ENOMEM;
	pi = stplr_pulse_new(req.code, req.value, ctx->id, priority,
			     GFP_KERNEL_ACCOUNT);
	if (pi) {
		pi->user = true;
		ret = stplr_pulse_queue(chan, pi);
		if (ret)
			kfree(pi);
	}
	stplr_dbg(STPLR_DBG_MSG, "pulse %d value %u on coid %u: %d\n",
		  req.code, req.value, req.coid, ret);
	stplr_channel_put(chan);
	return ret;
}
