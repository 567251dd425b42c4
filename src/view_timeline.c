/* view_timeline.c - a story's timeline: its articles on a date axis, the
 * dated ones in date order and the undated ones after them under a line
 * that says their place in time is unknown; for each, its date, source,
 * title and what it was first with (names and numbers, passages, ties)
 * or repeats from an earlier source, from the provenance the index worker
 * worked out. j/k move between articles, Enter opens the one selected (a
 * jump, so Backspace comes back), q closes. It covers the panes as the
 * matrix does. What an article shows under its head is made when it
 * comes into view, so opening a story of thousands of articles costs what
 * one screen of them does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/provenance.h"
#include "kilde/story.h"
#include "kilde/ui_draw.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_timeline.h"

struct tl_span {
	size_t off, len;
};

/* An article of the story. What it shows under its head is made when it
 * first comes into view and wrapped again after a resize: a story can
 * hold most of a corpus (8,605 of 10,000 generated articles), and
 * opening the timeline must not wrap them all. */
struct tl_item {
	size_t art;
	char *detail;          /* what it was first with or repeats, display
	                          charset; NULL until made (owned) */
	struct tl_span *lines; /* detail cut to the width (owned) */
	size_t nlines;
	bool wrapped;          /* lines are for the current width */
};

struct timeline {
	char *title;            /* "story 1/2: label" (owned) */
	struct tl_item *items;  /* the story's articles in its order (owned) */
	size_t nitems;
	size_t first_undated;   /* the first undated item, or nitems */
	size_t cur;             /* the selected item */
	size_t top;             /* first item shown */
	int namew;              /* the source column's width */
	int width;              /* the detail's width */
};

/* Everything in the date column and the gap after it. */
enum { DATE_W = 10, GAP = 2, LIST_TERMS = 8 };

static void unwrap(struct timeline *tl)
{
	for (size_t i = 0; i < tl->nitems; i++) {
		free(tl->items[i].lines);
		tl->items[i].lines = NULL;
		tl->items[i].nlines = 0;
		tl->items[i].wrapped = false;
	}
}

static void tl_clear(struct timeline *tl)
{
	unwrap(tl);
	for (size_t i = 0; i < tl->nitems; i++)
		free(tl->items[i].detail);
	free(tl->items);
	free(tl->title);
	tl->items = NULL;
	tl->title = NULL;
	tl->nitems = tl->cur = tl->top = tl->first_undated = 0;
}

static void timeline_open(struct ui *ui, struct view *v)
{
	v->priv = util_xcalloc(1, sizeof(struct timeline));
}

/* "first with: A, B; 2 passages first; first, with X: C; repeats 1
 * passage of Y" for article art. */
static char *detail_of(struct ui *ui, size_t art)
{
	char nb[64]; /* a name ui_xref_source may write */
	const struct provenance_index *p = ui_xref_provenance(ui);
	const struct xref_index *ix = ui_xref_index(ui);
	const struct provenance_lead *l;
	const struct provenance_repeat *r;
	struct strbuf sb = {0};
	size_t nl, nr;
	uint32_t np;
	char *conv;
	size_t clen;

	if (!p)
		return util_xstrdup("");
	l = provenance_index_leads(p, art, &nl);
	r = provenance_index_repeats(p, art, &nr);
	np = provenance_index_first_passages(p, art);
	for (size_t i = 0, j; i < nl; i = j) {
		uint32_t with = l[i].with;

		for (j = i; j < nl && l[j].with == with; j++)
			;
		if (sb.len)
			sb_puts(&sb, "; ");
		if (with == PROVENANCE_ALONE)
			sb_puts(&sb, "first with: ");
		else
			sb_printf(&sb, "first, with %s: ", ui_xref_source(ui, with, nb, sizeof(nb)));
		for (size_t k = i; k < j; k++) {
			if (k - i == LIST_TERMS) {
				sb_printf(&sb, " +%zu more", j - k);
				break;
			}
			sb_printf(&sb, "%s%s", k > i ? ", " : "",
			          xref_get(ix, l[k].term)->display);
		}
	}
	if (np)
		sb_printf(&sb, "%s%u passage%s first", sb.len ? "; " : "", np,
		          np == 1 ? "" : "s");
	for (size_t i = 0; i < nr; i++)
		sb_printf(&sb, "%srepeats %u passage%s of %s", sb.len ? "; " : "",
		          r[i].passages, r[i].passages == 1 ? "" : "s",
		          ui_xref_source(ui, r[i].from, nb, sizeof(nb)));
	if (!sb.len)
		sb_puts(&sb, "");
	conv = ui_display_text(ui, sb.s, sb.len, &clen);
	if (conv) {
		sb_free(&sb);
		return conv;
	}
	return sb_take(&sb);
}

bool view_timeline_set(struct ui *ui, struct view *v, size_t art)
{
	char nb[64]; /* a name ui_xref_source may write */
	struct timeline *tl = v->priv;
	const struct story_set *set = ui_xref_stories(ui);
	const struct story *st;
	size_t s, scan;

	tl_clear(tl);
	if (!set || art >= ui->c->n)
		return false;
	s = story_of(set, art);
	st = story_get(set, s);
	tl->title = util_xasprintf("story %zu/%zu: %s", s + 1,
	                           story_count(set), st->label);
	tl->items = util_xcalloc(st->n, sizeof(*tl->items));
	tl->nitems = st->n;
	tl->first_undated = st->n;
	for (size_t i = 0; i < st->n; i++) {
		tl->items[i].art = st->articles[i];
		if (st->articles[i] == art)
			tl->cur = i;
		/* The story lists its dated articles first. */
		if (tl->first_undated == st->n &&
		    !*ui->c->articles[st->articles[i]].date)
			tl->first_undated = i;
	}
	/* The source column from the first articles only, as the list
	 * sizes its own. */
	tl->namew = 6;
	scan = st->n < 2000 ? st->n : 2000;
	for (size_t i = 0; i < scan; i++) {
		int w = ui_str_width(ui_xref_source(ui, st->articles[i], nb, sizeof(nb)));

		if (w > tl->namew)
			tl->namew = w > 20 ? 20 : w;
	}
	return true;
}

/* Item i's detail, made and wrapped to the current width if it is not. */
static void item_make(struct ui *ui, struct timeline *tl, size_t i)
{
	struct tl_item *it = &tl->items[i];
	struct layout lo = {0};

	if (!it->detail)
		it->detail = detail_of(ui, it->art);
	if (it->wrapped)
		return;
	it->wrapped = true;
	if (!*it->detail || tl->width < 8)
		return;
	layout_wrap(&lo, it->detail, strlen(it->detail), tl->width);
	it->lines = util_xcalloc(lo.n ? lo.n : 1, sizeof(*it->lines));
	for (size_t k = 0; k < lo.n; k++)
		it->lines[k] = (struct tl_span){lo.lines[k].off, lo.lines[k].len};
	it->nlines = lo.n;
	layout_free(&lo);
}

/* Rows item i takes: its head, its detail, and the line before the
 * first undated article. */
static size_t item_rows(struct ui *ui, struct timeline *tl, size_t i)
{
	item_make(ui, tl, i);
	return 1 + tl->items[i].nlines + (i == tl->first_undated);
}

static int body_rows(const struct view *v)
{
	return v->h > 1 ? v->h - 1 : 0;
}

/* Keeps the selected article's head and detail on screen: the first
 * item shown is at least the one from which the selected one still fits
 * (found walking back from it, a screen at most), and at most the
 * selected one. */
static void follow(struct ui *ui, struct timeline *tl, const struct view *v)
{
	size_t h = (size_t)body_rows(v), used = 0, k = tl->cur;

	if (!tl->nitems || !h)
		return;
	for (size_t i = tl->cur + 1; i-- > 0;) {
		used += item_rows(ui, tl, i);
		if (used > h)
			break;
		k = i;
	}
	if (tl->top < k)
		tl->top = k;
	if (tl->top > tl->cur)
		tl->top = tl->cur;
}

/* Everything between the title bar and the status bar, as the matrix. */
static void timeline_resize(struct ui *ui, struct view *v)
{
	struct timeline *tl = v->priv;

	if (!ui_place_between_bars(v, 3, 20))
		return;
	tl->width = v->w - 2 - DATE_W - GAP;
	unwrap(tl);
	follow(ui, tl, v);
	v->dirty = true;
}

static void draw_head(struct ui *ui, struct view *v, int y, size_t i,
                      attr_t at)
{
	char nb[64]; /* a name ui_xref_source may write */
	struct timeline *tl = v->priv;
	const struct article *a = &ui->c->articles[tl->items[i].art];
	int x = 1 + DATE_W + GAP;

	ui_draw_fill(v->win, y, 0, v->w, at);
	ui_draw_str(ui, v->win, y, 1, DATE_W, *a->date ? a->date : "undated",
	            at | A_BOLD);
	if (v->w - x > tl->namew + 10) {
		ui_draw_str(ui, v->win, y, x, tl->namew,
		            ui_xref_source(ui, tl->items[i].art, nb, sizeof(nb)), at);
		x += tl->namew + GAP;
	}
	ui_draw_str(ui, v->win, y, x, v->w - x - 1, a->title, at);
}

static void timeline_draw(struct ui *ui, struct view *v)
{
	struct timeline *tl = v->priv;
	int h = body_rows(v);
	attr_t text = ui->attr[COLOR_ELEM_text];
	attr_t dim = ui->attr[COLOR_ELEM_list_read];
	attr_t sel = ui->attr[COLOR_ELEM_list_selected];
	char *head;

	werase(v->win);
	head = util_xasprintf("Timeline%s%s%s%zu article%s", ui->sep,
	                      tl->title ? tl->title : "", ui->sep, tl->nitems,
	                      tl->nitems == 1 ? "" : "s");
	ui_draw_header(ui, v->win, 0, head, true);
	free(head);
	for (size_t i = tl->top, y = 1; i < tl->nitems && y <= (size_t)h; i++) {
		const struct tl_item *it = &tl->items[i];

		item_make(ui, tl, i);
		if (i == tl->first_undated) {
			ui_draw_str(ui, v->win, (int)y++, 1, v->w - 2,
			            "undated: where these stand in time is unknown",
			            dim);
			if (y > (size_t)h)
				break;
		}
		draw_head(ui, v, (int)y++, i, i == tl->cur ? sel : text);
		for (size_t k = 0; k < it->nlines && y <= (size_t)h; k++)
			ui_draw_text(v->win, (int)y++, 1 + DATE_W + GAP,
			             tl->width, it->detail + it->lines[k].off,
			             it->lines[k].len, dim);
	}
}

static bool timeline_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct timeline *tl = v->priv;
	long cur = (long)tl->cur, h = body_rows(v) > 2 ? body_rows(v) / 2 : 1;

	if (!tl->nitems)
		return false;
	switch (act) {
	case ACT_open:
		/* A jump: Backspace comes back to where the reader was. */
		ui_request(ui, &(struct ui_request){.kind = UI_REQ_CLOSE_LAYER});
		ui_request(ui, &(struct ui_request){
		    .kind = UI_REQ_GOTO, .art = tl->items[tl->cur].art,
		    .occ = -1});
		return true;
	default:
		/* Pages move by half a screen of articles: an article takes
		 * a line or more. */
		if (!ui_move_key(act, h, (h + 1) / 2, (long)tl->nitems - 1,
		                 &cur))
			return false;
	}
	tl->cur = (size_t)(cur < 0 ? 0 : cur >= (long)tl->nitems ?
	                                 (long)tl->nitems - 1 : cur);
	follow(ui, tl, v);
	v->dirty = true;
	return true;
}

static void timeline_done(struct ui *ui, struct view *v)
{
	struct timeline *tl = v->priv;

	tl_clear(tl);
	free(tl);
	v->priv = NULL;
}

const struct view_ops view_timeline_ops = {
	.name = "Timeline",
	.scope = SCOPE_GLOBAL,
	.open = timeline_open,
	.resize = timeline_resize,
	.draw = timeline_draw,
	.key = timeline_key,
	.done = timeline_done,
	.hint = "Enter open  q close",
};
