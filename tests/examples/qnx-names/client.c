// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-names-client NAME [quit|hold]: a client of qnx-names-server that
 * finds it with name_open().
 *
 * Uses only the QNX API.  Without a command: NAMES_HELLO, two I/O
 * messages the server must refuse with ENOSYS, and a NAMES_SLOW request
 * under TimerTimeout(_NTO_TIMEOUT_SEND | _NTO_TIMEOUT_REPLY, 200 ms) that
 * must fail with ETIMEDOUT (the server gets _PULSE_CODE_UNBLOCK and fails
 * it), then name_close().  "quit" stops the server.  "hold" sends
 * NAMES_SLOW without a timeout and stays REPLY-blocked until the server
 * answers or the client is killed.
 *
 * Exit status: 0 ok, 1 a check failed, 2 name_open() failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/dispatch.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>

#include "names.h"

static int fails;

static void check(int ok, const char *what)
{
	printf("qnx-names-client: %s: %s\n", what, ok ? "ok" : "FAILED");
	fails += !ok;
}

static long send_type(int coid, uint16_t type, const char *text,
		      void *reply, size_t rbytes)
{
	struct names_msg m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	strncpy(m.text, text, sizeof(m.text) - 1);
	return MsgSend(coid, &m, sizeof(m), reply, rbytes);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 2 ? argv[2] : "";
	struct names_reply reply;
	struct _io_msg io;
	struct sigevent ev;
	uint16_t io_read[8];
	uint64_t timeout = 200 * 1000000ull;
	double t0, dt;
	long ret;
	int coid;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: qnx-names-client NAME [quit|hold]\n");
		return 1;
	}
	coid = name_open(argv[1], 0);
	if (coid == -1) {
		fprintf(stderr, "qnx-names-client: name_open %s: %s\n",
			argv[1], strerror(errno));
		return 2;
	}

	if (!strcmp(cmd, "quit")) {
		check(send_type(coid, NAMES_QUIT, "", NULL, 0) == 0, "quit");
		name_close(coid);
		return fails ? 1 : 0;
	}
	if (!strcmp(cmd, "hold")) {
		printf("qnx-names-client: holding\n");
		fflush(stdout);
		ret = send_type(coid, NAMES_SLOW, "", NULL, 0);
		printf("qnx-names-client: released: %ld (%s)\n", ret,
		       ret == -1 ? strerror(errno) : "ok");
		return 0;
	}

	memset(&reply, 0, sizeof(reply));
	ret = send_type(coid, NAMES_HELLO, "client", &reply, sizeof(reply));
	check(ret == EOK && !strcmp(reply.text, "hello, client") &&
	      reply.clients >= 1, "hello");

	memset(io_read, 0, sizeof(io_read));
	io_read[0] = _IO_READ;
	ret = MsgSend(coid, io_read, sizeof(io_read), NULL, 0);
	check(ret == -1 && errno == ENOSYS, "_IO_READ refused with ENOSYS");
	memset(&io, 0, sizeof(io));
	io.type = _IO_MSG;
	ret = MsgSend(coid, &io, sizeof(io), NULL, 0);
	check(ret == -1 && errno == ENOSYS, "_IO_MSG refused with ENOSYS");

	SIGEV_UNBLOCK_INIT(&ev);
	t0 = now();
	if (TimerTimeout(CLOCK_MONOTONIC,
			 _NTO_TIMEOUT_SEND | _NTO_TIMEOUT_REPLY, &ev,
			 &timeout, NULL) == -1)
		perror("qnx-names-client: TimerTimeout");
	ret = send_type(coid, NAMES_SLOW, "", NULL, 0);
	dt = now() - t0;
	check(ret == -1 && errno == ETIMEDOUT && dt >= 0.15 && dt < 5,
	      "held request times out with ETIMEDOUT");

	check(name_close(coid) == 0, "name_close");
	return fails ? 1 : 0;
}
