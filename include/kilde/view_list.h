/* view_list.h - the article list (view_list.c): one row per article of the
 * list's rows (ui_list.h), the columns cut to their width. UI modules only. */
#ifndef KILDE_VIEW_LIST_H
#define KILDE_VIEW_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_list_ops;

#endif
