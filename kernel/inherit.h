/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: priority inheritance
 *
 * When a message or pulse is queued on a channel without
 * STPLR_CHF_FIXED_PRIORITY, the receiver thread that the wake-up will go to
 * (the first exclusive waiter on the channel) is raised to the sender's
 * priority at once, before it runs, so that a thread of middle priority
 * cannot hold up the server on the sender's behalf.  The boost never goes
 * above the sender's own priority.  The thread's own scheduling attributes
 * are saved in its context's boost table (keyed by tid, guarded by the
 * context's boost_lock mutex) and restored when that thread replies,
 * errors, or enters or leaves a receive without a message.  Records of
 * threads that died are dropped with the context.
 */
#ifndef _STPLR_INHERIT_H
#define _STPLR_INHERIT_H

#include <linux/sched/prio.h>
#include <linux/types.h>

/* Highest value of stplr_msg_info.priority. */
#define STPLR_PRIO_TOP (MAX_PRIO - 1)
/* Real-time threads have priority STPLR_PRIO_RT_BASE + rt_priority. */
#define STPLR_PRIO_RT_BASE 40

struct stplr_channel;
struct stplr_ctx;
struct task_struct;

unsigned int stplr_task_priority(const struct task_struct *p);
void stplr_prio_boost_receiver(struct stplr_channel *chan, u32 priority);
void stplr_prio_restore(struct stplr_ctx *ctx);
void stplr_prio_free_all(struct stplr_ctx *ctx);

#endif /* _STPLR_INHERIT_H */
