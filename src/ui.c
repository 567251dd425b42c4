/* ui.c - the interactive interface: sets up the terminal (a real one, or an
 * in-memory one for --screen), lays the panes out for the terminal's size,
 * and runs the main loop as tig does: read a key, translate it to a keys.h
 * code, look up its action in the focused pane's scope, let the views act
 * and mark themselves dirty, then stage each dirty window with wnoutrefresh
 * and update the terminal once per key. The views (view_*.c) do the
 * drawing; this file only owns what is shared: focus, selection, the title
 * and status bars, the help overlay and the layout. */
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <wchar.h>

#include "kilde/layout.h"
#include "kilde/ui.h"
#include "kilde/ui_load.h"
#include "kilde/ui_search.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view.h"

/* Below this the panes cannot be drawn; a message says so instead. */
enum { MIN_COLS = 20, MIN_LINES = 5 };
/* Side by side from this width on, unless [ui] layout says otherwise. */
enum { WIDE_COLS = 120 };

static const struct view_ops *const pane_ops[PANE_COUNT] = {
	[PANE_LIST] = &view_list_ops,
	[PANE_READER] = &view_reader_ops,
	[PANE_INFO] = &view_info_ops,
};

static bool curses_live; /* endwin() is due before a fatal message */

static void fatal_hook(void)
{
	if (curses_live) {
		endwin();
		curses_live = false;
	}
}

/* ---- shared state ------------------------------------------------------ */

void ui_dirty_all(struct ui *ui)
{
	for (int i = 0; i < PANE_COUNT; i++)
		ui->views[i].dirty = true;
	ui->help.dirty = true;
	ui->bars_dirty = true;
	ui->base_dirty = true;
}

void ui_report(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = {0};
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = util_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_puts(&sb, s);
	free(s);
	free(ui->msg);
	ui->msg = sb_take(&sb);
	ui->msg_error = error;
	ui->bars_dirty = true;
}

static void mark_seen(struct ui *ui)
{
	if (ui->c->n && ui->focus == PANE_READER && !ui->seen[ui->sel]) {
		ui->seen[ui->sel] = true;
		ui->views[PANE_LIST].dirty = true;
		ui_find_seen(ui, ui->sel);
	}
}

void ui_select(struct ui *ui, long i)
{
	if (ui->c->n == 0)
		return;
	if (i < 0)
		i = 0;
	if ((size_t)i >= ui->c->n)
		i = (long)ui->c->n - 1;
	if ((size_t)i == ui->sel)
		return;
	ui->sel = (size_t)i;
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];

		if (v->ops->select && v->win)
			v->ops->select(ui, v);
		v->dirty = true;
	}
	mark_seen(ui);
	ui->bars_dirty = true;
}

void ui_focus(struct ui *ui, enum ui_pane p)
{
	if (!ui->views[p].win || ui->focus == p)
		return;
	ui->views[ui->focus].dirty = true;
	ui->views[p].dirty = true;
	ui->focus = p;
	mark_seen(ui);
	ui->bars_dirty = true;
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
	if (ui->help.win)
		delwin(ui->help.win);
	ui->help.win = NULL;
	if (ui->overlay && ui->overlay->win) {
		delwin(ui->overlay->win);
		ui->overlay->win = NULL;
	}
	if (ui->titlebar)
		delwin(ui->titlebar);
	if (ui->statusbar)
		delwin(ui->statusbar);
	ui->titlebar = ui->statusbar = NULL;
	ui_find_layout(ui, 0, 0); /* the full-screen view's window */
}

static void place_help(struct ui *ui)
{
	struct view *v = &ui->help;
	int w = COLS - 4 < 78 ? COLS - 4 : 78;
	int h = LINES - 2 < ACT_COUNT + 2 ? LINES - 2 : ACT_COUNT + 2;

	if (ui->help.win)
		delwin(ui->help.win);
	ui->help.win = NULL;
	if (ui->too_small || w < 10 || h < 3)
		return;
	ui_place_centered(v, h, w);
	if (v->ops->resize)
		v->ops->resize(ui, v);
	v->dirty = true;
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
	if (top)
		ui->titlebar = newwin(1, COLS, 0, 0);
	ui->statusbar = newwin(1, COLS, LINES - 1, 0);

	wide = cfg->layout == LAYOUT_WIDE ? COLS >= 80 :
	       cfg->layout == LAYOUT_TALL ? false : COLS >= WIDE_COLS;
	ui->wide = wide;
	if (wide)
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
	ui_find_layout(ui, top, avail);
	if (ui->overlay)
		ui->overlay->ops->resize(ui, ui->overlay);
	if (ui->help_open)
		place_help(ui);
}

/* ---- bars -------------------------------------------------------------- */

static void draw_titlebar(struct ui *ui)
{
	WINDOW *w = ui->titlebar;
	attr_t a = ui->attr[COLOR_ELEM_title_bar];
	char buf[96];
	int x;

	if (!w)
		return;
	ui_draw_fill(w, 0, 0, COLS, a);
	x = 1 + ui_draw_str(ui, w, 0, 1, COLS - 2, "kilde", a | A_BOLD);
	snprintf(buf, sizeof(buf), "%s%zu article%s", ui->sep, ui->c->n,
	         ui->c->n == 1 ? "" : "s");
	x += ui_draw_str(ui, w, 0, x, COLS - 1 - x, buf, a);
	if (ui->c->nskipped) {
		snprintf(buf, sizeof(buf), "%s%zu skipped", ui->sep,
		         ui->c->nskipped);
		ui_draw_str(ui, w, 0, x, COLS - 1 - x, buf, a);
	}
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

static void draw_statusbar(struct ui *ui)
{
	WINDOW *w = ui->statusbar;
	attr_t a = ui->attr[COLOR_ELEM_status];
	char pos[256] = "", buf[32], hint[96] = "", kh[32], kq[32];
	const char *h = key_for(ui, ACT_help, kh, sizeof(kh));
	const char *q = key_for(ui, ACT_quit, kq, sizeof(kq));
	struct view *lv = &ui->views[PANE_LIST], *rv = &ui->views[PANE_READER];

	snprintf(hint, sizeof(hint), "%s%s%s%s%s", h ? h : "", h ? " help" : "",
	         h && q ? "  " : "", q ? q : "", q ? " quit" : "");
	if (!w || ui_find_statusbar(ui))
		return;
	ui_draw_fill(w, 0, 0, COLS, a);
	lv->ops->position(ui, lv, pos, sizeof(pos));
	if (rv->win && rv->ops->position(ui, rv, buf, sizeof(buf))) {
		strcat(pos, "  ");
		strcat(pos, buf);
	}
	if (ui_xref_status(ui)) {
		strcat(pos, "  ");
		strcat(pos, ui_xref_status(ui));
	}
	ui_find_status(ui, pos, sizeof(pos));
	ui_draw_status(ui, w, pos, hint, a);
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
	/* The search's views first: a cross-reference overlay stays on top
	 * (it takes the keys while it is open). */
	ui_find_refresh(ui);
	if (ui->overlay && ui->overlay->win) {
		struct view *o = ui->overlay;

		if (o->dirty || ui->base_dirty)
			o->ops->draw(ui, o);
		o->dirty = false;
		touchwin(o->win);
		wnoutrefresh(o->win);
	}
	if (ui->help_open && ui->help.win) {
		if (ui->help.dirty)
			ui->help.ops->draw(ui, &ui->help);
		/* Panes drawn this round may have covered it. */
		touchwin(ui->help.win);
		wnoutrefresh(ui->help.win);
	}
	ui->help.dirty = false;
	ui->bars_dirty = false;
	ui->base_dirty = false;
	doupdate();
}

void ui_flush(struct ui *ui)
{
	if (curses_live)
		ui_refresh(ui);
}

void ui_panes_close(struct ui *ui)
{
	for (int p = 0; p < PANE_COUNT; p++)
		if (ui->views[p].ops->done)
			ui->views[p].ops->done(ui, &ui->views[p]);
}

void ui_panes_reopen(struct ui *ui)
{
	for (int p = 0; p < PANE_COUNT; p++)
		if (pane_ops[p]->open)
			pane_ops[p]->open(ui, &ui->views[p]);
	/* The list's rows before the layout sizes the panes for them. */
	ui_list_corpus_changed(ui);
	if (curses_live)
		ui_layout(ui);
}

/* ---- keys -------------------------------------------------------------- */

static void set_help(struct ui *ui, bool open)
{
	ui->help_open = open;
	if (open)
		place_help(ui);
	else if (ui->help.win) {
		delwin(ui->help.win);
		ui->help.win = NULL;
	}
	ui_dirty_all(ui);
}

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

static void unbound(struct ui *ui, int key)
{
	char name[64];

	ui_report(ui, false, "%s is not bound to anything (? shows the keys)",
	          keys_name(key, name, sizeof(name)));
}

static void ui_action(struct ui *ui, enum keys_action act)
{
	struct view *v = &ui->views[ui->focus];

	if (ui->help_open) {
		switch (act) {
		case ACT_quit: case ACT_help: set_help(ui, false); return;
		case ACT_quit_now: ui->quit = true; return;
		case ACT_redraw: break;
		default:
			ui->help.ops->key(ui, &ui->help, act);
			return;
		}
	}
	if (ui->overlay && ui_overlay_action(ui, act))
		return;
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
		set_help(ui, true);
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
		if (ui->c->n == 0)
			return;
		ui_history_jump(ui);
		ui_select(ui, ui_find_list_step(ui, ui->sel,
		                                act == ACT_next_article ? 1 : -1));
		ui_focus(ui, PANE_READER);
		mark_seen(ui);
		return;
	case ACT_toggle_info:
		ui->info_toggled = true;
		ui->info_on = !ui->views[PANE_INFO].win;
		ui_layout(ui);
		if (ui->info_on && !ui->views[PANE_INFO].win)
			ui_report(ui, false, "No room for the info pane");
		return;
	case ACT_back:
		if (ui_history_back(ui))
			return;
		if (ui->focus != PANE_LIST)
			ui_focus(ui, PANE_LIST);
		return;
	case ACT_forward:
		if (!ui_history_forward(ui))
			ui_report(ui, false, "Nothing ahead in the history");
		return;
	case ACT_matrix:
		ui_xref_matrix(ui);
		return;
	default:
		break;
	}
	if (ui_find_action(ui, act))
		return;
	if (v->ops->key)
		v->ops->key(ui, v, act);
}

static void ui_mouse(struct ui *ui, int y, int x, int wheel)
{
	if (ui->too_small)
		return;
	if (ui->overlay)
		return; /* the overlays are for the keyboard */
	if (ui->help_open) {
		struct view *h = &ui->help;

		if (wheel)
			h->ops->mouse(ui, h, 0, 0, wheel);
		else if (!h->win || y < h->y || y >= h->y + h->h ||
		         x < h->x || x >= h->x + h->w)
			set_help(ui, false);
		return;
	}
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];

		if (!v->win || y < v->y || y >= v->y + v->h || x < v->x ||
		    x >= v->x + v->w)
			continue;
		if (!wheel)
			ui_focus(ui, (enum ui_pane)p);
		if (v->ops->mouse)
			v->ops->mouse(ui, v, y - v->y, x - v->x, wheel);
		return;
	}
}

static void ui_key(struct ui *ui, int key)
{
	enum keys_scope scope;
	enum keys_action act;

	if (key == KEY_K_RESIZE) {
		ui_layout(ui);
		return;
	}
	if (ui->msg) {
		free(ui->msg);
		ui->msg = NULL;
		ui->bars_dirty = true;
	}
	if (ui_find_key(ui, key)) {
		ui->bars_dirty = true;
		return;
	}
	scope = ui->help_open ? SCOPE_GLOBAL :
	        ui->overlay ? ui->overlay->ops->scope :
	        ui->views[ui->focus].ops->scope;
	act = keys_lookup(&ui->cfg->keymap, scope, key);
	/* Esc closes an overlay whatever the keymap says: everyone tries it. */
	if (ui->help_open && key == KEY_K_ESC && act == ACT_NONE) {
		set_help(ui, false);
		return;
	}
	if (act == ACT_NONE) {
		unbound(ui, key);
		return;
	}
	if (ui->too_small && act != ACT_quit && act != ACT_quit_now &&
	    act != ACT_redraw)
		return;
	ui_action(ui, act);
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

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		ui_mouse(ui, ev.y, ev.x, -1);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		ui_mouse(ui, ev.y, ev.x, 1);
#endif
	else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		ui_mouse(ui, ev.y, ev.x, 0);
}

/* ---- set-up ------------------------------------------------------------ */

static void start_message(struct ui *ui)
{
	struct strbuf sb = {0};
	const struct config *cfg = ui->cfg;
	const struct corpus *c = ui->c;
	bool error = false;

	if (cfg->nmessages) {
		sb_puts(&sb, cfg->messages[0]);
		if (cfg->nmessages > 1)
			sb_printf(&sb, " (and %zu more)", cfg->nmessages - 1);
		error = true;
	}
	if (c->nwarnings) {
		if (sb.len)
			sb_puts(&sb, ui->sep);
		sb_puts(&sb, c->warnings[0]);
		if (c->nwarnings > 1)
			sb_printf(&sb, " (and %zu more)", c->nwarnings - 1);
	}
	if (c->nskipped) {
		if (sb.len)
			sb_puts(&sb, ui->sep);
		sb_printf(&sb, "%zu file%s skipped (see --list)", c->nskipped,
		          c->nskipped == 1 ? "" : "s");
		error = true;
	}
	if (sb.len)
		ui_report(ui, error, "%s", sb.s);
	sb_free(&sb);
}

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
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
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
	if (sscanf(tok, "Click:%d,%d", &a, &b) == 2) {
		ui_mouse(ui, b, a, 0);
		return 0;
	}
	if (sscanf(tok, "WheelUp:%d,%d", &a, &b) == 2) {
		ui_mouse(ui, b, a, -1);
		return 0;
	}
	if (sscanf(tok, "WheelDown:%d,%d", &a, &b) == 2) {
		ui_mouse(ui, b, a, 1);
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
	ui_xref_start(ui);
	ui_load_start(ui);
	ui->bars_dirty = true;
	ui_refresh(ui);
	while (!ui->quit) {
		wint_t wch;
		int r, key;

		/* While the texts are loaded or the index is built, wake up
		 * now and then to take them in; otherwise sleep until a key
		 * comes. */
		wtimeout(stdscr, ui_xref_busy(ui) || ui_load_busy(ui) ? 50 : -1);
		r = wget_wch(stdscr, &wch);
		ui_load_poll(ui);
		ui_xref_poll(ui);
		key = translate_key(r, wch);

		if (key >= 0)
			ui_load_key(ui);
		if (key == KEY_K_MOUSE)
			handle_curses_mouse(ui);
		else if (key >= 0)
			ui_key(ui, key);
		/* A key may have waited for the loader or the index (work over
		 * every text): what it joined is taken in before drawing. */
		ui_load_poll(ui);
		ui_xref_poll(ui);
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
	};
	const char *codeset = nl_langinfo(CODESET);
	int rc;

	ui.utf8 = !opt->cfg->ascii && strcmp(codeset, "UTF-8") == 0;
	ui.charset = opt->cfg->ascii ? "ASCII" : codeset;
	ui.sep = ui.utf8 ? " · " : " - ";
	ui.seen = util_xcalloc(c->n ? c->n : 1, sizeof(*ui.seen));
	for (int p = 0; p < PANE_COUNT; p++) {
		ui.views[p].ops = pane_ops[p];
		if (pane_ops[p]->open)
			pane_ops[p]->open(&ui, &ui.views[p]);
	}
	ui.help.ops = &view_help_ops;
	ui.help.ops->open(&ui, &ui.help);
	start_message(&ui);
	ui_find_init(&ui);
	util_set_fatal_hook(fatal_hook);
	/* The index and the loader start beside the first frame (see
	 * run_live and run_headless). */
	rc = opt->headless ? run_headless(&ui) : run_live(&ui);

	util_set_fatal_hook(NULL);
	ui_find_done(&ui); /* saves the read marks */
	/* Returning would let main free the corpus under a worker: both stop
	 * where they can (a build is cancelled, the loader stops between
	 * files) and are joined first. */
	ui_xref_stop(&ui);
	ui_load_stop(&ui);
	ui_load_free(&ui);
	ui_xref_free(&ui);
	for (int p = 0; p < PANE_COUNT; p++)
		if (ui.views[p].ops->done)
			ui.views[p].ops->done(&ui, &ui.views[p]);
	ui.help.ops->done(&ui, &ui.help);
	free(ui.seen);
	free(ui.msg);
	return rc;
}
