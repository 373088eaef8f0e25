#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the resmgr-dev example and the resource-manager
# tests.  Prints TAP.  Exit status: 0 ok, 1 failure, 77 no stapler device
# or no CUSE.
#
#  1. plain Linux tools (echo, cat, dd) through the CUSE node;
#  2. the QNX client through stapler: every _IO_* message, devctl in every
#     direction, message_attach and pulse_attach;
#  3. the Linux ioctl controller through the CUSE node;
#  4. a rogue stapler client's short and malformed messages;
#  5. (concurrent clients: concurrent.sh);
#  6. a client killed in the middle of a read that never completes;
#  7. resmgr_detach() with open clients;
#  8. the manager killed with open (and blocked) clients.
set -eu
example=resmgr-dev
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
# shellcheck source=tests/examples/resmgr-common.sh
. "$(dirname "$0")/../resmgr-common.sh"
ex_setup "$@"
rm_cuse
# Each check reports its own status: do not stop at the first failure.
set +e

dev=/dev/stplr-dev
name=dev/stplr-dev
client=$bin/resmgr-dev-client

start_server() {
	ex_start server "$bin/resmgr-dev-server" $dev
	server=$ex_last_pid
	ex_wait_line "$tmp/server.out" '^resmgr-dev: serving' >/dev/null
}

# 1-4: one single-threaded manager.
start_server
st=0; echo "hello from echo" >$dev || st=1; rm_ok $st "echo > $dev"
out=$(cat $dev); [ "$out" = "hello from echo" ]; rm_ok $? "cat $dev gives it back ($out)"
head -c 100000 /dev/urandom >"$tmp/rand"
dd if="$tmp/rand" of=$dev bs=100000 count=1 2>/dev/null; rm_ok $? "dd 100000 bytes in"
dd if=$dev of="$tmp/back" bs=100000 count=1 2>/dev/null
cmp -s "$tmp/rand" "$tmp/back"; rm_ok $? "dd them back: the same bytes"
"$client" qnx $name | sed 's/^/# qnx: /' | tee "$tmp/qnx.tap" | grep -v '^# qnx: ok' || true
! grep -q 'not ok' "$tmp/qnx.tap" && grep -q '1\.\.' "$tmp/qnx.tap"; rm_ok $? "QNX client over stapler: all checks pass"
"$client" linux $dev | sed 's/^/# linux: /' | tee "$tmp/linux.tap" | grep -v '^# linux: ok' || true
! grep -q 'not ok' "$tmp/linux.tap" && grep -q '1\.\.' "$tmp/linux.tap"; rm_ok $? "Linux ioctl controller over CUSE: all checks pass"
"$client" rogue $name | sed 's/^/# rogue: /' | tee "$tmp/rogue.tap" | grep -v '^# rogue: ok' || true
! grep -q 'not ok' "$tmp/rogue.tap" && grep -q '1\.\.' "$tmp/rogue.tap"; rm_ok $? "rogue messages get an errno"
kill -0 "$server"; rm_ok $? "the manager survived them"

# 6: a client killed mid-read (reads held), both ways.
"$client" qnx $name >/dev/null 2>&1 || true
exec 3<>$dev
printf 'x' >&3
perl -e 'ioctl(STDIN, 0x00000b05, 0) or die "hold: $!"' <&3; rm_ok $? "DEV_HOLD_READS through ioctl"
cat $dev >/dev/null 2>&1 &
reader=$!
sleep 0.5
kill -0 $reader 2>/dev/null; rm_ok $? "a reader waits on a held read"
kill -9 $reader
rm_wait_gone $reader 5; rm_ok $? "killed mid-read, it is gone within 5 s"
wait $reader 2>/dev/null || true
out=$(printf 'reset' >&3 && echo alive); [ "$out" = alive ]; rm_ok $? "the manager still serves"
exec 3>&-

# 7: resmgr_detach() with open clients.
exec 3<>$dev
perl -e 'ioctl(STDIN, 0x00000b04, 0) or die "reset: $!"' <&3; rm_ok $? "reset through ioctl"
perl -e 'ioctl(STDIN, 0x00000b06, 0) or die "detach: $!"' <&3; rm_ok $? "DEV_DETACH: resmgr_detach() from a devctl"
i=0; while [ -e $dev ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ ! -e $dev ]; rm_ok $? "the node is gone"
out=$(cat <&3 2>&1); st=$?; [ $st != 0 ] || [ -z "$out" ]; rm_ok $? "the open client gets an error or end of file, not a hang"
exec 3>&-
kill "$server"; rm_wait_gone "$server" 5; rm_ok $? "the manager exits"

# 8 needs a running manager.
start_server

# 8: the manager killed with open and blocked clients.
exec 3<>$dev
perl -e 'ioctl(STDIN, 0x00000b05, 0) or die' <&3
cat $dev >/dev/null 2>&1 &
r1=$!
sleep 0.5
kill -9 "$server"
rm_wait_gone $r1 5; rm_ok $? "a blocked CUSE reader is released when the manager dies"
out=$(cat <&3 2>&1); st=$?; [ $st != 0 ]; rm_ok $? "an open descriptor gets an error ($out)"
exec 3>&-
"$client" qnx $name >/dev/null 2>&1; [ $? != 0 ]; rm_ok $? "a QNX client cannot reach the dead manager"
i=0; while [ -e $dev ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ ! -e $dev ]; rm_ok $? "the dead manager's node is gone"
echo "1..$rm_n"
exit $rm_failed
