// SPDX-License-Identifier: GPL-2.0
/*
 * Connections: ConnectAttach and ConnectDetach.
 */

#include <linux/err.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "connection.h"
#include "ctx.h"
#include "common.h"

#define STPLR_CONNECT_ALL	STPLR_CONNECT_SIDE_CHANNEL

static void stplr_conn_free(struct stplr_conn *conn)
{
	stplr_channel_put(conn->chan);
	kfree(conn);
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
	struct stplr_conn *conn;
	struct xa_limit range;
	int ret;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~STPLR_CONNECT_ALL || req.reserved)
		return -EINVAL;
	chan = stplr_channel_find(ctx, req.pid, req.chid);
	if (IS_ERR(chan))
		return PTR_ERR(chan);
	conn = kzalloc(sizeof(*conn), GFP_KERNEL_ACCOUNT);
	if (!conn) {
		stplr_channel_put(chan);
		return -ENOMEM;
	}
	conn->chan = chan;

	if (req.flags & STPLR_CONNECT_SIDE_CHANNEL)
		range = XA_LIMIT(STPLR_SIDE_CHANNEL, INT_MAX);
	else
		range = XA_LIMIT(1, STPLR_SIDE_CHANNEL - 1);
	if (atomic_inc_return(&ctx->nconns) > READ_ONCE(stplr_max_connections)) {
		ret = -EMFILE;
		goto out_count;
	}
	ret = xa_alloc(&ctx->conns, &conn->coid, conn, range,
		       GFP_KERNEL_ACCOUNT);
	if (ret) {
		ret = ret == -EBUSY ? -EMFILE : ret;
		goto out_count;
	}
	if (put_user(conn->coid, &((struct stplr_connect __user *)arg)->coid)) {
		xa_erase(&ctx->conns, conn->coid);
		ret = -EFAULT;
		goto out_count;
	}
	stplr_dbg(STPLR_DBG_OBJ, "connection %u to channel %u\n", conn->coid,
		  chan->chid);
	return 0;

out_count:
	atomic_dec(&ctx->nconns);
	stplr_conn_free(conn);
	return ret;
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
	atomic_dec(&ctx->nconns);
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
 * stplr_conn_free_all() - detach every connection of a closing context
 * @ctx: the context
 */
void stplr_conn_free_all(struct stplr_ctx *ctx)
{
	struct stplr_conn *conn;
	unsigned long coid;

	xa_for_each(&ctx->conns, coid, conn) {
		xa_erase(&ctx->conns, coid);
		atomic_dec(&ctx->nconns);
		stplr_conn_free(conn);
	}
}
