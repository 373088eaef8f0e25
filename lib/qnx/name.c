// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr QNX layer: name_attach, name_detach, name_open, name_close
 * (<sys/dispatch.h>).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/dispatch.h>

#include "internal.h"

/* The channel flags QNX's name_attach() creates its channel with. */
#define QNX_NAME_CHF	(_NTO_CHF_DISCONNECT | _NTO_CHF_COID_DISCONNECT | \
			 _NTO_CHF_UNBLOCK)

/*
 * name_attach_t with the name it was published under, which the kernel
 * wants back to withdraw it.  The caller only sees @att (first member:
 * the same address).
 */
struct qnx_name {
	name_attach_t att;
	char name[STPLR_NAME_MAX];
};

static int qnx_name_attach(dispatch_t *dpp, const char *path,
			   unsigned flags, name_attach_t **out)
{
	struct qnx_name *qn;
	int chid, fd, ret;

	if (dpp || !path || (flags & ~(unsigned)NAME_FLAG_ATTACH_GLOBAL))
		return -EINVAL;
	qn = calloc(1, sizeof(*qn));
	if (!qn)
		return -ENOMEM;
	chid = ChannelCreate_r(QNX_NAME_CHF);
	if (chid < 0) {
		free(qn);
		return chid;
	}
	fd = stplr_qnx_fd();	/* open: ChannelCreate_r() succeeded */
	ret = stplr_name_attach(fd, (uint32_t)chid, path);
	if (ret) {
		ChannelDestroy_r(chid);
		free(qn);
		return ret;
	}
	/* It fitted, or the kernel would have refused it. */
	strncpy(qn->name, path, sizeof(qn->name) - 1);
	qn->att.dpp = NULL;
	qn->att.chid = chid;
	qn->att.mntid = 0;
	*out = &qn->att;
	return 0;
}

name_attach_t *name_attach(dispatch_t *dpp, const char *path, unsigned flags)
{
	name_attach_t *att = NULL;
	int ret = qnx_name_attach(dpp, path, flags, &att);

	if (ret) {
		errno = -ret;
		return NULL;
	}
	return att;
}

static int qnx_name_detach(name_attach_t *attach, unsigned flags)
{
	struct qnx_name *qn = (struct qnx_name *)attach;
	int fd, ret;

	if (!attach || (flags & ~(unsigned)NAME_FLAG_DETACH_SAVEDPP) ||
	    attach->chid < 0)
		return -EINVAL;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	/* ENOENT: the channel is gone already, and its name with it. */
	ret = stplr_name_detach(fd, (uint32_t)attach->chid, qn->name);
	if (ret && ret != -ENOENT)
		return ret;
	if (!(flags & NAME_FLAG_DETACH_SAVEDPP))
		stplr_channel_destroy(fd, (uint32_t)attach->chid);
	free(qn);
	return 0;
}

int name_detach(name_attach_t *attach, unsigned flags)
{
	return stplr_qnx_ret(qnx_name_detach(attach, flags));
}

static int qnx_name_open(const char *name, int flags)
{
	uint32_t coid;
	int fd, ret;

	if (!name || (flags & ~NAME_FLAG_ATTACH_GLOBAL))
		return -EINVAL;
	fd = stplr_qnx_fd();
	if (fd < 0)
		return fd;
	ret = stplr_name_open(fd, name, 0, &coid);
	if (ret)
		return ret;
	if (coid > INT_MAX) {
		stplr_disconnect(fd, coid);
		return -EOVERFLOW;
	}
	/*
	 * No _IO_CONNECT message: current QNX sends one only when the global
	 * name service (gns) resolves the name, never for local names, so
	 * ordinary name_attach() servers do not expect it (docs/design.md).
	 */
	return (int)coid;
}

int name_open(const char *name, int flags)
{
	return stplr_qnx_ret(qnx_name_open(name, flags));
}

int name_close(int coid)
{
	return ConnectDetach(coid);
}
