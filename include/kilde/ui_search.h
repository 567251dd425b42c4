/* ui_search.h - the finding part of the interface (issue 4): the prompt in
 * the status bar, search in the open article, the corpus-wide keyword-in-
 * context view, the list's filter and order, read marks and bookmarks,
 * comparing two articles, and handing an article to other programs.
 *
 * ui.c calls a handful of hooks (ui_find_*) at fixed points; everything
 * else lives in ui_prompt.c, ui_search.c, ui_list.c, ui_shell.c,
 * view_kwic.c and view_compare.c. UI modules only (includes curses). */
#ifndef KILDE_UI_SEARCH_H
#define KILDE_UI_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/filter.h"
#include "kilde/prompt.h"
#include "kilde/search.h"
#include "kilde/state.h"
#include "kilde/view.h"

/* What the prompt is asking for. */
enum ui_prompt_kind {
	UI_PROMPT_NONE,
	UI_PROMPT_SEARCH,  /* / or ? in the reader, incremental */
	UI_PROMPT_FIND,    /* : or F, corpus-wide */
	UI_PROMPT_FILTER,  /* f */
	UI_PROMPT_PIPE,    /* | */
};

struct ui_find {
	/* ---- the prompt (ui_prompt.c) */
	enum ui_prompt_kind kind;
	struct prompt pr;
	const char *label; /* "/", "?", "find: "... (static) */
	const char *hint;  /* shown at the right while typing (static) */

	/* ---- search in the reader (ui_search.c) */
	unsigned mode;        /* SEARCH_MODE_DEFAULT or SEARCH_MODE_EXACT */
	bool active;          /* highlights shown, n/N step them */
	bool forward;         /* direction of / (true) or ? (false) */
	char **pats;          /* the patterns (several for a term's
	                         variants), owned */
	size_t npats;
	long art;             /* article the matches belong to, -1 none */
	struct search_match *m; /* matches in the reader's text, owned */
	size_t nm;
	long cur;             /* current match, -1 none */
	size_t saved_top;     /* where the reader was when / was pressed */
	struct ui_span *spans; /* highlights merged for drawing, owned */
	size_t nspans, spancap;
	/* What spans was merged from, so scrolling reuses it. */
	unsigned gen, spans_gen;
	uint64_t spans_base; /* hash of the base highlights */
	long spans_cur;

	/* ---- list filter, order, state (ui_list.c) */
	struct filter filter;
	enum filter_sort sort;
	struct state st;
	bool st_ok;           /* st was loaded (saving is allowed) */
	struct ui_list_saver *saver; /* writes st off the key path (owned) */
	long compare_first;   /* c pressed: waiting for the second article */

	struct search_folded fold; /* the reader's text folded (cache) */
	long fold_art;
	unsigned fold_mode;

	/* ---- the full-screen views (view_kwic.c, view_compare.c) */
	struct view kwic;     /* kept after Enter, so find can reopen it */
	struct view cmp;
	struct view *full;    /* the one shown, NULL for none */
	int top, avail;       /* the rows the panes have (ui_layout) */
};

/* ---- hooks called by ui.c ------------------------------------------- */
void ui_find_init(struct ui *ui);
void ui_find_done(struct ui *ui);
/* A raw key before the keymap: the prompt, Esc, and keys of the
 * full-screen view. Returns true if taken. */
bool ui_find_key(struct ui *ui, int key);
/* An action no pane handled in ui.c's own switch: returns true if one of
 * the issue-4 features took it (called before the focused pane's key). */
bool ui_find_action(struct ui *ui, enum keys_action act);
/* The full-screen view follows the layout (top row, rows available). */
void ui_find_layout(struct ui *ui, int top, int avail);
/* The corpus was replaced (ui_load.c): forgets everything that holds
 * article indices or points into texts (search matches, the concordance,
 * the comparison, a pending compare, the search prompt). */
void ui_find_corpus_changed(struct ui *ui);
/* Draws and stages the full-screen view over the panes, if open. */
void ui_find_refresh(struct ui *ui);
/* Draws the whole status bar when the prompt or a full-screen view owns
 * it; returns false to let ui.c draw it. */
bool ui_find_statusbar(struct ui *ui);
/* Appends "  match 3/11", the filter and the sort to the status text. */
void ui_find_status(struct ui *ui, char *buf, size_t n);
/* The reader marks article i as read (mark_seen). */
void ui_find_seen(struct ui *ui, size_t i);
/* The reader's highlights with the search matches laid over them. */
const struct ui_span *ui_find_spans(struct ui *ui, long art,
                                    const struct ui_span *base, size_t nbase,
                                    size_t *n);
/* The list's next row from article i in direction dir (J/K): an article
 * index, or i itself at an end. */
long ui_find_list_step(struct ui *ui, size_t i, int dir);

/* ---- ui_prompt.c ----------------------------------------------------- */
void ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind,
                    const char *label, const char *hint, const char *text);
void ui_prompt_close(struct ui *ui);
bool ui_prompt_key(struct ui *ui, int key);
void ui_prompt_draw(struct ui *ui);

/* ---- ui_search.c ----------------------------------------------------- */
/* The prompt's text changed (incremental search), or was accepted or
 * cancelled. */
void ui_search_changed(struct ui *ui);
void ui_search_accept(struct ui *ui);
void ui_search_cancel(struct ui *ui);
/* n (forward) / N: steps the reader's matches. Returns false when no
 * search is active in the reader, so the caller can fall through to the
 * cross-references. */
bool ui_search_step(struct ui *ui, bool forward);
/* Makes patterns the reader's active search on the open article, current
 * match the one at (or after) byte off. */
void ui_search_activate(struct ui *ui, const char *const *pats, size_t n,
                        size_t off);
void ui_search_clear(struct ui *ui);
void ui_search_toggle_exact(struct ui *ui);

/* ---- view_kwic.c ------------------------------------------------------ */
extern const struct view_ops view_kwic_ops;
/* Corpus-wide concordance of pattern in the full-screen KWIC view. */
void ui_kwic_open(struct ui *ui, const char *pattern);
/* The same for all variants of a cross-reference term (any language);
 * title names it in the header. */
void ui_kwic_open_terms(struct ui *ui, const char *const *variants, size_t n,
                        const char *title);

/* ---- view_compare.c --------------------------------------------------- */
extern const struct view_ops view_compare_ops;
/* Articles a and b side by side. */
void ui_compare_open(struct ui *ui, size_t a, size_t b);

/* ---- full-screen views (ui_search.c) --------------------------------- */
void ui_full_show(struct ui *ui, struct view *v);
void ui_full_close(struct ui *ui);

/* ---- ui_list.c --------------------------------------------------------- */
void ui_list_init(struct ui *ui);
void ui_list_done(struct ui *ui);
/* The corpus was replaced: read marks from the state, and the filter and
 * the sort applied again (ui->seen has the new size, ui->sel is set). */
void ui_list_corpus_changed(struct ui *ui);
/* Applies a filter string; returns 0 or -1 (reported). */
int ui_list_filter(struct ui *ui, const char *s);
void ui_list_cycle_sort(struct ui *ui);
void ui_list_toggle_bookmark(struct ui *ui);
bool ui_list_bookmarked(const struct ui *ui, size_t i);

/* ---- ui_shell.c -------------------------------------------------------- */
void ui_shell_pipe(struct ui *ui, const char *cmd);
/* prog_env "EDITOR" or "PAGER", with fallback. */
void ui_shell_open_file(struct ui *ui, const char *prog_env,
                        const char *fallback);
void ui_shell_yank(struct ui *ui);

#endif
