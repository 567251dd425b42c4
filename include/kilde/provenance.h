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

#endif
