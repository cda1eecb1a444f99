/* hash.h - SHA-256 through OpenSSL's libcrypto (EVP), which uses the CPU's
 * SHA extensions where there are some: manifests' part digests, the
 * catalog's fingerprints, the keys of meetings without a uuid. */
#ifndef ZRX_HASH_H
#define ZRX_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct zrx_sha256 {
	void *ctx; /* EVP_MD_CTX */
};

/* Start a new digest (allocation failure is out of memory, as everywhere). */
void zrx_sha256_init(struct zrx_sha256 *s);
/* Absorb p[0..n); any split of the input into updates gives the same digest. */
void zrx_sha256_update(struct zrx_sha256 *s, const void *p, size_t n);
/* Write the 32-byte digest and release s; zrx_sha256_init to reuse. */
void zrx_sha256_final(struct zrx_sha256 *s, unsigned char out[32]);
/* The digest of p[0..n) in one call. */
void zrx_sha256(const void *p, size_t n, unsigned char out[32]);
/* Lowercase hex of a digest into out[65]. */
void zrx_sha256_hex(const unsigned char d[32], char out[65]);
/* Digest of a whole file; 0, or -errno. */
int zrx_sha256_file(const char *path, char hex[65]) ZRX_WUR;

#endif
