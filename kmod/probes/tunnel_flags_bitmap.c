// SPDX-License-Identifier: GPL-2.0
/* 6.10: struct ip_tunnel_key's tun_flags is a bitmap (IP_TUNNEL_*_BIT),
 * no longer a __be16 of TUNNEL_* flags.
 */
#include <net/ip_tunnels.h>

void vsw_probe(struct ip_tunnel_key *key);
void vsw_probe(struct ip_tunnel_key *key)
{
	__set_bit(IP_TUNNEL_KEY_BIT, key->tun_flags);
}
