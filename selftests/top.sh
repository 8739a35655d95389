#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswctl top (issue 21 item 4), esxtop's network panel, with traffic
# running: batch blocks with real rates from the first one, sorted, -n
# ending it; the screen on a terminal (tmux), q quitting it and the
# terminal's modes restored (also after SIGTERM); JSON lines with a drop
# reason's rate; bad options refused.
#
#   vm1 10.0.0.1 --+ pg (vlan none)     sw0 --- up0 ==== phys:br0
#   vm2 10.0.0.2 --+
#   vm1 pings vm2 every 10 ms; the uplink stays idle
ALL_TESTS="batch terminal json_drops bad_options"
source "$(dirname "$0")/lib.sh"

FORGED=02:00:00:00:00:f1
PING_PID=
FLOOD_PID=
# a tmux server of our own, its socket under $TMP
export TMUX_TMPDIR=$TMP
tmux_() { TERM=${TERM:-xterm} tmux -L vswtop "$@"; }

setup()
{
	switch_add sw0 &&
	vswctl portgroup add sw0 pg &&
	phys_add && uplink_add sw0 up0 &&
	vm_add vm1 sw0 pg 10.0.0.1/24 "$M1" &&
	vm_add vm2 sw0 pg 10.0.0.2/24 "$M2" &&
	learn_all vm1 vm2 &&
	ping_ok vm1 10.0.0.2
}

cleanup()
{
	traffic_stop
	[ -n "$FLOOD_PID" ] && kill "$FLOOD_PID" 2> /dev/null
	tmux_ kill-server 2> /dev/null
	cleanup_objects
}

# vm1 pings vm2 every 10 ms until traffic_stop
traffic_start()
{
	# (ip netns exec execs ping: $! is the ping traffic_stop must end)
	ip netns exec vm1 ping -q -i 0.01 10.0.0.2 > /dev/null 2>&1 &
	PING_PID=$!
	sleep 0.5
}

traffic_stop()
{
	[ -n "$PING_PID" ] || return 0
	kill "$PING_PID" 2> /dev/null
	wait "$PING_PID" 2> /dev/null
	PING_PID=
}

# the names of each block's rows in order, one block a line: "vm1p,vm2p,up0"
block_order()
{
	awk '/^vswctl top / { if (seen++) print o; o = ""; next }
	     /^SWITCH / || NF == 0 { next }
	     { o = o (o == "" ? "" : ",") $2 }
	     END { if (seen) print o }' "$1"
}

# in every block, received + sent packets/s never rises down the rows
blocks_sorted()
{
	awk '/^vswctl top / { prev = -1; next }
	     /^SWITCH / || NF == 0 { next }
	     { r = $5 + $6; if (prev >= 0 && r > prev) bad = 1; prev = r }
	     END { exit bad }' "$1"
}

batch()
{
	local rc blocks busy

	traffic_start
	timeout 10 "$VSWCTL" top -b -n 3 -d 0.5 > "$TMP/batch.txt" 2> "$TMP/batch.err"
	rc=$?
	traffic_stop
	[ "$rc" -eq 0 ]
	check_err $? "top -b -n 3 -d 0.5 exited $rc (124: it did not end by itself): $(cat "$TMP/batch.err")"
	blocks=$(grep -c '^vswctl top .* interval ' "$TMP/batch.txt")
	[ "$blocks" -eq 3 ]
	check_err $? "$blocks blocks with a header line for -n 3"
	[ "$(grep -c '^SWITCH  *NAME  *TYPE  *PORTGROUP  *RXPPS  *TXPPS  *RXMBPS  *TXMBPS  *DROPS/s  *DROP-REASONS$' "$TMP/batch.txt")" -eq 3 ]
	check_err $? "not one title line per block"
	! grep -q $'\033' "$TMP/batch.txt"
	check_err $? "escape sequences in batch output"
	# real rates from the first block on: vm1p received in all three
	busy=$(awk '$2 == "vm1p" && $3 == "port" && $4 == "pg" && $5 > 0' "$TMP/batch.txt" | wc -l)
	[ "$busy" -eq 3 ]
	check_err $? "vm1p received packets/s in $busy of 3 blocks"
	awk '$2 == "up0" && ($3 != "uplink" || $4 != "-") { bad = 1 } END { exit bad }' "$TMP/batch.txt"
	check_err $? "the uplink's row is not of type uplink with portgroup -"
	blocks_sorted "$TMP/batch.txt"
	check_err $? "rows not sorted by packets/s"
	# the two busy ports, then the idle uplink
	[ "$(block_order "$TMP/batch.txt" | grep -cE '^(vm1p,vm2p|vm2p,vm1p),up0$')" -eq 3 ]
	check_err $? "busy rows not first: $(block_order "$TMP/batch.txt" | tr '\n' ' ')"
	[ "$RET" -eq 0 ] || sed 's/^/# /' "$TMP/batch.txt"
	log_test "top -b: a block per refresh, real rates from the first, busiest first, -n ends it"
}

tmux_gone() { ! tmux_ has-session -t vswtop 2> /dev/null; }

# the screen shows vm1p receiving
pane_busy()
{
	tmux_ capture-pane -p -t vswtop > "$TMP/pane.txt" 2> /dev/null &&
	awk '$2 == "vm1p" && $5 > 0 { ok = 1 } END { exit !ok }' "$TMP/pane.txt"
}

# term_start: top on a 160x40 terminal; $TMP/top.pid is its pid, and
# when it ends, $TMP/top.rc its exit status and $TMP/stty.after the
# terminal's modes as it left them
term_start()
{
	rm -f "$TMP/top.pid" "$TMP/top.rc" "$TMP/stty.after"
	cat > "$TMP/term.sh" <<-EOF
	sh -c 'echo \$\$ > $TMP/top.pid; exec $VSWCTL top -d 0.5'
	echo \$? > $TMP/top.rc
	stty -a > $TMP/stty.after
	EOF
	tmux_ new-session -d -s vswtop -x 160 -y 40 "sh $TMP/term.sh"
}

# term_restored: canonical mode and echo are back
term_restored()
{
	grep -qE '(^|[ ;])icanon([ ;]|$)' "$TMP/stty.after" 2> /dev/null &&
	grep -qE '(^|[ ;])echo([ ;]|$)' "$TMP/stty.after"
}

terminal()
{
	local pane_tty pid

	if ! command -v tmux > /dev/null; then
		check_err 1 "no tmux (scripts/install-deps installs it)"
		log_test "top on a terminal: the screen, q, the terminal restored"
		return
	fi
	traffic_start
	term_start
	check_err $? "tmux could not start top"
	wait_until 5 pane_busy
	check_err $? "no rate for vm1p on the screen within 5 s"
	head -n 1 "$TMP/pane.txt" | grep -q '^vswctl top .* interval .*(q: quit)'
	check_err $? "the screen's first line is not the header: '$(head -n 1 "$TMP/pane.txt")'"
	grep -q '^SWITCH  *NAME  *TYPE ' "$TMP/pane.txt"
	check_err $? "no column titles on the screen"
	# while it runs: keys without Enter, no echo
	pane_tty=$(tmux_ display-message -p -t vswtop '#{pane_tty}')
	stty -a -F "$pane_tty" 2> /dev/null | grep -q -- '-icanon.*-echo '
	check_err $? "the terminal is not in non-canonical mode without echo while top runs"
	tmux_ send-keys -t vswtop q
	wait_until 2 tmux_gone
	check_err $? "top still runs 2 s after q"
	[ "$(cat "$TMP/top.rc" 2> /dev/null)" = 0 ]
	check_err $? "top exited '$(cat "$TMP/top.rc" 2> /dev/null)' after q, not 0"
	term_restored
	check_err $? "the terminal's modes not restored after q"
	[ "$RET" -eq 0 ] || grep -v '^$' "$TMP/pane.txt" | sed 's/^/# /'

	# SIGTERM: the terminal restored all the same, top dies of it
	term_start
	wait_until 5 pane_busy
	check_err $? "the second top did not show rates"
	pid=$(cat "$TMP/top.pid" 2> /dev/null)
	kill -TERM "$pid"
	wait_until 2 tmux_gone
	check_err $? "top still runs 2 s after SIGTERM"
	[ "$(cat "$TMP/top.rc" 2> /dev/null)" = 143 ]
	check_err $? "top exited '$(cat "$TMP/top.rc" 2> /dev/null)' after SIGTERM, not 143"
	term_restored
	check_err $? "the terminal's modes not restored after SIGTERM"
	traffic_stop
	tmux_ kill-server 2> /dev/null
	log_test "top on a terminal: the screen, q, the terminal restored (also after SIGTERM)"
}

flood_dropped()
{
	[ "$(counter port vm1p 'drops["mac-limit"]')" -gt "$MAC_LIMIT_BEFORE" ]
}

json_drops()
{
	local rc

	# security.sh's mac-limit: new source MACs beyond max-macs 1 (its own
	# MAC is known) are dropped and counted
	vswctl portgroup set sw0 pg mac-changes on &&
	vswctl port set vm1p max-macs 1
	check_err $? "could not set max-macs 1"
	MAC_LIMIT_BEFORE=$(counter port vm1p 'drops["mac-limit"]')
	# shellcheck disable=SC2086 # FRAME is a command and its script
	ip netns exec vm1 $FRAME eth0 --src "$FORGED" --dst "$BCAST" --vary-src 4 --duration 20 > /dev/null 2>&1 &
	FLOOD_PID=$!
	# python takes its time to start under TCG: top once the drops run
	wait_until 10 flood_dropped
	check_err $? "the flood from vm1 was not counted mac-limit"
	timeout 10 "$VSWCTL" -j top -b -n 2 -d 0.5 > "$TMP/top.json" 2> "$TMP/json.err"
	rc=$?
	timeout 10 "$VSWCTL" top -b -n 1 -d 0.5 sw0 > "$TMP/drops.txt" 2>&1
	kill "$FLOOD_PID" 2> /dev/null
	wait "$FLOOD_PID" 2> /dev/null
	FLOOD_PID=
	vswctl port set vm1p max-macs 0
	vswctl portgroup set sw0 pg mac-changes off

	[ "$rc" -eq 0 ]
	check_err $? "-j top -b -n 2 exited $rc: $(cat "$TMP/json.err")"
	[ "$(wc -l < "$TMP/top.json")" -eq 2 ]
	check_err $? "$(wc -l < "$TMP/top.json") lines for -n 2, not one JSON object each"
	jq -e -s 'length == 2 and all(.[]; (.time | type) == "number" and
		.interval > 0 and (.rows | length) == 3)' "$TMP/top.json" > /dev/null
	check_err $? "not two objects with time, interval and 3 rows"
	jq -e -s '[.[] | .rows[] | select(.name == "vm1p")] | length == 2 and
		all(.[]; .type == "port" and .portgroup == "pg" and .switch == "sw0" and
		.drops["mac-limit"] > 0 and .drops_ps >= .drops["mac-limit"] and
		.rx_pps > 0)' "$TMP/top.json" > /dev/null
	check_err $? "vm1p has no mac-limit drops/s: $(jq -c '.rows[] | select(.name == "vm1p")' "$TMP/top.json" | head -n 1)"
	jq -e -s 'all(.[] | .rows[] | select(.name == "up0");
		.type == "uplink" and .portgroup == "-" and .drops == {})' "$TMP/top.json" > /dev/null
	check_err $? "the uplink's row is wrong"
	jq -e -s 'all(.[]; [.rows[] | .rx_pps + .tx_pps] as $r | $r == ($r | sort | reverse)) and
		all(.[]; .rows[0].name == "vm1p")' "$TMP/top.json" > /dev/null
	check_err $? "rows not sorted by packets/s, the flooding port first"
	# the text's last column names the reason
	awk '$2 == "vm1p" && $9 > 0 && / mac-limit=[0-9]/ { ok = 1 } END { exit !ok }' "$TMP/drops.txt"
	check_err $? "no mac-limit=RATE on vm1p's row: $(grep vm1p "$TMP/drops.txt")"
	grep -q '^vswctl top .* switch sw0$' "$TMP/drops.txt"
	check_err $? "the header does not name the switch: $(head -n 1 "$TMP/drops.txt")"
	log_test "top -j: one JSON object per refresh, a drop reason's rate (mac-limit)"
}

bad_options()
{
	local t args re out rc

	# ARGS|what the message says
	for t in "-d 0|-d must be 0.1-86400 seconds, not '0'" \
		 "-d abc|-d must be 0.1-86400 seconds, not 'abc'" \
		 "-d 0.01|not '0.01'" "-d -1|not '-1'" \
		 "-n x|-n must be a count of 1 or more, not 'x'" \
		 "-n 0|not '0'" "-d|'-d' needs a value" \
		 "-q|unknown option '-q'" "sw0 sw1|one SWITCH, not 'sw1' too"; do
		args=${t%%|*}
		re=${t#*|}
		# shellcheck disable=SC2086
		out=$(timeout 5 "$VSWCTL" top $args 2>&1 > /dev/null)
		rc=$?
		[ "$rc" -eq 2 ]
		check_err $? "top $args exited $rc, not 2"
		echo "$out" | grep -qF -- "$re"
		check_err $? "top $args said '$out', not '$re'"
	done
	# a switch that does not exist: the kernel says so, exit 1
	out=$(timeout 5 "$VSWCTL" top -b -n 1 nosuch 2>&1 > /dev/null)
	rc=$?
	[ "$rc" -eq 1 ]
	check_err $? "top nosuch exited $rc, not 1"
	echo "$out" | grep -q "no switch nosuch"
	check_err $? "top nosuch said '$out'"
	log_test "top: bad -d, -n, options and switches refused (2; 1 for no such switch)"
}

trap cleanup EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
run_tests
