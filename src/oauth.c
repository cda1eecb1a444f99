/* oauth.c - Server-to-Server OAuth token requests. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_tree.h>

#include "oauth.h"
#include "urlenc.h"

char *
oauth_form_body(const struct zrx_config *cfg)
{
	struct zrx_buf b;

	zrx_buf_init(&b);
	zrx_buf_puts(&b, "grant_type=account_credentials&account_id=");
	zrx_url_encode(&b, cfg->account_id, strlen(cfg->account_id));
	return b.data;
}

int
oauth_setup(CURL *e, const struct zrx_config *cfg, const char *body)
{
	int bad = 0;

	bad |= curl_easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDS, body) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERNAME, cfg->client_id) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PASSWORD, cfg->client_secret) != CURLE_OK;
	return bad ? -1 : 0;
}

int
oauth_parse(const struct zrx_buf *body, char **token, long *expires_in)
{
	const char *tok_path[] = { "access_token", NULL };
	const char *exp_path[] = { "expires_in", NULL };
	yajl_val root, v;
	char *copy;

	if (body->len == 0)
		return -1;
	copy = zrx_xstrndup(body->data, body->len);
	root = yajl_tree_parse(copy, NULL, 0);
	memset(copy, 0, body->len);
	free(copy);
	if (root == NULL)
		return -1;
	v = yajl_tree_get(root, tok_path, yajl_t_string);
	if (v == NULL || v->u.string == NULL || v->u.string[0] == '\0') {
		yajl_tree_free(root);
		return -1;
	}
	*token = zrx_xstrdup(v->u.string);
	memset(v->u.string, 0, strlen(v->u.string));
	v = yajl_tree_get(root, exp_path, yajl_t_number);
	*expires_in = (v != NULL && YAJL_IS_INTEGER(v)) ? (long)YAJL_GET_INTEGER(v) : 0;
	yajl_tree_free(root);
	return 0;
}

const char *
oauth_blame(long status, const char *message)
{
	if (message != NULL && strcasestr(message, "account") != NULL)
		return "ZOOM_ACCOUNT_ID";
	if (status == 401 || (message != NULL && strcasestr(message, "client") != NULL))
		return "ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET";
	return "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET";
}
