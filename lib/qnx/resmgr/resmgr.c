// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr-qnx resource-manager library: resmgr_attach/detach, the OCB
 * bindings, and serving the I/O messages (<sys/resmgr.h>).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <stplr/stplr.h>

#include "internal.h"

/* ---- attribute locks: recursive mutexes chosen by address ---------- */

#define RM_NLOCKS	64

static pthread_mutex_t rm_locks[RM_NLOCKS];
static pthread_once_t rm_locks_once = PTHREAD_ONCE_INIT;

static void rm_locks_init(void)
{
	pthread_mutexattr_t ma;
	unsigned i;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	for (i = 0; i < RM_NLOCKS; i++)
		pthread_mutex_init(&rm_locks[i], &ma);
	pthread_mutexattr_destroy(&ma);
}

static pthread_mutex_t *rm_lock_of(const void *p)
{
	uintptr_t v = (uintptr_t)p;

	pthread_once(&rm_locks_once, rm_locks_init);
	return &rm_locks[(v >> 4 ^ v >> 12) % RM_NLOCKS];
}

void rm_lock_addr(const void *p)
{
	if (p)
		pthread_mutex_lock(rm_lock_of(p));
}

void rm_unlock_addr(const void *p)
{
	if (p)
		pthread_mutex_unlock(rm_lock_of(p));
}

/* ---- attaching a path ------------------------------------------------ */

static bool rm_is_dev_path(const char *path)
{
	return strncmp(path, "/dev/", 5) == 0 && path[5] != '\0';
}

int resmgr_attach(dispatch_t *dpp, resmgr_attr_t *attr, const char *path,
		  enum _file_type file_type, unsigned flags,
		  const resmgr_connect_funcs_t *connect_funcs,
		  const resmgr_io_funcs_t *io_funcs, RESMGR_HANDLE_T *handle)
{
	struct rm_attach *att, *o;
	bool named = true;
	int ret, cuse_ret = -ENOTSUP, id;
	mode_t mode = 0666;

	(void)file_type;
	if (!dpp || !path || path[0] != '/' || !path[1] || !connect_funcs ||
	    !io_funcs) {
		errno = EINVAL;
		return -1;
	}
	if (strlen(path) >= RM_PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (flags & _RESMGR_FLAG_DIR) {
		errno = ENOTSUP;
		return -1;
	}
	att = calloc(1, sizeof(*att));
	if (!att)
		return -1;
	strcpy(att->path, path);
	att->connect_funcs = connect_funcs;
	att->io_funcs = io_funcs;
	att->handle = handle;
	if (attr)
		rm_dispatch_need(dpp, attr->nparts_max, attr->msg_max_size);
	else
		rm_dispatch_need(dpp, 1, 0);

	pthread_mutex_lock(&dpp->lock);
	for (o = dpp->attaches; o; o = o->next)
		if (o->named && !o->detached)
			named = false;
	id = dpp->next_id++;
	pthread_mutex_unlock(&dpp->lock);
	att->id = id;

	/* The stapler name: the path without its leading '/'. */
	ret = named ? stplr_name_attach(stplr_qnx_fd(), (uint32_t)dpp->chid,
					path + 1) : -EBUSY;
	att->named = ret == 0;

	pthread_mutex_lock(&dpp->lock);
	att->next = dpp->attaches;
	dpp->attaches = att;
	pthread_mutex_unlock(&dpp->lock);

	if (rm_is_dev_path(path)) {
		/* iofunc handles carry the node's permissions. */
		if (handle && connect_funcs->open == iofunc_open_default)
			mode = ((iofunc_attr_t *)handle)->mode & 07777;
		cuse_ret = rm_cuse_start(dpp, att, mode);
		if (cuse_ret == -EEXIST) {
			resmgr_detach(dpp, id, 0);
			errno = EEXIST;
			return -1;
		}
	}
	if (!att->named && cuse_ret) {
		resmgr_detach(dpp, id, 0);
		errno = ret == -EBUSY ? -cuse_ret : -ret;
		return -1;
	}
	return id;
}

int resmgr_detach(dispatch_t *dpp, int id, unsigned flags)
{
	struct rm_attach *a;

	(void)flags;
	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&dpp->lock);
	for (a = dpp->attaches; a; a = a->next)
		if (a->id == id && !a->detached)
			break;
	if (a)
		a->detached = true;
	pthread_mutex_unlock(&dpp->lock);
	if (!a) {
		errno = EINVAL;
		return -1;
	}
	if (a->named)
		stplr_name_detach(stplr_qnx_fd(), (uint32_t)dpp->chid,
				  a->path + 1);
	if (a->cuse)
		rm_cuse_stop(a);
	return 0;
}

/* ---- OCB bindings ----------------------------------------------------- */

static struct rm_link *rm_link_find(dispatch_t *dpp, int32_t scoid,
				    int32_t coid)
{
	struct rm_link *l;

	for (l = dpp->links; l; l = l->next)
		if (l->scoid == scoid && l->coid == coid)
			return l;
	return NULL;
}

/* The attach connect message @m names (handle 0: the named one). */
static struct rm_attach *rm_connect_target(resmgr_context_t *ctp,
					   const struct _io_connect *m)
{
	dispatch_t *dpp = ctp->dpp;
	uint32_t handle = m->handle;
	struct rm_attach *a;

	for (a = dpp->attaches; a; a = a->next) {
		if (a->detached)
			continue;
		if (handle ? a->id == (int)handle - 1 : a->named)
			return a;
	}
	return NULL;
}

/* Set by rm_serve_connect() for resmgr_open_bind(). */
static __thread struct rm_attach *rm_cur_attach;

int resmgr_open_bind(resmgr_context_t *ctp, void *ocb,
		     const resmgr_io_funcs_t *io_funcs)
{
	dispatch_t *dpp;
	struct rm_link *l;

	if (!ctp || !ocb || !ctp->dpp) {
		errno = EINVAL;
		return -1;
	}
	dpp = ctp->dpp;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -1;
	l->scoid = ctp->info.scoid;
	l->coid = ctp->info.coid;
	l->ocb = ocb;
	l->io_funcs = io_funcs ? io_funcs :
		      (rm_cur_attach ? rm_cur_attach->io_funcs : NULL);
	l->attach = rm_cur_attach;
	pthread_mutex_lock(&dpp->lock);
	if (rm_link_find(dpp, l->scoid, l->coid)) {
		pthread_mutex_unlock(&dpp->lock);
		free(l);
		errno = EBUSY;
		return -1;
	}
	l->next = dpp->links;
	dpp->links = l;
	pthread_mutex_unlock(&dpp->lock);
	return 0;
}

void rm_link_mark_iofunc(resmgr_context_t *ctp)
{
	struct rm_link *l;

	pthread_mutex_lock(&ctp->dpp->lock);
	l = rm_link_find(ctp->dpp, ctp->info.scoid, ctp->info.coid);
	if (l)
		l->iofunc = true;
	pthread_mutex_unlock(&ctp->dpp->lock);
}

void *resmgr_ocb(resmgr_context_t *ctp)
{
	struct rm_link *l;
	void *ocb = NULL;

	if (!ctp || !ctp->dpp)
		return NULL;
	pthread_mutex_lock(&ctp->dpp->lock);
	l = rm_link_find(ctp->dpp, ctp->info.scoid, ctp->info.coid);
	if (l && !l->closed)
		ocb = l->ocb;
	pthread_mutex_unlock(&ctp->dpp->lock);
	return ocb;
}

static void rm_unlink(dispatch_t *dpp, struct rm_link *dead)
{
	struct rm_link **pp;

	pthread_mutex_lock(&dpp->lock);
	for (pp = &dpp->links; *pp; pp = &(*pp)->next) {
		if (*pp == dead) {
			*pp = dead->next;
			break;
		}
	}
	pthread_mutex_unlock(&dpp->lock);
	free(dead);
}

/* ---- reading and writing the client's buffers ------------------------- */

ssize_t resmgr_msgread(resmgr_context_t *ctp, void *msg, size_t nbytes,
		       size_t offset)
{
	if (!ctp) {
		errno = EINVAL;
		return -1;
	}
	return MsgRead(ctp->rcvid, msg, nbytes, offset + (size_t)ctp->offset);
}

ssize_t resmgr_msgreadv(resmgr_context_t *ctp, const iov_t *iov, int parts,
			size_t offset)
{
	if (!ctp || parts < 0) {
		errno = EINVAL;
		return -1;
	}
	return MsgReadv(ctp->rcvid, iov, (size_t)parts,
			offset + (size_t)ctp->offset);
}

ssize_t resmgr_msgwrite(resmgr_context_t *ctp, const void *msg, size_t nbytes,
			size_t offset)
{
	if (!ctp) {
		errno = EINVAL;
		return -1;
	}
	return MsgWrite(ctp->rcvid, msg, nbytes, offset);
}

ssize_t resmgr_msgwritev(resmgr_context_t *ctp, const iov_t *iov, int parts,
			 size_t offset)
{
	if (!ctp || parts < 0) {
		errno = EINVAL;
		return -1;
	}
	return MsgWritev(ctp->rcvid, iov, (size_t)parts, offset);
}

int resmgr_msgreply(resmgr_context_t *ctp, void *msg, size_t len)
{
	if (!ctp) {
		errno = EINVAL;
		return -1;
	}
	return MsgReply(ctp->rcvid, ctp->status, msg, len);
}

int resmgr_msgreplyv(resmgr_context_t *ctp, iov_t *iov, int parts)
{
	if (!ctp || parts < 0) {
		errno = EINVAL;
		return -1;
	}
	return MsgReplyv(ctp->rcvid, ctp->status, iov, (size_t)parts);
}

/* ---- serving messages ----------------------------------------------------- */

/*
 * Open: call the attach's open handler for connect message @m.  A closed
 * binding of the same connection is dropped first.
 */
static int rm_serve_connect(resmgr_context_t *ctp, struct _io_connect *m)
{
	dispatch_t *dpp = ctp->dpp;
	struct rm_attach *a;
	struct rm_link *l;
	int ret;

	if (m->subtype != _IO_CONNECT_OPEN && m->subtype != _IO_CONNECT_COMBINE &&
	    m->subtype != _IO_CONNECT_COMBINE_CLOSE)
		return ENOSYS;
	pthread_mutex_lock(&dpp->lock);
	a = rm_connect_target(ctp, m);
	l = rm_link_find(dpp, ctp->info.scoid, ctp->info.coid);
	pthread_mutex_unlock(&dpp->lock);
	if (l && !l->closed)
		return EBUSY;	/* this connection has an open file already */
	if (l)
		rm_unlink(dpp, l);
	if (!a)
		return ENOENT;
	if (!a->connect_funcs->open)
		return ENOSYS;
	rm_cur_attach = a;
	ctp->id = a->id;
	rm_lock_addr(a->handle);
	ret = a->connect_funcs->open(ctp, (io_open_t *)m, a->handle, NULL);
	rm_unlock_addr(a->handle);
	rm_cur_attach = NULL;
	return ret;
}

/*
 * An I/O message on a connection that never sent _IO_CONNECT (a QNX
 * client's name_open() sends none): open the named attach for reading
 * and writing first, as the client's open() would have.
 */
static int rm_implicit_open(resmgr_context_t *ctp)
{
	struct _io_connect m;
	int status = ctp->status, ret;

	memset(&m, 0, sizeof(m));
	m.type = _IO_CONNECT;
	m.subtype = _IO_CONNECT_OPEN;
	m.ioflag = _IO_FLAG_RD | _IO_FLAG_WR;
	m.path_len = 1;
	ret = rm_serve_connect(ctp, &m);
	ctp->status = status;
	if (ret == _RESMGR_DEFAULT)
		return ENOSYS;
	return ret < 0 || ret == _RESMGR_NOREPLY ? EOK : ret;
}

/* Header sizes of the I/O messages the library checks. */
static ssize_t rm_io_hdr_size(int type)
{
	switch (type) {
	case _IO_READ:
		return sizeof(struct _io_read);
	case _IO_WRITE:
		return sizeof(struct _io_write);
	case _IO_CLOSE:
		return sizeof(struct _io_close);
	case _IO_STAT:
		return sizeof(struct _io_stat);
	case _IO_LSEEK:
		return sizeof(struct _io_lseek);
	case _IO_DEVCTL:
		return sizeof(struct _io_devctl);
	case _IO_MSG:
		return sizeof(struct _io_msg);
	default:
		return sizeof(uint16_t);
	}
}

/* Check what the handler will trust; EOK or an errno value. */
static int rm_io_check(resmgr_context_t *ctp, int type)
{
	resmgr_iomsgs_t *m = ctp->msg;
	ssize_t len = ctp->info.msglen, hdr = rm_io_hdr_size(type);
	size_t want, have;

	if (len < hdr)
		return EBADMSG;
	switch (type) {
	case _IO_READ:
		return m->read.nbytes < 0 ? EINVAL : EOK;
	case _IO_WRITE:
		if (m->write.nbytes < 0 ||
		    (size_t)m->write.nbytes > (size_t)(ctp->info.srcmsglen - hdr))
			return EBADMSG;
		return EOK;
	case _IO_LSEEK:
		return m->lseek.whence < SEEK_SET || m->lseek.whence > SEEK_END ?
		       EINVAL : EOK;
	case _IO_DEVCTL:
		if (m->devctl.nbytes < 0)
			return EINVAL;
		/*
		 * Handlers read the command's data from the buffer: never let
		 * them see a previous message's bytes there.
		 */
		want = (size_t)hdr + (((uint32_t)m->devctl.dcmd >> 16) & 0x3FFFu);
		have = ctp->msg_max_size;
		if (want > have)
			want = have;
		if ((size_t)len < want)
			memset((char *)m + len, 0, want - (size_t)len);
		return EOK;
	default:
		return EOK;
	}
}

static int rm_call_io(resmgr_context_t *ctp, int type, struct rm_link *l)
{
	const resmgr_io_funcs_t *f = l->io_funcs;
	void *ocb = l->ocb;
	void *m = ctp->msg;

	switch (type) {
	case _IO_READ:
		return f->read ? f->read(ctp, m, ocb) : ENOSYS;
	case _IO_WRITE:
		return f->write ? f->write(ctp, m, ocb) : ENOSYS;
	case _IO_STAT:
		return f->stat ? f->stat(ctp, m, ocb) : ENOSYS;
	case _IO_DEVCTL:
		return f->devctl ? f->devctl(ctp, m, ocb) : ENOSYS;
	case _IO_LSEEK:
		return f->lseek ? f->lseek(ctp, m, ocb) : ENOSYS;
	case _IO_MSG:
		return f->msg ? f->msg(ctp, m, ocb) : ENOSYS;
	default:
		return ENOSYS;
	}
}

/*
 * Close an OCB: close_dup (for an _IO_CLOSE message), then close_ocb.
 * The binding stays, marked closed, after an _IO_CLOSE; it goes when the
 * client disconnects.
 */
static int rm_close(resmgr_context_t *ctp, struct rm_link *l, bool dup)
{
	const resmgr_io_funcs_t *f = l->io_funcs;
	void *lock;
	int ret = EOK;

	if (!l->closed) {
		lock = l->iofunc ? (void *)((iofunc_ocb_t *)l->ocb)->attr : l->ocb;
		rm_lock_addr(lock);
		if (dup && f->close_dup)
			ret = f->close_dup(ctp, (io_close_t *)ctp->msg, l->ocb);
		if (f->close_ocb)
			f->close_ocb(ctp, NULL, l->ocb);
		rm_unlock_addr(lock);
	}
	if (dup) {
		pthread_mutex_lock(&ctp->dpp->lock);
		l->closed = true;
		l->ocb = NULL;
		pthread_mutex_unlock(&ctp->dpp->lock);
	} else {
		rm_unlink(ctp->dpp, l);
	}
	return ret == _RESMGR_DEFAULT ? EOK : ret;
}

int rm_serve_io(resmgr_context_t *ctp)
{
	dispatch_t *dpp = ctp->dpp;
	int type = ctp->msg->type;
	struct rm_link *l;
	void *lock;
	int ret;

	if (type == _IO_CONNECT) {
		if (ctp->info.msglen < (ssize_t)offsetof(struct _io_connect, path))
			ret = EBADMSG;
		else
			ret = rm_serve_connect(ctp, &ctp->msg->connect);
		rm_reply(ctp, ret);
		return 0;
	}
	ret = rm_io_check(ctp, type);
	if (ret) {
		rm_reply_error(ctp, ret);
		return 0;
	}
	pthread_mutex_lock(&dpp->lock);
	l = rm_link_find(dpp, ctp->info.scoid, ctp->info.coid);
	pthread_mutex_unlock(&dpp->lock);
	if (!l && type != _IO_CLOSE) {
		ret = rm_implicit_open(ctp);
		if (ret) {
			rm_reply_error(ctp, ret);
			return 0;
		}
		pthread_mutex_lock(&dpp->lock);
		l = rm_link_find(dpp, ctp->info.scoid, ctp->info.coid);
		pthread_mutex_unlock(&dpp->lock);
	}
	if (!l || l->closed) {
		rm_reply_error(ctp, EBADF);
		return 0;
	}
	if (type == _IO_CLOSE) {
		ret = rm_close(ctp, l, true);
		rm_reply(ctp, ret);
		return 0;
	}
	if (l->attach && l->attach->detached) {
		rm_reply_error(ctp, EBADF);
		return 0;
	}
	ctp->id = l->attach ? l->attach->id : -1;
	lock = l->iofunc ? (void *)((iofunc_ocb_t *)l->ocb)->attr : l->ocb;
	rm_lock_addr(lock);
	ret = rm_call_io(ctp, type, l);
	rm_unlock_addr(lock);
	rm_reply(ctp, ret);
	return 0;
}

void rm_serve_disconnect(resmgr_context_t *ctp, int32_t scoid)
{
	dispatch_t *dpp = ctp->dpp;
	resmgr_iomsgs_t *saved = ctp->msg;
	struct rm_link *l;

	ctp->msg = NULL;	/* close_dup gets no message */
	for (;;) {
		pthread_mutex_lock(&dpp->lock);
		for (l = dpp->links; l; l = l->next)
			if (l->scoid == scoid)
				break;
		pthread_mutex_unlock(&dpp->lock);
		if (!l)
			break;
		rm_close(ctp, l, false);
	}
	ctp->msg = saved;
}
