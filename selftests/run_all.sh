#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every selftest inside the test VM: load the module, run each
# selftests/*.sh (each prints KTAP), unload the module, check the kernel
# log.  Prints a KTAP report and, last, "N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
export TMPDIR=/tmp

passed=0
failed=0
scripts=${VSW_TESTS:-$(ls selftests/*.sh | grep -v -e lib.sh -e run_all.sh -e demo.sh -e soak.sh)}

echo "KTAP version 1"
echo "1..$(($(echo $scripts | wc -w) + 2))"

# the host side of every test link: no IPv6 autoconfiguration chatter
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

# a debug kernel's leak detector: forget what boot left behind, so that
# what it finds after rmmod is ours.  Its automatic scan stays off: under
# TCG one scan lasts minutes and holds up RCU grace periods, and kmemleak
# frees every record with call_rcu(), so under a flood the records pile
# up until the VM runs out of memory (Documentation/testing.md); the scans
# after rmmod below see every object the automatic ones would have.
kmemleak=/sys/kernel/debug/kmemleak
if [ -w "$kmemleak" ]; then
	echo clear > "$kmemleak"
	echo scan=off > "$kmemleak"
fi

idx=1
# the module samples IPFIX flows into psample: insmod does not load it
modprobe psample 2>/dev/null	# (built into the debug kernel)
modprobe vxlan 2>/dev/null	# the overlay creates vxlan netdevs
if insmod "$top/kmod/vswitch.ko"; then
	echo "ok $idx module load"
	passed=$((passed + 1))
else
	echo "not ok $idx module load"
	echo "$((passed)) passed, $((failed + 1)) failed"
	exit 1
fi

# In the whole suite on 6.1, only the scripts of what differs between the
# kernels run (compat.h's probes: VLAN tags in and out, GSO, tunnels and
# mirroring's encapsulations, netlink, namespaces, netdev features and
# their life cycle; and the attacks and the stress): the rest (userspace's
# commands and files, the page, the forwarding rules, filters, security
# and shaping policies that are the same code on both, teaming, private
# VLANs, snooping, LAGs, IPFIX, the nested guest) runs on 6.12, because a
# TCG VM's minutes are what bounds CI on a slow machine (testing.md).
# VSW_TESTS runs what it names on any kernel.
newest_only="config persist events hooks metrics top walkthrough guest
	     teaming pvlan mcast coldstart maclearn lag_lldp ipfix
	     forwarding filter security shaping healthcheck nioc"

for s in $scripts; do
	idx=$((idx + 1))
	name=$(basename "$s" .sh)
	if [ -z "${VSW_TESTS:-}" ] && [[ " $(echo $newest_only) " == *" $name "* ]] &&
	   [[ "$(uname -r)" != 6.12.* ]]; then
		echo "ok $idx $name # SKIP in the suite on 6.12 only"
		continue
	fi
	echo "# Subtest: $name"
	out=$(mktemp)
	start=$(date +%s)
	timeout -k 5 "${VSW_SCRIPT_TIMEOUT:-600}" bash "$s" 2>&1 | tee "$out" | sed -u 's/^/    /'
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# the script died before it could report: count that
		failed=$((failed + 1))
		echo "    not ok - $name exited with $rc"
	fi
	if [ "$rc" -eq 0 ]; then
		echo "ok $idx $name # $(($(date +%s) - start))s"
	else
		echo "not ok $idx $name # $(($(date +%s) - start))s"
	fi
	rm -f "$out"
	# memory a test leaves behind adds up over the suite: say where
	echo "# unreclaimable slab after $name: $(awk '/^SUnreclaim:/ { print int($2 / 1024) }' /proc/meminfo) MB"
done

# kmemleak reports an object once it has been unreferenced for 5 s and
# through two scans
kmemleak_clean()
{
	sleep 6
	echo scan > "$kmemleak"
	echo scan > "$kmemleak"
	if grep -q unreferenced "$kmemleak"; then
		sed 's/^/# /' "$kmemleak" | head -n 60
		return 1
	fi
	echo "# kmemleak: nothing after rmmod"
}

# the kernel log; on a KCSAN kernel (make check-kcsan) without the data
# races that this module is not part of (selftests/vm/kcsan-reports)
kernel_log()
{
	if [ -e /sys/kernel/debug/kcsan ]; then
		dmesg | selftests/vm/kcsan-reports
	else
		dmesg
	fi
}

idx=$((idx + 1))
if lsmod | grep -q '^vswitch ' && ! rmmod vswitch; then
	echo "not ok $idx module unload"
	failed=$((failed + 1))
# (kmemleak's own allocations fail too under fault injection: "Cannot
# allocate a scan area" is kmemleak saying so, not a leak)
elif kernel_log | grep -E 'WARNING:|BUG:|Oops|leak|refcount' | grep -v -E 'Spectre|kmemleak: (Kernel memory leak detector|Automatic memory scanning|Cannot allocate a scan area)'; then
	echo "not ok $idx module unload # the kernel log reports a problem"
	failed=$((failed + 1))
elif [ -w "$kmemleak" ] && ! kmemleak_clean; then
	echo "not ok $idx module unload # kmemleak found leaks"
	failed=$((failed + 1))
else
	echo "ok $idx module unload"
	passed=$((passed + 1))
fi

# a KCSAN kernel: how much it watched (a run that set no watchpoint
# proves nothing)
[ -r /sys/kernel/debug/kcsan ] &&
	echo "# kcsan: $(grep -E '^(setup_watchpoints|data_races|races_unknown_origin):' /sys/kernel/debug/kcsan | tr '\n' ' ')"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
