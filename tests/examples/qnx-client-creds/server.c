// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-client-creds server: checks who its client is, the way a QNX
 * resource manager does before granting access: MsgInfo() for the
 * message's sender and ConnectClientInfo() on its scoid for the client's
 * credentials, then tells the client what it found.  After the reply it
 * checks that MsgInfo() no longer knows the rcvid (ESRCH).
 *
 * Usage: qnx-client-creds-server NAME
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>

#include "creds.h"

int main(int argc, char **argv)
{
	struct _client_info cinfo;
	struct _msg_info info, again;
	struct who_reply who;
	name_attach_t *att;
	uint16_t msg;
	int rcvid, stale_ok = 1;

	if (argc != 2)
		return 2;
	att = name_attach(NULL, argv[1], 0);
	if (!att) {
		perror("name_attach");
		return 1;
	}
	printf("qnx-client-creds-server: ready\n");
	fflush(stdout);
	for (;;) {
		rcvid = MsgReceive(att->chid, &msg, sizeof(msg), &info);
		if (rcvid == -1)
			return 1;
		if (rcvid == 0)
			continue;
		if (msg == MSG_QUIT) {
			MsgReply(rcvid, EOK, NULL, 0);
			break;
		}
		memset(&who, 0, sizeof(who));
		if (ConnectClientInfo(info.scoid, &cinfo, NGROUPS_MAX) == -1 ||
		    MsgInfo(rcvid, &again) == -1) {
			MsgError(rcvid, errno);
			continue;
		}
		who.pid = cinfo.pid;
		who.euid = (int32_t)cinfo.cred.euid;
		who.egid = (int32_t)cinfo.cred.egid;
		who.ngroups = (int32_t)cinfo.cred.ngroups;
		who.msg_pid = again.pid;
		who.msg_tid = again.tid;
		MsgReply(rcvid, EOK, &who, sizeof(who));
		if (MsgInfo(rcvid, &again) != -1 || errno != ESRCH)
			stale_ok = 0;
	}
	name_detach(att, 0);
	printf("qnx-client-creds-server: MsgInfo after the reply: %s\n",
	       stale_ok ? "ESRCH" : "wrong");
	return stale_ok ? 0 : 1;
}
