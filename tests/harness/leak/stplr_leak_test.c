// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test module: loading it leaks one small allocation, so the
 * debug-kernel run can prove that its kmemleak check blames the module.
 */
#include <linux/module.h>
#include <linux/slab.h>

/* noinline: the only copy of the pointer dies with this frame. */
static noinline void stplr_leak_test_leak(void)
{
	char *p = kmalloc(128, GFP_KERNEL);

	if (p)
		p[0] = 1;
}

static int __init stplr_leak_test_init(void)
{
	stplr_leak_test_leak();
	return 0;
}

static void __exit stplr_leak_test_exit(void)
{
}

module_init(stplr_leak_test_init);
module_exit(stplr_leak_test_exit);
MODULE_DESCRIPTION("stapler harness self-test: leaks on load");
MODULE_LICENSE("GPL");
