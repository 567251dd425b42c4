/* xref.c - STUB: replaced by the cross-reference engine. */
#include "kilde/xref.h"
#include "kilde/util.h"
#include <stdlib.h>
struct xref_index { int dummy; };
void xref_default_options(struct xref_options *opt) { *opt = (struct xref_options){.passage_words = 8, .common_share = 50}; }
struct xref_index *xref_build(const struct corpus *c, const struct xref_options *opt) { (void)c; (void)opt; return util_xcalloc(1, sizeof(struct xref_index)); }
size_t xref_count(const struct xref_index *ix) { (void)ix; return 0; }
const struct xref_term *xref_get(const struct xref_index *ix, uint32_t term) { (void)ix; (void)term; return NULL; }
const struct xref_occ *xref_occs(const struct xref_index *ix, size_t article, size_t *n) { (void)ix; (void)article; *n = 0; return NULL; }
const uint32_t *xref_article_terms(const struct xref_index *ix, size_t article, size_t *n) { (void)ix; (void)article; *n = 0; return NULL; }
size_t xref_first_occ(const struct xref_index *ix, size_t article, uint32_t term) { (void)ix; (void)article; (void)term; return (size_t)-1; }
char *const *xref_messages(const struct xref_index *ix) { (void)ix; return NULL; }
void xref_write_tsv(const struct xref_index *ix, const struct corpus *c, FILE *out) { (void)ix; (void)c; fputs("term\tkind\tforms\tarticles\n", out); }
const char *xref_kind_name(enum xref_kind kind) { return kind == XREF_NAME ? "name" : kind == XREF_NUMBER ? "number" : "passage"; }
void xref_free(struct xref_index *ix) { free(ix); }
