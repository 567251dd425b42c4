/* fuzz_xref.c - libFuzzer harness for the cross-reference engine (xref.c).
 * The input becomes 2-4 articles (split at ASCII RS, 0x1e, when present, so
 * seeds can carry whole articles; else in equal parts), the index is built,
 * and everything it hands out is checked: terms shared by >= 2 articles in
 * ascending order, occurrences sorted, inside the text, on character
 * boundaries and not overlapping, the TSV clean. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/xref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_term(const struct xref_index *ix, const struct corpus *c,
                       uint32_t t)
{
	const struct xref_term *term = xref_get(ix, t);

	FUZZ_ASSERT(term != NULL, "xref_get(%u) is NULL", (unsigned)t);
	FUZZ_ASSERT(term->display && *term->display, "term %u has no display",
	            (unsigned)t);
	fuzz_check_clean(term->display, strlen(term->display), "term display");
	FUZZ_ASSERT(term->forms != NULL, "term %u has no forms", (unsigned)t);
	fuzz_check_clean(term->forms, strlen(term->forms), "term forms");
	FUZZ_ASSERT(term->kind == XREF_NAME || term->kind == XREF_NUMBER ||
	                    term->kind == XREF_PASSAGE,
	            "term %u kind %d", (unsigned)t, (int)term->kind);
	FUZZ_ASSERT(term->narticles >= 2 && term->narticles <= c->n,
	            "term \"%s\" in %zu articles of %zu", term->display,
	            term->narticles, c->n);
	for (size_t i = 0; i < term->narticles; i++) {
		FUZZ_ASSERT(term->articles[i] < c->n, "term \"%s\": article %u",
		            term->display, (unsigned)term->articles[i]);
		FUZZ_ASSERT(i == 0 || term->articles[i - 1] < term->articles[i],
		            "term \"%s\": articles not ascending", term->display);
	}
}

static int term_in_article(const struct xref_term *term, size_t a)
{
	for (size_t i = 0; i < term->narticles; i++)
		if (term->articles[i] == a)
			return 1;
	return 0;
}

static void check_article(const struct xref_index *ix, const struct corpus *c,
                          size_t a)
{
	const struct article *art = &c->articles[a];
	size_t n = 0, nterms = 0, end = 0;
	const struct xref_occ *occ = xref_occs(ix, a, &n);
	const uint32_t *terms = xref_article_terms(ix, a, &nterms);
	size_t count = xref_count(ix);

	FUZZ_ASSERT(n == 0 || occ != NULL, "article %zu: %zu occurrences, NULL",
	            a, n);
	for (size_t i = 0; i < n; i++) {
		const struct xref_occ *o = &occ[i];

		FUZZ_ASSERT(o->term < count, "article %zu occ %zu: term %u of %zu",
		            a, i, (unsigned)o->term, count);
		FUZZ_ASSERT(o->len > 0, "article %zu occ %zu is empty", a, i);
		FUZZ_ASSERT(o->off <= art->len && o->len <= art->len - o->off,
		            "article %zu occ %zu (%zu+%zu) outside %zu bytes", a,
		            i, (size_t)o->off, (size_t)o->len, art->len);
		FUZZ_ASSERT(o->off >= end,
		            "article %zu occ %zu at %zu overlaps or precedes the "
		            "previous one ending at %zu",
		            a, i, (size_t)o->off, end);
		FUZZ_ASSERT(fuzz_char_boundary(art->text, art->len, o->off) &&
		                    fuzz_char_boundary(art->text, art->len,
		                                       o->off + o->len),
		            "article %zu occ %zu (%zu+%zu) cuts a character", a, i,
		            (size_t)o->off, (size_t)o->len);
		FUZZ_ASSERT(term_in_article(xref_get(ix, o->term), a),
		            "article %zu has an occurrence of \"%s\", which does "
		            "not list it",
		            a, xref_get(ix, o->term)->display);
		FUZZ_ASSERT(xref_first_occ(ix, a, o->term) <= o->off,
		            "xref_first_occ(%zu, %u) after an occurrence at %zu", a,
		            (unsigned)o->term, (size_t)o->off);
		end = o->off + o->len;
	}
	FUZZ_ASSERT(nterms == 0 || terms != NULL, "article %zu: terms NULL", a);
	for (size_t i = 0; i < nterms; i++) {
		const struct xref_term *t;

		FUZZ_ASSERT(terms[i] < count, "article %zu: term %u of %zu", a,
		            (unsigned)terms[i], count);
		t = xref_get(ix, terms[i]);
		FUZZ_ASSERT(term_in_article(t, a),
		            "article %zu lists \"%s\", which does not list it", a,
		            t->display);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct corpus c = {0};
	struct xref_options opt;
	struct xref_index *ix;
	char *tsv = NULL;
	size_t tsvlen = 0;
	FILE *f;

	if (size < 1)
		return 0;
	fuzz_split(&c, data + 1, size - 1, 2 + data[0] % 3);

	fuzz_xref_options(&opt, data[0]);
	ix = xref_build(&c, &opt);
	FUZZ_ASSERT(ix != NULL, "xref_build returned NULL");
	for (uint32_t t = 0; t < xref_count(ix); t++)
		check_term(ix, &c, t);
	for (size_t a = 0; a < c.n; a++)
		check_article(ix, &c, a);
	for (char *const *m = xref_messages(ix); m && *m; m++)
		(void)strlen(*m);

	f = open_memstream(&tsv, &tsvlen);
	if (!f)
		abort();
	xref_write_tsv(ix, &c, f);
	fclose(f);
	FUZZ_ASSERT(strncmp(tsv, "term\tkind\tforms\tarticles\tweight\tfirst\n", 38) == 0,
	            "TSV header missing");
	/* TSV keeps its tabs; everything else must be clean. */
	for (size_t i = 0; i < tsvlen; i++)
		if (tsv[i] == '\t')
			tsv[i] = ' ';
	fuzz_check_clean(tsv, tsvlen, "xref_write_tsv");
	free(tsv);

	xref_free(ix);
	corpus_free(&c);
	return 0;
}
