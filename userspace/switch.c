// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl switch add|set|del|show, and overlay set|show: the switch's
 * overlay, switch-set's VSWITCH_A_SWITCH_OVERLAY_* attributes.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "vswctl.h"

const char * const multicast_modes[2] = {
	[VSWITCH_MULTICAST_MODE_FLOOD] = "flood",
	[VSWITCH_MULTICAST_MODE_SNOOPING] = "snooping",
};

static int parse_switch_opts(struct nl_msg *msg, int argc, char **argv)
{
	uint32_t v;
	int i;

	for (i = 0; i < argc; i++) {
		if (matches(argv[i], "mtu")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], VSWITCH_MTU_MIN, VSWITCH_MTU_MAX, &v))
				return usage_error("mtu must be %d-%d, not '%s'",
						   VSWITCH_MTU_MIN,
						   VSWITCH_MTU_MAX, argv[i]);
			if (nla_put_u32(msg, VSWITCH_A_SWITCH_MTU, v))
				return -EMSGSIZE;
		} else if (matches(argv[i], "ageing") || matches(argv[i], "aging")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], VSWITCH_AGEING_MIN,
				      VSWITCH_AGEING_MAX, &v))
				return usage_error("ageing must be %d-%d seconds, not '%s'",
						   VSWITCH_AGEING_MIN,
						   VSWITCH_AGEING_MAX, argv[i]);
			if (nla_put_u32(msg, VSWITCH_A_SWITCH_AGEING, v))
				return -EMSGSIZE;
		} else if (matches(argv[i], "max-macs")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 1, VSWITCH_MAX_MACS_MAX, &v))
				return usage_error("max-macs must be 1-%d, not '%s'",
						   VSWITCH_MAX_MACS_MAX, argv[i]);
			if (nla_put_u32(msg, VSWITCH_A_SWITCH_MAX_MACS, v))
				return -EMSGSIZE;
		} else if (matches(argv[i], "multicast")) {
			NEXT_ARG(i, argc, argv);
			v = parse_word(argv[i], multicast_modes, 2);
			if ((int)v < 0)
				return usage_error("multicast is snooping or flood, not '%s'",
						   argv[i]);
			if (nla_put_u8(msg, VSWITCH_A_SWITCH_MULTICAST, v))
				return -EMSGSIZE;
		} else if (matches(argv[i], "mdb-ageing") ||
			   matches(argv[i], "mdb-aging")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], VSWITCH_MDB_AGEING_MIN,
				      VSWITCH_MDB_AGEING_MAX, &v))
				return usage_error("mdb-ageing must be %d-%d seconds, not '%s'",
						   VSWITCH_MDB_AGEING_MIN,
						   VSWITCH_MDB_AGEING_MAX, argv[i]);
			if (nla_put_u32(msg, VSWITCH_A_SWITCH_MDB_AGEING, v))
				return -EMSGSIZE;
		} else if (matches(argv[i], "nioc-rate")) {
			uint64_t rate = 0;

			NEXT_ARG(i, argc, argv);
			if (strcmp(argv[i], "off") && parse_rate(argv[i], &rate))
				return usage_error("nioc-rate must be off or a RATE of at least 8kbit, not '%s'",
						   argv[i]);
			if (nla_put_u64(msg, VSWITCH_A_SWITCH_NIOC_RATE, rate))
				return -EMSGSIZE;
		} else if (matches(argv[i], "healthcheck")) {
			/* healthcheck interval SECONDS | healthcheck off */
			NEXT_ARG(i, argc, argv);
			v = 0;
			if (matches(argv[i], "interval")) {
				NEXT_ARG(i, argc, argv);
				if (parse_u32(argv[i], VSWITCH_HEALTHCHECK_INTERVAL_MIN,
					      VSWITCH_HEALTHCHECK_INTERVAL_MAX, &v))
					return usage_error("healthcheck interval must be %d-%d seconds, not '%s'",
							   VSWITCH_HEALTHCHECK_INTERVAL_MIN,
							   VSWITCH_HEALTHCHECK_INTERVAL_MAX,
							   argv[i]);
			} else if (strcmp(argv[i], "off")) {
				return usage_error("healthcheck takes 'interval SECONDS' or 'off', not '%s'",
						   argv[i]);
			}
			if (nla_put_u32(msg, VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL, v))
				return -EMSGSIZE;
		} else {
			return usage_error("unknown switch argument '%s'", argv[i]);
		}
	}
	return 0;
}

int fill_switch_add(struct nl_msg *msg, int argc, char **argv)
{
	if (argc < 1)
		return usage_error("missing switch name");
	return put_switch(msg, argv[0]) ?:
	       parse_switch_opts(msg, argc - 1, argv + 1);
}

int fill_switch_set(struct nl_msg *msg, int argc, char **argv)
{
	if (argc == 1)
		return usage_error("nothing to change: give mtu N, ageing SECONDS, max-macs N, multicast snooping|flood, mdb-ageing SECONDS, nioc-rate RATE|off or healthcheck interval SECONDS|off");
	return fill_switch_add(msg, argc, argv);
}

int fill_switch_del(struct nl_msg *msg, int argc, char **argv)
{
	return expect_args(argc, 1, "NAME") ?: put_switch(msg, argv[0]);
}

/* switch show: each switch with its uplinks and portgroups and their ports,
 * collected first so that the text reads as one tree.
 */
struct names {
	char sw[16];
	char name[32];
	char extra[32];	/* port: its portgroup; uplink: its state;
			 * portgroup: its VLAN (a long trunk list cut short)
			 */
	char detail[512];	/* -t: the rest of its line in the tree */
};

struct collect {
	struct names *v;
	int n;
};

static struct names *collect_one(struct collect *c, const char *sw,
				 const char *name, const char *extra)
{
	struct names *n;

	c->v = realloc(c->v, (c->n + 1) * sizeof(*c->v));
	if (!c->v)
		return NULL;
	n = &c->v[c->n++];
	snprintf(n->sw, sizeof(n->sw), "%s", sw);
	snprintf(n->name, sizeof(n->name), "%s", name);
	snprintf(n->extra, sizeof(n->extra), "%s", extra);
	return n;
}

static int collect_uplink(struct nlattr **tb, void *arg)
{
	struct uplink_info up;
	struct names *n;
	char state[32];

	decode_uplink(tb, &up);
	snprintf(state, sizeof(state), "%s%s", up.state,
		 up.active ? ",active" : "");
	n = collect_one(arg, up.sw, up.name, state);
	if (!n)
		return -1;
	snprintf(n->detail, sizeof(n->detail), "%s%s", up.state,
		 up.active ? ", carrying traffic" : "");
	return 0;
}

/* " WORD a,b" of an ifindex list, appended to @buf */
static void append_uplinks(char *buf, size_t size, const char *word,
			   const struct nlattr *nla)
{
	char name[IF_NAMESIZE];
	size_t len = strlen(buf);
	int i, n = ifindex_list_len(nla);

	snprintf(buf + len, size - len, "  %s %s", word, n ? "" : "none");
	for (i = 0; i < n; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", i ? "," : "",
			 ifindex_list_name(nla, i, name));
	}
}

static int collect_pg(struct nlattr **tb, void *arg)
{
	static struct pg_info pg;
	struct names *n;

	decode_pg(tb, &pg);
	n = collect_one(arg, pg.sw, pg.name, pg.vlan);
	if (!n)
		return -1;
	/* the vSphere diagram's portgroup box: VLAN, its ports, its team */
	snprintf(n->detail, sizeof(n->detail), "%u port%s  teaming %s",
		 pg.n_ports, pg.n_ports == 1 ? "" : "s", pg.teaming);
	if (pg.active) {
		append_uplinks(n->detail, sizeof(n->detail), "active",
			       pg.active);
		if (pg.standby)
			append_uplinks(n->detail, sizeof(n->detail), "standby",
				       pg.standby);
	}
	if (pg.uplinks)
		append_uplinks(n->detail, sizeof(n->detail), "using",
			       pg.uplinks);
	return 0;
}

static int collect_port(struct nlattr **tb, void *arg)
{
	struct port_info p;
	struct names *n;

	decode_port(tb, &p);
	n = collect_one(arg, p.sw, p.name, p.pg);
	if (!n)
		return -1;
	snprintf(n->detail, sizeof(n->detail), "%s%s%s%s%s%s",
		 p.internal ? "internal" : "vm",
		 p.has_mac ? "  " : "", p.has_mac ? p.mac : "",
		 p.uplink ? "  uplink " : "", p.uplink ?: "",
		 p.blocked ? "  blocked" : "");
	return 0;
}

struct show_switch_ctx {
	struct collect uplinks, pgs, ports;
	bool tree;
};

/* -t: the branches of a tree, in UTF-8 when the locale has it */
struct branches {
	const char *mid, *last, *bar, *none;
};

static const struct branches *tree_branches(void)
{
	static const struct branches utf8 = {
		"\u251c\u2500 ", "\u2514\u2500 ", "\u2502  ", "   ",
	}, ascii = {
		"|- ", "`- ", "|  ", "   ",
	};
	const char *cs;

	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	return cs && !strcasecmp(cs, "UTF-8") ? &utf8 : &ascii;
}

/* One switch as a tree, as esxcfg-vswitch -l and the vSphere diagram
 * show it: the uplinks (and the overlay), then each portgroup with its
 * ports.  Text only: -j keeps show's objects.
 */
static void show_switch_tree(struct show_switch_ctx *c,
			     const struct switch_info *sw,
			     const struct overlay_info *ov)
{
	const struct branches *b = tree_branches();
	int i, j, n_pg = 0, seen = 0, n_up = 0, k;
	char name[sizeof(c->ports.v->name)], detail[sizeof(c->ports.v->detail)];

	printf("%s  mtu %u  macs %u/%u\n", sw->name, sw->mtu, sw->fdb_count,
	       sw->max_macs);
	for (i = 0; i < c->pgs.n; i++)
		n_pg += !strcmp(c->pgs.v[i].sw, sw->name);
	for (i = 0; i < c->uplinks.n; i++)
		n_up += !strcmp(c->uplinks.v[i].sw, sw->name);
	printf("%suplinks\n", n_pg ? b->mid : b->last);
	k = 0;
	for (i = 0; i < c->uplinks.n; i++) {
		struct names *u = &c->uplinks.v[i];

		if (strcmp(u->sw, sw->name))
			continue;
		k++;
		printf("%s%s%-16s %s\n", n_pg ? b->bar : b->none,
		       k == n_up && !ov->on ? b->last : b->mid,
		       printable(u->name, name, sizeof(name)),
		       printable(u->detail, detail, sizeof(detail)));
	}
	if (ov->on)
		printf("%s%soverlay %s  local %s  remotes %d  mtu %u\n",
		       n_pg ? b->bar : b->none, b->last,
		       ov->ifname ?: "(no netdev)", ov->local, ov->n_remotes,
		       ov->mtu);
	else if (!n_up)
		printf("%s%snone\n", n_pg ? b->bar : b->none, b->last);
	for (i = 0; i < c->pgs.n; i++) {
		struct names *pg = &c->pgs.v[i];
		int n_ports = 0, m = 0;
		bool last;

		if (strcmp(pg->sw, sw->name))
			continue;
		last = ++seen == n_pg;
		printf("%sportgroup %s  vlan %s  %s\n", last ? b->last : b->mid,
		       pg->name, pg->extra,
		       printable(pg->detail, detail, sizeof(detail)));
		for (j = 0; j < c->ports.n; j++)
			n_ports += !strcmp(c->ports.v[j].sw, sw->name) &&
				   !strcmp(c->ports.v[j].extra, pg->name);
		for (j = 0; j < c->ports.n; j++) {
			struct names *p = &c->ports.v[j];

			if (strcmp(p->sw, sw->name) || strcmp(p->extra, pg->name))
				continue;
			printf("%s%s%-16s %s\n", last ? b->none : b->bar,
			       ++m == n_ports ? b->last : b->mid,
			       printable(p->name, name, sizeof(name)),
			       printable(p->detail, detail, sizeof(detail)));
		}
	}
}

static int show_switch(struct nlattr **tb, void *arg)
{
	struct show_switch_ctx *c = arg;
	struct switch_info sw;
	int i, j;

	decode_switch(tb, &sw);
	if (c->tree && !opt_json) {
		struct overlay_info ov;

		decode_overlay(tb, &ov);
		show_switch_tree(c, &sw, &ov);
		return 0;
	}
	out_obj_begin();
	print_str("name", "switch %s", sw.name);
	print_u64("mtu", "  mtu %llu", sw.mtu);
	print_u64("ageing", "  ageing %llus", sw.ageing);
	print_u64("macs", "  macs %llu", sw.fdb_count);
	print_u64("max_macs", "/%llu", sw.max_macs);
	print_str("multicast", "  multicast %s", sw.multicast);
	print_u64("mdb_count", " (%llu memberships", sw.mdb_count);
	print_u64("mdb_ageing", ", ageing %llus)", sw.mdb_ageing);
	if (sw.hc_interval)
		print_u64("healthcheck_interval", "  healthcheck every %llus",
			  sw.hc_interval);
	else
		print_u64("healthcheck_interval", NULL, 0);
	print_text("\n");
	print_text("  uplinks:");
	out_array_begin("uplinks");
	for (i = 0; i < c->uplinks.n; i++) {
		struct names *u = &c->uplinks.v[i];

		if (strcmp(u->sw, sw.name))
			continue;
		out_obj_begin();
		print_str("name", " %s", u->name);
		print_str("state", "(%s)", u->extra);
		out_obj_end();
	}
	out_array_end();
	print_text("\n");
	out_array_begin("portgroups");
	for (i = 0; i < c->pgs.n; i++) {
		struct names *pg = &c->pgs.v[i];

		if (strcmp(pg->sw, sw.name))
			continue;
		out_obj_begin();
		print_str("name", "  portgroup %-16s", pg->name);
		print_str("vlan", " vlan %-14s", pg->extra);
		print_text(" ports:");
		out_array_begin("ports");
		for (j = 0; j < c->ports.n; j++) {
			struct names *p = &c->ports.v[j];

			if (!strcmp(p->sw, sw.name) && !strcmp(p->extra, pg->name))
				print_str(NULL, " %s", p->name);
		}
		out_array_end();
		print_text("\n");
		out_obj_end();
	}
	out_array_end();
	out_obj_end();
	return 0;
}

int cmd_switch_show(int argc, char **argv)
{
	struct show_switch_ctx c = { 0 };
	const char *sw = NULL;
	int i, err;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-t") || !strcmp(argv[i], "--tree"))
			c.tree = true;
		else if (sw)
			return usage_error("too many arguments after switch show [-t] NAME");
		else
			sw = argv[i];
	}
	err = vsw_dump(VSWITCH_CMD_UPLINK_GET, sw, collect_uplink, &c.uplinks) ?:
	      vsw_dump(VSWITCH_CMD_PORTGROUP_GET, sw, collect_pg, &c.pgs) ?:
	      vsw_dump(VSWITCH_CMD_PORT_GET, sw, collect_port, &c.ports);
	if (!err) {
		out_list_begin();
		err = vsw_dump(VSWITCH_CMD_SWITCH_GET, sw, show_switch, &c);
		out_list_end();
	}
	free(c.uplinks.v);
	free(c.pgs.v);
	free(c.ports.v);
	return err;
}

/* --- the overlay: VXLAN between this host's VTEP and the other hosts',
 * whose segments are the portgroups of "vxlan VNI" (a vDS across hosts).
 * The words, in set and in show -j, and as the switch's "overlay" object
 * in save and apply ("remotes" there, a list):
 *
 *   local ADDR|off  dev NETDEV  port N  remote ADDR[,ADDR...]|none
 */
#define OVERLAY_WORDS	4
static const char * const overlay_words[OVERLAY_WORDS] = {
	"local", "dev", "port", "remote",
};

/* the flood list: "none" (or "") empty, else addresses of one family,
 * local's when the request has it (@alen, 0: the kernel checks)
 */
static int put_remotes(struct nl_msg *msg, const char *arg, int alen)
{
	unsigned char buf[VSWITCH_OVERLAY_REMOTES_MAX * 16], a[16];
	char list[VSWITCH_OVERLAY_REMOTES_MAX * 48], *tok, *save = NULL;
	int n = 0, len = alen;

	if (!strcmp(arg, "none"))
		arg = "";
	if (strlen(arg) >= sizeof(list))
		return usage_error("remote: at most %d addresses",
				   VSWITCH_OVERLAY_REMOTES_MAX);
	snprintf(list, sizeof(list), "%s", arg);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int l = parse_ip(tok, a);

		if (!l)
			return usage_error("remote: '%s' is not an IPv4 or IPv6 address",
					   tok);
		if (len && l != len)
			return usage_error("remote: '%s' is not of %s's family",
					   tok, alen ? "local" : "the first address");
		if (n == VSWITCH_OVERLAY_REMOTES_MAX)
			return usage_error("remote: at most %d addresses",
					   VSWITCH_OVERLAY_REMOTES_MAX);
		memcpy(buf + n++ * l, a, l);
		len = l;
	}
	return nla_put(msg, VSWITCH_A_SWITCH_OVERLAY_REMOTES, n * len, buf) ?
	       -EMSGSIZE : 0;
}

/* overlay set SWITCH WORDS...: the words in any order, those not given
 * kept by the kernel (local is needed to turn the overlay on)
 */
int fill_overlay_set(struct nl_msg *msg, int argc, char **argv)
{
	const char *val[OVERLAY_WORDS] = { NULL };
	unsigned char local[16];
	int i, w, alen = 0, err;
	uint32_t port;

	if (argc < 2)
		return usage_error("missing arguments: SWITCH and what to set");
	err = put_switch(msg, argv[0]);
	if (err)
		return err;
	for (i = 1; i < argc; i++) {
		w = parse_word(argv[i], overlay_words, OVERLAY_WORDS);
		if (w < 0)
			return usage_error("unknown overlay word '%s'", argv[i]);
		NEXT_ARG(i, argc, argv);
		val[w] = argv[i];
	}
	if (val[0] && !strcmp(val[0], "off")) {
		if (val[1] || val[2] || val[3])
			return usage_error("local off takes no other word");
		return nla_put(msg, VSWITCH_A_SWITCH_OVERLAY_LOCAL, 0, NULL) ?
		       -EMSGSIZE : 0;
	}
	if (val[0]) {
		alen = parse_ip(val[0], local);
		if (!alen)
			return usage_error("local is this host's IPv4 or IPv6 address, or off, not '%s'",
					   val[0]);
		if (nla_put(msg, VSWITCH_A_SWITCH_OVERLAY_LOCAL, alen, local))
			return -EMSGSIZE;
	}
	if (val[1]) {
		err = check_name("device name", val[1], IFNAMSIZ - 1);
		if (err)
			return err;
		if (nla_put_string(msg, VSWITCH_A_SWITCH_OVERLAY_DEV, val[1]))
			return -EMSGSIZE;
	}
	if (val[2]) {
		if (parse_u32(val[2], 1, 65535, &port))
			return usage_error("port must be 1-65535, not '%s'", val[2]);
		if (nla_put_u16(msg, VSWITCH_A_SWITCH_OVERLAY_PORT, port))
			return -EMSGSIZE;
	}
	/* (the attribute has no family: the kernel reads it by local's) */
	if (val[3] && !alen)
		return usage_error("overlay: remote needs local ADDR, the remotes' family");
	return val[3] ? put_remotes(msg, val[3], alen) : 0;
}

int fill_overlay_show(struct nl_msg *msg, int argc, char **argv)
{
	if (argc > 1)
		return usage_error("too many arguments after overlay show SWITCH");
	return argc ? put_switch(msg, argv[0]) : 0;
}

/* A switch reply's overlay; local "off" without one (or an older module) */
void decode_overlay(struct nlattr **tb, struct overlay_info *o)
{
	struct nlattr *la = tb[VSWITCH_A_SWITCH_OVERLAY_LOCAL];
	struct nlattr *ra = tb[VSWITCH_A_SWITCH_OVERLAY_REMOTES];
	int i, alen;

	memset(o, 0, sizeof(*o));
	o->on = la && ip_str(nla_data(la), nla_len(la), o->local);
	if (!o->on) {
		snprintf(o->local, sizeof(o->local), "off");
		return;
	}
	alen = nla_len(la);
	o->dev = tb[VSWITCH_A_SWITCH_OVERLAY_DEV] ?
		 nla_get_string(tb[VSWITCH_A_SWITCH_OVERLAY_DEV]) : NULL;
	/* (none while its netdev is gone: deleted by hand) */
	o->ifname = tb[VSWITCH_A_SWITCH_OVERLAY_IFNAME] ?
		    nla_get_string(tb[VSWITCH_A_SWITCH_OVERLAY_IFNAME]) : NULL;
	o->port = tb[VSWITCH_A_SWITCH_OVERLAY_PORT] ?
		  nla_get_u16(tb[VSWITCH_A_SWITCH_OVERLAY_PORT]) :
		  VSWITCH_OVERLAY_PORT_DEFAULT;
	o->mtu = u32_attr(tb, VSWITCH_A_SWITCH_OVERLAY_MTU);
	o->n_remotes = ra ? nla_len(ra) / alen : 0;
	if (o->n_remotes > VSWITCH_OVERLAY_REMOTES_MAX)
		o->n_remotes = VSWITCH_OVERLAY_REMOTES_MAX;
	for (i = 0; i < o->n_remotes; i++)
		ip_str((char *)nla_data(ra) + i * alen, alen, o->remotes[i]);
	o->stats = tb[VSWITCH_A_SWITCH_OVERLAY_STATS];
}

int show_overlay(struct nlattr **tb, void *arg)
{
	struct overlay_info o;
	int i;

	decode_overlay(tb, &o);
	out_obj_begin();
	print_str("switch", "%-16s", str_attr(tb, VSWITCH_A_SWITCH_NAME));
	print_str("local", o.on ? "%-15s " : "%s\n", o.local);
	if (!o.on) {
		out_obj_end();
		return 0;
	}
	print_u64("port", "%-6llu", o.port);
	if (o.dev)
		print_str("dev", "%-16s", o.dev);
	else
		print_text("%-16s", "-");
	if (o.ifname) {
		print_str("ifname", "%-16s", o.ifname);
		print_u64("mtu", "%-6llu", o.mtu);
	} else {
		print_text("%-16s%-6s", "-", "-");
	}
	out_array_begin("remotes");
	for (i = 0; i < o.n_remotes; i++)
		print_str(NULL, i ? ",%s" : "%s", o.remotes[i]);
	out_array_end();
	print_text("%s\n", o.n_remotes ? "" : "none");
	print_stats(o.stats);
	out_obj_end();
	return 0;
}
