// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-timeout server: kernel timeouts on the server side.  While idle it
 * wakes every 50 ms (TimerTimeout with _NTO_TIMEOUT_RECEIVE before each
 * MsgReceive) to do housekeeping; it answers "fast" requests at once and
 * sits on "slow" ones for ten idle periods (500 ms) (its channel has no _NTO_CHF_UNBLOCK, so a
 * client's own timeout frees the client without asking the server).
 *
 * Prints "qnx-timeout-server: ready pid P chid C", then
 * "qnx-timeout-server: housekeeping H fast F late-replies L".
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>

#define MSG_FAST	1
#define MSG_SLOW	2
#define MSG_QUIT	3

int main(void)
{
	int chid, rcvid, msg, slow = 0, slow_at = 0, housekeeping = 0;
	int fast = 0, late = 0;
	uint64_t idle_ns = 50000000;

	chid = ChannelCreate(0);
	if (chid == -1) {
		perror("ChannelCreate");
		return 1;
	}
	printf("qnx-timeout-server: ready pid %d chid %d\n", getpid(), chid);
	fflush(stdout);
	for (;;) {
		TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL,
			     &idle_ns, NULL);
		rcvid = MsgReceive(chid, &msg, sizeof(msg), NULL);
		if (rcvid == -1 && errno == ETIMEDOUT) {
			housekeeping++;
			if (slow && housekeeping - slow_at >= 10) {
				/* the client gave up long ago: ESRCH */
				if (MsgReply(slow, EOK, NULL, 0) == -1 &&
				    errno == ESRCH)
					late++;
				slow = 0;
			}
			continue;
		}
		if (rcvid == -1) {
			perror("MsgReceive");
			return 1;
		}
		if (rcvid == 0)
			continue;
		if (msg == MSG_FAST) {
			fast++;
			MsgReply(rcvid, EOK, &fast, sizeof(fast));
		} else if (msg == MSG_SLOW) {
			slow = rcvid;
			slow_at = housekeeping;
		} else if (msg == MSG_QUIT) {
			MsgReply(rcvid, EOK, NULL, 0);
			break;
		}
	}
	printf("qnx-timeout-server: housekeeping %s fast %d late-replies %d\n",
	       housekeeping > 0 ? "yes" : "no", fast, late);
	return 0;
}
