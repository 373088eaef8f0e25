/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: channels
 *
 * A channel is where messages queue for a server's receiving threads.  It
 * belongs to one context and is named on its device by a chid.
 *
 * References: the owning context's table, the device's table, every
 * connection to it, and every message in flight on it.  The channel holds a
 * reference on its context.
 *
 * @lock (a spinlock, innermost) protects @dead, @queue, @nqueued, @active,
 * and the state of every message queued on or received from the channel
 * (see msg.h).  Once @dead is set under @lock no message is queued again,
 * every message it held has been failed with ESRCH, and every receiver
 * leaves with ESRCH.
 */
#ifndef _STPLR_CHANNEL_H
#define _STPLR_CHANNEL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/stplr.h>

struct stplr_ctx;
struct pid;

/**
 * enum stplr_item_kind - what a queue entry is
 * @STPLR_ITEM_MSG:   a struct stplr_msg
 * @STPLR_ITEM_PULSE: a struct stplr_pulse_item
 */
enum stplr_item_kind {
	STPLR_ITEM_MSG,
	STPLR_ITEM_PULSE,
};

/**
 * struct stplr_qitem - an entry of a channel queue
 * @node: in stplr_channel.queue
 * @prio: queue order: lower is taken first
 * @seq:  queue order among equal @prio: arrival
 * @kind: what contains it
 */
struct stplr_qitem {
	struct rb_node node;
	int prio;
	u64 seq;
	enum stplr_item_kind kind;
};

/**
 * struct stplr_channel - a message queue with a pool of receivers
 * @ref:      references (see DOC)
 * @ctx:      owning context (a reference)
 * @chid:     id on the device
 * @owner:    thread-group pid of the creator, for ConnectAttach (a ref)
 * @uid:      creator's effective uid
 * @gid:      creator's effective gid
 * @mode:     connect permission bits
 * @flags:    STPLR_CHF_* bits
 * @name:     published name, empty when none (device lock)
 * @name_node: entry in the device's name list (device lock)
 * @lock:     see DOC
 * @dead:     destroyed; nothing new is accepted
 * @queue:    messages waiting for a receiver, by priority then arrival
 * @nqueued:  messages in @queue
 * @npulses:  user pulses in @queue
 * @seq:      arrival counter for queue order
 * @conns:    connections to the channel, from any context
 * @clients:  struct stplr_client per connected context
 * @active:   messages received and not yet ended
 * @recv_wq:  receivers waiting for a message (exclusive waits)
 */
struct stplr_channel {
	struct kref ref;
	struct stplr_ctx *ctx;
	u32 chid;
	struct pid *owner;
	kuid_t uid;
	kgid_t gid;
	u32 mode;
	u64 flags;
	char name[STPLR_NAME_MAX];
	struct list_head name_node;
	spinlock_t lock; /* see DOC */
	bool dead;
	struct rb_root_cached queue;
	unsigned int nqueued;
	unsigned int npulses;
	u64 seq;
	struct list_head conns;
	struct list_head clients;
	struct list_head active;
	wait_queue_head_t recv_wq;
};

long stplr_channel_ioctl_create(struct stplr_ctx *ctx, void __user *arg);
long stplr_channel_ioctl_destroy(struct stplr_ctx *ctx, void __user *arg);
struct stplr_channel *stplr_channel_lookup(struct stplr_ctx *ctx, u32 chid);
struct stplr_channel *stplr_channel_find(struct stplr_ctx *ctx, u32 pid,
					 u32 chid);
void stplr_channel_destroy(struct stplr_channel *chan);
bool stplr_channel_may_connect(const struct stplr_channel *chan);
long stplr_channel_ioctl_pollfd(struct stplr_ctx *ctx, void __user *arg);
long stplr_channel_ioctl_name(struct stplr_ctx *ctx, void __user *arg,
			      bool attach);
struct stplr_channel *stplr_channel_find_name(struct stplr_ctx *ctx,
					      const char *name);
void stplr_channel_enqueue_locked(struct stplr_channel *chan,
				  struct stplr_qitem *item, bool new);
struct stplr_qitem *stplr_channel_first_locked(struct stplr_channel *chan,
					       bool pulses_only);
void stplr_channel_unqueue_locked(struct stplr_channel *chan,
				  struct stplr_qitem *item);
unsigned int stplr_task_priority(const struct task_struct *p);
void stplr_channel_get(struct stplr_channel *chan);
void stplr_channel_put(struct stplr_channel *chan);

#endif /* _STPLR_CHANNEL_H */
