// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: teaming, which uplink a port's traffic uses.
 *
 * Each portgroup has a team: the array of uplinks its traffic may use now,
 * in order.  It is built from the policy's lists (or every uplink, in
 * attach order, when there are none): the active uplinks that are usable;
 * if none, the standby ones that are usable.  An uplink is usable when it
 * has link and, under "detect beacon", has not lost the other uplinks'
 * probes.  The team is rebuilt whenever an uplink is attached, detached or
 * changes state, or the policy changes, and is replaced whole like a
 * policy, so the fast path picks an uplink with one rcu_dereference() and
 * an index:
 *
 *   portid    up[port id % n]
 *   srcmac    up[hash(source MAC) % n]
 *   iphash    up[hash(source IP, destination IP) % n], non-IP by MAC
 *   failover  up[0]
 *
 * A port's home uplink is the one its received floods come through (the
 * physical switch may flood down every uplink, and the VM must get one
 * copy): the one above for portid and failover, the one of the port's key
 * MAC for srcmac; under iphash (a static EtherChannel, where the physical
 * switch sends each frame down one link) every uplink of the team is.
 *
 * failback off: an uplink that comes back while the portgroup's traffic
 * has somewhere else to go is "demoted": it waits, unused, until an uplink
 * in use fails (or the policy changes); ESX's "failback: no".
 *
 * notify on: whenever a MAC of a port starts using another uplink (and
 * after an attach or portgroup change, for all of them), a RARP frame
 * from that MAC goes out of its new uplink in its VLAN, so that the
 * physical switches move it at once instead of at its next frame.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include "vswitch.h"

static inline u32 vsw_mac_hash(u64 mac)
{
	return hash_64(mac, 32);
}

static struct vsw_port *vsw_team_by_mac(const struct vsw_team *t, u64 mac)
{
	return t->up[reciprocal_scale(vsw_mac_hash(mac), t->n)];
}

/* @skb->data is at the network header, any VLAN tag already taken off. */
static u32 vsw_ip_hash(const struct sk_buff *skb)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP): {
		const struct iphdr *iph;
		struct iphdr _iph;

		iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
		if (iph)
			return jhash_2words((__force u32)iph->saddr,
					    (__force u32)iph->daddr, 0);
		break;
	}
	case htons(ETH_P_IPV6): {
		const struct ipv6hdr *ip6;
		struct ipv6hdr _ip6;

		ip6 = skb_header_pointer(skb, 0, sizeof(_ip6), &_ip6);
		if (ip6)
			return jhash_2words(ipv6_addr_hash(&ip6->saddr),
					    ipv6_addr_hash(&ip6->daddr), 0);
		break;
	}
	}
	return vsw_mac_hash(ether_addr_to_u64(eth_hdr(skb)->h_source));
}

/**
 * vsw_team_tx() - the uplink a frame from a port leaves by
 * @p: the port the frame came from
 * @skb: the frame (iphash teaming hashes its addresses)
 *
 * Context: the fast path, under RCU.
 * Return: the uplink, or NULL when the port's team has none usable.
 */
struct vsw_port *vsw_team_tx(const struct vsw_port *p,
			     const struct sk_buff *skb)
{
	const struct vsw_team *t = rcu_dereference(p->team);

	if (unlikely(!t || !t->n))
		return NULL;
	switch (t->mode) {
	case VSWITCH_TEAMING_PORTID:
		return t->up[p->id % t->n];
	case VSWITCH_TEAMING_SRCMAC:
		return vsw_team_by_mac(t, ether_addr_to_u64(eth_hdr(skb)->h_source));
	case VSWITCH_TEAMING_IPHASH:
		return t->up[reciprocal_scale(vsw_ip_hash(skb), t->n)];
	}
	return t->up[0];
}

/* The port's home uplink (NULL: none, or every one under iphash). */
static struct vsw_port *vsw_team_home(const struct vsw_team *t,
				      const struct vsw_port *p)
{
	if (!t || !t->n)
		return NULL;
	switch (t->mode) {
	case VSWITCH_TEAMING_PORTID:
		return t->up[p->id % t->n];
	case VSWITCH_TEAMING_SRCMAC:
		return vsw_team_by_mac(t, READ_ONCE(p->key_mac));
	case VSWITCH_TEAMING_IPHASH:
		return NULL;
	}
	return t->up[0];
}

/**
 * vsw_team_rx_ok() - whether a flood received on an uplink is for a port
 * @p: the port
 * @up: the uplink the flood came in by
 *
 * The physical switch may flood down every uplink, and the VM must get one
 * copy: the one from its home uplink (any uplink of its team, under
 * iphash).
 *
 * Context: the fast path, under RCU.
 * Return: true when the flood received on @up may be delivered to @p.
 */
bool vsw_team_rx_ok(const struct vsw_port *p, const struct vsw_port *up)
{
	const struct vsw_team *t = rcu_dereference(p->team);
	int i;

	if (t && t->mode == VSWITCH_TEAMING_IPHASH) {
		for (i = 0; i < t->n; i++)
			if (t->up[i] == up)
				return true;
		return false;
	}
	return vsw_team_home(t, p) == up;
}

/**
 * vsw_port_uplink() - a port's home uplink, for replies
 * @p: the port
 *
 * Context: under the RCU read lock or vsw_mutex.
 * Return: the uplink the port's received floods come through, or NULL:
 * none usable, or iphash (every uplink of the team is).
 */
struct vsw_port *vsw_port_uplink(const struct vsw_port *p)
{
	return vsw_team_home(rcu_dereference_check(p->team,
						   lockdep_is_held(&vsw_mutex)),
			     p);
}

/* The uplink frames from MAC @mac of port @p leave by. */
static struct vsw_port *vsw_team_for_mac(const struct vsw_team *t,
					 const struct vsw_port *p,
					 const u8 *mac)
{
	if (!t || !t->n)
		return NULL;
	if (t->mode == VSWITCH_TEAMING_SRCMAC ||
	    t->mode == VSWITCH_TEAMING_IPHASH)	/* a RARP is not IP */
		return vsw_team_by_mac(t, ether_addr_to_u64(mac));
	return vsw_team_home(t, p);
}

/**
 * vsw_pg_team() - a portgroup's team, on the config side
 * @pg: the portgroup
 *
 * Context: vsw_mutex held.
 * Return: the team (NULL only while vsw_pg_create() builds the first one).
 */
struct vsw_team *vsw_pg_team(const struct vsw_portgroup *pg)
{
	return rcu_dereference_protected(pg->team, lockdep_is_held(&vsw_mutex));
}

static struct vsw_team *vsw_port_team(const struct vsw_port *p)
{
	return rcu_dereference_protected(p->team, lockdep_is_held(&vsw_mutex));
}

/* A RARP request (as qemu sends after a migration) from @mac. */
static struct sk_buff *vsw_rarp_build(struct vsw_port *up, const u8 *mac,
				      u16 tci)
{
	struct arphdr *arp;
	struct sk_buff *skb;
	u8 *addrs;

	skb = vsw_uplink_frame(up, mac, htons(ETH_P_RARP), tci,
			       sizeof(*arp) + 2 * (ETH_ALEN + 4), GFP_ATOMIC);
	if (!skb)
		return NULL;
	arp = (struct arphdr *)skb_network_header(skb);
	arp->ar_hrd = htons(ARPHRD_ETHER);
	arp->ar_pro = htons(ETH_P_IP);
	arp->ar_hln = ETH_ALEN;
	arp->ar_pln = 4;
	arp->ar_op = htons(ARPOP_RREQUEST);
	addrs = (u8 *)(arp + 1);
	ether_addr_copy(addrs, mac);			/* sender MAC */
	ether_addr_copy(addrs + ETH_ALEN + 4, mac);	/* target MAC */
	return skb;
}

/* One walk over the MAC table (it can hold 131072 entries: never one walk
 * per port): a RARP for every MAC of @only, or else for every MAC of a
 * port whose portgroup is marked for announcement (pg->announce) that
 * leaves by another uplink than under pg->team_old.
 */
#define VSW_ANNOUNCE_BATCH	64	/* RARPs sent with BH disabled at once */

static void vsw_announce(struct vsw_switch *sw, const struct vsw_port *only)
{
	struct vsw_fdb_entry *e;
	struct sk_buff_head q;
	struct sk_buff *skb;

	vsw_assert_locked();
	__skb_queue_head_init(&q);
	/* a walk under RCU, not fdb_lock: the table may hold 131072 MACs,
	 * and bottom halves stay disabled for one batch of frames at a time
	 * (the ports cannot go: vsw_mutex)
	 */
	rcu_read_lock();
	hlist_for_each_entry_rcu(e, &sw->fdb_list, list) {
		struct vsw_port *p = READ_ONCE(e->port), *up;
		const struct vsw_team *t, *old = NULL;
		const struct vsw_policy *pol;
		u16 tci = e->key.vid;

		if (!p || p->role != VSW_ROLE_PORT)
			continue;	/* deleted meanwhile; the overlay's */
		if (only ? p != only : p->pg->announce == VSW_ANNOUNCE_NONE)
			continue;
		if (!only && p->pg->announce == VSW_ANNOUNCE_MOVED)
			old = p->pg->team_old;
		pol = vsw_port_policy(p);
		t = vsw_port_team(p);
		if (!pol->notify || !t || !t->n)
			continue;
		up = vsw_team_for_mac(t, p, e->key.addr);
		if (old && up == vsw_team_for_mac(old, p, e->key.addr))
			continue;
		if (up->role == VSW_ROLE_OVERLAY) {
			/* to every other host of the segment, untagged */
			skb = vsw_rarp_build(up, e->key.addr, 0);
			if (skb) {
				local_bh_disable();
				vsw_overlay_announce(up, skb, e->key.vid);
				local_bh_enable();
			}
			continue;
		}
		/* a private VLAN's MACs go out in their entry's VID, as
		 * their frames do (pvlan.c)
		 */
		if (pol->vlan_mode == VSWITCH_VLAN_MODE_PVLAN)
			tci = pol->vid;
		if (tci && (pol->vlan_mode == VSWITCH_VLAN_MODE_VST ||
			    pol->vlan_mode == VSWITCH_VLAN_MODE_PVLAN))
			tci |= (u16)pol->pcp << VLAN_PRIO_SHIFT;
		skb = vsw_rarp_build(up, e->key.addr, tci);
		if (skb)
			__skb_queue_tail(&q, skb);
		if (skb_queue_len(&q) >= VSW_ANNOUNCE_BATCH)
			vsw_uplink_xmit(&q);
	}
	rcu_read_unlock();
	vsw_uplink_xmit(&q);
}

/**
 * vsw_port_announce() - announce every MAC of a port on its uplinks
 * @p: the port, after it was attached or moved
 *
 * A RARP from each MAC goes out of the uplink it leaves by, in its VLAN,
 * so that the physical switches move it at once; only when the port's
 * policy has notify on.
 *
 * Context: process context, RTNL and vsw_mutex held.
 */
void vsw_port_announce(struct vsw_port *p)
{
	vsw_announce(p->sw, p);
}

static struct vsw_port *vsw_uplink_by_ifindex(struct vsw_switch *sw,
					      int ifindex)
{
	struct vsw_port *up;

	list_for_each_entry(up, &sw->uplinks, list)
		if (up->dev->ifindex == ifindex)
			return up;
	return NULL;
}

static bool vsw_team_usable(const struct vsw_port *up,
			    const struct vsw_policy *pol)
{
	if (pol->detect == VSWITCH_DETECT_BEACON && up->beacon_failed)
		return false;
	return vsw_uplink_is_up(up);
}

/* The team of a portgroup whose team could not be allocated: no uplink.
 * Shared, never written, never freed.
 */
static struct vsw_team vsw_team_none;

/**
 * vsw_team_free() - free a team after a grace period
 * @t: a team replaced by another, NULL, or &vsw_team_none
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_team_free(struct vsw_team *t)
{
	if (t && t != &vsw_team_none)
		kfree_rcu(t, rcu);
}

struct vsw_team_cand {
	struct vsw_port *up;
	bool standby;
	bool usable;		/* (the overlay has no bit in the masks) */
};

/* An uplink's bit in the teaming masks; the overlay has none (it is
 * every overlay segment's one way out, and no physical uplink's).
 */
static u32 vsw_slot_bit(const struct vsw_port *up)
{
	return up->role == VSW_ROLE_UPLINK ? BIT(up->slot) : 0;
}

/* The portgroup's uplinks in order: its lists, or every uplink; for an
 * overlay segment, the overlay.
 */
static int vsw_team_candidates(struct vsw_portgroup *pg,
			       const struct vsw_policy *pol,
			       struct vsw_team_cand *c)
{
	struct vsw_port *up;
	int i, n = 0;

	if (pol->vlan_mode == VSWITCH_VLAN_MODE_VXLAN) {
		up = rcu_dereference_protected(pg->sw->ovl_port,
					       lockdep_is_held(&vsw_mutex));
		if (up)
			c[n++] = (struct vsw_team_cand){ up, false };
		return n;
	}

	if (!pol->explicit_order) {
		list_for_each_entry(up, &pg->sw->uplinks, list)
			c[n++] = (struct vsw_team_cand){ up, false };
		return n;
	}
	for (i = 0; i < pol->n_active; i++) {
		up = vsw_uplink_by_ifindex(pg->sw, pol->active[i]);
		if (up)
			c[n++] = (struct vsw_team_cand){ up, false };
	}
	for (i = 0; i < pol->n_standby; i++) {
		up = vsw_uplink_by_ifindex(pg->sw, pol->standby[i]);
		if (up)
			c[n++] = (struct vsw_team_cand){ up, true };
	}
	return n;
}

/* Rebuild the team of @pg and publish it to the portgroup and its member
 * ports; returns the old one.  VSW_TEAM_RESET (a policy change) forgets
 * the uplinks failback-off keeps waiting.
 */
static struct vsw_team *vsw_team_rebuild(struct vsw_portgroup *pg,
					 unsigned int flags)
{
	const struct vsw_policy *pol = vsw_pg_policy(pg);
	struct vsw_team_cand c[VSWITCH_UPLINKS_MAX];
	u32 known = 0, usable = 0, demoted = 0, in_use = 0, bit;
	struct vsw_team *t, *old;
	int i, n, pass;
	struct vsw_port *p;

	vsw_assert_locked();
	n = vsw_team_candidates(pg, pol, c);
	for (i = 0; i < n; i++) {
		bit = vsw_slot_bit(c[i].up);
		known |= bit;
		c[i].usable = vsw_team_usable(c[i].up, pol);
		if (c[i].usable)
			usable |= bit;
	}

	if (!pol->failback && !(flags & VSW_TEAM_RESET)) {
		u32 back = usable & pg->known & ~pg->was_up;

		/* an uplink in use failed: the waiting ones may step in */
		if (!(pg->in_use & ~usable))
			demoted = pg->demoted;
		/* back, while traffic has somewhere else to go: wait */
		if (pg->in_use & usable & ~back)
			demoted |= back;
		demoted &= usable;
	}

	t = kzalloc(struct_size(t, up, VSWITCH_UPLINKS_MAX), GFP_KERNEL_ACCOUNT);
	if (unlikely(!t)) {
		/* the old team may hold an uplink that is leaving: without
		 * memory the portgroup has no uplink until its next rebuild
		 * (its frames to the physical network are counted
		 * no-uplink), rather than __GFP_NOFAIL's wait under RTNL
		 */
		t = &vsw_team_none;
		goto built;
	}
	t->mode = pol->teaming;
	/* actives, standbys, then (only if nothing else) the waiting ones */
	for (pass = 0; pass < 4 && !t->n; pass++) {
		for (i = 0; i < n; i++) {
			bit = vsw_slot_bit(c[i].up);
			bool waiting = demoted & bit;
			bool waiting_pass = pass >= 2;

			if (c[i].usable && c[i].standby == (pass & 1) &&
			    waiting == waiting_pass)
				t->up[t->n++] = c[i].up;
		}
	}
built:
	for (i = 0; i < t->n; i++)
		if (i == 0 || t->mode != VSWITCH_TEAMING_FAILOVER)
			in_use |= vsw_slot_bit(t->up[i]);

	pg->known = known;
	pg->was_up = usable;
	pg->in_use = in_use;
	pg->demoted = demoted;

	old = vsw_pg_team(pg);
	rcu_assign_pointer(pg->team, t);
	list_for_each_entry(p, &pg->sw->ports, list) {
		if (p->pg != pg)
			continue;
		rcu_assign_pointer(p->team, t);
		/* a failover: the port's event is due */
		if (old && vsw_team_home(old, p) != vsw_team_home(t, p))
			p->notify_pending = true;
	}
	return old;
}

/**
 * vsw_team_update() - rebuild a portgroup's team for a new policy
 * @pg: the portgroup, new or with a new policy
 * @flags: %VSW_TEAM_RESET (the policy changed: forget the uplinks failback
 *	off keeps waiting), %VSW_TEAM_ANNOUNCE_ALL
 *
 * Rebuild the team of @pg and announce the MACs that changed uplink (all,
 * with %VSW_TEAM_ANNOUNCE_ALL).  Member ports whose home uplink changed are
 * due an event; the old team is freed after a grace period.
 *
 * Context: process context, RTNL and vsw_mutex held.
 */
void vsw_team_update(struct vsw_portgroup *pg, unsigned int flags)
{
	pg->team_old = vsw_team_rebuild(pg, flags);
	pg->announce = flags & VSW_TEAM_ANNOUNCE_ALL ? VSW_ANNOUNCE_ALL :
						       VSW_ANNOUNCE_MOVED;
	if (pg->n_ports)
		vsw_announce(pg->sw, NULL);
	pg->announce = VSW_ANNOUNCE_NONE;
	vsw_team_free(pg->team_old);
	pg->team_old = NULL;
}

/**
 * vsw_uplinks_account() - recount which uplinks carry traffic
 * @sw: the switch, its teams up to date
 * @changed: an uplink whose state changed, or NULL
 *
 * Which uplinks carry some portgroup's traffic; @changed (if any) and
 * every uplink that started or stopped carrying traffic are due an event
 * (vsw_notify_pending()).
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_uplinks_account(struct vsw_switch *sw, struct vsw_port *changed)
{
	u32 in_use = 0, diff;
	struct vsw_portgroup *pg;
	struct vsw_port *up;

	vsw_assert_locked();
	list_for_each_entry(pg, &sw->portgroups, list)
		in_use |= pg->in_use;
	diff = in_use ^ sw->uplinks_in_use;
	sw->uplinks_in_use = in_use;
	list_for_each_entry(up, &sw->uplinks, list)
		if (up == changed || (diff & BIT(up->slot)))
			up->notify_pending = true;
	vsw_changed(sw->net);
}

/**
 * vsw_teams_update() - rebuild every team of a switch after an uplink change
 * @sw: the switch
 * @changed: the uplink whose state changed, or NULL (an attach, a detach,
 *	beacon verdicts)
 *
 * The MACs that changed uplink are announced in one walk of the MAC table
 * for all portgroups; then vsw_uplinks_account().
 *
 * Context: process context, RTNL and vsw_mutex held.
 */
void vsw_teams_update(struct vsw_switch *sw, struct vsw_port *changed)
{
	struct vsw_portgroup *pg;

	vsw_assert_locked();
	list_for_each_entry(pg, &sw->portgroups, list) {
		pg->team_old = vsw_team_rebuild(pg, 0);
		pg->announce = VSW_ANNOUNCE_MOVED;
	}
	if (sw->n_ports)
		vsw_announce(sw, NULL);
	list_for_each_entry(pg, &sw->portgroups, list) {
		pg->announce = VSW_ANNOUNCE_NONE;
		vsw_team_free(pg->team_old);
		pg->team_old = NULL;
	}
	vsw_uplinks_account(sw, changed);
}

/**
 * vsw_team_join() - a port joins its portgroup's team
 * @p: the port, moved to another portgroup (vsw_port_attach() sets a new
 *	port's team itself)
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_team_join(struct vsw_port *p)
{
	rcu_assign_pointer(p->team, vsw_pg_team(p->pg));
}

static int vsw_list_remove(int *list, u8 *n, int ifindex)
{
	int i;

	for (i = 0; i < *n; i++) {
		if (list[i] != ifindex)
			continue;
		memmove(&list[i], &list[i + 1], (*n - i - 1) * sizeof(*list));
		(*n)--;
		return 1;
	}
	return 0;
}

/**
 * vsw_team_forget_uplink() - take a departing uplink out of teaming lists
 * @sw: the switch
 * @up: the uplink, being detached
 *
 * Every portgroup whose active or standby list has it loses it there, and
 * gets an event after every team is rebuilt, once (one walk of the MAC
 * table for the announcements, not one per portgroup).  The lists
 * are edited in place, not by a new policy: a detach must complete, with
 * memory or not, and the lists are config-side data of the policy (the
 * fast path reads only teams), written and read under the configuration
 * locks.
 *
 * Context: process context, RTNL and vsw_mutex held.
 */
void vsw_team_forget_uplink(struct vsw_switch *sw, struct vsw_port *up)
{
	struct vsw_portgroup *pg;
	struct vsw_policy *pol;

	vsw_assert_locked();
	list_for_each_entry(pg, &sw->portgroups, list) {
		pol = vsw_pg_policy(pg);
		pg->lists_changed = pol->explicit_order &&
			(vsw_list_remove(pol->active, &pol->n_active,
					 up->dev->ifindex) +
			 vsw_list_remove(pol->standby, &pol->n_standby,
					 up->dev->ifindex));
	}
	vsw_teams_update(sw, NULL);
	list_for_each_entry(pg, &sw->portgroups, list) {
		if (pg->lists_changed)
			vsw_notify_pg(pg);
		pg->lists_changed = false;
	}
}
