/* test_ui_load.c - the warm start's loader (ui_load.c) without a terminal:
 * a corpus stripped of its texts, as it comes from the cache, can lend
 * them (from a spill file the loader wrote, not held in memory) when the
 * disk holds the same corpus; a text already read on demand (the reader
 * may show it) is kept, not replaced; and texts are ready only once the
 * loader was taken in. The replacing of
 * a changed corpus redraws the panes: e2e/cache.sh tests it. */
#include "testutil.h"

#include <string.h>
#include <time.h>

#include "kilde/corpus.h"
#include "kilde/ui_load.h"

static char *corpus_path[] = {SRC_PATH("corpus")};

/* The bundled corpus as the cache gives it: metadata, no texts. */
static void load_stripped(struct corpus *c)
{
	assert_int_equal(corpus_load(c, corpus_path, 1), 5);
	for (size_t i = 0; i < c->n; i++) {
		free(c->articles[i].text);
		free(c->articles[i].brk);
		c->articles[i].text = NULL;
		c->articles[i].brk = NULL;
	}
}

static void test_adopts_texts(void **state)
{
	struct corpus c = {0}, disk = {0};
	struct ui_options opt = {
		.paths = corpus_path, .npaths = 1, .texts_later = true,
	};
	struct ui ui = {.c = &c, .opt = &opt, .utf8 = true};
	char *shown;

	(void)state;
	load_stripped(&c);
	assert_int_equal(corpus_load(&disk, corpus_path, 1), 5);
	/* Article 2 was opened before the loader was done: its text is
	 * the reader's and must survive the adoption. */
	shown = util_xstrndup(disk.articles[2].text, disk.articles[2].len);
	c.articles[2].text = shown;

	assert_false(ui_load_texts_ready(&ui));
	ui_load_start(&ui);
	assert_non_null(ui.ld);
	assert_false(ui_load_texts_ready(&ui));
	ui_load_wait_quiet(&ui);
	assert_true(ui_load_texts_ready(&ui));
	assert_false(ui_load_busy(&ui));

	assert_int_equal(c.n, disk.n);
	/* The texts are not held: they are in the loader's spill file. */
	assert_true(c.spill_fd > 0);
	for (size_t i = 0; i < c.n; i++) {
		const struct article *a = &c.articles[i];
		struct corpus_text t;

		if (i != 2)
			assert_null(a->text);
		assert_int_equal(corpus_text_get(&c, i, &t), 0);
		assert_int_equal(t.len, disk.articles[i].len);
		assert_memory_equal(t.text, disk.articles[i].text, t.len + 1);
		corpus_text_put(&t);
		/* The files are the cached ones: only texts are read, no
		 * word breaks (xref_build segments an article that has
		 * none). */
		assert_null(a->brk);
	}
	assert_ptr_equal(c.articles[2].text, shown);
	/* The reader's text is read once and kept while the corpus is. */
	{
		size_t len = 0;
		const char *t0 = ui_article_text(&ui, 0, &len);

		assert_int_equal(len, disk.articles[0].len);
		assert_memory_equal(t0, disk.articles[0].text, len + 1);
		assert_ptr_equal(ui_article_text(&ui, 0, NULL), t0);
	}

	ui_load_free(&ui);
	assert_null(ui.ld);
	corpus_free(&disk);
	corpus_free(&c);
}

/* A corpus that did not come from the cache has its texts; nothing is
 * started. */
static void test_cold_needs_nothing(void **state)
{
	struct corpus c = {0};
	struct ui_options opt = {.paths = corpus_path, .npaths = 1};
	struct ui ui = {.c = &c, .opt = &opt, .utf8 = true};
	size_t len = 0;

	(void)state;
	assert_int_equal(corpus_load(&c, corpus_path, 1), 5);
	assert_true(ui_load_texts_ready(&ui));
	ui_load_start(&ui);
	assert_null(ui.ld);
	assert_false(ui_load_wait(&ui));
	assert_ptr_equal(ui_article_text(&ui, 1, &len), c.articles[1].text);
	assert_int_equal(len, c.articles[1].len);
	ui_load_free(&ui);
	corpus_free(&c);
}

/* A cold corpus loaded with corpus_load_meta: its texts are in the spill
 * file, and the loader, started late (after the index, by ui_load_poll or
 * by a wait that needs the texts now), leaves them there: they are lent
 * from it, never all held. */
static void test_spilled_corpus(void **state)
{
	struct corpus c = {0}, disk = {0};
	struct ui_options opt = {
		.paths = corpus_path, .npaths = 1, .texts_later = true,
	};
	struct ui ui = {.c = &c, .opt = &opt, .utf8 = true};

	(void)state;
	assert_int_equal(corpus_load(&disk, corpus_path, 1), 5);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(corpus_load_meta(&c, corpus_path, 1, true), 5);
		assert_true(c.spill_fd > 0);
		assert_false(ui_load_texts_ready(&ui));
		if (round == 0) {
			/* No index being built: the poll starts it. */
			ui_load_poll(&ui);
			assert_non_null(ui.ld);
		}
		/* Not started yet (round 1): a wait starts it. */
		ui_load_wait_quiet(&ui);
		assert_non_null(ui.ld);
		assert_true(ui_load_texts_ready(&ui));
		for (size_t i = 0; i < c.n; i++) {
			struct corpus_text t;

			assert_null(c.articles[i].text);
			assert_int_equal(c.articles[i].len, disk.articles[i].len);
			assert_int_equal(corpus_text_get(&c, i, &t), 0);
			assert_memory_equal(t.text, disk.articles[i].text,
			                    disk.articles[i].len + 1);
			corpus_text_put(&t);
			assert_null(c.articles[i].brk);
		}
		ui_load_free(&ui);
		corpus_free(&c);
	}
	corpus_free(&disk);
}

/* Texts read on demand while the loader runs, for a cache whose lengths
 * no longer match the files (the lengths the loader checks). The UI
 * thread must not write what the loader reads: under ThreadSanitizer
 * (make tsan) a length written into the article races with the loader's
 * read of it. The reader gets the file's text and length meanwhile, and
 * once the loader was taken in, the articles hold them. */
static void test_text_on_demand_while_loading(void **state)
{
	struct corpus c = {0}, disk = {0};
	struct ui_options opt = {
		.paths = corpus_path, .npaths = 1, .texts_later = true,
	};
	struct ui ui = {.c = &c, .opt = &opt, .utf8 = true};

	(void)state;
	load_stripped(&c);
	assert_int_equal(corpus_load(&disk, corpus_path, 1), 5);
	for (size_t i = 0; i < c.n; i++)
		c.articles[i].len += 1; /* the cache is older than the files */
	ui_load_start(&ui);
	for (size_t i = 0; i < c.n; i++) {
		size_t len = 0;
		const char *t = ui_article_text(&ui, i, &len);

		assert_int_equal(len, disk.articles[i].len);
		assert_memory_equal(t, disk.articles[i].text, len);
		/* The same copy when asked again. */
		assert_ptr_equal(ui_article_text(&ui, i, NULL), t);
	}
	ui_load_wait_quiet(&ui);
	for (size_t i = 0; i < c.n; i++) {
		assert_int_equal(c.articles[i].len, disk.articles[i].len);
		assert_memory_equal(c.articles[i].text, disk.articles[i].text,
		                    disk.articles[i].len);
	}
	ui_load_free(&ui);
	corpus_free(&disk);
	corpus_free(&c);
}

/* Quitting stops a running loader: it is joined, nothing is left
 * running, and nothing leaks (make unit-san). */
static void test_stop(void **state)
{
	struct corpus c = {0};
	struct ui_options opt = {
		.paths = corpus_path, .npaths = 1, .texts_later = true,
	};
	struct ui ui = {.c = &c, .opt = &opt, .utf8 = true};

	(void)state;
	load_stripped(&c);
	ui_load_start(&ui);
	ui_load_stop(&ui);
	assert_false(ui_load_busy(&ui));
	ui_load_free(&ui);
	assert_null(ui.ld);
	corpus_free(&c);
}

/* A cold start shows the names the folders list (corpus_list) and reads
 * the files behind them: the article under the cursor is readable at
 * once, from its file; the status bar counts the files read; the loader
 * reads nothing while keys come (each key holds it back 100 ms, and one
 * came before it started); and quitting stops it between files. The
 * corpus read replacing the names redraws the panes: e2e/stream.sh tests
 * that. */
static void test_listed_corpus(void **state)
{
	struct corpus c = {0}, disk = {0};
	struct ui_options opt = {
		.paths = corpus_path, .npaths = 1, .texts_later = true,
	};
	struct ui ui = {.c = &c, .opt = &opt, .utf8 = true};
	const struct timespec ms = {0, 1000 * 1000};
	size_t len = 0;
	bool seen_zero = false;

	(void)state;
	assert_int_equal(corpus_load(&disk, corpus_path, 1), 5);
	assert_int_equal(corpus_list(&c, corpus_path, 1), 5);
	assert_true(c.listed);
	for (size_t i = 0; i < c.n; i++) {
		assert_string_equal(c.articles[i].file, disk.articles[i].file);
		/* corpus.ini's metadata is there already. */
		assert_string_equal(c.articles[i].source, disk.articles[i].source);
		assert_null(c.articles[i].text);
	}
	assert_string_equal(ui_article_text(&ui, 1, &len), disk.articles[1].text);
	assert_int_equal(len, disk.articles[1].len);
	assert_null(ui_load_status(&ui));

	ui_load_key(&ui);
	ui_load_start(&ui);
	assert_true(ui_load_busy(&ui));
	for (int i = 0; i < 20; i++) {
		const char *st = ui_load_status(&ui);

		ui_load_key(&ui);
		assert_non_null(st);
		if (strcmp(st, "reading 0 of 5") == 0)
			seen_zero = true;
		nanosleep(&ms, NULL);
	}
	assert_true(seen_zero);
	ui_load_stop(&ui);
	assert_false(ui_load_busy(&ui));
	assert_null(ui_load_status(&ui));
	ui_load_free(&ui);
	corpus_free(&disk);
	corpus_free(&c);
}

/* With no cache, the first frame comes before the folders are listed:
 * the corpus is empty and says so ("reading the folder…"); the loader
 * lists the folders first, and the names alone replace the empty corpus
 * (corpus.ini applied, no file read yet), then it reads the files;
 * waiting for it ends with the corpus a load gives, its texts lent. */
static void test_names_later(void **state)
{
	static const struct view_ops none = {0};
	struct corpus c = {.listed = true}, disk = {0};
	struct config cfg = {0};
	struct ui_options opt = {
		.cfg = &cfg, .paths = corpus_path, .npaths = 1,
		.texts_later = true, .names_later = true,
	};
	struct ui ui = {.c = &c, .cfg = &cfg, .opt = &opt, .utf8 = true};
	const struct timespec ms = {0, 1000 * 1000};

	(void)state;
	for (int p = 0; p < PANE_COUNT; p++)
		ui.views[p].ops = &none;
	assert_int_equal(corpus_load(&disk, corpus_path, 1), 5);
	assert_true(ui_load_listing(&ui));
	assert_string_equal(ui_load_status(&ui), "reading the folder…");
	ui.utf8 = false;
	assert_string_equal(ui_load_status(&ui), "reading the folder...");
	ui.utf8 = true;

	ui_load_start(&ui);
	while (c.n == 0) {
		ui_load_poll(&ui);
		nanosleep(&ms, NULL);
	}
	/* The names, not yet the files read. */
	assert_false(ui_load_listing(&ui));
	assert_true(c.listed);
	assert_int_equal(c.n, disk.n);
	for (size_t i = 0; i < c.n; i++) {
		assert_string_equal(c.articles[i].file, disk.articles[i].file);
		assert_string_equal(c.articles[i].source, disk.articles[i].source);
		/* No file read yet: no text, no length. */
		assert_null(c.articles[i].text);
		assert_int_equal(c.articles[i].len, 0);
		assert_true(disk.articles[i].len > 0);
	}
	assert_false(ui_load_texts_ready(&ui));

	ui_load_wait_quiet(&ui);
	assert_true(ui_load_texts_ready(&ui));
	assert_false(c.listed);
	assert_null(ui_load_status(&ui));
	assert_int_equal(c.n, disk.n);
	for (size_t i = 0; i < c.n; i++) {
		struct corpus_text t;

		assert_string_equal(c.articles[i].file, disk.articles[i].file);
		assert_string_equal(c.articles[i].title, disk.articles[i].title);
		assert_int_equal(corpus_text_get(&c, i, &t), 0);
		assert_int_equal(t.len, disk.articles[i].len);
		assert_memory_equal(t.text, disk.articles[i].text, t.len + 1);
		corpus_text_put(&t);
	}
	ui_load_free(&ui);
	free(ui.seen);
	free(ui.msg);
	corpus_free(&disk);
	corpus_free(&c);
}

static void test_group_digits(void **state)
{
	char b[32];

	(void)state;
	util_group_digits(b, sizeof(b), 0);
	assert_string_equal(b, "0");
	util_group_digits(b, sizeof(b), 999);
	assert_string_equal(b, "999");
	util_group_digits(b, sizeof(b), 41200);
	assert_string_equal(b, "41,200");
	util_group_digits(b, sizeof(b), 100000);
	assert_string_equal(b, "100,000");
	util_group_digits(b, sizeof(b), 1234567);
	assert_string_equal(b, "1,234,567");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adopts_texts),
		cmocka_unit_test(test_cold_needs_nothing),
		cmocka_unit_test(test_spilled_corpus),
		cmocka_unit_test(test_text_on_demand_while_loading),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_listed_corpus),
		cmocka_unit_test(test_names_later),
		cmocka_unit_test(test_group_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
