// SPDX-License-Identifier: GPL-2.0
/*
 * ipcbench: round-trip latency of one synchronous request/reply between
 * two processes, for stapler and the usual Linux alternatives.
 *
 * Mechanisms (--mechs, comma separated, in this order by default):
 *   stplr         libstplr send / receive / reply (stplr_msg_send)
 *   pipe          two pipes: write the request, read the reply
 *   unix          an AF_UNIX SOCK_STREAM socketpair, used like the pipes
 *   binder        raw Android binder: BC_TRANSACTION to handle 0, served
 *                 by a minimal context manager answering with BC_REPLY
 *   stplr-oneway  stapler one-way send (STPLR_MSG_SEND): the time one
 *                 send call blocks until the server has received it
 *
 * Every request carries SIZE bytes and every reply carries the same SIZE
 * bytes back (an echo), so a round trip moves 2 x SIZE payload bytes.
 * The one-way mechanism moves SIZE bytes per call and has no reply.
 *
 * Each mechanism has its own server process, forked once at start-up and
 * kept for all sizes.  The cells are run size by size, every mechanism in
 * turn within a size.  For each size, every mechanism is warmed up (at
 * least --warmup seconds and 20 calls); the warm-up's mean call time sets
 * the number N of timed calls so that they take about --target seconds;
 * the reply is checked byte for byte once.  The N calls are then made in
 * --rounds chunks, the mechanisms taking turns chunk by chunk, so that a
 * change in machine load (other guests on a shared host) lands on all
 * mechanisms alike.  Each call is timed on its own with CLOCK_MONOTONIC;
 * the times are sorted and reported as median, p99 (nearest rank), mean,
 * min and max, in microseconds.
 *
 * Output: CSV (--csv FILE, default stdout) with '#' metadata lines, then
 * the header
 *   mech,size,pin,iters,warmup_iters,median_us,p99_us,mean_us,min_us,max_us,seconds
 * Progress goes to stderr.  A mechanism that cannot be set up (no
 * /dev/binder, no stapler device) is reported on stderr and as a
 * "# unavailable=<mech>: <reason>" line, and the others still run.
 *
 * Exit status: 0 when every requested mechanism ran, 1 on a failure
 * during measurement or when a mechanism was unavailable, 2 on a usage
 * error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <linux/android/binder.h>
#include <stplr/stplr.h>

#define MAX_MECHS	8
#define MAX_SIZES	32
#define HDR_LEN		8	/* pipe/unix framing: length in the first bytes */
#define BINDER_DEV	"/dev/binder"
/* The driver caps the receive area at 4 MiB; a 1 MiB echo needs > 1 MiB. */
#define BINDER_MAP_LEN	(4u << 20)
#define BINDER_CODE_ECHO 1

/* ------------------------------------------------------------------ */
/* Options and shared state                                            */
/* ------------------------------------------------------------------ */

enum pin_mode { PIN_NONE, PIN_SAME, PIN_SPLIT };

static struct {
	const char *mechs[MAX_MECHS];
	unsigned int n_mechs;
	size_t sizes[MAX_SIZES];
	unsigned int n_sizes;
	double target_s;
	double warmup_s;
	unsigned long min_iters;
	unsigned long max_iters;
	unsigned int rounds;
	const char *csv;
	enum pin_mode pin;
	int device;
} opt = {
	.target_s = 3.0,
	.warmup_s = 0.5,
	.min_iters = 20,
	.max_iters = 500000,
	.rounds = 10,
	.pin = PIN_NONE,
	.device = 0,
};

static size_t max_size;			/* largest payload of the run */
static unsigned char *sbuf, *rbuf;	/* client request / reply buffers */

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ipcbench: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Anonymous, pre-faulted buffer: no page faults while timing. */
static unsigned char *alloc_buf(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0x5a, len);
	return p;
}

static const char *pin_name(void)
{
	return opt.pin == PIN_NONE ? "none" : opt.pin == PIN_SAME ? "same" :
		"split";
}

static void pin_to(int cpu)
{
	cpu_set_t set;

	if (cpu >= CPU_SETSIZE)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* Best effort: a guest with one CPU simply has everything on it. */
	(void)sched_setaffinity(0, sizeof(set), &set);
}

static int write_full(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_full(int fd, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Server processes                                                    */
/* ------------------------------------------------------------------ */

/* What a server child tells the parent once it is ready (or not). */
struct ready_msg {
	int32_t err;		/* 0, or a positive errno value */
	uint32_t token;		/* stapler: the channel id */
	char why[120];
};

static void report_ready(int fd, int err, uint32_t token, const char *why)
{
	struct ready_msg m;

	memset(&m, 0, sizeof(m));
	m.err = err;
	m.token = token;
	if (why)
		snprintf(m.why, sizeof(m.why), "%s", why);
	(void)write_full(fd, &m, sizeof(m));
}

/* Close every descriptor above 2 except @keep (up to three of them). */
static void close_other_fds(int k1, int k2, int k3)
{
	long max = sysconf(_SC_OPEN_MAX);
	int fd;

	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		if (fd != k1 && fd != k2 && fd != k3)
			close(fd);
}

/* pipe and unix: read one framed request, echo it. */
static int fd_server(int rfd, int wfd, int ready)
{
	unsigned char *buf = alloc_buf(max_size);

	if (!buf) {
		report_ready(ready, ENOMEM, 0, "server buffer");
		return 1;
	}
	report_ready(ready, 0, 0, NULL);
	close(ready);
	for (;;) {
		size_t got = 0, want = 0;
		uint64_t hdr;

		while (got < HDR_LEN || got < want) {
			size_t room = want ? want - got : max_size - got;
			ssize_t n = read(rfd, buf + got, room);

			if (n < 0 && errno == EINTR)
				continue;
			if (n == 0 && got == 0)
				return 0;	/* client closed */
			if (n <= 0)
				return 1;
			got += (size_t)n;
			if (!want && got >= HDR_LEN) {
				memcpy(&hdr, buf, sizeof(hdr));
				if (hdr < HDR_LEN || hdr > max_size || got > hdr)
					return 1;
				want = (size_t)hdr;
			}
		}
		if (write_full(wfd, buf, want))
			return 1;
	}
}

/* stapler: receive, echo what arrived; one-way messages are dropped. */
static int stplr_server(int ready)
{
	unsigned char *buf = alloc_buf(max_size);
	struct stplr_msg_info info;
	uint64_t rcvid;
	uint32_t chid;
	char why[120];
	int fd, ret;

	if (!buf) {
		report_ready(ready, ENOMEM, 0, "server buffer");
		return 1;
	}
	ret = stplr_ctx_open(opt.device, &fd);
	if (ret) {
		snprintf(why, sizeof(why), "open %s%d: %s", STPLR_DEVICE_PREFIX,
			 opt.device, strerror(-ret));
		report_ready(ready, -ret, 0, why);
		return 1;
	}
	ret = stplr_channel_create(fd, 0, 0, &chid);
	if (ret) {
		snprintf(why, sizeof(why), "channel create: %s", strerror(-ret));
		report_ready(ready, -ret, 0, why);
		return 1;
	}
	report_ready(ready, 0, chid, NULL);
	close(ready);
	for (;;) {
		ret = stplr_msg_receive(fd, chid, buf, max_size,
					STPLR_TIMEOUT_NONE, &rcvid, &info);
		if (ret == -EINTR)
			continue;
		if (ret) {
			fprintf(stderr, "ipcbench: stplr server: receive: %s\n",
				strerror(-ret));
			return 1;
		}
		if (!rcvid)
			continue;	/* one-way */
		ret = stplr_msg_reply(fd, rcvid, 0, buf, (size_t)info.msglen,
				      NULL);
		if (ret && ret != -ESRCH) {
			fprintf(stderr, "ipcbench: stplr server: reply: %s\n",
				strerror(-ret));
			return 1;
		}
	}
}

/* ---- binder helpers ---- */

struct bbuf {
	unsigned char data[512];
	size_t len;
};

static void bput(struct bbuf *b, const void *p, size_t len)
{
	if (b->len + len > sizeof(b->data))
		die("binder command buffer overflow");
	memcpy(b->data + b->len, p, len);
	b->len += len;
}

static void bput_cmd(struct bbuf *b, uint32_t cmd)
{
	bput(b, &cmd, sizeof(cmd));
}

/*
 * One BINDER_WRITE_READ: write all of @out (retrying after EINTR with
 * what is left), then read into @in (when @in is not NULL).
 * Return: bytes read, or a negative errno.
 */
static long binder_wr(int fd, struct bbuf *out, void *in, size_t in_len)
{
	struct binder_write_read bwr;
	size_t done = 0;

	for (;;) {
		memset(&bwr, 0, sizeof(bwr));
		bwr.write_buffer = (binder_uintptr_t)(uintptr_t)(out->data + done);
		bwr.write_size = out->len - done;
		bwr.read_buffer = (binder_uintptr_t)(uintptr_t)in;
		bwr.read_size = in ? in_len : 0;
		if (ioctl(fd, BINDER_WRITE_READ, &bwr) == 0)
			break;
		if (errno != EINTR)
			return -errno;
		done += bwr.write_consumed;
		if (bwr.read_consumed)
			break;
	}
	out->len = 0;
	return (long)bwr.read_consumed;
}

static int binder_open_map(int *fdp, void **mapp, char *why, size_t whylen)
{
	struct binder_version ver;
	void *map;
	int fd;

	fd = open(BINDER_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "open %s: %s", BINDER_DEV, strerror(errno));
		return -1;
	}
	if (ioctl(fd, BINDER_VERSION, &ver) < 0 ||
	    ver.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION) {
		snprintf(why, whylen, "binder protocol version mismatch");
		close(fd);
		return -1;
	}
	map = mmap(NULL, BINDER_MAP_LEN, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		snprintf(why, whylen, "mmap %s: %s", BINDER_DEV, strerror(errno));
		close(fd);
		return -1;
	}
	*fdp = fd;
	*mapp = map;
	return 0;
}

/* binder: a minimal context manager that echoes every transaction. */
static int binder_server(int ready)
{
	unsigned char in[1024];
	struct bbuf out = { .len = 0 };
	char why[120];
	int fd, zero = 0, tries;
	void *map;
	long n;

	if (binder_open_map(&fd, &map, why, sizeof(why))) {
		report_ready(ready, ENODEV, 0, why);
		return 1;
	}
	/* A context manager of an earlier run may still be being released. */
	for (tries = 0; ioctl(fd, BINDER_SET_CONTEXT_MGR, &zero) < 0; tries++) {
		if (errno != EBUSY || tries >= 100) {
			snprintf(why, sizeof(why), "BINDER_SET_CONTEXT_MGR: %s",
				 strerror(errno));
			report_ready(ready, errno, 0, why);
			return 1;
		}
		usleep(20000);
	}
	bput_cmd(&out, BC_ENTER_LOOPER);
	n = binder_wr(fd, &out, NULL, 0);
	if (n < 0) {
		snprintf(why, sizeof(why), "BC_ENTER_LOOPER: %s", strerror((int)-n));
		report_ready(ready, (int)-n, 0, why);
		return 1;
	}
	report_ready(ready, 0, 0, NULL);
	close(ready);

	for (;;) {
		size_t pos = 0;

		n = binder_wr(fd, &out, in, sizeof(in));
		if (n < 0) {
			fprintf(stderr, "ipcbench: binder server: %s\n",
				strerror((int)-n));
			return 1;
		}
		while (pos + sizeof(uint32_t) <= (size_t)n) {
			uint32_t cmd;
			size_t arg;

			memcpy(&cmd, in + pos, sizeof(cmd));
			pos += sizeof(cmd);
			arg = _IOC_SIZE(cmd);
			if (pos + arg > (size_t)n) {
				fprintf(stderr, "ipcbench: binder server: truncated command 0x%x\n",
					cmd);
				return 1;
			}
			switch (cmd) {
			case BR_TRANSACTION: {
				struct binder_transaction_data tr, rep;

				memcpy(&tr, in + pos, sizeof(tr));
				if (!(tr.flags & TF_ONE_WAY)) {
					/* Echo straight from the received buffer. */
					memset(&rep, 0, sizeof(rep));
					rep.data_size = tr.data_size;
					rep.data.ptr.buffer = tr.data.ptr.buffer;
					bput_cmd(&out, BC_REPLY);
					bput(&out, &rep, sizeof(rep));
				}
				bput_cmd(&out, BC_FREE_BUFFER);
				bput(&out, &tr.data.ptr.buffer,
				     sizeof(tr.data.ptr.buffer));
				break;
			}
			case BR_INCREFS:
			case BR_ACQUIRE: {
				struct binder_ptr_cookie pc;

				memcpy(&pc, in + pos, sizeof(pc));
				bput_cmd(&out, cmd == BR_INCREFS ?
					 BC_INCREFS_DONE : BC_ACQUIRE_DONE);
				bput(&out, &pc, sizeof(pc));
				break;
			}
			case BR_ERROR:
			case BR_FAILED_REPLY:
			case BR_DEAD_REPLY:
				fprintf(stderr, "ipcbench: binder server: error reply 0x%x\n",
					cmd);
				return 1;
			default:	/* BR_NOOP, BR_TRANSACTION_COMPLETE, ... */
				break;
			}
			pos += arg;
		}
	}
}

/*
 * Fork a server running @fn (@a and @b are its descriptors, -1 if none;
 * @kind selects the function) and wait up to 10 s for it to report.
 */
enum srv_kind { SRV_FD, SRV_STPLR, SRV_BINDER };

static pid_t spawn_server(enum srv_kind kind, int a, int b, uint32_t *token,
			  char *why, size_t whylen)
{
	struct ready_msg m;
	struct pollfd pfd;
	int rp[2], ret;
	pid_t pid;

	if (pipe2(rp, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(1);
		close_other_fds(rp[1], a, b);
		if (opt.pin == PIN_SAME)
			pin_to(0);
		else if (opt.pin == PIN_SPLIT)
			pin_to(1);
		switch (kind) {
		case SRV_FD:
			_exit(fd_server(a, b, rp[1]));
		case SRV_STPLR:
			_exit(stplr_server(rp[1]));
		case SRV_BINDER:
			_exit(binder_server(rp[1]));
		}
		_exit(1);
	}
	close(rp[1]);
	pfd.fd = rp[0];
	pfd.events = POLLIN;
	ret = poll(&pfd, 1, 10000);
	if (ret == 1 && read_full(rp[0], &m, sizeof(m)) == 0) {
		close(rp[0]);
		if (m.err == 0) {
			*token = m.token;
			return pid;
		}
		m.why[sizeof(m.why) - 1] = '\0';
		snprintf(why, whylen, "%s", m.why[0] ? m.why : strerror(m.err));
	} else {
		close(rp[0]);
		snprintf(why, whylen, "server did not start");
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Mechanisms: client side                                             */
/* ------------------------------------------------------------------ */

struct peer {
	const struct mech *m;
	bool ok;
	pid_t pid;		/* server process */
	int fd;			/* pipe/unix: write end; stplr, binder: device */
	int rfd;		/* pipe/unix: read end */
	uint32_t coid;
	void *map;		/* binder receive area */
	bool have_free;		/* binder: reply buffer to free next time */
	binder_uintptr_t to_free;
	char why[160];
};

struct mech {
	const char *name;
	bool oneway;
	int (*start)(struct peer *p);
	/* One call of @len bytes; *reply points at the reply data. */
	int (*call)(struct peer *p, size_t len, const unsigned char **reply);
};

static int pipe_start(struct peer *p)
{
	int req[2], rep[2];
	uint32_t tok;

	if (pipe2(req, O_CLOEXEC) || pipe2(rep, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	p->pid = spawn_server(SRV_FD, req[0], rep[1], &tok, p->why,
			      sizeof(p->why));
	close(req[0]);
	close(rep[1]);
	p->fd = req[1];
	p->rfd = rep[0];
	return p->pid < 0 ? -1 : 0;
}

static int unix_start(struct peer *p)
{
	int sv[2];
	uint32_t tok;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		die("socketpair: %s", strerror(errno));
	p->pid = spawn_server(SRV_FD, sv[1], sv[1], &tok, p->why,
			      sizeof(p->why));
	close(sv[1]);
	p->fd = sv[0];
	p->rfd = sv[0];
	return p->pid < 0 ? -1 : 0;
}

static int fd_call(struct peer *p, size_t len, const unsigned char **reply)
{
	int ret = write_full(p->fd, sbuf, len);

	if (!ret)
		ret = read_full(p->rfd, rbuf, len);
	*reply = rbuf;
	return ret;
}

static int stplr_start(struct peer *p)
{
	struct stplr_query q;
	uint32_t chid;
	int ret;

	p->pid = spawn_server(SRV_STPLR, -1, -1, &chid, p->why, sizeof(p->why));
	if (p->pid < 0)
		return -1;
	ret = stplr_ctx_open(opt.device, &p->fd);
	if (!ret)
		ret = stplr_query(p->fd, &q);
	if (!ret && q.major != STPLR_VERSION_MAJOR)
		ret = -EPROTO;
	if (!ret && q.max_msg_size < max_size)
		ret = -E2BIG;
	if (!ret)
		ret = stplr_connect(p->fd, p->pid, chid, 0, &p->coid);
	if (ret) {
		snprintf(p->why, sizeof(p->why), "client setup: %s",
			 strerror(-ret));
		return -1;
	}
	return 0;
}

static int stplr_call(struct peer *p, size_t len, const unsigned char **reply)
{
	struct stplr_send_result res;
	int ret;

	ret = stplr_msg_send(p->fd, p->coid, sbuf, len, rbuf, len,
			     STPLR_TIMEOUT_NONE, &res);
	if (ret)
		return ret;
	*reply = rbuf;
	return res.len == len ? 0 : -EPROTO;
}

static int stplr_oneway_call(struct peer *p, size_t len,
			     const unsigned char **reply)
{
	*reply = NULL;
	return stplr_msg_send_oneway(p->fd, p->coid, sbuf, len,
				     STPLR_TIMEOUT_NONE);
}

static int binder_start(struct peer *p)
{
	uint32_t tok;

	p->pid = spawn_server(SRV_BINDER, -1, -1, &tok, p->why, sizeof(p->why));
	if (p->pid < 0)
		return -1;
	if (binder_open_map(&p->fd, &p->map, p->why, sizeof(p->why)))
		return -1;
	return 0;
}

static int binder_call(struct peer *p, size_t len, const unsigned char **reply)
{
	struct binder_transaction_data tr;
	struct bbuf out = { .len = 0 };
	unsigned char in[256];
	bool done = false;
	long n;

	/* The previous reply's buffer is freed with this request. */
	if (p->have_free) {
		bput_cmd(&out, BC_FREE_BUFFER);
		bput(&out, &p->to_free, sizeof(p->to_free));
		p->have_free = false;
	}
	memset(&tr, 0, sizeof(tr));
	tr.target.handle = 0;
	tr.code = BINDER_CODE_ECHO;
	tr.data_size = len;
	tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)sbuf;
	bput_cmd(&out, BC_TRANSACTION);
	bput(&out, &tr, sizeof(tr));

	while (!done) {
		size_t pos = 0;

		n = binder_wr(p->fd, &out, in, sizeof(in));
		if (n < 0)
			return (int)n;
		while (pos + sizeof(uint32_t) <= (size_t)n) {
			uint32_t cmd;
			size_t arg;

			memcpy(&cmd, in + pos, sizeof(cmd));
			pos += sizeof(cmd);
			arg = _IOC_SIZE(cmd);
			if (pos + arg > (size_t)n)
				return -EPROTO;
			switch (cmd) {
			case BR_REPLY:
				memcpy(&tr, in + pos, sizeof(tr));
				p->to_free = tr.data.ptr.buffer;
				p->have_free = true;
				if (tr.flags & TF_STATUS_CODE || tr.data_size != len)
					return -EPROTO;
				*reply = (const unsigned char *)(uintptr_t)tr.data.ptr.buffer;
				done = true;
				break;
			case BR_DEAD_REPLY:
				return -ESRCH;
			case BR_FAILED_REPLY:
			case BR_ERROR:
				return -EIO;
			default:	/* BR_NOOP, BR_TRANSACTION_COMPLETE */
				break;
			}
			pos += arg;
		}
	}
	return 0;
}

static const struct mech mechs[] = {
	{ "stplr", false, stplr_start, stplr_call },
	{ "pipe", false, pipe_start, fd_call },
	{ "unix", false, unix_start, fd_call },
	{ "binder", false, binder_start, binder_call },
	{ "stplr-oneway", true, stplr_start, stplr_oneway_call },
};
#define N_MECHS (sizeof(mechs) / sizeof(mechs[0]))

static void peer_stop(struct peer *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
		p->pid = 0;
	}
	if (p->map)
		munmap(p->map, BINDER_MAP_LEN);
	if (p->fd > 0)
		close(p->fd);
	if (p->rfd > 0 && p->rfd != p->fd)
		close(p->rfd);
	p->map = NULL;
	p->fd = p->rfd = -1;
}

/* ------------------------------------------------------------------ */
/* Measurement                                                         */
/* ------------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void set_header(size_t len)
{
	uint64_t hdr = len;

	memcpy(sbuf, &hdr, sizeof(hdr));
}

/* Per-mechanism state of the size being measured. */
struct cell {
	uint64_t *lat;		/* opt.max_iters entries */
	unsigned long n;	/* calls to time */
	unsigned long done;	/* calls timed so far */
	unsigned long warm;	/* warm-up calls */
	uint64_t sum;
	uint64_t busy_ns;	/* wall time of the timed chunks */
};

static void call_failed(struct peer *p, size_t len, int ret)
{
	fprintf(stderr, "ipcbench: %s %zu: call failed: %s\n", p->m->name, len,
		strerror(-ret));
}

/*
 * Warm up @p at @len and size its measurement: at least 20 calls and
 * --warmup seconds; N = --target seconds / mean warm-up call.  The reply
 * is then checked byte for byte.
 */
static int warm_up(struct peer *p, size_t len, struct cell *c)
{
	const unsigned char *reply = NULL;
	uint64_t t0, t1, warm_ns = (uint64_t)(opt.warmup_s * 1e9);
	unsigned long k = 0;
	double n;
	int ret;

	t0 = now_ns();
	do {
		ret = p->m->call(p, len, &reply);
		if (ret) {
			call_failed(p, len, ret);
			return -1;
		}
		k++;
		t1 = now_ns();
	} while (k < 20 || t1 - t0 < warm_ns);
	if (reply && memcmp(reply, sbuf, len)) {
		fprintf(stderr, "ipcbench: %s %zu: reply differs from request\n",
			p->m->name, len);
		return -1;
	}
	n = opt.target_s * 1e9 / ((double)(t1 - t0) / (double)k);
	c->n = n < (double)opt.min_iters ? opt.min_iters :
		n > (double)opt.max_iters ? opt.max_iters : (unsigned long)n;
	c->warm = k;
	c->done = 0;
	c->sum = 0;
	c->busy_ns = 0;
	return 0;
}

/* Time @count more calls of @p, one by one. */
static int measure(struct peer *p, size_t len, struct cell *c,
		   unsigned long count)
{
	const unsigned char *reply;
	uint64_t t0, t1, t2;
	unsigned long i;
	int ret;

	t0 = now_ns();
	for (i = 0; i < count && c->done < c->n; i++) {
		t1 = now_ns();
		ret = p->m->call(p, len, &reply);
		t2 = now_ns();
		if (ret) {
			call_failed(p, len, ret);
			return -1;
		}
		c->lat[c->done++] = t2 - t1;
		c->sum += t2 - t1;
	}
	c->busy_ns += now_ns() - t0;
	return 0;
}

/* Drop a mechanism that failed during measurement; keep the others. */
static void drop_peer(struct peer *p, size_t len, FILE *csv,
		      unsigned int *n_ok, bool *failed)
{
	fprintf(csv, "# failed=%s: at size %zu\n", p->m->name, len);
	p->ok = false;
	peer_stop(p);
	*failed = true;
	(*n_ok)--;
}

static void report_cell(struct peer *p, size_t len, struct cell *c, FILE *csv)
{
	unsigned long n = c->done;
	uint64_t *lat = c->lat;
	double med, p99;
	size_t r99;

	qsort(lat, n, sizeof(lat[0]), cmp_u64);
	med = n % 2 ? (double)lat[n / 2] :
		((double)lat[n / 2 - 1] + (double)lat[n / 2]) / 2;
	r99 = (size_t)((99 * (uint64_t)n + 99) / 100);	/* ceil(0.99 n) */
	p99 = (double)lat[r99 - 1];
	fprintf(csv, "%s,%zu,%s,%lu,%lu,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f\n",
		p->m->name, len, pin_name(), n, c->warm, med / 1e3, p99 / 1e3,
		(double)c->sum / (double)n / 1e3, (double)lat[0] / 1e3,
		(double)lat[n - 1] / 1e3, (double)c->busy_ns / 1e9);
	fflush(csv);
	fprintf(stderr, "  %-13s %8zu B  n=%-7lu median %10.1f us  p99 %10.1f us\n",
		p->m->name, len, n, med / 1e3, p99 / 1e3);
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */
/* ------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ipcbench [options]\n"
		"  -m, --mechs LIST     comma-separated mechanisms (default\n"
		"                       stplr,pipe,unix,binder,stplr-oneway)\n"
		"  -s, --sizes LIST     payload sizes, suffix k or m allowed, at least %d\n"
		"                       (default 64,1k,16k,256k,1m)\n"
		"  -t, --target SEC     measured time per cell (default 3)\n"
		"  -w, --warmup SEC     warm-up time per cell (default 0.5)\n"
		"      --min-iters N    at least N timed calls per cell (default 20)\n"
		"      --max-iters N    at most N timed calls per cell (default 500000)\n"
		"  -r, --rounds N       time each size in N chunks per mechanism, the\n"
		"                       mechanisms taking turns (default 10)\n"
		"  -o, --csv FILE       write the CSV there (default stdout)\n"
		"  -p, --pin MODE       none (default), same (client and servers on CPU 0),\n"
		"                       split (client on CPU 0, servers on CPU 1)\n"
		"  -d, --device N       stapler device /dev/stplr-N (default 0)\n"
		"  -h, --help           this text\n", HDR_LEN);
}

static int parse_size(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end == 'k' || *end == 'K') {
		v <<= 10;
		end++;
	} else if (*end == 'm' || *end == 'M') {
		v <<= 20;
		end++;
	}
	if (*end || v < HDR_LEN || v > (64u << 20))
		return -1;
	*out = (size_t)v;
	return 0;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int parse_ulong(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return (errno || end == s || *end || *out == 0) ? -1 : 0;
}

static int parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mechs", required_argument, NULL, 'm' },
		{ "sizes", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "min-iters", required_argument, NULL, 'N' },
		{ "max-iters", required_argument, NULL, 'X' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "csv", required_argument, NULL, 'o' },
		{ "pin", required_argument, NULL, 'p' },
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char mechs_default[] = "stplr,pipe,unix,binder,stplr-oneway";
	static char sizes_default[] = "64,1k,16k,256k,1m";
	char *mech_list = mechs_default, *size_list = sizes_default;
	char *tok, *save;
	unsigned long v;
	unsigned int i;
	int c;

	while ((c = getopt_long(argc, argv, "m:s:t:w:r:o:p:d:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'm':
			mech_list = optarg;
			break;
		case 's':
			size_list = optarg;
			break;
		case 't':
			if (parse_double(optarg, 0.001, 3600, &opt.target_s))
				goto bad;
			break;
		case 'w':
			if (parse_double(optarg, 0, 3600, &opt.warmup_s))
				goto bad;
			break;
		case 'N':
			if (parse_ulong(optarg, &opt.min_iters))
				goto bad;
			break;
		case 'X':
			if (parse_ulong(optarg, &opt.max_iters))
				goto bad;
			break;
		case 'r':
			if (parse_ulong(optarg, &v) || v > 1000)
				goto bad;
			opt.rounds = (unsigned int)v;
			break;
		case 'o':
			opt.csv = optarg;
			break;
		case 'p':
			if (!strcmp(optarg, "none"))
				opt.pin = PIN_NONE;
			else if (!strcmp(optarg, "same"))
				opt.pin = PIN_SAME;
			else if (!strcmp(optarg, "split"))
				opt.pin = PIN_SPLIT;
			else
				goto bad;
			break;
		case 'd': {
			char *end;

			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || v > INT_MAX)
				goto bad;
			opt.device = (int)v;
			break;
		}
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "ipcbench: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return -1;
	}
	if (opt.min_iters > opt.max_iters) {
		fprintf(stderr, "ipcbench: --min-iters is above --max-iters\n");
		return -1;
	}
	for (tok = strtok_r(mech_list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < N_MECHS && strcmp(mechs[i].name, tok); i++)
			;
		if (i == N_MECHS || opt.n_mechs == MAX_MECHS) {
			fprintf(stderr, "ipcbench: unknown or too many mechanisms at '%s'\n",
				tok);
			return -1;
		}
		opt.mechs[opt.n_mechs++] = mechs[i].name;
	}
	for (tok = strtok_r(size_list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (opt.n_sizes == MAX_SIZES ||
		    parse_size(tok, &opt.sizes[opt.n_sizes])) {
			fprintf(stderr, "ipcbench: bad size '%s' (%d B to 64 MiB)\n",
				tok, HDR_LEN);
			return -1;
		}
		opt.n_sizes++;
	}
	if (!opt.n_mechs || !opt.n_sizes) {
		fprintf(stderr, "ipcbench: nothing to measure\n");
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "ipcbench: invalid value '%s' for -%c\n", optarg, c);
	usage(stderr);
	return -1;
}

int main(int argc, char **argv)
{
	struct peer peers[MAX_MECHS];
	unsigned int i, j, n_ok = 0;
	bool failed = false;
	struct utsname uts;
	char loadavg[128] = "?";
	struct cell cells[MAX_MECHS];
	FILE *csv = stdout, *f;

	if (parse_args(argc, argv))
		return 2;
	for (i = 0; i < opt.n_sizes; i++)
		if (opt.sizes[i] > max_size)
			max_size = opt.sizes[i];
	sbuf = alloc_buf(max_size);
	rbuf = alloc_buf(max_size);
	if (!sbuf || !rbuf)
		die("out of memory");
	memset(cells, 0, sizeof(cells));
	for (i = 0; i < opt.n_mechs; i++) {
		cells[i].lat = calloc(opt.max_iters, sizeof(uint64_t));
		if (!cells[i].lat)
			die("out of memory");
	}
	for (i = 0; i < max_size; i++)
		sbuf[i] = (unsigned char)(i * 131 + 7);
	if (opt.csv) {
		csv = fopen(opt.csv, "w");
		if (!csv)
			die("%s: %s", opt.csv, strerror(errno));
	}
	signal(SIGPIPE, SIG_IGN);

	/* Servers first, then the client side of each. */
	memset(peers, 0, sizeof(peers));
	for (i = 0; i < opt.n_mechs; i++) {
		struct peer *p = &peers[i];

		for (j = 0; strcmp(mechs[j].name, opt.mechs[i]); j++)
			;
		p->m = &mechs[j];
		p->fd = p->rfd = -1;
		p->ok = p->m->start(p) == 0;
		if (p->ok) {
			n_ok++;
		} else {
			fprintf(stderr, "ipcbench: %s unavailable: %s\n",
				p->m->name, p->why);
			peer_stop(p);
			failed = true;
		}
	}
	if (opt.pin != PIN_NONE)
		pin_to(0);

	if (uname(&uts) == 0)
		fprintf(csv, "# kernel=%s %s\n", uts.release, uts.machine);
	fprintf(csv, "# cpus_online=%ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fgets(loadavg, sizeof(loadavg), f))
			loadavg[strcspn(loadavg, "\n")] = '\0';
		fclose(f);
	}
	fprintf(csv, "# loadavg_start=%s\n", loadavg);
	fprintf(csv, "# pin=%s\n", pin_name());
	fprintf(csv, "# target_s=%.3f\n# warmup_s=%.3f\n# rounds=%u\n",
		opt.target_s, opt.warmup_s, opt.rounds);
	fprintf(csv, "# payload=echo: request of SIZE bytes, reply of SIZE bytes (one-way: request only)\n");
	for (i = 0; i < opt.n_mechs; i++)
		if (!peers[i].ok)
			fprintf(csv, "# unavailable=%s: %s\n", peers[i].m->name,
				peers[i].why);
	fprintf(csv, "mech,size,pin,iters,warmup_iters,median_us,p99_us,mean_us,min_us,max_us,seconds\n");
	fflush(csv);

	/*
	 * Size by size.  Every mechanism is warmed up, then the timed calls
	 * are made in --rounds chunks, the mechanisms taking turns chunk by
	 * chunk, so that a change of machine load (other guests on the host)
	 * lands on all of them alike.
	 */
	for (j = 0; j < opt.n_sizes && n_ok; j++) {
		size_t len = opt.sizes[j];
		unsigned int r;
		uint64_t t0;

		fprintf(stderr, "ipcbench: size %zu\n", len);
		set_header(len);
		for (i = 0; i < opt.n_mechs; i++)
			if (peers[i].ok && warm_up(&peers[i], len, &cells[i]))
				drop_peer(&peers[i], len, csv, &n_ok, &failed);
		t0 = now_ns();
		for (r = 0; r < opt.rounds; r++) {
			for (i = 0; i < opt.n_mechs; i++) {
				struct cell *c = &cells[i];
				unsigned long chunk;

				if (!peers[i].ok)
					continue;
				chunk = (c->n + opt.rounds - 1) / opt.rounds;
				if (measure(&peers[i], len, c, chunk))
					drop_peer(&peers[i], len, csv, &n_ok,
						  &failed);
			}
			/* A much slower machine: stop at 3x the plan. */
			if (now_ns() - t0 > (uint64_t)(3e9 * opt.target_s * n_ok) &&
			    r + 1 < opt.rounds) {
				fprintf(stderr, "ipcbench: size %zu: over time, "
					"stopping after round %u of %u\n",
					len, r + 1, opt.rounds);
				fprintf(csv, "# short=size %zu: %u of %u rounds\n",
					len, r + 1, opt.rounds);
				break;
			}
		}
		for (i = 0; i < opt.n_mechs; i++)
			if (peers[i].ok)
				report_cell(&peers[i], len, &cells[i], csv);
	}

	for (i = 0; i < opt.n_mechs; i++)
		peer_stop(&peers[i]);
	if (csv != stdout && fclose(csv))
		die("%s: %s", opt.csv, strerror(errno));
	for (i = 0; i < opt.n_mechs; i++)
		free(cells[i].lat);
	return failed ? 1 : 0;
}
