#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-client-creds example.  The server reports
# the client's pid, tid and credentials found with MsgInfo() and
# ConnectClientInfo(); the client checks them against its own; the server
# checks that MsgInfo() fails with ESRCH once the message is replied.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-client-creds
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

name=qnx-client-creds/$$
ex_serve qnx-client-creds-server "$bin/qnx-client-creds-server" "$name"
status=0
"$bin/qnx-client-creds-client" "$name" || status=1
ex_finish $status 'qnx-client-creds-server: MsgInfo after the reply: ESRCH'
