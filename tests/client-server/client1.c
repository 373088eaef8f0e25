// SPDX-License-Identifier: GPL-2.0
/*
 * client1: one-way messages (STPLR_MSG_SEND) to the seed server.
 *
 * Sends --count messages, each gathered from four buffers of 3, 3, 5 and
 * 7 bytes, and prints the elapsed time.  A one-way send returns once a
 * server thread has received the message; the server sees rcvid 0.
 *
 * Exit status: 0 success, 1 a send failed, 2 usage error.
 */
#include "common.h"

int main(int argc, char **argv)
{
	struct stplr_iov iov[CS_NPARTS];
	struct cs_client_opts o;
	struct stplr_query q;
	uint64_t t0, t1;
	unsigned long i;
	uint32_t coid;
	int fd, ret, status = CS_EXIT_FAIL;

	if (cs_client_parse("client1", 0, argc, argv, &o))
		return CS_EXIT_USAGE;
	if (cs_open("client1", o.device, &fd, &q))
		return CS_EXIT_FAIL;

	ret = stplr_connect(fd, o.pid, o.chid, 0, &coid);
	if (ret) {
		fprintf(stderr, "client1: cannot connect to pid %ld chid %u: %s\n",
			(long)o.pid, o.chid, strerror(-ret));
		goto out_close;
	}

	cs_payload_iov(iov);
	t0 = cs_now_us();
	for (i = 0; i < o.count; i++) {
		ret = stplr_msg_send_onewayv(fd, coid, iov, CS_NPARTS,
					     STPLR_TIMEOUT_NONE);
		if (ret) {
			fprintf(stderr, "client1: message %lu: send failed: %s\n",
				i + 1, strerror(-ret));
			goto out_disconnect;
		}
		if (o.verbose)
			printf("client1: message %lu: %d bytes delivered\n",
			       i + 1, CS_PARTS_LEN);
	}
	t1 = cs_now_us();

	printf("client1: %lu one-way messages in %llu us\n", o.count,
	       (unsigned long long)(t1 - t0));
	status = 0;

out_disconnect:
	ret = stplr_disconnect(fd, coid);
	if (ret) {
		fprintf(stderr, "client1: disconnect failed: %s\n",
			strerror(-ret));
		status = CS_EXIT_FAIL;
	}
out_close:
	stplr_ctx_close(fd);
	return status;
}
