/* test_corpus.c - loading a folder full of trouble: nested folders, binary,
 * empty and oversized files, a symlink loop, unreadable and vanished files,
 * and corpus.ini overrides with their warnings. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kilde/corpus.h"
#include "kilde/util.h"
#include "testutil.h"

static char root[64];

static void put(const char *rel, const void *data, size_t n)
{
	char *path = util_xasprintf("%s/%s", root, rel);

	testutil_write(path, data, n);
	free(path);
}

static void puts_file(const char *rel, const char *s)
{
	put(rel, s, strlen(s));
}

static void mkdir_rel(const char *rel)
{
	char *path = util_xasprintf("%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
}

static const char ini[] =
	"; metadata for the test corpus\n"
	"[a.txt]\n"
	"source = Example Post\n"
	"date = 2020-02-29\n"
	"language = en\n"
	"title = The real headline\n"
	"url = https://example.com/a\n"
	"colour = blue\n"
	"[Mixed.TXT]\n"
	"source = Mixed case\n"
	"[sub/b.txt]\n"
	"date = 2019-13-01\n"
	"language = english\n"
	"[missing.txt]\n"
	"source = nobody\n";

static int setup(void **state)
{
	static const uint8_t binary[] = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0};

	(void)state;
	strcpy(root, "/tmp/kilde-corpus-XXXXXX");
	assert_non_null(mkdtemp(root));
	puts_file("a.txt", "Headline of a\n\nThe article text is here and it is English.\n");
	puts_file("Mixed.txt", "Mixed\nDet er en dansk tekst, og den er ikke lang.\n");
	puts_file("latin1.txt", "Bl\xE5" "b\xE6rgr\xF8" "d\n\nDet er godt, og vi har det.\n");
	mkdir_rel("sub");
	puts_file("sub/b.txt", "Nested b\nSeptember 24, 2017\n");
	mkdir_rel("sub/deeper");
	puts_file("sub/deeper/README", "Extension-less text file\n");
	put("sub/deeper/data", binary, sizeof(binary));
	put("binary.txt", binary, sizeof(binary));
	puts_file("empty.txt", "");
	puts_file("blank.txt", "  \n\t\r\n\u00A0\n");
	puts_file("image.jpg", "not an article by its extension");
	puts_file(".hidden.txt", "hidden files are not read");
	mkdir_rel(".git");
	puts_file(".git/x.txt", "hidden folders are not read");
	puts_file("locked.txt", "cannot be read by others");
	char *p = util_xasprintf("%s/locked.txt", root);
	assert_int_equal(chmod(p, 0), 0);
	free(p);
	p = util_xasprintf("%s/sub/loop", root);
	assert_int_equal(symlink("..", p), 0);
	free(p);
	p = util_xasprintf("%s/dangling.txt", root);
	assert_int_equal(symlink("nowhere.txt", p), 0);
	free(p);
	/* Sparse: larger than the limit on disk size without the bytes. */
	p = util_xasprintf("%s/huge.txt", root);
	int fd = open(p, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)CORPUS_MAX_FILE_BYTES + 1), 0);
	close(fd);
	free(p);
	put("corpus.ini", ini, sizeof(ini) - 1);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = util_xasprintf("rm -rf '%s'", root);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static const char *skip_reason(const struct corpus *c, const char *rel)
{
	char *path = util_xasprintf("%s/%s", root, rel);
	const char *r = NULL;

	for (size_t i = 0; i < c->nskipped; i++)
		if (strcmp(c->skipped[i].path, path) == 0)
			r = c->skipped[i].reason;
	free(path);
	return r;
}

static bool has_warning(const struct corpus *c, const char *needle)
{
	for (size_t i = 0; i < c->nwarnings; i++)
		if (strstr(c->warnings[i], needle))
			return true;
	return false;
}

static void test_load_folder(void **state)
{
	struct corpus c = {0};
	char *paths[] = {root};
	static const char *const want[] = {
		"Mixed.txt", "a.txt", "latin1.txt", "sub/b.txt", "sub/deeper/README",
	};

	(void)state;
	bool root_user = geteuid() == 0;
	size_t n = corpus_load(&c, paths, 1);
	assert_int_equal(n, KILDE_ARRAY_LEN(want) + root_user);
	for (size_t i = 0, j = 0; i < c.n; i++) {
		if (root_user && strcmp(c.articles[i].file, "locked.txt") == 0)
			continue; /* root reads everything */
		assert_string_equal(c.articles[i].file, want[j++]);
	}
	assert_string_equal(skip_reason(&c, "binary.txt"), "binary file");
	assert_string_equal(skip_reason(&c, "sub/deeper/data"), "binary file");
	assert_string_equal(skip_reason(&c, "empty.txt"), "empty file");
	assert_string_equal(skip_reason(&c, "blank.txt"), "empty file");
	assert_string_equal(skip_reason(&c, "huge.txt"), "file too large");
	assert_string_equal(skip_reason(&c, "sub/loop"), "symlink loop");
	assert_string_equal(skip_reason(&c, "dangling.txt"), strerror(ENOENT));
	if (!root_user)
		assert_string_equal(skip_reason(&c, "locked.txt"), strerror(EACCES));
	assert_null(skip_reason(&c, "image.jpg"));
	assert_null(skip_reason(&c, ".hidden.txt"));
	assert_int_equal(corpus_find(&c, ".git/x.txt"), -1);

	long li = corpus_find(&c, "latin1.txt");
	assert_true(li >= 0);
	assert_string_equal(c.articles[li].title, "Blåbærgrød");
	assert_int_equal(c.articles[li].enc, TEXT_ENC_CP1252);
	assert_string_equal(c.articles[li].source, "latin1");
	assert_string_equal(c.articles[li].lang, "da");
	corpus_free(&c);
}

static void test_metadata(void **state)
{
	struct corpus c = {0};
	char *paths[] = {root};
	const struct article *a;

	(void)state;
	corpus_load(&c, paths, 1);
	a = &c.articles[corpus_find(&c, "a.txt")];
	assert_string_equal(a->source, "Example Post");
	assert_string_equal(a->date, "2020-02-29");
	assert_string_equal(a->lang, "en");
	assert_string_equal(a->title, "The real headline");
	assert_string_equal(a->url, "https://example.com/a");
	/* iniparser lower-cases [Mixed.TXT]; it still finds Mixed.txt */
	a = &c.articles[corpus_find(&c, "Mixed.txt")];
	assert_string_equal(a->source, "Mixed case");
	assert_string_equal(a->title, "Mixed");
	/* bad values are warned about and leave the detected ones */
	a = &c.articles[corpus_find(&c, "sub/b.txt")];
	assert_string_equal(a->date, "2017-09-24");
	assert_string_equal(a->source, "b");
	assert_true(has_warning(&c, "corpus.ini: [a.txt] colour: unknown key"));
	assert_true(has_warning(&c, "corpus.ini: [missing.txt]: no such article"));
	assert_true(has_warning(&c, "[sub/b.txt] date: not a date"));
	assert_true(has_warning(&c, "[sub/b.txt] language: not a language"));
	assert_int_equal(c.nwarnings, 4);
	corpus_free(&c);
}

static void test_bad_ini(void **state)
{
	struct corpus c = {0};
	char *ini_path = util_xasprintf("%s/broken.ini", root);

	(void)state;
	puts_file("broken.ini", "[a.txt]\nthis line is not a key\n");
	corpus_add_text(&c, "a.txt", "Title\n", 6);
	assert_int_equal(corpus_apply_meta(&c, ini_path, ""), -1);
	assert_true(c.nwarnings >= 1);
	assert_true(has_warning(&c, "broken.ini"));
	assert_string_equal(c.articles[0].source, "a");
	corpus_free(&c);
	free(ini_path);
}

struct meta_run {
	const char *ini;
	struct corpus c;
};

/* A fresh corpus with corpus.ini r->ini applied, a number of times over. */
static void *apply_meta_run(void *arg)
{
	struct meta_run *r = arg;

	for (int k = 0; k < 20; k++) {
		corpus_free(&r->c);
		r->c = (struct corpus){0};
		corpus_add_text(&r->c, "a.txt", "Title\n", 6);
		corpus_apply_meta(&r->c, r->ini, "");
	}
	return NULL;
}

/* iniparser reports syntax errors through one callback for the whole
 * process: two corpus.ini files read at once (the loader thread and
 * another) each get exactly their own warnings. Under ThreadSanitizer
 * (make tsan) this also fails on an error collector they share. */
static void test_concurrent_bad_ini(void **state)
{
	struct meta_run alone[2], run[2];
	pthread_t tid[2];

	(void)state;
	puts_file("bad1.ini", "[a.txt]\nthis line is not a key\n");
	puts_file("bad2.ini", "[a.txt]\nnot a key\nnor this\nsource = b\n");
	for (int i = 0; i < 2; i++) {
		char *path = util_xasprintf("%s/bad%d.ini", root, i + 1);
		alone[i] = (struct meta_run){.ini = path};
		run[i] = (struct meta_run){.ini = path};
		apply_meta_run(&alone[i]);
		assert_true(alone[i].c.nwarnings >= 1);
	}
	assert_true(alone[0].c.nwarnings != alone[1].c.nwarnings);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&tid[i], NULL, apply_meta_run, &run[i]), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(tid[i], NULL), 0);
		assert_int_equal(run[i].c.nwarnings, alone[i].c.nwarnings);
		for (size_t w = 0; w < run[i].c.nwarnings; w++)
			assert_string_equal(run[i].c.warnings[w], alone[i].c.warnings[w]);
		corpus_free(&run[i].c);
		corpus_free(&alone[i].c);
		free((char *)run[i].ini);
	}
}

static void test_single_files(void **state)
{
	struct corpus c = {0};
	char *a = util_xasprintf("%s/a.txt", root);
	char *gone = util_xasprintf("%s/vanished.txt", root);
	char *paths[] = {a, gone};

	(void)state;
	/* A file that vanished between listing and reading: the same path
	 * through util_read_file as any other read error. */
	assert_int_equal(corpus_load(&c, paths, 2), 1);
	assert_string_equal(c.articles[0].file, "a.txt");
	assert_string_equal(c.articles[0].path, a);
	assert_int_equal(c.nskipped, 1);
	assert_string_equal(c.skipped[0].reason, strerror(ENOENT));
	assert_int_equal(corpus_add_file(&c, root, "x"), -1);
	assert_string_equal(c.skipped[1].reason, "is a directory");
	corpus_free(&c);
	free(a);
	free(gone);
}

static void test_add_text(void **state)
{
	struct corpus c = {0};
	const char *t = "Overskrift\n24. september 2017\nDet er en tekst, og den er på dansk.";

	(void)state;
	corpus_add_text(&c, "mem.txt", t, strlen(t));
	assert_int_equal(c.n, 1);
	assert_string_equal(c.articles[0].title, "Overskrift");
	assert_string_equal(c.articles[0].date, "2017-09-24");
	assert_string_equal(c.articles[0].lang, "da");
	assert_string_equal(c.articles[0].source, "mem");
	assert_int_equal(corpus_find(&c, "mem.txt"), 0);
	assert_int_equal(corpus_find(&c, "other.txt"), -1);
	corpus_free(&c);
	assert_int_equal(c.n, 0);
}

/* Enough files for the parallel reader: the result must be what reading
 * them one at a time gives, in file order, with the skips in listing
 * order. */
static void test_many_files(void **state)
{
	struct corpus c = {0}, one = {0};
	char *dir = util_xasprintf("%s/many", root);
	char *paths[] = {dir};

	(void)state;
	mkdir_rel("many");
	for (int i = 0; i < 300; i++) {
		char *rel = util_xasprintf("many/%03d.txt", 299 - i);
		char *body = util_xasprintf("Headline %d\n%d September 2017\n%s\n",
		                            i, i % 28 + 1, i % 2 ?
		                            "Det er en tekst, og den er ikke lang." :
		                            "This is a text and it is not long.");
		if (i % 50 == 7)
			put(rel, "\0\0bin", 5);
		else
			puts_file(rel, body);
		free(rel);
		free(body);
	}
	assert_int_equal(corpus_load(&c, paths, 1), 294);
	assert_int_equal(c.nskipped, 6);
	for (size_t i = 0; i < c.n; i++) {
		char *p = util_xasprintf("%s/%s", dir, c.articles[i].file);
		assert_int_equal(corpus_add_file(&one, p, c.articles[i].file), 0);
		const struct article *a = &c.articles[i], *b = &one.articles[i];
		if (i > 0)
			assert_true(strcmp(c.articles[i - 1].file, a->file) < 0);
		assert_string_equal(a->title, b->title);
		assert_string_equal(a->date, b->date);
		assert_string_equal(a->lang, b->lang);
		assert_int_equal(a->words, b->words);
		assert_int_equal(a->len, b->len);
		free(p);
	}
	for (size_t i = 1; i < c.nskipped; i++)
		assert_true(strcmp(c.skipped[i - 1].path, c.skipped[i].path) < 0);
	corpus_free(&c);
	corpus_free(&one);
	free(dir);
}

/* The list of names (a cold start's, corpus_list) is in the order the
 * loaded corpus will have, also where the walk does not give it: a
 * folder's files come after the folders named as their prefix ("x/a.txt"
 * is walked before "x.txt", which sorts first). */
static void test_list_order(void **state)
{
	struct corpus c = {0}, load = {0};
	char dir[] = "/tmp/kilde-order-XXXXXX";
	char *paths[] = {dir};
	static const char *const files[] = {"x/a.txt", "x.txt", "x-y.txt", "w.txt"};
	char *p, *cmd;

	(void)state;
	/* A folder of its own: the other tests count the files of root. */
	assert_non_null(mkdtemp(dir));
	p = util_xasprintf("%s/x", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		p = util_xasprintf("%s/%s", dir, files[i]);
		testutil_write(p, "Text\n", 5);
		free(p);
	}
	assert_int_equal(corpus_list(&c, paths, 1), 4);
	assert_int_equal(corpus_load(&load, paths, 1), 4);
	for (size_t i = 0; i < c.n; i++) {
		assert_string_equal(c.articles[i].file, load.articles[i].file);
		assert_string_equal(c.articles[i].path, load.articles[i].path);
	}
	assert_string_equal(c.articles[2].file, "x.txt");
	assert_string_equal(c.articles[3].file, "x/a.txt");
	corpus_free(&c);
	corpus_free(&load);
	cmd = util_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_bundled_corpus(void **state)
{
	struct corpus c = {0};
	char *paths[] = {SRC_PATH("corpus")};

	(void)state;
	assert_int_equal(corpus_load(&c, paths, 1), 5);
	assert_int_equal(c.nskipped, 0);
	assert_int_equal(c.nwarnings, 0);
	assert_string_equal(c.articles[0].file, "000_78b0cf8d7ad02d3c.txt");
	assert_string_equal(c.articles[1].date, "2017-09-24");
	assert_string_equal(c.articles[4].date, "2018-12-12");
	corpus_free(&c);
}

/* corpus_load_meta: the same articles, skips and metadata as corpus_load,
 * without texts in memory; corpus_text_get lends each text (and, from the
 * spill file, its word breaks) back, byte for byte. */
static void check_meta(bool spill)
{
	struct corpus c = {0}, m = {0};
	char *paths[] = {root};

	assert_int_equal(corpus_load_meta(&m, paths, 1, spill), corpus_load(&c, paths, 1));
	assert_int_equal(m.nskipped, c.nskipped);
	assert_int_equal(m.nwarnings, c.nwarnings);
	assert_int_equal(m.fingerprint, c.fingerprint);
	assert_int_equal(m.spill_fd > 0, spill);
	for (size_t i = 0; i < c.n; i++) {
		const struct article *a = &c.articles[i], *b = &m.articles[i];
		struct corpus_text t;
		assert_string_equal(a->file, b->file);
		assert_string_equal(a->title, b->title);
		assert_string_equal(a->date, b->date);
		assert_string_equal(a->lang, b->lang);
		assert_int_equal(a->words, b->words);
		assert_int_equal(a->len, b->len);
		assert_null(b->text);
		assert_null(b->brk);
		assert_int_equal(corpus_text_get(&m, i, &t), 0);
		assert_int_equal(t.len, a->len);
		assert_memory_equal(t.text, a->text, a->len + 1);
		if (spill) {
			assert_non_null(t.brk);
			assert_memory_equal(t.brk, a->brk, a->len / 8 + 1);
		} else {
			assert_null(t.brk);
		}
		corpus_text_put(&t);
		assert_null(t.own);
		/* An article with its text lends its own. */
		assert_int_equal(corpus_text_get(&c, i, &t), 0);
		assert_ptr_equal(t.text, a->text);
		assert_null(t.own);
		corpus_text_put(&t);
	}
	corpus_free(&c);
	corpus_free(&m);
}

static void test_load_meta(void **state)
{
	(void)state;
	check_meta(true);
	check_meta(false);
}

/* A file is read to its end, not to the size its stat gives: it may have
 * grown since. A file of /proc grows from nothing, as it were: its stat
 * says 0 bytes. */
static void test_read_past_size(void **state)
{
	struct corpus c = {0};
	char *paths[] = {"/proc/version"};
	struct stat st;
	uint8_t *raw;
	size_t len;

	(void)state;
	if (stat(paths[0], &st) < 0 || st.st_size != 0 ||
	    util_read_file(paths[0], 0, &raw, &len) != 0)
		skip();
	assert_int_equal(corpus_load(&c, paths, 1), 1);
	assert_int_equal(c.articles[0].len, len);
	assert_memory_equal(c.articles[0].text, raw, len);
	assert_int_equal(c.articles[0].size, (int64_t)len);
	free(raw);
	corpus_free(&c);
}

/* A folder of 400 texts of 6 to 12 KiB (3.6 MiB: several of the load's
 * batches for the spill file); dir is filled in. */
static void write_many(char *dir)
{
	struct strbuf body = {0};

	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 400; i++) {
		char *p = util_xasprintf("%s/%03d.txt", dir, i);

		body.len = 0;
		sb_printf(&body, "Headline %d\n\n", i);
		for (int k = 0; k < 100 + i % 100; k++)
			sb_printf(&body, "Sentence %d of text %d, in which words break. ", k, i);
		testutil_write(p, body.s, body.len);
		free(p);
	}
	sb_free(&body);
}

static void remove_dir(const char *dir)
{
	char *cmd = util_xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* The spill file is written a batch at a time: every text, its NUL and
 * its breaks are lent back as loaded, in two passes. And when the file
 * cannot take a batch (here: past the file size limit, as on a full
 * disk), its articles are read from their own files, checked against the
 * text they had: a file changed since gives no text. */
static void test_spill_batches(void **state)
{
	struct corpus c = {0}, m = {0}, full = {0};
	char dir[] = "/tmp/kilde-batches-XXXXXX";
	char *paths[] = {dir};
	struct rlimit was, lim;
	struct corpus_text t;
	size_t nspilled = 0;
	long last;

	(void)state;
	write_many(dir);
	assert_int_equal(corpus_load(&c, paths, 1), 400);
	assert_int_equal(corpus_load_meta(&m, paths, 1, true), 400);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < m.n; i++) {
			const struct article *a = &c.articles[i];

			assert_int_not_equal(m.articles[i].spill, CORPUS_NO_SPILL);
			assert_int_equal(corpus_text_get(&m, i, &t), 0);
			assert_int_equal(t.len, a->len);
			assert_memory_equal(t.text, a->text, a->len + 1);
			assert_memory_equal(t.brk, a->brk, a->len / 8 + 1);
			corpus_text_put(&t);
		}

	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	lim = was;
	lim.rlim_cur = 1536 * 1024;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(corpus_load_meta(&full, paths, 1, true), 400);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	signal(SIGXFSZ, SIG_DFL);
	last = -1;
	for (size_t i = 0; i < full.n; i++) {
		const struct article *a = &c.articles[i];

		if (full.articles[i].spill != CORPUS_NO_SPILL)
			nspilled++;
		else
			last = (long)i;
		assert_int_equal(corpus_text_get(&full, i, &t), 0);
		assert_memory_equal(t.text, a->text, a->len + 1);
		corpus_text_put(&t);
	}
	assert_true(nspilled > 0 && last >= 0);
	/* Same length, other text: not the one loaded. */
	{
		char *p = util_xasprintf("%s/%s", dir, full.articles[last].file);
		char *s = util_xstrndup(c.articles[last].text, c.articles[last].len);

		s[0] = s[0] == 'X' ? 'Y' : 'X';
		testutil_write(p, s, strlen(s));
		free(s);
		free(p);
	}
	assert_int_equal(corpus_text_get(&full, (size_t)last, &t), -1);
	corpus_free(&c);
	corpus_free(&m);
	corpus_free(&full);
	remove_dir(dir);
}

/* corpus_load_scan hands every article's text to the callback once, on
 * the reading threads, then keeps only the metadata; the file name the
 * callback sees is the very string the corpus keeps (how --grep finds the
 * article afterwards). */
struct seen_text {
	pthread_mutex_t lock;
	const char *file[300];
	char *text[300];
	size_t n;
	bool bad_worker;
};

static bool see_text(void *ctx, unsigned worker, const struct article *a)
{
	struct seen_text *s = ctx;

	pthread_mutex_lock(&s->lock);
	if (worker >= CORPUS_MAX_WORKERS)
		s->bad_worker = true;
	if (s->n < 300) {
		s->file[s->n] = a->file;
		s->text[s->n++] = util_xstrdup(a->text ? a->text : "(none)");
	}
	pthread_mutex_unlock(&s->lock);
	return true;
}

/* Files of an odd number of bytes are not wanted. */
static bool even_only(void *ctx, unsigned worker, const uint8_t *buf,
                      size_t len)
{
	(void)ctx;
	(void)worker;
	(void)buf;
	return len % 2 == 0;
}

static void free_seen(struct seen_text *s)
{
	for (size_t k = 0; k < s->n; k++)
		free(s->text[k]);
	s->n = 0;
}

/* corpus_load_scan with done: every file once, numbered in the corpus's
 * order (skipped ones NULL), each with its final source; afterwards the
 * corpus holds the articles' names alone. */
struct ranked {
	pthread_mutex_t lock;
	size_t nfiles, ndone, narticles;
	char *file[400];
	char *source[400];
	bool twice, bad_rank;
};

static void ranked_start(void *ctx, size_t nfiles)
{
	struct ranked *r = ctx;

	r->nfiles = nfiles;
}

static bool ranked_each(void *ctx, unsigned worker, const struct article *a)
{
	(void)ctx;
	(void)worker;
	(void)a;
	return false;
}

static void ranked_done(void *ctx, unsigned worker, size_t rank,
                        const struct article *a)
{
	struct ranked *r = ctx;

	(void)worker;
	pthread_mutex_lock(&r->lock);
	if (rank >= r->nfiles || rank >= 400) {
		r->bad_rank = true;
	} else if (r->file[rank]) {
		r->twice = true;
	} else {
		r->file[rank] = util_xstrdup(a ? a->file : "");
		r->source[rank] = util_xstrdup(a ? a->source : "");
		r->narticles += a != NULL;
	}
	r->ndone++;
	pthread_mutex_unlock(&r->lock);
}

static void check_ranked(const char *dir, size_t want)
{
	struct corpus c = {0}, m = {0};
	struct ranked r = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct corpus_scan scan = {.each = ranked_each, .start = ranked_start,
	                           .done = ranked_done, .ctx = &r};
	char *paths[] = {(char *)dir};
	size_t k = 0;

	assert_int_equal(corpus_load(&c, paths, 1), want);
	assert_int_equal(corpus_load_scan(&m, paths, 1, &scan), want);
	assert_true(c.nskipped > 0);
	assert_false(r.bad_rank);
	assert_false(r.twice);
	assert_int_equal(r.ndone, r.nfiles);
	assert_int_equal(r.narticles, c.n);
	assert_int_equal(m.nskipped, c.nskipped);
	/* The articles come by rank in the corpus's order. */
	for (size_t rank = 0; rank < r.nfiles; rank++) {
		if (!*r.file[rank])
			continue;
		assert_true(k < c.n);
		assert_string_equal(r.file[rank], c.articles[k].file);
		assert_string_equal(r.source[rank], c.articles[k].source);
		assert_string_equal(m.articles[k].file, c.articles[k].file);
		assert_null(m.articles[k].path);
		k++;
	}
	assert_int_equal(k, c.n);
	for (size_t i = 0; i < r.nfiles && i < 400; i++) {
		free(r.file[i]);
		free(r.source[i]);
	}
	corpus_free(&c);
	corpus_free(&m);
}

static void test_load_scan_ranked(void **state)
{
	char *dir = util_xasprintf("%s/many", root);

	(void)state;
	check_ranked(root, 300);
	check_ranked(dir, 294);
	free(dir);
}

static void test_load_each(void **state)
{
	struct corpus c = {0}, m = {0}, d = {0};
	struct seen_text s = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct corpus_scan all = {.each = see_text, .ctx = &s};
	struct corpus_scan some = {.wanted = even_only, .each = see_text,
	                           .date_only = true, .ctx = &s};
	char *dir = util_xasprintf("%s/many", root);
	char *paths[] = {dir};
	size_t even = 0;

	(void)state;
	assert_int_equal(corpus_load(&c, paths, 1), 294);
	assert_int_equal(corpus_load_scan(&m, paths, 1, &all), 294);
	assert_int_equal(s.n, 294);
	assert_false(s.bad_worker);
	assert_int_equal(m.nskipped, c.nskipped);
	for (size_t i = 0; i < m.n; i++) {
		size_t k = 0;

		while (k < s.n && s.file[k] != m.articles[i].file)
			k++;
		assert_true(k < s.n);
		assert_string_equal(s.text[k], c.articles[i].text);
		assert_string_equal(m.articles[i].title, c.articles[i].title);
		assert_string_equal(m.articles[i].date, c.articles[i].date);
		assert_null(m.articles[i].text);
		assert_null(m.articles[i].brk);
	}
	free_seen(&s);

	/* Unwanted files are neither decoded nor detected, but are
	 * articles all the same; the wanted ones get their date alone. */
	assert_int_equal(corpus_load_scan(&d, paths, 1, &some), 294);
	assert_int_equal(d.nskipped, c.nskipped);
	for (size_t i = 0; i < d.n; i++) {
		const struct article *a = &d.articles[i];
		size_t k = 0;

		assert_string_equal(a->file, c.articles[i].file);
		assert_string_equal(a->title, "");
		assert_string_equal(a->lang, "?");
		while (k < s.n && s.file[k] != a->file)
			k++;
		if (a->size % 2) {
			assert_true(k == s.n);
			assert_string_equal(a->date, "");
		} else {
			even++;
			assert_true(k < s.n);
			assert_string_equal(a->date, c.articles[i].date);
		}
	}
	assert_int_equal(s.n, even);
	assert_true(even > 0 && even < d.n);
	free_seen(&s);
	corpus_free(&d);
	corpus_free(&c);
	corpus_free(&m);
	free(dir);
}

/* A text read back must be the text loaded: the spill file keeps it even
 * when its file changes; without one, a changed file (even of the same
 * length) or a vanished one lends nothing. And with no place for a spill
 * file, the texts are read from their files. */
static void test_text_changed(void **state)
{
	struct corpus sp = {0}, rd = {0};
	char *dir = util_xasprintf("%s/changing", root);
	char *paths[] = {dir};
	struct corpus_text t;
	const char *old = getenv("TMPDIR");
	char *saved = old ? util_xstrdup(old) : NULL;

	(void)state;
	mkdir_rel("changing");
	puts_file("changing/a.txt", "Alpha text stays.\n");
	puts_file("changing/b.txt", "Bravo text changes.\n");
	assert_int_equal(corpus_load_meta(&sp, paths, 1, true), 2);
	setenv("TMPDIR", "/nonexistent/kilde-test", 1);
	assert_int_equal(corpus_load_meta(&rd, paths, 1, true), 2);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	assert_int_equal(rd.spill_fd, 0);
	assert_int_equal(corpus_text_get(&rd, 1, &t), 0);
	assert_string_equal(t.text, "Bravo text changes.\n");
	corpus_text_put(&t);

	puts_file("changing/b.txt", "Bravo text CHANGES.\n");
	assert_int_equal(corpus_text_get(&rd, 1, &t), -1);
	assert_null(t.text);
	assert_int_equal(corpus_text_get(&sp, 1, &t), 0);
	assert_string_equal(t.text, "Bravo text changes.\n");
	corpus_text_put(&t);
	puts_file("changing/b.txt", "Bravo text changes, and grows.\n");
	assert_int_equal(corpus_text_get(&rd, 1, &t), -1);
	char *p = util_xasprintf("%s/a.txt", dir);
	unlink(p);
	free(p);
	assert_int_equal(corpus_text_get(&rd, 0, &t), -1);
	assert_int_equal(corpus_text_get(&sp, 0, &t), 0);
	assert_string_equal(t.text, "Alpha text stays.\n");
	corpus_text_put(&t);
	corpus_free(&sp);
	corpus_free(&rd);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_folder),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_bad_ini),
		cmocka_unit_test(test_concurrent_bad_ini),
		cmocka_unit_test(test_single_files),
		cmocka_unit_test(test_add_text),
		cmocka_unit_test(test_many_files),
		cmocka_unit_test(test_list_order),
		cmocka_unit_test(test_bundled_corpus),
		cmocka_unit_test(test_load_meta),
		cmocka_unit_test(test_spill_batches),
		cmocka_unit_test(test_read_past_size),
		cmocka_unit_test(test_load_each),
		cmocka_unit_test(test_load_scan_ranked),
		cmocka_unit_test(test_text_changed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
