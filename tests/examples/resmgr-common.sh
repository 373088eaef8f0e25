# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034,SC2154 # sourced: sets variables for its callers, reads $example
#
# Helpers for the resource-manager examples' run.sh scripts (sourced after
# qnx-common.sh and ex_setup): load the cuse module, print TAP.
#
#   rm_cuse               modprobe cuse; exit 77 (skip) without /dev/cuse
#   rm_ok COND_STATUS MSG print "ok N - MSG" or "not ok N - MSG"
#   rm_wait_gone PID S    wait up to S seconds for PID to exit; 1 if it did not

rm_n=0
rm_failed=0

rm_cuse() {
	[ -e /dev/cuse ] || modprobe cuse 2>/dev/null || true
	if [ ! -e /dev/cuse ]; then
		echo "$example: no /dev/cuse (modprobe cuse failed)" >&2
		exit 77
	fi
}

rm_ok() {
	rm_n=$((rm_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $rm_n - $2"
	else
		echo "not ok $rm_n - $2"
		rm_failed=1
	fi
}

rm_wait_gone() {
	rm_i=0
	while kill -0 "$1" 2>/dev/null; do
		[ $rm_i -ge $(($2 * 10)) ] && return 1
		sleep 0.1
		rm_i=$((rm_i + 1))
	done
	return 0
}
