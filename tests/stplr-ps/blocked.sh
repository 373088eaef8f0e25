#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# blocked.sh [BUILD_DIR]: stplr-ps against the live module.  A
# qnx-names-server holds a request of a "qnx-names-client NAME hold"
# unreplied; stplr-ps must show the client REPLY-blocked on the server's
# channel, the server RECEIVE-blocked on it, the channel with its name,
# the client's connection, the counters and the failed log; once the
# client is killed, it must be gone.
#
# Needs the stplr module and debugfs at /sys/kernel/debug (the test VM
# has both) and root to read it.  TAP output; exit 77 (skip) without a
# device or without readable debugfs files.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-${STPLR_BUILD:-$top/build}}
case "$build" in /*) ;; *) build=$top/$build ;; esac
ps=$build/tools/stplr-ps
names=$build/tests/examples/qnx-names
device=${STPLR_DEVICE:-0}
state=/sys/kernel/debug/stplr/stplr-$device/state

if [ ! -e "/dev/stplr-$device" ]; then
	echo "1..0 # SKIP /dev/stplr-$device does not exist"
	exit 77
fi
if [ ! -r "$state" ]; then
	echo "1..0 # SKIP $state is not readable (debugfs, root)"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stplr-ps.XXXXXX")
spid='' cpid=''
cleanup() {
	for p in $cpid $spid; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

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
has() {	# has AWK-CONDITION: a line of $tmp/ps matches
	awk "$1 { found = 1 } END { exit !found }" "$tmp/ps"
}
# wait_line FILE RE: up to 10 s
wait_line() {
	i=0
	while [ $i -lt 100 ]; do
		line=$(grep -m1 -E "$2" "$1" 2>/dev/null) && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

echo "1..11"
name=stplr-ps/$$
"$names/qnx-names-server" "$name" >"$tmp/server" 2>&1 &
spid=$!
if ! wait_line "$tmp/server" '^qnx-names-server: ready pid [0-9]+ chid [0-9]+ '; then
	echo "not ok 1 - the server did not start"
	cat "$tmp/server" | sed 's/^/# /'
	exit 1
fi
set -- $line
chid=$6
echo "# server pid $spid chid $chid name $name"

"$names/qnx-names-client" "$name" hold >"$tmp/client" 2>&1 &
cpid=$!
wait_line "$tmp/client" 'holding' || true
# The request is received right away; give it up to 5 s anyway.
i=0
while [ $i -lt 50 ]; do
	"$ps" -d "$device" -a >"$tmp/ps" 2>&1
	has "\$1 == $cpid && \$3 == \"REPLY-blocked\"" && break
	sleep 0.1
	i=$((i + 1))
done
sed 's/^/# /' "$tmp/ps"

ok "client $cpid is REPLY-blocked on channel $chid of server $spid" \
	has "\$1 == $cpid && \$2 == $cpid && \$3 == \"REPLY-blocked\" && \$4 == $chid && \$5 == $spid && \$7 > 0 && \$9 == 32"
ok "the client's process name is shown" \
	has "\$1 == $cpid && \$3 == \"REPLY-blocked\" && \$NF ~ /^qnx-names-clien/"
ok "server $spid is RECEIVE-blocked on channel $chid" \
	has "\$1 == $spid && \$3 == \"RECEIVE-blocked\" && \$4 == $chid"
ok "channel $chid: name, owner, name_attach()'s flags, one receiver" \
	has "\$1 == $chid && \$2 == $spid && \$5 == 1 && \$8 == \"UNBLOCK,DISCONNECT,COID_DISCONNECT\" && \$9 == \"$name\""
ok "the client's connection to channel $chid" \
	has "\$1 == $cpid && \$4 == $chid && \$5 == $spid"
ok "counters: sends > 0" has '$1 == "sends" && $2 > 0'
"$ps" -d "$device" -f >/dev/null 2>&1
ok "stplr-ps -f exits 0" test $? -eq 0

kill -KILL "$cpid"
wait "$cpid" 2>/dev/null
cpid_gone=$cpid
cpid=
i=0
while [ $i -lt 50 ]; do
	"$ps" -d "$device" >"$tmp/ps" 2>&1
	has "\$1 == $cpid_gone" || break
	sleep 0.1
	i=$((i + 1))
done
ok "the killed client is gone" sh -c "! awk '\$1 == $cpid_gone { f = 1 } END { exit !f }' '$tmp/ps'"
ok "the server is RECEIVE-blocked again" \
	has "\$1 == $spid && \$3 == \"RECEIVE-blocked\" && \$4 == $chid"

"$names/qnx-names-client" "$name" quit >/dev/null 2>&1
ok "the server quits" wait "$spid"
spid=
"$ps" -d "$device" >"$tmp/ps" 2>&1
ok "its channel is gone" sh -c "! grep -q ' $name\$\\| $name ' '$tmp/ps'"
exit $((fails != 0))
