// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: the fast path.  Every frame a port or uplink netdev receives
 * comes here through its rx_handler and walks, top to bottom:
 *
 *   classify  the VLAN policy puts it in one segment (or drops it)
 *   check     MTU; from an uplink, the loop guard; from a port, the
 *             security policy on its source MAC (security.c) and its
 *             shaping profile (shaping.c; out: at delivery to a port)
 *   learn     its source MAC, from ports only
 *   lookup    its destination in the MAC table of the segment
 *   deliver   known unicast: to that port only
 *             unicast, known or not: a copy to every promiscuous port
 *               of the segment
 *             unknown unicast: also to the segment's cold ports (their
 *               MAC not known yet: vsw_port_warm()) and MAC learning
 *               ports with unknown-flood
 *             unknown unicast from a port: to its uplink only
 *             broadcast/multicast from a port: every other port of the
 *               segment plus its uplink
 *             IGMP/MLD snooping (mdb.c): multicast to a group ports
 *               joined only to them (and the uplink); reports to the
 *               uplink only
 *             private VLANs: only to the ports vsw_pvlan_ok() allows;
 *               known unicast to another one dropped, counted "pvlan"
 *             link control (STP, LACP, LLDP, MVRP, CDP, PVST+): never;
 *               from an uplink to the host stack, from a port dropped
 *             from an uplink: known unicast to the port; broadcast and
 *               multicast to the ports of the segment whose home uplink
 *               it is (teaming.c); unknown unicast dropped (but for
 *               the copies above); beacon probes
 *               consumed (beacon.c); never to another uplink
 *             overlay segments (overlay.c): their one uplink is the
 *               overlay; from it, frames of listed VTEPs and known VNIs
 *               only, their source learned with the VTEP (never a local
 *               port's MAC); never back to the overlay
 *
 * Runs under the RCU read lock of the receive path; takes no lock except
 * when a never-seen source MAC is added to the MAC table, and allocates only
 * the clones a flood needs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include "vswitch.h"

/**
 * vsw_count_drop() - count a dropped frame
 * @p: the port or uplink it is counted on
 * @r: why it was dropped
 *
 * Context: BH disabled (the per-CPU counters are updated from softirq).
 */
void vsw_count_drop(struct vsw_port *p, enum vswitch_drop_reason r)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	s->drops[r]++;
	u64_stats_update_end(&s->syncp);
}

static void vsw_drop(struct vsw_port *p, struct sk_buff *skb,
		     enum vswitch_drop_reason r)
{
	vsw_count_drop(p, r);
	kfree_skb(skb);
}

static void vsw_count_rx(struct vsw_port *p, unsigned int len)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	s->rx_packets++;
	s->rx_bytes += len;
	u64_stats_update_end(&s->syncp);
}

/**
 * vsw_count_tx() - count a frame sent out of a port or uplink
 * @p: the port or uplink
 * @len: the frame's length, Ethernet header included
 *
 * Context: BH disabled (the per-CPU counters are updated from softirq).
 */
void vsw_count_tx(struct vsw_port *p, unsigned int len)
{
	struct vsw_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	s->tx_packets++;
	s->tx_bytes += len;
	u64_stats_update_end(&s->syncp);
}

/* GSO frames are judged by the size of the segments they become. */
static bool vsw_mtu_ok(const struct vsw_switch *sw, const struct sk_buff *skb)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, READ_ONCE(sw->mtu));
	return skb->len <= READ_ONCE(sw->mtu);
}

/* Hand @skb (data at the network header, as the rx_handler got it) to the
 * egress netdev; the stack segments GSO frames and inserts the VLAN tag in
 * software when the device cannot.
 */
static void vsw_deliver(struct vsw_port *to, struct sk_buff *skb,
			const struct vsw_frame *f)
{
	bool ipfix = f->pol && f->pol->ipfix;
	int pcp = -1;

	if (to->role == VSW_ROLE_PORT) {
		const struct vsw_policy *pol = rcu_dereference(to->pol);
		const struct vsw_filter *flt = rcu_dereference(to->filter);

		ipfix |= pol->ipfix;
		if (unlikely(test_bit(VSW_PORT_BLOCKED, &to->flags))) {
			vsw_drop(to, skb, VSWITCH_DROP_BLOCKED);
			return;
		}
		if (unlikely(test_bit(VSW_PORT_MIRROR_DST, &to->flags))) {
			vsw_drop(to, skb, VSWITCH_DROP_MIRROR);
			return;
		}
		/* before shaping: a dropped frame takes no tokens */
		if (unlikely(flt) && (flt->dirs & VSWITCH_SHAPE_OUT) &&
		    !vsw_filter_run(flt, skb, VSWITCH_SHAPE_OUT, &pcp)) {
			vsw_drop(to, skb, VSWITCH_DROP_FILTER);
			return;
		}
		if (unlikely(pol->shape_dir & VSWITCH_SHAPE_OUT) &&
		    !vsw_shaper_pass(&to->shaper[VSW_SHAPER_OUT], pol,
				     skb->len + ETH_HLEN)) {
			vsw_drop(to, skb, VSWITCH_DROP_SHAPING);
			return;
		}
	} else if (unlikely(vsw_seg_is_overlay(f->vid)) &&
		   to->role == VSW_ROLE_UPLINK) {
		/* a port moving into an overlay segment, its team not
		 * rebuilt yet: an overlay's frame never leaves by an uplink
		 */
		vsw_drop(to, skb, VSWITCH_DROP_NO_UPLINK);
		return;
	}
	vsw_vlan_egress(skb, to, f);
	/* a pcp rule of the port: the priority of the tag it sees */
	if (unlikely(pcp >= 0) && skb_vlan_tag_present(skb))
		__vlan_hwaccel_put_tag(skb, skb->vlan_proto,
				       (skb_vlan_tag_get(skb) & ~VLAN_PRIO_MASK) |
				       (pcp << VLAN_PRIO_SHIFT));
	skb->dev = to->dev;
	skb_push(skb, ETH_HLEN);
	if (unlikely(!is_skb_forwardable(to->dev, skb))) {
		vsw_drop(to, skb, VSWITCH_DROP_MTU);
		return;
	}
	vsw_mirror_port(to, skb, VSW_MIRROR_OUT_SHIFT);	/* as it leaves */
	if (unlikely(ipfix))
		vsw_ipfix_sample(to, skb, f);
	if (unlikely(to->role == VSW_ROLE_OVERLAY)) {
		vsw_overlay_xmit(to, skb, f);	/* counts each copy */
		return;
	}
	vsw_count_tx(to, skb->len);
	if (unlikely(to->kind == VSWITCH_PORT_KIND_INTERNAL)) {
		vsw_internal_rx(to->dev, skb, false);
		return;
	}
	/* Network I/O Control: the uplink's HTB class of the portgroup
	 * (a frame of no portgroup, from another uplink, goes unmarked)
	 */
	if (unlikely(READ_ONCE(to->sw->nioc_rate)) && f->pol &&
	    to->role == VSW_ROLE_UPLINK)
		skb->priority = TC_H_MAKE(VSWITCH_NIOC_HANDLE << 16,
					  f->pol->nioc_class);
	skb_forward_csum(skb);
	dev_queue_xmit(skb);
}

static void vsw_deliver_clone(struct vsw_port *to, struct sk_buff *skb,
			      const struct vsw_frame *f)
{
	struct sk_buff *clone = skb_clone(skb, GFP_ATOMIC);

	if (likely(clone))
		vsw_deliver(to, clone, f);
	else
		dev_core_stats_tx_dropped_inc(to->dev);
}

/* Every frame's own checks: its length against the switch's MTU, and a
 * source MAC that can be a sender's (not zero, not multicast).
 */
static __always_inline bool
vsw_len_src_ok(const struct vsw_switch *sw, const struct sk_buff *skb,
	       enum vswitch_drop_reason *reason)
{
	*reason = VSWITCH_DROP_MTU;
	if (unlikely(!vsw_mtu_ok(sw, skb)))
		return false;
	*reason = VSWITCH_DROP_UNKNOWN;
	return is_valid_ether_addr(eth_hdr(skb)->h_source);
}

/* The known port a unicast frame @f goes to, or NULL; the overlay with
 * f->vtep the VTEP the destination is behind.
 */
static __always_inline struct vsw_port *
vsw_lookup_port(struct vsw_switch *sw, const u8 *dst, struct vsw_frame *f)
{
	u16 vid = f->vid;
	struct vsw_fdb_entry *e = vsw_fdb_lookup(sw, dst, vid);
	struct vsw_port *to;

	if (!e)
		return NULL;
	to = READ_ONCE(e->port);
	if (unlikely(vsw_seg_is_overlay(vid)) && to &&
	    to->role == VSW_ROLE_OVERLAY) {
		f->vtep = READ_ONCE(e->vtep);
		return to;
	}
	/* deleted meanwhile; or it outlived a move for the frames in flight */
	if (unlikely(!to || !vsw_vlan_member(rcu_dereference(to->pol), vid)))
		return NULL;
	return to;
}

/* Whether port @q, a member of the segment, may get a copy of flooded
 * frame @f: not its sender, a member of the private VLAN class, and from
 * an uplink, its home uplink's.
 */
static bool vsw_mcast_to(const struct vsw_port *q, const struct vsw_policy *pol,
			 const struct vsw_frame *f,
			 const struct vsw_port *uplink_of)
{
	return q != f->in && vsw_vlan_member(pol, f->vid) &&
	       vsw_pvlan_ok(f, pol) &&
	       (!uplink_of || vsw_team_rx_ok(q, uplink_of));
}

/* One port of a flood: a copy for the one before it (@prev), if @q
 * takes one; the last gets the original in vsw_flood_end()
 */
static __always_inline void vsw_flood_one(struct vsw_port *q,
					  struct sk_buff *skb,
					  const struct vsw_frame *f,
					  const struct vsw_port *uplink_of,
					  struct vsw_port **prev)
{
	if (!vsw_mcast_to(q, rcu_dereference(q->pol), f, uplink_of))
		return;
	if (*prev)
		vsw_deliver_clone(*prev, skb, f);
	*prev = q;
}

/* The end of a flood: the copy for the last port @prev, then @up (a
 * port's uplink) if any; the last receiver gets the original skb.
 */
static void vsw_flood_end(struct vsw_port *prev, struct vsw_port *up,
			  struct sk_buff *skb, const struct vsw_frame *f)
{
	if (up) {
		if (prev)
			vsw_deliver_clone(prev, skb, f);
		prev = up;
	}
	if (prev)
		vsw_deliver(prev, skb, f);
	else
		consume_skb(skb);
}

/* Broadcast, multicast: every member port of the segment except the
 * ingress one and, when @uplink_of is set, only those whose current uplink
 * it is; then @up (the ingress port's uplink) if any.  The last receiver
 * gets the original skb.
 */
static void vsw_flood(struct vsw_switch *sw, struct sk_buff *skb,
		      const struct vsw_frame *f, struct vsw_port *up,
		      const struct vsw_port *uplink_of)
{
	const struct vsw_flood_map *map = rcu_dereference(sw->flood);
	struct vsw_port *q, *prev = NULL;
	u32 i, end;

	if (unlikely(!map)) {
		list_for_each_entry_rcu(q, &sw->ports, list)
			vsw_flood_one(q, skb, f, uplink_of, &prev);
		vsw_flood_end(prev, up, skb, f);
		return;
	}
	/* the segment's own members, then the trunk ports */
	if (likely(f->vid < VSW_N_SEGS))
		for (i = map->off[f->vid], end = map->off[f->vid + 1];
		     i < end; i++)
			vsw_flood_one(map->ports[i], skb, f, uplink_of, &prev);
	for (i = map->off[VSW_N_SEGS], end = i + map->n_trunks; i < end; i++)
		vsw_flood_one(map->ports[i], skb, f, uplink_of, &prev);
	vsw_flood_end(prev, up, skb, f);
}

/* Multicast to a group some port joined (IGMP/MLD snooping): to the
 * group's ports that take its source, the promiscuous ports of the
 * segment, and @up (from a port: the physical network may have
 * receivers, and its querier wants to see the traffic's reports only).
 */
static void vsw_mdb_flood(struct vsw_switch *sw, struct sk_buff *skb,
			  const struct vsw_frame *f, const struct vsw_mcast *mc,
			  struct vsw_port *up, const struct vsw_port *uplink_of)
{
	unsigned long flood_until = READ_ONCE(mc->g->flood_until);
	struct vsw_port *q, *prev = NULL;
	struct vsw_mdb_member *m;
	bool live = false;

	/* a port's join was refused: the group goes to every port a while */
	if (unlikely(flood_until) && time_before(jiffies, flood_until)) {
		vsw_flood(sw, skb, f, up, uplink_of);
		return;
	}

	hlist_for_each_entry_rcu(m, &mc->g->members, node) {
		const struct vsw_policy *pol;

		if (time_after(jiffies, READ_ONCE(m->expires)))
			continue;
		live = true;
		q = m->port;
		pol = rcu_dereference(q->pol);
		/* the promiscuous ones get theirs below */
		if (pol->promisc || !vsw_mdb_member_ok(m, mc) ||
		    !vsw_mcast_to(q, pol, f, uplink_of))
			continue;
		if (prev)
			vsw_deliver_clone(prev, skb, f);
		prev = q;
	}
	/* every membership expired, the ageing work has not freed them yet:
	 * an unknown group again
	 */
	if (unlikely(!live)) {
		vsw_flood(sw, skb, f, up, uplink_of);
		return;
	}
	if (unlikely(READ_ONCE(sw->n_promisc))) {
		list_for_each_entry_rcu(q, &sw->ports, list) {
			const struct vsw_policy *pol = rcu_dereference(q->pol);

			if (!pol->promisc || !vsw_mcast_to(q, pol, f, uplink_of))
				continue;
			if (prev)
				vsw_deliver_clone(prev, skb, f);
			prev = q;
		}
	}
	vsw_flood_end(prev, up, skb, f);
}

/* Broadcast and multicast, from a port (@up: its uplink, if any) or from
 * uplink @uplink_of; with IGMP/MLD snooping (mdb.c), a group's multicast
 * to its ports, reports and leaves to the querier only.
 */
static void vsw_multicast(struct vsw_switch *sw, struct sk_buff *skb,
			  const struct vsw_frame *f, struct vsw_port *up,
			  const struct vsw_port *uplink_of)
{
	struct vsw_mcast mc;

	/* (broadcast too: an IGMP report to the broadcast MAC must not
	 * reach the other VMs, which would suppress their own)
	 */
	/* (overlay segments flood: every host snoops for its own ports) */
	if (READ_ONCE(sw->multicast) == VSWITCH_MULTICAST_MODE_SNOOPING &&
	    !vsw_seg_is_overlay(f->vid)) {
		switch (vsw_mdb_snoop(sw, skb, f, &mc)) {
		case VSW_MDB_FLOOD:
			break;
		case VSW_MDB_GROUP:
			vsw_mdb_flood(sw, skb, f, &mc, up, uplink_of);
			return;
		case VSW_MDB_REPORT:
			if (up)
				vsw_deliver(up, skb, f);
			else
				consume_skb(skb);
			return;
		case VSW_MDB_BAD:
			vsw_drop(f->in, skb, VSWITCH_DROP_MCAST);
			return;
		}
	}
	vsw_flood(sw, skb, f, up, uplink_of);
}

/* In a private VLAN, a promiscuous-mode port that is not of the primary
 * sees only the unicast its class may see: to promiscuous ports, or to
 * its own community; not what the gateway sends to the other isolated
 * VMs, nor (@to NULL) to the physical network.
 */
static bool vsw_pvlan_promisc_ok(const struct vsw_frame *f,
				 const struct vsw_policy *pol,
				 const struct vsw_port *to)
{
	const struct vsw_policy *tp;

	if (likely(!f->pvlan) || pol->pvlan == VSW_PVLAN_PROMISC)
		return true;
	if (!to)
		return false;
	tp = rcu_dereference(to->pol);
	return tp->pvlan == VSW_PVLAN_PROMISC ||
	       (pol->pvlan == VSW_PVLAN_COMMUNITY && tp->vid == pol->vid);
}

/* Whether port @q, a member of the segment, gets a copy of a unicast
 * frame that is not for it: when promiscuous; and when the destination is
 * unknown (@unknown), when its MAC is not known yet (a cold start: the
 * frame may be for it, vsw_port_warm()) or it is a MAC learning port with
 * unknown-flood (the frame may be for a MAC behind the port that has not sent
 * from yet).
 */
static bool vsw_wants_copy(const struct vsw_port *q,
			   const struct vsw_policy *pol,
			   const struct vsw_frame *f, const struct vsw_port *to,
			   bool unknown)
{
	if (pol->promisc && vsw_pvlan_promisc_ok(f, pol, to))
		return true;
	return unknown && ((pol->learning && pol->unknown_flood) ||
			   (test_bit(VSW_PORT_COLD, &q->flags) &&
			    time_before(jiffies, READ_ONCE(q->cold_until))));
}

/* A unicast frame's copies for the ports of its segment other than @from
 * and @to (NULL: the destination is unknown) that want one
 * (vsw_wants_copy(); from an uplink, those whose home uplink it is).
 * Costs nothing while no port is promiscuous and, for unknown unicast,
 * none is cold or learning.
 *
 * Return: whether a port that is not promiscuous got a copy: the unknown
 * unicast reached a port it may be for.
 */
static bool vsw_unicast_copies_walk(struct vsw_switch *sw, struct sk_buff *skb,
				    const struct vsw_frame *f,
				    const struct vsw_port *to)
{
	const struct vsw_port *uplink_of = f->pol ? NULL : f->in;
	bool unknown = !to, reached = false;
	struct vsw_port *q;

	list_for_each_entry_rcu(q, &sw->ports, list) {
		const struct vsw_policy *pol = rcu_dereference(q->pol);

		if (q == f->in || q == to || !vsw_wants_copy(q, pol, f, to, unknown) ||
		    !vsw_vlan_member(pol, f->vid) || !vsw_pvlan_ok(f, pol))
			continue;
		if (uplink_of && !vsw_team_rx_ok(q, uplink_of))
			continue;
		reached |= !pol->promisc;
		vsw_deliver_clone(q, skb, f);
	}
	return reached;
}

/* (the test inline, the walk out of line: it is for the rare switch with
 * such a port, and every frame pays the test)
 */
static __always_inline bool vsw_unicast_copies(struct vsw_switch *sw,
					       struct sk_buff *skb,
					       const struct vsw_frame *f,
					       const struct vsw_port *to)
{
	if (likely(!READ_ONCE(sw->n_promisc)) &&
	    (to || (likely(!READ_ONCE(sw->n_flood_unknown)) &&
		    likely(!atomic_read(&sw->n_cold)))))
		return false;
	return vsw_unicast_copies_walk(sw, skb, f, to);
}

/* The link-control protocols that must never cross a switch: the IEEE
 * 802.1D reserved groups (01:80:c2:00:00:00-0f: STP, pause, LACP, 802.1X,
 * LLDP), the GARP/MRP applications (01:80:c2:00:00:20-2f: MMRP, MVRP,
 * which register VLANs on a trunk), and Cisco's (01:00:0c:cc:cc:cc: CDP,
 * VTP, DTP, PAgP, UDLD; 01:00:0c:cc:cc:cd: PVST+ BPDUs, which trip a
 * physical switch's BPDU guard as STP's do).
 */
static __always_inline bool vsw_link_control(const u8 *dst)
{
	static const u8 ieee[ETH_ALEN - 1] = { 0x01, 0x80, 0xc2, 0x00, 0x00 };
	static const u8 cisco[ETH_ALEN - 1] = { 0x01, 0x00, 0x0c, 0xcc, 0xcc };

	if (likely(!is_multicast_ether_addr(dst)))
		return false;
	if (!memcmp(dst, ieee, sizeof(ieee)))
		return !(dst[5] & 0xd0);	/* 0x00-0x0f, 0x20-0x2f */
	return !memcmp(dst, cisco, sizeof(cisco)) && (dst[5] & 0xfe) == 0xcc;
}

/* An STP or PVST+ BPDU (to 01:80:c2:00:00:00, 01:00:0c:cc:cc:cd) from a
 * port whose portgroup has bpdu-guard block blocks the port, as ESX's BPDU
 * filter and a physical switch's BPDU guard do: a guest bridging its vNICs,
 * or a rogue one, must not reach the physical network's spanning tree.
 * The event goes out from a work item (vsw_port_block_work()).
 */
static void vsw_bpdu_guard(struct vsw_port *p, const struct vsw_policy *pol,
			   const u8 *dst)
{
	bool bpdu = ether_addr_equal(dst, eth_stp_addr) ||
		    (dst[0] == 0x01 && dst[5] == 0xcd);

	if (pol->bpdu_guard != VSWITCH_BPDU_GUARD_BLOCK || !bpdu ||
	    test_and_set_bit(VSW_PORT_BLOCKED, &p->flags))
		return;
	net_info_ratelimited("%s: port %s blocked: it sent an STP BPDU (bpdu-guard block)\n",
			     p->sw->name, p->dev->name);
	schedule_work(&p->sw->block_work);
}

/* A port's source MAC learned or refreshed: vsw_fdb_learn(), with its
 * common case inline (its own MAC, refreshed already in this jiffy), where
 * it writes nothing: the call is for the once-a-jiffy refresh, a move or
 * a new MAC.
 */
static __always_inline void vsw_learn(struct vsw_switch *sw,
				      struct vsw_port *p,
				      struct vsw_fdb_entry *e, const u8 *addr,
				      u16 vid)
{
	unsigned long now = jiffies;

	if (likely(e) && READ_ONCE(e->port) == p &&
	    READ_ONCE(e->updated) == now && !READ_ONCE(e->vtep))
		return;
	vsw_fdb_learn(sw, p, e, addr, vid, 0);
}

/* Each function below ends a frame's journey once: delivered, flooded,
 * consumed, or dropped at its one drop label, which counts the reason.
 */
static void vsw_from_port(struct vsw_port *p, struct sk_buff *skb,
			  struct vsw_frame *f)
{
	struct vsw_switch *sw = p->sw;
	const struct ethhdr *eth = eth_hdr(skb);
	const struct vsw_filter *flt;
	enum vswitch_drop_reason reason;
	enum vsw_src_verdict src;
	struct vsw_fdb_entry *e;
	struct vsw_port *to, *up;
	bool reached;

	f->pol = rcu_dereference(p->pol);
	reason = VSWITCH_DROP_BLOCKED;
	if (unlikely(test_bit(VSW_PORT_BLOCKED, &p->flags)))
		goto drop;
	/* a mirror destination forwards only copies, unless dst-io */
	reason = VSWITCH_DROP_MIRROR;
	if (unlikely(test_bit(VSW_PORT_MIRROR_DST, &p->flags)))
		goto drop;
	reason = VSWITCH_DROP_VLAN;
	if (unlikely(!vsw_vlan_classify(f, skb)))
		goto drop;
	/* an RSPAN VLAN carries the switches' copies only */
	reason = VSWITCH_DROP_MIRROR;
	if (unlikely(READ_ONCE(sw->mirror_rspan)) &&
	    vsw_mirror_rspan_vid(sw, f->vid))
		goto drop;
	/* STP, LACP, 802.1X, LLDP: a link's own protocols never cross */
	reason = VSWITCH_DROP_RESERVED;
	if (unlikely(vsw_link_control(eth->h_dest))) {
		vsw_bpdu_guard(p, f->pol, eth->h_dest);
		goto drop;
	}
	if (unlikely(!vsw_len_src_ok(sw, skb, &reason)))
		goto drop;
	/* one lookup of the source for the security check and learning */
	e = vsw_fdb_lookup(sw, eth->h_source, f->vid);
	/* (its own MAC: the common case, inline) */
	src = likely(e && READ_ONCE(e->port) == p) ? VSW_SRC_LEARN :
	      vsw_security_src(p, f->pol, eth->h_source, e);
	reason = VSWITCH_DROP_FORGED;
	if (unlikely(src == VSW_SRC_FORGED))
		goto drop;
	reason = VSWITCH_DROP_MAC_LIMIT;
	if (unlikely(src == VSW_SRC_LIMIT))
		goto drop;
	/* the portgroup's traffic filter: a frame it drops teaches nothing */
	flt = rcu_dereference(p->filter);
	if (unlikely(flt) && (flt->dirs & VSWITCH_SHAPE_IN)) {
		int pcp = -1;

		reason = VSWITCH_DROP_FILTER;
		if (!vsw_filter_run(flt, skb, VSWITCH_SHAPE_IN, &pcp))
			goto drop;
		if (pcp >= 0 && f->vid)
			f->tci = (f->tci & ~VLAN_PRIO_MASK) |
				 (pcp << VLAN_PRIO_SHIFT);
		eth = eth_hdr(skb);	/* a DSCP rewrite may move it */
	}
	if (src == VSW_SRC_LEARN) {
		vsw_learn(sw, p, e, eth->h_source, f->vid);
		/* its MAC is known: its cold start is over */
		if (unlikely(test_bit(VSW_PORT_COLD, &p->flags)))
			vsw_port_warm(p);
	}
	reason = VSWITCH_DROP_SHAPING;
	if (unlikely(f->pol->shape_dir & VSWITCH_SHAPE_IN) &&
	    !vsw_shaper_pass(&p->shaper[VSW_SHAPER_IN], f->pol,
			     skb->len + ETH_HLEN))
		goto drop;

	if (is_multicast_ether_addr(eth->h_dest)) {
		up = vsw_team_tx(p, skb);
		if (unlikely(!up))
			vsw_count_drop(p, VSWITCH_DROP_NO_UPLINK);
		vsw_multicast(sw, skb, f, up, NULL);
		return;
	}

	to = vsw_lookup_port(sw, eth->h_dest, f);
	if (unlikely(to == p)) {
		consume_skb(skb);	/* no hairpin */
		return;
	}
	reason = VSWITCH_DROP_PVLAN;
	if (unlikely(to && !vsw_pvlan_ok(f, rcu_dereference(to->pol))))
		goto drop;
	reached = vsw_unicast_copies(sw, skb, f, to);
	if (!to) {
		/* the uplink is chosen only for frames that leave by one */
		to = vsw_team_tx(p, skb);
		reason = VSWITCH_DROP_NO_UPLINK;
		if (unlikely(!to)) {
			if (reached) {
				consume_skb(skb);
				return;
			}
			goto drop;
		}
	}
	vsw_deliver(to, skb, f);
	return;
drop:
	vsw_drop(p, skb, reason);
}

static void vsw_from_uplink(struct vsw_port *up, struct sk_buff *skb,
			    struct vsw_frame *f)
{
	struct vsw_switch *sw = up->sw;
	const struct ethhdr *eth = eth_hdr(skb);
	enum vswitch_drop_reason reason;
	struct vsw_port *to;

	f->pol = NULL;
	reason = VSWITCH_DROP_VLAN;
	if (unlikely(!vsw_vlan_classify(f, skb)))
		goto drop;
	if (unlikely(skb->protocol == htons(VSWITCH_BEACON_ETHERTYPE)) &&
	    vsw_beacon_rx(up, skb, f->tci & VLAN_VID_MASK))
		return;
	if (unlikely(!vsw_len_src_ok(sw, skb, &reason)))
		goto drop;
	/* our own frame coming back from the physical network */
	reason = VSWITCH_DROP_LOOP;
	if (unlikely(vsw_fdb_lookup(sw, eth->h_source, f->vid)))
		goto drop;

	if (is_multicast_ether_addr(eth->h_dest)) {
		vsw_multicast(sw, skb, f, NULL, up);
		return;
	}

	to = vsw_lookup_port(sw, eth->h_dest, f);
	reason = VSWITCH_DROP_PVLAN;
	if (unlikely(to && !vsw_pvlan_ok(f, rcu_dereference(to->pol))))
		goto drop;
	if (vsw_unicast_copies(sw, skb, f, to) && !to) {
		consume_skb(skb);	/* it reached the ports it may be for */
		return;
	}
	reason = VSWITCH_DROP_UNKNOWN;
	if (!to)
		goto drop;
	vsw_deliver(to, skb, f);
	return;
drop:
	vsw_drop(up, skb, reason);
}

/* A frame from another host's VTEP, in an overlay segment: learned with
 * that VTEP (moving the MAC there from a port it had left, but never
 * taking a port's configured MAC), then delivered to this host's ports
 * only, never to the overlay again.
 */
static void vsw_from_overlay(struct vsw_port *ovl, struct sk_buff *skb,
			     struct vsw_frame *f)
{
	struct vsw_switch *sw = ovl->sw;
	const struct ethhdr *eth = eth_hdr(skb);
	enum vswitch_drop_reason reason;
	struct vsw_port *to, *owner;
	struct vsw_fdb_entry *e;
	u8 vtep;

	f->pol = NULL;
	reason = VSWITCH_DROP_OVERLAY;
	if (unlikely(!vsw_overlay_classify(f, skb, &vtep)))
		goto drop;
	reason = VSWITCH_DROP_RESERVED;
	if (unlikely(vsw_link_control(eth->h_dest)))
		goto drop;
	if (unlikely(!vsw_len_src_ok(sw, skb, &reason)))
		goto drop;
	e = vsw_fdb_lookup(sw, eth->h_source, f->vid);
	/* a MAC of a port of this host is its own: the overlay takes none
	 * (a remote host, or a forged VTEP, would take its traffic); one that
	 * leaves with its VM's port is learned from the overlay again
	 */
	owner = e ? READ_ONCE(e->port) : NULL;
	reason = VSWITCH_DROP_LOOP;
	if (unlikely(owner && owner != ovl))
		goto drop;
	/* remote MACs take at most half the table: another host's guests
	 * cannot crowd this host's out
	 */
	if (likely(e) ||
	    atomic_read(&ovl->n_macs) < READ_ONCE(sw->max_macs) / 2)
		vsw_fdb_learn(sw, ovl, e, eth->h_source, f->vid, vtep);

	if (is_multicast_ether_addr(eth->h_dest)) {
		vsw_multicast(sw, skb, f, NULL, ovl);
		return;
	}
	to = vsw_lookup_port(sw, eth->h_dest, f);
	reason = VSWITCH_DROP_UNKNOWN;
	if (unlikely(to == ovl))
		goto drop;	/* behind another VTEP: not ours to relay */
	if (vsw_unicast_copies(sw, skb, f, to) && !to) {
		consume_skb(skb);	/* it reached the ports it may be for */
		return;
	}
	if (!to)
		goto drop;
	vsw_deliver(to, skb, f);
	return;
drop:
	vsw_drop(ovl, skb, reason);
}

/**
 * vsw_handle_frame() - the rx_handler of every port and uplink netdev
 * @pskb: the received frame; replaced by a private copy when it is shared
 *
 * The host's own multicast looped back to it (PACKET_LOOPBACK) is not the
 * switch's: it goes to the host stack as usual.  Neither is a frame from
 * the physical network to a link-control group (vsw_link_control(): STP,
 * LACP, 802.1X, LLDP, MVRP, CDP, PVST+): it is for the NIC's own link, so
 * the host's lldpd or supplicant on the uplink gets it, no VM ever does (a
 * port's are dropped in vsw_from_port()).
 *
 * Context: softirq, under the RCU read lock of the receive path.
 * Return: %RX_HANDLER_PASS for a looped-back or an uplink's link-local
 * frame, else %RX_HANDLER_CONSUMED (the switch owns the frame).
 */
rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct vsw_port *p;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	p = rcu_dereference(skb->dev->rx_handler_data);
	/* (a port's are judged once, in vsw_from_port()) */
	if (p->role == VSW_ROLE_UPLINK &&
	    unlikely(vsw_link_control(eth_hdr(skb)->h_dest)))
		return RX_HANDLER_PASS;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;
	vsw_input(p, skb);
	return RX_HANDLER_CONSUMED;
}

/**
 * vsw_input() - switch a frame received on a port or uplink
 * @p: the port or uplink it arrived on
 * @skb: the frame, data at the network header, VLAN tag out of band; the
 *	switch owns it from here (delivered, flooded or dropped and counted)
 *
 * Called from the rx_handler or, for an internal port, from the host stack.
 *
 * Context: softirq or BH disabled, under the RCU read lock.
 */
void vsw_input(struct vsw_port *p, struct sk_buff *skb)
{
	u32 mirror = READ_ONCE(p->mirror) & VSW_MIRROR_IN;
	struct vsw_frame f;

	vsw_count_rx(p, skb->len + ETH_HLEN);
	/* an RSPAN VLAN's frames are mirrored, never switched */
	if (p->role == VSW_ROLE_UPLINK &&
	    unlikely(READ_ONCE(p->sw->mirror_rspan)) &&
	    vsw_mirror_rspan_rx(p, skb))
		return;
	/* what a source receives, as received (before any drop) */
	if (unlikely(mirror)) {
		skb_push(skb, ETH_HLEN);
		vsw_mirror_frame(p, skb, mirror);
		skb_pull(skb, ETH_HLEN);
	}
	f.in = p;
	f.vtep = VSW_VTEP_ALL;
	if (p->role == VSW_ROLE_UPLINK)
		vsw_from_uplink(p, skb, &f);
	else if (likely(p->role == VSW_ROLE_PORT))
		vsw_from_port(p, skb, &f);
	else
		vsw_from_overlay(p, skb, &f);
}
