// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: beacon probing, failure detection beyond the link state.
 *
 * While some portgroup of a switch uses "detect beacon", every uplink with
 * link sends a small broadcast probe every second in every VLAN such a
 * portgroup uses.  The physical network floods each probe to the other
 * uplinks, which note when they last heard one.  An uplink that heard no
 * probe for VSW_BEACON_TIMEOUT while another uplink still hears probes
 * has lost its path to the physical network although its link is up (a
 * cut further on, a wrong VLAN on the physical switch port): it is marked
 * failed, and the portgroups that probe stop using it until probes reach
 * it again.
 *
 * It takes three uplinks to tell which one failed.  With two, a lost path
 * silences both (each stops hearing the other), nothing can be blamed, and
 * both stay in use on their link state alone; ESX's answer (sending every
 * frame out of both) would duplicate them on the physical network.
 *
 * The work runs in process context and takes RTNL and vsw_mutex; a
 * switch being deleted only cancels it, and its memory is freed by a work
 * item that waits for the probe work without holding them
 * (vsw_switch_free()): a probe work waiting for RTNL then finds the switch
 * dying and ends.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/random.h>
#include "vswitch.h"

#define VSW_BEACON_INTERVAL	HZ
#define VSW_BEACON_TIMEOUT	(3 * HZ + HZ / 2)
#define VSW_BEACON_VLANS	64		/* VLANs probed, at most */

/**
 * vsw_beacon_rx() - take a beacon probe received on an uplink
 * @up: the uplink
 * @skb: a frame of the probes' ethertype, data at the network header
 * @vid: the VLAN it came in (0: untagged)
 *
 * A probe (ours or another host's switch's: never a VM's business) is
 * consumed, and one of ours from another uplink tells that @up still
 * hears the others; one of the switch's health check (healthcheck.c) is
 * noted there; anything else of that ethertype is forwarded as usual.
 *
 * Context: the fast path, under RCU.
 * Return: true when @skb was a probe and is consumed, false when the
 * caller still owns it.
 */
bool vsw_beacon_rx(struct vsw_port *up, struct sk_buff *skb, u16 vid)
{
	const struct vsw_beacon *b;
	struct vsw_beacon _b;

	b = skb_header_pointer(skb, 0, sizeof(_b), &_b);
	if (!b || b->magic != htonl(VSW_BEACON_MAGIC))
		return false;
	if (be64_to_cpu(b->switch_id) == up->sw->beacon_id) {
		if (ntohl(b->ifindex) != up->dev->ifindex)
			WRITE_ONCE(up->beacon_rx, jiffies);
	} else if (be64_to_cpu(b->switch_id) == up->sw->hc_id) {
		vsw_hc_rx(up, skb, vid);
	}
	consume_skb(skb);
	return true;
}

/* The VLANs probing portgroups use (0: untagged); returns how many. */
static int vsw_beacon_vlans(struct vsw_switch *sw, u16 *vids)
{
	struct vsw_portgroup *pg;
	int i, n = 0;

	list_for_each_entry(pg, &sw->portgroups, list) {
		const struct vsw_policy *pol = vsw_pg_policy(pg);
		/* a private VLAN's portgroup: its entry's VID on the wire */
		u16 vid = pol->vlan_mode == VSWITCH_VLAN_MODE_PVLAN ?
			  pol->vid : vsw_policy_home_vid(pol);

		/* an overlay segment never leaves by an uplink */
		if (pol->detect != VSWITCH_DETECT_BEACON ||
		    pol->vlan_mode == VSWITCH_VLAN_MODE_VXLAN)
			continue;
		for (i = 0; i < n && vids[i] != vid; i++)
			;
		if (i == n && n < VSW_BEACON_VLANS)
			vids[n++] = vid;
	}
	return n;
}

static void vsw_beacon_send(struct vsw_switch *sw)
{
	u16 vids[VSW_BEACON_VLANS];
	struct sk_buff_head q;
	struct vsw_beacon *b;
	struct vsw_port *up;
	struct sk_buff *skb;
	int i, n;

	n = vsw_beacon_vlans(sw, vids);
	__skb_queue_head_init(&q);
	list_for_each_entry(up, &sw->uplinks, list) {
		if (!vsw_uplink_is_up(up))
			continue;
		for (i = 0; i < n; i++) {
			skb = vsw_uplink_frame(up, up->dev->dev_addr,
					       htons(VSWITCH_BEACON_ETHERTYPE),
					       vids[i], sizeof(*b), GFP_KERNEL);
			if (!skb)
				continue;
			b = (struct vsw_beacon *)skb_network_header(skb);
			b->magic = htonl(VSW_BEACON_MAGIC);
			b->ifindex = htonl(up->dev->ifindex);
			b->switch_id = cpu_to_be64(sw->beacon_id);
			__skb_queue_tail(&q, skb);
		}
	}
	vsw_uplink_xmit(&q);
}

static bool vsw_beacon_heard(const struct vsw_port *up, unsigned long now)
{
	return vsw_uplink_is_up(up) &&
	       time_before(now, READ_ONCE(up->beacon_rx) + VSW_BEACON_TIMEOUT);
}

/* Mark failed the uplinks that hear nothing while another one hears. */
static void vsw_beacon_check(struct vsw_switch *sw)
{
	unsigned long now = jiffies;
	struct vsw_port *up, *other;
	bool changed = false;

	list_for_each_entry(up, &sw->uplinks, list) {
		bool failed = false;

		if (!vsw_uplink_is_up(up)) {
			/* a grace period when its link comes back */
			WRITE_ONCE(up->beacon_rx, now);
		} else if (!vsw_beacon_heard(up, now)) {
			list_for_each_entry(other, &sw->uplinks, list)
				if (other != up && vsw_beacon_heard(other, now))
					failed = true;
		}
		if (failed == up->beacon_failed)
			continue;
		up->beacon_failed = failed;
		changed = true;
		if (failed)
			pr_warn("%s: uplink %s: beacon probes lost, failing over\n",
				sw->name, up->dev->name);
		else
			pr_info("%s: uplink %s: beacon probes back\n",
				sw->name, up->dev->name);
	}
	if (changed)
		vsw_teams_update(sw, NULL);
}

static void vsw_beacon_work(struct work_struct *work)
{
	struct vsw_switch *sw = container_of(to_delayed_work(work),
					     struct vsw_switch, beacon_work);

	vsw_lock();
	if (sw->beacon_on && !sw->dying) {
		vsw_beacon_check(sw);
		vsw_notify_pending(sw);
		vsw_beacon_send(sw);
		queue_delayed_work(system_wq, &sw->beacon_work,
				   VSW_BEACON_INTERVAL);
	}
	vsw_unlock();
}

/**
 * vsw_beacon_init() - set up a new switch's beacon probing, stopped
 * @sw: the switch, not yet in its namespace's list
 *
 * Draws the random id that tells its probes from other hosts' switches'.
 *
 * Context: process context.
 */
void vsw_beacon_init(struct vsw_switch *sw)
{
	sw->beacon_id = get_random_u64();
	INIT_DELAYED_WORK(&sw->beacon_work, vsw_beacon_work);
}

/**
 * vsw_beacon_update() - start or stop probing after a portgroup changed
 * @sw: the switch
 *
 * Probing runs while some portgroup uses "detect beacon".  When it starts
 * or stops every uplink gets a fresh timeout; when it stops, the uplinks it
 * had failed are usable again and due an event.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_beacon_update(struct vsw_switch *sw)
{
	struct vsw_portgroup *pg;
	struct vsw_port *up;
	bool need = false;

	vsw_assert_locked();
	list_for_each_entry(pg, &sw->portgroups, list)
		if (vsw_pg_policy(pg)->detect == VSWITCH_DETECT_BEACON)
			need = true;
	if (need == sw->beacon_on)
		return;
	sw->beacon_on = need;
	list_for_each_entry(up, &sw->uplinks, list) {
		WRITE_ONCE(up->beacon_rx, jiffies);
		if (!need && up->beacon_failed) {
			up->beacon_failed = false;
			up->notify_pending = true;
		}
	}
	if (need)
		queue_delayed_work(system_wq, &sw->beacon_work, 0);
}

/**
 * vsw_beacon_fini() - stop a switch's beacon probing for good
 * @sw: the switch, dying, without portgroups left to restart it
 *
 * Cancels the probe work without waiting for it: it may be waiting for
 * the locks the caller holds.  vsw_switch_free() waits for it later.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_beacon_fini(struct vsw_switch *sw)
{
	cancel_delayed_work(&sw->beacon_work);
}
