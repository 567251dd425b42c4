/* wordidx.h - the word index: for every word of the corpus, folded as
 * search folds it (search.h: case, Danish diacritics), the articles that
 * have it, so a corpus-wide search reads only the texts that can match
 * instead of every text. Pure C, no ncurses.
 *
 * It is a candidate filter, never an answer: the caller runs the exact
 * matcher over the candidates, so a search with the index finds exactly
 * what the full scan finds. A pattern the index cannot narrow (exact
 * matching, one character, only common words) says so and is scanned in
 * full.
 *
 * What is a word: a run of letters and digits of the folded text (the
 * key of search_fold in the default mode). Search matches substrings of
 * the key, so only a run of the pattern that the pattern itself bounds
 * (white space or punctuation on both sides) must be a whole word of the
 * text; with SEARCH_WHOLE_WORDS the pattern's ends bound its runs too.
 * Any other run may be part of a word: the matcher runs over the
 * vocabulary (every word of the corpus once, as folded) and the articles
 * of the words that hold the run are its candidates.
 * That check is made on the original text (no letter or digit before or
 * after the hit), where a word of the key can start or end elsewhere:
 * after ™ (folded "tm"), or inside a letter that folds to two (the second
 * a of å's "aa"). The index therefore also keeps each part of a word that
 * such a hit could cover, and lists an article whose words have too many
 * such parts as a candidate for every pattern.
 *
 * The index is one flat block of bytes, the same in memory and in the
 * cache (STEM.xref, after the cross-references): a header, the words'
 * 32-bit hashes in increasing order (two words with one hash share a list:
 * more candidates, never fewer), each word's offset into the article lists,
 * the odd articles, the vocabulary (NUL-terminated words, each with a
 * hash of the table), and the lists, each an increasing run of article
 * numbers coded as a first number and gaps, in LEB128 varints. A word in
 * more than an eighth of a large corpus keeps no list (it would narrow
 * nothing): looking it up says "no constraint". */
#ifndef KILDE_WORDIDX_H
#define KILDE_WORDIDX_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/corpus.h"
#include "kilde/util.h"

struct wordidx;

/* Builds the index of every article's text (lent by corpus_text_get), on
 * several threads. Returns NULL if cancel is set meanwhile. */
struct wordidx *wordidx_build(const struct corpus *c, const atomic_bool *cancel);
/* wordidx_build on a thread of its own beside other work (xref_build's
 * steps after its passes, which leave one core idle): the shares of a
 * block that wordidx_build gives one thread per core are taken one after
 * the other on this thread until *all_cores is set (the other work is
 * done), then on a thread per core again. The bytes are the same as
 * wordidx_build's. */
struct wordidx *wordidx_build_beside(const struct corpus *c, const atomic_bool *cancel,
                                     const atomic_bool *all_cores);
void wordidx_free(struct wordidx *w);

/* Appends the index's bytes to out. */
void wordidx_serialize(const struct wordidx *w, struct strbuf *out);
/* Reads back what wordidx_serialize wrote, for a corpus of narticles,
 * checking every count, offset, order and article number. Returns a copy
 * that owns its bytes, or NULL if anything is out of place. */
struct wordidx *wordidx_deserialize(const void *buf, size_t len,
                                    size_t narticles);

/* How many words, and how many bytes the index holds. */
size_t wordidx_words(const struct wordidx *w);
size_t wordidx_bytes(const struct wordidx *w);
/* The bytes themselves, as wordidx_serialize appends them (NULL when w
 * is): for a writer that writes them from where they lie. */
const void *wordidx_data(const struct wordidx *w);

/* The articles where any of patterns (as search_kwic_any takes them under
 * mode) may match: *out gets their numbers in increasing order (malloc'd,
 * NULL when none) and the count is returned. Returns -1 (and *out NULL)
 * when the index cannot narrow the search: no index, a mode other than
 * the default folding, or a pattern without a word it can look up. */
long wordidx_candidates(const struct wordidx *w, const char *const *patterns,
                        size_t npatterns, unsigned mode, uint32_t **out);
/* The same for articles where every one of patterns may match (a list
 * filter's mentions): a pattern the index cannot narrow narrows nothing;
 * -1 when none narrows. */
long wordidx_candidates_all(const struct wordidx *w,
                            const char *const *patterns, size_t npatterns,
                            unsigned mode, uint32_t **out);

#endif
