// SPDX-License-Identifier: GPL-2.0
/*
 * Channel names: attach, detach, lookup.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/stringhash.h>
#include <linux/user_namespace.h>
#include "channel.h"
#include "common.h"
#include "ctx.h"
#include "name.h"

/* The system's name space. */
#define STPLR_NAME_SYSTEM INVALID_UID

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

static u32 stplr_name_hash(const char *name)
{
	return full_name_hash(NULL, name, strlen(name));
}

static struct stplr_channel *stplr_name_find_locked(struct stplr_device *dev,
						    kuid_t scope,
						    const char *name)
{
	struct stplr_channel *chan;

	lockdep_assert_held(&dev->lock);
	hash_for_each_possible(dev->names, chan, name_node,
			       stplr_name_hash(name))
		if (uid_eq(chan->name_scope, scope) && !strcmp(chan->name, name))
			return chan;
	return NULL;
}

/**
 * stplr_name_attach() - STPLR_IOC_NAME_ATTACH
 * @ctx:  the owning context
 * @chan: one of its channels, with the caller's reference
 * @name: user-supplied name, NUL-terminated within STPLR_NAME_MAX
 *
 * Return: 0 or a negative errno, see the UAPI header.
 */
int stplr_name_attach(struct stplr_ctx *ctx, struct stplr_channel *chan,
		      const char *name)
{
	struct stplr_device *dev = ctx->dev;
	kuid_t scope = current_euid();
	int ret = stplr_name_check(name);

	if (ret)
		return ret;
	if (ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN))
		scope = STPLR_NAME_SYSTEM;
	mutex_lock(&dev->lock);
	/* Unpublication takes this lock too: a destroyed channel fails. */
	if (xa_load(&ctx->channels, chan->chid) != chan)
		ret = -ENOENT;
	else if (chan->name[0])
		ret = -EBUSY;
	else if (stplr_name_find_locked(dev, scope, name))
		ret = -EEXIST;
	if (!ret) {
		strscpy(chan->name, name, sizeof(chan->name));
		chan->name_scope = scope;
		hash_add(dev->names, &chan->name_node, stplr_name_hash(name));
		stplr_channel_get(chan);
	}
	mutex_unlock(&dev->lock);
	stplr_dbg(STPLR_DBG_OBJ, "channel %u name attach: %d\n", chan->chid,
		  ret);
	return ret;
}

/* Unlinks @chan's name; returns true when it had one. */
static bool stplr_name_unlink_locked(struct stplr_channel *chan)
{
	if (!chan->name[0])
		return false;
	hash_del(&chan->name_node);
	chan->name[0] = 0;
	return true;
}

/**
 * stplr_name_detach() - STPLR_IOC_NAME_DETACH
 * @ctx:  the owning context
 * @chan: one of its channels, with the caller's reference
 * @name: the name it was published under
 *
 * Return: 0 or -ENOENT.
 */
int stplr_name_detach(struct stplr_ctx *ctx, struct stplr_channel *chan,
		      const char *name)
{
	struct stplr_device *dev = ctx->dev;
	bool had = false;
	int ret = stplr_name_check(name);

	if (ret)
		return ret;
	mutex_lock(&dev->lock);
	if (chan->name[0] && !strcmp(chan->name, name))
		had = stplr_name_unlink_locked(chan);
	mutex_unlock(&dev->lock);
	if (!had)
		return -ENOENT;
	stplr_channel_put(chan);
	return 0;
}

/**
 * stplr_name_channel_gone() - withdraw the name of an unpublished channel
 * @chan: the channel
 */
void stplr_name_channel_gone(struct stplr_channel *chan)
{
	struct stplr_device *dev = chan->ctx->dev;
	bool had;

	mutex_lock(&dev->lock);
	had = stplr_name_unlink_locked(chan);
	mutex_unlock(&dev->lock);
	if (had)
		stplr_channel_put(chan);
}

/**
 * stplr_name_lookup() - the channel a name leads the caller to
 * @ctx:  the looking context
 * @name: user-supplied name, NUL-terminated within STPLR_NAME_MAX
 * @uid:  out, the channel creator's effective uid in the caller's user
 *        namespace
 * @pid:  out, the creator's process id in the caller's pid namespace, 0
 *        when not visible
 *
 * Return: the channel with a reference, or ERR_PTR(-ENOENT), -EINVAL or
 * -EACCES.
 */
struct stplr_channel *stplr_name_lookup(struct stplr_ctx *ctx, const char *name,
					u32 *uid, u32 *pid)
{
	struct stplr_device *dev = ctx->dev;
	struct stplr_channel *chan;
	int ret = stplr_name_check(name);

	if (ret)
		return ERR_PTR(ret);
	mutex_lock(&dev->lock);
	chan = stplr_name_find_locked(dev, current_euid(), name);
	if (!chan)
		chan = stplr_name_find_locked(dev, STPLR_NAME_SYSTEM, name);
	if (chan)
		stplr_channel_get(chan);
	mutex_unlock(&dev->lock);
	if (!chan)
		return ERR_PTR(-ENOENT);
	if (!stplr_channel_may_connect(chan)) {
		stplr_channel_put(chan);
		return ERR_PTR(-EACCES);
	}
	*uid = from_kuid_munged(current_user_ns(), chan->uid);
	*pid = pid_vnr(chan->owner);
	return chan;
}
