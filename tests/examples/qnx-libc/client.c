// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-libc client: sends a short and a long name, prints the greetings
 * (the long one cut to the server's 24-byte buffer), and stops the server.
 *
 * Usage: qnx-libc-client PID CHID
 */
#include <errno.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

struct greet_msg {
	uint16_t type;
	uint16_t len;
	char name[64];
};

static int greet(int coid, const char *name)
{
	struct greet_msg msg = { .type = 1 };
	char reply[64];

	msg.len = (uint16_t)strlcpy(msg.name, name, sizeof(msg.name));
	if (MsgSend(coid, &msg, sizeof(msg), reply, sizeof(reply)) == -1) {
		perror("MsgSend");
		return -1;
	}
	printf("qnx-libc-client: %s\n", reply);
	return 0;
}

int main(int argc, char **argv)
{
	struct greet_msg quit = { .type = 2 };
	int coid;

	if (argc != 3)
		return 2;
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("ConnectAttach");
		return 1;
	}
	if (greet(coid, "qnx") || greet(coid, "a-rather-long-client-name"))
		return 1;
	MsgSend(coid, &quit, sizeof(quit), NULL, 0);
	return 0;
}
