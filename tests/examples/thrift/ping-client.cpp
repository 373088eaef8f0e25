// SPDX-License-Identifier: GPL-2.0
/*
 * ping-client [--transport stapler|unix|tcp] [--endpoint E] COMMAND
 *
 *   test             name, version, ping echo (small and 1.5 MiB each way),
 *                    a burst of 1000 hello() then a check that all arrived
 *   concurrent K M   K threads, each its own connection, M pings each
 *   die              a ping the server sleeps in; expects a
 *                    TTransportException when the server is killed
 *   bench N          N iterations of: name+version+ping (ping-seq),
 *                    ping (ping-call), name+version+hello (hello-seq),
 *                    hello (hello-call, then one ping so that all were
 *                    handled); prints BENCH lines
 *
 * Exit status 0 when every check passed.
 */
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include <thrift/transport/TTransportException.h>

#include "common.h"
#include "ping.h"

using apache::thrift::transport::TTransportException;

namespace {

example::test_struct make_arg(int64_t id, const std::string &text, size_t payload)
{
	example::test_struct a;
	a.id = id;
	a.text = text;
	a.payload.resize(payload);
	for (size_t i = 0; i < payload; i++)
		a.payload[i] = char((i * 131 + id) & 0xff);
	return a;
}

int64_t hello_count(example::pingClient &c)
{
	example::test_struct r;
	c.ping(r, make_arg(0, "hello-count", 0));
	return r.id;
}

void run_test(const examples::options &opt)
{
	example::pingClient c(examples::client_protocol(opt));
	std::string name;
	example::version_struct v;

	c.name(name);
	examples::check(name == "ping", "name() is \"ping\"");
	c.version(v);
	examples::check(v.major == 1 && v.minor == 0, "version() is 1.0");

	example::test_struct r, a = make_arg(7, "small", 16);
	c.ping(r, a);
	examples::check(r == a, "ping() echoes a small struct");

	a = make_arg(9, "large", 1536 * 1024);
	c.ping(r, a);
	examples::check(r == a, "ping() echoes a 1.5 MiB struct (request and reply > 1 MiB)");

	int64_t before = hello_count(c);
	for (int i = 0; i < 1000; i++)
		c.hello("burst");
	examples::check(hello_count(c) == before + 1000, "1000 oneway hello() all arrive, none blocks");

	/* A large oneway message (over the server's receive buffer). */
	c.hello(std::string(256 * 1024, 'h'));
	examples::check(hello_count(c) == before + 1001, "a 256 KiB oneway hello() arrives");
}

void run_concurrent(const examples::options &opt, int k, int m)
{
	std::vector<std::thread> threads;
	std::vector<int> bad(k, 0);

	for (int t = 0; t < k; t++)
		threads.emplace_back([&, t] {
			try {
				example::pingClient c(examples::client_protocol(opt));
				for (int i = 0; i < m; i++) {
					example::test_struct r, a = make_arg(t * 100000 + i, "c", 64 + t);
					c.ping(r, a);
					if (!(r == a))
						bad[t]++;
				}
			} catch (const std::exception &e) {
				std::printf("# thread %d: %s\n", t, e.what());
				bad[t]++;
			}
		});
	for (auto &th : threads)
		th.join();
	int sum = 0;
	for (int b : bad)
		sum += b;
	examples::check(sum == 0, (std::to_string(k) + " concurrent clients, " + std::to_string(m) +
			 " pings each, every reply their own"));
}

void run_die(const examples::options &opt)
{
	example::pingClient c(examples::client_protocol(opt));
	example::test_struct r;
	std::printf("# calling a ping the server sleeps 60 s in; kill the server now\n");
	std::fflush(stdout);
	try {
		c.ping(r, make_arg(60000, "sleep", 0));
		examples::check(false, "server killed mid-call: TTransportException");
	} catch (const TTransportException &e) {
		std::printf("# %s\n", e.what());
		examples::check(true, "server killed mid-call: TTransportException");
	}
}

void run_bench(const examples::options &opt, long n)
{
	example::pingClient c(examples::client_protocol(opt));
	std::string name;
	example::version_struct v;
	example::test_struct r, a = make_arg(1, "ping", 0);
	int64_t t0;

	for (int i = 0; i < 100; i++)	/* warm up */
		c.ping(r, a);
	t0 = examples::now_ns();
	for (long i = 0; i < n; i++) {
		c.name(name);
		c.version(v);
		c.ping(r, a);
	}
	examples::bench_line(opt, "ping-seq", n, examples::now_ns() - t0);
	t0 = examples::now_ns();
	for (long i = 0; i < n; i++)
		c.ping(r, a);
	examples::bench_line(opt, "ping-call", n, examples::now_ns() - t0);
	t0 = examples::now_ns();
	for (long i = 0; i < n; i++) {
		c.name(name);
		c.version(v);
		c.hello("hello");
	}
	c.ping(r, a);
	examples::bench_line(opt, "hello-seq", n, examples::now_ns() - t0);
	t0 = examples::now_ns();
	for (long i = 0; i < n; i++)
		c.hello("hello");
	c.ping(r, a);	/* the hellos are all handled once this returns */
	examples::bench_line(opt, "hello-call", n, examples::now_ns() - t0);
}

} // namespace

int main(int argc, char **argv)
{
	auto opt = examples::parse_options("ping", argc, argv);
	std::string cmd = argc > 1 ? argv[1] : "test";

	try {
		if (cmd == "test")
			run_test(opt);
		else if (cmd == "concurrent" && argc > 3)
			run_concurrent(opt, std::atoi(argv[2]), std::atoi(argv[3]));
		else if (cmd == "die")
			run_die(opt);
		else if (cmd == "bench" && argc > 2)
			run_bench(opt, std::atol(argv[2]));
		else {
			std::fprintf(stderr, "usage: %s [--transport T] [--endpoint E] "
				     "test|concurrent K M|die|bench N\n", argv[0]);
			return 2;
		}
	} catch (const std::exception &e) {
		std::printf("not ok - unexpected exception: %s\n", e.what());
		return 1;
	}
	return examples::failures ? 1 : 0;
}
