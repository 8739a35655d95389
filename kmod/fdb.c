// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: the MAC table, (VLAN, MAC) -> port.
 *
 * Entries come from a port's configured MAC (static) and from source MACs
 * seen on ports; nothing is learned from uplinks.  Learned entries age out
 * after sw->ageing seconds of silence (but a port's own MAC: it stays while
 * the port does) and move when the MAC shows up on another port whose
 * policy lets it take the MAC.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include "vswitch.h"

static struct kmem_cache *vsw_fdb_cache;

/* The key (MAC, VID) is 8 bytes: hashed inline by the same seeded jhash
 * as rhashtable's default (a VM chooses its MACs: the seed keeps it from
 * choosing collisions) and matched by one compare, where the generic
 * jhash2() loop and memcmp() calls cost both lookups of every frame
 * (Documentation/bench.md).
 */
static_assert(sizeof(struct vsw_fdb_key) == sizeof(u64));

static u32 vsw_fdb_hash(const void *data, u32 len, u32 seed)
{
	const struct vsw_fdb_key *key = data;

	return jhash_2words(lower_32_bits(key->word), upper_32_bits(key->word),
			    seed);
}

static int vsw_fdb_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct vsw_fdb_key *key = arg->key;
	const struct vsw_fdb_entry *e = obj;

	return key->word != e->key.word;
}

static const struct rhashtable_params vsw_fdb_params = {
	.head_offset = offsetof(struct vsw_fdb_entry, node),
	.key_offset = offsetof(struct vsw_fdb_entry, key),
	.key_len = sizeof(struct vsw_fdb_key),
	.hashfn = vsw_fdb_hash,
	.obj_cmpfn = vsw_fdb_cmp,
	.automatic_shrinking = true,
	/* the bucket array is not memory-accounted: bounded instead (a full
	 * table of learned entries, plus configured MACs)
	 */
	.max_size = 2 * VSWITCH_MAX_MACS_MAX,
};

/**
 * vsw_fdb_init() - set up a new switch's MAC table, empty
 * @sw: the switch, not yet in its namespace's list
 *
 * Context: process context.
 * Return: 0, or a negative errno from rhashtable_init().
 */
int vsw_fdb_init(struct vsw_switch *sw)
{
	spin_lock_init(&sw->fdb_lock);
	INIT_HLIST_HEAD(&sw->fdb_list);
	atomic_set(&sw->fdb_count, 0);
	return rhashtable_init(&sw->fdb, &vsw_fdb_params);
}

/**
 * vsw_fdb_lookup() - the MAC table entry of a MAC in a VLAN segment
 * @sw: the switch
 * @addr: the MAC
 * @vid: the segment's VID (0: untagged)
 *
 * Context: under the RCU read lock (the fast path has it; the config side
 * takes it around the call).
 * Return: the entry, valid until the read section ends, or NULL.
 */
struct vsw_fdb_entry *vsw_fdb_lookup(struct vsw_switch *sw, const u8 *addr,
				     u16 vid)
{
	struct vsw_fdb_key key;

	memcpy(key.addr, addr, ETH_ALEN);
	key.vid = vid;
	return rhashtable_lookup(&sw->fdb, &key, vsw_fdb_params);
}

static void vsw_fdb_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(vsw_fdb_cache,
			container_of(head, struct vsw_fdb_entry, rcu));
}

/* Under sw->fdb_lock.  Every entry counts for its port (max-macs).  The
 * fast path may be moving the entry to another port meanwhile (a cmpxchg()
 * of e->port in vsw_fdb_learn()): taking the port with xchg() leaves it
 * NULL, so that exactly one of the two moves the count, and readers still
 * inside their RCU section see a deleted entry as having no port.
 */
static void vsw_fdb_delete(struct vsw_switch *sw, struct vsw_fdb_entry *e)
{
	rhashtable_remove_fast(&sw->fdb, &e->node, vsw_fdb_params);
	hlist_del_rcu(&e->list);
	atomic_dec(&sw->fdb_count);
	atomic_dec(&sw->vn->n_macs);
	atomic_dec(&xchg(&e->port, NULL)->n_macs);
	call_rcu(&e->rcu, vsw_fdb_free_rcu);
}

/* an entry's memory, charged to the switch's creator (from softirq context
 * too)
 */
static struct vsw_fdb_entry *vsw_fdb_alloc(struct vsw_switch *sw, gfp_t gfp)
{
	struct mem_cgroup *old_memcg = set_active_memcg(sw->memcg);
	struct vsw_fdb_entry *e = kmem_cache_alloc(vsw_fdb_cache, gfp);

	set_active_memcg(old_memcg);
	return e;
}

/* @spare: memory for the entry, taken whatever happens, or NULL */
static struct vsw_fdb_entry *vsw_fdb_create(struct vsw_switch *sw,
					    struct vsw_port *p,
					    const u8 *addr, u16 vid, u8 vtep,
					    bool is_static, gfp_t gfp,
					    struct vsw_fdb_entry *spare)
{
	struct vsw_fdb_entry *e;

	/* the switch's table size, and its namespace's share of the host;
	 * configured MACs are bounded by the ports (max_ports) and never
	 * compete with learned ones, which a guest can make at will
	 */
	if (!is_static &&
	    (atomic_read(&sw->fdb_count) >= READ_ONCE(sw->max_macs) ||
	     atomic_read(&sw->vn->n_macs) >= READ_ONCE(vsw_limits.macs)))
		return NULL;
	e = spare ?: vsw_fdb_alloc(sw, gfp);
	if (!e)
		return NULL;
	memcpy(e->key.addr, addr, ETH_ALEN);
	e->key.vid = vid;
	e->port = p;
	e->updated = jiffies;
	e->is_static = is_static;
	e->vtep = vtep;
	if (rhashtable_lookup_insert_fast(&sw->fdb, &e->node, vsw_fdb_params)) {
		kmem_cache_free(vsw_fdb_cache, e);
		return NULL;
	}
	e->id = ++sw->fdb_next_id;
	hlist_add_head_rcu(&e->list, &sw->fdb_list);
	atomic_inc(&sw->fdb_count);
	atomic_inc(&sw->vn->n_macs);
	atomic_inc(&p->n_macs);
	return e;
}

/**
 * vsw_fdb_learn() - learn or refresh a source MAC seen on a port
 * @sw: the switch
 * @p: the port the frame came from
 * @e: the entry of (@addr, @vid) the caller looked up, or NULL
 * @addr: the source MAC
 * @vid: the segment's VID
 * @vtep: from the overlay, the remote VTEP it came from (0 from a port)
 *
 * The common case (a known MAC on the same port) writes nothing unless a
 * jiffy passed, to keep the entry's cache line shared between CPUs.
 *
 * Context: the fast path (BH disabled: softirq, or an internal port's
 * xmit), under RCU; takes sw->fdb_lock to add an entry.
 */
void vsw_fdb_learn(struct vsw_switch *sw, struct vsw_port *p,
		   struct vsw_fdb_entry *e, const u8 *addr, u16 vid, u8 vtep)
{
	unsigned long now = jiffies;
	struct vsw_port *old;

	if (unlikely(!is_valid_ether_addr(addr)))
		return;
	if (likely(e)) {
		if (unlikely(e->is_static))
			return;
		old = READ_ONCE(e->port);
		if (unlikely(!old))
			return;		/* being deleted */
		/* a MAC moving to the overlay: its VTEP before its port */
		if (unlikely(READ_ONCE(e->vtep) != vtep))
			WRITE_ONCE(e->vtep, vtep);
		/* a move: cmpxchg, so that of two CPUs moving one MAC at
		 * once, or of a move and a deletion, only one moves its count
		 */
		if (unlikely(old != p) && cmpxchg(&e->port, old, p) == old) {
			atomic_dec(&old->n_macs);
			atomic_inc(&p->n_macs);
		}
		if (READ_ONCE(e->updated) != now)
			WRITE_ONCE(e->updated, now);
		return;
	}
	spin_lock(&sw->fdb_lock);
	vsw_fdb_create(sw, p, addr, vid, vtep, false, GFP_ATOMIC, NULL);
	spin_unlock(&sw->fdb_lock);
}

/**
 * vsw_fdb_spare() - memory for a configured MAC's entry, before a change
 * @sw: the switch
 *
 * A request that moves a port and sets its MAC allocates the entry first,
 * so that it fails before anything changed or not at all (found by
 * selftests/failnth.sh: a port moved to its new portgroup, its MAC then
 * refused for want of memory).
 *
 * Context: process context.
 * Return: the memory (for vsw_fdb_add_static(), or vsw_fdb_spare_free()),
 * or NULL.
 */
struct vsw_fdb_entry *vsw_fdb_spare(struct vsw_switch *sw)
{
	return vsw_fdb_alloc(sw, GFP_KERNEL);
}

void vsw_fdb_spare_free(struct vsw_fdb_entry *spare)
{
	if (spare)
		kmem_cache_free(vsw_fdb_cache, spare);
}

/**
 * vsw_fdb_add_static() - a port's configured MAC in the MAC table
 * @sw: the switch
 * @p: the port
 * @addr: the configured MAC
 * @vid: the port's segment
 * @spare: memory for the entry (vsw_fdb_spare()), taken in any case; or
 *	NULL to allocate it here
 *
 * A configured MAC replaces a learned entry for the same key, never
 * another port's configured MAC.
 *
 * Context: RTNL and vsw_mutex held; takes sw->fdb_lock.
 * Return: 0, -EEXIST (another port's configured MAC: the callers check
 * with vsw_port_mac_check() first and explain it), or -ENOMEM (no memory,
 * or the table is full).
 */
int vsw_fdb_add_static(struct vsw_switch *sw, struct vsw_port *p,
		       const u8 *addr, u16 vid, struct vsw_fdb_entry *spare)
{
	struct vsw_fdb_entry *e;
	int err = 0;

	spin_lock_bh(&sw->fdb_lock);
	/* the lookup walks the table under RCU (as in the fast path); the
	 * lock keeps the entry from going meanwhile
	 */
	rcu_read_lock();
	e = vsw_fdb_lookup(sw, addr, vid);
	rcu_read_unlock();
	if (e && e->is_static && READ_ONCE(e->port) != p) {
		vsw_fdb_spare_free(spare);
		err = -EEXIST;
		goto out;
	}
	if (e)
		vsw_fdb_delete(sw, e);
	if (!vsw_fdb_create(sw, p, addr, vid, 0, true, GFP_ATOMIC, spare))
		err = -ENOMEM;
out:
	spin_unlock_bh(&sw->fdb_lock);
	return err;
}

/**
 * vsw_fdb_add_learned() - a port's own MAC in a VLAN, as if it had sent it
 * @sw: the switch
 * @p: the port
 * @addr: its MAC
 * @vid: the VLAN
 *
 * Keeps a port's MAC its own across a change of its home VLAN, before its
 * next frame: no other port takes it meanwhile.  Nothing happens when the
 * MAC is already in the table in @vid.
 *
 * Context: RTNL and vsw_mutex held; takes sw->fdb_lock.
 */
void vsw_fdb_add_learned(struct vsw_switch *sw, struct vsw_port *p,
			 const u8 *addr, u16 vid)
{
	spin_lock_bh(&sw->fdb_lock);
	rcu_read_lock();
	if (!vsw_fdb_lookup(sw, addr, vid))
		vsw_fdb_create(sw, p, addr, vid, 0, false, GFP_ATOMIC, NULL);
	rcu_read_unlock();
	spin_unlock_bh(&sw->fdb_lock);
}

/**
 * vsw_fdb_flush_port() - remove a port's MAC table entries
 * @sw: the switch
 * @p: the port
 * @with_static: its configured MAC's entry too
 *
 * The entries are freed after a grace period, as the fast path may still
 * read them.
 *
 * Context: process context, RTNL and vsw_mutex held; takes sw->fdb_lock.
 */
void vsw_fdb_flush_port(struct vsw_switch *sw, struct vsw_port *p,
			bool with_static)
{
	struct vsw_fdb_entry *e;
	struct hlist_node *tmp;

	spin_lock_bh(&sw->fdb_lock);
	hlist_for_each_entry_safe(e, tmp, &sw->fdb_list, list)
		if (READ_ONCE(e->port) == p && (with_static || !e->is_static))
			vsw_fdb_delete(sw, e);
	spin_unlock_bh(&sw->fdb_lock);
}

/**
 * vsw_fdb_flush_vid() - remove the learned MAC table entries of a VLAN
 * @sw: the switch
 * @vid: the VLAN
 *
 * Context: process context, RTNL and vsw_mutex held; takes sw->fdb_lock.
 */
void vsw_fdb_flush_vid(struct vsw_switch *sw, u16 vid)
{
	struct vsw_fdb_entry *e;
	struct hlist_node *tmp;

	spin_lock_bh(&sw->fdb_lock);
	hlist_for_each_entry_safe(e, tmp, &sw->fdb_list, list)
		if (e->key.vid == vid && !e->is_static)
			vsw_fdb_delete(sw, e);
	spin_unlock_bh(&sw->fdb_lock);
}

/**
 * vsw_fdb_flush_learned() - remove the MACs a port took beyond its own
 * @sw: the switch
 * @p: the port
 *
 * Its configured MAC's entry and its key MAC in its home VLAN stay: what a
 * port without learning and mac-changes may have.
 *
 * Context: process context, RTNL and vsw_mutex held; takes sw->fdb_lock.
 */
void vsw_fdb_flush_learned(struct vsw_switch *sw, struct vsw_port *p)
{
	u16 home = vsw_policy_home_vid(vsw_port_policy(p));
	u64 key = READ_ONCE(p->key_mac);
	struct vsw_fdb_entry *e;
	struct hlist_node *tmp;

	spin_lock_bh(&sw->fdb_lock);
	hlist_for_each_entry_safe(e, tmp, &sw->fdb_list, list)
		if (READ_ONCE(e->port) == p && !e->is_static &&
		    (ether_addr_to_u64(e->key.addr) != key || e->key.vid != home))
			vsw_fdb_delete(sw, e);
	spin_unlock_bh(&sw->fdb_lock);
}

/* A port's own MAC (configured, or the first it sent) stays in the table
 * in its home VLAN while the port exists, as a configured MAC does: a
 * silent VM's MAC must not become free for another port to take
 * (security.c).  In its other VLANs (a trunk port's) it ages, or a guest
 * could pin an entry in each of 4094 VLANs.  Under RCU and fdb_lock.
 */
static bool vsw_fdb_ages(const struct vsw_fdb_entry *e)
{
	const struct vsw_port *p = READ_ONCE(e->port);

	return !e->is_static &&
	       (ether_addr_to_u64(e->key.addr) != READ_ONCE(p->key_mac) ||
		e->key.vid != vsw_policy_home_vid(rcu_dereference(p->pol)));
}

static void vsw_fdb_gc(struct work_struct *work)
{
	struct vsw_switch *sw = container_of(work, struct vsw_switch,
					     fdb_gc.work);
	unsigned long ageing = (unsigned long)READ_ONCE(sw->ageing) * HZ;
	unsigned long interval = clamp(ageing / 4, (unsigned long)HZ / 2,
				       10UL * HZ);
	struct vsw_fdb_entry *e;

	/* a walk under RCU, taking fdb_lock (and disabling BH) for one
	 * expired entry at a time, not for a table of up to 131072
	 */
	rcu_read_lock();
	hlist_for_each_entry_rcu(e, &sw->fdb_list, list) {
		if (e->is_static ||
		    !time_after(jiffies, READ_ONCE(e->updated) + ageing))
			continue;
		spin_lock_bh(&sw->fdb_lock);
		/* not deleted meanwhile (a port flush), and not its port's */
		if (READ_ONCE(e->port) && vsw_fdb_ages(e))
			vsw_fdb_delete(sw, e);
		spin_unlock_bh(&sw->fdb_lock);
	}
	vsw_ports_cold_expire(sw);
	rcu_read_unlock();
	vsw_mdb_gc(sw);
	queue_delayed_work(system_power_efficient_wq, &sw->fdb_gc, interval);
}

/**
 * vsw_fdb_set_ageing() - change a switch's ageing time
 * @sw: the switch
 * @secs: the new ageing time, in seconds
 *
 * A shorter time takes effect now: the next walk of the table would wait
 * for the old interval (up to 10 s) otherwise.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_fdb_set_ageing(struct vsw_switch *sw, u32 secs)
{
	u32 old = READ_ONCE(sw->ageing);

	WRITE_ONCE(sw->ageing, secs);
	if (secs < old)
		mod_delayed_work(system_power_efficient_wq, &sw->fdb_gc, 0);
}

/**
 * vsw_fdb_gc_start() - start ageing a new switch's MAC table
 * @sw: the switch, its table set up by vsw_fdb_init()
 *
 * The ageing work runs every quarter of the ageing time (from half a
 * second to ten seconds) until vsw_fdb_fini(); it takes only sw->fdb_lock.
 *
 * Context: process context.
 */
void vsw_fdb_gc_start(struct vsw_switch *sw)
{
	INIT_DELAYED_WORK(&sw->fdb_gc, vsw_fdb_gc);
	queue_delayed_work(system_power_efficient_wq, &sw->fdb_gc, HZ / 2);
}

/**
 * vsw_fdb_fini() - stop ageing and empty a switch's MAC table
 * @sw: the switch; all its ports are gone, so only the entries' memory is
 *	left
 *
 * The entries are freed after a grace period; the table itself by
 * vsw_fdb_destroy(), after the readers that may still walk it.
 *
 * Context: RTNL and vsw_mutex held; sleeps (the ageing work, which takes
 * only sw->fdb_lock, is cancelled synchronously).
 */
void vsw_fdb_fini(struct vsw_switch *sw)
{
	struct vsw_fdb_entry *e;
	struct hlist_node *tmp;

	cancel_delayed_work_sync(&sw->fdb_gc);
	spin_lock_bh(&sw->fdb_lock);
	hlist_for_each_entry_safe(e, tmp, &sw->fdb_list, list)
		vsw_fdb_delete(sw, e);
	spin_unlock_bh(&sw->fdb_lock);
}

/**
 * vsw_fdb_destroy() - free an emptied MAC table
 * @sw: the switch, after vsw_fdb_fini() and a grace period
 *
 * Context: process context, no lock needed (nothing reaches the switch).
 */
void vsw_fdb_destroy(struct vsw_switch *sw)
{
	rhashtable_destroy(&sw->fdb);
}

/**
 * vsw_fdb_module_init() - create the slab cache of MAC table entries
 *
 * Context: module init.
 * Return: 0, or -ENOMEM.
 */
int __init vsw_fdb_module_init(void)
{
	vsw_fdb_cache = KMEM_CACHE(vsw_fdb_entry, SLAB_ACCOUNT);
	return vsw_fdb_cache ? 0 : -ENOMEM;
}

/**
 * vsw_fdb_module_fini() - destroy the slab cache of MAC table entries
 *
 * Context: module exit after rcu_barrier() (entries are freed by RCU
 * callbacks), or a failed module init.
 */
void vsw_fdb_module_fini(void)
{
	kmem_cache_destroy(vsw_fdb_cache);
}
