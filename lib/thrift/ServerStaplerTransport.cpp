// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ServerStaplerTransport: the listening side.  See
 * <stplr/thrift/ServerStaplerTransport.h> and docs/rpc.md.
 */
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <stplr/stplr.h>
#include <stplr/thrift/ServerStaplerTransport.h>

#include "wire.h"

using apache::thrift::TConfiguration;
using apache::thrift::transport::TTransport;
using apache::thrift::transport::TTransportException;

namespace stplr {
namespace thrift {

namespace {

[[noreturn]] void throw_errno(TTransportException::TTransportExceptionType type,
			      const std::string &what, int err)
{
	throw TTransportException(type, "stapler server transport: " + what + ": " +
				  std::strerror(-err));
}

} // namespace

ServerStaplerTransport::ServerStaplerTransport(const std::string &name, int device,
					       unsigned int mode, size_t rbuf_size)
	: name_(name), device_(device), mode_(mode), rbuf_size_(rbuf_size ? rbuf_size : 1)
{
}

ServerStaplerTransport::~ServerStaplerTransport()
{
	close();
}

bool ServerStaplerTransport::isOpen() const
{
	return fd_ >= 0;
}

void ServerStaplerTransport::listen()
{
	int err;

	if (fd_ >= 0)
		return;
	err = stplr_ctx_open(device_, &fd_);
	if (err) {
		fd_ = -1;
		throw_errno(TTransportException::NOT_OPEN,
			    "cannot open /dev/stplr-" + std::to_string(device_), err);
	}
	err = stplr_channel_create(fd_, STPLR_CHF_MODE, mode_, &chid_);
	if (!err)
		err = stplr_name_attach(fd_, chid_, name_.c_str());
	if (!err)	/* our own connection, for interrupt() pulses */
		err = stplr_connect(fd_, 0, chid_, 0, &self_coid_);
	if (err) {
		close();
		throw_errno(TTransportException::NOT_OPEN, "cannot listen on '" + name_ + "'", err);
	}
}

void ServerStaplerTransport::interrupt()
{
	std::lock_guard<std::mutex> guard(children_lock_);
	if (fd_ >= 0)
		stplr_msg_pulse(fd_, self_coid_, STPLR_PRIO_SELF, wire::PULSE_INTERRUPT, 0);
}

void ServerStaplerTransport::interruptChildren()
{
	std::lock_guard<std::mutex> guard(children_lock_);
	for (auto &w : children_)
		if (auto child = w.lock())
			child->interrupt();
}

void ServerStaplerTransport::close()
{
	std::lock_guard<std::mutex> guard(children_lock_);
	if (fd_ >= 0)
		stplr_ctx_close(fd_);	/* destroys the channel and its name */
	fd_ = -1;
}

/*
 * Make the channel of one connection, in a context of its own (so that
 * the number of connections is not bounded by max_channels of one
 * context), with a DISCONNECT pulse for when the client goes.
 */
static int connection_new(int device, unsigned int mode, int *fd, uint32_t *chid,
			  uint32_t *self_coid)
{
	int err = stplr_ctx_open(device, fd);

	if (err)
		return err;
	err = stplr_channel_create(*fd, STPLR_CHF_MODE | STPLR_CHF_DISCONNECT, mode, chid);
	if (!err)
		err = stplr_connect(*fd, 0, *chid, 0, self_coid);
	if (err)
		stplr_ctx_close(*fd);
	return err;
}

std::shared_ptr<TTransport> ServerStaplerTransport::acceptImpl()
{
	for (;;) {
		wire::connect_req req;
		struct stplr_msg_info info;
		struct stplr_pulse pulse;
		uint64_t rcvid = 0;
		int ret;

		if (fd_ < 0)
			throw TTransportException(TTransportException::INTERRUPTED,
						  "stapler server transport: closed");
		ret = stplr_msg_receive_any(fd_, chid_, &req, sizeof(req), 0,
					    STPLR_TIMEOUT_NONE, &rcvid, &info, &pulse);
		if (ret == -EINTR)
			continue;
		if (ret < 0)
			throw_errno(TTransportException::UNKNOWN, "accept", ret);
		if (ret == STPLR_RECEIVED_PULSE) {
			if (pulse.code == wire::PULSE_INTERRUPT)
				throw TTransportException(TTransportException::INTERRUPTED,
							  "stapler server transport: interrupted");
			continue;
		}
		if (rcvid == 0)
			continue;	/* one-way junk on the listening channel */
		if (info.srcmsglen != sizeof(req) || req.magic != wire::MAGIC ||
		    req.version != wire::VERSION || req.flags != 0) {
			stplr_msg_error(fd_, rcvid, EPROTO);
			continue;
		}

		int cfd;
		uint32_t cchid, cself;
		int err = connection_new(device_, mode_, &cfd, &cchid, &cself);
		if (err) {
			stplr_msg_error(fd_, rcvid, -err);
			/* TServerFramework goes on accepting after CLIENT_DISCONNECT. */
			throw_errno(TTransportException::CLIENT_DISCONNECT,
				    "cannot make a connection channel", err);
		}
		wire::connect_rep rep = { wire::MAGIC, wire::VERSION, 0, uint32_t(getpid()),
					  cchid, rbuf_size_ };
		err = stplr_msg_reply(fd_, rcvid, 0, &rep, sizeof(rep), nullptr);
		if (err) {	/* the client left meanwhile */
			stplr_ctx_close(cfd);
			continue;
		}
		auto conn = std::make_shared<StaplerConnection>(cfd, cchid, cself, info.scoid,
								rbuf_size_, config_,
								reply_with_receive_);
		std::lock_guard<std::mutex> guard(children_lock_);
		children_.erase(std::remove_if(children_.begin(), children_.end(),
					       [](const std::weak_ptr<StaplerConnection> &w) {
						       return w.expired();
					       }),
				children_.end());
		children_.push_back(conn);
		return conn;
	}
}

} // namespace thrift
} // namespace stplr
