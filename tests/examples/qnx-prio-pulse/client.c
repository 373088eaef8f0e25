// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-prio-pulse client: sends four pulses with different priorities
 * (the pulse's code says which) and returns at once: pulses never block.
 * Priorities are on stapler's scale (19 is a normal thread at nice 0), so
 * the explicit ones stay below the sender's own; -1 is the sender's.
 *
 * Usage: qnx-prio-pulse-client PID CHID
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

int main(int argc, char **argv)
{
	static const int prio[] = { 5, 15, 10, -1 };
	int coid, i;

	if (argc != 3)
		return 2;
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("ConnectAttach");
		return 1;
	}
	for (i = 0; i < 4; i++) {
		if (MsgSendPulse(coid, prio[i], i + 1, prio[i]) == -1) {
			perror("MsgSendPulse");
			return 1;
		}
	}
	printf("qnx-prio-pulse-client: 4 pulses sent\n");
	return 0;
}
