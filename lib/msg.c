// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr: messages - send, receive, reply and error; pulses, partial
 * reads and writes.
 */
#include <string.h>

#include "internal.h"

/*
 * STPLR_MSG_SEND and STPLR_MSG_SEND_RECEIVE share their argument struct;
 * @flags adds STPLR_SEND_ASYNC.
 */
static int msg_send_flags(int fd, unsigned long cmd, uint64_t flags,
			  uint32_t coid,
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
	arg.flags |= flags;

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

static int msg_send_common(int fd, unsigned long cmd, uint32_t coid,
			   const struct stplr_iov *siov, unsigned int n_send,
			   const struct stplr_iov *riov, unsigned int n_reply,
			   int64_t timeout_ns,
			   struct stplr_send_result *result)
{
	return msg_send_flags(fd, cmd, 0, coid, siov, n_send, riov, n_reply,
			      timeout_ns, result);
}

int stplr_msg_send_asyncv(int fd, uint32_t coid,
			  const struct stplr_iov *siov, unsigned int n_send,
			  int64_t timeout_ns)
{
	return msg_send_flags(fd, STPLR_MSG_SEND, STPLR_SEND_ASYNC, coid, siov,
			      n_send, NULL, 0, timeout_ns, NULL);
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

/*
 * STPLR_MSG_RECEIVE with @flags (STPLR_RECEIVE_PULSE_ONLY); @arg holds the
 * outcome.  Return: 0 or -errno.
 */
static int msg_receive_common(int fd, uint32_t chid,
			      const struct stplr_iov *iov, unsigned int n_iov,
			      uint64_t flags, int64_t timeout_ns,
			      struct stplr_msg_receive *arg)
{
	int ret;

	ret = stplr_priv_check_list(iov, n_iov);
	if (ret)
		return ret;

	memset(arg, 0, sizeof(*arg));
	arg->flags = flags;
	arg->chid = chid;
	arg->n_iov = n_iov;
	arg->iov = n_iov ? stplr_priv_ptr(iov) : 0;
	stplr_priv_timeout(timeout_ns, &arg->flags, &arg->timeout_ns);

	return stplr_priv_ioctl(fd, STPLR_MSG_RECEIVE, arg);
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
	ret = msg_receive_common(fd, chid, iov, n_iov, 0, timeout_ns, &arg);
	if (ret)
		return ret;

	*rcvid = arg.rcvid;
	if (info)
		*info = arg.info;
	return 0;
}

int stplr_msg_receive_anyv(int fd, uint32_t chid,
			   const struct stplr_iov *iov, unsigned int n_iov,
			   uint64_t flags, int64_t timeout_ns, uint64_t *rcvid,
			   struct stplr_msg_info *info,
			   struct stplr_pulse *pulse)
{
	struct stplr_msg_receive arg;
	int ret;

	if (!pulse || (flags & ~(uint64_t)STPLR_RECEIVE_PULSE_ONLY))
		return -EINVAL;
	ret = msg_receive_common(fd, chid, iov, n_iov, flags, timeout_ns,
				 &arg);
	if (ret)
		return ret;

	if (rcvid)
		*rcvid = arg.rcvid;
	if (info)
		*info = arg.info;
	if (arg.info.flags & STPLR_INFO_PULSE) {
		*pulse = arg.pulse;
		return STPLR_RECEIVED_PULSE;
	}
	return STPLR_RECEIVED_MSG;
}

int stplr_msg_receive_any(int fd, uint32_t chid, void *msg, size_t bytes,
			  uint64_t flags, int64_t timeout_ns, uint64_t *rcvid,
			  struct stplr_msg_info *info,
			  struct stplr_pulse *pulse)
{
	struct stplr_iov iov;

	if (!msg && bytes)
		return -EFAULT;
	stplr_iov_set(&iov, msg, bytes);
	return stplr_msg_receive_anyv(fd, chid, &iov, 1, flags, timeout_ns,
				      rcvid, info, pulse);
}

int stplr_msg_receive_pulse(int fd, uint32_t chid, int64_t timeout_ns,
			    struct stplr_pulse *pulse,
			    struct stplr_msg_info *info)
{
	int ret;

	ret = stplr_msg_receive_anyv(fd, chid, NULL, 0,
				     STPLR_RECEIVE_PULSE_ONLY, timeout_ns,
				     NULL, info, pulse);
	if (ret < 0)
		return ret;
	/* Only pulses are taken with STPLR_RECEIVE_PULSE_ONLY. */
	return ret == STPLR_RECEIVED_PULSE ? 0 : -EPROTO;
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

int stplr_msg_pulse(int fd, uint32_t coid, int priority, int32_t code,
		    uint32_t value)
{
	struct stplr_msg_pulse arg;

	memset(&arg, 0, sizeof(arg));
	arg.coid = coid;
	if (priority >= 0) {
		arg.flags = STPLR_PULSE_F_PRIORITY;
		arg.priority = (__u32)priority;
	}
	arg.code = code;
	arg.value = value;
	return stplr_priv_ioctl(fd, STPLR_MSG_PULSE, &arg);
}

int stplr_event_deliver(int fd, uint32_t chid, uint32_t scoid, uint32_t coid,
			int priority, int32_t code, uint32_t value)
{
	struct stplr_msg_event arg;

	memset(&arg, 0, sizeof(arg));
	arg.chid = chid;
	arg.scoid = scoid;
	arg.coid = coid;
	if (priority >= 0) {
		arg.flags = STPLR_EVENT_F_PRIORITY;
		arg.priority = (__u32)priority;
	}
	arg.code = code;
	arg.value = value;
	return stplr_priv_ioctl(fd, STPLR_MSG_DELIVER_EVENT, &arg);
}

int stplr_msg_reply_receivev(int fd, uint64_t rcvid, uint64_t flags,
			     int64_t status, const struct stplr_iov *reply_iov,
			     unsigned int n_reply, uint32_t chid,
			     const struct stplr_iov *iov, unsigned int n_iov,
			     int64_t timeout_ns, uint64_t *next_rcvid,
			     struct stplr_msg_info *info,
			     struct stplr_pulse *pulse, uint32_t *failed)
{
	struct stplr_msg_reply_receive arg;
	int ret;

	if (failed)
		*failed = 0;
	if (flags & ~(uint64_t)(STPLR_RR_ERROR | STPLR_RECEIVE_PULSE_ONLY))
		return -EINVAL;
	if ((flags & STPLR_RR_ERROR) &&
	    (!rcvid || n_reply || status < 1 || status > STPLR_ERRNO_MAX))
		return -EINVAL;
	ret = stplr_priv_check_list(reply_iov, n_reply);
	if (!ret)
		ret = stplr_priv_check_list(iov, n_iov);
	if (ret)
		return ret;

	memset(&arg, 0, sizeof(arg));
	arg.flags = flags & STPLR_RR_ERROR;
	arg.reply.rcvid = rcvid;
	arg.reply.status = status;
	arg.reply.n_iov = n_reply;
	arg.reply.iov = n_reply ? stplr_priv_ptr(reply_iov) : 0;
	arg.receive.flags = flags & STPLR_RECEIVE_PULSE_ONLY;
	arg.receive.chid = chid;
	arg.receive.n_iov = n_iov;
	arg.receive.iov = n_iov ? stplr_priv_ptr(iov) : 0;
	stplr_priv_timeout(timeout_ns, &arg.receive.flags,
			   &arg.receive.timeout_ns);

	ret = stplr_priv_ioctl(fd, STPLR_MSG_REPLY_RECEIVE, &arg);
	if (ret) {
		if (failed)
			*failed = arg.failed;
		return ret;
	}
	if (next_rcvid)
		*next_rcvid = arg.receive.rcvid;
	if (info)
		*info = arg.receive.info;
	if (arg.receive.info.flags & STPLR_INFO_PULSE) {
		if (pulse)
			*pulse = arg.receive.pulse;
		return STPLR_RECEIVED_PULSE;
	}
	return STPLR_RECEIVED_MSG;
}

/* STPLR_MSG_READ and STPLR_MSG_WRITE share their argument struct. */
static int msg_rw_common(int fd, unsigned long cmd, uint64_t rcvid,
			 uint64_t offset, const struct stplr_iov *iov,
			 unsigned int n_iov, uint64_t *len)
{
	struct stplr_msg_rw arg;
	int ret;

	ret = stplr_priv_check_list(iov, n_iov);
	if (ret)
		return ret;

	memset(&arg, 0, sizeof(arg));
	arg.rcvid = rcvid;
	arg.offset = offset;
	arg.n_iov = n_iov;
	arg.iov = n_iov ? stplr_priv_ptr(iov) : 0;

	ret = stplr_priv_ioctl(fd, cmd, &arg);
	if (ret)
		return ret;

	if (len)
		*len = arg.len;
	return 0;
}

int stplr_msg_readv(int fd, uint64_t rcvid, uint64_t offset,
		    const struct stplr_iov *iov, unsigned int n_iov,
		    uint64_t *len)
{
	return msg_rw_common(fd, STPLR_MSG_READ, rcvid, offset, iov, n_iov,
			     len);
}

int stplr_msg_read(int fd, uint64_t rcvid, uint64_t offset, void *msg,
		   size_t bytes, uint64_t *len)
{
	struct stplr_iov iov;

	if (!msg && bytes)
		return -EFAULT;
	stplr_iov_set(&iov, msg, bytes);
	return msg_rw_common(fd, STPLR_MSG_READ, rcvid, offset, &iov, 1, len);
}

int stplr_msg_writev(int fd, uint64_t rcvid, uint64_t offset,
		     const struct stplr_iov *iov, unsigned int n_iov,
		     uint64_t *len)
{
	return msg_rw_common(fd, STPLR_MSG_WRITE, rcvid, offset, iov, n_iov,
			     len);
}

int stplr_msg_write(int fd, uint64_t rcvid, uint64_t offset,
		    const void *msg, size_t bytes, uint64_t *len)
{
	struct stplr_iov iov;

	if (!msg && bytes)
		return -EFAULT;
	stplr_iov_set(&iov, msg, bytes);
	return msg_rw_common(fd, STPLR_MSG_WRITE, rcvid, offset, &iov, 1,
			     len);
}
