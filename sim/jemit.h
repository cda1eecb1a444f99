/* jemit.h - write one JSON text twice: canonical (the truth) and as served. */
#ifndef SIM_JEMIT_H
#define SIM_JEMIT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Wire styles: legal JSON a client must decode, all off in the canonical form. */
#define SIM_JW_UNICODE  0x01u /* non-ASCII as \uXXXX, surrogate pairs beyond the BMP */
#define SIM_JW_SLASH    0x02u /* '/' as \/ */
#define SIM_JW_QUOTE_U  0x04u /* '"' and '\' as \u0022 and \u005C */
#define SIM_JW_CTRL_U   0x08u /* every control byte and DEL as \u00XX, uppercase hex */
#define SIM_JW_SPACES   0x10u /* a space after ':' and ',' */
#define SIM_JW_NEWLINES 0x20u /* each member on its own indented line */

#define SIM_JW_MAXDEPTH 32

struct sim_jw {
	struct zrx_buf *canon;  /* canonical text (zrx_json_str), or NULL */
	struct zrx_buf *wire;   /* served text, or NULL */
	unsigned style;         /* SIM_JW_* for the wire text */
	int depth;
	int after_key;
	unsigned char first[SIM_JW_MAXDEPTH];
};

/* Start writing into canon and/or wire (either may be NULL); appends only. */
void sim_jw_init(struct sim_jw *jw, struct zrx_buf *canon, struct zrx_buf *wire,
    unsigned style);

/* Containers; nesting deeper than SIM_JW_MAXDEPTH aborts (a generator bug). */
void sim_jw_obj(struct sim_jw *jw);
void sim_jw_obj_end(struct sim_jw *jw);
void sim_jw_arr(struct sim_jw *jw);
void sim_jw_arr_end(struct sim_jw *jw);

/* An object key (a C string). */
void sim_jw_key(struct sim_jw *jw, const char *k);

/* Values.  sim_jw_num writes the literal number text as is in both forms. */
void sim_jw_str(struct sim_jw *jw, const char *s, size_t n);
void sim_jw_cstr(struct sim_jw *jw, const char *s);
void sim_jw_num(struct sim_jw *jw, const char *literal);
void sim_jw_u64(struct sim_jw *jw, uint64_t v);
void sim_jw_i64(struct sim_jw *jw, int64_t v);
void sim_jw_bool(struct sim_jw *jw, int v);
void sim_jw_null(struct sim_jw *jw);

/* A value already rendered: canon text into the canonical form, wire text into
 * the wire form. */
void sim_jw_raw(struct sim_jw *jw, const char *canon, size_t cn,
    const char *wire, size_t wn);

/* Append s[0..n) (valid UTF-8) as a JSON string literal escaped per style. */
void sim_wire_str(struct zrx_buf *b, const char *s, size_t n, unsigned style);

#endif
