/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/vswitch.yaml */
/* by scripts/ynl-gen-policy (make check-spec checks it is current) */

#ifndef _LINUX_VSWITCH_GEN_H
#define _LINUX_VSWITCH_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/vswitch.h>

/* Ops table for vswitch */
extern const struct genl_ops vswitch_nl_ops[31];

int vswitch_nl_switch_new_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_switch_set_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_switch_del_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_switch_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_uplink_new_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_uplink_del_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_uplink_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_portgroup_new_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_portgroup_set_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_portgroup_del_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_portgroup_get_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_portgroup_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_port_new_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_fdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_pvlan_new_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_pvlan_del_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_pvlan_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_mdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_filter_new_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_filter_del_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_filter_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_mirror_new_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_mirror_set_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_mirror_del_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_mirror_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vswitch_nl_confirm_new_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_confirm_set_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_confirm_get_doit(struct sk_buff *skb, struct genl_info *info);
int vswitch_nl_healthcheck_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

enum {
	VSWITCH_NLGRP_EVENTS,
};

extern const struct genl_multicast_group vswitch_nl_mcgrps[1];

#endif /* _LINUX_VSWITCH_GEN_H */
