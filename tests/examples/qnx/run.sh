#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: run the QNX example (qnx-server + qnx-client).
# Needs the stplr module loaded.  BUILD_DIR defaults to $STPLR_BUILD, else
# build/ at the top of the tree.  Exit status: 0 ok, 1 failure, 77 (skip)
# when no stapler device exists.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
build=${1:-${STPLR_BUILD:-$top/build}}
bin=$build/tests/examples/qnx
device=${STPLR_DEVICE:-0}

if [ ! -e "/dev/stplr-$device" ]; then
	echo "qnx example: /dev/stplr-$device does not exist (is stplr.ko loaded?)" >&2
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stplr-qnx.XXXXXX")
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

"$bin/qnx-server" >"$tmp/out" &
server_pid=$!
line=
i=0
while [ $i -lt 100 ] && [ -z "$line" ]; do
	line=$(grep -m1 '^qnx-server: pid [0-9]* chid [0-9]*$' "$tmp/out" || true)
	[ -n "$line" ] && break
	kill -0 "$server_pid" 2>/dev/null || { server_pid=; echo "qnx example: server exited" >&2; exit 1; }
	sleep 0.1
	i=$((i + 1))
done
[ -n "$line" ] || { echo "qnx example: no channel from the server" >&2; exit 1; }
echo "$line"
set -- $line

status=0
"$bin/qnx-client" "$3" "$5" || status=1
if "$bin/qnx-client" "$3" "$5" quit; then
	if wait "$server_pid"; then
		:
	else
		echo "qnx example: the server exited with status $?" >&2
		status=1
	fi
	server_pid=
else
	status=1	# cleanup kills the server
fi
exit $status
