#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-timer-multi example (two pulse timers on one
# channel; timer_gettime, timer_delete, and a periodic timer turned into a
# one-shot).  The client checks the counts the server replies.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-timer-multi
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_serve qnx-timer-multi-server "$bin/qnx-timer-multi-server"
status=0
"$bin/qnx-timer-multi-client" "$srv_pid" "$srv_chid" || status=1
ex_finish $status
