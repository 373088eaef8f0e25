// SPDX-License-Identifier: GPL-2.0
/*
 * Control-path races: threads in several processes create, destroy,
 * connect, disconnect, attach, detach and open names, make poll fds and
 * wait on them (poll and EPOLLEXCLUSIVE epoll), dup, close, fork, exit and
 * get killed against each other on shared contexts, while senders,
 * receivers and pulses keep the message path busy.
 *
 *   race [--duration SECONDS] [--seed N] [--no-exclusive]   (default 10 s)
 *
 * --no-exclusive leaves out EPOLLEXCLUSIVE pollers, to look past that bug.
 *
 * Every returned id and errno is checked against what is possible:
 *  - an errno outside the documented set of its command is a failure;
 *  - context A is "accounted": an id it hands out is kept in a shared pool
 *    until one thread takes it out to destroy or disconnect it, so that
 *    destroy/disconnect of a taken id must succeed, a new id must not be one
 *    the pool already holds, and after the run no connection and no name
 *    may be left that nobody was given;
 *  - context B is "wild": its threads guess ids (the next coid or chid)
 *    and destroy or disconnect them while other threads create or connect
 *    with their argument struct in a read-only page, so that the create's
 *    final put_user() fails (the issue-8 double-free path).
 * Splats are caught by the harness's kernel-log scan; with panic_on_warn
 * they stop the guest and the harness names this test.
 */
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <grp.h>
#include "stplr_test.h"
#include "kselftest_harness.h"

#define PROCS		3	/* processes sharing context A */
#define THREADS		3	/* random-op threads per process */
#define NCHANS		48	/* chid pool of context A */
#define NCOIDS		192	/* coid pool of context A */
#define NNAMES		6
#define MAXBAD		20	/* failures printed in full */

static unsigned int opt_duration = 10;
static int opt_exclusive = 1;	/* --no-exclusive: no EPOLLEXCLUSIVE waiters */
static unsigned long long opt_seed;

/* Shared by every process of a test (MAP_SHARED). */
struct shared {
	atomic_int stop;
	atomic_int bad;
	atomic_ullong chans[NCHANS];	/* pid << 32 | chid, 0 = empty */
	atomic_uint coids[NCOIDS];	/* 0 = empty */
	atomic_ulong ops, ok;
	atomic_ulong efault_ro;		/* read-only arguments refused */
	atomic_ulong guessed_hits;	/* wild: a guessed id was live */
	atomic_ulong forks, kills, polls_in;
};

static struct shared *sh;
static int ctx_a;
static uint32_t max_conns, max_chans;

static void bad(const char *fmt, ...)
{
	va_list ap;
	char buf[256];

	if (atomic_fetch_add(&sh->bad, 1) >= MAXBAD)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "# race: INCONSISTENT (pid %d): %s\n", getpid(), buf);
}

static uint64_t rnd_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static unsigned int rnd(uint64_t *s, unsigned int n)
{
	return (unsigned int)(rnd_next(s) % n);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* errno @err is in the zero-terminated list. */
static int in_set(int err, const int *set)
{
	for (; *set; set++)
		if (*set == err)
			return 1;
	return 0;
}

static const char *cmd_name(unsigned long cmd)
{
	switch (cmd) {
	case STPLR_IOC_CHANNEL_CREATE: return "CHANNEL_CREATE";
	case STPLR_IOC_CHANNEL_DESTROY: return "CHANNEL_DESTROY";
	case STPLR_IOC_CONNECT: return "CONNECT";
	case STPLR_IOC_DISCONNECT: return "DISCONNECT";
	case STPLR_MSG_SEND: return "MSG_SEND";
	case STPLR_MSG_SEND_RECEIVE: return "MSG_SEND_RECEIVE";
	case STPLR_MSG_RECEIVE: return "MSG_RECEIVE";
	case STPLR_MSG_REPLY: return "MSG_REPLY";
	case STPLR_MSG_ERROR: return "MSG_ERROR";
	case STPLR_MSG_PULSE: return "MSG_PULSE";
	case STPLR_IOC_NAME_ATTACH: return "NAME_ATTACH";
	case STPLR_IOC_NAME_DETACH: return "NAME_DETACH";
	case STPLR_IOC_NAME_OPEN: return "NAME_OPEN";
	case STPLR_IOC_CHANNEL_POLLFD: return "CHANNEL_POLLFD";
	case STPLR_IOC_QUERY: return "QUERY";
	}
	return "?";
}

/*
 * Documented errno sets (include/uapi/linux/stplr.h), plus ENOMEM, which
 * any allocating call may return under a memory cgroup.  The server's
 * MSG_ERROR values used here are EIO and ENOSYS.
 */
static const int E_CREATE[] = { EMFILE, ENOMEM, 0 };
static const int E_CONNECT[] = { ESRCH, EACCES, EMFILE, ENOMEM, 0 };
static const int E_NAME_ATTACH[] = { EEXIST, EBUSY, ENOENT, ESRCH, ENOMEM, 0 };
static const int E_NAME_DETACH[] = { ENOENT, ESRCH, 0 };
static const int E_NAME_OPEN[] = { ENOENT, ESRCH, EACCES, EMFILE, ENOMEM, 0 };
static const int E_POLLFD[] = { ENOENT, ESRCH, EMFILE, ENFILE, ENOMEM, 0 };
static const int E_SEND[] = { ENOENT, ESRCH, EAGAIN, EINTR, ETIMEDOUT, ENOMEM,
			      EIO, ENOSYS, 0 };
static const int E_RECEIVE[] = { ENOENT, ESRCH, EINTR, ETIMEDOUT, 0 };
static const int E_REPLY[] = { ESRCH, 0 };
static const int E_PULSE[] = { ENOENT, ESRCH, EAGAIN, ENOMEM, 0 };
static const int E_DESTROY_GUESS[] = { ENOENT, 0 };
static const int E_DISCONNECT_GUESS[] = { ENOENT, 0 };

/* ioctl returning 0 or -errno, checked against @set; counts it. */
static int call(int fd, unsigned long cmd, void *arg, const int *set)
{
	int ret = t_ioctl(fd, cmd, arg);

	atomic_fetch_add(&sh->ops, 1);
	if (!ret)
		atomic_fetch_add(&sh->ok, 1);
	else if (!in_set(-ret, set))
		bad("%s: errno %d (%s) is not in its documented set",
		    cmd_name(cmd), -ret, strerror(-ret));
	return ret;
}

/*
 * The argument in a read-only page: the kernel can read it, but the final
 * put_user() of the new id fails.  Must fail with EFAULT (or an errno of
 * @set that comes before the id is allocated), never succeed.
 */
static int call_ro(void *page, int fd, unsigned long cmd, const void *arg,
		   size_t len, const int *set)
{
	int ret;

	mprotect(page, 4096, PROT_READ | PROT_WRITE);
	memcpy(page, arg, len);
	mprotect(page, 4096, PROT_READ);
	ret = t_ioctl(fd, cmd, page);
	atomic_fetch_add(&sh->ops, 1);
	if (!ret)
		bad("%s with a read-only argument succeeded", cmd_name(cmd));
	else if (ret == -EFAULT)
		atomic_fetch_add(&sh->efault_ro, 1);
	else if (!in_set(-ret, set))
		bad("%s (read-only argument): errno %d (%s) is not possible",
		    cmd_name(cmd), -ret, strerror(-ret));
	return ret;
}

/* ---- the pools of context A ---------------------------------------- */

static int coid_ok(uint32_t coid, int side)
{
	return side ? coid >= STPLR_SIDE_CHANNEL && coid <= INT32_MAX :
		      coid >= 1 && coid < STPLR_SIDE_CHANNEL;
}

/* A new coid of A goes into the pool; one the pool holds is a duplicate. */
static void coid_put(uint32_t coid, uint64_t *r)
{
	unsigned int i, start = rnd(r, NCOIDS);

	for (i = 0; i < NCOIDS; i++)
		if (atomic_load(&sh->coids[i]) == coid)
			bad("coid %u handed out while it is still live", coid);
	for (i = 0; i < NCOIDS; i++) {
		unsigned int expect = 0, k = (start + i) % NCOIDS;

		if (atomic_compare_exchange_strong(&sh->coids[k], &expect, coid))
			return;
	}
	/* Pool full: give it back at once; it is ours alone. */
	if (t_disconnect(ctx_a, coid))
		bad("DISCONNECT of our own new coid %u failed", coid);
}

static uint32_t coid_peek(uint64_t *r)
{
	return atomic_load(&sh->coids[rnd(r, NCOIDS)]);
}

static uint32_t coid_take(uint64_t *r)
{
	return atomic_exchange(&sh->coids[rnd(r, NCOIDS)], 0);
}

static void chan_put(uint32_t chid, uint64_t *r)
{
	uint64_t v = (uint64_t)getpid() << 32 | chid;
	unsigned int i, start = rnd(r, NCHANS);

	for (i = 0; i < NCHANS; i++)
		if ((uint32_t)atomic_load(&sh->chans[i]) == chid)
			bad("chid %u handed out while it is still live", chid);
	for (i = 0; i < NCHANS; i++) {
		unsigned long long expect = 0;
		unsigned int k = (start + i) % NCHANS;

		if (atomic_compare_exchange_strong(&sh->chans[k], &expect, v))
			return;
	}
	if (t_channel_destroy(ctx_a, chid))
		bad("CHANNEL_DESTROY of our own new chid %u failed", chid);
}

static uint64_t chan_peek(uint64_t *r)
{
	return atomic_load(&sh->chans[rnd(r, NCHANS)]);
}

static uint64_t chan_take(uint64_t *r)
{
	return atomic_exchange(&sh->chans[rnd(r, NCHANS)], 0);
}

static void name_of(char *buf, unsigned int i)
{
	snprintf(buf, STPLR_NAME_MAX, "race/n%u", i);
}

/* ---- random operations ------------------------------------------------ */

struct worker {
	uint64_t r;
	void *ro;		/* a page made read-only for each RO call */
	pthread_t *peers;	/* threads of this process, for signals */
	int npeers;
};

static const uint64_t chan_flags[] = {
	0, STPLR_CHF_DISCONNECT, STPLR_CHF_COID_DISCONNECT, STPLR_CHF_UNBLOCK,
	STPLR_CHF_THREAD_DEATH,
	STPLR_CHF_DISCONNECT | STPLR_CHF_COID_DISCONNECT | STPLR_CHF_UNBLOCK,
};

static void op_create(struct worker *w)
{
	struct stplr_channel_create c = {
		.flags = chan_flags[rnd(&w->r, 6)] | STPLR_CHF_MODE,
		.mode = rnd(&w->r, 2) ? 0666 : 0600,
	};

	if (!rnd(&w->r, 6)) {
		call_ro(w->ro, ctx_a, STPLR_IOC_CHANNEL_CREATE, &c, sizeof(c),
			E_CREATE);
		return;
	}
	if (call(ctx_a, STPLR_IOC_CHANNEL_CREATE, &c, E_CREATE))
		return;
	if (!c.chid || c.chid > INT32_MAX)
		bad("CHANNEL_CREATE returned chid %u", c.chid);
	chan_put(c.chid, &w->r);
}

static void op_destroy(struct worker *w)
{
	uint64_t v = chan_take(&w->r);
	int ret;

	if (!v)
		return;
	ret = t_channel_destroy(ctx_a, (uint32_t)v);
	atomic_fetch_add(&sh->ops, 1);
	if (ret)
		bad("CHANNEL_DESTROY of chid %u, which only we held: %s",
		    (uint32_t)v, strerror(-ret));
}

static void op_connect(struct worker *w)
{
	uint64_t v = chan_peek(&w->r);
	int side = !rnd(&w->r, 4);
	struct stplr_connect c = {
		.flags = side ? STPLR_CONNECT_SIDE_CHANNEL : 0,
		.pid = rnd(&w->r, 4) ? (uint32_t)(v >> 32) : 0,
		.chid = (uint32_t)v,
	};

	if (!v)
		return;
	if (!rnd(&w->r, 6)) {
		call_ro(w->ro, ctx_a, STPLR_IOC_CONNECT, &c, sizeof(c), E_CONNECT);
		return;
	}
	if (call(ctx_a, STPLR_IOC_CONNECT, &c, E_CONNECT))
		return;
	if (!coid_ok(c.coid, side))
		bad("CONNECT%s returned coid %#x", side ? " (side channel)" : "",
		    c.coid);
	coid_put(c.coid, &w->r);
}

static void op_disconnect(struct worker *w)
{
	uint32_t coid = coid_take(&w->r);
	int ret;

	if (!coid)
		return;
	ret = t_disconnect(ctx_a, coid);
	atomic_fetch_add(&sh->ops, 1);
	if (ret)
		bad("DISCONNECT of coid %u, which only we held: %s", coid,
		    strerror(-ret));
}

static void op_name(struct worker *w)
{
	uint64_t v = chan_peek(&w->r);
	struct stplr_name n = { .chid = (uint32_t)v };
	unsigned int what = rnd(&w->r, 4);

	name_of(n.name, rnd(&w->r, NNAMES));
	if (what == 0 && v) {
		call(ctx_a, STPLR_IOC_NAME_ATTACH, &n, E_NAME_ATTACH);
	} else if (what == 1 && v) {
		call(ctx_a, STPLR_IOC_NAME_DETACH, &n, E_NAME_DETACH);
	} else {
		n.chid = 0;
		n.flags = rnd(&w->r, 4) ? 0 : STPLR_CONNECT_SIDE_CHANNEL;
		if (!rnd(&w->r, 5)) {
			call_ro(w->ro, ctx_a, STPLR_IOC_NAME_OPEN, &n, sizeof(n),
				E_NAME_OPEN);
			return;
		}
		if (call(ctx_a, STPLR_IOC_NAME_OPEN, &n, E_NAME_OPEN))
			return;
		if (!coid_ok(n.coid, !!n.flags))
			bad("NAME_OPEN returned coid %#x", n.coid);
		coid_put(n.coid, &w->r);
	}
}

static void op_poll(struct worker *w)
{
	uint64_t v = chan_peek(&w->r);
	struct stplr_channel_pollfd p = { .chid = (uint32_t)v };
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int ep, n;

	if (!v)
		return;
	if (!rnd(&w->r, 8)) {
		/* An fd installed before a failing put_user would leak. */
		call_ro(w->ro, ctx_a, STPLR_IOC_CHANNEL_POLLFD, &p, sizeof(p),
			E_POLLFD);
		return;
	}
	if (call(ctx_a, STPLR_IOC_CHANNEL_POLLFD, &p, E_POLLFD))
		return;
	if (p.fd < 0) {
		bad("CHANNEL_POLLFD returned fd %d", p.fd);
		return;
	}
	if (rnd(&w->r, 2)) {
		struct pollfd pfd = { .fd = p.fd, .events = POLLIN };

		n = poll(&pfd, 1, (int)rnd(&w->r, 4));
		if (n > 0 && (pfd.revents & POLLIN))
			atomic_fetch_add(&sh->polls_in, 1);
		if (n < 0 && errno != EINTR)
			bad("poll on a channel fd: %s", strerror(errno));
	} else {
		/* An exclusive waiter is not a receiver (issue 8). */
		ep = epoll_create1(EPOLL_CLOEXEC);
		if (opt_exclusive && rnd(&w->r, 3))
			ev.events |= EPOLLEXCLUSIVE;
		if (ep >= 0 && !epoll_ctl(ep, EPOLL_CTL_ADD, p.fd, &ev)) {
			n = epoll_wait(ep, &out, 1, (int)rnd(&w->r, 6));
			if (n > 0 && (out.events & EPOLLIN))
				atomic_fetch_add(&sh->polls_in, 1);
			if (n < 0 && errno != EINTR)
				bad("epoll_wait on a channel fd: %s",
				    strerror(errno));
		}
		if (ep >= 0)
			close(ep);
	}
	close(p.fd);
}

static void op_send(struct worker *w)
{
	char s[64] = "race", r[64];
	struct stplr_iov siov = { t_ptr(s), rnd(&w->r, sizeof(s) + 1) };
	struct stplr_iov riov = { t_ptr(r), sizeof(r) };
	int oneway = !rnd(&w->r, 4);
	struct stplr_msg_send m = {
		.flags = STPLR_F_TIMEOUT, .coid = coid_peek(&w->r),
		.n_send = 1, .send_iov = t_ptr(&siov),
		.n_reply = oneway ? 0 : 1, .reply_iov = oneway ? 0 : t_ptr(&riov),
		.timeout_ns = (int64_t)rnd(&w->r, 5000000),
	};

	if (!m.coid)
		return;
	if (call(ctx_a, oneway ? STPLR_MSG_SEND : STPLR_MSG_SEND_RECEIVE, &m,
		 E_SEND))
		return;
	if (!oneway && m.reply_len > sizeof(r))
		bad("reply_len %llu > reply buffer %zu",
		    (unsigned long long)m.reply_len, sizeof(r));
}

static void op_pulse(struct worker *w)
{
	struct stplr_msg_pulse p = {
		.coid = coid_peek(&w->r), .code = (int)rnd(&w->r, 128),
		.value = (uint32_t)rnd_next(&w->r),
	};

	if (p.coid)
		call(ctx_a, STPLR_MSG_PULSE, &p, E_PULSE);
}

/* Receive on one of A's channels, then reply or fail the sender. */
static void op_receive(struct worker *w)
{
	char buf[64];
	struct stplr_msg_receive m;
	uint64_t v = chan_peek(&w->r);
	uint64_t flags = STPLR_F_TIMEOUT |
			 (rnd(&w->r, 5) ? 0 : STPLR_RECEIVE_PULSE_ONLY);
	int ret;

	if (!v)
		return;
	ret = t_receive_full(ctx_a, (uint32_t)v, flags,
			     (int64_t)rnd(&w->r, 3000000), buf, sizeof(buf), &m);
	atomic_fetch_add(&sh->ops, 1);
	if (ret) {
		if (!in_set(-ret, E_RECEIVE))
			bad("MSG_RECEIVE: errno %d (%s)", -ret, strerror(-ret));
		return;
	}
	atomic_fetch_add(&sh->ok, 1);
	if (m.info.flags & STPLR_INFO_PULSE) {
		if (m.rcvid)
			bad("pulse with rcvid %llu", (unsigned long long)m.rcvid);
		if (m.pulse.code > STPLR_PULSE_CODE_MAX ||
		    (m.pulse.code < STPLR_PULSE_CODE_MIN &&
		     (m.pulse.code < STPLR_PULSE_COIDDEATH ||
		      m.pulse.code > STPLR_PULSE_UNBLOCK)))
			bad("pulse code %d", m.pulse.code);
		return;
	}
	if (flags & STPLR_RECEIVE_PULSE_ONLY)
		bad("PULSE_ONLY receive returned a message");
	if (m.info.chid != (uint32_t)v)
		bad("message from chid %u received on chid %u", m.info.chid,
		    (uint32_t)v);
	if (m.info.msglen > sizeof(buf) || m.info.msglen > m.info.srcmsglen)
		bad("msglen %llu srcmsglen %llu",
		    (unsigned long long)m.info.msglen,
		    (unsigned long long)m.info.srcmsglen);
	if (!m.rcvid)
		return;
	if (m.rcvid > INT32_MAX)
		bad("rcvid %llu", (unsigned long long)m.rcvid);
	if (rnd(&w->r, 4)) {
		struct stplr_iov iov = { t_ptr(buf), rnd(&w->r, sizeof(buf)) };
		struct stplr_msg_reply rp = { .rcvid = m.rcvid, .n_iov = 1,
					      .iov = t_ptr(&iov), .status = 7 };

		call(ctx_a, STPLR_MSG_REPLY, &rp, E_REPLY);
	} else {
		struct stplr_msg_reply rp = { .rcvid = m.rcvid,
					      .status = rnd(&w->r, 2) ? EIO : ENOSYS };

		call(ctx_a, STPLR_MSG_ERROR, &rp, E_REPLY);
	}
}

static void op_dup(struct worker *w)
{
	struct stplr_query q = { 0 };
	int fd = dup(ctx_a);

	(void)w;
	if (fd < 0)
		return;
	call(fd, STPLR_IOC_QUERY, &q, (const int[]){ 0 });
	close(fd);
}

static void noop(int sig)
{
	(void)sig;
}

static atomic_int peers_ready;	/* per process: every peer thread exists */

static void op_signal(struct worker *w)
{
	if (atomic_load(&peers_ready))
		pthread_kill(w->peers[rnd(&w->r, w->npeers)], SIGUSR1);
}

/*
 * A child process: its own context plus A's (shared by fork), as a client
 * of A's channels, sometimes as uid 65534; it runs a few operations, then
 * exits on its own or is killed by us at a random moment.  It never
 * changes A's pools.
 */
static void child_client(uint64_t seed)
{
	uint64_t r = seed | 1;
	int fd = t_open(), i, n = 1 + rnd(&r, 24);
	uint32_t chid = 0, coid;

	if (fd < 0)
		_exit(0);
	if (!rnd(&r, 3) && (setgroups(0, NULL) || setgid(65534) || setuid(65534)))
		_exit(3);
	if (!rnd(&r, 2))
		t_channel_flags(fd, STPLR_CHF_DISCONNECT | STPLR_CHF_COID_DISCONNECT,
				&chid);
	for (i = 0; i < n; i++) {
		uint64_t v = chan_peek(&r);
		struct stplr_connect c = { .pid = (uint32_t)(v >> 32),
					   .chid = (uint32_t)v };
		char b[8] = "child";

		if (!v)
			continue;
		if (t_ioctl(fd, STPLR_IOC_CONNECT, &c)) {
			if (!in_set(errno, E_CONNECT))
				bad("child CONNECT: errno %d", errno);
			continue;
		}
		coid = c.coid;
		switch (rnd(&r, 4)) {
		case 0:
			t_pulse(fd, coid, (int)rnd(&r, 128), 1);
			break;
		case 1: {
			struct stplr_iov iov = { t_ptr(b), sizeof(b) };
			struct stplr_msg_send m = {
				.flags = STPLR_F_TIMEOUT, .coid = coid, .n_send = 1,
				.send_iov = t_ptr(&iov), .timeout_ns = 2000000,
			};
			int ret = t_ioctl(fd, STPLR_MSG_SEND_RECEIVE, &m);

			if (ret && !in_set(-ret, E_SEND))
				bad("child SEND: errno %d", -ret);
			break;
		}
		case 2:
			t_disconnect(fd, coid);
			break;
		default:	/* leave it for close/exit to clean up */
			break;
		}
	}
	if (rnd(&r, 2))
		close(fd);
	_exit(0);
}

static void op_fork(struct worker *w)
{
	uint64_t seed = rnd_next(&w->r);
	pid_t pid = fork();

	if (pid < 0)
		return;
	if (!pid)
		child_client(seed);
	atomic_fetch_add(&sh->forks, 1);
	if (rnd(&w->r, 2)) {
		usleep(rnd(&w->r, 3000));
		if (!kill(pid, SIGKILL))
			atomic_fetch_add(&sh->kills, 1);
	}
	if (t_child_status(pid) == 1)
		bad("child client failed");
}

static void random_op(struct worker *w)
{
	switch (rnd(&w->r, 24)) {
	case 0: case 1: case 2: op_create(w); break;
	case 3: case 4: op_destroy(w); break;
	case 5: case 6: case 7: op_connect(w); break;
	case 8: case 9: op_disconnect(w); break;
	case 10: case 11: op_name(w); break;
	case 12: case 13: op_poll(w); break;
	case 14: case 15: case 16: op_send(w); break;
	case 17: case 18: op_pulse(w); break;
	case 19: case 20: op_receive(w); break;
	case 21: op_dup(w); break;
	case 22: op_signal(w); break;
	default: if (!rnd(&w->r, 4)) op_fork(w); break;
	}
}

static void *op_thread(void *arg)
{
	struct worker *w = arg;

	while (!atomic_load(&sh->stop))
		random_op(w);
	return NULL;
}

/*
 * Context B, "wild": one side creates or connects with the argument in a
 * read-only page, the other destroys or disconnects the ids it expects the
 * kernel to hand out next.  With the create-then-put_user bug, the
 * failing call frees an object the other side already freed.
 */
struct wild {
	int fd;
	uint32_t chid;		/* a live channel of B to connect to */
	atomic_uint next_chid;	/* last chid seen, for guessing */
	atomic_int gstop;	/* stops the guesser */
	uint64_t r;
	void *ro;
};

static void *wild_guesser(void *arg)
{
	struct wild *b = arg;
	uint64_t r = b->r ^ 0x9e3779b97f4a7c15ull;

	while (!atomic_load(&b->gstop)) {
		uint32_t base = atomic_load(&b->next_chid), id;
		int ret;

		for (id = 1; id <= 4; id++) {
			ret = call(b->fd, STPLR_IOC_DISCONNECT,
				   &(struct stplr_disconnect){ .coid = id },
				   E_DISCONNECT_GUESS);
			if (!ret)
				atomic_fetch_add(&sh->guessed_hits, 1);
		}
		id = base + 1 + rnd(&r, 8);
		if (id != b->chid) {
			ret = call(b->fd, STPLR_IOC_CHANNEL_DESTROY,
				   &(struct stplr_channel_destroy){ .chid = id },
				   E_DESTROY_GUESS);
			if (!ret)
				atomic_fetch_add(&sh->guessed_hits, 1);
		}
	}
	return NULL;
}

static void wild_creator(struct wild *b)
{
	uint32_t chid;

	switch (rnd(&b->r, 4)) {
	case 0: {
		struct stplr_connect c = { .chid = b->chid };

		call_ro(b->ro, b->fd, STPLR_IOC_CONNECT, &c, sizeof(c), E_CONNECT);
		break;
	}
	case 1: {
		struct stplr_channel_create c = { 0 };

		call_ro(b->ro, b->fd, STPLR_IOC_CHANNEL_CREATE, &c, sizeof(c),
			E_CREATE);
		break;
	}
	case 2: {
		/* Learn where the cyclic chid allocator is. */
		if (!t_channel(b->fd, &chid)) {
			atomic_store(&b->next_chid, chid);
			t_channel_destroy(b->fd, chid);
		}
		break;
	}
	default: {
		struct stplr_name n = { .chid = b->chid };

		/* Attach, then open the name read-only while it is detached. */
		snprintf(n.name, sizeof(n.name), "race/wild%d", getpid());
		if (!t_ioctl(b->fd, STPLR_IOC_NAME_ATTACH, &n)) {
			n.chid = 0;
			call_ro(b->ro, b->fd, STPLR_IOC_NAME_OPEN, &n, sizeof(n),
				E_NAME_OPEN);
			n.chid = b->chid;
			t_ioctl(b->fd, STPLR_IOC_NAME_DETACH, &n);
		}
		break;
	}
	}
}

static void *wild_thread(void *arg)
{
	struct wild *b = arg;
	pthread_t g;

	while (!atomic_load(&sh->stop)) {
		double until = now() + 0.2 + rnd(&b->r, 500) / 1000.0;

		b->fd = t_open();
		if (b->fd < 0 || t_channel_mode(b->fd, 0666, &b->chid)) {
			bad("wild context: open or channel failed");
			return NULL;
		}
		atomic_store(&b->next_chid, b->chid);
		atomic_store(&b->gstop, 0);
		pthread_create(&g, NULL, wild_guesser, b);
		while (now() < until && !atomic_load(&sh->stop))
			wild_creator(b);
		atomic_store(&b->gstop, 1);
		pthread_join(g, NULL);
		close(b->fd);	/* closes whatever is left */
	}
	return NULL;
}

/* One process of the race: THREADS random-op threads and a wild pair. */
static void race_process(uint64_t seed, double until)
{
	pthread_t th[THREADS + 1];
	struct worker w[THREADS];
	struct wild b = { .r = seed * 31 + 7 };
	struct sigaction sa = { .sa_handler = noop };
	int i;

	sigaction(SIGUSR1, &sa, NULL);
	b.ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .r = seed + i * 0x1234567ull + 1,
					.peers = th, .npeers = THREADS };
		w[i].ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pthread_create(&th[i], NULL, op_thread, &w[i]);
	}
	pthread_create(&th[THREADS], NULL, wild_thread, &b);
	atomic_store(&peers_ready, 1);
	while (now() < until)
		usleep(20000);
	atomic_fetch_or(&sh->stop, 1);
	for (i = 0; i < THREADS; i++)
		pthread_kill(th[i], SIGUSR1);
	for (i = 0; i <= THREADS; i++)
		pthread_join(th[i], NULL);
}

static void shared_setup(void)
{
	struct stplr_query q = { 0 };

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		exit(1);
	memset(sh, 0, sizeof(*sh));
	ctx_a = t_open();
	if (ctx_a < 0 || t_ioctl(ctx_a, STPLR_IOC_QUERY, &q)) {
		fprintf(stderr, "# race: cannot open %s\n", T_DEV);
		exit(1);
	}
	max_conns = q.max_connections;
	max_chans = q.max_channels;
}

FIXTURE(race) {
	int unused;
};

FIXTURE_SETUP(race)
{
	shared_setup();
}

FIXTURE_TEARDOWN(race)
{
}

/*
 * The main mixed race, then the leak accounting of context A: every pooled
 * id must go away exactly once, no other connection and no name may be
 * left, and A can still make max_channels channels.
 */
TEST_F_TIMEOUT(race, control_and_message_paths, 86400)
{
	double until = now() + opt_duration;
	pid_t pids[PROCS];
	unsigned int i, leaked = 0;
	uint32_t chid;
	int ret, n;

	ksft_print_msg("seed %llu, %u s, %d processes x %d threads on shared contexts\n",
		       opt_seed, opt_duration, PROCS, THREADS + 2);
	for (i = 0; i < PROCS; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (!pids[i]) {
			race_process(opt_seed * 1000003 + i, until);
			_exit(0);
		}
	}
	for (i = 0; i < PROCS; i++)
		EXPECT_EQ(0, t_child_status(pids[i]));

	for (i = 0; i < NCOIDS; i++) {
		uint32_t coid = atomic_exchange(&sh->coids[i], 0);

		if (coid && (ret = t_disconnect(ctx_a, coid)))
			bad("DISCONNECT of pooled coid %u at the end: %s", coid,
			    strerror(-ret));
	}
	/* Nobody holds any other coid of A: each one still live leaked. */
	for (i = 1; i <= max_conns + 64; i++)
		if (!t_disconnect(ctx_a, i) ||
		    !t_disconnect(ctx_a, STPLR_SIDE_CHANNEL + i - 1))
			leaked++;
	if (leaked)
		bad("%u connection(s) of A were never handed out but existed", leaked);
	for (i = 0; i < NCHANS; i++) {
		uint64_t v = atomic_exchange(&sh->chans[i], 0);

		if (v && (ret = t_channel_destroy(ctx_a, (uint32_t)v)))
			bad("CHANNEL_DESTROY of pooled chid %u at the end: %s",
			    (uint32_t)v, strerror(-ret));
	}
	for (i = 0; i < NNAMES; i++) {
		struct stplr_name nm = { 0 };

		name_of(nm.name, i);
		ret = t_ioctl(ctx_a, STPLR_IOC_NAME_OPEN, &nm);
		if (ret != -ENOENT)
			bad("name %s still resolves (%d) after every channel is gone",
			    nm.name, ret);
	}
	/* A failed create must not have kept a channel slot. */
	for (n = 0; n < (int)max_chans + 1; n++)
		if (t_channel(ctx_a, &chid))
			break;
	if (n != (int)max_chans)
		bad("A could make %d channels after the race, max_channels is %u",
		    n, max_chans);
	ksft_print_msg("%lu ioctls (%lu succeeded), %lu read-only refusals, %lu guessed ids hit, %lu forks (%lu killed), %lu poll wake-ups\n",
		       atomic_load(&sh->ops), atomic_load(&sh->ok),
		       atomic_load(&sh->efault_ro), atomic_load(&sh->guessed_hits),
		       atomic_load(&sh->forks), atomic_load(&sh->kills),
		       atomic_load(&sh->polls_in));
	close(ctx_a);
	EXPECT_EQ(0, atomic_load(&sh->bad));
	EXPECT_LT(0UL, atomic_load(&sh->efault_ro));
}

/*
 * Exclusive pollers against the message path: a thread blocked in
 * epoll_wait() with EPOLLEXCLUSIVE on a channel's poll fd, a blocked
 * receiver, and messages and pulses arriving.  The poller must see
 * EPOLLIN for an item that waits in the queue, and the receivers must get
 * every message (a poll waiter is not a receiver and must not take its
 * wake-up).
 */
struct xpoll {
	int fd;
	uint32_t chid;
	int pfd;
	atomic_int stop;
	atomic_ulong got, woke;
};

static void *xpoll_receiver(void *arg)
{
	struct xpoll *x = arg;
	char buf[16];
	struct stplr_msg_receive m;

	while (!atomic_load(&x->stop)) {
		int ret = t_receive_full(x->fd, x->chid, STPLR_F_TIMEOUT,
					 200000000, buf, sizeof(buf), &m);

		if (ret == -ETIMEDOUT || ret == -EINTR)
			continue;
		if (ret) {
			bad("exclusive-poll receiver: %s", strerror(-ret));
			break;
		}
		atomic_fetch_add(&x->got, 1);
		if (m.rcvid)
			t_reply(x->fd, m.rcvid, 0, NULL, 0);
	}
	return NULL;
}

static void *xpoll_poller(void *arg)
{
	struct xpoll *x = arg;
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (opt_exclusive)
		ev.events |= EPOLLEXCLUSIVE;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, x->pfd, &ev)) {
		bad("EPOLLEXCLUSIVE on a channel poll fd: %s", strerror(errno));
		return NULL;
	}
	while (!atomic_load(&x->stop))
		if (epoll_wait(ep, &out, 1, 50) > 0) {
			atomic_fetch_add(&x->woke, 1);
			usleep(100);
		}
	close(ep);
	return NULL;
}

TEST_F_TIMEOUT(race, exclusive_pollers_and_receivers, 600)
{
	struct xpoll x = { 0 };
	struct stplr_channel_pollfd p = { 0 };
	pthread_t rt[2], pt[2];
	uint32_t coid;
	unsigned long sent = 0;
	double until = now() + (opt_duration < 20 ? 2 : opt_duration / 10);
	int i, cfd = t_open();

	x.fd = ctx_a;
	ASSERT_EQ(0, t_channel_mode(x.fd, 0666, &x.chid));
	p.chid = x.chid;
	ASSERT_EQ(0, t_ioctl(x.fd, STPLR_IOC_CHANNEL_POLLFD, &p));
	x.pfd = p.fd;
	ASSERT_LE(0, cfd);
	ASSERT_EQ(0, t_connect(cfd, 0, x.chid, &coid));
	/*
	 * First a pulse with no receiver waiting: it stays queued, so the
	 * pollers must see EPOLLIN (during the race below, hand-off to a
	 * waiting receiver may leave nothing queued for them to see).
	 */
	for (i = 0; i < 2; i++)
		pthread_create(&pt[i], NULL, xpoll_poller, &x);
	usleep(50000);
	ASSERT_EQ(0, t_pulse(cfd, coid, 1, 0));
	sent++;
	for (i = 0; i < 500 && !atomic_load(&x.woke); i++)
		usleep(10000);
	EXPECT_LT(0UL, atomic_load(&x.woke));
	for (i = 0; i < 2; i++)
		pthread_create(&rt[i], NULL, xpoll_receiver, &x);
	usleep(50000);
	while (now() < until) {
		char b[4] = "msg";

		if (sent & 1) {
			int ret;

			while ((ret = t_pulse(cfd, coid, 1, (uint32_t)sent)) == -EAGAIN)
				usleep(1000);
			ASSERT_EQ(0, ret);
		} else
			ASSERT_EQ(0, t_send(cfd, coid, b, sizeof(b), NULL, 0, NULL));
		sent++;
	}
	/* Give the receivers a moment to drain the last pulses. */
	for (i = 0; i < 200 && atomic_load(&x.got) < sent; i++)
		usleep(10000);
	atomic_store(&x.stop, 1);
	for (i = 0; i < 2; i++) {
		pthread_join(pt[i], NULL);
		pthread_join(rt[i], NULL);
	}
	ksft_print_msg("%lu sent, %lu received, %lu exclusive-poll wake-ups\n",
		       sent, atomic_load(&x.got), atomic_load(&x.woke));
	EXPECT_EQ(sent, atomic_load(&x.got));
	EXPECT_EQ(0, atomic_load(&sh->bad));
	close(x.pfd);
	close(cfd);
	close(ctx_a);
}

int main(int argc, char **argv)
{
	int i;

	opt_seed = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 16);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--duration") && i + 1 < argc)
			opt_duration = (unsigned int)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			opt_seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--no-exclusive"))
			opt_exclusive = 0;
		else if (i == argc - 1 && strtoul(argv[i], NULL, 0))
			opt_duration = (unsigned int)strtoul(argv[i], NULL, 0);
		else {
			fprintf(stderr, "usage: %s [--duration SECONDS] [--seed N] [--no-exclusive]\n",
				argv[0]);
			return 2;
		}
	}
	if (!opt_duration)
		opt_duration = 1;
	/* Print before anything runs: a panic must not lose the seed. */
	printf("# race: seed %llu duration %u\n", opt_seed, opt_duration);
	fflush(stdout);
	return test_harness_run(argc, argv);
}
