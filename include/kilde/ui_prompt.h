/* ui_prompt.h - the one-line prompt in the status bar (ui_prompt.c): a
 * label, the text being edited (prompt.h), a block cursor, and at the
 * right a text its caller gives (a hint, or how many matches the text has
 * so far). The prompt only edits: what the text is for is the loop's
 * business, told by what ui_prompt_key returns. UI modules only. */
#ifndef KILDE_UI_PROMPT_H
#define KILDE_UI_PROMPT_H

#include <stdbool.h>

#include "kilde/prompt.h"
#include "kilde/ui_core.h"

/* What the prompt is asking for. */
enum ui_prompt_kind {
	UI_PROMPT_NONE,
	UI_PROMPT_SEARCH,  /* / or ? in the reader, incremental */
	UI_PROMPT_FIND,    /* : or F, corpus-wide */
	UI_PROMPT_FILTER,  /* f */
	UI_PROMPT_PIPE,    /* | */
	UI_PROMPT_NAME,    /* a name for a correction: M (merge), R (rename) */
};
/* Each kind but NONE has a history of its own: hist[kind - 1]. */
#define UI_PROMPT_KINDS 5

/* What a key did to the prompt. */
enum ui_prompt_event {
	UI_PROMPT_NOT_OPEN, /* no prompt: the key is not the prompt's */
	UI_PROMPT_TAKEN,    /* edited or moved, the text is the same */
	UI_PROMPT_CHANGED,  /* the text changed */
	UI_PROMPT_ACCEPTED, /* Enter: the prompt is closed */
	UI_PROMPT_CANCELLED, /* Esc, or Backspace when empty: closed */
	UI_PROMPT_TOGGLE,   /* the key of toggle_exact that is no letter */
};

struct ui_prompt {
	enum ui_prompt_kind kind;
	struct prompt pr;
	const char *label; /* "/", "?", "find: "... (static) */
	const char *hint;  /* shown at the right while typing (static) */
	struct prompt_history hist[UI_PROMPT_KINDS]; /* Up and Down, saved in
	                      the state directory on every Enter */
	bool hist_ok;      /* hist was loaded: saving may not destroy data */
};

void ui_prompt_init(struct ui *ui);
void ui_prompt_done(struct ui *ui);
/* The kind of the open prompt, UI_PROMPT_NONE when none is. */
enum ui_prompt_kind ui_prompt_kind(const struct ui *ui);
/* The text typed so far (never NULL). */
const char *ui_prompt_text(const struct ui *ui);
void ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind,
                    const char *label, const char *hint, const char *text);
void ui_prompt_close(struct ui *ui);
/* A raw key while the prompt is open. With ACCEPTED and CANCELLED the
 * prompt is closed, *kind says what it was for. */
enum ui_prompt_event ui_prompt_key(struct ui *ui, int key,
                                   enum ui_prompt_kind *kind);
/* Draws the prompt over the status bar; right at the right end. */
void ui_prompt_draw(struct ui *ui, const char *right);

#endif
