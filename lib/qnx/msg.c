// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: MsgSend*, MsgReceive*, MsgReceivePulse*, MsgReply*,
 * MsgError, MsgRead*, MsgWrite*, MsgSendPulse and TimerTimeout.
 *
 * Each family has one core function returning 0 or -errno, with its result
 * (status or rcvid) passed back separately, so that a negative status
 * replied by a server is never mistaken for an error by the plain forms.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* iov_t lists up to this long are converted on the stack. */
#define QNX_IOV_STACK	16

/*
 * On LP64 a struct iovec has the layout of a struct stplr_iov (pointer and
 * size_t are both 64 bits), so an iov_t array is handed to the kernel as
 * it is.  Elsewhere (-m32) it is converted.
 */
#define QNX_IOV_SAME_LAYOUT						\
	(sizeof(iov_t) == sizeof(struct stplr_iov) &&			\
	 sizeof(void *) == sizeof(__u64) &&				\
	 sizeof(size_t) == sizeof(__u64) &&				\
	 offsetof(iov_t, iov_base) == offsetof(struct stplr_iov, base) && \
	 offsetof(iov_t, iov_len) == offsetof(struct stplr_iov, len))

/* One side of an exchange as a stapler gather list. */
struct qnx_iov {
	const struct stplr_iov *list;
	unsigned int n;
	struct stplr_iov *heap;
	struct stplr_iov stack[QNX_IOV_STACK];
};

/*
 * qnx_iov_from_list() - view an iov_t array as a stapler gather list
 * Return: 0 (release with qnx_iov_release()); -EFAULT, -E2BIG, -ENOMEM.
 */
static int qnx_iov_from_list(struct qnx_iov *v, const iov_t *iov, size_t n)
{
	struct stplr_iov *dst;
	size_t i;
	int ret;

	v->heap = NULL;
	v->list = NULL;
	v->n = 0;
	ret = stplr_priv_check_list(iov, n);
	if (ret || !n)
		return ret;
	v->n = (unsigned int)n;

	if (QNX_IOV_SAME_LAYOUT) {
		v->list = (const struct stplr_iov *)(const void *)iov;
		return 0;
	}

	dst = v->stack;
	if (n > QNX_IOV_STACK) {
		v->heap = malloc(n * sizeof(*v->heap));
		if (!v->heap)
			return -ENOMEM;
		dst = v->heap;
	}
	for (i = 0; i < n; i++)
		stplr_iov_set(&dst[i], GETIOVBASE(&iov[i]), GETIOVLEN(&iov[i]));
	v->list = dst;
	return 0;
}

/*
 * qnx_iov_from_buf() - a single buffer as a one-entry gather list
 * Return: 0 (release with qnx_iov_release()); -EFAULT for NULL with bytes.
 */
static int qnx_iov_from_buf(struct qnx_iov *v, const void *buf, size_t bytes)
{
	v->heap = NULL;
	v->list = NULL;
	v->n = 0;
	if (!buf && bytes)
		return -EFAULT;
	stplr_iov_set(&v->stack[0], buf, bytes);
	v->list = v->stack;
	v->n = 1;
	return 0;
}

static void qnx_iov_release(struct qnx_iov *v)
{
	free(v->heap);
	v->heap = NULL;
}

/* ------------------------------------------------------------------ */
/* TimerTimeout                                                        */
/* ------------------------------------------------------------------ */

/*
 * The calling thread's armed timeout: TimerTimeout() sets it, the next
 * send or receive takes it (see <sys/neutrino.h>).
 */
struct qnx_timeout {
	int armed;
	int states;		/* _NTO_TIMEOUT_* bits */
	int immediate;		/* NULL ntime: do not block */
	clockid_t clock;	/* clock of @deadline */
	int64_t deadline;	/* ns of @clock */
};

static _Thread_local struct qnx_timeout qnx_tt;

#define QNX_TIMEOUT_STATES						\
	(_NTO_TIMEOUT_SEND | _NTO_TIMEOUT_RECEIVE | _NTO_TIMEOUT_REPLY)
/* QNX states with no blocking call here: a timeout on them is refused. */
#define QNX_TIMEOUT_OTHER_STATES					\
	(_NTO_TIMEOUT_STOPPED | _NTO_TIMEOUT_SIGSUSPEND |		\
	 _NTO_TIMEOUT_SIGWAITINFO | _NTO_TIMEOUT_NANOSLEEP |		\
	 _NTO_TIMEOUT_MUTEX | _NTO_TIMEOUT_CONDVAR | _NTO_TIMEOUT_JOIN | \
	 _NTO_TIMEOUT_INTR | _NTO_TIMEOUT_SEM)

static int qnx_clock_ns(clockid_t id, int64_t *ns)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return -EINVAL;
	*ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	return 0;
}

static int qnx_timer_timeout(clockid_t id, int flags, const uint64_t *ntime,
			     uint64_t *otime)
{
	struct qnx_timeout t = { 0 };
	int64_t now;
	int ret;

	if (flags & QNX_TIMEOUT_OTHER_STATES)
		return -EINVAL;
	/* The clock must exist even when a relative time ignores it. */
	ret = qnx_clock_ns(id, &now);
	if (ret)
		return ret;
	if (otime)
		*otime = 0;

	t.states = flags & QNX_TIMEOUT_STATES;
	t.armed = t.states != 0;
	if (!ntime) {
		t.immediate = 1;
	} else if (flags & TIMER_ABSTIME) {
		t.clock = id;
		t.deadline = *ntime > INT64_MAX ? INT64_MAX : (int64_t)*ntime;
	} else {
		t.clock = CLOCK_MONOTONIC;
		ret = qnx_clock_ns(CLOCK_MONOTONIC, &now);
		if (ret)
			return ret;
		t.deadline = *ntime > (uint64_t)(INT64_MAX - now) ?
			     INT64_MAX : now + (int64_t)*ntime;
	}
	qnx_tt = t;
	return 0;
}

int TimerTimeout_r(clockid_t id, int flags, const struct sigevent *notify,
		   const uint64_t *ntime, uint64_t *otime)
{
	int saved = errno;

	(void)notify;	/* always SIGEV_UNBLOCK */
	return stplr_qnx_r(saved, qnx_timer_timeout(id, flags, ntime, otime));
}

int TimerTimeout(clockid_t id, int flags, const struct sigevent *notify,
		 const uint64_t *ntime, uint64_t *otime)
{
	(void)notify;
	return stplr_qnx_ret(qnx_timer_timeout(id, flags, ntime, otime));
}

/*
 * qnx_timeout_take() - disarm the thread's timeout for a blocking call
 * @states: the _NTO_TIMEOUT_* states the call blocks in
 *
 * Return: the timeout to pass to the native API: STPLR_TIMEOUT_NONE when
 * none applies, else the nanoseconds left (0 when already expired).
 */
static int64_t qnx_timeout_take(int states)
{
	struct qnx_timeout t = qnx_tt;
	int64_t now;

	if (!t.armed)
		return STPLR_TIMEOUT_NONE;
	qnx_tt.armed = 0;
	if (!(t.states & states))
		return STPLR_TIMEOUT_NONE;
	if (t.immediate || qnx_clock_ns(t.clock, &now))
		return 0;
	return t.deadline > now ? t.deadline - now : 0;
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */
/* ------------------------------------------------------------------ */

/*
 * qnx_send() - send the prepared lists and wait for the reply
 * Return: 0 with *@status set; -errno (EBADF for an unknown coid).
 */
static int qnx_send(int coid, struct qnx_iov *sv, int sret,
		    struct qnx_iov *rv, int rret, long *status)
{
	int64_t timeout = qnx_timeout_take(_NTO_TIMEOUT_SEND |
					   _NTO_TIMEOUT_REPLY);
	struct stplr_send_result res = { 0, 0, 0 };
	int fd, ret;

	ret = sret ? sret : rret;
	if (!ret && coid < 0)
		ret = -EBADF;
	if (!ret) {
		fd = stplr_qnx_fd();
		if (fd < 0)
			ret = fd;
		else
			ret = stplr_qnx_enoent(
				stplr_msg_sendv(fd, (uint32_t)coid, sv->list,
						sv->n, rv->list, rv->n,
						timeout, &res),
				EBADF);
	}
	qnx_iov_release(rv);
	qnx_iov_release(sv);
	if (!ret)
		*status = (long)res.status;
	return ret;
}

static int qnx_send_ss(int coid, const void *smsg, size_t sbytes,
		       void *rmsg, size_t rbytes, long *status)
{
	struct qnx_iov sv, rv;
	int sret = qnx_iov_from_buf(&sv, smsg, sbytes);
	int rret = qnx_iov_from_buf(&rv, rmsg, rbytes);

	return qnx_send(coid, &sv, sret, &rv, rret, status);
}

static int qnx_send_vv(int coid, const iov_t *siov, size_t sparts,
		       const iov_t *riov, size_t rparts, long *status)
{
	struct qnx_iov sv, rv;
	int sret = qnx_iov_from_list(&sv, siov, sparts);
	int rret = qnx_iov_from_list(&rv, riov, rparts);

	return qnx_send(coid, &sv, sret, &rv, rret, status);
}

static int qnx_send_sv(int coid, const void *smsg, size_t sbytes,
		       const iov_t *riov, size_t rparts, long *status)
{
	struct qnx_iov sv, rv;
	int sret = qnx_iov_from_buf(&sv, smsg, sbytes);
	int rret = qnx_iov_from_list(&rv, riov, rparts);

	return qnx_send(coid, &sv, sret, &rv, rret, status);
}

static int qnx_send_vs(int coid, const iov_t *siov, size_t sparts,
		       void *rmsg, size_t rbytes, long *status)
{
	struct qnx_iov sv, rv;
	int sret = qnx_iov_from_list(&sv, siov, sparts);
	int rret = qnx_iov_from_buf(&rv, rmsg, rbytes);

	return qnx_send(coid, &sv, sret, &rv, rret, status);
}

/* The two ways of reporting a send's outcome. */
static long qnx_send_r(int ret, long status)
{
	return ret ? ret : status;
}

static long qnx_send_plain(int ret, long status)
{
	if (ret) {
		errno = -ret;
		return -1;
	}
	return status;
}

/*
 * Every MsgSend* variant in its plain and _r form.  No stapler call is a
 * cancellation point, so the *nc variants are the same functions.
 */
#define QNX_SEND_VARIANT(name, core, T1, T3)			\
long name##_r(int coid, T1 a1, size_t a2, T3 a3, size_t a4)		\
{									\
	int saved = errno;						\
	long status = 0;						\
	int ret = core(coid, a1, a2, a3, a4, &status);			\
									\
	errno = saved;							\
	return qnx_send_r(ret, status);					\
}									\
long name(int coid, T1 a1, size_t a2, T3 a3, size_t a4)		\
{									\
	long status = 0;						\
	int ret = core(coid, a1, a2, a3, a4, &status);			\
									\
	return qnx_send_plain(ret, status);				\
}

QNX_SEND_VARIANT(MsgSend, qnx_send_ss, const void *, void *)
QNX_SEND_VARIANT(MsgSendnc, qnx_send_ss, const void *, void *)
QNX_SEND_VARIANT(MsgSendv, qnx_send_vv, const iov_t *, const iov_t *)
QNX_SEND_VARIANT(MsgSendvnc, qnx_send_vv, const iov_t *, const iov_t *)
QNX_SEND_VARIANT(MsgSendsv, qnx_send_sv, const void *, const iov_t *)
QNX_SEND_VARIANT(MsgSendsvnc, qnx_send_sv, const void *, const iov_t *)
QNX_SEND_VARIANT(MsgSendvs, qnx_send_vs, const iov_t *, void *)
QNX_SEND_VARIANT(MsgSendvsnc, qnx_send_vs, const iov_t *, void *)

/* ------------------------------------------------------------------ */
/* Receiving                                                           */
/* ------------------------------------------------------------------ */

static void qnx_info_fill(struct _msg_info *info,
			  const struct stplr_msg_info *si)
{
	memset(info, 0, sizeof(*info));
	info->nd = 0;
	info->srcnd = 0;
	info->pid = (pid_t)si->pid;
	info->tid = (int32_t)si->tid;
	info->chid = (int32_t)si->chid;
	info->scoid = stplr_qnx_scoid(si->scoid);
	info->coid = (int32_t)si->coid;
	info->msglen = (ssize_t)si->msglen;
	info->srcmsglen = (ssize_t)si->srcmsglen;
	info->dstmsglen = (ssize_t)si->dstmsglen;
	info->priority = (int32_t)si->priority;
	info->flags = 0;
}

/* A stapler pulse as QNX's struct _pulse. */
static void qnx_pulse_fill(struct _pulse *p, const struct stplr_pulse *sp)
{
	memset(p, 0, sizeof(*p));
	p->type = _PULSE_TYPE;
	p->subtype = _PULSE_SUBTYPE;
	p->code = (int8_t)sp->code;
	p->value.sival_int = (int)sp->value;
	p->scoid = stplr_qnx_scoid(sp->scoid);
}

/*
 * qnx_scatter() - copy @len bytes of @src over a gather list, in order
 * Return: the bytes copied (less than @len when the list is shorter).
 */
static size_t qnx_scatter(const struct stplr_iov *list, unsigned int n,
			  const void *src, size_t len)
{
	size_t done = 0, chunk;
	unsigned int i;

	for (i = 0; i < n && done < len; i++) {
		chunk = len - done;
		if (list[i].len < chunk)
			chunk = (size_t)list[i].len;
		if (chunk)
			memcpy((void *)(uintptr_t)list[i].base,
			       (const char *)src + done, chunk);
		done += chunk;
	}
	return done;
}

/*
 * qnx_received() - what a receive got, as MsgReceive*() report it
 * @ret: the native call's result (STPLR_RECEIVED_* or -errno)
 *
 * Writes a pulse into the list, remembers the rcvid for MsgInfo() and
 * fills @info; releases @v.
 * Return: the rcvid (0 for a pulse) or -errno.
 */
static int qnx_received(int fd, int ret, struct qnx_iov *v, uint64_t rcvid,
			struct stplr_msg_info *si,
			const struct stplr_pulse *sp, struct _msg_info *info)
{
	struct _pulse pulse;
	size_t n;

	if (ret == STPLR_RECEIVED_PULSE) {
		qnx_pulse_fill(&pulse, sp);
		n = qnx_scatter(v->list, v->n, &pulse, sizeof(pulse));
		si->msglen = n;
		si->srcmsglen = sizeof(pulse);
		si->dstmsglen = 0;
		si->pid = 0;
		si->tid = 0;
		si->coid = 0;
		rcvid = 0;
		ret = 0;
	} else if (!ret && rcvid > INT_MAX) {
		/*
		 * The ABI keeps receive ids below 2^31.  Should that ever
		 * break, fail the sender rather than lose its message.
		 */
		stplr_msg_error(fd, rcvid, EOVERFLOW);
		ret = -EOVERFLOW;
	}
	qnx_iov_release(v);
	if (ret)
		return ret;
	if (rcvid) {
		struct _msg_info mi;

		qnx_info_fill(&mi, si);
		stplr_qnx_rcvid_note((int)rcvid, &mi);
		if (info)
			*info = mi;
	} else if (info) {
		qnx_info_fill(info, si);
	}
	return (int)rcvid;
}

/* qnx_receive() with the thread's timeout already taken. */
static int qnx_receive_in(int chid, struct qnx_iov *v, int vret,
			  struct _msg_info *info, int64_t timeout)
{
	struct stplr_msg_info si;
	struct stplr_pulse sp;
	uint64_t rcvid = 0;
	int fd = -1, ret = vret;

	memset(&si, 0, sizeof(si));
	if (!ret && chid < 0)
		ret = -ESRCH;
	if (!ret) {
		fd = stplr_qnx_fd();
		if (fd < 0)
			ret = fd;
		else
			ret = stplr_qnx_enoent(
				stplr_msg_receive_anyv(fd, (uint32_t)chid,
						       v->list, v->n, 0,
						       timeout, &rcvid, &si,
						       &sp),
				ESRCH);
	}
	return qnx_received(fd, ret, v, rcvid, &si, &sp, info);
}

/*
 * qnx_receive() - receive a message or a pulse into the prepared list
 * Return: the rcvid (>= 0, 0 for a pulse, whose struct _pulse is then in
 * the list) or -errno (ESRCH for an unknown chid).
 */
static int qnx_receive(int chid, struct qnx_iov *v, int vret,
		       struct _msg_info *info)
{
	return qnx_receive_in(chid, v, vret, info,
			      qnx_timeout_take(_NTO_TIMEOUT_RECEIVE));
}

static int qnx_msg_receive(int chid, void *msg, size_t bytes,
			   struct _msg_info *info)
{
	struct qnx_iov v;
	int vret = qnx_iov_from_buf(&v, msg, bytes);

	return qnx_receive(chid, &v, vret, info);
}

int MsgReceive_r(int chid, void *msg, size_t bytes, struct _msg_info *info)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_msg_receive(chid, msg, bytes, info));
}

int MsgReceive(int chid, void *msg, size_t bytes, struct _msg_info *info)
{
	return stplr_qnx_ret(qnx_msg_receive(chid, msg, bytes, info));
}

static int qnx_msg_receivev(int chid, const iov_t *riov, size_t rparts,
			    struct _msg_info *info)
{
	struct qnx_iov v;
	int vret = qnx_iov_from_list(&v, riov, rparts);

	return qnx_receive(chid, &v, vret, info);
}

int MsgReceivev_r(int chid, const iov_t *riov, size_t rparts,
		struct _msg_info *info)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_msg_receivev(chid, riov, rparts, info));
}

int MsgReceivev(int chid, const iov_t *riov, size_t rparts,
		struct _msg_info *info)
{
	return stplr_qnx_ret(qnx_msg_receivev(chid, riov, rparts, info));
}

/*
 * qnx_receive_pulse() - wait for a pulse and store it at @buf
 * Return: 0 or -errno; EFAULT (before waiting) when @bytes cannot hold a
 * struct _pulse.
 */
static int qnx_receive_pulse(int chid, void *buf, size_t bytes)
{
	int64_t timeout = qnx_timeout_take(_NTO_TIMEOUT_RECEIVE);
	struct stplr_pulse sp;
	struct _pulse pulse;
	int fd, ret;

	if (!buf || bytes < sizeof(pulse))
		return -EFAULT;
	if (chid < 0)
		return -ESRCH;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	ret = stplr_qnx_enoent(stplr_msg_receive_pulse(fd, (uint32_t)chid,
						       timeout, &sp, NULL),
			       ESRCH);
	if (ret)
		return ret;
	qnx_pulse_fill(&pulse, &sp);
	memcpy(buf, &pulse, sizeof(pulse));
	return 0;
}

int MsgReceivePulse_r(int chid, void *pulse, size_t bytes,
		      struct _msg_info *info)
{
	int saved = errno;

	(void)info;	/* QNX does not update it either */
	return stplr_qnx_r(saved, qnx_receive_pulse(chid, pulse, bytes));
}

int MsgReceivePulse(int chid, void *pulse, size_t bytes,
		    struct _msg_info *info)
{
	(void)info;
	return stplr_qnx_ret(qnx_receive_pulse(chid, pulse, bytes));
}

/* Only the first buffer of @piov is used, as on QNX. */
static int qnx_receive_pulsev(int chid, const iov_t *piov, size_t parts)
{
	if (!piov || !parts)
		return -EFAULT;
	return qnx_receive_pulse(chid, GETIOVBASE(&piov[0]),
				 GETIOVLEN(&piov[0]));
}

int MsgReceivePulsev_r(int chid, const iov_t *piov, size_t parts,
		       struct _msg_info *info)
{
	int saved = errno;

	(void)info;
	return stplr_qnx_r(saved, qnx_receive_pulsev(chid, piov, parts));
}

int MsgReceivePulsev(int chid, const iov_t *piov, size_t parts,
		     struct _msg_info *info)
{
	(void)info;
	return stplr_qnx_ret(qnx_receive_pulsev(chid, piov, parts));
}

/* ------------------------------------------------------------------ */
/* Reading and writing a received message                              */
/* ------------------------------------------------------------------ */

/*
 * qnx_rw() - MsgRead or MsgWrite with the prepared list
 * Return: the bytes copied, or -errno.
 */
static ssize_t qnx_rw(int write, int rcvid, struct qnx_iov *v, int vret,
		      size_t offset)
{
	uint64_t len = 0;
	int fd, ret = vret;

	if (!ret && rcvid < 0)
		ret = -ESRCH;
	if (!ret) {
		fd = stplr_qnx_fd();
		if (fd < 0)
			ret = fd;
		else if (write)
			ret = stplr_msg_writev(fd, (uint64_t)rcvid, offset,
					       v->list, v->n, &len);
		else
			ret = stplr_msg_readv(fd, (uint64_t)rcvid, offset,
					      v->list, v->n, &len);
	}
	qnx_iov_release(v);
	if (ret)
		return ret;
	/* At most max_msg_size, which fits; be safe anyway. */
	return len > SSIZE_MAX ? SSIZE_MAX : (ssize_t)len;
}

/* Plain form of an ssize_t-returning core: -1 and errno on failure. */
static ssize_t qnx_ret_ssize(ssize_t ret)
{
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

static ssize_t qnx_msg_read(int rcvid, void *msg, size_t bytes,
			    size_t offset)
{
	struct qnx_iov v;
	int vret = qnx_iov_from_buf(&v, msg, bytes);

	return qnx_rw(0, rcvid, &v, vret, offset);
}

static ssize_t qnx_msg_readv(int rcvid, const iov_t *riov, size_t rparts,
			     size_t offset)
{
	struct qnx_iov v;
	int vret = qnx_iov_from_list(&v, riov, rparts);

	return qnx_rw(0, rcvid, &v, vret, offset);
}

static ssize_t qnx_msg_write(int rcvid, const void *msg, size_t size,
			     size_t offset)
{
	struct qnx_iov v;
	int vret = qnx_iov_from_buf(&v, msg, size);

	return qnx_rw(1, rcvid, &v, vret, offset);
}

static ssize_t qnx_msg_writev(int rcvid, const iov_t *iov, size_t parts,
			      size_t offset)
{
	struct qnx_iov v;
	int vret = qnx_iov_from_list(&v, iov, parts);

	return qnx_rw(1, rcvid, &v, vret, offset);
}

#define QNX_RW_VARIANT(name, core, T1)					\
ssize_t name##_r(int rcvid, T1 a1, size_t a2, size_t offset)		\
{									\
	int saved = errno;						\
	ssize_t ret = core(rcvid, a1, a2, offset);			\
									\
	errno = saved;							\
	return ret;							\
}									\
ssize_t name(int rcvid, T1 a1, size_t a2, size_t offset)		\
{									\
	return qnx_ret_ssize(core(rcvid, a1, a2, offset));		\
}

QNX_RW_VARIANT(MsgRead, qnx_msg_read, void *)
QNX_RW_VARIANT(MsgReadv, qnx_msg_readv, const iov_t *)
QNX_RW_VARIANT(MsgWrite, qnx_msg_write, const void *)
QNX_RW_VARIANT(MsgWritev, qnx_msg_writev, const iov_t *)

/* ------------------------------------------------------------------ */
/* Pulses                                                              */
/* ------------------------------------------------------------------ */

static int qnx_send_pulse(int coid, int priority, int code, int value)
{
	int fd;

	if (coid < 0)
		return -EBADF;
	if (priority < -1)
		return -EINVAL;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	return stplr_qnx_enoent(stplr_msg_pulse(fd, (uint32_t)coid,
						priority < 0 ? STPLR_PRIO_SELF :
							       priority,
						code, (uint32_t)value),
				EBADF);
}

int MsgSendPulse_r(int coid, int priority, int code, int value)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_send_pulse(coid, priority, code, value));
}

int MsgSendPulse(int coid, int priority, int code, int value)
{
	return stplr_qnx_ret(qnx_send_pulse(coid, priority, code, value));
}

/* ------------------------------------------------------------------ */
/* Replying                                                            */
/* ------------------------------------------------------------------ */

/*
 * qnx_reply() - reply with the prepared list
 * Return: EOK (0) or -errno.
 */
static int qnx_reply(int rcvid, long status, struct qnx_iov *v, int vret)
{
	int fd, ret = vret;

	if (!ret && rcvid < 0)
		ret = -ESRCH;
	if (!ret) {
		fd = stplr_qnx_fd();
		ret = fd < 0 ? fd :
			stplr_msg_replyv(fd, (uint64_t)rcvid, status,
					 v->list, v->n, NULL);
	}
	qnx_iov_release(v);
	if (!ret || ret == -ESRCH)
		stplr_qnx_rcvid_forget(rcvid);
	return ret;
}

static int qnx_msg_reply(int rcvid, long status, const void *msg,
			 size_t bytes)
{
	struct qnx_iov v;
	int vret = qnx_iov_from_buf(&v, msg, bytes);

	return qnx_reply(rcvid, status, &v, vret);
}

int MsgReply_r(int rcvid, long status, const void *msg, size_t bytes)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_msg_reply(rcvid, status, msg, bytes));
}

int MsgReply(int rcvid, long status, const void *msg, size_t bytes)
{
	return stplr_qnx_ret(qnx_msg_reply(rcvid, status, msg, bytes));
}

static int qnx_msg_replyv(int rcvid, long status, const iov_t *riov,
			  size_t rparts)
{
	struct qnx_iov v;
	int vret = qnx_iov_from_list(&v, riov, rparts);

	return qnx_reply(rcvid, status, &v, vret);
}

int MsgReplyv_r(int rcvid, long status, const iov_t *riov, size_t rparts)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_msg_replyv(rcvid, status, riov, rparts));
}

int MsgReplyv(int rcvid, long status, const iov_t *riov, size_t rparts)
{
	return stplr_qnx_ret(qnx_msg_replyv(rcvid, status, riov, rparts));
}

static int qnx_msg_error(int rcvid, int error)
{
	int fd, ret;

	if (error < 0 || error > STPLR_ERRNO_MAX)
		return -EINVAL;
	if (rcvid < 0)
		return -ESRCH;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	/* QNX: MsgError(rcvid, EOK) makes MsgSend() return 0. */
	if (error == EOK)
		ret = stplr_msg_replyv(fd, (uint64_t)rcvid, 0, NULL, 0, NULL);
	else
		ret = stplr_msg_error(fd, (uint64_t)rcvid, error);
	if (!ret || ret == -ESRCH)
		stplr_qnx_rcvid_forget(rcvid);
	return ret;
}

int MsgError_r(int rcvid, int error)
{
	int saved = errno;

	return stplr_qnx_r(saved, qnx_msg_error(rcvid, error));
}

int MsgError(int rcvid, int error)
{
	return stplr_qnx_ret(qnx_msg_error(rcvid, error));
}

/* ------------------------------------------------------------------ */
/* Replying and receiving in one call (library-internal)               */
/* ------------------------------------------------------------------ */

/* 1: the module has STPLR_MSG_REPLY_RECEIVE; -1: it has not; 0: not asked. */
static int qnx_rr_state;

static int qnx_rr_supported(int fd)
{
	int st = __atomic_load_n(&qnx_rr_state, __ATOMIC_RELAXED);
	struct stplr_query q;

	if (!st) {
		st = stplr_query(fd, &q) == 0 &&
		     (q.features & STPLR_FEAT_REPLY_RECEIVE) ? 1 : -1;
		__atomic_store_n(&qnx_rr_state, st, __ATOMIC_RELAXED);
	}
	return st > 0;
}

/* The separate call: MsgError() with @error, else MsgReplyv(). */
static int qnx_answer(int rcvid, int error, long status, const iov_t *riov,
		      size_t rparts)
{
	return error ? qnx_msg_error(rcvid, error) :
		       qnx_msg_replyv(rcvid, status, riov, rparts);
}

int stplr_qnx_reply_receive(int rcvid, int error, long status,
			    const iov_t *riov, size_t rparts, int chid,
			    void *msg, size_t bytes, struct _msg_info *info,
			    int *reply_ret)
{
	struct stplr_msg_info si;
	struct stplr_pulse sp;
	struct qnx_iov rv, v;
	uint64_t next = 0;
	uint32_t failed = 0;
	int64_t timeout;
	int fd = stplr_qnx_fd(), ret;

	if (fd < 0 || rcvid <= 0 || chid < 0 || error < 0 ||
	    error > STPLR_ERRNO_MAX || !qnx_rr_supported(fd) ||
	    qnx_iov_from_list(&rv, riov, error ? 0 : rparts))
		goto separate;	/* the separate calls report what is wrong */
	if (qnx_iov_from_buf(&v, msg, bytes)) {
		qnx_iov_release(&rv);
		goto separate;
	}
	memset(&si, 0, sizeof(si));
	timeout = qnx_timeout_take(_NTO_TIMEOUT_RECEIVE);
	ret = stplr_msg_reply_receivev(fd, (uint64_t)rcvid,
				       error ? STPLR_RR_ERROR : 0,
				       error ? error : status, rv.list, rv.n,
				       (uint32_t)chid, v.list, v.n, timeout,
				       &next, &si, &sp, &failed);
	qnx_iov_release(&rv);
	if (ret < 0 && !failed && (ret == -ENOTTY || ret == -EINVAL)) {
		/* A module that does not know the call: nothing happened. */
		__atomic_store_n(&qnx_rr_state, -1, __ATOMIC_RELAXED);
		*reply_ret = qnx_answer(rcvid, error, status, riov, rparts);
		return qnx_receive_in(chid, &v, 0, info, timeout);
	}
	if (ret < 0 && failed != STPLR_RR_FAILED_RECEIVE) {
		/* The reply failed, so nothing was received: receive now. */
		*reply_ret = ret;
		if (ret == -ESRCH)
			stplr_qnx_rcvid_forget(rcvid);
		return qnx_receive_in(chid, &v, 0, info, timeout);
	}
	if (ret == -ENOENT || ret == -EINVAL || ret == -E2BIG) {
		/* The receive half was refused before the reply ran. */
		*reply_ret = qnx_answer(rcvid, error, status, riov, rparts);
		return qnx_received(fd, stplr_qnx_enoent(ret, ESRCH), &v, 0,
				    &si, &sp, info);
	}
	/* The reply stands, whatever the receive did. */
	*reply_ret = 0;
	stplr_qnx_rcvid_forget(rcvid);
	return qnx_received(fd, stplr_qnx_enoent(ret, ESRCH), &v, next, &si,
			    &sp, info);

separate:
	*reply_ret = qnx_answer(rcvid, error, status, riov, rparts);
	return qnx_msg_receive(chid, msg, bytes, info);
}
