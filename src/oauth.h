/* oauth.h - Server-to-Server OAuth token requests (account_credentials). */
#ifndef ZRX_OAUTH_H
#define ZRX_OAUTH_H

#include <curl/curl.h>

#include "util.h"
#include "zrx.h"

/* The form body "grant_type=account_credentials&account_id=..."; caller owns
 * it (and should wipe it before freeing). */
char *oauth_form_body(const struct zrx_config *cfg);

/* Make easy a POST of body with Basic client_id:client_secret.  0 or -1. */
int oauth_setup(CURL *easy, const struct zrx_config *cfg, const char *body);

/* Read {"access_token":..., "expires_in":...} from body.  0 with *token
 * (caller owns, a secret) and *expires_in (seconds, 0 if absent), or -1. */
int oauth_parse(const struct zrx_buf *body, char **token, long *expires_in);

/* Which environment variables a refusal most likely points at, for the
 * error message ("ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET"...).  Static text. */
const char *oauth_blame(long status, const char *message);

#endif
