// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl mirror add|set|del|show: port mirroring sessions (vDS "port
 * mirroring").  A session is written the same way everywhere: on the
 * command line, in show, in events, and (as a JSON object of the same
 * words) in save and apply:
 *
 *   src DEV[,DEV...] | src portgroup PG | src vlan LIST
 *   dir in|out|both
 *   dst port DEV | dst uplink DEV vlan N | dst dev NETDEV
 *   snaplen N  sample N  dst-io on|off
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include "vswctl.h"

const char * const mirror_words[MIRROR_WORDS] = {
	"src", "dir", "dst", "snaplen", "sample", "dst-io",
};

static const char * const dirs[4] = { NULL, "in", "out", "both" };
static const char * const dst_types[3] = {
	[VSWITCH_MIRROR_DST_PORT] = "port",
	[VSWITCH_MIRROR_DST_UPLINK] = "uplink",
	[VSWITCH_MIRROR_DST_DEV] = "dev",
};

static int put_name(struct nl_msg *msg, int attr, const char *what,
		    const char *name, size_t max)
{
	return check_name(what, name, max) ?:
	       (nla_put_string(msg, attr, name) ? -EMSGSIZE : 0);
}

/* src DEV[,DEV...] | portgroup PG | vlan LIST, from argv[*i] on (*i: its
 * last word, after)
 */
static int put_src(struct nl_msg *msg, int argc, char **argv, int *pi)
{
	uint8_t bitmap[VSWITCH_VID_BITMAP_LEN];
	char *list, *dev, *save = NULL;
	int err = 0, n = 0, i = *pi;

	if (!strcmp(argv[i], "portgroup")) {
		NEXT_ARG(i, argc, argv);
		*pi = i;
		return put_name(msg, VSWITCH_A_MIRROR_SRC_PG, "portgroup",
				argv[i], VSWITCH_PG_NAME_MAX);
	}
	if (!strcmp(argv[i], "vlan")) {
		NEXT_ARG(i, argc, argv);
		*pi = i;
		if (parse_vid_list(argv[i], bitmap))
			return usage_error("src vlan: a VLAN list such as 10,20-29, not '%s'",
					   argv[i]);
		return nla_put(msg, VSWITCH_A_MIRROR_SRC_VIDS, sizeof(bitmap),
			       bitmap) ? -EMSGSIZE : 0;
	}
	list = strdup(argv[i]);
	if (!list)
		return -ENOMEM;
	for (dev = strtok_r(list, ",", &save); dev && !err;
	     dev = strtok_r(NULL, ",", &save), n++)
		err = put_name(msg, VSWITCH_A_MIRROR_SRC_IFNAME, "source device",
			       dev, VSWITCH_NAME_MAX);
	free(list);
	if (!err && !n)
		err = usage_error("src: a device list such as vm1,vm2, not '%s'",
				  argv[i]);
	return err;
}

/* dst port DEV | uplink DEV vlan N | dev NETDEV, as put_src() */
static int put_dst(struct nl_msg *msg, int argc, char **argv, int *pi)
{
	int type = parse_word(argv[*pi], dst_types, 3), i = *pi, err;
	uint32_t vid;

	if (type < 0)
		return usage_error("dst is port DEV, uplink DEV vlan N or dev NETDEV, not '%s'",
				   argv[i]);
	NEXT_ARG(i, argc, argv);
	*pi = i;
	err = put_name(msg, VSWITCH_A_MIRROR_DST_IFNAME, "destination", argv[i],
		       VSWITCH_NAME_MAX);
	if (err)
		return err;
	if (nla_put_u8(msg, VSWITCH_A_MIRROR_DST_TYPE, type))
		return -EMSGSIZE;
	if (type != VSWITCH_MIRROR_DST_UPLINK)
		return 0;
	if (i + 2 >= argc || strcmp(argv[i + 1], "vlan") ||
	    parse_u32(argv[i + 2], 1, VSWITCH_VID_MAX, &vid))
		return usage_error("dst uplink %s needs its RSPAN VLAN: vlan 1-%d",
				   argv[i], VSWITCH_VID_MAX);
	*pi = i + 2;
	return nla_put_u16(msg, VSWITCH_A_MIRROR_RSPAN_VID, vid) ? -EMSGSIZE : 0;
}

/* The words of a session (after SWITCH NAME), into @msg */
int put_mirror_words(struct nl_msg *msg, int argc, char **argv)
{
	int i, w, err = 0;
	uint32_t v;

	for (i = 0; i < argc; i++) {
		w = parse_word(argv[i], mirror_words, MIRROR_WORDS);
		if (w < 0)
			return usage_error("unknown mirror word '%s'", argv[i]);
		NEXT_ARG(i, argc, argv);
		switch (w) {
		case 0:	/* src */
			err = put_src(msg, argc, argv, &i);
			break;
		case 2:	/* dst */
			err = put_dst(msg, argc, argv, &i);
			break;
		case 1:	/* dir */
			v = parse_word(argv[i], dirs, 4);
			if ((int)v < 1)
				return usage_error("dir is in, out or both, not '%s'",
						   argv[i]);
			err = nla_put_u8(msg, VSWITCH_A_MIRROR_DIR, v) ? -EMSGSIZE : 0;
			break;
		case 3:	/* snaplen */
			if (parse_u32(argv[i], 0, VSWITCH_MIRROR_SNAPLEN_MAX, &v) ||
			    (v && v < VSWITCH_MIRROR_SNAPLEN_MIN))
				return usage_error("snaplen must be 0 (whole frames) or %d-%d, not '%s'",
						   VSWITCH_MIRROR_SNAPLEN_MIN,
						   VSWITCH_MIRROR_SNAPLEN_MAX, argv[i]);
			err = nla_put_u32(msg, VSWITCH_A_MIRROR_SNAPLEN, v) ?
			      -EMSGSIZE : 0;
			break;
		case 4:	/* sample */
			if (parse_u32(argv[i], 1, 65535, &v))
				return usage_error("sample must be 1-65535 (1 of N), not '%s'",
						   argv[i]);
			err = nla_put_u32(msg, VSWITCH_A_MIRROR_SAMPLE, v) ?
			      -EMSGSIZE : 0;
			break;
		case 5:	/* dst-io */
			err = put_onoff(msg, VSWITCH_A_MIRROR_DST_IO, "dst-io",
					argv[i]);
			break;
		}
		if (err)
			return err;
	}
	return 0;
}

static int put_switch_mirror(struct nl_msg *msg, int argc, char **argv)
{
	if (argc < 2)
		return usage_error("missing arguments: SWITCH NAME");
	return put_switch(msg, argv[0]) ?:
	       put_name(msg, VSWITCH_A_MIRROR_NAME, "session name", argv[1],
			VSWITCH_PG_NAME_MAX);
}

/* mirror add|set SWITCH NAME WORDS... */
int fill_mirror_change(struct nl_msg *msg, int argc, char **argv)
{
	return put_switch_mirror(msg, argc, argv) ?:
	       put_mirror_words(msg, argc - 2, argv + 2);
}

int fill_mirror_del(struct nl_msg *msg, int argc, char **argv)
{
	return expect_args(argc, 2, "SWITCH NAME") ?:
	       put_switch_mirror(msg, argc, argv);
}

int fill_mirror_show(struct nl_msg *msg, int argc, char **argv)
{
	if (argc > 2)
		return usage_error("too many arguments after mirror show SWITCH NAME");
	if (argc > 1)
		return put_switch_mirror(msg, argc, argv);
	return argc ? put_switch(msg, argv[0]) : 0;
}

void decode_mirror(struct nlattr **tb, struct mirror_info *mi)
{
	size_t len = 0, size = sizeof(mi->src);
	struct nlattr *a;
	int rem, type;

	memset(mi, 0, sizeof(*mi));
	mi->sw = str_attr(tb, VSWITCH_A_SWITCH_NAME);
	mi->name = str_attr(tb, VSWITCH_A_MIRROR_NAME);
	if (tb[VSWITCH_A_MIRROR_SRC_PG]) {
		snprintf(mi->src, size, "portgroup %s",
			 str_attr(tb, VSWITCH_A_MIRROR_SRC_PG));
	} else if (tb[VSWITCH_A_MIRROR_SRC_VIDS]) {
		len = snprintf(mi->src, size, "vlan ");
		format_vid_list(nla_data(tb[VSWITCH_A_MIRROR_SRC_VIDS]),
				mi->src + len, size - len);
	} else {
		/* the source ports repeat: read them from the message */
		nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(vsw_reply_nlh), 0),
				  genlmsg_attrlen(nlmsg_data(vsw_reply_nlh), 0), rem)
			if (nla_type(a) == VSWITCH_A_MIRROR_SRC_IFNAME &&
			    len < size)
				len += snprintf(mi->src + len, size - len, "%s%s",
						len ? "," : "", (char *)nla_data(a));
	}
	snprintf(mi->val[1], sizeof(mi->val[1]), "%s",
		 NAME_OF(dirs, u8_attr(tb, VSWITCH_A_MIRROR_DIR) & 3u));
	type = u8_attr(tb, VSWITCH_A_MIRROR_DST_TYPE);
	len = snprintf(mi->val[2], sizeof(mi->val[2]), "%s %s",
		       NAME_OF(dst_types, (unsigned int)type),
		       str_attr(tb, VSWITCH_A_MIRROR_DST_IFNAME));
	if (tb[VSWITCH_A_MIRROR_RSPAN_VID])
		snprintf(mi->val[2] + len, sizeof(mi->val[2]) - len, " vlan %u",
			 nla_get_u16(tb[VSWITCH_A_MIRROR_RSPAN_VID]));
	snprintf(mi->val[3], sizeof(mi->val[3]), "%u",
		 u32_attr(tb, VSWITCH_A_MIRROR_SNAPLEN));
	snprintf(mi->val[4], sizeof(mi->val[4]), "%u",
		 u32_attr(tb, VSWITCH_A_MIRROR_SAMPLE));
	snprintf(mi->val[5], sizeof(mi->val[5]), "%s",
		 u8_attr(tb, VSWITCH_A_MIRROR_DST_IO) ? "on" : "off");
	mi->packets = u64_attr(tb, VSWITCH_A_MIRROR_PACKETS);
	mi->bytes = u64_attr(tb, VSWITCH_A_MIRROR_BYTES);
	mi->drops = u64_attr(tb, VSWITCH_A_MIRROR_DROPS);
}

/* word @w's value */
const char *mirror_value(const struct mirror_info *mi, int w)
{
	return w ? mi->val[w] : mi->src;
}

/* "src vm1 dir both dst port mon snaplen 0 sample 1 dst-io off" */
void mirror_text(const struct mirror_info *mi, char *buf, size_t size)
{
	size_t len = 0;
	int w;

	buf[0] = '\0';
	for (w = 0; w < MIRROR_WORDS && len < size; w++)
		len += snprintf(buf + len, size - len, "%s%s %s", len ? " " : "",
				mirror_words[w], mirror_value(mi, w));
}

/* one session: its words, text or JSON keys */
void print_mirror(const struct mirror_info *mi, const char *text_fmt)
{
	static char text[VID_LIST_LEN + 256];
	char key[16];
	int w;

	if (!opt_json) {
		mirror_text(mi, text, sizeof(text));
		print_text(text_fmt, text);
		return;
	}
	for (w = 0; w < MIRROR_WORDS; w++) {
		word_key(mirror_words[w], key);
		print_str(key, NULL, mirror_value(mi, w));
	}
}

int show_mirror(struct nlattr **tb, void *arg)
{
	static struct mirror_info mi;

	(void)arg;
	decode_mirror(tb, &mi);
	out_obj_begin();
	print_str("switch", "%-16s", mi.sw);
	print_str("name", "%-16s", mi.name);
	print_mirror(&mi, "%-64s");
	print_u64("packets", " %llu", mi.packets);
	print_u64("bytes", " %llu", mi.bytes);
	print_u64("drops", " %llu", mi.drops);
	out_obj_end();
	return 0;
}
