// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl mdb show: the multicast group memberships IGMP/MLD snooping
 * learned, one line per port and group.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include "vswctl.h"

int fill_mdb_show(struct nl_msg *msg, int argc, char **argv)
{
	return fill_table_show(msg, argc, argv, VSWITCH_A_MDB_VID, "mdb");
}

void decode_mdb(struct nlattr **tb, struct mdb_info *m)
{
	struct nlattr *a;
	int rem;

	memset(m, 0, sizeof(*m));
	m->sw = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	m->port = str_attr(tb, VSWITCH_A_IFNAME);
	m->vid = tb[VSWITCH_A_MDB_VID] ? nla_get_u16(tb[VSWITCH_A_MDB_VID]) : 0;
	m->expires_ms = u32_attr(tb, VSWITCH_A_MDB_EXPIRES_MS);
	if (tb[VSWITCH_A_MDB_GROUP])
		ip_str(nla_data(tb[VSWITCH_A_MDB_GROUP]),
		       nla_len(tb[VSWITCH_A_MDB_GROUP]), m->group);
	/* the sources repeat: read them from the message itself */
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(vsw_reply_nlh), 0),
			  genlmsg_attrlen(nlmsg_data(vsw_reply_nlh), 0), rem)
		if (nla_type(a) == VSWITCH_A_MDB_SOURCE &&
		    m->n_src < (int)(sizeof(m->src) / sizeof(m->src[0])))
			ip_str(nla_data(a), nla_len(a), m->src[m->n_src++]);
}

int show_mdb(struct nlattr **tb, void *arg)
{
	struct mdb_info m;
	int i;

	(void)arg;
	decode_mdb(tb, &m);
	out_obj_begin();
	print_u64("vlan", "%-6llu", m.vid);
	print_str("group", "%-26s", m.group);
	print_str("port", "%-16s", m.port);
	print_u64("expires", "%-8llu", (m.expires_ms + 999) / 1000);
	out_array_begin("sources");
	for (i = 0; i < m.n_src; i++)
		print_str(NULL, i ? ",%s" : "%s", m.src[i]);
	out_array_end();
	if (!m.n_src)
		print_text("*");
	print_text("\n");
	out_obj_end();
	return 0;
}
