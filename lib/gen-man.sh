#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# gen-man.sh KERNEL_DOC OUTDIR VERSION LIB:MAP... -- HEADER...
#
# Writes OUTDIR/man3/NAME.3 for every global symbol of the version
# scripts MAP (LIB names the library and its pkg-config package, e.g.
# libstplr), from the kernel-doc comment of NAME in one of the HEADERs,
# with the kernel's scripts/kernel-doc -man.  An _r symbol whose plain
# form is exported too (MsgSend_r) gets the plain form's page, which
# documents both.  Fails, naming it, when a symbol has no kernel-doc
# comment, or a page does not render with man -l: every exported function
# has a page, and the pages come from the headers only, so they cannot
# drift from them.
#
# The comment format is the kernel's (Documentation/doc-guide):
#
#	/**
#	 * name() - one-line summary
#	 * @arg: what it is
#	 *
#	 * Description.
#	 *
#	 * Return: what it returns.
#	 */
set -eu

kdoc=$1 out=$2 version=$3
shift 3
here=$(dirname "$0")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stplr-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# symbol library pairs
: >"$tmp/syms"
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	lib=${1%%:*}
	sh "$here/check-symbols.sh" --list "${1#*:}" |
		sed "s/\$/ $lib/" >>"$tmp/syms"
	shift
done
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "gen-man.sh: no headers" >&2; exit 1; }

mkdir -p "$out/man3" "$tmp/pages"
status=0
# Which header documents each symbol: "sym lib base header".
: >"$tmp/plan"
while read -r sym lib; do
	base=$sym
	case $sym in
	*_r) grep -q "^${sym%_r} " "$tmp/syms" && base=${sym%_r} ;;
	esac
	hdr=
	for h in "$@"; do
		if grep -q "^ \* $base() - " "$h"; then
			hdr=$h
			break
		fi
	done
	if [ -z "$hdr" ]; then
		echo "gen-man.sh: $sym ($lib) has no kernel-doc comment \"$base() - ...\" in the headers" >&2
		status=1
		continue
	fi
	echo "$sym $lib $base $hdr" >>"$tmp/plan"
done <"$tmp/syms"

# One kernel-doc run per header, split into one page per function.
for hdr in $(awk '{ print $4 }' "$tmp/plan" | sort -u); do
	set --
	for f in $(awk -v h="$hdr" '$4 == h { print $3 }' "$tmp/plan" | sort -u); do
		set -- "$@" -function "$f"
	done
	if ! "$kdoc" -Werror -man "$@" "$hdr" >"$tmp/out" 2>"$tmp/err" ||
	   [ -s "$tmp/err" ]; then
		echo "gen-man.sh: kernel-doc failed on $hdr:" >&2
		cat "$tmp/err" >&2
		status=1
		continue
	fi
	awk -v dir="$tmp/pages" '
		/^\.TH "/ { f = $2; gsub(/"/, "", f); f = dir "/" f }
		f { print > f }' "$tmp/out"
done

while read -r sym lib base hdr; do
	if [ ! -s "$tmp/pages/$base" ]; then
		echo "gen-man.sh: no page for $base from $hdr" >&2
		status=1
		continue
	fi
	# <stplr/stplr.h>, <sys/neutrino.h>: the path below .../include/
	inc=${hdr##*/include/}
	date=$(date -u -r "$hdr" +%Y-%m-%d)
	names=$base
	grep -q "^${base}_r " "$tmp/syms" && names="$base, ${base}_r"
	awk -v sym="$sym" -v date="$date" -v ver="$version" -v inc="$inc" \
	    -v base="$base" -v names="$names" -v lib="$lib" '
		/^\.TH / {
			printf ".TH \"%s\" 3 \"%s\" \"stapler %s\" \"stapler Library Functions\"\n", sym, date, ver
			next
		}
		name && index($0, base " \\- ") == 1 {
			sub("^" base, names)
		}
		{ name = ($0 == ".SH NAME") }
		{ print }
		/^\.SH SYNOPSIS$/ {
			printf ".B #include <%s>\n.sp\n", inc
		}
		END {
			printf ".SH LIBRARY\n%s (\\fBpkg-config --cflags --libs %s\\fP)\n", \
			       (lib == "libstplr" ? "libstplr" : "libstplr-qnx"), lib
		}' "$tmp/pages/$base" >"$out/man3/$sym.3"
done <"$tmp/plan"

# Each page must render without a complaint (man -l, as a user reads it).
if command -v man >/dev/null 2>&1; then
	for page in "$out"/man3/*.3; do
		if ! MANWIDTH=80 man -l "$page" >/dev/null 2>"$tmp/err" ||
		   [ -s "$tmp/err" ]; then
			echo "gen-man.sh: man -l $page:" >&2
			cat "$tmp/err" >&2
			status=1
		fi
	done
fi
exit $status
