// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-pulses-sender PID CHID [COUNT]: sends COUNT (default 500)
 * PULSE_TICK pulses with values 0..COUNT-1 and a PULSE_DONE, then one
 * message whose reply is the number of ticks the receiver counted.
 *
 * Uses only the QNX API.  Starts with a message sent in a second thread,
 * which the receiver must leave queued while it takes pulses only.
 * MsgSendPulse() never blocks; when the channel's pulse queue is full it
 * fails with EAGAIN and the sender retries a moment later.
 *
 * Exit status: 0 ok, 1 failure.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include "pulses.h"

static int coid;
static long reply_status = -1;

static void *send_message(void *arg)
{
	(void)arg;
	reply_status = MsgSend(coid, "count?", 7, NULL, 0);
	return NULL;
}

static int send_pulse(int code, int value)
{
	struct timespec ms = { 0, 1000000 };

	while (MsgSendPulse(coid, -1, code, value) == -1) {
		if (errno != EAGAIN) {
			perror("qnx-pulses-sender: MsgSendPulse");
			return -1;
		}
		nanosleep(&ms, NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int count = argc > 3 ? atoi(argv[3]) : 500;
	pthread_t thr;
	int i;

	if (argc < 3 || argc > 4 || count < 0) {
		fprintf(stderr, "usage: qnx-pulses-sender PID CHID [COUNT]\n");
		return 1;
	}
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("qnx-pulses-sender: ConnectAttach");
		return 1;
	}
	if (pthread_create(&thr, NULL, send_message, NULL)) {
		fprintf(stderr, "qnx-pulses-sender: pthread_create failed\n");
		return 1;
	}
	for (i = 0; i < count; i++)
		if (send_pulse(PULSE_TICK, i))
			return 1;
	if (send_pulse(PULSE_DONE, count))
		return 1;
	pthread_join(thr, NULL);
	printf("qnx-pulses-sender: %d pulses sent, receiver counted %ld\n",
	       count, reply_status);
	ConnectDetach(coid);
	return reply_status == count ? 0 : 1;
}
