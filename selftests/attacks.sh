#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Attacks on isolation (issue 17; the threat model is in
# Documentation/security.md): each test is a finding of that issue, made to
# fail against the switch before it was fixed.
#
#   priority_tag_hop   (1) a guest's [8100 VID 0][8100 VID 20] frame: the
#                      core pulls only the outer (priority) tag, the frame
#                      was classified untagged, and where it left untagged
#                      the inner tag became the outer one: VLAN 20 on the
#                      wire from a VLAN-none or a trunk-without-20 port.
#                      Now dropped and counted "vlan", from guests and from
#                      the wire alike.
#   events_after_del   (13, in part) deleting a switch announced each
#                      portgroup's deletion, then, as its uplinks went,
#                      "portgroup set" of the same portgroups: a listener
#                      (a management plane) re-created what was gone.
ALL_TESTS="priority_tag_hop events_after_del"
source "$(dirname "$0")/lib.sh"

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 none vlan none &&
	vswctl portgroup add sw0 tr vlan trunk 10 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	phys_add && uplink_add sw0 up0 &&
	vm_add vmN sw0 none && vm_add vmT sw0 tr && vm_add vm10 sw0 v10 &&
	vm_add vmE sw0 none
}

# hop VM: VM sends priority-tagged frames carrying VLAN 20; none may reach
# VLAN 20 on the wire, each is counted a "vlan" drop
hop_from()
{
	local vm=$1 before after

	before=$(counter port "${vm}p" drops.vlan)
	n "$vm" $FRAME eth0 --src 02:00:00:00:66:01 --dst ff:ff:ff:ff:ff:ff \
		--vlan 0 --inner-vlan 20 --count 3
	after=$(counter port "${vm}p" drops.vlan)
	[ "$((after - before))" -eq 3 ]
}

priority_tag_hop()
{
	local vm before after

	cap_start wire phys up0f vlan 20
	for vm in vmN vmT vm10; do
		hop_from $vm
		check_err $? "$vm: priority-tagged frames with an inner tag not dropped and counted"
	done
	cap_stop wire
	[ "$(cap_count wire)" -eq 0 ]
	check_err $? "a guest's frame reached VLAN 20 on the wire: $(cap_show wire)"

	# and from the wire: into the untagged segment with VLAN 20 inside
	cap_start guest vmE eth0 ether src 02:00:00:00:66:02
	before=$(counter uplink up0 drops.vlan)
	n phys $FRAME up0f --src 02:00:00:00:66:02 --dst ff:ff:ff:ff:ff:ff \
		--vlan 0 --inner-vlan 20 --count 3
	after=$(counter uplink up0 drops.vlan)
	cap_stop guest
	[ "$(cap_count guest)" -eq 0 ] && [ "$((after - before))" -eq 3 ]
	check_err $? "from the wire: $((after - before)) of 3 dropped, the VLAN-none guest saw $(cap_count guest)"
	log_test "finding 1: a priority tag in front of another tag is dropped, never hops VLANs"
}

events_after_del()
{
	local pid late

	switch_add sw1 && uplink_add sw1 up1 && uplink_add sw1 up2 &&
	vswctl portgroup add sw1 pg1 teaming failover active up1 standby up2
	check_err $? "setup of sw1"
	vswctl -j monitor > "$TMP/ev.json" 2> "$TMP/ev.err" &
	pid=$!
	sleep 1
	vswctl switch del sw1
	check_err $? "switch del"
	sleep 1
	kill "$pid"
	wait "$pid" 2> /dev/null
	# every event about pg1 after the announcement of its deletion
	late=$(jq -sr '[.[] | select(.portgroup == "pg1")] |
		(map(.event) | index("portgroup del")) as $i |
		if $i == null then "no portgroup del" else .[$i + 1:] | map(.event) | join(",") end' \
		"$TMP/ev.json")
	[ -z "$late" ]
	check_err $? "events about pg1 after its deletion: $late"
	log_test "finding 13: a deleted switch announces nothing after its objects' deletions"
}

trap cleanup_objects EXIT
setup || { echo "1..0 # SKIP setup failed"; exit 1; }
run_tests
