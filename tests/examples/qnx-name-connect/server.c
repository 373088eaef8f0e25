// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-name-connect server: a name_attach() server written for QNX 6.3-6.5,
 * whose name_open() sent an _IO_CONNECT: it accepts _IO_CONNECT with EOK
 * (and counts them), fails other I/O messages with ENOSYS, and serves its
 * own message type.
 *
 * Usage: qnx-name-connect-server NAME
 * Prints "qnx-name-connect-server: ready", then
 * "qnx-name-connect-server: io_connects N requests M".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dispatch.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>

#define MY_REQUEST	0x4001
#define MY_QUIT		0x4002

typedef union {
	uint16_t type;
	struct _pulse pulse;
	struct _io_connect connect;
	struct {
		uint16_t type;
		uint16_t zero;
		int value;
	} mine;
} msg_t;

int main(int argc, char **argv)
{
	name_attach_t *att;
	int rcvid, io_connects = 0, requests = 0, value;
	msg_t msg;

	if (argc != 2)
		return 2;
	att = name_attach(NULL, argv[1], 0);
	if (!att) {
		perror("name_attach");
		return 1;
	}
	printf("qnx-name-connect-server: ready\n");
	fflush(stdout);
	for (;;) {
		rcvid = MsgReceive(att->chid, &msg, sizeof(msg), NULL);
		if (rcvid == -1) {
			perror("MsgReceive");
			return 1;
		}
		if (rcvid == 0) {
			if (msg.pulse.code == _PULSE_CODE_DISCONNECT)
				ConnectDetach(msg.pulse.scoid);
			continue;
		}
		if (msg.type == _IO_CONNECT) {
			io_connects++;
			MsgReply(rcvid, EOK, NULL, 0);
			continue;
		}
		if (msg.type >= _IO_BASE && msg.type <= _IO_MAX) {
			MsgError(rcvid, ENOSYS);
			continue;
		}
		if (msg.type == MY_QUIT) {
			MsgReply(rcvid, EOK, NULL, 0);
			break;
		}
		if (msg.type != MY_REQUEST) {
			MsgError(rcvid, EINVAL);
			continue;
		}
		requests++;
		value = msg.mine.value * 2;
		MsgReply(rcvid, EOK, &value, sizeof(value));
	}
	name_detach(att, 0);
	printf("qnx-name-connect-server: io_connects %d requests %d\n",
	       io_connects, requests);
	return 0;
}
