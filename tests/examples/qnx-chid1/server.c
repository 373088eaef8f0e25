// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-chid1 server: a server whose clients assume its one channel is
 * channel 1, as on QNX, where a process's channels are numbered from 1.
 * It replies to each message with the message's value plus one, and exits
 * on a value of 0.
 *
 * Prints "qnx-chid1-server: ready pid P chid C", and "qnx-chid1-server:
 * pid P done" when told to stop.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/neutrino.h>

int main(void)
{
	int chid, rcvid, value;

	chid = ChannelCreate(0);
	if (chid == -1) {
		perror("ChannelCreate");
		return 1;
	}
	printf("qnx-chid1-server: ready pid %d chid %d\n", getpid(), chid);
	fflush(stdout);
	for (;;) {
		rcvid = MsgReceive(chid, &value, sizeof(value), NULL);
		if (rcvid == -1) {
			perror("MsgReceive");
			return 1;
		}
		if (rcvid == 0)
			continue;
		if (value == 0) {
			MsgReply(rcvid, EOK, NULL, 0);
			printf("qnx-chid1-server: pid %d done\n", getpid());
			return 0;
		}
		value++;
		MsgReply(rcvid, EOK, &value, sizeof(value));
	}
}
