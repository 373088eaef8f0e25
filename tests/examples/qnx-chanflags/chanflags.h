/* SPDX-License-Identifier: GPL-2.0 */
/* qnx-chanflags: the client's requests. */
#ifndef CHANFLAGS_H
#define CHANFLAGS_H

#include <stdint.h>

#define MSG_HOLD	0x7001	/* the server keeps the request */
#define MSG_QUIT	0x7002	/* the server destroys its channel and exits */

#endif
