// SPDX-License-Identifier: GPL-2.0
/*
 * ping-server: org.stapler.example.Ping on the session bus.
 *   Ping((x id, s text, ay payload)) -> the same struct; text "hello-count"
 *   returns the number of Hello calls so far in id.
 *   Hello(s): sent by the client with NO_REPLY_EXPECTED, i.e. one-way.
 * Prints "ping-server: ready" once it owns its name.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

static int64_t hellos;

/* Copy the (xsay) struct of @msg into a new reply. */
static void ping(DBusConnection *c, DBusMessage *msg)
{
	DBusMessageIter in, ist, out, ost, arr;
	int64_t id = 0;
	const char *text = "";
	const unsigned char *payload = NULL;
	int n = 0;

	if (dbus_message_iter_init(msg, &in) &&
	    dbus_message_iter_get_arg_type(&in) == DBUS_TYPE_STRUCT) {
		dbus_message_iter_recurse(&in, &ist);
		dbus_message_iter_get_basic(&ist, &id);
		dbus_message_iter_next(&ist);
		dbus_message_iter_get_basic(&ist, &text);
		dbus_message_iter_next(&ist);
		dbus_message_iter_recurse(&ist, &arr);
		dbus_message_iter_get_fixed_array(&arr, &payload, &n);
	}
	if (!strcmp(text, "hello-count"))
		id = hellos;
	DBusMessage *rep = dbus_message_new_method_return(msg);
	dbus_message_iter_init_append(rep, &out);
	dbus_message_iter_open_container(&out, DBUS_TYPE_STRUCT, NULL, &ost);
	dbus_message_iter_append_basic(&ost, DBUS_TYPE_INT64, &id);
	dbus_message_iter_append_basic(&ost, DBUS_TYPE_STRING, &text);
	dbus_message_iter_open_container(&ost, DBUS_TYPE_ARRAY, DBUS_TYPE_BYTE_AS_STRING, &arr);
	dbus_message_iter_append_fixed_array(&arr, DBUS_TYPE_BYTE, &payload, n);
	dbus_message_iter_close_container(&ost, &arr);
	dbus_message_iter_close_container(&out, &ost);
	dbus_connection_send(c, rep, NULL);
	dbus_message_unref(rep);
}

int main(void)
{
	DBusConnection *c = ex_connect("ping-server", EX_PING);

	printf("ping-server: ready\n");
	fflush(stdout);
	while (dbus_connection_read_write(c, -1)) {
		DBusMessage *msg;

		while ((msg = dbus_connection_pop_message(c))) {
			if (dbus_message_is_method_call(msg, EX_PING, "Ping"))
				ping(c, msg);
			else if (dbus_message_is_method_call(msg, EX_PING, "Hello"))
				hellos++;
			else if (!ex_handle_example(c, msg, "ping"))
				ex_reply_unknown(c, msg);
			dbus_message_unref(msg);
		}
	}
	return 0;
}
