#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-name-plain example.  A name_attach() server
# that knows nothing of _IO_CONNECT, and a name_open() client: the client
# must get its sums on the first try.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-name-plain
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

name=qnx-name-plain/$$
ex_serve qnx-name-plain-server "$bin/qnx-name-plain-server" "$name"
status=0
"$bin/qnx-name-plain-client" "$name" || status=1
ex_finish $status 'qnx-name-plain-server: sum 60 from 3 messages'
