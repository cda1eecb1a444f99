/* fuzz_usersfile.c - the users file reader of the command line (--users).
 *
 * Input: the bytes of a users file.  Properties: the command line either
 * takes it (exit 0) or refuses it as a usage error (2) and nothing else;
 * every id it takes is one the library accepts too (zrx_user_id_problem),
 * appears trimmed in the file, and is there once; a refusal names the
 * file and line and prints no raw control byte of the file. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fuzzcheck.h"
#include "handle.h"
#include "options.h"
#include "usersrc.h"
#include "util.h"

static char *path;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	char *dir;

	(void)argc;
	(void)argv;
	dir = zrx_xasprintf("%s/zrx-fuzz-users-XXXXXX", base != NULL ? base : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	path = zrx_xasprintf("%s/users.txt", dir);
	free(dir);
	unsetenv("ZOOM_ACCOUNT_ID");
	unsetenv("ZOOM_CLIENT_ID");
	unsetenv("ZOOM_CLIENT_SECRET");
	setenv("ZOOM_ACCESS_TOKEN", "fuzz-token", 1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[] = { (char *)"zrx", (char *)"export", (char *)"--users", path,
	    (char *)"--from", (char *)"2024-01-01", NULL };
	struct zrx_cli cli;
	char *out = NULL, *err = NULL;
	size_t olen = 0, elen = 0, i, k;
	FILE *o, *e;
	int fd, rc;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FZ_ASSERT(fd >= 0);
	FZ_ASSERT(size == 0 || write(fd, data, size) == (ssize_t)size);
	FZ_ASSERT(close(fd) == 0);

	memset(&cli, 0, sizeof(cli));
	o = open_memstream(&out, &olen);
	e = open_memstream(&err, &elen);
	FZ_ASSERT(o != NULL && e != NULL);
	rc = zrx_cli_parse(&cli, 6, argv, o, e);
	fclose(o);
	fclose(e);
	FZ_ASSERT(rc == 0 || rc == ZRX_EXIT_USAGE);
	if (rc == 0) {
		const struct zrx_config *cfg = zrx_handle_config(cli.h);

		FZ_ASSERT(cfg->nusers >= 1);
		for (i = 0; i < cfg->nusers; i++) {
			const char *u = cfg->users[i];
			size_t n = strlen(u);

			FZ_ASSERT(zrx_user_id_problem(u, n) == NULL);
			FZ_ASSERT(memmem(data, size, u, n) != NULL);
			for (k = 0; k < i; k++)
				FZ_ASSERT(strcmp(cfg->users[k], u) != 0);
		}
	} else {
		FZ_ASSERT(cli.h == NULL);
		FZ_ASSERT(elen > 0);
		FZ_ASSERT(strstr(err, path) != NULL || strstr(err, "users") != NULL);
		for (i = 0; i < elen; i++) {
			unsigned char c = (unsigned char)err[i];

			FZ_ASSERT(c == '\n' || (c >= 0x20 && c != 0x7f));
		}
	}
	zrx_cli_free(&cli);
	free(out);
	free(err);
	return 0;
}
