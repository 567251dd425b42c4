/* ui_core.h - the interface's core, what every view and every part of the
 * interface may use: the view operations each pane and each layer exports
 * (as tig's views do), the interface's state (struct ui), the shared
 * changes (select, focus, report, dirty marks), the one stack of layers
 * over the panes, the table of background jobs, the place the reader
 * shows, and the requests that views hand to the main loop instead of
 * calling each other.
 *
 * The interface is a tree: ui.c (the loop) and ui_nav.c (what requests
 * do) on top, the views (view_*.c) under them, the parts they use (ui_xref,
 * ui_load, ui_search, ui_list, ui_prompt, ui_shell) under those, then
 * ui_draw.c and this core, then the pure core, which never sees curses.
 * Nothing calls upward: tools/uigraph.sh prints the graph and its cycles.
 *
 * Only the UI modules (src/ui*.c, src/view_*.c) include this header. */
#ifndef KILDE_UI_CORE_H
#define KILDE_UI_CORE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/keys.h"
#include "kilde/ui.h"
#include "kilde/xnav.h"

enum ui_pane { PANE_LIST, PANE_READER, PANE_INFO, PANE_COUNT };

/* Two clicks on the same row at most this far apart are a double click:
 * the common desktop default (ncurses' own click timing is off, so that a
 * press is acted on at once). */
#define UI_DOUBLE_CLICK_MS 400

struct ui;
struct view;

/* A pane or a layer. Every operation is optional except draw. */
struct view_ops {
	const char *name;      /* shown in the help and the title of the pane */
	enum keys_scope scope; /* which [keys] bindings apply while focused */
	/* Once, before the first layout: allocate the view's state. */
	void (*open)(struct ui *ui, struct view *v);
	/* The window was (re)created with a new size: re-lay out the text.
	 * The only place a view may re-wrap. A layer makes its own window
	 * here (ui_view_place, ui_place_centered). */
	void (*resize)(struct ui *ui, struct view *v);
	/* The selected article changed (ui->sel). */
	void (*select)(struct ui *ui, struct view *v);
	/* Draws the whole window from the prepared state. */
	void (*draw)(struct ui *ui, struct view *v);
	/* An action while the view has focus (or is the top layer). Returns
	 * true if handled. What it wants done elsewhere it asks for with
	 * ui_request. */
	bool (*key)(struct ui *ui, struct view *v, enum keys_action act);
	/* A click at row y, column x of the window; wheel is -1 (up), 1 (down)
	 * or 0 for a click. clicks is 2 for the second click of a double click
	 * (two on the same row within UI_DOUBLE_CLICK_MS), else 1. */
	void (*mouse)(struct ui *ui, struct view *v, int y, int x, int wheel,
	              int clicks);
	/* Writes the position shown in the status bar (e.g. "3/5", "42%");
	 * returns false if the view has none. */
	bool (*position)(struct ui *ui, struct view *v, char *buf, size_t n);
	/* Frees the view's state. */
	void (*done)(struct ui *ui, struct view *v);
	/* The cross-reference index became available (ui_xref.c). */
	void (*xrefs)(struct ui *ui, struct view *v);
	/* A layer's status bar hint ("Enter open  q close"), or NULL: the
	 * panes' hint and position. */
	const char *hint;
	/* A layer that stays open when the corpus is replaced (it shows
	 * nothing of it: the help). */
	bool keep;
};

struct view {
	const struct view_ops *ops;
	WINDOW *win; /* NULL while the pane is hidden (owned) */
	int y, x, h, w;  /* its place on the screen */
	bool dirty;  /* must be drawn before the next doupdate */
	void *priv;  /* the view's own state (owned by the view) */
};

/* ---- layers --------------------------------------------------------- */

/* The layers over the panes, bottom first: the help, the chooser, the
 * matrix, the concordance, the comparison. The top one takes the keys
 * (in its scope) and the mouse; drawn bottom to top after the panes. */
enum { UI_LAYERS_MAX = 8 };

/* ---- background jobs -------------------------------------------------- */

/* A thread that works behind the interface (loading the texts, building
 * the index). The loop starts them after the first frame, polls them on
 * every wake-up, sleeps with a timeout while one is busy, and walks the
 * table when the corpus is replaced and when quitting. Every operation
 * is optional. */
struct ui_job_ops {
	const char *name;
	void (*start)(struct ui *ui);
	/* Takes in what a finished thread left; cheap when nothing did. */
	void (*poll)(struct ui *ui);
	bool (*busy)(const struct ui *ui);
	/* Waits for the thread without taking in what it left. */
	void (*join)(struct ui *ui);
	/* The corpus is about to be replaced: join, drop what points into it. */
	void (*closing)(struct ui *ui);
	/* The new corpus is in place (ui->sel and ui->seen set for it). */
	void (*opened)(struct ui *ui);
	/* Quitting: stop where the thread can, and join it. */
	void (*stop)(struct ui *ui);
	/* Frees what it holds (after stop). */
	void (*done)(struct ui *ui);
	/* Article art was read (opened in the reader with the focus). */
	void (*seen)(struct ui *ui, size_t art);
};

/* The table's rows, in the order they are told of a corpus change: what
 * the loop holds (layers' state, the pending compare, the prompt), the
 * search in the reader, the list's rows and marks, the index worker, the
 * loader. */
enum ui_job {
	UI_JOB_NAV, UI_JOB_SEARCH, UI_JOB_LIST, UI_JOB_INDEX, UI_JOB_LOAD,
	UI_JOB_COUNT
};

/* ---- requests ---------------------------------------------------------- */

/* What a view or a part of the interface asks the loop to do, instead of
 * calling a sibling: the loop (ui.c, ui_nav.c) does them in order once the
 * key has been handled. */
enum ui_req_kind {
	UI_REQ_CLOSE_LAYER,  /* close the top layer */
	UI_REQ_CHOOSE,       /* the chooser of term, from article art */
	UI_REQ_GOTO,         /* open art at occurrence occ (-1: the top) */
	UI_REQ_OPEN_READER,  /* the list's selection into the reader */
	UI_REQ_XREF_STEP,    /* n / N in the reader (dir) */
	UI_REQ_FOLLOW,       /* Enter on the reader's current occurrence */
	UI_REQ_READER_OFF,   /* scroll the reader so that byte off shows;
	                        at_top: off's line goes to the top */
	UI_REQ_OPEN_HIT,     /* art in the reader with the search pats (the
	                        caller's, alive until the loop is done)
	                        active at byte off */
	UI_REQ_FIX,          /* correct term: dir is the action (merge,
	                        rename, drop) */
};

struct ui_request {
	enum ui_req_kind kind;
	size_t art;
	long occ;
	uint32_t term;
	int dir;
	size_t off;
	bool at_top;
	const char *const *pats;
	size_t npats;
};

/* ---- the place the reader shows --------------------------------------- */

/* What the reader shows, kept up to date by the reader, read by search,
 * the history and the shell commands (which then never call the view). */
struct ui_reading {
	long art;          /* article shown, -1 for none */
	const char *text;  /* what it shows: the text or its transliteration */
	size_t len;
	size_t top_off;    /* byte offset of the first line shown */
	size_t end_off;    /* past the last line shown */
	long occ;          /* the current cross-reference, -1 none */
	bool visited;      /* shown with the focus since it was opened */
};

struct ui_xref;
struct ui_load;
struct ui_search;
struct ui_list;
struct ui_prompt;
struct ui_nav;
struct ui_story;

/* The interface. Owned by ui_run; views read it and call the ui_
 * functions below to change what is shared. */
struct ui {
	struct corpus *c;             /* not owned */
	const struct config *cfg;     /* not owned */
	const struct ui_options *opt; /* not owned */
	struct view views[PANE_COUNT];
	struct view *layers[UI_LAYERS_MAX]; /* bottom first (not owned) */
	int nlayers;
	enum ui_pane focus;
	size_t sel;          /* selected article; meaningless when c->n == 0 */
	bool *seen;          /* per article: opened in the reader (owned) */
	bool wide;           /* side by side, else stacked */
	bool info_on;        /* stacked layout: the info pane is shown */
	bool info_toggled;   /* the user chose info_on with a key */
	bool zoomed;         /* z: the focused pane has the whole screen */
	bool too_small;
	int top, avail;      /* the rows the panes have (ui.c's layout) */
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
	/* The last click, to tell a double click (ui.c's): when, in ms (0 in
	 * the headless --keys mode, where two clicks in a row are a double
	 * click), in which window (NULL after a key or the wheel) and row. */
	uint64_t click_ms;
	const struct view *click_view;
	int click_y;
	struct ui_reading rd; /* written by the reader view only */
	long info_term;       /* the info pane's selected term or -1 (the
	                         info view's) */
	/* A correction waiting for its name at the prompt (ui_fix.c): the
	 * action and the display of its term (owned), NULL when none. */
	enum keys_action fix_act;
	char *fix_display;
	/* The background jobs and the parts that hold corpus state, in the
	 * order they are told of a corpus change (set by ui.c). */
	const struct ui_job_ops *jobs[UI_JOB_COUNT];
	/* The loop's own hooks, set by ui.c: draw now; lay the panes out. */
	void (*draw_now)(struct ui *ui);
	void (*lay_out)(struct ui *ui);
	struct ui_request *reqs; /* waiting for the loop (owned) */
	size_t nreqs, reqcap;
	struct ui_xref *xr;     /* cross-references, see ui_xref.h (owned) */
	struct ui_load *ld;     /* the loader of the texts, see ui_load.h
	                           (owned), NULL if none */
	struct ui_search *sr;   /* search in the reader, ui_search.h (owned) */
	struct ui_list *ls;     /* filter, order, marks, ui_list.h (owned) */
	struct ui_prompt *pr;   /* the status-bar prompt, ui_prompt.h (owned) */
	struct ui_nav *nav;     /* the loop's own: the layers' views, ui_nav.h
	                           (owned) */
	struct ui_story *sv;    /* the list by story, ui_story.h (owned) */
	/* The list's rows after the filter and sort (ui_list.c): article
	 * indices; rowof[i] is article i's row or SIZE_MAX. NULL: all
	 * articles in corpus order. */
	size_t *order, *rowof;
	size_t norder;
};

/* ---- shared state changes -------------------------------------------- */

/* Selects article i (clamped); the views follow. */
void ui_select(struct ui *ui, long i);
/* Moves the focus to pane p if it is shown. */
void ui_focus(struct ui *ui, enum ui_pane p);
/* The reader got the focus or another article: it counts as read. */
void ui_mark_seen(struct ui *ui);
/* Shows a message in the status bar until the next key. */
void ui_report(struct ui *ui, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Says in the status bar what is wrong with the configuration and the
 * corpus (its warnings and skipped files), if anything: at the start, and
 * when a corpus read behind the first frame comes in. */
void ui_start_message(struct ui *ui);
/* Marks every view (and the bars) for drawing. */
void ui_dirty_all(struct ui *ui);
/* Draws what is dirty and updates the terminal now, in the middle of an
 * action: before work that blocks (ui_load_wait says why it waits). */
void ui_flush(struct ui *ui);

/* ---- layers ------------------------------------------------------------ */

/* Puts v on top (taking it out of the stack first if it is in it), lays
 * it out and marks everything for drawing. */
void ui_layer_push(struct ui *ui, struct view *v);
/* Takes v out of the stack and deletes its window (nothing if it is not
 * in it). */
void ui_layer_remove(struct ui *ui, struct view *v);
/* The top layer, or NULL. */
struct view *ui_layer_top(const struct ui *ui);
/* Whether v is in the stack. */
bool ui_layer_open(const struct ui *ui, const struct view *v);
/* Closes every layer. */
void ui_layers_close(struct ui *ui);

/* ---- jobs --------------------------------------------------------------- */

/* Whether job j is busy; joins it (without taking in what it left). */
bool ui_job_busy(const struct ui *ui, enum ui_job j);
void ui_job_join(struct ui *ui, enum ui_job j);
/* Whether any job is busy (the loop then wakes up every 50 ms). */
bool ui_jobs_busy(const struct ui *ui);
/* Polls every job. */
void ui_jobs_poll(struct ui *ui);
/* Replaces the corpus with fresh (moved out of it): the layers are closed,
 * every job is told (closing), the panes start over on the new corpus
 * with the selection kept by file name, every job is told again (opened),
 * and the status bar says so. */
void ui_corpus_replace(struct ui *ui, struct corpus *fresh);

/* ---- requests ------------------------------------------------------------ */

/* Asks the loop to do r once the current key is handled. */
void ui_request(struct ui *ui, const struct ui_request *r);

#endif
