// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl metrics [SWITCH] [-o FILE]: the counters and state of every
 * switch in Prometheus's text exposition format, for node_exporter's
 * textfile collector (the zero-daemon path: a systemd timer runs this and
 * node_exporter serves the file).  -o writes FILE atomically (a temporary
 * file in its directory, renamed over it), so a scrape never reads half.
 *
 * The exposition format wants every sample of a metric together, under
 * one HELP and TYPE: the objects are collected first, then printed one
 * metric at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <inttypes.h>
#include "vswctl.h"

/* one port, uplink or overlay: its labels and its counters */
struct metric_obj {
	char sw[IFNAMSIZ], name[IFNAMSIZ], pg[VSWITCH_PG_NAME_MAX + 1];
	char uplink[IFNAMSIZ];		/* port: its uplink now, "" none */
	const char *state;		/* uplink: "up", "down", ... */
	bool active;			/* uplink: carrying traffic */
	uint32_t macs, max_macs;	/* switch, port */
	uint32_t n_ports;		/* portgroup */
	char vlan[32];			/* portgroup */
	uint64_t v[VSWITCH_STATS_MAX + 1];
};

struct metric_set {
	struct metric_obj *v;
	int n;
};

struct metrics {
	struct metric_set switches, uplinks, pgs, ports, overlays;
};

static struct metric_obj *metric_add(struct metric_set *s, const char *sw,
				     const char *name)
{
	struct metric_obj *o = realloc(s->v, (s->n + 1) * sizeof(*s->v));

	if (!o)
		return NULL;
	s->v = o;
	o = &s->v[s->n++];
	memset(o, 0, sizeof(*o));
	snprintf(o->sw, sizeof(o->sw), "%s", sw);
	snprintf(o->name, sizeof(o->name), "%s", name);
	return o;
}

static int metric_switch(struct nlattr **tb, void *arg)
{
	struct metrics *m = arg;
	struct overlay_info ov;
	struct switch_info sw;
	struct metric_obj *o;

	decode_switch(tb, &sw);
	o = metric_add(&m->switches, sw.name, sw.name);
	if (!o)
		return -ENOMEM;
	o->macs = sw.fdb_count;
	o->max_macs = sw.max_macs;
	decode_overlay(tb, &ov);
	if (!ov.on)
		return 0;
	o = metric_add(&m->overlays, sw.name, ov.ifname ?: "");
	if (!o)
		return -ENOMEM;
	decode_stats(ov.stats, o->v);
	return 0;
}

static int metric_uplink(struct nlattr **tb, void *arg)
{
	struct metrics *m = arg;
	struct uplink_info up;
	struct metric_obj *o;

	decode_uplink(tb, &up);
	o = metric_add(&m->uplinks, up.sw, up.name);
	if (!o)
		return -ENOMEM;
	o->state = up.state;	/* (a string of decode.c's, not the message) */
	o->active = up.active;
	decode_stats(up.stats, o->v);
	return 0;
}

static int metric_pg(struct nlattr **tb, void *arg)
{
	static struct pg_info pg;	/* its VID list is long */
	struct metrics *m = arg;
	struct metric_obj *o;

	decode_pg(tb, &pg);
	o = metric_add(&m->pgs, pg.sw, pg.name);
	if (!o)
		return -ENOMEM;
	snprintf(o->pg, sizeof(o->pg), "%s", pg.name);
	o->n_ports = pg.n_ports;
	/* a label, not the trunk list: "trunk", "vxlan", or the VID */
	if (pg.vlan_mode == VSWITCH_VLAN_MODE_TRUNK)
		snprintf(o->vlan, sizeof(o->vlan), "trunk");
	else
		snprintf(o->vlan, sizeof(o->vlan), "%.31s", pg.vlan);
	return 0;
}

static int metric_port(struct nlattr **tb, void *arg)
{
	struct metrics *m = arg;
	struct port_info p;
	struct metric_obj *o;

	decode_port(tb, &p);
	o = metric_add(&m->ports, p.sw, p.name);
	if (!o)
		return -ENOMEM;
	snprintf(o->pg, sizeof(o->pg), "%s", p.pg);
	snprintf(o->uplink, sizeof(o->uplink), "%s", p.uplink ?: "");
	o->macs = p.n_macs;
	o->max_macs = p.max_macs;
	decode_stats(p.stats, o->v);
	return 0;
}

/* The length of the UTF-8 sequence at @s, 0 if it is not one (a netdev
 * name may hold any byte; Prometheus refuses a file with one label value
 * that is not UTF-8)
 */
static int utf8_len(const unsigned char *s)
{
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* a label value: \, " and newline escaped, as the format says; a byte
 * that is not UTF-8 as U+FFFD
 */
static void put_label(FILE *f, const char *key, const char *val, bool first)
{
	const unsigned char *s = (const unsigned char *)val;
	int n;

	fprintf(f, "%s%s=\"", first ? "" : ",", key);
	while (*s) {
		n = utf8_len(s);
		if (!n) {
			fputs("\xef\xbf\xbd", f);
			s++;
		} else if (*s == '\\' || *s == '"') {
			fprintf(f, "\\%c", *s++);
		} else if (*s == '\n') {
			fputs("\\n", f);
			s++;
		} else {
			fwrite(s, 1, n, f);
			s += n;
		}
	}
	fputc('"', f);
}

/* which labels name an object of a set */
enum labels { L_SWITCH, L_UPLINK, L_PG, L_PORT };

static void put_labels(FILE *f, enum labels l, const struct metric_obj *o)
{
	put_label(f, "switch", o->sw, true);
	if (l == L_UPLINK)
		put_label(f, "uplink", o->name, false);
	if (l == L_PG || l == L_PORT)
		put_label(f, "portgroup", o->pg, false);
	if (l == L_PORT)
		put_label(f, "port", o->name, false);
}

static void put_head(FILE *f, const char *name, const char *type,
		     const char *help)
{
	fprintf(f, "# HELP vswitch_%s %s\n# TYPE vswitch_%s %s\n",
		name, help, name, type);
}

/* the four traffic counters and the drops by reason of one set */
static void put_counters(FILE *f, const char *kind, enum labels l,
			 const struct metric_set *s)
{
	static const struct {
		const char *suffix, *help;
		int stat;
	} traffic[] = {
		{ "rx_packets_total", "frames the switch received from it", VSWITCH_STATS_RX_PACKETS },
		{ "rx_bytes_total", "bytes the switch received from it", VSWITCH_STATS_RX_BYTES },
		{ "tx_packets_total", "frames the switch sent to it", VSWITCH_STATS_TX_PACKETS },
		{ "tx_bytes_total", "bytes the switch sent to it", VSWITCH_STATS_TX_BYTES },
	};
	char name[64], help[96];
	size_t t;
	int i, r;

	if (!s->n)
		return;
	for (t = 0; t < sizeof(traffic) / sizeof(traffic[0]); t++) {
		snprintf(name, sizeof(name), "%s_%s", kind, traffic[t].suffix);
		snprintf(help, sizeof(help), "The %s's counter: %s.", kind,
			 traffic[t].help);
		put_head(f, name, "counter", help);
		for (i = 0; i < s->n; i++) {
			fprintf(f, "vswitch_%s{", name);
			put_labels(f, l, &s->v[i]);
			fprintf(f, "} %" PRIu64 "\n", s->v[i].v[traffic[t].stat]);
		}
	}
	snprintf(name, sizeof(name), "%s_drops_total", kind);
	snprintf(help, sizeof(help),
		 "Frames of the %s the switch dropped, by reason (vswctl(8), Counters).",
		 kind);
	put_head(f, name, "counter", help);
	for (i = 0; i < s->n; i++)
		for (r = 0; r < __VSWITCH_DROP_MAX; r++) {
			fprintf(f, "vswitch_%s{", name);
			put_labels(f, l, &s->v[i]);
			put_label(f, "reason", stat_names[drop_attrs[r]], false);
			fprintf(f, "} %" PRIu64 "\n", s->v[i].v[drop_attrs[r]]);
		}
}

static void put_metrics(FILE *f, const struct metrics *m, bool up)
{
	int i;

	put_head(f, "up", "gauge",
		 "1 if vswctl could read the switches (0: the module is not loaded, or no such switch).");
	fprintf(f, "vswitch_up %d\n", up);
	if (!up)
		return;
	put_head(f, "macs", "gauge", "Entries in the switch's MAC table.");
	for (i = 0; i < m->switches.n; i++) {
		fputs("vswitch_macs{", f);
		put_labels(f, L_SWITCH, &m->switches.v[i]);
		fprintf(f, "} %u\n", m->switches.v[i].macs);
	}
	put_head(f, "max_macs", "gauge", "The switch's MAC table limit.");
	for (i = 0; i < m->switches.n; i++) {
		fputs("vswitch_max_macs{", f);
		put_labels(f, L_SWITCH, &m->switches.v[i]);
		fprintf(f, "} %u\n", m->switches.v[i].max_macs);
	}
	if (m->pgs.n) {
		put_head(f, "portgroup_ports", "gauge",
			 "Ports in the portgroup; its vlan label: a VID, none, trunk, pvlan or vxlan VNI.");
		for (i = 0; i < m->pgs.n; i++) {
			fputs("vswitch_portgroup_ports{", f);
			put_labels(f, L_PG, &m->pgs.v[i]);
			put_label(f, "vlan", m->pgs.v[i].vlan, false);
			fprintf(f, "} %u\n", m->pgs.v[i].n_ports);
		}
	}
	if (m->uplinks.n) {
		put_head(f, "uplink_up", "gauge",
			 "1 if the uplink's link is up (carrier and beacons), else 0.");
		for (i = 0; i < m->uplinks.n; i++) {
			fputs("vswitch_uplink_up{", f);
			put_labels(f, L_UPLINK, &m->uplinks.v[i]);
			fprintf(f, "} %d\n", !strcmp(m->uplinks.v[i].state, "up"));
		}
		put_head(f, "uplink_active", "gauge",
			 "1 if the uplink carries the traffic of a portgroup now, else 0.");
		for (i = 0; i < m->uplinks.n; i++) {
			fputs("vswitch_uplink_active{", f);
			put_labels(f, L_UPLINK, &m->uplinks.v[i]);
			fprintf(f, "} %d\n", m->uplinks.v[i].active);
		}
		put_counters(f, "uplink", L_UPLINK, &m->uplinks);
	}
	if (m->ports.n) {
		put_head(f, "port_macs", "gauge",
			 "MAC addresses the switch has learned on the port.");
		for (i = 0; i < m->ports.n; i++) {
			fputs("vswitch_port_macs{", f);
			put_labels(f, L_PORT, &m->ports.v[i]);
			fprintf(f, "} %u\n", m->ports.v[i].macs);
		}
		put_head(f, "port_active_uplink", "gauge",
			 "1 for the uplink the port's traffic leaves by now (none: no sample).");
		for (i = 0; i < m->ports.n; i++) {
			if (!m->ports.v[i].uplink[0])
				continue;
			fputs("vswitch_port_active_uplink{", f);
			put_labels(f, L_PORT, &m->ports.v[i]);
			put_label(f, "uplink", m->ports.v[i].uplink, false);
			fputs("} 1\n", f);
		}
		put_counters(f, "port", L_PORT, &m->ports);
	}
	put_counters(f, "overlay", L_SWITCH, &m->overlays);
}

static void metrics_free(struct metrics *m)
{
	free(m->switches.v);
	free(m->uplinks.v);
	free(m->pgs.v);
	free(m->ports.v);
	free(m->overlays.v);
}

/* FILE written whole or not at all: a new file of ours beside it (mkstemp:
 * a name no one can plant a symlink or a file at, should the collector's
 * directory be another user's), renamed over FILE
 */
static int write_atomic(const char *path, const struct metrics *m, bool up)
{
	char tmp[4096];
	FILE *f = NULL;
	int err = 0, fd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp))
		return usage_error("-o: path too long");
	fd = mkstemp(tmp);
	if (fd < 0 || fchmod(fd, 0644) || !(f = fdopen(fd, "w"))) {
		err = -errno;
		fprintf(stderr, "vswctl: %s: %s\n", fd < 0 ? path : tmp,
			strerror(-err));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return err;
	}
	put_metrics(f, m, up);
	if (ferror(f) || fflush(f) || fsync(fileno(f)))
		err = -(errno ?: EIO);
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		fprintf(stderr, "vswctl: %s: %s\n", path, strerror(-err));
		unlink(tmp);
	}
	return err;
}

int cmd_metrics(int argc, char **argv)
{
	struct metrics m = { 0 };
	const char *sw = NULL, *out = NULL;
	int i, err;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o")) {
			NEXT_ARG(i, argc, argv);
			out = argv[i];
		} else if (!sw) {
			sw = argv[i];
		} else {
			return usage_error("too many arguments after metrics [SWITCH]");
		}
	}
	if (opt_json)
		return usage_error("metrics prints Prometheus's text format, not JSON");
	err = vsw_dump(VSWITCH_CMD_SWITCH_GET, sw, metric_switch, &m) ?:
	      vsw_dump(VSWITCH_CMD_UPLINK_GET, sw, metric_uplink, &m) ?:
	      vsw_dump(VSWITCH_CMD_PORTGROUP_GET, sw, metric_pg, &m) ?:
	      vsw_dump(VSWITCH_CMD_PORT_GET, sw, metric_port, &m);
	if (!err && !out)
		put_metrics(stdout, &m, true);
	/* the file says so when the switches cannot be read (no module):
	 * vswitch_up 0, not the last values for ever
	 */
	if (out) {
		int werr = write_atomic(out, &m, !err);

		err = err ?: werr;
	}
	metrics_free(&m);
	return err;
}
