// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr: device contexts - open, close and query.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* "/dev/stplr-" plus the decimal digits of a non-negative int. */
#define STPLR_PATH_MAX	(sizeof(STPLR_DEVICE_PREFIX) + 3 * sizeof(int))

int stplr_ctx_open_path(const char *path, int *fd)
{
	int ret;

	if (!path || !fd)
		return -EINVAL;

	do
		ret = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
	while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return -errno;

	*fd = ret;
	return 0;
}

int stplr_ctx_open(int device_index, int *fd)
{
	char path[STPLR_PATH_MAX];
	int n;

	if (device_index < 0 || !fd)
		return -EINVAL;

	n = snprintf(path, sizeof(path), "%s%d", STPLR_DEVICE_PREFIX,
		     device_index);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -EINVAL;

	return stplr_ctx_open_path(path, fd);
}

int stplr_ctx_close(int fd)
{
	if (fd < 0)
		return -EBADF;
	/* Linux releases the descriptor even when close() fails: no retry. */
	if (close(fd) < 0)
		return -errno;
	return 0;
}

int stplr_query(int fd, struct stplr_query *query)
{
	struct stplr_query q;
	int ret;

	if (!query)
		return -EINVAL;

	memset(&q, 0, sizeof(q));
	ret = stplr_priv_ioctl(fd, STPLR_IOC_QUERY, &q);
	if (ret)
		return ret;

	*query = q;
	return 0;
}

int stplr_ctx_claim(int fd)
{
	struct stplr_ctx_claim c;

	memset(&c, 0, sizeof(c));
	return stplr_priv_ioctl(fd, STPLR_IOC_CTX_CLAIM, &c);
}
