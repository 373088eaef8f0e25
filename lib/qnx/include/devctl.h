/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <devctl.h> for Linux (libstplr QNX compatibility layer): device control
 * commands and the devctl()/devctlv() client calls.
 *
 * A command (dcmd) packs a direction, a data size, a class and a number:
 *
 *	bits 31-30  direction: DEVDIR_TO (client to manager), DEVDIR_FROM
 *	            (manager to client), both, or none
 *	bits 29-16  sizeof(data)
 *	bits 15-8   class (_DCMD_*)
 *	bits  7-0   command number
 *
 * This is Linux's ioctl number layout with the two direction bits
 * swapped (Linux's _IOC_WRITE, "to the device", is bit 30).  A resource
 * manager reached through its CUSE node therefore receives a Linux
 * ioctl(fd, _IOR(c, n, T), &data) as the devctl __DIOF(c, n, T), _IOW as
 * __DIOT, _IOWR as __DIOTF and _IO as __DION (see docs/resmgr.md).
 *
 * What differs from QNX:
 *  - devctl() and devctlv() accept two kinds of @filedes: a Linux file
 *    descriptor (the CUSE node of a resource manager, opened with open()),
 *    on which the command becomes an ioctl() with the Linux number above
 *    and @dev_info_ptr gets ioctl()'s return value; or a stapler
 *    connection to the manager (name_open() or ConnectAttach()), on which
 *    an _IO_DEVCTL message is sent as on QNX.  A number that is an open
 *    descriptor of a CUSE device (its /sys/dev/char entry is in the cuse
 *    class) is taken as a descriptor; any other number as a connection.
 *    The manager's ENOSYS for an unknown command comes back from ioctl()
 *    as ENOTTY, Linux's error for it.
 *  - Through ioctl() a command moves at most 16383 bytes each way (the
 *    size field), and devctlv() over ioctl() needs the data in one part.
 */
#ifndef STPLR_QNX_DEVCTL_H
#define STPLR_QNX_DEVCTL_H

#include <stddef.h>
#include <sys/neutrino.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Directions (bits 31-30 of a dcmd). */
#define _POSIX_DEVDIR_NONE	0x00000000u
#define _POSIX_DEVDIR_TO	0x80000000u
#define _POSIX_DEVDIR_FROM	0x40000000u
#define _POSIX_DEVDIR_TOFROM	(_POSIX_DEVDIR_TO | _POSIX_DEVDIR_FROM)
#define _POSIX_DEVDIR_CMD_MASK	0x0000FFFFu
#define DEVDIR_NONE		_POSIX_DEVDIR_NONE
#define DEVDIR_TO		_POSIX_DEVDIR_TO
#define DEVDIR_FROM		_POSIX_DEVDIR_FROM
#define DEVDIR_TOFROM		_POSIX_DEVDIR_TOFROM
#define DEVDIR_CMD_MASK		_POSIX_DEVDIR_CMD_MASK

/* Command classes (bits 15-8). */
#define _DCMD_ALL	0x01
#define _DCMD_FSYS	0x02
#define _DCMD_BLK	_DCMD_FSYS
#define _DCMD_INPUT	0x03
#define _DCMD_MEM	0x04
#define _DCMD_IP	0x05
#define _DCMD_MIXER	0x06
#define _DCMD_PROC	0x07
#define _DCMD_CHR	0x08
#define _DCMD_CAM	0x09
#define _DCMD_NET	0x0A
#define _DCMD_MISC	0x0B

#define __DIOF(class, cmd, data)					\
	((int)((sizeof(data) << 16) + ((class) << 8) + (cmd) +		\
	       _POSIX_DEVDIR_FROM))
#define __DIOT(class, cmd, data)					\
	((int)((sizeof(data) << 16) + ((class) << 8) + (cmd) +		\
	       _POSIX_DEVDIR_TO))
#define __DIOTF(class, cmd, data)					\
	((int)((sizeof(data) << 16) + ((class) << 8) + (cmd) +		\
	       _POSIX_DEVDIR_TOFROM))
#define __DION(class, cmd)	((int)(((class) << 8) + (cmd) + _POSIX_DEVDIR_NONE))

/* The direction bits of a dcmd. */
#define get_device_direction(dcmd)	((unsigned)(dcmd) & _POSIX_DEVDIR_TOFROM)
/* The size field of a dcmd. */
#define _DEVCTL_DATA_SIZE(dcmd)		(((unsigned)(dcmd) >> 16) & 0x3FFFu)

/**
 * devctl() - send a device command
 * @filedes: a CUSE node's descriptor or a stapler connection id
 * @dcmd: the device command (<devctl.h>)
 * @dev_data_ptr: the command's data, in and/or out
 * @n_bytes: size of @dev_data_ptr
 * @dev_info_ptr: out, optional: the manager's extra result
 *
 * See the header: a CUSE descriptor gets an ioctl(), a stapler
 * connection an _IO_DEVCTL message.
 *
 * Return: EOK or an errno value (errno is not set).
 */
extern int devctl(int filedes, int dcmd, void *dev_data_ptr, size_t n_bytes,
		  int *dev_info_ptr);

/**
 * devctlv() - send a device command with gather lists
 * @filedes: a CUSE node's descriptor or a stapler connection id
 * @dcmd: the device command (<devctl.h>)
 * @sparts: entries in @sv
 * @rparts: entries in @rv
 * @sv: data to send
 * @rv: buffers for the data returned
 * @dev_info_ptr: out, optional: the manager's extra result
 *
 * Over ioctl() the data must be one part, the same buffer both ways.
 *
 * Return: EOK or an errno value (errno is not set).
 */
extern int devctlv(int filedes, int dcmd, int sparts, int rparts,
		   const iov_t *sv, const iov_t *rv, int *dev_info_ptr);

#ifdef __cplusplus
}
#endif

#endif /* STPLR_QNX_DEVCTL_H */
