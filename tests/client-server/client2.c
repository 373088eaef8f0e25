// SPDX-License-Identifier: GPL-2.0
/*
 * client2: send-receive round trips (STPLR_MSG_SEND_RECEIVE) with the seed
 * server.
 *
 * Each message is gathered from four buffers of 3, 3, 5 and 7 bytes (plus
 * one of --size bytes), and the reply lands in a buffer of at least 1 KiB.
 * The seed server echoes what it received, with the received length as
 * the status, so every reply is checked: status and lengths must be
 * min(sent, 12294) and the bytes must match.  Prints the elapsed time of
 * --count round trips.
 *
 * Exit status: 0 success, 1 a send failed or a reply was wrong, 2 usage
 * error.
 */
#include "common.h"

/* Byte @i of the optional extra buffer. */
static unsigned char extra_byte(size_t i)
{
	return (unsigned char)(i * 7u + 3u);
}

/* Byte @i of the whole message as sent. */
static unsigned char sent_byte(size_t i, const unsigned char *flat)
{
	return i < CS_PARTS_LEN ? flat[i] : extra_byte(i - CS_PARTS_LEN);
}

static int check_reply(unsigned long n, const struct stplr_send_result *res,
		       const unsigned char *reply, size_t reply_size,
		       size_t sent, const unsigned char *flat)
{
	size_t expect = sent < CS_SERVER_CAPACITY ? sent : CS_SERVER_CAPACITY;
	size_t i;

	if (res->status != (int64_t)expect || res->srclen != expect ||
	    res->len != (expect < reply_size ? expect : reply_size)) {
		fprintf(stderr, "client2: round trip %lu: status %lld, reply "
			"%llu of %llu bytes; expected %zu\n", n,
			(long long)res->status, (unsigned long long)res->len,
			(unsigned long long)res->srclen, expect);
		return -1;
	}
	for (i = 0; i < res->len; i++) {
		if (reply[i] != sent_byte(i, flat)) {
			fprintf(stderr, "client2: round trip %lu: reply byte "
				"%zu is %#x, expected %#x\n", n, i, reply[i],
				sent_byte(i, flat));
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct stplr_iov siov[CS_NPARTS + 1], riov;
	unsigned char flat[CS_PARTS_LEN];
	unsigned char *extra = NULL, *reply = NULL;
	struct stplr_send_result res;
	struct cs_client_opts o;
	struct stplr_query q;
	size_t reply_size, sent, i;
	unsigned int nsend = CS_NPARTS;
	uint64_t t0, t1;
	unsigned long k;
	uint32_t coid;
	int fd, ret, status = CS_EXIT_FAIL;

	if (cs_client_parse("client2", 1, argc, argv, &o))
		return CS_EXIT_USAGE;

	sent = CS_PARTS_LEN + o.size;
	reply_size = sent > 1024 ? sent : 1024;
	reply = malloc(reply_size);
	if (o.size)
		extra = malloc(o.size);
	if (!reply || (o.size && !extra)) {
		fprintf(stderr, "client2: out of memory\n");
		goto out_free;
	}

	cs_payload_iov(siov);
	memcpy(flat, cs_part0, 3);
	memcpy(flat + 3, cs_part1, 3);
	memcpy(flat + 6, cs_part2, 5);
	memcpy(flat + 11, cs_part3, 7);
	if (o.size) {
		for (i = 0; i < o.size; i++)
			extra[i] = extra_byte(i);
		stplr_iov_set(&siov[nsend++], extra, o.size);
	}
	stplr_iov_set(&riov, reply, reply_size);

	if (cs_open("client2", o.device, &fd, &q))
		goto out_free;
	ret = stplr_connect(fd, o.pid, o.chid, 0, &coid);
	if (ret) {
		fprintf(stderr, "client2: cannot connect to pid %ld chid %u: %s\n",
			(long)o.pid, o.chid, strerror(-ret));
		goto out_close;
	}

	t0 = cs_now_us();
	for (k = 1; k <= o.count; k++) {
		memset(reply, 0, reply_size);
		ret = stplr_msg_sendv(fd, coid, siov, nsend, &riov, 1,
				      STPLR_TIMEOUT_NONE, &res);
		if (ret) {
			fprintf(stderr, "client2: round trip %lu: send failed: %s\n",
				k, strerror(-ret));
			goto out_disconnect;
		}
		if (check_reply(k, &res, reply, reply_size, sent, flat))
			goto out_disconnect;
		if (o.verbose)
			printf("client2: round trip %lu: status %lld, reply "
			       "%llu of %llu bytes, ok\n", k,
			       (long long)res.status,
			       (unsigned long long)res.len,
			       (unsigned long long)res.srclen);
	}
	t1 = cs_now_us();

	printf("client2: %lu round trips in %llu us\n", o.count,
	       (unsigned long long)(t1 - t0));
	status = 0;

out_disconnect:
	ret = stplr_disconnect(fd, coid);
	if (ret) {
		fprintf(stderr, "client2: disconnect failed: %s\n",
			strerror(-ret));
		status = CS_EXIT_FAIL;
	}
out_close:
	stplr_ctx_close(fd);
out_free:
	free(extra);
	free(reply);
	return status;
}
