// SPDX-License-Identifier: GPL-2.0
/*
 * test-qnx: the QNX compatibility layer's error reporting and argument
 * checks, without the stplr module.
 *
 * STPLR_DEVICE points the process-wide context at a device index that
 * does not exist, so every call that gets as far as opening the context
 * fails with ENOENT; checks made before that give QNX's errno values.
 * Plain calls return -1 and set errno, _r calls return -errno and leave
 * errno alone.  Built with `pkg-config --cflags --libs stplr-qnx` against
 * the shared library.  TAP output.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include <stplr/stplr.h>

#include "tap.h"

/* Check a plain call: -1 with errno @want. */
#define is_errno(call, want, ...)					\
	do {								\
		long r_;						\
		errno = 0;						\
		r_ = (long)(call);					\
		if (!tap_ok(r_ == -1 && errno == (want), __VA_ARGS__))	\
			printf("#   got %ld errno %d, want -1 errno %d\n", \
			       r_, errno, (want));			\
	} while (0)

/* Check an _r call: -@want, errno untouched. */
#define is_r(call, want, ...)						\
	do {								\
		long r_;						\
		errno = 0;						\
		r_ = (long)(call);					\
		if (!tap_ok(r_ == -(long)(want) && errno == 0, __VA_ARGS__)) \
			printf("#   got %ld errno %d, want %ld errno 0\n", \
			       r_, errno, -(long)(want));		\
	} while (0)

static void test_macros(void)
{
	iov_t iov;
	char c;

	SETIOV(&iov, &c, 1);
	tap_ok(GETIOVBASE(&iov) == &c && GETIOVLEN(&iov) == 1,
	       "SETIOV/GETIOVBASE/GETIOVLEN");
	tap_ok(sizeof(iov_t) == sizeof(struct iovec), "iov_t is struct iovec");
	tap_ok(EOK == 0 && ND_LOCAL_NODE == 0, "EOK and ND_LOCAL_NODE are 0");
	tap_ok(_NTO_SIDE_CHANNEL == STPLR_SIDE_CHANNEL,
	       "_NTO_SIDE_CHANNEL matches the ABI");
}

static void test_env(void)
{
	setenv("STPLR_DEVICE", "abc", 1);
	is_errno(ChannelCreate(0), EINVAL, "STPLR_DEVICE=abc: EINVAL");
	setenv("STPLR_DEVICE", "-1", 1);
	is_errno(ChannelCreate(0), EINVAL, "STPLR_DEVICE=-1: EINVAL");
	setenv("STPLR_DEVICE", "99999999999", 1);
	is_errno(ChannelCreate(0), EINVAL, "STPLR_DEVICE too large: EINVAL");
	setenv("STPLR_DEVICE", "2147483647", 1);
	is_errno(ChannelCreate(0), ENOENT, "missing device: ENOENT");
	tap_is(stplr_qnx_fd(), -ENOENT, "stplr_qnx_fd: -ENOENT");
	is_errno(ChannelCreate(0), ENOENT, "failed open is retried: ENOENT");
}

int main(void)
{
	iov_t iov[2], *big = iov;
	struct _msg_info info;
	char buf[8] = "abcdefg";

	tap_plan(45);

	test_macros();
	test_env();
	SETIOV(&iov[0], buf, 4);
	SETIOV(&iov[1], buf + 4, 4);

	/* channels and connections */
	is_r(ChannelCreate_r(0), ENOENT, "ChannelCreate_r: -ENOENT");
	is_errno(ChannelCreate(1), EINVAL, "ChannelCreate: no flags yet");
	is_errno(ChannelDestroy(-1), EINVAL, "ChannelDestroy(-1): EINVAL");
	is_r(ChannelDestroy_r(1), ENOENT, "ChannelDestroy_r: -ENOENT");
	is_errno(ConnectAttach(1, 0, 1, 0, 0), ESRCH,
		 "ConnectAttach to a remote node: ESRCH");
	is_errno(ConnectAttach(ND_LOCAL_NODE, -1, 1, 0, 0), ESRCH,
		 "ConnectAttach to pid -1: ESRCH");
	is_errno(ConnectAttach(ND_LOCAL_NODE, 0, 1, 0, 0x100), EINVAL,
		 "ConnectAttach with an unknown flag: EINVAL");
	is_errno(ConnectAttach(ND_LOCAL_NODE, 0, 1, _NTO_SIDE_CHANNEL,
			       _NTO_COF_CLOEXEC), ENOENT,
		 "ConnectAttach side channel, CLOEXEC: ENOENT");
	is_r(ConnectAttach_r(ND_LOCAL_NODE, 0, 1, 0, 0), ENOENT,
	     "ConnectAttach_r: -ENOENT");
	is_errno(ConnectDetach(-1), EINVAL, "ConnectDetach(-1): EINVAL");
	is_r(ConnectDetach_r(1), ENOENT, "ConnectDetach_r: -ENOENT");

	/* sending */
	is_errno(MsgSend(-1, buf, 1, buf, 1), EBADF, "MsgSend(-1): EBADF");
	is_errno(MsgSend(1, NULL, 4, buf, 1), EFAULT,
		 "MsgSend: NULL message: EFAULT");
	is_errno(MsgSend(1, buf, 4, buf, 4), ENOENT, "MsgSend: ENOENT");
	is_r(MsgSend_r(1, buf, 4, buf, 4), ENOENT, "MsgSend_r: -ENOENT");
	is_errno(MsgSendnc(1, buf, 1, NULL, 4), EFAULT,
		 "MsgSendnc: NULL reply buffer: EFAULT");
	is_errno(MsgSendv(1, NULL, 1, iov, 2), EFAULT,
		 "MsgSendv: NULL send list: EFAULT");
	is_errno(MsgSendv(1, iov, 2, iov, 2), ENOENT, "MsgSendv: ENOENT");
	is_r(MsgSendv_r(1, iov, 2, NULL, 1), EFAULT,
	     "MsgSendv_r: NULL reply list: -EFAULT");
	is_errno(MsgSendv(1, big, STPLR_IOV_MAX + 1, iov, 1), E2BIG,
		 "MsgSendv: list too long: E2BIG");
	is_r(MsgSendvnc_r(1, iov, 2, iov, 2), ENOENT, "MsgSendvnc_r: -ENOENT");
	is_errno(MsgSendsv(1, buf, 4, NULL, 1), EFAULT,
		 "MsgSendsv: NULL reply list: EFAULT");
	is_r(MsgSendsvnc_r(1, buf, 4, iov, 2), ENOENT,
	     "MsgSendsvnc_r: -ENOENT");
	is_errno(MsgSendvs(1, NULL, 1, buf, 4), EFAULT,
		 "MsgSendvs: NULL send list: EFAULT");
	is_r(MsgSendvsnc_r(1, iov, 2, buf, 4), ENOENT,
	     "MsgSendvsnc_r: -ENOENT");

	/* receiving and replying */
	is_errno(MsgReceive(-1, buf, 4, &info), ESRCH,
		 "MsgReceive(-1): ESRCH");
	is_errno(MsgReceive(1, NULL, 4, NULL), EFAULT,
		 "MsgReceive: NULL buffer: EFAULT");
	is_r(MsgReceive_r(1, buf, 4, &info), ENOENT, "MsgReceive_r: -ENOENT");
	is_r(MsgReceivev_r(1, NULL, 1, NULL), EFAULT,
	     "MsgReceivev_r: NULL list: -EFAULT");
	is_errno(MsgReply(-1, 0, buf, 1), ESRCH, "MsgReply(-1): ESRCH");
	is_errno(MsgReply(1, 0, NULL, 4), EFAULT,
		 "MsgReply: NULL buffer: EFAULT");
	is_r(MsgReplyv_r(1, 0, NULL, 1), EFAULT,
	     "MsgReplyv_r: NULL list: -EFAULT");
	is_errno(MsgError(1, -1), EINVAL, "MsgError(-1): EINVAL");
	is_errno(MsgError(1, 4096), EINVAL, "MsgError(4096): EINVAL");
	is_r(MsgError_r(1, EIO), ENOENT, "MsgError_r: -ENOENT");

	return tap_done();
}
