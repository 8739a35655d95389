#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress: pktgen floods through the switch on every CPU (a unicast stream
# and a broadcast stream, one kernel thread per CPU) while the configuration
# churns: ports, portgroups, uplinks and switches added and deleted, VLANs
# and teaming flipped, attached netdevs and whole namespaces deleted.  Each
# round ends with rmmod under that traffic.  After each round: no WARN,
# oops or hang (the VM run checks the console), the module's references
# back to zero and the module gone, every netdev free again (no leaked
# reference keeps one from being deleted), and the objects the churn did
# not touch unchanged and still forwarding.
#
# STRESS_ROUNDS (default 2) rounds of STRESS_CHURN (default 4) churn steps.
ALL_TESTS="stress_rounds"
source "$(dirname "$0")/lib.sh"

ROUNDS=${STRESS_ROUNDS:-2}
CHURN=${STRESS_CHURN:-4}
PG=/proc/net/pktgen
GEN_MAC=02:00:00:00:0a:01

pgset() { echo "$2" > "$PG/$1" || echo "# pktgen: '$2' > $1 failed"; }

# gen_start: one pktgen device per CPU, each a veth whose peer is a port:
# gen0 sends unicast to vm2 (VLAN 10, also through a portgroup whose VLAN
# and teaming flip), gen1 broadcasts in VLAN 10 (every port and uplink)
gen_start()
{
	local cpus c dev

	modprobe pktgen 2>/dev/null
	[ -d "$PG" ] || { echo "# no pktgen in this kernel"; return 1; }
	cpus=$(nproc)
	for c in $(seq 0 $((cpus - 1))); do
		dev=gen$c
		ip link add "$dev" type veth peer name "${dev}p" || return 1
		LINKS+=("$dev")
		ip link set "${dev}p" up && ip link set "$dev" up
		vswctl port add sw0 flip "${dev}p" || return 1
		pgset "kpktgend_$c" "rem_device_all"
		pgset "kpktgend_$c" "add_device $dev"
		pgset "$dev" "count 0"
		pgset "$dev" "pkt_size 60"
		pgset "$dev" "delay 0"
		# veth cannot send one skb twice
		pgset "$dev" "clone_skb 0"
		# leave the control plane some CPU in a slow VM
		pgset "$dev" "ratep ${STRESS_PPS:-20000}"
		pgset "$dev" "src_mac 02:00:00:00:0a:0$c"
		if [ $((c % 2)) = 0 ]; then
			pgset "$dev" "dst_mac $M2"
		else
			pgset "$dev" "dst_mac $BCAST"
		fi
	done
	echo start > "$PG/pgctrl" &
	GEN_PID=$!
	wait_until 10 bash -c "grep -q 'Running: gen' $PG/kpktgend_0"
}

gen_stop()
{
	[ -n "$GEN_PID" ] || return 0
	echo stop > "$PG/pgctrl" 2>/dev/null
	wait "$GEN_PID" 2>/dev/null
	GEN_PID=
}

gen_sent()
{
	local c s=0

	for c in $(seq 0 $(($(nproc) - 1))); do
		[ -r "$PG/gen$c" ] || continue
		s=$((s + $(sed -n 's/.*pkts-sofar: \([0-9]*\).*/\1/p' "$PG/gen$c")))
	done
	echo "$s"
}

# A KASAN kernel (make check-debug) parks every freed object in a
# quarantine, to catch use after free, and trims the quarantine only when
# something allocates with a blocking GFP mask (kasan_quarantine_reduce()).
# The flood allocates skbs GFP_ATOMIC and frees them in softirq, and a
# debug VM the flood saturates makes few blocking allocations: the
# quarantine outgrows its bound (1/32 of RAM) until the VM runs out of
# memory.  Shrinking the skb cache empties its part of the quarantine:
# flush it every 20 s, and say the most skbs a flush found.
quarantine_flush_start()
{
	local shrink=/sys/kernel/slab/skbuff_head_cache/shrink

	grep -q ' kasan_quarantine_reduce$' /proc/kallsyms 2>/dev/null || return 0
	[ -w "$shrink" ] || return 0
	(
		most=0
		trap 'echo "# KASAN quarantine: at most $most skbs before a flush"; exit 0' TERM
		# (a sleep in the background, so that TERM ends the wait at once)
		while sleep 20 & wait $!; do
			n=$(awk '$1 == "skbuff_head_cache" { print $2 }' /proc/slabinfo)
			[ "${n:-0}" -gt "$most" ] && most=$n
			echo 1 > "$shrink"
		done
	) &
	FLUSH_PID=$!
}

quarantine_flush_stop()
{
	[ -n "$FLUSH_PID" ] || return 0
	kill "$FLUSH_PID" 2>/dev/null
	wait "$FLUSH_PID" 2>/dev/null
	FLUSH_PID=
}

# the network the churn works on
build()
{
	switch_add sw0 &&
	phys_add && uplink_add sw0 up0 && uplink_add sw0 up1 &&
	vswctl portgroup add sw0 flip vlan 10 teaming portid &&
	vswctl portgroup add sw0 keep vlan 30 teaming failover active up0 &&
	phys_host 30 10.0.30.254/24 &&
	vm_add vm2 sw0 flip 10.0.10.2/24 "$M2" &&
	vm_add vm3 sw0 keep 10.0.30.3/24 "$M3" &&
	gen_start
}

# the objects the churn never touches (but for what time changes: a port's
# cold start ends after 60 s, which a slow kernel's churn outlasts)
keep_state()
{
	vswctl -j portgroup show sw0 keep
	vswctl -j port show | jq -c '.[] | select(.name == "vm3p") | del(.cold, .macs)'
	vswctl -j switch show sw0 | jq -c '.[] | {name, mtu}'
}

# churn I: one step of every kind of change
churn()
{
	local i=$1 t

	# a portgroup and a port that come and go
	ip link add tmp$i type veth peer name tmp${i}p && LINKS+=("tmp$i") &&
	vswctl portgroup add sw0 tmp vlan $((100 + i)) &&
	vswctl port add sw0 tmp "tmp$i" &&
	vswctl port del "tmp$i" && vswctl portgroup del sw0 tmp || return 1
	# the flood's own portgroup: VLAN and teaming flip under it
	for t in srcmac iphash failover portid; do
		vswctl portgroup set sw0 flip teaming "$t" || return 1
	done
	vswctl portgroup set sw0 flip vlan 11 && vswctl portgroup set sw0 flip vlan 10 &&
	vswctl portgroup set sw0 flip detect beacon notify on &&
	vswctl portgroup set sw0 flip detect link || return 1
	# an uplink leaves and comes back
	vswctl uplink del sw0 up1 && vswctl uplink add sw0 up1 || return 1
	# the unicast flood's target is deleted and comes back
	ip link del vm2p &&
	ip link add vm2p type veth peer name eth0 netns vm2 &&
	ip -n vm2 link set eth0 address "$M2" && ip -n vm2 link set eth0 up &&
	ip -n vm2 addr add 10.0.10.2/24 dev eth0 && ip link set vm2p up &&
	vswctl port add sw0 flip vm2p || return 1
	# a second switch, deleted with everything attached
	ip link add s1p type veth peer name s1q && LINKS+=(s1p) &&
	vswctl switch add sw1 && vswctl portgroup add sw1 pg vlan 7 &&
	vswctl port add sw1 pg s1p && vswctl uplink add sw1 s1q &&
	vswctl switch del sw1 || return 1
	ip link del s1p
	# a namespace with its own switch, deleted whole
	ip netns add stress$i &&
	n stress$i ip link add nu0 type veth peer name nu0f &&
	n stress$i ip link add nu1 type veth peer name nu1f &&
	n stress$i ip link set nu0 up && n stress$i ip link set nu1 up &&
	n stress$i "$VSWCTL" switch add nsw &&
	n stress$i "$VSWCTL" portgroup add nsw pg vlan 5 detect beacon &&
	n stress$i "$VSWCTL" port add nsw pg nu0f &&
	n stress$i "$VSWCTL" uplink add nsw nu0 &&
	n stress$i "$VSWCTL" uplink add nsw nu1 &&
	ip netns del stress$i || return 1
}

# every netdev of the test can be deleted: a reference leaked by the
# module would keep unregister_netdevice waiting (and the VM hanging)
netdevs_free()
{
	local l

	for l in "${LINKS[@]}" gen0p gen1p; do
		timeout 20 ip link del "$l" 2>/dev/null
		[ $? = 124 ] && return 1
	done
	! dmesg | grep -q "unregister_netdevice: waiting"
}

# unreclaimable slab in MB: a frame leaked per flood frame (millions of
# them) shows here as hundreds of MB even where kmemleak is not built in
slab_mb()
{
	awk '/^SUnreclaim:/ { print int($2 / 1024) }' /proc/meminfo
}

stress_rounds()
{
	local r i before after sent slab0 slab1

	slab0=$(slab_mb)
	quarantine_flush_start
	for r in $(seq "$ROUNDS"); do
		lsmod | grep -q '^vswitch ' || insmod "$top/kmod/vswitch.ko"
		build
		check_err $? "round $r: setup failed"
		[ "$RET" = 0 ] || break
		before=$(keep_state)
		for i in $(seq "$CHURN"); do
			churn "$i"
			check_err $? "round $r: churn step $i failed"
		done
		after=$(keep_state)
		[ "$before" = "$after" ]
		check_err $? "round $r: the untouched objects changed"
		ping_ok vm3 10.0.30.254
		check_err $? "round $r: the untouched portgroup stopped forwarding"
		sent=$(gen_sent)
		[ "${sent:-0}" -gt 1000 ]
		check_err $? "round $r: pktgen sent only ${sent:-0} frames"
		wait_until 20 bash -c '! ip netns list | grep -q stress'
		[ "$(cat /sys/module/vswitch/refcnt)" = 0 ]
		check_err $? "round $r: module references left"
		# rmmod under the flood
		rmmod vswitch
		check_err $? "round $r: rmmod under traffic failed"
		[ ! -d /sys/module/vswitch ]
		check_err $? "round $r: the module is still there"
		gen_stop
		echo "# round $r: pktgen sent $sent frames"
		netdevs_free
		check_err $? "round $r: a netdev could not be deleted"
		SWITCHES=()
		LINKS=()
		cleanup_objects
		[ "$RET" = 0 ] || break
	done
	quarantine_flush_stop
	# freed namespaces and RCU callbacks settle first
	sleep 5
	slab1=$(slab_mb)
	echo "# unreclaimable slab: ${slab0} MB before, ${slab1} MB after"
	[ $((slab1 - slab0)) -lt 128 ]
	check_err $? "unreclaimable slab grew by $((slab1 - slab0)) MB: frames leaked?"
	insmod "$top/kmod/vswitch.ko"
	check_err $? "the module does not load again"
	log_test "$ROUNDS rounds of $CHURN churn steps under pktgen, rmmod under traffic"
}

GEN_PID=
FLUSH_PID=
# (soak.sh sources this file for its network, flood and churn)
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0
trap 'quarantine_flush_stop; gen_stop; cleanup_objects' EXIT
run_tests
