// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: uplink state, and the frames the switch itself sends out of
 * its uplinks (RARP announcements, beacon probes).
 */
#include <linux/etherdevice.h>
#include <linux/pkt_sched.h>
#include "vswitch.h"

/**
 * vsw_uplink_is_up() - whether an uplink has link
 * @up: the uplink
 *
 * Link state: administratively up and carrier (operationally up).  Beacon
 * probing's verdict is not part of it.
 *
 * Context: any, with @up kept attached.
 * Return: true when it is up and has carrier.
 */
bool vsw_uplink_is_up(const struct vsw_port *up)
{
	return netif_running(up->dev) && netif_oper_up(up->dev);
}

/**
 * vsw_uplink_state() - an uplink's state, as replies and events report it
 * @up: the uplink
 *
 * Context: vsw_mutex held (beacon_failed is written under it).
 * Return: %VSWITCH_UPLINK_DOWN without link, %VSWITCH_UPLINK_FAILED with
 * link but beacon probes lost, else %VSWITCH_UPLINK_UP.
 */
u8 vsw_uplink_state(const struct vsw_port *up)
{
	if (!vsw_uplink_is_up(up))
		return VSWITCH_UPLINK_DOWN;
	return up->beacon_failed ? VSWITCH_UPLINK_FAILED : VSWITCH_UPLINK_UP;
}

/**
 * vsw_uplink_frame() - build a broadcast frame the switch sends itself
 * @up: the uplink it leaves by
 * @src: its source MAC
 * @proto: its ethertype
 * @tci: its VLAN tag (out of band), or 0 for none
 * @len: bytes of zeroed payload at its network header, for the caller to
 *	fill (the frame is padded to the Ethernet minimum)
 * @gfp: GFP_ATOMIC for announcements, built while the MAC table is walked
 *	under RCU; GFP_KERNEL for the probes, built in a work item
 *
 * For vsw_uplink_xmit().
 *
 * Context: any.
 * Return: the frame, or NULL when out of memory.
 */
struct sk_buff *vsw_uplink_frame(struct vsw_port *up, const u8 *src,
				 __be16 proto, u16 tci, unsigned int len,
				 gfp_t gfp)
{
	struct net_device *dev = up->dev;
	unsigned int size = max_t(unsigned int, ETH_HLEN + len, ETH_ZLEN);
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + size + dev->needed_tailroom,
			gfp);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_mac_header(skb);
	eth = skb_put(skb, ETH_HLEN);
	eth_broadcast_addr(eth->h_dest);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = proto;
	skb_set_network_header(skb, ETH_HLEN);
	skb_put_zero(skb, size - ETH_HLEN);
	skb->protocol = proto;
	skb->dev = dev;
	skb->priority = TC_PRIO_CONTROL;
	if (tci)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), tci);
	return skb;
}

/**
 * vsw_uplink_xmit() - send the frames the switch built itself
 * @q: frames built by vsw_uplink_frame(); emptied
 *
 * Each is counted as sent on its uplink.  BH is disabled around the sends,
 * as the per-CPU counters are also updated from softirq.
 *
 * Context: process context, RTNL held (the uplinks stay attached).
 */
void vsw_uplink_xmit(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	ASSERT_RTNL();		/* the uplinks stay attached */
	local_bh_disable();
	while ((skb = __skb_dequeue(q))) {
		vsw_count_tx(vsw_port_of(skb->dev), skb->len);
		dev_queue_xmit(skb);
	}
	local_bh_enable();
}
