// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-timer-multi client: starts the server's timer run and checks the
 * counts it replies: about five fast pulses per slow one (at least 3 fast
 * in all, since the guest's timing is loose), 3 slow ones, the fast
 * timer's 20 ms interval read back, and exactly one slow pulse after the
 * switch to one-shot.
 *
 * Usage: qnx-timer-multi-client PID CHID
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

struct result {
	int fast, slow, after, interval_ok;
};

int main(int argc, char **argv)
{
	struct result res;
	int coid, start = 1, ok;

	if (argc != 3)
		return 2;
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1 ||
	    MsgSend(coid, &start, sizeof(start), &res, sizeof(res)) == -1) {
		perror("qnx-timer-multi-client");
		return 1;
	}
	ok = res.fast >= 3 && res.slow == 3 && res.after == 1 &&
	     res.interval_ok;
	printf("qnx-timer-multi-client: fast %d slow %d one-shot %d interval %s: %s\n",
	       res.fast, res.slow, res.after, res.interval_ok ? "ok" : "wrong",
	       ok ? "ok" : "WRONG");
	return ok ? 0 : 1;
}
