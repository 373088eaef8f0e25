#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-timeout example.  The server must have done
# housekeeping on receive timeouts, answered two fast requests, and found
# the client gone (ESRCH) when it replied late to the slow one; the client
# must have seen ETIMEDOUT for the slow request.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-timeout
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_start server "$bin/qnx-timeout-server"
server=$ex_last_pid
ex_wait_line "$tmp/server.out" '^qnx-timeout-server: ready pid [0-9]+ chid [0-9]+$' >/dev/null
set -- $line

status=0
"$bin/qnx-timeout-client" "$4" "$6" || status=1
ex_stop "$server" || status=1
cat "$tmp/server.out"
grep -qx 'qnx-timeout-server: housekeeping yes fast 2 late-replies 1' "$tmp/server.out" || status=1
exit $status
