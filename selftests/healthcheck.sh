#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The network health check (vswctl healthcheck; the vDS health check): the
# simulated physical switch trunks VLAN 20 on two of three uplinks only,
# and has MTU 1500 where the switch has 9000; the report names exactly
# those.  An iphash portgroup over uplinks that are not one port channel is
# named, one over a real one (a bond on the physical side) is not.  The
# probes never reach a VM; bad input changes nothing.
ALL_TESTS="vlan_and_mtu etherchannel refused"
source "$(dirname "$0")/lib.sh"

setup()
{
	local u

	switch_add sw0 mtu 9000 && phys_add || return 1
	for u in up0 up1 up2; do
		uplink_add sw0 $u && ip link set $u mtu 9000 || return 1
	done
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 v20 vlan 20 &&
	# up2's port of the physical switch does not carry VLAN 20
	n phys bridge vlan del vid 20 dev up2f
}

# hc_row UPLINK VID JQ: JQ of that row of the last -j report
hc_row()
{
	jq -r --arg u "$1" --argjson v "$2" \
		".vlans[] | select(.uplink == \$u and .vlan == \$v) | $3" "$TMP/hc.json"
}

vlan_and_mtu()
{
	local bad rows mtu

	setup && vm_add vm1 sw0 v10 10.0.10.1/24 "$M1"
	check_err $? "setup failed"
	cap_start probes vm1 eth0 ether proto 0x88b5
	vswctl -j healthcheck sw0 mtu > "$TMP/hc.json" 2> "$TMP/hc.err"
	check_err $? "healthcheck failed: $(cat "$TMP/hc.err")"
	cap_stop probes
	rows=$(jq '.vlans | length' "$TMP/hc.json")
	[ "$rows" = 6 ]
	check_err $? "$rows rows, expected 6 (3 uplinks, VLANs 10 and 20): $(cat "$TMP/hc.json")"
	bad=$(jq -r '.vlans[] | select(.vlan_ok | not) | "\(.uplink)/\(.vlan)"' "$TMP/hc.json" | paste -sd' ')
	[ "$bad" = "up2/20" ]
	check_err $? "VLANs not carried: '$bad', expected 'up2/20'"
	[ "$(hc_row up0 20 '.heard_by | join(",")')" = up1 ]
	check_err $? "up0's probe in VLAN 20 was not heard by up1 alone"
	[ "$(hc_row up0 10 '.heard_by | join(",")')" = up1,up2 ]
	check_err $? "up0's probe in VLAN 10 was not heard by up1 and up2"
	mtu=$(jq -r '.vlans[] | select(.vlan_ok) | .mtu_result' "$TMP/hc.json" | sort -u | paste -sd' ')
	[ "$mtu" = too-big ]
	check_err $? "MTU results '$mtu', expected too-big everywhere (the physical side has 1500)"
	[ "$(cap_count probes)" = 0 ]
	check_err $? "a VM saw $(cap_count probes) probe(s)"
	vswctl healthcheck sw0 mtu | sed 's/^/# /'

	# the physical side's MTU raised to the switch's: big probes pass
	for u in up0f up1f up2f; do
		ip -n phys link set $u mtu 9000
	done
	vswctl -j healthcheck sw0 mtu > "$TMP/hc.json"
	mtu=$(jq -r '.vlans[] | select(.vlan_ok) | .mtu_result' "$TMP/hc.json" | sort -u | paste -sd' ')
	[ "$mtu" = passes ]
	check_err $? "MTU results '$mtu' with 9000 on both sides, expected passes"
	vswctl healthcheck sw0 vlan 20 > "$TMP/hc.txt"
	check_err $? "healthcheck vlan 20 failed"
	grep -qE '^up2 +20 +- *$' "$TMP/hc.txt"
	check_err $? "the table does not show up2 VLAN 20 heard by nobody: $(cat "$TMP/hc.txt")"
	! grep -qE '^up[0-2] +10 ' "$TMP/hc.txt"
	check_err $? "vlan 20 probed VLAN 10 too"
	cleanup_objects
	log_test "healthcheck names the uplink whose port lacks VLAN 20, and the MTU smaller on the physical side"
}

# up0 and up1 in one port channel of the physical switch (a balance-xor
# bond, a static LAG), up2 not
etherchannel()
{
	local ec

	setup
	check_err $? "setup failed"
	ip -n phys link add pc0 type bond mode balance-xor &&
	ip -n phys link set up0f down && ip -n phys link set up0f master pc0 &&
	ip -n phys link set up1f down && ip -n phys link set up1f master pc0 &&
	ip -n phys link set pc0 master br0 &&
	n phys bridge vlan add vid 2-4094 dev pc0 &&
	ip -n phys link set pc0 up && ip -n phys link set up0f up &&
	ip -n phys link set up1f up
	check_err $? "the port channel failed"
	vswctl portgroup add sw0 lag vlan 10 teaming iphash active up0,up1 &&
	vswctl portgroup add sw0 nolag vlan 10 teaming iphash active up1,up2
	check_err $? "the iphash portgroups failed"
	vswctl -j healthcheck sw0 vlan 10 > "$TMP/hc.json"
	check_err $? "healthcheck failed"
	ec=$(jq -r '.teaming[] | "\(.portgroup)=\(.etherchannel)"' "$TMP/hc.json" | sort | paste -sd' ')
	[ "$ec" = "lag=true nolag=false" ]
	check_err $? "EtherChannel results '$ec', expected 'lag=true nolag=false'"
	vswctl healthcheck sw0 vlan 10 | grep -q "^nolag .*no (a probe went up[12]->up[12]"
	check_err $? "the table does not say why nolag is not one port channel"
	cleanup_objects
	log_test "an iphash portgroup over uplinks that are not one port channel is named; one over a LAG is not"
}

refused()
{
	setup
	check_err $? "setup failed"
	fails_cleanly "unknown healthcheck word" vswctl healthcheck sw0 bogus
	fails_cleanly "LIST of VIDs" vswctl healthcheck sw0 vlan 4095
	fails_cleanly "LIST of VIDs" vswctl healthcheck sw0 vlan
	fails_cleanly "missing argument" vswctl healthcheck
	fails_cleanly "no switch" vswctl healthcheck nosuch
	fails_cleanly "packet socket: Operation not permitted" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$VSWCTL" healthcheck sw0
	cleanup_objects
	log_test "refused: unknown words, bad VLANs, no switch, no privilege"
}

trap cleanup_objects EXIT
run_tests
