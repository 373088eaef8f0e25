// SPDX-License-Identifier: GPL-2.0
/*
 * Small replies inline and receive ids without an xarray (issue 12).  A
 * reply list of at most inline_max bytes gets its reply staged in the
 * message by the replier and copied out by the sender in its own call.
 * What must hold: every byte and length at the threshold's edges and in
 * gather lists, nothing written past what was copied, a sender reply
 * buffer that faults failing only the sender (the reply succeeds), a
 * sender stuck on its own userfaultfd page not holding the server, a
 * sender killed at any point, MSG_WRITE before a small reply, no
 * cross-talk between concurrent senders, and receive ids that are never
 * reused soon and never reach another context.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

#define T_INLINE_DEFAULT 256

FIXTURE(ri) {
	int fd;
	uint32_t chid, coid;
	long saved;
};

FIXTURE_SETUP(ri)
{
	self->saved = t_param_get("inline_max");
	ASSERT_GE(self->saved, 0);
	ASSERT_EQ(0, t_param_set("inline_max", T_INLINE_DEFAULT));
	self->fd = t_open();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, t_channel(self->fd, &self->chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, self->chid, &self->coid));
}

FIXTURE_TEARDOWN(ri)
{
	t_param_set("inline_max", (unsigned int)self->saved);
	close(self->fd);
}

/*
 * A child sends "q" with a reply list of @rlen bytes in @nseg segments,
 * prefilled with 0xee, and checks: the call's result, status 7, reply_len
 * @want, reply_srclen @srclen, the pattern in the first @want bytes and
 * 0xee after them.  Exit 0 when all hold.
 */
static pid_t send_for_reply(int fd, uint32_t coid, size_t rlen, int nseg,
			    size_t want, size_t srclen)
{
	pid_t pid = fork();

	if (pid == 0) {
		unsigned char *b = malloc(rlen + 1);
		struct stplr_iov iov[3], siov = { t_ptr("q"), 1 };
		struct stplr_msg_send m = {
			.coid = coid, .n_send = 1, .send_iov = t_ptr(&siov),
			.n_reply = (uint32_t)nseg, .reply_iov = t_ptr(iov),
		};
		size_t off = 0;

		memset(b, 0xee, rlen + 1);
		for (int i = 0; i < nseg; i++) {
			size_t part = i == nseg - 1 ? rlen - off : rlen / nseg;

			iov[i].base = t_ptr(b + off);
			iov[i].len = part;
			off += part;
		}
		if (t_ioctl(fd, STPLR_MSG_SEND_RECEIVE, &m))
			_exit(1);
		if (m.status != 7 || m.reply_len != want ||
		    m.reply_srclen != srclen)
			_exit(2);
		for (size_t k = 0; k < want; k++)
			if (b[k] != (unsigned char)(k * 29 + 5))
				_exit(3);
		for (size_t k = want; k <= rlen; k++)
			if (b[k] != 0xee)
				_exit(4);
		_exit(0);
	}
	return pid;
}

/* The module says it does this. */
TEST_F(ri, feature_bit)
{
	struct stplr_query q = { 0 };

	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_IOC_QUERY, &q));
	EXPECT_TRUE(q.features & STPLR_FEAT_REPLY_INLINE);
}

/* Reply and sender lists around the threshold, whole and in segments. */
TEST_F(ri, sizes_segments_and_truncation)
{
	static const size_t rlens[] = { 1, 8, 64, 255, 256, 257, 1024 };
	static const size_t slens[] = { 0, 1, 64, 256, 300 };
	unsigned char src[400], buf[8];

	for (size_t k = 0; k < sizeof(src); k++)
		src[k] = (unsigned char)(k * 29 + 5);
	for (size_t i = 0; i < sizeof(rlens) / sizeof(rlens[0]); i++) {
		for (size_t j = 0; j < sizeof(slens) / sizeof(slens[0]); j++) {
			int nseg = 1 + (int)((i + j) % 3);
			size_t rlen = rlens[i], slen = slens[j];
			size_t want = rlen < slen ? rlen : slen;
			pid_t c;
			int64_t rcvid;

			if ((size_t)nseg > rlen)
				nseg = 1;
			c = send_for_reply(self->fd, self->coid, rlen, nseg,
					   want, slen);
			ASSERT_GT(c, 0);
			rcvid = t_receive_timeout(self->fd, self->chid, buf,
						  sizeof(buf), 5000000000LL,
						  NULL);
			ASSERT_GT(rcvid, 0);
			ASSERT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 7,
					     slen ? src : NULL, slen));
			ASSERT_EQ(0, t_child_status(c)) {
				TH_LOG("reply list %zu in %d, reply %zu", rlen,
				       nseg, slen);
			}
		}
	}
}

/*
 * The sender's small reply list is read-only or unmapped: the reply
 * succeeds (the replier's part is done), the sender's call fails with
 * EFAULT, and the server's next message is not disturbed.  With inline
 * replies off, the pinned path keeps its rule: EFAULT for both.
 */
TEST_F(ri, sender_reply_buffer_faults)
{
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	char buf[8], reply[8];
	int64_t rcvid;
	pid_t c;

	ASSERT_NE(MAP_FAILED, ro);
	for (int round = 0; round < 3; round++) {
		void *target = round == 1 ? (void *)4096 : ro;

		if (round == 2)
			ASSERT_EQ(0, t_param_set("inline_max", 0));
		c = fork();
		ASSERT_GE(c, 0);
		if (c == 0)
			_exit(t_send(self->fd, self->coid, "x", 1, target, 16,
				     NULL) == -EFAULT ? 0 : 1);
		rcvid = t_receive_timeout(self->fd, self->chid, buf,
					  sizeof(buf), 5000000000LL, NULL);
		ASSERT_GT(rcvid, 0);
		EXPECT_EQ(round == 2 ? -EFAULT : 0,
			  t_reply(self->fd, (uint64_t)rcvid, 0, "0123456789",
				  10));
		EXPECT_EQ(0, t_child_status(c));
		/* The rcvid is gone either way. */
		EXPECT_EQ(-ESRCH, t_reply(self->fd, (uint64_t)rcvid, 0, "x", 1));
	}
	c = fork();
	ASSERT_GE(c, 0);
	if (c == 0)
		_exit(t_send(self->fd, self->coid, "ok", 2, reply,
			     sizeof(reply), NULL) ? 1 : 0);
	rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				  5000000000LL, NULL);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "fine", 4));
	EXPECT_EQ(0, t_child_status(c));
	munmap(ro, 4096);
}

/* A reply buffer the sender never touched is faulted in by its copy. */
TEST_F(ri, sender_reply_page_not_present)
{
	char *fresh = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[8];
	int64_t rcvid;
	pid_t c;

	ASSERT_NE(MAP_FAILED, fresh);
	c = fork();
	ASSERT_GE(c, 0);
	if (c == 0) {
		struct stplr_msg_send out;

		if (t_send(self->fd, self->coid, "x", 1, fresh + 4000, 64,
			   &out))
			_exit(1);
		_exit(out.reply_len == 5 && !memcmp(fresh + 4000, "fresh", 5) ?
		      0 : 2);
	}
	rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				  5000000000LL, NULL);
	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "fresh", 5));
	EXPECT_EQ(0, t_child_status(c));
	munmap(fresh, 4096);
}

static char *ri_page;

/* Serves the one fault of ri_page with a zero page. */
static void *ri_uffd_serve(void *arg)
{
	static char zero[4096];
	int uffd = (int)(intptr_t)arg;
	struct uffd_msg um;
	struct uffdio_copy cp = {
		.dst = t_ptr(ri_page), .src = t_ptr(zero), .len = 4096,
	};

	if (read(uffd, &um, sizeof(um)) == sizeof(um))
		ioctl(uffd, UFFDIO_COPY, &cp);
	return NULL;
}

/*
 * The sender's reply buffer is a userfaultfd page nobody serves: the
 * server's reply returns at once (it never touches that page); the sender
 * waits on its own fault, and a kill ends it.  Then the same with the
 * page served: the bytes arrive.
 */
TEST_F(ri, sender_reply_page_on_userfaultfd)
{
	for (int serve = 0; serve < 2; serve++) {
		int64_t rcvid;
		char buf[8];
		pid_t c;
		int p[2];

		ASSERT_EQ(0, pipe(p));
		c = fork();
		ASSERT_GE(c, 0);
		if (c == 0) {
			struct stplr_msg_send out;
			pthread_t h;
			int uffd = t_uffd_page(&ri_page);

			if (write(p[1], &uffd, sizeof(uffd)) != sizeof(uffd) ||
			    uffd < 0)
				_exit(5);
			if (serve && pthread_create(&h, NULL, ri_uffd_serve,
						    (void *)(intptr_t)uffd))
				_exit(6);
			if (t_send(self->fd, self->coid, "x", 1, ri_page, 32, &out))
				_exit(1);
			_exit(out.reply_len == 4 && !memcmp(ri_page, "uffd", 4) ?
			      0 : 2);
		}
		close(p[1]);
		{
			int uffd = -1;

			ASSERT_EQ(sizeof(uffd), read(p[0], &uffd, sizeof(uffd)));
			close(p[0]);
			if (uffd < 0) {
				t_child_status(c);
				SKIP(return, "no userfaultfd: %d", uffd);
			}
		}
		rcvid = t_receive_timeout(self->fd, self->chid, buf,
					  sizeof(buf), 5000000000LL, NULL);
		ASSERT_GT(rcvid, 0);
		/* Returns without waiting for the sender's page. */
		EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "uffd", 4));
		if (serve) {
			EXPECT_EQ(0, t_child_status(c));
			continue;
		}
		usleep(200000);
		EXPECT_EQ(0, waitpid(c, NULL, WNOHANG));
		kill(c, SIGKILL);
		EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	}
}

/* MSG_WRITE at an offset, then a shorter small reply at offset 0. */
TEST_F(ri, msg_write_then_small_reply)
{
	struct stplr_iov iov = { t_ptr("WRITTEN"), 7 };
	struct stplr_msg_rw rw = { .offset = 10, .iov = t_ptr(&iov), .n_iov = 1 };
	char buf[8];
	int64_t rcvid;
	pid_t c = fork();

	ASSERT_GE(c, 0);
	if (c == 0) {
		char r[32];
		struct stplr_msg_send out;

		memset(r, '.', sizeof(r));
		if (t_send(self->fd, self->coid, "x", 1, r, sizeof(r), &out))
			_exit(1);
		_exit(out.reply_len == 3 && !memcmp(r, "abc", 3) &&
		      !memcmp(r + 10, "WRITTEN", 7) && r[3] == '.' ? 0 : 2);
	}
	rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
				  5000000000LL, NULL);
	ASSERT_GT(rcvid, 0);
	rw.rcvid = (uint64_t)rcvid;
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_WRITE, &rw));
	EXPECT_EQ(7, rw.len);
	EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "abc", 3));
	EXPECT_EQ(0, t_child_status(c));
}

struct ri_worker {
	int fd;
	uint32_t id;
	int rounds;
	int bad;
};

/* Sends its id and a counter; the reply must echo both, reversed. */
static void *ri_client(void *arg)
{
	struct ri_worker *w = arg;

	for (int i = 0; i < w->rounds; i++) {
		uint32_t q[2] = { w->id, (uint32_t)i }, r[2] = { 0, 0 };

		if (t_send(w->fd, w->id >> 16, q, sizeof(q), r, sizeof(r),
			   NULL) || r[0] != (uint32_t)i || r[1] != w->id)
			w->bad++;
	}
	return NULL;
}

static void *ri_server(void *arg)
{
	struct ri_worker *w = arg;

	for (;;) {
		uint32_t q[2], r[2];
		int64_t rcvid = t_receive_timeout(w->fd, w->id, q, sizeof(q),
						  3000000000LL, NULL);

		if (rcvid < 0)
			break;
		r[0] = q[1];
		r[1] = q[0];
		if (t_reply(w->fd, (uint64_t)rcvid, 0, r, sizeof(r)))
			w->bad++;
	}
	return NULL;
}

/* Eight client threads, three server threads: no reply reaches another. */
TEST_F(ri, concurrent_senders_no_crosstalk)
{
	struct ri_worker cl[8], sv[3];
	pthread_t ct[8], st[3];

	for (int i = 0; i < 3; i++) {
		sv[i] = (struct ri_worker){ self->fd, self->chid, 0, 0 };
		ASSERT_EQ(0, pthread_create(&st[i], NULL, ri_server, &sv[i]));
	}
	for (int i = 0; i < 8; i++) {
		cl[i] = (struct ri_worker){ self->fd,
					    (self->coid << 16) | (uint32_t)i,
					    300, 0 };
		ASSERT_EQ(0, pthread_create(&ct[i], NULL, ri_client, &cl[i]));
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(ct[i], NULL);
		EXPECT_EQ(0, cl[i].bad);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(st[i], NULL);
		EXPECT_EQ(0, sv[i].bad);
	}
}

/*
 * Receive ids: consecutive messages get different ids, an id replied to
 * stays dead while many later messages pass, and an id never resolves in
 * another context, not even one that has messages in flight.
 */
TEST_F(ri, rcvids_not_reused_and_scoped)
{
	int other = t_open();
	uint32_t ochid, ocoid;
	int64_t first = 0, prev = 0, rcvid;
	char buf[8], r[4];

	ASSERT_GE(other, 0);
	ASSERT_EQ(0, t_channel(other, &ochid));
	ASSERT_EQ(0, t_connect(other, 0, ochid, &ocoid));
	for (int i = 0; i < 200; i++) {
		pid_t c = fork(), o;
		int64_t orcvid;

		ASSERT_GE(c, 0);
		if (c == 0)
			_exit(t_send(self->fd, self->coid, "a", 1, r, sizeof(r),
				     NULL) ? 1 : 0);
		o = fork();
		ASSERT_GE(o, 0);
		if (o == 0)
			_exit(t_send(other, ocoid, "b", 1, r, sizeof(r),
				     NULL) ? 1 : 0);
		rcvid = t_receive_timeout(self->fd, self->chid, buf,
					  sizeof(buf), 5000000000LL, NULL);
		ASSERT_GT(rcvid, 0);
		orcvid = t_receive_timeout(other, ochid, buf, sizeof(buf),
					   5000000000LL, NULL);
		ASSERT_GT(orcvid, 0);
		EXPECT_NE(prev, rcvid);
		EXPECT_NE(first, rcvid);
		/* Each context's id means nothing to the other one. */
		if (orcvid != rcvid) {
			EXPECT_EQ(-ESRCH, t_reply(other, (uint64_t)rcvid, 0, "x", 1));
			EXPECT_EQ(-ESRCH, t_reply(self->fd, (uint64_t)orcvid, 0,
						  "x", 1));
		}
		/* The first id stays dead. */
		if (first)
			EXPECT_EQ(-ESRCH, t_reply(self->fd, (uint64_t)first, 0,
						  "x", 1));
		EXPECT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, "ok", 2));
		EXPECT_EQ(0, t_reply(other, (uint64_t)orcvid, 0, "ok", 2));
		EXPECT_EQ(-ESRCH, t_reply(self->fd, (uint64_t)rcvid, 0, "x", 1));
		EXPECT_EQ(0, t_child_status(c));
		EXPECT_EQ(0, t_child_status(o));
		if (!first)
			first = rcvid;
		prev = rcvid;
	}
	/* Ids beyond the range never resolve. */
	EXPECT_EQ(-ESRCH, t_reply(self->fd, 0x80000000ULL, 0, "x", 1));
	EXPECT_EQ(-ESRCH, t_reply(self->fd, UINT64_MAX, 0, "x", 1));
	close(other);
}

/*
 * A sender killed while the server stages its reply, many times over: the
 * reply either lands or fails with ESRCH, and nothing else happens.
 */
TEST_F(ri, sender_killed_around_reply)
{
	for (int i = 0; i < 60; i++) {
		char buf[8], r[64];
		int64_t rcvid;
		int ret;
		pid_t c = fork();

		ASSERT_GE(c, 0);
		if (c == 0)
			_exit(t_send(self->fd, self->coid, "k", 1, r, sizeof(r),
				     NULL) ? 1 : 0);
		rcvid = t_receive_timeout(self->fd, self->chid, buf,
					  sizeof(buf), 5000000000LL, NULL);
		ASSERT_GT(rcvid, 0);
		memset(r, i, sizeof(r));
		if (i % 3) {
			kill(c, SIGKILL);
			usleep((useconds_t)(i * 37 % 300));
			ret = t_reply(self->fd, (uint64_t)rcvid, 0, r, sizeof(r));
		} else {
			ret = t_reply(self->fd, (uint64_t)rcvid, 0, r, sizeof(r));
			kill(c, SIGKILL);
		}
		EXPECT_TRUE(ret == 0 || ret == -ESRCH);
		waitpid(c, NULL, 0);
	}
}

/*
 * A sending context keeps one message for its next send.  Growing and
 * shrinking messages through it never show an earlier message's bytes:
 * the receiver and the sender's reply list get exactly this message's.
 */
TEST_F(ri, reused_message_shows_no_old_bytes)
{
	static const size_t lens[] = { 256, 3, 200, 1, 0, 256, 17, 5000, 9 };
	unsigned char big[5000], buf[6000], rbuf[300];

	memset(big, 0xab, sizeof(big));
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = lens[i];
		struct stplr_msg_info info = { 0 };
		int64_t rcvid;
		pid_t c;

		c = fork();
		ASSERT_GE(c, 0);
		if (c == 0) {
			/* Same context as every earlier send: the fixture's. */
			struct stplr_msg_send out;
			size_t k;

			memset(rbuf, 0xee, sizeof(rbuf));
			if (t_send(self->fd, self->coid, big, len, rbuf,
				   sizeof(rbuf), &out))
				_exit(1);
			for (k = 0; k < out.reply_len; k++)
				if (rbuf[k] != 0x11)
					_exit(2);
			for (; k < sizeof(rbuf); k++)
				if (rbuf[k] != 0xee)
					_exit(3);
			_exit(out.reply_len == len % 7 ? 0 : 4);
		}
		memset(buf, 0xee, sizeof(buf));
		rcvid = t_receive_timeout(self->fd, self->chid, buf, sizeof(buf),
					  5000000000LL, &info);
		ASSERT_GT(rcvid, 0);
		ASSERT_EQ(len, info.msglen);
		for (size_t k = 0; k < sizeof(buf); k++)
			ASSERT_EQ(k < len ? 0xab : 0xee, buf[k]);
		memset(buf, 0x11, len % 7);
		ASSERT_EQ(0, t_reply(self->fd, (uint64_t)rcvid, 0, buf, len % 7));
		ASSERT_EQ(0, t_child_status(c));
	}
}

/*
 * Queued asynchronous messages keep their sender's context (where their
 * memory goes back to) alive: the sender closes its file, the server
 * still receives every message, and nothing is left behind (kmemleak and
 * KASAN watch this under --debug).
 */
TEST_F(ri, async_messages_outlive_their_sender)
{
	for (int round = 0; round < 20; round++) {
		int cfd = t_open();
		uint32_t ccoid;
		char buf[64];

		ASSERT_GE(cfd, 0);
		ASSERT_EQ(0, t_connect(cfd, 0, self->chid, &ccoid));
		for (int i = 0; i < 3; i++) {
			struct stplr_iov iov = { t_ptr("async"), 5 };
			struct stplr_msg_send m = {
				.flags = STPLR_SEND_ASYNC, .coid = ccoid,
				.n_send = 1, .send_iov = t_ptr(&iov),
			};

			ASSERT_EQ(0, t_ioctl(cfd, STPLR_MSG_SEND, &m));
		}
		close(cfd);
		for (int i = 0; i < 3 - round % 2; i++) {
			memset(buf, 0, sizeof(buf));
			ASSERT_EQ(0, t_receive_timeout(self->fd, self->chid, buf,
						       sizeof(buf), 5000000000LL,
						       NULL));
			ASSERT_EQ(0, memcmp(buf, "async", 5));
		}
		/* Odd rounds leave one queued for the channel's end. */
		if (round % 2) {
			uint32_t chid;

			ASSERT_EQ(0, t_channel(self->fd, &chid));
			ASSERT_EQ(0, t_channel_destroy(self->fd, self->chid));
			self->chid = chid;
			ASSERT_EQ(0, t_connect(self->fd, 0, chid, &self->coid));
		}
	}
}

TEST_HARNESS_MAIN
