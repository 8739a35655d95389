// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl portgroup add|set|del|show: the portgroup's policy words.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include "vswctl.h"

static const char *find_word(const char *arg, const char * const *words)
{
	for (; *words; words++)
		if (!strcmp(arg, *words))
			return *words;
	return NULL;
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
	if (!strcmp(word, "learning"))
		return put_onoff(msg, VSWITCH_A_PG_LEARNING, word, arg);
	if (!strcmp(word, "ipfix"))
		return put_onoff(msg, VSWITCH_A_PG_IPFIX, word, arg);
	if (!strcmp(word, "unknown-flood"))
		return put_onoff(msg, VSWITCH_A_PG_UNKNOWN_FLOOD, word, arg);
	if (!strcmp(word, "limit")) {
		uint32_t n;

		if (parse_u32(arg, 1, VSWITCH_MAX_MACS_MAX, &n))
			return usage_error("limit must be 1-%d MACs, not '%s'",
					   VSWITCH_MAX_MACS_MAX, arg);
		return nla_put_u32(msg, VSWITCH_A_PG_LEARN_LIMIT, n) ? -EMSGSIZE : 0;
	}
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
		"promisc", "forged-tx", "mac-changes", "learning", "limit",
		"unknown-flood", "ipfix", NULL,
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
		} else if (!strcmp(argv[i], "pvlan")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 1, VSWITCH_VID_MAX, &v))
				return usage_error("pvlan must be the VID of a private VLAN entry, 1-4094, not '%s'",
						   argv[i]);
			if (nla_put_u8(msg, VSWITCH_A_PG_VLAN_MODE,
				       VSWITCH_VLAN_MODE_PVLAN) ||
			    nla_put_u16(msg, VSWITCH_A_PG_VLAN_ID, v))
				return -EMSGSIZE;
		} else if (!strcmp(argv[i], "vxlan")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 1, VSWITCH_VNI_MAX, &v))
				return usage_error("vxlan must be a VNI, 1-%d, not '%s'",
						   VSWITCH_VNI_MAX, argv[i]);
			if (nla_put_u8(msg, VSWITCH_A_PG_VLAN_MODE,
				       VSWITCH_VLAN_MODE_VXLAN) ||
			    nla_put_u32(msg, VSWITCH_A_PG_VXLAN_VNI, v))
				return -EMSGSIZE;
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
		} else if (!strcmp(argv[i], "bpdu-guard")) {
			int g;

			NEXT_ARG(i, argc, argv);
			g = parse_word(argv[i], bpdu_guard_names, 2);
			if (g < 0)
				return usage_error("bpdu-guard must be drop or block, not '%s'",
						   argv[i]);
			if (nla_put_u8(msg, VSWITCH_A_PG_BPDU_GUARD, g))
				return -EMSGSIZE;
		} else if (!strcmp(argv[i], "nioc-shares")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 1, VSWITCH_NIOC_SHARES_MAX, &v))
				return usage_error("nioc-shares must be 1-%d, not '%s'",
						   VSWITCH_NIOC_SHARES_MAX, argv[i]);
			if (nla_put_u32(msg, VSWITCH_A_PG_NIOC_SHARES, v))
				return -EMSGSIZE;
		} else if (!strcmp(argv[i], "nioc-reservation") ||
			   !strcmp(argv[i], "nioc-limit")) {
			int attr = argv[i][5] == 'r' ? VSWITCH_A_PG_NIOC_RESERVATION :
						       VSWITCH_A_PG_NIOC_LIMIT;
			uint64_t rate = 0;

			NEXT_ARG(i, argc, argv);
			if (strcmp(argv[i], "none") && parse_rate(argv[i], &rate))
				return usage_error("%s must be none or a RATE of at least 8kbit, not '%s'",
						   argv[i - 1], argv[i]);
			if (nla_put_u64(msg, attr, rate))
				return -EMSGSIZE;
		} else {
			return usage_error("unknown portgroup policy '%s'", argv[i]);
		}
	}
	return 0;
}

int fill_pg_add(struct nl_msg *msg, int argc, char **argv)
{
	if (argc < 2)
		return usage_error("missing arguments: SWITCH PG");
	return put_switch(msg, argv[0]) ?: put_pg(msg, argv[1]) ?:
	       parse_pg_policy(msg, argc - 2, argv + 2);
}

int fill_pg_set(struct nl_msg *msg, int argc, char **argv)
{
	if (argc == 2)
		return usage_error("nothing to change: give a POLICY");
	return fill_pg_add(msg, argc, argv);
}

int fill_pg_del(struct nl_msg *msg, int argc, char **argv)
{
	return expect_args(argc, 2, "SWITCH PG") ?:
	       put_switch(msg, argv[0]) ?: put_pg(msg, argv[1]);
}

/* An ifindex list attribute as a JSON array and " a,b" in text. */
static void print_uplink_list(const char *key, const char *label,
			      const struct nlattr *nla)
{
	int i, n = ifindex_list_len(nla);
	char name[IF_NAMESIZE];

	print_text("  %s ", label);
	out_array_begin(key);
	for (i = 0; i < n; i++)
		print_str(NULL, i ? ",%s" : "%s",
			  ifindex_list_name(nla, i, name));
	out_array_end();
	if (!n)
		print_text("none");
}

static void print_shaping(const struct pg_info *pg)
{
	char buf[32];

	print_str("shaping", "  shaping %s", pg->shaping);
	if (!pg->has_profile)
		return;
	format_rate(pg->shape_avg, buf, sizeof(buf));
	print_text(" avg %s", buf);
	format_rate(pg->shape_peak, buf, sizeof(buf));
	print_text(" peak %s", buf);
	format_size(pg->shape_burst, buf, sizeof(buf));
	print_text(" burst %s", buf);
	print_u64("shaping_avg", NULL, pg->shape_avg);
	print_u64("shaping_peak", NULL, pg->shape_peak);
	print_u64("shaping_burst", NULL, pg->shape_burst);
}

/* The second line of a portgroup: its security policy and teaming. */
static void print_teaming(const struct pg_info *pg)
{
	print_bool("promisc", "    promisc %s", pg->promisc);
	print_bool("forged_tx", "  forged-tx %s", pg->forged_tx);
	print_bool("mac_changes", "  mac-changes %s", pg->mac_changes);
	print_str("bpdu_guard", "  bpdu-guard %s", pg->bpdu_guard);
	print_bool("ipfix", pg->ipfix ? "  ipfix %s" : NULL, pg->ipfix);
	print_bool("learning", "  learning %s", pg->learning);
	if (pg->learning || opt_json) {
		print_u64("learn_limit", " limit %llu", pg->learn_limit);
		print_bool("unknown_flood", " unknown-flood %s",
			   pg->unknown_flood);
	}
	print_shaping(pg);
	print_text("\n");
	print_str("teaming", "    teaming %s", pg->teaming);
	if (pg->active) {
		print_uplink_list("active", "active", pg->active);
		if (pg->standby)
			print_uplink_list("standby", "standby", pg->standby);
		else
			print_str("standby", "  standby %s", "none");
	} else {
		print_str("active", "  active %s", "all");
	}
	print_bool("notify", "  notify %s", pg->notify);
	print_bool("failback", "  failback %s", pg->failback);
	print_str("detect", "  detect %s", pg->detect);
	if (pg->uplinks)
		print_uplink_list("uplinks", "using", pg->uplinks);
	print_text("\n");
}

static int show_pg(struct nlattr **tb, void *arg)
{
	static struct pg_info pg;	/* its VID list is long */

	(void)arg;
	decode_pg(tb, &pg);
	out_obj_begin();
	print_str("switch", "%-16s", pg.sw);
	print_str("name", "%-20s", pg.name);
	print_text("%-18s", pg.vlan);
	print_str("vlan_mode", NULL, NAME_OF(vlan_modes, pg.vlan_mode));
	if ((pg.vlan_mode == VSWITCH_VLAN_MODE_VST ||
	     pg.vlan_mode == VSWITCH_VLAN_MODE_PVLAN) && pg.vid)
		print_u64("vlan", NULL, pg.vid);
	if (pg.vlan_mode == VSWITCH_VLAN_MODE_PVLAN) {
		print_u64("pvlan_primary", NULL, pg.pvlan_primary);
		print_str("pvlan_type", NULL, pg.pvlan_type);
	}
	if (pg.vlan_mode == VSWITCH_VLAN_MODE_TRUNK && pg.trunk[0])
		print_str("trunk", NULL, pg.trunk);
	if (pg.vlan_mode == VSWITCH_VLAN_MODE_VXLAN)
		print_u64("vxlan", NULL, pg.vni);
	print_u64("pcp", NULL, pg.pcp);
	print_text("%-4u", pg.pcp);
	print_u64("ports", "%llu\n", pg.n_ports);
	print_teaming(&pg);
	out_obj_end();
	return 0;
}

/* portgroup show [SWITCH [PG]]: one portgroup is a GET (an unknown one is
 * an error), the rest a dump
 */
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
			err = vsw_request(msg, show_pg, NULL);
	} else {
		err = vsw_dump(VSWITCH_CMD_PORTGROUP_GET, argc ? argv[0] : NULL,
			       show_pg, NULL);
	}
	out_list_end();
	return err;
}
