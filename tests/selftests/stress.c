// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: client threads in several processes against a pool of server
 * threads, message sizes from 0 bytes to 4 MiB, every payload checksummed
 * both ways.  Prints TAP; the total number of round trips is argv[1]
 * (default 100000).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "stplr_test.h"

#define PROCS		2
#define THREADS		3
#define WORKERS		4
#define MAX_PAYLOAD	(4u << 20)

struct hdr {
	uint32_t seq;
	uint32_t len;		/* request payload length */
	uint32_t sum;		/* request payload checksum */
	uint32_t reply_len;	/* wanted reply payload length */
};

static uint32_t fnv(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void fill(unsigned char *p, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
}

static uint32_t pick_len(uint32_t *r)
{
	uint32_t v;

	*r = *r * 1103515245u + 12345u;
	v = (*r >> 8) % 1000;
	*r = *r * 1103515245u + 12345u;
	if (v < 700)
		return (*r >> 4) % 257;
	if (v < 990)
		return 257 + (*r >> 4) % 16128;
	if (v < 999)
		return 16384 + (*r >> 4) % (256u << 10);
	return (1u << 20) + (*r >> 4) % (3u << 20);
}

static int srv_fd;
static uint32_t srv_chid;
static volatile int srv_errors;

static void *worker(void *arg)
{
	unsigned char *in = malloc(MAX_PAYLOAD), *out = malloc(MAX_PAYLOAD);
	struct hdr h, rh;

	(void)arg;
	for (;;) {
		struct stplr_iov iov[2] = { { t_ptr(&h), sizeof(h) },
					    { t_ptr(in), MAX_PAYLOAD } };
		struct stplr_msg_receive r = { .chid = srv_chid, .n_iov = 2,
					       .iov = t_ptr(iov) };
		struct stplr_iov riov[2] = { { t_ptr(&rh), sizeof(rh) },
					     { t_ptr(out), 0 } };
		struct stplr_msg_reply p = { .n_iov = 2, .iov = t_ptr(riov) };

		if (t_ioctl(srv_fd, STPLR_MSG_RECEIVE, &r))
			break;
		if (r.info.msglen != sizeof(h) + h.len || r.info.srcmsglen != r.info.msglen ||
		    fnv(in, h.len) != h.sum || h.reply_len > MAX_PAYLOAD) {
			__atomic_add_fetch(&srv_errors, 1, __ATOMIC_RELAXED);
			t_error(srv_fd, r.rcvid, EBADMSG);
			continue;
		}
		rh = h;
		rh.len = h.reply_len;
		fill(out, h.reply_len, h.seq ^ 0x5a5a5a5a);
		rh.sum = fnv(out, h.reply_len);
		riov[1].len = h.reply_len;
		p.rcvid = r.rcvid;
		p.status = h.seq;
		if (t_ioctl(srv_fd, STPLR_MSG_REPLY, &p))
			__atomic_add_fetch(&srv_errors, 1, __ATOMIC_RELAXED);
	}
	free(in);
	free(out);
	return NULL;
}

struct client {
	pid_t srv;
	uint32_t chid;
	int fd;
	uint32_t coid;
	unsigned int n;
	unsigned int id;
	unsigned int bad;
	unsigned long long bytes;
};

static void *client(void *arg)
{
	struct client *c = arg;
	unsigned char *s = malloc(MAX_PAYLOAD), *r = malloc(MAX_PAYLOAD);
	uint32_t rnd = c->id * 7919 + 1;
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		struct hdr h, rh;
		struct stplr_iov siov[2], riov[2];
		struct stplr_msg_send m;

		h.seq = c->id << 24 | i;
		h.len = pick_len(&rnd);
		h.reply_len = pick_len(&rnd);
		fill(s, h.len, h.seq);
		h.sum = fnv(s, h.len);
		siov[0] = (struct stplr_iov){ t_ptr(&h), sizeof(h) };
		siov[1] = (struct stplr_iov){ t_ptr(s), h.len };
		riov[0] = (struct stplr_iov){ t_ptr(&rh), sizeof(rh) };
		riov[1] = (struct stplr_iov){ t_ptr(r), MAX_PAYLOAD };
		m = (struct stplr_msg_send){ .coid = c->coid, .n_send = 2,
			.send_iov = t_ptr(siov), .n_reply = 2, .reply_iov = t_ptr(riov) };
		if (t_ioctl(c->fd, STPLR_MSG_SEND_RECEIVE, &m) ||
		    m.status != h.seq || rh.seq != h.seq ||
		    rh.len != h.reply_len || m.reply_len != sizeof(rh) + rh.len ||
		    fnv(r, rh.len) != rh.sum) {
			c->bad++;
			continue;
		}
		c->bytes += h.len + rh.len;
	}
	free(s);
	free(r);
	return NULL;
}

static int client_process(pid_t srv, uint32_t chid, unsigned int n, unsigned int pidx)
{
	struct client c[THREADS];
	pthread_t th[THREADS];
	unsigned int i, bad = 0;
	int fd = t_open();
	uint32_t coid;

	if (fd < 0 || t_connect(fd, srv, chid, &coid))
		return 1;
	for (i = 0; i < THREADS; i++) {
		c[i] = (struct client){ .fd = fd, .coid = coid, .n = n / THREADS,
					.id = pidx * THREADS + i + 1 };
		pthread_create(&th[i], NULL, client, &c[i]);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		bad += c[i].bad;
	}
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	unsigned int total = argc > 1 ? (unsigned int)atoi(argv[1]) : 100000;
	unsigned int per = total / PROCS, i, failed = 0;
	pthread_t th[WORKERS];
	pid_t pids[PROCS];
	struct timespec a, b;

	printf("1..3\n");
	srv_fd = t_open();
	if (srv_fd < 0 || t_channel(srv_fd, &srv_chid)) {
		printf("not ok 1 - server set-up: %s\n", strerror(-srv_fd));
		return 1;
	}
	for (i = 0; i < WORKERS; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < PROCS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(srv_fd);
			_exit(client_process(getppid(), srv_chid, per, i));
		}
	}
	for (i = 0; i < PROCS; i++) {
		int st;

		waitpid(pids[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			failed++;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%sok 1 - %u round trips from %d processes x %d threads, %u bad\n",
	       failed ? "not " : "", per / THREADS * THREADS * PROCS, PROCS, THREADS, failed);
	printf("# %.1f s\n", (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	t_channel_destroy(srv_fd, srv_chid);
	for (i = 0; i < WORKERS; i++)
		pthread_join(th[i], NULL);
	printf("%sok 2 - server saw no corrupt request (%d)\n", srv_errors ? "not " : "", srv_errors);
	close(srv_fd);
	printf("ok 3 - server pool released by channel destroy\n");
	return failed || srv_errors;
}
