#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# concurrent.sh [BUILD_DIR]: concurrent clients of resmgr-dev, both ways,
# against a thread-pool manager.  Prints TAP.  Exit status: 0 ok, 1 failure, 77 no stapler device
# or no CUSE.
#
set -eu
example=resmgr-dev
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
# shellcheck source=tests/examples/resmgr-common.sh
. "$(dirname "$0")/../resmgr-common.sh"
ex_setup "$@"
rm_cuse
# Each check reports its own status: do not stop at the first failure.
set +e

dev=/dev/stplr-conc
name=dev/stplr-conc
client=$bin/resmgr-dev-client

start_server() {
	ex_start "server${1:-}" "$bin/resmgr-dev-server" $dev "$@"
	server=$ex_last_pid
	ex_wait_line "$tmp/server${1:-}.out" '^resmgr-dev: serving' >/dev/null
}

# 5: concurrency: a thread-pool manager, 8 Linux readers/writers and 4 QNX clients.
start_server -t 8
perl -e 'ioctl(STDIN, 0x00000b04, 0) or die "reset: $!"' <$dev
pids=
for i in 1 2 3 4 5 6 7 8; do
	( for j in 1 2 3 4 5; do
		echo "c$i-$j" >$dev || exit 1
		cat $dev >/dev/null || exit 1
		perl -e '$v = pack("i", 1); ioctl(STDIN, 0xc0040b03, $v) or die "add: $!"' <$dev || exit 1
	done ) &
	pids="$pids $!"
done
for i in 1 2 3 4; do
	"$client" stress $name 25 >"$tmp/conc$i.tap" 2>&1 &
	pids="$pids $!"
done
st=0
for p in $pids; do wait $p || st=1; done
rm_ok $st "12 concurrent clients (8 CUSE, 4 stapler) all finish"
! grep -q "not ok" "$tmp"/conc*.tap; rm_ok $? "every stapler round succeeded"
v=$("$client" value $name); [ "$v" = "value 140" ]; rm_ok $? "no devctl lost: 8x5 + 4x25 additions ($v)"
nproc_t=$(ls /proc/$server/task | wc -l); [ "$nproc_t" -ge 3 ]; rm_ok $? "the pool runs several threads ($nproc_t)"
kill -0 "$server"; rm_ok $? "the manager is still running"
[ $rm_failed = 0 ] || cat "$tmp"/server*.err "$tmp"/conc*.tap >&2
echo "1..$rm_n"
exit $rm_failed
