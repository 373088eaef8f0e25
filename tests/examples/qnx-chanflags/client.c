// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-chanflags client: sends a request the server holds, under a 200 ms
 * TimerTimeout(); expects ETIMEDOUT from the server's decision (not from
 * the kernel: the channel has _NTO_CHF_UNBLOCK).  Its own channel has
 * _NTO_CHF_COID_DISCONNECT: a second connection, to a helper channel of
 * its own that it then destroys, produces a _PULSE_CODE_COIDDEATH pulse
 * carrying that coid.  Finally it detaches from the server (DISCONNECT).
 *
 * Usage: qnx-chanflags-client PID CHID
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include "chanflags.h"

int main(int argc, char **argv)
{
	uint64_t timeout = 200000000;
	uint16_t hold = MSG_HOLD, quit = MSG_QUIT;
	struct _pulse pulse;
	int coid, mychid, helper, hcoid;
	long ret;

	if (argc != 3)
		return 2;
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("ConnectAttach");
		return 1;
	}
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_SEND | _NTO_TIMEOUT_REPLY,
		     NULL, &timeout, NULL);
	ret = MsgSend(coid, &hold, sizeof(hold), NULL, 0);
	if (ret != -1 || errno != ETIMEDOUT) {
		fprintf(stderr, "qnx-chanflags-client: held request: %ld %d\n",
			ret, errno);
		return 1;
	}
	printf("qnx-chanflags-client: held request failed with ETIMEDOUT\n");

	mychid = ChannelCreate(_NTO_CHF_COID_DISCONNECT);
	helper = ChannelCreate(0);
	hcoid = ConnectAttach(ND_LOCAL_NODE, 0, helper, _NTO_SIDE_CHANNEL, 0);
	if (mychid == -1 || helper == -1 || hcoid == -1) {
		perror("ChannelCreate/ConnectAttach");
		return 1;
	}
	ChannelDestroy(helper);
	timeout = 2000000000;
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &timeout,
		     NULL);
	if (MsgReceivePulse(mychid, &pulse, sizeof(pulse), NULL) == -1 ||
	    pulse.code != _PULSE_CODE_COIDDEATH ||
	    pulse.value.sival_int != hcoid) {
		perror("qnx-chanflags-client: no COIDDEATH pulse");
		return 1;
	}
	printf("qnx-chanflags-client: COIDDEATH for coid %d\n", hcoid);
	ConnectDetach(hcoid);

	if (MsgSend(coid, &quit, sizeof(quit), NULL, 0) == -1) {
		perror("MsgSend quit");
		return 1;
	}
	ConnectDetach(coid);
	return 0;
}
