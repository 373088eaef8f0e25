#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fixture.sh [BUILD_DIR]: stplr-ps against the recorded debugfs files in
# fixture/ (no module needed): every kind of record of the state file,
# unknown records skipped, flags decoded, counters and the failed log.
# TAP output.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-${STPLR_BUILD:-$top/build}}
case "$build" in /*) ;; *) build=$top/$build ;; esac
ps=$build/tools/stplr-ps
out=$(mktemp "${TMPDIR:-/tmp}/stplr-ps.XXXXXX")
trap 'rm -f "$out"' EXIT

n=0 fails=0
ok() {	# ok DESCRIPTION COMMAND...
	desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		fails=$((fails + 1))
	fi
}
# has AWK-CONDITION: a line of the output matches
has() {
	awk "$1 { found = 1 } END { exit !found }" "$out"
}

echo "1..17"
"$ps" -r "$here/fixture" -d 3 -a >"$out" 2>&1
ok "stplr-ps -a on the fixture exits 0" test $? -eq 0
sed 's/^/# /' "$out"
ok "summary line" grep -qx 'stplr-3: 3 contexts, 2 channels, 3 connections, 3 threads blocked' "$out"
ok "SEND-blocked thread" has '$1 == 5000002 && $2 == 5000012 && $3 == "SEND-blocked" && $4 == 4 && $5 == 5000001 && $6 == "0x40000001" && $7 == 9 && $8 == 19 && $9 == 100'
ok "REPLY-blocked thread" has '$1 == 5000003 && $2 == 5000013 && $3 == "REPLY-blocked" && $4 == 4 && $5 == 5000001 && $6 == 2 && $7 == 7 && $8 == 30 && $9 == 64'
ok "RECEIVE-blocked thread" has '$1 == 5000001 && $2 == 5000001 && $3 == "RECEIVE-blocked" && $4 == 4 && $6 == "-" && $7 == "-"'
ok "channel 4: queued, pulses, receivers, mode, flags, name" has '$1 == 4 && $2 == 5000001 && $3 == 1 && $4 == 2 && $5 == 1 && $6 == "0600" && $7 == 1 && $8 == "UNBLOCK,DISCONNECT,COID_DISCONNECT" && $9 == "demo/server"'
ok "channel 5: MODE flag, no name" has '$1 == 5 && $6 == "0666" && $8 == "MODE" && $9 == "-"'
ok "connection list" has '$1 == 5000002 && $2 == 2 && $3 == "0x40000001" && $4 == 4 && $5 == 5000001'
ok "module pulse listed by name" has '$1 == 4 && $3 == -33 && $6 == "DISCONNECT"'
ok "user pulse" has '$1 == 4 && $3 == 5 && $4 == 77 && $5 == 10 && $6 == "user"'
ok "counters" has '$1 == "sends" && $2 == 42'
ok "failed log: errno name" has '$2 == "receive" && $3 == "ETIMEDOUT" && $4 == 5000001 && $6 == 4'
ok "failed log: time in seconds" has '$1 == "1234.567990" && $2 == "send" && $3 == "ESRCH"'
ok "unknown records are skipped" sh -c "! grep -q 'something-new\|future-record' '$out'"

"$ps" -r "$here/fixture" -d 3 >"$out" 2>&1
ok "without options: no counters, no failed log" sh -c "! grep -q '^Counters\|^Failed' '$out'"
"$ps" -r "$here/fixture" -d 9 >"$out" 2>&1
st=$?
ok "a missing device: status 1 and a message" sh -c "test $st -eq 1 && grep -q 'cannot read .*stplr-9/state' '$out'"
"$ps" -d x >/dev/null 2>&1
ok "a bad option value: status 2" test $? -eq 2
exit $((fails != 0))
