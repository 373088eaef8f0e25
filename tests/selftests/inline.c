// SPDX-License-Identifier: GPL-2.0
/*
 * Small messages inline (issue 12): a send list up to the inline_max
 * module parameter is copied into the message at send and copied out of
 * it at receive.  What must not change: every byte and length, MSG_READ
 * at any offset, truncation, gather lists on both sides, the threshold's
 * edges, sender pages that are not present (the pinned path takes over),
 * and a sender that dies with its message queued or received.
 */
#include <signal.h>
#include <sys/mman.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

#define T_INLINE_DEFAULT 256

FIXTURE(inl) {
	int fd;
	uint32_t chid, coid;
	long saved;
};

FIXTURE_SETUP(inl)
{
	self->saved = t_param_get("inline_max");
	ASSERT_GE(self->saved, 0);
	self->fd = t_open();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, t_channel(self->fd, &self->chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, self->chid, &self->coid));
}

FIXTURE_TEARDOWN(inl)
{
	t_param_set("inline_max", (unsigned int)self->saved);
	close(self->fd);
}

/* A child sends @len bytes of pattern @seed as @n_seg segments. */
static pid_t send_pattern(int fd, uint32_t coid, size_t len, int seed,
			  int n_seg)
{
	pid_t pid = fork();

	if (pid == 0) {
		unsigned char *b = malloc(len + 1), reply[4];
		struct stplr_iov iov[8], riov = { t_ptr(reply), sizeof(reply) };
		struct stplr_msg_send m = {
			.coid = coid, .n_send = (uint32_t)n_seg,
			.send_iov = t_ptr(iov), .n_reply = 1,
			.reply_iov = t_ptr(&riov),
		};
		size_t off = 0;

		for (size_t k = 0; k < len; k++)
			b[k] = (unsigned char)(seed + k * 13);
		for (int i = 0; i < n_seg; i++) {
			size_t part = i == n_seg - 1 ? len - off : len / n_seg;

			iov[i].base = t_ptr(b + off);
			iov[i].len = part;
			off += part;
		}
		_exit(t_ioctl(fd, STPLR_MSG_SEND_RECEIVE, &m) ? 1 : 0);
	}
	return pid;
}

static int check_pattern(const unsigned char *b, size_t from, size_t n,
			 int seed)
{
	for (size_t k = 0; k < n; k++)
		if (b[k] != (unsigned char)(seed + (from + k) * 13))
			return -1;
	return 0;
}

static int64_t t_read(int fd, uint64_t rcvid, uint64_t offset, void *buf,
		      size_t len)
{
	struct stplr_iov iov = { t_ptr(buf), len };
	struct stplr_msg_rw rw = {
		.rcvid = rcvid, .offset = offset, .iov = t_ptr(&iov), .n_iov = 1,
	};
	int ret = t_ioctl(fd, STPLR_MSG_READ, &rw);

	return ret ? ret : (int64_t)rw.len;
}

/* Sizes around the threshold, whole and in segments, and MSG_READ. */
TEST_F(inl, sizes_segments_and_reads)
{
	static const size_t sizes[] = { 1, 8, 63, 64, 255, 256, 257, 1024, 5000 };
	unsigned char buf[8192], part[300];
	struct stplr_msg_info info = { 0 };

	ASSERT_EQ(0, t_param_set("inline_max", T_INLINE_DEFAULT));
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (int seg = 1; seg <= 3; seg++) {
			size_t len = sizes[i];
			size_t want = len - len / 2 < 300 ? len - len / 2 : 300;
			int seed = (int)(i * 7 + seg);
			pid_t c = send_pattern(self->fd, self->coid, len, seed, seg);
			int64_t rcvid;

			ASSERT_GT(c, 0);
			memset(buf, 0xee, sizeof(buf));
			rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
						  5000000000LL, &info);
			ASSERT_GT(rcvid, 0);
			ASSERT_EQ(len, info.msglen);
			ASSERT_EQ(len, info.srcmsglen);
			ASSERT_EQ(0, check_pattern(buf, 0, len, seed));
			/* Nothing past the message was written. */
			ASSERT_EQ(0xee, buf[len]);
			/* MSG_READ at offsets: start, middle, end, past the end. */
			ASSERT_EQ(len < 300 ? len : 300,
				  t_read(self->fd, rcvid, 0, part, sizeof(part)));
			ASSERT_EQ(0, check_pattern(part, 0, len < 300 ? len : 300, seed));
			ASSERT_EQ(want, t_read(self->fd, rcvid, len / 2, part,
					       sizeof(part)));
			ASSERT_EQ(0, check_pattern(part, len / 2, want, seed));
			ASSERT_EQ(0, t_read(self->fd, rcvid, len, part, sizeof(part)));
			ASSERT_EQ(0, t_read(self->fd, rcvid, len + 1000, part, sizeof(part)));
			ASSERT_EQ(0, t_read(self->fd, rcvid, UINT64_MAX, part, sizeof(part)));
			ASSERT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "ok", 2));
			ASSERT_EQ(0, t_child_status(c));
		}
	}
}

/* Truncation: a small receive buffer, then the rest with MSG_READ. */
TEST_F(inl, truncated_receive_then_read)
{
	unsigned char buf[10], rest[256];
	struct stplr_msg_info info = { 0 };
	int64_t rcvid;
	pid_t c = send_pattern(self->fd, self->coid, 200, 3, 2);

	ASSERT_GT(c, 0);
	rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				  5000000000LL, &info);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(10, info.msglen);
	EXPECT_EQ(200, info.srcmsglen);
	EXPECT_EQ(0, check_pattern(buf, 0, 10, 3));
	EXPECT_EQ(190, t_read(self->fd, rcvid, 10, rest, sizeof(rest)));
	EXPECT_EQ(0, check_pattern(rest, 10, 190, 3));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, NULL, 0));
	EXPECT_EQ(0, t_child_status(c));
}

/* inline_max 0 (off), the default, and a huge value (clamped): same bytes. */
TEST_F(inl, threshold_settings)
{
	static const unsigned int settings[] = { 0, 1, T_INLINE_DEFAULT, 4096, 1u << 30 };
	unsigned char buf[8192];
	struct stplr_msg_info info = { 0 };

	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		size_t len = 3000;
		pid_t c;
		int64_t rcvid;

		ASSERT_EQ(0, t_param_set("inline_max", settings[i]));
		c = send_pattern(self->fd, self->coid, len, (int)i, 2);
		ASSERT_GT(c, 0);
		rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
					  5000000000LL, &info);
		ASSERT_GT(rcvid, 0);
		ASSERT_EQ(len, info.msglen);
		ASSERT_EQ(0, check_pattern(buf, 0, len, (int)i));
		ASSERT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, NULL, 0));
		ASSERT_EQ(0, t_child_status(c));
	}
}

/*
 * A send buffer whose page is not present (never touched) or is a hole
 * the sender maps only after sending would sleep in the copy-in: the
 * message takes the pinned path, which faults the page in.
 */
TEST_F(inl, sender_page_not_present)
{
	char *fresh = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[64], zero[64] = { 0 }, reply[4];
	struct stplr_msg_info info = { 0 };
	int64_t rcvid;
	pid_t c;

	ASSERT_NE(MAP_FAILED, fresh);
	c = fork();
	ASSERT_GE(c, 0);
	if (c == 0)
		_exit(t_send(self->fd, self->coid, fresh + 100, 64, reply,
			     sizeof(reply), NULL) ? 1 : 0);
	memset(buf, 0x55, sizeof(buf));
	rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				  5000000000LL, &info);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(64, info.msglen);
	EXPECT_EQ(0, memcmp(buf, zero, 64));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "ok", 2));
	EXPECT_EQ(0, t_child_status(c));
	munmap(fresh, 4096);
}

/* A receive list that faults: EFAULT and the inline message waits. */
TEST_F(inl, receiver_fault_keeps_inline_message)
{
	unsigned char buf[64];
	int64_t rcvid;
	pid_t c = send_pattern(self->fd, self->coid, 40, 9, 1);

	ASSERT_GT(c, 0);
	ASSERT_EQ(0, t_wait_blocked(c));
	usleep(50000);
	EXPECT_EQ(-EFAULT, t_receive(self->fd, self->chid, (void *)4096, 8, NULL));
	rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				  5000000000LL, NULL);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(0, check_pattern(buf, 0, 40, 9));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, NULL, 0));
	EXPECT_EQ(0, t_child_status(c));
}

/*
 * A sender killed with its inline message queued: the message goes and
 * nobody receives it; killed after the receive: MSG_READ and the reply
 * fail with ESRCH (no copy from a dead sender's message).
 */
TEST_F(inl, sender_killed_queued_and_received)
{
	unsigned char buf[64];
	int64_t rcvid;
	pid_t c = send_pattern(self->fd, self->coid, 50, 1, 1);

	ASSERT_GT(c, 0);
	ASSERT_EQ(0, t_wait_blocked(c));
	kill(c, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(self->fd, self->chid, buf,
						sizeof(buf), 0, NULL));
	c = send_pattern(self->fd, self->coid, 50, 2, 1);
	ASSERT_GT(c, 0);
	rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				  5000000000LL, NULL);
	ASSERT_GT(rcvid, 0);
	kill(c, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	EXPECT_EQ(-ESRCH, t_read(self->fd, rcvid, 0, buf, sizeof(buf)));
	EXPECT_EQ(-ESRCH, t_reply(self->fd, (uint64_t)rcvid, 0, "x", 1));
}

/* Another user cannot change the threshold. */
TEST_F(inl, parameter_is_root_only)
{
	EXPECT_EQ(-EACCES, t_param_set_as_nobody("inline_max", 4096));
}

TEST_HARNESS_MAIN
