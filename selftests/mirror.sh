#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Port mirroring (issue 19; vDS "port mirroring sessions"): local SPAN to a
# port, RSPAN source (an uplink, tagged with the RSPAN VLAN) and RSPAN
# destination (a VLAN from an uplink to a port), ERSPAN through the
# kernel's erspan tunnel.  Copies are checked on the wire.
#
#   vm1 10.0.10.1 --+ v10 (VLAN 10)
#   vm2 10.0.10.2 --+
#   vm3 (eth0.10 10.0.10.3) --- tr (trunk 10)     sw0 -- up0 --+
#   mon1 10.0.10.9 --- mon (VLAN 10)                           |  phys br0:
#                                                              |  VLAN 10 host
#   mon2 --- mon (VLAN 10)                        sw1 -- up1 --+  10.0.10.254
#   host: ul0 10.9.0.1 --veth-- netns coll: ul0f 10.9.0.2 (ERSPAN collector)
#
#   span         src vm1p dst port mon1p: what vm1 sends and gets, nothing
#                of the others; dst-io off: mon1 forwards nothing (drops
#                "mirror"), dst-io on: it does; a source that leaves and
#                comes back (same name) is mirrored again
#   tags         copies carry the wire-side tag: a trunk port's as
#                received and as sent, an uplink's (dir in), none for an
#                access port
#   snap_sample  snaplen 100 cuts copies to 100 bytes; sample 4 sends 1 of
#                4 (exactly), counted per session
#   rspan        sw0's session to up0 in RSPAN VLAN 99 reaches sw1, whose
#                VLAN 99 session gives mon2 the frames untagged; frames of
#                VLAN 99 coming back to sw0 are dropped ("mirror"), and so
#                are a guest's frames into VLAN 99
#   erspan       dst dev erspan1: the collector's erspan device decodes
#                the frame byte for byte as vm2 received it
#   loops        refused: a destination as a source, a port as the
#                destination of one session and source of another, VLAN
#                sources to an uplink, an internal port into a tunnel, a
#                destination whose veth peer is a switch port, ...
#                every refusal says why and changes nothing
#   originals    4 MB of TCP through a mirrored port arrive intact while
#                the destination is down (copies dropped, counted)
#   persist      save, delete, apply: the same sessions; apply again:
#                nothing; monitor sees mirror add/set/del
ALL_TESTS="span tags snap_sample rspan erspan loops originals persist"
source "$(dirname "$0")/lib.sh"

M9=02:00:00:00:00:09
MA=02:00:00:00:00:0a

setup()
{
	switch_add sw0 && switch_add sw1 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 tr vlan trunk 10 &&
	vswctl portgroup add sw0 mon vlan 10 &&
	vswctl portgroup add sw1 mon vlan 10 &&
	phys_add && uplink_add sw0 up0 && uplink_add sw1 up1 &&
	phys_host 10 10.0.10.254/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 v10 10.0.10.2/24 $M2 &&
	vm_add vm3 sw0 tr "" $M3 && vm_vlan vm3 10 10.0.10.3/24 &&
	vm_add mon1 sw0 mon 10.0.10.9/24 $M9 &&
	vm_add mon2 sw1 mon "" $MA &&
	learn_all vm1 vm2 vm3 &&
	n vm3 $FRAME eth0 --src $M3 --dst $BCAST --vlan 10
}

# frames NS SRC DST ETHERTYPE [ARGS]: 5 frames
frames() { n "$1" $FRAME eth0 --src "$2" --dst "$3" --ethertype "$4" --count 5 "${@:5}"; }

# grep_count NAME REGEX: captured packets of capture NAME matching REGEX
grep_count() { grep '^[0-9]' "$TMP/$1.txt" | grep -cE -- "$2"; }

mirror_count() { vswctl -j mirror show "$1" "$2" | jq -r ".[0].$3"; }

span()
{
	local before

	vswctl mirror add sw0 s1 src vm1p dst port mon1p
	check_err $? "mirror add failed"
	cap_start mon1 mon1 eth0 ether proto 0x88b6 or ether proto 0x88b7 or ether proto 0x88b8
	frames vm1 $M1 $M2 0x88b6
	frames vm2 $M2 $M1 0x88b7
	frames vm3 $M3 $M2 0x88b8 --vlan 10
	cap_stop mon1
	[ "$(grep_count mon1 '0x88b6')" -eq 5 ] && [ "$(grep_count mon1 '0x88b7')" -eq 5 ] &&
	[ "$(grep_count mon1 '0x88b8')" -eq 0 ]
	check_err $? "mon1 got $(grep_count mon1 0x88b6)/5 of vm1's, $(grep_count mon1 0x88b7)/5 of vm1's received, $(grep_count mon1 0x88b8)/0 of vm3's"
	[ "$(mirror_count sw0 s1 packets)" -eq 10 ]
	check_err $? "session counted $(mirror_count sw0 s1 packets) copies, expected 10"
	# dst-io off (the default): mon1 neither sends nor gets its own traffic
	before=$(counter port mon1p drops.mirror)
	ping_fails mon1 10.0.10.2
	check_err $? "a destination port without dst-io forwarded its traffic"
	[ "$(counter port mon1p drops.mirror)" -gt "$before" ]
	check_err $? "mon1p counted no mirror drops"
	vswctl mirror set sw0 s1 dst-io on &&
	ping_ok mon1 10.0.10.2
	check_err $? "dst-io on: mon1 does not reach vm2"
	# by name: vm1's port leaves and comes back
	vswctl port del vm1p && vswctl port add sw0 v10 vm1p
	cap_start mon1 mon1 eth0 ether proto 0x88b6
	frames vm1 $M1 $M2 0x88b6
	cap_stop mon1
	[ "$(cap_count mon1)" -eq 5 ]
	check_err $? "vm1p re-attached: mon1 got $(cap_count mon1) of 5 copies"
	vswctl mirror del sw0 s1
	# to an internal port: the host's tcpdump sees the copies, which are
	# not switched again (vm1 gets vm2's frames once)
	vswctl port add sw0 mon vmk1 internal && ip link set vmk1 up &&
	vswctl mirror add sw0 s2 src vm2p dir in dst port vmk1
	check_err $? "mirror to an internal port refused"
	cap_start vmk1 - vmk1 ether proto 0x88b6 && cap_start vm1 vm1 eth0 ether proto 0x88b6
	frames vm2 $M2 $M1 0x88b6
	cap_stop vmk1; cap_stop vm1
	[ "$(cap_count vmk1)" -eq 5 ] && [ "$(cap_count vm1)" -eq 5 ]
	check_err $? "internal port destination: the host saw $(cap_count vmk1) of 5, vm1 got $(cap_count vm1) (expected 5)"
	vswctl mirror del sw0 s2; vswctl port del vmk1
	ping_ok mon1 10.0.10.2
	check_err $? "mon1 does not forward after the session is deleted"
	cap_start mon1 mon1 eth0 ether proto 0x88b6
	frames vm1 $M1 $M2 0x88b6
	cap_stop mon1
	[ "$(cap_count mon1)" -eq 0 ]
	check_err $? "mon1 got $(cap_count mon1) copies without a session"
	log_test "mirror: local SPAN of a port, both directions; dst-io"
}

tags()
{
	vswctl mirror add sw0 t1 src vm3p,vm1p,up0 dst port mon1p
	check_err $? "mirror add failed"
	cap_start mon1 mon1 eth0 ether proto 0x88b6 or ether proto 0x88b7 or \
		ether proto 0x88b9 or vlan
	frames vm3 $M3 $M1 0x88b6 --vlan 10	# in on vm3p (tagged), out on vm1p
	frames vm1 $M1 $M3 0x88b7		# in on vm1p, out on vm3p (tagged)
	n phys $FRAME br0.10 --src 02:00:00:00:fe:10 --dst $M1 --ethertype 0x88b9 --count 5
	cap_stop mon1
	# each 5 tagged (trunk port in or out, uplink in) and 5 untagged
	# (access port vm1p out or in)
	[ "$(grep_count mon1 '0x88b6')" -eq 10 ] &&
	[ "$(grep_count mon1 'vlan 10, .*0x88b6')" -eq 5 ] &&
	[ "$(grep_count mon1 '0x88b7')" -eq 10 ] &&
	[ "$(grep_count mon1 'vlan 10, .*0x88b7')" -eq 5 ] &&
	[ "$(grep_count mon1 '0x88b9')" -eq 10 ] &&
	[ "$(grep_count mon1 'vlan 10, .*0x88b9')" -eq 5 ]
	check_err $? "tags on the copies: $(grep '^[0-9]' "$TMP/mon1.txt" | cut -c17- | sed -E 's/, length.*//' | sort | uniq -c | tr '\n' ';')"
	vswctl mirror del sw0 t1
	log_test "mirror: copies carry the wire-side tag (trunk, uplink, access)"
}

snap_sample()
{
	vswctl mirror add sw0 c1 src vm1p dir in dst port mon1p snaplen 100
	check_err $? "mirror add snaplen failed"
	cap_start mon1 mon1 eth0 ether proto 0x88b6
	frames vm1 $M1 $M2 0x88b6 --size 1000
	cap_stop mon1
	[ "$(grep_count mon1 'length 100:')" -eq 5 ]
	check_err $? "snaplen 100: $(cap_show mon1)"
	vswctl mirror set sw0 c1 snaplen 0 sample 4
	cap_start mon1 mon1 eth0 ether proto 0x88b6
	n vm1 $FRAME eth0 --src $M1 --dst $M2 --ethertype 0x88b6 --count 40
	cap_stop mon1
	[ "$(cap_count mon1)" -eq 10 ]
	check_err $? "sample 4: mon1 got $(cap_count mon1) of 40 frames, expected 10"
	[ "$(mirror_count sw0 c1 packets)" -eq 15 ] &&
	[ "$(mirror_count sw0 c1 drops)" -eq 0 ]
	check_err $? "counters: $(vswctl mirror show sw0)"
	vswctl mirror del sw0 c1
	log_test "mirror: snaplen and sample on the copies"
}

rspan()
{
	local before

	vswctl mirror add sw0 r1 src vm1p dst uplink up0 vlan 99 &&
	vswctl mirror add sw1 r2 src vlan 99 dst port mon2p
	check_err $? "mirror add RSPAN failed"
	cap_start mon2 mon2 eth0 ether proto 0x88b6 or ether proto 0x88b7 or vlan
	cap_start up0f phys up0f vlan 99
	frames vm1 $M1 $M2 0x88b6
	cap_stop mon2; cap_stop up0f
	[ "$(grep_count mon2 '0x88b6')" -eq 5 ] && [ "$(grep_count mon2 'vlan')" -eq 0 ]
	check_err $? "RSPAN destination mon2: $(cap_show mon2)"
	[ "$(grep_count up0f 'vlan 99,.*0x88b6')" -eq 5 ]
	check_err $? "VLAN 99 on the physical network: $(cap_show up0f)"
	# VLAN 99 from the physical network: sw1 takes it to mon2, untagged;
	# sw0, whose RSPAN VLAN it is, drops it
	phys_host 99 10.0.99.254/24
	before=$(counter uplink up0 drops.mirror)
	cap_start mon2 mon2 eth0 ether proto 0x88b7 or vlan
	n phys $FRAME br0.99 --src 02:00:00:00:fe:99 --dst $BCAST --ethertype 0x88b7 --count 5
	cap_stop mon2
	[ "$(grep_count mon2 '0x88b7')" -eq 5 ] && [ "$(grep_count mon2 'vlan')" -eq 0 ]
	check_err $? "VLAN 99 from phys to mon2: $(cap_show mon2)"
	[ $(($(counter uplink up0 drops.mirror) - before)) -eq 5 ]
	check_err $? "sw0 counted $(($(counter uplink up0 drops.mirror) - before)) RSPAN frames it sends itself, expected 5"
	# a port may not send into an RSPAN VLAN
	vswctl portgroup set sw0 tr vlan trunk 10,99
	before=$(counter port vm3p drops.mirror)
	cap_start up0f phys up0f vlan 99
	frames vm3 $M3 $BCAST 0x88b8 --vlan 99
	cap_stop up0f
	[ "$(cap_count up0f)" -eq 0 ] &&
	[ $(($(counter port vm3p drops.mirror) - before)) -eq 5 ]
	check_err $? "a guest sent into the RSPAN VLAN: $(cap_count up0f) frames on the wire"
	vswctl portgroup set sw0 tr vlan trunk 10
	vswctl mirror del sw0 r1; vswctl mirror del sw1 r2
	log_test "mirror: RSPAN source to an uplink, RSPAN destination to a port"
}

erspan()
{
	local a b

	ns_add coll &&
	ip link add ul0 type veth peer name ul0f netns coll && LINKS+=(ul0) &&
	ip addr add 10.9.0.1/24 dev ul0 && ip link set ul0 up &&
	ip -n coll addr add 10.9.0.2/24 dev ul0f && ip -n coll link set ul0f up &&
	ip link add erspan1 type erspan seq key 10 local 10.9.0.1 remote 10.9.0.2 \
		erspan_ver 1 erspan 123 && LINKS+=(erspan1) &&
	ip link set erspan1 up &&
	ip -n coll link add erspan1 type erspan seq key 10 local 10.9.0.2 \
		remote 10.9.0.1 erspan_ver 1 erspan 123 &&
	ip -n coll link set erspan1 up
	check_err $? "cannot make the erspan tunnel"
	vswctl mirror add sw0 e1 src vm1p dir in dst dev erspan1
	check_err $? "mirror add dst dev failed"
	ping -q -c 1 -W 2 10.9.0.2 > /dev/null	# the collector's neighbour
	cap_start coll coll erspan1 -xx ether proto 0x88b6
	cap_start vm2 vm2 eth0 -xx ether proto 0x88b6
	frames vm1 $M1 $M2 0x88b6 --count 3 --size 200
	cap_stop coll; cap_stop vm2
	a=$(grep -v '^[0-9]' "$TMP/coll.txt" | md5sum)
	b=$(grep -v '^[0-9]' "$TMP/vm2.txt" | md5sum)
	[ "$(cap_count coll)" -eq 3 ] && [ "$a" = "$b" ]
	check_err $? "ERSPAN collector got $(cap_count coll) of 3, bytes $([ "$a" = "$b" ] && echo same || echo differ)"
	ip link del erspan1
	frames vm1 $M1 $M2 0x88b6 --count 2
	[ "$(mirror_count sw0 e1 drops)" -ge 2 ]
	check_err $? "the tunnel gone: $(mirror_count sw0 e1 drops) copies counted lost"
	vswctl mirror del sw0 e1
	log_test "mirror: ERSPAN through the kernel's erspan tunnel, byte for byte"
}

loops()
{
	vswctl mirror add sw0 l1 src vm1p dst port mon1p
	fails_cleanly "never a source" vswctl mirror add sw0 l2 src mon1p dst port vm2p
	fails_cleanly "never a source" vswctl mirror add sw0 l2 src vm2p dst port vm1p
	fails_cleanly "never a source" vswctl mirror add sw0 l2 src vm2p,vm3p dst port vm3p
	fails_cleanly "never a source" vswctl mirror set sw0 l1 src vm1p,mon1p
	fails_cleanly "has a session" vswctl mirror add sw0 l1 src vm2p dst port mon1p
	fails_cleanly "VLAN sources" vswctl mirror add sw0 l2 src vlan 99 dst uplink up0 vlan 98
	fails_cleanly "VLAN sources" vswctl mirror add sw0 l2 src vlan 99 dir both dst port mon1p
	fails_cleanly "RSPAN VLAN" vswctl mirror add sw0 l2 src vm2p dst uplink up0
	fails_cleanly "no uplink" vswctl mirror add sw0 l2 src vm2p dst uplink vm3p vlan 99
	fails_cleanly "netdev outside" vswctl mirror add sw0 l2 src vm2p dst dev vm3p
	fails_cleanly "snaplen" vswctl mirror add sw0 l2 src vm2p dst port mon1p snaplen 10
	fails_cleanly "dst-io is for" vswctl mirror add sw0 l2 src vm2p dst uplink up0 vlan 99 dst-io on
	fails_cleanly "one kind" vswctl mirror add sw0 l2 src vm2p src portgroup v10 dst port mon1p
	fails_cleanly "needs sources" vswctl mirror add sw0 l2 dst port mon1p
	fails_cleanly "no portgroup" vswctl mirror add sw0 l2 src portgroup nope dst port mon1p
	fails_cleanly "no session" vswctl mirror del sw0 nope
	vswctl port add sw0 v10 vmk0 internal
	fails_cleanly "netdev outside" vswctl mirror add sw0 l2 src vmk0 dst dev lo
	ip link add dum0 type dummy && LINKS+=(dum0)
	fails_cleanly "loop" vswctl mirror add sw0 l2 src vmk0 dst dev dum0
	fails_cleanly "loop" vswctl mirror add sw0 l2 src up0 dst dev dum0
	vswctl mirror add sw0 l2 src up0 dir in dst dev dum0
	check_err $? "an uplink's dir in into a netdev refused"
	# what a destination sends must not come straight back into a switch
	ip link add lpa type veth peer name lpb && LINKS+=(lpa) &&
	ip link set lpa up && ip link set lpb up && vswctl port add sw0 v10 lpb
	fails_cleanly "comes back" vswctl mirror add sw0 l4 src vm2p dst dev lpa
	vswctl port add sw0 mon lpa
	fails_cleanly "comes back" vswctl mirror add sw0 l4 src vm2p dst port lpa
	vswctl port del lpa; vswctl port del lpb; ip link del lpa
	# a portgroup source: its members, never its destination
	vswctl mirror add sw0 l3 src portgroup mon dst port vm3p
	check_err $? "a portgroup source refused"
	vswctl mirror del sw0 l1 && vswctl mirror del sw0 l2 && vswctl mirror del sw0 l3
	vswctl port del vmk0
	ip link del dum0
	log_test "mirror: loops and bad sessions refused, nothing changed"
}

originals()
{
	local sent got

	vswctl mirror add sw0 o1 src vm1p dst port mon1p
	ip -n mon1 link set eth0 down
	n vm2 python3 "$top/selftests/tcpxfer.py" server 5001 > "$TMP/srv.txt" &
	wait_until 30 bash -c "ip netns exec vm2 ss -Hltn 'sport = :5001' | grep -q ."
	sent=$(n vm1 python3 "$top/selftests/tcpxfer.py" client 10.0.10.2 5001 4000000)
	wait
	got=$(cat "$TMP/srv.txt")
	[ -n "$sent" ] && [ "$sent" = "$got" ]
	check_err $? "4 MB through a mirrored port: sent $sent, got $got"
	[ "$(mirror_count sw0 o1 drops)" -gt 20 ]
	check_err $? "copies to a destination that is down: $(mirror_count sw0 o1 drops) counted lost"
	ip -n mon1 link set eth0 up
	vswctl mirror del sw0 o1
	log_test "mirror: originals intact when the destination cannot take copies"
}

persist()
{
	local saved mon

	vswctl monitor > "$TMP/monitor.txt" 2>&1 &
	mon=$!
	sleep 0.3
	vswctl mirror add sw0 p1 src vm1p,vm2p dir out dst port mon1p snaplen 128 &&
	vswctl mirror add sw0 p2 src portgroup tr dst uplink up0 vlan 99 sample 10 &&
	vswctl mirror add sw1 p3 src vlan 99,100-102 dst port mon2p dst-io on &&
	vswctl mirror set sw0 p2 sample 5
	check_err $? "mirror add failed"
	saved=$(vswctl save)
	vswctl mirror del sw0 p1; vswctl mirror set sw0 p2 snaplen 64
	vswctl mirror del sw1 p3
	echo "$saved" | vswctl apply - > "$TMP/apply.out"
	check_err $? "apply failed: $(cat "$TMP/apply.out")"
	[ "$(vswctl save)" = "$saved" ]
	check_err $? "the sessions after apply: $(vswctl mirror show)"
	echo "$saved" | vswctl apply - > "$TMP/apply2.out"
	! grep -qv '^#' "$TMP/apply2.out"
	check_err $? "a second apply sent: $(cat "$TMP/apply2.out")"
	echo "$saved" | jq -e '.switches[] | select(.name == "sw1") | .mirrors ==
		[{"name": "p3", "src": "vlan 99-102", "dir": "in",
		  "dst": "port mon2p", "snaplen": "0", "sample": "1",
		  "dst_io": "on"}]' > /dev/null
	check_err $? "save: $(echo "$saved" | jq -c '.switches[].mirrors')"
	sleep 0.3
	kill $mon; wait $mon 2>/dev/null
	grep -q "^mirror add switch sw0 name p1 src vm1p,vm2p dir out dst port mon1p snaplen 128 sample 1 dst-io off" "$TMP/monitor.txt" &&
	grep -q "^mirror set switch sw0 name p2 .*sample 5" "$TMP/monitor.txt" &&
	grep -q "^mirror del switch sw1 name p3" "$TMP/monitor.txt"
	check_err $? "monitor: $(grep mirror "$TMP/monitor.txt" | head -n 5)"
	vswctl switch del sw1 && SWITCHES=(sw0)
	vswctl mirror del sw0 p1; vswctl mirror del sw0 p2
	log_test "mirror: save/apply keep the sessions; events"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
