# SPDX-License-Identifier: GPL-2.0
#
# The RPC comparison (issue 11), included by lib/thrift/thrift.mk.
#
#   make bench-rpc   build stplr.ko for the guest kernel and the Thrift and
#                    D-Bus examples, boot one QEMU guest and run the seed's
#                    comparison there (bench/rpc/run-bench-rpc); results in
#                    build/bench-rpc/
#
# Variables: BENCH_RPC_ARGS, e.g. BENCH_RPC_ARGS="--reps 5 -n 2000";
# BENCH_KERNEL (from bench/bench.mk) names the guest kernel.  The script
# builds the module for it, as bench/run-bench does.

BENCH_RPC_ARGS ?=

.PHONY: bench-rpc
bench-rpc: userspace
	$(TOP)/bench/rpc/run-bench-rpc --kernel $(BENCH_KERNEL) \
		--out $(BUILD)/bench-rpc $(BENCH_RPC_ARGS)
