// SPDX-License-Identifier: GPL-2.0
/*
 * test-resmgr-loop [--no-reply-receive] [--count N]: the resource-manager
 * server loops against the module.
 *
 * A thread pool running the library's own dispatch_block() and
 * dispatch_handler() sends each answer with the receive of the next
 * message (STPLR_MSG_REPLY_RECEIVE).  Checked here, for that pool and for
 * the two loops that must keep answering at once (a pool with a handler
 * of the program's own, and the program's own block/handler loop):
 * answers with data, with an errno, from the handler itself
 * (_RESMGR_NOREPLY), a handler that replies itself *and* returns a status
 * (the library's reply fails with ESRCH), a reply list that faults
 * (EFAULT: the next message must not be lost, and the client is treated
 * as an immediate MsgReplyv() failure treats it), an answer given later
 * from another message; for the pool, threads that leave when it shrinks
 * and thread_pool_destroy() with an answer still kept.
 *
 * --no-reply-receive: first install a seccomp filter that fails
 * STPLR_MSG_REPLY_RECEIVE with ENOTTY, as a module without the call
 * would: the same checks must pass through the separate calls.
 * --count N: only serve N reads through the pool, one client (for strace;
 * see loop-syscalls.sh).
 */
#include <errno.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <sys/dispatch.h>
#include <sys/iofunc.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>
#include <stplr/stplr.h>

#include "no-reply-receive.h"
#include "tap.h"

/* What a read asks the manager to do: its nbytes. */
enum {
	CMD_DATA = 1,		/* reply "answered" */
	CMD_ERRNO,		/* _RESMGR_ERRNO(EPERM) */
	CMD_SELF,		/* MsgReply() itself, _RESMGR_NOREPLY */
	CMD_SELF_AND_STATUS,	/* MsgReply() itself and return EOK */
	CMD_FAULT,		/* a reply list on an unmapped page */
	CMD_STASH,		/* _RESMGR_NOREPLY, answered by CMD_RELEASE */
	CMD_RELEASE,		/* answer the stashed one, then EOK */
	CMD_SLOW,		/* CMD_DATA after 200 ms */
};

static const char answer[8] = "answered";
static void *unmapped;
static int stashed;

/* The immediacy probe: see wrap_handler(). */
static volatile int probe_armed, probe_client_done, probe_seen;

static int t_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	int r;

	(void)ocb;
	switch (msg->i.nbytes) {
	case CMD_SLOW:
		nanosleep(&ts, NULL);
		/* fall through */
	case CMD_DATA:
		return _RESMGR_PTR(ctp, answer, sizeof(answer));
	case CMD_ERRNO:
		return _RESMGR_ERRNO(EPERM);
	case CMD_SELF:
		MsgReply(ctp->rcvid, 42, "self", 4);
		return _RESMGR_NOREPLY;
	case CMD_SELF_AND_STATUS:
		MsgReply(ctp->rcvid, 42, "self", 4);
		return EOK;
	case CMD_FAULT:
		return _RESMGR_PTR(ctp, unmapped, 16);
	case CMD_STASH:
		__atomic_store_n(&stashed, ctp->rcvid, __ATOMIC_SEQ_CST);
		return _RESMGR_NOREPLY;
	case CMD_RELEASE:
		r = __atomic_exchange_n(&stashed, 0, __ATOMIC_SEQ_CST);
		if (r)
			MsgReply(r, 7, "later", 5);
		return EOK;
	default:
		return ENOSYS;
	}
}

/* A handler of the program's own: the answer must be out when it returns. */
static int wrap_handler(dispatch_context_t *ctp)
{
	int ret = dispatch_handler(ctp), i;

	if (probe_armed) {
		probe_armed = 0;
		for (i = 0; i < 2000 && !probe_client_done; i++)
			usleep(1000);
		probe_seen = probe_client_done;
	}
	return ret;
}

enum mode { MODE_POOL, MODE_WRAP, MODE_LOOP };
static const char *const mode_name[] = {
	"library pool", "pool with its own handler", "own block/handler loop"
};

struct server {
	enum mode mode;
	char path[64];
	dispatch_t *dpp;
	thread_pool_t *pool;
	pthread_t loop;
	volatile int stop;
	iofunc_attr_t attr;
	resmgr_connect_funcs_t cf;
	resmgr_io_funcs_t io;
};

static void *own_loop(void *arg)
{
	struct server *s = arg;
	dispatch_context_t *ctp = dispatch_context_alloc(s->dpp);

	while (ctp && !s->stop) {
		if (!dispatch_block(ctp))
			continue;
		dispatch_handler(ctp);
		if (probe_armed) {
			probe_armed = 0;
			for (int i = 0; i < 2000 && !probe_client_done; i++)
				usleep(1000);
			probe_seen = probe_client_done;
		}
	}
	dispatch_context_free(ctp);
	return NULL;
}

static int server_start(struct server *s, enum mode mode, unsigned lo,
			unsigned hi, unsigned max)
{
	thread_pool_attr_t pa;

	memset(s, 0, sizeof(*s));
	s->mode = mode;
	snprintf(s->path, sizeof(s->path), "/stplr-rrloop-%d-%d", getpid(),
		 (int)mode);
	s->dpp = dispatch_create();
	if (!s->dpp)
		return -1;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &s->cf, _RESMGR_IO_NFUNCS,
			 &s->io);
	s->io.read = t_read;
	iofunc_attr_init(&s->attr, S_IFCHR | 0666, NULL, NULL);
	if (resmgr_attach(s->dpp, NULL, s->path, _FTYPE_ANY, 0, &s->cf,
			  &s->io, &s->attr) == -1)
		return -1;
	if (mode == MODE_LOOP)
		return pthread_create(&s->loop, NULL, own_loop, s) ? -1 : 0;
	memset(&pa, 0, sizeof(pa));
	pa.handle = s->dpp;
	pa.context_alloc = dispatch_context_alloc;
	pa.block_func = dispatch_block;
	pa.unblock_func = dispatch_unblock;
	pa.handler_func = mode == MODE_WRAP ? wrap_handler : dispatch_handler;
	pa.context_free = dispatch_context_free;
	pa.lo_water = (unsigned short)lo;
	pa.hi_water = (unsigned short)hi;
	pa.increment = 1;
	pa.maximum = (unsigned short)max;
	s->pool = thread_pool_create(&pa, 0);
	if (!s->pool)
		return -1;
	return thread_pool_start(s->pool);
}

static void server_stop(struct server *s)
{
	if (s->pool) {
		thread_pool_destroy(s->pool);
	} else {
		s->stop = 1;
		pthread_kill(s->loop, STPLR_RESMGR_SIGNAL);
		pthread_join(s->loop, NULL);
	}
	dispatch_destroy(s->dpp);
}

/* A read of command @cmd; its reply into @buf.  With @reply_ms, give up
 * waiting for the reply after that long (the manager is told: UNBLOCK). */
static long t_send(int coid, int cmd, char *buf, size_t n, unsigned reply_ms)
{
	io_read_t msg;
	uint64_t ns = (uint64_t)reply_ms * 1000000;

	memset(&msg, 0, sizeof(msg));
	msg.i.type = _IO_READ;
	msg.i.nbytes = cmd;
	if (reply_ms)
		TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_REPLY, NULL, &ns,
			     NULL);
	return MsgSend(coid, &msg.i, sizeof(msg.i), buf, n);
}

struct client {
	int coid;
	int cmd;
	long ret;
	int err;
	char buf[16];
	pthread_t thr;
};

static void *client_main(void *arg)
{
	struct client *c = arg;

	c->ret = t_send(c->coid, c->cmd, c->buf, sizeof(c->buf), 5000);
	c->err = errno;
	return NULL;
}

static int t_open(struct server *s)
{
	return name_open(s->path + 1, 0);
}

static int data_ok(long ret, const char *buf)
{
	return ret == 0 && memcmp(buf, answer, sizeof(answer)) == 0;
}

static void check_answers(struct server *s)
{
	const char *m = mode_name[s->mode];
	struct client c;
	char buf[16];
	int coid = t_open(s), i, ok = 1;
	long r;

	tap_ok(coid != -1, "%s: name_open", m);
	for (i = 0; i < 100 && ok; i++) {
		memset(buf, 0, sizeof(buf));
		r = t_send(coid, CMD_DATA, buf, sizeof(buf), 5000);
		ok = data_ok(r, buf);
	}
	tap_ok(ok, "%s: 100 reads answered with their data (%d)", m, i);

	r = t_send(coid, CMD_ERRNO, buf, sizeof(buf), 5000);
	tap_ok(r == -1 && errno == EPERM, "%s: _RESMGR_ERRNO(EPERM) fails the read with EPERM", m);

	memset(buf, 0, sizeof(buf));
	r = t_send(coid, CMD_SELF, buf, sizeof(buf), 5000);
	tap_ok(r == 42 && memcmp(buf, "self", 4) == 0,
	       "%s: a handler's own MsgReply() and _RESMGR_NOREPLY (%ld)", m, r);

	memset(buf, 0, sizeof(buf));
	r = t_send(coid, CMD_SELF_AND_STATUS, buf, sizeof(buf), 5000);
	tap_ok(r == 42 && memcmp(buf, "self", 4) == 0,
	       "%s: own MsgReply() and EOK: the client has the handler's reply (%ld)", m, r);
	r = t_send(coid, CMD_DATA, buf, sizeof(buf), 5000);
	tap_ok(data_ok(r, buf), "%s: the library's failed reply (ESRCH) lost no message", m);

	r = t_send(coid, CMD_FAULT, buf, sizeof(buf), 300);
	tap_ok(r == -1 && errno == EINTR,
	       "%s: a faulting reply list leaves the client to its timeout, EINTR (%ld, %s)",
	       m, r, strerrorname_np(errno));
	memset(buf, 0, sizeof(buf));
	r = t_send(coid, CMD_DATA, buf, sizeof(buf), 5000);
	tap_ok(data_ok(r, buf), "%s: the failed reply (EFAULT) lost no message", m);

	memset(&c, 0, sizeof(c));
	c.coid = t_open(s);
	c.cmd = CMD_STASH;
	pthread_create(&c.thr, NULL, client_main, &c);
	for (i = 0; i < 5000 && !__atomic_load_n(&stashed, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	r = t_send(coid, CMD_RELEASE, buf, sizeof(buf), 5000);
	pthread_join(c.thr, NULL);
	tap_ok(r == 0 && c.ret == 7 && memcmp(c.buf, "later", 5) == 0,
	       "%s: an answer given later from another message (%ld, %ld)", m, r, c.ret);
	ConnectDetach(c.coid);

	if (s->mode != MODE_POOL) {
		probe_seen = 0;
		probe_client_done = 0;
		probe_armed = 1;
		r = t_send(coid, CMD_DATA, buf, sizeof(buf), 5000);
		probe_client_done = 1;
		for (i = 0; i < 5000 && probe_armed; i++)
			usleep(1000);
		usleep(10000);
		tap_ok(data_ok(r, buf) && probe_seen,
		       "%s: the answer is out before the handler returns", m);
	}
	ConnectDetach(coid);
}

/* The pool grows to four threads, then shrinks: every answer arrives. */
static void check_shrink(void)
{
	struct client c[4];
	struct server s;
	int i, ok = 1;

	tap_ok(server_start(&s, MODE_POOL, 1, 1, 4) == 0, "shrinking pool starts");
	for (int round = 0; round < 3; round++) {
		for (i = 0; i < 4; i++) {
			memset(&c[i], 0, sizeof(c[i]));
			c[i].coid = t_open(&s);
			c[i].cmd = CMD_SLOW;
			pthread_create(&c[i].thr, NULL, client_main, &c[i]);
		}
		for (i = 0; i < 4; i++) {
			pthread_join(c[i].thr, NULL);
			if (!data_ok(c[i].ret, c[i].buf)) {
				ok = 0;
				printf("# round %d client %d: %ld %s\n", round, i,
				       c[i].ret, strerrorname_np(c[i].err));
			}
			ConnectDetach(c[i].coid);
		}
		usleep(100000);
	}
	tap_ok(ok, "pool of 1..4 threads (hi_water 1): 3 rounds of 4 slow reads all answered");
	server_stop(&s);
}

/* thread_pool_destroy() while a handler runs: its answer still goes out. */
static void check_destroy(void)
{
	struct client c;
	struct server s;
	struct timespec ts;
	int joined;

	tap_ok(server_start(&s, MODE_POOL, 1, 2, 2) == 0, "pool to destroy starts");
	memset(&c, 0, sizeof(c));
	c.coid = t_open(&s);
	c.cmd = CMD_SLOW;
	pthread_create(&c.thr, NULL, client_main, &c);
	usleep(50000);		/* the handler sleeps 200 ms */
	thread_pool_destroy(s.pool);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	joined = pthread_timedjoin_np(c.thr, NULL, &ts) == 0;
	tap_ok(joined && data_ok(c.ret, c.buf),
	       "thread_pool_destroy() during a handler: its client has the answer (%s %ld %s)",
	       joined ? "returned" : "still blocked", c.ret, strerrorname_np(c.err));
	if (!joined) {
		tap_done();
		_exit(1);
	}
	ConnectDetach(c.coid);
	dispatch_destroy(s.dpp);
}

static int count_only(long n)
{
	struct server s;
	char buf[16];
	long i, ok = 0;
	int coid;

	if (server_start(&s, MODE_POOL, 1, 1, 1))
		return 1;
	coid = t_open(&s);
	for (i = 0; i < n; i++)
		ok += data_ok(t_send(coid, CMD_DATA, buf, sizeof(buf), 0), buf);
	printf("test-resmgr-loop: %ld of %ld reads answered\n", ok, n);
	ConnectDetach(coid);
	server_stop(&s);
	return ok == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct stplr_query q;
	struct server s;
	int m;

	bool refused = false;
	long count = -1;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-reply-receive") == 0) {
			refused = true;
		} else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
			count = atol(argv[++i]);
		} else {
			fprintf(stderr, "usage: %s [--no-reply-receive] [--count N]\n",
				argv[0]);
			return 2;
		}
	}
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (refused && no_reply_receive()) {
		/* A kernel without CONFIG_SECCOMP_FILTER (the debug kernel) */
		printf("1..0 # SKIP no seccomp filter to refuse the call: %s\n",
		       strerror(errno));
		return 77;
	}
	if (count >= 0)
		return count_only(count);
	if (stplr_qnx_fd() < 0 || stplr_query(stplr_qnx_fd(), &q)) {
		printf("1..0 # SKIP no stapler device\n");
		return 77;
	}
	printf("# module features %#llx: STPLR_MSG_REPLY_RECEIVE %s%s\n",
	       (unsigned long long)q.features,
	       (q.features & STPLR_FEAT_REPLY_RECEIVE) ? "yes" : "no",
	       refused ? ", refused by seccomp" : "");
	/* 10 checks for the pool, 11 for each other loop, 5 more */
	tap_plan(10 + 11 + 11 + 5);
	tap_ok(unmapped != MAP_FAILED, "an unmapped page for the faulting reply");
	for (m = MODE_POOL; m <= MODE_LOOP; m++) {
		tap_ok(server_start(&s, (enum mode)m, 1, 2, 2) == 0, "%s: starts",
		       mode_name[m]);
		check_answers(&s);
		server_stop(&s);
	}
	check_shrink();
	check_destroy();
	return tap_done();
}
