// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: the ESX VLAN policies (EST, VST, VGT) as segment membership.
 *
 * A segment is (switch, VID), VID 0 being the untagged segment.  Every
 * frame is classified into one segment on ingress and only ever delivered
 * to members of that segment, tagged or untagged as the egress side wants.
 * VLAN tags arrive as hw-accel metadata: the receive path has moved any
 * in-band 802.1Q tag there before the rx_handler runs.
 */
#include "vswitch.h"

/**
 * vsw_policy_home_vid() - a port's home segment
 * @pol: the port's policy
 *
 * The segment a port's untagged frames and its configured MAC live in.
 *
 * Context: any.
 * Return: the VID of a VST policy, the primary VID of a private VLAN's,
 * else 0 (untagged).
 */
u16 vsw_policy_home_vid(const struct vsw_policy *pol)
{
	switch (pol->vlan_mode) {
	case VSWITCH_VLAN_MODE_VST:
	case VSWITCH_VLAN_MODE_VXLAN:
		return pol->vid;
	case VSWITCH_VLAN_MODE_PVLAN:
		return pol->pvlan_primary;	/* its learning domain */
	default:
		return 0;
	}
}

/**
 * vsw_vlan_member() - whether a policy's ports are members of a segment
 * @pol: the policy
 * @vid: the segment's VID, 0 for untagged
 *
 * Context: any.
 * Return: true when ports under @pol send and receive in segment @vid.
 */
bool vsw_vlan_member(const struct vsw_policy *pol, u16 vid)
{
	switch (pol->vlan_mode) {
	case VSWITCH_VLAN_MODE_EST:
		return vid == 0;
	case VSWITCH_VLAN_MODE_VST:
	case VSWITCH_VLAN_MODE_VXLAN:
		return vid == pol->vid;
	case VSWITCH_VLAN_MODE_PVLAN:
		return vid == pol->pvlan_primary;
	default:	/* (overlay segments are no trunk's) */
		return vid == 0 ||
		       (!vsw_seg_is_overlay(vid) && test_bit(vid, pol->trunk));
	}
}

/* Delay from a change of a switch's ports to its new flood map: a burst of
 * changes (an apply of thousands of ports) builds it a few times, not once
 * a port; until then floods walk every port.
 */
#define VSW_FLOOD_MAP_DELAY	(HZ / 20)

/**
 * vsw_flood_map_changed() - a switch's ports or their segments changed
 * @sw: the switch
 *
 * The flood map goes at once (floods walk @sw->ports meanwhile), and is
 * built again a little later.  A frame that read the old map before this
 * is switched as just before the change (the port that came or moved
 * not yet there, as for any frame in flight); no map outlives a leaving
 * port's grace period.
 *
 * Context: RTNL and vsw_mutex held; before a leaving port is freed.
 */
void vsw_flood_map_changed(struct vsw_switch *sw)
{
	struct vsw_flood_map *old = rcu_dereference_protected(sw->flood,
						lockdep_is_held(&vsw_mutex));

	vsw_assert_locked();
	RCU_INIT_POINTER(sw->flood, NULL);
	if (old)
		kvfree_rcu(old, rcu);
	if (!sw->dying)
		queue_delayed_work(system_wq, &sw->flood_work,
				   VSW_FLOOD_MAP_DELAY);
}

/* The one segment a policy's ports are members of; -1 for a trunk's */
static int vsw_policy_seg(const struct vsw_policy *pol)
{
	int seg = -1;

	switch (pol->vlan_mode) {
	case VSWITCH_VLAN_MODE_EST:
		seg = 0;
		break;
	case VSWITCH_VLAN_MODE_VST:
	case VSWITCH_VLAN_MODE_VXLAN:
		seg = pol->vid;
		break;
	case VSWITCH_VLAN_MODE_PVLAN:
		seg = pol->pvlan_primary;
		break;
	}
	return seg < VSW_N_SEGS ? seg : -1;
}

/* Counts the members of each segment, turns the counts into offsets,
 * places each port at its segment's next slot (which leaves each offset
 * at the next segment's start: shifted back after), the trunk ports last.
 */
static struct vsw_flood_map *vsw_flood_map_build(struct vsw_switch *sw)
{
	unsigned int n = 0, trunk, s;
	struct mem_cgroup *old_memcg;
	struct vsw_flood_map *map;
	struct vsw_port *p;
	int seg;

	list_for_each_entry(p, &sw->ports, list)
		n++;
	/* (the switch's memory, whoever changed it) */
	old_memcg = set_active_memcg(sw->memcg);
	map = kvzalloc(struct_size(map, ports, n), GFP_KERNEL_ACCOUNT);
	set_active_memcg(old_memcg);
	if (!map)
		return NULL;
	list_for_each_entry(p, &sw->ports, list) {
		seg = vsw_policy_seg(vsw_port_policy(p));
		if (seg < 0)
			map->n_trunks++;
		else
			map->off[seg + 1]++;
	}
	for (s = 1; s <= VSW_N_SEGS; s++)
		map->off[s] += map->off[s - 1];
	trunk = map->off[VSW_N_SEGS];
	list_for_each_entry(p, &sw->ports, list) {
		seg = vsw_policy_seg(vsw_port_policy(p));
		if (seg < 0)
			map->ports[trunk++] = p;
		else
			map->ports[map->off[seg]++] = p;
	}
	for (s = VSW_N_SEGS; s > 0; s--)
		map->off[s] = map->off[s - 1];
	map->off[0] = 0;
	return map;
}

/**
 * vsw_flood_map_work() - build a switch's flood map again
 * @work: the switch's flood_work, queued by vsw_flood_map_changed()
 *
 * Without memory there is no map: floods walk every port, as before.
 *
 * Context: process context; takes RTNL and vsw_mutex.  A switch being
 * deleted only cancels it; vsw_switch_free() waits for it.
 */
void vsw_flood_map_work(struct work_struct *work)
{
	struct vsw_switch *sw = container_of(to_delayed_work(work),
					     struct vsw_switch, flood_work);

	vsw_lock();
	if (!sw->dying && !rcu_access_pointer(sw->flood))
		rcu_assign_pointer(sw->flood, vsw_flood_map_build(sw));
	vsw_unlock();
}

/* A tagged frame from an uplink or a trunk port in a private VLAN: its
 * segment is the primary's, its class the entry's.  Trunk ports do not
 * carry private VLANs (a guest would choose its own class): false.
 */
static bool vsw_vlan_classify_pvlan(struct vsw_frame *f, u16 vid)
{
	const struct vsw_pvlan_map *map = rcu_dereference(f->in->sw->pvlan);

	if (likely(!map) || !map->primary[vid])
		return true;
	if (f->pol)
		return false;
	f->vid = map->primary[vid];
	f->pvlan = map->type[vid] + 1;
	f->pv_vid = vid;
	return true;
}

/**
 * vsw_vlan_classify() - the segment a received frame belongs to
 * @f: the frame's state: f->pol is the ingress port's policy, NULL for an
 *	uplink (a trunk of every VLAN); sets f->vid and f->tci
 * @skb: the frame, its VLAN tag out of band
 *
 * A priority-tagged frame (VID 0) counts as untagged, as in 802.1Q, but
 * not one that carries another tag behind its priority tag: the core pulls
 * only the outer tag out of band, so that frame would be switched in the
 * untagged segment (or a port's access VLAN) with a VLAN header in-band,
 * and wherever it left untagged the inner tag would become the outer one:
 * a guest hopping into any VLAN of the physical network.  Only 802.1Q tags
 * are ours, and VID 4095 is reserved.  Frames of a private VLAN are in
 * its primary's segment, with their class (pvlan.c).
 *
 * Context: the fast path, under RCU.
 * Return: true, or false to drop the frame for reason "vlan".
 */
bool vsw_vlan_classify(struct vsw_frame *f, struct sk_buff *skb)
{
	const struct vsw_policy *pol = f->pol;
	u16 tci = 0, vid = 0;

	f->pvlan = VSW_PVLAN_NONE;
	if (skb_vlan_tag_present(skb)) {
		if (skb->vlan_proto != htons(ETH_P_8021Q))
			return false;	/* 802.1ad and others: not ours */
		tci = skb_vlan_tag_get(skb);
		vid = tci & VLAN_VID_MASK;
		if (vid == VLAN_N_VID - 1)
			return false;
		if (!vid && eth_type_vlan(skb->protocol))
			return false;	/* [priority tag][tag]: VLAN hopping */
	}

	if (!pol) {		/* uplink: a trunk of every VLAN */
		f->vid = vid;
		f->tci = tci;
		return !vid || vsw_vlan_classify_pvlan(f, vid);
	}

	switch (pol->vlan_mode) {
	case VSWITCH_VLAN_MODE_EST:
		if (vid)
			return false;
		f->vid = 0;
		f->tci = 0;
		return true;
	case VSWITCH_VLAN_MODE_VST:
		if (vid)
			return false;
		f->vid = pol->vid;
		f->tci = pol->vid | ((u16)pol->pcp << VLAN_PRIO_SHIFT);
		return true;
	case VSWITCH_VLAN_MODE_VXLAN:
		/* an access port of an overlay segment: never a tag */
		if (vid)
			return false;
		f->vid = pol->vid;
		f->tci = 0;
		return true;
	case VSWITCH_VLAN_MODE_PVLAN:
		if (vid)
			return false;
		f->vid = pol->pvlan_primary;
		/* on the uplinks: the VID of its entry */
		f->tci = pol->vid | ((u16)pol->pcp << VLAN_PRIO_SHIFT);
		f->pvlan = pol->pvlan;
		f->pv_vid = pol->vid;
		return true;
	default:
		if (vid && !test_bit(vid, pol->trunk))
			return false;
		f->vid = vid;
		f->tci = vid ? tci : 0;
		return !vid || vsw_vlan_classify_pvlan(f, vid);
	}
}

/**
 * vsw_vlan_egress() - tag or untag a frame for the port it leaves by
 * @skb: the frame
 * @to: the port or uplink it is delivered to
 * @f: the frame's state, with its segment and tag
 *
 * Uplinks and trunk ports see the segment's tag, access ports never do.
 * The tag stays out of band: the device, or the stack, inserts it.
 *
 * Context: the fast path, under RCU.
 */
void vsw_vlan_egress(struct sk_buff *skb, const struct vsw_port *to,
		     const struct vsw_frame *f)
{
	bool tagged = false;

	if (f->vid && to->role != VSW_ROLE_OVERLAY) {
		if (to->role == VSW_ROLE_UPLINK) {
			tagged = true;
		} else {
			const struct vsw_policy *pol = rcu_dereference(to->pol);

			tagged = pol->vlan_mode == VSWITCH_VLAN_MODE_TRUNK;
		}
	}
	if (tagged)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), f->tci);
	else
		__vlan_hwaccel_clear_tag(skb);
}

/**
 * vsw_vids_from_attr() - a VID bitmap from its uapi form
 * @map: VLAN_N_VID bits, overwritten
 * @nla: a %VSWITCH_VID_BITMAP_LEN byte attribute, bit N = VID N
 *
 * Bytes, least significant bit first: not bitmap_from_arr32(), whose u32
 * words are the CPU's byte order (and the attribute need not be aligned).
 *
 * Return: whether it has VIDs, all of them 1-4094.
 */
bool vsw_vids_from_attr(unsigned long *map, const struct nlattr *nla)
{
	const u8 *bits = nla_data(nla);
	unsigned int vid;

	bitmap_zero(map, VLAN_N_VID);
	for (vid = 0; vid < VLAN_N_VID; vid++)
		if (bits[vid / BITS_PER_BYTE] & BIT(vid % BITS_PER_BYTE))
			__set_bit(vid, map);
	return !test_bit(0, map) && !test_bit(VLAN_N_VID - 1, map) &&
	       !bitmap_empty(map, VLAN_N_VID);
}

/**
 * vsw_vids_put() - put a VID bitmap in its uapi form
 * @msg: the message
 * @attr: the attribute
 * @map: VLAN_N_VID bits
 *
 * Return: 0 or -EMSGSIZE.
 */
int vsw_vids_put(struct sk_buff *msg, int attr, const unsigned long *map)
{
	u8 bits[VSWITCH_VID_BITMAP_LEN] = {};
	unsigned int vid;

	for_each_set_bit(vid, map, VLAN_N_VID)
		bits[vid / BITS_PER_BYTE] |= BIT(vid % BITS_PER_BYTE);
	return nla_put(msg, attr, sizeof(bits), bits);
}
