#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SPEC "Counters and events": the "events" group announces every object
# added, changed or deleted, uplink state changes and failovers, with the
# object's state, in order; vswctl monitor prints one line (JSON object)
# each.
ALL_TESTS="sequence"
source "$(dirname "$0")/lib.sh"

setup()
{
	phys_add &&
	ip link add up0 type veth peer name up0f netns phys && LINKS+=(up0) &&
	ip link add up1 type veth peer name up1f netns phys && LINKS+=(up1) &&
	ip link set up0 up && ip link set up1 up &&
	ip -n phys link set up0f up && ip -n phys link set up1f up &&
	ns_add vm1 && ip link add vm1p type veth peer name eth0 netns vm1 &&
	LINKS+=(vm1p) && ip link set vm1p up
}

# one line per event: what, which, and the state that matters here
event_lines()
{
	jq -r '.event + " " + (.dev // .portgroup // .switch) +
		(if .state then " " + .state + " " + (.active | tostring) else "" end) +
		(if .event | startswith("port ") then " " + .uplink else "" end)' "$1"
}

sequence()
{
	local pid

	vswctl -j monitor > "$TMP/ev.json" 2> "$TMP/ev.err" &
	pid=$!
	sleep 1
	vswctl switch add sw0 &&
	vswctl uplink add sw0 up0 && vswctl uplink add sw0 up1 &&
	vswctl portgroup add sw0 pg vlan 10 teaming failover &&
	vswctl port add sw0 pg vm1p &&
	vswctl portgroup set sw0 pg vlan 20 &&
	vswctl port set vm1p max-macs 3
	check_err $? "a configuration step failed"
	ip -n phys link set up0f down
	wait_until 5 bash -c "grep -q '\"uplink\":\"up1\"' $TMP/ev.json"
	ip -n phys link set up0f up
	wait_until 5 bash -c "grep '\"uplink\":\"up0\"' $TMP/ev.json | grep -q 'port set'"
	vswctl port del vm1p && vswctl switch del sw0
	sleep 1
	kill -TERM $pid
	wait $pid 2> /dev/null
	SWITCHES=()

	event_lines "$TMP/ev.json" > "$TMP/ev.txt"
	cat > "$TMP/ev.expected" <<-EOT
	switch add sw0
	uplink add up0 up false
	uplink add up1 up false
	portgroup add pg
	uplink change up0 up true
	port add vm1p up0
	portgroup set pg
	port set vm1p up0
	uplink change up0 down false
	uplink change up1 up true
	port set vm1p up1
	uplink change up0 up true
	uplink change up1 up false
	port set vm1p up0
	port del vm1p up0
	uplink del up0 up true
	uplink del up1 up false
	portgroup del pg
	switch del sw0
	EOT
	diff -u "$TMP/ev.expected" "$TMP/ev.txt" | sed 's/^/# /'
	cmp -s "$TMP/ev.expected" "$TMP/ev.txt"
	check_err $? "the events differ from the expected sequence (diff above)"
	jq -e -s 'length == 19 and all(.[]; .switch == "sw0")' "$TMP/ev.json" > /dev/null
	check_err $? "monitor -j did not print one JSON object per event"
	log_test "events: every change, failover and delete, in order, one line each"
}

trap cleanup_objects EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
run_tests
