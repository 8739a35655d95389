#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Private VLANs (issue 18, 1; vDS, RFC 5517): primary 100 (promiscuous),
# 101 isolated, 102 and 103 communities.  Every VM knows every other VM's
# MAC (permanent ARP entries), so the blocked pairs are stopped by the
# switch's unicast rule, not by an ARP that got no answer.
#
#   p1 (prom, pvlan 100)   10.0.100.1  --+
#   i1, i2 (iso, 101)      .11 .12     --+                     +-- gw   .254: promiscuous
#   a1, a2 (comA, 102)     .21 .22     --+-- sw0 -- up0 == phys br0 -- iso9 .209: isolated
#   b1 (comB, 103)         .31         --+   (a PVLAN-unaware bridge,  +-- com9 .229: community 102
#                                              its ports set up as a PVLAN switch's would be:
#                                              send in their VLAN, receive the primary's too)
#
#   reachability  the matrix, both directions: isolated to promiscuous
#                 only, communities to themselves and promiscuous,
#                 promiscuous to all (pings where open; where blocked, a
#                 unicast frame each way, none arriving, counted "pvlan")
#   floods        broadcasts reach the same ports, and the uplink; a trunk
#                 port (all VIDs) gets none and cannot send in a private VID
#   promisc_ports a promiscuous-mode port sees the unicast its class may
#                 see: of the primary, all of it; isolated, none of what
#                 the gateway sends to the other isolated VMs
#   wire_vids     frames leave tagged with their entry's VID (secondary
#                 from isolated and community ports, primary from
#                 promiscuous ones); from the wire, each VID reaches whom
#                 its type allows
#   physical      hosts of the physical network on promiscuous, isolated
#                 and community ports reach the VMs they may, not others
#   config        the map's rules: one isolated per primary, VIDs once, no
#                 VST portgroup on a private VID, no deletion in use; save,
#                 delete, apply gives it back; events
ALL_TESTS="reachability floods promisc_ports wire_vids physical config"
source "$(dirname "$0")/lib.sh"

VMS="p1 i1 i2 a1 a2 b1"
declare -A IP=([p1]=1 [i1]=11 [i2]=12 [a1]=21 [a2]=22 [b1]=31 [gw]=254 [iso9]=209 [com9]=229)
declare -A PG=([p1]=prom [i1]=iso [i2]=iso [a1]=comA [a2]=comA [b1]=comB)

mac_of() { ip -n "$1" -j link show eth0 | jq -r '.[0].address'; }
declare -A MAC		# the VMs' MACs, by name

# may A reach B (both VMs or hosts of the physical network)?
allowed()
{
	local a=${PG[$1]:-$1} b=${PG[$2]:-$2}

	case "$a:$b" in
	prom:* | *:prom | gw:* | *:gw) return 0 ;;
	comA:comA | comA:com9 | com9:comA) return 0 ;;
	esac
	return 1
}

# phys_port NAME VID: a host of the physical network on an access port of
# br0 that sends in VID and also receives the primary (100), as a private
# VLAN switch's isolated or community port does (VID 100: promiscuous,
# receives every VID of the private VLAN)
phys_port()
{
	local name=$1 vid=$2 v

	ns_add "$name" &&
	ip -n phys link add "${name}f" type veth peer name eth0 netns "$name" &&
	ip -n phys link set "${name}f" master br0 &&
	n phys bridge vlan del vid 1 dev "${name}f" &&
	n phys bridge vlan add vid "$vid" pvid untagged dev "${name}f" || return 1
	if [ "$vid" = 100 ]; then
		for v in 101 102 103; do
			n phys bridge vlan add vid $v untagged dev "${name}f"
		done
	else
		n phys bridge vlan add vid 100 untagged dev "${name}f"
	fi
	ip -n phys link set "${name}f" up &&
	ip -n "$name" link set eth0 up &&
	ip -n "$name" addr add "10.0.100.${IP[$name]}/24" dev eth0
}

setup()
{
	local v w

	switch_add sw0 &&
	vswctl pvlan add sw0 100 && vswctl pvlan add sw0 100 101 isolated &&
	vswctl pvlan add sw0 100 102 community && vswctl pvlan add sw0 100 103 community &&
	vswctl portgroup add sw0 prom pvlan 100 && vswctl portgroup add sw0 iso pvlan 101 &&
	vswctl portgroup add sw0 comA pvlan 102 && vswctl portgroup add sw0 comB pvlan 103 &&
	vswctl portgroup add sw0 tr vlan trunk &&
	phys_add && uplink_add sw0 up0 || return 1
	for v in $VMS; do
		vm_add "$v" sw0 "${PG[$v]}" "10.0.100.${IP[$v]}/24" || return 1
		MAC[$v]=$(mac_of "$v")
	done
	for v in $VMS; do
		for w in $VMS; do
			[ "$v" = "$w" ] && continue
			n "$v" ip neigh replace "10.0.100.${IP[$w]}" lladdr "${MAC[$w]}" \
				dev eth0 nud permanent
		done
	done
	vm_add t1 sw0 tr && learn_all $VMS t1
}

reachability()
{
	local a b before after bad= caps=()

	before=$(counter port i1p drops.pvlan)
	# the blocked pairs: a frame each way, all at once; each VM's capture
	# then shows who reached it
	for b in $VMS; do
		cap_launch "r$b" "$b" eth0 ether proto 0x88b5 && caps+=("r$b")
	done
	cap_ready "${caps[@]}" || bad="$bad (a capture did not start)"
	for a in $VMS; do
		for b in $VMS; do
			[ "$a" = "$b" ] || allowed "$a" "$b" ||
				n "$a" $FRAME eth0 --src "${MAC[$a]}" --dst "${MAC[$b]}" --count 2
		done
	done
	cap_stop "${caps[@]}"
	for a in $VMS; do
		for b in $VMS; do
			[ "$a" = "$b" ] || allowed "$a" "$b" ||
				! grep -q "^[0-9:.]* ${MAC[$a]} >" "$TMP/r$b.txt" ||
				bad="$bad $a->$b(open)"
		done
	done
	# the allowed pairs: pinged all at once
	bad="$bad$(for a in $VMS; do
		for b in $VMS; do
			[ "$a" != "$b" ] && allowed "$a" "$b" &&
				echo "ok $a 10.0.100.${IP[$b]} $a->$b(blocked)"
		done
	done | ping_all)"
	[ -z "$bad" ]
	check_err $? "wrong:$bad"
	after=$(counter port i1p drops.pvlan)
	[ "$((after - before))" -ge 4 ]
	check_err $? "i1's blocked unicast counted pvlan $((after - before)) times"
	log_test "private VLANs: the reachability matrix, both directions"
}

# flood_from VM: who of the VMs gets its broadcast; and the uplink's tag
flood_from()
{
	local from=$1 v got=

	for v in $VMS t1; do
		[ "$v" = "$from" ] || cap_launch "$v" "$v" eth0 ether proto 0x88b5
	done
	cap_launch up phys up0f vlan and ether proto 0x88b5
	# shellcheck disable=SC2086
	cap_ready ${VMS/$from/} t1 up || echo "# capture failed"
	n "$from" $FRAME eth0 --src "$(mac_of "$from")" --dst $BCAST
	# shellcheck disable=SC2086
	cap_stop $VMS t1 up
	for v in $VMS t1; do
		[ "$v" = "$from" ] && continue
		[ "$(cap_count "$v")" -gt 0 ] && got="$got $v"
	done
	echo "${got# } up:$(grep -o 'vlan [0-9]*' "$TMP/up.txt" | head -n 1)"
}

floods()
{
	local got before after

	got=$(flood_from i1)
	[ "$got" = "p1 up:vlan 101" ]
	check_err $? "an isolated VM's broadcast reached: $got"
	got=$(flood_from a1)
	[ "$got" = "p1 a2 up:vlan 102" ]
	check_err $? "a community VM's broadcast reached: $got"
	got=$(flood_from p1)
	[ "$got" = "i1 i2 a1 a2 b1 up:vlan 100" ]
	check_err $? "a promiscuous VM's broadcast reached: $got"
	# a trunk guest cannot pick a class: its private VIDs are dropped
	before=$(counter port t1p drops.vlan)
	n t1 $FRAME eth0 --vlan 101 --src "$(mac_of t1)" --dst $BCAST --count 2
	n t1 $FRAME eth0 --vlan 100 --src "$(mac_of t1)" --dst "$(mac_of i1)" --count 2
	after=$(counter port t1p drops.vlan)
	[ "$((after - before))" -eq 4 ]
	check_err $? "$((after - before)) of 4 frames of a trunk port in private VIDs counted vlan"
	log_test "private VLANs: floods reach the same ports, the uplink in the entry's VID"
}

# sees WATCHER FROM TO: WATCHER's capture has FROM's ping to TO
sees()
{
	local w=$1 from=$2 to=$3

	cap_start "$w" "$w" eth0 icmp and ether dst "$(mac_of "$to")" ||
		{ check_err 1 "a capture did not start"; return 0; }
	ping_ok "$from" "10.0.100.${IP[$to]}"
	cap_stop "$w"
	[ "$(cap_count "$w")" -gt 0 ]
}

promisc_ports()
{
	vswctl portgroup set sw0 iso promisc on && vswctl portgroup set sw0 prom promisc on
	check_err $? "portgroup set promisc on failed"
	sees p1 a1 a2
	check_err $? "a promiscuous-mode port of the primary does not see a community's unicast"
	! sees i1 p1 i2 && ! sees i1 p1 a1 && ! sees i1 a1 a2
	check_err $? "a promiscuous-mode isolated port sees unicast to others"
	vswctl portgroup set sw0 iso promisc off && vswctl portgroup set sw0 prom promisc off
	log_test "private VLANs: promiscuous mode sees what its class may"
}

# from_wire VID DST-VM: did the frame tagged VID from the physical network
# to DST-VM reach it (wire_vids sent one for each pair it asks about, all
# at once, the VID told by the source MAC)
from_wire()
{
	grep -q "^[0-9:.]* 02:00:00:00:98:0$(($1 - 100)) > ${MAC[$2]}," "$TMP/w$2.txt"
}

wire_vids()
{
	local got= v pair caps=()

	# unicast to the physical network (an unknown MAC) from each type
	cap_start up phys up0f vlan and ether dst 02:00:00:00:99:99
	for v in p1 i1 a1 b1; do
		n "$v" $FRAME eth0 --src "${MAC[$v]}" --dst 02:00:00:00:99:99
	done
	cap_stop up
	for v in p1 i1 a1 b1; do
		got="$got $v:$(grep "^[0-9:.]* ${MAC[$v]} >" "$TMP/up.txt" |
			grep -o 'vlan [0-9]*' | tr '\n' ' ')"
	done
	[ "$got" = " p1:vlan 100  i1:vlan 101  a1:vlan 102  b1:vlan 103 " ]
	check_err $? "VIDs on the wire:$got"

	for v in p1 i1 i2 a1 b1; do
		cap_launch "w$v" "$v" eth0 ether proto 0x88b5 && caps+=("w$v")
	done
	cap_ready "${caps[@]}"
	check_err $? "a capture did not start"
	for pair in 100:i1 100:a1 100:p1 101:p1 101:i1 101:a1 102:a1 102:p1 \
		    102:b1 102:i2; do
		n phys $FRAME up0f --vlan "${pair%:*}" \
			--src "02:00:00:00:98:0$((${pair%:*} - 100))" --dst "${MAC[${pair#*:}]}"
	done
	cap_stop "${caps[@]}"
	from_wire 100 i1 && from_wire 100 a1 && from_wire 100 p1
	check_err $? "the primary's frames from the wire do not reach every VM"
	from_wire 101 p1 && ! from_wire 101 i1 && ! from_wire 101 a1
	check_err $? "an isolated VID from the wire reaches other than promiscuous VMs"
	from_wire 102 a1 && from_wire 102 p1 && ! from_wire 102 b1 && ! from_wire 102 i2
	check_err $? "a community VID from the wire reaches other than its community and promiscuous VMs"
	log_test "private VLANs: the VIDs on the wire, both ways"
}

physical()
{
	local h v bad=

	phys_port gw 100 && phys_port iso9 101 && phys_port com9 102
	check_err $? "setup failed"
	# ARP known both ways: blocked means the switch blocked
	for h in gw iso9 com9; do
		for v in p1 i1 a1 b1; do
			n "$h" ip neigh replace "10.0.100.${IP[$v]}" lladdr "$(mac_of "$v")" \
				dev eth0 nud permanent
			n "$v" ip neigh replace "10.0.100.${IP[$h]}" lladdr "$(mac_of "$h")" \
				dev eth0 nud permanent
		done
	done
	bad=$(for h in gw iso9 com9; do
		for v in p1 i1 a1 b1; do
			if allowed "$h" "$v"; then
				echo "ok $h 10.0.100.${IP[$v]} $h->$v(blocked)"
			else
				echo "fails $h 10.0.100.${IP[$v]} $h->$v(open)"
				echo "fails $v 10.0.100.${IP[$h]} $v->$h(open)"
			fi
		done
	done | ping_all)
	[ -z "$bad" ]
	check_err $? "wrong:$bad"
	log_test "private VLANs: hosts on the physical side, each type"
}

config()
{
	local ev

	vswctl -j monitor > "$TMP/events" 2>&1 &
	ev=$!
	sleep 0.5
	fails_cleanly "has an isolated VLAN already" vswctl pvlan add sw0 100 104 isolated
	fails_cleanly "already a private VLAN" vswctl pvlan add sw0 100 102 community
	fails_cleanly "not a primary" vswctl pvlan add sw0 200 201 community
	fails_cleanly "isolated or community" vswctl pvlan add sw0 100 105 promiscuous
	fails_cleanly "uses private VLAN" vswctl pvlan del sw0 101
	fails_cleanly "uses private VLAN" vswctl pvlan del sw0 100
	fails_cleanly "is a private VLAN" vswctl portgroup add sw0 x vlan 102
	fails_cleanly "not a private VLAN" vswctl portgroup add sw0 x pvlan 300
	vswctl portgroup add sw0 v300 vlan 300
	fails_cleanly "cannot be private" vswctl pvlan add sw0 300
	vswctl portgroup del sw0 v300
	vswctl pvlan add sw0 200 && vswctl pvlan add sw0 200 201 isolated &&
	fails_cleanly "still has secondary 201" vswctl pvlan del sw0 200 &&
	vswctl pvlan del sw0 201 && vswctl pvlan del sw0 200
	check_err $? "add and delete of an unused private VLAN failed"
	vswctl -j pvlan show sw0 |
		jq -e 'map("\(.primary)/\(.vid)/\(.type)") == ["100/100/promiscuous", "100/101/isolated", "100/102/community", "100/103/community"]' > /dev/null
	check_err $? "pvlan show: $(vswctl -j pvlan show sw0)"
	vswctl save > "$TMP/saved.json" && vswctl switch del sw0 &&
	vswctl apply "$TMP/saved.json" > /dev/null
	check_err $? "save, delete, apply failed"
	[ "$(vswctl save | jq -S .)" = "$(jq -S . "$TMP/saved.json")" ]
	check_err $? "the state after apply is not the saved one"
	ping_ok a1 10.0.100.22 && ping_fails i1 10.0.100.12
	check_err $? "the private VLANs do not work after apply"
	kill $ev
	wait $ev 2> /dev/null
	grep -q '"event":"pvlan add","switch":"sw0","primary":200,"vid":201,"type":"isolated"' "$TMP/events" &&
	grep -q '"event":"pvlan del","switch":"sw0","primary":100,"vid":101' "$TMP/events"
	check_err $? "pvlan events: $(grep pvlan "$TMP/events" | head -n 3)"
	log_test "private VLANs: the map's rules, save/apply, events"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
