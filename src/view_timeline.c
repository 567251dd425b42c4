/* view_timeline.c - a story's timeline: its articles on a date axis, the
 * dated ones in date order and the undated ones after them under a line
 * that says their place in time is unknown; for each, its date, source,
 * title and what it was first with (names and numbers, passages, ties)
 * or repeats from an earlier source, from the provenance the index worker
 * worked out. j/k move between articles, Enter opens the one selected (a
 * jump, so Backspace comes back), q closes. It covers the panes as the
 * matrix does. The items are made when the timeline opens; a resize only
 * wraps them again. */
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

struct tl_item {
	size_t art;
	char *detail; /* what it was first with or repeats, display charset;
	                 "" for nothing (owned) */
};

/* A line on screen: an article's head (date, source, title), a piece of
 * its detail, or the line before the undated articles. */
enum tl_kind { TL_HEAD, TL_DETAIL, TL_UNDATED };

struct tl_line {
	enum tl_kind kind;
	size_t item;
	size_t off, len; /* TL_DETAIL: the slice of the item's detail */
};

struct timeline {
	char *title;            /* "story 1/2: label" (owned) */
	struct tl_item *items;  /* the story's articles in its order (owned) */
	size_t nitems;
	struct tl_line *lines;  /* (owned) */
	size_t nlines, linecap;
	size_t cur;             /* the selected item */
	size_t top;             /* first line shown */
	int namew;              /* the source column's width */
};

/* Everything in the date column and the gap after it. */
enum { DATE_W = 10, GAP = 2, LIST_TERMS = 8 };

static void tl_clear(struct timeline *tl)
{
	for (size_t i = 0; i < tl->nitems; i++)
		free(tl->items[i].detail);
	free(tl->items);
	free(tl->title);
	tl->items = NULL;
	tl->title = NULL;
	tl->nitems = tl->nlines = tl->cur = tl->top = 0;
}

static void timeline_open(struct ui *ui, struct view *v)
{
	v->priv = util_xcalloc(1, sizeof(struct timeline));
}

/* How an article is named here: its source when it has one of its own,
 * else its short label, as the info pane does. */
static const char *name_of(const struct ui *ui, size_t art)
{
	const struct article *a = &ui->c->articles[art];
	const char *base = strrchr(a->file, '/');
	size_t sl = a->source ? strlen(a->source) : 0;

	base = base ? base + 1 : a->file;
	if (sl && !(strncmp(a->source, base, sl) == 0 &&
	            (base[sl] == '.' || base[sl] == '\0')))
		return a->source;
	return ui_xref_label(ui, art);
}

/* "first with: A, B; 2 passages first; first, with X: C; repeats 1
 * passage of Y" for article art. */
static char *detail_of(struct ui *ui, size_t art)
{
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
			sb_printf(&sb, "first, with %s: ", name_of(ui, with));
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
		          name_of(ui, r[i].from));
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
	struct timeline *tl = v->priv;
	const struct story_set *set = ui_xref_stories(ui);
	const struct story *st;
	size_t s;

	tl_clear(tl);
	if (!set || art >= ui->c->n)
		return false;
	s = story_of(set, art);
	st = story_get(set, s);
	tl->title = util_xasprintf("story %zu/%zu: %s", s + 1,
	                           story_count(set), st->label);
	tl->items = util_xcalloc(st->n, sizeof(*tl->items));
	tl->nitems = st->n;
	tl->namew = 6;
	for (size_t i = 0; i < st->n; i++) {
		int w = ui_str_width(name_of(ui, st->articles[i]));

		tl->items[i].art = st->articles[i];
		tl->items[i].detail = detail_of(ui, st->articles[i]);
		if (st->articles[i] == art)
			tl->cur = i;
		if (w > tl->namew)
			tl->namew = w > 20 ? 20 : w;
	}
	return true;
}

static void push_line(struct timeline *tl, struct tl_line ln)
{
	util_grow((void **)&tl->lines, &tl->linecap, tl->nlines + 1,
	          sizeof(*tl->lines));
	tl->lines[tl->nlines++] = ln;
}

/* The lines for width w: a head per article, its detail wrapped under
 * its title, and the line before the first undated article. */
static void make_lines(struct ui *ui, struct timeline *tl, int w)
{
	int indent = 1 + DATE_W + GAP, room = w - indent - 1;
	bool undated_seen = false;
	struct layout lo = {0};

	tl->nlines = 0;
	for (size_t i = 0; i < tl->nitems; i++) {
		const struct article *a = &ui->c->articles[tl->items[i].art];
		const char *d = tl->items[i].detail;

		if (!*a->date && !undated_seen) {
			undated_seen = true;
			push_line(tl, (struct tl_line){.kind = TL_UNDATED, .item = i});
		}
		push_line(tl, (struct tl_line){.kind = TL_HEAD, .item = i});
		if (!*d || room < 8)
			continue;
		layout_wrap(&lo, d, strlen(d), room);
		for (size_t k = 0; k < lo.n; k++)
			push_line(tl, (struct tl_line){
				.kind = TL_DETAIL, .item = i,
				.off = lo.lines[k].off, .len = lo.lines[k].len});
	}
	layout_free(&lo);
}

static int body_rows(const struct view *v)
{
	return v->h > 1 ? v->h - 1 : 0;
}

/* Keeps the selected article's head and detail on screen (its head at
 * least, when it is taller than the screen). */
static void follow(struct timeline *tl, const struct view *v)
{
	size_t first = SIZE_MAX, last = 0, h = (size_t)body_rows(v);

	for (size_t i = 0; i < tl->nlines; i++)
		if (tl->lines[i].item == tl->cur &&
		    tl->lines[i].kind != TL_UNDATED) {
			if (first == SIZE_MAX)
				first = i;
			last = i;
		}
	if (first == SIZE_MAX || !h)
		return;
	/* The undated line above the first undated article stays with it. */
	if (first > 0 && tl->lines[first - 1].kind == TL_UNDATED)
		first--;
	if (last >= tl->top + h)
		tl->top = last - h + 1;
	if (first < tl->top || last - first >= h)
		tl->top = first;
}

/* Everything between the title bar and the status bar, as the matrix. */
static void timeline_resize(struct ui *ui, struct view *v)
{
	struct timeline *tl = v->priv;
	int top = LINES >= 8 ? 1 : 0;

	if (v->win)
		delwin(v->win);
	v->win = NULL;
	v->y = top;
	v->x = 0;
	v->h = LINES - top - 1;
	v->w = COLS;
	if (v->h < 3 || v->w < 20)
		return;
	ui_view_place(v, v->y, v->x, v->h, v->w);
	make_lines(ui, tl, v->w);
	follow(tl, v);
	v->dirty = true;
}

static void draw_head(struct ui *ui, struct view *v, int y, size_t i,
                      attr_t at)
{
	struct timeline *tl = v->priv;
	const struct article *a = &ui->c->articles[tl->items[i].art];
	int x = 1 + DATE_W + GAP;

	ui_draw_fill(v->win, y, 0, v->w, at);
	ui_draw_str(ui, v->win, y, 1, DATE_W, *a->date ? a->date : "undated",
	            at | A_BOLD);
	if (v->w - x > tl->namew + 10) {
		ui_draw_str(ui, v->win, y, x, tl->namew,
		            name_of(ui, tl->items[i].art), at);
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
	for (int y = 0; y < h && tl->top + (size_t)y < tl->nlines; y++) {
		const struct tl_line *ln = &tl->lines[tl->top + (size_t)y];

		switch (ln->kind) {
		case TL_UNDATED:
			ui_draw_str(ui, v->win, y + 1, 1, v->w - 2,
			            "undated: where these stand in time is unknown",
			            dim);
			break;
		case TL_HEAD:
			draw_head(ui, v, y + 1, ln->item,
			          ln->item == tl->cur ? sel : text);
			break;
		case TL_DETAIL:
			ui_draw_text(v->win, y + 1, 1 + DATE_W + GAP,
			             v->w - 2 - DATE_W - GAP,
			             tl->items[ln->item].detail + ln->off, ln->len,
			             dim);
			break;
		}
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
	follow(tl, v);
	v->dirty = true;
	return true;
}

static void timeline_done(struct ui *ui, struct view *v)
{
	struct timeline *tl = v->priv;

	tl_clear(tl);
	free(tl->lines);
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
