/* SPDX-License-Identifier: GPL-2.0 */
/* qnx-signal-event: the "signal me when data is ready" request. */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <signal.h>
#include <stdint.h>
#include <sys/siginfo.h>

#define MSG_NOTIFY_ME	0x5101	/* deliver the event when data is ready */
#define N_REQUESTS	3	/* the server serves this many, then exits */

#define DATA_CODE	(SI_MINAVAIL + 5)
#define DATA_VALUE	4321
#define WORKER_CODE	(SI_MINAVAIL + 7)
#define WORKER_VALUE	8765

struct notify_msg {
	uint16_t type;
	uint16_t zero;
	uint32_t delay_ms;
	struct sigevent event;
};

#endif
