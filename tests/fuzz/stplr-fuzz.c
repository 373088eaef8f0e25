// SPDX-License-Identifier: GPL-2.0
/*
 * stplr-fuzz: random sequences of every stapler ioctl, in the manner of
 * syzkaller (our own program, none of its code).
 *
 *   stplr-fuzz [--seed N] [--duration S] [--procs N] [--threads N]
 *              [--no-uffd] [--no-exclusive] [--quiet]
 *
 * The parent keeps --procs worker processes alive for --duration seconds.
 * Each worker opens contexts on every /dev/stplr-N (module parameter
 * devices=2 gives two), some as uid 65534, and runs --threads threads that
 * issue random ioctls with valid, half-valid (ids seen recently, ids of
 * other contexts and processes, stale ids) and invalid arguments (random
 * and reserved bits, huge lengths and counts, NULL, unmapped, read-only,
 * kernel and userfaultfd-backed pointers, overlapping iovecs, MSG_ERROR
 * values 512-529), plus dup, close, fork, CLONE_VM children, poll fds in
 * poll, EPOLLEXCLUSIVE epoll and io_uring POLL_ADD.  The parent sends signals, stops,
 * continues and kills workers at random and replaces them.
 *
 * --no-uffd leaves out userfaultfd pages, --no-exclusive EPOLLEXCLUSIVE
 * pollers (to look past a known bug).
 *
 * Reproducible from the seed printed on the first line: the sequence of
 * choices of every worker derives from it (thread timing does not).  At the
 * end it prints per-ioctl counts of results and errnos.  The exit status is
 * non-zero only on a real inconsistency: a success that is impossible (an
 * unknown flag bit or a non-zero reserved field accepted, a bad pointer
 * accepted), an errno outside the possible set, a kernel-internal errno
 * (512-529) reaching user space, non-zero reserved output (disclosure), an
 * id out of its range.  Kernel splats are for the harness's log scan.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <linux/io_uring.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/stplr.h>

#define MAXDEV		8
#define MAXTHREADS	16
#define POOL		64
#define NERR		140	/* errno buckets; the last is "other" */
#define PAGE		4096UL
#define MAXBAD		30

enum { C_QUERY, C_CREATE, C_DESTROY, C_CONNECT, C_DISCONNECT, C_SEND,
	C_SENDRECV, C_RECEIVE, C_REPLY, C_ERROR, C_READ, C_WRITE, C_PULSE,
	C_NATTACH, C_NDETACH, C_NOPEN, C_POLLFD, C_RREPLY, C_BOGUS, NCMD };

static const struct {
	const char *name;
	unsigned long cmd;
	uint64_t flags;		/* every valid flag bit */
} cmds[NCMD] = {
	[C_QUERY] = { "QUERY", STPLR_IOC_QUERY, 0 },
	[C_CREATE] = { "CHANNEL_CREATE", STPLR_IOC_CHANNEL_CREATE,
		STPLR_CHF_FIXED_PRIORITY | STPLR_CHF_UNBLOCK | STPLR_CHF_THREAD_DEATH |
		STPLR_CHF_DISCONNECT | STPLR_CHF_COID_DISCONNECT | STPLR_CHF_MODE },
	[C_DESTROY] = { "CHANNEL_DESTROY", STPLR_IOC_CHANNEL_DESTROY, 0 },
	[C_CONNECT] = { "CONNECT", STPLR_IOC_CONNECT, STPLR_CONNECT_SIDE_CHANNEL },
	[C_DISCONNECT] = { "DISCONNECT", STPLR_IOC_DISCONNECT, 0 },
	[C_SEND] = { "MSG_SEND", STPLR_MSG_SEND, STPLR_F_TIMEOUT | STPLR_SEND_ASYNC },
	[C_SENDRECV] = { "MSG_SEND_RECEIVE", STPLR_MSG_SEND_RECEIVE, STPLR_F_TIMEOUT },
	[C_RECEIVE] = { "MSG_RECEIVE", STPLR_MSG_RECEIVE,
		STPLR_F_TIMEOUT | STPLR_RECEIVE_PULSE_ONLY },
	[C_REPLY] = { "MSG_REPLY", STPLR_MSG_REPLY, 0 },
	[C_ERROR] = { "MSG_ERROR", STPLR_MSG_ERROR, 0 },
	[C_READ] = { "MSG_READ", STPLR_MSG_READ, 0 },
	[C_WRITE] = { "MSG_WRITE", STPLR_MSG_WRITE, 0 },
	[C_PULSE] = { "MSG_PULSE", STPLR_MSG_PULSE, STPLR_PULSE_F_PRIORITY },
	[C_NATTACH] = { "NAME_ATTACH", STPLR_IOC_NAME_ATTACH, 0 },
	[C_NDETACH] = { "NAME_DETACH", STPLR_IOC_NAME_DETACH, 0 },
	[C_NOPEN] = { "NAME_OPEN", STPLR_IOC_NAME_OPEN, STPLR_CONNECT_SIDE_CHANNEL },
	[C_POLLFD] = { "CHANNEL_POLLFD", STPLR_IOC_CHANNEL_POLLFD, 0 },
	[C_RREPLY] = { "MSG_REPLY_RECEIVE", STPLR_MSG_REPLY_RECEIVE, STPLR_RR_ERROR },
	[C_BOGUS] = { "(unknown ioctl)", 0, 0 },
};

/* Every errno a stapler ioctl may return (the UAPI header's lists). */
static const int possible[] = {
	EINVAL, EFAULT, ENOENT, ESRCH, EACCES, EPERM, EMFILE, ENFILE, E2BIG,
	EAGAIN, EINTR, ETIMEDOUT, EEXIST, EBUSY, ENOMEM, ENOTTY, EBADF,
	ENAMETOOLONG, 0
};

/* Shared between the parent and every worker (MAP_SHARED). */
struct shared {
	atomic_ulong count[NCMD][NERR];
	atomic_ulong sent_errors[4096];	/* errnos senders saw */
	atomic_int bad;
	atomic_ullong chans[POOL];	/* dev << 56 | pid << 24... see chan_pack */
	atomic_uint coids[POOL];
	atomic_ullong rcvids[POOL];
	atomic_int pids[64];
	atomic_ulong forks, clones, kills, stops, signals, uffd_faults, uring_polls;
	atomic_ulong calls;
};

static struct shared *sh;
static unsigned long long opt_seed;
static unsigned int opt_duration = 10, opt_procs = 4, opt_threads = 4;
static int opt_uffd = 1, opt_quiet, opt_exclusive = 1;
static char devs[MAXDEV][32];
static int ndevs;

static void bad(const char *fmt, ...)
{
	va_list ap;
	char buf[300];

	if (atomic_fetch_add(&sh->bad, 1) >= MAXBAD)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "stplr-fuzz: INCONSISTENT (pid %d): %s\n", getpid(), buf);
}

/* ---- randomness -------------------------------------------------------- */

static uint64_t rnext(uint64_t *s)
{
	/* splitmix64: any seed, including 0, is fine */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned int rn(uint64_t *s, unsigned int n)
{
	return n ? (unsigned int)(rnext(s) % n) : 0;
}

static int one_in(uint64_t *s, unsigned int n)
{
	return rn(s, n) == 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- per-process state ------------------------------------------------- */

struct proc {
	atomic_int ctx[MAXDEV * 2];	/* contexts; -1 when closed */
	int nctx;
	unsigned char *buf;	/* 64 KiB of ordinary memory */
	unsigned char *ro;	/* a read-only page */
	unsigned char *gone;	/* an unmapped page */
	unsigned char *edge;	/* last bytes before the unmapped page */
	unsigned char *uffd;	/* userfaultfd-registered pages, or NULL */
	int uffd_fd;
	int uid;		/* 0 or 65534 */
	/* Ids this process was given, with the context fd they belong to. */
	atomic_ullong chans[32];	/* fd << 32 | chid */
	atomic_ullong coids[64];	/* fd << 32 | coid */
	atomic_ullong rcvids[32];	/* fd << 32 | rcvid (rcvid < 2^31) */
};

static struct proc P;

/*
 * Per call: in a "valid" call every field is well formed and ids come from
 * this process's own pools, together with the context they belong to, so
 * that a good share of calls succeeds and reaches the deep paths; other
 * calls mix in half-valid and invalid values.
 */
static __thread int g_valid, g_fd;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int own_pick(atomic_ullong *pool, size_t n, uint64_t *r, uint32_t *id)
{
	uint64_t v = atomic_load(&pool[rn(r, (unsigned int)n)]);

	if (!v)
		return 0;
	*id = (uint32_t)v;
	g_fd = (int)(v >> 32);
	return 1;
}

static void own_put(atomic_ullong *pool, size_t n, uint64_t *r, int fd, uint32_t id)
{
	atomic_store(&pool[rn(r, (unsigned int)n)], (uint64_t)(uint32_t)fd << 32 | id);
}

/* Forget ids that are gone: @id on @fd, or every id of @fd (id ~0). */
static void own_drop(atomic_ullong *pool, size_t n, int fd, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned long long v = atomic_load(&pool[i]);

		if (v && (int)(v >> 32) == fd && (id == ~0u || (uint32_t)v == id))
			atomic_compare_exchange_strong(&pool[i], &v, 0);
	}
}

/* No locks: a CLONE_VM child killed while holding one would stop us. */
static int pick_ctx(uint64_t *r)
{
	return atomic_load(&P.ctx[rn(r, P.nctx)]);
}

static void reopen_ctx(uint64_t *r)
{
	int i = rn(r, P.nctx), fd = open(devs[rn(r, ndevs)], O_RDWR | O_CLOEXEC);
	int old = atomic_exchange(&P.ctx[i], fd);

	own_drop(P.chans, ARRAY_SIZE(P.chans), old, ~0u);
	own_drop(P.coids, ARRAY_SIZE(P.coids), old, ~0u);
	own_drop(P.rcvids, ARRAY_SIZE(P.rcvids), old, ~0u);
	/* Other threads may be inside an ioctl on it: that is the point. */
	if (old >= 0)
		close(old);
}

/* ---- argument generators ---------------------------------------------- */

static uint64_t gen_flags(uint64_t *r, uint64_t valid)
{
	if (g_valid)
		return valid & rnext(r);
	switch (rn(r, 10)) {
	case 0: return rnext(r);
	case 1: return 1ull << rn(r, 64);
	case 2: return valid | (1ull << rn(r, 64));
	case 3: case 4: return valid & rnext(r);
	default: return 0;
	}
}

static uint32_t gen_chid(uint64_t *r, uint32_t *pid)
{
	uint64_t v = atomic_load(&sh->chans[rn(r, POOL)]);

	uint32_t id;

	if (g_valid && own_pick(P.chans, ARRAY_SIZE(P.chans), r, &id)) {
		*pid = one_in(r, 3) ? 0 : (uint32_t)getpid();
		return id;
	}
	*pid = (uint32_t)(v >> 32);
	switch (rn(r, 12)) {
	case 0: *pid = 0; return rn(r, 8);
	case 1: *pid = (uint32_t)rnext(r); return (uint32_t)rnext(r);
	case 2: *pid = getpid(); break;
	case 3: *pid = 0; break;
	case 4: return (uint32_t)v + 1;	/* probably the next one */
	case 5: *pid = (uint32_t)atomic_load(&sh->pids[rn(r, 64)]); break;
	}
	return (uint32_t)v;
}

static uint32_t gen_coid(uint64_t *r)
{
	uint32_t id;

	if (g_valid && own_pick(P.coids, ARRAY_SIZE(P.coids), r, &id))
		return id;
	switch (rn(r, 10)) {
	case 0: return rn(r, 6);
	case 1: return STPLR_SIDE_CHANNEL + rn(r, 3);
	case 2: return (uint32_t)rnext(r);
	default: return atomic_load(&sh->coids[rn(r, POOL)]);
	}
}

static uint64_t gen_rcvid(uint64_t *r)
{
	uint32_t id;

	if (g_valid && own_pick(P.rcvids, ARRAY_SIZE(P.rcvids), r, &id))
		return id;
	switch (rn(r, 8)) {
	case 0: return rn(r, 4);
	case 1: return rnext(r);
	default: return atomic_load(&sh->rcvids[rn(r, POOL)]);
	}
}

static void pool_put32(atomic_uint *pool, uint32_t v, uint64_t *r)
{
	atomic_store(&pool[rn(r, POOL)], v);
}

static void pool_put64(atomic_ullong *pool, uint64_t v, uint64_t *r)
{
	atomic_store(&pool[rn(r, POOL)], v);
}

/* A user pointer: mostly good, sometimes anything but. */
static uint64_t gen_ptr(uint64_t *r, size_t len, int *good)
{
	*good = 0;
	switch (g_valid ? 99 : rn(r, 24)) {
	case 0: return 0;
	case 1: return (uint64_t)(uintptr_t)P.gone + rn(r, PAGE);
	case 2: return (uint64_t)(uintptr_t)P.ro;	/* fine to read */
	case 3: return 0xffff888000000000ull + (rnext(r) & 0xffffff000ull);
	case 4: return rnext(r);
	case 5: return (uint64_t)(uintptr_t)P.edge - rn(r, 64);	/* crosses */
	case 6:
		if (P.uffd)
			return (uint64_t)(uintptr_t)P.uffd + rn(r, 4 * PAGE);
		break;
	case 7: return (uint64_t)(uintptr_t)P.buf + 65536 - rn(r, 8);
	}
	*good = 1;
	if (len > 65536)
		len = 65536;
	return (uint64_t)(uintptr_t)P.buf + rn(r, (unsigned int)(65536 - len + 1));
}

static uint64_t gen_len(uint64_t *r)
{
	switch (g_valid ? 99 : rn(r, 12)) {
	case 0: return 0;
	case 1: return 1ull << rn(r, 64);
	case 2: return UINT64_MAX - rn(r, 4);
	case 3: return (1ull << 31) + rn(r, 4);
	case 4: return 65536 + rn(r, 4096);
	default: return rn(r, 4096);
	}
}

/*
 * A gather list in @iov (caller storage of STPLR_IOV_MAX + 1 entries); its
 * address or a bad one goes in *@addr, the count in the return value.
 */
static uint32_t gen_iov(uint64_t *r, struct stplr_iov *iov, __u64 *addr)
{
	uint32_t n, i;
	int good;

	switch (g_valid ? 99 : rn(r, 16)) {
	case 0: n = 0; break;
	case 1: n = STPLR_IOV_MAX; break;
	case 2: n = STPLR_IOV_MAX + 1; break;
	case 3: n = (uint32_t)rnext(r); break;
	default: n = 1 + rn(r, 4); break;
	}
	for (i = 0; i < n && i <= STPLR_IOV_MAX; i++) {
		if (one_in(r, 4) && i) {
			iov[i] = iov[i - 1];	/* overlapping entries */
			continue;
		}
		iov[i].len = one_in(r, 6) ? gen_len(r) : rn(r, 512);
		iov[i].base = gen_ptr(r, iov[i].len, &good);
		if (!g_valid && one_in(r, 20))	/* pointing into the list itself */
			iov[i].base = (uint64_t)(uintptr_t)iov;
	}
	*addr = (uint64_t)(uintptr_t)iov;
	switch (g_valid ? 99 : rn(r, 20)) {
	case 0: *addr = 0; break;
	case 1: *addr = (uint64_t)(uintptr_t)P.gone; break;
	case 2: *addr = rnext(r); break;
	case 3: *addr = (uint64_t)(uintptr_t)P.edge; break;
	}
	return n;
}

/* ---- one random ioctl -------------------------------------------------- */

union arg {
	struct stplr_query q;
	struct stplr_channel_create cc;
	struct stplr_channel_destroy cd;
	struct stplr_connect co;
	struct stplr_disconnect dc;
	struct stplr_msg_send ms;
	struct stplr_msg_receive mr;
	struct stplr_msg_reply rp;
	struct stplr_msg_rw rw;
	struct stplr_msg_pulse pu;
	struct stplr_name nm;
	struct stplr_channel_pollfd pf;
	struct stplr_msg_reply_receive rr;
	unsigned char raw[256];
};

static const char *const names[] = {
	"fz/a", "fz/b", "fz/a/b", "system/auth", "x", "fz/c",
};

static void gen_name(uint64_t *r, char *name)
{
	size_t i, n;

	switch (g_valid ? 99 : rn(r, 8)) {
	case 0:	/* no NUL at all */
		memset(name, 'a' + rn(r, 26), STPLR_NAME_MAX);
		break;
	case 1: {
		static const char *const odd[] = { "", "/x", "x/", "a//b", ".",
			"..", "a/./b", "a/../b", "/", "a\nb" };

		strcpy(name, odd[rn(r, 10)]);
		break;
	}
	case 2:
		n = rn(r, STPLR_NAME_MAX);
		for (i = 0; i < n; i++)
			name[i] = (char)(1 + rn(r, 255));
		name[n] = 0;
		break;
	default:
		strcpy(name, names[rn(r, 6)]);
	}
}

/* Fills @a for command @c; *@strict is set when every field is valid. */
static void gen_arg(uint64_t *r, int c, union arg *a, struct stplr_iov *iov,
		    struct stplr_iov *iov2, int *flags_bad, int *resv_bad)
{
	uint32_t pid;
	uint64_t vf = cmds[c].flags;

	memset(a, 0, sizeof(*a));
	if (!g_valid && one_in(r, 30)) {	/* pure noise */
		size_t i;

		for (i = 0; i < sizeof(a->raw); i++)
			a->raw[i] = (unsigned char)rnext(r);
	}
	switch (c) {
	case C_QUERY:
		a->q.flags = gen_flags(r, vf);
		break;
	case C_CREATE:
		a->cc.flags = gen_flags(r, vf);
		a->cc.mode = !g_valid && one_in(r, 8) ? (uint32_t)rnext(r) :
			     one_in(r, 2) ? 0666 : 0600 | rn(r, 0200);
		break;
	case C_DESTROY:
		a->cd.flags = gen_flags(r, vf);
		a->cd.chid = gen_chid(r, &pid);
		break;
	case C_CONNECT:
		a->co.flags = gen_flags(r, vf);
		a->co.chid = gen_chid(r, &pid);
		a->co.pid = pid;
		break;
	case C_DISCONNECT:
		a->dc.flags = gen_flags(r, vf);
		a->dc.coid = gen_coid(r);
		break;
	case C_SEND:
	case C_SENDRECV:
		a->ms.flags = gen_flags(r, vf) | (one_in(r, 12) ? 0 : STPLR_F_TIMEOUT);
		a->ms.coid = gen_coid(r);
		a->ms.n_send = gen_iov(r, iov, &a->ms.send_iov);
		if (c == C_SENDRECV || one_in(r, 10))
			a->ms.n_reply = gen_iov(r, iov2, &a->ms.reply_iov);
		if (g_valid)
			a->ms.flags |= STPLR_F_TIMEOUT;
		a->ms.timeout_ns = !g_valid && one_in(r, 10) ? (int64_t)rnext(r) :
				   (int64_t)rn(r, 20000000);
		break;
	case C_RECEIVE:
		a->mr.flags = gen_flags(r, vf) | (one_in(r, 12) ? 0 : STPLR_F_TIMEOUT);
		a->mr.chid = gen_chid(r, &pid);
		a->mr.n_iov = gen_iov(r, iov, &a->mr.iov);
		if (g_valid)
			a->mr.flags |= STPLR_F_TIMEOUT;
		a->mr.timeout_ns = !g_valid && one_in(r, 10) ? (int64_t)rnext(r) :
				   (int64_t)rn(r, 20000000);
		break;
	case C_REPLY:
	case C_ERROR:
		a->rp.flags = gen_flags(r, vf);
		a->rp.rcvid = gen_rcvid(r);
		if (c == C_REPLY) {
			a->rp.status = (int64_t)rnext(r);
			a->rp.n_iov = gen_iov(r, iov, &a->rp.iov);
		} else {
			switch (g_valid ? 0 + 4 * !one_in(r, 8) : rn(r, 6)) {
			case 0: a->rp.status = 512 + rn(r, 18); break;	/* ERESTART* */
			case 1: a->rp.status = (int64_t)rnext(r); break;
			case 2: a->rp.status = 4095 + rn(r, 3); break;
			case 3: a->rp.status = -(int64_t)rn(r, 5); break;
			default: a->rp.status = 1 + rn(r, 140); break;
			}
		}
		break;
	case C_READ:
	case C_WRITE:
		a->rw.flags = gen_flags(r, vf);
		a->rw.rcvid = gen_rcvid(r);
		a->rw.offset = !g_valid && one_in(r, 4) ? gen_len(r) : rn(r, 64);
		a->rw.n_iov = gen_iov(r, iov, &a->rw.iov);
		break;
	case C_PULSE:
		a->pu.flags = gen_flags(r, vf);
		a->pu.coid = gen_coid(r);
		a->pu.priority = !g_valid && one_in(r, 3) ? (uint32_t)rnext(r) : rn(r, 20);
		a->pu.code = !g_valid && one_in(r, 5) ? (int32_t)rnext(r) : (int32_t)rn(r, 128);
		a->pu.value = (uint32_t)rnext(r);
		break;
	case C_NATTACH:
	case C_NDETACH:
	case C_NOPEN:
		a->nm.flags = gen_flags(r, vf);
		a->nm.chid = gen_chid(r, &pid);
		gen_name(r, a->nm.name);
		break;
	case C_POLLFD:
		a->pf.flags = gen_flags(r, vf);
		a->pf.chid = gen_chid(r, &pid);
		break;
	case C_RREPLY:	/* a reply (or error) half, then a receive half */
		a->rr.flags = gen_flags(r, vf);
		if (!one_in(r, 3)) {
			a->rr.reply.rcvid = gen_rcvid(r);
			if (a->rr.flags & STPLR_RR_ERROR) {
				a->rr.reply.status = g_valid || !one_in(r, 4) ?
					1 + rn(r, 140) : (int64_t)rnext(r);
			} else {
				a->rr.reply.status = (int64_t)rnext(r);
				a->rr.reply.n_iov = gen_iov(r, iov, &a->rr.reply.iov);
			}
		}
		a->rr.receive.flags = gen_flags(r, STPLR_F_TIMEOUT | STPLR_RECEIVE_PULSE_ONLY) |
				      (one_in(r, 12) ? 0 : STPLR_F_TIMEOUT);
		if (g_valid)
			a->rr.receive.flags |= STPLR_F_TIMEOUT;
		a->rr.receive.chid = gen_chid(r, &pid);
		a->rr.receive.n_iov = gen_iov(r, iov2, &a->rr.receive.iov);
		a->rr.receive.timeout_ns = !g_valid && one_in(r, 10) ?
					   (int64_t)rnext(r) : (int64_t)rn(r, 20000000);
		break;
	}
	/* Reserved fields: mostly zero, sometimes not. */
	*resv_bad = 0;
	if (!g_valid && one_in(r, 16)) {
		*resv_bad = 1;
		switch (c) {
		case C_CREATE: a->cc.reserved[rn(r, 2)] = 1 + rn(r, 9); break;
		case C_DESTROY: a->cd.reserved = 1; break;
		case C_CONNECT: a->co.reserved = 1; break;
		case C_DISCONNECT: a->dc.reserved = 1; break;
		case C_SEND: case C_SENDRECV:
			if (rn(r, 2))
				a->ms.reserved0 = 1;
			else
				a->ms.reserved1 = 1;
			break;
		case C_RECEIVE: a->mr.reserved = 1; break;
		case C_REPLY: case C_ERROR:
			if (rn(r, 2))
				a->rp.reserved0 = 1;
			else
				a->rp.reserved1 = 1;
			break;
		case C_READ: case C_WRITE:
			if (rn(r, 2))
				a->rw.reserved0 = 1;
			else
				a->rw.reserved1 = 1;
			break;
		case C_PULSE: a->pu.reserved = 1; break;
		case C_POLLFD: a->pf.reserved = 1; break;
		case C_RREPLY:
			switch (rn(r, 3)) {
			case 0: a->rr.reserved = 1; break;
			case 1: a->rr.reply.reserved1 = 1; break;
			default: a->rr.receive.reserved = 1; break;
			}
			break;
		default: *resv_bad = 0;
		}
	}
	*flags_bad = 0;
	switch (c) {
	case C_QUERY: *flags_bad = !!(a->q.flags & ~vf); break;
	case C_CREATE: *flags_bad = !!(a->cc.flags & ~vf); break;
	case C_DESTROY: *flags_bad = !!(a->cd.flags & ~vf); break;
	case C_CONNECT: *flags_bad = !!(a->co.flags & ~vf); break;
	case C_DISCONNECT: *flags_bad = !!(a->dc.flags & ~vf); break;
	case C_SEND: case C_SENDRECV: *flags_bad = !!(a->ms.flags & ~vf); break;
	case C_RECEIVE: *flags_bad = !!(a->mr.flags & ~vf); break;
	case C_REPLY: case C_ERROR: *flags_bad = !!(a->rp.flags & ~vf); break;
	case C_READ: case C_WRITE: *flags_bad = !!(a->rw.flags & ~vf); break;
	case C_PULSE: *flags_bad = !!(a->pu.flags & ~vf); break;
	case C_NATTACH: case C_NDETACH: case C_NOPEN:
		*flags_bad = !!(a->nm.flags & ~vf);
		break;
	case C_POLLFD: *flags_bad = !!(a->pf.flags & ~vf); break;
	case C_RREPLY:
		*flags_bad = !!(a->rr.flags & ~vf) || !!a->rr.reply.flags ||
			     !!(a->rr.receive.flags &
				~(uint64_t)(STPLR_F_TIMEOUT | STPLR_RECEIVE_PULSE_ONLY));
		break;
	}
}

static int err_ok(int e)
{
	const int *p;

	for (p = possible; *p; p++)
		if (*p == e)
			return 1;
	return 0;
}

static void count(int c, int e)
{
	atomic_fetch_add(&sh->count[c][e >= 0 && e < NERR - 1 ? e : NERR - 1], 1);
	atomic_fetch_add(&sh->calls, 1);
}

/*
 * An io_uring POLL_ADD on @fd (raw system calls, no liburing), left armed
 * for @ms milliseconds while messages may arrive, then torn down by
 * closing the ring.  With EPOLLEXCLUSIVE its wait-queue entry is not a
 * task: a module that takes it for a receiver corrupts memory.
 */
static void uring_poll(int fd, unsigned int events, int ms)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes;
	size_t sqsz, cqsz, sqesz;
	unsigned int tail, idx;
	char *sq, *cq;
	int ring;

	memset(&p, 0, sizeof(p));
	ring = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (ring < 0)
		return;
	sqsz = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cqsz = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	sqesz = p.sq_entries * sizeof(struct io_uring_sqe);
	sq = mmap(NULL, sqsz, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQ_RING);
	cq = mmap(NULL, cqsz, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, sqesz, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQES);
	if (sq != MAP_FAILED && cq != MAP_FAILED && sqes != MAP_FAILED) {
		tail = *(unsigned int *)(sq + p.sq_off.tail);
		idx = tail & *(unsigned int *)(sq + p.sq_off.ring_mask);
		memset(&sqes[idx], 0, sizeof(sqes[idx]));
		sqes[idx].opcode = IORING_OP_POLL_ADD;
		sqes[idx].fd = fd;
		sqes[idx].poll32_events = events;
		sqes[idx].user_data = 1;
		((unsigned int *)(sq + p.sq_off.array))[idx] = idx;
		__atomic_store_n((unsigned int *)(sq + p.sq_off.tail), tail + 1,
				 __ATOMIC_RELEASE);
		if (syscall(__NR_io_uring_enter, ring, 1, 0, 0, NULL, 0) == 1)
			atomic_fetch_add(&sh->uring_polls, 1);
		usleep((useconds_t)ms * 1000);
	}
	if (sqes != MAP_FAILED)
		munmap(sqes, sqesz);
	if (cq != MAP_FAILED)
		munmap(cq, cqsz);
	if (sq != MAP_FAILED)
		munmap(sq, sqsz);
	close(ring);
}

/* What a successful call handed out goes into the pools; checks ranges. */
static void after_success(uint64_t *r, int c, union arg *a)
{
	switch (c) {
	case C_QUERY:
		if (a->q.major != STPLR_VERSION_MAJOR || !a->q.features ||
		    a->q.iov_max != STPLR_IOV_MAX)
			bad("QUERY: major %u iov_max %u features %#llx", a->q.major,
			    a->q.iov_max, (unsigned long long)a->q.features);
		for (int i = 0; i < 6; i++)
			if (a->q.reserved[i])
				bad("QUERY: reserved[%d] = %#x", i, a->q.reserved[i]);
		break;
	case C_CREATE:
		if (!a->cc.chid || a->cc.chid > INT32_MAX)
			bad("CHANNEL_CREATE: chid %u", a->cc.chid);
		pool_put64(sh->chans, (uint64_t)getpid() << 32 | a->cc.chid, r);
		own_put(P.chans, ARRAY_SIZE(P.chans), r, g_fd, a->cc.chid);
		break;
	case C_CONNECT:
	case C_NOPEN: {
		uint32_t coid = c == C_CONNECT ? a->co.coid : a->nm.coid;
		uint64_t fl = c == C_CONNECT ? a->co.flags : a->nm.flags;
		int side = !!(fl & STPLR_CONNECT_SIDE_CHANNEL);

		if (side ? coid < STPLR_SIDE_CHANNEL || coid > INT32_MAX :
			   !coid || coid >= STPLR_SIDE_CHANNEL)
			bad("%s: coid %#x (side channel: %d)", cmds[c].name, coid, side);
		pool_put32(sh->coids, coid, r);
		own_put(P.coids, ARRAY_SIZE(P.coids), r, g_fd, coid);
		break;
	}
	case C_RECEIVE:
		if (a->mr.info.reserved || a->mr.pulse.reserved)
			bad("MSG_RECEIVE: reserved output %#x %#x (kernel memory?)",
			    a->mr.info.reserved, a->mr.pulse.reserved);
		if (a->mr.info.flags & STPLR_INFO_PULSE) {
			if (a->mr.rcvid)
				bad("MSG_RECEIVE: pulse with rcvid %llu",
				    (unsigned long long)a->mr.rcvid);
			if (a->mr.pulse.code > STPLR_PULSE_CODE_MAX ||
			    (a->mr.pulse.code < 0 && a->mr.pulse.code < STPLR_PULSE_COIDDEATH) ||
			    (a->mr.pulse.code < 0 && a->mr.pulse.code > STPLR_PULSE_UNBLOCK))
				bad("MSG_RECEIVE: pulse code %d", a->mr.pulse.code);
		} else {
			if (a->mr.flags & STPLR_RECEIVE_PULSE_ONLY)
				bad("MSG_RECEIVE: PULSE_ONLY returned a message");
			if (a->mr.info.msglen > a->mr.info.srcmsglen)
				bad("MSG_RECEIVE: msglen %llu > srcmsglen %llu",
				    (unsigned long long)a->mr.info.msglen,
				    (unsigned long long)a->mr.info.srcmsglen);
			if (a->mr.rcvid > INT32_MAX)
				bad("MSG_RECEIVE: rcvid %llu", (unsigned long long)a->mr.rcvid);
			if (a->mr.rcvid) {
				pool_put64(sh->rcvids, a->mr.rcvid, r);
				own_put(P.rcvids, ARRAY_SIZE(P.rcvids), r, g_fd,
					(uint32_t)a->mr.rcvid);
			}
		}
		break;
	case C_DESTROY:
		own_drop(P.chans, ARRAY_SIZE(P.chans), g_fd, a->cd.chid);
		break;
	case C_DISCONNECT:
		own_drop(P.coids, ARRAY_SIZE(P.coids), g_fd, a->dc.coid);
		break;
	case C_REPLY:
	case C_ERROR:
		own_drop(P.rcvids, ARRAY_SIZE(P.rcvids), g_fd, (uint32_t)a->rp.rcvid);
		break;
	case C_RREPLY: {
		/* The reply half ended its rcvid; the receive half as above. */
		union arg rcv;

		if (a->rr.failed)
			bad("MSG_REPLY_RECEIVE: succeeded with failed %u", a->rr.failed);
		if (a->rr.reply.rcvid)
			own_drop(P.rcvids, ARRAY_SIZE(P.rcvids), g_fd,
				 (uint32_t)a->rr.reply.rcvid);
		rcv.mr = a->rr.receive;
		after_success(r, C_RECEIVE, &rcv);
		break;
	}
	case C_SENDRECV:
		if (a->ms.reply_len > a->ms.reply_srclen)
			bad("MSG_SEND_RECEIVE: reply_len %llu > reply_srclen %llu",
			    (unsigned long long)a->ms.reply_len,
			    (unsigned long long)a->ms.reply_srclen);
		break;
	case C_POLLFD:
		if (a->pf.fd < 0) {
			bad("CHANNEL_POLLFD: fd %d", a->pf.fd);
			break;
		}
		if (one_in(r, 3)) {
			uring_poll(a->pf.fd, EPOLLIN | (opt_exclusive && rn(r, 2) ?
							EPOLLEXCLUSIVE : 0), (int)rn(r, 20));
		} else if (one_in(r, 2)) {
			struct epoll_event ev = { .events = EPOLLIN }, o;
			int ep = epoll_create1(EPOLL_CLOEXEC);

			if (opt_exclusive)
				ev.events |= EPOLLEXCLUSIVE;
			if (ep >= 0 && !epoll_ctl(ep, EPOLL_CTL_ADD, a->pf.fd, &ev))
				epoll_wait(ep, &o, 1, (int)rn(r, 20));
			if (ep >= 0)
				close(ep);
		} else {
			struct pollfd p = { .fd = a->pf.fd, .events = POLLIN };

			poll(&p, 1, (int)rn(r, 10));
		}
		/* Sometimes an ioctl on the poll fd itself, which has none. */
		if (one_in(r, 4)) {
			struct stplr_query q = { 0 };
			int ret = ioctl(a->pf.fd, STPLR_IOC_QUERY, &q);

			if (!ret)
				bad("QUERY on a channel poll fd succeeded");
		}
		close(a->pf.fd);
		break;
	}
}

static void one_ioctl(uint64_t *r)
{
	static __thread struct stplr_iov iov[STPLR_IOV_MAX + 2], iov2[STPLR_IOV_MAX + 2];
	static __thread union arg arg;
	static __thread unsigned char *ro_arg;
	/* A third of the calls are sends and pulses: the message path. */
	static const int busy[] = { C_SEND, C_SENDRECV, C_SENDRECV, C_PULSE };
	int c = one_in(r, 3) ? busy[rn(r, 4)] : (int)rn(r, NCMD), fd, flags_bad,
	    resv_bad, ret, e;
	unsigned long cmd = cmds[c].cmd;
	void *where = &arg;
	int where_good = 1;

	g_valid = one_in(r, 2);
	g_fd = pick_ctx(r);
	gen_arg(r, c, &arg, iov, iov2, &flags_bad, &resv_bad);
	/* A valid call goes to the context its id belongs to. */
	fd = g_fd;
	if (c == C_BOGUS) {
		/* Unknown numbers, and known numbers with a wrong size or dir. */
		switch (rn(r, 3)) {
		case 0: cmd = _IOWR(STPLR_IOC_MAGIC, 0x23 + rn(r, 0x1d), union arg); break;
		case 1: cmd = _IOC(rn(r, 4), STPLR_IOC_MAGIC, rn(r, 0x40), rn(r, 300)); break;
		default: cmd = (unsigned long)rnext(r) & 0xffffffff; break;
		}
		for (int i = 0; i < NCMD - 1; i++)
			if (cmds[i].cmd == cmd)
				cmd ^= 1ul << 16;	/* keep it unknown */
		/* Real commands this fuzzer does not issue are not unknown. */
		if (cmd == STPLR_IOC_CTX_CLAIM || cmd == STPLR_MSG_DELIVER_EVENT)
			cmd ^= 1ul << 16;
	}
	switch (g_valid ? 99 : rn(r, 30)) {
	case 0: where = NULL; where_good = 0; break;
	case 1: where = P.gone; where_good = 0; break;
	case 2:	/* read-only: readable, but outputs cannot be written */
		/*
		 * The thread's own page: while another thread made a shared
		 * one writable to fill it, our ioctl could write it (and we
		 * would blame the kernel).
		 */
		if (!ro_arg) {
			ro_arg = mmap(NULL, PAGE, PROT_READ,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (ro_arg == MAP_FAILED) {
				ro_arg = NULL;
				break;
			}
		}
		mprotect(ro_arg, PAGE, PROT_READ | PROT_WRITE);
		memcpy(ro_arg, &arg, sizeof(arg) > PAGE ? PAGE : sizeof(arg));
		mprotect(ro_arg, PAGE, PROT_READ);
		where = ro_arg;
		where_good = -1;
		break;
	case 3: where = P.edge + PAGE - 8 - rn(r, 8) - PAGE; where_good = 0; break;
	case 4:
		if (P.uffd) {
			where = P.uffd + rn(r, 4) * PAGE;
			where_good = -2;
		}
		break;
	}
	ret = ioctl(fd, cmd, where);
	e = ret < 0 ? errno : 0;
	count(c, e);
	if (e >= 512 && e <= 529)
		bad("%s: kernel-internal errno %d reached user space", cmds[c].name, e);
	else if (e && !err_ok(e) && !(c == C_SENDRECV || c == C_SEND))
		bad("%s: errno %d (%s) is not possible", cmds[c].name, e, strerror(e));
	if ((c == C_SENDRECV || c == C_SEND) && e > 0 && e < 4096)
		atomic_fetch_add(&sh->sent_errors[e], 1);
	if (e > 4095)
		bad("%s: errno %d out of range", cmds[c].name, e);
	if (ret || c == C_BOGUS) {
		if (!ret && c == C_BOGUS)
			bad("unknown ioctl %#lx succeeded", cmd);
		return;
	}
	/* A uffd page holds what the fault handler put there, not @arg. */
	if (flags_bad && where_good != -2)
		bad("%s accepted unknown flag bits", cmds[c].name);
	if (resv_bad && where_good != -2)
		bad("%s accepted a non-zero reserved field", cmds[c].name);
	if (!where_good)
		bad("%s accepted a bad argument pointer %p", cmds[c].name, where);
	/* A one-way send has no outputs, though its number is _IOWR. */
	if (where_good == -1 && (_IOC_DIR(cmd) & _IOC_READ) && c != C_SEND)
		bad("%s succeeded though its argument is read-only", cmds[c].name);
	/*
	 * Outputs of a read-only or uffd argument are not ours to read back
	 * (a poll fd made that way stays open until the worker exits).
	 */
	if (where_good == 1)
		after_success(r, c, &arg);
}

/* ---- processes and threads --------------------------------------------- */

static atomic_int worker_stop;

static void noop(int sig)
{
	(void)sig;
}

/* A short-lived child: a few calls on the inherited contexts, then exit. */
static void child_calls(uint64_t seed, int own_files)
{
	uint64_t r = seed;
	int i, n = 1 + rn(&r, 30);

	for (i = 0; i < n; i++) {
		/* A CLONE_VM child has its own fd table but our P.ctx. */
		if (own_files && one_in(&r, 10))
			reopen_ctx(&r);
		one_ioctl(&r);
	}
}

static int clone_fn(void *arg)
{
	child_calls((uint64_t)(uintptr_t)arg, 0);
	return 0;
}

static void action(uint64_t *r)
{
	switch (rn(r, 60)) {
	case 0:
		reopen_ctx(r);
		return;
	case 1: {	/* dup a context, use the copy, close it */
		int fd = dup(pick_ctx(r));

		if (fd >= 0) {
			struct stplr_query q = { 0 };

			ioctl(fd, STPLR_IOC_QUERY, &q);
			close(fd);
		}
		return;
	}
	case 2: {	/* fork: the child shares every context */
		uint64_t s = rnext(r);
		pid_t pid = fork();

		if (pid == 0) {
			child_calls(s, 1);
			_exit(0);
		}
		if (pid > 0) {
			atomic_fetch_add(&sh->forks, 1);
			if (one_in(r, 2)) {
				usleep(rn(r, 5000));
				kill(pid, SIGKILL);
			}
			waitpid(pid, NULL, 0);
		}
		return;
	}
	case 3: {	/* CLONE_VM: the address space outlives the child */
		size_t sz = 256 * 1024;
		char *stack = mmap(NULL, sz, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		pid_t pid;

		if (stack == MAP_FAILED)
			return;
		pid = clone(clone_fn, stack + sz, CLONE_VM | SIGCHLD,
			    (void *)(uintptr_t)rnext(r));
		if (pid > 0) {
			atomic_fetch_add(&sh->clones, 1);
			usleep(rn(r, 5000));
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		munmap(stack, sz);
		return;
	}
	default:
		one_ioctl(r);
	}
}

struct thr {
	uint64_t r;
	pthread_t t;
};

static void *fuzz_thread(void *arg)
{
	struct thr *t = arg;

	while (!atomic_load(&worker_stop))
		action(&t->r);
	return NULL;
}

/*
 * A server thread: receives on this process's channels and replies, fails,
 * reads, writes or leaves the rcvid to the fuzz threads, so that the
 * message path runs too.  Its calls are checked like any other.
 */
static void *server_thread(void *arg)
{
	uint64_t r = (uint64_t)(uintptr_t)arg;
	static __thread unsigned char buf[512];

	while (!atomic_load(&worker_stop)) {
		struct stplr_iov iov = { (uint64_t)(uintptr_t)buf, rn(&r, sizeof(buf)) };
		struct stplr_msg_receive m = {
			.flags = STPLR_F_TIMEOUT, .n_iov = 1,
			.iov = (uint64_t)(uintptr_t)&iov, .timeout_ns = 10000000,
		};
		uint32_t chid;
		int e;

		if (!own_pick(P.chans, ARRAY_SIZE(P.chans), &r, &chid)) {
			usleep(1000);
			continue;
		}
		m.chid = chid;
		if (one_in(&r, 8)) {
			/* Exclusive pollers on a channel that gets messages. */
			struct stplr_channel_pollfd pf = { .chid = chid };

			e = ioctl(g_fd, STPLR_IOC_CHANNEL_POLLFD, &pf) ? errno : 0;
			count(C_POLLFD, e);
			if (!e)
				after_success(&r, C_POLLFD, (union arg *)&pf);
			else if (!err_ok(e))
				bad("server CHANNEL_POLLFD: errno %d", e);
			continue;
		}
		e = ioctl(g_fd, STPLR_MSG_RECEIVE, &m) ? errno : 0;
		count(C_RECEIVE, e);
		if (e) {
			if (!err_ok(e))
				bad("server MSG_RECEIVE: errno %d", e);
			continue;
		}
		after_success(&r, C_RECEIVE, (union arg *)&m);
		if (!m.rcvid)
			continue;
		switch (rn(&r, 6)) {
		case 0: case 1: {
			struct stplr_msg_reply rp = {
				.rcvid = m.rcvid, .status = (int64_t)rn(&r, 100),
				.n_iov = 1, .iov = (uint64_t)(uintptr_t)&iov,
			};

			e = ioctl(g_fd, STPLR_MSG_REPLY, &rp) ? errno : 0;
			count(C_REPLY, e);
			break;
		}
		case 2: {
			/* Now and then a kernel-internal restart code (512-529). */
			struct stplr_msg_reply rp = {
				.rcvid = m.rcvid,
				.status = one_in(&r, 4) ? 512 + rn(&r, 18) : 1 + rn(&r, 133),
			};

			e = ioctl(g_fd, STPLR_MSG_ERROR, &rp) ? errno : 0;
			count(C_ERROR, e);
			break;
		}
		case 3: case 4: {
			struct stplr_msg_rw rw = {
				.rcvid = m.rcvid, .offset = rn(&r, 64), .n_iov = 1,
				.iov = (uint64_t)(uintptr_t)&iov,
			};
			int c = one_in(&r, 2) ? C_READ : C_WRITE;

			e = ioctl(g_fd, cmds[c].cmd, &rw) ? errno : 0;
			count(c, e);
			if (!e && rw.len > iov.len)
				bad("%s: len %llu > buffer %llu", cmds[c].name,
				    (unsigned long long)rw.len, (unsigned long long)iov.len);
			break;
		}
		default:	/* left for the fuzz threads, or for close/exit */
			break;
		}
		if (e && !err_ok(e))
			bad("server reply/error/read/write: errno %d", e);
	}
	return NULL;
}

/* Channels and connections to start from, so valid calls find ids. */
static void seed_ids(uint64_t *r)
{
	static const uint64_t fl[] = { 0, STPLR_CHF_DISCONNECT, STPLR_CHF_UNBLOCK,
		STPLR_CHF_COID_DISCONNECT | STPLR_CHF_DISCONNECT, STPLR_CHF_THREAD_DEATH };
	int i, j, fd;

	for (i = 0; i < 3; i++) {
		struct stplr_channel_create cc = { .flags = fl[rn(r, 5)] | STPLR_CHF_MODE,
						   .mode = 0666 };

		fd = atomic_load(&P.ctx[rn(r, P.nctx)]);
		if (ioctl(fd, STPLR_IOC_CHANNEL_CREATE, &cc))
			continue;
		own_put(P.chans, ARRAY_SIZE(P.chans), r, fd, cc.chid);
		pool_put64(sh->chans, (uint64_t)getpid() << 32 | cc.chid, r);
		for (j = 0; j < 3; j++) {
			struct stplr_connect co = { .chid = cc.chid };
			int cfd = atomic_load(&P.ctx[rn(r, P.nctx)]);

			if (!ioctl(cfd, STPLR_IOC_CONNECT, &co))
				own_put(P.coids, ARRAY_SIZE(P.coids), r, cfd, co.coid);
		}
	}
}

/* Serves userfaultfd faults late, or never (then only SIGKILL ends it). */
static void *uffd_thread(void *arg)
{
	uint64_t r = (uint64_t)(uintptr_t)arg;
	int never = one_in(&r, 4);
	static char zero[PAGE] __attribute__((aligned(4096)));

	for (;;) {
		struct uffd_msg m;
		struct uffdio_copy cp;

		if (read(P.uffd_fd, &m, sizeof(m)) != sizeof(m)) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (m.event != UFFD_EVENT_PAGEFAULT)
			continue;
		atomic_fetch_add(&sh->uffd_faults, 1);
		if (never)
			continue;
		usleep(rn(&r, 50000));
		cp = (struct uffdio_copy){
			.dst = m.arg.pagefault.address & ~(PAGE - 1),
			.src = (uint64_t)(uintptr_t)zero, .len = PAGE,
		};
		ioctl(P.uffd_fd, UFFDIO_COPY, &cp);
	}
}

static void setup_uffd(uint64_t *r)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	pthread_t t;

	P.uffd = NULL;
	if (!opt_uffd)
		return;
	P.uffd_fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (P.uffd_fd < 0 || ioctl(P.uffd_fd, UFFDIO_API, &api))
		return;
	P.uffd = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg = (struct uffdio_register){
		.range = { .start = (uint64_t)(uintptr_t)P.uffd, .len = 4 * PAGE },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	if (P.uffd == MAP_FAILED || ioctl(P.uffd_fd, UFFDIO_REGISTER, &reg)) {
		P.uffd = NULL;
		return;
	}
	pthread_create(&t, NULL, uffd_thread, (void *)(uintptr_t)rnext(r));
}

/* Interrupts the fuzz threads now and then: blocked calls see EINTR. */
static void *signal_thread(void *arg)
{
	struct thr *t = arg;
	uint64_t r = t[0].r ^ 0xabcdef;

	while (!atomic_load(&worker_stop)) {
		usleep(1000 + rn(&r, 20000));
		pthread_kill(t[rn(&r, opt_threads)].t, SIGUSR1);
	}
	return NULL;
}

/* Print what each process still alive under us is, and where it waits. */
static void show_file(const char *path)
{
	char buf[2048];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		fprintf(stderr, "#   %s\n", l);
}

static void show_leftovers(void)
{
	glob_t g, t;
	char path[64], *stat, buf[512];

	if (glob("/proc/[0-9]*/stat", 0, NULL, &g))
		return;
	for (size_t k = 0; k < g.gl_pathc; k++) {
		int fd = open(g.gl_pathv[k], O_RDONLY | O_CLOEXEC), pid, ppid;
		ssize_t n;
		char st;

		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = 0;
		stat = strrchr(buf, ')');
		if (!stat || sscanf(buf, "%d", &pid) != 1 ||
		    sscanf(stat + 2, "%c %d", &st, &ppid) != 2 || ppid != getpid())
			continue;
		fprintf(stderr, "# left: %s\n", buf);
		/* A zombie leader waits for its other threads: show them all. */
		snprintf(path, sizeof(path), "/proc/%d/task/*/stat", pid);
		glob(path, 0, NULL, &t);
		for (size_t j = 0; j < t.gl_pathc; j++) {
			char *slash = strrchr(t.gl_pathv[j], '/');

			show_file(t.gl_pathv[j]);
			strcpy(slash, "/stack");
			show_file(t.gl_pathv[j]);
		}
		globfree(&t);
	}
	globfree(&g);
}

static void worker(uint64_t seed, unsigned int slot, double lifetime)
{
	struct sigaction sa = { .sa_handler = noop };
	struct thr t[MAXTHREADS];
	pthread_t sig;
	uint64_t r = seed;
	unsigned int i;
	double until = now() + lifetime;

	/* Our own process group: orphans we leave are killed with us. */
	setpgid(0, 0);
	atomic_store(&sh->pids[slot % 64], getpid());
	sigaction(SIGUSR1, &sa, NULL);
	P.buf = mmap(NULL, 65536, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	P.ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	P.edge = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* PROT_NONE, not unmapped: a later mmap must not fill the hole. */
	mprotect(P.edge + PAGE, PAGE, PROT_NONE);
	P.gone = P.edge + PAGE;
	P.edge += PAGE;	/* one past the last good byte */
	for (i = 0; i < 65536; i++)
		P.buf[i] = (unsigned char)rnext(&r);
	P.nctx = 1 + rn(&r, (unsigned int)(ndevs * 2));
	for (i = 0; i < (unsigned int)P.nctx; i++)
		P.ctx[i] = open(devs[i % ndevs], O_RDWR | O_CLOEXEC);
	/* Some workers are another, unprivileged user (as is the device). */
	if (slot % 3 == 2 && !getuid()) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(3);
		P.uid = 65534;
	}
	setup_uffd(&r);
	seed_ids(&r);
	for (i = 0; i < 2; i++)
		pthread_create(&sig, NULL, server_thread, (void *)(uintptr_t)rnext(&r));
	for (i = 0; i < opt_threads; i++) {
		t[i].r = rnext(&r);
		pthread_create(&t[i].t, NULL, fuzz_thread, &t[i]);
	}
	pthread_create(&sig, NULL, signal_thread, t);
	while (now() < until)
		usleep(10000);
	/* Threads stuck in the kernel die with the process: just exit. */
	_exit(0);
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [--seed N] [--duration SECONDS] [--procs N] "
		"[--threads N] [--no-uffd] [--no-exclusive] [--quiet]\n", argv0);
	exit(2);
}

static void print_counts(double secs)
{
	int c, e;

	printf("# stplr-fuzz: %lu ioctls in %.0f s; %lu forks, %lu CLONE_VM children, "
	       "%lu workers killed, %lu stopped, %lu signals, %lu userfaultfd faults, "
	       "%lu io_uring polls\n",
	       atomic_load(&sh->calls), secs, atomic_load(&sh->forks),
	       atomic_load(&sh->clones), atomic_load(&sh->kills),
	       atomic_load(&sh->stops), atomic_load(&sh->signals),
	       atomic_load(&sh->uffd_faults), atomic_load(&sh->uring_polls));
	for (c = 0; c < NCMD; c++) {
		char line[1024];
		int n = snprintf(line, sizeof(line), "# %-17s ok %lu", cmds[c].name,
				 atomic_load(&sh->count[c][0]));

		for (e = 1; e < NERR; e++) {
			unsigned long v = atomic_load(&sh->count[c][e]);

			if (v && n < (int)sizeof(line) - 40)
				n += snprintf(line + n, sizeof(line) - n, ", %s %lu",
					      e == NERR - 1 ? "other" :
					      strerrorname_np(e) ?: "?", v);
		}
		puts(line);
	}
	{
		char line[1024];
		int n = snprintf(line, sizeof(line), "# errnos senders saw:");

		for (e = 1; e < 4096; e++) {
			unsigned long v = atomic_load(&sh->sent_errors[e]);

			if (v && n < (int)sizeof(line) - 40)
				n += snprintf(line + n, sizeof(line) - n, " %d:%lu", e, v);
		}
		puts(line);
	}
}

int main(int argc, char **argv)
{
	struct { pid_t pid; double until; } w[64];
	uint64_t r, gen = 0;
	double start, end;
	glob_t g;
	unsigned int i;
	int status, ok;

	opt_seed = (unsigned long long)time(NULL) * 1000003ull ^ (unsigned long long)getpid();
	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < (unsigned int)argc)
			opt_seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--duration") && i + 1 < (unsigned int)argc)
			opt_duration = (unsigned int)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--procs") && i + 1 < (unsigned int)argc)
			opt_procs = (unsigned int)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--threads") && i + 1 < (unsigned int)argc)
			opt_threads = (unsigned int)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--no-uffd"))
			opt_uffd = 0;
		else if (!strcmp(argv[i], "--quiet"))
			opt_quiet = 1;
		else if (!strcmp(argv[i], "--no-exclusive"))
			opt_exclusive = 0;
		else
			usage(argv[0]);
	}
	if (!opt_procs || opt_procs > 64 || !opt_threads || opt_threads > MAXTHREADS)
		usage(argv[0]);
	/* First line, flushed: a panic must not lose the seed. */
	printf("# stplr-fuzz: seed %llu duration %u procs %u threads %u%s\n",
	       opt_seed, opt_duration, opt_procs, opt_threads,
	       opt_uffd ? "" : " no-uffd");
	fflush(stdout);
	if (glob(STPLR_DEVICE_PREFIX "*", 0, NULL, &g) || !g.gl_pathc) {
		printf("not ok 1 - stplr-fuzz: no %s* device\n", STPLR_DEVICE_PREFIX);
		return 1;
	}
	for (i = 0; i < g.gl_pathc && i < MAXDEV; i++)
		snprintf(devs[ndevs++], sizeof(devs[0]), "%s", g.gl_pathv[i]);
	globfree(&g);
	printf("# stplr-fuzz: %d device(s), first %s\n", ndevs, devs[0]);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	r = opt_seed;
	start = now();
	end = start + opt_duration;
	memset(w, 0, sizeof(w));
	while (now() < end) {
		for (i = 0; i < opt_procs; i++) {
			if (w[i].pid && now() >= w[i].until) {
				kill(-w[i].pid, SIGCONT);
				kill(-w[i].pid, SIGKILL);
				atomic_fetch_add(&sh->kills, 1);
				waitpid(w[i].pid, NULL, 0);
				w[i].pid = 0;
			}
			if (!w[i].pid) {
				/* Worker seeds follow from the seed, in order. */
				uint64_t s = opt_seed ^ (++gen * 0x9e3779b97f4a7c15ull);
				double life = 0.3 + rn(&r, 2500) / 1000.0;

				w[i].until = now() + life + 1.0;
				w[i].pid = fork();
				if (!w[i].pid)
					worker(s, i, life);
				if (w[i].pid < 0)
					w[i].pid = 0;
			}
		}
		/* Reap workers that exited on their own. */
		for (i = 0; i < opt_procs; i++)
			if (w[i].pid && waitpid(w[i].pid, &status, WNOHANG) == w[i].pid) {
				if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
					bad("worker could not become uid 65534");
				kill(-w[i].pid, SIGKILL);	/* its children */
				w[i].pid = 0;
			}
		usleep(5000 + rn(&r, 20000));
		i = rn(&r, opt_procs);
		if (w[i].pid) {
			switch (rn(&r, 8)) {
			case 0:
				kill(w[i].pid, SIGSTOP);
				usleep(rn(&r, 20000));
				kill(w[i].pid, SIGCONT);
				atomic_fetch_add(&sh->stops, 1);
				break;
			case 1:
				kill(w[i].pid, SIGKILL);
				atomic_fetch_add(&sh->kills, 1);
				break;
			default:
				kill(w[i].pid, SIGUSR1);
				atomic_fetch_add(&sh->signals, 1);
			}
		}
	}
	for (i = 0; i < opt_procs; i++)
		if (w[i].pid) {
			kill(-w[i].pid, SIGCONT);
			kill(-w[i].pid, SIGKILL);
			waitpid(w[i].pid, NULL, 0);
		}
	/*
	 * Orphans of killed workers come to us (subreaper): reap them all.
	 * Thousands may be zombies already; only waiting counts toward the
	 * 30 s a killed process may take to leave the kernel.
	 */
	for (i = 0; i < 3000;) {
		pid_t p = waitpid(-1, NULL, WNOHANG);

		if (p < 0)
			break;
		if (!p) {
			usleep(10000);
			i++;
		}
	}
	if (i == 3000) {
		show_leftovers();
		bad("killed processes still alive after 30 s (stuck in the kernel?)");
	}
	/* Nothing of ours is left: the device must still answer. */
	{
		int fd = open(devs[0], O_RDWR | O_CLOEXEC);
		struct stplr_query q = { 0 };
		struct stplr_channel_create cc = { 0 };

		if (fd < 0 || ioctl(fd, STPLR_IOC_QUERY, &q) ||
		    ioctl(fd, STPLR_IOC_CHANNEL_CREATE, &cc))
			bad("device unusable after the run: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (!opt_quiet)
		print_counts(now() - start);
	ok = atomic_load(&sh->bad) == 0;
	printf("%s 1 - stplr-fuzz: seed %llu, %lu ioctls, %d inconsistencies\n",
	       ok ? "ok" : "not ok", opt_seed, atomic_load(&sh->calls),
	       atomic_load(&sh->bad));
	return ok ? 0 : 1;
}
