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
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_serve qnx-watchdog-server "$bin/qnx-watchdog-server"
status=0
"$bin/qnx-watchdog-client" "$srv_pid" "$srv_chid" 8 || status=1
ex_finish $status 'qnx-watchdog-server: watchdog expired after 8 kicks'
