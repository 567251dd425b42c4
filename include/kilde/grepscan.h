/* grepscan.h - a prefilter for kilde --grep on a file's raw bytes: does a
 * file certainly not contain a folded match of a search key? Answered
 * without decoding or folding the text, so the files that cannot match
 * (most files, for a rare word) skip the whole text pipeline.
 *
 * The rule: a piece of the key made only of printable ASCII (no space, and
 * in the Danish ø mode no o, and no e right after an o, since o, oe and ø
 * match each other) must be in the raw bytes, without regard to ASCII case,
 * unless some character of the file that is not ASCII can fold to one of
 * the piece's bytes (é to e, å to aa, a fullwidth or ligature letter) or can
 * vanish or join its neighbours (soft hyphen, bidi mark, combining mark).
 * So a file is rejected only when it is valid UTF-8 without a BOM (what
 * text_decode keeps as it is, but for controls, tabs and line ends) and a
 * piece that none of its other characters could make is missing; or, when
 * the key has no space (so every character of a match folds to at least
 * one byte of it, and a match is at most four bytes a key byte long), when
 * no place of the longest such piece has a match in the bytes around it,
 * folded as the search folds them.
 * Anything else (another encoding, damaged UTF-8, a mode without case
 * folding) may match. It never rejects a file that has a match. */
#ifndef KILDE_GREPSCAN_H
#define KILDE_GREPSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The pieces of one compiled key (read only once made: shared by threads). */
struct grepscan_key;

/* The key of a compiled search pattern (search_pattern.key, len, mode and
 * oslash). Never NULL; a key it cannot reason about lets every file by. */
struct grepscan_key *grepscan_key_new(const char *key, size_t len,
                                      unsigned mode, bool oslash);
void grepscan_key_free(struct grepscan_key *k);

/* One thread's scanner: what each character can fold to, cached (not
 * shared between threads). */
struct grepscan;
struct grepscan *grepscan_new(const struct grepscan_key *k);
void grepscan_free(struct grepscan *g);

/* False only if buf[0..len) certainly has no match of the key once decoded
 * and folded as kilde --grep does (and it is not an empty text). */
bool grepscan_may_match(struct grepscan *g, const uint8_t *buf, size_t len);

#endif
