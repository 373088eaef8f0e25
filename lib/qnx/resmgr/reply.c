// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstplr-qnx resource-manager library: how the library answers the
 * messages it serves, immediately or, in a thread pool's own loop, with
 * the receive of the next message (one system call per message).
 *
 * A reply is deferred only while the context's @defer is set, which only
 * thread_pool.c does, around its call of the library's own handler that
 * its loop follows at once with the library's own block.  A program's
 * own dispatch_block()/dispatch_handler() loop may do anything between
 * the two, so its replies always go out at once.  Replies a handler
 * makes itself (MsgReply(), resmgr_msgreply()) are never deferred.
 */
#include <errno.h>

#include "internal.h"
#include "../internal.h"

static void rm_answer_now(int rcvid, int error, long status, const iov_t *iov,
			  unsigned nparts)
{
	/*
	 * A failure is not reported: the handler has returned, nobody is
	 * left to tell (the sender that left gets nothing anyway).
	 */
	if (error)
		MsgError(rcvid, error);
	else if (nparts)
		MsgReplyv(rcvid, status, iov, nparts);
	else
		MsgReply(rcvid, status, NULL, 0);
}

/* Answer the current message, or keep the answer for the next receive. */
static void rm_answer(resmgr_context_t *ctp, int error, unsigned nparts)
{
	struct rm_ctx *c = rm_ctx_of(ctp);

	if (ctp->rcvid <= 0)
		return;
	if (c->defer && !c->pend.rcvid) {
		c->pend.rcvid = ctp->rcvid;
		c->pend.error = error;
		c->pend.status = ctp->status;
		c->pend.nparts = error ? 0 : nparts;
		return;
	}
	rm_answer_now(ctp->rcvid, error, ctp->status, ctp->iov, nparts);
}

void rm_reply(resmgr_context_t *ctp, int ret)
{
	unsigned n;

	if (ret == _RESMGR_NOREPLY)
		return;
	if (ret == _RESMGR_DEFAULT) {
		rm_answer(ctp, ENOSYS, 0);
	} else if (ret > 0) {
		rm_answer(ctp, ret, 0);
	} else if (ret == 0) {
		rm_answer(ctp, 0, 0);
	} else {
		n = (unsigned)-ret;
		if (n > rm_ctx_of(ctp)->nparts)
			rm_answer(ctp, EOVERFLOW, 0);
		else
			rm_answer(ctp, 0, n);
	}
}

void rm_reply_error(resmgr_context_t *ctp, int error)
{
	rm_answer(ctp, error, 0);
}

void rm_reply_defer(resmgr_context_t *ctp, bool defer)
{
	rm_ctx_of(ctp)->defer = defer;
}

void rm_reply_flush(resmgr_context_t *ctp)
{
	struct rm_ctx *c = rm_ctx_of(ctp);
	struct rm_pending p = c->pend;

	if (!p.rcvid)
		return;
	c->pend.rcvid = 0;
	rm_answer_now(p.rcvid, p.error, p.status, ctp->iov, p.nparts);
}

int rm_reply_receive(resmgr_context_t *ctp)
{
	struct rm_ctx *c = rm_ctx_of(ctp);
	struct rm_pending p = c->pend;
	int reply_ret;

	if (!p.rcvid)
		return MsgReceive_r(ctp->dpp->chid, ctp->msg,
				    ctp->msg_max_size, &ctp->info);
	c->pend.rcvid = 0;
	/* reply_ret: not reported, as rm_answer_now() does not report. */
	return stplr_qnx_reply_receive(p.rcvid, p.error, p.status, ctp->iov,
				       p.nparts, ctp->dpp->chid, ctp->msg,
				       ctp->msg_max_size, &ctp->info,
				       &reply_ret);
}
