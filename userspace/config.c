// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl save / apply: the whole configuration as one JSON document.
 *
 * save reads the running state (switches, uplinks, portgroups with their
 * whole policy, ports) and prints it.  apply reads such a document, reads
 * the running state the same way, and makes the state equal to the file:
 * each object whose state differs gets one request (add, set or del, each
 * atomic in the kernel), in an order that keeps every step valid (uplinks
 * and portgroups before the ports and policies that use them, deletions
 * last).  An object that is already as the file says gets no request, so
 * applying a file twice changes nothing the second time.
 *
 * Every request is built with the same words and parsers as the command
 * line, first all in a dry run (a file with a bad value changes nothing),
 * then for real; each one is printed as the vswctl command it is.
 *
 * A fleet's file has "hosts" as well: apply takes one host's view of it
 * first (fleet_view()).
 */
#define _GNU_SOURCE	/* vasprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/utsname.h>
#include <json-c/json.h>
#include "vswctl.h"

#define CONFIG_VERSION	1
#define MAX_WORDS	48


/* --- the running state as a document -------------------------------------- */

/* A key a file leaves out is an empty list: json-c asserts on NULL. */
static size_t arr_len(json_object *a)
{
	return a ? json_object_array_length(a) : 0;
}

/*
 * A list's index by name, kept on the list (its json-c userdata): the
 * lookups of an apply are one per object and a fleet's file has thousands
 * of objects in one list, so a walk of the list per lookup made apply
 * quadratic (4094 portgroups and 4096 ports: 15 s of 19 in find_named()).
 * The lists only grow while an index is in use, but one is also shortened
 * (a switch the file deletes): the index knows the length and last entry
 * it has seen, extends itself over entries added since, and is built again
 * when anything else changed.  The first entry of a name wins, as a walk
 * would find it.  json-c's deep copy refuses a list that has one (unknown
 * userdata): fleet_view() copies the file before anything looks it up,
 * and its own lookups walk (find_switch()).
 */
struct name_index {
	struct lh_table *names;	/* name -> entry; the names are the entries' */
	size_t len;		/* the entries indexed: the list's first @len */
	json_object *last;	/* and the last of them */
};

static void name_index_free(json_object *arr, void *data)
{
	struct name_index *ix = data;

	(void)arr;
	lh_table_free(ix->names);
	free(ix);
}

static struct name_index *name_index(json_object *arr)
{
	struct name_index *ix = json_object_get_userdata(arr);
	size_t i, len = json_object_array_length(arr);

	if (ix && (len < ix->len ||
		   (ix->len && json_object_array_get_idx(arr, ix->len - 1) !=
			       ix->last))) {
		json_object_set_userdata(arr, NULL, NULL);	/* frees it */
		ix = NULL;
	}
	if (!ix) {
		ix = calloc(1, sizeof(*ix));
		if (!ix)
			exit(1);
		ix->names = lh_kchar_table_new(len < 16 ? 16 : 2 * len, NULL);
		if (!ix->names)
			exit(1);
		json_object_set_userdata(arr, ix, name_index_free);
	}
	for (i = ix->len; i < len; i++) {
		json_object *o = json_object_array_get_idx(arr, i), *n;
		const char *name;

		if (!json_object_object_get_ex(o, "name", &n))
			continue;
		name = json_object_get_string(n);
		if (name && !lh_table_lookup_entry(ix->names, name) &&
		    lh_table_insert(ix->names, name, o))
			exit(1);
	}
	ix->len = len;
	ix->last = len ? json_object_array_get_idx(arr, len - 1) : NULL;
	return ix;
}

/* the entry of @arr (a list of objects) whose "name" is @name */
static json_object *find_named(json_object *arr, const char *name)
{
	void *o;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return NULL;
	return lh_table_lookup_ex(name_index(arr)->names, name, &o) ?
	       o : NULL;
}

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

static void add_str(json_object *o, const char *key, const char *val)
{
	json_object_object_add(o, key, json_object_new_string(val));
}

static void add_int(json_object *o, const char *key, int64_t val)
{
	json_object_object_add(o, key, json_object_new_int64(val));
}

static void add_bool(json_object *o, const char *key, bool val)
{
	json_object_object_add(o, key, json_object_new_boolean(val));
}

/* the object of switch @name's @key list */
static json_object *switch_of(json_object *switches, const char *name,
			      const char *key)
{
	json_object *sw = find_named(switches, name);

	return sw ? member(sw, key) : NULL;
}

/* "overlay": {"local": "10.0.1.1", "dev": "eth1", "port": 4789,
 * "remotes": ["10.0.2.1", ...]}, only when on; dev the underlay the
 * kernel uses (none while it is gone)
 */
static void add_overlay(json_object *sw, struct nlattr **tb)
{
	static struct overlay_info ov;	/* its flood list is long */
	json_object *o, *r;
	int i;

	decode_overlay(tb, &ov);
	if (!ov.on)
		return;
	o = json_object_new_object();
	add_str(o, "local", ov.local);
	if (ov.dev)
		add_str(o, "dev", ov.dev);
	add_int(o, "port", ov.port);
	r = json_object_new_array();
	for (i = 0; i < ov.n_remotes; i++)
		json_object_array_add(r, json_object_new_string(ov.remotes[i]));
	json_object_object_add(o, "remotes", r);
	json_object_object_add(sw, "overlay", o);
}

static int load_switch_cb(struct nlattr **tb, void *arg)
{
	json_object *o = json_object_new_object();
	struct switch_info sw;
	struct ipfix_info x;

	decode_switch(tb, &sw);
	add_str(o, "name", sw.name);
	add_int(o, "mtu", sw.mtu);
	add_int(o, "ageing", sw.ageing);
	add_int(o, "max_macs", sw.max_macs);
	add_str(o, "multicast", sw.multicast);
	add_int(o, "mdb_ageing", sw.mdb_ageing);
	if (sw.nioc_rate)	/* only when on: files without it stay short */
		add_int(o, "nioc_rate", sw.nioc_rate);
	if (sw.hc_interval)	/* (likewise) */
		add_int(o, "healthcheck_interval", sw.hc_interval);
	decode_ipfix(tb, &x);
	if (x.on) {	/* "ipfix": {"collector": "10.0.0.9:4739", ...} */
		json_object *ip = json_object_new_object();
		char key[16];
		int w;

		for (w = 0; w < IPFIX_WORDS; w++) {
			word_key(ipfix_words[w], key);
			add_str(ip, key, x.val[w]);
		}
		json_object_object_add(o, "ipfix", ip);
	}
	add_overlay(o, tb);
	json_object_object_add(o, "uplinks", json_object_new_array());
	json_object_object_add(o, "portgroups", json_object_new_array());
	json_object_object_add(o, "ports", json_object_new_array());
	json_object_array_add(arg, o);
	return 0;
}

static int load_uplink_cb(struct nlattr **tb, void *arg)
{
	struct uplink_info up;
	json_object *ups;

	decode_uplink(tb, &up);
	ups = switch_of(arg, up.sw, "uplinks");
	if (ups)
		json_object_array_add(ups, json_object_new_string(up.name));
	return 0;
}

static json_object *uplink_list(const struct nlattr *nla)
{
	json_object *arr = json_object_new_array();
	int i, n = ifindex_list_len(nla);
	char name[IF_NAMESIZE];

	for (i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(
					ifindex_list_name(nla, i, name)));
	return arr;
}

static int load_pg_cb(struct nlattr **tb, void *arg)
{
	static struct pg_info pg;	/* its VID list is long */
	json_object *pgs, *o;

	decode_pg(tb, &pg);
	pgs = switch_of(arg, pg.sw, "portgroups");
	if (!pgs)
		return 0;
	o = json_object_new_object();
	add_str(o, "name", pg.name);
	add_str(o, "vlan_mode", NAME_OF(vlan_modes, pg.vlan_mode));
	if ((pg.vlan_mode == VSWITCH_VLAN_MODE_VST ||
	     pg.vlan_mode == VSWITCH_VLAN_MODE_PVLAN) && pg.vid)
		add_int(o, "vlan", pg.vid);
	if (pg.vlan_mode == VSWITCH_VLAN_MODE_TRUNK && pg.trunk[0])
		add_str(o, "trunk", pg.trunk);
	if (pg.vlan_mode == VSWITCH_VLAN_MODE_VXLAN)
		add_int(o, "vxlan", pg.vni);
	add_int(o, "pcp", pg.pcp);
	add_str(o, "teaming", pg.teaming);
	if (pg.active) {
		json_object_object_add(o, "active", uplink_list(pg.active));
		json_object_object_add(o, "standby", pg.standby ?
				       uplink_list(pg.standby) :
				       json_object_new_array());
	} else {
		add_str(o, "active", "all");
	}
	add_bool(o, "notify", pg.notify);
	add_bool(o, "failback", pg.failback);
	add_str(o, "detect", pg.detect);
	add_bool(o, "promisc", pg.promisc);
	add_bool(o, "forged_tx", pg.forged_tx);
	add_bool(o, "mac_changes", pg.mac_changes);
	add_str(o, "bpdu_guard", pg.bpdu_guard);
	add_bool(o, "learning", pg.learning);
	add_int(o, "learn_limit", pg.learn_limit);
	add_bool(o, "unknown_flood", pg.unknown_flood);
	if (pg.ipfix)	/* only when on: files without it stay short */
		add_bool(o, "ipfix", true);
	if (pg.nioc_shares != VSWITCH_NIOC_SHARES_DEFAULT)
		add_int(o, "nioc_shares", pg.nioc_shares);
	if (pg.nioc_resv)
		add_int(o, "nioc_reservation", pg.nioc_resv);
	if (pg.nioc_limit)
		add_int(o, "nioc_limit", pg.nioc_limit);
	add_str(o, "shaping", pg.shaping);
	if (pg.has_profile) {
		add_int(o, "shaping_avg", pg.shape_avg);
		add_int(o, "shaping_peak", pg.shape_peak);
		add_int(o, "shaping_burst", pg.shape_burst);
	}
	json_object_array_add(pgs, o);
	return 0;
}

static int load_port_cb(struct nlattr **tb, void *arg)
{
	struct port_info p;
	json_object *ports, *o;

	decode_port(tb, &p);
	ports = switch_of(arg, p.sw, "ports");
	if (!ports)
		return 0;
	o = json_object_new_object();
	add_str(o, "name", p.name);
	add_str(o, "portgroup", p.pg);
	if (p.internal)
		add_bool(o, "internal", true);
	if (p.has_mac)
		add_str(o, "mac", p.mac);
	if (p.max_macs)
		add_int(o, "max_macs", p.max_macs);
	json_object_array_add(ports, o);
	return 0;
}

/* a portgroup's traffic filter rules, in order: "filters": [{"dir": "in",
 * "proto": "tcp", "dst_port": "22", "action": "drop"}, ...], the words of
 * filter add as keys ('-' as '_'), only those a rule has; only on
 * portgroups that have rules
 */
static int load_filter_cb(struct nlattr **tb, void *arg)
{
	json_object *pgs, *pg, *rules, *o;
	struct filter_info f;
	char key[16];
	int w;

	decode_filter(tb, &f);
	pgs = switch_of(arg, f.sw, "portgroups");
	pg = pgs ? find_named(pgs, f.pg) : NULL;
	if (!pg)
		return 0;
	rules = member(pg, "filters");
	if (!rules) {	/* only on portgroups that have some */
		rules = json_object_new_array();
		json_object_object_add(pg, "filters", rules);
	}
	o = json_object_new_object();
	for (w = 0; w < FILTER_WORDS; w++)
		if (f.val[w][0]) {
			word_key(filter_words[w], key);
			add_str(o, key, f.val[w]);
		}
	json_object_array_add(rules, o);
	return 0;
}

/* a switch's private VLAN entries: "pvlans": [{primary, vid, type}],
 * only on switches that have some
 */
static int load_pvlan_cb(struct nlattr **tb, void *arg)
{
	json_object *sw, *pvs, *o;
	struct pvlan_info pv;

	decode_pvlan(tb, &pv);
	sw = find_named(arg, pv.sw);
	if (!sw)
		return 0;
	pvs = member(sw, "pvlans");
	if (!pvs) {
		pvs = json_object_new_array();
		json_object_object_add(sw, "pvlans", pvs);
	}
	o = json_object_new_object();
	add_int(o, "primary", pv.primary);
	add_int(o, "vid", pv.vid);
	add_str(o, "type", pv.type);
	json_object_array_add(pvs, o);
	return 0;
}

/* a switch's port mirroring sessions: "mirrors": [{"name": "span1", "src":
 * "vm1,vm2", "dir": "both", "dst": "port mon1", "snaplen": "0", "sample":
 * "1", "dst_io": "off"}], the words of mirror add as keys ('-' as '_');
 * only on switches that have some
 */
static int load_mirror_cb(struct nlattr **tb, void *arg)
{
	static struct mirror_info mi;
	json_object *sw, *list, *o;
	char key[16];
	int w;

	decode_mirror(tb, &mi);
	sw = find_named(arg, mi.sw);
	if (!sw)
		return 0;
	list = member(sw, "mirrors");
	if (!list) {
		list = json_object_new_array();
		json_object_object_add(sw, "mirrors", list);
	}
	o = json_object_new_object();
	add_str(o, "name", mi.name);
	for (w = 0; w < MIRROR_WORDS; w++) {
		word_key(mirror_words[w], key);
		add_str(o, key, mirror_value(&mi, w));
	}
	json_object_array_add(list, o);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(json_object_get_string(member(*(json_object * const *)a, "name")),
		      json_object_get_string(member(*(json_object * const *)b, "name")));
}

/* The running configuration of switch @only (NULL: all) as an array. */
static int load_state(const char *only, json_object **out)
{
	json_object *sws = json_object_new_array();
	size_t i;
	int err;

	err = vsw_dump(VSWITCH_CMD_SWITCH_GET, only, load_switch_cb, sws) ?:
	      vsw_dump(VSWITCH_CMD_UPLINK_GET, only, load_uplink_cb, sws) ?:
	      vsw_dump(VSWITCH_CMD_PORTGROUP_GET, only, load_pg_cb, sws) ?:
	      vsw_dump(VSWITCH_CMD_PORT_GET, only, load_port_cb, sws) ?:
	      vsw_dump(VSWITCH_CMD_PVLAN_GET, only, load_pvlan_cb, sws) ?:
	      vsw_dump(VSWITCH_CMD_FILTER_GET, only, load_filter_cb, sws) ?:
	      vsw_dump(VSWITCH_CMD_MIRROR_GET, only, load_mirror_cb, sws);
	if (err) {
		json_object_put(sws);
		return err;
	}
	/* sessions by name, whatever order they were made in */
	for (i = 0; i < arr_len(sws); i++)
		if (member(json_object_array_get_idx(sws, i), "mirrors"))
			json_object_array_sort(member(json_object_array_get_idx(sws, i),
						      "mirrors"), by_name);
	*out = sws;
	return 0;
}

static void print_doc(json_object *doc)
{
	printf("%s\n", json_object_to_json_string_ext(doc,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE));
}

int cmd_save(int argc, char **argv)
{
	json_object *doc, *sws;
	int err;

	if (argc > 1)
		return usage_error("too many arguments after save SWITCH");
	err = load_state(argc ? argv[0] : NULL, &sws);
	if (err)
		return err;
	if (argc && !arr_len(sws)) {
		json_object_put(sws);
		fprintf(stderr, "vswctl: no switch %s\n", argv[0]);
		return 1;
	}
	doc = json_object_new_object();
	add_int(doc, "vswitch", CONFIG_VERSION);
	/* a whole-host file also removes switches it does not list */
	add_str(doc, "scope", argc ? "switches" : "all");
	json_object_object_add(doc, "switches", sws);
	print_doc(doc);
	json_object_put(doc);
	return 0;
}

/* --- checking a document ------------------------------------------------------ */

static const char *file_name;
static const char *file_host;		/* a fleet's file: the host's view */
static json_object *file_switches;	/* the file's "switches" */

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vswctl: %s: ", file_name);
	if (file_host)
		fprintf(stderr, "host %s: ", file_host);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* @o may hold only @keys (NULL-terminated), and must hold a string name */
static int check_keys(json_object *o, const char *what,
		      const char * const *keys)
{
	const char * const *k;
	json_object *n;

	if (!json_object_is_type(o, json_type_object))
		return bad("each %s must be an object", what);
	n = member(o, "name");
	if (!n || !json_object_is_type(n, json_type_string))
		return bad("a %s has no \"name\"", what);
	json_object_object_foreach(o, key, val) {
		(void)val;
		for (k = keys; *k && strcmp(*k, key); k++)
			;
		if (!*k)
			return bad("%s %s: unknown key \"%s\"", what,
				   json_object_get_string(n), key);
	}
	return 0;
}

static const char * const type_names[] = {
	[json_type_boolean] = "true or false", [json_type_int] = "a number",
	[json_type_string] = "a string", [json_type_array] = "an array",
};

/* the keys of @o that must have a type: "key" "key:t" pairs, t one of
 * b(oolean) i(nt) s(tring) a(rray) n(umber or string) l(ist: array or
 * string)
 */
static int check_types(json_object *o, const char *what, const char * const *keys)
{
	const char *name = json_object_get_string(member(o, "name"));

	for (; *keys; keys++) {
		const char *colon = strchr(*keys, ':');
		char key[32];
		json_object *v;
		json_type t;
		bool ok;

		snprintf(key, sizeof(key), "%.*s", (int)(colon - *keys), *keys);
		v = member(o, key);
		if (!v)
			continue;
		t = json_object_get_type(v);
		switch (colon[1]) {
		case 'b': ok = t == json_type_boolean; t = json_type_boolean; break;
		case 'i': ok = t == json_type_int; t = json_type_int; break;
		case 'n': ok = t == json_type_int || t == json_type_string;
			  t = json_type_int; break;
		case 'l': ok = t == json_type_array || t == json_type_string;
			  t = json_type_array; break;
		default: ok = t == json_type_string; t = json_type_string; break;
		}
		if (!ok)
			return bad("%s %s: \"%s\" must be %s", what, name, key,
				   type_names[t]);
	}
	return 0;
}

static const char *str_or(json_object *o, const char *key, const char *def);
static int64_t int_or(json_object *o, const char *key, int64_t def);

/* a portgroup's VLAN mode: its "vlan_mode", or the one its "vxlan" or
 * "vlan" implies (a file written by hand need not name it)
 */
static const char *pg_mode(json_object *pg)
{
	return str_or(pg, "vlan_mode", member(pg, "vxlan") ? "vxlan" :
				       member(pg, "vlan") ? "vlan" : "none");
}

/* "pvlans": [{"primary": P, "vid": V, "type": T}], the switch's whole map:
 * its shape, and the kernel's rules (a VID once, a primary's type
 * promiscuous, a secondary's primary listed, one isolated per primary;
 * portgroups in listed entries only, VST VLANs in none), so that a bad
 * file changes nothing
 */
static int check_pvlans(json_object *sw, const char *name)
{
	static uint16_t primary_of[4096];
	static uint8_t type_of[4096];
	json_object *a = member(sw, "pvlans"), *pgs = member(sw, "portgroups");
	size_t i;

	memset(primary_of, 0, sizeof(primary_of));
	memset(type_of, 0, sizeof(type_of));
	if (a && !json_object_is_type(a, json_type_array))
		return bad("switch %s: \"pvlans\" must be an array", name);
	for (i = 0; a && i < arr_len(a); i++) {
		json_object *e = json_object_array_get_idx(a, i), *t;

		if (!json_object_is_type(e, json_type_object) ||
		    !member(e, "primary") ||
		    !json_object_is_type(member(e, "primary"), json_type_int) ||
		    (member(e, "vid") &&
		     !json_object_is_type(member(e, "vid"), json_type_int)))
			return bad("switch %s: a private VLAN is {\"primary\": N, \"vid\": N, \"type\": T}",
				   name);
		json_object_object_foreach(e, key, val) {
			(void)val;
			if (strcmp(key, "primary") && strcmp(key, "vid") &&
			    strcmp(key, "type"))
				return bad("switch %s: private VLAN: unknown key \"%s\"",
					   name, key);
		}
		t = member(e, "type");
		if (t && (!json_object_is_type(t, json_type_string) ||
			  parse_word(json_object_get_string(t), pvlan_types, 3) < 0))
			return bad("switch %s: a private VLAN's type is promiscuous, isolated or community",
				   name);
	}
	for (i = 0; a && i < arr_len(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		int64_t p = int_or(e, "primary", 0), v = int_or(e, "vid", p);
		int type = parse_word(str_or(e, "type", v == p ? "promiscuous" : "?"),
				      pvlan_types, 3);

		if (p < 1 || p > VSWITCH_VID_MAX || v < 1 || v > VSWITCH_VID_MAX)
			return bad("switch %s: private VLAN VIDs are 1-4094", name);
		if (primary_of[v])
			return bad("switch %s: VLAN %lld is listed twice in \"pvlans\"",
				   name, (long long)v);
		if ((v == p) != (type == VSWITCH_PVLAN_TYPE_PROMISCUOUS))
			return bad("switch %s: private VLAN %lld: a primary is promiscuous, a secondary isolated or community",
				   name, (long long)v);
		primary_of[v] = p;
		type_of[v] = type;
	}
	for (i = 1; i < 4095; i++) {
		size_t j;

		if (!primary_of[i] || primary_of[i] == i)
			continue;
		if (primary_of[primary_of[i]] != primary_of[i] ||
		    type_of[primary_of[i]] != VSWITCH_PVLAN_TYPE_PROMISCUOUS)
			return bad("switch %s: private VLAN %zu: its primary %u is not listed",
				   name, i, primary_of[i]);
		for (j = 1; j < i; j++)
			if (type_of[i] == VSWITCH_PVLAN_TYPE_ISOLATED &&
			    type_of[j] == VSWITCH_PVLAN_TYPE_ISOLATED &&
			    primary_of[j] == primary_of[i])
				return bad("switch %s: primary %u has two isolated VLANs",
					   name, primary_of[i]);
	}
	for (i = 0; pgs && json_object_is_type(pgs, json_type_array) &&
		    i < arr_len(pgs); i++) {
		json_object *pg = json_object_array_get_idx(pgs, i);
		const char *mode = pg_mode(pg);
		int64_t v = int_or(pg, "vlan", 0);
		bool in_map = v >= 1 && v <= VSWITCH_VID_MAX && primary_of[v];

		if (!strcmp(mode, "pvlan") && !in_map)
			return bad("switch %s: portgroup %s: VLAN %lld is not in \"pvlans\"",
				   name, json_object_get_string(member(pg, "name")),
				   (long long)v);
		if (!strcmp(mode, "vlan") && in_map)
			return bad("switch %s: portgroup %s: VLAN %lld is a private VLAN (use pvlan)",
				   name, json_object_get_string(member(pg, "name")),
				   (long long)v);
	}
	return 0;
}

/* The first key of @o that is neither a word of @words (as a key) nor
 * @also, or whose value is not a string (*@unknown false); NULL: none
 */
static const char *word_keys_bad(json_object *o, const char * const *words,
				 int n, const char *also, bool *unknown)
{
	char key[16];
	int w;

	json_object_object_foreach(o, k, v) {
		for (w = 0; w < n; w++) {
			word_key(words[w], key);
			if (!strcmp(key, k))
				break;
		}
		*unknown = w == n && (!also || strcmp(k, also));
		if (*unknown || (w < n && !json_object_is_type(v, json_type_string)))
			return k;
	}
	return NULL;
}

/* "filters": an array of objects whose keys are filter words, values
 * strings (the kernel judges the values when apply sends them)
 */
static int check_filters(json_object *pg, const char *pn)
{
	json_object *a = member(pg, "filters");
	const char *k;
	size_t i;
	bool unknown;

	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return bad("portgroup %s: \"filters\" must be an array", pn);
	if (arr_len(a) > VSWITCH_FILTER_MAX)
		return bad("portgroup %s: more than %d filter rules", pn,
			   VSWITCH_FILTER_MAX);
	for (i = 0; i < arr_len(a); i++) {
		json_object *r = json_object_array_get_idx(a, i);

		if (!json_object_is_type(r, json_type_object))
			return bad("portgroup %s: filter rule %zu must be an object",
				   pn, i + 1);
		k = word_keys_bad(r, filter_words, FILTER_WORDS, NULL, &unknown);
		if (k)
			return bad(unknown ? "portgroup %s: filter rule %zu: unknown key \"%s\"" :
				   "portgroup %s: filter rule %zu: \"%s\" must be a string",
				   pn, i + 1, k);
		if (!member(r, "action"))
			return bad("portgroup %s: filter rule %zu has no \"action\"",
				   pn, i + 1);
	}
	return 0;
}

/* "ipfix": an object of ipfix words (strings), with a collector */
static int check_ipfix(json_object *sw, const char *name)
{
	json_object *x = member(sw, "ipfix");
	const char *k;
	bool unknown;

	if (!x)
		return 0;
	if (!json_object_is_type(x, json_type_object) || !member(x, "collector"))
		return bad("switch %s: \"ipfix\" must be an object with a \"collector\"",
			   name);
	k = word_keys_bad(x, ipfix_words, IPFIX_WORDS, NULL, &unknown);
	if (k)
		return bad(unknown ? "switch %s: ipfix: unknown key \"%s\"" :
			   "switch %s: ipfix: \"%s\" must be a string", name, k);
	return 0;
}

/* "overlay": {"local": ADDR, "dev": NETDEV, "port": N, "remotes": [ADDR,
 * ...]}: local needed, the remotes of its family, other than it, each
 * once (the kernel's rules: a bad file changes nothing)
 */
static int check_overlay(json_object *sw, const char *name)
{
	json_object *x = member(sw, "overlay"), *r, *v;
	char local[48], a[48], b[48];
	int alen;
	size_t i, j;

	if (!x)
		return 0;
	v = member(x, "local");
	if (!json_object_is_type(x, json_type_object) || !v ||
	    !json_object_is_type(v, json_type_string))
		return bad("switch %s: \"overlay\" must be an object with a \"local\" address",
			   name);
	json_object_object_foreach(x, key, val) {
		(void)val;
		if (strcmp(key, "local") && strcmp(key, "dev") &&
		    strcmp(key, "port") && strcmp(key, "remotes"))
			return bad("switch %s: overlay: unknown key \"%s\"",
				   name, key);
	}
	alen = norm_ip(json_object_get_string(v), local);
	if (!alen || !ip_unicast(local))
		return bad("switch %s: overlay: local \"%s\" is not a unicast IPv4 or IPv6 address",
			   name, json_object_get_string(v));
	v = member(x, "dev");
	if (v && (!json_object_is_type(v, json_type_string) ||
		  !*json_object_get_string(v) ||
		  strlen(json_object_get_string(v)) >= IFNAMSIZ))
		return bad("switch %s: overlay: \"dev\" must be a device name",
			   name);
	v = member(x, "port");
	if (v && (!json_object_is_type(v, json_type_int) ||
		  json_object_get_int64(v) < 1 || json_object_get_int64(v) > 65535))
		return bad("switch %s: overlay: \"port\" must be 1-65535", name);
	r = member(x, "remotes");
	if (r && !json_object_is_type(r, json_type_array))
		return bad("switch %s: overlay: \"remotes\" must be an array of addresses",
			   name);
	if (arr_len(r) > VSWITCH_OVERLAY_REMOTES_MAX)
		return bad("switch %s: overlay: more than %d remotes", name,
			   VSWITCH_OVERLAY_REMOTES_MAX);
	for (i = 0; i < arr_len(r); i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(r, i));

		if (!json_object_is_type(json_object_array_get_idx(r, i),
					 json_type_string) || norm_ip(s, a) != alen)
			return bad("switch %s: overlay: remote \"%s\" is not an address of local's family",
				   name, s ?: "null");
		if (!strcmp(a, local))
			return bad("switch %s: overlay: remote %s is local", name, s);
		if (!ip_unicast(a))
			return bad("switch %s: overlay: remote %s is not a unicast address",
				   name, s);
		for (j = 0; j < i; j++) {
			norm_ip(json_object_get_string(json_object_array_get_idx(r, j)), b);
			if (!strcmp(a, b))
				return bad("switch %s: overlay: remote %s is listed twice",
					   name, s);
		}
	}
	return 0;
}

/* a portgroup's "vxlan": VNI is its VLAN mode's, vxlan, without a
 * "vlan", and needs the switch's overlay (the kernel refuses a segment
 * without one, and the overlay cannot go while a segment is there)
 */
static int check_vxlan(json_object *sw, const char *name, json_object *pg,
		       const char *pn)
{
	bool is_vxlan = !strcmp(pg_mode(pg), "vxlan");

	if (!is_vxlan && member(pg, "vxlan"))
		return bad("portgroup %s: \"vxlan\" is for \"vlan_mode\": \"vxlan\"",
			   pn);
	if (!is_vxlan)
		return 0;
	if (!member(pg, "vxlan") || member(pg, "vlan"))
		return bad("portgroup %s: an overlay segment has a \"vxlan\": VNI and no \"vlan\"",
			   pn);
	if (!member(sw, "overlay"))
		return bad("switch %s: portgroup %s is an overlay segment: the switch needs an \"overlay\"",
			   name, pn);
	return 0;
}

/* "mirrors": an array of sessions, objects of "name" and mirror words
 * (strings, judged by the kernel when apply sends them)
 */
static int check_mirrors(json_object *sw, const char *name)
{
	json_object *a = member(sw, "mirrors");
	const char *k;
	size_t i;
	bool unknown;

	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return bad("switch %s: \"mirrors\" must be an array", name);
	if (arr_len(a) > VSWITCH_MIRROR_MAX)
		return bad("switch %s: more than %d mirroring sessions", name,
			   VSWITCH_MIRROR_MAX);
	for (i = 0; i < arr_len(a); i++) {
		json_object *m = json_object_array_get_idx(a, i), *n;

		if (!json_object_is_type(m, json_type_object) ||
		    !json_object_object_get_ex(m, "name", &n) ||
		    !json_object_is_type(n, json_type_string))
			return bad("switch %s: mirror %zu must be an object with a \"name\"",
				   name, i + 1);
		if (find_named(a, json_object_get_string(n)) != m)
			return bad("switch %s: mirror %s is listed twice", name,
				   json_object_get_string(n));
		k = word_keys_bad(m, mirror_words, MIRROR_WORDS, "name", &unknown);
		if (k)
			return bad(unknown ? "switch %s: mirror %s: unknown key \"%s\"" :
				   "switch %s: mirror %s: \"%s\" must be a string",
				   name, json_object_get_string(n), k);
		if (!member(m, "src") || !member(m, "dst"))
			return bad("switch %s: mirror %s needs \"src\" and \"dst\"",
				   name, json_object_get_string(n));
	}
	return 0;
}

static int check_doc(json_object *doc)
{
	static const char * const sw_keys[] = {
		"name", "mtu", "ageing", "max_macs", "multicast", "mdb_ageing",
		"uplinks", "portgroups", "ports", "pvlans", "mirrors", "ipfix",
		"overlay", "nioc_rate", "healthcheck_interval", NULL };
	static const char * const pg_keys[] = {
		"name", "vlan_mode", "vlan", "trunk", "pcp", "teaming", "active",
		"standby", "notify", "failback", "detect", "promisc",
		"forged_tx", "mac_changes", "bpdu_guard", "learning",
		"learn_limit", "unknown_flood", "shaping", "shaping_avg",
		"shaping_peak", "shaping_burst", "filters", "ipfix", "vxlan",
		"nioc_shares", "nioc_reservation", "nioc_limit", NULL };
	static const char * const port_keys[] = {
		"name", "portgroup", "internal", "mac", "max_macs", NULL };
	static const char * const sw_types[] = {
		"mtu:i", "ageing:i", "max_macs:i", "multicast:s", "mdb_ageing:i",
		"nioc_rate:n", "healthcheck_interval:i", NULL };
	static const char * const pg_types[] = {
		"vlan_mode:s", "vlan:n", "trunk:s", "pcp:n", "teaming:s",
		"active:l", "standby:l", "notify:b", "failback:b", "detect:s",
		"promisc:b", "forged_tx:b", "mac_changes:b", "bpdu_guard:s",
		"learning:b", "learn_limit:n", "unknown_flood:b", "ipfix:b",
		"vxlan:n", "shaping:s",
		"shaping_avg:n", "shaping_peak:n", "shaping_burst:n",
		"nioc_shares:n", "nioc_reservation:n", "nioc_limit:n", NULL };
	static const char * const port_types[] = {
		"portgroup:s", "internal:b", "mac:s", "max_macs:n", NULL };
	static const char * const doc_keys[] = {
		"vswitch", "scope", "switches", NULL };
	json_object *v, *sws;
	size_t i, j;
	int err;

	if (!json_object_is_type(doc, json_type_object))
		return bad("not a vswitch configuration (a JSON object)");
	json_object_object_foreach(doc, key, val) {
		const char * const *k;

		(void)val;
		for (k = doc_keys; *k && strcmp(*k, key); k++)
			;
		if (!*k)
			return bad("unknown key \"%s\"", key);
	}
	v = member(doc, "vswitch");
	if (!v || json_object_get_int(v) != CONFIG_VERSION)
		return bad("not a vswitch configuration of version %d (\"vswitch\": %d)",
			   CONFIG_VERSION, CONFIG_VERSION);
	v = member(doc, "scope");
	if (v && strcmp(json_object_get_string(v), "all") &&
	    strcmp(json_object_get_string(v), "switches"))
		return bad("\"scope\" must be \"all\" or \"switches\"");
	sws = member(doc, "switches");
	if (!sws || !json_object_is_type(sws, json_type_array))
		return bad("no \"switches\" array");
	for (i = 0; i < arr_len(sws); i++) {
		json_object *sw = json_object_array_get_idx(sws, i), *a;
		const char *name;

		err = check_keys(sw, "switch", sw_keys);
		if (err)
			return err;
		name = json_object_get_string(member(sw, "name"));
		if (find_named(sws, name) != sw)
			return bad("switch %s is listed twice", name);
		err = check_types(sw, "switch", sw_types);
		if (err)
			return err;
		a = member(sw, "uplinks");
		if (a && !json_object_is_type(a, json_type_array))
			return bad("switch %s: \"uplinks\" must be an array", name);
		for (j = 0; a && j < arr_len(a); j++)
			if (!json_object_is_type(json_object_array_get_idx(a, j),
						 json_type_string))
				return bad("switch %s: uplinks are device names", name);
		a = member(sw, "portgroups");
		if (a && !json_object_is_type(a, json_type_array))
			return bad("switch %s: \"portgroups\" must be an array", name);
		for (j = 0; a && j < arr_len(a); j++) {
			json_object *pg = json_object_array_get_idx(a, j);
			const char *pn;

			err = check_keys(pg, "portgroup", pg_keys) ?:
			      check_types(pg, "portgroup", pg_types);
			if (err)
				return err;
			pn = json_object_get_string(member(pg, "name"));
			if (find_named(a, pn) != pg)
				return bad("portgroup %s is listed twice", pn);
			err = check_filters(pg, pn) ?: check_vxlan(sw, name, pg, pn);
			if (err)
				return err;
		}
		a = member(sw, "ports");
		if (a && !json_object_is_type(a, json_type_array))
			return bad("switch %s: \"ports\" must be an array", name);
		for (j = 0; a && j < arr_len(a); j++) {
			json_object *p = json_object_array_get_idx(a, j), *pg;
			const char *pn;

			err = check_keys(p, "port", port_keys) ?:
			      check_types(p, "port", port_types);
			if (err)
				return err;
			pn = json_object_get_string(member(p, "name"));
			pg = member(p, "portgroup");
			if (!pg || !find_named(member(sw, "portgroups"),
					       json_object_get_string(pg)))
				return bad("port %s: \"portgroup\" must name a portgroup of switch %s",
					   pn, name);
			if (find_named(a, pn) != p)
				return bad("port %s is listed twice", pn);
		}
		err = check_pvlans(sw, name) ?: check_mirrors(sw, name) ?:
		      check_ipfix(sw, name) ?: check_overlay(sw, name);
		if (err)
			return err;
	}
	return 0;
}

/* --- objects as vswctl words ----------------------------------------------------- */

struct words {
	int n;
	char *w[MAX_WORDS + 2];	/* + OBJECT COMMAND (plan_add()) */
};

static void word(struct words *ws, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void word(struct words *ws, const char *fmt, ...)
{
	va_list ap;

	if (ws->n == MAX_WORDS)
		return;
	va_start(ap, fmt);
	if (vasprintf(&ws->w[ws->n], fmt, ap) >= 0)
		ws->n++;
	va_end(ap);
}

static void words_free(struct words *ws)
{
	while (ws->n)
		free(ws->w[--ws->n]);
}

static bool words_equal(const struct words *a, const struct words *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->w[i], b->w[i]))
			return false;
	return true;
}

static const char *str_or(json_object *o, const char *key, const char *def)
{
	json_object *v = member(o, key);

	return v ? json_object_get_string(v) : def;
}

static int64_t int_or(json_object *o, const char *key, int64_t def)
{
	json_object *v = member(o, key);

	return v ? json_object_get_int64(v) : def;
}

static const char *onoff(json_object *o, const char *key, bool def)
{
	json_object *v = member(o, key);

	return (v ? json_object_get_boolean(v) : def) ? "on" : "off";
}

/* "a,b" of a JSON array of names ("" for an empty one); NULL if absent */
static char *name_list(json_object *o, const char *key)
{
	json_object *a = member(o, key);
	size_t i, len = 1;
	char *s;

	if (!a || !json_object_is_type(a, json_type_array))
		return NULL;
	for (i = 0; i < arr_len(a); i++)
		len += strlen(json_object_get_string(
				json_object_array_get_idx(a, i))) + 1;
	s = calloc(1, len);
	for (i = 0; s && i < arr_len(a); i++) {
		if (i)
			strcat(s, ",");
		strcat(s, json_object_get_string(json_object_array_get_idx(a, i)));
	}
	return s;
}

/* Every policy word of a portgroup, defaults for what the file leaves out,
 * so that the words of two portgroups are equal when their policies are.
 */
static void pg_policy_words(json_object *pg, struct words *ws)
{
	const char *mode = pg_mode(pg);
	const char *shaping = str_or(pg, "shaping", "off");
	char *active = name_list(pg, "active"), *standby;

	if (!strcmp(mode, "vlan")) {
		word(ws, "vlan");
		word(ws, "%s", str_or(pg, "vlan", "?"));
	} else if (!strcmp(mode, "pvlan")) {
		word(ws, "pvlan");
		word(ws, "%s", str_or(pg, "vlan", "?"));
	} else if (!strcmp(mode, "vxlan")) {
		word(ws, "vxlan");
		word(ws, "%s", str_or(pg, "vxlan", "?"));
	} else if (!strcmp(mode, "trunk")) {
		word(ws, "vlan");
		word(ws, "trunk");
		word(ws, "%s", str_or(pg, "trunk", "1-4094"));
	} else {
		word(ws, "vlan");
		word(ws, "%s", mode);	/* "none", or bad: refused */
	}
	word(ws, "pcp");
	word(ws, "%s", str_or(pg, "pcp", "0"));
	word(ws, "teaming");
	word(ws, "%s", str_or(pg, "teaming", "portid"));
	standby = name_list(pg, "standby");
	word(ws, "active");
	if (active || standby) {
		word(ws, "%s", active ? active : "");
		word(ws, "standby");
		word(ws, "%s", standby && *standby ? standby : "none");
	} else {
		word(ws, "%s", str_or(pg, "active", "all"));
	}
	free(active);
	free(standby);
	word(ws, "notify");
	word(ws, "%s", onoff(pg, "notify", true));
	word(ws, "failback");
	word(ws, "%s", onoff(pg, "failback", true));
	word(ws, "detect");
	word(ws, "%s", str_or(pg, "detect", "link"));
	word(ws, "promisc");
	word(ws, "%s", onoff(pg, "promisc", false));
	word(ws, "forged-tx");
	word(ws, "%s", onoff(pg, "forged_tx", false));
	word(ws, "mac-changes");
	word(ws, "%s", onoff(pg, "mac_changes", false));
	word(ws, "bpdu-guard");
	word(ws, "%s", str_or(pg, "bpdu_guard", "drop"));
	word(ws, "learning");
	word(ws, "%s", onoff(pg, "learning", false));
	word(ws, "limit");
	word(ws, "%s", str_or(pg, "learn_limit", "4096"));
	word(ws, "unknown-flood");
	word(ws, "%s", onoff(pg, "unknown_flood", false));
	word(ws, "ipfix");
	word(ws, "%s", onoff(pg, "ipfix", false));
	word(ws, "nioc-shares");
	word(ws, "%s", str_or(pg, "nioc_shares", "50"));
	word(ws, "nioc-reservation");
	word(ws, "%s", str_or(pg, "nioc_reservation", "none"));
	word(ws, "nioc-limit");
	word(ws, "%s", str_or(pg, "nioc_limit", "none"));
	word(ws, "shaping");
	if (!strcmp(shaping, "off")) {
		word(ws, "off");
	} else {
		word(ws, "avg");
		word(ws, "%s", str_or(pg, "shaping_avg", "?"));
		word(ws, "peak");
		word(ws, "%s", str_or(pg, "shaping_peak", "?"));
		word(ws, "burst");
		word(ws, "%s", str_or(pg, "shaping_burst", "?"));
		word(ws, "dir");
		word(ws, "%s", shaping);
	}
}

/* The words of a filter rule object (its action's value is a word of its
 * own: "dscp 10"); "dir both" when it has no dir, as the kernel's default.
 */
static void filter_rule_words(json_object *r, struct words *ws)
{
	char key[16], *val, *sp;
	int w;

	for (w = 0; w < FILTER_WORDS; w++) {
		word_key(filter_words[w], key);
		if (!member(r, key) && w)
			continue;
		word(ws, "%s", filter_words[w]);
		val = strdup(str_or(r, key, "both"));
		if (!val)
			exit(1);
		sp = strchr(val, ' ');
		if (sp)
			*sp++ = '\0';
		word(ws, "%s", val);
		if (sp)
			word(ws, "%s", sp);
		free(val);
	}
}

/* A port's settings: portgroup, mac (none), max-macs. */
static void port_words(json_object *p, bool with_mac, struct words *ws)
{
	word(ws, "portgroup");
	word(ws, "%s", str_or(p, "portgroup", "?"));
	if (with_mac) {
		word(ws, "mac");
		word(ws, "%s", str_or(p, "mac", "none"));
	}
	word(ws, "max-macs");
	word(ws, "%s", str_or(p, "max_macs", "0"));
}

static bool is_internal(json_object *p)
{
	json_object *v = member(p, "internal");

	return v && json_object_get_boolean(v);
}

/* --- the plan ---------------------------------------------------------------------- */

struct op {
	struct words args;	/* OBJECT COMMAND and what the command takes */
	char *text;		/* the command line it is */
};

struct plan {
	struct op *ops;
	int n;
	int skipped;		/* devices that do not exist (yet) */
};

/* @object @command and the words of @ws, run through the command table as
 * the command line would be
 */
static void plan_add(struct plan *pl, const char *object, const char *command,
		     struct words *ws)
{
	struct op *op;
	size_t len = 1;
	int i;

	pl->ops = realloc(pl->ops, (pl->n + 1) * sizeof(*pl->ops));
	if (!pl->ops)
		exit(1);
	op = &pl->ops[pl->n++];
	op->args.n = 0;
	word(&op->args, "%s", object);
	word(&op->args, "%s", command);
	for (i = 0; i < ws->n; i++)
		op->args.w[op->args.n++] = ws->w[i];
	ws->n = 0;
	for (i = 0; i < op->args.n; i++)
		len += strlen(op->args.w[i]) + 3;
	op->text = malloc(len);
	if (!op->text)
		exit(1);
	op->text[0] = '\0';
	for (i = 0; i < op->args.n; i++) {
		if (i)
			strcat(op->text, " ");
		if (op->args.w[i][0])
			strcat(op->text, op->args.w[i]);
		else
			strcat(op->text, "''");
	}
}

static void plan_free(struct plan *pl)
{
	int i;

	for (i = 0; i < pl->n; i++) {
		words_free(&pl->ops[i].args);
		free(pl->ops[i].text);
	}
	free(pl->ops);
}

static bool dev_exists(const char *name)
{
	return if_nametoindex(name) != 0;
}

/* Where does netdev @name hang in the running state: its switch, and the
 * port object if it is a port.
 */
static json_object *attached(json_object *cur, const char *name,
			     const char *key, json_object **obj)
{
	/* ports by their index (a fleet's switch has thousands); uplinks, a
	 * list of names, by a walk
	 */
	bool names = !strcmp(key, "uplinks");
	size_t i, j;

	for (i = 0; i < arr_len(cur); i++) {
		json_object *sw = json_object_array_get_idx(cur, i);
		json_object *a = member(sw, key), *o = NULL;

		if (!names)
			o = find_named(a, name);
		for (j = 0; names && !o && j < arr_len(a); j++) {
			json_object *n = json_object_array_get_idx(a, j);

			if (!strcmp(json_object_get_string(n), name))
				o = n;
		}
		if (o) {
			if (obj)
				*obj = o;
			return sw;
		}
	}
	return NULL;
}

static const char *name_of(json_object *o)
{
	return json_object_get_string(member(o, "name"));
}

static void skip(struct plan *pl, const char *what, const char *name)
{
	fprintf(stderr, "vswctl: apply: %s %s: no such device, skipped\n",
		what, name);
	pl->skipped++;
}

/* a private VLAN entry of @list with VID @vid, or NULL */
static json_object *pvlan_find(json_object *list, int64_t vid)
{
	size_t i;

	for (i = 0; i < arr_len(list); i++) {
		json_object *e = json_object_array_get_idx(list, i);

		if (int_or(e, "vid", int_or(e, "primary", 0)) == vid)
			return e;
	}
	return NULL;
}

static bool pvlan_same(json_object *a, json_object *b)
{
	return int_or(a, "primary", 0) == int_or(b, "primary", 0) &&
	       !strcmp(str_or(a, "type", "promiscuous"),
		       str_or(b, "type", "promiscuous"));
}

/* pvlan add SWITCH PRIMARY [VID TYPE] for the entries of @sw that the
 * running switch @now does not have (as they are): primaries first
 */
static void plan_pvlans_come(struct plan *pl, json_object *sw, json_object *now)
{
	json_object *want = member(sw, "pvlans"), *cur = now ? member(now, "pvlans") : NULL;
	struct words ws = { 0 };
	int pass;
	size_t i;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < arr_len(want); i++) {
			json_object *e = json_object_array_get_idx(want, i), *old;
			int64_t p = int_or(e, "primary", 0);
			int64_t vid = int_or(e, "vid", p);

			if ((vid == p) != !pass)
				continue;
			old = pvlan_find(cur, vid);
			if (old && pvlan_same(old, e))
				continue;
			word(&ws, "%s", name_of(sw));
			if (old) {
				word(&ws, "%lld", (long long)vid);
				plan_add(pl, "pvlan", "del", &ws);
				word(&ws, "%s", name_of(sw));
			}
			word(&ws, "%lld", (long long)p);
			if (vid != p) {
				word(&ws, "%lld", (long long)vid);
				word(&ws, "%s", str_or(e, "type", "?"));
			}
			plan_add(pl, "pvlan", "add", &ws);
		}
}

/* pvlan del for the running entries @sw does not list: secondaries first */
static void plan_pvlans_go(struct plan *pl, json_object *sw, json_object *now)
{
	json_object *want = member(sw, "pvlans"), *cur = now ? member(now, "pvlans") : NULL;
	struct words ws = { 0 };
	int pass;
	size_t i;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < arr_len(cur); i++) {
			json_object *e = json_object_array_get_idx(cur, i);
			int64_t p = int_or(e, "primary", 0);
			int64_t vid = int_or(e, "vid", p);

			if ((vid == p) != pass || pvlan_find(want, vid))
				continue;
			word(&ws, "%s", name_of(sw));
			word(&ws, "%lld", (long long)vid);
			plan_add(pl, "pvlan", "del", &ws);
		}
}

/* A portgroup's filter rules that differ from @old's: all go, the file's
 * come, in order (a rule's place decides; counters start again).
 */
static void plan_filters(struct plan *pl, const char *swn, json_object *pg,
			 json_object *old)
{
	json_object *want = member(pg, "filters"), *cur = old ? member(old, "filters") : NULL;
	size_t n = arr_len(want), i;
	bool same = n == arr_len(cur);
	struct words ws = { 0 }, cw = { 0 };

	for (i = 0; same && i < n; i++) {
		filter_rule_words(json_object_array_get_idx(want, i), &ws);
		filter_rule_words(json_object_array_get_idx(cur, i), &cw);
		same = words_equal(&ws, &cw);
		words_free(&ws);
		words_free(&cw);
	}
	if (same)
		return;
	if (arr_len(cur)) {
		word(&ws, "%s", swn);
		word(&ws, "%s", name_of(pg));
		word(&ws, "all");
		plan_add(pl, "filter", "del", &ws);
	}
	for (i = 0; i < n; i++) {
		word(&ws, "%s", swn);
		word(&ws, "%s", name_of(pg));
		filter_rule_words(json_object_array_get_idx(want, i), &ws);
		plan_add(pl, "filter", "add", &ws);
	}
}

/* The words of a mirror session object after SWITCH NAME: every word, the
 * kernel's defaults for those it leaves out; a value of several words
 * ("port mon1") split
 */
/* (@dir: the dir when @m has none; NULL: the kernel's default, no word) */
static void mirror_words_of(json_object *m, const char *dir, struct words *ws)
{
	static const char * const defaults[MIRROR_WORDS] = {
		NULL, NULL, NULL, "0", "1", "off" };
	char key[16], *val, *tok, *save = NULL;
	int w;

	for (w = 0; w < MIRROR_WORDS; w++) {
		word_key(mirror_words[w], key);
		if (!member(m, key) && !defaults[w] && !(w == 1 && dir))
			continue;	/* dir: the kernel's default for the sources */
		word(ws, "%s", mirror_words[w]);
		val = strdup(str_or(m, key, w == 1 ? dir : defaults[w]));
		if (!val)
			exit(1);
		for (tok = strtok_r(val, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save))
			word(ws, "%s", tok);
		free(val);
	}
}

/* ipfix set SWITCH with every word, its defaults for those @x (the
 * switch's "ipfix", NULL: export off) leaves out
 */
static void ipfix_words_of(json_object *x, struct words *ws)
{
	static const char * const defaults[IPFIX_WORDS] = {
		"off", "0", "1", "60", "15", "off" };
	char key[16];
	int w;

	for (w = 0; w < IPFIX_WORDS; w++) {
		word_key(ipfix_words[w], key);
		word(ws, "%s", ipfix_words[w]);
		word(ws, "%s", x ? str_or(x, key, defaults[w]) : defaults[w]);
	}
}

static void plan_ipfix(struct plan *pl, json_object *sw, json_object *now)
{
	json_object *want = member(sw, "ipfix");
	json_object *have = now ? member(now, "ipfix") : NULL;
	struct words ws = { 0 }, cw = { 0 };

	if (!want && !have)
		return;
	word(&ws, "%s", name_of(sw));
	ipfix_words_of(want, &ws);
	word(&cw, "%s", name_of(sw));
	ipfix_words_of(have, &cw);
	if (words_equal(&ws, &cw))
		words_free(&ws);
	else
		plan_add(pl, "ipfix", "set", &ws);
	words_free(&cw);
}

/* overlay set SWITCH with every word of @x (the switch's "overlay", NULL:
 * off), so that two are equal when the overlays are; dev only @with_dev:
 * a file without one lets the kernel take local's netdev, and the running
 * one's is not compared
 */
static void overlay_words_of(json_object *x, bool with_dev, struct words *ws)
{
	char list[VSWITCH_OVERLAY_REMOTES_MAX * 48] = "", a[48];
	json_object *r = member(x, "remotes");
	size_t i;

	word(ws, "local");
	if (!x) {
		word(ws, "off");
		return;
	}
	norm_ip(str_or(x, "local", "?"), a);
	word(ws, "%s", a);
	if (with_dev) {
		word(ws, "dev");
		word(ws, "%s", str_or(x, "dev", "?"));
	}
	word(ws, "port");
	word(ws, "%lld", (long long)int_or(x, "port", VSWITCH_OVERLAY_PORT_DEFAULT));
	for (i = 0; i < arr_len(r) && i < VSWITCH_OVERLAY_REMOTES_MAX; i++) {
		norm_ip(json_object_get_string(json_object_array_get_idx(r, i)), a);
		if (i)
			strcat(list, ",");
		strcat(list, a);
	}
	word(ws, "remote");
	word(ws, "%s", list[0] ? list : "none");
}

/* The overlay comes or changes before the portgroups (its segments) come
 * (@off false), and goes after they went (@off true).
 */
static void plan_overlay(struct plan *pl, json_object *sw, json_object *now,
			 bool off)
{
	json_object *want = member(sw, "overlay");
	json_object *have = now ? member(now, "overlay") : NULL;
	bool with_dev = want && member(want, "dev");
	struct words ws = { 0 }, cw = { 0 };

	if ((!want && !have) || off == !!want)
		return;
	word(&ws, "%s", name_of(sw));
	overlay_words_of(want, with_dev, &ws);
	word(&cw, "%s", name_of(sw));
	overlay_words_of(have, with_dev, &cw);
	if (words_equal(&ws, &cw))
		words_free(&ws);
	else
		plan_add(pl, "overlay", "set", &ws);
	words_free(&cw);
}

/* mirror del for the running sessions @sw does not have as they are */
static void plan_mirrors_go(struct plan *pl, json_object *sw, json_object *now)
{
	json_object *cur = now ? member(now, "mirrors") : NULL;
	struct words ws = { 0 };
	size_t i;

	for (i = 0; i < arr_len(cur); i++) {
		json_object *m = json_object_array_get_idx(cur, i);

		if (find_named(member(sw, "mirrors"), name_of(m)))
			continue;
		word(&ws, "%s", name_of(sw));
		word(&ws, "%s", name_of(m));
		plan_add(pl, "mirror", "del", &ws);
	}
}

/* mirror add, or set with every word, for the file's sessions that differ */
static void plan_mirrors_come(struct plan *pl, json_object *sw, json_object *now)
{
	json_object *want = member(sw, "mirrors");
	json_object *cur = now ? member(now, "mirrors") : NULL;
	struct words ws = { 0 }, cw = { 0 };
	size_t i;

	for (i = 0; i < arr_len(want); i++) {
		json_object *m = json_object_array_get_idx(want, i);
		json_object *old = find_named(cur, name_of(m));

		word(&ws, "%s", name_of(sw));
		word(&ws, "%s", name_of(m));
		/* the running session names its dir: the file may not */
		mirror_words_of(m, old ? str_or(old, "dir", NULL) : NULL, &ws);
		if (old) {
			word(&cw, "%s", name_of(sw));
			word(&cw, "%s", name_of(m));
			mirror_words_of(old, NULL, &cw);
			if (words_equal(&ws, &cw))
				words_free(&ws);
			else
				plan_add(pl, "mirror", "set", &ws);
			words_free(&cw);
		} else {
			plan_add(pl, "mirror", "add", &ws);
		}
	}
}

/* The requests that make switch @sw of the file true, in @pl (phase by
 * phase: see apply_plan()).
 */
static void plan_switch(struct plan *pl, int phase, json_object *sw,
			json_object *cur)
{
	json_object *now = find_named(cur, name_of(sw));
	json_object *a = member(sw, "uplinks"), *pgs = member(sw, "portgroups");
	json_object *ports = member(sw, "ports");
	const char *swn = name_of(sw);
	struct words ws = { 0 }, cw = { 0 };
	size_t i;

	switch (phase) {
	case 0:	/* the switch */
		word(&ws, "%s", swn);
		word(&ws, "mtu");
		word(&ws, "%lld", (long long)int_or(sw, "mtu", 1500));
		word(&ws, "ageing");
		word(&ws, "%lld", (long long)int_or(sw, "ageing", 300));
		word(&ws, "max-macs");
		word(&ws, "%lld", (long long)int_or(sw, "max_macs", VSWITCH_MAX_MACS_MAX));
		word(&ws, "multicast");
		word(&ws, "%s", str_or(sw, "multicast", "snooping"));
		word(&ws, "mdb-ageing");
		word(&ws, "%lld", (long long)int_or(sw, "mdb_ageing",
						    VSWITCH_MDB_AGEING_DEFAULT));
		if (!now) {
			plan_add(pl, "switch", "add", &ws);
		} else if (int_or(now, "mtu", 0) != int_or(sw, "mtu", 1500) ||
			   int_or(now, "ageing", 0) != int_or(sw, "ageing", 300) ||
			   int_or(now, "max_macs", 0) !=
			   int_or(sw, "max_macs", VSWITCH_MAX_MACS_MAX) ||
			   strcmp(str_or(now, "multicast", ""),
				  str_or(sw, "multicast", "snooping")) ||
			   int_or(now, "mdb_ageing", 0) !=
			   int_or(sw, "mdb_ageing", VSWITCH_MDB_AGEING_DEFAULT)) {
			plan_add(pl, "switch", "set", &ws);
		}
		words_free(&ws);	/* (the switch as it is: not sent) */
		if ((now ? int_or(now, "nioc_rate", 0) : 0) !=
		    int_or(sw, "nioc_rate", 0)) {
			word(&ws, "%s", swn);
			word(&ws, "nioc-rate");
			if (int_or(sw, "nioc_rate", 0))
				word(&ws, "%lld", (long long)int_or(sw, "nioc_rate", 0));
			else
				word(&ws, "off");
			plan_add(pl, "switch", "set", &ws);
		}
		if ((now ? int_or(now, "healthcheck_interval", 0) : 0) !=
		    int_or(sw, "healthcheck_interval", 0)) {
			word(&ws, "%s", swn);
			word(&ws, "healthcheck");
			if (int_or(sw, "healthcheck_interval", 0)) {
				word(&ws, "interval");
				word(&ws, "%lld", (long long)int_or(sw, "healthcheck_interval", 0));
			} else {
				word(&ws, "off");
			}
			plan_add(pl, "switch", "set", &ws);
		}
		plan_ipfix(pl, sw, now);
		plan_overlay(pl, sw, now, false);
		break;
	case 1:	/* mirror sessions that go; ports that go, or must leave for
		 * another switch or kind
		 */
		plan_mirrors_go(pl, sw, now);
		for (i = 0; now && i < arr_len(member(now, "ports")); i++) {
			json_object *p = json_object_array_get_idx(member(now, "ports"), i);
			json_object *want = find_named(ports, name_of(p));

			if (want && is_internal(want) == is_internal(p))
				continue;
			word(&ws, "%s", name_of(p));
			plan_add(pl, "port", "del", &ws);
		}
		for (i = 0; i < arr_len(ports); i++) {
			json_object *p = json_object_array_get_idx(ports, i), *o;
			json_object *at = attached(cur, name_of(p), "ports", &o);

			/* a switch the file lists does this itself */
			if (at && !find_named(file_switches, name_of(at)) &&
			    is_internal(o) == is_internal(p)) {
				word(&ws, "%s", name_of(p));
				plan_add(pl, "port", "del", &ws);
			}
		}
		break;
	case 2:	/* uplinks come */
		for (i = 0; i < arr_len(a); i++) {
			const char *dev = json_object_get_string(
					json_object_array_get_idx(a, i));
			json_object *at = attached(cur, dev, "uplinks", NULL);

			if (at && !strcmp(name_of(at), swn))
				continue;
			if (!dev_exists(dev)) {
				skip(pl, "uplink", dev);
				continue;
			}
			if (at) {
				word(&ws, "%s", name_of(at));
				word(&ws, "%s", dev);
				plan_add(pl, "uplink", "del", &ws);
			}
			word(&ws, "%s", swn);
			word(&ws, "%s", dev);
			plan_add(pl, "uplink", "add", &ws);
		}
		break;
	case 3:	/* private VLANs come: primaries, then their secondaries */
		plan_pvlans_come(pl, sw, now);
		break;
	case 4:	/* portgroups come or change */
		for (i = 0; i < arr_len(pgs); i++) {
			json_object *pg = json_object_array_get_idx(pgs, i);
			json_object *old = now ? find_named(member(now, "portgroups"),
							    name_of(pg)) : NULL;

			word(&ws, "%s", swn);
			word(&ws, "%s", name_of(pg));
			pg_policy_words(pg, &ws);
			if (old) {
				word(&cw, "%s", swn);
				word(&cw, "%s", name_of(pg));
				pg_policy_words(old, &cw);
				if (words_equal(&ws, &cw))
					words_free(&ws);
				else
					plan_add(pl, "portgroup", "set", &ws);
				words_free(&cw);
			} else {
				plan_add(pl, "portgroup", "add", &ws);
			}
			plan_filters(pl, swn, pg, old);
		}
		break;
	case 5:	/* ports come or change */
		for (i = 0; i < arr_len(ports); i++) {
			json_object *p = json_object_array_get_idx(ports, i), *o = NULL;
			json_object *at = attached(cur, name_of(p), "ports", &o);
			bool internal = is_internal(p);

			if (at && !strcmp(name_of(at), swn) &&
			    is_internal(o) == internal) {
				/* an internal port's MAC is its netdev's */
				port_words(p, !internal, &ws);
				port_words(o, !internal, &cw);
				if (!words_equal(&ws, &cw)) {
					words_free(&ws);
					word(&ws, "%s", name_of(p));
					port_words(p, !internal, &ws);
					plan_add(pl, "port", "set", &ws);
				}
				words_free(&ws);
				words_free(&cw);
				continue;
			}
			if (!internal && !dev_exists(name_of(p))) {
				skip(pl, "port", name_of(p));
				continue;
			}
			word(&ws, "%s", swn);
			word(&ws, "%s", str_or(p, "portgroup", "?"));
			word(&ws, "%s", name_of(p));
			if (internal)
				word(&ws, "internal");
			if (member(p, "mac")) {
				word(&ws, "mac");
				word(&ws, "%s", str_or(p, "mac", "?"));
			}
			word(&ws, "max-macs");
			word(&ws, "%s", str_or(p, "max_macs", "0"));
			plan_add(pl, "port", "add", &ws);
		}
		break;
	case 6:	/* mirror sessions come or change, their ports there */
		plan_mirrors_come(pl, sw, now);
		break;
	case 7:	/* portgroups go, then the overlay their segments needed */
		for (i = 0; now && i < arr_len(member(now, "portgroups")); i++) {
			json_object *pg = json_object_array_get_idx(member(now, "portgroups"), i);

			if (find_named(pgs, name_of(pg)))
				continue;
			word(&ws, "%s", swn);
			word(&ws, "%s", name_of(pg));
			plan_add(pl, "portgroup", "del", &ws);
		}
		plan_overlay(pl, sw, now, true);
		break;
	case 8:	/* private VLANs go, secondaries first, when unused now */
		plan_pvlans_go(pl, sw, now);
		break;
	case 9:	/* uplinks go */
		for (i = 0; now && i < arr_len(member(now, "uplinks")); i++) {
			const char *dev = json_object_get_string(
				json_object_array_get_idx(member(now, "uplinks"), i));
			size_t j, k;
			bool keep = false;

			/* kept here, or moved to another switch already */
			for (j = 0; j < arr_len(file_switches); j++) {
				json_object *ups = member(json_object_array_get_idx(
						file_switches, j), "uplinks");

				for (k = 0; k < arr_len(ups); k++)
					keep |= !strcmp(dev, json_object_get_string(
						json_object_array_get_idx(ups, k)));
			}
			if (keep)
				continue;
			word(&ws, "%s", swn);
			word(&ws, "%s", dev);
			plan_add(pl, "uplink", "del", &ws);
		}
		break;
	}
}

#define PHASES 10

static void make_plan(struct plan *pl, json_object *doc, json_object *cur)
{
	json_object *sws = member(doc, "switches");
	bool all = !strcmp(str_or(doc, "scope", "switches"), "all");
	struct words ws = { 0 };
	size_t i;
	int phase;

	/* a whole-host file: the switches it does not list go, first: their
	 * devices and their overlay's UDP port are free for the others then
	 * (a switch renamed in the file), and the plan forgets them
	 */
	for (i = arr_len(cur); all && i-- > 0;) {
		json_object *sw = json_object_array_get_idx(cur, i);

		if (find_named(sws, name_of(sw)))
			continue;
		word(&ws, "%s", name_of(sw));
		plan_add(pl, "switch", "del", &ws);
		json_object_array_del_idx(cur, i, 1);
	}
	for (phase = 0; phase < PHASES; phase++)
		for (i = 0; i < arr_len(sws); i++)
			plan_switch(pl, phase, json_object_array_get_idx(sws, i),
				    cur);
}

/* --- a fleet's file: one host's view ------------------------------------------ */

/*
 * A file may describe several hosts: "hosts": {"hostA": {"switches":
 * {"vs0": {...}}}, ...} holds each host's own values (its VTEP address,
 * its underlay, its uplinks), merged over the top-level switch of that
 * name: objects key by key, anything else replaced, null removes the key
 * (as a JSON merge patch); a switch only a host has is added.  apply takes
 * one host's view (default: this machine's name) and drops "hosts"; an
 * overlay left without "remotes" gets the other hosts' locals of its
 * switch, in the file's order, so that one file is the fleet's overlay.
 */

/* @src into @dst (copies) */
static void merge(json_object *dst, json_object *src)
{
	json_object_object_foreach(src, key, val) {
		json_object *d = member(dst, key), *copy = NULL;

		if (!val) {
			json_object_object_del(dst, key);
		} else if (d && json_object_is_type(d, json_type_object) &&
			   json_object_is_type(val, json_type_object)) {
			merge(d, val);
		} else {
			json_object_deep_copy(val, &copy, NULL);
			json_object_object_add(dst, key, copy);
		}
	}
}

/* find_named() of a file not checked yet: entries without a name skipped */
static json_object *find_switch(json_object *sws, const char *name)
{
	size_t i;

	for (i = 0; i < arr_len(sws); i++) {
		json_object *sw = json_object_array_get_idx(sws, i);
		json_object *n = member(sw, "name");

		if (n && json_object_is_type(n, json_type_string) &&
		    !strcmp(json_object_get_string(n), name))
			return sw;
	}
	return NULL;
}

/* the file's switches as host @h has them: a copy */
static json_object *host_switches(json_object *doc, json_object *h)
{
	json_object *top = member(doc, "switches"), *hs = member(h, "switches");
	json_object *sws = NULL;

	if (!top || json_object_deep_copy(top, &sws, NULL))
		sws = json_object_new_array();
	if (!hs)
		return sws;
	json_object_object_foreach(hs, name, val) {
		json_object *sw = find_switch(sws, name);

		if (!sw) {
			sw = json_object_new_object();
			add_str(sw, "name", name);
			json_object_array_add(sws, sw);
		}
		merge(sw, val);
	}
	return sws;
}

/* "hosts": an object of hosts by name, each {"switches": an object of
 * switch objects by name}; the rest is checked after the merge
 */
static int check_hosts(json_object *doc, json_object *hosts)
{
	json_object *top = member(doc, "switches");

	if (top && !json_object_is_type(top, json_type_array))
		return bad("no \"switches\" array");
	if (!json_object_is_type(hosts, json_type_object) ||
	    !json_object_object_length(hosts))
		return bad("\"hosts\" must be an object of hosts by name");
	json_object_object_foreach(hosts, hn, h) {
		json_object *sws = member(h, "switches");

		if (!json_object_is_type(h, json_type_object))
			return bad("host %s must be an object", hn);
		json_object_object_foreach(h, key, hv) {
			(void)hv;
			if (strcmp(key, "switches"))
				return bad("host %s: unknown key \"%s\" (a host has \"switches\")",
					   hn, key);
		}
		if (!sws)
			continue;
		if (!json_object_is_type(sws, json_type_object))
			return bad("host %s: \"switches\" must be an object of switches by name",
				   hn);
		json_object_object_foreach(sws, sn, sw) {
			json_object *n = member(sw, "name");

			if (!json_object_is_type(sw, json_type_object))
				return bad("host %s: switch %s must be an object",
					   hn, sn);
			if (n && (!json_object_is_type(n, json_type_string) ||
				  strcmp(json_object_get_string(n), sn)))
				return bad("host %s: switch %s: its \"name\" is its key",
					   hn, sn);
		}
	}
	return 0;
}

/* The local of switch @sn's overlay on host @h, added to @r unless it is
 * @hn's own (@local) or another host's already: the same VTEP twice is
 * a mistake of the file
 */
static int add_remote(json_object *doc, json_object *h, const char *on,
		      const char *hn, const char *sn, const char *local,
		      json_object *r)
{
	json_object *sws = host_switches(doc, h), *sw, *ov, *l = NULL;
	char a[48], b[48];
	size_t i;
	int err = 0;

	sw = find_switch(sws, sn);
	ov = sw ? member(sw, "overlay") : NULL;
	if (ov && json_object_is_type(ov, json_type_object))
		l = member(ov, "local");
	if (!l || !json_object_is_type(l, json_type_string))
		goto out;
	if (norm_ip(json_object_get_string(l), a)) {
		for (i = 0; i < arr_len(r) && !err; i++) {
			norm_ip(json_object_get_string(json_object_array_get_idx(r, i)), b);
			if (!strcmp(a, b))
				err = bad("switch %s: host %s's overlay local %s is another host's too",
					  sn, on, json_object_get_string(l));
		}
		if (!err && norm_ip(local, b) && !strcmp(a, b))
			err = bad("switch %s: hosts %s and %s have the same overlay local %s",
				  sn, hn, on, local);
	}
	if (!err)
		json_object_array_add(r, json_object_new_string(json_object_get_string(l)));
out:
	json_object_put(sws);
	return err;
}

/* The overlays of host @hn's switches @sws without "remotes": the other
 * hosts' locals, in the file's order
 */
static int fill_remotes(json_object *doc, const char *hn, json_object *sws)
{
	json_object *hosts = member(doc, "hosts");
	size_t i;
	int err = 0;

	for (i = 0; i < arr_len(sws) && !err; i++) {
		json_object *sw = json_object_array_get_idx(sws, i);
		json_object *ov = member(sw, "overlay"), *n = member(sw, "name");
		json_object *l = member(ov, "local"), *r;

		if (!json_object_is_type(ov, json_type_object) ||
		    member(ov, "remotes") || !json_object_is_type(n, json_type_string) ||
		    !json_object_is_type(l, json_type_string))
			continue;	/* (a bad one: check_doc() says why) */
		r = json_object_new_array();
		json_object_object_foreach(hosts, on, h) {
			if (strcmp(on, hn) && !err)
				err = add_remote(doc, h, on, hn,
						 json_object_get_string(n),
						 json_object_get_string(l), r);
		}
		json_object_object_add(ov, "remotes", r);
	}
	return err;
}

/* The file as host @want (NULL: this machine) has it, "hosts" gone; a
 * file without "hosts" as it is
 */
static int fleet_view(json_object *doc, const char *want)
{
	static char self[sizeof(((struct utsname *)0)->nodename)];
	json_object *hosts = member(doc, "hosts"), *sws;
	struct utsname u;
	const char *sep = "";
	int err;

	if (!hosts) {
		if (want)
			return bad("--host %s: the file has no \"hosts\"", want);
		return 0;
	}
	err = check_hosts(doc, hosts);
	if (err)
		return err;
	if (!want && !uname(&u)) {
		/* the file may name hosts by their short names */
		snprintf(self, sizeof(self), "%s", u.nodename);
		if (!member(hosts, self))
			self[strcspn(self, ".")] = '\0';
		want = self;
	}
	if (!want || !member(hosts, want)) {
		fprintf(stderr, "vswctl: host %s is not in %s's hosts:",
			want ?: "?", file_name);
		json_object_object_foreach(hosts, hn, h) {
			(void)h;
			fprintf(stderr, "%s %s", sep, hn);
			sep = ",";
		}
		fprintf(stderr, "%s\n", want == self ? " (--host NAME picks one)" : "");
		return 2;
	}
	sws = host_switches(doc, member(hosts, want));
	err = fill_remotes(doc, want, sws);
	if (err) {
		json_object_put(sws);
		return err;
	}
	json_object_object_add(doc, "switches", sws);
	json_object_object_del(doc, "hosts");
	/* its "hosts" make it ours: a fleet's file need not say "vswitch" */
	if (!member(doc, "vswitch"))
		add_int(doc, "vswitch", CONFIG_VERSION);
	file_host = want;
	return 0;
}

/* Run the plan; with @stop, up to the first request the kernel refuses.
 * Returns the number of requests that failed.
 */
static int run_plan(struct plan *pl, bool stop)
{
	int i, failed = 0;

	for (i = 0; i < pl->n; i++) {
		printf("%s\n", pl->ops[i].text);
		fflush(stdout);
		if (vsw_run(pl->ops[i].args.n, pl->ops[i].args.w)) {
			fprintf(stderr, "vswctl: apply: failed: %s\n",
				pl->ops[i].text);
			failed++;
			if (stop)
				break;
		}
	}
	return failed;
}

/* Run @pl, and then the requests that make the state @cur equal to
 * @switches (taken) of @scope ("all": the switches it does not list go),
 * to the end or (@stop) to the first failure; the requests that failed.
 */
static int plan_to(struct plan *pl, json_object *switches, const char *scope,
		   json_object *cur, bool stop)
{
	json_object *doc = json_object_new_object();
	int failed;

	add_int(doc, "vswitch", CONFIG_VERSION);
	add_str(doc, "scope", scope);
	json_object_object_add(doc, "switches", switches);
	file_switches = switches;
	make_plan(pl, doc, cur);
	failed = run_plan(pl, stop);
	file_switches = NULL;
	json_object_put(doc);
	return failed;
}

/*
 * An apply whose request failed half way (the kernel out of memory, a
 * device another master holds, a limit reached) goes back to the
 * configuration it started from, @before (the running state as
 * load_state() read it): the host is left as it was or as the file says,
 * never half way.  Only what the apply could have touched goes back: the
 * switches the file names (all of them with "scope": "all"), and a switch
 * the apply made goes; other switches, and changes others made to them
 * meanwhile, stay.  The way back is planned from the state as it is now
 * (what the failed request did or did not do) by the same planning as a
 * file's, and it is itself a series of requests that may fail: that is
 * said.  (An internal port the rollback makes again is a new netdev: the
 * host's addresses on the old one are gone with it.)
 */
static int roll_back(const char *before, bool all)
{
	json_object *was, *keep, *cur;
	struct plan pl = { 0 };
	struct words ws = { 0 };
	size_t i;
	int failed;

	was = json_tokener_parse(before);
	if (!was || load_state(NULL, &cur)) {
		json_object_put(was);
		fprintf(stderr, "vswctl: apply: cannot roll back: the state cannot be read; see 'vswctl save'\n");
		return 1;
	}
	printf("# rolling back to the configuration before this apply\n");
	keep = json_object_new_array();
	for (i = 0; i < arr_len(was); i++) {
		json_object *sw = json_object_array_get_idx(was, i);

		if (all || find_named(file_switches, name_of(sw)))
			json_object_array_add(keep, json_object_get(sw));
	}
	/* the switches this apply made go first, with their devices */
	for (i = arr_len(cur); i-- > 0;) {
		json_object *sw = json_object_array_get_idx(cur, i);

		if (find_named(was, name_of(sw)) ||
		    !find_named(file_switches, name_of(sw)))
			continue;
		word(&ws, "%s", name_of(sw));
		plan_add(&pl, "switch", "del", &ws);
		json_object_array_del_idx(cur, i, 1);
	}
	failed = plan_to(&pl, keep, "switches", cur, true);
	if (failed)
		fprintf(stderr, "vswctl: apply: the rollback failed too: see 'vswctl save'\n");
	else
		fprintf(stderr, "vswctl: apply: rolled back: the configuration is as it was before%s\n",
			pl.skipped ? " (but for devices that are gone)" : "");
	plan_free(&pl);
	json_object_put(cur);
	json_object_put(was);
	return failed;
}

/* vswctl --confirm: the configuration to go back to, all of it */
char *config_snapshot(void)
{
	json_object *cur;
	char *s;

	if (load_state(NULL, &cur))
		return NULL;
	s = strdup(json_object_to_json_string_ext(cur, JSON_C_TO_STRING_PLAIN));
	json_object_put(cur);
	if (!s)
		fprintf(stderr, "vswctl: out of memory\n");
	return s;
}

/* The way back for a change that was not confirmed: the whole host's
 * configuration (scope "all": a switch the change made goes), as an apply
 * of @before would make it, every request tried even after one failed.
 */
int config_restore(const char *before)
{
	json_object *was = json_tokener_parse(before), *cur;
	struct plan pl = { 0 };
	int failed;

	if (!was || load_state(NULL, &cur)) {
		json_object_put(was);
		return 1;
	}
	failed = plan_to(&pl, was, "all", cur, false);
	plan_free(&pl);
	json_object_put(cur);
	return failed;
}

/* apply [--host NAME] [--print] [--no-rollback] FILE: --print checks the
 * file (a fleet's: the host's view) and prints it, with nothing asked of
 * the kernel
 */
int cmd_apply(int argc, char **argv)
{
	struct plan pl = { 0 };
	json_object *doc, *cur;
	const char *host = NULL;
	bool print = false, rollback = true;
	char *before = NULL;
	int i, err;

	file_name = NULL;
	file_host = NULL;	/* (-b: an apply before this one) */
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--print")) {
			print = true;
			continue;
		}
		if (!strcmp(argv[i], "--no-rollback")) {
			rollback = false;
			continue;
		}
		if (!strcmp(argv[i], "--host")) {
			NEXT_ARG(i, argc, argv);
			host = argv[i];
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return usage_error("unknown apply option '%s'", argv[i]);
		if (file_name)
			return usage_error("too many arguments after apply FILE");
		file_name = argv[i];	/* "-": stdin */
	}
	if (!file_name)
		return usage_error("missing argument: FILE");
	doc = strcmp(file_name, "-") ? json_object_from_file(file_name) :
				       json_object_from_fd(0);
	if (!doc) {
		fprintf(stderr, "vswctl: %s: %s\n", file_name,
			json_util_get_last_err() ?: "not valid JSON");
		return 2;
	}
	err = fleet_view(doc, host) ?: check_doc(doc);
	if (!err && print)
		print_doc(doc);
	if (!err && !print)
		err = load_state(NULL, &cur);
	if (err || print) {
		json_object_put(doc);
		return err;
	}
	file_switches = member(doc, "switches");
	/* the state to go back to, before the plan edits its copy */
	before = strdup(json_object_to_json_string_ext(cur, JSON_C_TO_STRING_PLAIN));
	if (!before) {
		fprintf(stderr, "vswctl: out of memory\n");
		err = 1;
		goto out;
	}
	make_plan(&pl, doc, cur);

	/* every request parsed and built, none sent: a bad value in the file
	 * is found before anything changes
	 */
	vsw_dry_run = true;
	for (i = 0; i < pl.n; i++) {
		err = vsw_run(pl.ops[i].args.n, pl.ops[i].args.w);
		if (err == 2) {
			fprintf(stderr, "vswctl: %s: refused (nothing changed): %s\n",
				file_name, pl.ops[i].text);
			goto out;
		}
	}
	vsw_dry_run = false;
	nioc_defer(true);	/* the NIOC trees once a switch is done */
	err = run_plan(&pl, rollback) ? 1 : 0;
	if (err && rollback) {
		roll_back(before, !strcmp(str_or(doc, "scope", "switches"), "all"));
		goto out;
	}
	if (!pl.n)
		printf("# nothing to change\n");
	if (pl.skipped)
		printf("# %d device(s) skipped: they do not exist\n", pl.skipped);
out:
	vsw_dry_run = false;
	if (nioc_defer(false) && !err)
		err = 1;
	plan_free(&pl);
	free(before);
	json_object_put(cur);
	json_object_put(doc);
	return err;
}
