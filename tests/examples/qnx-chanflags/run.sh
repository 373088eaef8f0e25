#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-chanflags example (_NTO_CHF_UNBLOCK,
# _NTO_CHF_DISCONNECT, _NTO_CHF_COID_DISCONNECT).  The client's held
# request must fail with the server's ETIMEDOUT after an UNBLOCK pulse,
# the client must see COIDDEATH for a connection whose channel died, and
# the server must see exactly one DISCONNECT when the client detaches.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-chanflags
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_serve qnx-chanflags-server "$bin/qnx-chanflags-server"
status=0
"$bin/qnx-chanflags-client" "$srv_pid" "$srv_chid" || status=1
ex_finish $status 'qnx-chanflags-server: unblocks 1 disconnects 1'
