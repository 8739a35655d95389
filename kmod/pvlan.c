// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: private VLANs (vDS; RFC 5517).  A switch's map gives each
 * private VLAN VID its primary and its type: the primary itself
 * (promiscuous), one isolated secondary per primary, any number of
 * community secondaries.  A portgroup joins one entry (vlan mode pvlan);
 * its ports are in the primary's segment, the MAC learning domain of the
 * whole private VLAN, and vsw_pvlan_ok() decides who reaches whom.  On the
 * uplinks a frame carries the VID of the entry it came from: a secondary's
 * from isolated and community ports, the primary's from promiscuous ones,
 * which is what a PVLAN-aware physical switch expects and sends.
 *
 * The map is replaced whole (12 KB, only on switches that have private
 * VLANs); entries a portgroup uses cannot change or go, so a policy keeps
 * its entry's primary and type.
 */
#include <linux/slab.h>
#include <net/netlink.h>
#include "vswitch.h"

static const char * const vsw_pvlan_names[] = {
	[VSWITCH_PVLAN_TYPE_PROMISCUOUS] = "promiscuous",
	[VSWITCH_PVLAN_TYPE_ISOLATED] = "isolated",
	[VSWITCH_PVLAN_TYPE_COMMUNITY] = "community",
};

/**
 * vsw_pvlan_conf() - a switch's private VLAN map, on the config side
 * @sw: the switch
 *
 * Context: vsw_mutex held.
 * Return: the map, or NULL when the switch has no private VLAN.
 */
struct vsw_pvlan_map *vsw_pvlan_conf(const struct vsw_switch *sw)
{
	return rcu_dereference_protected(sw->pvlan,
					 lockdep_is_held(&vsw_mutex));
}

/* A portgroup of @sw whose VST VLAN, or private VLAN entry, is @vid. */
static struct vsw_portgroup *vsw_pvlan_user(struct vsw_switch *sw, u16 vid,
					    u8 mode)
{
	struct vsw_portgroup *pg;

	list_for_each_entry(pg, &sw->portgroups, list) {
		const struct vsw_policy *pol = vsw_pg_policy(pg);

		if (pol->vlan_mode == mode && pol->vid == vid)
			return pg;
	}
	return NULL;
}

/* A copy of the map to change, or an empty one. */
static struct vsw_pvlan_map *vsw_pvlan_copy(struct vsw_switch *sw,
					    const struct vsw_pvlan_map *old)
{
	struct mem_cgroup *old_memcg = set_active_memcg(sw->memcg);
	struct vsw_pvlan_map *map = kvzalloc(sizeof(*map), GFP_KERNEL_ACCOUNT);

	set_active_memcg(old_memcg);
	if (map && old)
		memcpy(map, old, sizeof(*map));
	return map;
}

static void vsw_pvlan_publish(struct vsw_switch *sw, struct vsw_pvlan_map *map)
{
	struct vsw_pvlan_map *old = vsw_pvlan_conf(sw);

	rcu_assign_pointer(sw->pvlan, map);
	if (old)
		kvfree_rcu(old, rcu);
	vsw_changed(sw->net);
}

/**
 * vsw_pvlan_add() - add an entry to a switch's private VLAN map
 * @sw: the switch
 * @primary: the primary VLAN
 * @vid: the entry's VID: @primary declares the primary, another VID adds
 *	a secondary of it
 * @type: the secondary's enum vswitch_pvlan_type (ignored for a primary)
 * @extack: where a refusal is explained
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0; -EEXIST (the VID is in the map, or the primary has an
 * isolated secondary already), -ENOENT (no such primary), -EBUSY (a VST
 * portgroup's VLAN) or -EINVAL, with @extack; -ENOMEM.  Nothing changes on
 * error.
 */
int vsw_pvlan_add(struct vsw_switch *sw, u16 primary, u16 vid, u8 type,
		  struct netlink_ext_ack *extack)
{
	const struct vsw_pvlan_map *old = vsw_pvlan_conf(sw);
	struct vsw_portgroup *pg;
	struct vsw_pvlan_map *map;
	int v;

	vsw_assert_locked();
	if (vid == primary) {
		type = VSWITCH_PVLAN_TYPE_PROMISCUOUS;
	} else {
		if (type == VSWITCH_PVLAN_TYPE_PROMISCUOUS) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "secondary VLAN %u: isolated or community",
					       vid);
			return -EINVAL;
		}
		if (!old || old->primary[primary] != primary) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "VLAN %u is not a primary private VLAN of switch %s",
					       primary, sw->name);
			return -ENOENT;
		}
	}
	if (old && old->primary[vid]) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VLAN %u is already a private VLAN (%s of %u)",
				       vid, vsw_pvlan_names[old->type[vid]],
				       old->primary[vid]);
		return -EEXIST;
	}
	if (type == VSWITCH_PVLAN_TYPE_ISOLATED) {
		for (v = 1; v < VLAN_N_VID - 1; v++)
			if (old->primary[v] == primary &&
			    old->type[v] == VSWITCH_PVLAN_TYPE_ISOLATED) {
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "primary VLAN %u has an isolated VLAN already: %u",
						       primary, v);
				return -EEXIST;
			}
	}
	pg = vsw_pvlan_user(sw, vid, VSWITCH_VLAN_MODE_VST);
	if (pg) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VLAN %u is portgroup %s's: it cannot be private",
				       vid, pg->name);
		return -EBUSY;
	}
	map = vsw_pvlan_copy(sw, old);
	if (!map)
		return -ENOMEM;
	map->primary[vid] = primary;
	map->type[vid] = type;
	vsw_pvlan_publish(sw, map);
	/* MACs trunk ports learned in the VID belong to no private VLAN */
	vsw_fdb_flush_vid(sw, vid);
	return 0;
}

/**
 * vsw_pvlan_del() - remove an entry from a switch's private VLAN map
 * @sw: the switch
 * @vid: the entry's VID
 * @extack: where a refusal is explained
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0; -ENOENT (no such entry), -EBUSY (a portgroup uses it, or it
 * is a primary with secondaries), with @extack; -ENOMEM.  Nothing changes
 * on error.
 */
int vsw_pvlan_del(struct vsw_switch *sw, u16 vid,
		  struct netlink_ext_ack *extack)
{
	const struct vsw_pvlan_map *old = vsw_pvlan_conf(sw);
	struct vsw_portgroup *pg;
	struct vsw_pvlan_map *map;
	int v;

	vsw_assert_locked();
	if (!old || !old->primary[vid]) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VLAN %u is not a private VLAN of switch %s",
				       vid, sw->name);
		return -ENOENT;
	}
	pg = vsw_pvlan_user(sw, vid, VSWITCH_VLAN_MODE_PVLAN);
	if (pg) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "portgroup %s uses private VLAN %u",
				       pg->name, vid);
		return -EBUSY;
	}
	if (old->primary[vid] == vid)
		for (v = 1; v < VLAN_N_VID - 1; v++)
			if (v != vid && old->primary[v] == vid) {
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "primary VLAN %u still has secondary %u",
						       vid, v);
				return -EBUSY;
			}
	map = vsw_pvlan_copy(sw, old);
	if (!map)
		return -ENOMEM;
	map->primary[vid] = 0;
	map->type[vid] = 0;
	vsw_pvlan_publish(sw, map);
	return 0;
}

/**
 * vsw_pvlan_free() - free a switch's private VLAN map
 * @sw: the switch, unreachable by the fast path after a grace period
 *
 * Context: the switch's free work.
 */
void vsw_pvlan_free(struct vsw_switch *sw)
{
	kvfree(rcu_dereference_protected(sw->pvlan, 1));
}
