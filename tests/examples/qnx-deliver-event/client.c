// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-deliver-event client: asks the server to notify it in 200 ms with a
 * pulse on the client's own channel (SIGEV_PULSE_INIT on a connection to
 * itself, registered with MsgRegisterEvent()), goes on with its work, and
 * then waits for the pulse (at most 2 s).
 *
 * Usage: qnx-deliver-event-client NAME
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include "notify.h"

int main(int argc, char **argv)
{
	struct notify_msg msg;
	struct _pulse pulse;
	uint64_t timeout = 2000000000ULL;
	int chid, self_coid, server_coid;

	if (argc != 2)
		return 2;
	chid = ChannelCreate(_NTO_CHF_PRIVATE);
	self_coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	server_coid = name_open(argv[1], 0);
	if (chid == -1 || self_coid == -1 || server_coid == -1) {
		perror("ChannelCreate/ConnectAttach/name_open");
		return 1;
	}
	memset(&msg, 0, sizeof(msg));
	msg.type = MSG_NOTIFY_ME;
	msg.delay_ms = 200;
	SIGEV_PULSE_INIT(&msg.event, self_coid, SIGEV_PULSE_PRIO_INHERIT,
			 NOTIFY_CODE, NOTIFY_VALUE);
	if (MsgRegisterEvent(&msg.event, server_coid) == -1) {
		perror("MsgRegisterEvent");
		return 1;
	}
	if (MsgSend(server_coid, &msg, sizeof(msg), NULL, 0) == -1) {
		perror("MsgSend");
		return 1;
	}
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &timeout,
		     NULL);
	if (MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL) == -1) {
		perror("qnx-deliver-event-client: MsgReceivePulse");
		return 1;
	}
	if (pulse.code != NOTIFY_CODE ||
	    pulse.value.sival_int != NOTIFY_VALUE) {
		fprintf(stderr, "qnx-deliver-event-client: wrong pulse\n");
		return 1;
	}
	printf("qnx-deliver-event-client: notified\n");
	return 0;
}
