/* main.c - zrx-sim's command line: serve, truth, list-users. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "dates.h"
#include "data.h"
#include "api.h"
#include "faults.h"
#include "http.h"
#include "truth.h"
#include "timeline.h"
#include "clock.h"

enum mode { MODE_SERVE, MODE_TRUTH, MODE_LIST };

enum {
	OPT_SEED = 256, OPT_USERS, OPT_USER_COUNT, OPT_USERS_FILE, OPT_START,
	OPT_END, OPT_HEAVY, OPT_BIG_USER, OPT_MPM, OPT_HOST, OPT_PORT,
	OPT_CLIENT_ID, OPT_CLIENT_SECRET, OPT_ACCOUNT_ID, OPT_TOKEN_TTL,
	OPT_ACCESS_TOKEN, OPT_PAGE_TOKEN_TTL, OPT_MAX_RANGE_DAYS, OPT_TO_SEMANTICS, OPT_RATE,
	OPT_BURST, OPT_DAILY_LIMIT, OPT_LATENCY, OPT_FAULT_SEED, OPT_P_5XX,
	OPT_P_RESET, OPT_P_RESET_BODY, OPT_P_SHORT_BODY, OPT_P_STALL,
	OPT_P_BAD_JSON, OPT_P_CHUNKED, OPT_P_EXPIRE_PAGE, OPT_FROM, OPT_TO, OPT_USER_STATUS,
	OPT_TRASH, OPT_TRASH_TYPE, OPT_MEETING_ID, OPT_KIND, OPT_STATUS,
	OPT_MESSY,
	OPT_FIELD, OPT_NOW, OPT_UNAVAILABLE, OPT_HELP, OPT_VERSION,
};

static const struct option longopts[] = {
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "users", required_argument, NULL, OPT_USERS },
	{ "user-count", required_argument, NULL, OPT_USER_COUNT },
	{ "users-file", required_argument, NULL, OPT_USERS_FILE },
	{ "start", required_argument, NULL, OPT_START },
	{ "end", required_argument, NULL, OPT_END },
	{ "heavy", required_argument, NULL, OPT_HEAVY },
	{ "big-user", required_argument, NULL, OPT_BIG_USER },
	{ "meetings-per-month", required_argument, NULL, OPT_MPM },
	{ "messy", no_argument, NULL, OPT_MESSY },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "client-id", required_argument, NULL, OPT_CLIENT_ID },
	{ "client-secret", required_argument, NULL, OPT_CLIENT_SECRET },
	{ "account-id", required_argument, NULL, OPT_ACCOUNT_ID },
	{ "token-ttl", required_argument, NULL, OPT_TOKEN_TTL },
	{ "access-token", required_argument, NULL, OPT_ACCESS_TOKEN },
	{ "page-token-ttl", required_argument, NULL, OPT_PAGE_TOKEN_TTL },
	{ "max-range-days", required_argument, NULL, OPT_MAX_RANGE_DAYS },
	{ "to-semantics", required_argument, NULL, OPT_TO_SEMANTICS },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "daily-limit", required_argument, NULL, OPT_DAILY_LIMIT },
	{ "latency-ms", required_argument, NULL, OPT_LATENCY },
	{ "fault-seed", required_argument, NULL, OPT_FAULT_SEED },
	{ "p-5xx", required_argument, NULL, OPT_P_5XX },
	{ "p-reset", required_argument, NULL, OPT_P_RESET },
	{ "p-reset-body", required_argument, NULL, OPT_P_RESET_BODY },
	{ "p-short-body", required_argument, NULL, OPT_P_SHORT_BODY },
	{ "p-stall", required_argument, NULL, OPT_P_STALL },
	{ "p-bad-json", required_argument, NULL, OPT_P_BAD_JSON },
	{ "p-chunked", required_argument, NULL, OPT_P_CHUNKED },
	{ "p-expire-page-token", required_argument, NULL, OPT_P_EXPIRE_PAGE },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "user-status", required_argument, NULL, OPT_USER_STATUS },
	{ "trash", no_argument, NULL, OPT_TRASH },
	{ "trash-type", required_argument, NULL, OPT_TRASH_TYPE },
	{ "meeting-id", required_argument, NULL, OPT_MEETING_ID },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "field", required_argument, NULL, OPT_FIELD },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "unavailable-user", required_argument, NULL, OPT_UNAVAILABLE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static const char usage_text[] =
"Usage: zrx-sim [serve] [OPTIONS]          serve the simulated Zoom API\n"
"       zrx-sim truth [OPTIONS]            print the truth for a query\n"
"       zrx-sim list-users [OPTIONS]       print the users, one per line\n"
"       zrx-sim --help | --version\n"
"\n"
"Dataset (the same meaning in every mode; the data is a pure function of them):\n"
"  --seed N                 dataset seed (default 1)\n"
"  --users N                ordinary users (default 20); alias --user-count N\n"
"  --start YYYY-MM-DD       first meeting date (default 2024-01-01)\n"
"  --end YYYY-MM-DD         last meeting date (default 2024-12-31)\n"
"  --heavy N                users with months of 300+ meetings\n"
"                           (default 1 + users/50, 0 without users)\n"
"  --big-user N             add big@example.com, active, with N meetings (default 0)\n"
"  --meetings-per-month N   mean meetings per ordinary user and month (default 4)\n"
"  --now TIME               serve (or print) the account as it stands at TIME,\n"
"                           YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD (00:00:00Z);\n"
"                           without it there is no time: nothing ever changes\n"
"  --messy                  about 6% of meetings, and their files, get values\n"
"                           no schema expects: times that are no timestamp (\"\",\n"
"                           null, \"TBD\", garbage, absent), odd types, ids and\n"
"                           sizes past 2^63, negative or fractional sizes,\n"
"                           files without id or size, nested unknown keys\n"
"\n"
"Server:\n"
"  --host ADDR              listen address (default 127.0.0.1)\n"
"  --port N                 port, 0 = a free one (default 0); printed on stdout\n"
"  --client-id S            expected client id (default sim-client-id)\n"
"  --client-secret S        expected client secret (default sim-client-secret)\n"
"  --account-id S           expected account id (default sim-account-id)\n"
"  --token-ttl S            access token lifetime, seconds (default 3600)\n"
"  --access-token TOKEN     an extra bearer token that is always valid\n"
"  --max-range-days N       clamp recordings ranges to N days instead of\n"
"                           one calendar month (0: a month)\n"
"  --page-token-ttl S       next_page_token lifetime from the answer that\n"
"                           carried it, seconds (default 900)\n"
"  --to-semantics inclusive|exclusive\n"
"                           whether `to` includes its own day (default inclusive)\n"
"  -v, --verbose            log each request line and status on stderr\n"
"\n"
"Misbehaviour (on /v2 requests only):\n"
"  --rate R --burst B       token bucket, R requests/s (0 = off, default), burst B\n"
"                           (default max(1, R)); over it: 429 QPS\n"
"  --daily-limit N          429 Daily-limit after N successful requests (0 = off)\n"
"  --latency-ms MIN[-MAX]   delay before each answer (default 0)\n"
"  --fault-seed N           seed of the fault generator (default 1)\n"
"  --p-5xx P                500/502/503/504 with a JSON or HTML body\n"
"  --p-reset P              close without answering\n"
"  --p-reset-body P         headers and part of the body, then close\n"
"  --p-short-body P         Content-Length beyond the body sent, then close\n"
"  --p-stall P              headers and part of the body, then silence\n"
"  --p-bad-json P           200 with a body that is not valid JSON\n"
"  --p-chunked P            correct answer in chunks of 1..7 bytes\n"
"  --p-expire-page-token P  refuse a valid next_page_token as expired\n"
"                           (probabilities in [0,1], default 0)\n"
"  --unavailable-user ID    that user's recordings answer 503, always\n"
"                           (repeatable; an id or an e-mail)\n"
"\n"
"truth:\n"
"  --from YYYY-MM-DD --to YYYY-MM-DD   the query, inclusive, UTC\n"
"                           (default: the dataset's --start and --end)\n"
"  --users FILE             ids or emails, one per line (\"-\" = stdin); a\n"
"                           value of digits only is the user count; alias\n"
"                           --users-file FILE\n"
"  --user-status LIST       without --users: every user with an id of these\n"
"                           statuses (default active,inactive)\n"
"  --trash                  the trash instead (dates ignored)\n"
"  --trash-type meeting_recordings|recording_file\n"
"  --meeting-id ID          only meetings with this numeric id\n"
"  --kind meetings|users    (default meetings)\n"
"  A meeting whose start_time is no timestamp is kept by zrx from whichever\n"
"  window lists it, and zrx asks each window for a day more: it is in the\n"
"  truth when its day is in [from, to + 1] ([from, to] with --to-semantics\n"
"  exclusive). Only --messy makes such meetings.\n"
"\n"
"list-users:\n"
"  --status LIST            statuses (default active,inactive)\n"
"  --field id|email         (default id; users without an id are skipped)\n"
"\n"
"GET /_sim/stats serves counters; POST /_sim/expire-tokens and\n"
"POST /_sim/expire-page-tokens expire every issued token.\n"
"GET /_sim/now answers {\"now\":TIME}; POST /_sim/now with TIME as the body\n"
"or ?t=TIME moves the simulated instant (with --now only).\n"
"\n"
"Time (--now): a meeting is listed from its end plus a processing delay\n"
"(5-90 min for 80%, up to 24 h for 16%, 1-3 days for 4%); 30% of video and\n"
"audio files are \"processing\" for 10 min to 6 h first; transcripts,\n"
"captions, summaries and chat come 1-12 h after the video. Then 5% of\n"
"meetings go to the trash (a third recovered, the rest purged after 30\n"
"days), 5% lose one or two files to the recording_file trash (40% of them\n"
"recovered, the rest purged after 30 days), 1.5% are deleted for good.\n"
"File changes and deletions for good happen within 10 days of the start.\n"
"The trash is that of the time model only. See zrx-sim(1).\n";

struct cli {
	enum mode mode;
	struct sim_dataset_opts ds;
	const char *host;
	int port;
	struct sim_api_opts api;
	struct sim_fault_opts fo;
	struct sim_truth_opts truth;
	int has_from, has_to;
	unsigned list_mask;
	int field_email;
	const char *unavailable[64];
};

static int usage_error(const char *fmt, ...) ZRX_PRINTF(1, 2);

/* Report a usage error; returns the exit code 2. */
static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "zrx-sim: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'zrx-sim --help'.\n");
	return 2;
}

/* A decimal unsigned integer no larger than max: 0, or -1. */
static int
parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int
parse_latency(const char *s, struct sim_fault_opts *fo)
{
	char *dash = strchr(s, '-'), *lo;
	uint64_t a, b;
	int r;

	if (dash == NULL) {
		if (parse_u64(s, 3600000, &a) < 0)
			return -1;
		fo->latency_min = fo->latency_max = (unsigned)a;
		return 0;
	}
	lo = zrx_xstrndup(s, (size_t)(dash - s));
	r = parse_u64(lo, 3600000, &a);
	free(lo);
	if (r < 0 || parse_u64(dash + 1, 3600000, &b) < 0 || b < a)
		return -1;
	fo->latency_min = (unsigned)a;
	fo->latency_max = (unsigned)b;
	return 0;
}

/* Parse argv into c: 0, -1 for --help/--version (done), or exit code 2. */
static int
parse_args(int argc, char **argv, struct cli *c)
{
	uint64_t v;
	double p;
	int opt, k;

	while ((opt = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_SEED:
			if (parse_u64(optarg, UINT64_MAX, &c->ds.seed) < 0)
				return usage_error("bad --seed: %s", optarg);
			break;
		case OPT_USERS:
		case OPT_USER_COUNT:
			if (opt == OPT_USERS && c->mode == MODE_TRUTH &&
			    !all_digits(optarg)) {
				c->truth.users_file = optarg;
				break;
			}
			if (parse_u64(optarg, 10000000, &v) < 0)
				return usage_error("bad user count: %s", optarg);
			c->ds.users = (uint32_t)v;
			break;
		case OPT_USERS_FILE:
			c->truth.users_file = optarg;
			break;
		case OPT_START:
			if (zrx_date_parse(optarg, &c->ds.start) < 0)
				return usage_error("bad --start: %s", optarg);
			break;
		case OPT_END:
			if (zrx_date_parse(optarg, &c->ds.end) < 0)
				return usage_error("bad --end: %s", optarg);
			break;
		case OPT_HEAVY:
			if (parse_u64(optarg, 10000000, &v) < 0)
				return usage_error("bad --heavy: %s", optarg);
			c->ds.heavy = (int32_t)v;
			break;
		case OPT_BIG_USER:
			if (parse_u64(optarg, 100000000, &v) < 0)
				return usage_error("bad --big-user: %s", optarg);
			c->ds.big_user = (uint32_t)v;
			break;
		case OPT_MESSY:
			c->ds.messy = 1;
			break;
		case OPT_MPM:
			if (parse_u64(optarg, 100000, &v) < 0)
				return usage_error("bad --meetings-per-month: %s",
				    optarg);
			c->ds.meetings_per_month = (uint32_t)v;
			break;
		case OPT_HOST:
			c->host = optarg;
			break;
		case OPT_PORT:
			if (parse_u64(optarg, 65535, &v) < 0)
				return usage_error("bad --port: %s", optarg);
			c->port = (int)v;
			break;
		case OPT_CLIENT_ID:
			c->api.client_id = optarg;
			break;
		case OPT_CLIENT_SECRET:
			c->api.client_secret = optarg;
			break;
		case OPT_ACCOUNT_ID:
			c->api.account_id = optarg;
			break;
		case OPT_TOKEN_TTL:
			if (parse_u64(optarg, 100000000, &v) < 0)
				return usage_error("bad --token-ttl: %s", optarg);
			c->api.token_ttl = (unsigned)v;
			break;
		case OPT_ACCESS_TOKEN:
			if (*optarg == '\0')
				return usage_error("empty --access-token");
			c->api.access_token = optarg;
			break;
		case OPT_MAX_RANGE_DAYS:
			if (parse_u64(optarg, 366, &v) < 0)
				return usage_error("bad --max-range-days: %s", optarg);
			c->api.max_range_days = (unsigned)v;
			break;
		case OPT_PAGE_TOKEN_TTL:
			if (parse_u64(optarg, 100000000, &v) < 0)
				return usage_error("bad --page-token-ttl: %s", optarg);
			c->api.page_token_ttl = (unsigned)v;
			break;
		case OPT_TO_SEMANTICS:
			if (strcmp(optarg, "inclusive") == 0)
				c->api.to_exclusive = 0;
			else if (strcmp(optarg, "exclusive") == 0)
				c->api.to_exclusive = 1;
			else
				return usage_error("bad --to-semantics: %s", optarg);
			break;
		case OPT_RATE:
			if (parse_double(optarg, 0, 1e9, &c->fo.rate) < 0)
				return usage_error("bad --rate: %s", optarg);
			break;
		case OPT_BURST:
			if (parse_double(optarg, 0, 1e9, &c->fo.burst) < 0)
				return usage_error("bad --burst: %s", optarg);
			break;
		case OPT_DAILY_LIMIT:
			if (parse_u64(optarg, UINT64_MAX, &c->fo.daily_limit) < 0)
				return usage_error("bad --daily-limit: %s", optarg);
			break;
		case OPT_LATENCY:
			if (parse_latency(optarg, &c->fo) < 0)
				return usage_error("bad --latency-ms: %s", optarg);
			break;
		case OPT_FAULT_SEED:
			if (parse_u64(optarg, UINT64_MAX, &c->fo.seed) < 0)
				return usage_error("bad --fault-seed: %s", optarg);
			break;
		case OPT_P_5XX:
		case OPT_P_RESET:
		case OPT_P_RESET_BODY:
		case OPT_P_SHORT_BODY:
		case OPT_P_STALL:
		case OPT_P_BAD_JSON:
		case OPT_P_CHUNKED:
		case OPT_P_EXPIRE_PAGE:
			if (parse_double(optarg, 0, 1, &p) < 0)
				return usage_error("bad probability: %s", optarg);
			k = opt == OPT_P_5XX ? SIM_FAULT_5XX :
			    opt == OPT_P_RESET ? SIM_FAULT_RESET :
			    opt == OPT_P_RESET_BODY ? SIM_FAULT_RESET_BODY :
			    opt == OPT_P_SHORT_BODY ? SIM_FAULT_SHORT_BODY :
			    opt == OPT_P_STALL ? SIM_FAULT_STALL :
			    opt == OPT_P_BAD_JSON ? SIM_FAULT_BAD_JSON : -1;
			if (opt == OPT_P_EXPIRE_PAGE)
				c->fo.p_expire_page = p;
			else if (k < 0)
				c->fo.p_chunked = p;
			else
				c->fo.p[k] = p;
			break;
		case OPT_UNAVAILABLE:
			if (c->api.nunavailable == ZRX_ARRAY_LEN(c->unavailable))
				return usage_error("at most 64 --unavailable-user");
			c->unavailable[c->api.nunavailable++] = optarg;
			c->api.unavailable = c->unavailable;
			break;
		case OPT_FROM:
			if (zrx_date_parse(optarg, &c->truth.from) < 0)
				return usage_error("bad --from: %s", optarg);
			c->has_from = 1;
			break;
		case OPT_TO:
			if (zrx_date_parse(optarg, &c->truth.to) < 0)
				return usage_error("bad --to: %s", optarg);
			c->has_to = 1;
			break;
		case OPT_USER_STATUS:
			if (sim_status_mask(optarg, &c->truth.status_mask) < 0)
				return usage_error("bad --user-status: %s", optarg);
			break;
		case OPT_TRASH:
			c->truth.trash = 1;
			break;
		case OPT_TRASH_TYPE:
			if (strcmp(optarg, "meeting_recordings") == 0)
				c->truth.trash_set = SIM_SET_TRASH_MEETINGS;
			else if (strcmp(optarg, "recording_file") == 0)
				c->truth.trash_set = SIM_SET_TRASH_FILES;
			else
				return usage_error("bad --trash-type: %s", optarg);
			break;
		case OPT_MEETING_ID:
			if (!all_digits(optarg))
				return usage_error("bad --meeting-id: %s", optarg);
			c->truth.meeting_id = optarg;
			break;
		case OPT_KIND:
			if (strcmp(optarg, "meetings") == 0)
				c->truth.kind_users = 0;
			else if (strcmp(optarg, "users") == 0)
				c->truth.kind_users = 1;
			else
				return usage_error("bad --kind: %s", optarg);
			break;
		case OPT_STATUS:
			if (sim_status_mask(optarg, &c->list_mask) < 0)
				return usage_error("bad --status: %s", optarg);
			break;
		case OPT_NOW:
			if (sim_time_parse(optarg, strlen(optarg), &c->api.now) < 0)
				return usage_error("bad --now: %s (use "
				    "YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD)", optarg);
			c->truth.now = c->api.now;
			break;
		case OPT_FIELD:
			if (strcmp(optarg, "id") == 0)
				c->field_email = 0;
			else if (strcmp(optarg, "email") == 0)
				c->field_email = 1;
			else
				return usage_error("bad --field: %s", optarg);
			break;
		case 'v':
			c->api.verbose = 1;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			return fflush(stdout) == 0 ? -1 : 1;
		case OPT_VERSION:
			printf("zrx-sim %s\n", PACKAGE_VERSION);
			return fflush(stdout) == 0 ? -1 : 1;
		default:
			fprintf(stderr, "Try 'zrx-sim --help'.\n");
			return 2;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument: %s", argv[optind]);
	if (c->ds.start > c->ds.end)
		return usage_error("--start is after --end");
	if (c->mode != MODE_TRUTH && c->truth.users_file != NULL)
		return usage_error("--users-file is for truth");
	if (c->mode != MODE_TRUTH && (c->has_from || c->has_to))
		return usage_error("--from/--to are truth's query; the dataset's span is "
		    "--start/--end");
	if (!c->has_from)
		c->truth.from = c->ds.start;
	if (!c->has_to)
		c->truth.to = c->ds.end;
	if (c->mode == MODE_TRUTH && !c->truth.trash && c->truth.from > c->truth.to)
		return usage_error("--from is after --to");
	c->truth.to_exclusive = c->api.to_exclusive;
	return 0;
}

static void
defaults(struct cli *c)
{
	memset(c, 0, sizeof(*c));
	c->ds.seed = 1;
	c->ds.users = 20;
	c->ds.start = zrx_days_from_civil(2024, 1, 1);
	c->ds.end = zrx_days_from_civil(2024, 12, 31);
	c->ds.heavy = -1;
	c->ds.big_user = 0;
	c->ds.meetings_per_month = 4;
	c->host = "127.0.0.1";
	c->port = 0;
	c->api.client_id = "sim-client-id";
	c->api.client_secret = "sim-client-secret";
	c->api.account_id = "sim-account-id";
	c->api.token_ttl = 3600;
	c->api.page_token_ttl = 900;
	c->api.now = SIM_TIMELESS;
	c->truth.now = SIM_TIMELESS;
	c->fo.seed = 1;
	c->truth.status_mask = (1u << SIM_ACTIVE) | (1u << SIM_INACTIVE);
	c->truth.trash_set = SIM_SET_TRASH_MEETINGS;
	c->list_mask = (1u << SIM_ACTIVE) | (1u << SIM_INACTIVE);
}

int
main(int argc, char **argv)
{
	static char progname[] = "zrx-sim";
	struct cli c;
	struct sim_data d;
	struct sim_api api;
	int r;

	defaults(&c);
	if (argc > 1 && strcmp(argv[1], "truth") == 0)
		c.mode = MODE_TRUTH;
	else if (argc > 1 && strcmp(argv[1], "list-users") == 0)
		c.mode = MODE_LIST;
	if (argc > 1 && (c.mode != MODE_SERVE || strcmp(argv[1], "serve") == 0)) {
		argc--;
		argv++;
	}
	argv[0] = progname;
	r = parse_args(argc, argv, &c);
	if (r != 0)
		return r < 0 ? 0 : r;

	sim_data_init(&d, &c.ds);
	switch (c.mode) {
	case MODE_TRUTH:
		r = sim_truth_print(&d, &c.truth);
		break;
	case MODE_LIST:
		r = sim_list_users(&d, c.list_mask, c.field_email);
		break;
	default:
		sim_api_init(&api, &c.api, &c.fo, &d);
		r = sim_http_serve(&api, c.host, c.port);
		sim_api_free(&api);
		break;
	}
	sim_data_free(&d);
	return r;
}
