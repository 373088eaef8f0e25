/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: devices
 *
 * Each /dev/stplr-N is a struct stplr_device: an independent domain with
 * its own channel-id table.  Devices are created at module load and freed
 * at unload; the misc device's file operations hold a module reference for
 * every open file, so no device is freed while a context refers to it.
 *
 * @lock protects @channels and @ctx_ids against concurrent create/destroy;
 * it is a mutex taken only by channel creation, destruction, connection
 * and context open/release, never on the message path.
 */
#ifndef _STPLR_DEV_H
#define _STPLR_DEV_H

#include <linux/idr.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include "debugfs.h"

/**
 * struct stplr_device - one /dev/stplr-N
 * @misc:      the misc device
 * @index:     N
 * @lock:      serialises updates of @channels and @ctx_ids
 * @channels:  chid -> struct stplr_channel (one reference each)
 * @next_chid: cyclic allocation cursor for @channels
 * @ctx_ids:   allocator for context ids (scoid)
 * @names:     channels with a published name
 * @ctxs:      open contexts, for debugfs
 * @debugfs:   the device's debugfs directory
 * @stats:     counters, see debugfs.h
 * @failed:    recent failures, see debugfs.h
 * @name:      "stplr-N"
 */
struct stplr_device {
	struct miscdevice misc;
	unsigned int index;
	struct mutex lock; /* see DOC */
	struct xarray channels;
	u32 next_chid;
	struct ida ctx_ids;
	struct list_head names;
	struct list_head ctxs;
	struct dentry *debugfs;
	struct stplr_stats stats;
	struct stplr_failed_log failed;
	char name[20];
};

int stplr_devices_new(unsigned int count);
void stplr_devices_free(void);

#endif /* _STPLR_DEV_H */
