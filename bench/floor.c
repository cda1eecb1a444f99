/* floor.c - the least CPU an export can take: yajl parsing the response
 * bodies (every event delivered to a callback that does nothing) plus zlib
 * deflating the uncompressed output at the same level, nothing else.
 *
 *   floor BODIES OUTPUT LEVEL
 *
 * BODIES holds response bodies, each as "<length>\n<bytes>"; OUTPUT is the
 * uncompressed export.  Both are read into memory first; only parsing and
 * deflating are timed, with the process CPU clock.  Prints one line:
 *   bodies N bytes B parse_s P output_bytes O gzip_bytes G deflate_s D cpu_s C
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yajl/yajl_parse.h>
#include <zlib.h>

static int on_null(void *c) { (void)c; return 1; }
static int on_bool(void *c, int b) { (void)c; (void)b; return 1; }
static int on_number(void *c, const char *s, size_t n) { (void)c; (void)s; (void)n; return 1; }
static int on_string(void *c, const unsigned char *s, size_t n) { (void)c; (void)s; (void)n; return 1; }
static int on_map(void *c) { (void)c; return 1; }

/* numbers as text, as zrx reads them (no conversion) */
static const yajl_callbacks cbs = {
	on_null, on_bool, NULL, NULL, on_number, on_string,
	on_map, on_string, on_map, on_map, on_map
};

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fprintf(stderr, "floor: out of memory\n");
				exit(1);
			}
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		fprintf(stderr, "floor: %s: read error\n", path);
		exit(1);
	}
	fclose(f);
	*len = n;
	return buf;
}

int
main(int argc, char **argv)
{
	unsigned char *bodies, *out, *p, *end, *zbuf;
	size_t blen, olen, nbodies = 0, parsed = 0, zlen = 0;
	double t0, parse_s, deflate_s;
	z_stream z;
	int level, rc;

	if (argc != 4) {
		fprintf(stderr, "usage: floor BODIES OUTPUT LEVEL\n");
		return 2;
	}
	level = atoi(argv[3]);
	bodies = slurp(argv[1], &blen);
	out = slurp(argv[2], &olen);

	t0 = cpu_now();
	p = bodies;
	end = bodies + blen;
	while (p < end) {
		char *nl;
		unsigned long n = strtoul((char *)p, &nl, 10);
		yajl_handle h;

		if (*nl != '\n' || n > (size_t)(end - (unsigned char *)nl - 1)) {
			fprintf(stderr, "floor: %s: malformed at byte %zu\n", argv[1],
			    (size_t)(p - bodies));
			return 1;
		}
		p = (unsigned char *)nl + 1;
		h = yajl_alloc(&cbs, NULL, NULL);
		if (yajl_parse(h, p, n) != yajl_status_ok || yajl_complete_parse(h) != yajl_status_ok) {
			fprintf(stderr, "floor: body %zu is not JSON\n", nbodies);
			return 1;
		}
		yajl_free(h);
		p += n;
		parsed += n;
		nbodies++;
	}
	parse_s = cpu_now() - t0;

	zbuf = malloc(1 << 16);
	memset(&z, 0, sizeof(z));
	t0 = cpu_now();
	if (zbuf == NULL || deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 1;
	z.next_in = out;
	z.avail_in = (uInt)olen; /* exports under 4 GiB */
	do {
		z.next_out = zbuf;
		z.avail_out = 1 << 16;
		rc = deflate(&z, Z_FINISH);
		zlen += (1 << 16) - z.avail_out;
	} while (rc == Z_OK);
	deflateEnd(&z);
	deflate_s = cpu_now() - t0;
	if (rc != Z_STREAM_END)
		return 1;
	printf("bodies %zu bytes %zu parse_s %.3f output_bytes %zu gzip_bytes %zu deflate_s %.3f "
	    "cpu_s %.3f\n", nbodies, parsed, parse_s, olen, zlen, deflate_s, parse_s + deflate_s);
	free(zbuf);
	free(bodies);
	free(out);
	return 0;
}
