#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-timer-multi example (two pulse timers on one
# channel; timer_gettime, timer_delete, and a periodic timer turned into a
# one-shot).  The client checks the counts the server replies.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-timer-multi
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_start server "$bin/qnx-timer-multi-server"
server=$ex_last_pid
ex_wait_line "$tmp/server.out" '^qnx-timer-multi-server: ready pid [0-9]+ chid [0-9]+$' >/dev/null
set -- $line

status=0
"$bin/qnx-timer-multi-client" "$4" "$6" || status=1
ex_stop "$server" || status=1
exit $status
