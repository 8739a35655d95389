/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vswitch: the differences between the kernel versions we build against,
 * in one place.
 */
#ifndef _VSWITCH_COMPAT_H
#define _VSWITCH_COMPAT_H

#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
/* Each VSW_HAVE_NAME below is set by Kbuild when kmod/probes/NAME.c
 * compiles against the headers being built against.
 *
 * 6.4 moved the GSO helpers (skb_gso_validate_network_len()) out of
 * skbuff.h into a header of their own.
 */
#ifdef VSW_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#ifndef VSW_HAVE_EXTACK_FMT
/* Before 6.2 an extack message had to be a string that outlives the
 * request.  Formatted messages go to a small ring of buffers; a message
 * could only be overwritten by 16 more failing requests racing with it.
 */
#define VSW_EXTACK_SLOTS	16
#define VSW_EXTACK_LEN		80
char *vsw_extack_slot(void);
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, args...) do {		\
	struct netlink_ext_ack *__extack = (extack);			\
	if (__extack) {							\
		char *__buf = vsw_extack_slot();			\
		snprintf(__buf, VSW_EXTACK_LEN, KBUILD_MODNAME ": " fmt, \
			 ##args);					\
		__extack->_msg = __buf;					\
	}								\
} while (0)
#endif

/**
 * vsw_dump_attrs() - the parsed attributes of a dump request
 * @cb: the dump's state
 *
 * 6.6 renamed the helper: genl_dumpit_info() became genl_info_dump().
 *
 * Context: a dumpit callback.
 * Return: the attributes, indexed by type.
 */
#ifdef VSW_HAVE_GENL_INFO_DUMP
static inline struct nlattr **vsw_dump_attrs(struct netlink_callback *cb)
{
	return genl_info_dump(cb)->attrs;
}
#else
static inline struct nlattr **vsw_dump_attrs(struct netlink_callback *cb)
{
	return genl_dumpit_info(cb)->attrs;
}
#endif

/**
 * vsw_set_netns_local() - keep a netdev in its namespace
 * @dev: the netdev, being set up
 *
 * "This device never changes namespace": a feature bit up to 6.11, the
 * netns_local flag in 6.12, renamed netns_immutable in 6.13 and in stable
 * backports (Debian's 6.12.117).  Each is probed by compiling
 * (kmod/probes/), newest first.  Call it after dev->features is assigned,
 * which would clear the bit before 6.12.
 *
 * Context: any.
 */
#if defined(VSW_HAVE_NETNS_IMMUTABLE)
static inline void vsw_set_netns_local(struct net_device *dev)
{
	dev->netns_immutable = true;
}
#elif defined(VSW_HAVE_NETNS_LOCAL)
static inline void vsw_set_netns_local(struct net_device *dev)
{
	dev->netns_local = true;
}
#elif defined(VSW_HAVE_NETIF_F_NETNS_LOCAL)
static inline void vsw_set_netns_local(struct net_device *dev)
{
	dev->features |= NETIF_F_NETNS_LOCAL;
}
#else
#error "vswitch: no way to keep a device in its namespace (kmod/probes/netns_*.c)"
#endif

/**
 * vsw_set_lltx() - mark a netdev's transmit lockless
 * @dev: the netdev, being set up
 *
 * Lockless transmit: a feature bit up to 6.11, the lltx flag since 6.12.
 * Call it after dev->features is assigned, which would clear the bit
 * before 6.12.
 *
 * Context: any.
 */
#if defined(VSW_HAVE_LLTX)
static inline void vsw_set_lltx(struct net_device *dev)
{
	dev->lltx = true;
}
#elif defined(VSW_HAVE_NETIF_F_LLTX)
static inline void vsw_set_lltx(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}
#else
#error "vswitch: no way to mark lockless transmit (kmod/probes/*lltx.c)"
#endif

/* 6.10: a tunnel key's flags became a bitmap of IP_TUNNEL_*_BIT (they
 * were __be16 TUNNEL_* values)
 */
#include <net/ip_tunnels.h>
static inline void vsw_tun_flags_set(struct ip_tunnel_key *key, bool csum)
{
#ifdef VSW_HAVE_TUNNEL_FLAGS_BITMAP
	__set_bit(IP_TUNNEL_KEY_BIT, key->tun_flags);
	if (csum)
		__set_bit(IP_TUNNEL_CSUM_BIT, key->tun_flags);
#else
	key->tun_flags = TUNNEL_KEY | (csum ? TUNNEL_CSUM : 0);
#endif
}

#endif /* _VSWITCH_COMPAT_H */
