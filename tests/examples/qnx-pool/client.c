// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-pool-client PID CHID [CLIENTS [REQUESTS [MS]]] | PID CHID quit
 *
 * Uses only the QNX API.  Forks CLIENTS (default 8) client processes,
 * each with its own connection (a forked child starts without the
 * parent's connections, as on QNX), sending REQUESTS (default 4)
 * POOL_WORK requests of MS (default 100) milliseconds.  One server
 * thread would need CLIENTS * REQUESTS * MS; the pool must do it in less
 * than three quarters of that (4 threads: about a quarter), and more than
 * one thread must have served.
 *
 * Exit status: 0 ok, 1 failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>
#include <sys/wait.h>

#include "pool.h"

static int attach(const char *pid, const char *chid)
{
	int coid = ConnectAttach(ND_LOCAL_NODE, atoi(pid), atoi(chid),
				 _NTO_SIDE_CHANNEL, 0);

	if (coid == -1)
		perror("qnx-pool-client: ConnectAttach");
	return coid;
}

/* One client process.  Return: a bit mask of the threads that served. */
static int client(const char *pid, const char *chid, int requests, int ms)
{
	struct pool_req req = { .type = POOL_WORK, .ms = (uint32_t)ms };
	struct pool_reply rep;
	int coid, i, mask = 0;

	coid = attach(pid, chid);
	if (coid == -1)
		exit(255);
	for (i = 0; i < requests; i++) {
		if (MsgSend(coid, &req, sizeof(req), &rep, sizeof(rep)) == -1) {
			perror("qnx-pool-client: MsgSend");
			exit(255);
		}
		mask |= 1 << (rep.thread % 7);
	}
	return mask;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct pool_req quit = { .type = POOL_QUIT };
	int clients = argc > 3 ? atoi(argv[3]) : 8;
	int requests = argc > 4 ? atoi(argv[4]) : 4;
	int ms = argc > 5 ? atoi(argv[5]) : 100;
	int i, st, mask = 0, fails = 0, threads = 0, coid;
	double t0, dt, serial;
	pid_t p;

	if (argc < 3 || argc > 6) {
		fprintf(stderr, "usage: qnx-pool-client PID CHID [CLIENTS [REQUESTS [MS]]]\n"
				"       qnx-pool-client PID CHID quit\n");
		return 1;
	}
	if (argc == 4 && !strcmp(argv[3], "quit")) {
		coid = attach(argv[1], argv[2]);
		if (coid == -1 || MsgSend(coid, &quit, sizeof(quit), NULL, 0) == -1)
			return 1;
		return 0;
	}
	if (clients < 1 || requests < 1 || ms < 0)
		return 1;

	t0 = now();
	for (i = 0; i < clients; i++) {
		p = fork();
		if (p == -1) {
			perror("qnx-pool-client: fork");
			return 1;
		}
		if (p == 0)
			_exit(client(argv[1], argv[2], requests, ms));
	}
	while (wait(&st) > 0) {
		if (!WIFEXITED(st) || WEXITSTATUS(st) == 255)
			fails++;
		else
			mask |= WEXITSTATUS(st);
	}
	dt = now() - t0;
	serial = clients * requests * ms / 1000.0;
	for (i = 0; i < 7; i++)
		threads += !!(mask & (1 << i));
	printf("qnx-pool-client: %d clients x %d requests x %d ms: %.2f s "
	       "(one thread: %.2f s), %d failed, served by %s%d threads\n",
	       clients, requests, ms, dt, serial, fails,
	       threads == 7 ? ">= " : "", threads);
	return !fails && threads > 1 && dt < serial * 0.75 ? 0 : 1;
}
