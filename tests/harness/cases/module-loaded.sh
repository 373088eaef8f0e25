#!/bin/sh
# Sanity check that the suite runs with the module loaded (so the manifest is
# never empty and a suite that forgot to load stplr.ko fails early).
if [ -d /sys/module/stplr ]; then
	echo "ok 1 - stplr module is loaded"
else
	echo "not ok 1 - stplr module is loaded"
fi
