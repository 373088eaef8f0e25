// SPDX-License-Identifier: GPL-2.0
/*
 * calculator-client test | bench N   (D-Bus; see calculator-server.c)
 *
 *   test      the four operations and divide by zero (the declared error)
 *   bench N   N iterations of Name+Version+Add+Subtract+Multiply+Divide
 *             (calc-seq) and of Add alone (calc-call); prints BENCH lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* One operation; *@divzero is set when the server answered DivideByZero. */
static int32_t op(DBusConnection *c, const char *method, int32_t a, int32_t b, int *divzero)
{
	DBusError err;
	int32_t r = 0;
	DBusMessage *m = ex_method(EX_CALCULATOR, EX_PATH_CALC, EX_CALCULATOR, method);

	dbus_message_append_args(m, DBUS_TYPE_INT32, &a, DBUS_TYPE_INT32, &b, DBUS_TYPE_INVALID);
	dbus_error_init(&err);
	DBusMessage *rep = ex_call(c, m, &err);
	if (divzero)
		*divzero = !rep;
	if (!rep) {
		printf("# %s\n", err.message);
		dbus_error_free(&err);
		return 0;
	}
	dbus_message_get_args(rep, NULL, DBUS_TYPE_INT32, &r, DBUS_TYPE_INVALID);
	dbus_message_unref(rep);
	return r;
}

int main(int argc, char **argv)
{
	DBusConnection *c = ex_connect("calculator-client", NULL);
	const char *cmd = argc > 1 ? argv[1] : "test";
	char name[64];
	int32_t v[3];
	int dz = 0;

	if (!strcmp(cmd, "test")) {
		ex_name(c, EX_CALCULATOR, EX_PATH_CALC, name, sizeof(name));
		ex_check(!strcmp(name, "calculator"), "Name() is \"calculator\"");
		ex_check(op(c, "Add", 40, 2, NULL) == 42, "Add(40, 2) = 42");
		ex_check(op(c, "Subtract", 40, 2, NULL) == 38, "Subtract(40, 2) = 38");
		ex_check(op(c, "Multiply", -6, 7, NULL) == -42, "Multiply(-6, 7) = -42");
		ex_check(op(c, "Divide", 85, 2, NULL) == 42, "Divide(85, 2) = 42");
		op(c, "Divide", 1, 0, &dz);
		ex_check(dz, "Divide(1, 0) answers the DivideByZero error");
		ex_check(op(c, "Add", 1, 1, NULL) == 2, "the service works after the error");
	} else if (!strcmp(cmd, "bench") && argc > 2) {
		long n = atol(argv[2]);
		volatile int32_t sink = 0;

		for (int i = 0; i < 100; i++)
			sink = sink + op(c, "Add", i, 1, NULL);
		int64_t t0 = ex_now_ns();
		for (long i = 0; i < n; i++) {
			ex_name(c, EX_CALCULATOR, EX_PATH_CALC, name, sizeof(name));
			ex_version(c, EX_CALCULATOR, EX_PATH_CALC, v);
			sink = sink + op(c, "Add", (int32_t)i, 3, NULL);
			sink = sink + op(c, "Subtract", (int32_t)i, 3, NULL);
			sink = sink + op(c, "Multiply", (int32_t)i, 3, NULL);
			sink = sink + op(c, "Divide", (int32_t)i, 3, NULL);
		}
		ex_bench_line("calc-seq", n, ex_now_ns() - t0);
		t0 = ex_now_ns();
		for (long i = 0; i < n; i++)
			sink = sink + op(c, "Add", (int32_t)i, 3, NULL);
		ex_bench_line("calc-call", n, ex_now_ns() - t0);
	} else {
		fprintf(stderr, "usage: %s test|bench N\n", argv[0]);
		return 2;
	}
	dbus_connection_close(c);
	dbus_connection_unref(c);
	return ex_failures ? 1 : 0;
}
