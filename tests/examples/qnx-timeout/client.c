// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-timeout client: a fast request, then a slow one under a 200 ms
 * TimerTimeout(_NTO_TIMEOUT_SEND | _NTO_TIMEOUT_REPLY), which must fail
 * with ETIMEDOUT; then waits 1.5 s (so the server's late reply finds it
 * gone), a second fast request, and quit.
 *
 * Usage: qnx-timeout-client PID CHID
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

int main(int argc, char **argv)
{
	uint64_t timeout = 200000000;
	int coid, fast = 1, slow = 2, quit = 3, n = 0;

	if (argc != 3)
		return 2;
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1 || MsgSend(coid, &fast, sizeof(fast), &n, sizeof(n)) ==
	    -1 || n != 1) {
		perror("first request");
		return 1;
	}
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_SEND | _NTO_TIMEOUT_REPLY,
		     NULL, &timeout, NULL);
	if (MsgSend(coid, &slow, sizeof(slow), NULL, 0) != -1 ||
	    errno != ETIMEDOUT) {
		fprintf(stderr, "qnx-timeout-client: the slow request did not time out\n");
		return 1;
	}
	printf("qnx-timeout-client: slow request: ETIMEDOUT\n");
	usleep(1500000);
	if (MsgSend(coid, &fast, sizeof(fast), &n, sizeof(n)) == -1 || n != 2) {
		perror("second request");
		return 1;
	}
	MsgSend(coid, &quit, sizeof(quit), NULL, 0);
	return 0;
}
