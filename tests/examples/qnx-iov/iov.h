/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol of the qnx-iov example: a fixed header followed by a
 * payload of any size, in both directions.
 */
#ifndef QNX_IOV_H
#define QNX_IOV_H

#include <stdint.h>

#define IOV_REVERSE	0x0020	/* reply: the payload reversed */
#define IOV_QUIT	0x0021

struct iov_hdr {
	uint16_t type;
	uint16_t zero;
	uint32_t len;		/* payload bytes after the header */
	uint32_t sum;		/* request: 0; reply: sum of the payload bytes */
	uint32_t zero2;
};

/* The largest payload the example sends. */
#define IOV_MAX_PAYLOAD	(256 * 1024)

#endif /* QNX_IOV_H */
