// SPDX-License-Identifier: GPL-2.0
/*
 * server: the seed's stapler server.
 *
 * Opens /dev/stplr-N, checks the module's version, creates a channel,
 * prints "server: pid P chid C" and then receives messages for ever (or
 * --count of them).  A message that expects a reply is echoed back: the
 * status is the number of bytes received and the reply data are those
 * bytes.  One-way messages are only counted.
 *
 * The receive list has four buffers of 1, 3, 4097 and 8193 bytes that live
 * on the stack, in thread-local storage, in static storage and on the
 * heap, so one message is scattered over several pages and kinds of
 * memory, and anything above 12294 bytes is truncated.
 *
 * Stop it with SIGTERM or SIGINT (the kernel destroys its channel when
 * the process exits).  Exit status: 0 after --count messages, 1 on error,
 * 2 on a usage error.
 */
#include <getopt.h>
#include <stdbool.h>
#include <unistd.h>

#include "common.h"

static _Thread_local char tls_buf[CS_SERVER_BUF1];
static char static_buf[CS_SERVER_BUF2];

struct server_opts {
	int device;
	unsigned long count;	/* 0: for ever */
	bool verbose;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: server [--device N] [--count N] [--verbose]\n"
		"  -d, --device N   use /dev/stplr-N (default 0)\n"
		"  -n, --count N    exit after N messages (default: run until killed)\n"
		"  -v, --verbose    print every message\n"
		"  -h, --help       this text\n");
}

static int parse_args(int argc, char **argv, struct server_opts *o)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c;

	o->device = 0;
	o->count = 0;
	o->verbose = false;
	while ((c = getopt_long(argc, argv, "d:n:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (cs_parse_ulong(optarg, 0, INT_MAX, &v))
				goto bad;
			o->device = (int)v;
			break;
		case 'n':
			if (cs_parse_ulong(optarg, 0, ULONG_MAX, &o->count))
				goto bad;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "server: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "server: invalid value '%s' for -%c\n", optarg, c);
	usage(stderr);
	return -1;
}

/*
 * Trim the receive list @iov to the first @len bytes, into @out.
 * Return: the number of entries of @out.
 */
static unsigned int trim_list(const struct stplr_iov *iov, unsigned int n,
			      uint64_t len, struct stplr_iov *out)
{
	unsigned int i, k = 0;

	for (i = 0; i < n && len; i++) {
		out[k] = iov[i];
		if (out[k].len > len)
			out[k].len = len;
		len -= out[k].len;
		k++;
	}
	return k;
}

/* Print the first bytes of a received message (verbose mode). */
static void print_head(const struct stplr_iov *iov, unsigned int n,
		       uint64_t len)
{
	unsigned int i;
	uint64_t j, shown = 0;

	printf("  data:");
	for (i = 0; i < n && shown < len && shown < 32; i++) {
		const unsigned char *p =
			(const unsigned char *)(uintptr_t)iov[i].base;

		for (j = 0; j < iov[i].len && shown < len && shown < 32;
		     j++, shown++)
			printf(" %02x", p[j]);
	}
	printf("%s\n", len > shown ? " ..." : "");
}

static int serve(int fd, uint32_t chid, const struct server_opts *o,
		 char *heap_buf)
{
	unsigned long handled = 0;
	char stack_buf[CS_SERVER_BUF0];
	struct stplr_iov iov[4], reply[4];
	struct stplr_msg_info info;
	uint64_t rcvid;
	unsigned int n;
	int ret;

	for (;;) {
		stplr_iov_set(&iov[0], stack_buf, sizeof(stack_buf));
		stplr_iov_set(&iov[1], tls_buf, sizeof(tls_buf));
		stplr_iov_set(&iov[2], static_buf, sizeof(static_buf));
		stplr_iov_set(&iov[3], heap_buf, CS_SERVER_BUF3);

		ret = stplr_msg_receivev(fd, chid, iov, 4, STPLR_TIMEOUT_NONE,
					 &rcvid, &info);
		if (ret == -EINTR)
			continue;
		if (ret) {
			fprintf(stderr, "server: receive failed: %s\n",
				strerror(-ret));
			return -1;
		}

		if (o->verbose) {
			printf("server: rcvid %llu from pid %u tid %u coid %u "
			       "scoid %u prio %u: %llu of %llu bytes, "
			       "reply buffer %llu bytes%s\n",
			       (unsigned long long)rcvid, info.pid, info.tid,
			       info.coid, info.scoid, info.priority,
			       (unsigned long long)info.msglen,
			       (unsigned long long)info.srcmsglen,
			       (unsigned long long)info.dstmsglen,
			       rcvid ? "" : " (one-way)");
			print_head(iov, 4, info.msglen);
		}

		if (rcvid) {
			/* Echo what arrived; the status is its length. */
			n = trim_list(iov, 4, info.msglen, reply);
			ret = stplr_msg_replyv(fd, rcvid, (int64_t)info.msglen,
					       reply, n, NULL);
			if (ret == -ESRCH) {
				/* The sender gave up (signal, timeout, exit). */
				if (o->verbose)
					printf("server: rcvid %llu: sender gone\n",
					       (unsigned long long)rcvid);
			} else if (ret) {
				fprintf(stderr, "server: reply failed: %s\n",
					strerror(-ret));
				return -1;
			}
		}
		if (o->verbose)
			fflush(stdout);

		handled++;
		if (o->count && handled >= o->count)
			return 0;
	}
}

int main(int argc, char **argv)
{
	struct server_opts o;
	struct stplr_query q;
	char *heap_buf;
	uint32_t chid;
	int fd, ret, status = CS_EXIT_FAIL;

	if (parse_args(argc, argv, &o))
		return CS_EXIT_USAGE;
	if (cs_open("server", o.device, &fd, &q))
		return CS_EXIT_FAIL;
	if (o.verbose)
		printf("server: stapler ABI %u.%u.%u, features %#llx, "
		       "max_msg_size %llu\n", q.major, q.minor, q.patch,
		       (unsigned long long)q.features,
		       (unsigned long long)q.max_msg_size);

	heap_buf = malloc(CS_SERVER_BUF3);
	if (!heap_buf) {
		fprintf(stderr, "server: out of memory\n");
		goto out_close;
	}

	ret = stplr_channel_create(fd, 0, 0, &chid);
	if (ret) {
		fprintf(stderr, "server: cannot create a channel: %s\n",
			strerror(-ret));
		goto out_free;
	}

	printf("server: pid %ld chid %u\n", (long)getpid(), chid);
	fflush(stdout);

	if (!serve(fd, chid, &o, heap_buf))
		status = 0;

	ret = stplr_channel_destroy(fd, chid);
	if (ret) {
		fprintf(stderr, "server: cannot destroy the channel: %s\n",
			strerror(-ret));
		status = CS_EXIT_FAIL;
	}
out_free:
	free(heap_buf);
out_close:
	stplr_ctx_close(fd);
	return status;
}
