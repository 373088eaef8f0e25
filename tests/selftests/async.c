// SPDX-License-Identifier: GPL-2.0
/*
 * STPLR_SEND_ASYNC (issue 12): a small one-way message is copied in and
 * queued, and the sender returns without waiting for a receiver.  The
 * abuse cases: bad flag combinations, a full queue, a sender that frees
 * its buffer or dies at once, a channel or server context destroyed with
 * messages queued (kmemleak and KASAN watch these under --debug), a
 * receiver that faults, pulse-only receivers, and senders and receivers
 * racing a channel's destruction.  Plain one-way sends keep blocking.
 */
#include <signal.h>
#include <sys/mman.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

static int t_send_async(int fd, uint32_t coid, const void *s, size_t len)
{
	struct stplr_iov iov = { t_ptr(s), len };
	struct stplr_msg_send m = {
		.flags = STPLR_SEND_ASYNC, .coid = coid, .n_send = 1,
		.send_iov = t_ptr(&iov),
	};

	return t_ioctl(fd, STPLR_MSG_SEND, &m);
}

FIXTURE(as) {
	int fd;
	uint32_t chid, coid;
};

FIXTURE_SETUP(as)
{
	struct stplr_query q = { 0 };

	self->fd = t_open();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_IOC_QUERY, &q));
	ASSERT_TRUE(q.features & STPLR_FEAT_SEND_ASYNC);
	ASSERT_EQ(0, t_channel(self->fd, &self->chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, self->chid, &self->coid));
}

FIXTURE_TEARDOWN(as)
{
	close(self->fd);
}

/* Returns with nobody receiving; the message arrives intact, rcvid 0. */
TEST_F(as, returns_before_any_receive)
{
	struct stplr_msg_info info = { 0 };
	char buf[64] = { 0 };
	int i;

	for (i = 0; i < 5; i++) {
		char msg[16];

		snprintf(msg, sizeof(msg), "async-%d", i);
		ASSERT_EQ(0, t_send_async(self->fd, self->coid, msg, strlen(msg) + 1));
	}
	for (i = 0; i < 5; i++) {
		char want[16];

		snprintf(want, sizeof(want), "async-%d", i);
		ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
					       0, &info));
		EXPECT_STREQ(want, buf);
		EXPECT_EQ(0, info.flags & STPLR_INFO_REPLY);
		EXPECT_EQ(strlen(want) + 1, info.srcmsglen);
		EXPECT_EQ(0, info.dstmsglen);
		EXPECT_EQ(getpid(), (pid_t)info.pid);
	}
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(self->fd, self->chid, buf,
						sizeof(buf), 0, NULL));
}

TEST_F(as, bad_flags)
{
	char r[4];
	struct stplr_iov iov = { t_ptr("x"), 1 }, riov = { t_ptr(r), sizeof(r) };
	struct stplr_msg_send m = {
		.flags = STPLR_SEND_ASYNC, .coid = self->coid, .n_send = 1,
		.send_iov = t_ptr(&iov), .n_reply = 1, .reply_iov = t_ptr(&riov),
	};

	/* Not with a two-way send, not with a reply list, no unknown bits. */
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND, &m));
	m.n_reply = 0;
	m.reply_iov = 0;
	m.flags = STPLR_SEND_ASYNC | (1ULL << 7);
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND, &m));
	m.flags = STPLR_SEND_ASYNC;
	m.reserved1 = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND, &m));
	m.reserved1 = 0;
	m.coid = 12345;
	EXPECT_EQ(-ENOENT, t_ioctl(self->fd, STPLR_MSG_SEND, &m));
	/* A list the kernel cannot read. */
	m.coid = self->coid;
	m.send_iov = 16;
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_SEND, &m));
	iov.base = 4096;
	m.send_iov = t_ptr(&iov);
	m.flags = STPLR_SEND_ASYNC | STPLR_F_TIMEOUT;
	m.timeout_ns = 100000000;
	/* An unmapped buffer cannot be copied in: the blocking path says so. */
	EXPECT_NE(0, t_ioctl(self->fd, STPLR_MSG_SEND, &m));
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(self->fd, self->chid, r, sizeof(r),
						0, NULL));
}

/* max_queued bounds them: EAGAIN when full, room again after a receive. */
TEST_F(as, queue_limit)
{
	long max = t_param_get("max_queued");
	char buf[8];
	long i;

	ASSERT_GT(max, 0);
	ASSERT_LE(max, 100000);
	for (i = 0; i < max; i++)
		ASSERT_EQ(0, t_send_async(self->fd, self->coid, "q", 1));
	EXPECT_EQ(-EAGAIN, t_send_async(self->fd, self->coid, "q", 1));
	ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf, sizeof(buf), 0,
				       NULL));
	EXPECT_EQ(0, t_send_async(self->fd, self->coid, "q", 1));
	EXPECT_EQ(-EAGAIN, t_send_async(self->fd, self->coid, "q", 1));
}

/*
 * Above inline_max with async_max 0 (no budget) the flag changes nothing:
 * the send blocks as before.
 */
struct big_sender {
	int fd;
	uint32_t coid;
	int ret;
	volatile int done;
};

static void *send_big(void *arg)
{
	struct big_sender *b = arg;
	static char big[8192];

	memset(big, 'B', sizeof(big));
	b->ret = t_send_async(b->fd, b->coid, big, sizeof(big));
	b->done = 1;
	return NULL;
}

TEST_F(as, large_message_blocks_until_received)
{
	struct big_sender b = { .fd = self->fd, .coid = self->coid };
	long saved = t_param_get("async_max");
	static char buf[8192];
	struct stplr_msg_info info;
	pthread_t th;

	ASSERT_GE(saved, 0);
	ASSERT_EQ(0, t_param_set("async_max", 0));
	ASSERT_EQ(0, pthread_create(&th, NULL, send_big, &b));
	usleep(200000);
	EXPECT_EQ(0, b.done);
	ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				       5000000000LL, &info));
	pthread_join(th, NULL);
	t_param_set("async_max", (unsigned int)saved);
	EXPECT_EQ(0, b.ret);
	EXPECT_EQ(sizeof(buf), info.msglen);
	EXPECT_EQ('B', buf[0]);
	EXPECT_EQ('B', buf[sizeof(buf) - 1]);
}

/* A plain STPLR_MSG_SEND still waits for a receiver (its guarantee). */
TEST_F(as, plain_oneway_still_blocks)
{
	struct stplr_iov iov = { t_ptr("plain"), 5 };
	struct stplr_msg_send m = {
		.flags = STPLR_F_TIMEOUT, .coid = self->coid, .n_send = 1,
		.send_iov = t_ptr(&iov), .timeout_ns = 100000000,
	};

	EXPECT_EQ(-ETIMEDOUT, t_ioctl(self->fd, STPLR_MSG_SEND, &m));
}

/*
 * The sender unmaps its buffer and then dies right after sending: the
 * message is the kernel's copy, intact.
 */
TEST_F(as, sender_frees_buffer_and_dies)
{
	char buf[300];
	struct stplr_msg_info info;
	pid_t c = fork();

	ASSERT_GE(c, 0);
	if (c == 0) {
		char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			_exit(1);
		memset(p, 'k', 256);
		if (t_send_async(self->fd, self->coid, p, 256))
			_exit(2);
		munmap(p, 4096);
		raise(SIGKILL);
		_exit(3);
	}
	EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				       0, &info));
	EXPECT_EQ(256, info.msglen);
	EXPECT_EQ('k', buf[0]);
	EXPECT_EQ('k', buf[255]);
	EXPECT_EQ(0, buf[256]);
}

/* Queued messages go with their channel, or with the server's context. */
TEST_F(as, destroyed_with_messages_queued)
{
	int srv = t_open(), cli = t_open();
	uint32_t chid, coid;
	int i;

	ASSERT_GE(srv, 0);
	ASSERT_GE(cli, 0);
	ASSERT_EQ(0, t_channel(srv, &chid));
	ASSERT_EQ(0, t_connect(cli, getpid(), chid, &coid));
	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, t_send_async(cli, coid, "gone soon", 10));
	ASSERT_EQ(0, t_channel_destroy(srv, chid));
	EXPECT_EQ(-ESRCH, t_send_async(cli, coid, "late", 5));
	ASSERT_EQ(0, t_channel(srv, &chid));
	ASSERT_EQ(0, t_connect(cli, getpid(), chid, &coid));
	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, t_send_async(cli, coid, "gone too", 9));
	/* The sender goes first, then the server's context. */
	close(cli);
	close(srv);
}

/* A receiver whose list faults leaves the message for the next one. */
TEST_F(as, receiver_fault_keeps_message)
{
	char buf[16] = { 0 };

	ASSERT_EQ(0, t_send_async(self->fd, self->coid, "kept", 5));
	EXPECT_EQ(-EFAULT, t_receive(self->fd, self->chid, (void *)4096, 8, NULL));
	ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf, sizeof(buf), 0,
				       NULL));
	EXPECT_STREQ("kept", buf);
}

/* Pulse-only receivers leave async messages alone; a pulse passes them. */
TEST_F(as, pulse_only_receive_skips_them)
{
	struct stplr_msg_receive r;
	char buf[16] = { 0 };

	ASSERT_EQ(0, t_send_async(self->fd, self->coid, "msg", 4));
	ASSERT_EQ(0, t_pulse(self->fd, self->coid, 3, 33));
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid,
				    STPLR_F_TIMEOUT | STPLR_RECEIVE_PULSE_ONLY, 0,
				    NULL, 0, &r));
	EXPECT_TRUE(r.info.flags & STPLR_INFO_PULSE);
	EXPECT_EQ(-ETIMEDOUT, t_receive_full(self->fd, self->chid,
					     STPLR_F_TIMEOUT | STPLR_RECEIVE_PULSE_ONLY,
					     0, NULL, 0, &r));
	ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf, sizeof(buf), 0,
				       NULL));
	EXPECT_STREQ("msg", buf);
}

/*
 * Senders and receivers in several threads while the channel is destroyed
 * and recreated: every message received is whole, none twice.
 */
struct racer {
	int fd;
	uint32_t *coid;
	uint32_t *chid;
	volatile int *stop;
	int id;
	unsigned long sent, got, bad;
};

static void *race_send(void *arg)
{
	struct racer *r = arg;
	unsigned long n = 0;

	while (!*r->stop) {
		char msg[64];

		memset(msg, 'a' + r->id, sizeof(msg));
		memcpy(msg, &n, sizeof(n));
		if (!t_send_async(r->fd, *r->coid, msg, 8 + n % 56))
			r->sent++;
		n++;
		if (!(n % 64))
			sched_yield();
	}
	return NULL;
}

static void *race_recv(void *arg)
{
	struct racer *r = arg;

	while (!*r->stop) {
		char buf[64];
		struct stplr_msg_info info = { 0 };
		unsigned long n;

		if (t_receive_timeout(r->fd, *r->chid, buf, sizeof(buf), 20000000,
				      &info) < 0)
			continue;
		memcpy(&n, buf, sizeof(n));
		if (info.msglen != 8 + n % 56)
			r->bad++;
		for (size_t k = 8; k < info.msglen; k++)
			if (buf[k] < 'a' || buf[k] > 'd' || buf[k] != buf[8])
				r->bad++;
		r->got++;
	}
	return NULL;
}

TEST_F(as, race_with_channel_destruction)
{
	volatile int stop = 0;
	struct racer rs[4];
	pthread_t th[4];
	uint32_t chid = self->chid, coid = self->coid;
	int i;

	for (i = 0; i < 4; i++) {
		rs[i] = (struct racer){ .fd = self->fd, .coid = &coid, .chid = &chid,
					.stop = &stop, .id = i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, i < 2 ? race_send : race_recv,
					    &rs[i]));
	}
	for (i = 0; i < 20; i++) {
		uint32_t nchid, ncoid, ochid = chid;

		usleep(50000);
		ASSERT_EQ(0, t_channel(self->fd, &nchid));
		ASSERT_EQ(0, t_connect(self->fd, 0, nchid, &ncoid));
		chid = nchid;
		coid = ncoid;
		t_channel_destroy(self->fd, ochid);
	}
	stop = 1;
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(0, rs[2].bad + rs[3].bad);
	EXPECT_GT(rs[0].sent + rs[1].sent, 0);
	EXPECT_GT(rs[2].got + rs[3].got, 0);
	EXPECT_LE(rs[2].got + rs[3].got, rs[0].sent + rs[1].sent);
	TH_LOG("sent %lu, received %lu", rs[0].sent + rs[1].sent,
	       rs[2].got + rs[3].got);
}

/*
 * Large asynchronous messages (STPLR_FEAT_ASYNC_LARGE): buffered while the
 * channel's async_max budget lasts, then the sender waits like a writer
 * on a full pipe; every byte arrives, in order, and the budget comes back
 * as messages are received.
 */
TEST_F(as, large_messages_buffered_within_budget)
{
	struct stplr_query q = { 0 };
	long saved = t_param_get("async_max");
	static unsigned char big[65536], buf[65536 + 16];
	struct stplr_msg_info info;
	struct big_sender b = { .fd = self->fd, .coid = self->coid };
	pthread_t th;
	int i;

	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_IOC_QUERY, &q));
	ASSERT_TRUE(q.features & STPLR_FEAT_ASYNC_LARGE);
	ASSERT_GE(saved, 0);
	/* Room for four 64 KiB messages and one 8 KiB one, not more. */
	ASSERT_EQ(0, t_param_set("async_max", 4 * 65536 + 8192));
	for (i = 0; i < 4; i++) {
		memset(big, 'a' + i, sizeof(big));
		ASSERT_EQ(0, t_send_async(self->fd, self->coid, big, sizeof(big)));
	}
	/* Changing the buffer at once does not change what was sent. */
	memset(big, 'z', sizeof(big));
	ASSERT_EQ(0, pthread_create(&th, NULL, send_big, &b));
	pthread_join(th, NULL);
	EXPECT_EQ(0, b.ret);
	/* The budget is used up: the next one waits for a receive. */
	b.done = 0;
	ASSERT_EQ(0, pthread_create(&th, NULL, send_big, &b));
	usleep(200000);
	EXPECT_EQ(0, b.done);
	for (i = 0; i < 4; i++) {
		memset(buf, 0, sizeof(buf));
		ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf,
					       sizeof(buf), 5000000000LL, &info));
		ASSERT_EQ(sizeof(big), info.msglen);
		ASSERT_EQ('a' + i, buf[0]);
		ASSERT_EQ('a' + i, buf[sizeof(big) - 1]);
		ASSERT_EQ(0, buf[sizeof(big)]);
	}
	/* Two 8 KiB ones: the buffered one and the one that waited. */
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf,
					       sizeof(buf), 5000000000LL, &info));
		ASSERT_EQ(8192, info.msglen);
		ASSERT_EQ('B', buf[8191]);
	}
	pthread_join(th, NULL);
	EXPECT_EQ(0, b.ret);
	/* All of the budget is back: four more go without a receiver. */
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, t_send_async(self->fd, self->coid, big, sizeof(big)));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf,
					       sizeof(buf), 5000000000LL, NULL));
	t_param_set("async_max", (unsigned int)saved);
}

/*
 * Large asynchronous messages outlive a sender that unmaps its buffer and
 * dies, go with a destroyed channel, and a buffer that faults (unmapped,
 * or on a userfaultfd page nobody serves, then killed) never leaves a
 * message behind or budget taken.
 */
TEST_F(as, large_messages_hostile_senders)
{
	static unsigned char buf[200000];
	struct stplr_msg_info info;
	uint32_t chid, coid;
	pid_t c = fork();

	ASSERT_GE(c, 0);
	if (c == 0) {
		size_t len = 150000;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			_exit(1);
		memset(p, 'd', len);
		if (t_send_async(self->fd, self->coid, p, len))
			_exit(2);
		munmap(p, len);
		raise(SIGKILL);
		_exit(3);
	}
	EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				       0, &info));
	EXPECT_EQ(150000, info.msglen);
	EXPECT_EQ('d', buf[149999]);

	/*
	 * A hole in the middle: the copy fails, the budget is given back and
	 * the send takes the blocking path, which times out with no receiver
	 * and leaves nothing queued.
	 */
	c = fork();
	ASSERT_GE(c, 0);
	if (c == 0) {
		char *p = mmap(NULL, 3 * 65536, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct stplr_iov iov = { t_ptr(p), 3 * 65536 };
		struct stplr_msg_send m = {
			.flags = STPLR_SEND_ASYNC | STPLR_F_TIMEOUT,
			.coid = self->coid, .n_send = 1,
			.send_iov = t_ptr(&iov), .timeout_ns = 300000000,
		};

		if (p == MAP_FAILED || munmap(p + 65536, 65536))
			_exit(1);
		/* Blocking path: no receiver, so it times out or faults. */
		_exit(t_ioctl(self->fd, STPLR_MSG_SEND, &m) ? 0 : 2);
	}
	EXPECT_EQ(0, t_child_status(c));
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(self->fd, self->chid, buf,
						sizeof(buf), 0, NULL));

	/* A userfaultfd page nobody serves: the sender waits on itself. */
	c = fork();
	ASSERT_GE(c, 0);
	if (c == 0) {
		char *page;
		int uffd = t_uffd_page(&page);

		if (uffd < 0)
			_exit(0);
		_exit(t_send_async(self->fd, self->coid, page, 4096) ? 4 : 5);
	}
	usleep(300000);
	EXPECT_EQ(0, waitpid(c, NULL, WNOHANG));
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(self->fd, self->chid, buf,
						sizeof(buf), 0, NULL));

	/* Queued large messages go with their channel. */
	ASSERT_EQ(0, t_channel(self->fd, &chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, chid, &coid));
	memset(buf, 'x', 100000);
	ASSERT_EQ(0, t_send_async(self->fd, coid, buf, 100000));
	ASSERT_EQ(0, t_send_async(self->fd, coid, buf, 100000));
	ASSERT_EQ(0, t_channel_destroy(self->fd, chid));
	/* And the whole budget of a new channel is there. */
	ASSERT_EQ(0, t_channel(self->fd, &chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, chid, &coid));
	ASSERT_EQ(0, t_send_async(self->fd, coid, buf, 100000));
	ASSERT_EQ(0, t_receive_timeout(self->fd, chid, buf, sizeof(buf), 0,
				       &info));
	EXPECT_EQ(100000, info.msglen);
}

/* Another user cannot change the budget. */
TEST_F(as, async_max_is_root_only)
{
	pid_t c = fork();

	ASSERT_GE(c, 0);
	if (c == 0) {
		if (t_become_nobody())
			_exit(2);
		_exit(t_param_set("async_max", 1u << 30) == -EACCES ? 0 : 1);
	}
	EXPECT_EQ(0, t_child_status(c));
}

TEST_HARNESS_MAIN
