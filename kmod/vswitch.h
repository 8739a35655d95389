/* SPDX-License-Identifier: GPL-2.0 */
/* vswitch internal definitions. */

/**
 * DOC: Locking
 *
 * Configuration (netlink requests, the netdevice notifier, namespace exit,
 * module exit) runs in process context and takes rtnl_lock() and then
 * vsw_mutex, always in that order; every list (switches of a namespace,
 * ports, uplinks, portgroups), every __rcu pointer (policies, teams), the
 * teaming masks, uplink slots, sw->n_promisc and the notify_pending flags
 * are written only with both held.  Dumps and GETs take vsw_mutex only.
 *
 * The fast path (vsw_handle_frame(), called from the rx_handler hook in
 * softirq context) takes no lock: it reads the port from
 * dev->rx_handler_data, the port's policy and team, and the switch's port
 * list with rcu_dereference() under the RCU read lock the receive path
 * already holds; values that configuration changes in place (sw->mtu,
 * sw->n_promisc, a port's key_mac, an uplink's beacon_rx) are read with
 * READ_ONCE() and written with WRITE_ONCE().  Per-frame state is per-CPU
 * (u64_stats counters) or atomic and per port (shaper buckets: atomic64
 * tokens and a refill stamp claimed with cmpxchg; the MAC count n_macs).
 *
 * Beacon probing (beacon.c) runs in a delayed work item that takes RTNL and
 * vsw_mutex; configuration only cancels it (it may be waiting for them),
 * and the switch's free work, which holds neither, waits for it.  Frames
 * the switch sends itself (RARP, probes) are sent from process context with
 * BH disabled, under RTNL, so their uplinks cannot go away meanwhile.
 *
 * The MAC table is an rhashtable (its own bucket locks); a new entry is
 * created in the fast path with GFP_ATOMIC (only for a source MAC never seen
 * before), and all entries are also linked on sw->fdb_list under
 * sw->fdb_lock (_bh from process context), which only creation, deletion
 * and the ageing work take.  An existing entry is refreshed with
 * WRITE_ONCE() of its timestamp; it moves to another port with one
 * cmpxchg() of its port, which also moves the MAC count between the ports.
 *
 * Lifetime: a port or uplink is unlinked from every list and its rx_handler
 * unregistered under RTNL + vsw_mutex; after synchronize_net() no frame is
 * still in its rx_handler (so no new MAC table entry can point to it), its
 * entries are removed, and it is freed (and its netdev reference dropped)
 * by an RCU callback.  MAC table entries are freed by RCU callbacks.  A
 * policy (and a team) is replaced whole: the new one is published to every
 * member port with rcu_assign_pointer() and the old one freed with
 * kfree_rcu(); teams are rebuilt without an uplink before it is freed (the
 * exception: a policy's active/standby lists, which only configuration
 * reads, lose a departing uplink in place, so that a detach needs no
 * memory; a team that cannot be allocated is &vsw_team_none, no uplink).
 * The overlay's VXLAN netdev (overlay.c) is a port on no list, published
 * in sw->ovl_port and in the teams of the overlay segments; it leaves them
 * before its grace period like an uplink, and its netdev is unregistered
 * at vsw_unlock() like an internal port's.  While the switch creates it,
 * vsw_overlay_creating (RTNL) keeps our notifier from taking vsw_mutex for
 * its registration.
 * An internal port's netdev is unregistered at vsw_unlock(), after
 * vsw_mutex is released: what is stacked on it goes too, and our notifier
 * takes vsw_mutex for it.  A switch is unlinked, emptied and its ageing
 * work cancelled under the locks; its MAC table and memory are freed by an
 * rcu_work (vsw_wq) after a grace period, without waiting under RTNL.
 * Module exit unregisters the family first (no new request), then the
 * namespaces (no switch remains) and the notifier, waits for every
 * callback with rcu_barrier(), and drains vsw_wq, before the entry cache
 * goes.
 */
#ifndef _VSWITCH_H
#define _VSWITCH_H

#include <linux/idr.h>
#include <linux/netdevice.h>
#include <linux/if_vlan.h>
#include <linux/memcontrol.h>
#include <linux/rhashtable.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/in6.h>
#include <net/netns/generic.h>
#include <uapi/linux/vswitch.h>
#include "compat.h"

struct vsw_switch;

/* A cold start lasts the switch's ageing time, at most this long: long
 * enough for the peers of a VM that stays silent after an apply to reach
 * it, short enough to bound what a silent port sees (port.c).
 */
#define VSW_COLD_MAX		(60 * HZ)

/* The MACs a learning port may own unless its portgroup says otherwise
 * (vDS's default MAC limit of a MAC learning port).
 */
#define VSW_LEARN_LIMIT_DEFAULT	4096

/* A private VLAN class, of a policy or a frame: enum vswitch_pvlan_type
 * + 1, so that 0 is "not a private VLAN".
 */
#define VSW_PVLAN_NONE		0
#define VSW_PVLAN_PROMISC	(VSWITCH_PVLAN_TYPE_PROMISCUOUS + 1)
#define VSW_PVLAN_ISOLATED	(VSWITCH_PVLAN_TYPE_ISOLATED + 1)
#define VSW_PVLAN_COMMUNITY	(VSWITCH_PVLAN_TYPE_COMMUNITY + 1)

/* A switch's private VLANs (RFC 5517), by VID: replaced whole under RTNL
 * + vsw_mutex, read by the fast path for frames from uplinks and trunks.
 */
struct vsw_pvlan_map {
	struct rcu_head rcu;
	u16 primary[VLAN_N_VID];	/* 0: not a private VLAN's VID */
	u8 type[VLAN_N_VID];		/* enum vswitch_pvlan_type */
};

/* Immutable once published; replaced whole under RTNL + vsw_mutex. */
struct vsw_policy {
	u8 vlan_mode;			/* enum vswitch_vlan_mode */
	u8 pcp;
	u16 vid;			/* VST only */
	u8 teaming;			/* enum vswitch_teaming */
	u8 detect;			/* enum vswitch_detect */
	bool notify;
	bool failback;
	bool explicit_order;		/* active/standby lists are set */
	bool promisc;			/* security: all frames of its segments */
	bool forged_tx;			/* ... may send from any MAC */
	bool mac_changes;		/* ... may take new MACs */
	u8 shape_dir;			/* VSWITCH_SHAPE_IN | _OUT, 0: off */
	u8 bpdu_guard;			/* enum vswitch_bpdu_guard */
	bool ipfix;			/* its ports' flows are exported */
	bool learning;			/* ports own every MAC they send */
	bool unknown_flood;		/* ... and get unknown unicast */
	u32 learn_limit;		/* ... up to this many */
	/* VSWITCH_VLAN_MODE_PVLAN: @vid is the entry joined, a secondary
	 * or the primary; the segment (and MAC learning domain) is the
	 * primary's
	 */
	u16 pvlan_primary;
	u8 pvlan;			/* VSW_PVLAN_*, 0 unless PVLAN */
	u32 vni;			/* VXLAN: its VNI, @vid its segment */
	u32 shape_burst;		/* bytes */
	u64 shape_avg, shape_peak;	/* bit/s */
	/* Network I/O Control: the portgroup's class (its frames' skb
	 * priority on uplinks while the switch's NIOC is on; fixed for the
	 * portgroup's life) and its share, reservation and limit, which
	 * vswctl turns into the HTB classes of the uplinks
	 */
	u16 nioc_class;
	u32 nioc_shares;
	u64 nioc_resv, nioc_limit;	/* bit/s, 0: none */
	u8 n_active, n_standby;
	int active[VSWITCH_TEAM_LIST_MAX];	/* uplink ifindexes, in order */
	int standby[VSWITCH_TEAM_LIST_MAX];
	struct rcu_head rcu;
	DECLARE_BITMAP(trunk, VLAN_N_VID);	/* TRUNK only */
};

/* The uplinks a portgroup's traffic may use now, in order; rebuilt (and
 * replaced whole, like a policy) whenever an uplink or the policy changes.
 */
struct vsw_team {
	struct rcu_head rcu;
	u8 mode;			/* enum vswitch_teaming */
	u8 n;
	struct vsw_port *up[];
};

/* A portgroup's traffic filter rules, in order (filter.c); replaced whole
 * under RTNL + vsw_mutex, its rules outlive it until deleted.
 */
struct vsw_filter_rule;
struct vsw_filter {
	struct rcu_head rcu;
	u8 dirs;			/* of its rules: VSWITCH_SHAPE_* */
	u16 n;
	struct vsw_filter_rule *rule[];
};

#define VSW_NIOC_CLASSES	4094	/* portgroups of a switch (NIOC classes) */

struct vsw_portgroup {
	struct list_head list;		/* sw->portgroups */
	struct vsw_switch *sw;
	char name[VSWITCH_PG_NAME_MAX + 1];
	struct vsw_policy __rcu *pol;
	struct vsw_filter __rcu *filter;	/* NULL: no rule */
	struct vsw_team __rcu *team;
	unsigned int n_ports;
	/* teaming state, bits by uplink slot; config side only */
	u32 known;			/* uplinks in the lists last time */
	u32 was_up;			/* ... and usable then */
	u32 in_use;			/* ... and carrying traffic then */
	u32 demoted;			/* recovered, waiting (failback off) */
	/* during a team update: the team before, and what to announce */
	struct vsw_team *team_old;
	enum { VSW_ANNOUNCE_NONE, VSW_ANNOUNCE_MOVED, VSW_ANNOUNCE_ALL } announce;
	bool lists_changed;		/* lost an uplink from its lists */
	/* the periodic health check's teaming result (healthcheck.c) */
	bool hc_checked;		/* judged as an iphash team last round */
	bool hc_split;			/* ... and not one port channel: */
	int hc_pair[2];			/* a probe went from, to (ifindexes) */
};

struct vsw_bucket {
	atomic64_t tokens;		/* bytes; below zero after a long frame */
	atomic64_t stamp;		/* ns the tokens are counted up to */
};

struct vsw_shaper {
	struct vsw_bucket avg, peak;
};

struct vsw_pcpu_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 drops[__VSWITCH_DROP_MAX];
	struct u64_stats_sync syncp;
};

struct vsw_stats {
	u64 rx_packets, rx_bytes, tx_packets, tx_bytes;
	u64 drops[__VSWITCH_DROP_MAX];
};

/* A port's two shapers: in = from the VM into the switch, out = to it */
enum vsw_shaper_dir {
	VSW_SHAPER_IN,
	VSW_SHAPER_OUT,
	VSW_SHAPERS
};

/* A netdev in a switch has a role (where it sits: a port of a portgroup,
 * or an uplink) and, for ports, a kind (what made its netdev:
 * enum vswitch_port_kind, a VM's existing netdev or an internal port).
 */
enum vsw_port_role {
	VSW_ROLE_PORT,			/* a port of a portgroup */
	VSW_ROLE_UPLINK,		/* a trunk to the physical network */
	VSW_ROLE_OVERLAY,		/* the VXLAN netdev of the overlay */
};

/* struct vsw_port flags, set by the fast path too */
enum {
	VSW_PORT_BLOCKED,		/* forwards nothing */
	VSW_PORT_BLOCK_ANNOUNCED,	/* ... and its event went out */
	VSW_PORT_COLD,			/* its MAC is not known yet */
	VSW_PORT_MIRROR_DST,		/* a mirror destination without dst-io:
					 * forwards nothing but the copies
					 */
};

/* struct vsw_port's mirror word: bit N (N < VSWITCH_MIRROR_MAX) mirrors
 * what the port receives by session N, bit 16 + N what it sends
 */
#define VSW_MIRROR_IN		GENMASK(VSWITCH_MIRROR_MAX - 1, 0)
#define VSW_MIRROR_OUT_SHIFT	16
static_assert(VSWITCH_MIRROR_MAX <= VSW_MIRROR_OUT_SHIFT);

/* The rx_handler_data of every port and uplink netdev. */
struct vsw_port {
	struct list_head list;		/* sw->ports or sw->uplinks, RCU */
	struct vsw_switch *sw;
	struct net_device *dev;
	netdevice_tracker dev_tracker;	/* our reference to @dev */
	enum vsw_port_role role;
	u8 kind;			/* ports: enum vswitch_port_kind */
	u32 id;				/* unique in the switch */
	u32 mirror;			/* sessions it is a source of
					 * (VSW_MIRROR_*); READ_ONCE
					 */
	struct vsw_portgroup *pg;	/* ports only; config side */
	struct vsw_policy __rcu *pol;	/* ports only; fast path */
	struct vsw_team __rcu *team;	/* ports only; its portgroup's */
	struct vsw_filter __rcu *filter;	/* ports only; its portgroup's */
	u8 mac[ETH_ALEN];		/* configured MAC, or zero */
	/* ports: the configured MAC, else the first source MAC seen (the
	 * MAC srcmac teaming pins the port's received floods to)
	 */
	u64 key_mac;			/* READ_ONCE/WRITE_ONCE */
	u32 max_macs;			/* 0: no limit; READ_ONCE */
	struct vsw_shaper shaper[VSW_SHAPERS];	/* ports only */
	/* changed as a side effect (its uplink, its state): an event is due
	 * once the change that caused it has been announced
	 */
	bool notify_pending;
	unsigned long flags;		/* VSW_PORT_*, atomic bitops */
	unsigned long cold_until;	/* jiffies: VSW_PORT_COLD ends */
	atomic_t n_macs;		/* MAC table entries pointing here */
	u16 n_groups;			/* multicast groups joined; mdb lock */
	/* uplinks */
	u8 slot;			/* bit in the teaming masks */
	bool beacon_failed;		/* probes from the others lost */
	unsigned long beacon_rx;	/* jiffies of the last probe heard */
	struct vsw_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

struct vsw_hc_round;		/* healthcheck.c */

/* A switch's IPFIX export (ipfix.c): what vswitch-ipfixd reads, and the
 * psample group the fast path samples into (NULL: export off)
 */
struct psample_group;
struct vsw_ipfix {
	struct psample_group __rcu *group;
	u32 group_num;
	u8 addr_len;			/* 0: off, 4 or 16 */
	u8 addr[16];			/* the collector */
	u16 port;
	u32 domain;			/* observation domain ID */
	u32 sample;			/* 1 of N; READ_ONCE */
	u32 active, idle;		/* seconds */
	bool internal_only;		/* READ_ONCE */
};

/* Segments from VSW_SEG_OVERLAY up are the overlay's (VXLAN), one per
 * VNI a portgroup uses (overlay.c); below it, VLANs.  A segment is what
 * the fast path, the MAC table and the membership tests key on.
 */
#define VSW_SEG_OVERLAY		VLAN_N_VID
#define VSW_VTEP_ALL		0xff	/* vsw_frame.vtep: every remote VTEP */

static inline bool vsw_seg_is_overlay(u16 seg)
{
	return seg >= VSW_SEG_OVERLAY;
}

/* every segment: the VLANs, then the overlay's */
#define VSW_N_SEGS		(VSW_SEG_OVERLAY + VSWITCH_OVERLAY_SEGMENTS_MAX)

/* Who a flood of a segment goes to (vlan.c): the ports that are members
 * of that one segment, by segment (@ports[@off[seg]] up to
 * @ports[@off[seg + 1]]), then the trunk ports (members of many: tested
 * per frame).  Dropped whenever a port comes, goes or changes segments,
 * built whole again a little later, so that a broadcast visits its
 * segment's ports, not every port of the switch; the fast path still
 * tests each port's policy (a reader may hold the map a port was in).
 */
struct vsw_flood_map {
	struct rcu_head rcu;
	u32 n_trunks;			/* after the members of VSW_N_SEGS - 1 */
	u32 off[VSW_N_SEGS + 1];
	struct vsw_port *ports[];
};

union vsw_ip {
	__be32 v4;
	struct in6_addr v6;
};

/* A switch's overlay configuration (overlay.c): immutable once published,
 * replaced whole under RTNL + vsw_mutex.
 */
struct vsw_overlay {
	struct rcu_head rcu;
	u8 alen;			/* 4 or 16 */
	u8 n_remotes;
	__be16 port;			/* UDP */
	union vsw_ip local;
	union vsw_ip remote[VSWITCH_OVERLAY_REMOTES_MAX];
	int underlay;			/* ifindex; config side */
};

/* VNIs and overlay segments, both ways (overlay.c): replaced whole */
struct vsw_vni_map {
	struct rcu_head rcu;
	u16 n;				/* entries of @by_vni, sorted by VNI */
	struct {
		u32 vni;
		u16 seg;
	} by_vni[VSWITCH_OVERLAY_SEGMENTS_MAX];
	u32 vni[VSWITCH_OVERLAY_SEGMENTS_MAX];	/* by segment - VSW_SEG_OVERLAY;
						 * 0: free
						 */
};

struct vsw_switch {
	struct list_head list;		/* vsw_net->switches */
	struct net *net;
	struct vsw_net *vn;		/* vsw_net(net) */
	struct mem_cgroup *memcg;	/* its creator's: pays for its MACs */
	u32 max_macs;			/* MAC table size; READ_ONCE */
	char name[VSWITCH_NAME_MAX + 1];
	u32 mtu;
	u32 ageing;			/* seconds */
	struct list_head portgroups;
	struct list_head ports;
	struct list_head uplinks;
	unsigned int n_portgroups, n_ports, n_uplinks;
	u32 next_port_id;
	u64 nioc_rate;			/* NIOC: bit/s, 0 off; READ_ONCE */
	struct ida nioc_ida;		/* its portgroups' NIOC classes / 16 */
	u32 uplink_slots;		/* slots in use */
	u32 uplinks_in_use;		/* slots carrying some portgroup's traffic */
	unsigned int n_promisc;		/* promiscuous ports; READ_ONCE */
	unsigned int n_flood_unknown;	/* learning ports with unknown-flood;
					 * READ_ONCE
					 */
	atomic_t n_cold;		/* ports with VSW_PORT_COLD */
	/* NULL: not built yet since the last change (@flood_work builds
	 * it), or no memory; floods walk @ports then
	 */
	struct vsw_flood_map __rcu *flood;
	struct delayed_work flood_work;
	struct vsw_pvlan_map __rcu *pvlan;	/* NULL: none */
	u8 multicast;			/* enum vswitch_multicast_mode;
					 * READ_ONCE
					 */
	u32 mdb_ageing;			/* seconds; READ_ONCE */
	struct vsw_mdb *mdb;		/* IGMP/MLD snooping state (mdb.c) */
	/* port mirroring sessions (mirror.c), by slot */
	struct vsw_mirror __rcu *mirror[VSWITCH_MIRROR_MAX];
	struct list_head mirrors;	/* ... in creation order; config side */
	unsigned int n_mirrors;
	u32 mirror_rspan;		/* slots of sessions with an RSPAN VLAN;
					 * READ_ONCE
					 */
	struct vsw_ipfix ipfix;
	struct vsw_overlay __rcu *overlay;	/* NULL: none */
	struct vsw_port __rcu *ovl_port;	/* its VXLAN netdev's */
	struct vsw_vni_map __rcu *vnis;		/* NULL: no VXLAN portgroup yet */
	bool dying;			/* being deleted: its deletion and its
					 * objects' were announced, nothing
					 * more is (config lock)
					 */

	bool beacon_on;			/* some portgroup probes */
	u64 beacon_id;			/* tells our probes from other hosts' */
	struct delayed_work beacon_work;

	/* the periodic health check (healthcheck.c); config lock */
	u32 hc_interval;		/* seconds, 0: off */
	u8 hc_sends;			/* of the round being sent */
	unsigned long hc_started;	/* jiffies: that round's first send */
	u64 hc_id;			/* its probes' switch id */
	struct vsw_hc_round __rcu *hc_cur;	/* being heard (fast path) */
	struct vsw_hc_round *hc_last;	/* judged; NULL: none */
	struct delayed_work hc_work;

	struct rhashtable fdb;
	spinlock_t fdb_lock;		/* fdb_list and fdb insert/remove */
	struct hlist_head fdb_list;
	u64 fdb_next_id;		/* fdb_lock */
	atomic_t fdb_count;
	struct delayed_work fdb_gc;
	struct rcu_work free_work;	/* vsw_switch_free() */
	struct work_struct block_work;	/* announces BPDU guard blocks */
};

struct vsw_fdb_key {
	union {
		struct {
			u8 addr[ETH_ALEN];
			u16 vid;
		};
		u64 word;	/* hashed and compared as one word */
	};
};

struct vsw_fdb_entry {
	struct rhash_head node;
	struct vsw_fdb_key key;
	struct hlist_node list;		/* sw->fdb_list, newest first */
	u64 id;				/* creation order, for dumps */
	/* READ_ONCE; moved with cmpxchg(), NULL once deleted (readers in
	 * an RCU section may still find it)
	 */
	struct vsw_port *port;
	unsigned long updated;		/* jiffies; READ_ONCE/WRITE_ONCE */
	bool is_static;
	u8 vtep;			/* on the overlay: its remote's index;
					 * READ_ONCE/WRITE_ONCE
					 */
	struct rcu_head rcu;
};

/* The state every fast-path step sees for one frame. */
struct vsw_frame {
	struct vsw_port *in;
	const struct vsw_policy *pol;	/* NULL for uplinks */
	u16 vid;			/* segment: 0 = untagged */
	u16 tci;			/* vid + priority for tagged egress */
	u8 pvlan;			/* its private VLAN class, VSW_PVLAN_* */
	u16 pv_vid;			/* ... and VID (its community) */
	u8 vtep;			/* to the overlay: the remote VTEP
					 * (VSW_VTEP_ALL: each, head-end
					 * replication)
					 */
};

extern struct mutex vsw_mutex;
extern struct list_head vsw_unreg_list;
extern struct workqueue_struct *vsw_wq;
extern unsigned int vsw_net_id;

/* What a namespace's owner may make (module parameters, main.c): a user
 * namespace owner configures switches in its own namespace, and every
 * object costs host memory.
 */
struct vsw_limits {
	unsigned int switches;		/* per namespace */
	unsigned int ports;		/* ports and uplinks, per namespace */
	unsigned int macs;		/* MAC table entries, per namespace */
};

extern struct vsw_limits vsw_limits;

/*
 * A change made with a confirmation deadline (vswctl --confirm): the
 * kernel keeps the deadline and decides, in one place, whether the change
 * was confirmed in time; the process that armed it keeps the configuration
 * from before and rolls back once the state is expired
 * (Documentation/rollback.md).  vsw_mutex: the requests and the
 * deadline's work hold it.
 */
struct vsw_confirm {
	struct delayed_work work;	/* the deadline: armed -> expired */
	struct net *net;		/* the namespace this is part of */
	struct pid *guard;		/* the armer's thread group */
	unsigned long deadline;		/* jiffies */
	u32 id;				/* 0: none yet */
	u32 timeout;			/* seconds */
	u8 state;			/* enum vswitch_confirm_state */
	char what[VSWITCH_CONFIRM_WHAT_MAX + 1];
};

struct vsw_net {
	struct list_head switches;
	struct vsw_confirm confirm;
	u32 gen;			/* bumped on every change, for dumps */
	u32 hc_gen;			/* ... on every health check round */
	unsigned int n_switches;	/* config lock */
	unsigned int n_ports;		/* ports and uplinks; config lock */
	atomic_t n_macs;		/* MAC table entries of its switches */
	u32 ipfix_next;			/* the last psample group handed out */
#ifdef VSW_EXTACK_SLOTS
	/* formatted extack messages before 6.2 (vsw_extack_slot()) */
	char extack[VSW_EXTACK_SLOTS][VSW_EXTACK_LEN];
	atomic_t extack_next;
#endif
};

/**
 * vsw_net() - the module's state in a namespace
 * @net: the namespace
 *
 * Context: any.
 * Return: its &struct vsw_net.
 */
static inline struct vsw_net *vsw_net(struct net *net)
{
	return net_generic(net, vsw_net_id);
}

/**
 * vsw_changed() - note a configuration change in a namespace
 * @net: the namespace
 *
 * Bumps the generation dumps compare, so that a dump that raced with the
 * change is marked NLM_F_DUMP_INTR.
 *
 * Context: RTNL and vsw_mutex held.
 */
static inline void vsw_changed(struct net *net)
{
	vsw_net(net)->gen++;
}

/**
 * vsw_assert_locked() - check that the configuration locks are held
 *
 * RTNL always; vsw_mutex with lockdep.
 *
 * Context: where configuration is written.
 */
#define vsw_assert_locked() \
	do { ASSERT_RTNL(); lockdep_assert_held(&vsw_mutex); } while (0)

/**
 * vsw_lock() - take the configuration locks: RTNL, then vsw_mutex
 *
 * Always in that order (DOC: Locking above).  Changes need both: RTNL for
 * the netdevs they look up and hook, vsw_mutex for the switches' state,
 * which GETs and dumps read holding vsw_mutex alone.
 *
 * Context: process context; sleeps.
 */
static inline void vsw_lock(void)
{
	rtnl_lock();
	mutex_lock(&vsw_mutex);
}

/**
 * vsw_unlock() - release the locks vsw_lock() took
 *
 * Internal ports' netdevs that went with their ports are unregistered
 * between the two: unregistering one unregisters what is stacked on it (a
 * VLAN device, a macvlan), and our netdevice notifier, called for those,
 * takes vsw_mutex.
 *
 * Context: RTNL and vsw_mutex held.
 */
static inline void vsw_unlock(void)
{
	LIST_HEAD(unreg);

	list_splice_init(&vsw_unreg_list, &unreg);
	mutex_unlock(&vsw_mutex);
	if (!list_empty(&unreg))
		unregister_netdevice_many(&unreg);
	rtnl_unlock();
}

/**
 * vsw_unregister_later() - delete a netdev the switch made, at vsw_unlock()
 * @dev: a registered netdev (an internal port's, the overlay's VXLAN)
 *
 * Through its link type's dellink, as `ip link del` and Open vSwitch's
 * rtnl_delete_link() do: the vxlan driver takes the device off its
 * namespace's list there, and a bare unregister would leave it listed,
 * freed (the next overlay on its UDP port found it: EEXIST, or worse).
 *
 * Once per device: a link type's dellink is not idempotent (vxlan's
 * list_del()s it); callers unlink the port first, so only they get here.
 *
 * Context: RTNL and vsw_mutex held, by a vsw_lock() the caller's
 * vsw_unlock() ends.
 */
static inline void vsw_unregister_later(struct net_device *dev)
{
	vsw_assert_locked();
	if (dev->rtnl_link_ops && dev->rtnl_link_ops->dellink)
		dev->rtnl_link_ops->dellink(dev, &vsw_unreg_list);
	else
		unregister_netdevice_queue(dev, &vsw_unreg_list);
}

/**
 * vsw_port_policy() - a port's policy, on the config side
 * @p: the port
 *
 * The fast path reads p->pol with rcu_dereference() instead.
 *
 * Context: vsw_mutex held.
 * Return: the policy (NULL for an uplink), valid while vsw_mutex is held.
 */
static inline struct vsw_policy *vsw_port_policy(const struct vsw_port *p)
{
	return rcu_dereference_protected(p->pol, lockdep_is_held(&vsw_mutex));
}

/**
 * vsw_pg_policy() - a portgroup's policy, on the config side
 * @pg: the portgroup
 *
 * Context: vsw_mutex held.
 * Return: the policy, valid while vsw_mutex is held.
 */
static inline struct vsw_policy *vsw_pg_policy(const struct vsw_portgroup *pg)
{
	return rcu_dereference_protected(pg->pol, lockdep_is_held(&vsw_mutex));
}

/* switch.c */
struct vsw_switch *vsw_switch_find(struct net *net, const char *name);
struct vsw_switch *vsw_switch_create(struct net *net, const char *name,
				     u32 mtu, u32 ageing, u32 max_macs);
void vsw_switch_destroy(struct vsw_switch *sw);
void vsw_net_destroy(struct net *net);

/* portgroup.c */
struct vsw_portgroup *vsw_pg_find(struct vsw_switch *sw, const char *name);
struct vsw_portgroup *vsw_pg_create(struct vsw_switch *sw, const char *name,
				    struct vsw_policy *pol);
int vsw_pg_check_macs(const struct vsw_portgroup *pg,
		      const struct vsw_policy *pol,
		      struct netlink_ext_ack *extack);
void vsw_pg_set_policy(struct vsw_portgroup *pg, struct vsw_policy *pol);
void vsw_pg_destroy(struct vsw_portgroup *pg);
bool vsw_policy_same_segments(const struct vsw_policy *a,
			      const struct vsw_policy *b);

/* portgroup_policy.c */
struct genl_info;
struct vsw_policy *vsw_pg_policy_from_attrs(struct genl_info *info,
					    struct vsw_switch *sw,
					    const struct vsw_policy *base);
int vsw_pg_policy_fill(struct sk_buff *msg, const struct vsw_portgroup *pg);

/* port.c: ports and uplinks share attach/detach */
struct vsw_port *vsw_port_of(const struct net_device *dev);
int vsw_stack_check(struct net_device *dev, struct net_device *lower,
		    struct netlink_ext_ack *extack);
int vsw_stack_link_check(struct net_device *lower, struct net_device *upper,
			 struct netlink_ext_ack *extack);
int vsw_port_attach(struct vsw_switch *sw, struct net_device *dev,
		    enum vsw_port_role role, struct vsw_portgroup *pg, bool cold,
		    struct vsw_port **out, struct netlink_ext_ack *extack);
void vsw_port_detach(struct vsw_port *p);
int vsw_port_set_mac(struct vsw_port *p, const u8 *mac,
		     struct netlink_ext_ack *extack, struct vsw_fdb_entry *spare);
int vsw_port_mac_check(const struct vsw_port *p, const u8 *mac, u16 vid,
		       struct netlink_ext_ack *extack);
void vsw_port_move(struct vsw_port *p, struct vsw_portgroup *pg);
void vsw_port_set_policy(struct vsw_port *p, struct vsw_policy *pol);
void vsw_port_get_stats(const struct vsw_port *p, struct vsw_stats *st);
void vsw_port_set_blocked(struct vsw_port *p, bool blocked);
void vsw_port_block_work(struct work_struct *work);
void vsw_port_warm(struct vsw_port *p);
void vsw_ports_cold_expire(struct vsw_switch *sw);

/* internal.c: netdevs the switch creates for the host stack */
bool vsw_is_internal(const struct net_device *dev);
struct vsw_port *vsw_internal_port(const struct net_device *dev);
void vsw_internal_set_port(struct net_device *dev, struct vsw_port *p);
struct net_device *vsw_internal_create(struct vsw_switch *sw, const char *name,
				       const u8 *mac,
				       struct netlink_ext_ack *extack);
void vsw_internal_rx(struct net_device *dev, struct sk_buff *skb, bool copy);

/* uplink.c */
bool vsw_uplink_is_up(const struct vsw_port *up);
u8 vsw_uplink_state(const struct vsw_port *up);
struct sk_buff *vsw_uplink_frame(struct vsw_port *up, const u8 *src,
				 __be16 proto, u16 tci, unsigned int len,
				 gfp_t gfp);
void vsw_uplink_xmit(struct sk_buff_head *q);

/* teaming.c */
struct vsw_port *vsw_team_tx(const struct vsw_port *p,
			     const struct sk_buff *skb);
bool vsw_team_rx_ok(const struct vsw_port *p, const struct vsw_port *up);
struct vsw_port *vsw_port_uplink(const struct vsw_port *p);
struct vsw_team *vsw_pg_team(const struct vsw_portgroup *pg);
#define VSW_TEAM_RESET		BIT(0)	/* the policy changed */
#define VSW_TEAM_ANNOUNCE_ALL	BIT(1)	/* every MAC, not just moved ones */
void vsw_team_update(struct vsw_portgroup *pg, unsigned int flags);
void vsw_teams_update(struct vsw_switch *sw, struct vsw_port *changed);
void vsw_uplinks_account(struct vsw_switch *sw, struct vsw_port *changed);
void vsw_team_join(struct vsw_port *p);
void vsw_port_announce(struct vsw_port *p);
void vsw_team_forget_uplink(struct vsw_switch *sw, struct vsw_port *up);
void vsw_team_free(struct vsw_team *t);

/* beacon.c: a probe's header, after the Ethernet header (and its tag) */
#define VSW_BEACON_MAGIC	0x56535742	/* "VSWB" */
struct vsw_beacon {
	__be32 magic;
	__be32 ifindex;		/* of the sending uplink */
	__be64 switch_id;
} __packed;

void vsw_beacon_init(struct vsw_switch *sw);
void vsw_beacon_update(struct vsw_switch *sw);
void vsw_beacon_fini(struct vsw_switch *sw);
bool vsw_beacon_rx(struct vsw_port *up, struct sk_buff *skb, u16 vid);

/* healthcheck.c */
struct vsw_hc_row {		/* one result, for dumps and events */
	struct vsw_switch *sw;
	const struct vsw_hc_round *r;
	const struct vsw_portgroup *pg;	/* a team's result, else: */
	int s, v;			/* the sender's and VLAN's index */
};

void vsw_hc_init(struct vsw_switch *sw);
void vsw_hc_set(struct vsw_switch *sw, u32 interval);
void vsw_hc_stop(struct vsw_switch *sw);
void vsw_hc_uplink_gone(struct vsw_port *up);
void vsw_hc_rx(struct vsw_port *up, struct sk_buff *skb, u16 vid);
int vsw_hc_fill(struct sk_buff *msg, const void *obj);
bool vsw_hc_next_row(struct vsw_switch *sw, struct vsw_hc_row *row);

/* fdb.c */
int vsw_fdb_init(struct vsw_switch *sw);
void vsw_fdb_fini(struct vsw_switch *sw);
void vsw_fdb_destroy(struct vsw_switch *sw);
struct vsw_fdb_entry *vsw_fdb_lookup(struct vsw_switch *sw, const u8 *addr,
				     u16 vid);
void vsw_fdb_learn(struct vsw_switch *sw, struct vsw_port *p,
		   struct vsw_fdb_entry *e, const u8 *addr, u16 vid, u8 vtep);
int vsw_fdb_add_static(struct vsw_switch *sw, struct vsw_port *p,
		       const u8 *addr, u16 vid, struct vsw_fdb_entry *spare);
struct vsw_fdb_entry *vsw_fdb_spare(struct vsw_switch *sw);
void vsw_fdb_spare_free(struct vsw_fdb_entry *spare);
void vsw_fdb_flush_port(struct vsw_switch *sw, struct vsw_port *p,
			bool with_static);
void vsw_fdb_flush_learned(struct vsw_switch *sw, struct vsw_port *p);
void vsw_fdb_flush_vid(struct vsw_switch *sw, u16 vid);
void vsw_fdb_add_learned(struct vsw_switch *sw, struct vsw_port *p,
			 const u8 *addr, u16 vid);
void vsw_fdb_set_ageing(struct vsw_switch *sw, u32 secs);
void vsw_fdb_gc_start(struct vsw_switch *sw);
int vsw_fdb_module_init(void);
void vsw_fdb_module_fini(void);

/* security.c */
enum vsw_src_verdict {
	VSW_SRC_LEARN,			/* forward, and learn the source MAC */
	VSW_SRC_FORWARD,		/* forward, but the MAC is not the port's */
	VSW_SRC_FORGED,			/* drop: forged source MAC */
	VSW_SRC_LIMIT,			/* drop: beyond max-macs */
};

enum vsw_src_verdict vsw_security_src(struct vsw_port *p,
				      const struct vsw_policy *pol,
				      const u8 *src,
				      const struct vsw_fdb_entry *e);

/* shaping.c */
bool vsw_shaper_pass(struct vsw_shaper *s, const struct vsw_policy *pol,
		     unsigned int len);
void vsw_shaper_reset(struct vsw_port *p, const struct vsw_policy *pol);

/* vlan.c */
bool vsw_vlan_classify(struct vsw_frame *f, struct sk_buff *skb);
bool vsw_vlan_member(const struct vsw_policy *pol, u16 vid);
void vsw_flood_map_changed(struct vsw_switch *sw);
void vsw_flood_map_work(struct work_struct *work);
void vsw_vlan_egress(struct sk_buff *skb, const struct vsw_port *to,
		     const struct vsw_frame *f);
u16 vsw_policy_home_vid(const struct vsw_policy *pol);
bool vsw_vids_from_attr(unsigned long *map, const struct nlattr *nla);
int vsw_vids_put(struct sk_buff *msg, int attr, const unsigned long *map);

/* pvlan.c */
struct vsw_pvlan_map *vsw_pvlan_conf(const struct vsw_switch *sw);
int vsw_pvlan_add(struct vsw_switch *sw, u16 primary, u16 vid, u8 type,
		  struct netlink_ext_ack *extack);
int vsw_pvlan_del(struct vsw_switch *sw, u16 vid,
		  struct netlink_ext_ack *extack);
void vsw_pvlan_free(struct vsw_switch *sw);

/**
 * vsw_pvlan_ok() - whether a private VLAN lets a frame reach a port
 * @f: the frame, classified
 * @to: the policy of a port of the frame's segment
 *
 * Promiscuous ports (the primary's) reach and are reached by every port of
 * the private VLAN; a community's ports reach their community; an isolated
 * port reaches promiscuous ports only.  Trunk ports whose list has the
 * primary are members of its segment, but not of the private VLAN: they
 * get none of its frames (and send none: vsw_vlan_classify()).  @to is
 * checked whole here, the primary too: the caller's membership test may
 * have read an older policy.
 *
 * Context: the fast path.
 * Return: true when @f may be delivered to a port under @to.
 */
static inline bool vsw_pvlan_ok(const struct vsw_frame *f,
				const struct vsw_policy *to)
{
	if (likely(!f->pvlan))
		return true;
	if (to->vlan_mode != VSWITCH_VLAN_MODE_PVLAN ||
	    to->pvlan_primary != f->vid)
		return false;
	if (f->pvlan == VSW_PVLAN_PROMISC || to->pvlan == VSW_PVLAN_PROMISC)
		return true;
	return f->pvlan == VSW_PVLAN_COMMUNITY && to->vid == f->pv_vid;
}

/* overlay.c: VXLAN segments over the kernel's vxlan driver */
extern bool vsw_overlay_creating;
int vsw_overlay_set(struct vsw_switch *sw, struct genl_info *info);
void vsw_overlay_fini(struct vsw_switch *sw);
int vsw_overlay_fill(struct sk_buff *msg, const struct vsw_switch *sw);
int vsw_overlay_seg(struct vsw_switch *sw, u32 vni,
		    struct netlink_ext_ack *extack);
void vsw_overlay_segs_gc(struct vsw_switch *sw);
u32 vsw_overlay_vni(const struct vsw_switch *sw, u16 seg);
int vsw_overlay_put_vtep(struct sk_buff *msg, int attr,
			 const struct vsw_switch *sw, u8 vtep);
bool vsw_overlay_classify(struct vsw_frame *f, struct sk_buff *skb, u8 *vtep);
void vsw_overlay_xmit(struct vsw_port *ovl, struct sk_buff *skb,
		      const struct vsw_frame *f);
void vsw_overlay_announce(struct vsw_port *ovl, struct sk_buff *skb, u16 seg);

/* filter.c: traffic filtering and marking */
bool vsw_filter_run(const struct vsw_filter *flt, struct sk_buff *skb,
		    u8 dir, int *pcp);
int vsw_filter_add(struct vsw_portgroup *pg, struct genl_info *info,
		   u32 *index);
typedef void (*vsw_filter_gone_t)(const struct vsw_portgroup *pg,
				  const struct vsw_filter_rule *r, u32 index);
void vsw_filter_announce(const struct vsw_portgroup *pg, u32 index,
			 vsw_filter_gone_t gone);
int vsw_filter_del(struct vsw_portgroup *pg, u32 index, vsw_filter_gone_t gone,
		   struct netlink_ext_ack *extack);
void vsw_filter_port_join(struct vsw_port *p);
void vsw_filter_pg_free(struct vsw_portgroup *pg);
int vsw_filter_fill(struct sk_buff *msg, const struct vsw_filter_rule *r,
		    u32 index);
const struct vsw_filter_rule *vsw_filter_rule_at(const struct vsw_portgroup *pg,
						 u32 index);

/* mdb.c: IGMP/MLD snooping */
struct vsw_mdb;

#define VSW_MDB_SRC_MAX		8	/* include-mode sources of a membership */

/* A port's membership of a group; replaced whole when its sources change */
struct vsw_mdb_member {
	struct hlist_node node;		/* g->members, RCU */
	struct vsw_port *port;
	unsigned long expires;		/* jiffies; READ_ONCE/WRITE_ONCE */
	u8 n_src;			/* 0: from every source */
	struct rcu_head rcu;
	struct in6_addr src[VSW_MDB_SRC_MAX];
};

/* A group some port of a segment joined */
struct vsw_mdb_group {
	struct hlist_node node;		/* mdb->hash[], RCU */
	struct in6_addr addr;		/* IPv4 as ::ffff:a.b.c.d */
	u16 vid;
	/* jiffies: flooded until then (0: not), a join was refused */
	unsigned long flood_until;	/* READ_ONCE/WRITE_ONCE */
	struct hlist_head members;	/* struct vsw_mdb_member, RCU */
	struct rcu_head rcu;
};

/* A multicast frame's group, and its source (IPv4 as ::ffff:a.b.c.d) */
struct vsw_mcast {
	const struct vsw_mdb_group *g;
	struct in6_addr src;
};

enum vsw_mdb_verdict {
	VSW_MDB_FLOOD,			/* as without snooping */
	VSW_MDB_GROUP,			/* to the group's ports and the uplink */
	VSW_MDB_REPORT,			/* to the querier: the uplink only */
	VSW_MDB_BAD,			/* drop: malformed */
};

typedef int (*vsw_mdb_fill_t)(struct sk_buff *skb, void *arg,
			      const struct in6_addr *grp, u16 vid,
			      const struct vsw_port *p,
			      const struct in6_addr *src, int n_src,
			      u32 expires_ms);

int vsw_mdb_init(struct vsw_switch *sw);
enum vsw_mdb_verdict vsw_mdb_snoop(struct vsw_switch *sw, struct sk_buff *skb,
				   const struct vsw_frame *f,
				   struct vsw_mcast *mc);
bool vsw_mdb_member_ok(const struct vsw_mdb_member *m,
		       const struct vsw_mcast *mc);
void vsw_mdb_flush_port(struct vsw_switch *sw, struct vsw_port *p);
void vsw_mdb_flush_all(struct vsw_switch *sw);
void vsw_mdb_gc(struct vsw_switch *sw);
unsigned int vsw_mdb_count(const struct vsw_switch *sw);
void vsw_mdb_free(struct vsw_switch *sw);
int vsw_mdb_dump(struct vsw_switch *sw, struct sk_buff *skb, int vid,
		 const char *dev, unsigned long *skip, vsw_mdb_fill_t fill,
		 void *arg);

/* mirror.c: port mirroring */
/* what a session mirrors */
enum {
	VSW_MSRC_PORTS,			/* the ports and uplinks src[] names */
	VSW_MSRC_PG,			/* the ports of portgroup src_pg */
	VSW_MSRC_VLANS,			/* RSPAN VLANs src_vids, from uplinks */
};

struct vsw_mirror_stats {
	u64_stats_t packets, bytes, drops;
	struct u64_stats_sync syncp;
};

struct vsw_mirror {
	struct list_head list;		/* sw->mirrors; config side */
	struct vsw_switch *sw;
	u8 slot;			/* in sw->mirror[] */
	char name[VSWITCH_PG_NAME_MAX + 1];
	/* read by the fast path (READ_ONCE; mirror-set writes them) */
	u8 dst_type;			/* enum vswitch_mirror_dst */
	u16 rspan_vid;			/* dst uplink */
	u32 snaplen;			/* 0: whole frames */
	u32 sample;			/* 1 of N */
	atomic_t seen;			/* frames offered, for sample */
	struct net_device *dst;		/* where copies go, NULL: not there */
	/* config side */
	u8 dir;				/* VSWITCH_SHAPE_IN | _OUT */
	bool dst_io;
	u8 src_type;			/* VSW_MSRC_* */
	u8 n_src;
	char dst_name[IFNAMSIZ];
	struct vsw_port *dst_port;	/* dst port or uplink, resolved */
	netdevice_tracker dev_tracker;	/* dst dev: our reference to dst */
	struct vsw_mirror_stats __percpu *stats;
	struct rcu_head rcu;
	char src[VSWITCH_MIRROR_SRC_MAX][IFNAMSIZ];
	char src_pg[VSWITCH_PG_NAME_MAX + 1];
	DECLARE_BITMAP(src_vids, VLAN_N_VID);
};

void vsw_mirror_frame(struct vsw_port *p, struct sk_buff *skb, u32 slots);
bool vsw_mirror_rspan_rx(struct vsw_port *up, struct sk_buff *skb);
int vsw_mirror_new(struct vsw_switch *sw, struct genl_info *info,
		   struct vsw_mirror **out);
int vsw_mirror_set(struct vsw_mirror *m, struct genl_info *info);
struct vsw_mirror *vsw_mirror_find(const struct vsw_switch *sw,
				   const char *name);
void vsw_mirror_del(struct vsw_mirror *m);
void vsw_mirror_destroy_all(struct vsw_switch *sw);
void vsw_mirror_update(struct vsw_switch *sw);
void vsw_mirror_update_net(struct net *net);
bool vsw_mirror_rspan_vid(const struct vsw_switch *sw, u16 vid);
void vsw_mirror_port_leave(struct vsw_port *p);
void vsw_mirror_netdev_event(struct net_device *dev, unsigned long event);
int vsw_mirror_fill(struct sk_buff *msg, const struct vsw_mirror *m);

/**
 * vsw_mirror_port() - mirror a frame a port or uplink receives or sends
 * @p: the port or uplink
 * @skb: the frame, data at its Ethernet header, its tag out of band
 * @shift: 0 for what @p received, %VSW_MIRROR_OUT_SHIFT for what it sends
 *
 * One word of @p tested unless a session mirrors it.
 *
 * Context: the fast path.
 */
static inline void vsw_mirror_port(struct vsw_port *p, struct sk_buff *skb,
				   unsigned int shift)
{
	u32 slots = (READ_ONCE(p->mirror) >> shift) & VSW_MIRROR_IN;

	if (unlikely(slots))
		vsw_mirror_frame(p, skb, slots);
}

/* ipfix.c: IPFIX flow export through psample */
void vsw_ipfix_sample(struct vsw_port *to, struct sk_buff *skb,
		      const struct vsw_frame *f);
int vsw_ipfix_set(struct vsw_switch *sw, struct genl_info *info);
void vsw_ipfix_init(struct vsw_switch *sw);
void vsw_ipfix_fini(struct vsw_switch *sw);
int vsw_ipfix_fill(struct sk_buff *msg, const struct vsw_switch *sw);

/* datapath.c */
rx_handler_result_t vsw_handle_frame(struct sk_buff **pskb);
void vsw_input(struct vsw_port *p, struct sk_buff *skb);
void vsw_count_drop(struct vsw_port *p, enum vswitch_drop_reason r);
void vsw_count_tx(struct vsw_port *p, unsigned int len);
int vsw_put_stats(struct sk_buff *msg, int attr, const struct vsw_port *p);

/* netlink.c */
int vsw_genl_init(void);
void vsw_genl_fini(void);
void vsw_notify_uplink(struct vsw_port *up);
void vsw_notify_pending(struct vsw_switch *sw);
void vsw_notify_healthcheck(const struct vsw_hc_row *row);
void vsw_notify_pg(struct vsw_portgroup *pg);
void vsw_notify_switch(struct vsw_switch *sw);
void vsw_notify_port(struct vsw_port *p);
void vsw_notify_detach(struct vsw_port *p);
void vsw_confirm_init(struct net *net);
void vsw_confirm_fini(struct net *net);

#endif /* _VSWITCH_H */
