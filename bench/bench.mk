# SPDX-License-Identifier: GPL-2.0
#
# Benchmark, included by the top-level Makefile (after lib/lib.mk).
# See docs/benchmarks.md.
#
#   make bench     build ipcbench, boot one QEMU guest with stplr.ko (built
#                  there for the guest kernel) and Debian's binder, and
#                  measure stapler against every peer; results in build/bench/
#
# Variables:
#   BENCH_KERNEL   guest kernel name for tools/vm/common.sh's resolve_kernel
#                  (default 6.1: the newest installed Debian 6.1 image)
#   BENCH_SMP      guest vCPUs (default 2)
#   BENCH_ARGS     extra ipcbench options, e.g. BENCH_ARGS="-t 0.3 -s 64,1k"
#   BENCH_RUN_ARGS extra bench/run-bench options, e.g. --no-unpinned

BENCH_OUT    := $(BUILD)/bench
BENCH_BIN    := $(BENCH_OUT)/ipcbench
BENCH_SRCS   := $(addprefix $(TOP)/bench/,ipcbench.c mech_stplr.c mech_fd.c \
		mech_shm.c mech_mq.c mech_binder.c mech_floor.c)
BENCH_KERNEL ?= 6.1
BENCH_SMP    ?= 2
BENCH_ARGS   ?=
BENCH_RUN_ARGS ?=

.PHONY: bench

$(BENCH_BIN): $(BENCH_SRCS) $(TOP)/bench/ipcbench.h $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) -MMD -MP -MF $@.d -o $@ $(BENCH_SRCS) $(LIB_A) \
		-lpthread -lrt

-include $(BENCH_BIN).d

USERSPACE_TARGETS += $(BENCH_BIN)

bench: $(BENCH_BIN)
	$(TOP)/bench/run-bench --kernel $(BENCH_KERNEL) --bin $(BENCH_BIN) \
		--out $(BENCH_OUT) --smp $(BENCH_SMP) $(BENCH_RUN_ARGS) \
		-- $(BENCH_ARGS)
