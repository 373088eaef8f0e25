// SPDX-License-Identifier: GPL-2.0
/*
 * Receive ids: a context's table of messages waiting for a reply.
 */
#include <linux/limits.h>
#include "rcvid.h"

/**
 * stplr_rcvids_init() - an empty table
 * @t: the table
 */
void stplr_rcvids_init(struct stplr_rcvids *t)
{
	spin_lock_init(&t->lock);
	t->next = 1;
	t->count = 0;
	hash_init(t->buckets);
}

/**
 * stplr_rcvid_find_locked() - the entry of an id
 * @t:  the table, whose lock is held
 * @id: the id, as user space passed it
 *
 * Return: the entry, or NULL when @id is not published.
 */
struct stplr_rcvid *stplr_rcvid_find_locked(struct stplr_rcvids *t, u64 id)
{
	struct stplr_rcvid *e;

	lockdep_assert_held(&t->lock);
	if (!id || id > INT_MAX)
		return NULL;
	hash_for_each_possible(t->buckets, e, node, (u32)id)
		if (e->id == id)
			return e;
	return NULL;
}

/**
 * stplr_rcvid_publish() - give an entry the next free id
 * @t: the table
 * @e: the entry, unpublished
 *
 * Cannot fail: every published entry belongs to a message whose sender
 * is blocked, so far fewer than INT_MAX ids are ever in use and the
 * search for a free one ends after at most as many steps as there are.
 *
 * Return: the id, also in @e->id.
 */
u32 stplr_rcvid_publish(struct stplr_rcvids *t, struct stplr_rcvid *e)
{
	u32 id;

	spin_lock(&t->lock);
	do {
		id = t->next;
		t->next = id == INT_MAX ? 1 : id + 1;
	} while (stplr_rcvid_find_locked(t, id));
	e->id = id;
	hash_add(t->buckets, &e->node, id);
	t->count++;
	spin_unlock(&t->lock);
	return id;
}

/**
 * stplr_rcvid_remove() - unpublish an entry
 * @t: the table
 * @e: the entry; nothing happens when it is not published
 */
void stplr_rcvid_remove(struct stplr_rcvids *t, struct stplr_rcvid *e)
{
	/* An id goes from set to 0 once, so 0 needs no lock to be believed. */
	if (!READ_ONCE(e->id))
		return;
	spin_lock(&t->lock);
	if (e->id) {
		hash_del(&e->node);
		WRITE_ONCE(e->id, 0);
		t->count--;
	}
	spin_unlock(&t->lock);
}
