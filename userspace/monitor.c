// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl monitor: one line per event (-j: one JSON object per line), each
 * event decoded by the decoder of its object, as the replies of show are.
 * The kernel's notifications (VSWITCH_CMD_*_NTF) keep the names of the
 * commands that cause them: "switch add", "port set", ...
 */
#include <stdio.h>
#include "vswctl.h"

static const char * const event_names[VSWITCH_CMD_MAX + 1] = {
	[VSWITCH_CMD_SWITCH_ADD_NTF] = "switch add",
	[VSWITCH_CMD_SWITCH_CHANGE_NTF] = "switch set",
	[VSWITCH_CMD_SWITCH_DEL_NTF] = "switch del",
	[VSWITCH_CMD_UPLINK_ADD_NTF] = "uplink add",
	[VSWITCH_CMD_UPLINK_DEL_NTF] = "uplink del",
	[VSWITCH_CMD_UPLINK_CHANGE] = "uplink change",
	[VSWITCH_CMD_PORTGROUP_ADD_NTF] = "portgroup add",
	[VSWITCH_CMD_PORTGROUP_CHANGE_NTF] = "portgroup set",
	[VSWITCH_CMD_PORTGROUP_DEL_NTF] = "portgroup del",
	[VSWITCH_CMD_PORT_ADD_NTF] = "port add",
	[VSWITCH_CMD_PORT_CHANGE_NTF] = "port set",
	[VSWITCH_CMD_PORT_DEL_NTF] = "port del",
	[VSWITCH_CMD_PVLAN_ADD_NTF] = "pvlan add",
	[VSWITCH_CMD_PVLAN_DEL_NTF] = "pvlan del",
	[VSWITCH_CMD_FILTER_ADD_NTF] = "filter add",
	[VSWITCH_CMD_FILTER_DEL_NTF] = "filter del",
	[VSWITCH_CMD_MIRROR_ADD_NTF] = "mirror add",
	[VSWITCH_CMD_MIRROR_CHANGE_NTF] = "mirror set",
	[VSWITCH_CMD_MIRROR_DEL_NTF] = "mirror del",
	[VSWITCH_CMD_CONFIRM_NTF] = "confirm",
	[VSWITCH_CMD_HEALTHCHECK_NTF] = "healthcheck",
	/* a module from before the events had commands of their own */
	[VSWITCH_CMD_SWITCH_NEW] = "switch add",
	[VSWITCH_CMD_SWITCH_SET] = "switch set",
	[VSWITCH_CMD_SWITCH_DEL] = "switch del",
	[VSWITCH_CMD_UPLINK_NEW] = "uplink add",
	[VSWITCH_CMD_UPLINK_DEL] = "uplink del",
	[VSWITCH_CMD_PORTGROUP_NEW] = "portgroup add",
	[VSWITCH_CMD_PORTGROUP_SET] = "portgroup set",
	[VSWITCH_CMD_PORTGROUP_DEL] = "portgroup del",
	[VSWITCH_CMD_PORT_NEW] = "port add",
	[VSWITCH_CMD_PORT_SET] = "port set",
	[VSWITCH_CMD_PORT_DEL] = "port del",
};

/* An event of a command this table does not know (an older or newer
 * module): whatever it carries that every object shares.
 */
static void print_any_event(struct nlattr **tb)
{
	print_str("switch", " switch %s", str_attr(tb, VSWITCH_A_SWITCH_NAME));
	if (tb[VSWITCH_A_SWITCH_MTU])
		print_u64("mtu", " mtu %llu", u32_attr(tb, VSWITCH_A_SWITCH_MTU));
	if (tb[VSWITCH_A_PG_NAME])
		print_str("portgroup", " portgroup %s",
			  str_attr(tb, VSWITCH_A_PG_NAME));
	if (tb[VSWITCH_A_IFNAME])
		print_str("dev", " dev %s", str_attr(tb, VSWITCH_A_IFNAME));
	if (tb[VSWITCH_A_UPLINK_STATE]) {
		print_str("state", " state %s",
			  NAME_OF(uplink_states, u8_attr(tb, VSWITCH_A_UPLINK_STATE)));
		print_bool("active", " active %s", !!tb[VSWITCH_A_UPLINK_ACTIVE]);
	}
}

static void print_switch_event(struct nlattr **tb)
{
	struct switch_info sw;

	struct overlay_info o;

	decode_switch(tb, &sw);
	print_str("switch", " switch %s", sw.name);
	if (sw.has_mtu) {
		print_u64("mtu", " mtu %llu", sw.mtu);
		print_str("multicast", " multicast %s", sw.multicast);
	}
	/* an overlay, and its netdev (gone: "overlay ... dev none") */
	decode_overlay(tb, &o);
	if (o.on) {
		print_str("overlay", " overlay %s", o.local);
		print_str("overlay_dev", " dev %s", o.ifname ?: "none");
	}
}

static void print_uplink_event(struct nlattr **tb)
{
	struct uplink_info up;

	decode_uplink(tb, &up);
	print_str("switch", " switch %s", up.sw);
	print_str("dev", " dev %s", up.name);
	print_str("state", " state %s", up.state);
	print_bool("active", " active %s", up.active);
}

static void print_pg_event(struct nlattr **tb)
{
	static struct pg_info pg;

	decode_pg(tb, &pg);
	print_str("switch", " switch %s", pg.sw);
	print_str("portgroup", " portgroup %s", pg.name);
	print_str("vlan", " vlan %s", pg.vlan);
	print_str("teaming", " teaming %s", pg.teaming);
}

static void print_port_event(struct nlattr **tb)
{
	struct port_info p;

	decode_port(tb, &p);
	print_str("switch", " switch %s", p.sw);
	print_str("portgroup", " portgroup %s", p.pg);
	print_str("dev", " dev %s", p.name);
	print_str("uplink", " uplink %s", p.uplink ?: "-");
	print_bool("blocked", p.blocked ? " blocked" : NULL, p.blocked);
}

static void print_pvlan_event(struct nlattr **tb)
{
	struct pvlan_info pv;

	decode_pvlan(tb, &pv);
	print_str("switch", " switch %s", pv.sw);
	print_u64("primary", " primary %llu", pv.primary);
	print_u64("vid", " vid %llu", pv.vid);
	print_str("type", " %s", pv.type);
}

static void print_filter_event(struct nlattr **tb)
{
	struct filter_info f;
	char text[512];

	decode_filter(tb, &f);
	filter_rule_text(&f, text, sizeof(text));
	print_str("switch", " switch %s", f.sw);
	print_str("portgroup", " portgroup %s", f.pg);
	print_u64("index", " index %llu", f.index);
	print_str("rule", " %s", text);
}

static void print_mirror_event(struct nlattr **tb)
{
	static struct mirror_info mi;

	decode_mirror(tb, &mi);
	print_str("switch", " switch %s", mi.sw);
	print_str("name", " name %s", mi.name);
	print_mirror(&mi, " %s");
}

static int monitor_cb(struct nlattr **tb, void *arg)
{
	uint8_t cmd = vsw_reply_cmd;
	const char *ev = cmd <= VSWITCH_CMD_MAX ? event_names[cmd] : NULL;

	(void)arg;
	out_obj_begin();
	print_str("event", "%s", ev ?: "unknown");
	switch (cmd) {
	case VSWITCH_CMD_SWITCH_ADD_NTF:
	case VSWITCH_CMD_SWITCH_CHANGE_NTF:
	case VSWITCH_CMD_SWITCH_DEL_NTF:
		print_switch_event(tb);
		break;
	case VSWITCH_CMD_UPLINK_ADD_NTF:
	case VSWITCH_CMD_UPLINK_DEL_NTF:
	case VSWITCH_CMD_UPLINK_CHANGE:
		print_uplink_event(tb);
		break;
	case VSWITCH_CMD_PORTGROUP_ADD_NTF:
	case VSWITCH_CMD_PORTGROUP_CHANGE_NTF:
	case VSWITCH_CMD_PORTGROUP_DEL_NTF:
		print_pg_event(tb);
		break;
	case VSWITCH_CMD_PORT_ADD_NTF:
	case VSWITCH_CMD_PORT_CHANGE_NTF:
	case VSWITCH_CMD_PORT_DEL_NTF:
		print_port_event(tb);
		break;
	case VSWITCH_CMD_PVLAN_ADD_NTF:
	case VSWITCH_CMD_PVLAN_DEL_NTF:
		print_pvlan_event(tb);
		break;
	case VSWITCH_CMD_FILTER_ADD_NTF:
	case VSWITCH_CMD_FILTER_DEL_NTF:
		print_filter_event(tb);
		break;
	case VSWITCH_CMD_MIRROR_ADD_NTF:
	case VSWITCH_CMD_MIRROR_CHANGE_NTF:
	case VSWITCH_CMD_MIRROR_DEL_NTF:
		print_mirror_event(tb);
		break;
	case VSWITCH_CMD_CONFIRM_NTF:
		print_confirm(tb, " ");
		break;
	case VSWITCH_CMD_HEALTHCHECK_NTF:
		print_healthcheck_row(tb, " ");
		break;
	default:
		print_any_event(tb);
		break;
	}
	out_obj_end();
	out_line_end();
	return 0;
}

int cmd_monitor(int argc, char **argv)
{
	(void)argv;
	if (argc)
		return usage_error("monitor takes no arguments");
	setvbuf(stdout, NULL, _IOLBF, 0);
	return vsw_monitor(monitor_cb, NULL);
}
