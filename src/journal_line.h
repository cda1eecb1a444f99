/* journal_line.h - one line of the state file, parsed (journal_line.c).
 * The journal (journal.c) reads its file with it; the line grammar is
 * described at the top of journal.c. */
#ifndef ZRX_JOURNAL_LINE_H
#define ZRX_JOURNAL_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The top-level key, and the key inside "commit", being read. */
enum lp_top { T_NONE, T_STATE, T_COMMIT, T_PFIN, T_COMPLETE, T_OTHER };
enum lp_sub { S_NONE, S_PART, S_OFFSET, S_RECORDS, S_FILES, S_USERS, S_OTHER };

/* The parser's place in the line (depth .. bad), then what the line says:
 * each has_X is 1 once X was read. */
struct lineparse {
	int depth;
	enum lp_top top;
	enum lp_sub sub;
	int in_users;
	int bad;
	int has_state;
	uint64_t state;
	int has_commit, has_part, has_offset, has_records, has_users;
	uint64_t part, offset, records, files;
	struct zrx_buf users;  /* each user: size_t length, then its bytes */
	size_t nusers;
	int has_pfin;
	uint64_t pfin;
	int complete;
};

/* Parse one line (no '\n') into lp.  0 if it is well-formed JSON whose known
 * keys hold well-typed values, else -1.  The caller frees lp->users
 * (zrx_buf_free) after either. */
int zrx_jline_parse(struct lineparse *lp, const char *line, size_t len) ZRX_WUR;

#endif
