/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: counters and the failure log
 *
 * Each device counts its operations (atomics, no lock) and keeps a ring of
 * its last STPLR_FAILED_LOG failed operations, guarded by the ring's own
 * spinlock, taken alone.  debugfs.c renders both; nothing here knows about
 * debugfs.
 */
#ifndef _STPLR_STATS_H
#define _STPLR_STATS_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>

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
 * struct stplr_stats - a device's counters and failure log
 * @contexts: open contexts
 * @failed:   failed operations
 * @ops:      operations, by STPLR_STAT_*
 * @lock:     guards @next, @count and @e
 * @next:     slot the next entry goes to
 * @count:    entries in use
 * @e:        the ring
 */
struct stplr_stats {
	atomic64_t contexts;
	atomic64_t failed;
	atomic64_t ops[STPLR_STAT_NR];
	spinlock_t lock; /* see @lock */
	unsigned int next;
	unsigned int count;
	struct stplr_failed_entry e[STPLR_FAILED_LOG];
};

void stplr_stats_init(struct stplr_stats *s);
void stplr_stats_count(struct stplr_stats *s, int stat);
void stplr_stats_failed(struct stplr_stats *s, const char *op, int err,
			u32 id);
unsigned int stplr_stats_failed_read(struct stplr_stats *s,
				     struct stplr_failed_entry *e);

#endif /* _STPLR_STATS_H */
