#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check-exports.sh LIBSTPLR_SO LIBSTPLR_QNX_SO
#
# The native library must not hand QNX names (MsgSend, name_open, ...) to
# programs that use only <stplr/stplr.h>: every symbol libstplr.so defines
# in its dynamic table starts with "stplr_" and none with "stplr_qnx_".
# The QNX library, in turn, defines no stplr_* symbol but stplr_qnx_*
# (its native calls come from libstplr.so).  Prints what it checked, fails
# with the offending names.
set -eu

NM=${NM:-nm}
native=$1
qnx=$2

# Defined dynamic symbols (not the version nodes, which nm -D lists as
# absolute symbols "A STPLR_1.0").
defined() {
	"$NM" -D --defined-only "$1" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
		sort -u
}

status=0
bad=$(defined "$native" | grep -v '^stplr_' || true)
bad="$bad$(defined "$native" | grep '^stplr_qnx_' || true)"
if [ -n "$bad" ]; then
	echo "check-exports: $native exports names outside stplr_*:" >&2
	echo "$bad" | sed 's/^/  /' >&2
	status=1
fi
bad=$(defined "$qnx" | grep '^stplr_' | grep -v '^stplr_qnx_' || true)
if [ -n "$bad" ]; then
	echo "check-exports: $qnx exports native stplr_* names:" >&2
	echo "$bad" | sed 's/^/  /' >&2
	status=1
fi
if ! "$NM" -D --undefined-only "$qnx" | grep -q ' stplr_msg_sendv@'; then
	echo "check-exports: $qnx does not take stplr_msg_sendv from libstplr" >&2
	status=1
fi
[ $status = 0 ] && echo "check-exports: $(defined "$native" | wc -l) stplr_* symbols in $(basename "$native"), $(defined "$qnx" | wc -l) in $(basename "$qnx"), no QNX name in the first"
exit $status
