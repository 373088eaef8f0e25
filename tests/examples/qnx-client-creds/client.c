// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-client-creds client: asks the server who it is and compares the
 * answer with its own pid, thread id (its only thread's is the pid),
 * effective uid and gid and number of
 * supplementary groups.
 *
 * Usage: qnx-client-creds-client NAME
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>

#include "creds.h"

int main(int argc, char **argv)
{
	uint16_t msg = MSG_WHO_AM_I, quit = MSG_QUIT;
	struct who_reply who;
	int coid, ok;

	if (argc != 2)
		return 2;
	coid = name_open(argv[1], 0);
	if (coid == -1) {
		perror("name_open");
		return 1;
	}
	if (MsgSend(coid, &msg, sizeof(msg), &who, sizeof(who)) == -1) {
		perror("MsgSend");
		return 1;
	}
	MsgSend(coid, &quit, sizeof(quit), NULL, 0);
	ok = who.pid == getpid() && who.msg_pid == getpid() &&
	     who.msg_tid == getpid() /* the main thread */ && who.euid == (int32_t)geteuid() &&
	     who.egid == (int32_t)getegid() &&
	     who.ngroups == getgroups(0, NULL);
	printf("qnx-client-creds-client: server saw pid %d tid %d euid %d egid %d groups %d: %s\n",
	       who.pid, who.msg_tid, who.euid, who.egid, who.ngroups,
	       ok ? "ok" : "WRONG");
	return ok ? 0 : 1;
}
