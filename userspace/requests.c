// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: the words every object's requests share: names (checked here, so
 * that a bad one is a usage error before anything is sent), on/off, and
 * dumps of one switch.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include "vswctl.h"

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

int put_switch(struct nl_msg *msg, const char *name)
{
	return put_name(msg, VSWITCH_A_SWITCH_NAME, "switch name", name,
			VSWITCH_NAME_MAX);
}

int put_dev(struct nl_msg *msg, const char *name)
{
	return put_name(msg, VSWITCH_A_IFNAME, "device name", name,
			IFNAMSIZ - 1);
}

int put_pg(struct nl_msg *msg, const char *name)
{
	return put_name(msg, VSWITCH_A_PG_NAME, "portgroup name", name,
			VSWITCH_PG_NAME_MAX);
}

/* The index of @arg (or a prefix of it) in @names, or -1. */
int parse_word(const char *arg, const char * const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && matches(arg, names[i]))
			return i;
	return -1;
}

/* "on"/"off" as 1/0 into @attr. */
int put_onoff(struct nl_msg *msg, int attr, const char *what, const char *arg)
{
	static const char * const onoff[] = { "off", "on" };
	int v = parse_word(arg, onoff, 2);

	if (v < 0)
		return usage_error("%s must be on or off, not '%s'", what, arg);
	return nla_put_u8(msg, attr, v) ? -EMSGSIZE : 0;
}

int expect_args(int argc, int n, const char *what)
{
	if (argc < n)
		return usage_error("missing arguments: %s", what);
	if (argc > n)
		return usage_error("too many arguments after %s", what);
	return 0;
}

/* A dump of @cmd, of one switch or (@sw NULL) of all. */
int vsw_dump(uint8_t cmd, const char *sw, reply_fn fn, void *arg)
{
	struct nl_msg *msg = vsw_msg(cmd, NLM_F_DUMP);
	int err = 0;

	if (!msg)
		return -1;
	if (sw)
		err = put_switch(msg, sw);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return vsw_request(msg, fn, arg);
}

/* The JSON key of a command-line word (save, apply, show -j): '-' as '_' */
void word_key(const char *word, char key[16])
{
	int k;

	snprintf(key, 16, "%s", word);
	for (k = 0; key[k]; k++)
		if (key[k] == '-')
			key[k] = '_';
}

/* An IPv4 or IPv6 address into @buf; its length (4, 16), 0 if neither */
int parse_ip(const char *s, unsigned char buf[16])
{
	if (inet_pton(AF_INET, s, buf) == 1)
		return 4;
	return inet_pton(AF_INET6, s, buf) == 1 ? 16 : 0;
}

/* @s as inet_ntop() writes it (one spelling per address: apply compares
 * the words); its length as parse_ip(), 0 (@out "") if not an address
 */
/* Whether @s is an address a VTEP can have, as the kernel judges it: not
 * zero, loopback, multicast, broadcast, or IPv6 link-local.
 */
bool ip_unicast(const char *s)
{
	unsigned char b[16];
	int len = parse_ip(s, b);

	if (len == 4)
		return b[0] && b[0] != 127 && b[0] < 224;
	if (len != 16 || b[0] == 0xff || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
		return false;
	/* :: and ::1 */
	return memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15) || b[15] > 1;
}

int norm_ip(const char *s, char out[48])
{
	unsigned char buf[16];
	int len = parse_ip(s, buf);

	out[0] = '\0';
	if (len)
		ip_str(buf, len, out);
	return len;
}
