// SPDX-License-Identifier: GPL-2.0
/*
 * calculator-server: org.stapler.example.Calculator on the session bus.
 *   Add, Subtract, Multiply, Divide (i, i) -> i; Divide by zero answers the
 *   error org.stapler.example.Calculator.DivideByZero.
 * Prints "calculator-server: ready" once it owns its name.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

static void calculate(DBusConnection *c, DBusMessage *msg, const char *op)
{
	int32_t a = 0, b = 0;
	uint32_t r;
	DBusMessage *rep;

	dbus_message_get_args(msg, NULL, DBUS_TYPE_INT32, &a, DBUS_TYPE_INT32, &b,
			      DBUS_TYPE_INVALID);
	if (!strcmp(op, "Divide") && b == 0) {
		rep = dbus_message_new_error_printf(msg, EX_ERR_DIVZERO,
						    "division of %d by zero", a);
		goto send;
	}
	if (!strcmp(op, "Add"))
		r = (uint32_t)a + (uint32_t)b;
	else if (!strcmp(op, "Subtract"))
		r = (uint32_t)a - (uint32_t)b;
	else if (!strcmp(op, "Multiply"))
		r = (uint32_t)a * (uint32_t)b;
	else
		r = (a == INT32_MIN && b == -1) ? (uint32_t)a : (uint32_t)(a / b);
	int32_t ri = (int32_t)r;
	rep = dbus_message_new_method_return(msg);
	dbus_message_append_args(rep, DBUS_TYPE_INT32, &ri, DBUS_TYPE_INVALID);
send:
	dbus_connection_send(c, rep, NULL);
	dbus_message_unref(rep);
}

int main(void)
{
	static const char *const ops[] = { "Add", "Subtract", "Multiply", "Divide" };
	DBusConnection *c = ex_connect("calculator-server", EX_CALCULATOR);

	printf("calculator-server: ready\n");
	fflush(stdout);
	while (dbus_connection_read_write(c, -1)) {
		DBusMessage *msg;

		while ((msg = dbus_connection_pop_message(c))) {
			int done = 0;

			for (int i = 0; i < 4 && !done; i++)
				if (dbus_message_is_method_call(msg, EX_CALCULATOR, ops[i])) {
					calculate(c, msg, ops[i]);
					done = 1;
				}
			if (!done && !ex_handle_example(c, msg, "calculator"))
				ex_reply_unknown(c, msg);
			dbus_message_unref(msg);
		}
	}
	return 0;
}
