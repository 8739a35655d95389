// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: overlay segments, layer-2 segments that span hosts over a
 * routed (layer-3) underlay, carried by the kernel's own VXLAN driver.
 *
 * A switch with an overlay owns one vxlan netdev in external (metadata)
 * mode, as openvswitch's vxlan vport does: it receives every VNI on the
 * overlay's UDP port and hands each frame to the switch with its tunnel
 * metadata (VNI, the sending VTEP); the switch sends a frame to a VTEP by
 * attaching that metadata (remote address, VNI) to it.  One netdev for
 * every VNI, rather than one per VNI, keeps the switch's MAC table the
 * one table that knows where a MAC is: a remote MAC is learned with the
 * VTEP it came from (the overlay is the one uplink that learns: a remote
 * host's VMs are known only there), ages, and moves when its VM moves.
 *
 * A portgroup in VLAN mode vxlan is a member of the VNI's segment, a
 * segment number from VSW_SEG_OVERLAY up (vlan.c treats it as an access
 * VLAN that never leaves by a physical uplink): its team is the overlay
 * (teaming.c), so unknown unicast, broadcast and multicast go to every
 * remote VTEP of the flood list once (head-end replication), and known
 * unicast to the VTEP its MAC is behind.  Frames from the overlay are
 * accepted only from a VTEP of the flood list, in a VNI the switch has a
 * segment for, untagged; they never go back to the overlay (split
 * horizon: every VTEP floods to every other itself).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/inetdevice.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/dst_metadata.h>
#include <net/genetlink.h>
#include <net/vxlan.h>
#include "vswitch.h"

/* set (under RTNL) while the switch creates a VXLAN netdev (main.c) */
bool vsw_overlay_creating;

static struct vsw_overlay *vsw_ovl(const struct vsw_switch *sw)
{
	return rcu_dereference_protected(sw->overlay,
					 lockdep_is_held(&vsw_mutex));
}

static struct vsw_port *vsw_ovl_port(const struct vsw_switch *sw)
{
	return rcu_dereference_protected(sw->ovl_port,
					 lockdep_is_held(&vsw_mutex));
}

static struct vsw_vni_map *vsw_vnis(const struct vsw_switch *sw)
{
	return rcu_dereference_protected(sw->vnis, lockdep_is_held(&vsw_mutex));
}

/* --- the fast path ------------------------------------------------------ */

static bool vsw_ip_eq(const union vsw_ip *a, const union vsw_ip *b, u8 alen)
{
	return alen == 4 ? a->v4 == b->v4 : ipv6_addr_equal(&a->v6, &b->v6);
}

/**
 * vsw_overlay_classify() - the segment and VTEP of a frame from the overlay
 * @f: the frame's state; sets f->vid (its segment) and f->tci
 * @skb: the frame as the vxlan netdev received it, with its tunnel
 *	metadata (which is released here: the frame goes on as an
 *	ordinary one)
 * @vtep: set to the index of the VTEP it came from in the flood list
 *
 * Context: the fast path, under RCU.
 * Return: true, or false to drop it for reason "overlay": no metadata, a
 * VTEP not in the flood list, a VNI without a segment, or a VLAN tag
 * inside (a segment is one VLAN: a tag would pick another).
 */
bool vsw_overlay_classify(struct vsw_frame *f, struct sk_buff *skb, u8 *vtep)
{
	const struct ip_tunnel_info *info = skb_tunnel_info(skb);
	struct vsw_switch *sw = f->in->sw;
	const struct vsw_overlay *o = rcu_dereference(sw->overlay);
	const struct vsw_vni_map *map = rcu_dereference(sw->vnis);
	union vsw_ip src;
	int lo, hi, i;
	u32 vni;

	if (unlikely(!info || !o || !map || skb_vlan_tag_present(skb) ||
		     eth_type_vlan(skb->protocol)))
		return false;
	if (ip_tunnel_info_af(info) == AF_INET) {
		if (o->alen != 4)
			return false;
		src.v4 = info->key.u.ipv4.src;
	} else {
		if (o->alen != 16)
			return false;
		src.v6 = info->key.u.ipv6.src;
	}
	for (i = 0; i < o->n_remotes; i++)
		if (vsw_ip_eq(&src, &o->remote[i], o->alen))
			break;
	if (i == o->n_remotes)
		return false;
	*vtep = i;
	vni = be32_to_cpu(tunnel_id_to_key32(info->key.tun_id));
	lo = 0;
	hi = map->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (map->by_vni[mid].vni < vni)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == map->n || map->by_vni[lo].vni != vni)
		return false;
	f->vid = map->by_vni[lo].seg;
	f->tci = 0;
	f->pvlan = VSW_PVLAN_NONE;
	skb_dst_drop(skb);
	return true;
}

/* The tunnel key of a frame to @dst: its VNI, the overlay's addresses
 * and port; UDP checksums over IPv6, which has no zero-checksum default.
 */
static struct metadata_dst *vsw_overlay_md(const struct vsw_overlay *o,
					   const union vsw_ip *dst, u32 vni)
{
	struct metadata_dst *md;
	struct ip_tunnel_info *info;

	md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_ATOMIC);
	if (unlikely(!md))
		return NULL;
	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_TX;
	if (o->alen == 4) {
		info->key.u.ipv4.src = o->local.v4;
		info->key.u.ipv4.dst = dst->v4;
	} else {
		info->mode |= IP_TUNNEL_INFO_IPV6;
		info->key.u.ipv6.src = o->local.v6;
		info->key.u.ipv6.dst = dst->v6;
	}
	info->key.tun_id = key32_to_tunnel_id(cpu_to_be32(vni));
	info->key.tp_dst = o->port;
	vsw_tun_flags_set(&info->key, o->alen == 16);
	return md;
}

static void vsw_overlay_send(struct vsw_port *ovl, struct sk_buff *skb,
			     const struct vsw_overlay *o,
			     const union vsw_ip *dst, u32 vni)
{
	struct metadata_dst *md = vsw_overlay_md(o, dst, vni);

	if (unlikely(!md)) {
		dev_core_stats_tx_dropped_inc(ovl->dev);
		kfree_skb(skb);
		return;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, &md->dst);
	vsw_count_tx(ovl, skb->len);
	skb_forward_csum(skb);
	dev_queue_xmit(skb);
}

/**
 * vsw_overlay_xmit() - send a frame of an overlay segment to other hosts
 * @ovl: the overlay's port
 * @skb: the frame, data at its Ethernet header, untagged
 * @f: its state: its segment, and the VTEP of its destination MAC
 *	(VSW_VTEP_ALL: every VTEP of the flood list, once)
 *
 * A GSO frame whose segments would not fit the overlay is dropped and
 * counted "mtu", as a frame that does not is (vsw_deliver()): the underlay
 * would have to fragment each one.
 *
 * Context: the fast path, under RCU.
 */
void vsw_overlay_xmit(struct vsw_port *ovl, struct sk_buff *skb,
		      const struct vsw_frame *f)
{
	const struct vsw_overlay *o = rcu_dereference(ovl->sw->overlay);
	u32 vni = vsw_overlay_vni(ovl->sw, f->vid);
	struct sk_buff *copy;
	int i, n;

	if (unlikely(!o || !vni)) {
		vsw_count_drop(ovl, VSWITCH_DROP_NO_UPLINK);
		kfree_skb(skb);
		return;
	}
	if (skb_is_gso(skb) &&
	    unlikely(!skb_gso_validate_network_len(skb, ovl->dev->mtu))) {
		vsw_count_drop(ovl, VSWITCH_DROP_MTU);
		kfree_skb(skb);
		return;
	}
	if (f->vtep != VSW_VTEP_ALL) {
		/* (an entry learned before the flood list shrank) */
		if (likely(f->vtep < o->n_remotes)) {
			vsw_overlay_send(ovl, skb, o, &o->remote[f->vtep], vni);
		} else {
			vsw_count_drop(ovl, VSWITCH_DROP_NO_UPLINK);
			kfree_skb(skb);
		}
		return;
	}
	n = o->n_remotes;
	if (!n) {
		consume_skb(skb);
		return;
	}
	for (i = 0; i < n - 1; i++) {
		copy = skb_clone(skb, GFP_ATOMIC);
		if (likely(copy))
			vsw_overlay_send(ovl, copy, o, &o->remote[i], vni);
		else
			dev_core_stats_tx_dropped_inc(ovl->dev);
	}
	vsw_overlay_send(ovl, skb, o, &o->remote[n - 1], vni);
}

/**
 * vsw_overlay_announce() - send a frame the switch built to every VTEP
 * @ovl: the overlay's port
 * @skb: the frame (a RARP announcing a MAC), untagged
 * @seg: the overlay segment it is sent in
 *
 * Context: process context, BH disabled, under RCU.
 */
void vsw_overlay_announce(struct vsw_port *ovl, struct sk_buff *skb, u16 seg)
{
	struct vsw_frame f = { .in = ovl, .vid = seg, .vtep = VSW_VTEP_ALL };

	vsw_overlay_xmit(ovl, skb, &f);
}

/* --- VNIs and segments --------------------------------------------------- */

/**
 * vsw_overlay_vni() - the VNI of an overlay segment
 * @sw: the switch
 * @seg: a segment number
 *
 * Context: under RCU or vsw_mutex.
 * Return: its VNI, or 0 (not an overlay segment, or no longer one).
 */
u32 vsw_overlay_vni(const struct vsw_switch *sw, u16 seg)
{
	const struct vsw_vni_map *map =
		rcu_dereference_check(sw->vnis, lockdep_is_held(&vsw_mutex));

	if (!map || !vsw_seg_is_overlay(seg) ||
	    seg - VSW_SEG_OVERLAY >= VSWITCH_OVERLAY_SEGMENTS_MAX)
		return 0;
	return map->vni[seg - VSW_SEG_OVERLAY];
}

/* by_vni, sorted again from vni[] (VNIs are unique) */
static void vsw_vni_map_sort(struct vsw_vni_map *map)
{
	int i, j;

	map->n = 0;
	for (i = 0; i < VSWITCH_OVERLAY_SEGMENTS_MAX; i++) {
		if (!map->vni[i])
			continue;
		for (j = map->n; j > 0 && map->by_vni[j - 1].vni > map->vni[i]; j--)
			map->by_vni[j] = map->by_vni[j - 1];
		map->by_vni[j].vni = map->vni[i];
		map->by_vni[j].seg = VSW_SEG_OVERLAY + i;
		map->n++;
	}
}

/**
 * vsw_overlay_seg() - the segment of a VNI, for a portgroup's policy
 * @sw: the switch
 * @vni: the VNI
 * @extack: where a refusal is explained
 *
 * A VNI no portgroup used gets a free segment; it is released by
 * vsw_overlay_segs_gc() once no portgroup uses it (also when the request
 * that asked for it fails).
 *
 * Context: RTNL and vsw_mutex held.
 * Return: the segment, or -EINVAL (no overlay), -ENOSPC, -ENOMEM.
 */
int vsw_overlay_seg(struct vsw_switch *sw, u32 vni,
		    struct netlink_ext_ack *extack)
{
	struct vsw_vni_map *old = vsw_vnis(sw), *map;
	int i;

	if (!vsw_ovl(sw)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "switch %s has no overlay (overlay set first)",
				       sw->name);
		return -EINVAL;
	}
	for (i = 0; old && i < old->n; i++)
		if (old->by_vni[i].vni == vni)
			return old->by_vni[i].seg;
	if (old && old->n >= VSWITCH_OVERLAY_SEGMENTS_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "switch %s has %d VNIs, the most it can have",
				       sw->name, VSWITCH_OVERLAY_SEGMENTS_MAX);
		return -ENOSPC;
	}
	map = kvzalloc(sizeof(*map), GFP_KERNEL_ACCOUNT);
	if (!map)
		return -ENOMEM;
	if (old)
		memcpy(map->vni, old->vni, sizeof(map->vni));
	for (i = 0; map->vni[i]; i++)
		;
	map->vni[i] = vni;
	vsw_vni_map_sort(map);
	rcu_assign_pointer(sw->vnis, map);
	if (old)
		kvfree_rcu(old, rcu);
	return VSW_SEG_OVERLAY + i;
}

/**
 * vsw_overlay_segs_gc() - release the segments no portgroup uses
 * @sw: the switch
 *
 * After a portgroup changed or went: their MAC table entries go, after the
 * frames still classified into them have passed.  Without memory for the
 * new map, the unused segments stay until the next call.
 *
 * Context: RTNL and vsw_mutex held; sleeps when a segment goes.
 */
void vsw_overlay_segs_gc(struct vsw_switch *sw)
{
	DECLARE_BITMAP(used, VSWITCH_OVERLAY_SEGMENTS_MAX);
	struct vsw_vni_map *old = vsw_vnis(sw), *map = NULL;
	struct vsw_portgroup *pg;
	bool gone = false;
	int i;

	if (!old)
		return;
	bitmap_zero(used, VSWITCH_OVERLAY_SEGMENTS_MAX);
	list_for_each_entry(pg, &sw->portgroups, list) {
		const struct vsw_policy *pol = vsw_pg_policy(pg);

		if (pol->vlan_mode == VSWITCH_VLAN_MODE_VXLAN)
			__set_bit(pol->vid - VSW_SEG_OVERLAY, used);
	}
	for (i = 0; i < VSWITCH_OVERLAY_SEGMENTS_MAX; i++)
		gone |= old->vni[i] && !test_bit(i, used);
	if (!gone)
		return;
	if (!bitmap_empty(used, VSWITCH_OVERLAY_SEGMENTS_MAX)) {
		map = kvzalloc(sizeof(*map), GFP_KERNEL_ACCOUNT);
		if (!map)
			return;
		for_each_set_bit(i, used, VSWITCH_OVERLAY_SEGMENTS_MAX)
			map->vni[i] = old->vni[i];
		vsw_vni_map_sort(map);
	}
	rcu_assign_pointer(sw->vnis, map);
	synchronize_net();
	for (i = 0; i < VSWITCH_OVERLAY_SEGMENTS_MAX; i++)
		if (old->vni[i] && !test_bit(i, used))
			vsw_fdb_flush_vid(sw, VSW_SEG_OVERLAY + i);
	kvfree(old);
}

/* --- configuration ------------------------------------------------------- */

/* The netdev that has @addr, or NULL. */
static struct net_device *vsw_addr_dev(struct net *net, const union vsw_ip *addr,
				       u8 alen)
{
	if (alen == 4)
		return __ip_dev_find(net, addr->v4, false);
#if IS_ENABLED(CONFIG_IPV6)
	return ipv6_dev_find(net, &addr->v6, NULL);
#else
	return NULL;
#endif
}

static bool vsw_ip_usable(const union vsw_ip *a, u8 alen)
{
	if (alen == 4)
		return !ipv4_is_zeronet(a->v4) && !ipv4_is_multicast(a->v4) &&
		       !ipv4_is_lbcast(a->v4) && !ipv4_is_loopback(a->v4);
	/* (a link-local address routes nowhere beyond its link) */
	return !ipv6_addr_any(&a->v6) && !ipv6_addr_is_multicast(&a->v6) &&
	       !ipv6_addr_loopback(&a->v6) &&
	       !(ipv6_addr_type(&a->v6) & IPV6_ADDR_LINKLOCAL);
}

/* The flood list of a request into @o (its alen set): addresses of that
 * family, usable, not local, each once.
 */
static int vsw_overlay_remotes(struct vsw_overlay *o, const struct nlattr *nla,
			       struct netlink_ext_ack *extack)
{
	int i, j, len = nla_len(nla);

	if (len % o->alen || len / o->alen > VSWITCH_OVERLAY_REMOTES_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "remotes: up to %d addresses of local's family",
				       VSWITCH_OVERLAY_REMOTES_MAX);
		NL_SET_BAD_ATTR(extack, nla);
		return -EINVAL;
	}
	o->n_remotes = len / o->alen;
	for (i = 0; i < o->n_remotes; i++) {
		memset(&o->remote[i], 0, sizeof(o->remote[i]));
		memcpy(&o->remote[i], (u8 *)nla_data(nla) + i * o->alen, o->alen);
		if (!vsw_ip_usable(&o->remote[i], o->alen) ||
		    vsw_ip_eq(&o->remote[i], &o->local, o->alen)) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "remote %d is not another host's unicast address",
					       i + 1);
			NL_SET_BAD_ATTR(extack, nla);
			return -EINVAL;
		}
		for (j = 0; j < i; j++)
			if (vsw_ip_eq(&o->remote[i], &o->remote[j], o->alen)) {
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "remote %d is listed twice",
						       i + 1);
				NL_SET_BAD_ATTR(extack, nla);
				return -EINVAL;
			}
	}
	return 0;
}

/* The VXLAN netdev of an overlay: external mode, every VNI on @port,
 * no learning of its own (the switch learns), @mtu.
 */
static struct net_device *vsw_overlay_dev_create(struct vsw_switch *sw,
						 __be16 port, int mtu,
						 struct netlink_ext_ack *extack)
{
	struct vxlan_config conf = {
		.no_share = true,
		.flags = VXLAN_F_COLLECT_METADATA | VXLAN_F_UDP_ZERO_CSUM6_RX,
		.dst_port = port,
		.mtu = mtu,
	};
	struct net_device *dev;
	int err;

	/* its NETDEV_REGISTER is not a mirroring destination's (our
	 * notifier would take vsw_mutex, held here)
	 */
	vsw_overlay_creating = true;
	dev = vxlan_dev_create(sw->net, "vsw-ovl%d", NET_NAME_ENUM, &conf);
	vsw_overlay_creating = false;
	if (PTR_ERR(dev) == -EEXIST) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "UDP port %u is another VXLAN netdev's in this namespace",
				       ntohs(port));
		return dev;
	}
	if (IS_ERR(dev)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "cannot create the VXLAN netdev: error %ld",
				       PTR_ERR(dev));
		return dev;
	}
	/* (moved to another namespace, it would be unregistered from there) */
	vsw_set_netns_local(dev);
	err = dev_open(dev, extack);
	if (err) {
		vsw_unregister_later(dev);
		return ERR_PTR(err);
	}
	return dev;
}

/* What VXLAN adds to a frame on the underlay: the inner Ethernet header,
 * and the outer IP, UDP and VXLAN headers (RFC 7348)
 */
#define VSW_VXLAN_OVERHEAD4	(ETH_HLEN + sizeof(struct iphdr) + \
				 sizeof(struct udphdr) + sizeof(struct vxlanhdr))
#define VSW_VXLAN_OVERHEAD6	(ETH_HLEN + sizeof(struct ipv6hdr) + \
				 sizeof(struct udphdr) + sizeof(struct vxlanhdr))
static_assert(VSW_VXLAN_OVERHEAD4 == 50 && VSW_VXLAN_OVERHEAD6 == 70);

static int vsw_overlay_mtu(const struct net_device *underlay, u8 alen)
{
	return max_t(int, ETH_MIN_MTU, (int)underlay->mtu -
		     (int)(alen == 4 ? VSW_VXLAN_OVERHEAD4 : VSW_VXLAN_OVERHEAD6));
}

/* The new configuration of a request, on top of @old (or the defaults),
 * checked against the namespace; @underlay set to its underlay.
 */
static struct vsw_overlay *vsw_overlay_parse(struct vsw_switch *sw,
					     const struct vsw_overlay *old,
					     struct genl_info *info,
					     struct net_device **underlay)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *la = info->attrs[VSWITCH_A_SWITCH_OVERLAY_LOCAL];
	struct nlattr *da = info->attrs[VSWITCH_A_SWITCH_OVERLAY_DEV];
	struct nlattr *ra = info->attrs[VSWITCH_A_SWITCH_OVERLAY_REMOTES];
	struct nlattr **a = info->attrs;
	struct net_device *dev = NULL;
	struct vsw_overlay *o;
	int err = -EINVAL;

	if (!la && !old) {
		NL_SET_ERR_MSG_MOD(extack, "the overlay needs this host's VTEP address (local)");
		return ERR_PTR(-EINVAL);
	}
	/* the list has no family of its own: local's, in the same request */
	if (ra && !la) {
		NL_SET_ERR_MSG_ATTR(extack, ra, "the remotes need local, their family");
		return ERR_PTR(-EINVAL);
	}
	if (la && nla_len(la) != 4 && nla_len(la) != 16) {
		NL_SET_ERR_MSG_ATTR(extack, la, "local is an IPv4 or IPv6 address");
		return ERR_PTR(-EINVAL);
	}
	o = kzalloc(sizeof(*o), GFP_KERNEL_ACCOUNT);
	if (!o)
		return ERR_PTR(-ENOMEM);
	if (old)
		memcpy(o, old, sizeof(*o));
	else
		o->port = htons(VSWITCH_OVERLAY_PORT_DEFAULT);
	if (la) {
		if (old && nla_len(la) != old->alen && !ra)
			o->n_remotes = 0;	/* another family: a new list */
		o->alen = nla_len(la);
		memset(&o->local, 0, sizeof(o->local));
		memcpy(&o->local, nla_data(la), o->alen);
		if (!vsw_ip_usable(&o->local, o->alen)) {
			NL_SET_ERR_MSG_ATTR(extack, la, "local is not a unicast address");
			goto err;
		}
	}
	if (a[VSWITCH_A_SWITCH_OVERLAY_PORT])
		o->port = htons(nla_get_u16(a[VSWITCH_A_SWITCH_OVERLAY_PORT]));
	if (ra && vsw_overlay_remotes(o, ra, extack))
		goto err;
	if (old && la && !ra && nla_len(la) == old->alen) {
		int i;

		for (i = 0; i < o->n_remotes; i++)
			if (vsw_ip_eq(&o->remote[i], &o->local, o->alen)) {
				NL_SET_ERR_MSG_ATTR(extack, la, "local is in the remotes");
				goto err;
			}
	}
	if (da) {
		dev = __dev_get_by_name(sw->net, nla_data(da));
		if (!dev) {
			NL_SET_ERR_MSG_FMT_MOD(extack, "no underlay netdev %s",
					       (char *)nla_data(da));
			NL_SET_BAD_ATTR(extack, da);
			goto err;
		}
	} else if (!la && old) {
		dev = __dev_get_by_index(sw->net, old->underlay);
	}
	if (!dev) {
		dev = vsw_addr_dev(sw->net, &o->local, o->alen);
		if (!dev) {
			NL_SET_ERR_MSG_MOD(extack, "local is not an address of this host");
			goto err;
		}
	} else if (vsw_addr_dev(sw->net, &o->local, o->alen) != dev) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "local is not an address of %s",
				       dev->name);
		goto err;
	}
	if (vsw_port_of(dev)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s is in a switch: not an underlay",
				       dev->name);
		goto err;
	}
	o->underlay = dev->ifindex;
	*underlay = dev;
	return o;
err:
	kfree(o);
	return ERR_PTR(err);
}

static void vsw_overlay_off(struct vsw_switch *sw)
{
	struct vsw_overlay *o = vsw_ovl(sw);
	struct vsw_port *p = vsw_ovl_port(sw);

	if (p)
		vsw_port_detach(p);	/* rebuilds the teams; unregisters its
					 * netdev later
					 */
	RCU_INIT_POINTER(sw->overlay, NULL);
	if (o)
		kfree_rcu(o, rcu);
}

/**
 * vsw_overlay_set() - change a switch's overlay from a request
 * @sw: the switch
 * @info: the request (VSWITCH_CMD_SWITCH_SET) with overlay attributes
 *
 * A non-empty local address turns the overlay on (the switch creates its
 * VXLAN netdev) or changes it, an empty one turns it off (refused while a
 * portgroup is an overlay segment).  A new UDP port takes a new netdev;
 * the underlay's MTU is read again each time.  A new flood list forgets
 * the remote MACs (their VTEPs are indexes into it).
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0, or an error with @info->extack set and nothing changed.
 */
int vsw_overlay_set(struct vsw_switch *sw, struct genl_info *info)
{
	struct nlattr *la = info->attrs[VSWITCH_A_SWITCH_OVERLAY_LOCAL];
	struct vsw_overlay *old = vsw_ovl(sw), *o;
	struct vsw_port *p = vsw_ovl_port(sw), *np;
	struct net_device *underlay, *dev;
	struct vsw_portgroup *pg;
	int mtu, err;

	if (la && !nla_len(la)) {
		list_for_each_entry(pg, &sw->portgroups, list)
			if (vsw_pg_policy(pg)->vlan_mode == VSWITCH_VLAN_MODE_VXLAN) {
				NL_SET_ERR_MSG_FMT_MOD(info->extack,
						       "portgroup %s is an overlay segment",
						       pg->name);
				return -EBUSY;
			}
		vsw_overlay_off(sw);
		return 0;
	}
	o = vsw_overlay_parse(sw, old, info, &underlay);
	if (IS_ERR(o))
		return PTR_ERR(o);
	mtu = vsw_overlay_mtu(underlay, o->alen);
	if (p && o->port == old->port) {
		if (p->dev->mtu != mtu) {
			err = dev_set_mtu(p->dev, mtu);
			if (err) {
				NL_SET_ERR_MSG_MOD(info->extack,
						   "cannot set the VXLAN netdev's MTU");
				goto err;
			}
		}
		rcu_assign_pointer(sw->overlay, o);
		/* remote MACs name VTEPs by index: learn them again, after
		 * the frames classified with the old list
		 */
		if (o->n_remotes != old->n_remotes ||
		    memcmp(o->remote, old->remote, sizeof(o->remote))) {
			synchronize_net();
			vsw_fdb_flush_port(sw, p, false);
		}
		kfree_rcu(old, rcu);
		return 0;
	}
	dev = vsw_overlay_dev_create(sw, o->port, mtu, info->extack);
	err = PTR_ERR_OR_ZERO(dev);
	if (err)
		goto err;
	err = vsw_port_attach(sw, dev, VSW_ROLE_OVERLAY, NULL, false, &np,
			      info->extack);
	if (err) {
		vsw_unregister_later(dev);
		goto err;
	}
	/* the new one in the teams before the old one goes */
	rcu_assign_pointer(sw->ovl_port, np);
	rcu_assign_pointer(sw->overlay, o);
	if (old)
		kfree_rcu(old, rcu);
	vsw_teams_update(sw, NULL);
	if (p)
		vsw_port_detach(p);
	return 0;
err:
	kfree(o);
	return err;
}

/**
 * vsw_overlay_fini() - a switch's overlay goes with it
 * @sw: the switch, being destroyed (its portgroups are not gone yet)
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_overlay_fini(struct vsw_switch *sw)
{
	struct vsw_vni_map *map = vsw_vnis(sw);

	vsw_overlay_off(sw);
	RCU_INIT_POINTER(sw->vnis, NULL);
	if (map)
		kvfree_rcu(map, rcu);
}

static int vsw_put_ip_list(struct sk_buff *msg, int attr,
			   const union vsw_ip *list, int n, u8 alen)
{
	struct nlattr *nla = nla_reserve(msg, attr, n * alen);
	int i;

	if (!nla)
		return -EMSGSIZE;
	for (i = 0; i < n; i++)
		memcpy((u8 *)nla_data(nla) + i * alen, &list[i], alen);
	return 0;
}

/**
 * vsw_overlay_put_vtep() - the address of a remote VTEP, in a message
 * @msg: the message
 * @attr: the attribute
 * @sw: the switch
 * @vtep: the VTEP's index in the flood list
 *
 * Context: vsw_mutex held.
 * Return: 0 (nothing put for an index beyond the list) or -EMSGSIZE.
 */
int vsw_overlay_put_vtep(struct sk_buff *msg, int attr,
			 const struct vsw_switch *sw, u8 vtep)
{
	const struct vsw_overlay *o = vsw_ovl(sw);

	if (!o || vtep >= o->n_remotes)
		return 0;
	return nla_put(msg, attr, o->alen, &o->remote[vtep]);
}

/**
 * vsw_overlay_fill() - a switch's overlay attributes, for replies and events
 * @msg: the message
 * @sw: the switch
 *
 * Context: vsw_mutex held.
 * Return: 0 or -EMSGSIZE.
 */
int vsw_overlay_fill(struct sk_buff *msg, const struct vsw_switch *sw)
{
	const struct vsw_overlay *o = vsw_ovl(sw);
	const struct vsw_port *p = vsw_ovl_port(sw);
	struct net_device *underlay;
	int err = 0;

	if (!o)
		return nla_put(msg, VSWITCH_A_SWITCH_OVERLAY_LOCAL, 0, NULL);
	if (nla_put(msg, VSWITCH_A_SWITCH_OVERLAY_LOCAL, o->alen, &o->local) ||
	    nla_put_u16(msg, VSWITCH_A_SWITCH_OVERLAY_PORT, ntohs(o->port)) ||
	    vsw_put_ip_list(msg, VSWITCH_A_SWITCH_OVERLAY_REMOTES, o->remote,
			    o->n_remotes, o->alen))
		return -EMSGSIZE;
	/* (dumps hold vsw_mutex only: the netdev is looked up under RCU) */
	rcu_read_lock();
	underlay = dev_get_by_index_rcu(sw->net, o->underlay);
	if (underlay)
		err = nla_put_string(msg, VSWITCH_A_SWITCH_OVERLAY_DEV,
				     underlay->name);
	rcu_read_unlock();
	if (err)
		return err;
	if (p &&
	    (nla_put_string(msg, VSWITCH_A_SWITCH_OVERLAY_IFNAME, p->dev->name) ||
	     nla_put_u32(msg, VSWITCH_A_SWITCH_OVERLAY_MTU, p->dev->mtu) ||
	     vsw_put_stats(msg, VSWITCH_A_SWITCH_OVERLAY_STATS, p)))
		return -EMSGSIZE;
	return 0;
}
