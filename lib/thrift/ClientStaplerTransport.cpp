// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ClientStaplerTransport: see <stplr/thrift/ClientStaplerTransport.h> and
 * docs/rpc.md.
 */
#include <cerrno>
#include <cstring>

#include <stplr/stplr.h>
#include <stplr/thrift/ClientStaplerTransport.h>

#include "window.h"
#include "wire.h"

using apache::thrift::TConfiguration;
using apache::thrift::transport::TTransportException;

namespace stplr {
namespace thrift {

namespace {

/* The reply buffer every call offers; larger replies grow it. */
constexpr size_t REPLY_BUF_INITIAL = 64 * 1024;

/* Thrift's message types as the two binary encodings put them on the wire. */
constexpr uint8_t T_ONEWAY = 4;

/*
 * Is the buffered request a oneway call?  TBinaryProtocol (strict, the
 * default) starts with 0x80 0x01 0x00 <type>; TCompactProtocol with 0x82
 * then (<type> << 5 | version).  Anything else is treated as a call,
 * which is always safe (see the header).
 */
bool is_oneway(const std::vector<uint8_t> &msg)
{
	if (msg.size() >= 4 && msg[0] == 0x80 && msg[1] == 0x01)
		return msg[3] == T_ONEWAY;
	if (msg.size() >= 2 && msg[0] == 0x82)
		return (msg[1] >> 5) == T_ONEWAY;
	return false;
}

TTransportException::TTransportExceptionType error_type(int err)
{
	switch (err) {
	case -ESRCH:		/* channel destroyed: server closed or died */
	case -ENOENT:		/* connection gone */
	case -EPIPE:
		return TTransportException::END_OF_FILE;
	case -ETIMEDOUT:
		return TTransportException::TIMED_OUT;
	case -EINTR:
		return TTransportException::INTERRUPTED;
	default:
		return TTransportException::UNKNOWN;
	}
}

} // namespace

ClientStaplerTransport::ClientStaplerTransport(const std::string &name, int device,
					       std::shared_ptr<TConfiguration> config)
	: TVirtualTransport(config), name_(name), device_(device)
{
}

ClientStaplerTransport::~ClientStaplerTransport()
{
	if (fd_ >= 0)
		stplr_ctx_close(fd_);
}

bool ClientStaplerTransport::isOpen() const
{
	return fd_ >= 0;
}

bool ClientStaplerTransport::peek()
{
	return isOpen() && rpos_ < rlen_;
}

void ClientStaplerTransport::setTimeout(int ms)
{
	timeout_ns_ = ms > 0 ? int64_t(ms) * 1000000 : STPLR_TIMEOUT_NONE;
}

/* Close the connection and throw the exception that describes @err. */
void ClientStaplerTransport::fail(int err, const char *what)
{
	close();
	throw TTransportException(error_type(err),
				  std::string("stapler transport '") + name_ + "': " +
				  what + ": " + std::strerror(-err));
}

void ClientStaplerTransport::open()
{
	if (isOpen())
		return;
	int fd, err;
	uint32_t lcoid;

	err = stplr_ctx_open(device_, &fd);
	if (err)
		throw TTransportException(TTransportException::NOT_OPEN,
					  "stapler transport: cannot open /dev/stplr-" +
					  std::to_string(device_) + ": " + std::strerror(-err));
	fd_ = fd;
	err = stplr_name_open(fd_, name_.c_str(), 0, &lcoid);
	if (err) {
		close();
		throw TTransportException(TTransportException::NOT_OPEN,
					  "stapler transport: no server listens on '" + name_ +
					  "': " + std::strerror(-err));
	}

	wire::connect_req req = { wire::MAGIC, wire::VERSION, 0 };
	wire::connect_rep rep;
	struct stplr_send_result res;
	std::memset(&rep, 0, sizeof(rep));
	err = stplr_msg_send(fd_, lcoid, &req, sizeof(req), &rep, sizeof(rep),
			     timeout_ns_, &res);
	stplr_disconnect(fd_, lcoid);
	if (err) {
		close();
		throw TTransportException(TTransportException::NOT_OPEN,
					  "stapler transport: server '" + name_ +
					  "' refused the connection: " + std::strerror(-err));
	}
	if (res.len != sizeof(rep) || rep.magic != wire::MAGIC || rep.version != wire::VERSION) {
		close();
		throw TTransportException(TTransportException::NOT_OPEN,
					  "stapler transport: '" + name_ +
					  "' is not a Thrift stapler server");
	}
	err = stplr_connect(fd_, pid_t(rep.pid), rep.chid, 0, &coid_);
	if (err)
		fail(err, "connecting to the connection channel");
	/* The greeting: tells the server this context really is connected. */
	err = stplr_msg_send(fd_, coid_, nullptr, 0, nullptr, 0, timeout_ns_, nullptr);
	if (err)
		fail(err, "greeting");
	max_oneway_ = rep.max_oneway;
	rbuf_.resize(REPLY_BUF_INITIAL);
	rlen_ = rpos_ = 0;
}

void ClientStaplerTransport::close()
{
	if (fd_ >= 0)
		stplr_ctx_close(fd_);
	fd_ = -1;
	coid_ = 0;
	wbuf_.clear();
	rlen_ = rpos_ = 0;
}

void ClientStaplerTransport::write(const uint8_t *buf, uint32_t len)
{
	wbuf_.insert(wbuf_.end(), buf, buf + len);
}

void ClientStaplerTransport::flush()
{
	if (wbuf_.empty())
		return;
	if (!isOpen())
		throw TTransportException(TTransportException::NOT_OPEN,
					  "stapler transport: flush on a closed transport");
	exchange(is_oneway(wbuf_));
}

/*
 * Send the buffered request.  A oneway request leaves no reply; a call
 * leaves the whole response in rbuf_[0, rlen_).
 */
void ClientStaplerTransport::exchange(bool oneway)
{
	struct stplr_iov siov, riov;
	struct stplr_send_result res;
	int err;

	stplr_iov_set(&siov, wbuf_.data(), wbuf_.size());
	rlen_ = rpos_ = 0;
	if (oneway) {
		if (wbuf_.size() <= max_oneway_) {
			/*
			 * Queued without waiting for a server thread, as a
			 * socket would; a full queue (or a module without
			 * STPLR_FEAT_SEND_ASYNC) waits for one instead.
			 */
			err = stplr_msg_send_asyncv(fd_, coid_, &siov, 1,
						    timeout_ns_);
			if (err == -EAGAIN || err == -ENOTTY || err == -EINVAL)
				err = stplr_msg_send_onewayv(fd_, coid_, &siov,
							     1, timeout_ns_);
		} else	/* too big for the server's buffer: it answers once read */
			err = stplr_msg_sendv(fd_, coid_, &siov, 1, nullptr, 0,
					      timeout_ns_, nullptr);
		wbuf_.clear();
		if (err)
			fail(err, "oneway send");
		return;
	}

	stplr_iov_set(&riov, rbuf_.data(), rbuf_.size());
	err = stplr_msg_sendv(fd_, coid_, &siov, 1, &riov, 1, timeout_ns_, &res);
	wbuf_.clear();
	if (err)
		fail(err, "call");
	if (res.status < 0 || uint64_t(res.status) < res.len)
		fail(-EPROTO, "malformed reply");
	uint64_t total = uint64_t(res.status), got = res.len;
	if (total > got) {
		/* The rest of a large response: fetch it with empty messages. */
		if (total > uint64_t(getMaxMessageSize()))
			fail(-EMSGSIZE, "reply larger than the configured maximum message size");
		rbuf_.resize(total);
		while (got < total) {
			stplr_iov_set(&riov, rbuf_.data() + got, total - got);
			err = stplr_msg_sendv(fd_, coid_, nullptr, 0, &riov, 1,
					      timeout_ns_, &res);
			if (err)
				fail(err, "fetching the rest of a reply");
			if (res.len == 0)
				fail(-EPROTO, "server stopped sending a reply");
			got += res.len;
		}
	}
	rlen_ = total;
}

uint32_t ClientStaplerTransport::read(uint8_t *buf, uint32_t len)
{
	if (rpos_ == rlen_ && !wbuf_.empty())
		flush();	/* a read before flush: the caller wants the reply */
	if (rpos_ == rlen_)
		throw TTransportException(TTransportException::END_OF_FILE,
					  "stapler transport: no reply data to read");
	uint32_t n = window::take(rbuf_, rlen_, rpos_, buf, len);
	if (rpos_ == rlen_ && rbuf_.size() > 4 * REPLY_BUF_INITIAL) {
		/* Do not keep a huge buffer for one large reply. */
		rbuf_.resize(REPLY_BUF_INITIAL);
		rbuf_.shrink_to_fit();
	}
	return n;
}

const uint8_t *ClientStaplerTransport::borrow(uint8_t *, uint32_t *len)
{
	return window::borrow(rbuf_, rlen_, rpos_, len);
}

void ClientStaplerTransport::consume(uint32_t len)
{
	window::consume(rlen_, rpos_, len, "stapler transport");
}

const std::string ClientStaplerTransport::getOrigin() const
{
	return "stapler:" + name_;
}

} // namespace thrift
} // namespace stplr
