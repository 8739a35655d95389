// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl port add|set|del|show.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "vswctl.h"

static int parse_port_opts(struct nl_msg *msg, int argc, char **argv,
			   bool is_set)
{
	uint8_t mac[6];
	int i;

	for (i = 0; i < argc; i++) {
		if (matches(argv[i], "mac")) {
			NEXT_ARG(i, argc, argv);
			if (is_set && !strcmp(argv[i], "none"))
				memset(mac, 0, sizeof(mac));
			else if (parse_mac(argv[i], mac) || (mac[0] & 1) ||
				 !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
				return usage_error("mac must be a unicast address like 52:54:00:12:34:56, not '%s'",
						   argv[i]);
			if (nla_put(msg, VSWITCH_A_PORT_MAC, 6, mac))
				return -EMSGSIZE;
		} else if (is_set && matches(argv[i], "portgroup")) {
			NEXT_ARG(i, argc, argv);
			if (put_pg(msg, argv[i]))
				return 2;
		} else if (!strcmp(argv[i], "max-macs")) {
			uint32_t v;

			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 0, VSWITCH_MAX_MACS_MAX, &v))
				return usage_error("max-macs must be 0-%d (0: no limit), not '%s'",
						   VSWITCH_MAX_MACS_MAX, argv[i]);
			if (nla_put_u32(msg, VSWITCH_A_PORT_MAX_MACS, v))
				return -EMSGSIZE;
		} else if (is_set && !strcmp(argv[i], "blocked")) {
			int err;

			NEXT_ARG(i, argc, argv);
			err = put_onoff(msg, VSWITCH_A_PORT_BLOCKED, "blocked", argv[i]);
			if (err)
				return err;
		} else if (!is_set && !strcmp(argv[i], "internal")) {
			/* the switch creates netdev NAME for the host */
			if (nla_put_u8(msg, VSWITCH_A_PORT_KIND,
				       VSWITCH_PORT_KIND_INTERNAL))
				return -EMSGSIZE;
		} else {
			return usage_error("unknown port argument '%s'", argv[i]);
		}
	}
	return 0;
}

int fill_port_add(struct nl_msg *msg, int argc, char **argv)
{
	if (argc < 3)
		return usage_error("missing arguments: SWITCH PG DEV");
	return put_switch(msg, argv[0]) ?: put_pg(msg, argv[1]) ?:
	       put_dev(msg, argv[2]) ?:
	       parse_port_opts(msg, argc - 3, argv + 3, false);
}

int fill_port_set(struct nl_msg *msg, int argc, char **argv)
{
	if (argc < 1)
		return usage_error("missing argument: DEV");
	if (argc < 2)
		return usage_error("nothing to change: give portgroup PG, mac MAC or max-macs N");
	return put_dev(msg, argv[0]) ?:
	       parse_port_opts(msg, argc - 1, argv + 1, true);
}

int fill_port_del(struct nl_msg *msg, int argc, char **argv)
{
	return expect_args(argc, 1, "DEV") ?: put_dev(msg, argv[0]);
}

int fill_port_show(struct nl_msg *msg, int argc, char **argv)
{
	if (argc > 1)
		return usage_error("too many arguments after port show SWITCH");
	return argc ? put_switch(msg, argv[0]) : 0;
}

int show_port(struct nlattr **tb, void *arg)
{
	struct port_info p;

	(void)arg;
	decode_port(tb, &p);
	out_obj_begin();
	print_str("switch", "%-16s", p.sw);
	print_str("portgroup", "%-20s", p.pg);
	print_str("name", "%-16s", p.name);
	print_u64("id", "%-5llu", p.id);
	print_str("kind", "%-9s", p.internal ? "internal" : "vm");
	print_str("mac", "%-18s", p.mac);
	print_u64("macs", "%-6llu", p.n_macs);
	print_u64("max_macs", p.max_macs ? "%-9llu" : NULL, p.max_macs);
	if (!p.max_macs)
		print_text("%-9s", "-");	/* no limit */
	print_str("uplink", "%s", p.uplink ?: "-");
	print_bool("cold", p.cold ? "  cold" : NULL, p.cold);
	print_bool("blocked", p.blocked ? "  blocked\n" : "\n", p.blocked);
	print_stats(p.stats);
	out_obj_end();
	return 0;
}
