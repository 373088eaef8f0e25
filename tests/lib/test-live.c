// SPDX-License-Identifier: GPL-2.0
/*
 * test-live: libstplr against the real stplr module.
 *
 * A server thread receives on a channel of the process's own context and
 * the main thread talks to it through the library: query, channels,
 * connections, gather/scatter send-receive with truncation on both
 * sides, the sender details of struct stplr_msg_info, errors from the
 * server, one-way messages, timeouts and stale ids.
 *
 * Needs /dev/stplr-N (N from STPLR_DEVICE, default 0); without it prints
 * "1..0 # SKIP" and exits 77.  TAP output.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <stplr/stplr.h>

#include "tap.h"

#define SRV_BUF	64

static int fd;
static uint32_t chid;

/* What the server saw last (read by the main thread after the exchange). */
static struct stplr_msg_info last_info;
static uint64_t last_rcvid;
static struct stplr_msg_info oneway_info;
static int oneway_seen;
static int server_err;

/*
 * The server: echoes a message whose first byte is 'E' (status = bytes
 * received), fails 'R' with EPERM, stops after 'Q', records one-way
 * messages.
 */
static void *server(void *arg)
{
	char buf[SRV_BUF];
	struct stplr_iov iov[2], riov[2];
	struct stplr_msg_info info;
	uint64_t rcvid, first;
	int ret;

	(void)arg;
	for (;;) {
		/* Two receive buffers: 5 bytes, then the rest. */
		stplr_iov_set(&iov[0], buf, 5);
		stplr_iov_set(&iov[1], buf + 5, sizeof(buf) - 5);
		ret = stplr_msg_receivev(fd, chid, iov, 2, STPLR_TIMEOUT_NONE,
					 &rcvid, &info);
		if (ret == -EINTR)
			continue;
		if (ret) {
			server_err = ret;
			return NULL;
		}
		if (!rcvid) {
			oneway_info = info;
			oneway_seen++;
			continue;
		}
		last_info = info;
		last_rcvid = rcvid;
		switch (info.msglen ? buf[0] : 0) {
		case 'E':
			first = info.msglen < 5 ? info.msglen : 5;
			stplr_iov_set(&riov[0], buf, first);
			stplr_iov_set(&riov[1], buf + 5, info.msglen - first);
			ret = stplr_msg_replyv(fd, rcvid, (int64_t)info.msglen,
					       riov, 2, NULL);
			break;
		case 'R':
			ret = stplr_msg_error(fd, rcvid, EPERM);
			break;
		case 'Q':
			stplr_msg_reply(fd, rcvid, 0, NULL, 0, NULL);
			return NULL;
		default:
			ret = stplr_msg_error(fd, rcvid, ENOSYS);
			break;
		}
		if (ret)
			server_err = ret;
	}
}

static void test_query(void)
{
	struct stplr_query q;
	unsigned int i, zero = 1;

	tap_is(stplr_query(fd, &q), 0, "query");
	tap_ok(q.major == STPLR_VERSION_MAJOR, "ABI major %u (want %d)",
	       q.major, STPLR_VERSION_MAJOR);
	tap_ok(q.iov_max == STPLR_IOV_MAX, "iov_max %u", q.iov_max);
	tap_ok((q.features & (STPLR_FEAT_CHANNELS | STPLR_FEAT_SENDRECV)) ==
	       (STPLR_FEAT_CHANNELS | STPLR_FEAT_SENDRECV),
	       "features %#llx include channels and send/receive",
	       (unsigned long long)q.features);
	for (i = 0; i < sizeof(q.reserved) / sizeof(q.reserved[0]); i++)
		zero &= q.reserved[i] == 0;
	tap_ok(zero && q.max_msg_size > 0, "reserved zero, max_msg_size %llu",
	       (unsigned long long)q.max_msg_size);
}

static int has_timeouts(void)
{
	struct stplr_query q;

	return !stplr_query(fd, &q) && (q.features & STPLR_FEAT_TIMEOUT);
}

int main(void)
{
	const char *dev = getenv("STPLR_DEVICE");
	char part1[5] = { 'E', 'h', 'e', 'l', 'l' }, part2[5] = "o wor";
	char big[100], r1[3], r2[100], small[4];
	struct stplr_iov siov[2], riov[2];
	struct stplr_send_result res;
	uint32_t coid, coid2, chid2, coid3, id;
	pthread_t thr;
	uint64_t rcvid;
	int ret;

	ret = stplr_ctx_open(dev ? atoi(dev) : 0, &fd);
	if (ret == -ENOENT) {
		printf("1..0 # SKIP no stapler device (module not loaded)\n");
		return 77;
	}
	tap_plan(43);
	tap_is(ret, 0, "open the device");
	if (ret)
		return 1;

	test_query();

	tap_is(stplr_channel_create(fd, 0, 0, &chid), 0, "create a channel");
	tap_is(stplr_connect(fd, 0, chid, 0, &coid), 0,
	       "connect to it with pid 0 (own process)");
	tap_is(stplr_connect(fd, getpid(), chid, STPLR_CONNECT_SIDE_CHANNEL,
			     &coid2), 0, "connect with getpid(), side channel");
	tap_ok(coid2 >= STPLR_SIDE_CHANNEL && coid2 != coid,
	       "side-channel coid %#x >= STPLR_SIDE_CHANNEL", coid2);
	if (pthread_create(&thr, NULL, server, NULL)) {
		printf("# pthread_create failed\n");
		return 1;
	}

	/* gather 5 + 5 bytes, scatter the reply into 3 + 100 */
	stplr_iov_set(&siov[0], part1, sizeof(part1));
	stplr_iov_set(&siov[1], part2, sizeof(part2));
	stplr_iov_set(&riov[0], r1, sizeof(r1));
	stplr_iov_set(&riov[1], r2, sizeof(r2));
	tap_is(stplr_msg_sendv(fd, coid, siov, 2, riov, 2, STPLR_TIMEOUT_NONE,
			       &res), 0, "sendv echo");
	tap_ok(res.status == 10 && res.len == 10 && res.srclen == 10,
	       "status %lld, reply %llu of %llu bytes", (long long)res.status,
	       (unsigned long long)res.len, (unsigned long long)res.srclen);
	tap_ok(!memcmp(r1, "Ehe", 3) && !memcmp(r2, "llo wor", 7),
	       "reply scattered over both buffers");
	tap_ok(last_rcvid > 0 && last_rcvid <= 0x7fffffff,
	       "rcvid %llu in 1..2^31-1", (unsigned long long)last_rcvid);
	tap_ok(last_info.pid == (uint32_t)getpid() &&
	       last_info.tid == (uint32_t)gettid() &&
	       last_info.chid == chid && last_info.coid == coid,
	       "info: pid %u tid %u chid %u coid %u", last_info.pid,
	       last_info.tid, last_info.chid, last_info.coid);
	tap_ok(last_info.msglen == 10 && last_info.srcmsglen == 10 &&
	       last_info.dstmsglen == 103 &&
	       (last_info.flags & STPLR_INFO_REPLY),
	       "info: msglen %llu srcmsglen %llu dstmsglen %llu flags %#x",
	       (unsigned long long)last_info.msglen,
	       (unsigned long long)last_info.srcmsglen,
	       (unsigned long long)last_info.dstmsglen, last_info.flags);

	/* the reply is truncated by a small reply buffer */
	tap_is(stplr_msg_send(fd, coid2, part1, 5, small, sizeof(small),
			      STPLR_TIMEOUT_NONE, &res), 0,
	       "send with a 4-byte reply buffer");
	tap_ok(res.status == 5 && res.len == 4 && res.srclen == 5 &&
	       !memcmp(small, "Ehel", 4), "reply truncated: %llu of %llu",
	       (unsigned long long)res.len, (unsigned long long)res.srclen);
	tap_ok(last_info.coid == coid2, "info.coid is the side channel");

	/* the request is truncated by the server's 64 bytes */
	memset(big, 'x', sizeof(big));
	big[0] = 'E';
	tap_is(stplr_msg_send(fd, coid, big, sizeof(big), r2, sizeof(r2),
			      STPLR_TIMEOUT_NONE, &res), 0,
	       "send 100 bytes to a 64-byte receive list");
	tap_ok(res.status == SRV_BUF && last_info.msglen == SRV_BUF &&
	       last_info.srcmsglen == sizeof(big),
	       "server got %llu of %llu bytes",
	       (unsigned long long)last_info.msglen,
	       (unsigned long long)last_info.srcmsglen);

	/* errors chosen by the server */
	tap_is(stplr_msg_send(fd, coid, "R", 1, NULL, 0, STPLR_TIMEOUT_NONE,
			      &res), -EPERM, "server's msg_error(EPERM)");
	tap_is(stplr_msg_send(fd, coid, "?", 1, NULL, 0, STPLR_TIMEOUT_NONE,
			      NULL), -ENOSYS, "server's msg_error(ENOSYS)");

	/* one-way messages arrive with rcvid 0 */
	tap_is(stplr_msg_send_oneway(fd, coid, "O1", 2, STPLR_TIMEOUT_NONE), 0,
	       "one-way send");
	stplr_iov_set(&siov[0], "O2", 2);
	stplr_iov_set(&siov[1], "-x", 2);
	tap_is(stplr_msg_send_onewayv(fd, coid, siov, 2, STPLR_TIMEOUT_NONE),
	       0, "one-way sendv");
	/* a synchronous exchange orders the server's bookkeeping */
	stplr_msg_send(fd, coid, "E", 1, NULL, 0, STPLR_TIMEOUT_NONE, NULL);
	tap_ok(oneway_seen == 2 && oneway_info.msglen == 4 &&
	       oneway_info.dstmsglen == 0 &&
	       !(oneway_info.flags & STPLR_INFO_REPLY),
	       "server saw 2 one-way messages (msglen %llu, flags %#x)",
	       (unsigned long long)oneway_info.msglen, oneway_info.flags);

	/* stale and unknown ids */
	tap_is(stplr_msg_reply(fd, last_rcvid, 0, NULL, 0, NULL), -ESRCH,
	       "reply to an ended rcvid: -ESRCH");
	tap_is(stplr_msg_error(fd, 0x7ffffff0, EIO), -ESRCH,
	       "error to an unknown rcvid: -ESRCH");
	tap_is(stplr_disconnect(fd, 0x3fffffff), -ENOENT,
	       "disconnect an unknown coid: -ENOENT");
	tap_is(stplr_channel_destroy(fd, 0x7ffffff0), -ENOENT,
	       "destroy an unknown chid: -ENOENT");
	tap_is(stplr_connect(fd, 0, 0x7ffffff0, 0, &id), -ESRCH,
	       "connect to an unknown chid: -ESRCH");
	tap_is(stplr_channel_create(fd, 1ull << 63, 0, &id), -EINVAL,
	       "unknown channel flag: -EINVAL");
	tap_is(stplr_channel_create(fd, STPLR_CHF_MODE, 01000, &id), -EINVAL,
	       "mode outside 0777: -EINVAL");

	/* timeouts, on a channel nobody receives on */
	tap_is(stplr_channel_create(fd, STPLR_CHF_MODE, 0600, &chid2), 0,
	       "create a second channel");
	tap_is(stplr_connect(fd, 0, chid2, 0, &coid3), 0, "connect to it");
	if (has_timeouts()) {
		tap_is(stplr_msg_receive(fd, chid2, big, sizeof(big), 0, &rcvid,
					 NULL), -ETIMEDOUT,
		       "receive with timeout 0 on an empty channel");
		tap_is(stplr_msg_send(fd, coid3, "E", 1, NULL, 0, 1000000,
				      NULL), -ETIMEDOUT,
		       "send with a 1 ms timeout, nobody receiving");
	} else {
		tap_skip("no STPLR_FEAT_TIMEOUT", "receive timeout");
		tap_skip("no STPLR_FEAT_TIMEOUT", "send timeout");
	}
	tap_is(stplr_channel_destroy(fd, chid2), 0, "destroy it");
	tap_is(stplr_msg_send(fd, coid3, "E", 1, NULL, 0, STPLR_TIMEOUT_NONE,
			      NULL), -ESRCH, "send to a destroyed channel: -ESRCH");

	/* stop the server */
	ret = stplr_msg_send(fd, coid, "Q", 1, NULL, 0, STPLR_TIMEOUT_NONE,
			     NULL);
	if (!ret)
		pthread_join(thr, NULL);
	tap_ok(!ret && !server_err, "server stopped cleanly (%d, %d)", ret,
	       server_err);

	stplr_disconnect(fd, coid3);	/* its channel is gone already */
	tap_ok(!stplr_disconnect(fd, coid) && !stplr_disconnect(fd, coid2),
	       "disconnect both connections");
	tap_is(stplr_channel_destroy(fd, chid), 0, "destroy the channel");
	tap_is(stplr_ctx_close(fd), 0, "close the context");
	return tap_done();
}
