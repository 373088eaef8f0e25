// SPDX-License-Identifier: GPL-2.0
/*
 * STPLR_MSG_DELIVER_EVENT (QNX MsgDeliverEvent): a server queues a pulse on
 * the channel of one of its client's connections.  First the ways it can
 * be abused: servers the client is not connected to, other users, clients
 * that have gone or closed the connection, forged scoids, floods against
 * max_pulses, clients killed while events are delivered to them.
 */
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

static int t_deliver(int fd, uint32_t chid, uint32_t scoid, uint32_t coid,
		     int32_t code, uint32_t value)
{
	struct stplr_msg_event e = {
		.chid = chid, .scoid = scoid, .coid = coid,
		.code = code, .value = value,
	};

	return t_ioctl(fd, STPLR_MSG_DELIVER_EVENT, &e);
}

/* Takes one pulse off @chid without waiting; 0 or -errno. */
static int t_take_pulse(int fd, uint32_t chid, struct stplr_pulse *p)
{
	struct stplr_msg_receive r;
	int ret = t_receive_full(fd, chid, STPLR_F_TIMEOUT, 0, NULL, 0, &r);

	if (!ret && !(r.info.flags & STPLR_INFO_PULSE))
		return -EPROTO;
	if (!ret)
		*p = r.pulse;
	return ret;
}

/* Waits (at most 10 s) for one pulse on @chid; 0 or -errno. */
static int t_take_pulse_wait(int fd, uint32_t chid, struct stplr_pulse *p)
{
	struct stplr_msg_receive r;
	int ret = t_receive_full(fd, chid, STPLR_F_TIMEOUT, 10000000000LL,
				 NULL, 0, &r);

	if (!ret && !(r.info.flags & STPLR_INFO_PULSE))
		return -EPROTO;
	if (!ret)
		*p = r.pulse;
	return ret;
}

/*
 * The scoid of @cfd as @sfd's channel @schid sees it: @cfd sends a pulse
 * on @coid (its connection to @schid) and the server takes it (and any
 * module pulse queued before it).
 */
static int t_learn_scoid(int sfd, uint32_t schid, int cfd, uint32_t coid,
			 uint32_t *scoid)
{
	struct stplr_pulse p = { 0 };
	int ret = t_pulse(cfd, coid, 5, 55);

	while (!ret && p.code != 5)
		ret = t_take_pulse(sfd, schid, &p);
	if (!ret)
		*scoid = p.scoid;
	return ret;
}

/*
 * A server context (@sfd, channel @schid) and a client context (@cfd) with
 * its own channel @cchid, a connection @self to it, and a connection
 * @to_srv to the server.  @scoid: the client as the server knows it.
 */
FIXTURE(ev) {
	int sfd, cfd;
	uint32_t schid, cchid, self, to_srv, scoid;
};

FIXTURE_SETUP(ev)
{
	self->sfd = t_open();
	self->cfd = t_open();
	ASSERT_GE(self->sfd, 0);
	ASSERT_GE(self->cfd, 0);
	ASSERT_EQ(0, t_channel_mode(self->sfd, 0666, &self->schid));
	ASSERT_EQ(0, t_channel(self->cfd, &self->cchid));
	ASSERT_EQ(0, t_connect(self->cfd, 0, self->cchid, &self->self));
	ASSERT_EQ(0, t_connect(self->cfd, 0, self->schid, &self->to_srv));
	ASSERT_EQ(0, t_learn_scoid(self->sfd, self->schid, self->cfd,
				   self->to_srv, &self->scoid));
}

FIXTURE_TEARDOWN(ev)
{
	close(self->cfd);
	close(self->sfd);
}

TEST(feature_and_ioctl_are_reported)
{
	struct stplr_query q = { 0 };
	int fd = t_open();

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_ioctl(fd, STPLR_IOC_QUERY, &q));
	EXPECT_TRUE(q.features & STPLR_FEAT_DELIVER_EVENT);
	EXPECT_TRUE(q.features & STPLR_FEAT_EVENT_SIGNAL);
	EXPECT_TRUE(q.ioctls & (1ULL << _IOC_NR(STPLR_MSG_DELIVER_EVENT)));
	/* One layout for 32- and 64-bit callers: no padding, no pointer. */
	EXPECT_EQ(48, sizeof(struct stplr_msg_event));
	close(fd);
}

TEST_F(ev, pulse_reaches_the_clients_own_channel)
{
	struct stplr_pulse p;
	int i;

	/* Repeatedly, long after the only message (a pulse) was taken. */
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, t_deliver(self->sfd, self->schid, self->scoid,
				       self->self, 7, 0xabc0 + i));
		ASSERT_EQ(0, t_take_pulse(self->cfd, self->cchid, &p));
		EXPECT_EQ(7, p.code);
		EXPECT_EQ(0xabc0 + i, p.value);
		EXPECT_EQ(self->scoid, p.scoid);
	}
	/* Nothing arrived anywhere else. */
	EXPECT_EQ(-ETIMEDOUT, t_take_pulse(self->sfd, self->schid, &p));
}

/* A child that sends one two-way message on @coid of @fd. */
static __attribute__((noinline)) pid_t send_one(int fd, uint32_t coid)
{
	pid_t c = fork();
	char b;

	if (c == 0)
		_exit(t_send(fd, coid, "n", 1, &b, 1, NULL) ? 1 : 0);
	return c;
}

TEST_F(ev, after_a_reply)
{
	struct stplr_msg_info info;
	struct stplr_pulse p;
	int64_t rcvid;
	char b;
	pid_t c;

	/* A two-way message from the client, replied to; then the event. */
	c = send_one(self->cfd, self->to_srv);
	rcvid = t_receive(self->sfd, self->schid, &b, 1, &info);
	ASSERT_GT(rcvid, 0);
	ASSERT_TRUE(info.scoid == self->scoid && info.chid == self->schid);
	ASSERT_EQ(0, t_reply(self->sfd, (uint64_t)rcvid, 0, "r", 1));
	ASSERT_EQ(0, t_child_status(c));
	ASSERT_EQ(0, t_deliver(self->sfd, info.chid, info.scoid, self->self,
			       1, 2));
	ASSERT_EQ(0, t_take_pulse(self->cfd, self->cchid, &p));
	EXPECT_EQ(2, p.value);
}

TEST_F(ev, hostile_arguments)
{
	struct stplr_msg_event e = {
		.chid = self->schid, .scoid = self->scoid, .coid = self->self,
		.code = 1,
	};
	struct stplr_pulse p;

	e.flags = 2;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = 1ULL << 63;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = 0;
	e.reserved = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.reserved = 0;
	/* The signal fields are not for pulses. */
	e.sigval = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.sigval = 0;
	e.tid = (uint32_t)getpid();
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = STPLR_EVENT_F_THREAD;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = 0;
	e.tid = 0;
	e.priority = 3;		/* without STPLR_EVENT_F_PRIORITY */
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = STPLR_EVENT_F_PRIORITY;
	e.priority = 140;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = 0;
	e.priority = 0;
	e.code = STPLR_PULSE_CODE_MAX + 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.code = -1;	/* the module's own codes are not for users */
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	EXPECT_EQ(-EFAULT, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, NULL));
	EXPECT_EQ(-EFAULT, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT,
				   (void *)4096));
	/* Wrong direction or size: an unknown command. */
	EXPECT_EQ(-ENOTTY, t_ioctl(self->sfd, _IOWR(STPLR_IOC_MAGIC,
		  _IOC_NR(STPLR_MSG_DELIVER_EVENT), struct stplr_msg_event), &e));
	/* Nothing was queued by any of these. */
	EXPECT_EQ(-ETIMEDOUT, t_take_pulse(self->cfd, self->cchid, &p));
}

/* Only a server whose channel the client is connected to may deliver. */
TEST_F(ev, only_the_clients_server)
{
	uint32_t other_chid, bystander;
	int ofd = t_open();

	ASSERT_GE(ofd, 0);
	/* Another context naming the server's chid: not its channel. */
	EXPECT_EQ(-ESRCH, t_deliver(ofd, self->schid, self->scoid,
				    self->self, 1, 1));
	/* ...nor with a channel of its own that the client never used. */
	ASSERT_EQ(0, t_channel_mode(ofd, 0666, &other_chid));
	EXPECT_EQ(-ESRCH, t_deliver(ofd, other_chid, self->scoid,
				    self->self, 1, 1));
	/* The right server, a forged scoid (its own, or a near guess). */
	ASSERT_EQ(0, t_connect(ofd, 0, self->schid, &bystander));
	EXPECT_EQ(-ESRCH, t_deliver(self->sfd, self->schid, self->scoid + 1000,
				    self->self, 1, 1));
	EXPECT_EQ(-ESRCH, t_deliver(self->sfd, self->schid, 0, self->self, 1, 1));
	/* The client's own channel is not the server's to deliver through. */
	EXPECT_EQ(-ESRCH, t_deliver(self->sfd, self->cchid, self->scoid,
				    self->self, 1, 1));
	close(ofd);
}

/* Another user's process cannot deliver to root's client. */
TEST_F(ev, another_user)
{
	pid_t c = fork();

	if (c == 0) {
		uint32_t chid, coid;
		int fd;

		if (t_become_nobody())
			_exit(2);
		fd = t_open();
		if (fd < 0 || t_channel_mode(fd, 0666, &chid))
			_exit(3);
		if (t_deliver(fd, self->schid, self->scoid, self->self, 1, 1) != -ESRCH)
			_exit(4);
		if (t_deliver(fd, chid, self->scoid, self->self, 1, 1) != -ESRCH)
			_exit(5);
		/* Connected itself to root's server: still not its server. */
		if (t_connect(fd, getppid(), self->schid, &coid) ||
		    t_deliver(fd, self->schid, self->scoid, self->self, 1, 1) != -ESRCH)
			_exit(6);
		_exit(0);
	}
	EXPECT_EQ(0, t_child_status(c));
}

TEST_F(ev, priority_above_the_callers_needs_cap_sys_nice)
{
	struct stplr_msg_event e = {
		.flags = STPLR_EVENT_F_PRIORITY, .chid = self->schid,
		.scoid = self->scoid, .coid = self->self, .code = 1,
		.priority = 25,	/* above nice 0 (19), still SCHED_OTHER */
	};
	struct stplr_msg_receive r;
	pid_t c;

	/* root may */
	ASSERT_EQ(0, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	ASSERT_EQ(0, t_receive_full(self->cfd, self->cchid, STPLR_F_TIMEOUT, 0,
				    NULL, 0, &r));
	EXPECT_EQ(25, r.info.priority);
	/* the same server after dropping privilege may not */
	c = fork();
	if (c == 0) {
		if (t_become_nobody())
			_exit(2);
		if (t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e) != -EPERM)
			_exit(3);
		e.priority = 139;
		if (t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e) != -EPERM)
			_exit(3);
		e.flags = 0;
		e.priority = 0;
		_exit(t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e) ? 4 : 0);
	}
	EXPECT_EQ(0, t_child_status(c));
	EXPECT_EQ(0, t_receive_full(self->cfd, self->cchid, STPLR_F_TIMEOUT, 0,
				    NULL, 0, &r));
	EXPECT_GT(25, r.info.priority);
}

TEST_F(ev, stale_coid_is_ebadf)
{
	uint32_t spare;

	/* Never a connection of the client. */
	EXPECT_EQ(-EBADF, t_deliver(self->sfd, self->schid, self->scoid, 999, 1, 1));
	/* A connection the client closed. */
	ASSERT_EQ(0, t_connect(self->cfd, 0, self->cchid, &spare));
	ASSERT_EQ(0, t_disconnect(self->cfd, spare));
	EXPECT_EQ(-EBADF, t_deliver(self->sfd, self->schid, self->scoid, spare, 1, 1));
	/* A connection of the *server* with the same number does not count. */
	EXPECT_EQ(-EBADF, t_deliver(self->sfd, self->schid, self->scoid,
				    self->to_srv + 100, 1, 1));
}

TEST_F(ev, destination_channel_destroyed_is_esrch)
{
	ASSERT_EQ(0, t_channel_destroy(self->cfd, self->cchid));
	EXPECT_EQ(-ESRCH, t_deliver(self->sfd, self->schid, self->scoid,
				    self->self, 1, 1));
}

TEST_F(ev, client_that_left_or_went_is_esrch)
{
	/* Disconnected from the server: no longer its client. */
	ASSERT_EQ(0, t_disconnect(self->cfd, self->to_srv));
	EXPECT_EQ(-ESRCH, t_deliver(self->sfd, self->schid, self->scoid,
				    self->self, 1, 1));
	ASSERT_EQ(0, t_connect(self->cfd, 0, self->schid, &self->to_srv));
	EXPECT_EQ(0, t_deliver(self->sfd, self->schid, self->scoid,
			       self->self, 1, 1));
	/* The client closed its context (a queued pulse goes with it). */
	close(self->cfd);
	self->cfd = t_open();
	EXPECT_EQ(-ESRCH, t_deliver(self->sfd, self->schid, self->scoid,
				    self->self, 1, 1));
}

TEST_F(ev, server_channel_destroyed_is_esrch)
{
	ASSERT_EQ(0, t_channel_destroy(self->sfd, self->schid));
	EXPECT_EQ(-ESRCH, t_deliver(self->sfd, self->schid, self->scoid,
				    self->self, 1, 1));
}

TEST_F(ev, flood_stops_at_max_pulses)
{
	long max = t_param_get("max_pulses");
	struct stplr_pulse p;
	int i, n = 0, ret = 0;

	ASSERT_GT(max, 0);
	ASSERT_EQ(0, t_param_set("max_pulses", 4));
	for (i = 0; i < 1000 && !ret; i++) {
		ret = t_deliver(self->sfd, self->schid, self->scoid, self->self,
				1, (uint32_t)i);
		n += !ret;
	}
	EXPECT_EQ(-EAGAIN, ret);
	EXPECT_EQ(4, n);
	/* The client's own pulses count against the same pool. */
	EXPECT_EQ(-EAGAIN, t_pulse(self->cfd, self->self, 1, 1));
	ASSERT_EQ(0, t_take_pulse(self->cfd, self->cchid, &p));
	EXPECT_EQ(0, p.value);
	EXPECT_EQ(0, t_deliver(self->sfd, self->schid, self->scoid, self->self,
			       1, 99));
	ASSERT_EQ(0, t_param_set("max_pulses", (unsigned int)max));
	/* The queued ones go with the client (kmemleak watches). */
}

/*
 * A client that went while the server had not yet received its DISCONNECT
 * pulse, and a new context that got the same (reused) scoid: delivery
 * reaches the new context, never the old one's freed memory (KASAN).
 */
TEST(reused_scoid_with_disconnect_pending)
{
	uint32_t schid, chid, self_coid, to_srv, old_scoid, new_scoid;
	int sfd = t_open(), a, b;
	struct stplr_pulse p;

	ASSERT_GE(sfd, 0);
	ASSERT_EQ(0, t_channel_flags(sfd, STPLR_CHF_DISCONNECT, &schid));
	a = t_open();
	ASSERT_GE(a, 0);
	ASSERT_EQ(0, t_connect(a, 0, schid, &to_srv));
	ASSERT_EQ(0, t_learn_scoid(sfd, schid, a, to_srv, &old_scoid));
	close(a);	/* DISCONNECT queued, not received: the record stays */
	b = t_open();
	ASSERT_GE(b, 0);
	ASSERT_EQ(0, t_channel(b, &chid));
	ASSERT_EQ(0, t_connect(b, 0, chid, &self_coid));
	ASSERT_EQ(0, t_connect(b, 0, schid, &to_srv));
	ASSERT_EQ(0, t_learn_scoid(sfd, schid, b, to_srv, &new_scoid));
	if (new_scoid != old_scoid)
		TH_LOG("scoid %u not reused (%u): the race is not exercised",
		       old_scoid, new_scoid);
	ASSERT_EQ(0, t_deliver(sfd, schid, new_scoid, self_coid, 3, 33));
	ASSERT_EQ(0, t_take_pulse(b, chid, &p));
	EXPECT_EQ(33, p.value);
	EXPECT_EQ(new_scoid, p.scoid);
	close(b);
	close(sfd);
}

/*
 * Clients killed while the server delivers to them: every delivery either
 * queues or fails cleanly, and once the client is gone it is ESRCH.
 */
/*
 * 20 rounds of a fork, up to 2,000 deliveries and a kill: well past the
 * harness's 30 s default under KASAN on a loaded 2-core host (it timed out
 * there twice), so the test gets its own limit.
 */
FIXTURE(slow) {
	int unused;
};

FIXTURE_SETUP(slow) {}
FIXTURE_TEARDOWN(slow) {}

TEST_F_TIMEOUT(slow, killed_client_mid_delivery, 240)
{
	int sfd = t_open(), round;
	pid_t srv = getpid();
	uint32_t schid;

	ASSERT_GE(sfd, 0);
	ASSERT_EQ(0, t_channel_mode(sfd, 0666, &schid));
	for (round = 0; round < 20; round++) {
		int go[2], i, ret = 0, bad = 0;
		struct stplr_pulse p;
		pid_t c;

		ASSERT_EQ(0, pipe(go));
		c = fork();
		if (c == 0) {
			uint32_t chid, self_coid, to_srv;
			int fd = t_open();
			char b;

			if (fd < 0 || t_channel(fd, &chid) ||
			    t_connect(fd, 0, chid, &self_coid) ||
			    t_connect(fd, srv, schid, &to_srv) ||
			    t_pulse(fd, to_srv, 1, self_coid))
				_exit(1);
			/* Keep taking pulses until killed. */
			if (read(go[0], &b, 1) != 1)
				_exit(1);
			for (;;) {
				struct stplr_msg_receive r;

				t_receive_full(fd, chid, 0, 0, NULL, 0, &r);
			}
		}
		close(go[0]);
		ASSERT_EQ(0, t_take_pulse_wait(sfd, schid, &p));
		ASSERT_EQ(0, write(go[1], "g", 1) == 1 ? 0 : -1);
		close(go[1]);
		for (i = 0; i < 2000; i++) {
			if (i == 200 + round * 50)
				kill(c, SIGKILL);
			ret = t_deliver(sfd, schid, p.scoid, p.value, 1, (uint32_t)i);
			if (ret && ret != -EAGAIN && ret != -ESRCH && ret != -EBADF)
				bad++;
			if (ret == -ESRCH && i > 200 + round * 50)
				break;
		}
		EXPECT_EQ(0, bad);
		EXPECT_EQ(128 + SIGKILL, t_child_status(c));
		EXPECT_EQ(-ESRCH, t_deliver(sfd, schid, p.scoid, p.value, 1, 0));
	}
	close(sfd);
}

/*
 * Signals (STPLR_EVENT_F_SIGNAL): the client's process or thread gets a
 * signal.  First the abuse: servers that could not kill() the client,
 * clients gone or whose pid was reused, hostile fields, floods; then what
 * the client sees (siginfo, EINTR of its blocked send).
 */
static int t_signal(int fd, uint32_t chid, uint32_t scoid, uint64_t flags,
		    uint32_t signo, int32_t code, uint64_t sigval, uint32_t tid)
{
	struct stplr_msg_event e = {
		.flags = STPLR_EVENT_F_SIGNAL | flags, .chid = chid,
		.scoid = scoid, .signo = signo, .code = code,
		.sigval = sigval, .tid = tid,
	};

	return t_ioctl(fd, STPLR_MSG_DELIVER_EVENT, &e);
}

/* Blocks @sig in the calling thread. */
static void t_block(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/* Waits at most @ms for @sig (blocked); its si_code, or -errno. */
static int t_wait_sig(int sig, int ms, siginfo_t *si)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigtimedwait(&set, si, &ts) != sig)
		return -errno;
	return si->si_code;
}

/* The value a 32-bit client sees of a 64-bit sigval. */
#define T_SIGVAL	0x1122334455667788ULL
#define T_SIGVAL_SEEN	((uintptr_t)T_SIGVAL)

TEST_F(ev, signal_reaches_the_client_process)
{
	siginfo_t si;

	t_block(SIGUSR1);
	/* SIGEV_SIGNAL: kill(2) semantics, SI_USER from the server. */
	ASSERT_EQ(0, t_signal(self->sfd, self->schid, self->scoid, 0, SIGUSR1,
			      0, 0, 0));
	ASSERT_EQ(SI_USER, t_wait_sig(SIGUSR1, 2000, &si));
	EXPECT_EQ(getpid(), si.si_pid);
	EXPECT_EQ(getuid(), si.si_uid);
	/* SIGEV_SIGNAL_CODE: QNX's code and the whole value. */
	ASSERT_EQ(0, t_signal(self->sfd, self->schid, self->scoid, 0, SIGUSR1,
			      -70, T_SIGVAL, 0));
	ASSERT_EQ(-70, t_wait_sig(SIGUSR1, 2000, &si));
	EXPECT_EQ(T_SIGVAL_SEEN, (uintptr_t)si.si_value.sival_ptr);
	EXPECT_EQ(getpid(), si.si_pid);
	/* The lowest code, and a real-time signal. */
	t_block(SIGRTMIN + 1);
	ASSERT_EQ(0, t_signal(self->sfd, self->schid, self->scoid, 0,
			      SIGRTMIN + 1, STPLR_SIGNAL_CODE_MIN, 5, 0));
	ASSERT_EQ(STPLR_SIGNAL_CODE_MIN, t_wait_sig(SIGRTMIN + 1, 2000, &si));
	EXPECT_EQ(5, si.si_value.sival_int);
	/* Nothing else is pending, and no pulse was queued anywhere. */
	EXPECT_EQ(-EAGAIN, t_wait_sig(SIGUSR1, 0, &si));
}

struct t_waiter {
	pid_t tid;
	int code;
	uint64_t value;
	volatile int ready;
};

static void *t_waiter_main(void *arg)
{
	struct t_waiter *w = arg;
	siginfo_t si;

	t_block(SIGUSR2);
	w->tid = t_gettid();
	__atomic_store_n(&w->ready, 1, __ATOMIC_RELEASE);
	w->code = t_wait_sig(SIGUSR2, 10000, &si);
	w->value = (uintptr_t)si.si_value.sival_ptr;
	return NULL;
}

/* SIGEV_SIGNAL_THREAD: to that thread only, never to another process's. */
TEST_F(ev, signal_to_one_thread)
{
	struct t_waiter w = { 0 };
	pthread_t th;
	siginfo_t si;
	pid_t c;

	t_block(SIGUSR2);
	ASSERT_EQ(0, pthread_create(&th, NULL, t_waiter_main, &w));
	while (!__atomic_load_n(&w.ready, __ATOMIC_ACQUIRE))
		usleep(1000);
	/* A thread of another process (here: a child) is refused. */
	c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	EXPECT_EQ(-ESRCH, t_signal(self->sfd, self->schid, self->scoid,
				   STPLR_EVENT_F_THREAD, SIGUSR2, -65, 1,
				   (uint32_t)c));
	kill(c, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	/* The process's own thread: only it gets the signal. */
	ASSERT_EQ(0, t_signal(self->sfd, self->schid, self->scoid,
			      STPLR_EVENT_F_THREAD, SIGUSR2, -65, T_SIGVAL,
			      (uint32_t)w.tid));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(-65, w.code);
	EXPECT_EQ(T_SIGVAL_SEEN, w.value);
	EXPECT_EQ(-EAGAIN, t_wait_sig(SIGUSR2, 0, &si));
	/* That thread has exited: its id names nobody now. */
	EXPECT_EQ(-ESRCH, t_signal(self->sfd, self->schid, self->scoid,
				   STPLR_EVENT_F_THREAD, SIGUSR2, -65, 1,
				   (uint32_t)w.tid));
	/* A thread-directed SI_USER signal to the main thread. */
	ASSERT_EQ(0, t_signal(self->sfd, self->schid, self->scoid,
			      STPLR_EVENT_F_THREAD, SIGUSR2, 0, 0,
			      (uint32_t)t_gettid()));
	EXPECT_EQ(SI_USER, t_wait_sig(SIGUSR2, 2000, &si));
}

TEST_F(ev, signal_hostile_arguments)
{
	struct stplr_msg_event e = {
		.flags = STPLR_EVENT_F_SIGNAL, .chid = self->schid,
		.scoid = self->scoid, .signo = SIGUSR1, .code = -70,
	};
	static const uint32_t bad_signo[] = { 0, 65, 1000, 0x80000001u };
	static const int32_t bad_code[] = { 1, 127, -129, -6 /* SI_TKILL */,
					    INT32_MIN, INT32_MAX };
	siginfo_t si;
	unsigned int i;

	t_block(SIGUSR1);
	for (i = 0; i < sizeof(bad_signo) / sizeof(bad_signo[0]); i++) {
		e.signo = bad_signo[i];
		EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	}
	e.signo = SIGUSR1;
	for (i = 0; i < sizeof(bad_code) / sizeof(bad_code[0]); i++) {
		e.code = bad_code[i];
		EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	}
	/* SI_USER carries no value. */
	e.code = 0;
	e.sigval = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.code = -70;
	e.sigval = 0;
	/* Pulse fields, unknown flags, reserved, thread without a tid. */
	e.value = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.value = 0;
	e.priority = 10;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags |= STPLR_EVENT_F_PRIORITY;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.priority = 0;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = STPLR_EVENT_F_SIGNAL | (1ULL << 3);
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = STPLR_EVENT_F_SIGNAL | (1ULL << 63);
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = STPLR_EVENT_F_SIGNAL;
	e.reserved = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.reserved = 0;
	e.flags = STPLR_EVENT_F_SIGNAL | STPLR_EVENT_F_THREAD;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.tid = 0xffffffffu;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.flags = STPLR_EVENT_F_SIGNAL;
	e.tid = (uint32_t)getpid();	/* a tid without F_THREAD */
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.tid = 0;
	/* Names nobody: not the caller's channel, a forged scoid. */
	e.chid = self->cchid;
	EXPECT_EQ(-ESRCH, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.chid = self->schid;
	e.scoid = self->scoid + 1000;
	EXPECT_EQ(-ESRCH, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	/* None of these sent anything. */
	EXPECT_EQ(-EAGAIN, t_wait_sig(SIGUSR1, 0, &si));
}

/*
 * A process of uid 65534 serving root's client: connected, but it could
 * not kill() the client, so no signal (its pulses still go).
 */
TEST_F(ev, signal_from_a_server_that_could_not_kill_is_eperm)
{
	struct stplr_pulse p;
	siginfo_t si;
	pid_t c;

	t_block(SIGUSR1);
	c = fork();
	if (c == 0) {
		if (t_become_nobody())
			_exit(2);
		if (t_signal(self->sfd, self->schid, self->scoid, 0, SIGUSR1,
			     0, 0, 0) != -EPERM)
			_exit(3);
		if (t_signal(self->sfd, self->schid, self->scoid, 0, SIGUSR1,
			     -70, 1, 0) != -EPERM)
			_exit(4);
		if (t_signal(self->sfd, self->schid, self->scoid,
			     STPLR_EVENT_F_THREAD, SIGUSR1, -70, 1,
			     (uint32_t)getppid()) != -EPERM)
			_exit(5);
		if (t_signal(self->sfd, self->schid, self->scoid, 0, SIGKILL,
			     0, 0, 0) != -EPERM)
			_exit(6);
		_exit(t_deliver(self->sfd, self->schid, self->scoid,
				self->self, 1, 9) ? 7 : 0);
	}
	EXPECT_EQ(0, t_child_status(c));
	EXPECT_EQ(-EAGAIN, t_wait_sig(SIGUSR1, 0, &si));
	ASSERT_EQ(0, t_take_pulse(self->cfd, self->cchid, &p));
	EXPECT_EQ(9, p.value);
}

/*
 * The reverse: a client of uid 65534 and a root server, which may (as
 * kill() may); and a client of uid 65534 that a server of uid 65533
 * could not signal.
 */
TEST(signal_to_another_users_client)
{
	int sfd = t_open(), go[2], done[2];
	uint32_t schid, scoid;
	struct stplr_pulse p;
	char b = 0;
	pid_t c, o;

	ASSERT_GE(sfd, 0);
	ASSERT_EQ(0, t_channel_mode(sfd, 0666, &schid));
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));
	c = fork();
	if (c == 0) {
		uint32_t coid;
		siginfo_t si;
		int fd;

		t_block(SIGUSR1);
		if (t_become_nobody())
			_exit(2);
		fd = t_open();
		if (fd < 0 || t_connect(fd, getppid(), schid, &coid) ||
		    t_pulse(fd, coid, 5, 0))
			_exit(3);
		if (read(go[0], &b, 1) != 1)
			_exit(4);
		if (t_wait_sig(SIGUSR1, 10000, &si) != -71 ||
		    si.si_uid != 0 || si.si_pid != getppid() ||
		    si.si_value.sival_int != 7)
			_exit(5);
		if (write(done[1], "d", 1) != 1)
			_exit(6);
		/* Kept connected until the other server tried. */
		_exit(read(go[0], &b, 1) == 1 ? 0 : 7);
	}
	ASSERT_EQ(0, t_take_pulse_wait(sfd, schid, &p));
	scoid = p.scoid;
	ASSERT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ(0, t_signal(sfd, schid, scoid, 0, SIGUSR1, -71, 7, 0));
	ASSERT_EQ(1, read(done[0], &b, 1));
	/* uid 65533 is not the client's uid: EPERM. */
	o = fork();
	if (o == 0) {
		if (setgroups(0, NULL) || setgid(65533) || setuid(65533))
			_exit(2);
		_exit(t_signal(sfd, schid, scoid, 0, SIGUSR1, 0, 0, 0) ==
		      -EPERM ? 0 : 3);
	}
	EXPECT_EQ(0, t_child_status(o));
	ASSERT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ(0, t_child_status(c));
	close(sfd);
}

/* clone3()'s arguments up to set_tid (CLONE_ARGS_SIZE_VER1). */
struct t_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size;
};

/*
 * fork() with the pid @want (clone3() with set_tid, root only): the
 * child's pid, 0 in the child, or -1 when @want cannot be had.
 */
static pid_t t_fork_pid(pid_t want)
{
	struct t_clone_args a = {
		.exit_signal = SIGCHLD, .set_tid = t_ptr(&want), .set_tid_size = 1,
	};

	return (pid_t)syscall(__NR_clone3, &a, sizeof(a));
}

/*
 * The client context outlives the process that opened it (a fork()
 * child holds it), and its pid is given to a new process: the signal
 * reaches neither, it fails with ESRCH.
 */
TEST(signal_to_a_client_whose_process_exited_and_pid_was_reused)
{
	int sfd = t_open(), sync[2];
	uint32_t schid, scoid;
	struct stplr_pulse p;
	pid_t opener, reuse;
	char b;

	ASSERT_GE(sfd, 0);
	ASSERT_EQ(0, t_channel_mode(sfd, 0666, &schid));
	ASSERT_EQ(0, pipe(sync));
	opener = fork();
	if (opener == 0) {
		uint32_t coid;
		int fd = t_open();

		if (fd < 0 || t_connect(fd, getppid(), schid, &coid))
			_exit(1);
		/* The heir keeps the context (and its connection). */
		if (fork() == 0) {
			if (read(sync[0], &b, 1) < 0)
				_exit(1);
			_exit(0);
		}
		_exit(t_pulse(fd, coid, 5, 0) ? 1 : 0);
	}
	ASSERT_EQ(0, t_child_status(opener));
	ASSERT_EQ(0, t_take_pulse_wait(sfd, schid, &p));
	scoid = p.scoid;
	/* The context is alive (the heir holds it), its opener is not. */
	EXPECT_EQ(-ESRCH, t_signal(sfd, schid, scoid, 0, SIGUSR1, 0, 0, 0));
	EXPECT_EQ(-ESRCH, t_signal(sfd, schid, scoid, 0, SIGUSR1, -70, 1, 0));
	EXPECT_EQ(-ESRCH, t_signal(sfd, schid, scoid, STPLR_EVENT_F_THREAD,
				   SIGUSR1, -70, 1, (uint32_t)opener));
	/* A new process with the opener's pid: still nobody to signal. */
	reuse = t_fork_pid(opener);
	if (reuse == 0) {
		sleep(10);
		_exit(0);
	}
	ASSERT_EQ(opener, reuse);
	EXPECT_EQ(-ESRCH, t_signal(sfd, schid, scoid, 0, SIGUSR1, 0, 0, 0));
	EXPECT_EQ(-ESRCH, t_signal(sfd, schid, scoid, 0, SIGUSR1, -70, 1, 0));
	EXPECT_EQ(-ESRCH, t_signal(sfd, schid, scoid, STPLR_EVENT_F_THREAD,
				   SIGUSR1, -70, 1, (uint32_t)reuse));
	/* Had it been signalled, SIGUSR1 would have killed it. */
	kill(reuse, SIGTERM);
	EXPECT_EQ(128 + SIGTERM, t_child_status(reuse));
	ASSERT_EQ(1, write(sync[1], "x", 1));
	close(sync[1]);
	while (wait(NULL) > 0)
		;
	close(sfd);
}

TEST_F(ev, signal_to_a_client_that_left_is_esrch)
{
	siginfo_t si;

	t_block(SIGUSR1);
	ASSERT_EQ(0, t_disconnect(self->cfd, self->to_srv));
	EXPECT_EQ(-ESRCH, t_signal(self->sfd, self->schid, self->scoid, 0,
				   SIGUSR1, 0, 0, 0));
	ASSERT_EQ(0, t_connect(self->cfd, 0, self->schid, &self->to_srv));
	close(self->cfd);
	self->cfd = t_open();
	EXPECT_EQ(-ESRCH, t_signal(self->sfd, self->schid, self->scoid, 0,
				   SIGUSR1, -70, 1, 0));
	ASSERT_EQ(0, t_channel_destroy(self->sfd, self->schid));
	EXPECT_EQ(-ESRCH, t_signal(self->sfd, self->schid, self->scoid, 0,
				   SIGUSR1, -70, 1, 0));
	EXPECT_EQ(-EAGAIN, t_wait_sig(SIGUSR1, 0, &si));
}

/*
 * Floods: a standard signal merges into the one pending (every call
 * succeeds, one arrives); real-time signals with a value queue up to the
 * client user's RLIMIT_SIGPENDING, then EAGAIN; without a value (SI_USER)
 * they merge past it as kill() does.
 */
TEST_F(ev, signal_flood_is_bounded)
{
	struct rlimit rl = { 16, 16 }, old;
	int i, n = 0, got = 0, ret = 0;
	siginfo_t si;

	t_block(SIGUSR1);
	for (i = 0; i < 1000; i++)
		ASSERT_EQ(0, t_signal(self->sfd, self->schid, self->scoid, 0,
				      SIGUSR1, -70, (uint64_t)i, 0));
	EXPECT_EQ(-70, t_wait_sig(SIGUSR1, 2000, &si));
	EXPECT_EQ(0, si.si_value.sival_int);
	EXPECT_EQ(-EAGAIN, t_wait_sig(SIGUSR1, 0, &si));

	ASSERT_EQ(0, getrlimit(RLIMIT_SIGPENDING, &old));
	ASSERT_EQ(0, setrlimit(RLIMIT_SIGPENDING, &rl));
	t_block(SIGRTMIN + 2);
	for (i = 0; i < 1000 && !ret; i++) {
		ret = t_signal(self->sfd, self->schid, self->scoid, 0,
			       SIGRTMIN + 2, -70, (uint64_t)i, 0);
		n += !ret;
	}
	EXPECT_EQ(-EAGAIN, ret);
	EXPECT_GE(16, n);
	EXPECT_LE(1, n);
	while (t_wait_sig(SIGRTMIN + 2, 0, &si) == -70) {
		EXPECT_EQ(got, si.si_value.sival_int);	/* in order */
		got++;
	}
	EXPECT_EQ(n, got);
	for (i = 0; i < 100; i++)
		ASSERT_EQ(0, t_signal(self->sfd, self->schid, self->scoid, 0,
				      SIGRTMIN + 2, 0, 0, 0));
	got = 0;
	while (t_wait_sig(SIGRTMIN + 2, 0, &si) == SI_USER)
		got++;
	EXPECT_LE(1, got);
	EXPECT_GE(17, got);
	ASSERT_EQ(0, setrlimit(RLIMIT_SIGPENDING, &old));
}

/*
 * Clients killed while the server signals them, process- and
 * thread-directed: every call sends or fails cleanly (ESRCH once the
 * process is gone, EAGAIN when its queue is full), never anything else;
 * the task and credential references are dropped (KASAN, kmemleak).
 */
TEST(signal_to_a_client_killed_mid_delivery)
{
	int sfd = t_open(), round;
	pid_t srv = getpid();
	uint32_t schid;

	ASSERT_GE(sfd, 0);
	ASSERT_EQ(0, t_channel_mode(sfd, 0666, &schid));
	for (round = 0; round < 10; round++) {
		int i, ret = 0, bad = 0, kill_at = 50 + round * 30;
		struct stplr_pulse p;
		sigset_t all;
		pid_t c;

		c = fork();
		if (c == 0) {
			uint32_t coid;
			int fd = t_open();

			sigfillset(&all);
			sigprocmask(SIG_BLOCK, &all, NULL);
			if (fd < 0 || t_connect(fd, srv, schid, &coid) ||
			    t_pulse(fd, coid, 5, (uint32_t)t_gettid()))
				_exit(1);
			for (;;)
				pause();
		}
		ASSERT_EQ(0, t_take_pulse_wait(sfd, schid, &p));
		for (i = 0; i < 1000; i++) {
			if (i == kill_at)
				kill(c, SIGKILL);
			ret = t_signal(sfd, schid, p.scoid,
				       i & 1 ? STPLR_EVENT_F_THREAD : 0,
				       SIGRTMIN + (i & 3), i & 2 ? -70 : 0,
				       0, i & 1 ? p.value : 0);
			if (ret && ret != -ESRCH && ret != -EAGAIN)
				bad++;
			if (ret == -ESRCH && i > kill_at)
				break;
		}
		EXPECT_EQ(0, bad);
		EXPECT_EQ(128 + SIGKILL, t_child_status(c));
		EXPECT_EQ(-ESRCH, t_signal(sfd, schid, p.scoid, 0, SIGUSR1,
					   0, 0, 0));
	}
	close(sfd);
}

static volatile sig_atomic_t t_caught_code;
static volatile sig_atomic_t t_caught_value;

static void t_catch(int sig, siginfo_t *si, void *uc)
{
	t_caught_code = si->si_code;
	t_caught_value = si->si_value.sival_int;
}

/*
 * A client blocked in MsgSend (reply-blocked) that catches the signal:
 * its send fails with EINTR and the server can no longer reply; on a
 * channel with STPLR_CHF_UNBLOCK the server gets the UNBLOCK pulse and
 * the client waits for the reply, as for any other signal.
 */
static void t_signal_blocked_sender(struct __test_metadata *_metadata,
				    uint64_t chflags)
{
	bool unblock = chflags & STPLR_CHF_UNBLOCK;
	struct stplr_msg_receive r;
	struct stplr_msg_info info = { 0 };
	int sfd = t_open();
	uint32_t schid;
	int64_t rcvid;
	pid_t c;
	char b;

	ASSERT_GE(sfd, 0);
	ASSERT_EQ(0, t_channel_flags(sfd, chflags, &schid));
	c = fork();
	if (c == 0) {
		struct sigaction sa = { .sa_sigaction = t_catch,
					.sa_flags = SA_SIGINFO };
		int fd = t_open(), ret;
		uint32_t coid;
		char rb = 0;

		sigaction(SIGUSR1, &sa, NULL);
		if (fd < 0 || t_connect(fd, getppid(), schid, &coid))
			_exit(1);
		ret = t_send(fd, coid, "q", 1, &rb, 1, NULL);
		if (t_caught_code != -70 || t_caught_value != 44)
			_exit(2);
		if (unblock)
			_exit(ret == 0 && rb == 'r' ? 0 : 3);
		_exit(ret == -EINTR ? 0 : 4);
	}
	rcvid = t_receive_timeout(sfd, schid, &b, 1, 10000000000LL, &info);
	ASSERT_GT(rcvid, 0);
	ASSERT_EQ(0, t_wait_blocked(c));
	ASSERT_EQ(0, t_signal(sfd, schid, info.scoid, 0, SIGUSR1, -70, 44, 0));
	if (unblock) {
		ASSERT_EQ(0, t_receive_full(sfd, schid, STPLR_F_TIMEOUT,
					    10000000000LL, NULL, 0, &r));
		EXPECT_TRUE(r.info.flags & STPLR_INFO_PULSE);
		EXPECT_EQ(STPLR_PULSE_UNBLOCK, r.pulse.code);
		EXPECT_EQ(0, t_reply(sfd, (uint64_t)rcvid, 0, "r", 1));
		EXPECT_EQ(0, t_child_status(c));
	} else {
		/* The send returned: the message is no longer there. */
		EXPECT_EQ(0, t_child_status(c));
		EXPECT_EQ(-ESRCH, t_reply(sfd, (uint64_t)rcvid, 0, "r", 1));
	}
	close(sfd);
}

TEST(signal_interrupts_the_clients_send)
{
	t_signal_blocked_sender(_metadata, 0);
}

TEST(signal_to_a_sender_on_an_unblock_channel)
{
	t_signal_blocked_sender(_metadata, STPLR_CHF_UNBLOCK);
}

TEST_HARNESS_MAIN
