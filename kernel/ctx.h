/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: devices and contexts
 *
 * A device (/dev/stplr-N) is an independent domain: its channel-id table,
 * its names, its open contexts, its counters.  Devices are created at
 * module load and freed at unload; every open file holds a module
 * reference, so no device is freed while a context refers to it.
 *
 * A context is one open file of a device: the stapler view of a QNX
 * process.  It owns three tables, each with its own lock, taken only to
 * look an entry up and take a reference:
 *   @channels: chid -> channel, one reference each (unclaimed: the same
 *              chid as in the device table; claimed: this table only);
 *   @conns:    coid -> connection;
 *   @rcvids:   rcvid -> message sent to one of this context's channels
 *              and not yet ended; published by senders and removed by
 *              whoever ends the message; no reference (rcvid.h; a fixed
 *              hash with its own lock, not an xarray).
 * An id is reserved in its table (an entry that reads as empty), copied to
 * user space, and only then published, so no other thread can reach an
 * object before its creator is done with it.
 *
 * Numbering: an unclaimed context's chids are the device's (one id space
 * for all of them); a claimed one (STPLR_IOC_CTX_CLAIM) numbers its own
 * from 1, lowest free first, and is found by its owner's struct pid in the
 * device's @claims hash for (pid, chid) lookups.  @claimed is set once,
 * under the device lock, while the context has no channel, and the
 * context stays in @claims until its release unlinks it: a stale claim
 * (owner exited, pid number reused) never matches, because lookups
 * compare struct pid pointers and the context holds its owner's.
 *
 * Lifetime: the file holds the first reference; each channel holds one,
 * so @rcvids outlives every message in flight.  The release of the file
 * (ioctl.c) destroys the context's channels and connections; no ioctl of
 * the context can run then, because each held the file.
 */
#ifndef _STPLR_CTX_H
#define _STPLR_CTX_H

#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include "rcvid.h"
#include "stats.h"

struct stplr_msg;

/**
 * struct stplr_device - one /dev/stplr-N
 * @misc:      the misc device
 * @index:     N
 * @lock:      serialises publication in @channels, the context
 *             tables' channel entries, @names and @ctxs
 * @channels:  chid -> struct stplr_channel (one reference each)
 * @next_chid: cyclic allocation cursor for @channels
 * @ctx_ids:   allocator for context ids (scoid); has its own lock
 * @names:     published names (name.c), under @lock
 * @ctxs:      open contexts, under @lock
 * @claims:    claimed contexts by owner (struct pid pointer), under @lock
 * @debugfs:   the device's debugfs directory
 * @stats:     counters and failure log
 * @name:      "stplr-N"
 */
struct stplr_device {
	struct miscdevice misc;
	unsigned int index;
	struct mutex lock; /* see @lock */
	struct xarray channels;
	u32 next_chid;
	struct ida ctx_ids;
	DECLARE_HASHTABLE(names, 8);
	struct list_head ctxs;
	DECLARE_HASHTABLE(claims, 6);
	struct dentry *debugfs;
	struct stplr_stats stats;
	char name[20];
};

/**
 * struct stplr_ctx - one open file of /dev/stplr-N
 * @ref:        references: the file, and each channel of the context
 * @dev:        the device
 * @id:         context id, reported to servers as scoid
 * @channels:   chid -> struct stplr_channel
 * @conns:      coid -> struct stplr_conn
 * @rcvids:     rcvid -> struct stplr_msg (rcvid.h)
 * @nchannels:  channels of the context (bounded by max_channels)
 * @nconns:     connections of the context (bounded by max_connections)
 * @coid_chid:  the newest channel created with COID_DISCONNECT (when it
 *              goes, another one of them), 0 if none (device lock)
 * @boosts:     threads boosted by this context's channels (prio.c)
 * @node:       entry in the device's context list (device lock)
 * @owner:      thread group that opened the file (a reference)
 * @claimed:    channels are numbered per context and found through
 *              @owner (STPLR_IOC_CTX_CLAIM); set once (device lock)
 * @claim_node: entry in the device's @claims while @claimed (device lock)
 * @msg_spare:  a message kept for the next send (msg.h), or NULL; taken
 *              and parked with xchg()/cmpxchg(), freed with the context
 */
struct stplr_ctx {
	struct kref ref;
	struct stplr_device *dev;
	u32 id;
	struct xarray channels;
	struct xarray conns;
	struct stplr_rcvids rcvids;
	atomic_t nchannels;
	atomic_t nconns;
	u32 coid_chid;
	struct list_head boosts;
	struct list_head node;
	struct pid *owner;
	bool claimed;
	struct hlist_node claim_node;
	struct stplr_msg *msg_spare;
};

void stplr_device_init(struct stplr_device *dev, unsigned int index);
void stplr_device_destroy(struct stplr_device *dev);
struct stplr_ctx *stplr_ctx_new(struct stplr_device *dev);
void stplr_ctx_unlink(struct stplr_ctx *ctx);
void stplr_ctx_get(struct stplr_ctx *ctx);
void stplr_ctx_put(struct stplr_ctx *ctx);
int stplr_ctx_claim(struct stplr_ctx *ctx);
struct stplr_ctx *stplr_ctx_claimed_locked(struct stplr_device *dev,
					   struct pid *owner);

#endif /* _STPLR_CTX_H */
