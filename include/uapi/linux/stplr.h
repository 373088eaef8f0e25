/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * stapler: QNX-style synchronous message passing for Linux.
 *
 * DOC: stapler user-space ABI
 *
 * Every ioctl below is issued on a file descriptor obtained by opening a
 * stapler device node, /dev/stplr-N.  Each open() creates a *context*: the
 * stapler equivalent of a QNX process.  Channels, connections and receive
 * ids live in a context and are plain integers scoped to it:
 *
 *  - chid   a channel created with STPLR_IOC_CHANNEL_CREATE.  Channel ids
 *           are unique within one device, so a client can name a channel
 *           with (pid, chid) exactly as QNX's ConnectAttach() does; in a
 *           context claimed with STPLR_IOC_CTX_CLAIM they are numbered
 *           from 1 in that context instead, as QNX numbers a process's.
 *  - coid   a connection to a channel, made with STPLR_IOC_CONNECT.
 *  - rcvid  one received, not yet replied message.  Receive ids are
 *           allocated cyclically from 1 to 2^31-1 per context, so a stale
 *           id is never reused for another request before 2^31 messages
 *           have passed through that context, and an id from another
 *           context never resolves.  rcvid 0 means "no reply possible"
 *           (a pulse, or a one-way STPLR_MSG_SEND).
 *
 * The context lives until the last file descriptor referring to it is
 * closed: dup(), fork() and SCM_RIGHTS share it under normal Linux rules.
 * Closing it destroys its channels (blocked and queued senders fail with
 * ESRCH) and its connections.  Open the device with O_CLOEXEC to keep a
 * context from leaking across exec(); libstplr does.
 *
 * Devices are independent domains: a channel on /dev/stplr-0 cannot be
 * reached through /dev/stplr-1.
 *
 * Conventions shared by every command:
 *  - Each argument struct starts with __u64 flags.  Unknown bits fail the
 *    call with EINVAL.  Reserved fields must be zero (EINVAL otherwise).
 *  - User pointers are __u64 (cast through uintptr_t), so 32-bit and
 *    64-bit callers use the same layout; no struct has implicit padding.
 *  - Buffers are gather lists of struct stplr_iov.  A list holds at most
 *    STPLR_IOV_MAX entries (E2BIG past that); the sum of the lengths of one
 *    list is at most the "max_msg_size" module parameter (E2BIG).
 *  - Byte counts follow QNX: the number of bytes that move is the minimum
 *    of what both sides offer; both full lengths are reported, so
 *    truncation is visible.
 *  - Timeouts are relative, in nanoseconds of CLOCK_MONOTONIC, and apply
 *    only when STPLR_F_TIMEOUT is set (timeout_ns must be 0 otherwise, and
 *    is never negative).  A zero timeout means "do not
 *    block": the call fails with ETIMEDOUT if it would have to wait.
 *  - A blocked call interrupted by a signal fails with EINTR; it is not
 *    restarted.
 *  - Failures return -1 with errno set; output fields are only meaningful
 *    on success.
 *
 * Limits on kernel memory: every allocation a caller causes is charged to
 * its memory cgroup and bounded: per context max_channels channels and
 * max_connections connections (each with its COIDDEATH pulse); per channel
 * max_queued messages (each at most STPLR_IOV_MAX descriptors per list
 * and 4096 inline bytes; asynchronous ones stay charged to their sender
 * until received) and max_pulses user and THREADDEATH pulses; one DISCONNECT record per
 * connected client context; one UNBLOCK pulse per message; one priority
 * boost record per thread.  The module's own pulses need no allocation
 * when they are sent.
 *
 * Memory: payload bytes are copied once, directly between the two
 * processes' buffers, by whichever side is running (the receiver pulls the
 * request, the replier pushes the reply).  The blocked side's pages are
 * pinned only while a bounded chunk of them is being copied, so a blocked
 * thread holds no pinned memory.  A request of at most the "inline_max"
 * module parameter's bytes (default 256) is instead copied into the
 * kernel by the sender and out by the receiver, with nothing pinned.
 * No stapler call writes to a peer's memory outside the reply buffers
 * that peer declared for the exchange in progress, and never after the
 * peer's send call has returned.
 */
#ifndef _UAPI_LINUX_STPLR_H
#define _UAPI_LINUX_STPLR_H

#include <linux/types.h>
#include <linux/const.h>
#include <linux/ioctl.h>

#define STPLR_VERSION_MAJOR	1
#define STPLR_VERSION_MINOR	0
#define STPLR_VERSION_PATCH	0

/* Device nodes are named STPLR_DEVICE_PREFIX followed by the index. */
#define STPLR_DEVICE_PREFIX	"/dev/stplr-"

/* The largest number of entries in one gather list. */
#define STPLR_IOV_MAX		1024

/*
 * The ioctl magic.  0xB9 is unassigned in
 * Documentation/userspace-api/ioctl/ioctl-number.rst; stapler uses
 * numbers 0x00-0x3F of it.
 */
#define STPLR_IOC_MAGIC		0xB9

/**
 * struct stplr_iov - one buffer of a gather list
 * @base: user address of the buffer
 * @len:  its length in bytes; zero-length entries are allowed and ignored
 */
struct stplr_iov {
	__u64 base;
	__u64 len;
};

/* Flags common to several commands. */
#define STPLR_F_TIMEOUT		_BITULL(0)	/* honour timeout_ns */

/* Feature bits reported by STPLR_IOC_QUERY. */
#define STPLR_FEAT_CHANNELS	_BITULL(0)	/* channels, connections */
#define STPLR_FEAT_SENDRECV	_BITULL(1)	/* send, receive, reply */
#define STPLR_FEAT_ERROR	_BITULL(2)	/* STPLR_MSG_ERROR */
#define STPLR_FEAT_TIMEOUT	_BITULL(3)	/* STPLR_F_TIMEOUT */
#define STPLR_FEAT_PERMS	_BITULL(4)	/* channel permission modes */
#define STPLR_FEAT_READWRITE	_BITULL(5)	/* STPLR_MSG_READ, STPLR_MSG_WRITE */
#define STPLR_FEAT_PULSES	_BITULL(6)	/* STPLR_MSG_PULSE and pulse flags */
#define STPLR_FEAT_PRIO_INHERIT	_BITULL(7)	/* priority inheritance */
#define STPLR_FEAT_NAMES	_BITULL(8)	/* STPLR_IOC_NAME_* */
#define STPLR_FEAT_POLL		_BITULL(9)	/* STPLR_IOC_CHANNEL_POLLFD */
#define STPLR_FEAT_NAME_OWNER	_BITULL(10)	/* NAME_OPEN reports owner_uid/pid */
#define STPLR_FEAT_DELIVER_EVENT _BITULL(11)	/* STPLR_MSG_DELIVER_EVENT */
#define STPLR_FEAT_EVENT_SIGNAL _BITULL(12)	/* STPLR_EVENT_F_SIGNAL, _F_THREAD */
/* chid: per-process channel numbering */
#define STPLR_FEAT_CTX_CHID	_BITULL(13)	/* STPLR_IOC_CTX_CLAIM */
/* issue 12 (the message path) */
#define STPLR_FEAT_REPLY_RECEIVE _BITULL(16)	/* STPLR_MSG_REPLY_RECEIVE */
#define STPLR_FEAT_SEND_ASYNC	_BITULL(17)	/* STPLR_SEND_ASYNC */
/* Small replies are copied out by the sender (see STPLR_MSG_REPLY). */
#define STPLR_FEAT_REPLY_INLINE	_BITULL(18)
/* STPLR_SEND_ASYNC buffers messages above inline_max (async_max). */
#define STPLR_FEAT_ASYNC_LARGE	_BITULL(19)

/**
 * struct stplr_query - STPLR_IOC_QUERY: version, features and limits
 * @flags:       in, must be 0
 * @major:       out, STPLR_VERSION_MAJOR of the running module
 * @minor:       out
 * @patch:       out
 * @iov_max:     out, largest gather list (STPLR_IOV_MAX)
 * @features:    out, STPLR_FEAT_* bits the module supports
 * @ioctls:      out, bit N set when ioctl number N is supported
 * @max_msg_size: out, largest total length of one gather list
 * @max_channels: out, channels per context
 * @max_connections: out, connections per context
 * @max_queued:  out, messages queued on one channel at once
 * @max_pulses:  out, user pulses queued on one channel at once
 * @reserved:    out, zero
 *
 * The module fills every output field; the caller only sets @flags.
 */
struct stplr_query {
	__u64 flags;
	__u32 major;
	__u32 minor;
	__u32 patch;
	__u32 iov_max;
	__u64 features;
	__u64 ioctls;
	__u64 max_msg_size;
	__u32 max_channels;
	__u32 max_connections;
	__u32 max_queued;
	__u32 max_pulses;
	__u32 reserved[6];
};

/*
 * Channel flags.  The low bits have the values of QNX's _NTO_CHF_* flags.
 *
 * FIXED_PRIORITY  no priority inheritance: receivers keep their own
 *                 priority.  Without it, the receiver thread that will take
 *                 a message is raised to the sender's priority when the
 *                 message is sent (nice value for SCHED_OTHER senders,
 *                 policy and rt_priority for SCHED_FIFO/SCHED_RR ones),
 *                 never above it, and returns to its own priority when it
 *                 replies, errors, or receives again.
 * UNBLOCK         a REPLY-blocked sender hit by a signal or timeout is not
 *                 released: the channel gets a STPLR_PULSE_UNBLOCK pulse
 *                 whose value is the rcvid, and the sender stays blocked
 *                 until the server replies or errors (a fatal signal still
 *                 releases it).  SEND-blocked senders always leave at once.
 * THREAD_DEATH    a STPLR_PULSE_THREADDEATH pulse when a thread of the
 *                 owning context is killed (fatal signal) while blocked
 *                 receiving on this channel; value: its thread id in the
 *                 channel creator's pid namespace.  Nothing else sends it
 *                 (a killed sender does not).  It counts against
 *                 max_pulses and is not sent when that pool is full.
 * DISCONNECT      a STPLR_PULSE_DISCONNECT pulse (scoid: the client
 *                 context) when a client context's last connection to the
 *                 channel goes away (disconnect, close or exit).  At most
 *                 one per client context is pending: a context that
 *                 connects and disconnects again before the pulse was
 *                 received adds nothing.
 * COID_DISCONNECT a STPLR_PULSE_COIDDEATH pulse (value: the coid) on this
 *                 channel when a channel that one of this context's
 *                 connections points to is destroyed, once per
 *                 connection.  When a context has several such channels,
 *                 the newest gets the pulses (QNX expects one).
 * MODE            use @mode of struct stplr_channel_create, not 0600.
 */
#define STPLR_CHF_FIXED_PRIORITY	0x0001ULL
#define STPLR_CHF_UNBLOCK		0x0002ULL
#define STPLR_CHF_THREAD_DEATH		0x0004ULL
#define STPLR_CHF_DISCONNECT		0x0008ULL
#define STPLR_CHF_COID_DISCONNECT	0x0040ULL
#define STPLR_CHF_MODE			_BITULL(32)

/* Codes of the pulses the module sends itself (QNX _PULSE_CODE_*). */
#define STPLR_PULSE_UNBLOCK	(-32)
#define STPLR_PULSE_DISCONNECT	(-33)
#define STPLR_PULSE_THREADDEATH	(-34)
#define STPLR_PULSE_COIDDEATH	(-35)
/* Codes user pulses may carry. */
#define STPLR_PULSE_CODE_MIN	0
#define STPLR_PULSE_CODE_MAX	127

/**
 * struct stplr_channel_create - STPLR_IOC_CHANNEL_CREATE
 * @flags:    in, STPLR_CHF_* bits
 * @mode:     in, with STPLR_CHF_MODE: who may connect, as permission bits
 *            (0600 style; only the write bits 0222 are consulted).  The
 *            owner is the caller's effective uid and gid.  Without the
 *            flag the channel is 0600: same effective uid only.
 *            Bits outside 0777 give EINVAL.
 * @chid:     out, the channel id
 * @reserved: in, must be zero
 *
 * Fails with EMFILE when the context already has max_channels channels.
 * The chid is written before the channel can be reached by anybody, so a
 * failure to write it (EFAULT) leaves nothing behind.
 */
struct stplr_channel_create {
	__u64 flags;
	__u32 mode;
	__u32 chid;
	__u64 reserved[2];
};

/**
 * struct stplr_channel_destroy - STPLR_IOC_CHANNEL_DESTROY
 * @flags:    in, must be 0
 * @chid:     in, a channel of this context (ENOENT otherwise)
 * @reserved: in, must be zero
 *
 * Every sender queued or waiting for a reply on the channel fails with
 * ESRCH; threads blocked receiving on it fail with ESRCH.
 */
struct stplr_channel_destroy {
	__u64 flags;
	__u32 chid;
	__u32 reserved;
};

/* Connection flags. */
#define STPLR_CONNECT_SIDE_CHANNEL _BITULL(0)	/* coid >= STPLR_SIDE_CHANNEL */

/* Side-channel connection ids start here (QNX _NTO_SIDE_CHANNEL). */
#define STPLR_SIDE_CHANNEL	0x40000000

/**
 * struct stplr_connect - STPLR_IOC_CONNECT (QNX ConnectAttach)
 * @flags:    in, STPLR_CONNECT_* bits
 * @pid:      in, process that created the channel, in the caller's pid
 *            namespace; 0 means the caller's own process
 * @chid:     in, channel id: one of the claimed context of process @pid
 *            when it has one on this device (STPLR_IOC_CTX_CLAIM), else a
 *            device-wide id
 * @coid:     out, the connection id
 * @reserved: in, must be zero
 *
 * Fails with ESRCH when no such channel exists on this device or it is
 * being destroyed, EACCES when the channel's mode refuses the caller, and
 * EMFILE when the context already has max_connections connections.  The
 * coid is written before the connection can be used or detached, so a
 * failure to write it (EFAULT) leaves nothing behind.
 */
struct stplr_connect {
	__u64 flags;
	__u32 pid;
	__u32 chid;
	__u32 coid;
	__u32 reserved;
};

/**
 * struct stplr_disconnect - STPLR_IOC_DISCONNECT (QNX ConnectDetach)
 * @flags:    in, must be 0
 * @coid:     in, connection id (ENOENT when unknown)
 * @reserved: in, must be zero
 *
 * Threads of this context blocked sending on the connection are not
 * affected: they keep their own reference until they return.
 */
struct stplr_disconnect {
	__u64 flags;
	__u32 coid;
	__u32 reserved;
};

/**
 * struct stplr_msg_send - STPLR_MSG_SEND and STPLR_MSG_SEND_RECEIVE
 * @flags:      in, STPLR_F_TIMEOUT; STPLR_SEND_ASYNC (STPLR_MSG_SEND only)
 * @coid:       in, connection to send on
 * @n_send:     in, entries in @send_iov
 * @send_iov:   in, user address of the struct stplr_iov send list
 * @reply_iov:  in, user address of the reply list (SEND_RECEIVE only;
 *              must be 0 with n_reply 0 for STPLR_MSG_SEND)
 * @n_reply:    in, entries in @reply_iov
 * @reserved0:  in, must be zero
 * @timeout_ns: in, with STPLR_F_TIMEOUT: the longest time to stay blocked,
 *              send-blocked and reply-blocked together
 * @status:     out, the status the server passed to STPLR_MSG_REPLY
 * @reply_len:  out, bytes copied into the reply list
 * @reply_srclen: out, total length of the server's reply list
 * @reserved1:  in, must be zero
 *
 * STPLR_MSG_SEND_RECEIVE (QNX MsgSendv) blocks until a server replies
 * (the call returns 0 and fills the output fields) or fails the message
 * (the call fails with the server's errno, see STPLR_MSG_ERROR).
 *
 * STPLR_MSG_SEND is the one-way form: it blocks only until a server thread
 * has received the message, which the server sees with rcvid 0.
 *
 * STPLR_SEND_ASYNC (STPLR_MSG_SEND only, EINVAL otherwise;
 * STPLR_FEAT_SEND_ASYNC; issue 12) does not wait for a receiver: a message
 * of at most the "inline_max" module parameter (default 256 bytes) whose
 * pages are present is copied into the kernel, queued, and the call
 * returns 0 at once; the sender's buffers may be reused immediately.  The
 * message counts against the channel's max_queued (EAGAIN when full, as
 * for any send) and is charged to the sender's memory cgroup until a
 * server receives it; destroying the channel discards it.  Success means
 * "queued", not "received": a server that never receives never sees it.
 * A message whose pages are not present is sent as without the flag
 * (the call blocks until a server thread has it).  A larger message
 * (STPLR_FEAT_ASYNC_LARGE) is copied into the kernel too while the
 * channel's budget lasts: the "async_max" module parameter (default
 * 1 MiB) bounds the bytes that queued asynchronous messages above
 * inline_max hold per channel; past it the call blocks until a server
 * thread has the message, as a writer waits for a full pipe.
 * Without the flag nothing changed.
 *
 * Errors: ENOENT unknown coid; ESRCH the channel is gone or goes away
 * while the caller waits;
 * EAGAIN the channel's queue is full (max_queued); EFAULT the send or reply
 * list, or a buffer it names, is not accessible (for a reply list of at
 * most inline_max bytes this is found only when the reply arrives: the
 * kernel holds the reply and the sender's own call copies it out, so the
 * server's reply succeeded; issue 12); EINTR a signal arrived;
 * ETIMEDOUT the timeout expired.  After EINTR and ETIMEDOUT the server
 * can no longer read, write or reply to the message (ESRCH).
 */
struct stplr_msg_send {
	__u64 flags;
	__u32 coid;
	__u32 n_send;
	__u64 send_iov;
	__u64 reply_iov;
	__u32 n_reply;
	__u32 reserved0;
	__s64 timeout_ns;
	__s64 status;
	__u64 reply_len;
	__u64 reply_srclen;
	__u64 reserved1;
};

#define STPLR_SEND_ASYNC	_BITULL(1)

/* stplr_msg_info.flags */
#define STPLR_INFO_REPLY	_BITUL(0)	/* the sender waits for a reply */
#define STPLR_INFO_PULSE	_BITUL(1)	/* a pulse: see stplr_msg_receive.pulse */

/**
 * struct stplr_msg_info - who sent a received message (QNX _msg_info)
 * @pid:        sender's process id in the receiver's pid namespace, or 0
 *              when the sender is not visible there
 * @tid:        sender's thread id, likewise
 * @chid:       channel the message arrived on
 * @scoid:      server connection id: identifies the sending context,
 *              unique on the device while it exists
 * @coid:       the sender's connection id
 * @priority:   sender's effective priority when it sent, higher is more
 *              urgent: 19 - nice (0-39) for SCHED_OTHER and SCHED_BATCH,
 *              40 + rt_priority (41-139) for SCHED_FIFO and SCHED_RR
 * @flags:      STPLR_INFO_* bits
 * @reserved:   zero
 * @msglen:     bytes copied into the receive list
 * @srcmsglen:  total length of the sender's send list
 * @dstmsglen:  total length of the sender's reply list (0 for one-way)
 */
struct stplr_msg_info {
	__u32 pid;
	__u32 tid;
	__u32 chid;
	__u32 scoid;
	__u32 coid;
	__u32 priority;
	__u32 flags;
	__u32 reserved;
	__u64 msglen;
	__u64 srcmsglen;
	__u64 dstmsglen;
};

/**
 * struct stplr_pulse - a received pulse
 * @code:  the pulse code: STPLR_PULSE_CODE_MIN..MAX for user pulses, one of
 *         the negative STPLR_PULSE_* codes for the module's own
 * @value: the pulse value
 * @scoid: the sending context (the client context for DISCONNECT)
 * @reserved: zero
 */
struct stplr_pulse {
	__s32 code;
	__u32 value;
	__u32 scoid;
	__u32 reserved;
};

/**
 * struct stplr_msg_receive - STPLR_MSG_RECEIVE (QNX MsgReceivev)
 * @flags:      in, STPLR_F_TIMEOUT
 * @chid:       in, a channel of this context (ENOENT otherwise)
 * @n_iov:      in, entries in @iov
 * @iov:        in, user address of the receive list
 * @timeout_ns: in, with STPLR_F_TIMEOUT: the longest time to wait
 * @rcvid:      out, receive id to pass to REPLY/ERROR; 0 for a one-way
 *              message
 * @info:       out, the sender's details
 * @pulse:      out, the pulse when info.flags has STPLR_INFO_PULSE
 * @reserved:   in, must be zero
 *
 * Blocks until a message or pulse is queued on the channel, then copies a
 * message straight from the sender's buffers into the receive list.
 * Messages and pulses are taken in order of priority, then arrival.  A
 * pulse returns rcvid 0, STPLR_INFO_PULSE in info.flags, its priority in
 * info.priority and its contents in @pulse; nothing is written to the
 * receive list.  With STPLR_RECEIVE_PULSE_ONLY (QNX MsgReceivePulse)
 * messages are left queued and only pulses are taken.  Any number of threads may
 * receive on one channel; each message goes to exactly one of them.
 *
 * The thread that takes a message or pulse is the one a sender wakes (a
 * PULSE_ONLY receive is never given a message); without
 * STPLR_CHF_FIXED_PRIORITY it is raised to the sender's priority first.
 *
 * Errors: ENOENT unknown chid; ESRCH the channel was destroyed; EFAULT the
 * receive list or this struct is not accessible (the message or pulse
 * goes back to its place in the queue for another receive: nothing is
 * lost); EINTR; ETIMEDOUT.  A copy from a sender page that is not present
 * (swapped out, or held by a userfaultfd or a FUSE server) waits for it
 * at most until the timeout or a signal (EINTR, ETIMEDOUT; the message
 * goes back), and at most about a second: then the sender fails with
 * EFAULT.
 */
struct stplr_msg_receive {
	__u64 flags;
	__u32 chid;
	__u32 n_iov;
	__u64 iov;
	__s64 timeout_ns;
	__u64 rcvid;
	struct stplr_msg_info info;
	struct stplr_pulse pulse;
	__u64 reserved;
};

#define STPLR_RECEIVE_PULSE_ONLY	_BITULL(1)

/**
 * struct stplr_msg_reply - STPLR_MSG_REPLY and STPLR_MSG_ERROR
 * @flags:     in, must be 0
 * @rcvid:     in, a receive id of this context
 * @status:    in, REPLY: the value the sender's call returns in its status
 *             field; ERROR: an errno value from 1 to 4095 the sender's
 *             call fails with, except STPLR_ERROR_RESERVED_FIRST to
 *             STPLR_ERROR_RESERVED_LAST (the kernel's internal restart
 *             codes): EINVAL otherwise
 * @n_iov:     in, REPLY: entries in @iov; ERROR: must be 0
 * @reserved0: in, must be zero
 * @iov:       in, REPLY: user address of the reply list; ERROR: must be 0
 * @len:       out, REPLY: bytes copied into the sender's reply list
 * @reserved1: in, must be zero
 *
 * STPLR_MSG_REPLY (QNX MsgReplyv) copies the reply straight into the
 * blocked sender's reply list and wakes it; it never blocks waiting for
 * the sender.  STPLR_MSG_ERROR (QNX MsgError) wakes the sender with an
 * error and moves no data.  Either ends the rcvid.
 *
 * Errors: ESRCH the rcvid is not (or no longer) a message waiting for a
 * reply from this context, e.g. because the sender was interrupted, timed
 * out or died; EFAULT the reply list is not accessible (the rcvid stays
 * valid, so the server can still reply or fail it), or the sender's reply
 * list, larger than the inline_max module parameter, cannot be written
 * (the sender's call fails with EFAULT too and the rcvid ends).  A reply
 * to a sender whose reply list holds at most inline_max bytes (default
 * 256) is copied into the kernel and from there by the sender's own call,
 * so only the sender sees a fault in its own list, as QNX's MsgSend()
 * reports faults "on the receive or the reply".
 */
/* MSG_ERROR refuses these: the kernel-internal codes ERESTARTSYS and on. */
#define STPLR_ERROR_RESERVED_FIRST	512
#define STPLR_ERROR_RESERVED_LAST	529

struct stplr_msg_reply {
	__u64 flags;
	__u64 rcvid;
	__s64 status;
	__u32 n_iov;
	__u32 reserved0;
	__u64 iov;
	__u64 len;
	__u64 reserved1;
};

/**
 * struct stplr_msg_rw - STPLR_MSG_READ and STPLR_MSG_WRITE
 * @flags:     in, must be 0
 * @rcvid:     in, a received message waiting for its reply
 * @offset:    in, READ: first byte of the sender's send list to read;
 *             WRITE: first byte of the sender's reply list to write
 * @iov:       in, user address of the caller's own list: READ fills it,
 *             WRITE sends it
 * @n_iov:     in, entries in @iov
 * @reserved0: in, must be zero
 * @len:       out, bytes copied (0 at or past the end of the sender's list)
 * @reserved1: in, must be zero
 *
 * QNX MsgReadv and MsgWritev: any thread of the receiving context reads
 * more of a REPLY-blocked sender's message, or writes part of its reply,
 * directly between the two address spaces.  The message stays waiting for
 * STPLR_MSG_REPLY or STPLR_MSG_ERROR.  Errors as for STPLR_MSG_REPLY.
 */
struct stplr_msg_rw {
	__u64 flags;
	__u64 rcvid;
	__u64 offset;
	__u64 iov;
	__u32 n_iov;
	__u32 reserved0;
	__u64 len;
	__u64 reserved1;
};

/**
 * struct stplr_msg_pulse - STPLR_MSG_PULSE (QNX MsgSendPulse)
 * @flags:    in, STPLR_PULSE_F_PRIORITY to use @priority
 * @coid:     in, connection to send on
 * @priority: in, with STPLR_PULSE_F_PRIORITY: queue priority on the
 *            stplr_msg_info scale, at most the caller's own (EPERM above
 *            it unless CAP_SYS_NICE); otherwise the caller's priority
 * @code:     in, STPLR_PULSE_CODE_MIN..STPLR_PULSE_CODE_MAX
 * @value:    in, delivered as is
 * @reserved: in, must be zero
 *
 * Never blocks.  Fails with EAGAIN when the channel already holds
 * max_pulses user pulses, ESRCH when it is gone.
 */
struct stplr_msg_pulse {
	__u64 flags;
	__u32 coid;
	__u32 priority;
	__s32 code;
	__u32 value;
	__u64 reserved;
};

#define STPLR_PULSE_F_PRIORITY	_BITULL(0)

/* Longest channel name, with its terminating NUL. */
#define STPLR_NAME_MAX		64

/**
 * struct stplr_name - STPLR_IOC_NAME_ATTACH, _DETACH and _OPEN
 * @flags:    in, ATTACH/DETACH: must be 0; OPEN: STPLR_CONNECT_* bits
 * @chid:     in, ATTACH/DETACH: a channel of this context
 * @coid:     out, OPEN: the new connection
 * @name:     in, NUL-terminated, 1 to STPLR_NAME_MAX - 1 bytes, no '/'
 *            at either end and no "//", "." or ".." components
 * @owner_uid: ATTACH/DETACH: in, must be zero; OPEN: out (ignored on
 *            input), the effective uid of the channel's creator, in the
 *            caller's user namespace
 * @owner_pid: ATTACH/DETACH: in, must be zero; OPEN: out (ignored on
 *            input), the creator's process id in the caller's pid
 *            namespace, 0 when not visible there
 *
 * QNX name_attach/name_open without the resource manager.  Names live in
 * name spaces: ATTACH by a caller with CAP_SYS_ADMIN publishes in the
 * system's space (QNX: PROCMGR_AID_PATHSPACE), by anybody else in the
 * space of the caller's effective uid.  OPEN looks in the caller's own
 * uid's space first, then in the system's, so a name attached by another
 * unprivileged user is never reached, and nobody but a privileged process
 * can put a name in front of a system service.  ATTACH fails with EEXIST
 * when the name is taken in its space, EBUSY when the channel already has
 * a name, ENOENT when the channel is being destroyed; DETACH withdraws it;
 * destroying the channel withdraws it too.  OPEN connects to the channel
 * (ENOENT when none) with the permission check of STPLR_IOC_CONNECT, and
 * reports who created it, so a client can check it reached whom it meant
 * (STPLR_FEAT_NAME_OWNER).
 */
struct stplr_name {
	__u64 flags;
	__u32 chid;
	__u32 coid;
	char name[STPLR_NAME_MAX];
	__u32 owner_uid;
	__u32 owner_pid;
};

/**
 * struct stplr_channel_pollfd - STPLR_IOC_CHANNEL_POLLFD
 * @flags:    in, must be 0
 * @chid:     in, a channel of this context
 * @fd:       out, a new close-on-exec file descriptor
 * @reserved: in, must be zero
 *
 * The descriptor polls readable (EPOLLIN) while a message or pulse is
 * queued on the channel, and EPOLLHUP once the channel is destroyed, so a
 * server can wait in poll/epoll and then receive without blocking.  It
 * supports nothing else.
 */
struct stplr_channel_pollfd {
	__u64 flags;
	__u32 chid;
	__s32 fd;
	__u64 reserved;
};

/**
 * struct stplr_msg_event - STPLR_MSG_DELIVER_EVENT (QNX MsgDeliverEvent)
 * @flags:    in, STPLR_EVENT_F_PRIORITY to use @priority (pulses);
 *            STPLR_EVENT_F_SIGNAL for a signal instead of a pulse, with
 *            STPLR_EVENT_F_THREAD to send it to one thread (@tid)
 * @chid:     in, a channel of this context that the client is connected
 *            to (the stplr_msg_info.chid of a message from the client)
 * @scoid:    in, the client's context (stplr_msg_info.scoid)
 * @coid:     in, pulse: a connection of the *client's* context, the pulse
 *            is queued on the channel it points to
 * @signo:    in, F_SIGNAL (shares @coid's place, as QNX's sigev_signo
 *            shares sigev_coid's): the signal, 1 to 64
 * @priority: in, pulse with STPLR_EVENT_F_PRIORITY: queue priority on the
 *            stplr_msg_info scale, at most the caller's own (EPERM above
 *            it unless CAP_SYS_NICE); otherwise must be 0 and the
 *            caller's priority is used
 * @code:     in, pulse: STPLR_PULSE_CODE_MIN..STPLR_PULSE_CODE_MAX;
 *            F_SIGNAL: the si_code, STPLR_SIGNAL_CODE_MIN..0 except
 *            SI_TKILL (-6)
 * @value:    in, pulse: delivered as is; F_SIGNAL: must be 0
 * @sigval:   in, F_SIGNAL with a negative @code: the si_value (all 64
 *            bits; a 32-bit client sees the low 32); otherwise must be 0
 * @tid:      in, F_THREAD: the thread, as stplr_msg_info.tid reported it
 *            (a thread id in the caller's pid namespace); otherwise 0
 * @reserved: in, must be zero
 *
 * A server tells a client something later, when the client is not blocked
 * on it: a pulse with @code and @value is queued on the channel of the
 * client's connection @coid, as if the client had sent it there itself
 * (the receiver sees the client's scoid).  The client is named by the
 * channel it is connected to and its scoid, not by an rcvid, so a client
 * can be notified for as long as it keeps a connection to @chid, also
 * after its message was replied to (QNX allows MsgDeliverEvent() then).
 *
 * Only a server whose channel the client is connected to can deliver:
 * ESRCH when @chid is not a channel of this context or @scoid has no
 * connection to it (a client that has gone included); EBADF when @coid is
 * not a connection of the client (QNX: the connection was detached);
 * ESRCH when @coid's channel is destroyed; EAGAIN when that channel
 * already holds max_pulses user pulses (the pulse counts against it and
 * is charged to the caller); EPERM for a priority above the caller's.
 * Never blocks.
 *
 * Signals (STPLR_FEAT_EVENT_SIGNAL, QNX SIGEV_SIGNAL, SIGEV_SIGNAL_CODE,
 * SIGEV_SIGNAL_THREAD).  The receiver is the client context's *opener*:
 * the process (thread group) that opened the device file, held by a
 * struct pid reference for the context's life, so a pid reused after it
 * exited is never signalled (ESRCH once it has exited, even if a fork()
 * child still holds the context).  With F_THREAD the signal goes to the
 * thread @tid, which must belong to that process (ESRCH otherwise): the
 * sending thread of a message, as the server saw it in stplr_msg_info.
 * Without F_THREAD it is process-directed when @code is 0 (exactly
 * kill(2): si_code SI_USER, no value); with a negative @code the module
 * cannot queue a process-wide signal with a value, so it goes to the
 * first thread of the process that does not block it (the oldest thread
 * when all do) and stays pending for that thread.
 *
 * Permission: the client must be connected to @chid (as for pulses), and
 * the caller must be allowed to send the client a signal with kill(2): the
 * kernel's own check (same real or effective uid as the target's real or
 * saved uid, or CAP_KILL in its user namespace, and the LSM's verdict for
 * a null signal), made on the target with credentials that have not
 * changed until the signal is queued; EPERM otherwise.  Being connected is
 * not consent enough: a client may connect to a server of a less
 * privileged user, which must not be able to signal it.
 *
 * The siginfo: si_signo @signo, si_code @code, si_pid the caller's
 * process id and si_uid its real uid, as the client sees them, si_value
 * @sigval for a negative @code.  Memory is bounded by the kernel's own
 * rules: standard signals (below SIGRTMIN) do not queue, one is pending
 * at a time and later ones merge into it (the call still succeeds);
 * real-time signals with a negative @code queue up to the client's user's
 * RLIMIT_SIGPENDING, past it the call fails with EAGAIN; with @code 0
 * they merge past that limit, as kill(2)'s do.  A signal that the client
 * ignores is discarded, as with kill(2).  A client blocked in
 * STPLR_MSG_SEND_RECEIVE that catches the signal fails with EINTR (unless
 * the channel has STPLR_CHF_UNBLOCK and the message was received: then
 * the server gets the UNBLOCK pulse), as for any other signal.
 *
 * Errors for signals: EINVAL for @signo outside 1..64, a @code outside the
 * range, or a field that does not apply set (@value, @priority,
 * F_PRIORITY, @sigval with @code 0, @tid without F_THREAD, none with it);
 * ESRCH as for pulses, and when the process or thread is gone or @tid is
 * not a thread of it; EPERM as above; EAGAIN as above.  Never blocks.
 */
struct stplr_msg_event {
	__u64 flags;
	__u32 chid;
	__u32 scoid;
	union {
		__u32 coid;
		__u32 signo;
	};
	__u32 priority;
	__s32 code;
	__u32 value;
	__u64 sigval;
	__u32 tid;
	__u32 reserved;
};

#define STPLR_EVENT_F_PRIORITY	_BITULL(0)

/* Signals instead of pulses (STPLR_FEAT_EVENT_SIGNAL). */
#define STPLR_EVENT_F_SIGNAL	_BITULL(1)	/* deliver @signo, not a pulse */
#define STPLR_EVENT_F_THREAD	_BITULL(2)	/* to the thread @tid */
#define STPLR_SIGNAL_CODE_MIN	(-128)		/* QNX's SI_MINAVAIL */
/**
 * struct stplr_ctx_claim - STPLR_IOC_CTX_CLAIM: number channels per process
 * @flags:    in, must be 0
 * @reserved: in, must be zero
 *
 * Makes this context its process's QNX context on this device (the QNX
 * layer claims the context it opens).  A claimed context numbers its
 * channels from 1, the lowest free id of the context first (QNX takes a
 * chid from the process's channel vector), so a destroyed channel's id is
 * the next one given out; ids never exceed max_channels.  Contexts that
 * are not claimed keep device-wide ids.
 *
 * STPLR_IOC_CONNECT with (pid, chid): when @pid names a process that owns
 * a claimed context on this device, @chid is looked up in that context
 * only; otherwise among the device-wide ids.  The owner is the thread
 * group that opened the context and claimed it; the context keeps a
 * reference to it, not its number, so after the owner exited no process
 * that is given its pid number reaches the context's channels by (pid,
 * chid).  Another process that shares the file (fork(), SCM_RIGHTS) may
 * use the context as before, but may not claim it (EPERM) nor create
 * channels in it once claimed (EPERM): a claimed context's channels are
 * always its owner's.  Permission checks are the same for both numberings.
 * Every other chid (receive, destroy, poll fd, names, deliver event) is
 * one of the caller's own context, whatever its numbering.
 *
 * Errors: EINVAL unknown flags or non-zero reserved fields; EPERM the
 * caller did not open this context; EBUSY the context is already claimed,
 * already has channels, or the caller's process already owns a claimed
 * context on this device.  STPLR_FEAT_CTX_CHID.
 */
struct stplr_ctx_claim {
	__u64 flags;
	__u64 reserved[3];
};

/**
 * struct stplr_msg_reply_receive - STPLR_MSG_REPLY_RECEIVE
 * @flags:    in, STPLR_RR_ERROR: the reply half is STPLR_MSG_ERROR
 * @failed:   out, 0 on success; on failure the step that failed:
 *            STPLR_RR_FAILED_REPLY or STPLR_RR_FAILED_RECEIVE, or 0 when
 *            @flags or @reserved was wrong (ignored on input)
 * @reserved: in, must be zero
 * @reply:    the reply half, exactly as for STPLR_MSG_REPLY (or
 *            STPLR_MSG_ERROR with STPLR_RR_ERROR); reply.len is written.
 *            reply.rcvid 0 means "nothing to reply": the call only
 *            receives, and reply.status, n_iov and iov must be 0 and
 *            STPLR_RR_ERROR clear.
 * @receive:  the receive half, exactly as for STPLR_MSG_RECEIVE, on the
 *            channel receive.chid; its outputs are written.
 *
 * A server loop in one system call per message (the reply to the last
 * message, then the receive of the next), like binder's
 * BINDER_WRITE_READ and seL4's ReplyRecv.
 *
 * Both halves are checked before anything happens: bad flags, reserved
 * fields, lists or an unknown receive.chid fail the call with EINVAL,
 * E2BIG, EFAULT or ENOENT, with @failed set to STPLR_RR_FAILED_REPLY or
 * STPLR_RR_FAILED_RECEIVE for the half that was wrong, and nothing is
 * replied or received.  Then the reply is made.  **If the reply fails**
 * (ESRCH: the sender left; EFAULT: the reply list is not accessible, the
 * rcvid stays valid), the call fails with that errno, @failed is
 * STPLR_RR_FAILED_REPLY, and *no receive is attempted*.  Once the reply
 * succeeded it stands: reply.len is written, and a failure of the receive
 * (EINTR for any signal, ETIMEDOUT, ESRCH the channel was destroyed,
 * EFAULT) fails the call with @failed set to STPLR_RR_FAILED_RECEIVE; the
 * caller must not reply to the old rcvid again.  When the struct itself
 * cannot be written the call fails with EFAULT; it writes @failed first,
 * so a read-only struct fails before anything is done.
 */
struct stplr_msg_reply_receive {
	__u64 flags;
	__u32 failed;
	__u32 reserved;
	struct stplr_msg_reply reply;
	struct stplr_msg_receive receive;
};

#define STPLR_RR_ERROR		_BITULL(0)

#define STPLR_RR_FAILED_REPLY	1
#define STPLR_RR_FAILED_RECEIVE	2

#define STPLR_IOC_QUERY		_IOWR(STPLR_IOC_MAGIC, 0x00, struct stplr_query)
#define STPLR_IOC_CHANNEL_CREATE _IOWR(STPLR_IOC_MAGIC, 0x08, struct stplr_channel_create)
#define STPLR_IOC_CHANNEL_DESTROY _IOW(STPLR_IOC_MAGIC, 0x09, struct stplr_channel_destroy)
#define STPLR_IOC_CONNECT	_IOWR(STPLR_IOC_MAGIC, 0x10, struct stplr_connect)
#define STPLR_IOC_DISCONNECT	_IOW(STPLR_IOC_MAGIC, 0x11, struct stplr_disconnect)
#define STPLR_MSG_SEND		_IOWR(STPLR_IOC_MAGIC, 0x18, struct stplr_msg_send)
#define STPLR_MSG_SEND_RECEIVE	_IOWR(STPLR_IOC_MAGIC, 0x19, struct stplr_msg_send)
#define STPLR_MSG_RECEIVE	_IOWR(STPLR_IOC_MAGIC, 0x1a, struct stplr_msg_receive)
#define STPLR_MSG_REPLY		_IOWR(STPLR_IOC_MAGIC, 0x1b, struct stplr_msg_reply)
#define STPLR_MSG_ERROR		_IOW(STPLR_IOC_MAGIC, 0x1c, struct stplr_msg_reply)
#define STPLR_MSG_READ		_IOWR(STPLR_IOC_MAGIC, 0x1d, struct stplr_msg_rw)
#define STPLR_MSG_WRITE		_IOWR(STPLR_IOC_MAGIC, 0x1e, struct stplr_msg_rw)
#define STPLR_MSG_PULSE		_IOW(STPLR_IOC_MAGIC, 0x1f, struct stplr_msg_pulse)
#define STPLR_IOC_NAME_ATTACH	_IOW(STPLR_IOC_MAGIC, 0x20, struct stplr_name)
#define STPLR_IOC_NAME_DETACH	_IOW(STPLR_IOC_MAGIC, 0x21, struct stplr_name)
#define STPLR_IOC_NAME_OPEN	_IOWR(STPLR_IOC_MAGIC, 0x22, struct stplr_name)
#define STPLR_IOC_CHANNEL_POLLFD _IOWR(STPLR_IOC_MAGIC, 0x0a, struct stplr_channel_pollfd)
#define STPLR_MSG_DELIVER_EVENT	_IOW(STPLR_IOC_MAGIC, 0x23, struct stplr_msg_event)
/* chid: per-process channel numbering (0x01: a context command, like QUERY) */
#define STPLR_IOC_CTX_CLAIM	_IOW(STPLR_IOC_MAGIC, 0x01, struct stplr_ctx_claim)
/* issue 12 (the message path) */
#define STPLR_MSG_REPLY_RECEIVE	_IOWR(STPLR_IOC_MAGIC, 0x30, struct stplr_msg_reply_receive)

#endif /* _UAPI_LINUX_STPLR_H */
