/* view_compare.c - two articles side by side, each wrapped to its half,
 * with what they share highlighted in both: names and numbers they have in
 * common and passages they share. The shared terms come from the
 * cross-reference engine run on just these two articles (xref.h), so they
 * follow the same rules and aliases as everywhere else, across languages.
 *
 * Tab switches the side that scrolls; when it scrolls, the other side
 * follows to the first shared term now on screen, so both show the same
 * term on the same row. n/N step the shared terms in the focused side and
 * bring the other side to the same term. q or Esc closes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/ui_draw.h"
#include "kilde/ui_load.h"
#include "kilde/util.h"
#include "kilde/view_compare.h"
#include "kilde/xref.h"

struct occ {
	size_t off, len;
	uint32_t term;
};

struct side {
	long art;
	char *conv;        /* display-charset copy, if any (owned) */
	const char *text;
	size_t len;
	struct layout lo;
	int wrapw;
	size_t top;
	struct occ *occ;   /* shared terms in this text, by offset (owned) */
	size_t nocc;
	long cur;          /* occurrence last stepped to, -1 none */
	int x, w;          /* place in the window */
	struct ui_span *spans; /* for drawing (owned) */
	size_t spancap;
};

struct cmp {
	struct side s[2];
	int focus;
	long term;               /* current shared term, -1 none */
	enum xref_kind *kinds;   /* per term id (owned) */
	size_t nterms;
};

static size_t max_top(const struct side *s, const struct view *v)
{
	size_t h = (size_t)ui_pane_rows(v);

	return s->lo.n > h ? s->lo.n - h : 0;
}

static void set_top(struct side *s, const struct view *v, long top)
{
	long mt = (long)max_top(s, v);

	s->top = (size_t)(top < 0 ? 0 : top > mt ? mt : top);
}

/* The shared terms of the two articles: the cross-reference index of a
 * corpus of just these two (shallow copies; the index keeps no pointer to
 * the texts after building, and is freed here). */
static void find_shared(struct ui *ui, struct cmp *c)
{
	struct corpus two = {0};
	struct xref_options xo;
	struct xref_index *ix;

	if (!ui->utf8)
		return; /* the transliterated texts have other offsets */
	two.articles = util_xcalloc(2, sizeof(*two.articles));
	two.articles[0] = ui->c->articles[c->s[0].art];
	two.articles[1] = ui->c->articles[c->s[1].art];
	two.n = two.cap = 2;
	/* Their texts are lent from the interface's spill file (borrowed:
	 * two is never given to corpus_free). */
	two.spill_fd = ui->c->spill_fd;
	two.clutter = ui->c->clutter;
	config_xref_options(ui->cfg, &xo);
	ix = xref_build(&two, &xo);
	c->nterms = xref_count(ix);
	c->kinds = util_xcalloc(c->nterms ? c->nterms : 1, sizeof(*c->kinds));
	for (size_t t = 0; t < c->nterms; t++)
		c->kinds[t] = xref_get(ix, (uint32_t)t)->kind;
	for (int i = 0; i < 2; i++) {
		size_t n;
		const struct xref_occ *o = xref_occs(ix, (size_t)i, &n);
		struct side *s = &c->s[i];

		s->occ = util_xcalloc(n ? n : 1, sizeof(*s->occ));
		for (size_t k = 0; k < n; k++) {
			const struct xref_term *t = xref_get(ix, o[k].term);

			if (t->narticles < 2)
				continue;
			s->occ[s->nocc++] = (struct occ){o[k].off, o[k].len,
			                                 o[k].term};
		}
	}
	xref_free(ix);
	free(two.articles);
}

static void cmp_open(struct ui *ui, struct view *v)
{
	v->priv = util_xcalloc(1, sizeof(struct cmp));
}

static void wrap_side(struct ui *ui, struct side *s, const struct view *v)
{
	int w = s->w - 2;
	size_t anchor = s->wrapw && s->top < s->lo.n ? s->lo.lines[s->top].off : 0;

	if (ui->cfg->wrap_width > 0 && ui->cfg->wrap_width < w)
		w = ui->cfg->wrap_width;
	if (w < 1)
		w = 1;
	if (w == s->wrapw)
		return;
	layout_wrap(&s->lo, s->text, s->len, w);
	s->wrapw = w;
	set_top(s, v, (long)layout_line_of(&s->lo, anchor));
	if (!anchor)
		s->top = 0;
}

/* Everything between the title bar and the status bar. */
static void cmp_resize(struct ui *ui, struct view *v)
{
	struct cmp *c = v->priv;
	int half;

	if (!ui_place_full(ui, v))
		return;
	half = (v->w - 1) / 2;

	c->s[0].x = 0;
	c->s[0].w = half;
	c->s[1].x = half + 1;
	c->s[1].w = v->w - half - 1;
	for (int i = 0; i < 2; i++)
		if (c->s[i].art >= 0 && c->s[i].w > 0)
			wrap_side(ui, &c->s[i], v);
}

static attr_t occ_attr(const struct ui *ui, const struct cmp *c,
                       const struct occ *o)
{
	if ((long)o->term == c->term)
		return ui->attr[COLOR_ELEM_xref_current];
	switch (c->kinds[o->term]) {
	case XREF_NUMBER: return ui->attr[COLOR_ELEM_xref_number];
	case XREF_PASSAGE: return ui->attr[COLOR_ELEM_xref_passage];
	default: return ui->attr[COLOR_ELEM_xref_name];
	}
}

static void draw_side(struct ui *ui, struct view *v, struct cmp *c, int i)
{
	struct side *s = &c->s[i];
	const struct article *a = &ui->c->articles[s->art];
	char *label;
	WINDOW *w;
	int h = ui_pane_rows(v);

	if (s->w < 3)
		return;
	w = derwin(v->win, v->h, s->w, 0, s->x);
	if (!w)
		return;
	label = util_xasprintf("%s%s%s%s%s", a->source, *a->date ? ui->sep : "",
	                       a->date, ui->sep, a->lang);
	ui_draw_header(ui, w, 0, label, c->focus == i);
	free(label);
	util_grow((void **)&s->spans, &s->spancap, s->nocc + 1,
	          sizeof(*s->spans));
	for (size_t k = 0; k < s->nocc; k++)
		s->spans[k] = (struct ui_span){s->occ[k].off, s->occ[k].len,
		                               occ_attr(ui, c, &s->occ[k])};
	for (int y = 0; y < h && s->top + (size_t)y < s->lo.n; y++) {
		const struct layout_line *ln = &s->lo.lines[s->top + (size_t)y];

		ui_draw_spans(w, y + 1, 1, s->w - 2, s->text, ln->off, ln->len,
		              ui->attr[COLOR_ELEM_text], s->spans, s->nocc);
	}
	delwin(w);
}

static void cmp_draw(struct ui *ui, struct view *v)
{
	struct cmp *c = v->priv;
	attr_t b = ui->attr[COLOR_ELEM_border];

	werase(v->win);
	for (int i = 0; i < 2; i++)
		draw_side(ui, v, c, i);
	wattr_set(v->win, UI_ATTR(b), UI_PAIR(b), NULL);
	mvwvline_set(v->win, 0, c->s[1].x - 1, WACS_VLINE, v->h);
	wattr_set(v->win, A_NORMAL, 0, NULL);
}

/* First occurrence index at or after line top of side s, or -1. */
static long first_visible(const struct side *s, const struct view *v)
{
	size_t h = (size_t)ui_pane_rows(v);

	for (size_t k = 0; k < s->nocc; k++) {
		size_t line = layout_line_of(&s->lo, s->occ[k].off);

		if (line >= s->top + h)
			return -1;
		if (line >= s->top)
			return (long)k;
	}
	return -1;
}

/* Brings the other side to term t, occurrence k of side from: unless it
 * already shows t, its next occurrence of t (after its last one) goes on
 * the same screen row. */
static void follow_term(struct cmp *c, const struct view *v, int from, long k)
{
	struct side *s = &c->s[from], *o = &c->s[!from];
	uint32_t t = s->occ[k].term;
	long row = (long)layout_line_of(&s->lo, s->occ[k].off) - (long)s->top;
	long pick = -1;
	size_t h = (size_t)ui_pane_rows(v);

	for (size_t j = 0; j < o->nocc; j++) {
		size_t line;

		if (o->occ[j].term != t)
			continue;
		line = layout_line_of(&o->lo, o->occ[j].off);
		if (line >= o->top && line < o->top + h) {
			o->cur = (long)j;
			return; /* already in view */
		}
		if (pick < 0 || (o->cur >= 0 && (long)j > o->cur &&
		                 pick <= o->cur))
			pick = (long)j;
	}
	if (pick < 0)
		return;
	o->cur = pick;
	set_top(o, v, (long)layout_line_of(&o->lo, o->occ[pick].off) - row);
}

static void sync(struct cmp *c, const struct view *v)
{
	long k = first_visible(&c->s[c->focus], v);

	if (k >= 0)
		follow_term(c, v, c->focus, k);
}

static void step(struct ui *ui, struct cmp *c, const struct view *v,
                 bool forward)
{
	struct side *s = &c->s[c->focus];
	long k;

	if (!s->nocc) {
		ui_report(ui, true, "These articles share no terms");
		return;
	}
	if (s->cur < 0)
		k = forward ? first_visible(s, v) : (long)s->nocc - 1;
	else
		k = s->cur + (forward ? 1 : -1);
	if (k < 0 || k >= (long)s->nocc)
		k = forward ? 0 : (long)s->nocc - 1;
	s->cur = k;
	c->term = (long)s->occ[k].term;
	{
		size_t line = layout_line_of(&s->lo, s->occ[k].off);
		size_t h = (size_t)ui_pane_rows(v);

		if (line < s->top || line >= s->top + h)
			set_top(s, v, (long)line - (long)h / 3);
	}
	follow_term(c, v, c->focus, k);
}

static bool cmp_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct cmp *c = v->priv;
	struct side *s = &c->s[c->focus];
	long top = (long)s->top, h = ui_pane_rows(v), page = h > 2 ? h - 1 : 1;

	switch (act) {
	case ACT_focus_next: case ACT_focus_prev:
		c->focus = !c->focus;
		v->dirty = true;
		return true;
	case ACT_xref_next: case ACT_xref_prev:
		step(ui, c, v, act == ACT_xref_next);
		v->dirty = true;
		return true;
	default:
		if (!ui_move_key(act, page, (page + 1) / 2, (long)max_top(s, v), &top))
			return false;
	}
	set_top(s, v, top);
	s->cur = -1;
	sync(c, v);
	v->dirty = true;
	return true;
}

static void cmp_mouse(struct ui *ui, struct view *v, int y, int x, int wheel,
                      int clicks)
{
	struct cmp *c = v->priv;

	c->focus = x >= c->s[1].x;
	if (wheel)
		cmp_key(ui, v, wheel > 0 ? ACT_move_down : ACT_move_up);
	v->dirty = true;
}

static bool cmp_position(struct ui *ui, struct view *v, char *buf, size_t n)
{
	struct cmp *c = v->priv;
	size_t terms = 0;

	/* Terms that occur in both texts. */
	for (size_t t = 0; t < c->nterms; t++)
		for (size_t k = 0; k < c->s[0].nocc; k++)
			if (c->s[0].occ[k].term == t) {
				terms++;
				break;
			}
	snprintf(buf, n, "compare  %zu shared term%s%s", terms,
	         terms == 1 ? "" : "s",
	         c->term >= 0 ? "  (n: next)" : "");
	return true;
}

static void free_side(struct side *s)
{
	layout_free(&s->lo);
	free(s->conv);
	free(s->occ);
	free(s->spans);
	memset(s, 0, sizeof(*s));
}

static void cmp_done(struct ui *ui, struct view *v)
{
	struct cmp *c = v->priv;

	for (int i = 0; i < 2; i++)
		free_side(&c->s[i]);
	free(c->kinds);
	free(c);
	v->priv = NULL;
}

const struct view_ops view_compare_ops = {
	.name = "Compare",
	.scope = SCOPE_READER,
	.open = cmp_open,
	.resize = cmp_resize,
	.draw = cmp_draw,
	.key = cmp_key,
	.mouse = cmp_mouse,
	.position = cmp_position,
	.done = cmp_done,
	.hint = "Tab side  n next  q close",
};

void view_compare_show(struct ui *ui, struct view *v, size_t a, size_t b)
{
	struct cmp *c;

	if (v->ops && v->ops->done)
		v->ops->done(ui, v);
	v->ops = &view_compare_ops;
	v->ops->open(ui, v);
	c = v->priv;
	c->term = -1;
	for (int i = 0; i < 2; i++) {
		struct side *s = &c->s[i];
		size_t alen;
		const char *atext = ui_article_text(ui, i ? b : a, &alen);

		s->art = (long)(i ? b : a);
		s->cur = -1;
		s->conv = ui_display_text(ui, atext, alen, &s->len);
		s->text = s->conv ? s->conv : atext;
		if (!s->conv)
			s->len = alen;
	}
	find_shared(ui, c);
	ui_layer_push(ui, v);
}
