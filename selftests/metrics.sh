#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 21, for administrators: `vswctl switch show -t` (the topology as a
# tree, as esxcfg-vswitch -l), and `vswctl metrics` (Prometheus's text
# format) served by Debian's node_exporter through its textfile collector,
# scraped with curl: the values are the traffic sent; the systemd unit's
# command and the Grafana dashboard's queries are checked against it.
ALL_TESTS="tree metrics_values node_exporter unit_and_dashboard bad_input"
source "$(dirname "$0")/lib.sh"

FORGED=02:00:00:00:00:f1
TEXTFILE=$TMP/textfile
PORT=19100

setup()
{
	switch_add sw0 &&
	phys_add && uplink_add sw0 up0 && uplink_add sw0 up1 &&
	vswctl portgroup add sw0 prod vlan 10 teaming failover active up1 standby up0 &&
	vswctl portgroup add sw0 dev vlan trunk 20-29,40 &&
	vm_add vm1 sw0 prod 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 prod 10.0.10.2/24 $M2 &&
	vswctl port add sw0 prod vmk0 internal mac 02:00:00:00:0c:01 &&
	switch_add sw1 &&
	# an overlay on sw1 (its VTEP on a dummy): its counters in metrics
	ip link add ovl0 type dummy && LINKS+=(ovl0) &&
	ip addr add 192.0.2.1/24 dev ovl0 && ip link set ovl0 up &&
	vswctl overlay set sw1 local 192.0.2.1 &&
	learn_all vm1 vm2
}

tree()
{
	local out

	# the C locale: the ASCII branches, the text exactly
	LC_ALL=C vswctl switch show -t sw0 > "$TMP/tree.txt"
	check_err $? "switch show -t failed"
	cat > "$TMP/tree.expected" <<-EOT
	sw0  mtu 1500  macs 3/131072
	|- uplinks
	|  |- up0              up, carrying traffic
	|  \`- up1              up, carrying traffic
	|- portgroup prod  vlan 10  3 ports  teaming failover  active up1  standby up0  using up1
	|  |- vm1p             vm  uplink up1
	|  |- vm2p             vm  uplink up1
	|  \`- vmk0             internal  02:00:00:00:0c:01  uplink up1
	\`- portgroup dev  vlan trunk 20-29,40  0 ports  teaming portid  using up0,up1
	EOT
	diff -u "$TMP/tree.expected" "$TMP/tree.txt" | sed 's/^/# /'
	cmp -s "$TMP/tree.expected" "$TMP/tree.txt"
	check_err $? "the tree differs from the expected one (diff above)"

	# a UTF-8 locale draws it with box characters; an overlay is sw1's
	# one way out
	out=$(LC_ALL=C.UTF-8 vswctl switch show -t)
	grep -q "└─ portgroup dev" <<< "$out" &&
		grep -A2 "^sw1 " <<< "$out" | grep -q "└─ overlay .* local 192.0.2.1 "
	check_err $? "UTF-8 tree or sw1's overlay missing: $out"

	# -j is show's JSON, -t or not
	cmp -s <(vswctl -j switch show) <(vswctl -j switch show -t)
	check_err $? "-j switch show -t is not -j switch show"
	log_test "switch show -t: one tree per switch, uplinks with state, portgroups with ports"
}

# sample NAME LABELS: the value of one sample of `vswctl metrics` (LABELS:
# the text between the braces, exactly)
sample()
{
	awk -v k="vswitch_$1{$2}" '$1 == k { print $2 }' "$TMP/metrics.txt"
}

# scraped FILE NAME LABEL=VALUE...: the value of the sample of NAME with
# those labels in a scrape (node_exporter sorts the labels its own way)
scraped()
{
	local f=$1 name=$2

	shift 2
	awk -v name="$name" -v want="$*" '
	index($1, name "{") == 1 {
		n = split(want, w, " ")
		for (i = 1; i <= n; i++) {
			split(w[i], kv, "=")
			if (index($1, kv[1] "=\"" kv[2] "\"") == 0) next
		}
		print $2
	}' "$f"
}

metrics_values()
{
	local l rx

	n vm1 ping -q -c 5 -i 0.1 10.0.10.2 > /dev/null
	check_err $? "vm1 does not reach vm2"
	n vm1 $FRAME eth0 --src $FORGED --dst $BCAST --count 4
	vswctl metrics > "$TMP/metrics.txt"
	check_err $? "vswctl metrics failed"

	l='switch="sw0",portgroup="prod",port="vm1p"'
	rx=$(counter port vm1p rx_packets)
	[ "$(sample port_rx_packets_total "$l")" = "$rx" ] && [ "$rx" -ge 9 ]
	check_err $? "port rx packets: $(sample port_rx_packets_total "$l"), vswctl -s says $rx"
	[ "$(sample port_drops_total "$l,reason=\"forged\"")" = 4 ]
	check_err $? "forged drops of vm1p: $(sample port_drops_total "$l,reason=\"forged\""), not 4"
	[ "$(sample port_tx_bytes_total "$l")" = "$(counter port vm1p tx_bytes)" ]
	check_err $? "port tx bytes differ from vswctl -s"
	# (vmk0's configured MAC is one of sw0's three)
	[ "$(sample macs 'switch="sw0"')" = 3 ] && [ "$(sample macs 'switch="sw1"')" = 0 ]
	check_err $? "MAC table gauges wrong"
	# (dev, a portid team of both, keeps up0 carrying too)
	[ "$(sample uplink_up 'switch="sw0",uplink="up0"')" = 1 ] &&
	[ "$(sample uplink_active 'switch="sw0",uplink="up1"')" = 1 ] &&
	[ "$(sample uplink_active 'switch="sw0",uplink="up0"')" = 1 ] &&
	[ "$(sample port_active_uplink "$l,uplink=\"up1\"")" = 1 ] &&
	[ -z "$(sample port_active_uplink "$l,uplink=\"up0\"")" ]
	check_err $? "uplink state or active uplink gauges wrong"
	# a failed uplink: 0, and not carrying
	ip -n phys link set up0f down
	wait_until 5 bash -c "$VSWCTL -j uplink show sw0 | grep -q '\"name\":\"up0\",\"state\":\"down\"'"
	vswctl metrics > "$TMP/metrics.txt"
	ip -n phys link set up0f up
	[ "$(sample uplink_up 'switch="sw0",uplink="up0"')" = 0 ] &&
	[ "$(sample uplink_active 'switch="sw0",uplink="up0"')" = 0 ]
	check_err $? "up0 with its carrier gone: up $(sample uplink_up 'switch="sw0",uplink="up0"'), active $(sample uplink_active 'switch="sw0",uplink="up0"')"
	wait_until 5 bash -c "$VSWCTL -j uplink show sw0 | grep -q '\"name\":\"up0\",\"state\":\"up\"'"
	vswctl metrics > "$TMP/metrics.txt"
	[ "$(sample portgroup_ports 'switch="sw0",portgroup="dev",vlan="trunk"')" = 0 ]
	check_err $? "portgroup gauge wrong"

	# the format: HELP and TYPE once per metric, before its samples, which
	# are together; every sample NAME{LABELS} VALUE; counters end _total
	awk '
	/^# HELP / { if (help[$3]++) bad = "two HELP lines for " $3; next }
	/^# TYPE / { if (type[$3]++) bad = "two TYPE lines for " $3
		     t[$3] = $4; cur = $3; next }
	{
		name = $1; sub(/\{.*/, "", name)
		if ($0 !~ /^vswitch_[a-z_]+(\{[^}]*\})? [0-9]+$/) bad = "bad line: " $0
		if (name != cur) bad = name " outside its block"
		if (t[name] == "counter" && name !~ /_total$/) bad = name " is a counter without _total"
	}
	END { if (bad) { print bad; exit 1 } }' "$TMP/metrics.txt" > "$TMP/fmt.err"
	check_err $? "exposition format: $(cat "$TMP/fmt.err")"
	[ "$(grep -c '^vswitch_uplink_drops_total{switch="sw0",uplink="up0",reason=' "$TMP/metrics.txt")" -ge 15 ]
	check_err $? "not a drop counter per reason for uplink up0"
	log_test "metrics: Prometheus text, values equal to the traffic and drops sent"
}

node_exporter()
{
	local pid l before v

	mkdir -p "$TEXTFILE"
	ip link set lo up
	prometheus-node-exporter --web.listen-address=127.0.0.1:$PORT \
		--collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$TEXTFILE" \
		> "$TMP/ne.log" 2>&1 &
	pid=$!
	wait_until 10 curl -sf -o /dev/null http://127.0.0.1:$PORT/metrics
	check_err $? "node_exporter did not start: $(tail -n 3 "$TMP/ne.log")"

	l="switch=sw0 portgroup=prod port=vm2p"
	n vm1 ping -q -c 7 -i 0.1 10.0.10.2 > /dev/null
	# a port whose name is not UTF-8 (a netdev name may be any bytes):
	# one label like that would make node_exporter refuse the file
	ip link add $'odd\xe9' type veth peer name oddf && LINKS+=($'odd\xe9') &&
	vswctl port add sw0 dev $'odd\xe9'
	check_err $? "a port named odd\\xe9"
	vswctl metrics -o "$TEXTFILE/vswitch.prom"
	check_err $? "metrics -o failed"
	grep -q '^vswitch_up 1$' "$TEXTFILE/vswitch.prom"
	check_err $? "no vswitch_up 1"
	before=$(counter port vm2p tx_packets)
	curl -sf http://127.0.0.1:$PORT/metrics > "$TMP/scrape.txt"
	check_err $? "scrape failed"
	grep -q '^node_textfile_scrape_error 0$' "$TMP/scrape.txt"
	check_err $? "node_exporter could not read the file: $(grep textfile "$TMP/scrape.txt" | head -n 3)"
	v=$(scraped "$TMP/scrape.txt" vswitch_port_tx_packets_total $l)
	[ "$v" = "$before" ] && [ "$before" -ge 7 ]
	check_err $? "scraped tx of vm2p $v, the switch counts $before"
	v=$(scraped "$TMP/scrape.txt" vswitch_port_drops_total $l reason=forged)
	[ "$v" = 0 ]
	check_err $? "vm2p's forged drops in the scrape: '$v', not 0"

	# another round: the file replaced whole, node_exporter follows
	n vm1 ping -q -c 3 -i 0.1 10.0.10.2 > /dev/null
	vswctl metrics -o "$TEXTFILE/vswitch.prom"
	curl -sf http://127.0.0.1:$PORT/metrics > "$TMP/scrape.txt"
	v=$(scraped "$TMP/scrape.txt" vswitch_port_tx_packets_total $l)
	[ "${v:-0}" -ge $((before + 3)) ]
	check_err $? "second scrape $v, not >= $((before + 3))"
	[ "$(ls "$TEXTFILE")" = vswitch.prom ]
	check_err $? "metrics -o left files behind: $(ls "$TEXTFILE")"
	# the switches cannot be read: the file says so, whole
	! vswctl metrics nosuch -o "$TEXTFILE/vswitch.prom" 2> /dev/null &&
	grep -q '^vswitch_up 0$' "$TEXTFILE/vswitch.prom" &&
	! grep -q '^vswitch_port' "$TEXTFILE/vswitch.prom"
	check_err $? "a failed read did not write vswitch_up 0: $(head -c 300 "$TEXTFILE/vswitch.prom")"
	curl -sf http://127.0.0.1:$PORT/metrics | grep -q '^vswitch_up 0$'
	check_err $? "node_exporter does not serve vswitch_up 0"
	vswctl port del $'odd\xe9'
	kill "$pid"
	wait "$pid" 2> /dev/null
	log_test "metrics: node_exporter's textfile collector serves them, scraped with curl"
}

unit_and_dashboard()
{
	local cmd unit=$top/userspace/hooks/vswitch-metrics.service
	local dash=$top/userspace/grafana-dashboard.json

	# the service's command, as make install writes it, run here
	cmd=$(sed -n 's/^ExecStart=//p' "$unit" |
		sed "s|@SBINDIR@|$top/userspace|; s|/var/lib/prometheus/node-exporter|$TEXTFILE|")
	rm -f "$TEXTFILE/vswitch.prom"
	$cmd
	grep -q '^vswitch_port_rx_packets_total{switch="sw0"' "$TEXTFILE/vswitch.prom"
	check_err $? "the unit's command ($cmd) did not write the file"
	grep -q '^OnUnitActiveSec=' "$top/userspace/hooks/vswitch-metrics.timer"
	check_err $? "no timer"

	# every query of the dashboard names metrics vswctl prints
	jq -e '.panels | length > 0' "$dash" > /dev/null
	check_err $? "the dashboard is not JSON with panels"
	jq -r '.. | .expr? // empty' "$dash" | grep -o 'vswitch_[a-z_]*' | sort -u |
	while read -r m; do
		grep -q "^$m{" "$TEXTFILE/vswitch.prom" || echo "$m"
	done > "$TMP/unknown"
	[ -s "$TMP/unknown" ] && echo "# the dashboard asks for $(cat "$TMP/unknown")"
	[ ! -s "$TMP/unknown" ] &&
		[ "$(jq -r '.. | .expr? // empty' "$dash" | wc -l)" -ge 4 ]
	check_err $? "dashboard queries name unknown metrics or are missing"
	log_test "metrics: the systemd unit's command and the Grafana dashboard's queries"
}

bad_input()
{
	local rc

	vswctl metrics a b > /dev/null 2>&1; rc=$?
	[ $rc -eq 2 ]
	check_err $? "two switch names: exit $rc, not 2"
	vswctl -j metrics > /dev/null 2>&1; rc=$?
	[ $rc -eq 2 ]
	check_err $? "-j metrics: exit $rc, not 2"
	vswctl metrics -o "$TMP/nodir/x.prom" 2> "$TMP/err"; rc=$?
	[ $rc -eq 1 ] && grep -q "nodir" "$TMP/err"
	check_err $? "-o into a missing directory: exit $rc, $(cat "$TMP/err")"
	vswctl metrics nosuch > /dev/null 2> "$TMP/err"; rc=$?
	[ $rc -eq 1 ] && [ -s "$TMP/err" ]
	check_err $? "metrics of a missing switch: exit $rc"
	vswctl switch show -t sw0 sw1 > /dev/null 2>&1; rc=$?
	[ $rc -eq 2 ]
	check_err $? "show -t with two names: exit $rc, not 2"
	log_test "metrics and show -t: bad input refused"
}

trap cleanup_objects EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
run_tests
