/* oauth.h - the access token's lifecycle: a fixed token, or
 * Server-to-Server OAuth (account_credentials) fetched, refreshed before it
 * expires, and dropped when the API refuses it. */
#ifndef ZRX_OAUTH_H
#define ZRX_OAUTH_H

#include <curl/curl.h>
#include <stdint.h>

#include "options.h"
#include "util.h"

#define ZRX_TOKEN_MAX 4096      /* longer than any token Zoom issues */

struct zrx_token {
	int s2s;                 /* fetched with OAuth (else fixed) */
	char *value;             /* the token (a secret); NULL: none yet */
	uint64_t gen;            /* bumped with every new token */
	uint64_t expires;        /* monotonic ms; 0: never (a fixed token) */
	uint64_t ttl;            /* lifetime of the current token, ms */
	char *form;              /* the token request's form body */
};

/* A fixed token from cfg, or ready to fetch one.  Never fails. */
void zrx_token_init(struct zrx_token *t, const struct zrx_config *cfg);

/* Wipe and free what t holds.  NULL ok. */
void zrx_token_free(struct zrx_token *t);

/* 1 if the token may be sent at now (present, not in its last moments). */
int zrx_token_usable(const struct zrx_token *t, uint64_t now);

/* 1 if a new token should be fetched at now: none, or it expires within
 * 60 s (a quarter of its life when that is shorter), as Zoom's SDK does. */
int zrx_token_due(const struct zrx_token *t, uint64_t now);

/* The API refused token generation gen: drop it if it is still current. */
void zrx_token_drop(struct zrx_token *t, uint64_t gen);

/*
 * Take a token answer {"access_token":..., "expires_in":...}.  0 when the
 * token is usable (printable ASCII without spaces, at most ZRX_TOKEN_MAX
 * bytes); -1 otherwise with *why set.  expires_in is read saturating; a
 * value outside 60..86400 s (or absent) is implausible and 3600 is assumed,
 * with *warn set to say so (NULL when all was well).
 */
int zrx_token_accept(struct zrx_token *t, const struct zrx_buf *body, uint64_t now,
                     const char **why, const char **warn) ZRX_WUR;

/* 1 if s[0..n) is a plausible bearer token: 1..ZRX_TOKEN_MAX bytes of
 * printable ASCII, no space or control character. */
int zrx_token_valid(const char *s, size_t n);

/* Make easy a POST of the token form with Basic client_id:client_secret.
 * 0 or -1. */
int zrx_oauth_setup(CURL *easy, const struct zrx_config *cfg, const char *form) ZRX_WUR;

/* Which environment variables a refusal most likely points at, for the
 * error message ("ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET"...).  Static text. */
const char *zrx_oauth_blame(long status, const char *message);

#endif
