/* report_csv.c - meetings from export CSV.
 *
 * A small state machine splits the bytes into fields (RFC 4180: a field
 * that starts with '"' runs to the next lone '"', "" inside is one quote,
 * CR and LF inside are data; rows end in LF, CRLF or a lone CR).  A row's
 * fields sit in row with their offsets.  The first row must be the export
 * header; an identical row later (files joined with cat) is skipped.  The
 * first 12 cells (user and the meeting's columns) are the same on every
 * row of a meeting, as recfmt.c writes them: a row whose 12 cells differ
 * from the previous row's starts a new meeting.  A row whose file cells
 * are all empty stands for a meeting without files. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recfmt.h"
#include "report_csv.h"

#define NCOLS 23
#define NSHARED 12
#define MAX_BYTES (16u << 20)

/* Columns the report reads (see recfmt.c for the whole list). */
enum {
	C_USER = 0, C_UUID = 1, C_TOPIC = 5, C_START = 7, C_DURATION = 9,
	C_FILE_TYPE = 13, C_FILE_SIZE = 15, C_REC_START = 17, C_REC_END = 18,
	C_STATUS = 19, C_DELETED = 20
};

static const int file_cols[] = {
	C_FILE_TYPE, C_FILE_SIZE, C_REC_START, C_REC_END, C_STATUS, C_DELETED
};
#define NFILECOLS ((int)ZRX_ARRAY_LEN(file_cols))

enum state { S_START, S_PLAIN, S_QUOTED, S_QUOTE, S_CR };

struct span {
	size_t off;
	size_t len;
};

struct zrx_rcsv {
	zrx_rmeet_cb cb;
	void *ud;
	enum state st;
	struct zrx_buf row;         /* the fields of the current row */
	struct span f[NCOLS + 1];
	int nf;                     /* fields ended so far; NCOLS + 1 = too many */
	size_t fstart;              /* where the open field starts in row */
	int header_seen;
	uint64_t line, row_line;    /* current line; the line the row began on */
	/* the meeting being gathered */
	int have;
	struct zrx_buf mbuf;        /* its shared cells, then its files' cells */
	struct span shared[NSHARED];
	struct span *fcells;        /* NFILECOLS spans per file */
	size_t nfiles, capfiles;
	struct zrx_rfile *out;
	size_t capout;
	uint64_t mline;
	uint64_t count;
	int failed;
	char err[256];
};

static int
fail(struct zrx_rcsv *r, uint64_t line, const char *fmt, ...) ZRX_PRINTF(3, 4);

static int
fail(struct zrx_rcsv *r, uint64_t line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, sizeof(r->err), "line %llu: %s", (unsigned long long)line, msg);
	r->failed = 1;
	return -1;
}

struct zrx_rcsv *
zrx_rcsv_new(zrx_rmeet_cb cb, void *ud)
{
	struct zrx_rcsv *r = zrx_xcalloc(1, sizeof(*r));

	r->cb = cb;
	r->ud = ud;
	r->line = 1;
	r->row_line = 1;
	zrx_buf_init(&r->row);
	zrx_buf_init(&r->mbuf);
	return r;
}

static void
cell(const struct zrx_buf *b, const struct span *s, struct zrx_value *v)
{
	v->kind = s->len > 0 ? ZRX_V_STR : ZRX_V_NONE;
	v->s = s->len > 0 ? b->data + s->off : NULL;
	v->n = s->len;
}

static int
deliver(struct zrx_rcsv *r)
{
	struct zrx_rmeet m;
	size_t i;

	if (!r->have)
		return 0;
	r->have = 0;
	if (r->nfiles > r->capout) {
		r->capout = r->nfiles;
		r->out = zrx_xrealloc(r->out, r->capout * sizeof(*r->out));
	}
	for (i = 0; i < r->nfiles; i++) {
		const struct span *c = r->fcells + i * NFILECOLS;

		cell(&r->mbuf, &c[0], &r->out[i].file_type);
		cell(&r->mbuf, &c[1], &r->out[i].file_size);
		cell(&r->mbuf, &c[2], &r->out[i].recording_start);
		cell(&r->mbuf, &c[3], &r->out[i].recording_end);
		cell(&r->mbuf, &c[4], &r->out[i].status);
		cell(&r->mbuf, &c[5], &r->out[i].deleted_time);
	}
	memset(&m, 0, sizeof(m));
	cell(&r->mbuf, &r->shared[C_USER], &m.user);
	cell(&r->mbuf, &r->shared[C_UUID], &m.uuid);
	cell(&r->mbuf, &r->shared[C_TOPIC], &m.topic);
	cell(&r->mbuf, &r->shared[C_START], &m.start_time);
	cell(&r->mbuf, &r->shared[C_DURATION], &m.duration);
	m.has_passcode = 0;
	m.counted = 1;
	m.files = r->out;
	m.nfiles = r->nfiles;
	m.line = r->mline;
	r->count++;
	if (r->cb(r->ud, &m) != 0)
		return fail(r, r->mline, "stopped");
	return 0;
}

/* The row's field i equals the meeting's shared cell i. */
static int
same_shared(const struct zrx_rcsv *r)
{
	int i;

	for (i = 0; i < NSHARED; i++) {
		const struct span *a = &r->f[i], *b = &r->shared[i];

		if (a->len != b->len ||
		    (a->len > 0 && memcmp(r->row.data + a->off, r->mbuf.data + b->off, a->len) != 0))
			return 0;
	}
	return 1;
}

static void
copy_cell(struct zrx_rcsv *r, const struct span *from, struct span *to)
{
	to->off = r->mbuf.len;
	to->len = from->len;
	zrx_buf_append(&r->mbuf, r->row.data + from->off, from->len);
}

static int
is_header(const struct zrx_rcsv *r)
{
	const char *h = zrx_csv_header(ZRX_KIND_MEETINGS);
	size_t hl = strlen(h) - 1; /* without its '\n' */
	size_t at = 0;
	int i;

	if (r->nf != NCOLS)
		return 0;
	for (i = 0; i < NCOLS; i++) {
		const struct span *s = &r->f[i];

		if (at + s->len > hl || memcmp(h + at, r->row.data + s->off, s->len) != 0)
			return 0;
		at += s->len;
		if (i + 1 < NCOLS && (at >= hl || h[at] != ','))
			return 0;
		at++;
	}
	return at == hl + 1;
}

static int
end_row(struct zrx_rcsv *r)
{
	int i, empty = 1;

	if (r->nf == 1 && r->f[0].len == 0)
		goto next; /* a blank line */
	if (!r->header_seen) {
		if (!is_header(r))
			return fail(r, r->row_line, "not the header row of a zrx export CSV "
			    "(user,meeting_uuid,...)");
		r->header_seen = 1;
		goto next;
	}
	if (r->nf != NCOLS)
		return fail(r, r->row_line, "%s%d fields; an export CSV row has 23",
		    r->nf > NCOLS ? "more than " : "", r->nf > NCOLS ? NCOLS : r->nf);
	if (is_header(r))
		goto next;
	if (r->have && !same_shared(r) && deliver(r) != 0)
		return -1;
	if (!r->have) {
		zrx_buf_reset(&r->mbuf);
		for (i = 0; i < NSHARED; i++)
			copy_cell(r, &r->f[i], &r->shared[i]);
		r->nfiles = 0;
		r->have = 1;
		r->mline = r->row_line;
	}
	for (i = NSHARED; i < NCOLS; i++)
		empty = empty && r->f[i].len == 0;
	if (!empty) {
		if (r->nfiles == r->capfiles) {
			r->capfiles = r->capfiles ? r->capfiles * 2 : 8;
			r->fcells = zrx_xrealloc(r->fcells,
			    r->capfiles * NFILECOLS * sizeof(*r->fcells));
		}
		for (i = 0; i < NFILECOLS; i++)
			copy_cell(r, &r->f[file_cols[i]], &r->fcells[r->nfiles * NFILECOLS + (size_t)i]);
		r->nfiles++;
	}
	if (r->mbuf.len > MAX_BYTES)
		return fail(r, r->mline, "a meeting larger than 16 MiB");
next:
	zrx_buf_reset(&r->row);
	r->nf = 0;
	r->fstart = 0;
	r->row_line = r->line;
	return 0;
}

static void
end_field(struct zrx_rcsv *r)
{
	if (r->nf <= NCOLS) {
		r->f[r->nf].off = r->fstart;
		r->f[r->nf].len = r->row.len - r->fstart;
		r->nf++;
	}
	r->fstart = r->row.len;
}

/* A byte that ends a field outside quotes: ',' or a row end. */
static int
plain_end(struct zrx_rcsv *r, char c)
{
	end_field(r);
	if (c == ',') {
		r->st = S_START;
		return 0;
	}
	if (c == '\n')
		r->line++;
	r->st = c == '\r' ? S_CR : S_START;
	return end_row(r);
}

static int
step(struct zrx_rcsv *r, const char *p, size_t n, size_t *used)
{
	char c = p[0];
	size_t k;

	*used = 1;
	switch (r->st) {
	case S_CR:
		r->st = S_START;
		if (c == '\n') {
			r->line++;
			return 0;
		}
		/* a lone CR ended the row: c starts the next one */
		/* fall through */
	case S_START:
		if (c == '"') {
			r->st = S_QUOTED;
			return 0;
		}
		r->st = S_PLAIN;
		/* fall through */
	case S_PLAIN:
		for (k = 0; k < n && p[k] != ',' && p[k] != '\n' && p[k] != '\r'; k++)
			;
		zrx_buf_append(&r->row, p, k);
		if (k == n) {
			*used = n;
			return 0;
		}
		*used = k + 1;
		return plain_end(r, p[k]);
	case S_QUOTED:
		for (k = 0; k < n && p[k] != '"'; k++)
			if (p[k] == '\n')
				r->line++;
		zrx_buf_append(&r->row, p, k);
		*used = k < n ? k + 1 : n;
		if (k < n)
			r->st = S_QUOTE;
		return 0;
	default: /* S_QUOTE: a '"' inside quotes was seen */
		if (c == '"') {
			zrx_buf_putc(&r->row, '"');
			r->st = S_QUOTED;
			return 0;
		}
		if (c == ',' || c == '\n' || c == '\r')
			return plain_end(r, c);
		return fail(r, r->line, "a quote inside a quoted field must be doubled");
	}
}

int
zrx_rcsv_feed(struct zrx_rcsv *r, const char *data, size_t len)
{
	size_t used;

	if (r->failed)
		return -1;
	while (len > 0) {
		if (step(r, data, len, &used) != 0)
			return -1;
		if (r->row.len > MAX_BYTES)
			return fail(r, r->row_line, "a row larger than 16 MiB");
		data += used;
		len -= used;
	}
	return 0;
}

int
zrx_rcsv_finish(struct zrx_rcsv *r)
{
	if (r->failed)
		return -1;
	if (r->st == S_QUOTED)
		return fail(r, r->row_line, "the text ends inside a quoted field "
		    "(a truncated file?)");
	if ((r->st == S_PLAIN || r->st == S_QUOTE || r->nf > 0) && plain_end(r, '\n') != 0)
		return -1;
	return deliver(r);
}

const char *
zrx_rcsv_error(const struct zrx_rcsv *r)
{
	return r->failed ? r->err : "no error";
}

uint64_t
zrx_rcsv_count(const struct zrx_rcsv *r)
{
	return r->count;
}

void
zrx_rcsv_free(struct zrx_rcsv *r)
{
	if (r == NULL)
		return;
	zrx_buf_free(&r->row);
	zrx_buf_free(&r->mbuf);
	free(r->fcells);
	free(r->out);
	free(r);
}
