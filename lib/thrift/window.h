// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The read side both stapler transports share (private to
 * libstplr-thrift): a received message (server) or reply (client) sits in
 * buf[0, len), and read()/borrow()/consume() hand it out from pos on.
 */
#ifndef STPLR_THRIFT_WINDOW_H
#define STPLR_THRIFT_WINDOW_H

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <thrift/transport/TTransportException.h>

namespace stplr {
namespace thrift {
namespace window {

/* Copy up to @n unread bytes to @dst; returns how many. */
inline uint32_t take(const std::vector<uint8_t> &buf, uint64_t len, uint64_t &pos,
		     uint8_t *dst, uint32_t n)
{
	uint64_t k = std::min<uint64_t>(len - pos, n);

	std::memcpy(dst, buf.data() + pos, k);
	pos += k;
	return uint32_t(k);
}

/* TTransport::borrow(): the unread bytes in place, if there are *@n. */
inline const uint8_t *borrow(const std::vector<uint8_t> &buf, uint64_t len, uint64_t pos,
			     uint32_t *n)
{
	if (len - pos < *n)
		return nullptr;
	*n = uint32_t(std::min<uint64_t>(len - pos, UINT32_MAX));
	return buf.data() + pos;
}

/* TTransport::consume(): skip @n borrowed bytes. */
inline void consume(uint64_t len, uint64_t &pos, uint32_t n, const char *who)
{
	if (len - pos < n)
		throw apache::thrift::transport::TTransportException(
			apache::thrift::transport::TTransportException::BAD_ARGS,
			std::string(who) + ": consume past the end of the message");
	pos += n;
}

} // namespace window
} // namespace thrift
} // namespace stplr

#endif
