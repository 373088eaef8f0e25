// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD helper for tools/vm/guest-suite: make stdout line buffered in
 * every test program, although it writes into a pipe (the suite counts TAP
 * lines through it).  Then output shows up live and in order with stderr.
 * Built for 64 and 32 bit; the suite preloads ".../$LIB/libstplr-linebuf.so"
 * so the dynamic linker picks the right one and silently skips a missing one
 * (unlike coreutils' stdbuf, whose 64-bit-only library makes 32-bit
 * programs print an error).
 */
#include <stdio.h>

__attribute__((constructor))
static void stplr_linebuf(void)
{
	setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
}
