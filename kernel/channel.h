/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: channels
 *
 * A channel is where messages and pulses queue for a server's receiving
 * threads.  This file owns the object, its publication in the device and
 * context tables, the connect permission, the receivers' wait records and
 * the poll fd; what is queued belongs to msg.c and pulse.c.
 *
 * References: the device's and the owning context's tables (one each,
 * dropped by whoever unpublishes; a claimed context's channel is in its
 * context's table only), every connection, every message in
 * flight, every name and poll fd.  The channel holds one on its context.
 *
 * Publication: the chid is reserved in its tables, copied to user space,
 * and only then published (stplr_channel_publish()).  Unpublication
 * happens once, under the device lock, by whoever takes the entry out of
 * the context table; liveness checks that must not race with it (name
 * attach) are made under the same lock.
 *
 * @lock (a spinlock) protects @dead, @queue, @receivers, @npulses, the
 * state of every message queued on or received from the channel (msg.h),
 * the connection lists (connection.h) and every wait record.  Once @dead
 * is set under @lock nothing is queued and no receiver waits any more.
 *
 * Receivers: a thread that finds nothing to take puts a struct
 * stplr_receiver on @receivers, saying what it accepts (everything, or
 * pulses only), and sleeps.  Whoever queues an item looks for a receiver
 * that accepts it, assigns the item to that record (the receiver now owns
 * it), boosts that thread if needed and wakes it; only when no receiver
 * accepts it is the item queued.  So a wake-up always goes to a thread
 * that can take the item, and the boost goes to the thread that took it.
 * Poll fds wait on @poll_wq, never with the receivers.
 */
#ifndef _STPLR_CHANNEL_H
#define _STPLR_CHANNEL_H

#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/stplr.h>
#include "queue.h"

struct stplr_ctx;
struct pid;
struct task_struct;

/**
 * struct stplr_receiver - a thread waiting in a receive (on its stack)
 * @node:  in stplr_channel.receivers while it waits for an item
 * @task:  the thread
 * @mask:  STPLR_QKIND_* bits it accepts
 * @item:  the item assigned to it, or NULL
 * @boosting: whoever assigned @item still uses the record: the thread
 *            must not return yet
 */
struct stplr_receiver {
	struct list_head node;
	struct task_struct *task;
	unsigned int mask;
	struct stplr_qnode *item;
	bool boosting;
};

/**
 * struct stplr_channel - a message queue with a pool of receivers
 * @ref:       references (see DOC)
 * @ctx:       owning context (a reference)
 * @chid:      id on the device, or in its claimed context
 * @ctx_chid:  @chid is numbered in a claimed context (and the channel is
 *             in no device table); set before it is reserved
 * @owner:     thread-group pid of the creator (a reference)
 * @uid:       creator's effective uid
 * @gid:       creator's effective gid
 * @mode:      connect permission bits
 * @flags:     STPLR_CHF_* bits
 * @name_node: in the device's name table (name.c, device lock)
 * @name_scope: whose name space the name is in (name.c, device lock)
 * @name:      published name, empty when none (name.c, device lock)
 * @lock:      see DOC
 * @dead:      destroyed; nothing new is accepted
 * @queue:     messages and pulses waiting for a receiver
 * @npulses:   pulses on @queue counted against max_pulses (pulse.c)
 * @receivers: struct stplr_receiver of threads waiting
 * @active:    received two-way messages not yet ended (msg.c)
 * @conns:     connections to the channel (connection.c)
 * @clients:   struct stplr_client per connected context (connection.c)
 * @poll_wq:   poll fds wait here
 * @async_bytes: bytes of queued asynchronous messages above inline_max,
 *             bounded by async_max (msg.c); atomic, no lock
 */
struct stplr_channel {
	struct kref ref;
	struct stplr_ctx *ctx;
	u32 chid;
	bool ctx_chid;
	struct pid *owner;
	kuid_t uid;
	kgid_t gid;
	u32 mode;
	u64 flags;
	struct hlist_node name_node;
	kuid_t name_scope;
	char name[STPLR_NAME_MAX];
	spinlock_t lock; /* see DOC */
	bool dead;
	struct stplr_queue queue;
	unsigned int npulses;
	struct list_head receivers;
	struct list_head active;
	struct list_head conns;
	DECLARE_HASHTABLE(clients, 4);
	wait_queue_head_t poll_wq;
	atomic_long_t async_bytes;
};

struct stplr_channel *stplr_channel_new(struct stplr_ctx *ctx, u64 flags,
					u32 mode);
int stplr_channel_reserve(struct stplr_channel *chan);
void stplr_channel_unreserve(struct stplr_channel *chan);
void stplr_channel_publish(struct stplr_channel *chan);
bool stplr_channel_unpublish(struct stplr_channel *chan);
void stplr_channel_put_tables(struct stplr_channel *chan);
void stplr_channel_kill(struct stplr_channel *chan);
void stplr_channel_get(struct stplr_channel *chan);
void stplr_channel_put(struct stplr_channel *chan);
struct stplr_channel *stplr_channel_lookup(struct stplr_ctx *ctx, u32 chid);
struct stplr_channel *stplr_channel_find(struct stplr_ctx *ctx, u32 pid,
					 u32 chid);
bool stplr_channel_may_connect(const struct stplr_channel *chan);
int stplr_channel_pollfd_new(struct stplr_channel *chan, int __user *ufd);

struct stplr_receiver *stplr_channel_pick_locked(struct stplr_channel *chan,
						 enum stplr_qkind kind);
void stplr_channel_handoff(struct stplr_channel *chan,
			   struct stplr_receiver *r, u32 priority);
int stplr_channel_wait_locked(struct stplr_channel *chan,
			      struct stplr_receiver *r, ktime_t *expires);
void stplr_channel_leave_locked(struct stplr_channel *chan,
				struct stplr_receiver *r);
void stplr_channel_queued_locked(struct stplr_channel *chan);

#endif /* _STPLR_CHANNEL_H */
