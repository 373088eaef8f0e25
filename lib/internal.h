/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libstplr private helpers shared by the sources in lib/ and lib/qnx/.
 *
 * Nothing here is exported from libstplr.so (see libstplr.map); in the
 * static library the helpers are static inline, so no private symbol
 * leaks into a program either.
 */
#ifndef STPLR_LIB_INTERNAL_H
#define STPLR_LIB_INTERNAL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include <stplr/stplr.h>

/*
 * The ioctl numbers encode the argument size.  Pin every struct to the
 * size the kernel was built with, and to a literal, so that a 32-bit
 * build (-m32) that lays a struct out differently fails to compile instead
 * of issuing commands the kernel does not know.
 */
#define STPLR_ASSERT_IOC(cmd, type, size)				\
	_Static_assert(_IOC_SIZE(cmd) == sizeof(type),			\
		       #cmd " size does not match " #type);		\
	_Static_assert(sizeof(type) == (size),				\
		       #type " is not " #size " bytes")

STPLR_ASSERT_IOC(STPLR_IOC_QUERY, struct stplr_query, 88);
STPLR_ASSERT_IOC(STPLR_IOC_CHANNEL_CREATE, struct stplr_channel_create, 32);
STPLR_ASSERT_IOC(STPLR_IOC_CHANNEL_DESTROY, struct stplr_channel_destroy, 16);
STPLR_ASSERT_IOC(STPLR_IOC_CONNECT, struct stplr_connect, 24);
STPLR_ASSERT_IOC(STPLR_IOC_DISCONNECT, struct stplr_disconnect, 16);
STPLR_ASSERT_IOC(STPLR_MSG_SEND, struct stplr_msg_send, 80);
STPLR_ASSERT_IOC(STPLR_MSG_SEND_RECEIVE, struct stplr_msg_send, 80);
STPLR_ASSERT_IOC(STPLR_MSG_RECEIVE, struct stplr_msg_receive, 120);
STPLR_ASSERT_IOC(STPLR_MSG_REPLY, struct stplr_msg_reply, 56);
STPLR_ASSERT_IOC(STPLR_MSG_ERROR, struct stplr_msg_reply, 56);
STPLR_ASSERT_IOC(STPLR_MSG_READ, struct stplr_msg_rw, 56);
STPLR_ASSERT_IOC(STPLR_MSG_WRITE, struct stplr_msg_rw, 56);
STPLR_ASSERT_IOC(STPLR_MSG_PULSE, struct stplr_msg_pulse, 32);
STPLR_ASSERT_IOC(STPLR_IOC_NAME_ATTACH, struct stplr_name, 88);
STPLR_ASSERT_IOC(STPLR_IOC_NAME_DETACH, struct stplr_name, 88);
STPLR_ASSERT_IOC(STPLR_IOC_NAME_OPEN, struct stplr_name, 88);
STPLR_ASSERT_IOC(STPLR_IOC_CHANNEL_POLLFD, struct stplr_channel_pollfd, 24);
_Static_assert(sizeof(struct stplr_iov) == 16, "struct stplr_iov size");
_Static_assert(sizeof(struct stplr_msg_info) == 56,
	       "struct stplr_msg_info size");
_Static_assert(sizeof(struct stplr_pulse) == 16, "struct stplr_pulse size");

/* The largest errno value STPLR_MSG_ERROR accepts. */
#define STPLR_ERRNO_MAX		4095

/**
 * stplr_priv_ioctl() - issue one stapler ioctl
 * @fd:  context descriptor
 * @cmd: command
 * @arg: argument struct
 *
 * Return: 0 on success, -errno on failure.
 */
static inline int stplr_priv_ioctl(int fd, unsigned long cmd, void *arg)
{
	if (ioctl(fd, cmd, arg) < 0)
		return -errno;
	return 0;
}

/**
 * stplr_priv_check_list() - validate a gather list before passing it on
 * @iov: list address
 * @n:   entries
 *
 * Return: 0 when the list may be passed to the kernel; -EFAULT for a NULL
 * list with entries; -E2BIG for more than STPLR_IOV_MAX entries.
 */
static inline int stplr_priv_check_list(const void *iov, size_t n)
{
	if (n > STPLR_IOV_MAX)
		return -E2BIG;
	if (n && !iov)
		return -EFAULT;
	return 0;
}

/* A user pointer as the ABI's __u64. */
static inline uint64_t stplr_priv_ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/**
 * stplr_priv_timeout() - fill the timeout fields of a command
 * @timeout_ns: the caller's timeout (negative: none)
 * @flags:      the command's flags, STPLR_F_TIMEOUT added when needed
 * @field:      the command's timeout_ns field
 */
static inline void stplr_priv_timeout(int64_t timeout_ns, __u64 *flags,
				      __s64 *field)
{
	if (timeout_ns >= 0) {
		*flags |= STPLR_F_TIMEOUT;
		*field = timeout_ns;
	}
}

#endif /* STPLR_LIB_INTERNAL_H */
