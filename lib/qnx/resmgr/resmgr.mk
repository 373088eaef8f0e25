# SPDX-License-Identifier: LGPL-2.1-or-later
#
# lib/qnx/resmgr/: the QNX resource-manager library (dispatch, resmgr,
# iofunc, thread pools, devctl), part of libstplr-qnx; included by
# lib/lib.mk, which compiles every lib/qnx/*/*.c and appends
# lib/qnx/*/*.map to the QNX library's version script.
#
# The CUSE bridge (cuse.c: /dev/NAME nodes for any Linux program) needs
# libfuse3 (Debian: libfuse3-dev, installed by tools/vm/deps).  Without it,
# and in -m32 builds (no 32-bit libfuse3 is installed), it is left out and
# resource managers are reachable through stapler only.
STPLR_RESMGR_CUSE := $(if $(filter -m32,$(CFLAGS_USER)),,$(shell \
	pkg-config --exists fuse3 2>/dev/null && echo yes))
ifeq ($(STPLR_RESMGR_CUSE),yes)
STPLR_QNX_CFLAGS += -DSTPLR_RESMGR_CUSE $(shell pkg-config --cflags fuse3)
STPLR_QNX_LDLIBS += $(shell pkg-config --libs fuse3)
endif
