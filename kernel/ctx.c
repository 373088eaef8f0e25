// SPDX-License-Identifier: GPL-2.0
/*
 * Contexts: lifetime, the version query and ioctl dispatch.
 */

#include <linux/nospec.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "connection.h"
#include "ctx.h"
#include "dev.h"
#include "debugfs.h"
#include "msg.h"
#include "common.h"
#include "inherit.h"
#include "pulse.h"

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
	mutex_init(&ctx->boost_lock);
	xa_init(&ctx->boosts);
	ctx->owner = task_tgid_nr(current);
	mutex_lock(&dev->lock);
	list_add_tail(&ctx->node, &dev->ctxs);
	mutex_unlock(&dev->lock);
	atomic64_inc(&dev->stats.contexts);
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
	xa_destroy(&ctx->boosts);
	mutex_destroy(&ctx->boost_lock);
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
	stplr_prio_free_all(ctx);
	mutex_lock(&ctx->dev->lock);
	list_del(&ctx->node);
	mutex_unlock(&ctx->dev->lock);
	atomic64_dec(&ctx->dev->stats.contexts);
	ida_free(&ctx->dev->ctx_ids, ctx->id);
	stplr_dbg(STPLR_DBG_OBJ, "context %u closed\n", ctx->id);
	stplr_ctx_put(ctx);
}

static long stplr_ctx_ioctl_query(struct stplr_ctx *ctx, void __user *arg);

/*
 * One entry per command; indexed by _IOC_NR.  The full command word is
 * compared too, so a wrong direction or size is an unknown command.
 * @stat names the counter of the message operations and @id_off the
 * offset of the id that the failure log records.
 */
struct stplr_ioctl_def {
	unsigned int cmd;
	long (*fn)(struct stplr_ctx *ctx, void __user *arg);
	const char *name;
	int stat;
	unsigned short id_off;
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

static long stplr_ioctl_read(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_msg_ioctl_rw(ctx, arg, false);
}

static long stplr_ioctl_write(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_msg_ioctl_rw(ctx, arg, true);
}

static long stplr_ioctl_name_attach(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_channel_ioctl_name(ctx, arg, true);
}

static long stplr_ioctl_name_detach(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_channel_ioctl_name(ctx, arg, false);
}

static const struct stplr_ioctl_def stplr_ioctls[] = {
	[_IOC_NR(STPLR_IOC_QUERY)] = {
		.cmd = STPLR_IOC_QUERY,
		.fn = stplr_ctx_ioctl_query,
		.name = "query",
		.stat = -1,
		.id_off = 0,
	},
	[_IOC_NR(STPLR_IOC_CHANNEL_CREATE)] = {
		.cmd = STPLR_IOC_CHANNEL_CREATE,
		.fn = stplr_channel_ioctl_create,
		.name = "channel_create",
		.stat = -1,
		.id_off = 0,
	},
	[_IOC_NR(STPLR_IOC_CHANNEL_DESTROY)] = {
		.cmd = STPLR_IOC_CHANNEL_DESTROY,
		.fn = stplr_channel_ioctl_destroy,
		.name = "channel_destroy",
		.stat = -1,
		.id_off = offsetof(struct stplr_channel_destroy, chid),
	},
	[_IOC_NR(STPLR_IOC_CHANNEL_POLLFD)] = {
		.cmd = STPLR_IOC_CHANNEL_POLLFD,
		.fn = stplr_channel_ioctl_pollfd,
		.name = "channel_pollfd",
		.stat = -1,
		.id_off = offsetof(struct stplr_channel_pollfd, chid),
	},
	[_IOC_NR(STPLR_IOC_CONNECT)] = {
		.cmd = STPLR_IOC_CONNECT,
		.fn = stplr_conn_ioctl_connect,
		.name = "connect",
		.stat = -1,
		.id_off = offsetof(struct stplr_connect, chid),
	},
	[_IOC_NR(STPLR_IOC_DISCONNECT)] = {
		.cmd = STPLR_IOC_DISCONNECT,
		.fn = stplr_conn_ioctl_disconnect,
		.name = "disconnect",
		.stat = -1,
		.id_off = offsetof(struct stplr_disconnect, coid),
	},
	[_IOC_NR(STPLR_MSG_SEND)] = {
		.cmd = STPLR_MSG_SEND,
		.fn = stplr_ioctl_send,
		.name = "send",
		.stat = STPLR_STAT_SENDS,
		.id_off = offsetof(struct stplr_msg_send, coid),
	},
	[_IOC_NR(STPLR_MSG_SEND_RECEIVE)] = {
		.cmd = STPLR_MSG_SEND_RECEIVE,
		.fn = stplr_ioctl_send_receive,
		.name = "send_receive",
		.stat = STPLR_STAT_SENDS,
		.id_off = offsetof(struct stplr_msg_send, coid),
	},
	[_IOC_NR(STPLR_MSG_RECEIVE)] = {
		.cmd = STPLR_MSG_RECEIVE,
		.fn = stplr_msg_ioctl_receive,
		.name = "receive",
		.stat = STPLR_STAT_RECEIVES,
		.id_off = offsetof(struct stplr_msg_receive, chid),
	},
	[_IOC_NR(STPLR_MSG_REPLY)] = {
		.cmd = STPLR_MSG_REPLY,
		.fn = stplr_ioctl_reply,
		.name = "reply",
		.stat = STPLR_STAT_REPLIES,
		.id_off = offsetof(struct stplr_msg_reply, rcvid),
	},
	[_IOC_NR(STPLR_MSG_ERROR)] = {
		.cmd = STPLR_MSG_ERROR,
		.fn = stplr_ioctl_error,
		.name = "error",
		.stat = STPLR_STAT_ERRORS,
		.id_off = offsetof(struct stplr_msg_reply, rcvid),
	},
	[_IOC_NR(STPLR_MSG_READ)] = {
		.cmd = STPLR_MSG_READ,
		.fn = stplr_ioctl_read,
		.name = "read",
		.stat = STPLR_STAT_READS,
		.id_off = offsetof(struct stplr_msg_rw, rcvid),
	},
	[_IOC_NR(STPLR_MSG_WRITE)] = {
		.cmd = STPLR_MSG_WRITE,
		.fn = stplr_ioctl_write,
		.name = "write",
		.stat = STPLR_STAT_WRITES,
		.id_off = offsetof(struct stplr_msg_rw, rcvid),
	},
	[_IOC_NR(STPLR_MSG_PULSE)] = {
		.cmd = STPLR_MSG_PULSE,
		.fn = stplr_pulse_ioctl_send,
		.name = "pulse",
		.stat = STPLR_STAT_PULSES,
		.id_off = offsetof(struct stplr_msg_pulse, coid),
	},
	[_IOC_NR(STPLR_IOC_NAME_ATTACH)] = {
		.cmd = STPLR_IOC_NAME_ATTACH,
		.fn = stplr_ioctl_name_attach,
		.name = "name_attach",
		.stat = -1,
		.id_off = offsetof(struct stplr_name, chid),
	},
	[_IOC_NR(STPLR_IOC_NAME_DETACH)] = {
		.cmd = STPLR_IOC_NAME_DETACH,
		.fn = stplr_ioctl_name_detach,
		.name = "name_detach",
		.stat = -1,
		.id_off = offsetof(struct stplr_name, chid),
	},
	[_IOC_NR(STPLR_IOC_NAME_OPEN)] = {
		.cmd = STPLR_IOC_NAME_OPEN,
		.fn = stplr_conn_ioctl_name_open,
		.name = "name_open",
		.stat = -1,
		.id_off = offsetof(struct stplr_name, coid),
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
		     STPLR_FEAT_ERROR | STPLR_FEAT_TIMEOUT | STPLR_FEAT_PERMS |
		     STPLR_FEAT_READWRITE | STPLR_FEAT_PULSES |
		     STPLR_FEAT_PRIO_INHERIT | STPLR_FEAT_NAMES |
		     STPLR_FEAT_POLL;
	for (i = 0; i < ARRAY_SIZE(stplr_ioctls); i++)
		if (stplr_ioctls[i].fn)
			q.ioctls |= 1ULL << i;
	q.max_msg_size = READ_ONCE(stplr_max_msg_size);
	q.max_channels = READ_ONCE(stplr_max_channels);
	q.max_connections = READ_ONCE(stplr_max_connections);
	q.max_queued = READ_ONCE(stplr_max_queued);
	q.max_pulses = READ_ONCE(stplr_max_pulses);
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
	const struct stplr_ioctl_def *def;
	unsigned int nr = _IOC_NR(cmd);
	long ret;

	BUILD_BUG_ON(ARRAY_SIZE(stplr_ioctls) > 64);
	if (_IOC_TYPE(cmd) != STPLR_IOC_MAGIC || nr >= ARRAY_SIZE(stplr_ioctls))
		return -ENOTTY;
	nr = array_index_nospec(nr, ARRAY_SIZE(stplr_ioctls));
	def = &stplr_ioctls[nr];
	if (!def->fn || def->cmd != cmd)
		return -ENOTTY;
	ret = def->fn(ctx, arg);
	if (def->stat >= 0)
		stplr_stats_count(&ctx->dev->stats, def->stat);
	/* Waiting receives that time out or are interrupted are normal. */
	if (ret && def->stat >= 0 &&
	    !(def->stat == STPLR_STAT_RECEIVES &&
	      (ret == -ETIMEDOUT || ret == -EINTR))) {
		u32 id = 0;

		if (get_user(id, (u32 __user *)(arg + def->id_off)))
			id = 0;
		stplr_failed_log_add(&ctx->dev->failed, def->name, ret, id);
	}
	return ret;
}
