// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetimes: server death, client death, signals, close of dup'ed and
 * inherited descriptors.  Every blocked thread must come back, with the
 * documented errno, and nothing may reach a reused request.
 */
#include <signal.h>
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

static void on_usr1(int sig)
{
	(void)sig;
}

/* A server process: creates a channel, writes its chid to @wfd. */
static pid_t spawn_server(int wfd, int mode)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = t_open();
		uint32_t chid;
		char buf[16];
		int64_t rcvid;

		if (fd < 0 || t_channel(fd, &chid))
			_exit(1);
		if (write(wfd, &chid, sizeof(chid)) != sizeof(chid))
			_exit(1);
		/* mode 1: receive one message, then exit without replying. */
		if (mode == 1) {
			rcvid = t_receive(fd, chid, buf, sizeof(buf), NULL);
			_exit(rcvid > 0 ? 0 : 1);
		}
		/* mode 0: never receive; just wait to be killed. */
		pause();
		_exit(0);
	}
	return pid;
}

static uint32_t read_chid(int rfd)
{
	uint32_t chid = 0;

	if (read(rfd, &chid, sizeof(chid)) != sizeof(chid))
		return 0;
	return chid;
}

TEST(server_exit_fails_send_blocked_client)
{
	int p[2], fd = t_open();
	uint32_t chid, coid;
	pid_t srv;
	char r[4];

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, pipe(p));
	srv = spawn_server(p[1], 0);
	chid = read_chid(p[0]);
	ASSERT_NE(0, chid);
	ASSERT_EQ(0, t_connect(fd, srv, chid, &coid));
	pid_t killer = fork();

	if (killer == 0) {
		usleep(200000);
		kill(srv, SIGKILL);
		_exit(0);
	}
	EXPECT_EQ(-ESRCH, t_send(fd, coid, "x", 1, r, sizeof(r), NULL));
	/* And every later send on the dead connection. */
	EXPECT_EQ(-ESRCH, t_send(fd, coid, "x", 1, r, sizeof(r), NULL));
	t_child_status(killer);
	t_child_status(srv);
	close(fd);
}

TEST(server_exit_fails_reply_blocked_client)
{
	int p[2], fd = t_open();
	uint32_t chid, coid;
	pid_t srv;
	char r[4];

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, pipe(p));
	srv = spawn_server(p[1], 1);
	chid = read_chid(p[0]);
	ASSERT_EQ(0, t_connect(fd, srv, chid, &coid));
	/* The server receives, then exits without replying. */
	EXPECT_EQ(-ESRCH, t_send(fd, coid, "x", 1, r, sizeof(r), NULL));
	EXPECT_EQ(0, t_child_status(srv));
	close(fd);
}

TEST(channel_destroy_releases_everyone)
{
	int fd = t_open();
	uint32_t chid, coid;
	pid_t c[3];
	char buf[4];
	int i;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel(fd, &chid));
	ASSERT_EQ(0, t_connect(fd, 0, chid, &coid));
	for (i = 0; i < 3; i++) {
		c[i] = fork();
		if (c[i] == 0)
			_exit(t_send(fd, coid, "x", 1, buf, 4, NULL) == -ESRCH ? 0 : 1);
		ASSERT_EQ(0, t_wait_blocked(c[i]));
	}
	/* One reply-blocked, two send-blocked. */
	ASSERT_GT(t_receive(fd, chid, buf, 4, NULL), 0);
	EXPECT_EQ(0, t_channel_destroy(fd, chid));
	for (i = 0; i < 3; i++)
		EXPECT_EQ(0, t_child_status(c[i]));
	EXPECT_EQ(-ENOENT, t_receive(fd, chid, buf, 4, NULL));
	EXPECT_EQ(-ESRCH, t_send(fd, coid, "x", 1, buf, 4, NULL));
	close(fd);
}

TEST(close_fails_blocked_clients)
{
	int sfd = t_open(), cfd = t_open();
	uint32_t chid, coid;
	pid_t c;
	char buf[4];

	ASSERT_GE(sfd, 0);
	ASSERT_GE(cfd, 0);
	ASSERT_EQ(0, t_channel(sfd, &chid));
	ASSERT_EQ(0, t_connect(cfd, 0, chid, &coid));
	c = fork();
	if (c == 0) {
		close(sfd);
		_exit(t_send(cfd, coid, "x", 1, buf, 4, NULL) == -ESRCH ? 0 : 1);
	}
	ASSERT_EQ(0, t_wait_blocked(c));
	/* Our close is the last reference: the channel goes. */
	close(sfd);
	EXPECT_EQ(0, t_child_status(c));
	close(cfd);
}

TEST(dup_close_keeps_context)
{
	int fd = t_open(), fd2;
	uint32_t chid, coid;
	char buf[4];

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel(fd, &chid));
	fd2 = dup(fd);
	close(fd);
	/* The context lives on through the dup. */
	ASSERT_EQ(0, t_connect(fd2, 0, chid, &coid));
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(fd2, chid, buf, 4, 0, NULL));
	/* A forked child exiting closes its copy; nothing happens. */
	pid_t c = fork();

	if (c == 0)
		_exit(0);
	EXPECT_EQ(0, t_child_status(c));
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(fd2, chid, buf, 4, 0, NULL));
	close(fd2);
}

TEST(client_killed_while_reply_blocked)
{
	int fd = t_open();
	uint32_t chid, coid;
	char buf[64];
	int64_t rcvid;
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel(fd, &chid));
	ASSERT_EQ(0, t_connect(fd, 0, chid, &coid));
	c = fork();
	if (c == 0) {
		char big[64];

		t_send(fd, coid, "x", 1, big, sizeof(big), NULL);
		_exit(1);
	}
	rcvid = t_receive(fd, chid, buf, sizeof(buf), NULL);
	ASSERT_GT(rcvid, 0);
	kill(c, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, t_child_status(c));
	EXPECT_EQ(-ESRCH, t_reply(fd, (uint64_t)rcvid, 0, buf, sizeof(buf)));
	EXPECT_EQ(-ESRCH, t_error(fd, (uint64_t)rcvid, EIO));
	close(fd);
}

struct sig_arg {
	int fd;
	uint32_t id;
	pid_t tid;
	int ret;
	int kind;	/* 0 send, 1 receive */
};

static void *blocker(void *arg)
{
	struct sig_arg *a = arg;
	char buf[8];

	a->tid = t_gettid();
	if (a->kind == 0)
		a->ret = t_send(a->fd, a->id, "s", 1, buf, sizeof(buf), NULL);
	else
		a->ret = (int)t_receive(a->fd, a->id, buf, sizeof(buf), NULL);
	return NULL;
}

static int interrupt(struct sig_arg *a)
{
	pthread_t th;

	a->tid = 0;
	pthread_create(&th, NULL, blocker, a);
	while (!__atomic_load_n(&a->tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	if (t_wait_blocked(a->tid))
		return -1;
	pthread_kill(th, SIGUSR1);
	pthread_join(th, NULL);
	return a->ret;
}

TEST(signal_interrupts_blocked_calls)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	int fd = t_open();
	uint32_t chid, coid;
	struct sig_arg a;
	char buf[8];
	int64_t rcvid;
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ASSERT_EQ(0, t_channel(fd, &chid));
	ASSERT_EQ(0, t_connect(fd, 0, chid, &coid));

	/* Receive-blocked. */
	a = (struct sig_arg){ .fd = fd, .id = chid, .kind = 1 };
	EXPECT_EQ(-EINTR, interrupt(&a));

	/* Send-blocked: EINTR, and the message left the queue. */
	a = (struct sig_arg){ .fd = fd, .id = coid, .kind = 0 };
	EXPECT_EQ(-EINTR, interrupt(&a));
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(fd, chid, buf, 8, 0, NULL));

	/* Reply-blocked (in a child): EINTR, and a late reply gets ESRCH. */
	c = fork();
	if (c == 0)
		_exit(t_send(fd, coid, "s", 1, buf, sizeof(buf), NULL) == -EINTR ? 0 : 1);
	rcvid = t_receive(fd, chid, buf, sizeof(buf), NULL);
	ASSERT_GT(rcvid, 0);
	kill(c, SIGUSR1);
	EXPECT_EQ(0, t_child_status(c));
	EXPECT_EQ(-ESRCH, t_reply(fd, (uint64_t)rcvid, 0, "late", 4));
	close(fd);
}

TEST(fork_shares_context)
{
	int fd = t_open();
	uint32_t chid, coid;
	char buf[8];
	pid_t c;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel(fd, &chid));
	c = fork();
	if (c == 0) {
		/* The child may use the parent's channel and connect to it. */
		uint32_t cc;

		if (t_connect(fd, getppid(), chid, &cc))
			_exit(1);
		_exit(t_send(fd, cc, "kid", 3, buf, sizeof(buf), NULL) ? 2 : 0);
	}
	int64_t rcvid = t_receive(fd, chid, buf, sizeof(buf), NULL);

	ASSERT_GT(rcvid, 0);
	EXPECT_EQ(0, t_reply(fd, (uint64_t)rcvid, 0, "ok", 2));
	EXPECT_EQ(0, t_child_status(c));
	(void)coid;
	close(fd);
}

TEST(exec_closes_context)
{
	int fd = t_open();
	uint32_t chid;
	char cmd[64];

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel(fd, &chid));
	/* O_CLOEXEC: the descriptor number is not open after exec. */
	snprintf(cmd, sizeof(cmd), "test ! -e /proc/self/fd/%d", fd);
	EXPECT_EQ(0, system(cmd));
	close(fd);
}

TEST(rmmod_refused_while_open)
{
	int fd = t_open();

	ASSERT_GE(fd, 0);
	EXPECT_NE(0, system("rmmod stplr 2>/dev/null"));
	EXPECT_EQ(0, access("/dev/stplr-0", F_OK));
	close(fd);
}

TEST_HARNESS_MAIN
