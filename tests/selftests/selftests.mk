# SPDX-License-Identifier: GPL-2.0
# The kernel selftests: raw-ioctl programs run in the guest (tests/TESTS).
# kselftest_harness.h comes from Debian's linux-source-6.1: see
# mk/kselftest.mk (KSFT_DIR, KSFT_HEADER).

include $(TOP)/mk/kselftest.mk
SELFTESTS := api msg lifecycle perms features stress hostile event
# issue 8: control-path races and the kernel-memory bound
SELFTESTS += race memlimit
# chid: per-process channel numbering (STPLR_IOC_CTX_CLAIM)
SELFTESTS += chid
SELFTEST_BIN32_CHID := $(BUILD)/tests/selftests/chid-32
# issue 12: the message path
SELFTESTS += replyrecv inline async bigcopy replyinline
SELFTEST_BIN := $(addprefix $(BUILD)/tests/selftests/,$(SELFTESTS))
SELFTEST_BIN32 := $(BUILD)/tests/selftests/api-32 $(BUILD)/tests/selftests/msg-32 \
	$(BUILD)/tests/selftests/hostile-32 $(BUILD)/tests/selftests/event-32 \
	$(BUILD)/tests/selftests/replyrecv-32 $(BUILD)/tests/selftests/inline-32 \
	$(BUILD)/tests/selftests/async-32 $(BUILD)/tests/selftests/replyinline-32
# The kernel's harness needs GNU extensions (typeof, statement expressions),
# and its macros trip -Wsign-compare and -Wunused-parameter.
SELFTEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Wno-sign-compare -Wno-unused-parameter \
	-I$(TOP)/include/uapi -I$(KSFT_DIR) -pthread

USERSPACE_TARGETS += selftests
.PHONY: selftests
selftests: $(SELFTEST_BIN) $(SELFTEST_BIN32) $(SELFTEST_BIN32_CHID)

$(BUILD)/tests/selftests/%: $(TOP)/tests/selftests/%.c $(TOP)/tests/selftests/stplr_test.h $(TOP)/include/uapi/linux/stplr.h | $(KSFT_HEADER)
	@mkdir -p $(dir $@)
	$(CC) $(SELFTEST_CFLAGS) -o $@ $<

# 32-bit builds of the ABI tests exercise compat_ioctl.
$(BUILD)/tests/selftests/%-32: $(TOP)/tests/selftests/%.c $(TOP)/tests/selftests/stplr_test.h $(TOP)/include/uapi/linux/stplr.h | $(KSFT_HEADER)
	@mkdir -p $(dir $@)
	$(CC) -m32 $(SELFTEST_CFLAGS) -Wno-pointer-to-int-cast -o $@ $<
