/* fuzzcheck.c - checks the fuzz targets share. */
#include "config.h"

#include <string.h>
#include <yajl/yajl_parse.h>

#include "fuzzcheck.h"
#include "jsonw.h"

int
fz_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = zrx_utf8_seq((const unsigned char *)s + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

static yajl_handle
strict(const yajl_callbacks *cb, void *ctx)
{
	yajl_handle h = yajl_alloc(cb, NULL, ctx);

	if (h == NULL)
		abort();
	yajl_config(h, yajl_allow_comments, 0);
	yajl_config(h, yajl_dont_validate_strings, 0);
	yajl_config(h, yajl_allow_trailing_garbage, 0);
	yajl_config(h, yajl_allow_multiple_values, 0);
	yajl_config(h, yajl_allow_partial_values, 0);
	return h;
}

static int
run(yajl_handle h, const char *s, size_t n)
{
	int ok = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok;

	yajl_free(h);
	return ok;
}

int
fz_json_valid(const char *s, size_t n)
{
	return run(strict(NULL, NULL), s, n);
}

/* ---- the top-level keys of an object ---- */

struct keys_ctx {
	int depth;
	int root_is_map;
	char **keys;
	size_t n;
};

static int
k_key(void *c, const unsigned char *s, size_t n)
{
	struct keys_ctx *k = c;

	if (k->depth == 1) {
		k->keys = realloc(k->keys, (k->n + 1) * sizeof(*k->keys));
		if (k->keys == NULL)
			abort();
		k->keys[k->n] = malloc(n + 1);
		if (k->keys[k->n] == NULL)
			abort();
		memcpy(k->keys[k->n], s, n);
		k->keys[k->n][n] = '\0';
		k->n++;
	}
	return 1;
}

static int
k_start_map(void *c)
{
	struct keys_ctx *k = c;

	if (k->depth == 0)
		k->root_is_map = 1;
	k->depth++;
	return 1;
}

static int
k_start_array(void *c)
{
	((struct keys_ctx *)c)->depth++;
	return 1;
}

static int
k_end(void *c)
{
	((struct keys_ctx *)c)->depth--;
	return 1;
}

int
fz_json_top_keys(const char *s, size_t n, char ***keys, size_t *nkeys)
{
	static const yajl_callbacks cb = {
		.yajl_map_key = k_key,
		.yajl_start_map = k_start_map,
		.yajl_end_map = k_end,
		.yajl_start_array = k_start_array,
		.yajl_end_array = k_end,
	};
	struct keys_ctx k;

	memset(&k, 0, sizeof(k));
	if (!run(strict(&cb, &k), s, n) || !k.root_is_map) {
		fz_keys_free(k.keys, k.n);
		return -1;
	}
	*keys = k.keys;
	*nkeys = k.n;
	return 0;
}

void
fz_keys_free(char **keys, size_t nkeys)
{
	for (size_t i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
}

/* ---- one string ---- */

struct str_ctx {
	int count;
	char *out;
	size_t n;
};

static int
s_string(void *c, const unsigned char *s, size_t n)
{
	struct str_ctx *x = c;

	x->count++;
	x->out = malloc(n ? n : 1);
	if (x->out == NULL)
		abort();
	memcpy(x->out, s, n);
	x->n = n;
	return x->count == 1;
}

static int
s_other(void *c)
{
	(void)c;
	return 0;
}

int
fz_json_decode_string(const char *s, size_t n, char **out, size_t *outn)
{
	static const yajl_callbacks cb = {
		.yajl_null = s_other,
		.yajl_string = s_string,
		.yajl_start_map = s_other,
		.yajl_start_array = s_other,
	};
	struct str_ctx x;

	memset(&x, 0, sizeof(x));
	if (!run(strict(&cb, &x), s, n) || x.count != 1) {
		free(x.out);
		return -1;
	}
	*out = x.out;
	*outn = x.n;
	return 0;
}

/* ---- CSV ---- */

int
fz_csv_rows(const char *s, size_t n, size_t fields, size_t *rows)
{
	size_t i = 0, f = 1;

	*rows = 0;
	while (i < n) {
		if (s[i] == '"') {
			/* a quoted field: up to the quote not doubled */
			i++;
			for (;;) {
				if (i >= n)
					return -1;
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						i += 2;
						continue;
					}
					i++;
					break;
				}
				i++;
			}
			if (i < n && s[i] != ',' && s[i] != '\n')
				return -1;
		} else {
			while (i < n && s[i] != ',' && s[i] != '\n') {
				if (s[i] == '"' || s[i] == '\r')
					return -1;
				i++;
			}
		}
		if (i >= n)
			return -1; /* the last row has no '\n' */
		if (s[i] == ',') {
			f++;
			i++;
			continue;
		}
		/* '\n': the row ends */
		if (f != fields)
			return -1;
		(*rows)++;
		f = 1;
		i++;
	}
	return 0;
}

int
fz_csv_decode_field(const char *s, size_t n, char **out, size_t *outn)
{
	size_t i, k = 0;
	char *o = malloc(n ? n : 1);

	if (o == NULL)
		abort();
	if (n == 0 || s[0] != '"') {
		for (i = 0; i < n; i++) {
			if (s[i] == '"' || s[i] == ',' || s[i] == '\n' || s[i] == '\r') {
				free(o);
				return -1;
			}
		}
		memcpy(o, s, n);
		*out = o;
		*outn = n;
		return 0;
	}
	if (n < 2 || s[n - 1] != '"') {
		free(o);
		return -1;
	}
	for (i = 1; i < n - 1; i++) {
		if (s[i] == '"') {
			if (i + 1 >= n - 1 || s[i + 1] != '"') {
				free(o);
				return -1;
			}
			i++;
		}
		o[k++] = s[i];
	}
	*out = o;
	*outn = k;
	return 0;
}

/* ---- randomness ---- */

uint64_t
fz_seed(const uint8_t *d, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ d[i]) * 0x100000001b3ull;
	return h ? h : 1;
}

uint64_t
fz_next(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545F4914F6CDD1Dull;
}
