/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/dispatch.h> for Linux (libstplr QNX compatibility layer): publish a
 * channel under a name and connect to it by name.
 *
 *	server:	name_attach_t *att = name_attach(NULL, "myserver", 0);
 *		... MsgReceive(att->chid, ...) ...
 *		name_detach(att, 0);
 *	client:	int coid = name_open("myserver", 0);
 *		... MsgSend(coid, ...) ...
 *		name_close(coid);
 *
 * Names live in the stapler device of the process-wide context (see
 * <sys/neutrino.h>): /dev/stplr-0 unless STPLR_DEVICE says otherwise.
 * name_open() only connects: like current QNX for local names (QNX 6.3
 * to 6.5 sent an _IO_CONNECT message; 6.6 and later send it only through
 * the global name service, gns), the server sees no message, so servers
 * that handle only their own message types work, and servers that also
 * answer _IO_CONNECT work as well (they never receive one from here).
 *
 * The dispatch layer (dispatch_create(), dispatch_block(),
 * dispatch_handler(), message_attach(), pulse_attach(), select_attach())
 * and thread pools are declared below; resource managers add
 * <sys/iofunc.h> and <sys/resmgr.h> (see docs/resmgr.md).
 *
 * What differs from QNX:
 *  - name_attach() does not use a dispatch handle: @dpp must be NULL
 *    (EINVAL otherwise) and the returned name_attach_t has dpp NULL and
 *    mntid 0.  The channel is created with
 *    _NTO_CHF_DISCONNECT | _NTO_CHF_COID_DISCONNECT | _NTO_CHF_UNBLOCK,
 *    as QNX does, so the server gets those pulses.
 *  - Names are not paths in the file system: there is no /dev/name/local
 *    or /dev/name/global directory to open() or ls.  A name is 1 to 63
 *    bytes (ENAMETOOLONG beyond); '/' may separate components, but not at
 *    either end, and "", "." and ".." components are refused (EINVAL).
 *    A leading "/dev/name/local/" or "/dev/name/global/" is NOT removed.
 *  - NAME_FLAG_ATTACH_GLOBAL is accepted by name_attach() and name_open()
 *    and means the same as local: a name is visible to every process
 *    using the same stapler device, and there is no network.
 *  - A channel admits connections from the same effective uid only (see
 *    ChannelCreate() in <sys/neutrino.h>), so name_open() from another
 *    user fails with EACCES.
 *  - name_detach() withdraws the name and destroys the channel; with
 *    NAME_FLAG_DETACH_SAVEDPP only the name is withdrawn and the channel
 *    stays (QNX keeps the dispatch handle, which owns the channel).
 *  - name_close() is ConnectDetach(); no _IO_CLOSE message is sent.
 */
#ifndef STPLR_QNX_SYS_DISPATCH_H
#define STPLR_QNX_SYS_DISPATCH_H

#include <pthread.h>

#include <sys/neutrino.h>
#include <sys/iomsg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The dispatch handle (opaque): dispatch_create() makes one. */
typedef struct _dispatch dispatch_t;

/* name_attach() / name_open() flags. */
#define NAME_FLAG_ATTACH_GLOBAL		0x00000001
/* name_detach() flags. */
#define NAME_FLAG_DETACH_SAVEDPP	0x00000002

/**
 * struct _name_attach - a published name (name_attach_t)
 * @dpp:   the dispatch handle: always NULL here
 * @chid:  the channel to MsgReceive() on
 * @mntid: the resource manager's mount id: always 0 here
 * @zero:  0
 */
typedef struct _name_attach {
	dispatch_t *dpp;
	int chid;
	int mntid;
	int zero[2];
} name_attach_t;

/**
 * name_attach() - create a channel and publish it under a name
 * @dpp:   must be NULL (there is no dispatch layer)
 * @path:  the name (see the rules above)
 * @flags: 0 or NAME_FLAG_ATTACH_GLOBAL (same as local here)
 *
 * Return: the new name_attach_t (release it with name_detach()), or NULL
 * with errno set: EINVAL (bad @path, a @dpp, unknown flags),
 * ENAMETOOLONG, EEXIST (the name is taken), ENOMEM, or the errors of
 * ChannelCreate().
 */
extern name_attach_t *name_attach(dispatch_t *dpp, const char *path,
				  unsigned flags);

/**
 * name_detach() - withdraw a name and destroy its channel
 * @attach: what name_attach() returned; freed
 * @flags:  0, or NAME_FLAG_DETACH_SAVEDPP to keep the channel
 *
 * Return: 0; -1 with errno set (EINVAL for a NULL @attach or unknown
 * flags).
 */
extern int name_detach(name_attach_t *attach, unsigned flags);

/**
 * name_open() - connect to the channel published under a name
 * @name:  the name
 * @flags: 0 or NAME_FLAG_ATTACH_GLOBAL (same as local here)
 *
 * No message is sent to the server (see above).
 *
 * Return: the connection id; -1 with errno set: ENOENT (no such name),
 * EACCES, EINVAL, ENAMETOOLONG, EMFILE.
 */
extern int name_open(const char *name, int flags);

/**
 * name_close() - close a name_open() connection
 * @coid: the connection
 *
 * ConnectDetach(); no message is sent.
 *
 * Return: 0; -1 with errno set (EINVAL for an unknown @coid).
 */
extern int name_close(int coid);

/* ------------------------------------------------------------------ */
/* The dispatch layer                                                  */
/* ------------------------------------------------------------------ */
/*
 * What differs from QNX in the dispatch layer:
 *  - One receive loop serves everything attached to a dispatch handle:
 *    resource managers (resmgr_attach()), message types
 *    (message_attach()), pulse codes (pulse_attach()) and descriptors
 *    (select_attach(), through poll() on the channel's stapler poll
 *    descriptor, stplr_channel_pollfd()).
 *  - _PULSE_CODE_UNBLOCK without a pulse_attach() handler fails the
 *    message it names with EINTR; _PULSE_CODE_DISCONNECT closes every
 *    open file (OCB) of the departed client, then calls a handler
 *    attached to that code.
 *  - DISPATCH_FLAG_NOLOCK is accepted and has no effect.
 *  - The channel of dispatch_create() is created with _NTO_CHF_UNBLOCK |
 *    _NTO_CHF_DISCONNECT and admits clients of the same effective uid
 *    (ChannelCreate()); the CUSE node of a resource manager is the way in
 *    for other users.
 *  - dispatch_block() and dispatch_handler() of several threads on one
 *    handle are safe; select_attach() descriptors are best served by one
 *    thread.
 */

/* Flags of dispatch_create_channel(). */
#define DISPATCH_FLAG_NOLOCK	0x00000001

/*
 * Everything a resource manager can receive, overlaid on one buffer
 * (ctp->msg).  Every member starts with the 16-bit message type.
 */
typedef union _resmgr_iomsgs {
	uint16_t type;
	struct _pulse pulse;
	struct _io_connect connect;
	struct _io_read read;
	struct _io_write write;
	struct _io_close close;
	struct _io_stat stat;
	struct _io_lseek lseek;
	struct _io_devctl devctl;
	struct _io_msg msg;
} resmgr_iomsgs_t;

/**
 * struct _resmgr_context - the context block of one receiving thread
 * @rcvid:        the received message's rcvid (0 for a pulse)
 * @info:         its sender's details (MsgReceive())
 * @msg:          the receive buffer (msg_max_size bytes)
 * @dpp:          the dispatch handle
 * @id:           the resmgr_attach() id, message_attach() range or
 *                select descriptor being served
 * @tid:          the thread's Linux tid
 * @msg_max_size: size of @msg
 * @status:       the reply status of a handler (_IO_SET_READ_NBYTES())
 * @offset:       where the current message starts in the sender's data
 * @size:         bytes of it received in @msg
 * @iov:          reply parts for _RESMGR_NPARTS() (nparts_max of them)
 */
struct _resmgr_context {
	int rcvid;
	struct _msg_info info;
	resmgr_iomsgs_t *msg;
	dispatch_t *dpp;
	int id;
	unsigned tid;
	unsigned msg_max_size;
	int status;
	int offset;
	int size;
	iov_t iov[1];
};
typedef struct _resmgr_context resmgr_context_t;
typedef struct _resmgr_context message_context_t;
typedef struct _resmgr_context select_context_t;

/* What dispatch_block() and dispatch_handler() work on. */
typedef union _dispatch_context {
	resmgr_context_t resmgr_context;
	message_context_t message_context;
	select_context_t select_context;
} dispatch_context_t;

/**
 * dispatch_create() - create a dispatch handle with a new channel
 *
 * The channel is created with _NTO_CHF_UNBLOCK | _NTO_CHF_DISCONNECT
 * and destroyed by dispatch_destroy().
 *
 * Return: the handle; NULL with errno set (ENOMEM, the errors of
 * ChannelCreate()).
 */
extern dispatch_t *dispatch_create(void);

/**
 * dispatch_create_channel() - create a dispatch handle on a channel
 * @chid: a channel of this process, or -1 for a new one
 * @flags: flags, see the description
 *
 * @flags: DISPATCH_FLAG_NOLOCK or 0 (no effect).  A channel the caller
 * gives stays the caller's; a new one (@chid -1) is the handle's.
 *
 * Return: the handle; NULL with errno set (EINVAL for unknown @flags,
 * ENOMEM, the errors of ChannelCreate()).
 */
extern dispatch_t *dispatch_create_channel(int chid, unsigned flags);

/**
 * dispatch_destroy() - destroy a dispatch handle
 * @dpp: the dispatch handle
 *
 * Detaches its resource managers (their CUSE nodes go away), frees
 * what was attached and destroys its own channel.  No thread may use
 * @dpp any more.
 *
 * Return: 0; -1 with errno set (EINVAL for NULL).
 */
extern int dispatch_destroy(dispatch_t *dpp);

/**
 * dispatch_context_alloc() - allocate the context block of one thread
 * @dpp: the dispatch handle
 *
 * Sized for the largest nparts_max and msg_max_size attached so far:
 * attach first.
 *
 * Return: the context; NULL with errno set (EINVAL, ENOMEM).
 */
extern dispatch_context_t *dispatch_context_alloc(dispatch_t *dpp);

/**
 * dispatch_context_free() - free a context of dispatch_context_alloc()
 * @ctp: the context block of the calling thread
 */
extern void dispatch_context_free(dispatch_context_t *ctp);

/**
 * dispatch_block() - wait for a message, a pulse or a ready descriptor
 * @ctp: the context block of the calling thread
 *
 * Fills @ctp (rcvid, info, msg) for dispatch_handler().
 *
 * Return: @ctp; NULL with errno set (EINTR when interrupted, the errors of
 * MsgReceive()).
 */
extern dispatch_context_t *dispatch_block(dispatch_context_t *ctp);

/**
 * dispatch_handler() - serve what dispatch_block() received
 * @ctp: the context block of the calling thread
 *
 * Calls the handler attached for it: message_attach() types,
 * pulse_attach() codes, select_attach() descriptors, resource-manager
 * I/O messages.  A message nobody handles is failed with ENOSYS, a short
 * one with EBADMSG.
 *
 * Return: 0; -1 when nothing was attached for it.
 */
extern int dispatch_handler(dispatch_context_t *ctp);

/**
 * dispatch_unblock() - wake the thread blocked with a context
 * @ctp: the context block of the calling thread
 *
 * Its dispatch_block() fails with EINTR.  Used as a thread pool's
 * unblock_func by thread_pool_destroy().
 */
extern void dispatch_unblock(dispatch_context_t *ctp);

/* message_attach() / pulse_attach() flags. */
#define MSG_FLAG_ALLOC_PULSE	0x00000001	/* pulse_attach(): pick a free code */
#define MSG_FLAG_TYPE_PULSE	0x00000002	/* message_attach(): @low..@high are pulse codes */
#define MSG_FLAG_DEFAULT_FUNC	0x00000100	/* accepted, no effect */

/**
 * struct _message_attr - options of message_attach()
 * @flags:        MSG_FLAG_*
 * @nparts_max:   reply parts the handlers need
 * @msg_max_size: receive buffer the handlers need
 * @reserved:     0
 */
typedef struct _message_attr {
	unsigned flags;
	unsigned nparts_max;
	unsigned msg_max_size;
	unsigned reserved[3];
} message_attr_t;

/**
 * message_attach() - call a function for a range of message types
 * @dpp: the dispatch handle
 * @attr: options (message_attr_t), or NULL
 * @low: the first message type (or pulse code)
 * @high: the last message type (or pulse code)
 * @func: the handler to call
 * @handle: passed to @func as is
 *
 * The handler gets (ctp, type, 0, @handle) and replies itself
 * (MsgReply(ctp->rcvid, ...)).  @attr may be NULL; its flags may hold
 * MSG_FLAG_TYPE_PULSE (then @low..@high are pulse codes).  Types
 * 0x100-0x1FF are the resource managers' I/O messages.
 *
 * Return: 0; -1 with errno set (EINVAL: bad range, overlap, NULL @func; ENOMEM).
 */
extern int message_attach(dispatch_t *dpp, message_attr_t *attr, int low,
			  int high,
			  int (*func)(message_context_t *ctp, int code,
				      unsigned flags, void *handle),
			  void *handle);

/**
 * message_detach() - remove a message_attach() range
 * @dpp: the dispatch handle
 * @low: the first message type (or pulse code)
 * @high: ignored
 * @flags: flags, see the description
 *
 * @flags: MSG_FLAG_TYPE_PULSE for a pulse range.
 *
 * Return: 0; -1 with errno set (EINVAL: no such range).
 */
extern int message_detach(dispatch_t *dpp, int low, int high, int flags);

/**
 * pulse_attach() - call a function for a pulse code
 * @dpp: the dispatch handle
 * @flags: flags, see the description
 * @code: a pulse code
 * @func: the handler to call
 * @handle: passed to @func as is
 *
 * With MSG_FLAG_ALLOC_PULSE in @flags a free code in
 * _PULSE_CODE_MINAVAIL.._PULSE_CODE_MAXAVAIL is chosen.  Kernel codes
 * (_PULSE_CODE_UNBLOCK, _PULSE_CODE_DISCONNECT) may be attached too.
 *
 * Return: the code; -1 with errno set (EINVAL, EBUSY: code taken, EAGAIN: none
 * free, ENOMEM).
 */
extern int pulse_attach(dispatch_t *dpp, int flags, int code,
			int (*func)(message_context_t *ctp, int code,
				    unsigned flags, void *handle),
			void *handle);

/* message_connect() flags. */
#define MSG_FLAG_SIDE_CHANNEL	0x00000004

/**
 * message_connect() - connect to a dispatch handle's channel
 * @dpp: the dispatch handle
 * @flags: flags, see the description
 *
 * For pulses to oneself (a ticker thread, a timer's sigevent).
 * @flags: MSG_FLAG_SIDE_CHANNEL or 0.
 *
 * Return: the coid; -1 with errno set.
 */
extern int message_connect(dispatch_t *dpp, int flags);

/**
 * pulse_detach() - remove a pulse_attach() code
 * @dpp: the dispatch handle
 * @code: a pulse code
 * @flags: 0
 *
 * Return: 0; -1 with errno set (EINVAL).
 */
extern int pulse_detach(dispatch_t *dpp, int code, int flags);

/* select_attach() flags, also passed to the handler as what is ready. */
#define SELECT_FLAG_READ	0x00000001
#define SELECT_FLAG_WRITE	0x00000002
#define SELECT_FLAG_EXCEPT	0x00000004
#define SELECT_FLAG_REARM	0x00000008
#define SELECT_FLAG_SRVEXCEPT	0x00000010

typedef struct _select_attr {
	unsigned flags;
	unsigned reserved[3];
} select_attr_t;

/**
 * select_attach() - call a function when a descriptor is ready
 * @dpp: the dispatch handle
 * @attr: options; not used, may be NULL
 * @fd: a file descriptor
 * @flags: flags, see the description
 * @func: the handler to call
 * @handle: passed to @func as is
 *
 * @flags: SELECT_FLAG_READ, _WRITE, _EXCEPT, and SELECT_FLAG_REARM to
 * stay attached after the first call.  dispatch_block() then waits in
 * poll() on the channel's stapler poll descriptor and these.
 *
 * Return: 0; -1 with errno set (EINVAL, EBUSY: @fd attached already, ENOMEM: more
 * than 63).
 */
extern int select_attach(dispatch_t *dpp, select_attr_t *attr, int fd,
			 unsigned flags,
			 int (*func)(select_context_t *ctp, int fd,
				     unsigned flags, void *handle),
			 void *handle);

/**
 * select_detach() - remove a select_attach() descriptor
 * @dpp: the dispatch handle
 * @fd: a file descriptor
 *
 * Return: 0; -1 with errno set (EINVAL).
 */
extern int select_detach(dispatch_t *dpp, int fd);

/* ------------------------------------------------------------------ */
/* Thread pools                                                        */
/* ------------------------------------------------------------------ */
/*
 * What differs from QNX: threads are POSIX threads (@attr is used as
 * given); a thread leaves when more than @hi_water threads are blocked.
 * A pool whose block_func and handler_func are the library's own
 * (dispatch_block or resmgr_block, dispatch_handler or resmgr_handler)
 * sends the answer the library makes for a message (a handler's return
 * value) with the receive of the next one, in one system call when the
 * module has STPLR_MSG_REPLY_RECEIVE; a thread that leaves sends it
 * first.  Answers a handler sends itself (MsgReply()) go out at once, and
 * so does everything in a program's own dispatch_block() and
 * dispatch_handler() loop.
 */
#ifndef THREAD_POOL_HANDLE_T
#define THREAD_POOL_HANDLE_T	dispatch_t
#endif
#ifndef THREAD_POOL_PARAM_T
#define THREAD_POOL_PARAM_T	dispatch_context_t
#endif

typedef struct _thread_pool thread_pool_t;

/**
 * struct _thread_pool_attr - a thread pool (QNX's thread_pool_attr_t)
 * @handle:        passed to @context_alloc
 * @block_func:    waits for work (dispatch_block)
 * @unblock_func:  wakes a blocked thread (dispatch_unblock), optional
 * @handler_func:  does the work (dispatch_handler)
 * @context_alloc: one context per thread (dispatch_context_alloc)
 * @context_free:  (dispatch_context_free), optional
 * @attr:          pthread attributes of the threads, optional
 * @lo_water:      fewest threads blocked waiting; below it, more start
 * @increment:     how many start at a time
 * @hi_water:      most threads blocked waiting; above it, they leave
 * @maximum:       most threads in all
 * @reserved:      0
 */
typedef struct _thread_pool_attr {
	THREAD_POOL_HANDLE_T *handle;
	THREAD_POOL_PARAM_T *(*block_func)(THREAD_POOL_PARAM_T *ctp);
	void (*unblock_func)(THREAD_POOL_PARAM_T *ctp);
	int (*handler_func)(THREAD_POOL_PARAM_T *ctp);
	THREAD_POOL_PARAM_T *(*context_alloc)(THREAD_POOL_HANDLE_T *handle);
	void (*context_free)(THREAD_POOL_PARAM_T *ctp);
	pthread_attr_t *attr;
	unsigned short lo_water;
	unsigned short increment;
	unsigned short hi_water;
	unsigned short maximum;
	unsigned reserved[8];
} thread_pool_attr_t;

/* thread_pool_create() flags: what thread_pool_start() does to its caller. */
#define POOL_FLAG_EXIT_SELF	0x00000001	/* the caller exits (pthread_exit) */
#define POOL_FLAG_USE_SELF	0x00000002	/* the caller joins the pool */

/**
 * thread_pool_create() - create a thread pool
 * @pool_attr: the pool's description (copied)
 * @flags: flags, see the description
 *
 * No thread starts yet.  @flags: POOL_FLAG_USE_SELF (the caller of
 * thread_pool_start() joins the pool) or POOL_FLAG_EXIT_SELF (it exits).
 *
 * Return: the pool; NULL with errno set (EINVAL: missing functions,
 * lo_water > hi_water, maximum 0; ENOMEM).
 */
extern thread_pool_t *thread_pool_create(thread_pool_attr_t *pool_attr,
					 unsigned flags);

/**
 * thread_pool_start() - start a thread pool
 * @pool: the pool
 *
 * Starts lo_water threads (at least one).  More start, @increment at a
 * time up to @maximum, when fewer than lo_water wait; threads beyond
 * hi_water waiting leave.
 *
 * Return: EOK; -1 with errno set.  With POOL_FLAG_USE_SELF it returns only after
 * thread_pool_destroy().
 */
extern int thread_pool_start(void *pool);

/**
 * thread_pool_destroy() - stop and free a thread pool
 * @pool: the pool
 *
 * Wakes each thread with unblock_func (or the library's signal) until
 * all have left.
 *
 * Return: EOK; -1 with errno set (EINVAL).
 */
extern int thread_pool_destroy(thread_pool_t *pool);

#ifdef __cplusplus
}
#endif

#endif /* STPLR_QNX_SYS_DISPATCH_H */
