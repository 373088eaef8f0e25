# SPDX-License-Identifier: GPL-2.0
#
# The D-Bus examples (tests/examples/dbus), included by lib/thrift/thrift.mk;
# built when libdbus-1's headers are installed (libdbus-1-dev), not -m32.
#
#   build/tests/examples/dbus/{ping,calculator,timer}-{server,client}

ifeq ($(STPLR_HAVE_DBUS),y)

DX_DIR := $(TOP)/tests/examples/dbus
DX_OUT := $(BUILD)/tests/examples/dbus
DX_PROGS := $(foreach s,ping calculator timer,$(DX_OUT)/$(s)-server $(DX_OUT)/$(s)-client)

$(DX_PROGS): $(DX_OUT)/%: $(DX_DIR)/%.c $(DX_DIR)/common.c $(DX_DIR)/common.h
	@mkdir -p $(@D)
	$(CC) $(filter-out -I%,$(CFLAGS_USER)) $(shell $(PKG_CONFIG) --cflags dbus-1) \
		-o $@ $< $(DX_DIR)/common.c $(shell $(PKG_CONFIG) --libs dbus-1)

USERSPACE_TARGETS += $(DX_PROGS)

endif
