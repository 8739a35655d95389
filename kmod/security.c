// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: the security policy of a portgroup, applied to the source MAC
 * of every frame a port sends (ESX semantics, secure by default).
 *
 * A port's MAC is its configured one, else the first source MAC it sent
 * that no other port had (port->key_mac).  A frame from that MAC, or from a MAC the port already
 * owns in the MAC table, is forwarded and its MAC refreshed.  A frame from
 * any other MAC is
 *
 *   mac-changes on   forwarded, and the port takes the MAC (learned),
 *                    as long as it stays within max-macs;
 *   forged-tx on     forwarded, but the port does not take the MAC: frames
 *                    to it are unknown unicast (they go to the uplink);
 *   both off         dropped as "forged".
 *
 * learning on (vDS/NSX MAC learning, for a nested hypervisor's or an
 * appliance's port): the port owns every MAC it sends, as a bridge port
 * does, up to the portgroup's learn-limit (and the port's max-macs); it
 * takes a MAC from another learning port (a nested VM moved), never a
 * MAC another kind of port has.  With unknown-flood on (datapath.c) it
 * also gets the unknown unicast of its segment.
 *
 * promisc on (fast path in datapath.c): the port also gets a copy of every
 * unicast frame of its segments that is not for it.
 */
#include <linux/etherdevice.h>
#include "vswitch.h"

/* A MAC that @owner, a MAC learning port, learned: not its configured or
 * first MAC, which stay its own (a learning port takes the others' learned
 * MACs: a nested VM moved from one nested hypervisor to another).  A MAC
 * learned from the overlay is one too: its VM moved here from another host.
 */
static bool vsw_learned_by_learning_port(const struct vsw_port *owner,
					 u64 mac)
{
	const struct vsw_policy *pol = rcu_dereference(owner->pol);

	if (owner->role == VSW_ROLE_OVERLAY)
		return true;
	return pol && pol->learning && mac != READ_ONCE(owner->key_mac);
}

/* @owner is of another class of a private VLAN than a port under @pol:
 * its MACs stay its own, whatever the policy (an isolated port taking the
 * gateway's MAC would get the traffic sent to it).
 */
static bool vsw_pvlan_other_class(const struct vsw_port *owner,
				  const struct vsw_policy *pol)
{
	const struct vsw_policy *op = rcu_dereference(owner->pol);

	return op && (op->pvlan || pol->pvlan) &&
	       (op->pvlan != pol->pvlan || op->vid != pol->vid);
}

/**
 * vsw_security_src() - the security policy's verdict on a source MAC
 * @p: the port the frame came from
 * @pol: @p's policy
 * @src: the frame's source MAC, unicast
 * @e: the MAC table entry of (@src, the frame's VLAN), or NULL (its port
 *	is NULL once it is deleted)
 *
 * The first MAC a port without a configured one sends becomes its key MAC,
 * unless another port has that MAC: with mac-changes off a port never takes
 * a MAC another port has, be it its first, and the port whose MAC it is
 * keeps it for as long as it exists (its key MAC's entries do not age,
 * vsw_fdb_gc()).  A configured MAC is never taken.  A MAC a learning port
 * learned (not its key MAC) is taken by another learning port, or as a
 * port's first MAC.
 *
 * Context: the fast path, under RCU.
 * Return: %VSW_SRC_LEARN, %VSW_SRC_FORWARD, %VSW_SRC_FORGED or
 * %VSW_SRC_LIMIT (enum vsw_src_verdict).
 */
enum vsw_src_verdict vsw_security_src(struct vsw_port *p,
				      const struct vsw_policy *pol,
				      const u8 *src,
				      const struct vsw_fdb_entry *e)
{
	struct vsw_port *owner = e ? READ_ONCE(e->port) : NULL;
	u64 mac = ether_addr_to_u64(src);
	u64 key = READ_ONCE(p->key_mac);
	u32 max;

	if (likely(owner == p))
		return VSW_SRC_LEARN;
	if (unlikely(owner)) {
		/* another port's MAC: never its configured one; with
		 * mac-changes any other; a MAC a learning port merely
		 * learned: a learning port (a nested VM moved), or a port's
		 * first MAC (a learning port cannot squat on the MACs of
		 * VMs that have not spoken yet)
		 */
		if (e->is_static || vsw_pvlan_other_class(owner, pol))
			goto other;
		if (!pol->mac_changes &&
		    !((pol->learning || !key) &&
		      vsw_learned_by_learning_port(owner, mac)))
			goto other;
	}
	if (unlikely(!key) && (!owner || !pol->learning)) {
		/* the first MAC it sends becomes the port's MAC (a learning
		 * port's, only when no other port had it)
		 */
		WRITE_ONCE(p->key_mac, mac);
		key = mac;
	}
	/* a new entry (its own MAC in another VLAN, or another MAC), or a
	 * move to it: within max-macs (and a learning port's limit)
	 */
	if (mac == key || pol->mac_changes || pol->learning) {
		max = READ_ONCE(p->max_macs);
		if (pol->learning && (!max || pol->learn_limit < max))
			max = pol->learn_limit;
		if (unlikely(max && atomic_read(&p->n_macs) >= max))
			return VSW_SRC_LIMIT;
		return VSW_SRC_LEARN;
	}
other:
	return pol->forged_tx ? VSW_SRC_FORWARD : VSW_SRC_FORGED;
}
