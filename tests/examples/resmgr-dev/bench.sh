#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [BUILD_DIR] [N]: latency of a 16-byte and a 1 MiB read through
# each way into a resource manager (stapler MsgSend of _IO_READ, and read(2)
# on its CUSE node), as a table of median and p99 and their ratio.  A
# benchmark, not a test: run it in the guest with
#   tools/vm/run --module build/guest/$(uname -r)/stplr.ko -- tests/examples/resmgr-dev/bench.sh
set -eu
example=resmgr-dev
# shellcheck source=tests/examples/qnx-common.sh
. "$(dirname "$0")/../qnx-common.sh"
# shellcheck source=tests/examples/resmgr-common.sh
. "$(dirname "$0")/../resmgr-common.sh"
ex_setup "${1:-}"
rm_cuse
ex_start server "$bin/resmgr-dev-server" /dev/stplr-bench
ex_wait_line "$tmp/server.out" '^resmgr-dev: serving' >/dev/null
"$bin/resmgr-dev-client" bench dev/stplr-bench /dev/stplr-bench "${2:-200}"
