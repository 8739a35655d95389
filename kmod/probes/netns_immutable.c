// SPDX-License-Identifier: GPL-2.0
/* 6.13, and stable backports such as Debian's 6.12.117: dev->netns_local
 * renamed to dev->netns_immutable.
 */
#include <linux/netdevice.h>

void vsw_probe(struct net_device *dev);
void vsw_probe(struct net_device *dev)
{
	dev->netns_immutable = true;
}
