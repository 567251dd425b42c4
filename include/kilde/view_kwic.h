/* view_kwic.h - the concordance layer (view_kwic.c): every hit of a
 * corpus-wide search on a line of its own, aligned on the hit. UI modules only. */
#ifndef KILDE_VIEW_KWIC_H
#define KILDE_VIEW_KWIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_kwic_ops;
/* Fills v (opened with view_kwic_ops on first use) with the concordance
 * of any of the variants (title names them in the header) and pushes it
 * as a layer; false, reported, when nothing matches. mode: search.h's
 * (with SEARCH_WHOLE_WORDS for a cross-reference). The search goes on
 * behind the layer after the first articles' hits (the headless mode
 * waits for all of it): view_kwic_poll takes the rest in. */
bool view_kwic_show(struct ui *ui, struct view *v,
                    const char *const *variants, size_t n, const char *title,
                    unsigned mode);
/* Whether v's search is still running. */
bool view_kwic_busy(const struct view *v);
/* Takes in the hits found since the last poll and marks v for drawing;
 * a search that ended without a hit closes the layer and says so. */
void view_kwic_poll(struct ui *ui, struct view *v);
/* Stops v's search (quitting); the hits in so far stay. */
void view_kwic_stop(struct view *v);
/* Whether v holds hits to show again. */
bool view_kwic_has_hits(const struct view *v);

#endif
