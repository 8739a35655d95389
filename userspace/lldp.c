// SPDX-License-Identifier: GPL-2.0
/*
 * The LLDP neighbours of uplinks, as lldpd knows them (ESX: "CDP/LLDP
 * listen", the physical switch port each NIC is plugged into).  vswitch
 * runs no LLDP of its own: the switch passes the link's LLDP frames to the
 * host stack (datapath.c), where lldpd, when it runs, listens and
 * advertises on the uplinks' physical links; `uplink show` asks it with
 * `lldpcli -f json0 show neighbors`.  No lldpd, no lldpcli: no neighbours,
 * and no error.
 *
 * An uplink that is a bond or a team has its neighbours on its lower
 * links (each cable has its own), found in /sys/class/net/DEV/lower_*.
 */
#define _GNU_SOURCE	/* secure_getenv() */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include "vswctl.h"

#define LLDPD_SOCKET	"/run/lldpd.socket"
#define LLDPCLI		"/usr/sbin/lldpcli"
#define LLDPCLI_SHOW	LLDPCLI " -f json0 show neighbors </dev/null 2>/dev/null"

static json_object *neighbours;	/* lldp[0].interface[], or NULL */
static bool loaded;

/* json0 output: every value is an array of objects with a "value" */
static json_object *first(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	if (json_object_is_type(v, json_type_array))
		return json_object_array_length(v) ?
		       json_object_array_get_idx(v, 0) : NULL;
	return v;
}

static const char *value(json_object *o, const char *key)
{
	json_object *v = first(first(o, key), "value");

	return v && json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : NULL;
}

/* a plain string attribute (json0 keeps those as they are) */
static const char *attr(json_object *o, const char *key)
{
	json_object *v = first(o, key);

	return v && json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : NULL;
}

static void load(void)
{
	/* not from the environment of a setuid or sudo -E caller */
	const char *cmd = getuid() == geteuid() ?
			  secure_getenv("VSWITCH_LLDPCLI") : NULL;
	json_object *doc;
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];
	FILE *f;

	loaded = true;
	if (!cmd) {
		if (access(LLDPCLI, X_OK) || access(LLDPD_SOCKET, F_OK))
			return;		/* no lldpd here */
		cmd = LLDPCLI_SHOW;
	}
	f = popen(cmd, "r");
	if (!f)
		return;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *nb = realloc(buf, len + n + 1);

		if (!nb)
			break;
		buf = nb;
		memcpy(buf + len, chunk, n);
		len += n;
		buf[len] = '\0';
	}
	pclose(f);
	if (!buf)
		return;
	doc = json_tokener_parse(buf);
	free(buf);
	if (!doc)
		return;
	/* kept for the process's life: the uplinks of one show use it */
	neighbours = json_object_object_get(first(doc, "lldp"), "interface");
	if (!neighbours || !json_object_is_type(neighbours, json_type_array)) {
		neighbours = NULL;
		json_object_put(doc);
	}
}

/* the neighbours lldpd has on @ifname, each printed */
static void print_link(const char *ifname, bool *any)
{
	size_t i;

	for (i = 0; neighbours && i < json_object_array_length(neighbours); i++) {
		json_object *n = json_object_array_get_idx(neighbours, i);
		json_object *name = json_object_object_get(n, "name");
		json_object *chassis = first(n, "chassis");
		json_object *port = first(n, "port");
		const char *sys, *pid, *pdescr, *ptype;
		char b1[256], b2[256], b3[256];

		if (!name || strcmp(json_object_get_string(name), ifname))
			continue;
		sys = printable(value(chassis, "name") ?: value(chassis, "id") ?: "?",
				b1, sizeof(b1));
		pid = printable(value(port, "id") ?: "?", b2, sizeof(b2));
		pdescr = value(port, "descr");
		if (pdescr)
			pdescr = printable(pdescr, b3, sizeof(b3));
		ptype = attr(first(port, "id"), "type");
		out_obj_begin();
		print_str("interface", NULL, ifname);
		print_str("system", *any ? ", %s" : "  lldp %s", sys);
		/* a switch sends its port's name as the port ID; lldpd (a
		 * Linux peer) its MAC, and its name as the description
		 */
		print_str("port", " %s",
			  ptype && !strcmp(ptype, "mac") && pdescr ? pdescr : pid);
		print_str("port_id", NULL, pid);
		if (pdescr)
			print_str("port_descr", NULL, pdescr);
		out_obj_end();
		*any = true;
	}
}

/**
 * print_lldp_neighbours() - an uplink's LLDP neighbours, from lldpd
 * @dev: the uplink's netdev name
 *
 * Text: "  lldp SYSTEM PORT[, SYSTEM PORT...]"; JSON: "lldp": [{interface,
 * system, port, port_id, port_descr}], empty without lldpd.  The command is
 * $VSWITCH_LLDPCLI when set (a command that prints `lldpcli -f json0 show
 * neighbors`: another lldpd's socket, a remote host's).
 */
void print_lldp_neighbours(const char *dev)
{
	char path[300];
	struct dirent *d;
	bool any = false;
	DIR *dir;

	if (!loaded)
		load();
	out_array_begin("lldp");
	print_link(dev, &any);
	snprintf(path, sizeof(path), "/sys/class/net/%s", dev);
	dir = opendir(path);
	while (dir && (d = readdir(dir)))
		if (!strncmp(d->d_name, "lower_", 6))
			print_link(d->d_name + 6, &any);
	if (dir)
		closedir(dir);
	out_array_end();
}
