#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a VM host runs around vswctl: the qemu ifup/ifdown scripts and the
# libvirt hook attach a guest's tap to its portgroup at start and detach it
# at stop; make install and uninstall put every file in place and take it
# away again.
ALL_TESTS="qemu_ifup_env qemu_ifup_map qemu_ifup_cmdline qemu_ifup_unknown
	   libvirt_hook install_uninstall"
source "$(dirname "$0")/lib.sh"

HOOKS=$top/userspace/hooks
export VSWCTL

setup()
{
	switch_add sw0 && vswctl portgroup add sw0 prod vlan 10
}

# /dev/net/tun appears when the tun module loads (no udev in the test VM)
modprobe tun 2> /dev/null

tap_add()
{
	ip tuntap add mode tap name "$1" && LINKS+=("$1")
}

port_pg() { vswctl -j port show | jq -r ".[] | select(.name == \"$1\") | .portgroup"; }
port_mac() { vswctl -j port show | jq -r ".[] | select(.name == \"$1\") | .mac"; }

qemu_ifup_env()
{
	setup && tap_add tap0
	check_err $? "setup failed"
	VSWITCH_PORTGROUP=sw0/prod "$HOOKS/qemu-ifup" tap0
	check_err $? "qemu-ifup failed"
	[ "$(port_pg tap0)" = prod ]
	check_err $? "tap0 is not a port of prod"
	ip -j link show tap0 | jq -e ".[0].flags | index(\"UP\")" > /dev/null
	check_err $? "tap0 not up"
	"$HOOKS/qemu-ifdown" tap0
	check_err $? "qemu-ifdown failed"
	[ -z "$(port_pg tap0)" ]
	check_err $? "tap0 still a port after qemu-ifdown"
	cleanup_objects
	log_test "qemu-ifup/ifdown with VSWITCH_PORTGROUP"
}

qemu_ifup_map()
{
	setup && tap_add tap1
	check_err $? "setup failed"
	printf '# tap switch portgroup [mac]\nother sw0 prod\ntap1 sw0 prod 52:54:00:00:00:01\n' > "$TMP/ports"
	VSWITCH_PORTS=$TMP/ports "$HOOKS/qemu-ifup" tap1
	check_err $? "qemu-ifup with a map file failed"
	[ "$(vswctl -j port show | jq -r '.[] | select(.name == "tap1") | .mac')" = 52:54:00:00:00:01 ]
	check_err $? "tap1 not attached with its MAC"
	cleanup_objects
	log_test "qemu-ifup with /etc/vswitch/qemu-ports"
}

# qemu runs its ifup script as its child: the guest MAC of the NIC on the
# tap is on qemu's command line, in both of its spellings
qemu_ifup_cmdline()
{
	setup && tap_add tap3 && tap_add tap4 && tap_add tap5
	check_err $? "setup failed"
	# a stand-in for qemu whose argv is qemu's
	VSWITCH_PORTGROUP=sw0/prod python3 -c 'import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:3]))' \
		"$HOOKS/qemu-ifup" tap3 -m 512 \
		-netdev tap,id=n1,ifname=tap9 -device virtio-net-pci,netdev=n1,mac=52:54:00:00:00:09 \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:00:00:03 \
		-netdev tap,id=n0,ifname=tap3,script=/x
	check_err $? "qemu-ifup failed under a -netdev/-device command line"
	[ "$(port_mac tap3)" = 52:54:00:00:00:03 ]
	check_err $? "tap3's MAC is '$(port_mac tap3)', not the -device's 52:54:00:00:00:03"
	VSWITCH_PORTGROUP=sw0/prod python3 -c 'import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:3]))' \
		"$HOOKS/qemu-ifup" tap4 -nic tap,ifname=tap4,model=virtio,mac=52:54:00:00:00:04
	check_err $? "qemu-ifup failed under a -nic command line"
	[ "$(port_mac tap4)" = 52:54:00:00:00:04 ]
	check_err $? "tap4's MAC is '$(port_mac tap4)', not the -nic's"
	VSWITCH_PORTGROUP=sw0/prod python3 -c 'import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:3]))' \
		"$HOOKS/qemu-ifup" tap5 -netdev tap,id=n0 -device e1000,netdev=n0
	check_err $? "qemu-ifup failed without a MAC on the command line"
	[ "$(port_mac tap5)" = - ]
	check_err $? "tap5 got MAC '$(port_mac tap5)' from nowhere"
	cleanup_objects
	log_test "qemu-ifup takes the guest MAC from qemu's command line"
}

qemu_ifup_unknown()
{
	local out

	setup && tap_add tap2
	out=$(VSWITCH_PORTS=/nonexistent "$HOOKS/qemu-ifup" tap2 2>&1)
	check_fail $? "qemu-ifup succeeded without a portgroup"
	echo "$out" | grep -q "no portgroup for tap2"
	check_err $? "unclear message: $out"
	out=$(VSWITCH_PORTGROUP=sw0/nope "$HOOKS/qemu-ifup" tap2 2>&1)
	check_fail $? "qemu-ifup succeeded with an unknown portgroup"
	echo "$out" | grep -q "no portgroup nope"
	check_err $? "the kernel's reason was not shown: $out"
	cleanup_objects
	log_test "qemu-ifup without a known portgroup fails, saying why"
}

domain_xml()
{
	cat <<-XML
	<domain type="kvm">
	  <name>web1</name>
	  <metadata>
	    <vswitch:ports xmlns:vswitch="https://vswitch.example/xmlns/1">
	      <vswitch:port dev="web1-eth0" switch="sw0" portgroup="prod"/>
	      <vswitch:port dev="web1-eth1" switch="sw0" portgroup="prod" mac="52:54:00:00:00:02"/>
	    </vswitch:ports>
	  </metadata>
	  <devices>
	    <interface type="ethernet"><mac address="52:54:00:00:00:01"/><target dev="web1-eth0"/></interface>
	    <interface type="ethernet"><mac address="52:54:00:00:00:99"/><target dev="web1-eth1"/></interface>
	  </devices>
	</domain>
	XML
}

libvirt_hook()
{
	setup && tap_add web1-eth0 && tap_add web1-eth1
	check_err $? "setup failed"
	domain_xml | "$HOOKS/libvirt-hook" web1 prepare begin -
	check_err $? "the hook failed on prepare"
	[ -z "$(port_pg web1-eth0)" ]
	check_err $? "attached before the domain started"
	domain_xml | "$HOOKS/libvirt-hook" web1 started begin -
	check_err $? "the hook failed on started"
	[ "$(port_pg web1-eth0)" = prod ] && [ "$(port_pg web1-eth1)" = prod ]
	check_err $? "the domain's taps were not attached"
	[ "$(port_mac web1-eth0)" = 52:54:00:00:00:01 ]
	check_err $? "web1-eth0 has MAC '$(port_mac web1-eth0)', not its interface's"
	[ "$(port_mac web1-eth1)" = 52:54:00:00:00:02 ]
	check_err $? "web1-eth1 has MAC '$(port_mac web1-eth1)', not the metadata's"
	domain_xml | "$HOOKS/libvirt-hook" web1 reconnect begin -
	check_err $? "reconnect (libvirtd restarted) failed on attached taps"
	domain_xml | "$HOOKS/libvirt-hook" web1 stopped end -
	[ -z "$(port_pg web1-eth0)$(port_pg web1-eth1)" ]
	check_err $? "the taps were not detached at stop"
	cleanup_objects
	log_test "the libvirt hook attaches a domain's taps at start, detaches at stop"
}

install_uninstall()
{
	local d=$TMP/root n

	rm -rf "$d"
	make -s -C "$top" install DESTDIR="$d" > /dev/null
	check_err $? "make install failed"
	for f in usr/local/sbin/vswctl usr/local/share/man/man8/vswctl.8 \
		 usr/local/share/bash-completion/completions/vswctl \
		 usr/local/libexec/vswitch/qemu-ifup usr/local/libexec/vswitch/qemu-ifdown \
		 usr/local/libexec/vswitch/libvirt-hook etc/systemd/system/vswitch.service \
		 usr/local/sbin/vswitch-ipfixd etc/systemd/system/vswitch-ipfix.service \
		 etc/systemd/system/vswitch-metrics.service \
		 etc/systemd/system/vswitch-metrics.timer \
		 usr/local/share/doc/vswitch/grafana-dashboard.json \
		 usr/share/cockpit/vswitch/manifest.json usr/share/cockpit/vswitch/vswitch.js \
		 usr/share/cockpit/vswitch/vswitch-pf.css.gz \
		 "lib/modules/$(uname -r)/extra/vswitch.ko"; do
		[ -e "$d/$f" ] || { check_err 1 "make install did not install $f"; break; }
	done
	[ "$(readlink "$d/etc/libvirt/hooks/qemu.d/vswitch")" = /usr/local/libexec/vswitch/libvirt-hook ]
	check_err $? "the libvirt hook is not linked"
	grep -q "ExecStart=/bin/sh -c 'test ! -s /etc/vswitch/config.json || /usr/local/sbin/vswctl apply" \
		"$d/etc/systemd/system/vswitch.service"
	check_err $? "the unit does not restore the configuration with the installed vswctl"
	"$d/usr/local/sbin/vswctl" --help > /dev/null 2>&1
	check_err $? "the installed vswctl does not run"
	make -s -C "$top" uninstall DESTDIR="$d" > /dev/null
	check_err $? "make uninstall failed"
	n=$(find "$d" -type f -o -type l | wc -l)
	[ "$n" = 0 ]
	check_err $? "make uninstall left $n files: $(find "$d" -type f -o -type l | head -n 3)"
	log_test "make install puts every file in place, uninstall removes them"
}

trap cleanup_objects EXIT
run_tests
