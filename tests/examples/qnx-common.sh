# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the run.sh scripts of the QNX examples (tests/examples/qnx-*),
# sourced after setting $example (the directory name, e.g. qnx-names):
#
#   ex_setup [BUILD_DIR]    set $bin and $tmp; exit 77 without a device
#   ex_start NAME CMD...    start a server in the background, output in
#                           $tmp/NAME.out and .err, pid in $ex_last_pid
#   ex_wait_line FILE RE    wait up to 10 s for a line matching RE in FILE,
#                           print it and leave it in $line
#   ex_stop PID             wait for a server to exit, 1 if it failed
#   ex_serve NAME CMD...    ex_start a server whose first line is "NAME:
#                           ready" or "NAME: ready pid P chid C" and wait
#                           for it: sets $server, $srv_pid and $srv_chid
#   ex_finish STATUS [RE]   wait for that server, show its output, check
#                           that a whole line matches the extended regular
#                           expression RE, and exit with the result
#
# Servers started with ex_start are killed on exit if still running.
# The helpers' own variables start with ex_.
# BUILD_DIR defaults to $STPLR_BUILD, else build/ at the top of the tree;
# STPLR_DEVICE=N selects /dev/stplr-N.

ex_pids=
ex_cleanup() {
	for ex_p in $ex_pids; do
		kill "$ex_p" 2>/dev/null || true
		wait "$ex_p" 2>/dev/null || true
	done
	[ -n "${tmp:-}" ] && rm -rf "$tmp"
}

ex_setup() {
	here=$(cd "$(dirname "$0")" && pwd)
	top=$(cd "$here/../../.." && pwd)
	build=${1:-${STPLR_BUILD:-$top/build}}
	case "$build" in
	/*) ;;
	*) build=$top/$build ;;
	esac
	bin=$build/tests/examples/$example
	device=${STPLR_DEVICE:-0}
	if [ ! -e "/dev/stplr-$device" ]; then
		echo "$example: /dev/stplr-$device does not exist (is stplr.ko loaded?)" >&2
		exit 77
	fi
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/stplr-$example.XXXXXX")
	trap ex_cleanup EXIT
	trap 'exit 1' INT TERM
}

# ex_start NAME CMD...: sets ex_last_pid.
ex_start() {
	ex_name=$1
	shift
	"$@" >"$tmp/$ex_name.out" 2>"$tmp/$ex_name.err" &
	ex_last_pid=$!
	ex_pids="$ex_pids $ex_last_pid"
}

ex_wait_line() {
	line=
	ex_i=0
	while [ $ex_i -lt 100 ]; do
		line=$(grep -m1 -E "$2" "$1" 2>/dev/null || true)
		[ -n "$line" ] && break
		sleep 0.1
		ex_i=$((ex_i + 1))
	done
	if [ -z "$line" ]; then
		echo "$example: no line matching '$2' in $1 after 10 s:" >&2
		cat "$1" "${1%.out}.err" >&2 2>/dev/null || true
		return 1
	fi
	echo "$line"
}

ex_stop() {
	if wait "$1"; then
		return 0
	else
		echo "$example: process $1 exited with status $?" >&2
		return 1
	fi
}

ex_serve() {
	ex_serve_name=$1
	shift
	ex_start server "$@"
	server=$ex_last_pid
	ex_wait_line "$tmp/server.out" \
		"^$ex_serve_name: ready( pid [0-9]+ chid [0-9]+)?\$" >/dev/null
	srv_pid=$(echo "$line" | sed -n 's/.* pid \([0-9]*\) chid .*/\1/p')
	srv_chid=$(echo "$line" | sed -n 's/.* chid \([0-9]*\)$/\1/p')
}

ex_finish() {
	ex_status=$1
	ex_stop "$server" || ex_status=1
	cat "$tmp/server.out"
	if [ -n "${2:-}" ] && ! grep -qxE "$2" "$tmp/server.out"; then
		echo "$example: expected a line '$2' from the server" >&2
		ex_status=1
	fi
	exit "$ex_status"
}
