// SPDX-License-Identifier: GPL-2.0
/*
 * calculator-server [--transport stapler|unix|tcp] [--endpoint E] [--threads N]
 *
 * divide() by zero throws the declared divide_by_zero exception.
 */
#include "calculator.h"
#include "common.h"
#include "version.h"

namespace {

class calculator_handler : public example::calculatorIf {
public:
	void name(std::string &ret) override { ret = "calculator"; }
	void version(example::version_struct &ret) override { examples::fill_version(ret); }
	int32_t add(int32_t a, int32_t b) override { return int32_t(uint32_t(a) + uint32_t(b)); }
	int32_t subtract(int32_t a, int32_t b) override { return int32_t(uint32_t(a) - uint32_t(b)); }
	int32_t multiply(int32_t a, int32_t b) override { return int32_t(uint32_t(a) * uint32_t(b)); }

	int32_t divide(int32_t a, int32_t b) override
	{
		if (b == 0) {
			example::divide_by_zero e;
			e.message = "division of " + std::to_string(a) + " by zero";
			throw e;
		}
		if (a == INT32_MIN && b == -1)
			return INT32_MIN;	/* the one overflow of division */
		return a / b;
	}
};

} // namespace

int main(int argc, char **argv)
{
	auto opt = examples::parse_options("calculator", argc, argv);
	auto handler = std::make_shared<calculator_handler>();
	examples::serve(opt, std::make_shared<example::calculatorProcessor>(handler));
	return 0;
}
