/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/iomsg.h> for Linux (libstplr QNX compatibility layer): the message
 * types and headers of the QNX I/O protocol, as far as a server written
 * with name_attach() and a MsgReceive() loop needs them.
 *
 * A QNX server that publishes a name receives, besides its own messages,
 * an _IO_CONNECT message from every name_open() (see <sys/dispatch.h>),
 * which it must answer with MsgReply(rcvid, EOK, NULL, 0); any other
 * message of the range _IO_BASE.._IO_MAX is a file-system request the
 * server does not implement and is usually failed with ENOSYS.  Servers
 * therefore keep their own message types outside 0 (which is a pulse's
 * type, _PULSE_TYPE) and _IO_BASE.._IO_MAX, and overlay every kind of
 * message on one receive buffer, all starting with a 16-bit type:
 *
 *	typedef union {
 *		uint16_t type;			// _PULSE_TYPE, _IO_*, or own
 *		struct _pulse pulse;		// rcvid 0
 *		struct _io_connect connect;	// from name_open()
 *		struct my_msg mine;		// uint16_t type first
 *	} msg_t;
 *
 * The request and reply structures of the messages a resource manager
 * (<sys/resmgr.h>, <sys/iofunc.h>) handles have QNX's layouts: _IO_READ,
 * _IO_WRITE, _IO_STAT, _IO_DEVCTL, _IO_LSEEK, _IO_CLOSE, _IO_MSG, with
 * the io_*_t unions handlers receive.
 *
 * What differs from QNX:
 *  - Only the definitions below exist: no _io_notify, _io_lock, _io_mmap,
 *    _io_space, _io_chmod... structures.  Sizes are those of QNX 7
 *    (32-bit nbytes in _io_read/_io_write, no *64 variants).
 *  - name_open() sends an _IO_CONNECT / _IO_CONNECT_OPEN with ioflag
 *    _IO_FLAG_RD | _IO_FLAG_WR, file_type 0 (_FTYPE_ANY) and an empty
 *    path; no _IO_CLOSE follows name_close().  The resource-manager
 *    library's CUSE bridge (docs/resmgr.md) sends the others.
 */
#ifndef STPLR_QNX_SYS_IOMSG_H
#define STPLR_QNX_SYS_IOMSG_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/stat.h>

#include <sys/neutrino.h>

/* I/O message types (struct _io_connect.type, struct _io_msg.type...). */
#define _IO_BASE		0x100
#define _IO_CONNECT		0x100
#define _IO_READ		0x101
#define _IO_WRITE		0x102
#define _IO_RSVD_CLOSE_OCB	0x103
#define _IO_STAT		0x104
#define _IO_NOTIFY		0x105
#define _IO_DEVCTL		0x106
#define _IO_RSVD_UNBLOCK	0x107
#define _IO_PATHCONF		0x108
#define _IO_LSEEK		0x109
#define _IO_CHMOD		0x10A
#define _IO_CHOWN		0x10B
#define _IO_UTIME		0x10C
#define _IO_OPENFD		0x10D
#define _IO_FDINFO		0x10E
#define _IO_LOCK		0x10F
#define _IO_SPACE		0x110
#define _IO_SHUTDOWN		0x111
#define _IO_MMAP		0x112
#define _IO_MSG			0x113
#define _IO_RSVD		0x114
#define _IO_DUP			0x115
#define _IO_CLOSE		0x116
#define _IO_SYNC		0x119
#define _IO_POWER		0x11A
#define _IO_MAX			0x1FF

/* struct _io_connect.subtype */
#define _IO_CONNECT_COMBINE		0
#define _IO_CONNECT_COMBINE_CLOSE	1
#define _IO_CONNECT_OPEN		2
#define _IO_CONNECT_UNLINK		3
#define _IO_CONNECT_RENAME		4
#define _IO_CONNECT_MKNOD		5
#define _IO_CONNECT_READLINK		6
#define _IO_CONNECT_LINK		7
#define _IO_CONNECT_RSVD_UNBLOCK	8
#define _IO_CONNECT_MOUNT		9

/* struct _io_connect.ioflag: the open mode plus one, as bits. */
#define _IO_FLAG_RD		0x00000001
#define _IO_FLAG_WR		0x00000002

/**
 * struct _io_connect - the header of a connect message (QNX layout)
 * @type:       _IO_CONNECT
 * @subtype:    _IO_CONNECT_*
 * @file_type:  the kind of file wanted (_FTYPE_*, 0 for any)
 * @reply_max:  size of the client's reply buffer
 * @entry_max:  most redirections the client accepts
 * @key:        0
 * @handle:     0
 * @ioflag:     open flags (_IO_FLAG_RD | _IO_FLAG_WR ...)
 * @mode:       file mode and type bits for creation
 * @sflag:      share flags
 * @access:     access wanted
 * @zero:       0
 * @path_len:   bytes of @path, with its NUL
 * @eflag:      extended flags
 * @extra_type: type of the extra data after the path
 * @extra_len:  its length
 * @path:       the path relative to the name, NUL-terminated, followed by
 *              @extra_len bytes of extra data
 */
struct _io_connect {
	uint16_t type;
	uint16_t subtype;
	uint32_t file_type;
	uint16_t reply_max;
	uint16_t entry_max;
	uint32_t key;
	uint32_t handle;
	uint32_t ioflag;
	uint32_t mode;
	uint16_t sflag;
	uint16_t access;
	uint16_t zero;
	uint16_t path_len;
	uint8_t eflag;
	uint8_t extra_type;
	uint16_t extra_len;
	char path[1];
};

/**
 * struct _io_msg - the header of an _IO_MSG message (QNX layout)
 * @type:        _IO_MSG
 * @combine_len: length of this header for combined messages
 * @mgrid:       manager id (_IOMGR_*), for the receiver to check
 * @subtype:     the manager's own message type
 */
struct _io_msg {
	uint16_t type;
	uint16_t combine_len;
	uint16_t mgrid;
	uint16_t subtype;
};

/* _io_read.xtype / _io_write.xtype: the low byte is the extended type. */
#define _IO_XTYPE_NONE		0x00000000u
#define _IO_XTYPE_READCOND	0x00000001u
#define _IO_XTYPE_MQUEUE	0x00000002u
#define _IO_XTYPE_TCPIP		0x00000003u
#define _IO_XTYPE_TCPIP_MMSG	0x00000004u
#define _IO_XTYPE_OFFSET	0x00000005u
#define _IO_XTYPE_REGISTRY	0x00000006u
#define _IO_XTYPE_MASK		0x000000FFu
/* _io_read.xtype / _io_write.xtype flags. */
#define _IO_XFLAG_DIR_EXTRA_HINT	0x00000100u
#define _IO_XFLAG_NONBLOCK		0x00004000u
#define _IO_XFLAG_BLOCK			0x00008000u

/* The kinds of file a resource manager attaches (resmgr_attach()). */
enum _file_type {
	_FTYPE_MATCHED = -1,
	_FTYPE_ALL = -1,
	_FTYPE_ANY = 0,
	_FTYPE_FILE,
	_FTYPE_LINK,
	_FTYPE_SYMLINK,
	_FTYPE_PIPE,
	_FTYPE_SHMEM,
	_FTYPE_MQUEUE,
	_FTYPE_SOCKET,
	_FTYPE_SEM,
	_FTYPE_PHOTON,
	_FTYPE_DUMPER,
	_FTYPE_MOUNT,
	_FTYPE_NAME,
	_FTYPE_TYMEM
};

/**
 * struct _io_connect_link_reply - reply header of a connect message
 * (QNX layout); a manager that redirects the client fills it
 */
struct _io_connect_link_reply {
	uint32_t reserved1;
	uint32_t file_type;
	uint8_t eflag;
	uint8_t reserved2[1];
	uint16_t chroot_len;
	uint32_t umask;
	uint16_t nentries;
	uint16_t path_len;
};

/* What a connect handler (the open function) receives. */
typedef union {
	struct _io_connect connect;
	struct _io_connect_link_reply link_reply;
} io_open_t;

/**
 * struct _io_read - a read request (QNX layout)
 * @type:        _IO_READ
 * @combine_len: length of this header for combined messages
 * @nbytes:      most bytes the client wants
 * @xtype:       _IO_XTYPE_* and _IO_XFLAG_* bits
 * @zero:        0
 *
 * The reply is the data; its status is the number of bytes
 * (_IO_SET_READ_NBYTES()).
 */
struct _io_read {
	uint16_t type;
	uint16_t combine_len;
	int32_t nbytes;
	uint32_t xtype;
	uint32_t zero;
};
typedef union {
	struct _io_read i;
} io_read_t;

/**
 * struct _io_write - a write request (QNX layout), followed by @nbytes
 * of data in the same message
 * @type:        _IO_WRITE
 * @combine_len: length of this header for combined messages
 * @nbytes:      bytes of data after the header
 * @xtype:       _IO_XTYPE_* and _IO_XFLAG_* bits
 * @zero:        0
 *
 * The reply's status is the number of bytes taken
 * (_IO_SET_WRITE_NBYTES()).
 */
struct _io_write {
	uint16_t type;
	uint16_t combine_len;
	int32_t nbytes;
	uint32_t xtype;
	uint32_t zero;
};
typedef union {
	struct _io_write i;
} io_write_t;

/* _IO_CLOSE: the client closes its connection (open file). */
struct _io_close {
	uint16_t type;
	uint16_t combine_len;
};
typedef union {
	struct _io_close i;
} io_close_t;

/* _IO_STAT: the reply is a struct stat. */
struct _io_stat {
	uint16_t type;
	uint16_t combine_len;
	uint32_t zero;
};
typedef union {
	struct _io_stat i;
	struct stat o;
} io_stat_t;

/* _IO_LSEEK: @whence is SEEK_SET/CUR/END; the reply is the new offset. */
struct _io_lseek {
	uint16_t type;
	uint16_t combine_len;
	int16_t whence;
	uint16_t zero;
	uint64_t offset;
};
typedef union {
	struct _io_lseek i;
	uint64_t o;
} io_lseek_t;

/**
 * struct _io_devctl - a device control request (QNX layout), followed by
 * @nbytes of data when the command's direction includes DEVDIR_TO
 * @type:        _IO_DEVCTL
 * @combine_len: length of this header for combined messages
 * @dcmd:        the command (<devctl.h>)
 * @nbytes:      bytes of data the client sends or accepts back
 * @zero:        0
 */
struct _io_devctl {
	uint16_t type;
	uint16_t combine_len;
	int32_t dcmd;
	int32_t nbytes;
	int32_t zero;
};

/**
 * struct _io_devctl_reply - the reply header, followed by @nbytes of data
 * @zero:    0
 * @ret_val: what the client's devctl() stores in *dev_info_ptr
 * @nbytes:  bytes of data after the header
 * @zero2:   0
 */
struct _io_devctl_reply {
	uint32_t zero;
	int32_t ret_val;
	int32_t nbytes;
	int32_t zero2;
};
typedef union {
	struct _io_devctl i;
	struct _io_devctl_reply o;
} io_devctl_t;

/* The data that follows an _io_devctl header or its reply's header. */
#define _DEVCTL_DATA(msg)	((void *)(&(msg) + 1))

typedef union {
	struct _io_msg i;
} io_msg_t;

/* A pulse as a resource manager's unblock handler receives it. */
typedef union {
	struct _pulse i;
} io_pulse_t;

/*
 * Reply status helpers for read, write and lseek handlers: the count (or
 * offset) the client's call returns.
 */
#define _IO_SET_READ_NBYTES(_ctp, _nbytes)	((void)((_ctp)->status = (int)(_nbytes)))
#define _IO_SET_WRITE_NBYTES(_ctp, _nbytes)	((void)((_ctp)->status = (int)(_nbytes)))
#define _IO_SET_LSEEK_NBYTES(_ctp, _nbytes)	((void)((_ctp)->status = (int)(_nbytes)))
#define _IO_SET_CONNECT_RET(_ctp, _status)	((void)((_ctp)->status = (int)(_status)))

#endif /* STPLR_QNX_SYS_IOMSG_H */
