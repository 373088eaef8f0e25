// SPDX-License-Identifier: GPL-2.0
/*
 * Contexts: lifetime, the version query and ioctl dispatch.
 */

#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "connection.h"
#include "ctx.h"
#include "dev.h"
#include "msg.h"
#include "common.h"

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
	id = ida_alloc_min(&dev->ctx_ids, 1, GFP_KERNEL);
	if (id < 0) {
		kfree(ctx);
		return ERR_PTR(id);
	}
	kref_init(&ctx->ref);
	ctx->dev = dev;
	ctx->id = id;
	xa_init(&ctx->channels);
	xa_init_flags(&ctx->conns, XA_FLAGS_ALLOC);
	xa_init_flags(&ctx->msgs, XA_FLAGS_ALLOC);
	stplr_dbg(STPLR_DBG_OBJ, "context %u opened on %s\n", id, dev->name);
	return ctx;
}

static void stplr_ctx_release(struct kref *ref)
{
	struct stplr_ctx *ctx = container_of(ref, struct stplr_ctx, ref);

	WARN_ON_ONCE(!xa_empty(&ctx->msgs));
	xa_destroy(&ctx->channels);
	xa_destroy(&ctx->conns);
	xa_destroy(&ctx->msgs);
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
 * stplr_ctx_shutdown() - the file was released
 * @ctx: the context; its file reference is dropped
 *
 * Destroys the context's channels (their senders fail with ESRCH) and
 * detaches its connections.  No thread can be inside an ioctl of the
 * context any more: each held the file.
 */
void stplr_ctx_shutdown(struct stplr_ctx *ctx)
{
	struct stplr_channel *chan;
	unsigned long chid;

	xa_for_each(&ctx->channels, chid, chan) {
		stplr_channel_get(chan);
		stplr_channel_destroy(chan);
		stplr_channel_put(chan);
	}
	stplr_conn_free_all(ctx);
	ida_free(&ctx->dev->ctx_ids, ctx->id);
	stplr_dbg(STPLR_DBG_OBJ, "context %u closed\n", ctx->id);
	stplr_ctx_put(ctx);
}

static long stplr_ctx_ioctl_query(struct stplr_ctx *ctx, void __user *arg);

/*
 * One entry per command; indexed by _IOC_NR.  The full command word is
 * compared too, so a wrong direction or size is an unknown command.
 */
struct stplr_ioctl_def {
	unsigned int cmd;
	long (*fn)(struct stplr_ctx *ctx, void __user *arg);
};

static long stplr_ioctl_send(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_msg_ioctl_send(ctx, arg, true);
}

static long stplr_ioctl_send_receive(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_msg_ioctl_send(ctx, arg, false);
}

static long stplr_ioctl_reply(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_msg_ioctl_reply(ctx, arg, false);
}

static long stplr_ioctl_error(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_msg_ioctl_reply(ctx, arg, true);
}

static const struct stplr_ioctl_def stplr_ioctls[] = {
	[_IOC_NR(STPLR_IOC_QUERY)] = {
		.cmd = STPLR_IOC_QUERY,
		.fn = stplr_ctx_ioctl_query,
	},
	[_IOC_NR(STPLR_IOC_CHANNEL_CREATE)] = {
		.cmd = STPLR_IOC_CHANNEL_CREATE,
		.fn = stplr_channel_ioctl_create,
	},
	[_IOC_NR(STPLR_IOC_CHANNEL_DESTROY)] = {
		.cmd = STPLR_IOC_CHANNEL_DESTROY,
		.fn = stplr_channel_ioctl_destroy,
	},
	[_IOC_NR(STPLR_IOC_CONNECT)] = {
		.cmd = STPLR_IOC_CONNECT,
		.fn = stplr_conn_ioctl_connect,
	},
	[_IOC_NR(STPLR_IOC_DISCONNECT)] = {
		.cmd = STPLR_IOC_DISCONNECT,
		.fn = stplr_conn_ioctl_disconnect,
	},
	[_IOC_NR(STPLR_MSG_SEND)] = {
		.cmd = STPLR_MSG_SEND,
		.fn = stplr_ioctl_send,
	},
	[_IOC_NR(STPLR_MSG_SEND_RECEIVE)] = {
		.cmd = STPLR_MSG_SEND_RECEIVE,
		.fn = stplr_ioctl_send_receive,
	},
	[_IOC_NR(STPLR_MSG_RECEIVE)] = {
		.cmd = STPLR_MSG_RECEIVE,
		.fn = stplr_msg_ioctl_receive,
	},
	[_IOC_NR(STPLR_MSG_REPLY)] = {
		.cmd = STPLR_MSG_REPLY,
		.fn = stplr_ioctl_reply,
	},
	[_IOC_NR(STPLR_MSG_ERROR)] = {
		.cmd = STPLR_MSG_ERROR,
		.fn = stplr_ioctl_error,
	},
};

static long stplr_ctx_ioctl_query(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_query q;
	unsigned int i;

	if (copy_from_user(&q, arg, sizeof(q)))
		return -EFAULT;
	if (q.flags)
		return -EINVAL;
	memset(&q, 0, sizeof(q));
	q.major = STPLR_VERSION_MAJOR;
	q.minor = STPLR_VERSION_MINOR;
	q.patch = STPLR_VERSION_PATCH;
	q.iov_max = STPLR_IOV_MAX;
	q.features = STPLR_FEAT_CHANNELS | STPLR_FEAT_SENDRECV |
		     STPLR_FEAT_ERROR | STPLR_FEAT_TIMEOUT | STPLR_FEAT_PERMS;
	for (i = 0; i < ARRAY_SIZE(stplr_ioctls); i++)
		if (stplr_ioctls[i].fn)
			q.ioctls |= 1ULL << i;
	q.max_msg_size = READ_ONCE(stplr_max_msg_size);
	q.max_channels = READ_ONCE(stplr_max_channels);
	q.max_connections = READ_ONCE(stplr_max_connections);
	q.max_queued = READ_ONCE(stplr_max_queued);
	return copy_to_user(arg, &q, sizeof(q)) ? -EFAULT : 0;
}

/**
 * stplr_ctx_ioctl() - dispatch one ioctl
 * @ctx: the context of the file
 * @cmd: the command
 * @arg: its user argument
 *
 * Return: the command's result, or -ENOTTY for an unknown command.
 */
long stplr_ctx_ioctl(struct stplr_ctx *ctx, unsigned int cmd,
		     void __user *arg)
{
	unsigned int nr = _IOC_NR(cmd);

	BUILD_BUG_ON(ARRAY_SIZE(stplr_ioctls) > 64);
	if (_IOC_TYPE(cmd) != STPLR_IOC_MAGIC || nr >= ARRAY_SIZE(stplr_ioctls))
		return -ENOTTY;
	nr = array_index_nospec(nr, ARRAY_SIZE(stplr_ioctls));
	if (!stplr_ioctls[nr].fn || stplr_ioctls[nr].cmd != cmd)
		return -ENOTTY;
	return stplr_ioctls[nr].fn(ctx, arg);
}
