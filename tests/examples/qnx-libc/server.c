// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-libc server: a small greeting server written as QNX code usually
 * is, relying on what QNX's C library and headers give: <process.h>,
 * rcvid_t, strlcpy()/strlcat(), min(), EOK.  It builds "hello, NAME!"
 * in a fixed 24-byte buffer (long names are cut, never overflowed) and
 * sends it back.
 *
 * Prints "qnx-libc-server: ready pid P chid C".
 */
#include <errno.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/neutrino.h>

#define GREETING_MAX	24

struct greet_msg {
	uint16_t type;		/* 1: greet, 2: quit */
	uint16_t len;
	char name[64];
};

int main(void)
{
	struct greet_msg msg;
	char greeting[GREETING_MAX];
	char name[sizeof(msg.name) + 1];
	rcvid_t rcvid;
	int chid;

	chid = ChannelCreate(0);
	if (chid == -1) {
		perror("ChannelCreate");
		return EXIT_FAILURE;
	}
	printf("qnx-libc-server: ready pid %d chid %d\n", getpid(), chid);
	fflush(stdout);
	for (;;) {
		rcvid = MsgReceive(chid, &msg, sizeof(msg), NULL);
		if (rcvid == -1)
			return EXIT_FAILURE;
		if (rcvid == 0)
			continue;
		if (msg.type == 2) {
			MsgReply(rcvid, EOK, NULL, 0);
			break;
		}
		memcpy(name, msg.name, min((size_t)msg.len, sizeof(msg.name)));
		name[min((size_t)msg.len, sizeof(msg.name))] = '\0';
		strlcpy(greeting, "hello, ", sizeof(greeting));
		strlcat(greeting, name, sizeof(greeting));
		strlcat(greeting, "!", sizeof(greeting));
		MsgReply(rcvid, EOK, greeting, strlen(greeting) + 1);
	}
	return EXIT_SUCCESS;
}
