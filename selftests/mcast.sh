#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IGMP/MLD snooping (issue 18, 2; vDS multicast filtering mode "IGMP/MLD
# snooping").  The guests join with their own kernels (IGMPv3, MLDv2;
# MLDv1 forced on one); the querier is on the physical side (queries made
# by selftests/mcast.py, as a router sends them); the physical switch does
# no snooping of its own (mcast_snooping 0), so what reaches it is what
# our uplink sent.
#
#   vm1 10.0.10.1 --+
#   vm2 10.0.10.2 --+-- sw0 (v10: VLAN 10) -- up0 -- phys br0.10 10.0.10.254
#   vm3 10.0.10.3 --+                                 (the querier)
#
#   no_querier     memberships are learned, but without a querier in the
#                  segment a group's traffic is flooded (as the bridge does);
#                  a group-specific query is no querier
#   join           with a querier: the query reaches every guest, vm1's
#                  reports reach the physical side and not vm3; the
#                  group's traffic from a VM and from the physical side
#                  reaches vm1 and the uplink only; link-local and unknown
#                  groups are flooded
#   leave          vm1 leaves (its socket closes): its traffic stops, vm3
#                  (still a member) keeps it; IGMPv2 report and leave
#   timeout        a member that stops answering queries ages out after
#                  mdb-ageing; one that answers stays
#   sources        IGMPv3 include mode: vm1 gets the group only from the
#                  source it asked for, vm3 (exclude mode) from all
#   mld            MLDv2 (and MLDv1) joins, an MLD querier, IPv6 group
#                  traffic to members only; neighbour discovery (ff02::)
#                  still works
#   flood_mode     multicast flood: every port gets every group, the
#                  memberships go; save/apply and bad input
#   hostile        a report to the broadcast MAC reaches no other guest
#                  (it would suppress theirs); a guest's 300 joins stop at
#                  the port's limit of 256, the rest counted mcast, and a
#                  group it could not join is flooded (not cut off); a bad
#                  checksum is dropped and counted; reports from the
#                  physical side are not learned and reach no guest; a
#                  deleted port's memberships go
ALL_TESTS="no_querier join leave timeout sources mld flood_mode hostile"
source "$(dirname "$0")/lib.sh"

MCAST="python3 $top/selftests/mcast.py"
QMAC=02:00:00:00:fe:fe		# phys br0 and its br0.10
JOINS=()

# mjoin NAME NS GROUP [ARGS]: NS joins GROUP on eth0 until mleave NAME
mjoin()
{
	local name=$1 ns=$2 grp=$3 i

	shift 3
	rm -f "$TMP/$name.join"
	# (not through n(): $! must be the joining process itself)
	ip netns exec "$ns" $MCAST join eth0 "$grp" "$@" > "$TMP/$name.join" 2>&1 &
	echo $! > "$TMP/$name.jpid"
	JOINS+=($!)
	for i in $(seq 50); do
		grep -q joined "$TMP/$name.join" && return 0
		sleep 0.1
	done
	echo "# join $name: $(cat "$TMP/$name.join")"
	return 1
}

mleave()
{
	kill "$(cat "$TMP/$1.jpid")" 2>/dev/null
	wait "$(cat "$TMP/$1.jpid")" 2>/dev/null
}

query() { n phys $MCAST query br0.10 $QMAC 10.0.10.254; }
query6() { n phys $MCAST query br0.10 $QMAC fe80::fe --v6; }

# mdb_has VID GROUP PORT: sw0 has that membership
mdb_has()
{
	vswctl -j mdb show sw0 | jq -e ".[] | select(.vlan == $1 and .group == \"$2\" and .port == \"$3\")" > /dev/null
}

# udp_caps NAME...: capture the test's UDP on each vm's eth0 and phys br0.10
udp_caps()
{
	local v

	for v in "$@"; do
		if [ "$v" = phys ]; then
			cap_launch phys phys br0.10 udp port 5000
		else
			cap_launch "$v" "$v" eth0 udp port 5000
		fi
	done
	cap_ready "$@"
}

udp_stop() { cap_stop "$@"; }

# got NAME N WHAT: the capture NAME has N frames
got()
{
	[ "$(cap_count "$1")" -eq "$2" ]
	check_err $? "$1 got $(cap_count "$1") frames of $3, expected $2"
}

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	phys_add &&
	ip -n phys link set br0 type bridge mcast_snooping 0 &&
	uplink_add sw0 up0 &&
	phys_host 10 10.0.10.254/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 v10 10.0.10.2/24 $M2 &&
	vm_add vm3 sw0 v10 10.0.10.3/24 $M3 &&
	learn_all vm1 vm2 vm3
}

no_querier()
{
	vswctl -j switch show sw0 | jq -e '.[0] | .multicast == "snooping" and .mdb_ageing == 260' > /dev/null
	check_err $? "snooping is not the default: $(vswctl -j switch show sw0)"
	mjoin j1 vm1 239.1.1.1
	wait_until 5 mdb_has 10 239.1.1.1 vm1p
	check_err $? "vm1's join was not learned: $(vswctl mdb show sw0)"
	n phys $MCAST query br0.10 $QMAC 10.0.10.254 --group 239.9.9.1
	udp_caps vm3
	n vm2 $MCAST send eth0 239.1.1.1
	udp_stop vm3
	got vm3 5 "239.1.1.1 (no querier: flooded)"
	log_test "snooping: memberships learned; without a querier the group is flooded"
}

join()
{
	local t

	cap_start q3 vm3 eth0 igmp && cap_start qp phys br0.10 igmp
	check_err $? "captures did not start"
	query
	sleep 1.5
	cap_stop q3; cap_stop qp
	grep -q "igmp query" "$TMP/q3.txt"
	check_err $? "the query from the physical side did not reach vm3: $(cap_show q3)"
	! grep -q "report" "$TMP/q3.txt"
	check_err $? "vm3 heard another guest's report: $(cap_show q3)"
	grep -q "10.0.10.1 > .*report" "$TMP/qp.txt"
	check_err $? "vm1's report did not reach the querier: $(cap_show qp)"

	udp_caps vm1 vm3 phys
	n vm2 $MCAST send eth0 239.1.1.1
	udp_stop vm1 vm3 phys
	got vm1 5 "239.1.1.1 (a member)"
	got vm3 0 "239.1.1.1 (not a member)"
	got phys 5 "239.1.1.1 (the uplink)"
	udp_caps vm1 vm2 vm3
	n phys $MCAST send br0.10 239.1.1.1
	udp_stop vm1 vm2 vm3
	got vm1 5 "239.1.1.1 from the physical side"
	got vm2 0 "239.1.1.1 from the physical side"
	got vm3 0 "239.1.1.1 from the physical side"
	# link-local (mDNS's) and unknown groups: everyone
	for t in 224.0.0.251 239.9.9.9; do
		udp_caps vm3
		n vm2 $MCAST send eth0 $t
		udp_stop vm3
		got vm3 5 "$t (flooded)"
	done
	vswctl -j mdb show sw0 |
		jq -e '.[] | select(.port == "vm1p") | .vlan == 10 and .group == "239.1.1.1" and .sources == [] and .expires > 200' > /dev/null
	check_err $? "mdb show: $(vswctl -j mdb show sw0)"
	vswctl -j switch show sw0 | jq -e '.[0].mdb_count == 1' > /dev/null
	check_err $? "switch show: $(vswctl -j switch show sw0)"
	log_test "snooping: a group's traffic to its members and the uplink only"
}

leave()
{
	mjoin j3 vm3 239.1.1.1
	wait_until 5 mdb_has 10 239.1.1.1 vm3p
	check_err $? "vm3's join was not learned"
	cap_start qp phys br0.10 igmp
	mleave j1
	wait_until 5 eval '! mdb_has 10 239.1.1.1 vm1p'
	check_err $? "vm1's leave was not learned: $(vswctl mdb show sw0)"
	cap_stop qp
	grep -q "10.0.10.1 > .*report" "$TMP/qp.txt"
	check_err $? "vm1's leave did not reach the querier: $(cap_show qp)"
	udp_caps vm1 vm3
	n vm2 $MCAST send eth0 239.1.1.1
	udp_stop vm1 vm3
	got vm1 0 "239.1.1.1 after its leave"
	got vm3 5 "239.1.1.1 (still a member)"
	# IGMPv2: a report, then a leave
	n vm1 $MCAST report eth0 $M1 10.0.10.1 239.2.2.2 --v2
	wait_until 2 mdb_has 10 239.2.2.2 vm1p
	check_err $? "an IGMPv2 report was not learned"
	n vm1 $MCAST report eth0 $M1 10.0.10.1 239.2.2.2 --leave
	wait_until 2 eval '! mdb_has 10 239.2.2.2 vm1p'
	check_err $? "an IGMPv2 leave was not learned"
	log_test "snooping: a leave stops the group at once (IGMPv3, IGMPv2)"
}

timeout()
{
	vswctl switch set sw0 mdb-ageing 4
	# vm1 reports by hand (its kernel will not answer queries for it)
	n vm1 $MCAST report eth0 $M1 10.0.10.1 239.1.1.1 --v2
	wait_until 2 mdb_has 10 239.1.1.1 vm1p && mdb_has 10 239.1.1.1 vm3p
	check_err $? "the members to start with: $(vswctl mdb show sw0)"
	query; sleep 2.5; query; sleep 2.5
	! mdb_has 10 239.1.1.1 vm1p && mdb_has 10 239.1.1.1 vm3p
	check_err $? "after 5 s, mdb-ageing 4, queries answered by vm3 only: $(vswctl mdb show sw0)"
	# (a group whose members all expired is unknown: flooded)
	query; sleep 1.2
	udp_caps vm1 vm3
	n vm2 $MCAST send eth0 239.1.1.1
	udp_stop vm1 vm3
	got vm1 0 "239.1.1.1 after its membership expired"
	got vm3 5 "239.1.1.1 (refreshed)"
	vswctl switch set sw0 mdb-ageing 260
	log_test "snooping: a membership nobody refreshes expires"
}

sources()
{
	mjoin j1s vm1 232.1.1.1 --source 10.0.10.254 && mjoin j3s vm3 232.1.1.1
	check_err $? "joins failed"
	wait_until 5 mdb_has 10 232.1.1.1 vm1p && wait_until 5 mdb_has 10 232.1.1.1 vm3p
	check_err $? "the joins were not learned: $(vswctl mdb show sw0)"
	vswctl -j mdb show sw0 |
		jq -e '.[] | select(.port == "vm1p" and .group == "232.1.1.1") | .sources == ["10.0.10.254"]' > /dev/null
	check_err $? "vm1's source list: $(vswctl -j mdb show sw0)"
	udp_caps vm1 vm3
	n phys $MCAST send br0.10 232.1.1.1
	udp_stop vm1 vm3
	got vm1 5 "232.1.1.1 from 10.0.10.254 (its source)"
	got vm3 5 "232.1.1.1 from 10.0.10.254"
	udp_caps vm1 vm3
	n vm2 $MCAST send eth0 232.1.1.1
	udp_stop vm1 vm3
	got vm1 0 "232.1.1.1 from 10.0.10.2 (not its source)"
	got vm3 5 "232.1.1.1 from 10.0.10.2"
	mleave j1s; mleave j3s
	log_test "snooping: IGMPv3 include mode: a member gets only its sources"
}

v6_on()
{
	local ns=$1 addr=$2

	n "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0 		net.ipv6.conf.eth0.disable_ipv6=0 &&
	ip -n "$ns" addr add "$addr" dev eth0 nodad
}

mld()
{
	v6_on vm1 fd00::1/64 && v6_on vm2 fd00::2/64 && v6_on vm3 fd00::3/64
	check_err $? "IPv6 did not come up"
	query6
	mjoin j6 vm1 ff0e::101
	wait_until 5 mdb_has 10 ff0e::101 vm1p
	check_err $? "vm1's MLDv2 join was not learned: $(vswctl mdb show sw0)"
	udp_caps vm1 vm3
	n vm2 $MCAST send eth0 ff0e::101
	udp_stop vm1 vm3
	got vm1 5 "ff0e::101 (a member)"
	got vm3 0 "ff0e::101 (not a member)"
	# neighbour discovery: solicited-node groups are link-local, flooded
	ping_ok vm2 fd00::3
	check_err $? "IPv6 ping (neighbour discovery) fails with snooping"
	# MLDv1: a report, then a done
	n vm3 sysctl -qw net.ipv6.conf.eth0.force_mld_version=1
	mjoin j36 vm3 ff0e::102
	wait_until 5 mdb_has 10 ff0e::102 vm3p
	check_err $? "vm3's MLDv1 report was not learned"
	mleave j36
	wait_until 5 eval '! mdb_has 10 ff0e::102 vm3p'
	check_err $? "vm3's MLDv1 done was not learned"
	mleave j6
	wait_until 5 eval '! mdb_has 10 ff0e::101 vm1p'
	check_err $? "vm1's MLDv2 leave was not learned"
	log_test "snooping: MLDv2 and MLDv1, IPv6 groups to their members"
}

flood_mode()
{
	local saved

	query
	wait_until 3 mdb_has 10 239.1.1.1 vm3p
	check_err $? "vm3 is not a member to start with"
	vswctl switch set sw0 multicast flood
	check_err $? "switch set multicast flood failed"
	vswctl -j switch show sw0 | jq -e '.[0] | .multicast == "flood" and .mdb_count == 0' > /dev/null
	check_err $? "flood mode kept memberships: $(vswctl -j switch show sw0)"
	udp_caps vm1
	n vm2 $MCAST send eth0 239.1.1.1
	udp_stop vm1
	got vm1 5 "239.1.1.1 (multicast flood)"
	saved=$(vswctl save sw0)
	echo "$saved" | jq -e '.switches[0] | .multicast == "flood" and .mdb_ageing == 260' > /dev/null
	check_err $? "save: $saved"
	vswctl switch set sw0 multicast snooping mdb-ageing 100
	echo "$saved" | vswctl apply -
	check_err $? "apply failed"
	vswctl -j switch show sw0 | jq -e '.[0] | .multicast == "flood" and .mdb_ageing == 260' > /dev/null
	check_err $? "apply did not restore the mode: $(vswctl -j switch show sw0)"
	fails_cleanly "snooping or flood" vswctl switch set sw0 multicast bogus
	fails_cleanly "mdb-ageing must be" vswctl switch set sw0 mdb-ageing 0
	vswctl switch set sw0 multicast snooping
	log_test "snooping: multicast flood, save/apply, bad input"
}

hostile()
{
	local groups="" i before after count

	# (flood_mode forgot the memberships and the querier: a query first)
	query
	for i in $(seq 0 299); do groups+=" 239.3.$((i / 200)).$((i % 200 + 1))"; done
	before=$(counter port vm2p drops.mcast)
	cap_start q3 vm3 eth0 igmp
	n vm2 $MCAST report eth0 $M2 10.0.10.2 239.8.8.8 --v2 --bcast
	wait_until 2 mdb_has 10 239.8.8.8 vm2p
	check_err $? "a report to the broadcast MAC was not learned"
	n vm2 $MCAST report eth0 $M2 10.0.10.2 239.8.8.8 --leave --bcast
	n vm2 $MCAST report eth0 $M2 10.0.10.2 $groups
	after=$(counter port vm2p drops.mcast)
	count=$(vswctl -j mdb show sw0 port vm2p | jq length)
	[ "$count" -eq 256 ] && [ $((after - before)) -eq 44 ]
	check_err $? "300 joins: $count memberships, $((after - before)) counted mcast (expected 256, 44)"
	# a join refused while vm3 is a member: the group is flooded a while
	mjoin j3h vm3 239.1.1.1
	query
	wait_until 3 mdb_has 10 239.1.1.1 vm3p
	check_err $? "vm3 is not a member of 239.1.1.1"
	n vm2 $MCAST report eth0 $M2 10.0.10.2 239.1.1.1 --v2
	udp_caps vm2
	n vm1 $MCAST send eth0 239.1.1.1
	udp_stop vm2
	got vm2 5 "239.1.1.1 (its join refused: the group flooded)"
	before=$(counter port vm2p drops.mcast)
	# a bad checksum: dropped, counted, reaches nobody
	n vm2 $MCAST report eth0 $M2 10.0.10.2 239.5.5.5 --v2 --bad-csum
	after=$(counter port vm2p drops.mcast)
	[ $((after - before)) -eq 1 ] && ! mdb_has 10 239.5.5.5 vm2p
	check_err $? "a report with a bad checksum: $((after - before)) drops"
	# reports from the physical side: not learned, to no guest
	n phys $MCAST report br0.10 02:00:00:00:fe:01 10.0.10.250 239.6.6.6 --v2
	cap_stop q3
	! vswctl -j mdb show sw0 | jq -e '.[] | select(.group == "239.6.6.6")' > /dev/null
	check_err $? "a report from the physical side was learned"
	! grep -q "report" "$TMP/q3.txt"
	check_err $? "vm3 heard reports: $(cap_show q3)"
	# the deleted port's memberships go with it
	vswctl port del vm2p
	count=$(vswctl -j mdb show sw0 | jq length)
	vswctl -j switch show sw0 | jq -e ".[0].mdb_count == $count and $count < 3" > /dev/null
	check_err $? "a deleted port left memberships: $(vswctl -j switch show sw0)"
	vswctl port add sw0 v10 vm2p
	mleave j3h
	log_test "snooping: a guest's joins are bounded, bad reports dropped"
}

cleanup()
{
	local p

	for p in "${JOINS[@]}"; do kill "$p" 2>/dev/null; done
	cleanup_objects
}

trap cleanup EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
