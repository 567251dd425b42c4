/* view_kwic.c - the keyword-in-context (concordance) view: every hit of a
 * corpus-wide search on a line of its own, the article's source (and date
 * on wide screens) first, then the left context right-aligned against the
 * hit and the right context after it, aligned on the hit by display
 * columns (search_kwic_format_line) as AntConc shows a concordance. s
 * cycles the order (position, source, date, left or right context), Enter
 * opens the article at the hit with the search active there, q or Esc
 * closes the view. It is a layer over the panes. A hit inside page
 * clutter (clutter.h: a menu, an ad, a caption) is still shown, marked
 * with a dim bar in the first column: the search finds every word, and
 * the mark tells which are not the article's own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_draw.h"
#include "kilde/ui_load.h"
#include "kilde/ui_search.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_kwic.h"
#include "kilde/wordidx.h"
#include "kilde/xref.h"

struct kwic {
	struct search_kwic kw; /* the hits taken in so far */
	/* The search behind the screen while it runs (owned; NULL once
	 * complete): its hits are taken in as they come, in corpus order. */
	struct search_kwic_stream *st;
	size_t searched, total; /* articles searched, of how many */
	size_t nlabels;         /* hits whose label srcw has seen */
	unsigned mode;          /* what was searched with (search.h) */
	char **pats;        /* what was searched (owned) */
	size_t npats;
	char *title;        /* owned */
	enum search_kwic_key sort;
	size_t top, sel;
	int srcw;           /* widest source, at most 18 columns */
	/* Each article's page clutter, found when a hit of it is first
	 * drawn (owned; an array of the corpus's size, NULL until then). */
	struct kwic_clutter {
		bool found;
		struct clutter_span *spans; /* owned */
		size_t n;
	} *clut;
	size_t nclut;
};

static const char *const sort_names[] = {
	[SEARCH_KWIC_POSITION] = "position", [SEARCH_KWIC_SOURCE] = "source",
	[SEARCH_KWIC_DATE] = "date", [SEARCH_KWIC_LEFT] = "left context",
	[SEARCH_KWIC_RIGHT] = "right context",
};

static void kwic_clear(struct kwic *k)
{
	search_kwic_stream_free(k->st);
	k->st = NULL;
	search_kwic_free(&k->kw);
	for (size_t i = 0; i < k->npats; i++)
		free(k->pats[i]);
	free(k->pats);
	free(k->title);
	for (size_t i = 0; i < k->nclut; i++)
		free(k->clut[i].spans);
	free(k->clut);
	k->clut = NULL;
	k->nclut = 0;
	k->pats = NULL;
	k->npats = 0;
	k->title = NULL;
}

static void kwic_open(struct ui *ui, struct view *v)
{
	v->priv = util_xcalloc(1, sizeof(struct kwic));
}

static void follow(struct view *v)
{
	struct kwic *k = v->priv;
	size_t r = (size_t)(ui_pane_rows(v) > 0 ? ui_pane_rows(v) : 1);

	if (k->sel < k->top)
		k->top = k->sel;
	else if (k->sel >= k->top + r)
		k->top = k->sel - r + 1;
}

/* Everything between the title bar and the status bar. */
static void kwic_resize(struct ui *ui, struct view *v)
{
	if (!ui_place_full(ui, v))
		return;
	follow(v);
}

/* Draws s (not yet in the display charset) at x in at most w columns. */
static int put(struct ui *ui, struct view *v, int y, int x, int w,
               const char *s, size_t n, attr_t a)
{
	size_t cn;
	char *conv = ui_display_text(ui, s, n, &cn);
	int used = ui_draw_text(v->win, y, x, w, conv ? conv : s,
	                        conv ? cn : n, a);

	free(conv);
	return used;
}

/* Whether hit h lies in its article's page clutter. */
static bool in_clutter(struct ui *ui, struct kwic *k,
                       const struct search_kwic_hit *h)
{
	struct kwic_clutter *c;

	if (h->article >= k->nclut)
		return false;
	c = &k->clut[h->article];
	if (!c->found) {
		c->n = ui_article_clutter(ui, h->article, &c->spans);
		c->found = true;
	}
	return clutter_spans_hit(c->spans, c->n, h->off);
}

/* A hit's article as every view names it: its short label (the info
 * pane's, the chooser's), or its source before the index has made them. */
static const char *hit_label(const struct ui *ui, size_t art)
{
	const char *l = ui_xref_label(ui, art);

	return *l ? l : ui->c->articles[art].source;
}

/* The source column fits the widest label of the hits in (at most 18). */
static void widen_labels(struct ui *ui, struct kwic *k)
{
	for (; k->nlabels < k->kw.n; k->nlabels++) {
		int w = ui_str_width(hit_label(ui, k->kw.hits[k->nlabels].article));

		if (w > k->srcw)
			k->srcw = w > 18 ? 18 : w;
	}
}

/* Takes in the hits the search published; true when anything changed. */
static bool take_hits(struct ui *ui, struct kwic *k)
{
	size_t n = k->kw.n, searched = k->searched;

	if (!k->st)
		return false;
	if (search_kwic_stream_take(k->st, &k->kw, &k->searched, &k->total)) {
		search_kwic_stream_free(k->st);
		k->st = NULL;
	}
	widen_labels(ui, k);
	return !k->st || k->kw.n != n || k->searched != searched;
}

/* Waits for the rest of the hits (sorting needs them all). */
static void take_all(struct ui *ui, struct kwic *k)
{
	if (k->st)
		search_kwic_stream_wait(k->st, true);
	take_hits(ui, k);
}

static void draw_hit(struct ui *ui, struct view *v, int y, size_t i)
{
	struct kwic *k = v->priv;
	const struct search_kwic_hit *h = &k->kw.hits[i];
	const struct article *a = &ui->c->articles[h->article];
	bool sel = i == k->sel;
	attr_t base = ui->attr[sel ? COLOR_ELEM_list_selected : COLOR_ELEM_text];
	attr_t hit = ui->attr[sel ? COLOR_ELEM_search_current :
	                            COLOR_ELEM_search_match];
	int x = 1, room, left, right;
	char *s;
	size_t ho = 0, hl = 0;

	ui_draw_fill(v->win, y, 0, v->w, base);
	if (in_clutter(ui, k, h))
		put(ui, v, y, 0, 1, ui->utf8 ? "\u2506" : ":",
		    ui->utf8 ? 3 : 1, sel ? base : ui->attr[COLOR_ELEM_clutter]);
	s = search_fit_width(hit_label(ui, h->article),
	                     strlen(hit_label(ui, h->article)), k->srcw);
	x += put(ui, v, y, x, k->srcw, s, strlen(s), base) + 1;
	free(s);
	/* The date too, where there is room for it beside the contexts. */
	if (v->w >= 120) {
		s = search_fit_width(*a->date ? a->date : "-",
		                     *a->date ? strlen(a->date) : 1, 10);
		x += put(ui, v, y, x, 10, s, strlen(s), base) + 1;
		free(s);
	}
	room = v->w - x - 1;
	if (room < 4)
		return;
	left = room / 2;
	right = room - left;
	s = search_kwic_format_line(h, left, right, &ho, &hl);
	if (ui->utf8) {
		struct ui_span sp = {ho, hl, hit};

		ui_draw_spans(v->win, y, x, room, s, 0, strlen(s), base, &sp, 1);
	} else {
		/* Transliterated piece by piece, so the hit keeps its colour
		 * (the alignment may shift where a letter becomes two). */
		int used = put(ui, v, y, x, room, s, ho, base);

		used += put(ui, v, y, x + used, room - used, s + ho, hl, hit);
		put(ui, v, y, x + used, room - used, s + ho + hl,
		    strlen(s + ho + hl), base);
	}
	free(s);
}

static void kwic_draw(struct ui *ui, struct view *v)
{
	struct kwic *k = v->priv;
	char *label;

	werase(v->win);
	if (k->st)
		label = util_xasprintf("Concordance: %s%s%zu hit%s so far%s"
		                       "searched %zu of %zu articles",
		                       k->title, ui->sep, k->kw.n,
		                       k->kw.n == 1 ? "" : "s", ui->sep,
		                       k->searched, k->total);
	else
		label = util_xasprintf("Concordance: %s%s%zu hit%s%ssorted by %s",
		                       k->title, ui->sep,
		                       k->kw.n, k->kw.n == 1 ? "" : "s", ui->sep,
		                       sort_names[k->sort]);
	ui_draw_header(ui, v->win, 0, label, true);
	free(label);
	for (int y = 0; y < ui_pane_rows(v) && k->top + (size_t)y < k->kw.n; y++)
		draw_hit(ui, v, y + 1, k->top + (size_t)y);
}

static void open_hit(struct ui *ui, struct view *v)
{
	struct kwic *k = v->priv;
	const struct search_kwic_hit *h;

	if (!k->kw.n)
		return;
	h = &k->kw.hits[k->sel];
	ui_request(ui, &(struct ui_request){.kind = UI_REQ_CLOSE_LAYER});
	ui_request(ui, &(struct ui_request){
		.kind = UI_REQ_OPEN_HIT, .art = h->article, .off = h->off,
		.pats = (const char *const *)k->pats, .npats = k->npats});
}

static bool kwic_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct kwic *k = v->priv;
	long sel = (long)k->sel, h = ui_pane_rows(v), page = h > 1 ? h - 1 : 1;

	switch (act) {
	case ACT_open:
		open_hit(ui, v);
		return true;
	case ACT_sort:
		/* The order is of every hit: wait for the rest. */
		take_all(ui, k);
		k->sort = (enum search_kwic_key)((k->sort + 1) %
		                                 KILDE_ARRAY_LEN(sort_names));
		search_kwic_sort(&k->kw, k->sort);
		k->sel = k->top = 0; /* the status bar names the order */
		v->dirty = true;
		return true;
	default:
		if (!ui_move_key(act, page, page / 2 ? page / 2 : 1,
		                 (long)k->kw.n - 1, &sel))
			return false;
	}
	if (sel >= (long)k->kw.n)
		sel = (long)k->kw.n - 1;
	if (sel < 0)
		sel = 0;
	k->sel = (size_t)sel;
	follow(v);
	v->dirty = true;
	return true;
}

static void kwic_mouse(struct ui *ui, struct view *v, int y, int x, int wheel,
                       int clicks)
{
	struct kwic *k = v->priv;

	if (wheel)
		kwic_key(ui, v, wheel > 0 ? ACT_move_down : ACT_move_up);
	else if (y >= 1 && k->top + (size_t)(y - 1) < k->kw.n) {
		k->sel = k->top + (size_t)(y - 1);
		/* A double click opens the hit, as in the article list. */
		if (clicks == 2)
			kwic_key(ui, v, ACT_open);
	}
	v->dirty = true;
}

static bool kwic_position(struct ui *ui, struct view *v, char *buf, size_t n)
{
	struct kwic *k = v->priv;

	snprintf(buf, n, "hit %zu/%zu%s  sort: %s%s", k->kw.n ? k->sel + 1 : 0,
	         k->kw.n, k->st ? "+" : "", sort_names[k->sort],
	         ui_search_mode(ui) == SEARCH_MODE_EXACT ? "  exact" : "");
	return true;
}

static void kwic_done(struct ui *ui, struct view *v)
{
	kwic_clear(v->priv);
	free(v->priv);
	v->priv = NULL;
}

const struct view_ops view_kwic_ops = {
	.name = "Concordance",
	.scope = SCOPE_LIST,
	.open = kwic_open,
	.resize = kwic_resize,
	.draw = kwic_draw,
	.key = kwic_key,
	.mouse = kwic_mouse,
	.position = kwic_position,
	.done = kwic_done,
	.hint = "Enter open  q close",
};

bool view_kwic_show(struct ui *ui, struct view *v,
                    const char *const *variants, size_t n, const char *title,
                    unsigned mode)
{
	struct search_kwic_stream *st;
	struct search_kwic kw = {0};
	struct kwic *k;
	uint32_t *cand;
	long cand_n;
	size_t searched = 0, total = 0;
	bool complete;

	/* Every article's text: wait for the loader of a cached corpus
	 * (variants are the caller's, not the index's, so they outlive a
	 * corpus that changed on disk). */
	ui_load_wait(ui);
	/* The word index, when it can, names the articles worth searching;
	 * the matcher then finds in them what it finds in every article. */
	cand_n = wordidx_candidates(xref_words(ui_xref_index(ui)), variants, n,
	                            mode, &cand);
	/* A common name is in tens of thousands of articles, which the
	 * word index cannot narrow: the search runs behind the layer, which
	 * shows the hits of the first articles at once and the rest as they
	 * come (the loop polls the view while it is busy). The headless
	 * mode's screens show the finished concordance. */
	st = search_kwic_stream_start(ui->c, variants, n, mode,
	                              cand_n >= 0 ? cand : NULL,
	                              cand_n >= 0 ? (size_t)cand_n : 0, NULL);
	free(cand);
	search_kwic_stream_wait(st, ui->opt->headless);
	complete = search_kwic_stream_take(st, &kw, &searched, &total);
	if (complete && !kw.n) {
		search_kwic_stream_free(st);
		search_kwic_free(&kw);
		ui_report(ui, true, "No article mentions %s%s", title,
		          (mode & ~SEARCH_WHOLE_WORDS) == SEARCH_MODE_EXACT ? " (exact matching)" : "");
		return false;
	}
	if (!v->ops) {
		v->ops = &view_kwic_ops;
		v->ops->open(ui, v);
	}
	k = v->priv;
	kwic_clear(k);
	k->kw = kw;
	if (complete)
		search_kwic_stream_free(st);
	else
		k->st = st;
	k->searched = searched;
	k->total = total;
	k->nlabels = 0;
	k->pats = util_xcalloc(n, sizeof(*k->pats));
	for (size_t i = 0; i < n; i++)
		k->pats[i] = util_xstrdup(variants[i]);
	k->npats = n;
	k->title = util_xstrdup(title);
	k->mode = mode;
	k->clut = util_xcalloc(ui->c->n ? ui->c->n : 1, sizeof(*k->clut));
	k->nclut = ui->c->n;
	k->sort = SEARCH_KWIC_POSITION;
	k->sel = k->top = 0;
	k->srcw = 6;
	widen_labels(ui, k);
	ui_layer_push(ui, v);
	return true;
}

bool view_kwic_busy(const struct view *v)
{
	return v->ops && v->priv && ((const struct kwic *)v->priv)->st;
}

void view_kwic_poll(struct ui *ui, struct view *v)
{
	struct kwic *k = v->ops ? v->priv : NULL;
	const char *title;

	if (!k || !take_hits(ui, k))
		return;
	v->dirty = true;
	ui->bars_dirty = true;
	if (k->st || k->kw.n || !ui_layer_open(ui, v))
		return;
	/* Searched to the end and nothing: as a search that finds nothing
	 * at once, no layer and a word why. */
	title = k->title ? k->title : "";
	ui_layer_remove(ui, v);
	ui_report(ui, true, "No article mentions %s%s", title,
	          (k->mode & ~SEARCH_WHOLE_WORDS) == SEARCH_MODE_EXACT ?
	              " (exact matching)" : "");
}

void view_kwic_stop(struct view *v)
{
	struct kwic *k = v->ops ? v->priv : NULL;

	if (k) {
		search_kwic_stream_free(k->st);
		k->st = NULL;
	}
}

bool view_kwic_has_hits(const struct view *v)
{
	const struct kwic *k = v->ops ? v->priv : NULL;

	/* A search still running may yet find some. */
	return k && (k->kw.n || k->st);
}
