// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: traffic filtering and marking (vDS 5.5+ "Traffic filtering and
 * marking").  A portgroup has an ordered list of rules; each matches
 * frames by direction (in: from the VM into the switch; out: to the VM),
 * MAC addresses, EtherType, IP prefixes, IP protocol and TCP/UDP/SCTP
 * port ranges, and allows, drops, or marks them (DSCP, 802.1Q priority).
 * The first rule that matches decides; a frame no rule matches passes.
 *
 * The list is replaced whole (RCU) on every change and published to the
 * portgroup's ports as their policy is; a port whose portgroup has no rule
 * has a NULL list, and the fast path pays one pointer test per frame.
 * Each rule counts the frames it matched (per CPU).  A rule survives the
 * replacement of the list (its counters too) until it is deleted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/slab.h>
#include <net/dsfield.h>
#include <net/genetlink.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include "vswitch.h"

/* which matches a rule has */
enum {
	VSW_FM_SRC_MAC		= BIT(0),
	VSW_FM_DST_MAC		= BIT(1),
	VSW_FM_ETHERTYPE	= BIT(2),
	VSW_FM_SRC_IP		= BIT(3),
	VSW_FM_DST_IP		= BIT(4),
	VSW_FM_PROTO		= BIT(5),
	VSW_FM_SRC_PORT		= BIT(6),
	VSW_FM_DST_PORT		= BIT(7),
};

#define VSW_FM_L3	(VSW_FM_SRC_IP | VSW_FM_DST_IP | VSW_FM_PROTO | \
			 VSW_FM_SRC_PORT | VSW_FM_DST_PORT)

struct vsw_filter_stats {
	u64_stats_t packets, bytes;
	struct u64_stats_sync syncp;
};

struct vsw_filter_rule {
	struct rcu_head rcu;
	struct vsw_filter_stats __percpu *stats;
	u16 match;			/* VSW_FM_* */
	u8 dir;				/* VSWITCH_SHAPE_IN | _OUT */
	u8 action;			/* enum vswitch_filter_action */
	u8 value;
	u8 family;			/* of the prefixes: 4 or 6, 0: none */
	u8 proto;
	u8 src_plen, dst_plen;
	__be16 ethertype;
	u8 src_mac[ETH_ALEN], dst_mac[ETH_ALEN];
	/* IPv4 in the first 4 bytes; the bits beyond the prefix clear */
	struct in6_addr src_ip, dst_ip;
	u16 sport_min, sport_max, dport_min, dport_max;
};

/* A frame's headers, read once, when a rule needs them. */
struct vsw_filter_pkt {
	bool l2, l3;			/* read yet */
	__be16 proto;			/* the EtherType behind in-band tags */
	u8 l3off;			/* ... and where its header starts */
	u8 family;			/* 4, 6, or 0: not IP */
	u8 ipproto;
	bool ports;			/* sport and dport are valid */
	bool cut;			/* ports due but cut short */
	u16 sport, dport;
	struct in6_addr src, dst;
};

/* The EtherType: behind the tags still in the frame (the second of a
 * double-tagged one from a trunk port), so that no rule is bypassed by
 * a tag; more than VLAN_MAX_DEPTH of them read as unknown, never IP.
 */
static void vsw_filter_l2(struct sk_buff *skb, struct vsw_filter_pkt *k)
{
	__be16 proto = skb->protocol;
	unsigned int off = 0;
	int depth;

	k->l2 = true;
	for (depth = 0; eth_type_vlan(proto) && depth < VLAN_MAX_DEPTH; depth++) {
		struct vlan_hdr _vh;
		const struct vlan_hdr *vh;

		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			break;
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	k->proto = proto;
	k->l3off = off;
}

static bool vsw_proto_has_ports(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP;
}

static void vsw_filter_l3(struct sk_buff *skb, struct vsw_filter_pkt *k)
{
	unsigned int thoff, nh = k->l3off;
	__be16 _ports[2], *ports;

	k->l3 = true;
	if (k->proto == htons(ETH_P_IP)) {
		struct iphdr _iph;
		const struct iphdr *iph;

		iph = skb_header_pointer(skb, nh, sizeof(_iph), &_iph);
		if (!iph || iph->version != 4 || iph->ihl < 5)
			return;
		k->family = 4;
		k->ipproto = iph->protocol;
		k->src.s6_addr32[0] = iph->saddr;
		k->dst.s6_addr32[0] = iph->daddr;
		if (iph->frag_off & htons(IP_OFFSET))
			return;		/* no ports in a later fragment */
		thoff = nh + iph->ihl * 4;
	} else if (k->proto == htons(ETH_P_IPV6)) {
		struct ipv6hdr _ip6h;
		const struct ipv6hdr *ip6h;
		__be16 frag_off = 0;
		u8 nexthdr, _fnh;
		const u8 *fnh;
		int off;

		ip6h = skb_header_pointer(skb, nh, sizeof(_ip6h), &_ip6h);
		if (!ip6h || ip6h->version != 6)
			return;
		k->family = 6;
		k->src = ip6h->saddr;
		k->dst = ip6h->daddr;
		nexthdr = ip6h->nexthdr;
		off = ipv6_skip_exthdr(skb, nh + sizeof(*ip6h), &nexthdr,
				       &frag_off);
		if (off < 0) {
			/* a chain cut short: its protocol is unknown, and
			 * whatever ports it has too
			 */
			k->ipproto = NEXTHDR_NONE;
			k->cut = true;
			return;
		}
		if (nexthdr == NEXTHDR_FRAGMENT && (frag_off & htons(IP6_OFFSET))) {
			/* a later fragment: its protocol, no ports */
			fnh = skb_header_pointer(skb, off, sizeof(_fnh), &_fnh);
			k->ipproto = fnh ? *fnh : nexthdr;
			return;
		}
		k->ipproto = nexthdr;
		thoff = off;
	} else {
		return;
	}
	if (!vsw_proto_has_ports(k->ipproto))
		return;
	ports = skb_header_pointer(skb, thoff, sizeof(_ports), _ports);
	if (!ports) {
		k->cut = true;
		return;
	}
	k->ports = true;
	k->sport = ntohs(ports[0]);
	k->dport = ntohs(ports[1]);
}

/* Return: 1 when @r matches, 0 when not, -1 when @r asks for a protocol or
 * ports that a frame (a first fragment) cut short hides: it is dropped,
 * whatever the rule (an allow would let the rest of the header through
 * unseen).
 */
static int vsw_filter_match(const struct vsw_filter_rule *r,
			    struct sk_buff *skb, struct vsw_filter_pkt *k)
{
	const struct ethhdr *eth = eth_hdr(skb);

	if ((r->match & VSW_FM_SRC_MAC) &&
	    !ether_addr_equal(eth->h_source, r->src_mac))
		return 0;
	if ((r->match & VSW_FM_DST_MAC) &&
	    !ether_addr_equal(eth->h_dest, r->dst_mac))
		return 0;
	if (!(r->match & (VSW_FM_ETHERTYPE | VSW_FM_L3)))
		return 1;
	if (!k->l2)
		vsw_filter_l2(skb, k);
	if ((r->match & VSW_FM_ETHERTYPE) && k->proto != r->ethertype)
		return 0;
	if (!(r->match & VSW_FM_L3))
		return 1;
	if (!k->l3)
		vsw_filter_l3(skb, k);
	if (!k->family || (r->family && r->family != k->family))
		return 0;
	if ((r->match & VSW_FM_SRC_IP) &&
	    !ipv6_prefix_equal(&k->src, &r->src_ip, r->src_plen))
		return 0;
	if ((r->match & VSW_FM_DST_IP) &&
	    !ipv6_prefix_equal(&k->dst, &r->dst_ip, r->dst_plen))
		return 0;
	if (r->match & VSW_FM_PROTO) {
		/* an IPv6 header chain cut short: any protocol */
		if (k->cut && k->ipproto == NEXTHDR_NONE)
			return -1;
		if (k->ipproto != r->proto)
			return 0;
	}
	/* (port ranges come with their protocol: it matched) */
	if (r->match & (VSW_FM_SRC_PORT | VSW_FM_DST_PORT)) {
		if (k->cut)
			return -1;
		if (!k->ports)
			return 0;
		if ((r->match & VSW_FM_SRC_PORT) &&
		    (k->sport < r->sport_min || k->sport > r->sport_max))
			return 0;
		if ((r->match & VSW_FM_DST_PORT) &&
		    (k->dport < r->dport_min || k->dport > r->dport_max))
			return 0;
	}
	return 1;
}

/* The frame's DSCP, its ECN bits kept; the header made private first (a
 * flood's clones share it).  Not for GRO fraglist frames: their segments
 * keep headers of their own.
 */
static void vsw_filter_dscp(struct sk_buff *skb, struct vsw_filter_pkt *k,
			    u8 dscp)
{
	unsigned int nh = k->l3off;

	if (skb_is_gso(skb) &&
	    (skb_shinfo(skb)->gso_type & SKB_GSO_FRAGLIST))
		return;
	if (k->proto == htons(ETH_P_IP)) {
		struct iphdr *iph;

		if (skb_ensure_writable(skb, nh + sizeof(*iph)))
			return;
		iph = (struct iphdr *)(skb->data + nh);
		if (iph->version == 4)
			ipv4_change_dsfield(iph, INET_ECN_MASK, dscp << 2);
	} else if (k->proto == htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6h;

		if (skb_ensure_writable(skb, nh + sizeof(*ip6h)))
			return;
		ip6h = (struct ipv6hdr *)(skb->data + nh);
		if (ip6h->version != 6)
			return;
		ipv6_change_dsfield(ip6h, INET_ECN_MASK, dscp << 2);
		/* no header checksum to keep the sum right: a receive
		 * checksum over the packet is wrong now
		 */
		if (skb->ip_summed == CHECKSUM_COMPLETE)
			skb->ip_summed = CHECKSUM_NONE;
	}
}

/**
 * vsw_filter_run() - a portgroup's rules on a frame
 * @flt: the rules of the port the frame comes from or goes to
 * @skb: the frame, data at the network header (the header may be made
 *	private: pointers into it taken before are stale)
 * @dir: VSWITCH_SHAPE_IN (from the VM) or VSWITCH_SHAPE_OUT (to it)
 * @pcp: set to the 802.1Q priority a pcp rule gives it, else untouched
 *
 * Context: the fast path.
 * Return: false when a rule drops the frame.
 */
bool vsw_filter_run(const struct vsw_filter *flt, struct sk_buff *skb,
		    u8 dir, int *pcp)
{
	struct vsw_filter_pkt k = { };
	int i, m;

	for (i = 0; i < flt->n; i++) {
		const struct vsw_filter_rule *r = flt->rule[i];
		struct vsw_filter_stats *st;

		if (!(r->dir & dir))
			continue;
		m = vsw_filter_match(r, skb, &k);
		if (m < 0)
			return false;
		if (!m)
			continue;
		st = this_cpu_ptr(r->stats);
		u64_stats_update_begin(&st->syncp);
		u64_stats_inc(&st->packets);
		u64_stats_add(&st->bytes, skb->len + ETH_HLEN);
		u64_stats_update_end(&st->syncp);
		switch (r->action) {
		case VSWITCH_FILTER_ACTION_DROP:
			return false;
		case VSWITCH_FILTER_ACTION_DSCP:
			if (!k.l2)
				vsw_filter_l2(skb, &k);
			vsw_filter_dscp(skb, &k, r->value);
			break;
		case VSWITCH_FILTER_ACTION_PCP:
			skb->priority = r->value;
			*pcp = r->value;
			break;
		}
		return true;
	}
	return true;
}

/* --- configuration ------------------------------------------------------ */

static void vsw_filter_rule_free(struct vsw_filter_rule *r)
{
	free_percpu(r->stats);
	kfree(r);
}

static void vsw_filter_rule_free_rcu(struct rcu_head *head)
{
	vsw_filter_rule_free(container_of(head, struct vsw_filter_rule, rcu));
}

/* The portgroup's list, on the config side */
static struct vsw_filter *vsw_pg_filter(const struct vsw_portgroup *pg)
{
	return rcu_dereference_protected(pg->filter,
					 lockdep_is_held(&vsw_mutex));
}

/* Publish @flt (NULL: no rule) to the portgroup and its ports; the old
 * list goes after a grace period, its rules stay (they are @flt's, or the
 * caller frees the one it removed).
 */
static void vsw_filter_publish(struct vsw_portgroup *pg, struct vsw_filter *flt)
{
	struct vsw_filter *old = vsw_pg_filter(pg);
	struct vsw_port *p;

	rcu_assign_pointer(pg->filter, flt);
	list_for_each_entry(p, &pg->sw->ports, list)
		if (p->pg == pg)
			rcu_assign_pointer(p->filter, flt);
	if (old)
		kfree_rcu(old, rcu);
}

/* A prefix match (@bit) from @attr and @plen_attr, if the request has one */
static int vsw_filter_ip(struct vsw_filter_rule *r, struct nlattr **a,
			 int attr, int plen_attr, u16 bit, struct in6_addr *ip,
			 u8 *plen, struct netlink_ext_ack *extack)
{
	u8 *family = &r->family, fam;
	struct in6_addr addr;
	int len, max;

	if (!a[attr]) {
		if (!a[plen_attr])
			return 0;
		NL_SET_ERR_MSG_ATTR(extack, a[plen_attr],
				    "a prefix length needs its address");
		return -EINVAL;
	}
	r->match |= bit;
	len = nla_len(a[attr]);
	fam = len == 4 ? 4 : 6;
	if (len != 4 && len != 16) {
		NL_SET_ERR_MSG_ATTR(extack, a[attr],
				    "an IP address is 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	if (*family && *family != fam) {
		NL_SET_ERR_MSG_ATTR(extack, a[attr],
				    "the source and destination prefixes must be of one family");
		return -EINVAL;
	}
	*family = fam;
	max = len * 8;
	*plen = a[plen_attr] ? nla_get_u8(a[plen_attr]) : max;
	if (*plen > max) {
		NL_SET_ERR_MSG_ATTR(extack, a[plen_attr],
				    "the prefix length is longer than the address");
		return -EINVAL;
	}
	/* (ipv6_addr_prefix() clears its output before it reads its input) */
	memset(&addr, 0, sizeof(addr));
	memcpy(&addr, nla_data(a[attr]), len);
	ipv6_addr_prefix(ip, &addr, *plen);
	return 0;
}

/* A port range match (@bit), if the request has one */
static int vsw_filter_ports(struct vsw_filter_rule *r, struct nlattr **a,
			    int min_attr, int max_attr, u16 bit, u16 *min,
			    u16 *max, struct netlink_ext_ack *extack)
{
	if (!a[min_attr] && !a[max_attr])
		return 0;
	r->match |= bit;
	if (!a[min_attr]) {
		NL_SET_ERR_MSG_ATTR(extack, a[max_attr],
				    "a port range needs its first port");
		return -EINVAL;
	}
	*min = nla_get_u16(a[min_attr]);
	*max = a[max_attr] ? nla_get_u16(a[max_attr]) : *min;
	if (*max < *min) {
		NL_SET_ERR_MSG_ATTR(extack, a[max_attr],
				    "a port range must not end before it starts");
		return -EINVAL;
	}
	return 0;
}

/* A rule from a request's attributes, or an ERR_PTR() with extack set. */
static struct vsw_filter_rule *vsw_filter_rule_parse(struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	struct vsw_filter_rule *r;
	int err = -EINVAL;

	if (!a[VSWITCH_A_FILTER_ACTION]) {
		NL_SET_ERR_MSG_MOD(extack, "a rule needs an action");
		NL_SET_ERR_ATTR_MISS(extack, NULL, VSWITCH_A_FILTER_ACTION);
		return ERR_PTR(-EINVAL);
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->action = nla_get_u8(a[VSWITCH_A_FILTER_ACTION]);
	r->dir = a[VSWITCH_A_FILTER_DIR] ? nla_get_u8(a[VSWITCH_A_FILTER_DIR]) :
		 VSWITCH_SHAPE_DIR_MAX;
	if (r->action == VSWITCH_FILTER_ACTION_DSCP ||
	    r->action == VSWITCH_FILTER_ACTION_PCP) {
		if (!a[VSWITCH_A_FILTER_VALUE]) {
			NL_SET_ERR_MSG_MOD(extack, "a dscp or pcp action needs its value");
			NL_SET_ERR_ATTR_MISS(extack, NULL, VSWITCH_A_FILTER_VALUE);
			goto err;
		}
		r->value = nla_get_u8(a[VSWITCH_A_FILTER_VALUE]);
		if (r->action == VSWITCH_FILTER_ACTION_PCP && r->value > 7) {
			NL_SET_ERR_MSG_ATTR(extack, a[VSWITCH_A_FILTER_VALUE],
					    "a PCP is 0-7");
			goto err;
		}
	} else if (a[VSWITCH_A_FILTER_VALUE]) {
		NL_SET_ERR_MSG_ATTR(extack, a[VSWITCH_A_FILTER_VALUE],
				    "only dscp and pcp actions take a value");
		goto err;
	}
	if (a[VSWITCH_A_FILTER_SRC_MAC]) {
		r->match |= VSW_FM_SRC_MAC;
		ether_addr_copy(r->src_mac, nla_data(a[VSWITCH_A_FILTER_SRC_MAC]));
	}
	if (a[VSWITCH_A_FILTER_DST_MAC]) {
		r->match |= VSW_FM_DST_MAC;
		ether_addr_copy(r->dst_mac, nla_data(a[VSWITCH_A_FILTER_DST_MAC]));
	}
	if (vsw_filter_ip(r, a, VSWITCH_A_FILTER_SRC_IP,
			  VSWITCH_A_FILTER_SRC_PLEN, VSW_FM_SRC_IP, &r->src_ip,
			  &r->src_plen, extack) ||
	    vsw_filter_ip(r, a, VSWITCH_A_FILTER_DST_IP,
			  VSWITCH_A_FILTER_DST_PLEN, VSW_FM_DST_IP, &r->dst_ip,
			  &r->dst_plen, extack))
		goto err;
	if (a[VSWITCH_A_FILTER_PROTO]) {
		r->match |= VSW_FM_PROTO;
		r->proto = nla_get_u8(a[VSWITCH_A_FILTER_PROTO]);
	}
	if (vsw_filter_ports(r, a, VSWITCH_A_FILTER_SRC_PORT_MIN,
			     VSWITCH_A_FILTER_SRC_PORT_MAX, VSW_FM_SRC_PORT,
			     &r->sport_min, &r->sport_max, extack) ||
	    vsw_filter_ports(r, a, VSWITCH_A_FILTER_DST_PORT_MIN,
			     VSWITCH_A_FILTER_DST_PORT_MAX, VSW_FM_DST_PORT,
			     &r->dport_min, &r->dport_max, extack))
		goto err;
	if (a[VSWITCH_A_FILTER_ETHERTYPE]) {
		r->match |= VSW_FM_ETHERTYPE;
		r->ethertype = htons(nla_get_u16(a[VSWITCH_A_FILTER_ETHERTYPE]));
		/* a rule that can match nothing is a mistake: say so */
		if ((r->match & VSW_FM_L3) &&
		    !(r->ethertype == htons(ETH_P_IP) && r->family != 6) &&
		    !(r->ethertype == htons(ETH_P_IPV6) && r->family != 4)) {
			NL_SET_ERR_MSG_ATTR(extack, a[VSWITCH_A_FILTER_ETHERTYPE],
					    "IP matches need the IPv4 or IPv6 EtherType of their family");
			goto err;
		}
	}
	if ((r->match & (VSW_FM_SRC_PORT | VSW_FM_DST_PORT)) &&
	    (!(r->match & VSW_FM_PROTO) || !vsw_proto_has_ports(r->proto))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "port ranges need the protocol tcp, udp, udplite or sctp");
		goto err;
	}
	r->stats = __netdev_alloc_pcpu_stats(struct vsw_filter_stats,
					     GFP_KERNEL_ACCOUNT);
	if (!r->stats) {
		err = -ENOMEM;
		goto err;
	}
	return r;
err:
	kfree(r);
	return ERR_PTR(err);
}

/**
 * vsw_filter_add() - add a rule to a portgroup from a request
 * @pg: the portgroup
 * @info: the request (VSWITCH_CMD_FILTER_NEW)
 * @index: set to the rule's place, from 1
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0, or an error with @info->extack set and nothing changed.
 */
int vsw_filter_add(struct vsw_portgroup *pg, struct genl_info *info,
		   u32 *index)
{
	struct vsw_filter *old = vsw_pg_filter(pg), *flt;
	struct nlattr *ia = info->attrs[VSWITCH_A_FILTER_INDEX];
	unsigned int n = old ? old->n : 0, at = n;
	struct vsw_filter_rule *r;

	vsw_assert_locked();
	if (n >= VSWITCH_FILTER_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "portgroup %s has %u rules already, the most it may",
				       pg->name, n);
		return -ENOSPC;
	}
	if (ia) {
		at = nla_get_u32(ia) - 1;
		if (at > n) {
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "index %u: portgroup %s has %u rules",
					       at + 1, pg->name, n);
			NL_SET_BAD_ATTR(info->extack, ia);
			return -ERANGE;
		}
	}
	r = vsw_filter_rule_parse(info);
	if (IS_ERR(r))
		return PTR_ERR(r);
	flt = kzalloc(struct_size(flt, rule, n + 1), GFP_KERNEL_ACCOUNT);
	if (!flt) {
		vsw_filter_rule_free(r);
		NL_SET_ERR_MSG_MOD(info->extack, "cannot allocate the rule list");
		return -ENOMEM;
	}
	if (n) {
		memcpy(flt->rule, old->rule, at * sizeof(r));
		memcpy(flt->rule + at + 1, old->rule + at, (n - at) * sizeof(r));
		flt->dirs = old->dirs;
	}
	flt->rule[at] = r;
	flt->n = n + 1;
	flt->dirs |= r->dir;
	vsw_filter_publish(pg, flt);
	*index = at + 1;
	return 0;
}

/**
 * vsw_filter_announce() - call @gone for a portgroup's rule, or all
 * @pg: the portgroup
 * @index: the rule's place, from 1; 0: every rule, the last first (the
 *	places of those before stay right)
 * @gone: called with each rule and its place (its delete event)
 *
 * Context: vsw_mutex held.
 */
void vsw_filter_announce(const struct vsw_portgroup *pg, u32 index,
			 vsw_filter_gone_t gone)
{
	const struct vsw_filter *flt = vsw_pg_filter(pg);
	u32 i;

	for (i = flt ? flt->n : 0; i; i--)
		if (!index || i == index)
			gone(pg, flt->rule[i - 1], i);
}

/**
 * vsw_filter_del() - remove a portgroup's rule, or all of them
 * @pg: the portgroup
 * @index: the rule's place, from 1; 0: every rule
 * @gone: called with each rule removed, and its place, before it goes
 *	(the events); NULL: none
 * @extack: where a refusal is explained
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0, -ENOENT (no such rule) or -ENOMEM (nothing changed then).
 */
int vsw_filter_del(struct vsw_portgroup *pg, u32 index, vsw_filter_gone_t gone,
		   struct netlink_ext_ack *extack)
{
	struct vsw_filter *old = vsw_pg_filter(pg), *flt = NULL;
	unsigned int n = old ? old->n : 0, i;

	vsw_assert_locked();
	if (index > n) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "portgroup %s has no rule %u",
				       pg->name, index);
		return -ENOENT;
	}
	if (!n)
		return 0;
	if (index && n > 1) {
		flt = kzalloc(struct_size(flt, rule, n - 1), GFP_KERNEL_ACCOUNT);
		if (!flt) {
			NL_SET_ERR_MSG_MOD(extack, "cannot allocate the rule list");
			return -ENOMEM;
		}
		for (i = 0; i < n; i++)
			if (i != index - 1) {
				flt->rule[flt->n++] = old->rule[i];
				flt->dirs |= old->rule[i]->dir;
			}
	}
	if (gone)
		vsw_filter_announce(pg, index, gone);
	vsw_filter_publish(pg, flt);
	for (i = 0; i < n; i++)
		if (!index || i == index - 1)
			call_rcu(&old->rule[i]->rcu, vsw_filter_rule_free_rcu);
	return 0;
}

/**
 * vsw_filter_port_join() - give a port its portgroup's rules
 * @p: a port that joins p->pg (attached, or moved)
 *
 * Context: RTNL and vsw_mutex held, or before @p is published.
 */
void vsw_filter_port_join(struct vsw_port *p)
{
	rcu_assign_pointer(p->filter, vsw_pg_filter(p->pg));
}

/**
 * vsw_filter_pg_free() - free a deleted portgroup's rules
 * @pg: the portgroup, unlinked, without ports
 *
 * Frames of ports that just left it may still run its rules: they go after
 * a grace period.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_filter_pg_free(struct vsw_portgroup *pg)
{
	vsw_filter_del(pg, 0, NULL, NULL);
}

/**
 * vsw_filter_fill() - put a rule in a message
 * @msg: the message
 * @r: the rule
 * @index: its place, from 1
 *
 * Return: 0 or -EMSGSIZE.
 */
int vsw_filter_fill(struct sk_buff *msg, const struct vsw_filter_rule *r,
		    u32 index)
{
	u64 packets = 0, bytes = 0;
	int cpu, ilen = r->family == 4 ? 4 : 16;

	for_each_possible_cpu(cpu) {
		const struct vsw_filter_stats *st = per_cpu_ptr(r->stats, cpu);
		unsigned int start;
		u64 p, b;

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			p = u64_stats_read(&st->packets);
			b = u64_stats_read(&st->bytes);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		packets += p;
		bytes += b;
	}
	if (nla_put_u32(msg, VSWITCH_A_FILTER_INDEX, index) ||
	    nla_put_u8(msg, VSWITCH_A_FILTER_DIR, r->dir) ||
	    ((r->match & VSW_FM_SRC_MAC) &&
	     nla_put(msg, VSWITCH_A_FILTER_SRC_MAC, ETH_ALEN, r->src_mac)) ||
	    ((r->match & VSW_FM_DST_MAC) &&
	     nla_put(msg, VSWITCH_A_FILTER_DST_MAC, ETH_ALEN, r->dst_mac)) ||
	    ((r->match & VSW_FM_ETHERTYPE) &&
	     nla_put_u16(msg, VSWITCH_A_FILTER_ETHERTYPE, ntohs(r->ethertype))) ||
	    ((r->match & VSW_FM_SRC_IP) &&
	     (nla_put(msg, VSWITCH_A_FILTER_SRC_IP, ilen, &r->src_ip) ||
	      nla_put_u8(msg, VSWITCH_A_FILTER_SRC_PLEN, r->src_plen))) ||
	    ((r->match & VSW_FM_DST_IP) &&
	     (nla_put(msg, VSWITCH_A_FILTER_DST_IP, ilen, &r->dst_ip) ||
	      nla_put_u8(msg, VSWITCH_A_FILTER_DST_PLEN, r->dst_plen))) ||
	    ((r->match & VSW_FM_PROTO) &&
	     nla_put_u8(msg, VSWITCH_A_FILTER_PROTO, r->proto)) ||
	    ((r->match & VSW_FM_SRC_PORT) &&
	     (nla_put_u16(msg, VSWITCH_A_FILTER_SRC_PORT_MIN, r->sport_min) ||
	      nla_put_u16(msg, VSWITCH_A_FILTER_SRC_PORT_MAX, r->sport_max))) ||
	    ((r->match & VSW_FM_DST_PORT) &&
	     (nla_put_u16(msg, VSWITCH_A_FILTER_DST_PORT_MIN, r->dport_min) ||
	      nla_put_u16(msg, VSWITCH_A_FILTER_DST_PORT_MAX, r->dport_max))) ||
	    nla_put_u8(msg, VSWITCH_A_FILTER_ACTION, r->action) ||
	    ((r->action == VSWITCH_FILTER_ACTION_DSCP ||
	      r->action == VSWITCH_FILTER_ACTION_PCP) &&
	     nla_put_u8(msg, VSWITCH_A_FILTER_VALUE, r->value)) ||
	    nla_put_u64_64bit(msg, VSWITCH_A_FILTER_PACKETS, packets,
			      VSWITCH_A_PAD) ||
	    nla_put_u64_64bit(msg, VSWITCH_A_FILTER_BYTES, bytes, VSWITCH_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/**
 * vsw_filter_rule_at() - a portgroup's rule by place
 * @pg: the portgroup
 * @index: the place, from 1
 *
 * Context: vsw_mutex held.
 * Return: the rule, or NULL past the end.
 */
const struct vsw_filter_rule *vsw_filter_rule_at(const struct vsw_portgroup *pg,
						 u32 index)
{
	const struct vsw_filter *flt = vsw_pg_filter(pg);

	if (!flt || !index || index > flt->n)
		return NULL;
	return flt->rule[index - 1];
}
