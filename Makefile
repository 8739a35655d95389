# SPDX-License-Identifier: GPL-2.0
#
# vswitch: make            build kmod/vswitch.ko and userspace/vswctl
#          make check      build, boot a VM, run every selftest (KTAP)
#          make demo       boot a VM and show a small host at work
KVER ?= $(shell ls /boot/vmlinuz-* 2>/dev/null | sed 's|/boot/vmlinuz-||' | sort -V | tail -n1)
KDIR ?= /lib/modules/$(KVER)/build
export KVER

all: module vswctl

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	@cp -f vswitch.ko kmod/vswitch.ko

vswctl:
	$(MAKE) -C userspace

deps:
	@scripts/install-deps

check: deps all
	selftests/check

demo: deps all
	selftests/vm/run --timeout 600 selftests/demo.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -f kmod/vswitch.ko
	$(MAKE) -C userspace clean

.PHONY: all module vswctl deps check demo clean
