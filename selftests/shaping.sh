#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SPEC "Shaping": per-port token-bucket policing by the portgroup's
# profile.  The rate a flood gets through is measured with the switch's
# counters and compared with avg (within 15%, plus the burst); a burst up
# to the burst size passes whole; over the profile, frames are dropped and
# counted "shaping".
#
#   vm1 02:..:01 --- pg shaped (VLAN 10) --+
#                                          +-- sw0
#   vm2 02:..:02 --- pg open   (VLAN 10) --+
ALL_TESTS="shaping_config rate_in rate_out burst"
source "$(dirname "$0")/lib.sh"

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 shaped vlan 10 &&
	vswctl portgroup add sw0 open vlan 10 &&
	vm_add vm1 sw0 shaped 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 open 10.0.10.2/24 $M2 &&
	learn_all vm1 vm2
}

shaping_config()
{
	vswctl portgroup set sw0 shaped shaping avg 8mbit peak 1gbit burst 64k
	check_err $? "a valid profile was refused"
	vswctl portgroup show sw0 shaped | grep -q "shaping in avg 8mbit peak 1gbit burst 64k"
	check_err $? "portgroup show does not show the profile: $(vswctl portgroup show sw0 shaped)"
	vswctl -j portgroup show sw0 shaped | jq -e '.[0] | .shaping == "in" and
		.shaping_avg == 8000000 and .shaping_peak == 1000000000 and
		.shaping_burst == 65536' > /dev/null
	check_err $? "portgroup show -j does not show the profile"
	fails_cleanly "peak rate must be at least the average" \
		vswctl portgroup set sw0 shaped shaping avg 10mbit peak 1mbit burst 64k
	fails_cleanly "avg must be a rate" \
		vswctl portgroup set sw0 shaped shaping avg 10xbit peak 1gbit burst 64k
	fails_cleanly "avg must be a rate" \
		vswctl portgroup set sw0 shaped shaping avg 1bit peak 1gbit burst 64k
	fails_cleanly "burst must be a size" \
		vswctl portgroup set sw0 shaped shaping avg 1mbit peak 1gbit burst 100
	fails_cleanly "needs avg RATE peak RATE burst SIZE" \
		vswctl portgroup set sw0 shaped shaping avg 1mbit peak 1gbit
	fails_cleanly "dir must be in, out or both" \
		vswctl portgroup set sw0 shaped shaping avg 1mbit peak 1gbit burst 64k dir up
	vswctl portgroup set sw0 shaped shaping off
	vswctl -j portgroup show sw0 shaped | jq -e '.[0].shaping == "off"' > /dev/null
	check_err $? "shaping off did not turn it off"
	log_test "shaping: profile set and shown, bad values refused, off"
}

# flood_rate SENDER PORT_OUT DST AVG_BIT BURST: flood for 3 s from SENDER
# to DST; the bytes PORT_OUT transmitted must be avg * time + burst, within
# 15%, and the sender's port (or PORT_OUT) must count shaping drops
flood_rate()
{
	local ns=$1 out=$2 dst=$3 avg=$4 burst=$5 src b0 b1 d0 d1 line sent el
	local want got

	src=$(ip -n "$ns" -j link show eth0 | jq -r '.[0].address')
	b0=$(counter port "$out" tx_bytes)
	d0=$(( $(counter port vm1p 'drops.shaping') ))
	line=$(n "$ns" $FRAME eth0 --src "$src" --dst "$dst" --size 1000 \
		--ethertype 0x88b6 --duration 3)
	sleep 0.5
	b1=$(counter port "$out" tx_bytes)
	d1=$(( $(counter port vm1p 'drops.shaping') ))
	sent=$(echo "$line" | awk '{print $2}')
	el=$(echo "$line" | awk '{print $4}')
	got=$((b1 - b0))
	want=$(python3 -c "print(int($avg / 8 * $el + $burst))")
	echo "# sent $((sent * 1000)) bytes in ${el}s; passed $got, expected $want (avg $avg bit/s + burst $burst)"
	[ $((sent * 1000)) -gt $((want * 2)) ]
	check_err $? "the sender was too slow to test shaping ($sent frames)"
	python3 -c "import sys; sys.exit(abs($got - $want) > 0.15 * $want)"
	check_err $? "$got bytes passed, expected $want within 15%"
	[ $((d1 - d0)) -gt 0 ]
	check_err $? "no frame counted as a shaping drop"
}

# rates low enough that the python sender offers several times as much on
# a debug kernel (~5 Mbit/s there)
rate_in()
{
	vswctl portgroup set sw0 shaped shaping avg 1mbit peak 1gbit burst 32k dir in
	sleep 0.5
	flood_rate vm1 vm2p $M2 1000000 32768
	vswctl portgroup set sw0 shaped shaping off
	log_test "shaping in: a flood from the VM gets avg (+ burst) within 15%"
}

rate_out()
{
	vswctl portgroup set sw0 shaped shaping avg 1500kbit peak 1gbit burst 32k dir out
	sleep 0.5
	flood_rate vm2 vm1p $M1 1500000 32768
	vswctl portgroup set sw0 shaped shaping off
	log_test "shaping out: a flood to the VM gets avg (+ burst) within 15%"
}

burst()
{
	local b0 b1 got

	# a new profile starts with full buckets; at 64 kbit/s the average
	# adds under 1 KB while the frames below are sent
	vswctl portgroup set sw0 shaped shaping avg 64kbit peak 1gbit burst 64k dir in
	b0=$(counter port vm2p tx_bytes)
	n vm1 $FRAME eth0 --src $M1 --dst $M2 --size 1000 --count 120 --ethertype 0x88b6
	b1=$(counter port vm2p tx_bytes)
	got=$((b1 - b0))
	echo "# 120 KB sent at once, $got bytes passed (burst 64 KB)"
	[ "$got" -ge 64000 ] && [ "$got" -le 72000 ]
	check_err $? "$got bytes of a 120 KB burst passed a 64 KB burst size"
	vswctl portgroup set sw0 shaped shaping off
	log_test "shaping: a burst passes up to the burst size, then the average rules"
}

trap cleanup_objects EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
run_tests
