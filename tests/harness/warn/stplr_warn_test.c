// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test module: loading it triggers one kernel warning, so the
 * test harness can prove that its kernel-log splat detection works.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init stplr_warn_test_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit stplr_warn_test_exit(void)
{
}

module_init(stplr_warn_test_init);
module_exit(stplr_warn_test_exit);
MODULE_DESCRIPTION("stapler harness self-test: warns on load");
MODULE_LICENSE("GPL");
