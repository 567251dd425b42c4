/* provenance.h - where a term or passage started: of the articles that
 * have it, the one with the earliest date, and which repeat it. Pure C, no
 * ncurses.
 *
 * Only a date can say which came first. An undated article is not placed
 * before or after anyone: it is neither first nor a repeat, and callers
 * say so. Articles of the same earliest date are all first (a tie is a
 * tie, not decided by file name). */
#ifndef KILDE_PROVENANCE_H
#define KILDE_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/corpus.h"
#include "kilde/xref.h"

/* Of the articles arts[0..n) of c, writes into first (room for n) those
 * with the earliest date, in the order of arts, and returns how many: 0
 * when none of them is dated. If undated is not NULL, it is set to how
 * many of arts have no date. */
size_t provenance_first(const struct corpus *c, const uint32_t *arts, size_t n,
                        uint32_t *first, size_t *undated);

/* Whether article a repeats what the articles first[0..nfirst) had first:
 * a is dated, later than they are, and not one of them. */
bool provenance_repeats(const struct corpus *c, const uint32_t *first,
                        size_t nfirst, uint32_t a);

/* ---- per article, for the interface ------------------------------------ */

/* Article a repeats passages that article from had first: how many, and
 * the occurrence (xref_occs of from) of the one from has earliest, where
 * a reader going back to the original starts. */
struct provenance_repeat {
	uint32_t from;
	uint32_t passages;
	uint32_t occ;
};

/* Article a had term first (a name or a number in at most half the
 * articles and not common, that a later article repeats): alone (with == PROVENANCE_ALONE) or on the same
 * date as article with (a tie: one record per other first article). */
struct provenance_lead {
	uint32_t with;
	uint32_t term;
};
#define PROVENANCE_ALONE UINT32_MAX

struct provenance_index;

/* What every article of c repeats and had first, from the index ix built
 * over c: once per index, so that showing an article's provenance is a
 * lookup. NULL if ix is NULL. */
struct provenance_index *provenance_index_build(const struct corpus *c,
                                                const struct xref_index *ix);
/* Article a's repeats, by from's date and then from. */
const struct provenance_repeat *
provenance_index_repeats(const struct provenance_index *p, size_t a,
                         size_t *n);
/* Article a's leads: the ones alone first, then the ties by with; within
 * each the most telling term first (term numbers ascending). */
const struct provenance_lead *
provenance_index_leads(const struct provenance_index *p, size_t a, size_t *n);
/* How many passages article a had first (alone or tied) that a later
 * article repeats. */
uint32_t provenance_index_first_passages(const struct provenance_index *p,
                                         size_t a);
void provenance_index_free(struct provenance_index *p);

/* The byte form of p, made over a corpus of n articles and an index of
 * nterms terms, for the cache (cache_save_provenance). */
struct strbuf;
void provenance_index_serialize(const struct provenance_index *p, size_t n,
                                size_t nterms, struct strbuf *out);
/* Reads back what provenance_index_serialize wrote for c and ix: NULL
 * unless every count adds up to the bytes, every article, term and
 * occurrence is one of c and ix, and each article's records are in the
 * order documented above. Trusts nothing in buf. */
struct provenance_index *provenance_index_deserialize(const void *buf,
                                                      size_t len,
                                                      const struct corpus *c,
                                                      const struct xref_index *ix);

#endif
