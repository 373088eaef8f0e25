# SPDX-License-Identifier: GPL-2.0
#
# DKMS packaging of stplr.ko (included by the top-level Makefile).
#
#   make dkms-install     copy the module sources and dkms.conf to
#                         /usr/src/stplr-VERSION, register them with DKMS and
#                         build + install the module for every kernel that has
#                         headers installed (or only DKMS_KERNELS="kver ...").
#                         DKMS then rebuilds it by itself for each kernel
#                         installed later (AUTOINSTALL).
#   make dkms-uninstall   remove the module from DKMS and the sources from /usr/src.
#   make dkms-status      dkms status for stplr

DKMS         ?= dkms
DKMS_NAME     = stplr
# The module's version has one source, the UAPI header (STPLR_VERSION_*);
# dkms.conf gets it when it is copied (@STPLR_VERSION@).
uapi_version_part = $(shell sed -n 's/^\#define STPLR_VERSION_$(1)[[:space:]]*\([0-9]*\).*/\1/p' $(TOP)/include/uapi/linux/stplr.h)
DKMS_VERSION  = $(call uapi_version_part,MAJOR).$(call uapi_version_part,MINOR).$(call uapi_version_part,PATCH)
DKMS_SRC      = /usr/src/$(DKMS_NAME)-$(DKMS_VERSION)
# Kernels with headers (build/Makefile), not only the running one: DKMS
# builds for any kernel with -k.
DKMS_KERNELS ?= $(notdir $(patsubst %/build/Makefile,%,$(wildcard /lib/modules/*/build/Makefile)))

.PHONY: dkms-install dkms-uninstall dkms-status dkms-src

dkms-src:
	@command -v $(DKMS) >/dev/null || { echo "dkms-install: no dkms (apt-get install dkms)" >&2; exit 1; }
	-@$(DKMS) remove $(DKMS_NAME)/$(DKMS_VERSION) --all >/dev/null 2>&1
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)/kernel $(DKMS_SRC)/include
	sed 's/@STPLR_VERSION@/$(DKMS_VERSION)/g' $(TOP)/dkms.conf >$(DKMS_SRC)/dkms.conf
	cp $(TOP)/kernel/Kbuild $(filter-out %.mod.c,$(wildcard $(TOP)/kernel/*.[ch])) $(DKMS_SRC)/kernel/
	cp -r $(TOP)/include/uapi $(DKMS_SRC)/include/
	$(DKMS) add $(DKMS_NAME)/$(DKMS_VERSION)

dkms-install: dkms-src
	@[ -n "$(strip $(DKMS_KERNELS))" ] || echo "dkms-install: no kernel headers installed; DKMS builds when some are" >&2
	@set -e; for k in $(DKMS_KERNELS); do \
		echo "$(DKMS) install $(DKMS_NAME)/$(DKMS_VERSION) -k $$k"; \
		$(DKMS) install $(DKMS_NAME)/$(DKMS_VERSION) -k $$k; \
	done
	@$(DKMS) status $(DKMS_NAME)

dkms-uninstall:
	-$(DKMS) remove $(DKMS_NAME)/$(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)

dkms-status:
	@$(DKMS) status $(DKMS_NAME)

# The version every place derives from the two headers, for checking.
.PHONY: version
version:
	@echo "module $(DKMS_VERSION) (include/uapi/linux/stplr.h), libstplr $(STPLR_LIB_VERSION) (lib/include/stplr/stplr.h)"

