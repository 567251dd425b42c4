/* ui_list.c - narrowing and ordering the article list, and what kilde
 * remembers about it: the filter typed at f (filter.h), the sort cycled
 * with s, read marks (an article opened in the reader is read) and
 * bookmarks (m), loaded from and saved to the corpus's state file
 * (state.h) after every change. The list view draws ui->order.
 *
 * Saving is atomic and durable (fsync of the file and its folder), which
 * takes from a few to some tens of milliseconds: too long for a key that
 * opens the next article (every key is to be answered within a frame). A saver
 * thread therefore writes the state; the main thread only records what
 * changed. */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_list.h"
#include "kilde/ui_load.h"
#include "kilde/ui_story.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/wordidx.h"
#include "kilde/xref.h"

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
	struct ui_list *f = ui->ls;
	char *msg = NULL;

	if (!f->st_ok || !f->st.dirty)
		return;
	if (state_save(&f->st, &msg) < 0)
		report_msg(ui, true, msg ? msg : util_xstrdup("cannot save"));
	else
		free(msg);
}

/* A change the main thread could not make to the state yet because the
 * saver was writing it. */
struct pending {
	char *file;   /* owned */
	bool bookmark; /* else a read mark */
	bool on;      /* the bookmark is set, else removed */
};

/* The state is shared with the saver thread under mu: the saver holds it
 * while it writes (state_save reads the sets), the main thread while it
 * changes them. The main thread never waits for it during a key: when a
 * save is running, changes wait in pend until the next change (or the
 * end) finds the lock free. Reading the sets without the lock is safe on
 * the main thread: only the main thread changes them. */
struct ui_list_saver {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct state *st;
	bool want;   /* changed since the last save began (under mu) */
	bool quit;   /* under mu */
	char *error; /* a failed save's message, for the main thread (under mu) */
	struct pending *pend; /* main thread only */
	size_t npend, pendcap;
};

static void *saver_main(void *arg)
{
	struct ui_list_saver *s = arg;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		char *msg = NULL;

		while (!s->want && !s->quit)
			pthread_cond_wait(&s->cv, &s->mu);
		if (!s->want)
			break;
		s->want = false;
		if (s->st->dirty && state_save(s->st, &msg) < 0) {
			free(s->error);
			s->error = msg ? msg : util_xstrdup("cannot save");
		} else {
			free(msg);
		}
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static void saver_start(struct ui *ui)
{
	struct ui_list *f = ui->ls;
	struct ui_list_saver *s = util_xcalloc(1, sizeof(*s));

	s->st = &f->st;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (util_thread_start(&s->thread, saver_main, s) != 0) {
		/* No thread: save on the main thread, as before. */
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		free(s);
		return;
	}
	f->saver = s;
}

static void apply(struct state *st, const struct pending *p)
{
	if (!p->bookmark)
		state_set_read(st, p->file, true);
	else if (state_is_bookmarked(st, p->file) != p->on)
		state_toggle_bookmark(st, p->file);
}

/* Makes the pending changes and has them saved: at once on the main
 * thread when there is no saver; else by the saver, if it is not busy
 * (wait: at the end, when nothing may be left behind). */
static void flush(struct ui *ui, bool wait)
{
	struct ui_list *f = ui->ls;
	struct ui_list_saver *s = f->saver;
	char *err;

	if (!s) {
		save(ui);
		return;
	}
	if (wait)
		pthread_mutex_lock(&s->mu);
	else if (pthread_mutex_trylock(&s->mu) != 0)
		return;
	for (size_t i = 0; i < s->npend; i++) {
		apply(&f->st, &s->pend[i]);
		free(s->pend[i].file);
	}
	s->npend = 0;
	if (f->st.dirty) {
		s->want = true;
		pthread_cond_signal(&s->cv);
	}
	err = s->error;
	s->error = NULL;
	pthread_mutex_unlock(&s->mu);
	report_msg(ui, true, err);
}

/* Records a change: made at once without a saver, else queued for
 * flush. */
static void change(struct ui *ui, const char *file, bool bookmark, bool on)
{
	struct ui_list *f = ui->ls;
	struct ui_list_saver *s = f->saver;
	struct pending p = {.file = (char *)file, .bookmark = bookmark, .on = on};

	if (!s) {
		apply(&f->st, &p);
		save(ui);
		return;
	}
	util_grow((void **)&s->pend, &s->pendcap, s->npend + 1, sizeof(*s->pend));
	p.file = util_xstrdup(file);
	s->pend[s->npend++] = p;
	flush(ui, false);
}

static void saver_stop(struct ui *ui)
{
	struct ui_list *f = ui->ls;
	struct ui_list_saver *s = f->saver;

	if (!s)
		return;
	flush(ui, true);
	pthread_mutex_lock(&s->mu);
	s->quit = true;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	report_msg(ui, true, s->error);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s->pend);
	free(s);
	f->saver = NULL;
}

/* The counts of the title bar, from scratch (at the start and when the
 * corpus is replaced; each change after adjusts them). */
static void recount(struct ui *ui)
{
	struct ui_list *f = ui->ls;

	f->nunread = f->nbookmarked = 0;
	for (size_t i = 0; i < ui->c->n; i++)
		f->nunread += !ui->seen[i];
	if (f->st_ok && f->st.bookmarks.n)
		for (size_t i = 0; i < ui->c->n; i++)
			f->nbookmarked += ui_list_bookmarked(ui, i);
}

/* Loads the state of the corpus's folder, marks what was read and starts
 * the saver. */
static void open_state(struct ui *ui)
{
	struct ui_list *f = ui->ls;
	char *folder = corpus_folder(ui->c), *msg = NULL;
	int rc;

	/* A cold start draws before the folders are listed: the corpus is
	 * empty until the names come, and the folder is told by them. */
	f->st_later = !folder && !ui->c->n;
	if (!folder)
		return;
	rc = state_load(NULL, folder, &f->st, &msg);
	free(folder);
	/* No state folder at all (neither XDG_STATE_HOME nor HOME): kilde
	 * works, it just forgets. */
	f->st_ok = rc == 0 && f->st.path;
	report_msg(ui, true, msg);
	if (!f->st_ok) {
		recount(ui);
		return;
	}
	/* ui->seen starts all false; looking up 100,000 names that cannot
	 * be there would only delay the first frame. */
	for (size_t i = 0; f->st.read.n && i < ui->c->n; i++)
		ui->seen[i] = state_is_read(&f->st, ui->c->articles[i].file);
	recount(ui);
	/* Also with no read marks yet: the first one is saved off the key
	 * like every other. */
	saver_start(ui);
}

void ui_list_init(struct ui *ui, unsigned mode)
{
	struct ui_list *f = util_xcalloc(1, sizeof(*f));
	char *msg = NULL;

	ui->ls = f;
	f->sort = FILTER_SORT_FILE;
	filter_parse("", mode, &f->filter, &msg);
	free(msg);
	open_state(ui);
}

void ui_list_done(struct ui *ui)
{
	struct ui_list *f = ui->ls;

	saver_stop(ui);
	save(ui);
	if (f->st.dir || f->st.path)
		state_free(&f->st);
	filter_free(&f->filter);
	free(ui->order);
	free(ui->rowof);
	ui->order = ui->rowof = NULL;
	free(f);
	ui->ls = NULL;
}

void ui_list_seen(struct ui *ui, size_t i)
{
	struct ui_list *f = ui->ls;

	if (!f)
		return;
	/* Called once per article, when it turns read. */
	if (f->nunread)
		f->nunread--;
	ui->bars_dirty = true;
	if (!f->st_ok)
		return;
	change(ui, ui->c->articles[i].file, false, true);
}

bool ui_list_bookmarked(const struct ui *ui, size_t i)
{
	const struct ui_list *f = ui->ls;
	const char *file = ui->c->articles[i].file;

	if (!f || !f->st_ok)
		return false;
	/* A change still waiting for the saver is what the person sees. */
	for (size_t k = f->saver ? f->saver->npend : 0; k-- > 0;) {
		const struct pending *p = &f->saver->pend[k];

		if (p->bookmark && !strcmp(p->file, file))
			return p->on;
	}
	return state_is_bookmarked(&f->st, file);
}

void ui_list_toggle_bookmark(struct ui *ui)
{
	struct ui_list *f = ui->ls;
	const struct article *a;
	bool on;

	if (!ui->c->n)
		return;
	if (!f->st_ok) {
		ui_report(ui, true, "Bookmarks cannot be saved (no state folder)");
		return;
	}
	a = &ui->c->articles[ui->sel];
	on = !ui_list_bookmarked(ui, ui->sel);
	ui_report(ui, false, "%s: %s", on ? "Bookmarked" : "Bookmark removed",
	          a->title);
	change(ui, a->file, true, on);
	if (on)
		f->nbookmarked++;
	else if (f->nbookmarked)
		f->nbookmarked--;
	ui->views[PANE_LIST].dirty = true;
	ui->bars_dirty = true;
}

void ui_list_step_unread(struct ui *ui, int dir)
{
	size_t n = ui->order ? ui->norder : ui->c->n, row, k;

	if (!n)
		return;
	row = ui->order ? ui->rowof[ui->sel] : ui->sel;
	if (row == SIZE_MAX)
		row = dir > 0 ? n - 1 : 0;
	for (k = 1; k < n; k++) {
		size_t r = dir > 0 ? (row + k) % n : (row + n - k) % n;
		size_t i = ui->order ? ui->order[r] : r;

		if (!ui->seen[i]) {
			bool wrapped = dir > 0 ? r < row : r > row;

			ui_select(ui, (long)i);
			if (wrapped)
				ui_report(ui, false, "%s: went round to the %s",
				          dir > 0 ? "Next unread" :
				                    "Previous unread",
				          dir > 0 ? "top" : "bottom");
			return;
		}
	}
	ui_report(ui, false, "No other unread article in the list");
}

void ui_list_title(const struct ui *ui, char *buf, size_t n)
{
	const struct ui_list *f = ui->ls;
	size_t total = ui->c->n, len;

	/* Not "0 articles" while the folder is being listed: none is
	 * known yet, not none there. */
	if (ui_load_listing(ui))
		snprintf(buf, n, "%s", ui->utf8 ? "Articles…" : "Articles...");
	else if (ui->order && ui->norder != total)
		snprintf(buf, n, "%zu of %zu articles", ui->norder, total);
	else
		snprintf(buf, n, "%zu article%s", total, total == 1 ? "" : "s");
	len = strlen(buf);
	/* Unread is news only once something was read. */
	if (f && f->nunread != total && len < n)
		snprintf(buf + len, n - len, "%s%zu unread", ui->sep,
		         f->nunread);
	len = strlen(buf);
	if (f && f->nbookmarked && len < n)
		snprintf(buf + len, n - len, "%s%zu bookmarked", ui->sep,
		         f->nbookmarked);
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
	struct ui_list *f = ui->ls;
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
		unsigned char *marks = NULL;

		/* is: terms look at the marks as they are now; the list
		 * stays as it is while articles are read, until the next
		 * filter, as newsboat does. */
		if (f->filter.is || f->filter.is_not) {
			marks = util_xcalloc(n ? n : 1, 1);
			for (size_t i = 0; i < n; i++)
				marks[i] = (unsigned char)(
				    (ui->seen[i] ? FILTER_MARK_READ : 0) |
				    (ui_list_bookmarked(ui, i) ?
				         FILTER_MARK_BOOKMARKED : 0));
		}
		uint32_t *maybe;
		/* The word index names the articles that can have every
		 * mention; only their texts are searched. */
		long nmaybe = wordidx_candidates_all(
		    xref_words(ui_xref_index(ui)),
		    (const char *const *)f->filter.mentions,
		    f->filter.nmentions, f->filter.mode, &maybe);
		ui->norder = nmaybe >= 0 ?
		    filter_apply_among(&f->filter, ui->c, marks, maybe,
		                       (size_t)nmaybe, ui->order) :
		    filter_apply(&f->filter, ui->c, marks, ui->order);
		free(maybe);
		free(marks);
		sort_rows(ui, f->sort);
		for (size_t i = 0; i < n; i++)
			ui->rowof[i] = SIZE_MAX;
		for (size_t r = 0; r < ui->norder; r++)
			ui->rowof[ui->order[r]] = r;
		if (ui->norder && ui->rowof[ui->sel] == SIZE_MAX)
			ui_select(ui, (long)ui->order[0]);
	}
	/* The list by story groups the same rows; a sort other than the
	 * files' orders the articles within each story. */
	ui_story_rebuild(ui, f->sort != FILTER_SORT_FILE);
	ui->views[PANE_LIST].dirty = true;
	/* The reader shows nothing when nothing is listed, and the
	 * selection again when something is. */
	ui->views[PANE_READER].dirty = true;
	if (ui->views[PANE_LIST].ops->select && ui->views[PANE_LIST].win)
		ui->views[PANE_LIST].ops->select(ui, &ui->views[PANE_LIST]);
	ui->bars_dirty = true;
}

int ui_list_filter(struct ui *ui, const char *s, unsigned mode)
{
	struct ui_list *f = ui->ls;
	struct filter nf;
	char *msg = NULL;

	if (filter_parse(s, mode, &nf, &msg) < 0) {
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
	struct ui_list *f = ui->ls;

	free(ui->order);
	free(ui->rowof);
	ui->order = ui->rowof = NULL;
	if (f->st_later && ui->c->n)
		open_state(ui);
	for (size_t i = 0; f->st_ok && f->st.read.n && i < ui->c->n; i++)
		ui->seen[i] = state_is_read(&f->st, ui->c->articles[i].file);
	recount(ui);
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
	struct ui_list *f = ui->ls;
	size_t i = 0;

	while (i < KILDE_ARRAY_LEN(cycle) && cycle[i] != f->sort)
		i++;
	f->sort = cycle[(i + 1) % KILDE_ARRAY_LEN(cycle)];
	/* Until the index is ready there are no counts to sort by. */
	if (f->sort == FILTER_SORT_XREFS && !ui_xref_index(ui))
		f->sort = cycle[(i + 2) % KILDE_ARRAY_LEN(cycle)];
	rebuild(ui); /* the status bar names the order */
}

long ui_list_step(const struct ui *ui, size_t i, int dir)
{
	size_t row;

	/* In the list by story, the next article is the story's next. */
	if (ui_story_active(ui))
		return ui_story_step(ui, i, dir);
	if (!ui->order)
		return (long)i + dir;
	row = ui->rowof[i];
	if (row == SIZE_MAX)
		return ui->norder ? (long)ui->order[0] : (long)i;
	if (dir < 0)
		return row ? (long)ui->order[row - 1] : (long)i;
	return row + 1 < ui->norder ? (long)ui->order[row + 1] : (long)i;
}

char *ui_list_filter_text(const struct ui *ui)
{
	return filter_describe(&ui->ls->filter);
}

void ui_list_status(const struct ui *ui, char *buf, size_t n)
{
	const struct ui_list *f = ui->ls;
	size_t used = strlen(buf);
	char *desc = filter_describe(&f->filter);
	int w;

	if (*desc && used < n) {
		w = snprintf(buf + used, n - used, "  filter: %s", desc);
		used += w > 0 ? (size_t)w : 0;
	}
	free(desc);
	if (f->sort != FILTER_SORT_FILE && used < n) {
		w = snprintf(buf + used, n - used, "  sort: %s",
		             filter_sort_name(f->sort));
		used += w > 0 ? (size_t)w : 0;
	}
	if (used >= n && n)
		buf[n - 1] = '\0';
}

const struct ui_job_ops ui_list_job = {
	.name = "list",
	.opened = ui_list_corpus_changed,
	.seen = ui_list_seen,
};
