// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: the periodic network health check (the vDS's "health check").
 *
 * Every switch-healthcheck-interval seconds each uplink with link sends a
 * probe in each VLAN the switch's portgroups use, three times 100 ms
 * apart, small and as large as the switch's MTU; a second after the last
 * send the round is judged.  The physical switch floods a probe to its
 * other ports of the VLAN, so the switch's other uplinks hear it when both
 * ends carry the VLAN (vlan-ok), and a big probe heard where only small
 * ones are is an MTU smaller on the way (too-big).  An iphash team needs
 * one EtherChannel, which never sends a frame back into itself: a probe of
 * one member heard on another says they are not one.  vswctl's on-demand
 * check (userspace/healthcheck.c) asks the same questions with packet
 * sockets; this one runs without anybody asking and announces a result
 * when it changes (healthcheck-ntf), which is what an operator who cannot
 * see the physical switch needs when a trunk is changed under the host.
 *
 * The probes carry the beacon probes' header (beacon.c) with the switch's
 * health check id as the switch id: a peer host's switch consumes them as
 * another host's beacon probes, never passes them to a VM, and ours are
 * told from both.  A round's table is published under RCU for the fast
 * path, which sets a bit per (sender, VLAN, size, receiver) with an atomic
 * bitop; everything else is config-side, in a delayed work that takes the
 * configuration locks like the beacon work.  A switch being deleted stops
 * it (its work finds the switch dying); vsw_switch_free() waits for it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include "vswitch.h"

#define VSW_HC_SENDS	3		/* each probe of a round, thrice */
#define VSW_HC_SPACING	(HZ / 10)	/* ... this far apart */
#define VSW_HC_LISTEN	HZ		/* then the last floods, judged */
#define VSW_HC_SMALL	64		/* bytes of a small probe (as vswctl) */
#define VSW_HC_VLANS	VSWITCH_HEALTHCHECK_VLANS_MAX

/* after the Ethernet header (and its tag) */
struct vsw_hc_probe {
	struct vsw_beacon b;	/* switch_id: the switch's hc_id */
	__be32 round;
	u8 sender;		/* index into the round's uplinks */
	u8 vidx;		/* ... and VLANs */
	u8 big;
} __packed;

/*
 * A round.  Its uplinks are held as pointers (compared, never followed, by
 * the fast path) until they leave the switch (@gone, under the config
 * lock): a netdev renamed, or another one given the ifindex of one that
 * left, is never taken for it.
 */
struct vsw_hc_round {
	struct rcu_head rcu;
	u32 id;			/* drawn at random: stale probes miss */
	u32 mtu;		/* the switch's, the big probes' payload */
	unsigned long judged;	/* jiffies */
	u8 n_up, n_vid;
	struct vsw_port *up[VSWITCH_UPLINKS_MAX];
	int ifindex[VSWITCH_UPLINKS_MAX];
	u8 mac[VSWITCH_UPLINKS_MAX][ETH_ALEN];	/* its probes' source */
	bool cannot_send[VSWITCH_UPLINKS_MAX];	/* its MTU < the switch's */
	bool gone[VSWITCH_UPLINKS_MAX];		/* left the switch */
	u16 vid[VSW_HC_VLANS];
	/* what each sender's probes reached in any VLAN, once judged */
	u32 reached[VSWITCH_UPLINKS_MAX];
	/* [(sender * n_vid + vlan) * 2 + big]: bit r, uplink r heard it;
	 * @heard is written by the fast path, @seen is its copy the round
	 * is judged and reported by: a probe that arrives while the round
	 * is judged (a reader still in its RCU section) changes only @heard
	 */
	unsigned long *seen;
	unsigned long heard[];
};

static unsigned long vsw_hc_heard(const struct vsw_hc_round *r, int s,
				  int v, bool big)
{
	return r->seen[(s * r->n_vid + v) * 2 + big];
}

static u8 vsw_hc_mtu(const struct vsw_hc_round *r, int s, int v)
{
	if (r->cannot_send[s])
		return VSWITCH_HEALTHCHECK_MTU_CANNOT_SEND;
	if (vsw_hc_heard(r, s, v, true))
		return VSWITCH_HEALTHCHECK_MTU_PASSES;
	return vsw_hc_heard(r, s, v, false) ? VSWITCH_HEALTHCHECK_MTU_TOO_BIG :
					       VSWITCH_HEALTHCHECK_MTU_UNKNOWN;
}

/**
 * vsw_hc_rx() - note a health check probe heard on an uplink
 * @up: the uplink
 * @skb: a beacon probe with the switch's health check id; the caller
 *	consumes it
 * @vid: the VLAN it came in
 *
 * Anything that does not match the round being heard (a stale round, a
 * VLAN rewritten on the way, a forged index, a source MAC other than the
 * sender's: a guest, whose frames leave by an uplink and may come back
 * by another, cannot send from an uplink's MAC unless its portgroup
 * allows forged transmits) is ignored.
 *
 * Context: the fast path, under RCU.
 */
void vsw_hc_rx(struct vsw_port *up, struct sk_buff *skb, u16 vid)
{
	struct vsw_hc_round *r = rcu_dereference(up->sw->hc_cur);
	const struct vsw_hc_probe *p;
	struct vsw_hc_probe _p;
	int i;

	p = skb_header_pointer(skb, 0, sizeof(_p), &_p);
	if (!r || !p || ntohl(p->round) != r->id || p->sender >= r->n_up ||
	    p->vidx >= r->n_vid || p->big > 1 || r->vid[p->vidx] != vid ||
	    ntohl(p->b.ifindex) != r->ifindex[p->sender] ||
	    !ether_addr_equal(eth_hdr(skb)->h_source, r->mac[p->sender]) ||
	    (p->big && skb->len < r->mtu))
		return;
	for (i = 0; i < r->n_up; i++)
		if (r->up[i] == up)
			break;
	if (i == r->n_up || i == p->sender)
		return;
	/* (the table's bits are written here only; the round is unpublished
	 * before it is judged, and freed after a grace period)
	 */
	set_bit(i, &r->heard[(p->sender * r->n_vid + p->vidx) * 2 + p->big]);
}

static void vsw_hc_add_vid(u16 *vids, int *n, u16 vid)
{
	int i;

	for (i = 0; i < *n; i++)
		if (vids[i] == vid)
			return;
	if (*n < VSW_HC_VLANS)
		vids[(*n)++] = vid;
}

/* The VLANs the switch's portgroups use on its uplinks, as vswctl's
 * check: 0 for untagged, a VLAN or private VLAN portgroup's VID, a trunk's
 * VIDs; an overlay segment never leaves by an uplink.
 */
static int vsw_hc_vlans(struct vsw_switch *sw, u16 *vids)
{
	struct vsw_portgroup *pg;
	int n = 0;
	u16 vid;

	list_for_each_entry(pg, &sw->portgroups, list) {
		const struct vsw_policy *pol = vsw_pg_policy(pg);

		switch (pol->vlan_mode) {
		case VSWITCH_VLAN_MODE_EST:
			vsw_hc_add_vid(vids, &n, 0);
			break;
		case VSWITCH_VLAN_MODE_VST:
		case VSWITCH_VLAN_MODE_PVLAN:
			vsw_hc_add_vid(vids, &n, pol->vid);
			break;
		case VSWITCH_VLAN_MODE_TRUNK:
			for_each_set_bit(vid, pol->trunk, VLAN_N_VID) {
				if (n == VSW_HC_VLANS)
					break;
				vsw_hc_add_vid(vids, &n, vid);
			}
			break;
		}
	}
	return n;
}

/* A new round of the uplinks with link, or NULL: fewer than two (nobody
 * to hear a probe), no VLAN, or no memory.
 */
static struct vsw_hc_round *vsw_hc_new_round(struct vsw_switch *sw)
{
	struct mem_cgroup *old_memcg;
	u16 vids[VSW_HC_VLANS];
	struct vsw_hc_round *r;
	struct vsw_port *up;
	int n_up = 0, n_vid;
	size_t words;

	list_for_each_entry(up, &sw->uplinks, list)
		n_up += vsw_uplink_is_up(up);
	n_vid = vsw_hc_vlans(sw, vids);
	if (n_up < 2 || !n_vid)
		return NULL;
	/* (both tables in one allocation: @seen after @heard) */
	words = n_up * n_vid * 2;
	old_memcg = set_active_memcg(sw->memcg);
	r = kvzalloc(struct_size(r, heard, 2 * words), GFP_KERNEL_ACCOUNT);
	set_active_memcg(old_memcg);
	if (!r)
		return NULL;
	r->seen = r->heard + words;
	r->id = get_random_u32();
	r->mtu = READ_ONCE(sw->mtu);
	r->n_vid = n_vid;
	memcpy(r->vid, vids, n_vid * sizeof(*vids));
	list_for_each_entry(up, &sw->uplinks, list) {
		if (!vsw_uplink_is_up(up) || r->n_up == n_up)
			continue;
		r->up[r->n_up] = up;
		r->ifindex[r->n_up] = up->dev->ifindex;
		ether_addr_copy(r->mac[r->n_up], up->dev->dev_addr);
		r->cannot_send[r->n_up] = up->dev->mtu < r->mtu;
		r->n_up++;
	}
	return r;
}

/* One send of the round's probes, an uplink's at a time (up to 64 VLANs
 * of frames as large as the MTU are queued at once, not the switch's).
 */
static void vsw_hc_send(struct vsw_switch *sw, const struct vsw_hc_round *r)
{
	struct vsw_hc_probe *p;
	struct sk_buff_head q;
	struct vsw_port *up;
	struct sk_buff *skb;
	int s, v, big;

	for (s = 0; s < r->n_up; s++) {
		up = r->up[s];
		if (r->gone[s] || !vsw_uplink_is_up(up))
			continue;
		__skb_queue_head_init(&q);
		for (v = 0; v < r->n_vid; v++) {
			for (big = 0; big < 2; big++) {
				if (big && r->cannot_send[s])
					continue;
				skb = vsw_uplink_frame(up, r->mac[s],
						       htons(VSWITCH_BEACON_ETHERTYPE),
						       r->vid[v],
						       big ? r->mtu : VSW_HC_SMALL,
						       GFP_KERNEL);
				if (!skb)
					continue;
				p = (struct vsw_hc_probe *)skb_network_header(skb);
				p->b.magic = htonl(VSW_BEACON_MAGIC);
				p->b.ifindex = htonl(r->ifindex[s]);
				p->b.switch_id = cpu_to_be64(sw->hc_id);
				p->round = htonl(r->id);
				p->sender = s;
				p->vidx = v;
				p->big = big;
				__skb_queue_tail(&q, skb);
			}
		}
		vsw_uplink_xmit(&q);
	}
}

/* A result of the last round, where a result of this one is compared:
 * what was heard of the same sender in the same VLAN; without one (the
 * first round, a new uplink or VLAN) everything counts as it should be, so
 * that a first round announces what is wrong.  The last round is kept
 * while no round can run (one uplink with link), so that what changed
 * meanwhile is announced when rounds run again.
 */
static void vsw_hc_before(const struct vsw_hc_round *old,
			  const struct vsw_hc_round *r, int s, int v,
			  bool *ok, u8 *mtu)
{
	int os, ov;

	*ok = true;
	*mtu = VSWITCH_HEALTHCHECK_MTU_PASSES;
	if (!old)
		return;
	for (os = 0; os < old->n_up; os++)
		if (!old->gone[os] && old->up[os] == r->up[s])
			break;
	for (ov = 0; ov < old->n_vid; ov++)
		if (old->vid[ov] == r->vid[v])
			break;
	if (os == old->n_up || ov == old->n_vid)
		return;
	*ok = vsw_hc_heard(old, os, ov, false);
	*mtu = vsw_hc_mtu(old, os, ov);
}

/* Is an iphash portgroup's team one port channel?  No when a probe of one
 * member reached another, in any VLAN; @pair says which.  Its team: its
 * active list, or every uplink.  O(team) with the round's @reached masks:
 * a switch may have thousands of portgroups, judged under RTNL.
 */
static bool vsw_hc_split(const struct vsw_hc_round *r,
			 const struct vsw_policy *pol, int *pair)
{
	u32 team = 0, both;
	int i;

	for (i = 0; i < r->n_up; i++) {
		int k;

		if (r->gone[i])
			continue;
		if (!pol->n_active) {
			team |= BIT(i);
			continue;
		}
		for (k = 0; k < pol->n_active; k++)
			if (pol->active[k] == r->ifindex[i])
				team |= BIT(i);
	}
	for (i = 0; i < r->n_up; i++) {
		both = r->reached[i] & team & ~BIT(i);
		if ((team & BIT(i)) && both) {
			pair[0] = r->ifindex[i];
			pair[1] = r->ifindex[__ffs(both)];
			return true;
		}
	}
	return false;
}

/* A round is over: compare it with the last, announce what changed, and
 * keep it as the last.
 */
static void vsw_hc_judge(struct vsw_switch *sw, struct vsw_hc_round *r)
{
	struct vsw_hc_round *old = sw->hc_last;
	struct vsw_hc_row row = { .sw = sw, .r = r };
	struct vsw_portgroup *pg;
	size_t i, words = r->n_up * r->n_vid * 2;
	bool ok, was_ok;
	u8 mtu, was_mtu;

	RCU_INIT_POINTER(sw->hc_cur, NULL);
	for (i = 0; i < words; i++)
		r->seen[i] = READ_ONCE(r->heard[i]);
	r->judged = jiffies;
	sw->vn->hc_gen++;	/* (a dump across two rounds is interrupted) */
	for (row.s = 0; row.s < r->n_up; row.s++) {
		for (row.v = 0; row.v < r->n_vid; row.v++)
			r->reached[row.s] |= vsw_hc_heard(r, row.s, row.v, false);
		if (r->gone[row.s])	/* (no event of an uplink that left) */
			continue;
		for (row.v = 0; row.v < r->n_vid; row.v++) {
			ok = vsw_hc_heard(r, row.s, row.v, false);
			mtu = vsw_hc_mtu(r, row.s, row.v);
			vsw_hc_before(old, r, row.s, row.v, &was_ok, &was_mtu);
			if (ok != was_ok || mtu != was_mtu)
				vsw_notify_healthcheck(&row);
		}
	}
	list_for_each_entry(pg, &sw->portgroups, list) {
		const struct vsw_policy *pol = vsw_pg_policy(pg);
		bool was = pg->hc_checked && pg->hc_split;

		pg->hc_checked = pol->teaming == VSWITCH_TEAMING_IPHASH;
		if (!pg->hc_checked)
			continue;
		pg->hc_split = vsw_hc_split(r, pol, pg->hc_pair);
		if (pg->hc_split != was) {
			row.pg = pg;
			vsw_notify_healthcheck(&row);
		}
		cond_resched();
	}
	sw->hc_last = r;
	if (old)
		kvfree_rcu(old, rcu);
}

/* Forget the rounds: the check is off, or the switch is going. */
static void vsw_hc_forget(struct vsw_switch *sw)
{
	struct vsw_hc_round *cur = rcu_dereference_protected(sw->hc_cur,
					lockdep_is_held(&vsw_mutex));
	struct vsw_portgroup *pg;

	RCU_INIT_POINTER(sw->hc_cur, NULL);
	if (cur)
		kvfree_rcu(cur, rcu);
	if (sw->hc_last)
		kvfree_rcu(sw->hc_last, rcu);
	sw->hc_last = NULL;
	list_for_each_entry(pg, &sw->portgroups, list)
		pg->hc_checked = false;
}

static void vsw_hc_work(struct work_struct *work)
{
	struct vsw_switch *sw = container_of(to_delayed_work(work),
					     struct vsw_switch, hc_work);
	struct vsw_hc_round *r;
	unsigned long next, now;

	vsw_lock();
	if (!sw->hc_interval || sw->dying)
		goto out;
	next = sw->hc_interval * HZ;
	r = rcu_dereference_protected(sw->hc_cur, lockdep_is_held(&vsw_mutex));
	if (!r) {
		sw->hc_started = jiffies;
		r = vsw_hc_new_round(sw);
		if (!r)		/* (the last round stays what is compared) */
			goto again;
		sw->hc_sends = 0;
		rcu_assign_pointer(sw->hc_cur, r);
	}
	if (sw->hc_sends < VSW_HC_SENDS) {
		vsw_hc_send(sw, r);
		next = ++sw->hc_sends < VSW_HC_SENDS ? VSW_HC_SPACING :
						       VSW_HC_LISTEN;
	} else {
		vsw_hc_judge(sw, r);
		now = jiffies;
		next = sw->hc_started + sw->hc_interval * HZ;
		next = time_after(next, now) ? next - now : 0;
	}
again:
	queue_delayed_work(system_wq, &sw->hc_work, next);
out:
	vsw_unlock();
}

/**
 * vsw_hc_init() - set up a new switch's health check, off
 * @sw: the switch, not yet in its namespace's list
 *
 * Context: process context.
 */
void vsw_hc_init(struct vsw_switch *sw)
{
	sw->hc_id = get_random_u64();
	INIT_DELAYED_WORK(&sw->hc_work, vsw_hc_work);
}

/**
 * vsw_hc_set() - start, retime or stop the periodic health check
 * @sw: the switch
 * @interval: seconds between rounds, 0: off (checked by the policy)
 *
 * A new interval starts a round now unless one is being sent; off
 * forgets the results.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_hc_set(struct vsw_switch *sw, u32 interval)
{
	vsw_assert_locked();
	if (interval == sw->hc_interval)
		return;
	sw->hc_interval = interval;
	if (!interval)
		vsw_hc_stop(sw);
	else if (!rcu_access_pointer(sw->hc_cur))
		mod_delayed_work(system_wq, &sw->hc_work, 0);
}

/**
 * vsw_hc_stop() - stop the health check and forget its results
 * @sw: the switch (its health check off, or the switch dying)
 *
 * Cancels the work without waiting for it: it may be waiting for the
 * locks the caller holds, and finds the check off or the switch dying.
 * vsw_switch_free() waits for it.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_hc_stop(struct vsw_switch *sw)
{
	vsw_assert_locked();
	cancel_delayed_work(&sw->hc_work);
	vsw_hc_forget(sw);
}

/**
 * vsw_hc_next_row() - step through the last round's results
 * @sw: the switch
 * @row: zeroed for the first; the next result on return
 *
 * Each uplink in each VLAN, then each portgroup judged as an iphash team.
 *
 * Context: vsw_mutex held.
 * Return: false after the last.
 */
bool vsw_hc_next_row(struct vsw_switch *sw, struct vsw_hc_row *row)
{
	const struct vsw_hc_round *r = sw->hc_last;

	if (!r)
		return false;
	if (!row->r)			/* the first */
		*row = (struct vsw_hc_row){ .sw = sw, .r = r, .v = -1 };
	while (!row->pg && row->s < r->n_up) {
		if (++row->v == r->n_vid) {
			row->v = -1;
			row->s++;
			continue;
		}
		if (!r->gone[row->s])
			return true;
	}
	row->pg = list_prepare_entry(row->pg, &sw->portgroups, list);
	list_for_each_entry_continue(row->pg, &sw->portgroups, list)
		if (row->pg->hc_checked)
			return true;
	return false;
}

/**
 * vsw_hc_fill() - put one health check result into a message
 * @msg: the message
 * @obj: the result, a struct vsw_hc_row
 *
 * Context: vsw_mutex held.
 * Return: 0, or -EMSGSIZE.
 */
int vsw_hc_fill(struct sk_buff *msg, const void *obj)
{
	const struct vsw_hc_row *row = obj;
	const struct vsw_hc_round *r = row->r;
	u32 by[VSWITCH_UPLINKS_MAX], pair[2];
	unsigned long heard;
	int i, n = 0;

	if (nla_put_string(msg, VSWITCH_A_SWITCH_NAME, row->sw->name) ||
	    nla_put_u32(msg, VSWITCH_A_HEALTHCHECK_AGE_MS,
			jiffies_to_msecs(jiffies - r->judged)))
		return -EMSGSIZE;
	if (row->pg) {
		pair[0] = row->pg->hc_pair[0];
		pair[1] = row->pg->hc_pair[1];
		if (nla_put_string(msg, VSWITCH_A_PG_NAME, row->pg->name) ||
		    nla_put_u8(msg, VSWITCH_A_HEALTHCHECK_ETHERCHANNEL,
			       !row->pg->hc_split) ||
		    (row->pg->hc_split &&
		     nla_put(msg, VSWITCH_A_HEALTHCHECK_HEARD_BY, sizeof(pair),
			     pair)))
			return -EMSGSIZE;
		return 0;
	}
	heard = vsw_hc_heard(r, row->s, row->v, false);
	for_each_set_bit(i, &heard, r->n_up)
		if (!r->gone[i])
			by[n++] = r->ifindex[i];
	/* (an uplink that left is no row: its port is valid here) */
	if (nla_put_string(msg, VSWITCH_A_IFNAME, r->up[row->s]->dev->name) ||
	    nla_put_u16(msg, VSWITCH_A_HEALTHCHECK_VID, r->vid[row->v]) ||
	    nla_put_u8(msg, VSWITCH_A_HEALTHCHECK_VLAN_OK, !!heard) ||
	    nla_put(msg, VSWITCH_A_HEALTHCHECK_HEARD_BY, n * sizeof(u32), by) ||
	    nla_put_u8(msg, VSWITCH_A_HEALTHCHECK_MTU,
		       vsw_hc_mtu(r, row->s, row->v)) ||
	    nla_put_u32(msg, VSWITCH_A_SWITCH_MTU, r->mtu))
		return -EMSGSIZE;
	return 0;
}

/**
 * vsw_hc_uplink_gone() - an uplink leaves its switch
 * @up: the uplink, being detached
 *
 * Its rows leave the rounds (the one being heard and the last), without
 * an event: its leaving was announced.  The fast path may still compare
 * its pointer, never follow it.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_hc_uplink_gone(struct vsw_port *up)
{
	struct vsw_switch *sw = up->sw;
	struct vsw_hc_round *r[2] = {
		rcu_dereference_protected(sw->hc_cur,
					  lockdep_is_held(&vsw_mutex)),
		sw->hc_last,
	};
	int i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; r[k] && i < r[k]->n_up; i++)
			if (r[k]->up[i] == up)
				r[k]->gone[i] = true;
}
