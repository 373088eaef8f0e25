# SPDX-License-Identifier: GPL-2.0
# The random-ioctl fuzzer (tests/fuzz/stplr-fuzz.c), included by
# tests/tests.mk: build/tests/fuzz/stplr-fuzz.  It runs in the guest from
# tests/TESTS (about a minute) and from tools/vm/soak (as long as you like).
# -Wno-psabi: the -m32 build notes that GCC 11 changed the alignment of
# _Atomic 64-bit fields; the struct is shared only within one build.

FUZZ_OUT := $(BUILD)/tests/fuzz

$(FUZZ_OUT)/stplr-fuzz: $(TOP)/tests/fuzz/stplr-fuzz.c $(TOP)/include/uapi/linux/stplr.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) -Wno-psabi -MMD -MP -MF $@.d -o $@ $< -pthread

USERSPACE_TARGETS += $(FUZZ_OUT)/stplr-fuzz
-include $(FUZZ_OUT)/stplr-fuzz.d
