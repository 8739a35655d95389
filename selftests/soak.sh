#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The soak (make soak, not in make check): SOAK_MINUTES (default 30) of
# traffic through every feature on Debian's newest kernel while the
# configuration churns and uplinks flap.  The network is stress.sh's (a
# pktgen flood on every CPU, unicast and broadcast, through a portgroup
# whose VLAN and teaming flip; a portgroup no churn touches) with every
# other feature added and in use: filter rules, a mirror session, private
# VLANs, shaping, IPFIX export, multicast snooping, an overlay segment, an
# internal port.  The churn is stress.sh's step (ports, portgroups,
# uplinks, switches and whole namespaces made and deleted, VLAN and
# teaming flipped) plus changes to each feature, and the physical side of
# an uplink goes down and up every 10 s.
#
# Every minute a row: unreclaimable slab, the module's reference count,
# frames sent by pktgen, a ping through the untouched portgroup and its
# port's counters (which must move on), churn steps done.  It fails on a
# churn step that fails, a ping that does not come back, a counter that
# does not move on, slab that grows by SOAK_SLAB_MB (default 64) from the
# second minute to the last, module references left after the network is
# gone, or a failed rmmod.
source "$(dirname "$0")/stress.sh"
ALL_TESTS="soak"

MINUTES=${SOAK_MINUTES:-30}
SLAB_MB=${SOAK_SLAB_MB:-64}

# every other feature, on the stress network
features()
{
	vswctl switch set sw0 multicast snooping &&
	vswctl portgroup add sw0 filt vlan 40 &&
	vswctl filter add sw0 filt proto udp dst-port 9 action drop &&
	vswctl filter add sw0 filt ethertype arp action allow &&
	vswctl portgroup set sw0 keep shaping avg 100mbit peak 200mbit burst 256k &&
	vswctl pvlan add sw0 3000 && vswctl pvlan add sw0 3000 3001 isolated &&
	vswctl portgroup add sw0 iso pvlan 3001 &&
	vm_add mon sw0 filt &&
	vswctl mirror add sw0 m1 src vm2p dir both dst port monp snaplen 64 &&
	vswctl ipfix set sw0 collector 127.0.0.1:4739 sample 100 &&
	ip link add ul0 type dummy && LINKS+=(ul0) &&
	ip addr add 10.77.0.1/24 dev ul0 && ip link set ul0 up &&
	vswctl overlay set sw0 local 10.77.0.1 dev ul0 remote 10.77.0.2 &&
	vswctl portgroup add sw0 web vxlan 5001 &&
	vm_add vm5 sw0 web 10.5.0.5/24 02:00:00:00:05:05 &&
	vswctl port add sw0 keep vmk0 internal &&
	ip addr add 10.0.30.100/24 dev vmk0 && ip link set vmk0 up
}

# one change to each feature, and back
feature_churn()
{
	vswctl filter add sw0 filt index 1 src-ip 10.9.0.0/16 action drop &&
	vswctl filter del sw0 filt 1 &&
	vswctl mirror set sw0 m1 src portgroup flip dst port monp &&
	vswctl mirror set sw0 m1 src vm2p dir both dst port monp snaplen 64 &&
	vswctl pvlan add sw0 3000 3002 community && vswctl pvlan del sw0 3002 &&
	vswctl ipfix set sw0 sample 10 && vswctl ipfix set sw0 sample 100 &&
	vswctl portgroup add sw0 web2 vxlan 5002 &&
	vswctl portgroup del sw0 web2 &&
	vswctl switch set sw0 multicast flood &&
	vswctl switch set sw0 multicast snooping &&
	vswctl port add sw0 flip vmk1 internal && vswctl port del vmk1 &&
	vswctl portgroup set sw0 keep shaping avg 50mbit peak 100mbit burst 128k &&
	vswctl portgroup set sw0 keep shaping avg 100mbit peak 200mbit burst 256k
}

flap_start()
{
	(
		trap 'exit 0' TERM
		while sleep 5 & wait $!; do
			ip -n phys link set up1f down
			sleep 5 & wait $!
			ip -n phys link set up1f up
		done
	) &
	FLAP_PID=$!
}

# the untouched portgroup's port: its counters, as one line
keep_counters()
{
	vswctl -s -j port show | jq -r '.[] | select(.name == "vm3p") |
		"\(.stats.rx_packets) \(.stats.tx_packets)"'
}

soak()
{
	local start end minute=0 steps=0 fails=0 pings=0 row slab slab2=
	local rx tx rx0=0 tx0=0 sent

	build && features
	check_err $? "setup failed"
	[ "$RET" = 0 ] || { log_test "soak"; return; }
	flap_start
	start=$SECONDS
	end=$((start + MINUTES * 60))
	echo "# minute | unreclaimable slab MB | module refs | pktgen frames | keep port rx/tx | ping | churn steps (failed)"
	while [ $SECONDS -lt $end ]; do
		# a minute of churn
		while [ $SECONDS -lt $((start + (minute + 1) * 60)) ]; do
			steps=$((steps + 1))
			churn "$steps" 2>> "$TMP/churn.err" &&
				feature_churn 2>> "$TMP/churn.err" || {
				fails=$((fails + 1))
				echo "# churn step $steps failed: $(tail -n 1 "$TMP/churn.err")"
			}
			# (the step's veth: hundreds of steps would keep them)
			ip link del "tmp$steps" 2>/dev/null
		done
		minute=$((minute + 1))
		slab=$(slab_mb)
		[ $minute = 2 ] && slab2=$slab
		if ping_ok vm3 10.0.30.254; then row=ok; else row=LOST; pings=$((pings + 1)); fi
		# the ping went in and out by the untouched port: its
		# counters moved, and never back
		read -r rx tx <<< "$(keep_counters)"
		if [ "${rx:-0}" -le "$rx0" ] || [ "${tx:-0}" -le "$tx0" ]; then
			check_err 1 "minute $minute: the untouched port's counters did not move on ($rx0/$tx0 to $rx/$tx)"
		fi
		rx0=${rx:-0}
		tx0=${tx:-0}
		sent=$(gen_sent)
		echo "# $minute | $slab | $(cat /sys/module/vswitch/refcnt) | $sent | $rx/$tx | $row | $steps ($fails)"
	done
	kill "$FLAP_PID" 2>/dev/null
	wait "$FLAP_PID" 2>/dev/null
	ip -n phys link set up1f up
	check_err $fails "$fails churn steps failed"
	check_err $pings "$pings minutes without a ping through the untouched portgroup"
	if [ -n "$slab2" ]; then
		[ $((slab - slab2)) -lt "$SLAB_MB" ]
		check_err $? "unreclaimable slab grew by $((slab - slab2)) MB from minute 2"
	fi
	gen_stop
	vswctl port del vmk0
	cleanup_objects
	wait_until 20 bash -c '[ "$(cat /sys/module/vswitch/refcnt)" = 0 ] && ! ip netns list | grep -q stress'
	check_err $? "module references left: $(cat /sys/module/vswitch/refcnt)"
	rmmod vswitch && insmod "$top/kmod/vswitch.ko"
	check_err $? "rmmod after the soak failed"
	log_test "soak: $MINUTES minutes, $steps churn steps, uplink flaps, every feature in use"
}

FLAP_PID=
trap 'kill $FLAP_PID 2>/dev/null; gen_stop; cleanup_objects' EXIT
run_tests
