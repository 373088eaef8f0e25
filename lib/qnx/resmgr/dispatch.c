// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr-qnx resource-manager library: the dispatch layer
 * (dispatch_*, message_attach, pulse_attach, select_attach).
 *
 * It routes what a thread receives: to the program's message, pulse and
 * select handlers, and I/O messages down to resmgr.c.  Calls go one way
 * only: dispatch.c -> resmgr.c -> context.c and reply.c (which call
 * neither), so resmgr.c never calls back up into this file.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stplr/stplr.h>

#include "internal.h"

#define RM_DEFAULT_PARTS	1
#define RM_DEFAULT_MSG		2048

static void rm_signal_noop(int sig)
{
	(void)sig;
}

static void rm_signal_once(void)
{
	struct sigaction sa, old;

	if (sigaction(STPLR_RESMGR_SIGNAL, NULL, &old) == 0 &&
	    old.sa_handler != SIG_DFL)
		return;		/* the program handles it */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rm_signal_noop;	/* no SA_RESTART: interrupt calls */
	sigemptyset(&sa.sa_mask);
	sigaction(STPLR_RESMGR_SIGNAL, &sa, NULL);
}

/*
 * The library's threads are woken with STPLR_RESMGR_SIGNAL, whose
 * default action would kill the process: give it a handler once.
 */
void rm_signal_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, rm_signal_once);
}

dispatch_t *dispatch_create_channel(int chid, unsigned flags)
{
	dispatch_t *dpp;

	if (flags & ~(unsigned)DISPATCH_FLAG_NOLOCK) {
		errno = EINVAL;
		return NULL;
	}
	dpp = calloc(1, sizeof(*dpp));
	if (!dpp)
		return NULL;
	if (chid < 0) {
		chid = ChannelCreate_r(_NTO_CHF_UNBLOCK | _NTO_CHF_DISCONNECT);
		if (chid < 0) {
			free(dpp);
			errno = -chid;
			return NULL;
		}
		dpp->own_chid = true;
	}
	rm_signal_init();
	dpp->chid = chid;
	dpp->pollfd = -1;
	dpp->nparts_max = RM_DEFAULT_PARTS;
	dpp->msg_max_size = RM_DEFAULT_MSG;
	pthread_mutex_init(&dpp->lock, NULL);
	return dpp;
}

dispatch_t *dispatch_create(void)
{
	return dispatch_create_channel(-1, 0);
}

int dispatch_destroy(dispatch_t *dpp)
{
	struct rm_attach *a;
	struct rm_link *l;
	struct rm_range *r;
	struct rm_select *s;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	while ((a = dpp->attaches)) {
		if (!a->detached)
			resmgr_detach(dpp, a->id, _RESMGR_DETACH_ALL);
		dpp->attaches = a->next;
		free(a);
	}
	while ((l = dpp->links)) {
		dpp->links = l->next;
		free(l);
	}
	while ((r = dpp->ranges)) {
		dpp->ranges = r->next;
		free(r);
	}
	while ((s = dpp->selects)) {
		dpp->selects = s->next;
		free(s);
	}
	if (dpp->pollfd >= 0)
		close(dpp->pollfd);
	if (dpp->own_chid)
		ChannelDestroy_r(dpp->chid);
	pthread_mutex_destroy(&dpp->lock);
	free(dpp);
	return 0;
}

/*
 * With descriptors attached, wait in poll() for them and the channel's
 * poll descriptor.  Return 1 when a descriptor is ready (recorded in @c),
 * 0 when the channel may have something, -errno on failure.
 */
static int rm_poll_selects(dispatch_t *dpp, struct rm_ctx *c)
{
	struct pollfd pfd[65];
	struct rm_select *s;
	unsigned n = 1, i;
	int ret;

	pthread_mutex_lock(&dpp->lock);
	if (dpp->pollfd < 0) {
		ret = stplr_channel_pollfd(stplr_qnx_fd(), (uint32_t)dpp->chid,
					   &dpp->pollfd);
		if (ret) {
			pthread_mutex_unlock(&dpp->lock);
			return ret;
		}
	}
	pfd[0].fd = dpp->pollfd;
	pfd[0].events = POLLIN;
	for (s = dpp->selects; s && n < 65; s = s->next, n++) {
		pfd[n].fd = s->fd;
		pfd[n].events = (short)(((s->flags & SELECT_FLAG_READ) ? POLLIN : 0) |
			((s->flags & SELECT_FLAG_WRITE) ? POLLOUT : 0) |
			((s->flags & SELECT_FLAG_EXCEPT) ? POLLPRI : 0));
	}
	pthread_mutex_unlock(&dpp->lock);

	if (poll(pfd, n, -1) < 0)
		return -errno;
	for (i = 1; i < n; i++) {
		if (!pfd[i].revents)
			continue;
		c->got = RM_GOT_SELECT;
		c->sel_fd = pfd[i].fd;
		c->sel_what = ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) ?
			       SELECT_FLAG_READ : 0) |
			      ((pfd[i].revents & POLLOUT) ? SELECT_FLAG_WRITE : 0) |
			      ((pfd[i].revents & POLLPRI) ? SELECT_FLAG_EXCEPT : 0);
		return 1;
	}
	return 0;
}

static resmgr_context_t *rm_block(resmgr_context_t *ctp)
{
	struct rm_ctx *c;
	dispatch_t *dpp;
	bool selects;
	int ret;

	if (!ctp || !ctp->dpp) {
		errno = EINVAL;
		return NULL;
	}
	c = rm_ctx_of(ctp);
	dpp = ctp->dpp;
	c->got = RM_GOT_NOTHING;
	ctp->tid = (unsigned)gettid();
	for (;;) {
		pthread_mutex_lock(&dpp->lock);
		selects = dpp->selects != NULL;
		pthread_mutex_unlock(&dpp->lock);
		if (selects) {
			/* Never keep a client waiting while in poll(). */
			rm_reply_flush(ctp);
			ret = rm_poll_selects(dpp, c);
			if (ret < 0)
				return RM_FAIL(ret, NULL);
			if (ret > 0) {
				ctp->rcvid = 0;
				ctp->id = c->sel_fd;
				return ctp;
			}
			/* Another thread may take it first: do not block. */
			TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE,
				     NULL, NULL, NULL);
		}
		ret = rm_reply_receive(ctp);
		if (ret == -ETIMEDOUT && selects)
			continue;
		if (ret < 0)
			return RM_FAIL(ret, NULL);
		break;
	}
	c->got = RM_GOT_MSG;
	ctp->rcvid = ret;
	ctp->status = 0;
	ctp->offset = 0;
	ctp->size = (int)ctp->info.msglen;
	ctp->id = -1;
	/* Terminate whatever was received (the buffer has a spare byte). */
	((char *)ctp->msg)[ctp->info.msglen] = '\0';
	return ctp;
}

dispatch_context_t *dispatch_block(dispatch_context_t *ctp)
{
	return (dispatch_context_t *)rm_block(&ctp->resmgr_context);
}

resmgr_context_t *resmgr_block(resmgr_context_t *ctp)
{
	return rm_block(ctp);
}

void dispatch_unblock(dispatch_context_t *ctp)
{
	if (ctp && ctp->resmgr_context.tid)
		tgkill(getpid(), (pid_t)ctp->resmgr_context.tid,
		       STPLR_RESMGR_SIGNAL);
}

static rm_msg_func rm_find_range(dispatch_t *dpp, int code, bool pulse,
				 void **handle, int *id)
{
	struct rm_range *r;
	rm_msg_func f = NULL;

	pthread_mutex_lock(&dpp->lock);
	for (r = dpp->ranges; r; r = r->next) {
		if (r->pulse == pulse && code >= r->low && code <= r->high) {
			f = r->func;
			*handle = r->handle;
			*id = r->low;
			break;
		}
	}
	pthread_mutex_unlock(&dpp->lock);
	return f;
}

static int rm_handle_pulse(resmgr_context_t *ctp)
{
	struct _pulse *p = &ctp->msg->pulse;
	rm_msg_func f;
	void *handle = NULL;
	int code = p->code;

	if (code == _PULSE_CODE_DISCONNECT)
		rm_serve_disconnect(ctp, p->scoid);
	f = rm_find_range(ctp->dpp, code, true, &handle, &ctp->id);
	if (f)
		return f(ctp, code, 0, handle), 0;
	if (code == _PULSE_CODE_UNBLOCK) {
		/* The default unblock: release the client with EINTR. */
		MsgError(p->value.sival_int, EINTR);
		return 0;
	}
	return code == _PULSE_CODE_DISCONNECT ? 0 : -1;
}

static int rm_handle_select(resmgr_context_t *ctp, struct rm_ctx *c)
{
	dispatch_t *dpp = ctp->dpp;
	struct rm_select **pp, *s;
	rm_select_func f = NULL;
	void *handle = NULL;

	pthread_mutex_lock(&dpp->lock);
	for (pp = &dpp->selects; (s = *pp); pp = &s->next) {
		if (s->fd != c->sel_fd)
			continue;
		f = s->func;
		handle = s->handle;
		if (!(s->flags & SELECT_FLAG_REARM)) {
			*pp = s->next;
			free(s);
		}
		break;
	}
	pthread_mutex_unlock(&dpp->lock);
	if (!f)
		return -1;
	f(ctp, c->sel_fd, c->sel_what, handle);
	return 0;
}

static int rm_handle(resmgr_context_t *ctp, bool io_only)
{
	struct rm_ctx *c;
	rm_msg_func f;
	void *handle = NULL;
	int type;

	if (!ctp) {
		errno = EINVAL;
		return -1;
	}
	c = rm_ctx_of(ctp);
	if (c->got == RM_GOT_SELECT)
		return rm_handle_select(ctp, c);
	if (c->got != RM_GOT_MSG)
		return 0;	/* woken by dispatch_unblock() */
	c->got = RM_GOT_NOTHING;
	if (ctp->rcvid == 0) {
		if (ctp->info.msglen < (ssize_t)sizeof(struct _pulse))
			return -1;	/* a one-way message: nobody to tell */
		return rm_handle_pulse(ctp);
	}
	if (ctp->info.msglen < (ssize_t)sizeof(uint16_t)) {
		rm_reply_error(ctp, EBADMSG);
		return -1;
	}
	type = ctp->msg->type;
	if (!io_only) {
		f = rm_find_range(ctp->dpp, type, false, &handle, &ctp->id);
		if (f)
			return f(ctp, type, 0, handle), 0;
	}
	if (type >= _IO_BASE && type <= _IO_MAX)
		return rm_serve_io(ctp);
	rm_reply_error(ctp, ENOSYS);
	return -1;
}

int dispatch_handler(dispatch_context_t *ctp)
{
	return rm_handle(&ctp->resmgr_context, false);
}

int resmgr_handler(resmgr_context_t *ctp)
{
	return rm_handle(ctp, false);
}

int message_attach(dispatch_t *dpp, message_attr_t *attr, int low, int high,
		   int (*func)(message_context_t *ctp, int code,
			       unsigned flags, void *handle),
		   void *handle)
{
	bool pulse = attr && (attr->flags & MSG_FLAG_TYPE_PULSE);
	struct rm_range *r, *o;

	if (!dpp || !func || low > high || (!pulse && low < 1) ||
	    (pulse && (low < -128 || high > 127)) || high > 0xFFFF) {
		errno = EINVAL;
		return -1;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	r->low = low;
	r->high = high;
	r->pulse = pulse;
	r->func = func;
	r->handle = handle;
	if (attr)
		rm_dispatch_need(dpp, attr->nparts_max, attr->msg_max_size);
	pthread_mutex_lock(&dpp->lock);
	for (o = dpp->ranges; o; o = o->next) {
		if (o->pulse == pulse && low <= o->high && high >= o->low) {
			pthread_mutex_unlock(&dpp->lock);
			free(r);
			errno = EINVAL;
			return -1;
		}
	}
	r->next = dpp->ranges;
	dpp->ranges = r;
	pthread_mutex_unlock(&dpp->lock);
	return 0;
}

static int rm_range_detach(dispatch_t *dpp, int low, bool pulse)
{
	struct rm_range **pp, *r;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&dpp->lock);
	for (pp = &dpp->ranges; (r = *pp); pp = &r->next) {
		if (r->pulse == pulse && r->low == low) {
			*pp = r->next;
			pthread_mutex_unlock(&dpp->lock);
			free(r);
			return 0;
		}
	}
	pthread_mutex_unlock(&dpp->lock);
	errno = EINVAL;
	return -1;
}

int message_detach(dispatch_t *dpp, int low, int high, int flags)
{
	(void)high;
	return rm_range_detach(dpp, low, flags & MSG_FLAG_TYPE_PULSE);
}

int pulse_attach(dispatch_t *dpp, int flags, int code,
		 int (*func)(message_context_t *ctp, int code,
			     unsigned flags, void *handle),
		 void *handle)
{
	message_attr_t attr = { .flags = MSG_FLAG_TYPE_PULSE };
	int c;

	if (!dpp || !func) {
		errno = EINVAL;
		return -1;
	}
	if (!(flags & MSG_FLAG_ALLOC_PULSE)) {
		if (message_attach(dpp, &attr, code, code, func, handle) == 0)
			return code;
		if (errno == EINVAL && code >= -128 && code <= 127)
			errno = EBUSY;
		return -1;
	}
	for (c = _PULSE_CODE_MINAVAIL; c <= _PULSE_CODE_MAXAVAIL; c++)
		if (message_attach(dpp, &attr, c, c, func, handle) == 0)
			return c;
	errno = EAGAIN;
	return -1;
}

int message_connect(dispatch_t *dpp, int flags)
{
	if (!dpp || (flags & ~MSG_FLAG_SIDE_CHANNEL)) {
		errno = EINVAL;
		return -1;
	}
	return ConnectAttach(0, 0, dpp->chid,
			     (flags & MSG_FLAG_SIDE_CHANNEL) ? _NTO_SIDE_CHANNEL : 0,
			     0);
}

int pulse_detach(dispatch_t *dpp, int code, int flags)
{
	(void)flags;
	return rm_range_detach(dpp, code, true);
}

int select_attach(dispatch_t *dpp, select_attr_t *attr, int fd,
		  unsigned flags,
		  int (*func)(select_context_t *ctp, int fd, unsigned flags,
			      void *handle),
		  void *handle)
{
	struct rm_select *s, *o;
	unsigned n = 0;

	(void)attr;
	if (!dpp || !func || fd < 0 ||
	    !(flags & (SELECT_FLAG_READ | SELECT_FLAG_WRITE | SELECT_FLAG_EXCEPT))) {
		errno = EINVAL;
		return -1;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->fd = fd;
	s->flags = flags;
	s->func = func;
	s->handle = handle;
	pthread_mutex_lock(&dpp->lock);
	for (o = dpp->selects; o; o = o->next, n++) {
		if (o->fd == fd || n >= 63) {
			pthread_mutex_unlock(&dpp->lock);
			free(s);
			errno = o->fd == fd ? EBUSY : ENOMEM;
			return -1;
		}
	}
	s->next = dpp->selects;
	dpp->selects = s;
	pthread_mutex_unlock(&dpp->lock);
	return 0;
}

int select_detach(dispatch_t *dpp, int fd)
{
	struct rm_select **pp, *s;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&dpp->lock);
	for (pp = &dpp->selects; (s = *pp); pp = &s->next) {
		if (s->fd == fd) {
			*pp = s->next;
			pthread_mutex_unlock(&dpp->lock);
			free(s);
			return 0;
		}
	}
	pthread_mutex_unlock(&dpp->lock);
	errno = EINVAL;
	return -1;
}
