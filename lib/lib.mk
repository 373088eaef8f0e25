# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libstplr: included by the top-level Makefile, which defines TOP, BUILD,
# PREFIX, LIBDIR, INCLUDEDIR, PKGCONFIGDIR, DESTDIR, CC and CFLAGS_USER.
#
#   make userspace            libstplr (+ everything in USERSPACE_TARGETS)
#   make userspace32          the same with -m32, into build32/
#   make userspace-install    install libstplr, headers and .pc files
#   make userspace-uninstall
#
# Outputs: $(BUILD)/tools/stplr-ps, and under $(BUILD)/lib:
#   libstplr.so.$(STPLR_LIB_VERSION), libstplr.so.1 and libstplr.so links,
#   libstplr.a, and pkgconfig/{libstplr,stplr-qnx}-uninstalled.pc, which
#   pkg-config prefers when PKG_CONFIG_PATH (or PKG_CONFIG_LIBDIR) names
#   that directory: that is how the examples in tests/ find the build tree.
#
# Other makefiles add their userspace outputs with
#   USERSPACE_TARGETS += <files or phony targets>
# and compile with $(CFLAGS_USER), used for linking too, so that
# userspace32 (which re-runs make with "-m32" appended to CFLAGS_USER and
# BUILD=$(TOP)/build32) builds them for 32 bits as well.

STPLR_LIB_VERSION := 1.1.0
STPLR_LIB_SOMAJOR := 1

AR ?= ar

LIB_OUT    := $(BUILD)/lib
LIB_OBJDIR := $(LIB_OUT)/obj
LIB_PCDIR  := $(LIB_OUT)/pkgconfig

LIB_SRCS_CORE := ctx.c channel.c connection.c msg.c
LIB_SRCS_QNX  := qnx/context.c qnx/channel.c qnx/msg.c qnx/name.c

# Parts of the QNX layer in subdirectories (lib/qnx/DIR/*.c) with their
# DIR.mk (STPLR_QNX_CFLAGS, STPLR_QNX_LDLIBS) and DIR.map (symbols).
STPLR_QNX_CFLAGS :=
STPLR_QNX_LDLIBS :=
-include $(wildcard $(TOP)/lib/qnx/*/*.mk)
LIB_SRCS_QNX  += $(patsubst $(TOP)/lib/%,%,$(wildcard $(TOP)/lib/qnx/*/*.c))
LIB_OBJS_CORE := $(addprefix $(LIB_OBJDIR)/,$(LIB_SRCS_CORE:.c=.o))
LIB_OBJS_QNX  := $(addprefix $(LIB_OBJDIR)/,$(LIB_SRCS_QNX:.c=.o))
LIB_OBJS      := $(LIB_OBJS_CORE) $(LIB_OBJS_QNX)

LIB_SO_REAL := $(LIB_OUT)/libstplr.so.$(STPLR_LIB_VERSION)
LIB_SO_NAME := $(LIB_OUT)/libstplr.so.$(STPLR_LIB_SOMAJOR)
LIB_SO_DEV  := $(LIB_OUT)/libstplr.so
LIB_A       := $(LIB_OUT)/libstplr.a
LIB_PC_UNINSTALLED := $(LIB_PCDIR)/libstplr-uninstalled.pc \
		      $(LIB_PCDIR)/stplr-qnx-uninstalled.pc

LIB_HEADERS := $(TOP)/lib/include/stplr/stplr.h
LIB_QNX_HEADERS := $(TOP)/lib/qnx/include/sys/neutrino.h \
		   $(TOP)/lib/qnx/include/sys/netmgr.h \
		   $(TOP)/lib/qnx/include/sys/dispatch.h \
		   $(TOP)/lib/qnx/include/sys/iomsg.h
LIB_MAP_SRC := $(TOP)/lib/libstplr.map $(wildcard $(TOP)/lib/qnx/*/*.map)
LIB_MAP := $(LIB_OUT)/libstplr.map

LIB_OUTPUTS := $(LIB_SO_REAL) $(LIB_SO_NAME) $(LIB_SO_DEV) $(LIB_A) \
	       $(LIB_PC_UNINSTALLED)

.PHONY: lib userspace userspace32 userspace-install userspace-uninstall \
	userspace32-clean

lib: $(LIB_OUTPUTS)

USERSPACE_TARGETS ?=

# tools/stplr-ps: the debugfs state viewer (needs only the UAPI header).
STPLR_PS := $(BUILD)/tools/stplr-ps

$(STPLR_PS): $(TOP)/tools/stplr-ps.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) -MMD -MP -MF $@.d -o $@ $<

-include $(STPLR_PS).d
USERSPACE_TARGETS += $(STPLR_PS)

# USERSPACE_TARGETS is read after every makefile (tests.mk, tools.mk...)
# has added to it.
.SECONDEXPANSION:
userspace: lib $$(USERSPACE_TARGETS)

userspace32:
	$(MAKE) -C $(TOP) userspace BUILD=$(TOP)/build32 \
		CFLAGS_USER="$(CFLAGS_USER) -m32"

clean: userspace32-clean
userspace32-clean:
	rm -rf $(TOP)/build32

$(LIB_OBJS_QNX): LIB_EXTRA_CFLAGS := -I$(TOP)/lib/qnx/include $(STPLR_QNX_CFLAGS)

$(LIB_MAP): $(LIB_MAP_SRC)
	@mkdir -p $(@D)
	cat $(LIB_MAP_SRC) >$@

$(LIB_OBJDIR)/%.o: $(TOP)/lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) $(LIB_EXTRA_CFLAGS) -fPIC -MMD -MP -c -o $@ $<

-include $(LIB_OBJS:.o=.d)

$(LIB_SO_REAL): $(LIB_OBJS) $(LIB_MAP) $(TOP)/lib/check-symbols.sh
	sh $(TOP)/lib/check-symbols.sh $(LIB_MAP) $(LIB_OBJS)
	$(CC) $(CFLAGS_USER) -shared -Wl,-soname,libstplr.so.$(STPLR_LIB_SOMAJOR) \
		-Wl,--version-script=$(LIB_MAP) -Wl,-z,defs \
		-Wl,-z,relro -Wl,-z,now -o $@ $(LIB_OBJS) -lpthread $(STPLR_QNX_LDLIBS)

$(LIB_SO_NAME): $(LIB_SO_REAL)
	ln -sf $(notdir $<) $@

$(LIB_SO_DEV): $(LIB_SO_NAME)
	ln -sf $(notdir $<) $@

$(LIB_A): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

# pkg-config templates: @prefix@ @libdir@ @includedir@ @uapiincludedir@
# @qnxincludedir@ @version@.
lib_pc_subst = sed -e 's|@prefix@|$(1)|g' -e 's|@libdir@|$(2)|g' \
	-e 's|@includedir@|$(3)|g' -e 's|@uapiincludedir@|$(4)|g' \
	-e 's|@qnxincludedir@|$(5)|g' -e 's|@version@|$(STPLR_LIB_VERSION)|g'

lib_pc_build = $(call lib_pc_subst,$(TOP),$(LIB_OUT),$(TOP)/lib/include,$(TOP)/include/uapi,$(TOP)/lib/qnx/include)

$(LIB_PCDIR)/libstplr-uninstalled.pc: $(TOP)/lib/libstplr.pc.in
	@mkdir -p $(@D)
	$(lib_pc_build) $< >$@

$(LIB_PCDIR)/stplr-qnx-uninstalled.pc: $(TOP)/lib/stplr-qnx.pc.in
	@mkdir -p $(@D)
	$(lib_pc_build) $< >$@

# Installed .pc files are written at install time, so that PREFIX and
# friends given to "make install" are the ones recorded.
lib_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
lib_pc_install = $(call lib_pc_subst,$(PREFIX),$(call lib_rel,$(LIBDIR)),$(call lib_rel,$(INCLUDEDIR)),$${includedir},$${includedir}/stplr/qnx)

userspace-install: lib $(STPLR_PS)
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BINDIR) \
		$(DESTDIR)$(INCLUDEDIR)/stplr/qnx/sys \
		$(DESTDIR)$(INCLUDEDIR)/linux
	install -m 0755 $(LIB_SO_REAL) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(LIB_SO_REAL)) $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_NAME))
	ln -sf $(notdir $(LIB_SO_NAME)) $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_DEV))
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(STPLR_PS) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(LIB_HEADERS) $(DESTDIR)$(INCLUDEDIR)/stplr/
	install -m 0644 $(LIB_QNX_HEADERS) $(DESTDIR)$(INCLUDEDIR)/stplr/qnx/sys/
	install -m 0644 $(TOP)/include/uapi/linux/stplr.h $(DESTDIR)$(INCLUDEDIR)/linux/
	$(lib_pc_install) $(TOP)/lib/libstplr.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/libstplr.pc
	$(lib_pc_install) $(TOP)/lib/stplr-qnx.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/stplr-qnx.pc
	@echo "libstplr installed; run ldconfig if $(LIBDIR) is in its search path"

userspace-uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_REAL)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_NAME)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_DEV)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_A)) \
	      $(DESTDIR)$(BINDIR)/stplr-ps \
	      $(DESTDIR)$(INCLUDEDIR)/stplr/stplr.h \
	      $(DESTDIR)$(INCLUDEDIR)/stplr/qnx/sys/neutrino.h \
	      $(DESTDIR)$(INCLUDEDIR)/stplr/qnx/sys/netmgr.h \
	      $(DESTDIR)$(INCLUDEDIR)/stplr/qnx/sys/dispatch.h \
	      $(DESTDIR)$(INCLUDEDIR)/stplr/qnx/sys/iomsg.h \
	      $(DESTDIR)$(INCLUDEDIR)/linux/stplr.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/libstplr.pc \
	      $(DESTDIR)$(PKGCONFIGDIR)/stplr-qnx.pc
	-rmdir $(DESTDIR)$(INCLUDEDIR)/stplr/qnx/sys \
	       $(DESTDIR)$(INCLUDEDIR)/stplr/qnx $(DESTDIR)$(INCLUDEDIR)/stplr \
	       2>/dev/null
