// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ServerStaplerTransport: the server end of Thrift connections carried by
 * stapler messages (libstplr-thrift).
 *
 * DOC: ServerStaplerTransport
 *
 * Use it where a Thrift C++ server would use a TServerSocket, with any
 * server that takes a TServerTransport (TThreadedServer,
 * TThreadPoolServer, TSimpleServer) and the plain TTransportFactory:
 *
 *   auto st = std::make_shared<stplr::thrift::ServerStaplerTransport>("calc");
 *   TThreadedServer server(processor, st,
 *                          std::make_shared<TTransportFactory>(),
 *                          std::make_shared<TBinaryProtocolFactory>());
 *   server.serve();
 *
 * listen() opens a stapler context, creates the listening channel and
 * publishes it under @name (stplr_name_attach).  accept() waits on that
 * channel for a client's connection request, answers it with a channel of
 * the connection's own (in a context of its own, like an accepted socket)
 * and returns a StaplerConnection for it, so each client is served by the
 * thread the Thrift server gives that connection, and clients never wait
 * for each other.
 *
 * A StaplerConnection receives one request message at a time straight
 * into its buffer (stplr_msg_read() fetches the rest of a request larger
 * than the buffer: no size limit but Thrift's getMaxMessageSize()); the
 * processor reads it, writes its response, and flush() sends it.  The
 * response goes out with the receive of the next request, in one system
 * call (stplr_msg_reply_receivev(), when the module has it): a Thrift
 * server's loop reads the next request right after its processor
 * flushed, so a call costs the server one system call.  flush() replies
 * at once (stplr_msg_replyv()) when the response is larger than the
 * client's reply list (the client fetches the rest), and after
 * setReplyWithReceive(false); close() and write() send a kept response
 * first.  A request the processor does not answer (a oneway call sent as
 * a call) is answered empty before the next one is taken.
 * When the client closes or dies the channel's DISCONNECT pulse ends the
 * connection (END_OF_FILE, which Thrift servers treat as a normal end);
 * messages from any other client on a connection's channel are refused
 * with EPERM.
 *
 * interrupt() and interruptChildren() (TServer::stop()) wake a blocked
 * accept() or connection with a pulse; they fail with INTERRUPTED.
 *
 * Lifetime and threads: the server transport and each connection own one
 * stapler context each; destroying (or closing) them destroys their
 * channels, and clients blocked on those channels fail with ESRCH at once
 * (the client transport throws END_OF_FILE).  accept() is called by one
 * thread; each connection is used by one thread at a time; interrupt*()
 * may be called from any thread.
 */
#ifndef STPLR_THRIFT_SERVERSTAPLERTRANSPORT_H
#define STPLR_THRIFT_SERVERSTAPLERTRANSPORT_H

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <thrift/transport/TServerTransport.h>
#include <thrift/transport/TVirtualTransport.h>

struct stplr_iov;
struct stplr_msg_info;
struct stplr_pulse;

namespace stplr {
namespace thrift {

/* One accepted connection: what ServerStaplerTransport::accept() returns. */
class StaplerConnection
	: public apache::thrift::transport::TVirtualTransport<StaplerConnection> {
public:
	/*
	 * Used by ServerStaplerTransport: takes ownership of @fd.
	 * @reply_with_receive: see ServerStaplerTransport::setReplyWithReceive().
	 */
	StaplerConnection(int fd, uint32_t chid, uint32_t self_coid,
			  uint32_t client_scoid, size_t rbuf_size,
			  std::shared_ptr<apache::thrift::TConfiguration> config,
			  bool reply_with_receive = true);
	~StaplerConnection() override;

	StaplerConnection(const StaplerConnection &) = delete;
	StaplerConnection &operator=(const StaplerConnection &) = delete;

	bool isOpen() const override;
	/* Waits for the next request; false once the client has gone. */
	bool peek() override;
	void open() override {}
	void close() override;

	uint32_t read(uint8_t *buf, uint32_t len);
	void write(const uint8_t *buf, uint32_t len);
	const uint8_t *borrow(uint8_t *buf, uint32_t *len);
	void consume(uint32_t len);
	void flush() override;
	const std::string getOrigin() const override;

	/* Wake a thread blocked in this connection (INTERRUPTED). */
	void interrupt();

private:
	bool next_request();
	int receive(struct stplr_iov *iov, int64_t timeout_ns, uint64_t *rcvid,
		    struct stplr_msg_info *info, struct stplr_pulse *pulse);
	void answer_pending();
	void send_reply(uint64_t rcvid);
	void send_kept_reply();
	void send_reply_part(uint64_t rcvid);

	int fd_;
	uint32_t chid_;
	uint32_t self_coid_;
	uint32_t client_scoid_;
	uint32_t client_pid_ = 0;
	std::mutex lock_;		// fd_ against close() vs interrupt()
	std::atomic<bool> open_{true};
	bool greeted_ = false;
	std::vector<uint8_t> rbuf_;	// current request
	size_t rbuf_initial_;
	uint64_t rlen_ = 0;
	uint64_t rpos_ = 0;
	uint64_t rcvid_ = 0;		// request awaiting its reply, or 0
	uint64_t reply_room_ = 0;	// its reply list's length
	uint64_t kept_rcvid_ = 0;	// flushed: wbuf_ goes with the next receive
	bool reply_with_receive_;
	std::vector<uint8_t> wbuf_;	// response being written
	uint64_t reply_sent_ = 0;	// bytes of wbuf_ the client already has
	bool reply_pending_ = false;	// wbuf_ not fully delivered yet
};

class ServerStaplerTransport : public apache::thrift::transport::TServerTransport {
public:
	/**
	 * @name:      the stapler name to listen on (1 to STPLR_NAME_MAX - 1
	 *             bytes, see stplr_name_attach())
	 * @device:    N in /dev/stplr-N
	 * @mode:      who may connect: permission bits, only the write bits
	 *             count (0600: the server's effective uid only; 0666:
	 *             everybody)
	 * @rbuf_size: each connection's initial receive buffer; requests up
	 *             to this size take one copy and one system call, larger
	 *             ones one more per remainder
	 */
	explicit ServerStaplerTransport(const std::string &name, int device = 0,
					unsigned int mode = 0600,
					size_t rbuf_size = 64 * 1024);
	~ServerStaplerTransport() override;

	bool isOpen() const override;
	void listen() override;
	void interrupt() override;
	void interruptChildren() override;
	void close() override;

	void setConfiguration(std::shared_ptr<apache::thrift::TConfiguration> c)
	{
		config_ = std::move(c);
	}

	/*
	 * Whether connections accepted from now on send a flushed response
	 * with the receive of the next request (the default) or at once.
	 * Turn it off when something between a processor's flush and the
	 * connection's next read may wait for the client, e.g. a
	 * TServerEventHandler whose processContext() blocks.
	 */
	void setReplyWithReceive(bool on) { reply_with_receive_ = on; }

protected:
	std::shared_ptr<apache::thrift::transport::TTransport> acceptImpl() override;

private:
	std::string name_;
	int device_;
	unsigned int mode_;
	size_t rbuf_size_;
	int fd_ = -1;
	uint32_t chid_ = 0;
	uint32_t self_coid_ = 0;
	std::shared_ptr<apache::thrift::TConfiguration> config_;
	bool reply_with_receive_ = true;
	std::mutex children_lock_;
	std::vector<std::weak_ptr<StaplerConnection>> children_;
};

} // namespace thrift
} // namespace stplr

#endif // STPLR_THRIFT_SERVERSTAPLERTRANSPORT_H
