// SPDX-License-Identifier: GPL-2.0
/*
 * test-args: libstplr's own argument checks and ABI layout, without the
 * stplr module.
 *
 * Every call is made on a /dev/null descriptor: a check the library does
 * itself returns its error (-EINVAL, -EFAULT, -E2BIG) before any ioctl,
 * while an argument the library lets through reaches the ioctl and comes
 * back as -ENOTTY.  Also pins struct sizes and ioctl numbers, which must
 * be the same in 32-bit and 64-bit builds.  TAP output.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <stplr/stplr.h>

#include "tap.h"

static void test_layout(void)
{
	/* The same numbers for -m32 and 64-bit callers (no compat layer). */
	tap_is(STPLR_IOC_QUERY, 0xC058B900, "STPLR_IOC_QUERY number");
	tap_is(STPLR_IOC_CHANNEL_CREATE, 0xC020B908,
	       "STPLR_IOC_CHANNEL_CREATE number");
	tap_is(STPLR_IOC_CHANNEL_DESTROY, 0x4010B909,
	       "STPLR_IOC_CHANNEL_DESTROY number");
	tap_is(STPLR_IOC_CONNECT, 0xC018B910, "STPLR_IOC_CONNECT number");
	tap_is(STPLR_IOC_DISCONNECT, 0x4010B911, "STPLR_IOC_DISCONNECT number");
	tap_is(STPLR_MSG_SEND, 0xC050B918, "STPLR_MSG_SEND number");
	tap_is(STPLR_MSG_SEND_RECEIVE, 0xC050B919,
	       "STPLR_MSG_SEND_RECEIVE number");
	tap_is(STPLR_MSG_RECEIVE, 0xC078B91A, "STPLR_MSG_RECEIVE number");
	tap_is(STPLR_MSG_REPLY, 0xC038B91B, "STPLR_MSG_REPLY number");
	tap_is(STPLR_MSG_ERROR, 0x4038B91C, "STPLR_MSG_ERROR number");
	tap_is(STPLR_MSG_READ, 0xC038B91D, "STPLR_MSG_READ number");
	tap_is(STPLR_MSG_WRITE, 0xC038B91E, "STPLR_MSG_WRITE number");
	tap_is(STPLR_MSG_PULSE, 0x4020B91F, "STPLR_MSG_PULSE number");
	tap_is(STPLR_IOC_NAME_ATTACH, 0x4058B920,
	       "STPLR_IOC_NAME_ATTACH number");
	tap_is(STPLR_IOC_NAME_DETACH, 0x4058B921,
	       "STPLR_IOC_NAME_DETACH number");
	tap_is(STPLR_IOC_NAME_OPEN, 0xC058B922, "STPLR_IOC_NAME_OPEN number");
	tap_is(STPLR_IOC_CHANNEL_POLLFD, 0xC018B90A,
	       "STPLR_IOC_CHANNEL_POLLFD number");
	tap_is(sizeof(struct stplr_pulse), 16, "struct stplr_pulse is 16 bytes");
	tap_is(sizeof(struct stplr_iov), 16, "struct stplr_iov is 16 bytes");
	tap_is(sizeof(struct stplr_msg_info), 56,
	       "struct stplr_msg_info is 56 bytes");
}

static void test_iov_set(void)
{
	struct stplr_iov iov;
	char c;

	stplr_iov_set(&iov, &c, 1);
	tap_ok(iov.base == (uint64_t)(uintptr_t)&c && iov.len == 1,
	       "stplr_iov_set stores address and length");
	stplr_iov_set(&iov, NULL, 0);
	tap_ok(iov.base == 0 && iov.len == 0, "stplr_iov_set with NULL, 0");
}

/* The 1.1 calls. */
static void test_ext(int fd)
{
	char buf[8] = "abcdefg", longname[STPLR_NAME_MAX + 1];
	struct stplr_iov iov[1], big[1];
	struct stplr_pulse p;
	uint64_t rcvid, len;
	uint32_t coid;
	int pfd;

	stplr_iov_set(&iov[0], buf, sizeof(buf));
	big[0] = iov[0];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;

	tap_ok(STPLR_RECEIVED_MSG == 0 && STPLR_RECEIVED_PULSE == 1 &&
	       STPLR_PRIO_SELF < 0, "STPLR_RECEIVED_* and STPLR_PRIO_SELF");
	tap_is(stplr_msg_receive_anyv(fd, 1, iov, 1, 0, -1, &rcvid, NULL,
				      NULL), -EINVAL,
	       "receive_anyv: NULL pulse");
	tap_is(stplr_msg_receive_anyv(fd, 1, iov, 1, STPLR_F_TIMEOUT, -1,
				      NULL, NULL, &p), -EINVAL,
	       "receive_anyv: STPLR_F_TIMEOUT is not a caller's flag");
	tap_is(stplr_msg_receive_anyv(fd, 1, NULL, 1, 0, -1, NULL, NULL, &p),
	       -EFAULT, "receive_anyv: NULL list with entries");
	tap_is(stplr_msg_receive_anyv(fd, 1, big, STPLR_IOV_MAX + 1, 0, -1,
				      NULL, NULL, &p), -E2BIG,
	       "receive_anyv: list too long");
	tap_is(stplr_msg_receive_anyv(fd, 1, NULL, 0,
				      STPLR_RECEIVE_PULSE_ONLY, 0, NULL, NULL,
				      &p), -ENOTTY,
	       "receive_anyv: PULSE_ONLY, NULL outputs passed on");
	tap_is(stplr_msg_receive_any(fd, 1, NULL, 4, 0, -1, NULL, NULL, &p),
	       -EFAULT, "receive_any: NULL buffer with length");
	tap_is(stplr_msg_receive_pulse(fd, 1, -1, NULL, NULL), -EINVAL,
	       "receive_pulse: NULL pulse");
	tap_is(stplr_msg_receive_pulse(fd, 1, -1, &p, NULL), -ENOTTY,
	       "receive_pulse: passed on");
	tap_is(stplr_msg_pulse(fd, 1, STPLR_PRIO_SELF, 1, 2), -ENOTTY,
	       "pulse: passed on");
	tap_is(stplr_msg_readv(fd, 1, 0, NULL, 1, &len), -EFAULT,
	       "readv: NULL list with entries");
	tap_is(stplr_msg_readv(fd, 1, 0, big, STPLR_IOV_MAX + 1, &len),
	       -E2BIG, "readv: list too long");
	tap_is(stplr_msg_read(fd, 1, 0, NULL, 1, NULL), -EFAULT,
	       "read: NULL buffer with length");
	tap_is(stplr_msg_read(fd, 1, 0, buf, 1, NULL), -ENOTTY,
	       "read: NULL len is allowed");
	tap_is(stplr_msg_writev(fd, 1, 0, NULL, 1, &len), -EFAULT,
	       "writev: NULL list with entries");
	tap_is(stplr_msg_write(fd, 1, 0, NULL, 1, NULL), -EFAULT,
	       "write: NULL buffer with length");
	tap_is(stplr_msg_write(fd, 1, 0, NULL, 0, NULL), -ENOTTY,
	       "write: empty write is passed on");
	tap_is(stplr_name_attach(fd, 1, NULL), -EINVAL, "name_attach: NULL");
	tap_is(stplr_name_attach(fd, 1, ""), -EINVAL, "name_attach: empty");
	tap_is(stplr_name_attach(fd, 1, longname), -ENAMETOOLONG,
	       "name_attach: %d bytes", STPLR_NAME_MAX);
	longname[STPLR_NAME_MAX - 1] = 0;
	tap_is(stplr_name_attach(fd, 1, longname), -ENOTTY,
	       "name_attach: %d bytes passed on", STPLR_NAME_MAX - 1);
	tap_is(stplr_name_detach(fd, 1, NULL), -EINVAL, "name_detach: NULL");
	tap_is(stplr_name_open(fd, "x", 0, NULL), -EINVAL,
	       "name_open: NULL coid");
	tap_is(stplr_name_open(fd, NULL, 0, &coid), -EINVAL,
	       "name_open: NULL name");
	tap_is(stplr_name_open(fd, "x", 0, &coid), -ENOTTY,
	       "name_open: passed on");
	tap_is(stplr_channel_pollfd(fd, 1, NULL), -EINVAL,
	       "channel_pollfd: NULL");
	tap_is(stplr_channel_pollfd(fd, 1, &pfd), -ENOTTY,
	       "channel_pollfd: passed on");
}

int main(void)
{
	struct stplr_iov iov[1], big[1];
	struct stplr_send_result res;
	struct stplr_msg_info info;
	uint64_t rcvid;
	uint32_t id;
	char buf[8] = "abcdefg";
	int fd;

	tap_plan(84);

	test_layout();
	test_iov_set();
	tap_ok(STPLR_TIMEOUT_NONE < 0, "STPLR_TIMEOUT_NONE is negative");

	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("# cannot open /dev/null\n");
		return 1;
	}
	stplr_iov_set(&iov[0], buf, sizeof(buf));
	big[0] = iov[0];

	/* NULL result pointers */
	tap_is(stplr_channel_create(fd, 0, 0, NULL), -EINVAL,
	       "channel_create: NULL chid");
	tap_is(stplr_connect(fd, 1, 1, 0, NULL), -EINVAL, "connect: NULL coid");
	tap_is(stplr_connect(fd, -1, 1, 0, &id), -EINVAL,
	       "connect: negative pid");
	tap_is(stplr_connect(fd, 0, 1, 0, &id), -ENOTTY,
	       "connect: pid 0 (own process) is passed on");
	tap_is(stplr_msg_receivev(fd, 1, iov, 1, -1, NULL, &info), -EINVAL,
	       "receivev: NULL rcvid");
	tap_is(stplr_msg_receive(fd, 1, buf, 1, -1, NULL, NULL), -EINVAL,
	       "receive: NULL rcvid");
	tap_is(stplr_query(fd, NULL), -EINVAL, "query: NULL result");

	/* optional outputs may be NULL */
	tap_is(stplr_msg_sendv(fd, 1, iov, 1, iov, 1, -1, NULL), -ENOTTY,
	       "sendv: NULL result is allowed");
	tap_is(stplr_msg_receivev(fd, 1, iov, 1, -1, &rcvid, NULL), -ENOTTY,
	       "receivev: NULL info is allowed");
	tap_is(stplr_msg_replyv(fd, 1, 0, iov, 1, NULL), -ENOTTY,
	       "replyv: NULL len is allowed");

	/* NULL lists and buffers */
	tap_is(stplr_msg_sendv(fd, 1, NULL, 1, iov, 1, -1, &res), -EFAULT,
	       "sendv: NULL send list with entries");
	tap_is(stplr_msg_sendv(fd, 1, iov, 1, NULL, 2, -1, &res), -EFAULT,
	       "sendv: NULL reply list with entries");
	tap_is(stplr_msg_sendv(fd, 1, NULL, 0, NULL, 0, -1, &res), -ENOTTY,
	       "sendv: empty lists are passed on");
	tap_is(stplr_msg_send(fd, 1, NULL, 3, buf, 1, -1, &res), -EFAULT,
	       "send: NULL message with length");
	tap_is(stplr_msg_send(fd, 1, buf, 1, NULL, 3, -1, &res), -EFAULT,
	       "send: NULL reply buffer with length");
	tap_is(stplr_msg_send(fd, 1, NULL, 0, NULL, 0, -1, &res), -ENOTTY,
	       "send: NULL buffers of length 0 are passed on");
	tap_is(stplr_msg_send_onewayv(fd, 1, NULL, 1, -1), -EFAULT,
	       "send_onewayv: NULL list with entries");
	tap_is(stplr_msg_send_oneway(fd, 1, NULL, 3, -1), -EFAULT,
	       "send_oneway: NULL message with length");
	tap_is(stplr_msg_send_oneway(fd, 1, buf, 3, 0), -ENOTTY,
	       "send_oneway: zero timeout is passed on");
	tap_is(stplr_msg_receivev(fd, 1, NULL, 1, -1, &rcvid, &info), -EFAULT,
	       "receivev: NULL list with entries");
	tap_is(stplr_msg_receive(fd, 1, NULL, 4, -1, &rcvid, &info), -EFAULT,
	       "receive: NULL buffer with length");
	tap_is(stplr_msg_replyv(fd, 1, 0, NULL, 1, NULL), -EFAULT,
	       "replyv: NULL list with entries");
	tap_is(stplr_msg_reply(fd, 1, 0, NULL, 4, NULL), -EFAULT,
	       "reply: NULL buffer with length");
	tap_is(stplr_msg_reply(fd, 1, 0, NULL, 0, NULL), -ENOTTY,
	       "reply: empty reply is passed on");

	/* list lengths */
	tap_is(stplr_msg_sendv(fd, 1, big, STPLR_IOV_MAX + 1, iov, 1, -1,
			       &res), -E2BIG, "sendv: send list too long");
	tap_is(stplr_msg_sendv(fd, 1, iov, 1, big, STPLR_IOV_MAX + 1, -1,
			       &res), -E2BIG, "sendv: reply list too long");
	tap_is(stplr_msg_send_onewayv(fd, 1, big, STPLR_IOV_MAX + 1, -1),
	       -E2BIG, "send_onewayv: list too long");
	tap_is(stplr_msg_receivev(fd, 1, big, STPLR_IOV_MAX + 1, -1, &rcvid,
				  &info), -E2BIG, "receivev: list too long");
	tap_is(stplr_msg_replyv(fd, 1, 0, big, STPLR_IOV_MAX + 1, NULL),
	       -E2BIG, "replyv: list too long");

	/* error numbers */
	tap_is(stplr_msg_error(fd, 1, 0), -EINVAL, "error: 0 refused");
	tap_is(stplr_msg_error(fd, 1, -EIO), -EINVAL, "error: negative refused");
	tap_is(stplr_msg_error(fd, 1, 4096), -EINVAL, "error: 4096 refused");
	tap_is(stplr_msg_error(fd, 1, 1), -ENOTTY, "error: 1 passed on");
	tap_is(stplr_msg_error(fd, 1, 4095), -ENOTTY, "error: 4095 passed on");

	test_ext(fd);

	close(fd);
	return tap_done();
}
