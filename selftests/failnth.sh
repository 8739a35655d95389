#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Systematic fault injection, as syzkaller does it: every kind of request
# runs with the Nth allocation the kernel makes for it failing, for N = 1,
# 2, ... until the request succeeds without a fault (/proc/thread-self/
# fail-nth; vswctl arms it around its sends when VSWCTL_FAIL_NTH=N is set,
# selftests/failnth arms it around finit_module()).  For every N: the
# request fails with a message and changes nothing, or it is carried out
# whole (its answer may be lost: vswctl says so); no netdev is left
# behind; two VMs on objects no request touches ping all along; run_all.sh
# then finds no WARN and, after rmmod, no leak.
#
# It needs a kernel with CONFIG_FAULT_INJECTION (make check-debug).  On
# Debian's kernels, which have none, every case runs once without a fault
# (FAILNTH_ONLY="REGEX" runs the cases whose names match, FAILNTH_SKIP=
# "REGEX" leaves out those whose names match, FAILNTH_FROM=N starts each
# case's count at N):
# the request, its complete state and the way back (apply of the saved
# state) are checked the same way; and an apply whose request fails half
# way is rolled back (apply_rolls_back).
ALL_TESTS="requests apply_rolls_back module_load"
source "$(dirname "$0")/lib.sh"

FAILNTH=$top/selftests/failnth
# the most allocations one request may make before the test gives up on it
MAX_NTH=${FAILNTH_MAX:-3000}
FROM_NTH=${FAILNTH_FROM:-1}
INJECT=false
[ -w /proc/thread-self/fail-nth ] && INJECT=true

setup()
{
	local d

	switch_add sw0 && phys_add && uplink_add sw0 up0 && uplink_add sw0 up1 &&
	vswctl portgroup add sw0 keep vlan 10 &&
	vswctl portgroup add sw0 pg1 vlan 20 &&
	vm_add vm1 sw0 keep 10.0.10.1/24 "$M1" &&
	vm_add vm2 sw0 keep 10.0.10.2/24 "$M2" || return 1
	for d in d0 d1 d2 d3; do
		ip link add $d type veth peer name ${d}p && LINKS+=($d) &&
		ip link set ${d}p up && ip link set $d up || return 1
	done
	vswctl port add sw0 pg1 d0 && vswctl port add sw0 pg1 d1 &&
	# the overlay's underlay address
	ip link add ul0 type dummy && LINKS+=(ul0) &&
	ip addr add 10.77.0.1/24 dev ul0 && ip link set ul0 up &&
	# a failed allocation prints a stack trace each: quiet
	for f in /sys/kernel/debug/failslab /sys/kernel/debug/fail_page_alloc; do
		[ -d $f ] || continue
		# syzkaller's settings: blocking allocations fail too, and
		# single pages
		echo 0 > $f/verbose
		echo N > $f/ignore-gfp-wait
	done
	[ ! -d /sys/kernel/debug/fail_page_alloc ] || {
		echo N > /sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem
		echo 0 > /sys/kernel/debug/fail_page_alloc/min-order
	}
	return 0
}

# the configuration and the netdevs: what a request may change
state()
{
	vswctl save
	ip -o link show | awk -F': ' '{ print $2 }' | sort
}

# the cases: NAME|SETUP (vswctl commands, ";" between them)|REQUEST
CASES=(
	"switch add|-|switch add sw1 mtu 9000 ageing 100 max-macs 100 multicast snooping"
	"switch set|-|switch set sw0 mtu 9000 ageing 100 max-macs 500 multicast snooping mdb-ageing 100"
	"switch del|switch add sw1; portgroup add sw1 p vlan 5; uplink add sw1 d3; port add sw1 p d2; port add sw1 p vmk9 internal|switch del sw1"
	"uplink add|-|uplink add sw0 d3"
	"uplink del|-|uplink del sw0 up1"
	"portgroup add|-|portgroup add sw0 pg2 vlan trunk 10-20,30 teaming iphash active up0,up1 shaping avg 1mbit peak 2mbit burst 64k promisc on"
	"portgroup set|-|portgroup set sw0 pg1 vlan 30 teaming failover active up1 standby up0 notify off failback off forged-tx off mac-changes off shaping avg 2mbit peak 4mbit burst 32k"
	"portgroup del|portgroup add sw0 pg3 vlan 40|portgroup del sw0 pg3"
	"port add|-|port add sw0 pg1 d2 mac 02:00:00:00:0d:02 max-macs 5"
	"internal port add|-|port add sw0 pg1 vmk0 internal mac 02:00:00:00:0b:01"
	"port set|-|port set d0 portgroup keep mac 02:00:00:00:0d:00 max-macs 7 blocked on"
	"port del|-|port del d1"
	"internal port del|port add sw0 pg1 vmk1 internal|port del vmk1"
	"pvlan add|pvlan add sw0 100|pvlan add sw0 100 101 isolated"
	"pvlan del|pvlan add sw0 100; pvlan add sw0 100 101 isolated|pvlan del sw0 101"
	"filter add|-|filter add sw0 pg1 dir in src-ip 10.0.0.0/8 proto tcp dst-port 80-90 action drop"
	"filter del|filter add sw0 pg1 action drop; filter add sw0 pg1 dst-mac 02:00:00:00:00:09 action drop|filter del sw0 pg1 all"
	"mirror add|-|mirror add sw0 m1 src d0 dir both dst port d1 snaplen 128"
	"mirror set|mirror add sw0 m1 src d0 dst port d1|mirror set sw0 m1 src portgroup keep dst uplink up0 vlan 99"
	"mirror del|mirror add sw0 m1 src d0 dst port d1|mirror del sw0 m1"
	"ipfix set|-|ipfix set sw0 collector 127.0.0.1:4739 domain 7 sample 10"
	"overlay set|-|overlay set sw0 local 10.77.0.1 dev ul0 remote 10.77.0.2"
	"vxlan portgroup add|overlay set sw0 local 10.77.0.1 dev ul0 remote 10.77.0.2|portgroup add sw0 web vxlan 5001"
	"overlay off|overlay set sw0 local 10.77.0.1 dev ul0 remote 10.77.0.2|overlay set sw0 local off"
	"apply|-|apply $TMP/world.json"
)

# a whole new switch and changes to sw0, for the apply case: its requests
# are many, and a fault in any must leave the state as it was (rollback);
# the internal port's MAC is given, or each one made would have a random
# one and no two states would be equal
world()
{
	vswctl save | jq '.switches += [{"name": "sw2", "mtu": 9000,
		"uplinks": ["d3"],
		"portgroups": [{"name": "a", "vlan": 30,
				"filters": [{"action": "drop", "proto": "udp"}]},
			       {"name": "b", "vlan_mode": "trunk", "trunk": "40-50"}],
		"ports": [{"name": "d2", "portgroup": "a"},
			  {"name": "vmk2", "portgroup": "b", "internal": true,
			   "mac": "02:00:00:00:0b:02"}]}]
		| (.switches[] | select(.name == "sw0") | .ageing) = 77'
}

# run_case NAME SETUP REQUEST: the request with the Nth allocation failing,
# for each N; prints "# NAME: P pairs" and the defects, returns 1 on one
PAIRS=0
run_case()
{
	local name=$1 setup=$2 req=$3 base=$TMP/base.json s0=$TMP/s0.json
	local n rc out st0 stfull st cmd defects=0 t0=$SECONDS

	# the case's starting state, and the way back to the suite's
	vswctl save > "$base"
	if [ "$setup" != - ]; then
		IFS=';' read -ra cmds <<< "$setup"
		for cmd in "${cmds[@]}"; do
			eval "vswctl $cmd" > /dev/null ||
				{ echo "# $name: setup '$cmd' failed"; return 1; }
		done
	fi
	vswctl save > "$s0"
	st0=$(state)
	# the request without a fault: what it does whole, and back
	out=$(eval "vswctl $req" 2>&1) ||
		{ echo "# $name: the request fails without a fault: $out"; return 1; }
	stfull=$(state)
	[ "$stfull" != "$st0" ] ||
		{ echo "# $name: the request changes nothing"; return 1; }
	vswctl apply "$s0" > /dev/null 2>&1
	[ "$(state)" = "$st0" ] ||
		{ echo "# $name: apply of the saved state does not undo it"; return 1; }

	n=$((FROM_NTH - 1))
	while $INJECT && [ $n -lt "$MAX_NTH" ]; do
		n=$((n + 1))
		PAIRS=$((PAIRS + 1))
		# (a long case says how far it is: the apply's take an hour)
		[ $((n % 50)) -ne 0 ] ||
			echo "# $name: N=$n, $defects defect(s) so far ($((SECONDS - t0)) s)"
		out=$(eval "VSWCTL_FAIL_NTH=$n vswctl $req" 2>&1 > /dev/null)
		rc=$?
		st=$(state)
		if [[ "$out" == *"fail-nth: not reached"* ]]; then
			if [ $rc -ne 0 ] || [ "$st" != "$stfull" ]; then
				echo "# DEFECT $name: without a fault (N=$n): rc $rc: $out"
				defects=$((defects + 1))
			fi
			vswctl apply "$s0" > /dev/null 2>&1
			break
		fi
		if [ "$st" = "$st0" ]; then
			# refused: with a reason
			if [ $rc -eq 0 ]; then
				echo "# DEFECT $name N=$n: success reported, nothing done"
				defects=$((defects + 1))
			elif ! grep -v 'fail-nth' <<< "$out" | grep -q 'vswctl'; then
				echo "# DEFECT $name N=$n: refused without a reason"
				defects=$((defects + 1))
			fi
			continue
		fi
		if [ "$st" = "$stfull" ]; then
			# done whole: an error then only for a lost answer
			if [ $rc -ne 0 ] && [[ "$out" != *"answer was lost"* ]]; then
				echo "# DEFECT $name N=$n: carried out, failure reported: $(grep -v fail-nth <<< "$out" | head -n 2 | tr '\n' ' ')"
				defects=$((defects + 1))
			fi
		else
			echo "# DEFECT $name N=$n: left half done (rc $rc): $(diff <(echo "$stfull") <(echo "$st") | grep '^[<>]' | head -n 6 | tr '\n' ' ')"
			echo "# vswctl said: $(grep -v '^vswctl: fail-nth' <<< "$out" | tail -n 3 | tr '\n' ' ')"
			defects=$((defects + 1))
		fi
		vswctl apply "$s0" > /dev/null 2>&1
		if [ "$(state)" != "$st0" ]; then
			echo "# $name N=$n: cannot go back to the starting state"
			return 1
		fi
	done
	if $INJECT && [ $n -ge "$MAX_NTH" ]; then
		echo "# $name: still failing at N=$MAX_NTH"
		defects=$((defects + 1))
	fi
	vswctl apply "$base" > /dev/null 2>&1
	if $INJECT; then
		echo "# $name: $n allocations, each failed in turn; $defects defect(s) ($((SECONDS - t0)) s)"
	else
		echo "# $name: done and undone ($((SECONDS - t0)) s)"
	fi
	[ $defects -eq 0 ]
}

# ping_during_start NS ADDR: a ping every 0.3 s until ping_during_check
# (a line per echo: answered, or "no answer yet"; an asynchronous
# command of a script ignores SIGINT, so it ends by SIGTERM, without its
# summary)
ping_during_start()
{
	n "$1" stdbuf -oL ping -O -i 0.3 "$2" > "$TMP/ping.txt" 2>&1 &
	echo $! > "$TMP/ping.pid"
}

# ping_during_check: every echo answered (the last may be on its way)
ping_during_check()
{
	local tx rx

	kill "$(cat "$TMP/ping.pid")"
	wait "$(cat "$TMP/ping.pid")" 2>/dev/null
	tx=$(grep -o 'icmp_seq=[0-9]*' "$TMP/ping.txt" | cut -d= -f2 | sort -n | tail -n1)
	rx=$(grep -c 'bytes from' "$TMP/ping.txt")
	echo "# ping through the untouched portgroup: $rx of ${tx:-0} answered"
	[ -n "$tx" ] && [ "$tx" -gt 0 ] && [ "$rx" -ge $((tx - 1)) ]
}

requests()
{
	local c name setup req failed=0

	world > "$TMP/world.json"
	ping_ok vm1 10.0.10.2
	check_err $? "the VMs of the untouched portgroup do not ping"
	ping_during_start vm1 10.0.10.2
	# a listener: an event the kernel cannot allocate must reach it as
	# a loss (ENOBUFS: "lost"), not vanish
	vswctl monitor > "$TMP/events.txt" 2>&1 &
	echo $! > "$TMP/monitor.pid"
	for c in "${CASES[@]}"; do
		IFS='|' read -r name setup req <<< "$c"
		# FAILNTH_ONLY: a regular expression of the cases to run
		[[ "$name" =~ ${FAILNTH_ONLY:-.} ]] || continue
		[ -z "${FAILNTH_SKIP:-}" ] || ! [[ "$name" =~ $FAILNTH_SKIP ]] || continue
		run_case "$name" "$setup" "$req" || failed=$((failed + 1))
	done
	ping_during_check
	check_err $? "traffic through the untouched portgroup stopped"
	kill "$(cat "$TMP/monitor.pid")"
	echo "# the listener: $(wc -l < "$TMP/events.txt") events, $(grep -c '^lost' "$TMP/events.txt") losses reported"
	# (every case: some N is each request's event)
	if $INJECT && [ -z "${FAILNTH_ONLY:-}${FAILNTH_SKIP:-}" ]; then
		grep -q '^lost' "$TMP/events.txt"
		check_err $? "no event was ever reported lost, though their allocations failed"
	fi
	check_err $failed "$failed of ${#CASES[@]} request kinds failed (see the lines above)"
	if $INJECT; then
		echo "# $PAIRS (request, N) pairs in ${#CASES[@]} request kinds"
		log_test "fault injection: every allocation of ${#CASES[@]} request kinds fails in turn, all or nothing ($PAIRS pairs)"
	else
		log_test "fault injection: ${#CASES[@]} request kinds whole and undone (no CONFIG_FAULT_INJECTION: no faults)"
	fi
}

# an apply whose request fails half way goes back to where it started: a
# new switch whose port is a device the kernel refuses (a bridge's port),
# after the switch and its portgroup were made
apply_rolls_back()
{
	local s0 out

	ip link add fbr0 type bridge && LINKS+=(fbr0) &&
	ip link add fb0 type veth peer name fb0p && LINKS+=(fb0) &&
	ip link set fb0 master fbr0
	check_err $? "setup failed"
	s0=$(state)
	vswctl save | jq '.switches += [{"name": "sw3", "ageing": 50,
		"portgroups": [{"name": "a", "vlan": 7}],
		"ports": [{"name": "fb0", "portgroup": "a"}]}]
		| (.switches[] | select(.name == "sw0") | .ageing) = 66' \
		> "$TMP/bad.json"
	out=$(vswctl apply "$TMP/bad.json" 2>&1)
	check_fail $? "apply succeeded with a port the kernel refuses"
	grep -q "switch add sw3" <<< "$out" && grep -q "rolled back" <<< "$out"
	check_err $? "apply did not make the switch, or did not roll back: $out"
	[ "$(state)" = "$s0" ]
	check_err $? "the state after the rollback is not the state before: $(diff <(echo "$s0") <(state) | grep '^[<>]' | head -n 4 | tr '\n' ' ')"
	log_test "apply: a request refused half way rolls the whole apply back"
}

module_load()
{
	local n=0 out rc

	if ! $INJECT; then
		log_test "module load with each allocation failing # SKIP no CONFIG_FAULT_INJECTION"
		return
	fi
	cleanup_objects
	rmmod vswitch
	check_err $? "cannot unload the module to load it again"
	while [ $n -lt "$MAX_NTH" ]; do
		n=$((n + 1))
		out=$("$FAILNTH" $n "$top/kmod/vswitch.ko")
		rc=$?
		if [ $rc -eq 0 ]; then
			# loaded (a fault it could live with, or none): it works
			vswctl switch add fl0 && vswctl portgroup add fl0 p &&
				vswctl switch del fl0
			check_err $? "loaded with allocation $n failing, but does not work"
			[[ "$out" == *"not reached"* ]] && break
			rmmod vswitch
			check_err $? "loaded with allocation $n failing, cannot unload"
		else
			! lsmod | grep -q '^vswitch ' && ! vswctl switch show > /dev/null 2>&1
			check_err $? "refused with allocation $n failing, but left behind"
			[[ "$out" == *"refused: "* ]]
			check_err $? "refused without a reason: $out"
		fi
		[ $RET -eq 0 ] || break
	done
	lsmod | grep -q '^vswitch ' || insmod "$top/kmod/vswitch.ko"
	echo "# module load: $n allocations, each failed in turn"
	log_test "module load with each of its $n allocations failing in turn"
}

trap 'kill $(cat "$TMP/ping.pid" "$TMP/monitor.pid" 2>/dev/null) 2>/dev/null; cleanup_objects' EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
run_tests
