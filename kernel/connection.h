/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: connections
 *
 * A connection is a client context's handle on a channel (QNX coid).  It is
 * owned by its context's @conns table and holds one channel reference.
 * Senders look the connection up under the table's lock and take their own
 * channel reference, so a concurrent disconnect never pulls the channel from
 * under a message in flight.
 *
 * Every connection is also on its channel's @conns list, and each client
 * context connected to a channel has one struct stplr_client there counting
 * its connections, both under the channel's lock: the channel uses them to
 * send DISCONNECT pulses to its server and COIDDEATH pulses to its clients.
 */
#ifndef _STPLR_CONNECTION_H
#define _STPLR_CONNECTION_H

#include <linux/list.h>
#include <linux/types.h>

struct stplr_ctx;
struct stplr_channel;

/**
 * struct stplr_conn - a connection
 * @coid:      its id in the owning context
 * @chan:      the channel (a reference)
 * @ctx:       the owning context
 * @chan_node: entry in the channel's @conns (channel lock)
 * @notified:  the channel's death was reported (channel lock)
 */
struct stplr_conn {
	u32 coid;
	struct stplr_channel *chan;
	struct stplr_ctx *ctx;
	struct list_head chan_node;
	bool notified;
};

long stplr_conn_ioctl_connect(struct stplr_ctx *ctx, void __user *arg);
long stplr_conn_ioctl_disconnect(struct stplr_ctx *ctx, void __user *arg);
long stplr_conn_ioctl_name_open(struct stplr_ctx *ctx, void __user *arg);
struct stplr_channel *stplr_conn_channel_get(struct stplr_ctx *ctx, u32 coid);
void stplr_conn_notify_death(struct stplr_channel *chan);
void stplr_conn_free_all(struct stplr_ctx *ctx);

#endif /* _STPLR_CONNECTION_H */
