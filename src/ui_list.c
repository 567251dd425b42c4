/* ui_list.c - narrowing and ordering the article list, and what kilde
 * remembers about it: the filter typed at f (filter.h), the sort cycled
 * with s, read marks (an article opened in the reader is read) and
 * bookmarks (m), loaded from and saved to the corpus's state file
 * (state.h) after every change. The list view draws ui->order. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_load.h"
#include "kilde/ui_search.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"

/* The folder the corpus was opened from, as an absolute path: an
 * article's path is that folder followed by its file name (article.h).
 * Malloc'd, NULL when it cannot be told (no articles). */
static char *corpus_folder(const struct corpus *c)
{
	const struct article *a;
	size_t pl, fl;
	char *dir, *abs;

	if (!c->n)
		return NULL;
	a = &c->articles[0];
	pl = strlen(a->path);
	fl = strlen(a->file);
	if (pl > fl && !strcmp(a->path + pl - fl, a->file) &&
	    a->path[pl - fl - 1] == '/')
		dir = util_xstrndup(a->path, pl - fl - 1);
	else if (pl == fl)
		dir = util_xstrdup(".");
	else
		dir = util_xstrdup(a->path);
	abs = realpath(dir, NULL);
	if (abs) {
		free(dir);
		return abs;
	}
	return dir;
}

static void report_msg(struct ui *ui, bool error, char *msg)
{
	if (!msg)
		return;
	if (ui->msg) {
		char *both = util_xasprintf("%s%s%s", ui->msg, ui->sep, msg);

		ui_report(ui, error || ui->msg_error, "%s", both);
		free(both);
	} else {
		ui_report(ui, error, "%s", msg);
	}
	free(msg);
}

static void save(struct ui *ui)
{
	struct ui_find *f = ui->find;
	char *msg = NULL;

	if (!f->st_ok || !f->st.dirty)
		return;
	if (state_save(&f->st, &msg) < 0)
		report_msg(ui, true, msg ? msg : util_xstrdup("cannot save"));
	else
		free(msg);
}

void ui_list_init(struct ui *ui)
{
	struct ui_find *f = ui->find;
	char *folder = corpus_folder(ui->c), *msg = NULL;
	int rc;

	f->sort = FILTER_SORT_FILE;
	filter_parse("", f->mode, &f->filter, &msg);
	free(msg);
	msg = NULL;
	if (!folder)
		return;
	rc = state_load(NULL, folder, &f->st, &msg);
	free(folder);
	/* No state folder at all (neither XDG_STATE_HOME nor HOME): kilde
	 * works, it just forgets. */
	f->st_ok = rc == 0 && f->st.path;
	report_msg(ui, true, msg);
	/* ui->seen starts all false; looking up 100,000 names that cannot
	 * be there would only delay the first frame. */
	if (!f->st_ok || f->st.read.n == 0)
		return;
	for (size_t i = 0; i < ui->c->n; i++)
		ui->seen[i] = state_is_read(&f->st, ui->c->articles[i].file);
}

void ui_list_done(struct ui *ui)
{
	struct ui_find *f = ui->find;

	save(ui);
	if (f->st.dir || f->st.path)
		state_free(&f->st);
	filter_free(&f->filter);
	free(ui->order);
	free(ui->rowof);
	ui->order = ui->rowof = NULL;
}

void ui_find_seen(struct ui *ui, size_t i)
{
	struct ui_find *f = ui->find;

	if (!f || !f->st_ok)
		return;
	state_set_read(&f->st, ui->c->articles[i].file, true);
	save(ui);
}

bool ui_list_bookmarked(const struct ui *ui, size_t i)
{
	const struct ui_find *f = ui->find;

	return f && f->st_ok &&
	       state_is_bookmarked(&f->st, ui->c->articles[i].file);
}

void ui_list_toggle_bookmark(struct ui *ui)
{
	struct ui_find *f = ui->find;
	const struct article *a;

	if (!ui->c->n)
		return;
	if (!f->st_ok) {
		ui_report(ui, true, "Bookmarks cannot be saved (no state folder)");
		return;
	}
	a = &ui->c->articles[ui->sel];
	ui_report(ui, false, "%s: %s",
	          state_toggle_bookmark(&f->st, a->file) ? "Bookmarked" :
	                                                  "Bookmark removed",
	          a->title);
	save(ui);
	ui->views[PANE_LIST].dirty = true;
}

/* Sorts the listed rows; by shared cross-references with the counts of
 * the index (the cycle offers that order only once the index is ready). */
static void sort_rows(struct ui *ui, enum filter_sort key)
{
	size_t *counts = NULL;

	if (key == FILTER_SORT_XREFS) {
		counts = util_xcalloc(ui->c->n ? ui->c->n : 1, sizeof(*counts));
		for (size_t i = 0; i < ui->c->n; i++) {
			long k = ui_xref_article_count(ui, i);
			counts[i] = k > 0 ? (size_t)k : 0;
		}
	}
	filter_sort(ui->order, ui->norder, ui->c, key, false, counts);
	free(counts);
}

/* Rebuilds ui->order from the filter and the sort; keeps the selection
 * when it is still listed, else selects the first row. */
static void rebuild(struct ui *ui)
{
	struct ui_find *f = ui->find;
	size_t n = ui->c->n;

	if (filter_is_empty(&f->filter) && f->sort == FILTER_SORT_FILE) {
		free(ui->order);
		free(ui->rowof);
		ui->order = ui->rowof = NULL;
		ui->norder = n;
	} else {
		if (!ui->order) {
			ui->order = util_xcalloc(n ? n : 1, sizeof(*ui->order));
			ui->rowof = util_xcalloc(n ? n : 1, sizeof(*ui->rowof));
		}
		ui->norder = filter_apply(&f->filter, ui->c, ui->order);
		sort_rows(ui, f->sort);
		for (size_t i = 0; i < n; i++)
			ui->rowof[i] = SIZE_MAX;
		for (size_t r = 0; r < ui->norder; r++)
			ui->rowof[ui->order[r]] = r;
		if (ui->norder && ui->rowof[ui->sel] == SIZE_MAX)
			ui_select(ui, (long)ui->order[0]);
	}
	ui->views[PANE_LIST].dirty = true;
	if (ui->views[PANE_LIST].ops->select && ui->views[PANE_LIST].win)
		ui->views[PANE_LIST].ops->select(ui, &ui->views[PANE_LIST]);
	ui->bars_dirty = true;
}

int ui_list_filter(struct ui *ui, const char *s)
{
	struct ui_find *f = ui->find;
	struct filter nf;
	char *msg = NULL;

	if (filter_parse(s, f->mode, &nf, &msg) < 0) {
		ui_report(ui, true, "Filter: %s", msg ? msg : "not understood");
		free(msg);
		filter_free(&nf);
		return -1;
	}
	free(msg);
	/* Mentions are looked for in every article's text. */
	if (nf.nmentions)
		ui_load_wait(ui);
	filter_free(&f->filter);
	f->filter = nf;
	rebuild(ui);
	ui_focus(ui, PANE_LIST);
	if (filter_is_empty(&f->filter))
		ui_report(ui, false, "Filter cleared: all %zu articles",
		          ui->c->n);
	else
		ui_report(ui, false, "%zu of %zu articles match", ui->norder,
		          ui->c->n);
	return 0;
}

void ui_list_corpus_changed(struct ui *ui)
{
	struct ui_find *f = ui->find;

	free(ui->order);
	free(ui->rowof);
	ui->order = ui->rowof = NULL;
	for (size_t i = 0; f->st_ok && f->st.read.n && i < ui->c->n; i++)
		ui->seen[i] = state_is_read(&f->st, ui->c->articles[i].file);
	/* No counts to sort by until the new index is built. */
	if (f->sort == FILTER_SORT_XREFS)
		f->sort = FILTER_SORT_FILE;
	rebuild(ui);
}

void ui_list_cycle_sort(struct ui *ui)
{
	static const enum filter_sort cycle[] = {
		FILTER_SORT_DATE, FILTER_SORT_SOURCE, FILTER_SORT_TITLE,
		FILTER_SORT_XREFS, FILTER_SORT_FILE,
	};
	struct ui_find *f = ui->find;
	size_t i = 0;

	while (i < KILDE_ARRAY_LEN(cycle) && cycle[i] != f->sort)
		i++;
	f->sort = cycle[(i + 1) % KILDE_ARRAY_LEN(cycle)];
	/* Until the index is ready there are no counts to sort by. */
	if (f->sort == FILTER_SORT_XREFS && !ui_xref_index(ui))
		f->sort = cycle[(i + 2) % KILDE_ARRAY_LEN(cycle)];
	rebuild(ui); /* the status bar names the order */
}

long ui_find_list_step(struct ui *ui, size_t i, int dir)
{
	size_t row;

	if (!ui->order)
		return (long)i + dir;
	row = ui->rowof[i];
	if (row == SIZE_MAX)
		return ui->norder ? (long)ui->order[0] : (long)i;
	if (dir < 0)
		return row ? (long)ui->order[row - 1] : (long)i;
	return row + 1 < ui->norder ? (long)ui->order[row + 1] : (long)i;
}
