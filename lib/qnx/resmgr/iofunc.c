// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr-qnx resource-manager library: the POSIX layer (iofunc_*,
 * <sys/iofunc.h>).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <devctl.h>

#include "internal.h"

void iofunc_func_init(unsigned nconnect, resmgr_connect_funcs_t *connect_funcs,
		      unsigned nio, resmgr_io_funcs_t *io_funcs)
{
	if (connect_funcs) {
		memset(connect_funcs, 0, sizeof(*connect_funcs));
		connect_funcs->nfuncs = nconnect;
		connect_funcs->open = iofunc_open_default;
	}
	if (io_funcs) {
		memset(io_funcs, 0, sizeof(*io_funcs));
		io_funcs->nfuncs = nio;
		io_funcs->read = iofunc_read_default;
		io_funcs->write = iofunc_write_default;
		io_funcs->close_ocb = iofunc_close_ocb_default;
		io_funcs->stat = iofunc_stat_default;
		io_funcs->devctl = iofunc_devctl_default;
		io_funcs->unblock = iofunc_unblock_default;
		io_funcs->lseek = iofunc_lseek_default;
		io_funcs->close_dup = iofunc_close_dup_default;
	}
}

void iofunc_attr_init(iofunc_attr_t *attr, mode_t mode, iofunc_attr_t *dattr,
		      struct _client_info *info)
{
	time_t now = time(NULL);

	(void)info;
	if (!attr)
		return;
	memset(attr, 0, sizeof(*attr));
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	attr->mode = mode;
	attr->uid = dattr ? dattr->uid : geteuid();
	attr->gid = dattr ? dattr->gid : getegid();
	attr->mtime = attr->atime = attr->ctime = now;
	attr->nlink = 1;
	attr->inode = (ino_t)(uintptr_t)attr;
}

int iofunc_attr_lock(iofunc_attr_t *attr)
{
	rm_lock_addr(attr);
	return EOK;
}

int iofunc_attr_unlock(iofunc_attr_t *attr)
{
	rm_unlock_addr(attr);
	return EOK;
}

int iofunc_time_update(iofunc_attr_t *attr)
{
	time_t now = time(NULL);

	if (!attr)
		return EOK;
	if (attr->flags & IOFUNC_ATTR_ATIME)
		attr->atime = now;
	if (attr->flags & IOFUNC_ATTR_MTIME)
		attr->mtime = now;
	if (attr->flags & IOFUNC_ATTR_CTIME)
		attr->ctime = now;
	attr->flags &= ~(uint32_t)(IOFUNC_ATTR_ATIME | IOFUNC_ATTR_MTIME |
				   IOFUNC_ATTR_CTIME);
	return EOK;
}

int iofunc_stat(resmgr_context_t *ctp, iofunc_attr_t *attr, struct stat *st)
{
	(void)ctp;
	iofunc_time_update(attr);
	memset(st, 0, sizeof(*st));
	st->st_ino = attr->inode;
	st->st_mode = attr->mode;
	st->st_nlink = attr->nlink;
	st->st_uid = attr->uid;
	st->st_gid = attr->gid;
	st->st_rdev = attr->rdev;
	st->st_size = attr->nbytes;
	st->st_atime = attr->atime;
	st->st_mtime = attr->mtime;
	st->st_ctime = attr->ctime;
	st->st_blksize = 512;
	if (attr->mount)
		st->st_dev = attr->mount->dev;
	return EOK;
}

int iofunc_open(resmgr_context_t *ctp, io_open_t *msg, iofunc_attr_t *attr,
		iofunc_attr_t *dattr, struct _client_info *info)
{
	uint32_t acc = msg->connect.ioflag & (_IO_FLAG_RD | _IO_FLAG_WR);

	(void)ctp;
	(void)dattr;
	(void)info;
	if (!attr)
		return ENOENT;
	if (msg->connect.ioflag & O_DIRECTORY && !S_ISDIR(attr->mode))
		return ENOTDIR;
	(void)acc;
	return EOK;
}

iofunc_ocb_t *iofunc_ocb_calloc(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	(void)ctp;
	(void)attr;
	return calloc(1, sizeof(iofunc_ocb_t));
}

void iofunc_ocb_free(iofunc_ocb_t *ocb)
{
	free(ocb);
}

int iofunc_ocb_attach(resmgr_context_t *ctp, io_open_t *msg,
		      iofunc_ocb_t *ocb, iofunc_attr_t *attr,
		      const resmgr_io_funcs_t *io_funcs)
{
	iofunc_funcs_t *mf = attr && attr->mount ? attr->mount->funcs : NULL;
	bool allocated = false;

	if (!ocb) {
		ocb = mf && mf->ocb_calloc ?
		      (iofunc_ocb_t *)mf->ocb_calloc(ctp, (IOFUNC_ATTR_T *)attr) :
		      iofunc_ocb_calloc(ctp, attr);
		if (!ocb)
			return ENOMEM;
		allocated = true;
	}
	ocb->attr = (IOFUNC_ATTR_T *)attr;
	ocb->ioflag = (int32_t)msg->connect.ioflag;
	ocb->offset = 0;
	ocb->sflag = msg->connect.sflag;
	if (resmgr_open_bind(ctp, ocb, io_funcs) < 0) {
		int err = errno;

		if (allocated) {
			if (mf && mf->ocb_free)
				mf->ocb_free((IOFUNC_OCB_T *)ocb);
			else
				iofunc_ocb_free(ocb);
		}
		return err;
	}
	rm_link_mark_iofunc(ctp);
	if (attr) {
		attr->count++;
		if (ocb->ioflag & _IO_FLAG_RD)
			attr->rcount++;
		if (ocb->ioflag & _IO_FLAG_WR)
			attr->wcount++;
	}
	return EOK;
}

int iofunc_ocb_detach(resmgr_context_t *ctp, iofunc_ocb_t *ocb)
{
	iofunc_attr_t *attr = (iofunc_attr_t *)ocb->attr;

	(void)ctp;
	if (attr) {
		if (attr->count)
			attr->count--;
		if ((ocb->ioflag & _IO_FLAG_RD) && attr->rcount)
			attr->rcount--;
		if ((ocb->ioflag & _IO_FLAG_WR) && attr->wcount)
			attr->wcount--;
	}
	return 0;
}

int iofunc_open_default(resmgr_context_t *ctp, io_open_t *msg,
			iofunc_attr_t *attr, void *extra)
{
	int ret;

	(void)extra;
	ret = iofunc_open(ctp, msg, attr, NULL, NULL);
	if (ret != EOK)
		return ret;
	return iofunc_ocb_attach(ctp, msg, NULL, attr, NULL);
}

static int rm_nonblock(int32_t ioflag, uint32_t xtype, int *nonblock)
{
	if (nonblock)
		*nonblock = (ioflag & O_NONBLOCK) ||
			    (xtype & _IO_XFLAG_NONBLOCK);
	return EOK;
}

int iofunc_read_verify(resmgr_context_t *ctp, io_read_t *msg,
		       iofunc_ocb_t *ocb, int *nonblock)
{
	(void)ctp;
	if (!(ocb->ioflag & _IO_FLAG_RD))
		return EBADF;
	return rm_nonblock(ocb->ioflag, msg->i.xtype, nonblock);
}

int iofunc_write_verify(resmgr_context_t *ctp, io_write_t *msg,
			iofunc_ocb_t *ocb, int *nonblock)
{
	(void)ctp;
	if (!(ocb->ioflag & _IO_FLAG_WR))
		return EBADF;
	return rm_nonblock(ocb->ioflag, msg->i.xtype, nonblock);
}

int iofunc_read_default(resmgr_context_t *ctp, io_read_t *msg,
			iofunc_ocb_t *ocb)
{
	int ret = iofunc_read_verify(ctp, msg, ocb, NULL);

	if (ret != EOK)
		return ret;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	if (ocb->attr)
		ocb->attr->flags |= IOFUNC_ATTR_ATIME;
	_IO_SET_READ_NBYTES(ctp, 0);
	return EOK;
}

int iofunc_write_default(resmgr_context_t *ctp, io_write_t *msg,
			 iofunc_ocb_t *ocb)
{
	int ret = iofunc_write_verify(ctp, msg, ocb, NULL);

	if (ret != EOK)
		return ret;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	if (ocb->attr)
		ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	return EOK;
}

int iofunc_stat_default(resmgr_context_t *ctp, io_stat_t *msg,
			iofunc_ocb_t *ocb)
{
	iofunc_stat(ctp, (iofunc_attr_t *)ocb->attr, &msg->o);
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}

int iofunc_lseek_default(resmgr_context_t *ctp, io_lseek_t *msg,
			 iofunc_ocb_t *ocb)
{
	int64_t base, off = (int64_t)msg->i.offset;

	switch (msg->i.whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = ocb->offset;
		break;
	case SEEK_END:
		base = ocb->attr ? ocb->attr->nbytes : 0;
		break;
	default:
		return EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return EINVAL;
	ocb->offset = (off_t)(base + off);
	msg->o = (uint64_t)ocb->offset;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}

int iofunc_devctl_default(resmgr_context_t *ctp, io_devctl_t *msg,
			  iofunc_ocb_t *ocb)
{
	int *data = _DEVCTL_DATA(msg->i);

	switch (msg->i.dcmd) {
	case DCMD_ALL_GETFLAGS:
		memset(&msg->o, 0, sizeof(msg->o));
		*(int *)_DEVCTL_DATA(msg->o) = ocb->ioflag & ~O_ACCMODE;
		msg->o.nbytes = sizeof(int);
		return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + sizeof(int));
	case DCMD_ALL_SETFLAGS:
		ocb->ioflag = (ocb->ioflag & (O_ACCMODE | ~(O_APPEND | O_NONBLOCK))) |
			      (*data & (O_APPEND | O_NONBLOCK));
		memset(&msg->o, 0, sizeof(msg->o));
		return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
	default:
		return _RESMGR_DEFAULT;
	}
}

int iofunc_close_dup_default(resmgr_context_t *ctp, io_close_t *msg,
			     iofunc_ocb_t *ocb)
{
	(void)ctp;
	(void)msg;
	(void)ocb;
	return EOK;
}

int iofunc_close_ocb_default(resmgr_context_t *ctp, void *reserved,
			     iofunc_ocb_t *ocb)
{
	iofunc_attr_t *attr = (iofunc_attr_t *)ocb->attr;
	iofunc_funcs_t *mf = attr && attr->mount ? attr->mount->funcs : NULL;

	(void)reserved;
	iofunc_ocb_detach(ctp, ocb);
	if (mf && mf->ocb_free)
		mf->ocb_free((IOFUNC_OCB_T *)ocb);
	else
		iofunc_ocb_free(ocb);
	return EOK;
}

int iofunc_unblock_default(resmgr_context_t *ctp, io_pulse_t *msg,
			   iofunc_ocb_t *ocb)
{
	(void)ctp;
	(void)msg;
	(void)ocb;
	return _RESMGR_DEFAULT;
}
