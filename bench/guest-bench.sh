#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/guest-bench.sh IPCBENCH [ARGS...] [--pass ARGS...]...
#
# Runs inside the QEMU guest started by bench/run-bench (stplr.ko already
# loaded by tools/vm/run): loads Debian's binder driver, runs ipcbench once
# per pass (the arguments up to each "--pass" are one pass) and prints the
# combined CSV between marker lines on stdout, because the guest sees the
# host's filesystem read-only (only /tmp is writable, and it is the guest's
# own tmpfs).  The metadata lines of passes after the first get a
# "passN_" prefix.
#
# Exit status: 0 when every pass exited 0, else the last failing status.
set -u

bin=$1
shift
csv=/tmp/ipcbench.csv
: >"$csv"

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

rc=0
pass=1
run_pass() {
	echo "guest: pass $pass: ipcbench $*"
	"$bin" --csv /tmp/pass.csv "$@"
	prc=$?
	[ "$prc" = 0 ] || rc=$prc
	echo "guest: pass $pass: exit status $prc, loadavg $(cat /proc/loadavg)"
	if [ "$pass" = 1 ]; then
		cat /tmp/pass.csv >>"$csv"
	else
		sed -e '/^kind,/d' -e "s/^# /# pass${pass}_/" /tmp/pass.csv >>"$csv"
	fi
	pass=$((pass + 1))
}

# Split the arguments at each --pass.
args=''
for a in "$@"; do
	if [ "$a" = --pass ]; then
		eval "set -- $args"
		run_pass "$@"
		args=''
	else
		args="$args '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
	fi
done
eval "set -- $args"
run_pass "$@"

echo "@@IPCBENCH-CSV-BEGIN@@"
cat "$csv"
echo "@@IPCBENCH-CSV-END@@"
exit "$rc"
