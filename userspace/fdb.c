// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl fdb show: the MAC table.  An overlay segment's entries have a VNI
 * instead of a VID, those learned from the overlay the remote VTEP.
 */
#include <errno.h>
#include "vswctl.h"

/* SWITCH [vlan N] [port DEV]: the filters of the fdb and mdb dumps */
int fill_table_show(struct nl_msg *msg, int argc, char **argv, int vid_attr,
		    const char *what)
{
	uint32_t vid;
	int i, err;

	if (argc < 1)
		return usage_error("missing argument: SWITCH");
	err = put_switch(msg, argv[0]);
	for (i = 1; !err && i < argc; i++) {
		if (matches(argv[i], "vlan")) {
			if (++i >= argc)
				err = usage_error("'vlan' needs a value");
			else if (parse_u32(argv[i], 0, VSWITCH_VID_MAX, &vid))
				err = usage_error("vlan must be 0-4094, not '%s'",
						  argv[i]);
			else if (nla_put_u16(msg, vid_attr, vid))
				err = -EMSGSIZE;
		} else if (matches(argv[i], "port")) {
			if (++i >= argc)
				err = usage_error("'port' needs a value");
			else
				err = put_dev(msg, argv[i]);
		} else {
			err = usage_error("unknown %s argument '%s'", what, argv[i]);
		}
	}
	return err;
}

int fill_fdb_show(struct nl_msg *msg, int argc, char **argv)
{
	return fill_table_show(msg, argc, argv, VSWITCH_A_FDB_VID, "fdb");
}

int show_fdb(struct nlattr **tb, void *arg)
{
	struct fdb_info f;

	(void)arg;
	decode_fdb(tb, &f);
	out_obj_begin();
	if (f.overlay) {	/* an overlay segment's: a VNI instead of a VID */
		print_text("vni %-9u", f.vni);
		print_u64("vni", NULL, f.vni);
	} else {
		print_u64("vlan", "%-13llu", f.vid);
	}
	print_str("mac", "%-19s", f.mac);
	print_str("port", "%-16s", f.port);
	print_str("type", "%-8s", f.is_static ? "static" : "learned");
	if (f.is_static)
		print_text("-");
	else
		print_u64("age", "%llus", f.age_ms / 1000);
	if (f.vtep[0])	/* behind a remote VTEP (port: the VXLAN netdev) */
		print_str("vtep", " via %s", f.vtep);
	print_text("\n");
	out_obj_end();
	return 0;
}
