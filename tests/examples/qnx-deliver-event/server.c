// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-deliver-event server: the QNX "notify me" pattern.  A client sends a
 * struct sigevent in a message; the server replies at once, keeps the
 * rcvid and the event, and delivers the event with MsgDeliverEvent() when
 * the condition is met (here: after the requested delay, measured by a
 * TimerTimeout on its receive).
 *
 * Usage: qnx-deliver-event-server NAME
 * Prints "qnx-deliver-event-server: ready", then
 * "qnx-deliver-event-server: delivered" or the MsgDeliverEvent() error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>

#include "notify.h"

int main(int argc, char **argv)
{
	struct notify_msg msg;
	struct sigevent saved_event;
	name_attach_t *att;
	uint64_t timeout;
	int rcvid, saved_rcvid = 0;

	if (argc != 2)
		return 2;
	att = name_attach(NULL, argv[1], 0);
	if (!att) {
		perror("name_attach");
		return 1;
	}
	printf("qnx-deliver-event-server: ready\n");
	fflush(stdout);
	for (;;) {
		rcvid = MsgReceive(att->chid, &msg, sizeof(msg), NULL);
		if (rcvid == -1) {
			perror("MsgReceive");
			return 1;
		}
		if (rcvid > 0 && msg.type == MSG_NOTIFY_ME)
			break;
		if (rcvid > 0)
			MsgError(rcvid, ENOSYS);
	}
	/* Keep what we need to notify the client later, and let it go. */
	saved_rcvid = rcvid;
	saved_event = msg.event;
	MsgReply(rcvid, EOK, NULL, 0);

	/* Wait for the condition: here, just the delay. */
	timeout = (uint64_t)msg.delay_ms * 1000000;
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &timeout,
		     NULL);
	MsgReceive(att->chid, &msg, sizeof(msg), NULL);

	if (MsgDeliverEvent(saved_rcvid, &saved_event) == -1) {
		printf("qnx-deliver-event-server: MsgDeliverEvent: %s\n",
		       strerror(errno));
		name_detach(att, 0);
		return errno == ENOSYS ? 3 : 1;
	}
	printf("qnx-deliver-event-server: delivered\n");
	name_detach(att, 0);
	return 0;
}
