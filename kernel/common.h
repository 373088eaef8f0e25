/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: stapler internals shared by every file
 *
 * Object graph (arrows are counted references):
 *
 *   struct file --> stplr_ctx <-- stplr_channel <-- stplr_conn (other ctx)
 *                                      ^
 *                                      +---------- stplr_msg (in flight)
 *
 * A context (ctx.h) is one open file of /dev/stplr-N.  It owns channels and
 * connections through per-context xarrays.  A channel holds a reference on
 * its context so that the context's receive-id table outlives every message
 * still in flight; the context's file release destroys its channels and
 * connections, and the memory goes with the last reference.
 *
 * Locks, outermost first; no two are ever held together except as listed:
 *   - stplr_device.lock (mutex): channel-id table on connect/create/destroy
 *     and context ids; never taken on the message path.
 *   - xarray locks of a context (channels, connections, receive ids): taken
 *     alone, only to look up and take a reference.
 *   - stplr_channel.lock (spinlock): the channel's queue and the state of
 *     every message on it.  Innermost; nothing sleeps under it.
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
