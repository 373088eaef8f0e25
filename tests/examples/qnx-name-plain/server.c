// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-name-plain server: the name_attach() server of QNX's documentation
 * as people usually write it, handling only its own message type and
 * pulses: it never looks for _IO_CONNECT.  Messages carry a struct _pulse
 * header (type, subtype) followed by the data.
 *
 * Usage: qnx-name-plain-server NAME
 * Prints "qnx-name-plain-server: ready", then "... sum S from N messages".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dispatch.h>

/* The header is at least a pulse; the data comes after it. */
typedef struct _pulse msg_header_t;

typedef struct _my_data {
	msg_header_t hdr;
	int data;
} my_data_t;

#define MY_TYPE		0x01
#define MY_SUBTYPE_ADD	0x00
#define MY_SUBTYPE_QUIT	0x01

int main(int argc, char **argv)
{
	name_attach_t *attach;
	my_data_t msg;
	int rcvid, sum = 0, count = 0;

	if (argc != 2)
		return 2;
	attach = name_attach(NULL, argv[1], 0);
	if (attach == NULL) {
		perror("name_attach");
		return EXIT_FAILURE;
	}
	printf("qnx-name-plain-server: ready\n");
	fflush(stdout);

	for (;;) {
		rcvid = MsgReceive(attach->chid, &msg, sizeof(msg), NULL);
		if (rcvid == -1)
			break;
		if (rcvid == 0) {	/* a pulse */
			if (msg.hdr.code == _PULSE_CODE_DISCONNECT)
				ConnectDetach(msg.hdr.scoid);
			continue;
		}
		if (msg.hdr.type != MY_TYPE) {
			MsgError(rcvid, ENOSYS);
			continue;
		}
		if (msg.hdr.subtype == MY_SUBTYPE_QUIT) {
			MsgReply(rcvid, EOK, NULL, 0);
			break;
		}
		sum += msg.data;
		count++;
		MsgReply(rcvid, EOK, &sum, sizeof(sum));
	}
	name_detach(attach, 0);
	printf("qnx-name-plain-server: sum %d from %d messages\n", sum, count);
	return EXIT_SUCCESS;
}
