// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: the process-wide context.
 *
 * QNX channels and connections belong to a process; stapler's belong to a
 * context (an open device).  The QNX calls therefore share one context
 * per process, opened on first use and claimed (STPLR_IOC_CTX_CLAIM) when
 * the module can, so that its chids count from 1 as a QNX process's do.
 * See <sys/neutrino.h> for the rules (STPLR_DEVICE, fork, exec).
 *
 * Locking: qnx_lock serialises opening and is held across fork() by the
 * atfork handlers, so a child never inherits it locked.  Readers use the
 * descriptor lock-free once it is published in qnx_fd.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

static pthread_once_t qnx_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t qnx_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int qnx_fd = -1;
static int qnx_init_err;

static void qnx_atfork_prepare(void)
{
	pthread_mutex_lock(&qnx_lock);
}

static void qnx_atfork_parent(void)
{
	pthread_mutex_unlock(&qnx_lock);
}

/*
 * The inherited descriptor refers to the parent's context: drop it, so the
 * child gets a context of its own and does not keep the parent's alive.
 */
static void qnx_atfork_child(void)
{
	int fd = atomic_exchange(&qnx_fd, -1);

	if (fd >= 0)
		close(fd);
	pthread_mutex_unlock(&qnx_lock);
}

static void qnx_init(void)
{
	qnx_init_err = pthread_atfork(qnx_atfork_prepare, qnx_atfork_parent,
				      qnx_atfork_child);
}

/* The device index from STPLR_DEVICE (default 0), or -EINVAL. */
static int qnx_device_index(void)
{
	const char *s = secure_getenv("STPLR_DEVICE");
	unsigned long v;
	char *end;

	if (!s || !*s)
		return 0;
	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > INT_MAX)
		return -EINVAL;
	return (int)v;
}

/*
 * Opens the context of device @idx and, when the module numbers channels
 * per process (STPLR_FEAT_CTX_CHID), claims it, so that ChannelCreate()
 * counts from 1 and ConnectAttach(pid, chid) finds this process's
 * channels as on QNX.  An older module keeps device-wide chids.
 */
static int qnx_open_ctx(int idx, int *fdp)
{
	struct stplr_query q;
	int fd, ret;

	ret = stplr_ctx_open(idx, &fd);
	if (ret)
		return ret;
	ret = stplr_query(fd, &q);
	if (!ret && (q.features & STPLR_FEAT_CTX_CHID))
		ret = stplr_ctx_claim(fd);
	if (ret) {
		close(fd);
		return ret;
	}
	*fdp = fd;
	return 0;
}

static int qnx_open_slow(void)
{
	int fd, idx, ret;

	ret = pthread_once(&qnx_once, qnx_init);
	if (ret)
		return -ret;
	if (qnx_init_err)
		return -qnx_init_err;

	pthread_mutex_lock(&qnx_lock);
	fd = atomic_load(&qnx_fd);
	if (fd < 0) {
		idx = qnx_device_index();
		ret = idx < 0 ? idx : qnx_open_ctx(idx, &fd);
		if (ret)
			fd = ret;
		else
			atomic_store(&qnx_fd, fd);
	}
	pthread_mutex_unlock(&qnx_lock);
	return fd;
}

int stplr_qnx_fd(void)
{
	int fd = atomic_load_explicit(&qnx_fd, memory_order_acquire);

	return fd >= 0 ? fd : qnx_open_slow();
}
