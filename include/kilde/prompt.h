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
/* The deletions people type without thinking, as in a shell: the word
 * before the cursor with the spaces after it (C-w), everything before the
 * cursor (C-u), everything from it (C-k). Return false when nothing was
 * deleted. */
bool prompt_kill_word(struct prompt *p);
bool prompt_kill_start(struct prompt *p);
bool prompt_kill_end(struct prompt *p);
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

/* ---- history ---------------------------------------------------------- */

/* At most this many lines of one prompt's history are kept (the oldest
 * go first). */
#define PROMPT_HISTORY_MAX 200

/* The lines accepted at one kind of prompt, oldest first, and where Up
 * and Down are among them while the prompt is open. */
struct prompt_history {
	char **items;  /* owned */
	size_t n, cap;
	size_t fresh;  /* items[fresh..n) were added since the last save */
	size_t pos;    /* the line shown: n for the text being typed */
	char *draft;   /* the text being typed before the first Up (owned) */
};

/* Appends a line (not an empty one, nor the same as the last); the oldest
 * goes when there are more than PROMPT_HISTORY_MAX. Ends browsing. */
void prompt_history_add(struct prompt_history *h, const char *s);
/* A prompt opens: Up starts again from the newest line. */
void prompt_history_rewind(struct prompt_history *h);
/* Up: the previous (older) line into p, keeping what was typed; Down: the
 * next one, and after the newest what was typed. Return false at either
 * end (p unchanged). */
bool prompt_history_up(struct prompt_history *h, struct prompt *p);
bool prompt_history_down(struct prompt_history *h, struct prompt *p);
void prompt_history_free(struct prompt_history *h);

#endif
