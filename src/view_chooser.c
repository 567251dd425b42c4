/* view_chooser.c - the chooser: a box over the panes listing the other
 * articles that share one cross-reference (label, source when it says more
 * than the label, date, language, how often each mentions it, title).
 * Enter opens the chosen article at the term's first occurrence; q closes
 * the box. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_draw.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_chooser.h"

struct chooser {
	uint32_t term;
	size_t from;       /* the article the person came from */
	size_t *arts;      /* the other articles (owned) */
	unsigned *counts;  /* mentions of the term in each (owned) */
	size_t n, cap;
	size_t cur, top;
	int labelw, sourcew; /* column widths */
};

static int rows(const struct view *v)
{
	/* Inside the box, under the column header. */
	return v->h > 3 ? v->h - 3 : 0;
}

/* The source, when it says more than the label beside it: not the file's
 * own name (a hash-like "000_78b0cf8d7ad02d3c") and not the label itself
 * ("chinapost"); NULL otherwise. */
static const char *source_beyond_label(const struct ui *ui, size_t art)
{
	const char *o = article_outlet(&ui->c->articles[art]);

	return o && strcmp(o, ui_xref_label(ui, art)) ? o : NULL;
}

static void chooser_open(struct ui *ui, struct view *v)
{
	v->priv = util_xcalloc(1, sizeof(struct chooser));
}

void view_chooser_set(struct ui *ui, struct view *v, size_t from,
                      uint32_t term)
{
	struct chooser *ch = v->priv;
	const struct xref_index *ix = ui_xref_index(ui);
	const struct xref_term *t = xref_get(ix, term);
	size_t need = t ? t->narticles : 0;

	ch->term = term;
	ch->from = from;
	ch->n = ch->cur = ch->top = 0;
	ch->labelw = 3;
	ch->sourcew = 0;
	util_grow((void **)&ch->arts, &ch->cap, need + 1, sizeof(*ch->arts));
	ch->counts = util_xrealloc(ch->counts, ch->cap * sizeof(*ch->counts));
	for (size_t i = 0; t && i < t->narticles; i++) {
		size_t a = t->articles[i];
		int w;

		if (a == from)
			continue;
		ch->arts[ch->n] = a;
		ch->counts[ch->n] = xnav_mentions(ix, a, term);
		ch->n++;
		w = ui_str_width(ui_xref_label(ui, a));
		if (w > ch->labelw)
			ch->labelw = w;
		/* A Source column only when some source tells more than the
		 * label: else it repeats the label or the file's name. */
		if (source_beyond_label(ui, a)) {
			w = ui_str_width(source_beyond_label(ui, a));
			w = w < 6 ? 6 : w;
			if (w > ch->sourcew)
				ch->sourcew = w > 20 ? 20 : w;
		}
	}
}

/* Centred, as wide as useful, at most as tall as the list. */
static void chooser_resize(struct ui *ui, struct view *v)
{
	struct chooser *ch = v->priv;
	int w = COLS - 4 < 110 ? COLS - 4 : 110;
	int h = (int)(ch->n < 200 ? ch->n : 200) + 3;

	if (v->win)
		delwin(v->win);
	v->win = NULL;
	if (h > LINES - 2)
		h = LINES - 2;
	if (w < 20 || h < 4)
		return;
	ui_place_centered(v, h, w);
	if (ch->cur >= ch->top + (size_t)rows(v))
		ch->top = ch->cur - (size_t)rows(v) + 1;
	v->dirty = true;
}

static void draw_row(struct ui *ui, struct view *v, int y, size_t i,
                     attr_t a)
{
	struct chooser *ch = v->priv;
	const struct article *art = &ui->c->articles[ch->arts[i]];
	int x = 2, right = v->w - 2;
	char buf[32];

	ui_draw_fill(v->win, y, 1, v->w - 2, a);
	x += ui_draw_str(ui, v->win, y, x, ch->labelw, ui_xref_label(ui, ch->arts[i]),
	                 a | A_BOLD);
	x = 2 + ch->labelw + 1;
	if (right - x > 40) {
		if (ch->sourcew) {
			const char *src = source_beyond_label(ui, ch->arts[i]);

			ui_draw_str(ui, v->win, y, x, ch->sourcew, src ? src : "", a);
			x += ch->sourcew + 1;
		}
		ui_draw_str(ui, v->win, y, x, 10, *art->date ? art->date : "-", a);
		x += 11;
		ui_draw_str(ui, v->win, y, x, 2, art->lang, a);
		x += 3;
	}
	snprintf(buf, sizeof(buf), "%4u×", ch->counts[i]);
	if (!ui->utf8)
		snprintf(buf, sizeof(buf), "%4ux", ch->counts[i]);
	x += ui_draw_str(ui, v->win, y, x, right - x, buf, a) + 1;
	if (right - x > 0)
		ui_draw_str(ui, v->win, y, x, right - x, art->title, a);
}

static void chooser_draw(struct ui *ui, struct view *v)
{
	struct chooser *ch = v->priv;
	const struct xref_term *t = xref_get(ui_xref_index(ui), ch->term);
	attr_t box = ui->attr[COLOR_ELEM_border_focus];
	attr_t text = ui->attr[COLOR_ELEM_help];
	struct strbuf sb = {0};
	int h = rows(v);

	werase(v->win);
	wbkgdset(v->win, ' ' | (text & ~A_COLOR));
	wattr_set(v->win, UI_ATTR(box), UI_PAIR(box), NULL);
	box_set(v->win, 0, 0);
	wattr_set(v->win, A_NORMAL, 0, NULL);
	for (int y = 1; y < v->h - 1; y++)
		ui_draw_fill(v->win, y, 1, v->w - 2, text);
	if (!t)
		return;
	/* The title: the term, cut first when the box is narrow, so that
	 * its kind and the number of articles always show. */
	sb_printf(&sb, "%s%s%s%zu other article%s ", ui->sep,
	          xref_kind_name(t->kind), ui->sep, ch->n, ch->n == 1 ? "" : "s");
	{
		int room = v->w - 5 - ui_str_width(sb.s);
		int x = 3;

		if (room > 3)
			x += ui_draw_str(ui, v->win, 0, 3, room, t->display,
			                 box | A_BOLD);
		ui_draw_str(ui, v->win, 0, x, v->w - 2 - x, sb.s, box | A_BOLD);
		ui_draw_fill(v->win, 0, 2, 1, box);
	}
	sb_free(&sb);
	/* The column header. */
	{
		attr_t hd = ui->attr[COLOR_ELEM_info_label];
		int x = 2 + ch->labelw + 1;

		ui_draw_str(ui, v->win, 1, 2, ch->labelw, "Art", hd);
		if (v->w - 2 - x > 40) {
			if (ch->sourcew) {
				ui_draw_str(ui, v->win, 1, x, ch->sourcew, "Source", hd);
				x += ch->sourcew + 1;
			}
			ui_draw_str(ui, v->win, 1, x, 10, "Date", hd);
			x += 11;
			ui_draw_str(ui, v->win, 1, x, 2, "La", hd);
			x += 3;
		}
		ui_draw_str(ui, v->win, 1, x, 5, "Times", hd);
		x += 6;
		ui_draw_str(ui, v->win, 1, x, v->w - 2 - x, "Title", hd);
	}
	for (int y = 0; y < h && ch->top + (size_t)y < ch->n; y++) {
		size_t i = ch->top + (size_t)y;

		draw_row(ui, v, y + 2, i,
		         i == ch->cur ? ui->attr[COLOR_ELEM_list_selected] : text);
	}
	if (ch->n > (size_t)h) {
		char buf[32];

		snprintf(buf, sizeof(buf), " %zu/%zu ", ch->cur + 1, ch->n);
		ui_draw_str(ui, v->win, v->h - 1, v->w - 2 - ui_str_width(buf),
		            ui_str_width(buf), buf, box);
	}
}

static bool chooser_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct chooser *ch = v->priv;
	long cur = (long)ch->cur, h = rows(v) > 0 ? rows(v) : 1;
	uint32_t term = ch->term;

	if (ch->n == 0)
		return false;
	switch (act) {
	case ACT_merge:
	case ACT_rename:
	case ACT_drop:
		/* The term of the box is the one corrected. */
		ui_request(ui, &(struct ui_request){.kind = UI_REQ_FIX,
		                                    .term = term, .dir = act});
		return true;
	case ACT_open:
	case ACT_follow: {
		size_t art = ch->arts[ch->cur];

		ui_request(ui, &(struct ui_request){.kind = UI_REQ_CLOSE_LAYER});
		ui_request(ui, &(struct ui_request){
			.kind = UI_REQ_GOTO, .art = art,
			.occ = (long)xref_first_occ(ui_xref_index(ui), art, term)});
		return true;
	}
	default:
		if (!ui_move_key(act, h, (h + 1) / 2, (long)ch->n - 1, &cur))
			return false;
	}
	if (cur < 0)
		cur = 0;
	if (cur >= (long)ch->n)
		cur = (long)ch->n - 1;
	ch->cur = (size_t)cur;
	if (ch->cur < ch->top)
		ch->top = ch->cur;
	else if (ch->cur >= ch->top + (size_t)h)
		ch->top = ch->cur - (size_t)h + 1;
	v->dirty = true;
	return true;
}

/* The wheel moves the selection, a click selects a row, a double click
 * opens it (as in the article list). */
static void chooser_mouse(struct ui *ui, struct view *v, int y, int x,
                          int wheel, int clicks)
{
	struct chooser *ch = v->priv;

	if (wheel) {
		chooser_key(ui, v, wheel > 0 ? ACT_move_down : ACT_move_up);
		return;
	}
	/* Rows start under the border and the column heads. */
	if (y < 2 || y - 2 >= rows(v) || ch->top + (size_t)(y - 2) >= ch->n)
		return;
	ch->cur = ch->top + (size_t)(y - 2);
	v->dirty = true;
	if (clicks == 2)
		chooser_key(ui, v, ACT_open);
}

static void chooser_done(struct ui *ui, struct view *v)
{
	struct chooser *ch = v->priv;

	free(ch->arts);
	free(ch->counts);
	free(ch);
	v->priv = NULL;
}

const struct view_ops view_chooser_ops = {
	.name = "Chooser",
	.scope = SCOPE_GLOBAL,
	.open = chooser_open,
	.resize = chooser_resize,
	.draw = chooser_draw,
	.key = chooser_key,
	.mouse = chooser_mouse,
	.done = chooser_done,
};
