#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPFIX flow export (issue 19; vDS "NetFlow"): the switch samples its IPFIX
# portgroups' frames into psample, vswitch-ipfixd keeps the flows and
# exports IPFIX with libfixbuf; Debian's nfcapd collects and nfdump reads:
# the judge is not our code.
#
#   vm1 10.0.10.1 --+ v10 (VLAN 10, ipfix on)
#   vm2 10.0.10.2 --+                      sw0 -- up0 -- phys 10.0.10.254
#   vm3 10.0.20.3 --- v20 (VLAN 20)                       10.0.20.254
#   host: ul0 10.9.0.1 --veth-- netns coll: ul0f 10.9.0.2, nfcapd :4739
#
#   flows        N ICMP echoes, UDP to 3 ports, 1 MB of TCP: exact packet
#                and byte counts (sample 1), VLAN 10, ingress and egress
#                ifindexes; nothing of a portgroup without ipfix
#   timeouts     a flow longer than the active timeout is reported in
#                parts, whose packets add up; a short one once (idle)
#   internal     internal-only: flows via the uplink are not exported
#   sample       sample 4: packet counts are scaled estimates
#   daemon       the interface names go in options records; a full flow
#                table says so and reports its oldest flow early (no
#                count lost); export off stops the records
#   persist      save/apply keep the switch's ipfix and the portgroup's
ALL_TESTS="flows timeouts internal sample daemon persist"
source "$(dirname "$0")/lib.sh"

IPFIXD=$top/userspace/vswitch-ipfixd

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 v10 vlan 10 ipfix on &&
	vswctl portgroup add sw0 v20 vlan 20 &&
	phys_add && uplink_add sw0 up0 &&
	phys_host 10 10.0.10.254/24 && phys_host 20 10.0.20.254/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 v10 10.0.10.2/24 $M2 &&
	vm_add vm3 sw0 v20 10.0.20.3/24 $M3 &&
	ns_add coll &&
	ip link add ul0 type veth peer name ul0f netns coll && LINKS+=(ul0) &&
	ip addr add 10.9.0.1/24 dev ul0 && ip link set ul0 up &&
	ip -n coll addr add 10.9.0.2/24 dev ul0f && ip -n coll link set ul0f up &&
	vswctl ipfix set sw0 collector 10.9.0.2 domain 7 idle-timeout 2 &&
	daemon_start
}

daemon_start()
{
	"$IPFIXD" --template-interval 1 --verbose "$@" 2>> "$TMP/ipfixd.log" &
	echo $! > "$TMP/ipfixd.pid"
	wait_until 5 grep -q "exporting to" "$TMP/ipfixd.log"
}

daemon_stop()
{
	kill "$(cat "$TMP/ipfixd.pid")" 2>/dev/null
	wait "$(cat "$TMP/ipfixd.pid")" 2>/dev/null
}

# collect: a fresh nfcapd in coll; collected: stop it and print the flows
collect()
{
	rm -rf "$TMP/nf" && mkdir -p "$TMP/nf"
	# (not through n(): $! must be nfcapd's, which flushes at SIGTERM)
	ip netns exec coll nfcapd -w "$TMP/nf" -p 4739 -b 10.9.0.2 -t 3600 \
		> "$TMP/nfcapd.log" 2>&1 &
	echo $! > "$TMP/nfcapd.pid"
	# listening (nfcapd starts slowly under TCG) ...
	wait_until 10 bash -c "ip netns exec coll ss -Huln 'sport = 4739' | grep -q ."
	# ... then a new collector drops data sets until the templates are
	# resent (UDP, RFC 7011: every template interval, 1 s here)
	sleep 1.5
}

# collected [FILTER]: pr|sa|da|sp|dp|pkt|byt|in|out|vlan, one flow record a line
collected()
{
	kill -TERM "$(cat "$TMP/nfcapd.pid")" 2>/dev/null
	wait "$(cat "$TMP/nfcapd.pid")" 2>/dev/null
	nfdump -R "$TMP/nf" -q -N -o "fmt:%pr|%sa|%da|%sp|%dp|%pkt|%byt|%in|%out|%svln" \
		"${1:-any}" 2>/dev/null | tr -d ' ' > "$TMP/flows.txt"
	cat "$TMP/flows.txt"
}

# sum FIELD FILTER...: the total of a column over the records grep matches
sum() { local f=$1; shift; grep -E "$@" "$TMP/flows.txt" | awk -F'|' -v f="$f" '{ s += $f } END { print s + 0 }'; }

# wait out the idle timeout (2 s) and the daemon's scan, then some
settle() { sleep 4; }

ifindex() { cat "/sys/class/net/$1/ifindex"; }

udp_to()
{
	n "$1" python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for p in (5001, 5002, 5003):
    for _ in range(4):
        s.sendto(b'x' * 100, ('$2', p))
"
}

flows()
{
	local in1 in2 got sent

	in1=$(ifindex vm1p); in2=$(ifindex vm2p)
	collect
	n vm1 ping -q -c 5 -i 0.2 10.0.10.2 > /dev/null
	udp_to vm1 10.0.10.2
	n vm2 python3 "$top/selftests/tcpxfer.py" server 5004 > "$TMP/srv.txt" &
	wait_until 30 bash -c "ip netns exec vm2 ss -Hltn 'sport = :5004' | grep -q ."
	sent=$(n vm1 python3 "$top/selftests/tcpxfer.py" client 10.0.10.2 5004 1000000)
	wait $!
	n vm3 ping -q -c 3 -i 0.2 10.0.20.254 > /dev/null
	settle
	collected > /dev/null
	# ICMP: 5 echoes of 84 bytes each way
	# (ICMP type.code as the destination port: echo 8.0, reply 0.0)
	[ "$(sum 6 '^1\|10.0.10.1\|10.0.10.2\|0\|8.0\|')" -eq 5 ] &&
	[ "$(sum 7 '^1\|10.0.10.1\|10.0.10.2\|0\|8.0\|')" -eq 420 ] &&
	[ "$(sum 6 '^1\|10.0.10.2\|10.0.10.1\|0\|0.0\|')" -eq 5 ]
	check_err $? "ICMP flows: $(grep '^1|' "$TMP/flows.txt" | tr '\n' ' ')"
	# UDP: 4 datagrams of 128 IP bytes to each of 3 ports, one flow each
	[ "$(grep -c '^17|10.0.10.1|10.0.10.2|' "$TMP/flows.txt")" -eq 3 ] &&
	[ "$(sum 6 '^17\|10.0.10.1\|10.0.10.2\|[0-9]+\|500[123]\|')" -eq 12 ] &&
	[ "$(sum 7 '^17\|10.0.10.1\|10.0.10.2\|[0-9]+\|500[123]\|')" -eq 1536 ]
	check_err $? "UDP flows: $(grep '^17|' "$TMP/flows.txt" | tr '\n' ' ')"
	# TCP: the transfer's bytes and more (headers); the VLAN and ports
	got=$(sum 7 '^6\|10.0.10.1\|10.0.10.2\|[0-9]+\|5004\|')
	[ "$got" -ge 1000000 ] && [ "$got" -lt 1200000 ]
	check_err $? "TCP flow of 1 MB: $got bytes"
	grep -qE "^1\|10.0.10.1\|10.0.10.2\|.*\|$in1\|$in2\|10$" "$TMP/flows.txt"
	check_err $? "VLAN or interfaces (in $in1, out $in2, VLAN 10): $(grep '^1|' "$TMP/flows.txt" | head -n1)"
	! grep -q "10.0.20" "$TMP/flows.txt"
	check_err $? "a portgroup without ipfix was exported"
	log_test "ipfix: exact flows at sample 1 through nfcapd (ICMP, UDP, TCP)"
}

timeouts()
{
	local parts

	vswctl ipfix set sw0 active-timeout 3
	collect
	n vm1 ping -q -c 20 -i 0.4 10.0.10.2 > /dev/null	# 8 s
	settle
	collected > /dev/null
	parts=$(grep -c '^1|10.0.10.1|10.0.10.2|' "$TMP/flows.txt")
	[ "$parts" -ge 2 ] && [ "$(sum 6 '^1\|10.0.10.1\|10.0.10.2\|')" -eq 20 ]
	check_err $? "an 8 s flow, active timeout 3 s: $parts records, $(sum 6 '^1\|10.0.10.1\|10.0.10.2\|') packets"
	vswctl ipfix set sw0 active-timeout 60
	collect
	n vm1 ping -q -c 2 -i 0.2 10.0.10.2 > /dev/null
	settle
	collected > /dev/null
	[ "$(grep -c '^1|10.0.10.1|10.0.10.2|' "$TMP/flows.txt")" -eq 1 ]
	check_err $? "a short flow, idle timeout 2 s: $(grep '^1|' "$TMP/flows.txt" | tr '\n' ' ')"
	log_test "ipfix: active timeout splits a long flow, idle timeout ends a short one"
}

internal()
{
	vswctl ipfix set sw0 internal-only on
	collect
	n vm1 ping -q -c 3 -i 0.2 10.0.10.254 > /dev/null
	n vm1 ping -q -c 3 -i 0.2 10.0.10.2 > /dev/null
	settle
	collected > /dev/null
	! grep -q "10.0.10.254" "$TMP/flows.txt" &&
	[ "$(sum 6 '^1\|10.0.10.1\|10.0.10.2\|')" -eq 3 ]
	check_err $? "internal-only: $(tr '\n' ' ' < "$TMP/flows.txt")"
	vswctl ipfix set sw0 internal-only off
	collect
	n vm1 ping -q -c 3 -i 0.2 10.0.10.254 > /dev/null
	settle
	collected > /dev/null
	[ "$(sum 6 '^1\|10.0.10.1\|10.0.10.254\|')" -eq 3 ]
	check_err $? "via the uplink: $(tr '\n' ' ' < "$TMP/flows.txt")"
	log_test "ipfix: internal-only leaves out the flows via an uplink"
}

sample()
{
	local pk

	vswctl ipfix set sw0 sample 4
	collect
	n vm1 ping -q -c 40 -i 0.05 10.0.10.2 > /dev/null
	settle
	collected > /dev/null
	pk=$(sum 6 '^1\|10.0.10.1\|10.0.10.2\|')
	# 1 of 4 at random, each counted as 4: 10 expected, 2-20 is beyond
	# 3.5 standard deviations
	[ $((pk % 4)) -eq 0 ] && [ "$pk" -ge 8 ] && [ "$pk" -le 80 ]
	check_err $? "sample 4 of 40 echoes: $pk packets reported"
	vswctl ipfix set sw0 sample 1
	log_test "ipfix: sample N reports scaled estimates"
}

daemon()
{
	local before

	# the names of the interfaces, in options records
	collect
	ip netns exec coll tcpdump -i ul0f -nn -A -l udp port 4739 \
		> "$TMP/ipfix.txt" 2> /dev/null &
	local dump=$!
	sleep 2	# a template interval
	kill $dump; wait $dump 2>/dev/null
	collected > /dev/null
	grep -q "vm1p" "$TMP/ipfix.txt" && grep -q "vm2p" "$TMP/ipfix.txt"
	check_err $? "no interface names in the export"
	# a full table says so, and loses no count: its oldest flow is
	# reported early
	daemon_stop
	: > "$TMP/ipfixd.log"
	daemon_start --max-flows 2
	collect
	udp_to vm1 10.0.10.2
	settle
	collected > /dev/null
	grep -q "flow table is full" "$TMP/ipfixd.log" &&
	[ "$(grep -c '^17|' "$TMP/flows.txt")" -eq 3 ] &&
	[ "$(sum 6 '^17\|10.0.10.1\|10.0.10.2\|')" -eq 12 ]
	check_err $? "max-flows 2: $(grep full "$TMP/ipfixd.log"), $(tr '\n' ' ' < "$TMP/flows.txt")"
	daemon_stop
	daemon_start
	# export off: no more records
	vswctl ipfix set sw0 collector off
	[ "$(vswctl -j ipfix show sw0 | jq -r '.[0].collector')" = off ]
	check_err $? "ipfix show: $(vswctl ipfix show sw0)"
	collect
	n vm1 ping -q -c 3 -i 0.2 10.0.10.2 > /dev/null
	settle
	collected > /dev/null
	! grep -q '^[0-9]*|' "$TMP/flows.txt"
	check_err $? "export off, still: $(tr '\n' ' ' < "$TMP/flows.txt")"
	vswctl ipfix set sw0 collector 10.9.0.2
	log_test "ipfix: interface names, a full flow table, export off"
}

persist()
{
	local saved

	saved=$(vswctl save)
	echo "$saved" | jq -e '.switches[0].ipfix == {"collector": "10.9.0.2:4739",
		"domain": "7", "sample": "1", "active_timeout": "60",
		"idle_timeout": "2", "internal_only": "off"} and
		(.switches[0].portgroups[] | select(.name == "v10") | .ipfix) == true' > /dev/null
	check_err $? "save: $(echo "$saved" | jq -c '.switches[0].ipfix')"
	vswctl ipfix set sw0 collector off domain 3 && vswctl portgroup set sw0 v10 ipfix off
	echo "$saved" | vswctl apply - > "$TMP/apply.out"
	check_err $? "apply failed: $(cat "$TMP/apply.out")"
	[ "$(vswctl save)" = "$saved" ]
	check_err $? "after apply: $(vswctl save | jq -c '.switches[0].ipfix')"
	echo "$saved" | vswctl apply - > "$TMP/apply2.out"
	! grep -qv '^#' "$TMP/apply2.out"
	check_err $? "a second apply sent: $(cat "$TMP/apply2.out")"
	log_test "ipfix: save/apply keep the export and the portgroups'"
}

cleanup()
{
	daemon_stop
	kill "$(cat "$TMP/nfcapd.pid" 2>/dev/null)" 2>/dev/null
	cleanup_objects
}

trap cleanup EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
