// SPDX-License-Identifier: GPL-2.0
/*
 * Connections: ConnectAttach, ConnectDetach and name_open, and the
 * DISCONNECT and COIDDEATH notifications tied to them.
 */
#include <linux/err.h>
#include <linux/hashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "common.h"
#include "connection.h"
#include "ctx.h"
#include "name.h"
#include "prio.h"
#include "pulse.h"

#define STPLR_CONNECT_ALL	STPLR_CONNECT_SIDE_CHANNEL

/**
 * struct stplr_client - one client context connected to a channel
 * @node:       entry in the channel's @clients
 * @scoid:      the client context's id
 * @ctx:        the client context, no reference: valid while @nconns is
 *              not zero (a context's connections go before its file's
 *              reference, ioctl.c)
 * @nconns:     its connections to the channel
 * @pending:    @disconnect is queued or being received
 * @disconnect: its DISCONNECT pulse
 */
struct stplr_client {
	struct hlist_node node;
	u32 scoid;
	struct stplr_ctx *ctx;
	unsigned int nconns;
	bool pending;
	struct stplr_pulse_item disconnect;
};

static struct stplr_client *stplr_client_find_locked(struct stplr_channel *chan,
						     u32 scoid)
{
	struct stplr_client *cl;

	hash_for_each_possible(chan->clients, cl, node, scoid)
		if (cl->scoid == scoid)
			return cl;
	return NULL;
}

/* The DISCONNECT pulse was received or dropped (channel lock held). */
static void stplr_client_pulse_done(struct stplr_pulse_item *pi)
{
	struct stplr_client *cl = container_of(pi, struct stplr_client,
					       disconnect);

	cl->pending = false;
	if (!cl->nconns) {
		hash_del(&cl->node);
		kfree(cl);
	}
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
			hash_add(chan->clients, &cl->node, cl->scoid);
		}
		/*
		 * A record kept for a pending DISCONNECT pulse may be an
		 * earlier context's with the same (reused) id.
		 */
		cl->ctx = conn->ctx;
		cl->nconns++;
		conn->client = cl;
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
	struct stplr_client *cl = conn->client, *gone = NULL;
	struct stplr_receiver *r = NULL;
	struct stplr_pulse_item *death;
	u32 prio = stplr_prio_of(current);

	spin_lock(&chan->lock);
	list_del(&conn->chan_node);
	death = conn->death;
	conn->death = NULL;
	if (!--cl->nconns && !cl->pending) {
		if (!chan->dead && chan->flags & STPLR_CHF_DISCONNECT) {
			cl->pending = true;
			stplr_pulse_init(&cl->disconnect, STPLR_PULSE_DISCONNECT,
					 0, cl->scoid, prio);
			cl->disconnect.release = stplr_client_pulse_done;
			r = stplr_pulse_queue_locked(chan, &cl->disconnect);
		} else {
			hash_del(&cl->node);
			gone = cl;
		}
	}
	spin_unlock(&chan->lock);
	if (r)
		stplr_channel_handoff(chan, r, prio);
	kfree(gone);
	stplr_pulse_free(death);
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
 * new coid through @ucoid before the connection is published.
 */
static long stplr_conn_attach(struct stplr_ctx *ctx, struct stplr_channel *chan,
			      u64 flags, u32 __user *ucoid)
{
	struct stplr_conn *conn;
	struct xa_limit range;
	int ret;

	if (flags & STPLR_CONNECT_SIDE_CHANNEL)
		range = XA_LIMIT(STPLR_SIDE_CHANNEL, INT_MAX);
	else
		range = XA_LIMIT(1, STPLR_SIDE_CHANNEL - 1);
	if (atomic_inc_return(&ctx->nconns) > READ_ONCE(stplr_max_connections)) {
		ret = -EMFILE;
		goto out_count;
	}
	ret = -ENOMEM;
	conn = kzalloc(sizeof(*conn), GFP_KERNEL_ACCOUNT);
	if (!conn)
		goto out_count;
	conn->death = stplr_pulse_alloc();
	if (!conn->death)
		goto out_conn;
	conn->chan = chan;
	conn->ctx = ctx;
	INIT_LIST_HEAD(&conn->chan_node);
	/* Reserved: reads as empty until published below. */
	ret = xa_alloc(&ctx->conns, &conn->coid, NULL, range,
		       GFP_KERNEL_ACCOUNT);
	if (ret) {
		ret = ret == -EBUSY ? -EMFILE : ret;
		goto out_conn;
	}
	ret = stplr_conn_link(conn);
	if (ret)
		goto out_id;
	if (put_user(conn->coid, ucoid)) {
		xa_erase(&ctx->conns, conn->coid);
		/* Linked: undone like a disconnect, by us, its only owner. */
		stplr_conn_free(conn);
		return -EFAULT;
	}
	stplr_dbg(STPLR_DBG_OBJ, "connection %u to channel %u\n", conn->coid,
		  chan->chid);
	/* The slot exists: this store allocates nothing. */
	xa_store(&ctx->conns, conn->coid, conn, GFP_NOWAIT);
	return 0;

out_id:
	xa_erase(&ctx->conns, conn->coid);
out_conn:
	stplr_pulse_free(conn->death);
	kfree(conn);
out_count:
	atomic_dec(&ctx->nconns);
	stplr_channel_put(chan);
	return ret;
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
	struct stplr_name __user *u = arg;
	struct stplr_channel *chan;
	struct stplr_name req;
	u32 uid, pid;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	/* owner_uid and owner_pid are outputs here: a reused struct is fine. */
	if (req.flags & ~STPLR_CONNECT_ALL || req.chid)
		return -EINVAL;
	chan = stplr_name_lookup(ctx, req.name, &uid, &pid);
	if (IS_ERR(chan))
		return PTR_ERR(chan);
	if (put_user(uid, &u->owner_uid) || put_user(pid, &u->owner_pid)) {
		stplr_channel_put(chan);
		return -EFAULT;
	}
	return stplr_conn_attach(ctx, chan, req.flags, &u->coid);
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
	/* A reserved (unpublished) coid reads as empty and stays. */
	xa_lock(&ctx->conns);
	conn = xa_load(&ctx->conns, req.coid);
	if (conn)
		__xa_erase(&ctx->conns, req.coid);
	xa_unlock(&ctx->conns);
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

/**
 * stplr_conn_client_get() - a client context connected to a channel
 * @chan:  the channel
 * @scoid: the client context's id
 *
 * Return: the context with a reference (stplr_ctx_put()), or NULL when
 * it has no connection to @chan (any more) or @chan is destroyed.
 */
struct stplr_ctx *stplr_conn_client_get(struct stplr_channel *chan, u32 scoid)
{
	struct stplr_ctx *ctx = NULL;
	struct stplr_client *cl;

	spin_lock(&chan->lock);
	cl = chan->dead ? NULL : stplr_client_find_locked(chan, scoid);
	if (cl && cl->nconns) {
		ctx = cl->ctx;
		stplr_ctx_get(ctx);
	}
	spin_unlock(&chan->lock);
	return ctx;
}

/**
 * stplr_conn_channel_died() - tell the clients of a destroyed channel
 * @chan: the channel, already dead
 *
 * Each connection's COIDDEATH pulse goes to its context's newest
 * COID_DISCONNECT channel (or is freed when it has none).  One pass over
 * the connections under the lock collects the pulses; they are sent
 * outside it, with a resched point between them.
 */
void stplr_conn_channel_died(struct stplr_channel *chan)
{
	u32 prio = stplr_prio_of(current);
	struct stplr_pulse_item *pi, *tmp;
	struct stplr_channel *target;
	struct stplr_conn *conn;
	LIST_HEAD(batch);
	u32 chid;

	spin_lock(&chan->lock);
	list_for_each_entry(conn, &chan->conns, chan_node) {
		pi = conn->death;
		if (!pi)
			continue;
		conn->death = NULL;
		stplr_pulse_init(pi, STPLR_PULSE_COIDDEATH, conn->coid,
				 conn->ctx->id, prio);
		stplr_ctx_get(conn->ctx);
		pi->dest = conn->ctx;
		list_add_tail(&pi->batch, &batch);
	}
	spin_unlock(&chan->lock);

	list_for_each_entry_safe(pi, tmp, &batch, batch) {
		struct stplr_ctx *ctx = pi->dest;

		list_del_init(&pi->batch);
		pi->dest = NULL;
		chid = READ_ONCE(ctx->coid_chid);
		target = chid ? stplr_channel_lookup(ctx, chid) : NULL;
		if (!target || stplr_pulse_send(target, pi))
			stplr_pulse_free(pi);
		stplr_channel_put(target);
		stplr_ctx_put(ctx);
		cond_resched();
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
		cond_resched();
	}
}
