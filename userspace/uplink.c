// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl uplink add|del|show.
 */
#include "vswctl.h"

/* uplink add and del: SWITCH DEV */
int fill_uplink(struct nl_msg *msg, int argc, char **argv)
{
	return expect_args(argc, 2, "SWITCH DEV") ?:
	       put_switch(msg, argv[0]) ?: put_dev(msg, argv[1]);
}

int fill_uplink_show(struct nl_msg *msg, int argc, char **argv)
{
	if (argc > 1)
		return usage_error("too many arguments after uplink show SWITCH");
	return argc ? put_switch(msg, argv[0]) : 0;
}

int show_uplink(struct nlattr **tb, void *arg)
{
	struct uplink_info up;

	decode_uplink(tb, &up);
	out_obj_begin();
	print_str("switch", "%-16s", up.sw);
	print_str("name", "%-16s", up.name);
	print_str("state", "%-8s", up.state);
	print_bool("active", "%s", up.active);
	print_lldp_neighbours(up.name);
	print_text("\n");
	print_stats(up.stats);
	out_obj_end();
	return 0;
}
