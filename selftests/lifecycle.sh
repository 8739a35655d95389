#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every cleanup order: a port's or uplink's netdev deleted, a switch deleted
# with everything attached, a namespace deleted with its switches, the
# module removed with everything attached (and traffic flowing).  No leak,
# no warning, no hang; the netdevs that remain are free again.
ALL_TESTS="netdev_deleted switch_deleted netns_deleted detach_under_traffic
	   rmmod_with_everything"
source "$(dirname "$0")/lib.sh"

refcnt() { cat /sys/module/vswitch/refcnt; }

small_host()
{
	switch_add sw0 && vswctl portgroup add sw0 v10 vlan 10 &&
	phys_add && uplink_add sw0 up0 && phys_host 10 10.0.10.254/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 && vm_add vm2 sw0 v10 10.0.10.2/24
}

netdev_deleted()
{
	small_host
	check_err $? "setup failed"
	ping_ok vm1 10.0.10.2
	check_err $? "no traffic before"
	ip link del vm2p
	! vswctl port show | grep -q vm2p
	check_err $? "the deleted port's netdev is still a port"
	ip link del up0
	! vswctl uplink show | grep -q up0
	check_err $? "the deleted uplink's netdev is still an uplink"
	vswctl -j switch show sw0 | jq -e '.[0].portgroups[0].ports == ["vm1p"]' > /dev/null
	check_err $? "the rest of the switch changed"
	cleanup_objects
	log_test "deleting a port's or uplink's netdev detaches it"
}

switch_deleted()
{
	small_host
	check_err $? "setup failed"
	vswctl switch del sw0
	check_err $? "switch del failed"
	ip link add brq type bridge && LINKS+=(brq)
	ip link set vm1p master brq && ip link set up0 master brq
	check_err $? "the netdevs were not freed by switch del"
	ip link del brq
	cleanup_objects
	log_test "deleting a switch detaches its ports and uplinks"
}

netns_deleted()
{
	local i

	ns_add swns
	n swns ip link add a1 type veth peer name a2
	n swns ip link add u1 type veth peer name u2
	n swns ip link add u3 type veth peer name u4
	n swns ip link set u1 up && n swns ip link set u2 up
	n swns "$VSWCTL" switch add nsw &&
	n swns "$VSWCTL" portgroup add nsw pg vlan 5 detect beacon &&
	n swns "$VSWCTL" port add nsw pg a1 &&
	n swns "$VSWCTL" uplink add nsw u1 &&
	n swns "$VSWCTL" uplink add nsw u3
	check_err $? "cannot build a switch inside a namespace"
	! vswctl switch show nsw > /dev/null 2>&1
	check_err $? "a namespace's switch is visible outside it"
	ip netns del swns
	NAMESPACES=()
	# the namespace dies asynchronously; its switch with it
	wait_until 20 bash -c '[ "$(ip netns list | grep -c swns)" = 0 ]'
	sleep 1
	[ "$(refcnt)" = 0 ]
	check_err $? "module references left: $(refcnt)"
	log_test "deleting a namespace removes its switches (beacon probing on)"
}

detach_under_traffic()
{
	local i

	small_host
	check_err $? "setup failed"
	n vm1 ping -q -f -w 15 10.0.10.2 > /dev/null 2>&1 &
	n vm2 ping -q -f -w 15 10.0.10.254 > /dev/null 2>&1 &
	for i in $(seq 10); do
		vswctl port del vm2p && vswctl port add sw0 v10 vm2p &&
		vswctl uplink del sw0 up0 && vswctl uplink add sw0 up0 &&
		vswctl portgroup set sw0 v10 vlan 20 teaming failover detect beacon &&
		vswctl portgroup set sw0 v10 vlan 10 teaming srcmac detect link || break
	done
	check_err $? "a change failed under traffic (round $i)"
	wait
	# vm2's port was re-added: the switch knows its MAC again once it
	# speaks (the floods may have ended before the churn on a slow kernel)
	learn_all vm1 vm2
	ping_ok vm1 10.0.10.2
	check_err $? "no traffic after the churn"
	cleanup_objects
	log_test "attach, detach and re-tag under flood traffic"
}

rmmod_with_everything()
{
	small_host
	check_err $? "setup failed"
	vswctl portgroup add sw0 tr vlan trunk detect beacon && vm_add vm3 sw0 tr
	n vm1 ping -q -f -w 5 10.0.10.2 > /dev/null 2>&1 &
	sleep 1
	rmmod vswitch
	check_err $? "rmmod failed with everything attached"
	wait
	ip link add brq type bridge && LINKS+=(brq)
	ip link set vm1p master brq && ip link set up0 master brq
	check_err $? "the netdevs were not freed by rmmod"
	ip link del brq
	SWITCHES=()
	cleanup_objects
	insmod "$top/kmod/vswitch.ko"
	check_err $? "the module does not load again"
	log_test "rmmod with switches, ports, uplinks and traffic"
}

trap cleanup_objects EXIT
run_tests
