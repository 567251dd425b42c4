/* view_info.c - the info pane: what is known about the selected article
 * (source, date, language, file, words, encoding) and, in its own section,
 * the cross-references it shares. Values are wrapped under their label
 * when the pane is narrow; the lines are prepared on select and resize. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/text.h"
#include "kilde/ui_draw.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_info.h"

struct info_line {
	char *label; /* NULL on continuation lines (owned) */
	char *text;  /* in the display charset (owned) */
	int indent;  /* columns before text */
	enum config_color elem;
	/* Cross-reference lines: the entry (index into terms) or -1, and the
	 * first mark bytes of text (the term) drawn in markattr. */
	long entry;
	size_t mark;
	attr_t markattr;
};

struct info {
	struct info_line *lines;
	size_t n, cap;
	size_t top;
	int labelw;
	uint32_t *terms;  /* the article's cross-referenced terms (owned) */
	size_t nterms;
	long cur;         /* the selected one, -1 if none */
};

enum { LABEL_W = 9 }; /* "Encoding" and a space */

static void clear_lines(struct info *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->lines[i].label);
		free(in->lines[i].text);
	}
	in->n = 0;
}

static void push(struct info *in, const char *label, const char *text,
                 size_t len, int indent, enum config_color elem)
{
	util_grow((void **)&in->lines, &in->cap, in->n + 1, sizeof(*in->lines));
	in->lines[in->n++] = (struct info_line){
		.label = label ? util_xstrdup(label) : NULL,
		.text = util_xstrndup(text, len),
		.indent = indent,
		.elem = elem,
		.entry = -1,
	};
}

/* The cross-references, one entry per term, wrapped under each other. */
static void add_xrefs(struct ui *ui, struct info *in, int width)
{
	struct ui_xref_entry *e;
	size_t n = ui_xref_entries(ui, ui->sel, &e);
	struct layout lo = {0};
	char head[64];

	snprintf(head, sizeof(head), "Cross-references (%zu)", n);
	push(in, NULL, head, strlen(head), 0, COLOR_ELEM_heading);
	if (!ui_xref_index(ui)) {
		const char *st = ui_xref_status(ui) ? ui_xref_status(ui) : "";

		push(in, NULL, st, strlen(st), 2, COLOR_ELEM_list_read);
		return;
	}
	if (n == 0)
		push(in, NULL, "none", 4, 2, COLOR_ELEM_list_read);
	in->terms = util_xmalloc((n + 1) * sizeof(*in->terms));
	in->nterms = n;
	for (size_t i = 0; i < n; i++) {
		in->terms[i] = e[i].term;
		layout_wrap(&lo, e[i].text, strlen(e[i].text),
		            width - 2 > 1 ? width - 2 : 1);
		for (size_t k = 0; k < lo.n; k++) {
			const struct layout_line *ll = &lo.lines[k];
			struct info_line *ln;

			/* Continuation lines stand in a little further. */
			push(in, NULL, e[i].text + ll->off, ll->len,
			     k ? 2 : 0, COLOR_ELEM_text);
			ln = &in->lines[in->n - 1];
			ln->entry = (long)i;
			ln->markattr = e[i].attr;
			if (ll->off < e[i].termlen)
				ln->mark = e[i].termlen - ll->off < ll->len ?
				           e[i].termlen - ll->off : ll->len;
		}
	}
	layout_free(&lo);
	ui_xref_entries_free(e, n);
	in->cur = n ? 0 : -1;
}

/* One field: the value beside its label when it fits there (or when
 * there is room enough to wrap it there); otherwise the label on a line of
 * its own and the value wrapped under it, so that a long file name is not
 * chopped into a narrow column. */
static void add_field(struct ui *ui, struct info *in, int width,
                      const char *label, const char *value)
{
	struct layout lo = {0};
	size_t len;
	char *conv = ui_display_text(ui, value, strlen(value), &len);
	const char *s = conv ? conv : value;
	int indent = in->labelw;
	int room = width - indent;

	if (!conv)
		len = strlen(value);
	if (room < 8 || (room < 24 && layout_width(s, len) > room)) {
		push(in, label, "", 0, 0, COLOR_ELEM_text);
		indent = 2;
		label = NULL;
	}
	layout_wrap(&lo, s, len, width - indent > 1 ? width - indent : 1);
	for (size_t i = 0; i < lo.n; i++)
		push(in, i == 0 ? label : NULL, s + lo.lines[i].off,
		     lo.lines[i].len, indent, COLOR_ELEM_text);
	if (lo.n == 0 && label)
		push(in, label, "", 0, indent, COLOR_ELEM_text);
	layout_free(&lo);
	free(conv);
}

static const char *language_name(const char *lang)
{
	if (strcmp(lang, "da") == 0)
		return "Danish (da)";
	if (strcmp(lang, "en") == 0)
		return "English (en)";
	return "unknown";
}

static void build(struct ui *ui, struct view *v)
{
	struct info *in = v->priv;
	int width = v->w - 2; /* a column of margin on each side */
	char buf[64];

	clear_lines(in);
	in->top = 0;
	free(in->terms);
	in->terms = NULL;
	in->nterms = 0;
	in->cur = -1;
	if (ui->c->n == 0 || width < 4)
		return;
	const struct article *a = &ui->c->articles[ui->sel];

	in->labelw = LABEL_W;
	add_field(ui, in, width, "Source",
	          article_outlet(a) ? article_outlet(a) : a->source);
	add_field(ui, in, width, "Date", *a->date ? a->date : "unknown");
	add_field(ui, in, width, "Language", language_name(a->lang));
	add_field(ui, in, width, "File", a->file);
	snprintf(buf, sizeof(buf), "%zu", a->words);
	add_field(ui, in, width, "Words", buf);
	add_field(ui, in, width, "Encoding", text_encoding_name(a->enc));
	if (a->url && *a->url)
		add_field(ui, in, width, "URL", a->url);
	push(in, NULL, "", 0, 0, COLOR_ELEM_text);
	add_xrefs(ui, in, width);
}

static void info_open(struct ui *ui, struct view *v)
{
	v->priv = util_xcalloc(1, sizeof(struct info));
}

static void info_resize(struct ui *ui, struct view *v)
{
	build(ui, v);
}

static void info_select(struct ui *ui, struct view *v)
{
	if (v->win) {
		build(ui, v);
		v->dirty = true;
	}
}

static void info_draw(struct ui *ui, struct view *v)
{
	struct info *in = v->priv;
	int h = ui_pane_rows(v), width = v->w - 2;

	werase(v->win);
	if (v->h < 1)
		return;
	ui_draw_header(ui, v->win, 0, "Info", ui->focus == PANE_INFO);
	for (int y = 0; y < h && in->top + (size_t)y < in->n; y++) {
		const struct info_line *ln = &in->lines[in->top + (size_t)y];
		bool sel = ln->entry >= 0 && ln->entry == in->cur &&
		           ui->focus == PANE_INFO;

		if (ln->entry >= 0) {
			attr_t base = ui->attr[sel ? COLOR_ELEM_list_selected :
			                             ln->elem];
			int x = 1 + ln->indent;

			if (sel)
				ui_draw_fill(v->win, y + 1, 0, v->w, base);
			x += ui_draw_text(v->win, y + 1, x, width - ln->indent,
			                  ln->text, ln->mark,
			                  sel ? base : ln->markattr);
			ui_draw_text(v->win, y + 1, x, 1 + width - x,
			             ln->text + ln->mark,
			             strlen(ln->text) - ln->mark, base);
			continue;
		}
		if (ln->label)
			ui_draw_str(ui, v->win, y + 1, 1, in->labelw - 1,
			            ln->label, ui->attr[COLOR_ELEM_info_label]);
		ui_draw_text(v->win, y + 1, 1 + ln->indent, width - ln->indent,
		             ln->text, strlen(ln->text), ui->attr[ln->elem]);
	}
}

/* Scrolls so that entry cur is in sight (the whole pane from the top
 * when it fits there, so the fields stay visible). */
static void show_entry(struct info *in, long h)
{
	long first = -1, last = -1;

	for (size_t i = 0; i < in->n; i++)
		if (in->lines[i].entry == in->cur) {
			if (first < 0)
				first = (long)i;
			last = (long)i;
		}
	if (first < 0)
		return;
	if (last < h)
		in->top = 0;
	else if (first < (long)in->top)
		in->top = (size_t)first;
	else if (last >= (long)in->top + h)
		in->top = (size_t)(last - h + 1);
}

long view_info_term(struct ui *ui)
{
	const struct info *in = ui->views[PANE_INFO].priv;

	if (!in || in->cur < 0 || (size_t)in->cur >= in->nterms)
		return -1;
	return (long)in->terms[in->cur];
}

long view_info_term_at(const struct ui *ui, size_t *k, size_t *n)
{
	const struct info *in = ui->views[PANE_INFO].priv;

	if (!in || in->cur < 0 || (size_t)in->cur >= in->nterms)
		return -1;
	*k = (size_t)in->cur + 1;
	*n = in->nterms;
	return (long)in->terms[in->cur];
}

/* With cross-references listed, keys move the selection among them and
 * Enter opens the chooser of the selected one. */
static bool entry_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct info *in = v->priv;
	long h = ui_pane_rows(v), cur = in->cur, n = (long)in->nterms;
	long page = h > 2 ? h / 2 : 1;

	switch (act) {
	case ACT_open:
		ui_request(ui, &(struct ui_request){.kind = UI_REQ_CHOOSE,
		                                    .art = ui->sel,
		                                    .term = in->terms[in->cur]});
		return true;
	default:
		if (!ui_move_key(act, page, page, n - 1, &cur))
			return false;
	}
	in->cur = cur < 0 ? 0 : cur >= n ? n - 1 : cur;
	show_entry(in, h);
	v->dirty = true;
	return true;
}

static bool info_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct info *in = v->priv;

	if (in->nterms && in->cur >= 0)
		return entry_key(ui, v, act);
	if (!ui_scroll_key(&in->top, in->n, ui_pane_rows(v), act))
		return false;
	v->dirty = true;
	return true;
}

static void info_mouse(struct ui *ui, struct view *v, int y, int x, int wheel,
                       int clicks)
{
	if (wheel)
		info_key(ui, v, wheel > 0 ? ACT_move_down : ACT_move_up);
}

static void info_done(struct ui *ui, struct view *v)
{
	struct info *in = v->priv;

	clear_lines(in);
	free(in->lines);
	free(in->terms);
	free(in);
	v->priv = NULL;
}

static void info_xrefs(struct ui *ui, struct view *v)
{
	build(ui, v);
	v->dirty = true;
}

const struct view_ops view_info_ops = {
	.name = "Info",
	.scope = SCOPE_GLOBAL,
	.open = info_open,
	.resize = info_resize,
	.select = info_select,
	.draw = info_draw,
	.key = info_key,
	.mouse = info_mouse,
	.done = info_done,
	.xrefs = info_xrefs,
};
