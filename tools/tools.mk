# SPDX-License-Identifier: GPL-2.0
#
# Guest test harness targets, included by the top-level Makefile.
# The host kernel cannot load modules: everything runs in a QEMU guest.
# See docs/harness.md.
#
#   make check          lint + harness self-test + tests/TESTS in a guest
#   make check-debug    self-test + tests/TESTS on the debug kernel (KASAN, lockdep, kmemleak)
#   make debug-kernel   build (once, cached) the debug kernel
#   make lint           W=1, sparse, checkpatch --strict, userspace -Werror
#   make demo           the seed client/server demo in a guest
#   make soak           race + fuzz for DURATION seconds each (default 600)
#                       on the debug kernel (tools/vm/soak)

check-matrix:
	@$(TOP)/tools/vm/kernels

.PHONY: check-matrix check check-debug debug-kernel lint demo vm-deps soak

vm-deps:
	@$(TOP)/tools/vm/deps

check:
	@$(TOP)/tools/vm/check

check-debug:
	@$(TOP)/tools/vm/check --debug

debug-kernel:
	@$(TOP)/tools/vm/deps --debug
	@$(TOP)/tools/vm/debug-kernel

lint: vm-deps
	@$(TOP)/tools/lint

demo: vm-deps
	@$(TOP)/tools/vm/demo

DURATION ?= 600
soak:
	@$(TOP)/tools/vm/deps --debug
	@$(TOP)/tools/vm/soak --duration $(DURATION)
