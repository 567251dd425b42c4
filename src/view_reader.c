/* view_reader.c - the reader: the selected article's text, laid out for
 * the pane when the article is opened or the pane changes size, and drawn
 * only where it is visible. The layout is made on demand (layout_begin):
 * opening or scrolling a long article wraps the paragraphs that come into
 * view (and a step more), never the whole text, except for the keys that
 * need its end (G). The title (the first line of the text) is shown as a
 * heading. Page clutter (menus, ads, captions: clutter.h) is folded, each
 * run into one dim line, until fold_clutter unfolds it; the folds are
 * lines of the layout, so every offset still maps to a line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/ui_draw.h"
#include "kilde/ui_load.h"
#include "kilde/ui_search.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_reader.h"

struct reader {
	long art;          /* article shown, -1 for none */
	char *conv;        /* the text in the display charset, if converted (owned) */
	const char *text;  /* what is wrapped: conv or the article's text */
	size_t len;
	size_t title_off, title_end; /* the title's bytes in text */
	struct layout lo;
	int wrapw;         /* width lo was wrapped to, 0 if not yet */
	size_t top;        /* first line shown */
	/* The article's page clutter in text's offsets (owned), folded into
	 * one line per run unless unfolded (then drawn dim). */
	struct layout_fold *clut;
	size_t nclut;
	bool unfolded;
	/* Highlights in text, sorted by offset: the cross-references, one
	 * span per occurrence in the order of xref_occs (ui_xref_spans), so
	 * span i is occurrence i; search lays its matches over them when it
	 * draws. xcur is the current occurrence or -1. */
	struct ui_span *spans;
	size_t nspans, spancap;
	long xcur;
	bool visited; /* shown with the focus since it was loaded */
};

enum { MARGIN = 1 }; /* columns left free on each side of the text */

static int text_width(const struct ui *ui, const struct view *v)
{
	int w = v->w - 2 * MARGIN;

	if (ui->cfg->wrap_width > 0 && ui->cfg->wrap_width < w)
		w = ui->cfg->wrap_width;
	return w > 1 ? w : 1;
}

/* The last first line: the whole layout is needed for it. */
static size_t max_top(struct reader *r, const struct view *v)
{
	size_t h = (size_t)ui_pane_rows(v);

	layout_finish(&r->lo);
	return r->lo.n > h ? r->lo.n - h : 0;
}

/* top kept within the lines, wrapping only as far as the pane reaches
 * from it: while the layout is not complete, lines exist past the pane. */
static size_t fit_top(struct reader *r, const struct view *v, long top)
{
	size_t h = (size_t)ui_pane_rows(v);

	if (top < 0)
		top = 0;
	layout_need_line(&r->lo, (size_t)top + h);
	if (!layout_complete(&r->lo))
		return (size_t)top;
	return (size_t)top < r->lo.n && (size_t)top + h <= r->lo.n ?
	       (size_t)top : r->lo.n > h ? r->lo.n - h : 0;
}

/* The line holding byte off of the text. */
static size_t line_of(struct reader *r, size_t off)
{
	layout_need_off(&r->lo, off);
	return layout_line_of(&r->lo, off);
}

/* Where the title stands in the text, to show it as a heading: the
 * article's title (which corpus.ini may have set) where a line near the
 * top starts with it, else the first non-empty line, which is what
 * article_title() takes when nothing overrides it. */
static void find_title(struct reader *r, const struct ui *ui,
                       const char *title)
{
	const char *s = r->text;
	size_t n = r->len, tlen, i = 0;
	size_t near = n < 4096 ? n : 4096;
	char *conv = ui_display_text(ui, title, strlen(title), &tlen);
	const char *t = conv ? conv : title;

	if (!conv)
		tlen = strlen(title);
	for (const char *p = s; tlen && p < s + near;) {
		const char *hit = memmem(p, near - (size_t)(p - s), t, tlen);

		if (!hit)
			break;
		if (hit == s || hit[-1] == '\n') {
			r->title_off = (size_t)(hit - s);
			r->title_end = r->title_off + tlen;
			free(conv);
			return;
		}
		p = hit + 1;
	}
	free(conv);
	while (i < n && (s[i] == '\n' || s[i] == ' '))
		i++;
	r->title_off = i;
	while (i < n && s[i] != '\n')
		i++;
	r->title_end = i;
}

/* A new layout at width w (folded unless unfolded), the line holding
 * byte anchor first. */
static void relayout(struct reader *r, const struct view *v, int w,
                     size_t anchor)
{
	layout_begin(&r->lo, r->text, r->len, w);
	if (!r->unfolded)
		layout_set_folds(&r->lo, r->clut, r->nclut);
	r->wrapw = w;
	r->top = fit_top(r, v, anchor ? (long)line_of(r, anchor) : 0);
}

static void rewrap(struct ui *ui, struct view *v)
{
	struct reader *r = v->priv;
	int w = text_width(ui, v);
	size_t anchor = 0;

	if (r->art < 0 || v->h < 1)
		return;
	if (r->wrapw == w)
		return;
	if (r->wrapw && r->top < r->lo.n)
		anchor = r->lo.lines[r->top].off;
	relayout(r, v, w, anchor);
}

/* The article's page clutter, in the offsets of the text shown. */
static void find_clutter(struct ui *ui, struct reader *r)
{
	struct clutter_span *cs;
	size_t n = ui_article_clutter(ui, (size_t)r->art, &cs);
	struct ui_display_map map = {.src = ui_article_text(ui, (size_t)r->art, NULL)};

	free(r->clut);
	r->clut = n ? util_xcalloc(n, sizeof(*r->clut)) : NULL;
	r->nclut = n;
	for (size_t i = 0; i < n; i++) {
		size_t off = cs[i].off, len = cs[i].len;

		if (r->conv)
			ui_display_map_range(ui, &map, &off, &len);
		r->clut[i] = (struct layout_fold){off, len};
	}
	free(cs);
}

/* Whether byte off of the text is page clutter. */
static bool in_clutter(const struct reader *r, size_t off)
{
	size_t lo = 0, hi = r->nclut;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (off < r->clut[mid].off)
			hi = mid;
		else if (off >= r->clut[mid].off + r->clut[mid].len)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Lines of the original file a fold stands for. */
static size_t fold_lines(const struct reader *r, const struct layout_line *ln)
{
	size_t n = 1;

	for (const char *p = r->text + ln->off, *e = p + ln->len;
	     (p = memchr(p, '\n', (size_t)(e - p))); p++)
		n++;
	return n;
}

static void fill_xrefs(struct ui *ui, struct reader *r)
{
	r->nspans = 0;
	if (r->art >= 0)
		ui_xref_spans(ui, (size_t)r->art, r->xcur, r->conv != NULL,
		              &r->spans, &r->nspans, &r->spancap);
}

/* The byte past the last line on the screen (the text's end when the
 * last line shows). */
static size_t end_off(const struct reader *r, const struct view *v)
{
	int h = ui_pane_rows(v);
	size_t last = r->top + (size_t)(h > 0 ? h : 1);

	if (last < r->lo.n)
		return r->lo.lines[last].off;
	return r->len;
}

static void where(const struct reader *r, const struct view *v,
                  struct xnav_pos *p)
{
	p->art = (size_t)r->art;
	p->top_off = r->top < r->lo.n ? r->lo.lines[r->top].off : 0;
	p->occ = r->xcur;
	p->end_off = end_off(r, v);
}

/* The place shown, for the rest of the interface (ui->rd): set at the end
 * of every operation that may move it. */
static void publish(struct ui *ui, const struct reader *r)
{
	struct ui_reading *rd = &ui->rd;

	if (!r || r->art < 0) {
		*rd = (struct ui_reading){.art = -1, .text = "", .occ = -1};
		return;
	}
	rd->art = r->art;
	rd->text = r->text;
	rd->len = r->len;
	rd->top_off = r->top < r->lo.n ? r->lo.lines[r->top].off : 0;
	rd->end_off = end_off(r, &ui->views[PANE_READER]);
	rd->occ = r->xcur;
	rd->visited = r->visited;
}

static void load(struct ui *ui, struct view *v)
{
	struct reader *r = v->priv;
	const struct article *a;
	const char *text;
	size_t len;
	struct xnav_pos left;

	if (r->art >= 0 && r->visited) {
		where(r, v, &left);
		ui_history_leave(ui, &left);
	}
	r->visited = false;
	r->xcur = -1;

	free(r->conv);
	r->conv = NULL;
	free(r->clut);
	r->clut = NULL;
	r->nclut = 0;
	r->unfolded = false;
	r->nspans = 0;
	r->wrapw = 0;
	r->top = 0;
	/* Nothing of the old text may be wrapped on after it is freed. */
	layout_begin(&r->lo, NULL, 0, 1);
	if (ui->c->n == 0) {
		r->art = -1;
		return;
	}
	/* A corpus from the cache gets this text read now (ui_load.h). */
	text = ui_article_text(ui, ui->sel, &len);
	r->art = (long)ui->sel;
	a = &ui->c->articles[r->art];
	r->conv = ui_display_text(ui, text, len, &r->len);
	if (r->conv) {
		r->text = r->conv;
	} else {
		r->text = text;
		r->len = len;
	}
	find_title(r, ui, a->title);
	find_clutter(ui, r);
	rewrap(ui, v);
	fill_xrefs(ui, r);
	publish(ui, r);
}

static void reader_open(struct ui *ui, struct view *v)
{
	struct reader *r = util_xcalloc(1, sizeof(*r));

	r->art = -1;
	r->xcur = -1;
	v->priv = r;
	publish(ui, r);
}

static void reader_resize(struct ui *ui, struct view *v)
{
	struct reader *r = v->priv;

	if (r->art != (long)ui->sel || ui->c->n == 0)
		load(ui, v);
	else
		rewrap(ui, v);
	publish(ui, r);
}

static void reader_select(struct ui *ui, struct view *v)
{
	struct reader *r = v->priv;

	if (ui->c->n && r->art != (long)ui->sel) {
		load(ui, v);
		v->dirty = true;
	}
	publish(ui, r);
}

/* The header says what is open: source, date, language and words, so the
 * stacked layout, which has no room for the info pane, still tells. */
static char *header_label(const struct ui *ui, const struct reader *r)
{
	const struct article *a = &ui->c->articles[r->art];
	struct strbuf sb = {0};
	long nx = ui_xref_article_count(ui, (size_t)r->art);
	char buf[64];

	sb_puts(&sb, ui_xref_source(ui, (size_t)r->art, buf, sizeof(buf)));
	if (*a->date)
		sb_printf(&sb, "%s%s", ui->sep, a->date);
	if (strcmp(a->lang, "?") != 0)
		sb_printf(&sb, "%s%s", ui->sep, a->lang);
	sb_printf(&sb, "%s%zu word%s", ui->sep, a->words,
	          a->words == 1 ? "" : "s");
	if (nx > 0)
		sb_printf(&sb, "%s%ld xref%s", ui->sep, nx, nx == 1 ? "" : "s");
	return sb_take(&sb);
}

static void reader_draw(struct ui *ui, struct view *v)
{
	struct reader *r = v->priv;
	bool focused = ui->focus == PANE_READER;
	int h = ui_pane_rows(v), tw = text_width(ui, v);

	werase(v->win);
	if (v->h < 1)
		return;
	/* A filter that matches nothing leaves no article to read: the one
	 * selected before is not one of the list's. */
	if (ui->order && !ui->norder) {
		publish(ui, NULL);
		ui_draw_header(ui, v->win, 0, "Reader", focused);
		if (h > 1)
			ui_draw_str(ui, v->win, 2, 1, v->w - 2,
			            "No article matches the filter.",
			            ui->attr[COLOR_ELEM_text]);
		return;
	}
	if (focused)
		r->visited = true;
	publish(ui, r);
	if (r->art < 0) {
		ui_draw_header(ui, v->win, 0, "Reader", focused);
		return;
	}
	char *label = header_label(ui, r);

	ui_draw_header(ui, v->win, 0, label, focused);
	free(label);
	/* Search matches are laid over the other highlights. */
	size_t nsp;
	const struct ui_span *sp = ui_search_spans(ui, r->art, r->spans,
	                                           r->nspans, &nsp);

	/* The pane may have grown taller since the lines were made. */
	layout_need_line(&r->lo, r->top + (size_t)h);
	for (int y = 0; y < h && r->top + (size_t)y < r->lo.n; y++) {
		const struct layout_line *ln = &r->lo.lines[r->top + (size_t)y];
		bool title = ln->off < r->title_end &&
		             ln->off + ln->len > r->title_off;
		attr_t a = ui->attr[title ? COLOR_ELEM_heading : COLOR_ELEM_text];

		if (ln->fold) {
			char *s = util_xasprintf("%s %zu line%s of page furniture",
			                         ui->utf8 ? "\u22EF" : "...",
			                         fold_lines(r, ln),
			                         fold_lines(r, ln) == 1 ? "" : "s");

			ui_draw_str(ui, v->win, y + 1, MARGIN, tw, s,
			            ui->attr[COLOR_ELEM_clutter]);
			free(s);
			continue;
		}
		if (!title && ln->len && in_clutter(r, ln->off))
			a = ui->attr[COLOR_ELEM_clutter];
		ui_draw_spans(v->win, y + 1, MARGIN, tw, r->text, ln->off,
		              ln->len, a, sp, nsp);
	}
}

static void scroll_to(struct ui *ui, struct view *v, long top)
{
	struct reader *r = v->priv;
	size_t t = fit_top(r, v, top);

	if (t != r->top) {
		r->top = t;
		v->dirty = true;
	}
	publish(ui, r);
}

/* Folds or unfolds the clutter, keeping the first line shown where it
 * was (a fold that held it comes to the top, unfolded, from its start). */
static void set_folded(struct ui *ui, struct view *v, bool folded)
{
	struct reader *r = v->priv;

	if (r->unfolded == !folded)
		return;
	r->unfolded = !folded;
	if (r->wrapw)
		relayout(r, v, r->wrapw,
		         r->top < r->lo.n ? r->lo.lines[r->top].off : 0);
	v->dirty = true;
	publish(ui, r);
}

static bool reader_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct reader *r = v->priv;
	long top = (long)r->top;
	long page = ui_pane_rows(v) > 2 ? ui_pane_rows(v) - 1 : 1;
	/* Only the bottom needs the whole layout. */
	long last = act == ACT_bottom ? (long)max_top(r, v) : 0;

	if (ui_move_key(act, page, (page + 1) / 2, last, &top)) {
		scroll_to(ui, v, top);
		return true;
	}
	switch (act) {
	case ACT_open: return true; /* already open */
	case ACT_xref_next:
	case ACT_xref_prev:
		ui_request(ui, &(struct ui_request){
			.kind = UI_REQ_XREF_STEP,
			.dir = act == ACT_xref_next ? 1 : -1});
		return true;
	case ACT_follow:
		ui_request(ui, &(struct ui_request){.kind = UI_REQ_FOLLOW});
		return true;
	case ACT_fold_clutter:
		if (r->art < 0)
			return true;
		if (!r->nclut) {
			ui_report(ui, false, "No page clutter in this article");
			return true;
		}
		set_folded(ui, v, r->unfolded);
		ui_report(ui, false, r->unfolded ?
		          "Page clutter unfolded (dim); C folds it" :
		          "Page clutter folded; C unfolds it");
		return true;
	default: return false;
	}
}

static void reader_mouse(struct ui *ui, struct view *v, int y, int x, int wheel,
                         int clicks)
{
	struct reader *r = v->priv;

	if (wheel)
		scroll_to(ui, v, (long)r->top + 3 * wheel);
}

static bool reader_position(struct ui *ui, struct view *v, char *buf,
                            size_t n)
{
	struct reader *r = v->priv;
	size_t h = (size_t)ui_pane_rows(v), pct;

	/* Nothing is shown under a filter that matches nothing: no
	 * position of the article read before it. */
	if (r->art < 0 || h == 0 || (ui->order && !ui->norder))
		return false;
	layout_need_line(&r->lo, r->top + h);
	if (!layout_complete(&r->lo))
		/* The line count is not known yet: how far in the text the
		 * line below the pane starts. */
		pct = r->lo.lines[r->top + h].off * 100 / r->len;
	else if (r->lo.n <= h || r->top + h >= r->lo.n)
		pct = 100;
	else
		pct = (r->top + h) * 100 / r->lo.n;
	snprintf(buf, n, "%zu%%", pct);
	return true;
}

static void reader_done(struct ui *ui, struct view *v)
{
	struct reader *r = v->priv;

	layout_free(&r->lo);
	free(r->conv);
	free(r->clut);
	free(r->spans);
	free(r);
	v->priv = NULL;
	publish(ui, NULL);
}

/* The index became available: highlight the open article. */
static void reader_xrefs(struct ui *ui, struct view *v)
{
	struct reader *r = v->priv;

	fill_xrefs(ui, r);
	/* Indexed again (a correction): the old current one is gone. */
	if (r->xcur >= (long)r->nspans) {
		r->xcur = -1;
		publish(ui, r);
	}
	v->dirty = true;
}

void view_reader_show(struct ui *ui, size_t art, size_t top_off, long occ)
{
	struct view *v = &ui->views[PANE_READER];
	struct reader *r = v->priv;
	long h = ui_pane_rows(v);

	ui_select(ui, (long)art);
	if (r->art != (long)ui->sel)
		load(ui, v);
	if (r->art < 0)
		return;
	r->xcur = occ;
	fill_xrefs(ui, r);
	if (occ >= (long)r->nspans)
		r->xcur = -1;
	v->dirty = true;
	publish(ui, r);
	if (r->lo.n == 0)
		return;
	if (top_off != (size_t)-1) {
		scroll_to(ui, v, (long)line_of(r, top_off));
	} else if (r->xcur >= 0) {
		long line = (long)line_of(r, r->spans[r->xcur].off);

		/* Only scroll when it is out of sight; then a third down. */
		if (line < (long)r->top || line >= (long)r->top + h)
			scroll_to(ui, v, line - h / 3);
	}
}

void view_reader_show_off(struct ui *ui, size_t off, bool at_top)
{
	struct view *v = &ui->views[PANE_READER];
	struct reader *r = v->priv;
	size_t line, h = (size_t)ui_pane_rows(v);

	if (r->art < 0 || !r->lo.n)
		return;
	/* A search match or a concordance hit in folded clutter: the
	 * clutter unfolds so that it can be seen. */
	line = line_of(r, off);
	if (r->lo.lines[line].fold) {
		set_folded(ui, v, false);
		ui_report(ui, false, "Page clutter unfolded to show the match; C folds it");
		line = line_of(r, off);
	}
	if (!at_top && line >= r->top && line < r->top + h)
		return;
	scroll_to(ui, v, at_top ? (long)line : (long)line - (long)h / 3);
	v->dirty = true;
}

const struct view_ops view_reader_ops = {
	.name = "Reader",
	.scope = SCOPE_READER,
	.open = reader_open,
	.resize = reader_resize,
	.select = reader_select,
	.draw = reader_draw,
	.key = reader_key,
	.mouse = reader_mouse,
	.position = reader_position,
	.done = reader_done,
	.xrefs = reader_xrefs,
};
