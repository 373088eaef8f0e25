// SPDX-License-Identifier: GPL-2.0
/*
 * Import and validation of user gather lists.
 */

#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "iov.h"

/**
 * stplr_iovec_import() - copy and validate a user gather list
 * @v:    list to fill; released with stplr_iovec_release() on success
 * @uptr: user address of @nr struct stplr_iov entries
 * @nr:   number of entries
 *
 * Return: 0; -E2BIG for more than STPLR_IOV_MAX entries or a total above
 * max_msg_size; -EFAULT for an unreadable list or a buffer outside the
 * user address range; -EINVAL for a list pointer without entries;
 * -ENOMEM.
 */
int stplr_iovec_import(struct stplr_iovec *v, u64 uptr, u32 nr)
{
	u64 limit = READ_ONCE(stplr_max_msg_size);
	u64 total = 0;
	u32 i;

	v->iov = v->inl;
	v->nr = 0;
	v->len = 0;
	if (!nr)
		return uptr ? -EINVAL : 0;
	if (nr > STPLR_IOV_MAX)
		return -E2BIG;
	if (nr > STPLR_IOV_INLINE) {
		v->iov = kmalloc_array(nr, sizeof(*v->iov), GFP_KERNEL_ACCOUNT);
		if (!v->iov)
			return -ENOMEM;
	}
	/*
	 * One entry is the common case: a constant-size copy skips the
	 * hardened-usercopy object check of the variable one.
	 */
	if (nr == 1 ? copy_from_user(v->iov, u64_to_user_ptr(uptr),
				     sizeof(*v->iov)) :
		      copy_from_user(v->iov, u64_to_user_ptr(uptr),
				     array_size(nr, sizeof(*v->iov))))
		goto fault;
	for (i = 0; i < nr; i++) {
		const struct stplr_iov *e = &v->iov[i];

		if (e->len > limit || check_add_overflow(total, e->len, &total) ||
		    total > limit) {
			stplr_iovec_release(v);
			return -E2BIG;
		}
		if (e->base != (unsigned long)e->base ||
		    !access_ok(u64_to_user_ptr(e->base), e->len))
			goto fault;
	}
	v->nr = nr;
	v->len = total;
	return 0;
fault:
	stplr_iovec_release(v);
	return -EFAULT;
}

/**
 * stplr_iovec_move() - hand an imported list to another owner
 * @dst: the new owner's list (empty)
 * @src: the list; empty afterwards
 */
void stplr_iovec_move(struct stplr_iovec *dst, struct stplr_iovec *src)
{
	*dst = *src;
	if (src->iov == src->inl)
		dst->iov = dst->inl;
	src->iov = src->inl;
	src->nr = 0;
	src->len = 0;
}

/**
 * stplr_iovec_release() - free what stplr_iovec_import() allocated
 * @v: the list; safe to call twice
 */
void stplr_iovec_release(struct stplr_iovec *v)
{
	if (v->iov != v->inl)
		kfree(v->iov);
	v->iov = v->inl;
	v->nr = 0;
	v->len = 0;
}

/**
 * stplr_local_import() - import the caller's own gather list
 * @l:    list to fill; released with stplr_local_release() on success
 * @dir:  ITER_DEST to receive into it, ITER_SOURCE to send from it
 * @uptr: user address of @nr struct stplr_iov entries
 * @nr:   number of entries
 *
 * Return: as stplr_iovec_import().
 */
int stplr_local_import(struct stplr_local *l, unsigned int dir, u64 uptr,
		       u32 nr)
{
	struct stplr_iovec v;
	u32 i;
	int ret;

	ret = stplr_iovec_import(&v, uptr, nr);
	if (ret)
		return ret;
	l->vec = l->inl;
	if (v.nr > STPLR_IOV_INLINE) {
		l->vec = kmalloc_array(v.nr, sizeof(*l->vec),
				       GFP_KERNEL_ACCOUNT);
		if (!l->vec) {
			stplr_iovec_release(&v);
			return -ENOMEM;
		}
	}
	for (i = 0; i < v.nr; i++) {
		l->vec[i].iov_base = u64_to_user_ptr(v.iov[i].base);
		l->vec[i].iov_len = v.iov[i].len;
	}
	l->nr = v.nr;
	l->len = v.len;
	iov_iter_init(&l->iter, dir, l->vec, v.nr, v.len);
	stplr_iovec_release(&v);
	return 0;
}

/**
 * stplr_local_rewind() - restart the iterator at the first byte
 * @l:   an imported list
 * @dir: the direction it was imported with
 */
void stplr_local_rewind(struct stplr_local *l, unsigned int dir)
{
	iov_iter_init(&l->iter, dir, l->vec, l->nr, l->len);
}

/**
 * stplr_local_release() - free what stplr_local_import() allocated
 * @l: the list
 */
void stplr_local_release(struct stplr_local *l)
{
	if (l->vec != l->inl)
		kfree(l->vec);
	l->vec = l->inl;
}
