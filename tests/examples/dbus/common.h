/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the D-Bus examples share: names, the bus connection, clocks and the
 * benchmark output.  The examples use libdbus-1's raw API, as the seed's
 * did, on the bus named by DBUS_SESSION_BUS_ADDRESS (run.sh and the
 * benchmark start a private dbus-daemon for the run).
 */
#ifndef DBUS_EXAMPLES_COMMON_H
#define DBUS_EXAMPLES_COMMON_H

#include <stdint.h>

#include <dbus/dbus.h>

#define EX_IFACE_EXAMPLE "org.stapler.example.Example"
#define EX_PING		"org.stapler.example.Ping"
#define EX_CALCULATOR	"org.stapler.example.Calculator"
#define EX_TIMER	"org.stapler.example.Timer"
#define EX_PATH_PING	"/org/stapler/example/Ping"
#define EX_PATH_CALC	"/org/stapler/example/Calculator"
#define EX_PATH_TIMER	"/org/stapler/example/Timer"
#define EX_ERR_DIVZERO	"org.stapler.example.Calculator.DivideByZero"

/* A private connection to the session bus, owning @name if not NULL; exits on failure. */
DBusConnection *ex_connect(const char *prog, const char *name);

/* Send @msg (unreferenced here) and wait for the reply; exits on a transport error. */
DBusMessage *ex_call(DBusConnection *c, DBusMessage *msg, DBusError *err);

/* A new method call to @service's object, interface @iface. */
DBusMessage *ex_method(const char *service, const char *path, const char *iface,
		       const char *method);

/* Answer Name and Version of the example interface; 1 when @msg was one. */
int ex_handle_example(DBusConnection *c, DBusMessage *msg, const char *name);

/* Reply to @msg with an empty reply or an error, for unknown methods. */
void ex_reply_unknown(DBusConnection *c, DBusMessage *msg);

/* The client side of Name and Version. */
void ex_name(DBusConnection *c, const char *service, const char *path, char *buf, size_t len);
void ex_version(DBusConnection *c, const char *service, const char *path, int32_t v[3]);

int64_t ex_now_ns(void);

void ex_bench_line(const char *test, long n, int64_t ns);

/* TAP: one check. */
void ex_check(int ok, const char *what);
extern int ex_failures;

#endif
