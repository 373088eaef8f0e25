/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/neutrino.h> for Linux: the QNX Neutrino message-passing calls,
 * implemented by libstplr on the stapler kernel module.
 *
 * DOC: QNX compatibility layer
 *
 * Build:   cc $(pkg-config --cflags stplr-qnx) prog.c \
 *              $(pkg-config --libs stplr-qnx)
 *
 * QNX source that uses only the calls declared here compiles unchanged.
 * Error reporting follows QNX: the plain calls return -1 and set errno,
 * the _r variants return the negative errno value and leave errno as it
 * was.  Besides QNX's own error codes, any call may fail with the error of
 * opening the context (ENOENT when the stplr module is not loaded or the
 * device does not exist, EACCES when its node refuses the caller).
 *
 * The process-wide context.  QNX channels and connections belong to the
 * process; stapler's belong to an open device (a "context").  This layer
 * therefore keeps ONE context per process: a descriptor of /dev/stplr-0,
 * or of /dev/stplr-N when the environment variable STPLR_DEVICE=N is set
 * (read when the context is opened; ignored by set-user-id programs, where
 * secure_getenv() hides it; a value that is not a non-negative decimal
 * integer makes every call fail with EINVAL).  It is opened on the first
 * call that needs it, under a mutex, so the first calls of several threads
 * are safe.  A failed open is not remembered: the next call tries again.
 * The descriptor is O_CLOEXEC, so channels and connections vanish at
 * exec().  In a child created by fork() the inherited descriptor (which
 * still refers to the parent's context) is closed by a pthread_atfork()
 * handler and the child gets a new, empty context of its own on its first
 * call, as a QNX child starts without the parent's channels.  Processes
 * created with a raw clone() system call bypass that handler and share
 * the parent's context.  Do not close the descriptor behind the library's
 * back (e.g. with close_range()); stplr_qnx_fd() returns it for use with
 * the native <stplr/stplr.h> API.
 *
 * What differs from QNX:
 *  - Only the local node exists: nd must be ND_LOCAL_NODE (0), otherwise
 *    ConnectAttach() fails with ESRCH; _msg_info.nd and .srcnd are 0.
 *  - ChannelCreate() accepts no flags yet (EINVAL for any): no
 *    _NTO_CHF_* flag and no pulse is implemented, so none is defined.
 *    A channel admits connections from the same effective uid only
 *    (stapler's default mode 0600); use stplr_channel_create() with
 *    STPLR_CHF_MODE through stplr_qnx_fd() to open it to others.
 *  - ConnectAttach(): @index is ignored except for the _NTO_SIDE_CHANNEL
 *    bit; the kernel picks the coid, and coids are not file descriptors
 *    (with or without _NTO_SIDE_CHANNEL).  The only flag accepted is
 *    _NTO_COF_CLOEXEC, which is always in effect anyway.
 *  - MsgReceive*() returns 0 for a one-way message sent by a native
 *    stapler client (stplr_msg_send_oneway()); a QNX client cannot send
 *    one, and there are no pulses yet, so QNX code that treats 0 as "a
 *    pulse arrived" must not be exposed to native one-way senders.
 *  - _msg_info.flags is always 0 (no _NTO_MI_* flag is implemented);
 *    srcmsglen and dstmsglen are always filled (as with _NTO_CHF_SENDER_LEN
 *    and _NTO_CHF_REPLY_LEN); priority is stapler's 0..139 scale.
 *  - MsgError(rcvid, EOK) replies with status 0 and no data.  Error values
 *    above 4095 fail with EINVAL; ERESTART has no "send again" meaning.
 *  - No call here is a pthread cancellation point, so the *nc variants are
 *    identical to the plain ones.  A signal interrupts a blocked call with
 *    EINTR (it is not restarted); there is no TimerTimeout() (use the
 *    timeouts of the native API).
 *  - A status passed to MsgReply() travels as 64 bits; MsgSend() returns
 *    it as a long (truncated in 32-bit programs, as on 32-bit QNX).
 *  - Not provided (yet): pulses, MsgRead/MsgWrite, MsgInfo,
 *    MsgDeliverEvent, name_attach/name_open, ThreadCtl, TimerTimeout.
 */
#ifndef STPLR_QNX_SYS_NEUTRINO_H
#define STPLR_QNX_SYS_NEUTRINO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef EOK
#define EOK 0	/* QNX's name for "no error" (QNX <errno.h>) */
#endif

/* ConnectAttach() @index bit: the coid is a side channel. */
#define _NTO_SIDE_CHANNEL	0x40000000

/* ConnectAttach() flags: close the connection on exec() (always so). */
#define _NTO_COF_CLOEXEC	0x0001

/*
 * iov_t is struct iovec, as on QNX: an array of iov_t can be handed to
 * readv()/writev() too.
 */
typedef struct iovec iov_t;

#define SETIOV(_iov, _addr, _len)					\
	((void)((_iov)->iov_base = (void *)(_addr),			\
		(_iov)->iov_len = (size_t)(_len)))
#define GETIOVBASE(_iov)	((_iov)->iov_base)
#define GETIOVLEN(_iov)		((_iov)->iov_len)

/**
 * struct _msg_info - details of a received message
 * @nd:        node of the sender: always ND_LOCAL_NODE (0)
 * @srcnd:     the receiver's node as the sender sees it: always 0
 * @pid:       sender's process id (0 when not visible in the receiver's
 *             pid namespace)
 * @tid:       sender's thread id (Linux tid), likewise
 * @chid:      channel the message arrived on
 * @scoid:     server connection id, identifying the sending context
 * @coid:      the sender's connection id
 * @msglen:    bytes copied into the receive buffers
 * @srcmsglen: total length of the sender's message
 * @dstmsglen: total size of the sender's reply buffers (0 for one-way)
 * @priority:  sender's priority (stapler's scale, higher is more urgent)
 * @flags:     _NTO_MI_* bits: none is implemented, always 0
 * @reserved:  0
 */
struct _msg_info {
	uint32_t nd;
	uint32_t srcnd;
	pid_t pid;
	int32_t tid;
	int32_t chid;
	int32_t scoid;
	int32_t coid;
	ssize_t msglen;
	ssize_t srcmsglen;
	ssize_t dstmsglen;
	int32_t priority;
	int32_t flags;
	uint32_t reserved;
};

/*
 * Channels and connections.  Each returns a non-negative id (or 0) on
 * success; -1 with errno set on failure; the _r forms return -errno.
 */
extern int ChannelCreate(unsigned flags);
extern int ChannelCreate_r(unsigned flags);
extern int ChannelDestroy(int chid);
extern int ChannelDestroy_r(int chid);
extern int ConnectAttach(uint32_t nd, pid_t pid, int chid, unsigned index,
			 int flags);
extern int ConnectAttach_r(uint32_t nd, pid_t pid, int chid, unsigned index,
			   int flags);
extern int ConnectDetach(int coid);
extern int ConnectDetach_r(int coid);

/*
 * Sending.  Block until the server replies; return the status it passed
 * to MsgReply*(), or -1 with errno set (the _r forms: -errno) when the
 * send failed or the server called MsgError().
 */
extern long MsgSend(int coid, const void *smsg, size_t sbytes,
		    void *rmsg, size_t rbytes);
extern long MsgSend_r(int coid, const void *smsg, size_t sbytes,
		      void *rmsg, size_t rbytes);
extern long MsgSendnc(int coid, const void *smsg, size_t sbytes,
		      void *rmsg, size_t rbytes);
extern long MsgSendnc_r(int coid, const void *smsg, size_t sbytes,
			void *rmsg, size_t rbytes);
extern long MsgSendv(int coid, const iov_t *siov, size_t sparts,
		     const iov_t *riov, size_t rparts);
extern long MsgSendv_r(int coid, const iov_t *siov, size_t sparts,
		       const iov_t *riov, size_t rparts);
extern long MsgSendvnc(int coid, const iov_t *siov, size_t sparts,
		       const iov_t *riov, size_t rparts);
extern long MsgSendvnc_r(int coid, const iov_t *siov, size_t sparts,
			 const iov_t *riov, size_t rparts);
extern long MsgSendsv(int coid, const void *smsg, size_t sbytes,
		      const iov_t *riov, size_t rparts);
extern long MsgSendsv_r(int coid, const void *smsg, size_t sbytes,
			const iov_t *riov, size_t rparts);
extern long MsgSendsvnc(int coid, const void *smsg, size_t sbytes,
			const iov_t *riov, size_t rparts);
extern long MsgSendsvnc_r(int coid, const void *smsg, size_t sbytes,
			  const iov_t *riov, size_t rparts);
extern long MsgSendvs(int coid, const iov_t *siov, size_t sparts,
		      void *rmsg, size_t rbytes);
extern long MsgSendvs_r(int coid, const iov_t *siov, size_t sparts,
			void *rmsg, size_t rbytes);
extern long MsgSendvsnc(int coid, const iov_t *siov, size_t sparts,
			void *rmsg, size_t rbytes);
extern long MsgSendvsnc_r(int coid, const iov_t *siov, size_t sparts,
			  void *rmsg, size_t rbytes);

/*
 * Receiving.  Block until a message arrives; return its rcvid (> 0), or 0
 * for a one-way message that takes no reply; -1 with errno set (the _r
 * forms: -errno) on failure.  @info may be NULL.
 */
extern int MsgReceive(int chid, void *msg, size_t bytes,
		      struct _msg_info *info);
extern int MsgReceive_r(int chid, void *msg, size_t bytes,
			struct _msg_info *info);
extern int MsgReceivev(int chid, const iov_t *riov, size_t rparts,
		       struct _msg_info *info);
extern int MsgReceivev_r(int chid, const iov_t *riov, size_t rparts,
			 struct _msg_info *info);

/*
 * Replying.  Never block.  Return EOK (0); -1 with errno set (the _r
 * forms: -errno) on failure.  MsgError() makes the sender's MsgSend*()
 * fail with @error (MsgError(rcvid, EOK) makes it return 0).
 */
extern int MsgReply(int rcvid, long status, const void *msg, size_t bytes);
extern int MsgReply_r(int rcvid, long status, const void *msg, size_t bytes);
extern int MsgReplyv(int rcvid, long status, const iov_t *riov,
		     size_t rparts);
extern int MsgReplyv_r(int rcvid, long status, const iov_t *riov,
		       size_t rparts);
extern int MsgError(int rcvid, int error);
extern int MsgError_r(int rcvid, int error);

/*
 * stapler extension (not QNX): the descriptor of the process-wide context
 * this layer uses, opened if needed, for the native <stplr/stplr.h> API.
 * Return: the descriptor (>= 0), or -errno when it cannot be opened.
 */
extern int stplr_qnx_fd(void);

#ifdef __cplusplus
}
#endif

#endif /* STPLR_QNX_SYS_NEUTRINO_H */
