#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/rpc/guest-rpc.sh BUILD REPS N TICKS INTERVAL_US CPUS [DBUS_N]
#
# Runs inside the guest started by bench/rpc/run-bench-rpc (stplr.ko
# loaded): starts a private dbus-daemon and the ping, calculator and timer
# servers of every family (D-Bus; Thrift over a UNIX-socket TSocket, a
# loopback-TCP TSocket, and stapler), then REPS rounds, in a rotating order
# of families, of each client's benchmark (N iterations) and the timer
# (TICKS ticks of INTERVAL_US); D-Bus runs DBUS_N iterations (default N).  Everything runs under taskset -c CPUS.
# Prints "REP r" then the clients' BENCH and TIMER lines; report.py turns
# them into the table.
set -u

build=$1 reps=$2 n=$3 ticks=$4 interval=$5 cpus=$6 dbus_n=${7:-$3}
top=$(cd "$(dirname "$0")/../.." && pwd)
tx=$build/tests/examples/thrift
dx=$build/tests/examples/dbus
tmp=$(mktemp -d /tmp/bench-rpc.XXXXXX)
pids=()
run() { taskset -c "$cpus" "$@"; }
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	private_bus_stop
}
trap cleanup EXIT

. "$top/tests/examples/dbus/private-bus.sh"
# Everything from here on, dbus-daemon included, on the same CPU(s).
taskset -pc "$cpus" $$ >/dev/null
# The guest brings up no network: TSocket over TCP needs the loopback.
ip link set lo up 2>/dev/null || busybox ip link set lo up
echo "guest: kernel $(uname -r), $(nproc) CPU(s), pinned to CPU(s) $cpus, loadavg $(cat /proc/loadavg)"
[ -e /dev/stplr-0 ] || { echo "guest: /dev/stplr-0 missing"; exit 1; }
private_bus_start "$tmp" || exit 1

# wait_ready LOG NAME
wait_ready() {
	for _ in $(seq 400); do
		grep -q "^$2-server: ready" "$1" && return 0
		sleep 0.05
	done
	echo "guest: $2 server did not start: $(cat "$1")"
	exit 1
}

for s in ping calculator timer; do
	run "$dx/$s-server" >"$tmp/dbus-$s.log" 2>&1 &
	pids+=($!)
	wait_ready "$tmp/dbus-$s.log" $s
	for t in unix tcp stapler; do
		run "$tx/$s-server" --transport $t >"$tmp/$t-$s.log" 2>&1 &
		pids+=($!)
		wait_ready "$tmp/$t-$s.log" $s
	done
done

families=(dbus unix tcp stapler)
for r in $(seq "$reps"); do
	echo "REP $r"
	for i in 0 1 2 3; do
		f=${families[$(( (i + r - 1) % 4 ))]}
		if [ $f = dbus ]; then
			run "$dx/ping-client" bench "$dbus_n"
			run "$dx/calculator-client" bench "$dbus_n"
			run "$dx/timer-client" bench "$ticks" "$interval"
		else
			run "$tx/ping-client" --transport $f bench "$n"
			run "$tx/calculator-client" --transport $f bench "$n"
			run "$tx/timer-client" --transport $f bench "$ticks" "$interval"
		fi
	done
done

# Where the time goes: system calls of ping-client bench 200 (100 warm-up
# pings + 8 x 200 + 2 messages) and of its server, TSocket vs stapler.
if command -v strace >/dev/null; then
	for f in unix stapler; do
		echo "STRACE family=thrift-$f"
		spid=$(pgrep -f "ping-server --transport $f" | head -n 1)
		strace -c -f -p "$spid" -o "$tmp/strace-server-$f" &
		stpid=$!
		sleep 1
		strace -c -f -o "$tmp/strace-client-$f" "$tx/ping-client" --transport $f bench 200 >/dev/null
		kill -INT $stpid; wait $stpid 2>/dev/null
		echo "STRACE-CLIENT family=thrift-$f"
		sed 's/^/# /' "$tmp/strace-client-$f"
		echo "STRACE-SERVER family=thrift-$f"
		sed 's/^/# /' "$tmp/strace-server-$f"
	done
fi
echo "guest: done"
