// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor peers: a pipe pair, and AF_UNIX SOCK_STREAM and SOCK_SEQPACKET
 * socketpairs.  Each client has its own pair and its own server thread.
 *
 * The stream servers read as much as is there and handle every whole
 * message of the current size (from the control page), keeping the rest:
 * the way a real server on a byte stream works.  In one-way cells the
 * client writes without waiting, so several messages may arrive together.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "ipcbench.h"

/* Socket buffers for whole large messages (root in the guest may force). */
static void big_buffers(int fd, size_t max_size)
{
	int v = (int)(2 * max_size + (1 << 20));

	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)))
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)))
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
}

static int fd_start(struct ipcb_srv *s, int type)
{
	unsigned int i;
	int ret;

	for (i = 0; i < s->threads; i++) {
		int a[2], b[2];

		if (type < 0) {
			if (pipe2(a, O_CLOEXEC) || pipe2(b, O_CLOEXEC))
				goto fail;
			s->fds[2 * i] = a[0];		/* server reads requests */
			s->fds[2 * i + 1] = b[1];	/* server writes replies */
			s->cfds[2 * i] = a[1];
			s->cfds[2 * i + 1] = b[0];
			continue;
		}
		if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, a))
			goto fail;
		if (type == SOCK_SEQPACKET) {
			big_buffers(a[0], s->max_size);
			big_buffers(a[1], s->max_size);
		}
		s->fds[2 * i] = s->fds[2 * i + 1] = a[1];
		s->cfds[2 * i] = s->cfds[2 * i + 1] = a[0];
	}
	ret = ipcb_server_fork(s);
	for (i = 0; i < s->threads; i++) {
		close(s->fds[2 * i]);
		if (s->fds[2 * i + 1] != s->fds[2 * i])
			close(s->fds[2 * i + 1]);
	}
	return ret;
fail:
	snprintf(s->why, sizeof(s->why), "pipe/socketpair: %s", strerror(errno));
	return -1;
}

static int pipe_start(struct ipcb_srv *s) { return fd_start(s, -1); }
static int stream_start(struct ipcb_srv *s) { return fd_start(s, SOCK_STREAM); }
static int seqpacket_start(struct ipcb_srv *s) { return fd_start(s, SOCK_SEQPACKET); }

static int stream_serve(struct ipcb_srv *s, unsigned int t)
{
	int rfd = s->fds[2 * t], wfd = s->fds[2 * t + 1];
	size_t cap = 2 * s->max_size, have = 0;
	unsigned char *buf = ipcb_alloc(cap, false);

	if (!buf)
		return 1;
	for (;;) {
		ssize_t n = read(rfd, buf + have, cap - have);
		size_t size, off = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? 0 : 1;
		have += (size_t)n;
		size = (size_t)ctl_load(&s->ctl->size);
		while (have - off >= size) {
			if (ctl_load(&s->ctl->oneway))
				ipcb_oneway_got(s, buf + off, size);
			else if (ipcb_write_full(wfd, buf + off, size))
				return 1;
			off += size;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
	}
}

static int seqpacket_serve(struct ipcb_srv *s, unsigned int t)
{
	int fd = s->fds[2 * t];
	unsigned char *buf = ipcb_alloc(s->max_size, false);

	if (!buf)
		return 1;
	for (;;) {
		ssize_t n = recv(fd, buf, s->max_size, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? 0 : 1;
		if (ctl_load(&s->ctl->oneway))
			ipcb_oneway_got(s, buf, (size_t)n);
		else if (send(fd, buf, (size_t)n, 0) != n)
			return 1;
	}
}

static int fd_open(struct ipcb_srv *s, struct ipcb_conn *c)
{
	c->fd = s->cfds[2 * c->idx];
	c->rfd = s->cfds[2 * c->idx + 1];
	return 0;
}

static void fd_close(struct ipcb_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->rfd >= 0 && c->rfd != c->fd)
		close(c->rfd);
	c->fd = c->rfd = -1;
}

static int stream_call(struct ipcb_conn *c, size_t len,
		       const unsigned char **reply)
{
	int ret = ipcb_write_full(c->fd, c->sbuf, len);

	if (!ret)
		ret = ipcb_read_full(c->rfd, c->rbuf, len);
	*reply = c->rbuf;
	return ret;
}

static int stream_send(struct ipcb_conn *c, size_t len)
{
	return ipcb_write_full(c->fd, c->sbuf, len);
}

static int seqpacket_call(struct ipcb_conn *c, size_t len,
			  const unsigned char **reply)
{
	ssize_t n;

	do
		n = send(c->fd, c->sbuf, len, 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EPROTO;
	do
		n = recv(c->fd, c->rbuf, len, MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EPROTO;
	*reply = c->rbuf;
	return 0;
}

static int seqpacket_send(struct ipcb_conn *c, size_t len)
{
	ssize_t n;

	do
		n = send(c->fd, c->sbuf, len, 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EPROTO;
	return 0;
}

const struct ipcb_mech ipcb_pipe = {
	.name = "pipe", .label = "pipe pair",
	.start = pipe_start, .serve = stream_serve, .open = fd_open,
	.call = stream_call, .send = stream_send, .close = fd_close,
};

const struct ipcb_mech ipcb_unix_stream = {
	.name = "unix-stream", .label = "UNIX SOCK_STREAM socketpair",
	.start = stream_start, .serve = stream_serve, .open = fd_open,
	.call = stream_call, .send = stream_send, .close = fd_close,
};

const struct ipcb_mech ipcb_unix_seqpacket = {
	.name = "unix-seqpacket", .label = "UNIX SOCK_SEQPACKET socketpair",
	.start = seqpacket_start, .serve = seqpacket_serve, .open = fd_open,
	.call = seqpacket_call, .send = seqpacket_send, .close = fd_close,
};
