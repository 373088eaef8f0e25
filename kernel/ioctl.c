// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl dispatch, the version query, and destruction.
 */
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "common.h"
#include "connection.h"
#include "ctx.h"
#include "event.h"
#include "ioctl.h"
#include "msg.h"
#include "name.h"
#include "prio.h"
#include "pulse.h"

#define STPLR_CHF_ALL	(STPLR_CHF_FIXED_PRIORITY | STPLR_CHF_UNBLOCK | \
			 STPLR_CHF_THREAD_DEATH | STPLR_CHF_DISCONNECT | \
			 STPLR_CHF_COID_DISCONNECT | STPLR_CHF_MODE)
#define STPLR_MODE_DEFAULT	0600

/* Takes @chan out of service; only the caller that unpublishes it acts. */
static void stplr_ioctl_channel_teardown(struct stplr_channel *chan)
{
	if (!stplr_channel_unpublish(chan))
		return;
	stplr_name_channel_gone(chan);
	stplr_channel_kill(chan);
	stplr_msg_channel_fail(chan);
	stplr_conn_channel_died(chan);
	atomic_dec(&chan->ctx->nchannels);
	stplr_dbg(STPLR_DBG_OBJ, "channel %u destroyed\n", chan->chid);
	stplr_channel_put_tables(chan);
}

/**
 * stplr_ioctl_release() - the file of a context was released
 * @ctx: the context; its file reference is dropped
 *
 * No ioctl of the context runs any more: each held the file.
 */
void stplr_ioctl_release(struct stplr_ctx *ctx)
{
	struct stplr_channel *chan;
	unsigned long chid;

	xa_for_each(&ctx->channels, chid, chan) {
		stplr_channel_get(chan);
		stplr_ioctl_channel_teardown(chan);
		stplr_channel_put(chan);
	}
	stplr_conn_free_all(ctx);
	stplr_prio_restore_owner(&ctx->boosts);
	stplr_ctx_unlink(ctx);
	stplr_ctx_put(ctx);
}

static long stplr_ioctl_channel_create(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_channel_create __user *u = arg;
	struct stplr_channel_create req;
	struct stplr_channel *chan;
	u32 mode = STPLR_MODE_DEFAULT;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~STPLR_CHF_ALL ||
	    !stplr_reserved_zero(req.reserved, sizeof(req.reserved)))
		return -EINVAL;
	if (req.flags & STPLR_CHF_MODE) {
		if (req.mode & ~0777)
			return -EINVAL;
		mode = req.mode;
	} else if (req.mode) {
		return -EINVAL;
	}
	if (atomic_inc_return(&ctx->nchannels) >
	    READ_ONCE(stplr_max_channels)) {
		ret = -EMFILE;
		goto out_count;
	}
	ret = -ENOMEM;
	chan = stplr_channel_new(ctx, req.flags, mode);
	if (!chan)
		goto out_count;
	ret = stplr_channel_reserve(chan);
	if (ret)
		goto out_chan;
	/* Nobody can reach the channel before the chid is out. */
	if (put_user(chan->chid, &u->chid)) {
		ret = -EFAULT;
		stplr_channel_unreserve(chan);
		goto out_chan;
	}
	stplr_dbg(STPLR_DBG_OBJ, "channel %u created, mode %o\n", chan->chid,
		  mode);
	stplr_channel_publish(chan);
	return 0;

out_chan:
	stplr_channel_put(chan);
out_count:
	atomic_dec(&ctx->nchannels);
	return ret;
}

static long stplr_ioctl_channel_destroy(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_channel_destroy req;
	struct stplr_channel *chan;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.reserved)
		return -EINVAL;
	chan = stplr_channel_lookup(ctx, req.chid);
	if (!chan)
		return -ENOENT;
	stplr_ioctl_channel_teardown(chan);
	stplr_channel_put(chan);
	return 0;
}

static long stplr_ioctl_channel_pollfd(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_channel_pollfd __user *u = arg;
	struct stplr_channel_pollfd req;
	struct stplr_channel *chan;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.reserved)
		return -EINVAL;
	chan = stplr_channel_lookup(ctx, req.chid);
	if (!chan)
		return -ENOENT;
	ret = stplr_channel_pollfd_new(chan, &u->fd);
	if (ret)
		stplr_channel_put(chan);
	return ret;
}

static long stplr_ioctl_send_common(struct stplr_ctx *ctx, void __user *arg,
				    bool oneway)
{
	struct stplr_channel *chan;
	struct stplr_msg_send req;
	long ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	chan = stplr_conn_channel_get(ctx, req.coid);
	if (!chan)
		return -ENOENT;
	ret = stplr_msg_ioctl_send(ctx, chan, &req, arg, oneway);
	stplr_channel_put(chan);
	return ret;
}

static long stplr_ioctl_send(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_ioctl_send_common(ctx, arg, true);
}

static long stplr_ioctl_send_receive(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_ioctl_send_common(ctx, arg, false);
}

/*
 * Reads the input fields of a struct stplr_msg_receive; the output fields
 * (rcvid, info, pulse: 88 of its 128 bytes) are left zero, not read,
 * because every receive copies this struct in.
 */
static int stplr_receive_copy_in(struct stplr_msg_receive *req,
				 struct stplr_msg_receive __user *u)
{
	memset(req, 0, sizeof(*req));
	if (copy_from_user(req, u, offsetof(struct stplr_msg_receive, rcvid)) ||
	    get_user(req->reserved, &u->reserved))
		return -EFAULT;
	return 0;
}

static long stplr_ioctl_receive(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_msg_receive req;
	struct stplr_channel *chan;
	long ret;

	if (stplr_receive_copy_in(&req, arg))
		return -EFAULT;
	chan = stplr_channel_lookup(ctx, req.chid);
	if (!chan)
		return -ENOENT;
	ret = stplr_msg_ioctl_receive(ctx, chan, &req, arg);
	stplr_channel_put(chan);
	return ret;
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

static long stplr_ioctl_pulse(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_msg_pulse req;
	struct stplr_channel *chan;
	long ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	chan = stplr_conn_channel_get(ctx, req.coid);
	if (!chan)
		return -ENOENT;
	ret = stplr_pulse_ioctl_send(ctx, chan, &req);
	stplr_channel_put(chan);
	return ret;
}

static long stplr_ioctl_name(struct stplr_ctx *ctx, void __user *arg,
			     bool attach)
{
	struct stplr_channel *chan;
	struct stplr_name req;
	long ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.coid || req.owner_uid || req.owner_pid)
		return -EINVAL;
	chan = stplr_channel_lookup(ctx, req.chid);
	if (!chan)
		return -ENOENT;
	if (attach)
		ret = stplr_name_attach(ctx, chan, req.name);
	else
		ret = stplr_name_detach(ctx, chan, req.name);
	stplr_channel_put(chan);
	return ret;
}

static long stplr_ioctl_name_attach(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_ioctl_name(ctx, arg, true);
}

static long stplr_ioctl_name_detach(struct stplr_ctx *ctx, void __user *arg)
{
	return stplr_ioctl_name(ctx, arg, false);
}

/* issue 12: one system call per message for a server loop. */
static long stplr_ioctl_reply_receive(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_msg_reply_receive __user *u = arg;
	struct stplr_msg_reply_receive req;
	struct stplr_channel *chan;
	long ret;

	if (copy_from_user(&req, arg,
			   offsetof(struct stplr_msg_reply_receive, receive)) ||
	    stplr_receive_copy_in(&req.receive, &u->receive))
		return -EFAULT;
	/* Written first: a struct that cannot take the outcome fails now. */
	if (put_user(0U, &u->failed))
		return -EFAULT;
	if (req.flags & ~STPLR_RR_ERROR || req.reserved)
		return -EINVAL;
	chan = stplr_channel_lookup(ctx, req.receive.chid);
	if (!chan)
		return put_user(STPLR_RR_FAILED_RECEIVE, &u->failed) ?
		       -EFAULT : -ENOENT;
	ret = stplr_msg_ioctl_reply_receive(ctx, chan, &req, arg);
	stplr_channel_put(chan);
	return ret;
}

static long stplr_ioctl_query(struct stplr_ctx *ctx, void __user *arg);

/* chid: per-process channel numbering */
static long stplr_ioctl_ctx_claim(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_ctx_claim req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || !stplr_reserved_zero(req.reserved, sizeof(req.reserved)))
		return -EINVAL;
	return stplr_ctx_claim(ctx);
}

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

static const struct stplr_ioctl_def stplr_ioctls[] = {
	[_IOC_NR(STPLR_IOC_QUERY)] = {
		.cmd = STPLR_IOC_QUERY,
		.fn = stplr_ioctl_query,
		.name = "query",
		.stat = -1,
		.id_off = 0,
	},
	[_IOC_NR(STPLR_IOC_CHANNEL_CREATE)] = {
		.cmd = STPLR_IOC_CHANNEL_CREATE,
		.fn = stplr_ioctl_channel_create,
		.name = "channel_create",
		.stat = -1,
		.id_off = 0,
	},
	[_IOC_NR(STPLR_IOC_CHANNEL_DESTROY)] = {
		.cmd = STPLR_IOC_CHANNEL_DESTROY,
		.fn = stplr_ioctl_channel_destroy,
		.name = "channel_destroy",
		.stat = -1,
		.id_off = offsetof(struct stplr_channel_destroy, chid),
	},
	[_IOC_NR(STPLR_IOC_CHANNEL_POLLFD)] = {
		.cmd = STPLR_IOC_CHANNEL_POLLFD,
		.fn = stplr_ioctl_channel_pollfd,
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
		.fn = stplr_ioctl_receive,
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
		.fn = stplr_ioctl_pulse,
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
	[_IOC_NR(STPLR_MSG_DELIVER_EVENT)] = {
		.cmd = STPLR_MSG_DELIVER_EVENT,
		.fn = stplr_event_ioctl_deliver,
		.name = "deliver_event",
		.stat = STPLR_STAT_PULSES,
		.id_off = offsetof(struct stplr_msg_event, scoid),
	},
	/* chid: per-process channel numbering */
	[_IOC_NR(STPLR_IOC_CTX_CLAIM)] = {
		.cmd = STPLR_IOC_CTX_CLAIM,
		.fn = stplr_ioctl_ctx_claim,
		.name = "ctx_claim",
		.stat = -1,
		.id_off = 0,
	},
	/* issue 12 (the message path) */
	[_IOC_NR(STPLR_MSG_REPLY_RECEIVE)] = {
		.cmd = STPLR_MSG_REPLY_RECEIVE,
		.fn = stplr_ioctl_reply_receive,
		.name = "reply_receive",
		/* Counted as a receive: a timed-out receive half is normal. */
		.stat = STPLR_STAT_RECEIVES,
		.id_off = offsetof(struct stplr_msg_reply_receive, reply.rcvid),
	},
};

static long stplr_ioctl_query(struct stplr_ctx *ctx, void __user *arg)
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
		     STPLR_FEAT_POLL | STPLR_FEAT_NAME_OWNER |
		     STPLR_FEAT_DELIVER_EVENT | STPLR_FEAT_EVENT_SIGNAL |
		     STPLR_FEAT_CTX_CHID | STPLR_FEAT_REPLY_RECEIVE |
		     STPLR_FEAT_SEND_ASYNC | STPLR_FEAT_REPLY_INLINE |
		     STPLR_FEAT_ASYNC_LARGE;
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
 * stplr_ioctl() - dispatch one ioctl
 * @ctx: the context of the file
 * @cmd: the command
 * @arg: its user argument
 *
 * Return: the command's result, or -ENOTTY for an unknown command.
 */
long stplr_ioctl(struct stplr_ctx *ctx, unsigned int cmd, void __user *arg)
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
		stplr_stats_failed(&ctx->dev->stats, def->name, ret, id);
	}
	return ret;
}
