/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: pulses
 *
 * A pulse is a small fixed-size notification queued on a channel next to
 * messages, in the same priority order, and taken by the same receive.
 * Nobody waits for it.  Where its memory comes from bounds how many there
 * can be:
 *   - user pulses (STPLR_MSG_PULSE, and STPLR_MSG_DELIVER_EVENT's from
 *     event.c) are allocated GFP_KERNEL_ACCOUNT by the sender and count
 *     against the channel's max_pulses, as do THREADDEATH pulses
 *     (allocated by the dying thread);
 *   - COIDDEATH pulses are allocated with their connection, at connect,
 *     by the client (one per connection, sent at most once);
 *   - UNBLOCK pulses are embedded in their message (a message is unblocked
 *     once) and DISCONNECT pulses in the channel's record of a client
 *     context (pending at most once: a second disconnect of the same
 *     context before the first pulse is received adds nothing).
 * No module pulse needs an allocation when it is sent.
 *
 * Lifetime: a queued pulse belongs to the channel queue.  A receiver that
 * takes one owns it until it has written the pulse to its caller; then the
 * pulse is released (@release: freed, or given back to the object that
 * embeds it), or, when the caller's memory faulted, put back in its place.
 * The object embedding a pulse cancels it (stplr_pulse_cancel_locked())
 * before it goes.  Everything under the channel's lock.
 */
#ifndef _STPLR_PULSE_H
#define _STPLR_PULSE_H

#include <linux/list.h>
#include "channel.h"

struct stplr_msg_pulse;

/**
 * struct stplr_pulse_item - a pulse
 * @q:        queue node
 * @p:        what the receiver gets
 * @priority: priority on the stplr_msg_info scale
 * @rcv:      the receiver that took it, until released or given back
 * @counted:  counts in stplr_channel.npulses (max_pulses)
 * @release:  called under the channel lock once it is delivered or dropped
 * @batch:    entry in a notification batch (connection.c)
 * @dest:     the context a batched pulse goes to (a reference)
 */
struct stplr_pulse_item {
	struct stplr_qnode q;
	struct stplr_pulse p;
	u32 priority;
	struct stplr_receiver *rcv;
	bool counted;
	void (*release)(struct stplr_pulse_item *pi);
	struct list_head batch;
	struct stplr_ctx *dest;
};

void stplr_pulse_init(struct stplr_pulse_item *pi, s32 code, u32 value,
		      u32 scoid, u32 priority);
struct stplr_pulse_item *stplr_pulse_alloc(void);
void stplr_pulse_free(struct stplr_pulse_item *pi);
int stplr_pulse_send(struct stplr_channel *chan, struct stplr_pulse_item *pi);
struct stplr_receiver *stplr_pulse_queue_locked(struct stplr_channel *chan,
						struct stplr_pulse_item *pi);
void stplr_pulse_cancel_locked(struct stplr_channel *chan,
			       struct stplr_pulse_item *pi);
void stplr_pulse_drop_locked(struct stplr_channel *chan,
			     struct stplr_pulse_item *pi);
void stplr_pulse_take_locked(struct stplr_channel *chan,
			     struct stplr_pulse_item *pi,
			     struct stplr_receiver *r);
void stplr_pulse_read_locked(struct stplr_receiver *r, struct stplr_pulse *p,
			     u32 *priority);
struct stplr_receiver *stplr_pulse_done_locked(struct stplr_channel *chan,
					       struct stplr_receiver *r,
					       bool delivered, u32 *priority);
struct stplr_pulse_item *stplr_pulse_user_new(s32 code, u32 value, u32 scoid,
					      bool explicit, u32 priority);
void stplr_pulse_thread_death(struct stplr_channel *chan);
long stplr_pulse_ioctl_send(struct stplr_ctx *ctx,
			    struct stplr_channel *chan,
			    const struct stplr_msg_pulse *req);

static inline struct stplr_pulse_item *stplr_pulse_of(struct stplr_qnode *q)
{
	return container_of(q, struct stplr_pulse_item, q);
}

#endif /* _STPLR_PULSE_H */
