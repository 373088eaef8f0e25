#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-pulses example.  Starts
# qnx-pulses-receiver, runs qnx-pulses-sender against it (COUNT pulses,
# default 500, plus a message that must wait behind them), and checks
# both exit statuses.  Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-pulses
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_start receiver "$bin/qnx-pulses-receiver"
receiver=$ex_last_pid
ex_wait_line "$tmp/receiver.out" '^qnx-pulses-receiver: pid [0-9]+ chid [0-9]+$' >/dev/null
set -- $line

status=0
"$bin/qnx-pulses-sender" "$3" "$5" "${COUNT:-500}" || status=1
ex_stop "$receiver" || status=1
cat "$tmp/receiver.out"
exit $status
