// SPDX-License-Identifier: GPL-2.0
/* See common.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

int ex_failures;

DBusConnection *ex_connect(const char *prog, const char *name)
{
	DBusError err;
	DBusConnection *c;

	dbus_error_init(&err);
	c = dbus_bus_get_private(DBUS_BUS_SESSION, &err);
	if (!c) {
		fprintf(stderr, "%s: cannot connect to the bus: %s\n", prog, err.message);
		exit(1);
	}
	dbus_connection_set_exit_on_disconnect(c, FALSE);
	if (name && dbus_bus_request_name(c, name, DBUS_NAME_FLAG_DO_NOT_QUEUE, &err) !=
			DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
		fprintf(stderr, "%s: cannot own %s: %s\n", prog, name,
			dbus_error_is_set(&err) ? err.message : "taken");
		exit(1);
	}
	return c;
}

DBusMessage *ex_call(DBusConnection *c, DBusMessage *msg, DBusError *err)
{
	DBusMessage *rep = dbus_connection_send_with_reply_and_block(c, msg, -1, err);

	dbus_message_unref(msg);
	if (!rep && !dbus_error_has_name(err, EX_ERR_DIVZERO)) {
		printf("not ok - D-Bus call failed: %s\n", err->message);
		exit(1);
	}
	return rep;
}

DBusMessage *ex_method(const char *service, const char *path, const char *iface,
		       const char *method)
{
	DBusMessage *m = dbus_message_new_method_call(service, path, iface, method);

	if (!m)
		abort();
	return m;
}

int ex_handle_example(DBusConnection *c, DBusMessage *msg, const char *name)
{
	DBusMessage *rep;

	if (dbus_message_is_method_call(msg, EX_IFACE_EXAMPLE, "Name")) {
		rep = dbus_message_new_method_return(msg);
		dbus_message_append_args(rep, DBUS_TYPE_STRING, &name, DBUS_TYPE_INVALID);
	} else if (dbus_message_is_method_call(msg, EX_IFACE_EXAMPLE, "Version")) {
		DBusMessageIter it, st;
		int32_t v[3] = { 1, 0, 0 };

		rep = dbus_message_new_method_return(msg);
		dbus_message_iter_init_append(rep, &it);
		dbus_message_iter_open_container(&it, DBUS_TYPE_STRUCT, NULL, &st);
		for (int i = 0; i < 3; i++)
			dbus_message_iter_append_basic(&st, DBUS_TYPE_INT32, &v[i]);
		dbus_message_iter_close_container(&it, &st);
	} else {
		return 0;
	}
	dbus_connection_send(c, rep, NULL);
	dbus_message_unref(rep);
	return 1;
}

void ex_reply_unknown(DBusConnection *c, DBusMessage *msg)
{
	if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_METHOD_CALL ||
	    dbus_message_get_no_reply(msg))
		return;
	DBusMessage *rep = dbus_message_new_error(msg, DBUS_ERROR_UNKNOWN_METHOD,
						  "no such method");
	dbus_connection_send(c, rep, NULL);
	dbus_message_unref(rep);
}

void ex_name(DBusConnection *c, const char *service, const char *path, char *buf, size_t len)
{
	DBusError err;
	const char *s = "";

	dbus_error_init(&err);
	DBusMessage *rep = ex_call(c, ex_method(service, path, EX_IFACE_EXAMPLE, "Name"), &err);
	dbus_message_get_args(rep, NULL, DBUS_TYPE_STRING, &s, DBUS_TYPE_INVALID);
	snprintf(buf, len, "%s", s);
	dbus_message_unref(rep);
}

void ex_version(DBusConnection *c, const char *service, const char *path, int32_t v[3])
{
	DBusError err;
	DBusMessageIter it, st;

	dbus_error_init(&err);
	DBusMessage *rep = ex_call(c, ex_method(service, path, EX_IFACE_EXAMPLE, "Version"), &err);
	v[0] = v[1] = v[2] = -1;
	if (dbus_message_iter_init(rep, &it) &&
	    dbus_message_iter_get_arg_type(&it) == DBUS_TYPE_STRUCT) {
		dbus_message_iter_recurse(&it, &st);
		for (int i = 0; i < 3 && dbus_message_iter_get_arg_type(&st) == DBUS_TYPE_INT32; i++) {
			dbus_message_iter_get_basic(&st, &v[i]);
			dbus_message_iter_next(&st);
		}
	}
	dbus_message_unref(rep);
}

int64_t ex_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void ex_bench_line(const char *test, long n, int64_t ns)
{
	printf("BENCH family=dbus test=%s n=%ld ns=%lld\n", test, n, (long long)ns);
	fflush(stdout);
}

void ex_check(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	if (!ok)
		ex_failures++;
}
