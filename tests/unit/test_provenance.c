/* test_provenance.c - which article has a term first: the earliest dated,
 * ties all first, undated articles neither first nor repeats; and the
 * `first` column of the --xrefs TSV on a copy that repeats two paragraphs
 * a week later. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/corpus.h"
#include "kilde/provenance.h"
#include "kilde/util.h"
#include "kilde/xref.h"
#include "testutil.h"

static struct corpus dated(const char *const *dates, size_t n)
{
	struct corpus c = {0};

	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "%zu.txt", i);
		corpus_add_text(&c, name, "x\n", 2);
		free(c.articles[i].date);
		c.articles[i].date = util_xstrdup(dates[i]);
	}
	return c;
}

static void test_earliest_dated_is_first(void **state)
{
	(void)state;
	static const char *dates[] = {"2024-03-20", "2024-03-12", "", "2024-04-01"};
	struct corpus c = dated(dates, 4);
	uint32_t arts[] = {0, 1, 2, 3}, first[4];
	size_t undated = 99;

	assert_int_equal(provenance_first(&c, arts, 4, first, &undated), 1);
	assert_int_equal(first[0], 1);
	assert_int_equal(undated, 1);
	assert_true(provenance_repeats(&c, first, 1, 0));
	assert_true(provenance_repeats(&c, first, 1, 3));
	/* The undated article may be older than all of them: not a repeat. */
	assert_false(provenance_repeats(&c, first, 1, 2));
	assert_false(provenance_repeats(&c, first, 1, 1));
	corpus_free(&c);
}

static void test_ties_are_ties(void **state)
{
	(void)state;
	static const char *dates[] = {"2024-03-20", "2024-03-12", "2024-03-12"};
	struct corpus c = dated(dates, 3);
	uint32_t arts[] = {2, 0, 1}, first[3];

	assert_int_equal(provenance_first(&c, arts, 3, first, NULL), 2);
	assert_int_equal(first[0], 2);
	assert_int_equal(first[1], 1);
	assert_false(provenance_repeats(&c, first, 2, 1));
	assert_false(provenance_repeats(&c, first, 2, 2));
	assert_true(provenance_repeats(&c, first, 2, 0));
	corpus_free(&c);
}

static void test_none_dated_has_no_first(void **state)
{
	(void)state;
	static const char *dates[] = {"", ""};
	struct corpus c = dated(dates, 2);
	uint32_t arts[] = {0, 1}, first[2];
	size_t undated = 0;

	assert_int_equal(provenance_first(&c, arts, 2, first, &undated), 0);
	assert_int_equal(undated, 2);
	assert_false(provenance_repeats(&c, first, 0, 1));
	corpus_free(&c);
}

/* The field of column col (0-based) of the TSV line that starts with
 * prefix, copied into buf. */
static const char *field(const char *tsv, const char *prefix, int col,
                         char *buf, size_t size)
{
	const char *line = tsv;

	while (line && strncmp(line, prefix, strlen(prefix)) != 0) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	assert_non_null(line);
	for (int i = 0; i < col; i++) {
		line = strchr(line, '\t');
		assert_non_null(line);
		line++;
	}
	size_t n = strcspn(line, "\t\n");
	assert_true(n < size);
	memcpy(buf, line, n);
	buf[n] = '\0';
	return buf;
}

static void test_xrefs_first_column(void **state)
{
	(void)state;
	char *const paths[] = {SRC_PATH("tests/data/provenance")};
	struct corpus c = {0};
	struct xref_index *ix;
	char *tsv = NULL, buf[256];
	size_t len = 0;
	FILE *f;

	corpus_load(&c, paths, 1);
	assert_int_equal(c.n, 4);
	ix = xref_build(&c, NULL);
	f = open_memstream(&tsv, &len);
	assert_non_null(f);
	xref_write_tsv(ix, &c, f);
	fclose(f);
	assert_non_null(strstr(tsv, "term\tkind\tforms\tarticles\tweight\tfirst\n"));
	/* The quotation the copy repeats a week later. */
	assert_string_equal(field(tsv, "We will not reopen", 1, buf, sizeof buf),
	                    "passage");
	assert_string_equal(field(tsv, "We will not reopen", 3, buf, sizeof buf),
	                    "01-harbour-original.txt,03-harbour-copy.txt");
	assert_string_equal(field(tsv, "We will not reopen", 5, buf, sizeof buf),
	                    "01-harbour-original.txt");
	/* A name the undated letter shares: the letter is not first. */
	assert_string_equal(field(tsv, "Maren Oddsdottir", 5, buf, sizeof buf),
	                    "01-harbour-original.txt");
	free(tsv);
	xref_free(ix);
	corpus_free(&c);
}

/* The articles' index in the corpus by file name. */
static size_t art_named(const struct corpus *c, const char *file)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->articles[i].file, file))
			return i;
	fail_msg("no article %s", file);
	return 0;
}

static bool leads_have(const struct xref_index *ix,
                       const struct provenance_lead *l, size_t n,
                       uint32_t with, const char *display)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].with == with &&
		    !strcmp(xref_get(ix, l[i].term)->display, display))
			return true;
	return false;
}

/* Per article, for the info pane: the copy repeats the original's two
 * paragraphs (one line, at the original's first of them), the original
 * had the number first, the undated letter has nothing,
 * and a name only the undated letter repeats is no lead. */
static void test_index_per_article(void **state)
{
	(void)state;
	char *const paths[] = {SRC_PATH("tests/data/provenance")};
	struct corpus c = {0};
	struct xref_index *ix;
	struct provenance_index *p;
	const struct provenance_repeat *r;
	const struct provenance_lead *l;
	const struct xref_occ *o;
	size_t n, no, orig, copy, letter, museum;

	corpus_load(&c, paths, 1);
	ix = xref_build(&c, NULL);
	p = provenance_index_build(&c, ix);
	assert_non_null(p);
	orig = art_named(&c, "01-harbour-original.txt");
	museum = art_named(&c, "02-museum-unrelated.txt");
	copy = art_named(&c, "03-harbour-copy.txt");
	letter = art_named(&c, "04-harbour-undated.txt");

	r = provenance_index_repeats(p, copy, &n);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].from, orig);
	assert_int_equal(r[0].passages, 2);
	/* The occurrence is the original's first shared passage. */
	o = xref_occs(ix, orig, &no);
	assert_true(r[0].occ < no);
	assert_int_equal(xref_get(ix, o[r[0].occ].term)->kind, XREF_PASSAGE);
	for (size_t i = 0; i < r[0].occ; i++)
		assert_int_not_equal(xref_get(ix, o[i].term)->kind, XREF_PASSAGE);

	l = provenance_index_leads(p, orig, &n);
	assert_true(leads_have(ix, l, n, PROVENANCE_ALONE, "18,000 cyclists"));
	/* In three of the four articles: more than half, not telling. */
	assert_false(leads_have(ix, l, n, PROVENANCE_ALONE, "Maren Oddsdottir"));
	assert_false(leads_have(ix, l, n, PROVENANCE_ALONE, "Langebro"));
	provenance_index_repeats(p, orig, &n);
	assert_int_equal(n, 0);
	assert_int_equal(provenance_index_first_passages(p, orig), 2);
	assert_int_equal(provenance_index_first_passages(p, copy), 0);

	provenance_index_repeats(p, letter, &n);
	assert_int_equal(n, 0);
	provenance_index_leads(p, letter, &n);
	assert_int_equal(n, 0);
	provenance_index_leads(p, museum, &n);
	assert_int_equal(n, 0);
	provenance_index_leads(p, copy, &n);
	assert_int_equal(n, 0);
	provenance_index_free(p);
	xref_free(ix);
	corpus_free(&c);
}

static const char *const tie_texts[] = {
	"Harbour news\n\nThe engineer Maren Oddsdottir said the "
	"girders of the old bridge must all be measured again before "
	"it opens.\n",
	"Bridge news\n\nThe engineer Maren Oddsdottir said the "
	"girders of the old bridge must all be measured again before "
	"it opens.\n",
	"Later news\n\nThe engineer Maren Oddsdottir said the "
	"girders of the old bridge must all be measured again before "
	"it opens.\n",
	"Museum\n\nThe museum opens a wing of paintings on Friday.\n",
	"Weather\n\nRain falls over the islands through the weekend.\n",
	"Football\n\nThe club won its third match in a row at home.\n",
};

/* Two articles of the same day are both first, each "with" the other;
 * the later one repeats the passage from both. */
static void test_index_ties(void **state)
{
	(void)state;
	const char *const *texts = tie_texts;
	static const char *const dates[] = {"2024-03-12", "2024-03-12",
	                                    "2024-03-20", "2024-03-01",
	                                    "2024-03-02", "2024-03-03"};
	struct corpus c = {0};
	struct xref_index *ix;
	struct provenance_index *p;
	const struct provenance_repeat *r;
	const struct provenance_lead *l;
	size_t n;

	for (size_t i = 0; i < 6; i++) {
		char name[32];

		snprintf(name, sizeof name, "%zu.txt", i);
		corpus_add_text(&c, name, texts[i], strlen(texts[i]));
		free(c.articles[i].date);
		c.articles[i].date = util_xstrdup(dates[i]);
	}
	ix = xref_build(&c, NULL);
	p = provenance_index_build(&c, ix);
	l = provenance_index_leads(p, 0, &n);
	assert_true(leads_have(ix, l, n, 1, "Maren Oddsdottir"));
	assert_false(leads_have(ix, l, n, PROVENANCE_ALONE, "Maren Oddsdottir"));
	l = provenance_index_leads(p, 1, &n);
	assert_true(leads_have(ix, l, n, 0, "Maren Oddsdottir"));
	r = provenance_index_repeats(p, 2, &n);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].from, 0);
	assert_int_equal(r[1].from, 1);
	assert_int_equal(r[0].passages, 1);
	assert_int_equal(provenance_index_first_passages(p, 0), 1);
	assert_int_equal(provenance_index_first_passages(p, 1), 1);
	assert_int_equal(provenance_index_first_passages(p, 2), 0);
	provenance_index_leads(p, 2, &n);
	assert_int_equal(n, 0);
	provenance_index_free(p);
	xref_free(ix);
	corpus_free(&c);
}


/* Every article's records alike in a and b. */
static void assert_same_index(const struct provenance_index *a,
                              const struct provenance_index *b, size_t n)
{
	for (size_t art = 0; art < n; art++) {
		size_t na, nb;
		const struct provenance_repeat *ra = provenance_index_repeats(a, art, &na);
		const struct provenance_repeat *rb = provenance_index_repeats(b, art, &nb);
		const struct provenance_lead *la, *lb;

		assert_int_equal(na, nb);
		for (size_t i = 0; i < na; i++) {
			assert_int_equal(ra[i].from, rb[i].from);
			assert_int_equal(ra[i].passages, rb[i].passages);
			assert_int_equal(ra[i].occ, rb[i].occ);
		}
		la = provenance_index_leads(a, art, &na);
		lb = provenance_index_leads(b, art, &nb);
		assert_int_equal(na, nb);
		for (size_t i = 0; i < na; i++) {
			assert_int_equal(la[i].with, lb[i].with);
			assert_int_equal(la[i].term, lb[i].term);
		}
		assert_int_equal(provenance_index_first_passages(a, art),
		                 provenance_index_first_passages(b, art));
	}
}

/* The bytes with the u32 at off replaced by v, read back. */
static struct provenance_index *forged(const struct strbuf *sb, size_t off,
                                       uint32_t v, const struct corpus *c,
                                       const struct xref_index *ix)
{
	unsigned char *b = util_xmalloc(sb->len);
	struct provenance_index *p;

	memcpy(b, sb->s, sb->len);
	for (int i = 0; i < 4; i++)
		b[off + (size_t)i] = (unsigned char)(v >> (8 * i));
	p = provenance_index_deserialize(b, sb->len, c, ix);
	free(b);
	return p;
}

/* The byte form (for the cache) on the tie above: read back equal; cut
 * short, or with a record that names itself, a term or an occurrence
 * that is not there, or records out of order, refused. Article 2 repeats
 * from 0 and from 1 (its records the only repeats); 0 and 1 lead with
 * each other. */
static void test_index_byte_form(void **state)
{
	(void)state;
	static const char *const dates[] = {"2024-03-12", "2024-03-12",
	                                    "2024-03-20", "2024-03-01",
	                                    "2024-03-02", "2024-03-03"};
	struct corpus c = {0};
	struct xref_index *ix;
	struct provenance_index *p, *back;
	struct strbuf sb = {0}, again = {0};
	size_t n, reps, leads, nl;
	const struct provenance_lead *l;

	for (size_t i = 0; i < 6; i++) {
		char name[32];

		snprintf(name, sizeof name, "%zu.txt", i);
		corpus_add_text(&c, name, tie_texts[i], strlen(tie_texts[i]));
		free(c.articles[i].date);
		c.articles[i].date = util_xstrdup(dates[i]);
	}
	ix = xref_build(&c, NULL);
	p = provenance_index_build(&c, ix);
	provenance_index_serialize(p, c.n, xref_count(ix), &sb);
	back = provenance_index_deserialize(sb.s, sb.len, &c, ix);
	assert_non_null(back);
	assert_same_index(p, back, c.n);
	provenance_index_serialize(back, c.n, xref_count(ix), &again);
	assert_int_equal(again.len, sb.len);
	assert_memory_equal(again.s, sb.s, sb.len);
	provenance_index_free(back);
	for (size_t k = 0; k < sb.len; k++)
		assert_null(provenance_index_deserialize(sb.s, k, &c, ix));

	provenance_index_repeats(p, 2, &n);
	assert_int_equal(n, 2);
	reps = 32 + 8 * c.n;
	leads = reps + 12 * 2 + 4 * c.n;
	/* A repeat of itself, of an occurrence its source does not have,
	 * of no passage; the two sources in the wrong order. */
	assert_null(forged(&sb, reps, 2, &c, ix));
	assert_null(forged(&sb, reps + 12, 2, &c, ix));
	assert_null(forged(&sb, reps, (uint32_t)c.n, &c, ix));
	assert_null(forged(&sb, reps + 4, 0, &c, ix));
	assert_null(forged(&sb, reps + 8, 100000, &c, ix));
	assert_null(forged(&sb, reps + 12, 0, &c, ix));
	/* Counts that do not add up. */
	assert_null(forged(&sb, 32 + 4 * c.n, 1, &c, ix));
	assert_null(forged(&sb, 16, 3, &c, ix));
	assert_null(forged(&sb, 8, (uint32_t)xref_count(ix) + 1, &c, ix));
	/* Article 0's first lead: with itself; a term not in the index. */
	l = provenance_index_leads(p, 0, &nl);
	assert_true(nl >= 1);
	assert_int_equal(l[0].with, 1);
	assert_null(forged(&sb, leads, 0, &c, ix));
	assert_null(forged(&sb, leads + 4, (uint32_t)xref_count(ix), &c, ix));
	if (nl >= 2)
		assert_null(forged(&sb, leads + 4, l[1].term, &c, ix));
	back = forged(&sb, leads, PROVENANCE_ALONE, &c, ix);
	/* Alone is a partner anyone may have. */
	assert_non_null(back);
	provenance_index_free(back);
	sb_free(&sb);
	sb_free(&again);
	provenance_index_free(p);
	xref_free(ix);
	corpus_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_earliest_dated_is_first),
		cmocka_unit_test(test_ties_are_ties),
		cmocka_unit_test(test_none_dated_has_no_first),
		cmocka_unit_test(test_xrefs_first_column),
		cmocka_unit_test(test_index_per_article),
		cmocka_unit_test(test_index_ties),
		cmocka_unit_test(test_index_byte_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
