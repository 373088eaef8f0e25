/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: priority inheritance
 *
 * A boost is temporary scheduling state of the one thread that a message
 * or pulse was handed to (see channel.h): the sender raises that thread to
 * its own priority before the thread runs, never above it, so that a thread
 * of middle priority cannot hold the server up on the sender's behalf.
 *
 * Records: one struct stplr_boost per boosted thread, in one table for the
 * whole module (a thread serving two contexts has one record, holding its
 * real own attributes), guarded by the stplr_prio_lock mutex, taken alone.
 * A record holds a task reference and sits on its owner's list (the
 * context whose channel boosted the thread).
 *
 * A boost ends, and the thread gets its own attributes back, when the
 * thread replies or errors, starts another receive or leaves one without
 * an item, or when the owning context closes (restored by whichever task
 * runs the release).  Boosts set SCHED_FLAG_RESET_ON_FORK, so a child
 * forked while boosted starts at SCHED_NORMAL, nice 0 at most.
 */
#ifndef _STPLR_PRIO_H
#define _STPLR_PRIO_H

#include <linux/list.h>
#include <linux/sched/prio.h>
#include <linux/types.h>

/* Highest value of stplr_msg_info.priority. */
#define STPLR_PRIO_TOP (MAX_PRIO - 1)
/* Real-time threads have priority STPLR_PRIO_RT_BASE + rt_priority. */
#define STPLR_PRIO_RT_BASE 40

struct task_struct;

unsigned int stplr_prio_of(const struct task_struct *p);
void stplr_prio_boost(struct task_struct *p, u32 priority,
		      struct list_head *owner);
void stplr_prio_restore(void);
void stplr_prio_restore_owner(struct list_head *owner);

#endif /* _STPLR_PRIO_H */
