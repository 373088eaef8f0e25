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
	xa_init(&ctx->channels);
	xa_init_flags(&ctx->conns, XA_FLAGS_ALLOC1);
	xa_init_flags(&ctx->msgs, XA_FLAGS_ALLOC);
	INIT_LIST_HEAD(&ctx->boosts);
	ctx->owner = task_tgid_nr(current);
	ctx->opener = get_task_pid(current, PIDTYPE_TGID);
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
	mutex_unlock(&dev->lock);
	atomic64_dec(&dev->stats.contexts);
	ida_free(&dev->ctx_ids, ctx->id);
	stplr_dbg(STPLR_DBG_OBJ, "context %u closed\n", ctx->id);
}

static void stplr_ctx_release(struct kref *ref)
{
	struct stplr_ctx *ctx = container_of(ref, struct stplr_ctx, ref);

	WARN_ON_ONCE(!xa_empty(&ctx->msgs));
	WARN_ON_ONCE(!list_empty(&ctx->boosts));
	xa_destroy(&ctx->channels);
	xa_destroy(&ctx->conns);
	xa_destroy(&ctx->msgs);
	put_pid(ctx->opener);
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
