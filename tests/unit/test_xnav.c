/* test_xnav.c - article labels, the back/forward history, stepping through
 * occurrences and mention counts (xnav.c). */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "kilde/corpus.h"
#include "kilde/layout.h"
#include "kilde/util.h"
#include "kilde/xnav.h"
#include "kilde/xref.h"

static void label_of(const char *file, const char *source, const char *want)
{
	struct article a = {.file = (char *)file, .source = (char *)source};
	char *l = xnav_label(&a);

	assert_string_equal(l, want);
	free(l);
}

static void test_label(void **state)
{
	(void)state;
	label_of("000_78b0cf8d7ad02d3c.txt", "000_78b0cf8d7ad02d3c", "000");
	label_of("001_445ba2664ba4056b.txt", "chinapost", "001");
	label_of("sub/dir/042_x.txt", "whatever", "042");
	label_of("reuters.txt", "Reuters", "Reuters");
	/* A leading underscore leaves nothing before it: the source. */
	label_of("_draft.txt", "draft", "draft");
	label_of("a_b_c.txt", "x", "a");
	label_of("plain", "", "plain");
}

static struct xnav_pos pos(size_t art, size_t top, long occ)
{
	return (struct xnav_pos){art, top, occ, 0};
}

static void assert_pos(struct xnav_pos p, size_t art, size_t top, long occ)
{
	assert_int_equal(p.art, art);
	assert_int_equal(p.top_off, top);
	assert_int_equal(p.occ, occ);
}

static void test_history(void **state)
{
	struct xnav_history h = {0};
	struct xnav_pos to, a = pos(0, 100, 3), b = pos(2, 0, 1), c = pos(4, 50, -1);
	(void)state;

	assert_false(xnav_back(&h, &a, &to));
	assert_false(xnav_forward(&h, &a, &to));
	/* a -> b -> c, then back twice, forward once. */
	xnav_jump(&h, &a);
	xnav_jump(&h, &b);
	assert_true(xnav_back(&h, &c, &to));
	assert_pos(to, 2, 0, 1);
	assert_true(xnav_back(&h, &to, &to));
	assert_pos(to, 0, 100, 3);
	assert_false(xnav_back(&h, &to, &to));
	assert_true(xnav_forward(&h, &a, &to));
	assert_pos(to, 2, 0, 1);
	assert_true(xnav_forward(&h, &to, &to));
	assert_pos(to, 4, 50, -1);
	assert_false(xnav_forward(&h, &to, &to));
	/* A new jump forgets what was ahead. */
	assert_true(xnav_back(&h, &c, &to));
	xnav_jump(&h, &to);
	assert_false(xnav_forward(&h, &to, &to));
	/* The same place twice in a row is kept once. */
	xnav_history_free(&h);
	xnav_jump(&h, &a);
	xnav_jump(&h, &a);
	assert_int_equal(h.nback, 1);
	xnav_history_free(&h);
}

static void test_history_limit(void **state)
{
	struct xnav_history h = {0};
	struct xnav_pos to, cur = pos(9999, 0, -1);
	size_t n = 0;
	(void)state;

	for (size_t i = 0; i < XNAV_HISTORY_MAX + 10; i++) {
		struct xnav_pos p = pos(i, i, -1);
		xnav_jump(&h, &p);
	}
	assert_int_equal(h.nback, XNAV_HISTORY_MAX);
	while (xnav_back(&h, &cur, &to)) {
		cur = to;
		n++;
	}
	assert_int_equal(n, XNAV_HISTORY_MAX);
	/* The oldest went first: the last one reached is number 10. */
	assert_int_equal(cur.art, 10);
	xnav_history_free(&h);
}

static void test_step(void **state)
{
	const struct xref_occ o[] = {{10, 3, 0}, {40, 5, 1}, {90, 2, 0}};
	bool w;
	(void)state;

	assert_int_equal(xnav_step(o, 0, -1, 0, 50, 1, &w), -1);
	/* From the top of the screen. */
	assert_int_equal(xnav_step(o, 3, -1, 0, 50, 1, &w), 0);
	assert_false(w);
	assert_int_equal(xnav_step(o, 3, -1, 40, 80, 1, &w), 1);
	assert_int_equal(xnav_step(o, 3, -1, 41, 80, 1, &w), 2);
	assert_int_equal(xnav_step(o, 3, -1, 91, 120, 1, &w), 0);
	assert_true(w);
	/* Backward, from the bottom of the screen. */
	assert_int_equal(xnav_step(o, 3, -1, 20, 41, -1, &w), 1);
	assert_false(w);
	assert_int_equal(xnav_step(o, 3, -1, 0, 10, -1, &w), 2);
	assert_true(w);
	/* From a current one on the screen, wrapping at both ends. */
	assert_int_equal(xnav_step(o, 3, 0, 0, 100, 1, &w), 1);
	assert_int_equal(xnav_step(o, 3, 2, 0, 100, 1, &w), 0);
	assert_true(w);
	assert_int_equal(xnav_step(o, 3, 0, 0, 100, -1, &w), 2);
	assert_true(w);
	assert_int_equal(xnav_step(o, 3, 2, 0, 100, -1, &w), 1);
	assert_false(w);
	/* Scrolled away from the current one, as less's n: the current
	 * one (0, at 10) is above the screen [60, 120): n goes to 2 (not
	 * back to 1), N to 2 as the last before the bottom; below the
	 * screen [0, 30) N finds none before and goes round. */
	assert_int_equal(xnav_step(o, 3, 0, 60, 120, 1, &w), 2);
	assert_false(w);
	assert_int_equal(xnav_step(o, 3, 0, 60, 120, -1, &w), 2);
	assert_int_equal(xnav_step(o, 3, 2, 0, 30, 1, &w), 0);
	assert_false(w);
	assert_int_equal(xnav_step(o, 3, 2, 0, 5, -1, &w), 2);
	assert_true(w);
}

static void test_counts(void **state)
{
	static const char *const texts[] = {
		"Report\n\nThe meeting in Aarhus was chaired by Mette Holm. "
		"Later Mette Holm went to Odense. Mette Holm said so.\n",
		"News\n\nYesterday Mette Holm spoke in Odense about the plan.\n",
	};
	struct corpus c = {0};
	struct xref_options o;
	struct xref_index *ix;
	unsigned counts[64];
	long mette = -1, odense = -1;
	(void)state;

	for (size_t i = 0; i < 2; i++) {
		char name[16];
		snprintf(name, sizeof(name), "%03zu_x.txt", i);
		corpus_add_text(&c, name, texts[i], strlen(texts[i]));
	}
	xref_default_options(&o);
	ix = xref_build(&c, &o);
	assert_true(xref_count(ix) <= 64);
	for (size_t t = 0; t < xref_count(ix); t++) {
		if (!strcmp(xref_get(ix, (uint32_t)t)->display, "Mette Holm"))
			mette = (long)t;
		if (!strcmp(xref_get(ix, (uint32_t)t)->display, "Odense"))
			odense = (long)t;
	}
	assert_true(mette >= 0);
	assert_true(odense >= 0);
	xnav_counts(ix, 0, 0, xref_count(ix), counts);
	assert_int_equal(counts[mette], 3);
	assert_int_equal(counts[odense], 1);
	xnav_counts(ix, 1, 0, xref_count(ix), counts);
	assert_int_equal(counts[mette], 1);
	/* A window of terms: only those are counted. */
	counts[1] = 77;
	xnav_counts(ix, 0, (uint32_t)mette, 1, counts);
	assert_int_equal(counts[0], 3);
	assert_int_equal(counts[1], 77);
	/* Rows that are not a run of terms (a story's matrix): Odense on
	 * row 0, Mette Holm on row 1, every other term on none. */
	{
		uint32_t row_of[64];

		for (size_t t = 0; t < 64; t++)
			row_of[t] = UINT32_MAX;
		row_of[odense] = 0;
		row_of[mette] = 1;
		counts[2] = 77;
		xnav_counts_rows(ix, 0, row_of, 0, 2, counts);
		assert_int_equal(counts[0], 1);
		assert_int_equal(counts[1], 3);
		assert_int_equal(counts[2], 77);
		/* A window of rows: row 1 alone, in out[0]. */
		xnav_counts_rows(ix, 0, row_of, 1, 1, counts);
		assert_int_equal(counts[0], 3);
	}
	xref_free(ix);
	corpus_free(&c);
}

/* Labels for a whole corpus: short, at most 16 columns, never two alike. */
static void test_labels(void **state)
{
	(void)state;
	static const char *const files[] = {
		"01-politiken-mette-f-faeroeerne-og-kina.txt", "02-politiken-nyt.txt",
		"03-bt-spontan-handling.txt", "100/000123.txt", "200/000123.txt",
		"001_445ba.txt", "reuters.txt", "en-meget-lang-overskrift-uden-tal.txt",
		"en-meget-lang-overskrift-uden-tal-2.txt", "bt1.txt", "bt2.txt",
	};
	struct corpus c = {0};
	char **l;

	for (size_t i = 0; i < KILDE_ARRAY_LEN(files); i++)
		corpus_add_text(&c, files[i], "Tekst.", 6);
	/* Two from one outlet, as corpus.ini says. */
	free(c.articles[9].source);
	free(c.articles[10].source);
	c.articles[9].source = util_xstrdup("B.T.");
	c.articles[10].source = util_xstrdup("B.T.");
	l = xnav_labels(&c);
	assert_string_equal(l[0], "01-politiken");
	assert_string_equal(l[1], "02-politiken");
	assert_string_equal(l[2], "03-bt");
	assert_string_equal(l[3], "100/000123");
	assert_string_equal(l[4], "200/000123");
	assert_string_equal(l[5], "001");
	assert_string_equal(l[6], "reuters");
	for (size_t i = 0; i < c.n; i++) {
		assert_true(layout_width(l[i], strlen(l[i])) <= XNAV_LABEL_COLS);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(l[i], l[j]);
	}
	/* The two long names differ at their ends, and keep them. */
	assert_non_null(strstr(l[8], "tal-2"));
	assert_non_null(strstr(l[9], "B.T."));
	xnav_labels_free(l, c.n);
	corpus_free(&c);
}

/* A shared passage that names cut into pieces counts once. */
static void test_passage_counts_once(void **state)
{
	(void)state;
	const char *t[] = {
		"Intro one. The committee said that Huawei and Ericsson would both be asked to "
		"explain the deal in full before the end of the year. Outro.",
		"Other start. The committee said that Huawei and Ericsson would both be asked to "
		"explain the deal in full before the end of the year. Other end.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = xref_build(&c, NULL);
	size_t n, pieces = 0;
	const struct xref_occ *o = xref_occs(ix, 0, &n);
	long p = -1;
	unsigned counts[64];

	for (size_t i = 0; i < n; i++)
		if (xref_get(ix, o[i].term)->kind == XREF_PASSAGE) {
			p = o[i].term;
			pieces++;
		}
	assert_true(p >= 0);
	assert_true(pieces >= 2);
	assert_int_equal(xnav_mentions(ix, 0, (uint32_t)p), 1);
	assert_true(xref_count(ix) <= 64);
	xnav_counts(ix, 0, 0, xref_count(ix), counts);
	assert_int_equal(counts[p], 1);
	xref_free(ix);
	corpus_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_passage_counts_once),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_history_limit),
		cmocka_unit_test(test_step),
		cmocka_unit_test(test_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
