#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: a small host.  One switch with an uplink to a simulated
# physical switch, portgroups on VLAN 10 and 20 with two VMs each; then
# which pings cross and which cannot.
cd "$(dirname "$0")" || exit 1
source ./lib.sh
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
modprobe psample; modprobe vxlan	# vswitch.ko needs them; insmod does not load them
insmod "$top/kmod/vswitch.ko" || exit 1
trap cleanup_objects EXIT

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { echo "# $*"; "$@"; }

say "Build the host"
run vswctl switch add vsw0
run vswctl portgroup add vsw0 web vlan 10
run vswctl portgroup add vsw0 db vlan 20
phys_add > /dev/null
phys_host 10 10.0.10.254/24; phys_host 20 10.0.20.254/24
echo "# vswctl uplink add vsw0 up0        (far side: a vlan-filtering bridge)"
uplink_add vsw0 up0
SWITCHES+=(vsw0)
for vm in web1:web:10.0.10.1 web2:web:10.0.10.2 db1:db:10.0.20.1 db2:db:10.0.20.2; do
	IFS=: read -r name pg ip <<< "$vm"
	echo "# vswctl port add vsw0 $pg ${name}p      (VM $name, $ip)"
	vm_add "$name" vsw0 "$pg" "$ip/24"
done

say "vswctl switch show"
vswctl switch show
say "vswctl port show"
vswctl port show

try()
{
	local from=$1 to=$2 what=$3

	if ping_ok "$from" "$to"; then
		printf '  %-6s -> %-12s  %-32s crosses\n' "$from" "$to" "($what)"
	else
		printf '  %-6s -> %-12s  %-32s cannot\n' "$from" "$to" "($what)"
	fi
}

say "Pings"
try web1 10.0.10.2 "VLAN 10, inside the host"
try db1 10.0.20.2 "VLAN 20, inside the host"
try web1 10.0.10.254 "VLAN 10, via the tagged uplink"
try db2 10.0.20.254 "VLAN 20, via the tagged uplink"
ip -n db1 addr add 10.0.10.99/24 dev eth0
try web1 10.0.10.99 "to VLAN 20 (same subnet!)"
ip -n db1 addr del 10.0.10.99/24 dev eth0

say "vswctl fdb show vsw0"
vswctl fdb show vsw0
say "vswctl -s uplink show"
vswctl -s uplink show
cleanup_objects
rmmod vswitch
