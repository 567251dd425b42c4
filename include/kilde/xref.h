/* xref.h - the cross-reference engine: terms (names, numbers, passages) that
 * at least two articles share, found with hashing in time linear in the
 * corpus. Pure C, no ncurses. */
#ifndef KILDE_XREF_H
#define KILDE_XREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kilde/corpus.h"

enum xref_kind { XREF_NAME, XREF_NUMBER, XREF_PASSAGE };

/* One occurrence of a term in an article's clean text. */
struct xref_occ {
	size_t off, len;
	uint32_t term;
};

struct xref_term {
	const char *display;      /* canonical form shown (owned by the index) */
	enum xref_kind kind;
	const uint32_t *articles; /* article indices, ascending */
	size_t narticles;
	const char *forms;        /* surface forms seen, "|"-separated */
	bool common;              /* in too large a share of the corpus to rank */
};

struct xref_options {
	int passage_words;            /* >= 2; default 8 */
	int common_share;             /* percent; default 50 */
	const char *company_suffixes; /* "|"-separated, may be NULL */
	char *const *aliases;         /* "id\tDisplay|variant|..." lines */
	size_t naliases;
};

struct xref_index;

void xref_default_options(struct xref_options *opt);
struct xref_index *xref_build(const struct corpus *c,
                              const struct xref_options *opt);
size_t xref_count(const struct xref_index *ix);
const struct xref_term *xref_get(const struct xref_index *ix, uint32_t term);
/* Occurrences in one article, sorted by offset, not overlapping. */
const struct xref_occ *xref_occs(const struct xref_index *ix, size_t article,
                                 size_t *n);
/* Terms of one article, most shared first. */
const uint32_t *xref_article_terms(const struct xref_index *ix,
                                   size_t article, size_t *n);
/* First occurrence of term in article, or (size_t)-1. */
size_t xref_first_occ(const struct xref_index *ix, size_t article,
                      uint32_t term);
/* Messages about the alias table (conflicts, cycles); NULL-terminated. */
char *const *xref_messages(const struct xref_index *ix);
/* The --xrefs TSV: header "term\tkind\tforms\tarticles". */
void xref_write_tsv(const struct xref_index *ix, const struct corpus *c,
                    FILE *out);
const char *xref_kind_name(enum xref_kind kind);
void xref_free(struct xref_index *ix);

#endif
