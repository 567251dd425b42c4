/* ui.c - the interactive interface: sets up the terminal (a real one, or an
 * in-memory one for --screen), lays the panes out for the terminal's size,
 * and runs the main loop as tig does: read a key, translate it to a keys.h
 * code, look up its action in the scope of the top layer or the focused
 * pane, let the loop or the view act, do what the views asked for
 * (ui_nav.c), then stage each dirty window with wnoutrefresh and update
 * the terminal once per key. The views (view_*.c) do the drawing; this
 * file owns the table of panes, the table of jobs, the layout, the title
 * and status bars and the dispatch of keys and actions. */
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <wchar.h>

#include "kilde/layout.h"
#include "kilde/ui.h"
#include "kilde/ui_core.h"
#include "kilde/ui_draw.h"
#include "kilde/ui_fix.h"
#include "kilde/ui_list.h"
#include "kilde/ui_load.h"
#include "kilde/ui_nav.h"
#include "kilde/ui_prompt.h"
#include "kilde/ui_search.h"
#include "kilde/ui_shell.h"
#include "kilde/ui_story.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_info.h"
#include "kilde/view_list.h"
#include "kilde/view_reader.h"

/* Below this the panes cannot be drawn; a message says so instead. */
enum { MIN_COLS = 20, MIN_LINES = 5 };
/* Side by side from this width on, unless [ui] layout says otherwise. */
enum { WIDE_COLS = 120 };

static const struct view_ops *const pane_ops[PANE_COUNT] = {
	[PANE_LIST] = &view_list_ops,
	[PANE_READER] = &view_reader_ops,
	[PANE_INFO] = &view_info_ops,
};

/* The jobs and the parts that hold corpus state, in the order they are
 * told of a corpus change (enum ui_job). */
static const struct ui_job_ops *const job_ops[UI_JOB_COUNT] = {
	[UI_JOB_NAV] = &ui_nav_job,
	[UI_JOB_SEARCH] = &ui_search_job,
	[UI_JOB_LIST] = &ui_list_job,
	[UI_JOB_INDEX] = &ui_xref_job,
	[UI_JOB_LOAD] = &ui_load_job,
};

static bool curses_live; /* endwin() is due before a fatal message */

static void fatal_hook(void)
{
	if (curses_live) {
		endwin();
		curses_live = false;
	}
}

/* ---- layout ------------------------------------------------------------ */

static void place(struct ui *ui, enum ui_pane p, int y, int x, int h, int w)
{
	ui_view_place(&ui->views[p], y, x, h, w);
}

static void free_windows(struct ui *ui)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];

		if (v->win)
			delwin(v->win);
		v->win = NULL;
		v->h = v->w = 0;
	}
	for (int i = 0; i < ui->nlayers; i++) {
		struct view *v = ui->layers[i];

		if (v->win)
			delwin(v->win);
		v->win = NULL;
	}
	if (ui->titlebar)
		delwin(ui->titlebar);
	if (ui->statusbar)
		delwin(ui->statusbar);
	ui->titlebar = ui->statusbar = NULL;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Side by side: list | reader | info. */
static void layout_wide(struct ui *ui, int top, int avail)
{
	const struct config *cfg = ui->cfg;
	int listw = clamp(COLS * cfg->list_width / 100, 24, COLS - 41);
	int infow = clamp(cfg->info_width, 10, 200);
	bool info = ui->info_toggled ? ui->info_on : true;
	/* The text is what is read: from 100 columns on the reader keeps
	 * at least 60% of the width. The info pane is left out by default
	 * when even the narrowest list would not leave that (i brings it
	 * back), then the list gives up columns down to 24. */
	int readmin = COLS >= 100 ? COLS * 60 / 100 : 40;

	if (!ui->info_toggled && COLS - 25 - infow - 1 < readmin)
		info = false;
	if (COLS - listw - 1 - (info ? infow + 1 : 0) < readmin)
		listw = clamp(COLS - 1 - (info ? infow + 1 : 0) - readmin, 24,
		              listw);
	if (COLS - listw - infow - 2 < 40)
		info = false;
	int readerw = COLS - listw - 1 - (info ? infow + 1 : 0);

	place(ui, PANE_LIST, top, 0, avail, listw);
	place(ui, PANE_READER, top, listw + 1, avail, readerw);
	if (info)
		place(ui, PANE_INFO, top, listw + 1 + readerw + 1, avail, infow);

	/* Separators live on stdscr, under the panes. */
	attr_t a = ui->attr[COLOR_ELEM_border];

	wattr_set(stdscr, UI_ATTR(a), UI_PAIR(a), NULL);
	mvwvline_set(stdscr, top, listw, WACS_VLINE, avail);
	if (info)
		mvwvline_set(stdscr, top, listw + 1 + readerw, WACS_VLINE, avail);
	wattr_set(stdscr, A_NORMAL, 0, NULL);
}

/* Stacked: the list on top, the reader below, the info pane at the bottom
 * when there is room (or when asked for with toggle_info). */
static void layout_tall(struct ui *ui, int top, int avail)
{
	int listh = (int)(ui->c->n < 1000 ? ui->c->n : 1000) + 1;
	int maxlist = avail * 2 / 5 > 2 ? avail * 2 / 5 : 2;
	bool info = ui->info_toggled ? ui->info_on : avail >= 34;
	int infoh = 0;

	if (ui->c->n == 0)
		listh = 4;
	listh = clamp(listh, 2, maxlist);
	if (info) {
		infoh = clamp(avail / 4, 4, 11);
		if (avail - listh - infoh < 3)
			infoh = 0;
	}
	place(ui, PANE_LIST, top, 0, listh, COLS);
	place(ui, PANE_READER, top + listh, 0, avail - listh - infoh, COLS);
	if (infoh)
		place(ui, PANE_INFO, top + avail - infoh, 0, infoh, COLS);
}

static void ui_layout(struct ui *ui)
{
	const struct config *cfg = ui->cfg;
	int top, avail;
	bool wide;

	free_windows(ui);
	werase(stdscr);
	ui->too_small = COLS < MIN_COLS || LINES < MIN_LINES;
	ui_dirty_all(ui);
	if (ui->too_small)
		return;

	top = LINES >= 8 ? 1 : 0;
	avail = LINES - top - 1;
	ui->top = top;
	ui->avail = avail;
	if (top)
		ui->titlebar = newwin(1, COLS, 0, 0);
	ui->statusbar = newwin(1, COLS, LINES - 1, 0);

	wide = cfg->layout == LAYOUT_WIDE ? COLS >= 80 :
	       cfg->layout == LAYOUT_TALL ? false : COLS >= WIDE_COLS;
	ui->wide = wide;
	/* Zoomed (z): the focused pane has the screen, as tig's maximised
	 * view or newsboat's article view. */
	if (ui->zoomed && ui->focus != PANE_INFO)
		place(ui, ui->focus, top, 0, avail, COLS);
	else if (wide)
		layout_wide(ui, top, avail);
	else
		layout_tall(ui, top, avail);

	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];

		if (v->win && v->ops->resize)
			v->ops->resize(ui, v);
	}
	if (!ui->views[ui->focus].win)
		ui->focus = PANE_LIST;
	/* The layers, bottom first: each makes its own window. */
	for (int i = 0; i < ui->nlayers; i++) {
		struct view *v = ui->layers[i];

		if (v->ops->resize)
			v->ops->resize(ui, v);
		v->dirty = true;
	}
}

static void relayout(struct ui *ui)
{
	if (curses_live)
		ui_layout(ui);
}

/* ---- bars -------------------------------------------------------------- */

/* What is open and where: "kilde · TITLE · SOURCE · DATE" at the left,
 * the counts of the list at the right. The counts keep their place; the
 * title is cut first, and source and date go when the title would get
 * less than a few words. */
static void draw_titlebar(struct ui *ui)
{
	WINDOW *w = ui->titlebar;
	attr_t a = ui->attr[COLOR_ELEM_title_bar];
	char right[192];
	int x, rw, room, sepw = ui_str_width(ui->sep);
	bool shown = ui->c->n && (!ui->order || ui->norder);

	if (!w)
		return;
	ui_draw_fill(w, 0, 0, COLS, a);
	ui_list_title(ui, right, sizeof(right));
	if (ui->c->nskipped) {
		size_t len = strlen(right);
		snprintf(right + len, sizeof(right) - len, "%s%zu skipped",
		         ui->sep, ui->c->nskipped);
	}
	x = 1 + ui_draw_str(ui, w, 0, 1, COLS - 2, "kilde", a | A_BOLD);
	rw = ui_str_width(right);
	room = COLS - 1 - x - rw - 2 - sepw;
	if (!shown || room < 12) {
		x += ui_draw_str(ui, w, 0, x, COLS - 1 - x, ui->sep, a);
		ui_draw_str(ui, w, 0, x, COLS - 1 - x, right, a);
		return;
	}
	ui_draw_str(ui, w, 0, COLS - 1 - rw, rw, right, a);
	const struct article *ar = &ui->c->articles[ui->sel];
	struct strbuf meta = {0}, story = {0};
	const char *title = ar->title ? ar->title : "", *label;
	char lbuf[64];
	size_t sno, sn;

	/* In the list by story the bar names the story read, which is what
	 * the rows around the cursor have in common, then the article's
	 * title where the screen has room for both. */
	if (ui_story_current(ui, &sno, &sn, &label)) {
		sb_printf(&story, "story %zu/%zu: %s", sno, sn, label);
		/* The title only where a dozen columns of it show: a title cut
		 * to its first letters says less than the story's label alone. */
		if (ui_str_width(story.s) + 2 * sepw + 12 + 24 < room)
			sb_printf(&story, "%s%s", ui->sep, title);
		title = story.s;
	}
	sb_puts(&meta, ui->sep);
	/* The short label, as the list names it: a file name would take
	 * the title's room. */
	sb_puts(&meta, ui_xref_source(ui, ui->sel, lbuf, sizeof(lbuf)));
	if (ar->date && *ar->date) {
		sb_puts(&meta, ui->sep);
		sb_puts(&meta, ar->date);
	}
	int mw = ui_str_width(meta.s), tw = ui_str_width(title);

	x += ui_draw_str(ui, w, 0, x, room, ui->sep, a);
	/* The title gets what it needs, but at least 24 columns before the
	 * source and date may stay. */
	if (room - sepw - mw < (tw < 24 ? tw : 24))
		mw = 0;
	x += ui_draw_str(ui, w, 0, x, room - sepw - mw, title, a | A_BOLD);
	if (mw)
		ui_draw_str(ui, w, 0, x, mw, meta.s, a);
	sb_free(&meta);
	sb_free(&story);
}

/* The name of the first key that does act in the focused pane, from the
 * keymap (so a rebinding shows, and in the reader, where ? searches
 * backward, the hint names F1), or NULL if no key does. */
static const char *key_for(const struct ui *ui, enum keys_action act,
                           char *buf, size_t n)
{
	const struct keymap *km = &ui->cfg->keymap;
	enum keys_scope scope = ui->views[ui->focus].ops->scope;

	for (int i = 0; i < km->nkeys[act]; i++)
		if (keys_lookup(km, scope, km->keys[act][i]) == act)
			return keys_name(km->keys[act][i], buf, n);
	return NULL;
}

/* The right end of the prompt: the count of matches while searching,
 * else its hint. Malloc'd. */
static char *prompt_right_text(const struct ui *ui)
{
	enum ui_prompt_kind kind = ui_prompt_kind(ui);
	bool exact = ui_search_mode(ui) == SEARCH_MODE_EXACT;
	bool searching = kind == UI_PROMPT_SEARCH || kind == UI_PROMPT_FIND ||
	                 kind == UI_PROMPT_FILTER;
	long cur;
	size_t nm;

	ui_search_matches(ui, &cur, &nm);
	if (kind == UI_PROMPT_SEARCH && *ui_prompt_text(ui)) {
		if (!nm)
			return util_xasprintf("no match%s", exact ? " (exact)" : "");
		return util_xasprintf("match %ld/%zu%s", cur + 1, nm,
		                      exact ? " (exact)" : "");
	}
	return util_xasprintf("%s%s", ui->pr->hint ? ui->pr->hint : "",
	                      searching && exact ? " (exact)" : "");
}

/* The prompt owns the status bar while it is open. */
static bool draw_prompt_bar(struct ui *ui)
{
	char *right;

	if (ui_prompt_kind(ui) == UI_PROMPT_NONE)
		return false;
	right = prompt_right_text(ui);
	ui_prompt_draw(ui, right);
	free(right);
	return true;
}

/* A full-screen layer (the concordance, the comparison) shows its own
 * position and hint, also under a layer that has none (the help). */
static bool draw_layer_bar(struct ui *ui)
{
	WINDOW *w = ui->statusbar;
	attr_t a = ui->attr[COLOR_ELEM_status];
	char pos[256] = "";
	struct view *v = NULL;

	for (int i = ui->nlayers; i-- > 0 && !v;)
		if (ui->layers[i]->ops->hint)
			v = ui->layers[i];
	if (!v)
		return false;
	ui_draw_fill(w, 0, 0, COLS, a);
	if (v->ops->position)
		v->ops->position(ui, v, pos, sizeof(pos));
	ui_draw_status(ui, w, pos, NULL, v->ops->hint, a);
	return true;
}

/* The status bar's words for the cross-reference in hand: the row
 * selected in the focused info pane, or the reader's current occurrence
 * while the reader has the focus and no search takes n and N. Malloc'd or
 * NULL. */
static char *xref_in_hand(const struct ui *ui, int cols)
{
	const struct xref_index *ix = ui_xref_index(ui);
	const struct xref_occ *o;
	size_t k, n;
	long t;
	char kb[32];

	if (!ix)
		return NULL;
	/* Under a layer (the chooser, the help) the keys are the layer's:
	 * Enter there does not follow, so the hint is left out. */
	if (ui->focus == PANE_INFO) {
		t = view_info_term_at(ui, &k, &n);
		return t < 0 ? NULL :
		       ui_xref_describe(ui, (uint32_t)t, k, n,
		                        ui->nlayers ? NULL :
		                        key_for(ui, ACT_open, kb, sizeof(kb)),
		                        cols);
	}
	if (ui->focus != PANE_READER || ui->rd.art < 0 || ui->rd.occ < 0 ||
	    ui_search_active(ui))
		return NULL;
	o = xref_occs(ix, (size_t)ui->rd.art, &n);
	if ((size_t)ui->rd.occ >= n)
		return NULL;
	return ui_xref_describe(ui, o[ui->rd.occ].term, (size_t)ui->rd.occ + 1,
	                        n, ui->nlayers ? NULL :
	                        key_for(ui, ACT_follow, kb, sizeof(kb)),
	                        cols);
}

static void draw_statusbar(struct ui *ui)
{
	WINDOW *w = ui->statusbar;
	attr_t a = ui->attr[COLOR_ELEM_status];
	char pos[256] = "", buf[32], hint[96] = "", kh[32], kq[32], *xs;
	int room;
	const char *h = key_for(ui, ACT_help, kh, sizeof(kh));
	const char *q = key_for(ui, ACT_quit, kq, sizeof(kq));
	struct view *lv = &ui->views[PANE_LIST], *rv = &ui->views[PANE_READER];

	snprintf(hint, sizeof(hint), "%s%s%s%s%s", h ? h : "", h ? " help" : "",
	         h && q ? "  " : "", q ? q : "", q ? " quit" : "");
	if (!w || draw_prompt_bar(ui) || draw_layer_bar(ui))
		return;
	ui_draw_fill(w, 0, 0, COLS, a);
	lv->ops->position(ui, lv, pos, sizeof(pos));
	if (rv->win && rv->ops->position(ui, rv, buf, sizeof(buf))) {
		strcat(pos, "  ");
		strcat(pos, buf);
	}
	/* While the files are read, the index waits for them: the count
	 * of files says more. */
	if (ui_load_status(ui)) {
		strcat(pos, "  ");
		strcat(pos, ui_load_status(ui));
	} else if (ui_xref_status(ui)) {
		strcat(pos, "  ");
		strcat(pos, ui_xref_status(ui));
	}
	ui_search_status(ui, pos, sizeof(pos));
	ui_list_status(ui, pos, sizeof(pos));
	/* The highlight in hand is named for as long as it is in hand, not
	 * only after the key that reached it, after a message (which lasts
	 * one key) and in the room it leaves; an error needs the room more. */
	room = COLS - 5 - ui_str_width(pos);
	if (ui->msg)
		room -= 2 + ui_str_width(ui->msg);
	xs = ui->msg && ui->msg_error ? NULL : xref_in_hand(ui, room);
	ui_draw_status(ui, w, pos, xs, hint, a);
	free(xs);
}

static void draw_too_small(struct ui *ui)
{
	const char *msg = "terminal too small";
	int w = ui_str_width(msg), y = LINES / 2;
	char size[32];

	werase(stdscr);
	ui_draw_str(ui, stdscr, y, COLS > w ? (COLS - w) / 2 : 0, COLS, msg,
	            ui->attr[COLOR_ELEM_message]);
	snprintf(size, sizeof(size), "%dx%d", COLS, LINES);
	w = ui_str_width(size);
	if (y + 1 < LINES)
		ui_draw_str(ui, stdscr, y + 1, COLS > w ? (COLS - w) / 2 : 0,
		            COLS, size, ui->attr[COLOR_ELEM_text]);
}

/* Draws what is dirty, stages it, and updates the terminal once. */
static void ui_refresh(struct ui *ui)
{
	if (ui->too_small) {
		draw_too_small(ui);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (ui->base_dirty) {
		touchwin(stdscr);
		wnoutrefresh(stdscr);
	}
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];

		if (!v->win)
			continue;
		if (v->dirty || ui->base_dirty) {
			v->ops->draw(ui, v);
			wnoutrefresh(v->win);
		}
		v->dirty = false;
	}
	if (ui->bars_dirty || ui->base_dirty) {
		if (ui->titlebar) {
			draw_titlebar(ui);
			wnoutrefresh(ui->titlebar);
		}
		draw_statusbar(ui);
		wnoutrefresh(ui->statusbar);
	}
	/* The layers, bottom first, each drawn whole: panes drawn this round
	 * may have covered them. */
	for (int i = 0; i < ui->nlayers; i++) {
		struct view *v = ui->layers[i];

		if (!v->win)
			continue;
		v->ops->draw(ui, v);
		v->dirty = false;
		touchwin(v->win);
		wnoutrefresh(v->win);
	}
	ui->bars_dirty = false;
	ui->base_dirty = false;
	doupdate();
}

static void refresh_live(struct ui *ui)
{
	if (curses_live)
		ui_refresh(ui);
}

/* ---- keys -------------------------------------------------------------- */

static void focus_cycle(struct ui *ui, int dir)
{
	int p = (int)ui->focus;

	for (int i = 0; i < PANE_COUNT; i++) {
		p = (p + dir + PANE_COUNT) % PANE_COUNT;
		if (ui->views[p].win) {
			ui_focus(ui, (enum ui_pane)p);
			return;
		}
	}
}

/* The hint names the help key that works where the person is: not ? in
 * the reader, where it searches backward, nor when [keys] moved help. */
static void unbound(struct ui *ui, int key)
{
	char name[64], help[64];
	const char *h = key_for(ui, ACT_help, help, sizeof(help));

	if (h)
		ui_report(ui, false, "%s is not bound to anything (%s shows the "
		                     "keys)",
		          keys_name(key, name, sizeof(name)), h);
	else
		ui_report(ui, false, "%s is not bound to anything",
		          keys_name(key, name, sizeof(name)));
}

/* What the views asked for while the key was handled, in order (doing
 * one may ask for more). */
static void do_requests(struct ui *ui)
{
	for (size_t i = 0; i < ui->nreqs; i++) {
		struct ui_request r = ui->reqs[i];

		ui_nav_request(ui, &r);
	}
	ui->nreqs = 0;
}

/* The actions that search, find, filter, mark and hand the article to
 * other programs; false if act is none of them (or is the pane's after
 * all: n/N without a search, s outside the list, Enter with no compare
 * waiting). */
static bool find_action(struct ui *ui, enum keys_action act)
{
	switch (act) {
	case ACT_search_forward:
	case ACT_search_backward: {
		bool fwd = act == ACT_search_forward;

		if (ui_search_start(ui, fwd))
			ui_prompt_open(ui, UI_PROMPT_SEARCH, fwd ? "/" : "?",
			               "Enter keeps, Esc goes back", "");
		return true;
	}
	case ACT_xref_next:
	case ACT_xref_prev:
		return ui_search_step(ui, act == ACT_xref_next);
	case ACT_toggle_exact:
		ui_search_toggle_exact(ui, false, NULL);
		return true;
	case ACT_find:
		ui_prompt_open(ui, UI_PROMPT_FIND, "find: ",
		               ui->nav->kwic.ops ? "all articles; empty: last results" :
		                                   "all articles; \"...\" a phrase",
		               "");
		return true;
	case ACT_filter: {
		char *cur = ui_list_filter_text(ui);

		ui_prompt_open(ui, UI_PROMPT_FILTER, "filter: ",
		               "lang:da source:X date:2018..2019 is:unread "
		               "is:bookmarked",
		               cur);
		free(cur);
		return true;
	}
	case ACT_sort:
		if (ui->focus != PANE_LIST)
			return false;
		ui_list_cycle_sort(ui);
		return true;
	case ACT_bookmark:
		ui_list_toggle_bookmark(ui);
		return true;
	case ACT_next_unread:
	case ACT_prev_unread:
		if (ui->focus != PANE_LIST)
			return false;
		ui_list_step_unread(ui, act == ACT_next_unread ? 1 : -1);
		return true;
	case ACT_compare:
		ui_nav_compare(ui);
		return true;
	case ACT_open:
		return ui_nav_compare_with(ui);
	case ACT_pipe:
		if (ui->c->n)
			ui_prompt_open(ui, UI_PROMPT_PIPE, "| ",
			               "the article's text is the input", "");
		return true;
	case ACT_edit:
		ui_shell_open_file(ui, "EDITOR", "vi");
		return true;
	case ACT_pager:
		ui_shell_open_file(ui, "PAGER", "less");
		return true;
	case ACT_open_url:
		ui_shell_open_url(ui);
		return true;
	case ACT_yank:
		ui_shell_yank(ui);
		return true;
	case ACT_where_else:
		ui_nav_where_else(ui);
		return true;
	case ACT_merge:
	case ACT_rename:
	case ACT_drop:
		ui_fix_start(ui, act, ui_nav_term(ui));
		return true;
	default:
		return false;
	}
}

/* An action for the panes (no layer, or one a layer lets through). */
static void pane_action(struct ui *ui, enum keys_action act)
{
	struct view *v = &ui->views[ui->focus];

	switch (act) {
	case ACT_quit:
		if (ui->focus != PANE_LIST)
			ui_focus(ui, PANE_LIST);
		else
			ui->quit = true;
		return;
	case ACT_quit_now:
		ui->quit = true;
		return;
	case ACT_help:
		ui_nav_help(ui, true);
		return;
	case ACT_redraw:
		clearok(curscr, TRUE);
		ui_dirty_all(ui);
		return;
	case ACT_focus_next:
		focus_cycle(ui, 1);
		return;
	case ACT_focus_prev:
		focus_cycle(ui, -1);
		return;
	case ACT_next_article:
	case ACT_prev_article:
	{
		long to;

		if (ui->c->n == 0)
			return;
		to = ui_list_step(ui, ui->sel, act == ACT_next_article ? 1 : -1);
		/* At an end of the list, say so rather than do nothing. */
		if (to == (long)ui->sel || to < 0 || to >= (long)ui->c->n) {
			ui_focus(ui, PANE_READER);
			ui_mark_seen(ui);
			ui_report(ui, false, act == ACT_next_article ?
			                         "This is the last article" :
			                         "This is the first article");
			return;
		}
		ui_nav_jump(ui);
		ui_select(ui, to);
		ui_focus(ui, PANE_READER);
		ui_mark_seen(ui);
		return;
	}
	case ACT_zoom:
		ui->zoomed = !ui->zoomed;
		ui_layout(ui);
		return;
	case ACT_toggle_info:
		ui->info_toggled = true;
		ui->info_on = !ui->views[PANE_INFO].win;
		ui_layout(ui);
		if (ui->info_on && !ui->views[PANE_INFO].win)
			ui_report(ui, false, "No room for the info pane");
		return;
	case ACT_back:
		if (ui_nav_back(ui))
			return;
		if (ui->focus != PANE_LIST)
			ui_focus(ui, PANE_LIST);
		return;
	case ACT_forward:
		if (!ui_nav_forward(ui))
			ui_report(ui, false, "Nothing ahead in the history");
		return;
	case ACT_matrix:
		ui_nav_matrix(ui);
		return;
	case ACT_stories:
		ui_story_toggle(ui);
		return;
	case ACT_timeline:
		ui_nav_timeline(ui);
		return;
	default:
		break;
	}
	if (find_action(ui, act))
		return;
	if (v->ops->key)
		v->ops->key(ui, v, act);
}

/* One rule for every layer: quit and back close the top one; help (which
 * closes the help), quit_now, redraw, toggle_info, find and toggle_exact
 * are the loop's; every other action is the layer's, and goes no further. */
static void ui_action(struct ui *ui, enum keys_action act)
{
	struct view *top = ui_layer_top(ui);

	if (top) {
		switch (act) {
		case ACT_quit:
		case ACT_back:
			ui_nav_close_layer(ui);
			return;
		case ACT_help:
			if (top == &ui->nav->help) {
				ui_nav_help(ui, false);
				return;
			}
			break;
		case ACT_quit_now:
		case ACT_redraw:
		case ACT_toggle_info:
		case ACT_find:
		case ACT_toggle_exact:
			break;
		default:
			if (top->ops->key)
				top->ops->key(ui, top, act);
			return;
		}
	}
	pane_action(ui, act);
}

/* What a key did to the open prompt. */
static void prompt_event(struct ui *ui, enum ui_prompt_event ev,
                         enum ui_prompt_kind kind)
{
	char *text;

	switch (ev) {
	case UI_PROMPT_CHANGED:
		if (kind == UI_PROMPT_SEARCH)
			ui_search_changed(ui, ui_prompt_text(ui));
		break;
	case UI_PROMPT_TOGGLE:
		ui_search_toggle_exact(ui, true, kind == UI_PROMPT_SEARCH ?
		                       ui_prompt_text(ui) : NULL);
		break;
	case UI_PROMPT_CANCELLED:
		if (kind == UI_PROMPT_SEARCH)
			ui_search_cancel(ui);
		if (kind == UI_PROMPT_NAME)
			ui_fix_done(ui);
		break;
	case UI_PROMPT_ACCEPTED:
		text = util_xstrdup(ui_prompt_text(ui));
		switch (kind) {
		case UI_PROMPT_SEARCH: ui_search_accept(ui); break;
		case UI_PROMPT_FIND: ui_nav_find(ui, text); break;
		case UI_PROMPT_FILTER:
			ui_list_filter(ui, text, ui_search_mode(ui));
			break;
		case UI_PROMPT_PIPE:
			if (*text)
				ui_shell_pipe(ui, text);
			break;
		case UI_PROMPT_NAME: ui_fix_name(ui, text); break;
		case UI_PROMPT_NONE: break;
		}
		free(text);
		break;
	case UI_PROMPT_NOT_OPEN:
	case UI_PROMPT_TAKEN:
		break;
	}
}

/* How many clicks a click at row y of window v makes: 2 when the one
 * before was in the same window and row at most UI_DOUBLE_CLICK_MS before
 * (then the next click starts over), else 1. double_click: the terminal
 * said so itself. */
static int count_clicks(struct ui *ui, const struct view *v, int y,
                        uint64_t ms, bool double_click)
{
	bool twice = double_click ||
	             (ui->click_view == v && ui->click_y == y &&
	              ms - ui->click_ms <= UI_DOUBLE_CLICK_MS);

	ui->click_view = twice ? NULL : v;
	ui->click_y = y;
	ui->click_ms = ms;
	return twice ? 2 : 1;
}

/* A mouse event at screen row y, column x: wheel -1 (up), 1 (down) or 0
 * (a click of the first button, at ms; double_click when the terminal
 * reported one). */
static void ui_mouse(struct ui *ui, int y, int x, int wheel, uint64_t ms,
                     bool double_click)
{
	struct view *top = ui_layer_top(ui);

	if (ui->too_small)
		return;
	if (wheel)
		ui->click_view = NULL;
	if (top) {
		bool inside = top->win && y >= top->y && y < top->y + top->h &&
		              x >= top->x && x < top->x + top->w;

		/* The wheel scrolls the top layer; a click outside it
		 * closes it. */
		if (!wheel && !inside) {
			ui->click_view = NULL;
			ui_nav_close_layer(ui);
		} else if (top->ops->mouse) {
			top->ops->mouse(ui, top, y - top->y, x - top->x, wheel,
			                wheel ? 1
			                      : count_clicks(ui, top, y, ms,
			                                     double_click));
		}
		do_requests(ui);
		ui->bars_dirty = true;
		return;
	}
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];
		int clicks = 1;

		if (!v->win || y < v->y || y >= v->y + v->h || x < v->x ||
		    x >= v->x + v->w)
			continue;
		if (!wheel) {
			clicks = count_clicks(ui, v, y, ms, double_click);
			ui_focus(ui, (enum ui_pane)p);
		}
		if (v->ops->mouse)
			v->ops->mouse(ui, v, y - v->y, x - v->x, wheel, clicks);
		break;
	}
	do_requests(ui);
	/* The position in the status bar follows the wheel and the clicks
	 * as it follows the keys (the reader's %, the list's row). */
	ui->bars_dirty = true;
}

static void ui_key(struct ui *ui, int key)
{
	struct view *top = ui_layer_top(ui);
	enum ui_prompt_kind kind;
	enum ui_prompt_event ev;
	enum keys_scope scope;
	enum keys_action act;

	if (key == KEY_K_RESIZE) {
		ui_layout(ui);
		return;
	}
	/* A key between two clicks makes them two single clicks. */
	ui->click_view = NULL;
	if (ui->msg) {
		free(ui->msg);
		ui->msg = NULL;
		ui->bars_dirty = true;
	}
	/* The prompt takes raw keys, before the keymap. */
	ev = ui_prompt_key(ui, key, &kind);
	if (ev != UI_PROMPT_NOT_OPEN) {
		prompt_event(ui, ev, kind);
		do_requests(ui);
		ui->bars_dirty = true;
		return;
	}
	/* Esc closes the top layer whatever the keymap says: everyone tries
	 * it. With none, it cancels a compare that waits, then a search. */
	if (key == KEY_K_ESC) {
		if (top) {
			ui_nav_close_layer(ui);
			ui->bars_dirty = true;
			return;
		}
		if (ui_nav_compare_cancel(ui)) {
			ui->bars_dirty = true;
			return;
		}
		if (ui_search_active(ui) && ui->focus == PANE_READER) {
			ui_search_clear(ui);
			ui->bars_dirty = true;
			return;
		}
	}
	scope = top ? top->ops->scope : ui->views[ui->focus].ops->scope;
	act = keys_lookup(&ui->cfg->keymap, scope, key);
	if (act == ACT_NONE) {
		unbound(ui, key);
		return;
	}
	if (ui->too_small && act != ACT_quit && act != ACT_quit_now &&
	    act != ACT_redraw)
		return;
	ui_action(ui, act);
	do_requests(ui);
	/* The position in the status bar follows nearly every action. */
	ui->bars_dirty = true;
}

/* A curses key (from wget_wch) as a keys.h code, or -1. */
static int translate_key(int r, wint_t wch)
{
	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		switch (wch) {
		case KEY_UP: return KEY_K_UP;
		case KEY_DOWN: return KEY_K_DOWN;
		case KEY_LEFT: return KEY_K_LEFT;
		case KEY_RIGHT: return KEY_K_RIGHT;
		case KEY_PPAGE: return KEY_K_PGUP;
		case KEY_NPAGE: return KEY_K_PGDN;
		case KEY_HOME: return KEY_K_HOME;
		case KEY_END: return KEY_K_END;
		case KEY_ENTER: return KEY_K_ENTER;
		case KEY_BACKSPACE: return KEY_K_BACKSPACE;
		case KEY_DC: return KEY_K_DELETE;
		case KEY_IC: return KEY_K_INSERT;
		case KEY_BTAB: return KEY_K_BTAB;
		case KEY_RESIZE: return KEY_K_RESIZE;
		case KEY_MOUSE: return KEY_K_MOUSE;
		default:
			if (wch >= KEY_F(1) && wch <= KEY_F(12))
				return KEY_K_F0 + (int)(wch - KEY_F0);
			return -1;
		}
	}
	switch (wch) {
	case '\r': case '\n': return KEY_K_ENTER;
	case 127: case '\b': return KEY_K_BACKSPACE;
	default: return (int)wch;
	}
}

static void handle_curses_mouse(struct ui *ui)
{
	MEVENT ev;
	uint64_t ms = util_now_ns() / 1000000;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		ui_mouse(ui, ev.y, ev.x, -1, ms, false);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		ui_mouse(ui, ev.y, ev.x, 1, ms, false);
#endif
	else if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		ui_mouse(ui, ev.y, ev.x, 0, ms, true);
	else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		ui_mouse(ui, ev.y, ev.x, 0, ms, false);
}

/* ---- set-up ------------------------------------------------------------ */

static void curses_setup(struct ui *ui)
{
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	ui_colors_init(ui);
	if (ui->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED |
		          BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		          | BUTTON5_PRESSED
#endif
		          , NULL);
		mouseinterval(0);
	}
}

/* A line-drawing character of a terminal without Unicode (stored as the
 * VT100 alternate-charset letter) as plain text. */
static wchar_t acs_text(wchar_t c)
{
	switch (c) {
	case 'q': return L'-';
	case 'x': return L'|';
	case 'l': case 'k': case 'm': case 'j':
	case 't': case 'u': case 'v': case 'w': case 'n': return L'+';
	default: return c;
	}
}

/* One cell's attributes as a digit for the attribute map: a hex digit of
 * 1 bold, 2 underline, 4 reverse, 8 dim; '.' for none. */
static char attr_digit(attr_t a)
{
	unsigned v = ((a & A_BOLD) ? 1u : 0u) | ((a & A_UNDERLINE) ? 2u : 0u) |
	             ((a & (A_REVERSE | A_STANDOUT)) ? 4u : 0u) |
	             ((a & A_DIM) ? 8u : 0u);

	return v ? "0123456789abcdef"[v] : '.';
}

/* Writes the screen as text: one line per row, a wide character once,
 * trailing spaces trimmed. Read back from curscr, which is what the
 * terminal was last told to show. With attrs, a second block follows: one
 * line per row, one attr_digit per column (what tests of the monochrome
 * interface compare). */
static void dump_screen(FILE *out, bool attrs)
{
	struct strbuf line = {0}, amap = {0};

	for (int y = 0; y < LINES; y++) {
		size_t keep = 0;

		line.len = 0;
		for (int x = 0; x < COLS;) {
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1] = {0};
			attr_t a;
			short pair;
			int w;

			if (mvwin_wch(curscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wc, &a, &pair, NULL) == ERR)
				break;
			if (wc[0] == 0)
				wc[0] = L' ';
			if (a & A_ALTCHARSET)
				wc[0] = acs_text(wc[0]);
			w = wcwidth(wc[0]);
			for (int i = 0; i < CCHARW_MAX && wc[i]; i++) {
				uint8_t buf[8];
				int n = u8_uctomb(buf, (ucs4_t)wc[i], sizeof(buf));

				if (n > 0)
					sb_append(&line, (const char *)buf, (size_t)n);
			}
			if (wc[0] != L' ')
				keep = line.len;
			for (int i = 0; i < (w > 0 ? w : 1); i++)
				sb_putc(&amap, attr_digit(a));
			x += w > 0 ? w : 1;
		}
		fwrite(line.s ? line.s : "", 1, keep, out);
		fputc('\n', out);
		while (amap.len && amap.s[amap.len - 1] == '.')
			amap.len--;
		sb_putc(&amap, '\n');
	}
	if (attrs) {
		fputs("-- attributes: 1 bold, 2 underline, 4 reverse, 8 dim\n", out);
		fwrite(amap.s ? amap.s : "", 1, amap.len, out);
	}
	sb_free(&line);
	sb_free(&amap);
}

/* One --keys token: a key name, or a pseudo-key for tests:
 * "Resize:COLSxLINES", "Click:X,Y", "WheelUp:X,Y", "WheelDown:X,Y". */
static int feed_token(struct ui *ui, const char *tok)
{
	int a, b;

	if (sscanf(tok, "Resize:%dx%d", &a, &b) == 2) {
		if (a < 1 || b < 1 || a > 1000 || b > 1000)
			return -1;
		resizeterm(b, a);
		ui_key(ui, KEY_K_RESIZE);
		return 0;
	}
	/* The clicks' time stands still: two in a row on one row are a
	 * double click, whatever the machine's speed. */
	if (sscanf(tok, "Click:%d,%d", &a, &b) == 2) {
		ui_mouse(ui, b, a, 0, 0, false);
		return 0;
	}
	if (sscanf(tok, "WheelUp:%d,%d", &a, &b) == 2) {
		ui_mouse(ui, b, a, -1, 0, false);
		return 0;
	}
	if (sscanf(tok, "WheelDown:%d,%d", &a, &b) == 2) {
		ui_mouse(ui, b, a, 1, 0, false);
		return 0;
	}
	a = keys_parse(tok);
	if (a < 0)
		return -1;
	ui_key(ui, a);
	return 0;
}

static void bench_report(const struct ui *ui)
{
	fprintf(stderr, "first frame: %.3f ms\n",
	        (double)(util_now_ns() - ui->opt->start_ns) / 1e6);
}

/* KILDE_SCREEN_ATTRS=1 adds the attribute map to the --screen output: a
 * switch for the golden tests, not a user option. */
static bool attrs_wanted(void)
{
	const char *e = getenv("KILDE_SCREEN_ATTRS");

	return e && *e && strcmp(e, "0") != 0;
}

static int run_headless(struct ui *ui)
{
	static const char *const terms[] = {"xterm-256color", "xterm", "vt100",
	                                    "ansi"};
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr = NULL;
	int rc = 0;

	if (!out || !in)
		util_die("cannot open /dev/null");
	for (size_t i = 0; i < KILDE_ARRAY_LEN(terms) && !scr; i++)
		scr = newterm(terms[i], out, in);
	if (!scr)
		util_die("no terminal description for the headless screen");
	set_term(scr);
	curses_live = true;
	resizeterm(ui->opt->lines, ui->opt->cols);
	curses_setup(ui);
	/* The screens are the same however kilde started: the texts and the
	 * index are in before the first frame (warm or cold). But
	 * --bench-startup measures the first frame and waits for nothing. */
	if (!ui->opt->bench_startup && ui->c->spill_fd > 0) {
		/* As live: the index from the spill file, then the texts. */
		ui_xref_start(ui);
		ui_xref_wait(ui);
		ui_load_start(ui);
		ui_load_wait_quiet(ui);
	} else if (!ui->opt->bench_startup) {
		ui_load_start(ui);
		ui_load_wait_quiet(ui);
		ui_xref_start(ui);
		ui_xref_wait(ui);
	}
	ui_layout(ui);
	ui_refresh(ui);
	if (ui->opt->bench_startup) {
		bench_report(ui);
		ui->quit = true;
	}

	char *keys = util_xstrdup(ui->opt->keys ? ui->opt->keys : "");
	char *save = NULL;

	for (char *tok = strtok_r(keys, " \t\n", &save); tok && !ui->quit;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (feed_token(ui, tok) < 0) {
			fatal_hook();
			fprintf(stderr, "kilde: --keys: unknown key '%s'\n", tok);
			rc = 2;
			break;
		}
		ui_refresh(ui);
	}
	free(keys);
	if (rc == 0 && !ui->opt->bench_startup)
		dump_screen(stdout, attrs_wanted());
	if (curses_live)
		endwin();
	curses_live = false;
	free_windows(ui);
	delscreen(scr);
	fclose(out);
	fclose(in);
	return rc;
}

static int run_live(struct ui *ui)
{
	/* newterm, unlike initscr, returns NULL for an unknown terminal
	 * instead of exiting, so the message can say what to do. */
	SCREEN *scr = newterm(NULL, stdout, stdin);

	if (!scr) {
		const char *term = getenv("TERM");

		fprintf(stderr, "kilde: cannot use the terminal type '%s'; set "
		                "TERM (e.g. TERM=xterm-256color), or use --list\n",
		        term ? term : "");
		return 1;
	}
	set_term(scr);
	curses_live = true;
	curses_setup(ui);
	/* ncurses 6.4 flushes its output after every cursor movement until
	 * the screen has once come back from endwin(), which costs a write()
	 * per jump (about 90 per key in the list, each waking the terminal).
	 * Leaving and re-entering before the first frame (the first doupdate
	 * does it) makes every frame one write. */
	endwin();
	ui_layout(ui);
	ui_refresh(ui);
	if (ui->opt->bench_startup) {
		endwin();
		curses_live = false;
		bench_report(ui);
		free_windows(ui);
		delscreen(scr);
		return 0;
	}
	/* Behind the first frame: the index (from the cache or built) and,
	 * for a corpus from the cache, the loader of the texts. Started only
	 * now, so that the first frame shares the machine with nothing. */
	for (int j = 0; j < UI_JOB_COUNT; j++)
		if (ui->jobs[j]->start)
			ui->jobs[j]->start(ui);
	ui->bars_dirty = true;
	ui_refresh(ui);
	while (!ui->quit) {
		wint_t wch;
		int r, key;

		/* While the texts are loaded or the index is built, wake up
		 * now and then to take them in; otherwise sleep until a key
		 * comes. The names of a folder being listed are awaited on
		 * an empty screen: they are taken in sooner. */
		wtimeout(stdscr, !ui_jobs_busy(ui) ? -1 :
		                 ui_load_listing(ui) ? 10 : 50);
		r = wget_wch(stdscr, &wch);
		ui_jobs_poll(ui);
		key = translate_key(r, wch);

		if (key >= 0)
			ui_load_key(ui);
		if (key == KEY_K_MOUSE)
			handle_curses_mouse(ui);
		else if (key >= 0)
			ui_key(ui, key);
		/* A key may have waited for the loader or the index (work over
		 * every text): what it joined is taken in before drawing. */
		ui_jobs_poll(ui);
		ui_refresh(ui);
	}
	free_windows(ui);
	endwin();
	curses_live = false;
	delscreen(scr);
	return 0;
}

int ui_run(struct corpus *c, const struct ui_options *opt)
{
	struct ui ui = {
		.c = c,
		.cfg = opt->cfg,
		.opt = opt,
		.focus = PANE_LIST,
		.mouse = opt->cfg->mouse,
		.rd = {.art = -1, .text = "", .occ = -1},
		.info_term = -1,
		.draw_now = refresh_live,
		.lay_out = relayout,
	};
	const char *codeset = nl_langinfo(CODESET);
	int rc;

	ui.utf8 = !opt->cfg->ascii && strcmp(codeset, "UTF-8") == 0;
	ui.charset = opt->cfg->ascii ? "ASCII" : codeset;
	ui.sep = ui.utf8 ? " · " : " - ";
	ui.seen = util_xcalloc(c->n ? c->n : 1, sizeof(*ui.seen));
	for (int j = 0; j < UI_JOB_COUNT; j++)
		ui.jobs[j] = job_ops[j];
	for (int p = 0; p < PANE_COUNT; p++) {
		ui.views[p].ops = pane_ops[p];
		if (pane_ops[p]->open)
			pane_ops[p]->open(&ui, &ui.views[p]);
	}
	ui_nav_init(&ui);
	ui_start_message(&ui);
	ui_prompt_init(&ui);
	ui_search_init(&ui);
	ui_story_init(&ui);
	ui_list_init(&ui, ui_search_mode(&ui));
	util_set_fatal_hook(fatal_hook);
	/* The index and the loader start beside the first frame (see
	 * run_live and run_headless). */
	rc = opt->headless ? run_headless(&ui) : run_live(&ui);

	util_set_fatal_hook(NULL);
	ui.draw_now = NULL;
	ui.lay_out = NULL;
	ui_list_done(&ui); /* saves the read marks */
	ui_story_done(&ui);
	/* Returning would let main free the corpus under a worker: each job
	 * stops where it can (a build is cancelled, the loader stops between
	 * files) and is joined, then freed. */
	for (int j = UI_JOB_COUNT; j-- > 0;)
		if (ui.jobs[j]->stop)
			ui.jobs[j]->stop(&ui);
	for (int j = UI_JOB_COUNT; j-- > 0;)
		if (ui.jobs[j]->done)
			ui.jobs[j]->done(&ui);
	ui_nav_done(&ui);
	ui_search_done(&ui);
	ui_prompt_done(&ui);
	ui_fix_done(&ui);
	for (int p = 0; p < PANE_COUNT; p++)
		if (ui.views[p].ops->done)
			ui.views[p].ops->done(&ui, &ui.views[p]);
	free(ui.reqs);
	free(ui.seen);
	free(ui.msg);
	return rc;
}
