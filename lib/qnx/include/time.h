/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <time.h> for the QNX compatibility layer: glibc's, with the POSIX timer
 * calls routed through libstplr-qnx so that timer_create() accepts QNX's
 * SIGEV_PULSE events (<sys/siginfo.h>).
 *
 * timer_create(), timer_settime(), timer_gettime(), timer_getoverrun()
 * and timer_delete() are macros naming stplr_qnx_timer_*() below, for the
 * code compiled with these headers only: other code in the process keeps
 * calling glibc's functions.  Every event type but SIGEV_PULSE is handed to
 * glibc unchanged (SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD, SIGEV_THREAD_ID),
 * and so are all operations on the timers glibc made.  The difference from
 * QNX for pulse timers is in the description of stplr_qnx_timer_create().
 */
#include_next <time.h>

#ifndef STPLR_QNX_TIME_H
#define STPLR_QNX_TIME_H

#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 199309L

#ifdef __cplusplus
extern "C" {
#endif

struct sigevent;

/**
 * stplr_qnx_timer_create() - timer_create() with QNX's SIGEV_PULSE events
 * @clock_id: CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME for a pulse
 *            timer; any clock glibc accepts otherwise
 * @evp:      the event; NULL means SIGEV_SIGNAL with SIGALRM (glibc)
 * @timerid:  out, the new timer
 *
 * With a SIGEV_PULSE event, every expiry of the timer sends a pulse on the
 * connection @evp->sigev_coid with code @evp->sigev_code and value
 * @evp->sigev_value.sival_int, as MsgSendPulse() would.  The pulses are
 * sent by one library thread per process (started by the first pulse
 * timer, with that thread's scheduling policy and priority), woken by a
 * timerfd per timer.  Differences from QNX, where the kernel queues the
 * pulse itself:
 *  - the priority is on stapler's scale, as for MsgSendPulse();
 *    SIGEV_PULSE_PRIO_INHERIT is the priority of the thread calling
 *    timer_create(); a priority above that thread's, or above the
 *    library thread's, fails with EPERM unless the process has
 *    CAP_SYS_NICE;
 *  - expiries the library thread could not keep up with, and pulses the
 *    channel refused (queue full), are counted by timer_getoverrun() for
 *    the next pulse instead of being sent;
 *  - when @evp->sigev_coid is not (or no longer) a connection of the
 *    process, or its channel is gone, the pulses are dropped: check the
 *    event first with MsgVerifyEvent(0, evp);
 *  - the timers are not inherited by a fork() child (as POSIX says).
 *
 * Return: 0; -1 with errno set: EINVAL for a NULL @timerid, an unknown
 * clock for a pulse timer, a pulse code outside _PULSE_CODE_MINAVAIL..
 * _PULSE_CODE_MAXAVAIL, or an event type Linux timers cannot deliver
 * (SIGEV_SIGNAL_CODE, SIGEV_SIGNAL_THREAD, SIGEV_UNBLOCK, SIGEV_INTR);
 * EPERM (see above); EAGAIN, ENOMEM or EMFILE when a timer, timerfd or
 * the library thread cannot be made; glibc's errors for other events.
 */
extern int stplr_qnx_timer_create(clockid_t clock_id, struct sigevent *evp,
				  timer_t *timerid);

/**
 * stplr_qnx_timer_settime() - timer_settime() for every kind of timer
 * @timerid: a timer from stplr_qnx_timer_create()
 * @flags:   0 or TIMER_ABSTIME
 * @value:   first expiry (0 disarms) and interval (0: one-shot)
 * @ovalue:  out, optional: the previous setting
 *
 * Return: 0; -1 with errno set (EINVAL for a bad @timerid or @value).
 */
extern int stplr_qnx_timer_settime(timer_t timerid, int flags,
				   const struct itimerspec *value,
				   struct itimerspec *ovalue);

/**
 * stplr_qnx_timer_gettime() - timer_gettime() for every kind of timer
 * @timerid: a timer from stplr_qnx_timer_create()
 * @value:   out, time to the next expiry and the interval
 *
 * Return: 0; -1 with errno set (EINVAL for a bad @timerid).
 */
extern int stplr_qnx_timer_gettime(timer_t timerid, struct itimerspec *value);

/**
 * stplr_qnx_timer_getoverrun() - timer_getoverrun() for every kind of timer
 * @timerid: a timer from stplr_qnx_timer_create()
 *
 * For a pulse timer: the expiries folded into the last pulse sent (see
 * stplr_qnx_timer_create()).
 *
 * Return: the count; -1 with errno set (EINVAL for a bad @timerid).
 */
extern int stplr_qnx_timer_getoverrun(timer_t timerid);

/**
 * stplr_qnx_timer_delete() - timer_delete() for every kind of timer
 * @timerid: a timer from stplr_qnx_timer_create()
 *
 * A pulse timer sends no pulse after this returns; pulses already queued
 * on the channel stay there.
 *
 * Return: 0; -1 with errno set (EINVAL for a bad @timerid).
 */
extern int stplr_qnx_timer_delete(timer_t timerid);

#ifdef __cplusplus
}
#endif

#define timer_create		stplr_qnx_timer_create
#define timer_settime		stplr_qnx_timer_settime
#define timer_gettime		stplr_qnx_timer_gettime
#define timer_getoverrun	stplr_qnx_timer_getoverrun
#define timer_delete		stplr_qnx_timer_delete

#endif /* _POSIX_C_SOURCE >= 199309L */

#endif /* STPLR_QNX_TIME_H */
