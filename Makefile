# SPDX-License-Identifier: GPL-2.0
#
# stapler top-level build.
#
#   make                 module for the running kernel (when its headers are
#                        installed) plus libstplr, tools and tests
#   make module KDIR=... module against another kernel tree
#   make check           the whole test suite in a QEMU guest
#   make demo            the seed client/server demo in a QEMU guest
#   make lint            W=1, sparse, checkpatch --strict, userspace -Werror
#   make install / uninstall   (honour DESTDIR and PREFIX)

TOP        := $(CURDIR)
KVER       ?= $(shell uname -r)
KDIR       ?= /lib/modules/$(KVER)/build
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR     ?= $(PREFIX)/bin
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR    ?=
BUILD      ?= $(TOP)/build
# Build the module somewhere else than kernel/ (one directory per kernel).
MODULE_OUT ?= $(TOP)/kernel

CC         ?= cc
CXX        ?= c++
CFLAGS_USER := -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	       -I$(TOP)/include/uapi -I$(TOP)/lib/include
export CC CXX

.PHONY: all module module-or-hint userspace clean install uninstall \
	module-install module-uninstall check demo lint
all: module-or-hint userspace

have_kdir = $(wildcard $(KDIR)/Makefile)

module:
ifeq ($(have_kdir),)
	@echo "stapler: no kernel headers at $(KDIR) (install linux-headers-$(KVER) or pass KDIR=); 'make check' and 'make demo' build and run it in a QEMU guest instead" >&2
	@exit 1
else
	@if [ "$(MODULE_OUT)" != "$(TOP)/kernel" ]; then \
		mkdir -p "$(MODULE_OUT)" && \
		cp $(TOP)/kernel/Kbuild $(TOP)/kernel/*.c $(TOP)/kernel/*.h "$(MODULE_OUT)/"; fi
	$(MAKE) -C $(KDIR) M=$(MODULE_OUT) STPLR_UAPI=$(TOP)/include/uapi modules
endif

module-or-hint:
ifeq ($(have_kdir),)
	@echo "stapler: no kernel headers at $(KDIR), skipping stplr.ko; 'make check' and 'make demo' build and run it in a QEMU guest" >&2
else
	@$(MAKE) --no-print-directory module
endif

-include $(TOP)/lib/lib.mk
-include $(TOP)/lib/thrift/thrift.mk
-include $(TOP)/tests/tests.mk
-include $(TOP)/tools/tools.mk
-include $(TOP)/bench/bench.mk
-include $(TOP)/mk/dkms.mk

clean:
	-$(if $(have_kdir),$(MAKE) -C $(KDIR) M=$(TOP)/kernel clean)
	rm -f $(TOP)/kernel/*.o $(TOP)/kernel/*.ko $(TOP)/kernel/*.mod* \
	      $(TOP)/kernel/.*.cmd $(TOP)/kernel/Module.symvers \
	      $(TOP)/kernel/modules.order
	rm -rf $(TOP)/kernel/.tmp_versions $(BUILD)

module-install: module
	$(MAKE) -C $(KDIR) M=$(MODULE_OUT) STPLR_UAPI=$(TOP)/include/uapi \
		INSTALL_MOD_PATH=$(DESTDIR) modules_install
	$(if $(DESTDIR),depmod -b $(DESTDIR) $(KVER),depmod -a $(KVER))

module-uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/updates/stplr.ko \
	      $(DESTDIR)/lib/modules/$(KVER)/extra/stplr.ko
	-$(if $(DESTDIR),depmod -b $(DESTDIR) $(KVER),depmod -a $(KVER))

install: $(if $(have_kdir),module-install) userspace-install
uninstall: $(if $(have_kdir),module-uninstall) userspace-uninstall
