# SPDX-License-Identifier: GPL-2.0
# Shared helpers for tools/vm/* (sourced, not executed).

STPLR_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STPLR_VM=$STPLR_TOP/tools/vm
STPLR_CACHE=${STPLR_CACHE:-/var/cache/stapler}

# Every fatal condition is one line starting with "stplr-vm: ".
die() { echo "stplr-vm: $*" >&2; exit 125; }

# The splat regexes without comments or blank lines, for grep -E -f.
splat_patterns() {
	grep -v -e '^#' -e '^[[:space:]]*$' "$STPLR_VM/splat-patterns"
}

# run_tee FILE CMD...: run CMD with its stdout also copied to FILE, passing
# INT/TERM/HUP on to it (bash would run our traps only after CMD ended, and
# a guest would keep running); returns CMD's exit status.
run_tee() {
	local file=$1 pid rc
	shift
	"$@" > >(tee "$file") &
	pid=$!
	# shellcheck disable=SC2064 # expand $pid now
	trap "kill $pid 2>/dev/null" INT TERM HUP
	while :; do
		wait "$pid" && rc=0 || rc=$?
		# wait also returns when a trap ran; the command may still be going.
		kill -0 "$pid" 2>/dev/null || break
	done
	trap - INT TERM HUP
	wait	# for tee (bash waits for the last process substitution too)
	return "$rc"
}

# resolve_kernel NAME: set KIMAGE (bzImage), KVER (uname -r of the guest),
# KBUILD (tree to build modules against) and KAPPEND (extra kernel command
# line this kernel wants) for a kernel name:
#   6.1        newest installed Debian 6.1 kernel (/boot/vmlinuz-6.1.*)
#   6.1-debug  the debug kernel built by tools/vm/debug-kernel
#   X.Y...     a Debian kernel whose version starts with X.Y
resolve_kernel() {
	local name=$1 img dir
	KAPPEND=''
	case "$name" in
	*-debug)
		dir=$("$STPLR_VM/debug-kernel" --check) || exit 125
		KIMAGE=$dir/arch/x86/boot/bzImage
		KVER=$(cat "$dir/include/config/kernel.release") ||
			die "no kernel.release in $dir"
		KBUILD=$dir
		# ACPI PCI interrupt-link setup takes ~15 s in this kernel under
		# TCG (AML interpreter with KASAN and lockdep); the BIOS's PIRQ
		# table routes the one virtio device just as well.
		KAPPEND='acpi=noirq' ;;
	*)
		img=$(shopt -s nullglob; printf '%s\n' /boot/vmlinuz-"$name".* /boot/vmlinuz-"$name"-* |
			sort -V | tail -n 1)
		[ -n "$img" ] || die "no /boot/vmlinuz-$name.* kernel image (apt-get install linux-image-amd64)"
		KIMAGE=$img
		KVER=${img#/boot/vmlinuz-}
		KBUILD=/lib/modules/$KVER/build ;;
	esac
}
