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
/* 6.4 moved the GSO helpers (skb_gso_validate_network_len()) out of
 * skbuff.h into a header of their own.
 */
#ifdef VSW_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#ifndef NL_SET_ERR_MSG_FMT_MOD
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

/* The parsed attributes of a dump request.  VSW_HAVE_GENL_INFO_DUMP is
 * probed by Kbuild in the headers we build against.
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

/* 6.12 turned the NETIF_F_NETNS_LOCAL and NETIF_F_LLTX features into
 * netdev flags of their own.
 */
#ifdef VSW_HAVE_DEV_NETNS_LOCAL
static inline void vsw_set_netns_local(struct net_device *dev)
{
	dev->netns_local = true;
}
#else
static inline void vsw_set_netns_local(struct net_device *dev)
{
	dev->features |= NETIF_F_NETNS_LOCAL;
}
#endif

#ifdef VSW_HAVE_DEV_LLTX
static inline void vsw_set_lltx(struct net_device *dev)
{
	dev->lltx = true;
}
#else
static inline void vsw_set_lltx(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}
#endif

#endif /* _VSWITCH_COMPAT_H */
