/* ui_search.c - search in the open article, and the hooks that join the
 * issue-4 features to ui.c: the raw keys they take before the keymap, the
 * actions they handle, the full-screen views (KWIC, compare) laid over the
 * panes, and the status bar text.
 *
 * Searching: / (forward) and ? (backward) open the prompt; every change of
 * its text searches the reader's text again (search.h: case and Danish
 * diacritics folded unless exact matching is on) from where the reader
 * was, highlights every match and scrolls to the first one after that
 * place. Enter keeps the search (n/N step it, the status bar counts
 * "match 3/11"), Esc returns to where the reader was. Esc later, in the
 * reader, removes the highlights. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_load.h"
#include "kilde/ui_search.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"

static struct view *reader(struct ui *ui)
{
	return &ui->views[PANE_READER];
}

/* ---- matches -------------------------------------------------------- */

static int cmp_match(const void *a, const void *b)
{
	const struct search_match *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	/* The longer first, so that it wins an overlap. */
	return x->len > y->len ? -1 : x->len < y->len;
}

static void free_matches(struct ui_find *f)
{
	f->gen++; /* the merged highlights are stale */
	free(f->m);
	f->m = NULL;
	f->nm = 0;
	f->cur = -1;
}

/* Display bytes of n bytes of article text (a terminal that is not UTF-8
 * shows a transliteration, whose lengths differ). */
static size_t shown_len(const struct ui *ui, const char *s, size_t n)
{
	size_t out = n;
	char *conv = n ? ui_display_text(ui, s, n, &out) : NULL;

	free(conv);
	return conv ? out : n;
}

/* Matches found in the article's own text, moved to the offsets of its
 * transliteration: matching must see "ø", not the "oe" shown for it.
 * Matches start and end on character boundaries, and transliteration goes
 * character by character, so the pieces add up. */
static void map_to_shown(const struct ui *ui, struct ui_find *f,
                         const char *src)
{
	size_t pos = 0, shown = 0;

	for (size_t i = 0; i < f->nm; i++) {
		size_t off = f->m[i].off, len = f->m[i].len;

		shown += shown_len(ui, src + pos, off - pos);
		f->m[i].off = shown;
		f->m[i].len = shown_len(ui, src + off, len);
		shown += f->m[i].len;
		pos = off + len;
	}
}

/* Matches of every pattern in the reader's text, sorted, overlaps
 * dropped (the earlier, then longer, one stays). */
static void compute(struct ui *ui)
{
	struct ui_find *f = ui->find;
	long art;
	size_t len, alen;
	const char *text = view_reader_text(reader(ui), &art, &len), *atext;
	bool shown_differs;

	free_matches(f);
	f->art = art;
	if (art < 0 || !f->npats)
		return;
	atext = ui_article_text(ui, (size_t)art, &alen);
	shown_differs = text != atext;
	if (shown_differs) {
		text = atext;
		len = alen;
	}
	if (f->fold_art != art || f->fold_mode != f->mode || !f->fold.s) {
		search_folded_free(&f->fold);
		search_fold(text, len, f->mode, true, &f->fold);
		f->fold_art = art;
		f->fold_mode = f->mode;
	}
	for (size_t i = 0; i < f->npats; i++) {
		struct search_pattern pat;
		struct search_match *m = NULL;
		size_t n;

		if (search_compile(&pat, f->pats[i], f->mode) < 0) {
			search_pattern_free(&pat);
			continue;
		}
		n = search_find_folded(&pat, &f->fold, &m);
		search_pattern_free(&pat);
		if (!n)
			continue;
		f->m = util_xrealloc(f->m, (f->nm + n) * sizeof(*f->m));
		memcpy(f->m + f->nm, m, n * sizeof(*m));
		f->nm += n;
		free(m);
	}
	if (f->npats > 1 && f->nm > 1) {
		size_t k = 0;

		qsort(f->m, f->nm, sizeof(*f->m), cmp_match);
		for (size_t i = 0; i < f->nm; i++)
			if (!k || f->m[i].off >= f->m[k - 1].off + f->m[k - 1].len)
				f->m[k++] = f->m[i];
		f->nm = k;
	}
	if (shown_differs)
		map_to_shown(ui, f, text);
}

/* The first match at or after off (forward), or the last one before it;
 * going round the end if there is none. */
static long match_from(const struct ui_find *f, size_t off, bool forward)
{
	if (!f->nm)
		return -1;
	if (forward) {
		for (size_t i = 0; i < f->nm; i++)
			if (f->m[i].off >= off)
				return (long)i;
		return 0;
	}
	for (size_t i = f->nm; i-- > 0;)
		if (f->m[i].off < off)
			return (long)i;
	return (long)f->nm - 1;
}

static void show_current(struct ui *ui)
{
	struct ui_find *f = ui->find;

	if (f->cur >= 0)
		view_reader_show_off(ui, reader(ui), f->m[f->cur].off, false);
	reader(ui)->dirty = true;
	ui->bars_dirty = true;
}

static void set_patterns(struct ui_find *f, const char *const *pats, size_t n)
{
	for (size_t i = 0; i < f->npats; i++)
		free(f->pats[i]);
	free(f->pats);
	f->pats = n ? util_xcalloc(n, sizeof(*f->pats)) : NULL;
	for (size_t i = 0; i < n; i++)
		f->pats[i] = util_xstrdup(pats[i]);
	f->npats = n;
}

/* ---- the prompt's search -------------------------------------------- */

static void start_search(struct ui *ui, bool forward)
{
	struct ui_find *f = ui->find;

	if (ui->c->n == 0 || !reader(ui)->win) {
		ui_report(ui, true, "No article to search");
		return;
	}
	ui_focus(ui, PANE_READER);
	f->forward = forward;
	f->saved_top = view_reader_top_off(reader(ui));
	f->active = false;
	set_patterns(f, NULL, 0);
	free_matches(f);
	reader(ui)->dirty = true;
	ui_prompt_open(ui, UI_PROMPT_SEARCH, forward ? "/" : "?",
	               "Enter keeps, Esc goes back", "");
}

void ui_search_changed(struct ui *ui)
{
	struct ui_find *f = ui->find;
	const char *text = f->pr.buf ? f->pr.buf : "";

	set_patterns(f, &text, *text ? 1 : 0);
	compute(ui);
	/* Always from where the reader was when the search began. */
	view_reader_show_off(ui, reader(ui), f->saved_top, true);
	f->cur = match_from(f, f->saved_top, f->forward);
	show_current(ui);
}

void ui_search_accept(struct ui *ui)
{
	struct ui_find *f = ui->find;

	if (!f->npats) {
		ui_search_cancel(ui);
		return;
	}
	f->active = true;
	if (!f->nm)
		ui_report(ui, true, "Not found: %s", f->pats[0]);
	show_current(ui);
}

void ui_search_clear(struct ui *ui)
{
	struct ui_find *f = ui->find;

	f->active = false;
	set_patterns(f, NULL, 0);
	free_matches(f);
	reader(ui)->dirty = true;
	ui->bars_dirty = true;
}

void ui_search_cancel(struct ui *ui)
{
	ui_search_clear(ui);
	view_reader_show_off(ui, reader(ui), ui->find->saved_top, true);
}

void ui_search_activate(struct ui *ui, const char *const *pats, size_t n,
                        size_t off)
{
	struct ui_find *f = ui->find;

	long art;
	size_t len;
	const char *text = view_reader_text(reader(ui), &art, &len);

	set_patterns(f, pats, n);
	f->forward = true;
	f->active = true;
	compute(ui);
	/* off is in the article's text; the matches are where they show. */
	if (art >= 0) {
		const char *atext = ui_article_text(ui, (size_t)art, NULL);

		if (text != atext)
			off = shown_len(ui, atext, off);
	}
	f->cur = match_from(f, off, true);
	show_current(ui);
}

bool ui_search_step(struct ui *ui, bool forward)
{
	struct ui_find *f = ui->find;
	long art, next;
	size_t len;

	if (!f->active || ui->focus != PANE_READER)
		return false;
	view_reader_text(reader(ui), &art, &len);
	if (art != f->art) {
		/* Another article is open: the same search, from its top. */
		compute(ui);
		f->cur = -1;
	}
	if (!f->nm) {
		ui_report(ui, true, "Not found: %s", f->npats ? f->pats[0] : "");
		return true;
	}
	forward = forward == f->forward;
	if (f->cur < 0)
		next = match_from(f, view_reader_top_off(reader(ui)), forward);
	else
		next = f->cur + (forward ? 1 : -1);
	if (next >= (long)f->nm) {
		next = 0;
		ui_report(ui, false, "Search went round to the top");
	} else if (next < 0) {
		next = (long)f->nm - 1;
		ui_report(ui, false, "Search went round to the bottom");
	}
	f->cur = next;
	show_current(ui);
	return true;
}

void ui_search_toggle_exact(struct ui *ui)
{
	struct ui_find *f = ui->find;

	f->mode = f->mode == SEARCH_MODE_EXACT ? SEARCH_MODE_DEFAULT :
	                                         SEARCH_MODE_EXACT;
	if (f->kind == UI_PROMPT_SEARCH)
		ui_search_changed(ui);
	else if (f->active) {
		size_t off = f->cur >= 0 ? f->m[f->cur].off :
		             view_reader_top_off(reader(ui));

		compute(ui);
		f->cur = match_from(f, off, true);
		show_current(ui);
	}
	if (f->kind == UI_PROMPT_NONE)
		ui_report(ui, false, "%s", f->mode == SEARCH_MODE_EXACT ?
		          "Exact matching: accents and æ ø å as written" :
		          "Folded matching: case and Danish letters ignored");
	ui->bars_dirty = true;
}

static int cmp_span(const void *a, const void *b)
{
	const struct ui_span *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

const struct ui_span *ui_find_spans(struct ui *ui, long art,
                                    const struct ui_span *base, size_t nbase,
                                    size_t *n)
{
	struct ui_find *f = ui->find;
	size_t k = 0, mi = 0;

	*n = nbase;
	if (!f || f->art != art || !f->nm ||
	    !(f->active || f->kind == UI_PROMPT_SEARCH))
		return base;
	/* Scrolling redraws with the same highlights: merge once. The base
	 * list may change in place (a current cross-reference), so it is
	 * compared by a hash of its contents, far cheaper than merging. */
	uint64_t h = 1469598103934665603u;

	for (size_t j = 0; j < nbase; j++) {
		h = (h ^ base[j].off) * 1099511628211u;
		h = (h ^ base[j].len) * 1099511628211u;
		h = (h ^ (uint64_t)base[j].attr) * 1099511628211u;
	}
	h = (h ^ nbase) * 1099511628211u;
	if (f->spans_gen == f->gen && f->spans_base == h &&
	    f->spans_cur == f->cur && f->spans) {
		*n = f->nspans;
		return f->spans;
	}
	/* The other highlights, cut where a match lies over them, then the
	 * matches, in offset order. Pieces: at most one per base span plus
	 * one per match start. */
	util_grow((void **)&f->spans, &f->spancap, nbase + 2 * f->nm + 1,
	          sizeof(*f->spans));
	for (size_t j = 0; j < nbase; j++) {
		size_t b0 = base[j].off, b1 = b0 + base[j].len, pos = b0;

		while (mi < f->nm && f->m[mi].off + f->m[mi].len <= b0)
			mi++;
		for (size_t i = mi; i < f->nm && f->m[i].off < b1; i++) {
			size_t e = f->m[i].off + f->m[i].len;

			if (f->m[i].off > pos)
				f->spans[k++] = (struct ui_span){
					pos, f->m[i].off - pos, base[j].attr};
			if (e > pos)
				pos = e;
		}
		if (pos < b1)
			f->spans[k++] = (struct ui_span){pos, b1 - pos,
			                                 base[j].attr};
	}
	for (size_t i = 0; i < f->nm; i++)
		f->spans[k++] = (struct ui_span){
			f->m[i].off, f->m[i].len,
			ui->attr[(long)i == f->cur ? COLOR_ELEM_search_current :
			                             COLOR_ELEM_search_match]};
	qsort(f->spans, k, sizeof(*f->spans), cmp_span);
	f->nspans = *n = k;
	f->spans_gen = f->gen;
	f->spans_base = h;
	f->spans_cur = f->cur;
	return f->spans;
}

/* ---- full-screen views ------------------------------------------------ */

static void place_full(struct ui *ui)
{
	struct ui_find *f = ui->find;
	struct view *v = f->full;

	if (!v)
		return;
	if (v->win)
		delwin(v->win);
	v->win = NULL;
	if (ui->too_small || f->avail < 1 || COLS < 1)
		return;
	ui_view_place(v, f->top, 0, f->avail, COLS);
	if (v->ops->resize)
		v->ops->resize(ui, v);
	v->dirty = true;
}

void ui_full_show(struct ui *ui, struct view *v)
{
	struct ui_find *f = ui->find;

	if (f->full && f->full != v)
		ui_full_close(ui);
	f->full = v;
	place_full(ui);
	ui_dirty_all(ui);
}

void ui_full_close(struct ui *ui)
{
	struct ui_find *f = ui->find;
	struct view *v = f->full;

	if (!v)
		return;
	if (v->win)
		delwin(v->win);
	v->win = NULL;
	f->full = NULL;
	/* The comparison is made for one look; the concordance is kept so
	 * that find with an empty pattern shows it again. */
	if (v == &f->cmp && v->ops && v->ops->done) {
		v->ops->done(ui, v);
		v->ops = NULL;
	}
	ui_dirty_all(ui);
}

/* ---- hooks ------------------------------------------------------------ */

void ui_find_init(struct ui *ui)
{
	struct ui_find *f = util_xcalloc(1, sizeof(*f));

	f->mode = ui->cfg->search_exact ? SEARCH_MODE_EXACT :
	                                  SEARCH_MODE_DEFAULT;
	f->art = -1;
	f->cur = -1;
	f->fold_art = -1;
	f->compare_first = -1;
	ui->find = f;
	ui_list_init(ui);
}

void ui_find_done(struct ui *ui)
{
	struct ui_find *f = ui->find;

	if (!f)
		return;
	ui_full_close(ui);
	if (f->kwic.ops && f->kwic.ops->done)
		f->kwic.ops->done(ui, &f->kwic);
	ui_list_done(ui);
	set_patterns(f, NULL, 0);
	free_matches(f);
	free(f->spans);
	search_folded_free(&f->fold);
	prompt_free(&f->pr);
	free(f);
	ui->find = NULL;
}

bool ui_find_key(struct ui *ui, int key)
{
	struct ui_find *f = ui->find;
	enum keys_action act;

	if (f->kind != UI_PROMPT_NONE)
		return ui_prompt_key(ui, key);
	if (ui->help_open || ui->overlay)
		return false;
	if (key == KEY_K_ESC) {
		if (f->compare_first >= 0) {
			f->compare_first = -1;
			ui_report(ui, false, "Comparison cancelled");
			return true;
		}
		if (f->full) {
			ui_full_close(ui);
			return true;
		}
		if (f->active && ui->focus == PANE_READER) {
			ui_search_clear(ui);
			return true;
		}
		return false;
	}
	if (!f->full)
		return false;
	act = keys_lookup(&ui->cfg->keymap, f->full->ops->scope, key);
	switch (act) {
	case ACT_NONE: case ACT_help: case ACT_quit_now: case ACT_redraw:
	case ACT_toggle_info:
		return false; /* ui.c's own */
	case ACT_quit: case ACT_back:
		ui_full_close(ui);
		return true;
	default:
		break;
	}
	if (f->full->ops->key && f->full->ops->key(ui, f->full, act))
		return true;
	switch (act) {
	case ACT_find: case ACT_toggle_exact:
		ui_find_action(ui, act);
		break;
	default:
		break; /* nothing under the full-screen view acts */
	}
	return true;
}

/* The concordance of what the reader searches for: all its patterns (the
 * variants of a term when the search came from one). */
/* Where else does a cross-reference occur: the concordance of all the
 * surface forms the index found for it, in every language. */
static void where_else_term(struct ui *ui, uint32_t term)
{
	const struct xref_term *t = xref_get(ui_xref_index(ui), term);
	char *forms = util_xstrdup(t->forms);
	const char **v = util_xcalloc(strlen(forms) + 2, sizeof(*v));
	size_t n = 0;

	v[n++] = t->display;
	for (char *s = forms, *bar; s; s = bar ? bar + 1 : NULL) {
		bar = strchr(s, '|');
		if (bar)
			*bar = '\0';
		if (*s)
			v[n++] = s;
	}
	ui_kwic_open_terms(ui, v, n, t->display);
	free(v);
	free(forms);
}

static void where_else(struct ui *ui)
{
	struct ui_find *f = ui->find;
	struct strbuf title = {0};
	long term;

	/* Every article's text is searched. A corpus replaced meanwhile
	 * has another index and no search: nothing to look for any more. */
	if (ui_load_wait(ui))
		return;
	term = ui_xref_focused_term(ui);

	/* A term selected in the info pane, or the reader's current
	 * cross-reference when no search is active, comes first. */
	if (term >= 0 && (ui->focus == PANE_INFO || !f->active)) {
		where_else_term(ui, (uint32_t)term);
		return;
	}
	if (!f->active || !f->npats) {
		ui_report(ui, true, "Nothing to look for: search with / first");
		return;
	}
	for (size_t i = 0; i < f->npats; i++)
		sb_printf(&title, "%s%s", i ? " | " : "", f->pats[i]);
	ui_kwic_open_terms(ui, (const char *const *)f->pats, f->npats,
	                   title.s);
	sb_free(&title);
}

bool ui_find_action(struct ui *ui, enum keys_action act)
{
	struct ui_find *f = ui->find;

	switch (act) {
	case ACT_search_forward:
	case ACT_search_backward:
		start_search(ui, act == ACT_search_forward);
		return true;
	case ACT_xref_next:
	case ACT_xref_prev:
		return ui_search_step(ui, act == ACT_xref_next);
	case ACT_toggle_exact:
		ui_search_toggle_exact(ui);
		return true;
	case ACT_find:
		ui_prompt_open(ui, UI_PROMPT_FIND, "find: ",
		               f->kwic.ops ? "all articles; empty: last results" :
		                             "all articles; \"...\" a phrase",
		               "");
		return true;
	case ACT_filter: {
		char *cur = filter_describe(&f->filter);

		ui_prompt_open(ui, UI_PROMPT_FILTER, "filter: ",
		               "lang:da source:X date:2018..2019 mentions:X", cur);
		free(cur);
		return true;
	}
	case ACT_sort:
		if (ui->focus != PANE_LIST)
			return false;
		ui_list_cycle_sort(ui);
		return true;
	case ACT_bookmark:
		ui_list_toggle_bookmark(ui);
		return true;
	case ACT_compare:
		if (ui->c->n < 2) {
			ui_report(ui, true, "Comparing needs two articles");
			return true;
		}
		f->compare_first = (long)ui->sel;
		ui_focus(ui, PANE_LIST);
		ui_report(ui, false, "Compare with: choose an article, Enter "
		          "(Esc cancels)");
		return true;
	case ACT_open:
		if (f->compare_first < 0 || ui->focus != PANE_LIST)
			return false;
		if ((size_t)f->compare_first == ui->sel) {
			ui_report(ui, true, "Choose another article to compare "
			          "with (Esc cancels)");
			return true;
		}
		/* The comparison waits for the texts like the other work
		 * over articles; a replaced corpus cancelled it. */
		if (ui_load_wait(ui))
			return true;
		ui_compare_open(ui, (size_t)f->compare_first, ui->sel);
		f->compare_first = -1;
		return true;
	case ACT_pipe:
		if (ui->c->n)
			ui_prompt_open(ui, UI_PROMPT_PIPE, "| ",
			               "the article's text is the input", "");
		return true;
	case ACT_edit:
		ui_shell_open_file(ui, "EDITOR", "vi");
		return true;
	case ACT_pager:
		ui_shell_open_file(ui, "PAGER", "less");
		return true;
	case ACT_yank:
		ui_shell_yank(ui);
		return true;
	case ACT_where_else:
		where_else(ui);
		return true;
	default:
		return false;
	}
}

void ui_find_layout(struct ui *ui, int top, int avail)
{
	struct ui_find *f = ui->find;

	if (!f)
		return;
	f->top = top;
	f->avail = avail;
	if (avail > 0)
		place_full(ui);
	else if (f->full && f->full->win) {
		delwin(f->full->win);
		f->full->win = NULL;
	}
}

void ui_find_corpus_changed(struct ui *ui)
{
	struct ui_find *f = ui->find;

	if (!f)
		return;
	if (f->kind == UI_PROMPT_SEARCH)
		ui_prompt_close(ui);
	f->compare_first = -1;
	ui_full_close(ui);
	if (f->kwic.ops && f->kwic.ops->done)
		f->kwic.ops->done(ui, &f->kwic);
	f->kwic.ops = NULL;
	ui_search_clear(ui);
	f->art = -1;
	search_folded_free(&f->fold);
	f->fold_art = -1;
}

void ui_find_refresh(struct ui *ui)
{
	struct ui_find *f = ui->find;
	struct view *v = f->full;

	if (!v || !v->win || ui->too_small)
		return;
	v->ops->draw(ui, v);
	v->dirty = false;
	touchwin(v->win);
	wnoutrefresh(v->win);
}

bool ui_find_statusbar(struct ui *ui)
{
	struct ui_find *f = ui->find;
	struct view *v = f->full;
	WINDOW *w = ui->statusbar;
	attr_t a = ui->attr[COLOR_ELEM_status];
	char pos[256] = "";
	const char *hint = "Enter open  q close";

	if (f->kind != UI_PROMPT_NONE) {
		ui_prompt_draw(ui);
		return true;
	}
	if (!v)
		return false;
	ui_draw_fill(w, 0, 0, COLS, a);
	if (v->ops->position)
		v->ops->position(ui, v, pos, sizeof(pos));
	if (v == &f->cmp)
		hint = "Tab side  n next  q close";
	ui_draw_status(ui, w, pos, hint, a);
	return true;
}

void ui_find_status(struct ui *ui, char *buf, size_t n)
{
	struct ui_find *f = ui->find;
	size_t used = strlen(buf);
	char *desc;

#define ADD(...) \
	do { \
		if (used < n) { \
			int w_ = snprintf(buf + used, n - used, __VA_ARGS__); \
			used += w_ > 0 ? (size_t)w_ : 0; \
		} \
	} while (0)
	if (f->active && ui->focus == PANE_READER &&
	    f->art == (long)ui->sel) {
		if (f->nm)
			ADD("  match %ld/%zu", f->cur + 1, f->nm);
		else
			ADD("  no match");
	}
	if (f->mode == SEARCH_MODE_EXACT)
		ADD("  exact");
	desc = filter_describe(&f->filter);
	if (*desc)
		ADD("  filter: %s", desc);
	free(desc);
	if (f->sort != FILTER_SORT_FILE)
		ADD("  sort: %s", filter_sort_name(f->sort));
	if (used >= n && n)
		buf[n - 1] = '\0';
#undef ADD
}
