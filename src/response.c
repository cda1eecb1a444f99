/* response.c - what comes back for an attempt: the body streamed to the
 * request's owner (2xx) or kept for its message (the first 64 KiB of an
 * error body), both bounded; the headers that matter; Zoom's error body. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_tree.h>

#include "response.h"

#define ERRBODY_KEEP 65536


size_t
zrx_resp_write_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct zrx_req *r = ud;
	size_t n = size * nmemb;

	r->cl->stats.bytes_in += n;
	r->body_bytes += n;
	if (r->status == 0 &&
	    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status) != CURLE_OK)
		r->status = 0;
	if (r->status >= 200 && r->status < 300 && !r->is_oauth) {
		if (r->body_bytes > ZRX_MAX_BODY) {
			snprintf(r->why, sizeof(r->why), "a response body larger than %u MiB",
			    ZRX_MAX_BODY >> 20);
			r->body_bad = 1;
			return 0; /* curl aborts the transfer */
		}
		if (r->on_body != NULL && r->on_body(r, p, n) < 0) {
			r->body_bad = 1;
			return 0;
		}
		return n;
	}
	/* error bodies (and the token answer): the first 64 KiB are kept */
	if (r->body_bytes > ZRX_MAX_ERRBODY) {
		snprintf(r->why, sizeof(r->why), "an error body larger than %u KiB",
		    ZRX_MAX_ERRBODY >> 10);
		r->body_bad = 1;
		return 0;
	}
	if (r->errbody.len < ERRBODY_KEEP) {
		size_t room = ERRBODY_KEEP - r->errbody.len;

		zrx_buf_append(&r->errbody, p, n < room ? n : room);
	}
	return n;
}

/* Copy a header's value (trimmed) if the line is "name: value". */
static int
header_value(const char *line, size_t n, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name), i, j;

	if (n <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return 0;
	i = nl + 1;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	j = n;
	while (j > i && isspace((unsigned char)line[j - 1]))
		j--;
	if (j - i >= outsz)
		j = i + outsz - 1;
	memcpy(out, line + i, j - i);
	out[j - i] = '\0';
	return 1;
}

void
zrx_resp_forget(struct zrx_req *r)
{
	r->retry_after[0] = r->rl_type[0] = r->rl_limit[0] = '\0';
	r->rl_remaining[0] = r->tracking_id[0] = '\0';
}

size_t
zrx_resp_header_cb(char *p, size_t size, size_t nmemb, void *ud)
{
	struct zrx_req *r = ud;
	size_t n = size * nmemb;

	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		/* a new response (after a 100 Continue, say): forget the last */
		zrx_resp_forget(r);
		r->status = 0;
		return n;
	}
	/* the first header that matches stops the search */
	(void)(header_value(p, n, "Retry-After", r->retry_after, sizeof(r->retry_after)) ||
	    header_value(p, n, "X-RateLimit-Type", r->rl_type, sizeof(r->rl_type)) ||
	    header_value(p, n, "X-RateLimit-Limit", r->rl_limit, sizeof(r->rl_limit)) ||
	    header_value(p, n, "X-RateLimit-Remaining", r->rl_remaining, sizeof(r->rl_remaining)) ||
	    header_value(p, n, "x-zm-trackingid", r->tracking_id, sizeof(r->tracking_id)));
	return n;
}

/* Zoom's error body {"code":N,"message":"..."}, or the OAuth server's
 * {"reason":"...","error":"..."}. */
void
zrx_resp_error(const struct zrx_req *r, struct zrx_result *res)
{
	const char *code_path[] = { "code", NULL };
	const char *msg_path[] = { "message", NULL };
	const char *reason_path[] = { "reason", NULL };
	yajl_val root, v;
	char *copy;

	res->code = -1;
	if (r->errbody.len == 0)
		return;
	copy = zrx_xstrndup(r->errbody.data, r->errbody.len);
	root = yajl_tree_parse(copy, NULL, 0);
	free(copy);
	if (root == NULL)
		return;
	v = yajl_tree_get(root, code_path, yajl_t_number);
	if (v != NULL && YAJL_IS_INTEGER(v) && YAJL_GET_INTEGER(v) >= 0 &&
	    YAJL_GET_INTEGER(v) <= 99999999)
		res->code = (long)YAJL_GET_INTEGER(v);
	v = yajl_tree_get(root, msg_path, yajl_t_string);
	if (v == NULL)
		v = yajl_tree_get(root, reason_path, yajl_t_string);
	if (v != NULL)
		snprintf(res->message, sizeof(res->message), "%s", YAJL_GET_STRING(v));
	yajl_tree_free(root);
}

