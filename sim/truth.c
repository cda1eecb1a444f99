/* truth.c - print the exact dataset a query must export (truth, list-users). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "jsonw.h"
#include "hmap.h"
#include "gen.h"
#include "listing.h"
#include "messy.h"
#include "truth.h"

/* Print every matching meeting of u, each tagged with "_user":label.  zrx
 * asks each window for a day more than it needs and drops the meetings
 * whose start_time falls outside [from, to], but keeps one whose start_time
 * it cannot read: the truth holds those listed for that extra day too. */
static void
print_user_meetings(struct sim_data *d, struct sim_user *u, const char *label,
    const struct sim_truth_opts *o, struct zrx_buf *line)
{
	struct sim_listing q;
	const struct sim_meet *m;
	size_t b, e, i;
	int64_t past = ((int64_t)o->to + 1) * SIM_DAY;

	q.set = o->trash ? o->trash_set : SIM_SET_RECORDINGS;
	q.from = o->from;
	q.to = o->trash ? o->to : o->to + !o->to_exclusive;
	q.meeting_id = o->meeting_id;
	q.now = o->now;
	sim_listing_range(d, u, &q, &m, &b, &e);
	for (i = b; i < e; i++) {
		if (!o->trash && m[i].start >= past &&
		    !sim_messy_start_unreadable(d, &m[i]))
			continue;
		if (!sim_listing_has(d, u, &q, &m[i]))
			continue;
		zrx_buf_reset(line);
		sim_meet_render(d, u, q.set, &m[i], q.now, line, NULL);
		/* Insert ,"_user":label before the final '}'. */
		line->len--;
		zrx_buf_puts(line, ",\"_user\":");
		zrx_json_cstr(line, label);
		zrx_buf_puts(line, "}\n");
		(void)fwrite(line->data, 1, line->len, stdout);
	}
}

/* Users of the statuses in mask, once each, in listing order; calls fn. */
static void
each_listed(struct sim_data *d, unsigned mask,
    void (*fn)(struct sim_data *, struct sim_user *, void *), void *ctx)
{
	uint8_t *seen = zrx_xcalloc(d->nusers + 1, 1);
	size_t i;
	int st;

	for (st = 0; st < SIM_NSTATUS; st++) {
		if (!(mask & (1u << st)))
			continue;
		for (i = 0; i < d->nlisting[st]; i++) {
			uint32_t k = d->listing[st][i];

			if (seen[k])
				continue;
			seen[k] = 1;
			fn(d, &d->users[k], ctx);
		}
	}
	free(seen);
}

struct meet_ctx {
	const struct sim_truth_opts *o;
	struct zrx_buf line;
};

static void
meetings_of_cb(struct sim_data *d, struct sim_user *u, void *ctx)
{
	struct meet_ctx *mc = ctx;

	if (u->id[0] != '\0')
		print_user_meetings(d, u, u->id, mc->o, &mc->line);
}

static void
user_obj_cb(struct sim_data *d, struct sim_user *u, void *ctx)
{
	(void)d;
	(void)ctx;
	(void)fwrite(u->canon, 1, u->canon_len, stdout);
	(void)fputc('\n', stdout);
}

/* Read the users file as zrx does; on error print it and return 2. */
static int
meetings_from_file(struct sim_data *d, const struct sim_truth_opts *o,
    struct zrx_buf *line)
{
	FILE *f = strcmp(o->users_file, "-") == 0 ? stdin : fopen(o->users_file, "r");
	struct sim_hmap seen;
	char *buf = NULL, *s, *e, *p;
	size_t cap = 0, lineno = 0;
	ssize_t got;
	struct sim_user *u;
	int rc = 0;

	if (f == NULL) {
		fprintf(stderr, "zrx-sim: cannot open %s: %s\n", o->users_file,
		    strerror(errno));
		return 2;
	}
	sim_hmap_init(&seen);
	while ((got = getline(&buf, &cap, f)) >= 0) {
		lineno++;
		s = buf;
		e = buf + got;
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' ||
		    *s == '\n' || *s == '\v' || *s == '\f'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
		    e[-1] == '\n' || e[-1] == '\v' || e[-1] == '\f'))
			e--;
		if (s == e || *s == '#')
			continue;
		for (p = s; p < e; p++) {
			if ((unsigned char)*p <= 0x20 || *p == 0x7f) {
				fprintf(stderr, "zrx-sim: %s:%zu: whitespace or a "
				    "control character inside a user\n",
				    o->users_file, lineno);
				rc = 2;
				goto out;
			}
		}
		*e = '\0';
		if (sim_hmap_get(&seen, s, (size_t)(e - s)) != NULL)
			continue;
		(void)sim_hmap_put(&seen, s, (size_t)(e - s), (void *)1);
		u = sim_data_find(d, s, (size_t)(e - s));
		if (u != NULL)
			print_user_meetings(d, u, s, o, line);
	}
	if (ferror(f)) {
		fprintf(stderr, "zrx-sim: cannot read %s\n", o->users_file);
		rc = 1;
	}
out:
	free(buf);
	sim_hmap_free(&seen, NULL);
	if (f != stdin)
		(void)fclose(f);
	return rc;
}

static int
finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "zrx-sim: cannot write to stdout: %s\n",
		    strerror(errno));
		return 1;
	}
	return 0;
}

int
sim_truth_print(struct sim_data *d, const struct sim_truth_opts *o)
{
	struct meet_ctx mc;
	int rc = 0;

	mc.o = o;
	zrx_buf_init(&mc.line);
	if (o->kind_users)
		each_listed(d, o->status_mask, user_obj_cb, NULL);
	else if (o->users_file != NULL)
		rc = meetings_from_file(d, o, &mc.line);
	else
		each_listed(d, o->status_mask, meetings_of_cb, &mc);
	zrx_buf_free(&mc.line);
	if (finish_stdout() != 0 && rc == 0)
		rc = 1;
	return rc;
}

struct list_ctx {
	int field_email;
};

static void
list_cb(struct sim_data *d, struct sim_user *u, void *ctx)
{
	struct list_ctx *lc = ctx;

	(void)d;
	if (lc->field_email)
		printf("%s\n", u->email);
	else if (u->id[0] != '\0')
		printf("%s\n", u->id);
}

int
sim_list_users(struct sim_data *d, unsigned mask, int field_email)
{
	struct list_ctx lc;

	lc.field_email = field_email;
	each_listed(d, mask, list_cb, &lc);
	return finish_stdout();
}
