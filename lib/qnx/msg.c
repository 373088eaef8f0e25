// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: MsgSend*, MsgReceive*, MsgReply*, MsgError.
 *
 * Each family has one core function returning 0 or -errno, with its result
 * (status or rcvid) passed back separately, so that a negative status
 * replied by a server is never mistaken for an error by the plain forms.
 */
#include <stdlib.h>
#include <string.h>

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
/* Sending                                                             */
/* ------------------------------------------------------------------ */

/*
 * qnx_send() - send the prepared lists and wait for the reply
 * Return: 0 with *@status set; -errno (EBADF for an unknown coid).
 */
static int qnx_send(int coid, struct qnx_iov *sv, int sret,
		    struct qnx_iov *rv, int rret, long *status)
{
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
						STPLR_TIMEOUT_NONE, &res),
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
	info->scoid = (int32_t)si->scoid;
	info->coid = (int32_t)si->coid;
	info->msglen = (ssize_t)si->msglen;
	info->srcmsglen = (ssize_t)si->srcmsglen;
	info->dstmsglen = (ssize_t)si->dstmsglen;
	info->priority = (int32_t)si->priority;
	info->flags = 0;
}

/*
 * qnx_receive() - receive into the prepared list
 * Return: the rcvid (>= 0) or -errno (ESRCH for an unknown chid).
 */
static int qnx_receive(int chid, struct qnx_iov *v, int vret,
		       struct _msg_info *info)
{
	struct stplr_msg_info si;
	uint64_t rcvid = 0;
	int fd, ret = vret;

	memset(&si, 0, sizeof(si));
	if (!ret && chid < 0)
		ret = -ESRCH;
	if (!ret) {
		fd = stplr_qnx_fd();
		if (fd < 0)
			ret = fd;
		else
			ret = stplr_qnx_enoent(
				stplr_msg_receivev(fd, (uint32_t)chid, v->list,
						   v->n, STPLR_TIMEOUT_NONE,
						   &rcvid, &si),
				ESRCH);
		/*
		 * The ABI keeps receive ids below 2^31.  Should that ever
		 * break, fail the sender rather than lose its message.
		 */
		if (!ret && rcvid > INT_MAX) {
			stplr_msg_error(fd, rcvid, EOVERFLOW);
			ret = -EOVERFLOW;
		}
	}
	qnx_iov_release(v);
	if (ret)
		return ret;
	if (info)
		qnx_info_fill(info, &si);
	return (int)rcvid;
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
	int fd;

	if (error < 0 || error > STPLR_ERRNO_MAX)
		return -EINVAL;
	if (rcvid < 0)
		return -ESRCH;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	/* QNX: MsgError(rcvid, EOK) makes MsgSend() return 0. */
	if (error == EOK)
		return stplr_msg_replyv(fd, (uint64_t)rcvid, 0, NULL, 0, NULL);
	return stplr_msg_error(fd, (uint64_t)rcvid, error);
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
