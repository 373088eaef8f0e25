#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the D-Bus examples' correctness pass on a private
# dbus-daemon started for the run, TAP on stdout: ping (Name, Version,
# small and 1.5 MiB echo, 1000 one-way Hello), calculator (four operations,
# divide by zero), timer (5 Tick signals of a 20 ms timer).
# Exit status: 0 all passed, 1 a failure, 77 (skip) when the examples were
# not built (no libdbus-1-dev) or dbus-daemon is missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
build=${1:-${STPLR_BUILD:-$top/build}}
bin=$build/tests/examples/dbus

if [ ! -x "$bin/ping-server" ]; then
	echo "dbus examples: $bin/ping-server not built (apt-get install libdbus-1-dev, then make)" >&2
	exit 77
fi
. "$here/private-bus.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stplr-dbus.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	private_bus_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
private_bus_start "$tmp" || exit $?

failed=0
for s in ping calculator timer; do
	"$bin/$s-server" >"$tmp/$s.log" 2>&1 &
	pids+=($!)
	up=0
	for _ in $(seq 200); do
		grep -q "^$s-server: ready" "$tmp/$s.log" && { up=1; break; }
		sleep 0.05
	done
	if [ $up = 0 ]; then
		echo "not ok - dbus $s-server did not start"
		sed 's/^/# /' "$tmp/$s.log"
		failed=1
		continue
	fi
	"$bin/$s-client" test 2>&1 | sed -e "s/^\(ok\|not ok\) - /\1 - dbus $s: /"
	[ "${PIPESTATUS[0]}" = 0 ] || failed=1
done
exit $failed
