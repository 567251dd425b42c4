/* view_info.h - the info pane (view_info.c): what is known about the
 * selected article and the cross-references it shares. UI modules only. */
#ifndef KILDE_VIEW_INFO_H
#define KILDE_VIEW_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_info_ops;
/* The cross-reference selected in the info pane, or -1. */
long view_info_term(struct ui *ui);
/* The same, with its row among the article's terms (*k from 1) and their
 * number *n (the status bar counts them). */
long view_info_term_at(const struct ui *ui, size_t *k, size_t *n);

#endif
