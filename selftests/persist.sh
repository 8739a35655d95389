#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswctl save / apply: the whole configuration as a JSON document that
# rebuilds it, changes only what differs, is idempotent, skips devices that
# do not exist yet, and refuses a bad file without changing anything.
ALL_TESTS="round_trip idempotent only_differences missing_devices
	   bad_files scope short_file"
source "$(dirname "$0")/lib.sh"

F=$TMP/config.json

# the saved document, arrays whose order does not matter sorted
norm()
{
	jq -S '.switches |= (sort_by(.name) |
		map(.portgroups |= sort_by(.name) | .ports |= sort_by(.name)))'
}

build()
{
	switch_add sw0 mtu 9000 ageing 60 && switch_add sw1 &&
	phys_add && uplink_add sw0 up0 && uplink_add sw0 up1 && uplink_add sw1 up2 &&
	vswctl portgroup add sw0 prod vlan 10 pcp 3 teaming failover active up1 standby up0 \
		notify off failback off detect beacon &&
	vswctl portgroup add sw0 dev vlan trunk 20-29,40 teaming srcmac promisc on \
		forged-tx on mac-changes on &&
	vswctl portgroup add sw0 lim vlan 30 shaping avg 10mbit peak 20mbit burst 64k dir both &&
	vswctl portgroup add sw1 plain learning on limit 10 unknown-flood off &&
	vm_add vm1 sw0 prod && vm_add vm2 sw0 dev && vm_add vm3 sw1 plain &&
	vswctl port set vm1p mac 02:00:00:00:00:01 max-macs 4 &&
	vswctl port add sw0 lim vmk0 internal mac 02:00:00:00:0c:01
}

round_trip()
{
	local before after

	build
	check_err $? "setup failed"
	vswctl save > "$F"
	check_err $? "save failed"
	jq -e '.vswitch == 1 and .scope == "all" and (.switches | length) == 2' "$F" > /dev/null
	check_err $? "the document is not what it should be: $(head -c 300 "$F")"
	before=$(norm < "$F")
	vswctl switch del sw0 && vswctl switch del sw1
	check_err $? "teardown failed"
	vswctl apply "$F" > "$TMP/apply.out"
	check_err $? "apply failed: $(cat "$TMP/apply.out")"
	after=$(vswctl save | norm)
	[ "$before" = "$after" ]
	check_err $? "the state rebuilt differs: $(diff <(echo "$before") <(echo "$after") | head -n 8)"
	# the internal port came back with its MAC
	[ "$(ip -j link show vmk0 | jq -r '.[0].address')" = 02:00:00:00:0c:01 ]
	check_err $? "the internal port did not come back with its MAC"
	# the uplinks in their order (the team order of 'active all')
	[ "$(vswctl -j switch show sw0 | jq -c '[.[0].uplinks[].name]')" = '["up0","up1"]' ]
	check_err $? "uplink order changed"
	cleanup_objects
	log_test "save, delete everything, apply: the same configuration"
}

idempotent()
{
	local before

	build
	vswctl save > "$F"
	before=$(vsw_state)
	vswctl apply "$F" > "$TMP/apply.out"
	check_err $? "apply of the running state failed"
	[ "$(cat "$TMP/apply.out")" = "# nothing to change" ]
	check_err $? "apply of the running state sent requests: $(head -n 3 "$TMP/apply.out")"
	[ "$before" = "$(vsw_state)" ]
	check_err $? "apply of the running state changed it"
	cleanup_objects
	log_test "applying the running state changes nothing"
}

only_differences()
{
	local want

	build
	vswctl save > "$F"
	jq '(.switches[] | select(.name == "sw0") | .portgroups[] | select(.name == "prod") | .vlan) = 11 |
	    (.switches[] | select(.name == "sw0") | .mtu) = 1500 |
	    (.switches[] | select(.name == "sw1") | .portgroups) += [{"name": "new", "vlan_mode": "vlan", "vlan": 50, "pcp": 0, "teaming": "portid", "active": "all", "notify": true, "failback": true, "detect": "link", "promisc": false, "forged_tx": false, "mac_changes": false, "bpdu_guard": "drop", "learning": false, "learn_limit": 4096, "unknown_flood": false, "shaping": "off"}] |
	    (.switches[] | select(.name == "sw1") | .ports[] | select(.name == "vm3p") | .portgroup) = "new" |
	    (.switches[] | select(.name == "sw1") | .portgroups) |= map(select(.name != "plain")) |
	    (.switches[] | select(.name == "sw0") | .ports) |= map(select(.name != "vm2p"))' \
	    "$F" > "$TMP/new.json"
	vswctl apply "$TMP/new.json" > "$TMP/apply.out"
	check_err $? "apply failed: $(cat "$TMP/apply.out")"
	want="switch set sw0 mtu 1500 ageing 60 max-macs 131072 multicast snooping mdb-ageing 260
port del vm2p
portgroup set sw0 prod vlan 11 pcp 3 teaming failover active up1 standby up0 notify off failback off detect beacon promisc off forged-tx off mac-changes off bpdu-guard drop learning off limit 4096 unknown-flood off ipfix off nioc-shares 50 nioc-reservation none nioc-limit none shaping off
portgroup add sw1 new vlan 50 pcp 0 teaming portid active all notify on failback on detect link promisc off forged-tx off mac-changes off bpdu-guard drop learning off limit 4096 unknown-flood off ipfix off nioc-shares 50 nioc-reservation none nioc-limit none shaping off
port set vm3p portgroup new mac none max-macs 0
portgroup del sw1 plain"
	diff <(sort "$TMP/apply.out") <(echo "$want" | sort) > "$TMP/diff" 2>&1
	check_err $? "apply sent other requests than the differences: $(cat "$TMP/diff")"
	[ "$(vswctl save | norm)" = "$(norm < "$TMP/new.json")" ]
	check_err $? "the state is not the file's"
	cleanup_objects
	log_test "apply sends one request per object that differs, nothing else"
}

missing_devices()
{
	build
	vswctl save > "$F"
	cleanup_objects
	# a fresh boot: the VMs' taps and one NIC do not exist yet
	phys_add && ip link add up0 type veth peer name up0f netns phys && LINKS+=(up0) &&
	ip link add up1 type veth peer name up1f netns phys && LINKS+=(up1)
	SWITCHES=(sw0 sw1)
	vswctl apply "$F" > "$TMP/apply.out" 2> "$TMP/apply.err"
	check_err $? "apply failed: $(cat "$TMP/apply.err")"
	grep -q "port vm1p: no such device, skipped" "$TMP/apply.err" &&
	grep -q "uplink up2: no such device, skipped" "$TMP/apply.err"
	check_err $? "missing devices not reported: $(cat "$TMP/apply.err")"
	vswctl -j portgroup show sw0 prod | jq -e '.[0].vlan == 10' > /dev/null &&
	vswctl port show | grep -q vmk0
	check_err $? "the rest of the configuration was not applied"
	# the VM starts: its tap appears, a second apply attaches only it
	vm_add vm1 sw0 prod > /dev/null 2>&1; vswctl port del vm1p
	vswctl apply "$F" > "$TMP/apply.out" 2> /dev/null
	grep -q "^port add sw0 prod vm1p mac 02:00:00:00:00:01 max-macs 4$" "$TMP/apply.out"
	check_err $? "the VM's port was not added when it appeared: $(cat "$TMP/apply.out")"
	cleanup_objects
	log_test "devices that do not exist yet are skipped, the rest applied"
}

bad_files()
{
	build
	vswctl save > "$F"
	echo '{"vswitch": 1, "switches": [' > "$TMP/trunc.json"
	fails_cleanly "." vswctl apply "$TMP/trunc.json"
	jq '.switches[0].portgroups[0].vlan = 5000' "$F" > "$TMP/b1.json"
	fails_cleanly "vlan must be" vswctl apply "$TMP/b1.json"
	jq '.switches[0].portgroups[0].teming = "srcmac"' "$F" > "$TMP/b2.json"
	fails_cleanly "unknown key \"teming\"" vswctl apply "$TMP/b2.json"
	jq '.switches[0].portgroups[0].notify = "off"' "$F" > "$TMP/b3.json"
	fails_cleanly "must be true or false" vswctl apply "$TMP/b3.json"
	jq '.switches[0].ports[0].portgroup = "nope"' "$F" > "$TMP/b4.json"
	fails_cleanly "must name a portgroup" vswctl apply "$TMP/b4.json"
	jq '.vswitch = 7' "$F" > "$TMP/b5.json"
	fails_cleanly "version" vswctl apply "$TMP/b5.json"
	# a bad value after good changes: the good ones are not made either
	jq '(.switches[0].mtu = 1400) | (.switches[1].portgroups[0].pcp = 9)' "$F" > "$TMP/b6.json"
	fails_cleanly "pcp must be" vswctl apply "$TMP/b6.json"
	fails_cleanly "No such file|cannot|not valid" vswctl apply "$TMP/none.json"
	cleanup_objects
	log_test "a bad file: message, non-zero exit, nothing changed"
}

scope()
{
	build
	vswctl save sw0 > "$F"
	check_err $? "save sw0 failed"
	jq -e '.scope == "switches" and (.switches | length) == 1' "$F" > /dev/null
	check_err $? "save SWITCH did not save one switch"
	vswctl apply "$F" > /dev/null && vswctl switch show sw1 > /dev/null
	check_err $? "a one-switch file removed another switch"
	jq '.scope = "all"' "$F" > "$TMP/all.json"
	vswctl apply "$TMP/all.json" > "$TMP/apply.out"
	! vswctl switch show sw1 > /dev/null 2>&1
	check_err $? "a whole-host file kept a switch it does not list"
	grep -qx "switch del sw1" "$TMP/apply.out"
	check_err $? "switch del sw1 not reported"
	SWITCHES=(sw0)
	fails_cleanly "no switch" vswctl save nope
	cleanup_objects
	log_test "save SWITCH and scope: all removes unlisted switches, switches does not"
}

# a hand-written file may leave out what it does not use: no uplinks, no
# ports, no portgroups (make bench writes such files)
short_file()
{
	ip link add sf0 type veth peer name sf0f && LINKS+=(sf0)
	echo '{"vswitch": 1, "switches": [{"name": "swa"}]}' > "$TMP/a.json"
	echo '{"vswitch": 1, "switches": [{"name": "swb", "portgroups":
	      [{"name": "pg", "vlan_mode": "vlan", "vlan": 7}],
	      "ports": [{"name": "sf0", "portgroup": "pg"}]}]}' > "$TMP/b.json"
	vswctl apply "$TMP/a.json" > /dev/null
	check_err $? "a switch with nothing in it was not applied"
	SWITCHES+=(swa swb)
	vswctl apply "$TMP/b.json" > /dev/null
	check_err $? "a file without uplinks was not applied"
	vswctl -j port show swb | jq -e '.[0].name == "sf0"' > /dev/null
	check_err $? "the port of a file without uplinks is not there"
	vswctl switch show swa > /dev/null
	check_err $? "a one-switch file removed another switch"
	cleanup_objects
	log_test "a short hand-written file: left-out lists are empty"
}

trap cleanup_objects EXIT
run_tests
