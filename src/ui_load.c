/* ui_load.c - the warm start: the interface draws a corpus that
 * came from the cache (metadata only) at once, and a loader thread reads
 * the corpus from the disk behind the first frame with corpus_load, into a
 * corpus of its own. The main loop takes the result in at its poll points:
 *   - the same corpus (same fingerprint, same files): every article that
 *     has no text yet takes the loaded one (and its word breaks); an
 *     article already read on demand keeps its text, which the reader may
 *     be showing, and the loaded copy is freed;
 *   - a corpus that changed on disk replaces the one on screen: the index,
 *     the search and the panes start over on it, the selection stays on
 *     the same file when it still exists, and the status bar says so.
 * The loader never changes the interface's corpus; it runs at a lower
 * priority so that keys stay fast while 100,000 files are read.
 *
 * The cold start works the same way: with no cache, the interface draws
 * an empty list at once, the loader lists the folders (corpus_list) and
 * the names replace it, then the loader reads the files (their metadata,
 * the texts into a spill file, as corpus_load_meta does) with the count
 * in the status bar, and the corpus it read replaces the list of names.
 * The loader then starts again on that corpus, as on a warm start: the
 * texts come from the spill file once the index is built from it. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "kilde/ui_load.h"
#include "kilde/util.h"

/* How much nicer than the interface the loader runs (setpriority). */
enum { LOADER_NICE = 10 };

/* A loaded article's text, set aside by the loader when the corpus is
 * the same, so that the rest of the loaded corpus can be freed there and
 * not on the UI thread (100,000 articles' metadata). */
struct loaded_text {
	char *text;
	size_t len;
	uint8_t *brk;
};

/* A text read on demand on the UI thread, before the loader delivered
 * it. It lives here and not in the struct article: the loader reads the
 * articles' lengths and the index worker lends their texts meanwhile, and
 * a field that one thread writes while another reads is a race. Only the
 * UI thread reads and writes these; they go into the articles when both
 * threads have been joined (adopt). */
struct demand_text {
	char *text; /* owned, NULL until read */
	size_t len;
};

/* Threads: the loader writes same, texts and fresh and then sets
 * finished (release); the UI thread reads those only after it joined the
 * loader. last_key_ns, hurry and quit are written by the UI thread and
 * read by the loader (acquire). Everything else is the UI thread's. */
struct ui_load {
	const struct corpus *c; /* the interface's: the loader only reads
	                           the fingerprint, the file names and the
	                           lengths, which nothing changes while it
	                           runs */
	char **paths; /* a copy of the corpus paths (owned) */
	size_t npaths;
	pthread_t thread;
	bool started;         /* the loader was started (it may be done) */
	bool running;         /* started and not yet joined */
	atomic_bool finished; /* set by the loader as its last act */
	struct demand_text *demand; /* c->n of them, or NULL (owned) */
	/* Written by the loader, read by the main thread once joined: the
	 * texts of the same corpus (same), else the corpus that replaces
	 * it. */
	bool same;
	struct loaded_text *texts; /* c->n of them when same and no spill
	                              file could be made (owned) */
	struct corpus_spill *spill; /* when same: the texts read, not held
	                               (owned until given to the corpus) */
	uint64_t *offs;             /* c->n: each text's place in spill */
	struct corpus fresh;
	bool done; /* taken in: every article has its text */
	/* Keys come first: the time of the last key (set by the main loop)
	 * makes the loader pause, unless someone waits for it (hurry). */
	atomic_ullong last_key_ns;
	atomic_bool hurry;
	/* The interface is quitting: the loader stops where it can. */
	atomic_bool quit;
	/* Reading the files of a corpus of names (corpus_list): the count
	 * of files read, and what the status bar shows of it. */
	struct corpus_progress prog;
	size_t shown;
	char status[96];
	/* The folders are not listed yet (ui_options.names_later): the
	 * loader's first round only lists them (corpus_list). Written by the
	 * UI thread before the loader starts and after it joined it. */
	bool walk;
};

/* The loader pauses while keys come closer together than this. */
#define KEY_QUIET_NS (100ull * 1000 * 1000)

static const char loading_msg[] = "loading articles…";
static const char loading_msg_ascii[] = "loading articles...";
static const char listing_msg[] = "reading the folder…";
static const char listing_msg_ascii[] = "reading the folder...";

/* The loaded corpus is the one on screen: same fingerprint (every file's
 * name, size and modification time) and, to be sure, the same files in
 * the same order, since article indices must mean the same articles. */
static bool same_corpus(const struct corpus *c, const struct corpus *fresh)
{
	if (c->fingerprint != fresh->fingerprint || c->n != fresh->n)
		return false;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->articles[i].file, fresh->articles[i].file) != 0)
			return false;
	return true;
}

static void *finish(struct ui_load *l)
{
	atomic_store_explicit(&l->finished, true, memory_order_release);
	return NULL;
}

/* While the user is typing, the loader waits: on two cores its reads,
 * allocations and page faults made a key now and then take 20-80 ms
 * instead of 1 (measured with tools/ptykeys.c, PTYKEYS_SLOW). Checked
 * every few files, so a pause starts within a millisecond or so. */
static void yield_to_keys(struct ui_load *l)
{
	const struct timespec nap = {0, 20 * 1000 * 1000};

	while (!atomic_load_explicit(&l->hurry, memory_order_acquire) &&
	       !atomic_load_explicit(&l->quit, memory_order_acquire) &&
	       util_now_ns() - atomic_load_explicit(&l->last_key_ns,
	                                            memory_order_acquire) <
	               KEY_QUIET_NS)
		nanosleep(&nap, NULL);
}

static bool quitting(struct ui_load *l)
{
	return atomic_load_explicit(&l->quit, memory_order_acquire);
}

/* Between two files of a cold load (on its reading threads). */
static bool pause_for_keys(void *ctx)
{
	struct ui_load *l = ctx;

	yield_to_keys(l);
	return quitting(l);
}

/* Forgets what same_files read so far (i texts). */
static void drop_read(struct ui_load *l, size_t i)
{
	for (size_t k = 0; l->texts && k < i; k++)
		free(l->texts[k].text);
	free(l->texts);
	l->texts = NULL;
	corpus_spill_free(l->spill);
	l->spill = NULL;
	free(l->offs);
	l->offs = NULL;
}

/* The cheap way, taken when the disk still has exactly the files the
 * cache describes (the walk's fingerprint, stat only): read and decode
 * only the texts. The metadata is already there, so no detection and no
 * word breaks (they were most of the loader's CPU and 40 MB at
 * 100,000 articles, while keys were being answered). A file that cannot
 * be read now, or whose text has another length than the cache says,
 * changed after the walk: then the full load decides.
 *
 * The texts are not held: they go to a spill file, from which
 * corpus_text_get lends them as the cold load's (the whole corpus once
 * more in memory put the interface at 2.4 times the corpus at 100,000
 * articles). A cold corpus has its spill file already: nothing to read.
 * Only without a file of its own does the loader keep them. */
static bool same_files(struct ui_load *l)
{
	const struct corpus *c = l->c;

	if (corpus_fingerprint(l->paths, l->npaths) != c->fingerprint)
		return false;
	if (c->spill_fd > 0) {
		l->same = true;
		return true;
	}
	l->spill = corpus_spill_new();
	if (l->spill)
		l->offs = util_xcalloc(c->n + 1, sizeof(*l->offs));
	else
		l->texts = util_xcalloc(c->n + 1, sizeof(*l->texts));
	for (size_t i = 0; i < c->n; i++) {
		struct article a = {.path = c->articles[i].path};

		if (i % 16 == 0)
			yield_to_keys(l);
		/* A spilled copy is the text loaded, and costs no open. */
		if (quitting(l)) {
			a.text = NULL;
		} else if ((a.text = corpus_spilled_text(c, i)) != NULL) {
			a.len = c->articles[i].len;
		}
		if (!a.text && (quitting(l) || corpus_load_text(&a) < 0 ||
		                a.len != c->articles[i].len)) {
			free(a.text);
			drop_read(l, i);
			return false;
		}
		if (!l->spill) {
			l->texts[i] = (struct loaded_text){a.text, a.len, NULL};
			continue;
		}
		/* Not written (a full disk): read from its file when lent. */
		if (!corpus_spill_add(l->spill, a.text, a.len, &l->offs[i]))
			l->offs[i] = CORPUS_NO_SPILL;
		free(a.text);
	}
	l->same = true;
	return true;
}

static void *loader(void *arg)
{
	struct ui_load *l = arg;

	if (l->walk) {
		/* The names first, for the list; the files are read in the
		 * next round (a thread of its own), once the names are on
		 * the screen. Not niced: the list is what the user waits
		 * for, and listing is a tenth of a second at 100,000 files. */
		corpus_list(&l->fresh, l->paths, l->npaths);
		l->same = false;
		return finish(l);
	}
	/* Linux gives each thread a nice value of its own, and the threads
	 * corpus_load starts to decode inherit it. Failing is harmless. */
	(void)setpriority(PRIO_PROCESS, (id_t)gettid(), LOADER_NICE);
	if (l->c->listed) {
		/* Names only on screen: everything is read now, the texts
		 * into a spill file, so that the index is built from there
		 * before the texts are held (as a cold start always did). */
		l->fresh.progress = &l->prog;
		corpus_load_meta(&l->fresh, l->paths, l->npaths, true);
		l->fresh.progress = NULL;
		l->same = false;
		return finish(l);
	}
	if (same_files(l) || quitting(l))
		return finish(l);
	corpus_load(&l->fresh, l->paths, l->npaths);
	l->same = same_corpus(l->c, &l->fresh);
	if (l->same) {
		l->texts = util_xcalloc(l->fresh.n + 1, sizeof(*l->texts));
		for (size_t i = 0; i < l->fresh.n; i++) {
			struct article *f = &l->fresh.articles[i];

			l->texts[i] = (struct loaded_text){f->text, f->len, f->brk};
			f->text = NULL;
			f->brk = NULL;
		}
		corpus_free(&l->fresh);
	}
	return finish(l);
}

/* The loader's state, made when first needed: by the start, or by a text
 * read on demand before it. */
static struct ui_load *get(struct ui *ui)
{
	const struct ui_options *opt = ui->opt;
	struct ui_load *l = ui->ld;

	if (l)
		return l;
	l = util_xcalloc(1, sizeof(*l));
	ui->ld = l;
	l->c = ui->c;
	/* The fresh load is told to load as the shown corpus was. */
	l->fresh.clutter = ui->c->clutter;
	l->fresh.no_meta = ui->c->no_meta;
	l->npaths = opt->npaths;
	l->paths = util_xcalloc(opt->npaths + 1, sizeof(*l->paths));
	for (size_t i = 0; i < opt->npaths; i++)
		l->paths[i] = util_xstrdup(opt->paths[i]);
	atomic_init(&l->finished, false);
	atomic_init(&l->last_key_ns, 0);
	atomic_init(&l->hurry, false);
	atomic_init(&l->quit, false);
	atomic_init(&l->prog.done, 0);
	l->prog.pause = pause_for_keys;
	l->prog.ctx = l;
	l->walk = opt->names_later;
	return l;
}

/* The corpus read from a list of names is in: the loader goes again,
 * for its texts (ui_load_poll starts it once the index is built). */
static void rearm(struct ui *ui, struct ui_load *l)
{
	l->started = false;
	l->done = false;
	l->same = false;
	drop_read(l, 0);
	l->fresh = (struct corpus){.clutter = ui->c->clutter,
	                           .no_meta = ui->c->no_meta};
	atomic_store_explicit(&l->finished, false, memory_order_relaxed);
	atomic_store_explicit(&l->hurry, false, memory_order_relaxed);
}

static bool started(const struct ui *ui)
{
	return ui->ld && ui->ld->started;
}

static void start(struct ui *ui)
{
	struct ui_load *l;

	if (!ui->opt->texts_later || started(ui))
		return;
	l = get(ui);
	l->started = true;
	if (util_thread_start(&l->thread, loader, l) == 0) {
		l->running = true;
		return;
	}
	/* No thread: read it here; slower to start, same result. */
	loader(l);
}

void ui_load_start(struct ui *ui)
{
	if (ui->c->spill_fd > 0 && ui_job_busy(ui, UI_JOB_INDEX))
		return;
	start(ui);
}

bool ui_load_busy(const struct ui *ui)
{
	return ui->ld && ui->ld->running;
}

bool ui_load_texts_ready(const struct ui *ui)
{
	/* A corpus from the cache before the loader starts has no texts
	 * either (the headless mode starts it before its first frame). */
	if (!started(ui))
		return !ui->opt->texts_later;
	return ui->ld->done;
}

static void join(struct ui_load *l)
{
	if (!l->running)
		return;
	pthread_join(l->thread, NULL);
	l->running = false;
}

/* Frees the texts read on demand (their views were closed). */
static void free_demand(struct ui_load *l, size_t n)
{
	for (size_t i = 0; l->demand && i < n; i++)
		free(l->demand[i].text);
	free(l->demand);
	l->demand = NULL;
}

/* Both threads joined: the articles take the texts. A text read on
 * demand goes into its article as it is (the reader may be showing it);
 * the loaded one is dropped. */
static void adopt(struct corpus *c, struct loaded_text *texts,
                  struct demand_text *demand)
{
	for (size_t i = 0; i < c->n; i++) {
		struct article *a = &c->articles[i];
		struct loaded_text *t = &texts[i];

		if (!a->text && demand && demand[i].text) {
			a->text = demand[i].text;
			a->len = demand[i].len;
			demand[i].text = NULL;
		}
		if (!a->text) {
			a->text = t->text;
			a->len = t->len;
			free(a->brk);
			a->brk = t->brk;
			t->text = NULL;
			t->brk = NULL;
		} else if (!a->brk && t->brk && a->len == t->len &&
		           memcmp(a->text, t->text, a->len) == 0) {
			/* Read on demand (without breaks): keep the text
			 * the reader may be showing, take the breaks. */
			a->brk = t->brk;
			t->brk = NULL;
		}
		free(t->text);
		free(t->brk);
	}
	free(texts);
	free(demand);
}

bool ui_load_reread(struct ui *ui)
{
	struct corpus fresh = {0};

	/* A loader still reading may have read the file before the edit:
	 * take in what it has, then read again. */
	ui_load_wait_quiet(ui);
	corpus_load(&fresh, ui->opt->paths, ui->opt->npaths);
	if (same_corpus(ui->c, &fresh)) {
		corpus_free(&fresh);
		return false;
	}
	ui_corpus_replace(ui, &fresh);
	return true;
}

/* Takes in the finished loader's corpus. Returns true if it replaced the
 * one on screen. */
static bool take_in(struct ui *ui)
{
	struct ui_load *l = ui->ld;

	l->done = true;
	if (l->same) {
		/* A text read on demand stays in the loader's table, where
		 * the reader found it. */
		if (l->spill)
			corpus_spill_give(ui->c, l->spill, l->offs);
		l->spill = NULL;
		free(l->offs);
		l->offs = NULL;
		if (l->texts) {
			adopt(ui->c, l->texts, l->demand);
			l->texts = NULL;
			l->demand = NULL;
		}
		return false;
	}
	if (ui->c->listed) {
		bool walked = l->walk;

		l->walk = false;
		ui_corpus_replace(ui, &l->fresh);
		rearm(ui, l);
		/* Not a change on disk: the first look at it. */
		free(ui->msg);
		ui->msg = NULL;
		ui->bars_dirty = true;
		ui_start_message(ui);
		/* The names are in: their files are read at once. The index
		 * worker, started again on the names, only looks for a
		 * cached index meanwhile, as it did beside the first round. */
		if (walked)
			start(ui);
		return true;
	}
	ui_corpus_replace(ui, &l->fresh);
	return true;
}

bool ui_load_listing(const struct ui *ui)
{
	return ui->opt->names_later && (!ui->ld || ui->ld->walk);
}

const char *ui_load_status(struct ui *ui)
{
	struct ui_load *l = ui->ld;
	char done[32], all[32];

	if (ui_load_listing(ui))
		return ui->utf8 ? listing_msg : listing_msg_ascii;
	if (!l || !l->running || !ui->c->listed)
		return NULL;
	l->shown = atomic_load_explicit(&l->prog.done, memory_order_relaxed);
	util_group_digits(done, sizeof(done), l->shown);
	util_group_digits(all, sizeof(all), ui->c->n);
	snprintf(l->status, sizeof(l->status), "reading %s of %s", done, all);
	return l->status;
}

void ui_load_poll(struct ui *ui)
{
	struct ui_load *l = ui->ld;

	if (!started(ui) && ui->opt->texts_later && !ui_job_busy(ui, UI_JOB_INDEX)) {
		start(ui); /* it waited for the index (ui_load_start) */
		return;
	}
	if (!started(ui) || l->done)
		return;
	if (l->running) {
		if (!atomic_load_explicit(&l->finished, memory_order_acquire)) {
			if (ui->c->listed &&
			    atomic_load_explicit(&l->prog.done, memory_order_relaxed) != l->shown)
				ui->bars_dirty = true;
			return;
		}
		join(l);
	}
	/* The index worker may be checking a cached index against the
	 * corpus: no article changes under it. It is quick; the next poll
	 * takes the texts in. */
	if (ui_job_busy(ui, UI_JOB_INDEX))
		return;
	take_in(ui);
}

static bool wait_for(struct ui *ui, bool say)
{
	struct ui_load *l = ui->ld;
	const char *msg = ui->utf8 ? loading_msg : loading_msg_ascii;
	bool said = false, replaced;

	if (!started(ui) && ui->opt->texts_later) {
		start(ui); /* waiting for the index: needed now */
		l = ui->ld;
	}
	if (!started(ui) || l->done)
		return false;
	if (say && l->running &&
	    !atomic_load_explicit(&l->finished, memory_order_acquire)) {
		ui_report(ui, false, "%s", msg);
		ui_flush(ui);
		said = true;
	}
	atomic_store_explicit(&l->hurry, true, memory_order_release);
	join(l);
	ui_job_join(ui, UI_JOB_INDEX);
	if (ui->c->listed) {
		/* The names are replaced by the corpus read; its texts come
		 * next, and are what the caller waits for. */
		take_in(ui);
		wait_for(ui, false);
		replaced = true;
	} else {
		replaced = take_in(ui);
	}
	if (said && ui->msg && strcmp(ui->msg, msg) == 0) {
		free(ui->msg);
		ui->msg = NULL;
		ui->bars_dirty = true;
	}
	return replaced;
}

bool ui_load_wait(struct ui *ui)
{
	return wait_for(ui, true);
}

void ui_load_wait_quiet(struct ui *ui)
{
	wait_for(ui, false);
}

void ui_load_key(struct ui *ui)
{
	/* Also before the loader runs: a key typed before the first frame
	 * holds back its first file. */
	if (ui->ld)
		atomic_store_explicit(&ui->ld->last_key_ns, util_now_ns(),
		                      memory_order_release);
}

void ui_load_stop(struct ui *ui)
{
	struct ui_load *l = ui->ld;

	if (!l || !l->running)
		return;
	atomic_store_explicit(&l->quit, true, memory_order_release);
	join(l);
}

const char *ui_article_text(struct ui *ui, size_t i, size_t *len)
{
	const struct article *a = &ui->c->articles[i];
	struct ui_load *l;
	struct demand_text *d;

	if (a->text) {
		if (len)
			*len = a->len;
		return a->text;
	}
	/* Read into the loader's table, never into the article: see
	 * struct demand_text. */
	l = get(ui);
	if (!l->demand)
		l->demand = util_xcalloc(ui->c->n + 1, sizeof(*l->demand));
	d = &l->demand[i];
	if (!d->text && ui->c->spill_fd > 0) {
		/* One pread (the spill file is the loader's or the cold
		 * load's; only the UI thread gives one to the corpus), of the
		 * text alone: the reader has no use for its breaks. */
		d->text = corpus_spilled_text(ui->c, i);
		if (d->text)
			d->len = a->len;
	}
	if (!d->text) {
		struct article tmp = {.path = a->path};

		/* A file that cannot be read gives "" (and is not read
		 * again). */
		(void)corpus_load_text(&tmp);
		d->text = tmp.text ? tmp.text : util_xstrdup("");
		d->len = tmp.text ? tmp.len : 0;
	}
	if (len)
		*len = d->len;
	return d->text;
}

size_t ui_article_clutter(struct ui *ui, size_t i, struct clutter_span **out)
{
	size_t len, n;
	const char *text = ui_article_text(ui, i, &len);
	struct clutter_doc d;

	*out = NULL;
	if (!ui->c->clutter || !ui->c->clutter->enabled || !len)
		return 0;
	clutter_classify(text, len, ui->c->clutter, &d);
	n = clutter_spans(&d, out);
	clutter_doc_free(&d);
	return n;
}

void ui_load_free(struct ui *ui)
{
	struct ui_load *l = ui->ld;

	if (!l)
		return;
	join(l);
	if (l->texts) {
		for (size_t i = 0; i < l->c->n; i++) {
			free(l->texts[i].text);
			free(l->texts[i].brk);
		}
		free(l->texts);
	}
	corpus_spill_free(l->spill);
	free(l->offs);
	free_demand(l, l->c->n);
	corpus_free(&l->fresh);
	for (size_t i = 0; i < l->npaths; i++)
		free(l->paths[i]);
	free(l->paths);
	free(l);
	ui->ld = NULL;
}

/* A corpus changed on disk is being replaced (by take_in): the texts read
 * on demand belong to the old one, and the panes that showed them are
 * closed by now. */
static void load_closing(struct ui *ui)
{
	if (ui->ld)
		free_demand(ui->ld, ui->c->n);
}

const struct ui_job_ops ui_load_job = {
	.name = "loader",
	.start = ui_load_start,
	.poll = ui_load_poll,
	.busy = ui_load_busy,
	.closing = load_closing,
	.stop = ui_load_stop,
	.done = ui_load_free,
};
