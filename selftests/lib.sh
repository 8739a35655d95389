#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers of the vswitch selftests, in the style of the kernel's
# selftests/net/forwarding/lib.sh: each script lists its tests in ALL_TESTS,
# each test sets RET=0, checks with check_err/check_fail and ends with
# log_test; the output is KTAP.
#
# Topology the helpers build (the switch lives in the test's own namespace,
# "VMs" and the "physical switch" in namespaces of their own):
#
#   netns vm1          this namespace (the host)          netns phys
#   +--------+        +--------------------------+       +-------------------+
#   | eth0   |--veth--| vm1p   switch  up0       |--veth-| up0f   br0        |
#   +--------+        |  (port)        (uplink)  |       | vlan_filtering=1  |
#                     +--------------------------+       | br0.N: hosts in N |
#                                                        +-------------------+

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VSWCTL=${VSWCTL:-$top/userspace/vswctl}
FRAME="python3 $top/selftests/frame.py"
TMP=${TMPDIR:-/tmp}/vsw-$(basename "$0" .sh)
mkdir -p "$TMP"

# the "VMs" of every script: vmN has MAC $MN
M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M3=02:00:00:00:00:03
M4=02:00:00:00:00:04
BCAST=ff:ff:ff:ff:ff:ff

RET=0
RETMSG=
TESTS_RUN=0
TESTS_FAILED=0
NAMESPACES=()
SWITCHES=()
LINKS=()

vswctl() { "$VSWCTL" "$@"; }
n() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

check_err()
{
	local err=$1 msg=$2

	if [ "$RET" -eq 0 ] && [ "$err" -ne 0 ]; then
		RET=$err
		RETMSG=$msg
	fi
}

check_fail()
{
	local err=$1 msg=$2

	if [ "$RET" -eq 0 ] && [ "$err" -eq 0 ]; then
		RET=1
		RETMSG=$msg
	fi
}

log_test()
{
	local name=$1

	TESTS_RUN=$((TESTS_RUN + 1))
	if [ "$RET" -eq 0 ]; then
		echo "ok $TESTS_RUN $name"
	else
		TESTS_FAILED=$((TESTS_FAILED + 1))
		echo "not ok $TESTS_RUN $name # $RETMSG"
	fi
	RET=0
	RETMSG=
}

run_tests()
{
	local t start

	ALL_TESTS=${TESTS:-$ALL_TESTS}
	echo "KTAP version 1"
	echo "1..$(echo $ALL_TESTS | wc -w)"
	for t in $ALL_TESTS; do
		RET=0
		start=$SECONDS
		$t
		# where the suite's time goes, for whoever shortens it
		[ $((SECONDS - start)) -lt 5 ] || echo "# $t: $((SECONDS - start)) s"
	done
	echo "# $((TESTS_RUN - TESTS_FAILED)) passed, $TESTS_FAILED failed"
	[ "$TESTS_FAILED" -eq 0 ]
}

# --- objects -------------------------------------------------------------

ns_add()
{
	ip netns add "$1" && ip -n "$1" link set lo up && NAMESPACES+=("$1") &&
	# no IPv6 autoconfiguration chatter in the captures
	n "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

switch_add()
{
	vswctl switch add "$@" && SWITCHES+=("$1")
}

# vm_add NS SWITCH PG [IP/PREFIX [MAC]]: a namespace behind a veth port
# named ${NS}p; the VM side is eth0.
vm_add()
{
	local ns=$1 sw=$2 pg=$3 ip=$4 mac=$5

	ns_add "$ns" || return 1
	ip link add "${ns}p" type veth peer name eth0 netns "$ns" || return 1
	LINKS+=("${ns}p")
	[ -n "$mac" ] && ip -n "$ns" link set eth0 address "$mac"
	ip link set "${ns}p" up
	ip -n "$ns" link set eth0 up
	[ -n "$ip" ] && ip -n "$ns" addr add "$ip" dev eth0
	vswctl port add "$sw" "$pg" "${ns}p"
}

# vm_vlan NS VID IP/PREFIX: a tagged interface eth0.VID inside a VM
vm_vlan()
{
	ip -n "$1" link add link eth0 name "eth0.$2" type vlan id "$2" &&
	ip -n "$1" addr add "$3" dev "eth0.$2" &&
	ip -n "$1" link set "eth0.$2" up
}

# phys_add: the physical switch, a vlan-filtering bridge in netns phys
phys_add()
{
	ns_add phys || return 1
	# a fixed MAC: a bridge takes its lowest port's otherwise, and the
	# teaming tests take ports out
	ip -n phys link add br0 address 02:00:00:00:fe:fe type bridge \
		vlan_filtering 1 || return 1
	ip -n phys link set br0 up
}

# uplink_add SWITCH DEV: a veth DEV whose far side DEVf is a trunk port
# (VLANs 1-4094, VLAN 1 untagged) of the physical switch
uplink_add()
{
	local sw=$1 dev=$2

	ip link add "$dev" type veth peer name "${dev}f" netns phys || return 1
	LINKS+=("$dev")
	ip -n phys link set "${dev}f" master br0
	n phys bridge vlan add vid 2-4094 dev "${dev}f"
	ip -n phys link set "${dev}f" up
	ip link set "$dev" up
	vswctl uplink add "$sw" "$dev"
}

# phys_host VID IP/PREFIX: an address of the physical network in VLAN VID
# (0: untagged, on br0 itself)
phys_host()
{
	local vid=$1 ip=$2

	if [ "$vid" = 0 ]; then
		ip -n phys addr add "$ip" dev br0
		return
	fi
	n phys bridge vlan add vid "$vid" dev br0 self
	ip -n phys link add link br0 name "br0.$vid" type vlan id "$vid"
	ip -n phys addr add "$ip" dev "br0.$vid"
	ip -n phys link set "br0.$vid" up
}

cleanup_objects()
{
	local sw ns l

	for sw in "${SWITCHES[@]}"; do
		vswctl switch del "$sw" 2>/dev/null
	done
	# delete the host ends now: a namespace's own dies asynchronously
	for l in "${LINKS[@]}"; do
		ip link del "$l" 2>/dev/null
	done
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	SWITCHES=()
	NAMESPACES=()
	LINKS=()
}

# the whole configuration (MAC ages left out: they tick)
vsw_state()
{
	local sw

	{
		vswctl -j switch show; vswctl -j port show; vswctl -j uplink show
		vswctl -j portgroup show; vswctl -j mirror show
		for sw in "${SWITCHES[@]}"; do
			vswctl -j fdb show "$sw" |
				jq -c '[.[] | select(.type == "static")]'
		done
	} | sed -E 's/"age":[0-9]+//g; s/"cold":(true|false)//g;
		   s/"macs":[0-9]+//g'
	# (what time and traffic change, not a request: an entry's age, a
	# port's cold start, over after the ageing time or 60 s, and the
	# MACs learned from a frame still on its way, such as a late IPv6
	# neighbour solicitation)
}

# fails_cleanly REGEX CMD...: CMD fails, says REGEX on stderr, changes nothing
fails_cleanly()
{
	local re=$1 before after out rc

	shift
	before=$(vsw_state)
	out=$("$@" 2>&1 >/dev/null)
	rc=$?
	after=$(vsw_state)
	check_fail $rc "'$*' succeeded"
	# an error exit, not a signal's (vswctl once died of SIGSEGV after
	# saying the right words: switch del of an unknown switch)
	[ $rc -lt 128 ]
	check_err $? "'$*' died (exit $rc)"
	echo "$out" | grep -qE -- "$re"
	check_err $? "'$*' said '$out', expected /$re/"
	[ "$before" = "$after" ] ||
		diff <(echo "$before") <(echo "$after") | head -n 6 | sed 's/^/# /'
	[ "$before" = "$after" ]
	check_err $? "'$*' changed the state"
}

# --- traffic and wire checks -----------------------------------------------

ping_ok()
{
	local ns=$1 dst=$2

	n "$ns" ping -q -c 2 -i 0.2 -W 2 "$dst" > /dev/null 2>&1 ||
	n "$ns" ping -q -c 3 -i 0.3 -W 2 "$dst" > /dev/null 2>&1
}

ping_fails()
{
	! n "$1" ping -q -c 2 -i 0.2 -W 1 "$2" > /dev/null 2>&1
}

# ping_all: pings at once, one a line of stdin, "ok NS DST LABEL" (must
# answer) or "fails NS DST LABEL" (must not); prints the LABELs of those
# that did otherwise (a matrix of pings one after the other took minutes:
# a ping that must fail waits out its timeout)
ping_all()
{
	local want ns dst label pids=() out

	out=$(mktemp "$TMP/ping_all.XXXXXX") || return 1
	while read -r want ns dst label; do
		case "$want" in
		ok) { ping_ok "$ns" "$dst" || echo -n " $label" >> "$out"; } & ;;
		*) { ping_fails "$ns" "$dst" || echo -n " $label" >> "$out"; } & ;;
		esac
		pids+=($!)
	done
	[ ${#pids[@]} -eq 0 ] || wait "${pids[@]}"
	cat "$out"
	rm -f "$out"
}

# cap_start NAME NS DEV FILTER...: capture what DEV in NS receives
cap_start() { cap_launch "$@" && cap_ready "$1"; }

# cap_launch NAME NS DEV FILTER...: cap_start without the wait, for
# several captures started at once and then waited for by cap_ready
# (tcpdump takes a second to start under TCG: hundreds in the suite)
cap_launch()
{
	local name=$1 ns=$2 dev=$3

	shift 3
	rm -f "$TMP/$name.txt" "$TMP/$name.err" "$TMP/$name.pid"
	# NS "-": this namespace, the host's
	if [ "$ns" = - ]; then
		tcpdump -i "$dev" -nn -e -l -Q in "$@" \
			> "$TMP/$name.txt" 2> "$TMP/$name.err" &
	else
		n "$ns" tcpdump -i "$dev" -nn -e -l -Q in "$@" \
			> "$TMP/$name.txt" 2> "$TMP/$name.err" &
	fi
	echo $! > "$TMP/$name.pid"
}

# cap_ready NAME...: the captures listen (up to 5 s)
cap_ready()
{
	local name i

	for name in "$@"; do
		for i in $(seq 50); do
			grep -q "listening on" "$TMP/$name.err" 2>/dev/null && continue 2
			sleep 0.1
		done
		echo "# tcpdump did not start: $(cat "$TMP/$name.err")"
		return 1
	done
}

# cap_stop NAME...: the captures stopped, after half a second for what is
# still on its way (once for all of them: the suite stops hundreds)
cap_stop()
{
	local name pids=()

	for name in "$@"; do
		[ -f "$TMP/$name.pid" ] && pids+=("$(cat "$TMP/$name.pid")")
	done
	[ ${#pids[@]} -gt 0 ] || return 0
	sleep 0.5
	kill -TERM "${pids[@]}" 2>/dev/null
	for name in "${pids[@]}"; do
		wait "$name" 2>/dev/null
	done
	for name in "$@"; do
		rm -f "$TMP/$name.pid"
	done
}

# packets, not the hex dump lines tcpdump adds for unknown ethertypes
# (0 for a capture that could not start)
cap_count()
{
	cat "$TMP/$1.txt" 2>/dev/null | grep -c '^[0-9]'
}

cap_show()
{
	grep '^[0-9]' "$TMP/$1.txt" | head -n 3 | sed 's/^/#   /' 
}

# counter OBJ DEV FIELD: a counter from vswctl -s -j (OBJ: port or uplink;
# FIELD: rx_packets tx_packets ... or drops.vlan ...)
counter()
{
	vswctl -s -j "$1" show | jq -r ".[] | select(.name == \"$2\") | .stats.$3"
}

# learn_all NS...: each VM speaks once, so that the switch knows its MAC
# again (an unknown unicast never reaches a port, as on ESX)
learn_all()
{
	local ns mac

	for ns in "$@"; do
		mac=$(ip -n "$ns" -j link show eth0 | jq -r '.[0].address')
		n "$ns" $FRAME eth0 --src "$mac" --dst ff:ff:ff:ff:ff:ff
	done
}

fdb_has()
{
	local sw=$1 vid=$2 mac=$3 port=$4

	vswctl -j fdb show "$sw" | jq -e ".[] | select(.vlan == $vid and .mac == \"$mac\" and .port == \"$port\")" > /dev/null
}

# wait_until TIMEOUT_S CMD...: poll instead of sleeping
wait_until()
{
	local t=$1 i

	shift
	for i in $(seq $((t * 5))); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}
