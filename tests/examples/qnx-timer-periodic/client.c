// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-timer-periodic client: asks the server how many timer pulses it has
 * seen, twice, 300 ms apart, and checks that the count grew by about the
 * expected number (at least 3, as the guest's clock may run slowly), then
 * tells it to quit.
 *
 * Usage: qnx-timer-periodic-client PID CHID
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include "ticker.h"

static uint32_t get_ticks(int coid)
{
	struct ticker_msg msg = { .type = MSG_GET_TICKS };
	uint32_t ticks = 0;

	if (MsgSend(coid, &msg, sizeof(msg), &ticks, sizeof(ticks)) == -1) {
		perror("MsgSend");
		exit(1);
	}
	return ticks;
}

int main(int argc, char **argv)
{
	struct ticker_msg quit = { .type = MSG_QUIT };
	uint32_t t1, t2;
	int coid;

	if (argc != 3) {
		fprintf(stderr, "usage: %s PID CHID\n", argv[0]);
		return 2;
	}
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("ConnectAttach");
		return 1;
	}
	t1 = get_ticks(coid);
	usleep(300000);
	t2 = get_ticks(coid);
	printf("qnx-timer-periodic-client: ticks %u then %u\n", t1, t2);
	if (MsgSend(coid, &quit, sizeof(quit), NULL, 0) == -1) {
		perror("MsgSend quit");
		return 1;
	}
	if (t2 < t1 + 3) {
		fprintf(stderr, "qnx-timer-periodic-client: the timer did not tick\n");
		return 1;
	}
	printf("qnx-timer-periodic-client: ok\n");
	return 0;
}
