# SPDX-License-Identifier: GPL-2.0
#
# Where the selftests find the kernel's kselftest harness
# (kselftest_harness.h and kselftest.h), included by
# tests/selftests/selftests.mk.  Nothing is vendored: the headers come from
# Debian's linux-source-6.1 (tools/vm/deps installs it), either from the
# tree that tools/vm/deps extracts into $(STPLR_CACHE) for lint and the
# debug kernel, or, on a machine that never ran that (a plain `make`), from
# the source tarball itself: only the two headers are taken out, into
# $(BUILD)/kselftest.  KSFT_DIR=... uses another kernel tree.

STPLR_CACHE ?= /var/cache/stapler
KSFT_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
KSFT_CACHED := $(STPLR_CACHE)/linux-source-6.1/tools/testing/selftests
KSFT_DIR ?= $(if $(wildcard $(KSFT_CACHED)/kselftest_harness.h),$(KSFT_CACHED),$(BUILD)/kselftest)
KSFT_HEADER := $(KSFT_DIR)/kselftest_harness.h

$(BUILD)/kselftest/kselftest_harness.h:
	@test -f $(KSFT_TARBALL) || { echo "stapler: the selftests need kselftest_harness.h from $(KSFT_TARBALL): apt-get install linux-source-6.1 (or run tools/vm/deps), or set KSFT_DIR to a kernel's tools/testing/selftests" >&2; exit 1; }
	@echo "  KSFT    $(@D) (from $(KSFT_TARBALL))"
	@rm -rf $(@D).tmp && mkdir -p $(@D).tmp
	@xz -dc $(KSFT_TARBALL) | tar -x -C $(@D).tmp --strip-components=4 --occurrence=1 \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h
	@test -f $(@D).tmp/kselftest_harness.h && test -f $(@D).tmp/kselftest.h
	@rm -rf $(@D) && mv $(@D).tmp $(@D)
