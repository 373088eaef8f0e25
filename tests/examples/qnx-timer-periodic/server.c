// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-timer-periodic server: a QNX server that wakes itself periodically
 * with a timer pulse (timer_create() with a SIGEV_PULSE event on a
 * connection to its own channel) and answers clients in the same
 * MsgReceive() loop.
 *
 * Prints "qnx-timer-periodic-server: ready pid P chid C", then at the end
 * "qnx-timer-periodic-server: ticks N bad B".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>
#include <sys/siginfo.h>

#include "ticker.h"

typedef union {
	uint16_t type;
	struct _pulse pulse;
	struct ticker_msg msg;
} recv_buf_t;

int main(void)
{
	struct itimerspec itime;
	struct sigevent event;
	recv_buf_t buf;
	timer_t timer_id;
	uint32_t ticks = 0, bad = 0;
	int chid, coid, rcvid;

	chid = ChannelCreate(0);
	if (chid == -1) {
		perror("ChannelCreate");
		return 1;
	}
	/* The timer's pulses come to us through our own connection. */
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("ConnectAttach");
		return 1;
	}
	SIGEV_PULSE_INIT(&event, coid, SIGEV_PULSE_PRIO_INHERIT, TICK_CODE,
			 TICK_VALUE);
	if (timer_create(CLOCK_MONOTONIC, &event, &timer_id) == -1) {
		perror("timer_create");
		return 1;
	}
	itime.it_value.tv_sec = 0;
	itime.it_value.tv_nsec = TICK_NS;
	itime.it_interval.tv_sec = 0;
	itime.it_interval.tv_nsec = TICK_NS;
	if (timer_settime(timer_id, 0, &itime, NULL) == -1) {
		perror("timer_settime");
		return 1;
	}
	printf("qnx-timer-periodic-server: ready pid %d chid %d\n", getpid(),
	       chid);
	fflush(stdout);

	for (;;) {
		rcvid = MsgReceive(chid, &buf, sizeof(buf), NULL);
		if (rcvid == -1) {
			perror("MsgReceive");
			return 1;
		}
		if (rcvid == 0) {
			if (buf.pulse.code == TICK_CODE &&
			    buf.pulse.value.sival_int == TICK_VALUE)
				ticks++;
			else
				bad++;
			continue;
		}
		if (buf.type == MSG_GET_TICKS) {
			MsgReply(rcvid, EOK, &ticks, sizeof(ticks));
		} else if (buf.type == MSG_QUIT) {
			MsgReply(rcvid, EOK, NULL, 0);
			break;
		} else {
			MsgError(rcvid, ENOSYS);
		}
	}
	timer_delete(timer_id);
	printf("qnx-timer-periodic-server: ticks %u bad %u\n", ticks, bad);
	return bad ? 1 : 0;
}
