/* SPDX-License-Identifier: GPL-2.0 */
/* qnx-deliver-event: the "notify me later" request. */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <signal.h>
#include <stdint.h>

#define MSG_NOTIFY_ME	0x5001	/* deliver the event in delay_ms */
#define NOTIFY_CODE	(_PULSE_CODE_MINAVAIL + 9)
#define NOTIFY_VALUE	1234

struct notify_msg {
	uint16_t type;
	uint16_t zero;
	uint32_t delay_ms;
	struct sigevent event;
};

#endif
