// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: port mirroring (vDS "port mirroring sessions").  A session
 * copies what its sources receive and/or send to one destination:
 *
 *   dst port    a port of the switch, a monitoring VM (local SPAN); with
 *               VLAN sources, the frames of those VLANs arriving on an
 *               uplink, without that tag (RSPAN destination)
 *   dst uplink  an uplink, each copy tagged with the session's RSPAN VLAN
 *               (RSPAN source)
 *   dst dev     any other Ethernet netdev: an erspan, ip6erspan or gretap
 *               device made with iproute2, whose driver encapsulates
 *               (ERSPAN / L3)
 *
 * A copy is the frame as it was on the wire side of its source: what a
 * source received as received (its tag too, now in the frame's data),
 * what it sends as it leaves; snaplen cuts it, sample keeps 1 of N.
 *
 * Sources and destinations are kept by name and resolved whenever a port
 * or uplink joins, moves or leaves, or a netdev of the name comes or goes:
 * a VM restarted with the same tap is mirrored again.  The fast path sees
 * one word per port (struct vsw_port.mirror: the slots of the sessions
 * that take its frames, per direction) and the switch's session slots, RCU
 * pointers.  Loops are refused: a destination is never a source, of any
 * session; the frames of an RSPAN VLAN that come back from the physical
 * network are dropped; a session to a netdev takes no internal port (its
 * tunnel's packets may leave by one) nor what an uplink sends; and a copy
 * sent from within the switch's own transmit (a tunnel reaching back into
 * it) is never mirrored again (vsw_mirror_nest).
 *
 * A copy costs a clone (or, with snaplen, a copy of snaplen bytes); one
 * the destination cannot take (no memory, down, its queue full) is counted
 * in the session's drops, and the original frame never waits for it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/slab.h>
#include <net/dst.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include "vswitch.h"

/* Set while this CPU sends a copy: a copy that comes back into the switch
 * in that call (a tunnel whose route leaves by an internal port) is not
 * mirrored again.
 */
static DEFINE_PER_CPU(u8, vsw_mirror_nest);

/* sessions of all namespaces (RTNL): netdev events cost nothing without */
static unsigned int vsw_mirror_sessions;

static struct vsw_mirror *vsw_mirror_at(const struct vsw_switch *sw, int slot)
{
	return rcu_dereference_protected(sw->mirror[slot],
					 lockdep_is_held(&vsw_mutex));
}

/* --- the fast path ------------------------------------------------------ */

static void vsw_mirror_count(struct vsw_mirror *m, unsigned int len, bool lost)
{
	struct vsw_mirror_stats *st = this_cpu_ptr(m->stats);

	u64_stats_update_begin(&st->syncp);
	if (lost) {
		u64_stats_inc(&st->drops);
	} else {
		u64_stats_inc(&st->packets);
		u64_stats_add(&st->bytes, len);
	}
	u64_stats_update_end(&st->syncp);
}

/* A linear copy of the first @snaplen bytes of @skb (data at its Ethernet
 * header) as on the wire: its out-of-band tag, unless @strip, in place.
 */
static struct sk_buff *vsw_mirror_snap(const struct sk_buff *skb, u32 snaplen,
				       bool tag, struct net_device *dev)
{
	unsigned int len = min_t(unsigned int, snaplen,
				 skb->len + (tag ? VLAN_HLEN : 0));
	unsigned int off = 2 * ETH_ALEN;
	struct sk_buff *c;
	u8 *d;

	c = __netdev_alloc_skb(dev, len + VLAN_HLEN, GFP_ATOMIC);
	if (!c)
		return NULL;
	skb_reserve(c, VLAN_HLEN);	/* room for an RSPAN tag in software */
	d = skb_put(c, len);
	if (skb_copy_bits(skb, 0, d, off))
		goto bad;
	if (tag) {
		struct vlan_hdr *vh = (struct vlan_hdr *)(d + off);

		put_unaligned(skb->vlan_proto,
			      (__be16 *)&vh->h_vlan_TCI - 1);
		put_unaligned(htons(skb_vlan_tag_get(skb)), &vh->h_vlan_TCI);
		d += VLAN_HLEN;
		len -= VLAN_HLEN;
	}
	if (skb_copy_bits(skb, off, d + off, len - off))
		goto bad;
	/* a tunnel reads the headers (erspan its COS from the IP header) */
	skb_reset_mac_header(c);
	skb_set_network_header(c, ETH_HLEN + (tag ? VLAN_HLEN : 0));
	c->protocol = tag ? skb->vlan_proto : skb->protocol;
	return c;
bad:
	kfree_skb(c);
	return NULL;
}

/* Send one session's copy of @skb (data at its Ethernet header); @strip:
 * an RSPAN destination's frame, whose tag is the RSPAN VLAN's.
 */
static void vsw_mirror_send(struct vsw_mirror *m, struct sk_buff *skb,
			    bool strip)
{
	struct net_device *dev = READ_ONCE(m->dst);
	u32 sample = READ_ONCE(m->sample), snaplen = READ_ONCE(m->snaplen);
	u8 type = READ_ONCE(m->dst_type);
	bool tag = !strip && skb_vlan_tag_present(skb);
	struct sk_buff *c;
	unsigned int len;
	int ret;

	if (sample > 1 && (u32)atomic_inc_return(&m->seen) % sample)
		return;
	if (unlikely(!dev))
		goto lost;
	if (snaplen && snaplen < skb->len + (tag ? VLAN_HLEN : 0)) {
		c = vsw_mirror_snap(skb, snaplen, tag, dev);
		if (!c)
			goto lost;
	} else {
		c = skb_clone(skb, GFP_ATOMIC);
		if (!c)
			goto lost;
		if (strip) {
			__vlan_hwaccel_clear_tag(c);
		} else if (tag) {
			c = __vlan_hwaccel_push_inside(c);
			if (!c)
				goto lost;
		}
		skb_forward_csum(c);
	}
	if (type == VSWITCH_MIRROR_DST_UPLINK)
		__vlan_hwaccel_put_tag(c, htons(ETH_P_8021Q),
				       READ_ONCE(m->rspan_vid));
	len = c->len;
	/* the host's route of a frame it sent (a tunnel would lower its
	 * path MTU on it)
	 */
	skb_dst_drop(c);
	/* to an internal port: to the host's packet sockets (tcpdump), not
	 * into the switch, nor to its IP stack (a copy may be for another
	 * VLAN's hosts)
	 */
	if (unlikely(vsw_is_internal(dev))) {
		vsw_internal_rx(dev, c, true);
		vsw_mirror_count(m, len, false);
		return;
	}
	c->dev = dev;
	__this_cpu_inc(vsw_mirror_nest);
	ret = dev_queue_xmit(c);
	__this_cpu_dec(vsw_mirror_nest);
	/* a destination that cannot keep up drops copies, here; not
	 * net_xmit_eval(): a down device's noop qdisc drops with
	 * NET_XMIT_CN
	 */
	if (ret != NET_XMIT_SUCCESS)
		goto lost;
	vsw_mirror_count(m, len, false);
	return;
lost:
	vsw_mirror_count(m, 0, true);
}

/**
 * vsw_mirror_frame() - send a frame's copies for the sessions that take it
 * @p: the port or uplink the frame is received on or sent from
 * @skb: the frame, data at its Ethernet header, its tag out of band
 * @slots: the sessions, by slot (vsw_mirror_port())
 *
 * Context: the fast path, under RCU.
 */
void vsw_mirror_frame(struct vsw_port *p, struct sk_buff *skb, u32 slots)
{
	struct vsw_switch *sw = p->sw;
	int slot;

	if (unlikely(__this_cpu_read(vsw_mirror_nest)))
		return;		/* a copy coming back: never mirrored again */
	for_each_set_bit(slot, (unsigned long *)&(unsigned long){ slots },
			 VSWITCH_MIRROR_MAX) {
		struct vsw_mirror *m = rcu_dereference(sw->mirror[slot]);

		if (m)
			vsw_mirror_send(m, skb, false);
	}
}

/**
 * vsw_mirror_rspan_rx() - take a frame of an RSPAN VLAN from an uplink
 * @up: the uplink it arrived on
 * @skb: the frame as the rx_handler got it (data at the network header)
 *
 * A frame of a VLAN some session has as a source (RSPAN destination) goes,
 * without that tag, to the session's destination port; a frame of a VLAN
 * our own RSPAN sessions send in came back from the physical network, and
 * is dropped.  Either way it is not switched: an RSPAN VLAN carries only
 * mirrored frames.
 *
 * Context: the fast path, under RCU.
 * Return: true when the frame was taken (consumed or dropped).
 */
bool vsw_mirror_rspan_rx(struct vsw_port *up, struct sk_buff *skb)
{
	u32 slots = READ_ONCE(up->sw->mirror_rspan);
	bool taken = false, ours = false;
	u16 vid;
	int slot;

	if (!skb_vlan_tag_present(skb))
		return false;
	vid = skb_vlan_tag_get_id(skb);
	skb_push(skb, ETH_HLEN);
	for_each_set_bit(slot, (unsigned long *)&(unsigned long){ slots },
			 VSWITCH_MIRROR_MAX) {
		struct vsw_mirror *m = rcu_dereference(up->sw->mirror[slot]);

		if (!m)
			continue;
		if (m->src_type == VSW_MSRC_VLANS && test_bit(vid, m->src_vids)) {
			vsw_mirror_send(m, skb, true);
			taken = true;
		} else if (READ_ONCE(m->dst_type) == VSWITCH_MIRROR_DST_UPLINK &&
			   READ_ONCE(m->rspan_vid) == vid) {
			ours = true;
		}
	}
	skb_pull(skb, ETH_HLEN);
	if (taken) {
		consume_skb(skb);
		return true;
	}
	if (ours) {
		vsw_count_drop(up, VSWITCH_DROP_MIRROR);
		kfree_skb(skb);
		return true;
	}
	return false;
}

/**
 * vsw_mirror_rspan_vid() - whether a VID is an RSPAN VLAN of the switch
 * @sw: the switch
 * @vid: the VID
 *
 * An RSPAN VLAN carries copies only: a port may not send into it (a guest
 * would feed the remote analyser frames of its own making).
 *
 * Context: the fast path, under RCU.
 * Return: true when some session sends or takes @vid as its RSPAN VLAN.
 */
bool vsw_mirror_rspan_vid(const struct vsw_switch *sw, u16 vid)
{
	u32 slots = READ_ONCE(sw->mirror_rspan);
	int slot;

	if (vsw_seg_is_overlay(vid))
		return false;	/* no VLAN */
	for_each_set_bit(slot, (unsigned long *)&(unsigned long){ slots },
			 VSWITCH_MIRROR_MAX) {
		const struct vsw_mirror *m = rcu_dereference(sw->mirror[slot]);

		if (m && ((m->src_type == VSW_MSRC_VLANS &&
			   test_bit(vid, m->src_vids)) ||
			  READ_ONCE(m->rspan_vid) == vid))
			return true;
	}
	return false;
}

/* --- configuration ------------------------------------------------------ */

/* The port or uplink of @sw called @name, or NULL */
static struct vsw_port *vsw_mirror_port_named(const struct vsw_switch *sw,
					      const char *name)
{
	struct vsw_port *p;

	list_for_each_entry(p, &sw->ports, list)
		if (!strcmp(p->dev->name, name))
			return p;
	list_for_each_entry(p, &sw->uplinks, list)
		if (!strcmp(p->dev->name, name))
			return p;
	return NULL;
}

static bool vsw_mirror_src_named(const struct vsw_mirror *m, const char *name)
{
	int i;

	if (m->src_type != VSW_MSRC_PORTS)
		return false;
	for (i = 0; i < m->n_src; i++)
		if (!strcmp(m->src[i], name))
			return true;
	return false;
}

static bool vsw_mirror_dst_is_port(const struct vsw_mirror *m)
{
	return m->dst_type != VSWITCH_MIRROR_DST_DEV;
}

/* Whether @p, of @m's destination's name, is of the destination's type */
static bool vsw_mirror_dst_role_ok(const struct vsw_mirror *m,
				   const struct vsw_port *p)
{
	if (p->role == VSW_ROLE_UPLINK)
		return m->dst_type == VSWITCH_MIRROR_DST_UPLINK;
	return m->dst_type == VSWITCH_MIRROR_DST_PORT;
}

/* The directions session @m mirrors port or uplink @p in: a session to a
 * netdev takes no internal port, and what an uplink receives only (its
 * tunnel's packets may leave by them)
 */
static u8 vsw_mirror_dirs(const struct vsw_mirror *m, const struct vsw_port *p)
{
	bool dev = m->dst_type == VSWITCH_MIRROR_DST_DEV;

	switch (m->src_type) {
	case VSW_MSRC_PORTS:
		if (!vsw_mirror_src_named(m, p->dev->name))
			return 0;
		break;
	case VSW_MSRC_PG:
		if (p->role != VSW_ROLE_PORT || strcmp(p->pg->name, m->src_pg))
			return 0;
		break;
	default:
		return 0;
	}
	if (dev && p->kind == VSWITCH_PORT_KIND_INTERNAL)
		return 0;
	if (dev && p->role == VSW_ROLE_UPLINK)
		return m->dir & VSWITCH_SHAPE_IN;
	return m->dir;
}

/* The mirror word of @p: the sessions that take its frames, none when it
 * is a destination (of any session).
 */
static u32 vsw_mirror_word(const struct vsw_switch *sw, const struct vsw_port *p)
{
	const struct vsw_mirror *m;
	u32 word = 0;

	list_for_each_entry(m, &sw->mirrors, list)
		if (m->dst_port == p)
			return 0;
	list_for_each_entry(m, &sw->mirrors, list) {
		u8 dirs = vsw_mirror_dirs(m, p);

		if (dirs & VSWITCH_SHAPE_IN)
			word |= BIT(m->slot);
		if (dirs & VSWITCH_SHAPE_OUT)
			word |= BIT(m->slot + VSW_MIRROR_OUT_SHIFT);
	}
	return word;
}

/* Point @m at @dev (NULL: nowhere); a netdev destination is referenced.
 * A destination that changes is waited for: no copy is on its way to it
 * (nor, after mirror-set, reads the session's new type with it).
 */
static void vsw_mirror_set_dst(struct vsw_mirror *m, struct net_device *dev)
{
	struct net_device *old = m->dst;

	if (dev == old)
		return;
	if (old) {
		WRITE_ONCE(m->dst, NULL);
		synchronize_net();
		if (m->dst_type == VSWITCH_MIRROR_DST_DEV)
			netdev_put(old, &m->dev_tracker);
	}
	if (dev && m->dst_type == VSWITCH_MIRROR_DST_DEV)
		netdev_hold(dev, &m->dev_tracker, GFP_KERNEL);
	WRITE_ONCE(m->dst, dev);
}

/* Whether what @dev sends comes straight back into a switch: a veth whose
 * peer (in whatever namespace) is a switch's port or uplink, or a device
 * stacked on one.  A copy sent there would be mirrored again, for ever.
 */
static bool vsw_mirror_loops(struct net_device *dev)
{
	int iflink = dev_get_iflink(dev);
	struct net *net = dev_net(dev);
	struct net_device *peer;

	if (!iflink || iflink == dev->ifindex)
		return false;
	if (dev->rtnl_link_ops && dev->rtnl_link_ops->get_link_net)
		net = dev->rtnl_link_ops->get_link_net(dev);
	peer = __dev_get_by_index(net, iflink);
	return peer && vsw_port_of(peer);
}

/* Whether @dev may be a netdev destination: Ethernet, not a switch's, not
 * leading back into one
 */
static bool vsw_mirror_dev_ok(struct net_device *dev)
{
	return dev->type == ARPHRD_ETHER && !(dev->flags & IFF_LOOPBACK) &&
	       !vsw_port_of(dev) && !vsw_is_internal(dev) &&
	       dev->reg_state == NETREG_REGISTERED && !vsw_mirror_loops(dev);
}

/* Resolve @m's destination by its name. */
static void vsw_mirror_resolve(struct vsw_mirror *m)
{
	struct vsw_switch *sw = m->sw;
	struct net_device *dev = NULL;
	struct vsw_port *p = NULL;

	if (vsw_mirror_dst_is_port(m)) {
		p = vsw_mirror_port_named(sw, m->dst_name);
		if (p && !vsw_mirror_dst_role_ok(m, p))
			p = NULL;
		if (p)
			dev = p->dev;
	} else {
		dev = __dev_get_by_name(sw->net, m->dst_name);
		if (dev && !vsw_mirror_dev_ok(dev))
			dev = NULL;
	}
	/* a port whose veth peer is a switch's port would loop */
	if (p && vsw_mirror_loops(p->dev)) {
		p = NULL;
		dev = NULL;
	}
	m->dst_port = p;
	vsw_mirror_set_dst(m, dev);
}

/**
 * vsw_mirror_update() - apply the sessions to the switch's ports
 * @sw: the switch
 *
 * Resolves every session's destination and recomputes every port's and
 * uplink's mirror word and flags.  Called after any change of a session,
 * and whenever a port or uplink joins, moves or is renamed.
 *
 * Context: RTNL and vsw_mutex held; may sleep (a netdev destination that
 * changed is released after a grace period).
 */
void vsw_mirror_update(struct vsw_switch *sw)
{
	struct vsw_mirror *m;
	struct vsw_port *p;
	u32 rspan = 0;

	vsw_assert_locked();
	list_for_each_entry(m, &sw->mirrors, list) {
		vsw_mirror_resolve(m);
		if (m->src_type == VSW_MSRC_VLANS ||
		    m->dst_type == VSWITCH_MIRROR_DST_UPLINK)
			rspan |= BIT(m->slot);
	}
	WRITE_ONCE(sw->mirror_rspan, rspan);
	list_for_each_entry(p, &sw->ports, list) {
		bool dst = false;

		list_for_each_entry(m, &sw->mirrors, list)
			dst |= m->dst_port == p && !m->dst_io;
		if (dst)
			set_bit(VSW_PORT_MIRROR_DST, &p->flags);
		else
			clear_bit(VSW_PORT_MIRROR_DST, &p->flags);
		WRITE_ONCE(p->mirror, vsw_mirror_word(sw, p));
	}
	list_for_each_entry(p, &sw->uplinks, list)
		WRITE_ONCE(p->mirror, vsw_mirror_word(sw, p));
}

/**
 * vsw_mirror_port_leave() - a port or uplink is leaving its switch
 * @p: it, unlinked already
 *
 * A session whose destination it is sends nowhere until a port of that
 * name is back; its sources stay by name.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_mirror_port_leave(struct vsw_port *p)
{
	struct vsw_mirror *m;

	vsw_assert_locked();
	list_for_each_entry(m, &p->sw->mirrors, list) {
		if (m->dst_port != p)
			continue;
		m->dst_port = NULL;
		/* the port's RCU callback drops the netdev: copies in flight
		 * may still reach it
		 */
		WRITE_ONCE(m->dst, NULL);
	}
	WRITE_ONCE(p->mirror, 0);
	clear_bit(VSW_PORT_MIRROR_DST, &p->flags);
}

/**
 * vsw_mirror_netdev_event() - a netdev of a namespace came, went, or was
 *	renamed
 * @dev: the netdev
 * @event: NETDEV_REGISTER, NETDEV_UNREGISTER or NETDEV_CHANGENAME
 *
 * Sessions whose destination or sources are named so find it, or lose it.
 *
 * Context: RTNL held (the netdevice notifier); takes vsw_mutex.
 */
void vsw_mirror_netdev_event(struct net_device *dev, unsigned long event)
{
	ASSERT_RTNL();
	/* (at module exit, too, after the namespaces' state is gone) */
	if (!vsw_mirror_sessions)
		return;
	mutex_lock(&vsw_mutex);
	vsw_mirror_update_net(dev_net(dev));
	mutex_unlock(&vsw_mutex);
}

/**
 * vsw_mirror_update_net() - apply the sessions of every switch of a namespace
 * @net: the namespace
 *
 * A port that joins one switch may be another's netdev destination.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_mirror_update_net(struct net *net)
{
	struct vsw_switch *sw;

	if (!vsw_mirror_sessions)
		return;
	list_for_each_entry(sw, &vsw_net(net)->switches, list)
		if (sw->n_mirrors)
			vsw_mirror_update(sw);
}

struct vsw_mirror *vsw_mirror_find(const struct vsw_switch *sw,
				   const char *name)
{
	struct vsw_mirror *m;

	list_for_each_entry(m, &sw->mirrors, list)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

/* The configuration of a session, parsed from a request over @m's */
static int vsw_mirror_parse(struct vsw_mirror *m, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	struct nlattr *nla;
	int rem, kinds;

	kinds = !!a[VSWITCH_A_MIRROR_SRC_IFNAME] + !!a[VSWITCH_A_MIRROR_SRC_PG] +
		!!a[VSWITCH_A_MIRROR_SRC_VIDS];
	if (kinds > 1) {
		NL_SET_ERR_MSG_MOD(extack,
				   "sources are ports, a portgroup or VLANs: one kind");
		return -EINVAL;
	}
	if (a[VSWITCH_A_MIRROR_SRC_IFNAME]) {
		m->src_type = VSW_MSRC_PORTS;
		m->n_src = 0;
		nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
			if (nla_type(nla) != VSWITCH_A_MIRROR_SRC_IFNAME)
				continue;
			if (m->n_src == VSWITCH_MIRROR_SRC_MAX) {
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "a session has %d source ports at most",
						       VSWITCH_MIRROR_SRC_MAX);
				NL_SET_BAD_ATTR(extack, nla);
				return -E2BIG;
			}
			nla_strscpy(m->src[m->n_src], nla, IFNAMSIZ);
			if (vsw_mirror_src_named(m, m->src[m->n_src])) {
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "source %s given twice",
						       m->src[m->n_src]);
				NL_SET_BAD_ATTR(extack, nla);
				return -EINVAL;
			}
			m->n_src++;
		}
	} else if (a[VSWITCH_A_MIRROR_SRC_PG]) {
		m->src_type = VSW_MSRC_PG;
		nla_strscpy(m->src_pg, a[VSWITCH_A_MIRROR_SRC_PG],
			    sizeof(m->src_pg));
	} else if (a[VSWITCH_A_MIRROR_SRC_VIDS]) {
		nla = a[VSWITCH_A_MIRROR_SRC_VIDS];
		m->src_type = VSW_MSRC_VLANS;
		if (!vsw_vids_from_attr(m->src_vids, nla)) {
			NL_SET_ERR_MSG_MOD(extack, "source VLANs: 1-4094, at least one");
			NL_SET_BAD_ATTR(extack, nla);
			return -EINVAL;
		}
	}
	if (a[VSWITCH_A_MIRROR_DIR])
		m->dir = nla_get_u8(a[VSWITCH_A_MIRROR_DIR]);
	else if (kinds)
		m->dir = m->src_type == VSW_MSRC_VLANS ? VSWITCH_SHAPE_IN :
							 VSWITCH_SHAPE_DIR_MAX;
	if (!!a[VSWITCH_A_MIRROR_DST_TYPE] != !!a[VSWITCH_A_MIRROR_DST_IFNAME]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a destination is a type and a device name");
		return -EINVAL;
	}
	if (a[VSWITCH_A_MIRROR_DST_TYPE]) {
		m->dst_type = nla_get_u8(a[VSWITCH_A_MIRROR_DST_TYPE]);
		nla_strscpy(m->dst_name, a[VSWITCH_A_MIRROR_DST_IFNAME],
			    sizeof(m->dst_name));
		m->rspan_vid = 0;
	}
	if (a[VSWITCH_A_MIRROR_RSPAN_VID])
		m->rspan_vid = nla_get_u16(a[VSWITCH_A_MIRROR_RSPAN_VID]);
	if (a[VSWITCH_A_MIRROR_SNAPLEN])
		m->snaplen = nla_get_u32(a[VSWITCH_A_MIRROR_SNAPLEN]);
	if (a[VSWITCH_A_MIRROR_SAMPLE])
		m->sample = nla_get_u32(a[VSWITCH_A_MIRROR_SAMPLE]);
	if (a[VSWITCH_A_MIRROR_DST_IO])
		m->dst_io = nla_get_u8(a[VSWITCH_A_MIRROR_DST_IO]);
	return 0;
}

/* A session's configuration checked whole, @m a candidate for @old's
 * place (NULL: a new session): 0 or an error with extack.
 */
static int vsw_mirror_check(const struct vsw_switch *sw,
			    const struct vsw_mirror *m,
			    const struct vsw_mirror *old,
			    struct netlink_ext_ack *extack)
{
	bool dev = m->dst_type == VSWITCH_MIRROR_DST_DEV;
	const struct vsw_mirror *o;
	struct net_device *nd;
	struct vsw_port *p;
	int i;

	if (m->dst_type > VSWITCH_MIRROR_DST_DEV || !m->dst_name[0]) {
		NL_SET_ERR_MSG_MOD(extack, "a session needs a destination");
		return -EINVAL;
	}
	if (m->src_type == VSW_MSRC_VLANS &&
	    (m->dst_type != VSWITCH_MIRROR_DST_PORT || m->dir != VSWITCH_SHAPE_IN)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "VLAN sources (RSPAN destination) go to a port, dir in");
		return -EINVAL;
	}
	if (m->dst_type == VSWITCH_MIRROR_DST_UPLINK ? !m->rspan_vid :
						       !!m->rspan_vid) {
		NL_SET_ERR_MSG_MOD(extack,
				   "an RSPAN VLAN is for, and needed by, an uplink destination");
		return -EINVAL;
	}
	if (m->dst_io && m->dst_type != VSWITCH_MIRROR_DST_PORT) {
		NL_SET_ERR_MSG_MOD(extack, "dst-io is for a destination port");
		return -EINVAL;
	}
	if (m->snaplen && m->snaplen < VSWITCH_MIRROR_SNAPLEN_MIN) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "snaplen: 0 (whole frames) or %d-%d",
				       VSWITCH_MIRROR_SNAPLEN_MIN,
				       VSWITCH_MIRROR_SNAPLEN_MAX);
		return -ERANGE;
	}
	/* the destination and the sources need not be there yet (a VM's tap
	 * comes when it starts): those that are must fit
	 */
	nd = __dev_get_by_name(sw->net, m->dst_name);
	if (nd && vsw_mirror_loops(nd)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "%s: what it sends comes back into a switch (a loop)",
				       m->dst_name);
		return -ELOOP;
	}
	if (dev) {
		if (nd && !vsw_mirror_dev_ok(nd)) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "%s is no Ethernet netdev outside switches",
					       m->dst_name);
			return -EINVAL;
		}
	} else {
		p = vsw_mirror_port_named(sw, m->dst_name);
		if (p && !vsw_mirror_dst_role_ok(m, p)) {
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s is no %s of switch %s",
					       m->dst_name,
					       m->dst_type ? "uplink" : "port",
					       sw->name);
			return -EINVAL;
		}
	}
	for (i = 0; i < m->n_src && m->src_type == VSW_MSRC_PORTS && dev; i++) {
		p = vsw_mirror_port_named(sw, m->src[i]);
		if (p && (p->kind == VSWITCH_PORT_KIND_INTERNAL ||
			  (p->role == VSW_ROLE_UPLINK &&
			   m->dir != VSWITCH_SHAPE_IN))) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "%s: a tunnel's packets may leave by it (a loop)",
					       m->src[i]);
			return -ELOOP;
		}
	}
	if (m->src_type == VSW_MSRC_PG && !vsw_pg_find((struct vsw_switch *)sw,
						       m->src_pg)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "no portgroup %s on switch %s",
				       m->src_pg, sw->name);
		return -ENOENT;
	}
	/* @m's destination among the sources, or a destination among @m's */
	if (vsw_mirror_dst_is_port(m) && vsw_mirror_src_named(m, m->dst_name))
		goto loop;
	list_for_each_entry(o, &sw->mirrors, list) {
		if (o == old)
			continue;
		if ((vsw_mirror_dst_is_port(m) &&
		     vsw_mirror_src_named(o, m->dst_name)) ||
		    (vsw_mirror_dst_is_port(o) &&
		     vsw_mirror_src_named(m, o->dst_name)))
			goto loop;
	}
	return 0;
loop:
	NL_SET_ERR_MSG_MOD(extack, "a mirror destination is never a source (a loop)");
	return -ELOOP;
}

static void vsw_mirror_free_rcu(struct rcu_head *head)
{
	struct vsw_mirror *m = container_of(head, struct vsw_mirror, rcu);

	if (m->dst && m->dst_type == VSWITCH_MIRROR_DST_DEV)
		netdev_put(m->dst, &m->dev_tracker);
	free_percpu(m->stats);
	kfree(m);
}

/**
 * vsw_mirror_new() - create a session from a request
 * @sw: the switch
 * @info: the request (VSWITCH_CMD_MIRROR_NEW)
 * @out: the session, on success
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0, or an error with @info->extack set and nothing changed.
 */
int vsw_mirror_new(struct vsw_switch *sw, struct genl_info *info,
		   struct vsw_mirror **out)
{
	struct nlattr *na = info->attrs[VSWITCH_A_MIRROR_NAME];
	struct netlink_ext_ack *extack = info->extack;
	struct vsw_mirror *m;
	int slot, err;

	vsw_assert_locked();
	if (vsw_mirror_find(sw, nla_data(na))) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "switch %s has a session %s",
				       sw->name, (char *)nla_data(na));
		NL_SET_BAD_ATTR(extack, na);
		return -EEXIST;
	}
	if (sw->n_mirrors >= VSWITCH_MIRROR_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "switch %s has %d sessions, the most",
				       sw->name, VSWITCH_MIRROR_MAX);
		return -ENOSPC;
	}
	if (!info->attrs[VSWITCH_A_MIRROR_SRC_IFNAME] &&
	    !info->attrs[VSWITCH_A_MIRROR_SRC_PG] &&
	    !info->attrs[VSWITCH_A_MIRROR_SRC_VIDS]) {
		NL_SET_ERR_MSG_MOD(extack, "a session needs sources");
		return -EINVAL;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!m)
		return -ENOMEM;
	m->stats = __netdev_alloc_pcpu_stats(struct vsw_mirror_stats,
					     GFP_KERNEL_ACCOUNT);
	if (!m->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	m->sw = sw;
	m->sample = 1;
	nla_strscpy(m->name, na, sizeof(m->name));
	err = vsw_mirror_parse(m, info) ?: vsw_mirror_check(sw, m, NULL, extack);
	if (err)
		goto err_stats;
	for (slot = 0; vsw_mirror_at(sw, slot); slot++)
		;
	m->slot = slot;
	list_add_tail(&m->list, &sw->mirrors);
	sw->n_mirrors++;
	vsw_mirror_sessions++;
	rcu_assign_pointer(sw->mirror[slot], m);
	vsw_mirror_update(sw);
	*out = m;
	return 0;

err_stats:
	free_percpu(m->stats);
err_free:
	kfree(m);
	return err;
}

/**
 * vsw_mirror_set() - change a session from a request
 * @m: the session
 * @info: the request (VSWITCH_CMD_MIRROR_SET)
 *
 * The request is checked on a copy; the session changes in place (the
 * fast path reads its few values with READ_ONCE()), its counters stay.
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0, or an error with @info->extack set and nothing changed.
 */
int vsw_mirror_set(struct vsw_mirror *m, struct genl_info *info)
{
	struct vsw_mirror *c;
	int err;

	vsw_assert_locked();
	c = kmemdup(m, sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	err = vsw_mirror_parse(c, info) ?:
	      vsw_mirror_check(m->sw, c, m, info->extack);
	if (err)
		goto out;
	if (c->dst_type != m->dst_type || c->rspan_vid != m->rspan_vid ||
	    strcmp(c->dst_name, m->dst_name)) {
		/* the old destination goes (after a grace period) before the
		 * type or the RSPAN VLAN changes
		 */
		m->dst_port = NULL;
		vsw_mirror_set_dst(m, NULL);
		WRITE_ONCE(m->dst_type, c->dst_type);
		WRITE_ONCE(m->rspan_vid, c->rspan_vid);
		strscpy(m->dst_name, c->dst_name, sizeof(m->dst_name));
	}
	WRITE_ONCE(m->snaplen, c->snaplen);
	if (c->sample != m->sample) {
		WRITE_ONCE(m->sample, c->sample);
		atomic_set(&m->seen, 0);
	}
	m->dir = c->dir;
	m->dst_io = c->dst_io;
	if (m->src_type == VSW_MSRC_VLANS) {
		/* the fast path reads src_vids of RSPAN sessions: out of
		 * their list while it is rewritten
		 */
		WRITE_ONCE(m->sw->mirror_rspan, m->sw->mirror_rspan & ~BIT(m->slot));
		synchronize_net();
	}
	m->src_type = c->src_type;
	m->n_src = c->n_src;
	memcpy(m->src, c->src, sizeof(m->src));
	memcpy(m->src_pg, c->src_pg, sizeof(m->src_pg));
	bitmap_copy(m->src_vids, c->src_vids, VLAN_N_VID);
	vsw_mirror_update(m->sw);
out:
	kfree(c);
	return err;
}

/**
 * vsw_mirror_del() - delete a session
 * @m: the session
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_mirror_del(struct vsw_mirror *m)
{
	struct vsw_switch *sw = m->sw;

	vsw_assert_locked();
	list_del(&m->list);
	sw->n_mirrors--;
	vsw_mirror_sessions--;
	vsw_mirror_update(sw);	/* no port word has its slot now */
	RCU_INIT_POINTER(sw->mirror[m->slot], NULL);
	/* its slot is free once no reader has a word with it */
	if (!sw->dying)
		synchronize_net();
	call_rcu(&m->rcu, vsw_mirror_free_rcu);
}

/**
 * vsw_mirror_destroy_all() - delete every session of a switch
 * @sw: the switch, its ports gone
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_mirror_destroy_all(struct vsw_switch *sw)
{
	struct vsw_mirror *m, *tmp;

	list_for_each_entry_safe(m, tmp, &sw->mirrors, list)
		vsw_mirror_del(m);
}

/**
 * vsw_mirror_fill() - a session's attributes, for replies, dumps, events
 * @msg: the message
 * @m: the session
 *
 * Context: vsw_mutex held.
 * Return: 0 or -EMSGSIZE.
 */
int vsw_mirror_fill(struct sk_buff *msg, const struct vsw_mirror *m)
{
	u64 packets = 0, bytes = 0, drops = 0;
	int i, cpu;

	for_each_possible_cpu(cpu) {
		const struct vsw_mirror_stats *st = per_cpu_ptr(m->stats, cpu);
		u64 pk, by, dr;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			pk = u64_stats_read(&st->packets);
			by = u64_stats_read(&st->bytes);
			dr = u64_stats_read(&st->drops);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		packets += pk;
		bytes += by;
		drops += dr;
	}
	if (nla_put_string(msg, VSWITCH_A_MIRROR_NAME, m->name))
		return -EMSGSIZE;
	switch (m->src_type) {
	case VSW_MSRC_PORTS:
		for (i = 0; i < m->n_src; i++)
			if (nla_put_string(msg, VSWITCH_A_MIRROR_SRC_IFNAME,
					   m->src[i]))
				return -EMSGSIZE;
		break;
	case VSW_MSRC_PG:
		if (nla_put_string(msg, VSWITCH_A_MIRROR_SRC_PG, m->src_pg))
			return -EMSGSIZE;
		break;
	case VSW_MSRC_VLANS:
		if (vsw_vids_put(msg, VSWITCH_A_MIRROR_SRC_VIDS, m->src_vids))
			return -EMSGSIZE;
		break;
	}
	if (nla_put_u8(msg, VSWITCH_A_MIRROR_DIR, m->dir) ||
	    nla_put_u8(msg, VSWITCH_A_MIRROR_DST_TYPE, m->dst_type) ||
	    nla_put_string(msg, VSWITCH_A_MIRROR_DST_IFNAME, m->dst_name) ||
	    (m->rspan_vid &&
	     nla_put_u16(msg, VSWITCH_A_MIRROR_RSPAN_VID, m->rspan_vid)) ||
	    nla_put_u32(msg, VSWITCH_A_MIRROR_SNAPLEN, m->snaplen) ||
	    nla_put_u32(msg, VSWITCH_A_MIRROR_SAMPLE, m->sample) ||
	    nla_put_u8(msg, VSWITCH_A_MIRROR_DST_IO, m->dst_io) ||
	    nla_put_u64_64bit(msg, VSWITCH_A_MIRROR_PACKETS, packets,
			      VSWITCH_A_PAD) ||
	    nla_put_u64_64bit(msg, VSWITCH_A_MIRROR_BYTES, bytes,
			      VSWITCH_A_PAD) ||
	    nla_put_u64_64bit(msg, VSWITCH_A_MIRROR_DROPS, drops,
			      VSWITCH_A_PAD))
		return -EMSGSIZE;
	return 0;
}
