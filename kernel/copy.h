/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: the copy engine
 *
 * Moves payload bytes once, directly between the running thread's own
 * buffers (an iov_iter over its memory) and a blocked peer's buffers (a
 * struct stplr_iovec in the peer's address space).  The peer's pages are
 * pinned STPLR_PIN_CHUNK at a time, only while that chunk is copied, with
 * FOLL_PIN semantics (and FOLL_WRITE when writing into the peer), then
 * released; a copy larger than that pins up to STPLR_PIN_BATCH pages per
 * call instead (issue 12: 2 pin calls per 1 MiB round trip, not 32).  No
 * payload is staged in a kernel buffer and nothing stays
 * pinned between calls, so a blocked thread holds no pinned memory and a
 * large message needs no RLIMIT_MEMLOCK headroom.
 *
 * The caller guarantees that the peer's list is stable and that the peer's
 * mm_struct is grabbed (mmgrab) for the duration; the engine itself takes a
 * user reference (mmget) so that an exiting peer is noticed.
 *
 * Every copy ends within bounded time: the peer's pages are faulted in
 * without waiting (FOLL_NOWAIT) and retried with short sleeps that a
 * signal or the caller's timeout ends, and a page that stays away for a
 * second (a userfaultfd or FUSE page whose owner does not answer) fails
 * the copy as the peer's fault.
 *
 * Small messages skip all of that: the sender copies its own list into
 * the message (stplr_copy_in_own() without faulting, only when every page
 * is present, so a sender never sleeps on its own faults there) and the
 * receiver copies from the message; nothing is pinned.  Small replies go
 * the same way back: the replier copies into the message and the sender
 * copies out with stplr_copy_out_own() in its own call.
 */
#ifndef _STPLR_COPY_H
#define _STPLR_COPY_H

#include <linux/ktime.h>
#include <linux/mm_types.h>
#include "iov.h"

#define STPLR_PIN_CHUNK 16
/* The most pages one large copy pins at once (1 MiB with 4 KiB pages). */
#define STPLR_PIN_BATCH 256

/**
 * enum stplr_copy_result - how a copy ended
 * @STPLR_COPY_OK:         every byte that both sides offered moved
 * @STPLR_COPY_LOCAL_FAULT: the caller's own buffers faulted
 * @STPLR_COPY_PEER_FAULT: the peer's buffers could not be pinned
 * @STPLR_COPY_PEER_GONE:  the peer's address space is exiting
 * @STPLR_COPY_KILLED:     the caller received a fatal signal
 * @STPLR_COPY_INTERRUPTED: a signal came while waiting for a peer's page
 * @STPLR_COPY_TIMEDOUT:   the caller's timeout expired meanwhile
 */
enum stplr_copy_result {
	STPLR_COPY_OK,
	STPLR_COPY_LOCAL_FAULT,
	STPLR_COPY_PEER_FAULT,
	STPLR_COPY_PEER_GONE,
	STPLR_COPY_KILLED,
	STPLR_COPY_INTERRUPTED,
	STPLR_COPY_TIMEDOUT,
};

enum stplr_copy_result
stplr_copy_from_peer(struct mm_struct *mm, const struct stplr_iovec *peer,
		     u64 offset, struct iov_iter *to, size_t *copied,
		     ktime_t *expires);
enum stplr_copy_result
stplr_copy_to_peer(struct mm_struct *mm, const struct stplr_iovec *peer,
		   u64 offset, struct iov_iter *from, size_t *copied,
		   ktime_t *expires);

bool stplr_copy_in_own(void *dst, const struct stplr_iovec *own, bool nofault);
int stplr_copy_out_own(const struct stplr_iovec *own, const void *src,
		       u64 len);

#endif /* _STPLR_COPY_H */
