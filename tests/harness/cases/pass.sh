#!/bin/sh
# Two passing TAP lines right after the WARN case: the splat must not be
# blamed on this test (2 passed).
echo "ok 1 - first"
echo "# a comment"
echo "ok 2 - second"
