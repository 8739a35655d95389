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
#   mac_takeover       (2) a new port's first frame from a running VM's MAC
#                      made that MAC the port's own and moved the VM's
#                      entry to it: the newcomer received the victim's
#                      unicast.  Also after the victim was silent for
#                      longer than the ageing time.
#   static_mac_stolen  (3) moving a port, or re-tagging its portgroup, into
#                      a VLAN where another port has the same configured
#                      MAC deleted the other port's static entry.
#   reserved_groups    (4) 802.1D reserved groups (STP, LACP, LLDP) were
#                      flooded: LLDP of the physical switch reached VMs,
#                      a guest's BPDUs reached the physical network.
#   bpdu_guard         (4) bpdu-guard block: a port that sends an STP BPDU
#                      is blocked (nothing from it, nothing to it, an
#                      event) until "port set DEV blocked off"
#   malformed          (5) zero and multicast source MACs, 802.1ad and
#                      truncated tags, runts, from guests and the wire.
#   stacked_on_internal (6, 7; as a tenant: nobody in a user namespace) a
#                      VLAN device or macvlan on an internal port, or a
#                      bond enslaving it, made a port or uplink: a loop
#                      the core cannot see, and deleting the internal port
#                      then hung RTNL (our notifier re-took vsw_mutex)
#   tenant_limits      (8; as a tenant) switches, ports and MAC table entries
#                      a namespace may make stop at their limits (module
#                      parameters), with a message; a switch's MAC table
#                      stops at its max-macs
#   mac_count_drift    (13) two ports taking the same MACs from each other
#                      while their entries are deleted: a move racing
#                      with a deletion counted the entry twice, and
#                      max-macs then refused valid MACs or was bypassed
#   fdb_dump_resume    (13) a MAC table dump continued at a position in a
#                      list the fast path adds to at its head: entries
#                      learned during a dump shifted it, the dump sent
#                      entries twice and skipped others
#   key_mac_vlans      (2, 8) a port's own MAC never ages, but only in its
#                      home VLAN, and counts against max-macs in others:
#                      else a trunk guest pins an entry in 4094 VLANs
#   host_changes       (12) an uplink bond turning non-Ethernet, an internal
#                      port's netdev taking another port's configured MAC
ALL_TESTS="priority_tag_hop events_after_del mac_takeover static_mac_stolen
	reserved_groups bpdu_guard malformed stacked_on_internal tenant_limits host_changes
	mac_count_drift fdb_dump_resume key_mac_vlans"
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
	SWITCHES=(sw0)
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

# drop_delta OBJ DEV REASON CMD...: how much CMD raised REASON on DEV
drop_delta()
{
	local obj=$1 dev=$2 r=$3 before after

	shift 3
	before=$(counter "$obj" "$dev" "drops[\"$r\"]")
	"$@" > /dev/null 2>&1
	after=$(counter "$obj" "$dev" "drops[\"$r\"]")
	echo $((after - before))
}

MV=02:00:00:00:77:01	# the victim's MAC

# the victim's unicast from the wire goes to the victim only
victim_gets_own()
{
	cap_start victim vmV eth0 ether dst $MV &&
	cap_start thief "$1" eth0 ether dst $MV || return 1
	n phys $FRAME up0f --src 02:00:00:00:77:fe --dst $MV --count 3
	cap_stop victim thief
	[ "$(cap_count victim)" -eq 3 ] && [ "$(cap_count thief)" -eq 0 ]
}

mac_takeover()
{
	local d

	vm_add vmV sw0 none && vm_add vmA sw0 none && vm_add vmB sw0 none
	check_err $? "setup"
	n vmV $FRAME eth0 --src $MV --dst $BCAST
	fdb_has sw0 0 $MV vmVp
	check_err $? "the victim's MAC was not learned"

	# a newcomer's very first frame comes from the victim's MAC
	d=$(drop_delta port vmAp forged n vmA $FRAME eth0 --src $MV --dst $BCAST --count 3)
	[ "$d" -eq 3 ]
	check_err $? "3 frames from the victim's MAC on a new port: $d dropped as forged"
	fdb_has sw0 0 $MV vmVp
	check_err $? "the victim's entry moved: $(vswctl -j fdb show sw0 | jq -c ".[] | select(.mac == \"$MV\")")"
	victim_gets_own vmA
	check_err $? "the victim's unicast: $(cap_count victim) of 3 to the victim, $(cap_count thief) to the newcomer"

	# the same after the victim was silent for longer than the ageing time:
	# until an entry that does age (a trunk port's MAC outside its home
	# VLAN) is gone
	n vmT $FRAME eth0 --src 02:00:00:00:80:01 --dst $BCAST --vlan 10
	fdb_has sw0 10 02:00:00:00:80:01 vmTp
	check_err $? "the marker entry was not learned"
	vswctl switch set sw0 ageing 1
	wait_until 15 bash -c "! $VSWCTL -j fdb show sw0 | grep -q 02:00:00:00:80:01"
	check_err $? "the marker entry did not age out"
	n vmB $FRAME eth0 --src $MV --dst $BCAST --count 3
	vswctl switch set sw0 ageing 300
	fdb_has sw0 0 $MV vmVp
	check_err $? "after the victim's silence: $(vswctl -j fdb show sw0 | jq -c ".[] | select(.mac == \"$MV\")")"
	victim_gets_own vmB
	check_err $? "after the victim's silence: $(cap_count victim) of 3 to the victim, $(cap_count thief) to the newcomer"
	log_test "finding 2: with mac-changes off, no port takes a MAC another port has"
}

static_mac_stolen()
{
	local MS=02:00:00:00:78:01

	vswctl portgroup add sw0 v20 vlan 20 && vm_add vmS sw0 v20 &&
	vswctl port set vmSp mac $MS && vm_add vmM sw0 v10 &&
	vswctl port set vmMp mac $MS
	check_err $? "setup: the same MAC configured in VLAN 20 and VLAN 10"
	fails_cleanly "configured on vmSp" vswctl port set vmMp portgroup v20
	fails_cleanly "configured on vmSp" vswctl portgroup set sw0 v10 vlan 20
	fdb_has sw0 20 $MS vmSp
	check_err $? "vmSp lost its configured MAC's entry"
	log_test "finding 3: a move or re-tag never takes another port's configured MAC"
}

# rx_on DEV ETHERTYPE N: how many frames of that EtherType this namespace's
# stack gets on DEV, waiting until N came or ten seconds passed (a packet
# socket bound to one protocol sees only what an rx_handler passes on;
# tcpdump sees everything before it)
rx_on()
{
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(int(sys.argv[2], 0)))
s.bind((sys.argv[1], 0))
s.settimeout(0.2)
print("ready", flush=True)
n, end = 0, time.monotonic() + 10
while time.monotonic() < end and n < int(sys.argv[3]):
    try:
        s.recv(2048)
        n += 1
    except socket.timeout:
        pass
print(n)' "$1" "$2" "$3"
}

reserved_groups()
{
	local g d got pid

	# guests: STP (LLC), LACP (8809), LLDP (88cc), 802.1X (888e)
	# and MVRP (GARP/MRP), Cisco's CDP/DTP/VTP and PVST+
	cap_start wire phys up0f ether src 02:00:00:00:79:01 &&
	cap_start peer vmE eth0 ether src 02:00:00:00:79:01
	check_err $? "captures"
	d=0
	for g in 01:80:c2:00:00:00/0026 01:80:c2:00:00:02/8809 \
		 01:80:c2:00:00:0e/88cc 01:80:c2:00:00:03/888e \
		 01:80:c2:00:00:21/88f5 01:00:0c:cc:cc:cc/0100 \
		 01:00:0c:cc:cc:cd/0032; do
		d=$((d + $(drop_delta port vmNp reserved n vmN $FRAME eth0 \
			--src 02:00:00:00:79:01 --dst ${g%/*} \
			--ethertype 0x${g#*/} --count 2)))
	done
	cap_stop wire peer
	[ "$(cap_count wire)" -eq 0 ] && [ "$(cap_count peer)" -eq 0 ]
	check_err $? "a guest's link-control frames crossed: wire $(cap_count wire), guest $(cap_count peer)"
	[ "$d" -eq 14 ]
	check_err $? "14 link-control frames from a guest, $d counted reserved"

	# the physical switch's LLDP: to the host stack on the uplink, not to VMs
	cap_start peer vmE eth0 ether[0:4] = 0x0180c200
	rx_on up0 0x88cc 3 > "$TMP/lldp.txt" &
	pid=$!
	wait_until 5 grep -q ready "$TMP/lldp.txt"
	n phys $FRAME up0f --src 02:00:00:00:79:02 --dst 01:80:c2:00:00:0e \
		--ethertype 0x88cc --count 3
	wait $pid
	cap_stop peer
	got=$(tail -n 1 "$TMP/lldp.txt")
	[ "$got" = 3 ] && [ "$(cap_count peer)" -eq 0 ]
	check_err $? "LLDP from the wire: $got of 3 to the host's lldpd, $(cap_count peer) to a guest"
	log_test "finding 4: 802.1D reserved groups never cross; from the wire they reach the host"
}

blocked() { vswctl -j port show | jq -e ".[] | select(.name == \"$1\") | .blocked" > /dev/null; }

bpdu_guard()
{
	local pid d MB=02:00:00:00:7e:01

	vswctl portgroup add sw0 guarded bpdu-guard block && vm_add vmK sw0 guarded &&
	[ "$(vswctl -j portgroup show sw0 guarded | jq -r '.[0].bpdu_guard')" = block ]
	check_err $? "setup"
	# bpdu-guard drop (the default): dropped, the port stays open
	n vmN $FRAME eth0 --src 02:00:00:00:79:01 --dst 01:80:c2:00:00:00 --ethertype 0x0026
	! blocked vmNp
	check_err $? "bpdu-guard drop blocked the port"

	vswctl -j monitor > "$TMP/block.json" 2> /dev/null &
	pid=$!
	sleep 0.5
	n vmK $FRAME eth0 --src $MB --dst 01:80:c2:00:00:00 --ethertype 0x0026
	wait_until 5 blocked vmKp
	check_err $? "an STP BPDU did not block the port"
	sleep 0.5
	kill $pid; wait $pid 2> /dev/null
	jq -se '[.[] | select(.event == "port set" and .dev == "vmKp" and .blocked)] | length == 1' \
		"$TMP/block.json" > /dev/null
	check_err $? "no single 'port set' event with blocked: $(cat "$TMP/block.json")"

	# blocked: nothing from it, nothing to it
	cap_start wire phys up0f ether src $MB
	d=$(drop_delta port vmKp blocked n vmK $FRAME eth0 --src $MB --dst $BCAST --count 3)
	cap_stop wire
	[ "$d" -ge 3 ] && [ "$(cap_count wire)" -eq 0 ]
	check_err $? "a blocked port's frames: $d of 3 counted blocked, $(cap_count wire) on the wire"
	cap_start guest vmK eth0 ether src 02:00:00:00:7e:02
	n phys $FRAME up0f --src 02:00:00:00:7e:02 --dst $BCAST --count 3
	cap_stop guest
	[ "$(cap_count guest)" -eq 0 ]
	check_err $? "a blocked port got $(cap_count guest) frames"

	vswctl port set vmKp blocked off && ! blocked vmKp
	check_err $? "blocked off did not unblock"
	cap_start wire phys up0f ether src $MB
	n vmK $FRAME eth0 --src $MB --dst $BCAST --count 3
	cap_stop wire
	[ "$(cap_count wire)" -eq 3 ]
	check_err $? "after blocked off: $(cap_count wire) of 3 frames on the wire"
	vswctl port del vmKp
	log_test "finding 4: bpdu-guard block blocks a port that sends a BPDU, until unblocked"
}

malformed()
{
	local d

	# a zero source MAC from a guest and from the wire
	cap_start wire phys up0f ether src 00:00:00:00:00:00 &&
	cap_start peer vmE eth0 ether src 00:00:00:00:00:00
	d=$(drop_delta port vmNp unknown n vmN $FRAME eth0 \
		--src 00:00:00:00:00:00 --dst $BCAST --count 3)
	[ "$d" -eq 3 ]
	check_err $? "zero source from a guest: $d of 3 counted unknown"
	d=$(drop_delta uplink up0 unknown n phys $FRAME up0f \
		--src 00:00:00:00:00:00 --dst $BCAST --count 3)
	[ "$d" -eq 3 ]
	check_err $? "zero source from the wire: $d of 3 counted unknown"
	d=$(drop_delta uplink up0 unknown n phys $FRAME up0f \
		--src 03:00:00:00:00:01 --dst $BCAST --count 3)
	[ "$d" -eq 3 ]
	check_err $? "multicast source from the wire: $d of 3 counted unknown"
	cap_stop wire peer
	[ "$(cap_count wire)" -eq 0 ] && [ "$(cap_count peer)" -eq 0 ]
	check_err $? "zero-source frames crossed: wire $(cap_count wire), guest $(cap_count peer)"

	# 802.1ad, from a trunk guest and from the wire
	d=$(drop_delta port vmTp vlan n vmT $FRAME eth0 --src 02:00:00:00:7a:01 \
		--dst $BCAST --tpid 0x88a8 --vlan 10 --count 3)
	[ "$d" -eq 3 ]
	check_err $? "802.1ad from a guest: $d of 3 counted vlan"
	d=$(drop_delta uplink up0 vlan n phys $FRAME up0f --src 02:00:00:00:7a:02 \
		--dst $BCAST --tpid 0x88a8 --vlan 10 --count 3)
	[ "$d" -eq 3 ]
	check_err $? "802.1ad from the wire: $d of 3 counted vlan"

	# a tag cut short, and runts: nothing crosses, nothing breaks
	cap_start wire phys up0f ether src 02:00:00:00:7a:03 &&
	cap_start peer vmE eth0 ether src 02:00:00:00:7a:03
	n vmT $FRAME eth0 --src 02:00:00:00:7a:03 --dst $BCAST --ethertype 0x8100 \
		--truncate 15 --count 3 2> /dev/null
	n vmT $FRAME eth0 --src 02:00:00:00:7a:03 --dst $BCAST --vlan 10 \
		--truncate 17 --count 3 2> /dev/null
	cap_stop wire peer
	[ "$(cap_count wire)" -eq 0 ] && [ "$(cap_count peer)" -eq 0 ]
	check_err $? "truncated frames crossed: wire $(cap_count wire), guest $(cap_count peer)"
	# shorter than an Ethernet header: the kernel does not even send it
	! n vmT $FRAME eth0 --src 02:00:00:00:7a:03 --dst $BCAST --truncate 10 \
		2> /dev/null
	check_err $? "a 10-byte frame was sent"
	! dmesg | grep -q "WARNING:"
	check_err $? "a WARN in the kernel log"
	log_test "finding 5: malformed frames are dropped and counted, none crosses"
}

# tenant SCRIPT: SCRIPT in bash as nobody, root of a user namespace with a
# network namespace of its own ($VSWCTL as vswctl)
tenant()
{
	VSWCTL=$VSWCTL FRAME=$FRAME timeout 120 python3 "$top/selftests/userns.py" \
		bash -c "vswctl() { \"\$VSWCTL\" \"\$@\"; }; $1"
}

stacked_on_internal()
{
	local out

	modprobe -q 8021q; modprobe -q macvlan; modprobe -q bonding max_bonds=0
	out=$(tenant '
		vswctl switch add t0 && vswctl portgroup add t0 tr vlan trunk &&
		vswctl port add t0 tr vmk0 internal &&
		ip link add link vmk0 name vmk0.10 type vlan id 10 &&
		ip link add bond0 type bond && vswctl uplink add t0 bond0 &&
		vswctl switch add t1 && vswctl portgroup add t1 tr vlan trunk ||
			{ echo "setup failed"; exit 1; }
		loop() {
			local out
			out=$("$@" 2>&1) && echo "accepted: $*;"
			echo "$out" | grep -q "a loop" || echo "$*: $out;"
		}
		loop vswctl uplink add t1 vmk0.10
		loop vswctl uplink add t0 vmk0.10
		ip link set vmk0 down
		# (before a macvlan: its rx_handler on vmk0 would refuse the bond)
		loop ip link set vmk0 master bond0
		ip link add link vmk0 name mv0 type macvlan
		loop vswctl port add t1 tr mv0
		# and the other way round: below a port
		ip link add e0 type veth peer name e0f &&
		ip link add link e0 name e0.10 type vlan id 10 &&
		vswctl port add t1 tr e0.10 || echo "e0.10 setup failed;"
		loop vswctl uplink add t1 e0
		# and sharing a lower device: a bond over e1, e1.10 a port
		ip link add e1 type veth peer name e1f && ip link add b1 type bond &&
		ip link set e1 master b1 &&
		ip link add link e1 name e1.10 type vlan id 10 &&
		vswctl port add t1 tr e1.10 || echo "e1.10 setup failed;"
		loop vswctl uplink add t1 b1
		timeout 20 "$VSWCTL" switch del t0 || echo "switch del t0 hung;"
		ip link show vmk0.10 > /dev/null 2>&1 && echo "vmk0.10 outlived vmk0;"
		vswctl switch del t1
		echo done' 2>&1)
	[ "$out" = done ]
	check_err $? "$(echo $out)"
	log_test "findings 6, 7: nothing stacked on a switch's netdev joins a switch; no hang (tenant)"
}

limit() { echo "$2" > "/sys/module/vswitch/parameters/$1"; }

tenant_limits()
{
	local out

	limit max_switches 3; limit max_ports 4; limit max_macs 100
	out=$(tenant '
		macs() { vswctl -j switch show "$1" | jq ".[0].macs"; }
		for i in 1 2 3; do vswctl switch add t$i || echo "switch $i refused;"; done
		vswctl switch add t4 2>&1 | grep -q max_switches || echo "a 4th switch;"
		for i in 1 2 3 4 5; do
			ip link add p$i type veth peer name q$i
			ip link set p$i up; ip link set q$i up
		done
		vswctl portgroup add t1 pg mac-changes on &&
		vswctl portgroup add t2 pg mac-changes on
		for i in 1 2 3 4; do vswctl port add t1 pg p$i || echo "port $i refused;"; done
		vswctl port add t2 pg p5 2>&1 | grep -q max_ports || echo "a 5th port;"
		vswctl switch set t1 max-macs 50
		$FRAME q1 --src 02:00:00:01:00:00 --dst ff:ff:ff:ff:ff:ff --vary-src 200 --count 200
		[ "$(macs t1)" = 50 ] || echo "t1 has $(macs t1) MACs, max-macs 50;"
		# a full table of learned MACs leaves room for configured ones
		vswctl port set p3 mac 02:00:00:03:00:01 ||
			echo "a configured MAC refused by a table full of learned ones;"
		vswctl port set p3 mac none
		vswctl port del p2 && vswctl port add t2 pg p2
		$FRAME q2 --src 02:00:00:02:00:00 --dst ff:ff:ff:ff:ff:ff --vary-src 200 --count 200
		[ $(($(macs t1) + $(macs t2))) = 100 ] ||
			echo "t1 and t2 have $(macs t1) + $(macs t2) MACs, the namespace limit is 100;"
		for i in 1 2 3; do vswctl switch del t$i; done
		echo done' 2>&1)
	limit max_switches 64; limit max_ports 4096; limit max_macs 262144
	[ "$out" = done ]
	check_err $? "$(echo $out)"
	log_test "finding 8: a tenant's switches, ports and MACs stop at their limits"
}

host_changes()
{
	local MC=02:00:00:00:7b:01 out

	# an internal port's netdev may not take another port's configured MAC
	vm_add vmC sw0 v10 && vswctl port set vmCp mac $MC &&
	vswctl port add sw0 v10 vmk1 internal
	check_err $? "setup"
	out=$(ip link set vmk1 address $MC 2>&1)
	check_fail $? "vmk1 took vmCp's configured MAC"
	echo "$out" | grep -q "configured on vmCp"
	check_err $? "unclear message: $out"
	fdb_has sw0 10 $MC vmCp
	check_err $? "vmCp lost its entry"
	vswctl port del vmk1

	# an uplink bond cannot turn into a non-Ethernet device
	modprobe -q bonding max_bonds=0; modprobe -q ip_gre
	ip link add bond1 type bond mode active-backup && LINKS+=(bond1) &&
	ip link add gre1 type gre local 192.0.2.1 remote 192.0.2.2 && LINKS+=(gre1) &&
	vswctl uplink add sw0 bond1
	check_err $? "setup of the bond uplink"
	ip link set gre1 master bond1 2> /dev/null
	[ "$(ip -j link show bond1 | jq -r '.[0].link_type')" = ether ]
	check_err $? "the uplink bond1 became $(ip -j link show bond1 | jq -r '.[0].link_type')"
	vswctl uplink del sw0 bond1
	log_test "finding 12: no uplink turns non-Ethernet, no internal port takes a configured MAC"
}

mac_count_drift()
{
	local end bad pids=() vm p n m

	vswctl portgroup add sw0 mv mac-changes on && vm_add vmX sw0 mv &&
	vm_add vmY sw0 mv
	check_err $? "setup"
	for vm in vmX vmY; do
		n $vm $FRAME eth0 --src 02:00:00:00:7c:00 --dst 02:00:00:00:7c:ff \
			--vary-src 32 --duration 8 > /dev/null &
		pids+=($!)
	done
	end=$((SECONDS + 8))
	while [ $SECONDS -lt $end ]; do
		vswctl port set vmXp mac none && vswctl port set vmYp mac none
	done
	wait "${pids[@]}"
	sleep 1
	bad=$(for p in vmXp vmYp; do
		n=$(vswctl -j port show | jq ".[] | select(.name == \"$p\") | .macs")
		m=$(vswctl -j fdb show sw0 port $p | jq length)
		[ "$n" = "$m" ] || echo "$p counts $n MACs, has $m;"
	done)
	[ -z "$bad" ]
	check_err $? "$bad"
	vswctl port del vmXp; vswctl port del vmYp
	log_test "finding 13: a port's MAC count stays exact under moves and deletions"
}

fdb_dump_resume()
{
	local pid i out bad=

	vswctl portgroup add sw0 many mac-changes on && vm_add vmF sw0 many &&
	vm_add vmG sw0 many
	check_err $? "setup"
	n vmF $FRAME eth0 --src 02:00:00:01:00:00 --dst 02:00:00:00:7d:ff \
		--vary-src 3000 --count 3000
	# new MACs all the time while the table is dumped
	n vmG $FRAME eth0 --src 02:00:00:02:00:00 --dst 02:00:00:00:7d:ff \
		--vary-src 20000 --duration 10 > /dev/null &
	pid=$!
	for i in 1 2 3 4 5; do
		out=$(vswctl -j fdb show sw0 | jq '[.[] | select(.port == "vmFp") | "\(.vlan) \(.mac)"] |
			"\(length - (unique | length)) \(unique | length)"' -r)
		[ "$out" = "0 3000" ] || bad+="dump $i: ${out% *} duplicates, ${out#* } of 3000 entries; "
	done
	kill $pid 2> /dev/null
	wait $pid 2> /dev/null
	[ -z "$bad" ]
	check_err $? "$bad"
	vswctl port del vmFp; vswctl port del vmGp
	log_test "finding 13: a MAC table dump sends each entry once while MACs are learned"
}

key_mac_vlans()
{
	local MQ=02:00:00:00:7f:01 v n rc

	vswctl portgroup add sw0 tr20 vlan trunk 1-20 && vm_add vmQ sw0 tr20 &&
	vswctl port set vmQp max-macs 3
	check_err $? "setup"
	n vmQ $FRAME eth0 --src $MQ --dst $BCAST
	for v in $(seq 1 10); do n vmQ $FRAME eth0 --src $MQ --dst $BCAST --vlan $v; done
	n=$(counter port vmQp "drops[\"mac-limit\"]")
	[ "$(vswctl -j fdb show sw0 port vmQp | jq length)" = 3 ] && [ "$n" = 8 ]
	check_err $? "max-macs 3: $(vswctl -j fdb show sw0 port vmQp | jq length) entries, $n frames over the limit"
	vswctl port set vmQp max-macs 0
	for v in $(seq 1 10); do n vmQ $FRAME eth0 --src $MQ --dst $BCAST --vlan $v; done
	vswctl switch set sw0 ageing 1
	# (a shorter ageing time walks the table at once, then every 0.5 s)
	wait_until 15 bash -c "[ \"\$($VSWCTL -j fdb show sw0 port vmQp | jq -c '[.[].vlan]')\" = '[0]' ]"
	rc=$?
	vswctl switch set sw0 ageing 300
	[ $rc -eq 0 ]
	check_err $? "after ageing, in VLANs $(vswctl -j fdb show sw0 port vmQp | jq -c '[.[].vlan]'), expected its home VLAN only"
	vswctl port del vmQp

	# a trunk guest that only sends tagged gets no pinned untagged entry
	# when its portgroup's VLANs change
	vm_add vmR sw0 tr20 && n vmR $FRAME eth0 --src 02:00:00:00:7f:02 --dst $BCAST --vlan 5 &&
	vswctl portgroup set sw0 tr20 vlan trunk 1-30
	[ "$(vswctl -j fdb show sw0 port vmRp | jq -c '[.[].vlan]')" = "[]" ]
	check_err $? "after the re-tag, vmRp has entries in VLANs $(vswctl -j fdb show sw0 port vmRp | jq -c '[.[].vlan]')"
	vswctl port del vmRp
	log_test "findings 2, 8: a port's own MAC stays in its home VLAN only, within max-macs"
}

trap cleanup_objects EXIT
setup || { echo "1..0 # SKIP setup failed"; exit 1; }
run_tests
