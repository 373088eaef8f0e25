// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-pulses-receiver: receives pulses with MsgReceivePulse().
 *
 * Uses only the QNX API.  Creates a channel, prints
 * "qnx-pulses-receiver: pid P chid C", then takes pulses until
 * PULSE_DONE: PULSE_TICK pulses must come with values 0, 1, 2... (one
 * sender, one priority: arrival order), and PULSE_DONE's value must be
 * their number.  A message sent to the channel meanwhile is left alone
 * by MsgReceivePulse() and answered at the end with MsgReceive().
 * Every wait is bounded with TimerTimeout(_NTO_TIMEOUT_RECEIVE, 10 s), so
 * a lost sender makes it fail instead of hang.
 *
 * Exit status: 0 when everything arrived in order, 1 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>

#include "pulses.h"

static int receive_pulse(int chid, struct _pulse *p)
{
	uint64_t timeout = 10ull * 1000000000;

	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &timeout,
		     NULL);
	return MsgReceivePulse(chid, p, sizeof(*p), NULL);
}

int main(void)
{
	uint64_t timeout = 10ull * 1000000000;
	int chid, rcvid, ticks = 0, bad = 0;
	struct _pulse p;
	char msg[16];

	chid = ChannelCreate(0);
	if (chid == -1) {
		perror("qnx-pulses-receiver: ChannelCreate");
		return 1;
	}
	printf("qnx-pulses-receiver: pid %d chid %d\n", (int)getpid(), chid);
	fflush(stdout);

	for (;;) {
		if (receive_pulse(chid, &p) == -1) {
			perror("qnx-pulses-receiver: MsgReceivePulse");
			return 1;
		}
		if (p.type != _PULSE_TYPE || p.subtype != _PULSE_SUBTYPE) {
			bad++;
			continue;
		}
		if (p.code == PULSE_DONE)
			break;
		if (p.code != PULSE_TICK || p.value.sival_int != ticks)
			bad++;
		ticks++;
	}
	printf("qnx-pulses-receiver: %d ticks, sender says %d, %d out of order\n",
	       ticks, p.value.sival_int, bad);

	/* The sender's message waited behind all the pulses. */
	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &timeout,
		     NULL);
	rcvid = MsgReceive(chid, msg, sizeof(msg), NULL);
	if (rcvid <= 0) {
		fprintf(stderr, "qnx-pulses-receiver: no message (%d, %s)\n",
			rcvid, strerror(errno));
		return 1;
	}
	MsgReply(rcvid, ticks, NULL, 0);
	return ticks == p.value.sival_int && !bad ? 0 : 1;
}
