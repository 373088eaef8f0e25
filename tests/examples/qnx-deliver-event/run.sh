#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-deliver-event example (MsgDeliverEvent of a
# client's pulse event after the reply), through the module's
# STPLR_MSG_DELIVER_EVENT.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-deliver-event
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

name=qnx-deliver-event/$$
ex_serve qnx-deliver-event-server "$bin/qnx-deliver-event-server" "$name"

status=0
"$bin/qnx-deliver-event-client" "$name" >"$tmp/client.out" 2>&1 || status=1
rc=0
wait "$server" || rc=$?
cat "$tmp/server.out" "$tmp/client.out"
[ "$rc" = 0 ] || status=1
grep -qx 'qnx-deliver-event-client: notified' "$tmp/client.out" || status=1
grep -qx 'qnx-deliver-event-server: delivered' "$tmp/server.out" || status=1
exit $status
