// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-client: a QNX Neutrino style client that uses only <sys/neutrino.h>.
 *
 *   qnx-client PID CHID [quit]
 *
 * Connects to the qnx-server's channel and checks: a sum (MsgSendvs: the
 * request gathered from two buffers), a sort (MsgSendv: the reply
 * scattered into two buffers, status = count), an unknown operation
 * (MsgSend fails with ENOSYS from MsgError; MsgSend_r returns -ENOSYS),
 * and that a fork()ed child starts with a context of its own (the
 * parent's coid is unknown there) yet can connect and send by itself.
 * With "quit" it only tells the server to exit.
 *
 * Exit status: 0 when every check passed, 1 otherwise, 2 usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include "calc.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("qnx-client: %s: %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static int do_sum(int coid, const int32_t *v, uint32_t n, int64_t *sum)
{
	struct calc_hdr hdr = { CALC_SUM, n };
	iov_t siov[2];

	SETIOV(&siov[0], &hdr, sizeof(hdr));
	SETIOV(&siov[1], v, n * sizeof(*v));
	return MsgSendvs(coid, siov, 2, sum, sizeof(*sum)) == EOK ? 0 : -1;
}

static void test_sort(int coid)
{
	int32_t in[5] = { 42, -7, 19, 0, 3 }, out[5] = { 0 };
	const int32_t want[5] = { -7, 0, 3, 19, 42 };
	struct calc_hdr hdr = { CALC_SORT, 5 }, rhdr = { 0, 0 };
	iov_t siov[2], riov[2];
	long status;

	SETIOV(&siov[0], &hdr, sizeof(hdr));
	SETIOV(&siov[1], in, sizeof(in));
	SETIOV(&riov[0], &rhdr, sizeof(rhdr));
	SETIOV(&riov[1], out, sizeof(out));
	status = MsgSendv(coid, siov, 2, riov, 2);
	if (status == -1)
		perror("qnx-client: MsgSendv");
	check(status == 5 && rhdr.op == CALC_SORT && rhdr.count == 5 &&
	      !memcmp(out, want, sizeof(want)), "sort via MsgSendv");
}

static void test_error(int coid)
{
	struct calc_hdr hdr = { 99, 0 };
	long ret;

	errno = 0;
	ret = MsgSend(coid, &hdr, sizeof(hdr), NULL, 0);
	check(ret == -1 && errno == ENOSYS, "MsgError(ENOSYS) via MsgSend");

	errno = 0;
	ret = MsgSend_r(coid, &hdr, sizeof(hdr), NULL, 0);
	check(ret == -ENOSYS && errno == 0, "MsgError(ENOSYS) via MsgSend_r");
}

/* The child of fork() must get a context of its own. */
static void test_fork(pid_t pid, int chid, int parent_coid)
{
	int32_t v[3] = { 1, 2, 3 };
	int64_t sum = 0;
	int status, coid;
	pid_t child;

	fflush(stdout);
	child = fork();
	if (child < 0) {
		perror("qnx-client: fork");
		failures++;
		return;
	}
	if (child == 0) {
		int bad = 0;

		errno = 0;
		if (MsgSend(parent_coid, NULL, 0, NULL, 0) != -1 ||
		    errno != EBADF)
			bad = 1;	/* still the parent's context */
		coid = ConnectAttach(ND_LOCAL_NODE, pid, chid,
				     _NTO_SIDE_CHANNEL, 0);
		if (coid == -1 || do_sum(coid, v, 3, &sum) || sum != 6)
			bad = 1;
		if (coid != -1 && ConnectDetach(coid) == -1)
			bad = 1;
		_exit(bad);
	}
	if (waitpid(child, &status, 0) != child)
		status = -1;
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "fork: child has its own context");
}

int main(int argc, char **argv)
{
	int32_t values[10];
	int64_t sum = 0;
	int chid, coid, i;
	char *end;
	long pid;

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "quit"))) {
		fprintf(stderr, "usage: qnx-client PID CHID [quit]\n");
		return 2;
	}
	pid = strtol(argv[1], &end, 10);
	if (*end || pid <= 0) {
		fprintf(stderr, "qnx-client: bad pid '%s'\n", argv[1]);
		return 2;
	}
	chid = (int)strtol(argv[2], &end, 10);
	if (*end || chid < 0) {
		fprintf(stderr, "qnx-client: bad chid '%s'\n", argv[2]);
		return 2;
	}

	coid = ConnectAttach(ND_LOCAL_NODE, (pid_t)pid, chid,
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("qnx-client: ConnectAttach");
		return 1;
	}

	if (argc == 4) {
		struct calc_hdr quit = { CALC_QUIT, 0 };

		check(MsgSend(coid, &quit, sizeof(quit), NULL, 0) == EOK,
		      "quit");
	} else {
		for (i = 0; i < 10; i++)
			values[i] = i + 1;
		check(do_sum(coid, values, 10, &sum) == 0 && sum == 55,
		      "sum via MsgSendvs");
		test_sort(coid);
		test_error(coid);
		test_fork((pid_t)pid, chid, coid);
	}

	if (ConnectDetach(coid) == -1) {
		perror("qnx-client: ConnectDetach");
		failures++;
	}
	return failures ? 1 : 0;
}
