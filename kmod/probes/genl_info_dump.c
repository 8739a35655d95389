// SPDX-License-Identifier: GPL-2.0
/* 6.6 renamed genl_dumpit_info() and its struct to genl_info_dump(). */
#include <net/genetlink.h>

struct nlattr **vsw_probe(struct netlink_callback *cb);
struct nlattr **vsw_probe(struct netlink_callback *cb)
{
	return genl_info_dump(cb)->attrs;
}
