/* ui_search.c - search in the open article.
 * / (forward) and ? (backward) open the prompt; every change of
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
#include "kilde/util.h"

struct ui_search {
	unsigned mode;        /* SEARCH_MODE_DEFAULT or SEARCH_MODE_EXACT */
	bool active;          /* highlights shown, n/N step them */
	bool typing;          /* the search prompt is open */
	bool forward;         /* direction of / (true) or ? (false) */
	char **pats;          /* the patterns (several for a term's
	                         variants), owned */
	size_t npats;
	long art;             /* article the matches belong to, -1 none */
	struct search_match *m; /* matches in the reader's text, owned */
	size_t nm;
	long cur;             /* current match, -1 none */
	size_t saved_top;     /* where the reader was when / was pressed */
	struct ui_span *spans; /* highlights merged for drawing, owned */
	size_t nspans, spancap;
	/* What spans was merged from, so scrolling reuses it. */
	unsigned gen, spans_gen;
	uint64_t spans_base; /* hash of the base highlights */
	long spans_cur;
	struct search_folded fold; /* the reader's text folded (cache) */
	long fold_art;
	unsigned fold_mode;
};

/* Scrolls the reader (the loop does it once the key is handled). */
static void reader_off(struct ui *ui, size_t off, bool at_top)
{
	ui_request(ui, &(struct ui_request){.kind = UI_REQ_READER_OFF,
	                                    .off = off, .at_top = at_top});
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

static void free_matches(struct ui_search *f)
{
	f->gen++; /* the merged highlights are stale */
	free(f->m);
	f->m = NULL;
	f->nm = 0;
	f->cur = -1;
}

/* Matches found in the article's own text, moved to the offsets of its
 * transliteration: matching must see "ø", not the "oe" shown for it. */
static void map_to_shown(const struct ui *ui, struct ui_search *f,
                         const char *src)
{
	struct ui_display_map map = {.src = src};

	for (size_t i = 0; i < f->nm; i++)
		ui_display_map_range(ui, &map, &f->m[i].off, &f->m[i].len);
}

/* Matches of every pattern in the reader's text, sorted, overlaps
 * dropped (the earlier, then longer, one stays). */
static void compute(struct ui *ui)
{
	struct ui_search *f = ui->sr;
	long art = ui->rd.art;
	size_t len = ui->rd.len, alen;
	const char *text = art < 0 ? "" : ui->rd.text, *atext;
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
static long match_from(const struct ui_search *f, size_t off, bool forward)
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
	struct ui_search *f = ui->sr;

	if (f->cur >= 0)
		reader_off(ui, f->m[f->cur].off, false);
	ui->views[PANE_READER].dirty = true;
	ui->bars_dirty = true;
}

static void set_patterns(struct ui_search *f, const char *const *pats, size_t n)
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

bool ui_search_start(struct ui *ui, bool forward)
{
	struct ui_search *f = ui->sr;

	if (ui->c->n == 0 || !ui->views[PANE_READER].win) {
		ui_report(ui, true, "No article to search");
		return false;
	}
	ui_focus(ui, PANE_READER);
	f->forward = forward;
	f->saved_top = ui->rd.top_off;
	f->active = false;
	f->typing = true;
	set_patterns(f, NULL, 0);
	free_matches(f);
	ui->views[PANE_READER].dirty = true;
	return true;
}

void ui_search_changed(struct ui *ui, const char *text)
{
	struct ui_search *f = ui->sr;

	set_patterns(f, &text, *text ? 1 : 0);
	compute(ui);
	/* Always from where the reader was when the search began. */
	reader_off(ui, f->saved_top, true);
	f->cur = match_from(f, f->saved_top, f->forward);
	show_current(ui);
}

void ui_search_accept(struct ui *ui)
{
	struct ui_search *f = ui->sr;

	f->typing = false;
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
	struct ui_search *f = ui->sr;

	f->active = false;
	f->typing = false;
	set_patterns(f, NULL, 0);
	free_matches(f);
	ui->views[PANE_READER].dirty = true;
	ui->bars_dirty = true;
}

void ui_search_cancel(struct ui *ui)
{
	ui_search_clear(ui);
	reader_off(ui, ui->sr->saved_top, true);
}

void ui_search_activate(struct ui *ui, const char *const *pats, size_t n,
                        size_t off)
{
	struct ui_search *f = ui->sr;

	long art = ui->rd.art;
	const char *text = art < 0 ? "" : ui->rd.text;

	set_patterns(f, pats, n);
	f->forward = true;
	f->active = true;
	compute(ui);
	/* off is in the article's text; the matches are where they show. */
	if (art >= 0) {
		const char *atext = ui_article_text(ui, (size_t)art, NULL);

		if (text != atext) {
			struct ui_display_map map = {.src = atext};
			size_t none = 0;

			ui_display_map_range(ui, &map, &off, &none);
		}
	}
	f->cur = match_from(f, off, true);
	show_current(ui);
}

bool ui_search_step(struct ui *ui, bool forward)
{
	struct ui_search *f = ui->sr;
	long art = ui->rd.art, next;

	if (!f->active || ui->focus != PANE_READER)
		return false;
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
	size_t top = ui->rd.top_off, end = ui->rd.end_off;

	/* As less: from the current match while it is on the screen, else
	 * from the screen (the person scrolled away from it). */
	if (f->cur < 0 || f->m[f->cur].off < top || f->m[f->cur].off >= end) {
		next = match_from(f, forward ? top : end, forward);
		/* match_from went round: none after the screen (or before). */
		if (forward && f->m[next].off < top)
			next = (long)f->nm;
		else if (!forward && f->m[next].off >= end)
			next = -1;
	} else {
		next = f->cur + (forward ? 1 : -1);
	}
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

void ui_search_toggle_exact(struct ui *ui, bool prompt_open,
                            const char *typing)
{
	struct ui_search *f = ui->sr;

	f->mode = f->mode == SEARCH_MODE_EXACT ? SEARCH_MODE_DEFAULT :
	                                         SEARCH_MODE_EXACT;
	if (typing)
		ui_search_changed(ui, typing);
	else if (f->active) {
		size_t off = f->cur >= 0 ? f->m[f->cur].off : ui->rd.top_off;

		compute(ui);
		f->cur = match_from(f, off, true);
		show_current(ui);
	}
	if (!prompt_open)
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

const struct ui_span *ui_search_spans(struct ui *ui, long art,
                                      const struct ui_span *base,
                                      size_t nbase, size_t *n)
{
	struct ui_search *f = ui->sr;
	size_t k = 0, mi = 0;

	*n = nbase;
	if (!f || f->art != art || !f->nm ||
	    !(f->active || f->typing))
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

/* ---- the part's life ------------------------------------------------- */

void ui_search_init(struct ui *ui)
{
	struct ui_search *f = util_xcalloc(1, sizeof(*f));

	f->mode = ui->cfg->search_exact ? SEARCH_MODE_EXACT :
	                                  SEARCH_MODE_DEFAULT;
	f->art = -1;
	f->cur = -1;
	f->fold_art = -1;
	ui->sr = f;
}

void ui_search_done(struct ui *ui)
{
	struct ui_search *f = ui->sr;

	if (!f)
		return;
	set_patterns(f, NULL, 0);
	free_matches(f);
	free(f->spans);
	search_folded_free(&f->fold);
	free(f);
	ui->sr = NULL;
}

/* The corpus is being replaced: the matches and the folded text point
 * into the old one. */
static void search_closing(struct ui *ui)
{
	struct ui_search *f = ui->sr;

	ui_search_clear(ui);
	f->art = -1;
	search_folded_free(&f->fold);
	f->fold_art = -1;
}

const struct ui_job_ops ui_search_job = {
	.name = "search",
	.closing = search_closing,
};

unsigned ui_search_mode(const struct ui *ui)
{
	return ui->sr->mode;
}

bool ui_search_active(const struct ui *ui)
{
	return ui->sr->active;
}

const char *const *ui_search_patterns(const struct ui *ui, size_t *n)
{
	*n = ui->sr->npats;
	return (const char *const *)ui->sr->pats;
}

bool ui_search_current_off(const struct ui *ui, size_t *off)
{
	const struct ui_search *f = ui->sr;

	if (!f->active || f->art != ui->rd.art || f->cur < 0 ||
	    (size_t)f->cur >= f->nm)
		return false;
	*off = f->m[f->cur].off;
	return true;
}

void ui_search_matches(const struct ui *ui, long *cur, size_t *n)
{
	*cur = ui->sr->cur;
	*n = ui->sr->nm;
}

void ui_search_status(const struct ui *ui, char *buf, size_t n)
{
	const struct ui_search *f = ui->sr;
	size_t used = strlen(buf);

#define ADD(...) \
	do { \
		if (used < n) { \
			int w_ = snprintf(buf + used, n - used, __VA_ARGS__); \
			used += w_ > 0 ? (size_t)w_ : 0; \
		} \
	} while (0)
	if (f->active && ui->focus == PANE_READER &&
	    f->art == (long)ui->sel) {
		/* "Not found: X" says it while the message lasts; both at
		 * once would say it twice. */
		if (f->nm)
			ADD("  match %ld/%zu", f->cur + 1, f->nm);
		else if (!ui->msg)
			ADD("  no match");
	}
	if (f->mode == SEARCH_MODE_EXACT)
		ADD("  exact");
	if (used >= n && n)
		buf[n - 1] = '\0';
#undef ADD
}
