// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch: traffic shaping (policing) per port, by its portgroup's profile.
 *
 * A profile is an average rate, a peak rate and a burst size, applied to
 * the frames a port sends into the switch ("in"), receives from it
 * ("out"), or both, each direction with its own pair of token buckets:
 *
 *   avg   fills at the average rate, holds up to the burst size
 *   peak  fills at the peak rate, holds up to VSW_PEAK_DEPTH
 *
 * A frame passes when both buckets hold tokens, and then takes its length
 * from both (a bucket may go below zero, so that a frame longer than a
 * bucket, a 64 KB GSO frame, can pass; the rate over time stays exact).
 * Over the profile, it is dropped and counted "shaping".
 *
 * Each bucket is an atomic64 counter and a refill timestamp: no lock,
 * nothing shared between ports; a refill is claimed with one cmpxchg of
 * the timestamp, so that concurrent CPUs add each interval once.
 */
#include <linux/math64.h>
#include "vswitch.h"

#define VSW_PEAK_DEPTH		(64 * 1024 + 2 * VLAN_ETH_HLEN)
#define VSW_REFILL_NS		(10 * NSEC_PER_USEC)
#define VSW_REFILL_MAX_NS	(10 * NSEC_PER_SEC)

/* Add the tokens earned since the bucket's stamp.  The stamp advances by
 * the time those whole tokens took, so the fraction of a byte left over
 * carries to the next refill (refilling often must not lose rate); one
 * cmpxchg of the stamp claims the interval, so CPUs racing add it once.
 */
static void vsw_bucket_refill(struct vsw_bucket *b, u64 bytes_per_s,
			      s64 depth, u64 now)
{
	s64 last = atomic64_read(&b->stamp), from = last, t;
	u64 add, used;

	if ((s64)(now - last) < VSW_REFILL_NS)
		return;
	if (now - last > VSW_REFILL_MAX_NS)	/* the bucket is full anyway */
		from = now - VSW_REFILL_MAX_NS;
	add = mul_u64_u64_div_u64(now - from, bytes_per_s, NSEC_PER_SEC);
	if (!add)
		return;
	used = mul_u64_u64_div_u64(add, NSEC_PER_SEC, bytes_per_s);
	if (!atomic64_try_cmpxchg(&b->stamp, &last, from + used))
		return;
	t = atomic64_add_return(add, &b->tokens);
	if (t > depth)
		atomic64_cmpxchg(&b->tokens, t, depth);
}

/**
 * vsw_shaper_pass() - police a frame by one of a port's shapers
 * @s: the port's shaper of the frame's direction
 * @pol: the port's policy, with the shaping profile
 * @len: the frame's length, Ethernet header included
 *
 * May @len bytes pass shaper @s of profile @pol?  Refills both buckets,
 * then takes @len from both when both hold tokens; lock-free, as CPUs may
 * pass frames of one port at once.
 *
 * Context: the fast path, under RCU.
 * Return: true when the frame passes, false when it is over the profile.
 */
bool vsw_shaper_pass(struct vsw_shaper *s, const struct vsw_policy *pol,
		     unsigned int len)
{
	u64 now = ktime_get_ns();

	vsw_bucket_refill(&s->avg, pol->shape_avg / 8, pol->shape_burst, now);
	vsw_bucket_refill(&s->peak, pol->shape_peak / 8, VSW_PEAK_DEPTH, now);
	if (atomic64_read(&s->avg.tokens) <= 0 ||
	    atomic64_read(&s->peak.tokens) <= 0)
		return false;
	atomic64_sub(len, &s->avg.tokens);
	atomic64_sub(len, &s->peak.tokens);
	return true;
}

static void vsw_bucket_fill(struct vsw_bucket *b, s64 depth, u64 now)
{
	atomic64_set(&b->tokens, depth);
	atomic64_set(&b->stamp, now);
}

/**
 * vsw_shaper_reset() - fill a port's shapers for a new profile
 * @p: the port
 * @pol: the policy with the profile
 *
 * A new profile (or port): both directions start with full buckets.
 * Frames in flight may use the buckets meanwhile; each value is set
 * atomically.
 *
 * Context: RTNL and vsw_mutex held.
 */
void vsw_shaper_reset(struct vsw_port *p, const struct vsw_policy *pol)
{
	u64 now = ktime_get_ns();
	int i;

	for (i = 0; i < ARRAY_SIZE(p->shaper); i++) {
		vsw_bucket_fill(&p->shaper[i].avg, pol->shape_burst, now);
		vsw_bucket_fill(&p->shaper[i].peak, VSW_PEAK_DEPTH, now);
	}
}
