/* report_read.c - export files into the report's figures.
 *
 * zlib's gzread inflates gzip (concatenated members too, as zrx writes
 * them) and passes other bytes through; a truncated member is an error,
 * never a silent end.  A file's first bytes (after a UTF-8 byte order
 * mark) say its format: '{' is NDJSON, anything else must be the export
 * CSV header.  A manifest names its parts relative to its own directory;
 * each part's size is checked against it.  A file met twice (a manifest
 * and one of its parts, say) is refused: it would be counted twice. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yajl/yajl_tree.h>
#include <zlib.h>

#include "fsutil.h"
#include "log.h"
#include "report_csv.h"
#include "report_ndjson.h"
#include "report_read.h"

#define CHUNK (64u << 10)
#define MAX_MANIFEST (16u << 20)

int
zrx_rread_stream(const char *path, zrx_rsink_fn fn, void *ud, struct zrx_buf *err)
{
	char *buf;
	gzFile gz;
	int n, rc = 0, zerr;
	const char *msg;

	gz = gzopen(path, "rb");
	if (gz == NULL) {
		zrx_buf_printf(err, "cannot open: %s", strerror(errno ? errno : ENOMEM));
		return -1;
	}
	if (gzbuffer(gz, 256u << 10) != 0) {
		(void)gzclose_r(gz);
		zrx_buf_puts(err, "cannot set up decompression");
		return -1;
	}
	buf = zrx_xmalloc(CHUNK);
	while ((n = gzread(gz, buf, CHUNK)) > 0) {
		if (fn(ud, buf, (size_t)n) != 0) {
			rc = 1;
			break;
		}
	}
	if (rc == 0) {
		msg = gzerror(gz, &zerr);
		if (n < 0 || zerr == Z_BUF_ERROR || (zerr != Z_OK && zerr != Z_STREAM_END)) {
			if (zerr == Z_ERRNO)
				zrx_buf_printf(err, "cannot read: %s", strerror(errno));
			else if (zerr == Z_BUF_ERROR)
				zrx_buf_puts(err, "the gzip data is truncated (unexpected end of file)");
			else
				zrx_buf_printf(err, "the gzip data is corrupt: %s", msg);
			rc = -1;
		}
	}
	free(buf);
	zerr = gzclose_r(gz);
	if (rc == 0 && zerr != Z_OK) {
		zrx_buf_puts(err, zerr == Z_BUF_ERROR ?
		    "the gzip data is truncated (unexpected end of file)" : "cannot close");
		rc = -1;
	}
	return rc;
}

/* One export file on its way to a reader. */
struct filein {
	struct zrx_rdata *d;
	int decided;             /* 0 until the format is known */
	struct zrx_rnd *nd;
	struct zrx_rcsv *csv;
	int sink_failed;
};

static int
filein_sink(void *ud, const char *p, size_t n)
{
	struct filein *f = ud;
	size_t i = 0;

	if (!f->decided) {
		if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
			i = 3;
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i == n)
			return 0; /* nothing but blanks so far */
		f->decided = 1;
		if (p[i] == '{') {
			f->nd = zrx_rnd_new(zrx_ragg_add, f->d);
			f->d->inputs_ndjson = 1;
		} else {
			f->csv = zrx_rcsv_new(zrx_ragg_add, f->d);
			f->d->inputs_csv = 1;
		}
	}
	if ((f->nd != NULL && zrx_rnd_feed(f->nd, p + i, n - i) != 0) ||
	    (f->csv != NULL && zrx_rcsv_feed(f->csv, p + i, n - i) != 0)) {
		f->sink_failed = 1;
		return -1;
	}
	return 0;
}

/* Read one export file.  0, or ZRX_EXIT_USAGE (logged). */
static int
read_export(const struct zrx_config *cfg, struct zrx_rdata *d, const char *path)
{
	struct filein f;
	struct zrx_buf err;
	int rc;

	memset(&f, 0, sizeof(f));
	f.d = d;
	zrx_buf_init(&err);
	rc = zrx_rread_stream(path, filein_sink, &f, &err);
	if (rc == 0 && ((f.nd != NULL && zrx_rnd_finish(f.nd) != 0) ||
	    (f.csv != NULL && zrx_rcsv_finish(f.csv) != 0)))
		rc = 1;
	if (rc == 1)
		zrx_buf_puts(&err, f.nd != NULL ? zrx_rnd_error(f.nd) : zrx_rcsv_error(f.csv));
	if (rc != 0)
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: %s", path, err.data);
	else
		zrx_logm(cfg->log, ZRX_DEBUG, NULL, "%s: %llu meetings (%s)", path,
		    (unsigned long long)(f.nd != NULL ? zrx_rnd_count(f.nd) :
		    f.csv != NULL ? zrx_rcsv_count(f.csv) : 0),
		    f.nd != NULL ? "NDJSON" : f.csv != NULL ? "CSV" : "empty");
	zrx_rnd_free(f.nd);
	zrx_rcsv_free(f.csv);
	zrx_buf_free(&err);
	return rc != 0 ? ZRX_EXIT_USAGE : 0;
}

/* Files already read, by device and inode. */
struct seen {
	dev_t *dev;
	ino_t *ino;
	size_t n;
};

/* 0 if path was not read before (now it is noted); ZRX_EXIT_USAGE
 * (logged) if it was or cannot be looked at. */
static int
note_file(const struct zrx_config *cfg, struct seen *s, const char *path, struct stat *st)
{
	size_t i;

	if (stat(path, st) != 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: cannot read: %s", path, strerror(errno));
		return ZRX_EXIT_USAGE;
	}
	if (S_ISDIR(st->st_mode)) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: is a directory", path);
		return ZRX_EXIT_USAGE;
	}
	for (i = 0; i < s->n; i++) {
		if (s->dev[i] == st->st_dev && s->ino[i] == st->st_ino) {
			zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s is given twice (perhaps also as a "
			    "part of a manifest): its meetings would be counted twice", path);
			return ZRX_EXIT_USAGE;
		}
	}
	s->dev = zrx_xrealloc(s->dev, (s->n + 1) * sizeof(*s->dev));
	s->ino = zrx_xrealloc(s->ino, (s->n + 1) * sizeof(*s->ino));
	s->dev[s->n] = st->st_dev;
	s->ino[s->n] = st->st_ino;
	s->n++;
	return 0;
}

static int
buf_sink(void *ud, const char *p, size_t n)
{
	struct zrx_buf *b = ud;

	if (b->len + n > MAX_MANIFEST)
		return 1;
	zrx_buf_append(b, p, n);
	return 0;
}

/* The parsed manifest at path, or NULL (logged). */
static yajl_val
load_manifest(const struct zrx_config *cfg, const char *path)
{
	struct zrx_buf text, err;
	char ebuf[200];
	yajl_val root = NULL;
	int rc;

	zrx_buf_init(&text);
	zrx_buf_init(&err);
	rc = zrx_rread_stream(path, buf_sink, &text, &err);
	if (rc != 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: %s", path,
		    rc > 0 ? "a manifest larger than 16 MiB" : err.data);
	} else {
		zrx_buf_putc(&text, '\0');
		ebuf[0] = '\0';
		root = yajl_tree_parse(text.data, ebuf, sizeof(ebuf));
		ebuf[strcspn(ebuf, "\n")] = '\0';
		if (root == NULL || !YAJL_IS_OBJECT(root))
			zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: not a zrx manifest (%s)", path,
			    root != NULL ? "not a JSON object" : ebuf[0] != '\0' ? ebuf :
			    "invalid JSON");
	}
	if (root != NULL && !YAJL_IS_OBJECT(root)) {
		yajl_tree_free(root);
		root = NULL;
	}
	zrx_buf_free(&text);
	zrx_buf_free(&err);
	return root;
}

static int
read_part(const struct zrx_config *cfg, struct zrx_rdata *d, struct seen *s,
    const char *manifest, yajl_val part)
{
	static const char *name_path[] = { "name", NULL };
	static const char *bytes_path[] = { "bytes", NULL };
	yajl_val name = yajl_tree_get(part, name_path, yajl_t_string);
	yajl_val bytes = yajl_tree_get(part, bytes_path, yajl_t_number);
	const char *nm = name != NULL ? name->u.string : NULL;
	char *dir, *path;
	struct stat st;
	int rc;

	if (nm == NULL || nm[0] == '\0' || strcmp(nm, "-") == 0) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: a part without a file name (an export "
		    "to standard output?): give the export file itself", manifest);
		return ZRX_EXIT_USAGE;
	}
	dir = zrx_dirname(manifest);
	path = nm[0] == '/' ? zrx_xstrdup(nm) : zrx_xasprintf("%s/%s", dir, nm);
	free(dir);
	rc = note_file(cfg, s, path, &st);
	if (rc == 0 && bytes != NULL && YAJL_IS_INTEGER(bytes) &&
	    (long long)st.st_size != YAJL_GET_INTEGER(bytes)) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: %lld bytes, but the manifest %s says "
		    "%lld: the part is not the one the export wrote", path,
		    (long long)st.st_size, manifest, YAJL_GET_INTEGER(bytes));
		rc = ZRX_EXIT_USAGE;
	}
	if (rc == 0)
		rc = read_export(cfg, d, path);
	free(path);
	return rc;
}

static int
read_manifest(const struct zrx_config *cfg, struct zrx_rdata *d, struct seen *s,
    const char *path)
{
	static const char *parts_path[] = { "parts", NULL };
	yajl_val root = load_manifest(cfg, path), parts;
	size_t i;
	int rc = 0;

	if (root == NULL)
		return ZRX_EXIT_USAGE;
	parts = yajl_tree_get(root, parts_path, yajl_t_array);
	if (parts == NULL) {
		zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: not a zrx manifest (no \"parts\" list)",
		    path);
		rc = ZRX_EXIT_USAGE;
	}
	for (i = 0; rc == 0 && parts != NULL && i < YAJL_GET_ARRAY(parts)->len; i++) {
		yajl_val part = YAJL_GET_ARRAY(parts)->values[i];

		if (!YAJL_IS_OBJECT(part)) {
			zrx_logm(cfg->log, ZRX_ERROR, NULL, "%s: part %zu is not an object", path, i);
			rc = ZRX_EXIT_USAGE;
		} else {
			rc = read_part(cfg, d, s, path, part);
		}
	}
	yajl_tree_free(root);
	return rc;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int
zrx_rread_inputs(const struct zrx_config *cfg, struct zrx_rdata *d)
{
	struct seen s;
	struct stat st;
	size_t i;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	for (i = 0; rc == 0 && i < cfg->ninputs; i++) {
		const char *path = cfg->inputs[i];

		rc = note_file(cfg, &s, path, &st);
		if (rc != 0)
			break;
		if (ends_with(path, ".json"))
			rc = read_manifest(cfg, d, &s, path);
		else
			rc = read_export(cfg, d, path);
	}
	free(s.dev);
	free(s.ino);
	return rc;
}
