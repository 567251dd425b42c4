/* fuzz_xcache.c - libFuzzer harness for the index's byte form
 * (xref_cache.c). The input is a corpus, as fuzz_xref reads one, preceded
 * by damage to do to its serialised index:
 *   byte 0     as in fuzz_xref: parts, alias table, passage length
 *   byte 1     k = byte % 8: how many changes follow
 *   k x 3      u16 position (little-endian, modulo the length) and a byte:
 *              XORed in there, or 0: cut the bytes off at the position
 *   the rest   the articles (split at ASCII RS, 0x1e, else in equal parts)
 * The index is built, serialised, damaged and read back against the same
 * corpus. Undamaged (k = 0), it must come back equal in every query and
 * serialise to the same bytes; damaged, it must come back NULL or hold
 * every invariant xref.h promises, checked without the text, as kilde uses
 * an index read from the cache. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/util.h"
#include "kilde/xref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *tsv_of(const struct xref_index *ix, const struct corpus *c,
                    size_t *len)
{
	char *s = NULL;
	FILE *f = open_memstream(&s, len);

	if (!f)
		abort();
	xref_write_tsv(ix, c, f);
	fclose(f);
	return s;
}

/* Every query answers the same on the built index a and the read one b. */
static void check_equal(const struct xref_index *a, const struct xref_index *b,
                        const struct corpus *c)
{
	char *const *ma = xref_messages(a), *const *mb = xref_messages(b);
	char *ta, *tb;
	size_t tal, tbl;

	FUZZ_ASSERT(xref_count(a) == xref_count(b), "%zu terms read back as %zu",
	            xref_count(a), xref_count(b));
	for (uint32_t t = 0; t < xref_count(a); t++) {
		const struct xref_term *x = xref_get(a, t), *y = xref_get(b, t);

		FUZZ_ASSERT(!strcmp(x->display, y->display) &&
		                    !strcmp(x->forms, y->forms) &&
		                    x->kind == y->kind && x->common == y->common &&
		                    x->narticles == y->narticles &&
		                    !memcmp(x->articles, y->articles,
		                            x->narticles * sizeof(uint32_t)),
		            "term %u \"%s\" read back differently", (unsigned)t,
		            x->display);
		FUZZ_ASSERT(xref_find(a, x->display) == xref_find(b, x->display),
		            "xref_find(\"%s\") differs", x->display);
	}
	for (size_t art = 0; art < c->n; art++) {
		size_t na, nb, ka, kb;
		const struct xref_occ *oa = xref_occs(a, art, &na);
		const struct xref_occ *ob = xref_occs(b, art, &nb);
		const uint32_t *la = xref_article_terms(a, art, &ka);
		const uint32_t *lb = xref_article_terms(b, art, &kb);

		FUZZ_ASSERT(na == nb && ka == kb,
		            "article %zu: %zu/%zu occurrences and terms read back as "
		            "%zu/%zu",
		            art, na, ka, nb, kb);
		for (size_t i = 0; i < na; i++)
			FUZZ_ASSERT(oa[i].off == ob[i].off && oa[i].len == ob[i].len &&
			                    oa[i].term == ob[i].term,
			            "article %zu occurrence %zu differs", art, i);
		FUZZ_ASSERT(ka == 0 || !memcmp(la, lb, ka * sizeof(*la)),
		            "article %zu: term list differs", art);
	}
	for (size_t i = 0; ma && ma[i]; i++)
		FUZZ_ASSERT(mb && mb[i] && !strcmp(ma[i], mb[i]),
		            "message %zu differs", i);
	FUZZ_ASSERT((ma == NULL) == (mb == NULL), "messages NULL on one side");
	ta = tsv_of(a, c, &tal);
	tb = tsv_of(b, c, &tbl);
	FUZZ_ASSERT(tal == tbl && !memcmp(ta, tb, tal), "TSV differs");
	free(ta);
	free(tb);
}

static int lists(const struct xref_term *x, size_t a)
{
	for (size_t i = 0; i < x->narticles; i++)
		if (x->articles[i] == a)
			return 1;
	return 0;
}

/* What xref.h promises of any index, with only the articles' lengths. */
static void check_sane(const struct xref_index *ix, const struct corpus *c)
{
	size_t count = xref_count(ix), tl;

	for (uint32_t t = 0; t < count; t++) {
		const struct xref_term *x = xref_get(ix, t);

		FUZZ_ASSERT(x && x->display && x->forms, "term %u", (unsigned)t);
		(void)strlen(x->display);
		(void)strlen(x->forms);
		FUZZ_ASSERT(x->kind == XREF_NAME || x->kind == XREF_NUMBER ||
		                    x->kind == XREF_PASSAGE,
		            "term %u kind %d", (unsigned)t, (int)x->kind);
		FUZZ_ASSERT(x->narticles >= 2 && x->narticles <= c->n,
		            "term %u in %zu articles of %zu", (unsigned)t,
		            x->narticles, c->n);
		for (size_t i = 0; i < x->narticles; i++)
			FUZZ_ASSERT(x->articles[i] < c->n &&
			                    (i == 0 || x->articles[i - 1] < x->articles[i]),
			            "term %u: article list", (unsigned)t);
	}
	for (size_t a = 0; a < c->n; a++) {
		size_t n, k, end = 0;
		const struct xref_occ *o = xref_occs(ix, a, &n);
		const uint32_t *terms = xref_article_terms(ix, a, &k);

		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(o[i].term < count && o[i].len > 0 &&
			                    o[i].off >= end &&
			                    o[i].off <= c->articles[a].len &&
			                    o[i].len <= c->articles[a].len - o[i].off,
			            "article %zu occurrence %zu (%zu+%zu, term %u) of "
			            "%zu bytes",
			            a, i, (size_t)o[i].off, (size_t)o[i].len, (unsigned)o[i].term,
			            c->articles[a].len);
			FUZZ_ASSERT(lists(xref_get(ix, o[i].term), a),
			            "article %zu: occurrence of a term not listing it",
			            a);
			end = o[i].off + o[i].len;
		}
		for (size_t i = 0; i < k; i++)
			FUZZ_ASSERT(terms[i] < count && (i == 0 || terms[i - 1] < terms[i]) &&
			                    lists(xref_get(ix, terms[i]), a) &&
			                    xref_first_occ(ix, a, terms[i]) != (size_t)-1,
			            "article %zu: term list", a);
	}
	for (char *const *m = xref_messages(ix); m && *m; m++)
		(void)strlen(*m);
	free(tsv_of(ix, c, &tl));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct corpus c = {0};
	struct xref_options opt;
	struct xref_index *ix, *back;
	struct strbuf sb = {0}, again = {0};
	const uint8_t *edits;
	size_t k, len;
	uint8_t *bytes;

	if (size < 2)
		return 0;
	k = fuzz_cache_input(&c, data, size, &edits);

	fuzz_xref_options(&opt, data[0]);
	ix = xref_build(&c, &opt);
	xref_serialize(ix, &sb);

	len = sb.len;
	bytes = fuzz_damaged_copy(sb.s, &len, edits, k);
	back = xref_deserialize(bytes, len, &c);
	if (k == 0) {
		FUZZ_ASSERT(back != NULL, "an undamaged index of %zu bytes was "
		                          "refused", len);
		check_equal(ix, back, &c);
		xref_serialize(back, &again);
		FUZZ_ASSERT(again.len == len && !memcmp(again.s, bytes, len),
		            "the index read back serialises differently");
		sb_free(&again);
	}
	if (back)
		check_sane(back, &c);
	xref_free(back);
	free(bytes);
	sb_free(&sb);
	xref_free(ix);
	corpus_free(&c);
	return 0;
}
