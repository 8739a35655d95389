#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Netlink fuzzing (selftests/nlfuzz.py): mutated valid requests of every
# operation of the YNL spec, random ones, and dumps cut short, to the
# vswitch family, with the events group subscribed.  Half of FUZZ_COUNT
# runs as root over the host's switches, the other half at the same time
# as a tenant: nobody, root of a user namespace and a network namespace of
# its own, where it may make switches (uns-admin-perm); and a quarter
# without any privilege, which must change nothing.  The kernel answers
# every one and survives (run_all.sh checks the log for warnings and
# unloads the module, where kmemleak would find a tenant's switch that did
# not go with its namespace); the objects the fuzzers cannot name stay
# exactly as they were.  FUZZ_COUNT sets
# the number of requests (make check: a short pass; make check-debug:
# 100000).
ALL_TESTS="unprivileged privileged_and_tenant"
source "$(dirname "$0")/lib.sh"

COUNT=${FUZZ_COUNT:-3000}
FUZZ="python3 $top/selftests/nlfuzz.py"

setup()
{
	local d

	switch_add ref0 &&
	vswctl portgroup add ref0 pg vlan 10 teaming failover shaping avg 1mbit peak 2mbit burst 64k &&
	phys_add && uplink_add ref0 refu &&
	vm_add vmr ref0 pg 10.0.10.1/24 $M1 &&
	for d in fzd0 fzd1 fzd2 fzd3; do
		ip link add $d type veth peer name ${d}p && LINKS+=($d) &&
		ip link set ${d}p up && ip link set $d up || return 1
	done
	# the fuzzer's own switch, for its requests to reach deep
	switch_add fz0 && vswctl portgroup add fz0 pg0 &&
	vswctl uplink add fz0 fzd0 && vswctl port add fz0 pg0 fzd1 &&
	# the state compared before and after must not be settling still: a
	# new uplink's carrier comes through the link watch up to a second
	# later (and with it the uplink's state and its ports' uplink): both
	# switches' uplinks up, their peers up for good
	wait_until 10 uplink_up ref0 refu && wait_until 10 uplink_up fz0 fzd0
}

uplink_up()
{
	[ "$(vswctl -j uplink show "$1" | jq -r ".[] | select(.name == \"$2\") | .state")" = up ]
}

# the reference switch as vswctl shows it (no counters, no ages; nor a
# port's cold start, which ends by itself after 60 s, within a long run)
ref_state()
{
	{
		vswctl -j switch show ref0; vswctl -j portgroup show ref0
		vswctl -j uplink show ref0; vswctl -j port show ref0
	} | sed -E 's/"cold":(true|false)//g'
}

unprivileged()
{
	local before after out

	before=$(vsw_state)
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all $FUZZ --count $((COUNT / 4)) --seed 1 --unprivileged)
	check_err $? "the fuzzer failed without privilege: $out"
	echo "$out"
	after=$(vsw_state)
	[ "$before" = "$after" ]
	check_err $? "requests without CAP_NET_ADMIN changed the configuration: $(diff \
		<(echo "$before" | tr , '\n') <(echo "$after" | tr , '\n') | grep '^[<>]' |
		head -n 6 | tr '\n' ' ')"
	log_test "fuzz: $((COUNT / 4)) requests without privilege change nothing"
}

# tenant_fuzz COUNT SEED: the fuzzer as a tenant, over switches of its
# own on veths of its own namespace
tenant_fuzz()
{
	timeout -k 5 $((${VSW_SCRIPT_TIMEOUT:-600} - 60)) \
		python3 "$top/selftests/userns.py" bash -c "
		for d in fzd0 fzd1 fzd2 fzd3; do
			ip link add \$d type veth peer name \${d}p &&
			ip link set \$d up && ip link set \${d}p up || exit 1
		done
		$VSWCTL switch add fz0 && $VSWCTL portgroup add fz0 pg0 &&
		$VSWCTL uplink add fz0 fzd0 && $VSWCTL port add fz0 pg0 fzd1 ||
			exit 1
		exec $FUZZ --count $1 --seed $2"
}

privileged_and_tenant()
{
	local before after out rc trc sw

	before=$(ref_state)
	if [ -e /proc/self/ns/user ]; then
		tenant_fuzz $((COUNT / 2)) 3 > "$TMP/tenant.txt" 2>&1 &
	else
		# (a kernel without user namespaces: root's half only)
		echo "# no user namespaces in this kernel: no tenant" > "$TMP/tenant.txt" &
	fi
	local tpid=$!
	out=$($FUZZ --count $((COUNT / 2)) --seed 2)
	rc=$?
	wait $tpid
	trc=$?
	echo "$out"
	sed 's/^# /# tenant: /' "$TMP/tenant.txt"
	check_err $rc "the fuzzer failed: $out"
	check_err $trc "the tenant's fuzzer failed: $(tail -n 3 "$TMP/tenant.txt")"
	after=$(ref_state)
	[ "$before" = "$after" ]
	check_err $? "requests naming other objects changed switch ref0: $(diff \
		<(echo "$before" | tr , '\n') <(echo "$after" | tr , '\n') | grep '^[<>]' |
		head -n 6 | tr '\n' ' ')"
	vswctl -j switch show > /dev/null
	check_err $? "the family does not answer after fuzzing"
	# what the fuzzer made may go, with the objects it used
	for sw in $(vswctl -j switch show | jq -r '.[].name'); do
		[ "$sw" = ref0 ] || vswctl switch del "$sw"
	done
	log_test "fuzz: $((COUNT / 2)) requests as root and $((COUNT / 2)) as a tenant at once, kernel alive, others untouched"
}

trap cleanup_objects EXIT
setup || { echo "Bail out! setup failed"; exit 1; }
run_tests
