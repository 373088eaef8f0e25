// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * StaplerConnection: one accepted connection of a ServerStaplerTransport.
 * See <stplr/thrift/ServerStaplerTransport.h> and docs/rpc.md.
 */
#include <atomic>
#include <cerrno>
#include <cstring>

#include <stplr/stplr.h>
#include <stplr/thrift/ServerStaplerTransport.h>

#include "window.h"
#include "wire.h"

using apache::thrift::TConfiguration;
using apache::thrift::transport::TTransportException;

namespace stplr {
namespace thrift {

namespace {

/* How long a new connection waits for its client's greeting. */
constexpr int64_t GREETING_TIMEOUT_NS = 10LL * 1000 * 1000 * 1000;

/* 1: the module has STPLR_MSG_REPLY_RECEIVE; -1: it has not; 0: not asked. */
std::atomic<int> reply_receive_state{0};

bool reply_receive_supported(int fd)
{
	int st = reply_receive_state.load(std::memory_order_relaxed);
	struct stplr_query q;

	if (!st) {
		st = stplr_query(fd, &q) == 0 && (q.features & STPLR_FEAT_REPLY_RECEIVE) ? 1 : -1;
		reply_receive_state.store(st, std::memory_order_relaxed);
	}
	return st > 0;
}

/* A reply that failed, as the processor's flush() reports it. */
void reply_failed(int err)
{
	if (err == -ESRCH)	/* the client left mid-call */
		return;
	throw TTransportException(TTransportException::UNKNOWN,
				  std::string("stapler connection: reply: ") + std::strerror(-err));
}

} // namespace

StaplerConnection::StaplerConnection(int fd, uint32_t chid, uint32_t self_coid,
				     uint32_t client_scoid, size_t rbuf_size,
				     std::shared_ptr<TConfiguration> config,
				     bool reply_with_receive)
	: TVirtualTransport(config), fd_(fd), chid_(chid), self_coid_(self_coid),
	  client_scoid_(client_scoid), rbuf_(rbuf_size), rbuf_initial_(rbuf_size),
	  reply_with_receive_(reply_with_receive)
{
}

StaplerConnection::~StaplerConnection()
{
	close();
}

bool StaplerConnection::isOpen() const
{
	return open_;
}

void StaplerConnection::close()
{
	if (kept_rcvid_) {
		try {
			send_kept_reply();
		} catch (const TTransportException &) {
			/* closing anyway: the client gets ESRCH below */
		}
	}
	std::lock_guard<std::mutex> guard(lock_);
	open_ = false;
	/*
	 * Destroys the channel: a client still waiting for a reply (the
	 * processor failed) gets ESRCH, i.e. END_OF_FILE, at once.
	 */
	if (fd_ >= 0)
		stplr_ctx_close(fd_);
	fd_ = -1;
}

void StaplerConnection::interrupt()
{
	std::lock_guard<std::mutex> guard(lock_);
	if (fd_ >= 0)
		stplr_msg_pulse(fd_, self_coid_, STPLR_PRIO_SELF, wire::PULSE_INTERRUPT, 0);
}

bool StaplerConnection::peek()
{
	if (rpos_ < rlen_)
		return true;
	return open_ && next_request();
}

/* Answer the current request if the processor did not (oneway as a call). */
void StaplerConnection::answer_pending()
{
	if (rcvid_) {
		stplr_msg_reply(fd_, rcvid_, 0, nullptr, 0, nullptr);
		rcvid_ = 0;
	}
}

/* Deliver the next part of a response the client's reply list could not hold. */
void StaplerConnection::send_reply_part(uint64_t rcvid)
{
	struct stplr_iov iov;
	uint64_t copied = 0;

	stplr_iov_set(&iov, wbuf_.data() + reply_sent_, wbuf_.size() - reply_sent_);
	int err = stplr_msg_replyv(fd_, rcvid, int64_t(wbuf_.size()), &iov, 1, &copied);
	reply_sent_ += copied;
	if (err || copied == 0 || reply_sent_ >= wbuf_.size()) {
		reply_pending_ = false;
		wbuf_.clear();
	}
}

/*
 * Wait for the next message into @iov, sending a response flush() kept
 * in the same call.  Returns what stplr_msg_receive_anyv() returns.  A
 * failed reply is reported as flush() reports it (ESRCH: the client left,
 * ignored) and costs no message: nothing was received then, and the
 * receive follows on its own.
 */
int StaplerConnection::receive(struct stplr_iov *iov, int64_t timeout_ns, uint64_t *rcvid,
			       struct stplr_msg_info *info, struct stplr_pulse *pulse)
{
	uint64_t reply = kept_rcvid_;
	struct stplr_iov wiov;
	uint32_t failed = 0;
	auto receive_only = [&] {
		return stplr_msg_receive_anyv(fd_, chid_, iov, 1, 0, timeout_ns, rcvid, info,
					      pulse);
	};

	if (!reply)
		return receive_only();
	kept_rcvid_ = 0;
	stplr_iov_set(&wiov, wbuf_.data(), wbuf_.size());
	int ret = stplr_msg_reply_receivev(fd_, reply, 0, int64_t(wbuf_.size()), &wiov, 1,
					   chid_, iov, 1, timeout_ns, rcvid, info, pulse,
					   &failed);
	if (ret < 0 && !failed && (ret == -ENOTTY || ret == -EINVAL)) {
		/* A module without the call: nothing happened. */
		reply_receive_state.store(-1, std::memory_order_relaxed);
		kept_rcvid_ = reply;
		send_kept_reply();
		return receive_only();
	}
	if (failed == STPLR_RR_FAILED_RECEIVE &&
	    (ret == -ENOENT || ret == -EINVAL || ret == -E2BIG)) {
		/* The receive half was refused before the reply ran. */
		kept_rcvid_ = reply;
		send_kept_reply();
		return ret;
	}
	/* The reply is done (it fits the client's list) or failed: drop it. */
	wbuf_.clear();
	if (ret < 0 && failed != STPLR_RR_FAILED_RECEIVE) {
		reply_failed(ret);
		return receive_only();
	}
	return ret;
}

/*
 * Receive the next request into rbuf_, answering fetches, greetings and
 * pulses on the way.  Returns false when the client has gone.
 */
bool StaplerConnection::next_request()
{
	answer_pending();
	if (rbuf_.size() > 4 * rbuf_initial_) {
		rbuf_.resize(rbuf_initial_);
		rbuf_.shrink_to_fit();
	}
	rlen_ = rpos_ = 0;
	for (;;) {
		struct stplr_iov iov;
		struct stplr_msg_info info;
		struct stplr_pulse pulse;
		uint64_t rcvid = 0;

		if (!open_)
			return false;
		stplr_iov_set(&iov, rbuf_.data(), rbuf_.size());
		int ret = receive(&iov, greeted_ ? STPLR_TIMEOUT_NONE : GREETING_TIMEOUT_NS,
				  &rcvid, &info, &pulse);
		if (ret == -EINTR)
			continue;
		if (ret == -ETIMEDOUT || ret == -ESRCH)
			return false;	/* no greeting, or the channel is gone */
		if (ret < 0)
			throw TTransportException(TTransportException::UNKNOWN,
						  std::string("stapler connection: receive: ") +
						  std::strerror(-ret));
		if (ret == STPLR_RECEIVED_PULSE) {
			if (pulse.code == STPLR_PULSE_DISCONNECT && pulse.scoid == client_scoid_) {
				open_ = false;
				return false;
			}
			if (pulse.code == wire::PULSE_INTERRUPT)
				throw TTransportException(TTransportException::INTERRUPTED,
							  "stapler connection: interrupted");
			continue;
		}
		if (info.scoid != client_scoid_) {
			/* Somebody else found our channel: not their connection. */
			if (rcvid)
				stplr_msg_error(fd_, rcvid, EPERM);
			continue;
		}
		if (!greeted_ || info.srcmsglen == 0) {
			/* Greeting, fetch, or an empty flush. */
			greeted_ = true;
			if (reply_pending_ && rcvid)
				send_reply_part(rcvid);
			else if (rcvid)
				stplr_msg_reply(fd_, rcvid, 0, nullptr, 0, nullptr);
			continue;
		}
		/* A new request: a response the client gave up on is dropped. */
		reply_pending_ = false;
		wbuf_.clear();
		rlen_ = info.msglen;
		if (info.srcmsglen > info.msglen) {
			if (info.srcmsglen > uint64_t(getMaxMessageSize()) || rcvid == 0) {
				/* Too large, or a truncated one-way message (not ours). */
				if (rcvid)
					stplr_msg_error(fd_, rcvid, EMSGSIZE);
				continue;
			}
			rbuf_.resize(info.srcmsglen);
			uint64_t got = 0;
			int err = stplr_msg_read(fd_, rcvid, info.msglen,
						 rbuf_.data() + info.msglen,
						 info.srcmsglen - info.msglen, &got);
			if (err == -ESRCH)
				continue;	/* the client left; its DISCONNECT follows */
			if (err)
				throw TTransportException(TTransportException::UNKNOWN,
							  std::string("stapler connection: read: ") +
							  std::strerror(-err));
			rlen_ += got;
		}
		client_pid_ = info.pid;
		if (rcvid && info.dstmsglen == 0) {
			/* A one-way request sent as a call: release the client now. */
			stplr_msg_reply(fd_, rcvid, 0, nullptr, 0, nullptr);
			rcvid = 0;
		}
		rcvid_ = rcvid;
		reply_room_ = info.dstmsglen;
		return true;
	}
}

uint32_t StaplerConnection::read(uint8_t *buf, uint32_t len)
{
	if (rpos_ == rlen_ && !next_request())
		throw TTransportException(TTransportException::END_OF_FILE,
					  "stapler connection: client closed");
	return window::take(rbuf_, rlen_, rpos_, buf, len);
}

const uint8_t *StaplerConnection::borrow(uint8_t *, uint32_t *len)
{
	return window::borrow(rbuf_, rlen_, rpos_, len);
}

void StaplerConnection::consume(uint32_t len)
{
	window::consume(rlen_, rpos_, len, "stapler connection");
}

void StaplerConnection::write(const uint8_t *buf, uint32_t len)
{
	if (kept_rcvid_)
		send_kept_reply();	/* wbuf_ is that response */
	wbuf_.insert(wbuf_.end(), buf, buf + len);
}

void StaplerConnection::flush()
{
	if (kept_rcvid_)
		send_kept_reply();
	if (!rcvid_) {
		/* Nobody waits (oneway): whatever was written has no receiver. */
		wbuf_.clear();
		return;
	}
	uint64_t rcvid = rcvid_;

	rcvid_ = 0;
	if (reply_with_receive_ && wbuf_.size() <= reply_room_ &&
	    reply_receive_supported(fd_)) {
		kept_rcvid_ = rcvid;	/* sent by the next receive() */
		return;
	}
	send_reply(rcvid);
}

/* Send the response flush() kept, now. */
void StaplerConnection::send_kept_reply()
{
	uint64_t rcvid = kept_rcvid_;

	kept_rcvid_ = 0;
	send_reply(rcvid);
}

/* Reply to @rcvid with wbuf_, keeping what the client's list cannot take. */
void StaplerConnection::send_reply(uint64_t rcvid)
{
	struct stplr_iov iov;
	uint64_t copied = 0;

	stplr_iov_set(&iov, wbuf_.data(), wbuf_.size());
	int err = stplr_msg_replyv(fd_, rcvid, int64_t(wbuf_.size()), &iov, 1, &copied);
	if (err) {
		wbuf_.clear();
		reply_failed(err);
		return;
	}
	if (copied < wbuf_.size()) {
		reply_pending_ = true;	/* the client fetches the rest */
		reply_sent_ = copied;
	} else {
		wbuf_.clear();
	}
}

const std::string StaplerConnection::getOrigin() const
{
	return "stapler:pid " + std::to_string(client_pid_);
}

} // namespace thrift
} // namespace stplr
