/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: events
 *
 * STPLR_MSG_DELIVER_EVENT: a server queues a pulse for a client that is
 * not blocked on it, on the channel of one of the client's connections.
 * The client is named by (one of the server's channels, the client's
 * scoid) and must be connected to that channel: the channel's client
 * record (connection.c) is what makes a server allowed to notify a
 * client, for as long as that connection lasts, before or after any
 * reply.  The pulse is an ordinary user pulse (pulse.h): allocated
 * GFP_KERNEL_ACCOUNT by the server, counted against the destination
 * channel's max_pulses, freed when received or when that channel goes.
 *
 * With STPLR_EVENT_F_SIGNAL the same (chid, scoid) check names the
 * client, and a signal goes to the process that opened its context
 * (ctx->owner, a struct pid reference the context holds until it is
 * freed) or to one thread of that process, if the caller could kill(2)
 * it.  Nothing is allocated here: the kernel's signal queue is bounded by
 * its own rules (one pending standard signal, RLIMIT_SIGPENDING for
 * real-time ones).
 *
 * Lifetime: the server's channel, the client context and the destination
 * channel (or the target task, with its credentials) are each held by a
 * reference taken under the lock that publishes them (context table,
 * channel lock, client connection table, RCU for tasks) and dropped
 * before returning; nothing is kept after the call.
 */
#ifndef _STPLR_EVENT_H
#define _STPLR_EVENT_H

struct stplr_ctx;

long stplr_event_ioctl_deliver(struct stplr_ctx *ctx, void __user *arg);

#endif /* _STPLR_EVENT_H */
