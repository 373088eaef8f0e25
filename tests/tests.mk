# SPDX-License-Identifier: GPL-2.0
#
# Userspace test programs, included by the top-level Makefile after
# lib/lib.mk; built by "make userspace" (and, with -m32 into build32/, by
# "make userspace32").
#
#   build/tests/client-server/{server,client1,client2}   seed demo (static libstplr)
#   build/tests/examples/qnx/{qnx-server,qnx-client}     QNX example (pkg-config, shared)
#   build/tests/examples/qnx-*/qnx-*-*                   QNX examples of names, pulses,
#                                                        MsgRead/MsgWrite, thread pools
#   build/tests/lib/test-{errors,args}                   library unit tests (static)
#   build/tests/lib/test-live                            library against the module (static)
#   build/tests/lib/test-ext-live                        the 1.1 calls against the module (static)
#   build/tests/lib/test-qnx                             QNX layer unit test (pkg-config, shared)
#   build/tests/lib/test-qnx-live                        QNX layer against the module (pkg-config, shared)
#   build/tests/headers.stamp                            public headers compile alone (C, C++)

TESTS_OUT := $(BUILD)/tests
PKG_CONFIG ?= pkg-config

# ---- seed client/server ------------------------------------------------
CS_DIR  := $(TOP)/tests/client-server
CS_OUT  := $(TESTS_OUT)/client-server
CS_BINS := $(CS_OUT)/server $(CS_OUT)/client1 $(CS_OUT)/client2

$(CS_OUT)/server: $(CS_DIR)/server.c $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) -MMD -MP -MF $@.d -o $@ $< $(LIB_A) -lpthread

$(CS_OUT)/client1 $(CS_OUT)/client2: $(CS_OUT)/%: $(CS_DIR)/%.c $(CS_DIR)/common.c $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) -MMD -MP -MF $@.d -o $@ $< $(CS_DIR)/common.c \
		$(LIB_A) -lpthread

# ---- library unit tests --------------------------------------------------
TL_DIR := $(TOP)/tests/lib
TL_OUT := $(TESTS_OUT)/lib
TL_STATIC := $(TL_OUT)/test-errors $(TL_OUT)/test-args $(TL_OUT)/test-live \
	     $(TL_OUT)/test-ext-live

$(TL_STATIC): $(TL_OUT)/%: $(TL_DIR)/%.c $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) -MMD -MP -MF $@.d -o $@ $< $(LIB_A) -lpthread

# ---- programs built the pkg-config way, against libstplr.so ---------------
# The uninstalled .pc files in $(LIB_PCDIR) stand for the installed ones;
# without pkg-config the same flags are spelled out.  Include paths come
# only from pkg-config: CFLAGS_USER's -I options are dropped.  The rpath
# (build/lib) is the executable's RUNPATH, which the loader does not use for
# libstplr-qnx.so's own dependency libstplr.so.2: --no-as-needed keeps
# libstplr.so.2 a direct dependency of the program, found through it.
ifneq ($(shell command -v $(PKG_CONFIG) 2>/dev/null),)
tests_pc = $(shell PKG_CONFIG_LIBDIR=$(LIB_PCDIR) $(PKG_CONFIG) $(1))
else
tests_pc = $(if $(findstring --cflags,$(1)), \
	$(if $(findstring stplr-qnx,$(1)),-I$(TOP)/lib/qnx/include) \
	-I$(TOP)/lib/include) \
	$(if $(findstring --libs,$(1)),-L$(LIB_OUT) \
		$(if $(findstring stplr-qnx,$(1)),-lstplr-qnx) -lstplr)
endif
TESTS_CFLAGS_NOINC = $(filter-out -I%,$(CFLAGS_USER))

QNX_DIR := $(TOP)/tests/examples/qnx
QNX_OUT := $(TESTS_OUT)/examples/qnx
QNX_BINS := $(QNX_OUT)/qnx-server $(QNX_OUT)/qnx-client

# build/tests/examples/qnx/ -> build/lib
$(QNX_BINS): $(QNX_OUT)/qnx-%: $(QNX_DIR)/%.c $(LIB_QNX_SO_DEV) $(LIB_PC_UNINSTALLED)
	@mkdir -p $(@D)
	$(CC) $(TESTS_CFLAGS_NOINC) $(call tests_pc,--cflags stplr-qnx) \
		-MMD -MP -MF $@.d -o $@ $< \
		-Wl,--no-as-needed $(call tests_pc,--libs stplr-qnx) -Wl,-rpath,'$$ORIGIN/../../../lib'

# The QNX examples of the 1.1 calls: tests/examples/DIR/PROG.c becomes
# build/tests/examples/DIR/DIR-PROG, built like qnx-server above.
QNX_EX_BINS :=
define qnx_example
$(TESTS_OUT)/examples/$(1)/$(1)-%: $(TOP)/tests/examples/$(1)/%.c $$(LIB_QNX_SO_DEV) $$(LIB_PC_UNINSTALLED)
	@mkdir -p $$(@D)
	$$(CC) $$(TESTS_CFLAGS_NOINC) $$(call tests_pc,--cflags stplr-qnx) \
		-MMD -MP -MF $$@.d -o $$@ $$< \
		-Wl,--no-as-needed $$(call tests_pc,--libs stplr-qnx) -Wl,-rpath,'$$$$ORIGIN/../../../lib'
QNX_EX_BINS += $(addprefix $(TESTS_OUT)/examples/$(1)/$(1)-,$(2))
endef
$(eval $(call qnx_example,qnx-names,server client))
$(eval $(call qnx_example,qnx-pulses,sender receiver))
$(eval $(call qnx_example,qnx-iov,server client))
$(eval $(call qnx_example,qnx-pool,server client))
# The issue-9 corpus: QNX programs as people write them (tests/examples/*/README.md)
QNX_CORPUS := qnx-timer-periodic qnx-watchdog qnx-name-plain qnx-name-connect \
	      qnx-chid1 qnx-deliver-event qnx-prio-pulse qnx-client-creds \
	      qnx-chanflags qnx-timeout qnx-libc qnx-timer-multi
# MsgDeliverEvent() with signal events
QNX_CORPUS += qnx-signal-event
$(foreach ex,$(QNX_CORPUS),$(eval $(call qnx_example,$(ex),server client)))
-include $(TOP)/tests/examples/resmgr.mk

# build/tests/lib/ -> build/lib
$(TL_OUT)/test-qnx $(TL_OUT)/test-qnx-live $(TL_OUT)/test-qnx-types $(TL_OUT)/test-qnx-events-live $(TL_OUT)/test-resmgr-loop: $(TL_OUT)/%: $(TL_DIR)/%.c $(LIB_QNX_SO_DEV) $(LIB_PC_UNINSTALLED)
	@mkdir -p $(@D)
	$(CC) $(TESTS_CFLAGS_NOINC) $(call tests_pc,--cflags stplr-qnx libstplr) \
		-MMD -MP -MF $@.d -o $@ $< \
		-Wl,--no-as-needed $(call tests_pc,--libs stplr-qnx libstplr) -Wl,-rpath,'$$ORIGIN/../../lib'

# ---- public headers compile on their own ---------------------------------
# Every installed header, found through the library include directories
# only (not include/uapi: <stplr/uapi.h> is the vendored ABI).  Glibc's
# internal headers overridden under bits/ are checked through the public
# ones that include them.
TESTS_HEADERS = stplr/stplr.h stplr/uapi.h \
		$(filter-out bits/%,$(LIB_QNX_HEADERS_REL))
# C++ is checked when the C++ compiler works with these flags (a -m32
# build needs 32-bit libstdc++ headers, which g++-multilib brings).
TESTS_CXX := $(shell command -v $(CXX) >/dev/null 2>&1 && \
	echo '#include <cstdlib>' | $(CXX) $(filter-out -std=%,$(CFLAGS_USER)) \
	-x c++ -fsyntax-only - >/dev/null 2>&1 && command -v $(CXX))

$(TESTS_OUT)/headers.stamp: $(LIB_HEADERS) $(LIB_QNX_HEADERS) \
		$(TOP)/include/uapi/linux/stplr.h
	@mkdir -p $(@D)
	@set -e; for h in $(TESTS_HEADERS); do \
		echo "  HDRCHECK $$h"; \
		printf '#include <%s>\n#include <%s>\n' $$h $$h | \
			$(CC) $(TESTS_CFLAGS_NOINC) -I$(TOP)/lib/include \
			-I$(TOP)/lib/qnx/include -x c -fsyntax-only -; \
		if [ -n "$(TESTS_CXX)" ]; then \
			printf '#include <%s>\n' $$h | \
			$(CXX) $(filter-out -std=%,$(TESTS_CFLAGS_NOINC)) \
				-std=c++11 -I$(TOP)/lib/include \
				-I$(TOP)/lib/qnx/include -x c++ -fsyntax-only -; \
		fi; \
	done
	@touch $@

# ---- exported symbols ------------------------------------------------------
# libstplr.so exports stplr_* only (no QNX name), libstplr-qnx.so the QNX
# names and stplr_qnx_* only: checked on every build (so by "make lint").
$(TESTS_OUT)/exports.stamp: $(TOP)/tests/lib/check-exports.sh $(LIB_SO_REAL) \
		$(LIB_QNX_SO_REAL)
	@mkdir -p $(@D)
	sh $(TOP)/tests/lib/check-exports.sh $(LIB_SO_REAL) $(LIB_QNX_SO_REAL)
	@touch $@

TESTS_BINS := $(CS_BINS) $(QNX_BINS) $(TL_STATIC) $(TL_OUT)/test-qnx $(TL_OUT)/test-qnx-types $(TL_OUT)/test-qnx-events-live \
	      $(TL_OUT)/test-qnx-live $(QNX_EX_BINS) $(TL_OUT)/test-resmgr-loop
USERSPACE_TARGETS += $(TESTS_BINS) $(TESTS_OUT)/headers.stamp \
		     $(TESTS_OUT)/exports.stamp

-include $(addsuffix .d,$(TESTS_BINS))

# The kernel selftests (raw ioctls, kselftest harness) have their own
# makefile; it adds itself to USERSPACE_TARGETS.
-include $(TOP)/tests/selftests/selftests.mk

# The random-ioctl fuzzer (issue 8).
-include $(TOP)/tests/fuzz/fuzz.mk
