/* view.h - what the interface's panes share: the view operations each pane
 * file exports (as tig's views do), the interface state they read, and the
 * drawing helpers that keep every line inside its pane.
 *
 * Only the UI modules (src/ui*.c, src/view_*.c) include this header: it is
 * the one place besides them that sees <curses.h>. */
#ifndef KILDE_VIEW_H
#define KILDE_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/keys.h"
#include "kilde/ui.h"
#include "kilde/xnav.h"

enum ui_pane { PANE_LIST, PANE_READER, PANE_INFO, PANE_COUNT };

struct ui;
struct view;

/* A pane. Every operation is optional except draw. */
struct view_ops {
	const char *name;      /* shown in the help and the title of the pane */
	enum keys_scope scope; /* which [keys] bindings apply while focused */
	/* Once, before the first layout: allocate the view's state. */
	void (*open)(struct ui *ui, struct view *v);
	/* The window was (re)created with a new size: re-lay out the text.
	 * The only place a view may re-wrap. */
	void (*resize)(struct ui *ui, struct view *v);
	/* The selected article changed (ui->sel). */
	void (*select)(struct ui *ui, struct view *v);
	/* Draws the whole window from the prepared state. */
	void (*draw)(struct ui *ui, struct view *v);
	/* An action while the view has focus. Returns true if handled. */
	bool (*key)(struct ui *ui, struct view *v, enum keys_action act);
	/* A click at row y, column x of the window; wheel is -1 (up), 1 (down)
	 * or 0 for a click. */
	void (*mouse)(struct ui *ui, struct view *v, int y, int x, int wheel);
	/* Writes the position shown in the status bar (e.g. "3/5", "42%");
	 * returns false if the view has none. */
	bool (*position)(struct ui *ui, struct view *v, char *buf, size_t n);
	/* Frees the view's state. */
	void (*done)(struct ui *ui, struct view *v);
	/* The cross-reference index became available (ui_xref.c). */
	void (*xrefs)(struct ui *ui, struct view *v);
};

struct view {
	const struct view_ops *ops;
	WINDOW *win; /* NULL while the pane is hidden (owned) */
	int y, x, h, w;  /* its place on the screen */
	bool dirty;  /* must be drawn before the next doupdate */
	void *priv;  /* the view's own state (owned by the view) */
};

extern const struct view_ops view_list_ops;
extern const struct view_ops view_reader_ops;
extern const struct view_ops view_info_ops;
extern const struct view_ops view_help_ops;
extern const struct view_ops view_chooser_ops;
extern const struct view_ops view_matrix_ops;

struct ui_xref;
struct ui_load;

/* The interface. Owned by ui_run; views read it and call the ui_ functions
 * below to change what is shared. */
struct ui {
	struct corpus *c;             /* not owned */
	const struct config *cfg;     /* not owned */
	const struct ui_options *opt; /* not owned */
	struct view views[PANE_COUNT];
	struct view help;    /* the overlay */
	bool help_open;
	enum ui_pane focus;
	size_t sel;          /* selected article; meaningless when c->n == 0 */
	bool *seen;          /* per article: opened in the reader (owned) */
	bool wide;           /* side by side, else stacked */
	bool info_on;        /* stacked layout: the info pane is shown */
	bool info_toggled;   /* the user chose info_on with a key */
	bool too_small;
	bool utf8;           /* the terminal shows UTF-8 (else transliterate) */
	const char *charset; /* the terminal's charset when !utf8 */
	const char *sep;     /* between items of a bar: " · " or " - " */
	bool color;
	attr_t attr[COLOR_ELEM_COUNT]; /* attributes incl. colour pair */
	WINDOW *titlebar, *statusbar;  /* owned; NULL when too small */
	bool bars_dirty;     /* the title and status bars need drawing */
	bool base_dirty;     /* everything, stdscr first (after a layout) */
	char *msg;           /* status message (owned), NULL if none */
	bool msg_error;
	bool quit;
	int exit_status;
	bool mouse;
	struct ui_xref *xr;   /* cross-references, see ui_xref.h (owned) */
	struct ui_load *ld;   /* the loader of a cached corpus's texts, see
	                         ui_load.h (owned), NULL if none */
	struct view *overlay; /* the chooser or the matrix over the panes,
	                         NULL if none (a view of xr) */
	/* The list's rows after the filter and sort (ui_list.c): article
	 * indices; rowof[i] is article i's row or SIZE_MAX. NULL: all
	 * articles in corpus order. */
	size_t *order, *rowof;
	size_t norder;
	struct ui_find *find; /* search, KWIC, filter, state: ui_search.h */
};

/* --- ui.c: shared state changes ------------------------------------- */

/* Selects article i (clamped); the views follow. */
void ui_select(struct ui *ui, long i);
/* Moves the focus to pane p if it is shown. */
void ui_focus(struct ui *ui, enum ui_pane p);
/* Shows a message in the status bar until the next key. */
void ui_report(struct ui *ui, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Marks every view (and the bars) for drawing. */
void ui_dirty_all(struct ui *ui);
/* Draws what is dirty and updates the terminal now, in the middle of an
 * action: before work that blocks (ui_load_wait says why it waits). */
void ui_flush(struct ui *ui);
/* The corpus is about to be replaced (ui_load.c): the panes free their
 * state, which points into it ... */
void ui_panes_close(struct ui *ui);
/* ... and, once it is replaced (ui->sel and ui->seen set for it), start
 * over on the new one: the list's rows are made again (the filter and sort
 * applied, read marks from the state) and the panes laid out. */
void ui_panes_reopen(struct ui *ui);

/* --- view_reader.c: the reader's place, for cross-references -------- */

/* Where the reader is (article, first line, current cross-reference);
 * false if it shows nothing. *visited (may be NULL): the person has had
 * the article in front of them with the focus since it was opened. */
bool view_reader_where(struct ui *ui, struct xnav_pos *p, bool *visited);
/* The cross-reference selected in the info pane, or -1. */
long view_info_term(struct ui *ui);
/* Selects art and shows it in the reader with occurrence occ (-1: none)
 * as the current cross-reference: scrolled so the line holding byte
 * top_off is first, or, when top_off is (size_t)-1, so that occ is in
 * sight (only scrolling if it is not). */
void view_reader_show(struct ui *ui, size_t art, size_t top_off, long occ);

/* --- view_reader.c: for the search and the shell commands ------------ */

/* The text the reader shows (the article's, or its transliteration) and
 * which article it is (-1 none). */
const char *view_reader_text(struct view *v, long *art, size_t *len);
/* Byte offset of the first line shown. */
size_t view_reader_top_off(const struct view *v);
/* Scrolls so that byte off is on screen; if it has to move, off's line
 * goes a third down the pane, or to the top with at_top. */
void view_reader_show_off(struct ui *ui, struct view *v, size_t off, bool at_top);

/* --- ui_draw.c: drawing inside a pane ------------------------------- */

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
/* Display width of a NUL-terminated display string. */
int ui_str_width(const char *s);
/* The text of a status bar w (already filled in a): pos in bold at the
 * left, the message of ui_report after it, hint at the right if it fits. */
void ui_draw_status(const struct ui *ui, WINDOW *w, const char *pos,
                    const char *hint, attr_t a);
/* Gives overlay v a new window of h rows and w columns in the middle of
 * the screen, replacing any it had. */
void ui_place_centered(struct view *v, int h, int w);
/* Gives v a new window at y, x of h rows and w columns (none when either
 * is below 1), deleting the old one; a window that cannot be made is
 * fatal, with the terminal restored first. */
void ui_view_place(struct view *v, int y, int x, int h, int w);
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
