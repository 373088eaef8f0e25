#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [BUILD_DIR]
#
# The seed demo: start the server in the background, read its pid and
# channel id, run client1 (one-way) and client2 (round trips, checked)
# against it, then stop the server.  Needs the stplr module loaded, e.g.
#   tools/vm/run --module build/guest/<kver>/stplr.ko -- tests/client-server/demo.sh
#
# BUILD_DIR defaults to $STPLR_BUILD, else build/ at the top of the tree
# (pass build32 for the -m32 programs).  COUNT (default 1000) sets the
# number of messages per client; STPLR_DEVICE=N selects /dev/stplr-N.
#
# Exit status: 0 when every program succeeded, 1 otherwise, 77 (skip)
# when no stapler device exists.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-${STPLR_BUILD:-$top/build}}
bin=$build/tests/client-server
count=${COUNT:-1000}
device=${STPLR_DEVICE:-0}

for p in server client1 client2; do
	if [ ! -x "$bin/$p" ]; then
		echo "demo: $bin/$p not built (make userspace)" >&2
		exit 1
	fi
done
if [ ! -e "/dev/stplr-$device" ]; then
	echo "demo: /dev/stplr-$device does not exist (is stplr.ko loaded?)" >&2
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stplr-demo.XXXXXX")
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

"$bin/server" --device "$device" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!

# Wait up to 10 s for "server: pid P chid C".
line=
i=0
while [ $i -lt 100 ]; do
	line=$(grep -m1 '^server: pid [0-9][0-9]* chid [0-9][0-9]*$' \
		"$tmp/server.out" 2>/dev/null || true)
	[ -n "$line" ] && break
	if ! kill -0 "$server_pid" 2>/dev/null; then
		echo "demo: the server exited early:" >&2
		cat "$tmp/server.err" >&2
		server_pid=
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$line" ]; then
	echo "demo: the server did not print its channel in 10 s" >&2
	exit 1
fi
echo "$line"
set -- $line
pid=$3
chid=$5

status=0
"$bin/client1" --device "$device" --pid "$pid" --chid "$chid" --count "$count" || status=1
"$bin/client2" --device "$device" --pid "$pid" --chid "$chid" --count "$count" || status=1
# Multi-page payload, truncated by the server's 12294-byte receive list.
"$bin/client2" --device "$device" --pid "$pid" --chid "$chid" --count 10 --size 20000 || status=1

if ! kill -0 "$server_pid" 2>/dev/null; then
	echo "demo: the server died during the run:" >&2
	cat "$tmp/server.err" >&2
	server_pid=
	exit 1
fi
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
if [ -s "$tmp/server.err" ]; then
	echo "demo: the server reported errors:" >&2
	cat "$tmp/server.err" >&2
	status=1
fi

if [ $status -eq 0 ]; then
	echo "demo: ok"
else
	echo "demo: FAILED" >&2
fi
exit $status
