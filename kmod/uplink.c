// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: uplink state, and the frames the switch itself sends out of
 * its uplinks (RARP announcements, beacon probes).
 */
#include <linux/etherdevice.h>
#include <linux/pkt_sched.h>
#include "vswitch.h"

/* Link state: administratively up and carrier (operationally up). */
bool vsw_uplink_is_up(const struct vsw_port *up)
{
	return netif_running(up->dev) && netif_oper_up(up->dev);
}

u8 vsw_uplink_state(const struct vsw_port *up)
{
	if (!vsw_uplink_is_up(up))
		return VSWITCH_UPLINK_DOWN;
	return up->beacon_failed ? VSWITCH_UPLINK_FAILED : VSWITCH_UPLINK_UP;
}

/* A broadcast frame from @src to send out of @up, tagged with @tci when it
 * is not zero, with @len bytes of zeroed payload at its network header
 * (padded to the Ethernet minimum).
 */
struct sk_buff *vsw_uplink_frame(struct vsw_port *up, const u8 *src,
				 __be16 proto, u16 tci, unsigned int len)
{
	struct net_device *dev = up->dev;
	unsigned int size = max_t(unsigned int, ETH_HLEN + len, ETH_ZLEN);
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + size + dev->needed_tailroom,
			GFP_ATOMIC);
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

/* Send the frames of @q (built by vsw_uplink_frame()), counting them. */
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
