// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr: messages - send, receive, reply and error.
 */
#include <string.h>

#include "internal.h"

/* STPLR_MSG_SEND and STPLR_MSG_SEND_RECEIVE share their argument struct. */
static int msg_send_common(int fd, unsigned long cmd, uint32_t coid,
			   const struct stplr_iov *siov, unsigned int n_send,
			   const struct stplr_iov *riov, unsigned int n_reply,
			   int64_t timeout_ns,
			   struct stplr_send_result *result)
{
	struct stplr_msg_send arg;
	int ret;

	ret = stplr_priv_check_list(siov, n_send);
	if (ret)
		return ret;
	ret = stplr_priv_check_list(riov, n_reply);
	if (ret)
		return ret;

	memset(&arg, 0, sizeof(arg));
	arg.coid = coid;
	arg.n_send = n_send;
	arg.send_iov = n_send ? stplr_priv_ptr(siov) : 0;
	arg.n_reply = n_reply;
	arg.reply_iov = n_reply ? stplr_priv_ptr(riov) : 0;
	stplr_priv_timeout(timeout_ns, &arg.flags, &arg.timeout_ns);

	ret = stplr_priv_ioctl(fd, cmd, &arg);
	if (ret)
		return ret;

	if (result) {
		result->status = arg.status;
		result->len = arg.reply_len;
		result->srclen = arg.reply_srclen;
	}
	return 0;
}

int stplr_msg_sendv(int fd, uint32_t coid,
		    const struct stplr_iov *siov, unsigned int n_send,
		    const struct stplr_iov *riov, unsigned int n_reply,
		    int64_t timeout_ns, struct stplr_send_result *result)
{
	return msg_send_common(fd, STPLR_MSG_SEND_RECEIVE, coid, siov, n_send,
			       riov, n_reply, timeout_ns, result);
}

int stplr_msg_send(int fd, uint32_t coid,
		   const void *smsg, size_t sbytes, void *rmsg, size_t rbytes,
		   int64_t timeout_ns, struct stplr_send_result *result)
{
	struct stplr_iov siov, riov;

	if ((!smsg && sbytes) || (!rmsg && rbytes))
		return -EFAULT;
	stplr_iov_set(&siov, smsg, sbytes);
	stplr_iov_set(&riov, rmsg, rbytes);
	return msg_send_common(fd, STPLR_MSG_SEND_RECEIVE, coid, &siov, 1,
			       &riov, 1, timeout_ns, result);
}

int stplr_msg_send_onewayv(int fd, uint32_t coid,
			   const struct stplr_iov *siov, unsigned int n_send,
			   int64_t timeout_ns)
{
	return msg_send_common(fd, STPLR_MSG_SEND, coid, siov, n_send,
			       NULL, 0, timeout_ns, NULL);
}

int stplr_msg_send_oneway(int fd, uint32_t coid, const void *smsg,
			  size_t sbytes, int64_t timeout_ns)
{
	struct stplr_iov siov;

	if (!smsg && sbytes)
		return -EFAULT;
	stplr_iov_set(&siov, smsg, sbytes);
	return msg_send_common(fd, STPLR_MSG_SEND, coid, &siov, 1, NULL, 0,
			       timeout_ns, NULL);
}

int stplr_msg_receivev(int fd, uint32_t chid,
		       const struct stplr_iov *iov, unsigned int n_iov,
		       int64_t timeout_ns, uint64_t *rcvid,
		       struct stplr_msg_info *info)
{
	struct stplr_msg_receive arg;
	int ret;

	if (!rcvid)
		return -EINVAL;
	ret = stplr_priv_check_list(iov, n_iov);
	if (ret)
		return ret;

	memset(&arg, 0, sizeof(arg));
	arg.chid = chid;
	arg.n_iov = n_iov;
	arg.iov = n_iov ? stplr_priv_ptr(iov) : 0;
	stplr_priv_timeout(timeout_ns, &arg.flags, &arg.timeout_ns);

	ret = stplr_priv_ioctl(fd, STPLR_MSG_RECEIVE, &arg);
	if (ret)
		return ret;

	*rcvid = arg.rcvid;
	if (info)
		*info = arg.info;
	return 0;
}

int stplr_msg_receive(int fd, uint32_t chid, void *msg, size_t bytes,
		      int64_t timeout_ns, uint64_t *rcvid,
		      struct stplr_msg_info *info)
{
	struct stplr_iov iov;

	if (!msg && bytes)
		return -EFAULT;
	stplr_iov_set(&iov, msg, bytes);
	return stplr_msg_receivev(fd, chid, &iov, 1, timeout_ns, rcvid, info);
}

int stplr_msg_replyv(int fd, uint64_t rcvid, int64_t status,
		     const struct stplr_iov *iov, unsigned int n_iov,
		     uint64_t *len)
{
	struct stplr_msg_reply arg;
	int ret;

	ret = stplr_priv_check_list(iov, n_iov);
	if (ret)
		return ret;

	memset(&arg, 0, sizeof(arg));
	arg.rcvid = rcvid;
	arg.status = status;
	arg.n_iov = n_iov;
	arg.iov = n_iov ? stplr_priv_ptr(iov) : 0;

	ret = stplr_priv_ioctl(fd, STPLR_MSG_REPLY, &arg);
	if (ret)
		return ret;

	if (len)
		*len = arg.len;
	return 0;
}

int stplr_msg_reply(int fd, uint64_t rcvid, int64_t status,
		    const void *msg, size_t bytes, uint64_t *len)
{
	struct stplr_iov iov;

	if (!msg && bytes)
		return -EFAULT;
	stplr_iov_set(&iov, msg, bytes);
	return stplr_msg_replyv(fd, rcvid, status, &iov, 1, len);
}

int stplr_msg_error(int fd, uint64_t rcvid, int err)
{
	struct stplr_msg_reply arg;

	if (err < 1 || err > STPLR_ERRNO_MAX)
		return -EINVAL;

	memset(&arg, 0, sizeof(arg));
	arg.rcvid = rcvid;
	arg.status = err;
	return stplr_priv_ioctl(fd, STPLR_MSG_ERROR, &arg);
}
