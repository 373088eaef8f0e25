// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: strlcpy() and strlcat(), which QNX's C library has
 * and glibc before 2.38 has not (declared by the QNX layer's <string.h>).
 */
#include <string.h>

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}
