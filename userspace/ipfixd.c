// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch-ipfixd: IPFIX flow export for vswitch (vDS "NetFlow").
 *
 * The module samples (1 of N at random) the frames its IPFIX portgroups' ports send and
 * receive into psample, one group per exporting switch (kmod/ipfix.c).
 * This daemon reads the switches' export settings (collector, domain,
 * timeouts: `vswctl ipfix set`), follows their changes on the vswitch
 * events group, takes the samples from psample's "packets" group, keeps
 * the flows in a bounded table, and exports them with libfixbuf to each
 * switch's collector: IPFIX (RFC 7011) over UDP, templates resent
 * periodically, an options record per interface for its name.
 *
 *   vswitch-ipfixd [--max-flows N] [--template-interval S] [--verbose]
 *
 * A flow is (switch, VLAN, ingress and egress interface, IP version,
 * addresses, protocol, ports; ICMP's type and code as the destination port).
 * It is exported when it has been quiet for the idle timeout (end reason 1,
 * and it is forgotten), and every active timeout while it lasts (reason 2,
 * its counts restart).  A full table counts the frames of the flows it
 * could not add and says so on stderr (Documentation/ipfix.md).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/psample.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <fixbuf/public.h>
#include <linux/vswitch.h>

#define MAX_SWITCHES	64
#define SNAP_MAX	256

static unsigned int max_flows = 65536;
static unsigned int template_interval = 30;
static bool verbose;
static volatile sig_atomic_t stopping;

/* --- the flows ------------------------------------------------------------ */

struct flow_key {
	uint32_t group;			/* the switch's psample group */
	uint32_t in, out;		/* ifindexes */
	uint16_t vlan;
	uint8_t ipver, proto;
	uint16_t sport, dport;
	uint8_t src[16], dst[16];
};

struct flow {
	struct flow *next;		/* hash chain */
	struct flow *older, *newer;	/* all flows, in creation order */
	struct flow_key key;
	uint64_t packets, bytes;	/* since the last record */
	uint64_t start_ms, end_ms;	/* of the record's frames (wall clock) */
	uint64_t start_mono, last_mono;	/* for the timeouts */
	uint16_t tcp_flags;
};

static struct flow **table;
static struct flow *oldest, *newest;
static unsigned int n_buckets, n_flows;
static uint64_t flows_evicted, samples_lost, samples_seen;
static uint64_t hash_seed;

static uint64_t clock_ms(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* timers run on the monotonic clock, records carry the wall clock */
static uint64_t now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* FNV-1a over the key from a random seed, then mixed (a guest picks the
 * 5-tuples: it must not be able to pick one chain for all of them)
 */
static unsigned int key_hash(const struct flow_key *k)
{
	const uint8_t *p = (const uint8_t *)k;
	uint64_t h = hash_seed;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h % n_buckets;
}

/* --- the switches and their exporters ------------------------------------ */

/* The internal record: every field; the external templates (IPv4, IPv6)
 * take the fields of their version, libfixbuf transcodes.
 */
struct flow_rec {
	uint64_t flowStartMilliseconds;
	uint64_t flowEndMilliseconds;
	uint64_t octetDeltaCount;
	uint64_t packetDeltaCount;
	uint8_t sourceIPv6Address[16];
	uint8_t destinationIPv6Address[16];
	uint32_t sourceIPv4Address;
	uint32_t destinationIPv4Address;
	uint32_t ingressInterface;
	uint32_t egressInterface;
	uint16_t sourceTransportPort;
	uint16_t destinationTransportPort;
	uint16_t vlanId;
	uint16_t tcpControlBits;
	uint8_t protocolIdentifier;
	uint8_t flowEndReason;
	uint8_t ipVersion;
	uint8_t padding[5];
};

#define SPEC_V4	1
#define SPEC_V6	2

static fbInfoElementSpec_t flow_spec[] = {
	{ "flowStartMilliseconds", 8, 0 },
	{ "flowEndMilliseconds", 8, 0 },
	{ "octetDeltaCount", 8, 0 },
	{ "packetDeltaCount", 8, 0 },
	{ "sourceIPv6Address", 16, SPEC_V6 },
	{ "destinationIPv6Address", 16, SPEC_V6 },
	{ "sourceIPv4Address", 4, SPEC_V4 },
	{ "destinationIPv4Address", 4, SPEC_V4 },
	{ "ingressInterface", 4, 0 },
	{ "egressInterface", 4, 0 },
	{ "sourceTransportPort", 2, 0 },
	{ "destinationTransportPort", 2, 0 },
	{ "vlanId", 2, 0 },
	{ "tcpControlBits", 2, 0 },
	{ "protocolIdentifier", 1, 0 },
	{ "flowEndReason", 1, 0 },
	{ "ipVersion", 1, 0 },
	{ "paddingOctets", 5, SPEC_V4 | SPEC_V6 },
	FB_IESPEC_NULL
};

/* the options record naming an interface */
struct ifname_rec {
	uint32_t ingressInterface;
	uint8_t padding[4];
	fbVarfield_t interfaceName;
};

static fbInfoElementSpec_t ifname_spec[] = {
	{ "ingressInterface", 4, 0 },
	{ "paddingOctets", 4, 0 },
	{ "interfaceName", 0, 0 },
	FB_IESPEC_NULL
};

struct sw {
	bool live;			/* seen in the last dump */
	char name[VSWITCH_NAME_MAX + 1];
	uint32_t group, domain, sample, active_s, idle_s;
	uint8_t addr[16], addr_len;
	uint16_t port;
	/* the exporter for this collector */
	fbSession_t *session;
	fBuf_t *fbuf;
	uint16_t tid_int, tid4, tid6, tid_if_int, tid_if;
	uint64_t templates_ms;		/* last sent */
	uint64_t exported;
	uint64_t error_ms;		/* last export error logged */
	uint32_t seq;			/* psample's next group sequence */
};

static struct sw switches[MAX_SWITCHES];
static fbInfoModel_t *model;

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("vswitch-ipfixd: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static struct sw *sw_by_group(uint32_t group)
{
	int i;

	for (i = 0; i < MAX_SWITCHES; i++)
		if (switches[i].live && switches[i].group == group)
			return &switches[i];
	return NULL;
}

static uint16_t add_template(fbSession_t *s, fbInfoElementSpec_t *spec,
			     uint32_t flags, bool internal, uint16_t scope,
			     uint16_t tid)
{
	fbTemplate_t *t = fbTemplateAlloc(model);
	GError *err = NULL;

	if (!fbTemplateAppendSpecArray(t, spec, flags, &err))
		goto bad;
	if (scope)
		fbTemplateSetOptionsScope(t, scope);
	tid = fbSessionAddTemplate(s, internal, tid, t, &err);
	if (!tid)
		goto bad;
	return tid;
bad:
	logmsg("template: %s", err ? err->message : "?");
	g_clear_error(&err);
	return 0;
}

static void emit(struct sw *w);

/* the templates in a message of their own: what is pending goes first */
static void send_templates(struct sw *w)
{
	GError *err = NULL;

	emit(w);
	if (!fbSessionExportTemplates(w->session, &err) || !fBufEmit(w->fbuf, &err)) {
		logmsg("%s: templates: %s", w->name, err ? err->message : "?");
		g_clear_error(&err);
	}
	w->templates_ms = now_ms();
}

static void exporter_close(struct sw *w)
{
	if (w->fbuf)
		fBufFree(w->fbuf);	/* frees the exporter and session too */
	w->fbuf = NULL;
	w->session = NULL;
}

static int exporter_open(struct sw *w)
{
	fbConnSpec_t spec = FB_CONNSPEC_INIT;
	char host[INET6_ADDRSTRLEN], svc[8];
	fbExporter_t *exp;

	inet_ntop(w->addr_len == 4 ? AF_INET : AF_INET6, w->addr, host,
		  sizeof(host));
	snprintf(svc, sizeof(svc), "%u", w->port);
	spec.transport = FB_UDP;
	spec.host = host;
	spec.svc = svc;
	w->session = fbSessionAlloc(model);
	fbSessionSetDomain(w->session, w->domain);
	w->tid_int = add_template(w->session, flow_spec, SPEC_V4 | SPEC_V6,
				  true, 0, FB_TID_AUTO);
	w->tid4 = add_template(w->session, flow_spec, SPEC_V4, false, 0,
			       FB_TID_AUTO);
	w->tid6 = add_template(w->session, flow_spec, SPEC_V6, false, 0,
			       FB_TID_AUTO);
	w->tid_if_int = add_template(w->session, ifname_spec, 0, true, 1,
				     FB_TID_AUTO);
	w->tid_if = add_template(w->session, ifname_spec, 0, false, 1,
				 FB_TID_AUTO);
	exp = fbExporterAllocNet(&spec);
	if (!exp || !w->tid_int || !w->tid4 || !w->tid6 || !w->tid_if) {
		logmsg("%s: cannot export to %s port %s", w->name, host, svc);
		fbSessionFree(w->session);
		w->session = NULL;
		return -1;
	}
	w->fbuf = fBufAllocForExport(w->session, exp);
	send_templates(w);
	if (verbose)
		logmsg("%s: exporting to %s port %s, domain %u", w->name, host,
		       svc, w->domain);
	return 0;
}

static bool append(struct sw *w, uint16_t int_tid, uint16_t ext_tid,
		   void *rec, size_t len)
{
	GError *err = NULL;

	if (fBufSetInternalTemplate(w->fbuf, int_tid, &err) &&
	    fBufSetExportTemplate(w->fbuf, ext_tid, &err) &&
	    fBufAppend(w->fbuf, rec, len, &err))
		return true;
	/* (a collector that refuses: once a minute, not once a flow) */
	if (now_ms() - w->error_ms >= 60000) {
		logmsg("%s: export: %s", w->name, err ? err->message : "?");
		w->error_ms = now_ms();
	}
	g_clear_error(&err);
	return false;
}

static void export_ifnames(struct sw *w);

/* The templates (and interface names) again when they are due, before a
 * data record: a collector that started since drops data sets of
 * templates it has not seen, and a record appended before them in one
 * message (a flow reported early, right as an idle daemon wakes) is lost
 */
static void templates_if_due(struct sw *w)
{
	if (now_ms() - w->templates_ms < template_interval * 1000ull)
		return;
	send_templates(w);
	export_ifnames(w);
}

/* one record for @f, its counts since the last; @reason: flowEndReason */
static void export_flow(struct flow *f, uint8_t reason)
{
	struct sw *w = sw_by_group(f->key.group);
	struct flow_rec r;

	if (!w || !w->fbuf || !f->packets)
		return;
	templates_if_due(w);
	memset(&r, 0, sizeof(r));
	r.flowStartMilliseconds = f->start_ms;
	r.flowEndMilliseconds = f->end_ms;
	r.octetDeltaCount = f->bytes;
	r.packetDeltaCount = f->packets;
	if (f->key.ipver == 4) {
		memcpy(&r.sourceIPv4Address, f->key.src, 4);
		memcpy(&r.destinationIPv4Address, f->key.dst, 4);
		r.sourceIPv4Address = ntohl(r.sourceIPv4Address);
		r.destinationIPv4Address = ntohl(r.destinationIPv4Address);
	} else {
		memcpy(r.sourceIPv6Address, f->key.src, 16);
		memcpy(r.destinationIPv6Address, f->key.dst, 16);
	}
	r.ingressInterface = f->key.in;
	r.egressInterface = f->key.out;
	r.sourceTransportPort = f->key.sport;
	r.destinationTransportPort = f->key.dport;
	r.vlanId = f->key.vlan;
	r.tcpControlBits = f->tcp_flags;
	r.protocolIdentifier = f->key.proto;
	r.flowEndReason = reason;
	r.ipVersion = f->key.ipver;
	if (append(w, w->tid_int, f->key.ipver == 4 ? w->tid4 : w->tid6, &r,
		   sizeof(r)))
		w->exported++;
	f->packets = 0;
	f->bytes = 0;
	f->tcp_flags = 0;
	f->start_ms = 0;	/* the next record starts with its first frame */
}

static void flow_free(struct flow **pf, struct flow *f)
{
	*pf = f->next;
	if (f->older)
		f->older->newer = f->newer;
	else
		oldest = f->newer;
	if (f->newer)
		f->newer->older = f->older;
	else
		newest = f->older;
	free(f);
	n_flows--;
}

/* a full table: the oldest flow is reported (lack of resources) and goes;
 * its frames are all counted, in more records
 */
static void evict_oldest(void)
{
	struct flow *f = oldest, **pf;

	if (!f)
		return;
	for (pf = &table[key_hash(&f->key)]; *pf != f; pf = &(*pf)->next)
		;
	export_flow(f, 5);
	flow_free(pf, f);
	if (!flows_evicted++ || !(flows_evicted % 100000))
		logmsg("the flow table is full (%u flows): %llu flows reported early",
		       max_flows, (unsigned long long)flows_evicted);
}

/* an options record for each interface name; with the templates */
static void export_ifnames(struct sw *w)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	struct ifname_rec r;

	for (i = ifs; i && i->if_index; i++) {
		memset(&r, 0, sizeof(r));
		r.ingressInterface = i->if_index;
		r.interfaceName.buf = (uint8_t *)i->if_name;
		r.interfaceName.len = strlen(i->if_name);
		append(w, w->tid_if_int, w->tid_if, &r, sizeof(r));
	}
	if (ifs)
		if_freenameindex(ifs);
}

static void emit(struct sw *w)
{
	GError *err = NULL;

	if (w->fbuf && !fBufEmit(w->fbuf, &err)) {
		logmsg("%s: emit: %s", w->name, err ? err->message : "?");
		g_clear_error(&err);
	}
}

/* Every flow of switch @w (NULL: all) that is due, or all (@force) */
static void scan(struct sw *only, bool force, uint8_t force_reason)
{
	uint64_t now = now_ms();
	unsigned int b;
	int i;

	/* templates first: a collector that started since drops data sets
	 * of templates it does not know
	 */
	for (i = 0; i < MAX_SWITCHES; i++) {
		struct sw *w = &switches[i];

		if (w->live && w->fbuf && (!only || w == only))
			templates_if_due(w);
	}
	for (b = 0; b < n_buckets; b++) {
		struct flow **pf = &table[b], *f;

		while ((f = *pf)) {
			struct sw *w = sw_by_group(f->key.group);
			bool idle, active;

			if (only && w != only) {
				pf = &f->next;
				continue;
			}
			idle = !w || force || now - f->last_mono >= w->idle_s * 1000ull;
			active = w && f->packets &&
				 now - f->start_mono >= w->active_s * 1000ull;
			if (idle) {
				export_flow(f, force ? force_reason : 1);
				flow_free(pf, f);
				continue;
			}
			if (active)
				export_flow(f, 2);	/* and starts again */
			pf = &f->next;
		}
	}
	for (i = 0; i < MAX_SWITCHES; i++) {
		struct sw *w = &switches[i];

		if (w->live && w->fbuf && (!only || w == only))
			emit(w);
	}
}

/* --- samples ----------------------------------------------------------- */

/* One sample: @d, @len: the frame's headers; @orig: its length (the
 * Ethernet header included), @segs: its GSO segments, @rate: 1 of N
 */
static void sample(uint32_t group, uint32_t in, uint32_t out, uint16_t vlan,
		   uint32_t rate, uint32_t orig, uint32_t segs,
		   const uint8_t *d, int len)
{
	unsigned int l4 = 0, l3len = 0, iplen = 0, hdrs = 0, h, off = 14;
	struct flow_key k;
	struct flow *f;
	uint16_t proto;
	uint64_t bytes;
	uint8_t tcpf = 0;

	if (len < 14 || !sw_by_group(group))
		return;		/* not an exporting switch's (tc's, say) */
	proto = d[12] << 8 | d[13];
	while ((proto == 0x8100 || proto == 0x88a8 || proto == 0x9100) &&
	       len >= (int)off + 4) {
		proto = d[off + 2] << 8 | d[off + 3];
		off += 4;
	}
	memset(&k, 0, sizeof(k));
	k.group = group;
	k.in = in;
	k.out = out;
	k.vlan = vlan;
	if (proto == 0x0800 && len >= (int)off + 20 && (d[off] >> 4) == 4 &&
	    (d[off] & 0xf) >= 5) {
		l3len = (d[off] & 0xf) * 4;
		k.ipver = 4;
		k.proto = d[off + 9];
		memcpy(k.src, d + off + 12, 4);
		memcpy(k.dst, d + off + 16, 4);
		iplen = d[off + 2] << 8 | d[off + 3];
		/* a later fragment has no ports */
		if (!(d[off + 6] & 0x1f) && !d[off + 7])
			l4 = off + l3len;
	} else if (proto == 0x86dd && len >= (int)off + 40) {
		uint8_t nh = d[off + 6];

		k.ipver = 6;
		memcpy(k.src, d + off + 8, 16);
		memcpy(k.dst, d + off + 24, 16);
		iplen = 40 + (d[off + 4] << 8 | d[off + 5]);
		l4 = off + 40;
		/* the extension headers: hop-by-hop, routing, destination
		 * options (8 * (1 + length) bytes), fragment (8)
		 */
		while ((nh == 0 || nh == 43 || nh == 60 || nh == 44) &&
		       len >= (int)l4 + 8) {
			unsigned int ext = nh == 44 ? 8 : 8 * (1 + d[l4 + 1]);

			if (nh == 44 && ((d[l4 + 2] << 8 | d[l4 + 3]) & 0xfff8))
				ext = 0;	/* a later fragment: no ports */
			nh = d[l4];
			if (!ext) {
				l4 = 0;
				break;
			}
			l4 += ext;
		}
		k.proto = nh;
		l3len = l4 ? l4 - off : 40;
	} else {
		return;		/* IP flows only, as NetFlow */
	}
	if (l4 && (k.proto == 6 || k.proto == 17 || k.proto == 132) &&
	    len >= (int)l4 + 4) {
		k.sport = d[l4] << 8 | d[l4 + 1];
		k.dport = d[l4 + 2] << 8 | d[l4 + 3];
		hdrs = k.proto == 17 ? 8 : 0;
		if (k.proto == 6 && len >= (int)l4 + 14) {
			tcpf = d[l4 + 13];
			hdrs = (d[l4 + 12] >> 4) * 4;
		}
	} else if (l4 && (k.proto == 1 || k.proto == 58) && len >= (int)l4 + 2) {
		k.dport = d[l4] << 8 | d[l4 + 1];	/* type, code */
	}
	/* the IP octets from the frame's length, not from what its header
	 * claims (the guest's); but a short frame's padding is no IP octet;
	 * a GSO frame's segments each had the headers
	 */
	bytes = orig > off ? orig - off : 0;
	if (orig <= 64 && iplen && iplen < bytes)
		bytes = iplen;
	if (segs > 1)
		bytes += (uint64_t)(segs - 1) * (l3len + hdrs);
	h = key_hash(&k);
	for (f = table[h]; f && memcmp(&f->key, &k, sizeof(k)); f = f->next)
		;
	if (!f) {
		if (n_flows >= max_flows)
			evict_oldest();
		f = calloc(1, sizeof(*f));
		if (!f)
			return;
		f->key = k;
		f->next = table[h];
		table[h] = f;
		f->older = newest;
		if (newest)
			newest->newer = f;
		else
			oldest = f;
		newest = f;
		n_flows++;
	}
	if (!f->packets) {
		f->start_ms = clock_ms(CLOCK_REALTIME);
		f->start_mono = now_ms();
	}
	f->end_ms = clock_ms(CLOCK_REALTIME);
	f->last_mono = now_ms();
	f->packets += (uint64_t)(segs ? segs : 1) * rate;
	f->bytes += bytes * rate;
	f->tcp_flags |= tcpf;
}

/* --- netlink ------------------------------------------------------------- */

static struct nl_sock *req_sk, *ev_sk;
static int vsw_family, psample_family;
static bool config_dirty = true;

static struct nla_policy psample_policy[PSAMPLE_ATTR_MAX + 1] = {
	[PSAMPLE_ATTR_SAMPLE_GROUP] = { .type = NLA_U32 },
	[PSAMPLE_ATTR_GROUP_SEQ] = { .type = NLA_U32 },
	[PSAMPLE_ATTR_SAMPLE_RATE] = { .type = NLA_U32 },
	[PSAMPLE_ATTR_ORIGSIZE] = { .type = NLA_U32 },
	[PSAMPLE_ATTR_IIFINDEX] = { .type = NLA_U16 },
	[PSAMPLE_ATTR_OIFINDEX] = { .type = NLA_U16 },
	[PSAMPLE_ATTR_OUT_TC] = { .type = NLA_U16 },
	[PSAMPLE_ATTR_OUT_TC_OCC] = { .type = NLA_U64 },
	[PSAMPLE_ATTR_LATENCY] = { .type = NLA_U64 },
};

static int sample_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[PSAMPLE_ATTR_MAX + 1];
	uint32_t in, out, seq, group;
	uint64_t both;
	struct sw *w;

	if (nlh->nlmsg_type == vsw_family) {
		config_dirty = true;	/* an event: read the settings again */
		return NL_OK;
	}
	if (nlh->nlmsg_type != psample_family ||
	    genlmsg_parse(nlh, 0, tb, PSAMPLE_ATTR_MAX, psample_policy) ||
	    !tb[PSAMPLE_ATTR_SAMPLE_GROUP] || !tb[PSAMPLE_ATTR_DATA])
		return NL_OK;
	group = nla_get_u32(tb[PSAMPLE_ATTR_SAMPLE_GROUP]);
	w = sw_by_group(group);
	if (!w)
		return NL_OK;
	samples_seen++;
	/* psample numbers each group's samples: a gap is samples lost */
	if (tb[PSAMPLE_ATTR_GROUP_SEQ]) {
		seq = nla_get_u32(tb[PSAMPLE_ATTR_GROUP_SEQ]);
		if (w->seq && seq > w->seq)
			samples_lost += seq - w->seq;
		w->seq = seq + 1;
	}
	/* the switch's full ifindexes (psample's own are u16) */
	in = tb[PSAMPLE_ATTR_IIFINDEX] ? nla_get_u16(tb[PSAMPLE_ATTR_IIFINDEX]) : 0;
	out = tb[PSAMPLE_ATTR_OIFINDEX] ? nla_get_u16(tb[PSAMPLE_ATTR_OIFINDEX]) : 0;
	if (tb[PSAMPLE_ATTR_OUT_TC_OCC]) {
		both = nla_get_u64(tb[PSAMPLE_ATTR_OUT_TC_OCC]);
		in = both >> 32;
		out = (uint32_t)both;
	}
	sample(group, in, out,
	       tb[PSAMPLE_ATTR_OUT_TC] ? nla_get_u16(tb[PSAMPLE_ATTR_OUT_TC]) : 0,
	       tb[PSAMPLE_ATTR_SAMPLE_RATE] ?
	       nla_get_u32(tb[PSAMPLE_ATTR_SAMPLE_RATE]) : 1,
	       tb[PSAMPLE_ATTR_ORIGSIZE] ?
	       nla_get_u32(tb[PSAMPLE_ATTR_ORIGSIZE]) : 0,
	       tb[PSAMPLE_ATTR_LATENCY] ?
	       (uint32_t)nla_get_u64(tb[PSAMPLE_ATTR_LATENCY]) : 1,
	       nla_data(tb[PSAMPLE_ATTR_DATA]), nla_len(tb[PSAMPLE_ATTR_DATA]));
	return NL_OK;
}

static struct nla_policy switch_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_STRING },
	[VSWITCH_A_SWITCH_IPFIX_PORT] = { .type = NLA_U16 },
	[VSWITCH_A_SWITCH_IPFIX_DOMAIN] = { .type = NLA_U32 },
	[VSWITCH_A_SWITCH_IPFIX_SAMPLE] = { .type = NLA_U32 },
	[VSWITCH_A_SWITCH_IPFIX_ACTIVE] = { .type = NLA_U32 },
	[VSWITCH_A_SWITCH_IPFIX_IDLE] = { .type = NLA_U32 },
	[VSWITCH_A_SWITCH_IPFIX_GROUP] = { .type = NLA_U32 },
};

static uint32_t u32_or(struct nlattr **tb, int attr, uint32_t def)
{
	return tb[attr] ? nla_get_u32(tb[attr]) : def;
}

static int switch_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VSWITCH_A_MAX + 1];
	struct nlattr *ca;
	struct sw *w = NULL, next;
	int i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, VSWITCH_A_MAX, switch_policy) ||
	    !tb[VSWITCH_A_SWITCH_NAME])
		return NL_OK;
	ca = tb[VSWITCH_A_SWITCH_IPFIX_COLLECTOR];
	if (!ca || (nla_len(ca) != 4 && nla_len(ca) != 16) ||
	    !tb[VSWITCH_A_SWITCH_IPFIX_GROUP])
		return NL_OK;	/* not exporting */
	memset(&next, 0, sizeof(next));
	snprintf(next.name, sizeof(next.name), "%s",
		 nla_get_string(tb[VSWITCH_A_SWITCH_NAME]));
	next.addr_len = nla_len(ca);
	memcpy(next.addr, nla_data(ca), next.addr_len);
	next.port = tb[VSWITCH_A_SWITCH_IPFIX_PORT] ?
		    nla_get_u16(tb[VSWITCH_A_SWITCH_IPFIX_PORT]) :
		    VSWITCH_IPFIX_PORT_DEFAULT;
	next.group = nla_get_u32(tb[VSWITCH_A_SWITCH_IPFIX_GROUP]);
	next.domain = u32_or(tb, VSWITCH_A_SWITCH_IPFIX_DOMAIN, 0);
	next.sample = u32_or(tb, VSWITCH_A_SWITCH_IPFIX_SAMPLE, 1);
	next.active_s = u32_or(tb, VSWITCH_A_SWITCH_IPFIX_ACTIVE,
			       VSWITCH_IPFIX_ACTIVE_DEFAULT);
	next.idle_s = u32_or(tb, VSWITCH_A_SWITCH_IPFIX_IDLE,
			     VSWITCH_IPFIX_IDLE_DEFAULT);
	for (i = 0; i < MAX_SWITCHES && !w; i++)
		if (switches[i].group == next.group && switches[i].fbuf)
			w = &switches[i];
	if (w && (w->addr_len != next.addr_len ||
		  memcmp(w->addr, next.addr, next.addr_len) ||
		  w->port != next.port || w->domain != next.domain)) {
		/* another collector: this one's flows end here */
		w->live = true;
		scan(w, true, 4);
		exporter_close(w);
	}
	if (!w)
		for (i = 0; i < MAX_SWITCHES && !w; i++)
			if (!switches[i].fbuf && !switches[i].live)
				w = &switches[i];
	if (!w) {
		logmsg("more than %d exporting switches: %s ignored",
		       MAX_SWITCHES, next.name);
		return NL_OK;
	}
	next.session = w->session;
	next.fbuf = w->fbuf;
	next.tid_int = w->tid_int;
	next.tid4 = w->tid4;
	next.tid6 = w->tid6;
	next.tid_if_int = w->tid_if_int;
	next.tid_if = w->tid_if;
	next.templates_ms = w->templates_ms;
	next.exported = w->exported;
	next.error_ms = w->error_ms;
	next.seq = w->group == next.group ? w->seq : 0;
	next.live = true;
	*w = next;
	if (!w->fbuf && !exporter_open(w))
		export_ifnames(w);
	return NL_OK;
}

/* The switches' export settings, read again (after any event) */
static int read_config(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	bool was[MAX_SWITCHES];
	int i, err;

	for (i = 0; i < MAX_SWITCHES; i++) {
		was[i] = switches[i].live;
		switches[i].live = false;
	}
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, vsw_family, 0,
				 NLM_F_DUMP, VSWITCH_CMD_SWITCH_GET,
				 VSWITCH_GENL_VERSION)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_socket_modify_cb(req_sk, NL_CB_VALID, NL_CB_CUSTOM, switch_cb, NULL);
	err = nl_send_auto(req_sk, msg);
	nlmsg_free(msg);
	if (err >= 0)
		err = nl_recvmsgs_default(req_sk);
	if (err < 0) {	/* what was, stays */
		for (i = 0; i < MAX_SWITCHES; i++)
			switches[i].live |= was[i];
		return err;
	}
	for (i = 0; i < MAX_SWITCHES; i++)
		if (was[i] && !switches[i].live && switches[i].fbuf) {
			/* export off, or the switch gone: its flows end */
			switches[i].live = true;
			scan(&switches[i], true, 4);
			switches[i].live = false;
			exporter_close(&switches[i]);
		}
	config_dirty = false;
	return 0;
}

static int nl_open(void)
{
	int grp_ev, grp_pkt;

	req_sk = nl_socket_alloc();
	ev_sk = nl_socket_alloc();
	if (!req_sk || !ev_sk || genl_connect(req_sk) || genl_connect(ev_sk))
		return -1;
	vsw_family = genl_ctrl_resolve(req_sk, VSWITCH_GENL_NAME);
	psample_family = genl_ctrl_resolve(req_sk, PSAMPLE_GENL_NAME);
	grp_ev = genl_ctrl_resolve_grp(req_sk, VSWITCH_GENL_NAME,
				       VSWITCH_MCGRP_EVENTS);
	grp_pkt = genl_ctrl_resolve_grp(req_sk, PSAMPLE_GENL_NAME,
					PSAMPLE_NL_MCGRP_SAMPLE_NAME);
	if (vsw_family < 0 || grp_ev < 0) {
		logmsg("the vswitch module is not loaded");
		return -1;
	}
	if (psample_family < 0 || grp_pkt < 0) {
		logmsg("psample is not loaded (modprobe psample)");
		return -1;
	}
	nl_socket_disable_seq_check(ev_sk);
	nl_socket_modify_cb(ev_sk, NL_CB_VALID, NL_CB_CUSTOM, sample_cb, NULL);
	/* beyond rmem_max: the daemon has CAP_NET_ADMIN */
	if (setsockopt(nl_socket_get_fd(ev_sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &(int){ 8 << 20 }, sizeof(int)))
		nl_socket_set_buffer_size(ev_sk, 8 << 20, 0);
	if (nl_socket_add_memberships(ev_sk, grp_ev, grp_pkt, 0)) {
		logmsg("cannot join the event and sample groups (CAP_NET_ADMIN?)");
		return -1;
	}
	nl_socket_set_nonblocking(ev_sk);
	return 0;
}

static void on_signal(int sig)
{
	stopping = 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "max-flows", required_argument, NULL, 'm' },
		{ "template-interval", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t last_scan = 0, last_read = 0, last_loss_log = 0, lost_logged = 0;
	struct pollfd pfd;
	int c, i, failures = 0;

	while ((c = getopt_long(argc, argv, "m:t:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			max_flows = strtoul(optarg, NULL, 10);
			break;
		case 't':
			template_interval = strtoul(optarg, NULL, 10);
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: vswitch-ipfixd [--max-flows N] [--template-interval S] [--verbose]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (!max_flows || !template_interval) {
		fprintf(stderr, "vswitch-ipfixd: --max-flows and --template-interval must be positive\n");
		return 2;
	}
	n_buckets = max_flows < 1024 ? 1024 : max_flows;
	if (getrandom(&hash_seed, sizeof(hash_seed), 0) != sizeof(hash_seed))
		hash_seed = now_ms() ^ getpid();
	table = calloc(n_buckets, sizeof(*table));
	model = fbInfoModelAlloc();
	if (!table || !model || nl_open())
		return 1;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (verbose)
		logmsg("started: up to %u flows", max_flows);
	pfd.fd = nl_socket_get_fd(ev_sk);
	pfd.events = POLLIN;
	while (!stopping) {
		/* (at most once a second: a flood's overruns ask for it too) */
		if (config_dirty && now_ms() - last_read >= 1000) {
			last_read = now_ms();
			if (read_config()) {
				logmsg("cannot read the switches' settings");
				/* the module went away (or was reloaded):
				 * systemd starts a fresh daemon
				 */
				if (++failures >= 3)
					return 1;
			} else {
				failures = 0;
			}
		}
		if (poll(&pfd, 1, 200) > 0) {
			for (i = 0; i < 256; i++) {
				int err = nl_recvmsgs_default(ev_sk);

				if (err == -NLE_AGAIN)
					break;
				/* ENOBUFS: samples lost (counted by
				 * their sequence numbers), maybe events
				 */
				if (err == -NLE_NOMEM)
					config_dirty = true;
			}
		}
		if (now_ms() - last_scan >= 500) {
			scan(NULL, false, 0);
			last_scan = now_ms();
		}
		if (samples_lost != lost_logged &&
		    now_ms() - last_loss_log >= 10000) {
			logmsg("%llu of %llu samples lost (the socket overran)",
			       (unsigned long long)samples_lost,
			       (unsigned long long)(samples_lost + samples_seen));
			lost_logged = samples_lost;
			last_loss_log = now_ms();
		}
	}
	scan(NULL, true, 4);	/* forced end: every flow reported */
	for (i = 0; i < MAX_SWITCHES; i++)
		exporter_close(&switches[i]);
	return 0;
}
