#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-symbols.sh MAP OBJECT...
# check-symbols.sh --list MAP...
#
# The second form prints the global symbols of the version scripts, one
# per line (lib/gen-man.sh uses it).  The first form fails when the global symbols defined by the library's objects differ
# from the "global:" list of the version script MAP: a public function
# missing from the map would be silently hidden by "local: *", and a map
# entry without a definition would be a broken promise.
set -eu

# Drop /* */ comments (also multi-line ones), then print the names between
# a "global:" line and the next "local:" line or end of a version node
# ("}" or "} PARENT;"), for every node.
map_symbols() {
awk '{
		line = ""
		while ($0 != "") {
			if (c) {
				i = index($0, "*/")
				if (!i) { $0 = ""; break }
				$0 = substr($0, i + 2); c = 0
			} else {
				i = index($0, "/*")
				if (!i) { line = line $0; break }
				line = line substr($0, 1, i - 1)
				$0 = substr($0, i + 2); c = 1
			}
		}
		gsub(/[ \t]/, "", line)
		if (line == "global:") { g = 1; next }
		if (line == "local:" || line ~ /^}/) { g = 0; next }
		if (g) { gsub(/;/, "", line); if (line != "") print line }
	}' "$@" | sort -u
}

if [ "$1" = --list ]; then
	shift
	map_symbols "$@"
	exit 0
fi

map=$1
shift
READELF=${READELF:-readelf}
tmp=${TMPDIR:-/tmp}/stplr-symbols.$$
trap 'rm -f "$tmp.map" "$tmp.obj"' EXIT

map_symbols "$map" >"$tmp.map"

# Defined global or weak symbols of default visibility (hidden helpers
# such as i386's __x86.get_pc_thunk.* are not exported anyway).
"$READELF" -W --syms "$@" |
	awk '$5 ~ /^(GLOBAL|WEAK)$/ && $6 == "DEFAULT" && $7 != "UND" &&
	     $4 != "FILE" && $4 != "SECTION" { print $8 }' |
	sort -u >"$tmp.obj"

if ! cmp -s "$tmp.map" "$tmp.obj"; then
	echo "check-symbols: $map and the objects' global symbols differ" >&2
	echo "  (< only in the map, > only in the objects)" >&2
	diff "$tmp.map" "$tmp.obj" >&2 || true
	exit 1
fi
