/* test_cache.c - the corpus cache of issue 6: a round trip keeps every
 * field, the fingerprint notices every change the cache relies on, a
 * damaged or foreign file is never loaded (and leaves nothing behind),
 * texts read later equal a cold load's, and the cache lives where XDG
 * says. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kilde/cache.h"
#include "kilde/corpus.h"
#include "kilde/util.h"
#include "kilde/xref.h"
#include "testutil.h"

static char root[64];  /* a corpus folder of the test's own */
static char cache[64]; /* a cache folder */
static char stem[128];

static char *rel_path(const char *rel)
{
	return util_xasprintf("%s/%s", root, rel);
}

static void put(const char *rel, const void *data, size_t n)
{
	char *path = rel_path(rel);

	testutil_write(path, data, n);
	free(path);
}

static void puts_file(const char *rel, const char *s)
{
	put(rel, s, strlen(s));
}

/* Sets a file's modification time, to the nanosecond. */
static void set_mtime(const char *rel, time_t sec, long nsec)
{
	char *path = rel_path(rel);
	struct timespec ts[2] = {{sec, nsec}, {sec, nsec}};

	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	free(path);
}

static void rm_tree(const char *dir)
{
	char *cmd = util_xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* A small corpus with something of everything the cache keeps: articles
 * in folders, a skipped binary file, corpus.ini metadata and a warning. */
static int setup(void **state)
{
	static const uint8_t binary[] = {0x7F, 'E', 'L', 'F', 0, 1, 0, 0};
	/* Latin-1 with CRLF line ends: "Blåbærgrød\r\n\r\nSmør og æbler." */
	static const uint8_t latin1[] = "Bl\xe5" "b\xe6rgr\xf8" "d\r\n\r\n"
	                                "Sm\xf8r og \xe6" "bler i \xc5rhus.\r\n";

	(void)state;
	strcpy(root, "/tmp/kilde-test-cache-XXXXXX");
	assert_non_null(mkdtemp(root));
	strcpy(cache, "/tmp/kilde-test-cachedir-XXXXXX");
	assert_non_null(mkdtemp(cache));
	snprintf(stem, sizeof(stem), "%s/kilde/0123456789abcdef", cache);
	puts_file("a.txt", "Huawei and the West\n\nJohn Suffolk said on "
	                   "September 24, 2017 that Huawei is open.\n");
	puts_file("crlf.txt", "Windows lines\r\n\r\nThe text has CRLF line "
	                      "ends\r\nand\ttabs.\r\n");
	put("latin1.txt", latin1, sizeof(latin1) - 1);
	put("tool.txt", binary, sizeof(binary));
	char *sub = rel_path("sub");
	assert_int_equal(mkdir(sub, 0700), 0);
	free(sub);
	/* With an outlet its text names, which the cache keeps too. */
	puts_file("sub/b.txt", "Ericsson og Huawei\n\nLM Ericsson siger 5G.\n"
	                       "\n\xc2\xa9 2024 Nordavisen\n");
	puts_file("corpus.ini", "[a.txt]\nsource = Example Post\n"
	                        "url = https://example.com/a\ncolour = blue\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(root);
	rm_tree(cache);
	return 0;
}

static uint64_t fingerprint(void)
{
	char *paths[] = {root};

	return corpus_fingerprint(paths, 1);
}

static void load(struct corpus *c)
{
	char *paths[] = {root};

	*c = (struct corpus){0};
	corpus_load(c, paths, 1);
}

static void assert_str_same(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_empty(const struct corpus *c)
{
	assert_int_equal(c->n, 0);
	assert_null(c->articles);
	assert_int_equal(c->nskipped, 0);
	assert_null(c->skipped);
	assert_int_equal(c->nwarnings, 0);
	assert_null(c->warnings);
	assert_true(c->fingerprint == 0);
}

/* Everything but text and brk. */
static void assert_same_corpus(const struct corpus *a, const struct corpus *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct article *x = &a->articles[i], *y = &b->articles[i];
		assert_string_equal(x->path, y->path);
		assert_string_equal(x->file, y->file);
		assert_str_same(x->title, y->title);
		assert_str_same(x->source, y->source);
		assert_str_same(x->date, y->date);
		assert_str_same(x->url, y->url);
		assert_str_same(x->outlet, y->outlet);
		assert_string_equal(x->lang, y->lang);
		assert_int_equal(x->words, y->words);
		assert_int_equal(x->enc, y->enc);
		assert_int_equal(x->mtime, y->mtime);
		assert_int_equal(x->size, y->size);
		assert_int_equal(x->len, y->len);
	}
	assert_int_equal(a->nskipped, b->nskipped);
	for (size_t i = 0; i < a->nskipped; i++) {
		assert_string_equal(a->skipped[i].path, b->skipped[i].path);
		assert_string_equal(a->skipped[i].reason, b->skipped[i].reason);
	}
	assert_int_equal(a->nwarnings, b->nwarnings);
	for (size_t i = 0; i < a->nwarnings; i++)
		assert_string_equal(a->warnings[i], b->warnings[i]);
	assert_true(a->fingerprint == b->fingerprint);
}

static void test_round_trip_bundled_corpus(void **state)
{
	char *paths[] = {SRC_PATH("corpus")};
	struct corpus cold = {0}, warm = {0};
	const char *why = NULL;

	(void)state;
	corpus_load(&cold, paths, 1);
	assert_int_equal(cold.n, 5);
	assert_true(cold.fingerprint != 0);
	assert_true(cold.fingerprint == corpus_fingerprint(paths, 1));
	assert_int_equal(cache_save_corpus(stem, &cold), 0);
	assert_int_equal(cache_load_corpus(stem, &warm, &why), 0);
	assert_same_corpus(&cold, &warm);
	for (size_t i = 0; i < warm.n; i++) {
		assert_null(warm.articles[i].text);
		assert_null(warm.articles[i].brk);
		assert_true(warm.articles[i].len > 0);
	}
	corpus_free(&cold);
	corpus_free(&warm);
}

/* The test corpus has a skipped file, metadata and a warning: they come
 * back too, and the cold load is what the cache says. */
static void test_round_trip_skips_and_warnings(void **state)
{
	struct corpus cold, warm = {0};
	const char *why = NULL;

	(void)state;
	load(&cold);
	assert_int_equal(cold.n, 4);
	assert_int_equal(cold.nskipped, 1);
	assert_int_equal(cold.nwarnings, 1);
	assert_int_equal(cache_save_corpus(stem, &cold), 0);
	assert_int_equal(cache_load_corpus(stem, &warm, &why), 0);
	assert_same_corpus(&cold, &warm);
	assert_string_equal(warm.articles[0].source, "Example Post");
	assert_string_equal(warm.articles[3].outlet, "Nordavisen");
	assert_string_equal(warm.articles[0].url, "https://example.com/a");
	corpus_free(&cold);
	corpus_free(&warm);
}

/* Many articles, their strings left in the file's buffer: every article
 * still lands in its place, with its own strings. */
static void test_round_trip_many_articles(void **state)
{
	enum { N = 20000 };
	struct corpus big = {0}, back = {0};
	const char *why = NULL;
	struct strbuf t = {0};

	(void)state;
	for (size_t i = 0; i < N; i++) {
		char name[32];
		t.len = 0;
		sb_printf(&t, "Article %zu\n\n%s %zu.\n", i,
		          i % 2 ? "Huawei says" : "Ericsson siger", i * 7);
		snprintf(name, sizeof(name), "%06zu.txt", i);
		corpus_add_text(&big, name, t.s, t.len);
	}
	sb_free(&t);
	big.fingerprint = 0x1234567890abcdefULL;
	assert_int_equal(cache_save_corpus(stem, &big), 0);
	assert_int_equal(cache_load_corpus(stem, &back, &why), 0);
	assert_same_corpus(&big, &back);
	assert_string_equal(back.articles[N - 1].title, "Article 19999");
	corpus_free(&big);
	corpus_free(&back);
}

/* The fingerprint now, which must differ from prev. */
static uint64_t changed(uint64_t prev)
{
	uint64_t fp = fingerprint();

	assert_true(fp != prev);
	return fp;
}

static void test_fingerprint_follows_the_files(void **state)
{
	struct corpus c;
	uint64_t fp;
	char *path;

	(void)state;
	load(&c);
	fp = fingerprint();
	assert_true(fp == c.fingerprint);
	assert_true(fp == fingerprint()); /* nothing changed */
	corpus_free(&c);

	/* A file added. */
	puts_file("c.txt", "Another article\n\nAbout nothing.\n");
	fp = changed(fp);
	load(&c);
	assert_true(fp == c.fingerprint);
	corpus_free(&c);

	/* A file removed. */
	path = rel_path("c.txt");
	assert_int_equal(unlink(path), 0);
	free(path);
	fp = changed(fp);

	/* The same mtime, another size. */
	set_mtime("a.txt", 1500000000, 0);
	fp = changed(fp);
	puts_file("a.txt", "Huawei and the West\n\nJohn Suffolk said more.\n");
	set_mtime("a.txt", 1500000000, 0);
	fp = changed(fp);

	/* The same size, a mtime one nanosecond later. */
	set_mtime("a.txt", 1500000000, 1);
	fp = changed(fp);

	/* A file in a subfolder. */
	set_mtime("sub/b.txt", 1500000000, 0);
	fp = changed(fp);

	/* The metadata file, though it is no article. */
	set_mtime("corpus.ini", 1500000000, 0);
	fp = changed(fp);

	/* A skipped file's bytes (it is still a file the load reads). */
	set_mtime("tool.txt", 1500000000, 0);
	fp = changed(fp);

	/* A file the walk ignores changes nothing. */
	puts_file("notes.pdf", "not an article");
	puts_file(".hidden.txt", "hidden");
	assert_true(fingerprint() == fp);

	load(&c);
	assert_true(fingerprint() == c.fingerprint);
	corpus_free(&c);
}

/* Reads the cache file whole. */
static uint8_t *slurp(const char *path, size_t *n)
{
	uint8_t *data;

	assert_int_equal(util_read_file(path, 0, &data, n), 0);
	return data;
}

static void assert_load_fails(const char *why_expected)
{
	struct corpus c = {.fingerprint = 1};
	const char *why = NULL;

	assert_int_equal(cache_load_corpus(stem, &c, &why), -1);
	assert_non_null(why);
	if (why_expected)
		assert_string_equal(why, why_expected);
	assert_empty(&c);
}

static void test_damaged_files_never_load(void **state)
{
	struct corpus c;
	char *path = util_xasprintf("%s.corpus", stem);
	uint8_t *good, *bad;
	size_t n;

	(void)state;
	load(&c);
	assert_int_equal(cache_save_corpus(stem, &c), 0);
	corpus_free(&c);
	good = slurp(path, &n);
	assert_true(n > 200);
	bad = util_xmalloc(n);

	/* Every byte flipped in turn: header, counts, lengths, text. */
	for (size_t i = 0; i < n; i++) {
		memcpy(bad, good, n);
		bad[i] ^= 0xff;
		testutil_write(path, bad, n);
		assert_load_fails(NULL);
	}
	/* Cut at every length, the empty file included. */
	for (size_t len = 0; len < n; len++) {
		testutil_write(path, good, len);
		assert_load_fails(NULL);
	}
	/* A byte too many. */
	memcpy(bad, good, n);
	testutil_write(path, good, n);
	FILE *f = fopen(path, "ab");
	assert_non_null(f);
	fputc('x', f);
	fclose(f);
	assert_load_fails("damaged");

	/* And the untouched file still loads. */
	testutil_write(path, good, n);
	assert_int_equal(cache_load_corpus(stem, &c, &(const char *){0}), 0);
	assert_int_equal(c.n, 4);
	corpus_free(&c);
	free(bad);
	free(good);
	free(path);
}

/* Forged files: damage with a checksum that matches, so the parser itself
 * must find every count, length and string out of place. Whatever each
 * one loads must be whole, and what fails must leave nothing behind. */
static void test_forged_files_are_parsed_with_care(void **state)
{
	struct corpus c;
	char *path = util_xasprintf("%s.corpus", stem);
	uint8_t *good, *bad;
	size_t n, loaded = 0, failed = 0;
	const size_t hdr = 80;

	(void)state;
	load(&c);
	assert_int_equal(cache_save_corpus(stem, &c), 0);
	corpus_free(&c);
	good = slurp(path, &n);
	bad = util_xmalloc(n);
	for (size_t i = hdr; i < n; i++) {
		for (int v = 0; v < 3; v++) {
			static const uint8_t vals[] = {0x00, 0xff, 0x7f};
			const char *why = NULL;
			memcpy(bad, good, n);
			if (bad[i] == vals[v])
				continue;
			bad[i] = vals[v];
			assert_int_equal(cache_seal(bad, n), 0);
			testutil_write(path, bad, n);
			c = (struct corpus){0};
			if (cache_load_corpus(stem, &c, &why) == 0) {
				/* Only a string's bytes can change harmlessly. */
				assert_int_equal(c.n, 4);
				for (size_t k = 0; k < c.n; k++) {
					assert_non_null(c.articles[k].path);
					assert_non_null(c.articles[k].file);
				}
				corpus_free(&c);
				loaded++;
			} else {
				/* The payload opens with the load settings' hash. */
				assert_string_equal(why, i < hdr + 8 ? "other settings" : "damaged");
				assert_empty(&c);
				failed++;
			}
		}
	}
	/* Lengths and counts did fail, text bytes did load. */
	assert_true(failed > 0);
	assert_true(loaded > 0);
	/* Cut short, with the header's length and checksum made to match. */
	for (size_t len = hdr; len < n; len++) {
		memcpy(bad, good, len);
		for (int k = 0; k < 8; k++)
			bad[64 + k] = (uint8_t)((len - hdr) >> (8 * k));
		assert_int_equal(cache_seal(bad, len), 0);
		testutil_write(path, bad, len);
		assert_load_fails("damaged");
	}
	assert_int_equal(cache_seal(bad, hdr - 1), -1);
	free(bad);
	free(good);
	free(path);
}

/* A title with an escape sequence cannot come from a load (the loader
 * neutralises controls), so a cache holding one was not written by kilde:
 * even behind a matching checksum it never reaches the screen. */
static void test_forged_escape_is_refused(void **state)
{
	struct corpus c;
	char *path = util_xasprintf("%s.corpus", stem);
	uint8_t *bytes, *at;
	size_t n, tlen;
	char *title;
	const char *why = NULL;

	(void)state;
	load(&c);
	title = util_xstrdup(c.articles[0].title);
	tlen = strlen(title);
	assert_true(tlen > 2);
	assert_int_equal(cache_save_corpus(stem, &c), 0);
	corpus_free(&c);
	bytes = slurp(path, &n);
	at = memmem(bytes, n, title, tlen);
	assert_non_null(at);

	/* A harmless change of the same byte loads: the check is not
	 * refusing everything. */
	at[0] = 'X';
	assert_int_equal(cache_seal(bytes, n), 0);
	testutil_write(path, bytes, n);
	c = (struct corpus){0};
	assert_int_equal(cache_load_corpus(stem, &c, &why), 0);
	assert_int_equal(c.articles[0].title[0], 'X');
	corpus_free(&c);

	/* ESC (an escape sequence's start), a C1 CSI and a bidi override. */
	static const char *const bad[] = {"\x1b", "\xc2\x9b", "\xe2\x80\xae"};
	for (size_t k = 0; k < KILDE_ARRAY_LEN(bad); k++) {
		memcpy(at, bad[k], strlen(bad[k]));
		assert_int_equal(cache_seal(bytes, n), 0);
		testutil_write(path, bytes, n);
		c = (struct corpus){0};
		assert_int_equal(cache_load_corpus(stem, &c, &why), -1);
		assert_string_equal(why, "damaged");
		assert_empty(&c);
		memcpy(at, title, strlen(bad[k]));
	}
	free(bytes);
	free(title);
	free(path);
}

/* A corpus loaded with other clutter rules, or with corpus.ini ignored,
 * has other titles, dates and word counts: its cache is not this load's,
 * and neither is an index built on it. */
static void test_other_settings_are_not_loaded(void **state)
{
	struct corpus c;
	struct clutter_rules a, b;
	struct xref_options xo;
	struct xref_index *ix;
	const char *why = NULL;

	(void)state;
	clutter_rules_init(&a, true, "the|of", "read more", "", "", "");
	clutter_rules_init(&b, true, "the|of", "read also", "", "", "");
	load(&c);
	c.clutter = &a;
	assert_int_equal(cache_save_corpus(stem, &c), 0);
	xref_default_options(&xo);
	ix = xref_build(&c, &xo);
	assert_int_equal(cache_save_xref(stem, &c, 7, ix), 0);
	xref_free(ix);
	corpus_free(&c);

	/* The same settings: it loads, index and all. */
	c = (struct corpus){.clutter = &a};
	assert_int_equal(cache_load_corpus(stem, &c, &why), 0);
	ix = cache_load_xref(stem, &c, 7, &why);
	assert_non_null(ix);
	xref_free(ix);
	/* Another rule list: neither the corpus nor its index. */
	c.clutter = &b;
	ix = cache_load_xref(stem, &c, 7, &why);
	assert_null(ix);
	assert_string_equal(why, "other options");
	corpus_free(&c);
	c = (struct corpus){.clutter = &b};
	assert_int_equal(cache_load_corpus(stem, &c, &why), -1);
	assert_string_equal(why, "other settings");
	assert_ptr_equal(c.clutter, &b); /* the caller's setting survives */
	corpus_free(&c);
	/* corpus.ini ignored: not the same load either. */
	c = (struct corpus){.clutter = &a, .no_meta = true};
	assert_int_equal(cache_load_corpus(stem, &c, &why), -1);
	assert_string_equal(why, "other settings");
	corpus_free(&c);
	clutter_rules_free(&a);
	clutter_rules_free(&b);
}

static void test_other_versions_and_missing_files(void **state)
{
	struct corpus c;
	char *path = util_xasprintf("%s.corpus", stem);
	uint8_t *data;
	size_t n;

	(void)state;
	unlink(path);
	assert_load_fails("no cache");
	assert_false(cache_has_corpus(stem));

	load(&c);
	assert_int_equal(cache_save_corpus(stem, &c), 0);
	assert_true(cache_has_corpus(stem));
	corpus_free(&c);
	data = slurp(path, &n);
	/* The format version (bytes 8-11) of a later kilde. */
	data[8]++;
	testutil_write(path, data, n);
	assert_load_fails("older format");
	data[8]--;
	/* Another kilde version (the string at byte 16). */
	data[16] = data[16] == '9' ? '8' : '9';
	testutil_write(path, data, n);
	assert_load_fails("older format");
	/* Another file's magic: the index file is not a corpus file. */
	memcpy(data, "KILDExrf", 8);
	testutil_write(path, data, n);
	assert_load_fails("damaged");
	free(data);

	/* A folder where the file should be. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_load_fails("no cache");
	assert_int_equal(rmdir(path), 0);
	free(path);
}

static void test_save_fails_quietly_when_unwritable(void **state)
{
	struct corpus c;
	char *dir = util_xasprintf("%s/ro", cache);
	char *s = util_xasprintf("%s/kilde/x", dir);

	(void)state;
	/* root can write anywhere: a file where the folder should be stops
	 * everyone. */
	testutil_write(dir, "", 0);
	load(&c);
	assert_int_equal(cache_save_corpus(s, &c), -1);
	assert_true(errno != 0);
	corpus_free(&c);
	assert_int_equal(unlink(dir), 0);
	free(s);
	free(dir);
}

static void test_text_later_equals_cold_text(void **state)
{
	struct corpus cold, warm = {0};
	const char *why;

	(void)state;
	load(&cold);
	assert_int_equal(cache_save_corpus(stem, &cold), 0);
	assert_int_equal(cache_load_corpus(stem, &warm, &why), 0);
	assert_int_equal(warm.n, cold.n);
	for (size_t i = 0; i < warm.n; i++) {
		struct article *w = &warm.articles[i];
		const struct article *k = &cold.articles[i];
		assert_null(w->text);
		assert_int_equal(corpus_load_text(w), 0);
		assert_non_null(w->text);
		assert_int_equal(w->len, k->len);
		assert_memory_equal(w->text, k->text, k->len);
		assert_null(w->brk);
		/* A second call keeps the text. */
		char *t = w->text;
		assert_int_equal(corpus_load_text(w), 0);
		assert_ptr_equal(w->text, t);
	}
	/* The Latin-1 and CRLF files decoded, not copied. */
	long i = corpus_find(&warm, "latin1.txt");
	assert_true(i >= 0);
	assert_non_null(strstr(warm.articles[i].text, "Blåbærgrød\n\nSmør"));
	assert_int_equal(warm.articles[i].enc, TEXT_ENC_CP1252);
	i = corpus_find(&warm, "crlf.txt");
	assert_true(i >= 0);
	assert_null(strchr(warm.articles[i].text, '\r'));
	corpus_free(&warm);

	/* A file gone since: "" and the reason. */
	assert_int_equal(cache_load_corpus(stem, &warm, &why), 0);
	char *gone = rel_path("crlf.txt");
	assert_int_equal(unlink(gone), 0);
	free(gone);
	i = corpus_find(&warm, "crlf.txt");
	errno = 0;
	assert_int_equal(corpus_load_text(&warm.articles[i]), -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(warm.articles[i].text, "");
	assert_int_equal(warm.articles[i].len, 0);
	corpus_free(&warm);
	corpus_free(&cold);
}

static bool is_hex16(const char *s)
{
	if (strlen(s) != 16)
		return false;
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return false;
	return true;
}

static void test_stem_follows_xdg(void **state)
{
	char *paths[] = {root}, *other[] = {SRC_PATH("corpus")};
	char *save_xdg = getenv("XDG_CACHE_HOME"), *save_home = getenv("HOME");
	char *s, *t, *prefix;

	(void)state;
	save_xdg = save_xdg ? util_xstrdup(save_xdg) : NULL;
	save_home = save_home ? util_xstrdup(save_home) : NULL;

	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	setenv("HOME", "/h", 1);
	s = cache_stem(paths, 1);
	assert_non_null(s);
	assert_int_equal(strncmp(s, "/x/cache/kilde/", 15), 0);
	assert_true(is_hex16(s + 15));
	/* The same paths, the same stem; other paths, another. */
	t = cache_stem(paths, 1);
	assert_string_equal(s, t);
	free(t);
	t = cache_stem(other, 1);
	assert_string_not_equal(s, t);
	free(t);
	free(s);

	/* No XDG_CACHE_HOME, or a relative one (the XDG spec says to
	 * ignore it): ~/.cache. */
	unsetenv("XDG_CACHE_HOME");
	s = cache_stem(paths, 1);
	assert_int_equal(strncmp(s, "/h/.cache/kilde/", 16), 0);
	assert_true(is_hex16(s + 16));
	free(s);
	setenv("XDG_CACHE_HOME", "relative", 1);
	s = cache_stem(paths, 1);
	assert_int_equal(strncmp(s, "/h/.cache/kilde/", 16), 0);
	free(s);

	/* Neither: no cache. */
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	assert_null(cache_stem(paths, 1));

	/* A path that does not exist still has a stem. */
	setenv("HOME", "/h", 1);
	prefix = util_xasprintf("%s/no-such-folder", root);
	char *missing[] = {prefix};
	s = cache_stem(missing, 1);
	assert_non_null(s);
	free(s);
	free(prefix);

	if (save_xdg)
		setenv("XDG_CACHE_HOME", save_xdg, 1);
	if (save_home)
		setenv("HOME", save_home, 1);
	else
		unsetenv("HOME");
	free(save_xdg);
	free(save_home);
}

/* The index file is checked against the corpus before its bytes are
 * handed to xref_deserialize. */
static void test_xref_cache_checks(void **state)
{
	struct corpus c, other = {0};
	struct xref_index *ix, *back;
	char *path = util_xasprintf("%s.xref", stem);
	const char *why = NULL;
	uint8_t *data;
	size_t n;

	(void)state;
	load(&c);
	unlink(path);
	assert_null(cache_load_xref(stem, &c, 42, &why));
	assert_string_equal(why, "no cache");
	ix = xref_build(&c, NULL);
	assert_int_equal(cache_save_xref(stem, &c, 42, ix), 0);

	assert_null(cache_load_xref(stem, &c, 43, &why));
	assert_string_equal(why, "other options");
	other.fingerprint = c.fingerprint + 1;
	other.n = c.n;
	assert_null(cache_load_xref(stem, &other, 42, &why));
	assert_string_equal(why, "stale");
	other.fingerprint = c.fingerprint;
	other.n = c.n - 1;
	assert_null(cache_load_xref(stem, &other, 42, &why));
	assert_string_equal(why, "stale");

	data = slurp(path, &n);
	data[n - 1] ^= 1; /* in the payload */
	testutil_write(path, data, n);
	assert_null(cache_load_xref(stem, &c, 42, &why));
	assert_string_equal(why, "damaged");
	data[n - 1] ^= 1;
	testutil_write(path, data, n);
	free(data);

	back = cache_load_xref(stem, &c, 42, &why);
	assert_non_null(back);
	assert_int_equal(xref_count(back), xref_count(ix));
	for (uint32_t t = 0; t < xref_count(ix); t++) {
		assert_string_equal(xref_get(back, t)->display,
		                    xref_get(ix, t)->display);
		assert_int_equal(xref_get(back, t)->narticles,
		                 xref_get(ix, t)->narticles);
	}
	xref_free(back);
	xref_free(ix);
	corpus_free(&c);
	free(path);
}

/* A corpus of n generated articles that share names, so that its index
 * and word index run to more than one piece of the writer's. */
static void generated(struct corpus *c, size_t n)
{
	static const char *const names[] = {"Huawei", "Ericsson", "Nokia",
	                                    "John Suffolk", "Margrethe Vestager"};
	struct strbuf t = {0};

	*c = (struct corpus){0};
	for (size_t i = 0; i < n; i++) {
		char name[32];
		t.len = 0;
		sb_printf(&t, "Report %zu on %s\n\n%s met %s in Aarhus on "
		              "day %zu, said %s.\n",
		          i, names[i % 5], names[i % 5], names[(i / 5) % 5],
		          i % 97, names[(i + 2) % 5]);
		for (size_t k = 0; k < 40; k++)
			sb_printf(&t, "word%zu ", (i * 31 + k * 7) % 5000);
		sb_puts(&t, "\n");
		snprintf(name, sizeof(name), "%06zu.txt", i);
		corpus_add_text(c, name, t.s, t.len);
	}
	sb_free(&t);
	c->fingerprint = 0x1234567890abcdefULL;
}

/* The index file is written as it is made, in pieces: its bytes are still
 * the header, the options hash and exactly what xref_serialize makes, and
 * its checksum the one the reader takes of the whole file. */
static void test_xref_file_is_the_serialized_index(void **state)
{
	struct corpus c;
	struct xref_index *ix, *back;
	struct strbuf form = {0};
	char *path = util_xasprintf("%s.xref", stem);
	const char *why = NULL;
	uint8_t *data, *sealed;
	size_t n;

	(void)state;
	generated(&c, 3000);
	ix = xref_build(&c, NULL);
	assert_non_null(ix);
	xref_serialize(ix, &form);
	assert_true(form.len > 1024 * 1024); /* many pieces */
	assert_int_equal(xref_serialized_size(ix), form.len);
	assert_int_equal(cache_save_xref(stem, &c, 42, ix), 0);
	data = slurp(path, &n);
	assert_int_equal(n, 80 + 8 + form.len);
	assert_memory_equal(data + 88, form.s, form.len);
	sealed = util_xmalloc(n);
	memcpy(sealed, data, n);
	memset(sealed + 72, 0, 8);
	assert_int_equal(cache_seal(sealed, n), 0);
	assert_memory_equal(sealed, data, n);
	back = cache_load_xref(stem, &c, 42, &why);
	assert_non_null(back);
	assert_int_equal(xref_count(back), xref_count(ix));
	xref_free(back);
	free(sealed);
	free(data);
	sb_free(&form);
	xref_free(ix);
	corpus_free(&c);
	free(path);
}

/* A write that fails half way (here: the file size limit) leaves the
 * cache that was there, and no temporary file beside it. */
static void test_failed_write_keeps_the_old_file(void **state)
{
	struct corpus c;
	struct xref_index *ix;
	struct rlimit lim, small;
	char *cpath = util_xasprintf("%s.corpus", stem);
	char *xpath = util_xasprintf("%s.xref", stem);
	char *dir = util_xasprintf("%s/kilde", cache);
	const char *why = NULL;
	uint8_t *cold, *xold, *now;
	size_t cn, xn, n;
	void (*old)(int);

	(void)state;
	generated(&c, 3000);
	ix = xref_build(&c, NULL);
	assert_int_equal(cache_save_corpus(stem, &c), 0);
	assert_int_equal(cache_save_xref(stem, &c, 42, ix), 0);
	cold = slurp(cpath, &cn);
	xold = slurp(xpath, &xn);
	assert_true(cn > 65536 && xn > 65536);

	c.fingerprint++;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &lim), 0);
	small = lim;
	small.rlim_cur = 65536;
	old = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	errno = 0;
	int rc_corpus = cache_save_corpus(stem, &c);
	int err_corpus = errno;
	errno = 0;
	int rc_xref = cache_save_xref(stem, &c, 42, ix);
	int err_xref = errno;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	signal(SIGXFSZ, old);
	assert_int_equal(rc_corpus, -1);
	assert_int_equal(err_corpus, EFBIG);
	assert_int_equal(rc_xref, -1);
	assert_int_equal(err_xref, EFBIG);

	now = slurp(cpath, &n);
	assert_int_equal(n, cn);
	assert_memory_equal(now, cold, n);
	free(now);
	now = slurp(xpath, &n);
	assert_int_equal(n, xn);
	assert_memory_equal(now, xold, n);
	free(now);
	{
		DIR *d = opendir(dir);
		struct dirent *e;
		size_t files = 0;

		assert_non_null(d);
		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				files++;
		closedir(d);
		assert_int_equal(files, 2);
	}
	/* The old index is still the one for the old fingerprint. */
	c.fingerprint--;
	xref_free(ix);
	ix = cache_load_xref(stem, &c, 42, &why);
	assert_non_null(ix);
	xref_free(ix);
	free(cold);
	free(xold);
	corpus_free(&c);
	free(dir);
	free(xpath);
	free(cpath);
}

/* The stories' and the provenance's files hold exactly as long as an
 * index of the same key would: another options hash, another fingerprint
 * or article count, or a damaged byte, and they are not read. */
static void test_derived_cache_checks(void **state)
{
	struct corpus c, other = {0};
	struct xref_index *ix;
	struct story_set *s, *sback;
	struct provenance_index *p, *pback;
	const char *ext[] = {".story", ".prov"};
	const char *why = NULL;

	(void)state;
	load(&c);
	ix = xref_build(&c, NULL);
	s = story_build(&c, ix, NULL);
	p = provenance_index_build(&c, ix);
	assert_null(cache_load_stories(stem, &c, ix, 42, &why));
	assert_string_equal(why, "no cache");
	assert_null(cache_load_provenance(stem, &c, ix, 42, &why));
	assert_string_equal(why, "no cache");
	assert_int_equal(cache_save_stories(stem, &c, 42, s), 0);
	assert_int_equal(cache_save_provenance(stem, &c, 42, ix, p), 0);

	assert_null(cache_load_stories(stem, &c, ix, 43, &why));
	assert_string_equal(why, "other options");
	assert_null(cache_load_provenance(stem, &c, ix, 43, &why));
	assert_string_equal(why, "other options");
	other.fingerprint = c.fingerprint + 1;
	other.n = c.n;
	assert_null(cache_load_stories(stem, &other, ix, 42, &why));
	assert_string_equal(why, "stale");
	assert_null(cache_load_provenance(stem, &other, ix, 42, &why));
	assert_string_equal(why, "stale");
	other.fingerprint = c.fingerprint;
	other.n = c.n - 1;
	assert_null(cache_load_stories(stem, &other, ix, 42, &why));
	assert_string_equal(why, "stale");
	assert_null(cache_load_provenance(stem, &other, ix, 42, &why));
	assert_string_equal(why, "stale");

	for (size_t e = 0; e < 2; e++) {
		char *path = util_xasprintf("%s%s", stem, ext[e]);
		size_t n;
		uint8_t *data = slurp(path, &n);

		data[n - 1] ^= 1; /* in the payload */
		testutil_write(path, data, n);
		why = NULL;
		if (e == 0)
			assert_null(cache_load_stories(stem, &c, ix, 42, &why));
		else
			assert_null(cache_load_provenance(stem, &c, ix, 42, &why));
		assert_string_equal(why, "damaged");
		/* Sealed again, the checksum holds: what the bytes say is
		 * still checked (here an article past the corpus, or a term
		 * or occurrence past the index). */
		data[n - 1] = 0xff;
		assert_int_equal(cache_seal(data, n), 0);
		testutil_write(path, data, n);
		if (e == 0)
			assert_null(cache_load_stories(stem, &c, ix, 42, &why));
		else
			assert_null(cache_load_provenance(stem, &c, ix, 42, &why));
		assert_string_equal(why, "damaged");
		free(data);
		free(path);
	}
	assert_int_equal(cache_save_stories(stem, &c, 42, s), 0);
	assert_int_equal(cache_save_provenance(stem, &c, 42, ix, p), 0);
	sback = cache_load_stories(stem, &c, ix, 42, &why);
	assert_non_null(sback);
	assert_int_equal(story_count(sback), story_count(s));
	for (size_t i = 0; i < c.n; i++)
		assert_int_equal(story_of(sback, i), story_of(s, i));
	for (size_t k = 0; k < story_count(s); k++)
		assert_string_equal(story_get(sback, k)->label,
		                    story_get(s, k)->label);
	pback = cache_load_provenance(stem, &c, ix, 42, &why);
	assert_non_null(pback);
	for (size_t a = 0; a < c.n; a++) {
		size_t n1, n2;

		provenance_index_repeats(p, a, &n1);
		provenance_index_repeats(pback, a, &n2);
		assert_int_equal(n1, n2);
		provenance_index_leads(p, a, &n1);
		provenance_index_leads(pback, a, &n2);
		assert_int_equal(n1, n2);
	}
	story_free(sback);
	provenance_index_free(pback);
	story_free(s);
	provenance_index_free(p);
	xref_free(ix);
	corpus_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_bundled_corpus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_skips_and_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_many_articles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_follows_the_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_files_never_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_files_are_parsed_with_care, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_escape_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_versions_and_missing_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_settings_are_not_loaded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_fails_quietly_when_unwritable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_later_equals_cold_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stem_follows_xdg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xref_cache_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xref_file_is_the_serialized_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_write_keeps_the_old_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_derived_cache_checks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
