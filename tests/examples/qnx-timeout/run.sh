#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-timeout example.  The server must have done
# housekeeping on receive timeouts, answered two fast requests, and found
# the client gone (ESRCH) when it replied late to the slow one; the client
# must have seen ETIMEDOUT for the slow request.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-timeout
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_serve qnx-timeout-server "$bin/qnx-timeout-server"
status=0
"$bin/qnx-timeout-client" "$srv_pid" "$srv_chid" || status=1
ex_finish $status 'qnx-timeout-server: housekeeping yes fast 2 late-replies 1'
