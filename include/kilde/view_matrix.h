/* view_matrix.h - the term x article matrix layer (view_matrix.c). UI modules only. */
#ifndef KILDE_VIEW_MATRIX_H
#define KILDE_VIEW_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_matrix_ops;
/* Puts the matrix cursor on article art and term (or the first row);
 * story: only the articles of art's story and the terms they have. */
void view_matrix_set(struct ui *ui, struct view *v, size_t art, long term,
                     bool story);

#endif
