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
 * What differs from QNX (docs/design.md, "QNX layer", has the reasons):
 *  - Channel ids are numbered from 1 per process, lowest free first, as
 *    on QNX, when the module has STPLR_FEAT_CTX_CHID: the context this
 *    layer opens is claimed for the process (STPLR_IOC_CTX_CLAIM), and
 *    ConnectAttach(nd, pid, chid...) looks chid up among that process's
 *    QNX channels only.  With an older module (no STPLR_FEAT_CTX_CHID)
 *    chids are numbered per stapler device: a process's first channel is
 *    chid 1 only on a fresh device, so a client that hard-codes chid 1
 *    fails with ESRCH.  Channels the process makes with the native API on
 *    other contexts of the same device keep device-wide ids and cannot be
 *    reached by (pid, chid) while the process holds its QNX context (use
 *    a name, or another device).  If the process already claimed a
 *    context on the device itself, opening the QNX context fails with
 *    EBUSY.  A child created by a raw clone() that shares the context
 *    may use its channels but ChannelCreate() fails with EPERM there.
 *  - Only the local node exists: nd must be ND_LOCAL_NODE (0), otherwise
 *    ConnectAttach() fails with ESRCH; _msg_info.nd and .srcnd are 0.
 *  - ChannelCreate() accepts _NTO_CHF_FIXED_PRIORITY, _NTO_CHF_UNBLOCK,
 *    _NTO_CHF_THREAD_DEATH, _NTO_CHF_DISCONNECT and
 *    _NTO_CHF_COID_DISCONNECT, with QNX's meaning (see <stplr/uapi.h>
 *    for the details of each); _NTO_CHF_SENDER_LEN and _NTO_CHF_REPLY_LEN
 *    are accepted and ignored, since the lengths are always filled in.
 *    _NTO_CHF_PRIVATE is accepted, but the channel stays reachable from
 *    other processes of the same effective uid (QNX: the owning process
 *    only) until the module can restrict it.
 *    Any other flag fails with EINVAL.  A channel admits connections from
 *    the same effective uid only (stapler's default mode 0600); use
 *    stplr_channel_create() with STPLR_CHF_MODE through stplr_qnx_fd() to
 *    open it to others.
 *  - ConnectAttach(): @index is ignored except for the _NTO_SIDE_CHANNEL
 *    bit; the kernel picks the coid, and coids are not file descriptors
 *    (with or without _NTO_SIDE_CHANNEL).  The only flag accepted is
 *    _NTO_COF_CLOEXEC, which is always in effect anyway.
 *  - Server connection ids: stapler has no per-client connection object
 *    in the server, its scoid names the client's context, and those
 *    numbers overlap the server's own coids.  So that QNX code calling
 *    ConnectDetach(scoid) on a _PULSE_CODE_DISCONNECT cannot detach one
 *    of its own connections by accident, this layer reports every scoid
 *    (_msg_info.scoid, struct _pulse.scoid) with bit 0x20000000 set, and
 *    ConnectDetach() of such a value is a no-op that returns EOK.  The
 *    native API and stplr-ps show the plain value (without the bit).
 *  - MsgReceive*() returns 0 for a pulse, as on QNX, and also for a
 *    one-way message sent by a native stapler client
 *    (stplr_msg_send_oneway()), which a QNX client cannot send: in that
 *    case the buffer holds the message, not a struct _pulse.
 *    For a pulse, the struct _pulse is scattered over the receive buffers
 *    and truncated to their size when they are smaller; @info, when
 *    given, gets chid, scoid, priority, msglen (bytes of the struct
 *    written) and srcmsglen (its size), the rest 0.
 *  - MsgReceivePulse*() fail with EFAULT, before waiting, when the
 *    (first) buffer cannot hold a struct _pulse; they leave @info alone.
 *  - struct _pulse.value carries 32 bits: sival_int is the value, and on
 *    64-bit targets the upper half of sival_ptr is 0.  There is no
 *    MsgSendPulsePtr().
 *  - MsgSendPulse(): @priority is on stapler's scale (see _msg_info) and
 *    may not exceed the caller's own (EPERM) without CAP_SYS_NICE; -1
 *    uses the caller's priority.  Codes outside _PULSE_CODE_MINAVAIL..
 *    _PULSE_CODE_MAXAVAIL fail with EINVAL; a channel holding its
 *    maximum of queued pulses fails the call with EAGAIN.
 *  - _msg_info.flags is always 0 (no _NTO_MI_* flag is implemented);
 *    srcmsglen and dstmsglen are always filled (as with _NTO_CHF_SENDER_LEN
 *    and _NTO_CHF_REPLY_LEN); priority is stapler's 0..139 scale.
 *  - MsgError(rcvid, EOK) replies with status 0 and no data.  Error values
 *    above 4095 fail with EINVAL; ERESTART has no "send again" meaning.
 *  - No call here is a pthread cancellation point, so the *nc variants are
 *    identical to the plain ones.  A signal interrupts a blocked call with
 *    EINTR (it is not restarted).
 *  - TimerTimeout() is implemented by the library, per thread: it arms a
 *    timeout that the thread's next MsgSend*(), MsgReceive*() or
 *    MsgReceivePulse*() call consumes (whether it applies or not); other
 *    calls (MsgReply(), ConnectAttach(), name_open()...) leave it armed.
 *    It applies when @flags names the state that call blocks in:
 *    _NTO_TIMEOUT_RECEIVE for the receives, _NTO_TIMEOUT_SEND or
 *    _NTO_TIMEOUT_REPLY for the sends.  stapler has one timeout for the
 *    whole send (send-blocked and reply-blocked together), so SEND and
 *    REPLY each bound both phases: either flag alone times out a server
 *    that received the message but is slow to reply.  A relative @ntime
 *    counts from the TimerTimeout() call, on CLOCK_MONOTONIC whatever
 *    @id; with TIMER_ABSTIME (Linux's value, from <time.h>) @ntime is a
 *    time of clock @id, converted when the blocking call starts.  A NULL
 *    @ntime means "do not block" (a zero timeout).  @notify is not used:
 *    every timeout acts as SIGEV_UNBLOCK (the call fails with ETIMEDOUT).
 *    @otime, when not NULL, is set to 0.  The other _NTO_TIMEOUT_* states
 *    (JOIN, CONDVAR, MUTEX, SEM, NANOSLEEP, SIGWAITINFO...) are defined
 *    with QNX's values, but have no blocking call here: TimerTimeout()
 *    fails with EINVAL rather than arm a timeout nothing would honour.
 *  - A status passed to MsgReply() travels as 64 bits; MsgSend() returns
 *    it as a long (truncated in 32-bit programs, as on 32-bit QNX).
 *  - MsgRead*() and MsgWrite*() return the number of bytes copied; the
 *    message must still be waiting for its reply (ESRCH otherwise).
 *  - struct sigevent is glibc's, with QNX's member names mapped onto it
 *    (<sys/siginfo.h>); SIGEV_PULSE and SIGEV_SIGNAL_CODE have values of
 *    their own (Linux uses QNX's), union sigval gains sival_long.
 *  - Timers with SIGEV_PULSE events (timer_create(), TimerCreate()) are
 *    serviced by a library thread: see stplr_qnx_timer_create() in
 *    <time.h>.  TimerCreate() ids are ints; TimerInfo(), TimerAlarm() and
 *    the SIGEV_SIGNAL_CODE/SIGEV_SIGNAL_THREAD timer events are missing.
 *  - MsgDeliverEvent() works for the last 4096 rcvids the process
 *    received, while the client stays connected.  It delivers SIGEV_PULSE
 *    and the signal events; SIGEV_UNBLOCK, SIGEV_INTR and SIGEV_THREAD
 *    fail with ENOSYS.  A signal goes to the client only if the server
 *    could kill() it (EPERM otherwise); SIGEV_SIGNAL is kill()'s SI_USER
 *    signal without a value; a SIGEV_SIGNAL_CODE signal is pending for
 *    one thread of the client (the first that does not block it), not
 *    for the whole process; a SIGEV_SIGNAL_THREAD signal goes to the
 *    sender's thread id, or to a thread of the same process that reused
 *    it.  Codes are 0 or SI_MINAVAIL..-1 except -6.  MsgVerifyEvent()
 *    checks what it can without the module (not the connection);
 *    MsgRegisterEvent() only checks (no secure-event handles).
 *  - MsgInfo() and ConnectClientInfo() answer while the client's message
 *    waits for its reply (ESRCH otherwise): the module keeps nothing per
 *    client to query later.  At most 8 supplementary groups are stored.
 *  - SchedGet()/SchedSet() use Linux's policies and priorities, and Linux
 *    thread ids (gettid()) for @tid.
 *  - rcvid_t is int, like the QNX 7 prototypes; QNX 8's is wider.
 *  - name_open() sends no _IO_CONNECT (<sys/dispatch.h>).
 *  - Not provided: MsgKeyData, ConnectServerInfo, ConnectClientInfoExt,
 *    ThreadCtl, InterruptAttach and the other kernel calls not declared
 *    here; the dispatch and resource-manager libraries come with their
 *    own headers (<sys/dispatch.h>, <sys/iofunc.h>).
 */
#ifndef STPLR_QNX_SYS_NEUTRINO_H
#define STPLR_QNX_SYS_NEUTRINO_H

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sys/siginfo.h>
#include <sys/types.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * union sigval and clockid_t are POSIX definitions, which strict ISO C
 * modes (cc -std=c11 without _POSIX_C_SOURCE, _GNU_SOURCE...) hide.  There
 * struct _pulse.value is a union of the same layout and members, and
 * TimerTimeout() is not declared.
 */
#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 199309L
#define _STPLR_QNX_POSIX	1
#define _STPLR_QNX_SIGVAL	union sigval
#else
#define _STPLR_QNX_POSIX	0
#define _STPLR_QNX_SIGVAL	union { int sival_int; void *sival_ptr; }
#endif

/*
 * A receive id, as MsgReceive*() return it (QNX 8 declares the calls with
 * it; earlier QNX with int, which this is, so both kinds of code build).
 */
typedef int rcvid_t;

/* ConnectAttach() @index bit: the coid is a side channel. */
#define _NTO_SIDE_CHANNEL	0x40000000

/* ConnectAttach() flags: close the connection on exec() (always so). */
#define _NTO_COF_CLOEXEC	0x0001

/* ChannelCreate() flags (QNX values; stapler's STPLR_CHF_* match them). */
#define _NTO_CHF_FIXED_PRIORITY		0x0001
#define _NTO_CHF_UNBLOCK		0x0002
#define _NTO_CHF_THREAD_DEATH		0x0004
#define _NTO_CHF_DISCONNECT		0x0008
#define _NTO_CHF_SENDER_LEN		0x0020	/* accepted, always in effect */
#define _NTO_CHF_COID_DISCONNECT	0x0040
#define _NTO_CHF_REPLY_LEN		0x0080	/* accepted, always in effect */
#define _NTO_CHF_PRIVATE		0x1000	/* see "What differs" above */

/*
 * Pulses.  A received pulse is a struct _pulse with type _PULSE_TYPE and
 * subtype _PULSE_SUBTYPE, so it can share a receive buffer (a union) with
 * messages whose first 16-bit field is their type:
 *
 *	union {
 *		uint16_t type;			// 0 for a pulse
 *		struct _pulse pulse;
 *		struct _io_connect connect;	// <sys/iomsg.h>
 *		struct my_request req;		// type outside 0, 0x100-0x1FF
 *	} msg;
 *
 * The kernel's own pulses have negative codes; user pulses use
 * _PULSE_CODE_MINAVAIL.._PULSE_CODE_MAXAVAIL.
 */
#define _PULSE_TYPE		0
#define _PULSE_SUBTYPE		0

#define _PULSE_CODE_UNBLOCK	(-32)	/* value: rcvid of the sender that
					   wants to leave (_NTO_CHF_UNBLOCK) */
#define _PULSE_CODE_DISCONNECT	(-33)	/* scoid: a client that went away
					   (_NTO_CHF_DISCONNECT) */
#define _PULSE_CODE_THREADDEATH	(-34)	/* value: tid of a dead receiving
					   thread (_NTO_CHF_THREAD_DEATH) */
#define _PULSE_CODE_COIDDEATH	(-35)	/* value: coid whose channel died
					   (_NTO_CHF_COID_DISCONNECT) */
#define _PULSE_CODE_MINAVAIL	0
#define _PULSE_CODE_MAXAVAIL	127

/**
 * struct _pulse - a received pulse (QNX layout)
 * @type:    _PULSE_TYPE (0)
 * @subtype: _PULSE_SUBTYPE (0)
 * @code:    the pulse code
 * @zero:    0
 * @value:   the value; sival_int holds its 32 bits
 * @scoid:   the sending client (see "Server connection ids" above)
 */
struct _pulse {
	uint16_t type;
	uint16_t subtype;
	int8_t code;
	uint8_t zero[3];
	_STPLR_QNX_SIGVAL value;
	int32_t scoid;
};

/*
 * TimerTimeout() states: bit 1 << STATE_*, QNX's values.  Only SEND,
 * RECEIVE and REPLY have a blocking call here; TimerTimeout() fails with
 * EINVAL for the others (see above).
 */
#define _NTO_TIMEOUT_STOPPED	(1 << 3)
#define _NTO_TIMEOUT_SEND	(1 << 4)
#define _NTO_TIMEOUT_RECEIVE	(1 << 5)
#define _NTO_TIMEOUT_REPLY	(1 << 6)
#define _NTO_TIMEOUT_SIGSUSPEND	(1 << 10)
#define _NTO_TIMEOUT_SIGWAITINFO (1 << 11)
#define _NTO_TIMEOUT_NANOSLEEP	(1 << 12)
#define _NTO_TIMEOUT_MUTEX	(1 << 13)
#define _NTO_TIMEOUT_CONDVAR	(1 << 14)
#define _NTO_TIMEOUT_JOIN	(1 << 15)
#define _NTO_TIMEOUT_INTR	(1 << 16)
#define _NTO_TIMEOUT_SEM	(1 << 17)

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
 * Every call below has a plain form, which returns -1 and sets errno on
 * failure, and an _r form (same arguments), which returns the negative
 * errno value instead and leaves errno alone.
 */

/**
 * ChannelCreate() - create a channel to receive messages and pulses on
 * @flags: _NTO_CHF_* bits (see "What differs from QNX" above)
 *
 * The channel belongs to the process (its context) and admits connections
 * from the same effective uid.  ChannelCreate_r() is the _r form.
 *
 * Return: the channel id (>= 0); -1 with errno set: EINVAL for an unknown
 * flag, EMFILE when the context has max_channels channels, ENOENT or
 * EACCES when the device cannot be opened.
 */
extern int ChannelCreate(unsigned flags);
extern int ChannelCreate_r(unsigned flags);

/**
 * ChannelDestroy() - destroy a channel of the calling process
 * @chid: the channel
 *
 * Senders blocked on it and threads receiving on it fail with ESRCH.
 * ChannelDestroy_r() is the _r form.
 *
 * Return: 0; -1 with errno set: EINVAL when @chid is not a channel of the
 * process.
 */
extern int ChannelDestroy(int chid);
extern int ChannelDestroy_r(int chid);

/**
 * ConnectAttach() - connect to a channel
 * @nd:    node descriptor: ND_LOCAL_NODE (0) only
 * @pid:   process that owns the channel, 0 for the calling process
 * @chid:  the channel id in that process
 * @index: _NTO_SIDE_CHANNEL or 0; other bits are ignored (coids are never
 *         file descriptors here)
 * @flags: 0 or _NTO_COF_CLOEXEC (always in effect)
 *
 * ConnectAttach_r() is the _r form.
 *
 * Return: the connection id (>= 0); -1 with errno set: ESRCH for another
 * node, a negative @pid or @chid or no such channel, EACCES when the
 * channel refuses the caller, EINVAL for unknown @flags, EMFILE.
 */
extern int ConnectAttach(uint32_t nd, pid_t pid, int chid, unsigned index,
			 int flags);
extern int ConnectAttach_r(uint32_t nd, pid_t pid, int chid, unsigned index,
			   int flags);

/**
 * ConnectDetach() - remove a connection
 * @coid: a connection id, or a server connection id (scoid) of a client,
 *        for which this is a no-op (see "Server connection ids" above)
 *
 * Threads blocked sending on @coid are not affected.  ConnectDetach_r()
 * is the _r form.
 *
 * Return: 0; -1 with errno set: EINVAL when @coid is not a connection of
 * the process.
 */
extern int ConnectDetach(int coid);
extern int ConnectDetach_r(int coid);

/**
 * MsgSend() - send a message and wait for the reply
 * @coid:   the connection
 * @smsg:   the message
 * @sbytes: its length
 * @rmsg:   the reply buffer (may be @smsg)
 * @rbytes: its size
 *
 * Blocks until the server replies (MsgReply*()) or fails the message
 * (MsgError()).  MsgSend_r() is the _r form; MsgSendnc() and
 * MsgSendnc_r() are the same calls (no call here is a cancellation point).
 * The other forms take gather lists: MsgSendv() for both sides,
 * MsgSendsv() a single send buffer and a reply list, MsgSendvs() a send
 * list and a single reply buffer.
 *
 * Return: the status the server passed to MsgReply*(); -1 with errno set:
 * the error of MsgError(), ESRCH when the channel is gone, EBADF for an
 * unknown @coid, EFAULT, E2BIG, EAGAIN when the channel's queue is full,
 * EINTR, ETIMEDOUT (TimerTimeout()).
 */
extern long MsgSend(int coid, const void *smsg, size_t sbytes,
		    void *rmsg, size_t rbytes);
extern long MsgSend_r(int coid, const void *smsg, size_t sbytes,
		      void *rmsg, size_t rbytes);

/**
 * MsgSendnc() - MsgSend(), not a cancellation point
 * @coid:   the connection
 * @smsg:   the message
 * @sbytes: its length
 * @rmsg:   the reply buffer
 * @rbytes: its size
 *
 * Identical to MsgSend() here.  MsgSendnc_r() is the _r form.
 *
 * Return: as MsgSend().
 */
extern long MsgSendnc(int coid, const void *smsg, size_t sbytes,
		      void *rmsg, size_t rbytes);
extern long MsgSendnc_r(int coid, const void *smsg, size_t sbytes,
			void *rmsg, size_t rbytes);

/**
 * MsgSendv() - MsgSend() with gather lists on both sides
 * @coid:   the connection
 * @siov:   the message, as an array of iov_t
 * @sparts: entries in @siov
 * @riov:   the reply buffers
 * @rparts: entries in @riov
 *
 * MsgSendv_r() is the _r form; MsgSendvnc() is the same call.
 *
 * Return: as MsgSend().
 */
extern long MsgSendv(int coid, const iov_t *siov, size_t sparts,
		     const iov_t *riov, size_t rparts);
extern long MsgSendv_r(int coid, const iov_t *siov, size_t sparts,
		       const iov_t *riov, size_t rparts);

/**
 * MsgSendvnc() - MsgSendv(), not a cancellation point
 * @coid:   the connection
 * @siov:   the message, as an array of iov_t
 * @sparts: entries in @siov
 * @riov:   the reply buffers
 * @rparts: entries in @riov
 *
 * Identical to MsgSendv() here.  MsgSendvnc_r() is the _r form.
 *
 * Return: as MsgSend().
 */
extern long MsgSendvnc(int coid, const iov_t *siov, size_t sparts,
		       const iov_t *riov, size_t rparts);
extern long MsgSendvnc_r(int coid, const iov_t *siov, size_t sparts,
			 const iov_t *riov, size_t rparts);

/**
 * MsgSendsv() - MsgSend() with one send buffer and a reply list
 * @coid:   the connection
 * @smsg:   the message
 * @sbytes: its length
 * @riov:   the reply buffers
 * @rparts: entries in @riov
 *
 * MsgSendsv_r() is the _r form; MsgSendsvnc() is the same call.
 *
 * Return: as MsgSend().
 */
extern long MsgSendsv(int coid, const void *smsg, size_t sbytes,
		      const iov_t *riov, size_t rparts);
extern long MsgSendsv_r(int coid, const void *smsg, size_t sbytes,
			const iov_t *riov, size_t rparts);

/**
 * MsgSendsvnc() - MsgSendsv(), not a cancellation point
 * @coid:   the connection
 * @smsg:   the message
 * @sbytes: its length
 * @riov:   the reply buffers
 * @rparts: entries in @riov
 *
 * Identical to MsgSendsv() here.  MsgSendsvnc_r() is the _r form.
 *
 * Return: as MsgSend().
 */
extern long MsgSendsvnc(int coid, const void *smsg, size_t sbytes,
			const iov_t *riov, size_t rparts);
extern long MsgSendsvnc_r(int coid, const void *smsg, size_t sbytes,
			  const iov_t *riov, size_t rparts);

/**
 * MsgSendvs() - MsgSend() with a send list and one reply buffer
 * @coid:   the connection
 * @siov:   the message, as an array of iov_t
 * @sparts: entries in @siov
 * @rmsg:   the reply buffer
 * @rbytes: its size
 *
 * MsgSendvs_r() is the _r form; MsgSendvsnc() is the same call.
 *
 * Return: as MsgSend().
 */
extern long MsgSendvs(int coid, const iov_t *siov, size_t sparts,
		      void *rmsg, size_t rbytes);
extern long MsgSendvs_r(int coid, const iov_t *siov, size_t sparts,
			void *rmsg, size_t rbytes);

/**
 * MsgSendvsnc() - MsgSendvs(), not a cancellation point
 * @coid:   the connection
 * @siov:   the message, as an array of iov_t
 * @sparts: entries in @siov
 * @rmsg:   the reply buffer
 * @rbytes: its size
 *
 * Identical to MsgSendvs() here.  MsgSendvsnc_r() is the _r form.
 *
 * Return: as MsgSend().
 */
extern long MsgSendvsnc(int coid, const iov_t *siov, size_t sparts,
			void *rmsg, size_t rbytes);
extern long MsgSendvsnc_r(int coid, const iov_t *siov, size_t sparts,
			  void *rmsg, size_t rbytes);

/**
 * MsgReceive() - wait for a message or a pulse on a channel
 * @chid:  a channel of the process
 * @msg:   the receive buffer (at least a struct _pulse for pulses)
 * @bytes: its size
 * @info:  out, optional (NULL): the sender's details (struct _msg_info)
 *
 * Messages and pulses come highest priority first.  A pulse is stored as
 * a struct _pulse.  MsgReceive_r() is the _r form.
 *
 * Return: the rcvid (> 0) to reply with, or 0 for a pulse; -1 with errno
 * set: ESRCH for an unknown or destroyed channel, EFAULT, EINTR,
 * ETIMEDOUT (TimerTimeout()).
 */
extern int MsgReceive(int chid, void *msg, size_t bytes,
		      struct _msg_info *info);
extern int MsgReceive_r(int chid, void *msg, size_t bytes,
			struct _msg_info *info);

/**
 * MsgReceivev() - MsgReceive() into a gather list
 * @chid:   a channel of the process
 * @riov:   the receive buffers
 * @rparts: entries in @riov
 * @info:   out, optional (NULL): the sender's details
 *
 * MsgReceivev_r() is the _r form.
 *
 * Return: as MsgReceive().
 */
extern int MsgReceivev(int chid, const iov_t *riov, size_t rparts,
		       struct _msg_info *info);
extern int MsgReceivev_r(int chid, const iov_t *riov, size_t rparts,
			 struct _msg_info *info);

/**
 * MsgReceivePulse() - wait for a pulse only
 * @chid:  a channel of the process
 * @pulse: buffer for a struct _pulse
 * @bytes: its size: at least sizeof(struct _pulse), EFAULT otherwise
 * @info:  not used
 *
 * Messages stay queued for MsgReceive().  MsgReceivePulse_r() is the _r
 * form.
 *
 * Return: 0; -1 with errno set: EFAULT, ESRCH, EINTR, ETIMEDOUT.
 */
extern int MsgReceivePulse(int chid, void *pulse, size_t bytes,
			   struct _msg_info *info);
extern int MsgReceivePulse_r(int chid, void *pulse, size_t bytes,
			     struct _msg_info *info);

/**
 * MsgReceivePulsev() - MsgReceivePulse() into a gather list
 * @chid:  a channel of the process
 * @piov:  the buffers; only the first is used and must hold a struct _pulse
 * @parts: entries in @piov
 * @info:  not used
 *
 * MsgReceivePulsev_r() is the _r form.
 *
 * Return: as MsgReceivePulse().
 */
extern int MsgReceivePulsev(int chid, const iov_t *piov, size_t parts,
			    struct _msg_info *info);
extern int MsgReceivePulsev_r(int chid, const iov_t *piov, size_t parts,
			      struct _msg_info *info);

/**
 * MsgRead() - read more of a received message
 * @rcvid:  a message waiting for its reply
 * @msg:    buffer to fill
 * @bytes:  its size
 * @offset: first byte of the sender's message to copy
 *
 * MsgRead_r() is the _r form.
 *
 * Return: the bytes copied (0 at or past the end); -1 with errno set:
 * ESRCH when @rcvid is not waiting for a reply, EFAULT.
 */
extern ssize_t MsgRead(int rcvid, void *msg, size_t bytes, size_t offset);
extern ssize_t MsgRead_r(int rcvid, void *msg, size_t bytes,
			 size_t offset);

/**
 * MsgReadv() - MsgRead() into a gather list
 * @rcvid:  a message waiting for its reply
 * @riov:   the buffers
 * @rparts: entries in @riov
 * @offset: first byte of the sender's message to copy
 *
 * MsgReadv_r() is the _r form.
 *
 * Return: as MsgRead().
 */
extern ssize_t MsgReadv(int rcvid, const iov_t *riov, size_t rparts,
			size_t offset);
extern ssize_t MsgReadv_r(int rcvid, const iov_t *riov, size_t rparts,
			  size_t offset);

/**
 * MsgWrite() - write part of the reply before replying
 * @rcvid:  a message waiting for its reply
 * @msg:    data to write
 * @size:   its length
 * @offset: first byte of the sender's reply buffers to write
 *
 * The sender stays blocked until MsgReply*() or MsgError().  MsgWrite_r()
 * is the _r form.
 *
 * Return: the bytes copied (0 at or past the end of the reply buffers);
 * -1 with errno set: ESRCH, EFAULT.
 */
extern ssize_t MsgWrite(int rcvid, const void *msg, size_t size,
			size_t offset);
extern ssize_t MsgWrite_r(int rcvid, const void *msg, size_t size,
			  size_t offset);

/**
 * MsgWritev() - MsgWrite() from a gather list
 * @rcvid:  a message waiting for its reply
 * @iov:    the data
 * @parts:  entries in @iov
 * @offset: first byte of the sender's reply buffers to write
 *
 * MsgWritev_r() is the _r form.
 *
 * Return: as MsgWrite().
 */
extern ssize_t MsgWritev(int rcvid, const iov_t *iov, size_t parts,
			 size_t offset);
extern ssize_t MsgWritev_r(int rcvid, const iov_t *iov, size_t parts,
			   size_t offset);

/**
 * MsgSendPulse() - send a pulse; never blocks
 * @coid:     the connection
 * @priority: on stapler's scale, at most the caller's own without
 *            CAP_SYS_NICE; -1 for the caller's priority
 * @code:     _PULSE_CODE_MINAVAIL.._PULSE_CODE_MAXAVAIL
 * @value:    delivered in the pulse's value.sival_int
 *
 * MsgSendPulse_r() is the _r form.
 *
 * Return: 0; -1 with errno set: EBADF for an unknown @coid, ESRCH when the
 * channel is gone, EAGAIN when its pulse queue is full, EINVAL for a code
 * out of range, EPERM for a priority above the caller's.
 */
extern int MsgSendPulse(int coid, int priority, int code, int value);
extern int MsgSendPulse_r(int coid, int priority, int code, int value);

struct sigevent;
#if _STPLR_QNX_POSIX
/**
 * TimerTimeout() - arm a timeout for the thread's next blocking call
 * @id:     clock of an absolute @ntime (relative times use
 *          CLOCK_MONOTONIC)
 * @flags:  _NTO_TIMEOUT_SEND, _NTO_TIMEOUT_REPLY, _NTO_TIMEOUT_RECEIVE,
 *          optionally with TIMER_ABSTIME
 * @notify: not used: every timeout acts as SIGEV_UNBLOCK
 * @ntime:  nanoseconds; NULL for "do not block"
 * @otime:  out, optional (NULL): set to 0
 *
 * See "What differs from QNX" above.  TimerTimeout_r() is the _r form.
 *
 * Return: 0; -1 with errno set: EINVAL for a clock that cannot be read or
 * a state that has no blocking call here (_NTO_TIMEOUT_JOIN...).
 */
extern int TimerTimeout(clockid_t id, int flags,
			const struct sigevent *notify,
			const uint64_t *ntime, uint64_t *otime);
extern int TimerTimeout_r(clockid_t id, int flags,
			  const struct sigevent *notify,
			  const uint64_t *ntime, uint64_t *otime);
#endif

/**
 * MsgReply() - reply to a message; never blocks
 * @rcvid:  the message
 * @status: what the sender's MsgSend*() returns
 * @msg:    reply data (may be NULL when @bytes is 0)
 * @bytes:  its length
 *
 * MsgReply_r() is the _r form.
 *
 * Return: EOK; -1 with errno set: ESRCH when @rcvid is not waiting for a
 * reply (the sender timed out, was interrupted or died), EFAULT.
 */
extern int MsgReply(int rcvid, long status, const void *msg, size_t bytes);
extern int MsgReply_r(int rcvid, long status, const void *msg, size_t bytes);

/**
 * MsgReplyv() - MsgReply() from a gather list
 * @rcvid:  the message
 * @status: what the sender's MsgSend*() returns
 * @riov:   the reply data
 * @rparts: entries in @riov
 *
 * MsgReplyv_r() is the _r form.
 *
 * Return: as MsgReply().
 */
extern int MsgReplyv(int rcvid, long status, const iov_t *riov,
		     size_t rparts);
extern int MsgReplyv_r(int rcvid, long status, const iov_t *riov,
		       size_t rparts);

/**
 * MsgError() - fail a message: the sender's MsgSend*() fails with @error
 * @rcvid: the message
 * @error: the errno value (1..4095); EOK makes MsgSend*() return 0
 *
 * MsgError_r() is the _r form.
 *
 * Return: EOK; -1 with errno set: EINVAL for @error out of range, ESRCH.
 */
extern int MsgError(int rcvid, int error);
extern int MsgError_r(int rcvid, int error);

/**
 * struct _itimer - a timer setting for TimerSettime()
 * @nsec:          first expiry in nanoseconds (relative, or absolute with
 *                 TIMER_ABSTIME); 0 disarms
 * @interval_nsec: period in nanoseconds; 0 for a one-shot timer
 */
struct _itimer {
	uint64_t nsec;
	uint64_t interval_nsec;
};

/**
 * TimerCreate() - create a timer (the kernel-call form of timer_create())
 * @id:    the clock, as for timer_create()
 * @event: what an expiry delivers: SIGEV_PULSE, or a Linux timer event
 *         (SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID); not SIGEV_THREAD
 *
 * Pulse timers work as described for stplr_qnx_timer_create() in <time.h>.
 * Timer ids are ints, as QNX's timer_t is; here they name the same timers
 * as glibc's timer_t does (they are its kernel timer id), so
 * timer_settime((timer_t)(intptr_t)id, ...) works on them too.
 *
 * Return: the timer id (>= 0); -1 with errno set (TimerCreate_r: -errno):
 * EINVAL for a NULL or unusable @event or an unknown clock, EPERM, EAGAIN
 * as stplr_qnx_timer_create().
 */
extern int TimerCreate(clockid_t id, const struct sigevent *event);
extern int TimerCreate_r(clockid_t id, const struct sigevent *event);

/**
 * TimerSettime() - arm or disarm a timer (the kernel-call timer_settime())
 * @id:     a timer id from TimerCreate()
 * @flags:  0 or TIMER_ABSTIME
 * @itime:  the new setting
 * @oitime: out, optional (NULL): the previous setting
 *
 * Return: 0; -1 with errno set (TimerSettime_r: -errno): EINVAL for an
 * unknown @id, a NULL @itime or unknown @flags.
 */
extern int TimerSettime(int id, int flags, const struct _itimer *itime,
			struct _itimer *oitime);
extern int TimerSettime_r(int id, int flags, const struct _itimer *itime,
			  struct _itimer *oitime);

/**
 * TimerDestroy() - delete a timer made by TimerCreate()
 * @id: the timer id
 *
 * Return: 0; -1 with errno set (TimerDestroy_r: -errno): EINVAL for an
 * unknown @id.
 */
extern int TimerDestroy(int id);
extern int TimerDestroy_r(int id);

/**
 * SchedGet() - get a thread's scheduling policy and parameters
 * @pid:   0 for the calling process, or a process id
 * @tid:   0 for the calling thread (with @pid 0) or thread 1 of @pid; else
 *         a Linux thread id (gettid()) of a thread of that process
 * @param: out, optional (NULL): the thread's scheduling parameters
 *
 * Policies and priorities are Linux's (SCHED_OTHER priority is 0,
 * SCHED_FIFO and SCHED_RR 1..99), not QNX's 1..255.
 *
 * Return: the policy (SCHED_OTHER, SCHED_FIFO, SCHED_RR...); -1 with errno
 * set (SchedGet_r: -errno): ESRCH for an unknown process or thread, EPERM.
 */
extern int SchedGet(pid_t pid, int tid, struct sched_param *param);
extern int SchedGet_r(pid_t pid, int tid, struct sched_param *param);

/**
 * SchedSet() - set a thread's scheduling policy and parameters
 * @pid:    as for SchedGet()
 * @tid:    as for SchedGet()
 * @policy: SCHED_OTHER, SCHED_FIFO, SCHED_RR (Linux's values)
 * @param:  the parameters (sched_priority within the policy's range)
 *
 * Return: 0; -1 with errno set (SchedSet_r: -errno): EINVAL for a bad
 * @policy, priority or NULL @param, ESRCH, EPERM (raising a priority
 * needs CAP_SYS_NICE or RLIMIT_RTPRIO).
 */
extern int SchedSet(pid_t pid, int tid, int policy,
		    const struct sched_param *param);
extern int SchedSet_r(pid_t pid, int tid, int policy,
		      const struct sched_param *param);

/**
 * MsgInfo() - the details of a received message that awaits its reply
 * @rcvid: the receive id
 * @info:  out, what MsgReceive*() reported for the message
 *
 * The module reports a sender's details only to the receive, so the
 * library remembers them for the last 1024 messages received through
 * MsgReceive*() (by rcvid slot) and answers while the message is still
 * waiting for its reply, which the module confirms.
 *
 * Return: EOK; -1 with errno set (MsgInfo_r: -errno): ESRCH when @rcvid is
 * not a message waiting for a reply from this process, or one received
 * more than 1024 rcvids ago, or with the native API; EFAULT for a NULL
 * @info.
 */
extern int MsgInfo(int rcvid, struct _msg_info *info);
extern int MsgInfo_r(int rcvid, struct _msg_info *info);

/* Supplementary groups struct _cred_info holds (QNX's NGROUPS_MAX). */
#define _NTO_CLIENTINFO_NGROUPS	8

/**
 * struct _cred_info - a client's credentials
 * @ruid:      real user id
 * @euid:      effective user id
 * @suid:      saved set-user id
 * @rgid:      real group id
 * @egid:      effective group id
 * @sgid:      saved set-group id
 * @ngroups:   number of supplementary groups the client has (may be more
 *             than were stored in @grouplist)
 * @grouplist: the first supplementary groups
 */
struct _cred_info {
	uid_t ruid;
	uid_t euid;
	uid_t suid;
	gid_t rgid;
	gid_t egid;
	gid_t sgid;
	uint32_t ngroups;
	gid_t grouplist[_NTO_CLIENTINFO_NGROUPS];
};

/**
 * struct _client_info - who a client is (ConnectClientInfo())
 * @nd:    node descriptor: always ND_LOCAL_NODE
 * @pid:   the client's process id
 * @sid:   0 (used by Qnet on QNX)
 * @flags: 0 (no _NTO_CI_* flag is reported)
 * @cred:  its credentials
 */
struct _client_info {
	uint32_t nd;
	pid_t pid;
	pid_t sid;
	uint32_t flags;
	struct _cred_info cred;
};

/**
 * ConnectClientInfo() - the process and credentials of a client
 * @scoid:   the client's server connection id (_msg_info.scoid), or -1
 *           for the calling process
 * @info:    out, the client's details
 * @ngroups: entries of info->cred.grouplist to fill (at most
 *           _NTO_CLIENTINFO_NGROUPS are), 0 to get only their number
 *
 * stapler keeps no per-client record a server could query, so this works
 * while the client has a message waiting for a reply from this process
 * (the usual case: a server checks the sender of the request it is
 * handling, as a resource manager does on an open).  The credentials are
 * the sending thread's, read from /proc/PID/task/TID/status between two
 * checks that the message still waits, so they cannot belong to a process
 * that took over the pid.
 *
 * Return: EOK; -1 with errno set (ConnectClientInfo_r: -errno): ESRCH when
 * no message from @scoid waits for a reply (or its sender is not visible
 * in this pid namespace), EFAULT for a NULL @info or negative @ngroups.
 */
extern int ConnectClientInfo(int scoid, struct _client_info *info,
			     int ngroups);
extern int ConnectClientInfo_r(int scoid, struct _client_info *info,
			       int ngroups);

/**
 * MsgDeliverEvent() - deliver an event to a client (server side)
 * @rcvid: the receive id of a message from the client (the message may
 *         have been replied to already)
 * @event: the event the client gave the server, usually in a message
 *
 * A SIGEV_PULSE event queues a pulse with the event's code, value and
 * priority (SIGEV_PULSE_PRIO_INHERIT: the caller's) on the channel of the
 * client's connection sigev_coid, through the module
 * (STPLR_MSG_DELIVER_EVENT), for as long as the client stays connected to
 * the channel the message came through.  The library remembers which
 * client (and which of its threads) sent each of the last 4096 messages
 * received by the process; an older @rcvid fails with ESRCH.
 *
 * Signal events go through the module too, to the client process (the
 * process that opened the client's stapler context) under the same
 * condition, and only when the caller could send it a signal with kill().
 * SIGEV_SIGNAL sends sigev_signo to the process as kill() does (si_code
 * SI_USER, si_pid and si_uid the server's, no value).  SIGEV_SIGNAL_CODE
 * sends sigev_signo with si_code sigev_code and si_value sigev_value,
 * pending for the first thread of the client that does not block it
 * (else its main thread).  SIGEV_SIGNAL_THREAD sends the same to the
 * thread that sent @rcvid (ESRCH when it has exited, or its id is not
 * visible in the server's pid namespace).
 *
 * sigev_code must be 0 or SI_MINAVAIL..-1, except -6 (Linux's SI_TKILL);
 * with 0 no value is delivered.  Standard signals do not queue (one
 * pending at a time, later ones merge); real-time signals with a code
 * queue up to the client user's RLIMIT_SIGPENDING (then EAGAIN).  A client
 * blocked in MsgSend*() that catches the signal fails with EINTR, unless
 * the server's channel has _NTO_CHF_UNBLOCK and holds its message: then
 * the server gets _PULSE_CODE_UNBLOCK.
 *
 * SIGEV_NONE only checks that @rcvid is known.  SIGEV_UNBLOCK, SIGEV_INTR
 * (timeouts and interrupts of the caller's own threads) and SIGEV_THREAD
 * are not delivered: ENOSYS.
 *
 * Return: 0; -1 with errno set (MsgDeliverEvent_r: -errno): EINVAL for a
 * malformed @event (see MsgVerifyEvent()) or a signal code the module
 * refuses; ESRCH for an unknown @rcvid, a client that is no longer
 * connected (gone), or whose process or thread has exited; EBADF when
 * sigev_coid is not a connection of the client (QNX: the connection was
 * detached); EAGAIN when the destination channel holds too many pulses or
 * the client's signal queue is full; EPERM for a priority above the
 * caller's, or a client the caller could not kill(); ENOSYS for the event
 * types not delivered or a module without the feature.
 */
extern int MsgDeliverEvent(int rcvid, const struct sigevent *event);
extern int MsgDeliverEvent_r(int rcvid, const struct sigevent *event);

/**
 * MsgVerifyEvent() - check that an event is well-formed
 * @rcvid: 0 to check as the client that will hand the event over; else
 *         the server's receive id (only checked to be positive)
 * @event: the event
 *
 * Checks what can be checked without the kernel: a known type, known
 * flag bits, for SIGEV_PULSE a code in _PULSE_CODE_MINAVAIL..
 * _PULSE_CODE_MAXAVAIL, a connection id >= 0 and a priority >= 0 or
 * SIGEV_PULSE_PRIO_INHERIT, for the signal types a signal number from 1
 * to NSIG - 1 other than the two glibc keeps below SIGRTMIN, and for
 * SIGEV_SIGNAL_CODE and SIGEV_SIGNAL_THREAD a code from SI_MINAVAIL to 0.
 * Whether the connection exists is not checked.
 *
 * Return: 0 (EOK); -1 with errno set (MsgVerifyEvent_r: -errno): EINVAL
 * for a NULL or malformed @event, ESRCH for a negative @rcvid.
 */
extern int MsgVerifyEvent(int rcvid, const struct sigevent *event);
extern int MsgVerifyEvent_r(int rcvid, const struct sigevent *event);

/**
 * MsgRegisterEvent() - register an event before handing it to a server
 * @event: the event, checked as MsgVerifyEvent(0, @event) does
 * @coid:  the connection to the server that will deliver it
 *
 * QNX 7.0.1 replaces a registered event by a handle so that a server can
 * deliver only what its client registered.  Here registering only checks
 * the event and leaves it unchanged: a server can deliver any pulse event
 * to a connected client (MsgDeliverEvent()), as before QNX 7.0.1.
 *
 * Return: 0; -1 with errno set: EINVAL for a malformed @event, EBADF for a
 * negative @coid.
 */
extern int MsgRegisterEvent(struct sigevent *event, int coid);

/**
 * MsgUnregisterEvent() - withdraw a registered event
 * @event: an event passed to MsgRegisterEvent()
 *
 * Return: 0; -1 with errno set: EINVAL for a NULL @event.
 */
extern int MsgUnregisterEvent(const struct sigevent *event);

/**
 * stplr_qnx_fd() - the stapler context of the QNX calls (not QNX)
 *
 * The descriptor of the process-wide context this layer uses, opened if
 * needed, for use with the native <stplr/stplr.h> API.  Do not close it.
 *
 * Return: the descriptor (>= 0), or -errno when it cannot be opened.
 */
extern int stplr_qnx_fd(void);

#ifdef __cplusplus
}
#endif

#endif /* STPLR_QNX_SYS_NEUTRINO_H */
