// SPDX-License-Identifier: GPL-2.0
/*
 * Pulses: QNX MsgSendPulse and the module's own notifications.
 */
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "common.h"
#include "ctx.h"
#include "prio.h"
#include "pulse.h"

/**
 * stplr_pulse_init() - fill a pulse
 * @pi:       the pulse, zeroed
 * @code:     its code
 * @value:    its value
 * @scoid:    the context it concerns
 * @priority: queue priority (UAPI scale)
 */
void stplr_pulse_init(struct stplr_pulse_item *pi, s32 code, u32 value,
		      u32 scoid, u32 priority)
{
	pi->q.kind = STPLR_QKIND_PULSE;
	pi->q.prio = STPLR_PRIO_TOP - priority;
	pi->q.seq = 0;
	pi->p.code = code;
	pi->p.value = value;
	pi->p.scoid = scoid;
	pi->priority = priority;
	INIT_LIST_HEAD(&pi->batch);
}

/**
 * stplr_pulse_alloc() - a heap pulse, freed on delivery
 *
 * Return: a zeroed pulse charged to the caller, or NULL.
 */
struct stplr_pulse_item *stplr_pulse_alloc(void)
{
	struct stplr_pulse_item *pi = kzalloc(sizeof(*pi), GFP_KERNEL_ACCOUNT);

	if (pi)
		pi->release = stplr_pulse_free;
	return pi;
}

/**
 * stplr_pulse_free() - free a heap pulse that is on no queue
 * @pi: the pulse, or NULL
 */
void stplr_pulse_free(struct stplr_pulse_item *pi)
{
	kfree(pi);
}

/**
 * stplr_pulse_queue_locked() - offer a pulse to the channel
 * @chan: the live channel, whose lock is held
 * @pi:   the pulse, counted already when it counts
 *
 * Return: the waiting receiver it was assigned to (the caller hands it off
 * with stplr_channel_handoff() once the lock is dropped), or NULL when it
 * was queued.
 */
struct stplr_receiver *stplr_pulse_queue_locked(struct stplr_channel *chan,
						struct stplr_pulse_item *pi)
{
	struct stplr_receiver *r;

	r = stplr_channel_pick_locked(chan, STPLR_QKIND_PULSE);
	if (r) {
		r->item = &pi->q;
		pi->rcv = r;
		return r;
	}
	stplr_queue_add(&chan->queue, &pi->q);
	stplr_channel_queued_locked(chan);
	return NULL;
}

/**
 * stplr_pulse_send() - queue a pulse, or hand it to a waiting receiver
 * @chan: the channel
 * @pi:   the pulse; with @pi->counted it counts against max_pulses
 *
 * Return: 0; -ESRCH when the channel is destroyed, -EAGAIN when the pool
 * of counted pulses is full.  On failure the caller still owns @pi.
 */
int stplr_pulse_send(struct stplr_channel *chan, struct stplr_pulse_item *pi)
{
	struct stplr_receiver *r = NULL;
	int ret = 0;

	spin_lock(&chan->lock);
	if (chan->dead)
		ret = -ESRCH;
	else if (pi->counted && chan->npulses >= READ_ONCE(stplr_max_pulses))
		ret = -EAGAIN;
	if (!ret) {
		if (pi->counted)
			chan->npulses++;
		r = stplr_pulse_queue_locked(chan, pi);
	}
	spin_unlock(&chan->lock);
	if (r)
		stplr_channel_handoff(chan, r, pi->priority);
	stplr_dbg(STPLR_DBG_MSG, "pulse %d value %u to channel %u: %d\n",
		  pi->p.code, pi->p.value, chan->chid, ret);
	return ret;
}

/**
 * stplr_pulse_cancel_locked() - withdraw an embedded pulse
 * @chan: its channel, whose lock is held
 * @pi:   the pulse, queued, taken or idle
 *
 * A receiver that took it and has not delivered it yet finds it gone.
 */
void stplr_pulse_cancel_locked(struct stplr_channel *chan,
			       struct stplr_pulse_item *pi)
{
	lockdep_assert_held(&chan->lock);
	stplr_queue_remove(&chan->queue, &pi->q);
	if (pi->rcv) {
		pi->rcv->item = NULL;
		pi->rcv = NULL;
	}
}

/**
 * stplr_pulse_drop_locked() - a queued pulse goes without being received
 * @chan: its channel, whose lock is held (being destroyed)
 * @pi:   the pulse
 */
void stplr_pulse_drop_locked(struct stplr_channel *chan,
			     struct stplr_pulse_item *pi)
{
	lockdep_assert_held(&chan->lock);
	stplr_queue_remove(&chan->queue, &pi->q);
	if (pi->counted)
		chan->npulses--;
	if (pi->release)
		pi->release(pi);
}

/**
 * stplr_pulse_take_locked() - a receiver takes a queued pulse
 * @chan: its channel, whose lock is held
 * @pi:   the pulse
 * @r:    the receiver's record
 */
void stplr_pulse_take_locked(struct stplr_channel *chan,
			     struct stplr_pulse_item *pi,
			     struct stplr_receiver *r)
{
	lockdep_assert_held(&chan->lock);
	stplr_queue_remove(&chan->queue, &pi->q);
	r->item = &pi->q;
	pi->rcv = r;
}

/**
 * stplr_pulse_read_locked() - what a receiver's pulse says
 * @r:        the receiver, holding a pulse
 * @p:        out, the pulse
 * @priority: out, its priority
 */
void stplr_pulse_read_locked(struct stplr_receiver *r, struct stplr_pulse *p,
			     u32 *priority)
{
	struct stplr_pulse_item *pi = stplr_pulse_of(r->item);

	*p = pi->p;
	*priority = pi->priority;
}

/**
 * stplr_pulse_done_locked() - a receiver is done with its pulse
 * @chan:      the channel, whose lock is held
 * @r:         the receiver; its pulse may have been cancelled meanwhile
 * @delivered: the caller learnt it; else it goes back to its place
 * @priority:  out, the pulse's priority when it was handed to another
 *
 * Return: a receiver the pulse was handed to instead (the caller calls
 * stplr_channel_handoff() after dropping the lock), or NULL.
 */
struct stplr_receiver *stplr_pulse_done_locked(struct stplr_channel *chan,
					       struct stplr_receiver *r,
					       bool delivered, u32 *priority)
{
	struct stplr_pulse_item *pi;

	lockdep_assert_held(&chan->lock);
	if (!r->item)
		return NULL;
	pi = stplr_pulse_of(r->item);
	r->item = NULL;
	pi->rcv = NULL;
	if (!delivered && !chan->dead) {
		*priority = pi->priority;
		return stplr_pulse_queue_locked(chan, pi);
	}
	if (pi->counted)
		chan->npulses--;
	if (pi->release)
		pi->release(pi);
	return NULL;
}

/**
 * stplr_pulse_thread_death() - THREADDEATH for the calling thread
 * @chan: a THREAD_DEATH channel the thread was receiving on when a fatal
 *        signal came
 *
 * The value is the thread's id in the channel owner's pid namespace.  The
 * pulse counts against max_pulses and is lost when the pool is full.
 */
void stplr_pulse_thread_death(struct stplr_channel *chan)
{
	struct stplr_pulse_item *pi = stplr_pulse_alloc();

	if (!pi)
		return;
	stplr_pulse_init(pi, STPLR_PULSE_THREADDEATH,
			 task_pid_nr_ns(current, ns_of_pid(chan->owner)),
			 chan->ctx->id, stplr_prio_of(current));
	pi->counted = true;
	if (stplr_pulse_send(chan, pi))
		stplr_pulse_free(pi);
}

/**
 * stplr_pulse_user_new() - a user pulse, checked and allocated
 * @code:     STPLR_PULSE_CODE_MIN..STPLR_PULSE_CODE_MAX
 * @value:    its value
 * @scoid:    the context it comes from
 * @explicit: @priority was given; otherwise it must be 0
 * @priority: queue priority, at most the caller's without CAP_SYS_NICE
 *
 * Return: a pulse that counts against max_pulses, charged to the caller,
 * or ERR_PTR(-EINVAL), ERR_PTR(-EPERM) or ERR_PTR(-ENOMEM).
 */
struct stplr_pulse_item *stplr_pulse_user_new(s32 code, u32 value, u32 scoid,
					      bool explicit, u32 priority)
{
	u32 own = stplr_prio_of(current);
	struct stplr_pulse_item *pi;

	if (code < STPLR_PULSE_CODE_MIN || code > STPLR_PULSE_CODE_MAX)
		return ERR_PTR(-EINVAL);
	if (!explicit && priority)
		return ERR_PTR(-EINVAL);
	if (!explicit)
		priority = own;
	if (priority > STPLR_PRIO_TOP)
		return ERR_PTR(-EINVAL);
	if (priority > own && !capable(CAP_SYS_NICE))
		return ERR_PTR(-EPERM);
	pi = stplr_pulse_alloc();
	if (!pi)
		return ERR_PTR(-ENOMEM);
	stplr_pulse_init(pi, code, value, scoid, priority);
	pi->counted = true;
	return pi;
}

/**
 * stplr_pulse_ioctl_send() - STPLR_MSG_PULSE
 * @ctx:  the sending context
 * @chan: the channel its connection points to
 * @req:  the validated request
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_pulse_ioctl_send(struct stplr_ctx *ctx,
			    struct stplr_channel *chan,
			    const struct stplr_msg_pulse *req)
{
	struct stplr_pulse_item *pi;
	int ret;

	if (req->flags & ~STPLR_PULSE_F_PRIORITY || req->reserved)
		return -EINVAL;
	pi = stplr_pulse_user_new(req->code, req->value, ctx->id,
				  req->flags & STPLR_PULSE_F_PRIORITY,
				  req->priority);
	if (IS_ERR(pi))
		return PTR_ERR(pi);
	ret = stplr_pulse_send(chan, pi);
	if (ret)
		stplr_pulse_free(pi);
	return ret;
}
