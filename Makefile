# SPDX-License-Identifier: GPL-2.0
#
# vswitch: make            build kmod/vswitch.ko, userspace/vswctl and vswitch-ipfixd
#          make check      build, boot a VM, run every selftest (KTAP)
#          make check-build  build against every 6.1 and 6.12 release's headers
#          make check-debug  the same on a debug kernel (KASAN, kmemleak...)
#          make check-guest  a real qemu guest on a portgroup (nested, slow)
#          make bench      the benchmark (Documentation/bench.md), bench/results.json
#          make demo       boot a VM and show a small host at work
#          make install    (and uninstall, dkms-install, dkms-uninstall)
#
# KVER: a release, a series (KVER=6.1, KVER=6.12) or empty for the newest
# installed kernel.  scripts/kver resolves it to the release (KREL); the VM
# scripts resolve it the same way.
KREL := $(shell scripts/kver $(KVER) 2>/dev/null)
KDIR ?= /lib/modules/$(KREL)/build
export KVER

all: module vswctl

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	@cp -f vswitch.ko kmod/vswitch.ko

vswctl:
	$(MAKE) -C userspace

deps:
	@scripts/install-deps
	@$(MAKE) -s userspace/cockpit/node_modules

# the Cockpit page's build and browser-test tools, as package-lock.json pins
# them (npm ci: exactly those, every time the lock changes)
userspace/cockpit/node_modules: userspace/cockpit/package-lock.json
	cd userspace/cockpit && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# the page's PatternFly styles again from the pinned package (checked in;
# run after changing build.mjs or the lock)
cockpit-css: userspace/cockpit/node_modules
	cd userspace/cockpit && npm run -s build

# the screenshots of Documentation/images, from the browser test in the VM
screenshots: deps all
	VSW_TESTS=selftests/cockpit.sh VSW_OUT=$(CURDIR)/Documentation/images selftests/check

# checkpatch.pl from Debian's linux-source-6.12, extracted once outside the
# repo (the tarball is looked up when the recipe runs: on a fresh machine
# it is installed by the line before)
CHECKPATCH_DIR ?= /var/cache/vswitch/checkpatch-6.12
CHECKPATCH := $(CHECKPATCH_DIR)/scripts/checkpatch.pl
KSRC_TAR = /usr/src/linux-source-6.12.tar.xz

$(CHECKPATCH):
	@scripts/install-deps style
	mkdir -p $(CHECKPATCH_DIR)
	tar -C $(CHECKPATCH_DIR) --strip-components=1 -xf $(KSRC_TAR) --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'

# the kernel's kernel-doc checker, from the same source
KERNELDOC := $(CHECKPATCH_DIR)/scripts/kernel-doc
$(KERNELDOC): $(CHECKPATCH)
	tar -C $(CHECKPATCH_DIR) --strip-components=1 -xf $(KSRC_TAR) --wildcards \
		'*/scripts/kernel-doc'

style: $(CHECKPATCH) $(KERNELDOC)
	perl $(CHECKPATCH) --strict --no-tree --terse --quiet -f \
		kmod/*.c kmod/*.h kmod/probes/*.c include/uapi/linux/vswitch.h
	@out=$$(perl $(KERNELDOC) -none -Wall kmod/*.c kmod/*.h 2>&1); \
	 [ -z "$$out" ] || { echo "$$out"; exit 1; }
	@echo "style: checkpatch --strict and kernel-doc clean"

# sparse's flexible-array-array check fires in the kernel's own IGMP and
# MLD headers (struct igmpv3_report, struct mld2_report), which the bridge
# includes too: those two lines, not ours, are let through
SPARSE_KERNEL_HEADERS := include/(uapi/linux/igmp|net/mld)\.h:[0-9]+:[0-9]+: warning: array of flexible structures
sparse: deps
	@scripts/install-deps sparse
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 W=1 modules 2>&1 | tee /dev/stderr | \
		(! grep -E 'warning|error' | grep -vE "$(SPARSE_KERNEL_HEADERS)")
	@echo "sparse and W=1 ($(KREL)): clean"

# The kernel's YNL tools and netlink schemas (tools/net/ynl, Documentation/
# netlink of linux-source-6.12), extracted once outside the repository:
# check-spec validates the spec against the schema, selftests/ynl.sh drives
# the module with cli.py
YNL_DIR ?= /var/cache/vswitch/ynl-6.12
YNL_SCHEMA = $(YNL_DIR)/Documentation/netlink/genetlink-legacy.yaml

$(YNL_SCHEMA):
	@scripts/install-deps ynl
	mkdir -p $(YNL_DIR)
	tar -C $(YNL_DIR) --strip-components=1 -xf /usr/src/linux-source-6.12.tar.xz \
		--wildcards '*/tools/net/ynl' '*/Documentation/netlink'

ynl: $(YNL_SCHEMA)

# the YNL spec is the protocol's one source: valid against the kernel's
# schema, kmod/netlink-gen.[ch] generated from it, the uapi header equal to
# it (scripts/ynl-gen-policy; regenerate with `scripts/ynl-gen-policy`)
check-spec: ynl
	@scripts/ynl-gen-policy --check --schema $(YNL_SCHEMA)

# deps first, in a make of its own: a fresh machine has no kernel to resolve
# KVER against until they are installed
check: deps
	$(MAKE) all style sparse check-spec selftests/tapgso selftests/failnth
	selftests/check

# the module built (W=1, -Werror) against the headers of every 6.1 and 6.12
# release in the archive, fetched into /var/cache/vswitch/headers; one line
# per release
check-build:
	@scripts/check-build

# a real qemu guest on a portgroup, nested in the test VM (slow: TCG in TCG)
check-guest: deps
	$(MAKE) all
	VSW_TESTS=selftests/guest.sh VSW_SCRIPT_TIMEOUT=1200 selftests/check

# a tap opened as qemu opens it, for the offload tests
selftests/tapgso: selftests/tapgso.c
	$(CC) -O2 -Wall -Wextra -o $@ $<

# a module load with its Nth allocation failing, for the fault injection
# test (selftests/failnth.sh)
selftests/failnth: selftests/failnth.c
	$(CC) -O2 -Wall -Wextra -o $@ $<

# the whole suite on a debug kernel (KASAN, kmemleak, lockdep...) built
# once from Debian's linux-source and cached outside the repository, with
# a long fuzzing run
# (everything runs about ten times slower there: see testing.md)
# (the stress flood is 500 frames/s per CPU, not 20000: the debug VM
# carries ~740 frames/s in all; and run_all.sh and stress.sh keep kmemleak's
# automatic scan and KASAN's quarantine from running it out of memory
# under the flood: testing.md)
DEBUG_FUZZ_COUNT ?= 100000
DEBUG_STRESS_ROUNDS ?= 2
DEBUG_STRESS_PPS ?= 500
check-debug: deps vswctl style selftests/tapgso selftests/failnth
	@tree=$$(scripts/build-debug-kernel | tail -n1) && \
	$(MAKE) module KDIR=$$tree && \
	VSW_KERNEL=$$tree/arch/x86/boot/bzImage VSW_TIMEOUT=18000 \
	VSW_VM_MEM=4096 VSW_SCRIPT_TIMEOUT=9000 FUZZ_COUNT=$(DEBUG_FUZZ_COUNT) \
	STRESS_ROUNDS=$(DEBUG_STRESS_ROUNDS) STRESS_PPS=$(DEBUG_STRESS_PPS) \
	FAILNTH_SKIP='^apply$$' selftests/check

# fault injection alone, every case (check-debug leaves out the whole-file
# apply: its 664 allocations, each failed in turn, take 40-75 minutes there)
check-failnth: deps vswctl style selftests/tapgso selftests/failnth
	@tree=$$(scripts/build-debug-kernel | tail -n1) && \
	$(MAKE) module KDIR=$$tree && \
	VSW_KERNEL=$$tree/arch/x86/boot/bzImage VSW_TIMEOUT=18000 \
	VSW_VM_MEM=4096 VSW_SCRIPT_TIMEOUT=17400 \
	VSW_TESTS=selftests/failnth.sh selftests/check

# the whole suite and the stress test on a KCSAN kernel, built once like
# the debug kernel (scripts/build-debug-kernel --kcsan): a data race the
# module is part of fails the run; the rest of the kernel's are counted and
# left out (selftests/vm/kcsan-reports, the list in
# selftests/out/kcsan.txt); Documentation/locking.md lists every race found
# and what became of it
KCSAN_FUZZ_COUNT ?= 20000
check-kcsan: deps vswctl style selftests/tapgso selftests/failnth
	@tree=$$(scripts/build-debug-kernel --kcsan | tail -n1) && \
	$(MAKE) module KDIR=$$tree && \
	VSW_KERNEL=$$tree/arch/x86/boot/bzImage VSW_KCSAN=1 VSW_TIMEOUT=14400 \
	VSW_VM_MEM=4096 VSW_SCRIPT_TIMEOUT=5400 FUZZ_COUNT=$(KCSAN_FUZZ_COUNT) \
	STRESS_ROUNDS=$(DEBUG_STRESS_ROUNDS) STRESS_PPS=$(DEBUG_STRESS_PPS) \
	selftests/check

# the soak: SOAK_MINUTES (default 30) of traffic through every feature while
# the configuration churns and uplinks flap, on Debian's newest kernel, a
# row of slab, module references and counters a minute (testing.md)
SOAK_MINUTES ?= 30
soak: deps all
	VSW_TESTS=selftests/soak.sh SOAK_MINUTES=$(SOAK_MINUTES) \
	VSW_SCRIPT_TIMEOUT=$$(( $(SOAK_MINUTES) * 60 + 600 )) \
	VSW_TIMEOUT=$$(( $(SOAK_MINUTES) * 60 + 1200 )) selftests/check

# make bench: forwarding rate against the Linux bridge, Open vSwitch and a
# bare veth pair, control-plane cost, memory (Documentation/bench.md)
bench: deps all
	@scripts/install-deps bench
	bench/run

demo: deps all
	selftests/vm/run --timeout 600 selftests/demo.sh

# --- install ---------------------------------------------------------------
# make install [DESTDIR=] [PREFIX=/usr/local]: the module into
# /lib/modules/KREL/extra, vswctl, its man page and bash completion, the
# qemu and libvirt hooks, the systemd unit.  Run `make` first (as a user).
VERSION = 0.1
PREFIX ?= /usr/local
SBINDIR = $(PREFIX)/sbin
LIBEXECDIR = $(PREFIX)/libexec
MANDIR = $(PREFIX)/share/man
COMPLDIR = $(PREFIX)/share/bash-completion/completions
DOCDIR = $(PREFIX)/share/doc/vswitch
# where Cockpit looks for pages (and what the issue names)
COCKPITDIR ?= /usr/share/cockpit/vswitch
COCKPIT_FILES = manifest.json index.html vswitch.js vswitch.css vswitch-pf.css.gz
UNITDIR ?= /etc/systemd/system
HOOKDIR ?= /etc/libvirt/hooks/qemu.d
# the kernel the built module is for
MODREL = $(shell modinfo -F vermagic kmod/vswitch.ko 2>/dev/null | cut -d' ' -f1)
INSTALLED = /lib/modules/$(MODREL)/extra/vswitch.ko $(SBINDIR)/vswctl \
	$(SBINDIR)/vswitch-ipfixd $(UNITDIR)/vswitch-ipfix.service \
	$(UNITDIR)/vswitch-metrics.service $(UNITDIR)/vswitch-metrics.timer \
	$(DOCDIR)/grafana-dashboard.json $(addprefix $(COCKPITDIR)/,$(COCKPIT_FILES)) \
	$(MANDIR)/man8/vswctl.8 $(COMPLDIR)/vswctl \
	$(LIBEXECDIR)/vswitch/qemu-ifup $(LIBEXECDIR)/vswitch/qemu-ifdown \
	$(LIBEXECDIR)/vswitch/libvirt-hook $(UNITDIR)/vswitch.service \
	$(HOOKDIR)/vswitch

install:
	@test -f kmod/vswitch.ko -a -x userspace/vswctl || \
		{ echo "install: run make first"; exit 1; }
	install -D -m 644 kmod/vswitch.ko $(DESTDIR)/lib/modules/$(MODREL)/extra/vswitch.ko
	install -D -m 755 userspace/vswctl $(DESTDIR)$(SBINDIR)/vswctl
	install -D -m 755 userspace/vswitch-ipfixd $(DESTDIR)$(SBINDIR)/vswitch-ipfixd
	install -d $(DESTDIR)$(MANDIR)/man8
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' userspace/vswctl.8 > $(DESTDIR)$(MANDIR)/man8/vswctl.8
	install -D -m 644 userspace/vswctl.bash-completion $(DESTDIR)$(COMPLDIR)/vswctl
	install -D -m 755 -t $(DESTDIR)$(LIBEXECDIR)/vswitch userspace/hooks/qemu-ifup \
		userspace/hooks/qemu-ifdown userspace/hooks/libvirt-hook
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(HOOKDIR) $(DESTDIR)/etc/vswitch
	sed 's|@SBINDIR@|$(SBINDIR)|g' userspace/hooks/vswitch.service > $(DESTDIR)$(UNITDIR)/vswitch.service
	sed 's|@SBINDIR@|$(SBINDIR)|g' userspace/hooks/vswitch-ipfix.service > \
		$(DESTDIR)$(UNITDIR)/vswitch-ipfix.service
	sed 's|@SBINDIR@|$(SBINDIR)|g' userspace/hooks/vswitch-metrics.service > \
		$(DESTDIR)$(UNITDIR)/vswitch-metrics.service
	install -m 644 userspace/hooks/vswitch-metrics.timer $(DESTDIR)$(UNITDIR)/
	install -D -m 644 userspace/grafana-dashboard.json \
		$(DESTDIR)$(DOCDIR)/grafana-dashboard.json
	install -D -m 644 -t $(DESTDIR)$(COCKPITDIR) \
		$(addprefix userspace/cockpit/,$(COCKPIT_FILES))
	ln -sf $(LIBEXECDIR)/vswitch/libvirt-hook $(DESTDIR)$(HOOKDIR)/vswitch
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(MODREL); \
	 systemctl daemon-reload 2>/dev/null || true; \
	 echo "installed; enable the boot restore with: systemctl enable vswitch"; \
	 echo "and metrics for node_exporter with: systemctl enable --now vswitch-metrics.timer"; fi

uninstall:
	@if [ -z "$(DESTDIR)" ]; then systemctl disable vswitch vswitch-metrics.timer 2>/dev/null || true; fi
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rmdir $(DESTDIR)$(LIBEXECDIR)/vswitch $(DESTDIR)$(DOCDIR) $(DESTDIR)$(COCKPITDIR) \
		2>/dev/null || true
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(MODREL); \
	 systemctl daemon-reload 2>/dev/null || true; fi
	@echo "uninstalled (/etc/vswitch, your configuration, is kept)"

# the module rebuilt by DKMS on every kernel upgrade
dkms-install:
	rm -rf /usr/src/vswitch-$(VERSION)
	mkdir -p /usr/src/vswitch-$(VERSION)/kmod
	cp -r Kbuild dkms.conf include /usr/src/vswitch-$(VERSION)/
	cp -r kmod/*.c kmod/*.h kmod/probes /usr/src/vswitch-$(VERSION)/kmod/
	dkms add -m vswitch -v $(VERSION)
	dkms install -m vswitch -v $(VERSION)

dkms-uninstall:
	dkms remove -m vswitch -v $(VERSION) --all || true
	rm -rf /usr/src/vswitch-$(VERSION)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -f kmod/vswitch.ko selftests/tapgso selftests/failnth
	$(MAKE) -C userspace clean

.PHONY: all module vswctl deps cockpit-css screenshots style sparse ynl check-spec check check-build check-debug check-failnth check-kcsan soak check-guest bench demo clean \
	install uninstall dkms-install dkms-uninstall
