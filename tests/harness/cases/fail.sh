#!/bin/sh
# One passing TAP line, then a failing exit status without a "not ok" line:
# counts as 1 passed + 1 failed.
echo "ok 1 - before failing"
exit 1
