// SPDX-License-Identifier: GPL-2.0
/*
 * Who may connect to whose channel: by default the same effective uid
 * only; others when the channel's mode allows them.
 */
#include <grp.h>
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

#define OTHER_UID 65534
#define OTHER_GID 65534

/* Tries to connect as another user; returns the connect result. */
static int connect_as(uid_t uid, gid_t gid, pid_t owner, uint32_t chid)
{
	int p[2], ret = -1;
	pid_t c;

	if (pipe(p))
		return -1;
	c = fork();
	if (c == 0) {
		uint32_t coid;
		int fd, r;

		if (setgroups(0, NULL) || setgid(gid) || setuid(uid))
			_exit(1);
		fd = t_open();
		r = fd < 0 ? fd : t_connect(fd, owner, chid, &coid);
		if (write(p[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
	}
	if (read(p[0], &ret, sizeof(ret)) != sizeof(ret))
		ret = -1000;
	waitpid(c, NULL, 0);
	close(p[0]);
	close(p[1]);
	return ret;
}

TEST(default_mode_is_owner_only)
{
	int fd = t_open();
	uint32_t chid, coid;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, getuid()) TH_LOG("this test needs root to switch users");
	ASSERT_EQ(0, t_channel(fd, &chid));
	EXPECT_EQ(0, t_connect(fd, 0, chid, &coid));
	/* root has CAP_IPC_OWNER; an unprivileged other user is refused. */
	EXPECT_EQ(-EACCES, connect_as(OTHER_UID, OTHER_GID, getpid(), chid));
	close(fd);
}

TEST(mode_0606_admits_others)
{
	int fd = t_open();
	uint32_t chid;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, t_channel_mode(fd, 0606, &chid));
	EXPECT_EQ(0, connect_as(OTHER_UID, OTHER_GID, getpid(), chid));
	close(fd);
}

TEST(group_bits)
{
	int fd = t_open();
	uint32_t chid;

	ASSERT_GE(fd, 0);
	/* Owned by root:OTHER_GID with 0660: the group member gets in. */
	ASSERT_EQ(0, setegid(OTHER_GID));
	ASSERT_EQ(0, t_channel_mode(fd, 0660, &chid));
	ASSERT_EQ(0, setegid(0));
	EXPECT_EQ(0, connect_as(OTHER_UID, OTHER_GID, getpid(), chid));
	EXPECT_EQ(-EACCES, connect_as(OTHER_UID, OTHER_GID + 1, getpid(), chid));
	close(fd);
}

TEST(unprivileged_owner)
{
	int p[2];
	pid_t srv;
	uint32_t chid = 0;

	ASSERT_EQ(0, pipe(p));
	srv = fork();
	if (srv == 0) {
		int fd;

		if (setgroups(0, NULL) || setgid(OTHER_GID) || setuid(OTHER_UID))
			_exit(1);
		fd = t_open();
		if (fd < 0 || t_channel(fd, &chid))
			_exit(1);
		if (write(p[1], &chid, sizeof(chid)) != sizeof(chid))
			_exit(1);
		pause();
		_exit(0);
	}
	ASSERT_EQ(sizeof(chid), read(p[0], &chid, sizeof(chid)));
	/* Same user: yes.  A third user: no.  root: CAP_IPC_OWNER. */
	EXPECT_EQ(0, connect_as(OTHER_UID, OTHER_GID, srv, chid));
	EXPECT_EQ(-EACCES, connect_as(1000, 1000, srv, chid));
	EXPECT_EQ(0, connect_as(0, 0, srv, chid));
	kill(srv, SIGKILL);
	waitpid(srv, NULL, 0);
}

TEST_HARNESS_MAIN
