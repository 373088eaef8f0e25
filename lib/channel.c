// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr: channels - create and destroy.
 */
#include <string.h>

#include "internal.h"

int stplr_channel_create(int fd, uint64_t flags, uint32_t mode,
			 uint32_t *chid)
{
	struct stplr_channel_create arg;
	int ret;

	if (!chid)
		return -EINVAL;

	memset(&arg, 0, sizeof(arg));
	arg.flags = flags;
	arg.mode = mode;
	ret = stplr_priv_ioctl(fd, STPLR_IOC_CHANNEL_CREATE, &arg);
	if (ret)
		return ret;

	*chid = arg.chid;
	return 0;
}

int stplr_channel_destroy(int fd, uint32_t chid)
{
	struct stplr_channel_destroy arg;

	memset(&arg, 0, sizeof(arg));
	arg.chid = chid;
	return stplr_priv_ioctl(fd, STPLR_IOC_CHANNEL_DESTROY, &arg);
}
