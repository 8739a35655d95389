// SPDX-License-Identifier: GPL-2.0
/* 6.2: extack messages formatted into the extack itself. */
#include <linux/netlink.h>

void vsw_probe(struct netlink_ext_ack *extack, int n);
void vsw_probe(struct netlink_ext_ack *extack, int n)
{
	NL_SET_ERR_MSG_FMT_MOD(extack, "probe %d", n);
}
