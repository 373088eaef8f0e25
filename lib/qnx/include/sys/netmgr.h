/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/netmgr.h> for Linux (libstplr QNX compatibility layer).
 *
 * stapler has no network manager (Qnet): only the local node exists.
 * ND_LOCAL_NODE is the one node descriptor ConnectAttach() accepts; the
 * netmgr_*() functions are not provided.
 */
#ifndef STPLR_QNX_SYS_NETMGR_H
#define STPLR_QNX_SYS_NETMGR_H

#include <stdint.h>

/* The node descriptor of the local node. */
#define ND_LOCAL_NODE	0

#endif /* STPLR_QNX_SYS_NETMGR_H */
