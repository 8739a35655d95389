#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VLAN policies of SPEC's table (EST, VST, VGT trunk), segments and
# live re-tagging, checked on the wire at the far side of the uplink.
#
#   vmE  (pg est,  vlan none)     192.168.0.1 ---+
#   vmA  (pg v10,  vlan 10)       10.0.10.1   ---+
#   vmB  (pg v10b, vlan 10)       10.0.10.2   ---+-- sw0 -- up0 ==trunk== phys:br0
#   vmC  (pg v20,  vlan 20)       10.0.20.1   ---+     hosts: .254 in untagged,
#   vmT  (pg tr,   trunk 10,20)   eth0.10/.20/.40+            VLAN 10, 20, 30
#   vmP  (pg p5,   vlan 30 pcp 5) 10.0.30.1   ---+
ALL_TESTS="est vst vst_receives_own_vlan_only trunk trunk_vid_list
	   same_vlan_stays_local vlans_isolated pcp live_retag live_move
	   floods_follow_segments"
source "$(dirname "$0")/lib.sh"

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 est vlan none &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 v10b vlan 10 &&
	vswctl portgroup add sw0 v20 vlan 20 &&
	vswctl portgroup add sw0 tr vlan trunk 10,20 &&
	vswctl portgroup add sw0 p5 vlan 30 pcp 5 &&
	phys_add && uplink_add sw0 up0 &&
	phys_host 0 192.168.0.254/24 && phys_host 10 10.0.10.254/24 &&
	phys_host 20 10.0.20.254/24 && phys_host 30 10.0.30.254/24 &&
	vm_add vmE sw0 est 192.168.0.1/24 &&
	vm_add vmA sw0 v10 10.0.10.1/24 &&
	vm_add vmB sw0 v10b 10.0.10.2/24 &&
	vm_add vmC sw0 v20 10.0.20.1/24 &&
	vm_add vmT sw0 tr 192.168.0.3/24 &&
	vm_vlan vmT 10 10.0.10.3/24 && vm_vlan vmT 20 10.0.20.3/24 &&
	vm_vlan vmT 40 10.0.40.3/24 &&
	vm_add vmP sw0 p5 10.0.30.1/24
}

# a tagged frame from an access port is dropped and counted
tagged_dropped()
{
	local vm=$1 before after

	before=$(counter port "${vm}p" drops.vlan)
	n "$vm" $FRAME eth0 --src 02:00:00:00:00:99 --dst ff:ff:ff:ff:ff:ff \
		--vlan 5 --count 3
	after=$(counter port "${vm}p" drops.vlan)
	[ "$((after - before))" -eq 3 ]
}

est()
{
	cap_start up phys up0f icmp
	ping_ok vmE 192.168.0.254
	check_err $? "EST VM cannot reach the untagged network"
	cap_stop up
	[ "$(grep -c 'vlan' "$TMP/up.txt")" -eq 0 ] && [ "$(cap_count up)" -gt 0 ]
	check_err $? "EST frames on the uplink are not untagged: $(cap_show up)"
	tagged_dropped vmE
	check_err $? "tagged frame from an EST port not dropped and counted"
	log_test "vlan none (EST): untagged everywhere, tagged frames dropped"
}

vst()
{
	cap_start up phys up0f icmp or '(vlan and icmp)'
	ping_ok vmA 10.0.10.254
	check_err $? "VST VM cannot reach VLAN 10"
	cap_stop up
	[ "$(grep -c 'vlan 10' "$TMP/up.txt")" -gt 0 ] &&
	[ "$(grep -vc 'vlan 10' "$TMP/up.txt")" -eq 0 ]
	check_err $? "VST frames on the uplink are not tagged 10: $(cap_show up)"
	cap_start vm vmA eth0 icmp or '(vlan and icmp)'
	ping_ok vmA 10.0.10.254
	cap_stop vm
	[ "$(grep -c vlan "$TMP/vm.txt")" -eq 0 ] && [ "$(cap_count vm)" -gt 0 ]
	check_err $? "the VST VM receives tagged frames"
	tagged_dropped vmA
	check_err $? "tagged frame from a VST port not dropped and counted"
	log_test "vlan N (VST): untagged at the VM, tagged N on the uplink"
}

vst_receives_own_vlan_only()
{
	cap_start a vmA eth0 ether proto 0x88b5
	cap_start c vmC eth0 ether proto 0x88b5
	n phys $FRAME br0.20 --src 02:00:00:00:20:01 --dst ff:ff:ff:ff:ff:ff \
		--count 3
	cap_stop a c
	[ "$(cap_count c)" -eq 3 ]
	check_err $? "VLAN 20 broadcast did not reach the VLAN 20 VM ($(cap_count c))"
	[ "$(cap_count a)" -eq 0 ]
	check_err $? "VLAN 20 broadcast reached the VLAN 10 VM"
	log_test "vlan N (VST): a VM sees only frames of its VLAN"
}

trunk()
{
	ping_ok vmT 10.0.10.254
	check_err $? "trunk VM cannot reach VLAN 10"
	ping_ok vmT 10.0.20.254
	check_err $? "trunk VM cannot reach VLAN 20"
	ping_ok vmT 192.168.0.254
	check_err $? "trunk VM cannot reach the untagged segment"
	cap_start vm vmT eth0 vlan 20 and icmp
	ping_ok vmT 10.0.20.254
	cap_stop vm
	[ "$(cap_count vm)" -gt 0 ]
	check_err $? "the trunk VM does not receive tagged frames"
	log_test "vlan trunk (VGT): tags kept, untagged segment reachable"
}

trunk_vid_list()
{
	local before after

	before=$(counter port vmTp drops.vlan)
	cap_start up phys up0f vlan 40
	ping_fails vmT 10.0.40.254
	cap_stop up
	after=$(counter port vmTp drops.vlan)
	[ "$after" -gt "$before" ]
	check_err $? "a VID outside the trunk list was not counted as a vlan drop"
	[ "$(cap_count up)" -eq 0 ]
	check_err $? "a VID outside the trunk list reached the uplink"
	log_test "vlan trunk LIST: VIDs outside the list dropped and counted"
}

same_vlan_stays_local()
{
	cap_start up phys up0f icmp or '(vlan and icmp)'
	ping_ok vmA 10.0.10.2
	check_err $? "two VLAN 10 VMs of different portgroups cannot talk"
	ping_ok vmT 10.0.10.1
	check_err $? "trunk VM and access VM in VLAN 10 cannot talk"
	cap_stop up
	[ "$(cap_count up)" -eq 0 ]
	check_err $? "VM-to-VM traffic of one VLAN touched the uplink: $(cap_show up)"
	log_test "segment: same VLAN in two portgroups meets inside the host only"
}

vlans_isolated()
{
	# same IP subnet, different VLAN: no path inside the switch
	ip -n vmC addr add 10.0.10.9/24 dev eth0
	ping_fails vmA 10.0.10.9
	check_err $? "VLAN 10 reached VLAN 20 inside the switch"
	ip -n vmC addr del 10.0.10.9/24 dev eth0
	log_test "segment: different VLANs never meet inside the switch"
}

pcp()
{
	cap_start up phys up0f vlan 30
	ping_ok vmP 10.0.30.254
	check_err $? "VLAN 30 VM cannot reach VLAN 30"
	cap_stop up
	grep -q 'vlan 30, p 5' "$TMP/up.txt"
	check_err $? "frames tagged by pcp 5 portgroup lack priority 5: $(cap_show up)"
	log_test "pcp: priority bits on frames the portgroup tags"
}

live_retag()
{
	local ifindex

	ifindex=$(cat /sys/class/net/vmCp/ifindex)
	ping_ok vmC 10.0.20.254
	check_err $? "VLAN 20 VM cannot reach VLAN 20"
	ip -n vmC addr add 10.0.10.7/24 dev eth0
	vswctl portgroup set sw0 v20 vlan 10
	check_err $? "portgroup set vlan failed"
	ping_ok vmC 10.0.10.254
	check_err $? "after re-tagging, the VM cannot reach VLAN 10"
	ping_fails vmC 10.0.20.254
	check_err $? "after re-tagging, the VM still reaches VLAN 20"
	[ "$(cat /sys/class/net/vmCp/ifindex)" = "$ifindex" ] &&
	vswctl -j port show | jq -e '.[] | select(.name == "vmCp" and .portgroup == "v20")' > /dev/null
	check_err $? "the port was detached by the re-tag"
	vswctl portgroup set sw0 v20 vlan 20
	ip -n vmC addr del 10.0.10.7/24 dev eth0
	log_test "portgroup set vlan: applies live to member ports"
}

live_move()
{
	local loss

	# a ping stream across the move loses at most the frames in flight
	n vmB ping -q -c 30 -i 0.1 -W 1 10.0.10.254 > "$TMP/ping.txt" 2>&1 &
	sleep 1
	vswctl port set vmBp portgroup v10
	check_err $? "port set portgroup failed"
	wait
	loss=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMP/ping.txt")
	[ "${loss:-0}" -ge 28 ]
	check_err $? "moving the port lost frames: $(tail -n 2 "$TMP/ping.txt")"
	vswctl -j port show | jq -e '.[] | select(.name == "vmBp" and .portgroup == "v10")' > /dev/null
	check_err $? "the port is not in its new portgroup"
	vswctl port set vmBp portgroup v20 && ping_fails vmB 10.0.10.254
	check_err $? "after moving to VLAN 20 the VM still reaches VLAN 10"
	vswctl port set vmBp portgroup v10b
	log_test "port set portgroup: moves live without losing frames"
}

# bcast_reach VID...: which of vmA vmB vmC vmT a broadcast in each VID
# from the physical network reaches ("VID:VM VM ..." each; one capture
# each VM for them all, each VID's frame told by its source MAC)
bcast_reach()
{
	local v vid got caps=()

	for v in vmA vmB vmC vmT; do
		cap_launch "f$v" "$v" eth0 ether proto 0x88b5 or \
			\( vlan and ether proto 0x88b5 \) && caps+=("f$v")
	done
	cap_ready "${caps[@]}" || echo "# a capture did not start" >&2
	for vid in "$@"; do
		n phys $FRAME up0f --vlan "$vid" --src "02:00:00:00:77:$(printf %02x "$vid")" \
			--dst $BCAST
	done
	cap_stop "${caps[@]}"
	for vid in "$@"; do
		got=
		for v in vmA vmB vmC vmT; do
			grep -q "^[0-9:.]* 02:00:00:00:77:$(printf %02x "$vid") >" "$TMP/f$v.txt" &&
				got="$got $v"
		done
		echo -n "$vid:${got# } "
	done
}

# the bystanders' frames sent, all together
bystanders_tx()
{
	vswctl -s -j port show sw0 |
		jq '[.[] | select(.name | startswith("by")) | .stats.tx_packets] | add // 0'
}

# A broadcast goes to the ports of its segment (and the trunks), found
# by segment, not by a walk of every port (issue 22): the segments must
# follow every change of a port's VLANs, and bystanders get nothing
floods_follow_segments()
{
	local i got before v6

	# 40 bystanders, ten in each of VLANs 51-54 (made without IPv6: its
	# own solicitations would flood the others)
	for i in $(seq 0 39); do
		echo "link add by$i type veth peer name by${i}e"
		echo "link set by$i up"
		echo "link set by${i}e up"
	done > "$TMP/by.batch"
	v6=$(sysctl -n net.ipv6.conf.default.disable_ipv6)
	sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	{
		for i in 0 1 2 3; do echo "portgroup add sw0 by$i vlan $((51 + i))"; done
		for i in $(seq 0 39); do echo "port add sw0 by$((i % 4)) by$i"; done
	} > "$TMP/by.vsw"
	ip -batch "$TMP/by.batch" && LINKS+=($(seq -f 'by%.0f' 0 39)) &&
	sysctl -qw "net.ipv6.conf.default.disable_ipv6=$v6" &&
	vswctl -b "$TMP/by.vsw" > /dev/null
	check_err $? "40 bystander ports in VLANs 51-54 could not be added"
	before=$(bystanders_tx)
	got=$(bcast_reach 10 53)
	[ "$got" = "10:vmA vmB vmT 53: " ]
	check_err $? "broadcasts reached '$got', expected 10:vmA vmB vmT 53:"
	[ "$(bystanders_tx)" -eq $((before + 10)) ]
	check_err $? "the VLAN 10 and 53 broadcasts reached $(($(bystanders_tx) - before)) bystanders, expected VLAN 53's 10"

	# re-tagged: the portgroup's ports change segments
	vswctl portgroup set sw0 v20 vlan 10 && got=$(bcast_reach 10 20) &&
	[ "$got" = "10:vmA vmB vmC vmT 20:vmT " ]
	check_err $? "after v20 became VLAN 10: '$got'"
	vswctl portgroup set sw0 v20 vlan 20
	# moved: the port changes portgroups
	vswctl port set vmCp portgroup v10 && got=$(bcast_reach 10 20) &&
	[ "$got" = "10:vmA vmB vmC vmT 20:vmT " ]
	check_err $? "after vmC moved to v10: '$got'"
	vswctl port set vmCp portgroup v20
	# a trunk's VLANs change
	vswctl portgroup set sw0 tr vlan trunk 20,30 && got=$(bcast_reach 10 20) &&
	[ "$got" = "10:vmA vmB 20:vmC vmT " ]
	check_err $? "after the trunk became 20,30: '$got'"
	vswctl portgroup set sw0 tr vlan trunk 10,20
	# ports leave: the first half (five of VLAN 53's stay)
	for i in $(seq 0 19); do echo "port del by$i"; done > "$TMP/by.vsw"
	vswctl -b "$TMP/by.vsw" > /dev/null
	check_err $? "the bystander ports could not be deleted"
	before=$(bystanders_tx)
	got=$(bcast_reach 10 53)
	[ "$got" = "10:vmA vmB vmT 53: " ] && [ "$(bystanders_tx)" -eq $((before + 5)) ]
	check_err $? "after 20 ports left: '$got', $(($(bystanders_tx) - before)) bystanders reached, expected 5"
	{
		for i in $(seq 20 39); do echo "port del by$i"; done
		for i in 0 1 2 3; do echo "portgroup del sw0 by$i"; done
	} > "$TMP/by.vsw"
	vswctl -b "$TMP/by.vsw" > /dev/null
	log_test "floods go to their segment's ports, whatever moves, comes or goes"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
