# SPDX-License-Identifier: GPL-2.0
#
# The Thrift examples (tests/examples/thrift), included by
# lib/thrift/thrift.mk when Thrift is installed.  The C++ code of the IDL
# in idl/ is generated at build time with Debian's thrift compiler; the
# programs link libstplr-thrift the way any user would, through
# pkg-config (the build tree's uninstalled .pc files).
#
#   build/tests/examples/thrift/{ping,calculator,timer}-{server,client}
#   build/tests/examples/thrift/transport-test   the transports' own cases

ifeq ($(STPLR_HAVE_THRIFT),y)

TX_DIR := $(TOP)/tests/examples/thrift
TX_OUT := $(BUILD)/tests/examples/thrift
TX_GEN := $(TX_OUT)/gen-cpp
TX_IDL := $(wildcard $(TX_DIR)/idl/*.thrift)
TX_GEN_SRCS := $(addprefix $(TX_GEN)/,example.cpp example_types.cpp ping.cpp \
		calculator.cpp timer.cpp)
TX_GEN_OBJS := $(TX_GEN_SRCS:.cpp=.o)
TX_PROGS := $(foreach s,ping calculator timer,$(TX_OUT)/$(s)-server $(TX_OUT)/$(s)-client) \
	    $(TX_OUT)/transport-test

tx_pc = $(shell PKG_CONFIG_PATH=$(LIB_PCDIR) $(PKG_CONFIG) $(1) stplr-thrift)
TX_CXXFLAGS = $(filter-out -I%,$(CXXFLAGS_USER)) -I$(TX_GEN) -I$(TX_DIR)

$(TX_OUT)/gen.stamp: $(TX_IDL)
	@rm -rf $(TX_GEN) && mkdir -p $(TX_GEN)
	set -e; for f in $(TX_IDL); do thrift --gen cpp:no_skeleton -out $(TX_GEN) $$f; done
	@touch $@

$(TX_GEN_SRCS): $(TX_OUT)/gen.stamp ;

# Generated code: no -Werror (its warnings are Thrift's, not ours).
$(TX_GEN)/%.o: $(TX_GEN)/%.cpp $(LT_PC_UNINSTALLED)
	$(CXX) $(filter-out -Werror,$(TX_CXXFLAGS)) $(call tx_pc,--cflags) -c -o $@ $<

$(TX_OUT)/%.o: $(TX_DIR)/%.cpp $(TX_OUT)/gen.stamp $(LT_PC_UNINSTALLED)
	$(CXX) $(TX_CXXFLAGS) $(call tx_pc,--cflags) -MMD -MP -c -o $@ $<

$(TX_PROGS): $(TX_OUT)/%: $(TX_OUT)/%.o $(TX_OUT)/common.o $(TX_GEN_OBJS) $(LT_SO_DEV)
	$(CXX) $(TX_CXXFLAGS) -o $@ $< $(TX_OUT)/common.o $(TX_GEN_OBJS) \
		$(call tx_pc,--libs) -lpthread -Wl,-rpath,'$$ORIGIN/../../../lib'

-include $(wildcard $(TX_OUT)/*.d)

USERSPACE_TARGETS += $(TX_PROGS)

endif
