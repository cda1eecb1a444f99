/* fuzzcheck.h - what the fuzz targets check besides crashes: valid UTF-8,
 * strict JSON, RFC 4180 rows, and a property that fails loudly. */
#ifndef ZRX_FUZZCHECK_H
#define ZRX_FUZZCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* A property that must hold: abort() (libFuzzer keeps the input) if not. */
#define FZ_ASSERT(c) do { \
	if (!(c)) { \
		fprintf(stderr, "property failed: %s (%s:%d)\n", #c, __FILE__, __LINE__); \
		abort(); \
	} \
} while (0)

/* 1 if s[0..n) is valid UTF-8 (no overlong form, no surrogate, at most
 * U+10FFFF). */
int fz_utf8_valid(const char *s, size_t n);

/* 1 if s[0..n) is exactly one JSON value by yajl's strict rules (no
 * comments, strings validated as UTF-8, nothing after it). */
int fz_json_valid(const char *s, size_t n);

/* The members of a JSON object's top level, in order: keys[i] (caller
 * frees with fz_keys_free).  -1 if s is not an object. */
int fz_json_top_keys(const char *s, size_t n, char ***keys, size_t *nkeys);
void fz_keys_free(char **keys, size_t nkeys);

/* Decode s (one JSON string literal) into out (malloc'd, *outn bytes, NUL
 * bytes kept).  0, or -1 if it is not one string. */
int fz_json_decode_string(const char *s, size_t n, char **out, size_t *outn);

/* Parse RFC 4180 text with LF row ends: *rows rows, each with `fields`
 * fields (cb, if not NULL, sees each row's field count and first-field
 * bytes).  Returns 0, or -1 when malformed (a quote in an unquoted field,
 * text after a closing quote, an unterminated quoted field, a last row
 * without its '\n') or when a row's field count is not `fields`. */
int fz_csv_rows(const char *s, size_t n, size_t fields, size_t *rows);

/* Decode the single CSV field s[0..n) (quoted or not) into out; 0 or -1. */
int fz_csv_decode_field(const char *s, size_t n, char **out, size_t *outn);

/* A small deterministic generator (xorshift64*), seeded from bytes. */
uint64_t fz_seed(const uint8_t *d, size_t n);
uint64_t fz_next(uint64_t *state);

#endif
