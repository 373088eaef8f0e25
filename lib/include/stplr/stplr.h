/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libstplr: the user-space library of stapler, QNX-style synchronous
 * message passing for Linux.
 *
 * DOC: libstplr
 *
 * libstplr is a thin layer over the ioctls of <stplr/uapi.h> (the kernel's
 * <linux/stplr.h>, shipped with the library); read that
 * header for the semantics of every operation (who blocks, byte counts,
 * error codes).  The library adds no state, no threads and no locks: each
 * function below is one ioctl (or open/close) plus argument checks.
 *
 * Objects:
 *  - a *context* is an open file descriptor of /dev/stplr-N
 *    (stplr_ctx_open() / stplr_ctx_close());
 *  - a *channel* (chid) receives messages (stplr_channel_create() /
 *    stplr_channel_destroy());
 *  - a *connection* (coid) sends to a channel (stplr_connect() /
 *    stplr_disconnect());
 *  - a *receive id* (rcvid) names one received message until it is
 *    replied to (stplr_msg_reply*() or stplr_msg_error());
 *  - a *pulse* is a small one-way notification (a code and a 32-bit
 *    value) queued on a channel without blocking the sender
 *    (stplr_msg_pulse(), received by stplr_msg_receive_any*() and
 *    stplr_msg_receive_pulse());
 *  - a *name* publishes a channel in the device's namespace
 *    (stplr_name_attach(), stplr_name_open()).
 *
 * Versions: the functions marked "Since 1.1" are in the STPLR_1.1 symbol
 * version of libstplr.so.2 and need a module whose stplr_query() features
 * include the STPLR_FEAT_* bit named there; an older module fails them
 * with -ENOTTY.
 *
 * Conventions:
 *  - Every function returns 0 (or another non-negative value where it says
 *    so) on success and a negative errno value on failure.  The library
 *    never prints and never relies on errno to report a result; errno may
 *    be changed by a failing system call.
 *  - Output arguments are written only on success.
 *  - Identifiers are the ABI's unsigned integers: chid and coid are
 *    uint32_t, rcvid is uint64_t.
 *  - Buffers are gather lists of struct stplr_iov (fill them with
 *    stplr_iov_set()); each list holds at most STPLR_IOV_MAX entries.
 *  - @timeout_ns arguments: a negative value (STPLR_TIMEOUT_NONE) blocks
 *    without a time limit; zero or more is a relative CLOCK_MONOTONIC
 *    timeout in nanoseconds and sets STPLR_F_TIMEOUT (0 = do not block).
 *  - A call interrupted by a signal fails with -EINTR and is not restarted.
 *
 * Argument checks done by the library itself (before any system call):
 * a NULL pointer where the library must store a result gives -EINVAL; a
 * NULL gather list with a non-zero entry count, or a NULL buffer with a
 * non-zero length in a single-buffer form, gives -EFAULT; a list longer
 * than STPLR_IOV_MAX gives -E2BIG; a negative pid or device index and an
 * error number outside 1..4095 give -EINVAL; a NULL or empty name gives
 * -EINVAL and one of STPLR_NAME_MAX bytes or more -ENAMETOOLONG; a
 * receive flag other than STPLR_RECEIVE_PULSE_ONLY gives -EINVAL.
 * Everything else is checked by the kernel and reported as it reports
 * it.
 *
 * Thread safety: all functions are safe to call from any thread; a context
 * may be shared by threads, a blocked call blocks only its own thread.
 *
 * Build: pkg-config --cflags --libs libstplr
 */
#ifndef STPLR_STPLR_H
#define STPLR_STPLR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The kernel ABI, vendored with the library (as liburing does): installed
 * as <stplr/uapi.h>, not into the system's <linux/>.
 */
#include "uapi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this library (independent of the kernel ABI version). */
#define STPLR_LIB_VERSION_MAJOR	2
#define STPLR_LIB_VERSION_MINOR	2
#define STPLR_LIB_VERSION_PATCH	0

/* Pass as @timeout_ns to block without a time limit. */
#define STPLR_TIMEOUT_NONE	((int64_t)-1)

/* Pass as @priority of stplr_msg_pulse() to use the caller's priority. */
#define STPLR_PRIO_SELF		(-1)

/* Return values of stplr_msg_receive_any*() (since 1.1). */
#define STPLR_RECEIVED_MSG	0	/* a message: see @rcvid and @info */
#define STPLR_RECEIVED_PULSE	1	/* a pulse: see @pulse */

/**
 * struct stplr_send_result - outcome of a send-receive exchange
 * @status: the status the server passed to its reply
 * @len:    bytes copied into the caller's reply list
 * @srclen: total length of the server's reply list; larger than @len when
 *          the reply was truncated
 */
struct stplr_send_result {
	int64_t status;
	uint64_t len;
	uint64_t srclen;
};

/**
 * stplr_iov_set() - fill one gather-list entry
 * @iov:  the entry
 * @base: buffer address (may be NULL when @len is 0)
 * @len:  buffer length in bytes
 */
static inline void stplr_iov_set(struct stplr_iov *iov, const void *base,
				 size_t len)
{
	iov->base = (uint64_t)(uintptr_t)base;
	iov->len = (uint64_t)len;
}

/* ------------------------------------------------------------------ */
/* Context                                                             */
/* ------------------------------------------------------------------ */

/**
 * stplr_ctx_open() - open a stapler device, creating a new context
 * @device_index: N in /dev/stplr-N (0 for the first device)
 * @fd:           out, the context's file descriptor
 *
 * Opens the node O_RDWR | O_CLOEXEC.  The context (its channels and
 * connections) lives until the last descriptor referring to it is closed;
 * dup() and fork() share it.
 *
 * Return: 0 on success; -EINVAL for a negative @device_index or a NULL
 * @fd; -ENOENT when the node does not exist (module not loaded or fewer
 * devices); -EACCES when the node's permissions refuse the caller; other
 * open(2) errors as -errno.
 */
int stplr_ctx_open(int device_index, int *fd);

/**
 * stplr_ctx_open_path() - open a stapler device node by path
 * @path: the device node, e.g. "/dev/stplr-0"
 * @fd:   out, the context's file descriptor
 *
 * Like stplr_ctx_open() for nodes with other names (containers, tests).
 * No check is made that @path is a stapler device: the first operation on
 * another kind of file fails with -ENOTTY.
 *
 * Return: 0 on success; -EINVAL for NULL arguments; open(2) errors as
 * -errno.
 */
int stplr_ctx_open_path(const char *path, int *fd);

/**
 * stplr_ctx_close() - close a context descriptor
 * @fd: a descriptor from stplr_ctx_open() or stplr_ctx_open_path()
 *
 * When it was the last descriptor of its context the context is
 * destroyed: its channels go away (their blocked and queued senders fail
 * with ESRCH) and so do its connections.  The descriptor is released even
 * when -EINTR or -EIO is returned.
 *
 * Return: 0 on success; -EBADF when @fd is not open; other close(2)
 * errors as -errno.
 */
int stplr_ctx_close(int fd);

/**
 * stplr_query() - read the module's version, features and limits
 * @fd:    a context descriptor
 * @query: out, filled by the module (see struct stplr_query)
 *
 * Compare @query->major with STPLR_VERSION_MAJOR before relying on
 * anything else, and test @query->features for optional behaviour.
 *
 * Return: 0 on success; -EINVAL for a NULL @query; -EBADF for a bad
 * @fd; -ENOTTY when @fd is not a stapler device.
 */
int stplr_query(int fd, struct stplr_query *query);

/**
 * stplr_ctx_claim() - number this context's channels from 1, as QNX does
 * @fd: a context descriptor opened by the calling process, with no channel
 *
 * Makes the context its process's QNX context on the device: its channels
 * get ids from 1, the lowest free first, and STPLR_IOC_CONNECT with this
 * process's pid looks chids up in this context only (see
 * STPLR_IOC_CTX_CLAIM in <stplr/uapi.h>).  The QNX layer claims the
 * context it opens.  Since 2.2 (STPLR_FEAT_CTX_CHID).
 *
 * Return: 0 on success; -EPERM when another process opened @fd; -EBUSY
 * when the context is already claimed or has channels, or the process
 * already owns a claimed context on the device; -ENOTTY a module without
 * STPLR_FEAT_CTX_CHID; -EBADF for a bad @fd.
 */
int stplr_ctx_claim(int fd);

/* ------------------------------------------------------------------ */
/* Channels                                                            */
/* ------------------------------------------------------------------ */

/**
 * stplr_channel_create() - create a channel (QNX ChannelCreate)
 * @fd:    a context descriptor
 * @flags: STPLR_CHF_* bits
 * @mode:  with STPLR_CHF_MODE, who may connect (permission bits, only the
 *         write bits 0222 count); ignored by the kernel without the flag,
 *         where the channel is 0600 (same effective uid only)
 * @chid:  out, the new channel id
 *
 * Return: 0 on success; -EINVAL for a NULL @chid, unknown @flags or
 * @mode bits outside 0777; -EMFILE when the context has max_channels
 * channels; other kernel errors as -errno.
 */
int stplr_channel_create(int fd, uint64_t flags, uint32_t mode,
			 uint32_t *chid);

/**
 * stplr_channel_destroy() - destroy a channel of this context
 * @fd:   a context descriptor
 * @chid: the channel
 *
 * Senders queued or waiting for a reply on it, and threads receiving on
 * it, fail with ESRCH.
 *
 * Return: 0 on success; -ENOENT when @chid is not a channel of this
 * context.
 */
int stplr_channel_destroy(int fd, uint32_t chid);

/* ------------------------------------------------------------------ */
/* Connections                                                         */
/* ------------------------------------------------------------------ */

/**
 * stplr_connect() - connect to a channel (QNX ConnectAttach)
 * @fd:    a context descriptor
 * @pid:   process that created the channel (in the caller's pid
 *         namespace); 0 for the calling process
 * @chid:  channel id in that process
 * @flags: STPLR_CONNECT_* bits (STPLR_CONNECT_SIDE_CHANNEL)
 * @coid:  out, the new connection id
 *
 * Return: 0 on success; -EINVAL for a negative @pid, a NULL @coid or
 * unknown @flags; -ESRCH when the channel does not exist on this device;
 * -EACCES when its mode refuses the caller; -EMFILE when the context has
 * max_connections connections.
 */
int stplr_connect(int fd, pid_t pid, uint32_t chid, uint64_t flags,
		  uint32_t *coid);

/**
 * stplr_disconnect() - remove a connection (QNX ConnectDetach)
 * @fd:   a context descriptor
 * @coid: the connection
 *
 * Threads already blocked sending on @coid are not affected.
 *
 * Return: 0 on success; -ENOENT when @coid is not a connection of this
 * context.
 */
int stplr_disconnect(int fd, uint32_t coid);

/* ------------------------------------------------------------------ */
/* Messages: client side                                               */
/* ------------------------------------------------------------------ */

/**
 * stplr_msg_sendv() - send a message and wait for the reply (QNX MsgSendv)
 * @fd:         a context descriptor
 * @coid:       connection to send on
 * @siov:       send gather list (may be NULL when @n_send is 0)
 * @n_send:     entries in @siov
 * @riov:       reply list (may be NULL when @n_reply is 0)
 * @n_reply:    entries in @riov
 * @timeout_ns: STPLR_TIMEOUT_NONE, or the longest time to stay blocked
 *              (send-blocked and reply-blocked together)
 * @result:     out, optional (NULL): the server's status and reply lengths
 *
 * Blocks until a server replies (returns 0) or fails the message with
 * stplr_msg_error() (returns the negative of the server's errno value).
 *
 * Return: 0 on success; -EFAULT for a NULL list with a non-zero count (or
 * an inaccessible buffer, from the kernel); -E2BIG for a list longer than
 * STPLR_IOV_MAX or larger than max_msg_size; -ESRCH when the channel is
 * gone; -EAGAIN when its queue is full; -EINTR; -ETIMEDOUT; or the error
 * the server chose.
 */
int stplr_msg_sendv(int fd, uint32_t coid,
		    const struct stplr_iov *siov, unsigned int n_send,
		    const struct stplr_iov *riov, unsigned int n_reply,
		    int64_t timeout_ns, struct stplr_send_result *result);

/**
 * stplr_msg_send() - single-buffer form of stplr_msg_sendv() (QNX MsgSend)
 * @fd:         a context descriptor
 * @coid:       connection to send on
 * @smsg:       message to send
 * @sbytes:     its length
 * @rmsg:       reply buffer
 * @rbytes:     its size
 * @timeout_ns: STPLR_TIMEOUT_NONE or a timeout, see stplr_msg_sendv()
 * @result:     out, optional (NULL)
 *
 * Return: as stplr_msg_sendv().
 */
int stplr_msg_send(int fd, uint32_t coid,
		   const void *smsg, size_t sbytes, void *rmsg, size_t rbytes,
		   int64_t timeout_ns, struct stplr_send_result *result);

/**
 * stplr_msg_send_onewayv() - send a message that expects no reply
 * @fd:         a context descriptor
 * @coid:       connection to send on
 * @siov:       send gather list (may be NULL when @n_send is 0)
 * @n_send:     entries in @siov
 * @timeout_ns: STPLR_TIMEOUT_NONE or the longest time to stay send-blocked
 *
 * STPLR_MSG_SEND: blocks only until a server thread has received the
 * message, which it sees with rcvid 0.  There is no QNX counterpart.
 *
 * Return: 0 once the message was received; errors as stplr_msg_sendv().
 */
int stplr_msg_send_onewayv(int fd, uint32_t coid,
			   const struct stplr_iov *siov, unsigned int n_send,
			   int64_t timeout_ns);

/**
 * stplr_msg_send_oneway() - single-buffer form of stplr_msg_send_onewayv()
 * @fd:         a context descriptor
 * @coid:       connection to send on
 * @smsg:       message to send
 * @sbytes:     its length
 * @timeout_ns: STPLR_TIMEOUT_NONE or a timeout
 *
 * Return: as stplr_msg_send_onewayv().
 */
int stplr_msg_send_oneway(int fd, uint32_t coid, const void *smsg,
			  size_t sbytes, int64_t timeout_ns);

/* ------------------------------------------------------------------ */
/* Messages: server side                                               */
/* ------------------------------------------------------------------ */

/**
 * stplr_msg_receivev() - wait for a message on a channel (QNX MsgReceivev)
 * @fd:         a context descriptor
 * @chid:       a channel of this context
 * @iov:        receive list (may be NULL when @n_iov is 0)
 * @n_iov:      entries in @iov
 * @timeout_ns: STPLR_TIMEOUT_NONE or the longest time to wait
 * @rcvid:      out, the receive id to reply with; 0 when no reply is
 *              possible (a one-way message)
 * @info:       out, optional (NULL): the sender's details and the byte
 *              counts (info->msglen bytes were copied out of
 *              info->srcmsglen sent)
 *
 * Pulses are delivered here too, since anybody connected to the channel
 * may send one: a pulse returns 0 with *@rcvid 0, STPLR_INFO_PULSE in
 * info->flags and nothing written to the list, and its code and value are
 * lost.  Servers that use pulses call stplr_msg_receive_anyv() instead.
 *
 * Return: 0 on success; -EINVAL for a NULL @rcvid; -EFAULT for a NULL
 * list with a non-zero count or an inaccessible buffer (the message stays
 * queued); -E2BIG; -ENOENT unknown @chid; -ESRCH the channel was
 * destroyed; -EINTR; -ETIMEDOUT.
 */
int stplr_msg_receivev(int fd, uint32_t chid,
		       const struct stplr_iov *iov, unsigned int n_iov,
		       int64_t timeout_ns, uint64_t *rcvid,
		       struct stplr_msg_info *info);

/**
 * stplr_msg_receive() - single-buffer form of stplr_msg_receivev()
 * @fd:         a context descriptor
 * @chid:       a channel of this context
 * @msg:        receive buffer
 * @bytes:      its size
 * @timeout_ns: STPLR_TIMEOUT_NONE or a timeout
 * @rcvid:      out, see stplr_msg_receivev()
 * @info:       out, optional (NULL)
 *
 * Return: as stplr_msg_receivev().
 */
int stplr_msg_receive(int fd, uint32_t chid, void *msg, size_t bytes,
		      int64_t timeout_ns, uint64_t *rcvid,
		      struct stplr_msg_info *info);

/**
 * stplr_msg_replyv() - reply to a received message (QNX MsgReplyv)
 * @fd:     the context descriptor the message was received on
 * @rcvid:  the receive id
 * @status: the value the sender finds in its result's status
 * @iov:    reply gather list (may be NULL when @n_iov is 0)
 * @n_iov:  entries in @iov
 * @len:    out, optional (NULL): bytes copied into the sender's reply list
 *
 * Never blocks.  Ends the rcvid.  A sender whose reply list cannot be
 * written learns it from its own call (-EFAULT); when that list holds more
 * than the module's inline_max bytes (default 256) this call fails with
 * -EFAULT too, and the rcvid ends.
 *
 * Return: 0 on success; -EFAULT for a NULL list with a non-zero count or
 * an inaccessible buffer (the rcvid stays valid); -E2BIG; -ESRCH when
 * @rcvid is not a message waiting for a reply from this context (the
 * sender was interrupted, timed out or died).
 */
int stplr_msg_replyv(int fd, uint64_t rcvid, int64_t status,
		     const struct stplr_iov *iov, unsigned int n_iov,
		     uint64_t *len);

/**
 * stplr_msg_reply() - single-buffer form of stplr_msg_replyv() (QNX MsgReply)
 * @fd:     the context descriptor
 * @rcvid:  the receive id
 * @status: the sender's status
 * @msg:    reply data (may be NULL when @bytes is 0)
 * @bytes:  its length
 * @len:    out, optional (NULL): bytes copied
 *
 * Return: as stplr_msg_replyv().
 */
int stplr_msg_reply(int fd, uint64_t rcvid, int64_t status,
		    const void *msg, size_t bytes, uint64_t *len);

/**
 * stplr_msg_error() - fail a received message (QNX MsgError)
 * @fd:    the context descriptor
 * @rcvid: the receive id
 * @err:   a positive errno value (1..4095): the sender's call fails with
 *         -@err
 *
 * No data moves.  Ends the rcvid.
 *
 * Return: 0 on success; -EINVAL when @err is out of range; -ESRCH as
 * stplr_msg_replyv().
 */
int stplr_msg_error(int fd, uint64_t rcvid, int err);

/* ------------------------------------------------------------------ */
/* Since 1.1: pulses, partial reads and writes, names, poll            */
/* ------------------------------------------------------------------ */

/**
 * stplr_msg_receive_anyv() - wait for a message or a pulse (QNX MsgReceivev)
 * @fd:         a context descriptor
 * @chid:       a channel of this context
 * @iov:        receive list for a message (may be NULL when @n_iov is 0)
 * @n_iov:      entries in @iov
 * @flags:      0, or STPLR_RECEIVE_PULSE_ONLY to take only pulses and
 *              leave messages queued (QNX MsgReceivePulse)
 * @timeout_ns: STPLR_TIMEOUT_NONE or the longest time to wait
 * @rcvid:      out, optional (NULL): the receive id of a message (0 for a
 *              one-way message and for a pulse)
 * @info:       out, optional (NULL): the sender's details; for a pulse
 *              only chid, scoid, priority and flags (STPLR_INFO_PULSE)
 *              are set, the rest is zero
 * @pulse:      out, the pulse when STPLR_RECEIVED_PULSE is returned
 *
 * Since 1.1 (pulses need STPLR_FEAT_PULSES).  Messages and pulses are
 * taken in order of priority, then arrival.  A pulse writes nothing to
 * the receive list; a message leaves @pulse untouched.  Module pulses
 * carry the negative STPLR_PULSE_* codes (UNBLOCK: value is the rcvid of
 * the interrupted sender; DISCONNECT: scoid is the departed client;
 * THREADDEATH: value is the tid; COIDDEATH: value is the coid).
 *
 * Return: STPLR_RECEIVED_MSG (0) or STPLR_RECEIVED_PULSE (1) on success;
 * -EINVAL for a NULL @pulse or unknown @flags; the errors of
 * stplr_msg_receivev() otherwise.
 */
int stplr_msg_receive_anyv(int fd, uint32_t chid,
			   const struct stplr_iov *iov, unsigned int n_iov,
			   uint64_t flags, int64_t timeout_ns, uint64_t *rcvid,
			   struct stplr_msg_info *info,
			   struct stplr_pulse *pulse);

/**
 * stplr_msg_receive_any() - single-buffer form of stplr_msg_receive_anyv()
 * @fd:         a context descriptor
 * @chid:       a channel of this context
 * @msg:        receive buffer
 * @bytes:      its size
 * @flags:      0 or STPLR_RECEIVE_PULSE_ONLY
 * @timeout_ns: STPLR_TIMEOUT_NONE or a timeout
 * @rcvid:      out, optional (NULL)
 * @info:       out, optional (NULL)
 * @pulse:      out, the pulse
 *
 * Since 1.1.
 *
 * Return: as stplr_msg_receive_anyv().
 */
int stplr_msg_receive_any(int fd, uint32_t chid, void *msg, size_t bytes,
			  uint64_t flags, int64_t timeout_ns, uint64_t *rcvid,
			  struct stplr_msg_info *info,
			  struct stplr_pulse *pulse);

/**
 * stplr_msg_receive_pulse() - wait for a pulse only (QNX MsgReceivePulse)
 * @fd:         a context descriptor
 * @chid:       a channel of this context
 * @timeout_ns: STPLR_TIMEOUT_NONE or the longest time to wait
 * @pulse:      out, the pulse
 * @info:       out, optional (NULL): as for stplr_msg_receive_anyv()
 *
 * Since 1.1 (STPLR_FEAT_PULSES).  Messages stay queued for other
 * receivers.
 *
 * Return: 0 on success; -EINVAL for a NULL @pulse; -ENOENT unknown @chid;
 * -ESRCH the channel was destroyed; -EINTR; -ETIMEDOUT.
 */
int stplr_msg_receive_pulse(int fd, uint32_t chid, int64_t timeout_ns,
			    struct stplr_pulse *pulse,
			    struct stplr_msg_info *info);

/**
 * stplr_msg_pulse() - send a pulse (QNX MsgSendPulse)
 * @fd:       a context descriptor
 * @coid:     connection to send on
 * @priority: STPLR_PRIO_SELF (or any negative value) for the caller's own
 *            priority, else a priority on the struct stplr_msg_info scale
 *            (0-139), at most the caller's own unless it has CAP_SYS_NICE
 * @code:     STPLR_PULSE_CODE_MIN..STPLR_PULSE_CODE_MAX
 * @value:    delivered as is
 *
 * Since 1.1 (STPLR_FEAT_PULSES).  Never blocks.
 *
 * Return: 0 on success; -ENOENT unknown @coid; -ESRCH the channel is
 * gone; -EAGAIN the channel already holds max_pulses pulses; -EINVAL a
 * code outside the user range; -EPERM a priority above the caller's.
 */
int stplr_msg_pulse(int fd, uint32_t coid, int priority, int32_t code,
		    uint32_t value);

/**
 * stplr_event_deliver() - queue a pulse for a client later (QNX MsgDeliverEvent)
 * @fd:       a context descriptor (the server's)
 * @chid:     a channel of this context that the client is connected to
 *            (the chid of struct stplr_msg_info of one of its messages)
 * @scoid:    the client's context (scoid of that struct stplr_msg_info)
 * @coid:     a connection of the *client's* context, on whose channel the
 *            pulse is queued as if the client had sent it there
 * @priority: STPLR_PRIO_SELF (or any negative value) for the caller's own
 *            priority, else a priority on the struct stplr_msg_info scale,
 *            at most the caller's own unless it has CAP_SYS_NICE
 * @code:     STPLR_PULSE_CODE_MIN..STPLR_PULSE_CODE_MAX
 * @value:    delivered as is
 *
 * Works for as long as the client keeps a connection to @chid, also after
 * its messages were replied to.  Since 2.1 (STPLR_FEAT_DELIVER_EVENT).
 * Never blocks.
 *
 * Return: 0 on success; -ESRCH @chid is not a channel of this context, the
 * client is not (or no longer) connected to it, or @coid's channel is
 * gone; -EBADF @coid is not a connection of the client; -EAGAIN the
 * destination channel already holds max_pulses pulses; -EINVAL a code
 * outside the user range; -EPERM a priority above the caller's; -ENOTTY a
 * module without STPLR_FEAT_DELIVER_EVENT.
 */
int stplr_event_deliver(int fd, uint32_t chid, uint32_t scoid, uint32_t coid,
			int priority, int32_t code, uint32_t value);

/**
 * stplr_msg_send_asyncv() - a one-way message that does not wait
 * @fd:         a context descriptor
 * @coid:       connection to send on
 * @siov:       send gather list (may be NULL when @n_send is 0)
 * @n_send:     entries in @siov
 * @timeout_ns: STPLR_TIMEOUT_NONE or the longest time to stay send-blocked
 *              when the message cannot travel asynchronously (see below)
 *
 * Since 2.2 (STPLR_FEAT_SEND_ASYNC).  STPLR_MSG_SEND with
 * STPLR_SEND_ASYNC: a message of at most the module's inline_max bytes
 * (default 256) is copied into the kernel and queued, and the call
 * returns at once; the buffers may be reused immediately.  Success means
 * queued, not received.  With STPLR_FEAT_ASYNC_LARGE, a message of up to
 * 64 KiB is queued the same way while the channel's async_max budget
 * (module parameter, default 1 MiB of such messages per channel) and the
 * caller's memory cgroup allow.  Otherwise (a larger message, a used-up
 * budget, pages that are not present) it is sent as
 * stplr_msg_send_onewayv() does: the call blocks until a server thread
 * has it.
 *
 * Return: 0 once the message is queued (or received, see above); -EAGAIN
 * when the channel already holds max_queued messages; -ENOTTY from a
 * module without STPLR_FEAT_SEND_ASYNC (-EINVAL from an older one that
 * knows STPLR_MSG_SEND); otherwise as stplr_msg_sendv().
 */
int stplr_msg_send_asyncv(int fd, uint32_t coid,
			  const struct stplr_iov *siov, unsigned int n_send,
			  int64_t timeout_ns);

/**
 * stplr_msg_reply_receivev() - reply, then wait for the next message
 * @fd:         a context descriptor
 * @rcvid:      the message to reply to, or 0 to only receive (the first
 *              pass of a server loop, or after a one-way message or pulse)
 * @flags:      0, or STPLR_RR_ERROR to fail @rcvid with errno @status
 *              (as stplr_msg_error()) instead of replying, and/or
 *              STPLR_RECEIVE_PULSE_ONLY for the receive
 * @status:     the sender's status (or, with STPLR_RR_ERROR, a positive
 *              errno 1..4095); 0 when @rcvid is 0
 * @reply_iov:  reply gather list (may be NULL when @n_reply is 0)
 * @n_reply:    entries in @reply_iov
 * @chid:       the channel to receive on
 * @iov:        receive list (may be NULL when @n_iov is 0)
 * @n_iov:      entries in @iov
 * @timeout_ns: STPLR_TIMEOUT_NONE or the longest time to wait to receive
 * @next_rcvid: out, optional (NULL): the receive id of the next message
 * @info:       out, optional (NULL): as for stplr_msg_receive_anyv()
 * @pulse:      out, optional (NULL): the pulse when STPLR_RECEIVED_PULSE
 *              is returned
 * @failed:     out, optional (NULL): on failure, STPLR_RR_FAILED_REPLY or
 *              STPLR_RR_FAILED_RECEIVE for the step that failed, 0 for a
 *              bad argument caught before the call
 *
 * Since 2.2 (STPLR_FEAT_REPLY_RECEIVE).  stplr_msg_replyv() followed by
 * stplr_msg_receive_anyv() in one system call, so a server loop costs one
 * call per message.  Both halves are checked first: a bad argument in
 * either does nothing.  When the reply fails nothing is received (the
 * caller learns why: the sender left, -ESRCH, or the reply list faulted,
 * -EFAULT, and the rcvid stays valid).  Once the reply succeeded it
 * stands even if the receive then fails (-EINTR, -ETIMEDOUT, -ESRCH).
 *
 * Return: STPLR_RECEIVED_MSG (0) or STPLR_RECEIVED_PULSE (1) on success;
 * -EINVAL for unknown @flags, an errno out of range or a reply list with
 * STPLR_RR_ERROR; otherwise the errors of stplr_msg_replyv() (with
 * *@failed STPLR_RR_FAILED_REPLY) or of stplr_msg_receive_anyv() (with
 * STPLR_RR_FAILED_RECEIVE); -ENOTTY from a module without the call.
 */
int stplr_msg_reply_receivev(int fd, uint64_t rcvid, uint64_t flags,
			     int64_t status, const struct stplr_iov *reply_iov,
			     unsigned int n_reply, uint32_t chid,
			     const struct stplr_iov *iov, unsigned int n_iov,
			     int64_t timeout_ns, uint64_t *next_rcvid,
			     struct stplr_msg_info *info,
			     struct stplr_pulse *pulse, uint32_t *failed);

/**
 * stplr_msg_readv() - read more of a received message (QNX MsgReadv)
 * @fd:     the context descriptor the message was received on
 * @rcvid:  the receive id (still waiting for its reply)
 * @offset: first byte of the sender's message to read
 * @iov:    list to fill (may be NULL when @n_iov is 0)
 * @n_iov:  entries in @iov
 * @len:    out, optional (NULL): bytes copied, 0 at or past the end of
 *          the sender's message
 *
 * Since 1.1 (STPLR_FEAT_READWRITE).  Any thread of the context may read;
 * the message keeps waiting for stplr_msg_reply*() or stplr_msg_error().
 *
 * Return: 0 on success; -EFAULT for a NULL list with a non-zero count or
 * an inaccessible buffer on either side; -E2BIG; -ESRCH when @rcvid is
 * not a message waiting for a reply from this context.
 */
int stplr_msg_readv(int fd, uint64_t rcvid, uint64_t offset,
		    const struct stplr_iov *iov, unsigned int n_iov,
		    uint64_t *len);

/**
 * stplr_msg_read() - single-buffer form of stplr_msg_readv() (QNX MsgRead)
 * @fd:     the context descriptor
 * @rcvid:  the receive id
 * @offset: first byte of the sender's message to read
 * @msg:    buffer to fill
 * @bytes:  its size
 * @len:    out, optional (NULL): bytes copied
 *
 * Since 1.1.
 *
 * Return: as stplr_msg_readv().
 */
int stplr_msg_read(int fd, uint64_t rcvid, uint64_t offset, void *msg,
		   size_t bytes, uint64_t *len);

/**
 * stplr_msg_writev() - write part of the reply (QNX MsgWritev)
 * @fd:     the context descriptor the message was received on
 * @rcvid:  the receive id (still waiting for its reply)
 * @offset: first byte of the sender's reply list to write
 * @iov:    data to write (may be NULL when @n_iov is 0)
 * @n_iov:  entries in @iov
 * @len:    out, optional (NULL): bytes copied, 0 at or past the end of
 *          the sender's reply list
 *
 * Since 1.1 (STPLR_FEAT_READWRITE).  The sender stays blocked; finish
 * with stplr_msg_reply*() (possibly with no data) or stplr_msg_error().
 *
 * Return: as stplr_msg_readv().
 */
int stplr_msg_writev(int fd, uint64_t rcvid, uint64_t offset,
		     const struct stplr_iov *iov, unsigned int n_iov,
		     uint64_t *len);

/**
 * stplr_msg_write() - single-buffer form of stplr_msg_writev() (QNX MsgWrite)
 * @fd:     the context descriptor
 * @rcvid:  the receive id
 * @offset: first byte of the sender's reply list to write
 * @msg:    data to write
 * @bytes:  its length
 * @len:    out, optional (NULL): bytes copied
 *
 * Since 1.1.
 *
 * Return: as stplr_msg_writev().
 */
int stplr_msg_write(int fd, uint64_t rcvid, uint64_t offset,
		    const void *msg, size_t bytes, uint64_t *len);

/**
 * stplr_name_attach() - publish a channel under a name (QNX name_attach)
 * @fd:   a context descriptor
 * @chid: a channel of this context, without a name yet
 * @name: 1 to STPLR_NAME_MAX - 1 bytes; '/' separates components, but
 *        not at either end, and no component is empty, "." or ".."
 *
 * Since 1.1 (STPLR_FEAT_NAMES).  Names are per device.  The name goes
 * away with stplr_name_detach() or when the channel is destroyed.
 * Connecting by name checks the channel's mode like stplr_connect().
 *
 * Return: 0 on success; -EINVAL for a NULL or malformed @name;
 * -ENAMETOOLONG for a name of STPLR_NAME_MAX bytes or more; -ENOENT
 * unknown @chid; -EEXIST the name is taken; -EBUSY the channel already
 * has a name.
 */
int stplr_name_attach(int fd, uint32_t chid, const char *name);

/**
 * stplr_name_detach() - withdraw a channel's name
 * @fd:   a context descriptor
 * @chid: the channel
 * @name: the name it was published under
 *
 * Since 1.1 (STPLR_FEAT_NAMES).  Existing connections are not affected.
 *
 * Return: 0 on success; -EINVAL / -ENAMETOOLONG as stplr_name_attach();
 * -ENOENT when @chid is unknown or not published under @name.
 */
int stplr_name_detach(int fd, uint32_t chid, const char *name);

/**
 * stplr_name_open() - connect to a channel by name (QNX name_open)
 * @fd:    a context descriptor
 * @name:  a name published with stplr_name_attach() on this device
 * @flags: STPLR_CONNECT_* bits, as for stplr_connect()
 * @coid:  out, the new connection id
 *
 * Since 1.1 (STPLR_FEAT_NAMES).  Only the connection is made: no message
 * is sent (neither does the QNX layer's name_open(), as on current QNX).
 *
 * Return: 0 on success; -EINVAL for a NULL @coid, unknown @flags or a
 * malformed @name; -ENAMETOOLONG; -ENOENT when no channel has the name;
 * -EACCES when its mode refuses the caller; -EMFILE.
 */
int stplr_name_open(int fd, const char *name, uint64_t flags,
		    uint32_t *coid);

/**
 * stplr_channel_pollfd() - a descriptor to poll a channel with
 * @fd:     a context descriptor
 * @chid:   a channel of this context
 * @pollfd: out, a new O_CLOEXEC descriptor: POLLIN while a message or a
 *          pulse is queued on the channel, POLLHUP once it is destroyed.
 *          It supports nothing but poll/select/epoll and close(); close
 *          it when done.
 *
 * Since 1.1 (STPLR_FEAT_POLL).  Lets a server wait for several channels
 * (or a channel and other descriptors) in one poll(), then receive with a
 * zero timeout: another thread may have taken the message meanwhile, so
 * -ETIMEDOUT from that receive just means "poll again".
 *
 * Return: 0 on success; -EINVAL for a NULL @pollfd; -ENOENT unknown
 * @chid; -EMFILE out of descriptors.
 */
int stplr_channel_pollfd(int fd, uint32_t chid, int *pollfd);

#ifdef __cplusplus
}
#endif

#endif /* STPLR_STPLR_H */
