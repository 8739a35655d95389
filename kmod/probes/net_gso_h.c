// SPDX-License-Identifier: GPL-2.0
/* 6.4 moved the GSO helpers out of skbuff.h into net/gso.h. */
#include <linux/skbuff.h>
#include <net/gso.h>

bool vsw_probe(const struct sk_buff *skb);
bool vsw_probe(const struct sk_buff *skb)
{
	return skb_gso_validate_network_len(skb, 1500);
}
