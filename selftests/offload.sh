#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tap offloads, as qemu uses them: tapgso opens a tap with IFF_VNET_HDR and
# TSO/checksum offloads and sends a TCP stream in 64 KB GSO frames with
# partial checksums.  The stream must arrive whole, with every checksum
# right, at a real TCP stack behind a veth port, at a host behind a tagged
# uplink without offloads, at another tap (intact GSO frames, or segmented
# and checksummed when that tap takes no offloads), and from a trunk port.
ALL_TESTS="tap_to_veth tap_to_uplink_no_offloads tap_to_tap tap_to_tap_nooffload
	   trunk_tap_to_veth"
source "$(dirname "$0")/lib.sh"

TAPGSO=$top/selftests/tapgso
XFER="python3 $top/selftests/tcpxfer.py"
BYTES=1000000
TMAC=02:00:00:00:0d:01
T2MAC=02:00:00:00:0d:02

modprobe tun 2> /dev/null

sha_of_pattern()
{
	python3 -c "import hashlib; print(hashlib.sha256(bytes(i % 251 for i in range($1))).hexdigest())"
}

csum_errors()
{
	n "$1" cat /proc/net/snmp | awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1 } else print $c["InCsumErrors"] }'
}

setup()
{
	switch_add sw0 && phys_add && uplink_add sw0 up0 &&
	vswctl portgroup add sw0 v10 vlan 10 forged-tx on mac-changes on &&
	vswctl portgroup add sw0 tr vlan trunk 10 mac-changes on &&
	vm_add vm1 sw0 v10 10.0.10.1/24 "$M1" &&
	phys_host 10 10.0.10.254/24 &&
	learn_all vm1
}

# tap_port NAME PG [MAC]: a persistent vnet_hdr tap, a port of PG (with
# MAC configured: a tap that has not spoken yet is otherwise unknown, and
# unknown unicast never reaches a port)
tap_port()
{
	ip tuntap add mode tap vnet_hdr name "$1" && LINKS+=("$1") &&
	ip link set "$1" up && vswctl port add sw0 "$2" "$1" ${3:+mac $3}
}

# xfer NS IP [VID]: tapgso sends to a tcpxfer server at NS/IP; checks the
# bytes, and that the receiving stack saw no bad checksum
xfer()
{
	local ns=$1 ip=$2 vid=$3 dmac got want before srv

	dmac=$(n "$ns" ip -j link show | jq -r '.[] | select(.ifname != "lo" and (.ifname | test("^(eth0|br0)$"))) | .address' | head -n1)
	n "$ns" ip neigh replace 10.0.10.50 lladdr $TMAC dev "$([ "$ns" = phys ] && echo br0.10 || echo eth0)"
	before=$(csum_errors "$ns")
	n "$ns" $XFER server 5001 > "$TMP/srv.out" 2>&1 &
	srv=$!
	wait_until 15 bash -c "ip netns exec $ns ss -ltn | grep -q ':5001 '"
	$TAPGSO send tg0 $TMAC "$dmac" 10.0.10.50 "$ip" 5001 $BYTES $vid > "$TMP/send.out" 2>&1
	check_err $? "tapgso send failed: $(cat "$TMP/send.out")"
	wait $srv
	got=$(cat "$TMP/srv.out")
	want=$(sha_of_pattern $BYTES)
	[ "$got" = "$want" ]
	check_err $? "the stream did not arrive whole ($got)"
	[ "$(csum_errors "$ns")" = "$before" ]
	check_err $? "the receiver counted bad checksums ($before -> $(csum_errors "$ns"))"
}

tap_to_veth()
{
	setup && tap_port tg0 v10
	check_err $? "setup failed"
	xfer vm1 10.0.10.1
	cleanup_objects
	log_test "64 KB GSO frames from a tap to a VM behind a veth"
}

tap_to_uplink_no_offloads()
{
	setup && tap_port tg0 v10
	check_err $? "setup failed"
	ethtool -K up0 tx off sg off tso off gso off > /dev/null 2>&1
	cap_start big phys up0f "vlan 10 and tcp and greater 1600"
	xfer phys 10.0.10.254
	cap_stop big
	[ "$(cap_count big)" = 0 ]
	check_err $? "frames over the MTU crossed the uplink: $(cap_show big)"
	cleanup_objects
	log_test "GSO frames from a tap through a tagged uplink without offloads"
}

# sink_xfer [nooffload]: tap to tap
sink_xfer()
{
	local sink

	setup && tap_port tg0 v10 && tap_port tg1 v10 $T2MAC
	check_err $? "setup failed"
	$TAPGSO sink tg1 $T2MAC 10.0.10.60 5002 $BYTES $1 > "$TMP/sink.out" 2>&1 &
	sink=$!
	sleep 0.5
	$TAPGSO send tg0 $TMAC $T2MAC 10.0.10.50 10.0.10.60 5002 $BYTES > "$TMP/send.out" 2>&1
	check_err $? "tapgso send failed: $(cat "$TMP/send.out")"
	wait $sink
	check_err $? "the sink tap got a bad stream: $(cat "$TMP/sink.out")"
	echo "# $(cat "$TMP/sink.out")"
}

tap_to_tap()
{
	sink_xfer
	grep -Eq "\(([1-9][0-9]*) GSO\)" "$TMP/sink.out"
	check_err $? "no GSO frame reached a tap that takes them"
	cleanup_objects
	log_test "tap to tap: GSO frames arrive intact with their partial checksum"
}

tap_to_tap_nooffload()
{
	sink_xfer nooffload
	grep -q "(0 GSO), 0 bad checksums" "$TMP/sink.out"
	check_err $? "a tap without offloads got GSO frames or bad checksums"
	cleanup_objects
	log_test "tap to a tap without offloads: segmented, every checksum right"
}

trunk_tap_to_veth()
{
	setup && tap_port tg0 tr
	check_err $? "setup failed"
	xfer vm1 10.0.10.1 10
	cleanup_objects
	log_test "tagged GSO frames from a trunk port's tap to an access VM"
}

trap cleanup_objects EXIT
run_tests
