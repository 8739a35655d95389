#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SPEC "Security policy" and "Counters": forged transmits, MAC changes,
# promiscuous ports, max-macs, and every drop reason counted exactly once
# in its own counter.  Defaults are the secure ones.
#
#   vm1 02:..:01 --+ pg sec (VLAN 10)                 +== up0 ==+ phys:br0
#   vm2 02:..:02 --+                       sw0 -------+         (10.0.10.254
#   vm3 02:..:03 --- pg mon (VLAN 10, promiscuous)              in VLAN 10)
#   vm4 02:..:04 --- pg v20 (VLAN 20)
#   vm5 02:..:05 --- sw1 (no uplink)
ALL_TESTS="defaults forged_tx mac_changes promisc max_macs drop_reasons"
source "$(dirname "$0")/lib.sh"

FORGED=02:00:00:00:00:f1

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 sec vlan 10 &&
	vswctl portgroup add sw0 mon vlan 10 &&
	vswctl portgroup add sw0 v20 vlan 20 &&
	phys_add && uplink_add sw0 up0 && phys_host 10 10.0.10.254/24 &&
	vm_add vm1 sw0 sec 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 sec 10.0.10.2/24 $M2 &&
	vm_add vm3 sw0 mon 10.0.10.3/24 02:00:00:00:00:03 &&
	vm_add vm4 sw0 v20 10.0.20.4/24 02:00:00:00:00:04 &&
	switch_add sw1 && vswctl portgroup add sw1 pg &&
	vm_add vm5 sw1 pg 10.0.30.5/24 02:00:00:00:00:05 &&
	learn_all vm1 vm2 vm3 vm4 vm5
}

# drops OBJ DEV: the drop counters of one port or uplink, as JSON
drops() { vswctl -s -j "$1" show | jq -c ".[] | select(.name == \"$2\") | .stats.drops"; }

# only_drop BEFORE AFTER REASON N: AFTER is BEFORE with REASON up by N
only_drop()
{
	jq -n -e --argjson b "$1" --argjson a "$2" --arg r "$3" --argjson n "$4" \
		'$a == ($b | .[$r] += $n)' > /dev/null
}

defaults()
{
	vswctl -j portgroup show sw0 sec | jq -e '.[0] | .promisc == false and
		.forged_tx == false and .mac_changes == false' > /dev/null
	check_err $? "the security defaults are not the secure ones"
	fails_cleanly "promisc must be on or off" vswctl portgroup set sw0 sec promisc yes
	fails_cleanly "max-macs must be 0-131072" vswctl port set vm1p max-macs 131073
	fails_cleanly "max-macs must be" vswctl port set vm1p max-macs -1
	log_test "security: secure defaults; bad values refused"
}

forged_tx()
{
	local before after

	before=$(drops port vm1p)
	cap_start f vm2 eth0 ether src $FORGED
	n vm1 $FRAME eth0 --src $FORGED --dst $BCAST --count 3
	cap_stop f
	after=$(drops port vm1p)
	[ "$(cap_count f)" -eq 0 ]
	check_err $? "a forged frame was forwarded with forged-tx off"
	only_drop "$before" "$after" forged 3
	check_err $? "forged frames not counted as forged: $before -> $after"

	vswctl portgroup set sw0 sec forged-tx on
	cap_start f2 vm2 eth0 ether src $FORGED
	n vm1 $FRAME eth0 --src $FORGED --dst $BCAST --count 3
	cap_stop f2
	[ "$(cap_count f2)" -eq 3 ]
	check_err $? "forged-tx on: $(cap_count f2) of 3 forged frames forwarded"
	! fdb_has sw0 10 $FORGED vm1p
	check_err $? "forged-tx on with mac-changes off: the port took the forged MAC"
	vswctl portgroup set sw0 sec forged-tx off
	log_test "forged-tx: another source MAC dropped and counted when off, forwarded when on"
}

mac_changes()
{
	local before after new=02:00:00:00:00:11

	ping_ok vm1 10.0.10.2
	check_err $? "no connectivity before the MAC change"
	ip -n vm1 link set eth0 address $new
	before=$(counter port vm1p drops.forged)
	ping_fails vm1 10.0.10.2
	check_err $? "mac-changes off: a VM that changed its MAC still talks"
	after=$(counter port vm1p drops.forged)
	[ "$after" -gt "$before" ]
	check_err $? "the changed MAC's frames were not counted as forged"

	vswctl portgroup set sw0 sec mac-changes on
	ping_ok vm1 10.0.10.2
	check_err $? "mac-changes on: a VM that changed its MAC is cut off"
	fdb_has sw0 10 $new vm1p
	check_err $? "mac-changes on: the port did not take the new MAC"
	vswctl portgroup set sw0 sec mac-changes off
	ip -n vm1 link set eth0 address $M1
	ping_ok vm1 10.0.10.2
	check_err $? "the first MAC no longer works"
	log_test "mac-changes: a VM that changes its MAC is cut off when off, works when on"
}

promisc()
{
	local got

	learn_all vm1 vm2
	# off: vm3 sees none of vm1's unicast to vm2
	cap_start p0 vm3 eth0 icmp
	ping_ok vm1 10.0.10.2
	cap_stop p0
	[ "$(cap_count p0)" -eq 0 ]
	check_err $? "a non-promiscuous port saw another port's unicast"

	vswctl portgroup set sw0 mon promisc on
	cap_start p1 vm3 eth0 icmp
	cap_start p2 vm3 eth0 ether dst 02:00:00:00:ee:01 or ether dst 02:00:00:00:ee:02
	ping_ok vm1 10.0.10.2
	n vm1 $FRAME eth0 --src $M1 --dst 02:00:00:00:ee:01 --count 2
	n phys $FRAME br0.10 --src 02:00:00:00:ee:0f --dst 02:00:00:00:ee:02 --count 2
	n vm4 $FRAME eth0 --src 02:00:00:00:00:04 --dst 02:00:00:00:ee:01 --count 2
	cap_stop p1 p2
	got=$(cap_count p1)
	[ "$got" -ge 4 ]
	check_err $? "a promiscuous port saw $got ICMP frames of a 2-ping exchange"
	got=$(cap_count p2)
	[ "$got" -eq 4 ]
	check_err $? "a promiscuous port got $got of 2 + 2 unknown unicasts of its VLAN (and none of VLAN 20)"
	vswctl portgroup set sw0 mon promisc off
	log_test "promisc: a port sees the unicast of its VLAN, nothing of others"
}

max_macs()
{
	local before after n

	vswctl portgroup set sw0 sec mac-changes on
	vswctl port set vm2p max-macs 4
	learn_all vm2
	before=$(counter port vm2p 'drops["mac-limit"]')
	n vm2 $FRAME eth0 --src 02:00:00:00:ab:00 --dst $BCAST --count 10 --vary-src 10
	after=$(counter port vm2p 'drops["mac-limit"]')
	n=$(vswctl -j port show sw0 | jq '.[] | select(.name == "vm2p") | .macs')
	[ "$n" -eq 4 ]
	check_err $? "vm2p has $n MACs with max-macs 4"
	[ $((after - before)) -eq 7 ]
	check_err $? "$((after - before)) frames counted as mac-limit, expected 7 (10 new MACs, 3 free places)"
	vswctl -j port show sw0 | jq -e '.[] | select(.name == "vm2p") | .max_macs == 4' > /dev/null
	check_err $? "port show does not say max-macs 4"
	# known MACs keep working at the limit
	ping_ok vm2 10.0.10.1
	check_err $? "the port's own MAC was cut off at the limit"
	vswctl port set vm2p max-macs 0
	vswctl portgroup set sw0 sec mac-changes off
	log_test "max-macs: new source MACs beyond the limit dropped and counted"
}

# trigger REASON OBJ DEV N CMD...: CMD raises exactly REASON by N on DEV
trigger()
{
	local r=$1 obj=$2 dev=$3 cnt=$4 before after

	shift 4
	before=$(drops "$obj" "$dev")
	"$@" > /dev/null 2>&1
	after=$(drops "$obj" "$dev")
	only_drop "$before" "$after" "$r" "$cnt"
	check_err $? "$r: $before -> $after"
}

drop_reasons()
{
	local brmac

	brmac=$(ip -n phys -j link show br0.10 | jq -r '.[0].address')
	trigger vlan port vm1p 3 \
		n vm1 $FRAME eth0 --src $M1 --dst $BCAST --vlan 7 --count 3
	trigger forged port vm1p 3 \
		n vm1 $FRAME eth0 --src $FORGED --dst $BCAST --count 3
	vswctl portgroup set sw0 sec mac-changes on
	vswctl port set vm1p max-macs 1
	trigger mac-limit port vm1p 3 \
		n vm1 $FRAME eth0 --src $FORGED --dst $BCAST --count 3
	vswctl port set vm1p max-macs 0
	vswctl portgroup set sw0 sec mac-changes off
	trigger no-uplink port vm5p 3 \
		n vm5 $FRAME eth0 --src 02:00:00:00:00:05 --dst 02:00:00:00:ee:05 --count 3
	ip link set vm1p mtu 9000 && ip -n vm1 link set eth0 mtu 9000
	trigger mtu port vm1p 3 \
		n vm1 $FRAME eth0 --src $M1 --dst $BCAST --size 2000 --count 3
	ip -n vm1 link set eth0 mtu 1500 && ip link set vm1p mtu 1500
	trigger loop uplink up0 3 \
		n phys $FRAME br0.10 --src $M1 --dst $BCAST --count 3
	trigger unknown uplink up0 3 \
		n phys $FRAME br0.10 --src $brmac --dst 02:00:00:00:ee:09 --count 3
	log_test "drop counters: each reason raises exactly its own counter"
}

trap cleanup_objects EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
run_tests
