#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Many hosts (issue 20): overlay portgroups (VXLAN, over the kernel's vxlan
# driver) across three hosts joined by a routed underlay, VLAN portgroups
# beside them, and live migration of a VM between hosts over both.  A host
# is a network namespace with its own switch vs0: host A is this
# namespace, hosts B and C are the namespaces hB and hC.
#
#        A (this ns)             netns rt (router)            netns hB, hC
#   vs0: web vxlan 5001    ulA --- rA 10.1.1.1   rB 10.1.2.1 --- ulB  vs0 ...
#        db  vxlan 5002  10.1.1.2  rC 10.1.3.1 --- ulC 10.1.3.2      (B: .2.2)
#        v10 vlan 10 -- upA --+
#                             +-- netns phys: br0 (VLAN 10 host .254) --
#                                 upBf, upCf (B's and C's uplinks)
#   VMs: wA wB wC in web (10.50.0.1-3), dA dB in db (the same IPs),
#        vA vC in v10 (10.0.10.1, .3); the underlay's MTU is 1600
#
#   basic      VMs of one VNI on three hosts ping each other and move 4 MB
#              of TCP intact; the underlay carries only VXLAN (UDP 4789)
#              between the VTEPs; remote MACs are learned with their VTEP
#   isolation  two VNIs with the same IPs: each VM reaches its own VNI's
#   bcast      one broadcast reaches each other host's VM exactly once
#              (one VXLAN packet per remote VTEP), no VM of another VNI
#   coexist    a VLAN portgroup through the physical switch on the same
#              switches, its frames tagged on the uplink, none of them in
#              the overlay
#   mtu        the underlay's MTU less 50 is the overlay's: a frame that
#              does not fit is dropped and counted "mtu"
#   hostile    a VTEP not in the flood list, an unknown VNI: dropped,
#              counted "overlay", nothing learned; a listed VTEP sending
#              from a local VM's MAC: dropped ("loop"), the MAC stays
#   policies   security and mirroring on an overlay port as on any port:
#              a forged source MAC dropped (counted "forged"), a SPAN
#              session's copies of what wA sends
#   dev_gone   the overlay's netdev deleted under the switch: its segments
#              stop (an event says so), `overlay set` makes another
#   bad_input  refusals that say why and change nothing
#   migrate    a VM pinged from host C moves from A to B, over the overlay
#              and over VLAN 10: the switch on B announces its MAC at
#              attach; lost pings <= those sent in the detach-attach gap
#              + 1, replies again within 1 s of the attach
#   persist    save/apply keep the overlay and the VXLAN portgroups; a
#              fleet file applied with --host makes a fourth host
ALL_TESTS="basic isolation bcast coexist mtu hostile policies dev_gone bad_input migrate persist"
source "$(dirname "$0")/lib.sh"

HOSTS="A B C"
declare -A UL=([A]=10.1.1.2 [B]=10.1.2.2 [C]=10.1.3.2)
declare -A RT=([A]=10.1.1.1 [B]=10.1.2.1 [C]=10.1.3.1)
MD1=02:00:00:00:00:11
MD2=02:00:00:00:00:12
MV1=02:00:00:00:00:21
MV3=02:00:00:00:00:23
MIG=02:00:00:00:00:99

# h HOST CMD...: run CMD on a host (A: here)
h() { local x=$1; shift; if [ "$x" = A ]; then "$@"; else n "h$x" "$@"; fi; }
hv() { local x=$1; shift; h "$x" "$VSWCTL" "$@"; }

# the other hosts' underlay addresses, comma separated
remotes()
{
	local x out=

	for x in $HOSTS; do
		[ "$x" = "$1" ] || out=$out${out:+,}${UL[$x]}
	done
	echo "$out"
}

# host_add X: the namespace (but A), its underlay link to the router
host_add()
{
	local x=$1 l=ul$1

	[ "$x" = A ] || ns_add "h$x" || return 1
	if [ "$x" = A ]; then
		ip link add "$l" mtu 1600 type veth peer name "r$x" mtu 1600 netns rt
		LINKS+=("$l")
	else
		ip -n "h$x" link add "$l" mtu 1600 type veth peer name "r$x" \
			mtu 1600 netns rt
	fi
	h "$x" ip addr add "${UL[$x]}/24" dev "$l" &&
	h "$x" ip link set "$l" up &&
	ip -n rt addr add "${RT[$x]}/24" dev "r$x" &&
	ip -n rt link set "r$x" up &&
	h "$x" ip route add 10.1.0.0/16 via "${RT[$x]}" &&
	hv "$x" switch add vs0 || return 1
	[ "$x" = A ] && SWITCHES+=(vs0)	# (the others go with their namespace)
	hv "$x" overlay set vs0 local "${UL[$x]}" remote "$(remotes "$x")" &&
	hv "$x" portgroup add vs0 web vxlan 5001 &&
	hv "$x" portgroup add vs0 db vxlan 5002 &&
	hv "$x" portgroup add vs0 v10 vlan 10
}

# host_uplink X: an uplink of X's switch, a trunk port of the physical switch
host_uplink()
{
	local x=$1

	if [ "$x" = A ]; then
		uplink_add vs0 upA
		return
	fi
	ip -n "h$x" link add "up$x" type veth peer name "up${x}f" netns phys &&
	ip -n phys link set "up${x}f" master br0 &&
	n phys bridge vlan add vid 2-4094 dev "up${x}f" &&
	ip -n phys link set "up${x}f" up &&
	ip -n "h$x" link set "up$x" up &&
	hv "$x" uplink add vs0 "up$x"
}

# vmh HOST NS PG IP/PREFIX MAC: a VM of a host, port ${NS}p there
vmh()
{
	local x=$1 ns=$2 pg=$3 ip=$4 mac=$5

	ns_add "$ns" || return 1
	vm_link "$x" "$ns" "$mac" "$ip" && hv "$x" port add vs0 "$pg" "${ns}p"
}

# vm_link HOST NS MAC IP: the VM's eth0 and its host's ${NS}p (a new qemu)
vm_link()
{
	local x=$1 ns=$2 mac=$3 ip=$4

	if [ "$x" = A ]; then
		ip link add "${ns}p" type veth peer name eth0 netns "$ns" &&
		LINKS+=("${ns}p")
	else
		ip -n "h$x" link add "${ns}p" type veth peer name eth0 netns "$ns"
	fi || return 1
	ip -n "$ns" link set eth0 address "$mac" &&
	h "$x" ip link set "${ns}p" up && ip -n "$ns" link set eth0 up &&
	{ [ -z "$ip" ] || ip -n "$ns" addr add "$ip" dev eth0; }
}

setup()
{
	local x

	ns_add rt && n rt sysctl -qw net.ipv4.ip_forward=1 || return 1
	phys_add && phys_host 10 10.0.10.254/24 || return 1
	for x in $HOSTS; do
		host_add "$x" && host_uplink "$x" || return 1
	done
	vmh A wA web 10.50.0.1/24 $M1 && vmh B wB web 10.50.0.2/24 $M2 &&
	vmh C wC web 10.50.0.3/24 $M3 &&
	vmh A dA db 10.50.0.1/24 $MD1 && vmh B dB db 10.50.0.2/24 $MD2 &&
	vmh A vA v10 10.0.10.1/24 $MV1 && vmh C vC v10 10.0.10.3/24 $MV3
}

# ovl_stat HOST FIELD: a counter of a host's overlay (rx_packets, drops.mtu)
ovl_stat() { hv "$1" -s -j overlay show vs0 | jq -r ".[0].stats.$2"; }

# the VTEP a host learned MAC behind in a VNI ("" if none)
vtep_of()
{
	hv "$1" -j fdb show vs0 |
		jq -r ".[] | select(.vni == $2 and .mac == \"$3\") | .vtep // empty"
}

basic()
{
	local x sent got bad srv

	for x in A B C; do
		cap_launch "rt$x" rt "r$x" ip
	done
	cap_ready rtA rtB rtC
	ping_ok wA 10.50.0.2 && ping_ok wA 10.50.0.3 && ping_ok wB 10.50.0.3
	check_err $? "VMs of VNI 5001 on three hosts do not ping"
	n wA python3 "$top/selftests/tcpxfer.py" server 5001 > "$TMP/srv.txt" &
	srv=$!
	# a loaded host starts python slowly: connect only once it listens
	# (a fixed 0.5 s was refused on a busy machine)
	wait_until 30 bash -c "ip netns exec wA ss -Hltn 'sport = :5001' | grep -q ."
	sent=$(n wC python3 "$top/selftests/tcpxfer.py" client 10.50.0.1 5001 4000000)
	wait $srv	# (not the captures)
	got=$(cat "$TMP/srv.txt")
	[ -n "$sent" ] && [ "$sent" = "$got" ]
	check_err $? "4 MB from C to A: sent $sent, got $got"
	cap_stop rtA rtB rtC
	# every IP packet on the underlay is VXLAN between two VTEPs
	# (tcpdump prints the inner frame on a line of its own)
	bad=$(cat "$TMP"/rt[ABC].txt | grep -E '^[0-9:]{8}\.[0-9]' |
	      grep -vE "IPv4 \(0x0800\), length [0-9]+: 10\.1\.[123]\.2\.[0-9]+ > 10\.1\.[123]\.2\.4789: VXLAN" |
	      head -n 3)
	[ -z "$bad" ] && [ "$(cat "$TMP"/rt[ABC].txt | grep -c 'VXLAN')" -gt 100 ]
	check_err $? "the underlay carried other than VXLAN: ${bad:-(no VXLAN seen)}"
	[ "$(vtep_of A 5001 $M2)" = 10.1.2.2 ] && [ "$(vtep_of A 5001 $M3)" = 10.1.3.2 ] &&
	[ "$(vtep_of C 5001 $M1)" = 10.1.1.2 ]
	check_err $? "remote MACs not learned with their VTEP: $(hv A fdb show vs0)"
	[ "$(ovl_stat A rx_packets)" -gt 0 ] && [ "$(ovl_stat A tx_packets)" -gt 0 ]
	check_err $? "overlay counters: $(hv A -s overlay show vs0)"
	log_test "overlay: three hosts ping and move 4 MB over VXLAN only"
}

isolation()
{
	local mac

	cap_start wB wB eth0 icmp
	ping_ok dA 10.50.0.2
	check_err $? "VNI 5002 does not ping"
	cap_stop wB
	mac=$(ip -n dA -j neigh show 10.50.0.2 | jq -r '.[0].lladdr')
	[ "$mac" = "$MD2" ]
	check_err $? "10.50.0.2 in VNI 5002 answered from $mac, not dB's $MD2"
	[ "$(cap_count wB)" = 0 ]
	check_err $? "wB (VNI 5001) saw VNI 5002's pings: $(cap_show wB)"
	[ "$(vtep_of A 5002 $MD2)" = 10.1.2.2 ] && [ -z "$(vtep_of A 5001 $MD2)" ]
	check_err $? "dB's MAC in the wrong segment: $(hv A fdb show vs0)"
	log_test "overlay: two VNIs with the same IPs stay isolated"
}

bcast()
{
	local x

	for x in wB wC dB; do
		cap_launch "$x" "$x" eth0 ether proto 0x88b6
	done
	cap_launch ovl rt rA udp port 4789
	cap_ready wB wC dB ovl
	n wA $FRAME eth0 --src $M1 --dst $BCAST --ethertype 0x88b6
	cap_stop wB wC dB ovl
	[ "$(cap_count wB)" = 1 ] && [ "$(cap_count wC)" = 1 ]
	check_err $? "one broadcast reached wB $(cap_count wB), wC $(cap_count wC) times"
	[ "$(cap_count dB)" = 0 ]
	check_err $? "a broadcast of VNI 5001 reached VNI 5002"
	[ "$(grep -c 0x88b6 "$TMP/ovl.txt")" = 2 ]
	check_err $? "VXLAN packets of the broadcast: $(grep -c 0x88b6 "$TMP/ovl.txt"), not 2"
	log_test "overlay: a broadcast reaches each host once (head-end replication)"
}

coexist()
{
	cap_start phys phys upAf vlan 10
	ping_ok vA 10.0.10.3 && ping_ok vA 10.0.10.254
	check_err $? "VLAN 10 beside the overlay does not ping"
	cap_stop phys
	[ "$(cap_count phys)" -gt 0 ]
	check_err $? "no tagged frame on A's uplink"
	ping_ok wA 10.50.0.3
	check_err $? "the overlay next to VLAN 10"
	ping_fails vA 10.50.0.3
	check_err $? "VLAN 10 reaches the overlay"
	log_test "overlay: a VLAN portgroup and overlay portgroups on one switch"
}

mtu()
{
	local before

	n wA ping -q -c 2 -i 0.2 -W 2 -M do -s 1472 10.50.0.2 > /dev/null
	check_err $? "1500-byte packets do not cross a 1600-byte underlay"
	[ "$(hv A -j overlay show vs0 | jq -r '.[0].mtu')" = 1550 ]
	check_err $? "overlay MTU: $(hv A -j overlay show vs0 | jq -c '.[0]')"
	ip link set ulA mtu 1500
	# set again: the underlay's MTU is read again
	hv A overlay set vs0 local 10.1.1.2
	check_err $? "overlay set again failed"
	before=$(ovl_stat A drops.mtu)
	! n wA ping -q -c 2 -i 0.2 -W 1 -M do -s 1472 10.50.0.2 > /dev/null
	check_err $? "1500-byte packets crossed a 1450-byte overlay"
	[ "$(ovl_stat A drops.mtu)" -ge $((before + 2)) ]
	check_err $? "mtu drops: $before -> $(ovl_stat A drops.mtu)"
	n wA ping -q -c 2 -i 0.2 -W 2 -M do -s 1400 10.50.0.2 > /dev/null
	check_err $? "1428-byte packets do not cross a 1450-byte overlay"
	ip link set ulA mtu 1600
	hv A overlay set vs0 local 10.1.1.2
	log_test "overlay: MTU is the underlay's less 50; too long is dropped, counted mtu"
}

# vxlan_send SRC_IP VNI INNER_SRC_MAC: a VXLAN packet to A from a device in
# netns rt that plays another VTEP (addresses of its own: rt is a router)
vxlan_send()
{
	ip -n rt link add vx9 type vxlan id "$2" remote 10.1.1.2 local "$1" \
		dstport 4789 2>/dev/null
	ip -n rt link set vx9 address "$3" up
	n rt $FRAME vx9 --src "$3" --dst $BCAST --ethertype 0x88b6
	ip -n rt link del vx9
}

hostile()
{
	local before fdb loops

	cap_start wA wA eth0 ether proto 0x88b6
	before=$(ovl_stat A drops.overlay)
	# a VTEP outside the flood list (the router's own address)
	vxlan_send 10.1.1.1 5001 02:00:00:00:0e:01
	# a listed VTEP's address, but a VNI A has no segment of
	ip -n rt addr add 10.1.2.2/32 dev lo
	vxlan_send 10.1.2.2 7777 02:00:00:00:0e:02
	# ... and in a VNI A has, from wA's own MAC: never taken from it
	loops=$(ovl_stat A drops.loop)
	learn_all wA
	vxlan_send 10.1.2.2 5001 $M1
	ip -n rt addr del 10.1.2.2/32 dev lo
	cap_stop wA
	[ "$(ovl_stat A drops.loop)" = $((loops + 1)) ] &&
	hv A -j fdb show vs0 | jq -e ".[] | select(.mac == \"$M1\" and .port == \"wAp\")" > /dev/null
	check_err $? "wA's MAC from the overlay: loop drops $loops -> $(ovl_stat A drops.loop), $(hv A fdb show vs0 | grep -i "$M1")"
	[ "$(cap_count wA)" = 0 ]
	check_err $? "a frame from outside the flood list reached wA: $(cap_show wA)"
	[ "$(ovl_stat A drops.overlay)" -ge $((before + 2)) ]
	check_err $? "overlay drops: $before -> $(ovl_stat A drops.overlay)"
	fdb=$(hv A -j fdb show vs0 | jq -r '.[].mac')
	! echo "$fdb" | grep -qE '02:00:00:00:0e:0[12]'
	check_err $? "a rejected frame's MAC was learned"
	log_test "overlay: unknown VTEPs and VNIs dropped, counted; local MACs never taken"
}

policies()
{
	local before

	before=$(counter port wAp drops.forged)
	n wA $FRAME eth0 --src 02:00:00:00:0f:0f --dst $M2 --ethertype 0x88b6 --count 3
	[ "$(counter port wAp drops.forged)" = $((before + 3)) ]
	check_err $? "forged frames on an overlay port: $before -> $(counter port wAp drops.forged)"
	vmh A mon db "" 02:00:00:00:00:31 &&
	vswctl mirror add vs0 s1 src wAp dir out dst port monp
	check_err $? "a mirror session of an overlay port"
	cap_start mon mon eth0 icmp
	ping_ok wA 10.50.0.2
	cap_stop mon
	vswctl mirror del vs0 s1; vswctl port del monp
	[ "$(cap_count mon)" -ge 2 ]
	check_err $? "the session's copies of wA's pings: $(cap_count mon)"
	log_test "overlay: security and mirroring on overlay ports"
}

dev_gone()
{
	local mon

	# (the binary itself, not the function: $! is what kill must stop,
	# and it must not hold the script's output open)
	"$VSWCTL" monitor > "$TMP/monitor.txt" 2>&1 &
	mon=$!
	sleep 0.3
	ip link del vsw-ovl0
	ping_fails wA 10.50.0.3
	check_err $? "the overlay works without its netdev"
	[ "$(hv A -j overlay show vs0 | jq -r '.[0].local')" = 10.1.1.2 ]
	check_err $? "the overlay's configuration went with its netdev"
	hv A overlay set vs0 local 10.1.1.2
	check_err $? "overlay set after the netdev went"
	ping_ok wA 10.50.0.3
	check_err $? "the overlay does not work again"
	sleep 0.3
	kill $mon; wait $mon 2>/dev/null
	grep -q "^switch set switch vs0 .*overlay 10.1.1.2 dev none" "$TMP/monitor.txt"
	check_err $? "no event of the netdev gone: $(grep overlay "$TMP/monitor.txt" | head -n 3)"

	# a switch deleted takes its VXLAN netdev with it, as `ip link del`
	# would: its UDP port is free for the next one (it was not, once)
	vswctl switch add vs9 && vswctl overlay set vs9 local 10.1.1.2 port 4790 &&
	vswctl switch del vs9 &&
	vswctl switch add vs9 && vswctl overlay set vs9 local 10.1.1.2 port 4790
	check_err $? "a deleted switch's overlay still holds UDP port 4790"
	vswctl switch del vs9 2> /dev/null
	log_test "overlay: its netdev deleted under it, made again by overlay set"
}

bad_input()
{
	hv A switch add vs1 && SWITCHES+=(vs1)
	fails_cleanly "no overlay" vswctl portgroup add vs1 x vxlan 5001
	fails_cleanly "not an address of this host" \
		vswctl overlay set vs1 local 10.9.9.9
	fails_cleanly "no underlay netdev nosuch" \
		vswctl overlay set vs1 local 10.1.1.2 dev nosuch
	fails_cleanly "not an address of wAp" \
		vswctl overlay set vs1 local 10.1.1.2 dev wAp
	fails_cleanly "remote 2 is listed twice" \
		vswctl overlay set vs1 local 10.1.1.2 remote 10.1.2.2,10.1.2.2
	fails_cleanly "not another host" \
		vswctl overlay set vs1 local 10.1.1.2 remote 10.1.1.2
	fails_cleanly "family" \
		vswctl overlay set vs1 local 10.1.1.2 remote 2001:db8::1
	fails_cleanly "portgroup web is an overlay segment" \
		vswctl overlay set vs0 local off
	fails_cleanly "VNI|vni|1-16777215" vswctl portgroup add vs0 x vxlan 16777216
	fails_cleanly "VNI|vni|1-16777215" vswctl portgroup add vs0 x vxlan 0
	fails_cleanly "overlay" vswctl overlay set vs1 remote 10.1.2.2
	fails_cleanly "UDP port 4789" \
		vswctl overlay set vs1 local 10.1.1.2 remote 10.1.2.2
	vswctl switch del vs1 && SWITCHES=(vs0)
	log_test "overlay: bad input gets a clear error and changes nothing"
}

# ping_move FROM DST VM PG IP MAC: ping DST from FROM every 50 ms while VM
# moves from host A to host B (port PG); the verdict on its lost pings
ping_move()
{
	local from=$1 dst=$2 vm=$3 pg=$4 ip=$5 mac=$6
	local t_det t_att gap lost sent got first pid

	# (no fixed deadline: on a slow machine the move outlasted one, and
	# no reply after it could be seen; the ping ends 2 s after the attach)
	# (ip netns exec execs ping: $! is ping, which prints its count on
	# SIGINT)
	ip netns exec "$from" ping -D -O -i 0.05 -W 1 -w 60 "$dst" > "$TMP/ping.txt" 2>&1 &
	pid=$!
	sleep 1.5
	t_det=$(date +%s.%N)
	hv A port del "${vm}p"
	ip link del "${vm}p"	# qemu on A exits
	vm_link B "$vm" "$mac" "$ip" && hv B port add vs0 "$pg" "${vm}p" mac "$mac"
	t_att=$(date +%s.%N)
	sleep 2
	kill -INT $pid
	wait $pid
	sent=$(grep -oE '[0-9]+ packets transmitted' "$TMP/ping.txt" | cut -d' ' -f1)
	got=$(grep -oE '[0-9]+ received' "$TMP/ping.txt" | cut -d' ' -f1)
	lost=$((sent - got))
	gap=$(echo "($t_att - $t_det) / 0.05" | bc)
	first=$(awk -v t="$t_att" '/bytes from/ { gsub(/[\[\]]/, "", $1);
		if ($1 > t) { print $1 - t; exit } }' "$TMP/ping.txt")
	echo "# $vm over $pg: detach->attach $(echo "$t_att - $t_det" | bc) s" \
	     "($gap pings), lost $lost of $sent, first reply ${first:-never} s after attach"
	# (+2: the ping in flight when the move began, and the one when it
	# was stopped)
	[ "$lost" -le $((gap + 2)) ] && [ -n "$first" ] &&
	[ "$(echo "$first <= 1.0" | bc)" = 1 ]
}

migrate()
{
	vmh A mo web 10.50.0.9/24 $MIG && ping_ok wC 10.50.0.9
	check_err $? "the VM to move does not answer before it moves"
	ping_move wC 10.50.0.9 mo web 10.50.0.9/24 $MIG
	check_err $? "the move over the overlay lost too much"
	[ "$(vtep_of C 5001 $MIG)" = 10.1.2.2 ]
	check_err $? "C did not learn the moved MAC behind B: $(vtep_of C 5001 $MIG)"
	hv B port del mop

	vmh A mv v10 10.0.10.9/24 $MIG && ping_ok vC 10.0.10.9
	check_err $? "the VLAN VM to move does not answer before it moves"
	ping_move vC 10.0.10.9 mv v10 10.0.10.9/24 $MIG
	check_err $? "the move over VLAN 10 lost too much"
	hv B port del mvp
	log_test "overlay: live migration A to B, announced by B's switch"
}

persist()
{
	local saved fleet

	saved=$(vswctl save)
	echo "$saved" | jq -e '.switches[0].overlay.local == "10.1.1.2" and
		(.switches[0].overlay.remotes | length == 2) and
		([.switches[0].portgroups[] | select(.vxlan == 5001)] | length == 1)' \
		> /dev/null
	check_err $? "save: $(echo "$saved" | jq -c '.switches[0] | {overlay, portgroups}')"
	echo "$saved" | vswctl apply - > "$TMP/apply.out"
	! grep -qv '^#' "$TMP/apply.out"
	check_err $? "apply of the running state sent: $(cat "$TMP/apply.out")"

	# one file for the fleet: host D gets its part and the others' VTEPs
	fleet='{"switches": [{"name": "vs0", "portgroups": [
		  {"name": "web", "vxlan": 5001}, {"name": "db", "vxlan": 5002}]}],
		"hosts": {
		  "A": {"switches": {"vs0": {"overlay": {"local": "10.1.1.2"}}}},
		  "B": {"switches": {"vs0": {"overlay": {"local": "10.1.2.2"}}}},
		  "D": {"switches": {"vs0": {"overlay": {"local": "10.1.4.2",
						       "dev": "ulD"}}}}}}'
	ns_add hD && ip -n hD link add ulD type dummy && ip -n hD link set ulD up &&
	ip -n hD addr add 10.1.4.2/24 dev ulD
	echo "$fleet" > "$TMP/fleet.json"
	n hD "$VSWCTL" apply --host D "$TMP/fleet.json" > "$TMP/fleet.out" 2>&1
	check_err $? "apply --host D: $(cat "$TMP/fleet.out")"
	n hD "$VSWCTL" -j overlay show vs0 | jq -e '.[0].local == "10.1.4.2" and
		.[0].remotes == ["10.1.1.2", "10.1.2.2"]' > /dev/null
	check_err $? "host D's overlay: $(n hD "$VSWCTL" -j overlay show vs0)"
	n hD "$VSWCTL" apply --host D "$TMP/fleet.json" > "$TMP/fleet2.out" 2>&1
	! grep -qv '^#' "$TMP/fleet2.out"
	check_err $? "a second apply --host sent: $(cat "$TMP/fleet2.out")"
	! n hD "$VSWCTL" apply --host E "$TMP/fleet.json" > "$TMP/fleet3.out" 2>&1 &&
	grep -q "host E" "$TMP/fleet3.out"
	check_err $? "apply --host E: $(cat "$TMP/fleet3.out")"
	log_test "overlay: save/apply; one fleet file, one host's part by --host"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
