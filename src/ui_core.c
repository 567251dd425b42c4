/* ui_core.c - what the interface shares, below every view: the selection
 * and the focus (the views follow through their select operation), the
 * status message, the dirty marks, the stack of layers, the table of
 * background jobs with the replacing of the corpus that walks it, and the
 * queue of requests the loop does after each key. It calls no view and no
 * part of the interface by name, only through the operations they export
 * and the hooks ui.c sets. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_core.h"
#include "kilde/util.h"

void ui_dirty_all(struct ui *ui)
{
	for (int i = 0; i < PANE_COUNT; i++)
		ui->views[i].dirty = true;
	for (int i = 0; i < ui->nlayers; i++)
		ui->layers[i]->dirty = true;
	ui->bars_dirty = true;
	ui->base_dirty = true;
}

void ui_start_message(struct ui *ui)
{
	struct strbuf sb = {0};
	const struct config *cfg = ui->cfg;
	const struct corpus *c = ui->c;
	bool error = false;

	/* How many come first: a long message is cut at the bar's end, and
	 * a count after it would be cut with it. */
	if (cfg->nmessages) {
		if (cfg->nmessages > 1)
			sb_printf(&sb, "(1 of %zu) ", cfg->nmessages);
		sb_puts(&sb, cfg->messages[0]);
		error = true;
	}
	if (c->nwarnings) {
		if (sb.len)
			sb_puts(&sb, ui->sep);
		if (c->nwarnings > 1)
			sb_printf(&sb, "(1 of %zu) ", c->nwarnings);
		sb_puts(&sb, c->warnings[0]);
	}
	if (c->nskipped) {
		if (sb.len)
			sb_puts(&sb, ui->sep);
		sb_printf(&sb, "%zu file%s skipped (see --list)", c->nskipped,
		          c->nskipped == 1 ? "" : "s");
		error = true;
	}
	if (sb.len)
		ui_report(ui, error, "%s", sb.s);
	sb_free(&sb);
}

void ui_report(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = util_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	free(ui->msg);
	ui->msg = s;
	ui->msg_error = error;
	ui->bars_dirty = true;
}

void ui_mark_seen(struct ui *ui)
{
	if (ui->c->n && ui->focus == PANE_READER && !ui->seen[ui->sel]) {
		ui->seen[ui->sel] = true;
		ui->views[PANE_LIST].dirty = true;
		for (int j = 0; j < UI_JOB_COUNT; j++)
			if (ui->jobs[j] && ui->jobs[j]->seen)
				ui->jobs[j]->seen(ui, ui->sel);
	}
}

void ui_select(struct ui *ui, long i)
{
	if (ui->c->n == 0)
		return;
	if (i < 0)
		i = 0;
	if ((size_t)i >= ui->c->n)
		i = (long)ui->c->n - 1;
	if ((size_t)i == ui->sel)
		return;
	ui->sel = (size_t)i;
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];

		if (v->ops->select && v->win)
			v->ops->select(ui, v);
		v->dirty = true;
	}
	ui_mark_seen(ui);
	ui->bars_dirty = true;
}

void ui_focus(struct ui *ui, enum ui_pane p)
{
	if (!ui->views[p].win || ui->focus == p)
		return;
	ui->views[ui->focus].dirty = true;
	ui->views[p].dirty = true;
	ui->focus = p;
	ui_mark_seen(ui);
	ui->bars_dirty = true;
}

void ui_flush(struct ui *ui)
{
	if (ui->draw_now)
		ui->draw_now(ui);
}

/* ---- layers ------------------------------------------------------------ */

static int layer_index(const struct ui *ui, const struct view *v)
{
	for (int i = 0; i < ui->nlayers; i++)
		if (ui->layers[i] == v)
			return i;
	return -1;
}

bool ui_layer_open(const struct ui *ui, const struct view *v)
{
	return layer_index(ui, v) >= 0;
}

struct view *ui_layer_top(const struct ui *ui)
{
	return ui->nlayers ? ui->layers[ui->nlayers - 1] : NULL;
}

void ui_layer_remove(struct ui *ui, struct view *v)
{
	int i = layer_index(ui, v);

	if (i < 0)
		return;
	memmove(&ui->layers[i], &ui->layers[i + 1],
	        (size_t)(ui->nlayers - i - 1) * sizeof(*ui->layers));
	ui->nlayers--;
	if (v->win)
		delwin(v->win);
	v->win = NULL;
	ui_dirty_all(ui);
}

void ui_layer_push(struct ui *ui, struct view *v)
{
	int i = layer_index(ui, v);

	if (i >= 0) {
		memmove(&ui->layers[i], &ui->layers[i + 1],
		        (size_t)(ui->nlayers - i - 1) * sizeof(*ui->layers));
		ui->nlayers--;
	}
	if (ui->nlayers == UI_LAYERS_MAX)
		util_die("too many layers over the panes");
	ui->layers[ui->nlayers++] = v;
	if (v->win)
		delwin(v->win);
	v->win = NULL;
	if (!ui->too_small && v->ops->resize)
		v->ops->resize(ui, v);
	v->dirty = true;
	ui_dirty_all(ui);
}

void ui_layers_close(struct ui *ui)
{
	while (ui->nlayers)
		ui_layer_remove(ui, ui->layers[ui->nlayers - 1]);
}

/* ---- jobs ---------------------------------------------------------------- */

bool ui_job_busy(const struct ui *ui, enum ui_job j)
{
	return ui->jobs[j] && ui->jobs[j]->busy && ui->jobs[j]->busy(ui);
}

void ui_job_join(struct ui *ui, enum ui_job j)
{
	if (ui->jobs[j] && ui->jobs[j]->join)
		ui->jobs[j]->join(ui);
}

bool ui_jobs_busy(const struct ui *ui)
{
	for (int j = 0; j < UI_JOB_COUNT; j++)
		if (ui_job_busy(ui, (enum ui_job)j))
			return true;
	return false;
}

void ui_jobs_poll(struct ui *ui)
{
	for (int j = 0; j < UI_JOB_COUNT; j++)
		if (ui->jobs[j] && ui->jobs[j]->poll)
			ui->jobs[j]->poll(ui);
}

void ui_corpus_replace(struct ui *ui, struct corpus *fresh)
{
	struct corpus *c = ui->c;
	char *name = c->n ? util_xstrdup(c->articles[ui->sel].file) : NULL;
	long sel;

	/* Everything that holds article indices or points into the old
	 * corpus lets go of it: the layers that show it, the jobs and parts
	 * (a worker that may read it is joined), then the panes. */
	for (int i = ui->nlayers; i-- > 0;)
		if (!ui->layers[i]->ops->keep)
			ui_layer_remove(ui, ui->layers[i]);
	for (int j = 0; j < UI_JOB_COUNT; j++)
		if (ui->jobs[j] && ui->jobs[j]->closing)
			ui->jobs[j]->closing(ui);
	for (int p = 0; p < PANE_COUNT; p++)
		if (ui->views[p].ops->done)
			ui->views[p].ops->done(ui, &ui->views[p]);
	corpus_free(c);
	*c = *fresh;
	*fresh = (struct corpus){0};

	sel = name ? corpus_find(c, name) : -1;
	free(name);
	ui->sel = sel >= 0 ? (size_t)sel : 0;
	free(ui->seen);
	ui->seen = util_xcalloc(c->n ? c->n : 1, sizeof(*ui->seen));
	for (int p = 0; p < PANE_COUNT; p++)
		if (ui->views[p].ops->open)
			ui->views[p].ops->open(ui, &ui->views[p]);
	/* The list's rows (a part's) before the layout sizes the panes. */
	for (int j = 0; j < UI_JOB_COUNT; j++)
		if (ui->jobs[j] && ui->jobs[j]->opened)
			ui->jobs[j]->opened(ui);
	if (ui->lay_out)
		ui->lay_out(ui);
	ui_report(ui, false, "corpus changed on disk: reloaded %zu article%s",
	          c->n, c->n == 1 ? "" : "s");
}

/* ---- requests ------------------------------------------------------------- */

void ui_request(struct ui *ui, const struct ui_request *r)
{
	util_grow((void **)&ui->reqs, &ui->reqcap, ui->nreqs + 1,
	          sizeof(*ui->reqs));
	ui->reqs[ui->nreqs++] = *r;
}
