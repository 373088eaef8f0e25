/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <stdlib.h> for the QNX compatibility layer: glibc's, plus QNX's min()
 * and max() macros (C only, as on QNX: C++ has std::min and std::max).
 * Each evaluates its arguments twice, as QNX's do.  A program that defines
 * its own min or max first keeps its own.
 */
#include_next <stdlib.h>

#ifndef STPLR_QNX_STDLIB_H
#define STPLR_QNX_STDLIB_H

#ifndef __cplusplus
#ifndef min
#define min(__a, __b)	(((__a) < (__b)) ? (__a) : (__b))
#endif
#ifndef max
#define max(__a, __b)	(((__a) > (__b)) ? (__a) : (__b))
#endif
#endif

#endif /* STPLR_QNX_STDLIB_H */
