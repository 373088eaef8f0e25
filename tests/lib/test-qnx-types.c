// SPDX-License-Identifier: GPL-2.0
/*
 * test-qnx-types: the types, macros and C-library additions of the QNX
 * layer's headers (<sys/siginfo.h>, union sigval's sival_long, <errno.h>,
 * <string.h>, <stdlib.h>, <process.h>, <time.h>), and the argument checks
 * of the event, timer and scheduling calls, without the stplr module.
 *
 * Built with `pkg-config --cflags --libs stplr-qnx` only, as a QNX program
 * is.  TAP output.
 */
#include <errno.h>
#include <limits.h>
#include <process.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/neutrino.h>
#include <sys/siginfo.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static void test_sigval(void)
{
	union sigval v;

	tap_ok(sizeof(v) == sizeof(void *) && sizeof(v.sival_long) ==
	       sizeof(void *), "union sigval: pointer-sized, with sival_long");
	memset(&v, 0, sizeof(v));
	v.sival_int = 0x1234;
	tap_ok(v.sival_long == 0x1234 &&
	       (uintptr_t)v.sival_ptr == 0x1234,
	       "sival_int, sival_ptr and sival_long share storage");
}

static void test_sigevent(void)
{
	struct sigevent ev;

	memset(&ev, 0, sizeof(ev));
	SIGEV_PULSE_INIT(&ev, 5, 10, 3, 77);
	tap_ok(SIGEV_GET_TYPE(&ev) == SIGEV_PULSE && ev.sigev_coid == 5 &&
	       ev.sigev_priority == 10 && ev.sigev_code == 3 &&
	       ev.sigev_value.sival_int == 77, "SIGEV_PULSE_INIT fills coid, "
	       "priority, code and value");
	SIGEV_MAKE_UPDATEABLE(&ev);
	tap_ok(SIGEV_GET_TYPE(&ev) == SIGEV_PULSE &&
	       (ev.sigev_notify & SIGEV_FLAG_UPDATEABLE),
	       "SIGEV_MAKE_UPDATEABLE sets a flag, SIGEV_GET_TYPE strips it");
	SIGEV_SIGNAL_INIT(&ev, SIGUSR1);
	tap_ok(ev.sigev_notify == SIGEV_SIGNAL && ev.sigev_signo == SIGUSR1,
	       "SIGEV_SIGNAL_INIT is glibc's SIGEV_SIGNAL");
	SIGEV_UNBLOCK_INIT(&ev);
	tap_ok(ev.sigev_notify == SIGEV_UNBLOCK, "SIGEV_UNBLOCK_INIT");
	SIGEV_NONE_INIT(&ev);
	tap_ok(ev.sigev_notify == SIGEV_NONE, "SIGEV_NONE_INIT");
	tap_ok(SIGEV_PULSE != SIGEV_SIGNAL && SIGEV_PULSE != SIGEV_NONE &&
	       SIGEV_PULSE != SIGEV_THREAD && SIGEV_PULSE != SIGEV_THREAD_ID &&
	       SIGEV_SIGNAL_CODE != SIGEV_THREAD &&
	       SIGEV_PULSE_PRIO_INHERIT == -1,
	       "QNX event types do not collide with Linux's");
}

static void test_errno_lib(void)
{
	char buf[8];
	int a = 3, b = 9;

	tap_ok(EOK == 0 && ESRVRFAULT == 312, "EOK 0, ESRVRFAULT 312 (QNX)");
	tap_ok(strlcpy(buf, "hello world", sizeof(buf)) == 11 &&
	       !strcmp(buf, "hello w"), "strlcpy truncates, returns strlen");
	tap_ok(strlcat(buf, "xyz", sizeof(buf)) == 10 &&
	       !strcmp(buf, "hello w"), "strlcat on a full buffer");
	strcpy(buf, "ab");
	tap_ok(strlcat(buf, "cd", sizeof(buf)) == 4 && !strcmp(buf, "abcd"),
	       "strlcat appends");
	tap_ok(strlcpy(buf, "x", 0) == 1 && !strcmp(buf, "abcd"),
	       "strlcpy with size 0 writes nothing");
	tap_ok(min(a, b) == 3 && max(a, b) == 9, "min() and max()");
	tap_ok(getpid() > 0, "<process.h> declares getpid()");
}

static void test_constants(void)
{
	rcvid_t r = 5;

	tap_ok(sizeof(r) == sizeof(int), "rcvid_t");
	tap_ok(_NTO_CHF_PRIVATE == 0x1000 && _NTO_TIMEOUT_JOIN == 1 << 15 &&
	       _NTO_TIMEOUT_NANOSLEEP == 1 << 12 &&
	       _NTO_TIMEOUT_CONDVAR == 1 << 14 &&
	       _NTO_TIMEOUT_SEND == 1 << 4 && _NTO_TIMEOUT_REPLY == 1 << 6,
	       "_NTO_CHF_PRIVATE and _NTO_TIMEOUT_* have QNX's values");
	is_errno(TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_JOIN, NULL, NULL,
			      NULL), EINVAL,
		 "TimerTimeout on a state with no call here: EINVAL");
}

static void test_events(void)
{
	struct sigevent ev;

	memset(&ev, 0, sizeof(ev));
	SIGEV_PULSE_INIT(&ev, 1, SIGEV_PULSE_PRIO_INHERIT, 5, 0);
	tap_is(MsgVerifyEvent(0, &ev), EOK, "MsgVerifyEvent: a pulse event");
	ev.sigev_code = 200;
	is_errno(MsgVerifyEvent(0, &ev), EINVAL,
		 "MsgVerifyEvent: a code above _PULSE_CODE_MAXAVAIL");
	SIGEV_PULSE_INIT(&ev, -1, 10, 5, 0);
	is_errno(MsgVerifyEvent(0, &ev), EINVAL,
		 "MsgVerifyEvent: a negative coid");
	ev.sigev_notify = 0x77;
	is_errno(MsgVerifyEvent(0, &ev), EINVAL,
		 "MsgVerifyEvent: an unknown type");
	ev.sigev_notify = SIGEV_PULSE | 0x10000;
	is_errno(MsgVerifyEvent(0, &ev), EINVAL,
		 "MsgVerifyEvent: an unknown flag");
	SIGEV_SIGNAL_INIT(&ev, 0);
	is_errno(MsgVerifyEvent(0, &ev), EINVAL,
		 "MsgVerifyEvent: signal 0");
	is_errno(MsgVerifyEvent(0, NULL), EINVAL, "MsgVerifyEvent: NULL");
	is_errno(MsgVerifyEvent(-1, NULL), ESRCH,
		 "MsgVerifyEvent: negative rcvid");
	SIGEV_SIGNAL_INIT(&ev, SIGUSR1);
	tap_is(MsgVerifyEvent(3, &ev), EOK, "MsgVerifyEvent: a signal event");
	errno = 0;
	tap_ok(MsgVerifyEvent_r(0, NULL) == -EINVAL && errno == 0,
	       "MsgVerifyEvent_r returns -EINVAL, errno untouched");
	is_errno(MsgDeliverEvent(0, &ev), ESRCH, "MsgDeliverEvent: rcvid 0");
	is_errno(MsgDeliverEvent(3, &ev), ESRCH,
		 "MsgDeliverEvent: a signal event, an rcvid never received: ESRCH");
	SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR1, 0, 1);
	is_errno(MsgVerifyEvent(0, &ev), EINVAL,
		 "MsgVerifyEvent: a signal code above 0 (kernel codes)");
	SIGEV_SIGNAL_THREAD_INIT(&ev, SIGUSR1, 0, SI_MINAVAIL - 1);
	is_errno(MsgVerifyEvent(0, &ev), EINVAL,
		 "MsgVerifyEvent: a signal code below SI_MINAVAIL");
	SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR1, 0, SI_MAXAVAIL);
	tap_is(MsgVerifyEvent(0, &ev), EOK, "MsgVerifyEvent: SI_MAXAVAIL");
	SIGEV_SIGNAL_INIT(&ev, 32);
	is_errno(MsgVerifyEvent(0, &ev), EINVAL,
		 "MsgVerifyEvent: a signal glibc keeps for itself");
	SIGEV_PULSE_INIT(&ev, 1, SIGEV_PULSE_PRIO_INHERIT, 1, 0);
	is_errno(MsgDeliverEvent(3, &ev), ESRCH,
		 "MsgDeliverEvent: an rcvid never received: ESRCH");
	SIGEV_SIGNAL_INIT(&ev, SIGUSR1);
	is_errno(MsgDeliverEvent(3, NULL), EINVAL, "MsgDeliverEvent: NULL");
	tap_is(MsgRegisterEvent(&ev, 1), 0, "MsgRegisterEvent");
	is_errno(MsgRegisterEvent(&ev, -1), EBADF,
		 "MsgRegisterEvent: negative coid");
	tap_is(MsgUnregisterEvent(&ev), 0, "MsgUnregisterEvent");
}

static volatile sig_atomic_t got_sig;
static volatile long got_val;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_val = si->si_value.sival_long;
}

static volatile int thread_calls;
static volatile long thread_val;

static void on_timer_thread(union sigval v)
{
	thread_val = v.sival_long;
	thread_calls++;
}

static void test_timers(void)
{
	struct itimerspec its = { .it_value.tv_nsec = 1000000 };
	struct sigaction sa;
	struct sigevent ev;
	struct _itimer it = { 0 };
	timer_t t;
	int i, id;

	memset(&ev, 0, sizeof(ev));
	SIGEV_PULSE_INIT(&ev, 1, 10, 200, 0);
	is_errno(timer_create(CLOCK_MONOTONIC, &ev, &t), EINVAL,
		 "timer_create: pulse code out of range");
	SIGEV_PULSE_INIT(&ev, 1, 10, 1, 0);
	is_errno(timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &t), EINVAL,
		 "timer_create: a pulse timer on a CPU-time clock");
	is_errno(timer_create(CLOCK_MONOTONIC, &ev, NULL), EINVAL,
		 "timer_create: NULL timerid");
	SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR1, 1, 2);
	is_errno(timer_create(CLOCK_MONOTONIC, &ev, &t), EINVAL,
		 "timer_create: SIGEV_SIGNAL_CODE");
	is_errno(TimerCreate(CLOCK_MONOTONIC, NULL), EINVAL,
		 "TimerCreate: NULL event");
	is_errno(TimerSettime(-1, 0, &it, NULL), EINVAL,
		 "TimerSettime: negative id");
	is_errno(TimerDestroy(-1), EINVAL, "TimerDestroy: negative id");

	/* glibc's own timers still work through the renamed calls */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	memset(&ev, 0, sizeof(ev));
	SIGEV_SIGNAL_VALUE_INIT(&ev, SIGUSR2, 4242);
	tap_is(timer_create(CLOCK_MONOTONIC, &ev, &t), 0,
	       "timer_create: SIGEV_SIGNAL goes to glibc");
	tap_is(timer_settime(t, 0, &its, NULL), 0, "timer_settime (glibc)");
	for (i = 0; i < 2000 && !got_sig; i++)
		usleep(1000);
	tap_ok(got_sig == SIGUSR2 && got_val == 4242,
	       "the signal carries sival_long %ld", (long)got_val);
	tap_is(timer_delete(t), 0, "timer_delete (glibc)");

	/* SIGEV_THREAD (glibc's own notification thread) still works */
	memset(&ev, 0, sizeof(ev));
	SIGEV_THREAD_INIT(&ev, on_timer_thread, 77, NULL);
	tap_is(timer_create(CLOCK_MONOTONIC, &ev, &t), 0,
	       "timer_create: SIGEV_THREAD goes to glibc");
	timer_settime(t, 0, &its, NULL);
	for (i = 0; i < 2000 && !thread_calls; i++)
		usleep(1000);
	tap_ok(thread_calls == 1 && thread_val == 77,
	       "the SIGEV_THREAD function ran with sival_long %ld",
	       (long)thread_val);
	timer_delete(t);
	is_errno(TimerCreate(CLOCK_MONOTONIC, &ev), EINVAL,
		 "TimerCreate: SIGEV_THREAD (no kernel id): EINVAL");

	/* TimerCreate with a signal event: an int id that timer_* accept */
	got_sig = 0;
	SIGEV_SIGNAL_VALUE_INIT(&ev, SIGUSR2, 4242);
	id = TimerCreate(CLOCK_MONOTONIC, &ev);
	tap_ok(id >= 0, "TimerCreate with SIGEV_SIGNAL: id %d", id);
	it.nsec = 1000000;
	tap_is(TimerSettime(id, 0, &it, NULL), 0, "TimerSettime");
	for (i = 0; i < 2000 && !got_sig; i++)
		usleep(1000);
	tap_ok(got_sig == SIGUSR2, "TimerCreate's timer fired");
	tap_is(TimerDestroy(id), 0, "TimerDestroy");
	is_errno(TimerDestroy(id), EINVAL, "TimerDestroy twice: EINVAL");
}

static void test_sched(void)
{
	struct sched_param sp;
	int policy;

	policy = SchedGet(0, 0, &sp);
	tap_ok(policy == sched_getscheduler(0),
	       "SchedGet(0, 0): the calling thread's policy %d", policy);
	tap_is(SchedSet(0, 0, policy, &sp), 0, "SchedSet to the same values");
	is_errno(SchedGet(0, 0x7ffffff0, &sp), ESRCH,
		 "SchedGet: unknown thread");
	is_errno(SchedSet(0, 0, policy, NULL), EINVAL, "SchedSet: NULL param");
}

int main(void)
{
	tap_plan(62);
	test_sigval();
	test_sigevent();
	test_errno_lib();
	test_constants();
	test_events();
	test_timers();
	test_sched();
	return tap_done();
}
