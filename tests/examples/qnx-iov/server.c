// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-iov-server: a server that receives only message headers and pulls
 * the payload itself with MsgRead(), QNX style.
 *
 * Uses only the QNX API.  Prints "qnx-iov-server: pid P chid C".  For
 * IOV_REVERSE it receives just the struct iov_hdr, reads the payload from
 * the client in 4 KiB pieces with MsgRead() at increasing offsets (its
 * own buffer never holds more than one piece), and writes the reversed
 * payload straight into the client's reply buffers with MsgWrite() at
 * the matching offsets, piece by piece, then the reply header with
 * MsgWritev(), and finishes with a MsgReply() carrying no data.
 *
 * Exit status: 0 after IOV_QUIT, 1 on error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/neutrino.h>

#include "iov.h"

#define PIECE	4096

static int reverse(int rcvid, const struct iov_hdr *req,
		   const struct _msg_info *info)
{
	char in[PIECE], out[PIECE];
	struct iov_hdr rep;
	size_t off, n, i;
	iov_t hiov[2];
	uint32_t sum = 0;
	ssize_t got;

	if ((size_t)info->srcmsglen != sizeof(*req) + req->len ||
	    req->len > IOV_MAX_PAYLOAD ||
	    (size_t)info->dstmsglen < sizeof(rep) + req->len)
		return EMSGSIZE;
	/*
	 * Payload byte off lands at reply offset sizeof(rep) + len - 1 - off:
	 * read each piece, reverse it, write it where it belongs.
	 */
	for (off = 0; off < req->len; off += n) {
		n = req->len - off < PIECE ? req->len - off : PIECE;
		got = MsgRead(rcvid, in, n, sizeof(*req) + off);
		if (got != (ssize_t)n)
			return got == -1 ? errno : EIO;
		for (i = 0; i < n; i++) {
			out[n - 1 - i] = in[i];
			sum += (unsigned char)in[i];
		}
		if (MsgWrite(rcvid, out, n,
			     sizeof(rep) + req->len - off - n) != (ssize_t)n)
			return errno;
	}
	memset(&rep, 0, sizeof(rep));
	rep.type = req->type;
	rep.len = req->len;
	rep.sum = sum;
	/* The header in two pieces, to show MsgWritev(). */
	SETIOV(&hiov[0], &rep, 4);
	SETIOV(&hiov[1], (char *)&rep + 4, sizeof(rep) - 4);
	if (MsgWritev(rcvid, hiov, 2, 0) != (ssize_t)sizeof(rep))
		return errno;
	/* Everything is in place: release the client, no more data. */
	if (MsgReply(rcvid, EOK, NULL, 0) == -1)
		perror("qnx-iov-server: MsgReply");
	return EOK;
}

int main(void)
{
	struct _msg_info info;
	struct iov_hdr hdr;
	int chid, rcvid, err;

	chid = ChannelCreate(0);
	if (chid == -1) {
		perror("qnx-iov-server: ChannelCreate");
		return 1;
	}
	printf("qnx-iov-server: pid %d chid %d\n", (int)getpid(), chid);
	fflush(stdout);

	for (;;) {
		rcvid = MsgReceive(chid, &hdr, sizeof(hdr), &info);
		if (rcvid == -1) {
			if (errno == EINTR)
				continue;
			perror("qnx-iov-server: MsgReceive");
			return 1;
		}
		if (rcvid == 0)
			continue;	/* a pulse: none expected */
		if (info.msglen < (ssize_t)sizeof(hdr)) {
			MsgError(rcvid, EBADMSG);
			continue;
		}
		switch (hdr.type) {
		case IOV_REVERSE:
			err = reverse(rcvid, &hdr, &info);
			if (err)
				MsgError(rcvid, err);
			break;
		case IOV_QUIT:
			MsgReply(rcvid, EOK, NULL, 0);
			return 0;
		default:
			MsgError(rcvid, ENOSYS);
			break;
		}
	}
}
