// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-name-plain client: name_open() the server and send it three numbers
 * and a quit message.  On QNX 6.3-6.5 name_open() sent an _IO_CONNECT that
 * this server would have failed with ENOSYS; on current QNX, and here, it
 * sends nothing, so this works first time.
 *
 * Usage: qnx-name-plain-client NAME
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dispatch.h>

typedef struct _pulse msg_header_t;

typedef struct _my_data {
	msg_header_t hdr;
	int data;
} my_data_t;

int main(int argc, char **argv)
{
	my_data_t msg;
	int coid, i, sum = 0;

	if (argc != 2)
		return 2;
	coid = name_open(argv[1], 0);
	if (coid == -1) {
		perror("name_open");
		return EXIT_FAILURE;
	}
	for (i = 1; i <= 3; i++) {
		memset(&msg, 0, sizeof(msg));
		msg.hdr.type = 0x01;
		msg.hdr.subtype = 0x00;
		msg.data = i * 10;
		if (MsgSend(coid, &msg, sizeof(msg), &sum, sizeof(sum)) == -1) {
			perror("MsgSend");
			return EXIT_FAILURE;
		}
	}
	printf("qnx-name-plain-client: running sum %d\n", sum);
	msg.hdr.subtype = 0x01;
	if (MsgSend(coid, &msg, sizeof(msg), NULL, 0) == -1) {
		perror("MsgSend quit");
		return EXIT_FAILURE;
	}
	name_close(coid);
	return sum == 60 ? EXIT_SUCCESS : EXIT_FAILURE;
}
