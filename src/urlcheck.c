/* urlcheck.c - what a base or OAuth URL may be. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "urlcheck.h"

int
zrx_host_is_loopback(const char *h, size_t n)
{
	char buf[64];
	struct in_addr a4;
	struct in6_addr a6;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, h, n);
	buf[n] = '\0';
	if (buf[0] == '[') {
		if (n < 3 || buf[n - 1] != ']')
			return 0;
		buf[n - 1] = '\0';
		if (inet_pton(AF_INET6, buf + 1, &a6) != 1)
			return 0;
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
	}
	/* exactly "localhost": "localhost." is a name for DNS to resolve */
	if (strcasecmp(buf, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, buf, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return 0;
}

static int
has_space_or_ctl(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c >= 0x7f)
			return 1;
	}
	return 0;
}

const char *
zrx_url_problem(const char *s, char *buf, size_t n)
{
	const char *auth, *end, *host, *hend, *q;
	int plain;

	if (*s == '\0')
		return " must not be empty";
	if (has_space_or_ctl(s))
		return ": a URL cannot contain whitespace, control characters or "
		    "non-ASCII bytes";
	if (strncasecmp(s, "https://", 8) == 0) {
		plain = 0;
		auth = s + 8;
	} else if (strncasecmp(s, "http://", 7) == 0) {
		plain = 1;
		auth = s + 7;
	} else {
		snprintf(buf, n, " must be an https:// URL (got '%s')", s);
		return buf;
	}
	if (strpbrk(s, "?#") != NULL) {
		snprintf(buf, n, " must not have a query or fragment (got '%s')", s);
		return buf;
	}
	end = auth + strcspn(auth, "/");
	host = auth;
	for (q = auth; q < end; q++)
		if (*q == '@')
			host = q + 1;
	if (*host == '[') {
		hend = memchr(host, ']', (size_t)(end - host));
		hend = hend != NULL ? hend + 1 : end;
	} else {
		hend = memchr(host, ':', (size_t)(end - host));
		if (hend == NULL)
			hend = end;
	}
	if (hend == host) {
		snprintf(buf, n, " has no host (got '%s')", s);
		return buf;
	}
	if (plain && !zrx_host_is_loopback(host, (size_t)(hend - host))) {
		snprintf(buf, n, ": plain http:// is refused for '%.*s', which is not a "
		    "loopback host; use https://", (int)(hend - host), host);
		return buf;
	}
	return NULL;
}
