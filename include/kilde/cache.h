/* cache.h - what kilde remembers of a corpus between runs, so that a
 * folder of 100,000 articles opens without reading them all first. Files
 * per corpus in $XDG_CACHE_HOME/kilde/ (else ~/.cache/kilde/), named
 * after a hash of the corpus paths:
 *   STEM.corpus  every article's metadata (no text), skipped files and
 *                corpus.ini warnings;
 *   STEM.xref    the cross-reference index;
 *   STEM.story, STEM.prov  the stories and the provenance made from it.
 * Each file starts with a header (magic, format version, kilde version,
 * the corpus fingerprint, payload length, 64-bit checksum of the payload).
 * A cache is valid only if its fingerprint equals the corpus's (every
 * file's size and modification time, see corpus_fingerprint); it is never
 * trusted when damaged: a wrong magic, version, length or checksum, or any
 * count or offset out of range, makes the load fail and the caller rebuild.
 * Files are written atomically (util_atomic_open: a temporary file, synced,
 * then renamed), so a crash leaves the old cache or the new one, never a
 * mix; the bytes go to it as they are made, never all held in memory.
 * No ncurses here. */
#ifndef KILDE_CACHE_H
#define KILDE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "kilde/corpus.h"
#include "kilde/provenance.h"
#include "kilde/story.h"
#include "kilde/xref.h"

/* The path both cache files of this set of corpus paths share, without
 * the extension: "$XDG_CACHE_HOME/kilde/<16 hex digits>"; the digits hash
 * the paths made absolute (realpath, in the order given), and the paths as
 * given too, since articles keep the path they were opened by. NULL when
 * neither XDG_CACHE_HOME (absolute) nor HOME is set. Caller frees. */
char *cache_stem(char *const paths[], size_t npaths);

/* Writes STEM.corpus from c (c->fingerprint is stored). Creates the
 * folder if needed. Returns 0, or -1 with errno set. */
int cache_save_corpus(const char *stem, const struct corpus *c);

/* Whether STEM.corpus is there to be read: one stat, so that a caller
 * can skip the work that only a cache would make worth doing (checking
 * the disk against it). */
bool cache_has_corpus(const char *stem);

/* Reads STEM.corpus into c (which must be empty): articles with every
 * field but text and brk (text is NULL, len is the decoded length), the
 * skipped entries, the warnings and c->fingerprint. Returns 0; or -1 with
 * *why set to a static reason ("no cache", "damaged", "older format") and
 * c left empty. The caller compares c->fingerprint with the disk's. */
int cache_load_corpus(const char *stem, struct corpus *c, const char **why);

/* Writes STEM.xref: the index of c, built with options whose hash is
 * opthash (xref_options_hash). Returns 0, or -1 with errno set. */
int cache_save_xref(const char *stem, const struct corpus *c,
                    uint64_t opthash, const struct xref_index *ix);

/* Reads STEM.xref if it belongs to c (same fingerprint and article count)
 * and opthash; checks every count, offset and index against c. Returns
 * the index, or NULL with *why set ("no cache", "damaged", "older format",
 * "stale", "other options"). */
struct xref_index *cache_load_xref(const char *stem, const struct corpus *c,
                                   uint64_t opthash, const char **why);

/* The stories (STEM.story) and the provenance (STEM.prov) made from the
 * index of c built with options whose hash is opthash: kept with the same
 * header and key as STEM.xref, so they hold exactly while such an index
 * does. The savers return 0, or -1 with errno set; the loaders read the
 * file only if it belongs to c and opthash, and check every count and
 * index against c and ix (story_deserialize,
 * provenance_index_deserialize); NULL with *why set as for
 * cache_load_xref. */
int cache_save_stories(const char *stem, const struct corpus *c,
                       uint64_t opthash, const struct story_set *s);
struct story_set *cache_load_stories(const char *stem, const struct corpus *c,
                                     const struct xref_index *ix,
                                     uint64_t opthash, const char **why);
int cache_save_provenance(const char *stem, const struct corpus *c,
                          uint64_t opthash, const struct xref_index *ix,
                          const struct provenance_index *p);
struct provenance_index *cache_load_provenance(const char *stem,
                                               const struct corpus *c,
                                               const struct xref_index *ix,
                                               uint64_t opthash,
                                               const char **why);

/* Writes the checksum of a whole cache file (header and payload, size
 * bytes) into its header, as the writer does. For tests and fuzzers that
 * forge files to reach the parser behind the checksum. Returns 0, or -1
 * if size is shorter than a header. */
int cache_seal(void *file, size_t size);

#endif
