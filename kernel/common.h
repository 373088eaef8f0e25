/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: stapler internals shared by every file
 *
 * Files, from the top down; each calls only files below it:
 *   main.c        module init, exit and parameters
 *   dev.c         the misc devices, open, release, ioctl entry
 *   ioctl.c       dispatch table, query, lookups, destruction order
 *   debugfs.c     renders state and counters (reads everything below)
 *   event.c       MsgDeliverEvent: a pulse on a client's connection
 *   msg.c         send, receive, reply, error, read, write
 *   connection.c  connect, disconnect, name_open, DISCONNECT, COIDDEATH
 *   name.c        names
 *   pulse.c       pulses
 *   channel.c     channel object, publication, permission, receivers, poll
 *   queue.c       ordered queue of tagged nodes
 *   ctx.c         device and context objects and their tables
 *   prio.c, copy.c, iov.c, stats.c   boosts, the copy, gather lists,
 *                 counters and the failure log
 *
 * Object graph (arrows are counted references):
 *
 *   struct file --> stplr_ctx <-- stplr_channel <-- stplr_conn (other ctx)
 *                                      ^   ^
 *                    stplr_msg --------+   +------- name, poll fd
 *
 * Lifetime rule, for every object: an id is reserved, copied to user space
 * and only then published, or the caller keeps its own reference until its
 * last use; liveness is checked under the lock that unpublishes; a failed
 * publication is undone only by its owner.
 *
 * Locks, outermost first; held together only as listed:
 *   - stplr_device.lock (mutex): publication and unpublication of channels
 *     (device and context channel tables), names, the context list,
 *     stplr_ctx.coid_chid, the claimed contexts (stplr_device.claims,
 *     stplr_ctx.claimed) and the (pid, chid) lookup of a connect.
 *     Nested inside it: the xa_lock of those tables (taken by the xarray
 *     calls), and stplr_channel.lock (debugfs state).
 *   - stplr_prio_lock (mutex, prio.c): boost records; taken alone, and
 *     takes the scheduler's locks inside (sched_setattr_nocheck()).
 *   - xa_lock of a context's @channels, @conns (spinlocks): taken
 *     alone to look up and take a reference, or inside the device lock.
 *   - stplr_rcvids.lock of a context's @rcvids (spinlock, rcvid.h): taken
 *     alone, to publish, remove, or look up and take a reference.
 *   - stplr_channel.lock (spinlock): queue, receivers, message phases,
 *     connection and client lists.  Inside it only: the scheduler's locks
 *     of wake_up_process(), a message's wait-queue lock (wake_up), the
 *     channel's poll_wq lock (poll wake-ups).  Two channel locks are never
 *     held together.
 *   - stplr_stats.lock (spinlock): the failure log; taken alone.
 *   - the ida of context ids has its own lock, taken alone.
 */
#ifndef _STPLR_COMMON_H
#define _STPLR_COMMON_H

#include <linux/printk.h>
#include <linux/types.h>
#include <linux/stplr.h>

extern unsigned int stplr_debug;
extern unsigned int stplr_max_msg_size;
extern unsigned int stplr_max_queued;
extern unsigned int stplr_max_channels;
extern unsigned int stplr_max_connections;
extern unsigned int stplr_max_pulses;

/*
 * Debug output, gated by the "debug" module parameter (0 silent .. 4 most
 * verbose).  Callers print ids and sizes only: never kernel or user
 * addresses, never page frame numbers.
 */
#define stplr_dbg(level, fmt, ...)					\
	do {								\
		if (unlikely(READ_ONCE(stplr_debug) >= (level)))	\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)

/* Debug levels. */
#define STPLR_DBG_OBJ	1	/* channels, connections, contexts */
#define STPLR_DBG_ERR	2	/* failed operations and why */
#define STPLR_DBG_MSG	3	/* every message */
#define STPLR_DBG_COPY	4	/* every copy chunk */

/* Returns true when every entry of @res (of @n) is zero. */
static inline bool stplr_reserved_zero(const void *res, size_t n)
{
	return !memchr_inv(res, 0, n);
}

#endif /* _STPLR_COMMON_H */
