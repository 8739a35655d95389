#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Changes with a confirmation deadline (vswctl --confirm SECONDS; vDS
# rollback, Junos commit confirmed): a change that cuts the host's own
# internal port off rolls back by itself, to exactly the configuration
# before; a confirmed one stays; the rollback outlives the terminal and
# the vswctl that made the change; every step is an event; bad requests,
# other users and other namespaces change nothing; rmmod and a namespace's
# end with a deadline armed neither hang nor leak.
ALL_TESTS="unconfirmed_rolls_back confirmed_stays rollback_now
	   guard_outlives_vswctl dead_guard refused tenant_namespace
	   rmmod_while_armed"
source "$(dirname "$0")/lib.sh"

HMAC=02:00:00:00:0c:01

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 v20 vlan 20 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 "$M1" &&
	vswctl port add sw0 v10 vmk0 internal mac $HMAC &&
	ip addr add 10.0.10.100/24 dev vmk0 && ip link set vmk0 up
}

host_reaches_vm()
{
	ping -q -c 1 -W 1 10.0.10.1 > /dev/null 2>&1
}

confirm_state()
{
	vswctl -j confirm show | jq -r '.[0].state'
}

monitor_start()
{
	"$VSWCTL" -j monitor > "$TMP/ev.json" 2> /dev/null &
	MON=$!
	sleep 1
}

monitor_stop()
{
	sleep 0.5
	kill "$MON" 2> /dev/null
	wait "$MON" 2> /dev/null
	MON=
}

# the states the confirm events of change $1 went through, in order
confirm_events()
{
	jq -r --argjson id "$1" 'select(.event == "confirm" and .id == $id) | .state' \
		"$TMP/ev.json" | paste -sd' '
}

last_id()
{
	vswctl -j confirm show | jq -r '.[0].id'
}

unconfirmed_rolls_back()
{
	local before after id ev

	setup
	check_err $? "setup failed"
	wait_until 5 host_reaches_vm
	check_err $? "the host does not reach vm1 over vmk0 to begin with"
	before=$(vswctl save)
	monitor_start
	vswctl port set vmk0 portgroup v20 --confirm 8 > "$TMP/out" 2>&1
	check_err $? "port set --confirm failed: $(cat "$TMP/out")"
	grep -q "vswctl confirm" "$TMP/out"
	check_err $? "vswctl did not say how to confirm: $(cat "$TMP/out")"
	id=$(last_id)
	[ "$(confirm_state)" = armed ]
	check_err $? "the change is not armed: $(vswctl confirm show)"
	! host_reaches_vm
	check_err $? "the change did not cut vmk0 off (the test proves nothing)"
	wait_until 25 host_reaches_vm
	check_err $? "vmk0 did not come back: no rollback"
	wait_until 5 bash -c "[ \"\$($VSWCTL -j confirm show | jq -r '.[0].state')\" = rolled-back ]"
	check_err $? "the state is not rolled-back: $(vswctl confirm show)"
	after=$(vswctl save)
	[ "$before" = "$after" ] ||
		diff <(echo "$before") <(echo "$after") | head -n 6 | sed 's/^/# /'
	[ "$before" = "$after" ]
	check_err $? "the rollback did not restore exactly the state before"
	monitor_stop
	ev=$(confirm_events "$id")
	[ "$ev" = "armed expired rolled-back" ]
	check_err $? "confirm events: '$ev', expected 'armed expired rolled-back'"
	jq -e --argjson id "$id" 'select(.event == "confirm" and .id == $id and
		.what == "port set vmk0 portgroup v20")' "$TMP/ev.json" > /dev/null
	check_err $? "the events do not name the change"
	grep -q '"event":"port set".*"portgroup":"v10"' "$TMP/ev.json"
	check_err $? "no event of the port's move back"
	wait_until 5 bash -c "! pgrep -f 'vswctl port set vm[k]0' > /dev/null"
	check_err $? "the guard did not exit"
	cleanup_objects
	log_test "an unconfirmed change that cuts the internal port off rolls back by itself (save before == save after)"
}

confirmed_stays()
{
	local id ev

	setup
	check_err $? "setup failed"
	vswctl save | jq '(.switches[0].portgroups[] | select(.name == "v10") | .vlan) = 30' \
		> "$TMP/new.json"
	monitor_start
	vswctl apply --confirm 6 "$TMP/new.json" > "$TMP/out" 2>&1
	check_err $? "apply --confirm failed: $(cat "$TMP/out")"
	id=$(last_id)
	vswctl confirm > "$TMP/out" 2>&1
	check_err $? "confirm failed: $(cat "$TMP/out")"
	grep -q "change $id confirmed" "$TMP/out"
	check_err $? "confirm did not say what it confirmed: $(cat "$TMP/out")"
	sleep 7
	[ "$(vswctl -j portgroup show sw0 v10 | jq -r '.[0].vlan')" = 30 ]
	check_err $? "the confirmed change did not stay"
	[ "$(confirm_state)" = confirmed ]
	check_err $? "the state is not confirmed: $(vswctl confirm show)"
	monitor_stop
	ev=$(confirm_events "$id")
	[ "$ev" = "armed confirmed" ]
	check_err $? "confirm events: '$ev', expected 'armed confirmed'"
	fails_cleanly "is confirmed" vswctl confirm
	cleanup_objects
	log_test "apply --confirm, then confirm: the change stays past its deadline"
}

rollback_now()
{
	setup
	check_err $? "setup failed"
	vswctl portgroup set sw0 v10 vlan 50 --confirm 60 > /dev/null
	check_err $? "portgroup set --confirm failed"
	vswctl confirm rollback > /dev/null
	check_err $? "confirm rollback failed"
	wait_until 10 bash -c "[ \"\$($VSWCTL -j portgroup show sw0 v10 | jq -r '.[0].vlan')\" = 10 ]"
	check_err $? "confirm rollback did not roll back: $(vswctl confirm show)"
	wait_until 5 bash -c "[ \"\$($VSWCTL -j confirm show | jq -r '.[0].state')\" = rolled-back ]"
	check_err $? "the state is not rolled-back: $(vswctl confirm show)"
	fails_cleanly "rolled back" vswctl confirm
	cleanup_objects
	log_test "confirm rollback rolls back at once; confirm after it is refused"
}

# the terminal goes (a dropped SSH session: SIGHUP, then every process of
# the session killed), and the vswctl that made the change dies before it
# is done with it: the rollback comes all the same, after vswctl is gone
guard_outlives_vswctl()
{
	local sid

	setup
	check_err $? "setup failed"
	# apply - reads its file from a pipe nobody writes to: vswctl waits,
	# armed, past its 1 s deadline
	setsid bash -c "echo \$\$ > $TMP/sid; sleep 3600 | $VSWCTL --confirm 1 apply -" &
	wait_until 5 test -s "$TMP/sid"
	sid=$(cat "$TMP/sid")
	wait_until 5 bash -c "[ \"\$($VSWCTL -j confirm show 2>/dev/null | jq -r '.[0].state')\" = expired ]"
	check_err $? "the deadline did not expire: $(vswctl confirm show)"
	sleep 1
	[ "$(confirm_state)" = expired ]
	check_err $? "the rollback did not wait for the vswctl still making the change"
	fails_cleanly "too late" vswctl confirm
	kill -HUP -- -"$sid" 2> /dev/null
	kill -KILL -- -"$sid" 2> /dev/null
	wait 2> /dev/null
	wait_until 10 bash -c "[ \"\$($VSWCTL -j confirm show | jq -r '.[0].state')\" = rolled-back ]"
	check_err $? "no rollback after the session and vswctl died: $(vswctl confirm show)"

	# the same with a change made: the session dies, the change goes
	rm -f "$TMP/sid"
	setsid bash -c "echo \$\$ > $TMP/sid; $VSWCTL --confirm 6 portgroup set sw0 v10 vlan 60 > /dev/null; sleep 60" &
	wait_until 5 bash -c "[ \"\$($VSWCTL -j portgroup show sw0 v10 | jq -r '.[0].vlan')\" = 60 ]"
	check_err $? "the change was not made"
	pkill -KILL -s "$(cat "$TMP/sid")"
	wait
	wait_until 15 bash -c "[ \"\$($VSWCTL -j portgroup show sw0 v10 | jq -r '.[0].vlan')\" = 10 ]"
	check_err $? "the change stayed after its session was killed"
	cleanup_objects
	log_test "the rollback outlives the terminal's session and the vswctl that made the change"
}

# a guard killed (SIGKILL, the OOM killer): nobody rolls back, which show
# says, and the next change with a deadline is not blocked by it
dead_guard()
{
	setup
	check_err $? "setup failed"
	vswctl portgroup set sw0 v10 vlan 90 --confirm 60 > /dev/null
	check_err $? "portgroup set --confirm failed"
	pkill -KILL -f 'portgroup set sw0 v10 vlan 9[0]'
	wait_until 5 bash -c "[ \"\$($VSWCTL -j confirm show | jq -r '.[0].guard')\" = false ]"
	check_err $? "show does not say the guard is gone: $(vswctl confirm show)"
	vswctl portgroup set sw0 v10 vlan 91 --confirm 1 > /dev/null
	check_err $? "a change after a dead guard's was refused"
	wait_until 10 bash -c "[ \"\$($VSWCTL -j portgroup show sw0 v10 | jq -r '.[0].vlan')\" = 90 ]"
	check_err $? "the change after a dead guard's did not roll back to the state before it"
	cleanup_objects
	log_test "a killed guard: show says so, and the next change with a deadline may come"
}

refused()
{
	local id

	setup
	check_err $? "setup failed"
	fails_cleanly "SECONDS" vswctl portgroup set sw0 v10 vlan 70 --confirm 0
	fails_cleanly "SECONDS" vswctl --confirm 86401 portgroup set sw0 v10 vlan 70
	fails_cleanly "SECONDS" vswctl portgroup set sw0 v10 vlan 70 --confirm
	fails_cleanly "unknown confirm" vswctl confirm keep
	# only with a command that changes something, whose words parse: a
	# typo after --confirm arms nothing (and rolls nothing back)
	fails_cleanly "changes something" vswctl --confirm 30 save
	fails_cleanly "changes something" vswctl --confirm 30 monitor
	fails_cleanly "changes something" vswctl --confirm 30 confirm
	fails_cleanly "changes something" vswctl --confirm 30 portgroup show
	fails_cleanly "changes something" vswctl --confirm 30 apply --no-rollback /dev/null
	fails_cleanly "changes something" vswctl --confirm 30 apply --print /dev/null
	fails_cleanly "unknown object" vswctl --confirm 30 -j portgorup set sw0 v10 vlan 70
	fails_cleanly "vlan" vswctl --confirm 30 portgroup set sw0 v10 vlan 4095
	[ "$(vswctl -j confirm show 2> /dev/null | jq -r '.[0].state')" != armed ]
	check_err $? "a refused --confirm armed a deadline"
	# (long enough for the refusals below on a slow kernel)
	vswctl portgroup set sw0 v10 vlan 70 --confirm 300 > /dev/null
	check_err $? "portgroup set --confirm failed"
	id=$(last_id)
	fails_cleanly "one at a time" vswctl portgroup set sw0 v20 vlan 71 --confirm 300
	fails_cleanly "not permitted" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$VSWCTL" confirm rollback
	fails_cleanly "not permitted" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$VSWCTL" confirm
	[ "$(confirm_state)" = armed ] && [ "$(last_id)" = "$id" ]
	check_err $? "a refused request moved the change on: $(vswctl confirm show)"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VSWCTL" confirm show > /dev/null
	check_err $? "an unprivileged user cannot read the state"
	# the command failing: the deadline is rolled back at once
	vswctl confirm rollback > /dev/null
	wait_until 10 bash -c "[ \"\$($VSWCTL -j confirm show | jq -r '.[0].state')\" = rolled-back ]"
	check_err $? "confirm rollback did not roll back: $(vswctl confirm show)"
	# options after --confirm, and -j: JSON only
	vswctl --confirm 30 -j portgroup set sw0 v10 vlan 73 > "$TMP/out" 2>&1
	check_err $? "--confirm before -j failed: $(cat "$TMP/out")"
	[ ! -s "$TMP/out" ]
	check_err $? "-j with --confirm printed text: $(cat "$TMP/out")"
	vswctl -j confirm rollback > /dev/null
	wait_until 10 bash -c "[ \"\$($VSWCTL -j confirm show | jq -r '.[0].state')\" = rolled-back ]"
	check_err $? "confirm rollback did not roll back: $(vswctl confirm show)"
	# a change the kernel refuses: its deadline is settled at once
	vswctl portgroup set sw0 nosuch vlan 72 --confirm 30 > "$TMP/out" 2>&1
	check_fail $? "a failing command with --confirm succeeded"
	grep -q "rolling back" "$TMP/out"
	check_err $? "a failed change with --confirm did not say it rolls back: $(cat "$TMP/out")"
	wait_until 10 bash -c "[ \"\$($VSWCTL -j confirm show | jq -r '.[0].state')\" = rolled-back ]"
	check_err $? "a failed change's deadline was not settled: $(vswctl confirm show)"
	cleanup_objects
	log_test "refused: bad SECONDS, commands that change nothing, typos, a second change, an unprivileged user; a failed change's deadline settled"
}

# a namespace's deadline is its own; the namespace may go with one armed
tenant_namespace()
{
	local before

	ns_add t1
	before=$(vswctl -j confirm show 2> /dev/null)
	n t1 "$VSWCTL" confirm show > "$TMP/out" 2>&1
	check_fail $? "a new namespace has a change to confirm"
	grep -q "no change was made" "$TMP/out"
	check_err $? "confirm show in a new namespace said: $(cat "$TMP/out")"
	n t1 "$VSWCTL" --confirm 2 switch add tsw > /dev/null
	check_err $? "switch add --confirm in a namespace failed"
	[ "$(vswctl -j confirm show 2> /dev/null)" = "$before" ]
	check_err $? "the namespace's change shows in the host's"
	wait_until 10 bash -c "! ip netns exec t1 $VSWCTL -j switch show | grep -q tsw"
	check_err $? "the namespace's change was not rolled back"
	n t1 "$VSWCTL" --confirm 30 switch add tsw2 > /dev/null
	check_err $? "a second change in the namespace failed"
	# the guard's sockets hold the namespace: killed, the namespace goes
	# with its deadline armed (a leak or a late work would be KASAN's
	# and kmemleak's to report, in make check-debug)
	pkill -KILL -f 'switch add tsw[2]'
	ip netns del t1
	NAMESPACES=()
	wait_until 10 bash -c "! pgrep -f 'switch add tsw[2]' > /dev/null"
	check_err $? "the guard did not die"
	log_test "a namespace's deadline is its own; the namespace may go with one armed"
}

rmmod_while_armed()
{
	switch_add sw0
	vswctl --confirm 600 portgroup add sw0 late vlan 80 > /dev/null
	check_err $? "portgroup add --confirm failed"
	timeout 60 rmmod vswitch
	check_err $? "rmmod with a deadline armed failed or hung"
	SWITCHES=()
	wait_until 10 bash -c "! pgrep -f 'portgroup add sw0 lat[e]' > /dev/null"
	check_err $? "the guard stayed after the module went"
	insmod "$top/kmod/vswitch.ko"
	check_err $? "the module does not load again"
	cleanup_objects
	log_test "rmmod with a deadline armed (and guards waiting)"
}

MON=
trap '[ -n "$MON" ] && kill $MON 2> /dev/null; cleanup_objects' EXIT
run_tests
