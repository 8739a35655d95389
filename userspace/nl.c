// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl: talking to the "vswitch" generic netlink family.  Extended acks
 * are on, so a rejected request prints the kernel's own reason.
 */
#define _GNU_SOURCE	/* secure_getenv() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include "vswctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct nl_sock *sk;
static int family;
uint8_t vsw_reply_cmd;
struct nlmsghdr *vsw_reply_nlh;

static const struct nla_policy attr_policy[VSWITCH_A_MAX + 1] = {
	[VSWITCH_A_SWITCH_NAME] = { .type = NLA_STRING },
	[VSWITCH_A_IFNAME] = { .type = NLA_STRING },
	[VSWITCH_A_PG_NAME] = { .type = NLA_STRING },
	[VSWITCH_A_PORT_UPLINK] = { .type = NLA_STRING },
	[VSWITCH_A_STATS] = { .type = NLA_NESTED },
	[VSWITCH_A_SWITCH_OVERLAY_DEV] = { .type = NLA_STRING },
	[VSWITCH_A_SWITCH_OVERLAY_IFNAME] = { .type = NLA_STRING },
	[VSWITCH_A_SWITCH_OVERLAY_STATS] = { .type = NLA_NESTED },
	[VSWITCH_A_CONFIRM_WHAT] = { .type = NLA_STRING },
};

static int vsw_connect(void)
{
	int one = 1;

	if (sk)
		return 0;
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "vswctl: cannot open a generic netlink socket\n");
		goto fail;
	}
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_disable_auto_ack(sk);
	nl_socket_set_buffer_size(sk, 1 << 20, 1 << 20);
	family = genl_ctrl_resolve(sk, VSWITCH_GENL_NAME);
	if (family == -NLE_OBJ_NOTFOUND) {
		fprintf(stderr,
			"vswctl: the vswitch module is not loaded (modprobe vswitch)\n");
		goto fail;
	}
	if (family < 0) {
		fprintf(stderr, "vswctl: cannot look up the vswitch family: %s\n",
			nl_geterror(family));
		goto fail;
	}
	return 0;
fail:
	/* no half-open socket for the next request to take as ready */
	vsw_disconnect();
	return -1;
}

/* A forked child's requests go on a socket of its own: the next request
 * opens it.
 */
void vsw_disconnect(void)
{
	nl_socket_free(sk);
	sk = NULL;
}

struct nl_msg *vsw_msg(uint8_t cmd, int flags)
{
	struct nl_msg *msg;

	if (vsw_connect())
		return NULL;
	msg = nlmsg_alloc();
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				 flags, cmd, VSWITCH_GENL_VERSION)) {
		fprintf(stderr, "vswctl: out of memory\n");
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct req_state {
	reply_fn fn;
	void *arg;
	int err;
	int done;
	char msg[256];
	/* the request's sequence number (0: events, any): a message of an
	 * earlier request (a reply queued before a lost ACK, the rest of a
	 * dump whose start failed) is not this one's
	 */
	unsigned int seq;
	int replies;		/* handed to fn */
};

static bool other_seq(const struct req_state *st, const struct nlmsghdr *nlh)
{
	return st->seq && nlh->nlmsg_seq != st->seq;
}

/* The TLVs after an error code (NLMSG_ERROR with NETLINK_CAP_ACK, or
 * NLMSG_DONE of a dump) carry the kernel's message.
 */
static void parse_ext_ack(struct nlmsghdr *nlh, void *tlvs, int len,
			  struct req_state *st)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, tlvs, len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(st->msg, sizeof(st->msg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int error_cb(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct req_state *st = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	int hdrlen = NLMSG_HDRLEN + sizeof(*err);

	(void)nla;
	if (other_seq(st, nlh))
		return NL_SKIP;
	st->err = err->error;
	st->done = 1;
	parse_ext_ack(nlh, (char *)nlh + hdrlen, nlh->nlmsg_len - hdrlen, st);
	return NL_STOP;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (other_seq(st, nlh))
		return NL_SKIP;
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
		int err = *(int *)nlmsg_data(nlh);
		int hdrlen = NLMSG_LENGTH(sizeof(int));

		if (err < 0) {
			st->err = err;
			parse_ext_ack(nlh, (char *)nlh + hdrlen,
				      nlh->nlmsg_len - hdrlen, st);
		}
	}
	st->done = 1;
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	if (other_seq(st, nlmsg_hdr(msg)))
		return NL_SKIP;
	st->done = 1;
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct nlattr *tb[VSWITCH_A_MAX + 1];

	if (other_seq(st, nlh) ||
	    genlmsg_parse(nlh, 0, tb, VSWITCH_A_MAX, attr_policy) < 0)
		return NL_SKIP;
	vsw_reply_cmd = gnlh->cmd;
	vsw_reply_nlh = nlh;
	st->replies++;
	if (st->fn && st->fn(tb, st->arg))
		st->err = -EIO;
	return NL_OK;
}

static struct nl_cb *make_cb(struct req_state *st)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, st);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, st);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, NULL, NULL);
	return cb;
}

/* Fault injection for selftests/failnth.sh: with VSWCTL_FAIL_NTH=N on a
 * kernel with CONFIG_FAULT_INJECTION, the Nth allocation the kernel makes
 * while it carries out this run's requests fails (/proc/thread-self/
 * fail-nth).  Only the sends of requests are counted (the kernel handles
 * a request, and starts a dump, inside sendmsg()): vswctl's own mmaps and
 * page faults are not, so a fault is always the kernel's work on a
 * request.  At exit, stderr says whether the Nth allocation was reached.
 */
static int fail_nth_fd = -1;
static unsigned int fail_nth_left;	/* allocations to go; 0: injected */

static void fail_nth_report(void)
{
	fprintf(stderr, "vswctl: fail-nth: %s\n",
		fail_nth_left ? "not reached" : "injected");
}

static void fail_nth_init(void)
{
	static bool done;
	const char *env;

	if (done)
		return;
	done = true;
	env = secure_getenv("VSWCTL_FAIL_NTH");
	if (!env || !*env)
		return;
	fail_nth_left = strtoul(env, NULL, 10);
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fail_nth_fd < 0 || !fail_nth_left) {
		fprintf(stderr, "vswctl: fail-nth: cannot arm (no CONFIG_FAULT_INJECTION?)\n");
		exit(2);
	}
	atexit(fail_nth_report);
}

static void fail_nth_arm(void)
{
	char buf[16];
	int len;

	if (fail_nth_fd < 0 || !fail_nth_left)
		return;
	len = snprintf(buf, sizeof(buf), "%u", fail_nth_left);
	if (pwrite(fail_nth_fd, buf, len, 0) != len)
		fail_nth_left = 0;
}

/* what is left of the count after a send, and the count off again */
static void fail_nth_disarm(void)
{
	char buf[16] = "";

	if (fail_nth_fd < 0 || !fail_nth_left)
		return;
	if (pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) <= 0) {
		fprintf(stderr, "vswctl: fail-nth: cannot read it back\n");
		exit(2);
	}
	fail_nth_left = strtoul(buf, NULL, 10);
	if (fail_nth_left && pwrite(fail_nth_fd, "0", 1, 0) != 1)
		fail_nth_left = 0;
}

/* A request worth trying again: its allocation failed where the request
 * cannot have happened, so a second try cannot do it twice.  That is a
 * send the kernel refused for memory (netlink_sendmsg() could not
 * allocate it: no handler ran), or a read (a dump) that failed for
 * memory before it answered anything.  Memory short for a moment then
 * costs a retry, not an apply that did its whole change and reports a
 * failure because the reading afterwards (the NIOC trees' sync) failed.
 */
#define VSW_TRIES 3

static bool short_of_memory(int err)
{
	return err == -ENOMEM || err == -ENOBUFS;
}

/* request_once()'s "worth another try" (nothing said yet): not an errno,
 * which a kernel's answer could be
 */
#define REQ_TRY_AGAIN 1

/* One try of vsw_request(): 0, a negative errno, or REQ_TRY_AGAIN (never when
 * @last)
 */
static int request_once(struct nl_msg *msg, bool dump, reply_fn fn,
			void *arg, bool last)
{
	struct req_state st = { .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int err;

	cb = make_cb(&st);
	if (!cb)
		return -ENOMEM;
	fail_nth_arm();
	err = nl_send_auto(sk, msg);
	fail_nth_disarm();
	st.seq = nlmsg_hdr(msg)->nlmsg_seq;
	if (err < 0) {
		nl_cb_put(cb);
		if (err == -NLE_NOMEM && !last)
			return REQ_TRY_AGAIN;
		fprintf(stderr, "vswctl: cannot send the request: %s\n",
			nl_geterror(err));
		return -EIO;
	}
	while (!st.done) {
		err = nl_recvmsgs(sk, cb);
		if (err < 0 && !st.done) {
			/* (a dump's: tried again below) */
			if (err == -NLE_NOMEM && dump && !st.replies && !last) {
				st.err = -ENOBUFS;
				break;
			}
			/* ENOBUFS on a request: the kernel could not allocate
			 * its answer (netlink_ack()) after it handled the
			 * request (a reply queued before it is skipped by the
			 * next request: other_seq())
			 */
			if (err == -NLE_NOMEM && !dump)
				fprintf(stderr, "vswctl: the kernel's answer was lost (out of memory): the request may have been carried out; see 'vswctl save'\n");
			else
				fprintf(stderr, "vswctl: netlink: %s\n", nl_geterror(err));
			st.err = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	/* a dump refused after it started (its first part could not be
	 * allocated) runs on in the kernel, and would answer the next
	 * request's reads: the next request gets a socket of its own
	 */
	if (dump && st.err < 0)
		vsw_disconnect();
	if (dump && short_of_memory(st.err) && !st.replies && !last)
		return REQ_TRY_AGAIN;
	if (st.err < 0 && st.err != -EIO) {
		if (st.msg[0])
			fprintf(stderr, "vswctl: kernel says: %s\n", st.msg);
		else
			fprintf(stderr, "vswctl: %s\n", strerror(-st.err));
	}
	return st.err;
}

/* Send @msg (freed here), hand every reply to @fn, and report an error
 * with the kernel's reason.  Returns 0 or a negative errno.
 */
bool vsw_dry_run;

int vsw_request(struct nl_msg *msg, reply_fn fn, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	bool dump = nlh->nlmsg_flags & NLM_F_DUMP;
	int err, try;

	if (vsw_dry_run && !dump) {
		nlmsg_free(msg);
		return 0;
	}
	if (!dump)
		nlh->nlmsg_flags |= NLM_F_ACK;
	/* @msg may have been made before a failed dump dropped the socket
	 * (switch del: nioc_unsync() reads the switch between the two)
	 */
	if (vsw_connect()) {
		nlmsg_free(msg);
		return -EIO;
	}
	fail_nth_init();
	for (try = 1; ; try++) {
		err = request_once(msg, dump, fn, arg, try >= VSW_TRIES);
		if (err != REQ_TRY_AGAIN)
			break;
		/* again on a socket that is sure to hold nothing of the
		 * first try, after a moment for memory to come back
		 */
		vsw_disconnect();
		usleep(20000 * try);
		if (vsw_connect()) {
			err = -EIO;
			break;
		}
		nlh->nlmsg_seq = NL_AUTO_SEQ;
		nlh->nlmsg_pid = NL_AUTO_PORT;
	}
	nlmsg_free(msg);
	return err;
}

/* Print events until interrupted. */
int vsw_monitor(reply_fn fn, void *arg)
{
	struct req_state st = { .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int grp, err;

	if (vsw_connect())
		return -1;
	grp = genl_ctrl_resolve_grp(sk, VSWITCH_GENL_NAME, VSWITCH_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(sk, grp)) {
		fprintf(stderr, "vswctl: cannot join the events group\n");
		return -1;
	}
	cb = make_cb(&st);
	if (!cb)
		return -1;
	/* a failover of a switch with hundreds of ports is an event each:
	 * room for them (capped by net.core.rmem_max)
	 */
	nl_socket_set_buffer_size(sk, 4 << 20, 0);
	for (;;) {
		err = nl_recvmsgs(sk, cb);
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the socket overflowed and events were
			 * lost; say so, and go on (a reader reads again)
			 */
			if (opt_json)
				printf("{\"event\":\"lost\"}\n");
			else
				printf("lost: events were dropped (too many at once); read the state again\n");
			fflush(stdout);
			continue;
		}
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			fprintf(stderr, "vswctl: netlink: %s\n", nl_geterror(err));
			break;
		}
		fflush(stdout);
	}
	nl_cb_put(cb);
	return -1;
}
