#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's walk-through, run as a user runs it: the commands are read
# out of the README itself (its indented code blocks of steps 2, 3 and 5)
# and run as they stand, so that the README cannot drift from what works.
# Only what a test VM has not got is stood in for: eth1 is a veth cabled to
# a simulated physical switch trunking VLANs 10 and 20, and
# qemu-system-x86_64 is a shell function that does what qemu does with
# `-netdev tap,...,script=IFUP`: make the guest's interface (here a veth
# whose far end is eth0 of a namespace named after the guest, with the
# -device MAC) and run the ifup script on it with the caller's environment.
ALL_TESTS="step2_switch step3_guests step4_isolation step5_host_and_save"
source "$(dirname "$0")/lib.sh"

README=$top/README
export VSWCTL		# the hooks run vswctl by this name
# the path `make install` puts the hooks in (PREFIX=/usr/local)
INSTALLED_LIBEXEC=/usr/local/libexec/vswitch

# readme_step N: the commands of step N of the walk-through (the lines of
# its code blocks, indented by seven spaces), up to the next step
readme_step()
{
	awk -v n="$1" '
		/^[0-9]\. / { on = ($0 ~ "^" n "\\. ") }
		/^[A-Z]/ { on = 0 }
		on && /^       / { sub(/^       /, ""); print }
	' "$README"
}

# the README's `ping 10.0.10.1` runs until the user stops it
ping() { command ping -c 3 -w 6 "$@"; }

# what qemu does with -netdev tap,ifname=DEV,script=IFUP and
# -device ...,mac=MAC (the rest of its command line is the guest's business)
qemu-system-x86_64()
{
	local a dev script mac name ns

	for a in "$@"; do
		case "$a" in
		tap,*)
			dev=$(echo "$a" | tr , '\n' | sed -n 's/^ifname=//p')
			script=$(echo "$a" | tr , '\n' | sed -n 's/^script=//p') ;;
		*mac=*)
			mac=$(echo "$a" | tr , '\n' | sed -n 's/^mac=//p') ;;
		esac
	done
	name=${dev%-eth0}
	ns=$name
	# the hook the README names must be where make install puts it
	[ "$script" = "$INSTALLED_LIBEXEC/qemu-ifup" ] || {
		echo "qemu: script=$script is not where make install puts qemu-ifup" >&2
		return 1
	}
	ns_add "$ns" || return 1
	ip link add "$dev" type veth peer name eth0 netns "$ns" || return 1
	LINKS+=("$dev")
	ip -n "$ns" link set eth0 address "$mac" up
	# qemu runs the script with its own environment (VSWITCH_PORTGROUP)
	"$top/userspace/hooks/qemu-ifup" "$dev"
}

setup()
{
	# the NIC cabled to the physical switch, whose port trunks 10 and 20
	! ip link show eth1 > /dev/null 2>&1 || { echo "# eth1 exists"; return 1; }
	phys_add &&
	ip link add eth1 type veth peer name eth1f netns phys && LINKS+=(eth1) &&
	ip -n phys link set eth1f master br0 &&
	n phys bridge vlan add vid 10 dev eth1f &&
	n phys bridge vlan add vid 20 dev eth1f &&
	ip -n phys link set eth1f up && ip link set eth1 up
}

step2_switch()
{
	local cmds

	cmds=$(readme_step 2)
	echo "$cmds" | grep -q '^vswctl switch add vsw0$'
	check_err $? "step 2 of the README has no 'vswctl switch add vsw0'"
	SWITCHES+=(vsw0)
	eval "$cmds" > "$TMP/step2.out" 2>&1
	check_err $? "step 2 failed: $(tail -n2 "$TMP/step2.out")"
	[ "$(vswctl -j portgroup show vsw0 | jq -r '.[] | "\(.name)=\(.vlan)"' | sort | tr '\n' ' ')" = \
	  "lab=20 prod=10 " ]
	check_err $? "after step 2: $(vswctl portgroup show vsw0)"
	log_test "step 2: the switch, its uplink eth1 and portgroups prod (10) and lab (20)"
}

step3_guests()
{
	local cmds

	cmds=$(readme_step 3)
	echo "$cmds" | grep -q 'VSWITCH_PORTGROUP=vsw0/\$pg qemu-system-x86_64'
	check_err $? "step 3 of the README does not start guests with VSWITCH_PORTGROUP"
	eval "$cmds" > "$TMP/step3.out" 2>&1
	check_err $? "step 3 failed: $(tail -n3 "$TMP/step3.out")"
	[ "$(vswctl -j port show vsw0 | jq -r '.[] | "\(.name)=\(.portgroup)"' | sort | tr '\n' ' ')" = \
	  "test1-eth0=lab web1-eth0=prod web2-eth0=prod " ]
	check_err $? "after step 3: $(vswctl port show vsw0)"
	log_test "step 3: three guests joined by the qemu-ifup hook (VSWITCH_PORTGROUP)"
}

step4_isolation()
{
	n web1 ip addr add 10.0.10.1/24 dev eth0 &&
	n web2 ip addr add 10.0.10.2/24 dev eth0 &&
	n test1 ip addr add 10.0.10.3/24 dev eth0
	check_err $? "guest addresses"
	# what the physical switch receives from eth1 (`tcpdump -e -i eth1 vlan`)
	cap_start eth1 phys eth1f vlan
	n web1 ping -c 2 -W 2 10.0.10.2 > /dev/null
	check_err $? "web1 cannot ping web2 (both in prod, VLAN 10)"
	n web1 ping -c 2 -W 1 10.0.10.3 > /dev/null
	check_fail $? "web1 pinged test1 across VLANs"
	n test1 ping -c 1 -W 1 10.0.10.9 > /dev/null
	cap_stop eth1
	vswctl -j fdb show vsw0 > "$TMP/fdb.json"
	jq -e '[.[] | select(.vlan == 10)] | length >= 2' "$TMP/fdb.json" > /dev/null &&
	jq -e '[.[] | select(.vlan == 20)] | length >= 1' "$TMP/fdb.json" > /dev/null
	check_err $? "fdb show lacks the guests' MACs in VLAN 10 and 20: $(vswctl fdb show vsw0)"
	grep -q "vlan 10," "$TMP/eth1.txt" && grep -q "vlan 20," "$TMP/eth1.txt"
	check_err $? "eth1 did not carry VLAN 10 and 20 tagged: $(cap_show eth1)"
	log_test "step 4: web1 reaches web2, not test1; fdb and eth1 show VLANs 10 and 20"
}

step5_host_and_save()
{
	local cmds

	# vswitch.service's file, here in the test's directory
	cmds=$(readme_step 5 | sed "s|/etc/vswitch/config.json|$TMP/config.json|")
	echo "$cmds" | grep -q '^vswctl port add vsw0 prod vmk0 internal$'
	check_err $? "step 5 of the README has no internal port vmk0"
	eval "$cmds" > "$TMP/step5.out" 2>&1
	check_err $? "step 5 failed: $(tail -n3 "$TMP/step5.out")"
	jq -e '.switches[0].ports | map(.name) | index("vmk0") != null' "$TMP/config.json" \
		> /dev/null 2>&1
	check_err $? "the saved configuration lacks vmk0: $(head -c 300 "$TMP/config.json")"
	# what was saved applies again as it stands: nothing to change
	vswctl apply "$TMP/config.json" > "$TMP/apply.out" 2>&1
	check_err $? "vswctl apply of the saved file failed: $(cat "$TMP/apply.out")"
	log_test "step 5: the host on VLAN 10 (vmk0) pings web1; vswctl save"
}

trap cleanup_objects EXIT
setup || { echo "1..0 # SKIP setup failed"; exit 1; }
run_tests
