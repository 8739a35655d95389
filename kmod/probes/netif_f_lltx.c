// SPDX-License-Identifier: GPL-2.0
/* Up to 6.11: lockless transmit is a feature bit. */
#include <linux/netdevice.h>

void vsw_probe(struct net_device *dev);
void vsw_probe(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}
