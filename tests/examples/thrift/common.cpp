// SPDX-License-Identifier: GPL-2.0
/* See common.h. */
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <unistd.h>

#include <thrift/concurrency/ThreadFactory.h>
#include <thrift/concurrency/ThreadManager.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/server/TThreadPoolServer.h>
#include <thrift/server/TThreadedServer.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TServerSocket.h>
#include <thrift/transport/TSocket.h>

#include <stplr/thrift/ClientStaplerTransport.h>
#include <stplr/thrift/ServerStaplerTransport.h>

#include "common.h"

using namespace apache::thrift;
using namespace apache::thrift::protocol;
using namespace apache::thrift::server;
using namespace apache::thrift::transport;

namespace examples {

static int default_port(const std::string &service)
{
	return service == "ping" ? 9090 : service == "calculator" ? 9091 : 9092;
}

options parse_options(const std::string &service, int &argc, char **argv)
{
	options opt;
	int out = 1;

	opt.service = service;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		if ((a == "--transport" || a == "--endpoint" || a == "--threads") && i + 1 < argc) {
			std::string v = argv[++i];
			if (a == "--transport")
				opt.transport = v;
			else if (a == "--endpoint")
				opt.endpoint = v;
			else
				opt.threads = std::atoi(v.c_str());
		} else {
			argv[out++] = argv[i];
		}
	}
	argc = out;
	if (opt.transport != "stapler" && opt.transport != "unix" && opt.transport != "tcp") {
		std::fprintf(stderr, "%s: --transport must be stapler, unix or tcp\n", argv[0]);
		std::exit(2);
	}
	if (opt.endpoint.empty()) {
		if (opt.transport == "stapler")
			opt.endpoint = "thrift-" + service;
		else if (opt.transport == "unix")
			opt.endpoint = "/tmp/thrift-" + service + ".sock";
		else
			opt.endpoint = std::to_string(default_port(service));
	}
	return opt;
}

std::shared_ptr<TProtocol> client_protocol(const options &opt)
{
	std::shared_ptr<TTransport> trans;

	if (opt.transport == "stapler") {
		/* Buffers and frames itself: no TBufferedTransport. */
		trans = std::make_shared<stplr::thrift::ClientStaplerTransport>(opt.endpoint);
	} else {
		std::shared_ptr<TSocket> sock;
		if (opt.transport == "unix")
			sock = std::make_shared<TSocket>(opt.endpoint);
		else
			sock = std::make_shared<TSocket>("127.0.0.1", std::atoi(opt.endpoint.c_str()));
		trans = std::make_shared<TBufferedTransport>(sock);
	}
	trans->open();
	return std::make_shared<TBinaryProtocol>(trans);
}

namespace {

class ready_printer : public TServerEventHandler {
public:
	explicit ready_printer(std::string service) : service_(std::move(service)) {}
	void preServe() override
	{
		std::printf("%s-server: ready\n", service_.c_str());
		std::fflush(stdout);
	}

private:
	std::string service_;
};

} // namespace

void serve(const options &opt, std::shared_ptr<TProcessor> processor)
{
	std::shared_ptr<TServerTransport> st;
	std::shared_ptr<TTransportFactory> tf;

	if (opt.transport == "stapler") {
		st = std::make_shared<stplr::thrift::ServerStaplerTransport>(opt.endpoint);
		tf = std::make_shared<TTransportFactory>();
	} else {
		if (opt.transport == "unix") {
			unlink(opt.endpoint.c_str());
			st = std::make_shared<TServerSocket>(opt.endpoint);
		} else {
			st = std::make_shared<TServerSocket>("127.0.0.1",
							     std::atoi(opt.endpoint.c_str()));
		}
		tf = std::make_shared<TBufferedTransportFactory>();
	}
	auto pf = std::make_shared<TBinaryProtocolFactory>();
	std::shared_ptr<TServer> server;
	if (opt.threads > 0) {
		auto tm = concurrency::ThreadManager::newSimpleThreadManager(opt.threads);
		tm->threadFactory(std::make_shared<concurrency::ThreadFactory>());
		tm->start();
		server = std::make_shared<TThreadPoolServer>(processor, st, tf, pf, tm);
	} else {
		server = std::make_shared<TThreadedServer>(processor, st, tf, pf);
	}
	server->setServerEventHandler(std::make_shared<ready_printer>(opt.service));
	server->serve();
}

int64_t now_ns()
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

int failures;

void check(bool ok, const std::string &what)
{
	std::printf("%s - %s\n", ok ? "ok" : "not ok", what.c_str());
	if (!ok)
		failures++;
}

void bench_line(const options &opt, const char *test, long n, int64_t ns)
{
	std::printf("BENCH family=thrift-%s test=%s n=%ld ns=%lld\n", opt.transport.c_str(),
		    test, n, (long long)ns);
	std::fflush(stdout);
}

} // namespace examples
