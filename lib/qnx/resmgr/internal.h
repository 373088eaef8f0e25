/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private declarations of the resource-manager library (lib/qnx/resmgr/).
 *
 * DOC: objects and their lifetimes
 *
 *  - dispatch_t (struct _dispatch): made by dispatch_create*(), freed by
 *    dispatch_destroy(), which the program calls once no thread uses it.
 *    Its lists (attaches, ranges, selects, OCB links) are guarded by
 *    @lock; handlers are called without it.
 *  - struct rm_attach: one resmgr_attach(); stays on the list (flagged
 *    @detached) until dispatch_destroy(), so an OCB link may point to it.
 *  - struct rm_link: binds an OCB to a client connection (scoid, coid);
 *    made by resmgr_open_bind(); on _IO_CLOSE its OCB is released and it
 *    stays, marked closed, so that later I/O on the connection gets EBADF
 *    (a new _IO_CONNECT on the same connection replaces it); freed on
 *    the client's disconnect pulse or by dispatch_destroy().
 *  - struct rm_cuse: the CUSE bridge of an attach; reference counted by
 *    its worker threads and its attach; the last reference tears the CUSE
 *    session down (which removes the node).
 */
#ifndef STPLR_LIB_QNX_RESMGR_INTERNAL_H
#define STPLR_LIB_QNX_RESMGR_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/resmgr.h>

#define RM_PATH_MAX	64

struct rm_cuse;

struct rm_attach {
	struct rm_attach *next;
	int id;
	bool named;
	bool detached;
	char path[RM_PATH_MAX];
	const resmgr_connect_funcs_t *connect_funcs;
	const resmgr_io_funcs_t *io_funcs;
	void *handle;
	struct rm_cuse *cuse;
};

struct rm_link {
	struct rm_link *next;
	int32_t scoid;
	int32_t coid;
	void *ocb;
	bool iofunc;		/* @ocb starts with an iofunc_ocb_t */
	bool closed;		/* _IO_CLOSE done: I/O gets EBADF */
	const resmgr_io_funcs_t *io_funcs;
	struct rm_attach *attach;
};

typedef int (*rm_msg_func)(message_context_t *ctp, int code, unsigned flags,
			   void *handle);
typedef int (*rm_select_func)(select_context_t *ctp, int fd, unsigned flags,
			      void *handle);

struct rm_range {
	struct rm_range *next;
	int low;
	int high;
	bool pulse;
	rm_msg_func func;
	void *handle;
};

struct rm_select {
	struct rm_select *next;
	int fd;
	unsigned flags;
	rm_select_func func;
	void *handle;
};

struct _dispatch {
	int chid;
	bool own_chid;
	pthread_mutex_t lock;
	struct rm_attach *attaches;
	int next_id;
	struct rm_link *links;
	struct rm_range *ranges;
	struct rm_select *selects;
	int pollfd;
	unsigned nparts_max;
	unsigned msg_max_size;
};

/* What dispatch_block() got for its context. */
enum rm_got { RM_GOT_NOTHING, RM_GOT_MSG, RM_GOT_SELECT };

/* An answer kept for the next receive (reply.c); @rcvid 0: none. */
struct rm_pending {
	int rcvid;
	int error;		/* 0: reply @status and iov[0..@nparts) */
	long status;
	unsigned nparts;
};

/* A context as allocated: private part first, the public one last. */
struct rm_ctx {
	enum rm_got got;
	bool defer;		/* answers wait for the next receive */
	struct rm_pending pend;
	int sel_fd;
	unsigned sel_what;
	unsigned nparts;
	void *buf;
	resmgr_context_t pub;	/* last: pub.iov[] extends past it */
};

static inline struct rm_ctx *rm_ctx_of(resmgr_context_t *ctp)
{
	return (struct rm_ctx *)((char *)ctp - offsetof(struct rm_ctx, pub));
}

/* Set errno from a negative errno value and return @fail. */
#define RM_FAIL(ret, fail)	(errno = -(ret), (fail))

/* Library-internal functions: not exported (see resmgr.map). */
#define RM_HIDDEN	__attribute__((visibility("hidden")))

/* dispatch.c */
RM_HIDDEN void rm_signal_init(void);

/* context.c: raise the sizes contexts allocated from now on get. */
RM_HIDDEN void rm_dispatch_need(dispatch_t *dpp, unsigned nparts,
				unsigned size);

/* resmgr.c: serve an I/O or connect message; pulses of the library. */
RM_HIDDEN int rm_serve_io(resmgr_context_t *ctp);
RM_HIDDEN void rm_serve_disconnect(resmgr_context_t *ctp, int32_t scoid);
RM_HIDDEN void rm_lock_addr(const void *p);
RM_HIDDEN void rm_unlock_addr(const void *p);
/* Mark the OCB just bound as an iofunc_ocb_t (iofunc_ocb_attach()). */
RM_HIDDEN void rm_link_mark_iofunc(resmgr_context_t *ctp);

/*
 * reply.c: answer the current message: rm_reply() as a handler's return
 * value says, rm_reply_error() with an errno.  With rm_reply_defer(ctp,
 * true) the answer waits for rm_reply_receive() (which sends it with the
 * receive of the next message) or rm_reply_flush() (which sends it now).
 */
RM_HIDDEN void rm_reply(resmgr_context_t *ctp, int ret);
RM_HIDDEN void rm_reply_error(resmgr_context_t *ctp, int error);
RM_HIDDEN void rm_reply_defer(resmgr_context_t *ctp, bool defer);
RM_HIDDEN void rm_reply_flush(resmgr_context_t *ctp);
/* MsgReceive_r() on the context's channel, after any kept answer. */
RM_HIDDEN int rm_reply_receive(resmgr_context_t *ctp);

/* cuse.c: the bridge of a /dev path (-ENOTSUP when built without it). */
RM_HIDDEN int rm_cuse_start(dispatch_t *dpp, struct rm_attach *att,
			    mode_t mode);
RM_HIDDEN void rm_cuse_stop(struct rm_attach *att);

#endif /* STPLR_LIB_QNX_RESMGR_INTERNAL_H */
