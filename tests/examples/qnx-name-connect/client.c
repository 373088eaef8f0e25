// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-name-connect client: name_open() (which sends nothing), a request,
 * then the _IO_CONNECT / _IO_CONNECT_OPEN message an old QNX name_open()
 * used to send, built by hand, to show the server's handler still answers
 * it, and a quit message.
 *
 * Usage: qnx-name-connect-client NAME
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

struct my_msg {
	uint16_t type;
	uint16_t zero;
	int value;
};

int main(int argc, char **argv)
{
	struct my_msg req = { .type = MY_REQUEST, .value = 21 };
	struct my_msg quit = { .type = MY_QUIT };
	struct _io_connect oc;
	int coid, answer = 0;

	if (argc != 2)
		return 2;
	coid = name_open(argv[1], 0);
	if (coid == -1) {
		perror("name_open");
		return 1;
	}
	if (MsgSend(coid, &req, sizeof(req), &answer, sizeof(answer)) == -1 ||
	    answer != 42) {
		perror("MsgSend request");
		return 1;
	}
	memset(&oc, 0, sizeof(oc));
	oc.type = _IO_CONNECT;
	oc.subtype = _IO_CONNECT_OPEN;
	oc.ioflag = _IO_FLAG_RD | _IO_FLAG_WR;
	oc.path_len = 1;
	if (MsgSend(coid, &oc, sizeof(oc), NULL, 0) == -1) {
		perror("MsgSend _IO_CONNECT");
		return 1;
	}
	if (MsgSend(coid, &quit, sizeof(quit), NULL, 0) == -1) {
		perror("MsgSend quit");
		return 1;
	}
	name_close(coid);
	printf("qnx-name-connect-client: answer %d\n", answer);
	return 0;
}
