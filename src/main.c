/* main.c - command line: parses options, loads the configuration and the
 * corpus, then hands over to the interface or to one of the non-interactive
 * modes (--list, --dump, --xrefs, --stories, --grep). Only this file and start-up may
 * print and exit. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kilde/cache.h"
#include "kilde/clutter.h"
#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/layout.h"
#include "kilde/search.h"
#include "kilde/story.h"
#include "kilde/translation.h"
#include "kilde/ui.h"
#include "kilde/util.h"
#include "kilde/xref.h"

/* Exit statuses, documented in kilde(1). */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1, /* --grep found nothing, or an error while running */
	EXIT_USAGE = 2,   /* bad option, missing --config file */
};

enum mode { MODE_UI, MODE_LIST, MODE_DUMP, MODE_XREFS, MODE_STORIES, MODE_GREP,
            MODE_PARTS };

struct options {
	enum mode mode;
	const char *config;
	const char *dump_file;
	const char *grep_pattern;
	const char *keys;
	int width;
	int screen_cols, screen_lines;
	bool headless;
	bool no_color;
	bool exact;
	bool tsv;
	bool bench_startup;
	bool no_cache;
	bool no_corpus_ini;
	bool translations;
};

static void usage(FILE *out)
{
	fputs("Usage: kilde [OPTION]... [PATH]...\n"
	      "Read a folder of news articles and see what the sources share.\n"
	      "\n"
	      "  -c, --config FILE      read FILE after the other configuration files\n"
	      "      --no-color         monochrome interface (as does NO_COLOR)\n"
	      "  -l, --list             print one TSV line per article and exit\n"
	      "  -d, --dump FILE        print FILE as the reader shows it and exit\n"
	      "  -w, --width N          wrap --dump and --grep output at N columns (80)\n"
	      "  -x, --xrefs            print the cross-references as TSV and exit\n"
	      "      --translations     --xrefs also links translated sentences\n"
	      "      --stories          print the stories (articles on one event) as TSV\n"
	      "  -g, --grep PATTERN     print a keyword-in-context concordance and exit\n"
	      "      --parts            print each line's part (title, text, clutter)\n"
	      "                         as TSV and exit\n"
	      "      --no-corpus-ini    ignore corpus.ini metadata files\n"
	      "      --exact            --grep without diacritic folding\n"
	      "      --tsv              --grep output as TSV\n"
	      "      --screen COLSxROWS run the interface headless and print the screen\n"
	      "      --keys KEYS        keys to feed with --screen (e.g. 'j j Enter')\n"
	      "      --bench-startup    print the time to the first frame and exit\n"
	      "      --no-cache         neither read nor write the cache\n"
	      "  -h, --help             show this help and exit\n"
	      "  -V, --version          show the version and exit\n"
	      "\n"
	      "PATH is a folder (read recursively) or a file; the default is the\n"
	      "configured corpus, else ./corpus. Press ? in kilde for the keys.\n"
	      "Exit status: 0 ok, 1 runtime error, 2 usage error. See kilde(1).\n",
	      out);
}

static int parse_size(const char *s, int *cols, int *lines)
{
	char x;

	if (sscanf(s, "%d%c%d", cols, &x, lines) != 3 || (x != 'x' && x != 'X'))
		return -1;
	if (*cols < 1 || *lines < 1 || *cols > 1000 || *lines > 1000)
		return -1;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_NO_COLOR = 256, OPT_SCREEN, OPT_KEYS, OPT_EXACT, OPT_TSV,
	       OPT_BENCH, OPT_NO_CACHE, OPT_PARTS, OPT_NO_CORPUS_INI, OPT_STORIES,
	       OPT_TRANSLATIONS };
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"no-color", no_argument, NULL, OPT_NO_COLOR},
		{"no-colour", no_argument, NULL, OPT_NO_COLOR},
		{"list", no_argument, NULL, 'l'},
		{"dump", required_argument, NULL, 'd'},
		{"width", required_argument, NULL, 'w'},
		{"xrefs", no_argument, NULL, 'x'},
		{"stories", no_argument, NULL, OPT_STORIES},
		{"translations", no_argument, NULL, OPT_TRANSLATIONS},
		{"grep", required_argument, NULL, 'g'},
		{"exact", no_argument, NULL, OPT_EXACT},
		{"tsv", no_argument, NULL, OPT_TSV},
		{"screen", required_argument, NULL, OPT_SCREEN},
		{"keys", required_argument, NULL, OPT_KEYS},
		{"bench-startup", no_argument, NULL, OPT_BENCH},
		{"no-cache", no_argument, NULL, OPT_NO_CACHE},
		{"parts", no_argument, NULL, OPT_PARTS},
		{"no-corpus-ini", no_argument, NULL, OPT_NO_CORPUS_INI},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int ch;
	char *end;

	while ((ch = getopt_long(argc, argv, "c:ld:w:xg:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->config = optarg; break;
		case OPT_NO_COLOR: o->no_color = true; break;
		case 'l': o->mode = MODE_LIST; break;
		case 'd': o->mode = MODE_DUMP; o->dump_file = optarg; break;
		case 'x': o->mode = MODE_XREFS; break;
		case OPT_STORIES: o->mode = MODE_STORIES; break;
		case OPT_TRANSLATIONS: o->translations = true; break;
		case 'g': o->mode = MODE_GREP; o->grep_pattern = optarg; break;
		case OPT_EXACT: o->exact = true; break;
		case OPT_TSV: o->tsv = true; break;
		case 'w':
			errno = 0;
			o->width = (int)strtol(optarg, &end, 10);
			if (errno || *end || o->width < 1 || o->width > 10000) {
				fprintf(stderr, "kilde: --width: not a width: '%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_SCREEN:
			if (parse_size(optarg, &o->screen_cols, &o->screen_lines) < 0) {
				fprintf(stderr, "kilde: --screen: expected COLSxROWS, got '%s'\n", optarg);
				return -1;
			}
			o->headless = true;
			break;
		case OPT_KEYS: o->keys = optarg; break;
		case OPT_BENCH: o->bench_startup = true; break;
		case OPT_NO_CACHE: o->no_cache = true; break;
		case OPT_PARTS: o->mode = MODE_PARTS; break;
		case OPT_NO_CORPUS_INI: o->no_corpus_ini = true; break;
		case 'h': usage(stdout); exit(EXIT_OK);
		case 'V':
			printf("kilde %s\n", KILDE_VERSION);
			exit(EXIT_OK);
		default:
			fputs("Try 'kilde --help'.\n", stderr);
			return -1;
		}
	}
	if (o->keys && !o->headless) {
		fputs("kilde: --keys needs --screen COLSxROWS\n", stderr);
		return -1;
	}
	return 0;
}

static void print_skipped(const struct corpus *c)
{
	for (size_t i = 0; i < c->nskipped; i++)
		fprintf(stderr, "kilde: skipped %s: %s\n", c->skipped[i].path,
		        c->skipped[i].reason);
	for (size_t i = 0; i < c->nwarnings; i++)
		fprintf(stderr, "kilde: %s\n", c->warnings[i]);
}

static int run_list(const struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct article *a = &c->articles[i];
		util_put_tsv_field(a->file, stdout);
		putchar('\t');
		util_put_tsv_field(a->source, stdout);
		printf("\t%s\t%s\t%zu\t", a->date, a->lang, a->words);
		util_put_tsv_field(a->title, stdout);
		putchar('\n');
	}
	print_skipped(c);
	return EXIT_OK;
}

/* What --dump puts before each line of page clutter: the text stays
 * readable, and a script can tell clutter from text. */
#define DUMP_CLUTTER_MARK "\xE2\x94\x86 " /* U+2506 and a space: 2 columns */

static void put_lines(const struct layout *lo, const char *text, const char *mark)
{
	for (size_t i = 0; i < lo->n; i++) {
		fputs(mark, stdout);
		fwrite(text + lo->lines[i].off, 1, lo->lines[i].len, stdout);
		putchar('\n');
	}
}

static int run_dump(const char *path, int width, const struct clutter_rules *rules)
{
	struct corpus c = {.clutter = rules};
	struct layout lo = {0}, part = {0};
	struct clutter_doc d;
	int rc = EXIT_OK;

	if (corpus_add_file(&c, path, path) < 0) {
		print_skipped(&c);
		corpus_free(&c);
		return EXIT_RUNTIME;
	}
	const struct article *a = &c.articles[0];
	clutter_classify(a->text, a->len, rules, &d);
	layout_wrap(&lo, a->text, a->len, width);
	/* Text as the reader wraps it; each line of clutter wrapped on its
	 * own, narrower by the mark, so no line is wider than asked. */
	for (size_t i = 0, k = 0; i < lo.n; i++) {
		const struct layout_line *l = &lo.lines[i];
		while (k < d.n && d.lines[k].off + d.lines[k].len < l->off + (l->len > 0))
			k++;
		if (width <= 2 || k == d.n || d.lines[k].part != CLUTTER_PART_CLUTTER ||
		    l->len == 0 || l->off + l->len <= d.lines[k].off) {
			fwrite(a->text + l->off, 1, l->len, stdout);
			putchar('\n');
			continue;
		}
		layout_wrap(&part, a->text + d.lines[k].off, d.lines[k].len, width - 2);
		put_lines(&part, a->text + d.lines[k].off, DUMP_CLUTTER_MARK);
		while (i + 1 < lo.n && lo.lines[i + 1].off < d.lines[k].off + d.lines[k].len)
			i++;
		k++;
	}
	layout_free(&part);
	layout_free(&lo);
	clutter_doc_free(&d);
	corpus_free(&c);
	return rc;
}

/* One line a non-empty line of every article: file, line number in the
 * file, part. For scripts and for scoring the clutter rules. */
static int run_parts(const struct corpus *c)
{
	static const char *const names[] = {
		[CLUTTER_PART_TEXT] = "text",
		[CLUTTER_PART_TITLE] = "title",
		[CLUTTER_PART_CLUTTER] = "clutter",
	};

	puts("file\tline\tpart");
	for (size_t i = 0; i < c->n; i++) {
		const struct article *a = &c->articles[i];
		struct clutter_doc d;

		clutter_classify(a->text, a->len, c->clutter, &d);
		for (size_t k = 0; k < d.n; k++) {
			if (d.lines[k].part == CLUTTER_PART_EMPTY)
				continue;
			util_put_tsv_field(a->file, stdout);
			printf("\t%zu\t%s\n", k + 1, names[d.lines[k].part]);
		}
		clutter_doc_free(&d);
	}
	print_skipped(c);
	return EXIT_OK;
}

struct fingerprint_job {
	char *const *paths;
	size_t npaths;
	uint64_t fp;
};

static void *fingerprint_worker(void *arg)
{
	struct fingerprint_job *j = arg;

	j->fp = corpus_fingerprint(j->paths, j->npaths);
	return NULL;
}

/* What is left to write to the cache once the index is there: written on
 * a thread of its own while the output is printed (both only read the
 * corpus and the index), and waited for before either is freed. A cache
 * that cannot be written changes nothing; the output is the same either
 * way. */
struct cache_job {
	const char *stem;            /* NULL: nothing is cached */
	const struct corpus *c;
	bool corpus;                 /* c was read from the disk: STEM.corpus */
	const struct xref_index *ix; /* built here: STEM.xref; else NULL */
	uint64_t opthash;
	pthread_t tid;
	bool threaded;
};

static void *cache_worker(void *arg)
{
	struct cache_job *j = arg;

	if (j->corpus)
		(void)cache_save_corpus(j->stem, j->c);
	if (j->ix)
		(void)cache_save_xref(j->stem, j->c, j->opthash, j->ix);
	return NULL;
}

static void cache_job_start(struct cache_job *j)
{
	if (!j->stem || (!j->corpus && !j->ix))
		return;
	j->threaded = util_thread_start(&j->tid, cache_worker, j) == 0;
	if (!j->threaded)
		cache_worker(j);
}

static void cache_job_wait(struct cache_job *j)
{
	if (j->threaded)
		pthread_join(j->tid, NULL);
	j->threaded = false;
}

/* The corpus for --list and --xrefs, without texts (neither needs them
 * all at once): from the cache when its fingerprint is the disk's, else
 * read from the disk. With texts, a build will read them back: keep a
 * copy at hand (corpus_load_meta's spill). Returns true if c came from
 * the cache; else c is to be cached (by the caller). */
static bool corpus_for_output(struct corpus *c, char *const paths[],
                              size_t npaths, const char *stem, bool texts)
{
	const char *why;

	/* Without a cache file the walk would only be done again by the
	 * load: at 100,000 files, half a second of stat. */
	if (stem && cache_has_corpus(stem)) {
		/* Walking costs a stat per file, reading the cache costs
		 * allocations: at 100,000 articles each takes a good part of
		 * a second, and they can overlap. */
		struct fingerprint_job job = {paths, npaths, 0};
		pthread_t tid;
		bool threaded = util_thread_start(&tid, fingerprint_worker,
		                               &job) == 0;
		int rc = cache_load_corpus(stem, c, &why);

		if (threaded)
			pthread_join(tid, NULL);
		else
			fingerprint_worker(&job);
		if (rc == 0 && c->fingerprint == job.fp)
			return true;
		corpus_free(c);
	}
	corpus_load_meta(c, paths, npaths, texts);
	return false;
}

/* The index of c for --xrefs and --stories: from the cache, else built.
 * c may be loaded again meanwhile. *job gets what is then to be cached
 * (c if it was read from the disk, the index if it was built), for the
 * caller to write while it prints. */
static struct xref_index *index_for_output(struct corpus *c,
                                           const struct config *cfg,
                                           char *const paths[], size_t npaths,
                                           const char *stem, bool from_cache,
                                           struct cache_job *job)
{
	struct xref_options xo;
	struct xref_index *ix = NULL;
	char *const *msgs;
	uint64_t opthash;
	const char *why;

	config_xref_options(cfg, &xo);
	opthash = xref_options_hash(&xo);
	*job = (struct cache_job){.stem = stem, .c = c, .corpus = !from_cache,
	                          .opthash = opthash};
	if (stem)
		ix = cache_load_xref(stem, c, opthash, &why);
	if (!ix) {
		/* The build reads each text when it needs it, so the texts of
		 * the whole corpus are never in memory at once. From the
		 * cache, that would be an open and a decoding a file each
		 * time: load once, keeping a copy of the texts at hand. The
		 * same files load the same: the corpus cache is written again
		 * only if they changed meanwhile. */
		if (from_cache) {
			uint64_t cached = c->fingerprint;

			corpus_free(c);
			corpus_load_meta(c, paths, npaths, true);
			job->corpus = c->fingerprint != cached;
		}
		ix = xref_build(c, &xo);
		if (!ix) {
			/* A file changed under the build: read every text now
			 * and build from those, which cannot change. */
			fprintf(stderr, "kilde: a file changed while it was being "
			                "indexed; reading the corpus again\n");
			corpus_free(c);
			corpus_load(c, paths, npaths);
			job->corpus = true;
			ix = xref_build(c, &xo);
		}
		job->ix = ix;
	}
	for (msgs = xref_messages(ix); msgs && *msgs; msgs++)
		fprintf(stderr, "kilde: %s\n", *msgs);
	return ix;
}

static int run_xrefs(struct corpus *c, const struct config *cfg,
                     char *const paths[], size_t npaths, const char *stem,
                     bool from_cache, bool translations)
{
	struct cache_job job;
	struct xref_index *ix = index_for_output(c, cfg, paths, npaths, stem,
	                                         from_cache, &job);
	struct translation_set *ts;

	/* At 100,000 articles the index file is over 100 MB: written
	 * beside the rows rather than before them. */
	cache_job_start(&job);
	xref_write_tsv(ix, c, stdout);
	/* Sentences need the texts, which the index does not keep: reading
	 * them again more than doubled a warm --xrefs, so only on request.
	 * After the index's rows, so the TSV's buffers are gone by then. */
	if (translations) {
		ts = translation_find(c, ix);
		/* A file changed since it was indexed: no sentence of it can
		 * be told, the rest of the output stands. */
		if (!ts)
			fprintf(stderr, "kilde: a file changed since it was "
			                "indexed; translated sentences not looked "
			                "for\n");
		translation_write_tsv(ts, c, stdout);
		translation_free(ts);
	}
	cache_job_wait(&job);
	xref_free(ix);
	print_skipped(c);
	return EXIT_OK;
}

static int run_stories(struct corpus *c, const struct config *cfg,
                       char *const paths[], size_t npaths, const char *stem,
                       bool from_cache)
{
	struct cache_job job;
	struct xref_index *ix = index_for_output(c, cfg, paths, npaths, stem,
	                                         from_cache, &job);
	struct story_set *st = NULL;
	struct xref_options xo;
	uint64_t opthash;
	const char *why;

	cache_job_start(&job);
	/* The stories are kept beside the index, with its key. */
	config_xref_options(cfg, &xo);
	opthash = xref_options_hash(&xo);
	if (stem)
		st = cache_load_stories(stem, c, ix, opthash, &why);
	if (!st) {
		st = story_build(c, ix, NULL);
		if (stem)
			cache_save_stories(stem, c, opthash, st);
	}
	story_write_tsv(st, c, stdout);
	story_free(st);
	cache_job_wait(&job);
	xref_free(ix);
	print_skipped(c);
	return EXIT_OK;
}

/* NO_COLOR (no-color.org): set and not empty means no colour. */
static bool no_color_env(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}

/* The corpus to open: the paths given, else [corpus] path, else ./corpus.
 * Sets *paths and *npaths to what is to be read. */
static void corpus_paths(const struct config *cfg, char ***paths,
                         size_t *npaths, char *fallback[1])
{
	if (*npaths == 0) {
		fallback[0] = cfg->corpus_path && *cfg->corpus_path ?
		              cfg->corpus_path : "corpus";
		*paths = fallback;
		*npaths = 1;
	}
}

int main(int argc, char **argv)
{
	struct options o = {.width = 80};
	struct config cfg;
	struct corpus c = {0};
	struct clutter_rules rules;
	unsigned long long start = util_now_ns();
	char **paths, *fallback[1];
	size_t npaths;
	char *stem = NULL;
	bool from_cache = false;
	const char *why;
	int rc;

	setlocale(LC_ALL, "");
#ifdef M_MMAP_THRESHOLD
	/* The index build grows and frees arrays of tens to hundreds of
	 * megabytes. glibc raises its mmap threshold each time a mapped block
	 * is freed (up to 32 MB), after which such arrays come from the heap:
	 * growing one copies it, and freeing one leaves a hole the process
	 * keeps (a fifth more peak memory at 10,000 articles). A fixed
	 * threshold keeps every large array mapped: it grows by mremap and
	 * goes back when freed. A setting for the whole process, so the
	 * program makes it, once, before any thread runs; the library never
	 * changes it. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	if (parse_options(argc, argv, &o) < 0)
		return EXIT_USAGE;

	config_init(&cfg);
	rc = config_load_all(&cfg, o.config);
	if (rc != 0) {
		fprintf(stderr, "kilde: %s: no such file\n", o.config);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	/* Before the interface starts, problems go to stderr; the interface
	 * shows them again in its status bar. */
	if (o.mode != MODE_UI)
		for (size_t i = 0; i < cfg.nmessages; i++)
			fprintf(stderr, "kilde: %s\n", cfg.messages[i]);

	config_clutter_rules(&cfg, &rules);
	c.clutter = &rules;
	c.no_meta = o.no_corpus_ini;
	if (o.mode == MODE_DUMP) {
		rc = run_dump(o.dump_file, o.width, &rules);
		clutter_rules_free(&rules);
		config_free(&cfg);
		return rc;
	}

	paths = argv + optind;
	npaths = (size_t)(argc - optind);
	corpus_paths(&cfg, &paths, &npaths, fallback);
	/* --grep and --parts read every text anyway: the cache would save
	 * them nothing. */
	if (!o.no_cache && o.mode != MODE_GREP && o.mode != MODE_PARTS)
		stem = cache_stem(paths, npaths);
	switch (o.mode) {
	case MODE_LIST: {
		/* Written while the lines are printed, as --xrefs does. */
		struct cache_job job = {.stem = stem, .c = &c};

		job.corpus = !corpus_for_output(&c, paths, npaths, stem, false);
		cache_job_start(&job);
		rc = run_list(&c);
		cache_job_wait(&job);
		break;
	}
	case MODE_XREFS:
		from_cache = corpus_for_output(&c, paths, npaths, stem, true);
		rc = run_xrefs(&c, &cfg, paths, npaths, stem, from_cache,
		               o.translations);
		break;
	case MODE_PARTS:
		corpus_load(&c, paths, npaths);
		rc = run_parts(&c);
		break;
	case MODE_STORIES:
		from_cache = corpus_for_output(&c, paths, npaths, stem, true);
		rc = run_stories(&c, &cfg, paths, npaths, stem, from_cache);
		break;
	case MODE_GREP: {
		struct search_grep_options go = {.exact = o.exact, .tsv = o.tsv,
		                                 .width = o.width};
		/* Like grep(1): status 1 when nothing matched, for scripts.
		 * Each text is searched as it is read, never all held. */
		rc = search_grep_files(&c, paths, npaths, o.grep_pattern, &go,
		                       stdout) ? EXIT_OK : EXIT_RUNTIME;
		print_skipped(&c);
		break;
	}
	default: {
		/* The first frame must not wait for every file: the interface
		 * shows the cached corpus and checks it against the disk in the
		 * background. */
		/* Either way the articles have no texts yet: the loader
		 * reads them behind the first frame. Cold: the first frame
		 * comes before the folders are even listed; the loader lists
		 * them, the names are drawn, and the files read behind
		 * them; the index is built from a spill file of the texts
		 * first, and the texts are read in after it (ui_load.c), so
		 * the two never add up. The headless mode reads the files
		 * before its first frame, its screens being the same warm or
		 * cold. */
		bool cached = stem && cache_load_corpus(stem, &c, &why) == 0;
		bool later = !cached && !(o.headless && !o.bench_startup);
		if (!cached && !later)
			corpus_load_meta(&c, paths, npaths, true);
		/* Not even the names before the first frame: the loader
		 * lists the folders (corpus_list) behind it. */
		c.listed = later;
		struct ui_options uo = {
			.cfg = &cfg,
			.config_extra = o.config,
			.no_color = o.no_color || no_color_env(),
			.headless = o.headless,
			.cols = o.screen_cols,
			.lines = o.screen_lines,
			.keys = o.keys,
			.bench_startup = o.bench_startup,
			.start_ns = start,
			.paths = paths,
			.npaths = npaths,
			.cache_stem = stem,
			.texts_later = true,
			.names_later = later,
		};
		rc = ui_run(&c, &uo);
		break;
	}
	}
	corpus_free(&c);
	clutter_rules_free(&rules);
	config_free(&cfg);
	free(stem);
	return rc;
}
