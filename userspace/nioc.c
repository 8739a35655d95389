// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl nioc: Network I/O Control (the vDS's NIOC) on a switch's uplinks.
 *
 * The module keeps the configuration (the switch's rate, each portgroup's
 * shares, reservation and limit) and marks every frame of a portgroup
 * that leaves by an uplink with its class: skb priority
 * VSWITCH_NIOC_HANDLE:CLASS.  The scheduling is the kernel's HTB, which
 * vswctl puts on each uplink whenever the configuration, a portgroup or an
 * uplink changes (nioc_sync(), after every such request):
 *
 *   7673:      htb, default 7673:fffe
 *   7673:ffff  the uplink: rate = ceil = the switch's NIOC rate
 *   7673:N     a portgroup (N a multiple of 16): rate = max(reservation,
 *              rate * shares / (all shares + 1)), scaled down when they
 *              add up to more than the uplink; ceil = its limit (or the
 *              switch's rate)
 *   7673:fffe  frames of no portgroup (one share: max(1%, 8 kbit/s))
 *
 * HTB gives each class its rate when all are busy and lends what an idle
 * class leaves to the busy ones up to their ceilings: shares 3:1 of a full
 * uplink are 3:1 of its rate; a portgroup alone may take it all, up to its
 * limit.  HTB looks the class up by skb priority first, so no filter is
 * needed.  vswctl owns an uplink's root qdisc while NIOC is on.
 */
#define _GNU_SOURCE	/* pipe2() */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <json-c/json.h>
#include "vswctl.h"

#define NIOC_ROOT	0xffff
#define NIOC_OTHER	0xfffe
#define NIOC_PGS	4094		/* VSW_NIOC_CLASSES: a switch's most */

struct nioc_pg {
	char name[VSWITCH_PG_NAME_MAX + 1];
	uint16_t cls;
	uint32_t shares;
	uint64_t resv, limit, rate, ceil;	/* bit/s */
};

struct nioc {
	const char *sw;
	bool found;
	uint64_t rate;
	int n_up, n_pg;
	char up[VSWITCH_UPLINKS_MAX][IF_NAMESIZE];
	struct nioc_pg pg[NIOC_PGS];
};

static int sw_cb(struct nlattr **tb, void *arg)
{
	struct nioc *n = arg;
	struct switch_info sw;

	decode_switch(tb, &sw);
	n->found = true;
	n->rate = sw.nioc_rate;
	return 0;
}

static int up_cb(struct nlattr **tb, void *arg)
{
	struct nioc *n = arg;
	struct uplink_info up;

	decode_uplink(tb, &up);
	if (n->n_up < VSWITCH_UPLINKS_MAX)
		snprintf(n->up[n->n_up++], IF_NAMESIZE, "%s", up.name);
	return 0;
}

static int pg_cb(struct nlattr **tb, void *arg)
{
	static struct pg_info pg;	/* (its VID list is long) */
	struct nioc *n = arg;
	struct nioc_pg *p;

	decode_pg(tb, &pg);
	if (n->n_pg == NIOC_PGS || !pg.nioc_class)
		return 0;
	p = &n->pg[n->n_pg++];
	snprintf(p->name, sizeof(p->name), "%s", pg.name);
	p->cls = pg.nioc_class;
	p->shares = pg.nioc_shares;
	p->resv = pg.nioc_resv;
	p->limit = pg.nioc_limit;
	return 0;
}

/* The switch's NIOC configuration, and each class's rate and ceiling */
static int nioc_load(struct nioc *n, const char *sw)
{
	uint64_t all = 1;	/* (the share of frames of no portgroup) */
	uint64_t sum = 0;
	int i;

	memset(n, 0, sizeof(*n));
	n->sw = sw;
	if (vsw_dump(VSWITCH_CMD_SWITCH_GET, sw, sw_cb, n) ||
	    vsw_dump(VSWITCH_CMD_UPLINK_GET, sw, up_cb, n) ||
	    vsw_dump(VSWITCH_CMD_PORTGROUP_GET, sw, pg_cb, n))
		return -1;
	if (!n->found) {
		fprintf(stderr, "vswctl: no switch %s\n", sw);
		return -1;
	}
	for (i = 0; i < n->n_pg; i++)
		all += n->pg[i].shares;
	for (i = 0; i < n->n_pg; i++) {
		struct nioc_pg *p = &n->pg[i];

		p->ceil = p->limit && p->limit < n->rate ? p->limit : n->rate;
		p->rate = n->rate * p->shares / all;
		if (p->rate < p->resv)
			p->rate = p->resv;
		if (p->rate > p->ceil)
			p->rate = p->ceil;
		sum += p->rate;
	}
	/* reservations beyond the uplink: all scaled down to fit it (a
	 * class sending within its rate is never held back by its parent,
	 * so the rates must not add up to more than the uplink)
	 */
	for (i = 0; i < n->n_pg; i++) {
		struct nioc_pg *p = &n->pg[i];

		if (sum > n->rate)
			p->rate = (unsigned __int128)p->rate * n->rate / sum;
		if (p->rate < VSWITCH_SHAPE_RATE_MIN)
			p->rate = VSWITCH_SHAPE_RATE_MIN;
	}
	return 0;
}

/* bytes HTB may send of a class in one turn: a tenth of a second's worth
 * within the bounds HTB does not warn about
 */
static uint64_t quantum(uint64_t rate)
{
	uint64_t q = rate / 8 / 10;

	return q < 1600 ? 1600 : q > 200000 ? 200000 : q;
}

/* tc, run without a shell (a netdev name may hold any character but
 * '/', ':' and blanks: never a word of a command line), its stdin or
 * stdout a pipe of ours (@fd); its pid, or -1 (said)
 */
static pid_t tc_spawn(const char *const argv[], bool input, int *fd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC)) {
		fprintf(stderr, "vswctl: nioc: pipe: %s\n", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "vswctl: nioc: fork: %s\n", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (!pid) {
		int null = open("/dev/null", O_RDWR);

		dup2(input ? p[0] : p[1], input ? 0 : 1);
		if (!input && null >= 0)
			dup2(null, 2);	/* (no tree, no device: said by us) */
		execvp("tc", (char **)argv);
		_exit(127);
	}
	close(input ? p[0] : p[1]);
	*fd = input ? p[1] : p[0];
	return pid;
}

static int tc_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* tc's output of @argv, whole (NULL: it could not run) */
static char *tc_output(const char *const argv[])
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	FILE *out;
	pid_t pid;
	int fd;
	char chunk[4096];

	pid = tc_spawn(argv, false, &fd);
	if (pid < 0)
		return NULL;
	out = open_memstream(&buf, &len);
	while ((r = read(fd, chunk, sizeof(chunk))) > 0 ||
	       (r < 0 && errno == EINTR))
		if (r > 0 && out)
			fwrite(chunk, 1, r, out);
	close(fd);
	if (out)
		fclose(out);
	tc_wait(pid);
	return buf;
}

struct tc_class {
	unsigned int minor;		/* of 7673: */
	uint64_t bytes, packets, drops;
};

/* The classes of @dev's root HTB, when it is ours: their number (-1: no
 * tree of ours) in @cls, at most @max.  tc prints a class in JSON with
 * its kind's options only in text (iproute2 6.1): the text it is.
 */
static int tc_classes(const char *dev, struct tc_class *cls, int max)
{
	const char *qargv[] = { "tc", "-j", "qdisc", "show", "dev", dev, NULL };
	const char *cargv[] = { "tc", "-s", "class", "show", "dev", dev, NULL };
	char *text = tc_output(qargv), *line, *save = NULL;
	json_object *j = text ? json_tokener_parse(text) : NULL;
	bool ours = false;
	size_t k;
	int n = 0;

	free(text);
	for (k = 0; j && json_object_is_type(j, json_type_array) &&
		    k < json_object_array_length(j); k++) {
		json_object *q = json_object_array_get_idx(j, k);

		ours |= json_object_get_boolean(json_object_object_get(q, "root")) &&
			!strcmp(json_object_get_string(json_object_object_get(q, "handle")) ?: "",
				"7673:");
	}
	json_object_put(j);
	if (!ours)
		return -1;
	text = tc_output(cargv);
	/* class htb 7673:10 parent 7673:ffff ...
	 *  Sent 123 bytes 4 pkt (dropped 5, overlimits ...
	 */
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long long b, p, d;
		unsigned int minor;

		if (sscanf(line, "class htb 7673:%x", &minor) == 1) {
			if (n == max)
				break;
			memset(&cls[n], 0, sizeof(cls[n]));
			cls[n++].minor = minor;
		} else if (n && sscanf(line, " Sent %llu bytes %llu pkt (dropped %llu",
				       &b, &p, &d) == 3) {
			cls[n - 1].bytes = b;
			cls[n - 1].packets = p;
			cls[n - 1].drops = d;
		}
	}
	free(text);
	return n;
}

/* tc -force -batch: every line tried, the failures said by tc */
static int tc_batch(const char *text)
{
	const char *argv[] = { "tc", "-force", "-batch", "-", NULL };
	void (*was)(int) = signal(SIGPIPE, SIG_IGN);
	size_t len = strlen(text), done = 0;
	ssize_t w = 0;
	pid_t pid;
	int fd, rc;

	pid = tc_spawn(argv, true, &fd);
	if (pid < 0) {
		signal(SIGPIPE, was);
		return -1;
	}
	while (done < len && ((w = write(fd, text + done, len - done)) > 0 ||
			      (w < 0 && errno == EINTR)))
		if (w > 0)
			done += w;
	close(fd);
	rc = tc_wait(pid);
	signal(SIGPIPE, was);
	if (rc == 127)
		fprintf(stderr, "vswctl: nioc: tc (iproute2) is not installed\n");
	else if (rc)
		fprintf(stderr, "vswctl: nioc: tc failed\n");
	return rc ? -1 : 0;
}

/* an uplink's tree as @n says, or none when NIOC is off */
static int sync_dev(const struct nioc *n, const char *dev)
{
	struct tc_class *old = calloc(NIOC_PGS + 2, sizeof(*old));
	int i, k, n_old;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int err;

	if (!old)
		return -1;
	n_old = tc_classes(dev, old, NIOC_PGS + 2);
	if (!n->rate && n_old < 0) {
		free(old);
		return 0;
	}
	f = open_memstream(&buf, &len);
	if (!f) {
		free(old);
		return -1;
	}
	if (!n->rate) {
		fprintf(f, "qdisc del dev %s root\n", dev);
		goto run;
	}
	/* (HTB cannot change itself: a tree of ours stays, its classes
	 * change; another root qdisc is replaced)
	 */
	if (n_old < 0)
		fprintf(f, "qdisc replace dev %s root handle 7673: htb default %x\n",
			dev, NIOC_OTHER);
	fprintf(f, "class replace dev %s parent 7673: classid 7673:%x htb rate %llubit ceil %llubit quantum %llu\n",
		dev, NIOC_ROOT, (unsigned long long)n->rate,
		(unsigned long long)n->rate, (unsigned long long)quantum(n->rate));
	fprintf(f, "class replace dev %s parent 7673:%x classid 7673:%x htb rate %llubit ceil %llubit quantum %llu\n",
		dev, NIOC_ROOT, NIOC_OTHER,
		(unsigned long long)(n->rate / 100 > VSWITCH_SHAPE_RATE_MIN ?
				     n->rate / 100 : VSWITCH_SHAPE_RATE_MIN),
		(unsigned long long)n->rate, 1600ULL);
	for (i = 0; i < n->n_pg; i++)
		fprintf(f, "class replace dev %s parent 7673:%x classid 7673:%x htb rate %llubit ceil %llubit quantum %llu\n",
			dev, NIOC_ROOT, n->pg[i].cls,
			(unsigned long long)n->pg[i].rate,
			(unsigned long long)n->pg[i].ceil,
			(unsigned long long)quantum(n->pg[i].rate));
	/* the classes of portgroups that are gone */
	for (k = 0; k < n_old; k++) {
		if (old[k].minor == NIOC_ROOT || old[k].minor == NIOC_OTHER)
			continue;
		for (i = 0; i < n->n_pg && n->pg[i].cls != old[k].minor; i++)
			;
		if (i == n->n_pg)
			fprintf(f, "class del dev %s classid 7673:%x\n", dev,
				old[k].minor);
	}
run:
	fclose(f);
	free(old);
	err = tc_batch(buf);
	free(buf);
	return err;
}

/* apply and -b: a switch's trees once, at the end, not after each of its
 * portgroups (the switches named, in order)
 */
static bool deferring;
static char **deferred;
static int n_deferred;

static int defer_add(const char *sw)
{
	char **grown;
	int i;

	for (i = 0; i < n_deferred; i++)
		if (!strcmp(deferred[i], sw))
			return 0;
	grown = realloc(deferred, (n_deferred + 1) * sizeof(*deferred));
	if (!grown || !(grown[n_deferred] = strdup(sw))) {
		deferred = grown ?: deferred;
		fprintf(stderr, "vswctl: out of memory\n");
		return -1;
	}
	deferred = grown;
	n_deferred++;
	return 0;
}

/**
 * nioc_defer() - keep the trees' syncs for later, or do them now
 * @on: from now on (true), or no longer: the switches changed meanwhile
 *	are synced (their rate may have been turned off)
 *
 * Return: 0, or -1 when a sync failed (said).
 */
int nioc_defer(bool on)
{
	int i, err = 0;

	deferring = on;
	if (on)
		return 0;
	for (i = 0; i < n_deferred; i++) {
		err |= nioc_sync(deferred[i], true);
		free(deferred[i]);
	}
	free(deferred);
	deferred = NULL;
	n_deferred = 0;
	return err ? -1 : 0;
}

/**
 * nioc_sync() - the HTB trees of a switch's uplinks as its NIOC says
 * @sw: the switch
 * @rate_changed: its NIOC rate was set (off: the trees go)
 *
 * After every request that changes the NIOC configuration, a portgroup
 * or an uplink of @sw (nothing in a dry run, nor without NIOC unless it
 * was just turned off).  Return: 0 or -1 (said).
 */
int nioc_sync(const char *sw, bool rate_changed)
{
	struct nioc *n;
	int i, err = 0;

	if (vsw_dry_run)
		return 0;
	if (deferring)
		return defer_add(sw);
	n = malloc(sizeof(*n));
	if (!n || nioc_load(n, sw)) {
		free(n);
		return -1;
	}
	if (!n->rate && !rate_changed) {
		free(n);
		return 0;
	}
	for (i = 0; i < n->n_up; i++)
		err |= sync_dev(n, n->up[i]);
	free(n);
	return err;
}

/**
 * nioc_forget() - an uplink that left its switch keeps no tree of ours
 * @dev: the netdev
 */
void nioc_forget(const char *dev)
{
	static const struct nioc off;	/* (rate 0: no tree) */

	if (!vsw_dry_run)
		sync_dev(&off, dev);
}

/**
 * nioc_unsync() - a switch about to go takes its uplinks' trees with it
 * @sw: the switch
 *
 * (Were the deletion refused, nioc_sync() puts them back.)
 */
void nioc_unsync(const char *sw)
{
	struct nioc *n;
	int i;

	if (vsw_dry_run)
		return;
	n = malloc(sizeof(*n));
	if (n && !nioc_load(n, sw) && n->rate)
		for (i = 0; i < n->n_up; i++)
			nioc_forget(n->up[i]);
	free(n);
}

/* a class's counters on an uplink */
static const struct tc_class *class_of(const struct tc_class *cls, int n,
				       uint16_t minor)
{
	static const struct tc_class none;
	int k;

	for (k = 0; k < n; k++)
		if (cls[k].minor == minor)
			return &cls[k];
	return &none;
}

static int show_one(const char *sw)
{
	struct tc_class *cls[VSWITCH_UPLINKS_MAX] = { 0 };
	int n_cls[VSWITCH_UPLINKS_MAX];
	struct nioc *n = malloc(sizeof(*n));
	char buf[32], buf2[32];
	int i, u;

	if (!n || nioc_load(n, sw)) {
		free(n);
		return -1;
	}
	for (u = 0; u < n->n_up; u++) {
		cls[u] = calloc(NIOC_PGS + 2, sizeof(*cls[u]));
		n_cls[u] = cls[u] ? tc_classes(n->up[u], cls[u], NIOC_PGS + 2) : -1;
	}
	out_obj_begin();
	print_str("switch", "%s", sw);
	if (n->rate) {
		format_rate(n->rate, buf, sizeof(buf));
		print_text(" rate %s", buf);
	} else {
		print_text(" off");
	}
	print_u64("rate", NULL, n->rate);
	out_array_begin("uplinks");
	print_text("  uplinks");
	for (u = 0; u < n->n_up; u++) {
		out_obj_begin();
		print_str("name", " %s", n->up[u]);
		print_bool("scheduled", n_cls[u] >= 0 ? "" : " (no tree)",
			   n_cls[u] >= 0);
		out_obj_end();
	}
	out_array_end();
	print_text("\n  PORTGROUP           CLASS      SHARES RESERVATION LIMIT      RATE       CEIL       SENT\n");
	out_array_begin("portgroups");
	for (i = 0; i < n->n_pg; i++) {
		const struct nioc_pg *p = &n->pg[i];
		char handle[16];

		out_obj_begin();
		print_str("name", "  %-19s", p->name);
		snprintf(handle, sizeof(handle), "7673:%x", p->cls);
		print_str("class", "%-10s", handle);
		print_u64("shares", " %-6llu", p->shares);
		if (p->resv)
			format_rate(p->resv, buf, sizeof(buf));
		print_text(" %-11s", p->resv ? buf : "none");
		print_u64("reservation", NULL, p->resv);
		if (p->limit)
			format_rate(p->limit, buf2, sizeof(buf2));
		print_text(" %-10s", p->limit ? buf2 : "none");
		print_u64("limit", NULL, p->limit);
		if (n->rate) {
			format_rate(p->rate, buf, sizeof(buf));
			format_rate(p->ceil, buf2, sizeof(buf2));
			print_text(" %-10s %-10s", buf, buf2);
			print_u64("htb_rate", NULL, p->rate);
			print_u64("htb_ceil", NULL, p->ceil);
		} else {
			print_text(" %-10s %-10s", "-", "-");
		}
		/* per uplink: bytes the class sent */
		out_array_begin("sent");
		for (u = 0; u < n->n_up; u++) {
			const struct tc_class *c = class_of(cls[u], n_cls[u],
							    p->cls);

			out_obj_begin();
			print_str("uplink", " %s", n->up[u]);
			print_u64("bytes", ":%llu", c->bytes);
			print_u64("packets", NULL, c->packets);
			print_u64("drops", NULL, c->drops);
			out_obj_end();
		}
		out_array_end();
		print_text("\n");
		out_obj_end();
	}
	out_array_end();
	out_obj_end();
	for (u = 0; u < n->n_up; u++)
		free(cls[u]);
	free(n);
	return 0;
}

static int name_cb(struct nlattr **tb, void *arg)
{
	struct switch_info sw;
	char ***names = arg;
	size_t n = 0;

	decode_switch(tb, &sw);
	while (*names && (*names)[n])
		n++;
	*names = realloc(*names, (n + 2) * sizeof(char *));
	if (!*names)
		return -1;
	(*names)[n] = strdup(sw.name);
	(*names)[n + 1] = NULL;
	return 0;
}

/*
 * nioc set SWITCH rate RATE|off
 * nioc set SWITCH PG [shares N] [reservation RATE|none] [limit RATE|none]
 * nioc show [SWITCH]
 * nioc sync [SWITCH]
 */
int cmd_nioc(int argc, char **argv)
{
	char **names = NULL;
	int i, err = 0;

	if (argc >= 1 && matches(argv[0], "set")) {
		char *words[16] = { 0 };
		int w = 0;

		if (argc < 3)
			return usage_error("nioc set SWITCH rate RATE|off, or nioc set SWITCH PG WORDS");
		if (!strcmp(argv[2], "rate")) {
			if (argc != 4)
				return usage_error("nioc set SWITCH rate RATE|off");
			words[w++] = "switch";
			words[w++] = "set";
			words[w++] = argv[1];
			words[w++] = "nioc-rate";
			words[w++] = argv[3];
			return vsw_run(w, words);
		}
		if (argc == 3 || argc > 9)
			return usage_error("nioc set SWITCH PG [shares N] [reservation RATE|none] [limit RATE|none]");
		words[w++] = "portgroup";
		words[w++] = "set";
		words[w++] = argv[1];
		words[w++] = argv[2];
		for (i = 3; i < argc; i++) {
			static char keys[3][24];
			const char *k = argv[i];

			if (!matches(k, "shares") && !matches(k, "reservation") &&
			    !matches(k, "limit"))
				return usage_error("unknown nioc word '%s'", k);
			snprintf(keys[(i - 3) / 2 % 3], sizeof(keys[0]), "nioc-%s",
				 matches(k, "shares") ? "shares" :
				 matches(k, "reservation") ? "reservation" : "limit");
			words[w++] = keys[(i - 3) / 2 % 3];
			if (++i >= argc)
				return usage_error("'%s' needs a value", k);
			words[w++] = argv[i];
		}
		return vsw_run(w, words);
	}
	if (argc >= 1 && !matches(argv[0], "show") && !matches(argv[0], "sync"))
		return usage_error("unknown nioc command '%s'", argv[0]);
	if (argc > 2)
		return usage_error("too many arguments after nioc %s SWITCH", argv[0]);
	if (argc == 2) {
		names = calloc(2, sizeof(char *));
		if (!names)
			return -1;
		names[0] = strdup(argv[1]);
	} else if (vsw_dump(VSWITCH_CMD_SWITCH_GET, NULL, name_cb, &names)) {
		return -1;
	}
	if (argc >= 1 && matches(argv[0], "sync")) {
		for (i = 0; names && names[i]; i++)
			err |= nioc_sync(names[i], true);
	} else {
		out_list_begin();
		for (i = 0; names && names[i]; i++)
			err |= show_one(names[i]);
		out_list_end();
	}
	for (i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
	return err ? -1 : 0;
}
