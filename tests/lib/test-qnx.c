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
#include <stddef.h>
#include <sys/dispatch.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include <stplr/stplr.h>

#include "tap.h"

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
	tap_ok(_NTO_CHF_FIXED_PRIORITY == STPLR_CHF_FIXED_PRIORITY &&
	       _NTO_CHF_UNBLOCK == STPLR_CHF_UNBLOCK &&
	       _NTO_CHF_THREAD_DEATH == STPLR_CHF_THREAD_DEATH &&
	       _NTO_CHF_DISCONNECT == STPLR_CHF_DISCONNECT &&
	       _NTO_CHF_COID_DISCONNECT == STPLR_CHF_COID_DISCONNECT,
	       "_NTO_CHF_* match STPLR_CHF_*");
	tap_ok(_PULSE_CODE_UNBLOCK == STPLR_PULSE_UNBLOCK &&
	       _PULSE_CODE_DISCONNECT == STPLR_PULSE_DISCONNECT &&
	       _PULSE_CODE_THREADDEATH == STPLR_PULSE_THREADDEATH &&
	       _PULSE_CODE_COIDDEATH == STPLR_PULSE_COIDDEATH &&
	       _PULSE_CODE_MINAVAIL == STPLR_PULSE_CODE_MIN &&
	       _PULSE_CODE_MAXAVAIL == STPLR_PULSE_CODE_MAX,
	       "_PULSE_CODE_* match STPLR_PULSE_*");
	tap_ok(offsetof(struct _pulse, code) == 4 &&
	       offsetof(struct _pulse, value) == 8 &&
	       offsetof(struct _pulse, scoid) == 8 + sizeof(void *) &&
	       sizeof(struct _pulse) == (sizeof(void *) == 8 ? 24 : 16),
	       "struct _pulse has QNX's layout (%zu bytes)",
	       sizeof(struct _pulse));
	tap_ok(offsetof(struct _io_connect, path) == 40 &&
	       sizeof(struct _io_msg) == 8 && _IO_CONNECT == _IO_BASE &&
	       _IO_BASE == 0x100 && _IO_MAX == 0x1FF,
	       "struct _io_connect, struct _io_msg, _IO_* values");
	tap_ok(_NTO_TIMEOUT_SEND == 0x10 && _NTO_TIMEOUT_RECEIVE == 0x20 &&
	       _NTO_TIMEOUT_REPLY == 0x40 && SIGEV_UNBLOCK != SIGEV_SIGNAL &&
	       SIGEV_UNBLOCK != SIGEV_NONE && SIGEV_UNBLOCK != SIGEV_THREAD,
	       "_NTO_TIMEOUT_* and SIGEV_UNBLOCK");
}

/* The calls of 1.1, before any system call (no module needed). */
static void test_new_calls(void)
{
	struct sigevent ev;
	uint64_t t = 1000, o = 7;
	char buf[64];
	iov_t iov;

	SETIOV(&iov, buf, 4);
	is_errno(ChannelCreate(0x10), EINVAL,
		 "ChannelCreate: unsupported _NTO_CHF_NET_MSG: EINVAL");
	is_r(ChannelCreate_r(_NTO_CHF_UNBLOCK | _NTO_CHF_DISCONNECT |
			     _NTO_CHF_SENDER_LEN | _NTO_CHF_REPLY_LEN),
	     ENOENT, "ChannelCreate_r: supported flags reach the device");
	tap_is(ConnectDetach(0x20000005), EOK,
	       "ConnectDetach(scoid) is a no-op");
	is_errno(MsgRead(-1, buf, 4, 0), ESRCH, "MsgRead(-1): ESRCH");
	is_r(MsgRead_r(1, NULL, 4, 0), EFAULT, "MsgRead_r: NULL: -EFAULT");
	is_errno(MsgReadv(1, NULL, 1, 0), EFAULT,
		 "MsgReadv: NULL list: EFAULT");
	is_r(MsgReadv_r(1, &iov, 1, 0), ENOENT, "MsgReadv_r: -ENOENT");
	is_errno(MsgWrite(-5, buf, 4, 0), ESRCH, "MsgWrite(-5): ESRCH");
	is_r(MsgWritev_r(1, NULL, 2, 0), EFAULT, "MsgWritev_r: -EFAULT");
	is_errno(MsgSendPulse(-1, -1, 1, 0), EBADF, "MsgSendPulse(-1): EBADF");
	is_errno(MsgSendPulse(1, -2, 1, 0), EINVAL,
		 "MsgSendPulse priority -2: EINVAL");
	is_r(MsgSendPulse_r(1, -1, 1, 0), ENOENT, "MsgSendPulse_r: -ENOENT");
	is_errno(MsgReceivePulse(1, buf, sizeof(struct _pulse) - 1, NULL),
		 EFAULT, "MsgReceivePulse: buffer too small: EFAULT");
	is_r(MsgReceivePulsev_r(1, NULL, 1, NULL), EFAULT,
	     "MsgReceivePulsev_r: NULL list: -EFAULT");
	is_r(MsgReceivePulse_r(-1, buf, sizeof(buf), NULL), ESRCH,
	     "MsgReceivePulse_r(-1): -ESRCH");
	is_errno(TimerTimeout((clockid_t)12345, _NTO_TIMEOUT_SEND, NULL, &t,
			      NULL), EINVAL, "TimerTimeout: bad clock: EINVAL");
	SIGEV_UNBLOCK_INIT(&ev);
	tap_ok(TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, &ev, &t,
			    &o) == 0 && o == 0, "TimerTimeout: armed, otime 0");
	/* the armed timeout is taken by the next receive */
	is_r(MsgReceive_r(1, buf, 4, NULL), ENOENT,
	     "MsgReceive_r after TimerTimeout: -ENOENT");
	tap_is(TimerTimeout_r(CLOCK_REALTIME, 0, NULL, NULL, NULL), EOK,
	       "TimerTimeout_r: nothing armed: EOK");
	errno = 0;
	tap_ok(name_attach((dispatch_t *)buf, "x", 0) == NULL &&
	       errno == EINVAL, "name_attach with a dpp: EINVAL");
	errno = 0;
	tap_ok(name_attach(NULL, NULL, 0) == NULL && errno == EINVAL,
	       "name_attach(NULL path): EINVAL");
	errno = 0;
	tap_ok(name_attach(NULL, "x", 0x100) == NULL && errno == EINVAL,
	       "name_attach unknown flag: EINVAL");
	errno = 0;
	tap_ok(name_attach(NULL, "x", NAME_FLAG_ATTACH_GLOBAL) == NULL &&
	       errno == ENOENT, "name_attach GLOBAL reaches the device");
	is_errno(name_open(NULL, 0), EINVAL, "name_open(NULL): EINVAL");
	is_errno(name_open("x", 0x100), EINVAL,
		 "name_open unknown flag: EINVAL");
	is_errno(name_open("x", 0), ENOENT, "name_open: ENOENT");
	is_errno(name_detach(NULL, 0), EINVAL, "name_detach(NULL): EINVAL");
	is_errno(name_close(-1), EINVAL, "name_close(-1): EINVAL");
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

	tap_plan(78);

	test_macros();
	test_env();
	SETIOV(&iov[0], buf, 4);
	SETIOV(&iov[1], buf + 4, 4);

	/* channels and connections */
	is_r(ChannelCreate_r(0), ENOENT, "ChannelCreate_r: -ENOENT");
	is_errno(ChannelCreate(0x100), EINVAL, "ChannelCreate: unknown flag");
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

	test_new_calls();

	return tap_done();
}
