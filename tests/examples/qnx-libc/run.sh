#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-libc example.  Checks both greetings: the
# short name whole, the long one cut by strlcpy()/strlcat() to the
# server's 24-byte buffer (23 characters and the NUL).
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-libc
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

ex_start server "$bin/qnx-libc-server"
server=$ex_last_pid
ex_wait_line "$tmp/server.out" '^qnx-libc-server: ready pid [0-9]+ chid [0-9]+$' >/dev/null
set -- $line

status=0
"$bin/qnx-libc-client" "$4" "$6" >"$tmp/client.out" || status=1
ex_stop "$server" || status=1
cat "$tmp/client.out"
printf 'qnx-libc-client: hello, qnx!\nqnx-libc-client: hello, a-rather-long-cl\n' >"$tmp/want"
cmp -s "$tmp/want" "$tmp/client.out" || status=1
exit $status
