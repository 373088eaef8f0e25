// SPDX-License-Identifier: GPL-2.0
/*
 * timer-server: org.stapler.example.Timer on the session bus.
 *   Start(x interval_us) -> x id; Stop(x id);
 *   signal Tick(x id, x sec, x nsec) at every expiry, carrying the
 *   CLOCK_MONOTONIC time read just before the signal is sent.
 * The timers are timerfds polled together with the bus connection in the
 * main loop (the seed sent signals from a signal handler, which is not
 * async-signal-safe).  Prints "timer-server: ready" once it owns its name.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "common.h"

#define MAX_TIMERS 16

static int timer_fd[MAX_TIMERS];	/* -1: free; index + 1 is the id */

static void start(DBusConnection *c, DBusMessage *msg)
{
	int64_t us = 0, id = 0;

	dbus_message_get_args(msg, NULL, DBUS_TYPE_INT64, &us, DBUS_TYPE_INVALID);
	if (us < 100)
		us = 100;
	for (int i = 0; i < MAX_TIMERS; i++) {
		if (timer_fd[i] >= 0)
			continue;
		int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		struct itimerspec its = {
			.it_interval = { us / 1000000, (us % 1000000) * 1000 },
			.it_value = { us / 1000000, (us % 1000000) * 1000 },
		};
		if (fd < 0 || timerfd_settime(fd, 0, &its, NULL)) {
			if (fd >= 0)
				close(fd);
			break;
		}
		timer_fd[i] = fd;
		id = i + 1;
		break;
	}
	DBusMessage *rep = dbus_message_new_method_return(msg);
	dbus_message_append_args(rep, DBUS_TYPE_INT64, &id, DBUS_TYPE_INVALID);
	dbus_connection_send(c, rep, NULL);
	dbus_message_unref(rep);
}

static void stop(DBusConnection *c, DBusMessage *msg)
{
	int64_t id = 0;

	dbus_message_get_args(msg, NULL, DBUS_TYPE_INT64, &id, DBUS_TYPE_INVALID);
	if (id >= 1 && id <= MAX_TIMERS && timer_fd[id - 1] >= 0) {
		close(timer_fd[id - 1]);
		timer_fd[id - 1] = -1;
	}
	DBusMessage *rep = dbus_message_new_method_return(msg);
	dbus_connection_send(c, rep, NULL);
	dbus_message_unref(rep);
}

static void tick(DBusConnection *c, int64_t id)
{
	struct timespec now;
	DBusMessage *sig = dbus_message_new_signal(EX_PATH_TIMER, EX_TIMER, "Tick");

	clock_gettime(CLOCK_MONOTONIC, &now);	/* just before sending */
	int64_t sec = now.tv_sec, nsec = now.tv_nsec;
	dbus_message_append_args(sig, DBUS_TYPE_INT64, &id, DBUS_TYPE_INT64, &sec,
				 DBUS_TYPE_INT64, &nsec, DBUS_TYPE_INVALID);
	dbus_connection_send(c, sig, NULL);
	dbus_connection_flush(c);
	dbus_message_unref(sig);
}

int main(void)
{
	DBusConnection *c = ex_connect("timer-server", EX_TIMER);
	int cfd;

	for (int i = 0; i < MAX_TIMERS; i++)
		timer_fd[i] = -1;
	if (!dbus_connection_get_unix_fd(c, &cfd)) {
		fprintf(stderr, "timer-server: no bus descriptor to poll\n");
		return 1;
	}
	printf("timer-server: ready\n");
	fflush(stdout);
	for (;;) {
		struct pollfd pfd[MAX_TIMERS + 1];
		int map[MAX_TIMERS + 1], n = 0;
		DBusMessage *msg;

		if (!dbus_connection_read_write(c, 0))
			break;
		while ((msg = dbus_connection_pop_message(c))) {
			if (dbus_message_is_method_call(msg, EX_TIMER, "Start"))
				start(c, msg);
			else if (dbus_message_is_method_call(msg, EX_TIMER, "Stop"))
				stop(c, msg);
			else if (!ex_handle_example(c, msg, "timer"))
				ex_reply_unknown(c, msg);
			dbus_message_unref(msg);
		}
		dbus_connection_flush(c);
		pfd[n].fd = cfd;
		pfd[n].events = POLLIN;
		map[n++] = -1;
		for (int i = 0; i < MAX_TIMERS; i++)
			if (timer_fd[i] >= 0) {
				pfd[n].fd = timer_fd[i];
				pfd[n].events = POLLIN;
				map[n++] = i;
			}
		if (poll(pfd, n, -1) < 0 && errno != EINTR)
			break;
		for (int i = 1; i < n; i++) {
			uint64_t expirations;

			if ((pfd[i].revents & POLLIN) &&
			    read(pfd[i].fd, &expirations, sizeof(expirations)) == sizeof(expirations))
				tick(c, map[i] + 1);
		}
	}
	return 0;
}
