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

struct stplr_ctx;
struct pid;

/**
 * struct stplr_channel - a message queue with a pool of receivers
 * @ref:      references (see DOC)
 * @ctx:      owning context (a reference)
 * @chid:     id on the device
 * @owner:    thread-group pid of the creator, for ConnectAttach (a ref)
 * @uid:      creator's effective uid
 * @gid:      creator's effective gid
 * @mode:     connect permission bits
 * @lock:     see DOC
 * @dead:     destroyed; nothing new is accepted
 * @queue:    messages waiting for a receiver, by priority then arrival
 * @nqueued:  entries in @queue
 * @seq:      arrival counter for queue order
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
	spinlock_t lock; /* see DOC */
	bool dead;
	struct rb_root_cached queue;
	unsigned int nqueued;
	u64 seq;
	struct list_head active;
	wait_queue_head_t recv_wq;
};

long stplr_channel_ioctl_create(struct stplr_ctx *ctx, void __user *arg);
long stplr_channel_ioctl_destroy(struct stplr_ctx *ctx, void __user *arg);
struct stplr_channel *stplr_channel_lookup(struct stplr_ctx *ctx, u32 chid);
struct stplr_channel *stplr_channel_find(struct stplr_ctx *ctx, u32 pid,
					 u32 chid);
void stplr_channel_destroy(struct stplr_channel *chan);
void stplr_channel_get(struct stplr_channel *chan);
void stplr_channel_put(struct stplr_channel *chan);

#endif /* _STPLR_CHANNEL_H */
