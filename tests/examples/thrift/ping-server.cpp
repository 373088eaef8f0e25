// SPDX-License-Identifier: GPL-2.0
/*
 * ping-server [--transport stapler|unix|tcp] [--endpoint E] [--threads N]
 *
 * ping() echoes its argument, with two test hooks: text "hello-count"
 * returns in id the number of hello() calls received so far, text "sleep"
 * sleeps id milliseconds first (for the server-killed-mid-call test).
 */
#include <atomic>
#include <chrono>
#include <thread>

#include "common.h"
#include "ping.h"
#include "version.h"

namespace {

class ping_handler : public example::pingIf {
public:
	void name(std::string &ret) override { ret = "ping"; }
	void version(example::version_struct &ret) override { examples::fill_version(ret); }

	void ping(example::test_struct &ret, const example::test_struct &arg) override
	{
		if (arg.text == "hello-count") {
			ret.id = hellos_.load();
			ret.text = arg.text;
			return;
		}
		if (arg.text == "sleep")
			std::this_thread::sleep_for(std::chrono::milliseconds(arg.id));
		ret = arg;
	}

	void hello(const std::string &) override { hellos_++; }

private:
	std::atomic<int64_t> hellos_{0};
};

} // namespace

int main(int argc, char **argv)
{
	auto opt = examples::parse_options("ping", argc, argv);
	auto handler = std::make_shared<ping_handler>();
	examples::serve(opt, std::make_shared<example::pingProcessor>(handler));
	return 0;
}
