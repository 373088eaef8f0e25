// SPDX-License-Identifier: GPL-2.0
/*
 * stapler: QNX-style synchronous message passing.  Module init, exit and
 * parameters.
 */

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/sizes.h>
#include "debugfs.h"
#include "dev.h"
#include "common.h"

unsigned int stplr_debug;
unsigned int stplr_max_msg_size = SZ_64M;
unsigned int stplr_max_queued = 4096;
unsigned int stplr_max_channels = 256;
unsigned int stplr_max_connections = 4096;
unsigned int stplr_max_pulses = 1024;
static unsigned int stplr_ndevices_param = 1;

static int stplr_param_set_debug(const char *val,
				 const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, 4);
}

static const struct kernel_param_ops stplr_debug_ops = {
	.set = stplr_param_set_debug,
	.get = param_get_uint,
};

static int stplr_param_set_count(const char *val,
				 const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, INT_MAX);
}

static const struct kernel_param_ops stplr_count_ops = {
	.set = stplr_param_set_count,
	.get = param_get_uint,
};

static int stplr_param_set_devices(const char *val,
				   const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, 64);
}

static const struct kernel_param_ops stplr_devices_ops = {
	.set = stplr_param_set_devices,
	.get = param_get_uint,
};

module_param_cb(debug, &stplr_debug_ops, &stplr_debug, 0644);
MODULE_PARM_DESC(debug, "Debug verbosity, 0 (silent, default) to 4");
module_param_cb(devices, &stplr_devices_ops, &stplr_ndevices_param, 0444);
MODULE_PARM_DESC(devices, "Number of /dev/stplr-N devices, 1 (default) to 64");
module_param_cb(max_msg_size, &stplr_count_ops, &stplr_max_msg_size, 0644);
MODULE_PARM_DESC(max_msg_size, "Largest total length of one gather list in bytes (default 64 MiB)");
module_param_cb(max_queued, &stplr_count_ops, &stplr_max_queued, 0644);
MODULE_PARM_DESC(max_queued, "Messages queued on one channel at once (default 4096)");
module_param_cb(max_channels, &stplr_count_ops, &stplr_max_channels, 0644);
MODULE_PARM_DESC(max_channels, "Channels per open file (default 256)");
module_param_cb(max_connections, &stplr_count_ops, &stplr_max_connections,
		0644);
MODULE_PARM_DESC(max_connections, "Connections per open file (default 4096)");
module_param_cb(max_pulses, &stplr_count_ops, &stplr_max_pulses, 0644);
MODULE_PARM_DESC(max_pulses, "User pulses queued on one channel at once (default 1024)");

static int __init stplr_init(void)
{
	int ret;

	stplr_debugfs_init();
	ret = stplr_devices_new(stplr_ndevices_param);
	if (ret) {
		stplr_debugfs_exit();
		return ret;
	}
	pr_info("version %d.%d.%d, %u device(s)\n", STPLR_VERSION_MAJOR,
		STPLR_VERSION_MINOR, STPLR_VERSION_PATCH, stplr_ndevices_param);
	return 0;
}

static void __exit stplr_exit(void)
{
	stplr_devices_free();
	stplr_debugfs_exit();
	/* Nothing is freed by RCU today; keep unload safe if that changes. */
	rcu_barrier();
}

module_init(stplr_init);
module_exit(stplr_exit);

MODULE_DESCRIPTION("stapler: QNX-style synchronous message passing");
MODULE_LICENSE("GPL");
/* The one source of the version is the UAPI header. */
MODULE_VERSION(__stringify(STPLR_VERSION_MAJOR) "."
	       __stringify(STPLR_VERSION_MINOR) "."
	       __stringify(STPLR_VERSION_PATCH));
