// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr-qnx resource-manager library: the CUSE bridge.  A /dev/NAME
 * attach gets a CUSE character device (libfuse3's CUSE low-level API);
 * each request on it is turned into the _IO_* message a QNX client would
 * send and sent, by the worker thread that took the request, to the
 * manager's own channel through a connection of its own per open file.
 * The manager's dispatch loop serves it like any other message, so its
 * handlers never run in the bridge's threads.
 *
 * Threads: workers start at two and grow (up to RM_CUSE_MAX_THREADS) when
 * none is left waiting for a request, since a request blocks its worker
 * until the manager replies.  A kernel INTERRUPT (the client got a
 * signal, or was killed) signals the worker blocked in MsgSend(); the
 * channel's _NTO_CHF_UNBLOCK makes that an unblock pulse for the manager,
 * whose default answer releases the worker with EINTR.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef STPLR_RESMGR_CUSE

int rm_cuse_start(dispatch_t *dpp, struct rm_attach *att, mode_t mode)
{
	(void)dpp;
	(void)att;
	(void)mode;
	return -ENOTSUP;
}

void rm_cuse_stop(struct rm_attach *att)
{
	(void)att;
}

#else

#define FUSE_USE_VERSION 31
#include <cuse_lowlevel.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RM_CUSE_MAX_THREADS	64
#define RM_CUSE_START_THREADS	8

struct rm_cuse {
	struct fuse_session *se;
	int chid;
	int attach_id;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool inited;
	bool stopping;
	unsigned refs;		/* workers + the attach */
	unsigned nthreads;
	unsigned idle;
	pthread_t threads[RM_CUSE_MAX_THREADS];
	bool alive[RM_CUSE_MAX_THREADS];	/* may be signalled */
};

/* Drop a reference; the last one ends the session (the node goes). */
static void rm_cuse_put(struct rm_cuse *c)
{
	bool last;

	pthread_mutex_lock(&c->lock);
	last = --c->refs == 0;
	pthread_mutex_unlock(&c->lock);
	if (!last)
		return;
	cuse_lowlevel_teardown(c->se);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c);
}

static void rm_cuse_interrupt(fuse_req_t req, void *data)
{
	(void)req;
	pthread_kill(*(pthread_t *)data, STPLR_RESMGR_SIGNAL);
}

/*
 * Send one message for @req and wait for the manager's reply; a kernel
 * INTERRUPT of @req interrupts the wait.  Return MsgSendv_r()'s value.
 */
static long rm_cuse_send(fuse_req_t req, int coid, const iov_t *siov,
			 size_t sparts, const iov_t *riov, size_t rparts)
{
	pthread_t self = pthread_self();
	long ret;

	fuse_req_interrupt_func(req, rm_cuse_interrupt, &self);
	if (fuse_req_interrupted(req))
		ret = -EINTR;
	else
		ret = MsgSendv_r(coid, siov, sparts, riov, rparts);
	fuse_req_interrupt_func(req, NULL, NULL);
	return ret;
}

static int rm_cuse_coid(struct fuse_file_info *fi)
{
	return (int)fi->fh;
}

static void rm_cuse_open(fuse_req_t req, struct fuse_file_info *fi)
{
	struct rm_cuse *c = fuse_req_userdata(req);
	struct _io_connect msg;
	iov_t iov;
	int coid, acc = fi->flags & O_ACCMODE;
	long ret;

	coid = ConnectAttach_r(0, 0, c->chid, _NTO_SIDE_CHANNEL, 0);
	if (coid < 0) {
		fuse_reply_err(req, -coid);
		return;
	}
	memset(&msg, 0, sizeof(msg));
	msg.type = _IO_CONNECT;
	msg.subtype = _IO_CONNECT_OPEN;
	msg.file_type = _FTYPE_ANY;
	msg.handle = (uint32_t)c->attach_id + 1;	/* which attach */
	/* QNX's ioflag: the access mode plus one, then the other flags. */
	msg.ioflag = (uint32_t)((fi->flags & ~O_ACCMODE) |
				(acc == O_RDWR ? 3 : acc + 1));
	msg.path_len = 1;	/* the empty path: the attach point itself */
	SETIOV(&iov, &msg, offsetof(struct _io_connect, path) + 1);
	ret = rm_cuse_send(req, coid, &iov, 1, NULL, 0);
	if (ret < 0) {
		ConnectDetach_r(coid);
		fuse_reply_err(req, (int)-ret);
		return;
	}
	fi->fh = (uint64_t)coid;
	fi->direct_io = 1;
	fi->nonseekable = 1;
	if (fuse_reply_open(req, fi))
		ConnectDetach_r(coid);
}

static void rm_cuse_read(fuse_req_t req, size_t size, off_t off,
			 struct fuse_file_info *fi)
{
	struct _io_read msg;
	iov_t siov, riov;
	char *buf;
	long ret;

	(void)off;
	if (size > INT32_MAX)
		size = INT32_MAX;
	buf = malloc(size ? size : 1);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	memset(&msg, 0, sizeof(msg));
	msg.type = _IO_READ;
	msg.nbytes = (int32_t)size;
	msg.xtype = (fi->flags & O_NONBLOCK) ? _IO_XFLAG_NONBLOCK : 0;
	SETIOV(&siov, &msg, sizeof(msg));
	SETIOV(&riov, buf, size);
	ret = rm_cuse_send(req, rm_cuse_coid(fi), &siov, 1, &riov, 1);
	if (ret < 0)
		fuse_reply_err(req, (int)-ret);
	else
		fuse_reply_buf(req, buf, (size_t)ret < size ? (size_t)ret : size);
	free(buf);
}

static void rm_cuse_write(fuse_req_t req, const char *data, size_t size,
			  off_t off, struct fuse_file_info *fi)
{
	struct _io_write msg;
	iov_t siov[2];
	long ret;

	(void)off;
	if (size > INT32_MAX)
		size = INT32_MAX;
	memset(&msg, 0, sizeof(msg));
	msg.type = _IO_WRITE;
	msg.nbytes = (int32_t)size;
	msg.xtype = (fi->flags & O_NONBLOCK) ? _IO_XFLAG_NONBLOCK : 0;
	SETIOV(&siov[0], &msg, sizeof(msg));
	SETIOV(&siov[1], data, size);
	ret = rm_cuse_send(req, rm_cuse_coid(fi), siov, 2, NULL, 0);
	if (ret < 0)
		fuse_reply_err(req, (int)-ret);
	else
		fuse_reply_write(req, (size_t)ret < size ? (size_t)ret : size);
}

static void rm_cuse_ioctl(fuse_req_t req, int cmd, void *arg,
			  struct fuse_file_info *fi, unsigned flags,
			  const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	uint32_t ucmd = (uint32_t)cmd, dcmd;
	struct _io_devctl msg;
	struct _io_devctl_reply rep;
	iov_t siov[2], riov[2];
	char *out = NULL;
	long ret;

	(void)arg;
	(void)flags;
	/* Linux's direction bits are QNX's, swapped (<devctl.h>). */
	dcmd = (ucmd & 0x3FFFFFFFu) |
	       ((ucmd & (1u << 30)) ? 0x80000000u : 0) |
	       ((ucmd & (2u << 30)) ? 0x40000000u : 0);
	if (out_bufsz) {
		out = calloc(1, out_bufsz);
		if (!out) {
			fuse_reply_err(req, ENOMEM);
			return;
		}
	}
	memset(&msg, 0, sizeof(msg));
	memset(&rep, 0, sizeof(rep));
	msg.type = _IO_DEVCTL;
	msg.dcmd = (int32_t)dcmd;
	msg.nbytes = (int32_t)(in_bufsz > out_bufsz ? in_bufsz : out_bufsz);
	SETIOV(&siov[0], &msg, sizeof(msg));
	SETIOV(&siov[1], in_buf, in_bufsz);
	SETIOV(&riov[0], &rep, sizeof(rep));
	SETIOV(&riov[1], out, out_bufsz);
	ret = rm_cuse_send(req, rm_cuse_coid(fi), siov, in_bufsz ? 2 : 1,
			   riov, out_bufsz ? 2 : 1);
	/* ENOSYS would tell the kernel that the node has no ioctl at all. */
	if (ret == -ENOSYS)
		ret = -ENOTTY;
	if (ret < 0)
		fuse_reply_err(req, (int)-ret);
	else
		fuse_reply_ioctl(req, rep.ret_val, out, out_bufsz);
	free(out);
}

static void rm_cuse_poll(fuse_req_t req, struct fuse_file_info *fi,
			 struct fuse_pollhandle *ph)
{
	(void)fi;
	if (ph)
		fuse_pollhandle_destroy(ph);
	fuse_reply_poll(req, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
}

static void rm_cuse_release(fuse_req_t req, struct fuse_file_info *fi)
{
	struct _io_close msg;
	iov_t iov;
	int coid = rm_cuse_coid(fi);

	memset(&msg, 0, sizeof(msg));
	msg.type = _IO_CLOSE;
	SETIOV(&iov, &msg, sizeof(msg));
	/* Not interruptible: the open file must be closed in the manager. */
	MsgSendv_r(coid, &iov, 1, NULL, 0);
	ConnectDetach_r(coid);
	fuse_reply_err(req, 0);
}

static void rm_cuse_init_done(void *userdata)
{
	struct rm_cuse *c = userdata;

	pthread_mutex_lock(&c->lock);
	c->inited = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

static const struct cuse_lowlevel_ops rm_cuse_ops = {
	.init_done = rm_cuse_init_done,
	.open = rm_cuse_open,
	.read = rm_cuse_read,
	.write = rm_cuse_write,
	.release = rm_cuse_release,
	.ioctl = rm_cuse_ioctl,
	.poll = rm_cuse_poll,
};

static void *rm_cuse_worker(void *arg);

/* Start a worker (locked).  Return 0 or -errno. */
static int rm_cuse_spawn(struct rm_cuse *c)
{
	int ret;

	if (c->nthreads >= RM_CUSE_MAX_THREADS || c->stopping)
		return -EAGAIN;
	c->refs++;
	ret = pthread_create(&c->threads[c->nthreads], NULL, rm_cuse_worker, c);
	if (ret) {
		c->refs--;
		return -ret;
	}
	pthread_detach(c->threads[c->nthreads]);
	c->alive[c->nthreads] = true;
	c->nthreads++;
	return 0;
}

static void *rm_cuse_worker(void *arg)
{
	struct rm_cuse *c = arg;
	struct fuse_buf fbuf = { .mem = NULL };
	sigset_t set;
	unsigned i;
	int res;

	sigemptyset(&set);
	sigaddset(&set, STPLR_RESMGR_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	while (!fuse_session_exited(c->se)) {
		pthread_mutex_lock(&c->lock);
		c->idle++;
		pthread_mutex_unlock(&c->lock);
		res = fuse_session_receive_buf(c->se, &fbuf);
		pthread_mutex_lock(&c->lock);
		c->idle--;
		if (res > 0 && c->idle == 0)
			rm_cuse_spawn(c);
		pthread_mutex_unlock(&c->lock);
		if (res == -EINTR || res == -EAGAIN)
			continue;
		if (res <= 0)
			break;
		fuse_session_process_buf(c->se, &fbuf);
	}
	free(fbuf.mem);
	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->nthreads; i++)
		if (pthread_equal(c->threads[i], pthread_self()))
			c->alive[i] = false;
	pthread_mutex_unlock(&c->lock);
	rm_cuse_put(c);
	return NULL;
}

/* Wait up to @ms for @path to exist. */
static bool rm_wait_node(const char *path, int ms)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct stat st;

	for (; ms > 0; ms -= 20) {
		if (stat(path, &st) == 0)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

int rm_cuse_start(dispatch_t *dpp, struct rm_attach *att, mode_t mode)
{
	char devname[RM_PATH_MAX + 16];
	const char *dev_info[] = { devname };
	char *argv[] = { "stplr-resmgr", "-f", NULL };
	struct cuse_info ci;
	struct rm_cuse *c;
	struct timespec ts;
	struct stat st;
	int mt, fd, ret = 0, i;

	if (stat(att->path, &st) == 0)
		return -EEXIST;
	/* Say why before libfuse prints it. */
	fd = open("/dev/cuse", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);

	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	c->chid = dpp->chid;
	c->attach_id = att->id;
	snprintf(devname, sizeof(devname), "DEVNAME=%s", att->path + 5);
	memset(&ci, 0, sizeof(ci));
	ci.dev_info_argc = 1;
	ci.dev_info_argv = dev_info;
	c->se = cuse_lowlevel_setup(2, argv, &ci, &rm_cuse_ops, &mt, c);
	if (!c->se) {
		free(c);
		return -ENODEV;
	}
	/* The manager's signals are its own. */
	fuse_remove_signal_handlers(c->se);
	c->refs = 1;
	pthread_mutex_lock(&c->lock);
	for (i = 0; i < RM_CUSE_START_THREADS && !ret; i++)
		ret = rm_cuse_spawn(c);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	while (!ret && !c->inited &&
	       pthread_cond_timedwait(&c->cond, &c->lock, &ts) == 0)
		;
	if (!ret && !c->inited)
		ret = -ETIMEDOUT;
	pthread_mutex_unlock(&c->lock);
	att->cuse = c;
	if (!ret && !rm_wait_node(att->path, 5000))
		ret = -ENODEV;
	if (ret) {
		rm_cuse_stop(att);
		return ret;
	}
	chmod(att->path, mode & 07777);
	return 0;
}

void rm_cuse_stop(struct rm_attach *att)
{
	struct rm_cuse *c = att->cuse;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	unsigned i, alive;
	int tries;

	if (!c)
		return;
	att->cuse = NULL;
	fuse_session_exit(c->se);
	pthread_mutex_lock(&c->lock);
	c->stopping = true;
	pthread_mutex_unlock(&c->lock);
	/*
	 * Wake the workers waiting for a request, for up to a second; those
	 * waiting for this manager's reply leave once it answers (or its
	 * channel goes), and the last one ends the session.
	 */
	for (tries = 0; tries < 50; tries++) {
		pthread_mutex_lock(&c->lock);
		for (i = 0, alive = 0; i < c->nthreads; i++) {
			if (!c->alive[i])
				continue;
			alive++;
			pthread_kill(c->threads[i], STPLR_RESMGR_SIGNAL);
		}
		pthread_mutex_unlock(&c->lock);
		if (!alive)
			break;
		nanosleep(&ts, NULL);
	}
	rm_cuse_put(c);	/* the attach's reference */
}

#endif /* STPLR_RESMGR_CUSE */
