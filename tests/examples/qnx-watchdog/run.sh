#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-watchdog example.  The client kicks the
# server's one-shot watchdog timer 8 times; the server must not expire
# while it is being kicked, must expire once afterwards, and reports the
# number of kicks it saw.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-watchdog
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_start server "$bin/qnx-watchdog-server"
server=$ex_last_pid
ex_wait_line "$tmp/server.out" '^qnx-watchdog-server: ready pid [0-9]+ chid [0-9]+$' >/dev/null
set -- $line

status=0
"$bin/qnx-watchdog-client" "$4" "$6" 8 || status=1
ex_stop "$server" || status=1
cat "$tmp/server.out"
grep -qx 'qnx-watchdog-server: watchdog expired after 8 kicks' "$tmp/server.out" || status=1
exit $status
