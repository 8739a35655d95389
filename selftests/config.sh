#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswctl and the netlink family with bad requests: every one fails with a
# clear message and a non-zero exit, and changes nothing.
ALL_TESTS="names missing_objects vlan_values numbers busy_netdevs
	   portgroup_in_use unprivileged help_text
	   show_and_json batch"
source "$(dirname "$0")/lib.sh"

setup()
{
	switch_add sw0 && switch_add sw1 &&
	vswctl portgroup add sw0 pg vlan 10 &&
	vswctl portgroup add sw1 pg vlan 10 &&
	ns_add vm1 && ip link add vm1p type veth peer name eth0 netns vm1 &&
	LINKS+=(vm1p) && vswctl port add sw0 pg vm1p &&
	ip link add up0 type veth peer name up0f && LINKS+=(up0) &&
	vswctl uplink add sw0 up0 &&
	ip link add free0 type veth peer name free0f && LINKS+=(free0) &&
	ip link add brx type bridge && LINKS+=(brx) &&
	ip link add inbr type veth peer name inbrf && LINKS+=(inbr) &&
	ip link set inbr master brx
}

names()
{
	fails_cleanly "longer than 15" vswctl switch add sw0123456789abcd
	fails_cleanly "invalid switch name" vswctl switch add 'bad/name'
	fails_cleanly "invalid switch name" vswctl switch add .x
	# (a Latin-1 letter is a letter to the kernel's isalnum())
	fails_cleanly "invalid switch name" vswctl switch add $'sw\xe9'
	fails_cleanly "invalid portgroup name" vswctl portgroup add sw0 $'p\xc3\xa9'
	fails_cleanly "already exists" vswctl switch add sw0
	fails_cleanly "longer than 31" vswctl portgroup add sw0 pg0123456789abcdef0123456789abcdef
	fails_cleanly "already exists" vswctl portgroup add sw0 pg
	fails_cleanly "invalid portgroup name" vswctl portgroup add sw0 'a b'
	fails_cleanly "longer than 15" vswctl port add sw0 pg averyveryverylongdev
	log_test "names: too long, invalid characters, duplicates"
}

missing_objects()
{
	fails_cleanly "no switch nosuch" vswctl switch del nosuch
	fails_cleanly "no switch nosuch" vswctl switch set nosuch mtu 9000
	fails_cleanly "no switch nosuch" vswctl uplink add nosuch free0
	fails_cleanly "no device nodev" vswctl uplink add sw0 nodev
	fails_cleanly "not an uplink" vswctl uplink del sw0 free0
	fails_cleanly "no switch nosuch" vswctl portgroup add nosuch pg2
	fails_cleanly "no portgroup nopg" vswctl portgroup set sw0 nopg vlan 20
	fails_cleanly "no portgroup nopg" vswctl portgroup del sw0 nopg
	fails_cleanly "no portgroup nopg" vswctl port add sw0 nopg free0
	fails_cleanly "no device nodev" vswctl port add sw0 pg nodev
	fails_cleanly "not a port" vswctl port del free0
	fails_cleanly "not a port" vswctl port set up0 portgroup pg
	fails_cleanly "no portgroup nopg" vswctl port set vm1p portgroup nopg
	fails_cleanly "no switch nosuch" vswctl fdb show nosuch
	fails_cleanly "no switch nosuch" vswctl port show nosuch
	log_test "non-existent switches, portgroups and devices"
}

vlan_values()
{
	fails_cleanly "not an access VLAN" vswctl portgroup add sw0 x vlan 4095
	fails_cleanly "not an access VLAN" vswctl portgroup add sw0 x vlan 0
	fails_cleanly "vlan must be" vswctl portgroup add sw0 x vlan 4096
	fails_cleanly "vlan must be" vswctl portgroup add sw0 x vlan abc
	fails_cleanly "vlan must be" vswctl portgroup set sw0 pg vlan -1
	fails_cleanly "bad VID list" vswctl portgroup add sw0 x vlan trunk 0-10
	fails_cleanly "bad VID list" vswctl portgroup add sw0 x vlan trunk 20-10
	fails_cleanly "bad VID list" vswctl portgroup add sw0 x vlan trunk 10,4095
	fails_cleanly "bad VID list" vswctl portgroup add sw0 x vlan trunk 10,
	fails_cleanly "needs a value" vswctl portgroup add sw0 x vlan
	fails_cleanly "pcp must be 0-7" vswctl portgroup add sw0 x pcp 8
	fails_cleanly "unknown portgroup policy" vswctl portgroup add sw0 x colour red
	log_test "VLAN values: 4095 on an access portgroup, bad lists, pcp"
}

numbers()
{
	fails_cleanly "mtu must be 68-9000" vswctl switch add x mtu 67
	fails_cleanly "mtu must be 68-9000" vswctl switch set sw0 mtu 9001
	fails_cleanly "mtu must be" vswctl switch set sw0 mtu 1e3
	fails_cleanly "ageing must be" vswctl switch set sw0 ageing 0
	fails_cleanly "nothing to change" vswctl switch set sw0
	fails_cleanly "mac must be a unicast" vswctl port set vm1p mac 01:00:5e:00:00:01
	fails_cleanly "mac must be a unicast" vswctl port set vm1p mac 02:00:00:00:00
	fails_cleanly "mac must be a unicast" vswctl port add sw0 pg free0 mac zz:00:00:00:00:01
	log_test "numbers and addresses out of range"
}

busy_netdevs()
{
	fails_cleanly "already a port of switch sw0" vswctl port add sw0 pg vm1p
	fails_cleanly "already a port of switch sw0" vswctl port add sw1 pg vm1p
	fails_cleanly "already a port of switch sw0" vswctl uplink add sw0 vm1p
	fails_cleanly "already an uplink of switch sw0" vswctl uplink add sw1 up0
	fails_cleanly "already an uplink of switch sw0" vswctl port add sw0 pg up0
	fails_cleanly "already enslaved" vswctl port add sw0 pg inbr
	fails_cleanly "already enslaved" vswctl uplink add sw0 inbr
	fails_cleanly "not an Ethernet device" vswctl port add sw0 pg lo
	# and a port cannot be put into a bridge behind our back
	! ip link set vm1p master brx 2>/dev/null
	check_err $? "a port could also be enslaved to a bridge"
	log_test "netdevs already in a bridge, a switch, or twice"
}

portgroup_in_use()
{
	fails_cleanly "still has 1 port" vswctl portgroup del sw0 pg
	vswctl portgroup add sw0 empty && vswctl portgroup del sw0 empty
	check_err $? "an empty portgroup could not be deleted"
	log_test "a portgroup with ports cannot be deleted"
}

unprivileged()
{
	local out

	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$VSWCTL" switch add evil 2>&1)
	check_fail $? "an unprivileged user created a switch"
	echo "$out" | grep -q "not permitted"
	check_err $? "unprivileged add said: $out"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VSWCTL" switch show > /dev/null
	check_err $? "an unprivileged user cannot read the configuration"
	! vswctl switch show evil > /dev/null 2>&1
	check_err $? "the unprivileged request changed the state"
	log_test "changes need CAP_NET_ADMIN; reading does not"
}

help_text()
{
	local c out

	out=$(vswctl --help)
	for c in "switch add" "switch set" "switch del" "switch show" \
		 "uplink add" "uplink del" "uplink show" "portgroup add" \
		 "portgroup set" "portgroup del" "portgroup show" "port add" \
		 "port set" "port del" "port show" "fdb show" monitor save apply; do
		echo "$out" | grep -q "vswctl $c"
		check_err $? "--help lacks '$c'"
	done
	vswctl portgroup help | grep -q "teaming"
	check_err $? "vswctl portgroup help lacks the policies"
	fails_cleanly "unknown object" vswctl frobnicate
	fails_cleanly "unknown command" vswctl switch frob
	log_test "vswctl --help and OBJECT help list every command"
}

show_and_json()
{
	vswctl -j -p switch show | jq -e '.[] | select(.name == "sw0") | .portgroups[0].ports[0] == "vm1p"' > /dev/null
	check_err $? "switch show -j lacks the port tree"
	vswctl -j portgroup show sw0 pg | jq -e '.[0].vlan == 10 and .[0].vlan_mode == "vlan"' > /dev/null
	check_err $? "portgroup show -j is wrong"
	vswctl portgroup add sw1 tr vlan trunk 10,20-29 &&
	vswctl -j portgroup show sw1 tr | jq -e '.[0].vlan_mode == "trunk" and .[0].trunk == "10,20-29"' > /dev/null &&
	vswctl portgroup show sw1 tr | grep -q "trunk 10,20-29"
	check_err $? "a trunk portgroup's VID list is not shown"
	vswctl portgroup del sw1 tr
	vswctl -j uplink show sw0 | jq -e '.[0].name == "up0"' > /dev/null
	check_err $? "uplink show -j is wrong"
	vswctl port show | grep -q "vm1p"
	check_err $? "port show text lacks the port"
	vswctl sw sh sw0 | grep -q "portgroup pg"
	check_err $? "keyword prefixes are not accepted"
	log_test "show: tables and JSON for every object"
}

# vswctl -b: many commands in one process; the first failure stops the
# batch, naming its line, and the lines after it are not run
batch()
{
	local f=/tmp/vsw-batch out rc

	ip link add b0 type veth peer name b0f && LINKS+=(b0)
	cat > "$f" <<-EOF
	# a comment, then a blank line

	switch add swb   # trailing comment
	portgroup add swb pgb vlan 30 promisc on
	port add swb pgb b0
	EOF
	vswctl -b "$f"
	check_err $? "a good batch failed"
	SWITCHES+=(swb)
	vswctl -j port show swb | jq -e '.[0].name == "b0" and .[0].portgroup == "pgb"' > /dev/null
	check_err $? "the batch's port is not there"
	vswctl -j portgroup show swb pgb | jq -e '.[0].vlan == 30 and .[0].promisc == true' > /dev/null
	check_err $? "the batch's portgroup is not there"

	printf 'portgroup add swb pg2\nportgroup add swb pgb\nportgroup add swb pg3\n' |
		{ out=$(vswctl -b - 2>&1); echo "rc=$? $out"; } > /tmp/vsw-batch.out
	grep -q "^rc=[1-9]" /tmp/vsw-batch.out
	check_err $? "a failing batch exited 0"
	grep -q -- "-:2: failed" /tmp/vsw-batch.out && grep -q "already exists" /tmp/vsw-batch.out
	check_err $? "the failing line is not named: $(cat /tmp/vsw-batch.out)"
	vswctl portgroup show swb pg2 > /dev/null
	check_err $? "the line before the failure was not run"
	vswctl portgroup show swb pg3 > /dev/null 2>&1
	check_fail $? "a line after the failure was run"

	fails_cleanly "needs a FILE" vswctl -b
	fails_cleanly "No such file" vswctl -b /nonexistent/batch
	fails_cleanly "takes no command" vswctl -b "$f" switch show
	vswctl switch del swb
	rm -f "$f" /tmp/vsw-batch.out
	log_test "vswctl -b: a batch in one process, stops at the first failure"
}

trap cleanup_objects EXIT
setup || { echo "not ok 1 setup"; exit 1; }
run_tests
