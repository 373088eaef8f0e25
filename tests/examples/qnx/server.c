// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-server: a QNX Neutrino style server that uses only <sys/neutrino.h>.
 *
 * Creates a channel, prints "qnx-server: pid P chid C" and serves
 * struct calc_hdr requests (calc.h) until it receives CALC_QUIT.  The
 * request header and the values are received straight into two separate
 * buffers with one MsgReceivev(); replies use MsgReply(), MsgReplyv() and
 * MsgError().
 *
 * Exit status: 0 after CALC_QUIT, 1 on error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/neutrino.h>

#include "calc.h"

static int cmp_int32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* Handle one request.  Return: 1 when the server should stop. */
static int handle(int rcvid, const struct _msg_info *info,
		  struct calc_hdr *hdr, int32_t *values)
{
	size_t vbytes;
	int64_t sum = 0;
	iov_t riov[2];
	uint32_t i;

	if (info->msglen < (ssize_t)sizeof(*hdr)) {
		MsgError(rcvid, EBADMSG);
		return 0;
	}
	vbytes = (size_t)info->msglen - sizeof(*hdr);
	if (hdr->count > CALC_MAX_VALUES ||
	    info->srcmsglen != info->msglen ||
	    vbytes != hdr->count * sizeof(int32_t)) {
		MsgError(rcvid, EMSGSIZE);
		return 0;
	}

	switch (hdr->op) {
	case CALC_SUM:
		for (i = 0; i < hdr->count; i++)
			sum += values[i];
		if (MsgReply(rcvid, EOK, &sum, sizeof(sum)) == -1)
			perror("qnx-server: MsgReply");
		return 0;
	case CALC_SORT:
		qsort(values, hdr->count, sizeof(*values), cmp_int32);
		SETIOV(&riov[0], hdr, sizeof(*hdr));
		SETIOV(&riov[1], values, vbytes);
		if (MsgReplyv(rcvid, (long)hdr->count, riov, 2) == -1)
			perror("qnx-server: MsgReplyv");
		return 0;
	case CALC_QUIT:
		if (MsgReply(rcvid, EOK, NULL, 0) == -1)
			perror("qnx-server: MsgReply");
		return 1;
	default:
		MsgError(rcvid, ENOSYS);
		return 0;
	}
}

int main(void)
{
	int32_t values[CALC_MAX_VALUES];
	struct _msg_info info;
	struct calc_hdr hdr;
	iov_t iov[2];
	int chid, rcvid;

	chid = ChannelCreate(0);
	if (chid == -1) {
		perror("qnx-server: ChannelCreate");
		return 1;
	}
	printf("qnx-server: pid %ld chid %d\n", (long)getpid(), chid);
	fflush(stdout);

	for (;;) {
		SETIOV(&iov[0], &hdr, sizeof(hdr));
		SETIOV(&iov[1], values, sizeof(values));
		rcvid = MsgReceivev(chid, iov, 2, &info);
		if (rcvid == -1) {
			if (errno == EINTR)
				continue;
			perror("qnx-server: MsgReceivev");
			break;
		}
		if (rcvid == 0)
			continue;	/* no reply wanted (no pulses yet) */
		if (handle(rcvid, &info, &hdr, values)) {
			ChannelDestroy(chid);
			return 0;
		}
	}
	ChannelDestroy(chid);
	return 1;
}
