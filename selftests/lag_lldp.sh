#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# LACP and LLDP on uplinks with the kernel's and Debian's own engines
# (issue 18, 5): an 802.3ad bond and a team device (teamd's lacp runner)
# are uplinks, negotiating LACP with an 802.3ad bond of the physical switch;
# lldpd on the host and on the physical switch see each other through the
# uplinks, and `vswctl uplink show` shows each uplink's neighbours.
#
#   vm1 (v10) --+            bond0 (802.3ad) == lagA, lagB == pbond0 --+
#               +-- sw0 --+                                            +-- phys br0
#               |         +- up0 (a plain uplink) ---------- up0f -----+   (10.0.10.254
#   vm2 (v10) --+-- sw1 --- team0 (lacp) == tmA, tmB ===== pbond1 --+      in VLAN 10)
ALL_TESTS="lacp_bond_uplink lacp_team_uplink lldp_neighbours"
source "$(dirname "$0")/lib.sh"

PHYS_SOCK=/run/lldpd-phys.socket

# lag_phys NAME DEV...: an 802.3ad bond of the physical switch over the far
# ends of DEV..., a trunk port of br0
lag_phys()
{
	local bond=$1 d

	shift
	ip -n phys link add "$bond" type bond mode 802.3ad lacp_rate fast miimon 100 || return 1
	for d in "$@"; do
		ip -n phys link set "${d}f" master "$bond" || return 1
	done
	ip -n phys link set "$bond" master br0 &&
	n phys bridge vlan add vid 2-4094 dev "$bond" &&
	ip -n phys link set "$bond" up
}

# veth_pair DEV: DEV here, DEVf in phys
veth_pair()
{
	ip link add "$1" type veth peer name "${1}f" netns phys && LINKS+=("$1")
}

setup()
{
	switch_add sw0 && switch_add sw1 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw1 v10 vlan 10 &&
	phys_add && phys_host 10 10.0.10.254/24 &&
	veth_pair lagA && veth_pair lagB &&
	ip link add bond0 type bond mode 802.3ad lacp_rate fast miimon 100 &&
	LINKS+=(bond0) &&
	ip link set lagA master bond0 && ip link set lagB master bond0 &&
	lag_phys pbond0 lagA lagB && ip link set bond0 up &&
	vswctl uplink add sw0 bond0 &&
	uplink_add sw0 up0 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw1 v10 10.0.10.2/24 $M2
}

# the host bond's LACP partner is the physical switch's bond, on both links
lacp_up()
{
	local pmac

	pmac=$(ip -n phys -j link show pbond0 | jq -r '.[0].address')
	[ "$(grep -c "Partner Mac Address: $pmac" /proc/net/bonding/bond0)" -ge 1 ] &&
	[ "$(ip -d -j link show bond0 | jq -r '.[0].linkinfo.info_data.ad_info.num_ports')" = 2 ]
}

lacp_bond_uplink()
{
	wait_until 15 lacp_up
	check_err $? "LACP not negotiated: $(grep -E 'Partner Mac|Aggregator ID|Number of ports' /proc/net/bonding/bond0 | tr '\n' ' ')"
	# up0 down: the bond is the only way out
	ip link set up0 down
	ping_ok vm1 10.0.10.254
	check_err $? "no traffic through the 802.3ad bond uplink"
	# one link of the LAG fails: LACP takes it out, traffic stays
	ip link set lagA down
	ping_ok vm1 10.0.10.254
	check_err $? "no traffic after a LAG member failed"
	ip link set lagA up
	ip link set up0 up
	log_test "LACP: an 802.3ad bond is an uplink, negotiated with the physical switch"
}

lacp_team_uplink()
{
	local state

	if ! command -v teamd > /dev/null; then
		check_err 1 "teamd is not installed (libteam-utils)"
		log_test "LACP: a team device (teamd lacp runner) is an uplink"
		return
	fi
	# the sanitizer kernels build no team driver (Debian's is a module;
	# teamd then fails with a misleading "not intended to be run as root")
	if ! ip link add vswteamprobe type team 2> /dev/null; then
		log_test "LACP: a team device (teamd lacp runner) is an uplink # SKIP no team driver in this kernel"
		return
	fi
	ip link del vswteamprobe
	veth_pair tmA && veth_pair tmB && lag_phys pbond1 tmA tmB
	check_err $? "setup failed"
	mkdir -p /run/teamd
	teamd -d -t team0 -c '{"runner": {"name": "lacp", "active": true, "fast_rate": true},
		"link_watch": {"name": "ethtool"}, "ports": {"tmA": {}, "tmB": {}}}' 2> "$TMP/teamd.err"
	check_err $? "teamd did not start: $(cat "$TMP/teamd.err")"
	LINKS+=(team0)
	ip link set team0 up
	vswctl uplink add sw1 team0
	check_err $? "a team device was refused as an uplink"
	wait_until 15 bash -c "teamdctl team0 state dump | jq -e '[.ports[] | .runner.selected] | length == 2 and all' > /dev/null"
	check_err $? "teamd's LACP ports not selected: $(teamdctl team0 state dump 2>&1 | jq -c '[.ports[] | .runner.selected]' 2>&1)"
	ping_ok vm2 10.0.10.254
	check_err $? "no traffic through the team uplink"
	teamd -k -t team0 2> /dev/null
	log_test "LACP: a team device (teamd lacp runner) is an uplink"
}

lldpd_start()
{
	mkdir -p /run/lldpd
	# the physical switch (its LAG members and up0's far end) and the
	# host, each with its system name (a UTS namespace of its own)
	n phys unshare --uts sh -c "hostname physsw && exec lldpd -d -u $PHYS_SOCK -I up0f,lagAf,lagBf" \
		> "$TMP/lldpd-phys.log" 2>&1 &
	LLDPD_PIDS="$!"
	unshare --uts sh -c "hostname kvmhost && exec lldpd -d -I up0,lagA,lagB" \
		> "$TMP/lldpd-host.log" 2>&1 &
	LLDPD_PIDS="$LLDPD_PIDS $!"
	wait_until 10 test -S $PHYS_SOCK -a -S /run/lldpd.socket
}

lldpd_stop()
{
	[ -n "$LLDPD_PIDS" ] && kill $LLDPD_PIDS 2> /dev/null
	wait $LLDPD_PIDS 2> /dev/null
	LLDPD_PIDS=
}

# neighbours UPLINK: what vswctl shows for it, as "interface=system/port ..."
neighbours()
{
	vswctl -j uplink show | jq -r ".[] | select(.name == \"$1\") | .lldp | map(\"\(.interface)=\(.system)/\(.port)\") | sort | join(\" \")"
}

# the neighbours lldpd on the physical switch has, as "port=system ..."
phys_sees()
{
	ip netns exec phys lldpcli -u /run/lldpd-phys.socket -f json0 show neighbors |
		jq -r '[.lldp[0].interface[]? | "\(.name)=\(.chassis[0].name[0].value)"] | sort | join(" ")'
}

lldp_neighbours()
{
	local got

	cap_start vm1 vm1 eth0 ether proto 0x88cc
	lldpd_start
	check_err $? "lldpd did not start: $(tail -n 3 "$TMP"/lldpd-*.log)"
	wait_until 15 bash -c "[ \"\$(source $top/selftests/lib.sh; $(declare -f neighbours); neighbours bond0)\" = 'lagA=physsw/lagAf lagB=physsw/lagBf' ]"
	got=$(neighbours bond0)
	[ "$got" = "lagA=physsw/lagAf lagB=physsw/lagBf" ]
	check_err $? "bond0's neighbours: '$got', not the physical switch on both links; lldpd: $(lldpcli -f keyvalue show neighbors 2>&1 | grep -E 'chassis.name|port.ifname' | tr '\n' ' '); log: $(tail -n 3 "$TMP/lldpd-host.log" | tr '\n' ' ')"
	got=$(neighbours up0)
	[ "$got" = "up0=physsw/up0f" ]
	check_err $? "up0's neighbours: '$got'"
	vswctl uplink show sw0 | grep -q "^sw0 *up0 .*lldp physsw up0f"
	check_err $? "uplink show text: $(vswctl uplink show sw0)"
	# advertise: the physical switch sees the host on each link
	wait_until 15 bash -c "[ \"\$($(declare -f phys_sees); phys_sees)\" = 'lagAf=kvmhost lagBf=kvmhost up0f=kvmhost' ]"
	got=$(phys_sees)
	[ "$got" = "lagAf=kvmhost lagBf=kvmhost up0f=kvmhost" ]
	check_err $? "the physical switch sees '$got': $(n phys lldpcli -u $PHYS_SOCK show neighbors summary 2>&1 | tr '\n' ' ')"
	# no VM gets the LLDP frames, and without lldpd there is no error
	cap_stop vm1
	[ "$(cap_count vm1)" -eq 0 ]
	check_err $? "a VM got $(cap_count vm1) LLDP frames of the physical network"
	lldpd_stop
	vswctl uplink show > /dev/null
	check_err $? "uplink show failed without lldpd"
	[ -z "$(neighbours up0)" ]
	check_err $? "neighbours shown without lldpd: $(neighbours up0)"
	log_test "LLDP: lldpd listens and advertises on uplinks; uplink show has the neighbours"
}

cleanup()
{
	lldpd_stop
	teamd -k -t team0 2> /dev/null
	cleanup_objects
}

trap cleanup EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
