// SPDX-License-Identifier: GPL-2.0
/*
 * timer-client test | bench N INTERVAL_US   (D-Bus; see timer-server.c)
 *
 *   test                 Start(20 ms), 5 Tick signals, Stop
 *   bench N INTERVAL_US  Start(INTERVAL_US), N Tick signals; prints one
 *                        TIMER line with every propagation latency (the
 *                        client's CLOCK_MONOTONIC when the signal is
 *                        taken off the connection minus the server's stamp)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static int64_t call_start(DBusConnection *c, int64_t us)
{
	DBusError err;
	int64_t id = 0;
	DBusMessage *m = ex_method(EX_TIMER, EX_PATH_TIMER, EX_TIMER, "Start");

	dbus_message_append_args(m, DBUS_TYPE_INT64, &us, DBUS_TYPE_INVALID);
	dbus_error_init(&err);
	DBusMessage *rep = ex_call(c, m, &err);
	dbus_message_get_args(rep, NULL, DBUS_TYPE_INT64, &id, DBUS_TYPE_INVALID);
	dbus_message_unref(rep);
	return id;
}

static void call_stop(DBusConnection *c, int64_t id)
{
	DBusError err;
	DBusMessage *m = ex_method(EX_TIMER, EX_PATH_TIMER, EX_TIMER, "Stop");

	dbus_message_append_args(m, DBUS_TYPE_INT64, &id, DBUS_TYPE_INVALID);
	dbus_error_init(&err);
	dbus_message_unref(ex_call(c, m, &err));
}

/* Wait for the next Tick of timer @id; returns arrival - stamp, sets *@stamp. */
static int64_t next_tick(DBusConnection *c, int64_t id, int64_t *stamp)
{
	for (;;) {
		DBusMessage *msg;

		while ((msg = dbus_connection_pop_message(c))) {
			int64_t now = ex_now_ns(), tid = 0, sec = 0, nsec = 0;
			int mine = dbus_message_is_signal(msg, EX_TIMER, "Tick") &&
				   dbus_message_get_args(msg, NULL, DBUS_TYPE_INT64, &tid,
							 DBUS_TYPE_INT64, &sec, DBUS_TYPE_INT64,
							 &nsec, DBUS_TYPE_INVALID) &&
				   tid == id;
			dbus_message_unref(msg);
			if (mine) {
				*stamp = sec * 1000000000 + nsec;
				return now - *stamp;
			}
		}
		if (!dbus_connection_read_write(c, -1)) {
			printf("not ok - bus connection lost\n");
			exit(1);
		}
	}
}

int main(int argc, char **argv)
{
	DBusConnection *c = ex_connect("timer-client", NULL);
	const char *cmd = argc > 1 ? argv[1] : "test";
	DBusError err;
	int64_t stamp;

	dbus_error_init(&err);
	dbus_bus_add_match(c, "type='signal',interface='" EX_TIMER "',member='Tick'", &err);
	if (dbus_error_is_set(&err)) {
		printf("not ok - add_match: %s\n", err.message);
		return 1;
	}
	if (!strcmp(cmd, "test")) {
		int64_t id = call_start(c, 20000), first = 0, prev = 0;
		int ordered = 1;

		for (int i = 0; i < 5; i++) {
			int64_t lat = next_tick(c, id, &stamp);
			if (stamp <= prev || lat < 0)
				ordered = 0;
			if (!first)
				first = stamp;
			prev = stamp;
		}
		ex_check(id > 0 && ordered, "5 Tick signals, increasing, each stamped before it arrived");
		ex_check(prev - first >= 3 * 20000000LL, "5 ticks span at least 3 intervals of 20 ms");
		call_stop(c, id);
	} else if (!strcmp(cmd, "bench") && argc > 3) {
		long n = atol(argv[2]);
		int64_t id = call_start(c, atol(argv[3]));

		printf("TIMER family=dbus interval_us=%s ns=", argv[3]);
		for (long i = 0; i < n; i++)
			printf("%s%lld", i ? "," : "", (long long)next_tick(c, id, &stamp));
		printf("\n");
		call_stop(c, id);
	} else {
		fprintf(stderr, "usage: %s test|bench N INTERVAL_US\n", argv[0]);
		return 2;
	}
	dbus_connection_close(c);
	dbus_connection_unref(c);
	return ex_failures ? 1 : 0;
}
