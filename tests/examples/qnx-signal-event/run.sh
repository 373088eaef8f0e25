#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-signal-event example (MsgDeliverEvent of
# SIGEV_SIGNAL, SIGEV_SIGNAL_CODE and SIGEV_SIGNAL_THREAD events), through
# the module's STPLR_MSG_DELIVER_EVENT with STPLR_EVENT_F_SIGNAL.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-signal-event
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

name=qnx-signal-event/$$
ex_serve qnx-signal-event-server "$bin/qnx-signal-event-server" "$name"

status=0
"$bin/qnx-signal-event-client" "$name" >"$tmp/client.out" 2>&1 || status=1
rc=0
wait "$server" || rc=$?
cat "$tmp/server.out" "$tmp/client.out"
[ "$rc" = 0 ] || status=1
grep -qx 'qnx-signal-event-client: SIGUSR1: data ready' "$tmp/client.out" || status=1
grep -qx 'qnx-signal-event-client: SIGUSR2 code -123 value 4321' "$tmp/client.out" || status=1
grep -qx 'qnx-signal-event-client: worker thread: SIGRTMIN code -121 value 8765' "$tmp/client.out" || status=1
grep -qx 'qnx-signal-event-client: notified' "$tmp/client.out" || status=1
grep -qx 'qnx-signal-event-server: delivered 3' "$tmp/server.out" || status=1
exit $status
