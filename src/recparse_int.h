/* recparse_int.h - the parser's state, shared by recparse.c (yajl and the
 * body) and recwalk.c (what each event means). */
#ifndef ZRX_RECPARSE_INT_H
#define ZRX_RECPARSE_INT_H

#include <yajl/yajl_parse.h>

#include "recparse.h"
#include "u16fix.h"
#include "util.h"

#define MAX_DEPTH 64 /* open objects/arrays, the root included */
/* No real meeting or user comes near this; a body that does is hostile or
 * broken, and must not take the process's memory with it. */
#define MAX_ITEM_BYTES (16u << 20)

/* What an open container is. */
enum role {
	R_ROOT,  /* the response object */
	R_LIST,  /* the "meetings"/"users" array */
	R_SKIP,  /* a value under some other top-level key */
	R_ELEM,  /* one list element */
	R_FILES, /* a meeting's "recording_files" array */
	R_FILE,  /* one element of "recording_files" */
	R_NEST   /* anything else inside an element */
};

/* Meaning of the current key of the root object. */
enum { TK_OTHER, TK_LIST, TK_NPT, TK_FROM };

/* Meaning of the current key of an element or file beyond column indexes. */
#define K_NONE (-1)
#define K_FILES (-2)

/* A column value: strings, numbers and booleans live in sbuf, nested JSON
 * in jbuf. */
struct slot {
	unsigned char kind; /* enum zrx_vkind */
	size_t off;
	size_t len;
};

enum { MC_UUID = 0, MC_START_TIME = 6 };
enum { UC_ID = 0, UC_EMAIL = 1, UC_STATUS = 6 };

#define MAX_ECOLS ZRX_NUSER_COLS

struct fileslots {
	struct slot c[ZRX_NFILE_COLS];
};

struct level {
	unsigned char map;   /* 1: object, 0: array */
	unsigned char role;  /* enum role */
	unsigned char first; /* nothing written inside it yet */
	int key;             /* objects: meaning of the current key */
	int tgt_col;         /* >= 0: it is the value of this column */
	size_t start;        /* offset of its opening bracket in jbuf */
};

struct zrx_recparse {
	enum zrx_kind kind;
	zrx_item_cb cb;
	void *ud;
	yajl_handle yh;

	int failed;
	int finished;
	int root_done;
	const char *err;
	char errbuf[160];

	struct level lv[MAX_DEPTH + 1]; /* lv[1..depth] are open */
	int depth;

	size_t since_item;  /* bytes fed since the last element was delivered */
	char *npt;
	char from[16];      /* top-level "from", "" when absent */
	size_t items;
	struct zrx_u16fix fix;   /* lone surrogate escapes to \ufffd */

	/* The element being read. */
	const char *const *ecols;
	size_t necols;
	size_t ecol_len[MAX_ECOLS];          /* strlen of each, for the key lookup */
	size_t fcol_len[ZRX_NFILE_COLS];
	struct slot ecol[MAX_ECOLS];
	struct fileslots *files;
	size_t nfiles;
	size_t files_cap;
	struct zrx_buf jbuf; /* the element as compact JSON */
	struct zrx_buf sbuf; /* unescaped scalar values */
};

/* The walker's entry points, one per yajl event; nonzero to go on. */
int zrx_rp_scalar(struct zrx_recparse *p, enum zrx_vkind k, const char *s, size_t n);
int zrx_rp_start(struct zrx_recparse *p, int map);
int zrx_rp_end(struct zrx_recparse *p);
int zrx_rp_key(struct zrx_recparse *p, const char *s, size_t n);

#endif
