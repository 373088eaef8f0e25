# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libstplr-thrift: Thrift transports over stapler; included by the
# top-level Makefile (after lib/lib.mk).  Built only when Thrift's C++
# headers and compiler are installed (Debian: libthrift-dev,
# thrift-compiler) and not for -m32 builds (Debian has no 32-bit
# libthrift).  docs/rpc.md.
#
#   make userspace          also builds, under $(BUILD)/lib:
#                           libstplr-thrift.so.$(STPLR_THRIFT_VERSION) (+ links)
#                           pkgconfig/stplr-thrift-uninstalled.pc
#   make userspace-install  also installs it, its headers and stplr-thrift.pc
#
# This file also pulls in the Thrift and D-Bus examples and the RPC
# comparison (make bench-rpc), which share its detection.

STPLR_THRIFT_VERSION := 1.0.0
STPLR_THRIFT_SOMAJOR := 1
PKG_CONFIG ?= pkg-config

STPLR_HAVE_THRIFT := $(if $(findstring -m32,$(CFLAGS_USER)),,$(shell \
	$(PKG_CONFIG) --exists thrift 2>/dev/null && command -v thrift >/dev/null && echo y))
STPLR_HAVE_DBUS := $(if $(findstring -m32,$(CFLAGS_USER)),,$(shell \
	$(PKG_CONFIG) --exists dbus-1 2>/dev/null && echo y))

# C++ flags: those of CFLAGS_USER that are not C-only, C++17.
CXXFLAGS_USER := $(filter-out -std=%,$(CFLAGS_USER)) -std=c++17

LT_DIR := $(TOP)/lib/thrift
LT_OUT := $(BUILD)/lib
LT_OBJDIR := $(LT_OUT)/obj/thrift
LT_SRCS := ClientStaplerTransport.cpp ServerStaplerTransport.cpp StaplerConnection.cpp
LT_OBJS := $(addprefix $(LT_OBJDIR)/,$(LT_SRCS:.cpp=.o))
LT_HEADERS := $(LT_DIR)/include/stplr/thrift/ClientStaplerTransport.h \
	      $(LT_DIR)/include/stplr/thrift/ServerStaplerTransport.h
LT_SO_REAL := $(LT_OUT)/libstplr-thrift.so.$(STPLR_THRIFT_VERSION)
LT_SO_NAME := $(LT_OUT)/libstplr-thrift.so.$(STPLR_THRIFT_SOMAJOR)
LT_SO_DEV  := $(LT_OUT)/libstplr-thrift.so
LT_PC_UNINSTALLED := $(LIB_PCDIR)/stplr-thrift-uninstalled.pc

.PHONY: lib-thrift

ifeq ($(STPLR_HAVE_THRIFT),y)

lib-thrift: $(LT_SO_DEV) $(LT_PC_UNINSTALLED) $(LT_OUT)/thrift-headers.stamp
USERSPACE_TARGETS += lib-thrift

# Each public header compiles on its own, included twice.
$(LT_OUT)/thrift-headers.stamp: $(LT_HEADERS)
	@set -e; for h in $(notdir $(LT_HEADERS)); do \
		echo "  HDRCHECK stplr/thrift/$$h"; \
		printf '#include <stplr/thrift/%s>\n#include <stplr/thrift/%s>\n' $$h $$h | \
			$(CXX) $(CXXFLAGS_USER) -I$(LT_DIR)/include \
			$(shell $(PKG_CONFIG) --cflags thrift) -x c++ -fsyntax-only -; \
	done
	@touch $@

$(LT_OBJDIR)/%.o: $(LT_DIR)/%.cpp
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS_USER) -I$(LT_DIR)/include $(shell $(PKG_CONFIG) --cflags thrift) \
		-fPIC -fvisibility=default -MMD -MP -c -o $@ $<

-include $(LT_OBJS:.o=.d)

# RUNPATH $ORIGIN: libstplr is found next to it (the build tree, or the
# same LIBDIR once installed) even by programs whose own RUNPATH, which
# does not apply to indirect dependencies, names only this library's.
$(LT_SO_REAL): $(LT_OBJS) $(LIB_SO_DEV)
	$(CXX) $(CXXFLAGS_USER) -shared -Wl,-soname,libstplr-thrift.so.$(STPLR_THRIFT_SOMAJOR) \
		-Wl,-z,defs -Wl,-z,relro -Wl,-z,now -Wl,-rpath,'$$ORIGIN' -o $@ $(LT_OBJS) \
		-L$(LIB_OUT) -lstplr $(shell $(PKG_CONFIG) --libs thrift) -lpthread

$(LT_SO_NAME): $(LT_SO_REAL)
	ln -sf $(notdir $<) $@

$(LT_SO_DEV): $(LT_SO_NAME)
	ln -sf $(notdir $<) $@

lt_pc_subst = sed -e 's|@prefix@|$(1)|g' -e 's|@libdir@|$(2)|g' \
	-e 's|@includedir@|$(3)|g' -e 's|@version@|$(STPLR_THRIFT_VERSION)|g'

# With PKG_CONFIG_PATH=$(LIB_PCDIR), "pkg-config stplr-thrift" takes this
# file, and its "Requires: libstplr" the build tree's libstplr too.
$(LT_PC_UNINSTALLED): $(LT_DIR)/stplr-thrift.pc.in $(LIB_PC_UNINSTALLED)
	@mkdir -p $(@D)
	$(call lt_pc_subst,$(TOP),$(LT_OUT),$(LT_DIR)/include) $< >$@

userspace-install: lib-thrift-install
userspace-uninstall: lib-thrift-uninstall
.PHONY: lib-thrift-install lib-thrift-uninstall
lib-thrift-install: lib-thrift
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/stplr/thrift
	install -m 0755 $(LT_SO_REAL) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(LT_SO_REAL)) $(DESTDIR)$(LIBDIR)/$(notdir $(LT_SO_NAME))
	ln -sf $(notdir $(LT_SO_NAME)) $(DESTDIR)$(LIBDIR)/$(notdir $(LT_SO_DEV))
	install -m 0644 $(LT_HEADERS) $(DESTDIR)$(INCLUDEDIR)/stplr/thrift/
	sed -e 's|@prefix@|$(PREFIX)|g' -e 's|@libdir@|$(call lib_rel,$(LIBDIR))|g' \
		-e 's|@includedir@|$(call lib_rel,$(INCLUDEDIR))|g' \
		-e 's|@version@|$(STPLR_THRIFT_VERSION)|g' \
		$(LT_DIR)/stplr-thrift.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/stplr-thrift.pc

lib-thrift-uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(notdir $(LT_SO_REAL)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LT_SO_NAME)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LT_SO_DEV)) \
	      $(DESTDIR)$(INCLUDEDIR)/stplr/thrift/ClientStaplerTransport.h \
	      $(DESTDIR)$(INCLUDEDIR)/stplr/thrift/ServerStaplerTransport.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/stplr-thrift.pc
	-rmdir $(DESTDIR)$(INCLUDEDIR)/stplr/thrift 2>/dev/null

else

lib-thrift:
	@echo "stapler: Thrift C++ headers or compiler not found (apt-get install libthrift-dev thrift-compiler): libstplr-thrift and the Thrift examples are not built" >&2

endif

-include $(TOP)/tests/examples/thrift/thrift.mk
-include $(TOP)/tests/examples/dbus/dbus.mk
-include $(TOP)/bench/rpc/rpc.mk
