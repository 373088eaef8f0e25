// SPDX-License-Identifier: GPL-2.0
/*
 * Connections: ConnectAttach, ConnectDetach and name_open, and the
 * notifications tied to them.
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "connection.h"
#include "ctx.h"
#include "common.h"
#include "pulse.h"

#define STPLR_CONNECT_ALL	STPLR_CONNECT_SIDE_CHANNEL

/**
 * struct stplr_client - one client context connected to a channel
 * @node:   entry in the channel's @clients
 * @scoid:  the client context's id
 * @nconns: its connections to the channel
 */
struct stplr_client {
	struct list_head node;
	u32 scoid;
	unsigned int nconns;
};

static struct stplr_client *stplr_client_find_locked(struct stplr_channel *chan,
						     u32 scoid)
{
	struct stplr_client *cl;

	list_for_each_entry(cl, &chan->clients, node)
		if (cl->scoid == scoid)
			return cl;
	return NULL;
}

/*
 * Puts @conn on its channel's lists.  Returns -ESRCH when the channel is
 * being destroyed.
 */
static int stplr_conn_link(struct stplr_conn *conn)
{
	struct stplr_channel *chan = conn->chan;
	struct stplr_client *spare, *cl;
	int ret = 0;

	spare = kzalloc(sizeof(*spare), GFP_KERNEL_ACCOUNT);
	if (!spare)
		return -ENOMEM;
	spin_lock(&chan->lock);
	if (chan->dead) {
		ret = -ESRCH;
	} else {
		cl = stplr_client_find_locked(chan, conn->ctx->id);
		if (!cl) {
			cl = spare;
			spare = NULL;
			cl->scoid = conn->ctx->id;
			list_add_tail(&cl->node, &chan->clients);
		}
		cl->nconns++;
		list_add_tail(&conn->chan_node, &chan->conns);
	}
	spin_unlock(&chan->lock);
	kfree(spare);
	return ret;
}

/*
 * Takes @conn off its channel's lists; the client context's last
 * connection going sends DISCONNECT when the channel asked for it.
 */
static void stplr_conn_unlink(struct stplr_conn *conn)
{
	struct stplr_channel *chan = conn->chan;
	struct stplr_client *cl;
	bool last = false;

	spin_lock(&chan->lock);
	list_del(&conn->chan_node);
	cl = stplr_client_find_locked(chan, conn->ctx->id);
	if (cl && !--cl->nconns) {
		list_del(&cl->node);
		last = !chan->dead;
	} else {
		cl = NULL;
	}
	spin_unlock(&chan->lock);
	kfree(cl);
	if (last && chan->flags & STPLR_CHF_DISCONNECT)
		stplr_pulse_kernel(chan, STPLR_PULSE_DISCONNECT, 0,
				   conn->ctx->id);
}

static void stplr_conn_free(struct stplr_conn *conn)
{
	atomic_dec(&conn->ctx->nconns);
	stplr_conn_unlink(conn);
	stplr_channel_put(conn->chan);
	kfree(conn);
}

/*
 * Connects @ctx to @chan (whose reference it takes over) and returns the
 * new coid through @ucoid.
 */
static long stplr_conn_attach(struct stplr_ctx *ctx, struct stplr_channel *chan,
			      u64 flags, u32 __user *ucoid)
{
	struct stplr_conn *conn;
	struct xa_limit range;
	int ret;

	if (atomic_inc_return(&ctx->nconns) > READ_ONCE(stplr_max_connections)) {
		atomic_dec(&ctx->nconns);
		stplr_channel_put(chan);
		return -EMFILE;
	}
	conn = kzalloc(sizeof(*conn), GFP_KERNEL_ACCOUNT);
	if (!conn) {
		atomic_dec(&ctx->nconns);
		stplr_channel_put(chan);
		return -ENOMEM;
	}
	conn->chan = chan;
	conn->ctx = ctx;
	INIT_LIST_HEAD(&conn->chan_node);
	ret = stplr_conn_link(conn);
	if (ret) {
		/* Never linked: undo by hand. */
		stplr_channel_put(chan);
		kfree(conn);
		atomic_dec(&ctx->nconns);
		return ret;
	}

	if (flags & STPLR_CONNECT_SIDE_CHANNEL)
		range = XA_LIMIT(STPLR_SIDE_CHANNEL, INT_MAX);
	else
		range = XA_LIMIT(1, STPLR_SIDE_CHANNEL - 1);
	ret = xa_alloc(&ctx->conns, &conn->coid, conn, range,
		       GFP_KERNEL_ACCOUNT);
	if (ret) {
		stplr_conn_free(conn);
		return ret == -EBUSY ? -EMFILE : ret;
	}
	if (put_user(conn->coid, ucoid)) {
		xa_erase(&ctx->conns, conn->coid);
		stplr_conn_free(conn);
		return -EFAULT;
	}
	stplr_dbg(STPLR_DBG_OBJ, "connection %u to channel %u\n", conn->coid,
		  chan->chid);
	return 0;
}

/**
 * stplr_conn_ioctl_connect() - STPLR_IOC_CONNECT
 * @ctx: the connecting context
 * @arg: user struct stplr_connect
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_conn_ioctl_connect(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_connect req;
	struct stplr_channel *chan;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~STPLR_CONNECT_ALL || req.reserved)
		return -EINVAL;
	chan = stplr_channel_find(ctx, req.pid, req.chid);
	if (IS_ERR(chan))
		return PTR_ERR(chan);
	return stplr_conn_attach(ctx, chan, req.flags,
				 &((struct stplr_connect __user *)arg)->coid);
}

/**
 * stplr_conn_ioctl_name_open() - STPLR_IOC_NAME_OPEN
 * @ctx: the connecting context
 * @arg: user struct stplr_name
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_conn_ioctl_name_open(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_channel *chan;
	struct stplr_name req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~STPLR_CONNECT_ALL || req.chid || req.reserved)
		return -EINVAL;
	chan = stplr_channel_find_name(ctx, req.name);
	if (IS_ERR(chan))
		return PTR_ERR(chan);
	return stplr_conn_attach(ctx, chan, req.flags,
				 &((struct stplr_name __user *)arg)->coid);
}

/**
 * stplr_conn_ioctl_disconnect() - STPLR_IOC_DISCONNECT
 * @ctx: the owning context
 * @arg: user struct stplr_disconnect
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_conn_ioctl_disconnect(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_disconnect req;
	struct stplr_conn *conn;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.reserved)
		return -EINVAL;
	conn = xa_erase(&ctx->conns, req.coid);
	if (!conn)
		return -ENOENT;
	stplr_dbg(STPLR_DBG_OBJ, "connection %u detached\n", conn->coid);
	stplr_conn_free(conn);
	return 0;
}

/**
 * stplr_conn_channel_get() - the channel behind a connection
 * @ctx:  the context
 * @coid: connection id
 *
 * Return: the channel with a reference of the caller's own, or NULL.
 */
struct stplr_channel *stplr_conn_channel_get(struct stplr_ctx *ctx, u32 coid)
{
	struct stplr_channel *chan = NULL;
	struct stplr_conn *conn;

	xa_lock(&ctx->conns);
	conn = xa_load(&ctx->conns, coid);
	if (conn) {
		chan = conn->chan;
		stplr_channel_get(chan);
	}
	xa_unlock(&ctx->conns);
	return chan;
}

/* Sends COIDDEATH for @coid to every COID_DISCONNECT channel of @ctx. */
static void stplr_conn_coid_death(struct stplr_ctx *ctx, u32 coid)
{
	struct stplr_channel *chan;
	unsigned long chid;
	void *entry;

	xa_for_each(&ctx->channels, chid, entry) {
		chan = stplr_channel_lookup(ctx, chid);
		if (!chan)
			continue;
		if (chan->flags & STPLR_CHF_COID_DISCONNECT)
			stplr_pulse_kernel(chan, STPLR_PULSE_COIDDEATH, coid,
					   ctx->id);
		stplr_channel_put(chan);
	}
}

/**
 * stplr_conn_notify_death() - tell the clients of a destroyed channel
 * @chan: the channel, already dead
 *
 * Each client context with a COID_DISCONNECT channel gets a COIDDEATH
 * pulse per connection it had to @chan.
 */
void stplr_conn_notify_death(struct stplr_channel *chan)
{
	struct stplr_conn *conn;
	struct stplr_ctx *ctx;
	u32 coid;

	for (;;) {
		ctx = NULL;
		spin_lock(&chan->lock);
		list_for_each_entry(conn, &chan->conns, chan_node) {
			if (conn->notified)
				continue;
			conn->notified = true;
			/* Linked connections keep their context alive. */
			ctx = conn->ctx;
			stplr_ctx_get(ctx);
			coid = conn->coid;
			break;
		}
		spin_unlock(&chan->lock);
		if (!ctx)
			return;
		stplr_conn_coid_death(ctx, coid);
		stplr_ctx_put(ctx);
	}
}

/**
 * stplr_conn_free_all() - detach every connection of a closing context
 * @ctx: the context
 */
void stplr_conn_free_all(struct stplr_ctx *ctx)
{
	struct stplr_conn *conn;
	unsigned long coid;

	xa_for_each(&ctx->conns, coid, conn) {
		xa_erase(&ctx->conns, coid);
		stplr_conn_free(conn);
	}
}
