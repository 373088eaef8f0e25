// SPDX-License-Identifier: GPL-2.0
/*
 * Priority inheritance from senders to the receiving thread.
 */
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/rt.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <uapi/linux/sched/types.h>
#include "common.h"
#include "prio.h"

/**
 * struct stplr_boost - a boosted thread's own scheduling attributes
 * @hnode:       in stplr_boosts
 * @owner_node:  in the owner's list
 * @task:        the thread (a reference)
 * @policy:      its own policy
 * @rt_priority: its own real-time priority
 * @nice:        its own nice value
 * @reset_on_fork: its own SCHED_RESET_ON_FORK
 */
struct stplr_boost {
	struct hlist_node hnode;
	struct list_head owner_node;
	struct task_struct *task;
	unsigned int policy;
	unsigned int rt_priority;
	int nice;
	bool reset_on_fork;
};

static DEFINE_MUTEX(stplr_prio_lock);
static DEFINE_HASHTABLE(stplr_boosts, 6);
/*
 * Records in stplr_boosts, changed under stplr_prio_lock.  Every receive
 * and reply reads it without the lock, where hash_empty() would walk all
 * 64 buckets each time.  A thread's own boost is counted before that
 * thread is woken to return from its receive (stplr_channel_handoff()),
 * and the wake-up orders the two, so the thread never reads a zero that
 * hides its own boost.
 */
static unsigned int stplr_nboosts;

/**
 * stplr_prio_of() - a thread's priority on the UAPI scale
 * @p: the thread
 *
 * Return: 19 - nice for SCHED_OTHER and SCHED_BATCH, 40 + rt_priority for
 * real-time threads (SCHED_DEADLINE ranks highest).
 */
unsigned int stplr_prio_of(const struct task_struct *p)
{
	int prio = max(READ_ONCE(p->prio), 0);

	return STPLR_PRIO_TOP - min(prio, STPLR_PRIO_TOP);
}

static struct stplr_boost *stplr_prio_find(struct task_struct *p)
{
	struct stplr_boost *rec;

	lockdep_assert_held(&stplr_prio_lock);
	hash_for_each_possible(stplr_boosts, rec, hnode, (unsigned long)p)
		if (rec->task == p)
			return rec;
	return NULL;
}

static void stplr_prio_set(struct task_struct *p, unsigned int policy,
			   unsigned int rt_priority, int nice, bool reset)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = policy,
		.sched_priority = rt_priority,
		.sched_nice = nice,
		.sched_flags = reset ? SCHED_FLAG_RESET_ON_FORK : 0,
	};
	int ret;

	if (p->flags & PF_EXITING)
		return;
	ret = sched_setattr_nocheck(p, &attr);
	if (ret)
		stplr_dbg(STPLR_DBG_ERR, "priority of tid %d not set: %d\n",
			  task_pid_nr(p), ret);
}

/* Gives @rec's thread its own attributes back and frees @rec. */
static void stplr_prio_drop(struct stplr_boost *rec)
{
	lockdep_assert_held(&stplr_prio_lock);
	hash_del(&rec->hnode);
	WRITE_ONCE(stplr_nboosts, stplr_nboosts - 1);
	list_del(&rec->owner_node);
	stplr_prio_set(rec->task, rec->policy, rec->rt_priority, rec->nice,
		       rec->reset_on_fork);
	put_task_struct(rec->task);
	kfree(rec);
}

/**
 * stplr_prio_boost() - raise a thread that was handed an item
 * @p:        the thread, which cannot return from its receive meanwhile
 * @priority: the sender's priority (UAPI scale)
 * @owner:    the list of the context whose channel it receives on
 *
 * Does nothing when @p already runs at @priority or above.  A thread is
 * raised further but never lowered by a second boost before its restore.
 */
void stplr_prio_boost(struct task_struct *p, u32 priority,
		      struct list_head *owner)
{
	struct stplr_boost *rec;

	if (stplr_prio_of(p) >= priority)
		return;
	mutex_lock(&stplr_prio_lock);
	rec = stplr_prio_find(p);
	if (!rec) {
		/* One per thread; charged to the sender that caused it. */
		rec = kzalloc(sizeof(*rec), GFP_KERNEL_ACCOUNT);
		if (!rec)
			goto out;
		get_task_struct(p);
		rec->task = p;
		rec->policy = p->policy;
		rec->rt_priority = p->rt_priority;
		rec->nice = task_nice(p);
		rec->reset_on_fork = p->sched_reset_on_fork;
		hash_add(stplr_boosts, &rec->hnode, (unsigned long)p);
		WRITE_ONCE(stplr_nboosts, stplr_nboosts + 1);
		INIT_LIST_HEAD(&rec->owner_node);
	}
	list_move_tail(&rec->owner_node, owner);
	if (priority > STPLR_PRIO_RT_BASE)
		stplr_prio_set(p, SCHED_FIFO, priority - STPLR_PRIO_RT_BASE, 0,
			       true);
	else
		stplr_prio_set(p, SCHED_NORMAL, 0,
			       max(MAX_NICE - (int)priority, MIN_NICE), true);
	stplr_dbg(STPLR_DBG_MSG, "tid %d boosted to priority %u\n",
		  task_pid_nr(p), priority);
out:
	mutex_unlock(&stplr_prio_lock);
}

/**
 * stplr_prio_restore() - end the calling thread's boost, if any
 */
void stplr_prio_restore(void)
{
	struct stplr_boost *rec;

	if (!READ_ONCE(stplr_nboosts))
		return;
	mutex_lock(&stplr_prio_lock);
	rec = stplr_prio_find(current);
	if (rec)
		stplr_prio_drop(rec);
	mutex_unlock(&stplr_prio_lock);
}

/**
 * stplr_prio_restore_owner() - end every boost a closing context caused
 * @owner: the context's list
 */
void stplr_prio_restore_owner(struct list_head *owner)
{
	struct stplr_boost *rec, *tmp;

	mutex_lock(&stplr_prio_lock);
	list_for_each_entry_safe(rec, tmp, owner, owner_node)
		stplr_prio_drop(rec);
	mutex_unlock(&stplr_prio_lock);
}
