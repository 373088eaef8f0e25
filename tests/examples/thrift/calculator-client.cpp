// SPDX-License-Identifier: GPL-2.0
/*
 * calculator-client [--transport stapler|unix|tcp] [--endpoint E] COMMAND
 *
 *   test      the four operations, divide by zero (the declared
 *             exception, and the connection still works after it)
 *   bench N   N iterations of name+version+add+subtract+multiply+divide
 *             (calc-seq) and of add alone (calc-call); prints BENCH lines
 */
#include <cstdio>
#include <cstdlib>

#include "calculator.h"
#include "common.h"

namespace {

void run_test(const examples::options &opt)
{
	example::calculatorClient c(examples::client_protocol(opt));
	std::string name;

	c.name(name);
	examples::check(name == "calculator", "name() is \"calculator\"");
	examples::check(c.add(40, 2) == 42, "add(40, 2) = 42");
	examples::check(c.subtract(40, 2) == 38, "subtract(40, 2) = 38");
	examples::check(c.multiply(-6, 7) == -42, "multiply(-6, 7) = -42");
	examples::check(c.divide(85, 2) == 42, "divide(85, 2) = 42");
	try {
		c.divide(1, 0);
		examples::check(false, "divide(1, 0) throws divide_by_zero");
	} catch (const example::divide_by_zero &e) {
		std::printf("# %s\n", e.message.c_str());
		examples::check(true, "divide(1, 0) throws divide_by_zero");
	}
	examples::check(c.add(1, 1) == 2, "the connection works after the exception");
}

void run_bench(const examples::options &opt, long n)
{
	example::calculatorClient c(examples::client_protocol(opt));
	std::string name;
	example::version_struct v;
	volatile int32_t sink = 0;

	for (int i = 0; i < 100; i++)
		sink = sink + c.add(i, 1);
	int64_t t0 = examples::now_ns();
	for (long i = 0; i < n; i++) {
		c.name(name);
		c.version(v);
		sink = sink + c.add(int32_t(i), 3);
		sink = sink + c.subtract(int32_t(i), 3);
		sink = sink + c.multiply(int32_t(i), 3);
		sink = sink + c.divide(int32_t(i), 3);
	}
	examples::bench_line(opt, "calc-seq", n, examples::now_ns() - t0);
	t0 = examples::now_ns();
	for (long i = 0; i < n; i++)
		sink = sink + c.add(int32_t(i), 3);
	examples::bench_line(opt, "calc-call", n, examples::now_ns() - t0);
}

} // namespace

int main(int argc, char **argv)
{
	auto opt = examples::parse_options("calculator", argc, argv);
	std::string cmd = argc > 1 ? argv[1] : "test";

	try {
		if (cmd == "test")
			run_test(opt);
		else if (cmd == "bench" && argc > 2)
			run_bench(opt, std::atol(argv[2]));
		else {
			std::fprintf(stderr, "usage: %s [--transport T] [--endpoint E] test|bench N\n",
				     argv[0]);
			return 2;
		}
	} catch (const std::exception &e) {
		std::printf("not ok - unexpected exception: %s\n", e.what());
		return 1;
	}
	return examples::failures ? 1 : 0;
}
