// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: portgroups, the policy templates their member ports inherit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/slab.h>
#include "vswitch.h"

/**
 * vsw_pg_find() - look a portgroup of a switch up by name
 * @sw: the switch
 * @name: the portgroup's name
 *
 * Context: vsw_mutex held.
 * Return: the portgroup, or NULL when @sw has none of that name.
 */
struct vsw_portgroup *vsw_pg_find(struct vsw_switch *sw, const char *name)
{
	struct vsw_portgroup *pg;

	list_for_each_entry(pg, &sw->portgroups, list)
		if (!strcmp(pg->name, name))
			return pg;
	return NULL;
}

/**
 * vsw_pg_create() - add a portgroup, without ports, to a switch
 * @sw: the switch
 * @name: its name, unique in @sw (checked by the caller)
 * @pol: its policy; the portgroup takes ownership of it on success, the
 *	caller keeps it on failure
 *
 * Builds its team and starts beacon probing if its policy asks for it; the
 * uplinks it starts to use are due an event (vsw_notify_pending()).
 *
 * Context: RTNL and vsw_mutex held.
 * Return: the portgroup, or ERR_PTR(-ENOMEM), or ERR_PTR(-ENOSPC) when
 * the switch has %VSW_NIOC_CLASSES portgroups.
 */
struct vsw_portgroup *vsw_pg_create(struct vsw_switch *sw, const char *name,
				    struct vsw_policy *pol)
{
	struct vsw_portgroup *pg;
	int cls;

	vsw_assert_locked();
	pg = kzalloc(sizeof(*pg), GFP_KERNEL_ACCOUNT);
	if (!pg)
		return ERR_PTR(-ENOMEM);
	/* its NIOC class, a multiple of 16 below 0xfff0: a qdisc that takes
	 * the priority's low bits for a band (pfifo_fast, a NIC's priority
	 * map) sees 0, as for an unmarked frame; vswctl's HTB tree keeps
	 * 0xfffe and 0xffff.  This bounds a switch's portgroups: 4094.
	 */
	cls = ida_alloc_range(&sw->nioc_ida, 1, VSW_NIOC_CLASSES,
			      GFP_KERNEL_ACCOUNT);
	if (cls < 0) {
		kfree(pg);
		return ERR_PTR(cls);
	}
	pol->nioc_class = cls << 4;
	strscpy(pg->name, name, sizeof(pg->name));
	pg->sw = sw;
	RCU_INIT_POINTER(pg->pol, pol);
	list_add_tail(&pg->list, &sw->portgroups);
	sw->n_portgroups++;
	vsw_team_update(pg, VSW_TEAM_RESET);
	vsw_uplinks_account(sw, NULL);	/* the uplinks it starts to use */
	vsw_beacon_update(sw);
	return pg;
}

/**
 * vsw_policy_same_segments() - whether two policies give the same segments
 * @a: the policy before
 * @b: the policy after
 *
 * Context: any.
 * Return: true when every VID is in the same segments under both policies,
 * so the MAC table entries learned under @a stay valid under @b.
 */
bool vsw_policy_same_segments(const struct vsw_policy *a,
			      const struct vsw_policy *b)
{
	if (a->vlan_mode != b->vlan_mode)
		return false;
	switch (a->vlan_mode) {
	case VSWITCH_VLAN_MODE_VST:
	case VSWITCH_VLAN_MODE_VXLAN:
		return a->vid == b->vid;
	case VSWITCH_VLAN_MODE_PVLAN:
		/* another entry: another class, and VID on the wire */
		return a->pvlan_primary == b->pvlan_primary && a->vid == b->vid;
	case VSWITCH_VLAN_MODE_TRUNK:
		return bitmap_equal(a->trunk, b->trunk, VLAN_N_VID);
	}
	return true;
}

/**
 * vsw_pg_check_macs() - whether a portgroup's ports may take a new policy
 * @pg: the portgroup
 * @pol: the policy it would get
 * @extack: where a refusal is explained
 *
 * A new home VLAN takes the member ports' configured MACs there: none may
 * be another port's configured MAC in that VLAN (vsw_port_mac_check()).
 * Two members cannot have the same one: they share a home VLAN now.
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0, or -EEXIST with @extack set.
 */
int vsw_pg_check_macs(const struct vsw_portgroup *pg,
		      const struct vsw_policy *pol,
		      struct netlink_ext_ack *extack)
{
	u16 vid = vsw_policy_home_vid(pol);
	struct vsw_port *p;
	int err;

	if (vid == vsw_policy_home_vid(vsw_pg_policy(pg)))
		return 0;
	list_for_each_entry(p, &pg->sw->ports, list) {
		if (p->pg != pg || is_zero_ether_addr(p->mac))
			continue;
		err = vsw_port_mac_check(p, p->mac, vid, extack);
		if (err)
			return err;
	}
	return 0;
}

/**
 * vsw_pg_set_policy() - replace a portgroup's policy
 * @pg: the portgroup
 * @pol: the new policy; the portgroup takes ownership of it
 *
 * Publishes it to the portgroup and every member port at once, then the
 * team it gives them.  Frames in flight finish under the old policy, which
 * is freed after a grace period.  Member ports' MACs are announced where
 * they moved to: all of them when the VLANs changed.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_pg_set_policy(struct vsw_portgroup *pg, struct vsw_policy *pol)
{
	struct vsw_policy *old = vsw_pg_policy(pg);
	bool same = vsw_policy_same_segments(old, pol);
	struct vsw_port *p;

	vsw_assert_locked();
	rcu_assign_pointer(pg->pol, pol);
	list_for_each_entry(p, &pg->sw->ports, list)
		if (p->pg == pg)
			vsw_port_set_policy(p, pol);
	kfree_rcu(old, rcu);
	vsw_team_update(pg, VSW_TEAM_RESET |
			    (same ? 0 : VSW_TEAM_ANNOUNCE_ALL));
	vsw_uplinks_account(pg->sw, NULL);
	vsw_beacon_update(pg->sw);
}

/**
 * vsw_pg_destroy() - remove a portgroup from its switch and free it
 * @pg: the portgroup; only called without member ports (or when the
 *	switch goes away, after its ports)
 *
 * Its policy and team are freed after a grace period: frames in flight of
 * a port that just moved to another portgroup may still use them.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_pg_destroy(struct vsw_portgroup *pg)
{
	vsw_assert_locked();
	list_del(&pg->list);
	pg->sw->n_portgroups--;
	ida_free(&pg->sw->nioc_ida, vsw_pg_policy(pg)->nioc_class >> 4);
	kfree_rcu(vsw_pg_policy(pg), rcu);
	vsw_team_free(vsw_pg_team(pg));
	vsw_filter_pg_free(pg);
	vsw_uplinks_account(pg->sw, NULL);	/* the uplinks it stops using */
	vsw_beacon_update(pg->sw);
	kfree(pg);
}
