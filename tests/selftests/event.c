// SPDX-License-Identifier: GPL-2.0
/*
 * STPLR_MSG_DELIVER_EVENT (QNX MsgDeliverEvent): a server queues a pulse on
 * the channel of one of its client's connections.  First the ways it can
 * be abused: servers the client is not connected to, other users, clients
 * that have gone or closed the connection, forged scoids, floods against
 * max_pulses, clients killed while events are delivered to them.
 */
#include <sched.h>
#include <signal.h>
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
	e.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->sfd, STPLR_MSG_DELIVER_EVENT, &e));
	e.reserved[1] = 0;
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
TEST(killed_client_mid_delivery)
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

TEST_HARNESS_MAIN
