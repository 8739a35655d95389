#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SPEC "Forwarding": the MAC table, unicast and flood rules, uplinks,
# loop guard, MTU and GSO, each checked with frames on the wire.
#
#   vm1 (v10, 02:00:00:00:00:01) 10.0.10.1 --+
#   vm2 (v10, 02:00:00:00:00:02) 10.0.10.2 --+            +== up0 ==+
#   vm4 (v10, static 02:..:04)   10.0.10.4 --+--  sw0  ---+         +== phys:br0
#   vm3 (v20, 02:00:00:00:00:03) 10.0.20.3 --+            +== up1 ==+  (10.0.10.254
#                                                                       in VLAN 10)
ALL_TESTS="learn_ports_only static_mac ageing mac_move known_unicast
	   unknown_unicast_from_port unknown_unicast_from_uplink
	   flood_from_port flood_from_uplink loop_guard mtu gso"
source "$(dirname "$0")/lib.sh"

setup()
{
	# teaming failover: every port uses up0 while it is up, so that the
	# tests know which uplink a port's frames take (teaming.sh tests the
	# other policies); mac-changes on: these "VMs" send from several MACs
	# (security.sh tests the secure defaults)
	switch_add sw0 &&
	vswctl portgroup add sw0 v10 vlan 10 teaming failover mac-changes on &&
	vswctl portgroup add sw0 v20 vlan 20 teaming failover mac-changes on &&
	phys_add && uplink_add sw0 up0 && uplink_add sw0 up1 &&
	phys_host 10 10.0.10.254/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 v10 10.0.10.2/24 $M2 &&
	vm_add vm3 sw0 v20 10.0.20.3/24 $M3 &&
	ns_add vm4 && ip link add vm4p type veth peer name eth0 netns vm4 && LINKS+=(vm4p) &&
	ip -n vm4 link set eth0 address $M4 up && ip link set vm4p up &&
	ip -n vm4 addr add 10.0.10.4/24 dev eth0 &&
	vswctl port add sw0 v10 vm4p mac $M4
}

learn_ports_only()
{
	local brmac n_up

	ping_ok vm1 10.0.10.254 && ping_ok vm2 10.0.10.1
	check_err $? "no connectivity in VLAN 10"
	fdb_has sw0 10 $M1 vm1p && fdb_has sw0 10 $M2 vm2p
	check_err $? "VM MACs not learned on their ports in VLAN 10"
	brmac=$(ip -n phys -j link show br0.10 | jq -r '.[0].address')
	n_up=$(vswctl -j fdb show sw0 | jq '[.[] | select(.port | startswith("up"))] | length')
	[ "$n_up" -eq 0 ] && ! vswctl -j fdb show sw0 | grep -q "$brmac"
	check_err $? "a MAC was learned from an uplink"
	vswctl -j switch show sw0 | jq -e '.[0].macs >= 3' > /dev/null
	check_err $? "the switch does not report its MAC table size"
	log_test "MAC table: learned on ports per VLAN, never from uplinks"
}

static_mac()
{
	vswctl -j fdb show sw0 | jq -e ".[] | select(.mac == \"$M4\" and .port == \"vm4p\" and .type == \"static\" and .vlan == 10)" > /dev/null
	check_err $? "the configured MAC is not a static entry"
	# a forged frame with that MAC from another port does not move it
	n vm1 $FRAME eth0 --src $M4 --dst $BCAST
	fdb_has sw0 10 $M4 vm4p
	check_err $? "the static entry moved"
	ping_ok vm1 10.0.10.4
	check_err $? "the port with a configured MAC is unreachable"
	log_test "MAC table: static entry from the port's configured mac"
}

ageing()
{
	vswctl switch set sw0 ageing 2
	n vm1 $FRAME eth0 --src 02:00:00:00:aa:01 --dst $BCAST
	fdb_has sw0 10 02:00:00:00:aa:01 vm1p
	check_err $? "the MAC was not learned"
	wait_until 10 bash -c "! $VSWCTL -j fdb show sw0 | grep -q 02:00:00:00:aa:01"
	check_err $? "the entry did not age out"
	fdb_has sw0 10 $M4 vm4p
	check_err $? "the static entry aged out"
	vswctl switch set sw0 ageing 300
	log_test "MAC table: learned entries age out, static ones stay"
}

mac_move()
{
	n vm1 $FRAME eth0 --src 02:00:00:00:aa:02 --dst $BCAST
	fdb_has sw0 10 02:00:00:00:aa:02 vm1p
	check_err $? "the MAC was not learned on vm1p"
	n vm2 $FRAME eth0 --src 02:00:00:00:aa:02 --dst $BCAST
	fdb_has sw0 10 02:00:00:00:aa:02 vm2p
	check_err $? "the MAC did not move to vm2p"
	log_test "MAC table: a MAC seen on another port moves"
}

known_unicast()
{
	learn_all vm1 vm2 vm4
	ping_ok vm1 10.0.10.2
	cap_start vm4 vm4 eth0 icmp
	cap_start up phys up0f icmp or '(vlan and icmp)'
	ping_ok vm1 10.0.10.2
	check_err $? "vm1 cannot reach vm2: $(vswctl fdb show sw0)"
	cap_stop vm4 up
	[ "$(cap_count vm4)" -eq 0 ] && [ "$(cap_count up)" -eq 0 ]
	check_err $? "known unicast leaked to another port or the uplink"
	log_test "known unicast: to that port only"
}

unknown_unicast_from_port()
{
	local dst=02:00:00:00:ee:01

	cap_start vm2 vm2 eth0 ether dst $dst
	cap_start up0 phys up0f ether dst $dst
	cap_start up1 phys up1f ether dst $dst
	n vm1 $FRAME eth0 --src $M1 --dst $dst --count 3
	cap_stop vm2 up0 up1
	[ "$(cap_count up0)" -eq 3 ]
	check_err $? "unknown unicast did not go to the uplink ($(cap_count up0)): $(cap_show up0)"
	[ "$(cap_count vm2)" -eq 0 ]
	check_err $? "unknown unicast was flooded to a port"
	[ "$(cap_count up1)" -eq 0 ]
	check_err $? "unknown unicast went out of two uplinks"
	log_test "unknown unicast from a port: one uplink only"
}

unknown_unicast_from_uplink()
{
	local dst=02:00:00:00:ee:02 before after

	before=$(counter uplink up0 drops.unknown)
	cap_start vm1 vm1 eth0 ether dst $dst
	cap_start vm2 vm2 eth0 ether dst $dst
	n phys $FRAME br0.10 --src 02:00:00:00:ee:03 --dst $dst --count 3
	cap_stop vm1 vm2
	after=$(counter uplink up0 drops.unknown)
	[ "$(cap_count vm1)" -eq 0 ] && [ "$(cap_count vm2)" -eq 0 ]
	check_err $? "unknown unicast from the uplink reached a port"
	[ "$((after - before))" -eq 3 ]
	check_err $? "unknown unicast drops not counted ($before -> $after)"
	log_test "unknown unicast from an uplink: dropped and counted"
}

flood_from_port()
{
	local c

	for c in vm1 vm2 vm3 vm4; do
		cap_launch $c $c eth0 ether proto 0x88b5
	done
	cap_launch up0 phys up0f ether proto 0x88b5 or '(vlan and ether proto 0x88b5)'
	cap_launch up1 phys up1f ether proto 0x88b5 or '(vlan and ether proto 0x88b5)'
	cap_ready vm1 vm2 vm3 vm4 up0 up1
	n vm1 $FRAME eth0 --src $M1 --dst $BCAST --count 3
	cap_stop vm1 vm2 vm3 vm4 up0 up1
	[ "$(cap_count vm2)" -eq 3 ] && [ "$(cap_count vm4)" -eq 3 ]
	check_err $? "broadcast missed a port of the segment"
	[ "$(cap_count vm3)" -eq 0 ]
	check_err $? "broadcast crossed into VLAN 20"
	[ "$(cap_count vm1)" -eq 0 ]
	check_err $? "broadcast came back to its ingress port"
	[ "$(cap_count up0)" -eq 3 ] && [ "$(cap_count up1)" -eq 0 ]
	check_err $? "broadcast did not go out of exactly one uplink"
	log_test "broadcast from a port: other ports of the segment + one uplink"
}

flood_from_uplink()
{
	local tx_before tx_after

	tx_before=$(counter uplink up1 tx_packets)
	cap_start vm1 vm1 eth0 ether proto 0x88b5
	cap_start vm3 vm3 eth0 ether proto 0x88b5
	cap_start up0 phys up0f ether proto 0x88b5 or '(vlan and ether proto 0x88b5)'
	cap_start up1 phys up1f ether proto 0x88b5 or '(vlan and ether proto 0x88b5)'
	# the physical switch floods this down both uplinks
	n phys $FRAME br0.10 --src 02:00:00:00:ee:04 --dst $BCAST --count 3
	for c in vm1 vm3 up0 up1; do
		cap_stop $c
	done
	tx_after=$(counter uplink up1 tx_packets)
	[ "$(cap_count vm1)" -eq 3 ]
	check_err $? "a VM got $(cap_count vm1) copies of 3 broadcasts from two uplinks: $(cap_show vm1)"
	[ "$(cap_count vm3)" -eq 0 ]
	check_err $? "a VLAN 10 broadcast reached VLAN 20"
	[ "$(cap_count up0)" -eq 0 ] && [ "$(cap_count up1)" -eq 0 ] &&
	[ "$tx_after" -eq "$tx_before" ]
	check_err $? "a frame from one uplink went out of an uplink"
	log_test "broadcast from uplinks: once per port, never uplink to uplink"
}

loop_guard()
{
	local before after

	before=$(counter uplink up0 drops.loop)
	cap_start vm2 vm2 eth0 ether proto 0x88b5
	n phys $FRAME br0.10 --src $M1 --dst $BCAST --count 3
	cap_stop vm2
	after=$(counter uplink up0 drops.loop)
	[ "$((after - before))" -eq 3 ]
	check_err $? "frames with a local MAC from the uplink not counted as loop ($before -> $after)"
	[ "$(cap_count vm2)" -eq 0 ]
	check_err $? "a looped frame was delivered"
	fdb_has sw0 10 $M1 vm1p
	check_err $? "the looped frame moved the VM's MAC"
	log_test "loop guard: a local MAC arriving on an uplink is dropped"
}

mtu()
{
	local before after d

	learn_all vm1 vm2
	for d in vm1p vm2p; do ip link set $d mtu 9000; done
	ip -n vm1 link set eth0 mtu 9000
	ip -n vm2 link set eth0 mtu 9000
	before=$(counter port vm1p drops.mtu)
	! n vm1 ping -q -c 2 -i 0.2 -W 1 -M do -s 3000 10.0.10.2 > /dev/null
	check_err $? "a 3000-byte frame crossed a switch of MTU 1500"
	after=$(counter port vm1p drops.mtu)
	[ "$after" -gt "$before" ]
	check_err $? "MTU drops not counted"
	vswctl switch set sw0 mtu 9000
	n vm1 ping -q -c 2 -i 0.2 -W 2 -M do -s 3000 10.0.10.2 > /dev/null
	check_err $? "a 3000-byte frame did not cross a switch of MTU 9000"
	vswctl switch set sw0 mtu 1500
	ip -n vm1 link set eth0 mtu 1500
	ip -n vm2 link set eth0 mtu 1500
	log_test "MTU: longer frames dropped and counted"
}

# xfer_ok SERVER_NS CLIENT_NS IP PORT: 20 MB over TCP arrive intact
xfer_ok()
{
	local sent got

	n "$1" python3 "$top/selftests/tcpxfer.py" server "$4" > "$TMP/srv.txt" &
	# a loaded host starts python slowly: connect only once it listens
	wait_until 30 bash -c "ip netns exec $1 ss -Hltn 'sport = :$4' | grep -q ."
	sent=$(n "$2" python3 "$top/selftests/tcpxfer.py" client "$3" "$4" 20000000)
	wait
	got=$(cat "$TMP/srv.txt")
	[ -n "$sent" ] && [ "$sent" = "$got" ]
}

gso()
{
	local before

	# veth hands 64 KB TCP segments (GSO) to the switch; they must be
	# judged by segment size and arrive intact, also tagged via the uplink
	learn_all vm1 vm2
	before=$(counter port vm1p drops.mtu)
	xfer_ok vm2 vm1 10.0.10.2 5001
	check_err $? "TCP transfer VM to VM failed or corrupted"
	xfer_ok phys vm1 10.0.10.254 5002
	check_err $? "TCP transfer VM to tagged uplink failed or corrupted"
	[ "$(counter port vm1p drops.mtu)" -eq "$before" ]
	check_err $? "GSO frames were judged by their full length (mtu drops)"
	log_test "GSO: 64 KB TCP segments forwarded intact, also tagged"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
