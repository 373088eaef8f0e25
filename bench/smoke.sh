#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/smoke.sh [BUILD_DIR]: a short run of the benchmark in the test
# guest (tests/TESTS), so that it cannot rot: every mechanism of every
# phase, a few sizes, a few calls each, every reply checked by ipcbench.
# TAP: one test per expected result row, and one for ipcbench's exit
# status.  Binder rows are skipped (not passed) when the kernel has no
# binder driver to load, pvm rows when it has no process_vm_readv (the
# debug kernel); every other missing row fails.
set -u

build=${1:-build}
bin=$build/bench/ipcbench
csv=/tmp/bench-smoke.csv
[ -x "$bin" ] || { echo "1..1"; echo "not ok 1 - $bin missing (make userspace)"; exit 1; }

if [ ! -e /dev/binder ]; then
	modprobe binder_linux devices=binder 2>/dev/null ||
		insmod "/lib/modules/$(uname -r)/kernel/drivers/android/binder_linux.ko" devices=binder 2>/dev/null
fi
binder=yes
[ -e /dev/binder ] || binder=no

lat="stplr pipe unix-stream unix-seqpacket futex-shm mqueue binder memcpy pvm stplr-oneway"
ow="stplr stplr-pulse pipe unix-stream unix-seqpacket futex-shm mqueue binder"
tput="stplr pipe unix-stream unix-seqpacket futex-shm mqueue binder"
mlist() { echo "$1" | tr ' ' ','; }

"$bin" -m "$(mlist "$lat")" -s 8,4k,1m -t 0.02 -w 0.01 --min-iters 5 -r 2 \
	--ow-mechs "$(mlist "$ow")" --ow-sizes 8,4k --ow-time 0.05 --ow-rounds 2 \
	--tput-mechs "$(mlist "$tput")" --tput-sizes 64,4k --tput-clients 1,4 \
	--tput-time 0.1 --tput-rounds 2 -o "$csv" 2>/tmp/bench-smoke.err
rc=$?
pvm=yes
grep -q '^# unavailable=pvm: no process_vm_readv in this kernel' "$csv" 2>/dev/null && pvm=no

expect() {	# kind mech size clients
	case "$1:$2:$3" in
	*:stplr-pulse:4096) return 1 ;;	# pulses carry 8 bytes
	esac
	echo "$1 $2 $3 $4"
}
list=$( (for m in $lat; do for s in 8 4096 1048576; do expect lat "$m" "$s" 1; done; done
	 for m in $ow; do for s in 8 4096; do expect ow "$m" "$s" 1; done; done
	 for c in 1 4; do for m in $tput; do for s in 64 4096; do expect tput "$m" "$s" "$c"; done; done; done) )
total=$(echo "$list" | wc -l)
echo "1..$((total + 1))"
i=0 fail=0
echo "$list" | {
	while read -r kind mech size clients; do
		i=$((i + 1))
		name="$kind $mech $size B, $clients client(s)"
		if grep -q "^$kind,$mech,$size,[a-z]*,$clients," "$csv" 2>/dev/null; then
			echo "ok $i - $name"
		elif [ "$mech" = binder ] && [ "$binder" = no ]; then
			echo "ok $i - $name # SKIP no binder driver in this kernel"
		elif [ "$mech" = pvm ] && [ "$pvm" = no ]; then
			echo "ok $i - $name # SKIP no process_vm_readv in this kernel"
		else
			echo "not ok $i - $name"
			fail=1
		fi
	done
	exit "$fail"
}
fail=$?
i=$((total + 1))
# Without binder or process_vm ipcbench exits 1 for those mechanisms only.
if [ "$rc" = 0 ] || { { [ "$binder" = no ] || [ "$pvm" = no ]; } && [ "$rc" = 1 ] &&
	! grep -q '^# failed=' "$csv" &&
	! grep -v -e '^# unavailable=binder' -e '^# unavailable=pvm: no process_vm_readv in this kernel' "$csv" | grep -q '^# unavailable='; }; then
	echo "ok $i - ipcbench exit status $rc, every reply checked"
else
	echo "not ok $i - ipcbench exit status $rc"
	sed 's/^/# /' /tmp/bench-smoke.err | tail -n 20
	grep -E '^# (failed|unavailable)=' "$csv" 2>/dev/null
	fail=1
fi
exit "$fail"
