// SPDX-License-Identifier: GPL-2.0
/*
 * ipcbench: stapler against every local IPC peer, in one run.
 *
 * Three phases (--phases, default all of them), every mechanism measured
 * in the same process run so that ratios are comparable:
 *
 *   lat   round-trip latency of one synchronous request/reply between two
 *         processes (an echo: SIZE bytes each way), per call, with
 *         median, p99 and p99.9.  The floors (memcpy, pvm) run here too.
 *   ow    one-way throughput: a stream of SIZE-byte messages to a server
 *         that checks and counts them; the clock stops when the server
 *         has counted the last one.
 *   tput  round-trip throughput with 1 and 4 client threads against a
 *         server pool (the pool takes messages from one queue where the
 *         mechanism has one: stapler, binder, mqueue; one thread per
 *         client connection otherwise).
 *
 * Method.  Each mechanism of a phase has its own server process (forked
 * once).  In the latency phase, for each size every mechanism is warmed
 * up (--warmup seconds, at least 5 calls); the warm-up's mean sets N so
 * that the timed calls take about --target seconds; the N calls are made
 * in --rounds chunks, the mechanisms taking turns chunk by chunk, so that
 * a change of host load lands on all of them alike.  Each chunk's median
 * is kept: the spread of a ratio over the rounds is reported with it.
 * The other phases take turns the same way (--ow-rounds, --tput-rounds).
 *
 * Checks.  Every payload carries the call's sequence number in its first
 * and last 8 bytes.  In the latency phase every reply is compared byte for
 * byte with its request (outside the timed interval); in the throughput
 * phase every reply's stamps are checked and every 64th reply in full;
 * one-way servers check the stamps of every message.  A failed check
 * fails the mechanism and the run.
 *
 * Output: CSV (--csv FILE, default stdout) with '#' metadata lines, then
 *   kind,mech,size,pin,clients,n,median_us,p99_us,p999_us,mean_us,min_us,
 *   max_us,rate_per_s,retries,rounds
 * kind is lat, ow or tput; for ow and tput, median_us is the time per
 * message or call over the whole cell and rate_per_s its inverse; rounds
 * holds the per-round values (lat: median us; ow, tput: us per message)
 * separated by ';'.  Progress goes to stderr.
 *
 * --trace N runs one mechanism at one size for N calls (or, with
 * --trace-oneway, N one-way messages) after a warm-up, with tracing on
 * (tracefs tracing_on) only around those N: bench/trace-breakdown uses it.
 *
 * Exit status: 0 when every mechanism ran and every check passed, 1
 * otherwise, 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "ipcbench.h"

#define MAX_MECHS	16
#define MAX_SIZES	32
#define MAX_ROUNDS	100
#define FULL_CHECK_EVERY 64

int ipcb_device;
enum ipcb_pin ipcb_pin_mode = IPCB_PIN_NONE;

static const struct ipcb_mech *const all_mechs[] = {
	&ipcb_stplr, &ipcb_pipe, &ipcb_unix_stream, &ipcb_unix_seqpacket,
	&ipcb_futex_shm, &ipcb_mqueue, &ipcb_binder, &ipcb_memcpy, &ipcb_pvm,
	&ipcb_stplr_oneway, &ipcb_stplr_pulse,
};
#define N_ALL (sizeof(all_mechs) / sizeof(all_mechs[0]))

struct list {
	const struct ipcb_mech *m[MAX_MECHS];
	unsigned int n;
};

struct sizes {
	size_t v[MAX_SIZES];
	unsigned int n;
};

static struct {
	struct list lat, ow, tput;
	struct sizes lat_sizes, ow_sizes, tput_sizes;
	unsigned int tput_clients[4], n_tput_clients;
	bool do_lat, do_ow, do_tput;
	double target_s, warmup_s, ow_s, tput_s;
	unsigned long min_iters, max_iters;
	unsigned int rounds, ow_rounds, tput_rounds;
	const char *csv;
	unsigned long trace_n;
	bool trace_oneway;
	const char *trace_dir;
} opt = {
	.target_s = 1.0, .warmup_s = 0.3, .ow_s = 1.0, .tput_s = 1.2,
	.min_iters = 20, .max_iters = 200000,
	.rounds = 10, .ow_rounds = 7, .tput_rounds = 5,
	.do_lat = true, .do_ow = true, .do_tput = true,
	.trace_dir = "/sys/kernel/tracing",
};

static FILE *csv;
static bool failed;
static bool ow_trace_off;	/* trace mode: tracing off before the drain */

static int write_file(const char *dir, const char *name, const char *text);

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

/* ------------------------------------------------------------------ */
/* Helpers for the mechanisms                                          */
/* ------------------------------------------------------------------ */

/* Anonymous, pre-faulted buffer: no page faults while timing. */
unsigned char *ipcb_alloc(size_t len, bool shared)
{
	void *p = mmap(NULL, len ? len : 1, PROT_READ | PROT_WRITE,
		       (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0x5a, len);
	return p;
}

void ipcb_pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* Best effort: a guest with one CPU simply has everything on it. */
	(void)sched_setaffinity(0, sizeof(set), &set);
}

int ipcb_write_full(int fd, const void *buf, size_t len)
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

int ipcb_read_full(int fd, void *buf, size_t len)
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

uint64_t ipcb_stamp_get(const unsigned char *msg, size_t len)
{
	uint64_t v = 0;

	if (len >= sizeof(v))
		memcpy(&v, msg, sizeof(v));
	return v;
}

static uint64_t stamp_last(const unsigned char *msg, size_t len)
{
	uint64_t v = 0;

	if (len >= sizeof(v))
		memcpy(&v, msg + len - sizeof(v), sizeof(v));
	return v;
}

static void stamp_set(unsigned char *msg, size_t len, uint64_t seq)
{
	memcpy(msg + len - sizeof(seq), &seq, sizeof(seq));
	memcpy(msg, &seq, sizeof(seq));
}

void ipcb_oneway_got(struct ipcb_srv *s, const unsigned char *msg, size_t len)
{
	uint64_t want = ctl_load(&s->ctl->count) + 1;

	if (len != ctl_load(&s->ctl->size) ||
	    ipcb_stamp_get(msg, len) != want || stamp_last(msg, len) != want)
		ctl_add(&s->ctl->bad, 1);
	ctl_store(&s->ctl->count, want);
}

/* ------------------------------------------------------------------ */
/* Servers                                                             */
/* ------------------------------------------------------------------ */

struct ready_msg {
	int32_t err;		/* 0, or a failure (why is set) */
	uint32_t pad;
	uint64_t token;
	char why[120];
};

struct thread_arg {
	struct ipcb_srv *s;
	unsigned int t;
};

static void *serve_thread(void *p)
{
	struct thread_arg *a = p;

	_exit(a->s->m->serve(a->s, a->t));
	return NULL;
}

/* Fork the server of @s, run its threads; wait up to 20 s for it. */
int ipcb_server_fork(struct ipcb_srv *s)
{
	struct ready_msg msg;
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
		static struct thread_arg args[IPCB_MAX_CLIENTS];
		const char *why = NULL;
		pthread_t th;
		unsigned int t;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(1);
		close(rp[0]);
		if (ipcb_pin_mode == IPCB_PIN_SAME)
			ipcb_pin_to(0);
		else if (ipcb_pin_mode == IPCB_PIN_SPLIT)
			ipcb_pin_to(1);
		if (s->m->child_init)
			why = s->m->child_init(s);
		memset(&msg, 0, sizeof(msg));
		msg.err = why != NULL;
		msg.token = s->token;
		if (why)
			snprintf(msg.why, sizeof(msg.why), "%s", why);
		(void)ipcb_write_full(rp[1], &msg, sizeof(msg));
		close(rp[1]);
		if (why)
			_exit(1);
		for (t = 1; t < s->threads; t++) {
			args[t].s = s;
			args[t].t = t;
			if (pthread_create(&th, NULL, serve_thread, &args[t]))
				_exit(1);
		}
		args[0].s = s;
		args[0].t = 0;
		serve_thread(&args[0]);
	}
	close(rp[1]);
	pfd.fd = rp[0];
	pfd.events = POLLIN;
	ret = poll(&pfd, 1, 20000);
	if (ret == 1 && ipcb_read_full(rp[0], &msg, sizeof(msg)) == 0) {
		close(rp[0]);
		if (!msg.err) {
			s->token = msg.token;
			s->pid = pid;
			return 0;
		}
		msg.why[sizeof(msg.why) - 1] = '\0';
		snprintf(s->why, sizeof(s->why), "%s", msg.why);
	} else {
		close(rp[0]);
		snprintf(s->why, sizeof(s->why), "server did not start");
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static struct ipcb_srv *srv_new(const struct ipcb_mech *m,
				unsigned int threads, size_t max_size)
{
	struct ipcb_srv *s = calloc(1, sizeof(*s));
	unsigned int i;

	if (!s)
		die("out of memory");
	s->m = m;
	s->threads = threads;
	s->max_size = max_size;
	for (i = 0; i < 2 * IPCB_MAX_CLIENTS; i++)
		s->fds[i] = s->cfds[i] = -1;
	s->ctl = (struct ipcb_ctl *)ipcb_alloc(sizeof(*s->ctl), true);
	if (!s->ctl)
		die("out of memory");
	memset(s->ctl, 0, sizeof(*s->ctl));
	if (m->start(s)) {
		fprintf(stderr, "ipcbench: %s unavailable: %s\n", m->name, s->why);
		fprintf(csv, "# unavailable=%s: %s\n", m->name, s->why);
		failed = true;
		free(s);
		return NULL;
	}
	return s;
}

static void srv_free(struct ipcb_srv *s)
{
	if (!s)
		return;
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	if (s->m->stop)
		s->m->stop(s);
	munmap(s->ctl, sizeof(*s->ctl));
	if (s->shm)
		munmap(s->shm, s->shm_len);
	free(s);
}

static struct ipcb_conn *conn_new(struct ipcb_srv *s, unsigned int idx)
{
	struct ipcb_conn *c = calloc(1, sizeof(*c));
	size_t i;
	int ret;

	if (!c)
		die("out of memory");
	c->srv = s;
	c->idx = idx;
	c->fd = c->rfd = -1;
	c->sbuf = ipcb_alloc(s->max_size, false);
	c->rbuf = ipcb_alloc(s->max_size, false);
	if (!c->sbuf || !c->rbuf)
		die("out of memory");
	for (i = 0; i < s->max_size; i++)
		c->sbuf[i] = (unsigned char)(i * 131 + 7 + idx);
	ret = s->m->open(s, c);
	if (ret) {
		fprintf(stderr, "ipcbench: %s: client setup: %s\n", s->m->name,
			strerror(-ret));
		fprintf(csv, "# unavailable=%s: client setup: %s\n", s->m->name,
			strerror(-ret));
		failed = true;
		free(c);
		return NULL;
	}
	return c;
}

static void conn_free(struct ipcb_conn *c)
{
	if (!c)
		return;
	if (c->srv->m->close)
		c->srv->m->close(c);
	munmap(c->sbuf, c->srv->max_size);
	munmap(c->rbuf, c->srv->max_size);
	if (c->tmp)
		munmap(c->tmp, c->srv->max_size);
	free(c);
}

static bool fits(const struct ipcb_mech *m, size_t len)
{
	return !m->max_size || len <= m->max_size;
}

/* ------------------------------------------------------------------ */
/* Statistics and output                                               */
/* ------------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double median_sorted(const uint64_t *v, size_t n)
{
	return n % 2 ? (double)v[n / 2] :
		((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

/* Nearest rank: the smallest value with at least @pm per mille below. */
static double rank_sorted(const uint64_t *v, size_t n, unsigned int pm)
{
	size_t r = (size_t)(((uint64_t)pm * n + 999) / 1000);

	return (double)v[(r ? r : 1) - 1];
}

static const char *pin_name(void)
{
	return ipcb_pin_mode == IPCB_PIN_NONE ? "none" :
		ipcb_pin_mode == IPCB_PIN_SAME ? "same" : "split";
}

static void csv_row(const char *kind, const char *mech, size_t size,
		    unsigned int clients, unsigned long n, const double st[6],
		    double rate, uint64_t retries, const double *rounds,
		    unsigned int n_rounds)
{
	unsigned int r;

	fprintf(csv, "%s,%s,%zu,%s,%u,%lu,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.1f,%llu,",
		kind, mech, size, pin_name(), clients, n, st[0], st[1], st[2],
		st[3], st[4], st[5], rate, (unsigned long long)retries);
	for (r = 0; r < n_rounds; r++)
		fprintf(csv, "%s%.3f", r ? ";" : "", rounds[r]);
	fputc('\n', csv);
	fflush(csv);
}

static void call_failed(const struct ipcb_mech *m, size_t len, const char *what)
{
	fprintf(stderr, "ipcbench: %s %zu: %s\n", m->name, len, what);
	fprintf(csv, "# failed=%s: size %zu: %s\n", m->name, len, what);
	failed = true;
}

/* ------------------------------------------------------------------ */
/* Latency phase                                                       */
/* ------------------------------------------------------------------ */

struct cell {
	uint64_t *lat;
	unsigned long n, done, warm;
	unsigned long round_start[MAX_ROUNDS + 1];
	unsigned int rounds_done;
	uint64_t seq;
	bool ok;
};

/* One checked round trip; *ns gets its time. */
static int one_call(struct ipcb_conn *c, size_t len, uint64_t seq,
		    uint64_t *ns)
{
	const unsigned char *reply = NULL;
	uint64_t t1, t2;
	int ret;

	stamp_set(c->sbuf, len, seq);
	t1 = now_ns();
	ret = c->srv->m->call(c, len, &reply);
	t2 = now_ns();
	*ns = t2 - t1;
	if (ret) {
		call_failed(c->srv->m, len, strerror(-ret));
		return -1;
	}
	if (reply && memcmp(reply, c->sbuf, len)) {
		call_failed(c->srv->m, len, "reply differs from request");
		return -1;
	}
	return 0;
}

static int warm_up(struct ipcb_conn *c, size_t len, struct cell *cl)
{
	uint64_t t0 = now_ns(), ns, warm = (uint64_t)(opt.warmup_s * 1e9);
	unsigned long k = 0;
	double n;

	do {
		if (one_call(c, len, ++cl->seq, &ns))
			return -1;
		k++;
	} while (k < 5 || now_ns() - t0 < warm);
	n = opt.target_s * 1e9 / ((double)(now_ns() - t0) / (double)k);
	cl->n = n < (double)opt.min_iters ? opt.min_iters :
		n > (double)opt.max_iters ? opt.max_iters : (unsigned long)n;
	cl->warm = k;
	cl->done = 0;
	cl->rounds_done = 0;
	return 0;
}

static void report_lat(const struct ipcb_mech *m, size_t len, struct cell *cl)
{
	double st[6], rounds[MAX_ROUNDS], sum = 0;
	unsigned long n = cl->done, i;
	unsigned int r;

	if (!n)
		return;
	for (r = 0; r < cl->rounds_done; r++) {
		unsigned long a = cl->round_start[r], b = cl->round_start[r + 1];

		qsort(cl->lat + a, b - a, sizeof(uint64_t), cmp_u64);
		rounds[r] = b > a ? median_sorted(cl->lat + a, b - a) / 1e3 : 0;
	}
	for (i = 0; i < n; i++)
		sum += (double)cl->lat[i];
	qsort(cl->lat, n, sizeof(uint64_t), cmp_u64);
	st[0] = median_sorted(cl->lat, n) / 1e3;
	st[1] = rank_sorted(cl->lat, n, 990) / 1e3;
	st[2] = rank_sorted(cl->lat, n, 999) / 1e3;
	st[3] = sum / (double)n / 1e3;
	st[4] = (double)cl->lat[0] / 1e3;
	st[5] = (double)cl->lat[n - 1] / 1e3;
	csv_row("lat", m->name, len, 1, n, st, 1e6 / st[3], 0, rounds,
		cl->rounds_done);
	fprintf(stderr, "  lat %-15s %8zu B  n=%-7lu median %9.1f us  p99 %9.1f  p99.9 %9.1f\n",
		m->name, len, n, st[0], st[1], st[2]);
}

static void phase_lat(void)
{
	struct ipcb_srv *srv[MAX_MECHS] = { NULL };
	struct ipcb_conn *con[MAX_MECHS] = { NULL };
	struct cell cells[MAX_MECHS];
	size_t max = 0;
	unsigned int i, j, r;

	for (j = 0; j < opt.lat_sizes.n; j++)
		if (opt.lat_sizes.v[j] > max)
			max = opt.lat_sizes.v[j];
	memset(cells, 0, sizeof(cells));
	for (i = 0; i < opt.lat.n; i++) {
		srv[i] = srv_new(opt.lat.m[i], 1, max);
		if (srv[i])
			con[i] = conn_new(srv[i], 0);
		cells[i].ok = con[i] != NULL;
		cells[i].lat = calloc(opt.max_iters, sizeof(uint64_t));
		if (!cells[i].lat)
			die("out of memory");
	}
	for (j = 0; j < opt.lat_sizes.n; j++) {
		size_t len = opt.lat_sizes.v[j];
		uint64_t t0;

		fprintf(stderr, "ipcbench: latency, size %zu\n", len);
		for (i = 0; i < opt.lat.n; i++) {
			if (!cells[i].ok || !fits(opt.lat.m[i], len))
				continue;
			ctl_store(&srv[i]->ctl->size, len);
			if (warm_up(con[i], len, &cells[i]))
				cells[i].ok = false;
		}
		t0 = now_ns();
		for (r = 0; r < opt.rounds; r++) {
			unsigned int live = 0;

			for (i = 0; i < opt.lat.n; i++) {
				struct cell *cl = &cells[i];
				unsigned long chunk, k;
				uint64_t ns;

				if (!cl->ok || !fits(opt.lat.m[i], len))
					continue;
				live++;
				chunk = (cl->n + opt.rounds - 1) / opt.rounds;
				cl->round_start[r] = cl->done;
				for (k = 0; k < chunk && cl->done < cl->n; k++) {
					if (one_call(con[i], len, ++cl->seq, &ns)) {
						cl->ok = false;
						break;
					}
					cl->lat[cl->done++] = ns;
				}
				cl->round_start[r + 1] = cl->done;
				cl->rounds_done = r + 1;
			}
			/* A much slower machine: stop at 3x the plan. */
			if (now_ns() - t0 > (uint64_t)(3e9 * opt.target_s * live) &&
			    r + 1 < opt.rounds) {
				fprintf(stderr, "ipcbench: size %zu: over time, stopping after round %u of %u\n",
					len, r + 1, opt.rounds);
				fprintf(csv, "# short=lat size %zu: %u of %u rounds\n",
					len, r + 1, opt.rounds);
				break;
			}
		}
		for (i = 0; i < opt.lat.n; i++)
			if (cells[i].ok && fits(opt.lat.m[i], len))
				report_lat(opt.lat.m[i], len, &cells[i]);
	}
	for (i = 0; i < opt.lat.n; i++) {
		conn_free(con[i]);
		srv_free(srv[i]);
		free(cells[i].lat);
	}
}

/* ------------------------------------------------------------------ */
/* One-way phase                                                       */
/* ------------------------------------------------------------------ */

/* Wait until the server has counted @sent messages (10 s at most). */
static int ow_drain(struct ipcb_srv *s, uint64_t sent)
{
	uint64_t t0 = now_ns();
	unsigned long spins = 0;

	while (ctl_load(&s->ctl->count) < sent) {
		if (++spins > 100)
			usleep(50);
		else
			sched_yield();
		if (now_ns() - t0 > 10000000000ull)
			return -1;
	}
	return 0;
}

/* Send one-way messages for @ns (or exactly @count when not 0). */
static int ow_burst(struct ipcb_conn *c, size_t len, uint64_t ns,
		    unsigned long count, unsigned long *sent, uint64_t *took)
{
	struct ipcb_srv *s = c->srv;
	uint64_t t0, seq = 0;
	int ret;

	ctl_store(&s->ctl->count, 0);
	ctl_store(&s->ctl->bad, 0);
	t0 = now_ns();
	for (;;) {
		stamp_set(c->sbuf, len, ++seq);
		ret = s->m->send(c, len);
		if (ret) {
			call_failed(s->m, len, strerror(-ret));
			return -1;
		}
		if (count ? seq >= count : now_ns() - t0 >= ns)
			break;
	}
	if (ow_trace_off)
		(void)write_file(opt.trace_dir, "tracing_on", "0");
	if (ow_drain(s, seq)) {
		call_failed(s->m, len, "one-way messages lost (server count stuck)");
		return -1;
	}
	*took = now_ns() - t0;
	*sent = seq;
	if (ctl_load(&s->ctl->bad)) {
		call_failed(s->m, len, "one-way message with wrong contents");
		return -1;
	}
	return 0;
}

static void phase_ow(void)
{
	struct ipcb_srv *srv[MAX_MECHS] = { NULL };
	struct ipcb_conn *con[MAX_MECHS] = { NULL };
	bool ok[MAX_MECHS];
	double rounds[MAX_MECHS][MAX_ROUNDS];
	unsigned long tot_n[MAX_MECHS];
	uint64_t tot_ns[MAX_MECHS];
	size_t max = 0;
	unsigned int i, j, r;

	for (j = 0; j < opt.ow_sizes.n; j++)
		if (opt.ow_sizes.v[j] > max)
			max = opt.ow_sizes.v[j];
	for (i = 0; i < opt.ow.n; i++) {
		srv[i] = srv_new(opt.ow.m[i], 1, max);
		if (srv[i]) {
			ctl_store(&srv[i]->ctl->oneway, 1);
			con[i] = conn_new(srv[i], 0);
		}
		ok[i] = con[i] != NULL;
	}
	for (j = 0; j < opt.ow_sizes.n; j++) {
		size_t len = opt.ow_sizes.v[j];
		uint64_t slice = (uint64_t)(opt.ow_s * 1e9 / opt.ow_rounds), took;
		unsigned long sent;

		fprintf(stderr, "ipcbench: one-way, size %zu\n", len);
		for (i = 0; i < opt.ow.n; i++) {
			tot_n[i] = 0;
			tot_ns[i] = 0;
			con[i] ? con[i]->retries = 0 : 0;
			if (!ok[i] || !fits(opt.ow.m[i], len))
				continue;
			ctl_store(&srv[i]->ctl->size, len);
			if (ow_burst(con[i], len, slice / 2, 0, &sent, &took))
				ok[i] = false;
		}
		for (r = 0; r < opt.ow_rounds; r++)
			for (i = 0; i < opt.ow.n; i++) {
				if (!ok[i] || !fits(opt.ow.m[i], len))
					continue;
				if (ow_burst(con[i], len, slice, 0, &sent, &took)) {
					ok[i] = false;
					continue;
				}
				rounds[i][r] = (double)took / 1e3 / (double)sent;
				tot_n[i] += sent;
				tot_ns[i] += took;
			}
		for (i = 0; i < opt.ow.n; i++) {
			double st[6] = { 0 }, per;

			if (!ok[i] || !fits(opt.ow.m[i], len) || !tot_n[i])
				continue;
			per = (double)tot_ns[i] / 1e3 / (double)tot_n[i];
			st[0] = st[3] = per;
			csv_row("ow", opt.ow.m[i]->name, len, 1, tot_n[i], st,
				1e6 / per, con[i]->retries, rounds[i],
				opt.ow_rounds);
			fprintf(stderr, "  ow  %-15s %8zu B  n=%-7lu %9.2f us/msg  retries %llu\n",
				opt.ow.m[i]->name, len, tot_n[i], per,
				(unsigned long long)con[i]->retries);
		}
	}
	for (i = 0; i < opt.ow.n; i++) {
		conn_free(con[i]);
		srv_free(srv[i]);
	}
}

/* ------------------------------------------------------------------ */
/* Throughput phase                                                    */
/* ------------------------------------------------------------------ */

struct tput_thread {
	struct ipcb_conn *c;
	size_t len;
	_Atomic bool *stop;
	unsigned long calls;
	uint64_t seq;
	int err;
};

static void *tput_client(void *p)
{
	struct tput_thread *t = p;
	struct ipcb_conn *c = t->c;
	const unsigned char *reply;
	size_t len = t->len;
	int ret;

	while (!atomic_load(t->stop)) {
		stamp_set(c->sbuf, len, ++t->seq);
		reply = NULL;
		ret = c->srv->m->call(c, len, &reply);
		if (ret) {
			t->err = ret;
			break;
		}
		if (ipcb_stamp_get(reply, len) != t->seq ||
		    stamp_last(reply, len) != t->seq ||
		    (t->seq % FULL_CHECK_EVERY == 0 && memcmp(reply, c->sbuf, len))) {
			t->err = -EBADMSG;
			break;
		}
		t->calls++;
	}
	return NULL;
}

/* Run @n clients for @ns; return calls made, or -1. */
static long tput_run(struct ipcb_conn **con, unsigned int n, size_t len,
		     uint64_t ns, uint64_t *took)
{
	struct tput_thread th[IPCB_MAX_CLIENTS];
	pthread_t tid[IPCB_MAX_CLIENTS];
	_Atomic bool stop = false;
	struct timespec ts;
	unsigned long calls = 0;
	uint64_t t0;
	unsigned int k;
	int err = 0;

	memset(th, 0, sizeof(th));
	t0 = now_ns();
	for (k = 0; k < n; k++) {
		th[k].c = con[k];
		th[k].len = len;
		th[k].stop = &stop;
		th[k].seq = (uint64_t)k << 40;
		if (pthread_create(&tid[k], NULL, tput_client, &th[k]))
			die("pthread_create failed");
	}
	ts.tv_sec = (time_t)(ns / 1000000000u);
	ts.tv_nsec = (long)(ns % 1000000000u);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	atomic_store(&stop, true);
	for (k = 0; k < n; k++) {
		pthread_join(tid[k], NULL);
		calls += th[k].calls;
		if (th[k].err)
			err = th[k].err;
	}
	*took = now_ns() - t0;
	if (err) {
		call_failed(con[0]->srv->m, len, err == -EBADMSG ?
			    "reply differs from request" : strerror(-err));
		return -1;
	}
	return (long)calls;
}

static void phase_tput(unsigned int clients)
{
	struct ipcb_srv *srv[MAX_MECHS] = { NULL };
	struct ipcb_conn *con[MAX_MECHS][IPCB_MAX_CLIENTS];
	double rounds[MAX_MECHS][MAX_ROUNDS];
	unsigned long tot_n[MAX_MECHS];
	uint64_t tot_ns[MAX_MECHS];
	bool ok[MAX_MECHS];
	size_t max = 0;
	unsigned int i, j, k, r;

	for (j = 0; j < opt.tput_sizes.n; j++)
		if (opt.tput_sizes.v[j] > max)
			max = opt.tput_sizes.v[j];
	memset(con, 0, sizeof(con));
	for (i = 0; i < opt.tput.n; i++) {
		srv[i] = srv_new(opt.tput.m[i], clients, max);
		ok[i] = srv[i] != NULL;
		for (k = 0; ok[i] && k < clients; k++) {
			con[i][k] = conn_new(srv[i], k);
			ok[i] = con[i][k] != NULL;
		}
	}
	for (j = 0; j < opt.tput_sizes.n; j++) {
		size_t len = opt.tput_sizes.v[j];
		uint64_t slice = (uint64_t)(opt.tput_s * 1e9 / opt.tput_rounds), took;
		long calls;

		fprintf(stderr, "ipcbench: throughput, %u client(s), size %zu\n",
			clients, len);
		for (i = 0; i < opt.tput.n; i++) {
			tot_n[i] = 0;
			tot_ns[i] = 0;
			if (!ok[i] || !fits(opt.tput.m[i], len))
				continue;
			ctl_store(&srv[i]->ctl->size, len);
			if (tput_run(con[i], clients, len, slice / 3, &took) < 0)
				ok[i] = false;
		}
		for (r = 0; r < opt.tput_rounds; r++)
			for (i = 0; i < opt.tput.n; i++) {
				if (!ok[i] || !fits(opt.tput.m[i], len))
					continue;
				calls = tput_run(con[i], clients, len, slice, &took);
				if (calls <= 0) {
					if (calls == 0)
						call_failed(opt.tput.m[i], len,
							    "no call completed");
					ok[i] = false;
					continue;
				}
				rounds[i][r] = (double)took / 1e3 / (double)calls;
				tot_n[i] += (unsigned long)calls;
				tot_ns[i] += took;
			}
		for (i = 0; i < opt.tput.n; i++) {
			double st[6] = { 0 }, per;

			if (!ok[i] || !fits(opt.tput.m[i], len) || !tot_n[i])
				continue;
			per = (double)tot_ns[i] / 1e3 / (double)tot_n[i];
			st[0] = st[3] = per;
			csv_row("tput", opt.tput.m[i]->name, len, clients,
				tot_n[i], st, 1e6 / per, 0, rounds[i],
				opt.tput_rounds);
			fprintf(stderr, "  tput %-14s %8zu B  %u client(s)  %10.0f calls/s\n",
				opt.tput.m[i]->name, len, clients, 1e6 / per);
		}
	}
	for (i = 0; i < opt.tput.n; i++) {
		for (k = 0; k < clients; k++)
			conn_free(con[i][k]);
		srv_free(srv[i]);
	}
}

/* ------------------------------------------------------------------ */
/* Trace mode                                                          */
/* ------------------------------------------------------------------ */

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int run_trace(void)
{
	const struct ipcb_mech *m = opt.lat.m[0];
	size_t len = opt.lat_sizes.v[0];
	struct ipcb_srv *s = srv_new(m, 1, len);
	struct ipcb_conn *c = s ? conn_new(s, 0) : NULL;
	unsigned long sent, i;
	struct cell cl;
	uint64_t took, ns;

	if (!c)
		return 1;
	ctl_store(&s->ctl->size, len);
	memset(&cl, 0, sizeof(cl));
	if (opt.trace_oneway) {
		if (!m->send) {
			fprintf(stderr, "ipcbench: %s has no one-way send\n", m->name);
			return 2;
		}
		ctl_store(&s->ctl->oneway, 1);
		if (ow_burst(c, len, (uint64_t)(opt.warmup_s * 1e9), 0, &sent, &took))
			return 1;
	} else if (warm_up(c, len, &cl)) {
		return 1;
	}
	fprintf(csv, "# trace mech=%s size=%zu n=%lu oneway=%d client_pid=%d server_pid=%d\n",
		m->name, len, opt.trace_n, opt.trace_oneway, (int)getpid(),
		(int)s->pid);
	fflush(csv);
	if (write_file(opt.trace_dir, "tracing_on", "1"))
		die("cannot switch tracing on in %s", opt.trace_dir);
	/* A marker is refused while the buffer is off: only after. */
	(void)write_file(opt.trace_dir, "trace_marker", "ipcbench: start\n");
	took = now_ns();
	if (opt.trace_oneway) {
		/* Tracing goes off after the last send, before the drain
		 * loop's polling (ow_trace_off). */
		ow_trace_off = true;
		if (ow_burst(c, len, 0, opt.trace_n, &sent, &ns))
			failed = true;
	} else {
		for (i = 0; i < opt.trace_n; i++)
			if (one_call(c, len, ++cl.seq, &ns)) {
				failed = true;
				break;
			}
	}
	took = now_ns() - took;
	write_file(opt.trace_dir, "tracing_on", "0");
	fprintf(csv, "# trace_us_per_call=%.3f\n",
		(double)took / 1e3 / (double)opt.trace_n);
	conn_free(c);
	srv_free(s);
	return failed ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */
/* ------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ipcbench [options]\n"
		"  -m, --mechs LIST       latency mechanisms (default: stplr,pipe,unix-stream,\n"
		"                         unix-seqpacket,futex-shm,mqueue,binder,memcpy,pvm,\n"
		"                         stplr-oneway)\n"
		"  -s, --sizes LIST       latency sizes, k/m suffixes (default 8,64,1k,16k,\n"
		"                         256k,1m,4m; at least %d B)\n"
		"  -t, --target SEC       timed seconds per latency cell (default 1)\n"
		"  -w, --warmup SEC       warm-up per cell (default 0.3)\n"
		"  -r, --rounds N         latency rounds, mechanisms taking turns (default 10)\n"
		"      --min-iters N      at least N timed calls per cell (default 20)\n"
		"      --max-iters N      at most N (default 200000)\n"
		"      --ow-mechs LIST    one-way mechanisms (default: stplr,stplr-pulse,pipe,\n"
		"                         unix-stream,unix-seqpacket,futex-shm,mqueue,binder)\n"
		"      --ow-sizes LIST    one-way sizes (default 8,64,16k,1m)\n"
		"      --ow-time SEC      seconds per one-way cell (default 1)\n"
		"      --ow-rounds N      (default 7)\n"
		"      --tput-mechs LIST  throughput mechanisms (default: stplr,pipe,\n"
		"                         unix-stream,unix-seqpacket,futex-shm,mqueue,binder)\n"
		"      --tput-sizes LIST  throughput sizes (default 64,64k)\n"
		"      --tput-clients L   client counts (default 1,4; at most %d)\n"
		"      --tput-time SEC    seconds per throughput cell (default 1.2)\n"
		"      --tput-rounds N    (default 5)\n"
		"      --phases LIST      lat,ow,tput (default all three)\n"
		"  -o, --csv FILE         write the CSV there (default stdout)\n"
		"  -p, --pin MODE         none (default), same (everything on CPU 0),\n"
		"                         split (client on CPU 0, servers on CPU 1)\n"
		"  -d, --device N         stapler device /dev/stplr-N (default 0)\n"
		"      --trace N          trace mode: the first -m mechanism at the first\n"
		"                         -s size, N calls with tracing on\n"
		"      --trace-oneway     trace mode: N one-way messages instead\n"
		"      --trace-dir DIR    tracefs (default /sys/kernel/tracing)\n"
		"  -h, --help             this text\n", IPCB_MIN_SIZE, IPCB_MAX_CLIENTS);
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
	if (*end || v < IPCB_MIN_SIZE || v > (64u << 20))
		return -1;
	*out = (size_t)v;
	return 0;
}

static int parse_sizes(char *list, struct sizes *out)
{
	char *tok, *save;

	out->n = 0;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (out->n == MAX_SIZES || parse_size(tok, &out->v[out->n])) {
			fprintf(stderr, "ipcbench: bad size '%s' (%d B to 64 MiB)\n",
				tok, IPCB_MIN_SIZE);
			return -1;
		}
		out->n++;
	}
	return 0;
}

static int parse_mechs(char *list, struct list *out)
{
	char *tok, *save;
	unsigned int i;

	out->n = 0;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < N_ALL && strcmp(all_mechs[i]->name, tok); i++)
			;
		if (i == N_ALL || out->n == MAX_MECHS) {
			fprintf(stderr, "ipcbench: unknown or too many mechanisms at '%s'\n",
				tok);
			return -1;
		}
		out->m[out->n++] = all_mechs[i];
	}
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

static int parse_ulong(const char *s, unsigned long lo, unsigned long hi,
		       unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return (errno || end == s || *end || *out < lo || *out > hi) ? -1 : 0;
}

static int parse_uint(const char *s, unsigned int lo, unsigned int hi,
		      unsigned int *out)
{
	unsigned long v;

	if (parse_ulong(s, lo, hi, &v))
		return -1;
	*out = (unsigned int)v;
	return 0;
}

enum {
	O_MIN = 256, O_MAX, O_OWM, O_OWS, O_OWT, O_OWR, O_TPM, O_TPS, O_TPC,
	O_TPT, O_TPR, O_PHASES, O_TRACE, O_TRACE_OW, O_TRACE_DIR,
};

static int parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mechs", required_argument, NULL, 'm' },
		{ "sizes", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "min-iters", required_argument, NULL, O_MIN },
		{ "max-iters", required_argument, NULL, O_MAX },
		{ "ow-mechs", required_argument, NULL, O_OWM },
		{ "ow-sizes", required_argument, NULL, O_OWS },
		{ "ow-time", required_argument, NULL, O_OWT },
		{ "ow-rounds", required_argument, NULL, O_OWR },
		{ "tput-mechs", required_argument, NULL, O_TPM },
		{ "tput-sizes", required_argument, NULL, O_TPS },
		{ "tput-clients", required_argument, NULL, O_TPC },
		{ "tput-time", required_argument, NULL, O_TPT },
		{ "tput-rounds", required_argument, NULL, O_TPR },
		{ "phases", required_argument, NULL, O_PHASES },
		{ "csv", required_argument, NULL, 'o' },
		{ "pin", required_argument, NULL, 'p' },
		{ "device", required_argument, NULL, 'd' },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "trace-oneway", no_argument, NULL, O_TRACE_OW },
		{ "trace-dir", required_argument, NULL, O_TRACE_DIR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char lat_m[] = "stplr,pipe,unix-stream,unix-seqpacket,futex-shm,mqueue,binder,memcpy,pvm,stplr-oneway";
	static char ow_m[] = "stplr,stplr-pulse,pipe,unix-stream,unix-seqpacket,futex-shm,mqueue,binder";
	static char tp_m[] = "stplr,pipe,unix-stream,unix-seqpacket,futex-shm,mqueue,binder";
	static char lat_s[] = "8,64,1k,16k,256k,1m,4m", ow_s[] = "8,64,16k,1m";
	static char tp_s[] = "64,64k", tp_c[] = "1,4";
	char *lm = lat_m, *om = ow_m, *tm = tp_m, *ls = lat_s, *os = ow_s;
	char *ts = tp_s, *tc = tp_c, *tok, *save;
	unsigned long v;
	int c;

	while ((c = getopt_long(argc, argv, "m:s:t:w:r:o:p:d:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'm': lm = optarg; break;
		case 's': ls = optarg; break;
		case O_OWM: om = optarg; break;
		case O_OWS: os = optarg; break;
		case O_TPM: tm = optarg; break;
		case O_TPS: ts = optarg; break;
		case O_TPC: tc = optarg; break;
		case 't':
			if (parse_double(optarg, 0.001, 3600, &opt.target_s))
				goto bad;
			break;
		case 'w':
			if (parse_double(optarg, 0, 3600, &opt.warmup_s))
				goto bad;
			break;
		case O_OWT:
			if (parse_double(optarg, 0.001, 3600, &opt.ow_s))
				goto bad;
			break;
		case O_TPT:
			if (parse_double(optarg, 0.001, 3600, &opt.tput_s))
				goto bad;
			break;
		case 'r':
			if (parse_uint(optarg, 1, MAX_ROUNDS, &opt.rounds))
				goto bad;
			break;
		case O_OWR:
			if (parse_uint(optarg, 1, MAX_ROUNDS, &opt.ow_rounds))
				goto bad;
			break;
		case O_TPR:
			if (parse_uint(optarg, 1, MAX_ROUNDS, &opt.tput_rounds))
				goto bad;
			break;
		case O_MIN:
			if (parse_ulong(optarg, 1, 100000000, &opt.min_iters))
				goto bad;
			break;
		case O_MAX:
			if (parse_ulong(optarg, 1, 100000000, &opt.max_iters))
				goto bad;
			break;
		case O_PHASES:
			opt.do_lat = strstr(optarg, "lat") != NULL;
			opt.do_ow = strstr(optarg, "ow") != NULL;
			opt.do_tput = strstr(optarg, "tput") != NULL;
			break;
		case 'o': opt.csv = optarg; break;
		case 'p':
			if (!strcmp(optarg, "none"))
				ipcb_pin_mode = IPCB_PIN_NONE;
			else if (!strcmp(optarg, "same"))
				ipcb_pin_mode = IPCB_PIN_SAME;
			else if (!strcmp(optarg, "split"))
				ipcb_pin_mode = IPCB_PIN_SPLIT;
			else
				goto bad;
			break;
		case 'd':
			if (parse_ulong(optarg, 0, INT_MAX, &v))
				goto bad;
			ipcb_device = (int)v;
			break;
		case O_TRACE:
			if (parse_ulong(optarg, 1, 100000000, &opt.trace_n))
				goto bad;
			break;
		case O_TRACE_OW: opt.trace_oneway = true; break;
		case O_TRACE_DIR: opt.trace_dir = optarg; break;
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
		return -1;
	}
	if (opt.min_iters > opt.max_iters) {
		fprintf(stderr, "ipcbench: --min-iters is above --max-iters\n");
		return -1;
	}
	if (parse_mechs(lm, &opt.lat) || parse_mechs(om, &opt.ow) ||
	    parse_mechs(tm, &opt.tput) || parse_sizes(ls, &opt.lat_sizes) ||
	    parse_sizes(os, &opt.ow_sizes) || parse_sizes(ts, &opt.tput_sizes))
		return -1;
	for (tok = strtok_r(tc, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (opt.n_tput_clients == 4 ||
		    parse_uint(tok, 1, IPCB_MAX_CLIENTS,
			       &opt.tput_clients[opt.n_tput_clients++])) {
			fprintf(stderr, "ipcbench: bad client count '%s'\n", tok);
			return -1;
		}
	}
	for (v = 0; v < opt.ow.n; v++)
		if (!opt.ow.m[v]->send) {
			fprintf(stderr, "ipcbench: %s has no one-way send\n",
				opt.ow.m[v]->name);
			return -1;
		}
	for (v = 0; v < opt.tput.n; v++)
		if (!opt.tput.m[v]->call || opt.tput.m[v]->floor) {
			fprintf(stderr, "ipcbench: %s cannot serve a throughput pool\n",
				opt.tput.m[v]->name);
			return -1;
		}
	for (v = 0; v < opt.lat.n; v++)
		if (!opt.lat.m[v]->call && !(opt.trace_n && opt.trace_oneway)) {
			fprintf(stderr, "ipcbench: %s has no round trip\n",
				opt.lat.m[v]->name);
			return -1;
		}
	return 0;
bad:
	fprintf(stderr, "ipcbench: invalid value '%s' for option %s\n", optarg,
		argv[optind - 1]);
	return -1;
}

static void metadata(void)
{
	struct utsname uts;
	char loadavg[128] = "?";
	FILE *f;

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
	fprintf(csv, "# ow_s=%.3f\n# ow_rounds=%u\n# tput_s=%.3f\n# tput_rounds=%u\n",
		opt.ow_s, opt.ow_rounds, opt.tput_s, opt.tput_rounds);
	fprintf(csv, "# payload=echo: request of SIZE bytes, reply of SIZE bytes; every reply checked\n");
}

int main(int argc, char **argv)
{
	struct rlimit unl = { RLIM_INFINITY, RLIM_INFINITY };
	unsigned int k;

	if (parse_args(argc, argv))
		return 2;
	csv = stdout;
	if (opt.csv) {
		csv = fopen(opt.csv, "w");
		if (!csv)
			die("%s: %s", opt.csv, strerror(errno));
	}
	signal(SIGPIPE, SIG_IGN);
	/* POSIX queues of large messages need more than the 800 KiB default. */
	if (setrlimit(RLIMIT_MSGQUEUE, &unl)) {
		struct rlimit cur;

		if (!getrlimit(RLIMIT_MSGQUEUE, &cur)) {
			cur.rlim_cur = cur.rlim_max;
			(void)setrlimit(RLIMIT_MSGQUEUE, &cur);
		}
	}
	if (ipcb_pin_mode != IPCB_PIN_NONE)
		ipcb_pin_to(0);
	if (opt.trace_n)
		return run_trace();

	metadata();
	fprintf(csv, "kind,mech,size,pin,clients,n,median_us,p99_us,p999_us,mean_us,min_us,max_us,rate_per_s,retries,rounds\n");
	fflush(csv);
	if (opt.do_lat)
		phase_lat();
	if (opt.do_ow)
		phase_ow();
	if (opt.do_tput)
		for (k = 0; k < opt.n_tput_clients; k++)
			phase_tput(opt.tput_clients[k]);
	fprintf(csv, "# end=%s\n", failed ? "failed" : "ok");
	if (csv != stdout && fclose(csv))
		die("%s: %s", opt.csv, strerror(errno));
	return failed ? 1 : 0;
}
