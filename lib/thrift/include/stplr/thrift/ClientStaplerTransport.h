// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ClientStaplerTransport: the client end of a Thrift connection carried by
 * stapler messages (libstplr-thrift).
 *
 * DOC: ClientStaplerTransport
 *
 * Use it where a Thrift C++ client would use a TSocket, without a
 * TBufferedTransport or TFramedTransport on top (it buffers itself; a
 * buffered transport on top still works, it only adds a copy):
 *
 *   auto trans = std::make_shared<stplr::thrift::ClientStaplerTransport>("calc");
 *   auto proto = std::make_shared<TBinaryProtocol>(trans);
 *   calculatorClient client(proto);
 *   trans->open();
 *   client.add(1, 2);
 *
 * Mapping (docs/rpc.md has the wire format):
 *  - open() connects to the server's listening channel by its stapler name
 *    (stplr_name_open), asks it for a connection of its own (the server
 *    answers with a new channel) and connects to that channel;
 *  - write() appends to a buffer; flush() sends the whole buffer as one
 *    message.  A call (a request whose Thrift message type is CALL) is one
 *    stplr_msg_sendv() whose reply list receives the response, which
 *    read() then hands out; the response may be of any size (a reply
 *    larger than the reply buffer is fetched in further exchanges, nothing
 *    is ever truncated);
 *  - a oneway request (Thrift message type ONEWAY, recognised in the
 *    first bytes written for TBinaryProtocol and TCompactProtocol) is sent
 *    with stplr_msg_send_oneway(): flush() returns as soon as a server
 *    thread has taken the message and never waits for a reply.  A oneway
 *    request larger than the server's receive buffer is sent with an empty
 *    reply list instead, which the server answers as soon as it has read
 *    it, before it runs the handler.  With other protocols a oneway call
 *    is sent as a call: it waits for the handler to finish, but never
 *    deadlocks (the server answers every unanswered message).
 *
 * Errors are TTransportExceptions: NOT_OPEN (no such server name, no
 * device, the server refused the connection), END_OF_FILE (the server
 * exited, was killed or closed the connection, including in the middle of
 * a call), TIMED_OUT (setTimeout()), INTERRUPTED (a signal interrupted the
 * exchange), CORRUPTED_DATA (a reply that breaks the wire format) and
 * UNKNOWN for other stapler errors (the message says which errno).
 *
 * Lifetime and threads: like a TSocket, one transport serves one thread
 * at a time.  It owns one stapler context (an open /dev/stplr-N) from
 * open() to close() or destruction; a forked child must open its own.
 */
#ifndef STPLR_THRIFT_CLIENTSTAPLERTRANSPORT_H
#define STPLR_THRIFT_CLIENTSTAPLERTRANSPORT_H

#include <cstdint>
#include <string>
#include <vector>

#include <thrift/transport/TVirtualTransport.h>

namespace stplr {
namespace thrift {

class ClientStaplerTransport
	: public apache::thrift::transport::TVirtualTransport<ClientStaplerTransport> {
public:
	/**
	 * @name:   the stapler name the server listens on
	 * @device: N in /dev/stplr-N
	 * @config: Thrift's limits (getMaxMessageSize() bounds replies)
	 */
	explicit ClientStaplerTransport(
		const std::string &name, int device = 0,
		std::shared_ptr<apache::thrift::TConfiguration> config = nullptr);
	~ClientStaplerTransport() override;

	ClientStaplerTransport(const ClientStaplerTransport &) = delete;
	ClientStaplerTransport &operator=(const ClientStaplerTransport &) = delete;

	bool isOpen() const override;
	/* True while a reply has unread bytes. */
	bool peek() override;
	void open() override;
	void close() override;

	uint32_t read(uint8_t *buf, uint32_t len);
	void write(const uint8_t *buf, uint32_t len);
	const uint8_t *borrow(uint8_t *buf, uint32_t *len);
	void consume(uint32_t len);
	void flush() override;
	const std::string getOrigin() const override;

	/*
	 * Longest time one exchange (send plus reply) may take, in
	 * milliseconds; 0 (the default) waits as long as it takes.  A call
	 * that times out fails with TIMED_OUT and the connection is closed
	 * (its reply can no longer be matched to it).
	 */
	void setTimeout(int ms);

private:
	void exchange(bool oneway);
	void fail(int err, const char *what);

	std::string name_;
	int device_;
	int fd_ = -1;
	uint32_t coid_ = 0;
	uint64_t max_oneway_ = 0;
	int64_t timeout_ns_ = -1;
	std::vector<uint8_t> wbuf_;	// request being written
	std::vector<uint8_t> rbuf_;	// reply buffer, kept between calls
	uint64_t rlen_ = 0;		// bytes of the last reply in rbuf_
	uint64_t rpos_ = 0;		// next byte read() hands out
};

} // namespace thrift
} // namespace stplr

#endif // STPLR_THRIFT_CLIENTSTAPLERTRANSPORT_H
