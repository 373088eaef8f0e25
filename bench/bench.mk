# SPDX-License-Identifier: GPL-2.0
#
# Benchmark, included by the top-level Makefile (after lib/lib.mk).
# See docs/benchmarks.md.
#
#   make bench     build stplr.ko for the guest kernel and ipcbench, boot one
#                  QEMU guest and measure stapler against pipe, UNIX socket
#                  and binder round trips; results in build/bench/
#
# Variables:
#   BENCH_KVER     guest kernel release (default: newest /boot/vmlinuz-6.1.*)
#   BENCH_SMP      guest vCPUs (default 2)
#   BENCH_ARGS     extra ipcbench options, e.g. BENCH_ARGS="-t 1 -s 64,1k"

BENCH_OUT  := $(BUILD)/bench
BENCH_BIN  := $(BENCH_OUT)/ipcbench
# The guest kernel is resolved in one place, tools/vm/common.sh.
BENCH_KVER ?= $(shell $(TOP)/tools/vm/kernel 6.1)
BENCH_SMP  ?= 2
BENCH_ARGS ?=

.PHONY: bench

$(BENCH_BIN): $(TOP)/bench/ipcbench.c $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) -MMD -MP -MF $@.d -o $@ $< $(LIB_A)

-include $(BENCH_BIN).d

USERSPACE_TARGETS += $(BENCH_BIN)

bench: $(BENCH_BIN)
	$(MAKE) --no-print-directory -C $(TOP) module \
		KDIR=/lib/modules/$(BENCH_KVER)/build \
		MODULE_OUT=$(BUILD)/guest/$(BENCH_KVER)
	$(TOP)/bench/run-bench --kver $(BENCH_KVER) \
		--module $(BUILD)/guest/$(BENCH_KVER)/stplr.ko \
		--bin $(BENCH_BIN) --out $(BENCH_OUT) --smp $(BENCH_SMP) \
		-- $(BENCH_ARGS)
