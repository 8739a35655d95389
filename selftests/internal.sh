#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Internal ports (ESX vmkernel ports): a netdev the switch creates for the
# host's own stack.  The host pings a VM of its portgroup and, in a tagged
# VLAN, a host of the physical network through an uplink; its MAC is a
# static MAC table entry that follows `ip link set address`; the netdev goes
# with its port, its switch, its namespace and the module; bad requests
# change nothing.
ALL_TESTS="host_pings_vm host_through_uplink mac_follows_netdev
	   trunk_internal lifecycle bad_requests"
source "$(dirname "$0")/lib.sh"

HMAC=02:00:00:00:0b:01

setup()
{
	switch_add sw0 && phys_add && uplink_add sw0 up0 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 v20 vlan 20 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 "$M1"
}

host_addr()
{
	ip addr add "$2" dev "$1" && ip link set "$1" up
}

host_pings_vm()
{
	setup
	check_err $? "setup failed"
	vswctl port add sw0 v10 vmk0 internal mac $HMAC
	check_err $? "port add ... internal failed"
	[ "$(ip -j link show vmk0 | jq -r '.[0].address')" = $HMAC ]
	check_err $? "vmk0 does not exist or has another MAC"
	vswctl -j port show | jq -e '.[] | select(.name == "vmk0" and .kind == "internal" and .portgroup == "v10")' > /dev/null
	check_err $? "port show does not list vmk0 as internal in v10"
	fdb_has sw0 10 $HMAC vmk0
	check_err $? "the internal port's MAC is not in the MAC table"
	host_addr vmk0 10.0.10.100/24
	ping -q -c 3 -i 0.2 -W 2 10.0.10.1 > /dev/null
	check_err $? "the host cannot ping vm1 over vmk0"
	ping_ok vm1 10.0.10.100
	check_err $? "vm1 cannot ping the host"
	[ "$(counter port vmk0 rx_packets)" -ge 3 ] && [ "$(counter port vmk0 tx_packets)" -ge 3 ]
	check_err $? "the port's counters did not move"
	cleanup_objects
	log_test "the host pings a VM over an internal port"
}

host_through_uplink()
{
	setup && phys_host 20 10.0.20.254/24
	check_err $? "setup failed"
	vswctl port add sw0 v20 vmk1 internal && host_addr vmk1 10.0.20.100/24
	check_err $? "internal port in VLAN 20 failed"
	cap_start tag phys up0f vlan 20 and icmp
	ping -q -c 3 -i 0.2 -W 2 10.0.20.254 > /dev/null
	check_err $? "the host cannot reach the physical network in VLAN 20"
	cap_stop tag
	[ "$(cap_count tag)" -ge 3 ]
	check_err $? "no ICMP tagged 20 on the uplink ($(cap_count tag))"
	ping -q -c 1 -W 1 10.0.10.1 > /dev/null 2>&1
	check_fail $? "VLAN 20 reaches the VM of VLAN 10"
	cleanup_objects
	log_test "an internal port in a tagged VLAN through an uplink"
}

mac_follows_netdev()
{
	local new=02:00:00:00:0b:02

	setup
	check_err $? "setup failed"
	vswctl port add sw0 v10 vmk0 internal && host_addr vmk0 10.0.10.100/24
	check_err $? "port add failed"
	ip link set vmk0 address $new
	check_err $? "cannot change the MAC of vmk0"
	fdb_has sw0 10 $new vmk0
	check_err $? "the MAC table did not follow the new MAC"
	[ "$(vswctl -j port show | jq -r '.[] | select(.name == "vmk0") | .mac')" = $new ]
	check_err $? "port show does not show the new MAC"
	n vm1 ip neigh flush all
	ping -q -c 2 -i 0.2 -W 2 10.0.10.1 > /dev/null
	check_err $? "no traffic with the new MAC"
	fails_cleanly "internal" vswctl port set vmk0 mac 02:00:00:00:0b:03
	cleanup_objects
	log_test "the internal port's MAC is its netdev's and follows it"
}

trunk_internal()
{
	setup
	check_err $? "setup failed"
	vswctl portgroup add sw0 tr vlan trunk 10,20 && vswctl port add sw0 tr vmk2 internal &&
	ip link add link vmk2 name vmk2.10 type vlan id 10 && LINKS+=(vmk2.10) &&
	ip link set vmk2 up && host_addr vmk2.10 10.0.10.102/24
	check_err $? "a VLAN device on a trunk internal port failed"
	ping -q -c 3 -i 0.2 -W 2 10.0.10.1 > /dev/null
	check_err $? "the host's VLAN 10 device cannot ping vm1"
	cleanup_objects
	log_test "a VLAN device of the host on a trunk internal port"
}

gone() { ! ip link show "$1" > /dev/null 2>&1; }

lifecycle()
{
	setup
	check_err $? "setup failed"
	vswctl port add sw0 v10 vmk0 internal && vswctl port del vmk0
	check_err $? "add/del failed"
	wait_until 5 gone vmk0
	check_err $? "port del left vmk0 behind"
	vswctl port add sw0 v10 vmk0 internal
	ip link del vmk0 2> /dev/null
	check_fail $? "ip link del deleted an internal port's netdev"
	vswctl port show | grep -q vmk0
	check_err $? "the internal port went away"
	ns_add other
	ip link set vmk0 netns other 2> /dev/null
	check_fail $? "the internal netdev moved to another namespace"
	vswctl switch del sw0 && SWITCHES=()
	wait_until 5 gone vmk0
	check_err $? "switch del left vmk0 behind"
	# in a namespace of its own, which then goes
	ns_add swns
	n swns "$VSWCTL" switch add nsw && n swns "$VSWCTL" portgroup add nsw pg &&
	n swns "$VSWCTL" port add nsw pg nvmk internal && n swns ip link set nvmk up
	check_err $? "internal port in a namespace failed"
	ip netns del swns
	NAMESPACES=(other "${NAMESPACES[@]/swns}")
	wait_until 20 bash -c '[ "$(cat /sys/module/vswitch/refcnt)" = 0 ] && ! ip netns list | grep -q swns'
	check_err $? "the namespace's switch and internal port did not go"
	# with the module
	switch_add sw9 && vswctl portgroup add sw9 pg && vswctl port add sw9 pg vmk9 internal &&
	ip addr add 10.9.9.9/24 dev vmk9 && ip link set vmk9 up
	check_err $? "setup for rmmod failed"
	rmmod vswitch
	check_err $? "rmmod with an internal port failed"
	gone vmk9
	check_err $? "rmmod left vmk9 behind"
	insmod "$top/kmod/vswitch.ko"
	SWITCHES=()
	cleanup_objects
	log_test "the netdev goes with its port, switch, namespace and module"
}

bad_requests()
{
	setup
	check_err $? "setup failed"
	fails_cleanly "exists already" vswctl port add sw0 v10 vm1p internal
	fails_cleanly "invalid device name" vswctl port add sw0 v10 'vm%d' internal
	fails_cleanly "no portgroup" vswctl port add sw0 nope vmk0 internal
	fails_cleanly "mac must be" vswctl port add sw0 v10 vmk0 internal mac 01:00:5e:00:00:01
	gone vmk0
	check_err $? "a refused request left a netdev behind"
	vswctl port set vm1p mac $M1 &&
	! vswctl port add sw0 v10 vmk0 internal mac $M1 2> /dev/null && gone vmk0
	check_err $? "an internal port took a MAC another port has configured"
	cleanup_objects
	log_test "bad internal port requests: message, nothing created"
}

trap cleanup_objects EXIT
run_tests
