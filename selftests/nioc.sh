#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Network I/O Control (vswctl nioc; the vDS's NIOC): the kernel's HTB on
# the uplink, fed by the switch's marking.  Two VMs in portgroups with
# shares 3:1 saturate an uplink of NIOC rate 2 Mbit/s: what each class
# sent (HTB's own counters) comes out 3:1 within 10%; a limit holds for a
# portgroup alone; the tree follows portgroups and goes with NIOC off and
# with the uplink; save/apply keep NIOC; bad values change nothing.
ALL_TESTS="nioc_config shares_split limit_holds refused"
source "$(dirname "$0")/lib.sh"

PHYS_MAC=02:00:00:00:fe:fe	# br0's: a known unicast destination

setup()
{
	switch_add sw0 && phys_add && uplink_add sw0 up0 &&
	vswctl portgroup add sw0 a vlan 10 &&
	vswctl portgroup add sw0 b vlan 20 &&
	vm_add vm1 sw0 a 10.0.10.1/24 "$M1" &&
	vm_add vm2 sw0 b 10.0.20.1/24 "$M2"
}

has_tree()
{
	tc -j qdisc show dev "$1" | jq -e '.[] | select(.root and .handle == "7673:")' > /dev/null
}

# class PG: PG's HTB class on the uplinks ("7673:10")
class()
{
	vswctl -j nioc show sw0 | jq -r --arg pg "$1" \
		'.[0].portgroups[] | select(.name == $pg) | .class'
}

# sent CLASS: the bytes HTB sent of CLASS on up0, as tc says
sent()
{
	tc -s class show dev up0 | awk -v c="$1" '
		$1 == "class" { on = ($3 == c) }
		on && $1 == "Sent" { print $2; exit }'
}

flood()
{
	n "$1" $FRAME eth0 --src "$2" --dst $PHYS_MAC --size 1000 \
		--ethertype 0x88b6 --duration "$3" > /dev/null
}

nioc_config()
{
	local before after

	setup
	check_err $? "setup failed"
	vswctl nioc set sw0 rate 2mbit && vswctl nioc set sw0 a shares 75 &&
	vswctl nioc set sw0 b shares 25 reservation 100kbit limit 1mbit
	check_err $? "nioc set failed"
	has_tree up0
	check_err $? "no HTB tree of ours on up0"
	vswctl -j nioc show sw0 | jq -e '.[0].rate == 2000000 and
		(.[0].portgroups[] | select(.name == "b") | .shares == 25 and
		 .reservation == 100000 and .limit == 1000000 and
		 .htb_ceil == 1000000)' > /dev/null
	check_err $? "nioc show -j: $(vswctl -j nioc show sw0)"
	tc class show dev up0 | grep -q "^class htb $(vswctl -j nioc show sw0 |
		jq -r '.[0].portgroups[] | select(.name == "a") | .class') "
	check_err $? "portgroup a has no class on up0: $(tc class show dev up0)"
	# a new portgroup gets its class at once; a deleted one loses it
	vswctl portgroup add sw0 c vlan 30
	[ "$(tc class show dev up0 | grep -c '^class htb 7673:')" = 5 ]
	check_err $? "a new portgroup got no class: $(tc class show dev up0)"
	vswctl portgroup del sw0 c
	[ "$(tc class show dev up0 | grep -c '^class htb 7673:')" = 4 ]
	check_err $? "a deleted portgroup kept its class: $(tc class show dev up0)"
	# save and apply keep it, and the tree comes back with the switch
	before=$(vswctl save)
	echo "$before" | jq -e '.switches[0].nioc_rate == 2000000 and
		(.switches[0].portgroups[] | select(.name == "a") | .nioc_shares == 75)' > /dev/null
	check_err $? "save has no NIOC: $before"
	vswctl nioc set sw0 rate off
	! has_tree up0
	check_err $? "NIOC off left the tree on up0"
	echo "$before" | vswctl apply - > /dev/null
	check_err $? "apply of the saved NIOC failed"
	after=$(vswctl save)
	[ "$before" = "$after" ]
	check_err $? "apply did not restore NIOC: $(diff <(echo "$before") <(echo "$after") | head -5)"
	has_tree up0
	check_err $? "apply did not put the tree back on up0"
	vswctl uplink del sw0 up0
	! has_tree up0
	check_err $? "an uplink that left kept the tree"
	cleanup_objects
	log_test "nioc set, show, -j; the tree follows portgroups, NIOC off and the uplink; save and apply keep it"
}

# the rate (bit/s) at which HTB sent of the classes of $@ in a window of
# about WINDOW seconds, inside a flood of every VM (the floods' start and
# HTB's backlog after them are not measured; the window is timed from
# the reads of the counters, which take a while under TCG)
WINDOW=4
window()
{
	local pg t0 t1 before=() after=() i=0 cls=()

	for pg in "$@"; do cls+=("$(class "$pg")"); done
	for pg in "${cls[@]}"; do before+=("$(sent "$pg")"); done
	t0=$(date +%s.%N)
	sleep $WINDOW
	for pg in "${cls[@]}"; do after[i]=$(sent "$pg"); i=$((i + 1)); done
	t1=$(date +%s.%N)
	# (each read is counted at its end)
	for i in "${!before[@]}"; do
		python3 -c "print(int(($((after[i] - before[i]))) * 8 / ($t1 - $t0)))"
	done
}

shares_split()
{
	local a b out

	setup && vswctl nioc set sw0 rate 2mbit &&
	vswctl nioc set sw0 a shares 75 && vswctl nioc set sw0 b shares 25
	check_err $? "setup failed"
	flood vm1 "$M1" 12 &
	flood vm2 "$M2" 12 &
	sleep 3
	out=$(window a b)
	wait
	a=$(echo "$out" | sed -n 1p); b=$(echo "$out" | sed -n 2p)
	echo "# an uplink of NIOC rate 2 Mbit/s, shares 75:25: a got $a bit/s, b $b"
	[ "$b" -gt 0 ] && python3 -c "import sys; r = $a / $b; sys.exit(not 2.7 <= r <= 3.3)"
	check_err $? "a:b = $a:$b, expected 3:1 within 10%"
	python3 -c "import sys; sys.exit(not 0.85 * 2e6 <= $a + $b <= 1.1 * 2e6)"
	check_err $? "the two got $((a + b)) bit/s together, expected the rate, 2 Mbit/s"
	vswctl switch del sw0 && SWITCHES=()
	! has_tree up0
	check_err $? "a deleted switch left its tree on up0"
	cleanup_objects
	log_test "shares 3:1 on a saturated uplink: the classes sent 3:1 within 10%"
}

limit_holds()
{
	local a want

	setup && vswctl nioc set sw0 rate 2mbit &&
	vswctl nioc set sw0 a shares 75 limit 500kbit
	check_err $? "setup failed"
	flood vm1 "$M1" 11 &
	sleep 3
	a=$(window a)
	wait
	echo "# a alone, limit 500 kbit/s: a got $a bit/s"
	[ "$a" -le 550000 ] && [ "$a" -ge 400000 ]
	check_err $? "a got $a bit/s, its limit is 500 kbit/s"
	cleanup_objects
	log_test "a portgroup alone on the uplink gets its limit, not more"
}

refused()
{
	setup && vswctl nioc set sw0 rate 2mbit
	check_err $? "setup failed"
	fails_cleanly "nioc-rate must be off or a RATE" vswctl nioc set sw0 rate 5kbit
	fails_cleanly "nioc-shares must be 1-100" vswctl nioc set sw0 a shares 0
	fails_cleanly "nioc-shares must be 1-100" vswctl nioc set sw0 a shares 101
	fails_cleanly "reservation is above the limit" \
		vswctl nioc set sw0 a reservation 2mbit limit 1mbit
	fails_cleanly "unknown nioc word" vswctl nioc set sw0 a weight 3
	fails_cleanly "no portgroup|not found|does not exist" vswctl nioc set sw0 nosuch shares 3
	fails_cleanly "not permitted" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$VSWCTL" nioc set sw0 a shares 10
	# an uplink whose name a shell would run: tc is run without one
	ip link add 'u;$(id>q)' type veth peer name uqf netns phys &&
	LINKS+=('u;$(id>q)') && ip link set 'u;$(id>q)' up &&
	(cd "$TMP" && "$VSWCTL" uplink add sw0 'u;$(id>q)' && "$VSWCTL" nioc sync sw0 &&
	 "$VSWCTL" nioc show sw0 > /dev/null)
	check_err $? "NIOC on an uplink named 'u;\$(id>q)' failed"
	[ ! -e "$TMP/q" ]
	check_err $? "a shell ran the uplink's name"
	has_tree 'u;$(id>q)'
	check_err $? "no tree on the uplink named 'u;\$(id>q)'"
	cleanup_objects
	log_test "refused: rates, shares, a reservation above the limit, unknown words and portgroups, no privilege; a device name is never a command"
}

trap cleanup_objects EXIT
run_tests
