/* values.c - the values of options: numbers, sizes, dates, URLs, user ids,
 * and the files and variables they come from.  Every problem is a usage
 * error that names the option; no secret is ever printed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cliopt.h"
#include "dates.h"
#include "jsonw.h"
#include "urlcheck.h"

#define MAX_ID_LEN 256          /* longer than any Zoom id or e-mail */
#define MAX_TOKEN_FILE (64 * 1024)

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}


/* Trim [*s, *s+*n) of surrounding ASCII whitespace. */
void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space((unsigned char)(*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Why s[0..n) is not a good single-token value: NULL if it is.  Rejects
 * ASCII whitespace, control characters, NUL, and the UTF-8 encodings of
 * no-break space (U+00A0) and C1 controls (U+0080..U+009F). */
const char *
token_problem(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0')
			return "NUL byte inside a user id";
		if (is_space(c))
			return "whitespace inside a user id";
		if (c < 0x20 || c == 0x7f)
			return "control character inside a user id";
		if (c == 0xc2 && i + 1 < n) {
			unsigned char c2 = (unsigned char)s[i + 1];

			if (c2 == 0xa0)
				return "whitespace inside a user id";
			if (c2 >= 0x80 && c2 <= 0x9f)
				return "control character inside a user id";
		}
		if (c >= 0x80) {
			size_t k = zrx_utf8_seq((const unsigned char *)s + i, n - i);

			if (k == 0)
				return "a user id that is not valid UTF-8";
			i += k - 1;
		}
	}
	return NULL;
}

int
has_space_or_ctl(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c == 0x7f)
			return 1;
	}
	return 0;
}

int
opt_int(struct parser *p, enum opt_id id, const char *name, uint64_t lo,
    uint64_t hi, uint64_t *v)
{
	const char *s = p->val[id];

	if (zrx_parse_u64(s, strlen(s), v) < 0 || *v < lo || *v > hi)
		return usage(p, "--%s must be an integer from %llu to %llu "
		    "(got '%s')", name, (unsigned long long)lo,
		    (unsigned long long)hi, s);
	return 0;
}

/*
 * A size: digits, then an optional K, M, G or T (powers of 1024, any case),
 * then an optional "B" (or "iB" after a unit).  "256M", "1GiB", "4096".
 * 0 or -1 (bad syntax or overflow).
 */
int
parse_size(const char *s, uint64_t *v)
{
	uint64_t x = 0, mult = 1;
	const char *q = s;

	if (*q < '0' || *q > '9')
		return -1;
	for (; *q >= '0' && *q <= '9'; q++) {
		unsigned d = (unsigned)(*q - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	switch (*q) {
	case 'k': case 'K': mult = 1ull << 10; q++; break;
	case 'm': case 'M': mult = 1ull << 20; q++; break;
	case 'g': case 'G': mult = 1ull << 30; q++; break;
	case 't': case 'T': mult = 1ull << 40; q++; break;
	default: break;
	}
	if (mult > 1 && *q == 'i' && (q[1] == 'B' || q[1] == 'b'))
		q += 2;
	else if (*q == 'B' || *q == 'b')
		q++;
	if (*q != '\0')
		return -1;
	if (x > UINT64_MAX / mult)
		return -1;
	*v = x * mult;
	return 0;
}

/* A positive decimal number: digits with an optional fraction, no sign, no
 * exponent.  0 or -1. */
int
parse_decimal(const char *s, double *v)
{
	const char *q;
	int digits = 0, dots = 0;
	char *end;

	for (q = s; *q != '\0'; q++) {
		if (*q >= '0' && *q <= '9')
			digits++;
		else if (*q == '.' && dots == 0)
			dots++;
		else
			return -1;
	}
	if (digits == 0 || digits > 30)
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(*v))
		return -1;
	return 0;
}

int
parse_date_opt(struct parser *p, const char *name, const char *s, int32_t *days)
{
	size_t i;
	int shape = strlen(s) == 10;

	if (zrx_date_parse(s, days) == 0)
		return 0;
	for (i = 0; shape && i < 10; i++) {
		if (i == 4 || i == 7)
			shape = s[i] == '-';
		else
			shape = s[i] >= '0' && s[i] <= '9';
	}
	if (!shape)
		return usage(p, "--%s must be a date as YYYY-MM-DD (got '%s')",
		    name, s);
	if (strncmp(s, "1970", 4) < 0)
		return usage(p, "--%s must be 1970-01-01 or later (got '%s')",
		    name, s);
	return usage(p, "--%s: '%s' is not a calendar date", name, s);
}

/* An http(s) URL for option name, checked as the library checks it. */
int
check_url(struct parser *p, const char *name, const char *s)
{
	char buf[300];
	const char *why = zrx_url_problem(s, buf, sizeof(buf));

	if (why != NULL)
		return usage(p, "--%s%s", name, why);
	return 0;
}

int
check_readable_file(struct parser *p, const char *name, const char *path)
{
	struct stat st;
	int fd;

	if (*path == '\0')
		return usage(p, "--%s must not be empty", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return usage(p, "--%s: cannot read '%s': %s", name, path,
		    strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;

		(void)close(fd);
		return usage(p, "--%s: cannot read '%s': %s", name, path,
		    strerror(e));
	}
	if (close(fd) != 0)
		return usage(p, "--%s: cannot read '%s': %s", name, path,
		    strerror(errno));
	if (S_ISDIR(st.st_mode))
		return usage(p, "--%s: '%s' is a directory", name, path);
	return 0;
}

/* Read one users file (or stdin for "-") and add its ids. */
int
read_users_file(struct parser *p, const char *path)
{
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	FILE *f;
	char *line = NULL;
	size_t cap = 0, lineno = 0, ids = 0;
	ssize_t got;
	int rc = 0;

	if (*path == '\0')
		return usage(p, "--users must not be empty");
	if (strcmp(path, "-") == 0) {
		f = stdin;
	} else {
		f = fopen(path, "re");
		if (f == NULL)
			return usage(p, "--users: cannot read '%s': %s", path,
			    strerror(errno));
	}
	errno = 0;
	while ((got = getline(&line, &cap, f)) >= 0) {
		const char *s = line, *why;
		size_t n = (size_t)got;

		lineno++;
		if (lineno == 1 && n >= 3 &&
		    memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3; /* a UTF-8 byte-order mark */
			n -= 3;
		}
		trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		why = token_problem(s, n);
		if (why == NULL && n > MAX_ID_LEN)
			why = "user id longer than 256 bytes";
		if (why != NULL) {
			rc = usage(p, "%s:%zu: %s", shown, lineno, why);
			goto done;
		}
		{
			char *id = zrx_xstrndup(s, n);

			rc = set_str(p, "users", ZRX_OPT_USER, id);
			free(id);
			if (rc != 0)
				goto done;
		}
		ids++;
	}
	if (ferror(f)) {
		rc = usage(p, "--users: cannot read '%s': %s", shown,
		    strerror(errno ? errno : EIO));
		goto done;
	}
	if (ids == 0)
		rc = usage(p, "%s: no user ids in the file (only blank lines "
		    "and comments)", shown);
done:
	free(line);
	if (f != stdin && fclose(f) != 0 && rc == 0)
		rc = usage(p, "--users: cannot read '%s': %s", shown,
		    strerror(errno));
	return rc;
}

/* Read a token file: trimmed, one token, never printed. */
int
read_token_file(struct parser *p, const char *path, char **res)
{
	char *buf;
	size_t len = 0, n;
	const char *s;
	FILE *f;
	int rc = 0;

	if (*path == '\0')
		return usage(p, "--token-file must not be empty");
	f = fopen(path, "re");
	if (f == NULL)
		return usage(p, "--token-file: cannot read '%s': %s", path,
		    strerror(errno));
	buf = zrx_xmalloc(MAX_TOKEN_FILE + 1);
	while (len <= MAX_TOKEN_FILE &&
	    (n = fread(buf + len, 1, MAX_TOKEN_FILE + 1 - len, f)) > 0)
		len += n;
	if (ferror(f)) {
		rc = usage(p, "--token-file: cannot read '%s': %s", path,
		    strerror(errno ? errno : EIO));
		goto done;
	}
	if (len > MAX_TOKEN_FILE) {
		rc = usage(p, "--token-file '%s' is too large to hold a token",
		    path);
		goto done;
	}
	s = buf;
	trim(&s, &len);
	if (len == 0) {
		rc = usage(p, "--token-file '%s' is empty", path);
		goto done;
	}
	for (n = 0; n < len; n++) {
		unsigned char c = (unsigned char)s[n];

		if (c <= 0x20 || c == 0x7f) {
			rc = usage(p, "--token-file '%s' must hold one token "
			    "on one line, without spaces", path);
			goto done;
		}
	}
	*res = zrx_xstrndup(s, len);
done:
	explicit_bzero(buf, MAX_TOKEN_FILE + 1);
	free(buf);
	if (fclose(f) != 0 && rc == 0)
		rc = usage(p, "--token-file: cannot read '%s': %s", path,
		    strerror(errno));
	return rc;
}

/* An environment variable, trimmed; NULL when unset or blank.  Its value
 * is never printed. */
int
env_value(struct parser *p, const char *var, char **res)
{
	const char *s = getenv(var);
	size_t n, i;

	*res = NULL;
	if (s == NULL)
		return 0;
	n = strlen(s);
	trim(&s, &n);
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == 0x7f)
			return usage(p, "%s contains whitespace or a control "
			    "character", var);
	}
	*res = zrx_xstrndup(s, n);
	return 0;
}

