// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: IGMP/MLD snooping (vDS multicast filtering mode "IGMP/MLD
 * snooping").  The switch reads the membership reports its ports send
 * (IGMPv1/2/3, MLDv1/2) and keeps, per segment and group, the ports that
 * joined it (with the sources they asked for, in IGMPv3/MLDv2 include
 * mode); a group's multicast then goes to those ports and the uplink only.
 *
 * As the Linux bridge does, snooping restricts a segment's multicast only
 * while a querier is heard in it (an IGMP or MLD query within the other
 * querier present interval, 255 s): without one nothing refreshes the
 * memberships, so a group would stop reaching a member whose entry expired
 * while another's had not.  Reports and leaves then go to the uplink only
 * (the querier is on the physical network; a guest hearing another's
 * IGMPv2 report would suppress its own, and the switch would not learn
 * it), queries to every port.  Unknown groups, and link-local ones
 * (224.0.0.0/24, ff02::/16 and narrower scopes: ARP-free IPv6 neighbour
 * discovery needs them), are flooded.
 *
 * A port leaves a group at once when it says so (IGMPv2 leave, MLDv1 done,
 * an include-mode record without sources): the switch tracks each port on
 * its own, as the bridge's fast leave does.  Memberships expire after the
 * switch's mdb-ageing time (260 s, the group membership interval of RFC
 * 3376) unless a report refreshes them; the fast path ignores an expired
 * one, the MAC table's ageing work frees it.
 *
 * A guest controls its reports: a port joins VSW_MDB_PORT_MAX groups at
 * most, a switch holds VSW_MDB_MAX memberships, a membership
 * VSW_MDB_SRC_MAX include-mode sources (beyond that, or in exclude mode,
 * every source: a superset is safe, the guest's own stack filters), all
 * charged to the switch's memory cgroup; a join beyond a limit is counted
 * as a drop of reason mcast on the port, the report still goes to the
 * uplink for its other records.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/igmp.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/mld.h>
#include "vswitch.h"

#define VSW_MDB_HASH_BITS	8
#define VSW_MDB_PORT_MAX	256	/* groups a port may join */
#define VSW_MDB_MAX		4096	/* memberships in a switch */
/* records of one report handled (a 9000-byte IGMPv3 report has ~1100) */
#define VSW_MDB_RECORDS_MAX	(2 * VSW_MDB_PORT_MAX)
/* RFC 3376 8.5: robustness 2 * query interval 125 s + response 10 s / 2 */
#define VSW_QUERIER_PRESENT	(255 * HZ)

struct vsw_mdb {
	spinlock_t lock;		/* every change; _bh from process */
	u32 seed;			/* of the hash */
	unsigned int n_members;		/* lock; READ_ONCE for replies */
	/* (u32)jiffies of the last query heard (1 for 0), by family and
	 * VID; 0: none (the ageing work clears stale ones before they wrap)
	 */
	u32 querier[2][VLAN_N_VID];
	struct hlist_head hash[1 << VSW_MDB_HASH_BITS];
};

/* A record of a report, its sources gathered (at most VSW_MDB_SRC_MAX;
 * @all when it had more: then it counts as every source).
 */
struct vsw_mdb_rec {
	struct in6_addr grp;
	u8 type;			/* IGMPV3_* (MLD2_* are the same) */
	bool v6;			/* from MLD */
	u8 n_src;
	bool all;
	struct in6_addr src[VSW_MDB_SRC_MAX];
};

/**
 * vsw_mdb_init() - set up a new switch's IGMP/MLD snooping
 * @sw: the switch
 *
 * Snooping is on by default, as on the Linux bridge.
 *
 * Context: process context, in the creating task (charged to its memcg).
 * Return: 0 or -ENOMEM.
 */
int vsw_mdb_init(struct vsw_switch *sw)
{
	struct vsw_mdb *mdb = kvzalloc(sizeof(*mdb), GFP_KERNEL_ACCOUNT);

	if (!mdb)
		return -ENOMEM;
	spin_lock_init(&mdb->lock);
	mdb->seed = get_random_u32();
	sw->mdb = mdb;
	sw->multicast = VSWITCH_MULTICAST_MODE_SNOOPING;
	sw->mdb_ageing = VSWITCH_MDB_AGEING_DEFAULT;
	return 0;
}

/* seeded per switch: a guest must not be able to pick groups that share a
 * bucket with another's
 */
static u32 vsw_mdb_hash(const struct vsw_mdb *mdb, const struct in6_addr *grp,
			u16 vid)
{
	return jhash2((const u32 *)grp, 4, mdb->seed ^ vid) >>
	       (32 - VSW_MDB_HASH_BITS);
}

static struct vsw_mdb_group *vsw_mdb_find(struct vsw_mdb *mdb,
					  const struct in6_addr *grp, u16 vid)
{
	struct vsw_mdb_group *g;

	hlist_for_each_entry_rcu(g, &mdb->hash[vsw_mdb_hash(mdb, grp, vid)], node,
				 lockdep_is_held(&mdb->lock))
		if (g->vid == vid && ipv6_addr_equal(&g->addr, grp))
			return g;
	return NULL;
}

/* Under mdb->lock: @m goes; its group too when it was the last. */
static void vsw_mdb_del_member(struct vsw_mdb *mdb, struct vsw_mdb_group *g,
			       struct vsw_mdb_member *m)
{
	hlist_del_rcu(&m->node);
	m->port->n_groups--;
	WRITE_ONCE(mdb->n_members, mdb->n_members - 1);
	kfree_rcu(m, rcu);
	if (hlist_empty(&g->members)) {
		hlist_del_rcu(&g->node);
		kfree_rcu(g, rcu);
	}
}

static void *vsw_mdb_alloc(struct vsw_switch *sw, size_t size)
{
	struct mem_cgroup *old_memcg = set_active_memcg(sw->memcg);
	/* not from the reserves: a guest's reports make these */
	void *obj = kzalloc(size, GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);

	set_active_memcg(old_memcg);
	return obj;
}

static bool vsw_mdb_set_has(const struct in6_addr *set, int n,
			    const struct in6_addr *src)
{
	int i;

	for (i = 0; i < n; i++)
		if (ipv6_addr_equal(&set[i], src))
			return true;
	return false;
}

/* Under mdb->lock: @p's membership of group @g (NULL: none), or NULL. */
static struct vsw_mdb_member *vsw_mdb_member_of(struct vsw_mdb_group *g,
						const struct vsw_port *p)
{
	struct vsw_mdb_member *m;

	if (!g)
		return NULL;
	hlist_for_each_entry(m, &g->members, node)
		if (m->port == p)
			return m;
	return NULL;
}

/* What a record does to a port's membership of a group */
enum vsw_mdb_op {
	VSW_MDB_ANY,			/* every source (exclude mode) */
	VSW_MDB_SET,			/* the record's sources (include mode) */
	VSW_MDB_ADD,			/* ... added to those it has */
	VSW_MDB_BLOCK,			/* ... removed from those it has */
};

/* A join refused (a limit, no memory) while other ports are members: the
 * group is flooded for an ageing time, so that the refused port still
 * gets it (a full table must not cut VMs off; the bridge turns snooping
 * off then).
 */
static void vsw_mdb_refused(struct vsw_switch *sw, struct vsw_mdb_group *g)
{
	if (g)
		WRITE_ONCE(g->flood_until, jiffies +
			   (unsigned long)READ_ONCE(sw->mdb_ageing) * HZ);
}

/* The port's membership after @op with @r, under mdb->lock: the new
 * source set is worked out on the stack; the membership is refreshed in
 * place when it stays the same, else replaced whole (readers see the old
 * or the new one); one left without sources goes.  An expired membership
 * counts as none.
 *
 * Return: false when a new membership is beyond a limit (or no memory).
 */
static bool vsw_mdb_update(struct vsw_switch *sw, struct vsw_port *p,
			   u16 vid, const struct vsw_mdb_rec *r,
			   enum vsw_mdb_op op)
{
	struct in6_addr set[VSW_MDB_SRC_MAX];
	struct vsw_mdb *mdb = sw->mdb;
	struct vsw_mdb_member *old, *m;
	struct vsw_mdb_group *g;
	unsigned long expires;
	int i, j, n = 0;

	g = vsw_mdb_find(mdb, &r->grp, vid);
	old = vsw_mdb_member_of(g, p);
	if (old && time_after(jiffies, old->expires)) {
		if (op == VSW_MDB_BLOCK)
			return true;
		if (op == VSW_MDB_ADD)
			op = VSW_MDB_SET;	/* of none: its old sources went */
	}
	if (r->all && op != VSW_MDB_BLOCK)
		op = VSW_MDB_ANY;
	/* only include-mode sources can be blocked (exclude mode, or too
	 * many sources: it takes every source, a superset)
	 */
	if (op == VSW_MDB_BLOCK && (!old || !old->n_src || r->all))
		return true;
	if (old && !old->n_src && op == VSW_MDB_ADD)
		op = VSW_MDB_ANY;
	/* the new set: n == 0 is every source (exclude mode) */
	if (old && (op == VSW_MDB_ADD || op == VSW_MDB_BLOCK)) {
		memcpy(set, old->src, old->n_src * sizeof(set[0]));
		n = old->n_src;
	}
	if (op == VSW_MDB_BLOCK) {
		for (i = 0; i < r->n_src; i++)
			for (j = 0; j < n; j++)
				if (ipv6_addr_equal(&set[j], &r->src[i])) {
					set[j] = set[--n];
					break;
				}
		if (!n) {
			vsw_mdb_del_member(mdb, g, old);
			return true;
		}
	} else if (op != VSW_MDB_ANY) {
		for (i = 0; i < r->n_src; i++) {
			if (vsw_mdb_set_has(set, n, &r->src[i]))
				continue;
			if (n == VSW_MDB_SRC_MAX) {
				n = 0;	/* too many: every source */
				break;
			}
			set[n++] = r->src[i];
		}
	}
	expires = jiffies + (unsigned long)READ_ONCE(sw->mdb_ageing) * HZ;
	if (op == VSW_MDB_BLOCK)
		expires = old->expires;		/* a block refreshes nothing */
	/* the same sources: a refresh, in place */
	if (old && old->n_src == n) {
		for (i = 0; i < n && vsw_mdb_set_has(old->src, n, &set[i]); i++)
			;
		if (i == n) {
			WRITE_ONCE(old->expires, expires);
			return true;
		}
	}
	if (!old && (p->n_groups >= VSW_MDB_PORT_MAX ||
		     mdb->n_members >= VSW_MDB_MAX)) {
		vsw_mdb_refused(sw, g);
		return false;
	}
	m = vsw_mdb_alloc(sw, sizeof(*m));
	if (!m) {
		vsw_mdb_refused(sw, g);
		return false;
	}
	m->port = p;
	m->expires = expires;
	m->n_src = n;
	memcpy(m->src, set, n * sizeof(set[0]));
	if (old) {
		hlist_replace_rcu(&old->node, &m->node);
		kfree_rcu(old, rcu);
		return true;
	}
	if (!g) {
		g = vsw_mdb_alloc(sw, sizeof(*g));
		if (!g) {
			kfree(m);
			return false;	/* (no group: its traffic is flooded) */
		}
		g->addr = r->grp;
		g->vid = vid;
		hlist_add_head_rcu(&g->node,
				   &mdb->hash[vsw_mdb_hash(mdb, &r->grp, vid)]);
	}
	hlist_add_head_rcu(&m->node, &g->members);
	p->n_groups++;
	WRITE_ONCE(mdb->n_members, mdb->n_members + 1);
	return true;
}

/* Under mdb->lock: the port leaves the group. */
static void vsw_mdb_leave(struct vsw_mdb *mdb, struct vsw_port *p, u16 vid,
			  const struct in6_addr *grp)
{
	struct vsw_mdb_group *g = vsw_mdb_find(mdb, grp, vid);
	struct vsw_mdb_member *m = vsw_mdb_member_of(g, p);

	if (m)
		vsw_mdb_del_member(mdb, g, m);
}

static bool vsw_mdb_group_snooped(const struct in6_addr *grp)
{
	if (ipv6_addr_v4mapped(grp))
		return ipv4_is_multicast(grp->s6_addr32[3]) &&
		       !ipv4_is_local_multicast(grp->s6_addr32[3]);
	/* ff0X with scope X above link-local */
	return ipv6_addr_is_multicast(grp) &&
	       (grp->s6_addr[1] & 0x0f) > IPV6_ADDR_SCOPE_LINKLOCAL;
}

/* One record, under mdb->lock; counts a refused join on @p. */
static void vsw_mdb_record(struct vsw_switch *sw, struct vsw_port *p, u16 vid,
			   const struct vsw_mdb_rec *r)
{
	bool ok = true;

	/* ::ffff:a.b.c.d is no IPv6 group; and a frame that was on its way
	 * when the port changed segments, or snooping was turned off, must
	 * not leave a membership behind the flush (port.c, netlink.c)
	 */
	if (!vsw_mdb_group_snooped(&r->grp) ||
	    (r->v6 && ipv6_addr_v4mapped(&r->grp)) ||
	    READ_ONCE(sw->multicast) != VSWITCH_MULTICAST_MODE_SNOOPING ||
	    !vsw_vlan_member(rcu_dereference(p->pol), vid))
		return;
	switch (r->type) {
	case IGMPV3_MODE_IS_EXCLUDE:
	case IGMPV3_CHANGE_TO_EXCLUDE:
		ok = vsw_mdb_update(sw, p, vid, r, VSW_MDB_ANY);
		break;
	case IGMPV3_MODE_IS_INCLUDE:
	case IGMPV3_CHANGE_TO_INCLUDE:
		if (!r->n_src && !r->all)
			vsw_mdb_leave(sw->mdb, p, vid, &r->grp);
		else
			ok = vsw_mdb_update(sw, p, vid, r, VSW_MDB_SET);
		break;
	case IGMPV3_ALLOW_NEW_SOURCES:
		if (r->n_src || r->all)
			ok = vsw_mdb_update(sw, p, vid, r, VSW_MDB_ADD);
		break;
	case IGMPV3_BLOCK_OLD_SOURCES:
		vsw_mdb_update(sw, p, vid, r, VSW_MDB_BLOCK);
		break;
	}
	if (!ok)
		vsw_count_drop(p, VSWITCH_DROP_MCAST);
}

/* A version 1 or 2 join: exclude mode, no source. */
static void vsw_mdb_join_any(struct vsw_switch *sw, struct vsw_port *p,
			     u16 vid, const struct in6_addr *grp, bool v6)
{
	struct vsw_mdb_rec r = { .grp = *grp, .type = IGMPV3_MODE_IS_EXCLUDE,
				 .v6 = v6 };

	vsw_mdb_record(sw, p, vid, &r);
}

static void vsw_mdb_leave_any(struct vsw_switch *sw, struct vsw_port *p,
			      u16 vid, const struct in6_addr *grp, bool v6)
{
	struct vsw_mdb_rec r = { .grp = *grp, .type = IGMPV3_CHANGE_TO_INCLUDE,
				 .v6 = v6 };

	vsw_mdb_record(sw, p, vid, &r);
}

/* The group records of an IGMPv3 or MLDv2 report (@v6), the message at
 * the transport header, the packet ending at @end: both have 8 bytes of
 * header with the record count in the last two, and records of a type,
 * an aux length, a source count, the group and the sources (@v6: 16-byte
 * addresses, else 4).  Read with skb_header_pointer() and
 * skb_copy_bits(): the report may be longer than what the kernel's
 * validator pulled.
 */
static void vsw_mdb_report(struct vsw_switch *sw, struct vsw_port *p,
			   u16 vid, struct sk_buff *skb, unsigned int end,
			   bool v6)
{
	unsigned int alen = v6 ? 16 : 4, off = skb_transport_offset(skb);
	struct { u8 type, auxwords; __be16 nsrcs; } _g, *g;
	__be16 _n, *np;
	struct vsw_mdb_rec r;
	__be32 a4;
	int i, n;

	np = skb_header_pointer(skb, off + 6, sizeof(_n), &_n);
	if (!np)
		return;
	n = min_t(int, ntohs(*np), VSW_MDB_RECORDS_MAX);
	off += 8;
	for (i = 0; i < n; i++) {
		unsigned int ns, j, len;

		g = skb_header_pointer(skb, off, sizeof(_g), &_g);
		if (!g)
			return;
		ns = ntohs(g->nsrcs);
		len = sizeof(*g) + alen + ns * alen + g->auxwords * 4;
		if (off + len > end)
			return;
		memset(&r, 0, sizeof(r));
		r.type = g->type;
		r.v6 = v6;
		r.n_src = min_t(unsigned int, ns, VSW_MDB_SRC_MAX);
		r.all = ns > VSW_MDB_SRC_MAX;	/* too many: every source */
		/* j == 0: the group; then the sources kept */
		for (j = 0; j <= r.n_src; j++) {
			struct in6_addr *to = j ? &r.src[j - 1] : &r.grp;

			if (skb_copy_bits(skb, off + sizeof(*g) + j * alen,
					  v6 ? (void *)to : (void *)&a4, alen))
				return;
			if (!v6)
				ipv6_addr_set_v4mapped(a4, to);
		}
		off += len;
		vsw_mdb_record(sw, p, vid, &r);
	}
}

static void vsw_querier_heard(struct vsw_mdb *mdb, int fam, u16 vid)
{
	u32 now = jiffies;

	WRITE_ONCE(mdb->querier[fam][vid], now ?: 1);
}

static bool vsw_querier_present(const struct vsw_mdb *mdb, int fam, u16 vid)
{
	u32 q = READ_ONCE(mdb->querier[fam][vid]);

	return q && (u32)jiffies - q < VSW_QUERIER_PRESENT;
}

/* An IGMP message (ip_mc_check_igmp() said so). */
static enum vsw_mdb_verdict vsw_mdb_igmp(struct vsw_switch *sw,
					 struct sk_buff *skb,
					 const struct vsw_frame *f)
{
	const struct igmphdr *ih = igmp_hdr(skb);
	struct vsw_mdb *mdb = sw->mdb;
	struct vsw_port *p = f->in;
	struct in6_addr grp;

	if (ih->type == IGMP_HOST_MEMBERSHIP_QUERY) {
		/* a general query: the bridge's rule; a group-specific one
		 * for a group nobody joined refreshes nothing
		 */
		if (!ih->group)
			vsw_querier_heard(mdb, 0, f->vid);
		return VSW_MDB_FLOOD;
	}
	/* reports and leaves: the ports' are learned; any goes to the
	 * querier only, while there is one
	 */
	if (f->pol) {
		ipv6_addr_set_v4mapped(ih->group, &grp);
		spin_lock(&mdb->lock);
		switch (ih->type) {
		case IGMP_HOST_MEMBERSHIP_REPORT:
		case IGMPV2_HOST_MEMBERSHIP_REPORT:
			vsw_mdb_join_any(sw, p, f->vid, &grp, false);
			break;
		case IGMP_HOST_LEAVE_MESSAGE:
			vsw_mdb_leave_any(sw, p, f->vid, &grp, false);
			break;
		case IGMPV3_HOST_MEMBERSHIP_REPORT:
			vsw_mdb_report(sw, p, f->vid, skb,
				       skb_network_offset(skb) +
				       ntohs(ip_hdr(skb)->tot_len), false);
			break;
		}
		spin_unlock(&mdb->lock);
	}
	return vsw_querier_present(mdb, 0, f->vid) ? VSW_MDB_REPORT :
						     VSW_MDB_FLOOD;
}

#if IS_ENABLED(CONFIG_IPV6)
static enum vsw_mdb_verdict vsw_mdb_mld(struct vsw_switch *sw,
					struct sk_buff *skb,
					const struct vsw_frame *f)
{
	struct vsw_mdb *mdb = sw->mdb;
	struct vsw_port *p = f->in;
	struct mld_msg _mld, *mld;

	mld = skb_header_pointer(skb, skb_transport_offset(skb),
				 sizeof(_mld), &_mld);
	if (!mld)
		return VSW_MDB_BAD;
	if (mld->mld_type == ICMPV6_MGM_QUERY) {
		if (ipv6_addr_any(&mld->mld_mca))
			vsw_querier_heard(mdb, 1, f->vid);
		return VSW_MDB_FLOOD;
	}
	if (f->pol) {
		spin_lock(&mdb->lock);
		switch (mld->mld_type) {
		case ICMPV6_MGM_REPORT:
			vsw_mdb_join_any(sw, p, f->vid, &mld->mld_mca, true);
			break;
		case ICMPV6_MGM_REDUCTION:
			vsw_mdb_leave_any(sw, p, f->vid, &mld->mld_mca, true);
			break;
		case ICMPV6_MLD2_REPORT:
			vsw_mdb_report(sw, p, f->vid, skb,
				       skb_network_offset(skb) +
				       sizeof(struct ipv6hdr) +
				       ntohs(ipv6_hdr(skb)->payload_len), true);
			break;
		}
		spin_unlock(&mdb->lock);
	}
	return vsw_querier_present(mdb, 1, f->vid) ? VSW_MDB_REPORT :
						     VSW_MDB_FLOOD;
}
#endif

/**
 * vsw_mdb_snoop() - what IGMP/MLD snooping does with a multicast frame
 * @sw: the switch, snooping
 * @skb: the frame, classified (@f), data at the network header
 * @f: the frame's state; f->pol NULL when it came from an uplink
 * @mc: set for %VSW_MDB_GROUP: the group and the frame's source
 *
 * Learns from a port's reports and leaves, notes queries; a data frame to
 * a group some port joined, in a segment with a querier, is for the
 * group's ports (and the uplink).  May pull headers into the linear part
 * (eth_hdr() pointers taken before are stale).
 *
 * Context: the fast path.
 * Return: %VSW_MDB_FLOOD, %VSW_MDB_GROUP, %VSW_MDB_REPORT (to the querier,
 * the uplink, only), or %VSW_MDB_BAD (a malformed IP header or
 * IGMP/MLD message: drop, as the bridge does).
 */
enum vsw_mdb_verdict vsw_mdb_snoop(struct vsw_switch *sw, struct sk_buff *skb,
				   const struct vsw_frame *f,
				   struct vsw_mcast *mc)
{
	struct in6_addr grp;
	int fam, err;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		err = ip_mc_check_igmp(skb);
		if (!err)
			return vsw_mdb_igmp(sw, skb, f);
		/* -ENODATA: IGMP that is no membership message, data then */
		if (err != -ENOMSG && err != -ENODATA)
			return VSW_MDB_BAD;
		if (!ipv4_is_multicast(ip_hdr(skb)->daddr))
			return VSW_MDB_FLOOD;	/* broadcast, or IP unicast */
		ipv6_addr_set_v4mapped(ip_hdr(skb)->daddr, &grp);
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, &mc->src);
		fam = 0;
		break;
#if IS_ENABLED(CONFIG_IPV6)
	case htons(ETH_P_IPV6):
		err = ipv6_mc_check_mld(skb);
		if (!err)
			return vsw_mdb_mld(sw, skb, f);
		/* -ENODATA: ICMPv6 after a hop-by-hop header that is not MLD
		 * (multicast router discovery): data, as for the bridge
		 */
		if (err != -ENOMSG && err != -ENODATA)
			return VSW_MDB_BAD;
		grp = ipv6_hdr(skb)->daddr;
		if (ipv6_addr_v4mapped(&grp))
			return VSW_MDB_FLOOD;
		mc->src = ipv6_hdr(skb)->saddr;
		fam = 1;
		break;
#endif
	default:
		return VSW_MDB_FLOOD;
	}
	if (!vsw_mdb_group_snooped(&grp) ||
	    !vsw_querier_present(sw->mdb, fam, f->vid))
		return VSW_MDB_FLOOD;
	mc->g = vsw_mdb_find(sw->mdb, &grp, f->vid);
	return mc->g ? VSW_MDB_GROUP : VSW_MDB_FLOOD;
}

/**
 * vsw_mdb_member_ok() - whether a membership takes a frame's source
 * @m: a membership of the frame's group, not expired
 * @mc: the frame's group and source
 *
 * Context: the fast path.
 * Return: true when @m takes every source, or @mc's.
 */
bool vsw_mdb_member_ok(const struct vsw_mdb_member *m,
		       const struct vsw_mcast *mc)
{
	return !m->n_src || vsw_mdb_set_has(m->src, m->n_src, &mc->src);
}

/* Every membership, or @p's, or the expired ones (@expired), goes. */
static void vsw_mdb_flush(struct vsw_switch *sw, const struct vsw_port *p,
			  bool expired)
{
	struct vsw_mdb *mdb = sw->mdb;
	struct vsw_mdb_member *m;
	struct vsw_mdb_group *g;
	struct hlist_node *t1, *t2;
	int i;

	spin_lock_bh(&mdb->lock);
	/* a port without groups (most): no walk of the table */
	if (p && !p->n_groups)
		goto out;
	for (i = 0; i < ARRAY_SIZE(mdb->hash); i++)
		hlist_for_each_entry_safe(g, t1, &mdb->hash[i], node)
			hlist_for_each_entry_safe(m, t2, &g->members, node)
				if ((!p || m->port == p) &&
				    (!expired ||
				     time_after(jiffies, m->expires)))
					vsw_mdb_del_member(mdb, g, m);
out:
	spin_unlock_bh(&mdb->lock);
}

/**
 * vsw_mdb_flush_port() - a port leaves every group
 * @sw: its switch
 * @p: the port: detached (no frame of it is in flight), or moved to
 *	other segments
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_mdb_flush_port(struct vsw_switch *sw, struct vsw_port *p)
{
	vsw_mdb_flush(sw, p, false);
}

/**
 * vsw_mdb_flush_all() - every membership of a switch goes
 * @sw: the switch, its snooping turned off
 *
 * Context: process context.
 */
void vsw_mdb_flush_all(struct vsw_switch *sw)
{
	vsw_mdb_flush(sw, NULL, false);
	/* snooping back on starts as a new switch's: no querier yet */
	memset(sw->mdb->querier, 0, sizeof(sw->mdb->querier));
}

/**
 * vsw_mdb_gc() - free expired memberships, forget old queriers
 * @sw: the switch
 *
 * Called by the MAC table's ageing work.
 *
 * Context: process context.
 */
void vsw_mdb_gc(struct vsw_switch *sw)
{
	struct vsw_mdb *mdb = sw->mdb;
	int fam, vid;

	if (READ_ONCE(mdb->n_members))
		vsw_mdb_flush(sw, NULL, true);
	for (fam = 0; fam < 2; fam++)
		for (vid = 0; vid < VLAN_N_VID; vid++) {
			u32 q = READ_ONCE(mdb->querier[fam][vid]);

			if (q && (u32)jiffies - q >= VSW_QUERIER_PRESENT)
				cmpxchg(&mdb->querier[fam][vid], q, 0);
		}
}

/**
 * vsw_mdb_count() - a switch's memberships
 * @sw: the switch
 *
 * Return: how many there are now.
 */
unsigned int vsw_mdb_count(const struct vsw_switch *sw)
{
	return READ_ONCE(sw->mdb->n_members);
}

/**
 * vsw_mdb_free() - free a switch's snooping state
 * @sw: the switch, after a grace period with no membership left (its
 *	ports took theirs when they were detached)
 *
 * Context: process context.
 */
void vsw_mdb_free(struct vsw_switch *sw)
{
	kvfree(sw->mdb);
}

/**
 * vsw_mdb_dump() - put a switch's memberships in a dump
 * @sw: the switch
 * @skb: the dump message
 * @vid: only this segment's, or -1
 * @dev: only this port's, or NULL
 * @skip: rows sent by earlier parts of the dump; updated
 * @fill: puts one row: the group, its VID, the port, the sources, the ms
 *	left; nonzero when the message is full
 * @arg: for @fill
 *
 * Context: vsw_mutex held, in an RCU read-side section.
 * Return: 0, or @fill's error when the message is full.
 */
int vsw_mdb_dump(struct vsw_switch *sw, struct sk_buff *skb, int vid,
		 const char *dev, unsigned long *skip, vsw_mdb_fill_t fill,
		 void *arg)
{
	struct vsw_mdb *mdb = sw->mdb;
	struct vsw_mdb_member *m;
	struct vsw_mdb_group *g;
	unsigned long row = 0;
	int i, err;

	for (i = 0; i < ARRAY_SIZE(mdb->hash); i++)
		hlist_for_each_entry_rcu(g, &mdb->hash[i], node) {
			if (vid >= 0 && g->vid != vid)
				continue;
			hlist_for_each_entry_rcu(m, &g->members, node) {
				long left = READ_ONCE(m->expires) - jiffies;

				if (left < 0 ||
				    (dev && strcmp(m->port->dev->name, dev)))
					continue;
				if (row++ < *skip)
					continue;
				err = fill(skb, arg, &g->addr, g->vid, m->port,
					   m->src, m->n_src,
					   jiffies_to_msecs(left));
				if (err)
					return err;
				(*skip)++;
			}
		}
	return 0;
}
