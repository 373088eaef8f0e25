#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the qnx-chid1 example, a client that hard-codes
# channel 1 of its server.  Two servers run at once; on QNX, and here with
# a module that numbers channels per process (STPLR_FEAT_CTX_CHID), each
# one's only channel is chid 1, and the client reaches each by its pid.
# Exit status: 0 ok, 1 failure, 77 no stapler device.
set -eu
example=qnx-chid1
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
ex_setup "$@"

status=0
ex_start server-a "$bin/qnx-chid1-server"
srv_a=$ex_last_pid
ex_start server-b "$bin/qnx-chid1-server"
srv_b=$ex_last_pid
for s in a b; do
	eval "pid=\$srv_$s"
	ex_wait_line "$tmp/server-$s.out" \
		"^qnx-chid1-server: ready pid $pid chid [0-9]+\$" || exit 1
	chid=${line##* chid }
	if [ "$chid" != 1 ]; then
		echo "qnx-chid1: server $pid got chid $chid, not 1: the module does not number channels per process (STPLR_FEAT_CTX_CHID)" >&2
		status=1
	fi
done

# The client learns only the pid; the chid is hard-coded.
for pid in "$srv_a" "$srv_b"; do
	"$bin/qnx-chid1-client" "$pid" || status=1
done
for s in a b; do
	eval "pid=\$srv_$s"
	ex_stop "$pid" || status=1
	cat "$tmp/server-$s.out"
	grep -qx "qnx-chid1-server: pid $pid done" "$tmp/server-$s.out" || {
		echo "qnx-chid1: server $pid was not the one told to stop" >&2
		status=1
	}
done
exit $status
