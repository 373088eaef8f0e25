#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh TRANSPORT [BUILD_DIR]: the Thrift examples' correctness pass over
# one transport (stapler, unix or tcp), TAP on stdout:
#   - ping: name, version, echo of a small and a 1.5 MiB struct, a burst
#     of 1000 oneway hello(), a 256 KiB oneway hello();
#   - calculator: the four operations, divide by zero (declared exception);
#   - timer: 5 ticks of a 20 ms timer, stop;
#   - 8 concurrent clients of one server, 200 pings each;
#   - the server killed (SIGKILL) in the middle of a call: the client gets
#     a TTransportException, not a hang.
# Exit status: 0 all passed, 1 a failure, 77 (skip) when the examples were
# not built (no libthrift-dev) or, for stapler, no /dev/stplr-0.
set -u

transport=${1:?usage: run.sh stapler|unix|tcp [BUILD_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
build=${2:-${STPLR_BUILD:-$top/build}}
bin=$build/tests/examples/thrift

if [ ! -x "$bin/ping-server" ]; then
	echo "thrift examples: $bin/ping-server not built (apt-get install libthrift-dev thrift-compiler, then make)" >&2
	exit 77
fi
if [ "$transport" = stapler ] && [ ! -e /dev/stplr-0 ]; then
	echo "thrift examples: /dev/stplr-0 does not exist (is stplr.ko loaded?)" >&2
	exit 77
fi

if [ "$transport" = tcp ] && ! ip link show lo 2>/dev/null | grep -q 'state UNKNOWN\|UP'; then
	# A bare guest has its loopback down; TSocket over TCP needs it.
	ip link set lo up 2>/dev/null || busybox ip link set lo up 2>/dev/null
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stplr-thrift.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
failed=0

# endpoint SERVICE [SUFFIX]: where this run's SERVICE server listens.
endpoint() {
	case $transport in
	stapler) echo "thrift-$1$2-$$" ;;
	unix) echo "$tmp/$1$2.sock" ;;
	tcp) echo $(( 20000 + ($$ % 20000) + $3 )) ;;
	esac
}

# start SERVICE ENDPOINT: start a server, wait until it listens; sets $started.
start() {
	local log=$tmp/$1-${#pids[@]}.log
	"$bin/$1-server" --transport "$transport" --endpoint "$2" >"$log" 2>&1 &
	started=$!
	pids+=("$started")
	for _ in $(seq 200); do
		grep -q "^$1-server: ready" "$log" 2>/dev/null && return 0
		kill -0 "$started" 2>/dev/null || break
		sleep 0.05
	done
	echo "not ok - $1-server over $transport did not start"
	sed 's/^/# /' "$log"
	return 1
}

# client SERVICE ENDPOINT ARGS...: run a client, its TAP lines prefixed.
client() {
	local s=$1 e=$2
	shift 2
	"$bin/$s-client" --transport "$transport" --endpoint "$e" "$@" 2>&1 |
		sed -e "s/^\(ok\|not ok\) - /\1 - $transport $s: /"
	[ "${PIPESTATUS[0]}" = 0 ] || failed=1
}

n=0
for s in ping calculator timer; do
	n=$((n + 1))
	e=$(endpoint $s "" $n)
	if start $s "$e"; then
		client $s "$e" test
		[ $s != ping ] || client ping "$e" concurrent 8 200
	else
		failed=1
	fi
done

# The server killed in the middle of a call.
e=$(endpoint ping -die 9)
if start ping "$e"; then
	victim=$started
	"$bin/ping-client" --transport "$transport" --endpoint "$e" die >"$tmp/die.out" 2>&1 &
	cpid=$!
	for _ in $(seq 200); do
		grep -q 'kill the server now' "$tmp/die.out" && break
		sleep 0.05
	done
	sleep 0.3	# the call is on its way or in the handler
	kill -9 "$victim"
	ok=0
	for _ in $(seq 100); do	# 10 s: a hang is a failure
		kill -0 "$cpid" 2>/dev/null || { ok=1; break; }
		sleep 0.1
	done
	if [ $ok = 1 ] && wait "$cpid"; then
		sed -e "s/^ok - /ok - $transport ping: /" -e 's/^not ok - /not ok - /' "$tmp/die.out"
	else
		kill -9 "$cpid" 2>/dev/null
		echo "not ok - $transport ping: server killed mid-call: client hung or failed"
		sed 's/^/# /' "$tmp/die.out"
		failed=1
	fi
else
	failed=1
fi
exit $failed
