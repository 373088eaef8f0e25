// SPDX-License-Identifier: GPL-2.0
/*
 * What the Thrift example clients and servers share: the transport
 * switch (the only place that knows whether a program talks over stapler
 * or a socket), the server loop, clocks and the benchmark output.  The
 * service handlers never see which transport carries them.
 */
#ifndef THRIFT_EXAMPLES_COMMON_H
#define THRIFT_EXAMPLES_COMMON_H

#include <cstdint>
#include <memory>
#include <string>

#include <thrift/TProcessor.h>
#include <thrift/protocol/TProtocol.h>
#include <thrift/transport/TTransport.h>

namespace examples {

/*
 * --transport stapler|unix|tcp and --endpoint E:
 *   stapler: E is the stapler name (default "thrift-<service>");
 *   unix:    TSocket over a UNIX domain socket, E is its path (default
 *            /tmp/thrift-<service>.sock);
 *   tcp:     TSocket over TCP on 127.0.0.1, E is the port (default 9090,
 *            9091, 9092 for ping, calculator, timer).
 * --threads N (servers): TThreadPoolServer with N threads instead of
 * TThreadedServer (a thread per connection).
 */
struct options {
	std::string service;
	std::string transport = "stapler";
	std::string endpoint;
	int threads = 0;
};

/* Parse and remove the options above from argv; exits on a bad one. */
options parse_options(const std::string &service, int &argc, char **argv);

/* The client's transport (opened) and a TBinaryProtocol over it. */
std::shared_ptr<apache::thrift::protocol::TProtocol>
client_protocol(const options &opt);

/* Serve @processor until killed; prints "<service>-server: ready" once listening. */
void serve(const options &opt, std::shared_ptr<apache::thrift::TProcessor> processor);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t now_ns();

/* One TAP check ("ok - WHAT" or "not ok - WHAT"); failures counts the latter. */
void check(bool ok, const std::string &what);
extern int failures;

/* One benchmark result line, parsed by bench/rpc/report.py. */
void bench_line(const options &opt, const char *test, long n, int64_t ns);

} // namespace examples

#endif
