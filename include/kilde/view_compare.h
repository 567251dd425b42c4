/* view_compare.h - two articles side by side (view_compare.c), with
 * what they share highlighted in both. UI modules only. */
#ifndef KILDE_VIEW_COMPARE_H
#define KILDE_VIEW_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_compare_ops;
/* Fills v (opened with view_compare_ops) with articles a and b and
 * pushes it as a layer. */
void view_compare_show(struct ui *ui, struct view *v, size_t a, size_t b);

#endif
