#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Harness self-test: proves that the guest harness notices what it must
# (a failing test, a hung test, a kernel WARN, a failing insmod) and that
# tools/vm/run passes argv, output and exit status through.  Prints TAP and
# ends with "N passed, M failed, K skipped".  Three short guest boots, plus
# a fourth on a debug kernel: a leaking module must fail the kmemleak check.
#
#   tests/harness/selftest.sh [--kernel NAME]      (default: KERNEL or 6.1;
#                                                  6.1-debug for the debug kernel)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$top/tools/vm/common.sh"
cd "$top"

kernel=${KERNEL:-6.1}
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	*) die "selftest: unknown option $1" ;;
	esac
done
resolve_kernel "$kernel"

n=0 passed=0 failed=0
check() {	# check DESCRIPTION COMMAND...: one TAP line for COMMAND's success
	local what=$1; shift
	n=$((n + 1))
	if "$@"; then
		passed=$((passed + 1)); echo "ok $n - selftest: $what"
	else
		failed=$((failed + 1)); echo "not ok $n - selftest: $what"
	fi
}
has() { grep -q -E -e "$1" "$2"; }
not_has() { ! grep -q -e "$1" "$2"; }
# Show a nested run's output as TAP comments, live, so its "not ok" lines
# (which are expected here) are not mistaken for ours.
commented() { sed -u 's/^/#   /'; }

work=$top/build/harness-selftest/$KVER
rm -rf "$work"
mkdir -p "$work"

# The WARN module must match the guest kernel: build it for $KBUILD.
warn_dir=$top/build/guest/$KVER/harness-warn
mkdir -p "$warn_dir"
cp tests/harness/warn/Kbuild tests/harness/warn/stplr_warn_test.c "$warn_dir/"
check "build stplr_warn_test.ko for $KVER" \
	make -s -C "$KBUILD" M="$warn_dir" modules

# 1. The suite on a manifest of things that must fail (and two that must not),
# with the guest kept alive after a WARN (--no-panic), so that every case runs.
echo "# run-tests --no-panic on tests/harness/TESTS (failures below are expected)"
set +e
tools/vm/run-tests --kernel "$kernel" --no-build --no-module --no-panic \
	--manifest tests/harness/TESTS 2>&1 | tee "$work/suite.out" | commented
rc=${PIPESTATUS[0]}
set -e
out=$work/suite.out
check "run-tests exits non-zero when tests fail (got $rc)" test "$rc" != 0
check "a failing exit status is a failure" has '^not ok - harness-fail: exit status 1$' "$out"
check "a hung test is killed and failed at its timeout" has '^not ok - harness-hang: timed out after 5s$' "$out"
check "a WARN during a test fails that test" has '^not ok - harness-warn: kernel splat' "$out"
check "the WARN lines are shown" has '^# splat: .*WARNING: .*stplr_warn_test' "$out"
check "the splat is not blamed on the next test" has '^# --- harness-pass: ok \(2 passed, 0 failed' "$out"
check "exit status 77 is a skip" has '^ok - harness-skip # SKIP' "$out"
check "the host's whole-log scan finds the WARN" has '^not ok - whole kernel log: ' "$out"
check "the totals follow the counting rule" \
	test "$(tail -n 1 "$out")" = "5 passed, 4 failed, 1 skipped"

# 1b. By default (make check) a WARN panics the guest: the run must fail
# quickly, name the test that was running and not run the tests after it.
echo "# run-tests on tests/harness/TESTS-panic (the panic below is expected)"
set +e
start=$SECONDS
tools/vm/run-tests --kernel "$kernel" --no-build --no-module --timeout 600 \
	--manifest tests/harness/TESTS-panic 2>&1 | tee "$work/panic.out" | commented
rc=${PIPESTATUS[0]}
took=$((SECONDS - start))
set -e
out=$work/panic.out
check "a WARN with panic_on_warn fails the run (got $rc)" test "$rc" != 0
check "the test before the WARN passed" has '^# --- harness-pass: ok \(2 passed, 0 failed' "$out"
check "the panic is blamed on the test that was running" \
	has '^not ok - harness-warn: the guest died while this test ran: .*(WARNING|panic)' "$out"
check "no test runs after the panic" not_has 'harness-skip' "$out"
check "the panic stops the guest at once (${took}s, guest timeout 600s)" test "$took" -lt 300

# 2. argv, output and exit status pass through tools/vm/run.
echo "# tools/vm/run -- sh -c '...; exit 3'"
set +e
tools/vm/run --kernel "$kernel" --log "$work/run-console.log" \
	-- sh -c 'printf "[%s]" "$@"; echo; echo on-stderr >&2; exit 3' \
	sh 'two words' "it's" '$HOME' '*' >"$work/run.out" 2>&1
rc=$?
set -e
commented <"$work/run.out"
check "run returns the command's exit status (3, got $rc)" test "$rc" = 3
check "run keeps argv exactly (quotes, spaces, \$, *)" has "^\[two words\]\[it's\]\[\\\$HOME\]\[\*\]$" "$work/run.out"
check "run streams stderr too" has '^on-stderr$' "$work/run.out"

# 3. A module that cannot be loaded stops the run with one clear line.
printf 'not an ELF module\n' >"$work/broken.ko"
echo "# tools/vm/run --module broken.ko -- true"
set +e
tools/vm/run --kernel "$kernel" --log "$work/insmod-console.log" --module "$work/broken.ko" \
	-- echo must-not-run >"$work/insmod.out" 2>&1
rc=$?
set -e
commented <"$work/insmod.out"
check "a failing insmod fails the run (125, got $rc)" test "$rc" = 125
check "a failing insmod says so in one stplr-vm line" \
	test "$(grep -c '^stplr-vm: insmod .*broken.ko.* failed' "$work/insmod.out")" = 1
check "a failing insmod does not run the command" not_has must-not-run "$work/insmod.out"

# 4. Debug kernel only: kmemleak must blame a module that leaks.
case "$kernel" in
*-debug)
	leak_dir=$top/build/guest/$KVER/harness-leak
	mkdir -p "$leak_dir"
	cp tests/harness/leak/Kbuild tests/harness/leak/stplr_leak_test.c "$leak_dir/"
	check "build stplr_leak_test.ko for $KVER" make -s -C "$KBUILD" M="$leak_dir" modules
	echo "# run-tests --debug with a module that leaks (the kmemleak failure is expected)"
	set +e
	tools/vm/run-tests --kernel "$kernel" --debug --no-build --module "$leak_dir/stplr_leak_test.ko" \
		--manifest tests/harness/TESTS-leak 2>&1 | tee "$work/leak.out" | commented
	rc=${PIPESTATUS[0]}
	set -e
	check "a leaking module fails the debug run (got $rc)" test "$rc" != 0
	check "kmemleak blames the leaking module" \
		has '^not ok - kmemleak before rmmod: leaks from stplr_leak_test$' "$work/leak.out"
	check "the leak report is shown" has '^# leak: unreferenced object' "$work/leak.out"
	;;
esac

echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
