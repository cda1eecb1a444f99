/* hash.c - SHA-256 through libcrypto's EVP interface. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include "hash.h"

void
zrx_sha256_init(struct zrx_sha256 *s)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		zrx_oom(sizeof(*s));
	s->ctx = ctx;
}

void
zrx_sha256_update(struct zrx_sha256 *s, const void *p, size_t n)
{
	/* SHA-256 over memory cannot fail once initialised */
	(void)EVP_DigestUpdate(s->ctx, p, n);
}

void
zrx_sha256_final(struct zrx_sha256 *s, unsigned char out[32])
{
	unsigned int len = 32;

	(void)EVP_DigestFinal_ex(s->ctx, out, &len);
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

void
zrx_sha256(const void *p, size_t n, unsigned char out[32])
{
	unsigned int len = 32;

	if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1)
		zrx_oom(n);
}

void
zrx_sha256_hex(const unsigned char d[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

int
zrx_sha256_file(const char *path, char hex[65])
{
	struct zrx_sha256 s;
	unsigned char buf[65536], d[32];
	ssize_t got;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	zrx_sha256_init(&s);
	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			zrx_sha256_final(&s, d);
			(void)close(fd);
			return err;
		}
		if (got == 0)
			break;
		zrx_sha256_update(&s, buf, (size_t)got);
	}
	zrx_sha256_final(&s, d);
	if (close(fd) != 0)
		return -errno;
	zrx_sha256_hex(d, hex);
	return 0;
}
