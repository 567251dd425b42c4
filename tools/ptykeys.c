/* ptykeys.c - drives an interactive program on a pseudo-terminal and
 * measures, from outside, how long each key press takes to be answered on
 * the screen. For `make bench` (kilde's key-press latency).
 *
 * Usage: ptykeys [-s COLSxROWS] [-n KEYS] [-i IDLE_MS] [-r READY_MS] [-w WAIT_MS]
 *                [-t TIMEOUT_S] [-p PRELUDE] [-e QUIT] [-o TRANSCRIPT]
 *                [-u TEXT] -k SCRIPT -- CMD [ARG]...
 *
 * SCRIPT and PRELUDE are space-separated key names, each optionally with a
 * repeat count: "j*20 Space*3 b G g Enter J K Tab PgDn PgUp Up Down Home
 * End ^L". The script is repeated until KEYS keys were sent; the prelude is
 * sent once before (e.g. "Enter" to open the reader) and not counted. With
 * -n 0 only the start-up is measured. -o saves everything the program wrote
 * (to read what it printed, e.g. kilde's "first frame: N ms").
 *
 * Method: the program is started with forkpty() at the given size (TERM,
 * LANG etc. come from the environment). Start-up is over when output has
 * been quiet for READY_MS (default 500) after the first byte; the times of
 * the first byte and of the last byte before that quiet are reported. Then
 * each key is written alone, and the pty is read until no byte arrived for
 * IDLE_MS (default 5): the key's latency is the time from the write to the
 * last byte of its answer (the idle window itself is not counted). A key
 * that produces no output within WAIT_MS (default 250) counts as "silent"
 * and is left out of the statistics (a slow answer, such as a corpus-wide
 * search, needs a longer wait to be measured at all).
 *
 * With -u TEXT a key's answer is over, instead, at the read that brings
 * TEXT (as the program wrote it, escape sequences and all: a word the
 * screen shows once the answer is there, e.g. "sorted by" for a finished
 * concordance that fills in behind its first screen, where a pause in
 * the filling would otherwise decide when the answer ends); a key whose
 * TEXT has not come within WAIT_MS counts as silent.
 *
 * Error: the write-to-read path through the pty adds some tens of
 * microseconds. A screen update that pauses for more than IDLE_MS in the
 * middle would be cut short and its rest charged to the next key; to
 * estimate how often that happens, every 16th key is followed by a longer
 * 50 ms watch, and output arriving in it is counted as "late".
 *
 * Output (stdout, one line): "keys=N silent=S late=L avg_ms= p50_ms=
 * p99_ms= max_ms= first_byte_ms= ready_ms= exit=". */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LATE_WATCH_MS 50.0
#define LATE_EVERY 16

struct key {
	char name[16];
	char bytes[8];
	size_t len;
};

static int master = -1;
static bool child_gone;
static FILE *transcript;
/* -u: the text that ends an answer, whether it came since the key, and
 * the end of the output before the last read (TEXT may span two). */
static const char *until;
static bool until_seen;
static char until_tail[256];
static size_t until_ntail;

static void watch_until(const char *buf, size_t n)
{
	static char win[sizeof(until_tail) + 65536];
	size_t len, keep;

	if (!until || until_seen)
		return;
	len = strlen(until);
	memcpy(win, until_tail, until_ntail);
	memcpy(win + until_ntail, buf, n);
	n += until_ntail;
	if (memmem(win, n, until, len)) {
		until_seen = true;
		return;
	}
	keep = len - 1 < n ? len - 1 : n;
	memcpy(until_tail, win + n - keep, keep);
	until_ntail = keep;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Byte sequences as xterm sends them with the keypad in application mode,
 * which is what curses programs switch it to (terminfo kcuu1=\EOA ...). */
static const struct {
	const char *name, *bytes;
} named[] = {
	{"Enter", "\r"}, {"Space", " "}, {"Tab", "\t"}, {"Esc", "\033"},
	{"BS", "\177"}, {"Up", "\033OA"}, {"Down", "\033OB"},
	{"Right", "\033OC"}, {"Left", "\033OD"}, {"Home", "\033OH"},
	{"End", "\033OF"}, {"PgUp", "\033[5~"}, {"PgDn", "\033[6~"},
};

static int parse_key(const char *name, struct key *k)
{
	size_t n = strlen(name);

	if (n >= sizeof(k->name))
		return -1;
	memcpy(k->name, name, n + 1);
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strcmp(name, named[i].name)) {
			k->len = strlen(named[i].bytes);
			memcpy(k->bytes, named[i].bytes, k->len);
			return 0;
		}
	if (n == 2 && name[0] == '^' && name[1] >= '@' && name[1] <= '_') {
		k->bytes[0] = (char)(name[1] - '@');
		k->len = 1;
		return 0;
	}
	if (n == 1) {
		k->bytes[0] = name[0];
		k->len = 1;
		return 0;
	}
	return -1;
}

/* Parses "j*20 Space G" into keys (repeats expanded). */
static struct key *parse_script(const char *script, size_t *nkeys)
{
	char *copy = strdup(script), *save = NULL, *tok;
	struct key *keys = NULL, k;
	size_t n = 0, cap = 0;

	if (!copy)
		abort();
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *star = strrchr(tok, '*');
		long rep = 1;

		if (star && star != tok && star[1]) {
			*star = '\0';
			rep = strtol(star + 1, NULL, 10);
		}
		if (rep < 1 || parse_key(tok, &k) < 0) {
			fprintf(stderr, "ptykeys: bad key '%s'\n", tok);
			exit(2);
		}
		while (rep-- > 0) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				keys = realloc(keys, cap * sizeof(*keys));
				if (!keys)
					abort();
			}
			keys[n++] = k;
		}
	}
	free(copy);
	*nkeys = n;
	return keys;
}

/* Reads whatever is there, waiting at most wait_ms. Returns the number of
 * bytes read; sets child_gone when the program closed the terminal. */
static size_t drain(double wait_ms)
{
	struct pollfd p = {.fd = master, .events = POLLIN};
	char buf[65536];
	size_t total = 0;
	int timeout = wait_ms <= 0 ? 0 : (int)(wait_ms + 0.999);
	ssize_t got;

	if (child_gone)
		return 0;
	if (poll(&p, 1, timeout) <= 0)
		return 0;
	while ((got = read(master, buf, sizeof(buf))) > 0) {
		total += (size_t)got;
		if (until)
			watch_until(buf, (size_t)got);
		if (transcript)
			fwrite(buf, 1, (size_t)got, transcript);
	}
	if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
		child_gone = true;
	return total;
}

/* Waits for the first byte (up to first_ms), then until output has been
 * quiet for idle_ms. Returns the time of the last byte, or -1 if nothing
 * came. */
static double answer(double first_ms, double idle_ms, double *first_byte)
{
	double start = now_ms(), last = -1;

	while (now_ms() - start < first_ms && !child_gone)
		if (drain(first_ms - (now_ms() - start)) > 0) {
			last = now_ms();
			break;
		}
	if (first_byte)
		*first_byte = last;
	if (last < 0)
		return -1;
	for (;;) {
		double left = idle_ms - (now_ms() - last);

		if (left <= 0 || child_gone)
			return last;
		if (drain(left) > 0)
			last = now_ms();
	}
}

/* Reads until output has been quiet for idle_ms. */
static void settle(double idle_ms)
{
	double last = now_ms(), left;

	while (!child_gone && (left = idle_ms - (now_ms() - last)) > 0)
		if (drain(left) > 0)
			last = now_ms();
}

/* -u: waits until TEXT comes (up to first_ms), then until the output has
 * been quiet for idle_ms. Returns the time of the read that brought TEXT,
 * or -1. */
static double answer_until(double first_ms, double idle_ms)
{
	double start = now_ms(), seen;

	until_seen = false;
	until_ntail = 0;
	while (!until_seen && !child_gone && now_ms() - start < first_ms)
		drain(first_ms - (now_ms() - start));
	if (!until_seen)
		return -1;
	seen = now_ms();
	settle(idle_ms);
	return seen;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void send_key(const struct key *k)
{
	if (write(master, k->bytes, k->len) != (ssize_t)k->len) {
		perror("ptykeys: write");
		child_gone = true;
	}
}

int main(int argc, char **argv)
{
	struct winsize ws = {.ws_col = 200, .ws_row = 50};
	const char *script = NULL, *prelude = "", *quit = "q q q q";
	double idle = 5, ready = 500, timeout_s = 120, wait = 250;
	long nkeys = 2000;
	int opt, status = 0, cols, rows;
	size_t nscript, nprelude, nquit, silent = 0, late = 0, nlat = 0;
	struct key *keys, *pre, *qkeys;
	double *lat, t0, first_byte, settled, sum = 0;
	pid_t pid;

	while ((opt = getopt(argc, argv, "s:n:i:r:t:w:p:e:k:o:u:")) != -1) {
		switch (opt) {
		case 's':
			if (sscanf(optarg, "%dx%d", &cols, &rows) != 2 || cols < 1 || rows < 1)
				goto usage;
			ws.ws_col = (unsigned short)cols;
			ws.ws_row = (unsigned short)rows;
			break;
		case 'n': nkeys = strtol(optarg, NULL, 10); break;
		case 'i': idle = strtod(optarg, NULL); break;
		case 'r': ready = strtod(optarg, NULL); break;
		case 't': timeout_s = strtod(optarg, NULL); break;
		case 'w': wait = strtod(optarg, NULL); break;
		case 'p': prelude = optarg; break;
		case 'e': quit = optarg; break;
		case 'k': script = optarg; break;
		case 'u':
			until = optarg;
			if (!*until || strlen(until) >= sizeof(until_tail))
				goto usage;
			break;
		case 'o':
			transcript = fopen(optarg, "w");
			if (!transcript) {
				perror(optarg);
				return 1;
			}
			break;
		default: goto usage;
		}
	}
	if ((!script && nkeys) || optind >= argc || nkeys < 0 || idle <= 0)
		goto usage;
	keys = parse_script(script ? script : "", &nscript);
	pre = parse_script(prelude, &nprelude);
	qkeys = parse_script(quit, &nquit);
	if (!nscript && nkeys)
		goto usage;
	lat = calloc((size_t)nkeys + 1, sizeof(*lat));
	if (!lat)
		abort();

	t0 = now_ms();
	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("ptykeys: forkpty");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "ptykeys: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

	/* Start-up: until the screen has been still for `ready` ms. */
	settled = answer(timeout_s * 1e3, ready, &first_byte);
	if (settled < 0 || (child_gone && nkeys > 0)) {
		fprintf(stderr, "ptykeys: %s drew nothing or exited at start\n", argv[optind]);
		goto finish;
	}
	for (size_t i = 0; i < nprelude && !child_gone; i++) {
		send_key(&pre[i]);
		answer(wait, ready, NULL);
	}
	for (long i = 0; i < nkeys && !child_gone; i++) {
		double sent, done;

		send_key(&keys[(size_t)i % nscript]);
		sent = now_ms();
		done = until ? answer_until(wait, idle) : answer(wait, idle, NULL);
		if (done < 0) {
			silent++;
			continue;
		}
		lat[nlat] = done - sent;
		/* PTYKEYS_SLOW=MS: name the keys slower than MS on stderr, to
		 * find which key and when (not part of the bench's output). */
		if (getenv("PTYKEYS_SLOW") && lat[nlat] > atof(getenv("PTYKEYS_SLOW")))
			fprintf(stderr, "slow key %ld (%s) at %.0f ms: %.1f ms\n", i,
			        keys[(size_t)i % nscript].name, sent - t0, lat[nlat]);
		sum += lat[nlat++];
		if (i % LATE_EVERY == LATE_EVERY - 1 && drain(LATE_WATCH_MS) > 0) {
			late++;
			settle(ready);
		}
	}

finish:
	for (size_t i = 0; i < nquit && !child_gone; i++) {
		send_key(&qkeys[i]);
		answer(250, LATE_WATCH_MS, NULL);
	}
	/* Give it a moment to exit on its own before insisting. */
	for (int i = 0; i < 200; i++) {
		drain(10);
		if (waitpid(pid, &status, WNOHANG) == pid)
			goto reaped;
	}
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
reaped:
	qsort(lat, nlat, sizeof(*lat), cmp_double);
	printf("keys=%zu silent=%zu late=%zu avg_ms=%.3f p50_ms=%.3f p99_ms=%.3f "
	       "max_ms=%.3f first_byte_ms=%.3f ready_ms=%.3f exit=%d\n",
	       nlat, silent, late, nlat ? sum / (double)nlat : -1.0,
	       nlat ? lat[nlat / 2] : -1.0, nlat ? lat[nlat * 99 / 100] : -1.0,
	       nlat ? lat[nlat - 1] : -1.0, first_byte < 0 ? -1.0 : first_byte - t0,
	       settled < 0 ? -1.0 : settled - t0,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	free(lat);
	free(keys);
	free(pre);
	free(qkeys);
	if (transcript)
		fclose(transcript);
	return nlat || (nkeys == 0 && settled >= 0) ? 0 : 1;
usage:
	fputs("usage: ptykeys [-s COLSxROWS] [-n KEYS] [-i IDLE_MS] [-r READY_MS] "
	      "[-t TIMEOUT_S] [-w WAIT_MS] [-p PRELUDE] [-e QUIT] [-o TRANSCRIPT] [-u TEXT] -k SCRIPT -- "
	      "CMD [ARG]...\n", stderr);
	return 2;
}
