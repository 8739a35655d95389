// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: configure the vswitch kernel module.
 *
 *   vswctl [-j] [-s] [-p] OBJECT COMMAND [ARGS]
 *   vswctl [-j] [-s] [-p] -b FILE|-
 *
 * One table entry per OBJECT COMMAND; help is generated from the table.
 * Keywords may be abbreviated to any unique prefix, as in iproute2.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "vswctl.h"

bool opt_json, opt_stats, opt_pretty;

/* One OBJECT COMMAND, as iw's COMMAND(): the request it sends (the
 * dispatcher allocates, sends and frees it; @fill puts its attributes;
 * @reply prints each reply, under the column titles @header), or, for
 * commands of several requests, a @handler that does it all.
 */
struct command {
	const char *object;
	const char *name;
	const char *args;
	uint8_t nl_cmd;
	int nl_flags;
	fill_fn fill;
	reply_fn reply;
	const char *header;
	handler_fn handler;
};

#define COMMAND(obj, verb, usage, cmd, flags, fill_, reply_, header_)	\
	{ .object = #obj, .name = verb, .args = usage,			\
	  .nl_cmd = VSWITCH_CMD_##cmd, .nl_flags = flags, .fill = fill_,	\
	  .reply = reply_, .header = header_ }
#define DUMP NLM_F_DUMP
#define HANDLER(obj, verb, usage, fn)					\
	{ .object = #obj, .name = verb, .args = usage, .handler = fn }

#define POLICY_HELP \
	"POLICY: vlan none|N|trunk [LIST]  pvlan VID  vxlan VNI  pcp N\n" \
	"        promisc on|off  forged-tx on|off  mac-changes on|off\n" \
	"        bpdu-guard drop|block  ipfix on|off\n" \
	"        learning on|off  limit N  unknown-flood on|off\n" \
	"        teaming portid|srcmac|iphash|failover\n" \
	"        active DEV[,DEV]|all  standby DEV[,DEV]|none\n" \
	"        notify on|off  failback on|off  detect link|beacon\n" \
	"        shaping off | shaping avg RATE peak RATE burst SIZE [dir in|out|both]\n" \
	"        nioc-shares N  nioc-reservation RATE|none  nioc-limit RATE|none\n" \
	"LIST:   VIDs and ranges, e.g. 10,20-29 (default: 1-4094)\n" \
	"VNI:    an overlay segment, 1-16777215 (see vswctl overlay)\n" \
	"RATE:   bit/s with kbit, mbit, gbit, e.g. 100mbit;  SIZE: bytes with k, m, g, e.g. 64k\n"

static const struct command commands[] = {
	COMMAND(switch, "add", "NAME [mtu N] [ageing SECONDS] [max-macs N]\n"
		"               [multicast snooping|flood] [mdb-ageing SECONDS]",
		SWITCH_NEW, 0, fill_switch_add, NULL, NULL),
	COMMAND(switch, "set", "NAME [mtu N] [ageing SECONDS] [max-macs N]\n"
		"               [multicast snooping|flood] [mdb-ageing SECONDS]",
		SWITCH_SET, 0, fill_switch_set, NULL, NULL),
	COMMAND(switch, "del", "NAME", SWITCH_DEL, 0, fill_switch_del, NULL, NULL),
	HANDLER(switch, "show", "[-t] [NAME]", cmd_switch_show),
	COMMAND(uplink, "add", "SWITCH DEV", UPLINK_NEW, 0, fill_uplink, NULL, NULL),
	COMMAND(uplink, "del", "SWITCH DEV", UPLINK_DEL, 0, fill_uplink, NULL, NULL),
	COMMAND(uplink, "show", "[SWITCH]", UPLINK_GET, DUMP, fill_uplink_show,
		show_uplink, "SWITCH          UPLINK          STATE   ACTIVE\n"),
	COMMAND(portgroup, "add", "SWITCH PG [POLICY...]",
		PORTGROUP_NEW, 0, fill_pg_add, NULL, NULL),
	COMMAND(portgroup, "set", "SWITCH PG [POLICY...]",
		PORTGROUP_SET, 0, fill_pg_set, NULL, NULL),
	COMMAND(portgroup, "del", "SWITCH PG", PORTGROUP_DEL, 0, fill_pg_del,
		NULL, NULL),
	HANDLER(portgroup, "show", "[SWITCH [PG]]", cmd_pg_show),
	COMMAND(port, "add", "SWITCH PG DEV [mac MAC] [max-macs N]\n"
		"               SWITCH PG NAME internal [mac MAC]",
		PORT_NEW, 0, fill_port_add, NULL, NULL),
	COMMAND(port, "set", "DEV [portgroup PG] [mac MAC|none] [max-macs N] [blocked on|off]",
		PORT_SET, 0, fill_port_set, NULL, NULL),
	COMMAND(port, "del", "DEV", PORT_DEL, 0, fill_port_del, NULL, NULL),
	COMMAND(port, "show", "[SWITCH]", PORT_GET, DUMP, fill_port_show, show_port,
		"SWITCH          PORTGROUP           PORT            ID   KIND     "
		"MAC               MACS  MAX-MACS UPLINK\n"),
	COMMAND(pvlan, "add", "SWITCH PRIMARY [SECONDARY isolated|community]",
		PVLAN_NEW, 0, fill_pvlan_add, NULL, NULL),
	COMMAND(pvlan, "del", "SWITCH VID", PVLAN_DEL, 0, fill_pvlan_del, NULL, NULL),
	COMMAND(pvlan, "show", "[SWITCH]", PVLAN_GET, DUMP, fill_pvlan_show,
		show_pvlan, "SWITCH          PRIMARY VID   TYPE\n"),
	COMMAND(fdb, "show", "SWITCH [vlan N] [port DEV]", FDB_GET, DUMP,
		fill_fdb_show, show_fdb,
		"VLAN         MAC                PORT            TYPE    AGE\n"),
	COMMAND(filter, "add", "SWITCH PG [index N] [dir in|out|both] [src-mac MAC] [dst-mac MAC]\n"
		"               [ethertype ipv4|ipv6|arp|0xNNNN] [src-ip PREFIX] [dst-ip PREFIX]\n"
		"               [proto tcp|udp|icmp|icmpv6|sctp|N] [src-port N[-M]] [dst-port N[-M]]\n"
		"               action allow|drop|dscp N|pcp N",
		FILTER_NEW, 0, fill_filter_add, NULL, NULL),
	COMMAND(filter, "del", "SWITCH PG INDEX|all", FILTER_DEL, 0, fill_filter_del,
		NULL, NULL),
	COMMAND(filter, "show", "[SWITCH [PG]]", FILTER_GET, DUMP, fill_filter_show,
		show_filter, "SWITCH          PORTGROUP           INDEX RULE"
		"                                                 PACKETS BYTES\n"),
	COMMAND(mirror, "add", "SWITCH NAME src DEV[,DEV...]|portgroup PG|vlan LIST [dir in|out|both]\n"
		"               dst port DEV|uplink DEV vlan N|dev NETDEV\n"
		"               [snaplen N] [sample N] [dst-io on|off]",
		MIRROR_NEW, 0, fill_mirror_change, NULL, NULL),
	COMMAND(mirror, "set", "SWITCH NAME [src ...] [dir ...] [dst ...] [snaplen N] [sample N] [dst-io on|off]",
		MIRROR_SET, 0, fill_mirror_change, NULL, NULL),
	COMMAND(mirror, "del", "SWITCH NAME", MIRROR_DEL, 0, fill_mirror_del,
		NULL, NULL),
	COMMAND(mirror, "show", "[SWITCH [NAME]]", MIRROR_GET, DUMP, fill_mirror_show,
		show_mirror, "SWITCH          NAME            SESSION"
		"                                                          PACKETS BYTES DROPS\n"),
	COMMAND(ipfix, "set", "SWITCH [collector ADDR[:PORT]|[ADDR6]:PORT|off] [domain N] [sample N]\n"
		"               [active-timeout S] [idle-timeout S] [internal-only on|off]",
		SWITCH_SET, 0, fill_ipfix_set, NULL, NULL),
	COMMAND(ipfix, "show", "[SWITCH]", SWITCH_GET, DUMP, fill_ipfix_show,
		show_ipfix, "SWITCH          EXPORT\n"),
	COMMAND(overlay, "set", "SWITCH [local ADDR|off] [dev NETDEV] [port N]\n"
		"               [remote ADDR[,ADDR...]|none]",
		SWITCH_SET, 0, fill_overlay_set, NULL, NULL),
	COMMAND(overlay, "show", "[SWITCH]", SWITCH_GET, DUMP, fill_overlay_show,
		show_overlay, "SWITCH          LOCAL           PORT  DEV             "
		"IFNAME          MTU   REMOTES\n"),
	COMMAND(mdb, "show", "SWITCH [vlan N] [port DEV]", MDB_GET, DUMP,
		fill_mdb_show, show_mdb,
		"VLAN  GROUP                     PORT            EXPIRES SOURCES\n"),
	HANDLER(monitor, NULL, "", cmd_monitor),
	HANDLER(top, NULL, "[-d SECONDS] [-n COUNT] [-b] [SWITCH]  (rates per port and uplink)",
		cmd_top),
	HANDLER(metrics, NULL, "[SWITCH] [-o FILE]  (Prometheus's text format; -o: FILE atomically)",
		cmd_metrics),
	HANDLER(save, NULL, "[SWITCH]           (the configuration as JSON, on stdout)",
		cmd_save),
	HANDLER(apply, NULL, "[--host NAME] [--print] [--no-rollback] FILE|-  (make the running state equal to FILE)",
		cmd_apply),
	HANDLER(nioc, NULL, "set SWITCH rate RATE|off  |  set SWITCH PG [shares N] [reservation RATE|none]\n"
		"               [limit RATE|none]  |  show [SWITCH]  |  sync [SWITCH]  (Network I/O Control)",
		cmd_nioc),
	HANDLER(healthcheck, NULL, "SWITCH [vlan LIST] [mtu] | SWITCH status  (do the physical ports carry the VLANs, the MTU?)",
		cmd_healthcheck),
	HANDLER(confirm, NULL, "[show|rollback]    (keep, or undo now, a change made with --confirm)",
		cmd_confirm),
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_usage(FILE *f, const char *object)
{
	size_t i;

	if (!object)
		fprintf(f,
			"usage: vswctl [-j] [-s] [-p] OBJECT COMMAND [ARGS]\n"
			"       vswctl [-j] [-s] [-p] -b FILE|-\n"
			"  -j, --json    JSON output\n"
			"  -s, --stats   counters (rx/tx, drops per reason)\n"
			"  -p, --pretty  indented JSON\n"
			"  -b, --batch   run the commands of FILE, one a line\n"
			"  --confirm SECONDS  roll the change back unless\n"
			"                'vswctl confirm' comes in time\n"
			"  -h, --help    this text; vswctl OBJECT help: one object\n\n");
	for (i = 0; i < N_COMMANDS; i++) {
		const struct command *c = &commands[i];

		if (object && strcmp(object, c->object))
			continue;
		fprintf(f, "vswctl %s%s%s %s\n", c->object, c->name ? " " : "",
			c->name ?: "", c->args);
	}
	if (!object || !strcmp(object, "portgroup"))
		fprintf(f, "\n" POLICY_HELP);
}

bool matches(const char *arg, const char *keyword)
{
	size_t len = strlen(arg);

	return len && len <= strlen(keyword) && !strncmp(arg, keyword, len);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vswctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see vswctl --help)\n", stderr);
	return 2;
}

int not_supported(const char *word)
{
	fprintf(stderr, "vswctl: '%s' is not supported yet by this version of vswitch\n",
		word);
	return 2;
}

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char tail;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != 6 || strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

/* "10,20-29" -> bitmap (bit N = VID N, LSB of byte 0 first) */
int parse_vid_list(const char *s, uint8_t bitmap[VSWITCH_VID_BITMAP_LEN])
{
	char buf[4096], *tok, *save = NULL;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	memset(bitmap, 0, VSWITCH_VID_BITMAP_LEN);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');
		uint32_t lo, hi;

		if (dash)
			*dash = '\0';
		if (parse_u32(tok, 1, VSWITCH_VID_MAX, &lo))
			return -1;
		hi = lo;
		if (dash && parse_u32(dash + 1, 1, VSWITCH_VID_MAX, &hi))
			return -1;
		if (hi < lo)
			return -1;
		for (; lo <= hi; lo++)
			bitmap[lo / 8] |= 1 << (lo % 8);
	}
	return s[0] && s[strlen(s) - 1] != ',' ? 0 : -1;
}

void format_vid_list(const uint8_t *bitmap, char *buf, size_t len)
{
	size_t used = 0;
	int v = 1;

	buf[0] = '\0';
	while (v <= VSWITCH_VID_MAX) {
		int lo, hi;

		if (!(bitmap[v / 8] & (1 << (v % 8)))) {
			v++;
			continue;
		}
		lo = v;
		while (v + 1 <= VSWITCH_VID_MAX &&
		       bitmap[(v + 1) / 8] & (1 << ((v + 1) % 8)))
			v++;
		hi = v++;
		if (used + 12 >= len)
			break;
		used += snprintf(buf + used, len - used, "%s%d", used ? "," : "", lo);
		if (hi > lo)
			used += snprintf(buf + used, len - used, "-%d", hi);
	}
}

struct unit {
	const char *name;
	uint64_t mult;
};

/* A number (decimals allowed) with an optional unit from @units. */
static int parse_units(const char *s, const struct unit *units, uint64_t *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !(v > 0) || v > 1e18)
		return -1;
	for (; units->name; units++) {
		if (strcasecmp(end, units->name))
			continue;
		v *= units->mult;
		if (v > 1e18)
			return -1;
		*out = (uint64_t)(v + 0.5);
		return 0;
	}
	return -1;
}

/* RATE: bit/s, kbit, mbit, gbit (1000-based, as tc) */
int parse_rate(const char *s, uint64_t *bits_per_s)
{
	static const struct unit units[] = {
		{ "", 1 }, { "bit", 1 }, { "kbit", 1000 }, { "mbit", 1000000 },
		{ "gbit", 1000000000 }, { NULL, 0 },
	};

	return parse_units(s, units, bits_per_s) ||
	       *bits_per_s < VSWITCH_SHAPE_RATE_MIN ||
	       *bits_per_s > VSWITCH_SHAPE_RATE_MAX ? -1 : 0;
}

/* SIZE: bytes, k, m, g (1024-based, as tc) */
int parse_size(const char *s, uint64_t *bytes)
{
	static const struct unit units[] = {
		{ "", 1 }, { "b", 1 }, { "k", 1024 }, { "kb", 1024 },
		{ "m", 1 << 20 }, { "mb", 1 << 20 }, { "g", 1 << 30 },
		{ "gb", 1 << 30 }, { NULL, 0 },
	};

	return parse_units(s, units, bytes);
}

/* In the largest unit that divides it exactly, as it would be typed. */
static void format_units(uint64_t v, const struct unit *units, char *buf,
			 size_t len)
{
	const struct unit *best = units;

	for (; units->name; units++)
		if (v % units->mult == 0)
			best = units;
	snprintf(buf, len, "%llu%s", (unsigned long long)(v / best->mult),
		 best->name);
}

void format_rate(uint64_t bits_per_s, char *buf, size_t len)
{
	static const struct unit units[] = {
		{ "bit", 1 }, { "kbit", 1000 }, { "mbit", 1000000 },
		{ "gbit", 1000000000 }, { NULL, 0 },
	};

	format_units(bits_per_s, units, buf, len);
}

void format_size(uint64_t bytes, char *buf, size_t len)
{
	static const struct unit units[] = {
		{ "", 1 }, { "k", 1024 }, { "m", 1 << 20 }, { "g", 1 << 30 },
		{ NULL, 0 },
	};

	format_units(bytes, units, buf, len);
}

int check_name(const char *what, const char *s, size_t max)
{
	if (!*s)
		return usage_error("empty %s", what);
	if (strlen(s) > max)
		return usage_error("%s '%s' is longer than %zu characters",
				   what, s, max);
	return 0;
}

/* handlers return 0, a usage error (2), or a negative errno (1) */
static int exit_code(int ret)
{
	return ret > 0 ? ret : ret < 0;
}

/* Network I/O Control's HTB trees follow every change of a portgroup, an
 * uplink or the switch's NIOC rate (nioc.c)
 */
static int nioc_after(uint8_t cmd, int argc, char **argv, int err)
{
	int i;

	switch (cmd) {
	case VSWITCH_CMD_SWITCH_DEL:	/* refused: its trees back */
		return err ? nioc_sync(argv[0], false) : 0;
	case VSWITCH_CMD_SWITCH_SET:	/* (ipfix and overlay set too) */
		for (i = 1; i < argc; i++)
			if (matches(argv[i], "nioc-rate"))
				return nioc_sync(argv[0], true);
		return 0;
	case VSWITCH_CMD_PORTGROUP_NEW:
	case VSWITCH_CMD_PORTGROUP_SET:
	case VSWITCH_CMD_PORTGROUP_DEL:
	case VSWITCH_CMD_UPLINK_NEW:
		return argc > 0 ? nioc_sync(argv[0], false) : 0;
	case VSWITCH_CMD_UPLINK_DEL:
		if (argc > 1)
			nioc_forget(argv[1]);
		return 0;
	}
	return 0;
}

/* The request of @c, built from the words after OBJECT COMMAND, sent, its
 * replies printed; the message freed on every path.
 */
static int run_request(const struct command *c, int argc, char **argv)
{
	struct nl_msg *msg = vsw_msg(c->nl_cmd, c->nl_flags);
	int err;

	if (!msg)
		return -1;
	err = c->fill(msg, argc, argv);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	if (!c->reply) {
		if (c->nl_cmd == VSWITCH_CMD_SWITCH_DEL)
			nioc_unsync(argv[0]);
		err = vsw_request(msg, NULL, NULL);
		if ((!err || c->nl_cmd == VSWITCH_CMD_SWITCH_DEL) &&
		    nioc_after(c->nl_cmd, argc, argv, err) && !err) {
			fprintf(stderr, "vswctl: done, but the uplinks' NIOC trees are not as configured: see 'vswctl nioc show'\n");
			return -EIO;
		}
		return err;
	}
	if (c->header)
		print_text("%s", c->header);
	out_list_begin();
	err = vsw_request(msg, c->reply, NULL);
	out_list_end();
	return err;
}

static int run(const struct command *c, int argc, char **argv)
{
	return c->handler ? c->handler(argc, argv) : run_request(c, argc, argv);
}

/* The object @word names: exactly ("port" is also a prefix of
 * "portgroup"), or as a unique prefix; NULL if none
 */
static const char *find_object(const char *word)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(word, commands[i].object))
			return commands[i].object;
	for (i = 0; i < N_COMMANDS; i++)
		if (matches(word, commands[i].object))
			return commands[i].object;
	return NULL;
}

/* @object's command of the words after it (default: show); *@skip: how
 * many of them name it
 */
static const struct command *find_command(const char *object, int argc,
					  char **argv, int *skip)
{
	const char *name = argc > 0 ? argv[0] : "show";
	size_t i;

	for (i = 0; i < N_COMMANDS; i++) {
		const struct command *c = &commands[i];

		if (strcmp(c->object, object))
			continue;
		*skip = c->name && argc > 0;
		if (!c->name || matches(name, c->name) ||
		    (!strcmp(c->name, "show") && matches(name, "list")))
			return c;
	}
	return NULL;
}

static bool asks_help(int argc, char **argv)
{
	return argc > 0 && (matches(argv[0], "help") || !strcmp(argv[0], "-h"));
}

/* OBJECT [COMMAND [ARGS]]: argv[0] is the object (the command line, -b
 * lines and apply's plan all come through here)
 */
int vsw_run(int argc, char **argv)
{
	const struct command *c;
	const char *object;
	int skip;

	if (!strcmp(argv[0], "help")) {
		print_usage(stdout, NULL);
		return 0;
	}
	object = find_object(argv[0]);
	if (!object)
		return usage_error("unknown object '%s'", argv[0]);
	argc--;
	argv++;
	if (asks_help(argc, argv)) {
		print_usage(stdout, object);
		return 0;
	}
	c = find_command(object, argc, argv, &skip);
	if (!c)
		return usage_error("unknown command '%s %s'", object,
				   argc > 0 ? argv[0] : "show");
	return exit_code(run(c, argc - skip, argv + skip));
}

/*
 * What --confirm may go with: a command that changes something (a
 * request that is not a dump: add, set, del), or apply (but not with
 * --print, which changes nothing, nor --no-rollback, whose half-made
 * changes --confirm would roll back); 0 for any other.  A request's words
 * are parsed here (a dry run): a typo is said before a deadline is armed.
 */
static int confirmable(int argc, char **argv)
{
	const struct command *c;
	const char *object = find_object(argv[0]);
	int i, skip, err;

	if (!object)
		return -vsw_run(argc, argv);	/* (says what is unknown) */
	if (asks_help(argc - 1, argv + 1))
		return 0;
	c = find_command(object, argc - 1, argv + 1, &skip);
	if (!c)
		return -vsw_run(argc, argv);
	if (c->handler == cmd_apply) {
		for (i = 1; i < argc; i++)
			if (!strcmp(argv[i], "--print") ||
			    !strcmp(argv[i], "--no-rollback"))
				return 0;
		return 1;
	}
	if (c->handler || (c->nl_flags & NLM_F_DUMP))
		return 0;
	vsw_dry_run = true;
	err = vsw_run(argc, argv);
	vsw_dry_run = false;
	return err ? -err : 1;
}

#define BATCH_MAX_WORDS 64

/* -b FILE: one command per line (as after "vswctl"), in one process and
 * over one netlink socket, as iproute2's -batch; '#' starts a comment.
 * Stops at the first command that fails, naming its line.
 */
static int run_batch(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *argv[BATCH_MAX_WORDS + 1];
	unsigned int lineno = 0;
	size_t cap = 0;
	int argc, ret = 0;

	if (!f) {
		fprintf(stderr, "vswctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	nioc_defer(true);
	while (!ret && getline(&line, &cap, f) >= 0) {
		char *save, *w;

		lineno++;
		line[strcspn(line, "#")] = '\0';
		argc = 0;
		for (w = strtok_r(line, " \t\r\n", &save); w;
		     w = strtok_r(NULL, " \t\r\n", &save)) {
			if (argc == BATCH_MAX_WORDS) {
				fprintf(stderr, "vswctl: %s:%u: more than %d words\n",
					path, lineno, BATCH_MAX_WORDS);
				ret = 2;
				break;
			}
			argv[argc++] = w;
		}
		if (ret || !argc)
			continue;
		argv[argc] = NULL;
		ret = vsw_run(argc, argv);
		if (ret)
			fprintf(stderr, "vswctl: %s:%u: failed, stopping\n",
				path, lineno);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	if (nioc_defer(false) && !ret)
		ret = 1;
	return ret;
}

int main(int argc, char **argv)
{
	const char *batch = NULL;
	uint32_t confirm = 0;
	int i;

	while (argc > 1 && argv[1][0] == '-') {
		const char *o = argv[1];

		if (!strcmp(o, "--confirm")) {
			if (argc < 3 || parse_u32(argv[2], 1,
						  VSWITCH_CONFIRM_TIMEOUT_MAX,
						  &confirm))
				return usage_error("--confirm needs SECONDS, 1-%d",
						   VSWITCH_CONFIRM_TIMEOUT_MAX);
			argc--;
			argv++;
		} else if (!strcmp(o, "-j") || !strcmp(o, "--json"))
			opt_json = true;
		else if (!strcmp(o, "-s") || !strcmp(o, "--stats"))
			opt_stats = true;
		else if (!strcmp(o, "-p") || !strcmp(o, "--pretty"))
			opt_pretty = true;
		else if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			print_usage(stdout, NULL);
			return 0;
		} else if (!strcmp(o, "-b") || !strcmp(o, "--batch")) {
			if (argc < 3)
				return usage_error("%s needs a FILE (or -)", o);
			batch = argv[2];
			argc--;
			argv++;
		} else if (strspn(o + 1, "jsp") == strlen(o + 1) && o[1]) {
			opt_json |= !!strchr(o, 'j');
			opt_stats |= !!strchr(o, 's');
			opt_pretty |= !!strchr(o, 'p');
		} else {
			return usage_error("unknown option '%s'", o);
		}
		argc--;
		argv++;
	}
	if (batch) {
		if (argc > 1)
			return usage_error("-b FILE takes no command after it");
		return run_batch(batch);
	}
	/* --confirm SECONDS, anywhere in the command (vswctl apply --confirm
	 * 60 FILE, vswctl portgroup set ... --confirm 60): no name or value
	 * starts with "--"
	 */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--confirm"))
			continue;
		if (i + 1 >= argc || parse_u32(argv[i + 1], 1,
					       VSWITCH_CONFIRM_TIMEOUT_MAX,
					       &confirm))
			return usage_error("--confirm needs SECONDS, 1-%d",
					   VSWITCH_CONFIRM_TIMEOUT_MAX);
		memmove(&argv[i], &argv[i + 2], (argc - i - 1) * sizeof(*argv));
		argc -= 2;
		i--;
	}
	if (argc < 2) {
		print_usage(stderr, NULL);
		return 2;
	}
	if (!confirm)
		return vsw_run(argc - 1, argv + 1);
	i = confirmable(argc - 1, argv + 1);
	if (i < 0)
		return -i;	/* the words were refused: said */
	if (!i)
		return usage_error("--confirm goes with a command that changes something: add, set, del, or apply (without --print or --no-rollback)");
	return confirm_run(confirm, argc - 1, argv + 1);
}
