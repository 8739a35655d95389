// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: which uplink a port's traffic uses.
 *
 * For now every port uses the switch's first usable uplink in attach order
 * (the "failover" policy without standby lists).  The per-portgroup
 * policies (portid, srcmac, iphash, explicit orders) plug in here.
 */
#include "vswitch.h"

struct vsw_port *vsw_port_uplink(const struct vsw_port *p)
{
	return rcu_dereference(p->sw->active_uplink);
}
