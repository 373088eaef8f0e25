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
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_serve qnx-timer-periodic-server "$bin/qnx-timer-periodic-server"
status=0
"$bin/qnx-timer-periodic-client" "$srv_pid" "$srv_chid" || status=1
ex_finish $status 'qnx-timer-periodic-server: ticks [0-9]+ bad 0'
