/* SPDX-License-Identifier: GPL-2.0 */
/* qnx-timer-periodic: the messages a client may send the ticking server. */
#ifndef TICKER_H
#define TICKER_H

#include <stdint.h>

#define TICK_CODE	(_PULSE_CODE_MINAVAIL + 3)	/* timer pulse code */
#define TICK_VALUE	0x5eed				/* and its value */
#define TICK_NS		20000000			/* 20 ms period */

#define MSG_GET_TICKS	0x2001	/* reply: uint32_t ticks so far */
#define MSG_QUIT	0x2002

struct ticker_msg {
	uint16_t type;
	uint16_t zero;
};

#endif
