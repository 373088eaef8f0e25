#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/rpc/profile-guest.sh BUILD [N]: where a Thrift call's time goes,
# run in a guest with stplr.ko loaded, everything on vCPU 0:
#   tools/vm/run --module build/guest/<kver>/stplr.ko -- bench/rpc/profile-guest.sh build
# 1. the raw round trip of 64 bytes: stapler vs a UNIX socketpair (ipcbench);
# 2. N Thrift ping() calls over stapler and over a UNIX-socket TSocket;
# 3. a system-wide perf profile (cpu-clock) of the stapler calls: the share
#    of user space (Thrift, libstdc++), of the stapler module and of the
#    rest of the kernel.
set -u
build=$1 n=${2:-5000}
tx=$build/tests/examples/thrift
tmp=$(mktemp -d /tmp/profile-rpc.XXXXXX)
taskset -pc 0 $$ >/dev/null
pids=()
stop_servers() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap stop_servers EXIT

echo "== raw 64-byte round trip (ipcbench, pinned to one CPU)"
"$build/bench/ipcbench" -m stplr,unix -s 64 -t 2 -p same 2>/dev/null | grep -v '^#'

for t in stapler unix; do
	"$tx/ping-server" --transport $t >"$tmp/$t.log" 2>&1 &
	pids+=($!)
done
sleep 2
echo "== Thrift ping() alone, $n calls"
for t in stapler unix; do
	"$tx/ping-client" --transport $t bench "$n" | grep -E 'ping-call'
done
if command -v perf >/dev/null; then
	echo "== perf: Thrift over stapler, ping-client bench $n, whole system"
	perf record -q -a -e cpu-clock -F 2000 -o "$tmp/perf.data" -- \
		"$tx/ping-client" --transport stapler bench "$n" >/dev/null 2>&1
	perf report -i "$tmp/perf.data" --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15
	perf report -i "$tmp/perf.data" --sort sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -40
fi
