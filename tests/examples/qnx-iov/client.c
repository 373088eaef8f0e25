// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-iov-client PID CHID [quit]: sends IOV_REVERSE requests of several
 * sizes to qnx-iov-server and checks the replies.
 *
 * Uses only the QNX API.  Each request is gathered from three pieces with
 * MsgSendv() (the header, and the payload split in two), and the reply is
 * scattered into the reply header and a separate buffer.  A reply buffer
 * that is too small must make the server fail the request (EMSGSIZE).
 *
 * Exit status: 0 ok, 1 failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>

#include "iov.h"

static char payload[IOV_MAX_PAYLOAD], reply[IOV_MAX_PAYLOAD];

static int reverse(int coid, size_t len, size_t rlen)
{
	struct iov_hdr hdr = { .type = IOV_REVERSE }, rhdr;
	size_t half = len / 3, i;
	iov_t siov[3], riov[2];
	uint32_t sum = 0;
	long ret;

	for (i = 0; i < len; i++) {
		payload[i] = (char)(i * 7 + len);
		sum += (unsigned char)payload[i];
	}
	hdr.len = (uint32_t)len;
	SETIOV(&siov[0], &hdr, sizeof(hdr));
	SETIOV(&siov[1], payload, half);
	SETIOV(&siov[2], payload + half, len - half);
	SETIOV(&riov[0], &rhdr, sizeof(rhdr));
	SETIOV(&riov[1], reply, rlen);
	memset(&rhdr, 0, sizeof(rhdr));
	memset(reply, 0, len);

	ret = MsgSendv(coid, siov, 3, riov, 2);
	if (ret == -1)
		return errno;
	if (ret != EOK || rhdr.type != IOV_REVERSE || rhdr.len != len ||
	    rhdr.sum != sum)
		return EPROTO;
	for (i = 0; i < len; i++)
		if (reply[i] != payload[len - 1 - i])
			return EILSEQ;
	return 0;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 0, 1, 100, 4095, 4096, 4097, 65536,
					 IOV_MAX_PAYLOAD };
	struct iov_hdr quit = { .type = IOV_QUIT };
	int coid, err, fails = 0;
	size_t i;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: qnx-iov-client PID CHID [quit]\n");
		return 1;
	}
	coid = ConnectAttach(ND_LOCAL_NODE, atoi(argv[1]), atoi(argv[2]),
			     _NTO_SIDE_CHANNEL, 0);
	if (coid == -1) {
		perror("qnx-iov-client: ConnectAttach");
		return 1;
	}
	if (argc == 4) {
		if (MsgSend(coid, &quit, sizeof(quit), NULL, 0) == -1) {
			perror("qnx-iov-client: quit");
			return 1;
		}
		return 0;
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		err = reverse(coid, sizes[i], sizes[i]);
		printf("qnx-iov-client: reverse %zu bytes: %s\n", sizes[i],
		       err ? strerror(err) : "ok");
		fails += err != 0;
	}
	err = reverse(coid, 1000, 999);
	printf("qnx-iov-client: reply buffer one byte short: %s\n",
	       err == EMSGSIZE ? "EMSGSIZE, ok" : strerror(err));
	fails += err != EMSGSIZE;
	ConnectDetach(coid);
	return fails ? 1 : 0;
}
