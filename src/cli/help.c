/* help.c - the help texts of zrx and its commands (kept under 80 columns;
 * the defaults shown match the library's). */
#include "config.h"

#include <string.h>

#include "cliopt.h"

static const char help_auth[] =
"Authentication (never on the command line), first match wins:\n"
"      --token-file FILE    a fixed access token read from FILE\n"
"  ZOOM_ACCESS_TOKEN        a fixed access token (environment)\n"
"  ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET\n"
"                           Server-to-Server OAuth (environment); the token\n"
"                           is fetched and refreshed as needed\n";

static const char help_exit[] =
"Exit status:\n"
"  0  every user exported\n"
"  1  fatal runtime error (disk full, cannot write, internal error)\n"
"  2  usage error or bad input (nothing was requested)\n"
"  3  finished, but some users failed (see the errors file)\n"
"  4  authentication failed (credentials rejected, token refused)\n"
"  5  interrupted by SIGINT/SIGTERM; state saved, rerun resumes\n"
"  6  the account's daily rate limit is reached; state saved, rerun after\n"
"     the time printed\n";

static const char help_main[] =
"Usage: zrx COMMAND [OPTIONS]\n"
"\n"
"Export the cloud-recording listings of a whole Zoom account to NDJSON or\n"
"CSV, optionally gzip-compressed; crash-safe and resumable.\n"
"\n"
"Commands:\n"
"  export           list the recordings of many users\n"
"  users            list the account's users\n"
"  sync             the incremental feed: what changed since the last run\n"
"  report           the compliance report of a catalog or of exports\n"
"  help [COMMAND]   show the help of zrx or of a command\n"
"\n"
"Options:\n"
"  -h, --help       show this help\n"
"  -V, --version    print the version\n"
"\n";

static const char help_main_tail[] =
"\n"
"Run 'zrx help export' or 'zrx export --help' for the options of a command.\n";

/* The network options, the same for both commands. */
static const char help_network[] =
"Network and limits:\n"
"      --base-url URL       API base [https://api.zoom.us/v2]\n"
"      --oauth-url URL      token endpoint [https://zoom.us/oauth/token]\n"
"                           (plain http:// only for a loopback host)\n"
"      --rate R             requests per second, all requests [10]\n"
"      --burst B            requests allowed at once, >= 1 [R, rounded up]\n"
"      --concurrency N      most requests in flight, 1..1024 [128]; zrx keeps\n"
"                           rate x latency x 1.5 in flight, within it\n"
"      --timeout S          seconds per request, 1..86400 [120]\n"
"      --connect-timeout S  seconds to connect, 1..3600 [10]\n"
"      --stall-timeout S    abort a response idle this long, 1..86400 [60]\n"
"      --retries N          retries per request, 0..100 [6]\n"
"      --cacert FILE        CA certificates [the system store]\n"
"\n";

static const char help_export[] =
"Usage: zrx export WHO --from YYYY-MM-DD [--to YYYY-MM-DD] [OPTIONS]\n"
"       zrx export WHO --trash [OPTIONS]\n"
"  WHO is --user ID (repeatable), --users FILE, or --all-users.\n"
"\n"
"List the cloud recordings of many users and write them as NDJSON (one\n"
"meeting per line) or CSV (one recording file per row).  Running the same\n"
"command again after a crash or an interrupt resumes where it stopped.\n"
"\n"
"Who:\n"
"      --user ID            a user id or e-mail; repeatable\n"
"      --users FILE         ids or e-mails, one per line, '-' = stdin; blank\n"
"                           lines and '#' comments are ignored; repeatable,\n"
"                           combined with --user; duplicates collapse\n"
"      --all-users          every user of the account (GET /users)\n"
"      --user-status LIST   with --all-users: comma list of active, inactive,\n"
"                           pending [active,inactive]\n"
"\n"
"When and what:\n"
"      --from YYYY-MM-DD    first day, UTC (required unless --trash)\n"
"      --to YYYY-MM-DD      last day, inclusive, UTC [today]\n"
"      --trash              list the trash instead (dates do not apply)\n"
"      --trash-type TYPE    with --trash: meeting_recordings or\n"
"                           recording_file [the API's default]\n"
"      --mc[=true|false]    pass mc to the API (--mc means true) [not sent]\n"
"      --meeting-id ID      pass meeting_id to the API [not sent]\n"
"      --page-size N        records per page, 1..300 [300]\n"
"\n"
"Output:\n"
"  -o, --output PATH        output file, '-' = stdout [-]; the suffix picks\n"
"                           the format (.ndjson, .jsonl, .csv) and gzip (.gz)\n"
"      --format FMT         ndjson or csv [from the suffix, else ndjson]\n"
"      --gzip[=LEVEL]       gzip at LEVEL 0..9 [6 for a .gz suffix]\n"
"      --no-gzip            do not compress [without a .gz suffix]\n"
"      --split-bytes SIZE   new part past SIZE bytes (K, M, G, T; min 1K):\n"
"                           NAME-00000.ndjson.gz, ... [one file]\n"
"      --manifest PATH      summary of the run [NAME.manifest.json]\n"
"      --errors PATH        users that failed [NAME.errors.ndjson]\n"
"      --force              overwrite an output that has no state file\n"
"  NAME is PATH without its format and .gz suffixes.  With stdout there is\n"
"  no manifest, no errors file and no state unless given.\n"
"\n"
"Resume:\n"
"      --state PATH         resume journal [NAME.state]; not with stdout\n"
"      --restart            discard a state written by a different query\n"
"\n";

static const char help_export_tail[] =
"\n"
"Reporting (stderr only):\n"
"  -q, --quiet              errors only: no progress line, no summary\n"
"  -v, --verbose            more detail; repeat for more\n"
"      --progress WHEN      auto, always or never [auto: live line on a\n"
"                           terminal, a plain line every 10 s otherwise]\n"
"      --log-format FMT     text or json [text]\n"
"\n"
"Tuning:\n"
"      --spill-bytes SIZE   per-user buffer before it spills to disk [8M]\n"
"      --tmpdir DIR         spill files [beside the output, else $TMPDIR]\n"
"      --commit-interval MS group commit period, 0..600000 [1000]\n"
"\n"
"  -h, --help               show this help\n"
"\n";

static const char help_users[] =
"Usage: zrx users [OPTIONS]\n"
"\n"
"List the users of the account (GET /users) as NDJSON (one user per line)\n"
"or CSV.\n"
"\n"
"Options:\n"
"      --user-status LIST   comma list of active, inactive, pending\n"
"                           [active,inactive]\n"
"      --page-size N        records per page, 1..300 [300]\n"
"  -o, --output PATH        output file, '-' = stdout [-]; the suffix picks\n"
"                           the format (.ndjson, .jsonl, .csv) and gzip (.gz)\n"
"      --format FMT         ndjson or csv [from the suffix, else ndjson]\n"
"      --gzip[=LEVEL]       gzip at LEVEL 0..9 [6 for a .gz suffix]\n"
"      --no-gzip            do not compress [without a .gz suffix]\n"
"      --force              overwrite an existing output\n"
"\n";

static const char help_users_tail[] =
"\n"
"Reporting (stderr only):\n"
"  -q, --quiet              errors only: no progress line, no summary\n"
"  -v, --verbose            more detail; repeat for more\n"
"      --progress WHEN      auto, always or never [auto]\n"
"      --log-format FMT     text or json [text]\n"
"\n"
"  -h, --help               show this help\n"
"\n";

static const char help_sync[] =
"Usage: zrx sync --dir DIR WHO [--since YYYY-MM-DD] [--lookback DAYS] [OPTIONS]\n"
"  WHO is --user ID (repeatable), --users FILE, or --all-users.\n"
"\n"
"The incremental feed: each run lists, per user, the days since the last\n"
"completed run (minus the lookback) and the user's trash, compares them with\n"
"the catalog DIR/catalog.sqlite, and writes only what changed (inserts,\n"
"updates, deletes) as DIR/batches/NNNNNN.ndjson.gz.  The first run is a\n"
"full export from --since.  Run it every day; rerun after a crash or an\n"
"interrupt to complete the same batch.\n"
"\n"
"Feed:\n"
"      --dir DIR            the feed's directory (created if missing)\n"
"      --since YYYY-MM-DD   first run only: the first day [365 days ago];\n"
"                           accepted and ignored on later runs\n"
"      --lookback DAYS      days re-listed before the last completed run,\n"
"                           0..3650 [30]\n"
"      --format FMT         ndjson or csv [ndjson]\n"
"      --gzip[=LEVEL]       gzip at LEVEL 0..9 [6]\n"
"      --no-gzip            plain batches\n"
"\n"
"Who:\n"
"      --user ID            a user id or e-mail; repeatable\n"
"      --users FILE         ids or e-mails, one per line, '-' = stdin\n"
"      --all-users          every user of the account (GET /users)\n"
"      --user-status LIST   with --all-users: active, inactive, pending\n"
"                           [active,inactive]\n"
"      --page-size N        records per page, 1..300 [300]\n"
"\n";

static const char help_sync_tail[] =
"\n"
"Reporting (stderr only):\n"
"  -q, --quiet              errors only: no progress line, no summary\n"
"  -v, --verbose            more detail; repeat for more\n"
"      --progress WHEN      auto, always or never [auto]\n"
"      --log-format FMT     text or json [text]\n"
"\n"
"Tuning:\n"
"      --spill-bytes SIZE   per-user buffer before it spills to disk [8M]\n"
"      --tmpdir DIR         spill files [the feed's directory]\n"
"      --commit-interval MS group commit period, 0..600000 [1000]\n"
"\n"
"Rehearsals: ZRX_NOW=YYYY-MM-DDTHH:MM:SSZ makes the run take that instant as\n"
"now, to match zrx-sim --now.\n"
"\n"
"  -h, --help               show this help\n"
"\n";

static const char help_report[] =
"Usage: zrx report FILE... [OPTIONS]\n"
"       zrx report --dir DIR [OPTIONS]\n"
"\n"
"The compliance report: one self-contained HTML page (inline CSS and SVG\n"
"charts, no script, nothing fetched, prints on A4), or the same figures as\n"
"JSON.  Account totals; meetings and storage per month; storage by user\n"
"and by department; file types; ages and what is past the retention\n"
"policy; what the trash purges within 7 days; files not completed;\n"
"meetings without a play passcode.  Nothing is requested from Zoom.\n"
"\n"
"Input:\n"
"  FILE...                  export outputs: NDJSON or CSV (told apart by their\n"
"                           first bytes), gzip or not, split parts; a path\n"
"                           ending in .json is a manifest and stands for its\n"
"                           parts (beside it, sizes checked).  A trash export\n"
"                           (export --trash) feeds the trash section.  CSV has\n"
"                           no passcode column: that section says so\n"
"      --dir DIR            the directory of a `zrx sync` feed: its\n"
"                           catalog.sqlite (schema version 1), read only\n"
"      --users FILE         a `zrx users` NDJSON output (gzip or not): names,\n"
"                           and departments from its \"dept\"\n"
"\n"
"Figures:\n"
"      --as-of YYYY-MM-DD   the day ages, retention and the trash window are\n"
"                           counted from [today, UTC]; give it to reproduce a\n"
"                           report\n"
"      --retention DAYS     the retention policy, 1..36500: meetings older\n"
"                           than DAYS, per user [none]\n"
"\n"
"Output:\n"
"  -o, --output PATH        report.html, or a path ending in .json for JSON;\n"
"                           '-' = HTML on stdout [-].  Written atomically,\n"
"                           mode 0600\n"
"      --force              overwrite an existing report\n"
"  -q, --quiet              errors only\n"
"  -v, --verbose            more detail\n"
"      --log-format FMT     text or json [text]\n"
"  -h, --help               show this help\n"
"\n"
"Every figure is defined in the README, \"Compliance report\", and zrx(1).\n"
"\n";

void
print_help(FILE *out, const char *cmd)
{
	if (cmd == NULL) {
		fputs(help_main, out);
		fputs(help_auth, out);
		fputs("\n", out);
		fputs(help_exit, out);
		fputs(help_main_tail, out);
	} else if (strcmp(cmd, "export") == 0) {
		fputs(help_export, out);
		fputs(help_network, out);
		fputs(help_auth, out);
		fputs(help_export_tail, out);
		fputs(help_exit, out);
	} else if (strcmp(cmd, "sync") == 0) {
		fputs(help_sync, out);
		fputs(help_network, out);
		fputs(help_auth, out);
		fputs(help_sync_tail, out);
		fputs(help_exit, out);
	} else if (strcmp(cmd, "report") == 0) {
		fputs(help_report, out);
		fputs(help_exit, out);
	} else {
		fputs(help_users, out);
		fputs(help_network, out);
		fputs(help_auth, out);
		fputs(help_users_tail, out);
		fputs(help_exit, out);
	}
}

