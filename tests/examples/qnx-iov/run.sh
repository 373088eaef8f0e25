#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-iov example.  Starts qnx-iov-server, runs
# qnx-iov-client against it (MsgSendv gathers, MsgRead/MsgWrite at
# offsets, MsgReply without data), then stops the server.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-iov
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_start server "$bin/qnx-iov-server"
server=$ex_last_pid
ex_wait_line "$tmp/server.out" '^qnx-iov-server: pid [0-9]+ chid [0-9]+$'
set -- $line

status=0
"$bin/qnx-iov-client" "$3" "$5" || status=1
"$bin/qnx-iov-client" "$3" "$5" quit || status=1
ex_stop "$server" || status=1
exit $status
