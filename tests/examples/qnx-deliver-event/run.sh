#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-deliver-event example (MsgDeliverEvent of a
# client's pulse event after the reply).  Delivering to a client that is
# not blocked on the server needs the kernel part of issue 9 (proposed in
# docs/design.md); until the module has it, MsgDeliverEvent() fails with
# ENOSYS, the server says so, and the run is skipped (77).
# Exit status: 0 ok, 1 failure, 77 no stapler device or no kernel support.
set -eu
example=qnx-deliver-event
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

name=qnx-deliver-event/$$
ex_serve qnx-deliver-event-server "$bin/qnx-deliver-event-server" "$name"

status=0
"$bin/qnx-deliver-event-client" "$name" >"$tmp/client.out" 2>&1 || status=1
rc=0
wait "$server" || rc=$?
cat "$tmp/server.out" "$tmp/client.out"
if [ "$rc" = 3 ] && grep -q 'MsgDeliverEvent: Function not implemented' "$tmp/server.out"; then
	echo "qnx-deliver-event: MsgDeliverEvent needs the module's event delivery (issue 9 kernel part); skipped"
	exit 77
fi
[ "$rc" = 0 ] || status=1
grep -qx 'qnx-deliver-event-client: notified' "$tmp/client.out" || status=1
exit $status
