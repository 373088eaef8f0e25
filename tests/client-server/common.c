// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line parsing shared by client1 and client2.
 */
#include <getopt.h>

#include "common.h"

static void client_usage(FILE *f, const char *prog, int with_size)
{
	fprintf(f,
		"usage: %s --pid PID --chid CHID [--count N]%s [--device N] [--verbose]\n"
		"  -p, --pid PID    process that owns the channel (the server's pid)\n"
		"  -c, --chid CHID  the server's channel id\n"
		"  -n, --count N    messages to send (default 1000)\n"
		"%s"
		"  -d, --device N   use /dev/stplr-N (default 0)\n"
		"  -v, --verbose    print every exchange\n"
		"  -h, --help       this text\n",
		prog, with_size ? " [--size BYTES]" : "",
		with_size ?
		"  -s, --size BYTES add a buffer of BYTES to each message\n"
		"                   (above 12276 the server truncates)\n" : "");
}

int cs_client_parse(const char *prog, int with_size, int argc, char **argv,
		    struct cs_client_opts *o)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "chid", required_argument, NULL, 'c' },
		{ "count", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int have_pid = 0, have_chid = 0;
	unsigned long v;
	int c;

	o->device = 0;
	o->pid = 0;
	o->chid = 0;
	o->count = 1000;
	o->size = 0;
	o->verbose = 0;
	while ((c = getopt_long(argc, argv, with_size ? "p:c:n:s:d:vh" :
				"p:c:n:d:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (cs_parse_ulong(optarg, 1, INT_MAX, &v))
				goto bad;
			o->pid = (pid_t)v;
			have_pid = 1;
			break;
		case 'c':
			if (cs_parse_ulong(optarg, 0, UINT32_MAX, &v))
				goto bad;
			o->chid = (uint32_t)v;
			have_chid = 1;
			break;
		case 'n':
			if (cs_parse_ulong(optarg, 1, ULONG_MAX, &o->count))
				goto bad;
			break;
		case 's':
			/* getopt_long() accepts --size even without 's' above */
			if (!with_size)
				goto unknown;
			if (cs_parse_ulong(optarg, 0, 64ul << 20, &o->size))
				goto bad;
			break;
		case 'd':
			if (cs_parse_ulong(optarg, 0, INT_MAX, &v))
				goto bad;
			o->device = (int)v;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			client_usage(stdout, prog, with_size);
			exit(0);
		default:
			goto unknown;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog,
			argv[optind]);
		goto unknown;
	}
	if (!have_pid || !have_chid) {
		fprintf(stderr, "%s: --pid and --chid are required\n", prog);
		goto unknown;
	}
	return 0;
bad:
	fprintf(stderr, "%s: invalid value '%s' for -%c\n", prog, optarg, c);
unknown:
	client_usage(stderr, prog, with_size);
	return -1;
}
