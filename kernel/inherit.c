// SPDX-License-Identifier: GPL-2.0
/*
 * Priority inheritance from senders to receiving threads.
 */
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/rt.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <uapi/linux/sched/types.h>
#include "channel.h"
#include "common.h"
#include "ctx.h"
#include "inherit.h"

/**
 * struct stplr_boost - a boosted thread's own scheduling attributes
 * @task:        the thread (a reference)
 * @policy:      its policy
 * @rt_priority: its real-time priority
 * @nice:        its nice value
 */
struct stplr_boost {
	struct task_struct *task;
	unsigned int policy;
	unsigned int rt_priority;
	int nice;
};

/**
 * stplr_task_priority() - a thread's priority on the UAPI scale
 * @p: the thread
 *
 * Return: 19 - nice for SCHED_OTHER and SCHED_BATCH, 40 + rt_priority for
 * real-time threads (SCHED_DEADLINE ranks highest).
 */
unsigned int stplr_task_priority(const struct task_struct *p)
{
	int prio = max(READ_ONCE(p->prio), 0);

	return STPLR_PRIO_TOP - min(prio, STPLR_PRIO_TOP);
}

/* The task the next wake-up of the channel's receivers goes to. */
static struct task_struct *stplr_prio_next_receiver(struct stplr_channel *chan)
{
	struct task_struct *p = NULL;
	struct wait_queue_entry *w;
	unsigned long irqflags;

	spin_lock_irqsave(&chan->recv_wq.lock, irqflags);
	list_for_each_entry(w, &chan->recv_wq.head, entry) {
		/* Receivers wait exclusively; pollers do not. */
		if (w->flags & WQ_FLAG_EXCLUSIVE) {
			p = w->private;
			get_task_struct(p);
			break;
		}
	}
	spin_unlock_irqrestore(&chan->recv_wq.lock, irqflags);
	return p;
}

static void stplr_prio_set(struct task_struct *p, unsigned int policy,
			   unsigned int rt_priority, int nice)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = policy,
		.sched_priority = rt_priority,
		.sched_nice = nice,
	};
	int ret = sched_setattr_nocheck(p, &attr);

	if (ret)
		stplr_dbg(STPLR_DBG_ERR, "priority of tid %d not set: %d\n",
			  task_pid_nr(p), ret);
}

/**
 * stplr_prio_boost_receiver() - raise the next receiver of a channel
 * @chan:     the channel a message or pulse was just queued on
 * @priority: the sender's priority (UAPI scale)
 *
 * Does nothing for FIXED_PRIORITY channels, when no thread waits, or when
 * the waiting thread already runs at @priority or above.
 */
void stplr_prio_boost_receiver(struct stplr_channel *chan, u32 priority)
{
	struct stplr_ctx *ctx = chan->ctx;
	struct stplr_boost *rec;
	struct task_struct *p;

	if (chan->flags & STPLR_CHF_FIXED_PRIORITY)
		return;
	p = stplr_prio_next_receiver(chan);
	if (!p)
		return;
	if (stplr_task_priority(p) >= priority)
		goto out;

	mutex_lock(&ctx->boost_lock);
	rec = xa_load(&ctx->boosts, task_pid_nr(p));
	if (rec && rec->task != p) {
		/* A record of a dead thread whose tid was reused. */
		xa_erase(&ctx->boosts, task_pid_nr(p));
		put_task_struct(rec->task);
		kfree(rec);
		rec = NULL;
	}
	if (!rec) {
		rec = kzalloc(sizeof(*rec), GFP_KERNEL);
		if (!rec || xa_err(xa_store(&ctx->boosts, task_pid_nr(p), rec,
					    GFP_KERNEL))) {
			kfree(rec);
			goto unlock;
		}
		get_task_struct(p);
		rec->task = p;
		rec->policy = p->policy;
		rec->rt_priority = p->rt_priority;
		rec->nice = task_nice(p);
	}
	if (priority > STPLR_PRIO_RT_BASE)
		stplr_prio_set(p, SCHED_FIFO, priority - STPLR_PRIO_RT_BASE, 0);
	else
		stplr_prio_set(p, SCHED_NORMAL, 0,
			       max(MAX_NICE - (int)priority, MIN_NICE));
	stplr_dbg(STPLR_DBG_MSG, "tid %d boosted to priority %u\n",
		  task_pid_nr(p), priority);
unlock:
	mutex_unlock(&ctx->boost_lock);
out:
	put_task_struct(p);
}

/**
 * stplr_prio_restore() - give the calling thread its own priority back
 * @ctx: the context it was boosted in
 */
void stplr_prio_restore(struct stplr_ctx *ctx)
{
	struct stplr_boost *rec;

	if (xa_empty(&ctx->boosts))
		return;
	mutex_lock(&ctx->boost_lock);
	rec = xa_load(&ctx->boosts, task_pid_nr(current));
	if (rec && rec->task == current)
		xa_erase(&ctx->boosts, task_pid_nr(current));
	else
		rec = NULL;
	mutex_unlock(&ctx->boost_lock);
	if (!rec)
		return;
	stplr_prio_set(current, rec->policy, rec->rt_priority, rec->nice);
	put_task_struct(rec->task);
	kfree(rec);
}

/**
 * stplr_prio_free_all() - drop every boost record of a closing context
 * @ctx: the context
 */
void stplr_prio_free_all(struct stplr_ctx *ctx)
{
	struct stplr_boost *rec;
	unsigned long tid;

	xa_for_each(&ctx->boosts, tid, rec) {
		xa_erase(&ctx->boosts, tid);
		put_task_struct(rec->task);
		kfree(rec);
	}
}
