// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: switch objects.  A switch lives in one network namespace and owns
 * its portgroups, ports, uplinks and MAC table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include "vswitch.h"

/**
 * vsw_switch_find() - look a switch up by name
 * @net: the namespace to look in
 * @name: the switch's name
 *
 * Context: vsw_mutex held (GETs and dumps hold only that; the list is
 * written with RTNL and vsw_mutex both held).
 * Return: the switch, or NULL when @net has none of that name.
 */
struct vsw_switch *vsw_switch_find(struct net *net, const char *name)
{
	struct vsw_switch *sw;

	list_for_each_entry(sw, &vsw_net(net)->switches, list)
		if (!strcmp(sw->name, name))
			return sw;
	return NULL;
}

/**
 * vsw_switch_create() - a new, empty switch in a namespace
 * @net: the namespace (the requester's)
 * @name: its name, unique in @net (checked by the caller)
 * @mtu: the largest frame payload it forwards
 * @ageing: seconds a learned MAC table entry lives unrefreshed
 * @max_macs: the MAC table's size
 *
 * Its memory, and that of its MAC table entries (learned in softirq
 * context, where nothing would be charged), is charged to the creating
 * task's memory cgroup.
 *
 * Context: RTNL and vsw_mutex held, in the requesting task.
 * Return: the switch, linked in @net's list, or an ERR_PTR().
 */
struct vsw_switch *vsw_switch_create(struct net *net, const char *name,
				     u32 mtu, u32 ageing, u32 max_macs)
{
	struct vsw_switch *sw;

	vsw_assert_locked();
	sw = kzalloc(sizeof(*sw), GFP_KERNEL_ACCOUNT);
	if (!sw)
		return ERR_PTR(-ENOMEM);
	strscpy(sw->name, name, sizeof(sw->name));
	sw->net = net;
	sw->vn = vsw_net(net);
	sw->memcg = get_mem_cgroup_from_mm(current->mm);
	sw->mtu = mtu;
	sw->ageing = ageing;
	sw->max_macs = max_macs;
	INIT_LIST_HEAD(&sw->portgroups);
	INIT_LIST_HEAD(&sw->ports);
	INIT_LIST_HEAD(&sw->uplinks);
	INIT_LIST_HEAD(&sw->mirrors);
	ida_init(&sw->nioc_ida);
	vsw_ipfix_init(sw);
	sw->next_port_id = 1;
	INIT_WORK(&sw->block_work, vsw_port_block_work);
	INIT_DELAYED_WORK(&sw->flood_work, vsw_flood_map_work);
	vsw_beacon_init(sw);
	vsw_hc_init(sw);
	if (vsw_mdb_init(sw))
		goto err_mdb;
	if (vsw_fdb_init(sw))
		goto err_fdb;
	list_add_tail(&sw->list, &vsw_net(net)->switches);
	sw->vn->n_switches++;
	vsw_fdb_gc_start(sw);
	vsw_changed(net);
	return sw;

err_fdb:
	vsw_mdb_free(sw);
err_mdb:
	mem_cgroup_put(sw->memcg);
	kfree(sw);
	return ERR_PTR(-ENOMEM);
}

/* After a grace period (no reader walks the MAC table), in process context
 * without RTNL: the beacon probe and block works may be waiting for RTNL,
 * to find the switch dying and end; they are waited for here.
 */
static void vsw_switch_free(struct work_struct *work)
{
	struct vsw_switch *sw = container_of(to_rcu_work(work),
					     struct vsw_switch, free_work);

	cancel_delayed_work_sync(&sw->beacon_work);
	cancel_delayed_work_sync(&sw->hc_work);
	cancel_work_sync(&sw->block_work);
	cancel_delayed_work_sync(&sw->flood_work);
	vsw_fdb_destroy(sw);
	vsw_pvlan_free(sw);
	vsw_mdb_free(sw);
	/* (after a grace period: the fast path is done with it) */
	kvfree(rcu_dereference_protected(sw->flood, true));
	ida_destroy(&sw->nioc_ida);
	mem_cgroup_put(sw->memcg);
	kfree(sw);
}

/**
 * vsw_switch_destroy() - detach everything from a switch, then free it
 * @sw: the switch
 *
 * Ports go first so that portgroups have no members left, then uplinks,
 * then portgroups; then beacon probing (its work cannot run meanwhile: it
 * needs the locks we hold) and the MAC table.  Sends no events: a delete
 * request sends them first, while everything is still there to describe.
 *
 * Context: RTNL and vsw_mutex held; sleeps (grace periods, work cancelling).
 */
void vsw_switch_destroy(struct vsw_switch *sw)
{
	struct vsw_portgroup *pg, *pgtmp;
	struct vsw_port *p, *tmp;

	vsw_assert_locked();
	sw->dying = true;
	list_del(&sw->list);
	list_for_each_entry_safe(p, tmp, &sw->ports, list)
		vsw_port_detach(p);
	list_for_each_entry_safe(p, tmp, &sw->uplinks, list)
		vsw_port_detach(p);
	vsw_mirror_destroy_all(sw);
	vsw_ipfix_fini(sw);
	vsw_overlay_fini(sw);
	list_for_each_entry_safe(pg, pgtmp, &sw->portgroups, list)
		vsw_pg_destroy(pg);
	/* no portgroup left to restart it; the works may wait for our locks */
	vsw_beacon_fini(sw);
	vsw_hc_stop(sw);
	cancel_work(&sw->block_work);
	/* no ageing work (nor mdb gc); its ports took their group
	 * memberships with them, and groups go with their last member
	 */
	vsw_fdb_fini(sw);
	sw->vn->n_switches--;
	vsw_changed(sw->net);
	/* ports are freed by RCU callbacks that never touch the switch; the
	 * switch after a grace period too, without a wait here under RTNL
	 */
	INIT_RCU_WORK(&sw->free_work, vsw_switch_free);
	queue_rcu_work(vsw_wq, &sw->free_work);
}

/**
 * vsw_net_destroy() - destroy every switch of a namespace
 * @net: the namespace, being dismantled
 *
 * Called at namespace exit, and so for every namespace at module exit.
 * Sends no events: no socket is left in a dying namespace, and at module
 * exit the family is unregistered first.
 *
 * Context: RTNL and vsw_mutex held; sleeps.
 */
void vsw_net_destroy(struct net *net)
{
	struct vsw_switch *sw, *tmp;

	list_for_each_entry_safe(sw, tmp, &vsw_net(net)->switches, list)
		vsw_switch_destroy(sw);
}
