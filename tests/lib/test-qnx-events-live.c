// SPDX-License-Identifier: GPL-2.0
/*
 * test-qnx-events-live: pulse timers, MsgInfo() and ConnectClientInfo()
 * against the stplr module, with the bad inputs of issue 9: a timer whose
 * channel is destroyed, an event naming a connection the process no
 * longer has, stale timer ids, a child after fork(), an unprivileged
 * pulse priority; and no descriptor or thread left behind.
 *
 * Built with `pkg-config --cflags --libs stplr-qnx` only.  TAP output.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/neutrino.h>
#include <sys/netmgr.h>
#include <sys/siginfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define MS	1000000LL

static int count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Receive one pulse within @ms; its code, or -errno. */
static int pulse_within(int chid, long long ms, struct _pulse *p)
{
	uint64_t ns = (uint64_t)(ms * MS);

	TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &ns, NULL);
	if (MsgReceivePulse(chid, p, sizeof(*p), NULL) == -1)
		return -errno;
	return p->code;
}

/* A pulse timer in *@t (kernel timer ids start at 0): 0, or -1. */
static int pulse_timer(timer_t *t, int coid, int code, int value, long ms,
		       long interval_ms)
{
	struct itimerspec it = { 0 };
	struct sigevent ev;

	SIGEV_PULSE_INIT(&ev, coid, SIGEV_PULSE_PRIO_INHERIT, code, value);
	if (timer_create(CLOCK_MONOTONIC, &ev, t) == -1)
		return -1;
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_nsec = ms % 1000 * MS;
	it.it_interval.tv_sec = interval_ms / 1000;
	it.it_interval.tv_nsec = interval_ms % 1000 * MS;
	return timer_settime(*t, 0, &it, NULL);
}

static void test_timers(void)
{
	struct itimerspec cur;
	struct _pulse p;
	int chid, coid, n, i, ok;
	timer_t t;

	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	tap_ok(chid >= 0 && coid >= 0, "channel %d, self connection %d", chid,
	       coid);

	/* periodic */
	pulse_timer(&t, coid, 4, 99, 10, 10);
	for (n = 0, ok = 1; n < 5; n++) {
		if (pulse_within(chid, 2000, &p) != 4 ||
		    p.value.sival_int != 99)
			ok = 0;
	}
	tap_ok(ok, "periodic pulse timer: 5 pulses with code 4, value 99");
	tap_ok(timer_getoverrun(t) >= 0, "timer_getoverrun: %d",
	       timer_getoverrun(t));
	tap_ok(timer_gettime(t, &cur) == 0 &&
	       cur.it_interval.tv_nsec == 10 * MS, "timer_gettime");
	tap_is(timer_delete(t), 0, "timer_delete");
	while (pulse_within(chid, 100, &p) >= 0)
		;	/* drain what was queued before the delete */
	tap_is(pulse_within(chid, 200, &p), -ETIMEDOUT,
	       "no pulse after timer_delete");
	is_errno(timer_delete(t), EINVAL, "timer_delete twice: EINVAL");
	is_errno(timer_settime(t, 0, &cur, NULL), EINVAL,
		 "timer_settime on a deleted timer: EINVAL");

	/* one-shot */
	pulse_timer(&t, coid, 5, 1, 20, 0);
	tap_is(pulse_within(chid, 2000, &p), 5, "one-shot: one pulse");
	tap_is(pulse_within(chid, 200, &p), -ETIMEDOUT, "... and only one");
	timer_delete(t);

	/* the connection goes away: pulses are dropped, nothing breaks */
	i = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	pulse_timer(&t, i, 6, 0, 5, 5);
	tap_is(ConnectDetach(i), 0, "the timer's connection is detached");
	usleep(50000);
	tap_is(pulse_within(chid, 100, &p) == 6 ? 0 : -1, -1,
	       "no pulse through a detached connection (or only queued ones)");
	tap_is(timer_delete(t), 0, "timer_delete after its coid went");

	/* the channel is destroyed under a running timer */
	i = ChannelCreate(0);
	n = ConnectAttach(ND_LOCAL_NODE, 0, i, _NTO_SIDE_CHANNEL, 0);
	pulse_timer(&t, n, 7, 0, 5, 5);
	usleep(20000);
	tap_is(ChannelDestroy(i), 0, "the timer's channel is destroyed");
	usleep(50000);
	tap_is(timer_delete(t), 0, "timer_delete after its channel went");
	ConnectDetach(n);

	ConnectDetach(coid);
	ChannelDestroy(chid);
}

static void test_no_leak(void)
{
	int fds, tasks, i, ok = 1, chid, coid;
	timer_t t;

	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	fds = count_dir("/proc/self/fd");
	tasks = count_dir("/proc/self/task");
	for (i = 0; i < 50; i++) {
		if (pulse_timer(&t, coid, 1, i, 1000, 0) || timer_delete(t))
			ok = 0;
	}
	tap_ok(ok, "50 pulse timers created and deleted");
	tap_is(count_dir("/proc/self/fd"), fds, "no descriptor left behind");
	tap_is(count_dir("/proc/self/task"), tasks, "no thread left behind");
	ConnectDetach(coid);
	ChannelDestroy(chid);
}

static void test_fork(void)
{
	int chid, coid, status;
	struct _pulse p;
	timer_t t;
	pid_t pid;

	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	pulse_timer(&t, coid, 2, 0, 1000, 1000);
	pid = fork();
	if (pid == 0) {
		int c, k, bad = 0;
		timer_t u;

		/* POSIX: timers are not inherited */
		errno = 0;
		if (timer_delete(t) != -1 || errno != EINVAL)
			bad |= 1;
		c = ChannelCreate(0);
		k = ConnectAttach(ND_LOCAL_NODE, 0, c, _NTO_SIDE_CHANNEL, 0);
		if (pulse_timer(&u, k, 3, 0, 10, 0) ||
		    pulse_within(c, 2000, &p) != 3)
			bad |= 2;
		_exit(bad);
	}
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "fork child: no inherited timer, its own pulse timer works (%#x)",
	       status);
	timer_delete(t);
	ConnectDetach(coid);
	ChannelDestroy(chid);
}

static void test_unprivileged_priority(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct sigevent ev;
		int chid, coid;
		timer_t t;

		if (setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(2);
		chid = ChannelCreate(0);
		coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL,
				     0);
		SIGEV_PULSE_INIT(&ev, coid, 139, 1, 0);
		errno = 0;
		if (timer_create(CLOCK_MONOTONIC, &ev, &t) != -1 ||
		    errno != EPERM)
			_exit(1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
		tap_skip("not root", "cannot become uid 65534");
		return;
	}
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "uid 65534: a pulse timer above its priority: EPERM");
}

static void *client(void *arg)
{
	int coid = *(int *)arg;
	int msg = 1;

	MsgSend(coid, &msg, sizeof(msg), NULL, 0);
	return NULL;
}

static void test_info(void)
{
	struct _client_info ci;
	struct _msg_info info, mi;
	pthread_t th;
	int chid, coid, rcvid, msg;

	chid = ChannelCreate(0);
	coid = ConnectAttach(ND_LOCAL_NODE, 0, chid, _NTO_SIDE_CHANNEL, 0);
	pthread_create(&th, NULL, client, &coid);
	rcvid = MsgReceive(chid, &msg, sizeof(msg), &info);
	tap_ok(rcvid > 0, "a message from a thread");
	memset(&mi, 0, sizeof(mi));
	msg = MsgInfo(rcvid, &mi);
	tap_ok(msg == 0 && mi.pid == getpid() && mi.tid == info.tid &&
	       mi.scoid == info.scoid, "MsgInfo while it waits: pid %d tid %d",
	       mi.pid, mi.tid);
	tap_ok(ConnectClientInfo(info.scoid, &ci, 8) == 0 &&
	       ci.pid == getpid() && ci.cred.euid == geteuid() &&
	       ci.cred.egid == getegid(),
	       "ConnectClientInfo: pid and credentials");
	is_errno(MsgInfo(rcvid, NULL), EFAULT, "MsgInfo(NULL): EFAULT");
	MsgReply(rcvid, EOK, NULL, 0);
	pthread_join(th, NULL);
	is_errno(MsgInfo(rcvid, &mi), ESRCH, "MsgInfo after the reply: ESRCH");
	is_errno(ConnectClientInfo(info.scoid, &ci, 8), ESRCH,
		 "ConnectClientInfo with no message waiting: ESRCH");
	is_errno(MsgInfo(0x7ffffff0, &mi), ESRCH, "MsgInfo of a bogus rcvid");
	tap_ok(ConnectClientInfo(-1, &ci, 8) == 0 && ci.pid == getpid() &&
	       ci.cred.ruid == getuid(), "ConnectClientInfo(-1): ourselves");
	ConnectDetach(coid);
	ChannelDestroy(chid);
}

int main(void)
{
	const char *dev = getenv("STPLR_DEVICE");
	char path[64];

	snprintf(path, sizeof(path), "/dev/stplr-%s", dev ? dev : "0");
	if (access(path, F_OK)) {
		printf("1..0 # SKIP %s does not exist\n", path);
		return 77;
	}
	tap_plan(28);
	test_timers();
	test_no_leak();
	test_fork();
	test_unprivileged_priority();
	test_info();
	return tap_done();
}
