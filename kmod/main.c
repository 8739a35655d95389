// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: module init/exit, network namespaces and the netdevice notifier.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>
#include "vswitch.h"

/* serialises every configuration change; taken after RTNL */
DEFINE_MUTEX(vsw_mutex);
/* internal ports' netdevs to unregister at vsw_unlock(); RTNL */
LIST_HEAD(vsw_unreg_list);
/* frees switches (vsw_switch_free()); drained at module exit */
struct workqueue_struct *vsw_wq;

struct vsw_limits vsw_limits __read_mostly = {
	.switches = 64,
	.ports = 4096,
	.macs = 2 * VSWITCH_MAX_MACS_MAX,
};
module_param_named(max_switches, vsw_limits.switches, uint, 0644);
MODULE_PARM_DESC(max_switches, "switches per network namespace (64)");
module_param_named(max_ports, vsw_limits.ports, uint, 0644);
MODULE_PARM_DESC(max_ports, "ports and uplinks per network namespace (4096)");
module_param_named(max_macs, vsw_limits.macs, uint, 0644);
MODULE_PARM_DESC(max_macs, "MAC table entries per network namespace (262144)");
unsigned int vsw_net_id __read_mostly;

static int __net_init vsw_net_init(struct net *net)
{
	struct vsw_net *vn = vsw_net(net);

	INIT_LIST_HEAD(&vn->switches);
	atomic_set(&vn->n_macs, 0);
	vsw_confirm_init(net);
	return 0;
}

static void __net_exit vsw_net_exit(struct net *net)
{
	vsw_confirm_fini(net);	/* (its deadline takes the locks) */
	vsw_lock();
	vsw_net_destroy(net);
	vsw_unlock();
}

static struct pernet_operations vsw_net_ops = {
	.init = vsw_net_init,
	.exit = vsw_net_exit,
	.id   = &vsw_net_id,
	.size = sizeof(struct vsw_net),
};

/* A netdev @dev gets an upper device: refused when that stacks a netdev
 * of a switch with another (vsw_stack_link_check()), as when vmk0 is
 * enslaved to a bond that is an uplink.
 */
static int vsw_netdev_linking(struct net_device *dev,
			      struct netdev_notifier_changeupper_info *info)
{
	if (!info->linking)
		return 0;
	return vsw_stack_link_check(dev, info->upper_dev,
				    netdev_notifier_info_to_extack(&info->info));
}

/* An internal port's MAC is its configured one: a change of the netdev's
 * address is refused where `port set mac` would be.
 */
static int vsw_internal_pre_changeaddr(struct vsw_port *p,
				       struct netdev_notifier_pre_changeaddr_info *info)
{
	struct netlink_ext_ack *extack;
	int err = 0;

	extack = netdev_notifier_info_to_extack(&info->info);
	if (!is_valid_ether_addr(info->dev_addr)) {
		NL_SET_ERR_MSG_MOD(extack, "the MAC must be a unicast address");
		return -EADDRNOTAVAIL;
	}
	mutex_lock(&vsw_mutex);
	/* under vsw_mutex: p stays (RTNL), its policy may change */
	err = vsw_port_mac_check(p, info->dev_addr,
				 vsw_policy_home_vid(vsw_port_policy(p)), extack);
	mutex_unlock(&vsw_mutex);
	return err;
}

/* Called with RTNL held.  A netdev that goes away (or leaves the namespace,
 * which unregisters it there) is detached; a change of an uplink's state
 * rebuilds the teams of the switch's portgroups.  Changes that would break
 * the switch are refused before they happen: a netdev stacked on one of a
 * switch's (a loop), a port or uplink becoming non-Ethernet, an internal
 * port taking another port's configured MAC.
 */
static int vsw_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vsw_port *p;
	struct vsw_switch *sw;

	if (event == NETDEV_PRECHANGEUPPER)
		return notifier_from_errno(vsw_netdev_linking(dev, ptr));
	p = vsw_port_of(dev);
	/* mirroring sessions name their ports and netdevs (an internal
	 * port registers under vsw_mutex, and is no netdev destination)
	 */
	if (event == NETDEV_CHANGENAME ||
	    (!p && !vsw_is_internal(dev) && !vsw_overlay_creating &&
	     (event == NETDEV_REGISTER || event == NETDEV_UNREGISTER)))
		vsw_mirror_netdev_event(dev, event);
	if (!p)
		return NOTIFY_DONE;
	sw = p->sw;

	switch (event) {
	case NETDEV_PRE_TYPE_CHANGE:
		/* a bond uplink enslaving an InfiniBand device */
		return notifier_from_errno(-EBUSY);
	case NETDEV_PRE_CHANGEADDR:
		if (p->kind != VSWITCH_PORT_KIND_INTERNAL)
			break;
		return notifier_from_errno(vsw_internal_pre_changeaddr(p, ptr));
	case NETDEV_UNREGISTER:
		mutex_lock(&vsw_mutex);
		if (p->role == VSW_ROLE_OVERLAY) {
			/* deleted under the switch: its overlay segments have
			 * no way out until `overlay set` makes another
			 */
			vsw_port_detach(p);
			vsw_notify_switch(sw);
		} else {
			vsw_notify_detach(p);
			vsw_port_detach(p);	/* frees p after a grace period */
		}
		vsw_notify_pending(sw);
		mutex_unlock(&vsw_mutex);
		break;
	case NETDEV_CHANGEADDR:
		/* the configured MAC of an internal port is its netdev's */
		if (p->kind != VSWITCH_PORT_KIND_INTERNAL)
			break;
		mutex_lock(&vsw_mutex);
		if (!vsw_port_set_mac(p, dev->dev_addr, NULL, NULL))
			vsw_notify_port(p);
		mutex_unlock(&vsw_mutex);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		if (p->role == VSW_ROLE_PORT)
			break;
		mutex_lock(&vsw_mutex);
		vsw_teams_update(sw, p);
		vsw_notify_pending(sw);
		mutex_unlock(&vsw_mutex);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vsw_netdev_notifier = {
	.notifier_call = vsw_netdev_event,
};

static int __init vsw_init(void)
{
	int err;

	err = vsw_fdb_module_init();
	if (err)
		return err;
	vsw_wq = alloc_workqueue("vswitch", 0, 0);
	if (!vsw_wq) {
		err = -ENOMEM;
		goto err_wq;
	}
	err = register_pernet_subsys(&vsw_net_ops);
	if (err)
		goto err_pernet;
	err = register_netdevice_notifier(&vsw_netdev_notifier);
	if (err)
		goto err_notifier;
	err = vsw_genl_init();
	if (err)
		goto err_genl;
	pr_info("loaded\n");
	return 0;

err_genl:
	unregister_netdevice_notifier(&vsw_netdev_notifier);
err_notifier:
	unregister_pernet_subsys(&vsw_net_ops);
err_pernet:
	destroy_workqueue(vsw_wq);
err_wq:
	vsw_fdb_module_fini();
	return err;
}

static void __exit vsw_exit(void)
{
	vsw_genl_fini();
	/* runs vsw_net_exit() for every namespace: no switch remains */
	unregister_pernet_subsys(&vsw_net_ops);
	unregister_netdevice_notifier(&vsw_netdev_notifier);
	/* the switches' free works are queued after a grace period each:
	 * wait for those, then for the works
	 */
	rcu_barrier();
	destroy_workqueue(vsw_wq);
	vsw_fdb_module_fini();
	pr_info("unloaded\n");
}

module_init(vsw_init);
module_exit(vsw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ESX-style virtual switch with 802.1Q portgroups and uplinks");
MODULE_AUTHOR("vswitch developers");
MODULE_ALIAS_GENL_FAMILY(VSWITCH_GENL_NAME);
