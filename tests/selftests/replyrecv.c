// SPDX-License-Identifier: GPL-2.0
/*
 * STPLR_MSG_REPLY_RECEIVE (issue 12): reply to one message and receive the
 * next in one call.  The abuse cases first: bad and foreign rcvids, a
 * reply that fails (nothing may be received then), signals and kills in
 * the receive half, read-only, unmapped and userfaultfd arguments; then
 * the server loop it exists for.  Built 64- and 32-bit (compat_ioctl).
 */
#include <poll.h>
#include <stddef.h>
#include <signal.h>
#include <sys/mman.h>
#include <linux/userfaultfd.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

/* Reply-and-receive with one buffer each way; returns 0 or -errno. */
static int t_rr(int fd, uint64_t flags, uint64_t rcvid, int64_t status,
		const void *rbuf, size_t rlen, uint32_t chid, void *buf,
		size_t len, uint64_t rflags, int64_t timeout_ns,
		struct stplr_msg_reply_receive *out)
{
	struct stplr_iov riov = { t_ptr(rbuf), rlen }, iov = { t_ptr(buf), len };
	struct stplr_msg_reply_receive m = {
		.flags = flags,
		.reply = {
			.rcvid = rcvid, .status = status,
			.n_iov = rbuf ? 1 : 0, .iov = rbuf ? t_ptr(&riov) : 0,
		},
		.receive = {
			.flags = rflags, .chid = chid, .n_iov = buf ? 1 : 0,
			.iov = buf ? t_ptr(&iov) : 0, .timeout_ns = timeout_ns,
		},
	};
	int ret = t_ioctl(fd, STPLR_MSG_REPLY_RECEIVE, &m);

	if (out)
		*out = m;
	return ret;
}

/* A client process of the same context: one two-way send, exit code. */
static pid_t send_child(int fd, uint32_t coid, const char *msg,
			const char *want_reply, int64_t timeout_ns)
{
	pid_t pid = fork();

	if (pid == 0) {
		char reply[64] = { 0 };
		struct stplr_iov siov = { t_ptr(msg), strlen(msg) };
		struct stplr_iov riov = { t_ptr(reply), sizeof(reply) };
		struct stplr_msg_send m = {
			.coid = coid, .n_send = 1, .send_iov = t_ptr(&siov),
			.n_reply = 1, .reply_iov = t_ptr(&riov),
		};
		int ret;

		if (timeout_ns >= 0) {
			m.flags = STPLR_F_TIMEOUT;
			m.timeout_ns = timeout_ns;
		}
		ret = t_ioctl(fd, STPLR_MSG_SEND_RECEIVE, &m);
		if (ret)
			_exit(ret == -ETIMEDOUT ? 3 : ret == -EIO ? 4 : 1);
		if (want_reply && strcmp(reply, want_reply))
			_exit(2);
		_exit(0);
	}
	return pid;
}

/* Receives the next message with a 5 s bound; returns its rcvid. */
static int64_t recv5(int fd, uint32_t chid, char *buf, size_t len)
{
	return t_receive_timeout(fd, chid, buf, len, 5000000000LL, NULL);
}

static void on_sig(int sig)
{
	(void)sig;
}

FIXTURE(rr) {
	int fd;
	uint32_t chid, coid;
};

FIXTURE_SETUP(rr)
{
	struct stplr_query q = { 0 };

	self->fd = t_open();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_IOC_QUERY, &q));
	ASSERT_TRUE(q.features & STPLR_FEAT_REPLY_RECEIVE);
	ASSERT_TRUE(q.ioctls & (1ULL << _IOC_NR(STPLR_MSG_REPLY_RECEIVE)));
	ASSERT_EQ(0, t_channel(self->fd, &self->chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, self->chid, &self->coid));
}

FIXTURE_TEARDOWN(rr)
{
	close(self->fd);
}

/* The layout is the same for 32- and 64-bit callers. */
TEST(layout)
{
	EXPECT_EQ(192, sizeof(struct stplr_msg_reply_receive));
	EXPECT_EQ(16, offsetof(struct stplr_msg_reply_receive, reply));
	EXPECT_EQ(72, offsetof(struct stplr_msg_reply_receive, receive));
}

/* Every bad field fails before anything is replied: the rcvid survives. */
TEST_F(rr, bad_arguments_do_nothing)
{
	char buf[64];
	int64_t rcvid;
	struct stplr_msg_reply_receive out, m = { 0 };
	struct stplr_iov riov = { t_ptr("ok"), 3 };
	pid_t c = send_child(self->fd, self->coid, "q", "ok", -1);

	ASSERT_GT(c, 0);
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	/* Unknown outer flag, reserved field. */
	EXPECT_EQ(-EINVAL, t_rr(self->fd, 1ULL << 5, rcvid, 0, "ok", 3,
				self->chid, buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(0, out.failed);
	m.reserved = 1;
	m.reply.rcvid = (uint64_t)rcvid;
	m.receive.chid = self->chid;
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE, &m));
	m.reserved = 0;
	m.reply.reserved1 = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE, &m));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, m.failed);
	m.reply.reserved1 = 0;
	m.receive.reserved = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE, &m));
	EXPECT_EQ(STPLR_RR_FAILED_RECEIVE, m.failed);
	/* A reply list of more than STPLR_IOV_MAX entries. */
	m.receive.reserved = 0;
	m.reply.n_iov = STPLR_IOV_MAX + 1;
	m.reply.iov = t_ptr(buf);
	EXPECT_EQ(-E2BIG, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE, &m));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, m.failed);
	/* No rcvid but a status; an error without rcvid; bad errnos. */
	EXPECT_EQ(-EINVAL, t_rr(self->fd, 0, 0, 7, NULL, 0, self->chid, buf,
				sizeof(buf), 0, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, out.failed);
	EXPECT_EQ(-EINVAL, t_rr(self->fd, STPLR_RR_ERROR, 0, EIO, NULL, 0,
				self->chid, buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(-EINVAL, t_rr(self->fd, STPLR_RR_ERROR, rcvid, 0, NULL, 0,
				self->chid, buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(-EINVAL, t_rr(self->fd, STPLR_RR_ERROR, rcvid, 512, NULL, 0,
				self->chid, buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(-EINVAL, t_rr(self->fd, STPLR_RR_ERROR, rcvid, EIO, "x", 1,
				self->chid, buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, out.failed);
	/* Bad receive half: unknown flag, negative timeout, unknown chid. */
	EXPECT_EQ(-EINVAL, t_rr(self->fd, 0, rcvid, 0, "ok", 3, self->chid,
				buf, sizeof(buf), 1ULL << 9, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_RECEIVE, out.failed);
	EXPECT_EQ(-EINVAL, t_rr(self->fd, 0, rcvid, 0, "ok", 3, self->chid,
				buf, sizeof(buf), STPLR_F_TIMEOUT, -1, &out));
	EXPECT_EQ(STPLR_RR_FAILED_RECEIVE, out.failed);
	EXPECT_EQ(-ENOENT, t_rr(self->fd, 0, rcvid, 0, "ok", 3, 999999, buf,
				sizeof(buf), 0, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_RECEIVE, out.failed);
	/* A receive list that is not there. */
	memset(&m, 0, sizeof(m));
	m.reply.rcvid = (uint64_t)rcvid;
	m.reply.n_iov = 1;
	m.reply.iov = t_ptr(&riov);
	m.receive.chid = self->chid;
	m.receive.n_iov = 1;
	m.receive.iov = 8;
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE, &m));
	EXPECT_EQ(STPLR_RR_FAILED_RECEIVE, m.failed);
	/* The client is still waiting: none of these replied. */
	EXPECT_EQ(0, waitpid(c, NULL, WNOHANG));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "ok", 3));
	EXPECT_EQ(0, t_child_status(c));
}

/* An rcvid that never existed: ESRCH, and nothing is received. */
TEST_F(rr, bad_rcvid_receives_nothing)
{
	char buf[64];
	struct stplr_msg_reply_receive out;
	pid_t c;
	int64_t rcvid;

	EXPECT_EQ(-ESRCH, t_rr(self->fd, 0, 123456, 0, "x", 1, self->chid,
			       buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, out.failed);
	EXPECT_EQ(-ESRCH, t_rr(self->fd, 0, 1ULL << 40, 0, "x", 1, self->chid,
			       buf, sizeof(buf), 0, 0, &out));
	/* With a message queued, a failed reply leaves it queued. */
	c = send_child(self->fd, self->coid, "m1", "r1", -1);
	ASSERT_GT(c, 0);
	ASSERT_EQ(0, t_wait_blocked(c));
	usleep(50000);
	EXPECT_EQ(-ESRCH, t_rr(self->fd, 0, 77777, 0, "x", 1, self->chid,
			       buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, out.failed);
	EXPECT_EQ(0, out.receive.rcvid);
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(0, memcmp(buf, "m1", 2));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "r1", 3));
	EXPECT_EQ(0, t_child_status(c));
}

/* Another context's rcvid never resolves, and its owner keeps it. */
TEST_F(rr, other_contexts_rcvid)
{
	int fd2 = t_open();
	uint32_t chid2;
	char buf[64];
	struct stplr_msg_reply_receive out;
	int64_t rcvid;
	pid_t c = send_child(self->fd, self->coid, "mine", "fine", -1);

	ASSERT_GE(fd2, 0);
	ASSERT_EQ(0, t_channel(fd2, &chid2));
	ASSERT_GT(c, 0);
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(-ESRCH, t_rr(fd2, 0, rcvid, 0, "evil", 5, chid2, buf,
			       sizeof(buf), STPLR_F_TIMEOUT, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, out.failed);
	EXPECT_EQ(-ESRCH, t_rr(fd2, STPLR_RR_ERROR, rcvid, EPERM, NULL, 0,
			       chid2, buf, sizeof(buf), STPLR_F_TIMEOUT, 0,
			       &out));
	/* Nor can it receive on our channel. */
	EXPECT_EQ(-ENOENT, t_rr(fd2, 0, 0, 0, NULL, 0, self->chid, buf,
				sizeof(buf), STPLR_F_TIMEOUT, 0, &out));
	EXPECT_EQ(0, waitpid(c, NULL, WNOHANG));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "fine", 5));
	EXPECT_EQ(0, t_child_status(c));
	close(fd2);
}

/*
 * The sender left (timed out) before the reply: the reply fails, and the
 * next queued message is not taken by the failed call.
 */
TEST_F(rr, reply_fails_then_no_receive)
{
	char buf[64];
	struct stplr_msg_reply_receive out;
	int64_t rcvid, rcvid2;
	pid_t gone, next;

	gone = send_child(self->fd, self->coid, "late", NULL, 200000000LL);
	ASSERT_GT(gone, 0);
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(3, t_child_status(gone));	/* ETIMEDOUT */
	next = send_child(self->fd, self->coid, "next", "done", -1);
	ASSERT_GT(next, 0);
	ASSERT_EQ(0, t_wait_blocked(next));
	usleep(50000);
	EXPECT_EQ(-ESRCH, t_rr(self->fd, 0, rcvid, 0, "too late", 9,
			       self->chid, buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, out.failed);
	EXPECT_EQ(0, out.receive.rcvid);
	/* Still queued: a plain receive gets it. */
	memset(buf, 0, sizeof(buf));
	rcvid2 = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf), 0,
				   NULL);
	ASSERT_GT(rcvid2, 0);
	EXPECT_EQ(0, memcmp(buf, "next", 4));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid2, 0, "done", 5));
	EXPECT_EQ(0, t_child_status(next));
}

/* A reply list that faults: EFAULT, the rcvid stays valid. */
TEST_F(rr, reply_list_fault_keeps_rcvid)
{
	char buf[64], *gone;
	struct stplr_msg_reply_receive out;
	int64_t rcvid;
	pid_t c = send_child(self->fd, self->coid, "ask", "answer", -1);

	ASSERT_GT(c, 0);
	gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, gone);
	ASSERT_EQ(0, munmap(gone, 4096));
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(-EFAULT, t_rr(self->fd, 0, rcvid, 0, gone, 64, self->chid,
				buf, sizeof(buf), STPLR_F_TIMEOUT, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_REPLY, out.failed);
	EXPECT_EQ(0, waitpid(c, NULL, WNOHANG));
	EXPECT_EQ(-ETIMEDOUT, t_rr(self->fd, 0, rcvid, 0, "answer", 7,
				   self->chid, buf, sizeof(buf),
				   STPLR_F_TIMEOUT, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_RECEIVE, out.failed);
	EXPECT_EQ(7, out.reply.len);
	EXPECT_EQ(0, t_child_status(c));
}

/*
 * The argument struct is read-only or unmapped: EFAULT before anything
 * happens, so the client still waits and the rcvid is still good.
 */
TEST_F(rr, readonly_and_unmapped_struct)
{
	struct stplr_msg_reply_receive *m;
	struct stplr_iov *riov;
	char buf[64];
	int64_t rcvid;
	pid_t c = send_child(self->fd, self->coid, "ro", "rw", -1);

	ASSERT_GT(c, 0);
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, munmap((char *)m + 4096, 4096));
	riov = (struct stplr_iov *)(m + 1);
	riov->base = t_ptr("rw");
	riov->len = 3;
	m->reply.rcvid = (uint64_t)rcvid;
	m->reply.n_iov = 1;
	m->reply.iov = t_ptr(riov);
	m->receive.chid = self->chid;
	m->receive.flags = STPLR_F_TIMEOUT;
	ASSERT_EQ(0, mprotect(m, 4096, PROT_READ));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE, m));
	EXPECT_EQ(0, waitpid(c, NULL, WNOHANG));
	/* The struct straddles the end of the mapping. */
	ASSERT_EQ(0, mprotect(m, 4096, PROT_READ | PROT_WRITE));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE,
				   (char *)m + 4096 - 100));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE, NULL));
	EXPECT_EQ(0, waitpid(c, NULL, WNOHANG));
	/* Writable again: the reply goes, the receive times out. */
	EXPECT_EQ(-ETIMEDOUT, t_ioctl(self->fd, STPLR_MSG_REPLY_RECEIVE, m));
	EXPECT_EQ(STPLR_RR_FAILED_RECEIVE, m->failed);
	EXPECT_EQ(0, t_child_status(c));
	munmap(m, 4096);
}

/* A signal in the receive half: EINTR after a reply that stands. */
TEST_F(rr, signal_in_receive_half)
{
	struct sigaction sa = { .sa_handler = on_sig };
	struct stplr_msg_reply_receive out;
	char buf[64];
	int64_t rcvid;
	pid_t c = send_child(self->fd, self->coid, "sig", "replied", -1);

	ASSERT_GT(c, 0);
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	alarm(1);
	EXPECT_EQ(-EINTR, t_rr(self->fd, 0, rcvid, 0, "replied", 8,
			       self->chid, buf, sizeof(buf), 0, 0, &out));
	EXPECT_EQ(STPLR_RR_FAILED_RECEIVE, out.failed);
	EXPECT_EQ(0, t_child_status(c));
	/* The rcvid ended with the reply. */
	EXPECT_EQ(-ESRCH, t_reply(self->fd, (uint64_t)rcvid, 0, "x", 1));
	signal(SIGALRM, SIG_DFL);
}

/*
 * A server process killed while in the receive half: its client had its
 * reply, the channel keeps working, and a second client queued meanwhile
 * is not lost.
 */
TEST_F(rr, killed_in_receive_half)
{
	char buf[64];
	int64_t rcvid;
	pid_t c, srv;
	int pipefd[2];

	ASSERT_EQ(0, pipe(pipefd));
	c = send_child(self->fd, self->coid, "kill", "k-reply", -1);
	ASSERT_GT(c, 0);
	srv = fork();
	ASSERT_GE(srv, 0);
	if (srv == 0) {
		char b[64];
		struct stplr_msg_reply_receive o;
		int64_t r = recv5(self->fd, self->chid, b, sizeof(b));

		if (r <= 0)
			_exit(1);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		t_rr(self->fd, 0, (uint64_t)r, 0, "k-reply", 8, self->chid,
		     b, sizeof(b), 0, 0, &o);
		_exit(2);
	}
	ASSERT_EQ(1, read(pipefd[0], buf, 1));
	EXPECT_EQ(0, t_child_status(c));
	ASSERT_EQ(0, t_wait_blocked(srv));
	kill(srv, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, t_child_status(srv));
	c = send_child(self->fd, self->coid, "after", "a-reply", -1);
	ASSERT_GT(c, 0);
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(0, memcmp(buf, "after", 5));
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "a-reply", 8));
	EXPECT_EQ(0, t_child_status(c));
	close(pipefd[0]);
	close(pipefd[1]);
}

/* The error half: the sender fails with the errno. */
TEST_F(rr, error_half_and_pulse)
{
	char buf[64];
	struct stplr_msg_reply_receive out;
	int64_t rcvid;
	pid_t c = send_child(self->fd, self->coid, "err", NULL, -1);

	ASSERT_GT(c, 0);
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	ASSERT_EQ(0, t_pulse(self->fd, self->coid, 5, 0xabcd));
	ASSERT_EQ(0, t_rr(self->fd, STPLR_RR_ERROR, rcvid, EIO, NULL, 0,
			  self->chid, buf, sizeof(buf), STPLR_F_TIMEOUT,
			  1000000000LL, &out));
	EXPECT_EQ(4, t_child_status(c));	/* EIO */
	EXPECT_EQ(0, out.failed);
	EXPECT_EQ(0, out.receive.rcvid);
	EXPECT_TRUE(out.receive.info.flags & STPLR_INFO_PULSE);
	EXPECT_EQ(5, out.receive.pulse.code);
	EXPECT_EQ(0xabcd, out.receive.pulse.value);
}

/* Receive lists and reply lists in userfaultfd pages a helper fills late. */
struct uffd_filler {
	int uffd;
	int n;
};

static void *uffd_fill(void *arg)
{
	struct uffd_filler *f = arg;
	int i;

	for (i = 0; i < f->n; i++) {
		struct uffd_msg msg;
		struct pollfd p = { .fd = f->uffd, .events = POLLIN };
		struct uffdio_zeropage z = { 0 };

		if (poll(&p, 1, 5000) != 1)
			return NULL;
		if (read(f->uffd, &msg, sizeof(msg)) != sizeof(msg))
			return NULL;
		usleep(100000);
		z.range.start = msg.arg.pagefault.address & ~4095ULL;
		z.range.len = 4096;
		ioctl(f->uffd, UFFDIO_ZEROPAGE, &z);
	}
	return NULL;
}

TEST_F(rr, userfaultfd_receive_list)
{
	struct uffd_filler f;
	struct stplr_msg_reply_receive out;
	char buf[64], *page;
	pthread_t th;
	int64_t rcvid;
	pid_t c1, c2;
	int uffd;

	uffd = t_uffd_page(&page);
	if (uffd == -ENOSYS || uffd == -EPERM)
		SKIP(return, "no userfaultfd: %s", strerror(-uffd));
	ASSERT_GE(uffd, 0);
	f = (struct uffd_filler){ .uffd = uffd, .n = 1 };
	ASSERT_EQ(0, pthread_create(&th, NULL, uffd_fill, &f));
	c1 = send_child(self->fd, self->coid, "first", "one", -1);
	ASSERT_GT(c1, 0);
	rcvid = recv5(self->fd, self->chid, buf, sizeof(buf));
	ASSERT_GT(rcvid, 0);
	c2 = send_child(self->fd, self->coid, "second", "two", -1);
	ASSERT_GT(c2, 0);
	/* Receive into the missing page: it is filled, then written. */
	ASSERT_EQ(0, t_rr(self->fd, 0, rcvid, 0, "one", 4, self->chid,
			  page + 100, 64, STPLR_F_TIMEOUT, 5000000000LL, &out));
	pthread_join(th, NULL);
	EXPECT_EQ(0, t_child_status(c1));
	ASSERT_GT(out.receive.rcvid, 0);
	EXPECT_EQ(0, memcmp(page + 100, "second", 6));
	EXPECT_EQ(0, t_reply(self->fd, out.receive.rcvid, 0, "two", 4));
	EXPECT_EQ(0, t_child_status(c2));
	munmap(page, 4096);
	close(uffd);
}

/* The loop it is for: N round trips, one call each, data checked. */
struct loop_srv {
	int fd;
	uint32_t chid;
	int n;
	int served;
};

static void *rr_loop(void *arg)
{
	struct loop_srv *s = arg;
	struct stplr_msg_reply_receive out;
	char buf[256], reply[256];
	uint64_t rcvid = 0;
	size_t len = 0;
	int i;

	/* First call receives only; the last one replies and times out. */
	for (i = 0; i <= s->n; i++) {
		int ret = t_rr(s->fd, 0, rcvid, 0, rcvid ? reply : NULL, len,
			       s->chid, buf, sizeof(buf), STPLR_F_TIMEOUT,
			       i == s->n ? 0 : 5000000000LL, &out);

		if (ret)
			break;
		rcvid = out.receive.rcvid;
		len = out.receive.info.msglen;
		for (size_t k = 0; k < len; k++)
			reply[k] = (char)(buf[k] ^ 0x5a);
		s->served++;
	}
	return NULL;
}

TEST_F(rr, server_loop)
{
	struct loop_srv s = { .fd = self->fd, .chid = self->chid, .n = 200 };
	pthread_t th;
	int i;

	ASSERT_EQ(0, pthread_create(&th, NULL, rr_loop, &s));
	for (i = 0; i < s.n; i++) {
		char msg[200], reply[200], want[200];
		size_t len = 1 + (size_t)i % sizeof(msg);
		struct stplr_msg_send o;

		for (size_t k = 0; k < len; k++) {
			msg[k] = (char)(i * 7 + k);
			want[k] = (char)(msg[k] ^ 0x5a);
		}
		ASSERT_EQ(0, t_send(self->fd, self->coid, msg, len, reply,
				    sizeof(reply), &o));
		ASSERT_EQ(len, o.reply_len);
		ASSERT_EQ(0, memcmp(reply, want, len));
	}
	pthread_join(th, NULL);
	EXPECT_EQ(s.n, s.served);
}

TEST_HARNESS_MAIN
