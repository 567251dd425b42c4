/* view_info.c - the info pane: what is known about the selected article
 * (source, date, language, file, words, encoding), where what it says was
 * seen first (its provenance: the passages it repeats from earlier
 * sources, the terms it had first), and, in its own section, the
 * cross-references it shares. Values are wrapped under their label
 * when the pane is narrow; the lines are prepared on select and resize. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/provenance.h"
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
	/* Selectable lines: the entry (index into ents) or -1, and the
	 * first mark bytes of text (a term) drawn in markattr. */
	long entry;
	size_t mark;
	attr_t markattr;
};

/* What Enter does on a selectable line: the chooser of a term, or (a
 * provenance line) open the earlier article at the passage. */
struct info_ent {
	bool jump;
	uint32_t term; /* !jump */
	size_t art;    /* jump: the article and its occurrence, -1 the top */
	long occ;
};

struct info {
	struct info_line *lines;
	size_t n, cap;
	size_t top;
	int labelw;
	struct info_ent *ents; /* the provenance lines that jump, then the
	                          cross-referenced terms (owned) */
	size_t nents, entcap;
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

static long add_ent(struct info *in, struct info_ent e)
{
	util_grow((void **)&in->ents, &in->entcap, in->nents + 1,
	          sizeof(*in->ents));
	in->ents[in->nents] = e;
	return (long)in->nents++;
}

/* Text wrapped to the pane, the lines after the first indented; each line
 * is entry ent (-1: none). */
static void push_wrapped(struct ui *ui, struct info *in, int width,
                         const char *text, long ent, enum config_color elem)
{
	struct layout lo = {0};
	size_t len;
	char *conv = ui_display_text(ui, text, strlen(text), &len);
	const char *s = conv ? conv : text;

	if (!conv)
		len = strlen(text);
	layout_wrap(&lo, s, len, width - 4 > 1 ? width - 4 : 1);
	for (size_t k = 0; k < lo.n; k++) {
		push(in, NULL, s + lo.lines[k].off, lo.lines[k].len,
		     k ? 4 : 2, elem);
		in->lines[in->n - 1].entry = ent;
	}
	layout_free(&lo);
	free(conv);
}

/* Terms a lead line lists before "+N more". */
enum { LEAD_TERMS = 12 };

/* The terms of leads[from, to) after a prefix: "first to report: A, B". */
static void push_leads(struct ui *ui, struct info *in, int width,
                       const char *prefix, const struct provenance_lead *l,
                       size_t nl, long ent)
{
	const struct xref_index *ix = ui_xref_index(ui);
	struct strbuf sb = {0};

	sb_puts(&sb, prefix);
	for (size_t k = 0; k < nl; k++) {
		if (k == LEAD_TERMS) {
			sb_printf(&sb, " +%zu more", nl - k);
			break;
		}
		sb_printf(&sb, "%s%s", k ? ", " : "",
		          xref_get(ix, l[k].term)->display);
	}
	push_wrapped(ui, in, width, sb.s, ent, COLOR_ELEM_text);
	sb_free(&sb);
}

/* Where what the article says was seen first: one line per earlier
 * source it repeats passages of (Enter goes there, at the passage), the
 * names and numbers it had first, alone or tied with another source, or
 * why nothing can be said (undated). */
static void add_provenance(struct ui *ui, struct info *in, int width)
{
	char nb[64]; /* a name ui_xref_source may write */
	const struct provenance_index *p = ui_xref_provenance(ui);
	const struct article *a = &ui->c->articles[ui->sel];
	const struct provenance_repeat *r;
	const struct provenance_lead *l;
	size_t nr, nl, shown = 0;

	if (!p)
		return;
	push(in, NULL, "Provenance", 10, 0, COLOR_ELEM_heading);
	r = provenance_index_repeats(p, ui->sel, &nr);
	l = provenance_index_leads(p, ui->sel, &nl);
	if (!*a->date) {
		push_wrapped(ui, in, width,
		             "undated: first seen unknown",
		             -1, COLOR_ELEM_list_read);
		shown++;
	}
	for (size_t i = 0; i < nr; i++) {
		const struct article *f = &ui->c->articles[r[i].from];
		char *s = util_xasprintf(
		    "repeats %u passage%s first seen in %s, %s", r[i].passages,
		    r[i].passages == 1 ? "" : "s", ui_xref_source(ui, r[i].from, nb, sizeof(nb)),
		    f->date);

		push_wrapped(ui, in, width, s,
		             add_ent(in, (struct info_ent){
		                 .jump = true, .art = r[i].from,
		                 .occ = (long)r[i].occ}),
		             COLOR_ELEM_text);
		free(s);
		shown++;
	}
	for (size_t i = 0, j; i < nl; i = j) {
		uint32_t with = l[i].with;

		for (j = i; j < nl && l[j].with == with; j++)
			;
		if (with == PROVENANCE_ALONE) {
			push_leads(ui, in, width, "first to report: ", l + i,
			           j - i, -1);
		} else {
			char *pre = util_xasprintf("first, with %s: ",
			                           ui_xref_source(ui, with, nb, sizeof(nb)));
			const struct xref_index *ix = ui_xref_index(ui);

			/* Enter goes to the other first source, at the
			 * first of the terms they share. */
			push_leads(ui, in, width, pre, l + i, j - i,
			           add_ent(in, (struct info_ent){
			               .jump = true, .art = with,
			               .occ = (long)xref_first_occ(
			                   ix, with, l[i].term)}));
			free(pre);
		}
		shown++;
	}
	if (!shown)
		push_wrapped(ui, in, width, "nothing in it was seen earlier",
		             -1, COLOR_ELEM_list_read);
	push(in, NULL, "", 0, 0, COLOR_ELEM_text);
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
	/* Enter opens the chooser of the first term, as before there were
	 * provenance lines above it. */
	if (n)
		in->cur = (long)in->nents;
	for (size_t i = 0; i < n; i++) {
		long ent = add_ent(in, (struct info_ent){.term = e[i].term});

		layout_wrap(&lo, e[i].text, strlen(e[i].text),
		            width - 2 > 1 ? width - 2 : 1);
		for (size_t k = 0; k < lo.n; k++) {
			const struct layout_line *ll = &lo.lines[k];
			struct info_line *ln;

			/* Continuation lines stand in a little further. */
			push(in, NULL, e[i].text + ll->off, ll->len,
			     k ? 2 : 0, COLOR_ELEM_text);
			ln = &in->lines[in->n - 1];
			ln->entry = ent;
			ln->markattr = e[i].attr;
			if (ll->off < e[i].termlen)
				ln->mark = e[i].termlen - ll->off < ll->len ?
				           e[i].termlen - ll->off : ll->len;
		}
	}
	layout_free(&lo);
	ui_xref_entries_free(e, n);
	if (in->cur < 0 && in->nents)
		in->cur = 0;
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
	in->nents = 0;
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
	add_provenance(ui, in, width);
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

	if (!in || in->cur < 0 || (size_t)in->cur >= in->nents ||
	    in->ents[in->cur].jump)
		return -1;
	return (long)in->ents[in->cur].term;
}

long view_info_term_at(const struct ui *ui, size_t *k, size_t *n)
{
	const struct info *in = ui->views[PANE_INFO].priv;

	size_t jumps = 0;

	if (!in || in->cur < 0 || (size_t)in->cur >= in->nents ||
	    in->ents[in->cur].jump)
		return -1;
	/* The provenance lines come first; the count is of the terms. */
	while (jumps < in->nents && in->ents[jumps].jump)
		jumps++;
	*k = (size_t)in->cur - jumps + 1;
	*n = in->nents - jumps;
	return (long)in->ents[in->cur].term;
}

/* With cross-references listed, keys move the selection among them and
 * Enter opens the chooser of the selected one. */
static bool entry_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct info *in = v->priv;
	long h = ui_pane_rows(v), cur = in->cur, n = (long)in->nents;
	long page = h > 2 ? h / 2 : 1;
	const struct info_ent *e = &in->ents[in->cur];

	switch (act) {
	case ACT_open:
		/* A provenance line: the earlier article, at the passage, as
		 * a jump that Backspace comes back from. */
		if (e->jump)
			ui_request(ui, &(struct ui_request){
			    .kind = UI_REQ_GOTO, .art = e->art, .occ = e->occ});
		else
			ui_request(ui, &(struct ui_request){
			    .kind = UI_REQ_CHOOSE, .art = ui->sel,
			    .term = e->term});
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

	if (in->nents && in->cur >= 0)
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
	free(in->ents);
	free(in);
	v->priv = NULL;
}

/* The index, or the stories and provenance made from it, came in while
 * the article stays: what was selected stays selected (keys may already
 * have moved among the entries when the provenance lines arrive). */
static void info_xrefs(struct ui *ui, struct view *v)
{
	struct info *in = v->priv;
	bool had = in->cur >= 0 && (size_t)in->cur < in->nents;
	struct info_ent was = had ? in->ents[in->cur] : (struct info_ent){0};

	build(ui, v);
	for (size_t i = 0; had && i < in->nents; i++) {
		const struct info_ent *e = &in->ents[i];
		if (e->jump == was.jump &&
		    (e->jump ? e->art == was.art && e->occ == was.occ :
		               e->term == was.term)) {
			in->cur = (long)i;
			show_entry(in, ui_pane_rows(v));
			break;
		}
	}
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
