#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/guest-trace.sh IPCBENCH SPEC...
#
# Runs inside the QEMU guest started by bench/trace-breakdown (stplr.ko
# loaded by tools/vm/run).  Each SPEC is MECH:SIZE:N:PIN[:oneway]; for each,
# ipcbench --trace N makes N round trips (or N one-way messages) with
# tracing on only around them, and this script counts, from the trace
# buffer, the events of the ipcbench processes (client and server):
#
#   syscalls      raw_syscalls:sys_enter, without the benchmark's own:
#   clock_syscalls  clock_gettime (the guest's vDSO falls back to the
#                 syscall: 2 per timed call, for every mechanism alike)
#   poll_syscalls sched_yield and nanosleep (one-way drain polling)
#   switches      sched:sched_switch from or to an ipcbench task
#   to_idle       of those, switches from ipcbench to the idle task
#   wakeups       sched:sched_wakeup of an ipcbench task
#   wakeups_remote  of those, woken on another CPU than the waker's
#                 (sched_waking's CPU against sched_wakeup's target_cpu)
#   migrations    sched:sched_migrate_task of an ipcbench task
#   allocs        kmem:kmalloc, kmalloc_node, kmem_cache_alloc(_node)
#   page_allocs   kmem:mm_page_alloc
#   mmap_lock     mmap_lock:mmap_lock_start_locking (read and write)
#   pins, unpins  calls of pin_user_pages*(), get_user_pages*() and
#                 unpin_user_page*() (function tracer)
#   spinlocks     calls of _raw_spin_lock*(), _raw_read/write_lock*()
#   sleeplocks    calls of mutex_lock*(), down_read*(), down_write*()
#
# Events in interrupts taken while an ipcbench task runs count too (a
# timer tick now and then).  Output: CSV lines between marker lines, and
# for unpinned specs the first scheduler events as an excerpt, because the
# guest's filesystem is the host's, read-only.
set -u

bin=$1
shift
T=/sys/kernel/tracing
[ -e "$T/tracing_on" ] || mount -t tracefs nodev "$T" 2>/dev/null ||
	{ T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
[ -e "$T/tracing_on" ] || { echo "guest-trace: no tracefs"; exit 1; }

if [ ! -e /dev/binder ]; then
	modprobe binder_linux devices=binder 2>/dev/null ||
		insmod "/lib/modules/$(uname -r)/kernel/drivers/android/binder_linux.ko" devices=binder ||
		echo "guest-trace: binder_linux not loaded"
fi

echo 0 >"$T/tracing_on"
echo 65536 >"$T/buffer_size_kb"
echo nop >"$T/current_tracer"
: >"$T/set_event"
for ev in raw_syscalls:sys_enter sched:sched_switch sched:sched_waking sched:sched_wakeup \
	sched:sched_migrate_task kmem:kmalloc kmem:kmalloc_node \
	kmem:kmem_cache_alloc kmem:kmem_cache_alloc_node kmem:mm_page_alloc \
	mmap_lock:mmap_lock_start_locking; do
	echo "$ev" >>"$T/set_event" 2>/dev/null || echo "guest-trace: no event $ev"
done
: >"$T/set_ftrace_filter"
for f in pin_user_pages_remote pin_user_pages_fast pin_user_pages \
	get_user_pages_remote get_user_pages_fast get_user_pages \
	unpin_user_pages unpin_user_pages_dirty_lock unpin_user_page \
	_raw_spin_lock _raw_spin_lock_irqsave _raw_spin_lock_irq \
	_raw_spin_lock_bh _raw_spin_trylock _raw_read_lock _raw_write_lock \
	_raw_write_lock_irq _raw_read_lock_irqsave _raw_write_lock_irqsave \
	mutex_lock mutex_lock_interruptible mutex_lock_killable mutex_trylock \
	down_read down_write down_read_killable down_write_killable \
	down_read_trylock; do
	echo "$f" >>"$T/set_ftrace_filter" 2>/dev/null
done
echo function >"$T/current_tracer"
echo "guest-trace: tracer $(cat "$T/current_tracer"), $(wc -l <"$T/set_ftrace_filter") functions"

echo "@@TRACE-CSV-BEGIN@@"
echo "mech,size,pin,oneway,n,us_per_call,metric,total,client,server"
for spec in "$@"; do
	IFS=: read -r mech size n pin ow <<EOF
$spec
EOF
	owarg=''
	[ "${ow:-}" = oneway ] && owarg=--trace-oneway
	echo >"$T/trace"
	"$bin" --trace "$n" $owarg -m "$mech" -s "$size" -p "$pin" -w 0.3 \
		--trace-dir "$T" -o /tmp/trace-meta.txt 2>/tmp/trace-err.txt ||
		{ echo "# failed=$spec: $(tail -n 1 /tmp/trace-err.txt)"; continue; }
	cpid=$(sed -n 's/.*client_pid=\([0-9]*\).*/\1/p' /tmp/trace-meta.txt)
	us=$(sed -n 's/^# trace_us_per_call=//p' /tmp/trace-meta.txt)
	lost=$(grep -h overrun "$T"/per_cpu/cpu*/stats | awk '{ s += $2 } END { print s + 0 }')
	[ "$lost" = 0 ] || echo "# warning=$spec: $lost trace events overwritten"
	cat "$T/trace" >/tmp/trace.txt
	awk -v mech="$mech" -v size="$size" -v pin="$pin" -v ow="${ow:-}" \
	    -v n="$n" -v us="$us" -v cpid="$cpid" '
	function add(metric, who) {
		tot[metric]++
		if (who == "c") cli[metric]++
		else if (who == "s") srv[metric]++
	}
	/^#/ { next }
	{
		# "   ipcbench-123     [001] d..2.   12.345678: name: fields"
		task = $1
		for (i = 2; i <= NF && $i !~ /^\[[0-9]+\]$/; i++)
			;
		cpu = $i
		gsub(/[\[\]]/, "", cpu)
		for (; i <= NF && $i !~ /^[0-9]+\.[0-9]+:$/; i++)
			;
		name = $(i + 1)
		sub(/:$/, "", name)
		rest = ""
		for (j = i + 2; j <= NF; j++)
			rest = rest " " $j
		mine = task ~ /^ipcbench-[0-9]+$/
		who = ""
		if (mine) {
			p = task
			sub(/.*-/, "", p)
			who = (p == cpid) ? "c" : "s"
		}
	}
	name == "sched_switch" {
		if (mine || rest ~ /next_comm=ipcbench /) {
			add("switches", who)
			if (mine && rest ~ /next_comm=swapper/)
				add("to_idle", who)
		}
		next
	}
	# sched_waking runs on the CPU of the waker; sched_wakeup may run on
	# the target CPU (a remote wake-up is queued there by IPI): compare.
	name == "sched_waking" {
		if (rest ~ /comm=ipcbench /) {
			t = rest
			sub(/.*pid=/, "", t)
			sub(/ .*/, "", t)
			waker_cpu[t] = cpu + 0
		}
		next
	}
	name == "sched_wakeup" {
		if (rest ~ /comm=ipcbench /) {
			add("wakeups", who)
			t = rest
			sub(/.*target_cpu=/, "", t)
			p = rest
			sub(/.*pid=/, "", p)
			sub(/ .*/, "", p)
			if ((p in waker_cpu) && t + 0 != waker_cpu[p])
				add("wakeups_remote", who)
		}
		next
	}
	name == "sched_migrate_task" {
		if (rest ~ /comm=ipcbench /)
			add("migrations", who)
		next
	}
	!mine { next }
	name == "sys_enter" {
		# clock_gettime (228: the vDSO falls back to it in this guest),
		# sched_yield (24) and nanosleep (35, 230) are the timing and
		# polling of ipcbench itself, not the mechanism.
		nr = rest
		sub(/^ *NR /, "", nr)
		sub(/ .*/, "", nr)
		if (nr == 228)
			add("clock_syscalls", who)
		else if (nr == 24 || nr == 35 || nr == 230)
			add("poll_syscalls", who)
		else
			add("syscalls", who)
		next
	}
	name ~ /^(kmalloc|kmalloc_node|kmem_cache_alloc|kmem_cache_alloc_node)$/ { add("allocs", who); next }
	name == "mm_page_alloc" { add("page_allocs", who); next }
	name == "mmap_lock_start_locking" { add("mmap_lock", who); next }
	name ~ /^(pin_user_pages|get_user_pages)/ { add("pins", who); next }
	name ~ /^unpin_user_page/ { add("unpins", who); next }
	name ~ /^_raw_(spin|read|write)_(lock|trylock)/ { add("spinlocks", who); next }
	name ~ /^(mutex_lock|mutex_trylock|down_read|down_write)/ { add("sleeplocks", who); next }
	END {
		split("syscalls clock_syscalls poll_syscalls switches to_idle wakeups wakeups_remote migrations allocs page_allocs mmap_lock pins unpins spinlocks sleeplocks", ms, " ")
		for (k = 1; k in ms; k++) {
			m = ms[k]
			printf "%s,%s,%s,%s,%s,%s,%s,%d,%d,%d\n", mech, size, pin, ow, n, us, m, tot[m], cli[m], srv[m]
		}
	}' /tmp/trace.txt
	if [ "$pin" = none ]; then
		echo "# excerpt=$spec"
		grep -E 'sched_(switch|waking|wakeup|migrate_task):' /tmp/trace.txt |
			grep ipcbench >/tmp/sched.txt
		from=$(($(wc -l </tmp/sched.txt) / 2))
		sed -n "$((from + 1)),$((from + 60))p" /tmp/sched.txt | sed 's/^/# | /'
	fi
done
echo "@@TRACE-CSV-END@@"
echo 0 >"$T/tracing_on"
echo nop >"$T/current_tracer"
