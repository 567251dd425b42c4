/* view_timeline.h - a story's timeline layer (view_timeline.c): its
 * articles on a date axis, each with what it was first with. UI modules
 * only. */
#ifndef KILDE_VIEW_TIMELINE_H
#define KILDE_VIEW_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_timeline_ops;
/* Fills the timeline with the story of article art, the cursor on art.
 * Returns false (and leaves it empty) while there are no stories. */
bool view_timeline_set(struct ui *ui, struct view *v, size_t art);

#endif
