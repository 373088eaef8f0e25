// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-chanflags server: a channel created with _NTO_CHF_UNBLOCK and
 * _NTO_CHF_DISCONNECT.  It holds MSG_HOLD requests without replying;
 * when the client's TimerTimeout() expires, the kernel does not let the
 * client go but sends an _PULSE_CODE_UNBLOCK pulse (value: the rcvid),
 * and the server decides: it fails the request with ETIMEDOUT.  When the
 * client detaches, a _PULSE_CODE_DISCONNECT pulse arrives.  MSG_QUIT
 * destroys the channel, which the client sees as a
 * _PULSE_CODE_COIDDEATH pulse on its own _NTO_CHF_COID_DISCONNECT channel.
 *
 * Prints "qnx-chanflags-server: ready pid P chid C", then
 * "qnx-chanflags-server: unblocks U disconnects D".
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/neutrino.h>

#include "chanflags.h"

typedef union {
	uint16_t type;
	struct _pulse pulse;
} msg_t;

int main(void)
{
	int chid, rcvid, held = 0, unblocks = 0, disconnects = 0;
	msg_t msg;

	chid = ChannelCreate(_NTO_CHF_UNBLOCK | _NTO_CHF_DISCONNECT);
	if (chid == -1) {
		perror("ChannelCreate");
		return 1;
	}
	printf("qnx-chanflags-server: ready pid %d chid %d\n", getpid(), chid);
	fflush(stdout);
	for (;;) {
		rcvid = MsgReceive(chid, &msg, sizeof(msg), NULL);
		if (rcvid == -1) {
			perror("MsgReceive");
			return 1;
		}
		if (rcvid == 0) {
			switch (msg.pulse.code) {
			case _PULSE_CODE_UNBLOCK:
				unblocks++;
				if (msg.pulse.value.sival_int == held) {
					MsgError(held, ETIMEDOUT);
					held = 0;
				}
				break;
			case _PULSE_CODE_DISCONNECT:
				disconnects++;
				ConnectDetach(msg.pulse.scoid);
				break;
			}
			if (disconnects == 1)
				break;
			continue;
		}
		if (msg.type == MSG_HOLD) {
			held = rcvid;	/* no reply: the client stays blocked */
		} else if (msg.type == MSG_QUIT) {
			MsgReply(rcvid, EOK, NULL, 0);
			/* Wait for the client to go away, then close shop. */
			continue;
		} else {
			MsgError(rcvid, ENOSYS);
		}
	}
	printf("qnx-chanflags-server: unblocks %d disconnects %d\n", unblocks,
	       disconnects);
	ChannelDestroy(chid);
	return 0;
}
