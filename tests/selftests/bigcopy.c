// SPDX-License-Identifier: GPL-2.0
/*
 * Large copies pin up to STPLR_PIN_BATCH (256) pages per call (issue 12).
 * Around that batch: unaligned multi-megabyte messages and replies in odd
 * segments, MSG_READ and MSG_WRITE at offsets past the first batch, and a
 * hole or a read-only page deep inside a peer's buffer, which must fail
 * the exchange cleanly without writing past it.
 */
#include <sys/mman.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

#define PG	4096UL
#define BIG	(3 * 1024 * 1024 + 1234)

static unsigned char pat(size_t k, int seed)
{
	return (unsigned char)(k * 31 + (k >> 12) + seed);
}

FIXTURE(big) {
	int fd;
	uint32_t chid, coid;
	unsigned char *a, *b;
};

FIXTURE_SETUP(big)
{
	self->fd = t_open();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, t_channel(self->fd, &self->chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, self->chid, &self->coid));
	self->a = mmap(NULL, BIG + 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	self->b = mmap(NULL, BIG + 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->a);
	ASSERT_NE(MAP_FAILED, self->b);
}

FIXTURE_TEARDOWN(big)
{
	munmap(self->a, BIG + 2 * PG);
	munmap(self->b, BIG + 2 * PG);
	close(self->fd);
}

/* A child sends a+17 (BIG bytes, 3 odd segments), reply into b+5. */
static pid_t big_send(struct _test_data_big *self, int *status_out)
{
	pid_t pid = fork();

	(void)status_out;
	if (pid == 0) {
		unsigned char *s = self->a + 17;
		struct stplr_iov siov[3] = {
			{ t_ptr(s), 300 * PG + 3 },
			{ t_ptr(s + 300 * PG + 3), 7 },
			{ t_ptr(s + 300 * PG + 10), BIG - 300 * PG - 10 },
		};
		struct stplr_iov riov = { t_ptr(self->b + 5), BIG };
		struct stplr_msg_send m = {
			.coid = self->coid, .n_send = 3, .send_iov = t_ptr(siov),
			.n_reply = 1, .reply_iov = t_ptr(&riov),
		};
		int ret = t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m);

		if (ret)
			_exit(ret == -EFAULT ? 3 : 1);
		/* The parent checks the length (shared page past the list). */
		memcpy(self->a + BIG + PG, &m.reply_len, sizeof(m.reply_len));
		_exit(0);
	}
	return pid;
}

TEST_F(big, unaligned_segments_read_and_write)
{
	unsigned char *rbuf = malloc(BIG), *piece = malloc(400 * PG);
	struct stplr_iov iov = { t_ptr(rbuf), BIG };
	struct stplr_msg_receive r = {
		.flags = STPLR_F_TIMEOUT, .chid = self->chid, .n_iov = 1,
		.iov = t_ptr(&iov), .timeout_ns = 20000000000LL,
	};
	struct stplr_iov piov = { t_ptr(piece), 400 * PG };
	struct stplr_msg_rw rw = { .iov = t_ptr(&piov), .n_iov = 1 };
	uint64_t rlen;
	pid_t c;
	size_t k;

	ASSERT_NE(NULL, rbuf);
	ASSERT_NE(NULL, piece);
	for (k = 0; k < BIG; k++)
		self->a[17 + k] = pat(k, 1);
	c = big_send(self, NULL);
	ASSERT_GT(c, 0);
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_RECEIVE, &r));
	ASSERT_EQ(BIG, r.info.msglen);
	for (k = 0; k < BIG; k++)
		if (rbuf[k] != pat(k, 1))
			break;
	EXPECT_EQ(BIG, k);
	/* MSG_READ from past the first batch, across the segment seams. */
	rw.rcvid = r.rcvid;
	rw.offset = 257 * PG + 11;
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_READ, &rw));
	ASSERT_EQ(400 * PG, rw.len);
	for (k = 0; k < 400 * PG; k++)
		if (piece[k] != pat(257 * PG + 11 + k, 1))
			break;
	EXPECT_EQ(400 * PG, k);
	/* MSG_WRITE a piece deep into the reply, then reply the rest. */
	for (k = 0; k < 400 * PG; k++)
		piece[k] = pat(k, 2);
	rw.offset = 300 * PG + 1;
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_WRITE, &rw));
	ASSERT_EQ(400 * PG, rw.len);
	ASSERT_EQ(0, t_reply(self->fd, r.rcvid, 0, rbuf, 300 * PG + 1));
	EXPECT_EQ(0, t_child_status(c));
	memcpy(&rlen, self->a + BIG + PG, sizeof(rlen));
	EXPECT_EQ(300 * PG + 1, rlen);
	for (k = 0; k < 300 * PG + 1; k++)
		if (self->b[5 + k] != pat(k, 1))
			break;
	EXPECT_EQ(300 * PG + 1, k);
	for (k = 0; k < 400 * PG; k++)
		if (self->b[5 + 300 * PG + 1 + k] != pat(k, 2))
			break;
	EXPECT_EQ(400 * PG, k);
	/* Nothing before or after the reply list was written. */
	EXPECT_EQ(0, self->b[4]);
	EXPECT_EQ(0, self->b[5 + BIG]);
	free(rbuf);
	free(piece);
}

/* A hole at page 400 of the sender's message: EFAULT for the sender. */
TEST_F(big, hole_deep_in_send_buffer)
{
	unsigned char *rbuf = malloc(BIG);
	struct stplr_iov iov = { t_ptr(rbuf), BIG };
	struct stplr_msg_receive r = {
		.flags = STPLR_F_TIMEOUT, .chid = self->chid, .n_iov = 1,
		.iov = t_ptr(&iov), .timeout_ns = 3000000000LL,
	};
	pid_t c;

	ASSERT_NE(NULL, rbuf);
	ASSERT_EQ(0, munmap(self->a + 400 * PG, PG));
	c = big_send(self, NULL);
	ASSERT_GT(c, 0);
	/* The receiver never gets the broken message. */
	EXPECT_EQ(-ETIMEDOUT, t_ioctl(self->fd, STPLR_MSG_RECEIVE, &r));
	EXPECT_EQ(3, t_child_status(c));
	/* Remap so that teardown's munmap covers a mapping again. */
	mmap(self->a + 400 * PG, PG, PROT_READ | PROT_WRITE,
	     MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	free(rbuf);
}

/*
 * A read-only page at page 270 of the sender's reply list: the reply
 * fails with EFAULT for both, and nothing is written at or past the
 * read-only page (pages before it may hold the reply's first bytes).
 */
TEST_F(big, readonly_page_deep_in_reply_buffer)
{
	unsigned char *rbuf = malloc(BIG);
	struct stplr_iov iov = { t_ptr(rbuf), 64 };
	struct stplr_msg_receive r = {
		.flags = STPLR_F_TIMEOUT, .chid = self->chid, .n_iov = 1,
		.iov = t_ptr(&iov), .timeout_ns = 20000000000LL,
	};
	pid_t c;
	size_t k;

	ASSERT_NE(NULL, rbuf);
	memset(rbuf, 0x77, BIG);
	ASSERT_EQ(0, mprotect(self->b + 270 * PG, PG, PROT_READ));
	c = big_send(self, NULL);
	ASSERT_GT(c, 0);
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_RECEIVE, &r));
	EXPECT_EQ(-EFAULT, t_reply(self->fd, r.rcvid, 0, rbuf, BIG));
	EXPECT_EQ(3, t_child_status(c));
	for (k = 270 * PG; k < BIG + PG; k++)
		if (self->b[k])
			break;
	EXPECT_EQ(BIG + PG, k);
	free(rbuf);
}

TEST_HARNESS_MAIN
