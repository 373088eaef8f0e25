#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [BUILD_DIR]: the resmgr-null example.  Starts the /dev/null-like
# manager on /dev/stplr-null and drives it with cat, echo and dd (through
# its CUSE node); prints TAP.  Exit status: 0 ok, 1 failure, 77 no stapler
# device or no CUSE.
set -eu
example=resmgr-null
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
# shellcheck source=tests/examples/resmgr-common.sh
. "$(dirname "$0")/../resmgr-common.sh"
ex_setup "$@"
rm_cuse
# Each check reports its own status: do not stop at the first failure.
set +e

dev=/dev/stplr-null
ex_start null "$bin/resmgr-null-null" $dev
null=$ex_last_pid
ex_wait_line "$tmp/null.out" '^resmgr-null: serving' >/dev/null

[ -c $dev ]; rm_ok $? "$dev is a character device"
out=$(cat $dev); rm_ok $? "cat $dev succeeds"
[ -z "$out" ]; rm_ok $? "and reads nothing"
st=0; echo hello >$dev || st=1; rm_ok $st "echo hello > $dev"
dd if=/dev/zero of=$dev bs=64k count=16 2>"$tmp/dd.err"; rm_ok $? "dd 1 MiB into it"
grep -q '1048576 bytes' "$tmp/dd.err"; rm_ok $? "dd wrote all of it"
n=$(dd if=$dev bs=4k count=4 2>/dev/null | wc -c); [ "$n" = 0 ]; rm_ok $? "dd from it: 0 bytes"
perm=$(stat -c %a $dev); [ "$perm" = 666 ]; rm_ok $? "node mode 0666 from the attribute ($perm)"
su_out=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "echo x > $dev && cat $dev" 2>&1)
rm_ok $? "uid 65534 writes and reads it ($su_out)"
kill "$null"
rm_wait_gone "$null" 5; rm_ok $? "the manager exits on SIGTERM"
sleep 0.3
[ ! -e $dev ]; rm_ok $? "its node is gone"
echo "1..$rm_n"
exit $rm_failed
