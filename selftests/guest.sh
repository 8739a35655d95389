#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A real guest (make check-guest): inside the test VM, qemu boots a busybox
# guest whose virtio-net NIC is a tap that the qemu-ifup hook joins to a
# portgroup; a VM of that portgroup pings the guest, and the guest's
# traffic is counted on its port.  Nested TCG is slow: this is not part of
# make check (Documentation/testing.md says how long it takes).
ALL_TESTS="guest_on_portgroup"
source "$(dirname "$0")/lib.sh"

GUEST_IP=10.0.10.9
GUEST_MAC=52:54:00:00:00:09

modprobe tun 2> /dev/null

# the guest boots a packaged kernel: the running one, or (a debug kernel
# built into one image has neither /boot nor modules) the newest in /boot
GKVER=$(uname -r)
if [ ! -e "/boot/vmlinuz-$GKVER" ]; then
	GKVER=$(ls /boot/vmlinuz-* 2> /dev/null | sed 's|/boot/vmlinuz-||' |
		sort -V | tail -n1)
fi

# the guest's initramfs: busybox, virtio-net, an address, then wait
guest_initrd()
{
	local d=$TMP/ginit m f

	rm -rf "$d"
	mkdir -p "$d"/{bin,dev,proc,sys,modules}
	cp "$(command -v busybox)" "$d/bin/busybox"
	for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev \
		 virtio_pci failover net_failover virtio_net; do
		f=$(find "/lib/modules/$GKVER/kernel" -name "$m.ko*" | head -n1)
		[ -n "$f" ] || continue
		case "$f" in
		*.xz) xz -dc "$f" > "$d/modules/$m.ko" ;;
		*.zst) zstd -qdc "$f" > "$d/modules/$m.ko" ;;
		*) cp "$f" "$d/modules/$m.ko" ;;
		esac
		echo "$m" >> "$d/modules/order"
	done
	cat > "$d/init" <<-INIT
	#!/bin/busybox sh
	/bin/busybox --install -s /bin
	mount -t proc proc /proc; mount -t sysfs sysfs /sys
	mount -t devtmpfs dev /dev
	for m in \$(cat /modules/order); do insmod /modules/\$m.ko; done
	ip link set lo up; ip link set eth0 up
	ip addr add $GUEST_IP/24 dev eth0
	echo GUEST-UP
	# speak once, so that the switch learns the guest's MAC
	ping -c 1 -W 1 10.0.10.1 > /dev/null 2>&1
	echo GUEST-PINGED
	sleep 3600
	INIT
	chmod +x "$d/init"
	(cd "$d" && find . | cpio -o -H newc --quiet | gzip -1) > "$TMP/ginitrd.gz"
}

guest_on_portgroup()
{
	local start t i

	switch_add sw0 && vswctl portgroup add sw0 v10 vlan 10 &&
	vm_add vm1 sw0 v10 10.0.10.1/24 "$M1"
	check_err $? "setup failed"
	guest_initrd
	start=$(date +%s)
	# qemu64, not max: TCG inside TCG mis-emulated max's 5-level paging
	# now and then (a double fault in the guest's early boot, before any
	# device: CI of 2026-12-01); the guest needs no CPU feature
	VSWITCH_PORTGROUP=sw0/v10/$GUEST_MAC VSWCTL=$VSWCTL \
	qemu-system-x86_64 -machine q35,accel=tcg -cpu qemu64 -m 256 -smp 1 \
		-nodefaults -display none -no-reboot \
		-serial file:"$TMP/guest.log" \
		-kernel "/boot/vmlinuz-$GKVER" -initrd "$TMP/ginitrd.gz" \
		-append "console=ttyS0 quiet panic=-1" \
		-netdev tap,id=n0,ifname=gtap0,script=$top/userspace/hooks/qemu-ifup,downscript=$top/userspace/hooks/qemu-ifdown \
		-device virtio-net-pci,netdev=n0,mac=$GUEST_MAC &
	QEMU=$!
	wait_until 20 bash -c "$VSWCTL port show | grep -q gtap0"
	check_err $? "the qemu-ifup hook did not attach the guest's tap"
	for i in $(seq 400); do
		grep -q GUEST-PINGED "$TMP/guest.log" 2>/dev/null && break
		kill -0 $QEMU 2> /dev/null || break
		sleep 1
	done
	t=$(($(date +%s) - start))
	if ! grep -q GUEST-UP "$TMP/guest.log"; then
		# the guest's own report, whole: a panic's first lines say why
		sed -n '/BUG\|Oops\|RIP:\|invalid opcode\|panic/,$p' \
			"$TMP/guest.log" | head -n 80 | sed 's/^/# guest: /'
		check_err 1 "the guest did not come up in ${t}s: $(tail -n 3 "$TMP/guest.log")"
		kill $QEMU 2> /dev/null; wait $QEMU 2> /dev/null
		cleanup_objects
		log_test "a qemu guest on a tap joined by qemu-ifup answers a VM's ping"
		return
	fi
	echo "# guest up after ${t}s"
	n vm1 ping -c 3 -i 0.5 -W 5 $GUEST_IP > /dev/null
	check_err $? "vm1 cannot ping the guest"
	[ "$(counter port gtap0 rx_packets)" -ge 3 ]
	check_err $? "the guest's port counted no traffic"
	kill $QEMU; wait $QEMU 2> /dev/null
	wait_until 10 bash -c "! $VSWCTL port show | grep -q gtap0"
	check_err $? "the tap stayed a port after qemu stopped"
	cleanup_objects
	log_test "a qemu guest on a tap joined by qemu-ifup answers a VM's ping"
}

QEMU=
trap '[ -n "$QEMU" ] && kill $QEMU 2>/dev/null; cleanup_objects' EXIT
run_tests
