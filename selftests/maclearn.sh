#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MAC learning ports (issue 18, 3; vDS 6.7 / NSX "MAC learning"): a
# portgroup with "learning on" lets each port own every MAC it sends, up to
# its limit, without promiscuous mode or forged transmits; with
# unknown-flood on such a port also gets the unknown unicast of its
# segment.  The test's learning port is a nested hypervisor: a
# namespace behind the port bridging two inner namespaces with MACs of
# their own.
#
#   vm1 (v10) 10.0.10.1 ----+
#   vm2 (v10) 10.0.10.2 ----+-- sw0 -- up0 -- phys (10.0.10.254, VLAN 10)
#   hv (nest, VLAN 10) -----+
#     br0: in1 10.0.10.11, in2 10.0.10.12, in3 10.0.10.13 (silent)
#
#   nested_vms      without learning only the hypervisor's own MAC gets
#                   through; with it every inner VM reaches the VMs and the
#                   physical network, its MACs learned on the port
#   unknown_flood   unknown unicast reaches a silent inner VM through the
#                   learning port, not the other ports; not with
#                   unknown-flood off
#   learn_limit     a learning port owns at most its limit of MACs, the
#                   rest dropped and counted mac-limit; a lower limit, or
#                   learning off, takes the learned MACs away at once
#   takeover        a learning port takes a MAC from another learning port
#                   (a nested VM moved), never a MAC of another port, a
#                   configured MAC, nor the other hypervisor's own; a new
#                   VM's first MAC is its own even if a learning port
#                   claimed it first
ALL_TESTS="nested_vms unknown_flood learn_limit takeover"
source "$(dirname "$0")/lib.sh"

IN1=02:00:00:00:01:11
IN2=02:00:00:00:01:12
IN3=02:00:00:00:01:13

# inner_add HV NS IP MAC: a VM nested in hypervisor HV, on its bridge
inner_add()
{
	local hv=$1 ns=$2 ip=$3 mac=$4

	ns_add "$ns" &&
	ip -n "$hv" link add "${ns}h" type veth peer name eth0 netns "$ns" &&
	ip -n "$ns" link set eth0 address "$mac" up &&
	ip -n "$ns" addr add "$ip" dev eth0 &&
	ip -n "$hv" link set "${ns}h" master br0 up
}

# hv_add NS PG: a nested hypervisor: a bridge over its eth0, a port of PG
hv_add()
{
	vm_add "$1" sw0 "$2" &&
	ip -n "$1" link add br0 type bridge &&
	ip -n "$1" link set eth0 master br0 &&
	ip -n "$1" link set br0 up
}

hv_mac() { ip -n "$1" -j link show eth0 | jq -r '.[0].address'; }

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 nest vlan 10 &&
	phys_add && uplink_add sw0 up0 &&
	phys_host 10 10.0.10.254/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 v10 10.0.10.2/24 $M2 &&
	hv_add hv nest &&
	inner_add hv in1 10.0.10.11/24 $IN1 &&
	inner_add hv in2 10.0.10.12/24 $IN2 &&
	inner_add hv in3 10.0.10.13/24 $IN3 &&
	# each hypervisor's own NIC speaks first: its MAC is the port's own
	learn_all vm1 vm2 hv
}

nested_vms()
{
	ping_fails in1 10.0.10.1
	check_err $? "a nested VM's MAC got through without learning (forged-tx off)"
	vswctl portgroup set sw0 nest learning on
	check_err $? "portgroup set learning on failed"
	ping_ok in2 10.0.10.1 && ping_ok in2 10.0.10.254 && ping_ok vm2 10.0.10.11
	check_err $? "nested VMs do not reach the VMs and the physical network with learning on"
	fdb_has sw0 10 $IN1 hvp && fdb_has sw0 10 $IN2 hvp
	check_err $? "the nested VMs' MACs are not learned on the port: $(vswctl fdb show sw0)"
	vswctl -j portgroup show sw0 nest |
		jq -e '.[0] | .learning == true and .learn_limit == 4096 and .unknown_flood == false' > /dev/null
	check_err $? "portgroup show: $(vswctl -j portgroup show sw0 nest)"
	log_test "MAC learning: a nested hypervisor's VMs each reach the network"
}

unknown_flood()
{
	vswctl portgroup set sw0 nest unknown-flood on
	cap_start vm2 vm2 eth0 icmp
	# vm1 knows in3 (a warm ARP cache); the switch does not
	n vm1 ip neigh replace 10.0.10.13 lladdr $IN3 dev eth0
	ping_ok vm1 10.0.10.13
	check_err $? "unknown unicast did not reach a silent nested VM"
	cap_stop vm2
	[ "$(cap_count vm2)" -eq 0 ]
	check_err $? "vm2 (not learning) got $(cap_count vm2) unknown unicasts"
	vswctl portgroup set sw0 nest unknown-flood off
	n in3 ip addr replace 10.0.10.14/24 dev eth0
	n in3 ip link set eth0 address 02:00:00:00:01:14
	n vm1 ip neigh replace 10.0.10.14 lladdr 02:00:00:00:01:14 dev eth0
	ping_fails vm1 10.0.10.14
	check_err $? "unknown unicast reached the learning port with unknown-flood off"
	vswctl portgroup set sw0 nest unknown-flood on
	ping_ok vm1 10.0.10.14
	check_err $? "in3 unreachable with unknown-flood on again"
	log_test "MAC learning: unknown unicast to learning ports (unknown-flood)"
}

learn_limit()
{
	local before after n_macs cur ours

	# a lower limit takes the learned MACs away; its own MAC stays
	vswctl portgroup set sw0 nest limit 3
	check_err $? "portgroup set limit failed"
	! fdb_has sw0 10 $IN1 hvp && fdb_has sw0 10 "$(hv_mac hv)" hvp
	check_err $? "a lower limit left the learned MACs (or took its own): $(vswctl fdb show sw0)"
	# a higher one takes nothing; 8 new MACs fill it up
	vswctl portgroup set sw0 nest limit 6
	cur=$(vswctl -j port show | jq '.[] | select(.name == "hvp") | .macs')
	before=$(counter port hvp drops[\"mac-limit\"])
	n hv $FRAME eth0 --src 02:00:00:00:aa:00 --dst $BCAST --vary-src 8 --count 8
	after=$(counter port hvp drops[\"mac-limit\"])
	n_macs=$(vswctl -j port show | jq '.[] | select(.name == "hvp") | .macs')
	[ "$cur" -lt 6 ] && [ "$n_macs" -eq 6 ]
	check_err $? "the learning port owns $n_macs MACs ($cur before), not its limit of 6"
	# (the inner VMs may speak meanwhile: count what was learned of ours)
	ours=$(vswctl -j fdb show sw0 port hvp | jq '[.[] | select(.mac | startswith("02:00:00:00:aa:"))] | length')
	[ "$ours" -ge 1 ] && [ "$((after - before))" -eq $((8 - ours)) ]
	check_err $? "$((after - before)) frames counted mac-limit, $ours of 8 learned"
	vswctl portgroup set sw0 nest learning off
	n_macs=$(vswctl -j port show | jq '.[] | select(.name == "hvp") | .macs')
	[ "$n_macs" -eq 1 ]
	check_err $? "learning off left the port $n_macs MACs"
	vswctl portgroup set sw0 nest learning on limit 4096
	log_test "MAC learning: a port owns at most its limit of MACs"
}

takeover()
{
	hv_add hv2 nest && learn_all hv2
	check_err $? "setup failed"
	n in2 $FRAME eth0 --src $IN2 --dst $BCAST
	fdb_has sw0 10 $IN2 hvp
	check_err $? "in2's MAC is not on hvp to start with"
	# a nested VM moves to the other hypervisor
	n hv2 $FRAME eth0 --src 02:00:00:00:02:01 --dst $BCAST
	n hv2 $FRAME eth0 --src $IN2 --dst $BCAST
	fdb_has sw0 10 $IN2 hv2p
	check_err $? "a learning port did not take a MAC another learning port learned"
	n hv2 $FRAME eth0 --src $M1 --dst $BCAST
	fdb_has sw0 10 $M1 vm1p
	check_err $? "a learning port took vm1's MAC"
	n hv2 $FRAME eth0 --src "$(hv_mac hv)" --dst $BCAST
	fdb_has sw0 10 "$(hv_mac hv)" hvp
	check_err $? "a learning port took the other hypervisor's own MAC"
	vm_add vmc sw0 v10 "" 02:00:00:00:0c:01 && vswctl port set vmcp mac 02:00:00:00:0c:01
	n hv2 $FRAME eth0 --src 02:00:00:00:0c:01 --dst $BCAST
	fdb_has sw0 10 02:00:00:00:0c:01 vmcp
	check_err $? "a learning port took a configured MAC"
	# squatting: a learning port claims a MAC before its VM speaks
	n hv2 $FRAME eth0 --src 02:00:00:00:0d:01 --dst $BCAST
	vm_add vmd sw0 v10 "" 02:00:00:00:0d:01 && learn_all vmd
	fdb_has sw0 10 02:00:00:00:0d:01 vmdp
	check_err $? "a new VM's first MAC stayed with the learning port that claimed it"
	ping_ok vm1 10.0.10.11
	check_err $? "in1 unreachable after the attempt"
	log_test "MAC learning: moves between learning ports only"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
