/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw ioctl wrappers for the stapler selftests.  The selftests talk to the
 * module directly, not through libstplr, so that every field of the ABI can
 * be exercised, including the invalid ones.  Every wrapper returns 0 (or a
 * non-negative result) or -errno.
 */
#ifndef STPLR_TEST_H
#define STPLR_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/stplr.h>
#include <linux/userfaultfd.h>

#define T_DEV "/dev/stplr-0"

static inline uint64_t t_ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static inline int t_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

static inline int t_open(void)
{
	int fd = open(T_DEV, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static inline int t_channel(int fd, uint32_t *chid)
{
	struct stplr_channel_create c = { 0 };
	int ret = t_ioctl(fd, STPLR_IOC_CHANNEL_CREATE, &c);

	if (!ret)
		*chid = c.chid;
	return ret;
}

static inline int t_channel_mode(int fd, uint32_t mode, uint32_t *chid)
{
	struct stplr_channel_create c = { .flags = STPLR_CHF_MODE, .mode = mode };
	int ret = t_ioctl(fd, STPLR_IOC_CHANNEL_CREATE, &c);

	if (!ret)
		*chid = c.chid;
	return ret;
}

static inline int t_channel_destroy(int fd, uint32_t chid)
{
	struct stplr_channel_destroy d = { .chid = chid };

	return t_ioctl(fd, STPLR_IOC_CHANNEL_DESTROY, &d);
}

static inline int t_connect(int fd, pid_t pid, uint32_t chid, uint32_t *coid)
{
	struct stplr_connect c = { .pid = (uint32_t)pid, .chid = chid };
	int ret = t_ioctl(fd, STPLR_IOC_CONNECT, &c);

	if (!ret)
		*coid = c.coid;
	return ret;
}

static inline int t_disconnect(int fd, uint32_t coid)
{
	struct stplr_disconnect d = { .coid = coid };

	return t_ioctl(fd, STPLR_IOC_DISCONNECT, &d);
}

/* Two-way send of one buffer, reply into one buffer. */
static inline int t_send(int fd, uint32_t coid, const void *s, size_t slen,
			 void *r, size_t rlen, struct stplr_msg_send *out)
{
	struct stplr_iov siov = { t_ptr(s), slen }, riov = { t_ptr(r), rlen };
	struct stplr_msg_send m = {
		.coid = coid, .n_send = 1, .send_iov = t_ptr(&siov),
		.n_reply = 1, .reply_iov = t_ptr(&riov),
	};
	int ret = t_ioctl(fd, STPLR_MSG_SEND_RECEIVE, &m);

	if (out)
		*out = m;
	return ret;
}

static inline int t_send_timeout(int fd, uint32_t coid, int64_t ns)
{
	char b = 'x';
	struct stplr_iov iov = { t_ptr(&b), 1 };
	struct stplr_msg_send m = {
		.flags = STPLR_F_TIMEOUT, .coid = coid, .n_send = 1,
		.send_iov = t_ptr(&iov), .timeout_ns = ns,
	};

	return t_ioctl(fd, STPLR_MSG_SEND_RECEIVE, &m);
}

static inline int t_send_oneway(int fd, uint32_t coid, const void *s,
				size_t slen)
{
	struct stplr_iov siov = { t_ptr(s), slen };
	struct stplr_msg_send m = {
		.coid = coid, .n_send = 1, .send_iov = t_ptr(&siov),
	};

	return t_ioctl(fd, STPLR_MSG_SEND, &m);
}

/* Receives into one buffer; returns the rcvid (>= 0) or -errno. */
static inline int64_t t_receive(int fd, uint32_t chid, void *buf, size_t len,
				struct stplr_msg_info *info)
{
	struct stplr_iov iov = { t_ptr(buf), len };
	struct stplr_msg_receive m = { .chid = chid, .n_iov = 1, .iov = t_ptr(&iov) };
	int ret = t_ioctl(fd, STPLR_MSG_RECEIVE, &m);

	if (ret)
		return ret;
	if (info)
		*info = m.info;
	return (int64_t)m.rcvid;
}

static inline int64_t t_receive_timeout(int fd, uint32_t chid, void *buf,
					size_t len, int64_t ns,
					struct stplr_msg_info *info)
{
	struct stplr_iov iov = { t_ptr(buf), len };
	struct stplr_msg_receive m = {
		.flags = STPLR_F_TIMEOUT, .chid = chid, .n_iov = 1,
		.iov = t_ptr(&iov), .timeout_ns = ns,
	};
	int ret = t_ioctl(fd, STPLR_MSG_RECEIVE, &m);

	if (ret)
		return ret;
	if (info)
		*info = m.info;
	return (int64_t)m.rcvid;
}

static inline int t_reply(int fd, uint64_t rcvid, int64_t status,
			  const void *buf, size_t len)
{
	struct stplr_iov iov = { t_ptr(buf), len };
	struct stplr_msg_reply r = {
		.rcvid = rcvid, .status = status, .n_iov = 1, .iov = t_ptr(&iov),
	};

	return t_ioctl(fd, STPLR_MSG_REPLY, &r);
}

static inline int t_error(int fd, uint64_t rcvid, int err)
{
	struct stplr_msg_reply r = { .rcvid = rcvid, .status = err };

	return t_ioctl(fd, STPLR_MSG_ERROR, &r);
}

static inline int t_channel_flags(int fd, uint64_t flags, uint32_t *chid)
{
	struct stplr_channel_create c = { .flags = flags };
	int ret = t_ioctl(fd, STPLR_IOC_CHANNEL_CREATE, &c);

	if (!ret)
		*chid = c.chid;
	return ret;
}

static inline int t_pulse(int fd, uint32_t coid, int code, uint32_t value)
{
	struct stplr_msg_pulse p = { .coid = coid, .code = code, .value = value };

	return t_ioctl(fd, STPLR_MSG_PULSE, &p);
}

/* Receive with every output; returns 0 or -errno. */
static inline int t_receive_full(int fd, uint32_t chid, uint64_t flags,
				 int64_t timeout_ns, void *buf, size_t len,
				 struct stplr_msg_receive *out)
{
	struct stplr_iov iov = { t_ptr(buf), len };
	struct stplr_msg_receive m = {
		.flags = flags, .chid = chid, .n_iov = buf ? 1 : 0,
		.iov = buf ? t_ptr(&iov) : 0, .timeout_ns = timeout_ns,
	};
	int ret = t_ioctl(fd, STPLR_MSG_RECEIVE, &m);

	*out = m;
	return ret;
}

/* Reaps @pid: its exit status, 128 + signal when killed, -1 on error. */
static inline int t_child_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static inline pid_t t_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Writes a module parameter; returns 0 or -errno. */
static inline int t_param_set(const char *name, unsigned int val)
{
	char path[128], buf[32];
	int fd, n, ret = 0;

	snprintf(path, sizeof(path), "/sys/module/stplr/parameters/%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%u", val);
	if (write(fd, buf, (size_t)n) != n)
		ret = -errno;
	close(fd);
	return ret;
}

static inline long t_param_get(const char *name)
{
	char path[128], buf[32] = "";
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/module/stplr/parameters/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -EIO;
}

/* Waits until thread @tid (of any process) sleeps; 0 or -ETIMEDOUT. */
static inline int t_wait_blocked(pid_t tid)
{
	char path[64], buf[512];
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	for (i = 0; i < 2000; i++) {
		FILE *f = fopen(path, "r");
		char *p;

		if (!f)
			return -errno;
		p = fgets(buf, sizeof(buf), f);
		fclose(f);
		p = p ? strrchr(buf, ')') : NULL;
		if (p && (p[2] == 'S' || p[2] == 'D'))
			return 0;
		usleep(1000);
	}
	return -ETIMEDOUT;
}

/*
 * Drops privilege and RLIMIT_RTPRIO: an ordinary process of another user
 * (65534).  0 or -1.
 */
static inline int t_become_nobody(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_RTPRIO, &rl))
		return -1;
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return -1;
	return 0;
}

/*
 * Whether another user (65534) can set module parameter @name: the
 * errno-style result of its write, from a child.  -EACCES is the answer
 * every parameter must give.
 */
static inline int t_param_set_as_nobody(const char *name, unsigned int val)
{
	pid_t c = fork();
	int st;

	if (c == 0)
		_exit(t_become_nobody() ? 2 : -t_param_set(name, val));
	if (c < 0 || waitpid(c, &st, 0) != c || !WIFEXITED(st))
		return -ECHILD;
	return -WEXITSTATUS(st);
}

/*
 * A userfaultfd (returned) and one anonymous page registered with it for
 * missing faults (*@page): touching the page blocks until someone serves
 * the fault.  -errno when userfaultfd is unavailable or setup fails.
 */
static inline int t_uffd_page(char **page)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { 0 };
	int uffd = (int)syscall(__NR_userfaultfd, O_CLOEXEC), e;

	*page = MAP_FAILED;
	if (uffd < 0)
		return -errno;
	*page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (*page == MAP_FAILED || ioctl(uffd, UFFDIO_API, &api))
		goto fail;
	reg.range.start = (uintptr_t)*page;
	reg.range.len = 4096;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		goto fail;
	return uffd;
fail:
	e = errno;
	close(uffd);
	return -e;
}

#endif /* STPLR_TEST_H */
