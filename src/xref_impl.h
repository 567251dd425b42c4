/* xref_impl.h - the layout of struct xref_index, private to the engine:
 * xref.c builds and queries it, xref_cache.c writes and reads it back.
 * Nothing outside those two files includes this. */
#ifndef KILDE_XREF_IMPL_H
#define KILDE_XREF_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "kilde/wordidx.h"
#include "kilde/xref.h"

/* Articles below which no term is called common. */
#define XREF_COMMON_MIN_ARTICLES 10

struct xref_index {
	struct xref_term *terms;
	size_t nterms;
	struct xref_occ *occs;   /* all articles back to back */
	size_t *occ_start;       /* narticles + 1 */
	uint32_t *art_terms;
	size_t *art_term_start;  /* narticles + 1 */
	uint32_t *term_arts;     /* storage for xref_term.articles */
	char **strings;          /* displays and forms, owned: each one
	                            malloc'd by xref_build, or one block
	                            holding them all from xref_deserialize */
	size_t nstrings;
	char **msgs;             /* NULL-terminated */
	size_t narticles;
	struct wordidx *words;   /* the word index for search, owned (NULL
	                            when a cache held none) */
};

/* Sets nsources and weight of terms[0..n), whose articles and narticles
 * are set, for corpus c. Shared by the build and the cache, which keeps
 * only what they follow from. */
void xref_weigh(const struct corpus *c, struct xref_term *terms, size_t n);

#endif
