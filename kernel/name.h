/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: names
 *
 * QNX name_attach/name_open without the resource manager.  A name belongs
 * to a name space: the system's, for attachers with CAP_SYS_ADMIN (QNX
 * guards its path space with PROCMGR_AID_PATHSPACE, root only by default),
 * or the attacher's effective uid's, for everybody else.  NAME_OPEN looks
 * in the caller's own uid's space first, then in the system's, so no
 * other unprivileged user can put a name in the way of a service: a
 * squatter only ever reaches its own uid's clients.  NAME_OPEN returns the
 * uid and pid of the channel's creator so a client can check whom it
 * reached.
 *
 * The names of a device are in a hash table keyed by the name, under the
 * device lock.  A published name holds a channel reference.  Attach checks
 * that the channel is still published under the device lock, which is the
 * lock its unpublication takes, so a destroyed channel is never linked
 * again; destroy then withdraws the name (stplr_name_channel_gone()).
 */
#ifndef _STPLR_NAME_H
#define _STPLR_NAME_H

#include <linux/types.h>

struct stplr_ctx;
struct stplr_channel;

int stplr_name_attach(struct stplr_ctx *ctx, struct stplr_channel *chan,
		      const char *name);
int stplr_name_detach(struct stplr_ctx *ctx, struct stplr_channel *chan,
		      const char *name);
void stplr_name_channel_gone(struct stplr_channel *chan);
struct stplr_channel *stplr_name_lookup(struct stplr_ctx *ctx, const char *name,
					u32 *uid, u32 *pid);

#endif /* _STPLR_NAME_H */
