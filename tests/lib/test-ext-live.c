// SPDX-License-Identifier: GPL-2.0
/*
 * test-ext-live: the libstplr 1.1 calls against the real stplr module.
 *
 * Pulses (user and module pulses: UNBLOCK, DISCONNECT, COIDDEATH),
 * pulse-only receives, the pulse queue limit, priority order, partial
 * reads and writes of a held message, names, and channel poll
 * descriptors.  Servers are threads of this process; a second context
 * (another open of the device) plays a separate client.
 *
 * Needs /dev/stplr-N (N from STPLR_DEVICE, default 0); without it, or
 * when the module lacks STPLR_FEAT_PULSES, prints "1..0 # SKIP" and exits
 * 77.  TAP output.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <stplr/stplr.h>

#include "tap.h"

#define NEEDED	(STPLR_FEAT_READWRITE | STPLR_FEAT_PULSES | \
		 STPLR_FEAT_NAMES | STPLR_FEAT_POLL)

static int fd;
static int dev_index;
static struct stplr_query query;

/* ---- a client thread that sends one message and records the outcome ---- */

struct sender {
	pthread_t thr;
	int fd;
	uint32_t coid;
	const void *msg;
	size_t len;
	char reply[64];
	int64_t timeout_ns;
	int ret;
	struct stplr_send_result res;
};

static void *sender_main(void *arg)
{
	struct sender *s = arg;

	s->ret = stplr_msg_send(s->fd, s->coid, s->msg, s->len, s->reply,
				sizeof(s->reply), s->timeout_ns, &s->res);
	return NULL;
}

static void sender_start(struct sender *s, int sfd, uint32_t coid,
			 const char *msg, int64_t timeout_ns)
{
	memset(s, 0, sizeof(*s));
	s->fd = sfd;
	s->coid = coid;
	s->msg = msg;
	s->len = strlen(msg);
	s->timeout_ns = timeout_ns;
	s->ret = 1;
	if (pthread_create(&s->thr, NULL, sender_main, s)) {
		printf("# pthread_create failed\n");
		exit(1);
	}
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- tests ---- */

static void test_pulses(void)
{
	struct stplr_msg_info info;
	struct stplr_pulse p;
	uint32_t chid, coid;
	uint64_t rcvid = 99;
	unsigned int i, n;
	char buf[16] = "untouched";
	int ret;

	tap_is(stplr_channel_create(fd, 0, 0, &chid), 0, "pulses: channel");
	tap_is(stplr_connect(fd, 0, chid, 0, &coid), 0, "pulses: connect");

	tap_is(stplr_msg_pulse(fd, coid, STPLR_PRIO_SELF, 5, 0xdeadbeef), 0,
	       "send a pulse, code 5");
	ret = stplr_msg_receive_any(fd, chid, buf, sizeof(buf), 0,
				    STPLR_TIMEOUT_NONE, &rcvid, &info, &p);
	tap_is(ret, STPLR_RECEIVED_PULSE, "receive_any returns a pulse");
	tap_ok(rcvid == 0 && p.code == 5 && p.value == 0xdeadbeef &&
	       (info.flags & STPLR_INFO_PULSE) && info.chid == chid &&
	       p.scoid == info.scoid && p.scoid != 0,
	       "pulse: rcvid %llu code %d value %#x scoid %u, info flags %#x",
	       (unsigned long long)rcvid, p.code, p.value, p.scoid,
	       info.flags);
	tap_ok(!strcmp(buf, "untouched"), "a pulse writes nothing to the list");

	tap_is(stplr_msg_pulse(fd, coid, STPLR_PRIO_SELF, 128, 0), -EINVAL,
	       "pulse code 128: -EINVAL");
	tap_is(stplr_msg_pulse(fd, coid, STPLR_PRIO_SELF, -33, 0), -EINVAL,
	       "pulse with a module code: -EINVAL");
	tap_is(stplr_msg_pulse(fd, 0x3ffffff0, STPLR_PRIO_SELF, 1, 0),
	       -ENOENT, "pulse on an unknown coid: -ENOENT");
	tap_is(stplr_msg_receive_pulse(fd, chid, 0, &p, NULL), -ETIMEDOUT,
	       "receive_pulse, timeout 0, empty: -ETIMEDOUT");
	tap_is(stplr_msg_receive_any(fd, chid, NULL, 0, 4, 0, NULL, NULL, &p),
	       -EINVAL, "receive_any with an unknown flag: -EINVAL");
	tap_is(stplr_msg_receive_any(fd, chid, NULL, 0, 0, 0, NULL, NULL,
				     NULL), -EINVAL,
	       "receive_any without a pulse buffer: -EINVAL");

	/* priority order: a priority-0 pulse, then one at our priority */
	tap_ok(!stplr_msg_pulse(fd, coid, 0, 1, 100) &&
	       !stplr_msg_pulse(fd, coid, STPLR_PRIO_SELF, 2, 200),
	       "two pulses at priorities 0 and own");
	ret = stplr_msg_receive_pulse(fd, chid, 0, &p, &info);
	tap_ok(ret == 0 && p.code == 2 && info.priority > 0,
	       "the higher priority comes first (code %d prio %u)", p.code,
	       info.priority);
	ret = stplr_msg_receive_pulse(fd, chid, 0, &p, &info);
	tap_ok(ret == 0 && p.code == 1 && info.priority == 0,
	       "then the priority-0 one (code %d prio %u)", p.code,
	       info.priority);

	/* the queue limit */
	n = 0;
	ret = 0;
	for (i = 0; i < query.max_pulses && !ret; i++) {
		ret = stplr_msg_pulse(fd, coid, STPLR_PRIO_SELF, 3, i);
		n += !ret;
	}
	if (!tap_ok(n == query.max_pulses, "%u of max_pulses %u pulses queued",
		    n, query.max_pulses))
		printf("#   pulse %u failed with %d\n", n, ret);
	tap_is(stplr_msg_pulse(fd, coid, STPLR_PRIO_SELF, 3, 0), -EAGAIN,
	       "one more: -EAGAIN");
	n = 0;
	while (!stplr_msg_receive_pulse(fd, chid, 0, &p, NULL))
		n += p.code == 3 && p.value == n;
	tap_ok(n == query.max_pulses, "all %u drained in order", n);

	tap_is(stplr_channel_destroy(fd, chid), 0, "pulses: destroy");
	tap_is(stplr_msg_pulse(fd, coid, STPLR_PRIO_SELF, 1, 0), -ESRCH,
	       "pulse to a destroyed channel: -ESRCH");
	stplr_disconnect(fd, coid);
}

/* A message stays queued while a pulse-only receive takes the pulse. */
static void test_pulse_only(void)
{
	struct stplr_pulse p;
	struct sender s;
	uint32_t chid, coid;
	uint64_t rcvid;
	char buf[16];
	int ret;

	stplr_channel_create(fd, 0, 0, &chid);
	stplr_connect(fd, 0, chid, 0, &coid);
	sender_start(&s, fd, coid, "msg", STPLR_TIMEOUT_NONE);
	msleep(50);	/* let it queue */
	stplr_msg_pulse(fd, coid, 0, 9, 9);
	ret = stplr_msg_receive_pulse(fd, chid, 1000000000, &p, NULL);
	tap_ok(ret == 0 && p.code == 9,
	       "pulse-only receive skips a queued message (%d, code %d)",
	       ret, p.code);
	ret = stplr_msg_receive_any(fd, chid, buf, sizeof(buf), 0,
				    1000000000, &rcvid, NULL, &p);
	tap_ok(ret == STPLR_RECEIVED_MSG && rcvid > 0,
	       "the message is still there (%d)", ret);
	stplr_msg_reply(fd, rcvid, 7, "ok", 2, NULL);
	pthread_join(s.thr, NULL);
	tap_ok(s.ret == 0 && s.res.status == 7, "its sender got the reply");
	stplr_channel_destroy(fd, chid);
	stplr_disconnect(fd, coid);
}

static void test_read_write(void)
{
	struct stplr_msg_info info;
	struct stplr_iov iov[2];
	struct sender s;
	uint32_t chid, coid;
	uint64_t rcvid, len = 99;
	char hdr[4], a[3], b[32];
	int ret;

	stplr_channel_create(fd, 0, 0, &chid);
	stplr_connect(fd, 0, chid, 0, &coid);
	sender_start(&s, fd, coid, "HDR:payload-bytes", STPLR_TIMEOUT_NONE);
	ret = stplr_msg_receive(fd, chid, hdr, sizeof(hdr), STPLR_TIMEOUT_NONE,
				&rcvid, &info);
	tap_ok(ret == 0 && info.msglen == 4 && info.srcmsglen == 17,
	       "receive the 4-byte header of 17");

	stplr_iov_set(&iov[0], a, sizeof(a));
	stplr_iov_set(&iov[1], b, sizeof(b));
	ret = stplr_msg_readv(fd, rcvid, 4, iov, 2, &len);
	tap_ok(ret == 0 && len == 13 && !memcmp(a, "pay", 3) &&
	       !memcmp(b, "load-bytes", 10),
	       "readv at offset 4: %llu bytes scattered", (unsigned long long)len);
	ret = stplr_msg_read(fd, rcvid, 12, b, 3, &len);
	tap_ok(ret == 0 && len == 3 && !memcmp(b, "byt", 3),
	       "read 3 at offset 12");
	len = 99;
	tap_ok(stplr_msg_read(fd, rcvid, 17, b, sizeof(b), &len) == 0 &&
	       len == 0, "read at the end: 0 bytes");
	tap_ok(stplr_msg_read(fd, rcvid, 1000, b, sizeof(b), &len) == 0 &&
	       len == 0, "read past the end: 0 bytes");

	ret = stplr_msg_write(fd, rcvid, 6, "world", 5, &len);
	tap_ok(ret == 0 && len == 5, "write 5 bytes at reply offset 6");
	stplr_iov_set(&iov[0], "wor", 3);
	stplr_iov_set(&iov[1], "ld!", 3);
	ret = stplr_msg_writev(fd, rcvid, 62, iov, 2, &len);
	tap_ok(ret == 0 && len == 2, "writev past the reply buffer: 2 of 6");
	ret = stplr_msg_reply(fd, rcvid, 11, "hello ", 6, NULL);
	tap_is(ret, 0, "reply 6 bytes");
	pthread_join(s.thr, NULL);
	tap_ok(s.ret == 0 && s.res.status == 11 &&
	       !memcmp(s.reply, "hello world", 11) &&
	       !memcmp(s.reply + 62, "wo", 2),
	       "client sees the written and replied bytes (len %llu)",
	       (unsigned long long)s.res.len);

	tap_is(stplr_msg_read(fd, rcvid, 0, b, 1, NULL), -ESRCH,
	       "read a replied rcvid: -ESRCH");
	tap_is(stplr_msg_write(fd, 0x7ffffff0, 0, b, 1, NULL), -ESRCH,
	       "write an unknown rcvid: -ESRCH");
	tap_is(stplr_msg_readv(fd, 1, 0, NULL, 1, NULL), -EFAULT,
	       "readv with a NULL list: -EFAULT");
	stplr_channel_destroy(fd, chid);
	stplr_disconnect(fd, coid);
}

static void test_names(void)
{
	char name[80], longname[STPLR_NAME_MAX + 1];
	uint32_t chid, chid2, coid, c2;
	struct stplr_send_result res;
	struct sender s;
	uint64_t rcvid;
	char buf[8];
	int ret;

	snprintf(name, sizeof(name), "test-ext/%d", (int)getpid());
	stplr_channel_create(fd, 0, 0, &chid);
	stplr_channel_create(fd, 0, 0, &chid2);
	tap_is(stplr_name_attach(fd, chid, name), 0, "attach %s", name);
	tap_is(stplr_name_attach(fd, chid2, name), -EEXIST,
	       "the same name again: -EEXIST");
	tap_is(stplr_name_attach(fd, chid, "other-name"), -EBUSY,
	       "a second name for the channel: -EBUSY");
	ret = stplr_name_attach(fd, chid2, "/lead") == -EINVAL &&
	      stplr_name_attach(fd, chid2, "trail/") == -EINVAL &&
	      stplr_name_attach(fd, chid2, "a//b") == -EINVAL &&
	      stplr_name_attach(fd, chid2, "a/../b") == -EINVAL &&
	      stplr_name_attach(fd, chid2, ".") == -EINVAL &&
	      stplr_name_attach(fd, chid2, "") == -EINVAL &&
	      stplr_name_attach(fd, chid2, NULL) == -EINVAL;
	tap_ok(ret, "malformed names: -EINVAL");
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	tap_is(stplr_name_attach(fd, chid2, longname), -ENAMETOOLONG,
	       "a %zu-byte name: -ENAMETOOLONG", strlen(longname));
	longname[STPLR_NAME_MAX - 1] = 0;
	tap_is(stplr_name_attach(fd, chid2, longname), 0,
	       "a %zu-byte name is fine", strlen(longname));
	tap_is(stplr_name_attach(fd, 0x7ffffff0, "x"), -ENOENT,
	       "attach to an unknown chid: -ENOENT");

	tap_is(stplr_name_open(fd, name, 0, &coid), 0, "name_open");
	tap_is(stplr_name_open(fd, name, STPLR_CONNECT_SIDE_CHANNEL, &c2), 0,
	       "name_open, side channel");
	tap_ok(c2 >= STPLR_SIDE_CHANNEL, "coid %#x is a side channel", c2);
	sender_start(&s, fd, coid, "via name", STPLR_TIMEOUT_NONE);
	ret = stplr_msg_receive(fd, chid, buf, sizeof(buf), 1000000000,
				&rcvid, NULL);
	if (!ret)
		stplr_msg_reply(fd, rcvid, 3, NULL, 0, NULL);
	pthread_join(s.thr, NULL);
	tap_ok(!ret && !s.ret && s.res.status == 3,
	       "a message through the named connection reaches the channel");
	tap_is(stplr_name_open(fd, "no-such-name", 0, &c2), -ENOENT,
	       "name_open an unknown name: -ENOENT");
	tap_is(stplr_name_open(fd, name, 0, NULL), -EINVAL,
	       "name_open with a NULL coid: -EINVAL");

	tap_is(stplr_name_detach(fd, chid, "wrong"), -ENOENT,
	       "detach under a wrong name: -ENOENT");
	tap_is(stplr_name_detach(fd, chid, name), 0, "detach");
	tap_is(stplr_name_open(fd, name, 0, &c2), -ENOENT,
	       "name_open after detach: -ENOENT");
	tap_is(stplr_msg_send(fd, coid, "x", 1, NULL, 0, 0, &res), -ETIMEDOUT,
	       "the old connection still reaches the channel");
	tap_is(stplr_name_attach(fd, chid, name), 0, "attach again");
	stplr_channel_destroy(fd, chid);
	tap_is(stplr_name_open(fd, name, 0, &c2), -ENOENT,
	       "destroying the channel withdraws its name");
	stplr_channel_destroy(fd, chid2);
	tap_is(stplr_name_open(fd, longname, 0, &c2), -ENOENT,
	       "... both names");
	stplr_disconnect(fd, coid);
}

static short poll_now(int pfd)
{
	struct pollfd p = { .fd = pfd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void test_pollfd(void)
{
	struct stplr_pulse p;
	uint32_t chid, coid;
	int pfd = -1, ret;
	short ev;

	stplr_channel_create(fd, 0, 0, &chid);
	stplr_connect(fd, 0, chid, 0, &coid);
	tap_is(stplr_channel_pollfd(fd, chid, &pfd), 0, "channel_pollfd");
	tap_ok(pfd >= 0 && (fcntl(pfd, F_GETFD) & FD_CLOEXEC),
	       "a close-on-exec descriptor (%d)", pfd);
	tap_is(poll_now(pfd), 0, "empty channel: no events");
	stplr_msg_pulse(fd, coid, STPLR_PRIO_SELF, 1, 1);
	tap_ok(poll_now(pfd) & POLLIN, "a queued pulse: POLLIN");
	ret = stplr_msg_receive_pulse(fd, chid, 0, &p, NULL);
	tap_ok(!ret && poll_now(pfd) == 0, "received: no events again");
	stplr_channel_destroy(fd, chid);
	ev = poll_now(pfd);
	tap_ok(ev & POLLHUP, "destroyed channel: POLLHUP (%#x)", ev);
	tap_is(close(pfd), 0, "close it");
	tap_is(stplr_channel_pollfd(fd, chid, &pfd), -ENOENT,
	       "pollfd of an unknown chid: -ENOENT");
	tap_is(stplr_channel_pollfd(fd, chid, NULL), -EINVAL,
	       "pollfd with NULL: -EINVAL");
	stplr_disconnect(fd, coid);
}

/* Module pulses: UNBLOCK, DISCONNECT and COIDDEATH. */
static void test_module_pulses(void)
{
	struct stplr_msg_info info;
	struct stplr_pulse p;
	struct sender s;
	uint32_t chid, coid, chid2, ccoid, chid3;
	uint64_t rcvid, rcvid2;
	char buf[8];
	int fd2, ret;

	/* UNBLOCK: a timed-out sender stays until the server answers */
	stplr_channel_create(fd, STPLR_CHF_UNBLOCK, 0, &chid);
	stplr_connect(fd, 0, chid, 0, &coid);
	sender_start(&s, fd, coid, "slow", 100000000);
	ret = stplr_msg_receive(fd, chid, buf, sizeof(buf), 1000000000,
				&rcvid, NULL);
	tap_is(ret, 0, "UNBLOCK channel: receive the message");
	ret = stplr_msg_receive_any(fd, chid, NULL, 0, 0, 2000000000, &rcvid2,
				    NULL, &p);
	tap_ok(ret == STPLR_RECEIVED_PULSE && p.code == STPLR_PULSE_UNBLOCK &&
	       p.value == rcvid, "the timeout gives an UNBLOCK pulse, value = "
	       "rcvid (%d, code %d, value %u)", ret, p.code, p.value);
	tap_ok(s.ret == 1, "the sender is still blocked");
	tap_is(stplr_msg_error(fd, rcvid, ETIMEDOUT), 0,
	       "the server fails it with ETIMEDOUT");
	pthread_join(s.thr, NULL);
	tap_is(s.ret, -ETIMEDOUT, "the sender gets -ETIMEDOUT");
	stplr_channel_destroy(fd, chid);
	stplr_disconnect(fd, coid);

	/* DISCONNECT: another context's last connection going away */
	stplr_channel_create(fd, STPLR_CHF_DISCONNECT, 0, &chid);
	if (stplr_ctx_open(dev_index, &fd2)) {
		tap_skip("no second context", "DISCONNECT pulse");
		tap_skip("no second context", "DISCONNECT scoid");
	} else {
		stplr_connect(fd2, getpid(), chid, 0, &coid);
		stplr_connect(fd2, getpid(), chid, 0, &ccoid);
		sender_start(&s, fd2, coid, "hi", STPLR_TIMEOUT_NONE);
		stplr_msg_receive(fd, chid, buf, sizeof(buf),
				  1000000000, &rcvid, &info);
		stplr_msg_reply(fd, rcvid, 0, NULL, 0, NULL);
		pthread_join(s.thr, NULL);
		stplr_disconnect(fd2, coid);
		ret = stplr_msg_receive_pulse(fd, chid, 0, &p, NULL);
		tap_is(ret, -ETIMEDOUT, "no pulse while a connection remains");
		stplr_ctx_close(fd2);	/* the last one goes with it */
		ret = stplr_msg_receive_pulse(fd, chid, 1000000000, &p, NULL);
		tap_ok(ret == 0 && p.code == STPLR_PULSE_DISCONNECT &&
		       p.scoid == info.scoid,
		       "DISCONNECT pulse with the client's scoid %u (%d, code %d, scoid %u)",
		       info.scoid, ret, p.code, p.scoid);
	}
	stplr_channel_destroy(fd, chid);

	/* COIDDEATH: our connection's channel is destroyed */
	stplr_channel_create(fd, STPLR_CHF_COID_DISCONNECT, 0, &chid3);
	stplr_channel_create(fd, 0, 0, &chid2);
	stplr_connect(fd, 0, chid2, 0, &ccoid);
	stplr_channel_destroy(fd, chid2);
	ret = stplr_msg_receive_pulse(fd, chid3, 1000000000, &p, NULL);
	tap_ok(ret == 0 && p.code == STPLR_PULSE_COIDDEATH &&
	       p.value == ccoid, "COIDDEATH pulse with the coid %u (%d, code %d, value %u)",
	       ccoid, ret, p.code, p.value);
	stplr_disconnect(fd, ccoid);
	stplr_channel_destroy(fd, chid3);
}

int main(void)
{
	const char *dev = getenv("STPLR_DEVICE");
	int ret;

	dev_index = dev ? atoi(dev) : 0;
	ret = stplr_ctx_open(dev_index, &fd);
	if (ret == -ENOENT) {
		printf("1..0 # SKIP no stapler device (module not loaded)\n");
		return 77;
	}
	if (ret || stplr_query(fd, &query)) {
		printf("1..1\nnot ok 1 - open and query the device (%d)\n", ret);
		return 1;
	}
	if ((query.features & NEEDED) != NEEDED) {
		printf("1..0 # SKIP module features %#llx lack pulses, "
		       "read/write, names or poll\n",
		       (unsigned long long)query.features);
		return 77;
	}
	tap_plan(75);
	tap_ok(query.max_pulses > 0, "max_pulses %u", query.max_pulses);
	tap_is(stplr_channel_create(fd, STPLR_CHF_MODE | STPLR_CHF_UNBLOCK |
				    STPLR_CHF_DISCONNECT |
				    STPLR_CHF_COID_DISCONNECT |
				    STPLR_CHF_THREAD_DEATH |
				    STPLR_CHF_FIXED_PRIORITY, 0666,
				    &(uint32_t){ 0 }), 0,
	       "channel with every STPLR_CHF_* flag");

	test_pulses();
	test_pulse_only();
	test_read_write();
	test_names();
	test_pollfd();
	test_module_pulses();

	tap_is(stplr_ctx_close(fd), 0, "close the context");
	return tap_done();
}
