#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Issue 21: the Cockpit page (userspace/cockpit) in a real browser.
# cockpit-ws serves it here, in the test VM, from a logged-in root session
# (--local-session: no systemd, no login), with the module loaded and a
# switch made by vswctl; Debian's chromium, headless, driven by
# playwright-core (selftests/cockpit.mjs), checks that the page shows it,
# makes a portgroup, shows the kernel's refusal, turns a failed uplink red
# and sees a ping in the counters.  VSW_OUT=DIR keeps the screenshots
# (make screenshots: Documentation/images).
source "$(dirname "$0")/lib.sh"

WS_PORT=9090
SHARE=$TMP/share

setup()
{
	switch_add sw0 &&
	phys_add && uplink_add sw0 up0 && uplink_add sw0 up1 &&
	vswctl portgroup add sw0 prod vlan 10 teaming failover active up1 standby up0 &&
	vm_add vm1 sw0 prod 10.0.10.1/24 $M1 &&
	vm_add vm2 sw0 prod 10.0.10.2/24 $M2 &&
	vswctl port add sw0 prod vmk0 internal mac 02:00:00:00:0c:01 &&
	vswctl pvlan add sw0 100 &&
	learn_all vm1 vm2
}

# the page where cockpit-bridge looks for packages (XDG_DATA_DIRS): the
# files make install puts in /usr/share/cockpit/vswitch
page_install()
{
	local f

	mkdir -p "$SHARE/cockpit/vswitch"
	for f in manifest.json index.html vswitch.js vswitch.css vswitch-pf.css.gz; do
		ln -sf "$top/userspace/cockpit/$f" "$SHARE/cockpit/vswitch/$f" || return 1
	done
}

# libvirt's virsh, as far as the page asks it (the VM has no libvirtd):
# domain web1 has vm1p
fake_virsh()
{
	mkdir -p "$TMP/bin"
	cat > "$TMP/bin/virsh" <<-'EOT'
	#!/bin/sh
	case "$*" in
	"-r list --name") printf 'web1\n\n' ;;
	"-r domiflist web1")
		printf ' Interface   Type       Source   Model    MAC\n'
		printf -- '-------------------------------------------------------\n'
		printf ' vm1p        ethernet   -        virtio   02:00:00:00:00:01\n\n' ;;
	*) exit 1 ;;
	esac
	EOT
	chmod +x "$TMP/bin/virsh"
}

ws_start()
{
	ip link set lo up
	fake_virsh
	# lldpd's answer (lag_lldp.sh has the real one): up0's neighbour
	echo '{"lldp":[{"interface":[{"name":"up0","chassis":[{"name":[{"value":"tor1"}]}],"port":[{"id":[{"value":"Ethernet1/7"}]}]}]}]}' \
		> "$TMP/lldp.json"
	VSWITCH_LLDPCLI="cat $TMP/lldp.json" \
	XDG_DATA_DIRS=$SHARE:/usr/share PATH=$TMP/bin:$top/userspace:$PATH \
		/usr/lib/cockpit/cockpit-ws --no-tls --address 127.0.0.1 --port $WS_PORT \
		--local-session=/usr/bin/cockpit-bridge > "$TMP/ws.log" 2>&1 &
	echo $! > "$TMP/ws.pid"
	wait_until 20 curl -sf -o /dev/null "http://127.0.0.1:$WS_PORT/cockpit/@localhost/vswitch/manifest.json"
}

ws_stop()
{
	kill "$(cat "$TMP/ws.pid" 2>/dev/null)" 2>/dev/null
	pkill -f "$top/userspace/vswctl -j (monitor|top)" 2>/dev/null
	cleanup_objects
}

echo "KTAP version 1"
# One kernel is enough: the page talks to vswctl only, and what it shows
# of the kernel (events, counters) is tested on both by events.sh,
# security.sh and the rest; CI's time goes to what differs between them.
case "$(uname -r)" in
6.12.*) ;;
*) echo "1..0 # SKIP the page is tested on 6.12 only"; exit 0 ;;
esac
echo "1..7"
trap ws_stop EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
page_install && ws_start ||
	{ echo "Bail out! cockpit-ws did not serve the page: $(tail -n 3 "$TMP/ws.log")"; exit 1; }
mkdir -p "$TMP/shots"
SHOTS=${VSW_OUT:-$TMP/shots} VSWCTL=$VSWCTL HOME=$TMP \
	timeout 400 node "$top/selftests/cockpit.mjs" \
	"http://127.0.0.1:$WS_PORT/cockpit/@localhost/vswitch/index.html" 2>&1
