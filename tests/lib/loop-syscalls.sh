#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# loop-syscalls.sh PROGRAM N: system calls per message of a server loop.
# PROGRAM --count N serves N calls of one client (test-resmgr-loop: the
# resource-manager thread pool; transport-test: a Thrift TThreadedServer)
# and exits.  It runs under strace twice, with STPLR_MSG_REPLY_RECEIVE and
# with the call refused (--no-reply-receive: seccomp, as an older module);
# the stapler ioctls of the server side (receive, reply, error,
# reply-receive) are counted and printed per call; prints TAP.  The loop
# must need at most 1.05 per call with the call and 1.95 to 2.05 without.
# Without seccomp filters (the debug kernel) the second pass is skipped.
# Exit status: 0 ok, 1 failure, 77 no strace or PROGRAM not built.
set -eu
bin=${1:?usage: loop-syscalls.sh PROGRAM N}
n=${2:?usage: loop-syscalls.sh PROGRAM N}
command -v strace >/dev/null 2>&1 || { echo "1..0 # SKIP no strace"; exit 77; }
[ -x "$bin" ] || { echo "1..0 # SKIP $bin not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Server-side commands of <linux/stplr.h>: 0x1a receive, 0x1b reply,
# 0x1c error, 0x30 reply-receive (magic 0xb9).
count() {
	grep -o '_IOC([^,]*, 0xb9, 0x[0-9a-f]*' "$1" |
		awk -F', ' '{ c[$3]++ } END {
			printf "%d %d %d %d %d\n", c["0x1a"] + c["0x1b"] + c["0x1c"] + c["0x30"],
				c["0x1a"], c["0x1b"], c["0x1c"], c["0x30"] }'
}

echo "1..4"
status=0
i=0
for mode in reply-receive separate; do
	flag=
	[ $mode = separate ] && flag=--no-reply-receive
	i=$((i + 1))
	rc=0
	# shellcheck disable=SC2086
	strace -f -qq -e trace=ioctl -o "$tmp/$mode.trace" "$bin" $flag --count "$n" \
		>"$tmp/$mode.out" 2>&1 || rc=$?
	if [ $rc = 77 ]; then
		# no seccomp filter in this kernel: the separate calls cannot be forced
		why=$(sed -n 's/^1\.\.0 # SKIP //p' "$tmp/$mode.out")
		echo "ok $i - $mode: not run # SKIP $why"
		i=$((i + 1))
		echo "ok $i - $mode: not counted # SKIP $why"
		continue
	fi
	if [ $rc = 0 ]; then
		echo "ok $i - $mode: $(tail -n 1 "$tmp/$mode.out")"
	else
		echo "not ok $i - $mode: $bin --count $n failed"
		sed 's/^/# /' "$tmp/$mode.out"
		status=1
	fi
	# shellcheck disable=SC2046
	set -- $(count "$tmp/$mode.trace")
	per=$(awk -v t="$1" -v n="$n" 'BEGIN { printf "%.3f", t / n }')
	echo "# $mode: $1 server ioctls for $n calls = $per per call" \
	     "(receive $2, reply $3, error $4, reply-receive $5)"
	if [ $mode = reply-receive ]; then
		ok=$(awk -v p="$per" 'BEGIN { print (p <= 1.05) ? 1 : 0 }')
		want="at most 1.05"
	else
		ok=$(awk -v p="$per" 'BEGIN { print (p >= 1.95 && p <= 2.05) ? 1 : 0 }')
		want="1.95 to 2.05"
	fi
	i=$((i + 1))
	if [ "$ok" = 1 ]; then
		echo "ok $i - $mode: $per system calls per call ($want)"
	else
		echo "not ok $i - $mode: $per system calls per call, want $want"
		status=1
	fi
done
exit $status
