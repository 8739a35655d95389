// SPDX-License-Identifier: GPL-2.0
/* Compiles on every kernel: proves the probes' compiler and flags work. */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>

int vsw_probe(struct net_device *dev);
int vsw_probe(struct net_device *dev)
{
	return dev->mtu;
}
