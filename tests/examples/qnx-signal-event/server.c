// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-signal-event server: a server that tells its clients "data ready"
 * with a signal.  Each client request carries the struct sigevent the
 * client wants (SIGEV_SIGNAL, SIGEV_SIGNAL_CODE or SIGEV_SIGNAL_THREAD);
 * the server replies at once, keeps the rcvid and the event, and calls
 * MsgDeliverEvent() when the data is ready (here: after the delay the
 * client asked for, measured by a TimerTimeout on its receive).
 *
 * Usage: qnx-signal-event-server NAME
 * Prints "qnx-signal-event-server: ready", then one line per delivery
 * and "qnx-signal-event-server: delivered 3".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>

#include "notify.h"

struct pending {
	int rcvid;
	struct sigevent event;
};

int main(int argc, char **argv)
{
	struct pending pending[N_REQUESTS];
	struct notify_msg msg;
	name_attach_t *att;
	uint64_t timeout;
	uint32_t delay_ms = 0;
	int rcvid, n = 0, i, delivered = 0;

	if (argc != 2)
		return 2;
	att = name_attach(NULL, argv[1], 0);
	if (!att) {
		perror("name_attach");
		return 1;
	}
	printf("qnx-signal-event-server: ready\n");
	fflush(stdout);
	while (n < N_REQUESTS) {
		rcvid = MsgReceive(att->chid, &msg, sizeof(msg), NULL);
		if (rcvid == -1) {
			perror("MsgReceive");
			return 1;
		}
		if (rcvid == 0)
			continue;	/* a pulse */
		if (msg.type != MSG_NOTIFY_ME) {
			MsgError(rcvid, ENOSYS);
			continue;
		}
		/* Remember whom to tell, and let the client go on. */
		pending[n].rcvid = rcvid;
		pending[n].event = msg.event;
		if (msg.delay_ms > delay_ms)
			delay_ms = msg.delay_ms;
		n++;
		MsgReply(rcvid, EOK, NULL, 0);
	}

	/* The data becomes ready later. */
	timeout = (uint64_t)delay_ms * 1000000;
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &timeout,
		     NULL);
	MsgReceive(att->chid, &msg, sizeof(msg), NULL);

	for (i = 0; i < n; i++) {
		if (MsgDeliverEvent(pending[i].rcvid, &pending[i].event) == -1) {
			printf("qnx-signal-event-server: MsgDeliverEvent: %s\n",
			       strerror(errno));
			continue;
		}
		printf("qnx-signal-event-server: signal %d to rcvid %d\n",
		       pending[i].event.sigev_signo, pending[i].rcvid);
		delivered++;
	}
	printf("qnx-signal-event-server: delivered %d\n", delivered);
	name_detach(att, 0);
	return delivered == n ? 0 : 1;
}
