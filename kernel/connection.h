/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: connections
 *
 * A connection is a client context's handle on a channel (QNX coid).  It
 * is owned by its context's @conns table and holds one channel reference.
 * Senders look the connection up under the table's lock and take their own
 * channel reference, so a concurrent disconnect never pulls the channel
 * from under a message in flight.
 *
 * Publication: the coid is reserved in the table (the entry reads as
 * empty, so DISCONNECT of it fails with ENOENT and leaves it), the
 * connection is linked to its channel, the coid is copied to user space,
 * and only then is the connection stored in the table.  Whoever erases it
 * from the table (DISCONNECT, or the context's release) frees it.
 *
 * Every connection is on its channel's @conns list, and each client context
 * connected to a channel has one struct stplr_client in the channel's
 * @clients hash counting its connections, both under the channel's lock.
 * The client record embeds the DISCONNECT pulse (pending at most once) and
 * lives until its last connection is gone and that pulse was received or
 * dropped.  Each connection carries its COIDDEATH pulse, allocated at
 * connect and sent at most once, when its channel is destroyed, to the
 * client context's newest COID_DISCONNECT channel.
 */
#ifndef _STPLR_CONNECTION_H
#define _STPLR_CONNECTION_H

#include <linux/list.h>
#include <linux/types.h>

struct stplr_ctx;
struct stplr_channel;
struct stplr_client;
struct stplr_pulse_item;

/**
 * struct stplr_conn - a connection
 * @coid:      its id in the owning context
 * @chan:      the channel (a reference)
 * @ctx:       the owning context
 * @client:    the channel's record of @ctx (channel lock)
 * @chan_node: entry in the channel's @conns (channel lock)
 * @death:     its COIDDEATH pulse until sent (channel lock)
 */
struct stplr_conn {
	u32 coid;
	struct stplr_channel *chan;
	struct stplr_ctx *ctx;
	struct stplr_client *client;
	struct list_head chan_node;
	struct stplr_pulse_item *death;
};

long stplr_conn_ioctl_connect(struct stplr_ctx *ctx, void __user *arg);
long stplr_conn_ioctl_disconnect(struct stplr_ctx *ctx, void __user *arg);
long stplr_conn_ioctl_name_open(struct stplr_ctx *ctx, void __user *arg);
struct stplr_channel *stplr_conn_channel_get(struct stplr_ctx *ctx, u32 coid);
struct stplr_ctx *stplr_conn_client_get(struct stplr_channel *chan, u32 scoid);
void stplr_conn_channel_died(struct stplr_channel *chan);
void stplr_conn_free_all(struct stplr_ctx *ctx);

#endif /* _STPLR_CONNECTION_H */
