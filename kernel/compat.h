/* SPDX-License-Identifier: GPL-2.0 */
/**
 * DOC: backfills for older kernels
 *
 * The sources are written against the newest kernel API.  Everything an
 * older kernel lacks is provided here, chosen by feature probes of the
 * kernel headers in Kbuild (STPLR_HAVE_* / STPLR_NEED_*) rather than by
 * version numbers, because distributions backport.  This header is
 * force-included into every file of the module.
 */
#ifndef _STPLR_COMPAT_H
#define _STPLR_COMPAT_H

/*
 * 6.5 dropped the vmas argument of pin_user_pages_remote().  Call sites use
 * the new form; older kernels get it mapped onto the old one.
 */
#ifdef STPLR_NEED_GUP_VMAS
#include <linux/mm.h>

static inline long stplr_compat_pin_user_pages_remote(struct mm_struct *mm,
						      unsigned long start,
						      unsigned long nr_pages,
						      unsigned int gup_flags,
						      struct page **pages,
						      int *locked)
{
	return pin_user_pages_remote(mm, start, nr_pages, gup_flags, pages,
				     NULL, locked);
}

#define pin_user_pages_remote stplr_compat_pin_user_pages_remote
#endif

#endif /* _STPLR_COMPAT_H */
