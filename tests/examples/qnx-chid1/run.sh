#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-chid1 example, a client that hard-codes
# channel 1 of its server.  It needs per-process channel numbering from
# the module (the kernel part of issue 9, proposed in docs/design.md):
# until then the device numbers channels per device, so the server's
# channel is 1 only by chance, and the run is skipped (77) when it is not.
# Exit status: 0 ok, 1 failure, 77 no stapler device or no per-process
# channel numbering.
set -eu
example=qnx-chid1
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_serve qnx-chid1-server "$bin/qnx-chid1-server"
if [ "$srv_chid" != 1 ]; then
	echo "qnx-chid1: the server's first channel is chid $srv_chid, not 1: the module does not number channels per process yet (issue 9 kernel part); skipped"
	exit 77
fi

status=0
"$bin/qnx-chid1-client" "$srv_pid" || status=1
ex_stop "$server" || status=1
exit $status
