// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl ipfix set|show: a switch's IPFIX flow export (vDS "NetFlow"),
 * switch-set's IPFIX attributes; vswitch-ipfixd does the export
 * (Documentation/ipfix.md).  The words are the same in set, show and (as
 * the switch's "ipfix" object) save and apply:
 *
 *   collector ADDR[:PORT]|[ADDR6]:PORT|off  domain N  sample N
 *   active-timeout S  idle-timeout S  internal-only on|off
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include "vswctl.h"

const char * const ipfix_words[IPFIX_WORDS] = {
	"collector", "domain", "sample", "active-timeout", "idle-timeout",
	"internal-only",
};

/* ADDR, ADDR:PORT, ADDR6, [ADDR6]:PORT */
static int put_collector(struct nl_msg *msg, const char *arg)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *port = NULL, *colon = strchr(arg, ':');
	unsigned char buf[16];
	uint32_t p;
	int alen;

	if (!strcmp(arg, "off"))
		return nla_put(msg, VSWITCH_A_SWITCH_IPFIX_COLLECTOR, 0, buf) ?
		       -EMSGSIZE : 0;
	if (strlen(arg) >= sizeof(host))
		goto bad;
	if (arg[0] == '[') {
		const char *end = strchr(arg, ']');

		if (!end || (end[1] && end[1] != ':'))
			goto bad;
		snprintf(host, sizeof(host), "%.*s", (int)(end - arg - 1), arg + 1);
		port = end[1] ? end + 2 : NULL;
	} else if (colon && !strchr(colon + 1, ':')) {
		snprintf(host, sizeof(host), "%.*s", (int)(colon - arg), arg);
		port = colon + 1;
	} else {
		snprintf(host, sizeof(host), "%s", arg);
	}
	alen = parse_ip(host, buf);
	if (!alen)
		goto bad;
	if (port && parse_u32(port, 1, 65535, &p))
		goto bad;
	if (nla_put(msg, VSWITCH_A_SWITCH_IPFIX_COLLECTOR, alen, buf) ||
	    (port && nla_put_u16(msg, VSWITCH_A_SWITCH_IPFIX_PORT, p)))
		return -EMSGSIZE;
	return 0;
bad:
	return usage_error("collector is ADDR[:PORT], [IPv6]:PORT or off, not '%s'",
			   arg);
}

/* ipfix set SWITCH WORDS... */
int fill_ipfix_set(struct nl_msg *msg, int argc, char **argv)
{
	static const struct { int attr; uint32_t min, max; } nums[] = {
		[1] = { VSWITCH_A_SWITCH_IPFIX_DOMAIN, 0, UINT32_MAX },
		[2] = { VSWITCH_A_SWITCH_IPFIX_SAMPLE, 1, 65535 },
		[3] = { VSWITCH_A_SWITCH_IPFIX_ACTIVE, 1, 3600 },
		[4] = { VSWITCH_A_SWITCH_IPFIX_IDLE, 1, 600 },
	};
	int i, w, err;
	uint32_t v;

	if (argc < 2)
		return usage_error("missing arguments: SWITCH and what to set");
	err = put_switch(msg, argv[0]);
	for (i = 1; i < argc && !err; i++) {
		w = parse_word(argv[i], ipfix_words, IPFIX_WORDS);
		if (w < 0)
			return usage_error("unknown ipfix word '%s'", argv[i]);
		NEXT_ARG(i, argc, argv);
		switch (w) {
		case 0:
			err = put_collector(msg, argv[i]);
			break;
		case 5:
			err = put_onoff(msg, VSWITCH_A_SWITCH_IPFIX_INTERNAL_ONLY,
					"internal-only", argv[i]);
			break;
		default:
			if (parse_u32(argv[i], nums[w].min, nums[w].max, &v))
				return usage_error("%s must be %u-%u, not '%s'",
						   ipfix_words[w], nums[w].min,
						   nums[w].max, argv[i]);
			err = nla_put_u32(msg, nums[w].attr, v) ? -EMSGSIZE : 0;
			break;
		}
	}
	return err;
}

int fill_ipfix_show(struct nl_msg *msg, int argc, char **argv)
{
	if (argc > 1)
		return usage_error("too many arguments after ipfix show SWITCH");
	return argc ? put_switch(msg, argv[0]) : 0;
}

/* The words' values of a switch reply ("off" for a collector-less one) */
void decode_ipfix(struct nlattr **tb, struct ipfix_info *x)
{
	struct nlattr *ca = tb[VSWITCH_A_SWITCH_IPFIX_COLLECTOR];
	char addr[INET6_ADDRSTRLEN] = "";
	unsigned int port = tb[VSWITCH_A_SWITCH_IPFIX_PORT] ?
			    nla_get_u16(tb[VSWITCH_A_SWITCH_IPFIX_PORT]) :
			    VSWITCH_IPFIX_PORT_DEFAULT;

	memset(x, 0, sizeof(*x));
	x->on = ca && (nla_len(ca) == 4 || nla_len(ca) == 16);
	if (x->on) {
		inet_ntop(nla_len(ca) == 4 ? AF_INET : AF_INET6, nla_data(ca),
			  addr, sizeof(addr));
		snprintf(x->val[0], sizeof(x->val[0]),
			 nla_len(ca) == 4 ? "%s:%u" : "[%s]:%u", addr, port);
	} else {
		snprintf(x->val[0], sizeof(x->val[0]), "off");
	}
	snprintf(x->val[1], sizeof(x->val[1]), "%u",
		 u32_attr(tb, VSWITCH_A_SWITCH_IPFIX_DOMAIN));
	snprintf(x->val[2], sizeof(x->val[2]), "%u",
		 u32_attr(tb, VSWITCH_A_SWITCH_IPFIX_SAMPLE));
	snprintf(x->val[3], sizeof(x->val[3]), "%u",
		 u32_attr(tb, VSWITCH_A_SWITCH_IPFIX_ACTIVE));
	snprintf(x->val[4], sizeof(x->val[4]), "%u",
		 u32_attr(tb, VSWITCH_A_SWITCH_IPFIX_IDLE));
	snprintf(x->val[5], sizeof(x->val[5]), "%s",
		 u8_attr(tb, VSWITCH_A_SWITCH_IPFIX_INTERNAL_ONLY) ? "on" : "off");
	x->group = u32_attr(tb, VSWITCH_A_SWITCH_IPFIX_GROUP);
}

int show_ipfix(struct nlattr **tb, void *arg)
{
	struct ipfix_info x;
	char key[16];
	int w;

	(void)arg;
	decode_ipfix(tb, &x);
	out_obj_begin();
	print_str("switch", "%-16s", str_attr(tb, VSWITCH_A_SWITCH_NAME));
	for (w = 0; w < IPFIX_WORDS; w++) {
		word_key(ipfix_words[w], key);
		print_str(key, NULL, x.val[w]);
		if (!opt_json)
			print_text(w ? " %s %s" : "%s %s", ipfix_words[w], x.val[w]);
	}
	out_obj_end();
	return 0;
}
