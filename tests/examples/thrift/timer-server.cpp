// SPDX-License-Identifier: GPL-2.0
/*
 * timer-server [--transport stapler|unix|tcp] [--endpoint E] [--threads N]
 *
 * start(interval_us) makes a periodic timer; tick(id) sleeps until its
 * next expiry (absolute CLOCK_MONOTONIC deadlines, so ticks do not drift),
 * reads CLOCK_MONOTONIC and returns it: the client subtracts it from its
 * own clock on arrival, which measures how long the answer took to
 * travel.  stop(id) ends the timer; a tick() on a stopped or unknown timer
 * returns a zero timestamp.
 */
#include <cerrno>
#include <ctime>
#include <map>
#include <mutex>

#include "common.h"
#include "timer.h"
#include "version.h"

namespace {

struct periodic {
	int64_t start_ns;
	int64_t interval_ns;
	int64_t next;		/* index of the next expiry to hand out */
	bool stopped;
};

class timer_handler : public example::timerIf {
public:
	void name(std::string &ret) override { ret = "timer"; }
	void version(example::version_struct &ret) override { examples::fill_version(ret); }

	example::timer_id start(int64_t interval_us) override
	{
		std::lock_guard<std::mutex> g(lock_);
		if (interval_us < 100)
			interval_us = 100;
		timers_[++last_id_] = { examples::now_ns(), interval_us * 1000, 1, false };
		return last_id_;
	}

	void stop(example::timer_id id) override
	{
		std::lock_guard<std::mutex> g(lock_);
		auto it = timers_.find(id);
		if (it != timers_.end())
			it->second.stopped = true;
	}

	void tick(example::timestamp &ret, example::timer_id id) override
	{
		int64_t deadline;
		{
			std::lock_guard<std::mutex> g(lock_);
			auto it = timers_.find(id);
			ret.sec = ret.nsec = 0;
			if (it == timers_.end() || it->second.stopped)
				return;
			periodic &p = it->second;
			int64_t now = examples::now_ns();
			/* Skip expiries already past: a tick is always in the future. */
			if (p.start_ns + p.next * p.interval_ns <= now)
				p.next = (now - p.start_ns) / p.interval_ns + 1;
			deadline = p.start_ns + p.next * p.interval_ns;
			p.next++;
		}
		struct timespec ts = { time_t(deadline / 1000000000), long(deadline % 1000000000) };
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR)
			;
		/* Stamp just before the answer is sent. */
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		ret.sec = now.tv_sec;
		ret.nsec = now.tv_nsec;
	}

private:
	std::mutex lock_;
	std::map<int64_t, periodic> timers_;
	int64_t last_id_ = 0;
};

} // namespace

int main(int argc, char **argv)
{
	auto opt = examples::parse_options("timer", argc, argv);
	auto handler = std::make_shared<timer_handler>();
	examples::serve(opt, std::make_shared<example::timerProcessor>(handler));
	return 0;
}
