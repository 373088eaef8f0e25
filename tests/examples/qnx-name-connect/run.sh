#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-name-connect example.  A server that handles
# _IO_CONNECT keeps working: name_open() sends it none (io_connects counts
# only the one the client sends by hand), and its requests are answered.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-name-connect
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

name=qnx-name-connect/$$
ex_serve qnx-name-connect-server "$bin/qnx-name-connect-server" "$name"
status=0
"$bin/qnx-name-connect-client" "$name" || status=1
ex_finish $status 'qnx-name-connect-server: io_connects 1 requests 1'
