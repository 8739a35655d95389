/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * vswitch: an ESX-style virtual switch for KVM hosts.
 *
 * Generic netlink family "vswitch", version 1.  This header is the protocol's
 * documentation; Documentation/netlink/specs/vswitch.yaml describes the same
 * protocol in YNL form.
 *
 * All attributes live in one flat space (enum vswitch_attr).  Every request
 * is validated strictly: an unknown attribute, a value out of range or a
 * string that is too long rejects the whole request with an extack message,
 * and nothing is changed.  Requests that change state need CAP_NET_ADMIN in
 * the network namespace of the socket, which is also the namespace of every
 * switch and netdev the request names.
 *
 * Commands and their attribute trees (R = required, O = optional):
 *
 * VSWITCH_CMD_SWITCH_NEW: create a switch.
 *   R VSWITCH_A_SWITCH_NAME, O VSWITCH_A_SWITCH_MTU, O VSWITCH_A_SWITCH_AGEING,
 *   O VSWITCH_A_SWITCH_MAX_MACS, O VSWITCH_A_SWITCH_MULTICAST,
 *   O VSWITCH_A_SWITCH_MDB_AGEING
 *   Reply: the new switch (as SWITCH_GET).
 * VSWITCH_CMD_SWITCH_SET: change a switch.
 *   R VSWITCH_A_SWITCH_NAME, O VSWITCH_A_SWITCH_MTU, O VSWITCH_A_SWITCH_AGEING,
 *   O VSWITCH_A_SWITCH_MAX_MACS, O VSWITCH_A_SWITCH_MULTICAST,
 *   O VSWITCH_A_SWITCH_MDB_AGEING, the IPFIX export (VSWITCH_A_SWITCH_IPFIX_*),
 *   and the overlay: VSWITCH_A_SWITCH_OVERLAY_LOCAL (this host's VTEP
 *   address; empty: no overlay), O _DEV (the underlay netdev; default the
 *   one with the local address), O _PORT (UDP, default 4789), O _REMOTES
 *   (the other VTEPs, the flood list).  The switch creates a VXLAN netdev
 *   in external (metadata) mode for it: replies name it (_IFNAME) and give
 *   the largest frame it carries (_MTU) and its counters (_STATS).
 *   Portgroups with VSWITCH_VLAN_MODE_VXLAN are its segments.
 * VSWITCH_CMD_SWITCH_DEL: delete a switch, detaching all its netdevs.
 *   R VSWITCH_A_SWITCH_NAME
 * VSWITCH_CMD_SWITCH_GET: doit with a name, or dump (all switches).
 *   Reply: VSWITCH_A_SWITCH_NAME, _MTU, _AGEING, _MAX_MACS, _FDB_COUNT,
 *          _N_PORTS, _N_UPLINKS, _N_PORTGROUPS, _MULTICAST, _MDB_AGEING,
 *          _MDB_COUNT
 *
 * VSWITCH_CMD_UPLINK_NEW / _DEL: attach / detach an uplink.
 *   R VSWITCH_A_SWITCH_NAME, R VSWITCH_A_IFNAME
 * VSWITCH_CMD_UPLINK_GET: dump, filtered by O VSWITCH_A_SWITCH_NAME.
 *   Reply: VSWITCH_A_SWITCH_NAME, VSWITCH_A_IFNAME, VSWITCH_A_IFINDEX,
 *          VSWITCH_A_UPLINK_STATE, VSWITCH_A_UPLINK_ACTIVE (the uplink
 *          carries the traffic of at least one portgroup), VSWITCH_A_STATS
 *   A switch has at most VSWITCH_UPLINKS_MAX uplinks.
 *
 * VSWITCH_CMD_PORTGROUP_NEW / _SET: create / change a portgroup.
 *   R VSWITCH_A_SWITCH_NAME, R VSWITCH_A_PG_NAME, O VSWITCH_A_PG_VLAN_MODE,
 *   O VSWITCH_A_PG_VLAN_ID (required with VSWITCH_VLAN_MODE_VST),
 *   O VSWITCH_A_PG_TRUNK_VIDS (only with VSWITCH_VLAN_MODE_TRUNK; absent
 *     means VIDs 1-4094), O VSWITCH_A_PG_PCP,
 *   O VSWITCH_A_PG_TEAMING, O VSWITCH_A_PG_ACTIVE, O VSWITCH_A_PG_STANDBY,
 *   O VSWITCH_A_PG_NOTIFY, O VSWITCH_A_PG_FAILBACK, O VSWITCH_A_PG_DETECT,
 *   O VSWITCH_A_PG_PROMISC, O VSWITCH_A_PG_FORGED_TX,
 *   O VSWITCH_A_PG_MAC_CHANGES (security policy, all default 0: a port
 *   sees only frames to its MACs plus broadcast/multicast, sends only
 *   from its MAC, and keeps its first MAC: the configured one, else the
 *   first source MAC it sent),
 *   O VSWITCH_A_PG_SHAPE_DIR, O VSWITCH_A_PG_SHAPE_AVG,
 *   O VSWITCH_A_PG_SHAPE_PEAK, O VSWITCH_A_PG_SHAPE_BURST (policing per
 *   member port; turning it on needs all four; DIR 0 turns it off).
 *   ACTIVE and STANDBY are ordered lists of uplinks of the switch (u32
 *   ifindexes); an uplink in neither list is unused by the portgroup.  Both
 *   lists empty (the default) means every uplink is active, in attach
 *   order; a request that sets one list leaves the other as it is.  An
 *   uplink that is detached leaves every list it was in; a portgroup whose
 *   lists it empties that way keeps no uplinks (it does not fall back to
 *   all of them), and its replies carry an empty VSWITCH_A_PG_ACTIVE.
 *   NOTIFY (default 1), FAILBACK (default 1), DETECT (default link),
 *   O VSWITCH_A_PG_BPDU_GUARD (default drop: a member port's STP BPDU is
 *   dropped; block: the port is blocked too, see VSWITCH_A_PORT_BLOCKED),
 *   O VSWITCH_A_PG_LEARNING (default 0; 1: a member port owns every source
 *   MAC it sends, up to O VSWITCH_A_PG_LEARN_LIMIT, default 4096, and with
 *   O VSWITCH_A_PG_UNKNOWN_FLOOD, default 0, also gets the unknown unicast
 *   of its segment: a nested hypervisor's or an appliance's port).
 *   A change applies at once to every member port; no netdev is detached.
 * VSWITCH_CMD_PORTGROUP_DEL: R VSWITCH_A_SWITCH_NAME, R VSWITCH_A_PG_NAME.
 *   Refused while ports are members.
 * VSWITCH_CMD_PORTGROUP_GET: doit (switch + name) or dump filtered by
 *   O VSWITCH_A_SWITCH_NAME.  Reply: the attributes above (ACTIVE and
 *   STANDBY only when set) plus VSWITCH_A_PG_N_PORTS and
 *   VSWITCH_A_PG_UPLINKS (the uplinks its traffic may use now, in order).
 *
 * VSWITCH_CMD_PORT_NEW: attach a netdev as a port of a portgroup.
 *   R VSWITCH_A_SWITCH_NAME, R VSWITCH_A_PG_NAME, R VSWITCH_A_IFNAME,
 *   O VSWITCH_A_PORT_MAC (a static MAC table entry in the port's VLAN),
 *   O VSWITCH_A_PORT_MAX_MACS (MAC table entries the port may have; 0,
 *   the default, is no limit beyond the security policy's),
 *   O VSWITCH_A_PORT_KIND: VSWITCH_PORT_KIND_INTERNAL creates netdev
 *   IFNAME in the switch's namespace for the host stack (admin down, MTU
 *   of the switch, MAC VSWITCH_A_PORT_MAC or random; its MAC is the port's
 *   configured MAC and follows the netdev's).  The netdev cannot change
 *   namespace nor be deleted but with its port.
 * VSWITCH_CMD_PORT_SET: R VSWITCH_A_IFNAME, O VSWITCH_A_PG_NAME (move to
 *   another portgroup of the same switch), O VSWITCH_A_PORT_MAC (all-zero
 *   MAC removes the configured MAC; refused for internal ports),
 *   O VSWITCH_A_PORT_MAX_MACS, O VSWITCH_A_PORT_BLOCKED (1 blocks the port,
 *   0 unblocks it, as after a BPDU guard block).
 * VSWITCH_CMD_PORT_DEL: R VSWITCH_A_IFNAME.  An internal port's netdev goes too.
 * VSWITCH_CMD_PORT_GET: dump filtered by O VSWITCH_A_SWITCH_NAME.
 *   Reply: VSWITCH_A_SWITCH_NAME, VSWITCH_A_PG_NAME, VSWITCH_A_IFNAME,
 *          VSWITCH_A_IFINDEX, VSWITCH_A_PORT_ID, VSWITCH_A_PORT_KIND,
 *          O VSWITCH_A_PORT_MAC, VSWITCH_A_PORT_MAX_MACS,
 *          VSWITCH_A_PORT_N_MACS, O VSWITCH_A_PORT_UPLINK (ifname of the
 *          uplink the port currently uses; absent when it has none, and
 *          under iphash, where each flow picks its own),
 *          VSWITCH_A_PORT_BLOCKED, VSWITCH_A_PORT_COLD (no MAC known
 *          yet: the port gets its segment's unknown unicast until it
 *          sends, or for the switch's ageing time), VSWITCH_A_STATS
 *
 * VSWITCH_CMD_FDB_GET: dump of the MAC table of R VSWITCH_A_SWITCH_NAME,
 *   filtered by O VSWITCH_A_FDB_VID and O VSWITCH_A_IFNAME.
 *   Reply: VSWITCH_A_SWITCH_NAME, VSWITCH_A_FDB_VID, VSWITCH_A_FDB_MAC,
 *          VSWITCH_A_IFNAME, VSWITCH_A_FDB_STATIC, VSWITCH_A_FDB_AGE_MS;
 *          an overlay segment's entries VSWITCH_A_FDB_VNI instead of the
 *          VID, and those learned from the overlay VSWITCH_A_FDB_VTEP
 *
 * VSWITCH_CMD_PVLAN_NEW: R VSWITCH_A_SWITCH_NAME, R VSWITCH_A_PVLAN_PRIMARY,
 *   O VSWITCH_A_PVLAN_VID, O VSWITCH_A_PVLAN_TYPE: without VID (or with
 *   VID == PRIMARY) declares a primary VLAN (type promiscuous); else adds
 *   secondary VID of that primary, isolated (one per primary) or community.
 *   A VID is in one entry at most, and is no VST portgroup's VLAN.
 * VSWITCH_CMD_PVLAN_DEL: R VSWITCH_A_SWITCH_NAME, R VSWITCH_A_PVLAN_VID;
 *   refused while a portgroup uses it, for a primary while it has
 *   secondaries.
 * VSWITCH_CMD_PVLAN_GET: dump filtered by O VSWITCH_A_SWITCH_NAME.
 *   Reply: VSWITCH_A_SWITCH_NAME, VSWITCH_A_PVLAN_PRIMARY,
 *          VSWITCH_A_PVLAN_VID, VSWITCH_A_PVLAN_TYPE.
 *   A portgroup joins an entry with VSWITCH_A_PG_VLAN_MODE
 *   VSWITCH_VLAN_MODE_PVLAN and VSWITCH_A_PG_VLAN_ID the entry's VID; its
 *   replies add VSWITCH_A_PVLAN_PRIMARY and VSWITCH_A_PVLAN_TYPE.
 *
 * VSWITCH_CMD_MDB_GET: dump of the multicast group memberships (IGMP/MLD
 *   snooping) of R VSWITCH_A_SWITCH_NAME, filtered by O VSWITCH_A_MDB_VID
 *   and O VSWITCH_A_IFNAME.
 *   Reply: VSWITCH_A_SWITCH_NAME, VSWITCH_A_MDB_VID, VSWITCH_A_MDB_GROUP,
 *          VSWITCH_A_IFNAME, VSWITCH_A_MDB_SOURCE (none or several),
 *          VSWITCH_A_MDB_EXPIRES_MS
 *
 * VSWITCH_CMD_FILTER_NEW: R VSWITCH_A_SWITCH_NAME, R VSWITCH_A_PG_NAME,
 *   O VSWITCH_A_FILTER_INDEX (where it goes, from 1; default last),
 *   O VSWITCH_A_FILTER_DIR (VSWITCH_SHAPE_IN | _OUT; default both), the
 *   matches (each O: _SRC_MAC, _DST_MAC, _ETHERTYPE, _SRC_IP + _SRC_PLEN,
 *   _DST_IP + _DST_PLEN, _PROTO, _SRC_PORT_MIN/_MAX, _DST_PORT_MIN/_MAX),
 *   R VSWITCH_A_FILTER_ACTION, VSWITCH_A_FILTER_VALUE for dscp and pcp.
 *   A portgroup's rules are evaluated in order for the frames of its
 *   ports; the first that matches decides; a frame none matches passes.
 *   Reply: the rule, as FILTER_GET.
 * VSWITCH_CMD_FILTER_DEL: R VSWITCH_A_SWITCH_NAME, R VSWITCH_A_PG_NAME,
 *   O VSWITCH_A_FILTER_INDEX (without it: every rule of the portgroup).
 * VSWITCH_CMD_FILTER_GET: dump filtered by O VSWITCH_A_SWITCH_NAME,
 *   O VSWITCH_A_PG_NAME; each rule as FILTER_NEW's attributes plus
 *   VSWITCH_A_FILTER_PACKETS and VSWITCH_A_FILTER_BYTES.
 *
 * VSWITCH_CMD_CONFIRM_NEW: R VSWITCH_A_CONFIRM_TIMEOUT (seconds),
 *   O VSWITCH_A_CONFIRM_WHAT: arm a deadline for a change the requester
 *   is about to make; unless confirmed in time it becomes expired (an
 *   event) and the requester, which keeps the configuration before, rolls
 *   it back.  EBUSY while another is armed or expired.
 * VSWITCH_CMD_CONFIRM_SET: O VSWITCH_A_CONFIRM_ID (default: the current),
 *   R VSWITCH_A_CONFIRM_STATE: confirmed, or expired (roll back now),
 *   while armed; rolled-back or rollback-failed once expired.
 * VSWITCH_CMD_CONFIRM_GET: the current or last one.
 *   Reply (all three): VSWITCH_A_CONFIRM_ID, _TIMEOUT, _STATE, _WHAT,
 *          _REMAINING (ms), _GUARD (the armer is alive)
 *
 * VSWITCH_CMD_HEALTHCHECK_GET: dump of the last round of the periodic
 *   health check (VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL), filtered by
 *   O VSWITCH_A_SWITCH_NAME.  Reply: VSWITCH_A_SWITCH_NAME,
 *   VSWITCH_A_HEALTHCHECK_AGE_MS, and per uplink and VLAN VSWITCH_A_IFNAME,
 *   VSWITCH_A_HEALTHCHECK_VID, _VLAN_OK, _HEARD_BY, _MTU and
 *   VSWITCH_A_SWITCH_MTU; per iphash portgroup VSWITCH_A_PG_NAME,
 *   VSWITCH_A_HEALTHCHECK_ETHERCHANNEL (and _HEARD_BY when 0).
 *   VSWITCH_CMD_HEALTHCHECK_NTF (event only): a result changed; as GET.
 *
 * VSWITCH_CMD_UPLINK_CHANGE (event only): an uplink changed state (link,
 *   beacon probing) or started or stopped carrying traffic; as UPLINK_GET.
 *
 * Every change is announced on the "events" multicast group with the
 * object's full state (as its GET reply; DEL: its last state), in commands
 * of their own, as YNL families do (dpll, netdev): VSWITCH_CMD_*_ADD_NTF
 * for a NEW, *_CHANGE_NTF for a SET (and for a port's uplink or a
 * portgroup's team a failover changed), *_DEL_NTF for a DEL (and for the
 * objects a deletion took with it).  Until 2026-11 events reused the
 * command numbers of the requests (Documentation/netlink.md).
 */
#ifndef _UAPI_LINUX_VSWITCH_H
#define _UAPI_LINUX_VSWITCH_H

#define VSWITCH_GENL_NAME		"vswitch"
#define VSWITCH_GENL_VERSION		1
#define VSWITCH_MCGRP_EVENTS		"events"

#define VSWITCH_NAME_MAX		15	/* switch names, like IFNAMSIZ-1 */
#define VSWITCH_PG_NAME_MAX		31	/* portgroup names */
#define VSWITCH_MTU_MIN			68
#define VSWITCH_MTU_MAX			9000
#define VSWITCH_MTU_DEFAULT		1500
#define VSWITCH_AGEING_DEFAULT		300	/* seconds */
#define VSWITCH_AGEING_MIN		1
#define VSWITCH_AGEING_MAX		1000000
/* IGMP/MLD snooping: seconds a group membership lives unrefreshed */
#define VSWITCH_MDB_AGEING_DEFAULT	260
#define VSWITCH_MDB_AGEING_MIN		1
#define VSWITCH_MDB_AGEING_MAX		86400
#define VSWITCH_FILTER_MAX		256	/* filter rules of a portgroup */
#define VSWITCH_MIRROR_MAX		16	/* mirroring sessions of a switch */
#define VSWITCH_MIRROR_SRC_MAX		32	/* source ports of a session */
#define VSWITCH_MIRROR_SNAPLEN_MIN	60	/* 0: whole frames */
#define VSWITCH_MIRROR_SNAPLEN_MAX	9216
/* IPFIX export (switch-set's VSWITCH_A_SWITCH_IPFIX_*) */
#define VSWITCH_IPFIX_PORT_DEFAULT	4739	/* UDP, RFC 7011 */
#define VSWITCH_IPFIX_ACTIVE_DEFAULT	60	/* seconds */
#define VSWITCH_IPFIX_IDLE_DEFAULT	15	/* seconds */
/* psample group numbers of exporting switches start here ("vw\0\0") */
#define VSWITCH_IPFIX_PSAMPLE_BASE	1987510272
#define VSWITCH_VID_MAX			4094
/* overlay segments (VXLAN, switch-set's VSWITCH_A_SWITCH_OVERLAY_*) */
#define VSWITCH_VNI_MAX			16777215	/* 24 bits; VNI 0 unused */
#define VSWITCH_OVERLAY_PORT_DEFAULT	4789	/* UDP, RFC 7348 */
#define VSWITCH_OVERLAY_REMOTES_MAX	64	/* VTEPs in the flood list */
#define VSWITCH_OVERLAY_SEGMENTS_MAX	1024	/* VNIs of a switch */
/* Network I/O Control: the HTB qdisc vswctl puts on each uplink is
 * VSWITCH_NIOC_HANDLE:, a portgroup's class VSWITCH_NIOC_HANDLE:CLASS
 * (VSWITCH_A_PG_NIOC_CLASS, a multiple of 16), the skb priority of its
 * frames on uplinks while the switch's VSWITCH_A_SWITCH_NIOC_RATE is set
 */
#define VSWITCH_NIOC_HANDLE		30323	/* 0x7673, "vs" */
#define VSWITCH_NIOC_SHARES_DEFAULT	50	/* the vDS's "normal" */
#define VSWITCH_NIOC_SHARES_MAX		100
#define VSWITCH_CONFIRM_TIMEOUT_MAX	86400	/* seconds, a day */
#define VSWITCH_CONFIRM_WHAT_MAX	255	/* bytes of VSWITCH_A_CONFIRM_WHAT */
/* The periodic health check (VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL): a
 * round sends its probes for 200 ms and listens for a second.
 */
#define VSWITCH_HEALTHCHECK_INTERVAL_MIN	2	/* seconds */
#define VSWITCH_HEALTHCHECK_INTERVAL_MAX	86400
#define VSWITCH_HEALTHCHECK_VLANS_MAX	64	/* VLANs probed per switch */
/* VSWITCH_A_PG_TRUNK_VIDS is a bitmap of 4096 bits, bit N = VID N,
 * least significant bit of byte 0 first; bits 0 and 4095 must be clear.
 */
#define VSWITCH_VID_BITMAP_LEN		512
#define VSWITCH_UPLINKS_MAX		32	/* per switch */
#define VSWITCH_TEAM_LIST_MAX		16	/* uplinks per active/standby list */
#define VSWITCH_TEAM_LIST_LEN		(VSWITCH_TEAM_LIST_MAX * 4)	/* bytes */
#define VSWITCH_MAX_MACS_MAX		131072	/* the MAC table size of a switch */
/* VSWITCH_A_PG_SHAPE_DIR bits: in = from the VM into the switch */
#define VSWITCH_SHAPE_IN		1
#define VSWITCH_SHAPE_OUT		2
#define VSWITCH_SHAPE_DIR_MAX		(VSWITCH_SHAPE_IN | VSWITCH_SHAPE_OUT)
#define VSWITCH_SHAPE_RATE_MIN		8000ULL		/* bit/s */
#define VSWITCH_SHAPE_RATE_MAX		400000000000ULL	/* 400 gbit/s */
#define VSWITCH_SHAPE_BURST_MIN		1518		/* one frame */
#define VSWITCH_SHAPE_BURST_MAX		(1U << 30)
/* Beacon probes: broadcast frames of this ethertype (IEEE 802 local
 * experimental), sent by each uplink every second in every VLAN a
 * beacon-probing portgroup uses.
 */
#define VSWITCH_BEACON_ETHERTYPE	0x88b5

enum vswitch_cmd {
	VSWITCH_CMD_UNSPEC,
	VSWITCH_CMD_SWITCH_NEW,
	VSWITCH_CMD_SWITCH_SET,
	VSWITCH_CMD_SWITCH_DEL,
	VSWITCH_CMD_SWITCH_GET,
	VSWITCH_CMD_UPLINK_NEW,
	VSWITCH_CMD_UPLINK_DEL,
	VSWITCH_CMD_UPLINK_GET,
	VSWITCH_CMD_PORTGROUP_NEW,
	VSWITCH_CMD_PORTGROUP_SET,
	VSWITCH_CMD_PORTGROUP_DEL,
	VSWITCH_CMD_PORTGROUP_GET,
	VSWITCH_CMD_PORT_NEW,
	VSWITCH_CMD_PORT_SET,
	VSWITCH_CMD_PORT_DEL,
	VSWITCH_CMD_PORT_GET,
	VSWITCH_CMD_FDB_GET,
	VSWITCH_CMD_UPLINK_CHANGE,	/* event only: uplink up/down */
	/* events only: an object was added, changed or deleted */
	VSWITCH_CMD_SWITCH_ADD_NTF,
	VSWITCH_CMD_SWITCH_CHANGE_NTF,
	VSWITCH_CMD_SWITCH_DEL_NTF,
	VSWITCH_CMD_UPLINK_ADD_NTF,
	VSWITCH_CMD_UPLINK_DEL_NTF,
	VSWITCH_CMD_PORTGROUP_ADD_NTF,
	VSWITCH_CMD_PORTGROUP_CHANGE_NTF,
	VSWITCH_CMD_PORTGROUP_DEL_NTF,
	VSWITCH_CMD_PORT_ADD_NTF,
	VSWITCH_CMD_PORT_CHANGE_NTF,
	VSWITCH_CMD_PORT_DEL_NTF,
	VSWITCH_CMD_PVLAN_NEW,
	VSWITCH_CMD_PVLAN_DEL,
	VSWITCH_CMD_PVLAN_GET,
	VSWITCH_CMD_PVLAN_ADD_NTF,
	VSWITCH_CMD_PVLAN_DEL_NTF,
	VSWITCH_CMD_MDB_GET,
	VSWITCH_CMD_FILTER_NEW,
	VSWITCH_CMD_FILTER_DEL,
	VSWITCH_CMD_FILTER_GET,
	VSWITCH_CMD_FILTER_ADD_NTF,
	VSWITCH_CMD_FILTER_DEL_NTF,
	VSWITCH_CMD_MIRROR_NEW,
	VSWITCH_CMD_MIRROR_SET,
	VSWITCH_CMD_MIRROR_DEL,
	VSWITCH_CMD_MIRROR_GET,
	VSWITCH_CMD_MIRROR_ADD_NTF,
	VSWITCH_CMD_MIRROR_CHANGE_NTF,
	VSWITCH_CMD_MIRROR_DEL_NTF,
	VSWITCH_CMD_CONFIRM_NEW,
	VSWITCH_CMD_CONFIRM_SET,
	VSWITCH_CMD_CONFIRM_GET,
	VSWITCH_CMD_CONFIRM_NTF,
	VSWITCH_CMD_HEALTHCHECK_GET,
	VSWITCH_CMD_HEALTHCHECK_NTF,

	__VSWITCH_CMD_MAX,
	VSWITCH_CMD_MAX = __VSWITCH_CMD_MAX - 1
};

/* VSWITCH_A_PG_VLAN_MODE: the ESX VLAN policy of a portgroup. */
enum vswitch_vlan_mode {
	VSWITCH_VLAN_MODE_EST,		/* "none": untagged everywhere */
	VSWITCH_VLAN_MODE_VST,		/* one VLAN, tagged on the uplink */
	VSWITCH_VLAN_MODE_TRUNK,	/* VGT: the VM sends and sees tags */
	VSWITCH_VLAN_MODE_PVLAN,	/* a private VLAN's VID (RFC 5517) */
	VSWITCH_VLAN_MODE_VXLAN,	/* an overlay segment: VSWITCH_A_PG_VXLAN_VNI */
};

/* VSWITCH_A_PVLAN_TYPE: what a VID of a private VLAN is. */
enum vswitch_pvlan_type {
	VSWITCH_PVLAN_TYPE_PROMISCUOUS,	/* the primary: talks to all */
	VSWITCH_PVLAN_TYPE_ISOLATED,	/* to promiscuous ports only */
	VSWITCH_PVLAN_TYPE_COMMUNITY,	/* ... and its own community */
};

enum vswitch_port_kind {
	VSWITCH_PORT_KIND_VM,		/* an existing netdev (tap, veth) */
	VSWITCH_PORT_KIND_INTERNAL,	/* a netdev the switch created */
};

enum vswitch_uplink_state {
	VSWITCH_UPLINK_DOWN,		/* no carrier or administratively down */
	VSWITCH_UPLINK_UP,
	VSWITCH_UPLINK_FAILED,		/* link up, but beacon probes lost */
};

/* VSWITCH_A_PG_TEAMING: how a portgroup spreads traffic over its uplinks. */
enum vswitch_teaming {
	VSWITCH_TEAMING_PORTID,		/* a port is pinned by its port id */
	VSWITCH_TEAMING_SRCMAC,		/* by a hash of the source MAC */
	VSWITCH_TEAMING_IPHASH,		/* per flow, by source/destination IP */
	VSWITCH_TEAMING_FAILOVER,	/* the first usable uplink, in order */
};

/* VSWITCH_A_PG_DETECT: how an uplink's failure is detected. */
enum vswitch_detect {
	VSWITCH_DETECT_LINK,		/* carrier / operational state */
	VSWITCH_DETECT_BEACON,		/* link state and beacon probes */
};

/* VSWITCH_A_PG_BPDU_GUARD: what an STP BPDU from a member port does. */
enum vswitch_bpdu_guard {
	VSWITCH_BPDU_GUARD_DROP,	/* dropped, counted "reserved" */
	VSWITCH_BPDU_GUARD_BLOCK,	/* ... and the port is blocked */
};

/* VSWITCH_A_SWITCH_MULTICAST: how a switch forwards multicast. */
enum vswitch_multicast_mode {
	VSWITCH_MULTICAST_MODE_FLOOD,	/* to every port of the segment */
	VSWITCH_MULTICAST_MODE_SNOOPING, /* IGMP/MLD snooping (the default) */
};

/* VSWITCH_A_FILTER_ACTION: what a traffic filter rule does. */
enum vswitch_filter_action {
	VSWITCH_FILTER_ACTION_ALLOW,	/* forward; no later rule looked at */
	VSWITCH_FILTER_ACTION_DROP,	/* drop, counted "filter" */
	VSWITCH_FILTER_ACTION_DSCP,	/* forward with DSCP VALUE (ECN kept) */
	VSWITCH_FILTER_ACTION_PCP,	/* forward with 802.1Q priority VALUE */
};

/* VSWITCH_A_MIRROR_DST_TYPE: where a mirroring session's copies go. */
enum vswitch_mirror_dst {
	VSWITCH_MIRROR_DST_PORT,	/* a port: SPAN, or RSPAN destination */
	VSWITCH_MIRROR_DST_UPLINK,	/* an uplink, RSPAN VLAN tagged */
	VSWITCH_MIRROR_DST_DEV,		/* another netdev: erspan, gretap */
};

/* VSWITCH_A_CONFIRM_STATE: where a change with a confirmation deadline is. */
enum vswitch_confirm_state {
	VSWITCH_CONFIRM_STATE_ARMED,	/* made, waiting for its confirmation */
	VSWITCH_CONFIRM_STATE_CONFIRMED,	/* confirmed in time: it stays */
	VSWITCH_CONFIRM_STATE_EXPIRED,	/* not in time: being rolled back */
	VSWITCH_CONFIRM_STATE_ROLLED_BACK,	/* as before the change again */
	VSWITCH_CONFIRM_STATE_ROLLBACK_FAILED,	/* a request of it failed */
};

/* VSWITCH_A_HEALTHCHECK_MTU: frames as large as the switch's MTU, per
 * uplink and VLAN
 */
enum vswitch_healthcheck_mtu {
	VSWITCH_HEALTHCHECK_MTU_UNKNOWN,	/* no probe passed at all */
	VSWITCH_HEALTHCHECK_MTU_PASSES,
	VSWITCH_HEALTHCHECK_MTU_TOO_BIG,	/* small ones pass, big do not */
	VSWITCH_HEALTHCHECK_MTU_CANNOT_SEND,	/* the uplink's MTU is smaller */
};

/* Reasons a frame is dropped; each has a counter per port and uplink. */
enum vswitch_drop_reason {
	VSWITCH_DROP_VLAN,	/* tag not allowed by the VLAN policy */
	VSWITCH_DROP_FORGED,	/* source MAC not the port's (forged-tx off) */
	VSWITCH_DROP_MAC_LIMIT,	/* a new source MAC beyond max-macs */
	VSWITCH_DROP_SHAPING,	/* over the shaping profile */
	VSWITCH_DROP_NO_UPLINK,	/* no usable uplink for the frame */
	VSWITCH_DROP_MTU,	/* longer than the switch (or egress) MTU */
	VSWITCH_DROP_LOOP,	/* from an uplink with a local port's MAC */
	VSWITCH_DROP_UNKNOWN,	/* unknown unicast from an uplink, bad source */
	VSWITCH_DROP_RESERVED,	/* to an 802.1D reserved group, from a port */
	VSWITCH_DROP_BLOCKED,	/* from or to a blocked port */
	VSWITCH_DROP_PVLAN,	/* to a port its private VLAN does not reach */
	VSWITCH_DROP_MCAST,	/* bad IGMP/MLD or IP multicast header, or a
				 * join beyond the port's group limit
				 */
	VSWITCH_DROP_FILTER,	/* a traffic filter rule's drop */
	VSWITCH_DROP_MIRROR,	/* from or to a mirror destination port
				 * without dst-io; from an uplink, in an
				 * RSPAN VLAN no session takes frames of
				 */
	VSWITCH_DROP_OVERLAY,	/* from the overlay: from a VTEP not in the
				 * flood list, for a VNI the switch has no
				 * segment of, or VLAN tagged inside
				 */

	__VSWITCH_DROP_MAX,
	VSWITCH_DROP_MAX = __VSWITCH_DROP_MAX - 1
};

enum vswitch_attr {
	VSWITCH_A_UNSPEC,
	VSWITCH_A_SWITCH_NAME,		/* string, 1-15 chars */
	VSWITCH_A_SWITCH_MTU,		/* u32, 68-9000 */
	VSWITCH_A_SWITCH_AGEING,	/* u32, seconds, 1-1000000 */
	VSWITCH_A_SWITCH_FDB_COUNT,	/* u32, reply only */
	VSWITCH_A_SWITCH_N_PORTS,	/* u32, reply only */
	VSWITCH_A_SWITCH_N_UPLINKS,	/* u32, reply only */
	VSWITCH_A_SWITCH_N_PORTGROUPS,	/* u32, reply only */
	VSWITCH_A_IFNAME,		/* string, a netdev name */
	VSWITCH_A_IFINDEX,		/* u32, reply only */
	VSWITCH_A_UPLINK_STATE,		/* u8, enum vswitch_uplink_state */
	VSWITCH_A_UPLINK_ACTIVE,	/* flag: carries the switch's traffic */
	VSWITCH_A_PG_NAME,		/* string, 1-31 chars */
	VSWITCH_A_PG_VLAN_MODE,		/* u8, enum vswitch_vlan_mode */
	VSWITCH_A_PG_VLAN_ID,		/* u16, 1-4094 (VST only) */
	VSWITCH_A_PG_TRUNK_VIDS,	/* binary bitmap, 512 bytes */
	VSWITCH_A_PG_PCP,		/* u8, 0-7: priority for tags it adds */
	VSWITCH_A_PG_N_PORTS,		/* u32, reply only */
	VSWITCH_A_PORT_MAC,		/* binary, 6 bytes */
	VSWITCH_A_PORT_ID,		/* u32, reply only */
	VSWITCH_A_PORT_KIND,		/* u8, enum vswitch_port_kind */
	VSWITCH_A_PORT_UPLINK,		/* string, reply only */
	VSWITCH_A_STATS,		/* nest, enum vswitch_stats_attr */
	VSWITCH_A_FDB_VID,		/* u16, 0-4094 (0: untagged segment) */
	VSWITCH_A_FDB_MAC,		/* binary, 6 bytes, reply only */
	VSWITCH_A_FDB_STATIC,		/* flag, reply only */
	VSWITCH_A_FDB_AGE_MS,		/* u32, reply only */
	VSWITCH_A_PAD,
	VSWITCH_A_PG_TEAMING,		/* u8, enum vswitch_teaming */
	VSWITCH_A_PG_ACTIVE,		/* binary, u32 ifindexes, 0-16 */
	VSWITCH_A_PG_STANDBY,		/* binary, u32 ifindexes, 0-16 */
	VSWITCH_A_PG_NOTIFY,		/* u8, 0-1: RARP after a move */
	VSWITCH_A_PG_FAILBACK,		/* u8, 0-1 */
	VSWITCH_A_PG_DETECT,		/* u8, enum vswitch_detect */
	VSWITCH_A_PG_UPLINKS,		/* binary, u32 ifindexes, reply only */
	VSWITCH_A_PG_PROMISC,		/* u8, 0-1 */
	VSWITCH_A_PG_FORGED_TX,		/* u8, 0-1 */
	VSWITCH_A_PG_MAC_CHANGES,	/* u8, 0-1 */
	VSWITCH_A_PORT_MAX_MACS,	/* u32, 0-131072, 0: no limit */
	VSWITCH_A_PORT_N_MACS,		/* u32, reply only: its MAC table entries */
	VSWITCH_A_PG_SHAPE_DIR,		/* u8, VSWITCH_SHAPE_* bits, 0: off */
	VSWITCH_A_PG_SHAPE_AVG,		/* u64, bit/s */
	VSWITCH_A_PG_SHAPE_PEAK,	/* u64, bit/s, >= average */
	VSWITCH_A_PG_SHAPE_BURST,	/* u32, bytes */
	VSWITCH_A_SWITCH_MAX_MACS,	/* u32, 1-131072: MAC table size */
	VSWITCH_A_PG_BPDU_GUARD,	/* u8, enum vswitch_bpdu_guard */
	VSWITCH_A_PORT_BLOCKED,		/* u8, 0-1: forwards nothing */
	VSWITCH_A_PG_LEARNING,		/* u8, 0-1: MAC learning ports */
	VSWITCH_A_PG_LEARN_LIMIT,	/* u32, 1-131072: MACs per port */
	VSWITCH_A_PG_UNKNOWN_FLOOD,	/* u8, 0-1: unknown unicast to them */
	VSWITCH_A_PORT_COLD,		/* u8: its MAC is not known yet */
	VSWITCH_A_PVLAN_PRIMARY,	/* u16, 1-4094 */
	VSWITCH_A_PVLAN_VID,		/* u16, 1-4094 */
	VSWITCH_A_PVLAN_TYPE,		/* u8, enum vswitch_pvlan_type */
	VSWITCH_A_SWITCH_MULTICAST,	/* u8, enum vswitch_multicast_mode */
	VSWITCH_A_SWITCH_MDB_AGEING,	/* u32, seconds, 1-86400 */
	VSWITCH_A_SWITCH_MDB_COUNT,	/* u32, reply only: memberships */
	VSWITCH_A_MDB_VID,		/* u16, 0-4094 (0: untagged segment) */
	VSWITCH_A_MDB_GROUP,		/* binary, 4 or 16 bytes, reply only */
	VSWITCH_A_MDB_SOURCE,		/* binary, 4 or 16 bytes, reply only */
	VSWITCH_A_MDB_EXPIRES_MS,	/* u32, reply only */
	VSWITCH_A_FILTER_INDEX,		/* u32, 1-256 */
	VSWITCH_A_FILTER_DIR,		/* u8, VSWITCH_SHAPE_* bits */
	VSWITCH_A_FILTER_SRC_MAC,	/* binary, 6 bytes */
	VSWITCH_A_FILTER_DST_MAC,	/* binary, 6 bytes */
	VSWITCH_A_FILTER_ETHERTYPE,	/* u16, >= 0x600 */
	VSWITCH_A_FILTER_SRC_IP,	/* binary, 4 or 16 bytes */
	VSWITCH_A_FILTER_SRC_PLEN,	/* u8, 0-32 or 0-128 */
	VSWITCH_A_FILTER_DST_IP,	/* binary, 4 or 16 bytes */
	VSWITCH_A_FILTER_DST_PLEN,	/* u8 */
	VSWITCH_A_FILTER_PROTO,		/* u8, an IP protocol */
	VSWITCH_A_FILTER_SRC_PORT_MIN,	/* u16 */
	VSWITCH_A_FILTER_SRC_PORT_MAX,	/* u16 */
	VSWITCH_A_FILTER_DST_PORT_MIN,	/* u16 */
	VSWITCH_A_FILTER_DST_PORT_MAX,	/* u16 */
	VSWITCH_A_FILTER_ACTION,	/* u8, enum vswitch_filter_action */
	VSWITCH_A_FILTER_VALUE,		/* u8, DSCP 0-63 or PCP 0-7 */
	VSWITCH_A_FILTER_PACKETS,	/* u64, reply only */
	VSWITCH_A_FILTER_BYTES,		/* u64, reply only */
	VSWITCH_A_MIRROR_NAME,		/* string, 1-31 chars */
	VSWITCH_A_MIRROR_SRC_IFNAME,	/* string, repeated, up to 32 */
	VSWITCH_A_MIRROR_SRC_PG,	/* string, a portgroup name */
	VSWITCH_A_MIRROR_SRC_VIDS,	/* binary bitmap, 512 bytes */
	VSWITCH_A_MIRROR_DIR,		/* u8, VSWITCH_SHAPE_* bits */
	VSWITCH_A_MIRROR_DST_TYPE,	/* u8, enum vswitch_mirror_dst */
	VSWITCH_A_MIRROR_DST_IFNAME,	/* string, a netdev name */
	VSWITCH_A_MIRROR_RSPAN_VID,	/* u16, 1-4094 */
	VSWITCH_A_MIRROR_SNAPLEN,	/* u32, 0 or 60-9216 */
	VSWITCH_A_MIRROR_SAMPLE,	/* u32, 1-65535 */
	VSWITCH_A_MIRROR_DST_IO,	/* u8, 0-1 */
	VSWITCH_A_MIRROR_PACKETS,	/* u64, reply only */
	VSWITCH_A_MIRROR_BYTES,		/* u64, reply only */
	VSWITCH_A_MIRROR_DROPS,		/* u64, reply only */
	VSWITCH_A_SWITCH_IPFIX_COLLECTOR, /* binary, 0 (off), 4 or 16 bytes */
	VSWITCH_A_SWITCH_IPFIX_PORT,	/* u16, UDP */
	VSWITCH_A_SWITCH_IPFIX_DOMAIN,	/* u32, observation domain ID */
	VSWITCH_A_SWITCH_IPFIX_SAMPLE,	/* u32, 1-65535 */
	VSWITCH_A_SWITCH_IPFIX_ACTIVE,	/* u32, seconds, 1-3600 */
	VSWITCH_A_SWITCH_IPFIX_IDLE,	/* u32, seconds, 1-600 */
	VSWITCH_A_SWITCH_IPFIX_INTERNAL_ONLY, /* u8, 0-1 */
	VSWITCH_A_SWITCH_IPFIX_GROUP,	/* u32, reply only: psample group */
	VSWITCH_A_PG_IPFIX,		/* u8, 0-1 */
	VSWITCH_A_PG_VXLAN_VNI,		/* u32, 1-16777215 (VXLAN mode) */
	VSWITCH_A_SWITCH_OVERLAY_LOCAL,	/* binary, 0 (off), 4 or 16 bytes */
	VSWITCH_A_SWITCH_OVERLAY_DEV,	/* string, the underlay netdev */
	VSWITCH_A_SWITCH_OVERLAY_PORT,	/* u16, UDP */
	VSWITCH_A_SWITCH_OVERLAY_REMOTES, /* binary, N * 4 or N * 16 bytes */
	VSWITCH_A_SWITCH_OVERLAY_IFNAME, /* string, reply only: its vxlan dev */
	VSWITCH_A_SWITCH_OVERLAY_MTU,	/* u32, reply only */
	VSWITCH_A_SWITCH_OVERLAY_STATS,	/* nest, reply only: the overlay's */
	VSWITCH_A_FDB_VNI,		/* u32, reply only: overlay entries */
	VSWITCH_A_FDB_VTEP,		/* binary, 4 or 16 bytes, reply only */
	VSWITCH_A_CONFIRM_ID,		/* u32 */
	VSWITCH_A_CONFIRM_TIMEOUT,	/* u32, seconds, 1-86400 */
	VSWITCH_A_CONFIRM_STATE,	/* u8, enum vswitch_confirm_state */
	VSWITCH_A_CONFIRM_WHAT,		/* string, up to 255 bytes */
	VSWITCH_A_CONFIRM_REMAINING,	/* u32, ms, reply only */
	VSWITCH_A_CONFIRM_GUARD,	/* u8, reply only */
	VSWITCH_A_SWITCH_NIOC_RATE,	/* u64, bit/s, 0: NIOC off */
	VSWITCH_A_PG_NIOC_SHARES,	/* u32, 1-100 */
	VSWITCH_A_PG_NIOC_RESERVATION,	/* u64, bit/s, 0: none */
	VSWITCH_A_PG_NIOC_LIMIT,	/* u64, bit/s, 0: none */
	VSWITCH_A_PG_NIOC_CLASS,	/* u16, reply only */
	VSWITCH_A_SWITCH_HEALTHCHECK_INTERVAL,	/* u32, seconds, 0: off */
	VSWITCH_A_HEALTHCHECK_VID,	/* u16, reply only */
	VSWITCH_A_HEALTHCHECK_VLAN_OK,	/* u8, reply only */
	VSWITCH_A_HEALTHCHECK_HEARD_BY,	/* u32 ifindexes, reply only */
	VSWITCH_A_HEALTHCHECK_MTU,	/* u8, enum vswitch_healthcheck_mtu */
	VSWITCH_A_HEALTHCHECK_ETHERCHANNEL,	/* u8, reply only */
	VSWITCH_A_HEALTHCHECK_AGE_MS,	/* u32, reply only */

	__VSWITCH_A_MAX,
	VSWITCH_A_MAX = __VSWITCH_A_MAX - 1
};

/* VSWITCH_A_STATS nest.  rx = from the netdev into the switch, tx = from
 * the switch out of the netdev.  All u64.
 */
enum vswitch_stats_attr {
	VSWITCH_STATS_UNSPEC,
	VSWITCH_STATS_RX_PACKETS,
	VSWITCH_STATS_RX_BYTES,
	VSWITCH_STATS_TX_PACKETS,
	VSWITCH_STATS_TX_BYTES,
	VSWITCH_STATS_DROP_VLAN,	/* one per enum vswitch_drop_reason, */
	VSWITCH_STATS_DROP_FORGED,	/* in the same order */
	VSWITCH_STATS_DROP_MAC_LIMIT,
	VSWITCH_STATS_DROP_SHAPING,
	VSWITCH_STATS_DROP_NO_UPLINK,
	VSWITCH_STATS_DROP_MTU,
	VSWITCH_STATS_DROP_LOOP,
	VSWITCH_STATS_DROP_UNKNOWN,
	VSWITCH_STATS_PAD,
	VSWITCH_STATS_DROP_RESERVED,	/* reasons added later, in order */
	VSWITCH_STATS_DROP_BLOCKED,
	VSWITCH_STATS_DROP_PVLAN,
	VSWITCH_STATS_DROP_MCAST,
	VSWITCH_STATS_DROP_FILTER,
	VSWITCH_STATS_DROP_MIRROR,
	VSWITCH_STATS_DROP_OVERLAY,

	__VSWITCH_STATS_MAX,
	VSWITCH_STATS_MAX = __VSWITCH_STATS_MAX - 1
};

#endif /* _UAPI_LINUX_VSWITCH_H */
