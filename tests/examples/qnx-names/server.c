// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-names-server NAME: a QNX Neutrino style server found by name.
 *
 * Uses only the QNX API (<sys/neutrino.h>, <sys/dispatch.h>,
 * <sys/iomsg.h>).  name_attach() publishes the server and creates its
 * channel with _NTO_CHF_DISCONNECT, _NTO_CHF_COID_DISCONNECT and
 * _NTO_CHF_UNBLOCK, so besides messages it receives pulses:
 *
 *  - _IO_CONNECT (sent by every name_open()): accepted with EOK;
 *  - other I/O messages (_IO_BASE.._IO_MAX): failed with ENOSYS;
 *  - _PULSE_CODE_DISCONNECT: a client is gone, ConnectDetach(scoid);
 *  - _PULSE_CODE_UNBLOCK: a client whose NAMES_SLOW request it holds
 *    wants out (timeout or signal): the request fails with ETIMEDOUT;
 *  - NAMES_HELLO: replied to; NAMES_SLOW: held; NAMES_QUIT: stop.
 *
 * Prints "qnx-names-server: ready pid P chid C name NAME", and on
 * NAMES_QUIT "qnx-names-server: connects N disconnects N unblocks N
 * rejected N".  Exit status: 0 after NAMES_QUIT, 1 on error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/dispatch.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>

#include "names.h"

#define MAX_HELD	16

static int held[MAX_HELD];
static int nheld;
static int connects, hellos, disconnects, unblocks, rejected;

static int hold(int rcvid)
{
	if (nheld == MAX_HELD)
		return -1;
	held[nheld++] = rcvid;
	return 0;
}

/* Forget @rcvid if held.  Return: 1 when it was. */
static int unhold(int rcvid)
{
	int i;

	for (i = 0; i < nheld; i++) {
		if (held[i] == rcvid) {
			held[i] = held[--nheld];
			return 1;
		}
	}
	return 0;
}

static void handle_pulse(const struct _pulse *p)
{
	int rcvid;

	switch (p->code) {
	case _PULSE_CODE_DISCONNECT:
		/* Release the server side of the client's connection. */
		if (ConnectDetach(p->scoid) == -1)
			perror("qnx-names-server: ConnectDetach(scoid)");
		disconnects++;
		printf("qnx-names-server: client %#x disconnected\n",
		       (unsigned)p->scoid);
		break;
	case _PULSE_CODE_UNBLOCK:
		rcvid = p->value.sival_int;
		if (unhold(rcvid)) {
			MsgError(rcvid, ETIMEDOUT);
			unblocks++;
			printf("qnx-names-server: released rcvid %d\n", rcvid);
		}
		break;
	default:
		printf("qnx-names-server: pulse code %d\n", p->code);
		break;
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct names_reply reply;
	struct _msg_info info;
	name_attach_t *att;
	names_buf_t buf;
	int rcvid, i;

	if (argc != 2) {
		fprintf(stderr, "usage: qnx-names-server NAME\n");
		return 1;
	}
	att = name_attach(NULL, argv[1], 0);
	if (!att) {
		perror("qnx-names-server: name_attach");
		return 1;
	}
	printf("qnx-names-server: ready pid %d chid %d name %s\n",
	       (int)getpid(), att->chid, argv[1]);
	fflush(stdout);

	for (;;) {
		rcvid = MsgReceive(att->chid, &buf, sizeof(buf), &info);
		if (rcvid == -1) {
			if (errno == EINTR)
				continue;
			perror("qnx-names-server: MsgReceive");
			return 1;
		}
		if (rcvid == 0) {
			handle_pulse(&buf.pulse);
			continue;
		}
		if (buf.type == _IO_CONNECT) {
			/*
			 * QNX 6.3-6.5 name_open(), or a client that sends
			 * one itself: accept the "open".  Current QNX (and
			 * stapler) name_open() sends none.
			 */
			connects++;
			MsgReply(rcvid, EOK, NULL, 0);
			continue;
		}
		if (buf.type > _IO_BASE && buf.type <= _IO_MAX) {
			rejected++;
			MsgError(rcvid, ENOSYS);
			continue;
		}
		if (info.msglen < (ssize_t)sizeof(buf.msg)) {
			MsgError(rcvid, EBADMSG);
			continue;
		}
		switch (buf.msg.type) {
		case NAMES_HELLO:
			memset(&reply, 0, sizeof(reply));
			reply.clients = (uint32_t)++hellos;
			buf.msg.text[sizeof(buf.msg.text) - 1] = 0;
			snprintf(reply.text, sizeof(reply.text), "hello, %.20s",
				 buf.msg.text);
			MsgReply(rcvid, EOK, &reply, sizeof(reply));
			break;
		case NAMES_SLOW:
			if (hold(rcvid))
				MsgError(rcvid, EAGAIN);
			break;
		case NAMES_QUIT:
			MsgReply(rcvid, EOK, NULL, 0);
			goto out;
		default:
			MsgError(rcvid, EINVAL);
			break;
		}
	}
out:
	for (i = 0; i < nheld; i++)
		MsgError(held[i], ECANCELED);
	printf("qnx-names-server: connects %d disconnects %d unblocks %d rejected %d\n",
	       connects, disconnects, unblocks, rejected);
	if (name_detach(att, 0) == -1) {
		perror("qnx-names-server: name_detach");
		return 1;
	}
	return 0;
}
