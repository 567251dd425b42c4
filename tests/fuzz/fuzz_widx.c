/* fuzz_widx.c - libFuzzer harness for the word index (wordidx.c): its
 * build against the matcher, and its reader. The input:
 *   byte 0     the number of articles, 2 + byte % 3
 *   byte 1     k = byte % 8: how many changes follow
 *   k x 3      u16 position (little-endian, modulo the length) and a byte:
 *              XORed in there, or 0: cut the bytes off at the position
 *   the rest   the articles (split at ASCII RS, 0x1e, else in equal parts)
 * Built from the articles, every article where a word or two of them is
 * found (as a substring and as whole words) must be a candidate. The bytes,
 * damaged, must read back as NULL or as an index whose candidates are
 * increasing article numbers of the corpus; undamaged, as the same bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/corpus.h"
#include "kilde/search.h"
#include "kilde/util.h"
#include "kilde/wordidx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Patterns from the articles: the first words of each, one and two. */
static size_t patterns(const struct corpus *c, char **out, size_t max)
{
	size_t n = 0;

	for (size_t a = 0; a < c->n && n + 2 <= max; a++) {
		const char *t = c->articles[a].text;
		size_t len = c->articles[a].len, s = 0, e, e2;

		while (s < len && (t[s] == ' ' || t[s] == '\n'))
			s++;
		for (e = s; e < len && t[e] != ' ' && t[e] != '\n'; e++)
			;
		if (e == s)
			continue;
		out[n++] = util_xstrndup(t + s, e - s);
		for (e2 = e + 1; e2 < len && t[e2] != ' ' && t[e2] != '\n'; e2++)
			;
		if (e < len)
			out[n++] = util_xstrndup(t + s, e2 - s);
	}
	return n;
}

static bool listed(const uint32_t *cand, long n, size_t a)
{
	for (long i = 0; i < n; i++)
		if (cand[i] == a)
			return true;
	return false;
}

/* Every article with a hit is a candidate. */
static void check_superset(const struct corpus *c, const struct wordidx *w,
                           const char *pat, unsigned mode)
{
	struct search_kwic kw;
	uint32_t *cand;
	long n = wordidx_candidates(w, &pat, 1, mode, &cand);

	if (n < 0)
		return;
	search_kwic_any(c, &pat, 1, mode, &kw);
	for (size_t i = 0; i < kw.n; i++)
		FUZZ_ASSERT(listed(cand, n, kw.hits[i].article),
		            "\"%s\" (mode %u) found in article %zu, not a candidate",
		            pat, mode, kw.hits[i].article);
	search_kwic_free(&kw);
	free(cand);
}

static void check_sane(const struct corpus *c, const struct wordidx *w,
                       char **pats, size_t np)
{
	for (size_t p = 0; p < np; p++) {
		uint32_t *cand;
		long n = wordidx_candidates(w, (const char *const *)&pats[p], 1,
		                            SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS,
		                            &cand);
		for (long i = 0; i < n; i++)
			FUZZ_ASSERT(cand[i] < c->n && (i == 0 || cand[i - 1] < cand[i]),
			            "candidate %ld: %u", i, (unsigned)cand[i]);
		free(cand);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct corpus c = {0};
	struct wordidx *w, *back;
	struct strbuf sb = {0}, again = {0};
	const uint8_t *edits;
	char *pats[16];
	size_t k, len, np;
	uint8_t *bytes;

	if (size < 2)
		return 0;
	k = fuzz_cache_input(&c, data, size, &edits);
	w = wordidx_build(&c, NULL);
	FUZZ_ASSERT(w != NULL, "no index of %zu articles", c.n);
	np = patterns(&c, pats, KILDE_ARRAY_LEN(pats));
	for (size_t p = 0; p < np; p++) {
		check_superset(&c, w, pats[p], SEARCH_MODE_DEFAULT);
		check_superset(&c, w, pats[p],
		               SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS);
	}
	wordidx_serialize(w, &sb);

	len = sb.len;
	bytes = fuzz_damaged_copy(sb.s, &len, edits, k);
	back = wordidx_deserialize(bytes, len, c.n);
	if (k == 0) {
		FUZZ_ASSERT(back != NULL, "an undamaged index of %zu bytes was "
		                          "refused", len);
		wordidx_serialize(back, &again);
		FUZZ_ASSERT(again.len == len && !memcmp(again.s, bytes, len),
		            "the index read back serialises differently");
		sb_free(&again);
	}
	if (back)
		check_sane(&c, back, pats, np);
	for (size_t p = 0; p < np; p++)
		free(pats[p]);
	wordidx_free(back);
	wordidx_free(w);
	free(bytes);
	sb_free(&sb);
	corpus_free(&c);
	return 0;
}
