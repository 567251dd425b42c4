/* prompt.h - the editing buffer behind the one-line prompt in the status
 * bar (search, find, filter, pipe): UTF-8 text with a cursor that moves and
 * deletes by grapheme cluster, and the window of it that fits in a number
 * of display columns. Pure; the drawing is in ui_prompt.c. */
#ifndef KILDE_PROMPT_H
#define KILDE_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* buf is always NUL-terminated valid UTF-8 (owned); cur is a byte offset
 * on a grapheme boundary; scroll is the first byte shown. */
struct prompt {
	char *buf;
	size_t len, cap;
	size_t cur;
	size_t scroll;
};

/* Replaces the text (invalid UTF-8 becomes U+FFFD); the cursor goes to the
 * end. */
void prompt_set(struct prompt *p, const char *s);
/* Inserts one character at the cursor. Control characters are refused
 * (returns false). */
bool prompt_insert(struct prompt *p, uint32_t uc);
/* Deletes the grapheme before (backspace) or at (delete) the cursor.
 * Returns false when there is none. */
bool prompt_backspace(struct prompt *p);
bool prompt_delete(struct prompt *p);
/* Empties the text. */
void prompt_clear(struct prompt *p);
/* Moves by one grapheme, or to either end. Return false if already there. */
bool prompt_left(struct prompt *p);
bool prompt_right(struct prompt *p);
void prompt_home(struct prompt *p);
void prompt_end(struct prompt *p);

/* The slice of the text to show in cols columns (cols >= 1) with the
 * cursor visible, keeping one column free for it at the end: updates
 * p->scroll, stores the slice in *off / *n and the cursor's column within
 * the slice in *cursor_col. */
void prompt_view(struct prompt *p, int cols, size_t *off, size_t *n,
                 int *cursor_col);

void prompt_free(struct prompt *p);

#endif
