/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <string.h> for the QNX compatibility layer: glibc's, plus strlcpy() and
 * strlcat(), which QNX's C library has and glibc has only since 2.38.
 * With an older glibc libstplr-qnx provides them (same contract as the
 * BSD functions); with glibc 2.38 or later glibc's own are declared here
 * and used.
 */
#include_next <string.h>

#ifndef STPLR_QNX_STRING_H
#define STPLR_QNX_STRING_H

#include <stddef.h>

#if !defined(__GLIBC__) || !__GLIBC_PREREQ(2, 38) || \
	!(defined(__USE_MISC) || defined(__USE_XOPEN2K8))
#ifdef __cplusplus
extern "C" {
#endif
/**
 * strlcpy() - copy a string into a sized buffer
 * @dst:  destination buffer of @size bytes
 * @src:  NUL-terminated source string
 * @size: size of @dst; when 0 nothing is written
 *
 * Copies at most @size - 1 bytes of @src and always NUL-terminates @dst
 * when @size is not 0.
 *
 * Return: strlen(@src); a value of @size or more means @dst was truncated.
 */
extern size_t strlcpy(char *dst, const char *src, size_t size);

/**
 * strlcat() - append a string to a string in a sized buffer
 * @dst:  NUL-terminated string in a buffer of @size bytes
 * @src:  NUL-terminated string to append
 * @size: size of @dst
 *
 * Appends at most @size - strlen(@dst) - 1 bytes and NUL-terminates,
 * unless @dst holds no NUL within @size bytes (then nothing is written).
 *
 * Return: the length of the string it tried to create:
 * min(strlen(@dst), @size) + strlen(@src); @size or more means truncated.
 */
extern size_t strlcat(char *dst, const char *src, size_t size);
#ifdef __cplusplus
}
#endif
#endif

#endif /* STPLR_QNX_STRING_H */
