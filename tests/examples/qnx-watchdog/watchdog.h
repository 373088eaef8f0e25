/* SPDX-License-Identifier: GPL-2.0 */
/* qnx-watchdog: the kick message and the watchdog's pulse. */
#ifndef WATCHDOG_H
#define WATCHDOG_H

#include <stdint.h>

#define WATCHDOG_CODE	(_PULSE_CODE_MINAVAIL + 7)
#define WATCHDOG_NS	2000000000ULL	/* expires 2 s after the last kick */

#define MSG_KICK	0x3001

struct kick_msg {
	uint16_t type;
	uint16_t zero;
};

#endif
