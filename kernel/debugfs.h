/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: observability
 *
 * Per device, under /sys/kernel/debug/stplr/stplr-N/:
 *   state       every context, its channels with their SEND-blocked,
 *               REPLY-blocked and RECEIVE-blocked threads and queued pulses,
 *               and its connections (format in docs/debugfs.md);
 *   stats       counters as "key value" lines;
 *   failed_log  the last STPLR_FAILED_LOG failed operations, oldest first.
 * Pids are in the initial pid namespace; no addresses are shown.
 *
 * This file only renders: the counters and the log are stats.c's.  The
 * state file holds the device lock, which keeps every published channel
 * and every context alive, and takes each channel's lock while it prints
 * that channel, so it never slows the message path for long.  The module
 * works without debugfs.
 */
#ifndef _STPLR_DEBUGFS_H
#define _STPLR_DEBUGFS_H

struct stplr_device;

void stplr_debugfs_init(void);
void stplr_debugfs_exit(void);
void stplr_debugfs_device_add(struct stplr_device *dev);

#endif /* _STPLR_DEBUGFS_H */
