#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-libc example.  Checks both greetings: the
# short name whole, the long one cut by strlcpy()/strlcat() to the
# server's 24-byte buffer (23 characters and the NUL).
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-libc
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_serve qnx-libc-server "$bin/qnx-libc-server"
status=0
"$bin/qnx-libc-client" "$srv_pid" "$srv_chid" >"$tmp/client.out" || status=1
cat "$tmp/client.out"
printf 'qnx-libc-client: hello, qnx!\nqnx-libc-client: hello, a-rather-long-cl\n' >"$tmp/want"
cmp -s "$tmp/want" "$tmp/client.out" || status=1
ex_finish $status
