// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The wire format shared by ClientStaplerTransport and ServerStaplerTransport
 * (private to libstplr-thrift; docs/rpc.md describes it for other
 * implementations).
 *
 * Listening channel: a client sends one struct wire_connect_req and
 * receives one struct wire_connect_rep naming the connection's channel
 * (pid, chid); it then connects there and sends one empty message (the
 * greeting) so that the server knows which client context owns the
 * connection.  Connection channel: each message is exactly the bytes
 * Thrift wrote between two flushes, no header.  A message with a reply
 * list is a call, answered with status = the full response length; a
 * message without one (one-way send, or a send with an empty reply list)
 * gets no data back.  An empty message is a fetch: the server answers with
 * the next part of a response that did not fit the client's reply list,
 * or with nothing when no response is pending.
 */
#ifndef STPLR_THRIFT_WIRE_H
#define STPLR_THRIFT_WIRE_H

#include <cstdint>

namespace stplr {
namespace thrift {
namespace wire {

constexpr uint32_t MAGIC = 0x53545448;	/* "STTH" */
constexpr uint16_t VERSION = 1;

/* User pulse code that wakes a blocked accept() or connection. */
constexpr int32_t PULSE_INTERRUPT = 1;

struct connect_req {
	uint32_t magic;
	uint16_t version;
	uint16_t flags;		/* 0 */
};

struct connect_rep {
	uint32_t magic;
	uint16_t version;
	uint16_t flags;		/* 0 */
	uint32_t pid;		/* server process, in the server's pid namespace */
	uint32_t chid;		/* the connection's channel */
	uint64_t max_oneway;	/* largest one-way message sent without a reply list */
};

} // namespace wire
} // namespace thrift
} // namespace stplr

#endif
