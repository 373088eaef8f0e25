/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: observability
 *
 * Per device, under /sys/kernel/debug/stplr/stplr-N/:
 *   state       every context, its channels with their SEND-blocked,
 *               REPLY-blocked and RECEIVE-blocked threads and queued pulses,
 *               and its connections (format in docs/debugfs.md);
 *   stats       counters as "key value" lines;
 *   failed_log  the last STPLR_FAILED_LOG failed operations, oldest first.
 * Pids are in the initial pid namespace; no addresses are shown.
 *
 * Counters are atomics.  The failure log is a ring guarded by its own
 * spinlock, taken alone.  The files read the device under its lock, so
 * they never slow the message path.  The module works without debugfs.
 */
#ifndef _STPLR_DEBUGFS_H
#define _STPLR_DEBUGFS_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct stplr_device;

enum {
	STPLR_STAT_SENDS,
	STPLR_STAT_RECEIVES,
	STPLR_STAT_REPLIES,
	STPLR_STAT_ERRORS,
	STPLR_STAT_PULSES,
	STPLR_STAT_READS,
	STPLR_STAT_WRITES,
	STPLR_STAT_NR,
};

/**
 * struct stplr_stats - a device's counters
 * @contexts: open contexts
 * @failed:   failed operations
 * @ops:      operations, by STPLR_STAT_*
 */
struct stplr_stats {
	atomic64_t contexts;
	atomic64_t failed;
	atomic64_t ops[STPLR_STAT_NR];
};

#define STPLR_FAILED_LOG 32

/**
 * struct stplr_failed_entry - one failed operation
 * @ts:  CLOCK_MONOTONIC nanoseconds
 * @op:  operation name
 * @err: negative errno
 * @pid: caller's process
 * @tid: caller's thread
 * @id:  chid, coid or rcvid the operation named
 */
struct stplr_failed_entry {
	u64 ts;
	const char *op;
	int err;
	pid_t pid;
	pid_t tid;
	u32 id;
};

/**
 * struct stplr_failed_log - ring of recent failures
 * @lock:  guards the rest
 * @next:  slot the next entry goes to
 * @count: entries in use
 * @e:     the ring
 */
struct stplr_failed_log {
	spinlock_t lock; /* see @lock */
	unsigned int next;
	unsigned int count;
	struct stplr_failed_entry e[STPLR_FAILED_LOG];
};

static inline void stplr_stats_count(struct stplr_stats *s, int stat)
{
	atomic64_inc(&s->ops[stat]);
}

void stplr_failed_log_add(struct stplr_failed_log *log, const char *op,
			  int err, u32 id);
void stplr_debugfs_init(void);
void stplr_debugfs_exit(void);
void stplr_debugfs_device_add(struct stplr_device *dev);

#endif /* _STPLR_DEBUGFS_H */
