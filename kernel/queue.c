// SPDX-License-Identifier: GPL-2.0
/*
 * Ordered queues of tagged nodes.
 */
#include "queue.h"

static bool stplr_qnode_before(struct rb_node *a, const struct rb_node *b)
{
	const struct stplr_qnode *x = rb_entry(a, struct stplr_qnode, rb);
	const struct stplr_qnode *y = rb_entry(b, struct stplr_qnode, rb);

	return x->prio < y->prio || (x->prio == y->prio && x->seq < y->seq);
}

/**
 * stplr_queue_init() - an empty queue
 * @q: the queue
 */
void stplr_queue_init(struct stplr_queue *q)
{
	q->root = RB_ROOT_CACHED;
	q->seq = 1;
	q->count[0] = 0;
	q->count[1] = 0;
}

/**
 * stplr_queue_add() - queue a node
 * @q:    the queue
 * @node: a node on no queue; a node that was queued before keeps its
 *        arrival number, so a node given back returns to its place
 */
void stplr_queue_add(struct stplr_queue *q, struct stplr_qnode *node)
{
	if (!node->seq)
		node->seq = q->seq++;
	rb_add_cached(&node->rb, &q->root, stplr_qnode_before);
	node->queued = true;
	q->count[node->kind - 1]++;
}

/**
 * stplr_queue_remove() - take a node off its queue
 * @q:    the queue
 * @node: a node; nothing happens when it is not queued
 */
void stplr_queue_remove(struct stplr_queue *q, struct stplr_qnode *node)
{
	if (!node->queued)
		return;
	rb_erase_cached(&node->rb, &q->root);
	node->queued = false;
	q->count[node->kind - 1]--;
}

/**
 * stplr_queue_first() - the first node of accepted kinds
 * @q:    the queue
 * @mask: STPLR_QKIND_* bits accepted
 *
 * Return: the node with the best priority, earliest first, or NULL.
 */
struct stplr_qnode *stplr_queue_first(struct stplr_queue *q,
				      unsigned int mask)
{
	struct rb_node *n;

	for (n = rb_first_cached(&q->root); n; n = rb_next(n)) {
		struct stplr_qnode *node = rb_entry(n, struct stplr_qnode, rb);

		if (node->kind & mask)
			return node;
	}
	return NULL;
}

/**
 * stplr_queue_count() - queued nodes of one kind
 * @q:    the queue
 * @kind: the kind
 *
 * Return: the count.
 */
unsigned int stplr_queue_count(const struct stplr_queue *q,
			       enum stplr_qkind kind)
{
	return q->count[kind - 1];
}
