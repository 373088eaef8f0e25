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

/*
 * Fill the tables with the default handlers (iofunc_*_default), for
 * @nconnect and @nio entries (_RESMGR_CONNECT_NFUNCS, _RESMGR_IO_NFUNCS).
 */
extern void iofunc_func_init(unsigned nconnect,
			     resmgr_connect_funcs_t *connect_funcs,
			     unsigned nio, resmgr_io_funcs_t *io_funcs);

/*
 * Initialise @attr: @mode (S_IFCHR | 0666 ...; no type bits means
 * S_IFREG), owner from @dattr or the process's effective ids (@info is
 * not used), times now, one link, no mount.
 */
extern void iofunc_attr_init(iofunc_attr_t *attr, mode_t mode,
			     iofunc_attr_t *dattr, struct _client_info *info);

/* Lock / unlock @attr (see above).  Return EOK. */
extern int iofunc_attr_lock(iofunc_attr_t *attr);
extern int iofunc_attr_unlock(iofunc_attr_t *attr);

/* Set the times the attribute's flags mark as changed.  Return EOK. */
extern int iofunc_time_update(iofunc_attr_t *attr);

/* Fill @stat from @attr.  Return EOK. */
extern int iofunc_stat(resmgr_context_t *ctp, iofunc_attr_t *attr,
		       struct stat *stat);

/*
 * Check an open request against @attr (file type; @dattr and @info
 * unused).  Return EOK or an errno value (EINVAL: bad ioflag).
 */
extern int iofunc_open(resmgr_context_t *ctp, io_open_t *msg,
		       iofunc_attr_t *attr, iofunc_attr_t *dattr,
		       struct _client_info *info);

/*
 * Allocate an OCB (unless @ocb is given), fill it from @msg and @attr,
 * count it in @attr and bind it to the client's connection.  Return EOK
 * or an errno value (ENOMEM, EBUSY).
 */
extern int iofunc_ocb_attach(resmgr_context_t *ctp, io_open_t *msg,
			     iofunc_ocb_t *ocb, iofunc_attr_t *attr,
			     const resmgr_io_funcs_t *io_funcs);

/* Uncount @ocb from its attribute.  Return the IOFUNC_OCB_* flags. */
extern int iofunc_ocb_detach(resmgr_context_t *ctp, iofunc_ocb_t *ocb);

/* Allocate / free a zeroed plain OCB. */
extern iofunc_ocb_t *iofunc_ocb_calloc(resmgr_context_t *ctp,
				       iofunc_attr_t *attr);
extern void iofunc_ocb_free(iofunc_ocb_t *ocb);

/*
 * Check a read/write request against the OCB's open mode.  Store in
 * *@nonblock (when not NULL) whether the client does not want to block
 * (O_NONBLOCK or _IO_XFLAG_NONBLOCK).  Return EOK or EBADF.
 */
extern int iofunc_read_verify(resmgr_context_t *ctp, io_read_t *msg,
			      iofunc_ocb_t *ocb, int *nonblock);
extern int iofunc_write_verify(resmgr_context_t *ctp, io_write_t *msg,
			       iofunc_ocb_t *ocb, int *nonblock);

/* The default handlers iofunc_func_init() installs. */
extern int iofunc_open_default(resmgr_context_t *ctp, io_open_t *msg,
			       iofunc_attr_t *attr, void *extra);
extern int iofunc_read_default(resmgr_context_t *ctp, io_read_t *msg,
			       iofunc_ocb_t *ocb);
extern int iofunc_write_default(resmgr_context_t *ctp, io_write_t *msg,
				iofunc_ocb_t *ocb);
extern int iofunc_stat_default(resmgr_context_t *ctp, io_stat_t *msg,
			       iofunc_ocb_t *ocb);
extern int iofunc_lseek_default(resmgr_context_t *ctp, io_lseek_t *msg,
				iofunc_ocb_t *ocb);
/* DCMD_ALL_GETFLAGS / DCMD_ALL_SETFLAGS; _RESMGR_DEFAULT for others. */
extern int iofunc_devctl_default(resmgr_context_t *ctp, io_devctl_t *msg,
				 iofunc_ocb_t *ocb);
extern int iofunc_close_dup_default(resmgr_context_t *ctp, io_close_t *msg,
				    iofunc_ocb_t *ocb);
extern int iofunc_close_ocb_default(resmgr_context_t *ctp, void *reserved,
				    iofunc_ocb_t *ocb);
/* Returns _RESMGR_DEFAULT: the blocked client is released with EINTR. */
extern int iofunc_unblock_default(resmgr_context_t *ctp, io_pulse_t *msg,
				  iofunc_ocb_t *ocb);

/* <sys/dcmd_all.h> commands served by iofunc_devctl_default(). */
#define DCMD_ALL_GETFLAGS	((int)((sizeof(int) << 16) + (1 << 8) + 1 + 0x40000000u))
#define DCMD_ALL_SETFLAGS	((int)((sizeof(int) << 16) + (1 << 8) + 2 + 0x80000000u))

#ifdef __cplusplus
}
#endif

#endif /* STPLR_QNX_SYS_IOFUNC_H */
