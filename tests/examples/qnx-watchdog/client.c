// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-watchdog client: kicks the server's watchdog COUNT times, 100 ms
 * apart (well inside its 2 s limit), then stops and lets it expire.
 *
 * Usage: qnx-watchdog-client PID CHID COUNT
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include "watchdog.h"

int main(int argc, char **argv)
{
	struct kick_msg kick = { .type = MSG_KICK };
	int coid, i, count;

	if (argc != 4) {
		fprintf(stderr, "usage: %s PID CHID COUNT\n", argv[0]);
		return 2;
	}
	count = atoi(argv[3]);
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("ConnectAttach");
		return 1;
	}
	for (i = 0; i < count; i++) {
		if (MsgSend(coid, &kick, sizeof(kick), NULL, 0) == -1) {
			perror("MsgSend (the watchdog expired early?)");
			return 1;
		}
		usleep(100000);
	}
	printf("qnx-watchdog-client: %d kicks sent\n", count);
	return 0;
}
