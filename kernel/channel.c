// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: creation, lookup, permission and destruction.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "ctx.h"
#include "dev.h"
#include "msg.h"
#include "common.h"

#define STPLR_CHF_ALL		STPLR_CHF_MODE
#define STPLR_MODE_DEFAULT	0600

static void stplr_channel_release(struct kref *ref)
{
	struct stplr_channel *chan = container_of(ref, struct stplr_channel,
						  ref);

	put_pid(chan->owner);
	stplr_ctx_put(chan->ctx);
	kfree(chan);
}

/**
 * stplr_channel_get() - take a channel reference
 * @chan: the channel
 */
void stplr_channel_get(struct stplr_channel *chan)
{
	kref_get(&chan->ref);
}

/**
 * stplr_channel_put() - drop a channel reference
 * @chan: the channel, or NULL
 */
void stplr_channel_put(struct stplr_channel *chan)
{
	if (chan)
		kref_put(&chan->ref, stplr_channel_release);
}

static struct stplr_channel *stplr_channel_new(struct stplr_ctx *ctx,
					       u32 mode)
{
	struct stplr_channel *chan;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL_ACCOUNT);
	if (!chan)
		return NULL;
	kref_init(&chan->ref);
	stplr_ctx_get(ctx);
	chan->ctx = ctx;
	chan->owner = get_task_pid(current, PIDTYPE_TGID);
	chan->uid = current_euid();
	chan->gid = current_egid();
	chan->mode = mode;
	spin_lock_init(&chan->lock);
	chan->queue = RB_ROOT_CACHED;
	INIT_LIST_HEAD(&chan->active);
	init_waitqueue_head(&chan->recv_wq);
	return chan;
}

/*
 * Publishes @chan in the device and context tables; each holds a
 * reference, the first being the one the caller got from
 * stplr_channel_new().  Returns 0 with chan->chid set, or a negative
 * errno with the caller still owning its reference.
 */
static int stplr_channel_publish(struct stplr_channel *chan)
{
	struct stplr_ctx *ctx = chan->ctx;
	struct stplr_device *dev = ctx->dev;
	int ret;

	mutex_lock(&dev->lock);
	ret = xa_alloc_cyclic(&dev->channels, &chan->chid, chan,
			      XA_LIMIT(1, INT_MAX), &dev->next_chid,
			      GFP_KERNEL_ACCOUNT);
	if (ret >= 0) {
		ret = xa_insert(&ctx->channels, chan->chid, chan,
				GFP_KERNEL_ACCOUNT);
		if (ret)
			xa_erase(&dev->channels, chan->chid);
	}
	if (ret >= 0) {
		stplr_channel_get(chan);
		ret = 0;
	}
	mutex_unlock(&dev->lock);
	return ret;
}

/**
 * stplr_channel_ioctl_create() - STPLR_IOC_CHANNEL_CREATE
 * @ctx: the creating context
 * @arg: user struct stplr_channel_create
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_channel_ioctl_create(struct stplr_ctx *ctx, void __user *arg)
{
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
	chan = stplr_channel_new(ctx, mode);
	if (!chan) {
		ret = -ENOMEM;
		goto out_count;
	}
	ret = stplr_channel_publish(chan);
	if (ret) {
		stplr_channel_put(chan);
		goto out_count;
	}
	stplr_dbg(STPLR_DBG_OBJ, "channel %u created, mode %o\n", chan->chid,
		  mode);
	/* From here on the two table references own the channel. */
	if (put_user(chan->chid, &((struct stplr_channel_create __user *)arg)->chid)) {
		stplr_channel_destroy(chan);
		return -EFAULT;
	}
	return 0;

out_count:
	atomic_dec(&ctx->nchannels);
	return ret;
}

/**
 * stplr_channel_destroy() - take a channel out of service
 * @chan: a channel the caller holds a reference on
 *
 * Removes it from the device and context tables, fails every queued and
 * received message with ESRCH and wakes every receiver.  Safe to call more
 * than once; only the first call does anything.
 */
void stplr_channel_destroy(struct stplr_channel *chan)
{
	struct stplr_ctx *ctx = chan->ctx;
	struct stplr_device *dev = ctx->dev;
	struct stplr_msg *msg, *tmp;
	bool owned;

	mutex_lock(&dev->lock);
	owned = xa_cmpxchg(&ctx->channels, chan->chid, chan, NULL, 0) == chan;
	if (owned)
		xa_erase(&dev->channels, chan->chid);
	mutex_unlock(&dev->lock);
	if (!owned)
		return;

	spin_lock(&chan->lock);
	chan->dead = true;
	while ((msg = stplr_msg_first_locked(chan)))
		stplr_msg_end_locked(msg, -ESRCH);
	list_for_each_entry_safe(msg, tmp, &chan->active, active)
		stplr_msg_end_locked(msg, -ESRCH);
	spin_unlock(&chan->lock);
	wake_up_all(&chan->recv_wq);

	stplr_dbg(STPLR_DBG_OBJ, "channel %u destroyed\n", chan->chid);
	atomic_dec(&ctx->nchannels);
	/* The two table references. */
	stplr_channel_put(chan);
	stplr_channel_put(chan);
}

/**
 * stplr_channel_ioctl_destroy() - STPLR_IOC_CHANNEL_DESTROY
 * @ctx: the owning context
 * @arg: user struct stplr_channel_destroy
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_channel_ioctl_destroy(struct stplr_ctx *ctx, void __user *arg)
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
	stplr_channel_destroy(chan);
	stplr_channel_put(chan);
	return 0;
}

/**
 * stplr_channel_lookup() - find a channel of a context
 * @ctx:  the context
 * @chid: channel id
 *
 * Return: the channel with a reference, or NULL.
 */
struct stplr_channel *stplr_channel_lookup(struct stplr_ctx *ctx, u32 chid)
{
	struct stplr_channel *chan;

	xa_lock(&ctx->channels);
	chan = xa_load(&ctx->channels, chid);
	if (chan)
		stplr_channel_get(chan);
	xa_unlock(&ctx->channels);
	return chan;
}

/*
 * Connect permission, in the style of System V IPC: the owner's, the
 * group's or everybody's write bit, by the caller's effective ids.
 * CAP_IPC_OWNER overrides, as it does for IPC objects.
 */
static bool stplr_channel_may_connect(const struct stplr_channel *chan)
{
	u32 bits = chan->mode;

	if (uid_eq(current_euid(), chan->uid))
		bits >>= 6;
	else if (in_egroup_p(chan->gid))
		bits >>= 3;
	return (bits & 02) || capable(CAP_IPC_OWNER);
}

/**
 * stplr_channel_find() - find a channel to connect to (ConnectAttach)
 * @ctx:  the connecting context
 * @pid:  the creator's process id in the caller's pid namespace, or 0
 * @chid: channel id on the context's device
 *
 * Return: the channel with a reference, ERR_PTR(-ESRCH) when there is no
 * such live channel, or ERR_PTR(-EACCES) when its mode refuses the caller.
 */
struct stplr_channel *stplr_channel_find(struct stplr_ctx *ctx, u32 pid,
					 u32 chid)
{
	struct stplr_device *dev = ctx->dev;
	struct stplr_channel *chan;
	struct pid *owner;
	bool match;

	if (pid > INT_MAX)
		return ERR_PTR(-ESRCH);
	xa_lock(&dev->channels);
	chan = xa_load(&dev->channels, chid);
	if (chan)
		stplr_channel_get(chan);
	xa_unlock(&dev->channels);
	if (!chan)
		return ERR_PTR(-ESRCH);

	rcu_read_lock();
	owner = pid ? find_vpid(pid) : task_tgid(current);
	match = owner == chan->owner && !READ_ONCE(chan->dead);
	rcu_read_unlock();
	if (!match) {
		stplr_channel_put(chan);
		return ERR_PTR(-ESRCH);
	}
	if (!stplr_channel_may_connect(chan)) {
		stplr_channel_put(chan);
		return ERR_PTR(-EACCES);
	}
	return chan;
}
