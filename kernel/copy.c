// SPDX-License-Identifier: GPL-2.0
/*
 * The single copy between two address spaces.
 */

#include <linux/hrtimer.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include "copy.h"

/*
 * A page that is not present is faulted in without waiting (FOLL_NOWAIT):
 * I/O is started and the pin retried after a short sleep, which a signal
 * or the caller's timeout ends.  A page that stays away for
 * STPLR_COPY_STALL_MS (held by another process's userfaultfd or a FUSE
 * server that does not answer) fails the copy as the peer's fault.
 */
#define STPLR_COPY_STALL_MS	1000

/* Sleeps before the next try; returns OK to retry or why to stop. */
static enum stplr_copy_result stplr_copy_backoff(u64 *waited_ns,
						 ktime_t *expires)
{
	u64 delay = clamp_t(u64, *waited_ns, 50 * NSEC_PER_USEC,
			    10 * NSEC_PER_MSEC);
	ktime_t kt = ns_to_ktime(delay);

	if (*waited_ns >= STPLR_COPY_STALL_MS * NSEC_PER_MSEC)
		return STPLR_COPY_PEER_FAULT;
	set_current_state(TASK_INTERRUPTIBLE);
	schedule_hrtimeout(&kt, HRTIMER_MODE_REL);
	*waited_ns += delay;
	if (fatal_signal_pending(current))
		return STPLR_COPY_KILLED;
	if (signal_pending(current))
		return STPLR_COPY_INTERRUPTED;
	if (expires && ktime_after(ktime_get(), *expires))
		return STPLR_COPY_TIMEDOUT;
	return STPLR_COPY_OK;
}

/*
 * Copies between @local and one stretch of the peer's memory: at most
 * @max pages starting at @addr, at most @len bytes.  Pins the pages into
 * @pages, copies, unpins (marking them dirty when written).
 */
static enum stplr_copy_result stplr_copy_chunk(struct mm_struct *mm,
					       unsigned long addr, size_t len,
					       struct iov_iter *local,
					       bool to_peer, size_t *done,
					       ktime_t *expires,
					       struct page **pages,
					       unsigned long max)
{
	unsigned int off = offset_in_page(addr);
	unsigned long nr = min_t(unsigned long, max,
				 DIV_ROUND_UP(off + len, PAGE_SIZE));
	enum stplr_copy_result res = STPLR_COPY_OK;
	unsigned int gup = FOLL_NOWAIT | (to_peer ? FOLL_WRITE : 0);
	u64 waited = 0;
	long pinned, i;
	int locked;

	for (;;) {
		if (mmap_read_lock_killable(mm))
			return STPLR_COPY_KILLED;
		locked = 1;
		pinned = pin_user_pages_remote(mm, addr & PAGE_MASK, nr, gup,
					       pages, &locked);
		if (locked)
			mmap_read_unlock(mm);
		if (pinned > 0)
			break;
		if (pinned < 0)
			return STPLR_COPY_PEER_FAULT;
		res = stplr_copy_backoff(&waited, expires);
		if (res != STPLR_COPY_OK)
			return res;
	}

	for (i = 0; i < pinned && len; i++) {
		size_t bytes = min_t(size_t, PAGE_SIZE - off, len);
		size_t n;

		/* Own-memory faults are served here: no mmap lock is held. */
		if (to_peer)
			n = copy_page_from_iter(pages[i], off, bytes, local);
		else
			n = copy_page_to_iter(pages[i], off, bytes, local);
		*done += n;
		len -= n;
		if (n < bytes) {
			res = STPLR_COPY_LOCAL_FAULT;
			break;
		}
		off = 0;
	}
	if (to_peer)
		unpin_user_pages_dirty_lock(pages, pinned, true);
	else
		unpin_user_pages(pages, pinned);
	/* A short pin is fine: the caller's next chunk starts at the hole. */
	return res;
}

static enum stplr_copy_result stplr_copy(struct mm_struct *mm,
					 const struct stplr_iovec *peer,
					 u64 offset, struct iov_iter *local,
					 bool to_peer, size_t *copied,
					 ktime_t *expires)
{
	enum stplr_copy_result res = STPLR_COPY_OK;
	struct page *stack[STPLR_PIN_CHUNK], **pages = stack;
	unsigned long max = STPLR_PIN_CHUNK;
	u64 seg_off = offset;
	size_t want;
	u32 i = 0;

	*copied = 0;
	if (!iov_iter_count(local) || offset >= peer->len)
		return STPLR_COPY_OK;
	/*
	 * A large copy pins up to STPLR_PIN_BATCH pages per call instead of
	 * STPLR_PIN_CHUNK: one page array per copy, fewer pin calls and
	 * mmap-lock round trips.  Without memory for it, small chunks do.
	 */
	want = min_t(u64, peer->len - offset, iov_iter_count(local));
	if (want > STPLR_PIN_CHUNK * PAGE_SIZE) {
		max = min_t(unsigned long, STPLR_PIN_BATCH,
			    DIV_ROUND_UP(want, PAGE_SIZE) + 1);
		pages = kmalloc_array(max, sizeof(*pages),
				      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		if (!pages) {
			pages = stack;
			max = STPLR_PIN_CHUNK;
		}
	}
	if (!mmget_not_zero(mm)) {
		res = STPLR_COPY_PEER_GONE;
		goto out;
	}

	while (i < peer->nr && seg_off >= peer->iov[i].len)
		seg_off -= peer->iov[i++].len;

	while (i < peer->nr && iov_iter_count(local)) {
		const struct stplr_iov *seg = &peer->iov[i];
		size_t before = *copied;
		size_t len;

		if (seg_off >= seg->len) {
			i++;
			seg_off = 0;
			continue;
		}
		len = min_t(u64, seg->len - seg_off, iov_iter_count(local));
		res = stplr_copy_chunk(mm, seg->base + seg_off, len, local,
				       to_peer, copied, expires, pages, max);
		stplr_dbg(STPLR_DBG_COPY, "copy %s peer: segment %u, %zu bytes\n",
			  to_peer ? "to" : "from", i, *copied - before);
		if (res != STPLR_COPY_OK)
			break;
		seg_off += *copied - before;
		if (fatal_signal_pending(current)) {
			res = STPLR_COPY_KILLED;
			break;
		}
		cond_resched();
	}
	mmput(mm);
out:
	if (pages != stack)
		kfree(pages);
	return res;
}

/**
 * stplr_copy_from_peer() - copy a peer's bytes into the caller's buffers
 * @mm:     the peer's address space (grabbed by the caller)
 * @peer:   the peer's gather list
 * @offset: first byte of the peer's list to copy
 * @to:     the caller's buffers
 * @copied: out, bytes copied
 * @expires: the caller's absolute timeout, or NULL
 *
 * Copies min(peer->len - offset, iov_iter_count(@to)) bytes.
 *
 * Return: how the copy ended; @copied is valid in every case.
 */
enum stplr_copy_result
stplr_copy_from_peer(struct mm_struct *mm, const struct stplr_iovec *peer,
		     u64 offset, struct iov_iter *to, size_t *copied,
		     ktime_t *expires)
{
	return stplr_copy(mm, peer, offset, to, false, copied, expires);
}

/**
 * stplr_copy_to_peer() - copy the caller's bytes into a peer's buffers
 * @mm:     the peer's address space (grabbed by the caller)
 * @peer:   the peer's gather list
 * @offset: first byte of the peer's list to write
 * @from:   the caller's buffers
 * @copied: out, bytes copied
 * @expires: the caller's absolute timeout, or NULL
 *
 * Return: as stplr_copy_from_peer().
 */
enum stplr_copy_result
stplr_copy_to_peer(struct mm_struct *mm, const struct stplr_iovec *peer,
		   u64 offset, struct iov_iter *from, size_t *copied,
		   ktime_t *expires)
{
	return stplr_copy(mm, peer, offset, from, true, copied, expires);
}

/**
 * stplr_copy_in_own() - copy the caller's own list into the kernel
 * @dst:     room for @own->len bytes
 * @own:     the caller's gather list (validated, in the caller's memory)
 * @nofault: never sleep on a fault: a page that is not present (swapped
 *           out, a userfaultfd or FUSE page) makes the copy fail, and the
 *           caller uses the pinned path, which has bounded waits for such
 *           pages; without it the caller's faults are served (it may sleep
 *           on its own pages), for large asynchronous messages
 *
 * Return: true when all @own->len bytes were copied.
 */
bool stplr_copy_in_own(void *dst, const struct stplr_iovec *own, bool nofault)
{
	u64 off = 0;
	u32 i;

	for (i = 0; i < own->nr; i++) {
		const struct stplr_iov *e = &own->iov[i];
		void __user *src = u64_to_user_ptr(e->base);

		if (nofault ? copy_from_user_nofault(dst + off, src, e->len) :
			      copy_from_user(dst + off, src, e->len))
			return false;
		off += e->len;
	}
	return true;
}

/**
 * stplr_copy_out_own() - copy kernel bytes into the caller's own list
 * @own: the caller's gather list (validated, in the caller's memory)
 * @src: the bytes
 * @len: how many, at most @own->len
 *
 * Faults are served as for any copy_to_user() of the caller.
 *
 * Return: 0, or -EFAULT when a byte could not be written.
 */
int stplr_copy_out_own(const struct stplr_iovec *own, const void *src,
		       u64 len)
{
	u64 off = 0;
	u32 i;

	for (i = 0; i < own->nr && off < len; i++) {
		const struct stplr_iov *e = &own->iov[i];
		u64 n = min(e->len, len - off);

		if (copy_to_user(u64_to_user_ptr(e->base), src + off, n))
			return -EFAULT;
		off += n;
	}
	return 0;
}
