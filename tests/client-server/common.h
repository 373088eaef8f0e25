/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the seed client/server programs: the test payload, the
 * server's receive capacity and small helpers.
 */
#ifndef STPLR_TESTS_CLIENT_SERVER_COMMON_H
#define STPLR_TESTS_CLIENT_SERVER_COMMON_H

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>

#include <stplr/stplr.h>

/* Exit codes: 0 success, 1 runtime failure, 2 usage error. */
#define CS_EXIT_FAIL	1
#define CS_EXIT_USAGE	2

/* The clients' payload: four buffers of 3, 3, 5 and 7 bytes. */
#define CS_NPARTS	4
static const char cs_part0[3] = { 'a', 'b', 'c' };
static const char cs_part1[3] = { 'd', 'e', 'f' };
static const char cs_part2[5] = { 'g', 'h', 'i', 'j', 'k' };
static const char cs_part3[7] = { 'l', 'm', 'n', 'o', 'p', 'q', 'r' };
#define CS_PARTS_LEN	(3 + 3 + 5 + 7)

/* The server receives into buffers of 1, 3, 4097 and 8193 bytes. */
#define CS_SERVER_BUF0	1
#define CS_SERVER_BUF1	3
#define CS_SERVER_BUF2	4097
#define CS_SERVER_BUF3	8193
#define CS_SERVER_CAPACITY \
	(CS_SERVER_BUF0 + CS_SERVER_BUF1 + CS_SERVER_BUF2 + CS_SERVER_BUF3)

/* Fill @iov with the four payload buffers. */
static inline void cs_payload_iov(struct stplr_iov iov[CS_NPARTS])
{
	stplr_iov_set(&iov[0], cs_part0, sizeof(cs_part0));
	stplr_iov_set(&iov[1], cs_part1, sizeof(cs_part1));
	stplr_iov_set(&iov[2], cs_part2, sizeof(cs_part2));
	stplr_iov_set(&iov[3], cs_part3, sizeof(cs_part3));
}

/*
 * Parse a decimal number in [min, max].  Return: 0, or -1 when @s is not
 * such a number.
 */
static inline int cs_parse_ulong(const char *s, unsigned long min,
				 unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Microseconds of CLOCK_MONOTONIC. */
static inline uint64_t cs_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/*
 * Open /dev/stplr-@device and check that the module speaks our major
 * version.  Prints the reason and returns -1 on failure.
 */
static inline int cs_open(const char *prog, int device, int *fd,
			  struct stplr_query *q)
{
	int ret = stplr_ctx_open(device, fd);

	if (ret) {
		fprintf(stderr, "%s: cannot open %s%d: %s\n", prog,
			STPLR_DEVICE_PREFIX, device, strerror(-ret));
		return -1;
	}
	ret = stplr_query(*fd, q);
	if (ret) {
		fprintf(stderr, "%s: query failed: %s\n", prog, strerror(-ret));
		stplr_ctx_close(*fd);
		return -1;
	}
	if (q->major != STPLR_VERSION_MAJOR) {
		fprintf(stderr, "%s: module speaks ABI %u.%u, need %d.x\n",
			prog, q->major, q->minor, STPLR_VERSION_MAJOR);
		stplr_ctx_close(*fd);
		return -1;
	}
	return 0;
}

/* Options of client1 and client2. */
struct cs_client_opts {
	int device;
	pid_t pid;
	uint32_t chid;
	unsigned long count;
	unsigned long size;	/* client2: extra payload bytes */
	int verbose;
};

/*
 * cs_client_parse() - parse a client's command line
 * @prog:      program name for messages
 * @with_size: accept --size (client2)
 *
 * Return: 0; -1 after printing a usage error.  --help exits with 0.
 */
int cs_client_parse(const char *prog, int with_size, int argc, char **argv,
		    struct cs_client_opts *o);

#endif /* STPLR_TESTS_CLIENT_SERVER_COMMON_H */
