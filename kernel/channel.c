// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: creation, lookup, permission and destruction.
 */

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "channel.h"
#include "ctx.h"
#include "dev.h"
#include "msg.h"
#include "common.h"
#include "connection.h"
#include "inherit.h"
#include "pulse.h"

#define STPLR_CHF_ALL	(STPLR_CHF_FIXED_PRIORITY | STPLR_CHF_UNBLOCK | \
			 STPLR_CHF_THREAD_DEATH | STPLR_CHF_DISCONNECT | \
			 STPLR_CHF_COID_DISCONNECT | STPLR_CHF_MODE)
#define STPLR_MODE_DEFAULT	0600

static bool stplr_qitem_before(struct rb_node *a, const struct rb_node *b)
{
	const struct stplr_qitem *x = rb_entry(a, struct stplr_qitem, node);
	const struct stplr_qitem *y = rb_entry(b, struct stplr_qitem, node);

	return x->prio < y->prio || (x->prio == y->prio && x->seq < y->seq);
}

static bool stplr_qitem_user_pulse(const struct stplr_qitem *item)
{
	return item->kind == STPLR_ITEM_PULSE &&
	       container_of(item, struct stplr_pulse_item, q)->user;
}

/**
 * stplr_channel_enqueue_locked() - queue a message or pulse
 * @chan: the channel, whose lock is held
 * @item: the entry
 * @new:  a new arrival (else a message given back keeps its place)
 */
void stplr_channel_enqueue_locked(struct stplr_channel *chan,
				  struct stplr_qitem *item, bool new)
{
	lockdep_assert_held(&chan->lock);
	if (new)
		item->seq = chan->seq++;
	rb_add_cached(&item->node, &chan->queue, stplr_qitem_before);
	if (item->kind == STPLR_ITEM_MSG) {
		container_of(item, struct stplr_msg, q)->state = STPLR_MSG_QUEUED;
		chan->nqueued++;
	} else if (stplr_qitem_user_pulse(item)) {
		chan->npulses++;
	}
}

/**
 * stplr_channel_first_locked() - the entry a receiver takes next
 * @chan:        the channel, whose lock is held
 * @pulses_only: skip messages
 *
 * Return: the queued entry with the best priority, earliest first, or
 * NULL.
 */
struct stplr_qitem *stplr_channel_first_locked(struct stplr_channel *chan,
					       bool pulses_only)
{
	struct rb_node *n;

	lockdep_assert_held(&chan->lock);
	for (n = rb_first_cached(&chan->queue); n; n = rb_next(n)) {
		struct stplr_qitem *item = rb_entry(n, struct stplr_qitem, node);

		if (!pulses_only || item->kind == STPLR_ITEM_PULSE)
			return item;
	}
	return NULL;
}

/**
 * stplr_channel_unqueue_locked() - take an entry off the queue
 * @chan: the channel, whose lock is held
 * @item: a queued entry
 */
void stplr_channel_unqueue_locked(struct stplr_channel *chan,
				  struct stplr_qitem *item)
{
	lockdep_assert_held(&chan->lock);
	rb_erase_cached(&item->node, &chan->queue);
	if (item->kind == STPLR_ITEM_MSG)
		chan->nqueued--;
	else if (stplr_qitem_user_pulse(item))
		chan->npulses--;
}

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
					       u64 flags, u32 mode)
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
	INIT_LIST_HEAD(&chan->name_node);
	spin_lock_init(&chan->lock);
	chan->queue = RB_ROOT_CACHED;
	INIT_LIST_HEAD(&chan->active);
	INIT_LIST_HEAD(&chan->conns);
	INIT_LIST_HEAD(&chan->clients);
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
	chan = stplr_channel_new(ctx, req.flags, mode);
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

	struct stplr_qitem *item;

	mutex_lock(&dev->lock);
	owned = xa_cmpxchg(&ctx->channels, chan->chid, chan, NULL, 0) == chan;
	if (owned) {
		xa_erase(&dev->channels, chan->chid);
		list_del_init(&chan->name_node);
	}
	mutex_unlock(&dev->lock);
	if (!owned)
		return;

	spin_lock(&chan->lock);
	chan->dead = true;
	while ((item = stplr_channel_first_locked(chan, false))) {
		if (item->kind == STPLR_ITEM_MSG) {
			stplr_msg_end_locked(container_of(item, struct stplr_msg, q),
					     -ESRCH);
		} else {
			stplr_channel_unqueue_locked(chan, item);
			kfree(container_of(item, struct stplr_pulse_item, q));
		}
	}
	list_for_each_entry_safe(msg, tmp, &chan->active, active)
		stplr_msg_end_locked(msg, -ESRCH);
	spin_unlock(&chan->lock);
	wake_up_all(&chan->recv_wq);
	stplr_conn_notify_death(chan);

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

static __poll_t stplr_channel_poll(struct file *file, poll_table *wait)
{
	struct stplr_channel *chan = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &chan->recv_wq, wait);
	spin_lock(&chan->lock);
	if (chan->dead)
		mask = EPOLLHUP;
	else if (!RB_EMPTY_ROOT(&chan->queue.rb_root))
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
 * stplr_channel_ioctl_pollfd() - STPLR_IOC_CHANNEL_POLLFD
 * @ctx: the owning context
 * @arg: user struct stplr_channel_pollfd
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_channel_ioctl_pollfd(struct stplr_ctx *ctx, void __user *arg)
{
	struct stplr_channel_pollfd req;
	struct stplr_channel *chan;
	struct file *file;
	int fd;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.reserved)
		return -EINVAL;
	chan = stplr_channel_lookup(ctx, req.chid);
	if (!chan)
		return -ENOENT;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		stplr_channel_put(chan);
		return fd;
	}
	/* The file owns the lookup's reference from here on. */
	file = anon_inode_getfile("[stplr-channel]", &stplr_channel_poll_fops,
				  chan, O_RDONLY);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		stplr_channel_put(chan);
		return PTR_ERR(file);
	}
	if (put_user(fd, &((struct stplr_channel_pollfd __user *)arg)->fd)) {
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	return 0;
}

/* A name is a relative path without empty, "." or ".." components. */
static int stplr_name_check(const char *name)
{
	size_t len = strnlen(name, STPLR_NAME_MAX);
	const char *p = name;

	if (!len || len == STPLR_NAME_MAX)
		return -EINVAL;
	while (*p) {
		const char *slash = strchrnul(p, '/');
		size_t n = slash - p;

		if (!n || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return -EINVAL;
		if (!*slash)
			break;
		p = slash + 1;
		if (!*p)
			return -EINVAL;
	}
	return 0;
}

static struct stplr_channel *stplr_name_find_locked(struct stplr_device *dev,
						    const char *name)
{
	struct stplr_channel *chan;

	lockdep_assert_held(&dev->lock);
	list_for_each_entry(chan, &dev->names, name_node)
		if (!strcmp(chan->name, name))
			return chan;
	return NULL;
}

/**
 * stplr_channel_ioctl_name() - STPLR_IOC_NAME_ATTACH and _DETACH
 * @ctx:    the owning context
 * @arg:    user struct stplr_name
 * @attach: ATTACH, else DETACH
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
long stplr_channel_ioctl_name(struct stplr_ctx *ctx, void __user *arg,
			      bool attach)
{
	struct stplr_device *dev = ctx->dev;
	struct stplr_channel *chan;
	struct stplr_name req;
	int ret = 0;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.coid || req.reserved)
		return -EINVAL;
	ret = stplr_name_check(req.name);
	if (ret)
		return ret;
	chan = stplr_channel_lookup(ctx, req.chid);
	if (!chan)
		return -ENOENT;
	mutex_lock(&dev->lock);
	if (chan->dead) {
		ret = -ENOENT;
	} else if (attach) {
		if (chan->name[0])
			ret = -EBUSY;
		else if (stplr_name_find_locked(dev, req.name))
			ret = -EEXIST;
		if (!ret) {
			strscpy(chan->name, req.name, sizeof(chan->name));
			list_add_tail(&chan->name_node, &dev->names);
		}
	} else if (strcmp(chan->name, req.name)) {
		ret = -ENOENT;
	} else {
		list_del_init(&chan->name_node);
		chan->name[0] = 0;
	}
	mutex_unlock(&dev->lock);
	stplr_dbg(STPLR_DBG_OBJ, "channel %u name %s: %d\n", chan->chid,
		  attach ? "attach" : "detach", ret);
	stplr_channel_put(chan);
	return ret;
}

/**
 * stplr_channel_find_name() - the channel published under a name
 * @ctx:  the looking context
 * @name: user-supplied name, NUL-terminated within STPLR_NAME_MAX
 *
 * Return: the channel with a reference, or ERR_PTR(-ENOENT), -EINVAL or
 * -EACCES.
 */
struct stplr_channel *stplr_channel_find_name(struct stplr_ctx *ctx,
					      const char *name)
{
	struct stplr_device *dev = ctx->dev;
	struct stplr_channel *chan;
	int ret = stplr_name_check(name);

	if (ret)
		return ERR_PTR(ret);
	mutex_lock(&dev->lock);
	chan = stplr_name_find_locked(dev, name);
	if (chan)
		stplr_channel_get(chan);
	mutex_unlock(&dev->lock);
	if (!chan)
		return ERR_PTR(-ENOENT);
	if (!stplr_channel_may_connect(chan)) {
		stplr_channel_put(chan);
		return ERR_PTR(-EACCES);
	}
	return chan;
}
