/* view_list.c - the article list: one row per article with its source,
 * date, language and title in columns, each cut to its width by display
 * columns. The header row names the columns. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/ui_draw.h"
#include "kilde/ui_list.h"
#include "kilde/ui_load.h"
#include "kilde/ui_story.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_list.h"

/* The columns, in order. COL_XREFS (the number of cross-references an
 * article shares) is drawn once the cross-reference index provides it;
 * until then its width is 0. */
enum list_col { COL_SOURCE, COL_DATE, COL_LANG, COL_XREFS, COL_TITLE, COL_N };

static const char *const col_head[COL_N] = {
	[COL_SOURCE] = "Source", [COL_DATE] = "Date", [COL_LANG] = "Lang",
	[COL_XREFS] = "Xrefs", [COL_TITLE] = "Title",
};

struct list {
	size_t top;         /* first article shown */
	int source_max;     /* widest source, in columns */
	int colx[COL_N];    /* column start, -1 if hidden */
	int colw[COL_N];
};

/* The rows are ui->order when a filter or sort is set (ui_list.c), the
 * story rows (ui_story.c) in the list by story. */
static size_t nrows(const struct ui *ui)
{
	if (ui_story_active(ui))
		return ui->sv->nrows;
	return ui->order ? ui->norder : ui->c->n;
}

/* The articles listed, whatever the rows (the header's count). */
static size_t narticles(const struct ui *ui)
{
	return ui->order ? ui->norder : ui->c->n;
}

static size_t art_at(const struct ui *ui, size_t row)
{
	if (ui_story_active(ui))
		return ui->sv->rows[row].art;
	return ui->order ? ui->order[row] : row;
}

/* The selection's row; an article the filter hides has none (SIZE_MAX).
 * In the list by story, the cursor's row (a header's article is its
 * story's first). */
static size_t sel_row(const struct ui *ui)
{
	if (ui_story_active(ui))
		return ui->sv->cur;
	return ui->order ? ui->rowof[ui->sel] : ui->sel;
}

/* Goes to row r: in the list by story the cursor is a row, not an
 * article (a header and its first article show the same one). */
static void select_row(struct ui *ui, struct view *v, size_t r)
{
	if (ui_story_active(ui)) {
		ui_story_move(ui, r);
		v->dirty = true;
		return;
	}
	ui_select(ui, (long)art_at(ui, r));
}

/* The source column is sized from the first articles only: measuring
 * every one of 100,000 would delay the first frame, and a wider source
 * further down is cut with "…" like any other cell. */
static void measure_sources(struct ui *ui, struct list *l)
{
	size_t scan = ui->c->n < 2000 ? ui->c->n : 2000;

	l->source_max = 0;
	for (size_t i = 0; i < scan; i++) {
		char buf[64];
		int w = ui_str_width(ui_xref_source(ui, i, buf, sizeof(buf)));

		if (w > l->source_max)
			l->source_max = w;
	}
}

static void list_open(struct ui *ui, struct view *v)
{
	v->priv = util_xcalloc(1, sizeof(struct list));
}

/* Keeps the selection on screen. */
static void list_follow(struct ui *ui, struct view *v)
{
	struct list *l = v->priv;
	size_t r = (size_t)(ui_pane_rows(v) > 0 ? ui_pane_rows(v) : 1);
	size_t n = nrows(ui), sel = sel_row(ui);

	if (n == 0 || sel == SIZE_MAX) {
		if (l->top >= n)
			l->top = 0;
		return;
	}
	if (sel < l->top)
		l->top = sel;
	else if (sel >= l->top + r)
		l->top = sel - r + 1;
	if (n > r && l->top > n - r)
		l->top = n - r;
	else if (n <= r)
		l->top = 0;
}

/* Decides which columns fit: the title keeps at least 40% of the row;
 * date, then language, then source give way on narrow panes. */
static void list_resize(struct ui *ui, struct view *v)
{
	struct list *l = v->priv;

	/* Here, not once at open: the labels come with the index, and the
	 * headless screens lay the panes out without telling them of it. */
	measure_sources(ui, l);
	/* Sized to the widest source, but in a narrow list no more than a
	 * quarter of it: the title is what tells articles apart. */
	int cap = (v->w - 1) / 4 < 8 ? 8 : (v->w - 1) / 4 > 20 ? 20 : (v->w - 1) / 4;
	int want[COL_N] = {
		[COL_SOURCE] = l->source_max < 6 ? 6 :
		               l->source_max > cap ? cap : l->source_max,
		[COL_DATE] = 10,
		[COL_LANG] = 4,
		[COL_XREFS] = xref_count(ui_xref_index(ui)) ? 5 : 0,
		[COL_TITLE] = 0,
	};
	static const enum list_col drop[] = {COL_DATE, COL_LANG, COL_SOURCE};
	int avail = v->w - 1; /* one column of margin on the left */

	for (size_t d = 0;; d++) {
		int used = 0;

		for (int i = 0; i < COL_TITLE; i++)
			if (want[i] > 0)
				used += want[i] + 1;
		if (avail - used >= avail * 2 / 5 || d == KILDE_ARRAY_LEN(drop))
			break;
		want[drop[d]] = 0;
	}
	int x = 1;

	for (int i = 0; i < COL_N; i++) {
		if (i == COL_TITLE) {
			l->colx[i] = x;
			l->colw[i] = v->w - x > 0 ? v->w - x : 0;
		} else if (want[i] > 0) {
			l->colx[i] = x;
			l->colw[i] = want[i];
			x += want[i] + 1;
		} else {
			l->colx[i] = -1;
			l->colw[i] = 0;
		}
	}
	list_follow(ui, v);
}

static const char *cell(struct ui *ui, size_t i, enum list_col col,
                        char *buf, size_t n)
{
	const struct article *a = &ui->c->articles[i];

	switch (col) {
	case COL_XREFS:
		/* Right-aligned under "Xrefs"; blank for none. */
		if (ui_xref_article_count(ui, i) <= 0)
			return "";
		snprintf(buf, n, "%5ld", ui_xref_article_count(ui, i));
		return buf;
	/* The name the title bar and the reader header give (a file name
	 * would take the column's whole width). */
	case COL_SOURCE: return ui_xref_source(ui, i, buf, n);
	case COL_DATE: return *a->date ? a->date : "-";
	case COL_LANG: return a->lang;
	case COL_TITLE: return a->title;
	default: return "";
	}
}

static void draw_header(struct ui *ui, struct view *v)
{
	struct list *l = v->priv;
	bool focused = ui->focus == PANE_LIST;
	attr_t a = ui->attr[focused ? COLOR_ELEM_border_focus : COLOR_ELEM_border];
	char buf[32];

	ui_draw_header(ui, v->win, 0, NULL, focused);
	for (int i = 0; i < COL_N; i++) {
		const char *h = col_head[i];
		int used;

		if (l->colx[i] < 0 || l->colw[i] == 0)
			continue;
		if (i == COL_TITLE) {
			snprintf(buf, sizeof(buf), "%s (%zu)", h, narticles(ui));
			h = buf;
		}
		ui_draw_fill(v->win, 0, l->colx[i] - 1, 1, a);
		used = ui_draw_str(ui, v->win, 0, l->colx[i],
		                   i == COL_TITLE ? l->colw[i] - 1 : l->colw[i],
		                   h, a | A_BOLD);
		if (used > 0)
			ui_draw_fill(v->win, 0, l->colx[i] + used, 1, a);
	}
}

/* A story's header: folded or not, how many articles (of how many when
 * the filter hides some), languages, dates, label. */
static void draw_story_header(struct ui *ui, struct view *v, int y,
                              size_t row)
{
	const struct ui_story *sv = ui->sv;
	size_t s = sv->rows[row].story;
	const struct story *st = story_get(sv->set, s);
	struct strbuf sb = {0};
	attr_t at = ui->attr[COLOR_ELEM_list] | A_BOLD;

	if (row == sv->cur)
		at = ui->attr[ui->focus == PANE_LIST ?
		              COLOR_ELEM_list_selected :
		              COLOR_ELEM_list_selected_inactive] | A_BOLD;
	sb_puts(&sb, sv->open[s] ? (ui->utf8 ? "▾ " : "- ") :
	                           (ui->utf8 ? "▸ " : "+ "));
	if (sv->count[s] != st->n)
		sb_printf(&sb, "%zu of %zu articles", sv->count[s], st->n);
	else
		sb_printf(&sb, "%zu article%s", st->n, st->n == 1 ? "" : "s");
	sb_printf(&sb, "%s%s%s", ui->sep, st->languages, ui->sep);
	if (!*st->first)
		sb_puts(&sb, "undated");
	else if (!strcmp(st->first, st->last))
		sb_puts(&sb, st->first);
	else
		sb_printf(&sb, "%s..%s", st->first, st->last);
	sb_printf(&sb, "%s%s", ui->sep, st->label);
	ui_draw_fill(v->win, y, 0, v->w, at);
	ui_draw_str(ui, v->win, y, 1, v->w - 1, sb.s, at);
	sb_free(&sb);
}

static void list_draw(struct ui *ui, struct view *v)
{
	struct list *l = v->priv;
	int r = ui_pane_rows(v);

	werase(v->win);
	if (v->h < 1)
		return;
	draw_header(ui, v);
	if (nrows(ui) == 0) {
		const char *msg = ui->c->n ? "No article matches the filter" :
		                  !ui_load_listing(ui) ? "No articles here" :
		                  ui->utf8 ? "Reading the folder…" :
		                             "Reading the folder...";
		int w = ui_str_width(msg);

		ui_draw_str(ui, v->win, r > 1 ? 2 : 1,
		            v->w > w ? (v->w - w) / 2 : 0, v->w, msg,
		            ui->attr[COLOR_ELEM_message]);
		return;
	}
	for (int y = 0; y < r && l->top + (size_t)y < nrows(ui); y++) {
		size_t row = l->top + (size_t)y, i = art_at(ui, row);
		attr_t at = ui->attr[COLOR_ELEM_list];
		char buf[24];

		if (ui_story_active(ui) && ui->sv->rows[row].header) {
			draw_story_header(ui, v, y + 1, row);
			continue;
		}
		if (ui_story_active(ui) ? row == ui->sv->cur : i == ui->sel)
			at = ui->attr[ui->focus == PANE_LIST ?
			              COLOR_ELEM_list_selected :
			              COLOR_ELEM_list_selected_inactive];
		else if (ui->seen && ui->seen[i])
			at = ui->attr[COLOR_ELEM_list_read];
		/* Unread articles stand out in bold, as in a mail reader. */
		if (ui->seen && !ui->seen[i])
			at |= A_BOLD;
		ui_draw_fill(v->win, y + 1, 0, v->w, at);
		/* The left margin marks a bookmark. */
		if (ui_list_bookmarked(ui, i))
			ui_draw_str(ui, v->win, y + 1, 0, 1, "*", at);
		for (int c = 0; c < COL_N; c++)
			if (l->colx[c] >= 0 && l->colw[c] > 0)
				ui_draw_str(ui, v->win, y + 1, l->colx[c],
				            l->colw[c],
				            cell(ui, i, (enum list_col)c, buf,
				                 sizeof(buf)),
				            at);
	}
}

static bool list_key(struct ui *ui, struct view *v, enum keys_action act)
{
	long sel = sel_row(ui) == SIZE_MAX ? 0 : (long)sel_row(ui);
	long page = ui_pane_rows(v) > 1 ? ui_pane_rows(v) - 1 : 1;

	switch (act) {
	case ACT_open:
		if (nrows(ui) == 0)
			return true;
		/* Enter on a story's header unfolds or folds it, as on a
		 * folder in a tree; on an article it opens it. */
		if (ui_story_active(ui) && ui->sv->rows[ui->sv->cur].header) {
			size_t s = ui->sv->rows[ui->sv->cur].story;

			ui_story_fold(ui, s, !ui->sv->open[s]);
			list_follow(ui, v);
			v->dirty = true;
			return true;
		}
		ui_request(ui, &(struct ui_request){.kind = UI_REQ_OPEN_READER});
		return true;
	case ACT_fold_story:
		if (!ui_story_active(ui)) {
			ui_report(ui, false, "Only the list by story folds (S)");
			return true;
		}
		if (nrows(ui))
			ui_story_fold(ui, ui->sv->rows[ui->sv->cur].story, false);
		list_follow(ui, v);
		v->dirty = true;
		return true;
	default:
		if (!ui_move_key(act, page, page / 2 ? page / 2 : 1,
		                 (long)nrows(ui) - 1, &sel))
			return false;
	}
	if (nrows(ui) == 0)
		return true;
	if (sel < 0)
		sel = 0;
	if ((size_t)sel >= nrows(ui))
		sel = (long)nrows(ui) - 1;
	select_row(ui, v, (size_t)sel);
	list_follow(ui, v);
	return true;
}

static void list_select(struct ui *ui, struct view *v)
{
	ui_story_follow(ui);
	list_follow(ui, v);
	v->dirty = true;
}

static void list_mouse(struct ui *ui, struct view *v, int y, int x, int wheel,
                       int clicks)
{
	struct list *l = v->priv;

	if (wheel) {
		long row = (long)(sel_row(ui) == SIZE_MAX ? 0 : sel_row(ui));

		row += 3 * wheel;
		if (row >= (long)nrows(ui))
			row = (long)nrows(ui) - 1;
		if (row >= 0)
			select_row(ui, v, (size_t)row);
		list_follow(ui, v);
		return;
	}
	if (y < 1 || l->top + (size_t)(y - 1) >= nrows(ui))
		return;
	select_row(ui, v, l->top + (size_t)(y - 1));
	list_follow(ui, v);
	/* A double click does what Enter does (opens the row, or folds a
	 * story's header): what a file manager or a mail reader does. */
	if (clicks == 2)
		list_key(ui, v, ACT_open);
}

static bool list_position(struct ui *ui, struct view *v, char *buf, size_t n)
{
	size_t row = sel_row(ui);

	if (row == SIZE_MAX)
		snprintf(buf, n, "-/%zu", nrows(ui));
	else
		snprintf(buf, n, "%zu/%zu", nrows(ui) ? row + 1 : 0, nrows(ui));
	return true;
}

static void list_done(struct ui *ui, struct view *v)
{
	free(v->priv);
	v->priv = NULL;
}

/* The index became available: the Xrefs column appears, and sources that
 * are file names give way to the short labels made with it (list_resize
 * measures them again). */
static void list_xrefs(struct ui *ui, struct view *v)
{
	/* and the stories: the list by story, if chosen while indexing. */
	ui_story_refresh(ui);
	list_resize(ui, v);
	v->dirty = true;
}

const struct view_ops view_list_ops = {
	.name = "Articles",
	.scope = SCOPE_LIST,
	.open = list_open,
	.resize = list_resize,
	.select = list_select,
	.draw = list_draw,
	.key = list_key,
	.mouse = list_mouse,
	.position = list_position,
	.done = list_done,
	.xrefs = list_xrefs,
};
