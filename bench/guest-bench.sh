#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/guest-bench.sh IPCBENCH [IPCBENCH ARGS...]
#
# Runs inside the QEMU guest started by bench/run-bench (stplr.ko already
# loaded by tools/vm/run): loads Debian's binder driver, runs ipcbench and
# prints its CSV between marker lines on stdout, because the guest sees
# the host's filesystem read-only (only /tmp is writable, and it is the
# guest's own tmpfs).
set -u

bin=$1
shift
csv=/tmp/ipcbench.csv

echo "guest: kernel $(uname -r), $(nproc) CPU(s), loadavg $(cat /proc/loadavg)"

# Android binder from the guest kernel's own modules.  binderfs is not
# needed: devices=binder makes the driver register /dev/binder itself.
if [ ! -e /dev/binder ]; then
	if ! modprobe binder_linux devices=binder 2>/tmp/binder.err; then
		ko=/lib/modules/$(uname -r)/kernel/drivers/android/binder_linux.ko
		insmod "$ko" devices=binder 2>>/tmp/binder.err ||
			echo "guest: cannot load binder_linux: $(cat /tmp/binder.err)"
	fi
fi
for dev in /dev/stplr-0 /dev/binder; do
	if [ -e "$dev" ]; then
		echo "guest: $dev present"
	else
		echo "guest: $dev missing"
	fi
done

"$bin" --csv "$csv" "$@"
rc=$?
echo "guest: ipcbench exit status $rc, loadavg $(cat /proc/loadavg)"
echo "@@IPCBENCH-CSV-BEGIN@@"
cat "$csv" 2>/dev/null
echo "@@IPCBENCH-CSV-END@@"
exit "$rc"
