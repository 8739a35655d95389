// SPDX-License-Identifier: GPL-2.0
/* 6.12: the NETIF_F_LLTX feature became the dev->lltx flag. */
#include <linux/netdevice.h>

void vsw_probe(struct net_device *dev);
void vsw_probe(struct net_device *dev)
{
	dev->lltx = true;
}
