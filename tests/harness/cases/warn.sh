#!/bin/sh
# Loads a module that hits WARN_ON(1) and unloads it.  Exits 0 without TAP
# (1 passed), but the kernel splat must fail the test (1 failed).
set -e
ko=build/guest/$(uname -r)/harness-warn/stplr_warn_test.ko
insmod "$ko"
rmmod stplr_warn_test
