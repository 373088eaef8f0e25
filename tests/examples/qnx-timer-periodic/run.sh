#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-timer-periodic example.  Starts the server
# (a 20 ms SIGEV_PULSE timer on its own channel), runs the client, which
# checks that the tick count grows, and checks that the server saw no
# pulse with a wrong code or value.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-timer-periodic
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_start server "$bin/qnx-timer-periodic-server"
server=$ex_last_pid
ex_wait_line "$tmp/server.out" '^qnx-timer-periodic-server: ready pid [0-9]+ chid [0-9]+$' >/dev/null
set -- $line

status=0
"$bin/qnx-timer-periodic-client" "$4" "$6" || status=1
ex_stop "$server" || status=1
cat "$tmp/server.out"
grep -q 'ticks [0-9]* bad 0$' "$tmp/server.out" || status=1
exit $status
