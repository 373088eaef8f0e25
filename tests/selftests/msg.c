// SPDX-License-Identifier: GPL-2.0
/*
 * Message semantics: data integrity, gather lists, truncation, status,
 * errors, one-way sends, priority order, sender info, thread pools and
 * timeouts.
 */
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

struct srv {
	int fd;
	uint32_t chid;
	int count;		/* messages to serve */
	size_t rbuf_len;	/* receive buffer size */
	int64_t status;		/* reply status */
	int err;		/* MsgError instead of replying when non-zero */
	struct stplr_msg_info last;
	int64_t last_rcvid;
	char data[4096];	/* what the last message carried */
};

/* Echo server: replies with the received bytes reversed. */
static void *echo_server(void *arg)
{
	struct srv *s = arg;
	char *buf = malloc(s->rbuf_len + 1), *out = malloc(s->rbuf_len + 1);
	int i;

	for (i = 0; i < s->count; i++) {
		struct stplr_msg_info info;
		int64_t rcvid = t_receive(s->fd, s->chid, buf, s->rbuf_len, &info);
		size_t n, k;

		if (rcvid < 0)
			break;
		s->last = info;
		s->last_rcvid = rcvid;
		n = info.msglen;
		memcpy(s->data, buf, n < sizeof(s->data) ? n : sizeof(s->data));
		for (k = 0; k < n; k++)
			out[k] = buf[n - 1 - k];
		if (!rcvid)
			continue;
		if (s->err)
			t_error(s->fd, (uint64_t)rcvid, s->err);
		else
			t_reply(s->fd, (uint64_t)rcvid, s->status, out, n);
	}
	free(buf);
	free(out);
	return NULL;
}

FIXTURE(chan) {
	int fd;
	uint32_t chid, coid;
	struct srv srv;
	pthread_t th;
	bool started;
};

FIXTURE_SETUP(chan)
{
	self->fd = t_open();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, t_channel(self->fd, &self->chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, self->chid, &self->coid));
	memset(&self->srv, 0, sizeof(self->srv));
	self->srv.fd = self->fd;
	self->srv.chid = self->chid;
	self->srv.count = 1;
	self->srv.rbuf_len = 64;
}

FIXTURE_TEARDOWN(chan)
{
	if (self->started)
		pthread_join(self->th, NULL);
	close(self->fd);
}

static void start(struct _test_data_chan *self)
{
	pthread_create(&self->th, NULL, echo_server, &self->srv);
	self->started = true;
}

TEST_F(chan, round_trip)
{
	char reply[64] = { 0 };
	struct stplr_msg_send out;

	self->srv.status = 42;
	start(self);
	ASSERT_EQ(0, t_send(self->fd, self->coid, "hello", 5, reply, sizeof(reply), &out));
	EXPECT_EQ(42, out.status);
	EXPECT_EQ(5, out.reply_len);
	EXPECT_EQ(5, out.reply_srclen);
	EXPECT_EQ(0, memcmp(reply, "olleh", 5));
	pthread_join(self->th, NULL);
	self->started = false;
	EXPECT_EQ(getpid(), (pid_t)self->srv.last.pid);
	EXPECT_EQ(t_gettid(), (pid_t)self->srv.last.tid);
	EXPECT_EQ(self->chid, self->srv.last.chid);
	EXPECT_EQ(self->coid, self->srv.last.coid);
	EXPECT_NE(0, self->srv.last.scoid);
	EXPECT_EQ(STPLR_INFO_REPLY, self->srv.last.flags);
	EXPECT_EQ(5, self->srv.last.srcmsglen);
	EXPECT_EQ(sizeof(reply), self->srv.last.dstmsglen);
	EXPECT_GT(self->srv.last_rcvid, 0);
}

TEST_F(chan, truncation_both_ways)
{
	char msg[100], reply[10];
	struct stplr_msg_send out;

	memset(msg, 'm', sizeof(msg));
	self->srv.rbuf_len = 40;	/* the server takes 40 of 100 */
	start(self);
	ASSERT_EQ(0, t_send(self->fd, self->coid, msg, sizeof(msg), reply, sizeof(reply), &out));
	pthread_join(self->th, NULL);
	self->started = false;
	EXPECT_EQ(40, self->srv.last.msglen);
	EXPECT_EQ(100, self->srv.last.srcmsglen);
	/* It replies 40 bytes into our 10. */
	EXPECT_EQ(10, out.reply_len);
	EXPECT_EQ(40, out.reply_srclen);
}

TEST_F(chan, zero_length)
{
	struct stplr_msg_send out;

	start(self);
	ASSERT_EQ(0, t_send(self->fd, self->coid, NULL, 0, NULL, 0, &out));
	EXPECT_EQ(0, out.reply_len);
	pthread_join(self->th, NULL);
	self->started = false;
	EXPECT_EQ(0, self->srv.last.msglen);
	EXPECT_EQ(0, self->srv.last.srcmsglen);
}

struct gather_srv {
	int fd;
	uint32_t chid;
	char got[3][7];
	struct stplr_msg_info info;
};

static void *gather_server(void *arg)
{
	struct gather_srv *g = arg;
	struct stplr_iov in[3] = {
		{ t_ptr(g->got[0]), 2 }, { t_ptr(g->got[1]), 7 }, { t_ptr(g->got[2]), 7 },
	};
	struct stplr_msg_receive r = { .chid = g->chid, .n_iov = 3, .iov = t_ptr(in) };
	static const char a[] = "AB", b[] = "", c[] = "CDEFGHIJ";
	struct stplr_iov out[3] = {
		{ t_ptr(a), 2 }, { t_ptr(b), 0 }, { t_ptr(c), 8 },
	};
	struct stplr_msg_reply p = { .n_iov = 3, .iov = t_ptr(out) };

	if (t_ioctl(g->fd, STPLR_MSG_RECEIVE, &r))
		return NULL;
	g->info = r.info;
	p.rcvid = r.rcvid;
	t_ioctl(g->fd, STPLR_MSG_REPLY, &p);
	return NULL;
}

TEST_F(chan, gather_lists)
{
	struct gather_srv g = { .fd = self->fd, .chid = self->chid };
	/* 1 + 0 + 5 + 4 = 10 bytes spread over four buffers. */
	char s0[] = "a", s2[] = "bcdef", s3[] = "ghij";
	struct stplr_iov siov[4] = {
		{ t_ptr(s0), 1 }, { 0, 0 }, { t_ptr(s2), 5 }, { t_ptr(s3), 4 },
	};
	char r0[3] = { 0 }, r1[20] = { 0 };
	struct stplr_iov riov[2] = { { t_ptr(r0), 3 }, { t_ptr(r1), 20 } };
	struct stplr_msg_send m = {
		.coid = self->coid, .n_send = 4, .send_iov = t_ptr(siov),
		.n_reply = 2, .reply_iov = t_ptr(riov),
	};
	pthread_t th;

	pthread_create(&th, NULL, gather_server, &g);
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	pthread_join(th, NULL);
	/* The request is one stream: "ab" "cdefghi" "j" over 2 + 7 + 7. */
	EXPECT_EQ(0, memcmp(g.got[0], "ab", 2));
	EXPECT_EQ(0, memcmp(g.got[1], "cdefghi", 7));
	EXPECT_EQ(0, memcmp(g.got[2], "j", 1));
	EXPECT_EQ(10, g.info.msglen);
	EXPECT_EQ(23, g.info.dstmsglen);
	/* The reply "AB" + "CDEFGHIJ" lands as "ABC" + "DEFGHIJ". */
	EXPECT_EQ(10, m.reply_len);
	EXPECT_EQ(0, memcmp(r0, "ABC", 3));
	EXPECT_EQ(0, memcmp(r1, "DEFGHIJ", 7));
}

TEST_F(chan, error_reply)
{
	char reply[8];

	self->srv.err = EPERM;
	start(self);
	EXPECT_EQ(-EPERM, t_send(self->fd, self->coid, "x", 1, reply, sizeof(reply), NULL));
}

TEST_F(chan, negative_status)
{
	struct stplr_msg_send out;

	self->srv.status = -7;
	start(self);
	ASSERT_EQ(0, t_send(self->fd, self->coid, "x", 1, NULL, 0, &out));
	EXPECT_EQ(-7, out.status);
}

TEST_F(chan, reply_twice)
{
	char buf[8];
	int64_t rcvid;
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* The child shares the context; it sends. */
		_exit(t_send(self->fd, self->coid, "x", 1, buf, sizeof(buf), NULL) ? 1 : 0);
	}
	rcvid = t_receive(self->fd, self->chid, buf, sizeof(buf), NULL);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "y", 1));
	/* The rcvid ended with the first reply. */
	EXPECT_EQ(-ESRCH, t_reply(self->fd, (uint64_t)rcvid, 0, "y", 1));
	EXPECT_EQ(-ESRCH, t_error(self->fd, (uint64_t)rcvid, EIO));
	int st;

	waitpid(pid, &st, 0);
	EXPECT_EQ(0, WEXITSTATUS(st));
}

struct oneway_arg {
	int fd;
	uint32_t coid;
	int ret;
	volatile int done;
};

static void *oneway_sender(void *arg)
{
	struct oneway_arg *o = arg;

	o->ret = t_send_oneway(o->fd, o->coid, "fire", 4);
	o->done = 1;
	return NULL;
}

TEST_F(chan, oneway_blocks_until_received)
{
	struct oneway_arg o = { .fd = self->fd, .coid = self->coid };
	struct stplr_msg_info info;
	char buf[16] = { 0 };
	pthread_t th;

	pthread_create(&th, NULL, oneway_sender, &o);
	usleep(200 * 1000);
	EXPECT_EQ(0, o.done) TH_LOG("one-way send returned before a receive");
	EXPECT_EQ(0, t_receive(self->fd, self->chid, buf, sizeof(buf), &info));
	pthread_join(th, NULL);
	EXPECT_EQ(0, o.ret);
	EXPECT_EQ(0, memcmp(buf, "fire", 4));
	EXPECT_EQ(0, info.flags & STPLR_INFO_REPLY);
	EXPECT_EQ(0, info.dstmsglen);
}

/* Senders in child processes with different nice values. */
TEST_F(chan, priority_order)
{
	static const int nices[] = { 10, 0, 19, 5 };
	pid_t pids[4];
	char buf[8];
	int i, order[4];

	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		ASSERT_GE(pids[i], 0);
		if (pids[i] == 0) {
			char c = (char)('0' + i);

			setpriority(PRIO_PROCESS, 0, nices[i]);
			_exit(t_send(self->fd, self->coid, &c, 1, NULL, 0, NULL) ? 1 : 0);
		}
		/* Queue them in index order. */
		ASSERT_EQ(0, t_wait_blocked(pids[i]));
		usleep(20000);
	}
	for (i = 0; i < 4; i++) {
		struct stplr_msg_info info;
		int64_t rcvid = t_receive(self->fd, self->chid, buf, 1, &info);

		ASSERT_GT(rcvid, 0);
		order[i] = buf[0] - '0';
		EXPECT_EQ(19 - nices[order[i]], (int)info.priority);
		t_reply(self->fd, (uint64_t)rcvid, 0, NULL, 0);
	}
	/* nice 0, 5, 10, 19. */
	EXPECT_EQ(1, order[0]);
	EXPECT_EQ(3, order[1]);
	EXPECT_EQ(0, order[2]);
	EXPECT_EQ(2, order[3]);
	for (i = 0; i < 4; i++) {
		int st;

		waitpid(pids[i], &st, 0);
		EXPECT_EQ(0, WEXITSTATUS(st));
	}
}

TEST_F(chan, rt_priority_first)
{
	struct sched_param sp = { .sched_priority = 10 };
	pid_t normal, rt;
	char buf[4];
	int64_t rcvid;
	struct stplr_msg_info info;

	normal = fork();
	if (normal == 0)
		_exit(t_send(self->fd, self->coid, "n", 1, NULL, 0, NULL) ? 1 : 0);
	ASSERT_EQ(0, t_wait_blocked(normal));
	rt = fork();
	if (rt == 0) {
		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			_exit(2);
		_exit(t_send(self->fd, self->coid, "r", 1, NULL, 0, NULL) ? 1 : 0);
	}
	ASSERT_EQ(0, t_wait_blocked(rt));
	rcvid = t_receive(self->fd, self->chid, buf, 1, &info);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ('r', buf[0]);
	EXPECT_EQ(50, info.priority);
	t_reply(self->fd, (uint64_t)rcvid, 0, NULL, 0);
	rcvid = t_receive(self->fd, self->chid, buf, 1, &info);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ('n', buf[0]);
	t_reply(self->fd, (uint64_t)rcvid, 0, NULL, 0);
	waitpid(normal, NULL, 0);
	waitpid(rt, NULL, 0);
}

struct handoff {
	int fd;
	uint64_t rcvid;
	int ret;
};

static void *reply_from_other_thread(void *arg)
{
	struct handoff *h = arg;

	h->ret = t_reply(h->fd, h->rcvid, 7, "late", 4);
	return NULL;
}

TEST_F(chan, reply_from_another_thread_and_process)
{
	char buf[8], reply[8] = { 0 };
	struct stplr_msg_send out;
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		int r = t_send(self->fd, self->coid, "q", 1, reply, sizeof(reply), &out);

		_exit(r == 0 && out.status == 7 && !memcmp(reply, "late", 4) ? 0 : 1);
	}
	struct handoff h = { .fd = self->fd };
	pthread_t th;
	int st;

	h.rcvid = (uint64_t)t_receive(self->fd, self->chid, buf, sizeof(buf), NULL);
	ASSERT_GT((int64_t)h.rcvid, 0);
	pthread_create(&th, NULL, reply_from_other_thread, &h);
	pthread_join(th, NULL);
	EXPECT_EQ(0, h.ret);
	waitpid(pid, &st, 0);
	EXPECT_EQ(0, WEXITSTATUS(st));
}

TEST_F(chan, reply_needs_the_receiving_context)
{
	char buf[8];
	int other = t_open();
	int64_t rcvid;
	pid_t pid;
	int st;

	ASSERT_GE(other, 0);
	pid = fork();
	if (pid == 0)
		_exit(t_send(self->fd, self->coid, "x", 1, buf, 1, NULL) == 0 ? 0 : 1);
	rcvid = t_receive(self->fd, self->chid, buf, sizeof(buf), NULL);
	ASSERT_GT(rcvid, 0);
	/* A forged rcvid from another context reaches nothing. */
	EXPECT_EQ(-ESRCH, t_reply(other, (uint64_t)rcvid, 0, "x", 1));
	EXPECT_EQ(-ESRCH, t_error(other, (uint64_t)rcvid, EIO));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "y", 1));
	waitpid(pid, &st, 0);
	EXPECT_EQ(0, WEXITSTATUS(st));
	close(other);
}

TEST_F(chan, receive_timeout)
{
	char buf[4];
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(self->fd, self->chid, buf, 4, 100000000, NULL));
	clock_gettime(CLOCK_MONOTONIC, &b);
	EXPECT_GE((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec, 100000000L);
}

TEST_F(chan, send_timeout_unreceived)
{
	char buf[4];

	EXPECT_EQ(-ETIMEDOUT, t_send_timeout(self->fd, self->coid, 50000000));
	/* The timed-out message left the queue. */
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(self->fd, self->chid, buf, 4, 0, NULL));
	EXPECT_EQ(-ETIMEDOUT, t_send_timeout(self->fd, self->coid, 0));
}

TEST_F(chan, send_timeout_while_reply_blocked)
{
	char buf[4];
	int64_t rcvid;
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(t_send_timeout(self->fd, self->coid, 200000000) == -ETIMEDOUT ? 0 : 1);
	rcvid = t_receive(self->fd, self->chid, buf, 4, NULL);
	ASSERT_GT(rcvid, 0);
	waitpid(pid, &st, 0);
	EXPECT_EQ(0, WEXITSTATUS(st));
	/* The client left: the late reply lands nowhere. */
	EXPECT_EQ(-ESRCH, t_reply(self->fd, (uint64_t)rcvid, 0, "z", 1));
}

TEST_F(chan, queue_limit)
{
	long max = t_param_get("max_queued");
	pid_t pids[2];
	int i;

	ASSERT_EQ(0, t_param_set("max_queued", 2));
	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(t_send(self->fd, self->coid, "x", 1, NULL, 0, NULL) ? 1 : 0);
		ASSERT_EQ(0, t_wait_blocked(pids[i]));
	}
	EXPECT_EQ(-EAGAIN, t_send(self->fd, self->coid, "x", 1, NULL, 0, NULL));
	ASSERT_EQ(0, t_param_set("max_queued", (unsigned int)max));
	for (i = 0; i < 2; i++) {
		char b;
		int64_t rcvid = t_receive(self->fd, self->chid, &b, 1, NULL);

		EXPECT_GT(rcvid, 0);
		t_reply(self->fd, (uint64_t)rcvid, 0, NULL, 0);
		waitpid(pids[i], NULL, 0);
	}
}

struct pool {
	int fd;
	uint32_t chid;
	int served;
};

static void *pool_worker(void *arg)
{
	struct pool *p = arg;
	uint32_t v;

	for (;;) {
		int64_t rcvid = t_receive(p->fd, p->chid, &v, sizeof(v), NULL);

		if (rcvid <= 0)
			return NULL;
		__atomic_add_fetch(&p->served, 1, __ATOMIC_RELAXED);
		v = ~v;
		t_reply(p->fd, (uint64_t)rcvid, 0, &v, sizeof(v));
	}
}

TEST_F(chan, thread_pool)
{
	struct pool p = { .fd = self->fd, .chid = self->chid };
	pthread_t th[4];
	uint32_t i, r;

	for (i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, pool_worker, &p);
	for (i = 0; i < 2000; i++) {
		ASSERT_EQ(0, t_send(self->fd, self->coid, &i, sizeof(i), &r, sizeof(r), NULL));
		ASSERT_EQ(~i, r);
	}
	/* Destroying the channel releases every pooled receiver. */
	EXPECT_EQ(0, t_channel_destroy(self->fd, self->chid));
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(2000, p.served);
}

TEST_F(chan, large_message)
{
	size_t len = 8 << 20;
	unsigned char *s = malloc(len), *r = malloc(len);
	struct stplr_msg_send out;
	struct srv *big = &self->srv;
	size_t i;

	ASSERT_NE(NULL, s);
	for (i = 0; i < len; i++)
		s[i] = (unsigned char)(i * 7 + 3);
	big->rbuf_len = len;
	start(self);
	ASSERT_EQ(0, t_send(self->fd, self->coid, s, len, r, len, &out));
	EXPECT_EQ(len, out.reply_len);
	for (i = 0; i < len; i++)
		if (r[i] != s[len - 1 - i])
			break;
	EXPECT_EQ(len, i);
	free(s);
	free(r);
}

TEST_F(chan, unaligned_and_page_crossing)
{
	char *area = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char reply[6000];
	struct stplr_msg_send out;
	int i;

	ASSERT_NE(MAP_FAILED, area);
	for (i = 0; i < 5000; i++)
		area[4090 + i] = (char)i;
	self->srv.rbuf_len = 6000;
	start(self);
	ASSERT_EQ(0, t_send(self->fd, self->coid, area + 4090, 5000, reply, sizeof(reply), &out));
	EXPECT_EQ(5000, out.reply_len);
	for (i = 0; i < 5000; i++)
		if (reply[i] != (char)(4999 - i))
			break;
	EXPECT_EQ(5000, i);
	munmap(area, 3 * 4096);
}

TEST_F(chan, sender_buffer_fault)
{
	char *area = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char reply[8];
	pid_t pid;
	int st;

	ASSERT_NE(MAP_FAILED, area);
	/* The second page of the message is a hole. */
	munmap(area + 4096, 4096);
	/* The faulting message never reaches the server: it sees one. */
	self->srv.count = 1;
	self->srv.rbuf_len = 8192;
	start(self);
	EXPECT_EQ(-EFAULT, t_send(self->fd, self->coid, area, 8192, reply, sizeof(reply), NULL));
	/* The server was not disturbed: the next message goes through. */
	pid = fork();
	if (pid == 0)
		_exit(t_send(self->fd, self->coid, "ok", 2, reply, sizeof(reply), NULL) ? 1 : 0);
	waitpid(pid, &st, 0);
	EXPECT_EQ(0, WEXITSTATUS(st));
	munmap(area, 4096);
}

/*
 * A reply list larger than inline_max is written by the replier into the
 * sender's pages: a read-only one fails both calls.  (Small reply lists:
 * replyinline.c.)
 */
TEST_F(chan, reply_into_readonly_buffer)
{
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[8];
	int64_t rcvid;
	pid_t pid;
	int st;

	ASSERT_NE(MAP_FAILED, ro);
	pid = fork();
	if (pid == 0)
		_exit(t_send(self->fd, self->coid, "x", 1, ro, 4096, NULL) == -EFAULT ? 0 : 1);
	rcvid = t_receive(self->fd, self->chid, buf, sizeof(buf), NULL);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(-EFAULT, t_reply(self->fd, (uint64_t)rcvid, 0, "0123456789", 10));
	waitpid(pid, &st, 0);
	EXPECT_EQ(0, WEXITSTATUS(st));
	munmap(ro, 4096);
}

TEST_F(chan, receiver_fault_keeps_message)
{
	char buf[8];
	int64_t rcvid;
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0)
		_exit(t_send(self->fd, self->coid, "keep", 4, buf, sizeof(buf), NULL) ? 1 : 0);
	ASSERT_EQ(0, t_wait_blocked(pid));
	/* A receive list pointing at unmapped memory: EFAULT, message kept. */
	EXPECT_EQ(-EFAULT, t_receive(self->fd, self->chid, (void *)4096, 8, NULL));
	rcvid = t_receive(self->fd, self->chid, buf, sizeof(buf), NULL);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(0, memcmp(buf, "keep", 4));
	/* A reply from an unreadable buffer fails; the rcvid stays usable. */
	EXPECT_EQ(-EFAULT, t_reply(self->fd, (uint64_t)rcvid, 0, (void *)4096, 4));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "done", 4));
	waitpid(pid, &st, 0);
	EXPECT_EQ(0, WEXITSTATUS(st));
}

TEST_F(chan, readonly_send_buffer)
{
	/* Send buffers are only read: a read-only mapping is fine. */
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char reply[8];

	ASSERT_NE(MAP_FAILED, ro);
	start(self);
	EXPECT_EQ(0, t_send(self->fd, self->coid, ro, 8, reply, sizeof(reply), NULL));
	munmap(ro, 4096);
}

TEST_HARNESS_MAIN
