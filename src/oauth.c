/* oauth.c - the access token's lifecycle. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_tree.h>

#include "oauth.h"
#include "urlenc.h"

#define EARLY_MS 60000u
#define DEFAULT_TTL_S 3600u
#define MIN_TTL_S 60u
#define MAX_TTL_S 86400u

void
zrx_token_init(struct zrx_token *t, const struct zrx_config *cfg)
{
	struct zrx_buf b;

	memset(t, 0, sizeof(*t));
	if (cfg->access_token != NULL) {
		t->value = zrx_xstrdup(cfg->access_token);
		t->gen = 1;
		return;
	}
	t->s2s = 1;
	zrx_buf_init(&b);
	zrx_buf_puts(&b, "grant_type=account_credentials&account_id=");
	if (cfg->account_id != NULL)
		zrx_url_encode(&b, cfg->account_id, strlen(cfg->account_id));
	t->form = b.data;
}

static void
wipe(char **s)
{
	if (*s != NULL) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

void
zrx_token_free(struct zrx_token *t)
{
	if (t == NULL)
		return;
	wipe(&t->value);
	wipe(&t->form);
}

/* A token is not sent in its last moments (the answer would come too
 * late), and is refreshed early. */
static uint64_t
margin(const struct zrx_token *t, uint64_t cap)
{
	uint64_t m = t->ttl / 4;

	return m < cap ? m : cap;
}

int
zrx_token_usable(const struct zrx_token *t, uint64_t now)
{
	if (t->value == NULL)
		return 0;
	return t->expires == 0 || now + margin(t, 5000) / 2 < t->expires;
}

int
zrx_token_due(const struct zrx_token *t, uint64_t now)
{
	if (!t->s2s)
		return 0;
	return t->value == NULL || now + margin(t, EARLY_MS) >= t->expires;
}

void
zrx_token_drop(struct zrx_token *t, uint64_t gen)
{
	if (gen != t->gen)
		return; /* a newer token came meanwhile */
	wipe(&t->value);
	t->expires = 0;
}

int
zrx_token_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > ZRX_TOKEN_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f)
			return 0;
	}
	return 1;
}

/* expires_in as a whole number of seconds, saturating; 0 if absent or not
 * a non-negative integer. */
static uint64_t
read_expires(yajl_val root)
{
	const char *path[] = { "expires_in", NULL };
	yajl_val v = yajl_tree_get(root, path, yajl_t_number);
	uint64_t secs = 0;
	const char *s;

	if (v == NULL || (s = YAJL_GET_NUMBER(v)) == NULL)
		return 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (secs < UINT64_MAX / 100)
			secs = secs * 10 + (uint64_t)(*s - '0');
	}
	return *s == '\0' ? secs : 0;
}

int
zrx_token_accept(struct zrx_token *t, const struct zrx_buf *body, uint64_t now,
                 const char **why, const char **warn)
{
	const char *tok_path[] = { "access_token", NULL };
	yajl_val root, v;
	uint64_t secs;
	char *copy;

	*why = NULL;
	*warn = NULL;
	if (body->len == 0) {
		*why = "an empty answer";
		return -1;
	}
	copy = zrx_xstrndup(body->data, body->len);
	root = yajl_tree_parse(copy, NULL, 0);
	explicit_bzero(copy, body->len);
	free(copy);
	if (root == NULL) {
		*why = "an answer that is not JSON";
		return -1;
	}
	v = yajl_tree_get(root, tok_path, yajl_t_string);
	if (v == NULL || v->u.string == NULL ||
	    !zrx_token_valid(v->u.string, strlen(v->u.string))) {
		*why = "no usable access_token (it must be printable, without spaces, "
		    "at most 4096 bytes)";
		if (v != NULL && v->u.string != NULL)
			explicit_bzero(v->u.string, strlen(v->u.string));
		yajl_tree_free(root);
		return -1;
	}
	wipe(&t->value);
	t->value = zrx_xstrdup(v->u.string);
	explicit_bzero(v->u.string, strlen(v->u.string));
	secs = read_expires(root);
	yajl_tree_free(root);
	if (secs < MIN_TTL_S || secs > MAX_TTL_S) {
		*warn = "the token answer's expires_in is missing or implausible; "
		    "assuming 3600 seconds";
		secs = DEFAULT_TTL_S;
	}
	t->gen++;
	t->ttl = secs * 1000u;
	t->expires = now + t->ttl;
	return 0;
}

int
zrx_oauth_setup(CURL *e, const struct zrx_config *cfg, const char *form)
{
	int bad = 0;

	bad |= curl_easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDS, form) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERNAME, cfg->client_id) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PASSWORD, cfg->client_secret) != CURLE_OK;
	return bad ? -1 : 0;
}

const char *
zrx_oauth_blame(long status, const char *message)
{
	if (message != NULL && strcasestr(message, "account") != NULL)
		return "ZOOM_ACCOUNT_ID";
	if (status == 401 || (message != NULL && strcasestr(message, "client") != NULL))
		return "ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET";
	return "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET";
}
