// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: the object, its publication, permission, receivers and poll fd.
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/hrtimer.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "common.h"
#include "ctx.h"
#include "prio.h"

static void stplr_channel_release(struct kref *ref)
{
	struct stplr_channel *chan = container_of(ref, struct stplr_channel,
						  ref);

	WARN_ON_ONCE(!stplr_queue_empty(&chan->queue));
	WARN_ON_ONCE(!list_empty(&chan->receivers));
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

/**
 * stplr_channel_new() - a channel of the calling process, not published
 * @ctx:   the owning context
 * @flags: STPLR_CHF_* bits, validated
 * @mode:  connect permission bits
 *
 * Return: the channel with one reference, or NULL.
 */
struct stplr_channel *stplr_channel_new(struct stplr_ctx *ctx, u64 flags,
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
	chan->flags = flags;
	INIT_HLIST_NODE(&chan->name_node);
	spin_lock_init(&chan->lock);
	stplr_queue_init(&chan->queue);
	INIT_LIST_HEAD(&chan->receivers);
	INIT_LIST_HEAD(&chan->active);
	INIT_LIST_HEAD(&chan->conns);
	hash_init(chan->clients);
	init_waitqueue_head(&chan->poll_wq);
	return chan;
}

/**
 * stplr_channel_reserve() - reserve a chid in the device and context tables
 * @chan: a new channel
 *
 * The reserved entries read as empty, so nobody reaches the channel until
 * stplr_channel_publish().  A claimed context's chid is the lowest free
 * one of the context, at most max_channels, and is reserved in the
 * context's table only; another context's is the device's next one.
 *
 * Return: 0 with chan->chid set, or a negative errno (-EPERM: a claimed
 * context, and the caller is not its owner).
 */
int stplr_channel_reserve(struct stplr_channel *chan)
{
	struct stplr_ctx *ctx = chan->ctx;
	struct stplr_device *dev = ctx->dev;
	int ret;

	mutex_lock(&dev->lock);
	chan->ctx_chid = ctx->claimed;
	if (chan->ctx_chid) {
		ret = -EPERM;
		if (chan->owner == ctx->owner)
			ret = xa_alloc(&ctx->channels, &chan->chid, NULL,
				       XA_LIMIT(1, READ_ONCE(stplr_max_channels)),
				       GFP_KERNEL_ACCOUNT);
		if (ret == -EBUSY)
			ret = -EMFILE;
		goto out;
	}
	ret = xa_alloc_cyclic(&dev->channels, &chan->chid, NULL,
			      XA_LIMIT(1, INT_MAX), &dev->next_chid,
			      GFP_KERNEL_ACCOUNT);
	if (ret >= 0) {
		ret = xa_insert(&ctx->channels, chan->chid, NULL,
				GFP_KERNEL_ACCOUNT);
		if (ret)
			xa_erase(&dev->channels, chan->chid);
	}
out:
	mutex_unlock(&dev->lock);
	return ret < 0 ? ret : 0;
}

/**
 * stplr_channel_unreserve() - give a reserved chid back
 * @chan: a reserved, unpublished channel
 */
void stplr_channel_unreserve(struct stplr_channel *chan)
{
	struct stplr_ctx *ctx = chan->ctx;
	struct stplr_device *dev = ctx->dev;

	mutex_lock(&dev->lock);
	xa_erase(&ctx->channels, chan->chid);
	if (!chan->ctx_chid)
		xa_erase(&dev->channels, chan->chid);
	mutex_unlock(&dev->lock);
}

/**
 * stplr_channel_publish() - make a reserved channel reachable
 * @chan: the channel; the caller's reference becomes one of the tables'
 *
 * A claimed context's channel is in the context's table only, so it
 * takes one reference fewer.
 */
void stplr_channel_publish(struct stplr_channel *chan)
{
	struct stplr_ctx *ctx = chan->ctx;
	struct stplr_device *dev = ctx->dev;

	mutex_lock(&dev->lock);
	/* The slots exist: these stores allocate nothing. */
	if (!chan->ctx_chid) {
		stplr_channel_get(chan);
		xa_store(&dev->channels, chan->chid, chan, GFP_NOWAIT);
	}
	xa_store(&ctx->channels, chan->chid, chan, GFP_NOWAIT);
	/* The newest COID_DISCONNECT channel gets the COIDDEATH pulses. */
	if (chan->flags & STPLR_CHF_COID_DISCONNECT)
		WRITE_ONCE(ctx->coid_chid, chan->chid);
	mutex_unlock(&dev->lock);
}

/**
 * stplr_channel_unpublish() - take a channel out of its tables
 * @chan: the channel, with a reference of the caller's
 *
 * Return: true for the one caller that took it out; that caller owns the
 * tables' references (stplr_channel_put_tables()) and the destruction.
 */
bool stplr_channel_unpublish(struct stplr_channel *chan)
{
	struct stplr_ctx *ctx = chan->ctx;
	struct stplr_device *dev = ctx->dev;
	struct stplr_channel *other;
	unsigned long chid;
	bool owned;

	mutex_lock(&dev->lock);
	owned = xa_cmpxchg(&ctx->channels, chan->chid, chan, NULL, 0) == chan;
	if (owned) {
		/* A claimed context's chid is free again: lowest first. */
		if (!chan->ctx_chid)
			xa_erase(&dev->channels, chan->chid);
		if (ctx->coid_chid == chan->chid) {
			WRITE_ONCE(ctx->coid_chid, 0);
			xa_for_each(&ctx->channels, chid, other)
				if (other->flags & STPLR_CHF_COID_DISCONNECT)
					WRITE_ONCE(ctx->coid_chid, chid);
		}
	}
	mutex_unlock(&dev->lock);
	return owned;
}

/**
 * stplr_channel_put_tables() - drop the references of the tables
 * @chan: a channel its caller unpublished
 */
void stplr_channel_put_tables(struct stplr_channel *chan)
{
	if (!chan->ctx_chid)
		stplr_channel_put(chan);
	stplr_channel_put(chan);
}

/**
 * stplr_channel_kill() - mark an unpublished channel dead
 * @chan: the channel
 *
 * Nothing is queued on it any more; every waiting receiver wakes and
 * leaves with ESRCH; poll fds report EPOLLHUP.
 */
void stplr_channel_kill(struct stplr_channel *chan)
{
	struct stplr_receiver *r;

	spin_lock(&chan->lock);
	chan->dead = true;
	list_for_each_entry(r, &chan->receivers, node)
		wake_up_process(r->task);
	spin_unlock(&chan->lock);
	wake_up_interruptible_poll(&chan->poll_wq, EPOLLHUP);
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

/**
 * stplr_channel_may_connect() - connect permission of the caller
 * @chan: the channel
 *
 * In the style of System V IPC: the owner's, the group's or everybody's
 * write bit, by the caller's effective ids.  CAP_IPC_OWNER overrides, as
 * it does for IPC objects.
 *
 * Return: true when the caller may connect.
 */
bool stplr_channel_may_connect(const struct stplr_channel *chan)
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
 * @chid: channel id: of the claimed context of @pid on the context's
 *        device when it has one, else device-wide
 *
 * The process is resolved once, to its struct pid, and everything after
 * compares that pointer: a claim or a channel of a process that has
 * exited never matches a newer process given the same number.
 *
 * Return: the channel with a reference, ERR_PTR(-ESRCH) when there is no
 * such live channel, or ERR_PTR(-EACCES) when its mode refuses the caller.
 */
struct stplr_channel *stplr_channel_find(struct stplr_ctx *ctx, u32 pid,
					 u32 chid)
{
	struct stplr_device *dev = ctx->dev;
	struct stplr_channel *chan;
	struct stplr_ctx *claimed;
	struct pid *owner;

	if (pid > INT_MAX)
		return ERR_PTR(-ESRCH);
	rcu_read_lock();
	owner = get_pid(pid ? find_vpid(pid) : task_tgid(current));
	rcu_read_unlock();
	if (!owner)
		return ERR_PTR(-ESRCH);

	/* Under the lock that unpublishes, a loaded channel is alive. */
	mutex_lock(&dev->lock);
	claimed = stplr_ctx_claimed_locked(dev, owner);
	chan = xa_load(claimed ? &claimed->channels : &dev->channels, chid);
	if (chan && (chan->owner != owner || READ_ONCE(chan->dead)))
		chan = NULL;
	if (chan)
		stplr_channel_get(chan);
	mutex_unlock(&dev->lock);
	put_pid(owner);
	if (!chan)
		return ERR_PTR(-ESRCH);
	if (!stplr_channel_may_connect(chan)) {
		stplr_channel_put(chan);
		return ERR_PTR(-EACCES);
	}
	return chan;
}

/**
 * stplr_channel_pick_locked() - the waiting receiver an item goes to
 * @chan: the channel, whose lock is held
 * @kind: the item's kind
 *
 * Return: the first waiting receiver that accepts @kind, taken off the
 * list (the caller must assign it an item and hand it off), or NULL.
 */
struct stplr_receiver *stplr_channel_pick_locked(struct stplr_channel *chan,
						 enum stplr_qkind kind)
{
	struct stplr_receiver *r;

	lockdep_assert_held(&chan->lock);
	list_for_each_entry(r, &chan->receivers, node) {
		if (r->mask & kind) {
			list_del_init(&r->node);
			/* It stays in the kernel until stplr_channel_handoff(). */
			r->boosting = true;
			return r;
		}
	}
	return NULL;
}

/**
 * stplr_channel_handoff() - boost and wake a receiver given an item
 * @chan:     the channel, whose lock is not held
 * @r:        a receiver from stplr_channel_pick_locked() with r->item set
 * @priority: the priority of the item
 *
 * The receiver cannot return before this is done, so the boost lands on
 * the thread that took the item, before it runs, and @r stays valid until
 * the lock is dropped here.
 */
void stplr_channel_handoff(struct stplr_channel *chan,
			   struct stplr_receiver *r, u32 priority)
{
	if (!(chan->flags & STPLR_CHF_FIXED_PRIORITY))
		stplr_prio_boost(r->task, priority, &chan->ctx->boosts);
	spin_lock(&chan->lock);
	r->boosting = false;
	wake_up_process(r->task);
	spin_unlock(&chan->lock);
}

/**
 * stplr_channel_leave_locked() - stop waiting
 * @chan: the channel, whose lock is held
 * @r:    the calling thread's record
 */
void stplr_channel_leave_locked(struct stplr_channel *chan,
				struct stplr_receiver *r)
{
	lockdep_assert_held(&chan->lock);
	list_del_init(&r->node);
}

/**
 * stplr_channel_wait_locked() - sleep until an item is assigned
 * @chan:    the channel, whose lock is held (dropped while sleeping)
 * @r:       the calling thread's record, with no item
 * @expires: absolute timeout, or NULL
 *
 * Return: 0 with r->item set and the hand-off complete, or with no item
 * after a spurious wake-up (the record stays on the list); -ESRCH,
 * -EINTR or -ETIMEDOUT with the record off the list and no item.
 */
int stplr_channel_wait_locked(struct stplr_channel *chan,
			      struct stplr_receiver *r, ktime_t *expires)
{
	int ret = 0;

	lockdep_assert_held(&chan->lock);
	if (list_empty(&r->node))
		list_add_tail(&r->node, &chan->receivers);
	set_current_state(TASK_INTERRUPTIBLE);
	spin_unlock(&chan->lock);
	if (!expires)
		schedule();
	else if (!schedule_hrtimeout(expires, HRTIMER_MODE_ABS))
		ret = -ETIMEDOUT;
	spin_lock(&chan->lock);
	/* Whoever assigned us an item may still be boosting us. */
	while (r->boosting) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		spin_unlock(&chan->lock);
		schedule();
		spin_lock(&chan->lock);
	}
	__set_current_state(TASK_RUNNING);
	if (r->item)
		return 0;
	if (chan->dead)
		ret = -ESRCH;
	else if (signal_pending(current))
		ret = -EINTR;
	if (ret)
		list_del_init(&r->node);
	return ret;
}

/**
 * stplr_channel_queued_locked() - an item was queued: tell the poll fds
 * @chan: the channel, whose lock is held
 */
void stplr_channel_queued_locked(struct stplr_channel *chan)
{
	lockdep_assert_held(&chan->lock);
	wake_up_interruptible_poll(&chan->poll_wq, EPOLLIN | EPOLLRDNORM);
}

static __poll_t stplr_channel_poll(struct file *file, poll_table *wait)
{
	struct stplr_channel *chan = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &chan->poll_wq, wait);
	spin_lock(&chan->lock);
	if (chan->dead)
		mask = EPOLLHUP;
	else if (!stplr_queue_empty(&chan->queue))
		mask = EPOLLIN | EPOLLRDNORM;
	spin_unlock(&chan->lock);
	return mask;
}

static int stplr_channel_poll_release(struct inode *inode, struct file *file)
{
	stplr_channel_put(file->private_data);
	return 0;
}

static const struct file_operations stplr_channel_poll_fops = {
	.owner		= THIS_MODULE,
	.poll		= stplr_channel_poll,
	.release	= stplr_channel_poll_release,
	.llseek		= noop_llseek,
};

/**
 * stplr_channel_pollfd_new() - a poll fd for a channel
 * @chan: the channel; the caller's reference goes to the file on success
 * @ufd:  where the new fd number goes
 *
 * The number is copied out before the fd is installed.
 *
 * Return: 0 or a negative errno (the caller keeps its reference).
 */
int stplr_channel_pollfd_new(struct stplr_channel *chan, int __user *ufd)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile("[stplr-channel]", &stplr_channel_poll_fops,
				  chan, O_RDONLY);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	if (put_user(fd, ufd)) {
		/* The file's release would drop the caller's reference. */
		stplr_channel_get(chan);
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	return 0;
}
