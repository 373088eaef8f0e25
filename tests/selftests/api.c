// SPDX-License-Identifier: GPL-2.0
/*
 * ABI checks: the version query, and every bad input of every ioctl gets
 * its documented errno and leaves nothing behind.
 */
#include <assert.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "kselftest_harness.h"
#include "stplr_test.h"

static_assert(sizeof(struct stplr_query) == _IOC_SIZE(STPLR_IOC_QUERY), "q");
static_assert(sizeof(struct stplr_msg_send) == 80, "send layout");
static_assert(sizeof(struct stplr_msg_receive) == 120, "receive layout");
static_assert(sizeof(struct stplr_msg_reply) == 56, "reply layout");

FIXTURE(dev) {
	int fd;
	uint32_t chid, coid;
};

FIXTURE_SETUP(dev)
{
	self->fd = t_open();
	ASSERT_GE(self->fd, 0) TH_LOG("open %s: %s", T_DEV, strerror(-self->fd));
	ASSERT_EQ(0, t_channel(self->fd, &self->chid));
	ASSERT_EQ(0, t_connect(self->fd, 0, self->chid, &self->coid));
}

FIXTURE_TEARDOWN(dev)
{
	close(self->fd);
}

TEST(device_node_mode)
{
	struct stat st;

	ASSERT_EQ(0, stat(T_DEV, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0666, st.st_mode & 0777);
}

TEST_F(dev, query)
{
	struct stplr_query q;

	memset(&q, 0xa5, sizeof(q));
	q.flags = 0;
	ASSERT_EQ(0, t_ioctl(self->fd, STPLR_IOC_QUERY, &q));
	EXPECT_EQ(STPLR_VERSION_MAJOR, q.major);
	EXPECT_EQ(STPLR_IOV_MAX, q.iov_max);
	EXPECT_TRUE(q.features & STPLR_FEAT_SENDRECV);
	EXPECT_TRUE(q.ioctls & (1ULL << _IOC_NR(STPLR_MSG_RECEIVE)));
	EXPECT_GT(q.max_msg_size, 0);
	EXPECT_GT(q.max_queued, 0);
	/* Kernel-written reserved fields are zero, not our 0xa5 pattern. */
	for (unsigned int i = 0; i < 6; i++) {
		EXPECT_EQ(0, q.reserved[i]);
	}
	q.flags = 1;
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_QUERY, &q));
}

TEST_F(dev, unknown_commands)
{
	char buf[256] = { 0 };

	EXPECT_EQ(-ENOTTY, t_ioctl(self->fd, _IOWR(STPLR_IOC_MAGIC, 0x3f, struct stplr_query), buf));
	/* A known number with the wrong size or direction is unknown too. */
	EXPECT_EQ(-ENOTTY, t_ioctl(self->fd, _IOWR(STPLR_IOC_MAGIC, 0x00, uint64_t), buf));
	EXPECT_EQ(-ENOTTY, t_ioctl(self->fd, _IOR(STPLR_IOC_MAGIC, 0x1a, struct stplr_msg_receive), buf));
	EXPECT_EQ(-ENOTTY, t_ioctl(self->fd, _IOWR('x', 0x00, struct stplr_query), buf));
	EXPECT_EQ(-ENOTTY, t_ioctl(self->fd, TIOCGWINSZ, buf));
}

TEST_F(dev, bad_pointers)
{
	void *bad = (void *)16;

	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_IOC_QUERY, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_IOC_CHANNEL_CREATE, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_IOC_CHANNEL_DESTROY, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_IOC_CONNECT, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_IOC_DISCONNECT, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_SEND, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_RECEIVE, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_REPLY, bad));
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_ERROR, bad));
}

TEST_F(dev, channel_create_validation)
{
	struct stplr_channel_create c = { .flags = 1ULL << 40 };

	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CHANNEL_CREATE, &c));
	c = (struct stplr_channel_create){ .reserved = { 0, 1 } };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CHANNEL_CREATE, &c));
	c = (struct stplr_channel_create){ .mode = 0600 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CHANNEL_CREATE, &c));
	c = (struct stplr_channel_create){ .flags = STPLR_CHF_MODE, .mode = 01000 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CHANNEL_CREATE, &c));
	c = (struct stplr_channel_create){ .flags = STPLR_CHF_MODE, .mode = 0666 };
	EXPECT_EQ(0, t_ioctl(self->fd, STPLR_IOC_CHANNEL_CREATE, &c));
	EXPECT_NE(self->chid, c.chid);
	EXPECT_EQ(0, t_channel_destroy(self->fd, c.chid));
	EXPECT_EQ(-ENOENT, t_channel_destroy(self->fd, c.chid));
}

TEST_F(dev, channel_destroy_validation)
{
	struct stplr_channel_destroy d = { .flags = 1, .chid = self->chid };

	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CHANNEL_DESTROY, &d));
	d = (struct stplr_channel_destroy){ .chid = self->chid, .reserved = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CHANNEL_DESTROY, &d));
	EXPECT_EQ(-ENOENT, t_channel_destroy(self->fd, 0));
	EXPECT_EQ(-ENOENT, t_channel_destroy(self->fd, 0xffffffffu));
}

TEST_F(dev, channel_of_other_context)
{
	int fd2 = t_open();
	char buf[8];

	ASSERT_GE(fd2, 0);
	/* Another context cannot destroy or receive on our channel. */
	EXPECT_EQ(-ENOENT, t_channel_destroy(fd2, self->chid));
	EXPECT_EQ(-ENOENT, t_receive(fd2, self->chid, buf, sizeof(buf), NULL));
	close(fd2);
}

TEST_F(dev, channel_limit)
{
	long max = t_param_get("max_channels");
	uint32_t chid = 0;
	int fd2 = t_open();
	long i;

	ASSERT_GT(max, 0);
	ASSERT_EQ(0, t_param_set("max_channels", 8));
	ASSERT_GE(fd2, 0);
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, t_channel(fd2, &chid));
	EXPECT_EQ(-EMFILE, t_channel(fd2, &chid));
	EXPECT_EQ(0, t_channel_destroy(fd2, chid));
	EXPECT_EQ(0, t_channel(fd2, &chid));
	close(fd2);
	ASSERT_EQ(0, t_param_set("max_channels", (unsigned int)max));
}

TEST_F(dev, connect_validation)
{
	struct stplr_connect c = { .flags = 2, .chid = self->chid };
	uint32_t coid;

	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CONNECT, &c));
	c = (struct stplr_connect){ .chid = self->chid, .reserved = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_CONNECT, &c));
	EXPECT_EQ(-ESRCH, t_connect(self->fd, 0, 0, &coid));
	EXPECT_EQ(-ESRCH, t_connect(self->fd, 0, 0x7fffffff, &coid));
	/* Right chid, wrong process. */
	EXPECT_EQ(-ESRCH, t_connect(self->fd, 1, self->chid, &coid));
	EXPECT_EQ(-ESRCH, t_connect(self->fd, -5, self->chid, &coid));
	EXPECT_EQ(0, t_connect(self->fd, getpid(), self->chid, &coid));
	EXPECT_NE(self->coid, coid);
	EXPECT_LT(coid, STPLR_SIDE_CHANNEL);
	c = (struct stplr_connect){ .flags = STPLR_CONNECT_SIDE_CHANNEL,
				    .chid = self->chid };
	EXPECT_EQ(0, t_ioctl(self->fd, STPLR_IOC_CONNECT, &c));
	EXPECT_GE(c.coid, STPLR_SIDE_CHANNEL);
	EXPECT_EQ(0, t_disconnect(self->fd, c.coid));
	EXPECT_EQ(-ENOENT, t_disconnect(self->fd, c.coid));
	EXPECT_EQ(-ENOENT, t_disconnect(self->fd, 0));
}

TEST_F(dev, disconnect_validation)
{
	struct stplr_disconnect d = { .flags = 1, .coid = self->coid };

	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_DISCONNECT, &d));
	d = (struct stplr_disconnect){ .coid = self->coid, .reserved = 3 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_IOC_DISCONNECT, &d));
	EXPECT_EQ(0, t_disconnect(self->fd, self->coid));
	/* A detached coid no longer sends. */
	EXPECT_EQ(-ENOENT, t_send_timeout(self->fd, self->coid, 0));
}

TEST_F(dev, connection_limit)
{
	long max = t_param_get("max_connections");
	uint32_t coid;
	int fd2 = t_open();
	int i;

	ASSERT_GE(fd2, 0);
	ASSERT_EQ(0, t_param_set("max_connections", 4));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, t_connect(fd2, 0, self->chid, &coid));
	EXPECT_EQ(-EMFILE, t_connect(fd2, 0, self->chid, &coid));
	EXPECT_EQ(0, t_disconnect(fd2, coid));
	EXPECT_EQ(0, t_connect(fd2, 0, self->chid, &coid));
	close(fd2);
	ASSERT_EQ(0, t_param_set("max_connections", (unsigned int)max));
}

TEST_F(dev, send_validation)
{
	char b[4] = "abc";
	struct stplr_iov iov = { t_ptr(b), sizeof(b) };
	struct stplr_msg_send m;

	m = (struct stplr_msg_send){ .flags = 2, .coid = self->coid };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	m = (struct stplr_msg_send){ .coid = self->coid, .reserved0 = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	m = (struct stplr_msg_send){ .coid = self->coid, .reserved1 = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	/* A timeout without its flag, and a negative one. */
	m = (struct stplr_msg_send){ .coid = self->coid, .timeout_ns = 5 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	m = (struct stplr_msg_send){ .flags = STPLR_F_TIMEOUT, .coid = self->coid,
				     .timeout_ns = -1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	/* One-way sends take no reply list. */
	m = (struct stplr_msg_send){ .coid = self->coid, .n_reply = 1,
				     .reply_iov = t_ptr(&iov) };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND, &m));
	/* Unknown connection. */
	m = (struct stplr_msg_send){ .coid = 12345 };
	EXPECT_EQ(-ENOENT, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	/* A list pointer without entries, entries without a list. */
	m = (struct stplr_msg_send){ .coid = self->coid, .send_iov = t_ptr(&iov) };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	m = (struct stplr_msg_send){ .coid = self->coid, .n_send = 1 };
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	m = (struct stplr_msg_send){ .coid = self->coid, .n_send = 1,
				     .send_iov = 8 };
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	/* Too many entries. */
	m = (struct stplr_msg_send){ .coid = self->coid,
				     .n_send = STPLR_IOV_MAX + 1,
				     .send_iov = t_ptr(&iov) };
	EXPECT_EQ(-E2BIG, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	m.n_send = 0xffffffffu;
	EXPECT_EQ(-E2BIG, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
}

TEST_F(dev, iov_sizes)
{
	long max = t_param_get("max_msg_size");
	/*
	 * A low address: the first entry's range must be a valid user range
	 * wherever ASLR put the stack, or EFAULT comes before E2BIG.
	 */
	struct stplr_iov big[3] = {
		{ 0x10000, (uint64_t)max }, { 0x10000, 1 },
		{ 0x10000, UINT64_MAX },
	};
	struct stplr_iov kern = { 0xffffffff80000000ull, 16 };
	struct stplr_msg_send m = { .coid = self->coid, .n_send = 2,
				    .send_iov = t_ptr(big) };

	ASSERT_GT(max, 0);
	/* Sum over the limit, one entry over it, and a sum that overflows. */
	EXPECT_EQ(-E2BIG, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	m.n_send = 1;
	m.send_iov = t_ptr(&big[2]);
	EXPECT_EQ(-E2BIG, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
	/* A kernel address is never a user buffer. */
	m.send_iov = t_ptr(&kern);
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_SEND_RECEIVE, &m));
}

TEST_F(dev, receive_validation)
{
	char b[8];
	struct stplr_iov iov = { t_ptr(b), sizeof(b) };
	struct stplr_msg_receive r;

	r = (struct stplr_msg_receive){ .flags = 4, .chid = self->chid };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_RECEIVE, &r));
	r = (struct stplr_msg_receive){ .chid = self->chid, .reserved = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_RECEIVE, &r));
	r = (struct stplr_msg_receive){ .chid = self->chid, .timeout_ns = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_RECEIVE, &r));
	r = (struct stplr_msg_receive){ .chid = 99999, .n_iov = 1,
					.iov = t_ptr(&iov) };
	EXPECT_EQ(-ENOENT, t_ioctl(self->fd, STPLR_MSG_RECEIVE, &r));
	r = (struct stplr_msg_receive){ .chid = self->chid, .n_iov = 1,
					.iov = 24 };
	EXPECT_EQ(-EFAULT, t_ioctl(self->fd, STPLR_MSG_RECEIVE, &r));
	/* Polling an empty channel. */
	EXPECT_EQ(-ETIMEDOUT, t_receive_timeout(self->fd, self->chid, b,
						sizeof(b), 0, NULL));
}

TEST_F(dev, reply_validation)
{
	struct stplr_msg_reply r;

	r = (struct stplr_msg_reply){ .flags = 1, .rcvid = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_REPLY, &r));
	r = (struct stplr_msg_reply){ .rcvid = 1, .reserved0 = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_REPLY, &r));
	r = (struct stplr_msg_reply){ .rcvid = 1, .reserved1 = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_REPLY, &r));
	/* Unknown, zero and out-of-range receive ids. */
	EXPECT_EQ(-ESRCH, t_reply(self->fd, 1, 0, NULL, 0));
	EXPECT_EQ(-ESRCH, t_reply(self->fd, 0, 0, NULL, 0));
	EXPECT_EQ(-ESRCH, t_reply(self->fd, 1ULL << 40, 0, NULL, 0));
	EXPECT_EQ(-ESRCH, t_error(self->fd, 1, EIO));
	/* MsgError takes a real errno and no data. */
	EXPECT_EQ(-EINVAL, t_error(self->fd, 1, 0));
	EXPECT_EQ(-EINVAL, t_error(self->fd, 1, -5));
	EXPECT_EQ(-EINVAL, t_error(self->fd, 1, 4096));
	r = (struct stplr_msg_reply){ .rcvid = 1, .status = EIO, .n_iov = 1 };
	EXPECT_EQ(-EINVAL, t_ioctl(self->fd, STPLR_MSG_ERROR, &r));
}

TEST_F(dev, debug_param_bounds)
{
	EXPECT_EQ(-EINVAL, t_param_set("debug", 5));
	EXPECT_EQ(0, t_param_set("debug", 0));
	EXPECT_EQ(-EINVAL, t_param_set("max_queued", 0));
}

TEST_HARNESS_MAIN
