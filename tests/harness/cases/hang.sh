#!/bin/sh
# Prints one TAP line and then never finishes: the suite's timeout must fire
# (1 passed + 1 failed).
echo "ok 1 - started, now hanging"
exec sleep infinity
