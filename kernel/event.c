// SPDX-License-Identifier: GPL-2.0
/*
 * Events delivered by a server to a client later (QNX MsgDeliverEvent).
 */
#include <linux/err.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "common.h"
#include "connection.h"
#include "ctx.h"
#include "event.h"
#include "pulse.h"

/*
 * The channel of @client's connection @coid, with a reference, or NULL.
 * -EBADF when the client has no such connection, -ESRCH when the client
 * meanwhile left @chan altogether (it has gone).
 */
static struct stplr_channel *stplr_event_dest_get(struct stplr_channel *chan,
						  struct stplr_ctx *client,
						  u32 coid, int *err)
{
	struct stplr_channel *dest = stplr_conn_channel_get(client, coid);
	struct stplr_ctx *still;

	if (dest)
		return dest;
	*err = -EBADF;
	still = stplr_conn_client_get(chan, client->id);
	if (still)
		stplr_ctx_put(still);
	else
		*err = -ESRCH;
	return NULL;
}

/**
 * stplr_event_ioctl_deliver() - STPLR_MSG_DELIVER_EVENT
 * @ctx: the delivering (server) context
 * @arg: user pointer to struct stplr_msg_event
 *
 * The caller's channel, the client's context and the destination channel
 * are held by references for the whole call; the client's connection is
 * looked up in the client's own table, so a connection it closed (or a
 * context that went) is never used.
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_event_ioctl_deliver(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_channel *chan, *dest = NULL;
	struct stplr_ctx *client = NULL;
	struct stplr_pulse_item *pi;
	struct stplr_msg_event req;
	int ret = -ESRCH;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~STPLR_EVENT_F_PRIORITY ||
	    !stplr_reserved_zero(req.reserved, sizeof(req.reserved)))
		return -EINVAL;
	pi = stplr_pulse_user_new(req.code, req.value, req.scoid,
				  req.flags & STPLR_EVENT_F_PRIORITY,
				  req.priority);
	if (IS_ERR(pi))
		return PTR_ERR(pi);
	chan = stplr_channel_lookup(ctx, req.chid);
	if (chan)
		client = stplr_conn_client_get(chan, req.scoid);
	if (client)
		dest = stplr_event_dest_get(chan, client, req.coid, &ret);
	if (dest) {
		ret = stplr_pulse_send(dest, pi);
		stplr_channel_put(dest);
	}
	if (ret)
		stplr_pulse_free(pi);
	if (client)
		stplr_ctx_put(client);
	if (chan)
		stplr_channel_put(chan);
	stplr_dbg(STPLR_DBG_MSG, "event %d to scoid %u coid %u via channel %u: %d\n",
		  req.code, req.scoid, req.coid, req.chid, ret);
	return ret;
}
