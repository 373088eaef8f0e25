// SPDX-License-Identifier: GPL-2.0
/*
 * test-qnx-live: the QNX layer's pulses, MsgRead/MsgWrite, TimerTimeout
 * and name_attach/name_open against the real stplr module.
 *
 * Servers are threads of this process, sharing its one QNX context with
 * the client code.  Built like a QNX program, with
 * `pkg-config --cflags --libs stplr-qnx` (plus libstplr for the query).
 *
 * Needs /dev/stplr-N (N from STPLR_DEVICE, default 0) and a module with
 * STPLR_FEAT_PULSES, _READWRITE and _NAMES; otherwise prints
 * "1..0 # SKIP" and exits 77.  TAP output.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/dispatch.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include <stplr/stplr.h>

#include "tap.h"

#define MS	1000000ull

/* Our own message types: outside 0 (pulses) and _IO_BASE.._IO_MAX. */
#define T_ECHO	1	/* reply with the data */
#define T_HOLD	2	/* never reply (until an UNBLOCK pulse) */
#define T_RW	3	/* header, then payload read with MsgRead */

struct t_msg {
	uint16_t type;
	uint16_t len;
	char data[28];
};

typedef union {
	uint16_t type;
	struct _pulse pulse;
	struct _io_connect connect;
	struct t_msg m;
} t_buf;

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- a server thread on a name ---------------------------------------- */

struct srv {
	name_attach_t *att;
	pthread_t thr;
	int connect_err;		/* MsgError() for _IO_CONNECT, or EOK */
	volatile int connects, opens, io_rejected, echoes;
	volatile int disconnects, unblocks, detach_ret;
	volatile int disc_scoid, msg_scoid;
	int exit_errno;
};

static void *srv_main(void *arg)
{
	struct srv *s = arg;
	struct _msg_info info;
	t_buf msg;
	int rcvid;

	for (;;) {
		rcvid = MsgReceive(s->att->chid, &msg, sizeof(msg), &info);
		if (rcvid == -1) {
			if (errno == EINTR)
				continue;
			s->exit_errno = errno;	/* ESRCH: name_detach() */
			return NULL;
		}
		if (rcvid == 0) {
			switch (msg.pulse.code) {
			case _PULSE_CODE_DISCONNECT:
				s->disc_scoid = msg.pulse.scoid;
				s->detach_ret = ConnectDetach(msg.pulse.scoid);
				s->disconnects++;
				break;
			case _PULSE_CODE_UNBLOCK:
				MsgError(msg.pulse.value.sival_int, ETIMEDOUT);
				s->unblocks++;
				break;
			}
			continue;
		}
		if (msg.type == _IO_CONNECT) {
			s->connects++;
			s->opens += msg.connect.subtype == _IO_CONNECT_OPEN;
			if (s->connect_err)
				MsgError(rcvid, s->connect_err);
			else
				MsgReply(rcvid, EOK, NULL, 0);
			continue;
		}
		if (msg.type > _IO_BASE && msg.type <= _IO_MAX) {
			s->io_rejected++;
			MsgError(rcvid, ENOSYS);
			continue;
		}
		s->msg_scoid = info.scoid;
		switch (msg.type) {
		case T_ECHO:
			s->echoes++;
			MsgReply(rcvid, msg.m.len, msg.m.data, msg.m.len);
			break;
		case T_HOLD:
			break;
		default:
			MsgError(rcvid, EINVAL);
		}
	}
}

static int srv_start(struct srv *s, const char *name, unsigned flags,
		     int connect_err)
{
	memset(s, 0, sizeof(*s));
	s->connect_err = connect_err;
	s->detach_ret = 12345;
	s->att = name_attach(NULL, name, flags);
	if (!s->att)
		return -1;
	if (pthread_create(&s->thr, NULL, srv_main, s)) {
		printf("# pthread_create failed\n");
		exit(1);
	}
	return 0;
}

/* ---- a client thread ----------------------------------------------------- */

struct cli {
	pthread_t thr;
	int coid;
	uint16_t type;
	int timeout_flags;		/* TimerTimeout() first, when set */
	uint64_t timeout;
	long ret;
	int err;
	char reply[32];
};

static void *cli_main(void *arg)
{
	struct cli *c = arg;
	struct t_msg m = { .type = c->type, .len = 2, .data = "hi" };

	if (c->timeout_flags)
		TimerTimeout(CLOCK_MONOTONIC, c->timeout_flags, NULL,
			     &c->timeout, NULL);
	c->ret = MsgSend(c->coid, &m, sizeof(m), c->reply, sizeof(c->reply));
	c->err = errno;
	return NULL;
}

static void cli_start(struct cli *c, int coid, uint16_t type, int tflags,
		      uint64_t timeout)
{
	memset(c, 0, sizeof(*c));
	c->coid = coid;
	c->type = type;
	c->timeout_flags = tflags;
	c->timeout = timeout;
	c->ret = 12345;
	if (pthread_create(&c->thr, NULL, cli_main, c)) {
		printf("# pthread_create failed\n");
		exit(1);
	}
}

/* A thread sending one pulse after a delay. */
struct later {
	pthread_t thr;
	int coid, code, ms;
};

static void *later_main(void *arg)
{
	struct later *l = arg;

	msleep(l->ms);
	MsgSendPulse(l->coid, -1, l->code, 0);
	return NULL;
}

/* A thread receiving once on a channel. */
struct rcv {
	pthread_t thr;
	int chid;
	volatile int ret;
};

static void *rcv_main(void *arg)
{
	struct rcv *r = arg;
	t_buf msg;

	r->ret = MsgReceive(r->chid, &msg, sizeof(msg), NULL);
	return NULL;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_pulses(void)
{
	struct _msg_info info;
	unsigned char small[12];
	struct _pulse p2;
	struct cli c;
	iov_t iov[2];
	int chid, coid, rcvid;
	t_buf msg;

	chid = ChannelCreate(_NTO_CHF_FIXED_PRIORITY | _NTO_CHF_SENDER_LEN);
	tap_ok(chid >= 0, "ChannelCreate with flags: chid %d", chid);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);

	tap_is(MsgSendPulse(coid, -1, 7, 1234), 0, "MsgSendPulse code 7");
	memset(&msg, 0xAA, sizeof(msg));
	rcvid = MsgReceive(chid, &msg, sizeof(msg), &info);
	tap_is(rcvid, 0, "MsgReceive returns 0 for a pulse");
	tap_ok(msg.pulse.type == _PULSE_TYPE &&
	       msg.pulse.subtype == _PULSE_SUBTYPE && msg.pulse.code == 7 &&
	       msg.pulse.value.sival_int == 1234 &&
	       !msg.pulse.zero[0] && !msg.pulse.zero[2],
	       "struct _pulse: type %u code %d value %d", msg.pulse.type,
	       msg.pulse.code, msg.pulse.value.sival_int);
	tap_ok((msg.pulse.scoid & 0x20000000) &&
	       info.scoid == msg.pulse.scoid && info.chid == chid &&
	       info.msglen == sizeof(struct _pulse) &&
	       info.srcmsglen == sizeof(struct _pulse),
	       "info: scoid %#x chid %d msglen %zd", info.scoid, info.chid,
	       (ssize_t)info.msglen);
	tap_is(ConnectDetach(msg.pulse.scoid), 0,
	       "ConnectDetach(scoid) succeeds and leaves our coid alone");
	tap_is(MsgSendPulse(coid, -1, 8, 0), 0, "... which still works");

	memset(small, 0xAA, sizeof(small));
	rcvid = MsgReceive(chid, small, 4, NULL);
	tap_ok(rcvid == 0 && small[0] == 0 && small[1] == 0 &&
	       small[4] == 0xAA && small[11] == 0xAA,
	       "a 4-byte buffer gets the first 4 bytes of the pulse");

	MsgSendPulse(coid, -1, 9, -5);
	SETIOV(&iov[0], small, 5);
	SETIOV(&iov[1], &p2, sizeof(p2));
	rcvid = MsgReceivev(chid, iov, 2, NULL);
	memcpy(&msg, small, 5);
	memcpy((char *)&msg + 5, &p2, sizeof(struct _pulse) - 5);
	tap_ok(rcvid == 0 && msg.pulse.code == 9 &&
	       msg.pulse.value.sival_int == -5,
	       "MsgReceivev scatters the pulse over 5 + n bytes");

	tap_is(MsgSendPulse(coid, -1, 200, 0), -1, "code 200: -1");
	tap_is(errno, EINVAL, "... EINVAL");
	tap_is(MsgSendPulse_r(0x3ffffff0, -1, 1, 0), -EBADF,
	       "MsgSendPulse_r on an unknown coid: -EBADF");

	/* MsgReceivePulse leaves a queued message alone */
	cli_start(&c, coid, T_ECHO, 0, 0);
	msleep(50);
	MsgSendPulse(coid, -1, 10, 10);
	memset(&p2, 0, sizeof(p2));
	tap_ok(MsgReceivePulse(chid, &p2, sizeof(p2), NULL) == 0 &&
	       p2.code == 10, "MsgReceivePulse takes the pulse");
	rcvid = MsgReceive(chid, &msg, sizeof(msg), &info);
	tap_ok(rcvid > 0 && msg.type == T_ECHO,
	       "the message was left for MsgReceive");
	MsgReply(rcvid, 5, NULL, 0);
	pthread_join(c.thr, NULL);
	tap_is(c.ret, 5, "its sender got the reply");
	tap_ok(info.scoid & 0x20000000, "_msg_info.scoid %#x is marked",
	       info.scoid);

	MsgSendPulse(coid, -1, 11, 11);
	SETIOV(&iov[0], &p2, sizeof(p2));
	tap_ok(MsgReceivePulsev(chid, iov, 1, NULL) == 0 && p2.code == 11,
	       "MsgReceivePulsev");
	tap_is(MsgReceivePulse_r(0x7ffffff0, &p2, sizeof(p2), NULL), -ESRCH,
	       "MsgReceivePulse_r on an unknown chid: -ESRCH");

	ConnectDetach(coid);
	ChannelDestroy(chid);
}

static void test_timeouts(void)
{
	struct _msg_info info;
	struct sigevent ev;
	struct later l;
	uint64_t t;
	int64_t t0, dt;
	int chid, coid, rcvid, chid2, coid2;
	struct rcv rcv;
	t_buf msg;
	struct cli c;

	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);

	t = 30 * MS;
	t0 = now_ns(CLOCK_MONOTONIC);
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &t, NULL);
	rcvid = MsgReceive(chid, &msg, sizeof(msg), NULL);
	dt = now_ns(CLOCK_MONOTONIC) - t0;
	tap_ok(rcvid == -1 && errno == ETIMEDOUT && dt >= 25 * (int64_t)MS,
	       "TimerTimeout(RECEIVE, 30 ms): ETIMEDOUT after %lld ms",
	       (long long)(dt / 1000000));

	SIGEV_UNBLOCK_INIT(&ev);
	t0 = now_ns(CLOCK_MONOTONIC);
	TimerTimeout(CLOCK_REALTIME, _NTO_TIMEOUT_RECEIVE, &ev, NULL, NULL);
	rcvid = MsgReceive_r(chid, &msg, sizeof(msg), NULL);
	dt = now_ns(CLOCK_MONOTONIC) - t0;
	tap_ok(rcvid == -ETIMEDOUT && dt < 500 * (int64_t)MS,
	       "NULL ntime: MsgReceive_r -ETIMEDOUT at once (%lld ms)",
	       (long long)(dt / 1000000));

	t = (uint64_t)now_ns(CLOCK_REALTIME) + 40 * MS;
	t0 = now_ns(CLOCK_MONOTONIC);
	TimerTimeout(CLOCK_REALTIME, _NTO_TIMEOUT_RECEIVE | TIMER_ABSTIME,
		     &ev, &t, NULL);
	rcvid = MsgReceive(chid, &msg, sizeof(msg), NULL);
	dt = now_ns(CLOCK_MONOTONIC) - t0;
	tap_ok(rcvid == -1 && errno == ETIMEDOUT && dt >= 30 * (int64_t)MS,
	       "TIMER_ABSTIME on CLOCK_REALTIME: ETIMEDOUT after %lld ms",
	       (long long)(dt / 1000000));

	/* calls that cannot block leave the timeout armed */
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, NULL, NULL);
	chid2 = ChannelCreate(0);
	coid2 = ConnectAttach(ND_LOCAL_NODE, 0, chid2, _NTO_SIDE_CHANNEL, 0);
	tap_ok(MsgReceive(chid, &msg, sizeof(msg), NULL) == -1 &&
	       errno == ETIMEDOUT,
	       "the timeout survives ChannelCreate/ConnectAttach");

	/* a receive takes the timeout even if a pulse is there already */
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, NULL, NULL);
	MsgSendPulse(coid, -1, 1, 0);
	tap_is(MsgReceive(chid, &msg, sizeof(msg), NULL), 0,
	       "immediate timeout with a pulse queued: the pulse");
	l.coid = coid;
	l.code = 2;
	l.ms = 100;
	pthread_create(&l.thr, NULL, later_main, &l);
	rcvid = MsgReceive(chid, &msg, sizeof(msg), NULL);
	pthread_join(l.thr, NULL);
	tap_ok(rcvid == 0 && msg.pulse.code == 2,
	       "... and is gone: the next MsgReceive blocks for a pulse");

	/* a send that does not match the states takes it too */
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, NULL, NULL);
	t = 20 * MS;
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_SEND, NULL, &t, NULL);
	tap_ok(MsgSend(coid2, "x", 1, NULL, 0) == -1 && errno == ETIMEDOUT,
	       "TimerTimeout(SEND) replaces the previous one: ETIMEDOUT");
	/* armed per thread: another thread's receive blocks */
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, NULL, NULL);
	rcv.chid = chid;
	rcv.ret = 12345;
	pthread_create(&rcv.thr, NULL, rcv_main, &rcv);
	msleep(100);
	tap_ok(rcv.ret == 12345, "armed per thread: another thread blocks");
	MsgSendPulse(coid, -1, 3, 0);
	pthread_join(rcv.thr, NULL);
	tap_is(rcv.ret, 0, "... until a pulse comes");
	tap_ok(MsgReceive(chid, &msg, sizeof(msg), NULL) == -1 &&
	       errno == ETIMEDOUT, "while this thread's timeout still holds");

	/* _NTO_TIMEOUT_REPLY bounds a server that keeps the message */
	cli_start(&c, coid, T_HOLD, _NTO_TIMEOUT_REPLY, 50 * MS);
	rcvid = MsgReceive(chid, &msg, sizeof(msg), &info);
	tap_ok(rcvid > 0 && msg.type == T_HOLD, "server holds a message");
	pthread_join(c.thr, NULL);
	tap_ok(c.ret == -1 && c.err == ETIMEDOUT,
	       "TimerTimeout(REPLY, 50 ms): the sender gets ETIMEDOUT");
	tap_ok(MsgReply(rcvid, 0, NULL, 0) == -1 && errno == ESRCH,
	       "replying after the timeout: ESRCH");
	cli_start(&c, coid2, T_HOLD, _NTO_TIMEOUT_SEND | _NTO_TIMEOUT_REPLY,
		  20 * MS);
	pthread_join(c.thr, NULL);
	tap_ok(c.ret == -1 && c.err == ETIMEDOUT,
	       "TimerTimeout(SEND|REPLY), nobody receiving: ETIMEDOUT");
	t = 10 * MS;
	TimerTimeout_r(CLOCK_MONOTONIC, _NTO_TIMEOUT_SEND, NULL, &t, NULL);
	tap_is(MsgSend_r(coid2, "x", 1, NULL, 0), -ETIMEDOUT,
	       "MsgSend_r: -ETIMEDOUT");
	ChannelDestroy(chid2);
	ConnectDetach(coid2);
	ConnectDetach(coid);
	ChannelDestroy(chid);
}

/* MsgSendv of a header and a payload, reply scattered likewise. */
struct rw_cli {
	pthread_t thr;
	int coid;
	long ret;
	struct { uint16_t type, len; } rhdr;
	char rdata[32];
};

static void *rw_cli_main(void *arg)
{
	struct rw_cli *c = arg;
	struct { uint16_t type, len; } hdr = { T_RW, 11 };
	iov_t siov[2], riov[2];

	SETIOV(&siov[0], &hdr, sizeof(hdr));
	SETIOV(&siov[1], "hello world", 11);
	SETIOV(&riov[0], &c->rhdr, sizeof(c->rhdr));
	SETIOV(&riov[1], c->rdata, sizeof(c->rdata));
	c->ret = MsgSendv(c->coid, siov, 2, riov, 2);
	return NULL;
}

static void test_read_write(void)
{
	struct { uint16_t type, len; } hdr;
	struct _msg_info info;
	struct rw_cli c;
	char a[5], b[16];
	iov_t iov[2];
	int chid, rcvid, i;
	ssize_t n;

	chid = ChannelCreate(0);
	memset(&c, 0, sizeof(c));
	c.coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	pthread_create(&c.thr, NULL, rw_cli_main, &c);
	rcvid = MsgReceive(chid, &hdr, sizeof(hdr), &info);
	tap_ok(rcvid > 0 && hdr.type == T_RW && info.msglen == 4 &&
	       info.srcmsglen == 15 && info.dstmsglen == 36,
	       "receive the 4-byte header: msglen %zd srcmsglen %zd dstmsglen %zd",
	       (ssize_t)info.msglen, (ssize_t)info.srcmsglen,
	       (ssize_t)info.dstmsglen);
	memset(b, 0, sizeof(b));
	n = MsgRead(rcvid, b, sizeof(b), sizeof(hdr));
	tap_ok(n == 11 && !memcmp(b, "hello world", 11),
	       "MsgRead at offset 4: %zd bytes", n);
	SETIOV(&iov[0], a, sizeof(a));
	SETIOV(&iov[1], b, 3);
	n = MsgReadv(rcvid, iov, 2, 6);
	tap_ok(n == 8 && !memcmp(a, "llo w", 5) && !memcmp(b, "orl", 3),
	       "MsgReadv at offset 6: %zd bytes over 5 + 3", n);
	tap_is(MsgRead(rcvid, b, sizeof(b), 15), 0, "MsgRead at the end: 0");
	tap_is(MsgRead_r(rcvid, b, sizeof(b), 100), 0,
	       "MsgRead_r past the end: 0");

	for (i = 0; i < 11; i++)
		b[i] = "hello world"[i] - (i == 5 ? 0 : 'a' - 'A');
	n = MsgWrite(rcvid, b, 11, sizeof(hdr));
	tap_is(n, 11, "MsgWrite 11 bytes at reply offset 4");
	hdr.len = 11;
	SETIOV(&iov[0], &hdr, 2);
	SETIOV(&iov[1], &hdr.len, 2);
	tap_is(MsgWritev(rcvid, iov, 2, 0), 4, "MsgWritev the header");
	tap_is(MsgWrite_r(rcvid, b, 11, 30), 6,
	       "MsgWrite_r near the end of the reply buffers: 6 of 11");
	tap_is(MsgReply(rcvid, 77, NULL, 0), 0, "MsgReply with no data");
	pthread_join(c.thr, NULL);
	tap_ok(c.ret == 77 && c.rhdr.type == T_RW && c.rhdr.len == 11 &&
	       !memcmp(c.rdata, "HELLO WORLD", 11) &&
	       !memcmp(c.rdata + 26, "HELLO ", 6),
	       "the client gets status %ld and the written reply", c.ret);
	tap_is(MsgRead_r(rcvid, b, 1, 0), -ESRCH,
	       "MsgRead_r after the reply: -ESRCH");
	tap_ok(MsgWritev(rcvid, iov, 2, 0) == -1 && errno == ESRCH,
	       "MsgWritev after the reply: ESRCH");
	ConnectDetach(c.coid);
	ChannelDestroy(chid);
}

static void wait_for(volatile int *counter, int value)
{
	int i;

	for (i = 0; i < 200 && *counter < value; i++)
		msleep(10);
}

static void test_names(void)
{
	char name[64], deny[64];
	struct srv s, d;
	struct t_msg m = { .type = T_ECHO, .len = 3, .data = "abc" };
	struct _io_msg io = { .type = _IO_MSG };
	char reply[8];
	struct cli c;
	int coid, ret;

	snprintf(name, sizeof(name), "qnx-live/%d", (int)getpid());
	snprintf(deny, sizeof(deny), "qnx-live-deny/%d", (int)getpid());
	tap_is(srv_start(&s, name, 0, EOK), 0, "name_attach %s", name);
	tap_ok(s.att->chid >= 0 && s.att->dpp == NULL && s.att->mntid == 0,
	       "name_attach_t: chid %d, dpp NULL, mntid 0", s.att->chid);
	errno = 0;
	tap_ok(name_attach(NULL, name, 0) == NULL && errno == EEXIST,
	       "the same name again: EEXIST");
	errno = 0;
	tap_ok(name_attach(NULL, "a//b", 0) == NULL && errno == EINVAL,
	       "a malformed name: EINVAL");

	coid = name_open(name, 0);
	tap_ok(coid >= 0 && coid < _NTO_SIDE_CHANNEL, "name_open: coid %d",
	       coid);
	tap_ok(s.connects == 0 && s.opens == 0,
	       "name_open sends no _IO_CONNECT (current QNX, local names)");
	memset(reply, 0, sizeof(reply));
	ret = (int)MsgSend(coid, &m, sizeof(m), reply, sizeof(reply));
	tap_ok(ret == 3 && !memcmp(reply, "abc", 3), "echo through the name");
	tap_ok(MsgSend(coid, &io, sizeof(io), NULL, 0) == -1 &&
	       errno == ENOSYS && s.io_rejected == 1,
	       "an _IO_MSG is rejected with ENOSYS");
	tap_ok(name_open("qnx-live-no-such-name", NAME_FLAG_ATTACH_GLOBAL) ==
	       -1 && errno == ENOENT, "name_open an unknown name: ENOENT");

	/* _NTO_CHF_UNBLOCK (set by name_attach): the server decides */
	cli_start(&c, coid, T_HOLD, _NTO_TIMEOUT_REPLY, 100 * MS);
	pthread_join(c.thr, NULL);
	tap_ok(c.ret == -1 && c.err == ETIMEDOUT && s.unblocks == 1,
	       "timed-out sender: UNBLOCK pulse, server fails it (%ld, %d, %d)",
	       c.ret, c.err, s.unblocks);

	tap_is(name_close(coid), 0, "name_close");
	wait_for(&s.disconnects, 1);
	tap_ok(s.disconnects == 1 && s.disc_scoid == s.msg_scoid &&
	       s.detach_ret == 0,
	       "DISCONNECT pulse with the client's scoid %#x; ConnectDetach(scoid) %d",
	       s.disc_scoid, s.detach_ret);

	/*
	 * A server that would refuse an _IO_CONNECT: name_open() does not
	 * ask it, and an _IO_CONNECT a client sends itself still reaches
	 * its handler.
	 */
	tap_is(srv_start(&d, deny, NAME_FLAG_ATTACH_GLOBAL, EACCES), 0,
	       "name_attach GLOBAL %s", deny);
	coid = name_open(deny, 0);
	tap_ok(coid >= 0 && d.connects == 0,
	       "name_open succeeds without asking the server");
	{
		struct _io_connect oc;

		memset(&oc, 0, sizeof(oc));
		oc.type = _IO_CONNECT;
		oc.subtype = _IO_CONNECT_OPEN;
		oc.path_len = 1;
		errno = 0;
		tap_ok(MsgSend(coid, &oc, sizeof(oc), NULL, 0) == -1 &&
		       errno == EACCES && d.connects == 1 && d.opens == 1,
		       "an explicit _IO_CONNECT reaches the server's handler");
	}
	tap_is(name_close(coid), 0, "name_close");
	wait_for(&d.disconnects, 1);
	tap_is(d.disconnects, 1, "... DISCONNECT pulse");

	tap_is(name_detach(s.att, 0), 0, "name_detach");
	pthread_join(s.thr, NULL);
	tap_is(s.exit_errno, ESRCH, "the server's MsgReceive ends with ESRCH");
	tap_ok(name_open(name, 0) == -1 && errno == ENOENT,
	       "name_open after name_detach: ENOENT");
	name_detach(d.att, 0);
	pthread_join(d.thr, NULL);
	tap_ok(name_detach(NULL, 0) == -1 && errno == EINVAL,
	       "name_detach(NULL): EINVAL");
}

int main(void)
{
	const char *dev = getenv("STPLR_DEVICE");
	struct stplr_query q;
	int fd;

	if (stplr_ctx_open(dev ? atoi(dev) : 0, &fd) == -ENOENT) {
		printf("1..0 # SKIP no stapler device (module not loaded)\n");
		return 77;
	}
	if (stplr_query(fd, &q) ||
	    (q.features & (STPLR_FEAT_PULSES | STPLR_FEAT_READWRITE |
			   STPLR_FEAT_NAMES)) !=
	    (STPLR_FEAT_PULSES | STPLR_FEAT_READWRITE | STPLR_FEAT_NAMES)) {
		printf("1..0 # SKIP the module lacks pulses, read/write or names\n");
		return 77;
	}
	stplr_ctx_close(fd);

	tap_plan(66);
	test_pulses();
	test_timeouts();
	test_read_write();
	test_names();
	return tap_done();
}
