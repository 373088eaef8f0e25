// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr: connections - connect and disconnect.
 */
#include <string.h>

#include "internal.h"

int stplr_connect(int fd, pid_t pid, uint32_t chid, uint64_t flags,
		  uint32_t *coid)
{
	struct stplr_connect arg;
	int ret;

	if (pid < 0 || !coid)
		return -EINVAL;

	memset(&arg, 0, sizeof(arg));
	arg.flags = flags;
	arg.pid = (__u32)pid;
	arg.chid = chid;
	ret = stplr_priv_ioctl(fd, STPLR_IOC_CONNECT, &arg);
	if (ret)
		return ret;

	*coid = arg.coid;
	return 0;
}

int stplr_disconnect(int fd, uint32_t coid)
{
	struct stplr_disconnect arg;

	memset(&arg, 0, sizeof(arg));
	arg.coid = coid;
	return stplr_priv_ioctl(fd, STPLR_IOC_DISCONNECT, &arg);
}
