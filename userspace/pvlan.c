// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl pvlan add|del|show: a switch's private VLAN map (vDS; RFC 5517).
 */
#include <errno.h>
#include <string.h>
#include "vswctl.h"

const char * const pvlan_types[3] = {
	[VSWITCH_PVLAN_TYPE_PROMISCUOUS] = "promiscuous",
	[VSWITCH_PVLAN_TYPE_ISOLATED] = "isolated",
	[VSWITCH_PVLAN_TYPE_COMMUNITY] = "community",
};

static int put_vid(struct nl_msg *msg, int attr, const char *what,
		   const char *arg)
{
	uint32_t vid;

	if (parse_u32(arg, 1, VSWITCH_VID_MAX, &vid))
		return usage_error("%s must be a VLAN 1-4094, not '%s'", what, arg);
	return nla_put_u16(msg, attr, vid) ? -EMSGSIZE : 0;
}

/* pvlan add SWITCH PRIMARY [SECONDARY isolated|community] */
int fill_pvlan_add(struct nl_msg *msg, int argc, char **argv)
{
	int type, err;

	if (argc != 2 && argc != 4)
		return usage_error("pvlan add takes SWITCH PRIMARY [SECONDARY isolated|community]");
	err = put_switch(msg, argv[0]) ?:
	      put_vid(msg, VSWITCH_A_PVLAN_PRIMARY, "the primary", argv[1]);
	if (err || argc == 2)
		return err;
	type = parse_word(argv[3], pvlan_types, 3);
	if (type != VSWITCH_PVLAN_TYPE_ISOLATED &&
	    type != VSWITCH_PVLAN_TYPE_COMMUNITY)
		return usage_error("a secondary VLAN is isolated or community, not '%s'",
				   argv[3]);
	return put_vid(msg, VSWITCH_A_PVLAN_VID, "the secondary", argv[2]) ?:
	       (nla_put_u8(msg, VSWITCH_A_PVLAN_TYPE, type) ? -EMSGSIZE : 0);
}

/* pvlan del SWITCH VID */
int fill_pvlan_del(struct nl_msg *msg, int argc, char **argv)
{
	return expect_args(argc, 2, "SWITCH VID") ?:
	       put_switch(msg, argv[0]) ?:
	       put_vid(msg, VSWITCH_A_PVLAN_VID, "the VID", argv[1]);
}

int fill_pvlan_show(struct nl_msg *msg, int argc, char **argv)
{
	if (argc > 1)
		return usage_error("too many arguments after pvlan show SWITCH");
	return argc ? put_switch(msg, argv[0]) : 0;
}

void decode_pvlan(struct nlattr **tb, struct pvlan_info *pv)
{
	pv->sw = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	pv->primary = tb[VSWITCH_A_PVLAN_PRIMARY] ?
		      nla_get_u16(tb[VSWITCH_A_PVLAN_PRIMARY]) : 0;
	pv->vid = tb[VSWITCH_A_PVLAN_VID] ?
		  nla_get_u16(tb[VSWITCH_A_PVLAN_VID]) : 0;
	pv->type = NAME_OF(pvlan_types, u8_attr(tb, VSWITCH_A_PVLAN_TYPE));
}

int show_pvlan(struct nlattr **tb, void *arg)
{
	struct pvlan_info pv;

	(void)arg;
	decode_pvlan(tb, &pv);
	out_obj_begin();
	print_str("switch", "%-16s", pv.sw);
	print_u64("primary", "%-8llu", pv.primary);
	print_u64("vid", "%-6llu", pv.vid);
	print_str("type", "%s\n", pv.type);
	out_obj_end();
	return 0;
}
