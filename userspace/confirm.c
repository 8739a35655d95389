// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl --confirm SECONDS COMMAND and vswctl confirm: a change that is
 * rolled back unless it is confirmed in time (vDS "rollback and recovery",
 * Junos "commit confirmed"), for the change that cuts the operator off.
 *
 * vswctl reads the whole configuration, then forks a guard: the guard
 * leaves the terminal's session (a dropped SSH connection does not reach
 * it), arms the kernel's deadline (confirm-new), and keeps the
 * configuration from before in its memory.  Only then does vswctl make the
 * change.  The kernel decides between a confirmation and the expiry, in
 * one place; when the state becomes expired, the guard makes the
 * configuration equal to the one before, as apply would, and reports
 * rolled-back or rollback-failed.  Every step is an event on the events
 * group.  Documentation/rollback.md has the reasoning.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include "vswctl.h"

static const char * const confirm_states[] = {
	[VSWITCH_CONFIRM_STATE_ARMED] = "armed",
	[VSWITCH_CONFIRM_STATE_CONFIRMED] = "confirmed",
	[VSWITCH_CONFIRM_STATE_EXPIRED] = "expired",
	[VSWITCH_CONFIRM_STATE_ROLLED_BACK] = "rolled-back",
	[VSWITCH_CONFIRM_STATE_ROLLBACK_FAILED] = "rollback-failed",
};

struct confirm_info {
	bool valid;
	uint32_t id, timeout, remaining_ms;
	uint8_t state;
	bool guard;
};

static void decode_confirm(struct nlattr **tb, struct confirm_info *c)
{
	c->valid = tb[VSWITCH_A_CONFIRM_ID] && tb[VSWITCH_A_CONFIRM_STATE];
	c->id = u32_attr(tb, VSWITCH_A_CONFIRM_ID);
	c->timeout = u32_attr(tb, VSWITCH_A_CONFIRM_TIMEOUT);
	c->remaining_ms = u32_attr(tb, VSWITCH_A_CONFIRM_REMAINING);
	c->state = u8_attr(tb, VSWITCH_A_CONFIRM_STATE);
	c->guard = u8_attr(tb, VSWITCH_A_CONFIRM_GUARD);
}

/* One line (one object with -j): show's (@lead "") and monitor's (" ") */
void print_confirm(struct nlattr **tb, const char *lead)
{
	char buf[VSWITCH_CONFIRM_WHAT_MAX * 4 + 1], fmt[16];
	struct confirm_info c;

	decode_confirm(tb, &c);
	snprintf(fmt, sizeof(fmt), "%schange %%llu", lead);
	print_u64("id", fmt, c.id);
	print_str("state", " %s", NAME_OF(confirm_states, c.state));
	print_u64("timeout", " timeout %llus", c.timeout);
	if (c.state == VSWITCH_CONFIRM_STATE_ARMED)
		print_u64("remaining_ms", " remaining %llums", c.remaining_ms);
	else if (opt_json)
		print_u64("remaining_ms", "", 0);
	print_bool("guard", c.guard ? " guard alive" : " guard gone", c.guard);
	print_str("what", ": %s",
		  printable(str_attr(tb, VSWITCH_A_CONFIRM_WHAT), buf,
			    sizeof(buf)));
}

static int get_cb(struct nlattr **tb, void *arg)
{
	decode_confirm(tb, arg);
	return 0;
}

static int show_cb(struct nlattr **tb, void *arg)
{
	out_obj_begin();
	print_confirm(tb, "");
	out_obj_end();
	print_text("\n");
	return 0;
}

/* CONFIRM_SET: @state for change @id (0: the current one) */
static int confirm_set(uint32_t id, uint8_t state, struct confirm_info *c)
{
	struct nl_msg *msg = vsw_msg(VSWITCH_CMD_CONFIRM_SET, 0);

	if (!msg)
		return -1;
	if ((id && nla_put_u32(msg, VSWITCH_A_CONFIRM_ID, id)) ||
	    nla_put_u8(msg, VSWITCH_A_CONFIRM_STATE, state)) {
		nlmsg_free(msg);
		return -1;
	}
	return vsw_request(msg, get_cb, c);
}

static int confirm_get(struct confirm_info *c)
{
	struct nl_msg *msg = vsw_msg(VSWITCH_CMD_CONFIRM_GET, 0);

	return msg ? vsw_request(msg, get_cb, c) : -1;
}

/* vswctl confirm [show|rollback] */
int cmd_confirm(int argc, char **argv)
{
	struct confirm_info c = { 0 };
	struct nl_msg *msg;
	int err;

	if (argc > 1)
		return usage_error("confirm takes one word: show or rollback");
	if (argc && matches(argv[0], "show")) {
		msg = vsw_msg(VSWITCH_CMD_CONFIRM_GET, 0);
		if (!msg)
			return -1;
		out_list_begin();
		err = vsw_request(msg, show_cb, NULL);
		out_list_end();
		return err;
	}
	if (argc && !matches(argv[0], "rollback"))
		return usage_error("unknown confirm command '%s'", argv[0]);
	err = confirm_set(0, argc ? VSWITCH_CONFIRM_STATE_EXPIRED :
			  VSWITCH_CONFIRM_STATE_CONFIRMED, &c);
	if (err)
		return err;
	if (opt_json)
		return 0;
	if (argc)
		printf("# change %u: rolling back\n", c.id);
	else
		printf("# change %u confirmed: it stays\n", c.id);
	return 0;
}

/* The events group on a socket of its own, for the guard's wait, and the
 * families' comings and goings (an rmmod ends the wait).  Both groups are
 * resolved before the socket joins either: an event that came in between
 * would be read as the controller's answer.
 */
static struct nl_sock *events_socket(void)
{
	struct nl_sock *es = nl_socket_alloc();
	int grp, ctrl;

	if (!es || genl_connect(es))
		goto err;
	grp = genl_ctrl_resolve_grp(es, VSWITCH_GENL_NAME,
				    VSWITCH_MCGRP_EVENTS);
	ctrl = genl_ctrl_resolve_grp(es, "nlctrl", "notify");
	if (grp < 0 || ctrl < 0 || nl_socket_add_memberships(es, grp, ctrl, 0))
		goto err;
	nl_socket_set_nonblocking(es);
	return es;
err:
	nl_socket_free(es);
	return NULL;
}

/* Any event (or a loss of events) ends a wait: the state is read again.
 * At most 64 messages are drained: a stream of events (a flapping uplink)
 * must not keep the guard from reading the state.
 */
static void wait_event(struct nl_sock *es, uint32_t ms)
{
	struct pollfd pfd = { .fd = es ? nl_socket_get_fd(es) : -1,
			      .events = POLLIN };
	char buf[8192];
	int i;

	if (poll(&pfd, 1, ms) <= 0)
		return;
	for (i = 0; i < 64; i++)
		if (recv(pfd.fd, buf, sizeof(buf), MSG_DONTWAIT) < 0 &&
		    errno != ENOBUFS)
			break;
}

/* The state of change @id, read again after a failure that may pass (no
 * memory, a lost answer) for up to a minute; 0, or -1 when the change is
 * no longer there to guard (the module or the namespace went, or a newer
 * change replaced it)
 */
static int guard_get(uint32_t id, struct confirm_info *c)
{
	int tries, err = 0;

	for (tries = 0; tries < 60; tries++) {
		c->valid = false;
		err = confirm_get(c);
		if (!err)
			return c->valid && c->id == id ? 0 : -1;
		if (err == -ENOENT || err == -EOPNOTSUPP)
			break;
		sleep(1);
	}
	syslog(LOG_ERR, "change %u: its state cannot be read (%s): not guarded any more",
	       id, strerror(-err));
	return -1;
}

/* until vswctl closes its end of @fd (or dies) */
static void wait_eof(int fd)
{
	char byte;
	ssize_t r;

	do
		r = read(fd, &byte, 1);
	while (r > 0 || (r < 0 && errno == EINTR));
}

/*
 * The guard, after the deadline is armed: wait for the state to move on
 * (an event, or the kernel's remaining time, whichever first), and roll
 * back once it is expired.  Its own deadline is the kernel's, read again
 * at every wake-up: a lost event costs half a second, not the rollback.
 */
static void guard(uint32_t id, const char *before, const char *what,
		  int fd, struct nl_sock *es)
{
	struct confirm_info c;
	int failed;

	while (!guard_get(id, &c)) {
		if (c.state == VSWITCH_CONFIRM_STATE_EXPIRED) {
			syslog(LOG_WARNING, "change %u not confirmed, rolling back: %s",
			       id, what);
			wait_eof(fd);	/* vswctl is done with the change */
			failed = config_restore(before);
			confirm_set(id, failed ? VSWITCH_CONFIRM_STATE_ROLLBACK_FAILED :
				    VSWITCH_CONFIRM_STATE_ROLLED_BACK, &c);
			syslog(failed ? LOG_ERR : LOG_NOTICE, "change %u: %s",
			       id, failed ? "the rollback failed: see vswctl save" :
			       "rolled back");
			break;
		}
		if (c.state != VSWITCH_CONFIRM_STATE_ARMED)
			break;	/* confirmed */
		/* (at least every 2 s: a wake-up lost is a delay, not a
		 * rollback that never comes)
		 */
		wait_event(es, c.remaining_ms + 500 < 2000 ?
			       c.remaining_ms + 500 : 2000);
	}
	nl_socket_free(es);
}

/* the guard's stdio: the terminal may be gone by the deadline */
static void detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/*
 * The guard process: arms the deadline, then reads the configuration to
 * go back to (after the arming: while it is armed, no other change with a
 * deadline can roll back under it), then tells vswctl the change's number
 * through @fd, and waits.  vswctl closes its end once the
 * change is made: a rollback waits for that (or for vswctl's death), so
 * that it never runs beside a change still being made.
 */
static void run_guard(int fd, uint32_t seconds, const char *what)
{
	struct confirm_info c = { 0 };
	struct nl_sock *es = NULL;
	struct nl_msg *msg;
	char *before = NULL;
	uint32_t id = 0;

	setsid();
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	vsw_disconnect();	/* the parent's socket is the parent's */
	openlog("vswctl", LOG_PID, LOG_DAEMON);
	msg = vsw_msg(VSWITCH_CMD_CONFIRM_NEW, 0);
	if (msg && (nla_put_u32(msg, VSWITCH_A_CONFIRM_TIMEOUT, seconds) ||
		    nla_put_string(msg, VSWITCH_A_CONFIRM_WHAT, what))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (msg && !vsw_request(msg, get_cb, &c) && c.valid)
		id = c.id;
	if (id) {
		before = config_snapshot();
		es = events_socket();	/* before the change's events */
	}
	if (id && (!before || write(fd, &id, sizeof(id)) != sizeof(id))) {
		/* nothing was changed (no snapshot, or vswctl died before
		 * it could make the change): as before, settled at once
		 */
		confirm_set(id, VSWITCH_CONFIRM_STATE_EXPIRED, &c);
		confirm_set(id, VSWITCH_CONFIRM_STATE_ROLLED_BACK, &c);
		_exit(1);
	}
	if (!id)
		_exit(1);	/* vswctl reads none: not armed (the kernel said why) */
	detach_stdio();
	guard(id, before, what, fd, es);
	_exit(0);
}

/*
 * vswctl --confirm SECONDS OBJECT COMMAND ...: @argv is the command, one
 * that changes something (vsw_changes()).  The change is made only once
 * the deadline is armed; a change that fails is rolled back at once
 * (anything it did half way goes too).
 */
int confirm_run(uint32_t seconds, int argc, char **argv)
{
	char what[VSWITCH_CONFIRM_WHAT_MAX + 1] = "";
	struct confirm_info c = { 0 };
	uint32_t id = 0;
	int i, sv[2], ret;
	char *p;
	pid_t pid;

	for (i = 0; i < argc; i++) {
		size_t used = strlen(what);

		snprintf(what + used, sizeof(what) - used, "%s%s", i ? " " : "",
			 argv[i]);
	}
	for (p = what; *p; p++)		/* (it goes to syslog and events) */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		perror("vswctl: socketpair");
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("vswctl: fork");
		close(sv[0]);
		close(sv[1]);
		return 1;
	}
	if (!pid) {
		close(sv[0]);
		run_guard(sv[1], seconds, what);
	}
	close(sv[1]);
	if (read(sv[0], &id, sizeof(id)) != sizeof(id))
		id = 0;
	if (!id) {
		close(sv[0]);
		fprintf(stderr, "vswctl: --confirm: the deadline could not be armed; nothing changed\n");
		return 1;
	}
	ret = vsw_run(argc, argv);
	close(sv[0]);	/* the change is made: a rollback may start */
	if (ret) {
		fprintf(stderr, "vswctl: the change failed: rolling back (change %u)\n",
			id);
		confirm_set(id, VSWITCH_CONFIRM_STATE_EXPIRED, &c);
		return ret;
	}
	if (!opt_json)
		printf("# change %u: 'vswctl confirm' within %u s keeps it, or it is rolled back\n",
		       id, seconds);
	return 0;
}
