// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-pool-server [THREADS]: a thread-pool server, QNX style.
 *
 * Uses only the QNX API (and POSIX threads).  One channel; THREADS
 * threads (default 4) all blocked in MsgReceive() on it, each message
 * going to exactly one of them.  POOL_WORK sleeps for the requested time
 * (standing in for real work) and replies with the thread's index;
 * POOL_QUIT replies and destroys the channel, which makes every other
 * thread's MsgReceive() fail with ESRCH, so the pool winds down.
 *
 * Prints "qnx-pool-server: pid P chid C threads N" and at the end one
 * "qnx-pool-server: thread I served N" line per thread.
 * Exit status: 0 after POOL_QUIT, 1 on error.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>

#include "pool.h"

#define MAX_THREADS	64

struct worker {
	pthread_t thr;
	unsigned int index;
	unsigned int served;
	int err;		/* errno that ended the loop */
};

static int chid;

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool_reply rep;
	struct pool_req req;
	struct timespec ts;
	int rcvid;

	for (;;) {
		rcvid = MsgReceive(chid, &req, sizeof(req), NULL);
		if (rcvid == -1) {
			if (errno == EINTR)
				continue;
			w->err = errno;
			return NULL;
		}
		if (rcvid == 0)
			continue;	/* a pulse: none expected */
		switch (req.type) {
		case POOL_WORK:
			ts.tv_sec = req.ms / 1000;
			ts.tv_nsec = (long)(req.ms % 1000) * 1000000;
			nanosleep(&ts, NULL);
			rep.thread = w->index;
			rep.served = ++w->served;
			MsgReply(rcvid, EOK, &rep, sizeof(rep));
			break;
		case POOL_QUIT:
			MsgReply(rcvid, EOK, NULL, 0);
			ChannelDestroy(chid);
			break;
		default:
			MsgError(rcvid, ENOSYS);
			break;
		}
	}
}

int main(int argc, char **argv)
{
	static struct worker workers[MAX_THREADS];
	int n = argc > 1 ? atoi(argv[1]) : 4, i, status = 0;

	if (n < 1 || n > MAX_THREADS) {
		fprintf(stderr, "usage: qnx-pool-server [THREADS (1-%d)]\n",
			MAX_THREADS);
		return 1;
	}
	chid = ChannelCreate(0);
	if (chid == -1) {
		perror("qnx-pool-server: ChannelCreate");
		return 1;
	}
	for (i = 0; i < n; i++) {
		workers[i].index = (unsigned int)i;
		if (pthread_create(&workers[i].thr, NULL, worker_main,
				   &workers[i])) {
			fprintf(stderr, "qnx-pool-server: pthread_create failed\n");
			return 1;
		}
	}
	printf("qnx-pool-server: pid %d chid %d threads %d\n", (int)getpid(),
	       chid, n);
	fflush(stdout);

	for (i = 0; i < n; i++) {
		pthread_join(workers[i].thr, NULL);
		printf("qnx-pool-server: thread %d served %u\n", i,
		       workers[i].served);
		if (workers[i].err != ESRCH) {
			fprintf(stderr, "qnx-pool-server: thread %d: %s\n", i,
				strerror(workers[i].err));
			status = 1;
		}
	}
	return status;
}
