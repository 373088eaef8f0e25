/* SPDX-License-Identifier: GPL-2.0 */
/* Pulse codes of the qnx-pulses example (user range: 0..127). */
#ifndef QNX_PULSES_H
#define QNX_PULSES_H

#include <sys/neutrino.h>

#define PULSE_TICK	(_PULSE_CODE_MINAVAIL + 5)	/* value: sequence */
#define PULSE_DONE	_PULSE_CODE_MAXAVAIL		/* value: ticks sent */

#endif /* QNX_PULSES_H */
