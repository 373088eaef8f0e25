// SPDX-License-Identifier: GPL-2.0
/*
 * transport-test: the stapler Thrift transports' own cases, in one
 * process (servers on threads), TAP on stdout.  Needs /dev/stplr-0.
 *
 *  - open() of a name nobody listens on: NOT_OPEN;
 *  - TCompactProtocol: a 4 MiB echo; a oneway call returns before its
 *    (slow) handler ran, as with TBinaryProtocol;
 *  - TJSONProtocol (oneway not recognised): the oneway call waits for the
 *    handler but does not deadlock;
 *  - setTimeout(): a call slower than the timeout fails with TIMED_OUT
 *    and closes the transport;
 *  - clients that close, and a forked client that exits without closing:
 *    the server's connections all end (DISCONNECT pulse);
 *  - TThreadPoolServer with 2 threads serves 2 clients at once;
 *  - TServer::stop() with idle clients connected: serve() returns, and the
 *    clients' next call fails with a TTransportException;
 *  - raw stapler clients (the wire format of docs/rpc.md): a malformed
 *    connect request is refused with EPROTO, and a message from another
 *    client context on somebody's connection channel with EPERM;
 *  - a response goes out with the receive of the next request: with a
 *    TServerEventHandler whose processContext() lingers 1 s, a call
 *    returns only then; with setReplyWithReceive(false) at once; a
 *    client killed while its response is kept ends its connection, and
 *    the server serves on.
 *
 * transport-test --no-reply-receive: the same, with the module's
 * STPLR_MSG_REPLY_RECEIVE refused (seccomp), as on an older module.
 * transport-test [--no-reply-receive] --count N: only N small calls of
 * one client (for tests/lib/loop-syscalls.sh).
 */
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

#include <thrift/concurrency/ThreadFactory.h>
#include <thrift/concurrency/ThreadManager.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/protocol/TJSONProtocol.h>
#include <thrift/server/TThreadPoolServer.h>
#include <thrift/server/TThreadedServer.h>

#include <stplr/stplr.h>
#include <stplr/thrift/ClientStaplerTransport.h>
#include <stplr/thrift/ServerStaplerTransport.h>

#include "common.h"
#include "ping.h"
#include "version.h"
#include "../../lib/no-reply-receive.h"

using namespace apache::thrift;
using namespace apache::thrift::protocol;
using namespace apache::thrift::server;
using namespace apache::thrift::transport;
using stplr::thrift::ClientStaplerTransport;
using stplr::thrift::ServerStaplerTransport;
using examples::check;
using clk = std::chrono::steady_clock;

namespace {

/* ping() echoes (text "sleep": sleeps id ms first); hello("slow") sleeps 500 ms. */
class handler : public example::pingIf {
public:
	void name(std::string &ret) override { ret = "ping"; }
	void version(example::version_struct &ret) override { examples::fill_version(ret); }
	void ping(example::test_struct &ret, const example::test_struct &arg) override
	{
		if (arg.text == "sleep")
			std::this_thread::sleep_for(std::chrono::milliseconds(arg.id));
		if (arg.text == "linger")
			linger = true;
		ret = arg;
	}
	void hello(const std::string &text) override
	{
		if (text == "slow")
			std::this_thread::sleep_for(std::chrono::milliseconds(500));
		hellos++;
	}
	std::atomic<int> hellos{0};
	std::atomic<bool> linger{false};	/* the next processContext() waits 1 s */
	std::atomic<int> lingered{0};		/* how often it did */
};

/* Between a call's flush and the next read: waits after a "linger" ping. */
class lingering_events : public TServerEventHandler {
public:
	explicit lingering_events(std::shared_ptr<handler> h) : h_(std::move(h)) {}
	void processContext(void *, std::shared_ptr<TTransport>) override
	{
		if (h_->linger.exchange(false)) {
			h_->lingered++;
			std::this_thread::sleep_for(std::chrono::milliseconds(1000));
		}
	}

private:
	std::shared_ptr<handler> h_;
};

/* A server on its own thread; stop() and join in the destructor. */
struct test_server {
	test_server(const std::string &name, std::shared_ptr<TProtocolFactory> pf, int pool = 0,
		    bool reply_with_receive = true, bool lingering = false)
		: h(std::make_shared<handler>())
	{
		auto st = std::make_shared<ServerStaplerTransport>(name);
		st->setReplyWithReceive(reply_with_receive);
		auto proc = std::make_shared<example::pingProcessor>(h);
		auto tf = std::make_shared<TTransportFactory>();
		if (pool) {
			auto tm = concurrency::ThreadManager::newSimpleThreadManager(pool);
			tm->threadFactory(std::make_shared<concurrency::ThreadFactory>());
			tm->start();
			server = std::make_shared<TThreadPoolServer>(proc, st, tf, pf, tm);
		} else {
			server = std::make_shared<TThreadedServer>(proc, st, tf, pf);
		}
		if (lingering)
			server->setServerEventHandler(std::make_shared<lingering_events>(h));
		th = std::thread([this] { server->serve(); done = true; });
		std::this_thread::sleep_for(std::chrono::milliseconds(300));	/* listening */
	}
	~test_server()
	{
		server->stop();
		th.join();
	}
	int64_t clients() { return std::static_pointer_cast<TServerFramework>(server)->getConcurrentClientCount(); }

	std::shared_ptr<handler> h;
	std::shared_ptr<TServer> server;
	std::thread th;
	std::atomic<bool> done{false};
};

std::string unique(const char *what)
{
	return std::string("tt-") + what + "-" + std::to_string(getpid());
}

example::test_struct arg(int64_t id, const std::string &text, size_t len)
{
	example::test_struct a;
	a.id = id;
	a.text = text;
	a.payload.assign(len, char(id));
	return a;
}

template <class P>
std::unique_ptr<example::pingClient> client(const std::string &name,
					    std::shared_ptr<ClientStaplerTransport> *tp = nullptr)
{
	auto t = std::make_shared<ClientStaplerTransport>(name);
	t->open();
	if (tp)
		*tp = t;
	return std::make_unique<example::pingClient>(std::make_shared<P>(t));
}

double ms_since(clk::time_point t0)
{
	return std::chrono::duration<double, std::milli>(clk::now() - t0).count();
}

/* Wait up to @ms for @cond. */
template <class F> bool wait_for(F cond, int ms)
{
	for (int i = 0; i < ms / 10; i++) {
		if (cond())
			return true;
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	}
	return cond();
}

void test_not_open()
{
	ClientStaplerTransport t(unique("nobody"));
	try {
		t.open();
		check(false, "open() of an unknown name fails with NOT_OPEN");
	} catch (const TTransportException &e) {
		check(e.getType() == TTransportException::NOT_OPEN,
		      "open() of an unknown name fails with NOT_OPEN");
	}
}

void test_oneway(const char *label, std::shared_ptr<TProtocolFactory> pf, bool detected,
		 std::unique_ptr<example::pingClient> (*mk)(const std::string &,
							    std::shared_ptr<ClientStaplerTransport> *))
{
	std::string name = unique(label);
	test_server s(name, pf);
	auto c = mk(name, nullptr);
	example::test_struct r, a = arg(3, "big", 4 << 20);
	c->ping(r, a);
	check(r == a, std::string(label) + ": a 4 MiB struct echoed");
	auto t0 = clk::now();
	c->hello("slow");
	double ms = ms_since(t0);
	if (detected)
		check(ms < 400, std::string(label) + ": oneway returns before its 500 ms handler ran (" +
		      std::to_string(int(ms)) + " ms)");
	else
		check(ms >= 450, std::string(label) + ": oneway not recognised: waits for the handler (" +
		      std::to_string(int(ms)) + " ms), no deadlock");
	c->ping(r, arg(1, "x", 0));
	check(s.h->hellos == 1, std::string(label) + ": the oneway call was handled once");
}

void test_timeout()
{
	std::string name = unique("timeout");
	test_server s(name, std::make_shared<TBinaryProtocolFactory>());
	std::shared_ptr<ClientStaplerTransport> t;
	auto c = client<TBinaryProtocol>(name, &t);
	t->setTimeout(200);
	example::test_struct r;
	auto t0 = clk::now();
	try {
		c->ping(r, arg(2000, "sleep", 0));
		check(false, "a call slower than setTimeout(200) fails with TIMED_OUT");
	} catch (const TTransportException &e) {
		check(e.getType() == TTransportException::TIMED_OUT && ms_since(t0) < 1500,
		      "a call slower than setTimeout(200) fails with TIMED_OUT");
	}
	check(!t->isOpen(), "the timed-out transport is closed");
}

void test_disconnect()
{
	std::string name = unique("disc");
	test_server s(name, std::make_shared<TBinaryProtocolFactory>());
	{
		std::shared_ptr<ClientStaplerTransport> t1, t2;
		auto c1 = client<TBinaryProtocol>(name, &t1);
		auto c2 = client<TBinaryProtocol>(name, &t2);
		example::test_struct r;
		c1->ping(r, arg(1, "a", 1));
		c2->ping(r, arg(2, "b", 2));
		check(wait_for([&] { return s.clients() == 2; }, 2000), "two clients, two connections");
		t1->close();
	}	/* t2 destroyed without close() */
	check(wait_for([&] { return s.clients() == 0; }, 3000),
	      "closed and destroyed clients: their connections end");

	pid_t pid = fork();
	if (pid == 0) {
		try {
			auto c = client<TBinaryProtocol>(name);
			example::test_struct r;
			c->ping(r, arg(1, "child", 1));
		} catch (...) {
			_exit(2);
		}
		_exit(0);	/* no close(): the exit closes the context */
	}
	int st = -1;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a forked client called and exited");
	check(wait_for([&] { return s.clients() == 0; }, 3000),
	      "the exited client's connection ends");
}

void test_pool()
{
	std::string name = unique("pool");
	test_server s(name, std::make_shared<TBinaryProtocolFactory>(), 2);
	std::atomic<int> ok{0};
	auto t0 = clk::now();
	std::thread a([&] {
		example::test_struct r;
		client<TBinaryProtocol>(name)->ping(r, arg(400, "sleep", 0));
		ok++;
	});
	std::thread b([&] {
		example::test_struct r;
		client<TBinaryProtocol>(name)->ping(r, arg(400, "sleep", 0));
		ok++;
	});
	a.join();
	b.join();
	double ms = ms_since(t0);
	/* One after the other would take 800 ms or more. */
	check(ok == 2 && ms < 790, "TThreadPoolServer(2): two 400 ms calls at once (" +
	      std::to_string(int(ms)) + " ms)");
}

void test_stop()
{
	std::string name = unique("stop");
	auto s = std::make_unique<test_server>(name, std::make_shared<TBinaryProtocolFactory>());
	auto c1 = client<TBinaryProtocol>(name);
	auto c2 = client<TBinaryProtocol>(name);
	example::test_struct r;
	c1->ping(r, arg(1, "a", 1));
	auto t0 = clk::now();
	s->server->stop();
	bool returned = wait_for([&] { return s->done.load(); }, 3000);
	check(returned, "stop() with idle clients: serve() returns (" +
	      std::to_string(int(ms_since(t0))) + " ms)");
	if (!returned)
		std::_Exit(1);	/* cannot join a hung server */
	s.reset();
	try {
		c2->ping(r, arg(2, "b", 2));
		check(false, "after stop() a client's call fails with a TTransportException");
	} catch (const TTransportException &e) {
		check(true, "after stop() a client's call fails with a TTransportException");
	}
}

/* The connect exchange as docs/rpc.md describes it. */
struct connect_req {
	uint32_t magic;
	uint16_t version;
	uint16_t flags;
};
struct connect_rep {
	uint32_t magic;
	uint16_t version;
	uint16_t flags;
	uint32_t pid;
	uint32_t chid;
	uint64_t max_oneway;
};

void test_hostile()
{
	std::string name = unique("hostile");
	test_server s(name, std::make_shared<TBinaryProtocolFactory>());
	int fd1, fd2;
	uint32_t lcoid, coid1, coid2;
	connect_rep rep = {};
	char buf[64];

	if (stplr_ctx_open(0, &fd1) || stplr_ctx_open(0, &fd2) ||
	    stplr_name_open(fd1, name.c_str(), 0, &lcoid)) {
		check(false, "raw client: open and name_open");
		return;
	}
	connect_req bad = { 0xdeadbeef, 1, 0 };
	check(stplr_msg_send(fd1, lcoid, &bad, sizeof(bad), &rep, sizeof(rep), -1, nullptr) ==
	      -EPROTO, "a malformed connect request is refused with EPROTO");
	connect_req good = { 0x53545448, 1, 0 };
	int err = stplr_msg_send(fd1, lcoid, &good, sizeof(good), &rep, sizeof(rep), -1, nullptr);
	check(!err && rep.magic == good.magic && rep.chid, "a well-formed connect request gets a channel");
	err = stplr_connect(fd2, pid_t(rep.pid), rep.chid, 0, &coid2);
	check(!err && stplr_msg_send(fd2, coid2, "x", 1, buf, sizeof(buf), -1, nullptr) == -EPERM,
	      "another client context's message on that connection's channel: EPERM");
	err = stplr_connect(fd1, pid_t(rep.pid), rep.chid, 0, &coid1);
	check(!err && stplr_msg_send(fd1, coid1, nullptr, 0, nullptr, 0, -1, nullptr) == 0,
	      "the connection's own client is served (greeting)");
	stplr_ctx_close(fd1);
	stplr_ctx_close(fd2);
	example::test_struct r, a = arg(5, "after", 5);
	client<TBinaryProtocol>(name)->ping(r, a);
	check(r == a, "the server still serves Thrift clients");
	check(wait_for([&] { return s.clients() == 1 || s.clients() == 0; }, 3000),
	      "the raw client's connection ended with its context");
}

/* STPLR_MSG_REPLY_RECEIVE refused (--no-reply-receive). */
bool refused;

/* A flushed response waits for the connection's next receive. */
void test_reply_with_receive()
{
	for (bool rr : { true, false }) {
		std::string label = rr ? "reply with receive" : "setReplyWithReceive(false)";
		test_server s(unique(rr ? "rr" : "norr"), std::make_shared<TBinaryProtocolFactory>(),
			      0, rr, true);
		auto c = client<TBinaryProtocol>(unique(rr ? "rr" : "norr"));
		example::test_struct r, a = arg(3, "linger", 16);
		auto t0 = clk::now();
		c->ping(r, a);
		double ms = ms_since(t0);
		if (rr && !refused)
			check(r == a && ms >= 900, label + ": the response went with the next "
			      "receive, after processContext() (" + std::to_string(int(ms)) + " ms)");
		else if (rr)
			check(r == a && ms < 700, label + ", call refused: the response went at "
			      "once, by the separate reply (" + std::to_string(int(ms)) + " ms)");
		else
			check(r == a && ms < 700, label + ": the response went at once (" +
			      std::to_string(int(ms)) + " ms)");
		a = arg(4, "x", 100);
		c->ping(r, a);
		check(r == a, label + ": the next call is served");
	}

	/* A client killed while its response is kept (the reply fails: ESRCH). */
	std::string name = unique("rrkill");	/* the parent's pid */
	test_server s(name, std::make_shared<TBinaryProtocolFactory>(), 0, true, true);
	pid_t pid = fork();
	if (pid == 0) {
		try {
			auto c = client<TBinaryProtocol>(name);
			example::test_struct r;
			c->ping(r, arg(5, "linger", 16));
		} catch (...) {
		}
		_exit(0);
	}
	check(wait_for([&] { return s.h->lingered == 1; }, 3000),
	      "kept response: a forked client's call was served");
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	check(wait_for([&] { return s.clients() == 0; }, 3000),
	      "kept response, client killed: its connection ends");
	auto c = client<TBinaryProtocol>(name);
	example::test_struct r, a = arg(6, "x", 100);
	c->ping(r, a);
	check(r == a, "kept response, client killed: the server serves on");
}

/* --count N: N small calls of one client, for strace. */
int count_only(long n)
{
	test_server s(unique("count"), std::make_shared<TBinaryProtocolFactory>());
	auto c = client<TBinaryProtocol>(unique("count"));
	example::test_struct r, a = arg(1, "x", 64);
	long ok = 0;

	for (long i = 0; i < n; i++) {
		c->ping(r, a);
		ok += r == a;
	}
	std::printf("transport-test: %ld of %ld calls answered\n", ok, n);
	return ok == n ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
	long count = -1;

	for (int i = 1; i < argc; i++) {
		if (!std::strcmp(argv[i], "--no-reply-receive")) {
			refused = true;
			if (no_reply_receive()) {
				/* A kernel without CONFIG_SECCOMP_FILTER (the debug kernel) */
				std::printf("1..0 # SKIP no seccomp filter to refuse the call: %s\n",
					    std::strerror(errno));
				return 77;
			}
		} else if (!std::strcmp(argv[i], "--count") && i + 1 < argc) {
			count = std::atol(argv[++i]);
		} else {
			std::fprintf(stderr, "usage: %s [--no-reply-receive] [--count N]\n", argv[0]);
			return 2;
		}
	}
	if (access("/dev/stplr-0", F_OK)) {
		std::printf("1..0 # SKIP no /dev/stplr-0\n");
		return 77;
	}
	if (count >= 0)
		return count_only(count);
	try {
		test_not_open();
		test_oneway("binary", std::make_shared<TBinaryProtocolFactory>(), true,
			    client<TBinaryProtocol>);
		test_oneway("compact", std::make_shared<TCompactProtocolFactory>(), true,
			    client<TCompactProtocol>);
		test_oneway("json", std::make_shared<TJSONProtocolFactory>(), false,
			    client<TJSONProtocol>);
		test_timeout();
		test_disconnect();
		test_pool();
		test_stop();
		test_hostile();
		test_reply_with_receive();
	} catch (const std::exception &e) {
		std::printf("not ok - unexpected exception: %s\n", e.what());
		return 1;
	}
	return examples::failures ? 1 : 0;
}
