# SPDX-License-Identifier: GPL-2.0
#
# The resource-manager examples (tests/examples/resmgr-*), included by
# tests/tests.mk: tests/examples/DIR/PROG.c becomes
# build/tests/examples/DIR/DIR-PROG, built with pkg-config stplr-qnx only.
$(eval $(call qnx_example,resmgr-null,null))
$(eval $(call qnx_example,resmgr-dev,server client))
