/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/siginfo.h> for Linux (libstplr-qnx): QNX's event (struct sigevent)
 * members, types and initialisers, on glibc's struct sigevent.
 *
 * DOC: QNX events
 *
 * glibc owns struct sigevent (timer_create(), mq_notify() and
 * lio_listio() hand it to the kernel), so its layout stays glibc's and
 * QNX's members are names for parts of it, as QNX's own header names
 * parts of unions:
 *
 *	sigev_coid	the same int as sigev_signo (QNX shares them too)
 *	sigev_code	an int in glibc's notification union (QNX: short)
 *	sigev_priority	the next int there (QNX: short)
 *	sigev_value	union sigval, with QNX's sival_long as well
 *
 * so QNX source that fills an event with SIGEV_PULSE_INIT() or by member
 * compiles unchanged, and an event passes between processes built with
 * these headers.  It is not QNX's binary layout (nothing here is shared
 * with QNX binaries).
 *
 * Event types: glibc's SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD keep Linux's
 * values (0, 1, 2), which differ from QNX's; QNX's own types are added
 * with QNX's values where Linux leaves them free (SIGEV_SIGNAL_THREAD 3,
 * SIGEV_UNBLOCK 5, SIGEV_INTR 6) and with 0x20 | QNX's value where Linux
 * uses it (SIGEV_SIGNAL_CODE 0x22, SIGEV_PULSE 0x24).  Code that uses the
 * names, never the numbers, is unaffected.  The flag bits above
 * SIGEV_TYPE_MASK are QNX's; SIGEV_GET_TYPE() strips them.
 *
 * Where each type is honoured: SIGEV_PULSE by timer_create() and
 * TimerCreate() (<time.h>, <sys/neutrino.h>); SIGEV_UNBLOCK by
 * TimerTimeout(); MsgDeliverEvent() and MsgVerifyEvent() check every type
 * and deliver those listed in <sys/neutrino.h> (SIGEV_PULSE and the
 * SIGEV_SIGNAL types).
 */
#ifndef STPLR_QNX_SYS_SIGINFO_H
#define STPLR_QNX_SYS_SIGINFO_H

#include <signal.h>
#include <stdint.h>

/* QNX's event types that Linux has not (see above for the values). */
#define SIGEV_SIGNAL_CODE	0x22
#define SIGEV_SIGNAL_THREAD	3
#define SIGEV_PULSE		0x24
#ifndef SIGEV_UNBLOCK
#define SIGEV_UNBLOCK		5
#endif
#define SIGEV_INTR		6

/* The type is the low byte of sigev_notify; flags are above it. */
#define SIGEV_TYPE_MASK		0x000000ff
#define SIGEV_FLAG_CRITICAL	0x00000100
#define SIGEV_FLAG_OVERDRIVE	0x00000200
#define SIGEV_FLAG_UPDATEABLE	0x00000400
#define SIGEV_FLAG_SIVAL_INT	0x00000800
#define SIGEV_FLAG_NOQUEUE	0x00001000

/*
 * QNX's member names on glibc's struct sigevent (see above).  Macros, as
 * in QNX's header: do not use these names for anything else.
 */
#define sigev_coid		sigev_signo
#define sigev_id		sigev_signo
#define sigev_code		_sigev_un._pad[0]
#define sigev_priority		_sigev_un._pad[1]

/*
 * si_code values a program may give a SIGEV_SIGNAL_CODE or
 * SIGEV_SIGNAL_THREAD event (QNX's values; QNX's own managers stay out of
 * this range).  MsgDeliverEvent() accepts any code from SI_MINAVAIL to 0
 * except -6 (Linux's SI_TKILL).
 */
#define SI_MINAVAIL	(-128)
#define SI_MAXAVAIL	(-64)

/* A pulse event's priority: the receiving thread's priority is unchanged. */
#define SIGEV_PULSE_PRIO_INHERIT	(-1)

#define SIGEV_GET_TYPE(__e)						\
	((int)((unsigned int)(__e)->sigev_notify & SIGEV_TYPE_MASK))
#define SIGEV_SET_TYPE(__e, __t)					\
	((__e)->sigev_notify = (int)(((unsigned int)(__e)->sigev_notify & \
				      ~(unsigned int)SIGEV_TYPE_MASK) |	\
				     (unsigned int)(__t)))

#define SIGEV_MAKE_UPDATEABLE(__e)					\
	((__e)->sigev_notify |= SIGEV_FLAG_UPDATEABLE)
#define SIGEV_CLEAR_UPDATEABLE(__e)					\
	((__e)->sigev_notify &= ~SIGEV_FLAG_UPDATEABLE)
#define SIGEV_MAKE_CRITICAL(__e)					\
	((__e)->sigev_notify |= SIGEV_FLAG_CRITICAL)
#define SIGEV_CLEAR_CRITICAL(__e)					\
	((__e)->sigev_notify &= ~SIGEV_FLAG_CRITICAL)

/* Initialisers: each sets sigev_notify and the members its type uses. */
#define SIGEV_NONE_INIT(__e)						\
	((void)((__e)->sigev_notify = SIGEV_NONE))
#define SIGEV_SIGNAL_INIT(__e, __s)					\
	((void)((__e)->sigev_notify = SIGEV_SIGNAL,			\
		(__e)->sigev_signo = (__s)))
#define SIGEV_SIGNAL_VALUE_INIT(__e, __s, __v)				\
	((void)((__e)->sigev_notify = SIGEV_SIGNAL,			\
		(__e)->sigev_signo = (__s),				\
		(__e)->sigev_value.sival_ptr = (void *)(uintptr_t)(__v)))
#define SIGEV_SIGNAL_CODE_INIT(__e, __s, __v, __c)			\
	((void)((__e)->sigev_notify = SIGEV_SIGNAL_CODE,		\
		(__e)->sigev_signo = (__s),				\
		(__e)->sigev_value.sival_ptr = (void *)(uintptr_t)(__v), \
		(__e)->sigev_code = (__c)))
#define SIGEV_SIGNAL_THREAD_INIT(__e, __s, __v, __c)			\
	((void)((__e)->sigev_notify = SIGEV_SIGNAL_THREAD,		\
		(__e)->sigev_signo = (__s),				\
		(__e)->sigev_value.sival_ptr = (void *)(uintptr_t)(__v), \
		(__e)->sigev_code = (__c)))
#define SIGEV_PULSE_INIT(__e, __coid, __prio, __code, __v)		\
	((void)((__e)->sigev_notify = SIGEV_PULSE,			\
		(__e)->sigev_coid = (__coid),				\
		(__e)->sigev_priority = (__prio),			\
		(__e)->sigev_value.sival_ptr = (void *)(uintptr_t)(__v), \
		(__e)->sigev_code = (__code)))
#define SIGEV_PULSE_INT_INIT(__e, __coid, __prio, __code, __v)		\
	((void)((__e)->sigev_notify = SIGEV_PULSE | SIGEV_FLAG_SIVAL_INT, \
		(__e)->sigev_coid = (__coid),				\
		(__e)->sigev_priority = (__prio),			\
		(__e)->sigev_value.sival_int = (int)(__v),		\
		(__e)->sigev_code = (__code)))
#define SIGEV_UNBLOCK_INIT(__e)						\
	((void)((__e)->sigev_notify = SIGEV_UNBLOCK))
#define SIGEV_INTR_INIT(__e)						\
	((void)((__e)->sigev_notify = SIGEV_INTR))
#define SIGEV_THREAD_INIT(__e, __f, __v, __a)				\
	((void)((__e)->sigev_notify = SIGEV_THREAD,			\
		(__e)->sigev_notify_function = (__f),			\
		(__e)->sigev_value.sival_ptr = (void *)(uintptr_t)(__v), \
		(__e)->sigev_notify_attributes = (__a)))

#endif /* STPLR_QNX_SYS_SIGINFO_H */
