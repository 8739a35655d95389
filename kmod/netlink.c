// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: the "vswitch" generic netlink family (control plane).
 *
 * Every request is validated by its command's policy (kmod/netlink-gen.c,
 * generated from Documentation/netlink/specs/vswitch.yaml: which attributes
 * it takes, their types, ranges and lengths), then by the object rules
 * below; a rejected request carries an extack message and changes nothing.  Every
 * change is announced on the "events" group with the object's full state,
 * built by the same fill function as the replies.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/nsproxy.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include "vswitch.h"
#include "netlink-gen.h"

static struct genl_family vsw_family;

#ifdef VSW_EXTACK_SLOTS
/**
 * vsw_extack_slot() - a buffer for a formatted extack message, before 6.2
 *
 * The buffers are a ring of %VSW_EXTACK_SLOTS per network namespace, the
 * requesting task's: a message outlives its request, unless as many more
 * failing requests of the same namespace race with it, and one tenant's
 * messages (names of its switches and devices) never land in a buffer
 * another namespace's requests point at.
 *
 * Context: process context (a request, in the requesting task).
 * Return: a buffer of %VSW_EXTACK_LEN bytes.
 */
char *vsw_extack_slot(void)
{
	struct net *net = current->nsproxy ? current->nsproxy->net_ns : &init_net;
	struct vsw_net *vn = vsw_net(net);

	return vn->extack[(unsigned int)atomic_inc_return(&vn->extack_next) %
			  VSW_EXTACK_SLOTS];
}
#endif

static const char * const vsw_attr_names[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = "switch name",
	[VSWITCH_A_IFNAME] = "device name",
	[VSWITCH_A_PG_NAME] = "portgroup name",
	[VSWITCH_A_CONFIRM_TIMEOUT] = "confirmation timeout",
	[VSWITCH_A_CONFIRM_STATE] = "confirmation state",
};

static int vsw_require(struct genl_info *info, int attr)
{
	if (info->attrs[attr])
		return 0;
	NL_SET_ERR_MSG_FMT_MOD(info->extack, "missing %s",
			       vsw_attr_names[attr] ?: "attribute");
	NL_SET_ERR_ATTR_MISS(info->extack, NULL, attr);
	return -EINVAL;
}

/* Names: 1..max chars of [A-Za-z0-9._-], starting with a letter or digit,
 * so that they survive shells, tables and JSON alike.
 */
static int vsw_check_name(const struct nlattr *nla, const char *what,
			  struct netlink_ext_ack *extack)
{
	const char *s = nla_data(nla);
	int i;

	/* (ASCII: the kernel's isalnum() takes Latin-1 letters too, and a
	 * name that is not UTF-8 breaks JSON and Prometheus's labels)
	 */
	if (!s[0] || !isascii(s[0]) || !isalnum(s[0]))
		goto bad;
	for (i = 1; s[i]; i++)
		if (!isascii(s[i]) ||
		    (!isalnum(s[i]) && !strchr("._-", s[i])))
			goto bad;
	return 0;
bad:
	NL_SET_ERR_MSG_FMT_MOD(extack,
			       "invalid %s: use [A-Za-z0-9._-], first a letter or digit",
			       what);
	NL_SET_BAD_ATTR(extack, nla);
	return -EINVAL;
}

static struct vsw_switch *vsw_get_switch(struct genl_info *info)
{
	struct nlattr *nla = info->attrs[VSWITCH_A_SWITCH_NAME];
	struct vsw_switch *sw;

	if (vsw_require(info, VSWITCH_A_SWITCH_NAME))
		return ERR_PTR(-EINVAL);
	sw = vsw_switch_find(genl_info_net(info), nla_data(nla));
	if (!sw) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no switch %s",
				       (char *)nla_data(nla));
		NL_SET_BAD_ATTR(info->extack, nla);
		return ERR_PTR(-ENOENT);
	}
	return sw;
}

static struct vsw_portgroup *vsw_get_pg(struct vsw_switch *sw,
					struct genl_info *info)
{
	struct nlattr *nla = info->attrs[VSWITCH_A_PG_NAME];
	struct vsw_portgroup *pg;

	if (vsw_require(info, VSWITCH_A_PG_NAME))
		return ERR_PTR(-EINVAL);
	pg = vsw_pg_find(sw, nla_data(nla));
	if (!pg) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "no portgroup %s on switch %s",
				       (char *)nla_data(nla), sw->name);
		NL_SET_BAD_ATTR(info->extack, nla);
		return ERR_PTR(-ENOENT);
	}
	return pg;
}

/* The switch and the portgroup a request names; 0 or an error with extack. */
static int vsw_get_switch_pg(struct genl_info *info, struct vsw_switch **sw,
			     struct vsw_portgroup **pg)
{
	*sw = vsw_get_switch(info);
	if (IS_ERR(*sw))
		return PTR_ERR(*sw);
	*pg = vsw_get_pg(*sw, info);
	return PTR_ERR_OR_ZERO(*pg);
}

static struct net_device *vsw_get_dev(struct genl_info *info)
{
	struct nlattr *nla = info->attrs[VSWITCH_A_IFNAME];
	struct net_device *dev;

	if (vsw_require(info, VSWITCH_A_IFNAME))
		return ERR_PTR(-EINVAL);
	dev = __dev_get_by_name(genl_info_net(info), nla_data(nla));
	if (!dev) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no device %s",
				       (char *)nla_data(nla));
		NL_SET_BAD_ATTR(info->extack, nla);
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

/* --- fill functions: one per object, for replies, dumps and events ----- */

/* The counter attribute of a drop reason: the first ones precede the pad
 * attribute, those added later follow it.
 */
static int vsw_drop_attr(int reason)
{
	if (reason <= VSWITCH_DROP_UNKNOWN)
		return VSWITCH_STATS_DROP_VLAN + reason;
	return VSWITCH_STATS_DROP_RESERVED + reason - VSWITCH_DROP_RESERVED;
}

/**
 * vsw_put_stats() - a port's or uplink's counters, as a nest
 * @msg: the message
 * @attr: the nest's attribute
 * @p: the port, uplink or overlay
 *
 * Return: 0 or -EMSGSIZE.
 */
int vsw_put_stats(struct sk_buff *msg, int attr, const struct vsw_port *p)
{
	struct vsw_stats st;
	struct nlattr *nest;
	int i;

	vsw_port_get_stats(p, &st);
	nest = nla_nest_start(msg, attr);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, VSWITCH_STATS_RX_PACKETS, st.rx_packets,
			      VSWITCH_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VSWITCH_STATS_RX_BYTES, st.rx_bytes,
			      VSWITCH_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VSWITCH_STATS_TX_PACKETS, st.tx_packets,
			      VSWITCH_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VSWITCH_STATS_TX_BYTES, st.tx_bytes,
			      VSWITCH_STATS_PAD))
		goto cancel;
	for (i = 0; i < __VSWITCH_DROP_MAX; i++)
		if (nla_put_u64_64bit(msg, vsw_drop_attr(i), st.drops[i],
				      VSWITCH_STATS_PAD))
			goto cancel;
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

typedef int (*vsw_fill_t)(struct sk_buff *msg, const void *obj);

static int vsw_fill_switch(struct sk_buff *msg, const void *obj)
{
	const struct vsw_switch *sw = obj;

	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, sw->name) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_MTU, sw->mtu) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_AGEING, sw->ageing) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_MAX_MACS, sw->max_macs) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_FDB_COUNT,
			atomic_read(&sw->fdb_count)) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_N_PORTS, sw->n_ports) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_N_UPLINKS, sw->n_uplinks) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_N_PORTGROUPS, sw->n_portgroups) ||
	    nla_put_u8(msg, VSWITCH_A_SWITCH_MULTICAST, sw->multicast) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_MDB_AGEING, sw->mdb_ageing) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_MDB_COUNT, vsw_mdb_count(sw)) ||
	    nla_put_u64_64bit(msg, VSWITCH_A_SWITCH_NIOC_RATE, sw->nioc_rate,
			      VSWITCH_A_PAD) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL,
			sw->hc_interval) ||
	    vsw_ipfix_fill(msg, sw) || vsw_overlay_fill(msg, sw))
		return -EMSGSIZE;
	return 0;
}

static int vsw_fill_pg(struct sk_buff *msg, const void *obj)
{
	const struct vsw_portgroup *pg = obj;

	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, pg->sw->name) ||
	    nla_put_string(msg, VSWITCH_A_PG_NAME, pg->name) ||
	    nla_put_u32(msg, VSWITCH_A_PG_N_PORTS, pg->n_ports))
		return -EMSGSIZE;
	return vsw_pg_policy_fill(msg, pg);
}

static int vsw_fill_dev(struct sk_buff *msg, const struct vsw_port *p)
{
	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, p->sw->name) ||
	    nla_put_string(msg, VSWITCH_A_IFNAME, p->dev->name) ||
	    nla_put_u32(msg, VSWITCH_A_IFINDEX, p->dev->ifindex))
		return -EMSGSIZE;
	return vsw_put_stats(msg, VSWITCH_A_STATS, p);
}

static int vsw_fill_uplink(struct sk_buff *msg, const void *obj)
{
	const struct vsw_port *up = obj;

	if (vsw_fill_dev(msg, up) ||
	    nla_put_u8(msg, VSWITCH_A_UPLINK_STATE, vsw_uplink_state(up)))
		return -EMSGSIZE;
	if ((up->sw->uplinks_in_use & BIT(up->slot)) &&
	    nla_put_flag(msg, VSWITCH_A_UPLINK_ACTIVE))
		return -EMSGSIZE;
	return 0;
}

static int vsw_fill_port(struct sk_buff *msg, const void *obj)
{
	const struct vsw_port *p = obj;
	const struct vsw_port *up;

	if (vsw_fill_dev(msg, p) ||
	    nla_put_string(msg, VSWITCH_A_PG_NAME, p->pg->name) ||
	    nla_put_u32(msg, VSWITCH_A_PORT_ID, p->id) ||
	    nla_put_u8(msg, VSWITCH_A_PORT_KIND, p->kind) ||
	    nla_put_u32(msg, VSWITCH_A_PORT_MAX_MACS, READ_ONCE(p->max_macs)) ||
	    nla_put_u32(msg, VSWITCH_A_PORT_N_MACS, atomic_read(&p->n_macs)) ||
	    nla_put_u8(msg, VSWITCH_A_PORT_BLOCKED,
		       test_bit(VSW_PORT_BLOCKED, &p->flags)) ||
	    nla_put_u8(msg, VSWITCH_A_PORT_COLD,
		       test_bit(VSW_PORT_COLD, &p->flags)))
		return -EMSGSIZE;
	if (!is_zero_ether_addr(p->mac) &&
	    nla_put(msg, VSWITCH_A_PORT_MAC, ETH_ALEN, p->mac))
		return -EMSGSIZE;
	rcu_read_lock();
	up = vsw_port_uplink(p);
	if (up && nla_put_string(msg, VSWITCH_A_PORT_UPLINK, up->dev->name)) {
		rcu_read_unlock();
		return -EMSGSIZE;
	}
	rcu_read_unlock();
	return 0;
}

static int vsw_put_obj(struct sk_buff *msg, u32 portid, u32 seq, int flags,
		       u8 cmd, vsw_fill_t fill, const void *obj)
{
	void *hdr = genlmsg_put(msg, portid, seq, &vsw_family, flags, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (fill(msg, obj)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static struct sk_buff *vsw_build(u8 cmd, vsw_fill_t fill, const void *obj,
				 u32 portid, u32 seq)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (!msg)
		return NULL;
	if (vsw_put_obj(msg, portid, seq, 0, cmd, fill, obj)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* An event to the "events" group, built only when someone listens.
 * With @info, the requester gets it too when it asked with NLM_F_ECHO.
 */
static void vsw_event(struct net *net, struct genl_info *info, u8 cmd,
		      vsw_fill_t fill, const void *obj)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&vsw_family, net, VSWITCH_NLGRP_EVENTS) &&
	    !(info && nlmsg_report(info->nlhdr)))
		return;
	msg = vsw_build(cmd, fill, obj, info ? info->snd_portid : 0,
			info ? info->snd_seq : 0);
	if (!msg) {
		/* out of memory: the listeners learn that they lost an
		 * event (ENOBUFS, as when their socket overflows) and read
		 * the state again, as rtnetlink's do (rtnl_set_sk_err())
		 */
		genl_set_err(&vsw_family, net, 0, VSWITCH_NLGRP_EVENTS,
			     -ENOBUFS);
		return;
	}
	if (info)
		genl_notify(&vsw_family, msg, info, VSWITCH_NLGRP_EVENTS,
			    GFP_KERNEL);
	else
		genlmsg_multicast_netns(&vsw_family, net, msg, 0,
					VSWITCH_NLGRP_EVENTS, GFP_KERNEL);
}

/*
 * A NEW or SET answers with the object as it is after the change, and the
 * answer is allocated before the change is made: a reply that could not be
 * allocated after it would report the failure of a request that was
 * carried out (found by selftests/failnth.sh, each allocation failing in
 * turn).  vsw_lock_change() allocates it and takes the lock; vsw_reply()
 * sends it; vsw_unlock_change() frees it when the request failed.  The
 * skb waits in info->user_ptr[0], which the family's (absent) pre_doit
 * would otherwise own.
 */
static int vsw_lock_change(struct genl_info *info)
{
	info->user_ptr[0] = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!info->user_ptr[0])
		return -ENOMEM;
	vsw_lock();
	return 0;
}

static void vsw_unlock_change(struct genl_info *info)
{
	vsw_unlock();
	nlmsg_free(info->user_ptr[0]);	/* (NULL once sent) */
	info->user_ptr[0] = NULL;
}

/* The reply to a NEW, SET or GET: the object as it is now.  After a
 * change, a reply the socket has no room for is the requester's loss
 * (ENOBUFS on its socket), not the request's failure.
 */
static int vsw_reply(struct genl_info *info, u8 cmd, vsw_fill_t fill,
		     const void *obj)
{
	struct sk_buff *msg = info->user_ptr[0];

	if (!msg) {		/* a GET */
		msg = vsw_build(cmd, fill, obj, info->snd_portid,
				info->snd_seq);
		return msg ? genlmsg_reply(msg, info) : -ENOMEM;
	}
	info->user_ptr[0] = NULL;
	/* an object larger than NLMSG_GOODSIZE would be a bug, and after a
	 * change still not the request's failure
	 */
	if (WARN_ON_ONCE(vsw_put_obj(msg, info->snd_portid, info->snd_seq, 0,
				     cmd, fill, obj))) {
		nlmsg_free(msg);
		return 0;
	}
	genlmsg_reply(msg, info);
	return 0;
}

/* A change no request made (a failover, a netdev's new MAC), to the
 * events group; nothing once the switch is being deleted: the deletion of
 * its objects was announced already, and a change after it would
 * contradict it.
 */
static void vsw_notify_change(struct vsw_switch *sw, u8 cmd, vsw_fill_t fill,
			      const void *obj)
{
	if (!sw->dying)
		vsw_event(sw->net, NULL, cmd, fill, obj);
}

/**
 * vsw_notify_healthcheck() - a changed health check result, to the events
 * @row: the result
 *
 * Context: process context, RTNL and vsw_mutex held; may sleep.
 */
void vsw_notify_healthcheck(const struct vsw_hc_row *row)
{
	vsw_notify_change(row->sw,
			  VSWITCH_CMD_HEALTHCHECK_NTF, vsw_hc_fill, row);
}

/**
 * vsw_notify_uplink() - an uplink's state, to the events group
 * @up: the uplink
 *
 * Like every event, built only when someone listens.
 *
 * Context: process context, vsw_mutex held; may sleep.
 */
void vsw_notify_uplink(struct vsw_port *up)
{
	vsw_notify_change(up->sw, VSWITCH_CMD_UPLINK_CHANGE, vsw_fill_uplink, up);
}

/**
 * vsw_notify_port() - a port's state, to the events group
 * @p: the port, changed other than by a request (its netdev's MAC)
 *
 * Context: process context, vsw_mutex held; may sleep.
 */
void vsw_notify_port(struct vsw_port *p)
{
	vsw_notify_change(p->sw, VSWITCH_CMD_PORT_CHANGE_NTF, vsw_fill_port, p);
}

/**
 * vsw_notify_switch() - a switch's state, to the events group
 * @sw: the switch, changed other than by a request (its overlay's netdev
 *	went)
 *
 * Context: process context, vsw_mutex held; may sleep.
 */
void vsw_notify_switch(struct vsw_switch *sw)
{
	vsw_notify_change(sw, VSWITCH_CMD_SWITCH_CHANGE_NTF, vsw_fill_switch, sw);
}

/**
 * vsw_notify_pg() - a portgroup's state, to the events group
 * @pg: the portgroup, changed other than by a request (an uplink gone from
 *	its lists)
 *
 * Context: process context, vsw_mutex held; may sleep.
 */
void vsw_notify_pg(struct vsw_portgroup *pg)
{
	vsw_notify_change(pg->sw, VSWITCH_CMD_PORTGROUP_CHANGE_NTF, vsw_fill_pg,
			  pg);
}

/**
 * vsw_notify_pending() - send the events a change caused as a side effect
 * @sw: the switch
 *
 * The events a change caused as a side effect (failovers: a port's uplink,
 * an uplink starting or stopping to carry traffic), after the event of the
 * change itself; clears every notify_pending flag.
 *
 * Context: process context, RTNL and vsw_mutex held; may sleep.
 */
void vsw_notify_pending(struct vsw_switch *sw)
{
	struct vsw_port *p;

	vsw_assert_locked();
	list_for_each_entry(p, &sw->uplinks, list) {
		if (p->notify_pending)
			vsw_notify_uplink(p);
		p->notify_pending = false;
	}
	list_for_each_entry(p, &sw->ports, list) {
		if (p->notify_pending)
			vsw_notify_port(p);
		p->notify_pending = false;
	}
}

/**
 * vsw_notify_detach() - the delete event of a port or uplink
 * @p: the port or uplink, still attached: the event carries its last state
 *
 * Context: process context, vsw_mutex held; may sleep.
 */
void vsw_notify_detach(struct vsw_port *p)
{
	if (p->role == VSW_ROLE_UPLINK)
		vsw_event(p->sw->net, NULL, VSWITCH_CMD_UPLINK_DEL_NTF,
			  vsw_fill_uplink, p);
	else
		vsw_event(p->sw->net, NULL, VSWITCH_CMD_PORT_DEL_NTF,
			  vsw_fill_port, p);
}

/* --- private VLANs -------------------------------------------------------- */

/* One entry of a switch's private VLAN map, as messages carry it */
struct vsw_pvlan_entry {
	const struct vsw_switch *sw;
	u16 primary, vid;
	u8 type;
};

static int vsw_fill_pvlan(struct sk_buff *msg, const void *obj)
{
	const struct vsw_pvlan_entry *e = obj;

	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, e->sw->name) ||
	    nla_put_u16(msg, VSWITCH_A_PVLAN_PRIMARY, e->primary) ||
	    nla_put_u16(msg, VSWITCH_A_PVLAN_VID, e->vid) ||
	    nla_put_u8(msg, VSWITCH_A_PVLAN_TYPE, e->type))
		return -EMSGSIZE;
	return 0;
}

/* The entry of @vid in @map; false when there is none. */
static bool vsw_pvlan_entry(const struct vsw_switch *sw,
			    const struct vsw_pvlan_map *map, u16 vid,
			    struct vsw_pvlan_entry *e)
{
	if (!map || !map->primary[vid])
		return false;
	e->sw = sw;
	e->primary = map->primary[vid];
	e->vid = vid;
	e->type = map->type[vid];
	return true;
}

int vswitch_nl_pvlan_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct vsw_pvlan_entry e;
	struct vsw_switch *sw;
	u16 primary, vid;
	u8 type;
	int err;

	err = vsw_require(info, VSWITCH_A_PVLAN_PRIMARY);
	if (err)
		return err;
	primary = nla_get_u16(a[VSWITCH_A_PVLAN_PRIMARY]);
	vid = a[VSWITCH_A_PVLAN_VID] ? nla_get_u16(a[VSWITCH_A_PVLAN_VID]) :
				       primary;
	if (vid != primary && !a[VSWITCH_A_PVLAN_TYPE]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a secondary VLAN needs its type: isolated or community");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VSWITCH_A_PVLAN_TYPE);
		return -EINVAL;
	}
	type = a[VSWITCH_A_PVLAN_TYPE] ? nla_get_u8(a[VSWITCH_A_PVLAN_TYPE]) :
					 VSWITCH_PVLAN_TYPE_PROMISCUOUS;
	if (vid == primary && type != VSWITCH_PVLAN_TYPE_PROMISCUOUS) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[VSWITCH_A_PVLAN_TYPE],
				    "a primary VLAN is the promiscuous one");
		return -EINVAL;
	}
	err = vsw_lock_change(info);
	if (err)
		return err;
	sw = vsw_get_switch(info);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	err = vsw_pvlan_add(sw, primary, vid, type, info->extack);
	if (err)
		goto out;
	vsw_pvlan_entry(sw, vsw_pvlan_conf(sw), vid, &e);
	vsw_event(sw->net, info, VSWITCH_CMD_PVLAN_ADD_NTF, vsw_fill_pvlan, &e);
	err = vsw_reply(info, VSWITCH_CMD_PVLAN_NEW, vsw_fill_pvlan, &e);
out:
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_pvlan_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_pvlan_entry e = {};
	struct vsw_switch *sw;
	u16 vid;
	int err;

	err = vsw_require(info, VSWITCH_A_PVLAN_VID);
	if (err)
		return err;
	vid = nla_get_u16(info->attrs[VSWITCH_A_PVLAN_VID]);
	vsw_lock();
	sw = vsw_get_switch(info);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	vsw_pvlan_entry(sw, vsw_pvlan_conf(sw), vid, &e);
	err = vsw_pvlan_del(sw, vid, info->extack);
	if (!err)
		vsw_event(sw->net, info, VSWITCH_CMD_PVLAN_DEL_NTF,
			  vsw_fill_pvlan, &e);
out:
	vsw_unlock();
	return err;
}

/* --- traffic filter rules --------------------------------------------- */

struct vsw_filter_obj {
	const struct vsw_portgroup *pg;
	const struct vsw_filter_rule *r;
	u32 index;
};

static int vsw_fill_filter(struct sk_buff *msg, const void *obj)
{
	const struct vsw_filter_obj *o = obj;

	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, o->pg->sw->name) ||
	    nla_put_string(msg, VSWITCH_A_PG_NAME, o->pg->name))
		return -EMSGSIZE;
	return vsw_filter_fill(msg, o->r, o->index);
}

static void vsw_filter_gone(const struct vsw_portgroup *pg,
			    const struct vsw_filter_rule *r, u32 index)
{
	struct vsw_filter_obj o = { pg, r, index };

	vsw_event(pg->sw->net, NULL, VSWITCH_CMD_FILTER_DEL_NTF,
		  vsw_fill_filter, &o);
}

/* A portgroup is going: its rules' delete events, last first */
static void vsw_notify_filters_del(const struct vsw_portgroup *pg)
{
	vsw_filter_announce(pg, 0, vsw_filter_gone);
}

int vswitch_nl_filter_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_filter_obj o;
	struct vsw_portgroup *pg;
	struct vsw_switch *sw;
	u32 index;
	int err;

	err = vsw_lock_change(info);
	if (err)
		return err;
	err = vsw_get_switch_pg(info, &sw, &pg);
	if (err)
		goto out;
	err = vsw_filter_add(pg, info, &index);
	if (err)
		goto out;
	vsw_changed(sw->net);
	o = (struct vsw_filter_obj){ pg, vsw_filter_rule_at(pg, index), index };
	vsw_event(sw->net, info, VSWITCH_CMD_FILTER_ADD_NTF, vsw_fill_filter, &o);
	err = vsw_reply(info, VSWITCH_CMD_FILTER_NEW, vsw_fill_filter, &o);
out:
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_filter_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ia = info->attrs[VSWITCH_A_FILTER_INDEX];
	struct vsw_portgroup *pg;
	struct vsw_switch *sw;
	int err;

	vsw_lock();
	err = vsw_get_switch_pg(info, &sw, &pg);
	if (err)
		goto out;
	err = vsw_filter_del(pg, ia ? nla_get_u32(ia) : 0, vsw_filter_gone,
			     info->extack);
	if (err == -ENOENT)
		NL_SET_BAD_ATTR(info->extack, ia);
	else if (!err)
		vsw_changed(sw->net);
out:
	vsw_unlock();
	return err;
}

/* --- port mirroring sessions ------------------------------------------ */

static int vsw_fill_mirror(struct sk_buff *msg, const void *obj)
{
	const struct vsw_mirror *m = obj;

	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, m->sw->name))
		return -EMSGSIZE;
	return vsw_mirror_fill(msg, m);
}

/* The session a request names, of its switch; or an error with extack */
static struct vsw_mirror *vsw_get_mirror(struct genl_info *info)
{
	struct nlattr *nla = info->attrs[VSWITCH_A_MIRROR_NAME];
	struct vsw_switch *sw = vsw_get_switch(info);
	struct vsw_mirror *m;

	if (IS_ERR(sw))
		return ERR_CAST(sw);
	if (vsw_require(info, VSWITCH_A_MIRROR_NAME))
		return ERR_PTR(-EINVAL);
	m = vsw_mirror_find(sw, nla_data(nla));
	if (!m) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no session %s on switch %s",
				       (char *)nla_data(nla), sw->name);
		NL_SET_BAD_ATTR(info->extack, nla);
		return ERR_PTR(-ENOENT);
	}
	return m;
}

int vswitch_nl_mirror_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_mirror *m;
	struct vsw_switch *sw;
	int err;

	err = vsw_lock_change(info);
	if (err)
		return err;
	sw = vsw_get_switch(info);
	err = PTR_ERR_OR_ZERO(sw) ?:
	      vsw_require(info, VSWITCH_A_MIRROR_NAME) ?:
	      vsw_check_name(info->attrs[VSWITCH_A_MIRROR_NAME], "session name",
			     info->extack) ?:
	      vsw_mirror_new(sw, info, &m);
	if (err)
		goto out;
	vsw_changed(sw->net);
	vsw_event(sw->net, info, VSWITCH_CMD_MIRROR_ADD_NTF, vsw_fill_mirror, m);
	err = vsw_reply(info, VSWITCH_CMD_MIRROR_NEW, vsw_fill_mirror, m);
out:
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_mirror_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_mirror *m;
	int err;

	err = vsw_lock_change(info);
	if (err)
		return err;
	m = vsw_get_mirror(info);
	err = PTR_ERR_OR_ZERO(m) ?: vsw_mirror_set(m, info);
	if (err)
		goto out;
	vsw_changed(m->sw->net);
	vsw_event(m->sw->net, info, VSWITCH_CMD_MIRROR_CHANGE_NTF,
		  vsw_fill_mirror, m);
	err = vsw_reply(info, VSWITCH_CMD_MIRROR_SET, vsw_fill_mirror, m);
out:
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_mirror_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_mirror *m;
	int err;

	vsw_lock();
	m = vsw_get_mirror(info);
	err = PTR_ERR_OR_ZERO(m);
	if (err)
		goto out;
	vsw_event(m->sw->net, info, VSWITCH_CMD_MIRROR_DEL_NTF, vsw_fill_mirror, m);
	vsw_changed(m->sw->net);
	vsw_mirror_del(m);
out:
	vsw_unlock();
	return err;
}

/* --- switches --------------------------------------------------------- */

/* A switch is going: the delete events of everything in it, first. */
static void vsw_notify_children_del(struct vsw_switch *sw)
{
	const struct vsw_pvlan_map *map = vsw_pvlan_conf(sw);
	const struct vsw_mirror *m;
	struct vsw_pvlan_entry e;
	struct vsw_portgroup *pg;
	struct vsw_port *p;
	int vid;

	list_for_each_entry(m, &sw->mirrors, list)
		vsw_event(sw->net, NULL, VSWITCH_CMD_MIRROR_DEL_NTF,
			  vsw_fill_mirror, m);
	list_for_each_entry(p, &sw->ports, list)
		vsw_notify_detach(p);
	list_for_each_entry(p, &sw->uplinks, list)
		vsw_notify_detach(p);
	list_for_each_entry(pg, &sw->portgroups, list) {
		vsw_notify_filters_del(pg);
		vsw_event(sw->net, NULL, VSWITCH_CMD_PORTGROUP_DEL_NTF, vsw_fill_pg,
			  pg);
	}
	/* secondaries before their primaries */
	for (vid = 1; vid < VLAN_N_VID - 1; vid++)
		if (vsw_pvlan_entry(sw, map, vid, &e) && e.primary != vid)
			vsw_event(sw->net, NULL, VSWITCH_CMD_PVLAN_DEL_NTF,
				  vsw_fill_pvlan, &e);
	for (vid = 1; vid < VLAN_N_VID - 1; vid++)
		if (vsw_pvlan_entry(sw, map, vid, &e) && e.primary == vid)
			vsw_event(sw->net, NULL, VSWITCH_CMD_PVLAN_DEL_NTF,
				  vsw_fill_pvlan, &e);
}

int vswitch_nl_switch_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct net *net = genl_info_net(info);
	u32 mtu = VSWITCH_MTU_DEFAULT, ageing = VSWITCH_AGEING_DEFAULT;
	u32 max_macs = VSWITCH_MAX_MACS_MAX;
	struct vsw_switch *sw;
	int err;

	err = vsw_require(info, VSWITCH_A_SWITCH_NAME) ?:
	      vsw_check_name(a[VSWITCH_A_SWITCH_NAME], "switch name",
			     info->extack);
	if (err)
		return err;
	if (a[VSWITCH_A_SWITCH_MTU])
		mtu = nla_get_u32(a[VSWITCH_A_SWITCH_MTU]);
	if (a[VSWITCH_A_SWITCH_AGEING])
		ageing = nla_get_u32(a[VSWITCH_A_SWITCH_AGEING]);
	if (a[VSWITCH_A_SWITCH_MAX_MACS])
		max_macs = nla_get_u32(a[VSWITCH_A_SWITCH_MAX_MACS]);

	err = vsw_lock_change(info);
	if (err)
		return err;
	if (vsw_switch_find(net, nla_data(a[VSWITCH_A_SWITCH_NAME]))) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "switch %s already exists",
				       (char *)nla_data(a[VSWITCH_A_SWITCH_NAME]));
		NL_SET_BAD_ATTR(info->extack, a[VSWITCH_A_SWITCH_NAME]);
		err = -EEXIST;
		goto out;
	}
	if (vsw_net(net)->n_switches >= READ_ONCE(vsw_limits.switches)) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "namespace limit: %u switches (max_switches)",
				       vsw_net(net)->n_switches);
		err = -ENOSPC;
		goto out;
	}
	sw = vsw_switch_create(net, nla_data(a[VSWITCH_A_SWITCH_NAME]), mtu,
			       ageing, max_macs);
	if (IS_ERR(sw)) {
		NL_SET_ERR_MSG_MOD(info->extack, "cannot allocate the switch");
		err = PTR_ERR(sw);
		goto out;
	}
	if (a[VSWITCH_A_SWITCH_MULTICAST])
		sw->multicast = nla_get_u8(a[VSWITCH_A_SWITCH_MULTICAST]);
	if (a[VSWITCH_A_SWITCH_MDB_AGEING])
		sw->mdb_ageing = nla_get_u32(a[VSWITCH_A_SWITCH_MDB_AGEING]);
	vsw_event(net, info, VSWITCH_CMD_SWITCH_ADD_NTF, vsw_fill_switch, sw);
	err = vsw_reply(info, VSWITCH_CMD_SWITCH_NEW, vsw_fill_switch, sw);
out:
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_switch_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct vsw_switch *sw;
	int err;

	bool ipfix = false, overlay = false;
	int i;

	for (i = VSWITCH_A_SWITCH_IPFIX_COLLECTOR;
	     i <= VSWITCH_A_SWITCH_IPFIX_INTERNAL_ONLY; i++)
		ipfix |= !!a[i];
	for (i = VSWITCH_A_SWITCH_OVERLAY_LOCAL;
	     i <= VSWITCH_A_SWITCH_OVERLAY_REMOTES; i++)
		overlay |= !!a[i];
	if (!a[VSWITCH_A_SWITCH_MTU] && !a[VSWITCH_A_SWITCH_AGEING] &&
	    !a[VSWITCH_A_SWITCH_MAX_MACS] && !a[VSWITCH_A_SWITCH_MULTICAST] &&
	    !a[VSWITCH_A_SWITCH_MDB_AGEING] && !a[VSWITCH_A_SWITCH_NIOC_RATE] &&
	    !a[VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL] && !ipfix && !overlay) {
		NL_SET_ERR_MSG_MOD(info->extack, "nothing to change");
		return -EINVAL;
	}
	err = vsw_lock_change(info);
	if (err)
		return err;
	sw = vsw_get_switch(info);
	err = PTR_ERR_OR_ZERO(sw);
	/* the changes that can fail, first, one of them per request: each
	 * fails with nothing changed, but cannot be undone after the other
	 * failed
	 */
	if (!err && ipfix && overlay) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "IPFIX and the overlay are changed by separate requests");
		err = -EINVAL;
	}
	if (!err && a[VSWITCH_A_SWITCH_NIOC_RATE] &&
	    nla_get_u64(a[VSWITCH_A_SWITCH_NIOC_RATE]) &&
	    nla_get_u64(a[VSWITCH_A_SWITCH_NIOC_RATE]) < VSWITCH_SHAPE_RATE_MIN) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "the NIOC rate is 0 (off) or at least %llu bit/s",
				       (unsigned long long)VSWITCH_SHAPE_RATE_MIN);
		NL_SET_BAD_ATTR(info->extack, a[VSWITCH_A_SWITCH_NIOC_RATE]);
		err = -ERANGE;
	}
	if (!err && a[VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL] &&
	    nla_get_u32(a[VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL]) &&
	    nla_get_u32(a[VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL]) <
	    VSWITCH_HEALTHCHECK_INTERVAL_MIN) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "the health check interval is 0 (off) or %u to %u seconds",
				       VSWITCH_HEALTHCHECK_INTERVAL_MIN,
				       VSWITCH_HEALTHCHECK_INTERVAL_MAX);
		NL_SET_BAD_ATTR(info->extack,
				a[VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL]);
		err = -ERANGE;
	}
	if (!err && overlay)
		err = vsw_overlay_set(sw, info);
	if (!err && ipfix)
		err = vsw_ipfix_set(sw, info);
	if (err)
		goto out;
	if (a[VSWITCH_A_SWITCH_MTU])
		WRITE_ONCE(sw->mtu, nla_get_u32(a[VSWITCH_A_SWITCH_MTU]));
	if (a[VSWITCH_A_SWITCH_NIOC_RATE])
		WRITE_ONCE(sw->nioc_rate,
			   nla_get_u64(a[VSWITCH_A_SWITCH_NIOC_RATE]));
	if (a[VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL])
		vsw_hc_set(sw, nla_get_u32(a[VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL]));
	if (a[VSWITCH_A_SWITCH_AGEING])
		vsw_fdb_set_ageing(sw, nla_get_u32(a[VSWITCH_A_SWITCH_AGEING]));
	/* a smaller table learns nothing new until entries age out */
	if (a[VSWITCH_A_SWITCH_MAX_MACS])
		WRITE_ONCE(sw->max_macs, nla_get_u32(a[VSWITCH_A_SWITCH_MAX_MACS]));
	/* memberships keep the ageing time they were refreshed with */
	if (a[VSWITCH_A_SWITCH_MDB_AGEING])
		WRITE_ONCE(sw->mdb_ageing,
			   nla_get_u32(a[VSWITCH_A_SWITCH_MDB_AGEING]));
	if (a[VSWITCH_A_SWITCH_MULTICAST]) {
		WRITE_ONCE(sw->multicast,
			   nla_get_u8(a[VSWITCH_A_SWITCH_MULTICAST]));
		/* flooding learns nothing: what snooping knew goes stale */
		if (sw->multicast == VSWITCH_MULTICAST_MODE_FLOOD)
			vsw_mdb_flush_all(sw);
	}
	vsw_changed(sw->net);
	vsw_event(sw->net, info, VSWITCH_CMD_SWITCH_CHANGE_NTF, vsw_fill_switch, sw);
	err = vsw_reply(info, VSWITCH_CMD_SWITCH_SET, vsw_fill_switch, sw);
out:
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_switch_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw;
	int err;

	vsw_lock();
	sw = vsw_get_switch(info);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	vsw_notify_children_del(sw);
	vsw_event(sw->net, info, VSWITCH_CMD_SWITCH_DEL_NTF, vsw_fill_switch, sw);
	vsw_switch_destroy(sw);
out:
	vsw_unlock();
	return err;
}

int vswitch_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw;
	int err;

	mutex_lock(&vsw_mutex);
	sw = vsw_get_switch(info);
	err = IS_ERR(sw) ? PTR_ERR(sw) :
	      vsw_reply(info, VSWITCH_CMD_SWITCH_GET, vsw_fill_switch, sw);
	mutex_unlock(&vsw_mutex);
	return err;
}

/* --- dumps -------------------------------------------------------------
 * cb->args[0]: switches done, cb->args[1]: objects of the current switch
 * done.  The namespace's generation counter marks a dump that raced with a
 * change (NLM_F_DUMP_INTR).
 */

enum vsw_dump_what { VSW_DUMP_SWITCH, VSW_DUMP_UPLINK, VSW_DUMP_PG,
		     VSW_DUMP_PORT, VSW_DUMP_PVLAN, VSW_DUMP_FILTER,
		     VSW_DUMP_MIRROR, VSW_DUMP_HEALTHCHECK };

/* Put one object unless an earlier part of the dump did; false when the
 * skb is full.
 */
static bool vsw_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			 long *obj_idx, u8 cmd, vsw_fill_t fill,
			 const void *obj)
{
	if ((*obj_idx)++ < cb->args[1])
		return true;
	if (vsw_put_obj(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			NLM_F_MULTI, cmd, fill, obj))
		return false;
	genl_dump_check_consistent(cb, nlmsg_data(nlmsg_hdr(skb)));
	cb->args[1] = *obj_idx;
	return true;
}

static const char *vsw_nla_str(const struct nlattr *nla)
{
	return nla ? nla_data(nla) : NULL;
}

/* A dump's filter: no filter, or the object's name */
static bool vsw_name_match(const char *filter, const char *name)
{
	return !filter || !strcmp(filter, name);
}

static int vsw_dump(struct sk_buff *skb, struct netlink_callback *cb,
		    enum vsw_dump_what what, u8 cmd)
{
	struct nlattr **a = vsw_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	const char *filter = vsw_nla_str(a[VSWITCH_A_SWITCH_NAME]);
	const char *pg_name = vsw_nla_str(a[VSWITCH_A_PG_NAME]);
	const char *dev_name = vsw_nla_str(a[VSWITCH_A_IFNAME]);
	const char *mirror = vsw_nla_str(a[VSWITCH_A_MIRROR_NAME]);
	long sw_idx = 0, obj_idx;
	struct vsw_mirror *m;
	struct vsw_pvlan_entry e;
	struct vsw_hc_row row;
	struct vsw_switch *sw;
	int vid;

	mutex_lock(&vsw_mutex);
	cb->seq = vsw_net(net)->gen;
	if (what == VSW_DUMP_HEALTHCHECK)	/* its rows change by themselves */
		cb->seq += vsw_net(net)->hc_gen;
	list_for_each_entry(sw, &vsw_net(net)->switches, list) {
		struct vsw_portgroup *pg;
		struct vsw_port *p;

		if (!vsw_name_match(filter, sw->name))
			continue;
		if (sw_idx++ < cb->args[0])
			continue;
		obj_idx = 0;
		switch (what) {
		case VSW_DUMP_SWITCH:
			if (!vsw_dump_one(skb, cb, &obj_idx, cmd,
					  vsw_fill_switch, sw))
				goto full;
			break;
		case VSW_DUMP_UPLINK:
			list_for_each_entry(p, &sw->uplinks, list)
				if (vsw_name_match(dev_name, p->dev->name) &&
				    !vsw_dump_one(skb, cb, &obj_idx, cmd,
						  vsw_fill_uplink, p))
					goto full;
			break;
		case VSW_DUMP_PG:
			list_for_each_entry(pg, &sw->portgroups, list)
				if (vsw_name_match(pg_name, pg->name) &&
				    !vsw_dump_one(skb, cb, &obj_idx, cmd,
						  vsw_fill_pg, pg))
					goto full;
			break;
		case VSW_DUMP_PORT:
			list_for_each_entry(p, &sw->ports, list)
				if (vsw_name_match(dev_name, p->dev->name) &&
				    !vsw_dump_one(skb, cb, &obj_idx, cmd,
						  vsw_fill_port, p))
					goto full;
			break;
		case VSW_DUMP_FILTER:
			list_for_each_entry(pg, &sw->portgroups, list) {
				struct vsw_filter_obj o = { .pg = pg };

				if (!vsw_name_match(pg_name, pg->name))
					continue;
				for (o.index = 1;
				     (o.r = vsw_filter_rule_at(pg, o.index));
				     o.index++)
					if (!vsw_dump_one(skb, cb, &obj_idx, cmd,
							  vsw_fill_filter, &o))
						goto full;
			}
			break;
		case VSW_DUMP_MIRROR:
			list_for_each_entry(m, &sw->mirrors, list)
				if (vsw_name_match(mirror, m->name) &&
				    !vsw_dump_one(skb, cb, &obj_idx, cmd,
						  vsw_fill_mirror, m))
					goto full;
			break;
		case VSW_DUMP_PVLAN:
			for (vid = 1; vid < VLAN_N_VID - 1; vid++)
				if (vsw_pvlan_entry(sw, vsw_pvlan_conf(sw), vid, &e) &&
				    !vsw_dump_one(skb, cb, &obj_idx, cmd,
						  vsw_fill_pvlan, &e))
					goto full;
			break;
		case VSW_DUMP_HEALTHCHECK:
			memset(&row, 0, sizeof(row));
			while (vsw_hc_next_row(sw, &row))
				if (!vsw_dump_one(skb, cb, &obj_idx, cmd,
						  vsw_hc_fill, &row))
					goto full;
			break;
		}
		cb->args[0] = sw_idx;
		cb->args[1] = 0;
	}
full:
	mutex_unlock(&vsw_mutex);
	if (filter && !sw_idx && !cb->args[0]) {
		NL_SET_ERR_MSG_FMT_MOD(cb->extack, "no switch %s", filter);
		return -ENOENT;
	}
	return skb->len;
}

int vswitch_nl_switch_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_dump(skb, cb, VSW_DUMP_SWITCH, VSWITCH_CMD_SWITCH_GET);
}

int vswitch_nl_uplink_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_dump(skb, cb, VSW_DUMP_UPLINK, VSWITCH_CMD_UPLINK_GET);
}

int vswitch_nl_portgroup_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_dump(skb, cb, VSW_DUMP_PG, VSWITCH_CMD_PORTGROUP_GET);
}

int vswitch_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_dump(skb, cb, VSW_DUMP_PORT, VSWITCH_CMD_PORT_GET);
}

int vswitch_nl_pvlan_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_dump(skb, cb, VSW_DUMP_PVLAN, VSWITCH_CMD_PVLAN_GET);
}

int vswitch_nl_filter_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_dump(skb, cb, VSW_DUMP_FILTER, VSWITCH_CMD_FILTER_GET);
}

int vswitch_nl_mirror_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vsw_dump(skb, cb, VSW_DUMP_MIRROR, VSWITCH_CMD_MIRROR_GET);
}

int vswitch_nl_healthcheck_get_dumpit(struct sk_buff *skb,
				      struct netlink_callback *cb)
{
	return vsw_dump(skb, cb, VSW_DUMP_HEALTHCHECK,
			VSWITCH_CMD_HEALTHCHECK_GET);
}

/* --- uplinks ------------------------------------------------------------ */

int vswitch_nl_uplink_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct vsw_switch *sw;
	struct vsw_port *up;
	int err;

	err = vsw_lock_change(info);
	if (err)
		return err;
	sw = vsw_get_switch(info);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	dev = vsw_get_dev(info);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	err = vsw_port_attach(sw, dev, VSW_ROLE_UPLINK, NULL, false, &up,
			      info->extack);
	if (err)
		goto out;
	vsw_event(sw->net, info, VSWITCH_CMD_UPLINK_ADD_NTF, vsw_fill_uplink, up);
	up->notify_pending = false;	/* its NEW said it all */
	vsw_notify_pending(sw);
	err = vsw_reply(info, VSWITCH_CMD_UPLINK_NEW, vsw_fill_uplink, up);
out:
	vsw_unlock_change(info);
	return err;
}

/* The port or uplink behind the request's device, of the right type. */
static struct vsw_port *vsw_get_port(struct genl_info *info,
				     enum vsw_port_role role)
{
	struct net_device *dev = vsw_get_dev(info);
	struct vsw_port *p;

	if (IS_ERR(dev))
		return ERR_CAST(dev);
	p = vsw_port_of(dev);
	if (!p || p->role != role) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "%s is not %s", dev->name,
				       role == VSW_ROLE_UPLINK ? "an uplink" : "a port");
		NL_SET_BAD_ATTR(info->extack, info->attrs[VSWITCH_A_IFNAME]);
		return ERR_PTR(-ENOENT);
	}
	return p;
}

int vswitch_nl_uplink_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw;
	struct vsw_port *up;
	int err;

	vsw_lock();
	sw = vsw_get_switch(info);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	up = vsw_get_port(info, VSW_ROLE_UPLINK);
	if (IS_ERR(up)) {
		err = PTR_ERR(up);
		goto out;
	}
	if (up->sw != sw) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "%s is an uplink of switch %s",
				       up->dev->name, up->sw->name);
		err = -ENOENT;
		goto out;
	}
	vsw_event(sw->net, info, VSWITCH_CMD_UPLINK_DEL_NTF, vsw_fill_uplink, up);
	vsw_port_detach(up);
	vsw_notify_pending(sw);
out:
	vsw_unlock();
	return err;
}

/* --- portgroups --------------------------------------------------------- */

int vswitch_nl_portgroup_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct vsw_portgroup *pg;
	struct vsw_policy *pol;
	struct vsw_switch *sw;
	int err;

	err = vsw_require(info, VSWITCH_A_PG_NAME) ?:
	      vsw_check_name(a[VSWITCH_A_PG_NAME], "portgroup name",
			     info->extack);
	if (err)
		return err;
	err = vsw_lock_change(info);
	if (err)
		return err;
	sw = vsw_get_switch(info);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	if (vsw_pg_find(sw, nla_data(a[VSWITCH_A_PG_NAME]))) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "portgroup %s already exists on switch %s",
				       (char *)nla_data(a[VSWITCH_A_PG_NAME]),
				       sw->name);
		NL_SET_BAD_ATTR(info->extack, a[VSWITCH_A_PG_NAME]);
		err = -EEXIST;
		goto out;
	}
	pol = vsw_pg_policy_from_attrs(info, sw, NULL);
	if (IS_ERR(pol)) {
		err = PTR_ERR(pol);
		goto out;
	}
	pg = vsw_pg_create(sw, nla_data(a[VSWITCH_A_PG_NAME]), pol);
	if (IS_ERR(pg)) {
		kfree(pol);
		err = PTR_ERR(pg);
		if (err == -ENOSPC)
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "switch %s has %u portgroups, the most it may have",
					       sw->name, VSW_NIOC_CLASSES);
		goto out;
	}
	vsw_event(sw->net, info, VSWITCH_CMD_PORTGROUP_ADD_NTF, vsw_fill_pg, pg);
	vsw_notify_pending(sw);
	err = vsw_reply(info, VSWITCH_CMD_PORTGROUP_NEW, vsw_fill_pg, pg);
out:
	/* a VNI the policy took, of a request that failed */
	if (!IS_ERR_OR_NULL(sw))
		vsw_overlay_segs_gc(sw);
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_portgroup_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_switch *sw = NULL;
	struct vsw_portgroup *pg;
	struct vsw_policy *pol;
	int err;

	err = vsw_lock_change(info);
	if (err)
		return err;
	err = vsw_get_switch_pg(info, &sw, &pg);
	if (err)
		goto out;
	pol = vsw_pg_policy_from_attrs(info, sw, vsw_pg_policy(pg));
	if (IS_ERR(pol)) {
		err = PTR_ERR(pol);
		goto out;
	}
	err = vsw_pg_check_macs(pg, pol, info->extack);
	if (err) {
		kfree(pol);
		goto out;
	}
	vsw_pg_set_policy(pg, pol);
	vsw_event(sw->net, info, VSWITCH_CMD_PORTGROUP_CHANGE_NTF, vsw_fill_pg, pg);
	vsw_notify_pending(sw);
	err = vsw_reply(info, VSWITCH_CMD_PORTGROUP_SET, vsw_fill_pg, pg);
out:
	if (!IS_ERR_OR_NULL(sw))
		vsw_overlay_segs_gc(sw);	/* the VNI it left, or took */
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_portgroup_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_portgroup *pg;
	struct vsw_switch *sw;
	int err;

	vsw_lock();
	err = vsw_get_switch_pg(info, &sw, &pg);
	if (err)
		goto out;
	if (pg->n_ports) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "portgroup %s still has %u port(s)",
				       pg->name, pg->n_ports);
		err = -EBUSY;
		goto out;
	}
	vsw_notify_filters_del(pg);
	vsw_event(sw->net, info, VSWITCH_CMD_PORTGROUP_DEL_NTF, vsw_fill_pg, pg);
	vsw_pg_destroy(pg);
	vsw_overlay_segs_gc(sw);
	vsw_notify_pending(sw);
out:
	vsw_unlock();
	return err;
}

int vswitch_nl_portgroup_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_portgroup *pg;
	struct vsw_switch *sw;
	int err;

	mutex_lock(&vsw_mutex);
	err = vsw_get_switch_pg(info, &sw, &pg) ?:
	      vsw_reply(info, VSWITCH_CMD_PORTGROUP_GET, vsw_fill_pg, pg);
	mutex_unlock(&vsw_mutex);
	return err;
}

/* --- ports ---------------------------------------------------------------- */

int vswitch_nl_port_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	bool internal = false;
	struct vsw_portgroup *pg;
	const u8 *mac;
	struct net_device *dev;
	struct vsw_switch *sw;
	struct vsw_port *p;
	int err;

	if (a[VSWITCH_A_PORT_KIND])
		internal = nla_get_u8(a[VSWITCH_A_PORT_KIND]) ==
			   VSWITCH_PORT_KIND_INTERNAL;
	mac = a[VSWITCH_A_PORT_MAC] ? nla_data(a[VSWITCH_A_PORT_MAC]) : NULL;
	err = vsw_lock_change(info);
	if (err)
		return err;
	err = vsw_get_switch_pg(info, &sw, &pg);
	if (err)
		goto out;
	if (internal) {
		if (vsw_require(info, VSWITCH_A_IFNAME)) {
			err = -EINVAL;
			goto out;
		}
		dev = vsw_internal_create(sw, nla_data(a[VSWITCH_A_IFNAME]),
					  mac, info->extack);
	} else {
		dev = vsw_get_dev(info);
	}
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	/* without a MAC the switch does not know the VM yet */
	err = vsw_port_attach(sw, dev, VSW_ROLE_PORT, pg, !mac && !internal,
			      &p, info->extack);
	if (err) {
		if (internal)
			vsw_unregister_later(dev);
		goto out;
	}
	if (a[VSWITCH_A_PORT_MAX_MACS])
		WRITE_ONCE(p->max_macs, nla_get_u32(a[VSWITCH_A_PORT_MAX_MACS]));
	/* an internal port's MAC is its netdev's */
	if (internal)
		mac = dev->dev_addr;
	if (mac) {
		err = vsw_port_set_mac(p, mac, info->extack, NULL);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, a[VSWITCH_A_PORT_MAC]);
			vsw_port_detach(p);
			goto out;
		}
	}
	vsw_port_announce(p);
	vsw_event(sw->net, info, VSWITCH_CMD_PORT_ADD_NTF, vsw_fill_port, p);
	err = vsw_reply(info, VSWITCH_CMD_PORT_NEW, vsw_fill_port, p);
out:
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct vsw_fdb_entry *spare = NULL;
	struct vsw_portgroup *pg = NULL;
	struct vsw_port *p;
	const u8 *mac;
	int err;

	if (!a[VSWITCH_A_PG_NAME] && !a[VSWITCH_A_PORT_MAC] &&
	    !a[VSWITCH_A_PORT_MAX_MACS] && !a[VSWITCH_A_PORT_BLOCKED]) {
		NL_SET_ERR_MSG_MOD(info->extack, "nothing to change");
		return -EINVAL;
	}
	err = vsw_lock_change(info);
	if (err)
		return err;
	p = vsw_get_port(info, VSW_ROLE_PORT);
	if (IS_ERR(p)) {
		err = PTR_ERR(p);
		goto out;
	}
	if (a[VSWITCH_A_PG_NAME]) {
		pg = vsw_get_pg(p->sw, info);
		if (IS_ERR(pg)) {
			err = PTR_ERR(pg);
			goto out;
		}
	}
	if (a[VSWITCH_A_PORT_MAC] && p->kind == VSWITCH_PORT_KIND_INTERNAL) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "%s is internal: its MAC is its device's (ip link set address)",
				       p->dev->name);
		NL_SET_BAD_ATTR(info->extack, a[VSWITCH_A_PORT_MAC]);
		err = -EINVAL;
		goto out;
	}
	/* every check before the first change: the port's MAC (the new one,
	 * or its configured one) in the VLAN it ends up in
	 */
	mac = a[VSWITCH_A_PORT_MAC] ? nla_data(a[VSWITCH_A_PORT_MAC]) : p->mac;
	if (pg == p->pg)
		pg = NULL;
	if (!is_zero_ether_addr(mac)) {
		u16 vid = vsw_policy_home_vid(vsw_pg_policy(pg ?: p->pg));

		err = -EINVAL;
		if (!is_valid_ether_addr(mac)) {
			NL_SET_ERR_MSG_MOD(info->extack, "the MAC must be a unicast address");
			goto bad_mac;
		}
		err = vsw_port_mac_check(p, mac, vid, info->extack);
		if (err)
			goto bad_mac;
		/* the new MAC's table entry, before the first change */
		if (a[VSWITCH_A_PORT_MAC]) {
			spare = vsw_fdb_spare(p->sw);
			err = -ENOMEM;
			if (!spare)
				goto out;
		}
	}
	if (pg) {
		static const u8 no_mac[ETH_ALEN];

		/* its old MAC is not taken to the new VLAN to be replaced */
		if (a[VSWITCH_A_PORT_MAC])
			vsw_port_set_mac(p, no_mac, NULL, NULL);
		vsw_port_move(p, pg);
	}
	if (a[VSWITCH_A_PORT_MAC]) {
		err = vsw_port_set_mac(p, mac, info->extack, spare);
		if (err)
			goto bad_mac;
	}
	/* last: what cannot fail (the MAC's -ENOMEM) */
	if (a[VSWITCH_A_PORT_MAX_MACS])
		WRITE_ONCE(p->max_macs, nla_get_u32(a[VSWITCH_A_PORT_MAX_MACS]));
	if (a[VSWITCH_A_PORT_BLOCKED])
		vsw_port_set_blocked(p, nla_get_u8(a[VSWITCH_A_PORT_BLOCKED]));
	vsw_event(p->sw->net, info, VSWITCH_CMD_PORT_CHANGE_NTF, vsw_fill_port, p);
	err = vsw_reply(info, VSWITCH_CMD_PORT_SET, vsw_fill_port, p);
out:
	vsw_unlock_change(info);
	return err;
bad_mac:
	NL_SET_BAD_ATTR(info->extack, a[VSWITCH_A_PORT_MAC] ?: a[VSWITCH_A_PG_NAME]);
	goto out;
}

int vswitch_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_port *p;
	int err;

	vsw_lock();
	p = vsw_get_port(info, VSW_ROLE_PORT);
	if (IS_ERR(p)) {
		err = PTR_ERR(p);
		goto out;
	}
	vsw_event(p->sw->net, info, VSWITCH_CMD_PORT_DEL_NTF, vsw_fill_port, p);
	vsw_port_detach(p);
out:
	vsw_unlock();
	return err;
}

int vswitch_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *sw_name;
	struct vsw_port *p;
	int err;

	/* RTNL: the device name lookup */
	vsw_lock();
	p = vsw_get_port(info, VSW_ROLE_PORT);
	if (IS_ERR(p)) {
		err = PTR_ERR(p);
		goto out;
	}
	/* a switch named with the port must be the port's */
	sw_name = info->attrs[VSWITCH_A_SWITCH_NAME];
	if (sw_name && strcmp(nla_data(sw_name), p->sw->name)) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "%s is not a port of switch %s",
				       p->dev->name, (char *)nla_data(sw_name));
		NL_SET_BAD_ATTR(info->extack, sw_name);
		err = -ENOENT;
		goto out;
	}
	err = vsw_reply(info, VSWITCH_CMD_PORT_GET, vsw_fill_port, p);
out:
	vsw_unlock();
	return err;
}

/* --- MAC table ------------------------------------------------------------ */

/* A MAC table or membership dump's switch (required) and filters (a VID
 * in @vid_attr, a port's ifname): with vsw_mutex taken, or an ERR_PTR()
 * with the message set and the mutex not held.
 */
static struct vsw_switch *vsw_dump_table_start(struct netlink_callback *cb,
					       struct net *net,
					       struct nlattr **a, int vid_attr,
					       int *vid, const char **dev)
{
	struct vsw_switch *sw;

	if (!a[VSWITCH_A_SWITCH_NAME]) {
		NL_SET_ERR_MSG_MOD(cb->extack, "missing switch name");
		return ERR_PTR(-EINVAL);
	}
	if (a[vid_attr])
		*vid = nla_get_u16(a[vid_attr]);
	if (a[VSWITCH_A_IFNAME])
		*dev = nla_data(a[VSWITCH_A_IFNAME]);
	mutex_lock(&vsw_mutex);
	sw = vsw_switch_find(net, nla_data(a[VSWITCH_A_SWITCH_NAME]));
	if (!sw) {
		mutex_unlock(&vsw_mutex);
		NL_SET_ERR_MSG_FMT_MOD(cb->extack, "no switch %s",
				       (char *)nla_data(a[VSWITCH_A_SWITCH_NAME]));
		return ERR_PTR(-ENOENT);
	}
	return sw;
}

static int vsw_fill_fdb(struct sk_buff *msg, const struct vsw_switch *sw,
			const struct vsw_fdb_entry *e, u32 portid, u32 seq)
{
	struct vsw_port *p = READ_ONCE(e->port);
	unsigned long age = jiffies - READ_ONCE(e->updated);
	void *hdr;

	if (!p)
		return 0;	/* deleted since the walk found it */
	hdr = genlmsg_put(msg, portid, seq, &vsw_family, NLM_F_MULTI,
			  VSWITCH_CMD_FDB_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, sw->name) ||
	    (vsw_seg_is_overlay(e->key.vid) ?
	     nla_put_u32(msg, VSWITCH_A_FDB_VNI,
			 vsw_overlay_vni(sw, e->key.vid)) :
	     nla_put_u16(msg, VSWITCH_A_FDB_VID, e->key.vid)) ||
	    (p->role == VSW_ROLE_OVERLAY &&
	     vsw_overlay_put_vtep(msg, VSWITCH_A_FDB_VTEP, sw,
				  READ_ONCE(e->vtep))) ||
	    nla_put(msg, VSWITCH_A_FDB_MAC, ETH_ALEN, e->key.addr) ||
	    nla_put_string(msg, VSWITCH_A_IFNAME, p->dev->name) ||
	    (e->is_static && nla_put_flag(msg, VSWITCH_A_FDB_STATIC)) ||
	    nla_put_u32(msg, VSWITCH_A_FDB_AGE_MS,
			e->is_static ? 0 : jiffies_to_msecs(age))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/* A MAC table dump's state between its parts: a u64 even where long is 32
 * bits.
 */
struct vsw_fdb_dump_ctx {
	u64 last_id;			/* of the last entry sent, 0 at first */
};

static_assert(sizeof(struct vsw_fdb_dump_ctx) <=
	      sizeof_field(struct netlink_callback, ctx));

int vswitch_nl_fdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vsw_fdb_dump_ctx *ctx = (void *)cb->ctx;
	struct nlattr **a = vsw_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	const char *dev = NULL;
	struct vsw_fdb_entry *e;
	struct vsw_switch *sw;
	struct vsw_port *p;
	int vid = -1;

	sw = vsw_dump_table_start(cb, net, a, VSWITCH_A_FDB_VID, &vid, &dev);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	/* The list is newest first and the fast path adds at its head while
	 * we dump: a dump continues after the id of the last entry it sent,
	 * not at a position, so that an entry present all along is sent
	 * exactly once (the ones added meanwhile are not).
	 */
	rcu_read_lock();
	hlist_for_each_entry_rcu(e, &sw->fdb_list, list) {
		if (ctx->last_id && e->id >= ctx->last_id)
			continue;
		if (vid >= 0 && e->key.vid != vid)
			continue;
		p = READ_ONCE(e->port);
		if (!p || (dev && strcmp(p->dev->name, dev)))
			continue;
		if (vsw_fill_fdb(skb, sw, e, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq))
			break;
		ctx->last_id = e->id;
	}
	rcu_read_unlock();
	mutex_unlock(&vsw_mutex);
	return skb->len;
}

/* --- multicast group memberships ------------------------------------------- */

struct vsw_mdb_fill_arg {
	const struct vsw_switch *sw;
	u32 portid, seq;
};

static int vsw_put_ip(struct sk_buff *msg, int attr, const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		return nla_put_in_addr(msg, attr, a->s6_addr32[3]);
	return nla_put_in6_addr(msg, attr, a);
}

static int vsw_fill_mdb(struct sk_buff *msg, void *arg,
			const struct in6_addr *grp, u16 vid,
			const struct vsw_port *p, const struct in6_addr *src,
			int n_src, u32 expires_ms)
{
	struct vsw_mdb_fill_arg *fa = arg;
	void *hdr;
	int i;

	hdr = genlmsg_put(msg, fa->portid, fa->seq, &vsw_family, NLM_F_MULTI,
			  VSWITCH_CMD_MDB_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, fa->sw->name) ||
	    nla_put_u16(msg, VSWITCH_A_MDB_VID, vid) ||
	    vsw_put_ip(msg, VSWITCH_A_MDB_GROUP, grp) ||
	    nla_put_string(msg, VSWITCH_A_IFNAME, p->dev->name) ||
	    nla_put_u32(msg, VSWITCH_A_MDB_EXPIRES_MS, expires_ms))
		goto cancel;
	for (i = 0; i < n_src; i++)
		if (vsw_put_ip(msg, VSWITCH_A_MDB_SOURCE, &src[i]))
			goto cancel;
	genlmsg_end(msg, hdr);
	return 0;
cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

int vswitch_nl_mdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned long *skip = (unsigned long *)cb->ctx;
	struct nlattr **a = vsw_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct vsw_mdb_fill_arg fa;
	const char *dev = NULL;
	struct vsw_switch *sw;
	int vid = -1;

	sw = vsw_dump_table_start(cb, net, a, VSWITCH_A_MDB_VID, &vid, &dev);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	fa.sw = sw;
	fa.portid = NETLINK_CB(cb->skb).portid;
	fa.seq = cb->nlh->nlmsg_seq;
	/* by position: a membership that comes or goes between the parts
	 * of a long dump may shift the others by one
	 */
	rcu_read_lock();
	vsw_mdb_dump(sw, skb, vid, dev, skip, vsw_fill_mdb, &fa);
	rcu_read_unlock();
	mutex_unlock(&vsw_mutex);
	return skb->len;
}

/* --- family ----------------------------------------------------------------- */

static struct genl_family vsw_family __ro_after_init = {
	.name = VSWITCH_GENL_NAME,
	.version = VSWITCH_GENL_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	/* per-command policies and the op table: kmod/netlink-gen.c,
	 * generated from the YNL spec; every command validates strictly
	 */
	.ops = vswitch_nl_ops,
	.n_ops = ARRAY_SIZE(vswitch_nl_ops),
	.resv_start_op = 0,
	.mcgrps = vswitch_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(vswitch_nl_mcgrps),
};

/* --- changes with a confirmation deadline ------------------------------
 * vswctl --confirm SECONDS: a guard process vswctl forks arms the deadline
 * (confirm-new), keeps the configuration from before, and rolls the change
 * back once the state here becomes expired, reporting how it went.  The
 * deadline is kept here, not in the guard, so that one place decides
 * between a confirmation and the expiry: a "vswctl confirm" that comes a
 * moment late is refused, never half carried out beside a rollback.  The
 * configuration before is kept by the guard, not here: the kernel would
 * have to store, and then apply, a description of switches it cannot
 * check, and what undoes a change is the same planning vswctl apply does.
 */
/* The guard is alive: its thread group leader exists and is not exiting
 * (a killed guard nobody reaped is a zombie: dead all the same)
 */
static bool vsw_confirm_guarded(const struct vsw_confirm *c)
{
	struct task_struct *t;
	bool alive;

	rcu_read_lock();
	t = c->guard ? pid_task(c->guard, PIDTYPE_TGID) : NULL;
	alive = t && !(READ_ONCE(t->flags) & PF_EXITING);
	rcu_read_unlock();
	return alive;
}

static int vsw_fill_confirm(struct sk_buff *msg, const void *obj)
{
	const struct vsw_confirm *c = obj;
	unsigned long now = jiffies;
	bool alive = vsw_confirm_guarded(c);
	u32 left = 0;

	if (c->state == VSWITCH_CONFIRM_STATE_ARMED &&
	    time_before(now, c->deadline))
		left = jiffies_to_msecs(c->deadline - now);
	if (nla_put_u32(msg, VSWITCH_A_CONFIRM_ID, c->id) ||
	    nla_put_u32(msg, VSWITCH_A_CONFIRM_TIMEOUT, c->timeout) ||
	    nla_put_u8(msg, VSWITCH_A_CONFIRM_STATE, c->state) ||
	    nla_put_string(msg, VSWITCH_A_CONFIRM_WHAT, c->what) ||
	    nla_put_u32(msg, VSWITCH_A_CONFIRM_REMAINING, left) ||
	    nla_put_u8(msg, VSWITCH_A_CONFIRM_GUARD, alive))
		return -EMSGSIZE;
	return 0;
}

/* An armed change whose deadline passed is expired, whoever looks first:
 * the deadline's work, or a request that got the lock before it (a
 * confirmation a moment late is refused, not carried out).  The clock
 * decides, not which work runs: a work that was already waiting for the
 * lock when its change was settled finds the next change's deadline ahead.
 * The guard learns it from the event (or by asking, at the deadline).
 * Context: config lock.
 */
static void vsw_confirm_due(struct vsw_confirm *c)
{
	if (c->state != VSWITCH_CONFIRM_STATE_ARMED ||
	    time_before(jiffies, c->deadline))
		return;
	c->state = VSWITCH_CONFIRM_STATE_EXPIRED;
	vsw_event(c->net, NULL, VSWITCH_CMD_CONFIRM_NTF, vsw_fill_confirm, c);
}

static void vsw_confirm_expire(struct work_struct *work)
{
	struct vsw_confirm *c = container_of(to_delayed_work(work),
					     struct vsw_confirm, work);

	vsw_lock();
	vsw_confirm_due(c);
	vsw_unlock();
}

/**
 * vsw_confirm_init() - a namespace's confirmation state, none yet
 * @net: the namespace
 *
 * Context: namespace init.
 */
void vsw_confirm_init(struct net *net)
{
	struct vsw_confirm *c = &vsw_net(net)->confirm;

	INIT_DELAYED_WORK(&c->work, vsw_confirm_expire);
	c->net = net;
}

/**
 * vsw_confirm_fini() - stop a namespace's deadline
 * @net: the namespace, going (no request can come in it any more)
 *
 * Context: namespace exit, without the config locks (the deadline's work
 * takes them).
 */
void vsw_confirm_fini(struct net *net)
{
	struct vsw_confirm *c = &vsw_net(net)->confirm;

	cancel_delayed_work_sync(&c->work);
	put_pid(c->guard);
	c->guard = NULL;
}

static const char * const vsw_confirm_states[] = {
	[VSWITCH_CONFIRM_STATE_ARMED] = "waiting for its confirmation",
	[VSWITCH_CONFIRM_STATE_CONFIRMED] = "confirmed",
	[VSWITCH_CONFIRM_STATE_EXPIRED] = "being rolled back",
	[VSWITCH_CONFIRM_STATE_ROLLED_BACK] = "rolled back",
	[VSWITCH_CONFIRM_STATE_ROLLBACK_FAILED] = "not rolled back (it failed)",
};

int vswitch_nl_confirm_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct vsw_confirm *c = &vsw_net(net)->confirm;
	u32 timeout;
	int err;

	err = vsw_require(info, VSWITCH_A_CONFIRM_TIMEOUT);
	if (err)
		return err;
	err = vsw_lock_change(info);
	if (err)
		return err;
	vsw_confirm_due(c);
	/* one at a time; but a change whose guard is gone (killed) has
	 * nobody to roll it back, and must not block the next for good
	 */
	if (c->id && (c->state == VSWITCH_CONFIRM_STATE_ARMED ||
		      c->state == VSWITCH_CONFIRM_STATE_EXPIRED) &&
	    vsw_confirm_guarded(c)) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "change %u is %s: one at a time",
				       c->id, vsw_confirm_states[c->state]);
		err = -EBUSY;
		goto out;
	}
	timeout = nla_get_u32(info->attrs[VSWITCH_A_CONFIRM_TIMEOUT]);
	put_pid(c->guard);
	c->guard = get_pid(task_tgid(current));
	c->id = c->id + 1 ?: 1;
	c->timeout = timeout;
	c->state = VSWITCH_CONFIRM_STATE_ARMED;
	c->what[0] = '\0';
	if (info->attrs[VSWITCH_A_CONFIRM_WHAT])
		nla_strscpy(c->what, info->attrs[VSWITCH_A_CONFIRM_WHAT],
			    sizeof(c->what));
	c->deadline = jiffies + timeout * HZ;
	mod_delayed_work(vsw_wq, &c->work, timeout * HZ);
	vsw_event(net, info, VSWITCH_CMD_CONFIRM_NTF, vsw_fill_confirm, c);
	err = vsw_reply(info, VSWITCH_CMD_CONFIRM_NEW, vsw_fill_confirm, c);
out:
	vsw_unlock_change(info);
	return err;
}

/* Which state may follow which: confirmed or expired (a rollback asked
 * for) only while armed; the outcome of a rollback only during it.
 */
static int vsw_confirm_move(struct vsw_confirm *c, u8 state,
			    struct netlink_ext_ack *extack)
{
	bool outcome = state == VSWITCH_CONFIRM_STATE_ROLLED_BACK ||
		       state == VSWITCH_CONFIRM_STATE_ROLLBACK_FAILED;
	u8 from = outcome ? VSWITCH_CONFIRM_STATE_EXPIRED :
			    VSWITCH_CONFIRM_STATE_ARMED;

	if (state == VSWITCH_CONFIRM_STATE_ARMED) {
		NL_SET_ERR_MSG_MOD(extack, "a change is armed by confirm-new");
		return -EINVAL;
	}
	/* how the rollback went is the guard's to say, while it lives */
	if (outcome && c->guard != task_tgid(current) &&
	    vsw_confirm_guarded(c)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "change %u is being rolled back by its guard",
				       c->id);
		return -EPERM;
	}
	if (c->state == from)
		return 0;
	if (state == VSWITCH_CONFIRM_STATE_CONFIRMED &&
	    c->state == VSWITCH_CONFIRM_STATE_EXPIRED) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "too late: change %u expired and is being rolled back",
				       c->id);
		return -ETIMEDOUT;
	}
	NL_SET_ERR_MSG_FMT_MOD(extack, "change %u is %s", c->id,
			       vsw_confirm_states[c->state]);
	return -EALREADY;
}

int vswitch_nl_confirm_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct vsw_confirm *c = &vsw_net(net)->confirm;
	struct nlattr *id = info->attrs[VSWITCH_A_CONFIRM_ID];
	u8 state;
	int err;

	err = vsw_require(info, VSWITCH_A_CONFIRM_STATE);
	if (err)
		return err;
	state = nla_get_u8(info->attrs[VSWITCH_A_CONFIRM_STATE]);
	err = vsw_lock_change(info);
	if (err)
		return err;
	vsw_confirm_due(c);
	if (!c->id || (id && nla_get_u32(id) != c->id)) {
		if (id)
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "no change %u: the last is %u",
					       nla_get_u32(id), c->id);
		else
			NL_SET_ERR_MSG_MOD(info->extack,
					   "no change was made with a confirmation deadline");
		NL_SET_BAD_ATTR(info->extack, id);
		err = -ENOENT;
		goto out;
	}
	err = vsw_confirm_move(c, state, info->extack);
	if (err)
		goto out;
	/* not _sync: a deadline that is running waits for the lock held
	 * here, and then finds the change no longer armed
	 */
	cancel_delayed_work(&c->work);
	c->state = state;
	vsw_event(net, info, VSWITCH_CMD_CONFIRM_NTF, vsw_fill_confirm, c);
	err = vsw_reply(info, VSWITCH_CMD_CONFIRM_SET, vsw_fill_confirm, c);
out:
	vsw_unlock_change(info);
	return err;
}

int vswitch_nl_confirm_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vsw_confirm *c = &vsw_net(genl_info_net(info))->confirm;
	int err;

	mutex_lock(&vsw_mutex);	/* (the confirmation state's lock too) */
	vsw_confirm_due(c);
	if (!c->id) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no change was made with a confirmation deadline");
		err = -ENOENT;
	} else {
		err = vsw_reply(info, VSWITCH_CMD_CONFIRM_GET, vsw_fill_confirm,
				c);
	}
	mutex_unlock(&vsw_mutex);
	return err;
}

/**
 * vsw_genl_init() - register the generic netlink family
 *
 * Last at module init: requests come as soon as it is registered.
 *
 * Context: module init.
 * Return: 0, or a negative errno from genl_register_family().
 */
int __init vsw_genl_init(void)
{
	return genl_register_family(&vsw_family);
}

/**
 * vsw_genl_fini() - unregister the generic netlink family
 *
 * First at module exit, so that no request comes while the switches go.
 *
 * Context: module exit.
 */
void vsw_genl_fini(void)
{
	genl_unregister_family(&vsw_family);
}
