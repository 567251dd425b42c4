/* test_translation.c - translated sentences: a Danish quote and its
 * English rendering linked by the names and figures they share in the same
 * order; a look-alike with too few anchors, and the same anchors out of
 * order, not linked; the --xrefs rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/translation.h"
#include "kilde/util.h"
#include "kilde/xref.h"
#include "testutil.h"

/* The index as kilde builds it: the shipped aliases join the languages. */
static struct xref_index *build(const struct corpus *c)
{
	struct config cfg;
	struct xref_options o;
	struct xref_index *ix;

	config_init(&cfg);
	config_xref_options(&cfg, &o);
	o.threads = 1;
	ix = xref_build(c, &o);
	config_free(&cfg);
	return ix;
}

/* Short texts: their languages are set as a corpus.ini would. */
static const char *const langs[] = {"da", "en", "da"};

static struct corpus corpus_of(const char *const *t, const char *const *l,
                               size_t n)
{
	struct corpus c = testutil_corpus(t, n);

	for (size_t i = 0; i < n; i++)
		strcpy(c.articles[i].lang, l[i]);
	return c;
}

static const char *texts[] = {
	/* 0 da: the quote. */
	"Ørsted stopper projekter\n\nSelskabet har haft en hård uge. "
	"Topchef Mads Nipper sagde onsdag til Ritzau, at Ørsted skriver 28,4 "
	"milliarder kroner ned på projekterne i New Jersey. Aktien faldt.\n",
	/* 1 en: its rendering, and a look-alike sentence with two anchors. */
	"Orsted halts projects\n\nIt has been a hard week for the company. "
	"Chief executive Mads Nipper told Ritzau on Wednesday that Ørsted is "
	"writing down 28.4 billion kroner on the projects in New Jersey. "
	"Mads Nipper also said Ørsted would keep its other plans.\n",
	/* 2 da: the look-alike's Danish side and the anchors out of order. */
	"Ørsted fortsætter\n\nMads Nipper siger, at Ørsted fortsætter med "
	"andre planer. I New Jersey skriver man 28,4 milliarder kroner ned, "
	"oplyste Ritzau, og det sagde Mads Nipper også.\n",
};

static void test_translated_quote_linked(void **state)
{
	(void)state;
	struct corpus c = corpus_of(texts, langs, KILDE_ARRAY_LEN(texts));
	struct xref_index *ix = build(&c);
	struct translation_set *ts = translation_find(&c, ix);
	const struct translation *l;

	assert_non_null(ts);
	assert_int_equal(ts->n, 1);
	l = &ts->links[0];
	assert_int_equal(l->a, 0);
	assert_int_equal(l->b, 1);
	assert_true(l->anchors >= TRANSLATION_MIN_ANCHORS);
	assert_true(strncmp(c.articles[0].text + l->aoff, "Topchef Mads Nipper", 19) == 0);
	assert_true(strncmp(c.articles[1].text + l->boff, "Chief executive", 15) == 0);
	assert_non_null(strstr(l->forms, "|Chief executive Mads Nipper"));
	translation_free(ts);
	xref_free(ix);
	corpus_free(&c);
}

/* Without the sentence that renders it, the quote links to nothing: the
 * look-alike shares two anchors, the reordered one four out of order. */
static void test_look_alike_not_linked(void **state)
{
	(void)state;
	const char *only[] = {texts[1], texts[2]};
	struct corpus c = corpus_of(only, langs + 1, 2);
	struct xref_index *ix = build(&c);
	struct translation_set *ts = translation_find(&c, ix);

	assert_non_null(ts);
	assert_int_equal(ts->n, 0);
	translation_free(ts);
	xref_free(ix);
	corpus_free(&c);
}

static void test_rows_for_xrefs(void **state)
{
	(void)state;
	struct corpus c = corpus_of(texts, langs, KILDE_ARRAY_LEN(texts));
	struct xref_index *ix = build(&c);
	struct translation_set *ts = translation_find(&c, ix);
	char *buf = NULL;
	size_t len = 0, tabs = 0, htabs = 0;
	FILE *f;

	free(c.articles[1].date);
	c.articles[1].date = util_xstrdup("2023-11-01");
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	xref_write_tsv(ix, &c, f);
	translation_write_tsv(ts, &c, f);
	fclose(f);
	const char *row = strstr(buf, "\ttranslation\t");
	assert_non_null(row);
	while (row > buf && row[-1] != '\n')
		row--;
	assert_true(strncmp(row, "Topchef Mads Nipper", 19) == 0);
	assert_non_null(strstr(row, "\t000.txt,001.txt\t"));
	assert_non_null(strstr(row, "\t001.txt\n"));
	/* As many columns as the header names. */
	for (const char *p = buf; *p != '\n'; p++)
		htabs += *p == '\t';
	for (const char *p = row; *p != '\n'; p++)
		tabs += *p == '\t';
	assert_int_equal(tabs, htabs);
	free(buf);
	translation_free(ts);
	xref_free(ix);
	corpus_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translated_quote_linked),
		cmocka_unit_test(test_look_alike_not_linked),
		cmocka_unit_test(test_rows_for_xrefs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
