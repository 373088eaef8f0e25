// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-watchdog server: a one-shot kernel timer as a watchdog.  The server
 * creates a timer with TimerCreate(); every kick message from the client
 * (re-)arms it as a one-shot with TimerSettime(); when the client stops kicking, the
 * timer's pulse arrives and the server reports and exits.
 *
 * Prints "qnx-watchdog-server: ready pid P chid C", then
 * "qnx-watchdog-server: watchdog expired after N kicks".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>
#include <sys/siginfo.h>

#include "watchdog.h"

typedef union {
	uint16_t type;
	struct _pulse pulse;
	struct kick_msg kick;
} recv_buf_t;

static void arm(int timer_id)
{
	struct _itimer itime = { .nsec = WATCHDOG_NS, .interval_nsec = 0 };

	if (TimerSettime(timer_id, 0, &itime, NULL) == -1) {
		perror("TimerSettime");
		exit(1);
	}
}

int main(void)
{
	struct sigevent event;
	recv_buf_t buf;
	int chid, coid, rcvid, timer_id, kicks = 0, expiries = 0;

	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	if (chid == -1 || coid == -1) {
		perror("ChannelCreate/ConnectAttach");
		return 1;
	}
	SIGEV_PULSE_INIT(&event, coid, SIGEV_PULSE_PRIO_INHERIT,
			 WATCHDOG_CODE, 0);
	timer_id = TimerCreate(CLOCK_MONOTONIC, &event);
	if (timer_id == -1) {
		perror("TimerCreate");
		return 1;
	}
	/* Supervision starts with the client's first kick. */
	printf("qnx-watchdog-server: ready pid %d chid %d\n", getpid(), chid);
	fflush(stdout);

	for (;;) {
		rcvid = MsgReceive(chid, &buf, sizeof(buf), NULL);
		if (rcvid == -1) {
			perror("MsgReceive");
			return 1;
		}
		if (rcvid == 0) {
			if (buf.pulse.code == WATCHDOG_CODE) {
				expiries++;
				break;
			}
			continue;
		}
		if (buf.type == MSG_KICK) {
			kicks++;
			arm(timer_id);
			MsgReply(rcvid, EOK, NULL, 0);
		} else {
			MsgError(rcvid, ENOSYS);
		}
	}
	/* A one-shot timer fires once: nothing more must come. */
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL,
		     &(uint64_t){ 300000000 }, NULL);
	if (MsgReceivePulse(chid, &buf, sizeof(buf), NULL) != -1 ||
	    errno != ETIMEDOUT) {
		fprintf(stderr, "qnx-watchdog-server: a second expiry\n");
		return 1;
	}
	TimerDestroy(timer_id);
	printf("qnx-watchdog-server: watchdog expired after %d kicks\n",
	       kicks);
	return expiries == 1 ? 0 : 1;
}
