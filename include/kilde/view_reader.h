/* view_reader.h - the reader (view_reader.c): the selected article's
 * text, laid out on demand, with its highlights. It keeps ui->rd, the
 * place it shows, up to date for the rest of the interface. UI modules only. */
#ifndef KILDE_VIEW_READER_H
#define KILDE_VIEW_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_reader_ops;
/* Selects art and shows it in the reader with occurrence occ (-1: none)
 * as the current cross-reference: scrolled so the line holding byte
 * top_off is first, or, when top_off is (size_t)-1, so that occ is in
 * sight (only scrolling if it is not). */
void view_reader_show(struct ui *ui, size_t art, size_t top_off, long occ);
/* Scrolls so that byte off is on screen; if it has to move, off's line
 * goes a third down the pane, or to the top with at_top. */
void view_reader_show_off(struct ui *ui, size_t off, bool at_top);

#endif
