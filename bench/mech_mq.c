// SPDX-License-Identifier: GPL-2.0
/*
 * POSIX message queues: one request queue served by the server's thread
 * pool, and one reply queue per client.  The client index travels as the
 * message priority, so the payload stays SIZE bytes.  Queues are unlinked
 * as soon as both sides have them open.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipcbench.h"

#define MQ_DEPTH	8

static int mq_make(const char *name, size_t msgsize)
{
	struct mq_attr a = { .mq_maxmsg = MQ_DEPTH, .mq_msgsize = (long)msgsize };

	return mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &a);
}

/*
 * Without CAP_SYS_RESOURCE a queue's message size is capped by
 * fs.mqueue.msgsize_max (8 KiB by default): raise it when we may (root).
 */
static void raise_limit(const char *path, unsigned long want)
{
	unsigned long cur = 0;
	FILE *f = fopen(path, "r+");

	if (!f)
		return;
	if (fscanf(f, "%lu", &cur) == 1 && cur < want) {
		rewind(f);
		fprintf(f, "%lu\n", want);
	}
	fclose(f);
}

static int mqueue_start(struct ipcb_srv *s)
{
	char name[96];
	unsigned int i;
	int ret;

	raise_limit("/proc/sys/fs/mqueue/msgsize_max", s->max_size);
	raise_limit("/proc/sys/fs/mqueue/msg_max", MQ_DEPTH);

	snprintf(s->name, sizeof(s->name), "/ipcbench.%d.%p", (int)getpid(),
		 (void *)s);
	snprintf(name, sizeof(name), "%s.req", s->name);
	s->fds[0] = mq_make(name, s->max_size);
	if (s->fds[0] < 0)
		goto fail;
	mq_unlink(name);
	for (i = 0; i < s->threads; i++) {
		snprintf(name, sizeof(name), "%s.rep%u", s->name, i);
		s->cfds[i] = mq_make(name, s->max_size);
		if (s->cfds[i] < 0)
			goto fail;
		mq_unlink(name);
	}
	ret = ipcb_server_fork(s);
	return ret;
fail:
	snprintf(s->why, sizeof(s->why), "mq_open (%zu-byte messages): %s",
		 s->max_size, strerror(errno));
	return -1;
}

static int mqueue_serve(struct ipcb_srv *s, unsigned int t)
{
	unsigned char *buf = ipcb_alloc(s->max_size, false);
	unsigned int prio;

	(void)t;
	if (!buf)
		return 1;
	for (;;) {
		ssize_t n = mq_receive(s->fds[0], (char *)buf, s->max_size,
				       &prio);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || prio >= s->threads)
			return 1;
		if (ctl_load(&s->ctl->oneway)) {
			ipcb_oneway_got(s, buf, (size_t)n);
			continue;
		}
		while (mq_send(s->cfds[prio], (char *)buf, (size_t)n, 0))
			if (errno != EINTR)
				return 1;
	}
}

static int mqueue_open(struct ipcb_srv *s, struct ipcb_conn *c)
{
	c->fd = s->fds[0];
	c->rfd = s->cfds[c->idx];
	return 0;
}

static int mqueue_send(struct ipcb_conn *c, size_t len)
{
	while (mq_send(c->fd, (char *)c->sbuf, len, c->idx))
		if (errno != EINTR)
			return -errno;
	return 0;
}

static int mqueue_call(struct ipcb_conn *c, size_t len,
		       const unsigned char **reply)
{
	ssize_t n;
	int ret = mqueue_send(c, len);

	if (ret)
		return ret;
	do
		n = mq_receive(c->rfd, (char *)c->rbuf, c->srv->max_size, NULL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EPROTO;
	*reply = c->rbuf;
	return 0;
}

static void mqueue_stop(struct ipcb_srv *s)
{
	unsigned int i;

	if (s->fds[0] >= 0)
		mq_close(s->fds[0]);
	for (i = 0; i < s->threads; i++)
		if (s->cfds[i] >= 0)
			mq_close(s->cfds[i]);
}

const struct ipcb_mech ipcb_mqueue = {
	.name = "mqueue", .label = "POSIX message queues",
	.start = mqueue_start, .serve = mqueue_serve, .open = mqueue_open,
	.call = mqueue_call, .send = mqueue_send, .stop = mqueue_stop,
};
