/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol of the qnx-names example: a name_attach() server and its
 * name_open() clients.  Message types stay clear of 0 (a pulse's type)
 * and of _IO_BASE.._IO_MAX (the I/O messages name_open() and file
 * functions send), so one union receives all of them.
 */
#ifndef QNX_NAMES_H
#define QNX_NAMES_H

#include <stdint.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>

#define NAMES_HELLO	0x0010	/* reply: struct names_reply */
#define NAMES_SLOW	0x0011	/* held until its sender gives up */
#define NAMES_QUIT	0x0012	/* reply, then the server stops */

struct names_msg {
	uint16_t type;
	uint16_t zero;
	char text[28];
};

struct names_reply {
	uint32_t clients;	/* _IO_CONNECTs so far */
	char text[28];
};

/* Everything the server can receive, overlaid on one buffer. */
typedef union {
	uint16_t type;
	struct _pulse pulse;
	struct _io_connect connect;
	struct names_msg msg;
} names_buf_t;

#endif /* QNX_NAMES_H */
