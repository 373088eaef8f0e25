/* SPDX-License-Identifier: GPL-2.0 */
/* qnx-client-creds: what the server tells a client about itself. */
#ifndef CREDS_H
#define CREDS_H

#include <stdint.h>
#include <sys/types.h>

#define MSG_WHO_AM_I	0x6001
#define MSG_QUIT	0x6002

struct who_reply {
	int32_t pid;		/* ConnectClientInfo() */
	int32_t euid;
	int32_t egid;
	int32_t msg_pid;	/* MsgInfo() */
	int32_t msg_tid;
	int32_t ngroups;
};

#endif
