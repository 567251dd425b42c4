/* ui_fix.h - the reader's corrections (ui_fix.c): merge a name with
 * another, rename it, drop it. Each is saved at once in the user's
 * kilde.ini as [aliases] lines (aliasfile.h), then the configuration is
 * read again and the index built again in the background (ui_xref.h).
 * UI modules only. */
#ifndef KILDE_UI_FIX_H
#define KILDE_UI_FIX_H

#include "kilde/keys.h"
#include "kilde/ui_core.h"

/* act (ACT_merge, ACT_rename or ACT_drop) on term (-1: none in hand, which
 * the status bar says): rename and merge ask for a name at the prompt
 * (UI_PROMPT_NAME), drop is saved at once. Closes the layers. */
void ui_fix_start(struct ui *ui, enum keys_action act, long term);
/* The name typed at the prompt was accepted: the correction is saved. */
void ui_fix_name(struct ui *ui, const char *text);
/* Forgets a correction waiting for its name. */
void ui_fix_done(struct ui *ui);

#endif
