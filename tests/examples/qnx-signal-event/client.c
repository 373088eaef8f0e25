// SPDX-License-Identifier: GPL-2.0
/*
 * qnx-signal-event client: asks the server to signal it when data is
 * ready, three ways, and waits for the signals with sigwaitinfo():
 *
 *  - SIGEV_SIGNAL_INIT(&ev, SIGUSR1): a plain signal to the process;
 *  - SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR2, DATA_VALUE, DATA_CODE): a
 *    signal with a code and a value, to the process;
 *  - SIGEV_SIGNAL_THREAD_INIT(&ev, SIGRTMIN, WORKER_VALUE, WORKER_CODE)
 *    from a worker thread: to the thread that sent that request only.
 *
 * The signals are blocked in every thread and taken synchronously, the
 * way QNX's MsgDeliverEvent() documentation suggests (SignalWaitinfo()).
 *
 * Usage: qnx-signal-event-client NAME
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>

#include "notify.h"

static int server_coid;

static int ask(struct sigevent *ev, uint32_t delay_ms)
{
	struct notify_msg msg;

	memset(&msg, 0, sizeof(msg));
	msg.type = MSG_NOTIFY_ME;
	msg.delay_ms = delay_ms;
	msg.event = *ev;
	if (MsgRegisterEvent(&msg.event, server_coid) == -1 ||
	    MsgSend(server_coid, &msg, sizeof(msg), NULL, 0) == -1) {
		perror("qnx-signal-event-client: MsgRegisterEvent/MsgSend");
		return -1;
	}
	return 0;
}

/* Waits at most 5 s for @signo; returns it, or -1. */
static int wait_for(int signo, siginfo_t *info)
{
	struct timespec ts = { 5, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, signo);
	return sigtimedwait(&set, info, &ts);
}

static void *worker(void *arg)
{
	struct sigevent ev;
	siginfo_t info;

	(void)arg;
	SIGEV_SIGNAL_THREAD_INIT(&ev, SIGRTMIN, WORKER_VALUE, WORKER_CODE);
	if (ask(&ev, 100))
		return (void *)1;
	if (wait_for(SIGRTMIN, &info) != SIGRTMIN ||
	    info.si_code != WORKER_CODE ||
	    info.si_value.sival_int != WORKER_VALUE) {
		fprintf(stderr, "qnx-signal-event-client: worker: wrong signal\n");
		return (void *)1;
	}
	printf("qnx-signal-event-client: worker thread: SIGRTMIN code %d value %d\n",
	       info.si_code, info.si_value.sival_int);
	return NULL;
}

int main(int argc, char **argv)
{
	struct sigevent ev;
	siginfo_t info;
	pthread_t th;
	sigset_t set;
	void *res;

	if (argc != 2)
		return 2;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	pthread_sigmask(SIG_BLOCK, &set, NULL);	/* the worker inherits it */

	server_coid = name_open(argv[1], 0);
	if (server_coid == -1) {
		perror("name_open");
		return 1;
	}
	SIGEV_SIGNAL_INIT(&ev, SIGUSR1);
	if (ask(&ev, 100))
		return 1;
	SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR2, DATA_VALUE, DATA_CODE);
	if (ask(&ev, 100))
		return 1;
	if (pthread_create(&th, NULL, worker, NULL))
		return 1;

	if (wait_for(SIGUSR1, &info) != SIGUSR1) {
		perror("qnx-signal-event-client: SIGUSR1");
		return 1;
	}
	printf("qnx-signal-event-client: SIGUSR1: data ready\n");
	if (wait_for(SIGUSR2, &info) != SIGUSR2 ||
	    info.si_code != DATA_CODE ||
	    info.si_value.sival_int != DATA_VALUE) {
		fprintf(stderr, "qnx-signal-event-client: wrong SIGUSR2\n");
		return 1;
	}
	printf("qnx-signal-event-client: SIGUSR2 code %d value %d\n",
	       info.si_code, info.si_value.sival_int);
	pthread_join(th, &res);
	if (res)
		return 1;
	printf("qnx-signal-event-client: notified\n");
	return 0;
}
