/* SPDX-License-Identifier: GPL-2.0 */
/* vswctl: shared declarations. */
#ifndef VSWCTL_H
#define VSWCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
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
extern uint8_t vsw_reply_cmd;	/* command of the message being handled */

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

/* nl.c: in a dry run, requests are built but not sent (dumps still are) */
extern bool vsw_dry_run;

/* objects.c: the names of the kernel's enums */
extern const char * const shape_dirs[4];
extern const char * const teaming_names[4];
extern const char * const detect_names[2];
extern const char * const vlan_modes[3];
#define NAME_OF(names, v) \
	((v) < sizeof(names) / sizeof(names[0]) && names[v] ? names[v] : "?")
int vsw_dump(uint8_t cmd, const char *sw, reply_fn fn, void *arg);
const char *str_attr(struct nlattr **tb, int attr);	/* "" if absent */
uint8_t u8_attr(struct nlattr **tb, int attr);		/* 0 if absent */

/* objects.c: command handlers, argc/argv start after OBJECT COMMAND */
int cmd_switch_add(int argc, char **argv);
int cmd_switch_set(int argc, char **argv);
int cmd_switch_del(int argc, char **argv);
int cmd_switch_show(int argc, char **argv);
int cmd_uplink_add(int argc, char **argv);
int cmd_uplink_del(int argc, char **argv);
int cmd_uplink_show(int argc, char **argv);
int cmd_pg_add(int argc, char **argv);
int cmd_pg_set(int argc, char **argv);
int cmd_pg_del(int argc, char **argv);
int cmd_pg_show(int argc, char **argv);
int cmd_port_add(int argc, char **argv);
int cmd_port_set(int argc, char **argv);
int cmd_port_del(int argc, char **argv);
int cmd_port_show(int argc, char **argv);
int cmd_fdb_show(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
/* config.c */
int cmd_save(int argc, char **argv);
int cmd_apply(int argc, char **argv);

#endif
