#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-names example.  Starts qnx-names-server
# under a fresh name, runs qnx-names-client twice (name_open, hello,
# refused I/O messages, a TimerTimeout that the server's UNBLOCK handling
# turns into ETIMEDOUT), checks that an unknown name fails, stops the
# server and checks its counters: no _IO_CONNECT (name_open() sends none), 2 DISCONNECT pulses,
# 2 UNBLOCK pulses, 4 refused I/O messages.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-names
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

name=qnx-names/$$
ex_start server "$bin/qnx-names-server" "$name"
server=$ex_last_pid
ex_wait_line "$tmp/server.out" '^qnx-names-server: ready ' >/dev/null

status=0
"$bin/qnx-names-client" "$name" || status=1
"$bin/qnx-names-client" "$name" || status=1
rc=0
"$bin/qnx-names-client" "$name-missing" 2>"$tmp/missing.err" || rc=$?
if [ "$rc" = 2 ] && grep -q 'No such file or directory' "$tmp/missing.err"; then
	echo "qnx-names: name_open of an unknown name fails with ENOENT: ok"
else
	echo "qnx-names: name_open of an unknown name: status $rc" >&2
	cat "$tmp/missing.err" >&2
	status=1
fi
"$bin/qnx-names-client" "$name" quit || status=1
ex_stop "$server" || status=1
cat "$tmp/server.out"
want='qnx-names-server: connects 0 disconnects 2 unblocks 2 rejected 4'
if grep -qx "$want" "$tmp/server.out"; then
	echo "qnx-names: server counters: ok"
else
	echo "qnx-names: expected '$want'" >&2
	status=1
fi
exit $status
