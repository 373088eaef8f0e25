// SPDX-License-Identifier: GPL-2.0
/*
 * test-errors: libstplr reports system errors as -errno, without the
 * stplr module.
 *
 * A missing device node gives -ENOENT, a node the caller may not open
 * -EACCES, a file that is not a stapler device -ENOTTY from every
 * operation, a closed descriptor -EBADF; outputs are left alone on
 * failure; descriptors are close-on-exec; results never depend on errno.
 * Runs anywhere (root or not, module loaded or not).  TAP output.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stplr/stplr.h>

#include "tap.h"

/* Open @path as an unprivileged user; return the library's result. */
static int open_as_nobody(const char *path)
{
	pid_t pid;
	int status, fd, ret;

	if (geteuid() != 0) {
		ret = stplr_ctx_open_path(path, &fd);
		if (!ret)
			stplr_ctx_close(fd);
		return ret;
	}

	/* root ignores file modes: try as uid/gid 65534 in a child. */
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(100);
		ret = stplr_ctx_open_path(path, &fd);
		_exit(ret == -EACCES ? 0 : ret == 0 ? 101 : 102);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	switch (WEXITSTATUS(status)) {
	case 0:
		return -EACCES;
	case 100:
		return 1;	/* cannot drop privileges: skip */
	case 101:
		return 0;
	default:
		return -EIO;
	}
}

static void test_eacces(void)
{
	char path[] = "/tmp/stplr-test-errors.XXXXXX";
	int fd, ret;

	fd = mkstemp(path);
	if (fd < 0) {
		tap_skip("no writable /tmp", "unreadable node gives -EACCES");
		return;
	}
	close(fd);
	chmod(path, geteuid() == 0 ? 0600 : 0);
	ret = open_as_nobody(path);
	unlink(path);
	if (ret == 1)
		tap_skip("cannot switch to uid 65534",
			 "unreadable node gives -EACCES");
	else
		tap_is(ret, -EACCES, "unreadable node gives -EACCES");
}

int main(void)
{
	struct stplr_query q;
	struct stplr_send_result res = { 7, 7, 7 };
	struct stplr_msg_info info;
	uint32_t chid = 12345, coid = 54321;
	uint64_t rcvid = 99, len = 98;
	char buf[16] = "hello";
	int fd = -7, nfd, flags;

	tap_plan(31);

	/* ---- opening ---- */
	tap_is(stplr_ctx_open(-1, &fd), -EINVAL, "negative device index");
	tap_is(stplr_ctx_open(0, NULL), -EINVAL, "NULL fd pointer");
	tap_is(fd, -7, "fd untouched on failure");
	tap_is(stplr_ctx_open(INT_MAX, &fd), -ENOENT,
	       "missing /dev/stplr-%d gives -ENOENT", INT_MAX);
	tap_is(stplr_ctx_open_path(NULL, &fd), -EINVAL, "NULL path");
	tap_is(stplr_ctx_open_path("/dev/null", NULL), -EINVAL,
	       "NULL fd pointer (path)");
	tap_is(stplr_ctx_open_path("/nonexistent-stplr/stplr-0", &fd),
	       -ENOENT, "missing path gives -ENOENT");
	tap_is(stplr_ctx_open_path("/dev/null/stplr-0", &fd), -ENOTDIR,
	       "open errors pass through (-ENOTDIR)");
	test_eacces();

	/* errno set beforehand never leaks into a result */
	errno = EDOM;
	tap_is(stplr_ctx_open(-5, &fd), -EINVAL, "result independent of errno");

	/* ---- a descriptor that is not a stapler device ---- */
	nfd = -1;
	tap_is(stplr_ctx_open_path("/dev/null", &nfd), 0, "open /dev/null");
	if (nfd < 0) {
		printf("# cannot continue without a descriptor\n");
		return 1;
	}
	flags = fcntl(nfd, F_GETFD);
	tap_ok(flags >= 0 && (flags & FD_CLOEXEC), "descriptor is O_CLOEXEC");
	flags = fcntl(nfd, F_GETFL);
	tap_ok(flags >= 0 && (flags & O_ACCMODE) == O_RDWR,
	       "descriptor is O_RDWR");

	tap_is(stplr_query(nfd, &q), -ENOTTY, "query on /dev/null: -ENOTTY");
	tap_is(stplr_channel_create(nfd, 0, 0, &chid), -ENOTTY,
	       "channel_create: -ENOTTY");
	tap_is(chid, 12345, "chid untouched on failure");
	tap_is(stplr_channel_destroy(nfd, 1), -ENOTTY,
	       "channel_destroy: -ENOTTY");
	tap_is(stplr_connect(nfd, 0, 1, 0, &coid), -ENOTTY, "connect: -ENOTTY");
	tap_is(coid, 54321, "coid untouched on failure");
	tap_is(stplr_disconnect(nfd, 1), -ENOTTY, "disconnect: -ENOTTY");
	tap_is(stplr_msg_send(nfd, 1, buf, 5, buf, sizeof(buf),
			      STPLR_TIMEOUT_NONE, &res), -ENOTTY,
	       "msg_send: -ENOTTY");
	tap_ok(res.status == 7 && res.len == 7 && res.srclen == 7,
	       "send result untouched on failure");
	tap_is(stplr_msg_send_oneway(nfd, 1, buf, 5, 0), -ENOTTY,
	       "msg_send_oneway: -ENOTTY");
	tap_is(stplr_msg_receive(nfd, 1, buf, sizeof(buf), 1000000, &rcvid,
				 &info), -ENOTTY, "msg_receive: -ENOTTY");
	tap_is(rcvid, 99, "rcvid untouched on failure");
	tap_is(stplr_msg_reply(nfd, 1, 0, buf, 5, &len), -ENOTTY,
	       "msg_reply: -ENOTTY");
	tap_is(stplr_msg_error(nfd, 1, EIO), -ENOTTY, "msg_error: -ENOTTY");

	/* ---- closed and invalid descriptors ---- */
	errno = EIO;
	tap_is(stplr_ctx_close(nfd), 0, "close succeeds (errno preset)");
	tap_is(stplr_query(nfd, &q), -EBADF, "query on a closed fd: -EBADF");
	tap_is(stplr_ctx_close(nfd), -EBADF, "second close: -EBADF");
	tap_is(stplr_ctx_close(-1), -EBADF, "close(-1): -EBADF");

	(void)len;
	return tap_done();
}
