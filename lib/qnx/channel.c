// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: ChannelCreate/Destroy and ConnectAttach/Detach.
 */
#include <sys/netmgr.h>

#include "internal.h"

/* Channel ids and connection ids must fit a non-negative int. */
static int qnx_id(uint32_t id)
{
	return id > INT_MAX ? -EOVERFLOW : (int)id;
}

/* ChannelCreate() flags handed to the kernel (same values there). */
#define QNX_CHF_KERNEL	(_NTO_CHF_FIXED_PRIORITY | _NTO_CHF_UNBLOCK |	\
			 _NTO_CHF_THREAD_DEATH | _NTO_CHF_DISCONNECT |	\
			 _NTO_CHF_COID_DISCONNECT)
/*
 * Accepted and dropped: the lengths are always reported; a channel is
 * always closed to other users (0600), the closest stapler has to
 * _NTO_CHF_PRIVATE until the module can refuse other processes of the
 * same user (see <sys/neutrino.h>).
 */
#define QNX_CHF_IGNORED	(_NTO_CHF_SENDER_LEN | _NTO_CHF_REPLY_LEN |	\
			 _NTO_CHF_PRIVATE)

_Static_assert(_NTO_CHF_FIXED_PRIORITY == STPLR_CHF_FIXED_PRIORITY &&
	       _NTO_CHF_UNBLOCK == STPLR_CHF_UNBLOCK &&
	       _NTO_CHF_THREAD_DEATH == STPLR_CHF_THREAD_DEATH &&
	       _NTO_CHF_DISCONNECT == STPLR_CHF_DISCONNECT &&
	       _NTO_CHF_COID_DISCONNECT == STPLR_CHF_COID_DISCONNECT,
	       "_NTO_CHF_* and STPLR_CHF_* differ");

static int qnx_channel_create(unsigned flags)
{
	uint32_t chid;
	int fd, ret;

	if (flags & ~(unsigned)(QNX_CHF_KERNEL | QNX_CHF_IGNORED))
		return -EINVAL;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	ret = stplr_channel_create(fd, flags & QNX_CHF_KERNEL, 0, &chid);
	if (ret)
		return ret;
	ret = qnx_id(chid);
	if (ret < 0)
		stplr_channel_destroy(fd, chid);
	return ret;
}

int ChannelCreate_r(unsigned flags)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_channel_create(flags));
}

int ChannelCreate(unsigned flags)
{
	return stplr_qnx_ret(qnx_channel_create(flags));
}

static int qnx_channel_destroy(int chid)
{
	int fd;

	if (chid < 0)
		return -EINVAL;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	return stplr_qnx_enoent(stplr_channel_destroy(fd, (uint32_t)chid),
				EINVAL);
}

int ChannelDestroy_r(int chid)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_channel_destroy(chid));
}

int ChannelDestroy(int chid)
{
	return stplr_qnx_ret(qnx_channel_destroy(chid));
}

static int qnx_connect_attach(uint32_t nd, pid_t pid, int chid,
			      unsigned index, int flags)
{
	uint64_t cflags = 0;
	uint32_t coid;
	int fd, ret;

	if (nd != ND_LOCAL_NODE)
		return -ESRCH;
	if (pid < 0 || chid < 0)
		return -ESRCH;
	if (flags & ~_NTO_COF_CLOEXEC)
		return -EINVAL;
	if (index & _NTO_SIDE_CHANNEL)
		cflags |= STPLR_CONNECT_SIDE_CHANNEL;

	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	ret = stplr_connect(fd, pid, (uint32_t)chid, cflags, &coid);
	if (ret)
		return ret;
	ret = qnx_id(coid);
	if (ret < 0)
		stplr_disconnect(fd, coid);
	return ret;
}

int ConnectAttach_r(uint32_t nd, pid_t pid, int chid, unsigned index,
		  int flags)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_connect_attach(nd, pid, chid, index, flags));
}

int ConnectAttach(uint32_t nd, pid_t pid, int chid, unsigned index,
		  int flags)
{
	return stplr_qnx_ret(qnx_connect_attach(nd, pid, chid, index, flags));
}

static int qnx_connect_detach(int coid)
{
	int fd;

	if (coid < 0)
		return -EINVAL;
	/*
	 * A server connection id (from _msg_info or a pulse): stapler keeps
	 * nothing for it in the server that could be released.
	 */
	if (stplr_qnx_is_scoid(coid))
		return EOK;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	return stplr_qnx_enoent(stplr_disconnect(fd, (uint32_t)coid), EINVAL);
}

int ConnectDetach_r(int coid)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_connect_detach(coid));
}

int ConnectDetach(int coid)
{
	return stplr_qnx_ret(qnx_connect_detach(coid));
}
