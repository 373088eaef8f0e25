#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-prio-pulse example.  The client queues four
# pulses of priorities 5, 15, 10 and its own (19 at nice 0); the server,
# released by SIGUSR1, must take them highest first: codes 4, 2, 3, 1.
# Then a SIGEV_PULSE_PRIO_INHERIT timer pulse must carry the server's
# own priority.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-prio-pulse
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_serve qnx-prio-pulse-server "$bin/qnx-prio-pulse-server"

status=0
"$bin/qnx-prio-pulse-client" "$srv_pid" "$srv_chid" || status=1
kill -USR1 "$server"
ex_stop "$server" || status=1
cat "$tmp/server.out"
got=$(sed -n 's/^qnx-prio-pulse-server: code \([0-9]*\) value .*/\1/p' "$tmp/server.out" | tr '\n' ' ')
if [ "$got" != "4 2 3 1 " ]; then
	echo "qnx-prio-pulse: pulses came in order '$got', want '4 2 3 1 '" >&2
	status=1
fi
grep -qx 'qnx-prio-pulse-server: timer pulse priority equals the server.s' "$tmp/server.out" || status=1
exit $status
