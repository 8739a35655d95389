#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SPEC "Teaming": which uplink carries which port's (or flow's) frames,
# counted on the far side of each uplink; failover on carrier loss and by
# beacon probing, standby lists, failback, RARP notification, and floods
# from the physical switch delivered once.
#
#   vm1..vm4 (VLAN 10) --+           +== up0 ==+
#                        +-- sw0 ----+== up1 ==+== phys:br0 (10.0.10.254
#                                    +== up2 ==+   in VLAN 10)
ALL_TESTS="teaming_config portid srcmac iphash flood_once failover_carrier
	   failback notify beacon"
source "$(dirname "$0")/lib.sh"

PHYS_IP=10.0.10.254

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 v10 vlan 10 &&
	phys_add && uplink_add sw0 up0 && uplink_add sw0 up1 &&
	uplink_add sw0 up2 &&
	phys_host 10 $PHYS_IP/24 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 v10 10.0.10.2/24 $M2 &&
	vm_add vm3 sw0 v10 10.0.10.3/24 $M3 &&
	vm_add vm4 sw0 v10 10.0.10.4/24 $M4
}

# --- helpers ---------------------------------------------------------------

pg_set() { vswctl portgroup set sw0 v10 "$@"; }

# the uplink vswctl says a port uses now
port_uplink()
{
	vswctl -j port show sw0 | jq -r ".[] | select(.name == \"$1\") | .uplink"
}

uplink_state()
{
	vswctl -j uplink show sw0 | jq -r ".[] | select(.name == \"$1\") | .state"
}

is_port_uplink() { [ "$(port_uplink "$1")" = "$2" ]; }
is_uplink_state() { [ "$(uplink_state "$1")" = "$2" ]; }

# carrier UPLINK on|off: the physical switch port goes up or down
carrier()
{
	ip -n phys link set "${1}f" "$([ "$2" = on ] && echo up || echo down)"
}

# caps_start NAME FILTER...: capture what the physical switch receives
# on each uplink whose port is up (capture NAMEup0 ...)
caps_start()
{
	local u caps=()

	for u in up0 up1 up2; do
		rm -f "$TMP/$1$u.txt" "$TMP/$1$u.pid"
		ip -n phys -j link show "${u}f" | jq -e '.[0].flags | index("UP")' > /dev/null || continue
		cap_launch "$1$u" phys "${u}f" "${@:2}" && caps+=("$1$u")
	done
	cap_ready "${caps[@]}"
}

caps_stop() { cap_stop "$1up0" "$1up1" "$1up2"; }

# frames from MAC in capture NAME
cap_from() { cat "$TMP/$1.txt" 2>/dev/null | grep -c "^[0-9:.]* $2 >"; }

# the distinct source MACs in capture NAME
cap_srcs() { grep '^[0-9]' "$TMP/$1.txt" | awk '{print $2}' | sort -u; }

# RARP frames, untagged or tagged
RARP="ether proto 0x8035 or (vlan and ether proto 0x8035)"

restore()
{
	local u

	for u in up0 up1 up2; do
		carrier $u on
		ip link set $u up
	done
	pg_set teaming portid active all notify on failback on detect link \
		forged-tx off
	wait_until 5 is_uplink_state up0 up && wait_until 5 is_uplink_state up1 up &&
	wait_until 5 is_uplink_state up2 up
}

# --- tests -----------------------------------------------------------------

teaming_config()
{
	local j

	pg_set teaming failover active up1 standby up0 notify off failback off
	check_err $? "setting a teaming policy failed"
	j=$(vswctl -j portgroup show sw0 v10)
	echo "$j" | jq -e '.[0] | .teaming == "failover" and .active == ["up1"] and
		.standby == ["up0"] and .notify == false and .failback == false and
		.detect == "link" and .uplinks == ["up1"]' > /dev/null
	check_err $? "portgroup show -j does not show the policy: $j"
	vswctl portgroup show sw0 v10 | grep -q "teaming failover  active up1  standby up0"
	check_err $? "portgroup show text does not show the policy"
	[ "$(port_uplink vm1p)" = up1 ] && [ "$(port_uplink vm4p)" = up1 ]
	check_err $? "ports do not use the first active uplink"

	# bad requests: a message, an error, nothing changed
	ip link add notup type dummy && LINKS+=(notup)
	fails_cleanly "notup is not an uplink of switch sw0" pg_set active notup
	fails_cleanly "up0 cannot be both active and standby" pg_set active up0
	fails_cleanly "up2 is listed twice" pg_set active up2,up2
	fails_cleanly "no device nosuch" pg_set standby nosuch
	fails_cleanly "teaming must be" pg_set teaming roundrobin
	fails_cleanly "must be on or off" pg_set failback maybe
	fails_cleanly "detect must be link or beacon" pg_set detect arp
	fails_cleanly "at most 16 uplinks" pg_set active "$(printf "up0,%.0s" $(seq 17))"

	pg_set active all notify on failback on teaming portid
	vswctl -j portgroup show sw0 v10 | jq -e '.[0] | .active == "all" and
		.uplinks == ["up0", "up1", "up2"]' > /dev/null
	check_err $? "'active all' does not restore every uplink in attach order"
	log_test "teaming: policy set, shown, bad input refused with no change"
}

portid()
{
	local vm u want n_used=0

	pg_set teaming portid active up0,up1
	caps_start pid ether src $M1 or ether src $M2 or ether src $M3 or \
		ether src $M4
	for vm in vm1 vm2 vm3 vm4; do
		ping_ok $vm $PHYS_IP
		check_err $? "$vm cannot reach the physical network"
	done
	caps_stop pid
	for vm in 1 2 3 4; do
		want=$(port_uplink vm${vm}p)
		for u in up0 up1 up2; do
			n=$(cap_from pid$u 02:00:00:00:00:0$vm)
			if [ $u = "$want" ]; then
				[ "$n" -gt 0 ]
				check_err $? "vm$vm's frames did not leave by $u, its uplink"
			else
				[ "$n" -eq 0 ]
				check_err $? "vm$vm ($want) sent $n frames by $u"
			fi
		done
	done
	for u in up0 up1; do
		[ "$(vswctl -j port show sw0 | jq "[.[] | select(.uplink == \"$u\")] | length")" -eq 2 ]
		check_err $? "four ports are not spread two and two over up0 and up1"
	done
	[ "$(cap_count pidup2)" -eq 0 ]
	check_err $? "up2, in neither list, carried frames"
	restore
	log_test "portid: each port pinned to one uplink, spread by port id"
}

# spread TOTAL MIN KEYS: KEYS (a command printing the sources, MACs or
# flows, an uplink carried) given each uplink; every source used exactly
# one uplink, each uplink at least MIN of TOTAL
spread()
{
	local total=$1 min=$2 keys=$3 u twice n

	twice=$(for u in up0 up1 up2; do $keys $u; done | sort | uniq -d | wc -l)
	[ "$twice" -eq 0 ]
	check_err $? "$twice sources used more than one uplink"
	for u in up0 up1 up2; do
		n=$($keys $u | wc -l)
		echo "# $u: $n of $total"
		[ "$n" -ge "$min" ]
		check_err $? "$u carried $n of $total, expected at least $min"
	done
}

smac_keys() { cap_srcs smac$1; }
iph_keys() { grep '^[0-9]' "$TMP/iph$1.txt" | grep -o '> 10\.0\.11\.[0-9]*' | sort -u; }

srcmac()
{
	local want

	pg_set teaming srcmac forged-tx on	# one VM, 96 MACs
	caps_start smac vlan 10 and ether dst $BCAST and ether proto 0x88b6
	# 96 MACs behind one port, each sending twice
	n vm1 $FRAME eth0 --src 02:00:00:01:00:00 --dst $BCAST --count 192 \
		--vary-src 96 --ethertype 0x88b6
	caps_stop smac
	spread 96 16 smac_keys
	# the port's own MAC: where port show says
	caps_start smac1 ether src $M1
	ping_ok vm1 $PHYS_IP
	caps_stop smac1
	want=$(port_uplink vm1p)
	[ "$(cap_from smac1$want 02:00:00:00:00:01)" -gt 0 ]
	check_err $? "vm1's own MAC did not leave by $want, its uplink"
	restore
	log_test "srcmac: each source MAC pinned to one uplink, spread over all"
}

iphash()
{
	pg_set teaming iphash
	[ "$(port_uplink vm1p)" = - ]
	check_err $? "a port has one uplink under iphash"
	caps_start iph vlan 10 and udp port 4000
	# 96 flows (destination IPs), each twice
	n vm1 $FRAME eth0 --src $M1 --dst 02:00:00:00:00:fe --count 192 \
		--ipv4 10.0.10.1 10.0.11.0 --vary-dst-ip 96
	caps_stop iph
	# the flows, not the (single) source MAC, pick the uplink
	spread 96 16 iph_keys
	restore
	log_test "iphash: each IP flow pinned to one uplink, flows spread over all"
}

flood_once()
{
	local brmac got

	brmac=$(ip -n phys -j link show br0.10 | jq -r '.[0].address')
	cap_start fl vm1 eth0 ether src $brmac and ether proto 0x88b6
	caps_start back ether src $brmac
	# the physical switch floods each broadcast down all three uplinks
	n phys $FRAME br0.10 --src $brmac --dst $BCAST --count 5 --ethertype 0x88b6
	cap_stop fl
	caps_stop back
	got=$(cap_count fl)
	[ "$got" -eq 5 ]
	check_err $? "vm1 got $got copies of 5 broadcasts under portid"
	[ $(( $(cap_count backup0) + $(cap_count backup1) + $(cap_count backup2) )) -eq 0 ]
	check_err $? "a broadcast from one uplink went out of another"

	# iphash: a static EtherChannel floods down one link, so every
	# uplink counts (here the bridge floods down all: three copies)
	pg_set teaming iphash
	cap_start fl2 vm1 eth0 ether src $brmac and ether proto 0x88b6
	n phys $FRAME br0.10 --src $brmac --dst $BCAST --count 5 --ethertype 0x88b6
	cap_stop fl2
	got=$(cap_count fl2)
	[ "$got" -eq 15 ]
	check_err $? "vm1 got $got copies of 5 broadcasts from 3 uplinks under iphash"
	restore
	log_test "floods from the physical switch: once through the port's uplink"
}

# a continuous ping from vm1 while CMD runs; prints the packets lost
ping_during()
{
	local pid recv

	n vm1 ping -q -c 60 -i 0.05 -W 1 $PHYS_IP > "$TMP/ping.txt" 2>&1 &
	pid=$!
	sleep 1
	"$@"
	wait $pid
	recv=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TMP/ping.txt")
	echo $((60 - ${recv:-0}))
}

failover_carrier()
{
	local lost m

	pg_set teaming failover active up0,up1 standby up2
	learn_all vm1 vm2 vm3 vm4
	ping_ok vm1 $PHYS_IP
	[ "$(port_uplink vm1p)" = up0 ]
	check_err $? "vm1 does not start on up0, the first active uplink"

	caps_start rarp1 "$RARP"
	lost=$(ping_during carrier up0 off)
	caps_stop rarp1
	echo "# carrier loss on up0: $lost of 60 pings lost"
	[ "$lost" -le 5 ]
	check_err $? "$lost pings lost in a failover"
	[ "$(port_uplink vm1p)" = up1 ] && [ "$(uplink_state up0)" = down ]
	check_err $? "vm1 did not move to up1, the next active uplink"
	for m in $M1 $M2 $M3 $M4; do
		[ "$(cap_from rarp1up1 $m)" -ge 1 ]
		check_err $? "no RARP from $m on up1"
	done
	! grep "^[0-9]" "$TMP/rarp1up1.txt" | grep -v -q "vlan 10"
	check_err $? "a RARP on up1 was not in VLAN 10"
	[ "$(cap_count rarp1up2)" -eq 0 ]
	check_err $? "the standby uplink was used while an active one was up"

	caps_start rarp2 "$RARP"
	carrier up1 off
	wait_until 3 is_port_uplink vm1p up2
	check_err $? "the standby did not take over when all actives were down"
	caps_stop rarp2
	[ "$(cap_from rarp2up2 $M1)" -ge 1 ]
	check_err $? "no RARP from vm1 on up2"
	ping_ok vm1 $PHYS_IP
	check_err $? "no connectivity over the standby uplink"
	vswctl -j uplink show sw0 | jq -e '[.[] | select(.active)] | map(.name) == ["up2"]' > /dev/null
	check_err $? "uplink show does not mark up2 alone as active"

	carrier up2 off
	wait_until 3 is_uplink_state up2 down
	ping_fails vm1 $PHYS_IP
	check_err $? "traffic flowed with every uplink down"
	[ "$(counter port vm1p 'drops["no-uplink"]')" -gt 0 ]
	check_err $? "frames with no usable uplink are not counted"
	restore
	log_test "failover: carrier loss moves ports, standby only when no active is up"
}

failback()
{
	# the host takes up0 down (NETDEV_DOWN/UP; the far port stays up, so
	# the RARP after the failback can be captured there)
	pg_set teaming failover active up0 standby up1 failback on
	ping_ok vm1 $PHYS_IP
	ip link set up0 down
	wait_until 3 is_port_uplink vm1p up1
	check_err $? "no failover to the standby uplink"
	caps_start fb "$RARP"
	ip link set up0 up
	wait_until 5 is_port_uplink vm1p up0
	check_err $? "failback on: traffic did not return to up0"
	caps_stop fb
	[ "$(cap_from fbup0 $M1)" -ge 1 ]
	check_err $? "no RARP on up0 after the failback"
	ping_ok vm1 $PHYS_IP
	check_err $? "no connectivity after the failback"

	pg_set failback off
	ip link set up0 down
	wait_until 3 is_port_uplink vm1p up1
	ip link set up0 up
	wait_until 5 is_uplink_state up0 up
	sleep 1
	[ "$(port_uplink vm1p)" = up1 ]
	check_err $? "failback off: traffic returned to up0"
	ping_ok vm1 $PHYS_IP
	check_err $? "no connectivity on the standby with failback off"
	carrier up1 off
	wait_until 3 is_port_uplink vm1p up0
	check_err $? "failback off: the recovered up0 did not take over when up1 failed"
	ping_ok vm1 $PHYS_IP
	check_err $? "no connectivity after up1 failed"
	restore
	log_test "failback on returns to the recovered uplink, off stays"
}

notify()
{
	local u

	vswctl port del vm4p
	caps_start ann "$RARP"
	vswctl port add sw0 v10 vm4p mac $M4
	caps_stop ann
	u=$(port_uplink vm4p)
	[ "$(cap_from ann$u $M4)" -ge 1 ] && grep -q "vlan 10" "$TMP/ann$u.txt"
	check_err $? "no RARP in VLAN 10 on $u after the port was attached"
	[ $(( $(cap_count annup0) + $(cap_count annup1) + $(cap_count annup2) )) -eq 1 ]
	check_err $? "the attach was announced other than once on its uplink"

	pg_set notify off
	vswctl port del vm4p
	caps_start ann2 "$RARP"
	vswctl port add sw0 v10 vm4p mac $M4
	carrier "$u" off
	wait_until 3 eval '[ "$(port_uplink vm4p)" != "$u" ]'
	caps_stop ann2
	[ $(( $(cap_count ann2up0) + $(cap_count ann2up1) + $(cap_count ann2up2) )) -eq 0 ]
	check_err $? "RARP sent with notify off"
	restore
	log_test "notify: RARP from a port's MACs when it attaches; none when off"
}

beacon()
{
	pg_set teaming failover active up0,up1,up2 detect beacon
	ping_ok vm1 $PHYS_IP
	check_err $? "no connectivity with beacon probing"
	sleep 2
	[ "$(uplink_state up0)" = up ] && [ "$(port_uplink vm1p)" = up0 ]
	check_err $? "uplinks not healthy with beacon probing before the cut"
	# cut the path behind up0: its link stays up
	ip -n phys link set up0f nomaster
	wait_until 10 is_uplink_state up0 failed
	check_err $? "beacon probing did not fail up0 (state $(uplink_state up0))"
	[ "$(cat /sys/class/net/up0/carrier)" = 1 ]
	check_err $? "the test cut the carrier, not the path"
	[ "$(port_uplink vm1p)" = up1 ]
	check_err $? "vm1 did not move off the failed uplink"
	ping_ok vm1 $PHYS_IP
	check_err $? "no connectivity after a beacon failover"
	# a portgroup with detect link keeps using it
	vswctl portgroup add sw0 lnk vlan 30 teaming failover
	vswctl -j portgroup show sw0 lnk | jq -e '.[0].uplinks[0] == "up0"' > /dev/null
	check_err $? "a detect-link portgroup stopped using a beacon-failed uplink"
	vswctl portgroup del sw0 lnk

	ip -n phys link set up0f master br0
	n phys bridge vlan add vid 2-4094 dev up0f
	wait_until 10 is_uplink_state up0 up
	check_err $? "up0 did not recover when probes came back"
	wait_until 3 is_port_uplink vm1p up0
	check_err $? "no failback after beacon recovery"

	# two uplinks: a cut silences both, neither can be blamed
	vswctl uplink del sw0 up2
	ip -n phys link set up0f nomaster
	sleep 6
	[ "$(uplink_state up0)" = up ] && [ "$(uplink_state up1)" = up ]
	check_err $? "with two uplinks, one was failed: $(uplink_state up0) $(uplink_state up1)"
	ip -n phys link set up0f master br0
	n phys bridge vlan add vid 2-4094 dev up0f
	vswctl uplink add sw0 up2
	restore
	log_test "beacon probing: a path cut with the link up fails the uplink over (3 uplinks; none blamed with 2)"
}

trap cleanup_objects EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
run_tests
