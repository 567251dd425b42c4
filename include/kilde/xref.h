/* xref.h - the cross-reference engine: terms (names, numbers, passages) that
 * at least two articles share, found with hashing in time linear in the
 * corpus. Pure C, no ncurses.
 *
 * What a term is:
 * - name: a capitalised run of words (John Suffolk, Paris Call, LM Ericsson)
 *   judged with Mikheev's rule where a capital means nothing (sentence
 *   starts, after a quote or colon, title-case lines such as headlines and
 *   menus), or an alias from [aliases] (USA, United States, amerikanske ->
 *   "United States"; kinesiske, Chinese -> "China"). Genitives (Huaweis,
 *   Huawei's, USA's, Paris'), company suffixes (Ltd., A/S) and designators
 *   (Huawei Technologies) fold into the name; a word that ends exactly one
 *   longer name joins it (Suffolk -> John Suffolk, Ericsson -> LM Ericsson).
 * - number: a year long before the newest article (1987; a recent one on
 *   its own says nothing telling), a date (14. juli 2020 = July 14, 2020), a code
 *   (5G), a percentage (40 procent = 40%), an amount with a scale or unit
 *   (5,3 mia. kroner = 5.3 billion DKK; 180,000 employees = 180.000
 *   ansatte, through unit_ aliases).
 * - passage: a run of at least passage_words words of running text that
 *   another article has too (word n-grams; boilerplate in more than 100
 *   articles is ignored, as passim does).
 * A term counts only when two different articles mention it. */
#ifndef KILDE_XREF_H
#define KILDE_XREF_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kilde/corpus.h"

enum xref_kind { XREF_NAME, XREF_NUMBER, XREF_PASSAGE };

/* One occurrence of a term in an article's clean text: text[off..off+len)
 * is the article's own spelling (Huaweis, USA's, kinesiske), so the reader
 * shows the form the article itself uses. */
struct xref_occ {
	uint32_t off, len; /* articles are under 4 GiB (CORPUS_MAX_FILE_BYTES):
	                      12 bytes, not 24, for millions of occurrences */
	uint32_t term;
};

struct xref_term {
	const char *display;      /* canonical form shown (owned by the index):
	                             the alias display, else the article spelling
	                             seen most often, else a passage's opening */
	enum xref_kind kind;
	const uint32_t *articles; /* article indices, ascending */
	size_t narticles;         /* >= 2 */
	const char *forms;        /* surface forms seen, "|"-separated */
	const char *role;         /* a name's role, the one its articles write
	                             before it most often ("ambassador"), in
	                             lower case unless in capitals (CEO);
	                             NULL when none (owned by the index) */
	bool common;              /* in more than common_share % of the articles
	                             of a corpus of more than 10: listed last,
	                             not highlighted unless asked */
	uint32_t nsources;        /* different sources among the articles
	                             (article.source, else the file) */
	double weight;            /* how telling the term is (xref_weight);
	                             terms are numbered by it */
};

struct xref_options {
	int passage_words;            /* >= 2; default 8 */
	int common_share;             /* percent; default 50 */
	const char *company_suffixes; /* "|"-separated, may be NULL */
	const char *roles_en;         /* role and title words cut from names,
	                                 "|"-separated, may be NULL (then only
	                                 the engine's own few titles) */
	const char *roles_da;         /* the same in Danish */
	const char *name_particles;   /* particles inside names (á, af, von),
	                                 "|"-separated, may be NULL */
	const char *org_subnames;     /* words after an organisation's name
	                                 that name a part of it (Nyheder,
	                                 Sport): "|"-separated, may be NULL */
	char *const *aliases;         /* "id\tDisplay|variant|..." lines */
	char *const *alias_origins;   /* "file:line" of each, or NULL */
	size_t naliases;
	unsigned threads;             /* threads of the build; 0: as many as
	                                 suit the machine (2), at most 8. The
	                                 index is the same for any number:
	                                 not part of the options either */
	atomic_size_t *progress;      /* if not NULL, the build sets it to 0,
	                                 then adds one as each of its
	                                 2 x c->n article steps begins, from
	                                 any of its threads (read it with
	                                 atomic_load_explicit, relaxed): for a
	                                 progress display; not part of the
	                                 options */
	const atomic_bool *cancel;    /* if not NULL: once it is set, the
	                                 build skips the articles it has not
	                                 read yet and returns NULL (an
	                                 interface that quits); not part of
	                                 the options */
	size_t *positions_held;       /* if not NULL, the build stores the
	                                 most positions of repeated word
	                                 sequences it held at once (its
	                                 largest table while it reads: its
	                                 memory, for tests); not part of the
	                                 options */
};

struct xref_index;

void xref_default_options(struct xref_options *opt);
/* Builds the index. opt may be NULL (defaults, no aliases). An article
 * without its text (corpus_load_meta, the cache) is read from its file
 * when needed, one at a time; if such a file no longer holds the text it
 * was loaded with, the build returns NULL (load the corpus again and
 * rebuild). With every text in memory it never fails. */
struct xref_index *xref_build(const struct corpus *c,
                              const struct xref_options *opt);
/* How telling a term that narticles articles from nsources different
 * sources share is, in a corpus of corpus_n articles: an inverse document
 * frequency, ln((corpus_n + 1) / narticles), times the share of the
 * sharing articles that come from different sources (nsources /
 * narticles). A name two outlets share weighs most; one that every
 * article has, or that one outlet repeats, weighs little. */
double xref_weight(size_t corpus_n, size_t narticles, size_t nsources);
/* Terms are numbered in the --xrefs order: the common terms last, the
 * heaviest first (weight), then most articles, then by display. */
size_t xref_count(const struct xref_index *ix);
const struct xref_term *xref_get(const struct xref_index *ix, uint32_t term);
/* Occurrences in one article, sorted by offset, not overlapping. Where a
 * name or number lies inside a shared passage, the name or number keeps its
 * occurrence and the passage is cut around it: the passage's pieces (all
 * with the same term) and the names between them together cover the whole
 * shared run. Every article a term lists has at least one occurrence. */
const struct xref_occ *xref_occs(const struct xref_index *ix, size_t article,
                                 size_t *n);
/* Terms of one article, most telling first (ascending term numbers). */
const uint32_t *xref_article_terms(const struct xref_index *ix,
                                   size_t article, size_t *n);
/* Index (into xref_occs) of the first occurrence of term in article, or
 * (size_t)-1. */
size_t xref_first_occ(const struct xref_index *ix, size_t article,
                      uint32_t term);
/* The term whose display or one of whose forms is s (case-insensitive for
 * ASCII), or -1. For tests and scripted use. */
long xref_find(const struct xref_index *ix, const char *s);
/* Messages about the alias table (a variant under two ids, an entry with
 * no display); NULL-terminated, or NULL when there are none. */
char *const *xref_messages(const struct xref_index *ix);
/* The --xrefs TSV: header "term\tkind\tforms\tarticles\tweight\tfirst",
 * then one line per term in term order; articles are comma-separated
 * article.file names, weight has three decimals, first names those of the
 * articles that have the term first (see provenance.h: the earliest dated,
 * several on a tie, empty when none is dated). */
void xref_write_tsv(const struct xref_index *ix, const struct corpus *c,
                    FILE *out);
const char *xref_kind_name(enum xref_kind kind);
void xref_free(struct xref_index *ix);
/* The word index built with ix over the same texts (wordidx.h), or NULL. */
const struct wordidx *xref_words(const struct xref_index *ix);

/* Bumped whenever a change to the engine changes what xref_build finds for
 * the same input, so cached indexes of an older engine are not used. */
#define XREF_ENGINE_VERSION 6

/* A hash of everything in opt that changes the index (passage_words,
 * common_share, company_suffixes, every alias line), of
 * XREF_ENGINE_VERSION and of KILDE_VERSION. opt NULL means defaults. */
uint64_t xref_options_hash(const struct xref_options *opt);

struct strbuf;
/* Appends ix to out in the cache's portable form (explicit little-endian
 * widths, strings with lengths). */
void xref_serialize(const struct xref_index *ix, struct strbuf *out);
/* The same bytes handed to sink in order and in pieces (the index's own
 * arrays where they already are in that form, else a buffer of its own),
 * so that a file can be written without the whole form in memory. sink
 * returns 0, or an errno value that stops the writing. Returns 0 or the
 * sink's error. */
int xref_serialize_to(const struct xref_index *ix,
                      int (*sink)(void *ctx, const void *data, size_t n),
                      void *ctx);
/* How many bytes xref_serialize writes for ix. */
size_t xref_serialized_size(const struct xref_index *ix);

/* The index xref_serialize wrote, for corpus c. Never trusts the bytes:
 * every count is checked against the bytes left, every article index
 * against c->n, every occurrence against its article's len, every term
 * number against the number of terms, the occurrences' order and the
 * terms' article lists; anything out of place returns NULL. */
struct xref_index *xref_deserialize(const void *buf, size_t len,
                                    const struct corpus *c);

#endif
