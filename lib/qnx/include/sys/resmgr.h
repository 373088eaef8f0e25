/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/resmgr.h> for Linux (libstplr QNX compatibility layer): the
 * resource-manager layer.  A resource manager takes over a path with
 * resmgr_attach() and serves the I/O messages (<sys/iomsg.h>) its clients
 * cause, through handler tables usually filled by iofunc_func_init()
 * (<sys/iofunc.h>) and a dispatch loop (<sys/dispatch.h>).
 *
 * DOC: two ways in, one server
 *
 * resmgr_attach() of "/dev/NAME" makes the manager reachable two ways:
 *  - by any Linux program through the path: a CUSE character device
 *    /dev/NAME (libfuse3, the kernel's cuse module) whose open, read,
 *    write, ioctl, poll and close become _IO_CONNECT, _IO_READ, _IO_WRITE,
 *    _IO_DEVCTL and _IO_CLOSE messages sent to the manager's own channel
 *    by bridge threads inside the manager, so that the handlers run in
 *    the manager's dispatch loop exactly as for a QNX client;
 *  - by QNX clients through stapler: the path without its leading '/'
 *    ("dev/NAME") is the channel's stapler name, so name_open("dev/NAME",
 *    0) connects and MsgSend() of _IO_* messages or devctl() on that
 *    connection reach the same handlers.  name_open() sends no
 *    _IO_CONNECT: the first I/O message of a connection without an open
 *    file opens the named path for reading and writing (the open handler
 *    runs); after _IO_CLOSE the connection's messages fail with EBADF.
 * See docs/resmgr.md for which way a ported client takes and the costs.
 *
 * What differs from QNX:
 *  - There is no process manager path space: only "/dev/NAME" paths get a
 *    node (CUSE), and only when the process may open /dev/cuse (root) and
 *    the library was built with libfuse3 (not in 32-bit builds).  Other
 *    paths, or a failing CUSE, leave the manager reachable by name only;
 *    resmgr_attach() fails only when neither way works.  Paths must be
 *    absolute, with at most 62 bytes after the '/'.
 *  - Only the first resmgr_attach() of a channel gets the stapler name
 *    (a channel has one name); the others are reached through CUSE, or by
 *    an _IO_CONNECT whose path names them.
 *  - Through CUSE: lseek and stat are not passed on (the kernel handles
 *    them for the node); poll() reports the node always readable and
 *    writable; read() and write() offsets are the OCB's (the manager's),
 *    not the file position.  An ioctl number is a dcmd with the direction
 *    bits swapped (<devctl.h>).
 *  - The bridge uses one real-time signal, SIGRTMAX - 2 (STPLR_RESMGR_SIGNAL),
 *    to interrupt its own threads; the library installs a no-op handler
 *    for it when the program has none.
 *  - The values of _RESMGR_NOREPLY and _RESMGR_DEFAULT are this library's
 *    own (source compatible, not binary compatible).
 *  - resmgr_attr_t.flags, other_func and the attach @flags are accepted
 *    and ignored, except _RESMGR_FLAG_DIR which fails with ENOTSUP.
 */
#ifndef STPLR_QNX_SYS_RESMGR_H
#define STPLR_QNX_SYS_RESMGR_H

#include <limits.h>
#include <signal.h>
#include <sys/types.h>

#include <sys/dispatch.h>
#include <sys/iomsg.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef RESMGR_HANDLE_T
#define RESMGR_HANDLE_T		void
#endif
#ifndef RESMGR_OCB_T
#define RESMGR_OCB_T		void
#endif

/* The signal the CUSE bridge interrupts its threads with. */
#define STPLR_RESMGR_SIGNAL	(SIGRTMAX - 2)

/* What a handler returns (besides EOK or an errno value). */
#define _RESMGR_NOREPLY		INT_MAX		/* the handler replies itself */
#define _RESMGR_DEFAULT		(INT_MAX - 1)	/* the library's default: ENOSYS */
#define _RESMGR_ERRNO(_err)	(_err)
#define _RESMGR_NPARTS(_n)	(-(int)(_n))	/* reply with ctp->iov[0.._n-1] */
#define _RESMGR_PTR(_ctp, _addr, _len)					\
	(SETIOV((_ctp)->iov, (_addr), (_len)), _RESMGR_NPARTS(1))
#define _RESMGR_STATUS(_ctp, _status)	((_ctp)->status = (_status))

/* resmgr_attach() flags. */
#define _RESMGR_FLAG_BEFORE	0x0001
#define _RESMGR_FLAG_AFTER	0x0002
#define _RESMGR_FLAG_DIR	0x0004
#define _RESMGR_FLAG_OPAQUE	0x0008
#define _RESMGR_FLAG_FTYPEONLY	0x0010
#define _RESMGR_FLAG_SELF	0x0080

/* resmgr_detach() flags. */
#define _RESMGR_DETACH_ALL	0x0000
#define _RESMGR_DETACH_PATHNAME	0x0001
#define _RESMGR_DETACH_CLOSE	0x0002

/**
 * struct _resmgr_attr - options of resmgr_attach()
 * @flags:        accepted, ignored
 * @nparts_max:   most reply parts a handler uses (ctp->iov)
 * @msg_max_size: receive buffer size (at least sizeof(resmgr_iomsgs_t))
 * @other_func:   accepted, ignored
 * @reserved:     0
 */
typedef struct _resmgr_attr {
	unsigned flags;
	unsigned nparts_max;
	unsigned msg_max_size;
	int (*other_func)(resmgr_context_t *ctp, void *msg);
	unsigned reserved[4];
} resmgr_attr_t;

/* Connect handlers; only open is called (the others: ENOSYS). */
typedef struct _resmgr_connect_funcs {
	unsigned nfuncs;
	int (*open)(resmgr_context_t *ctp, io_open_t *msg,
		    RESMGR_HANDLE_T *handle, void *extra);
	int (*unlink)(resmgr_context_t *ctp, io_open_t *msg,
		      RESMGR_HANDLE_T *handle, void *reserved);
	int (*rename)(resmgr_context_t *ctp, io_open_t *msg,
		      RESMGR_HANDLE_T *handle, void *extra);
	int (*mknod)(resmgr_context_t *ctp, io_open_t *msg,
		     RESMGR_HANDLE_T *handle, void *reserved);
	int (*readlink)(resmgr_context_t *ctp, io_open_t *msg,
			RESMGR_HANDLE_T *handle, void *reserved);
	int (*link)(resmgr_context_t *ctp, io_open_t *msg,
		    RESMGR_HANDLE_T *handle, void *extra);
	int (*unblock)(resmgr_context_t *ctp, io_pulse_t *msg,
		       RESMGR_HANDLE_T *handle, void *reserved);
	int (*mount)(resmgr_context_t *ctp, io_open_t *msg,
		     RESMGR_HANDLE_T *handle, void *extra);
} resmgr_connect_funcs_t;
#define _RESMGR_CONNECT_NFUNCS	8

/*
 * I/O handlers, in QNX's order.  Called: read, write, close_ocb, stat,
 * devctl, unblock, lseek, msg, close_dup; the others are in the table for
 * source compatibility and their messages get ENOSYS.
 */
typedef struct _resmgr_io_funcs {
	unsigned nfuncs;
	int (*read)(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb);
	int (*write)(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb);
	int (*close_ocb)(resmgr_context_t *ctp, void *reserved,
			 RESMGR_OCB_T *ocb);
	int (*stat)(resmgr_context_t *ctp, io_stat_t *msg, RESMGR_OCB_T *ocb);
	int (*notify)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*devctl)(resmgr_context_t *ctp, io_devctl_t *msg,
		      RESMGR_OCB_T *ocb);
	int (*unblock)(resmgr_context_t *ctp, io_pulse_t *msg,
		       RESMGR_OCB_T *ocb);
	int (*pathconf)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*lseek)(resmgr_context_t *ctp, io_lseek_t *msg, RESMGR_OCB_T *ocb);
	int (*chmod)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*chown)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*utime)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*openfd)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*fdinfo)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*lock)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*space)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*shutdown)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*mmap)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*msg)(resmgr_context_t *ctp, io_msg_t *msg, RESMGR_OCB_T *ocb);
	int (*reserved)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*dup)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*close_dup)(resmgr_context_t *ctp, io_close_t *msg,
			 RESMGR_OCB_T *ocb);
	int (*lock_ocb)(resmgr_context_t *ctp, void *reserved,
			RESMGR_OCB_T *ocb);
	int (*unlock_ocb)(resmgr_context_t *ctp, void *reserved,
			  RESMGR_OCB_T *ocb);
	int (*sync)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*power)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
} resmgr_io_funcs_t;
#define _RESMGR_IO_NFUNCS	26

/**
 * resmgr_attach() - take over a path for a resource manager
 * @dpp: the dispatch handle
 * @attr: sizes (resmgr_attr_t), or NULL
 * @path: the path to take over, e.g. "/dev/NAME"
 * @file_type: the kind of file (_FTYPE_ANY); accepted, not used
 * @flags: _RESMGR_FLAG_* bits
 * @connect_funcs: the connect handlers (referenced, keep it alive)
 * @io_funcs: the I/O handlers (referenced, keep it alive)
 * @handle: passed to the connect handlers (usually an iofunc_attr_t)
 *
 * "/dev/NAME" gets a CUSE node (mode from an iofunc attribute given as
 * @handle, else 0666); the path without its leading '/' becomes the
 * channel's stapler name (first attach of a channel only).  @attr may be
 * NULL (1 part, 2048 bytes).  @flags: _RESMGR_FLAG_*; _RESMGR_FLAG_DIR
 * is not supported.
 *
 * Return: the attach id; -1 with errno set (EINVAL, ENAMETOOLONG, ENOTSUP, EEXIST:
 * /dev/NAME exists, ENOMEM, or why neither way in could be set up).
 */
extern int resmgr_attach(dispatch_t *dpp, resmgr_attr_t *attr,
			 const char *path, enum _file_type file_type,
			 unsigned flags,
			 const resmgr_connect_funcs_t *connect_funcs,
			 const resmgr_io_funcs_t *io_funcs,
			 RESMGR_HANDLE_T *handle);

/**
 * resmgr_detach() - withdraw a resmgr_attach()
 * @dpp: the dispatch handle
 * @id: an id returned by resmgr_attach()
 * @flags: _RESMGR_DETACH_* (accepted)
 *
 * The node and name go away; open files keep their OCBs until closed,
 * and their other requests fail with EBADF.
 *
 * Return: 0; -1 with errno set (EINVAL).
 */
extern int resmgr_detach(dispatch_t *dpp, int id, unsigned flags);

/**
 * resmgr_context_alloc() - allocate a resource-manager context block
 * @dpp: the dispatch handle
 *
 * As dispatch_context_alloc().
 *
 * Return: the context; NULL with errno set.
 */
extern resmgr_context_t *resmgr_context_alloc(dispatch_t *dpp);

/**
 * resmgr_context_free() - free a resmgr_context_alloc() context
 * @ctp: the context block of the calling thread
 */
extern void resmgr_context_free(resmgr_context_t *ctp);

/**
 * resmgr_block() - wait for a message
 * @ctp: the context block of the calling thread
 *
 * As dispatch_block().
 *
 * Return: @ctp; NULL with errno set.
 */
extern resmgr_context_t *resmgr_block(resmgr_context_t *ctp);

/**
 * resmgr_handler() - serve a received message
 * @ctp: the context block of the calling thread
 *
 * As dispatch_handler().
 *
 * Return: 0; -1 when nothing handled it.
 */
extern int resmgr_handler(resmgr_context_t *ctp);

/**
 * resmgr_msgread() - read more of the current message
 * @ctp: the context block of the calling thread
 * @msg: the buffer to fill
 * @nbytes: number of bytes
 * @offset: byte offset, see the description
 *
 * @offset counts from the start of the message (ctp->offset added).
 *
 * Return: bytes copied; -1 with errno set.
 */
extern ssize_t resmgr_msgread(resmgr_context_t *ctp, void *msg, size_t nbytes,
			      size_t offset);

/**
 * resmgr_msgreadv() - read more of the current message into a gather list
 * @ctp: the context block of the calling thread
 * @iov: gather list
 * @parts: entries in @iov
 * @offset: byte offset, see the description
 *
 * @offset counts from the start of the message (ctp->offset added).
 *
 * Return: bytes copied; -1 with errno set.
 */
extern ssize_t resmgr_msgreadv(resmgr_context_t *ctp, const iov_t *iov,
			       int parts, size_t offset);

/**
 * resmgr_msgwrite() - write into the client's reply buffers
 * @ctp: the context block of the calling thread
 * @msg: the data
 * @nbytes: number of bytes
 * @offset: byte offset, see the description
 *
 * Before replying; @offset counts from the start of the reply.
 *
 * Return: bytes copied; -1 with errno set.
 */
extern ssize_t resmgr_msgwrite(resmgr_context_t *ctp, const void *msg,
			       size_t nbytes, size_t offset);

/**
 * resmgr_msgwritev() - write a gather list into the client's reply buffers
 * @ctp: the context block of the calling thread
 * @iov: gather list
 * @parts: entries in @iov
 * @offset: byte offset, see the description
 *
 * Before replying; @offset counts from the start of the reply.
 *
 * Return: bytes copied; -1 with errno set.
 */
extern ssize_t resmgr_msgwritev(resmgr_context_t *ctp, const iov_t *iov,
				int parts, size_t offset);

/**
 * resmgr_msgreply() - reply to the current message
 * @ctp: the context block of the calling thread
 * @msg: the reply data
 * @len: bytes of @msg
 *
 * The status is ctp->status.
 *
 * Return: 0; -1 with errno set (ESRCH: the client is gone).
 */
extern int resmgr_msgreply(resmgr_context_t *ctp, void *msg, size_t len);

/**
 * resmgr_msgreplyv() - reply to the current message with a gather list
 * @ctp: the context block of the calling thread
 * @iov: gather list
 * @parts: entries in @iov
 *
 * The status is ctp->status.
 *
 * Return: 0; -1 with errno set.
 */
extern int resmgr_msgreplyv(resmgr_context_t *ctp, iov_t *iov, int parts);

/**
 * resmgr_open_bind() - bind an OCB to the current client connection
 * @ctp: the context block of the calling thread
 * @ocb: the OCB
 * @io_funcs: its handlers, or NULL for the attach's
 *
 * Called by open handlers (iofunc_ocb_attach() does it): the
 * connection's later I/O messages reach @io_funcs with @ocb.
 *
 * Return: 0; -1 with errno set (EINVAL, EBUSY: the connection has an OCB, ENOMEM).
 */
extern int resmgr_open_bind(resmgr_context_t *ctp, void *ocb,
			    const resmgr_io_funcs_t *io_funcs);

/**
 * resmgr_ocb() - the OCB of the current message's connection
 * @ctp: the context block of the calling thread
 *
 * Return: the OCB, or NULL.
 */
extern void *resmgr_ocb(resmgr_context_t *ctp);

#ifdef __cplusplus
}
#endif

#endif /* STPLR_QNX_SYS_RESMGR_H */
