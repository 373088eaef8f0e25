/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: gather lists
 *
 * A struct stplr_iovec is a validated copy of a user gather list (the
 * descriptors only, never the payload).  A sender's lists are imported once
 * at send time and read by the server threads that copy to or from them; a
 * receiver's or replier's own list is imported into a struct stplr_local,
 * which wraps it in an iov_iter over the caller's own memory.
 *
 * Both are owned by the thread that imported them and released by it with
 * the matching _release(); no locking.
 */
#ifndef _STPLR_IOV_H
#define _STPLR_IOV_H

#include <linux/uio.h>
#include "common.h"

#define STPLR_IOV_INLINE 4

/**
 * struct stplr_iovec - a peer's gather list, validated
 * @iov: the entries (points at @inl for short lists)
 * @nr:  number of entries
 * @len: sum of the lengths
 * @inl: storage for short lists
 */
struct stplr_iovec {
	struct stplr_iov *iov;
	u32 nr;
	u64 len;
	struct stplr_iov inl[STPLR_IOV_INLINE];
};

/**
 * struct stplr_local - the calling thread's own gather list
 * @vec:  iovec array the iterator walks (points at @inl for short lists)
 * @iter: iterator over the caller's memory
 * @nr:   number of entries
 * @len:  total length
 * @inl:  storage for short lists
 */
struct stplr_local {
	struct iovec *vec;
	struct iov_iter iter;
	u32 nr;
	u64 len;
	struct iovec inl[STPLR_IOV_INLINE];
};

int stplr_iovec_import(struct stplr_iovec *v, u64 uptr, u32 nr);
void stplr_iovec_move(struct stplr_iovec *dst, struct stplr_iovec *src);
void stplr_iovec_release(struct stplr_iovec *v);

int stplr_local_import(struct stplr_local *l, unsigned int dir, u64 uptr,
		       u32 nr);
void stplr_local_rewind(struct stplr_local *l, unsigned int dir);
void stplr_local_release(struct stplr_local *l);

#endif /* _STPLR_IOV_H */
