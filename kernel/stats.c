// SPDX-License-Identifier: GPL-2.0
/*
 * Counters and the failure log of a device.
 */
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include "stats.h"

/**
 * stplr_stats_init() - zeroed counters, empty log
 * @s: the counters
 */
void stplr_stats_init(struct stplr_stats *s)
{
	memset(s, 0, sizeof(*s));
	spin_lock_init(&s->lock);
}

/**
 * stplr_stats_count() - count one operation
 * @s:    the counters
 * @stat: STPLR_STAT_*
 */
void stplr_stats_count(struct stplr_stats *s, int stat)
{
	atomic64_inc(&s->ops[stat]);
}

/**
 * stplr_stats_failed() - record a failed operation of the calling thread
 * @s:   the device's counters
 * @op:  operation name (static string)
 * @err: negative errno
 * @id:  the id the operation named
 */
void stplr_stats_failed(struct stplr_stats *s, const char *op, int err,
			u32 id)
{
	struct stplr_failed_entry *e;

	atomic64_inc(&s->failed);
	spin_lock(&s->lock);
	e = &s->e[s->next];
	e->ts = ktime_get_ns();
	e->op = op;
	e->err = err;
	e->pid = task_tgid_nr(current);
	e->tid = task_pid_nr(current);
	e->id = id;
	s->next = (s->next + 1) % STPLR_FAILED_LOG;
	if (s->count < STPLR_FAILED_LOG)
		s->count++;
	spin_unlock(&s->lock);
}

/**
 * stplr_stats_failed_read() - copy the log, oldest first
 * @s: the counters
 * @e: room for STPLR_FAILED_LOG entries
 *
 * Return: the number of entries copied.
 */
unsigned int stplr_stats_failed_read(struct stplr_stats *s,
				     struct stplr_failed_entry *e)
{
	unsigned int i, n, first;

	spin_lock(&s->lock);
	n = s->count;
	first = (s->next + STPLR_FAILED_LOG - n) % STPLR_FAILED_LOG;
	for (i = 0; i < n; i++)
		e[i] = s->e[(first + i) % STPLR_FAILED_LOG];
	spin_unlock(&s->lock);
	return n;
}
