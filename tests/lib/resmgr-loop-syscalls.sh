#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# resmgr-loop-syscalls.sh [BUILD_DIR] [N]: system calls per message of the
# resource-manager thread pool's loop.  Runs test-resmgr-loop --count N
# (default 500) under strace, with STPLR_MSG_REPLY_RECEIVE and with the
# call refused (seccomp, as an older module), counts the stapler ioctls
# of the server side (receive, reply, error, reply-receive) and prints
# them per message; prints TAP.  The pool must need at most 1.05 per
# message with the call and about 2 without it.
# Exit status: 0 ok, 1 failure, 77 no strace.
set -eu
build=${1:-build}
n=${2:-500}
bin="$build/tests/lib/test-resmgr-loop"
command -v strace >/dev/null 2>&1 || { echo "1..0 # SKIP no strace"; exit 77; }
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
	# shellcheck disable=SC2086
	if strace -f -qq -e trace=ioctl -o "$tmp/$mode.trace" "$bin" $flag --count "$n" \
		>"$tmp/$mode.out" 2>&1; then
		i=$((i + 1)); echo "ok $i - $mode: $(cat "$tmp/$mode.out")"
	else
		i=$((i + 1)); echo "not ok $i - $mode: test-resmgr-loop --count $n failed"
		sed 's/^/# /' "$tmp/$mode.out"; status=1
	fi
	# shellcheck disable=SC2046
	set -- $(count "$tmp/$mode.trace")
	per=$(awk -v t="$1" -v n="$n" 'BEGIN { printf "%.3f", t / n }')
	echo "# $mode: $1 server ioctls for $n messages = $per per message" \
	     "(receive $2, reply $3, error $4, reply-receive $5)"
	if [ $mode = reply-receive ]; then
		ok=$(awk -v p="$per" 'BEGIN { print (p <= 1.05) ? 1 : 0 }')
		want="at most 1.05"
	else
		ok=$(awk -v p="$per" 'BEGIN { print (p >= 1.95 && p <= 2.05) ? 1 : 0 }')
		want="about 2"
	fi
	i=$((i + 1))
	if [ "$ok" = 1 ]; then
		echo "ok $i - $mode: $per system calls per message ($want)"
	else
		echo "not ok $i - $mode: $per system calls per message, want $want"; status=1
	fi
done
exit $status
