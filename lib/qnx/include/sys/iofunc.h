/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/iofunc.h> for Linux (libstplr QNX compatibility layer): the POSIX
 * layer of resource managers: attributes (iofunc_attr_t), open control
 * blocks (iofunc_ocb_t), the default handlers iofunc_*_default() and the
 * checks iofunc_*_verify().
 *
 * Extended structures are declared as on QNX, before the include:
 *
 *	struct my_ocb { iofunc_ocb_t hdr; int extra; };
 *	#define IOFUNC_OCB_T struct my_ocb
 *	#include <sys/iofunc.h>
 *
 * The extended structure must start with the plain one.  An OCB is
 * allocated by iofunc_ocb_calloc() (sizeof(iofunc_ocb_t)) unless the
 * attribute's mount (attr->mount->funcs->ocb_calloc/ocb_free) says
 * otherwise.
 *
 * What differs from QNX:
 *  - iofunc_open()/iofunc_open_default() do not check the client's
 *    credentials against the attribute's mode: the CUSE node's own mode
 *    (set from the attribute by resmgr_attach()) and the stapler channel's
 *    same-uid rule decide who gets in.
 *  - The library locks the attribute (iofunc_attr_lock()) around every
 *    I/O handler and the open handler, so thread-pool managers need no
 *    lock of their own for it; the lock is a process-wide recursive
 *    mutex chosen by the attribute's address.
 *  - iofunc_read_default() replies 0 bytes (end of file) and
 *    iofunc_write_default() takes every byte, like /dev/null.
 *  - Functions take the plain iofunc_attr_t / iofunc_ocb_t: pass an
 *    extended structure's first member (or cast), as on QNX.
 *  - No notify, lock, mmap, chmod, chown, utime, space support.
 */
#ifndef STPLR_QNX_SYS_IOFUNC_H
#define STPLR_QNX_SYS_IOFUNC_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <time.h>

#include <sys/neutrino.h>
#include <sys/iomsg.h>
#include <sys/dispatch.h>

#ifndef IOFUNC_ATTR_T
#define IOFUNC_ATTR_T	struct _iofunc_attr
#endif
#ifndef IOFUNC_OCB_T
#define IOFUNC_OCB_T	struct _iofunc_ocb
#endif
#ifndef IOFUNC_MOUNT_T
#define IOFUNC_MOUNT_T	struct _iofunc_mount
#endif
#ifndef RESMGR_HANDLE_T
#define RESMGR_HANDLE_T	IOFUNC_ATTR_T
#endif
#ifndef RESMGR_OCB_T
#define RESMGR_OCB_T	IOFUNC_OCB_T
#endif

/* Declared before <sys/resmgr.h> uses them in its handler tables. */
struct _iofunc_attr;
struct _iofunc_ocb;
struct _iofunc_mount;
struct _client_info;

#include <sys/resmgr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* OCB allocation hooks of a mount (iofunc_mount_t.funcs). */
typedef struct _iofunc_funcs {
	unsigned nfuncs;
	IOFUNC_OCB_T *(*ocb_calloc)(resmgr_context_t *ctp, IOFUNC_ATTR_T *attr);
	void (*ocb_free)(IOFUNC_OCB_T *ocb);
} iofunc_funcs_t;
#define _IOFUNC_NFUNCS	2

/* A mount: shared by the attributes of one file system. */
typedef struct _iofunc_mount {
	uint32_t flags;
	uint32_t conf;
	dev_t dev;
	int32_t blocksize;
	iofunc_funcs_t *funcs;
	void *reserved[4];
} iofunc_mount_t;

/* iofunc_attr_t.flags: what changed and needs a time update. */
#define IOFUNC_ATTR_CTIME	0x00000002
#define IOFUNC_ATTR_MTIME	0x00000004
#define IOFUNC_ATTR_ATIME	0x00000008
#define IOFUNC_ATTR_DIRTY_SIZE	0x00000010
#define IOFUNC_ATTR_DIRTY_MODE	0x00000020
#define IOFUNC_ATTR_DIRTY_TIME	0x00000100

/**
 * struct _iofunc_attr - the attributes of a resource (iofunc_attr_t)
 * @mount:      the mount, or NULL
 * @flags:      IOFUNC_ATTR_*
 * @lock_tid:   unused (0)
 * @lock_count: unused (0)
 * @count:      open files (OCBs)
 * @rcount:     of them, open for reading
 * @wcount:     of them, open for writing
 * @rlocks:     unused
 * @wlocks:     unused
 * @mmap_list:  unused
 * @lock_list:  unused
 * @list:       unused
 * @list_size:  unused
 * @nbytes:     size of the resource (what lseek(SEEK_END) uses)
 * @inode:      inode number for stat
 * @uid:        owner
 * @gid:        group
 * @mtime:      modification time
 * @atime:      access time
 * @ctime:      change time
 * @mode:       type and permission bits (S_IFCHR | 0666 ...)
 * @nlink:      link count
 * @rdev:       device number for stat
 */
typedef struct _iofunc_attr {
	IOFUNC_MOUNT_T *mount;
	uint32_t flags;
	int32_t lock_tid;
	uint16_t lock_count;
	uint16_t count;
	uint16_t rcount;
	uint16_t wcount;
	uint16_t rlocks;
	uint16_t wlocks;
	void *mmap_list;
	void *lock_list;
	void *list;
	uint32_t list_size;
	off_t nbytes;
	ino_t inode;
	uid_t uid;
	gid_t gid;
	time_t mtime;
	time_t atime;
	time_t ctime;
	mode_t mode;
	nlink_t nlink;
	dev_t rdev;
} iofunc_attr_t;

/**
 * struct _iofunc_ocb - an open file (iofunc_ocb_t)
 * @attr:     the resource's attributes
 * @ioflag:   open mode: _IO_FLAG_RD / _IO_FLAG_WR plus O_* flags
 * @offset:   file position (read, write and lseek handlers move it)
 * @sflag:    share flags
 * @flags:    IOFUNC_OCB_* (library use)
 * @reserved: library use
 */
typedef struct _iofunc_ocb {
	IOFUNC_ATTR_T *attr;
	int32_t ioflag;
	off_t offset;
	uint16_t sflag;
	uint16_t flags;
	void *reserved;
} iofunc_ocb_t;

/**
 * iofunc_func_init() - fill handler tables with the defaults
 * @nconnect: entries of @connect_funcs to fill (_RESMGR_CONNECT_NFUNCS)
 * @connect_funcs: the connect table to fill
 * @nio: entries of @io_funcs to fill (_RESMGR_IO_NFUNCS)
 * @io_funcs: the I/O table to fill
 *
 * Every entry the library calls gets its iofunc_*_default() handler;
 * the others are NULL (their messages get ENOSYS).
 */
extern void iofunc_func_init(unsigned nconnect,
			     resmgr_connect_funcs_t *connect_funcs,
			     unsigned nio, resmgr_io_funcs_t *io_funcs);

/**
 * iofunc_attr_init() - initialise an attribute structure
 * @attr: the attribute structure
 * @mode: type and permission bits (S_IFCHR | 0666...)
 * @dattr: a parent attribute to take the owner from, or NULL
 * @info: client information; not used, may be NULL
 *
 * No type bits in @mode means S_IFREG.  Owner from @dattr or the
 * process's effective ids; times now; one link; no mount.
 */
extern void iofunc_attr_init(iofunc_attr_t *attr, mode_t mode,
			     iofunc_attr_t *dattr, struct _client_info *info);

/**
 * iofunc_attr_lock() - lock an attribute
 * @attr: the attribute structure
 *
 * A process-wide recursive mutex chosen by the address; the library
 * takes it around every handler.
 *
 * Return: EOK.
 */
extern int iofunc_attr_lock(iofunc_attr_t *attr);

/**
 * iofunc_attr_unlock() - unlock an attribute
 * @attr: the attribute structure
 *
 * Return: EOK.
 */
extern int iofunc_attr_unlock(iofunc_attr_t *attr);

/**
 * iofunc_time_update() - set the times an attribute's flags mark
 * @attr: the attribute structure
 *
 * Return: EOK.
 */
extern int iofunc_time_update(iofunc_attr_t *attr);

/**
 * iofunc_stat() - fill a struct stat from an attribute
 * @ctp: the context block of the calling thread
 * @attr: the attribute structure
 * @stat: out, the status to fill
 *
 * Return: EOK.
 */
extern int iofunc_stat(resmgr_context_t *ctp, iofunc_attr_t *attr,
		       struct stat *stat);

/**
 * iofunc_open() - check an open request against an attribute
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @attr: the attribute structure
 * @dattr: a parent attribute to take the owner from, or NULL
 * @info: client information; not used, may be NULL
 *
 * No credential check (see the header's differences).
 *
 * Return: EOK, ENOENT (no attribute) or ENOTDIR.
 */
extern int iofunc_open(resmgr_context_t *ctp, io_open_t *msg,
		       iofunc_attr_t *attr, iofunc_attr_t *dattr,
		       struct _client_info *info);

/**
 * iofunc_ocb_attach() - set up an OCB for the current open request
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the OCB, or NULL to allocate one
 * @attr: the attribute structure
 * @io_funcs: its handlers, or NULL for the attach's
 *
 * Allocates one (mount hooks or iofunc_ocb_calloc()) when @ocb is NULL,
 * fills it from @msg and @attr, counts it in @attr and binds it to the
 * client's connection.
 *
 * Return: EOK or an errno value (ENOMEM, EBUSY).
 */
extern int iofunc_ocb_attach(resmgr_context_t *ctp, io_open_t *msg,
			     iofunc_ocb_t *ocb, iofunc_attr_t *attr,
			     const resmgr_io_funcs_t *io_funcs);

/**
 * iofunc_ocb_detach() - uncount an OCB from its attribute
 * @ctp: the context block of the calling thread
 * @ocb: the open control block of the client's open file
 *
 * Return: 0.
 */
extern int iofunc_ocb_detach(resmgr_context_t *ctp, iofunc_ocb_t *ocb);

/**
 * iofunc_ocb_calloc() - allocate a zeroed plain OCB
 * @ctp: the context block of the calling thread
 * @attr: the attribute structure
 *
 * Return: the OCB, or NULL.
 */
extern iofunc_ocb_t *iofunc_ocb_calloc(resmgr_context_t *ctp,
				       iofunc_attr_t *attr);

/**
 * iofunc_ocb_free() - free an OCB of iofunc_ocb_calloc()
 * @ocb: the open control block of the client's open file
 */
extern void iofunc_ocb_free(iofunc_ocb_t *ocb);

/**
 * iofunc_read_verify() - check a read request against the open mode
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 * @nonblock: out, optional: whether the client does not want to block
 *
 * Return: EOK, or EBADF when the file is not open for reading.
 */
extern int iofunc_read_verify(resmgr_context_t *ctp, io_read_t *msg,
			      iofunc_ocb_t *ocb, int *nonblock);

/**
 * iofunc_write_verify() - check a write request against the open mode
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 * @nonblock: out, optional: whether the client does not want to block
 *
 * Return: EOK, or EBADF when the file is not open for writing.
 */
extern int iofunc_write_verify(resmgr_context_t *ctp, io_write_t *msg,
			       iofunc_ocb_t *ocb, int *nonblock);

/**
 * iofunc_open_default() - the default open handler
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @attr: the attribute structure
 * @extra: extra data of the connect message; not used
 *
 * iofunc_open() then iofunc_ocb_attach().
 *
 * Return: EOK or an errno value.
 */
extern int iofunc_open_default(resmgr_context_t *ctp, io_open_t *msg,
			       iofunc_attr_t *attr, void *extra);

/**
 * iofunc_read_default() - the default read handler
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 *
 * Replies 0 bytes (end of file), as /dev/null.
 *
 * Return: EOK, EBADF, or ENOSYS for an extended type.
 */
extern int iofunc_read_default(resmgr_context_t *ctp, io_read_t *msg,
			       iofunc_ocb_t *ocb);

/**
 * iofunc_write_default() - the default write handler
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 *
 * Takes every byte, as /dev/null.
 *
 * Return: EOK, EBADF, or ENOSYS for an extended type.
 */
extern int iofunc_write_default(resmgr_context_t *ctp, io_write_t *msg,
				iofunc_ocb_t *ocb);

/**
 * iofunc_stat_default() - the default stat handler
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 *
 * Replies iofunc_stat() of the OCB's attribute.
 *
 * Return: _RESMGR_NPARTS(1).
 */
extern int iofunc_stat_default(resmgr_context_t *ctp, io_stat_t *msg,
			       iofunc_ocb_t *ocb);

/**
 * iofunc_lseek_default() - the default lseek handler
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 *
 * Moves ocb->offset (SEEK_END: from attr->nbytes) and replies it.
 *
 * Return: _RESMGR_NPARTS(1), or EINVAL.
 */
extern int iofunc_lseek_default(resmgr_context_t *ctp, io_lseek_t *msg,
				iofunc_ocb_t *ocb);

/**
 * iofunc_devctl_default() - the default devctl handler
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 *
 * Serves DCMD_ALL_GETFLAGS and DCMD_ALL_SETFLAGS.
 *
 * Return: a reply, or _RESMGR_DEFAULT for other commands.
 */
extern int iofunc_devctl_default(resmgr_context_t *ctp, io_devctl_t *msg,
				 iofunc_ocb_t *ocb);

/**
 * iofunc_close_dup_default() - the default close handler
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 *
 * Return: EOK.
 */
extern int iofunc_close_dup_default(resmgr_context_t *ctp, io_close_t *msg,
				    iofunc_ocb_t *ocb);

/**
 * iofunc_close_ocb_default() - the default OCB release
 * @ctp: the context block of the calling thread
 * @reserved: not used (NULL)
 * @ocb: the open control block of the client's open file
 *
 * iofunc_ocb_detach() then frees the OCB (mount hook or
 * iofunc_ocb_free()).
 *
 * Return: EOK.
 */
extern int iofunc_close_ocb_default(resmgr_context_t *ctp, void *reserved,
				    iofunc_ocb_t *ocb);

/**
 * iofunc_unblock_default() - the default unblock handler
 * @ctp: the context block of the calling thread
 * @msg: the received message
 * @ocb: the open control block of the client's open file
 *
 * Return: _RESMGR_DEFAULT: the blocked client is released with EINTR.
 */
extern int iofunc_unblock_default(resmgr_context_t *ctp, io_pulse_t *msg,
				  iofunc_ocb_t *ocb);

/* <sys/dcmd_all.h> commands served by iofunc_devctl_default(). */
#define DCMD_ALL_GETFLAGS	((int)((sizeof(int) << 16) + (1 << 8) + 1 + 0x40000000u))
#define DCMD_ALL_SETFLAGS	((int)((sizeof(int) << 16) + (1 << 8) + 2 + 0x80000000u))

#ifdef __cplusplus
}
#endif

#endif /* STPLR_QNX_SYS_IOFUNC_H */
