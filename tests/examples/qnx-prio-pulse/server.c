// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-prio-pulse server: pulses are queued by priority.  The server
 * creates a channel, waits (SIGUSR1) until its client has sent its
 * pulses, then receives them and prints each one's code and priority in
 * the order they come: highest priority first, arrival order within one.
 * A last pulse, from a timer created with SIGEV_PULSE_PRIO_INHERIT,
 * carries the priority of the thread that created the timer.
 *
 * Prints "qnx-prio-pulse-server: ready pid P chid C", then one line
 * "qnx-prio-pulse-server: code C priority P" per pulse.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#define TIMER_CODE	9

int main(void)
{
	struct itimerspec it = { .it_value.tv_nsec = 1000000 };
	struct _msg_info info;
	struct sigevent ev;
	struct _pulse pulse;
	timer_t timer;
	sigset_t set;
	int chid, coid, sig, i;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	if (chid == -1 || coid == -1) {
		perror("ChannelCreate/ConnectAttach");
		return 1;
	}
	printf("qnx-prio-pulse-server: ready pid %d chid %d\n", getpid(),
	       chid);
	fflush(stdout);
	sigwait(&set, &sig);	/* the client's pulses are queued now */

	for (i = 0; i < 4; i++) {
		if (MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL) == -1) {
			perror("MsgReceivePulse");
			return 1;
		}
		/* MsgReceive() would report the priority in _msg_info too. */
		printf("qnx-prio-pulse-server: code %d value %d\n", pulse.code,
		       pulse.value.sival_int);
	}

	SIGEV_PULSE_INIT(&ev, coid, SIGEV_PULSE_PRIO_INHERIT, TIMER_CODE, 0);
	if (timer_create(CLOCK_MONOTONIC, &ev, &timer) == -1 ||
	    timer_settime(timer, 0, &it, NULL) == -1) {
		perror("timer");
		return 1;
	}
	if (MsgReceive(chid, &pulse, sizeof(pulse), &info) != 0 ||
	    pulse.code != TIMER_CODE) {
		perror("MsgReceive timer pulse");
		return 1;
	}
	printf("qnx-prio-pulse-server: timer pulse priority %s the server's\n",
	       info.priority == 19 - nice(0) ? "equals" : "differs from");
	timer_delete(timer);
	return 0;
}
