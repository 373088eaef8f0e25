// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: timers that deliver pulses (timer_create() with a
 * SIGEV_PULSE event, TimerCreate(), and the calls that act on them).
 *
 * The kernel module cannot queue a pulse at a timer's expiry, so a library
 * thread does it: each pulse timer owns a timerfd, the thread waits for
 * all of them in one epoll set and sends one pulse per wake-up, folding
 * further expiries into the overrun count.  Each pulse timer also owns a
 * kernel POSIX timer that is never armed (SIGEV_NONE): its id, unique in
 * the process while it exists, is the timer_t the caller gets, so a pulse
 * timer can never be mistaken for a timer glibc made and the other calls
 * know whom to hand a timer_t to.
 *
 * Locking: qnx_timers_lock protects the list and every timer's fields; the
 * library thread looks a timer up by its id under the lock after each
 * wake-up (never through a pointer kept in epoll), so a timer deleted
 * meanwhile is simply not found.  It sends the pulse under the lock:
 * stplr_msg_pulse() never blocks, and timer_delete() returning means no
 * later pulse.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* This file implements the functions <time.h> renames to. */
#undef timer_create
#undef timer_settime
#undef timer_gettime
#undef timer_getoverrun
#undef timer_delete

struct qnx_timer {
	struct qnx_timer *next;
	timer_t id;		/* the unarmed SIGEV_NONE kernel timer */
	int tfd;		/* timerfd that wakes the library thread */
	int coid;
	int priority;		/* stapler's scale */
	int code;
	uint32_t value;
	int overrun;		/* expiries folded into the last pulse */
	int pending;		/* expiries not yet sent (refused pulses) */
};

static pthread_mutex_t qnx_timers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct qnx_timer *qnx_timers;
static int qnx_timers_epfd = -1;
static int qnx_timers_thread_prio = -1;	/* -1: thread not started */
static pthread_once_t qnx_timers_once = PTHREAD_ONCE_INIT;

static struct qnx_timer *qnx_timer_find(timer_t id)
{
	struct qnx_timer *t;

	for (t = qnx_timers; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

/* The calling thread's priority on stapler's scale (see <stplr/uapi.h>). */
static int qnx_thread_prio(void)
{
	struct sched_param sp;
	int policy = sched_getscheduler(0);
	int nice;

	if ((policy == SCHED_FIFO || policy == SCHED_RR) &&
	    !sched_getparam(0, &sp))
		return 40 + sp.sched_priority;
	errno = 0;
	nice = getpriority(PRIO_PROCESS, 0);
	if (errno)
		nice = 0;
	return 19 - nice;
}

/* CAP_SYS_NICE in the effective set (lets a pulse outrank its sender). */
static int qnx_has_sys_nice(void)
{
	unsigned long long eff = 0;
	char line[128];
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return (eff >> 23) & 1;
}

/* Send what an expiry owes; the lock is held. */
static void qnx_timer_fire(struct qnx_timer *t, uint64_t expiries)
{
	int fd = stplr_qnx_fd();
	int ret;

	if (expiries > (uint64_t)(INT32_MAX - t->pending))
		t->pending = INT32_MAX;
	else
		t->pending += (int)expiries;
	if (fd < 0)
		return;
	ret = stplr_msg_pulse(fd, (uint32_t)t->coid, t->priority, t->code,
			      t->value);
	if (ret == -EAGAIN)
		return;		/* channel full: folded into the next one */
	/* Sent, or undeliverable (connection or channel gone): dropped. */
	t->overrun = t->pending - 1;
	t->pending = 0;
}

static void *qnx_timers_thread(void *arg)
{
	struct epoll_event ev[16];
	int epfd = (int)(intptr_t)arg;
	int i, n;

	/* Started with every signal blocked: they are the application's. */
	for (;;) {
		n = epoll_wait(epfd, ev, 16, -1);
		if (n < 0)
			continue;	/* EINTR */
		pthread_mutex_lock(&qnx_timers_lock);
		for (i = 0; i < n; i++) {
			struct qnx_timer *t;
			uint64_t count;
			timer_t id;

			memcpy(&id, &ev[i].data.u64, sizeof(id));
			t = qnx_timer_find(id);
			if (!t || read(t->tfd, &count, sizeof(count)) !=
					  (ssize_t)sizeof(count))
				continue;	/* deleted, or rearmed meanwhile */
			qnx_timer_fire(t, count);
		}
		pthread_mutex_unlock(&qnx_timers_lock);
	}
	return NULL;
}

/*
 * A fork() child has no timers (POSIX) and not the library thread: drop
 * what the parent's timers left in its memory and descriptors.
 */
static void qnx_timers_atfork_prepare(void)
{
	pthread_mutex_lock(&qnx_timers_lock);
}

static void qnx_timers_atfork_parent(void)
{
	pthread_mutex_unlock(&qnx_timers_lock);
}

static void qnx_timers_atfork_child(void)
{
	struct qnx_timer *t;

	while ((t = qnx_timers)) {
		qnx_timers = t->next;
		close(t->tfd);
		free(t);
	}
	if (qnx_timers_epfd >= 0)
		close(qnx_timers_epfd);
	qnx_timers_epfd = -1;
	qnx_timers_thread_prio = -1;
	pthread_mutex_unlock(&qnx_timers_lock);
}

static void qnx_timers_init(void)
{
	pthread_atfork(qnx_timers_atfork_prepare, qnx_timers_atfork_parent,
		       qnx_timers_atfork_child);
}

/* Start the library thread if needed; the lock is held. */
static int qnx_timers_start(void)
{
	sigset_t all, old;
	pthread_attr_t attr;
	pthread_t th;
	int epfd, ret;

	if (qnx_timers_thread_prio >= 0)
		return 0;
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0)
		return -errno;
	/* Inherits the caller's policy and priority (glibc's default). */
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&th, &attr, qnx_timers_thread,
			     (void *)(intptr_t)epfd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (ret) {
		close(epfd);
		return -ret;
	}
	qnx_timers_epfd = epfd;
	qnx_timers_thread_prio = qnx_thread_prio();
	return 0;
}

static int qnx_pulse_timer_create(clockid_t clock_id,
				  const struct sigevent *evp, timer_t *out)
{
	struct sigevent none = { .sigev_notify = SIGEV_NONE };
	struct epoll_event ev = { .events = EPOLLIN };
	struct qnx_timer *t;
	int prio, ret;

	if (clock_id != CLOCK_REALTIME && clock_id != CLOCK_MONOTONIC &&
	    clock_id != CLOCK_BOOTTIME)
		return -EINVAL;
	if (evp->sigev_code < _PULSE_CODE_MINAVAIL ||
	    evp->sigev_code > _PULSE_CODE_MAXAVAIL || evp->sigev_coid < 0)
		return -EINVAL;
	prio = evp->sigev_priority == SIGEV_PULSE_PRIO_INHERIT ?
	       qnx_thread_prio() : evp->sigev_priority;
	if (prio < 0)
		return -EINVAL;

	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->coid = evp->sigev_coid;
	t->priority = prio;
	t->code = evp->sigev_code;
	t->value = (uint32_t)evp->sigev_value.sival_int;
	t->tfd = timerfd_create(clock_id, TFD_CLOEXEC | TFD_NONBLOCK);
	if (t->tfd < 0) {
		ret = -errno;
		goto err_free;
	}
	if (timer_create(clock_id, &none, &t->id)) {
		ret = -errno;
		goto err_tfd;
	}

	pthread_once(&qnx_timers_once, qnx_timers_init);
	pthread_mutex_lock(&qnx_timers_lock);
	ret = qnx_timers_start();
	if (ret)
		goto err_unlock;
	if ((prio > qnx_thread_prio() || prio > qnx_timers_thread_prio) &&
	    !qnx_has_sys_nice()) {
		ret = -EPERM;
		goto err_unlock;
	}
	memcpy(&ev.data.u64, &t->id, sizeof(t->id));
	if (epoll_ctl(qnx_timers_epfd, EPOLL_CTL_ADD, t->tfd, &ev)) {
		ret = -errno;
		goto err_unlock;
	}
	t->next = qnx_timers;
	qnx_timers = t;
	*out = t->id;
	pthread_mutex_unlock(&qnx_timers_lock);
	return 0;

err_unlock:
	pthread_mutex_unlock(&qnx_timers_lock);
	timer_delete(t->id);
err_tfd:
	close(t->tfd);
err_free:
	free(t);
	return ret;
}

/* Timer operations return 0 or -errno internally. */
static int qnx_timer_create(clockid_t clock_id, struct sigevent *evp,
			    timer_t *timerid)
{
	struct sigevent copy;

	if (!timerid)
		return -EINVAL;
	if (!evp)
		return timer_create(clock_id, NULL, timerid) ? -errno : 0;
	switch (SIGEV_GET_TYPE(evp)) {
	case SIGEV_PULSE:
		return qnx_pulse_timer_create(clock_id, evp, timerid);
	case SIGEV_SIGNAL:
	case SIGEV_NONE:
	case SIGEV_THREAD:
	case SIGEV_THREAD_ID:
		/* Linux's own types: glibc's, without QNX's flag bits. */
		copy = *evp;
		copy.sigev_notify = SIGEV_GET_TYPE(evp);
		return timer_create(clock_id, &copy, timerid) ? -errno : 0;
	default:
		return -EINVAL;
	}
}

int stplr_qnx_timer_create(clockid_t clock_id, struct sigevent *evp,
			   timer_t *timerid)
{
	return stplr_qnx_ret(qnx_timer_create(clock_id, evp, timerid));
}

/*
 * The pulse timer @id, with the lock held (release it with
 * pthread_mutex_unlock()); NULL, unlocked, for a timer that is not ours
 * (glibc's, or none).
 */
static struct qnx_timer *qnx_timer_lock(timer_t id)
{
	struct qnx_timer *t;

	pthread_mutex_lock(&qnx_timers_lock);
	t = qnx_timer_find(id);
	if (!t)
		pthread_mutex_unlock(&qnx_timers_lock);
	return t;
}

int stplr_qnx_timer_settime(timer_t timerid, int flags,
			    const struct itimerspec *value,
			    struct itimerspec *ovalue)
{
	struct qnx_timer *t;
	int ret;

	t = qnx_timer_lock(timerid);
	if (!t)
		return timer_settime(timerid, flags, value, ovalue);
	if (flags & ~TIMER_ABSTIME) {
		ret = -EINVAL;
	} else {
		ret = timerfd_settime(t->tfd, flags & TIMER_ABSTIME ?
				      TFD_TIMER_ABSTIME : 0, value, ovalue);
		ret = ret ? -errno : 0;
	}
	pthread_mutex_unlock(&qnx_timers_lock);
	return stplr_qnx_ret(ret);
}

int stplr_qnx_timer_gettime(timer_t timerid, struct itimerspec *value)
{
	struct qnx_timer *t;
	int ret;

	t = qnx_timer_lock(timerid);
	if (!t)
		return timer_gettime(timerid, value);
	ret = timerfd_gettime(t->tfd, value) ? -errno : 0;
	pthread_mutex_unlock(&qnx_timers_lock);
	return stplr_qnx_ret(ret);
}

int stplr_qnx_timer_getoverrun(timer_t timerid)
{
	struct qnx_timer *t;
	int ret;

	t = qnx_timer_lock(timerid);
	if (!t)
		return timer_getoverrun(timerid);
	ret = t->overrun;
	pthread_mutex_unlock(&qnx_timers_lock);
	return ret;
}

int stplr_qnx_timer_delete(timer_t timerid)
{
	struct qnx_timer **pp, *t = NULL;

	pthread_mutex_lock(&qnx_timers_lock);
	for (pp = &qnx_timers; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == timerid) {
			t = *pp;
			*pp = t->next;
			break;
		}
	}
	if (t)
		epoll_ctl(qnx_timers_epfd, EPOLL_CTL_DEL, t->tfd, NULL);
	pthread_mutex_unlock(&qnx_timers_lock);
	if (!t)
		return timer_delete(timerid);
	close(t->tfd);
	timer_delete(t->id);
	free(t);
	return 0;
}

/* ------------------------------------------------------------------ */
/* TimerCreate() and friends: the kernel-call names, int ids           */
/* ------------------------------------------------------------------ */

/* glibc's timer_t for kernel timers is the kernel's int id. */
static int qnx_timer_to_int(timer_t t)
{
	intptr_t v = (intptr_t)t;

	return v < 0 || v > INT_MAX ? -1 : (int)v;
}

static timer_t qnx_int_to_timer(int id)
{
	return (timer_t)(intptr_t)id;
}

static int qnx_timer_create_int(clockid_t id, const struct sigevent *event)
{
	struct sigevent ev;
	timer_t t;
	int ret;

	if (!event)
		return -EINVAL;
	/* SIGEV_THREAD timers have no kernel id to return. */
	if (SIGEV_GET_TYPE(event) == SIGEV_THREAD)
		return -EINVAL;
	ev = *event;
	ret = qnx_timer_create(id, &ev, &t);
	if (ret)
		return ret;
	ret = qnx_timer_to_int(t);
	if (ret < 0) {
		stplr_qnx_timer_delete(t);
		return -EAGAIN;
	}
	return ret;
}

int TimerCreate(clockid_t id, const struct sigevent *event)
{
	return stplr_qnx_ret(qnx_timer_create_int(id, event));
}

int TimerCreate_r(clockid_t id, const struct sigevent *event)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_timer_create_int(id, event));
}

static void qnx_ns_to_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000u);
	ts->tv_nsec = (long)(ns % 1000000000u);
}

static uint64_t qnx_ts_to_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

static int qnx_timer_settime_int(int id, int flags,
				 const struct _itimer *itime,
				 struct _itimer *oitime)
{
	struct itimerspec nv, ov;
	int saved = errno, ret;

	if (id < 0 || !itime || (flags & ~TIMER_ABSTIME))
		return -EINVAL;
	qnx_ns_to_ts(itime->nsec, &nv.it_value);
	qnx_ns_to_ts(itime->interval_nsec, &nv.it_interval);
	ret = stplr_qnx_timer_settime(qnx_int_to_timer(id), flags, &nv, &ov);
	if (ret) {
		ret = -errno;
		errno = saved;
		return ret;
	}
	if (oitime) {
		oitime->nsec = qnx_ts_to_ns(&ov.it_value);
		oitime->interval_nsec = qnx_ts_to_ns(&ov.it_interval);
	}
	return 0;
}

int TimerSettime(int id, int flags, const struct _itimer *itime,
		 struct _itimer *oitime)
{
	return stplr_qnx_ret(qnx_timer_settime_int(id, flags, itime, oitime));
}

int TimerSettime_r(int id, int flags, const struct _itimer *itime,
		   struct _itimer *oitime)
{
	int saved = errno;

	return stplr_qnx_r(saved,
			   qnx_timer_settime_int(id, flags, itime, oitime));
}

static int qnx_timer_destroy_int(int id)
{
	int saved = errno, ret;

	if (id < 0)
		return -EINVAL;
	ret = stplr_qnx_timer_delete(qnx_int_to_timer(id));
	if (ret) {
		ret = -errno;
		errno = saved;
	}
	return ret;
}

int TimerDestroy(int id)
{
	return stplr_qnx_ret(qnx_timer_destroy_int(id));
}

int TimerDestroy_r(int id)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_timer_destroy_int(id));
}
