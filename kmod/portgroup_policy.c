// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: a portgroup's policy as netlink attributes: parsed from the
 * PORTGROUP_NEW and _SET requests (on top of the defaults or the current
 * policy) and put in replies and events.  The per-attribute checks (types,
 * ranges) are the command's policy, generated from the YNL spec
 * (kmod/netlink-gen.c); what is checked here is what needs more than one
 * attribute or the switch's state: VLAN mode combinations, teaming lists
 * of the switch's own uplinks, whole shaping profiles.  Like the bridge's
 * br_vlan_options.c, the options live next to their object.
 */
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include "vswitch.h"

/* The one-byte policy fields (enums and on/off), each one attribute: set
 * from requests and put in replies by one table.
 */
#define VSW_U8(attr, field) { VSWITCH_A_##attr, offsetof(struct vsw_policy, field) }
static const struct {
	u16 attr;
	u16 offset;
} vsw_u8_fields[] = {
	VSW_U8(PG_PCP, pcp),
	VSW_U8(PG_TEAMING, teaming),
	VSW_U8(PG_NOTIFY, notify),
	VSW_U8(PG_FAILBACK, failback),
	VSW_U8(PG_DETECT, detect),
	VSW_U8(PG_PROMISC, promisc),
	VSW_U8(PG_FORGED_TX, forged_tx),
	VSW_U8(PG_MAC_CHANGES, mac_changes),
	VSW_U8(PG_SHAPE_DIR, shape_dir),
	VSW_U8(PG_BPDU_GUARD, bpdu_guard),
	VSW_U8(PG_LEARNING, learning),
	VSW_U8(PG_UNKNOWN_FLOOD, unknown_flood),
	VSW_U8(PG_IPFIX, ipfix),
};

static void vsw_u8_fields_set(struct vsw_policy *pol, struct nlattr **a)
{
	int i;

	BUILD_BUG_ON(sizeof(bool) != sizeof(u8));
	for (i = 0; i < ARRAY_SIZE(vsw_u8_fields); i++)
		if (a[vsw_u8_fields[i].attr])
			*((u8 *)pol + vsw_u8_fields[i].offset) =
				nla_get_u8(a[vsw_u8_fields[i].attr]);
}

static int vsw_u8_fields_put(struct sk_buff *msg, const struct vsw_policy *pol)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vsw_u8_fields); i++)
		if (nla_put_u8(msg, vsw_u8_fields[i].attr,
			       *((const u8 *)pol + vsw_u8_fields[i].offset)))
			return -EMSGSIZE;
	return 0;
}

static int vsw_put_ifindexes(struct sk_buff *msg, int attr, const int *list,
			     int n)
{
	u32 v[VSWITCH_UPLINKS_MAX];
	int i;

	for (i = 0; i < n; i++)
		v[i] = list[i];
	return nla_put(msg, attr, n * sizeof(u32), v);
}

static int vsw_fill_team(struct sk_buff *msg, const struct vsw_portgroup *pg)
{
	const struct vsw_policy *pol = vsw_pg_policy(pg);
	const struct vsw_team *t = vsw_pg_team(pg);
	int i, up[VSWITCH_UPLINKS_MAX];

	if (pol->explicit_order &&
	    (vsw_put_ifindexes(msg, VSWITCH_A_PG_ACTIVE, pol->active,
			       pol->n_active) ||
	     vsw_put_ifindexes(msg, VSWITCH_A_PG_STANDBY, pol->standby,
			       pol->n_standby)))
		return -EMSGSIZE;
	for (i = 0; i < t->n; i++)
		up[i] = t->up[i]->dev->ifindex;
	return vsw_put_ifindexes(msg, VSWITCH_A_PG_UPLINKS, up, t->n);
}

static int vsw_fill_policy(struct sk_buff *msg, const struct vsw_policy *pol)
{
	if (nla_put_u8(msg, VSWITCH_A_PG_VLAN_MODE, pol->vlan_mode) ||
	    vsw_u8_fields_put(msg, pol) ||
	    nla_put_u32(msg, VSWITCH_A_PG_LEARN_LIMIT, pol->learn_limit))
		return -EMSGSIZE;
	if (pol->shape_dir &&
	    (nla_put_u64_64bit(msg, VSWITCH_A_PG_SHAPE_AVG, pol->shape_avg,
			       VSWITCH_A_PAD) ||
	     nla_put_u64_64bit(msg, VSWITCH_A_PG_SHAPE_PEAK, pol->shape_peak,
			       VSWITCH_A_PAD) ||
	     nla_put_u32(msg, VSWITCH_A_PG_SHAPE_BURST, pol->shape_burst)))
		return -EMSGSIZE;
	if ((pol->vlan_mode == VSWITCH_VLAN_MODE_VST ||
	     pol->vlan_mode == VSWITCH_VLAN_MODE_PVLAN) &&
	    nla_put_u16(msg, VSWITCH_A_PG_VLAN_ID, pol->vid))
		return -EMSGSIZE;
	if (pol->vlan_mode == VSWITCH_VLAN_MODE_PVLAN &&
	    (nla_put_u16(msg, VSWITCH_A_PVLAN_PRIMARY, pol->pvlan_primary) ||
	     nla_put_u8(msg, VSWITCH_A_PVLAN_TYPE, pol->pvlan - 1)))
		return -EMSGSIZE;
	if (pol->vlan_mode == VSWITCH_VLAN_MODE_TRUNK &&
	    vsw_vids_put(msg, VSWITCH_A_PG_TRUNK_VIDS, pol->trunk))
		return -EMSGSIZE;
	if (pol->vlan_mode == VSWITCH_VLAN_MODE_VXLAN &&
	    nla_put_u32(msg, VSWITCH_A_PG_VXLAN_VNI, pol->vni))
		return -EMSGSIZE;
	if (nla_put_u32(msg, VSWITCH_A_PG_NIOC_SHARES, pol->nioc_shares) ||
	    nla_put_u64_64bit(msg, VSWITCH_A_PG_NIOC_RESERVATION,
			      pol->nioc_resv, VSWITCH_A_PAD) ||
	    nla_put_u64_64bit(msg, VSWITCH_A_PG_NIOC_LIMIT, pol->nioc_limit,
			      VSWITCH_A_PAD) ||
	    nla_put_u16(msg, VSWITCH_A_PG_NIOC_CLASS, pol->nioc_class))
		return -EMSGSIZE;
	return 0;
}

/* NIOC: a reservation above the limit could never be kept */
static int vsw_nioc_from_attrs(struct genl_info *info, struct vsw_policy *pol)
{
	struct nlattr **a = info->attrs;

	if (a[VSWITCH_A_PG_NIOC_SHARES])
		pol->nioc_shares = nla_get_u32(a[VSWITCH_A_PG_NIOC_SHARES]);
	if (a[VSWITCH_A_PG_NIOC_RESERVATION])
		pol->nioc_resv = nla_get_u64(a[VSWITCH_A_PG_NIOC_RESERVATION]);
	if (a[VSWITCH_A_PG_NIOC_LIMIT])
		pol->nioc_limit = nla_get_u64(a[VSWITCH_A_PG_NIOC_LIMIT]);
	if ((pol->nioc_resv && pol->nioc_resv < VSWITCH_SHAPE_RATE_MIN) ||
	    (pol->nioc_limit && pol->nioc_limit < VSWITCH_SHAPE_RATE_MIN)) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "a NIOC reservation or limit is 0 (none) or at least %llu bit/s",
				       (unsigned long long)VSWITCH_SHAPE_RATE_MIN);
		return -ERANGE;
	}
	if (pol->nioc_limit && pol->nioc_resv > pol->nioc_limit) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the NIOC reservation is above the limit");
		NL_SET_BAD_ATTR(info->extack,
				a[VSWITCH_A_PG_NIOC_RESERVATION] ?:
				a[VSWITCH_A_PG_NIOC_LIMIT]);
		return -EINVAL;
	}
	return 0;
}

/* An active or standby list: uplinks of @sw, each once.  The uplinks
 * are looked up only to check the request; the policy keeps ifindexes.
 */
static int vsw_team_list(struct vsw_switch *sw, const struct nlattr *nla,
			 int *list, u8 *n, struct netlink_ext_ack *extack)
{
	int i, j, len = nla_len(nla);
	const u32 *v = nla_data(nla);
	struct net_device *dev;
	struct vsw_port *up;

	if (len % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "an uplink list is a u32 array");
		return -EINVAL;
	}
	*n = len / sizeof(u32);
	for (i = 0; i < *n; i++) {
		dev = __dev_get_by_index(sw->net, v[i]);
		up = dev ? vsw_port_of(dev) : NULL;
		if (!up || up->role != VSW_ROLE_UPLINK || up->sw != sw) {
			if (dev)
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "%s is not an uplink of switch %s",
						       dev->name, sw->name);
			else
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "no device with index %u", v[i]);
			NL_SET_BAD_ATTR(extack, nla);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (list[j] != v[i])
				continue;
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s is listed twice",
					       dev->name);
			NL_SET_BAD_ATTR(extack, nla);
			return -EINVAL;
		}
		list[i] = v[i];
	}
	return 0;
}

/* The teaming part of a NEW or SET request, on top of @pol. */
static int vsw_team_from_attrs(struct genl_info *info, struct vsw_switch *sw,
			       struct vsw_policy *pol)
{
	struct nlattr **a = info->attrs;
	struct netlink_ext_ack *extack = info->extack;
	int i, j, err;

	if (!a[VSWITCH_A_PG_ACTIVE] && !a[VSWITCH_A_PG_STANDBY])
		return 0;

	if (a[VSWITCH_A_PG_ACTIVE]) {
		err = vsw_team_list(sw, a[VSWITCH_A_PG_ACTIVE], pol->active,
				    &pol->n_active, extack);
		if (err)
			return err;
	}
	if (a[VSWITCH_A_PG_STANDBY]) {
		err = vsw_team_list(sw, a[VSWITCH_A_PG_STANDBY], pol->standby,
				    &pol->n_standby, extack);
		if (err)
			return err;
	}
	for (i = 0; i < pol->n_active; i++)
		for (j = 0; j < pol->n_standby; j++)
			if (pol->active[i] == pol->standby[j]) {
				struct net_device *dev =
					__dev_get_by_index(sw->net, pol->active[i]);

				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "%s cannot be both active and standby",
						       dev ? dev->name : "an uplink");
				return -EINVAL;
			}
	/* both lists empty: back to every uplink, in attach order */
	pol->explicit_order = pol->n_active || pol->n_standby;
	return 0;
}

/* Shaping: DIR 0 turns it off; turning it on (or changing the profile)
 * takes the whole profile, and the peak cannot be below the average.
 */
static int vsw_shaping_from_attrs(struct genl_info *info,
				  struct vsw_policy *pol)
{
	struct nlattr **a = info->attrs;
	struct netlink_ext_ack *extack = info->extack;
	bool any = a[VSWITCH_A_PG_SHAPE_AVG] || a[VSWITCH_A_PG_SHAPE_PEAK] ||
		   a[VSWITCH_A_PG_SHAPE_BURST];

	if (!a[VSWITCH_A_PG_SHAPE_DIR] && !any)
		return 0;
	if (!a[VSWITCH_A_PG_SHAPE_DIR] ||
	    !nla_get_u8(a[VSWITCH_A_PG_SHAPE_DIR])) {
		if (any) {
			NL_SET_ERR_MSG_MOD(extack,
					   "a shaping profile needs a direction (in, out or both)");
			return -EINVAL;
		}
		pol->shape_dir = 0;
		pol->shape_avg = 0;
		pol->shape_peak = 0;
		pol->shape_burst = 0;
		return 0;
	}
	if (!a[VSWITCH_A_PG_SHAPE_AVG] || !a[VSWITCH_A_PG_SHAPE_PEAK] ||
	    !a[VSWITCH_A_PG_SHAPE_BURST]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "shaping needs avg, peak and burst together");
		return -EINVAL;
	}
	pol->shape_dir = nla_get_u8(a[VSWITCH_A_PG_SHAPE_DIR]);
	pol->shape_avg = nla_get_u64(a[VSWITCH_A_PG_SHAPE_AVG]);
	pol->shape_peak = nla_get_u64(a[VSWITCH_A_PG_SHAPE_PEAK]);
	pol->shape_burst = nla_get_u32(a[VSWITCH_A_PG_SHAPE_BURST]);
	if (pol->shape_peak < pol->shape_avg) {
		NL_SET_ERR_MSG_ATTR(extack, a[VSWITCH_A_PG_SHAPE_PEAK],
				    "the peak rate must be at least the average rate");
		return -EINVAL;
	}
	return 0;
}

/* A VST VLAN must not be a private VLAN's; a private VLAN portgroup takes
 * its entry's primary and type from the switch's map (which keeps them
 * while it is used: vsw_pvlan_del()).
 */
static int vsw_pvlan_from_attrs(struct vsw_switch *sw, struct vsw_policy *pol,
				u8 mode, struct netlink_ext_ack *extack)
{
	const struct vsw_pvlan_map *map = vsw_pvlan_conf(sw);
	u16 primary = map ? map->primary[pol->vid] : 0;

	pol->pvlan = VSW_PVLAN_NONE;
	pol->pvlan_primary = 0;
	if (mode == VSWITCH_VLAN_MODE_VST && primary) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VLAN %u is a private VLAN of switch %s: use pvlan %u",
				       pol->vid, sw->name, pol->vid);
		return -EINVAL;
	}
	if (mode != VSWITCH_VLAN_MODE_PVLAN)
		return 0;
	if (!primary) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VLAN %u is not a private VLAN of switch %s (pvlan add first)",
				       pol->vid, sw->name);
		return -EINVAL;
	}
	pol->pvlan_primary = primary;
	pol->pvlan = map->type[pol->vid] + 1;
	return 0;
}

/**
 * vsw_pg_policy_from_attrs() - the policy a PORTGROUP_NEW or _SET asks for
 * @info: the request, its attributes validated by the command's policy
 * @sw: the portgroup's switch (teaming lists name its uplinks)
 * @base: the current policy (SET), or NULL for the defaults (NEW: vlan
 *	none, teaming portid over every uplink, notify on, failback on,
 *	detect link, learning off with unknown-flood off and limit 4096)
 *
 * Context: RTNL and vsw_mutex held (the uplinks are looked up by ifindex).
 * Return: a new policy, the caller's to free or publish, or an ERR_PTR():
 * -EINVAL with an extack message, or -ENOMEM; nothing is changed either
 * way.
 */
struct vsw_policy *vsw_pg_policy_from_attrs(struct genl_info *info,
					    struct vsw_switch *sw,
					    const struct vsw_policy *base)
{
	struct nlattr **a = info->attrs;
	struct netlink_ext_ack *extack = info->extack;
	struct vsw_policy *pol;
	u8 mode;

	pol = kzalloc(sizeof(*pol), GFP_KERNEL_ACCOUNT);
	if (!pol)
		return ERR_PTR(-ENOMEM);
	if (base) {
		memcpy(pol, base, sizeof(*pol));
	} else {
		pol->notify = true;
		pol->failback = true;
		pol->learn_limit = VSW_LEARN_LIMIT_DEFAULT;
		pol->nioc_shares = VSWITCH_NIOC_SHARES_DEFAULT;
	}
	/* shape_dir too; vsw_shaping_from_attrs() then checks the profile */
	vsw_u8_fields_set(pol, a);
	if (a[VSWITCH_A_PG_LEARN_LIMIT])
		pol->learn_limit = nla_get_u32(a[VSWITCH_A_PG_LEARN_LIMIT]);
	if (vsw_team_from_attrs(info, sw, pol) || vsw_nioc_from_attrs(info, pol))
		goto err;
	mode = a[VSWITCH_A_PG_VLAN_MODE] ?
	       nla_get_u8(a[VSWITCH_A_PG_VLAN_MODE]) : pol->vlan_mode;

	if (a[VSWITCH_A_PG_VLAN_ID] && mode != VSWITCH_VLAN_MODE_VST &&
	    mode != VSWITCH_VLAN_MODE_PVLAN) {
		NL_SET_ERR_MSG_ATTR(extack, a[VSWITCH_A_PG_VLAN_ID],
				    "a VLAN ID needs VLAN mode VST (vlan N) or pvlan");
		goto err;
	}
	if (a[VSWITCH_A_PG_TRUNK_VIDS] && mode != VSWITCH_VLAN_MODE_TRUNK) {
		NL_SET_ERR_MSG_ATTR(extack, a[VSWITCH_A_PG_TRUNK_VIDS],
				    "a VID list needs VLAN mode trunk");
		goto err;
	}
	if (a[VSWITCH_A_PG_VXLAN_VNI] && mode != VSWITCH_VLAN_MODE_VXLAN) {
		NL_SET_ERR_MSG_ATTR(extack, a[VSWITCH_A_PG_VXLAN_VNI],
				    "a VNI needs VLAN mode vxlan");
		goto err;
	}
	if (mode == VSWITCH_VLAN_MODE_VST || mode == VSWITCH_VLAN_MODE_PVLAN) {
		if (a[VSWITCH_A_PG_VLAN_ID]) {
			pol->vid = nla_get_u16(a[VSWITCH_A_PG_VLAN_ID]);
		} else if (pol->vlan_mode != mode) {
			if (mode == VSWITCH_VLAN_MODE_VST)
				NL_SET_ERR_MSG_MOD(extack, "VLAN mode VST needs a VLAN ID");
			else
				NL_SET_ERR_MSG_MOD(extack,
						   "a private VLAN portgroup needs the VID of its entry");
			goto err;
		}
	} else {
		pol->vid = 0;
	}
	if (vsw_pvlan_from_attrs(sw, pol, mode, extack))
		goto err;
	if (mode == VSWITCH_VLAN_MODE_TRUNK) {
		if (a[VSWITCH_A_PG_TRUNK_VIDS]) {
			if (!vsw_vids_from_attr(pol->trunk,
						a[VSWITCH_A_PG_TRUNK_VIDS])) {
				NL_SET_ERR_MSG_ATTR(extack,
						    a[VSWITCH_A_PG_TRUNK_VIDS],
						    "trunk VIDs: 1-4094, at least one");
				goto err;
			}
		} else if (pol->vlan_mode != VSWITCH_VLAN_MODE_TRUNK ||
			   a[VSWITCH_A_PG_VLAN_MODE]) {
			/* "vlan trunk" alone: every VID */
			bitmap_fill(pol->trunk, VLAN_N_VID);
			clear_bit(0, pol->trunk);
			clear_bit(VLAN_N_VID - 1, pol->trunk);
		}
	} else {
		bitmap_zero(pol->trunk, VLAN_N_VID);
	}
	if (mode == VSWITCH_VLAN_MODE_VXLAN) {
		int seg;

		if (a[VSWITCH_A_PG_VXLAN_VNI]) {
			pol->vni = nla_get_u32(a[VSWITCH_A_PG_VXLAN_VNI]);
		} else if (pol->vlan_mode != mode) {
			NL_SET_ERR_MSG_MOD(extack, "VLAN mode vxlan needs a VNI");
			goto err;
		}
		/* its segment: the VNI's (vsw_overlay_segs_gc() frees it
		 * if this request fails)
		 */
		seg = vsw_overlay_seg(sw, pol->vni, extack);
		if (seg < 0) {
			if (a[VSWITCH_A_PG_VXLAN_VNI])
				NL_SET_BAD_ATTR(extack, a[VSWITCH_A_PG_VXLAN_VNI]);
			kfree(pol);
			return ERR_PTR(seg);
		}
		pol->vid = seg;
	} else {
		pol->vni = 0;
	}
	pol->vlan_mode = mode;
	if (vsw_shaping_from_attrs(info, pol))
		goto err;
	return pol;
err:
	kfree(pol);
	return ERR_PTR(-EINVAL);
}

/**
 * vsw_pg_policy_fill() - put a portgroup's policy and team in a message
 * @msg: the reply or event being built
 * @pg: the portgroup
 *
 * Context: the config lock (vsw_mutex) held.
 * Return: 0, or -EMSGSIZE when @msg is full.
 */
int vsw_pg_policy_fill(struct sk_buff *msg, const struct vsw_portgroup *pg)
{
	return vsw_fill_policy(msg, vsw_pg_policy(pg)) ?:
	       vsw_fill_team(msg, pg);
}
