# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # sourced: sets variables for its callers
# Shared helpers for tools/vm/* (sourced, not executed).

STPLR_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STPLR_VM=$STPLR_TOP/tools/vm
STPLR_CACHE=${STPLR_CACHE:-/var/cache/stapler}

# Kernel command line of the test suite's guests (tools/vm/run-tests): a
# WARN, an oops, a soft lockup or a task hung for 30 s (tools/vm/run sets
# hung_task_timeout_secs) panics the guest, and
# the panic powers it off (panic=-1, QEMU -no-reboot); slub_debug=FZP
# checks and poisons slab objects, so a use-after-free is seen.
STPLR_STRICT_APPEND='panic_on_warn=1 oops=panic softlockup_panic=1 hung_task_panic=1 slub_debug=FZP'

# Every fatal condition is one line starting with "stplr-vm: ".
die() { echo "stplr-vm: $*" >&2; exit 125; }

# The splat regexes without comments or blank lines, for grep -E -f.
splat_patterns() {
	grep -v -e '^#' -e '^[[:space:]]*$' "$STPLR_VM/splat-patterns"
}

# The Debian sid chroot that holds the 7.x kernel, its headers and the gcc
# they were built with (tools/vm/kernels makes it).
STPLR_SID=${STPLR_SID:-$STPLR_CACHE/sid-chroot}

# newest_image DIR NAME: the newest DIR/vmlinuz-* of a Debian kernel named
# X.Y (plain flavour: not -rt, not -cloud) or X.Y-FLAVOUR (e.g. 6.12-rt).
newest_image() {
	local dir=$1 name=$2 ver flavour
	ver=${name%%-*}
	flavour=${name#"$ver"}
	(shopt -s nullglob
	 for img in "$dir"/vmlinuz-"$ver".* "$dir"/vmlinuz-"$ver"-*; do
		case "${img#"$dir"/vmlinuz-}" in
		*-rt-*|*-cloud-*|*-rt|*-cloud) [ -n "$flavour" ] || continue ;;
		esac
		[ -z "$flavour" ] || case "$img" in *"$flavour"-*|*"$flavour") ;; *) continue ;; esac
		echo "$img"
	 done) | sort -V | tail -n 1
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
# KBUILD (tree to build modules against), KAPPEND (extra kernel command
# line this kernel wants), KROOT (root directory holding its /lib/modules,
# empty for the host's) and KCHROOT (chroot to build the module in, empty to
# build on the host) for a kernel name:
#   6.1        newest installed Debian 6.1 kernel (/boot/vmlinuz-6.1.*)
#   6.1-debug  the debug kernel built by tools/vm/debug-kernel
#   6.12       newest Debian 6.12 kernel (bookworm-backports), not -rt/-cloud
#   6.12-rt    newest Debian 6.12 PREEMPT_RT kernel (bookworm-backports)
#   7.2        newest Debian 7.2 kernel in the sid chroot $STPLR_SID
#   X.Y[-F]    a Debian kernel whose version starts with X.Y (flavour F),
#              on the host, else in the sid chroot
resolve_kernel() {
	local name=$1 img dir
	KAPPEND='' KROOT='' KCHROOT=''
	case "$name" in
	*-debug)
		dir=$("$STPLR_VM/debug-kernel" --check) || exit 125
		KIMAGE=$dir/arch/x86/boot/bzImage
		KVER=$(cat "$dir/include/config/kernel.release") ||
			die "no kernel.release in $dir"
		KBUILD=$dir
		# ACPI PCI interrupt-link setup takes ~15 s in this kernel under
		# TCG (AML interpreter with KASAN and lockdep); the BIOS's PIRQ
		# table routes the one virtio device just as well.  allnoconfig
		# leaves RANDOM_TRUST_CPU off: without trust_cpu the RNG was not
		# ready for about a minute (getrandom() blocks, %p prints
		# "(____ptrval____)").
		KAPPEND='acpi=noirq random.trust_cpu=on' ;;
	*)
		img=$(newest_image /boot "$name")
		if [ -z "$img" ] && [ -d "$STPLR_SID/boot" ]; then
			img=$(newest_image "$STPLR_SID/boot" "$name")
			[ -z "$img" ] || KROOT=$STPLR_SID KCHROOT=$STPLR_SID
		fi
		[ -n "$img" ] || die "no /boot/vmlinuz-$name.* kernel image (tools/vm/kernels --install $name)"
		KIMAGE=$img
		KVER=${img##*/vmlinuz-}
		# In the chroot, build is an absolute symlink that only resolves there.
		KBUILD=$KROOT/usr/src/linux-headers-$KVER
		[ -n "$KROOT" ] && [ -d "$KBUILD" ] || KBUILD=/lib/modules/$KVER/build ;;
	esac
}

# build_module OUT [MAKE ARGS...]: build stplr.ko for the kernel that
# resolve_kernel picked, into the directory OUT.  A kernel from the sid
# chroot is built inside the chroot (its headers want sid's gcc), from a
# copy of the sources staged there; the results are copied back to OUT.
build_module() {
	local out=$1 stage rc=0 f
	shift
	if [ -z "$KCHROOT" ]; then
		make -s -C "$STPLR_TOP" module KDIR="$KBUILD" MODULE_OUT="$out" "$@"
		return
	fi
	[ "$(id -u)" = 0 ] || die "building for $KVER needs chroot $KCHROOT: run as root"
	mkdir -p "$out" "$KCHROOT/var/tmp" || return 1
	stage=$(mktemp -d "$KCHROOT/var/tmp/stplr-build.XXXXXX") || return 1
	mkdir -p "$stage/kernel" "$stage/uapi"
	for f in "$STPLR_TOP"/kernel/Kbuild "$STPLR_TOP"/kernel/*.[ch]; do
		case "$f" in *.mod.c) continue ;; esac
		cp "$f" "$stage/kernel/"
	done
	cp -r "$STPLR_TOP"/include/uapi/. "$stage/uapi/"
	# objtool reads /proc; a private mount namespace drops that mount
	# again when the build ends, however it ends.
	unshare --mount --propagation private -- /bin/sh -c \
		'mount -t proc proc "$1/proc" && shift && exec chroot "$@"' sh "$KCHROOT" \
		"$KCHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		make -s -C "${KBUILD#"$KCHROOT"}" M="${stage#"$KCHROOT"}/kernel" \
		STPLR_UAPI="${stage#"$KCHROOT"}/uapi" modules "$@" || rc=$?
	[ "$rc" != 0 ] || cp -r "$stage"/kernel/. "$out/" || rc=$?
	rm -rf "$stage"
	return "$rc"
}
