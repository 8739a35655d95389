// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: output.  Handlers print each value once, through print_*(); in
 * text mode the format string is used, in JSON mode (-j) the key.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <inttypes.h>
#include <netlink/attr.h>
#include "vswctl.h"

static int depth;
static bool need_comma;

static void json_sep(void)
{
	if (need_comma)
		putchar(',');
	if (opt_pretty && depth) {
		putchar('\n');
		for (int i = 0; i < depth; i++)
			fputs("  ", stdout);
	}
	need_comma = false;
}

/* a JSON string, escaped (top's JSON lines write theirs with it too) */
void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_key(const char *key)
{
	json_sep();
	if (key) {
		json_string(key);
		fputs(opt_pretty ? ": " : ":", stdout);
	}
}

static void json_open(const char *key, char c)
{
	json_key(key);
	putchar(c);
	depth++;
}

static void json_close(char c)
{
	depth--;
	if (opt_pretty) {
		putchar('\n');
		for (int i = 0; i < depth; i++)
			fputs("  ", stdout);
	}
	putchar(c);
	need_comma = true;
}

/* End a line that stands alone (monitor: one JSON object per line). */
void out_line_end(void)
{
	putchar('\n');
	need_comma = false;
}

void out_list_begin(void)
{
	if (opt_json)
		json_open(NULL, '[');
}

void out_list_end(void)
{
	if (opt_json) {
		json_close(']');
		putchar('\n');
		need_comma = false;
	}
}

void out_obj_begin(void)
{
	if (opt_json)
		json_open(NULL, '{');
}

void out_obj_end(void)
{
	if (opt_json)
		json_close('}');
}

void out_array_begin(const char *key)
{
	if (opt_json)
		json_open(key, '[');
}

void out_array_end(void)
{
	if (opt_json)
		json_close(']');
}

void print_str(const char *key, const char *fmt, const char *val)
{
	if (opt_json) {
		json_key(key);
		json_string(val);
		need_comma = true;
	} else if (fmt) {
		printf(fmt, val);
	}
}

void print_u64(const char *key, const char *fmt, uint64_t val)
{
	if (opt_json) {
		json_key(key);
		printf("%" PRIu64, val);
		need_comma = true;
	} else if (fmt) {
		printf(fmt, val);
	}
}

void print_bool(const char *key, const char *fmt, bool val)
{
	if (opt_json) {
		json_key(key);
		fputs(val ? "true" : "false", stdout);
		need_comma = true;
	} else if (fmt) {
		printf(fmt, val ? "on" : "off");
	}
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (opt_json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

const char * const stat_names[VSWITCH_STATS_MAX + 1] = {
	[VSWITCH_STATS_RX_PACKETS] = "rx_packets",
	[VSWITCH_STATS_RX_BYTES] = "rx_bytes",
	[VSWITCH_STATS_TX_PACKETS] = "tx_packets",
	[VSWITCH_STATS_TX_BYTES] = "tx_bytes",
	[VSWITCH_STATS_DROP_VLAN] = "vlan",
	[VSWITCH_STATS_DROP_FORGED] = "forged",
	[VSWITCH_STATS_DROP_MAC_LIMIT] = "mac-limit",
	[VSWITCH_STATS_DROP_SHAPING] = "shaping",
	[VSWITCH_STATS_DROP_NO_UPLINK] = "no-uplink",
	[VSWITCH_STATS_DROP_MTU] = "mtu",
	[VSWITCH_STATS_DROP_LOOP] = "loop",
	[VSWITCH_STATS_DROP_UNKNOWN] = "unknown",
	[VSWITCH_STATS_DROP_RESERVED] = "reserved",
	[VSWITCH_STATS_DROP_BLOCKED] = "blocked",
	[VSWITCH_STATS_DROP_PVLAN] = "pvlan",
	[VSWITCH_STATS_DROP_MCAST] = "mcast",
	[VSWITCH_STATS_DROP_FILTER] = "filter",
	[VSWITCH_STATS_DROP_MIRROR] = "mirror",
	[VSWITCH_STATS_DROP_OVERLAY] = "overlay",
};

/* the drop counters, in the order of enum vswitch_drop_reason */
const int drop_attrs[__VSWITCH_DROP_MAX] = {
	VSWITCH_STATS_DROP_VLAN, VSWITCH_STATS_DROP_FORGED,
	VSWITCH_STATS_DROP_MAC_LIMIT, VSWITCH_STATS_DROP_SHAPING,
	VSWITCH_STATS_DROP_NO_UPLINK, VSWITCH_STATS_DROP_MTU,
	VSWITCH_STATS_DROP_LOOP, VSWITCH_STATS_DROP_UNKNOWN,
	VSWITCH_STATS_DROP_RESERVED, VSWITCH_STATS_DROP_BLOCKED,
	VSWITCH_STATS_DROP_PVLAN, VSWITCH_STATS_DROP_MCAST,
	VSWITCH_STATS_DROP_FILTER, VSWITCH_STATS_DROP_MIRROR,
	VSWITCH_STATS_DROP_OVERLAY,
};

_Static_assert(sizeof(drop_attrs) / sizeof(drop_attrs[0]) == __VSWITCH_DROP_MAX,
	       "a drop reason without its counter attribute");

/* The counters of a stats nest, indexed by VSWITCH_STATS_* (0 when
 * absent: an older module); -1 without a nest
 */
int decode_stats(struct nlattr *nest, uint64_t v[VSWITCH_STATS_MAX + 1])
{
	struct nlattr *tb[VSWITCH_STATS_MAX + 1];
	int i;

	memset(v, 0, (VSWITCH_STATS_MAX + 1) * sizeof(*v));
	if (!nest || nla_parse_nested(tb, VSWITCH_STATS_MAX, nest, NULL))
		return -1;
	for (i = 1; i <= VSWITCH_STATS_MAX; i++)
		if (tb[i] && i != VSWITCH_STATS_PAD)
			v[i] = nla_get_u64(tb[i]);
	return 0;
}

/* -s: counters under the object; JSON: "stats": {..., "drops": {...}} */
void print_stats(struct nlattr *nest)
{
	uint64_t v[VSWITCH_STATS_MAX + 1];
	int i;

	if (!opt_stats || decode_stats(nest, v))
		return;

	if (opt_json) {
		json_open("stats", '{');
		for (i = VSWITCH_STATS_RX_PACKETS; i <= VSWITCH_STATS_TX_BYTES; i++)
			print_u64(stat_names[i], NULL, v[i]);
		json_open("drops", '{');
		for (i = 0; i < __VSWITCH_DROP_MAX; i++)
			print_u64(stat_names[drop_attrs[i]], NULL, v[drop_attrs[i]]);
		json_close('}');
		json_close('}');
		return;
	}
	printf("    RX: %" PRIu64 " packets %" PRIu64 " bytes   TX: %" PRIu64
	       " packets %" PRIu64 " bytes\n",
	       v[VSWITCH_STATS_RX_PACKETS], v[VSWITCH_STATS_RX_BYTES],
	       v[VSWITCH_STATS_TX_PACKETS], v[VSWITCH_STATS_TX_BYTES]);
	printf("    drops:");
	for (i = 0; i < __VSWITCH_DROP_MAX; i++)
		printf(" %s %" PRIu64, stat_names[drop_attrs[i]], v[drop_attrs[i]]);
	printf("\n");
}

/* @s for a terminal: control bytes (escape sequences) as '?'; what the
 * physical network sends (LLDP) and netdev names (any byte but '/', ':'
 * and spaces) may hold them
 */
const char *printable(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}
