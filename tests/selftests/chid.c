// SPDX-License-Identifier: GPL-2.0
/*
 * STPLR_IOC_CTX_CLAIM: channel ids numbered from 1 per process, as on QNX.
 * First the ways it can be abused: claims by processes that did not open
 * the context (fork, SCM_RIGHTS), second claims, a claimed process that
 * exits and a new one given its pid, pid namespaces, other users, threads
 * racing creation, destruction and connection, contexts closing while
 * clients connect; then the numbering itself and every place a chid is
 * taken from user space.
 */
#include <sched.h>
#include <signal.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

static int t_claim_raw(int fd, uint64_t flags, uint64_t res)
{
	struct stplr_ctx_claim c = { .flags = flags, .reserved = { 0, res, 0 } };

	return t_ioctl(fd, STPLR_IOC_CTX_CLAIM, &c);
}

static int t_claim(int fd)
{
	return t_claim_raw(fd, 0, 0);
}

/* Takes one pulse off @chid without waiting; its value, or -errno. */
static int64_t t_pulse_value(int fd, uint32_t chid)
{
	struct stplr_msg_receive r;
	int ret = t_receive_full(fd, chid, STPLR_F_TIMEOUT, 0, NULL, 0, &r);

	if (ret)
		return ret;
	if (!(r.info.flags & STPLR_INFO_PULSE))
		return -EPROTO;
	return r.pulse.value;
}

static int t_send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, b = 'f';
	struct iovec iov = { &b, 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &mh, 0) == 1 ? 0 : -errno;
}

static int t_recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, b;
	struct iovec iov = { &b, 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &mh, MSG_CMSG_CLOEXEC) != 1)
		return -errno;
	c = CMSG_FIRSTHDR(&mh);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -EPROTO;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/*
 * A server process: opens a context, claims it when @claim, creates a
 * channel of @mode and writes "pid chid" (two uint32_t) to @out; then
 * writes the value of every pulse received there, and exits after a
 * pulse of value 0 (or when @in has something to read: it is told to go).
 */
static void t_server_child(int out, bool claim, uint32_t mode)
{
	uint32_t hello[2];
	int fd = t_open();

	if (fd < 0 || (claim && t_claim(fd)) ||
	    t_channel_mode(fd, mode, &hello[1]))
		_exit(10);
	hello[0] = (uint32_t)getpid();
	if (write(out, hello, sizeof(hello)) != sizeof(hello))
		_exit(11);
	for (;;) {
		struct stplr_msg_receive r;
		uint32_t v;

		if (t_receive_full(fd, hello[1], 0, 0, NULL, 0, &r))
			_exit(12);
		v = r.pulse.value;
		if (write(out, &v, sizeof(v)) != sizeof(v))
			_exit(13);
		if (!v)
			_exit(0);
	}
}

/* clone3()'s argument (struct clone_args of <linux/sched.h>). */
struct t_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* fork(), or with @want > 0 a fork whose child gets pid @want (root). */
static pid_t t_fork_at(pid_t want)
{
	struct t_clone_args a = {
		.exit_signal = SIGCHLD, .set_tid = t_ptr(&want), .set_tid_size = 1,
	};

	if (want <= 0)
		return fork();
	return (pid_t)syscall(SYS_clone3, &a, sizeof(a));
}

/*
 * Forks t_server_child() (as pid @want when it is > 0, see t_fork_at());
 * its pid and chid, or -1.
 */
static pid_t t_server_at(pid_t want, bool claim, uint32_t mode, int *rd,
			 uint32_t *chid)
{
	uint32_t hello[2];
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = t_fork_at(want);
	if (!pid) {
		close(p[0]);
		t_server_child(p[1], claim, mode);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], hello, sizeof(hello)) != sizeof(hello))
		return -1;
	*rd = p[0];
	*chid = hello[1];
	return pid;
}

static pid_t t_server(bool claim, uint32_t mode, int *rd, uint32_t *chid)
{
	return t_server_at(0, claim, mode, rd, chid);
}

/* Sends pulse @v to (pid, chid) from a new context; 0 or -errno. */
static int t_poke(pid_t pid, uint32_t chid, uint32_t v)
{
	uint32_t coid;
	int fd = t_open(), ret;

	if (fd < 0)
		return fd;
	ret = t_connect(fd, pid, chid, &coid);
	if (!ret)
		ret = t_pulse(fd, coid, 1, v);
	close(fd);
	return ret;
}

/* What a t_server() received next: the pulse value, or -1. */
static int64_t t_server_got(int rd)
{
	struct pollfd pfd = { .fd = rd, .events = POLLIN };
	uint32_t v;

	if (poll(&pfd, 1, 10000) != 1 || read(rd, &v, sizeof(v)) != sizeof(v))
		return -1;
	return v;
}

static int t_server_stop(pid_t pid, uint32_t chid, int rd)
{
	/* It reports the 0 too: read it before closing (no SIGPIPE). */
	if (t_poke(pid, chid, 0) || t_server_got(rd))
		kill(pid, SIGKILL);
	close(rd);
	return t_child_status(pid);
}

TEST(claim_rejects_bad_arguments)
{
	int fd = t_open();
	void *ro;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-EINVAL, t_claim_raw(fd, 1, 0));
	EXPECT_EQ(-EINVAL, t_claim_raw(fd, 1ULL << 63, 0));
	EXPECT_EQ(-EINVAL, t_claim_raw(fd, 0, 1));
	EXPECT_EQ(-EFAULT, t_ioctl(fd, STPLR_IOC_CTX_CLAIM, NULL));
	ro = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-EFAULT, t_ioctl(fd, STPLR_IOC_CTX_CLAIM, ro));
	munmap(ro, 4096);
	/* Nothing was half done: the claim still works. */
	EXPECT_EQ(0, t_claim(fd));
	close(fd);
}

TEST(claim_is_in_query)
{
	struct stplr_query q = { 0 };
	int fd = t_open();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, t_ioctl(fd, STPLR_IOC_QUERY, &q));
	EXPECT_TRUE(q.features & STPLR_FEAT_CTX_CHID);
	EXPECT_TRUE(q.ioctls & (1ULL << _IOC_NR(STPLR_IOC_CTX_CLAIM)));
	close(fd);
}

TEST(second_claim_busy)
{
	int a = t_open(), b = t_open();
	uint32_t chid;

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, t_claim(a));
	EXPECT_EQ(-EBUSY, t_claim(a));
	/* One claimed context per process and device. */
	EXPECT_EQ(-EBUSY, t_claim(b));
	ASSERT_EQ(0, t_channel(b, &chid));
	close(a);
	/* Gone with its context: b has a channel now, so still busy. */
	EXPECT_EQ(-EBUSY, t_claim(b));
	close(b);
	b = t_open();
	ASSERT_LE(0, b);
	EXPECT_EQ(0, t_claim(b));
	close(b);
}

TEST(claim_refused_once_channels_exist)
{
	int fd = t_open();
	uint32_t chid;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, t_channel(fd, &chid));
	EXPECT_EQ(-EBUSY, t_claim(fd));
	/* Destroyed: the table is empty again, the claim is allowed. */
	ASSERT_EQ(0, t_channel_destroy(fd, chid));
	EXPECT_EQ(0, t_claim(fd));
	ASSERT_EQ(0, t_channel(fd, &chid));
	EXPECT_EQ(1, chid);
	close(fd);
}

/* A forked child shares the file, but it is not the opener's. */
TEST(fork_child_may_not_claim_or_create)
{
	int fd = t_open(), st;
	uint32_t chid, coid;
	pid_t parent = getpid(), pid;

	ASSERT_LE(0, fd);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(t_claim(fd) == -EPERM ? 0 : 1);
	ASSERT_EQ(0, t_child_status(pid));

	ASSERT_EQ(0, t_claim(fd));
	ASSERT_EQ(0, t_channel(fd, &chid));
	ASSERT_EQ(1, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		uint32_t c;

		st = 0;
		/* Creating would give a channel (parent, n) it does not own. */
		if (t_channel(fd, &c) != -EPERM)
			st |= 1;
		/* Everything else of the shared context works. */
		if (t_connect(fd, parent, 1, &coid) || t_pulse(fd, coid, 1, 7))
			st |= 2;
		if (t_pulse_value(fd, 1) != 7)
			st |= 4;
		/* The child has no claim: its own pid finds nothing. */
		if (t_connect(fd, 0, 1, &coid) != -ESRCH)
			st |= 8;
		_exit(st);
	}
	EXPECT_EQ(0, t_child_status(pid));
	close(fd);
}

TEST(scm_rights_receiver_may_not_claim)
{
	int sv[2], fd, st;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int got = t_recv_fd(sv[1]);
		uint32_t c;

		st = 0;
		if (got < 0)
			_exit(20);
		if (t_claim(got) != -EPERM)
			st |= 1;
		/* Claimed by its opener meanwhile: no channel for us either. */
		if (read(sv[1], &c, 1) != 1)
			_exit(21);
		if (t_channel(got, &c) != -EPERM)
			st |= 2;
		_exit(st);
	}
	/* Opened after the fork: only SCM_RIGHTS brings it to the child. */
	fd = t_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, t_send_fd(sv[0], fd));
	usleep(100000);
	ASSERT_EQ(0, t_claim(fd));
	ASSERT_EQ(1, write(sv[0], "c", 1));
	EXPECT_EQ(0, t_child_status(pid));
	close(fd);
	close(sv[0]);
	close(sv[1]);
}

TEST(chids_from_one_lowest_free_first)
{
	uint32_t c[5], coid, x;
	int fd = t_open(), i;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, t_claim(fd));
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(0, t_channel(fd, &c[i]));
		EXPECT_EQ(i + 1, c[i]);
	}
	ASSERT_EQ(0, t_channel_destroy(fd, 2));
	ASSERT_EQ(0, t_channel_destroy(fd, 4));
	EXPECT_EQ(-ENOENT, t_channel_destroy(fd, 4));
	EXPECT_EQ(-ESRCH, t_connect(fd, 0, 4, &coid));
	ASSERT_EQ(0, t_channel(fd, &x));
	EXPECT_EQ(2, x);
	ASSERT_EQ(0, t_channel(fd, &x));
	EXPECT_EQ(4, x);
	ASSERT_EQ(0, t_channel(fd, &x));
	EXPECT_EQ(6, x);
	/* A connection made to the old channel 4 never reaches the new 4. */
	ASSERT_EQ(0, t_connect(fd, 0, 4, &coid));
	ASSERT_EQ(0, t_channel_destroy(fd, 4));
	ASSERT_EQ(0, t_channel(fd, &x));
	ASSERT_EQ(4, x);
	EXPECT_EQ(-ESRCH, t_pulse(fd, coid, 1, 1));
	EXPECT_EQ(-ETIMEDOUT, t_pulse_value(fd, 4));
	close(fd);
}

TEST(chid_space_bounded_by_max_channels)
{
	long old = t_param_get("max_channels");
	uint32_t x = 0;
	int fd = t_open(), i;

	ASSERT_LE(0, fd);
	ASSERT_LT(0, old);
	ASSERT_EQ(0, t_claim(fd));
	ASSERT_EQ(0, t_param_set("max_channels", 4));
	for (i = 1; i <= 4; i++) {
		EXPECT_EQ(0, t_channel(fd, &x));
		EXPECT_EQ(i, x);
	}
	EXPECT_EQ(-EMFILE, t_channel(fd, &x));
	ASSERT_EQ(0, t_channel_destroy(fd, 3));
	EXPECT_EQ(0, t_channel(fd, &x));
	EXPECT_EQ(3, x);
	EXPECT_EQ(-EMFILE, t_channel(fd, &x));
	/* Lowered below the ids in use: refused, never past the limit. */
	ASSERT_EQ(0, t_param_set("max_channels", 2));
	ASSERT_EQ(0, t_channel_destroy(fd, 1));
	EXPECT_EQ(-EMFILE, t_channel(fd, &x));
	ASSERT_EQ(0, t_param_set("max_channels", (unsigned int)old));
	EXPECT_EQ(0, t_channel(fd, &x));
	EXPECT_EQ(1, x);
	close(fd);
}

/* Two processes each have a channel 1; (pid, 1) picks the right one. */
TEST(each_process_has_its_own_chid_one)
{
	uint32_t ca, cb;
	int ra, rb;
	pid_t a = t_server(true, 0600, &ra, &ca);
	pid_t b = t_server(true, 0600, &rb, &cb);

	ASSERT_LT(0, a);
	ASSERT_LT(0, b);
	EXPECT_EQ(1, ca);
	EXPECT_EQ(1, cb);
	EXPECT_EQ(0, t_poke(b, 1, 22));
	EXPECT_EQ(0, t_poke(a, 1, 11));
	EXPECT_EQ(11, t_server_got(ra));
	EXPECT_EQ(22, t_server_got(rb));
	EXPECT_EQ(-ESRCH, t_poke(a, 2, 1));
	EXPECT_EQ(0, t_server_stop(a, 1, ra));
	EXPECT_EQ(0, t_server_stop(b, 1, rb));
}

TEST(unclaimed_contexts_keep_device_ids)
{
	int a = t_open(), b = t_open(), q = t_open(), rd;
	uint32_t ca, cb, cq, coid, sc;
	pid_t srv;

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_LE(0, q);
	ASSERT_EQ(0, t_channel(a, &ca));
	ASSERT_EQ(0, t_channel(b, &cb));
	/* One id space for the device. */
	EXPECT_NE(ca, cb);
	ASSERT_EQ(0, t_connect(q, 0, cb, &coid));
	ASSERT_EQ(0, t_pulse(q, coid, 1, 5));
	EXPECT_EQ(5, t_pulse_value(b, cb));
	/* An unclaimed server process is reached by its device-wide id. */
	srv = t_server(false, 0600, &rd, &sc);
	ASSERT_LT(0, srv);
	EXPECT_EQ(0, t_poke(srv, sc, 9));
	EXPECT_EQ(9, t_server_got(rd));
	EXPECT_EQ(0, t_server_stop(srv, sc, rd));

	/*
	 * Once the process claims a context, (pid, chid) means that
	 * context's chids only: the unclaimed ones are not found that way.
	 */
	ASSERT_EQ(0, t_claim(q));
	ASSERT_EQ(0, t_channel(q, &cq));
	ASSERT_EQ(1, cq);
	if (ca != 1)
		EXPECT_EQ(-ESRCH, t_connect(q, 0, ca, &coid));
	ASSERT_EQ(0, t_connect(a, getpid(), 1, &coid));
	ASSERT_EQ(0, t_pulse(a, coid, 1, 6));
	EXPECT_EQ(6, t_pulse_value(q, 1));
	/* The other contexts' own chids are untouched. */
	EXPECT_EQ(-ETIMEDOUT, t_pulse_value(a, ca));
	close(a);
	close(b);
	close(q);
}

/*
 * A claimed context outlives its owner (its file was passed on).  A new
 * process given the owner's pid number must never reach its channels.
 */
TEST(stale_claim_never_reaches_a_reused_pid)
{
	int sv[2], held, rd;
	uint32_t chid, coid;
	pid_t gone, again;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	gone = fork();
	ASSERT_LE(0, gone);
	if (!gone) {
		int fd = t_open();

		if (fd < 0 || t_claim(fd) || t_channel(fd, &chid) || chid != 1 ||
		    t_send_fd(sv[1], fd))
			_exit(1);
		_exit(0);
	}
	held = t_recv_fd(sv[0]);
	ASSERT_LE(0, held);
	ASSERT_EQ(0, t_child_status(gone));
	/* The dead owner's channel 1 is alive here, and unreachable. */
	EXPECT_EQ(-ESRCH, t_connect(held, gone, 1, &coid));

	/* Have a new process get the same pid (clone3() set_tid). */
	again = t_server_at(gone, false, 0600, &rd, &chid);
	ASSERT_EQ(gone, again);
	/* Unclaimed new owner: its chid is device-wide, never 1 of held. */
	if (chid != 1)
		EXPECT_EQ(-ESRCH, t_poke(again, 1, 3));
	EXPECT_EQ(0, t_poke(again, chid, 4));
	EXPECT_EQ(4, t_server_got(rd));
	EXPECT_EQ(-ETIMEDOUT, t_pulse_value(held, 1));
	EXPECT_EQ(0, t_server_stop(again, chid, rd));

	/* And a claimed new owner is reached, not the stale context. */
	again = t_server_at(gone, true, 0600, &rd, &chid);
	ASSERT_EQ(gone, again);
	ASSERT_EQ(1, chid);
	EXPECT_EQ(0, t_poke(again, 1, 8));
	EXPECT_EQ(8, t_server_got(rd));
	EXPECT_EQ(-ETIMEDOUT, t_pulse_value(held, 1));
	EXPECT_EQ(0, t_server_stop(again, 1, rd));
	close(held);
	close(sv[0]);
	close(sv[1]);
}

/* The pid is read in the caller's pid namespace, as for any connect. */
TEST(pid_namespaces)
{
	int p[2], q[2], rdy[2];
	pid_t mid, inner = 0;
	char c;

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, pipe(q));
	ASSERT_EQ(0, pipe(rdy));
	mid = fork();
	ASSERT_LE(0, mid);
	if (!mid) {
		pid_t in;

		if (unshare(CLONE_NEWPID))
			_exit(30);
		in = fork();
		if (in < 0)
			_exit(31);
		if (!in) {
			uint32_t chid, coid;
			int fd = t_open(), st = 0;

			if (fd < 0 || t_claim(fd) || t_channel(fd, &chid) ||
			    chid != 1 || getpid() != 1)
				_exit(40);
			/* Itself, by its own number in its namespace. */
			if (t_connect(fd, 1, 1, &coid) || t_pulse(fd, coid, 1, 2) ||
			    t_pulse_value(fd, 1) != 2)
				st |= 1;
			if (write(rdy[1], "r", 1) != 1 || read(q[0], &c, 1) != 1)
				_exit(41);
			/* The outer parent's pulse arrived on chid 1. */
			if (t_pulse_value(fd, 1) != 77)
				st |= 2;
			_exit(st);
		}
		/* In the outer namespace, the inner process's number. */
		if (write(p[1], &in, sizeof(in)) != sizeof(in))
			_exit(32);
		_exit(t_child_status(in));
	}
	ASSERT_EQ(sizeof(inner), read(p[0], &inner, sizeof(inner)));
	ASSERT_EQ(1, read(rdy[0], &c, 1));
	ASSERT_LT(1, inner);
	/* Our pid 1 is the guest's init, which claimed nothing. */
	EXPECT_EQ(-ESRCH, t_poke(1, 1, 5));
	EXPECT_EQ(0, t_poke(inner, 1, 77));
	ASSERT_EQ(1, write(q[1], "g", 1));
	EXPECT_EQ(0, t_child_status(mid));
}

/* Numbering changes nothing of who may connect. */
TEST(permissions_unchanged)
{
	uint32_t c6, x;
	int fd = t_open();
	pid_t me = getpid(), pid;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, t_claim(fd));
	ASSERT_EQ(0, t_channel(fd, &x));
	ASSERT_EQ(1, x);
	ASSERT_EQ(0, t_channel_mode(fd, 0666, &c6));
	ASSERT_EQ(2, c6);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int st = 0, cfd;
		uint32_t coid;

		if (t_become_nobody())
			_exit(50);
		cfd = t_open();
		if (cfd < 0)
			_exit(51);
		if (t_connect(cfd, me, 1, &coid) != -EACCES)
			st |= 1;
		if (t_connect(cfd, me, 2, &coid) || t_pulse(cfd, coid, 1, 66))
			st |= 2;
		/* Its own claim gives it no way into ours. */
		if (t_claim(cfd) || t_connect(cfd, me, 1, &coid) != -EACCES)
			st |= 4;
		_exit(st);
	}
	EXPECT_EQ(0, t_child_status(pid));
	EXPECT_EQ(66, t_pulse_value(fd, 2));
	close(fd);
}

static int t_name_op(int fd, unsigned long cmd, uint32_t chid,
		     const char *name, struct stplr_name *out)
{
	struct stplr_name n = { .chid = chid };
	int ret;

	snprintf(n.name, sizeof(n.name), "%s", name);
	ret = t_ioctl(fd, cmd, &n);
	if (out)
		*out = n;
	return ret;
}

/* Every other chid from user space is one of the caller's context. */
TEST(every_chid_resolves_in_the_claimed_context)
{
	int fd = t_open(), un = t_open(), pfd;
	struct stplr_channel_pollfd pf = { 0 };
	struct stplr_msg_receive r;
	struct stplr_msg_event ev = { 0 };
	struct pollfd pl = { 0 };
	struct stplr_name n;
	uint32_t c1, c2, uc, coid, coid2;
	char name[32];

	ASSERT_LE(0, fd);
	ASSERT_LE(0, un);
	ASSERT_EQ(0, t_channel(un, &uc));
	ASSERT_EQ(0, t_claim(fd));
	ASSERT_EQ(0, t_channel(fd, &c1));
	ASSERT_EQ(0, t_channel(fd, &c2));
	ASSERT_EQ(1, c1);
	ASSERT_EQ(2, c2);
	if (uc > 2) {
		/* A device-wide id means nothing in a claimed context. */
		pf.chid = uc;
		EXPECT_EQ(-ENOENT, t_ioctl(fd, STPLR_IOC_CHANNEL_POLLFD, &pf));
		EXPECT_EQ(-ENOENT, t_receive_full(fd, uc, STPLR_F_TIMEOUT, 0,
						  NULL, 0, &r));
		EXPECT_EQ(-ENOENT, t_channel_destroy(fd, uc));
	}
	/* And a claimed context's 1 means nothing in another context. */
	if (uc != 1)
		EXPECT_EQ(-ENOENT, t_receive_full(un, 1, STPLR_F_TIMEOUT, 0,
						  NULL, 0, &r));

	/* poll fd, pulse-only receive, receive */
	pf.chid = 2;
	ASSERT_EQ(0, t_ioctl(fd, STPLR_IOC_CHANNEL_POLLFD, &pf));
	pfd = pf.fd;
	ASSERT_EQ(0, t_connect(un, getpid(), 2, &coid));
	ASSERT_EQ(0, t_pulse(un, coid, 3, 33));
	pl.fd = pfd;
	pl.events = POLLIN;
	EXPECT_EQ(1, poll(&pl, 1, 1000));
	ASSERT_EQ(0, t_receive_full(fd, 2, STPLR_F_TIMEOUT |
				    STPLR_RECEIVE_PULSE_ONLY, 0, NULL, 0, &r));
	EXPECT_EQ(33, r.pulse.value);
	EXPECT_EQ(2, r.info.chid);

	/* names: attach by chid 1, open from elsewhere */
	snprintf(name, sizeof(name), "chid-test-%d", getpid());
	ASSERT_EQ(0, t_name_op(fd, STPLR_IOC_NAME_ATTACH, 1, name, NULL));
	ASSERT_EQ(0, t_name_op(un, STPLR_IOC_NAME_OPEN, 0, name, &n));
	EXPECT_EQ(getpid(), n.owner_pid);
	ASSERT_EQ(0, t_pulse(un, n.coid, 4, 44));
	EXPECT_EQ(44, t_pulse_value(fd, 1));

	/* deliver event: the server names its chid 1 and the client */
	ASSERT_EQ(0, t_pulse(un, n.coid, 4, 45));
	ASSERT_EQ(0, t_receive_full(fd, 1, STPLR_F_TIMEOUT, 0, NULL, 0, &r));
	ASSERT_EQ(0, t_connect(un, getpid(), 2, &coid2));
	ev.chid = 1;
	ev.scoid = r.pulse.scoid;
	ev.coid = coid2;
	ev.code = 6;
	ev.value = 60;
	EXPECT_EQ(0, t_ioctl(fd, STPLR_MSG_DELIVER_EVENT, &ev));
	EXPECT_EQ(60, t_pulse_value(fd, 2));

	/* destroy by chid: the name goes, connections see ESRCH */
	coid = n.coid;
	ASSERT_EQ(0, t_channel_destroy(fd, 1));
	EXPECT_EQ(-ENOENT, t_name_op(un, STPLR_IOC_NAME_OPEN, 0, name, NULL));
	EXPECT_EQ(-ESRCH, t_pulse(un, coid, 4, 1));
	close(pfd);
	close(fd);
	close(un);
}

/* A chid is published only after it was copied out. */
TEST(failed_copy_out_leaves_nothing)
{
	struct stplr_channel_create *ro;
	uint32_t x, coid;
	int fd = t_open();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, t_claim(fd));
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-EFAULT, t_ioctl(fd, STPLR_IOC_CHANNEL_CREATE, ro));
	EXPECT_EQ(-ESRCH, t_connect(fd, 0, 1, &coid));
	EXPECT_EQ(-ENOENT, t_channel_destroy(fd, 1));
	ASSERT_EQ(0, t_channel(fd, &x));
	EXPECT_EQ(1, x);
	munmap(ro, 4096);
	close(fd);
}

#define RACE_SECONDS	2
#define RACE_IDS	8

struct race {
	int fd;
	volatile int stop;
	int live[RACE_IDS + 1];
	int bad;
};

/* Creates and destroys; checks that no live id is handed out twice. */
static void *race_creator(void *arg)
{
	struct race *r = arg;
	uint32_t x, coid;

	while (!r->stop) {
		int ret = t_channel(r->fd, &x);

		if (ret == -EMFILE)
			continue;
		if (ret || x < 1 || x > RACE_IDS) {
			__atomic_store_n(&r->bad, 1, __ATOMIC_SEQ_CST);
			continue;
		}
		if (__atomic_exchange_n(&r->live[x], 1, __ATOMIC_SEQ_CST))
			__atomic_store_n(&r->bad, 2, __ATOMIC_SEQ_CST);
		/* Use it while marked: nobody else may be given x meanwhile. */
		if (!t_connect(r->fd, 0, x, &coid)) {
			t_pulse(r->fd, coid, 1, x);
			t_disconnect(r->fd, coid);
		} else {
			__atomic_store_n(&r->bad, 5, __ATOMIC_SEQ_CST);
		}
		__atomic_store_n(&r->live[x], 0, __ATOMIC_SEQ_CST);
		if (t_channel_destroy(r->fd, x))
			__atomic_store_n(&r->bad, 3, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

static void *race_connector(void *arg)
{
	struct race *r = arg;
	unsigned int i = 0;
	uint32_t coid;

	while (!r->stop) {
		int ret = t_connect(r->fd, 0, 1 + i++ % RACE_IDS, &coid);

		if (!ret) {
			t_pulse(r->fd, coid, 1, 1);
			t_disconnect(r->fd, coid);
		} else if (ret != -ESRCH) {
			__atomic_store_n(&r->bad, 4, __ATOMIC_SEQ_CST);
		}
	}
	return NULL;
}

TEST(threads_race_create_destroy_connect)
{
	long old = t_param_get("max_channels");
	struct race r = { .fd = t_open() };
	pthread_t th[6];
	int i;

	ASSERT_LE(0, r.fd);
	ASSERT_EQ(0, t_claim(r.fd));
	ASSERT_EQ(0, t_param_set("max_channels", RACE_IDS));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, race_creator, &r));
	for (; i < 6; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, race_connector, &r));
	sleep(RACE_SECONDS);
	r.stop = 1;
	for (i = 0; i < 6; i++)
		pthread_join(th[i], NULL);
	t_param_set("max_channels", (unsigned int)old);
	EXPECT_EQ(0, r.bad);
	close(r.fd);
}

static void *claim_churn(void *arg)
{
	struct race *r = arg;
	uint32_t x;

	while (!r->stop) {
		if (!t_channel(r->fd, &x) && t_channel_destroy(r->fd, x))
			__atomic_store_n(&r->bad, 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

/*
 * The claim races channels being created and destroyed in the context:
 * it succeeds only in a moment without any, and every channel is then
 * numbered one way or the other, and torn down the way it was published.
 */
TEST(claim_races_channel_create_destroy)
{
	struct race r = { .fd = t_open() };
	int i, ret = -EBUSY, tries = 0;
	pthread_t th[2];
	uint32_t x;

	ASSERT_LE(0, r.fd);
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, claim_churn, &r));
	while (ret == -EBUSY && tries++ < 1000000)
		ret = t_claim(r.fd);
	usleep(100000);
	r.stop = 1;
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(0, ret);
	EXPECT_EQ(0, r.bad);
	ASSERT_EQ(0, t_channel(r.fd, &x));
	EXPECT_EQ(1, x);
	close(r.fd);
}

/* The claimed context closes (its process dies) while clients connect. */
FIXTURE(closing) {
	int unused;
};

FIXTURE_SETUP(closing) {}
FIXTURE_TEARDOWN(closing) {}

/* Slow on the KASAN kernel under TCG: more than the default 30 s. */
TEST_F_TIMEOUT(closing, context_closes_while_clients_connect, 240)
{
	int round;

	for (round = 0; round < 8; round++) {
		uint32_t chid;
		int rd, k;
		pid_t srv = t_server(true, 0600, &rd, &chid), cl[3];

		ASSERT_LT(0, srv);
		ASSERT_EQ(1, chid);
		for (k = 0; k < 3; k++) {
			cl[k] = fork();
			ASSERT_LE(0, cl[k]);
			if (!cl[k]) {
				int fd = t_open(), i, ret;
				uint32_t coid;

				if (fd < 0)
					_exit(2);
				for (i = 0; i < 300; i++) {
					ret = t_connect(fd, srv, 1, &coid);
					if (!ret) {
						t_pulse(fd, coid, 1, 1000 + i);
						ret = t_disconnect(fd, coid);
					}
					if (ret && ret != -ESRCH)
						_exit(1);
				}
				_exit(0);
			}
		}
		usleep(1000 * (round % 4));
		kill(srv, SIGKILL);
		close(rd);
		EXPECT_EQ(128 + SIGKILL, t_child_status(srv));
		for (k = 0; k < 3; k++)
			EXPECT_EQ(0, t_child_status(cl[k]));
		EXPECT_EQ(-ESRCH, t_poke(srv, 1, 1));
	}
}

TEST(debugfs_shows_the_claim)
{
	char path[] = "/sys/kernel/debug/stplr/stplr-0/state", line[256];
	int fd = t_open(), found = 0;
	uint32_t x;
	FILE *f;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, t_claim(fd));
	ASSERT_EQ(0, t_channel(fd, &x));
	f = fopen(path, "r");
	if (!f)
		SKIP(return, "no %s", path);
	while (fgets(line, sizeof(line), f)) {
		int pid;

		if (sscanf(line, "context %*u pid %d claimed", &pid) == 1 &&
		    strstr(line, "claimed") && pid == getpid())
			found = 1;
	}
	fclose(f);
	EXPECT_EQ(1, found);
	close(fd);
}

TEST_HARNESS_MAIN
