# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Sourced (bash): private_bus_start DIR starts a dbus-daemon of our own on
# DIR/bus, exports DBUS_SESSION_BUS_ADDRESS and sets private_bus_pid;
# private_bus_stop ends it.  Returns 77 when dbus-daemon is not installed.

private_bus_start() {
	local dir=$1
	command -v dbus-daemon >/dev/null || { echo "dbus-daemon not installed (apt-get install dbus-daemon)" >&2; return 77; }
	cat >"$dir/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$dir/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
	dbus-daemon --config-file="$dir/bus.conf" --nofork --nopidfile >"$dir/bus.log" 2>&1 &
	private_bus_pid=$!
	export DBUS_SESSION_BUS_ADDRESS="unix:path=$dir/bus"
	for _ in $(seq 100); do
		[ -S "$dir/bus" ] && return 0
		kill -0 "$private_bus_pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "dbus-daemon did not start:" >&2
	cat "$dir/bus.log" >&2
	return 1
}

private_bus_stop() {
	[ -z "${private_bus_pid:-}" ] || { kill "$private_bus_pid" 2>/dev/null; wait "$private_bus_pid" 2>/dev/null; }
	private_bus_pid=
}
