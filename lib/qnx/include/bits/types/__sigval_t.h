/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * union sigval for the QNX compatibility layer (libstplr-qnx).
 *
 * glibc's <signal.h> and <time.h> take union sigval from its internal
 * header <bits/types/__sigval_t.h>; this file, found first on the QNX
 * include path, stands in for it and adds QNX's sival_long member.  The
 * layout is glibc's: sival_int at offset 0, and sival_ptr and sival_long
 * (a long, the size of a pointer on every Linux target) sharing the whole
 * union, so objects pass unchanged between code built with and without
 * these headers (timer_create(), sigqueue(), mq_notify() ...).  The guard
 * is glibc's own, so only one definition is ever seen.
 */
#ifndef ____sigval_t_defined
#define ____sigval_t_defined

#if defined(__USE_POSIX199309) || defined(__USE_XOPEN_EXTENDED)
union sigval {
	int sival_int;
	void *sival_ptr;
	long sival_long;	/* QNX */
};
typedef union sigval __sigval_t;
#else
union __sigval {
	int __sival_int;
	void *__sival_ptr;
	long __sival_long;
};
typedef union __sigval __sigval_t;
#endif

#endif /* ____sigval_t_defined */
