// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-chid1 client: connects to channel 1 of the server process, hard-coded
 * as many QNX clients do, sends 41 and expects 42, then 0 to stop it.
 *
 * Usage: qnx-chid1-client PID
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#define SERVER_CHID	1

int main(int argc, char **argv)
{
	int coid, value = 41, answer = 0, zero = 0;

	if (argc != 2)
		return 2;
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), SERVER_CHID,
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("ConnectAttach to chid 1");
		return 1;
	}
	if (MsgSend(coid, &value, sizeof(value), &answer, sizeof(answer)) ==
	    -1 || answer != 42) {
		perror("MsgSend");
		return 1;
	}
	MsgSend(coid, &zero, sizeof(zero), NULL, 0);
	printf("qnx-chid1-client: answer %d\n", answer);
	return 0;
}
