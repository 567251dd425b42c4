/* view_help.h - the help layer (view_help.c): every action with the keys
 * bound to it now and its help text. UI modules only. */
#ifndef KILDE_VIEW_HELP_H
#define KILDE_VIEW_HELP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

extern const struct view_ops view_help_ops;

#endif
