#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-pool example.  Starts qnx-pool-server with
# 4 threads on one channel, runs qnx-pool-client (8 forked clients that
# must be served in parallel), stops the pool and checks that every
# thread ended cleanly.  Exit status: 0 ok, 1 failure, 77 no stapler
# device.
set -eu
example=qnx-pool
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_start server "$bin/qnx-pool-server" 4
server=$ex_last_pid
ex_wait_line "$tmp/server.out" '^qnx-pool-server: pid [0-9]+ chid [0-9]+ threads 4$' >/dev/null
set -- $line

status=0
"$bin/qnx-pool-client" "$3" "$5" 8 4 100 || status=1
"$bin/qnx-pool-client" "$3" "$5" quit || status=1
ex_stop "$server" || status=1
cat "$tmp/server.out"
exit $status
