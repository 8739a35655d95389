#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The network health check (vswctl healthcheck; the vDS health check): the
# simulated physical switch trunks VLAN 20 on two of three uplinks only,
# and has MTU 1500 where the switch has 9000; the report names exactly
# those.  An iphash portgroup over uplinks that are not one port channel is
# named, one over a real one (a bond on the physical side) is not.  The
# probes never reach a VM; bad input changes nothing.  The periodic mode
# (switch set ... healthcheck interval S, the module's own probes) finds
# the same and announces exactly the results that change.
ALL_TESTS="vlan_and_mtu etherchannel refused periodic periodic_hostile"
source "$(dirname "$0")/lib.sh"

setup()
{
	local u

	switch_add sw0 mtu 9000 && phys_add || return 1
	for u in up0 up1 up2; do
		uplink_add sw0 $u && ip link set $u mtu 9000 || return 1
	done
	vswctl portgroup add sw0 v10 vlan 10 &&
	vswctl portgroup add sw0 v20 vlan 20 &&
	# up2's port of the physical switch does not carry VLAN 20
	n phys bridge vlan del vid 20 dev up2f
}

# hc_row UPLINK VID JQ: JQ of that row of the last -j report
hc_row()
{
	jq -r --arg u "$1" --argjson v "$2" \
		".vlans[] | select(.uplink == \$u and .vlan == \$v) | $3" "$TMP/hc.json"
}

vlan_and_mtu()
{
	local bad rows mtu

	setup && vm_add vm1 sw0 v10 10.0.10.1/24 "$M1"
	check_err $? "setup failed"
	cap_start probes vm1 eth0 ether proto 0x88b5
	vswctl -j healthcheck sw0 mtu > "$TMP/hc.json" 2> "$TMP/hc.err"
	check_err $? "healthcheck failed: $(cat "$TMP/hc.err")"
	cap_stop probes
	rows=$(jq '.vlans | length' "$TMP/hc.json")
	[ "$rows" = 6 ]
	check_err $? "$rows rows, expected 6 (3 uplinks, VLANs 10 and 20): $(cat "$TMP/hc.json")"
	bad=$(jq -r '.vlans[] | select(.vlan_ok | not) | "\(.uplink)/\(.vlan)"' "$TMP/hc.json" | paste -sd' ')
	[ "$bad" = "up2/20" ]
	check_err $? "VLANs not carried: '$bad', expected 'up2/20'"
	[ "$(hc_row up0 20 '.heard_by | join(",")')" = up1 ]
	check_err $? "up0's probe in VLAN 20 was not heard by up1 alone"
	[ "$(hc_row up0 10 '.heard_by | join(",")')" = up1,up2 ]
	check_err $? "up0's probe in VLAN 10 was not heard by up1 and up2"
	mtu=$(jq -r '.vlans[] | select(.vlan_ok) | .mtu_result' "$TMP/hc.json" | sort -u | paste -sd' ')
	[ "$mtu" = too-big ]
	check_err $? "MTU results '$mtu', expected too-big everywhere (the physical side has 1500)"
	[ "$(cap_count probes)" = 0 ]
	check_err $? "a VM saw $(cap_count probes) probe(s)"
	vswctl healthcheck sw0 mtu | sed 's/^/# /'

	# the physical side's MTU raised to the switch's: big probes pass
	for u in up0f up1f up2f; do
		ip -n phys link set $u mtu 9000
	done
	vswctl -j healthcheck sw0 mtu > "$TMP/hc.json"
	mtu=$(jq -r '.vlans[] | select(.vlan_ok) | .mtu_result' "$TMP/hc.json" | sort -u | paste -sd' ')
	[ "$mtu" = passes ]
	check_err $? "MTU results '$mtu' with 9000 on both sides, expected passes"
	vswctl healthcheck sw0 vlan 20 > "$TMP/hc.txt"
	check_err $? "healthcheck vlan 20 failed"
	grep -qE '^up2 +20 +- *$' "$TMP/hc.txt"
	check_err $? "the table does not show up2 VLAN 20 heard by nobody: $(cat "$TMP/hc.txt")"
	! grep -qE '^up[0-2] +10 ' "$TMP/hc.txt"
	check_err $? "vlan 20 probed VLAN 10 too"
	cleanup_objects
	log_test "healthcheck names the uplink whose port lacks VLAN 20, and the MTU smaller on the physical side"
}

# up0 and up1 in one port channel of the physical switch (a balance-xor
# bond, a static LAG), up2 not
etherchannel()
{
	local ec

	setup
	check_err $? "setup failed"
	ip -n phys link add pc0 type bond mode balance-xor &&
	ip -n phys link set up0f down && ip -n phys link set up0f master pc0 &&
	ip -n phys link set up1f down && ip -n phys link set up1f master pc0 &&
	ip -n phys link set pc0 master br0 &&
	n phys bridge vlan add vid 2-4094 dev pc0 &&
	ip -n phys link set pc0 up && ip -n phys link set up0f up &&
	ip -n phys link set up1f up
	check_err $? "the port channel failed"
	vswctl portgroup add sw0 lag vlan 10 teaming iphash active up0,up1 &&
	vswctl portgroup add sw0 nolag vlan 10 teaming iphash active up1,up2
	check_err $? "the iphash portgroups failed"
	vswctl -j healthcheck sw0 vlan 10 > "$TMP/hc.json"
	check_err $? "healthcheck failed"
	ec=$(jq -r '.teaming[] | "\(.portgroup)=\(.etherchannel)"' "$TMP/hc.json" | sort | paste -sd' ')
	[ "$ec" = "lag=true nolag=false" ]
	check_err $? "EtherChannel results '$ec', expected 'lag=true nolag=false'"
	vswctl healthcheck sw0 vlan 10 | grep -q "^nolag .*no (a probe went up[12]->up[12]"
	check_err $? "the table does not say why nolag is not one port channel"
	cleanup_objects
	log_test "an iphash portgroup over uplinks that are not one port channel is named; one over a LAG is not"
}

refused()
{
	setup
	check_err $? "setup failed"
	fails_cleanly "unknown healthcheck word" vswctl healthcheck sw0 bogus
	fails_cleanly "LIST of VIDs" vswctl healthcheck sw0 vlan 4095
	fails_cleanly "LIST of VIDs" vswctl healthcheck sw0 vlan
	fails_cleanly "missing argument" vswctl healthcheck
	fails_cleanly "no switch" vswctl healthcheck nosuch
	fails_cleanly "packet socket: Operation not permitted" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$VSWCTL" healthcheck sw0
	cleanup_objects
	log_test "refused: unknown words, bad VLANs, no switch, no privilege"
}

# hc_status JQ: JQ over the rows of the module's last round
hc_status()
{
	vswctl -j healthcheck sw0 status | jq -r "$1"
}

# hc_events: the health check events so far, one "uplink/vlan=ok,mtu" or
# "portgroup=etherchannel" per line, sorted
hc_events()
{
	jq -r 'select(.event == "healthcheck") |
		if .portgroup then "\(.portgroup)=\(.etherchannel)"
		else "\(.uplink)/\(.vlan)=\(.vlan_ok),\(.mtu_result)" end' \
		"$TMP/ev.json" | sort | paste -sd' '
}

# hc_wait_events N: until N health check events have come
hc_wait_events()
{
	wait_until 15 sh -c "[ \$(jq -r 'select(.event == \"healthcheck\")' '$TMP/ev.json' | grep -c '\"event\"') -ge $1 ]"
}

periodic()
{
	local ev u

	setup && vm_add vm1 sw0 v10 10.0.10.1/24 "$M1" &&
	vswctl portgroup add sw0 nolag vlan 10 teaming iphash active up1,up2
	check_err $? "setup failed"
	# the physical side as big as the switch: only VLAN 20 on up2 and
	# the port channel are wrong
	for u in up0f up1f up2f; do
		ip -n phys link set $u mtu 9000
	done
	"$VSWCTL" -j monitor > "$TMP/ev.json" 2> /dev/null &
	MON=$!
	sleep 0.5
	cap_start probes vm1 eth0 ether proto 0x88b5
	vswctl switch set sw0 healthcheck interval 2
	check_err $? "switch set healthcheck interval 2 failed"
	wait_until 15 sh -c "[ \"\$('$VSWCTL' -j healthcheck sw0 status | jq '.vlans | length')\" = 6 ]"
	check_err $? "no round with 6 results: $(vswctl -j healthcheck sw0 status)"
	hc_wait_events 2
	ev=$(hc_events)
	[ "$ev" = "nolag=false up2/20=false,unknown" ]
	check_err $? "first round's events '$ev', expected 'nolag=false up2/20=false,unknown'"
	[ "$(hc_status '[.vlans[] | select(.vlan_ok | not) | "\(.uplink)/\(.vlan)"] | join(" ")')" = up2/20 ]
	check_err $? "status: VLANs not carried are not exactly up2/20"
	[ "$(hc_status '[.vlans[] | select(.vlan_ok) | .mtu_result] | unique | join(" ")')" = passes ]
	check_err $? "status: MTU results are not 'passes' where the VLAN is carried"
	[ "$(hc_status '.teaming[0].heard')" != null ]
	check_err $? "status: nolag does not say which probe went where"
	vswctl healthcheck sw0 status | sed 's/^/# /'
	[ "$(vswctl -j switch show sw0 | jq '.[0].healthcheck_interval')" = 2 ]
	check_err $? "switch show does not carry healthcheck_interval 2"
	[ "$(vswctl save sw0 | jq '.switches[0].healthcheck_interval')" = 2 ]
	check_err $? "save does not keep healthcheck_interval 2"

	# the physical port is mended: one event, up2's VLAN 20 carried again
	n phys bridge vlan add vid 20 dev up2f
	hc_wait_events 3
	ev=$(hc_events)
	[ "$ev" = "nolag=false up2/20=false,unknown up2/20=true,passes" ]
	check_err $? "events after the mend '$ev', expected up2/20=true,passes to be added"
	# up0's physical port shrinks to 1500: its big probes are lost
	ip -n phys link set up0f mtu 1500
	hc_wait_events 5
	sleep 3		# (one more round: nothing else may change)
	ev=$(hc_events)
	[ "$ev" = "nolag=false up0/10=true,too-big up0/20=true,too-big up2/20=false,unknown up2/20=true,passes" ]
	check_err $? "events after up0's port went to MTU 1500: '$ev'"
	# up2 leaves: its rows go without an event; the team of nolag is
	# up1 alone now, one port channel; and up1's big probes, which up2
	# heard, have only up0's port of MTU 1500 left
	vswctl uplink del sw0 up2
	hc_wait_events 8
	sleep 3
	ev=$(hc_events)
	[ "$ev" = "nolag=false nolag=true up0/10=true,too-big up0/20=true,too-big up1/10=true,too-big up1/20=true,too-big up2/20=false,unknown up2/20=true,passes" ]
	check_err $? "events after up2 left: '$ev'"
	[ "$(hc_status '[.vlans[].uplink] | unique | join(" ")')" = "up0 up1" ]
	check_err $? "status still has rows of up2, or lacks others: $(hc_status '[.vlans[].uplink] | join(" ")')"
	cap_stop probes
	[ "$(cap_count probes)" = 0 ]
	check_err $? "a VM saw $(cap_count probes) probe(s) of the periodic check"

	# off: the results go, and no probe leaves any more
	vswctl switch set sw0 healthcheck off
	check_err $? "switch set healthcheck off failed"
	[ "$(hc_status '.vlans | length')" = 0 ]
	check_err $? "results still there once off"
	sleep 1.5	# (a send under way ends)
	cap_start offprobes phys up1f ether proto 0x88b5
	sleep 3
	cap_stop offprobes
	[ "$(cap_count offprobes)" = 0 ]
	check_err $? "up1 still sends probes once the check is off: $(cap_count offprobes)"
	# on again, and the switch deleted while a round runs
	vswctl switch set sw0 healthcheck interval 2 && sleep 0.1 &&
	vswctl switch del sw0
	check_err $? "deleting a switch while its health check runs failed"
	kill $MON 2>/dev/null
	wait $MON 2>/dev/null
	cleanup_objects
	log_test "periodic health check: the module's rounds find VLAN 20 on up2 and the port channel, announce exactly what changes, stop when off"
}

# What the physical network may send: the module's own probes replayed in
# their round with forged rounds, indexes and sizes, and cut short.
# Nothing of it changes a result or reaches a VM.
periodic_hostile()
{
	local before after u

	setup && vm_add vm1 sw0 v10 10.0.10.1/24 "$M1"
	check_err $? "setup failed"
	for u in up0f up1f up2f; do
		ip -n phys link set $u mtu 9000
	done
	vswctl switch set sw0 healthcheck interval 2
	wait_until 15 sh -c "[ \"\$('$VSWCTL' -j healthcheck sw0 status | jq '.vlans | length')\" = 6 ]"
	check_err $? "no round with 6 results"
	before=$(hc_status '[.vlans[] | "\(.uplink)/\(.vlan)=\(.vlan_ok),\(.mtu_result)"] | join(" ")')
	# a probe is what carries the whole beacon header; a frame of the
	# ethertype cut short before it is traffic like any other
	cap_start probes vm1 eth0 ether proto 0x88b5 and \
		ether[14:4] = 0x56535742 and greater 30
	# each probe the physical side sees, replayed into up1 at once (in
	# its round) 40 times, each with bytes of its round, indexes and size
	# changed, or cut short
	cat > "$TMP/replay.py" <<'PY'
import random, socket, struct, sys
inp = sys.stdin.buffer
inp.read(24)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
rnd = random.Random(7)
sent = 0
while True:
    rec = inp.read(16)
    if len(rec) < 16:
        break
    frame = inp.read(struct.unpack("<I", rec[8:12])[0])
    off = 18 if frame[12:14] == b"\x81\x00" else 14
    for i in range(40):
        f = bytearray(frame)
        for _ in range(rnd.randrange(1, 4)):
            j = off + 16 + rnd.randrange(0, 7)
            if j < len(f):
                f[j] = rnd.randrange(256)
        cut = rnd.choice([len(f), rnd.randrange(14, len(f) + 1)])
        s.send(bytes(f[:cut]))
        sent += 1
print("replayed", sent)
PY
	n phys timeout 6 tcpdump -i up0f -U -w - --immediate-mode \
		ether proto 0x88b5 2> /dev/null |
		n phys python3 "$TMP/replay.py" up1f > "$TMP/replay.out"
	grep -q 'replayed [1-9]' "$TMP/replay.out"
	check_err $? "the replay failed"
	sleep 5		# two rounds
	after=$(hc_status '[.vlans[] | "\(.uplink)/\(.vlan)=\(.vlan_ok),\(.mtu_result)"] | join(" ")')
	[ "$before" = "$after" ]
	check_err $? "forged probes changed the results: '$before' -> '$after'"
	echo "$after" | grep -q 'up2/20=false,unknown'
	check_err $? "the results are not those of the network: $after"
	cap_stop probes
	[ "$(cap_count probes)" = 0 ]
	check_err $? "a VM saw $(cap_count probes) forged probe(s): $(cap_show probes | head -n 3)"
	fails_cleanly "healthcheck interval must be 2-86400" vswctl switch set sw0 healthcheck interval 1
	fails_cleanly "healthcheck takes" vswctl switch set sw0 healthcheck sometimes
	fails_cleanly "no switch nosuch" vswctl healthcheck nosuch status
	fails_cleanly "Operation not permitted" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$VSWCTL" switch set sw0 healthcheck off
	cleanup_objects
	log_test "periodic health check: forged and cut probes from the physical side change nothing, reach no VM"
}

trap cleanup_objects EXIT
run_tests
