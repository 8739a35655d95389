// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: one decoder per reply type.  Each turns the attributes of a
 * switch, uplink, portgroup, port or MAC table reply (or event: events are
 * replies too) into a struct; show, -j, save and monitor all read the
 * struct, so that an attribute is decoded in one place.  The names of the
 * kernel's enums live here as well.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include "vswctl.h"

const char * const shape_dirs[4] = {
	[0] = "off",
	[VSWITCH_SHAPE_IN] = "in",
	[VSWITCH_SHAPE_OUT] = "out",
	[VSWITCH_SHAPE_IN | VSWITCH_SHAPE_OUT] = "both",
};

const char * const teaming_names[4] = {
	[VSWITCH_TEAMING_PORTID] = "portid",
	[VSWITCH_TEAMING_SRCMAC] = "srcmac",
	[VSWITCH_TEAMING_IPHASH] = "iphash",
	[VSWITCH_TEAMING_FAILOVER] = "failover",
};

const char * const vlan_modes[5] = {
	[VSWITCH_VLAN_MODE_EST] = "none",
	[VSWITCH_VLAN_MODE_VST] = "vlan",
	[VSWITCH_VLAN_MODE_TRUNK] = "trunk",
	[VSWITCH_VLAN_MODE_PVLAN] = "pvlan",
	[VSWITCH_VLAN_MODE_VXLAN] = "vxlan",
};

const char * const bpdu_guard_names[2] = {
	[VSWITCH_BPDU_GUARD_DROP] = "drop",
	[VSWITCH_BPDU_GUARD_BLOCK] = "block",
};

const char * const detect_names[2] = {
	[VSWITCH_DETECT_LINK] = "link",
	[VSWITCH_DETECT_BEACON] = "beacon",
};

const char * const uplink_states[3] = {
	[VSWITCH_UPLINK_DOWN] = "down",
	[VSWITCH_UPLINK_UP] = "up",
	[VSWITCH_UPLINK_FAILED] = "failed",	/* by beacon probing */
};

uint8_t u8_attr(struct nlattr **tb, int attr)
{
	return tb[attr] ? nla_get_u8(tb[attr]) : 0;
}

uint32_t u32_attr(struct nlattr **tb, int attr)
{
	return tb[attr] ? nla_get_u32(tb[attr]) : 0;
}

uint64_t u64_attr(struct nlattr **tb, int attr)
{
	return tb[attr] ? nla_get_u64(tb[attr]) : 0;
}

const char *str_attr(struct nlattr **tb, int attr)
{
	return tb[attr] ? nla_get_string(tb[attr]) : "";
}

void mac_str(const uint8_t *m, char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

/* An IPv4 (@len 4) or IPv6 (16) address; false ("") for another length */
bool ip_str(const void *addr, int len, char buf[48])
{
	buf[0] = '\0';
	if (len != 4 && len != 16)
		return false;
	return !!inet_ntop(len == 4 ? AF_INET : AF_INET6, addr, buf, 48);
}

/* Entry @i of an ifindex list attribute (a teaming list) as a device name;
 * "#N" for an index with no device.  The number of entries is
 * ifindex_list_len().
 */
const char *ifindex_list_name(const struct nlattr *nla, int i,
			      char name[IF_NAMESIZE])
{
	uint32_t ifindex = ((const uint32_t *)nla_data(nla))[i];

	if (!if_indextoname(ifindex, name))
		snprintf(name, IF_NAMESIZE, "#%u", ifindex);
	return name;
}

int ifindex_list_len(const struct nlattr *nla)
{
	return nla_len(nla) / sizeof(uint32_t);
}

void decode_switch(struct nlattr **tb, struct switch_info *sw)
{
	sw->name = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	sw->has_mtu = tb[VSWITCH_A_SWITCH_MTU];
	sw->mtu = u32_attr(tb, VSWITCH_A_SWITCH_MTU);
	sw->ageing = u32_attr(tb, VSWITCH_A_SWITCH_AGEING);
	sw->max_macs = u32_attr(tb, VSWITCH_A_SWITCH_MAX_MACS);
	sw->fdb_count = u32_attr(tb, VSWITCH_A_SWITCH_FDB_COUNT);
	sw->n_ports = u32_attr(tb, VSWITCH_A_SWITCH_N_PORTS);
	sw->n_uplinks = u32_attr(tb, VSWITCH_A_SWITCH_N_UPLINKS);
	sw->n_portgroups = u32_attr(tb, VSWITCH_A_SWITCH_N_PORTGROUPS);
	sw->multicast = NAME_OF(multicast_modes,
				u8_attr(tb, VSWITCH_A_SWITCH_MULTICAST));
	sw->mdb_ageing = u32_attr(tb, VSWITCH_A_SWITCH_MDB_AGEING);
	sw->mdb_count = u32_attr(tb, VSWITCH_A_SWITCH_MDB_COUNT);
	sw->nioc_rate = u64_attr(tb, VSWITCH_A_SWITCH_NIOC_RATE);
	sw->hc_interval = u32_attr(tb, VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL);
}

void decode_uplink(struct nlattr **tb, struct uplink_info *up)
{
	up->sw = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	up->name = str_attr(tb, VSWITCH_A_IFNAME);
	up->ifindex = u32_attr(tb, VSWITCH_A_IFINDEX);
	up->state = NAME_OF(uplink_states, u8_attr(tb, VSWITCH_A_UPLINK_STATE));
	up->active = tb[VSWITCH_A_UPLINK_ACTIVE];
	up->stats = tb[VSWITCH_A_STATS];
}

void decode_pg(struct nlattr **tb, struct pg_info *pg)
{
	memset(pg, 0, sizeof(*pg));
	pg->sw = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	pg->name = str_attr(tb, VSWITCH_A_PG_NAME);
	pg->n_ports = u32_attr(tb, VSWITCH_A_PG_N_PORTS);
	pg->vlan_mode = u8_attr(tb, VSWITCH_A_PG_VLAN_MODE);
	if (pg->vlan_mode == VSWITCH_VLAN_MODE_VST && tb[VSWITCH_A_PG_VLAN_ID]) {
		pg->vid = nla_get_u16(tb[VSWITCH_A_PG_VLAN_ID]);
		snprintf(pg->vlan, sizeof(pg->vlan), "%u", pg->vid);
	} else if (pg->vlan_mode == VSWITCH_VLAN_MODE_PVLAN &&
		   tb[VSWITCH_A_PG_VLAN_ID]) {
		pg->vid = nla_get_u16(tb[VSWITCH_A_PG_VLAN_ID]);
		pg->pvlan_primary = tb[VSWITCH_A_PVLAN_PRIMARY] ?
				    nla_get_u16(tb[VSWITCH_A_PVLAN_PRIMARY]) : 0;
		pg->pvlan_type = NAME_OF(pvlan_types,
					 u8_attr(tb, VSWITCH_A_PVLAN_TYPE));
		snprintf(pg->vlan, sizeof(pg->vlan), "pvlan %u (%s of %u)",
			 pg->vid, pg->pvlan_type, pg->pvlan_primary);
	} else if (pg->vlan_mode == VSWITCH_VLAN_MODE_VXLAN) {
		pg->vni = u32_attr(tb, VSWITCH_A_PG_VXLAN_VNI);
		snprintf(pg->vlan, sizeof(pg->vlan), "vxlan %u", pg->vni);
	} else if (pg->vlan_mode == VSWITCH_VLAN_MODE_TRUNK &&
		   tb[VSWITCH_A_PG_TRUNK_VIDS]) {
		format_vid_list(nla_data(tb[VSWITCH_A_PG_TRUNK_VIDS]),
				pg->trunk, sizeof(pg->trunk));
		snprintf(pg->vlan, sizeof(pg->vlan), "trunk %s", pg->trunk);
	} else {
		snprintf(pg->vlan, sizeof(pg->vlan), "none");
	}
	pg->pcp = u8_attr(tb, VSWITCH_A_PG_PCP);
	pg->teaming = NAME_OF(teaming_names, u8_attr(tb, VSWITCH_A_PG_TEAMING));
	pg->active = tb[VSWITCH_A_PG_ACTIVE];
	pg->standby = tb[VSWITCH_A_PG_STANDBY];
	pg->uplinks = tb[VSWITCH_A_PG_UPLINKS];
	pg->notify = u8_attr(tb, VSWITCH_A_PG_NOTIFY);
	pg->failback = u8_attr(tb, VSWITCH_A_PG_FAILBACK);
	pg->detect = NAME_OF(detect_names, u8_attr(tb, VSWITCH_A_PG_DETECT));
	pg->bpdu_guard = NAME_OF(bpdu_guard_names,
				 u8_attr(tb, VSWITCH_A_PG_BPDU_GUARD));
	pg->promisc = u8_attr(tb, VSWITCH_A_PG_PROMISC);
	pg->forged_tx = u8_attr(tb, VSWITCH_A_PG_FORGED_TX);
	pg->mac_changes = u8_attr(tb, VSWITCH_A_PG_MAC_CHANGES);
	pg->learning = u8_attr(tb, VSWITCH_A_PG_LEARNING);
	pg->ipfix = u8_attr(tb, VSWITCH_A_PG_IPFIX);
	pg->learn_limit = u32_attr(tb, VSWITCH_A_PG_LEARN_LIMIT);
	pg->unknown_flood = u8_attr(tb, VSWITCH_A_PG_UNKNOWN_FLOOD);
	pg->shape_dir = u8_attr(tb, VSWITCH_A_PG_SHAPE_DIR);
	pg->shaping = NAME_OF(shape_dirs, pg->shape_dir);
	pg->has_profile = pg->shape_dir && tb[VSWITCH_A_PG_SHAPE_AVG] &&
			  tb[VSWITCH_A_PG_SHAPE_PEAK] &&
			  tb[VSWITCH_A_PG_SHAPE_BURST];
	if (pg->has_profile) {
		pg->shape_avg = nla_get_u64(tb[VSWITCH_A_PG_SHAPE_AVG]);
		pg->shape_peak = nla_get_u64(tb[VSWITCH_A_PG_SHAPE_PEAK]);
		pg->shape_burst = nla_get_u32(tb[VSWITCH_A_PG_SHAPE_BURST]);
	}
	/* (a module before NIOC: the default share, no class) */
	pg->nioc_shares = tb[VSWITCH_A_PG_NIOC_SHARES] ?
			  u32_attr(tb, VSWITCH_A_PG_NIOC_SHARES) :
			  VSWITCH_NIOC_SHARES_DEFAULT;
	pg->nioc_class = tb[VSWITCH_A_PG_NIOC_CLASS] ?
			 nla_get_u16(tb[VSWITCH_A_PG_NIOC_CLASS]) : 0;
	pg->nioc_resv = u64_attr(tb, VSWITCH_A_PG_NIOC_RESERVATION);
	pg->nioc_limit = u64_attr(tb, VSWITCH_A_PG_NIOC_LIMIT);
}

void decode_port(struct nlattr **tb, struct port_info *p)
{
	p->sw = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	p->pg = str_attr(tb, VSWITCH_A_PG_NAME);
	p->name = str_attr(tb, VSWITCH_A_IFNAME);
	p->ifindex = u32_attr(tb, VSWITCH_A_IFINDEX);
	p->id = u32_attr(tb, VSWITCH_A_PORT_ID);
	p->internal = u8_attr(tb, VSWITCH_A_PORT_KIND) ==
		      VSWITCH_PORT_KIND_INTERNAL;
	p->blocked = u8_attr(tb, VSWITCH_A_PORT_BLOCKED);
	p->cold = u8_attr(tb, VSWITCH_A_PORT_COLD);
	p->has_mac = tb[VSWITCH_A_PORT_MAC];
	if (p->has_mac)
		mac_str(nla_data(tb[VSWITCH_A_PORT_MAC]), p->mac);
	else
		snprintf(p->mac, sizeof(p->mac), "-");
	p->n_macs = u32_attr(tb, VSWITCH_A_PORT_N_MACS);
	p->max_macs = u32_attr(tb, VSWITCH_A_PORT_MAX_MACS);
	p->uplink = tb[VSWITCH_A_PORT_UPLINK] ?
		    str_attr(tb, VSWITCH_A_PORT_UPLINK) : NULL;
	p->stats = tb[VSWITCH_A_STATS];
}

void decode_fdb(struct nlattr **tb, struct fdb_info *f)
{
	f->sw = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	f->vid = tb[VSWITCH_A_FDB_VID] ? nla_get_u16(tb[VSWITCH_A_FDB_VID]) : 0;
	f->overlay = !!tb[VSWITCH_A_FDB_VNI];	/* (VNI 0: its segment just went) */
	f->vni = u32_attr(tb, VSWITCH_A_FDB_VNI);
	f->vtep[0] = '\0';
	if (tb[VSWITCH_A_FDB_VTEP])
		ip_str(nla_data(tb[VSWITCH_A_FDB_VTEP]),
		       nla_len(tb[VSWITCH_A_FDB_VTEP]), f->vtep);
	f->mac[0] = '\0';
	if (tb[VSWITCH_A_FDB_MAC])
		mac_str(nla_data(tb[VSWITCH_A_FDB_MAC]), f->mac);
	f->port = str_attr(tb, VSWITCH_A_IFNAME);
	f->is_static = tb[VSWITCH_A_FDB_STATIC];
	f->age_ms = u32_attr(tb, VSWITCH_A_FDB_AGE_MS);
}
