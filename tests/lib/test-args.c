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
	tap_is(STPLR_MSG_RECEIVE, 0xC068B91A, "STPLR_MSG_RECEIVE number");
	tap_is(STPLR_MSG_REPLY, 0xC038B91B, "STPLR_MSG_REPLY number");
	tap_is(STPLR_MSG_ERROR, 0x4038B91C, "STPLR_MSG_ERROR number");
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

int main(void)
{
	struct stplr_iov iov[1], big[1];
	struct stplr_send_result res;
	struct stplr_msg_info info;
	uint64_t rcvid;
	uint32_t id;
	char buf[8] = "abcdefg";
	int fd;

	tap_plan(49);

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

	close(fd);
	return tap_done();
}
