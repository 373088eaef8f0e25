/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DOC: pulses
 *
 * A pulse is a small fixed-size notification queued on a channel next to
 * messages, in the same priority order, and taken by the same receive.
 * Nobody waits for it: the queue owns a queued pulse and the receiver that
 * takes it frees it.  User pulses (STPLR_MSG_PULSE) count against the
 * channel's max_pulses; the module's own pulses (unblock, disconnect,
 * coid death, thread death) do not, so they are never lost to a full pool.
 * A pulse queued on a destroyed channel is freed at once.
 */
#ifndef _STPLR_PULSE_H
#define _STPLR_PULSE_H

#include "channel.h"

struct stplr_ctx;

/**
 * struct stplr_pulse_item - a queued pulse
 * @q:        queue entry
 * @p:        what the receiver gets
 * @priority: priority on the stplr_msg_info scale
 * @user:     sent by STPLR_MSG_PULSE, counted in stplr_channel.npulses
 */
struct stplr_pulse_item {
	struct stplr_qitem q;
	struct stplr_pulse p;
	u32 priority;
	bool user;
};

void stplr_pulse_kernel(struct stplr_channel *chan, s32 code, u32 value,
			u32 scoid);
long stplr_pulse_ioctl_send(struct stplr_ctx *ctx, void __user *arg);

#endif /* _STPLR_PULSE_H */
