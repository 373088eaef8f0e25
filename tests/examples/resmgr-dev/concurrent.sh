#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# concurrent.sh [BUILD_DIR]: concurrent clients of resmgr-dev, both ways,
# against a thread-pool manager.  Prints TAP.  Exit status: 0 ok, 1 failure, 77 no stapler device
# or no CUSE.
#
set -eu
example=resmgr-dev
. "$(dirname "$0")/../qnx-common.sh"
. "$(dirname "$0")/../resmgr-common.sh"
ex_setup "$@"
rm_cuse
# Each check reports its own status: do not stop at the first failure.
set +e

dev=/dev/stplr-dev
name=dev/stplr-dev
client=$bin/resmgr-dev-client

start_server() {
	ex_start "server${1:-}" "$bin/resmgr-dev-server" $dev "$@"
	server=$ex_last_pid
	ex_wait_line "$tmp/server${1:-}.out" '^resmgr-dev: serving' >/dev/null
}

# 5: concurrency: a thread-pool manager, 8 Linux readers/writers and 4 QNX clients.
start_server -t 8
pids=
for i in 1 2 3 4 5 6 7 8; do
	( for j in 1 2 3 4 5; do echo "c$i-$j" >$dev || exit 1; cat $dev >/dev/null || exit 1; done ) &
	pids="$pids $!"
done
for i in 1 2 3 4; do
	"$client" qnx $name >"$tmp/conc$i.tap" 2>&1 &
	pids="$pids $!"
done
st=0
for p in $pids; do wait $p || st=1; done
rm_ok $st "12 concurrent clients (8 CUSE, 4 stapler) all finish"
nproc_t=$(ls /proc/$server/task | wc -l); [ "$nproc_t" -ge 3 ]; rm_ok $? "the pool runs several threads ($nproc_t)"

echo "1..$rm_n"
exit $rm_failed
