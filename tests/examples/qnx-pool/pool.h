/* SPDX-License-Identifier: GPL-2.0 */
/* The protocol of the qnx-pool example. */
#ifndef QNX_POOL_H
#define QNX_POOL_H

#include <stdint.h>

#define POOL_WORK	0x0030	/* work for @ms milliseconds */
#define POOL_QUIT	0x0031	/* stop the whole pool */

struct pool_req {
	uint16_t type;
	uint16_t zero;
	uint32_t ms;
};

struct pool_reply {
	uint32_t thread;	/* index of the server thread that did it */
	uint32_t served;	/* requests that thread served so far */
};

#endif /* QNX_POOL_H */
