/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: receive ids
 *
 * A context's rcvid table maps receive ids to the messages sent to its
 * channels.  Ids are handed out cyclically from 1 to INT_MAX, skipping any
 * still in use, so a stale id comes back only after 2^31 - 1 others (the
 * UAPI's promise).  The table is a fixed hash of entries embedded in the
 * messages: publishing and removing an id allocate and free nothing, so a
 * round trip does no slab or RCU work for its id (an xarray allocated and
 * freed up to two nodes per message, with their RCU callbacks).
 *
 * Locking: the table's own spinlock, taken alone (never inside a channel
 * lock), around every call and by a caller that must take a reference on
 * the entry it found before another thread removes it.
 * Lifetime: the table holds no reference; whoever ends a message removes
 * its entry (stplr_rcvid_remove() is safe to call twice), and the table is
 * empty when its context is released.
 */
#ifndef _STPLR_RCVID_H
#define _STPLR_RCVID_H

#include <linux/hashtable.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * struct stplr_rcvid - an entry, embedded in the object it names
 * @node: in the table's bucket of @id while published
 * @id:   the receive id, 0 while unpublished
 */
struct stplr_rcvid {
	struct hlist_node node;
	u32 id;
};

/**
 * struct stplr_rcvids - one context's table
 * @lock:    protects everything below
 * @next:    the next id to try
 * @count:   published entries
 * @buckets: the hash, by id
 */
struct stplr_rcvids {
	spinlock_t lock; /* see DOC */
	u32 next;
	u32 count;
	DECLARE_HASHTABLE(buckets, 6);
};

void stplr_rcvids_init(struct stplr_rcvids *t);
u32 stplr_rcvid_publish(struct stplr_rcvids *t, struct stplr_rcvid *e);
struct stplr_rcvid *stplr_rcvid_find_locked(struct stplr_rcvids *t, u64 id);
void stplr_rcvid_remove(struct stplr_rcvids *t, struct stplr_rcvid *e);

/* True when no id is published; for the context's release. */
static inline bool stplr_rcvids_empty(struct stplr_rcvids *t)
{
	return !READ_ONCE(t->count);
}

#endif /* _STPLR_RCVID_H */
