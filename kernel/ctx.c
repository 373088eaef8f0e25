// SPDX-License-Identifier: GPL-2.0
/*
 * Devices and contexts: the objects, their tables and references.
 */
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "common.h"
#include "ctx.h"

/**
 * stplr_device_init() - set up the tables of a device
 * @dev:   the device, zeroed
 * @index: its N
 */
void stplr_device_init(struct stplr_device *dev, unsigned int index)
{
	dev->index = index;
	mutex_init(&dev->lock);
	xa_init_flags(&dev->channels, XA_FLAGS_ALLOC);
	ida_init(&dev->ctx_ids);
	hash_init(dev->names);
	INIT_LIST_HEAD(&dev->ctxs);
	hash_init(dev->claims);
	stplr_stats_init(&dev->stats);
	snprintf(dev->name, sizeof(dev->name), "stplr-%u", index);
}

/**
 * stplr_device_destroy() - free the tables of a device with no context
 * @dev: the device
 */
void stplr_device_destroy(struct stplr_device *dev)
{
	WARN_ON_ONCE(!xa_empty(&dev->channels));
	WARN_ON_ONCE(!list_empty(&dev->ctxs));
	xa_destroy(&dev->channels);
	ida_destroy(&dev->ctx_ids);
	mutex_destroy(&dev->lock);
}

/**
 * stplr_ctx_new() - create the context of a newly opened file
 * @dev: the device opened
 *
 * Return: the context with one reference, or an ERR_PTR.
 */
struct stplr_ctx *stplr_ctx_new(struct stplr_device *dev)
{
	struct stplr_ctx *ctx;
	int id;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	id = ida_alloc_min(&dev->ctx_ids, 1, GFP_KERNEL_ACCOUNT);
	if (id < 0) {
		kfree(ctx);
		return ERR_PTR(id);
	}
	kref_init(&ctx->ref);
	ctx->dev = dev;
	ctx->id = id;
	/* Allocating, for the lowest-free chids of a claimed context. */
	xa_init_flags(&ctx->channels, XA_FLAGS_ALLOC1);
	xa_init_flags(&ctx->conns, XA_FLAGS_ALLOC1);
	stplr_rcvids_init(&ctx->rcvids);
	INIT_LIST_HEAD(&ctx->boosts);
	ctx->owner = get_task_pid(current, PIDTYPE_TGID);
	INIT_HLIST_NODE(&ctx->claim_node);
	mutex_lock(&dev->lock);
	list_add_tail(&ctx->node, &dev->ctxs);
	mutex_unlock(&dev->lock);
	atomic64_inc(&dev->stats.contexts);
	stplr_dbg(STPLR_DBG_OBJ, "context %u opened on %s\n", id, dev->name);
	return ctx;
}

/**
 * stplr_ctx_unlink() - take a released context off its device
 * @ctx: the context, whose channels and connections are gone
 *
 * Frees its id; the memory goes with the last reference.
 */
void stplr_ctx_unlink(struct stplr_ctx *ctx)
{
	struct stplr_device *dev = ctx->dev;

	mutex_lock(&dev->lock);
	list_del(&ctx->node);
	if (ctx->claimed)
		hash_del(&ctx->claim_node);
	mutex_unlock(&dev->lock);
	atomic64_dec(&dev->stats.contexts);
	ida_free(&dev->ctx_ids, ctx->id);
	stplr_dbg(STPLR_DBG_OBJ, "context %u closed\n", ctx->id);
}

static void stplr_ctx_release(struct kref *ref)
{
	struct stplr_ctx *ctx = container_of(ref, struct stplr_ctx, ref);

	WARN_ON_ONCE(!stplr_rcvids_empty(&ctx->rcvids));
	WARN_ON_ONCE(!list_empty(&ctx->boosts));
	xa_destroy(&ctx->channels);
	xa_destroy(&ctx->conns);
	put_pid(ctx->owner);
	kvfree(ctx->msg_spare);
	kfree(ctx);
}

/**
 * stplr_ctx_get() - take a context reference
 * @ctx: the context
 */
void stplr_ctx_get(struct stplr_ctx *ctx)
{
	kref_get(&ctx->ref);
}

/**
 * stplr_ctx_put() - drop a context reference
 * @ctx: the context
 */
void stplr_ctx_put(struct stplr_ctx *ctx)
{
	kref_put(&ctx->ref, stplr_ctx_release);
}

/**
 * stplr_ctx_claimed_locked() - the claimed context of a process
 * @dev:   the device, whose lock is held
 * @owner: the process (thread-group pid), or NULL
 *
 * Return: the context, valid while the device lock is held, or NULL.
 */
struct stplr_ctx *stplr_ctx_claimed_locked(struct stplr_device *dev,
					   struct pid *owner)
{
	struct stplr_ctx *ctx;

	lockdep_assert_held(&dev->lock);
	if (!owner)
		return NULL;
	hash_for_each_possible(dev->claims, ctx, claim_node, (unsigned long)owner)
		if (ctx->owner == owner)
			return ctx;
	return NULL;
}

/**
 * stplr_ctx_claim() - make a context its process's QNX context
 * @ctx: the context, claimed by the calling thread
 *
 * Only the thread group that opened the file may claim it, before it has
 * any channel (reserved ones included: reservations take the device lock
 * too), and once per device.
 *
 * Return: 0, -EPERM or -EBUSY (see STPLR_IOC_CTX_CLAIM).
 */
int stplr_ctx_claim(struct stplr_ctx *ctx)
{
	struct stplr_device *dev = ctx->dev;
	int ret = 0;

	if (task_tgid(current) != ctx->owner)
		return -EPERM;
	mutex_lock(&dev->lock);
	if (ctx->claimed || !xa_empty(&ctx->channels) ||
	    stplr_ctx_claimed_locked(dev, ctx->owner)) {
		ret = -EBUSY;
	} else {
		ctx->claimed = true;
		hash_add(dev->claims, &ctx->claim_node, (unsigned long)ctx->owner);
	}
	mutex_unlock(&dev->lock);
	stplr_dbg(STPLR_DBG_OBJ, "context %u claim: %d\n", ctx->id, ret);
	return ret;
}
