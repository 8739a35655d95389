// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: the handlers of every OBJECT COMMAND.  Each parses its words,
 * builds one request, and prints the replies through output.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <netlink/genl/genl.h>
#include "vswctl.h"

#define NEXT_ARG(i, argc, argv)						\
	do {								\
		if (++(i) >= (argc))					\
			return usage_error("'%s' needs a value",	\
					   (argv)[(i) - 1]);		\
	} while (0)

#define PUT(x)								\
	do {								\
		if (x) {						\
			nlmsg_free(msg);				\
			fprintf(stderr, "vswctl: request too large\n");	\
			return -EMSGSIZE;				\
		}							\
	} while (0)

/* Words of SPEC that later versions implement: recognised, refused. */
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

const char * const vlan_modes[3] = {
	[VSWITCH_VLAN_MODE_EST] = "none",
	[VSWITCH_VLAN_MODE_VST] = "vlan",
	[VSWITCH_VLAN_MODE_TRUNK] = "trunk",
};

const char * const detect_names[2] = {
	[VSWITCH_DETECT_LINK] = "link",
	[VSWITCH_DETECT_BEACON] = "beacon",
};

static const char * const uplink_states[] = {
	[VSWITCH_UPLINK_DOWN] = "down",
	[VSWITCH_UPLINK_UP] = "up",
	[VSWITCH_UPLINK_FAILED] = "failed",	/* by beacon probing */
};


static const char *find_word(const char *arg, const char * const *words)
{
	for (; *words; words++)
		if (!strcmp(arg, *words))
			return *words;
	return NULL;
}

static int put_name(struct nl_msg *msg, int attr, const char *what,
		    const char *val, size_t max)
{
	int err = check_name(what, val, max);

	if (err)
		return err;
	if (nla_put_string(msg, attr, val))
		return -EMSGSIZE;
	return 0;
}

static int put_switch(struct nl_msg *msg, const char *name)
{
	return put_name(msg, VSWITCH_A_SWITCH_NAME, "switch name", name,
			VSWITCH_NAME_MAX);
}

static int put_dev(struct nl_msg *msg, const char *name)
{
	return put_name(msg, VSWITCH_A_IFNAME, "device name", name,
			IFNAMSIZ - 1);
}

static int put_pg(struct nl_msg *msg, const char *name)
{
	return put_name(msg, VSWITCH_A_PG_NAME, "portgroup name", name,
			VSWITCH_PG_NAME_MAX);
}

uint8_t u8_attr(struct nlattr **tb, int attr)
{
	return tb[attr] ? nla_get_u8(tb[attr]) : 0;
}

const char *str_attr(struct nlattr **tb, int attr)
{
	return tb[attr] ? nla_get_string(tb[attr]) : "";
}

/* --- switch ---------------------------------------------------------------- */

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
		} else {
			return usage_error("unknown switch argument '%s'", argv[i]);
		}
	}
	return 0;
}

static int switch_change(uint8_t cmd, int argc, char **argv)
{
	struct nl_msg *msg;
	int err;

	if (argc < 1)
		return usage_error("missing switch name");
	if (cmd == VSWITCH_CMD_SWITCH_SET && argc < 2)
		return usage_error("nothing to change: give mtu N or ageing SECONDS");
	msg = vsw_msg(cmd, 0);
	if (!msg)
		return -1;
	err = put_switch(msg, argv[0]);
	if (!err)
		err = parse_switch_opts(msg, argc - 1, argv + 1);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return vsw_request(msg, NULL, NULL);
}

int cmd_switch_add(int argc, char **argv)
{
	return switch_change(VSWITCH_CMD_SWITCH_NEW, argc, argv);
}

int cmd_switch_set(int argc, char **argv)
{
	return switch_change(VSWITCH_CMD_SWITCH_SET, argc, argv);
}

/* A request with only names: DEL commands. */
static int simple_request(uint8_t cmd, const char *sw, const char *pg,
			  const char *dev)
{
	struct nl_msg *msg = vsw_msg(cmd, 0);
	int err = 0;

	if (!msg)
		return -1;
	if (sw)
		err = put_switch(msg, sw);
	if (!err && pg)
		err = put_pg(msg, pg);
	if (!err && dev)
		err = put_dev(msg, dev);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return vsw_request(msg, NULL, NULL);
}

static int expect_args(int argc, int n, const char *what)
{
	if (argc < n)
		return usage_error("missing arguments: %s", what);
	if (argc > n)
		return usage_error("too many arguments after %s", what);
	return 0;
}

int cmd_switch_del(int argc, char **argv)
{
	return expect_args(argc, 1, "NAME") ?:
	       simple_request(VSWITCH_CMD_SWITCH_DEL, argv[0], NULL, NULL);
}

/* A dump of @cmd, optionally for one switch (and portgroup). */
static int dump(uint8_t cmd, const char *sw, const char *pg, reply_fn fn,
		void *arg)
{
	struct nl_msg *msg = vsw_msg(cmd, NLM_F_DUMP);
	int err = 0;

	if (!msg)
		return -1;
	if (sw)
		err = put_switch(msg, sw);
	if (!err && pg)
		err = put_pg(msg, pg);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return vsw_request(msg, fn, arg);
}

int vsw_dump(uint8_t cmd, const char *sw, reply_fn fn, void *arg)
{
	return dump(cmd, sw, NULL, fn, arg);
}

/* switch show: each switch with its uplinks and portgroups and their ports,
 * collected first so that the text reads as one tree.
 */
struct names {
	char sw[16];
	char name[32];
	char extra[32];
};

struct collect {
	struct names *v;
	int n;
};

static int collect_cb(struct nlattr **tb, void *arg)
{
	struct collect *c = arg;
	struct names *n;

	c->v = realloc(c->v, (c->n + 1) * sizeof(*c->v));
	if (!c->v)
		return -1;
	n = &c->v[c->n++];
	memset(n, 0, sizeof(*n));
	snprintf(n->sw, sizeof(n->sw), "%s", str_attr(tb, VSWITCH_A_SWITCH_NAME));
	if (tb[VSWITCH_A_PG_NAME] && !tb[VSWITCH_A_IFNAME])	/* portgroup */
		snprintf(n->name, sizeof(n->name), "%s",
			 str_attr(tb, VSWITCH_A_PG_NAME));
	else
		snprintf(n->name, sizeof(n->name), "%s",
			 str_attr(tb, VSWITCH_A_IFNAME));
	if (tb[VSWITCH_A_IFNAME] && tb[VSWITCH_A_PG_NAME])	/* port */
		snprintf(n->extra, sizeof(n->extra), "%s",
			 str_attr(tb, VSWITCH_A_PG_NAME));
	else if (tb[VSWITCH_A_UPLINK_STATE])
		snprintf(n->extra, sizeof(n->extra), "%s%s",
			 NAME_OF(uplink_states,
				 nla_get_u8(tb[VSWITCH_A_UPLINK_STATE])),
			 tb[VSWITCH_A_UPLINK_ACTIVE] ? ",active" : "");
	return 0;
}

static void vlan_text(struct nlattr **tb, char *buf, size_t len)
{
	uint8_t mode = tb[VSWITCH_A_PG_VLAN_MODE] ?
		       nla_get_u8(tb[VSWITCH_A_PG_VLAN_MODE]) : 0;
	char list[2048];

	if (mode == VSWITCH_VLAN_MODE_VST && tb[VSWITCH_A_PG_VLAN_ID]) {
		snprintf(buf, len, "%u", nla_get_u16(tb[VSWITCH_A_PG_VLAN_ID]));
	} else if (mode == VSWITCH_VLAN_MODE_TRUNK &&
		   tb[VSWITCH_A_PG_TRUNK_VIDS]) {
		format_vid_list(nla_data(tb[VSWITCH_A_PG_TRUNK_VIDS]), list,
				sizeof(list));
		snprintf(buf, len, "trunk %s", list);
	} else {
		snprintf(buf, len, "none");
	}
}

static void print_vlan(struct nlattr **tb)
{
	uint8_t mode = u8_attr(tb, VSWITCH_A_PG_VLAN_MODE);
	char buf[2100];

	vlan_text(tb, buf, sizeof(buf));
	print_text("%-18s", buf);
	print_str("vlan_mode", NULL, NAME_OF(vlan_modes, mode));
	if (mode == VSWITCH_VLAN_MODE_VST && tb[VSWITCH_A_PG_VLAN_ID])
		print_u64("vlan", NULL, nla_get_u16(tb[VSWITCH_A_PG_VLAN_ID]));
	if (mode == VSWITCH_VLAN_MODE_TRUNK && tb[VSWITCH_A_PG_TRUNK_VIDS]) {
		/* vlan_text() made it "trunk LIST" */
		print_str("trunk", NULL, buf + strlen("trunk "));
	}
	print_u64("pcp", NULL, tb[VSWITCH_A_PG_PCP] ?
		  nla_get_u8(tb[VSWITCH_A_PG_PCP]) : 0);
}

struct show_switch_ctx {
	struct collect uplinks, pgs, ports;
};

static int show_switch_cb(struct nlattr **tb, void *arg)
{
	struct show_switch_ctx *c = arg;
	const char *name = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	int i, j;

	out_obj_begin();
	print_str("name", "switch %s", name);
	print_u64("mtu", "  mtu %llu", tb[VSWITCH_A_SWITCH_MTU] ?
		  nla_get_u32(tb[VSWITCH_A_SWITCH_MTU]) : 0);
	print_u64("ageing", "  ageing %llus", tb[VSWITCH_A_SWITCH_AGEING] ?
		  nla_get_u32(tb[VSWITCH_A_SWITCH_AGEING]) : 0);
	print_u64("macs", "  macs %llu\n", tb[VSWITCH_A_SWITCH_FDB_COUNT] ?
		  nla_get_u32(tb[VSWITCH_A_SWITCH_FDB_COUNT]) : 0);
	print_text("  uplinks:");
	out_array_begin("uplinks");
	for (i = 0; i < c->uplinks.n; i++) {
		struct names *u = &c->uplinks.v[i];

		if (strcmp(u->sw, name))
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

		if (strcmp(pg->sw, name))
			continue;
		out_obj_begin();
		print_str("name", "  portgroup %-16s", pg->name);
		print_str("vlan", " vlan %-14s", pg->extra);
		print_text(" ports:");
		out_array_begin("ports");
		for (j = 0; j < c->ports.n; j++) {
			struct names *p = &c->ports.v[j];

			if (!strcmp(p->sw, name) && !strcmp(p->extra, pg->name))
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

/* portgroups collected for switch show also need their VLAN text */
static int collect_pg_cb(struct nlattr **tb, void *arg)
{
	struct collect *c = arg;

	if (collect_cb(tb, arg))
		return -1;
	vlan_text(tb, c->v[c->n - 1].extra, sizeof(c->v[0].extra));
	return 0;
}

int cmd_switch_show(int argc, char **argv)
{
	struct show_switch_ctx c = { 0 };
	const char *sw = argc > 0 ? argv[0] : NULL;
	int err;

	if (argc > 1)
		return usage_error("too many arguments after switch show NAME");
	err = dump(VSWITCH_CMD_UPLINK_GET, sw, NULL, collect_cb, &c.uplinks) ?:
	      dump(VSWITCH_CMD_PORTGROUP_GET, sw, NULL, collect_pg_cb, &c.pgs) ?:
	      dump(VSWITCH_CMD_PORT_GET, sw, NULL, collect_cb, &c.ports);
	if (!err) {
		out_list_begin();
		err = dump(VSWITCH_CMD_SWITCH_GET, sw, NULL, show_switch_cb, &c);
		out_list_end();
	}
	free(c.uplinks.v);
	free(c.pgs.v);
	free(c.ports.v);
	return err;
}

/* --- uplink ------------------------------------------------------------------ */

int cmd_uplink_add(int argc, char **argv)
{
	return expect_args(argc, 2, "SWITCH DEV") ?:
	       simple_request(VSWITCH_CMD_UPLINK_NEW, argv[0], NULL, argv[1]);
}

int cmd_uplink_del(int argc, char **argv)
{
	return expect_args(argc, 2, "SWITCH DEV") ?:
	       simple_request(VSWITCH_CMD_UPLINK_DEL, argv[0], NULL, argv[1]);
}

static int show_uplink_cb(struct nlattr **tb, void *arg)
{
	(void)arg;
	out_obj_begin();
	print_str("switch", "%-16s", str_attr(tb, VSWITCH_A_SWITCH_NAME));
	print_str("name", "%-16s", str_attr(tb, VSWITCH_A_IFNAME));
	print_str("state", "%-8s", NAME_OF(uplink_states,
		  tb[VSWITCH_A_UPLINK_STATE] ?
		  nla_get_u8(tb[VSWITCH_A_UPLINK_STATE]) : 0));
	print_bool("active", "%s\n", !!tb[VSWITCH_A_UPLINK_ACTIVE]);
	print_stats(tb[VSWITCH_A_STATS]);
	out_obj_end();
	return 0;
}

int cmd_uplink_show(int argc, char **argv)
{
	int err;

	if (argc > 1)
		return usage_error("too many arguments after uplink show SWITCH");
	print_text("%-16s%-16s%-8s%s\n", "SWITCH", "UPLINK", "STATE", "ACTIVE");
	out_list_begin();
	err = dump(VSWITCH_CMD_UPLINK_GET, argc ? argv[0] : NULL, NULL,
		   show_uplink_cb, NULL);
	out_list_end();
	return err;
}

/* --- portgroup ------------------------------------------------------------------ */

/* The index of @arg (or a prefix of it) in @names, or -1. */
static int parse_word(const char *arg, const char * const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && matches(arg, names[i]))
			return i;
	return -1;
}

/* "on"/"off" as 1/0 into @attr. */
static int put_onoff(struct nl_msg *msg, int attr, const char *what,
		     const char *arg)
{
	static const char * const onoff[] = { "off", "on" };
	int v = parse_word(arg, onoff, 2);

	if (v < 0)
		return usage_error("%s must be on or off, not '%s'", what, arg);
	return nla_put_u8(msg, attr, v) ? -EMSGSIZE : 0;
}

/* An uplink list DEV[,DEV...] as u32 ifindexes; "" for an empty one. */
static int put_uplink_list(struct nl_msg *msg, int attr, const char *what,
			   const char *arg)
{
	uint32_t v[VSWITCH_TEAM_LIST_MAX];
	char buf[VSWITCH_TEAM_LIST_MAX * IFNAMSIZ + 1], *tok, *save;
	int n = 0;

	if (strlen(arg) >= sizeof(buf))
		return usage_error("%s list too long", what);
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == VSWITCH_TEAM_LIST_MAX)
			return usage_error("at most %d uplinks in the %s list",
					   VSWITCH_TEAM_LIST_MAX, what);
		if (check_name("device name", tok, IFNAMSIZ - 1))
			return 2;
		v[n] = if_nametoindex(tok);
		if (!v[n]) {
			fprintf(stderr, "vswctl: no device %s\n", tok);
			return 1;
		}
		n++;
	}
	return nla_put(msg, attr, n * sizeof(uint32_t), v) ? -EMSGSIZE : 0;
}

static int parse_team_word(struct nl_msg *msg, const char *word,
			   const char *arg)
{
	int v;

	if (matches(word, "teaming")) {
		v = parse_word(arg, teaming_names, 4);
		if (v < 0)
			return usage_error("teaming must be portid, srcmac, iphash or failover, not '%s'",
					   arg);
		return nla_put_u8(msg, VSWITCH_A_PG_TEAMING, v) ? -EMSGSIZE : 0;
	}
	if (matches(word, "active")) {
		if (!strcmp(arg, "all"))	/* no lists: every uplink */
			return put_uplink_list(msg, VSWITCH_A_PG_ACTIVE, word, "") ?:
			       put_uplink_list(msg, VSWITCH_A_PG_STANDBY, word, "");
		return put_uplink_list(msg, VSWITCH_A_PG_ACTIVE, word, arg);
	}
	if (matches(word, "standby"))
		return put_uplink_list(msg, VSWITCH_A_PG_STANDBY, word,
				       strcmp(arg, "none") ? arg : "");
	if (matches(word, "notify"))
		return put_onoff(msg, VSWITCH_A_PG_NOTIFY, word, arg);
	if (!strcmp(word, "promisc"))
		return put_onoff(msg, VSWITCH_A_PG_PROMISC, word, arg);
	if (!strcmp(word, "forged-tx"))
		return put_onoff(msg, VSWITCH_A_PG_FORGED_TX, word, arg);
	if (!strcmp(word, "mac-changes"))
		return put_onoff(msg, VSWITCH_A_PG_MAC_CHANGES, word, arg);
	if (matches(word, "failback"))
		return put_onoff(msg, VSWITCH_A_PG_FAILBACK, word, arg);
	v = parse_word(arg, detect_names, 2);
	if (v < 0)
		return usage_error("detect must be link or beacon, not '%s'", arg);
	return nla_put_u8(msg, VSWITCH_A_PG_DETECT, v) ? -EMSGSIZE : 0;
}

/* "shaping off" or "shaping avg RATE peak RATE burst SIZE [dir D]";
 * *i is at "shaping" and ends at the last word used.
 */
static int parse_shaping(struct nl_msg *msg, int argc, char **argv, int *i)
{
	uint64_t avg = 0, peak = 0, burst = 0;
	int dir = VSWITCH_SHAPE_IN;

	NEXT_ARG(*i, argc, argv);
	if (!strcmp(argv[*i], "off"))
		return nla_put_u8(msg, VSWITCH_A_PG_SHAPE_DIR, 0) ? -EMSGSIZE : 0;
	for (; *i < argc; (*i)++) {
		const char *w = argv[*i];

		if (strcmp(w, "avg") && strcmp(w, "peak") && strcmp(w, "burst") &&
		    strcmp(w, "dir")) {
			(*i)--;		/* not ours: the next policy word */
			break;
		}
		NEXT_ARG(*i, argc, argv);
		if (!strcmp(w, "dir")) {
			dir = parse_word(argv[*i], shape_dirs, 4);
			if (dir <= 0)
				return usage_error("dir must be in, out or both, not '%s'",
						   argv[*i]);
		} else if (!strcmp(w, "burst")) {
			if (parse_size(argv[*i], &burst) ||
			    burst < VSWITCH_SHAPE_BURST_MIN ||
			    burst > VSWITCH_SHAPE_BURST_MAX)
				return usage_error("burst must be a size of %d bytes to 1g, like 64k, not '%s'",
						   VSWITCH_SHAPE_BURST_MIN, argv[*i]);
		} else if (parse_rate(argv[*i], w[0] == 'a' ? &avg : &peak)) {
			return usage_error("%s must be a rate like 100mbit (kbit, mbit, gbit), not '%s'",
					   w, argv[*i]);
		}
	}
	if (!avg || !peak || !burst)
		return usage_error("shaping needs avg RATE peak RATE burst SIZE, or off");
	if (nla_put_u8(msg, VSWITCH_A_PG_SHAPE_DIR, dir) ||
	    nla_put_u64(msg, VSWITCH_A_PG_SHAPE_AVG, avg) ||
	    nla_put_u64(msg, VSWITCH_A_PG_SHAPE_PEAK, peak) ||
	    nla_put_u32(msg, VSWITCH_A_PG_SHAPE_BURST, burst))
		return -EMSGSIZE;
	return 0;
}

static int parse_pg_policy(struct nl_msg *msg, int argc, char **argv)
{
	static const char * const team_words[] = {
		"teaming", "active", "standby", "notify", "failback", "detect",
		"promisc", "forged-tx", "mac-changes", NULL,
	};
	const char *tw;
	uint8_t bitmap[VSWITCH_VID_BITMAP_LEN];
	uint32_t v;
	int i;

	for (i = 0; i < argc; i++) {
		if (matches(argv[i], "vlan")) {
			NEXT_ARG(i, argc, argv);
			if (matches(argv[i], "none")) {
				if (nla_put_u8(msg, VSWITCH_A_PG_VLAN_MODE,
					       VSWITCH_VLAN_MODE_EST))
					return -EMSGSIZE;
			} else if (matches(argv[i], "trunk")) {
				if (nla_put_u8(msg, VSWITCH_A_PG_VLAN_MODE,
					       VSWITCH_VLAN_MODE_TRUNK))
					return -EMSGSIZE;
				if (i + 1 < argc && argv[i + 1][0] >= '0' &&
				    argv[i + 1][0] <= '9') {
					i++;
					if (parse_vid_list(argv[i], bitmap))
						return usage_error("bad VID list '%s': use VIDs 1-4094 and ranges, e.g. 10,20-29",
								   argv[i]);
					if (nla_put(msg, VSWITCH_A_PG_TRUNK_VIDS,
						    sizeof(bitmap), bitmap))
						return -EMSGSIZE;
				}
			} else if (!strcmp(argv[i], "4095") || !strcmp(argv[i], "0")) {
				return usage_error("VLAN %s is not an access VLAN: use 'vlan trunk' (ESX VGT, 4095) or 'vlan none' (EST, 0)",
						   argv[i]);
			} else {
				if (parse_u32(argv[i], 1, VSWITCH_VID_MAX, &v))
					return usage_error("vlan must be none, 1-4094 or trunk [LIST], not '%s'",
							   argv[i]);
				if (nla_put_u8(msg, VSWITCH_A_PG_VLAN_MODE,
					       VSWITCH_VLAN_MODE_VST) ||
				    nla_put_u16(msg, VSWITCH_A_PG_VLAN_ID, v))
					return -EMSGSIZE;
			}
		} else if (matches(argv[i], "pcp")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 0, 7, &v))
				return usage_error("pcp must be 0-7, not '%s'",
						   argv[i]);
			if (nla_put_u8(msg, VSWITCH_A_PG_PCP, v))
				return -EMSGSIZE;
		} else if ((tw = find_word(argv[i], team_words))) {
			int err;

			NEXT_ARG(i, argc, argv);
			err = parse_team_word(msg, tw, argv[i]);
			if (err)
				return err;
		} else if (!strcmp(argv[i], "shaping")) {
			int err = parse_shaping(msg, argc, argv, &i);

			if (err)
				return err;
		} else {
			return usage_error("unknown portgroup policy '%s'", argv[i]);
		}
	}
	return 0;
}

static int pg_change(uint8_t cmd, int argc, char **argv)
{
	struct nl_msg *msg;
	int err;

	if (argc < 2)
		return usage_error("missing arguments: SWITCH PG");
	if (cmd == VSWITCH_CMD_PORTGROUP_SET && argc < 3)
		return usage_error("nothing to change: give a POLICY");
	msg = vsw_msg(cmd, 0);
	if (!msg)
		return -1;
	err = put_switch(msg, argv[0]) ?: put_pg(msg, argv[1]) ?:
	      parse_pg_policy(msg, argc - 2, argv + 2);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return vsw_request(msg, NULL, NULL);
}

int cmd_pg_add(int argc, char **argv)
{
	return pg_change(VSWITCH_CMD_PORTGROUP_NEW, argc, argv);
}

int cmd_pg_set(int argc, char **argv)
{
	return pg_change(VSWITCH_CMD_PORTGROUP_SET, argc, argv);
}

int cmd_pg_del(int argc, char **argv)
{
	return expect_args(argc, 2, "SWITCH PG") ?:
	       simple_request(VSWITCH_CMD_PORTGROUP_DEL, argv[0], argv[1], NULL);
}

/* An ifindex list attribute as a JSON array and " a,b" in text. */
static void print_uplink_list(const char *key, const char *label,
			      const struct nlattr *nla)
{
	const uint32_t *v = nla_data(nla);
	int i, n = nla_len(nla) / sizeof(uint32_t);
	char name[IF_NAMESIZE];

	print_text("  %s ", label);
	out_array_begin(key);
	for (i = 0; i < n; i++) {
		if (!if_indextoname(v[i], name))
			snprintf(name, sizeof(name), "#%u", v[i]);
		print_str(NULL, i ? ",%s" : "%s", name);
	}
	out_array_end();
	if (!n)
		print_text("none");
}

static void print_shaping(struct nlattr **tb)
{
	uint8_t dir = u8_attr(tb, VSWITCH_A_PG_SHAPE_DIR);
	char buf[32];

	print_str("shaping", "  shaping %s", NAME_OF(shape_dirs, dir));
	if (!dir || !tb[VSWITCH_A_PG_SHAPE_AVG] || !tb[VSWITCH_A_PG_SHAPE_PEAK] ||
	    !tb[VSWITCH_A_PG_SHAPE_BURST])
		return;
	format_rate(nla_get_u64(tb[VSWITCH_A_PG_SHAPE_AVG]), buf, sizeof(buf));
	print_text(" avg %s", buf);
	format_rate(nla_get_u64(tb[VSWITCH_A_PG_SHAPE_PEAK]), buf, sizeof(buf));
	print_text(" peak %s", buf);
	format_size(nla_get_u32(tb[VSWITCH_A_PG_SHAPE_BURST]), buf, sizeof(buf));
	print_text(" burst %s", buf);
	print_u64("shaping_avg", NULL, nla_get_u64(tb[VSWITCH_A_PG_SHAPE_AVG]));
	print_u64("shaping_peak", NULL, nla_get_u64(tb[VSWITCH_A_PG_SHAPE_PEAK]));
	print_u64("shaping_burst", NULL, nla_get_u32(tb[VSWITCH_A_PG_SHAPE_BURST]));
}

/* The second line of a portgroup: its security policy and teaming. */
static void print_teaming(struct nlattr **tb)
{
	print_bool("promisc", "    promisc %s", u8_attr(tb, VSWITCH_A_PG_PROMISC));
	print_bool("forged_tx", "  forged-tx %s",
		   u8_attr(tb, VSWITCH_A_PG_FORGED_TX));
	print_bool("mac_changes", "  mac-changes %s",
		   u8_attr(tb, VSWITCH_A_PG_MAC_CHANGES));
	print_shaping(tb);
	print_text("\n");
	print_str("teaming", "    teaming %s",
		  NAME_OF(teaming_names, u8_attr(tb, VSWITCH_A_PG_TEAMING)));
	if (tb[VSWITCH_A_PG_ACTIVE]) {
		print_uplink_list("active", "active", tb[VSWITCH_A_PG_ACTIVE]);
		print_uplink_list("standby", "standby", tb[VSWITCH_A_PG_STANDBY]);
	} else {
		print_str("active", "  active %s", "all");
	}
	print_bool("notify", "  notify %s", u8_attr(tb, VSWITCH_A_PG_NOTIFY));
	print_bool("failback", "  failback %s",
		   u8_attr(tb, VSWITCH_A_PG_FAILBACK));
	print_str("detect", "  detect %s",
		  NAME_OF(detect_names, u8_attr(tb, VSWITCH_A_PG_DETECT)));
	if (tb[VSWITCH_A_PG_UPLINKS])
		print_uplink_list("uplinks", "using", tb[VSWITCH_A_PG_UPLINKS]);
	print_text("\n");
}

static int show_pg_cb(struct nlattr **tb, void *arg)
{
	(void)arg;
	out_obj_begin();
	print_str("switch", "%-16s", str_attr(tb, VSWITCH_A_SWITCH_NAME));
	print_str("name", "%-20s", str_attr(tb, VSWITCH_A_PG_NAME));
	print_vlan(tb);
	print_text("%-4u", u8_attr(tb, VSWITCH_A_PG_PCP));
	print_u64("ports", "%llu\n", tb[VSWITCH_A_PG_N_PORTS] ?
		  nla_get_u32(tb[VSWITCH_A_PG_N_PORTS]) : 0);
	print_teaming(tb);
	out_obj_end();
	return 0;
}

int cmd_pg_show(int argc, char **argv)
{
	struct nl_msg *msg;
	int err;

	if (argc > 2)
		return usage_error("too many arguments after portgroup show SWITCH PG");
	print_text("%-16s%-20s%-18s%-4s%s\n", "SWITCH", "PORTGROUP", "VLAN",
		   "PCP", "PORTS");
	out_list_begin();
	if (argc == 2) {
		msg = vsw_msg(VSWITCH_CMD_PORTGROUP_GET, 0);
		if (!msg)
			return -1;
		err = put_switch(msg, argv[0]) ?: put_pg(msg, argv[1]);
		if (err)
			nlmsg_free(msg);
		else
			err = vsw_request(msg, show_pg_cb, NULL);
	} else {
		err = dump(VSWITCH_CMD_PORTGROUP_GET, argc ? argv[0] : NULL,
			   NULL, show_pg_cb, NULL);
	}
	out_list_end();
	return err;
}

/* --- port ------------------------------------------------------------------------ */

static int parse_port_opts(struct nl_msg *msg, int argc, char **argv,
			   bool is_set)
{
	uint8_t mac[6];
	int i;

	for (i = 0; i < argc; i++) {
		if (matches(argv[i], "mac")) {
			NEXT_ARG(i, argc, argv);
			if (is_set && !strcmp(argv[i], "none"))
				memset(mac, 0, sizeof(mac));
			else if (parse_mac(argv[i], mac) || (mac[0] & 1) ||
				 !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
				return usage_error("mac must be a unicast address like 52:54:00:12:34:56, not '%s'",
						   argv[i]);
			if (nla_put(msg, VSWITCH_A_PORT_MAC, 6, mac))
				return -EMSGSIZE;
		} else if (is_set && matches(argv[i], "portgroup")) {
			NEXT_ARG(i, argc, argv);
			if (put_pg(msg, argv[i]))
				return 2;
		} else if (!strcmp(argv[i], "max-macs")) {
			uint32_t v;

			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 0, VSWITCH_MAX_MACS_MAX, &v))
				return usage_error("max-macs must be 0-%d (0: no limit), not '%s'",
						   VSWITCH_MAX_MACS_MAX, argv[i]);
			if (nla_put_u32(msg, VSWITCH_A_PORT_MAX_MACS, v))
				return -EMSGSIZE;
		} else if (!is_set && !strcmp(argv[i], "internal")) {
			/* the switch creates netdev NAME for the host */
			if (nla_put_u8(msg, VSWITCH_A_PORT_KIND,
				       VSWITCH_PORT_KIND_INTERNAL))
				return -EMSGSIZE;
		} else {
			return usage_error("unknown port argument '%s'", argv[i]);
		}
	}
	return 0;
}

int cmd_port_add(int argc, char **argv)
{
	struct nl_msg *msg;
	int err;

	if (argc < 3)
		return usage_error("missing arguments: SWITCH PG DEV");
	msg = vsw_msg(VSWITCH_CMD_PORT_NEW, 0);
	if (!msg)
		return -1;
	err = put_switch(msg, argv[0]) ?: put_pg(msg, argv[1]) ?:
	      put_dev(msg, argv[2]) ?:
	      parse_port_opts(msg, argc - 3, argv + 3, false);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return vsw_request(msg, NULL, NULL);
}

int cmd_port_set(int argc, char **argv)
{
	struct nl_msg *msg;
	int err;

	if (argc < 1)
		return usage_error("missing argument: DEV");
	if (argc < 2)
		return usage_error("nothing to change: give portgroup PG, mac MAC or max-macs N");
	msg = vsw_msg(VSWITCH_CMD_PORT_SET, 0);
	if (!msg)
		return -1;
	err = put_dev(msg, argv[0]) ?:
	      parse_port_opts(msg, argc - 1, argv + 1, true);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return vsw_request(msg, NULL, NULL);
}

int cmd_port_del(int argc, char **argv)
{
	return expect_args(argc, 1, "DEV") ?:
	       simple_request(VSWITCH_CMD_PORT_DEL, NULL, NULL, argv[0]);
}

static void mac_str(const uint8_t *m, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
		m[4], m[5]);
}

static int show_port_cb(struct nlattr **tb, void *arg)
{
	char mac[18] = "-";
	uint32_t max_macs;

	(void)arg;
	if (tb[VSWITCH_A_PORT_MAC])
		mac_str(nla_data(tb[VSWITCH_A_PORT_MAC]), mac);
	out_obj_begin();
	print_str("switch", "%-16s", str_attr(tb, VSWITCH_A_SWITCH_NAME));
	print_str("portgroup", "%-20s", str_attr(tb, VSWITCH_A_PG_NAME));
	print_str("name", "%-16s", str_attr(tb, VSWITCH_A_IFNAME));
	print_u64("id", "%-5llu", tb[VSWITCH_A_PORT_ID] ?
		  nla_get_u32(tb[VSWITCH_A_PORT_ID]) : 0);
	print_str("kind", "%-9s", tb[VSWITCH_A_PORT_KIND] &&
		  nla_get_u8(tb[VSWITCH_A_PORT_KIND]) ==
		  VSWITCH_PORT_KIND_INTERNAL ? "internal" : "vm");
	print_str("mac", "%-18s", mac);
	print_u64("macs", "%-6llu", tb[VSWITCH_A_PORT_N_MACS] ?
		  nla_get_u32(tb[VSWITCH_A_PORT_N_MACS]) : 0);
	max_macs = tb[VSWITCH_A_PORT_MAX_MACS] ?
		   nla_get_u32(tb[VSWITCH_A_PORT_MAX_MACS]) : 0;
	print_u64("max_macs", max_macs ? "%-9llu" : NULL, max_macs);
	if (!max_macs)
		print_text("%-9s", "-");	/* no limit */
	print_str("uplink", "%s\n", tb[VSWITCH_A_PORT_UPLINK] ?
		  str_attr(tb, VSWITCH_A_PORT_UPLINK) : "-");
	print_stats(tb[VSWITCH_A_STATS]);
	out_obj_end();
	return 0;
}

int cmd_port_show(int argc, char **argv)
{
	int err;

	if (argc > 1)
		return usage_error("too many arguments after port show SWITCH");
	print_text("%-16s%-20s%-16s%-5s%-9s%-18s%-6s%-9s%s\n", "SWITCH",
		   "PORTGROUP", "PORT", "ID", "KIND", "MAC", "MACS", "MAX-MACS",
		   "UPLINK");
	out_list_begin();
	err = dump(VSWITCH_CMD_PORT_GET, argc ? argv[0] : NULL, NULL,
		   show_port_cb, NULL);
	out_list_end();
	return err;
}

/* --- fdb ---------------------------------------------------------------------------- */

static int show_fdb_cb(struct nlattr **tb, void *arg)
{
	char mac[18] = "";
	bool is_static = tb[VSWITCH_A_FDB_STATIC];

	(void)arg;
	if (tb[VSWITCH_A_FDB_MAC])
		mac_str(nla_data(tb[VSWITCH_A_FDB_MAC]), mac);
	out_obj_begin();
	print_u64("vlan", "%-6llu", tb[VSWITCH_A_FDB_VID] ?
		  nla_get_u16(tb[VSWITCH_A_FDB_VID]) : 0);
	print_str("mac", "%-19s", mac);
	print_str("port", "%-16s", str_attr(tb, VSWITCH_A_IFNAME));
	print_str("type", "%-8s", is_static ? "static" : "learned");
	if (is_static)
		print_text("-\n");
	else
		print_u64("age", "%llus\n", tb[VSWITCH_A_FDB_AGE_MS] ?
			  nla_get_u32(tb[VSWITCH_A_FDB_AGE_MS]) / 1000 : 0);
	out_obj_end();
	return 0;
}

int cmd_fdb_show(int argc, char **argv)
{
	struct nl_msg *msg;
	uint32_t vid;
	int i, err;

	if (argc < 1)
		return usage_error("missing argument: SWITCH");
	msg = vsw_msg(VSWITCH_CMD_FDB_GET, NLM_F_DUMP);
	if (!msg)
		return -1;
	err = put_switch(msg, argv[0]);
	for (i = 1; !err && i < argc; i++) {
		if (matches(argv[i], "vlan")) {
			if (++i >= argc)
				err = usage_error("'vlan' needs a value");
			else if (parse_u32(argv[i], 0, VSWITCH_VID_MAX, &vid))
				err = usage_error("vlan must be 0-4094, not '%s'",
						  argv[i]);
			else if (nla_put_u16(msg, VSWITCH_A_FDB_VID, vid))
				err = -EMSGSIZE;
		} else if (matches(argv[i], "port")) {
			if (++i >= argc)
				err = usage_error("'port' needs a value");
			else
				err = put_dev(msg, argv[i]);
		} else {
			err = usage_error("unknown fdb argument '%s'", argv[i]);
		}
	}
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	print_text("%-6s%-19s%-16s%-8s%s\n", "VLAN", "MAC", "PORT", "TYPE", "AGE");
	out_list_begin();
	err = vsw_request(msg, show_fdb_cb, NULL);
	out_list_end();
	return err;
}

/* --- monitor, save, apply --------------------------------------------------------------- */

static const char * const event_names[VSWITCH_CMD_MAX + 1] = {
	[VSWITCH_CMD_SWITCH_NEW] = "switch add",
	[VSWITCH_CMD_SWITCH_SET] = "switch set",
	[VSWITCH_CMD_SWITCH_DEL] = "switch del",
	[VSWITCH_CMD_UPLINK_NEW] = "uplink add",
	[VSWITCH_CMD_UPLINK_DEL] = "uplink del",
	[VSWITCH_CMD_UPLINK_CHANGE] = "uplink change",
	[VSWITCH_CMD_PORTGROUP_NEW] = "portgroup add",
	[VSWITCH_CMD_PORTGROUP_SET] = "portgroup set",
	[VSWITCH_CMD_PORTGROUP_DEL] = "portgroup del",
	[VSWITCH_CMD_PORT_NEW] = "port add",
	[VSWITCH_CMD_PORT_SET] = "port set",
	[VSWITCH_CMD_PORT_DEL] = "port del",
};

/* One line per event: what happened and the object's main state (-j:
 * one JSON object per line, with every attribute the kernel sent).
 */
static int monitor_cb(struct nlattr **tb, void *arg)
{
	const char *ev = vsw_reply_cmd <= VSWITCH_CMD_MAX ?
			 event_names[vsw_reply_cmd] : NULL;
	char buf[2100];

	(void)arg;
	out_obj_begin();
	print_str("event", "%s", ev ?: "unknown");
	print_str("switch", " switch %s", str_attr(tb, VSWITCH_A_SWITCH_NAME));
	if (tb[VSWITCH_A_SWITCH_MTU])
		print_u64("mtu", " mtu %llu", nla_get_u32(tb[VSWITCH_A_SWITCH_MTU]));
	if (tb[VSWITCH_A_PG_NAME])
		print_str("portgroup", " portgroup %s",
			  str_attr(tb, VSWITCH_A_PG_NAME));
	if (tb[VSWITCH_A_IFNAME])
		print_str("dev", " dev %s", str_attr(tb, VSWITCH_A_IFNAME));
	if (tb[VSWITCH_A_PG_VLAN_MODE]) {
		vlan_text(tb, buf, sizeof(buf));
		print_str("vlan", " vlan %s", buf);
		print_str("teaming", " teaming %s",
			  NAME_OF(teaming_names, u8_attr(tb, VSWITCH_A_PG_TEAMING)));
	}
	if (tb[VSWITCH_A_UPLINK_STATE]) {
		print_str("state", " state %s",
			  NAME_OF(uplink_states,
				  nla_get_u8(tb[VSWITCH_A_UPLINK_STATE])));
		print_bool("active", " active %s", !!tb[VSWITCH_A_UPLINK_ACTIVE]);
	}
	if (tb[VSWITCH_A_PORT_ID])
		print_str("uplink", " uplink %s", tb[VSWITCH_A_PORT_UPLINK] ?
			  str_attr(tb, VSWITCH_A_PORT_UPLINK) : "-");
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
