// SPDX-License-Identifier: GPL-2.0
/*
 * ping-client test | bench N   (D-Bus; see ping-server.c)
 *
 *   test      Name, Version, Ping echo (small and 1.5 MiB), 1000 one-way
 *             Hello then a check that all arrived
 *   bench N   N iterations of Name+Version+Ping (ping-seq), Ping
 *             (ping-call), Name+Version+Hello (hello-seq), Hello
 *             (hello-call, then one Ping); prints BENCH lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* Ping(id, text, payload of @len bytes); returns 1 when the echo matched. */
static int ping(DBusConnection *c, int64_t id, const char *text, size_t len, int64_t *ret_id)
{
	DBusMessageIter it, st, arr;
	DBusError err;
	unsigned char *payload = malloc(len + 1);
	const unsigned char *p = payload, *rp = NULL;
	const char *rtext = "";
	int n = 0, ok;

	for (size_t i = 0; i < len; i++)
		payload[i] = (unsigned char)(i * 131 + id);
	DBusMessage *m = ex_method(EX_PING, EX_PATH_PING, EX_PING, "Ping");
	dbus_message_iter_init_append(m, &it);
	dbus_message_iter_open_container(&it, DBUS_TYPE_STRUCT, NULL, &st);
	dbus_message_iter_append_basic(&st, DBUS_TYPE_INT64, &id);
	dbus_message_iter_append_basic(&st, DBUS_TYPE_STRING, &text);
	dbus_message_iter_open_container(&st, DBUS_TYPE_ARRAY, DBUS_TYPE_BYTE_AS_STRING, &arr);
	dbus_message_iter_append_fixed_array(&arr, DBUS_TYPE_BYTE, &p, (int)len);
	dbus_message_iter_close_container(&st, &arr);
	dbus_message_iter_close_container(&it, &st);
	dbus_error_init(&err);
	DBusMessage *rep = ex_call(c, m, &err);
	int64_t rid = -1;
	if (dbus_message_iter_init(rep, &it) &&
	    dbus_message_iter_get_arg_type(&it) == DBUS_TYPE_STRUCT) {
		dbus_message_iter_recurse(&it, &st);
		dbus_message_iter_get_basic(&st, &rid);
		dbus_message_iter_next(&st);
		dbus_message_iter_get_basic(&st, &rtext);
		dbus_message_iter_next(&st);
		dbus_message_iter_recurse(&st, &arr);
		dbus_message_iter_get_fixed_array(&arr, &rp, &n);
	}
	ok = rid == id && !strcmp(rtext, text) && (size_t)n == len &&
	     (len == 0 || !memcmp(rp, payload, len));
	if (ret_id)
		*ret_id = rid;
	dbus_message_unref(rep);
	free(payload);
	return ok;
}

static void hello(DBusConnection *c, const char *text)
{
	DBusMessage *m = ex_method(EX_PING, EX_PATH_PING, EX_PING, "Hello");

	dbus_message_append_args(m, DBUS_TYPE_STRING, &text, DBUS_TYPE_INVALID);
	dbus_message_set_no_reply(m, TRUE);	/* one-way */
	dbus_connection_send(c, m, NULL);
	dbus_connection_flush(c);
	dbus_message_unref(m);
}

static int64_t hello_count(DBusConnection *c)
{
	int64_t n = -1;

	ping(c, 0, "hello-count", 0, &n);
	return n;
}

int main(int argc, char **argv)
{
	DBusConnection *c = ex_connect("ping-client", NULL);
	const char *cmd = argc > 1 ? argv[1] : "test";
	char name[64];
	int32_t v[3];

	if (!strcmp(cmd, "test")) {
		ex_name(c, EX_PING, EX_PATH_PING, name, sizeof(name));
		ex_check(!strcmp(name, "ping"), "Name() is \"ping\"");
		ex_version(c, EX_PING, EX_PATH_PING, v);
		ex_check(v[0] == 1 && v[1] == 0, "Version() is 1.0");
		ex_check(ping(c, 7, "small", 16, NULL), "Ping() echoes a small struct");
		ex_check(ping(c, 9, "large", 1536 * 1024, NULL), "Ping() echoes a 1.5 MiB struct");
		int64_t before = hello_count(c);
		for (int i = 0; i < 1000; i++)
			hello(c, "burst");
		ex_check(hello_count(c) == before + 1000, "1000 one-way Hello() all arrive");
	} else if (!strcmp(cmd, "bench") && argc > 2) {
		long n = atol(argv[2]);
		int64_t t0;

		for (int i = 0; i < 100; i++)
			ping(c, 1, "ping", 0, NULL);
		t0 = ex_now_ns();
		for (long i = 0; i < n; i++) {
			ex_name(c, EX_PING, EX_PATH_PING, name, sizeof(name));
			ex_version(c, EX_PING, EX_PATH_PING, v);
			ping(c, 1, "ping", 0, NULL);
		}
		ex_bench_line("ping-seq", n, ex_now_ns() - t0);
		t0 = ex_now_ns();
		for (long i = 0; i < n; i++)
			ping(c, 1, "ping", 0, NULL);
		ex_bench_line("ping-call", n, ex_now_ns() - t0);
		t0 = ex_now_ns();
		for (long i = 0; i < n; i++) {
			ex_name(c, EX_PING, EX_PATH_PING, name, sizeof(name));
			ex_version(c, EX_PING, EX_PATH_PING, v);
			hello(c, "hello");
		}
		ping(c, 1, "ping", 0, NULL);
		ex_bench_line("hello-seq", n, ex_now_ns() - t0);
		t0 = ex_now_ns();
		for (long i = 0; i < n; i++)
			hello(c, "hello");
		ping(c, 1, "ping", 0, NULL);
		ex_bench_line("hello-call", n, ex_now_ns() - t0);
	} else {
		fprintf(stderr, "usage: %s test|bench N\n", argv[0]);
		return 2;
	}
	dbus_connection_close(c);
	dbus_connection_unref(c);
	return ex_failures ? 1 : 0;
}
