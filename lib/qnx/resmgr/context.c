// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr-qnx resource-manager library: the context blocks of the
 * threads that serve a dispatch (dispatch_context_alloc/free,
 * resmgr_context_alloc/free), and the sizes they get, which the layers
 * above raise (rm_dispatch_need()).  Below dispatch.c and resmgr.c: it
 * calls neither.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

#define RM_MAX_PARTS		1024
#define RM_MAX_MSG		(16u << 20)

/* Allocate a context with @nparts reply parts and a @size-byte buffer. */
static resmgr_context_t *rm_ctx_alloc(dispatch_t *dpp)
{
	unsigned nparts, size;
	struct rm_ctx *c;

	if (!dpp) {
		errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&dpp->lock);
	nparts = dpp->nparts_max;
	size = dpp->msg_max_size;
	pthread_mutex_unlock(&dpp->lock);
	c = calloc(1, sizeof(*c) + nparts * sizeof(iov_t));
	if (!c)
		return NULL;
	/* One spare byte: connect paths are always NUL-terminated. */
	c->buf = calloc(1, (size_t)size + 1);
	if (!c->buf) {
		free(c);
		return NULL;
	}
	c->nparts = nparts;
	c->pub.dpp = dpp;
	c->pub.msg = c->buf;
	c->pub.msg_max_size = size;
	return &c->pub;
}

static void rm_ctx_free(resmgr_context_t *ctp)
{
	struct rm_ctx *c;

	if (!ctp)
		return;
	c = rm_ctx_of(ctp);
	free(c->buf);
	free(c);
}

dispatch_context_t *dispatch_context_alloc(dispatch_t *dpp)
{
	return (dispatch_context_t *)rm_ctx_alloc(dpp);
}

void dispatch_context_free(dispatch_context_t *ctp)
{
	rm_ctx_free(&ctp->resmgr_context);
}

resmgr_context_t *resmgr_context_alloc(dispatch_t *dpp)
{
	return rm_ctx_alloc(dpp);
}

void resmgr_context_free(resmgr_context_t *ctp)
{
	rm_ctx_free(ctp);
}

void rm_dispatch_need(dispatch_t *dpp, unsigned nparts, unsigned size)
{
	if (nparts > RM_MAX_PARTS)
		nparts = RM_MAX_PARTS;
	if (size > RM_MAX_MSG)
		size = RM_MAX_MSG;
	if (size < sizeof(resmgr_iomsgs_t))
		size = sizeof(resmgr_iomsgs_t);
	pthread_mutex_lock(&dpp->lock);
	if (nparts > dpp->nparts_max)
		dpp->nparts_max = nparts;
	if (size > dpp->msg_max_size)
		dpp->msg_max_size = size;
	pthread_mutex_unlock(&dpp->lock);
}
