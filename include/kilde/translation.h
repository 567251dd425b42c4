/* translation.h - translated sentences: a Danish sentence that renders an
 * English one (or the reverse), found without machine translation, by the
 * anchors the two have in common: names, numbers and the aliases that join
 * them across the languages (USA and United States, 28,4 milliarder kroner
 * and 28.4 billion kroner), as the cross-reference index resolved them.
 * Pure C, no ncurses.
 *
 * Two sentences are linked when they are in articles of different known
 * languages, at least TRANSLATION_MIN_ANCHORS different anchors line up in
 * both in the same order (a longest common subsequence), those make up at
 * least two thirds of the anchors of each (a long sentence that lists many
 * names is not the rendering of a short one that shares three), and their
 * lengths are within a factor of two. Anchors in more than half of the
 * corpus's articles (the index's common terms) do not count. */
#ifndef KILDE_TRANSLATION_H
#define KILDE_TRANSLATION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kilde/corpus.h"
#include "kilde/xref.h"

#define TRANSLATION_MIN_ANCHORS 3

struct translation {
	uint32_t a, b;       /* the articles, a < b */
	uint32_t aoff, alen; /* the sentence in a: a byte range of its text */
	uint32_t boff, blen; /* the one in b */
	uint32_t anchors;    /* how many anchors line up */
	const char *display; /* the opening of a's sentence (owned by the set) */
	const char *forms;   /* the openings of both, "|"-separated (owned) */
};

struct translation_set {
	struct translation *links; /* by a, then aoff, then b, then boff */
	size_t n;
};

/* The translated sentences of c, from ix built over it. Reads every text
 * once (corpus_text_get); returns NULL if a text could not be lent. */
struct translation_set *translation_find(const struct corpus *c,
                                         const struct xref_index *ix);
/* Rows for the --xrefs TSV, as xref_write_tsv writes them (term, kind
 * "translation", forms, the two articles, weight, first), without a header. */
void translation_write_tsv(const struct translation_set *ts,
                           const struct corpus *c, FILE *out);
void translation_free(struct translation_set *ts);

#endif
