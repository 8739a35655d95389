// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: internal ports, netdevs the switch creates for the host's own
 * stack (ESX's vmkernel ports), like Open vSwitch's internal devices.
 *
 * What the host sends through the netdev enters the switch as if a VM had
 * sent it on that port; what the switch delivers to the port is received
 * by the host stack (netif_rx()).  The netdev has no rx_handler: its port
 * hangs off its private data.  It belongs to the switch: it cannot move to
 * another namespace, `ip link del` cannot delete it (no rtnl_link_ops), and
 * it goes with its port (port del, switch del, namespace exit, rmmod).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include "vswitch.h"

struct vsw_internal {
	struct vsw_port __rcu *port;
};

static netdev_tx_t vsw_internal_xmit(struct sk_buff *skb,
				     struct net_device *dev)
{
	struct vsw_internal *in = netdev_priv(dev);
	unsigned int len = skb->len;
	struct vsw_port *p;

	rcu_read_lock();
	p = rcu_dereference(in->port);
	if (unlikely(!p || !pskb_may_pull(skb, ETH_HLEN))) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		goto out;
	}
	/* the frame as the receive path hands it to an rx_handler: data at
	 * the network header, a VLAN tag out of band
	 */
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	skb_reset_mac_len(skb);
	if (eth_type_vlan(skb->protocol)) {
		skb = skb_vlan_untag(skb);
		if (unlikely(!skb)) {
			dev_core_stats_tx_dropped_inc(dev);
			goto out;
		}
	}
	dev_sw_netstats_tx_add(dev, 1, len);
	vsw_input(p, skb);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/**
 * vsw_internal_rx() - deliver a frame to an internal port's host stack
 * @dev: the internal port's netdev
 * @skb: the frame, data at the Ethernet header; consumed
 * @copy: a mirrored copy: for packet sockets only (PACKET_OTHERHOST)
 *
 * The switch delivers @skb to the internal port (a frame switched to it,
 * or a mirrored copy): the host stack receives it (netif_rx()) as if the
 * netdev had.
 *
 * Context: the fast path, BH disabled, under RCU.
 */
void vsw_internal_rx(struct net_device *dev, struct sk_buff *skb, bool copy)
{
	/* a frame forwarded from another port may be marked for another host
	 * (eth_type_trans() only ever sets that mark) and carry state of the
	 * path it came by
	 */
	skb_scrub_packet(skb, false);
	skb->protocol = eth_type_trans(skb, dev);
	if (copy)
		skb->pkt_type = PACKET_OTHERHOST;
	dev_sw_netstats_rx_add(dev, skb->len + ETH_HLEN);
	netif_rx(skb);
}

static int vsw_internal_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	return dev->tstats ? 0 : -ENOMEM;
}

/* after the last reference, or when registration failed */
static void vsw_internal_free(struct net_device *dev)
{
	free_percpu(dev->tstats);
}

static const struct net_device_ops vsw_internal_ops = {
	.ndo_init		= vsw_internal_init,
	.ndo_start_xmit		= vsw_internal_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_get_stats64	= dev_get_tstats64,
};

/**
 * vsw_is_internal() - whether a netdev is an internal port's
 * @dev: any netdev
 *
 * Context: any.
 * Return: true for a netdev vsw_internal_create() made, attached or not.
 */
bool vsw_is_internal(const struct net_device *dev)
{
	return dev->netdev_ops == &vsw_internal_ops;
}

/**
 * vsw_internal_port() - the port of an internal netdev
 * @dev: a netdev vsw_is_internal() is true for
 *
 * Context: RTNL held (the port is set and cleared under it).
 * Return: the port, or NULL before attach and after detach.
 */
struct vsw_port *vsw_internal_port(const struct net_device *dev)
{
	struct vsw_internal *in = netdev_priv(dev);

	return rtnl_dereference(in->port);
}

/**
 * vsw_internal_set_port() - hook an internal netdev to its port, or unhook it
 * @dev: the internal netdev
 * @p: its port, or NULL at detach
 *
 * What the host sends through @dev then enters the switch on @p, or with
 * NULL is dropped.  Frames already in its xmit may still see the old port
 * until a grace period ends; vsw_port_detach() waits for one.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_internal_set_port(struct net_device *dev, struct vsw_port *p)
{
	struct vsw_internal *in = netdev_priv(dev);

	rcu_assign_pointer(in->port, p);
}

static void vsw_internal_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &vsw_internal_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = vsw_internal_free;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	/* the switch segments and checksums for whichever port needs it */
	dev->features = NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA |
			NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE |
			NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX;
	dev->hw_features = dev->features;
	dev->vlan_features = dev->features & ~(NETIF_F_HW_VLAN_CTAG_TX |
					       NETIF_F_HW_VLAN_STAG_TX);
	/* after the features: before 6.12 these are features */
	vsw_set_netns_local(dev);
	vsw_set_lltx(dev);
	dev->min_mtu = VSWITCH_MTU_MIN;
	dev->max_mtu = VSWITCH_MTU_MAX;
}

/**
 * vsw_internal_create() - create an internal port's netdev
 * @sw: the switch; the netdev is created in its namespace, with its MTU
 * @name: the netdev's name, as is (no "%d" template)
 * @mac: its MAC, or NULL for a random one
 * @extack: where a refusal is explained
 *
 * Creates and registers the netdev; the caller attaches it as a port, or
 * unregisters it when that fails.
 *
 * Context: RTNL held.
 * Return: the netdev, or an ERR_PTR(): -EINVAL (a bad name), -EEXIST,
 * -ENOMEM or the registration's error, with @extack set but for -ENOMEM.
 */
struct net_device *vsw_internal_create(struct vsw_switch *sw, const char *name,
				       const u8 *mac,
				       struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	if (!dev_valid_name(name) || strchr(name, '%')) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "invalid device name %s", name);
		return ERR_PTR(-EINVAL);
	}
	if (__dev_get_by_name(sw->net, name)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "a device %s exists already", name);
		return ERR_PTR(-EEXIST);
	}
	dev = alloc_netdev(sizeof(struct vsw_internal), name, NET_NAME_USER,
			   vsw_internal_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev_net_set(dev, sw->net);
	if (mac)
		eth_hw_addr_set(dev, mac);
	else
		eth_hw_addr_random(dev);
	dev->mtu = min_t(u32, sw->mtu, VSWITCH_MTU_MAX);
	err = register_netdevice(dev);
	if (err) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "cannot create device %s", name);
		free_netdev(dev);
		return ERR_PTR(err);
	}
	return dev;
}
