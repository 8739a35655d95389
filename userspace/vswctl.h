/* SPDX-License-Identifier: GPL-2.0 */
/* vswctl: shared declarations. */
#ifndef VSWCTL_H
#define VSWCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <net/if.h>
#include <linux/vswitch.h>

/* global options */
extern bool opt_json, opt_stats, opt_pretty;

/* vswctl.c: argument helpers */
bool matches(const char *arg, const char *keyword);
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int not_supported(const char *word);
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
int parse_mac(const char *s, uint8_t mac[6]);
int parse_vid_list(const char *s, uint8_t bitmap[VSWITCH_VID_BITMAP_LEN]);
void format_vid_list(const uint8_t *bitmap, char *buf, size_t len);
int check_name(const char *what, const char *s, size_t max);
int parse_rate(const char *s, uint64_t *bits_per_s);
int parse_size(const char *s, uint64_t *bytes);
void format_rate(uint64_t bits_per_s, char *buf, size_t len);
void format_size(uint64_t bytes, char *buf, size_t len);

/* nl.c: one request, its replies, and the kernel's error message */
typedef int (*reply_fn)(struct nlattr **tb, void *arg);
struct nl_msg *vsw_msg(uint8_t cmd, int flags);
int vsw_request(struct nl_msg *msg, reply_fn fn, void *arg);
int vsw_monitor(reply_fn fn, void *arg);
void vsw_disconnect(void);
extern uint8_t vsw_reply_cmd;	/* command of the message being handled */
/* the reply the callback decodes: its repeated attributes (mdb sources) */
extern struct nlmsghdr *vsw_reply_nlh;

/* output.c: one path for text and JSON (iproute2's print_* habit): each
 * print_* call names the JSON key and the text format of one value.
 */
void out_list_begin(void);		/* top-level JSON array */
void out_line_end(void);		/* a standalone line: "\n", no comma */
void out_list_end(void);
void out_obj_begin(void);
void out_obj_end(void);
void out_array_begin(const char *key);	/* nested JSON array */
void out_array_end(void);
void print_str(const char *key, const char *fmt, const char *val);
void print_u64(const char *key, const char *fmt, uint64_t val);
void print_bool(const char *key, const char *fmt, bool val);
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void print_stats(struct nlattr *nest);
void json_string(const char *s);
const char *printable(const char *s, char *buf, size_t len);
/* the counters of a stats nest by VSWITCH_STATS_*; their names ("rx_packets",
 * a drop's reason "mtu"), and the drop counters in the order of enum
 * vswitch_drop_reason
 */
int decode_stats(struct nlattr *nest, uint64_t v[VSWITCH_STATS_MAX + 1]);
extern const char * const stat_names[VSWITCH_STATS_MAX + 1];
extern const int drop_attrs[__VSWITCH_DROP_MAX];
void print_lldp_neighbours(const char *dev);

/* nl.c: in a dry run, requests are built but not sent (dumps still are) */
extern bool vsw_dry_run;

/* decode.c: the names of the kernel's enums */
extern const char * const shape_dirs[4];
extern const char * const teaming_names[4];
extern const char * const detect_names[2];
extern const char * const bpdu_guard_names[2];
extern const char * const vlan_modes[5];
extern const char * const pvlan_types[3];
extern const char * const uplink_states[3];
#define NAME_OF(names, v) \
	((v) < sizeof(names) / sizeof(names[0]) && names[v] ? names[v] : "?")
const char *str_attr(struct nlattr **tb, int attr);	/* "" if absent */
uint8_t u8_attr(struct nlattr **tb, int attr);		/* 0 if absent */
uint32_t u32_attr(struct nlattr **tb, int attr);	/* 0 if absent */
uint64_t u64_attr(struct nlattr **tb, int attr);	/* 0 if absent */
void mac_str(const uint8_t *mac, char buf[18]);
bool ip_str(const void *addr, int len, char buf[48]);	/* len 4 or 16 */
int ifindex_list_len(const struct nlattr *nla);
const char *ifindex_list_name(const struct nlattr *nla, int i,
			      char name[IF_NAMESIZE]);

/* decode.c: one decoder per reply (and event) type, shared by show, -j,
 * save and monitor.  Strings point into the message: valid in the reply
 * callback only.
 */
struct switch_info {
	const char *name;
	bool has_mtu;		/* events of deletions carry it too */
	uint32_t mtu, ageing, max_macs, fdb_count, n_ports, n_uplinks;
	uint32_t n_portgroups;
	const char *multicast;	/* "snooping" or "flood" */
	uint32_t mdb_ageing, mdb_count;
	uint64_t nioc_rate;	/* bit/s, 0: off */
	uint32_t hc_interval;	/* periodic health check, s; 0: off */
};

struct uplink_info {
	const char *sw, *name, *state;
	uint32_t ifindex;
	bool active;		/* carries traffic of a portgroup */
	struct nlattr *stats;
};

#define VID_LIST_LEN	(5 * VSWITCH_VID_MAX)	/* "1,3,5,...": the longest */
struct pg_info {
	const char *sw, *name;
	uint32_t n_ports;
	uint8_t vlan_mode;
	uint16_t vid;			/* VST, PVLAN */
	uint32_t vni;			/* VXLAN */
	uint16_t pvlan_primary;		/* PVLAN */
	const char *pvlan_type;
	char trunk[VID_LIST_LEN];	/* trunk: the VID list, "" otherwise */
	char vlan[VID_LIST_LEN + 8];	/* "none", "10", "trunk LIST", "vxlan N" */
	uint8_t pcp;
	const char *teaming, *detect, *shaping, *bpdu_guard;
	struct nlattr *active, *standby;	/* NULL: every uplink */
	struct nlattr *uplinks;			/* its team now */
	bool notify, failback, promisc, forged_tx, mac_changes;
	bool learning, unknown_flood;
	bool ipfix;
	uint32_t learn_limit;
	uint8_t shape_dir;
	bool has_profile;		/* avg, peak and burst below */
	uint64_t shape_avg, shape_peak;
	uint32_t shape_burst;
	uint32_t nioc_shares;
	uint16_t nioc_class;
	uint64_t nioc_resv, nioc_limit;	/* bit/s, 0: none */
};

struct port_info {
	const char *sw, *pg, *name;
	const char *uplink;	/* NULL: none (or iphash) */
	uint32_t ifindex, id, n_macs, max_macs;
	bool internal, has_mac, blocked, cold;
	char mac[18];		/* "-" without one */
	struct nlattr *stats;
};

struct pvlan_info {
	const char *sw, *type;
	uint16_t primary, vid;
};

struct mdb_info {
	const char *sw, *port;
	uint16_t vid;
	char group[48];		/* INET6_ADDRSTRLEN */
	uint32_t expires_ms;
	int n_src;
	char src[8][48];	/* include mode; none: every source */
};

extern const char * const multicast_modes[2];

struct fdb_info {
	const char *sw, *port;
	uint16_t vid;
	bool overlay;		/* an overlay segment's entry: no VID, */
	uint32_t vni;		/* ... its VNI */
	char vtep[48];		/* learned from the overlay: its VTEP; "" */
	char mac[18];
	bool is_static;
	uint32_t age_ms;
};

void decode_switch(struct nlattr **tb, struct switch_info *sw);
void decode_uplink(struct nlattr **tb, struct uplink_info *up);
void decode_pg(struct nlattr **tb, struct pg_info *pg);
void decode_port(struct nlattr **tb, struct port_info *p);
void decode_fdb(struct nlattr **tb, struct fdb_info *f);
void decode_mdb(struct nlattr **tb, struct mdb_info *m);

/* requests.c: the words every object's requests share */
#define NEXT_ARG(i, argc, argv)						\
	do {								\
		if (++(i) >= (argc))					\
			return usage_error("'%s' needs a value",	\
					   (argv)[(i) - 1]);		\
	} while (0)
int put_switch(struct nl_msg *msg, const char *name);
int put_pg(struct nl_msg *msg, const char *name);
int put_dev(struct nl_msg *msg, const char *name);
int put_onoff(struct nl_msg *msg, int attr, const char *what, const char *arg);
int parse_word(const char *arg, const char * const *names, int n);
int expect_args(int argc, int n, const char *what);
void word_key(const char *word, char key[16]);
int parse_ip(const char *s, unsigned char buf[16]);
int norm_ip(const char *s, char out[48]);
bool ip_unicast(const char *s);
int vsw_dump(uint8_t cmd, const char *sw, reply_fn fn, void *arg);

/* The command table (vswctl.c), as iw's COMMAND(): an entry names the
 * request it sends; its fill function puts the request's attributes from
 * the words after OBJECT COMMAND, and the dispatcher allocates, sends and
 * frees the message, printing each reply with the entry's reply function.
 * Commands that are more than one request (show trees, save, apply,
 * monitor) have a handler of their own instead.
 */
typedef int (*fill_fn)(struct nl_msg *msg, int argc, char **argv);
typedef int (*handler_fn)(int argc, char **argv);

/* switch.c */
int fill_switch_add(struct nl_msg *msg, int argc, char **argv);
int fill_switch_set(struct nl_msg *msg, int argc, char **argv);
int fill_switch_del(struct nl_msg *msg, int argc, char **argv);
int cmd_switch_show(int argc, char **argv);
/* uplink.c */
int fill_uplink(struct nl_msg *msg, int argc, char **argv);
int fill_uplink_show(struct nl_msg *msg, int argc, char **argv);
int show_uplink(struct nlattr **tb, void *arg);
/* portgroup.c */
int fill_pg_add(struct nl_msg *msg, int argc, char **argv);
int fill_pg_set(struct nl_msg *msg, int argc, char **argv);
int fill_pg_del(struct nl_msg *msg, int argc, char **argv);
int cmd_pg_show(int argc, char **argv);
/* port.c */
int fill_port_add(struct nl_msg *msg, int argc, char **argv);
int fill_port_set(struct nl_msg *msg, int argc, char **argv);
int fill_port_del(struct nl_msg *msg, int argc, char **argv);
int fill_port_show(struct nl_msg *msg, int argc, char **argv);
int show_port(struct nlattr **tb, void *arg);
/* fdb.c */
int fill_fdb_show(struct nl_msg *msg, int argc, char **argv);
int fill_table_show(struct nl_msg *msg, int argc, char **argv, int vid_attr,
		    const char *what);
int show_fdb(struct nlattr **tb, void *arg);
/* filter.c */
#define FILTER_WORDS	10
extern const char * const filter_words[FILTER_WORDS];
extern const char * const filter_actions[4];
struct filter_info {
	const char *sw, *pg;
	uint32_t index;
	uint64_t packets, bytes;
	char val[FILTER_WORDS][64];	/* each word's value, "" when unset */
};
int put_filter_rule(struct nl_msg *msg, int argc, char **argv);
int fill_filter_add(struct nl_msg *msg, int argc, char **argv);
int fill_filter_del(struct nl_msg *msg, int argc, char **argv);
int fill_filter_show(struct nl_msg *msg, int argc, char **argv);
void decode_filter(struct nlattr **tb, struct filter_info *f);
void filter_rule_text(const struct filter_info *f, char *buf, size_t size);
int show_filter(struct nlattr **tb, void *arg);
/* mirror.c */
#define MIRROR_WORDS	6
extern const char * const mirror_words[MIRROR_WORDS];
struct mirror_info {
	const char *sw, *name;
	uint64_t packets, bytes, drops;
	char src[VID_LIST_LEN + 16];	/* word 0: the sources */
	char val[MIRROR_WORDS][64];	/* the other words' values */
};
int put_mirror_words(struct nl_msg *msg, int argc, char **argv);
int fill_mirror_change(struct nl_msg *msg, int argc, char **argv);
int fill_mirror_del(struct nl_msg *msg, int argc, char **argv);
int fill_mirror_show(struct nl_msg *msg, int argc, char **argv);
void decode_mirror(struct nlattr **tb, struct mirror_info *mi);
const char *mirror_value(const struct mirror_info *mi, int w);
void mirror_text(const struct mirror_info *mi, char *buf, size_t size);
void print_mirror(const struct mirror_info *mi, const char *text_fmt);
int show_mirror(struct nlattr **tb, void *arg);
/* ipfix.c */
#define IPFIX_WORDS	6
extern const char * const ipfix_words[IPFIX_WORDS];
struct ipfix_info {
	bool on;
	uint32_t group;
	char val[IPFIX_WORDS][56];	/* each word's value */
};
int fill_ipfix_set(struct nl_msg *msg, int argc, char **argv);
int fill_ipfix_show(struct nl_msg *msg, int argc, char **argv);
void decode_ipfix(struct nlattr **tb, struct ipfix_info *x);
int show_ipfix(struct nlattr **tb, void *arg);
/* switch.c: the overlay (VXLAN to the other hosts), switch-set's
 * VSWITCH_A_SWITCH_OVERLAY_*
 */
struct overlay_info {
	bool on;
	char local[48];			/* INET6_ADDRSTRLEN; "off" */
	const char *dev, *ifname;	/* NULL: none (now) */
	uint16_t port;
	uint32_t mtu;
	int n_remotes;
	char remotes[VSWITCH_OVERLAY_REMOTES_MAX][48];
	struct nlattr *stats;
};
int fill_overlay_set(struct nl_msg *msg, int argc, char **argv);
int fill_overlay_show(struct nl_msg *msg, int argc, char **argv);
void decode_overlay(struct nlattr **tb, struct overlay_info *o);
int show_overlay(struct nlattr **tb, void *arg);
/* mdb.c */
int fill_mdb_show(struct nl_msg *msg, int argc, char **argv);
int show_mdb(struct nlattr **tb, void *arg);
/* pvlan.c */
int fill_pvlan_add(struct nl_msg *msg, int argc, char **argv);
int fill_pvlan_del(struct nl_msg *msg, int argc, char **argv);
int fill_pvlan_show(struct nl_msg *msg, int argc, char **argv);
void decode_pvlan(struct nlattr **tb, struct pvlan_info *pv);
int show_pvlan(struct nlattr **tb, void *arg);
/* monitor.c */
int cmd_monitor(int argc, char **argv);
/* top.c */
int cmd_top(int argc, char **argv);
/* metrics.c */
int cmd_metrics(int argc, char **argv);
/* config.c */
int cmd_save(int argc, char **argv);
int cmd_apply(int argc, char **argv);
/* vswctl.c: run OBJECT COMMAND ARGS as the command line would (apply);
 * returns the exit code: 0, 1 (the kernel refused) or 2 (usage)
 */
int vsw_run(int argc, char **argv);

/* config.c: the whole running configuration as JSON text (NULL: it could
 * not be read; said), and the way back to it (the number of requests that
 * failed)
 */
char *config_snapshot(void);
int config_restore(const char *before);

/* confirm.c: vswctl --confirm SECONDS COMMAND..., vswctl confirm */
int confirm_run(uint32_t seconds, int argc, char **argv);
void print_confirm(struct nlattr **tb, const char *lead);
int cmd_confirm(int argc, char **argv);

/* nioc.c: vswctl nioc; the uplinks' HTB trees after a change */
int cmd_nioc(int argc, char **argv);
int nioc_sync(const char *sw, bool rate_changed);
void nioc_forget(const char *dev);
void nioc_unsync(const char *sw);
int nioc_defer(bool on);

/* healthcheck.c: vswctl healthcheck SWITCH [vlan LIST] [mtu] */
int cmd_healthcheck(int argc, char **argv);
void print_healthcheck_row(struct nlattr **tb, const char *lead);

#endif
