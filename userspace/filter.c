// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl filter add|del|show: a portgroup's traffic filtering and marking
 * rules (vDS "Traffic filtering and marking").  A rule is written the same
 * way everywhere: on the command line, in show, and (as a JSON object of
 * the same words) in save and apply.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include "vswctl.h"

const char * const filter_actions[4] = {
	[VSWITCH_FILTER_ACTION_ALLOW] = "allow",
	[VSWITCH_FILTER_ACTION_DROP] = "drop",
	[VSWITCH_FILTER_ACTION_DSCP] = "dscp",
	[VSWITCH_FILTER_ACTION_PCP] = "pcp",
};

static const char * const dirs[4] = { NULL, "in", "out", "both" };

struct name_num {
	const char *name;
	int num;
};

static const struct name_num protos[] = {
	{ "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "gre", 47 },
	{ "esp", 50 }, { "ah", 51 }, { "icmpv6", 58 }, { "sctp", 132 },
	{ "udplite", 136 }, { NULL, 0 }
};

static const struct name_num ethertypes[] = {
	{ "ipv4", 0x0800 }, { "arp", 0x0806 }, { "ipv6", 0x86dd }, { NULL, 0 }
};

/* A field written by name or by number: the IP protocol (u8, decimal),
 * the EtherType (u16, hex)
 */
struct named_field {
	const char *what, *help;
	const struct name_num *names;
	int attr;
	bool hex;			/* u16 written 0xNNNN, else u8 */
	uint32_t min, max;
};

static const struct named_field proto_field = {
	"proto", "tcp, udp, icmp, icmpv6, sctp, ... or 0-255", protos,
	VSWITCH_A_FILTER_PROTO, false, 0, 255,
};

static const struct named_field ethertype_field = {
	"ethertype", "ipv4, ipv6, arp or 0x0600-0xffff", ethertypes,
	VSWITCH_A_FILTER_ETHERTYPE, true, 0x600, 0xffff,
};

/* the words of a rule, in their order; each takes a value */
const char * const filter_words[FILTER_WORDS] = {
	"dir", "src-mac", "dst-mac", "ethertype", "src-ip", "dst-ip", "proto",
	"src-port", "dst-port", "action",
};

static int put_prefix(struct nl_msg *msg, int attr, int plen_attr,
		      const char *arg)
{
	char addr[INET6_ADDRSTRLEN];
	unsigned char buf[16];
	const char *slash = strchr(arg, '/');
	size_t len = slash ? (size_t)(slash - arg) : strlen(arg);
	uint32_t plen;
	int alen;

	if (len >= sizeof(addr))
		goto bad;
	memcpy(addr, arg, len);
	addr[len] = '\0';
	alen = parse_ip(addr, buf);
	if (!alen)
		goto bad;
	if (slash && parse_u32(slash + 1, 0, alen * 8, &plen))
		goto bad;
	if (nla_put(msg, attr, alen, buf) ||
	    (slash && nla_put_u8(msg, plen_attr, plen)))
		return -EMSGSIZE;
	return 0;
bad:
	return usage_error("'%s' is no IPv4 or IPv6 address or prefix (ADDR[/LEN])",
			   arg);
}

static int put_ports(struct nl_msg *msg, int min_attr, int max_attr,
		     const char *arg)
{
	const char *dash = strchr(arg, '-');
	char first[8];
	uint32_t lo, hi;

	if (!dash)
		dash = arg + strlen(arg);
	if ((size_t)(dash - arg) >= sizeof(first))
		goto bad;
	memcpy(first, arg, dash - arg);
	first[dash - arg] = '\0';
	if (parse_u32(first, 0, 65535, &lo))
		goto bad;
	hi = lo;
	if (*dash && parse_u32(dash + 1, 0, 65535, &hi))
		goto bad;
	if (hi < lo)
		return usage_error("port range '%s' ends before it starts", arg);
	if (nla_put_u16(msg, min_attr, lo) || nla_put_u16(msg, max_attr, hi))
		return -EMSGSIZE;
	return 0;
bad:
	return usage_error("'%s' is no port or port range (N or N-M, 0-65535)", arg);
}

static int put_named(struct nl_msg *msg, const struct named_field *nf,
		     const char *arg)
{
	const struct name_num *n;
	uint32_t v;
	char *end;

	for (n = nf->names; n->name && strcmp(arg, n->name); n++)
		;
	if (n->name) {
		v = n->num;
	} else if (nf->hex && !strncmp(arg, "0x", 2) &&
		   isxdigit((unsigned char)arg[2])) {
		errno = 0;
		v = strtoul(arg + 2, &end, 16);
		if (errno || *end || v < nf->min || v > nf->max)
			return usage_error("%s must be %s, not '%s'", nf->what,
					   nf->help, arg);
	} else if (parse_u32(arg, nf->min, nf->max, &v)) {
		return usage_error("%s must be %s, not '%s'", nf->what, nf->help,
				   arg);
	}
	if (nf->hex)
		return nla_put_u16(msg, nf->attr, v) ? -EMSGSIZE : 0;
	return nla_put_u8(msg, nf->attr, v) ? -EMSGSIZE : 0;
}

/* The words of a rule (after SWITCH PG), into @msg */
int put_filter_rule(struct nl_msg *msg, int argc, char **argv)
{
	uint8_t mac[6];
	uint32_t v;
	int i, w, err = 0, action = -1;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "index")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 1, VSWITCH_FILTER_MAX, &v))
				return usage_error("index must be 1-%d, not '%s'",
						   VSWITCH_FILTER_MAX, argv[i]);
			if (nla_put_u32(msg, VSWITCH_A_FILTER_INDEX, v))
				return -EMSGSIZE;
			continue;
		}
		w = parse_word(argv[i], filter_words, FILTER_WORDS);
		if (w < 0)
			return usage_error("unknown filter word '%s'", argv[i]);
		NEXT_ARG(i, argc, argv);
		switch (w) {
		case 0:	/* dir */
			v = parse_word(argv[i], dirs, 4);
			if ((int)v < 1)
				return usage_error("dir is in, out or both, not '%s'",
						   argv[i]);
			err = nla_put_u8(msg, VSWITCH_A_FILTER_DIR, v) ? -EMSGSIZE : 0;
			break;
		case 1:	/* src-mac */
		case 2:	/* dst-mac */
			if (parse_mac(argv[i], mac))
				return usage_error("'%s' is no MAC address", argv[i]);
			err = nla_put(msg, w == 1 ? VSWITCH_A_FILTER_SRC_MAC :
				      VSWITCH_A_FILTER_DST_MAC, 6, mac) ?
			      -EMSGSIZE : 0;
			break;
		case 3:
			err = put_named(msg, &ethertype_field, argv[i]);
			break;
		case 4:
			err = put_prefix(msg, VSWITCH_A_FILTER_SRC_IP,
					 VSWITCH_A_FILTER_SRC_PLEN, argv[i]);
			break;
		case 5:
			err = put_prefix(msg, VSWITCH_A_FILTER_DST_IP,
					 VSWITCH_A_FILTER_DST_PLEN, argv[i]);
			break;
		case 6:
			err = put_named(msg, &proto_field, argv[i]);
			break;
		case 7:
			err = put_ports(msg, VSWITCH_A_FILTER_SRC_PORT_MIN,
					VSWITCH_A_FILTER_SRC_PORT_MAX, argv[i]);
			break;
		case 8:
			err = put_ports(msg, VSWITCH_A_FILTER_DST_PORT_MIN,
					VSWITCH_A_FILTER_DST_PORT_MAX, argv[i]);
			break;
		case 9:	/* action allow|drop|dscp N|pcp N */
			action = parse_word(argv[i], filter_actions, 4);
			if (action < 0)
				return usage_error("action is allow, drop, dscp N or pcp N, not '%s'",
						   argv[i]);
			err = nla_put_u8(msg, VSWITCH_A_FILTER_ACTION, action) ?
			      -EMSGSIZE : 0;
			if (err || action == VSWITCH_FILTER_ACTION_ALLOW ||
			    action == VSWITCH_FILTER_ACTION_DROP)
				break;
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 0,
				      action == VSWITCH_FILTER_ACTION_DSCP ? 63 : 7, &v))
				return usage_error("%s must be %s, not '%s'",
						   filter_actions[action],
						   action == VSWITCH_FILTER_ACTION_DSCP ?
						   "0-63" : "0-7", argv[i]);
			err = nla_put_u8(msg, VSWITCH_A_FILTER_VALUE, v) ?
			      -EMSGSIZE : 0;
			break;
		}
		if (err)
			return err;
	}
	if (action < 0)
		return usage_error("a rule needs an action: allow, drop, dscp N or pcp N");
	return 0;
}

/* filter add SWITCH PG [index N] RULE... */
int fill_filter_add(struct nl_msg *msg, int argc, char **argv)
{
	if (argc < 2)
		return usage_error("missing arguments: SWITCH PG");
	return put_switch(msg, argv[0]) ?: put_pg(msg, argv[1]) ?:
	       put_filter_rule(msg, argc - 2, argv + 2);
}

/* filter del SWITCH PG INDEX|all */
int fill_filter_del(struct nl_msg *msg, int argc, char **argv)
{
	uint32_t v;
	int err = expect_args(argc, 3, "SWITCH PG INDEX|all") ?:
		  put_switch(msg, argv[0]) ?: put_pg(msg, argv[1]);

	if (err || !strcmp(argv[2], "all"))
		return err;
	if (parse_u32(argv[2], 1, VSWITCH_FILTER_MAX, &v))
		return usage_error("the index must be 1-%d or all, not '%s'",
				   VSWITCH_FILTER_MAX, argv[2]);
	return nla_put_u32(msg, VSWITCH_A_FILTER_INDEX, v) ? -EMSGSIZE : 0;
}

int fill_filter_show(struct nl_msg *msg, int argc, char **argv)
{
	if (argc > 2)
		return usage_error("too many arguments after filter show SWITCH PG");
	return (argc > 0 ? put_switch(msg, argv[0]) : 0) ?:
	       (argc > 1 ? put_pg(msg, argv[1]) : 0);
}

static void ip_prefix(struct nlattr *a, struct nlattr *plen, char *buf,
		      size_t size)
{
	char addr[INET6_ADDRSTRLEN] = "";
	int len = nla_len(a);

	inet_ntop(len == 4 ? AF_INET : AF_INET6, nla_data(a), addr, sizeof(addr));
	snprintf(buf, size, "%s/%u", addr,
		 plen ? nla_get_u8(plen) : (unsigned int)len * 8);
}

/* a field's value as it is written: its name, or its number */
static void named_str(const struct named_field *nf, int num, char *buf,
		      size_t size)
{
	const struct name_num *n;

	for (n = nf->names; n->name && n->num != num; n++)
		;
	if (n->name)
		snprintf(buf, size, "%s", n->name);
	else
		snprintf(buf, size, nf->hex ? "0x%04x" : "%d", num);
}

static void port_range(struct nlattr **tb, int min_attr, int max_attr,
		       char *buf, size_t size)
{
	unsigned int lo = nla_get_u16(tb[min_attr]);
	unsigned int hi = tb[max_attr] ? nla_get_u16(tb[max_attr]) : lo;

	if (hi == lo)
		snprintf(buf, size, "%u", lo);
	else
		snprintf(buf, size, "%u-%u", lo, hi);
}

void decode_filter(struct nlattr **tb, struct filter_info *f)
{
	unsigned int action;

	memset(f, 0, sizeof(*f));
	f->sw = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	f->pg = str_attr(tb, VSWITCH_A_PG_NAME);
	f->index = u32_attr(tb, VSWITCH_A_FILTER_INDEX);
	f->packets = u64_attr(tb, VSWITCH_A_FILTER_PACKETS);
	f->bytes = u64_attr(tb, VSWITCH_A_FILTER_BYTES);
	snprintf(f->val[0], sizeof(f->val[0]), "%s",
		 NAME_OF(dirs, (unsigned int)u8_attr(tb, VSWITCH_A_FILTER_DIR) & 3));
	if (tb[VSWITCH_A_FILTER_SRC_MAC])
		mac_str(nla_data(tb[VSWITCH_A_FILTER_SRC_MAC]), f->val[1]);
	if (tb[VSWITCH_A_FILTER_DST_MAC])
		mac_str(nla_data(tb[VSWITCH_A_FILTER_DST_MAC]), f->val[2]);
	if (tb[VSWITCH_A_FILTER_ETHERTYPE])
		named_str(&ethertype_field,
			  nla_get_u16(tb[VSWITCH_A_FILTER_ETHERTYPE]),
			  f->val[3], sizeof(f->val[3]));
	if (tb[VSWITCH_A_FILTER_SRC_IP])
		ip_prefix(tb[VSWITCH_A_FILTER_SRC_IP], tb[VSWITCH_A_FILTER_SRC_PLEN],
			  f->val[4], sizeof(f->val[4]));
	if (tb[VSWITCH_A_FILTER_DST_IP])
		ip_prefix(tb[VSWITCH_A_FILTER_DST_IP], tb[VSWITCH_A_FILTER_DST_PLEN],
			  f->val[5], sizeof(f->val[5]));
	if (tb[VSWITCH_A_FILTER_PROTO])
		named_str(&proto_field, nla_get_u8(tb[VSWITCH_A_FILTER_PROTO]),
			  f->val[6], sizeof(f->val[6]));
	if (tb[VSWITCH_A_FILTER_SRC_PORT_MIN])
		port_range(tb, VSWITCH_A_FILTER_SRC_PORT_MIN,
			   VSWITCH_A_FILTER_SRC_PORT_MAX, f->val[7], sizeof(f->val[7]));
	if (tb[VSWITCH_A_FILTER_DST_PORT_MIN])
		port_range(tb, VSWITCH_A_FILTER_DST_PORT_MIN,
			   VSWITCH_A_FILTER_DST_PORT_MAX, f->val[8], sizeof(f->val[8]));
	action = u8_attr(tb, VSWITCH_A_FILTER_ACTION);
	if (action == VSWITCH_FILTER_ACTION_DSCP ||
	    action == VSWITCH_FILTER_ACTION_PCP)
		snprintf(f->val[9], sizeof(f->val[9]), "%s %u",
			 NAME_OF(filter_actions, action),
			 u8_attr(tb, VSWITCH_A_FILTER_VALUE));
	else
		snprintf(f->val[9], sizeof(f->val[9]), "%s",
			 NAME_OF(filter_actions, action));
}

/* "dir in proto tcp dst-port 22 action drop": the words of a rule */
void filter_rule_text(const struct filter_info *f, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < FILTER_WORDS && len < size; i++)
		if (f->val[i][0])
			len += snprintf(buf + len, size - len, "%s%s %s",
					len ? " " : "", filter_words[i], f->val[i]);
}

int show_filter(struct nlattr **tb, void *arg)
{
	struct filter_info f;
	char text[512];
	int i;

	(void)arg;
	decode_filter(tb, &f);
	out_obj_begin();
	print_str("switch", "%-16s", f.sw);
	print_str("portgroup", "%-20s", f.pg);
	print_u64("index", "%-6llu", f.index);
	if (opt_json) {
		for (i = 0; i < FILTER_WORDS; i++) {
			char key[16];

			if (!f.val[i][0])
				continue;
			word_key(filter_words[i], key);
			print_str(key, NULL, f.val[i]);
		}
	} else {
		filter_rule_text(&f, text, sizeof(text));
		print_text("%-52s", text);
	}
	print_u64("packets", " %llu", f.packets);
	print_u64("bytes", " %llu\n", f.bytes);
	out_obj_end();
	return 0;
}
