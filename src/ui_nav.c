/* ui_nav.c - what the loop does for the requests of the views and for the
 * actions that reach past one view: following cross-references (n/N and
 * Enter in the reader, the chooser, the matrix, back and forward, where
 * else), the concordance and the comparison as layers, and the pending
 * compare. The views ask (ui_request) and this file does, as tig's
 * view_driver does for its views: so no view calls another, and every
 * jump is remembered in the history the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_fix.h"
#include "kilde/ui_load.h"
#include "kilde/ui_nav.h"
#include "kilde/ui_prompt.h"
#include "kilde/ui_search.h"
#include "kilde/ui_story.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_chooser.h"
#include "kilde/view_compare.h"
#include "kilde/view_help.h"
#include "kilde/view_info.h"
#include "kilde/view_kwic.h"
#include "kilde/view_matrix.h"
#include "kilde/view_reader.h"
#include "kilde/view_timeline.h"

void ui_nav_init(struct ui *ui)
{
	struct ui_nav *n = util_xcalloc(1, sizeof(*n));

	ui->nav = n;
	n->compare_first = -1;
	n->help.ops = &view_help_ops;
	n->chooser.ops = &view_chooser_ops;
	n->matrix.ops = &view_matrix_ops;
	n->timeline.ops = &view_timeline_ops;
	n->help.ops->open(ui, &n->help);
	n->chooser.ops->open(ui, &n->chooser);
	n->matrix.ops->open(ui, &n->matrix);
	n->timeline.ops->open(ui, &n->timeline);
}

static void view_done(struct ui *ui, struct view *v)
{
	ui_layer_remove(ui, v);
	if (v->ops && v->ops->done && v->priv)
		v->ops->done(ui, v);
}

void ui_nav_done(struct ui *ui)
{
	struct ui_nav *n = ui->nav;

	if (!n)
		return;
	view_done(ui, &n->help);
	view_done(ui, &n->chooser);
	view_done(ui, &n->matrix);
	view_done(ui, &n->timeline);
	view_done(ui, &n->kwic);
	view_done(ui, &n->cmp);
	free(n);
	ui->nav = NULL;
}

/* The comparison is made for one look; the concordance is kept so that
 * find with an empty pattern shows it again. */
static void forget_compare(struct ui *ui)
{
	struct view *v = &ui->nav->cmp;

	ui_layer_remove(ui, v);
	if (v->ops && v->ops->done)
		v->ops->done(ui, v);
	v->ops = NULL;
}

void ui_nav_close_layer(struct ui *ui)
{
	struct view *v = ui_layer_top(ui);

	if (!v)
		return;
	if (v == &ui->nav->cmp)
		forget_compare(ui);
	else
		ui_layer_remove(ui, v);
}

void ui_nav_help(struct ui *ui, bool open)
{
	if (open)
		ui_layer_push(ui, &ui->nav->help);
	else
		ui_layer_remove(ui, &ui->nav->help);
	ui_dirty_all(ui);
}

/* The corpus is being replaced: the layers are closed by now (the help
 * stays); what they hold points into the old corpus. */
static void nav_closing(struct ui *ui)
{
	struct ui_nav *n = ui->nav;

	if (ui_prompt_kind(ui) == UI_PROMPT_SEARCH)
		ui_prompt_close(ui);
	n->compare_first = -1;
	forget_compare(ui);
	if (n->kwic.ops && n->kwic.ops->done)
		n->kwic.ops->done(ui, &n->kwic);
	n->kwic.ops = NULL;
}

/* The concordance searched behind its layer. */
static bool nav_busy(const struct ui *ui)
{
	return ui->nav && view_kwic_busy(&ui->nav->kwic);
}

static void nav_poll(struct ui *ui)
{
	if (ui->nav)
		view_kwic_poll(ui, &ui->nav->kwic);
}

static void nav_stop(struct ui *ui)
{
	if (ui->nav)
		view_kwic_stop(&ui->nav->kwic);
}

const struct ui_job_ops ui_nav_job = {
	.name = "loop",
	.poll = nav_poll,
	.busy = nav_busy,
	.closing = nav_closing,
	.stop = nav_stop,
};

/* ---- cross-references ---------------------------------------------------- */

/* The article in the reader, where it is, and that article's
 * occurrences, for n, N and Enter. False when there is nothing to step
 * through: no article open, or the index not ready yet (which the status
 * bar then says). */
static bool reader_occs(struct ui *ui, struct xnav_pos *p,
                        const struct xref_occ **o, size_t *n)
{
	const struct xref_index *ix = ui_xref_index(ui);

	if (!ix) {
		ui_report(ui, false, "The cross-references are still being indexed");
		return false;
	}
	if (!ui_xref_reading(ui, p, NULL))
		return false;
	*o = xref_occs(ix, p->art, n);
	return true;
}

static void step(struct ui *ui, int dir)
{
	const struct xref_index *ix = ui_xref_index(ui);
	struct xnav_pos p;
	const struct xref_occ *o;
	size_t n;
	long next;
	bool wrapped;

	if (!reader_occs(ui, &p, &o, &n))
		return;
	if (n == 0) {
		ui_report(ui, false, "No cross-references in this article");
		return;
	}
	/* From what is on the screen, as less does. The reader's offsets
	 * may be those of converted text; the screen's ends are only a
	 * starting point, so that is close enough. */
	next = xnav_step(o, n, p.occ, p.top_off, p.end_off, dir, &wrapped);
	/* Common terms are not highlighted: n and N pass them by. */
	for (size_t k = 0; next >= 0 && k < n &&
	     !ui_xref_highlighted(ui, xref_get(ix, o[next].term)); k++) {
		bool w;

		next = xnav_step(o, n, next, 0, SIZE_MAX, dir, &w);
		wrapped = wrapped || w;
	}
	if (next >= 0 && !ui_xref_highlighted(ui, xref_get(ix, o[next].term))) {
		ui_report(ui, false, "Only common terms here (highlight_common shows them)");
		return;
	}
	if (next < 0)
		return;
	view_reader_show(ui, p.art, (size_t)-1, next);
	/* The status bar names the current one (ui.c) for as long as it is
	 * current; only going round the end is news. */
	if (wrapped)
		ui_report(ui, false, dir > 0 ? "from the top" : "from the bottom");
}

static void choose(struct ui *ui, size_t art, uint32_t term)
{
	struct view *v = &ui->nav->chooser;

	if (!ui_xref_index(ui))
		return;
	view_chooser_set(ui, v, art, term);
	ui_layer_push(ui, v);
}

static void follow(struct ui *ui)
{
	struct xnav_pos p;
	const struct xref_occ *o;
	size_t n;

	if (!reader_occs(ui, &p, &o, &n))
		return;
	if (p.occ < 0 || (size_t)p.occ >= n) {
		ui_report(ui, false, n ? "No cross-reference selected: n and N step to one" :
		                         "No cross-references in this article");
		return;
	}
	choose(ui, p.art, o[p.occ].term);
}

void ui_nav_matrix(struct ui *ui)
{
	const struct xref_index *ix = ui_xref_index(ui);
	struct view *v = &ui->nav->matrix;
	struct xnav_pos p;
	long term = -1;

	if (!ix) {
		ui_report(ui, false, "The cross-references are still being indexed");
		return;
	}
	if (xref_count(ix) == 0) {
		ui_report(ui, false, "No cross-references in this corpus");
		return;
	}
	if (ui_xref_reading(ui, &p, NULL) && p.occ >= 0) {
		size_t n;
		const struct xref_occ *o = xref_occs(ix, p.art, &n);

		if ((size_t)p.occ < n)
			term = (long)o[p.occ].term;
	}
	/* From the list by story, the story's matrix (S in it shows all). */
	view_matrix_set(ui, v, ui->sel, term, ui_story_active(ui));
	ui_layer_push(ui, v);
}

void ui_nav_timeline(struct ui *ui)
{
	struct view *v = &ui->nav->timeline;

	if (!ui->c->n)
		return;
	if (!view_timeline_set(ui, v, ui->sel)) {
		ui_report(ui, false, "Stories come with the index: %s",
		          ui_xref_status(ui) ? ui_xref_status(ui) : "no index");
		return;
	}
	ui_layer_push(ui, v);
}

void ui_nav_jump(struct ui *ui)
{
	ui_history_jump(ui);
}

static void go_to(struct ui *ui, size_t art, long occ)
{
	const struct xref_index *ix = ui_xref_index(ui);
	size_t n;
	const struct xref_occ *o = xref_occs(ix, art, &n);

	ui_history_jump(ui);
	ui_history_navigating(ui, true);
	view_reader_show(ui, art, (size_t)-1, occ);
	ui_history_navigating(ui, false);
	ui_focus(ui, PANE_READER);
	if (occ >= 0 && (size_t)occ < n) {
		const struct xref_term *t = xref_get(ix, o[occ].term);
		char back[64];

		ui_report(ui, false, "%s in %s%s%s goes back",
		          t->kind == XREF_PASSAGE ? "shared passage" : t->display,
		          ui_xref_label(ui, art), ui->sep,
		          keys_binding_names(&ui->cfg->keymap, ACT_back, back,
		                             sizeof(back)));
	}
}

static bool history_move(struct ui *ui, bool back)
{
	struct xnav_pos to;

	if (!ui_history_move(ui, back, &to))
		return false;
	ui_history_navigating(ui, true);
	view_reader_show(ui, to.art, to.top_off, to.occ);
	ui_history_navigating(ui, false);
	ui_focus(ui, PANE_READER);
	return true;
}

bool ui_nav_back(struct ui *ui)
{
	return history_move(ui, true);
}

bool ui_nav_forward(struct ui *ui)
{
	return history_move(ui, false);
}

/* The term the person has in hand: the entry selected in the focused info
 * pane, else the reader's current occurrence (when the reader has the
 * focus); -1 if none or while indexing. */
long ui_nav_term(struct ui *ui)
{
	const struct xref_index *ix = ui_xref_index(ui);
	struct xnav_pos p;
	const struct xref_occ *o;
	size_t n;

	if (!ix)
		return -1;
	if (ui->focus == PANE_INFO)
		return view_info_term(ui);
	if (ui->focus != PANE_READER || !ui_xref_reading(ui, &p, NULL) ||
	    p.occ < 0)
		return -1;
	o = xref_occs(ix, p.art, &n);
	return (size_t)p.occ < n ? (long)o[p.occ].term : -1;
}

/* ---- the concordance and the comparison ----------------------------------- */

static void show_kwic(struct ui *ui, const char *const *variants, size_t n,
                      const char *title, unsigned extra)
{
	struct ui_nav *nv = ui->nav;

	/* One full-screen view at a time: a concordance replaces a
	 * comparison. */
	if (view_kwic_show(ui, &nv->kwic, variants, n, title,
	                   ui_search_mode(ui) | extra) &&
	    ui_layer_open(ui, &nv->cmp))
		forget_compare(ui);
}

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
	/* A cross-reference is whole words: China is not in chinapost. */
	show_kwic(ui, v, n, t->display, SEARCH_WHOLE_WORDS);
	free(v);
	free(forms);
}

void ui_nav_where_else(struct ui *ui)
{
	struct strbuf title = {0};
	const char *const *pats;
	size_t npats;
	long term;
	bool active = ui_search_active(ui);

	/* Every article's text is searched. A corpus replaced meanwhile
	 * has another index and no search: nothing to look for any more. */
	if (ui_load_wait(ui))
		return;
	term = ui_nav_term(ui);

	/* A term selected in the info pane, or the reader's current
	 * cross-reference when no search is active, comes first. */
	if (term >= 0 && (ui->focus == PANE_INFO || !active)) {
		where_else_term(ui, (uint32_t)term);
		return;
	}
	pats = ui_search_patterns(ui, &npats);
	if (!active || !npats) {
		ui_report(ui, true, "Nothing to look for: search with / first");
		return;
	}
	for (size_t i = 0; i < npats; i++)
		sb_printf(&title, "%s%s", i ? " | " : "", pats[i]);
	show_kwic(ui, pats, npats, title.s, 0);
	sb_free(&title);
}

void ui_nav_find(struct ui *ui, const char *pattern)
{
	struct ui_nav *nv = ui->nav;

	if (!*pattern) {
		if (view_kwic_has_hits(&nv->kwic)) {
			ui_layer_push(ui, &nv->kwic);
			if (ui_layer_open(ui, &nv->cmp))
				forget_compare(ui);
		} else {
			ui_report(ui, true, "Nothing to find");
		}
		return;
	}
	show_kwic(ui, &pattern, 1, pattern, 0);
}

void ui_nav_compare(struct ui *ui)
{
	if (ui->c->n < 2) {
		ui_report(ui, true, "Comparing needs two articles");
		return;
	}
	ui->nav->compare_first = (long)ui->sel;
	ui_focus(ui, PANE_LIST);
	ui_report(ui, false, "Compare with: choose an article, Enter "
	          "(Esc cancels)");
}

bool ui_nav_compare_with(struct ui *ui)
{
	struct ui_nav *nv = ui->nav;

	if (nv->compare_first < 0 || ui->focus != PANE_LIST)
		return false;
	if ((size_t)nv->compare_first == ui->sel) {
		ui_report(ui, true, "Choose another article to compare "
		          "with (Esc cancels)");
		return true;
	}
	/* The comparison waits for the texts like the other work over
	 * articles; a replaced corpus cancelled it. */
	if (ui_load_wait(ui))
		return true;
	/* One full-screen view at a time: a comparison replaces the
	 * concordance (which is kept). */
	ui_layer_remove(ui, &nv->kwic);
	forget_compare(ui);
	nv->cmp.ops = &view_compare_ops;
	nv->cmp.ops->open(ui, &nv->cmp);
	view_compare_show(ui, &nv->cmp, (size_t)nv->compare_first, ui->sel);
	nv->compare_first = -1;
	return true;
}

bool ui_nav_compare_cancel(struct ui *ui)
{
	if (ui->nav->compare_first < 0)
		return false;
	ui->nav->compare_first = -1;
	ui_report(ui, false, "Comparison cancelled");
	return true;
}

/* ---- requests ------------------------------------------------------------- */

void ui_nav_request(struct ui *ui, const struct ui_request *r)
{
	switch (r->kind) {
	case UI_REQ_CLOSE_LAYER:
		ui_nav_close_layer(ui);
		break;
	case UI_REQ_CHOOSE:
		choose(ui, r->art, r->term);
		break;
	case UI_REQ_GOTO:
		go_to(ui, r->art, r->occ);
		break;
	case UI_REQ_OPEN_READER:
		ui_history_jump(ui);
		ui_focus(ui, PANE_READER);
		break;
	case UI_REQ_XREF_STEP:
		step(ui, r->dir);
		break;
	case UI_REQ_FOLLOW:
		follow(ui);
		break;
	case UI_REQ_READER_OFF:
		view_reader_show_off(ui, r->off, r->at_top);
		break;
	case UI_REQ_FIX:
		ui_fix_start(ui, (enum keys_action)r->dir, (long)r->term);
		break;
	case UI_REQ_OPEN_HIT:
		/* A concordance or where-else hit is a jump like any other:
		 * Backspace comes back to the line the person left. */
		ui_history_jump(ui);
		ui_history_navigating(ui, true);
		ui_select(ui, (long)r->art);
		ui_focus(ui, PANE_READER);
		ui_search_activate(ui, r->pats, r->npats, r->off);
		ui_history_navigating(ui, false);
		break;
	}
}
