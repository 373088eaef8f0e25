// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr-qnx resource-manager library: the client calls devctl() and
 * devctlv() (<devctl.h>), over a descriptor (ioctl on a CUSE node) or a
 * stapler connection (_IO_DEVCTL message).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <devctl.h>

#include "internal.h"

#define RM_DEVCTL_IOV_MAX	64

/* A QNX dcmd as a Linux ioctl number: swap the direction bits. */
static unsigned long rm_dcmd_to_ioctl(int dcmd)
{
	uint32_t d = (uint32_t)dcmd;
	uint32_t dir = 0;

	if (d & DEVDIR_TO)
		dir |= 1u << 30;	/* _IOC_WRITE */
	if (d & DEVDIR_FROM)
		dir |= 2u << 30;	/* _IOC_READ */
	return (unsigned long)((d & 0x3FFFFFFFu) | dir);
}

/*
 * A descriptor of a CUSE node (a resource manager's /dev path): its
 * device's sysfs entry is in the "cuse" class.  Any other number is taken
 * as a stapler connection, so that a coid equal to an unrelated open
 * descriptor (stdout...) still reaches its manager.
 */
static bool rm_is_cuse_fd(int filedes)
{
	char link[64], target[256];
	struct stat st;
	ssize_t n;

	if (filedes < 0 || filedes >= _NTO_SIDE_CHANNEL ||
	    fstat(filedes, &st) || !S_ISCHR(st.st_mode))
		return false;
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u",
		 major(st.st_rdev), minor(st.st_rdev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	return strstr(target, "/cuse/") != NULL;
}

static int rm_devctl_ioctl(int fd, int dcmd, void *data, size_t n_bytes,
			   int *dev_info_ptr)
{
	size_t need = _DEVCTL_DATA_SIZE(dcmd);
	void *buf = data;
	int ret;

	/* The kernel moves the size in the number: give it that much. */
	if (get_device_direction(dcmd) != DEVDIR_NONE && need > n_bytes) {
		buf = calloc(1, need);
		if (!buf)
			return ENOMEM;
		if (data && n_bytes)
			memcpy(buf, data, n_bytes);
	}
	ret = ioctl(fd, rm_dcmd_to_ioctl(dcmd), buf);
	if (ret < 0) {
		ret = errno;
	} else {
		if (dev_info_ptr)
			*dev_info_ptr = ret;
		ret = EOK;
	}
	if (buf != data) {
		if (ret == EOK && data && (get_device_direction(dcmd) & DEVDIR_FROM))
			memcpy(data, buf, n_bytes);
		free(buf);
	}
	return ret;
}

static size_t rm_iov_len(const iov_t *iov, int parts)
{
	size_t n = 0;
	int i;

	for (i = 0; i < parts; i++)
		n += iov[i].iov_len;
	return n;
}

static int rm_devctl_msg(int coid, int dcmd, int sparts, int rparts,
			 const iov_t *sv, const iov_t *rv, int *dev_info_ptr)
{
	iov_t siov[RM_DEVCTL_IOV_MAX + 1], riov[RM_DEVCTL_IOV_MAX + 1];
	struct _io_devctl hdr;
	struct _io_devctl_reply rep;
	size_t sl = rm_iov_len(sv, sparts), rl = rm_iov_len(rv, rparts);
	long ret;

	memset(&hdr, 0, sizeof(hdr));
	memset(&rep, 0, sizeof(rep));
	hdr.type = _IO_DEVCTL;
	hdr.dcmd = dcmd;
	hdr.nbytes = (int32_t)(sl > rl ? sl : rl);
	SETIOV(&siov[0], &hdr, sizeof(hdr));
	SETIOV(&riov[0], &rep, sizeof(rep));
	if (!(get_device_direction(dcmd) & DEVDIR_TO))
		sparts = 0;
	if (!(get_device_direction(dcmd) & DEVDIR_FROM))
		rparts = 0;
	if (sparts)
		memcpy(&siov[1], sv, (size_t)sparts * sizeof(iov_t));
	if (rparts)
		memcpy(&riov[1], rv, (size_t)rparts * sizeof(iov_t));
	ret = MsgSendv_r(coid, siov, (size_t)sparts + 1, riov,
			 (size_t)rparts + 1);
	if (ret < 0)
		return (int)-ret;
	if (dev_info_ptr)
		*dev_info_ptr = rep.ret_val;
	return EOK;
}

int devctlv(int filedes, int dcmd, int sparts, int rparts, const iov_t *sv,
	    const iov_t *rv, int *dev_info_ptr)
{
	if (sparts < 0 || rparts < 0 || sparts > RM_DEVCTL_IOV_MAX ||
	    rparts > RM_DEVCTL_IOV_MAX || (sparts && !sv) || (rparts && !rv))
		return EINVAL;
	if (rm_is_cuse_fd(filedes)) {
		/* ioctl() has one buffer for both directions. */
		if (sparts > 1 || rparts > 1 ||
		    (sparts && rparts && sv[0].iov_base != rv[0].iov_base))
			return EINVAL;
		if (sparts)
			return rm_devctl_ioctl(filedes, dcmd, sv[0].iov_base,
					       sv[0].iov_len, dev_info_ptr);
		return rm_devctl_ioctl(filedes, dcmd,
				       rparts ? rv[0].iov_base : NULL,
				       rparts ? rv[0].iov_len : 0, dev_info_ptr);
	}
	return rm_devctl_msg(filedes, dcmd, sparts, rparts, sv, rv,
			     dev_info_ptr);
}

int devctl(int filedes, int dcmd, void *dev_data_ptr, size_t n_bytes,
	   int *dev_info_ptr)
{
	iov_t iov;

	if (n_bytes && !dev_data_ptr)
		return EINVAL;
	if (rm_is_cuse_fd(filedes))
		return rm_devctl_ioctl(filedes, dcmd, dev_data_ptr, n_bytes,
				       dev_info_ptr);
	SETIOV(&iov, dev_data_ptr, n_bytes);
	return rm_devctl_msg(filedes, dcmd, 1, 1, &iov, &iov, dev_info_ptr);
}
