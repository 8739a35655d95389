#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Cold start (issue 18, 4): unknown unicast goes to the uplink only, as on
# ESX, which knows every VM's MAC before it speaks; right after an attach,
# an apply or a module reload the switch knows none, and a silent VM whose
# peers' ARP caches are warm was unreachable until it sent something.  A
# port whose MAC the switch does not know yet ("cold": none configured,
# nothing sent since it was attached) now also gets the unknown unicast of
# its segment, until it sends or for the switch's ageing time.
#
#   silent_after_apply  switch del + apply: a VM and a host of the physical
#                       network, their ARP caches warm, reach silent VMs
#                       on the first try
#   cold_ends           a port that sent is no longer cold: unknown unicast
#                       is the uplink's again
#   cold_bounds         a cold port gets only its own segment's unknown
#                       unicast, never known unicast, and not after the
#                       ageing time; a configured MAC is never cold
ALL_TESTS="silent_after_apply cold_ends cold_bounds"
source "$(dirname "$0")/lib.sh"

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 v20 vlan 20 &&
	phys_add && uplink_add sw0 up0 &&
	phys_host 10 10.0.10.254/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 v10 10.0.10.2/24 $M2 &&
	vm_add vm3 sw0 v10 10.0.10.3/24 $M3
}

port_cold() { vswctl -j port show | jq -e ".[] | select(.name == \"$1\") | .cold" > /dev/null; }

# one echo request, one chance
ping_once() { n "$1" ping -q -c 1 -W 2 "$2" > /dev/null 2>&1; }

silent_after_apply()
{
	ping_ok vm1 10.0.10.2 && ping_ok vm1 10.0.10.3 &&
	ping_ok phys 10.0.10.3
	check_err $? "no connectivity to start with"
	vswctl save > "$TMP/saved.json" && vswctl switch del sw0 &&
	vswctl apply "$TMP/saved.json" > /dev/null
	check_err $? "switch del + apply failed"
	port_cold vm2p && port_cold vm3p
	check_err $? "the re-attached ports are not cold: $(vswctl port show)"
	ping_once vm1 10.0.10.2
	check_err $? "vm1 (warm ARP cache) did not reach silent vm2 on the first try"
	ping_once phys 10.0.10.3
	check_err $? "the physical network did not reach silent vm3 on the first try"
	! port_cold vm2p && ! port_cold vm3p
	check_err $? "ports that answered are still cold"
	log_test "cold start: a silent VM is reachable at once after apply"
}

cold_ends()
{
	local dst=02:00:00:00:ee:01

	learn_all vm1 vm2 vm3
	cap_start vm2 vm2 eth0 ether dst $dst
	cap_start up0 phys up0f ether dst $dst
	n vm1 $FRAME eth0 --src $M1 --dst $dst --count 3
	cap_stop vm2 up0
	[ "$(cap_count vm2)" -eq 0 ]
	check_err $? "a port that sent still gets unknown unicast"
	[ "$(cap_count up0)" -eq 3 ]
	check_err $? "unknown unicast did not go to the uplink ($(cap_count up0))"
	log_test "cold start: over when the port sends"
}

cold_bounds()
{
	local dst=02:00:00:00:ee:02 window=30

	# a window of 30 s (the ageing time; at most 60 s): making three VMs
	# and their captures took longer than 10 s with other VMs beside the
	# test's (a KCSAN run, and a CI run beside a debug VM, failed so)
	vswctl switch set sw0 ageing $window
	vm_add vm4 sw0 v10 10.0.10.4/24 $M4 && vm_add vm5 sw0 v20 &&
	ns_add vm6 && ip link add vm6p type veth peer name eth0 netns vm6 &&
	LINKS+=(vm6p) && ip link set vm6p up && ip -n vm6 link set eth0 up &&
	vswctl port add sw0 v10 vm6p mac 02:00:00:00:00:06
	check_err $? "setup failed"
	port_cold vm4p && port_cold vm5p
	check_err $? "new silent ports are not cold"
	! port_cold vm6p
	check_err $? "a port with a configured MAC is cold"
	for c in vm4 vm5 vm6; do
		cap_launch $c $c eth0 ether dst $dst or icmp
	done
	cap_ready vm4 vm5 vm6
	port_cold vm4p
	check_err $? "vm4 is no longer cold when the frames are sent: the test bed is too slow for its window"
	n vm1 $FRAME eth0 --src $M1 --dst $dst --count 3
	n phys $FRAME br0.10 --src 02:00:00:00:ee:03 --dst $dst --count 2
	ping_ok vm1 10.0.10.2
	cap_stop vm4 vm5 vm6
	[ "$(cap_count vm4)" -eq 5 ]
	check_err $? "cold vm4 got $(cap_count vm4) of 3 + 2 unknown unicasts of its VLAN (and no known unicast)"
	[ "$(cap_count vm5)" -eq 0 ]
	check_err $? "cold vm5 got $(cap_count vm5) frames of another VLAN"
	[ "$(cap_count vm6)" -eq 0 ]
	check_err $? "vm6 (configured MAC) got $(cap_count vm6) unknown unicasts"
	# the ageing work ends it: within the ageing time and one run
	wait_until $((window + 10)) bash -c "! $VSWCTL -j port show | jq -e '.[] | select(.name == \"vm4p\") | .cold' > /dev/null"
	check_err $? "vm4 is still cold after the ageing time"
	cap_start vm4 vm4 eth0 ether dst $dst
	n vm1 $FRAME eth0 --src $M1 --dst $dst --count 3
	cap_stop vm4
	[ "$(cap_count vm4)" -eq 0 ]
	check_err $? "vm4 got $(cap_count vm4) unknown unicasts after its cold start"
	vswctl switch set sw0 ageing 300
	log_test "cold start: its segment's unknown unicast only, for the ageing time"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
