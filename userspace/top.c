// SPDX-License-Identifier: GPL-2.0
/*
 * vswctl top: esxtop's network panel.  Every interval, the counters of
 * every port and uplink (the dumps of port show and uplink show), turned
 * into rates against the previous sample: packets/s and Mbit/s each way,
 * drops/s and which reasons they have, busiest first.
 *
 *   vswctl [-j] top [-d SECONDS] [-n COUNT] [-b] [SWITCH]
 *
 * On a terminal the screen is redrawn in place and 'q' quits; -b (and -j,
 * and any stdout that is not a terminal) appends one block per refresh
 * instead, for scripts: a header line with the time, then the rows; -j
 * makes each block one JSON object on a line of its own.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "vswctl.h"

#define TOP_DELAY_MIN	0.1
#define TOP_DELAY_MAX	86400.0
/* the first screen's rates come from a sample this long (or the interval,
 * if shorter): a first screen of zeros, or one a long interval away, tells
 * the user nothing
 */
#define TOP_FIRST_SAMPLE	0.5

struct top_row {
	char sw[VSWITCH_NAME_MAX + 1];
	char name[IF_NAMESIZE];
	char pg[VSWITCH_PG_NAME_MAX + 1];
	bool uplink;
	/* a port deleted and added again under its name has new ones */
	uint32_t ifindex, id;
	uint64_t v[VSWITCH_STATS_MAX + 1];
	/* against the previous sample */
	double rx_pps, tx_pps, rx_mbps, tx_mbps, drops_ps;
	double drop_ps[__VSWITCH_DROP_MAX];
};

struct top_sample {
	struct top_row *rows;	/* sorted by key once complete */
	size_t n, cap;
	double when;		/* monotonic seconds */
};

static struct top_row *sample_add(struct top_sample *s)
{
	struct top_row *r;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;

		r = realloc(s->rows, cap * sizeof(*r));
		if (!r) {
			fprintf(stderr, "vswctl: out of memory\n");
			return NULL;
		}
		s->rows = r;
		s->cap = cap;
	}
	r = &s->rows[s->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static int top_port_cb(struct nlattr **tb, void *arg)
{
	struct top_row *r = sample_add(arg);
	struct port_info p;

	if (!r)
		return -1;
	decode_port(tb, &p);
	snprintf(r->sw, sizeof(r->sw), "%s", p.sw);
	snprintf(r->name, sizeof(r->name), "%s", p.name);
	snprintf(r->pg, sizeof(r->pg), "%s", p.pg);
	r->ifindex = p.ifindex;
	r->id = p.id;
	decode_stats(p.stats, r->v);
	return 0;
}

static int top_uplink_cb(struct nlattr **tb, void *arg)
{
	struct top_row *r = sample_add(arg);
	struct uplink_info up;

	if (!r)
		return -1;
	decode_uplink(tb, &up);
	snprintf(r->sw, sizeof(r->sw), "%s", up.sw);
	snprintf(r->name, sizeof(r->name), "%s", up.name);
	snprintf(r->pg, sizeof(r->pg), "-");
	r->uplink = true;
	r->ifindex = up.ifindex;
	decode_stats(up.stats, r->v);
	return 0;
}

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* what the previous sample is looked up by */
static int key_cmp(const void *a, const void *b)
{
	const struct top_row *x = a, *y = b;
	int c = strcmp(x->sw, y->sw);

	if (c)
		return c;
	if (x->uplink != y->uplink)
		return x->uplink - y->uplink;
	return strcmp(x->name, y->name);
}

static int take_sample(struct top_sample *s, const char *sw)
{
	int err;

	s->n = 0;
	s->when = now(CLOCK_MONOTONIC);
	err = vsw_dump(VSWITCH_CMD_PORT_GET, sw, top_port_cb, s);
	if (!err)
		err = vsw_dump(VSWITCH_CMD_UPLINK_GET, sw, top_uplink_cb, s);
	if (err)
		return err;
	qsort(s->rows, s->n, sizeof(*s->rows), key_cmp);
	return 0;
}

/* The rates of @r from @old, @dt seconds before.  An object that is new,
 * or whose counters went backwards (deleted and made again between the
 * samples), starts afresh at 0: never a negative or a wrapped rate.
 */
static void row_rates(struct top_row *r, const struct top_row *old,
		      double dt)
{
	const uint64_t *v = r->v, *o;
	int i;

	if (!old || dt <= 0 || old->ifindex != r->ifindex || old->id != r->id)
		return;
	o = old->v;
	for (i = 1; i <= VSWITCH_STATS_MAX; i++)
		if (v[i] < o[i])
			return;
	r->rx_pps = (v[VSWITCH_STATS_RX_PACKETS] -
		     o[VSWITCH_STATS_RX_PACKETS]) / dt;
	r->tx_pps = (v[VSWITCH_STATS_TX_PACKETS] -
		     o[VSWITCH_STATS_TX_PACKETS]) / dt;
	r->rx_mbps = (v[VSWITCH_STATS_RX_BYTES] -
		      o[VSWITCH_STATS_RX_BYTES]) * 8 / dt / 1e6;
	r->tx_mbps = (v[VSWITCH_STATS_TX_BYTES] -
		      o[VSWITCH_STATS_TX_BYTES]) * 8 / dt / 1e6;
	for (i = 0; i < __VSWITCH_DROP_MAX; i++) {
		int a = drop_attrs[i];

		r->drop_ps[i] = (v[a] - o[a]) / dt;
		r->drops_ps += r->drop_ps[i];
	}
}

/* busiest first; ties (idle ones) by name, so that they stay put */
static int busy_cmp(const void *a, const void *b)
{
	const struct top_row *x = *(const struct top_row * const *)a;
	const struct top_row *y = *(const struct top_row * const *)b;
	double bx = x->rx_pps + x->tx_pps, by = y->rx_pps + y->tx_pps;
	int c;

	if (bx != by)
		return bx < by ? 1 : -1;
	c = strcmp(x->name, y->name);
	return c ? c : key_cmp(x, y);
}

/* ------------------------------------------------------------------ */
/* output */

struct top_view {
	double delay;		/* -d: seconds between refreshes */
	uint32_t count;		/* -n: 0 for forever */
	bool batch;		/* -b */
	bool screen;		/* redraw a terminal in place */
	const char *sw;		/* one switch's rows only; NULL: all */
};

/* "mtu=3.0 forged=1.0": the reasons with drops in this interval */
static void reasons_text(const struct top_row *r, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < __VSWITCH_DROP_MAX && used < size; i++) {
		if (r->drop_ps[i] <= 0)
			continue;
		used += snprintf(buf + used, size - used, "%s%s=%.1f",
				 used ? " " : "", stat_names[drop_attrs[i]],
				 r->drop_ps[i]);
	}
	if (!buf[0])
		snprintf(buf, size, "-");
}

static size_t max_len(size_t w, const char *s)
{
	size_t len = strlen(s);

	return len > w ? len : w;
}

/* a line of the screen, cut at its width (0: no limit) */
static void put_line(const char *line, int cols)
{
	if (cols > 0)
		printf("%.*s\n", cols, line);
	else
		printf("%s\n", line);
}

static void print_block_text(const struct top_view *tv,
			     struct top_row **order, size_t n, double dt)
{
	size_t wsw = strlen("SWITCH"), wname = strlen("NAME");
	size_t wpg = strlen("PORTGROUP"), i, shown = n;
	int cols = 0, lines = 0;
	char stamp[32], line[1024], reasons[512];
	time_t t = time(NULL);
	struct winsize ws;

	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", localtime(&t));
	if (tv->screen) {
		if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws)) {
			cols = ws.ws_col;
			lines = ws.ws_row;
		}
		fputs("\033[H\033[2J", stdout);
	}
	snprintf(line, sizeof(line),
		 "vswctl top  %s  interval %.2f s  %zu row%s%s%s%s", stamp, dt,
		 n, n == 1 ? "" : "s", tv->sw ? "  switch " : "",
		 tv->sw ?: "", tv->screen ? "  (q: quit)" : "");
	put_line(line, cols);
	if (tv->screen)
		put_line("", cols);

	for (i = 0; i < n; i++) {
		wsw = max_len(wsw, order[i]->sw);
		wname = max_len(wname, order[i]->name);
		wpg = max_len(wpg, order[i]->pg);
	}
	/* a full screen must not scroll its header away: the rows that fit
	 * under the header, the blank line and the titles, one line kept for
	 * "N more"
	 */
	if (lines > 0 && n > (size_t)(lines > 4 ? lines - 4 : 0))
		shown = lines > 5 ? lines - 5 : 0;
	snprintf(line, sizeof(line),
		 "%-*s %-*s %-6s %-*s %10s %10s %9s %9s %9s %s",
		 (int)wsw, "SWITCH", (int)wname, "NAME", "TYPE", (int)wpg,
		 "PORTGROUP", "RXPPS", "TXPPS", "RXMBPS", "TXMBPS", "DROPS/s",
		 "DROP-REASONS");
	put_line(line, cols);
	for (i = 0; i < shown; i++) {
		const struct top_row *r = order[i];
		char name[IF_NAMESIZE];

		reasons_text(r, reasons, sizeof(reasons));
		/* (a netdev name may hold escape sequences: not for a terminal) */
		snprintf(line, sizeof(line),
			 "%-*s %-*s %-6s %-*s %10.1f %10.1f %9.2f %9.2f %9.1f %s",
			 (int)wsw, r->sw, (int)wname,
			 printable(r->name, name, sizeof(name)),
			 r->uplink ? "uplink" : "port", (int)wpg, r->pg,
			 r->rx_pps, r->tx_pps, r->rx_mbps, r->tx_mbps,
			 r->drops_ps, reasons);
		put_line(line, cols);
	}
	if (shown < n) {
		snprintf(line, sizeof(line), "(%zu more)", n - shown);
		put_line(line, cols);
	}
	/* batch: a blank line ends the block */
	if (!tv->screen)
		putchar('\n');
}

/* "KEY":"VALUE": names are netdev and portgroup names, but any byte the
 * kernel allows in one must not break the line
 */
static void json_str(const char *key, const char *s)
{
	printf("\"%s\":", key);
	json_string(s);
}

/* ",KEY:VALUE": a rate, to the thousandth */
static void json_num(const char *key, double v)
{
	printf(",\"%s\":%.3f", key, v);
}

/* One JSON object per refresh, on one line (JSON lines): a consumer reads
 * a line and has a whole sample.
 */
static void print_block_json(struct top_row **order, size_t n, double dt)
{
	size_t i;
	int d;

	printf("{\"time\":%.3f,\"interval\":%.3f,\"rows\":[",
	       now(CLOCK_REALTIME), dt);
	for (i = 0; i < n; i++) {
		const struct top_row *r = order[i];
		bool first = true;

		printf("%s{", i ? "," : "");
		json_str("switch", r->sw);
		putchar(',');
		json_str("name", r->name);
		putchar(',');
		json_str("type", r->uplink ? "uplink" : "port");
		putchar(',');
		json_str("portgroup", r->pg);
		json_num("rx_pps", r->rx_pps);
		json_num("tx_pps", r->tx_pps);
		json_num("rx_mbps", r->rx_mbps);
		json_num("tx_mbps", r->tx_mbps);
		json_num("drops_ps", r->drops_ps);
		printf(",\"drops\":{");
		/* the reasons with drops, as the text's last column */
		for (d = 0; d < __VSWITCH_DROP_MAX; d++) {
			if (r->drop_ps[d] <= 0)
				continue;
			printf("%s\"%s\":%.3f", first ? "" : ",",
			       stat_names[drop_attrs[d]], r->drop_ps[d]);
			first = false;
		}
		printf("}}");
	}
	printf("]}\n");
}

/* The rates of @cur against @prev, printed busiest first. */
static int print_block(const struct top_view *tv, struct top_sample *cur,
		       const struct top_sample *prev)
{
	double dt = cur->when - prev->when;
	struct top_row **order;
	size_t i;

	order = malloc((cur->n ?: 1) * sizeof(*order));
	if (!order) {
		fprintf(stderr, "vswctl: out of memory\n");
		return -1;
	}
	for (i = 0; i < cur->n; i++) {
		struct top_row *r = &cur->rows[i];

		row_rates(r, bsearch(r, prev->rows, prev->n, sizeof(*r),
				     key_cmp), dt);
		order[i] = r;
	}
	qsort(order, cur->n, sizeof(*order), busy_cmp);
	if (opt_json)
		print_block_json(order, cur->n, dt);
	else
		print_block_text(tv, order, cur->n, dt);
	free(order);
	fflush(stdout);
	return 0;
}

/* ------------------------------------------------------------------ */
/* the terminal: keys without Enter, no echo; restored on every way out */

/* set by the handler, read by the loop: lock-free atomics are what C11
 * lets a handler touch (checkpatch frowns on volatile)
 */
static atomic_int top_signal, top_suspend;
static struct termios saved_tio;
static bool tio_raw;

static void top_on_signal(int sig)
{
	if (sig == SIGTSTP)
		top_suspend = 1;
	else
		top_signal = sig;
}

static void tty_raw(void)
{
	struct termios t;

	/* the cursor would blink over the rows */
	fputs("\033[?25l", stdout);
	fflush(stdout);
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tio))
		return;
	t = saved_tio;
	/* ISIG stays: ^C and ^Z come as signals, handled below */
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tio_raw = !tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

static void tty_restore(void)
{
	if (tio_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	tio_raw = false;
	fputs("\033[?25h", stdout);
	fflush(stdout);
}

static void set_handlers(void (*fn)(int))
{
	struct sigaction sa = { .sa_handler = fn };

	/* no SA_RESTART: the handler's flag ends the wait in poll() */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
}

/* ^Z: give the shell its terminal back while stopped, take it again on
 * SIGCONT (raise() returns then)
 */
static void tty_suspend(void)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	top_suspend = 0;
	tty_restore();
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, NULL);
	raise(SIGTSTP);
	set_handlers(top_on_signal);
	tty_raw();
}

enum { WAIT_DONE, WAIT_QUIT };

/* Sleep until @deadline (monotonic), watching the keyboard on a terminal;
 * WAIT_QUIT for 'q' or a signal.
 */
static int top_wait(const struct top_view *tv, double deadline)
{
	struct pollfd pfd = { .fd = -1, .events = POLLIN };
	char keys[32];
	ssize_t len, i;

	if (tv->screen && isatty(STDIN_FILENO))
		pfd.fd = STDIN_FILENO;
	for (;;) {
		double left = deadline - now(CLOCK_MONOTONIC);

		if (top_signal)
			return WAIT_QUIT;
		if (top_suspend)
			tty_suspend();
		if (left <= 0)
			return WAIT_DONE;
		/* a negative fd is skipped: then this only sleeps (to the
		 * millisecond after the deadline, not one short of it)
		 */
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		len = read(STDIN_FILENO, keys, sizeof(keys));
		if (len <= 0) {
			if (len < 0 && errno == EINTR)
				continue;
			pfd.fd = -1;	/* hung up: no more keys */
			continue;
		}
		for (i = 0; i < len; i++)
			if (keys[i] == 'q' || keys[i] == 'Q')
				return WAIT_QUIT;
	}
}

/* ------------------------------------------------------------------ */

static int top_usage(const char *what, const char *arg)
{
	return usage_error("top: %s, not '%s'", what, arg);
}

static int parse_delay(const char *s, double *out)
{
	char *end;
	double v;

	/* strtod's leading blanks, signs, "inf" and hex are not seconds */
	if (!(*s >= '0' && *s <= '9') && *s != '.')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) ||
	    v < TOP_DELAY_MIN || v > TOP_DELAY_MAX)
		return -1;
	*out = v;
	return 0;
}

/* -d SECONDS -n COUNT -b SWITCH, in any order */
static int top_args(int argc, char **argv, struct top_view *tv)
{
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-d")) {
			NEXT_ARG(i, argc, argv);
			if (parse_delay(argv[i], &tv->delay))
				return top_usage("-d must be 0.1-86400 seconds",
						 argv[i]);
		} else if (!strcmp(a, "-n")) {
			NEXT_ARG(i, argc, argv);
			if (parse_u32(argv[i], 1, UINT32_MAX, &tv->count))
				return top_usage("-n must be a count of 1 or more",
						 argv[i]);
		} else if (!strcmp(a, "-b")) {
			tv->batch = true;
		} else if (a[0] == '-') {
			return usage_error("top: unknown option '%s'", a);
		} else if (tv->sw) {
			return usage_error("top: one SWITCH, not '%s' too",
					   a);
		} else {
			err = check_name("switch name", a, VSWITCH_NAME_MAX);
			if (err)
				return err;
			tv->sw = a;
		}
	}
	return 0;
}

int cmd_top(int argc, char **argv)
{
	struct top_sample samples[2] = { 0 }, *prev = &samples[0];
	struct top_sample *cur = &samples[1], *tmp;
	struct top_view tv = { .delay = 1.0 };
	unsigned long long blocks = 0;
	double first;
	int err;

	err = top_args(argc, argv, &tv);
	if (err)
		return err;
	/* JSON lines and a pipe get blocks; only a terminal is redrawn */
	tv.screen = !tv.batch && !opt_json && isatty(STDOUT_FILENO);
	/* a screen goes out in one write, not line by line: no flicker */
	if (tv.screen)
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);

	/* before the terminal changes: a missing module or switch is an
	 * ordinary error message
	 */
	err = take_sample(prev, tv.sw);
	if (err)
		goto out;
	if (tv.screen) {
		set_handlers(top_on_signal);
		tty_raw();
	}
	first = tv.delay < TOP_FIRST_SAMPLE ? tv.delay : TOP_FIRST_SAMPLE;
	while (top_wait(&tv, prev->when + (blocks ? tv.delay : first)) ==
	       WAIT_DONE) {
		err = take_sample(cur, tv.sw);
		if (err)
			break;
		err = print_block(&tv, cur, prev);
		if (err || ++blocks == tv.count)
			break;
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	if (tv.screen)
		tty_restore();
out:
	free(samples[0].rows);
	free(samples[1].rows);
	if (top_signal) {
		/* die of it, as the shell expects of an interrupted command */
		signal(top_signal, SIG_DFL);
		raise(top_signal);
	}
	return err;
}
