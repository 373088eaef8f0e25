/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: ioctl dispatch
 *
 * The top of the object graph: one table entry per command, each handler
 * running under a reference of the object it touches (the context through
 * the file; a channel or connection looked up here and held until the
 * handler returns).  Destruction is orchestrated here too, from the top
 * down: a channel is unpublished (once, by whoever takes it out of its
 * context's table), its name withdrawn, it is marked dead, its messages
 * and pulses are failed, its clients told; a context's release does that
 * for each of its channels, then detaches its connections and ends the
 * boosts its channels caused.
 */
#ifndef _STPLR_IOCTL_H
#define _STPLR_IOCTL_H

struct stplr_ctx;

long stplr_ioctl(struct stplr_ctx *ctx, unsigned int cmd, void __user *arg);
void stplr_ioctl_release(struct stplr_ctx *ctx);

#endif /* _STPLR_IOCTL_H */
