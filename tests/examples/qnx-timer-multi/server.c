// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-timer-multi server: two timers on one channel, told apart by their
 * pulse codes, and the other timer calls.  A fast timer (20 ms) and a slow
 * one (100 ms) run until the slow one has fired 3 times; then the server
 * reads the fast one's setting (timer_gettime), deletes it (timer_delete),
 * turns the slow one into a one-shot (timer_settime with a zero interval)
 * and checks that exactly one more pulse, the slow one's, arrives.  The
 * client starts the run and gets the counts in the reply.
 *
 * Prints "qnx-timer-multi-server: ready pid P chid C".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>
#include <sys/siginfo.h>

#define FAST_CODE	1
#define SLOW_CODE	2

struct result {
	int fast, slow, after, interval_ok;
};

static timer_t start_timer(int coid, int code, long ms)
{
	struct itimerspec it;
	struct sigevent ev;
	timer_t id;

	SIGEV_PULSE_INIT(&ev, coid, SIGEV_PULSE_PRIO_INHERIT, code, code * 100);
	if (timer_create(CLOCK_REALTIME, &ev, &id) == -1) {
		perror("timer_create");
		_exit(1);
	}
	it.it_value.tv_sec = 0;
	it.it_value.tv_nsec = ms * 1000000;
	it.it_interval = it.it_value;
	timer_settime(id, 0, &it, NULL);
	return id;
}

int main(void)
{
	struct itimerspec cur, oneshot = { .it_value.tv_nsec = 50000000 };
	struct result res = { 0 };
	uint64_t quiet = 400000000;
	struct _pulse pulse;
	timer_t fast, slow;
	int chid, coid, rcvid, msg;

	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	printf("qnx-timer-multi-server: ready pid %d chid %d\n", getpid(), chid);
	fflush(stdout);
	rcvid = MsgReceive(chid, &msg, sizeof(msg), NULL);	/* "start" */
	if (rcvid <= 0)
		return 1;

	fast = start_timer(coid, FAST_CODE, 20);
	slow = start_timer(coid, SLOW_CODE, 100);
	while (res.slow < 3) {
		if (MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL) == -1)
			return 1;
		if (pulse.code == FAST_CODE && pulse.value.sival_int == 100)
			res.fast++;
		else if (pulse.code == SLOW_CODE &&
			 pulse.value.sival_int == 200)
			res.slow++;
	}
	timer_gettime(fast, &cur);
	res.interval_ok = cur.it_interval.tv_nsec == 20000000;
	timer_delete(fast);
	timer_settime(slow, 0, &oneshot, NULL);
	/* Fast pulses sent before the delete may still be queued: drain. */
	for (;;) {
		TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL,
			     &quiet, NULL);
		if (MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL) == -1)
			break;
		if (pulse.code == SLOW_CODE)
			res.after++;
	}
	timer_delete(slow);
	MsgReply(rcvid, EOK, &res, sizeof(res));
	return 0;
}
