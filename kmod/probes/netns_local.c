// SPDX-License-Identifier: GPL-2.0
/* 6.12: the NETIF_F_NETNS_LOCAL feature became the dev->netns_local flag. */
#include <linux/netdevice.h>

void vsw_probe(struct net_device *dev);
void vsw_probe(struct net_device *dev)
{
	dev->netns_local = true;
}
