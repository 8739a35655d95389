// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl healthcheck SWITCH [vlan LIST] [mtu]: the vDS network health
 * check.  The most common outage after "the VM can't reach the network" is
 * a trunk that does not carry a VLAN, or an MTU that differs on the
 * physical side; both are invisible from the host until a VM of that VLAN
 * tries.  This asks the physical network directly.
 *
 * Every uplink sends a probe, a broadcast of the beacon EtherType, in each
 * VLAN the switch's portgroups use (or LIST): small, and (with "mtu") as
 * large as the switch's MTU allows.  The physical switch floods a probe to
 * the other ports of its VLAN, so the other uplinks of the switch hear it
 * when the VLAN is carried on both ends: per uplink and VLAN, the report
 * names the uplinks that heard it.  An uplink whose probes no other uplink
 * hears, in a VLAN in which the others hear each other, is the one whose
 * physical port does not carry the VLAN; big probes lost where small ones
 * pass are an MTU smaller on the physical side than the switch's.  An
 * iphash portgroup needs its uplinks in one EtherChannel (static LAG),
 * and a port channel never sends a frame back into itself: a probe of one
 * such uplink heard on another means they are not one.
 *
 * The probes are sent and heard by packet sockets on the uplinks (the
 * taps see a frame before the switch does), and they carry the beacon
 * probes' header with a switch id no switch has: the switch consumes them
 * as foreign probes, so they never reach a VM or change beacon failover.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include "vswctl.h"

#define HC_UPLINKS	VSWITCH_UPLINKS_MAX
#define HC_VLANS	64		/* probed per run, at most */
#define HC_SMALL	64		/* bytes of a small probe's payload */
#define HC_MAGIC	0x56535742	/* the beacon probes' "VSWB" */
#define HC_KIND		0x56534843	/* "VSHC": a health check probe */
#define HC_ROUNDS	3		/* each probe sent thrice, 100 ms apart */

struct hc_probe {		/* after the Ethernet (and 802.1Q) header */
	uint32_t magic;		/* the beacon header: magic, */
	uint32_t ifindex;	/* sender, */
	uint64_t switch_id;	/* and an id no switch has: 0 */
	uint32_t kind;		/* what follows: */
	uint32_t nonce;		/* this run's */
	uint16_t sender;	/* index into the uplink table */
	uint16_t vid;
	uint8_t big;
} __attribute__((packed));

struct hc_pg {
	char name[VSWITCH_PG_NAME_MAX + 1];
	int n;			/* its team: indexes into the uplink table */
	int team[HC_UPLINKS];
};

struct hc {
	const char *sw;
	bool vlans_given;	/* vlan LIST: not the portgroups' VLANs */
	uint32_t mtu, nonce;
	int n_up, n_vid, n_pg;
	struct {
		char name[IF_NAMESIZE];
		int ifindex, fd;
		uint8_t mac[6];
		int send_err;		/* errno of sending the big probe */
	} up[HC_UPLINKS];
	uint16_t vid[HC_VLANS];
	/* heard[s][r][v][big]: uplink r heard uplink s's probe in vid[v] */
	bool heard[HC_UPLINKS][HC_UPLINKS][HC_VLANS][2];
	struct hc_pg *pg;	/* the iphash portgroups */
};

static int hc_switch_cb(struct nlattr **tb, void *arg)
{
	struct hc *hc = arg;

	hc->mtu = u32_attr(tb, VSWITCH_A_SWITCH_MTU);
	return 0;
}

static int hc_uplink_cb(struct nlattr **tb, void *arg)
{
	struct hc *hc = arg;
	struct uplink_info up;

	decode_uplink(tb, &up);
	if (hc->n_up == HC_UPLINKS)
		return 0;
	snprintf(hc->up[hc->n_up].name, IF_NAMESIZE, "%s", up.name);
	hc->up[hc->n_up].ifindex = up.ifindex;
	hc->up[hc->n_up].fd = -1;
	hc->n_up++;
	return 0;
}

static void hc_add_vid(struct hc *hc, uint16_t vid)
{
	int i;

	for (i = 0; i < hc->n_vid; i++)
		if (hc->vid[i] == vid)
			return;
	if (hc->n_vid < HC_VLANS)
		hc->vid[hc->n_vid++] = vid;
}

static int hc_up_by_ifindex(const struct hc *hc, int ifindex)
{
	int i;

	for (i = 0; i < hc->n_up; i++)
		if (hc->up[i].ifindex == ifindex)
			return i;
	return -1;
}

static int hc_pg_cb(struct nlattr **tb, void *arg)
{
	struct hc *hc = arg;
	struct hc_pg *p, *grown;
	struct pg_info pg;
	int i, n;

	decode_pg(tb, &pg);
	if (!hc->vlans_given) {
		switch (pg.vlan_mode) {
		case VSWITCH_VLAN_MODE_EST:
			hc_add_vid(hc, 0);
			break;
		case VSWITCH_VLAN_MODE_VST:
		case VSWITCH_VLAN_MODE_PVLAN:
			hc_add_vid(hc, pg.vid);
			break;
		case VSWITCH_VLAN_MODE_TRUNK:
			if (tb[VSWITCH_A_PG_TRUNK_VIDS]) {
				const uint8_t *bm = nla_data(tb[VSWITCH_A_PG_TRUNK_VIDS]);

				for (i = 1; i <= VSWITCH_VID_MAX; i++)
					if (bm[i / 8] & (1 << (i % 8)))
						hc_add_vid(hc, i);
			}
			break;
		}
	}
	if (strcmp(pg.teaming, "iphash"))
		return 0;
	grown = realloc(hc->pg, (hc->n_pg + 1) * sizeof(*hc->pg));
	if (!grown)
		return -1;
	hc->pg = grown;
	p = &hc->pg[hc->n_pg++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", pg.name);
	n = pg.active ? ifindex_list_len(pg.active) : hc->n_up;
	for (i = 0; i < n && p->n < HC_UPLINKS; i++) {
		int u = i;

		if (pg.active)
			u = hc_up_by_ifindex(hc, ((const uint32_t *)nla_data(pg.active))[i]);
		if (u >= 0)
			p->team[p->n++] = u;
	}
	return 0;
}

static int hc_open(struct hc *hc, int u)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = hc->up[u].ifindex,
	};
	struct ifreq ifr = { 0 };
	int fd, one = 1;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (fd < 0) {
		fprintf(stderr, "vswctl: healthcheck: packet socket: %s\n",
			strerror(errno));
		return -1;
	}
	hc->up[u].fd = fd;
	snprintf(ifr.ifr_name, IF_NAMESIZE, "%s", hc->up[u].name);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) ||
	    ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		fprintf(stderr, "vswctl: healthcheck: %s: %s\n", hc->up[u].name,
			strerror(errno));
		return -1;
	}
	memcpy(hc->up[u].mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

/* One probe of uplink @u in vid[@v]; @big: as large as the switch's MTU */
static int hc_send(struct hc *hc, int u, int v, bool big)
{
	size_t len = big ? hc->mtu : HC_SMALL, off = 12;
	uint16_t vid = hc->vid[v];
	struct hc_probe p = {
		.magic = htonl(HC_MAGIC),
		.ifindex = htonl(hc->up[u].ifindex),
		.kind = htonl(HC_KIND),
		.nonce = htonl(hc->nonce),
		.sender = htons(u),
		.vid = htons(vid),
		.big = big,
	};
	uint8_t *frame = calloc(1, 18 + len);
	ssize_t n;

	if (!frame)
		return -ENOMEM;
	memset(frame, 0xff, 6);
	memcpy(frame + 6, hc->up[u].mac, 6);
	if (vid) {
		frame[12] = 0x81;
		frame[13] = 0x00;
		frame[14] = vid >> 8;
		frame[15] = vid & 0xff;
		off = 16;
	}
	frame[off] = VSWITCH_BEACON_ETHERTYPE >> 8;
	frame[off + 1] = VSWITCH_BEACON_ETHERTYPE & 0xff;
	memcpy(frame + off + 2, &p, sizeof(p));
	n = send(hc->up[u].fd, frame, off + 2 + len, 0);
	free(frame);
	return n < 0 ? -errno : 0;
}

/* Take the probes of this run that uplink @r heard. */
static void hc_receive(struct hc *hc, int r)
{
	uint8_t buf[VSWITCH_MTU_MAX + 64];
	char cbuf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];

	for (;;) {
		struct sockaddr_ll from;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		const struct hc_probe *p;
		struct cmsghdr *c;
		size_t off = 12;
		uint16_t tci = 0;
		bool tagged = false;
		ssize_t n = recvmsg(hc->up[r].fd, &mh, MSG_DONTWAIT);
		int s, v;

		if (n < 0)
			return;
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			struct tpacket_auxdata *aux = (void *)CMSG_DATA(c);

			if (c->cmsg_level == SOL_PACKET &&
			    c->cmsg_type == PACKET_AUXDATA &&
			    aux->tp_status & TP_STATUS_VLAN_VALID) {
				tci = aux->tp_vlan_tci;
				tagged = true;
			}
		}
		/* a tag the kernel left in the frame (no offload) */
		if (!tagged && n > 18 && buf[12] == 0x81 && buf[13] == 0x00) {
			tci = buf[14] << 8 | buf[15];
			off = 16;
		}
		if ((size_t)n < off + 2 + sizeof(*p) ||
		    (buf[off] << 8 | buf[off + 1]) != VSWITCH_BEACON_ETHERTYPE)
			continue;
		p = (const struct hc_probe *)(buf + off + 2);
		if (ntohl(p->magic) != HC_MAGIC || ntohl(p->kind) != HC_KIND ||
		    ntohl(p->nonce) != hc->nonce)
			continue;
		s = ntohs(p->sender);
		for (v = 0; v < hc->n_vid; v++)
			if (hc->vid[v] == ntohs(p->vid))
				break;
		/* heard in the VLAN it was sent in (a tag rewritten on the
		 * way is not that VLAN carried)
		 */
		if (s >= hc->n_up || s == r || v == hc->n_vid ||
		    (tci & 0xfff) != hc->vid[v])
			continue;
		hc->heard[s][r][v][!!p->big] = true;
	}
}

static bool hc_heard_by_any(const struct hc *hc, int s, int v, int big)
{
	int r;

	for (r = 0; r < hc->n_up; r++)
		if (hc->heard[s][r][v][big])
			return true;
	return false;
}

static void hc_print(const struct hc *hc, bool mtu)
{
	int s, r, v, i, j;

	print_text("UPLINK          VLAN  HEARD BY%s\n",
		   mtu ? "                          MTU" : "");
	out_array_begin("vlans");
	for (s = 0; s < hc->n_up; s++) {
		for (v = 0; v < hc->n_vid; v++) {
			char list[HC_UPLINKS * (IF_NAMESIZE + 1)] = "";
			size_t used = 0;

			out_obj_begin();
			print_str("uplink", "%-16s", hc->up[s].name);
			print_u64("vlan", "%-6llu", hc->vid[v]);
			out_array_begin("heard_by");
			for (r = 0; r < hc->n_up; r++) {
				if (!hc->heard[s][r][v][0])
					continue;
				used += snprintf(list + used, sizeof(list) - used,
						 "%s%s", used ? "," : "",
						 hc->up[r].name);
				print_str(NULL, NULL, hc->up[r].name);
			}
			out_array_end();
			print_text("%-32s", used ? list : "-");
			print_bool("vlan_ok", "", used > 0);
			if (mtu) {
				bool big = hc_heard_by_any(hc, s, v, 1);

				print_u64("mtu", "%llu", hc->mtu);
				if (hc->up[s].send_err)
					print_str("mtu_result", " %s (the uplink's MTU is smaller)",
						  "cannot-send");
				else
					print_str("mtu_result", " %s",
						  big ? "passes" :
						  used ? "too-big" : "unknown");
			}
			print_text("\n");
			out_obj_end();
		}
	}
	out_array_end();
	if (!hc->n_pg)
		return;
	print_text("\nPORTGROUP (iphash)   ETHERCHANNEL\n");
	out_array_begin("teaming");
	for (i = 0; i < hc->n_pg; i++) {
		const struct hc_pg *p = &hc->pg[i];
		char seen[64] = "";

		for (j = 0; j < p->n && !seen[0]; j++)
			for (r = 0; r < p->n && !seen[0]; r++)
				for (v = 0; v < hc->n_vid && !seen[0]; v++)
					if (hc->heard[p->team[j]][p->team[r]][v][0])
						snprintf(seen, sizeof(seen), "%s->%s",
							 hc->up[p->team[j]].name,
							 hc->up[p->team[r]].name);
		out_obj_begin();
		print_str("portgroup", "%-21s", p->name);
		print_bool("etherchannel", seen[0] ? "no" : "yes", !seen[0]);
		if (seen[0])
			print_str("heard", " (a probe went %s: not one port channel)",
				  seen);
		print_text("\n");
		out_obj_end();
	}
	out_array_end();
}

static const char *const hc_mtu_results[] = {
	[VSWITCH_HEALTHCHECK_MTU_UNKNOWN] = "unknown",
	[VSWITCH_HEALTHCHECK_MTU_PASSES] = "passes",
	[VSWITCH_HEALTHCHECK_MTU_TOO_BIG] = "too-big",
	[VSWITCH_HEALTHCHECK_MTU_CANNOT_SEND] = "cannot-send",
};

/**
 * print_healthcheck_row() - one result of the module's periodic check
 * @tb: a healthcheck-get reply or healthcheck-ntf event
 * @lead: NULL for a row of the status table, else the event's first
 *	separator
 *
 * The keys are those of the on-demand check's "vlans" and "teaming"
 * objects, so that a consumer reads both alike.
 */
void print_healthcheck_row(struct nlattr **tb, const char *lead)
{
	const struct nlattr *by = tb[VSWITCH_A_HEALTHCHECK_HEARD_BY];
	char list[HC_UPLINKS * (IF_NAMESIZE + 1)] = "", name[IF_NAMESIZE];
	uint8_t mtu = u8_attr(tb, VSWITCH_A_HEALTHCHECK_MTU);
	size_t used = 0;
	int i, n = by ? ifindex_list_len(by) : 0;

	if (n > HC_UPLINKS)	/* (a newer module's: what fits) */
		n = HC_UPLINKS;

	if (lead) {
		print_str("switch", " switch %s",
			  str_attr(tb, VSWITCH_A_SWITCH_NAME));
		print_u64("age_ms", NULL, u32_attr(tb, VSWITCH_A_HEALTHCHECK_AGE_MS));
	}
	if (tb[VSWITCH_A_PG_NAME]) {
		print_str("portgroup", lead ? " portgroup %s etherchannel " : "%-21s",
			  str_attr(tb, VSWITCH_A_PG_NAME));
		print_bool("etherchannel",
			   u8_attr(tb, VSWITCH_A_HEALTHCHECK_ETHERCHANNEL) ? "yes" : "no",
			   u8_attr(tb, VSWITCH_A_HEALTHCHECK_ETHERCHANNEL));
		if (n == 2) {
			snprintf(list, sizeof(list), "%s->",
				 ifindex_list_name(by, 0, name));
			snprintf(list + strlen(list), sizeof(list) - strlen(list),
				 "%s", ifindex_list_name(by, 1, name));
			print_str("heard", " (a probe went %s: not one port channel)",
				  list);
		}
		return;
	}
	print_str("uplink", lead ? " uplink %s" : "%-16s",
		  str_attr(tb, VSWITCH_A_IFNAME));
	print_u64("vlan", lead ? " vlan %llu" : "%-6llu",
		  tb[VSWITCH_A_HEALTHCHECK_VID] ?
		  nla_get_u16(tb[VSWITCH_A_HEALTHCHECK_VID]) : 0);
	out_array_begin("heard_by");
	for (i = 0; i < n; i++) {
		ifindex_list_name(by, i, name);
		used += snprintf(list + used, sizeof(list) - used, "%s%s",
				 used ? "," : "", name);
		print_str(NULL, NULL, name);
	}
	out_array_end();
	print_text(lead ? " heard-by %s" : "%-32s", used ? list : "-");
	print_bool("vlan_ok", lead ? " vlan-ok %s" : NULL,
		   u8_attr(tb, VSWITCH_A_HEALTHCHECK_VLAN_OK));
	print_u64("mtu", lead ? " mtu %llu" : "%llu",
		  u32_attr(tb, VSWITCH_A_SWITCH_MTU));
	if (mtu == VSWITCH_HEALTHCHECK_MTU_CANNOT_SEND)
		print_str("mtu_result", " %s (the uplink's MTU is smaller)",
			  hc_mtu_results[mtu]);
	else
		print_str("mtu_result", " %s",
			  NAME_OF(hc_mtu_results, mtu));
}

struct hc_status {
	bool found;
	uint32_t interval;
	int n_vlan, n_team;
};

static int hc_status_switch_cb(struct nlattr **tb, void *arg)
{
	struct hc_status *st = arg;

	st->found = true;
	st->interval = u32_attr(tb, VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL);
	return 0;
}

static int hc_status_row_cb(struct nlattr **tb, void *arg)
{
	struct hc_status *st = arg;
	bool team = tb[VSWITCH_A_PG_NAME];

	if (!st->n_vlan && !st->n_team)		/* (every row has the round's age) */
		print_u64("age_ms", "last round %llu ms ago\n\n",
			  u32_attr(tb, VSWITCH_A_HEALTHCHECK_AGE_MS));
	if (!team && !st->n_vlan++) {
		print_text("UPLINK          VLAN  HEARD BY                          MTU\n");
		out_array_begin("vlans");
	}
	if (team && !st->n_team++) {
		if (!st->n_vlan)	/* (an empty one in JSON) */
			out_array_begin("vlans");
		out_array_end();
		print_text("\nPORTGROUP (iphash)   ETHERCHANNEL\n");
		out_array_begin("teaming");
	}
	out_obj_begin();
	print_healthcheck_row(tb, NULL);
	print_text("\n");
	out_obj_end();
	return 0;
}

/* vswctl healthcheck SWITCH status: the module's periodic check's last
 * round (switch set SWITCH healthcheck interval SECONDS)
 */
static int hc_status(const char *sw)
{
	struct hc_status st = { 0 };
	int err;

	if (vsw_dump(VSWITCH_CMD_SWITCH_GET, sw, hc_status_switch_cb, &st))
		return -1;
	if (!st.found) {
		fprintf(stderr, "vswctl: no switch %s\n", sw);
		return -1;
	}
	out_obj_begin();
	print_str("switch", "health check of %s", sw);
	print_u64("interval", st.interval ? ", every %llus: " : NULL,
		  st.interval);
	if (!st.interval)
		print_text(": off (switch set %s healthcheck interval SECONDS)\n",
			   sw);
	err = vsw_dump(VSWITCH_CMD_HEALTHCHECK_GET, sw, hc_status_row_cb, &st);
	if (!err && st.interval && !st.n_vlan && !st.n_team)
		print_text("no round yet (it takes two uplinks with link and a VLAN)\n");
	if (st.n_team || st.n_vlan) {
		out_array_end();
	} else {		/* (JSON: the arrays, empty) */
		out_array_begin("vlans");
		out_array_end();
	}
	if (!st.n_team) {
		out_array_begin("teaming");
		out_array_end();
	}
	out_obj_end();
	if (opt_json)
		out_line_end();
	return err;
}

/* vswctl healthcheck SWITCH [vlan LIST] [mtu] | SWITCH status */
int cmd_healthcheck(int argc, char **argv)
{
	struct hc *hc = calloc(1, sizeof(*hc));
	uint8_t bitmap[VSWITCH_VID_BITMAP_LEN];
	bool mtu = false;
	int i, s, v, round, err = -1;

	if (!hc)
		return -1;
	if (argc < 1) {
		free(hc);
		return usage_error("missing argument: SWITCH");
	}
	hc->sw = argv[0];
	if (argc == 2 && matches(argv[1], "status")) {
		free(hc);
		return hc_status(argv[0]);
	}
	for (i = 1; i < argc; i++) {
		if (matches(argv[i], "mtu")) {
			mtu = true;
		} else if (matches(argv[i], "vlan")) {
			if (i + 1 >= argc || parse_vid_list(argv[i + 1], bitmap)) {
				free(hc);
				return usage_error("vlan needs a LIST of VIDs, e.g. 10,20-29");
			}
			i++;
			hc->vlans_given = true;
			for (v = 1; v <= VSWITCH_VID_MAX; v++)
				if (bitmap[v / 8] & (1 << (v % 8)))
					hc_add_vid(hc, v);
		} else {
			free(hc);
			return usage_error("unknown healthcheck word '%s'", argv[i]);
		}
	}
	if (vsw_dump(VSWITCH_CMD_SWITCH_GET, hc->sw, hc_switch_cb, hc) ||
	    vsw_dump(VSWITCH_CMD_UPLINK_GET, hc->sw, hc_uplink_cb, hc) ||
	    vsw_dump(VSWITCH_CMD_PORTGROUP_GET, hc->sw, hc_pg_cb, hc))
		goto out;
	if (!hc->mtu) {
		fprintf(stderr, "vswctl: no switch %s\n", hc->sw);
		goto out;
	}
	if (hc->n_up < 2)
		fprintf(stderr, "vswctl: healthcheck: %s has %d uplink(s): a probe needs another uplink to be heard\n",
			hc->sw, hc->n_up);
	if (getrandom(&hc->nonce, sizeof(hc->nonce), 0) != sizeof(hc->nonce))
		hc->nonce = time(NULL) ^ getpid();
	for (s = 0; s < hc->n_up; s++)
		if (hc_open(hc, s))
			goto out;
	for (round = 0; round < HC_ROUNDS; round++) {
		for (s = 0; s < hc->n_up; s++)
			for (v = 0; v < hc->n_vid; v++) {
				hc_send(hc, s, v, false);
				if (mtu) {
					int e = hc_send(hc, s, v, true);

					if (e == -EMSGSIZE)
						hc->up[s].send_err = -e;
				}
			}
		usleep(100000);
		for (s = 0; s < hc->n_up; s++)
			hc_receive(hc, s);
	}
	/* the stragglers: a slow physical network's last floods */
	usleep(500000);
	for (s = 0; s < hc->n_up; s++)
		hc_receive(hc, s);
	out_obj_begin();
	print_str("switch", "", hc->sw);
	hc_print(hc, mtu);
	out_obj_end();
	if (opt_json)
		out_line_end();
	err = 0;
out:
	for (s = 0; s < hc->n_up; s++)
		if (hc->up[s].fd >= 0)
			close(hc->up[s].fd);
	free(hc->pg);
	free(hc);
	return err;
}
