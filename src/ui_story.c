/* ui_story.c - the article list by story: a header row per story (folded
 * or not) and its articles beneath, under the list's filter and sort.
 *
 * The stories themselves are grouped by the index worker (ui_xref.c),
 * once per index. What is made here is cheap but still linear in the
 * corpus (bucketing the listed articles by story, then the rows), so it is
 * done only when the filter, the sort, a fold or the index changes; a key
 * that moves the cursor only indexes the rows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_story.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"

void ui_story_init(struct ui *ui)
{
	ui->sv = util_xcalloc(1, sizeof(*ui->sv));
}

/* Forgets the rows and everything sized by the stories or the corpus. */
static void drop(struct ui_story *sv)
{
	free(sv->open);
	free(sv->first);
	free(sv->count);
	free(sv->arts);
	free(sv->hdrrow);
	free(sv->shownno);
	free(sv->artrow);
	free(sv->artpos);
	free(sv->rows);
	sv->open = NULL;
	sv->first = sv->count = sv->hdrrow = sv->shownno = sv->artrow = NULL;
	sv->artpos = NULL;
	sv->nlisted = 0;
	sv->arts = NULL;
	sv->rows = NULL;
	sv->nrows = sv->rowcap = sv->nshown = sv->cur = 0;
	sv->set = NULL;
}

void ui_story_done(struct ui *ui)
{
	if (!ui->sv)
		return;
	drop(ui->sv);
	free(ui->sv);
	ui->sv = NULL;
}

bool ui_story_active(const struct ui *ui)
{
	const struct ui_story *sv = ui->sv;

	/* The rows describe the stories they were made from: while a new
	 * index is built (a replaced corpus) they are dropped, and the
	 * plain list stands in. */
	return sv && sv->on && sv->set && sv->set == ui_xref_stories(ui) &&
	       ui->c->n;
}

static void push_row(struct ui_story *sv, uint32_t s, uint32_t art,
                     bool header)
{
	util_grow((void **)&sv->rows, &sv->rowcap, sv->nrows + 1,
	          sizeof(*sv->rows));
	sv->rows[sv->nrows++] = (struct ui_story_row){
		.story = s, .art = art, .header = header};
}

/* The rows from the buckets and the folds. */
static void make_rows(struct ui *ui)
{
	struct ui_story *sv = ui->sv;
	size_t ns = story_count(sv->set);

	sv->nrows = sv->nshown = 0;
	for (size_t i = 0; i < ui->c->n; i++)
		sv->artrow[i] = SIZE_MAX;
	for (size_t s = 0; s < ns; s++) {
		const uint32_t *a = sv->arts + sv->first[s];

		/* A story the filter leaves nothing of is not listed. */
		if (!sv->count[s]) {
			sv->hdrrow[s] = SIZE_MAX;
			continue;
		}
		sv->hdrrow[s] = sv->nrows;
		sv->shownno[s] = sv->nshown++;
		push_row(sv, (uint32_t)s, a[0], true);
		for (size_t k = 0; sv->open[s] && k < sv->count[s]; k++) {
			sv->artrow[a[k]] = sv->nrows;
			push_row(sv, (uint32_t)s, a[k], false);
		}
	}
	if (sv->cur >= sv->nrows)
		sv->cur = sv->nrows ? sv->nrows - 1 : 0;
}

/* The listed articles grouped by story: in the story's date order, or in
 * the list's sort order when one is chosen. */
static void bucket(struct ui *ui)
{
	struct ui_story *sv = ui->sv;
	size_t ns = story_count(sv->set), k = 0;

	if (sv->sorted && ui->order) {
		memset(sv->count, 0, ns * sizeof(*sv->count));
		for (size_t r = 0; r < ui->norder; r++)
			sv->count[story_of(sv->set, ui->order[r])]++;
		for (size_t s = 0; s < ns; s++) {
			sv->first[s] = k;
			k += sv->count[s];
			sv->count[s] = 0;
		}
		for (size_t r = 0; r < ui->norder; r++) {
			size_t s = story_of(sv->set, ui->order[r]);

			sv->arts[sv->first[s] + sv->count[s]++] =
			    (uint32_t)ui->order[r];
		}
		sv->nlisted = k;
		return;
	}
	for (size_t s = 0; s < ns; s++) {
		const struct story *st = story_get(sv->set, s);

		sv->first[s] = k;
		for (size_t j = 0; j < st->n; j++) {
			uint32_t a = st->articles[j];

			if (!ui->order || ui->rowof[a] != SIZE_MAX)
				sv->arts[k++] = a;
		}
		sv->count[s] = k - sv->first[s];
	}
	sv->nlisted = k;
}

/* The cursor on the selection: its row, else (folded) its story's
 * header; a selection the filter hides leaves the cursor where it is. */
static void place_cursor(struct ui *ui)
{
	struct ui_story *sv = ui->sv;
	size_t s;

	if (!sv->nrows)
		return;
	if (sv->cur < sv->nrows && sv->rows[sv->cur].art == ui->sel)
		return;
	if (sv->artrow[ui->sel] != SIZE_MAX) {
		sv->cur = sv->artrow[ui->sel];
		return;
	}
	s = story_of(sv->set, ui->sel);
	if (sv->hdrrow[s] != SIZE_MAX)
		sv->cur = sv->hdrrow[s];
}

static void mark_dirty(struct ui *ui)
{
	ui->views[PANE_LIST].dirty = true;
	ui->bars_dirty = true;
}

void ui_story_rebuild(struct ui *ui, bool sorted)
{
	struct ui_story *sv = ui->sv;
	const struct story_set *set = ui_xref_stories(ui);
	size_t ns, n = ui->c->n;

	if (!sv)
		return;
	sv->sorted = sorted;
	/* The plain list needs no rows; S makes them when it is pressed. */
	if (!sv->on)
		return;
	if (set != sv->set || !set) {
		bool on = sv->on, keep = sv->sorted;

		drop(sv);
		sv->on = on;
		sv->sorted = keep;
		if (!set || !n)
			return;
		ns = story_count(set);
		sv->set = set;
		sv->open = util_xcalloc(ns ? ns : 1, sizeof(*sv->open));
		sv->first = util_xcalloc(ns ? ns : 1, sizeof(*sv->first));
		sv->count = util_xcalloc(ns ? ns : 1, sizeof(*sv->count));
		sv->hdrrow = util_xcalloc(ns ? ns : 1, sizeof(*sv->hdrrow));
		sv->shownno = util_xcalloc(ns ? ns : 1, sizeof(*sv->shownno));
		sv->arts = util_xcalloc(n, sizeof(*sv->arts));
		sv->artrow = util_xcalloc(n, sizeof(*sv->artrow));
		sv->artpos = util_xcalloc(n, sizeof(*sv->artpos));
		/* Every story starts folded but the one being read. */
		sv->open[story_of(set, ui->sel)] = true;
	}
	bucket(ui);
	for (size_t i = 0; i < n; i++)
		sv->artpos[i] = SIZE_MAX;
	for (size_t k = 0; k < sv->nlisted; k++)
		sv->artpos[sv->arts[k]] = k;
	make_rows(ui);
	place_cursor(ui);
	mark_dirty(ui);
}

void ui_story_refresh(struct ui *ui)
{
	if (ui->sv && ui->sv->on)
		ui_story_rebuild(ui, ui->sv->sorted);
}

/* The list keeps its cursor on screen (its select operation, as
 * ui_list.c's rebuild calls it). */
static void list_follow(struct ui *ui)
{
	struct view *v = &ui->views[PANE_LIST];

	mark_dirty(ui);
	if (v->ops->select && v->win)
		v->ops->select(ui, v);
}

void ui_story_toggle(struct ui *ui)
{
	struct ui_story *sv = ui->sv;
	const struct story_set *set = ui_xref_stories(ui);

	if (sv->on) {
		sv->on = false;
		list_follow(ui);
		ui_report(ui, false, "The list by article");
		return;
	}
	if (!set) {
		ui_report(ui, false, "Stories come with the index: %s",
		          ui_xref_status(ui) ? ui_xref_status(ui) :
		                               "no index");
		return;
	}
	sv->on = true;
	/* The folds start over each time: only the story read is open. */
	sv->set = NULL;
	ui_story_rebuild(ui, sv->sorted);
	list_follow(ui);
	ui_report(ui, false, "The list by story: %zu stor%s", sv->nshown,
	          sv->nshown == 1 ? "y" : "ies");
}

void ui_story_move(struct ui *ui, size_t r)
{
	struct ui_story *sv = ui->sv;

	if (!sv->nrows)
		return;
	if (r >= sv->nrows)
		r = sv->nrows - 1;
	sv->cur = r;
	mark_dirty(ui);
	/* The panes show the row's article; a header's is its story's first
	 * one listed. */
	ui_select(ui, (long)sv->rows[r].art);
}

void ui_story_fold(struct ui *ui, size_t s, bool open)
{
	struct ui_story *sv = ui->sv;

	if (!ui_story_active(ui) || s >= story_count(sv->set) ||
	    sv->hdrrow[s] == SIZE_MAX)
		return;
	sv->open[s] = open;
	make_rows(ui);
	/* The cursor on the header; the article shown stays the one read
	 * when it is in this story (the header stands for it). */
	if (story_of(sv->set, ui->sel) == s) {
		sv->cur = sv->hdrrow[s];
		mark_dirty(ui);
		return;
	}
	ui_story_move(ui, sv->hdrrow[s]);
}

void ui_story_follow(struct ui *ui)
{
	struct ui_story *sv = ui->sv;
	size_t s;

	if (!ui_story_active(ui) || !sv->nrows)
		return;
	if (sv->rows[sv->cur].art == ui->sel)
		return;
	s = story_of(sv->set, ui->sel);
	/* The cursor already on the header of the folded story. */
	if (sv->rows[sv->cur].header && sv->rows[sv->cur].story == s &&
	    !sv->open[s])
		return;
	/* Reached from elsewhere (a jump, J/K): its story opens, as the
	 * story of the article read always is. */
	if (sv->artrow[ui->sel] == SIZE_MAX && sv->hdrrow[s] != SIZE_MAX &&
	    !sv->open[s]) {
		sv->open[s] = true;
		make_rows(ui);
	}
	place_cursor(ui);
	mark_dirty(ui);
}

long ui_story_step(const struct ui *ui, size_t art, int dir)
{
	const struct ui_story *sv = ui->sv;
	size_t k = sv->artpos[art];

	if (k == SIZE_MAX)
		return sv->nlisted ? (long)sv->arts[0] : (long)art;
	if (dir < 0)
		return k ? (long)sv->arts[k - 1] : (long)art;
	return k + 1 < sv->nlisted ? (long)sv->arts[k + 1] : (long)art;
}

bool ui_story_current(const struct ui *ui, size_t *no, size_t *n,
                      const char **label)
{
	const struct ui_story *sv = ui->sv;
	size_t s;

	if (!ui_story_active(ui))
		return false;
	s = story_of(sv->set, ui->sel);
	if (sv->hdrrow[s] == SIZE_MAX)
		return false;
	*no = sv->shownno[s] + 1;
	*n = sv->nshown;
	*label = story_get(sv->set, s)->label;
	return true;
}
