#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark, run inside the test VM by bench/run (make bench): this
# switch, the Linux bridge (vlan_filtering), Open vSwitch's kernel datapath
# and a bare veth pair, each built for the same topology at once, measured
# with pktgen in interleaved rounds.  Every measurement is printed as one
# line "BENCH {json}"; bench/report.py turns them into the table and
# bench/results.json.
#
# Topology of each system S (vsw, br, ovs; the devices are named S + role):
#
#   Sa  -- Sb   port, VLAN 10 access      the sending VM (scenarios 1, 2, 5, 6)
#   Sdi -- Sci  port, VLAN 10 access      i = 1..8, receiving VMs
#   Sw  -- Su   uplink, VLAN 10 tagged    the physical network
#   Sx1 -- St1  port, trunk (VLAN 10)     VGT VMs (scenario 4)
#   Sx2 -- St2  port, trunk (VLAN 10)
#
# The floor of forwarding over the same two veth hops: ta -- tb, tc mirred
# redirect, td -- tc (the cheapest forwarder the kernel has: one action,
# no lookup, no VLAN; unicast scenarios only).
#
# And the limit: va -- vb, a veth pair with nothing between.  pktgen sends
# on the outer end, on CPU 0; the frame crosses the veth, the switch, the
# next veth and is counted on the outer end of that one.  Each VM has a MAC
# of its own that is not its veth's address, so that the receiving end
# drops the frame at once (PACKET_OTHERHOST) for every system alike; the
# switches learn it from one frame the VM sends before the runs.
#
# Usage: bench.sh [ROUNDS [COUNT [SCENARIOS]]]  (SCENARIOS: "5 9", only
# those, the own-cost profiles, TCP and the control plane only if "own",
# "tcp", "control" are among them: a quick look at one change)
set -u
# bash reads a script as it goes: run a copy, so that editing the tree
# during a run cannot change it
if [ -z "${BENCH_TREE:-}" ]; then
	BENCH_TREE=$(cd "$(dirname "$0")/.." && pwd) || exit 1
	cp "$0" /tmp/bench.sh && BENCH_TREE=$BENCH_TREE exec bash /tmp/bench.sh "$@"
fi
cd "$BENCH_TREE" || exit 1
ROUNDS=${1:-3}
COUNT=${2:-150000}
ONLY=${3:-}
# pktgen's pkt_size leaves out the 4 bytes of FCS: 64- and 1500-byte frames
SIZES="60 1496"
VSWCTL=$PWD/userspace/vswctl
SYSTEMS="vsw br ovs tc veth"

say() { echo "# $*"; }
die() { echo "bench: $*" >&2; exit 1; }

# VM MACs: 02:be:<system>:00:00:<role>
declare -A SYSNUM=([vsw]=1 [br]=2 [ovs]=3 [veth]=4 [tc]=5)
vmmac() { printf '02:be:%02x:00:00:%02x' "${SYSNUM[$1]}" "$2"; }
MAC_A=1 MAC_W=2 MAC_X1=3 MAC_X2=4	# role numbers; receivers d1..d8: 0x10+i

rx() { cat "/sys/class/net/$1/statistics/rx_packets"; }

veth_pair() {
	ip link add "$1" type veth peer name "$2" || die "veth $1"
	ip link set "$1" up && ip link set "$2" up
}

# learn DEV MAC [VID]: the VM behind DEV says hello (one broadcast frame)
learn() {
	python3 selftests/frame.py "$1" --src "$2" --dst ff:ff:ff:ff:ff:ff \
		${3:+--vlan "$3"} --count 1 || die "frame on $1"
}

# --- pktgen ------------------------------------------------------------------
PG=/proc/net/pktgen
pgset() {
	echo "$2" > "$PG/$1"
	grep -q "^Result: OK" "$PG/$1" 2>/dev/null ||
		[ "$1" = pgctrl ] || die "pktgen $1: $2: $(grep Result "$PG/$1")"
}

# pktgen_dev THREAD DEV SRC DST SIZE VID COUNT NSRC SRC_IP: DEV on pktgen's
# thread THREAD (its CPU); DEV is a netdev, or NETDEV@N for a second
# pktgen device on the same netdev
pktgen_dev() {
	local dev=$2

	pgset "kpktgend_$1" "add_device $dev"
	pgset "$dev" "count $7"
	pgset "$dev" "pkt_size $5"
	pgset "$dev" "delay 0"
	pgset "$dev" "burst 1"
	pgset "$dev" "src_mac $3"
	pgset "$dev" "dst_mac $4"
	pgset "$dev" "src_mac_count $8"
	pgset "$dev" "src_min $9"
	pgset "$dev" "src_max $9"
	pgset "$dev" "dst 10.99.0.2"
	if [ "$6" = 0 ]; then
		pgset "$dev" "vlan_id 65535"
	else
		pgset "$dev" "vlan_id $6"
	fi
}

# pktgen_run DEV SRC DST SIZE VID COUNT [SRC_MAC_COUNT]: prints the elapsed
# time in microseconds
pktgen_run() {
	pgset kpktgend_0 rem_device_all
	pktgen_dev 0 "$1" "$2" "$3" "$4" "$5" "$6" "${7:-0}" 10.99.0.1
	echo start > "$PG/pgctrl"
	pktgen_usec "$1"
}

# pktgen_usec DEV: how long pktgen device DEV's last run took, microseconds
pktgen_usec() {
	sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' "$PG/$1"
}

# --- the systems ---------------------------------------------------------------
# build_common S: the veth pairs of system S
build_common() {
	local s=$1 i

	veth_pair "${s}a" "${s}b"
	for i in 1 2 3 4 5 6 7 8; do veth_pair "${s}d$i" "${s}c$i"; done
	veth_pair "${s}w" "${s}u"
	veth_pair "${s}x1" "${s}t1"
	veth_pair "${s}x2" "${s}t2"
}

build_vsw() {
	local v=$VSWCTL i

	build_common vsw
	$v switch add vsw ageing 100000 && $v uplink add vsw vswu &&
	$v portgroup add vsw pg10 vlan 10 &&
	$v portgroup add vsw tr10 vlan trunk 10 &&
	$v port add vsw pg10 vswb || die "vswitch setup"
	for i in 1 2 3 4 5 6 7 8; do $v port add vsw pg10 "vswc$i" || die "port"; done
	$v port add vsw tr10 vswt1 && $v port add vsw tr10 vswt2 || die "trunk"
}

build_br() {
	local p

	build_common br
	ip link add brsw type bridge vlan_filtering 1 ageing_time 10000000 ||
		die "bridge"
	ip link set brsw up
	for p in brb brc1 brc2 brc3 brc4 brc5 brc6 brc7 brc8; do
		ip link set "$p" master brsw
		bridge vlan del vid 1 dev "$p"
		bridge vlan add vid 10 pvid untagged dev "$p"
	done
	for p in bru brt1 brt2; do
		ip link set "$p" master brsw
		bridge vlan del vid 1 dev "$p"
		bridge vlan add vid 10 dev "$p"
	done
}

ovs_start() {
	mkdir -p /run/openvswitch /tmp/ovs
	ovsdb-tool create /tmp/ovs/conf.db /usr/share/openvswitch/vswitch.ovsschema &&
	ovsdb-server /tmp/ovs/conf.db --remote=punix:/run/openvswitch/db.sock \
		--pidfile=/run/openvswitch/ovsdb-server.pid --detach \
		--log-file=/tmp/ovs/ovsdb-server.log &&
	ovs-vsctl --no-wait init &&
	ovs-vswitchd unix:/run/openvswitch/db.sock \
		--pidfile=/run/openvswitch/ovs-vswitchd.pid --detach \
		--log-file=/tmp/ovs/ovs-vswitchd.log || die "ovs daemons"
}

build_ovs() {
	local p

	build_common ovs
	ovs_start
	ovs-vsctl add-br ovssw -- set bridge ovssw \
		other-config:mac-aging-time=100000 \
		other-config:mac-table-size=200000 || die "ovs bridge"
	for p in ovsb ovsc1 ovsc2 ovsc3 ovsc4 ovsc5 ovsc6 ovsc7 ovsc8; do
		ovs-vsctl add-port ovssw "$p" tag=10 || die "ovs port"
	done
	for p in ovsu ovst1 ovst2; do
		ovs-vsctl add-port ovssw "$p" trunks=10 || die "ovs trunk"
	done
}

build_tc() {
	veth_pair tca tcb
	veth_pair tcd tcc
	tc qdisc add dev tcb clsact &&
	tc filter add dev tcb ingress matchall \
		action mirred egress redirect dev tcc || die "tc mirred"
}

build_veth() {
	veth_pair va vb
}

# every VM says hello once, so that every switch knows its MAC
learn_all() {
	local s=$1 i

	learn "${s}a" "$(vmmac "$s" $MAC_A)"
	for i in 1 2 3 4 5 6 7 8; do learn "${s}d$i" "$(vmmac "$s" $((16 + i)))"; done
	learn "${s}w" "$(vmmac "$s" $MAC_W)" 10
	learn "${s}x1" "$(vmmac "$s" $MAC_X1)" 10
	learn "${s}x2" "$(vmmac "$s" $MAC_X2)" 10
}

# --- the scenarios -------------------------------------------------------------
# scenario N S: "source-dev src-mac dst-mac vid sinks..." for system S
scenario() {
	local n=$1 s=$2 a w x1 x2 d1

	# (scenario 9: this switch and the bridge, which walk their ports)
	[ "$n" = 9 ] && [ "$s" != vsw ] && [ "$s" != br ] && return
	if [ "$s" = veth ]; then
		# the limit: the same frames over one veth pair
		case $n in
		3|4) echo "va $(vmmac veth 1) $(vmmac veth 2) 10 vb" ;;
		5) echo "va $(vmmac veth 1) ff:ff:ff:ff:ff:ff 0 vb" ;;
		*) echo "va $(vmmac veth 1) $(vmmac veth 2) 0 vb" ;;
		esac
		return
	fi
	if [ "$s" = tc ]; then
		case $n in
		3|4) echo "tca $(vmmac tc 1) $(vmmac tc 2) 10 tcd" ;;
		5) ;;
		*) echo "tca $(vmmac tc 1) $(vmmac tc 2) 0 tcd" ;;
		esac
		return
	fi
	a=$(vmmac "$s" $MAC_A) w=$(vmmac "$s" $MAC_W)
	x1=$(vmmac "$s" $MAC_X1) x2=$(vmmac "$s" $MAC_X2)
	d1=$(vmmac "$s" 17)
	case $n in
	1|6|7|8) echo "${s}a $a $d1 0 ${s}d1" ;;
	2) echo "${s}a $a $w 0 ${s}w" ;;
	3) echo "${s}w $w $a 10 ${s}a" ;;
	4) echo "${s}x1 $x1 $x2 10 ${s}x2" ;;
	5|9) echo "${s}a $a ff:ff:ff:ff:ff:ff 0 ${s}d1 ${s}d2 ${s}d3 ${s}d4" \
		"${s}d5 ${s}d6 ${s}d7 ${s}d8" ;;
	esac
}

# measure N S SIZE ROUND: one pktgen run; forwarded pps is what reached the
# sinks (the mean over them) per second of the run
measure() {
	local n=$1 s=$2 size=$3 round=$4 dev src dst vid sinks k
	local -a before=()
	local usec sum=0 pps

	read -r dev src dst vid sinks <<< "$(scenario "$n" "$s")"
	[ -n "$dev" ] || return 0
	for k in $sinks; do before+=("$(rx "$k")"); done
	usec=$(pktgen_run "$dev" "$src" "$dst" "$size" "$vid" "$COUNT")
	[ -n "$usec" ] && [ "$usec" -gt 0 ] || die "pktgen on $dev gave no result"
	local i=0
	for k in $sinks; do
		sum=$((sum + $(rx "$k") - before[i]))
		i=$((i + 1))
	done
	pps=$((sum * 1000000 / i / usec))
	echo "BENCH {\"scenario\": $n, \"system\": \"$s\", \"size\": $size," \
	     "\"round\": $round, \"pps\": $pps, \"sent\": $COUNT," \
	     "\"received\": $((sum / i)), \"usec\": $usec}"
}

run_scenarios() {
	local r n s size

	for r in $(seq 1 "$ROUNDS"); do
		for n in "$@"; do
			[ -z "$ONLY" ] || [[ " $ONLY " == *" $n "* ]] || continue
			for size in $SIZES; do
				for s in $SYSTEMS; do
					measure "$n" "$s" "$size" "$r"
				done
			done
		done
		say "round $r of scenarios $* done ($(date +%T))"
	done
}

# --- scenario 6: a big MAC table, every VLAN configured ------------------------
# 65536 MACs: 16 VLANs x 4096, learned from the trunk port St1 (pktgen with
# a counting source MAC); VLANs 1-4094 on the uplink and the trunk ports,
# and for this switch a portgroup per VLAN as an ESX administrator has them.
scale_up() {
	local s v p pgs m0
	local -A mem=()

	pgs=/tmp/pg4094.json
	python3 - > "$pgs" <<-'EOF'
	import json, subprocess
	cfg = json.loads(subprocess.check_output(["userspace/vswctl", "save"]))
	sw = cfg["switches"][0]
	for v in range(1, 4095):
	    if v != 10:
	        sw["portgroups"].append({"name": "vlan%d" % v,
	                                 "vlan_mode": "vlan", "vlan": v})
	for pg in sw["portgroups"]:
	    if pg["name"] == "tr10":
	        pg["trunk"] = "1-4094"
	        pg["mac_changes"] = True
	print(json.dumps(cfg))
	EOF
	"$VSWCTL" apply "$pgs" > /tmp/apply.out || die "vswctl apply: $(tail -3 /tmp/apply.out)"
	for p in bru brt1 brt2; do bridge vlan add vid 1-4094 dev "$p"; done
	ovs-vsctl clear port ovsu trunks -- clear port ovst1 trunks -- \
		clear port ovst2 trunks
	for s in vsw br ovs; do
		m0=$(kmem_kb)
		for v in $(seq 1 16); do
			pktgen_run "${s}x1" "02:5c:$(printf %02x "$v"):00:00:00" \
				ff:ff:ff:ff:ff:ff 60 "$v" 4096 4096 > /dev/null
		done
		sleep 2
		mem[$s]=$(( ($(kmem_kb) - m0) * 1024 / 65536 ))
	done
	echo "BENCH_MEM_PER_MAC {\"vsw\": ${mem[vsw]}, \"br\": ${mem[br]}," \
	     "\"ovs\": ${mem[ovs]}, \"note\": \"bytes of slab+percpu+vmalloc" \
	     "per learned MAC; for ovs this includes a datapath flow per MAC\"}"
	echo "BENCH_MACS {\"vsw\": $("$VSWCTL" -j switch show vsw | jq '.[0].macs')," \
	     "\"br\": $(bridge fdb show br brsw | grep -vc permanent)," \
	     "\"ovs\": $(ovs-appctl fdb/show ovssw | tail -n +2 | wc -l)}"
}

# --- the switches' own share of a frame's cost (issue 22, item 1) ---------------
# For scenarios 1-4: CPU 0 (pktgen's, and the softirqs') profiled with perf
# during one run of 64-byte frames; the share of its busy time (idle left
# out) spent in the switch's own module: vswitch.ko, bridge.ko,
# openvswitch.ko.  The rest is pktgen, skbs, veth and the stack, the same
# for all three.
# perf_start [ARGS...]: perf record of every CPU (ARGS: -g, -C 0...) into
# /tmp/perf.data, started in the background ($PERF_PID), returning once it
# samples: perf takes seconds to start in the VM, and its file is there
# before the samples are
perf_start() {
	local i

	rm -f /tmp/perf.data
	perf record -q -a "$@" -e cpu-clock -o /tmp/perf.data sleep 600 &
	PERF_PID=$!
	for i in $(seq 1 60); do
		[ -s /tmp/perf.data ] && break
		sleep 1
	done
	sleep 3
}

declare -A MODULE=([vsw]=vswitch [br]=bridge [ovs]=openvswitch)
# (and by symbol, where perf puts a module's samples under the kernel's)
declare -A OWN_SYMS=([vsw]='^vsw_' [br]='^(__)?br_|^nbp_|^fdb_find_rcu'
		     [ovs]='^(__)?ovs_|^(masked_)?flow_lookup|^flow_hash')
own_cost() {
	local n s r dev src dst vid sinks share

	[ -z "$ONLY" ] || [[ " $ONLY " == *" own "* ]] || return 0
	# (a run's share moved by a third between runs: the median of a run
	# per round, of three times the frames of a measurement)
	for r in $(seq 1 "$ROUNDS"); do
		for n in 1 2 3 4; do
			for s in vsw br ovs; do
				read -r dev src dst vid sinks <<< "$(scenario "$n" "$s")"
				perf_start -C 0 2> /dev/null
				pktgen_run "$dev" "$src" "$dst" 60 "$vid" $((3 * COUNT)) > /dev/null
				kill -INT "$PERF_PID"; wait "$PERF_PID"
				share=$(perf report -i /tmp/perf.data --stdio --sort dso,sym \
						2> /dev/null |
					awk -v m="[${MODULE[$s]}]" -v re="${OWN_SYMS[$s]}" '
					/^ +[0-9.]+%/ && $4 !~ /safe_halt|default_idle|cpu_idle|acpi_idle/ {
						sub("%", "", $1); t += $1
						if ($2 == m || $4 ~ re) own += $1 }
					END { printf "%.2f", t ? 100 * own / t : 0 }')
				echo "BENCH_OWN {\"scenario\": $n, \"system\": \"$s\"," \
				     "\"round\": $r, \"share_pct\": $share}"
			done
		done
	done
	say "own cost done ($(date +%T))"
}

# --- two CPUs (issue 22, item 3) ------------------------------------------------
# Scenarios 1-3 with 64-byte frames, sent by one pktgen thread (CPU 0), then
# by two (CPUs 0 and 1) at once: two flows, the same MACs and different IP
# sources, from the same VM.  A veth hands a frame to the CPU that sent it,
# so each CPU forwards its own flow through the switch; what both share is
# the switch's state: the MAC entries they look up and refresh, the ports,
# the policy.  A cache line written by every frame shows as an aggregate
# short of twice one CPU.  Aggregate pps: frames at the sink per second of
# the longer of the two runs.
cpus_run() {	# cpus_run N S CPUS ROUND
	local n=$1 s=$2 ncpu=$3 dev src dst vid sinks k before=0 after=0 usec=0 u t

	read -r dev src dst vid sinks <<< "$(scenario "$n" "$s")"
	for k in $sinks; do before=$((before + $(rx "$k"))); done
	pgset kpktgend_0 rem_device_all
	pgset kpktgend_1 rem_device_all
	pktgen_dev 0 "$dev" "$src" "$dst" 60 "$vid" "$COUNT" 0 10.99.0.1
	[ "$ncpu" = 1 ] ||
		pktgen_dev 1 "$dev@1" "$src" "$dst" 60 "$vid" "$COUNT" 0 10.99.1.1
	echo start > "$PG/pgctrl"
	for t in "$dev" "$dev@1"; do
		[ "$ncpu" = 2 ] || [ "$t" = "$dev" ] || continue
		u=$(pktgen_usec "$t")
		[ -n "$u" ] && [ "$u" -gt 0 ] || die "pktgen on $t gave no result"
		[ "$u" -gt "$usec" ] && usec=$u
	done
	pgset kpktgend_1 rem_device_all
	for k in $sinks; do after=$((after + $(rx "$k"))); done
	echo $(((after - before) * 1000000 / usec))
}

cpus() {
	local r n s one two

	[ -z "$ONLY" ] || [[ " $ONLY " == *" cpus "* ]] || return 0
	[ "$(nproc)" -ge 2 ] || { say "one CPU: no CPU scaling"; return 0; }
	for r in $(seq 1 "$ROUNDS"); do
		for n in 1 2 3; do
			for s in vsw br ovs veth; do
				one=$(cpus_run "$n" "$s" 1 "$r")
				two=$(cpus_run "$n" "$s" 2 "$r")
				echo "BENCH_CPUS {\"scenario\": $n, \"system\": \"$s\"," \
				     "\"round\": $r, \"pps_1cpu\": $one, \"pps_2cpu\": $two}"
			done
		done
	done
	say "cpus done ($(date +%T))"
}

# --- TCP with GSO (issue 22, item 4) --------------------------------------------
# iperf3 between two "VMs" (namespaces, veth with TSO on: 64 KB GSO frames
# cross the switch whole), and from a VM to a host behind a tagged uplink
# (VLAN 10 on the far side), with the uplink's offloads on and then off (the
# switch's egress segments in software then).  Each system gets a switch of
# its own for this, so the other scenarios' topologies stay as they were;
# the limit is one veth pair between the two namespaces.  Mbit/s.
TCP_SECS=4
tcp_ns() {	# tcp_ns NS DEV IP: a VM: namespace NS, veth DEV in the host
	ip netns add "$1" && ip link add "$2" type veth peer name eth0 netns "$1" &&
	ip link set "$2" up && ip -n "$1" link set lo up &&
	ip -n "$1" link set eth0 up && ip -n "$1" addr add "$3/24" dev eth0 ||
		die "tcp vm $1"
}
tcp_run() {	# tcp_run CLIENT-NS SERVER-NS SERVER-IP: Mbit/s
	ip netns exec "$2" iperf3 -s -1 -D -I /tmp/iperf3.pid > /dev/null 2>&1
	sleep 1
	ip netns exec "$1" iperf3 -c "$3" -t "$TCP_SECS" -O 1 -J 2> /dev/null |
		jq '.end.sum_received.bits_per_second / 1000000 | floor'
	pkill -F /tmp/iperf3.pid 2> /dev/null
}
tcp_gso() {
	local s r i vm up off

	[ -z "$ONLY" ] || [[ " $ONLY " == *" tcp "* ]] || return 0
	# the limit: one pair straight between two namespaces
	ip netns add vethT1 && ip netns add vethT2 &&
	ip -n vethT1 link add eth0 type veth peer name eth0 netns vethT2 ||
		die "tcp veth"
	for i in 1 2; do
		ip -n "vethT$i" link set lo up &&
		ip -n "vethT$i" link set eth0 up &&
		ip -n "vethT$i" addr add "10.77.0.$i/24" dev eth0 || die "tcp veth"
	done
	for s in vsw br ovs; do
		tcp_ns "${s}T1" "${s}t1p" 10.77.0.1
		tcp_ns "${s}T2" "${s}t2p" 10.77.0.2
		# the host behind the uplink: VLAN 10 on its side
		ip netns add "${s}T3" &&
		ip link add "${s}tu" type veth peer name eth0 netns "${s}T3" &&
		ip link set "${s}tu" up && ip -n "${s}T3" link set eth0 up &&
		ip -n "${s}T3" link add link eth0 name eth0.10 type vlan id 10 &&
		ip -n "${s}T3" link set eth0.10 up &&
		ip -n "${s}T3" addr add 10.77.0.3/24 dev eth0.10 || die "tcp host"
		case $s in
		vsw)
			$VSWCTL switch add tcp && $VSWCTL portgroup add tcp v10 vlan 10 &&
			$VSWCTL uplink add tcp vswtu &&
			$VSWCTL port add tcp v10 vswt1p && $VSWCTL port add tcp v10 vswt2p ||
				die "tcp vsw" ;;
		br)
			ip link add brtcp type bridge vlan_filtering 1 && ip link set brtcp up &&
			for p in brt1p brt2p brtu; do
				ip link set "$p" master brtcp && bridge vlan del vid 1 dev "$p"
			done &&
			bridge vlan add vid 10 pvid untagged dev brt1p &&
			bridge vlan add vid 10 pvid untagged dev brt2p &&
			bridge vlan add vid 10 dev brtu || die "tcp br" ;;
		ovs)
			ovs-vsctl add-br ovstcp && ovs-vsctl add-port ovstcp ovst1p tag=10 &&
			ovs-vsctl add-port ovstcp ovst2p tag=10 &&
			ovs-vsctl add-port ovstcp ovstu trunks=10 || die "tcp ovs"
			sleep 2 ;;
		esac
	done
	# one run not counted: the first TCP stream of the VM's life is the
	# slowest (in the first figures, the switch had it: 869 Mbit/s VM to
	# VM against 1244 to the tagged uplink)
	say "tcp warm-up, not counted: $(tcp_run vethT1 vethT2 10.77.0.2) Mbit/s"
	# the systems take turns in every round, so that a slow spell of the
	# host does not fall on one of them only; two rounds more than the
	# frame scenarios have (a stream varied by a third between rounds,
	# the bare veth pair's too)
	for r in $(seq 1 $((ROUNDS + 2))); do
		vm=$(tcp_run vethT1 vethT2 10.77.0.2)
		echo "BENCH_TCP {\"system\": \"veth\", \"round\": $r, \"vm_vm\": ${vm:-0}}"
		for s in vsw br ovs; do
			vm=$(tcp_run "${s}T1" "${s}T2" 10.77.0.2)
			up=$(tcp_run "${s}T1" "${s}T3" 10.77.0.3)
			ethtool -K "${s}tu" tso off gso off tx off > /dev/null 2>&1
			off=$(tcp_run "${s}T1" "${s}T3" 10.77.0.3)
			ethtool -K "${s}tu" tso on gso on tx on > /dev/null 2>&1
			echo "BENCH_TCP {\"system\": \"$s\", \"round\": $r," \
			     "\"vm_vm\": ${vm:-0}, \"vm_uplink\": ${up:-0}," \
			     "\"vm_uplink_no_offload\": ${off:-0}}"
		done
	done
	say "tcp done ($(date +%T))"
}

# --- scenario 9: scenario 5 on a switch that has grown ------------------------
# The broadcast of scenario 5 (8 ports of VLAN 10 and the uplink) with 1000
# more ports, one in each of VLANs 11-1010, and the 4094 VLANs of scale_up
# configured: a flood should cost what its segment has, not what the switch
# has.  This switch and the bridge, which both flood by walking ports (OVS
# floods by a datapath flow that lists the ports vswitchd chose: its cost
# is the 8, whatever else is there).
grow_ports() {
	local s i n=1000

	for s in vsw br; do
		for i in $(seq 1 $n); do
			echo "link add ${s}g$i type veth peer name ${s}h$i"
			echo "link set ${s}g$i up"
			echo "link set ${s}h$i up"
		done
	done > /tmp/grow.batch
	ip -batch /tmp/grow.batch || die "2000 veths"
	for i in $(seq 1 $n); do
		echo "port add vsw vlan$((10 + i)) vswg$i"
	done > /tmp/grow.vsw
	"$VSWCTL" -b /tmp/grow.vsw || die "1000 ports"
	for i in $(seq 1 $n); do
		echo "link set brg$i master brsw"
	done > /tmp/grow.br
	ip -batch /tmp/grow.br || die "1000 bridge ports"
	for i in $(seq 1 $n); do
		echo "vlan del vid 1 dev brg$i"
		echo "vlan add vid $((10 + i)) pvid untagged dev brg$i"
	done > /tmp/grow.brv
	bridge -batch /tmp/grow.brv || die "1000 bridge port VLANs"
	say "1000 ports more on vsw and br ($(date +%T))"
}

# --- memory and control plane ---------------------------------------------------
# kernel memory that objects of a switch take: slab, per-CPU and vmalloc
kmem_kb() {
	awk '/^(Slab|Percpu|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo
}

now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{ printf "%.3f", $2 - $1 }'; }
ms_each() { echo "$1 $2" | awk '{ printf "%.1f", 1000 * $1 / $2 }'; }

# 1000 ports and 1000 portgroups: added in one `vswctl apply` (what a boot
# does), dumped, deleted with their switch; 100 of each added one vswctl
# process each (what a script does; in this VM a process start costs far
# more than the request).  The kernel memory a port takes.  The Linux
# bridge's `ip -batch` enslaving the same 1000 veths, for comparison.
control_plane() {
	local n=1000 each=100 i t0 m0 m1 batch loop pgbatch pgloop dump pgdump
	local del brbatch brdel bbatch

	for i in $(seq 1 $n); do
		echo "link add cp$i type veth peer name cq$i"
		echo "link set cp$i up"
	done > /tmp/veths.batch
	ip -batch /tmp/veths.batch || die "1000 veths"
	# the two files apply takes: 1000 ports; 1000 portgroups
	python3 - "$n" <<-'EOF'
	import json, sys
	n = int(sys.argv[1])
	pg = {"name": "pg", "vlan_mode": "vlan", "vlan": 100}
	ports = [{"name": "cp%d" % i, "portgroup": "pg"} for i in range(1, n + 1)]
	pgs = [{"name": "pg%d" % i, "vlan_mode": "vlan", "vlan": i % 4094 + 1}
	       for i in range(1, n + 1)]
	for path, sw in (("/tmp/cp.json", {"portgroups": [pg], "ports": ports}),
	                 ("/tmp/cp-pgs.json", {"portgroups": pgs})):
	    sw["name"] = "cp"
	    with open(path, "w") as f:
	        json.dump({"vswitch": 1, "switches": [sw]}, f)
	EOF
	sleep 1
	m0=$(kmem_kb)
	t0=$(now); "$VSWCTL" apply /tmp/cp.json > /dev/null || die "apply"
	batch=$(since "$t0")
	sleep 1
	m1=$(kmem_kb)
	t0=$(now); "$VSWCTL" -j port show cp > /tmp/ports.json; dump=$(since "$t0")
	[ "$(jq length /tmp/ports.json)" = "$n" ] ||
		die "port dump: $(jq length /tmp/ports.json) ports"
	t0=$(now); "$VSWCTL" switch del cp; del=$(since "$t0")

	"$VSWCTL" switch add cp && "$VSWCTL" portgroup add cp pg vlan 100 ||
		die "cp switch"
	t0=$(now)
	for i in $(seq 1 $each); do "$VSWCTL" port add cp pg "cp$i" || die "port add"; done
	loop=$(since "$t0")
	"$VSWCTL" switch del cp
	# the same 1000 as 1000 commands of one `vswctl -b`
	{
		echo "switch add cp"
		echo "portgroup add cp pg vlan 100"
		for i in $(seq 1 $n); do echo "port add cp pg cp$i"; done
	} > /tmp/cp.batch
	t0=$(now); "$VSWCTL" -b /tmp/cp.batch || die "vswctl -b"
	bbatch=$(since "$t0")
	"$VSWCTL" switch del cp

	t0=$(now); "$VSWCTL" apply /tmp/cp-pgs.json > /dev/null || die "apply pgs"
	pgbatch=$(since "$t0")
	t0=$(now); "$VSWCTL" -j portgroup show cp > /tmp/pgs.json; pgdump=$(since "$t0")
	[ "$(jq length /tmp/pgs.json)" = "$n" ] || die "portgroup dump"
	"$VSWCTL" switch del cp
	"$VSWCTL" switch add cp
	t0=$(now)
	for i in $(seq 1 $each); do
		"$VSWCTL" portgroup add cp "pg$i" vlan "$i" || die "pg add"
	done
	pgloop=$(since "$t0")
	"$VSWCTL" switch del cp

	ip link add brcp type bridge && ip link set brcp up
	for i in $(seq 1 $n); do echo "link set cp$i master brcp"; done > /tmp/br.batch
	t0=$(now); ip -batch /tmp/br.batch; brbatch=$(since "$t0")
	t0=$(now); ip link del brcp; brdel=$(since "$t0")
	echo "BENCH_CONTROL {\"ports\": $n, \"vsw_port_add_batch_s\": $batch," \
	     "\"vsw_port_add_b_s\": $bbatch," \
	     "\"vsw_port_dump_s\": $dump, \"vsw_switch_del_s\": $del," \
	     "\"vsw_port_add_one_process_ms\": $(ms_each "$loop" $each)," \
	     "\"vsw_pg_add_batch_s\": $pgbatch, \"vsw_pg_dump_s\": $pgdump," \
	     "\"vsw_pg_add_one_process_ms\": $(ms_each "$pgloop" $each)," \
	     "\"bridge_port_add_batch_s\": $brbatch, \"bridge_del_s\": $brdel," \
	     "\"vsw_bytes_per_port\": $(( (m1 - m0) * 1024 / n ))}"
}

# --- control plane at fleet scale (issue 22, item 5) -----------------------------
# A host of a big vDS: 4094 portgroups (every VLAN) and 4096 ports in one
# `vswctl apply`; the events of it as one `vswctl -j monitor` reads them
# (all of them, none "lost": a reader that keeps up with the apply's rate);
# the dump of the 4096 ports; the switch deleted with them; kernel memory
# per port and portgroup.
fleet() {
	local n=4096 i t0 apply dump del m0 m1 mon events lost max

	# (the bench's other switches have ports too: the namespace's limit,
	# 4096 by default, is raised for this and put back)
	max=$(cat /sys/module/vswitch/parameters/max_ports)
	echo 65536 > /sys/module/vswitch/parameters/max_ports

	for i in $(seq 1 $n); do
		echo "link add fp$i type veth peer name fq$i"
		echo "link set fp$i up"
	done > /tmp/fleet.batch
	ip -batch /tmp/fleet.batch || die "4096 veths"
	python3 - "$n" > /tmp/fleet.json <<-'EOF'
	import json, sys
	n = int(sys.argv[1])
	pgs = [{"name": "pg%d" % v, "vlan_mode": "vlan", "vlan": v}
	       for v in range(1, 4095)]
	ports = [{"name": "fp%d" % i, "portgroup": "pg%d" % ((i - 1) % 4094 + 1)}
	         for i in range(1, n + 1)]
	print(json.dumps({"vswitch": 1, "switches": [
	    {"name": "fleet", "portgroups": pgs, "ports": ports}]}))
	EOF
	"$VSWCTL" -j monitor > /tmp/fleet.events 2>&1 &
	mon=$!
	sleep 2
	m0=$(kmem_kb)
	t0=$(now); "$VSWCTL" apply /tmp/fleet.json > /dev/null || die "fleet apply"
	apply=$(since "$t0")
	sleep 3	# what the monitor has still to read
	m1=$(kmem_kb)
	kill "$mon"; wait "$mon" 2> /dev/null
	events=$(grep -c '"event"' /tmp/fleet.events)
	lost=$(grep -c '"event":"lost"' /tmp/fleet.events)
	t0=$(now); "$VSWCTL" -j port show fleet > /tmp/fleet-ports.json
	dump=$(since "$t0")
	[ "$(jq length /tmp/fleet-ports.json)" = "$n" ] ||
		die "fleet port dump: $(jq length /tmp/fleet-ports.json) ports"
	t0=$(now); "$VSWCTL" switch del fleet; del=$(since "$t0")
	for i in $(seq 1 $n); do echo "link del fp$i"; done > /tmp/fleet.batch
	ip -batch /tmp/fleet.batch
	echo "$max" > /sys/module/vswitch/parameters/max_ports
	echo "BENCH_FLEET {\"ports\": $n, \"portgroups\": 4094, \"apply_s\": $apply," \
	     "\"events\": $events, \"events_lost\": $lost," \
	     "\"events_per_s\": $(echo "$events $apply" | awk '{ printf "%d", $1 / $2 }')," \
	     "\"port_dump_s\": $dump, \"switch_del_s\": $del," \
	     "\"kernel_bytes_per_port_and_pg\": $(( (m1 - m0) * 1024 / n ))}"
}

# --- main ------------------------------------------------------------------------
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
modprobe pktgen && modprobe openvswitch && modprobe bridge || die "modules"
modprobe psample; modprobe vxlan	# vswitch.ko needs them; insmod does not load them
grep -q "^vswitch " /proc/modules || insmod kmod/vswitch.ko || die "insmod"
if [ "${1:-}" = profile ]; then
	# bench.sh profile SYSTEM SCENARIO [SIZE [SYMBOL]]: where the time goes
	s=$2
	"build_$s"
	[ "$s" = vsw ] || [ "$s" = br ] || [ "$s" = ovs ] && learn_all "$s"
	sleep 2
	read -r dev src dst vid sinks <<< "$(scenario "$3" "$s")"
	pktgen_run "$dev" "$src" "$dst" "${4:-60}" "$vid" 20000 > /dev/null
	perf_start -g
	usec=$(pktgen_run "$dev" "$src" "$dst" "${4:-60}" "$vid" 300000)
	kill -INT "$PERF_PID"; wait "$PERF_PID"
	echo "# $s scenario $3: 300000 frames in $usec us"
	# CPU 0 (pktgen's and the softirqs'), share of its busy time
	perf report -i /tmp/perf.data -C 0 --stdio --no-children --sort sym \
		-g none 2>/dev/null |
	awk '/^ +[0-9.]+%/ && !/safe_halt/ { sub("%", "", $1); p[NR] = $1;
		l[NR] = $0; t += $1 }
	     END { for (i in p) printf "%6.2f%%  %s\n", 100 * p[i] / t, l[i] }' |
	sort -rn | head -45
	# a SYMBOL after the SIZE: its instructions, the hottest first
	[ -n "${5:-}" ] &&
		perf annotate -i /tmp/perf.data --stdio -s "$5" \
			2> /dev/null | grep -E '^ +[0-9]+\.[0-9]+ +:' |
		sort -rn | head -60
	exit 0
fi
if [ "${1:-}" = control ]; then
	control_plane
	fleet
	exit 0
fi
echo "BENCH_INFO {\"kernel\": \"$(uname -r)\", \"date\": \"$(date -u +%FT%TZ)\"," \
     "\"cpus\": $(nproc), \"rounds\": $ROUNDS, \"count\": $COUNT}"
for s in $SYSTEMS; do "build_$s"; done
for s in vsw br ovs; do learn_all "$s"; done
sleep 2	# vswitchd handles the hellos' upcalls
run_scenarios 1 2 3 4 5
own_cost
cpus
# scenario 7: scenario 1 with 8 traffic filter rules on the portgroup, both
# directions, none matching (UDP frames, TCP rules: each rule reads the IP
# header); the other systems as in scenario 1.  Scenario 1 is the cost
# without rules: one pointer test per frame and direction.
for i in 1 2 3 4 5 6 7 8; do
	"$VSWCTL" filter add vsw pg10 proto tcp dst-port "$i" action drop ||
		die "filter add"
done
run_scenarios 7
"$VSWCTL" filter del vsw pg10 all || die "filter del"
# scenario 8: scenario 1 with IPFIX export on the portgroup, sample 100 (a
# busy host's setting): 1 frame in 100 goes to psample (no daemon reads
# them here: the kernel's share of the cost)
"$VSWCTL" ipfix set vsw collector 127.0.0.1 sample 100 &&
	"$VSWCTL" portgroup set vsw pg10 ipfix on || die "ipfix on"
run_scenarios 8
"$VSWCTL" portgroup set vsw pg10 ipfix off &&
	"$VSWCTL" ipfix set vsw collector off || die "ipfix off"
if [ -z "$ONLY" ] || [[ " $ONLY " == *" "[69]" "* ]]; then
	scale_up
	run_scenarios 6
	grow_ports
	run_scenarios 9
fi
# (after the scenarios that are judged against scenario 1: the TCP part
# leaves namespaces, switches and an OVS bridge behind, and in the run
# that had it before scenario 7, the bridge itself was 10% slower there)
tcp_gso
say "forwarding done ($(date +%T))"
if [ -z "$ONLY" ] || [[ " $ONLY " == *" control "* ]]; then
	control_plane
	fleet
	say "control plane done ($(date +%T))"
fi
