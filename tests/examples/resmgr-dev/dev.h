/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The resmgr-dev example's protocol, shared by the manager and its
 * clients: device commands (QNX devctl numbers, which a Linux controller
 * spells with _IOR/_IOW/_IOWR/_IO, see <devctl.h>) and one private
 * message type for message_attach().
 */
#ifndef RESMGR_DEV_H
#define RESMGR_DEV_H

#include <stdint.h>
#include <devctl.h>

#define DEV_GET_WRITES	__DIOF(_DCMD_MISC, 1, int)	/* writes so far */
#define DEV_SET_VALUE	__DIOT(_DCMD_MISC, 2, int)	/* store a value */
#define DEV_ADD_VALUE	__DIOTF(_DCMD_MISC, 3, int)	/* value += arg, return it */
#define DEV_RESET	__DION(_DCMD_MISC, 4)		/* value = 0, buffer empty */
#define DEV_HOLD_READS	__DION(_DCMD_MISC, 5)		/* reads wait (never answered) */
#define DEV_DETACH	__DION(_DCMD_MISC, 6)		/* resmgr_detach() the path */
#define DEV_POKE	__DION(_DCMD_MISC, 7)		/* a byte into the select_attach() pipe */

/* Private message (message_attach()): the manager's tick count. */
#define DEV_MSG_TICKS	0x5000
struct dev_msg_ticks {
	uint16_t type;		/* DEV_MSG_TICKS */
	uint16_t zero;
};
struct dev_msg_ticks_reply {
	uint32_t ticks;		/* timer pulses received */
	uint32_t value;		/* the devctl value */
	uint32_t pokes;		/* bytes the select_attach() handler read */
};

#define DEV_BUF_SIZE	(2u << 20)

#endif
