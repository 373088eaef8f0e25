// SPDX-License-Identifier: GPL-2.0
/*
 * timer-client [--transport stapler|unix|tcp] [--endpoint E] COMMAND
 *
 *   test               start(20 ms), 5 ticks about 20 ms apart, stop
 *   bench N INTERVAL   start(INTERVAL us), N ticks; prints one TIMER line
 *                      with every propagation latency (client's
 *                      CLOCK_MONOTONIC on arrival minus the server's stamp)
 */
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common.h"
#include "timer.h"

namespace {

int64_t stamp_ns(const example::timestamp &t)
{
	return t.sec * 1000000000 + t.nsec;
}

void run_test(const examples::options &opt)
{
	example::timerClient c(examples::client_protocol(opt));
	example::timestamp t;
	int64_t first = 0, prev = 0;
	bool ordered = true;

	example::timer_id id = c.start(20000);
	for (int i = 0; i < 5; i++) {
		c.tick(t, id);
		int64_t s = stamp_ns(t);
		if (s <= prev || examples::now_ns() < s)
			ordered = false;
		if (!first)
			first = s;
		prev = s;
	}
	examples::check(ordered, "5 ticks, increasing, each stamped before it arrived");
	/* Wake-ups are late by any amount under load; spacing is not. */
	examples::check(prev - first >= 3 * 20000000, "5 ticks span at least 3 intervals of 20 ms");
	c.stop(id);
	c.tick(t, id);
	examples::check(stamp_ns(t) == 0, "tick() after stop() returns at once with no stamp");
}

void run_bench(const examples::options &opt, long n, long interval_us)
{
	example::timerClient c(examples::client_protocol(opt));
	example::timestamp t;
	std::string lat;

	example::timer_id id = c.start(interval_us);
	for (long i = 0; i < n; i++) {
		c.tick(t, id);
		int64_t d = examples::now_ns() - stamp_ns(t);
		lat += (lat.empty() ? "" : ",") + std::to_string(d);
	}
	c.stop(id);
	std::printf("TIMER family=thrift-%s interval_us=%ld ns=%s\n", opt.transport.c_str(),
		    interval_us, lat.c_str());
}

} // namespace

int main(int argc, char **argv)
{
	auto opt = examples::parse_options("timer", argc, argv);
	std::string cmd = argc > 1 ? argv[1] : "test";

	try {
		if (cmd == "test")
			run_test(opt);
		else if (cmd == "bench" && argc > 3)
			run_bench(opt, std::atol(argv[2]), std::atol(argv[3]));
		else {
			std::fprintf(stderr, "usage: %s [--transport T] [--endpoint E] "
				     "test|bench N INTERVAL_US\n", argv[0]);
			return 2;
		}
	} catch (const std::exception &e) {
		std::printf("not ok - unexpected exception: %s\n", e.what());
		return 1;
	}
	return examples::failures ? 1 : 0;
}
