/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer for the library tests: "1..N" first, then one
 * "ok N - name" / "not ok N - name" line per check, diagnostics as
 * "# ..." lines.  tap_done() returns the exit status (0 when every planned
 * check ran and passed, 1 otherwise).
 */
#ifndef STPLR_TESTS_TAP_H
#define STPLR_TESTS_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_planned, tap_run, tap_failed;

static inline void tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline __attribute__((format(printf, 2, 3)))
int tap_ok(int ok, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	if (!ok)
		tap_failed++;
	printf("%sok %d - ", ok ? "" : "not ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return ok;
}

static inline __attribute__((format(printf, 2, 3)))
void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	printf("ok %d - ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
	fflush(stdout);
}

/* Print a value, naming it when it looks like -errno: "-2 (-ENOENT)". */
static inline void tap_print_val(long v)
{
	const char *name = v < 0 && v > -4096 ? strerrorname_np((int)-v) : NULL;

	if (name)
		printf("%ld (-%s)", v, name);
	else
		printf("%ld", v);
}

/* Check that a call returned @want (an int or -errno). */
#define tap_is(got, want, ...)						\
	do {								\
		long tap_g_ = (long)(got), tap_w_ = (long)(want);	\
		if (!tap_ok(tap_g_ == tap_w_, __VA_ARGS__)) {		\
			printf("#   got ");				\
			tap_print_val(tap_g_);				\
			printf(", want ");				\
			tap_print_val(tap_w_);				\
			printf("\n");					\
		}							\
	} while (0)

/* Check a plain QNX-style call: -1 with errno @want. */
#define is_errno(call, want, ...)					\
	do {								\
		long r_;						\
		errno = 0;						\
		r_ = (long)(call);					\
		if (!tap_ok(r_ == -1 && errno == (want), __VA_ARGS__))	\
			printf("#   got %ld errno %d, want -1 errno %d\n", \
			       r_, errno, (want));			\
	} while (0)

static inline int tap_done(void)
{
	if (tap_run != tap_planned) {
		printf("# planned %d checks, ran %d\n", tap_planned, tap_run);
		return 1;
	}
	return tap_failed ? 1 : 0;
}

#endif /* STPLR_TESTS_TAP_H */
