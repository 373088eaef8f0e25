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
 * What differs from QNX:
 *  - Only the definitions below exist; the other _IO_* request and reply
 *    structures (struct _io_read, _io_stat...) and the resource-manager
 *    library are not provided.
 *  - No stapler component sends I/O messages except name_open(), which
 *    sends an _IO_CONNECT / _IO_CONNECT_OPEN with ioflag
 *    _IO_FLAG_RD | _IO_FLAG_WR, file_type 0 (_FTYPE_ANY) and an empty
 *    path; no _IO_CLOSE follows name_close().
 */
#ifndef STPLR_QNX_SYS_IOMSG_H
#define STPLR_QNX_SYS_IOMSG_H

#include <stdint.h>

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

#endif /* STPLR_QNX_SYS_IOMSG_H */
