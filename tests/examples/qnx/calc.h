/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol of the QNX example: a tiny calculator.  Plain QNX code:
 * nothing here knows about stapler.
 */
#ifndef CALC_H
#define CALC_H

#include <stdint.h>

#define CALC_MAX_VALUES	64

enum calc_op {
	CALC_SUM = 1,	/* reply: int64_t sum; status: EOK */
	CALC_SORT = 2,	/* reply: struct calc_hdr + sorted values; status: count */
	CALC_QUIT = 3,	/* reply: nothing; the server exits */
};

/* Every request starts with this header, followed by @count int32_t. */
struct calc_hdr {
	uint32_t op;
	uint32_t count;
};

#endif /* CALC_H */
