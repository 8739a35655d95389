// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: uplink state.  An uplink is usable when it is administratively
 * up and has carrier; the switch re-selects its uplinks whenever one is
 * attached, detached, or changes state.
 */
#include "vswitch.h"

bool vsw_uplink_is_up(const struct vsw_port *up)
{
	return netif_running(up->dev) && netif_oper_up(up->dev);
}

void vsw_uplinks_update(struct vsw_switch *sw)
{
	struct vsw_port *up, *active = NULL;

	vsw_assert_locked();
	list_for_each_entry(up, &sw->uplinks, list) {
		if (vsw_uplink_is_up(up)) {
			active = up;
			break;
		}
	}
	rcu_assign_pointer(sw->active_uplink, active);
}
