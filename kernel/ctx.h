/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: contexts
 *
 * A context is one open file of a stapler device: the stapler view of a
 * QNX process.  It owns three tables, each an xarray whose internal lock is
 * taken only to look an entry up and take a reference:
 *   @channels: chid -> channel, one reference each (the same chid as in the
 *              device table);
 *   @conns:    coid -> connection;
 *   @msgs:     rcvid -> message received on one of this context's channels
 *              and waiting for a reply.  Entries are inserted by senders and
 *              removed by whoever ends the message; they hold no reference.
 *
 * Lifetime: the file holds the first reference.  stplr_ctx_shutdown() runs
 * at file release (every fd, dup and forked copy closed) and destroys the
 * channels and connections; each channel holds a reference until it is
 * freed, so @msgs outlives every message in flight.
 */
#ifndef _STPLR_CTX_H
#define _STPLR_CTX_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/xarray.h>

struct stplr_device;

/**
 * struct stplr_ctx - one open file of /dev/stplr-N
 * @ref:        references: the file, and each channel of the context
 * @dev:        the device
 * @id:         context id, reported to servers as scoid
 * @channels:   chid -> struct stplr_channel
 * @conns:      coid -> struct stplr_conn
 * @next_coid:  cyclic allocation cursor for @conns
 * @msgs:       rcvid -> struct stplr_msg
 * @next_rcvid: cyclic allocation cursor for @msgs
 * @nchannels:  channels in @channels (bounded by max_channels)
 * @nconns:     connections in @conns (bounded by max_connections)
 * @boost_lock: serialises @boosts
 * @boosts:     tid -> struct stplr_boost of threads raised by senders
 * @node:       entry in the device's context list (device lock)
 * @owner:      pid of the process that opened the file
 */
struct stplr_ctx {
	struct kref ref;
	struct stplr_device *dev;
	u32 id;
	struct xarray channels;
	struct xarray conns;
	u32 next_coid;
	struct xarray msgs;
	u32 next_rcvid;
	atomic_t nchannels;
	atomic_t nconns;
	struct mutex boost_lock; /* see @boosts */
	struct xarray boosts;
	struct list_head node;
	pid_t owner;
};

struct stplr_ctx *stplr_ctx_new(struct stplr_device *dev);
void stplr_ctx_shutdown(struct stplr_ctx *ctx);
void stplr_ctx_get(struct stplr_ctx *ctx);
void stplr_ctx_put(struct stplr_ctx *ctx);
long stplr_ctx_ioctl(struct stplr_ctx *ctx, unsigned int cmd,
		     void __user *arg);

#endif /* _STPLR_CTX_H */
