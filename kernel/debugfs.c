// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: state, counters and failures of each device.
 */
#include <linux/debugfs.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "channel.h"
#include "common.h"
#include "connection.h"
#include "ctx.h"
#include "debugfs.h"
#include "msg.h"
#include "pulse.h"

static struct dentry *stplr_debugfs_root;

static void stplr_debugfs_msg(struct seq_file *m, const char *what,
			      struct stplr_msg *msg)
{
	seq_printf(m, "    %s pid %d tid %d coid %u rcvid %u prio %u len %llu\n",
		   what, pid_nr(msg->tgid), pid_nr(msg->tid), msg->coid,
		   msg->rcvid, msg->priority, msg->send.len);
}

static void stplr_debugfs_channel(struct seq_file *m,
				  struct stplr_channel *chan)
{
	struct stplr_receiver *r;
	struct stplr_msg *msg;
	struct rb_node *n;

	spin_lock(&chan->lock);
	seq_printf(m, "  channel %u flags 0x%llx mode %03o queued %u pulses %u name %s\n",
		   chan->chid, chan->flags, chan->mode,
		   stplr_queue_count(&chan->queue, STPLR_QKIND_MSG),
		   stplr_queue_count(&chan->queue, STPLR_QKIND_PULSE),
		   chan->name[0] ? chan->name : "-");
	for (n = rb_first_cached(&chan->queue.root); n; n = rb_next(n)) {
		struct stplr_qnode *node = rb_entry(n, struct stplr_qnode, rb);
		struct stplr_pulse_item *pi;

		if (node->kind == STPLR_QKIND_PULSE) {
			pi = stplr_pulse_of(node);
			seq_printf(m, "    pulse code %d value %u prio %u\n",
				   pi->p.code, pi->p.value, pi->priority);
			continue;
		}
		stplr_debugfs_msg(m, "SEND-blocked", stplr_msg_of(node));
	}
	list_for_each_entry(msg, &chan->active, active)
		stplr_debugfs_msg(m, "REPLY-blocked", msg);
	/* Waiting receivers are in the kernel: their tasks are alive. */
	list_for_each_entry(r, &chan->receivers, node)
		seq_printf(m, "    RECEIVE-blocked tid %d%s\n",
			   task_pid_nr(r->task),
			   r->mask == STPLR_QMASK_PULSES ? " pulses-only" : "");
	spin_unlock(&chan->lock);
}

static int stplr_debugfs_state_show(struct seq_file *m, void *unused)
{
	struct stplr_device *dev = m->private;
	struct stplr_channel *chan;
	struct stplr_conn *conn;
	struct stplr_ctx *ctx;
	unsigned long id;

	/* The device lock keeps every channel in its tables alive. */
	mutex_lock(&dev->lock);
	list_for_each_entry(ctx, &dev->ctxs, node) {
		seq_printf(m, "context %u pid %d%s\n", ctx->id,
			   pid_nr(ctx->owner), ctx->claimed ? " claimed" : "");
		xa_for_each(&ctx->channels, id, chan)
			stplr_debugfs_channel(m, chan);
		xa_lock(&ctx->conns);
		xa_for_each(&ctx->conns, id, conn)
			seq_printf(m, "  connection %u channel %u pid %d\n",
				   conn->coid, conn->chan->chid,
				   pid_nr(conn->chan->owner));
		xa_unlock(&ctx->conns);
	}
	mutex_unlock(&dev->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stplr_debugfs_state);

static int stplr_debugfs_stats_show(struct seq_file *m, void *unused)
{
	static const char * const names[STPLR_STAT_NR] = {
		[STPLR_STAT_SENDS] = "sends",
		[STPLR_STAT_RECEIVES] = "receives",
		[STPLR_STAT_REPLIES] = "replies",
		[STPLR_STAT_ERRORS] = "errors",
		[STPLR_STAT_PULSES] = "pulses",
		[STPLR_STAT_READS] = "reads",
		[STPLR_STAT_WRITES] = "writes",
	};
	struct stplr_device *dev = m->private;
	unsigned long channels = 0, id;
	long connections = 0;
	struct stplr_ctx *ctx;
	void *entry;
	int i;

	mutex_lock(&dev->lock);
	/* Claimed contexts' channels are in no device table. */
	list_for_each_entry(ctx, &dev->ctxs, node) {
		xa_for_each(&ctx->channels, id, entry)
			channels++;
		connections += atomic_read(&ctx->nconns);
	}
	mutex_unlock(&dev->lock);
	seq_printf(m, "contexts %lld\n", atomic64_read(&dev->stats.contexts));
	seq_printf(m, "channels %lu\n", channels);
	seq_printf(m, "connections %ld\n", connections);
	for (i = 0; i < STPLR_STAT_NR; i++)
		seq_printf(m, "%s %lld\n", names[i],
			   atomic64_read(&dev->stats.ops[i]));
	seq_printf(m, "failed %lld\n", atomic64_read(&dev->stats.failed));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stplr_debugfs_stats);

static int stplr_debugfs_failed_show(struct seq_file *m, void *unused)
{
	struct stplr_device *dev = m->private;
	struct stplr_failed_entry *e;
	unsigned int i, n;

	e = kmalloc_array(STPLR_FAILED_LOG, sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	n = stplr_stats_failed_read(&dev->stats, e);
	for (i = 0; i < n; i++)
		seq_printf(m, "%llu %s errno %d pid %d tid %d id %u\n",
			   e[i].ts, e[i].op, -e[i].err, e[i].pid, e[i].tid,
			   e[i].id);
	kfree(e);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stplr_debugfs_failed);

/**
 * stplr_debugfs_init() - create /sys/kernel/debug/stplr
 */
void stplr_debugfs_init(void)
{
	stplr_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

/**
 * stplr_debugfs_exit() - remove everything under it
 */
void stplr_debugfs_exit(void)
{
	debugfs_remove_recursive(stplr_debugfs_root);
}

/**
 * stplr_debugfs_device_add() - the files of one device
 * @dev: the device
 */
void stplr_debugfs_device_add(struct stplr_device *dev)
{
	/* debugfs results are not checked: the module works without it. */
	dev->debugfs = debugfs_create_dir(dev->name, stplr_debugfs_root);
	debugfs_create_file("state", 0400, dev->debugfs, dev,
			    &stplr_debugfs_state_fops);
	debugfs_create_file("stats", 0400, dev->debugfs, dev,
			    &stplr_debugfs_stats_fops);
	debugfs_create_file("failed_log", 0400, dev->debugfs, dev,
			    &stplr_debugfs_failed_fops);
}
