// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: IPFIX flow export (vDS "NetFlow"), the kernel's half.  The
 * switch samples the frames it delivers from or to a port of a portgroup
 * with `ipfix on` (1 of N per CPU) into the kernel's psample, one group per
 * switch, 1 of N at random; vswitch-ipfixd (userspace/ipfixd.c) reads the samples from
 * psample's netlink group, keeps the flow cache, and exports IPFIX with
 * libfixbuf to the collector the switch names.  The flow cache is in the
 * daemon: a bounded table in process memory, not in the kernel, where a
 * namespace owner's traffic could grow it (Documentation/ipfix.md).
 *
 * A sample carries the frame's headers (from its Ethernet header to the
 * transport header's flags, no payload), its length, the sampling rate,
 * and, where psample has no attribute for them: its segment's VID as
 * out-tc, the full ingress and egress ifindexes as out-tc-occ (psample's
 * own are u16), its GSO segments as latency.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <net/genetlink.h>
#include <net/psample.h>
#include "vswitch.h"

/* psample's samples reach any user that joins its "packets" group
 * unless genetlink can restrict that group to CAP_NET_ADMIN (6.1.176 and
 * later 6.1 stable releases; 6.7): export is refused on a kernel without
 * that
 */
#if IS_ENABLED(CONFIG_PSAMPLE) && defined(GENL_MCAST_CAP_NET_ADMIN)
#define VSW_IPFIX_OK	1
#else
#define VSW_IPFIX_OK	0
#endif

#if VSW_IPFIX_OK
/* What of a frame the daemon reads: its headers up to the transport
 * header's flags, no payload (samples must not carry guests' data
 * further than they need).
 */
static u32 vsw_ipfix_snaplen(const struct sk_buff *skb)
{
	const struct iphdr *iph;
	struct iphdr _iph;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		iph = skb_header_pointer(skb, ETH_HLEN, sizeof(_iph), &_iph);
		return ETH_HLEN + (iph ? iph->ihl * 4 : 0) + 20;
	case htons(ETH_P_IPV6):
		return ETH_HLEN + sizeof(struct ipv6hdr) + 20;
	}
	return ETH_HLEN;
}
#endif

/**
 * vsw_ipfix_sample() - sample a frame the switch delivers
 * @to: the port or uplink it goes out of
 * @skb: the frame, data at its Ethernet header
 * @f: its state (ingress port, segment)
 *
 * Called when the ingress or the egress port's portgroup exports.
 *
 * Context: the fast path, under RCU.
 */
void vsw_ipfix_sample(struct vsw_port *to, struct sk_buff *skb,
		      const struct vsw_frame *f)
{
#if VSW_IPFIX_OK
	struct vsw_switch *sw = to->sw;
	struct psample_group *g = rcu_dereference(sw->ipfix.group);
	struct psample_metadata md = {};
	u32 n;

	if (!g)
		return;
	if (READ_ONCE(sw->ipfix.internal_only) &&
	    (f->in->role == VSW_ROLE_UPLINK || to->role == VSW_ROLE_UPLINK))
		return;
	/* at random, as sFlow: a count would sample the same direction of
	 * a request-reply exchange every time
	 */
	n = READ_ONCE(sw->ipfix.sample);
	if (n > 1 && get_random_u32() % n)
		return;
	md.trunc_size = vsw_ipfix_snaplen(skb);
	md.in_ifindex = f->in->dev->ifindex;
	md.out_ifindex = to->dev->ifindex;
	/* what psample has no attribute for goes where it fits: its
	 * ifindexes are u16, its traffic class and latency unused here
	 */
	md.out_tc = vsw_seg_is_overlay(f->vid) ? 0 : f->vid;	/* a VLAN */
	md.out_tc_valid = 1;
	md.out_tc_occ = (u64)f->in->dev->ifindex << 32 | to->dev->ifindex;
	md.out_tc_occ_valid = 1;
	md.latency = skb_is_gso(skb) ? max_t(u32, skb_shinfo(skb)->gso_segs,
					     DIV_ROUND_UP(skb->len,
							  skb_shinfo(skb)->gso_size)) : 1;
	md.latency_valid = 1;
	psample_sample_packet(g, skb, n, &md);
#endif
}

/**
 * vsw_ipfix_set() - change a switch's IPFIX export from a request
 * @sw: the switch
 * @info: the request (VSWITCH_CMD_SWITCH_SET)
 *
 * A non-empty collector turns export on (the switch takes a psample
 * group), an empty one off; the other values are kept unless given.
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0, or an error with @info->extack set and nothing changed.
 */
int vsw_ipfix_set(struct vsw_switch *sw, struct genl_info *info)
{
	struct nlattr *ca = info->attrs[VSWITCH_A_SWITCH_IPFIX_COLLECTOR];
	struct vsw_ipfix *x = &sw->ipfix;
	struct psample_group *g = NULL;
	struct nlattr **a = info->attrs;
	int len = ca ? nla_len(ca) : -1;

	if (len > 0 && len != 4 && len != 16) {
		NL_SET_ERR_MSG_ATTR(info->extack, ca,
				    "the collector is an IPv4 or IPv6 address");
		return -EINVAL;
	}
	if (len > 0 && !VSW_IPFIX_OK) {
		NL_SET_ERR_MSG_ATTR(info->extack, ca,
				    "this kernel's psample gives samples to any user: no export");
		return -EOPNOTSUPP;
	}
#if VSW_IPFIX_OK
	if (len > 0 && !x->addr_len) {
		u32 num = VSWITCH_IPFIX_PSAMPLE_BASE + ++sw->vn->ipfix_next;

		g = psample_group_get(sw->net, num);
		if (!g) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "cannot allocate the psample group");
			return -ENOMEM;
		}
		x->group_num = num;
	}
#endif
	if (len > 0) {
		memcpy(x->addr, nla_data(ca), len);
		x->addr_len = len;
	}
	if (a[VSWITCH_A_SWITCH_IPFIX_PORT])
		x->port = nla_get_u16(a[VSWITCH_A_SWITCH_IPFIX_PORT]);
	if (a[VSWITCH_A_SWITCH_IPFIX_DOMAIN])
		x->domain = nla_get_u32(a[VSWITCH_A_SWITCH_IPFIX_DOMAIN]);
	if (a[VSWITCH_A_SWITCH_IPFIX_SAMPLE])
		WRITE_ONCE(x->sample, nla_get_u32(a[VSWITCH_A_SWITCH_IPFIX_SAMPLE]));
	if (a[VSWITCH_A_SWITCH_IPFIX_ACTIVE])
		x->active = nla_get_u32(a[VSWITCH_A_SWITCH_IPFIX_ACTIVE]);
	if (a[VSWITCH_A_SWITCH_IPFIX_IDLE])
		x->idle = nla_get_u32(a[VSWITCH_A_SWITCH_IPFIX_IDLE]);
	if (a[VSWITCH_A_SWITCH_IPFIX_INTERNAL_ONLY])
		WRITE_ONCE(x->internal_only,
			   nla_get_u8(a[VSWITCH_A_SWITCH_IPFIX_INTERNAL_ONLY]));
	if (g)
		rcu_assign_pointer(x->group, g);
	if (!len)
		vsw_ipfix_fini(sw);
	return 0;
}

/**
 * vsw_ipfix_init() - a new switch's IPFIX defaults (export off)
 * @sw: the switch
 */
void vsw_ipfix_init(struct vsw_switch *sw)
{
	sw->ipfix.port = VSWITCH_IPFIX_PORT_DEFAULT;
	sw->ipfix.sample = 1;
	sw->ipfix.active = VSWITCH_IPFIX_ACTIVE_DEFAULT;
	sw->ipfix.idle = VSWITCH_IPFIX_IDLE_DEFAULT;
}

/**
 * vsw_ipfix_fini() - turn a switch's export off
 * @sw: the switch
 *
 * psample frees the group after a grace period: frames in flight may
 * still sample into it.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_ipfix_fini(struct vsw_switch *sw)
{
	struct psample_group *g = rcu_dereference_protected(sw->ipfix.group,
						lockdep_is_held(&vsw_mutex));

	sw->ipfix.addr_len = 0;
	if (!g)
		return;
	RCU_INIT_POINTER(sw->ipfix.group, NULL);
#if VSW_IPFIX_OK
	psample_group_put(g);
#endif
}

/**
 * vsw_ipfix_fill() - a switch's IPFIX attributes, for replies and events
 * @msg: the message
 * @sw: the switch
 *
 * Context: vsw_mutex held.
 * Return: 0 or -EMSGSIZE.
 */
int vsw_ipfix_fill(struct sk_buff *msg, const struct vsw_switch *sw)
{
	const struct vsw_ipfix *x = &sw->ipfix;

	if (nla_put(msg, VSWITCH_A_SWITCH_IPFIX_COLLECTOR, x->addr_len, x->addr) ||
	    nla_put_u16(msg, VSWITCH_A_SWITCH_IPFIX_PORT, x->port) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_IPFIX_DOMAIN, x->domain) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_IPFIX_SAMPLE, x->sample) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_IPFIX_ACTIVE, x->active) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_IPFIX_IDLE, x->idle) ||
	    nla_put_u8(msg, VSWITCH_A_SWITCH_IPFIX_INTERNAL_ONLY, x->internal_only) ||
	    (x->addr_len &&
	     nla_put_u32(msg, VSWITCH_A_SWITCH_IPFIX_GROUP, x->group_num)))
		return -EMSGSIZE;
	return 0;
}
