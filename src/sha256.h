/* sha256.h - SHA-256 (FIPS 180-4). */
#ifndef ZRX_SHA256_H
#define ZRX_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct zrx_sha256 {
	uint32_t h[8];
	uint64_t total;
	unsigned char block[64];
	size_t used;
};

/* Start a new digest. */
void zrx_sha256_init(struct zrx_sha256 *s);
/* Absorb p[0..n); any split of the input into updates gives the same digest. */
void zrx_sha256_update(struct zrx_sha256 *s, const void *p, size_t n);
/* Write the 32-byte digest; s is wiped and must be re-initialised to reuse. */
void zrx_sha256_final(struct zrx_sha256 *s, unsigned char out[32]);
/* Lowercase hex of a digest into out[65]. */
void zrx_sha256_hex(const unsigned char d[32], char out[65]);
/* Digest of a whole file; 0, or -errno. */
int zrx_sha256_file(const char *path, char hex[65]) __attribute__((warn_unused_result));

#endif
