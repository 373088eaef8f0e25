/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: queues
 *
 * An ordered queue of nodes, in the style of bus1's util/queue: each node
 * carries a kind tag, a priority and an arrival number, and the queue
 * orders them by priority, then arrival.  The queue knows nothing else
 * about what a node belongs to: the users (msg.c, pulse.c) embed a node in
 * their objects and own those objects.
 *
 * Locking: none of its own.  The caller serialises every call with the
 * lock of the object that embeds the queue (stplr_channel.lock).
 * Lifetime: a node is on at most one queue; the queue holds no reference.
 */
#ifndef _STPLR_QUEUE_H
#define _STPLR_QUEUE_H

#include <linux/rbtree.h>
#include <linux/types.h>

/**
 * enum stplr_qkind - what embeds a queue node
 * @STPLR_QKIND_MSG:   a struct stplr_msg
 * @STPLR_QKIND_PULSE: a struct stplr_pulse_item
 */
enum stplr_qkind {
	STPLR_QKIND_MSG = 1,
	STPLR_QKIND_PULSE = 2,
};

/* Masks of kinds a taker accepts. */
#define STPLR_QMASK_ALL		(STPLR_QKIND_MSG | STPLR_QKIND_PULSE)
#define STPLR_QMASK_PULSES	STPLR_QKIND_PULSE

/**
 * struct stplr_qnode - an entry of a queue
 * @rb:     in stplr_queue.root while queued
 * @prio:   order: lower is taken first
 * @seq:    order among equal @prio: arrival (0: never queued yet)
 * @kind:   what embeds it
 * @queued: on a queue's tree
 */
struct stplr_qnode {
	struct rb_node rb;
	int prio;
	u64 seq;
	enum stplr_qkind kind;
	bool queued;
};

/**
 * struct stplr_queue - nodes by priority, then arrival
 * @root:   the tree
 * @seq:    next arrival number
 * @count:  queued nodes by kind (index: kind - 1)
 */
struct stplr_queue {
	struct rb_root_cached root;
	u64 seq;
	unsigned int count[2];
};

void stplr_queue_init(struct stplr_queue *q);
void stplr_queue_add(struct stplr_queue *q, struct stplr_qnode *node);
void stplr_queue_remove(struct stplr_queue *q, struct stplr_qnode *node);
struct stplr_qnode *stplr_queue_first(struct stplr_queue *q,
				      unsigned int mask);
unsigned int stplr_queue_count(const struct stplr_queue *q,
			       enum stplr_qkind kind);

static inline bool stplr_queue_empty(const struct stplr_queue *q)
{
	return RB_EMPTY_ROOT(&q->root.rb_root);
}

#endif /* _STPLR_QUEUE_H */
