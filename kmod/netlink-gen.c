// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/vswitch.yaml */
/* by scripts/ynl-gen-policy (make check-spec checks it is current) */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/vswitch.h>

/* Integer value ranges */
static struct netlink_range_validation vswitch_switch_ageing_range __ro_after_init = {
	.min = VSWITCH_AGEING_MIN,
	.max = VSWITCH_AGEING_MAX,
};

static struct netlink_range_validation vswitch_switch_max_macs_range __ro_after_init = {
	.min = 1ULL,
	.max = VSWITCH_MAX_MACS_MAX,
};

static struct netlink_range_validation vswitch_switch_mdb_ageing_range __ro_after_init = {
	.min = VSWITCH_MDB_AGEING_MIN,
	.max = VSWITCH_MDB_AGEING_MAX,
};

static struct netlink_range_validation vswitch_switch_ipfix_sample_range __ro_after_init = {
	.min = 1ULL,
	.max = 65535ULL,
};

static struct netlink_range_validation vswitch_switch_nioc_rate_range __ro_after_init = {
	.max = VSWITCH_SHAPE_RATE_MAX,
};

static struct netlink_range_validation vswitch_switch_healthcheck_interval_range __ro_after_init = {
	.max = VSWITCH_HEALTHCHECK_INTERVAL_MAX,
};

static struct netlink_range_validation vswitch_pg_shape_avg_range __ro_after_init = {
	.min = VSWITCH_SHAPE_RATE_MIN,
	.max = VSWITCH_SHAPE_RATE_MAX,
};

static struct netlink_range_validation vswitch_pg_shape_burst_range __ro_after_init = {
	.min = VSWITCH_SHAPE_BURST_MIN,
	.max = VSWITCH_SHAPE_BURST_MAX,
};

static struct netlink_range_validation vswitch_pg_vxlan_vni_range __ro_after_init = {
	.min = 1ULL,
	.max = VSWITCH_VNI_MAX,
};

static struct netlink_range_validation vswitch_port_max_macs_range __ro_after_init = {
	.max = VSWITCH_MAX_MACS_MAX,
};

static struct netlink_range_validation vswitch_confirm_timeout_range __ro_after_init = {
	.min = 1ULL,
	.max = VSWITCH_CONFIRM_TIMEOUT_MAX,
};

/* VSWITCH_CMD_SWITCH_NEW */
static const struct nla_policy vswitch_switch_new_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_SWITCH_MTU] = NLA_POLICY_RANGE(NLA_U32, VSWITCH_MTU_MIN, VSWITCH_MTU_MAX),
	[VSWITCH_A_SWITCH_AGEING] = NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_ageing_range),
	[VSWITCH_A_SWITCH_MAX_MACS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_max_macs_range),
	[VSWITCH_A_SWITCH_MULTICAST] = NLA_POLICY_MAX(NLA_U8, VSWITCH_MULTICAST_MODE_SNOOPING),
	[VSWITCH_A_SWITCH_MDB_AGEING] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_mdb_ageing_range),
};

/* VSWITCH_CMD_SWITCH_SET */
static const struct nla_policy vswitch_switch_set_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_SWITCH_MTU] = NLA_POLICY_RANGE(NLA_U32, VSWITCH_MTU_MIN, VSWITCH_MTU_MAX),
	[VSWITCH_A_SWITCH_AGEING] = NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_ageing_range),
	[VSWITCH_A_SWITCH_MAX_MACS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_max_macs_range),
	[VSWITCH_A_SWITCH_MULTICAST] = NLA_POLICY_MAX(NLA_U8, VSWITCH_MULTICAST_MODE_SNOOPING),
	[VSWITCH_A_SWITCH_MDB_AGEING] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_mdb_ageing_range),
	[VSWITCH_A_SWITCH_IPFIX_COLLECTOR] = { .type = NLA_BINARY, .len = 16, },
	[VSWITCH_A_SWITCH_IPFIX_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[VSWITCH_A_SWITCH_IPFIX_DOMAIN] = { .type = NLA_U32, },
	[VSWITCH_A_SWITCH_IPFIX_SAMPLE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_ipfix_sample_range),
	[VSWITCH_A_SWITCH_IPFIX_ACTIVE] = NLA_POLICY_RANGE(NLA_U32, 1, 3600),
	[VSWITCH_A_SWITCH_IPFIX_IDLE] = NLA_POLICY_RANGE(NLA_U32, 1, 600),
	[VSWITCH_A_SWITCH_IPFIX_INTERNAL_ONLY] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_SWITCH_OVERLAY_LOCAL] = { .type = NLA_BINARY, .len = 16, },
	[VSWITCH_A_SWITCH_OVERLAY_DEV] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_SWITCH_OVERLAY_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[VSWITCH_A_SWITCH_OVERLAY_REMOTES] = { .type = NLA_BINARY, .len = 1024, },
	[VSWITCH_A_SWITCH_NIOC_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U64, &vswitch_switch_nioc_rate_range),
	[VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_healthcheck_interval_range),
};

/* VSWITCH_CMD_SWITCH_DEL, VSWITCH_CMD_SWITCH_GET,
 * VSWITCH_CMD_PVLAN_GET, VSWITCH_CMD_HEALTHCHECK_GET
 */
static const struct nla_policy vswitch_switch_del_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
};

/* VSWITCH_CMD_UPLINK_NEW, VSWITCH_CMD_UPLINK_DEL,
 * VSWITCH_CMD_UPLINK_GET, VSWITCH_CMD_PORT_GET
 */
static const struct nla_policy vswitch_uplink_new_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_IFNAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
};

/* VSWITCH_CMD_PORTGROUP_NEW, VSWITCH_CMD_PORTGROUP_SET */
static const struct nla_policy vswitch_portgroup_new_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_PG_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
	[VSWITCH_A_PG_VLAN_MODE] = NLA_POLICY_MAX(NLA_U8, VSWITCH_VLAN_MODE_VXLAN),
	[VSWITCH_A_PG_VLAN_ID] = NLA_POLICY_RANGE(NLA_U16, 1, VSWITCH_VID_MAX),
	[VSWITCH_A_PG_TRUNK_VIDS] = NLA_POLICY_EXACT_LEN(VSWITCH_VID_BITMAP_LEN),
	[VSWITCH_A_PG_PCP] = NLA_POLICY_MAX(NLA_U8, 7),
	[VSWITCH_A_PG_TEAMING] = NLA_POLICY_MAX(NLA_U8, VSWITCH_TEAMING_FAILOVER),
	[VSWITCH_A_PG_ACTIVE] = { .type = NLA_BINARY, .len = VSWITCH_TEAM_LIST_LEN, },
	[VSWITCH_A_PG_STANDBY] = { .type = NLA_BINARY, .len = VSWITCH_TEAM_LIST_LEN, },
	[VSWITCH_A_PG_NOTIFY] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_PG_FAILBACK] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_PG_DETECT] = NLA_POLICY_MAX(NLA_U8, VSWITCH_DETECT_BEACON),
	[VSWITCH_A_PG_PROMISC] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_PG_FORGED_TX] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_PG_MAC_CHANGES] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_PG_SHAPE_DIR] = NLA_POLICY_MAX(NLA_U8, VSWITCH_SHAPE_DIR_MAX),
	[VSWITCH_A_PG_SHAPE_AVG] = NLA_POLICY_FULL_RANGE(NLA_U64, &vswitch_pg_shape_avg_range),
	[VSWITCH_A_PG_SHAPE_PEAK] = NLA_POLICY_FULL_RANGE(NLA_U64, &vswitch_pg_shape_avg_range),
	[VSWITCH_A_PG_SHAPE_BURST] = NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_pg_shape_burst_range),
	[VSWITCH_A_PG_BPDU_GUARD] = NLA_POLICY_MAX(NLA_U8, VSWITCH_BPDU_GUARD_BLOCK),
	[VSWITCH_A_PG_LEARNING] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_PG_LEARN_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_max_macs_range),
	[VSWITCH_A_PG_UNKNOWN_FLOOD] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_PG_IPFIX] = NLA_POLICY_MAX(NLA_U8, 1),
	[VSWITCH_A_PG_VXLAN_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_pg_vxlan_vni_range),
	[VSWITCH_A_PG_NIOC_SHARES] = NLA_POLICY_RANGE(NLA_U32, 1, VSWITCH_NIOC_SHARES_MAX),
	[VSWITCH_A_PG_NIOC_RESERVATION] =
		NLA_POLICY_FULL_RANGE(NLA_U64, &vswitch_switch_nioc_rate_range),
	[VSWITCH_A_PG_NIOC_LIMIT] = NLA_POLICY_FULL_RANGE(NLA_U64, &vswitch_switch_nioc_rate_range),
};

/* VSWITCH_CMD_PORTGROUP_DEL, VSWITCH_CMD_PORTGROUP_GET,
 * VSWITCH_CMD_FILTER_GET
 */
static const struct nla_policy vswitch_portgroup_del_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_PG_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
};

/* VSWITCH_CMD_PORT_NEW */
static const struct nla_policy vswitch_port_new_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_IFNAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_PG_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
	[VSWITCH_A_PORT_MAC] = NLA_POLICY_EXACT_LEN(6),
	[VSWITCH_A_PORT_KIND] = NLA_POLICY_MAX(NLA_U8, VSWITCH_PORT_KIND_INTERNAL),
	[VSWITCH_A_PORT_MAX_MACS] = NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_port_max_macs_range),
};

/* VSWITCH_CMD_PORT_SET */
static const struct nla_policy vswitch_port_set_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_IFNAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_PG_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
	[VSWITCH_A_PORT_MAC] = NLA_POLICY_EXACT_LEN(6),
	[VSWITCH_A_PORT_MAX_MACS] = NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_port_max_macs_range),
	[VSWITCH_A_PORT_BLOCKED] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* VSWITCH_CMD_PORT_DEL */
static const struct nla_policy vswitch_port_del_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_IFNAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
};

/* VSWITCH_CMD_FDB_GET */
static const struct nla_policy vswitch_fdb_get_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_IFNAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_FDB_VID] = NLA_POLICY_MAX(NLA_U16, VSWITCH_VID_MAX),
};

/* VSWITCH_CMD_PVLAN_NEW */
static const struct nla_policy vswitch_pvlan_new_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_PVLAN_PRIMARY] = NLA_POLICY_RANGE(NLA_U16, 1, VSWITCH_VID_MAX),
	[VSWITCH_A_PVLAN_VID] = NLA_POLICY_RANGE(NLA_U16, 1, VSWITCH_VID_MAX),
	[VSWITCH_A_PVLAN_TYPE] = NLA_POLICY_MAX(NLA_U8, VSWITCH_PVLAN_TYPE_COMMUNITY),
};

/* VSWITCH_CMD_PVLAN_DEL */
static const struct nla_policy vswitch_pvlan_del_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_PVLAN_VID] = NLA_POLICY_RANGE(NLA_U16, 1, VSWITCH_VID_MAX),
};

/* VSWITCH_CMD_MDB_GET */
static const struct nla_policy vswitch_mdb_get_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_IFNAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_MDB_VID] = NLA_POLICY_MAX(NLA_U16, VSWITCH_VID_MAX),
};

/* VSWITCH_CMD_FILTER_NEW */
static const struct nla_policy vswitch_filter_new_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_PG_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
	[VSWITCH_A_FILTER_INDEX] = NLA_POLICY_RANGE(NLA_U32, 1, VSWITCH_FILTER_MAX),
	[VSWITCH_A_FILTER_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, VSWITCH_SHAPE_DIR_MAX),
	[VSWITCH_A_FILTER_SRC_MAC] = NLA_POLICY_EXACT_LEN(6),
	[VSWITCH_A_FILTER_DST_MAC] = NLA_POLICY_EXACT_LEN(6),
	[VSWITCH_A_FILTER_ETHERTYPE] = NLA_POLICY_MIN(NLA_U16, 1536),
	[VSWITCH_A_FILTER_SRC_IP] = { .type = NLA_BINARY, .len = 16, },
	[VSWITCH_A_FILTER_SRC_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[VSWITCH_A_FILTER_DST_IP] = { .type = NLA_BINARY, .len = 16, },
	[VSWITCH_A_FILTER_DST_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[VSWITCH_A_FILTER_PROTO] = { .type = NLA_U8, },
	[VSWITCH_A_FILTER_SRC_PORT_MIN] = { .type = NLA_U16, },
	[VSWITCH_A_FILTER_SRC_PORT_MAX] = { .type = NLA_U16, },
	[VSWITCH_A_FILTER_DST_PORT_MIN] = { .type = NLA_U16, },
	[VSWITCH_A_FILTER_DST_PORT_MAX] = { .type = NLA_U16, },
	[VSWITCH_A_FILTER_ACTION] = NLA_POLICY_MAX(NLA_U8, VSWITCH_FILTER_ACTION_PCP),
	[VSWITCH_A_FILTER_VALUE] = NLA_POLICY_MAX(NLA_U8, 63),
};

/* VSWITCH_CMD_FILTER_DEL */
static const struct nla_policy vswitch_filter_del_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_PG_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
	[VSWITCH_A_FILTER_INDEX] = NLA_POLICY_RANGE(NLA_U32, 1, VSWITCH_FILTER_MAX),
};

/* VSWITCH_CMD_MIRROR_NEW, VSWITCH_CMD_MIRROR_SET */
static const struct nla_policy vswitch_mirror_new_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_MIRROR_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
	[VSWITCH_A_MIRROR_SRC_IFNAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_MIRROR_SRC_PG] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
	[VSWITCH_A_MIRROR_SRC_VIDS] = NLA_POLICY_EXACT_LEN(VSWITCH_VID_BITMAP_LEN),
	[VSWITCH_A_MIRROR_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, VSWITCH_SHAPE_DIR_MAX),
	[VSWITCH_A_MIRROR_DST_TYPE] = NLA_POLICY_MAX(NLA_U8, VSWITCH_MIRROR_DST_DEV),
	[VSWITCH_A_MIRROR_DST_IFNAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_MIRROR_RSPAN_VID] = NLA_POLICY_RANGE(NLA_U16, 1, VSWITCH_VID_MAX),
	[VSWITCH_A_MIRROR_SNAPLEN] = NLA_POLICY_MAX(NLA_U32, VSWITCH_MIRROR_SNAPLEN_MAX),
	[VSWITCH_A_MIRROR_SAMPLE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_switch_ipfix_sample_range),
	[VSWITCH_A_MIRROR_DST_IO] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* VSWITCH_CMD_MIRROR_DEL, VSWITCH_CMD_MIRROR_GET */
static const struct nla_policy vswitch_mirror_del_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_NAME_MAX, },
	[VSWITCH_A_MIRROR_NAME] = { .type = NLA_NUL_STRING, .len = VSWITCH_PG_NAME_MAX, },
};

/* VSWITCH_CMD_CONFIRM_NEW */
static const struct nla_policy vswitch_confirm_new_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_CONFIRM_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &vswitch_confirm_timeout_range),
	[VSWITCH_A_CONFIRM_WHAT] = { .type = NLA_NUL_STRING, .len = VSWITCH_CONFIRM_WHAT_MAX, },
};

/* VSWITCH_CMD_CONFIRM_SET */
static const struct nla_policy vswitch_confirm_set_nl_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_CONFIRM_ID] = { .type = NLA_U32, },
	[VSWITCH_A_CONFIRM_STATE] = NLA_POLICY_MAX(NLA_U8, VSWITCH_CONFIRM_STATE_ROLLBACK_FAILED),
};

/* VSWITCH_CMD_CONFIRM_GET */
static const struct nla_policy vswitch_confirm_get_nl_policy[VSWITCH_A_MAX + 1] = {
};

/* Ops table for vswitch */
const struct genl_ops vswitch_nl_ops[31] = {
	{
		.cmd		= VSWITCH_CMD_SWITCH_NEW,
		.doit		= vswitch_nl_switch_new_doit,
		.policy		= vswitch_switch_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_SWITCH_SET,
		.doit		= vswitch_nl_switch_set_doit,
		.policy		= vswitch_switch_set_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_SWITCH_DEL,
		.doit		= vswitch_nl_switch_del_doit,
		.policy		= vswitch_switch_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_SWITCH_GET,
		.doit		= vswitch_nl_switch_get_doit,
		.dumpit		= vswitch_nl_switch_get_dumpit,
		.policy		= vswitch_switch_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_UPLINK_NEW,
		.doit		= vswitch_nl_uplink_new_doit,
		.policy		= vswitch_uplink_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_UPLINK_DEL,
		.doit		= vswitch_nl_uplink_del_doit,
		.policy		= vswitch_uplink_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_UPLINK_GET,
		.dumpit		= vswitch_nl_uplink_get_dumpit,
		.policy		= vswitch_uplink_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_PORTGROUP_NEW,
		.doit		= vswitch_nl_portgroup_new_doit,
		.policy		= vswitch_portgroup_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_PORTGROUP_SET,
		.doit		= vswitch_nl_portgroup_set_doit,
		.policy		= vswitch_portgroup_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_PORTGROUP_DEL,
		.doit		= vswitch_nl_portgroup_del_doit,
		.policy		= vswitch_portgroup_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_PORTGROUP_GET,
		.doit		= vswitch_nl_portgroup_get_doit,
		.dumpit		= vswitch_nl_portgroup_get_dumpit,
		.policy		= vswitch_portgroup_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_PORT_NEW,
		.doit		= vswitch_nl_port_new_doit,
		.policy		= vswitch_port_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_PORT_SET,
		.doit		= vswitch_nl_port_set_doit,
		.policy		= vswitch_port_set_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_PORT_DEL,
		.doit		= vswitch_nl_port_del_doit,
		.policy		= vswitch_port_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_PORT_GET,
		.doit		= vswitch_nl_port_get_doit,
		.dumpit		= vswitch_nl_port_get_dumpit,
		.policy		= vswitch_uplink_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FDB_GET,
		.dumpit		= vswitch_nl_fdb_get_dumpit,
		.policy		= vswitch_fdb_get_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_PVLAN_NEW,
		.doit		= vswitch_nl_pvlan_new_doit,
		.policy		= vswitch_pvlan_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_PVLAN_DEL,
		.doit		= vswitch_nl_pvlan_del_doit,
		.policy		= vswitch_pvlan_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_PVLAN_GET,
		.dumpit		= vswitch_nl_pvlan_get_dumpit,
		.policy		= vswitch_switch_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_MDB_GET,
		.dumpit		= vswitch_nl_mdb_get_dumpit,
		.policy		= vswitch_mdb_get_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_FILTER_NEW,
		.doit		= vswitch_nl_filter_new_doit,
		.policy		= vswitch_filter_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_FILTER_DEL,
		.doit		= vswitch_nl_filter_del_doit,
		.policy		= vswitch_filter_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_FILTER_GET,
		.dumpit		= vswitch_nl_filter_get_dumpit,
		.policy		= vswitch_portgroup_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_MIRROR_NEW,
		.doit		= vswitch_nl_mirror_new_doit,
		.policy		= vswitch_mirror_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_MIRROR_SET,
		.doit		= vswitch_nl_mirror_set_doit,
		.policy		= vswitch_mirror_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_MIRROR_DEL,
		.doit		= vswitch_nl_mirror_del_doit,
		.policy		= vswitch_mirror_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_MIRROR_GET,
		.dumpit		= vswitch_nl_mirror_get_dumpit,
		.policy		= vswitch_mirror_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_CONFIRM_NEW,
		.doit		= vswitch_nl_confirm_new_doit,
		.policy		= vswitch_confirm_new_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_CONFIRM_SET,
		.doit		= vswitch_nl_confirm_set_doit,
		.policy		= vswitch_confirm_set_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VSWITCH_CMD_CONFIRM_GET,
		.doit		= vswitch_nl_confirm_get_doit,
		.policy		= vswitch_confirm_get_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
	{
		.cmd		= VSWITCH_CMD_HEALTHCHECK_GET,
		.dumpit		= vswitch_nl_healthcheck_get_dumpit,
		.policy		= vswitch_switch_del_nl_policy,
		.maxattr	= VSWITCH_A_MAX,
	},
};

const struct genl_multicast_group vswitch_nl_mcgrps[] = {
	[VSWITCH_NLGRP_EVENTS] = { "events", },
};
