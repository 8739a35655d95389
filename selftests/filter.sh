#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Traffic filtering and marking (issue 18, 6; vDS 5.5+ "Traffic filtering
# and marking"): a portgroup's ordered rules match direction, MACs,
# EtherType, IP prefixes, protocol and port ranges, and allow, drop, or
# mark (DSCP, PCP); counters per rule.  Frames are checked on the wire.
#
#   vm1 10.0.10.1 --+ v10 (VLAN 10)
#   vm2 10.0.10.2 --+
#   vm3 10.0.10.3 --- v10b (VLAN 10)   -- sw0 -- up0 -- phys 10.0.10.254
#   vm4 (eth0.10 10.0.10.4) --- tr (trunk 10)
#
#   drop_in      dir in proto udp dst-port: the range's frames dropped,
#                counted on the rule and the port (drop reason filter),
#                others pass; ICMP by protocol; deleting the rule restores
#   drop_out     dir out src-ip 10.0.10.254/32: the physical host no
#                longer reaches vm1, the VMs still do; dst-mac, EtherType
#   order        rules in order, the first match decides: allow src-mac
#                before drop ipv4; index inserts before; show's order
#   dscp         dir in dscp 46 on the wire (ECN kept); dir out dscp 10
#                on one port's copy of a broadcast, not the others'
#   pcp          dir in pcp 5 on the uplink's tag; dir out pcp 3 on the
#                trunk port's tag
#   ipv6         an IPv6 prefix drops one VM's ping6, not another's
#   tagged       a trunk port's double-tagged IPv4 is judged by what is
#                behind the inner tag: a udp drop rule drops it
#   bad_rules    every refusal says why and changes nothing
#   persist      save, delete the rules, apply: the same rules in order;
#                apply again: nothing; monitor sees filter add/del
ALL_TESTS="drop_in drop_out order dscp pcp ipv6 tagged bad_rules persist"
source "$(dirname "$0")/lib.sh"

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 v10b vlan 10 &&
	vswctl portgroup add sw0 tr vlan trunk 10 &&
	phys_add && uplink_add sw0 up0 &&
	phys_host 10 10.0.10.254/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 v10 10.0.10.2/24 $M2 &&
	vm_add vm3 sw0 v10b 10.0.10.3/24 $M3 &&
	vm_add vm4 sw0 tr "" $M4 && vm_vlan vm4 10 10.0.10.4/24 &&
	learn_all vm1 vm2 vm3 vm4 &&
	# vm4's MAC in VLAN 10 too (its hello above was untagged)
	n vm4 $FRAME eth0 --src $M4 --dst $BCAST --vlan 10
}

# udp NS SRCMAC SRCIP DSTMAC DSTIP [ARGS]: 5 UDP frames 4000 -> 4000
udp() { n "$1" $FRAME eth0 --src "$2" --dst "$4" --ipv4 "$3" "$5" --count 5 "${@:6}"; }

# rule_count SW PG INDEX: the packets rule INDEX matched
rule_count()
{
	vswctl -j filter show "$1" "$2" | jq -r ".[] | select(.index == $3) | .packets"
}

drop_in()
{
	local before after

	vswctl filter add sw0 v10 dir in proto udp dst-port 3990-4010 action drop
	check_err $? "filter add failed"
	before=$(counter port vm1p drops.filter)
	cap_start vm2 vm2 eth0 udp
	udp vm1 $M1 10.0.10.1 $M2 10.0.10.2
	cap_stop vm2
	after=$(counter port vm1p drops.filter)
	[ "$(cap_count vm2)" -eq 0 ]
	check_err $? "vm2 got $(cap_count vm2) UDP frames to port 4000"
	[ $((after - before)) -eq 5 ] && [ "$(rule_count sw0 v10 1)" -eq 5 ]
	check_err $? "counted: port $((after - before)), rule $(rule_count sw0 v10 1) (expected 5, 5)"
	ping_ok vm1 10.0.10.2
	check_err $? "ICMP dropped by a UDP rule"
	vswctl filter add sw0 v10 dir in proto icmp action drop
	ping_fails vm1 10.0.10.2
	check_err $? "ICMP passed a proto icmp drop"
	vswctl filter del sw0 v10 all
	ping_ok vm1 10.0.10.2
	check_err $? "deleting the rules did not restore ICMP"
	cap_start vm2 vm2 eth0 udp
	udp vm1 $M1 10.0.10.1 $M2 10.0.10.2
	cap_stop vm2
	[ "$(cap_count vm2)" -eq 5 ]
	check_err $? "vm2 got $(cap_count vm2) UDP frames without rules"
	log_test "filter: dir in drops by protocol and port range, counted"
}

drop_out()
{
	local before after

	vswctl filter add sw0 v10 dir out src-ip 10.0.10.254/32 action drop
	before=$(counter port vm1p drops.filter)
	ping_fails phys 10.0.10.1
	check_err $? "the physical host reached vm1 through a dir out drop"
	after=$(counter port vm1p drops.filter)
	[ $((after - before)) -ge 1 ]
	check_err $? "vm1p counted $((after - before)) filter drops"
	ping_ok vm2 10.0.10.1 && ping_ok vm3 10.0.10.1
	check_err $? "the VMs no longer reach vm1"
	vswctl filter del sw0 v10 1
	ping_ok phys 10.0.10.1
	check_err $? "the physical host does not reach vm1 without the rule"
	# dst-mac and EtherType
	vswctl filter add sw0 v10 dir out dst-mac $M2 ethertype 0x88b6 action drop
	check_err $? "filter add dst-mac ethertype failed"
	cap_start vm1 vm1 eth0 ether proto 0x88b6 &&
	cap_start vm2 vm2 eth0 ether proto 0x88b6 or ether proto 0x88b7
	n vm3 $FRAME eth0 --src $M3 --dst $M1 --ethertype 0x88b6 --count 3
	n vm3 $FRAME eth0 --src $M3 --dst $M2 --ethertype 0x88b6 --count 3
	n vm3 $FRAME eth0 --src $M3 --dst $M2 --ethertype 0x88b7 --count 3
	cap_stop vm1; cap_stop vm2
	[ "$(cap_count vm1)" -eq 3 ] && [ "$(cap_count vm2)" -eq 3 ] &&
	! grep -q 0x88b6 "$TMP/vm2.txt"
	check_err $? "dst-mac $M2 ethertype 0x88b6: vm1 got $(cap_count vm1) of 3, vm2 $(cap_count vm2) (expected only the 3 of 0x88b7)"
	vswctl filter del sw0 v10 all
	log_test "filter: dir out drops by source prefix; dst-mac, EtherType"
}

order()
{
	vswctl filter add sw0 v10 dir in ethertype ipv4 action drop &&
	vswctl filter add sw0 v10 index 1 dir in src-mac $M1 action allow
	check_err $? "filter add failed"
	vswctl -j filter show sw0 v10 |
		jq -e '.[0].index == 1 and .[0].action == "allow" and .[1].action == "drop"' > /dev/null
	check_err $? "filter show: $(vswctl filter show sw0 v10)"
	cap_start vm2 vm2 eth0 udp && cap_start vm1 vm1 eth0 udp
	udp vm1 $M1 10.0.10.1 $M2 10.0.10.2
	udp vm2 $M2 10.0.10.2 $M1 10.0.10.1
	cap_stop vm2; cap_stop vm1
	[ "$(cap_count vm2)" -eq 5 ] && [ "$(cap_count vm1)" -eq 0 ]
	check_err $? "allow src-mac before drop ipv4: vm2 got $(cap_count vm2), vm1 $(cap_count vm1)"
	[ "$(rule_count sw0 v10 1)" -ge 5 ] && [ "$(rule_count sw0 v10 2)" -ge 5 ]
	check_err $? "rule counters: $(vswctl filter show sw0 v10)"
	vswctl filter del sw0 v10 all
	log_test "filter: rules in order, the first match decides"
}

dscp()
{
	vswctl filter add sw0 v10 dir in proto udp action dscp 46
	cap_start vm2 vm2 eth0 -v udp
	udp vm1 $M1 10.0.10.1 $M2 10.0.10.2
	cap_stop vm2
	[ "$(grep -c 'tos 0xb8' "$TMP/vm2.txt")" -eq 5 ]
	check_err $? "dscp 46 not on the wire: $(head -n 2 "$TMP/vm2.txt")"
	vswctl filter del sw0 v10 all
	# dir out on vm3's portgroup: its copy of a broadcast only
	vswctl filter add sw0 v10b dir out action dscp 10
	cap_start vm2 vm2 eth0 -v udp && cap_start vm3 vm3 eth0 -v udp
	udp vm1 $M1 10.0.10.1 $BCAST 10.0.10.255
	cap_stop vm2; cap_stop vm3
	[ "$(grep -c 'tos 0x28' "$TMP/vm3.txt")" -eq 5 ] &&
	[ "$(grep -c 'tos 0x0,' "$TMP/vm2.txt")" -eq 5 ]
	check_err $? "dir out dscp 10: vm3 $(grep -c 'tos 0x28' "$TMP/vm3.txt") marked, vm2 $(grep -c 'tos 0x0,' "$TMP/vm2.txt") unmarked of 5"
	vswctl filter del sw0 v10b all
	log_test "filter: dscp marking in and out, on one port's copy only"
}

pcp()
{
	vswctl filter add sw0 v10 dir in action pcp 5
	cap_start up phys up0f udp
	udp vm1 $M1 10.0.10.1 02:00:00:00:fe:fe 10.0.10.254
	cap_stop up
	[ "$(grep -c 'vlan 10, p 5' "$TMP/up.txt")" -eq 5 ]
	check_err $? "pcp 5 not on the uplink: $(cap_show up)"
	vswctl filter del sw0 v10 all
	vswctl filter add sw0 tr dir out action pcp 3
	cap_start vm4 vm4 eth0 udp
	udp vm1 $M1 10.0.10.1 $M4 10.0.10.4
	cap_stop vm4
	[ "$(grep -c 'vlan 10, p 3' "$TMP/vm4.txt")" -eq 5 ]
	check_err $? "pcp 3 not on the trunk port: $(cap_show vm4)"
	vswctl filter del sw0 tr all
	log_test "filter: pcp marking in (uplink tag) and out (trunk tag)"
}

ipv6()
{
	local ns

	for ns in vm1 vm2 vm3; do
		n $ns sysctl -qw net.ipv6.conf.eth0.accept_dad=0 \
			net.ipv6.conf.eth0.disable_ipv6=0
	done
	ip -n vm1 addr add fd00::1/64 dev eth0 nodad &&
	ip -n vm2 addr add fd00::2/64 dev eth0 nodad &&
	ip -n vm3 addr add fd00::3/64 dev eth0 nodad
	ping_ok vm1 fd00::2
	check_err $? "no IPv6 to start with"
	vswctl filter add sw0 v10 dir in src-ip fd00::1/128 proto icmpv6 action drop
	ping_fails vm1 fd00::2
	check_err $? "vm1's ping6 passed a drop of its prefix"
	ping_ok vm3 fd00::2
	check_err $? "vm3's ping6 was dropped too"
	vswctl filter del sw0 v10 all
	log_test "filter: IPv6 prefixes"
}

tagged()
{
	local before after

	vswctl filter add sw0 tr dir in proto udp action drop
	before=$(counter port vm4p drops.filter)
	cap_start vm1 vm1 eth0 vlan
	n vm4 $FRAME eth0 --src $M4 --dst $M1 --vlan 10 --inner-vlan 20 \
		--ipv4 10.0.10.4 10.0.10.1 --count 5
	n vm4 $FRAME eth0 --src $M4 --dst $M1 --vlan 10 --inner-vlan 20 \
		--ethertype 0x88b6 --count 3
	cap_stop vm1
	after=$(counter port vm4p drops.filter)
	[ $((after - before)) -eq 5 ] && [ "$(cap_count vm1)" -eq 3 ]
	check_err $? "double-tagged: $((after - before)) of 5 UDP dropped, vm1 got $(cap_count vm1) (expected the 3 others)"
	vswctl filter del sw0 tr all
	log_test "filter: a tag in the frame hides no IP header from the rules"
}

bad_rules()
{
	vswctl filter add sw0 v10 action allow
	fails_cleanly "port ranges need the protocol" \
		vswctl filter add sw0 v10 dst-port 80 action drop
	fails_cleanly "the IPv4 or IPv6 EtherType" \
		vswctl filter add sw0 v10 ethertype arp src-ip 10.0.0.0/8 action drop
	fails_cleanly "one family" \
		vswctl filter add sw0 v10 src-ip 10.0.0.1 dst-ip fd00::1 action drop
	fails_cleanly "no IPv4 or IPv6 address or prefix" \
		vswctl filter add sw0 v10 src-ip 10.0.0.0/33 action drop
	fails_cleanly "ends before it starts" \
		vswctl filter add sw0 v10 proto tcp dst-port 90-80 action drop
	fails_cleanly "pcp must be 0-7" vswctl filter add sw0 v10 action pcp 8
	fails_cleanly "dscp must be 0-63" vswctl filter add sw0 v10 action dscp 64
	fails_cleanly "needs an action" vswctl filter add sw0 v10 proto tcp
	fails_cleanly "index 3: portgroup v10 has 1 rules" \
		vswctl filter add sw0 v10 index 3 action drop
	fails_cleanly "has no rule 2" vswctl filter del sw0 v10 2
	fails_cleanly "no portgroup|portgroup .* not" vswctl filter add sw0 nope action drop
	# the 257th rule
	for i in $(seq 2 256); do echo "filter add sw0 v10 proto udp dst-port $i action drop"; done |
		vswctl -b -
	check_err $? "256 rules refused"
	fails_cleanly "the most it may" vswctl filter add sw0 v10 action drop
	vswctl filter del sw0 v10 all
	[ "$(vswctl -j filter show sw0 | jq length)" -eq 0 ]
	check_err $? "filter del all left rules"
	log_test "filter: bad rules refused with a reason, nothing changed"
}

persist()
{
	local saved

	vswctl monitor > "$TMP/monitor.txt" 2>&1 &
	local mon=$!
	sleep 0.3
	vswctl filter add sw0 v10 dir in proto tcp dst-port 22 action drop &&
	vswctl filter add sw0 v10 dir out src-ip 10.0.0.0/8 action dscp 10 &&
	vswctl filter add sw0 tr ethertype 0x88b6 action pcp 2
	check_err $? "filter add failed"
	saved=$(vswctl save)
	vswctl filter del sw0 v10 1
	vswctl filter del sw0 tr all
	echo "$saved" | vswctl apply - > "$TMP/apply.out"
	check_err $? "apply failed: $(cat "$TMP/apply.out")"
	[ "$(vswctl save)" = "$saved" ]
	check_err $? "the rules after apply: $(vswctl filter show sw0)"
	echo "$saved" | vswctl apply - > "$TMP/apply2.out"
	! grep -qv '^#' "$TMP/apply2.out"
	check_err $? "a second apply sent: $(cat "$TMP/apply2.out")"
	echo "$saved" | jq -e '.switches[0].portgroups[] | select(.name == "v10") | .filters ==
		[{"dir": "in", "proto": "tcp", "dst_port": "22", "action": "drop"},
		 {"dir": "out", "src_ip": "10.0.0.0/8", "action": "dscp 10"}]' > /dev/null
	check_err $? "save: $(echo "$saved" | jq -c '.switches[0].portgroups')"
	sleep 0.3
	kill $mon; wait $mon 2>/dev/null
	grep -q "^filter add switch sw0 portgroup v10 index 1 dir in proto tcp dst-port 22 action drop" "$TMP/monitor.txt" &&
	grep -q "^filter del switch sw0 portgroup tr index 1" "$TMP/monitor.txt"
	check_err $? "monitor: $(head -n 5 "$TMP/monitor.txt")"
	vswctl filter del sw0 v10 all; vswctl filter del sw0 tr all
	log_test "filter: save/apply keep the rules in order; events"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
