// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: attaching netdevs as ports and uplinks, and detaching them.
 *
 * Both kinds hook the netdev's receive path with an rx_handler, so a netdev
 * can belong to one switch only and never also to a bridge, bond or OVS
 * (they all need the same hook).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/slab.h>
#include "vswitch.h"

/**
 * vsw_port_of() - the port or uplink a netdev is in its switch as
 * @dev: any netdev
 *
 * An internal port's netdev holds its port in its private data (it has no
 * rx_handler); any other netdev in a switch holds it as the
 * rx_handler_data of our rx_handler.
 *
 * Context: RTNL held.
 * Return: the port or uplink, or NULL when @dev is in no switch.
 */
struct vsw_port *vsw_port_of(const struct net_device *dev)
{
	if (vsw_is_internal(dev))
		return vsw_internal_port(dev);
	if (rcu_access_pointer(dev->rx_handler) != vsw_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

static int vsw_dev_check(struct net_device *dev, struct netlink_ext_ack *extack)
{
	struct vsw_port *other = vsw_port_of(dev);

	if (other) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s is already %s of switch %s",
				       dev->name,
				       other->role == VSW_ROLE_UPLINK ? "an uplink" :
				       other->role == VSW_ROLE_OVERLAY ? "the overlay" :
				       "a port",
				       other->sw->name);
		return -EBUSY;
	}
	if (dev->flags & IFF_LOOPBACK || dev->type != ARPHRD_ETHER ||
	    dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s is not an Ethernet device",
				       dev->name);
		return -EINVAL;
	}
	if (netif_is_bridge_port(dev) || netif_is_bond_slave(dev) ||
	    netif_is_ovs_port(dev) || netif_is_team_port(dev) ||
	    rtnl_dereference(dev->rx_handler)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "%s is already enslaved (bridge, bond, team, OVS or macvlan)",
				       dev->name);
		return -EBUSY;
	}
	if (netdev_master_upper_dev_get(dev)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s already has a master device",
				       dev->name);
		return -EBUSY;
	}
	return vsw_stack_check(dev, dev, extack);
}

/* A walk of the devices around a netdev @dev that is to join a switch, or
 * to be stacked on one: the first netdev of a switch it meets, other than
 * @dev itself (any, with @dev NULL).
 */
struct vsw_stack_walk {
	struct net_device *dev;
	struct net_device *found;
};

static bool vsw_in_switch(const struct net_device *d)
{
	return rcu_access_pointer(d->rx_handler) == vsw_handle_frame ||
	       vsw_is_internal(d);
}

static int vsw_walk_check(struct net_device *d, struct netdev_nested_priv *priv)
{
	struct vsw_stack_walk *w = priv->data;

	if (d == w->dev || !vsw_in_switch(d))
		return 0;
	w->found = d;
	return 1;
}

/* @d, and what is stacked on it (under RCU: the upper walk needs it) */
static int vsw_walk_uppers(struct net_device *d, struct netdev_nested_priv *priv)
{
	int found;

	rcu_read_lock();
	found = vsw_walk_check(d, priv) ||
		netdev_walk_all_upper_dev_rcu(d, vsw_walk_check, priv);
	rcu_read_unlock();
	return found;
}

/**
 * vsw_stack_check() - refuse a netdev stacked with a switch's netdev
 * @dev: a netdev that is, or is to be, in a switch
 * @lower: the netdev it is (to be) stacked on, or @dev itself
 * @extack: where a refusal is explained, or NULL
 *
 * A netdev stacked on a port, an uplink or an internal port (a VLAN device
 * on vmk0, a macvlan, a bond enslaving it) in a switch makes a loop no
 * core check sees: a broadcast goes round uplink, internal port, VLAN
 * device, rx_handler as a softirq storm; and deleting the internal port
 * would unregister a port of a switch from inside the switch's own change.
 * So is one that shares a lower device with a switch's netdev (bond0 as an
 * uplink over eth0 while eth0.10 is a port, or eth0 itself as the uplink):
 * the VLAN device takes its frames before the bond's or the uplink's
 * rx_handler.  Such a @dev never joins a switch: @lower, every netdev
 * below it, and every netdev on top of those are checked.
 *
 * Context: RTNL held.
 * Return: 0, or -ELOOP with @extack set.
 */
int vsw_stack_check(struct net_device *dev, struct net_device *lower,
		    struct netlink_ext_ack *extack)
{
	struct vsw_stack_walk w = { .dev = dev };
	struct netdev_nested_priv priv = { .data = &w };

	ASSERT_RTNL();
	if (!vsw_walk_uppers(lower, &priv))
		netdev_walk_all_lower_dev(lower, vsw_walk_uppers, &priv);
	if (!w.found)
		return 0;
	NL_SET_ERR_MSG_FMT_MOD(extack,
			       "%s would be stacked with %s, which is in a switch: a loop",
			       dev->name, w.found->name);
	return -ELOOP;
}

/**
 * vsw_stack_link_check() - refuse stacking a netdev under a switch's
 * @lower: a netdev about to get an upper device
 * @upper: that upper device
 * @extack: where a refusal is explained, or NULL
 *
 * Only when @upper, or a netdev on top of it, is in a switch (a bond
 * uplink enslaving vmk0) can the link make a loop; vsw_stack_check() then
 * judges @upper as if stacked on @lower.
 *
 * Context: RTNL held (NETDEV_PRECHANGEUPPER).
 * Return: 0, or -ELOOP with @extack set.
 */
int vsw_stack_link_check(struct net_device *lower, struct net_device *upper,
			 struct netlink_ext_ack *extack)
{
	struct vsw_stack_walk w = {};
	struct netdev_nested_priv priv = { .data = &w };

	if (!vsw_walk_uppers(upper, &priv))
		return 0;
	return vsw_stack_check(upper, lower, extack);
}

static bool vsw_policy_floods_unknown(const struct vsw_policy *pol)
{
	return pol && pol->learning && pol->unknown_flood;
}

/* The switch's counts of promiscuous ports and of learning ports that get
 * unknown unicast (the fast path looks for them only when there are
 * some), as port @p goes from policy @old to @new (NULL: not a member).
 */
static void vsw_port_count_policy(struct vsw_port *p,
				  const struct vsw_policy *old,
				  const struct vsw_policy *new)
{
	struct vsw_switch *sw = p->sw;
	int n = (new && new->promisc) - (old && old->promisc);

	if (n)
		WRITE_ONCE(sw->n_promisc, sw->n_promisc + n);
	n = vsw_policy_floods_unknown(new) - vsw_policy_floods_unknown(old);
	if (n)
		WRITE_ONCE(sw->n_flood_unknown, sw->n_flood_unknown + n);
}

/**
 * vsw_port_warm() - end a port's cold start
 * @p: the port
 *
 * A port whose MAC the switch does not know (none configured, nothing sent
 * since it was attached) gets the unknown unicast of its segment, so that
 * a silent VM is reachable at once after an attach, an apply or a module
 * reload, as behind a bridge; it stops when the port sends its first
 * frame from a MAC it may use (its MAC is learned), gets a configured MAC,
 * goes, or after the switch's ageing time, at most VSW_COLD_MAX (the fast
 * path checks the time; vsw_ports_cold_expire() clears the flag).
 *
 * Context: any; the fast path calls it for a port's first frame.
 */
void vsw_port_warm(struct vsw_port *p)
{
	if (test_and_clear_bit(VSW_PORT_COLD, &p->flags))
		atomic_dec(&p->sw->n_cold);
}

/**
 * vsw_ports_cold_expire() - end the cold starts older than the ageing time
 * @sw: the switch
 *
 * Bounds what a silent port can receive of its segment's unknown unicast
 * (a guest that never sends would otherwise see, for as long as it stays
 * silent, the frames its neighbours send to the physical network) to what
 * a bridge floods within one ageing time.
 *
 * Context: the ageing work, under RCU.
 */
void vsw_ports_cold_expire(struct vsw_switch *sw)
{
	struct vsw_port *p;

	if (!atomic_read(&sw->n_cold))
		return;
	list_for_each_entry_rcu(p, &sw->ports, list)
		if (test_bit(VSW_PORT_COLD, &p->flags) &&
		    time_after_eq(jiffies, READ_ONCE(p->cold_until)))
			vsw_port_warm(p);
}

/**
 * vsw_port_attach() - make a netdev a port of a portgroup, or an uplink
 * @sw: the switch
 * @dev: the netdev, in the switch's namespace, not in a switch yet
 * @role: %VSW_ROLE_PORT (with @pg) or %VSW_ROLE_UPLINK
 * @pg: the portgroup of a port; NULL for an uplink
 * @cold: a port whose MAC the switch does not know (vsw_port_warm())
 * @out: the new port, on success
 * @extack: where a refusal is explained
 *
 * Takes a tracked reference on the netdev and its rx_handler (an internal port's
 * netdev: its xmit); the port is in the switch's lists, and so visible to
 * the fast path, when this returns.
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0, or a negative errno (with @extack set, but for -ENOMEM);
 * nothing changed then.
 */
int vsw_port_attach(struct vsw_switch *sw, struct net_device *dev,
		    enum vsw_port_role role, struct vsw_portgroup *pg, bool cold,
		    struct vsw_port **out, struct netlink_ext_ack *extack)
{
	struct vsw_port *p;
	int err;

	vsw_assert_locked();
	err = vsw_dev_check(dev, extack);
	if (err)
		return err;
	if (sw->vn->n_ports >= READ_ONCE(vsw_limits.ports)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "namespace limit: %u ports and uplinks (max_ports)",
				       sw->vn->n_ports);
		return -ENOSPC;
	}
	if (role == VSW_ROLE_UPLINK && sw->n_uplinks >= VSWITCH_UPLINKS_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "switch %s has %d uplinks, the most it can have",
				       sw->name, VSWITCH_UPLINKS_MAX);
		return -ENOSPC;
	}

	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	p->stats = __netdev_alloc_pcpu_stats(struct vsw_pcpu_stats,
					     GFP_KERNEL_ACCOUNT);
	if (!p->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	p->sw = sw;
	p->dev = dev;
	p->role = role;
	p->kind = vsw_is_internal(dev) ? VSWITCH_PORT_KIND_INTERNAL :
					 VSWITCH_PORT_KIND_VM;
	p->id = sw->next_port_id++;
	if (cold) {
		/* before the fast path can see the port */
		p->cold_until = jiffies + min_t(unsigned long, VSW_COLD_MAX,
						(unsigned long)sw->ageing * HZ);
		atomic_inc(&sw->n_cold);
		set_bit(VSW_PORT_COLD, &p->flags);
	}
	if (pg) {
		p->pg = pg;
		RCU_INIT_POINTER(p->pol, vsw_pg_policy(pg));
		RCU_INIT_POINTER(p->team, vsw_pg_team(pg));
		vsw_filter_port_join(p);
		vsw_shaper_reset(p, vsw_pg_policy(pg));
	} else if (role == VSW_ROLE_UPLINK) {
		p->slot = ffz(sw->uplink_slots);
		p->beacon_rx = jiffies;
	}

	if (p->kind == VSWITCH_PORT_KIND_INTERNAL) {
		/* the host sends into the switch through its xmit */
		vsw_internal_set_port(dev, p);
		goto hooked;
	}
	/* an uplink must see frames for every VM MAC; a port every MAC a
	 * VM sends to
	 */
	err = dev_set_promiscuity(dev, 1);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot set the device promiscuous");
		goto err_stats;
	}
	err = netdev_rx_handler_register(dev, vsw_handle_frame, p);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot hook the device's receive path");
		goto err_promisc;
	}
	dev_disable_lro(dev);
hooked:
	netdev_hold(dev, &p->dev_tracker, GFP_KERNEL);

	if (role == VSW_ROLE_UPLINK) {
		list_add_tail_rcu(&p->list, &sw->uplinks);
		sw->n_uplinks++;
		sw->uplink_slots |= BIT(p->slot);
		vsw_teams_update(sw, NULL);
	} else if (role == VSW_ROLE_OVERLAY) {
		/* on no list: vsw_overlay_set() publishes it */
		INIT_LIST_HEAD(&p->list);
	} else {
		list_add_tail_rcu(&p->list, &sw->ports);
		sw->n_ports++;
		pg->n_ports++;
		vsw_port_count_policy(p, NULL, vsw_pg_policy(pg));
		vsw_flood_map_changed(sw);
	}
	sw->vn->n_ports++;
	vsw_mirror_update_net(sw->net);	/* sources, destinations by name */
	vsw_changed(sw->net);
	*out = p;
	return 0;

err_promisc:
	dev_set_promiscuity(dev, -1);
err_stats:
	vsw_port_warm(p);
	free_percpu(p->stats);
err_free:
	kfree(p);
	return err;
}

static void vsw_port_free_rcu(struct rcu_head *head)
{
	struct vsw_port *p = container_of(head, struct vsw_port, rcu);

	netdev_put(p->dev, &p->dev_tracker);
	free_percpu(p->stats);
	kfree(p);
}

/**
 * vsw_port_detach() - take a port or uplink out of its switch and free it
 * @p: the port or uplink
 *
 * Unlinks it, unregisters its rx_handler (which waits for frames still in
 * it), removes its MAC table entries and frees it after a grace period.
 *
 * Context: RTNL and vsw_mutex held; sleeps.
 */
void vsw_port_detach(struct vsw_port *p)
{
	struct vsw_switch *sw = p->sw;

	vsw_assert_locked();
	list_del_rcu(&p->list);
	/* (before its grace period: no flood map may hold it then) */
	if (p->role == VSW_ROLE_PORT)
		vsw_flood_map_changed(sw);
	vsw_mirror_port_leave(p);
	if (p->role == VSW_ROLE_UPLINK) {
		sw->n_uplinks--;
		sw->uplink_slots &= ~BIT(p->slot);
		vsw_hc_uplink_gone(p);
		vsw_team_forget_uplink(sw, p);	/* rebuilds the teams */
	} else if (p->role == VSW_ROLE_OVERLAY) {
		/* no team holds it once the grace period below ends */
		if (rcu_access_pointer(sw->ovl_port) == p)
			RCU_INIT_POINTER(sw->ovl_port, NULL);
		vsw_teams_update(sw, NULL);
	} else {
		sw->n_ports--;
		p->pg->n_ports--;
		vsw_port_count_policy(p, vsw_port_policy(p), NULL);
		vsw_port_warm(p);
	}
	/* no new MAC table entries can point at p once its way in is gone
	 * and the frames already on it have finished: one grace period
	 * (netdev_rx_handler_unregister() waits for it itself; a second
	 * one per port doubled the time `switch del` takes)
	 */
	if (p->kind == VSWITCH_PORT_KIND_INTERNAL) {
		vsw_internal_set_port(p->dev, NULL);
		synchronize_net();
	} else {
		netdev_rx_handler_unregister(p->dev);
		dev_set_promiscuity(p->dev, -1);
	}
	vsw_fdb_flush_port(sw, p, true);
	vsw_mdb_flush_port(sw, p);
	if (!sw->dying)
		vsw_mirror_update_net(sw->net);	/* a netdev destination now */
	sw->vn->n_ports--;
	vsw_changed(sw->net);
	/* an internal netdev goes with its port (unless it is going already:
	 * its namespace is being dismantled), after vsw_mutex is released
	 */
	if ((p->kind == VSWITCH_PORT_KIND_INTERNAL ||
	     p->role == VSW_ROLE_OVERLAY) &&
	    p->dev->reg_state == NETREG_REGISTERED)
		vsw_unregister_later(p->dev);
	call_rcu(&p->rcu, vsw_port_free_rcu);
}

/**
 * vsw_port_set_mac() - set or clear a port's configured MAC
 * @p: the port
 * @mac: the MAC, or zero to clear it
 * @extack: where a refusal is explained; NULL from the netdev notifier
 * @spare: memory for the MAC's table entry (vsw_fdb_spare()), taken in any
 *	case; or NULL to allocate it here (which may fail after the port's
 *	entries went)
 *
 * The configured MAC is a static MAC table entry in the port's home VLAN,
 * and the port's key MAC.  All the port's entries, learned ones too, are
 * removed first.
 *
 * Context: RTNL and vsw_mutex held.
 * Return: 0; -EINVAL (not a unicast MAC) or -EEXIST (another port's
 * configured MAC in that VLAN), nothing changed then; or -ENOMEM (without
 * @spare only), which leaves the port without a configured MAC (and
 * without a key MAC: its next frame sets it, as on a new port).
 */
int vsw_port_set_mac(struct vsw_port *p, const u8 *mac,
		     struct netlink_ext_ack *extack, struct vsw_fdb_entry *spare)
{
	u16 vid = vsw_policy_home_vid(vsw_port_policy(p));
	int err;

	vsw_assert_locked();
	if (!is_zero_ether_addr(mac)) {
		err = -EINVAL;
		if (!is_valid_ether_addr(mac)) {
			NL_SET_ERR_MSG_MOD(extack, "the MAC must be a unicast address");
			goto refused;
		}
		err = vsw_port_mac_check(p, mac, vid, extack);
		if (err)
			goto refused;
	}
	vsw_fdb_flush_port(p->sw, p, true);
	ether_addr_copy(p->mac, mac);
	WRITE_ONCE(p->key_mac, ether_addr_to_u64(mac));
	if (is_zero_ether_addr(mac)) {
		vsw_fdb_spare_free(spare);
	} else {
		err = vsw_fdb_add_static(p->sw, p, mac, vid, spare);
		if (err) {
			/* as without a configured MAC: the security check
			 * and the table agree
			 */
			eth_zero_addr(p->mac);
			WRITE_ONCE(p->key_mac, 0);
			NL_SET_ERR_MSG_MOD(extack, "cannot add the MAC table entry");
			return err;
		}
		vsw_port_warm(p);	/* the switch knows its MAC now */
	}
	vsw_changed(p->sw->net);
	return 0;
refused:
	vsw_fdb_spare_free(spare);
	return err;
}

/**
 * vsw_port_mac_check() - whether a port may have a configured MAC in a VLAN
 * @p: the port
 * @mac: the MAC, unicast
 * @vid: the port's home VLAN it would be in
 * @extack: where a refusal is explained, or NULL
 *
 * A configured MAC is a port's alone in its VLAN: setting it, moving the
 * port to another portgroup and re-tagging its portgroup all check here
 * first, so that none takes another port's configured MAC, nor the MAC a
 * running VM sends from (another port's key MAC: a cloned VM, or a hook
 * that read the wrong MAC, must not cut it off).
 *
 * Context: RTNL and vsw_mutex held (the other port cannot go meanwhile).
 * Return: 0, or -EEXIST when another port has @mac configured, or as its
 * key MAC, in @vid.
 */
int vsw_port_mac_check(const struct vsw_port *p, const u8 *mac, u16 vid,
		       struct netlink_ext_ack *extack)
{
	struct vsw_port *other = NULL;
	struct vsw_fdb_entry *e;
	bool configured = false;
	u32 vid_shown = vid;
	const char *seg;

	vsw_assert_locked();
	rcu_read_lock();
	e = vsw_fdb_lookup(p->sw, mac, vid);
	if (e && READ_ONCE(e->port) != p) {
		other = READ_ONCE(e->port);	/* NULL: deleted meanwhile */
		configured = e->is_static;
		/* a running VM's own MAC (its key MAC) is its as well */
		if (other && !configured &&
		    ether_addr_to_u64(mac) != READ_ONCE(other->key_mac))
			other = NULL;
	}
	rcu_read_unlock();
	if (!other)
		return 0;
	/* (an overlay segment is a VNI to the administrator) */
	seg = vsw_seg_is_overlay(vid) ? "VNI" : "VLAN";
	if (vsw_seg_is_overlay(vid))
		vid_shown = vsw_overlay_vni(p->sw, vid);
	if (configured)
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "MAC %pM is already configured on %s in %s %u",
				       mac, other->dev->name, seg, vid_shown);
	else
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "MAC %pM is %s's in %s %u (it sends from it)",
				       mac, other->dev->name, seg, vid_shown);
	return -EEXIST;
}

/**
 * vsw_port_set_policy() - publish a new policy to a port
 * @p: the port
 * @pol: its portgroup's policy (the portgroup owns it, and the old one)
 *
 * When its segments change, the MACs learned there belong to the old ones
 * and go, and the configured MAC moves to the new home VLAN.  A new shaping
 * profile starts with full buckets.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_port_set_policy(struct vsw_port *p, struct vsw_policy *pol)
{
	const struct vsw_policy *old = vsw_port_policy(p);
	bool same = vsw_policy_same_segments(old, pol);
	bool key_at_home = false;
	u8 key[ETH_ALEN];

	vsw_port_count_policy(p, old, pol);
	if (old->shape_dir != pol->shape_dir || old->shape_avg != pol->shape_avg ||
	    old->shape_peak != pol->shape_peak ||
	    old->shape_burst != pol->shape_burst)
		vsw_shaper_reset(p, pol);
	rcu_assign_pointer(p->pol, pol);
	if (!same)
		vsw_flood_map_changed(p->sw);
	/* MACs it may no longer have go now, not when they age: learning or
	 * mac-changes turned off, or a lower learning limit
	 */
	if (same) {
		bool fewer = old->learning &&
			     (!pol->learning || pol->learn_limit < old->learn_limit);

		if (fewer || (old->mac_changes && !pol->mac_changes))
			vsw_fdb_flush_learned(p->sw, p);
		return;
	}
	/* its latched MAC, where it is sticky: in its home VLAN */
	if (is_zero_ether_addr(p->mac) && READ_ONCE(p->key_mac)) {
		struct vsw_fdb_entry *e;

		u64_to_ether_addr(READ_ONCE(p->key_mac), key);
		rcu_read_lock();
		e = vsw_fdb_lookup(p->sw, key, vsw_policy_home_vid(old));
		key_at_home = e && READ_ONCE(e->port) == p;
		rcu_read_unlock();
	}
	vsw_fdb_flush_port(p->sw, p, true);
	vsw_mdb_flush_port(p->sw, p);	/* its groups were in its old segments */
	/* the callers checked the new VLAN with vsw_port_mac_check(); without
	 * memory for the entry the port keeps its MAC (the security check
	 * uses it) and the entry is learned from its next frame
	 */
	if (!is_zero_ether_addr(p->mac)) {
		if (vsw_fdb_add_static(p->sw, p, p->mac,
				       vsw_policy_home_vid(pol), NULL))
			net_warn_ratelimited("%s: no MAC table entry for its configured MAC\n",
					     p->dev->name);
	} else if (key_at_home) {
		/* the MAC it latched stays its own in the new home VLAN (not
		 * when it only used it elsewhere: a trunk guest's tagged
		 * VLANs, where its entries age)
		 */
		vsw_fdb_add_learned(p->sw, p, key, vsw_policy_home_vid(pol));
	}
}

/**
 * vsw_port_move() - move a port to another portgroup of its switch
 * @p: the port
 * @pg: the portgroup, of @p's switch
 *
 * Without detaching it: its netdev stays hooked.  Its MACs are announced
 * on the uplinks the new portgroup gives them.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_port_move(struct vsw_port *p, struct vsw_portgroup *pg)
{
	vsw_assert_locked();
	p->pg->n_ports--;
	p->pg = pg;
	pg->n_ports++;
	vsw_filter_port_join(p);
	vsw_port_set_policy(p, vsw_pg_policy(pg));
	vsw_team_join(p);
	vsw_port_announce(p);
	if (p->sw->n_mirrors)
		vsw_mirror_update(p->sw);	/* portgroup sources */
	vsw_changed(p->sw->net);
}

/**
 * vsw_port_set_blocked() - block or unblock a port
 * @p: the port
 * @blocked: whether it forwards nothing from now on
 *
 * A blocked port's frames, from it and to it, are dropped and counted
 * "blocked".  BPDU guard blocks ports from the fast path; the administrator
 * blocks and unblocks them here, and the request's event announces it.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_port_set_blocked(struct vsw_port *p, bool blocked)
{
	vsw_assert_locked();
	if (blocked) {
		set_bit(VSW_PORT_BLOCK_ANNOUNCED, &p->flags);
		set_bit(VSW_PORT_BLOCKED, &p->flags);
	} else {
		clear_bit(VSW_PORT_BLOCKED, &p->flags);
		clear_bit(VSW_PORT_BLOCK_ANNOUNCED, &p->flags);
	}
	vsw_changed(p->sw->net);
}

/**
 * vsw_port_block_work() - announce the ports BPDU guard blocked
 * @work: the switch's block_work, scheduled by the fast path
 *
 * Context: process context; takes RTNL and vsw_mutex.  A switch being
 * deleted only cancels it; vsw_switch_free() waits for it.
 */
void vsw_port_block_work(struct work_struct *work)
{
	struct vsw_switch *sw = container_of(work, struct vsw_switch,
					     block_work);
	struct vsw_port *p;

	vsw_lock();
	if (!sw->dying)
		list_for_each_entry(p, &sw->ports, list)
			if (test_bit(VSW_PORT_BLOCKED, &p->flags) &&
			    !test_and_set_bit(VSW_PORT_BLOCK_ANNOUNCED, &p->flags)) {
				vsw_changed(sw->net);
				vsw_notify_port(p);
			}
	vsw_unlock();
}

/**
 * vsw_port_get_stats() - sum a port's per-CPU counters
 * @p: the port or uplink
 * @st: filled with the totals
 *
 * Each CPU's counters are read as one snapshot (u64_stats), so that 64-bit
 * counters do not tear on 32-bit machines; the sum is not one snapshot
 * across CPUs.
 *
 * Context: any, with @p kept alive (vsw_mutex, or the RCU read lock).
 */
void vsw_port_get_stats(const struct vsw_port *p, struct vsw_stats *st)
{
	int cpu, i;

	memset(st, 0, sizeof(*st));
	for_each_possible_cpu(cpu) {
		const struct vsw_pcpu_stats *s = per_cpu_ptr(p->stats, cpu);
		struct vsw_stats v;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v.rx_packets = s->rx_packets;
			v.rx_bytes = s->rx_bytes;
			v.tx_packets = s->tx_packets;
			v.tx_bytes = s->tx_bytes;
			memcpy(v.drops, s->drops, sizeof(v.drops));
		} while (u64_stats_fetch_retry(&s->syncp, start));
		st->rx_packets += v.rx_packets;
		st->rx_bytes += v.rx_bytes;
		st->tx_packets += v.tx_packets;
		st->tx_bytes += v.tx_bytes;
		for (i = 0; i < __VSWITCH_DROP_MAX; i++)
			st->drops[i] += v.drops[i];
	}
}
