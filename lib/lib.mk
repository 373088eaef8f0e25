# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libstplr: included by the top-level Makefile, which defines TOP, BUILD,
# PREFIX, LIBDIR, INCLUDEDIR, PKGCONFIGDIR, DESTDIR, CC and CFLAGS_USER.
#
#   make userspace            libstplr (+ everything in USERSPACE_TARGETS)
#   make userspace32          the same with -m32, into build32/
#   make userspace-install    install both libraries, headers and .pc files
#   make userspace-uninstall
#
# Two libraries: libstplr (the native stplr_* API, <stplr/stplr.h>, with
# the kernel ABI vendored as <stplr/uapi.h>) and libstplr-qnx (the QNX
# calls of lib/qnx/, <sys/neutrino.h> and friends, which needs libstplr).
# libstplr.so exports only stplr_* symbols (tests/lib/check-exports.sh).
#
# Outputs: $(BUILD)/tools/stplr-ps, and under $(BUILD)/lib:
#   libstplr.so.$(STPLR_LIB_VERSION), libstplr.so.2 and libstplr.so links,
#   libstplr.a; libstplr-qnx.so.$(STPLR_QNX_VERSION), libstplr-qnx.so.1,
#   libstplr-qnx.so, libstplr-qnx.a;
#   and pkgconfig/{libstplr,stplr-qnx}-uninstalled.pc, which
#   pkg-config prefers when PKG_CONFIG_PATH (or PKG_CONFIG_LIBDIR) names
#   that directory: that is how the examples in tests/ find the build tree.
#
# Other makefiles add their userspace outputs with
#   USERSPACE_TARGETS += <files or phony targets>
# and compile with $(CFLAGS_USER), used for linking too, so that
# userspace32 (which re-runs make with "-m32" appended to CFLAGS_USER and
# BUILD=$(TOP)/build32) builds them for 32 bits as well.

STPLR_LIB_VERSION := 2.1.0
STPLR_LIB_SOMAJOR := 2
STPLR_QNX_VERSION := 1.0.0
STPLR_QNX_SOMAJOR := 1

AR ?= ar

LIB_OUT    := $(BUILD)/lib
LIB_OBJDIR := $(LIB_OUT)/obj
LIB_PCDIR  := $(LIB_OUT)/pkgconfig

# ---- libstplr: the native API ---------------------------------------------
LIB_SRCS_CORE := ctx.c channel.c connection.c msg.c
LIB_OBJS_CORE := $(addprefix $(LIB_OBJDIR)/,$(LIB_SRCS_CORE:.c=.o))

LIB_SO_REAL := $(LIB_OUT)/libstplr.so.$(STPLR_LIB_VERSION)
LIB_SO_NAME := $(LIB_OUT)/libstplr.so.$(STPLR_LIB_SOMAJOR)
LIB_SO_DEV  := $(LIB_OUT)/libstplr.so
LIB_A       := $(LIB_OUT)/libstplr.a
LIB_PC_UNINSTALLED := $(LIB_PCDIR)/libstplr-uninstalled.pc \
		      $(LIB_PCDIR)/stplr-qnx-uninstalled.pc

# <stplr/uapi.h> is a symbolic link to include/uapi/linux/stplr.h, so the
# vendored copy cannot drift; "install" copies the file it points to.
LIB_HEADERS := $(TOP)/lib/include/stplr/stplr.h $(TOP)/lib/include/stplr/uapi.h
LIB_MAP := $(TOP)/lib/libstplr.map

# ---- libstplr-qnx: the QNX layer (lib/qnx/) ---------------------------------
# Every lib/qnx/*.c and lib/qnx/*/*.c is part of it.  A part in its own
# subdirectory (lib/qnx/DIR/) may add a DIR.mk there, included below, to
#   STPLR_QNX_LDLIBS += -lfoo        link libstplr-qnx.so with more libraries
#                                    (also written to stplr-qnx.pc's
#                                    Libs.private)
#   STPLR_QNX_CFLAGS += ...          compile lib/qnx/ with more flags
# and a lib/qnx/DIR/*.map fragment for its symbols (see libstplr-qnx.map).
# Its public headers go to lib/qnx/include/ (installed as they are laid out
# there); its functions get man pages when documented in kernel-doc form
# (lib/README.md).
STPLR_QNX_LDLIBS := -lpthread
STPLR_QNX_CFLAGS := -I$(TOP)/lib/qnx/include
STPLR_QNX_SRCS := $(wildcard $(TOP)/lib/qnx/*.c $(TOP)/lib/qnx/*/*.c)
STPLR_QNX_MAPS := $(TOP)/lib/qnx/libstplr-qnx.map \
		  $(wildcard $(TOP)/lib/qnx/*/*.map)
-include $(wildcard $(TOP)/lib/qnx/*/*.mk)

LIB_OBJS_QNX := $(patsubst $(TOP)/lib/%.c,$(LIB_OBJDIR)/%.o,$(STPLR_QNX_SRCS))
LIB_OBJS     := $(LIB_OBJS_CORE) $(LIB_OBJS_QNX)

LIB_QNX_SO_REAL := $(LIB_OUT)/libstplr-qnx.so.$(STPLR_QNX_VERSION)
LIB_QNX_SO_NAME := $(LIB_OUT)/libstplr-qnx.so.$(STPLR_QNX_SOMAJOR)
LIB_QNX_SO_DEV  := $(LIB_OUT)/libstplr-qnx.so
LIB_QNX_A       := $(LIB_OUT)/libstplr-qnx.a
LIB_QNX_MAP     := $(LIB_OUT)/libstplr-qnx.map

# Public QNX headers, relative to lib/qnx/include (sys/neutrino.h ...).
LIB_QNX_INCDIR  := $(TOP)/lib/qnx/include
LIB_QNX_HEADERS_REL = $(patsubst $(LIB_QNX_INCDIR)/%,%,$(shell \
	find $(LIB_QNX_INCDIR) -name '*.h' 2>/dev/null | LC_ALL=C sort))
LIB_QNX_HEADERS = $(addprefix $(LIB_QNX_INCDIR)/,$(LIB_QNX_HEADERS_REL))

LIB_OUTPUTS := $(LIB_SO_REAL) $(LIB_SO_NAME) $(LIB_SO_DEV) $(LIB_A) \
	       $(LIB_QNX_SO_REAL) $(LIB_QNX_SO_NAME) $(LIB_QNX_SO_DEV) \
	       $(LIB_QNX_A) $(LIB_PC_UNINSTALLED)

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

$(LIB_OBJS_QNX): LIB_EXTRA_CFLAGS = $(STPLR_QNX_CFLAGS)

$(LIB_OBJDIR)/%.o: $(TOP)/lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_USER) $(LIB_EXTRA_CFLAGS) -fPIC -MMD -MP -c -o $@ $<

-include $(LIB_OBJS:.o=.d)

$(LIB_SO_REAL): $(LIB_OBJS_CORE) $(LIB_MAP) $(TOP)/lib/check-symbols.sh
	sh $(TOP)/lib/check-symbols.sh $(LIB_MAP) $(LIB_OBJS_CORE)
	$(CC) $(CFLAGS_USER) -shared -Wl,-soname,libstplr.so.$(STPLR_LIB_SOMAJOR) \
		-Wl,--version-script=$(LIB_MAP) -Wl,-z,defs \
		-Wl,-z,relro -Wl,-z,now -o $@ $(LIB_OBJS_CORE)

$(LIB_SO_NAME): $(LIB_SO_REAL)
	ln -sf $(notdir $<) $@

$(LIB_SO_DEV): $(LIB_SO_NAME)
	ln -sf $(notdir $<) $@

$(LIB_A): $(LIB_OBJS_CORE)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS_CORE)

$(LIB_QNX_MAP): $(STPLR_QNX_MAPS)
	@mkdir -p $(@D)
	cat $(STPLR_QNX_MAPS) >$@

$(LIB_QNX_SO_REAL): $(LIB_OBJS_QNX) $(LIB_QNX_MAP) $(LIB_SO_DEV) \
		$(TOP)/lib/check-symbols.sh
	sh $(TOP)/lib/check-symbols.sh $(LIB_QNX_MAP) $(LIB_OBJS_QNX)
	$(CC) $(CFLAGS_USER) -shared \
		-Wl,-soname,libstplr-qnx.so.$(STPLR_QNX_SOMAJOR) \
		-Wl,--version-script=$(LIB_QNX_MAP) -Wl,-z,defs \
		-Wl,-z,relro -Wl,-z,now -o $@ $(LIB_OBJS_QNX) \
		-L$(LIB_OUT) -lstplr $(STPLR_QNX_LDLIBS)

$(LIB_QNX_SO_NAME): $(LIB_QNX_SO_REAL)
	ln -sf $(notdir $<) $@

$(LIB_QNX_SO_DEV): $(LIB_QNX_SO_NAME)
	ln -sf $(notdir $<) $@

$(LIB_QNX_A): $(LIB_OBJS_QNX)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS_QNX)

# ---- man pages ------------------------------------------------------------
# One page per exported symbol (both version maps), generated from the
# headers' kernel-doc comments by the kernel's scripts/kernel-doc (from the
# linux-source-6.1 tree tools/vm/deps unpacks, or KERNEL_DOC=...), so a page
# cannot drift from its header; lib/gen-man.sh fails when an exported
# symbol has no comment.  Built with the 64-bit userspace, installed by
# make install into $(MANDIR)/man3.
MANDIR ?= $(PREFIX)/share/man
KERNEL_DOC ?= $(firstword $(wildcard \
	$(or $(STPLR_CACHE),/var/cache/stapler)/linux-source-6.1/scripts/kernel-doc \
	/usr/src/linux-source-*/scripts/kernel-doc \
	/usr/src/linux-headers-$(KVER)/scripts/kernel-doc))
LIB_MAN_DIR   := $(LIB_OUT)/man
LIB_MAN_STAMP := $(LIB_MAN_DIR)/pages.stamp

.PHONY: man
man: $(LIB_MAN_STAMP)

$(LIB_MAN_STAMP): $(LIB_MAP) $(LIB_QNX_MAP) $(LIB_HEADERS) $(LIB_QNX_HEADERS) \
		$(TOP)/lib/gen-man.sh $(TOP)/lib/check-symbols.sh
ifeq ($(KERNEL_DOC),)
	@echo "man: no scripts/kernel-doc (run tools/vm/deps, or pass KERNEL_DOC=/path/to/linux/scripts/kernel-doc)" >&2
	@exit 1
else
	rm -rf $(LIB_MAN_DIR)
	sh $(TOP)/lib/gen-man.sh $(KERNEL_DOC) $(LIB_MAN_DIR) $(STPLR_LIB_VERSION) \
		libstplr:$(LIB_MAP) stplr-qnx:$(LIB_QNX_MAP) -- \
		$(LIB_HEADERS) $(LIB_QNX_HEADERS)
	@touch $@
endif

ifeq ($(findstring -m32,$(CFLAGS_USER)),)
ifneq ($(KERNEL_DOC),)
USERSPACE_TARGETS += $(LIB_MAN_STAMP)
endif
endif

# pkg-config templates: @prefix@ @libdir@ @includedir@ @qnxincludedir@
# @version@ @qnxversion@ @qnxlibs@.
lib_pc_subst = sed -e 's|@prefix@|$(1)|g' -e 's|@libdir@|$(2)|g' \
	-e 's|@includedir@|$(3)|g' -e 's|@qnxincludedir@|$(4)|g' \
	-e 's|@version@|$(STPLR_LIB_VERSION)|g' \
	-e 's|@qnxversion@|$(STPLR_QNX_VERSION)|g' \
	-e 's|@qnxlibs@|$(STPLR_QNX_LDLIBS)|g'

lib_pc_build = $(call lib_pc_subst,$(TOP),$(LIB_OUT),$(TOP)/lib/include,$(TOP)/lib/qnx/include)

$(LIB_PCDIR)/libstplr-uninstalled.pc: $(TOP)/lib/libstplr.pc.in
	@mkdir -p $(@D)
	$(lib_pc_build) $< >$@

$(LIB_PCDIR)/stplr-qnx-uninstalled.pc: $(TOP)/lib/stplr-qnx.pc.in
	@mkdir -p $(@D)
	$(lib_pc_build) $< >$@

# Installed .pc files are written at install time, so that PREFIX and
# friends given to "make install" are the ones recorded.
lib_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
lib_pc_install = $(call lib_pc_subst,$(PREFIX),$(call lib_rel,$(LIBDIR)),$(call lib_rel,$(INCLUDEDIR)),$${includedir}/stplr/qnx)

userspace-install: lib $(STPLR_PS)
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BINDIR) \
		$(DESTDIR)$(INCLUDEDIR)/stplr/qnx
	install -m 0755 $(LIB_SO_REAL) $(LIB_QNX_SO_REAL) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(LIB_SO_REAL)) $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_NAME))
	ln -sf $(notdir $(LIB_SO_NAME)) $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_DEV))
	ln -sf $(notdir $(LIB_QNX_SO_REAL)) $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_QNX_SO_NAME))
	ln -sf $(notdir $(LIB_QNX_SO_NAME)) $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_QNX_SO_DEV))
	install -m 0644 $(LIB_A) $(LIB_QNX_A) $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(STPLR_PS) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(LIB_HEADERS) $(DESTDIR)$(INCLUDEDIR)/stplr/
	set -e; for h in $(LIB_QNX_HEADERS_REL); do \
		install -D -m 0644 $(LIB_QNX_INCDIR)/$$h \
			$(DESTDIR)$(INCLUDEDIR)/stplr/qnx/$$h; done
	$(lib_pc_install) $(TOP)/lib/libstplr.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/libstplr.pc
	$(lib_pc_install) $(TOP)/lib/stplr-qnx.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/stplr-qnx.pc
ifneq ($(KERNEL_DOC),)
	$(MAKE) --no-print-directory man
	install -d $(DESTDIR)$(MANDIR)/man3
	install -m 0644 $(LIB_MAN_DIR)/man3/*.3 $(DESTDIR)$(MANDIR)/man3/
else
	@echo "warning: no scripts/kernel-doc: man pages not built nor installed (tools/vm/deps, or KERNEL_DOC=/path/to/scripts/kernel-doc)" >&2
endif
	@echo "libstplr and libstplr-qnx installed; run ldconfig if $(LIBDIR) is in its search path"

# The whole of $(INCLUDEDIR)/stplr is ours: removed with what is in it.
userspace-uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_REAL)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_NAME)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_SO_DEV)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_A)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_QNX_SO_REAL)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_QNX_SO_NAME)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_QNX_SO_DEV)) \
	      $(DESTDIR)$(LIBDIR)/$(notdir $(LIB_QNX_A)) \
	      $(DESTDIR)$(BINDIR)/stplr-ps \
	      $(DESTDIR)$(PKGCONFIGDIR)/libstplr.pc \
	      $(DESTDIR)$(PKGCONFIGDIR)/stplr-qnx.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/stplr
	for s in $$(sh $(TOP)/lib/check-symbols.sh --list $(LIB_MAP) \
			$(STPLR_QNX_MAPS)); do \
		rm -f $(DESTDIR)$(MANDIR)/man3/$$s.3; done
