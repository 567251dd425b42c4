/* view_chooser.h - the chooser layer (view_chooser.c): the other articles
 * that share one cross-reference. UI modules only. */
#ifndef KILDE_VIEW_CHOOSER_H
#define KILDE_VIEW_CHOOSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_chooser_ops;
/* Fills the chooser with the articles other than from that share term. */
void view_chooser_set(struct ui *ui, struct view *v, size_t from,
                      uint32_t term);

#endif
