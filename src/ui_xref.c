/* ui_xref.c - cross-references in the interface. The index comes from a
 * worker thread so that the first frame never waits for it: the
 * status bar says "indexing…" and the views learn of the index through
 * their xrefs operation once the main loop has joined the worker. The
 * worker first tries the cache (cache_load_xref) when there is one; on a
 * miss it builds the index and writes the corpus and the index to the
 * cache. A corpus that came from the cache has no texts until the loader
 * (ui_load.c) delivers them, so then a miss leaves the worker waiting and
 * the build starts once the texts are in. The corpus and the
 * configuration are read-only while the worker runs.
 *
 * This file also holds what the views share about cross-references: the
 * reader's highlights, the info pane's entries, the articles' labels and
 * the history of reading places. Following them (n/N, the chooser, the
 * matrix, back and forward) is the loop's, in ui_nav.c. The pure parts
 * (labels, history, stepping, counts) are xnav.c. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "kilde/cache.h"
#include "kilde/layout.h"
#include "kilde/provenance.h"
#include "kilde/story.h"
#include "kilde/ui_draw.h"
#include "kilde/ui_load.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"

/* Where the worker is, so that quitting knows whether it may leave it
 * behind (working) or must wait for it (saving the cache, which is short
 * and should not be cut off). */
enum { PHASE_WORKING, PHASE_SAVING, PHASE_ABANDONED };

/* Threads: the worker writes built and built_labels and then sets
 * finished (release); the UI thread reads them only after it joined the
 * worker. Then a second thread, started by the UI thread once it has the
 * index, groups the stories and works out the provenance (built_stories,
 * built_prov, then dfinished, release), which the UI thread takes only
 * after joining it too; meanwhile both threads only read the index, the
 * corpus and the configuration, and busy() stays true, so nothing changes
 * the corpus under it. phase is changed by either with a compare-and-swap; cancel
 * (the index build) and dcancel (the stories) are
 * set by the UI thread and read by the build (acquire); progress is a
 * relaxed count. The corpus and the configuration are only read by the
 * worker; the UI thread leaves them alone until it joined it. */
struct ui_xref {
	const struct corpus *c;
	struct xref_options xo;
	const char *stem;  /* the cache, or NULL (not owned) */
	uint64_t opthash;  /* xref_options_hash(&xo) */
	/* What the running worker does. */
	bool try_cache, can_build;
	pthread_t thread;
	bool running;          /* started and not yet joined */
	atomic_bool finished;  /* set by the worker as its last act */
	atomic_int phase;
	/* Written by the worker, read by the main thread only once joined. */
	struct xref_index *built;
	char **built_labels;
	/* Written by the second thread, read once it is joined. */
	pthread_t dthread;
	bool drunning;         /* started and not yet joined */
	atomic_bool dfinished; /* set by it as its last act */
	atomic_bool dcancel;   /* story_options.cancel: the index it reads
	                          goes away (quitting, a new index) */
	struct story_set *built_stories;
	struct provenance_index *built_prov;
	/* The main thread's view of them: NULL until joined. */
	const struct xref_index *ix;
	char **labels;
	struct story_set *stories;
	struct provenance_index *prov;
	atomic_size_t progress; /* xref_options.progress of the running build */
	atomic_bool cancel;     /* xref_options.cancel: quitting */
	int shown_pct;     /* the percentage the status bar shows, or -1 */
	char status[32];
	bool waiting;  /* no cached index, and no texts to build one yet */
	bool announce; /* joined: the views have not been told yet */
	bool dannounce; /* the stories joined: the views not told yet */
	struct xnav_history hist;
	struct xnav_pos here; /* the last place read, when here_ok */
	bool here_ok;
	bool navigating; /* our own jump is loading an article */
	bool restart;    /* the corpus is being replaced: index it again */
	/* The configuration read again after a correction (owned), whose
	 * aliases xo uses instead of ui->cfg's; NULL until then. Like ui->cfg
	 * it is only read while the worker runs. */
	struct config *alias_cfg;
};

/* How far the running build is, in percent (0 before it counts). */
static int build_pct(const struct ui_xref *x)
{
	size_t done = atomic_load_explicit(&x->progress, memory_order_relaxed);
	size_t all = 2 * x->c->n;

	return all ? (int)(done >= all ? 99 : done * 100 / all) : 0;
}

static void *worker(void *arg)
{
	struct ui_xref *x = arg;
	const char *why = NULL;
	int working = PHASE_WORKING;

	/* Keys come first: on Linux the nice value is per thread, and the
	 * threads xref_build starts inherit it, so the index yields the CPU
	 * to the main thread whenever a key wants it. */
	setpriority(PRIO_PROCESS, (id_t)gettid(), 10);
	x->built = NULL;
	x->built_labels = NULL;
	if (x->try_cache && x->stem)
		x->built = cache_load_xref(x->stem, x->c, x->opthash, &why);
	if (!x->built && x->can_build) {
		/* NULL if a text lent from its file changed (no spill file):
		 * the worker then waits for the loader's texts, as on a miss. */
		x->built = xref_build(x->c, &x->xo);
		/* For the next start; a cache that cannot be written only
		 * makes that one slower. */
		if (x->built && x->stem &&
		    atomic_compare_exchange_strong(&x->phase, &working, PHASE_SAVING)) {
			(void)cache_save_corpus(x->stem, x->c);
			(void)cache_save_xref(x->stem, x->c, x->opthash, x->built);
		}
	}
	if (x->built) {
		x->built_labels = xnav_labels(x->c);
	}
	atomic_store_explicit(&x->finished, true, memory_order_release);
	return NULL;
}

/* The main thread takes what the worker left. */
static void take(struct ui_xref *x)
{
	x->ix = x->built;
	x->labels = x->built_labels;
	x->built = NULL;
	x->built_labels = NULL;
	x->waiting = x->ix == NULL;
	x->announce = x->ix != NULL;
}

/* The stories and the provenance depend on the index alone: made once
 * per index, after it (the cross-references show meanwhile: at 100,000
 * articles grouping takes seconds), they keep the story view's and the
 * info pane's keys to looking up what is made. The cache keeps them with
 * the index's key, so a warm start reads them: grouping again was the
 * warm start's peak of memory, beside the loader and the first keys. */
static void *derive(void *arg)
{
	struct ui_xref *x = arg;
	struct story_options so = {.cancel = &x->dcancel};
	const char *why;

	setpriority(PRIO_PROCESS, (id_t)gettid(), 10);
	x->built_stories = x->stem ? cache_load_stories(x->stem, x->c, x->ix,
	                                                x->opthash, &why) :
	                             NULL;
	if (!x->built_stories) {
		x->built_stories = story_build(x->c, x->ix, &so);
		/* For the next start; not writing it only makes that one
		 * slower. */
		if (x->built_stories && x->stem)
			(void)cache_save_stories(x->stem, x->c, x->opthash,
			                         x->built_stories);
	}
	/* Cancelled: nothing is taken, the index is about to go. */
	if (x->built_stories && x->stem)
		x->built_prov = cache_load_provenance(x->stem, x->c, x->ix,
		                                      x->opthash, &why);
	if (x->built_stories && !x->built_prov) {
		x->built_prov = provenance_index_build(x->c, x->ix);
		if (x->stem)
			(void)cache_save_provenance(x->stem, x->c, x->opthash,
			                            x->ix, x->built_prov);
	}
	atomic_store_explicit(&x->dfinished, true, memory_order_release);
	return NULL;
}

static void take_derived(struct ui_xref *x)
{
	x->stories = x->built_stories;
	x->prov = x->built_prov;
	x->built_stories = NULL;
	x->built_prov = NULL;
	x->dannounce = true;
}

static void join_derive(struct ui_xref *x)
{
	if (!x->drunning)
		return;
	pthread_join(x->dthread, NULL);
	x->drunning = false;
	take_derived(x);
}

/* Starts the second thread on the index just taken. */
static void start_derive(struct ui_xref *x)
{
	if (!x->ix || x->stories || x->drunning)
		return;
	x->built_stories = NULL;
	x->built_prov = NULL;
	atomic_store_explicit(&x->dfinished, false, memory_order_relaxed);
	atomic_store_explicit(&x->dcancel, false, memory_order_relaxed);
	if (util_thread_start(&x->dthread, derive, x) == 0) {
		x->drunning = true;
		return;
	}
	/* No thread: here; the index waited, same result. */
	derive(x);
	take_derived(x);
}

static void join(struct ui_xref *x)
{
	if (x->running) {
		pthread_join(x->thread, NULL);
		x->running = false;
		take(x);
	}
	join_derive(x);
}

/* Starts the worker: try_cache, then build if can_build. */
static void run_worker(struct ui_xref *x, bool try_cache, bool can_build)
{
	x->try_cache = try_cache;
	x->can_build = can_build;
	x->waiting = false;
	atomic_store_explicit(&x->finished, false, memory_order_relaxed);
	atomic_store_explicit(&x->phase, PHASE_WORKING, memory_order_relaxed);
	if (util_thread_start(&x->thread, worker, x) == 0) {
		x->running = true;
		return;
	}
	/* No thread: do it here; slower to start, same result. */
	worker(x);
	take(x);
}

/* Starts the index with the aliases of alias_cfg (taken over; NULL: those
 * of ui->cfg). */
static void begin(struct ui *ui, struct config *alias_cfg)
{
	struct ui_xref *x = util_xcalloc(1, sizeof(*x));

	ui->xr = x;
	x->c = ui->c;
	x->stem = ui->opt->cache_stem;
	config_xref_options(ui->cfg, &x->xo);
	x->alias_cfg = alias_cfg;
	if (alias_cfg) {
		x->xo.aliases = alias_cfg->aliases;
		x->xo.alias_origins = alias_cfg->alias_origins;
		x->xo.naliases = alias_cfg->naliases;
	}
	x->opthash = xref_options_hash(&x->xo);
	atomic_init(&x->progress, 0);
	atomic_init(&x->cancel, false);
	atomic_init(&x->dcancel, false);
	x->xo.progress = &x->progress;
	x->xo.cancel = &x->cancel;
	x->shown_pct = -1;
	atomic_init(&x->finished, false);
	atomic_init(&x->dfinished, false);
	atomic_init(&x->phase, PHASE_WORKING);
	/* A corpus with a spill file lends its texts to the build from it. */
	run_worker(x, true, ui_load_texts_ready(ui) || ui->c->spill_fd > 0);
}

void ui_xref_start(struct ui *ui)
{
	begin(ui, NULL);
}

void ui_xref_wait(struct ui *ui)
{
	struct ui_xref *x = ui->xr;

	if (!x)
		return;
	join(x);
	if (x->waiting && ui_load_texts_ready(ui)) {
		run_worker(x, false, true);
		join(x);
	}
	start_derive(x);
	join_derive(x);
	/* The headless mode lays its panes out after this: they see the
	 * index and the stories without being told. */
	x->announce = false;
	x->dannounce = false;
}

void ui_xref_join(struct ui *ui)
{
	if (ui->xr)
		join(ui->xr);
}

bool ui_xref_busy(const struct ui *ui)
{
	return ui->xr && (ui->xr->running || ui->xr->drunning);
}

void ui_xref_stop(struct ui *ui)
{
	struct ui_xref *x = ui->xr;
	int working = PHASE_WORKING;

	if (!x || (!x->running && !x->drunning))
		return;
	/* A build cut short is not saved; a worker already writing the
	 * cache is let finish, which is short. */
	if (atomic_compare_exchange_strong(&x->phase, &working,
	                                   PHASE_ABANDONED))
		atomic_store_explicit(&x->cancel, true, memory_order_release);
	/* The stories are made again for the next index: the grouping
	 * under way stops at once rather than finish for nothing. */
	atomic_store_explicit(&x->dcancel, true, memory_order_release);
	join(x);
}

void ui_xref_poll(struct ui *ui)
{
	struct ui_xref *x = ui->xr;
	char *const *msgs;

	if (!x)
		return;
	if (x->drunning &&
	    atomic_load_explicit(&x->dfinished, memory_order_acquire)) {
		join_derive(x);
		ui->bars_dirty = true;
	}
	if (x->dannounce) {
		/* The stories came: the views that show them are told
		 * as they were of the index. */
		x->dannounce = false;
		for (int p = 0; p < PANE_COUNT; p++) {
			struct view *v = &ui->views[p];

			if (v->win && v->ops->xrefs)
				v->ops->xrefs(ui, v);
		}
		ui_dirty_all(ui);
	}
	if (x->running) {
		if (!atomic_load_explicit(&x->finished, memory_order_acquire)) {
			/* A 100,000-article build takes a while: the bar
			 * follows it. */
			if (build_pct(x) != x->shown_pct)
				ui->bars_dirty = true;
			return;
		}
		pthread_join(x->thread, NULL);
		x->running = false;
		take(x);
	}
	if (x->waiting && ui_load_texts_ready(ui)) {
		run_worker(x, false, true);
		if (x->running)
			return;
	}
	if (!x->announce)
		return;
	x->announce = false;
	start_derive(x);
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];

		if (v->win && v->ops->xrefs)
			v->ops->xrefs(ui, v);
	}
	/* A message already on the bar (a corrupt state file, a config
	 * error) matters more than the news that the index is ready. */
	msgs = xref_messages(x->ix);
	if (msgs && *msgs && !(ui->msg && ui->msg_error))
		ui_report(ui, true, "%s", *msgs);
	else if (!ui->msg)
		ui_report(ui, false, "%zu cross-references", xref_count(x->ix));
	ui_dirty_all(ui);
}

/* Frees the index and what points into the corpus (joined first). */
static void drop_index(struct ui_xref *x)
{
	atomic_store_explicit(&x->dcancel, true, memory_order_release);
	join(x);
	x->dannounce = false;
	story_free(x->stories);
	x->stories = NULL;
	provenance_index_free(x->prov);
	x->prov = NULL;
	xref_free((struct xref_index *)x->ix);
	x->ix = NULL;
	for (size_t i = 0; x->labels && i < x->c->n; i++)
		free(x->labels[i]);
	free(x->labels);
	x->labels = NULL;
	xnav_history_free(&x->hist);
}

void ui_xref_free(struct ui *ui)
{
	struct ui_xref *x = ui->xr;

	if (!x)
		return;
	drop_index(x);
	if (x->alias_cfg) {
		config_free(x->alias_cfg);
		free(x->alias_cfg);
	}
	free(x);
	ui->xr = NULL;
}

/* The corpus is being replaced: the worker reads the old one, the index
 * and the labels describe it. */
static void xref_closing(struct ui *ui)
{
	if (!ui->xr)
		return;
	drop_index(ui->xr);
	ui->xr->restart = true;
}

/* The new corpus is in place: index it, as the old one was. */
static void xref_opened(struct ui *ui)
{
	struct config *keep;

	if (!ui->xr || !ui->xr->restart)
		return;
	/* The corrections made so far hold for the new corpus too. */
	keep = ui->xr->alias_cfg;
	ui->xr->alias_cfg = NULL;
	ui_xref_free(ui);
	begin(ui, keep);
}

void ui_xref_reindex(struct ui *ui, struct config *fresh)
{
	struct ui_xref *x = ui->xr;
	struct xnav_history hist;
	struct xnav_pos here;
	bool here_ok;

	if (!x) {
		config_free(fresh);
		free(fresh);
		return;
	}
	/* The same machinery as a corpus change: the worker stops (a build
	 * under way is cancelled) and is joined before anything it reads
	 * changes; the places read stay in the history. */
	ui_xref_stop(ui);
	hist = x->hist;
	x->hist = (struct xnav_history){0};
	here = x->here;
	here_ok = x->here_ok;
	ui_xref_free(ui);
	begin(ui, fresh);
	ui->xr->hist = hist;
	ui->xr->here = here;
	ui->xr->here_ok = here_ok;
	/* The views let go of the old index's terms now ("indexing…"),
	 * and are told again when the new one is in. */
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view *v = &ui->views[p];

		if (v->win && v->ops->xrefs)
			v->ops->xrefs(ui, v);
	}
	ui_dirty_all(ui);
	/* Headless screens are the same on every run: wait for it. */
	if (ui->opt->headless) {
		ui_xref_join(ui);
		ui_xref_poll(ui);
	}
}

void ui_xref_aliases(const struct ui *ui, char *const **lines, size_t *n)
{
	const struct ui_xref *x = ui->xr;

	*lines = x ? x->xo.aliases : ui->cfg->aliases;
	*n = x ? x->xo.naliases : ui->cfg->naliases;
}

static bool xref_busy(const struct ui *ui)
{
	return ui_xref_busy(ui);
}

const struct ui_job_ops ui_xref_job = {
	.name = "index",
	.start = ui_xref_start,
	.poll = ui_xref_poll,
	.busy = xref_busy,
	.join = ui_xref_join,
	.closing = xref_closing,
	.opened = xref_opened,
	.stop = ui_xref_stop,
	.done = ui_xref_free,
};

const struct xref_index *ui_xref_index(const struct ui *ui)
{
	return ui->xr ? ui->xr->ix : NULL;
}

const struct story_set *ui_xref_stories(const struct ui *ui)
{
	return ui->xr && ui->xr->ix ? ui->xr->stories : NULL;
}

const struct provenance_index *ui_xref_provenance(const struct ui *ui)
{
	return ui->xr && ui->xr->ix ? ui->xr->prov : NULL;
}

const char *ui_xref_status(const struct ui *ui)
{
	struct ui_xref *x = ui->xr;
	const char *dots = ui->utf8 ? "…" : "...";

	if (!ui_xref_busy(ui) && !(x && x->waiting))
		return NULL;
	if (!x->running && x->drunning) {
		snprintf(x->status, sizeof(x->status), "grouping stories%s",
		         dots);
		return x->status;
	}
	/* Reading a cached index has no steps to count: just "indexing…". */
	x->shown_pct = x->running ? build_pct(x) : 0;
	if (x->shown_pct > 0)
		snprintf(x->status, sizeof(x->status), "indexing %d%%%s",
		         x->shown_pct, dots);
	else
		snprintf(x->status, sizeof(x->status), "indexing%s", dots);
	return x->status;
}

const char *ui_xref_label(const struct ui *ui, size_t art)
{
	if (!ui->xr || !ui->xr->labels || art >= ui->c->n)
		return "";
	return ui->xr->labels[art];
}

const char *ui_xref_source(const struct ui *ui, size_t art, char *buf,
                           size_t n)
{
	const struct article *a = &ui->c->articles[art];
	const char *base = strrchr(a->file, '/'), *us, *dot;
	size_t stem;

	if (article_outlet(a))
		return article_outlet(a);
	if (*ui_xref_label(ui, art))
		return ui_xref_label(ui, art);
	base = base ? base + 1 : a->file;
	dot = strrchr(base, '.');
	stem = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	us = strchr(base, '_');
	if (!us || us == base || (size_t)(us - base) >= stem)
		return a->source ? a->source : "";
	snprintf(buf, n, "%.*s", (int)(us - base), base);
	return buf;
}

long ui_xref_article_count(const struct ui *ui, size_t art)
{
	const struct xref_index *ix = ui_xref_index(ui);
	size_t n;

	if (!ix)
		return -1;
	xref_article_terms(ix, art, &n);
	return (long)n;
}

/* ---- the reader ---------------------------------------------------- */

attr_t ui_xref_attr(const struct ui *ui, const struct xref_term *t, bool cur)
{
	bool wide = t->narticles >= 3;
	enum config_color e;

	if (cur)
		e = COLOR_ELEM_xref_current;
	else if (t->kind == XREF_NAME)
		e = wide ? COLOR_ELEM_xref_name_wide : COLOR_ELEM_xref_name;
	else if (t->kind == XREF_NUMBER)
		e = COLOR_ELEM_xref_number;
	else
		e = COLOR_ELEM_xref_passage;
	if (ui->color)
		return ui->attr[e];
	/* Without colour the configured attributes of these elements (bold
	 * for names and numbers alike) would make the kinds look the same:
	 * each kind gets an attribute of its own, and bold tells spread. */
	switch (e) {
	case COLOR_ELEM_xref_current: return A_REVERSE;
	case COLOR_ELEM_xref_name: return A_UNDERLINE;
	case COLOR_ELEM_xref_name_wide: return A_UNDERLINE | A_BOLD;
	case COLOR_ELEM_xref_number: return A_BOLD;
	default: return A_DIM;
	}
}

bool ui_xref_highlighted(const struct ui *ui, const struct xref_term *t)
{
	return !t->common || ui->cfg->highlight_common;
}

void ui_xref_spans(struct ui *ui, size_t art, long cur, bool converted,
                   struct ui_span **spans, size_t *n, size_t *cap)
{
	const struct xref_index *ix = ui_xref_index(ui);
	const struct xref_occ *o;
	const char *text;
	size_t no, tlen;
	struct ui_display_map map;

	*n = 0;
	if (!ix || art >= ui->c->n)
		return;
	o = xref_occs(ix, art, &no);
	if (no == 0)
		return;
	text = ui_article_text(ui, art, &tlen);
	/* An index from the cache may be older than a text read on demand
	 * (the file changed; the loader will replace the corpus): never
	 * highlight past the end. Occurrences are sorted by offset. */
	while (no && o[no - 1].off + o[no - 1].len > tlen)
		no--;
	util_grow((void **)spans, cap, no ? no : 1, sizeof(**spans));
	map = (struct ui_display_map){.src = text};
	for (size_t i = 0; i < no; i++) {
		size_t off = o[i].off, len = o[i].len;
		const struct xref_term *t = xref_get(ix, o[i].term);

		/* The reader shows the converted text: occurrences are
		 * sorted and do not overlap, so they map piece by piece. */
		if (converted)
			ui_display_map_range(ui, &map, &off, &len);
		/* A common term is plain text (an empty span keeps span i
		 * occurrence i), unless it is the current one. */
		if ((long)i != cur && !ui_xref_highlighted(ui, t))
			len = 0;
		(*spans)[i] = (struct ui_span){
			.off = off,
			.len = len,
			.attr = ui_xref_attr(ui, t, (long)i == cur),
		};
	}
	*n = no;
}

/* The term's name gives way first when the bar is narrow (a passage's
 * display is a whole opening sentence): the kind, the count and the key
 * say what to do with it. It keeps a few columns however narrow. */
enum { DESCRIBE_NAME_MAX = 32, DESCRIBE_NAME_MIN = 6 };

char *ui_xref_describe(const struct ui *ui, uint32_t term, size_t k,
                       size_t n, const char *key, int cols)
{
	const struct xref_index *ix = ui_xref_index(ui);
	const struct xref_term *t;
	struct strbuf head = {0}, tail = {0};
	char *name, *out;
	int room;

	if (!ix || term >= xref_count(ix))
		return NULL;
	t = xref_get(ix, term);
	sb_printf(&head, "xref %zu/%zu: %s%s", k, n, xref_kind_name(t->kind),
	          ui->sep);
	sb_printf(&tail, "%s%zu articles", ui->sep, t->narticles);
	/* The info pane lists articles; two of them from one outlet are
	 * still one source, which tells how independent they are. */
	if (t->nsources && t->nsources < t->narticles)
		sb_printf(&tail, " (%u sources)", (unsigned)t->nsources);
	if (key)
		sb_printf(&tail, "%s%s follows", ui->sep, key);
	room = cols - layout_width(head.s, head.len) -
	       layout_width(tail.s, tail.len);
	room = room > DESCRIBE_NAME_MAX ? DESCRIBE_NAME_MAX :
	       room < DESCRIBE_NAME_MIN ? DESCRIBE_NAME_MIN : room;
	name = layout_truncate(t->display, room, !ui->utf8);
	out = util_xasprintf("%s%s%s", head.s, name, tail.s);
	free(name);
	sb_free(&head);
	sb_free(&tail);
	return out;
}

/* ---- the info pane ---------------------------------------------------- */

/* Labels shown after a term before "+N more". */
enum { ENTRY_LABELS = 8 };

/* Where the alias line that names display was read, when that is the
 * user's own kilde.ini (ulabel, as config.c names it: the corrections go
 * there, and the person may want to edit or undo one), else NULL. The
 * shipped table is not named: it would follow every country. */
static const char *user_origin(const struct ui *ui, const char *display,
                               const char *ulabel)
{
	const struct ui_xref *x = ui->xr;
	size_t ul = ulabel ? strlen(ulabel) : 0;

	if (!x || !ulabel || !x->xo.alias_origins)
		return NULL;
	for (size_t i = x->xo.naliases; i-- > 0;) {
		const char *line = x->xo.aliases[i], *tab = strchr(line, '\t');
		const char *o = x->xo.alias_origins[i];
		const char *a, *z;

		if (!tab || !o || strncmp(o, ulabel, ul) || o[ul] != ':')
			continue;
		a = tab + 1;
		z = strchr(a, '|');
		z = z ? z : a + strlen(a);
		while (a < z && (*a == ' ' || *a == '\t'))
			a++;
		while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
			z--;
		if (strlen(display) == (size_t)(z - a) &&
		    !strncmp(a, display, (size_t)(z - a)))
			return o;
	}
	return NULL;
}

size_t ui_xref_entries(struct ui *ui, size_t art, struct ui_xref_entry **out)
{
	const struct xref_index *ix = ui_xref_index(ui);
	const uint32_t *terms;
	size_t n;
	struct ui_xref_entry *e;
	const char *dash = ui->utf8 ? " — " : " - ";
	char *user, *ulabel;

	*out = NULL;
	if (!ix || art >= ui->c->n)
		return 0;
	terms = xref_article_terms(ix, art, &n);
	if (n == 0)
		return 0;
	e = util_xcalloc(n, sizeof(*e));
	user = config_user_path();
	ulabel = user ? config_display_path(user) : NULL;
	for (size_t i = 0; i < n; i++) {
		const struct xref_term *t = xref_get(ix, terms[i]);
		struct strbuf sb = {0};
		size_t shown = 0, tlen, conv_len;
		const char *origin;
		char *conv;

		sb_puts(&sb, t->display);
		tlen = sb.len;
		/* Feng Tie — ambassador: who the name is, as the articles say. */
		if (t->role)
			sb_printf(&sb, "%s%s", dash, t->role);
		sb_puts(&sb, dash);
		for (size_t k = 0; k < t->narticles; k++) {
			if (t->articles[k] == art)
				continue;
			if (shown == ENTRY_LABELS) {
				sb_printf(&sb, " +%zu", t->narticles - 1 - shown);
				break;
			}
			sb_printf(&sb, "%s%s", shown ? ", " : "",
			          ui_xref_label(ui, t->articles[k]));
			shown++;
		}
		origin = t->kind == XREF_NAME ?
		         user_origin(ui, t->display, ulabel) : NULL;
		if (origin)
			sb_printf(&sb, " (%s)", origin);
		e[i].term = terms[i];
		e[i].attr = ui_xref_attr(ui, t, false);
		conv = ui_display_text(ui, sb.s, sb.len, &conv_len);
		if (conv) {
			size_t l;
			char *ct = ui_display_text(ui, sb.s, tlen, &l);

			e[i].text = conv;
			e[i].termlen = ct ? l : tlen;
			free(ct);
			sb_free(&sb);
		} else {
			e[i].text = sb_take(&sb);
			e[i].termlen = tlen;
		}
	}
	free(user);
	free(ulabel);
	*out = e;
	return n;
}

void ui_xref_entries_free(struct ui_xref_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].text);
	free(e);
}

/* ---- history ------------------------------------------------------------ */

void ui_history_jump(struct ui *ui)
{
	struct ui_xref *x = ui->xr;
	struct xnav_pos p;
	bool visited = false, have;

	if (!x)
		return;
	have = ui_xref_reading(ui, &p, &visited);
	/* From the reader, or an overlay or the info pane beside it: where
	 * the reader is. From the list: the article read last, which the
	 * reader may no longer show. */
	if (have && ui->focus != PANE_LIST)
		xnav_jump(&x->hist, &p);
	else if (x->here_ok)
		xnav_jump(&x->hist, &x->here);
	else if (have && visited)
		xnav_jump(&x->hist, &p);
	x->here_ok = false;
}

void ui_history_leave(struct ui *ui, const struct xnav_pos *p)
{
	struct ui_xref *x = ui->xr;

	if (!x || x->navigating)
		return;
	x->here = *p;
	x->here_ok = true;
}

bool ui_history_move(struct ui *ui, bool back, struct xnav_pos *to)
{
	struct ui_xref *x = ui->xr;
	struct xnav_pos cur;
	bool have;

	if (!x)
		return false;
	have = ui_xref_reading(ui, &cur, NULL);
	if (ui->focus != PANE_READER && x->here_ok)
		cur = x->here;
	else if (!have)
		return false;
	if (!(back ? xnav_back(&x->hist, &cur, to) :
	             xnav_forward(&x->hist, &cur, to)))
		return false;
	x->here_ok = false;
	return true;
}

void ui_history_navigating(struct ui *ui, bool on)
{
	if (ui->xr)
		ui->xr->navigating = on;
}

bool ui_xref_reading(const struct ui *ui, struct xnav_pos *p, bool *visited)
{
	if (ui->rd.art < 0)
		return false;
	p->art = (size_t)ui->rd.art;
	p->top_off = ui->rd.top_off;
	p->occ = ui->rd.occ;
	p->end_off = ui->rd.end_off;
	if (visited)
		*visited = ui->rd.visited;
	return true;
}
