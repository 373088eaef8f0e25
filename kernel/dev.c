// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/stplr-N misc devices and their file operations.
 */

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "common.h"
#include "ctx.h"
#include "debugfs.h"
#include "dev.h"
#include "ioctl.h"

static struct stplr_device *stplr_devices;
static unsigned int stplr_ndevices;

static int stplr_open(struct inode *inode, struct file *file)
{
	struct stplr_device *dev = container_of(file->private_data,
						struct stplr_device, misc);
	struct stplr_ctx *ctx;

	ctx = stplr_ctx_new(dev);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	file->private_data = ctx;
	return 0;
}

static int stplr_release(struct inode *inode, struct file *file)
{
	stplr_ioctl_release(file->private_data);
	return 0;
}

static long stplr_dev_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	return stplr_ioctl(file->private_data, cmd, (void __user *)arg);
}

static const struct file_operations stplr_fops = {
	.owner		= THIS_MODULE,
	.open		= stplr_open,
	.release	= stplr_release,
	.unlocked_ioctl	= stplr_dev_ioctl,
	/* Every argument struct has one layout for 32- and 64-bit callers. */
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/**
 * stplr_devices_new() - create /dev/stplr-0 .. /dev/stplr-(count-1)
 * @count: number of devices
 *
 * Return: 0 or a negative errno; nothing is left registered on failure.
 */
int stplr_devices_new(unsigned int count)
{
	unsigned int i;
	int ret;

	stplr_devices = kcalloc(count, sizeof(*stplr_devices), GFP_KERNEL);
	if (!stplr_devices)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		struct stplr_device *dev = &stplr_devices[i];

		stplr_device_init(dev, i);
		dev->misc.minor = MISC_DYNAMIC_MINOR;
		dev->misc.name = dev->name;
		dev->misc.fops = &stplr_fops;
		/* Access control is per channel (see STPLR_CHF_MODE). */
		dev->misc.mode = 0666;
		stplr_debugfs_device_add(dev);
		/* Everything above is ready before the node goes live. */
		ret = misc_register(&dev->misc);
		if (ret) {
			pr_err("cannot register %s: %d\n", dev->name, ret);
			stplr_ndevices = i;
			stplr_devices_free();
			return ret;
		}
	}
	stplr_ndevices = count;
	return 0;
}

/**
 * stplr_devices_free() - remove every device
 *
 * Called at module unload, when no file is open.
 */
void stplr_devices_free(void)
{
	unsigned int i;

	for (i = 0; i < stplr_ndevices; i++) {
		struct stplr_device *dev = &stplr_devices[i];

		misc_deregister(&dev->misc);
		stplr_device_destroy(dev);
	}
	kfree(stplr_devices);
	stplr_devices = NULL;
	stplr_ndevices = 0;
}
