// SPDX-License-Identifier: GPL-2.0
/* The example interface's version, the same for every service. */
#ifndef THRIFT_EXAMPLES_VERSION_H
#define THRIFT_EXAMPLES_VERSION_H

#include "example_types.h"

namespace examples {

inline void fill_version(example::version_struct &v)
{
	v.major = 1;
	v.minor = 0;
	v.patch = 0;
}

} // namespace examples

#endif
