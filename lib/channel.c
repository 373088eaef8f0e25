// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr: channels - create, destroy, poll descriptors and names.
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

int stplr_channel_pollfd(int fd, uint32_t chid, int *pollfd)
{
	struct stplr_channel_pollfd arg;
	int ret;

	if (!pollfd)
		return -EINVAL;

	memset(&arg, 0, sizeof(arg));
	arg.chid = chid;
	ret = stplr_priv_ioctl(fd, STPLR_IOC_CHANNEL_POLLFD, &arg);
	if (ret)
		return ret;

	*pollfd = arg.fd;
	return 0;
}

/*
 * Fill the name of a struct stplr_name.  Return: 0; -EINVAL for NULL or
 * "", -ENAMETOOLONG when it does not fit with its NUL.  The rest of the
 * syntax is the kernel's to check.
 */
static int name_fill(struct stplr_name *arg, const char *name)
{
	size_t len;

	memset(arg, 0, sizeof(*arg));
	if (!name || !*name)
		return -EINVAL;
	len = strnlen(name, STPLR_NAME_MAX);
	if (len >= STPLR_NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(arg->name, name, len);
	return 0;
}

static int name_attach_detach(int fd, unsigned long cmd, uint32_t chid,
			      const char *name)
{
	struct stplr_name arg;
	int ret;

	ret = name_fill(&arg, name);
	if (ret)
		return ret;
	arg.chid = chid;
	return stplr_priv_ioctl(fd, cmd, &arg);
}

int stplr_name_attach(int fd, uint32_t chid, const char *name)
{
	return name_attach_detach(fd, STPLR_IOC_NAME_ATTACH, chid, name);
}

int stplr_name_detach(int fd, uint32_t chid, const char *name)
{
	return name_attach_detach(fd, STPLR_IOC_NAME_DETACH, chid, name);
}

int stplr_name_open(int fd, const char *name, uint64_t flags,
		    uint32_t *coid)
{
	struct stplr_name arg;
	int ret;

	if (!coid)
		return -EINVAL;
	ret = name_fill(&arg, name);
	if (ret)
		return ret;
	arg.flags = flags;
	ret = stplr_priv_ioctl(fd, STPLR_IOC_NAME_OPEN, &arg);
	if (ret)
		return ret;

	*coid = arg.coid;
	return 0;
}
