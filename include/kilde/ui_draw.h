/* ui_draw.h - drawing inside a pane (ui_draw.c): colours and attributes,
 * text drawn grapheme by grapheme so that no line runs past its pane, the
 * transliterated display for terminals that are not UTF-8, and the pieces
 * of pane behaviour several views share (the status bar's text, placing a
 * window, scrolling by keys). UI modules only. */
#ifndef KILDE_UI_DRAW_H
#define KILDE_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "kilde/keys.h"
#include "kilde/ui_core.h"


/* Sets up ui->attr from the configuration (colours or monochrome). Call
 * after initscr/newterm. */
void ui_colors_init(struct ui *ui);
/* Draws n bytes of clean UTF-8 text at row y, column x of w, grapheme by
 * grapheme, never past column x + maxw. The text must already be in the
 * display charset (see ui_display_text). Returns the columns drawn. */
int ui_draw_text(WINDOW *w, int y, int x, int maxw, const char *s, size_t n,
                 attr_t attr);
/* Like ui_draw_text for a NUL-terminated string that is not yet in the
 * display charset; cut with "…" when it does not fit. */
int ui_draw_str(const struct ui *ui, WINDOW *w, int y, int x, int maxw,
                const char *s, attr_t attr);
/* A highlighted range of a text (search matches, cross-references):
 * byte offsets into the same text the lines are slices of. */
struct ui_span {
	size_t off, len;
	attr_t attr;
};
/* Draws text[off..off+len) like ui_draw_text in attribute base, except
 * where one of the spans (sorted by offset, not overlapping) covers it.
 * Returns the columns drawn. */
int ui_draw_spans(WINDOW *w, int y, int x, int maxw, const char *text,
                  size_t off, size_t len, attr_t base,
                  const struct ui_span *spans, size_t nspans);
/* Fills n cells from y,x with spaces in attr. */
void ui_draw_fill(WINDOW *w, int y, int x, int n, attr_t attr);
/* A pane header: a rule across the whole row with label on it, in the
 * focused or unfocused border colour. */
void ui_draw_header(const struct ui *ui, WINDOW *w, int y, const char *label,
                    bool focused);
/* Text as the terminal can show it: NULL when s can be shown as it is
 * (a UTF-8 terminal), else a malloc'd UTF-8 string that only holds
 * characters of the terminal's charset (transliterated: "Ø" -> "O"). */
char *ui_display_text(const struct ui *ui, const char *s, size_t n,
                      size_t *out_len);
/* Ranges of a text moved to the offsets of its display text (the
 * transliteration a terminal that is not UTF-8 shows, whose lengths
 * differ). Ranges must come in increasing order and not overlap; they
 * start and end on character boundaries, and transliteration goes
 * character by character, so the pieces add up. Start with {src}. */
struct ui_display_map {
	const char *src;
	size_t done, shown; /* bytes of src mapped, and what they became */
};
void ui_display_map_range(const struct ui *ui, struct ui_display_map *m,
                          size_t *off, size_t *len);
/* Display width of a NUL-terminated display string. */
int ui_str_width(const char *s);
/* The text of a status bar w (already filled in a): pos in bold at the
 * left, the message of ui_report after it, then note (may be NULL), each
 * cut with "…" by display columns, hint at the right if it fits. */
void ui_draw_status(const struct ui *ui, WINDOW *w, const char *pos,
                    const char *note, const char *hint, attr_t a);
/* Gives overlay v a new window of h rows and w columns in the middle of
 * the screen, replacing any it had. */
void ui_place_centered(struct view *v, int h, int w);
/* Gives v a new window at y, x of h rows and w columns (none when either
 * is below 1), deleting the old one; a window that cannot be made is
 * fatal, with the terminal restored first. */
void ui_view_place(struct view *v, int y, int x, int h, int w);
/* Gives a full-screen layer v everything between the title bar and the
 * status bar, and marks it dirty. False, and no window, when there is no
 * room for one. */
bool ui_place_full(const struct ui *ui, struct view *v);
/* The same for a layer that needs at least min_h rows and min_w columns
 * and keeps the title bar from 8 lines on: v's geometry is set either
 * way (for the caller's layout), its window only when the room is
 * enough; returns whether it is. */
bool ui_place_between_bars(struct view *v, int min_h, int min_w);
/* The rows of a pane under its one-line header. */
int ui_pane_rows(const struct view *v);
/* Moves *pos by a movement key: a line, a page or half a page (of the
 * sizes the view gives), to 0 or to last. False, *pos unchanged, if act
 * is not a movement key. The caller clamps. */
bool ui_move_key(enum keys_action act, long page, long half, long last,
                 long *pos);
/* Scrolls *top of a pane that shows h rows of n lines by a movement key
 * (a line, a page, the top, the bottom), kept within the lines. False if
 * act is not such a key (*top unchanged). */
bool ui_scroll_key(size_t *top, size_t n, long h, enum keys_action act);

/* Attribute helpers for wattr_set and setcchar. */
#define UI_ATTR(a) ((a) & ~A_COLOR)
#define UI_PAIR(a) ((short)PAIR_NUMBER(a))

#endif
