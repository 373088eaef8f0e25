// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of QNX message passing: MsgRead/MsgWrite, pulses, channel
 * flags and their notification pulses, priority inheritance, names, poll,
 * debugfs and debug output.
 */
#include <grp.h>
#include <poll.h>
#include <regex.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/klog.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

static void on_usr1(int sig)
{
	(void)sig;
}

FIXTURE(ch) {
	int fd;
	uint32_t chid, coid;
};

FIXTURE_SETUP(ch)
{
	self->fd = t_open();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(0, t_channel(self->fd, &self->chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, self->chid, &self->coid));
}

FIXTURE_TEARDOWN(ch)
{
	close(self->fd);
}

TEST_F(ch, read_and_write_at_offsets)
{
	char hdr[4], payload[6], reply[16] = { 0 };
	struct stplr_msg_receive r;
	struct stplr_iov iov;
	struct stplr_msg_rw rw;
	pid_t c;

	c = fork();
	if (c == 0) {
		struct stplr_msg_send out;
		int ret = t_send(self->fd, self->coid, "HDR:payload!", 12, reply,
				 sizeof(reply), &out);

		_exit(ret == 0 && out.status == 9 && !memcmp(reply, "..WRITTEN", 9) ? 0 : 1);
	}
	/* Take only the header... */
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, 0, 0, hdr, sizeof(hdr), &r));
	ASSERT_GT(r.rcvid, 0);
	EXPECT_EQ(4, r.info.msglen);
	EXPECT_EQ(12, r.info.srcmsglen);
	/* ...then the payload at offset 4, from another place. */
	iov = (struct stplr_iov){ t_ptr(payload), sizeof(payload) };
	rw = (struct stplr_msg_rw){ .rcvid = r.rcvid, .offset = 4, .iov = t_ptr(&iov), .n_iov = 1 };
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_READ, &rw));
	EXPECT_EQ(6, rw.len);
	EXPECT_EQ(0, memcmp(payload, "payloa", 6));
	rw.offset = 100;
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_READ, &rw));
	EXPECT_EQ(0, rw.len);
	/* Write the reply at offset 2, then reply with no data. */
	iov = (struct stplr_iov){ t_ptr("WRITTEN"), 7 };
	rw = (struct stplr_msg_rw){ .rcvid = r.rcvid, .offset = 2, .iov = t_ptr(&iov), .n_iov = 1 };
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_WRITE, &rw));
	EXPECT_EQ(7, rw.len);
	iov = (struct stplr_iov){ t_ptr(".."), 2 };
	rw = (struct stplr_msg_rw){ .rcvid = r.rcvid, .offset = 0, .iov = t_ptr(&iov), .n_iov = 1 };
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_WRITE, &rw));
	/* Validation. */
	rw.flags = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_READ, &rw));
	rw = (struct stplr_msg_rw){ .rcvid = 12345 };
	EXPECT_EQ(-ESRCH, t_ioctl(self->fd, STPLR_MSG_READ, &rw));
	rw = (struct stplr_msg_rw){ .rcvid = r.rcvid, .n_iov = 1, .iov = 16 };
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_WRITE, &rw));
	EXPECT_EQ(0, t_reply(self->fd, r.rcvid, 9, NULL, 0));
	EXPECT_EQ(0, t_child_status(c));
	/* Ended: no more reading. */
	rw = (struct stplr_msg_rw){ .rcvid = r.rcvid, .n_iov = 1, .iov = t_ptr(&iov) };
	EXPECT_EQ(-ESRCH, t_ioctl(self->fd, STPLR_MSG_READ, &rw));
}

TEST_F(ch, pulses)
{
	struct stplr_msg_receive r;
	struct stplr_msg_pulse p;
	char buf[8];

	ASSERT_EQ(0, t_pulse(self->fd, self->coid, 5, 0xdeadbeef));
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, 0, 0, buf, sizeof(buf), &r));
	EXPECT_EQ(0, r.rcvid);
	EXPECT_EQ(STPLR_INFO_PULSE, r.info.flags);
	EXPECT_EQ(5, r.pulse.code);
	EXPECT_EQ(0xdeadbeef, r.pulse.value);
	EXPECT_NE(0, r.pulse.scoid);
	/* Bad input. */
	EXPECT_EQ(-EINVAL, t_pulse(self->fd, self->coid, -1, 0));
	EXPECT_EQ(-EINVAL, t_pulse(self->fd, self->coid, 128, 0));
	EXPECT_EQ(-ENOENT, t_pulse(self->fd, 9999, 1, 0));
	p = (struct stplr_msg_pulse){ .coid = self->coid, .flags = 2 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_PULSE, &p));
	p = (struct stplr_msg_pulse){ .coid = self->coid, .reserved = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_PULSE, &p));
	p = (struct stplr_msg_pulse){ .coid = self->coid, .priority = 3 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_PULSE, &p));
	p = (struct stplr_msg_pulse){ .coid = self->coid, .flags = STPLR_PULSE_F_PRIORITY,
				      .priority = 140 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_PULSE, &p));
}

TEST_F(ch, pulse_pool_limit)
{
	long max = t_param_get("max_pulses");
	struct stplr_msg_receive r;
	int i;

	ASSERT_EQ(0, t_param_set("max_pulses", 3));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, t_pulse(self->fd, self->coid, 1, (uint32_t)i));
	EXPECT_EQ(-EAGAIN, t_pulse(self->fd, self->coid, 1, 9));
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, 0, 0, NULL, 0, &r));
	EXPECT_EQ(0, r.pulse.value);
	EXPECT_EQ(0, t_pulse(self->fd, self->coid, 1, 3));
	ASSERT_EQ(0, t_param_set("max_pulses", (unsigned int)max));
	/* Destroying the channel frees queued pulses (kmemleak watches). */
	EXPECT_EQ(0, t_channel_destroy(self->fd, self->chid));
	EXPECT_EQ(-ESRCH, t_pulse(self->fd, self->coid, 1, 0));
}

TEST_F(ch, pulse_priority_and_pulse_only)
{
	struct stplr_msg_pulse p = { .coid = self->coid, .flags = STPLR_PULSE_F_PRIORITY,
				     .code = 7, .value = 1, .priority = 2 };
	struct stplr_msg_receive r;
	char buf[8];
	pid_t c;

	/* A message at our priority (19 for nice 0) is queued first. */
	c = fork();
	if (c == 0)
		_exit(t_send(self->fd, self->coid, "m", 1, buf, sizeof(buf), NULL) ? 1 : 0);
	ASSERT_EQ(0, t_wait_blocked(c));
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_PULSE, &p));	/* low */
	p.priority = 30;
	p.value = 2;
	/* Above our own priority needs CAP_SYS_NICE, which root has. */
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_MSG_PULSE, &p));	/* high */
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, 0, 0, buf, sizeof(buf), &r));
	EXPECT_EQ(2, r.pulse.value);
	EXPECT_EQ(30, r.info.priority);
	/* Pulses only: the message stays queued. */
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, STPLR_RECEIVE_PULSE_ONLY, 0,
				    buf, sizeof(buf), &r));
	EXPECT_EQ(1, r.pulse.value);
	EXPECT_EQ(-ETIMEDOUT, t_receive_full(self->fd, self->chid,
					     STPLR_RECEIVE_PULSE_ONLY | STPLR_F_TIMEOUT, 0,
					     buf, sizeof(buf), &r));
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, 0, 0, buf, sizeof(buf), &r));
	EXPECT_GT(r.rcvid, 0);
	EXPECT_EQ(0, t_reply(self->fd, r.rcvid, 0, NULL, 0));
	EXPECT_EQ(0, t_child_status(c));
}

TEST(pulse_priority_needs_privilege)
{
	int fd = t_open();
	uint32_t chid, coid;
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel_mode(fd, 0666, &chid));
	c = fork();
	if (c == 0) {
		struct stplr_msg_pulse p = { .flags = STPLR_PULSE_F_PRIORITY,
					     .code = 1, .priority = 100 };
		int f;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(2);
		f = t_open();
		if (f < 0 || t_connect(f, getppid(), chid, &coid))
			_exit(3);
		p.coid = coid;
		_exit(t_ioctl(f, STPLR_MSG_PULSE, &p) == -EPERM ? 0 : 1);
	}
	EXPECT_EQ(0, t_child_status(c));
	close(fd);
}

TEST(unblock_flag_keeps_client_until_reply)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int fd = t_open();
	struct stplr_msg_receive r, p;
	uint32_t chid, coid;
	char buf[8];
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ASSERT_EQ(0, t_channel_flags(fd, STPLR_CHF_UNBLOCK, &chid));
	ASSERT_EQ(0, t_connect(fd, 0, chid, &coid));
	c = fork();
	if (c == 0) {
		char rep[8] = { 0 };
		struct stplr_msg_send out;
		int ret = t_send(fd, coid, "q", 1, rep, sizeof(rep), &out);

		_exit(ret == 0 && out.status == 5 && !strcmp(rep, "late") ? 0 : 1);
	}
	ASSERT_EQ(0, t_receive_full(fd, chid, 0, 0, buf, sizeof(buf), &r));
	ASSERT_GT(r.rcvid, 0);
	kill(c, SIGUSR1);
	/* The server hears about it... */
	ASSERT_EQ(0, t_receive_full(fd, chid, STPLR_F_TIMEOUT, 5000000000LL, buf,
				    sizeof(buf), &p));
	EXPECT_EQ(STPLR_INFO_PULSE, p.info.flags);
	EXPECT_EQ(STPLR_PULSE_UNBLOCK, p.pulse.code);
	EXPECT_EQ(r.rcvid, p.pulse.value);
	/* ...the client is still there, and the reply still lands. */
	usleep(100000);
	EXPECT_EQ(0, kill(c, 0));
	EXPECT_EQ(0, t_reply(fd, r.rcvid, 5, "late", 5));
	EXPECT_EQ(0, t_child_status(c));
	close(fd);
}

TEST(unblock_flag_send_blocked_leaves)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int fd = t_open();
	uint32_t chid, coid;
	char buf[8];
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ASSERT_EQ(0, t_channel_flags(fd, STPLR_CHF_UNBLOCK, &chid));
	ASSERT_EQ(0, t_connect(fd, 0, chid, &coid));
	c = fork();
	if (c == 0)
		_exit(t_send(fd, coid, "q", 1, buf, sizeof(buf), NULL) == -EINTR ? 0 : 1);
	ASSERT_EQ(0, t_wait_blocked(c));
	kill(c, SIGUSR1);
	EXPECT_EQ(0, t_child_status(c));
	close(fd);
}

TEST(unblock_flag_timeout)
{
	int fd = t_open();
	struct stplr_msg_receive r, p;
	uint32_t chid, coid;
	char buf[8];
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel_flags(fd, STPLR_CHF_UNBLOCK, &chid));
	ASSERT_EQ(0, t_connect(fd, 0, chid, &coid));
	c = fork();
	if (c == 0) {
		struct stplr_iov s = { t_ptr("t"), 1 };
		struct stplr_msg_send m = { .flags = STPLR_F_TIMEOUT, .coid = coid,
					    .n_send = 1, .send_iov = t_ptr(&s),
					    .timeout_ns = 100000000 };

		_exit(t_ioctl(fd, STPLR_MSG_SEND_RECEIVE, &m) == -EPIPE ? 0 : 1);
	}
	ASSERT_EQ(0, t_receive_full(fd, chid, 0, 0, buf, sizeof(buf), &r));
	ASSERT_EQ(0, t_receive_full(fd, chid, STPLR_F_TIMEOUT, 5000000000LL, buf,
				    sizeof(buf), &p));
	EXPECT_EQ(STPLR_PULSE_UNBLOCK, p.pulse.code);
	EXPECT_EQ(0, t_error(fd, r.rcvid, EPIPE));
	EXPECT_EQ(0, t_child_status(c));
	close(fd);
}

TEST(disconnect_pulse)
{
	int sfd = t_open(), cfd = t_open();
	struct stplr_msg_receive r;
	uint32_t chid, c1, c2;
	char buf[8];
	pid_t c;

	ASSERT_GE(sfd, 0);
	ASSERT_GE(cfd, 0);
	ASSERT_EQ(0, t_channel_flags(sfd, STPLR_CHF_DISCONNECT, &chid));
	ASSERT_EQ(0, t_connect(cfd, 0, chid, &c1));
	ASSERT_EQ(0, t_connect(cfd, 0, chid, &c2));
	/* Learn the client's scoid from a pulse it sends. */
	ASSERT_EQ(0, t_pulse(cfd, c1, 1, 0));
	ASSERT_EQ(0, t_receive_full(sfd, chid, 0, 0, buf, sizeof(buf), &r));
	uint32_t scoid = r.pulse.scoid;

	EXPECT_EQ(0, t_disconnect(cfd, c1));
	EXPECT_EQ(-ETIMEDOUT, t_receive_full(sfd, chid, STPLR_F_TIMEOUT, 0, buf,
					     sizeof(buf), &r));
	EXPECT_EQ(0, t_disconnect(cfd, c2));
	ASSERT_EQ(0, t_receive_full(sfd, chid, STPLR_F_TIMEOUT, 0, buf, sizeof(buf), &r));
	EXPECT_EQ(STPLR_PULSE_DISCONNECT, r.pulse.code);
	EXPECT_EQ(scoid, r.pulse.scoid);
	/* A client process that exits with a connection. */
	c = fork();
	if (c == 0) {
		int f = t_open();
		uint32_t k;

		_exit(f >= 0 && t_connect(f, getppid(), chid, &k) == 0 ? 0 : 1);
	}
	EXPECT_EQ(0, t_child_status(c));
	ASSERT_EQ(0, t_receive_full(sfd, chid, STPLR_F_TIMEOUT, 2000000000LL, buf,
				    sizeof(buf), &r));
	EXPECT_EQ(STPLR_PULSE_DISCONNECT, r.pulse.code);
	close(cfd);
	close(sfd);
}

TEST(coid_death_pulse)
{
	int sfd = t_open(), cfd = t_open();
	struct stplr_msg_receive r;
	uint32_t schid, cchid, coid;

	ASSERT_GE(sfd, 0);
	ASSERT_GE(cfd, 0);
	ASSERT_EQ(0, t_channel(sfd, &schid));
	ASSERT_EQ(0, t_channel_flags(cfd, STPLR_CHF_COID_DISCONNECT, &cchid));
	ASSERT_EQ(0, t_connect(cfd, 0, schid, &coid));
	EXPECT_EQ(-ETIMEDOUT, t_receive_full(cfd, cchid, STPLR_F_TIMEOUT, 0, NULL, 0, &r));
	/* The server's channel goes: the client's channel hears of it. */
	close(sfd);
	ASSERT_EQ(0, t_receive_full(cfd, cchid, STPLR_F_TIMEOUT, 2000000000LL, NULL, 0, &r));
	EXPECT_EQ(STPLR_INFO_PULSE, r.info.flags);
	EXPECT_EQ(STPLR_PULSE_COIDDEATH, r.pulse.code);
	EXPECT_EQ(coid, r.pulse.value);
	close(cfd);
}

TEST(thread_death_pulse)
{
	int fd = t_open();
	struct stplr_msg_receive r, p;
	uint32_t chid, coid;
	char buf[8];
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel_flags(fd, STPLR_CHF_THREAD_DEATH, &chid));
	/* A thread of the owning context killed while receiving. */
	c = fork();
	if (c == 0) {
		t_receive_full(fd, chid, 0, 0, buf, sizeof(buf), &r);
		_exit(1);
	}
	ASSERT_EQ(0, t_wait_blocked(c));
	kill(c, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	ASSERT_EQ(0, t_receive_full(fd, chid, STPLR_F_TIMEOUT, 2000000000LL, buf,
				    sizeof(buf), &p));
	EXPECT_EQ(STPLR_PULSE_THREADDEATH, p.pulse.code);
	EXPECT_EQ((uint32_t)c, p.pulse.value);
	/* A killed sender is not a receiving thread: no pulse. */
	ASSERT_EQ(0, t_connect(fd, 0, chid, &coid));
	c = fork();
	if (c == 0) {
		t_send(fd, coid, "x", 1, buf, sizeof(buf), NULL);
		_exit(1);
	}
	ASSERT_EQ(0, t_receive_full(fd, chid, 0, 0, buf, sizeof(buf), &r));
	kill(c, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	EXPECT_EQ(-ETIMEDOUT, t_receive_full(fd, chid, STPLR_F_TIMEOUT, 200000000LL,
					     buf, sizeof(buf), &p));
	EXPECT_EQ(-ESRCH, t_reply(fd, r.rcvid, 0, NULL, 0));
	close(fd);
}

TEST(channel_flags_validation)
{
	int fd = t_open();
	struct stplr_channel_create c = { .flags = 0x10 };

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-EINVAL, t_ioctl(fd, STPLR_IOC_CHANNEL_CREATE, &c));
	c.flags = 1ULL << 33;
	EXPECT_EQ(-EINVAL, t_ioctl(fd, STPLR_IOC_CHANNEL_CREATE, &c));
	close(fd);
}

/* Priority inheritance against a busy middle-priority thread. */
struct pi_srv {
	int fd;
	uint32_t chid;
	int policy_seen;
	int prio_seen;
	int policy_after;
};

static void *pi_server(void *arg)
{
	struct pi_srv *s = arg;
	struct stplr_msg_receive r;
	struct sched_param sp;
	char buf[8];

	if (t_receive_full(s->fd, s->chid, 0, 0, buf, sizeof(buf), &r))
		return NULL;
	/* A boost sets SCHED_RESET_ON_FORK: a child is never boosted. */
	s->policy_seen = sched_getscheduler(0) & ~SCHED_RESET_ON_FORK;
	sched_getparam(0, &sp);
	s->prio_seen = sp.sched_priority;
	t_reply(s->fd, r.rcvid, 0, NULL, 0);
	s->policy_after = sched_getscheduler(0);
	return NULL;
}

static volatile int busy_stop;

static void *busy(void *arg)
{
	struct sched_param sp = { .sched_priority = 10 };
	struct timespec a, b;

	(void)arg;
	pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while (!busy_stop && (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < 1500);
	return NULL;
}

/* Returns the client's round-trip time in ms with a busy FIFO-10 thread. */
static long pi_round_trip(uint64_t flags, struct pi_srv *s)
{
	struct sched_param hi = { .sched_priority = 20 };
	pthread_t srv, mid;
	struct timespec a, b;
	uint32_t coid;
	cpu_set_t one;
	char buf[4];
	int fd = t_open();

	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	if (fd < 0 || t_channel_flags(fd, flags, &s->chid) ||
	    t_connect(fd, 0, s->chid, &coid))
		return -1;
	pthread_create(&srv, NULL, pi_server, s);
	usleep(200000);		/* the server is RECEIVE-blocked */
	/* Above the busy thread, or it would starve us too. */
	pthread_setschedparam(pthread_self(), SCHED_FIFO, &hi);
	busy_stop = 0;
	pthread_create(&mid, NULL, busy, NULL);
	usleep(50000);		/* the busy thread owns the CPU now */
	clock_gettime(CLOCK_MONOTONIC, &a);
	t_send(fd, coid, "p", 1, buf, sizeof(buf), NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	hi.sched_priority = 0;
	pthread_setschedparam(pthread_self(), SCHED_OTHER, &hi);
	busy_stop = 1;
	pthread_join(mid, NULL);
	pthread_join(srv, NULL);
	close(fd);
	return (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
}

/* Writes @val to @path, saving what was there in @old; 0 or -1. */
static int swap_knob(const char *path, const char *val, char *old, size_t n)
{
	FILE *f = fopen(path, "r+");

	if (!f)
		return -1;
	if (!fgets(old, (int)n, f))
		old[0] = 0;
	rewind(f);
	fputs(val, f);
	return fclose(f) ? -1 : 0;
}

#define FAIR_SERVER "/sys/kernel/debug/sched/fair_server/cpu%d/runtime"

TEST(priority_inheritance_beats_middle_priority)
{
	char old[32] = "950000", fair[8][32], path[96];
	struct pi_srv s;
	int cpu, ncpu = 0;
	long ms;

	/*
	 * Both RT throttling and, from 6.12, the fair deadline server would
	 * hand the starved server some time anyway: turn them off here.
	 */
	ASSERT_EQ(0, swap_knob("/proc/sys/kernel/sched_rt_runtime_us", "-1\n",
			       old, sizeof(old)));
	for (cpu = 0; cpu < 8; cpu++) {
		snprintf(path, sizeof(path), FAIR_SERVER, cpu);
		if (swap_knob(path, "0\n", fair[cpu], sizeof(fair[cpu])))
			break;
		ncpu++;
	}

	ms = pi_round_trip(0, &s);
	TH_LOG("inherited: %ld ms", ms);
	EXPECT_LT(ms, 700);
	EXPECT_EQ(SCHED_FIFO, s.policy_seen);
	EXPECT_EQ(20, s.prio_seen);
	EXPECT_EQ(SCHED_OTHER, s.policy_after);

	ms = pi_round_trip(STPLR_CHF_FIXED_PRIORITY, &s);
	TH_LOG("fixed priority: %ld ms", ms);
	EXPECT_GE(ms, 1000);
	EXPECT_EQ(SCHED_OTHER, s.policy_seen);

	for (cpu = 0; cpu < ncpu; cpu++) {
		snprintf(path, sizeof(path), FAIR_SERVER, cpu);
		swap_knob(path, fair[cpu], fair[cpu], sizeof(fair[cpu]));
	}
	swap_knob("/proc/sys/kernel/sched_rt_runtime_us", old, old, sizeof(old));
}

TEST(nice_inheritance)
{
	int fd = t_open();
	struct stplr_msg_receive r;
	uint32_t chid, coid;
	char buf[4];
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel(fd, &chid));
	ASSERT_EQ(0, t_connect(fd, 0, chid, &coid));
	ASSERT_EQ(0, setpriority(PRIO_PROCESS, 0, 10));
	c = fork();
	if (c == 0) {
		usleep(200000);
		setpriority(PRIO_PROCESS, 0, -5);
		_exit(t_send(fd, coid, "n", 1, buf, sizeof(buf), NULL) ? 1 : 0);
	}
	ASSERT_EQ(0, t_receive_full(fd, chid, 0, 0, buf, sizeof(buf), &r));
	EXPECT_EQ(-5, getpriority(PRIO_PROCESS, t_gettid()));
	EXPECT_EQ(0, t_reply(fd, r.rcvid, 0, NULL, 0));
	EXPECT_EQ(10, getpriority(PRIO_PROCESS, t_gettid()));
	EXPECT_EQ(0, t_child_status(c));
	setpriority(PRIO_PROCESS, 0, 0);
	close(fd);
}

TEST(names)
{
	int sfd = t_open(), cfd = t_open();
	struct stplr_name n = { 0 };
	uint32_t chid, chid2;
	char buf[8];
	pid_t c;

	ASSERT_GE(sfd, 0);
	ASSERT_GE(cfd, 0);
	ASSERT_EQ(0, t_channel_mode(sfd, 0600, &chid));
	ASSERT_EQ(0, t_channel(sfd, &chid2));
	n.chid = chid;
	strcpy(n.name, "svc/demo");
	ASSERT_EQ(0, t_ioctl(sfd, STPLR_IOC_NAME_ATTACH, &n));
	EXPECT_EQ(-EBUSY, t_ioctl(sfd, STPLR_IOC_NAME_ATTACH, &n));
	n.chid = chid2;
	EXPECT_EQ(-EEXIST, t_ioctl(sfd, STPLR_IOC_NAME_ATTACH, &n));
	/* Another context opens it by name and talks to it. */
	n = (struct stplr_name){ 0 };
	strcpy(n.name, "svc/demo");
	ASSERT_EQ(0, t_ioctl(cfd, STPLR_IOC_NAME_OPEN, &n));
	EXPECT_NE(0, n.coid);
	EXPECT_EQ(0, t_pulse(cfd, n.coid, 3, 33));
	struct stplr_msg_receive r;

	ASSERT_EQ(0, t_receive_full(sfd, chid, 0, 0, buf, sizeof(buf), &r));
	EXPECT_EQ(33, r.pulse.value);
	/* Unknown, malformed. */
	strcpy(n.name, "svc/none");
	EXPECT_EQ(-ENOENT, t_ioctl(cfd, STPLR_IOC_NAME_OPEN, &n));
	const char *bad[] = { "", "/abs", "a//b", "a/./b", "..", "end/" };
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(n.name, bad[i]);
		EXPECT_EQ(-EINVAL, t_ioctl(cfd, STPLR_IOC_NAME_OPEN, &n));
	}
	memset(n.name, 'x', sizeof(n.name));
	EXPECT_EQ(-EINVAL, t_ioctl(cfd, STPLR_IOC_NAME_OPEN, &n));
	/* A different unprivileged user is refused by the 0600 mode. */
	c = fork();
	if (c == 0) {
		struct stplr_name m = { 0 };
		int f;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(2);
		f = t_open();
		strcpy(m.name, "svc/demo");
		_exit(t_ioctl(f, STPLR_IOC_NAME_OPEN, &m) == -EACCES ? 0 : 1);
	}
	EXPECT_EQ(0, t_child_status(c));
	/* Detach, then destroying a named channel withdraws its name. */
	n = (struct stplr_name){ .chid = chid };
	strcpy(n.name, "svc/demo");
	EXPECT_EQ(0, t_ioctl(sfd, STPLR_IOC_NAME_DETACH, &n));
	EXPECT_EQ(-ENOENT, t_ioctl(cfd, STPLR_IOC_NAME_OPEN, &(struct stplr_name){ .name = "svc/demo" }));
	n.chid = chid2;
	EXPECT_EQ(0, t_ioctl(sfd, STPLR_IOC_NAME_ATTACH, &n));
	EXPECT_EQ(0, t_channel_destroy(sfd, chid2));
	EXPECT_EQ(-ENOENT, t_ioctl(cfd, STPLR_IOC_NAME_OPEN, &(struct stplr_name){ .name = "svc/demo" }));
	close(cfd);
	close(sfd);
}

TEST_F(ch, pollfd)
{
	struct stplr_channel_pollfd pf = { .chid = self->chid };
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct stplr_msg_receive r;
	struct pollfd p;
	int ep;

	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_IOC_CHANNEL_POLLFD, &pf));
	ASSERT_GE(pf.fd, 0);
	p = (struct pollfd){ .fd = pf.fd, .events = POLLIN };
	EXPECT_EQ(0, poll(&p, 1, 0));
	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, pf.fd, &ev));
	ASSERT_EQ(0, t_pulse(self->fd, self->coid, 1, 1));
	EXPECT_EQ(1, epoll_wait(ep, &out, 1, 1000));
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_TRUE(p.revents & POLLIN);
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, STPLR_F_TIMEOUT, 0, NULL, 0, &r));
	EXPECT_EQ(0, poll(&p, 1, 0));
	EXPECT_EQ(0, t_channel_destroy(self->fd, self->chid));
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_TRUE(p.revents & POLLHUP);
	pf = (struct stplr_channel_pollfd){ .chid = 777 };
	EXPECT_EQ(-ENOENT, t_ioctl(self->fd, STPLR_IOC_CHANNEL_POLLFD, &pf));
	pf = (struct stplr_channel_pollfd){ .chid = self->chid, .flags = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CHANNEL_POLLFD, &pf));
	close(ep);
	close(pf.fd);
}

static int file_contains(const char *path, const char *pattern)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "grep -Eq '%s' %s", pattern, path);
	return system(cmd) == 0;
}

TEST_F(ch, debugfs_state_stats_failed)
{
	const char *dir = "/sys/kernel/debug/stplr/stplr-0";
	char path[128], pat[128], buf[8];
	struct stplr_msg_receive r;
	pid_t c;

	if (access(dir, R_OK))
		SKIP(return, "debugfs not mounted");
	c = fork();
	if (c == 0)
		_exit(t_send(self->fd, self->coid, "hold", 4, buf, sizeof(buf), NULL) ? 1 : 0);
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, 0, 0, buf, sizeof(buf), &r));
	snprintf(path, sizeof(path), "%s/state", dir);
	snprintf(pat, sizeof(pat), "^    REPLY-blocked pid %d tid %d coid %u rcvid %llu ",
		 c, c, self->coid, (unsigned long long)r.rcvid);
	EXPECT_TRUE(file_contains(path, pat));
	snprintf(pat, sizeof(pat), "^  channel %u flags ", self->chid);
	EXPECT_TRUE(file_contains(path, pat));
	EXPECT_EQ(0, t_reply(self->fd, r.rcvid, 0, NULL, 0));
	EXPECT_EQ(0, t_child_status(c));
	EXPECT_EQ(-ESRCH, t_reply(self->fd, 424242, 0, NULL, 0));
	snprintf(path, sizeof(path), "%s/stats", dir);
	EXPECT_TRUE(file_contains(path, "^replies [1-9]"));
	snprintf(path, sizeof(path), "%s/failed_log", dir);
	snprintf(pat, sizeof(pat), " reply errno 3 pid %d tid %d id 424242$", getpid(), t_gettid());
	EXPECT_TRUE(file_contains(path, pat));
}

TEST_F(ch, debug_output_leaks_no_addresses)
{
	/* Above inline_max both ways, so the copy engine speaks too. */
	static char big[1024], rbig[1024];
	char *log = malloc(1 << 20);
	struct stplr_msg_receive r;
	regex_t hex;
	int n, lines = 0;
	pid_t c;
	char *line, *save;

	ASSERT_NE(NULL, log);
	ASSERT_EQ(0, t_param_set("debug", 4));
	klogctl(5, NULL, 0);	/* clear the ring */
	c = fork();
	if (c == 0)
		_exit(t_send(self->fd, self->coid, big, sizeof(big), rbig,
			     sizeof(rbig), NULL) ? 1 : 0);
	ASSERT_EQ(0, t_receive_full(self->fd, self->chid, 0, 0, rbig, sizeof(rbig), &r));
	EXPECT_EQ(0, t_reply(self->fd, r.rcvid, 0, big, sizeof(big)));
	EXPECT_EQ(0, t_child_status(c));
	EXPECT_EQ(0, t_pulse(self->fd, self->coid, 1, 1));
	ASSERT_EQ(0, t_param_set("debug", 0));
	n = klogctl(3, log, (1 << 20) - 1);
	ASSERT_GT(n, 0);
	log[n] = 0;
	ASSERT_EQ(0, regcomp(&hex, "(0x)?[0-9a-f]{8,}", REG_EXTENDED | REG_NOSUB));
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, "stplr: "))
			continue;
		lines++;
		EXPECT_NE(0, regexec(&hex, strstr(line, "stplr: "), 0, NULL, 0))
			TH_LOG("address-like output: %s", line);
	}
	EXPECT_GT(lines, 5);
	regfree(&hex);
	free(log);
}

TEST_HARNESS_MAIN
