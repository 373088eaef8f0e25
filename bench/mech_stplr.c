// SPDX-License-Identifier: GPL-2.0
/*
 * stapler through libstplr: send/receive/reply round trips, one-way sends
 * (STPLR_MSG_SEND with STPLR_SEND_ASYNC: up to inline_max bytes are queued
 * without waiting; larger ones block until a server thread has them) and
 * pulses (never block; queued up to max_pulses).  One server
 * for all three: a channel and a pool of threads receiving on it with
 * stplr_msg_reply_receivev(), which replies to the last message and takes
 * the next message or pulse in one call.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stplr/stplr.h>

#include "ipcbench.h"

#define PULSE_CODE	1

/* The server process's context and channel (set by child_init). */
static int srv_fd = -1;
static uint32_t srv_chid;

static int stplr_start(struct ipcb_srv *s)
{
	return ipcb_server_fork(s);
}

static const char *stplr_child_init(struct ipcb_srv *s)
{
	static char why[120];
	int ret;

	ret = stplr_ctx_open(ipcb_device, &srv_fd);
	if (ret) {
		snprintf(why, sizeof(why), "open %s%d: %s", STPLR_DEVICE_PREFIX,
			 ipcb_device, strerror(-ret));
		return why;
	}
	ret = stplr_channel_create(srv_fd, 0, 0, &srv_chid);
	if (ret) {
		snprintf(why, sizeof(why), "channel create: %s", strerror(-ret));
		return why;
	}
	s->token = srv_chid;
	return NULL;
}

/*
 * The server loop: one system call per message.  Each call replies to the
 * previous message (if it wants a reply) and receives the next
 * (stplr_msg_reply_receivev(), issue 12).
 */
static int stplr_serve(struct ipcb_srv *s, unsigned int t)
{
	unsigned char *buf = ipcb_alloc(s->max_size, false);
	struct stplr_iov iov, riov;
	struct stplr_msg_info info;
	struct stplr_pulse pulse;
	uint64_t rcvid, reply_to = 0;
	uint32_t failed;
	int ret;

	(void)t;
	if (!buf)
		return 1;
	stplr_iov_set(&iov, buf, s->max_size);
	stplr_iov_set(&riov, buf, 0);
	for (;;) {
		ret = stplr_msg_reply_receivev(srv_fd, reply_to, 0, 0, &riov,
					       reply_to ? 1 : 0, srv_chid,
					       &iov, 1, STPLR_TIMEOUT_NONE,
					       &rcvid, &info, &pulse, &failed);
		reply_to = 0;
		if (ret == -EINTR ||
		    (ret == -ESRCH && failed == STPLR_RR_FAILED_REPLY))
			continue;	/* a signal, or the sender left */
		if (ret == STPLR_RECEIVED_PULSE) {
			uint64_t v = pulse.value;

			if (pulse.code == PULSE_CODE)
				ipcb_oneway_got(s, (unsigned char *)&v, sizeof(v));
			continue;
		}
		if (ret) {
			fprintf(stderr, "ipcbench: stplr server: %s: %s\n",
				failed == STPLR_RR_FAILED_REPLY ? "reply" :
				"receive", strerror(-ret));
			return 1;
		}
		if (!rcvid) {	/* one-way */
			ipcb_oneway_got(s, buf, (size_t)info.msglen);
			continue;
		}
		/* Echo: the next call replies with what came in. */
		reply_to = rcvid;
		stplr_iov_set(&riov, buf, (size_t)info.msglen);
	}
}

static int stplr_open(struct ipcb_srv *s, struct ipcb_conn *c)
{
	struct stplr_query q;
	int ret;

	ret = stplr_ctx_open(ipcb_device, &c->fd);
	if (!ret)
		ret = stplr_query(c->fd, &q);
	if (!ret && q.major != STPLR_VERSION_MAJOR)
		ret = -EPROTO;
	if (!ret && q.max_msg_size < s->max_size)
		ret = -E2BIG;
	if (!ret)
		ret = stplr_connect(c->fd, s->pid, (uint32_t)s->token, 0,
				    &c->coid);
	return ret;
}

static void stplr_close(struct ipcb_conn *c)
{
	if (c->fd >= 0)
		stplr_ctx_close(c->fd);
	c->fd = -1;
}

static int stplr_call(struct ipcb_conn *c, size_t len,
		      const unsigned char **reply)
{
	struct stplr_send_result res;
	int ret;

	ret = stplr_msg_send(c->fd, c->coid, c->sbuf, len, c->rbuf, len,
			     STPLR_TIMEOUT_NONE, &res);
	if (ret)
		return ret;
	*reply = c->rbuf;
	return res.len == len ? 0 : -EPROTO;
}

/*
 * One-way: STPLR_SEND_ASYNC (issue 12) queues the message and returns: a
 * small one inline, a larger one while the channel's async_max budget
 * lasts (past it the send blocks until a server thread has it).  A full
 * queue (max_queued) is retried after letting the server run.
 */
static int stplr_send(struct ipcb_conn *c, size_t len)
{
	struct stplr_iov iov;
	int ret;

	stplr_iov_set(&iov, c->sbuf, len);
	for (;;) {
		ret = stplr_msg_send_asyncv(c->fd, c->coid, &iov, 1,
					    STPLR_TIMEOUT_NONE);
		if (ret != -EAGAIN)
			return ret;
		c->retries++;
		sched_yield();
	}
}

/* The per-call time of a one-way send, in the latency table. */
static int stplr_oneway_call(struct ipcb_conn *c, size_t len,
			     const unsigned char **reply)
{
	*reply = NULL;
	return stplr_send(c, len);
}

/* A pulse carries 8 bytes (code and value); the value is the stamp. */
static int stplr_pulse_send(struct ipcb_conn *c, size_t len)
{
	uint32_t v = (uint32_t)ipcb_stamp_get(c->sbuf, len);
	int ret;

	for (;;) {
		ret = stplr_msg_pulse(c->fd, c->coid, STPLR_PRIO_SELF,
				      PULSE_CODE, v);
		if (ret != -EAGAIN)
			return ret;
		c->retries++;	/* max_pulses queued: let the server run */
		sched_yield();
	}
}

#define STPLR_COMMON \
	.start = stplr_start, .child_init = stplr_child_init, \
	.serve = stplr_serve, .open = stplr_open, .close = stplr_close

const struct ipcb_mech ipcb_stplr = {
	.name = "stplr", .label = "stapler send/receive/reply",
	STPLR_COMMON, .call = stplr_call, .send = stplr_send,
};

const struct ipcb_mech ipcb_stplr_oneway = {
	.name = "stplr-oneway", .label = "stapler one-way send (per call)",
	STPLR_COMMON, .call = stplr_oneway_call,
};

const struct ipcb_mech ipcb_stplr_pulse = {
	.name = "stplr-pulse", .label = "stapler pulse (8 B)",
	.max_size = 8, STPLR_COMMON, .send = stplr_pulse_send,
};
