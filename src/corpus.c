/* corpus.c - loads articles from folders and files, and applies the
 * optional corpus.ini metadata. Whatever cannot be used (binary, empty,
 * too large, unreadable, vanished, symlink loops) becomes a skipped entry
 * with the reason, and the rest of the corpus loads. No ncurses here. */
#include "kilde/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iniparser.h>
#include <unictype.h>

#include "kilde/ini.h"
#include "kilde/text.h"
#include "kilde/util.h"

#define META_FILE "corpus.ini"

static void add_skip(struct corpus *c, const char *path, const char *reason)
{
	util_grow((void **)&c->skipped, &c->skipcap, c->nskipped + 1,
	          sizeof(*c->skipped));
	c->skipped[c->nskipped++] = (struct corpus_skip){
		.path = text_clean_name(path), .reason = util_xstrdup(reason)};
}

static void add_warning(struct corpus *c, char *msg)
{
	util_grow((void **)&c->warnings, &c->warncap, c->nwarnings + 1,
	          sizeof(*c->warnings));
	c->warnings[c->nwarnings++] = msg;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/* File name without directory and extension: the default source. */
static char *stem(const char *name)
{
	const char *b = base_name(name), *dot = strrchr(b, '.');

	return util_xstrndup(b, dot && dot > b ? (size_t)(dot - b) : strlen(b));
}

static bool all_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		int k = text_next_char(s + i, n - i, &uc);
		if (!uc_is_property_white_space(uc))
			return false;
		i += (size_t)k;
	}
	return true;
}

/* Makes an article of decoded text (taken over) and, with detect, detects
 * its metadata. */
static void init_article(struct article *a, const char *path,
                         const char *name, char *text, size_t len,
                         enum text_encoding enc,
                         const struct clutter_rules *rules, bool detect)
{
	*a = (struct article){0};
	a->path = util_xstrdup(path);
	/* A file name can hold escape sequences or invalid UTF-8: everything
	 * shown (list, info pane, --list, --xrefs) uses the cleaned name. */
	a->file = text_clean_name(name);
	a->text = text;
	a->len = len;
	a->enc = enc;
	a->source = stem(a->file);
	a->url = util_xstrdup("");
	if (detect)
		article_detect(a, rules);
}

void corpus_add_text(struct corpus *c, const char *name, const char *text,
                     size_t len)
{
	enum text_encoding enc;
	size_t n;
	char *t = text_decode((const uint8_t *)text, len, &enc, &n);

	util_grow((void **)&c->articles, &c->cap, c->n + 1, sizeof(*c->articles));
	init_article(&c->articles[c->n++], name, name, t, n, enc, c->clutter,
	             true);
}

/* Why a file's bytes are no article, or NULL if they are one. */
static const char *reject_bytes(const uint8_t *buf, size_t len)
{
	if (len == 0)
		return "empty file";
	if (text_is_binary(buf, len))
		return "binary file";
	return NULL;
}

/* Where corpus_load_meta puts the texts it does not keep: one unnamed
 * temporary file, each article's text then its word breaks. Lending an
 * article's text from there costs no decoding, and no open: reading its
 * file again cost an open (57 us a file here, 7 s for 100,000; still
 * 3.4 us from the page cache, five times a pread). Loader threads append
 * at once, a batch of texts each (struct spill_batch), each batch taking
 * its place by an atomic add. */
struct spill {
	int fd;                /* -1 if there is none: texts are read again */
	_Atomic uint64_t end;  /* bytes taken */
};

/* The outcome of reading one file. Filled by load_file, which touches no
 * shared state (but its place in the spill file), so files can be read on
 * several threads. */
struct loaded {
	char *path, *name; /* owned */
	bool regular;      /* the walk found a regular file there */
	bool no_text;      /* keep the metadata only (corpus_load_meta) */
	struct spill_batch *spill; /* with no_text: where the text goes (the
	                              reading thread's), or NULL */
	const struct corpus_scan *scan; /* with no_text: who sees the text
	                                   first, or NULL */
	unsigned worker;   /* the reading thread's number, for scan */
	size_t rank;       /* with scan->done: the place in the corpus's order */
	char *meta_source, *meta_date; /* with scan->done: corpus.ini's, or the
	                                  stem and NULL (owned) */
	const struct clutter_rules *clutter; /* the corpus's, read only */
	struct article *a; /* owned; valid when !why && !err (a pointer: the
	                      list of files to read is 100,000 long) */
	char *file;        /* with scan->done: all that is kept of a once done
	                      had it, or NULL (owned) */
	const char *why;   /* static reason for skipping, or NULL */
	int err;           /* errno for skipping, or 0 */
};

static bool write_all(int fd, const void *buf, size_t n, uint64_t off)
{
	const char *p = buf;

	while (n) {
		ssize_t w = pwrite(fd, p, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return true;
}

/* One loading thread's texts on their way to the spill file. A write a
 * text and another for its breaks were 2.3% of the CPU of a cold --xrefs,
 * most of it the file system's work for each call; a write of a MiB of
 * texts costs a quarter of theirs. The buffer is the thread's for the
 * whole load, so no text costs an allocation. */
struct spill_batch {
	struct spill *sp;
	char *buf;             /* SPILL_BATCH bytes, allocated at the first
	                          text (owned) */
	size_t used;
	struct article **arts; /* the articles in buf, whose spill is their
	                          place in buf until it is written (owned
	                          array; the articles are the load's) */
	size_t n, cap;
};

enum { SPILL_BATCH = 1u << 20 };

/* Writes the batch at the spill file's end; a full disk leaves its
 * articles to be read from their own files again, checked by the hash
 * of the text they had. */
static void spill_flush(struct spill_batch *b)
{
	uint64_t off;
	bool ok;

	if (!b->n)
		return;
	/* Only the place is shared: each writer owns the bytes it took. */
	off = atomic_fetch_add_explicit(&b->sp->end, (uint64_t)b->used,
	                                memory_order_relaxed);
	ok = write_all(b->sp->fd, b->buf, b->used, off);
	for (size_t i = 0; i < b->n; i++) {
		struct article *a = b->arts[i];

		if (ok) {
			a->spill += off;
		} else {
			a->texthash = util_checksum64(b->buf + a->spill, a->len);
			a->spill = CORPUS_NO_SPILL;
			a->spill_brk = false;
		}
	}
	b->used = b->n = 0;
}

/* Puts an article's text, its NUL and its breaks in the batch (written
 * when it is full, or at the end of the load), or, for a text larger than
 * a batch, straight into the spill file; a full disk leaves the article
 * to be read from its own file again. With the NUL, one read takes the
 * text and its breaks as corpus_text_get lends them, without moving the
 * breaks up to make room for it. */
static void spill_article(struct spill_batch *b, struct article *a)
{
	size_t nbrk = a->brk ? a->len / 8 + 1 : 0;
	size_t n = a->len + 1 + nbrk;
	uint64_t off;

	if (!b || b->sp->fd < 0)
		return;
	if (n > SPILL_BATCH) {
		off = atomic_fetch_add_explicit(&b->sp->end, (uint64_t)n,
		                                memory_order_relaxed);
		if (write_all(b->sp->fd, a->text, a->len + 1, off) &&
		    write_all(b->sp->fd, a->brk, nbrk, off + a->len + 1)) {
			a->spill = off;
			a->spill_brk = nbrk != 0;
		}
		return;
	}
	if (b->used + n > SPILL_BATCH)
		spill_flush(b);
	if (!b->buf)
		b->buf = util_xmalloc(SPILL_BATCH);
	util_grow((void **)&b->arts, &b->cap, b->n + 1, sizeof(*b->arts));
	memcpy(b->buf + b->used, a->text, a->len + 1);
	if (nbrk)
		memcpy(b->buf + b->used + a->len + 1, a->brk, nbrk);
	a->spill = b->used;
	a->spill_brk = nbrk != 0;
	b->arts[b->n++] = a;
	b->used += n;
}

/* An unnamed file in $TMPDIR (else /tmp): gone when closed, or when kilde
 * dies. */
static int spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	{
		struct strbuf path = {0};
		sb_printf(&path, "%s/kilde-spill.XXXXXX", dir);
		fd = mkstemp(path.s);
		if (fd >= 0) {
			unlink(path.s);
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		}
		sb_free(&path);
	}
	return fd;
}

/* Why a file that is not a regular one, or too large, is no article, or
 * NULL. */
static const char *reject_stat(const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return S_ISDIR(st->st_mode) ? "is a directory" : "not a regular file";
	if ((uint64_t)st->st_size > CORPUS_MAX_FILE_BYTES)
		return "file too large";
	return NULL;
}

/* Reads a file the walk found regular: opened at once and asked through
 * the descriptor (a stat before the open looked the whole path up a second
 * time), read into a buffer of the size it says plus a byte, so the text
 * comes in one read and no copy (util_read_file reads through a buffer of
 * its own). Read to the end all the same: the file may have changed since
 * the walk. Returns 0 (with *why set if it is no article after all) or an
 * errno value. */
static int read_regular(const char *path, struct stat *st, uint8_t **out,
                        size_t *len, const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	size_t cap, n = 0;
	uint8_t *buf;
	int err = 0;

	*why = NULL;
	if (fd < 0)
		return errno;
	if (fstat(fd, st) < 0 || (*why = reject_stat(st)) != NULL) {
		err = *why ? 0 : errno;
		close(fd);
		return err;
	}
	cap = (size_t)st->st_size + 1;
	buf = util_xmalloc(cap + 1);
	for (;;) {
		ssize_t r;

		if (n == cap) {
			cap = cap * 2 > CORPUS_MAX_FILE_BYTES + 1 ?
			      CORPUS_MAX_FILE_BYTES + 1 : cap * 2;
			buf = util_xrealloc(buf, cap + 1);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > CORPUS_MAX_FILE_BYTES) {
			err = EFBIG;
			break;
		}
	}
	close(fd);
	if (err) {
		free(buf);
		return err;
	}
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
}

static void load_file(struct loaded *ld)
{
	struct stat st;
	uint8_t *buf;
	size_t len, n;
	enum text_encoding enc;
	char *text;

	if (ld->regular) {
		ld->err = read_regular(ld->path, &st, &buf, &len, &ld->why);
	} else {
		/* Not opened before it is known to be a regular file: opening
		 * a device or a FIFO can do anything. */
		if (stat(ld->path, &st) < 0) {
			ld->err = errno;
			return;
		}
		ld->why = reject_stat(&st);
		if (ld->why)
			return;
		/* The file may vanish or change between the listing and now:
		 * the read decides, not the stat. */
		ld->err = util_read_file(ld->path, CORPUS_MAX_FILE_BYTES, &buf, &len);
	}
	if (ld->why)
		return;
	if (ld->err == EFBIG) {
		ld->err = 0;
		ld->why = "file too large";
	}
	if (ld->err)
		return;
	ld->why = reject_bytes(buf, len);
	if (ld->why) {
		free(buf);
		return;
	}
	if (ld->scan && ld->scan->wanted &&
	    !ld->scan->wanted(ld->scan->ctx, ld->worker, buf, len)) {
		/* Neither its text nor its metadata is wanted. */
		free(buf);
		ld->a = util_xmalloc(sizeof(*ld->a));
		init_article(ld->a, ld->path, ld->name, NULL, 0,
		             TEXT_ENC_UTF8, NULL, false);
		ld->a->title = util_xstrdup("");
		ld->a->date = util_xstrdup("");
		strcpy(ld->a->lang, "?");
		ld->a->mtime = (int64_t)st.st_mtime;
		ld->a->size = (int64_t)len;
		ld->a->spill = CORPUS_NO_SPILL;
		return;
	}
	/* Most files are their own clean text: no copy then. */
	text = text_decode_take(buf, len, &enc, &n);
	if (all_blank(text, n)) {
		free(text);
		ld->why = "empty file";
		return;
	}
	ld->a = util_xmalloc(sizeof(*ld->a));
	init_article(ld->a, ld->path, ld->name, text, n, enc, ld->clutter,
	             !ld->scan);
	ld->a->mtime = (int64_t)st.st_mtime;
	ld->a->size = (int64_t)len;
	ld->a->spill = CORPUS_NO_SPILL;
	if (ld->scan) {
		/* Detected only for the articles the scan needs. */
		/* A date corpus.ini gives is not looked for. */
		if (ld->scan->each(ld->scan->ctx, ld->worker, ld->a) &&
		    !(ld->scan->date_only && ld->meta_date)) {
			if (ld->scan->date_only)
				article_detect_date(ld->a, ld->clutter);
			else
				article_detect(ld->a, ld->clutter);
		}
		if (!ld->a->title)
			ld->a->title = util_xstrdup("");
		if (!ld->a->date)
			ld->a->date = util_xstrdup("");
		if (!ld->a->lang[0])
			strcpy(ld->a->lang, "?");
	} else if (ld->no_text) {
		spill_article(ld->spill, ld->a);
		/* Without a copy, the file itself is read again: the hash
		 * tells whether it still holds this text (a batch not written
		 * sets it then, see spill_flush). */
		if (ld->a->spill == CORPUS_NO_SPILL)
			ld->a->texthash = util_checksum64(ld->a->text, ld->a->len);
	}
	if (ld->no_text) {
		free(ld->a->text);
		free(ld->a->brk);
		ld->a->text = NULL;
		ld->a->brk = NULL;
	}
}

/* Moves a loaded file into the corpus: an article or a skipped entry. */
static int take_loaded(struct corpus *c, struct loaded *ld)
{
	int rc = 0;

	if (ld->why || ld->err) {
		add_skip(c, ld->path, ld->why ? ld->why : strerror(ld->err));
		rc = -1;
	} else {
		util_grow((void **)&c->articles, &c->cap, c->n + 1,
		          sizeof(*c->articles));
		if (ld->a) {
			c->articles[c->n++] = *ld->a;
			free(ld->a);
		} else {
			c->articles[c->n++] = (struct article){
			    .file = ld->file, .lang = "?", .spill = CORPUS_NO_SPILL};
		}
	}
	free(ld->path);
	free(ld->name);
	free(ld->meta_source);
	free(ld->meta_date);
	return rc;
}

int corpus_add_file(struct corpus *c, const char *path, const char *name)
{
	struct loaded ld = {.path = util_xstrdup(path), .name = util_xstrdup(name)};

	load_file(&ld);
	return take_loaded(c, &ld);
}

/* ---- reading many files at once ------------------------------------- */

/* Files found by the walk, read afterwards (in parallel when many). */
struct pending {
	struct loaded *v;
	size_t n, cap;
	bool no_text; /* every file: see struct loaded */
	struct spill *spill;
	const struct corpus_scan *scan;
	size_t *order; /* with scan->done: v's indices in the corpus's order */
	struct corpus_progress *progress;
	atomic_bool stopped; /* progress->pause said stop */
	const struct clutter_rules *clutter;
	_Atomic size_t next; /* next index a worker takes */
};

struct load_job {
	struct pending *p;
	unsigned worker;
};

/* Tells scan->done that ld is read, with corpus.ini's source and date
 * (the ones the load applies at its end) already in the article. */
static void scan_done(struct loaded *ld, unsigned worker)
{
	const struct corpus_scan *s = ld->scan;
	struct article *a = ld->why || ld->err ? NULL : ld->a;

	if (a) {
		free(a->source);
		a->source = ld->meta_source;
		ld->meta_source = NULL;
		if (ld->meta_date) {
			free(a->date);
			a->date = ld->meta_date;
			ld->meta_date = NULL;
		}
	}
	s->done(s->ctx, worker, ld->rank, a);
	/* done had what it needs: the corpus keeps the name (corpus.ini is
	 * applied again at the end, and says which sections name no
	 * article), not 100,000 paths, sources and dates no one reads. */
	if (a) {
		ld->file = a->file;
		a->file = NULL;
		article_free(a);
		free(a);
		ld->a = NULL;
	}
}

static void *load_worker(void *arg)
{
	struct load_job *j = arg;
	struct pending *p = j->p;
	struct spill_batch batch = {.sp = p->spill};
	size_t k;

	/* Relaxed: each index is taken once, and the results are read only
	 * after the threads are joined. */
	while ((k = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed)) < p->n) {
		size_t i = p->order ? p->order[k] : k;

		if (p->progress && (atomic_load_explicit(&p->stopped, memory_order_relaxed) ||
		                    (p->progress->pause && p->progress->pause(p->progress->ctx)))) {
			atomic_store_explicit(&p->stopped, true, memory_order_relaxed);
			p->v[i].why = "not read";
			if (p->order) {
				p->v[i].scan = p->scan;
				scan_done(&p->v[i], j->worker);
			}
			continue;
		}
		p->v[i].no_text = p->no_text;
		p->v[i].spill = p->spill ? &batch : NULL;
		p->v[i].scan = p->scan;
		p->v[i].worker = j->worker;
		p->v[i].clutter = p->clutter;
		load_file(&p->v[i]);
		if (p->order)
			scan_done(&p->v[i], j->worker);
		if (p->progress)
			atomic_fetch_add_explicit(&p->progress->done, 1,
			                          memory_order_relaxed);
	}
	if (p->spill)
		spill_flush(&batch);
	free(batch.buf);
	free(batch.arts);
	return NULL;
}

/* Decoding and detection are CPU-bound and independent per file: with
 * many files, spread them over the cores. Results keep listing order. */
static void load_pending(struct corpus *c, struct pending *p)
{
	enum { MIN_PER_THREAD = 32, MAX_THREADS = CORPUS_MAX_WORKERS };
	pthread_t tids[MAX_THREADS];
	struct load_job jobs[MAX_THREADS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = cpus > 1 ? (size_t)cpus : 1, started = 0;

	if (nt > MAX_THREADS)
		nt = MAX_THREADS;
	if (nt > p->n / MIN_PER_THREAD)
		nt = p->n / MIN_PER_THREAD;
	atomic_store_explicit(&p->next, 0, memory_order_relaxed);
	atomic_store_explicit(&p->stopped, false, memory_order_relaxed);
	for (size_t t = 0; t < MAX_THREADS; t++)
		jobs[t] = (struct load_job){.p = p, .worker = (unsigned)t};
	for (size_t t = 1; t < nt; t++)
		if (util_thread_start(&tids[started], load_worker,
		                   &jobs[started + 1]) == 0)
			started++;
	load_worker(&jobs[0]); /* this thread works too */
	for (size_t t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	/* Room for exactly the articles: doubling would leave up to half of
	 * 100,000 unused. */
	size_t good = 0;
	for (size_t i = 0; i < p->n; i++)
		good += !p->v[i].why && !p->v[i].err;
	if (c->n + good > c->cap) {
		c->articles = util_xrealloc(c->articles,
		                            (c->n + good) * sizeof(*c->articles));
		c->cap = c->n + good;
	}
	for (size_t i = 0; i < p->n; i++)
		take_loaded(c, &p->v[i]);
	free(p->v);
	free(p->order);
	p->v = NULL;
	p->order = NULL;
	p->n = p->cap = 0;
}

static void add_pending(struct pending *p, const char *path, const char *name,
                        bool regular)
{
	util_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v[p->n++] = (struct loaded){.path = util_xstrdup(path),
	                               .name = util_xstrdup(name),
	                               .regular = regular};
}

/* ---- folders ------------------------------------------------------------ */

struct dir_id {
	dev_t dev;
	ino_t ino;
	bool open; /* being read: met again, it is a symlink loop */
};

/* State of one walk over the corpus paths: directories read (to stop
 * symlink loops and double reads), the fingerprint of what was met, and,
 * for a load, the files to read and corpus.ini files to apply after. A
 * walk with c NULL only computes the fingerprint (corpus_fingerprint): it
 * meets the same entries in the same order, so the two hashes agree. */
struct walk {
	struct corpus *c;
	uint64_t fp; /* FNV-1a state, finished by fp_finish */
	struct dir_id *seen;
	size_t nseen, cap;
	struct pending files;
	char **inis; /* pairs: path, prefix */
	size_t ninis, inicap;
	int depth; /* of folders being read */
	char **listed;   /* corpus_list's files: path, name pairs (a struct
	                    loaded each, zeroed, was half its time) */
	size_t nlisted, listcap;
	bool names_only; /* corpus_list: a file the folder calls regular is
	                    not stat'ed (no fingerprint) */
	bool no_file_stat; /* a scan: neither is it, but it is loaded (which
	                      stats it before reading); no fingerprint */
};

enum { MAX_OPEN_DEPTH = 32 };

/* The fingerprint is an incremental FNV-1a over tagged, NUL-separated
 * records, so no record can be read as the end of another. */
static void fp_bytes(struct walk *w, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		w->fp ^= p[i];
		w->fp *= 1099511628211ULL;
	}
}

static void fp_str(struct walk *w, const char *s)
{
	fp_bytes(w, s, strlen(s) + 1);
}

static void fp_u64(struct walk *w, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	fp_bytes(w, b, sizeof(b));
}

/* Size, modification time to the nanosecond, and mode: a chmod can turn
 * a skipped "Permission denied" file into an article. */
static void fp_stat(struct walk *w, const struct stat *st)
{
	fp_u64(w, (uint64_t)st->st_size);
	fp_u64(w, (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	          (uint64_t)st->st_mtim.tv_nsec);
	fp_u64(w, (uint64_t)st->st_mode);
}

static uint64_t fp_finish(uint64_t h)
{
	/* The same finishing mix as util_hash64. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static void walk_skip(struct walk *w, const char *path, const char *reason)
{
	fp_bytes(w, "S", 1);
	fp_str(w, path);
	fp_str(w, reason);
	if (w->c)
		add_skip(w->c, path, reason);
}

/* A file the load will read; st NULL if stat failed with err (the load
 * then says why). */
static void walk_file(struct walk *w, const char *path, const char *name,
                      const struct stat *st, int err)
{
	fp_bytes(w, "F", 1);
	fp_str(w, path);
	fp_str(w, name);
	if (st)
		fp_stat(w, st);
	else
		fp_u64(w, (uint64_t)err);
	if (w->c)
		/* No stat: the folder said it is a regular file (err 0). */
		add_pending(&w->files, path, name,
		            st ? S_ISREG(st->st_mode) : err == 0);
}

/* Why dir must not be read again, or NULL (and it is now being read). */
static const char *enter_dir(struct walk *w, const struct stat *st,
                             size_t *slot)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return w->seen[i].open ? "symlink loop" :
			                         "directory already read";
	util_grow((void **)&w->seen, &w->cap, w->nseen + 1, sizeof(*w->seen));
	w->seen[w->nseen] = (struct dir_id){st->st_dev, st->st_ino, true};
	*slot = w->nseen++;
	return NULL;
}

static bool has_txt_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && strcasecmp(dot, ".txt") == 0;
}

static bool has_no_ext(const char *name)
{
	return strchr(name + 1, '.') == NULL;
}

static void walk_dir(struct walk *w, const char *dir, const char *rel);

/* a b c in a new string: the walk makes three for each of 100,000 files,
 * and formatting them with asprintf was a fifth of listing a folder. */
static char *join3(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
	char *s = util_xmalloc(na + nb + nc + 1);

	memcpy(s, a, na);
	memcpy(s + na, b, nb);
	memcpy(s + na + nb, c, nc + 1);
	return s;
}

/* One directory entry: a folder to descend, an article, or nothing. dfd
 * is dir opened, or -1. */
static void walk_entry(struct walk *w, int dfd, const char *dir,
                       const char *rel, const char *name, unsigned char type)
{
	char *path = join3(dir, "/", name);
	char *relname = join3(rel, "", name);
	struct stat st;
	int r;

	if (w->names_only && type == DT_REG) {
		if (has_txt_ext(name) || has_no_ext(name)) {
			util_grow((void **)&w->listed, &w->listcap, w->nlisted + 2,
			          sizeof(*w->listed));
			w->listed[w->nlisted++] = path;
			w->listed[w->nlisted++] = relname;
			return;
		}
		free(relname);
		free(path);
		return;
	}
	if (w->no_file_stat && type == DT_REG) {
		if (has_txt_ext(name) || has_no_ext(name))
			walk_file(w, path, relname, NULL, 0);
		free(relname);
		free(path);
		return;
	}
	/* Relative to the open folder, the kernel does not look up the
	 * whole path again for each of 100,000 files: the walk is mostly
	 * stat calls, and the cache's check is the walk. */
	r = dfd >= 0 ? fstatat(dfd, name, &st, 0) : stat(path, &st);

	if (r < 0) {
		walk_skip(w, path, strerror(errno)); /* e.g. dangling link */
	} else if (S_ISDIR(st.st_mode)) {
		char *sub = util_xasprintf("%s/", relname);
		walk_dir(w, path, sub);
		free(sub);
	} else if (S_ISREG(st.st_mode) && (has_txt_ext(name) || has_no_ext(name))) {
		/* Extension-less files are articles only if they are text;
		 * load_file says why not otherwise. */
		walk_file(w, path, relname, &st, 0);
	}
	free(relname);
	free(path);
}

/* Names as walk_dir keeps them: the entry's type, then the name. */
static int cmp_typed_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* Reads dir (shown as rel, "" or "sub/") recursively, then its corpus.ini. */
static void walk_dir(struct walk *w, const char *dir, const char *rel)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, slot = 0;
	const char *why;
	int dfd;
	DIR *d;

	if (stat(dir, &st) < 0) {
		walk_skip(w, dir, strerror(errno));
		return;
	}
	why = enter_dir(w, &st, &slot);
	if (why) {
		walk_skip(w, dir, why);
		return;
	}
	d = opendir(dir);
	if (!d) {
		walk_skip(w, dir, strerror(errno));
		w->seen[slot].open = false;
		return;
	}
	/* The folder stays open while its entries are looked at, one
	 * descriptor per level; deeper than that, paths are used. */
	dfd = w->depth < MAX_OPEN_DEPTH ?
	      open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') /* hidden, and . and .. */
			continue;
		util_grow((void **)&names, &cap, n + 1, sizeof(*names));
		names[n] = join3("x", "", de->d_name);
		names[n++][0] = (char)de->d_type;
	}
	closedir(d);
	w->depth++;
	/* Sorted so skipped entries and warnings come out in a stable order. */
	util_qsort(names, n, sizeof(*names), cmp_typed_name);
	for (size_t i = 0; i < n; i++) {
		walk_entry(w, dfd, dir, rel, names[i] + 1,
		           (unsigned char)names[i][0]);
		free(names[i]);
	}
	free(names);
	w->depth--;
	if (dfd >= 0)
		close(dfd);
	w->seen[slot].open = false;

	char *ini = util_xasprintf("%s/%s", dir, META_FILE);
	if (stat(ini, &st) < 0) {
		free(ini);
		return;
	}
	fp_bytes(w, "I", 1);
	fp_str(w, ini);
	fp_stat(w, &st);
	if (w->c) {
		util_grow((void **)&w->inis, &w->inicap, w->ninis + 2,
		          sizeof(*w->inis));
		w->inis[w->ninis++] = ini;
		w->inis[w->ninis++] = util_xstrdup(rel);
	} else {
		free(ini);
	}
}

/* The walk corpus_load and corpus_fingerprint share. */
static void walk_paths(struct walk *w, char *const paths[], size_t npaths)
{
	struct stat st;

	w->fp = 1469598103934665603ULL;
	fp_u64(w, npaths);
	for (size_t i = 0; i < npaths; i++) {
		/* A path that is not a folder is read as it is, whatever its
		 * name; if it cannot be, the load says why. */
		if (stat(paths[i], &st) < 0)
			walk_file(w, paths[i], base_name(paths[i]), NULL, errno);
		else if (S_ISDIR(st.st_mode))
			walk_dir(w, paths[i], "");
		else
			walk_file(w, paths[i], base_name(paths[i]), &st, 0);
	}
	free(w->seen);
	w->seen = NULL;
	w->fp = fp_finish(w->fp);
}

static int cmp_article(const void *a, const void *b)
{
	return strcmp(((const struct article *)a)->file,
	              ((const struct article *)b)->file);
}

/* A file's name and its place in the walk, for scan_order. */
struct named {
	const char *file;
	size_t i;
};

static int cmp_named(const void *pa, const void *pb)
{
	const struct named *a = pa, *b = pb;
	int r = strcmp(a->file, b->file);

	return r ? r : (a->i > b->i) - (a->i < b->i);
}

/* For scan->done: the order the corpus will have (its articles sorted by
 * file name; equal names in walk order, as the sort at the end keeps them)
 * and each file's source and date from corpus.ini, known before any file
 * is read, from corpus.ini applied to the names alone. Its warnings are
 * not kept: the load applies corpus.ini again at its end, as always. */
static void scan_order(struct corpus *c, struct walk *w)
{
	struct pending *p = &w->files;
	struct corpus pre = {.no_meta = c->no_meta};
	struct named *e;

	pre.articles = util_xcalloc(p->n ? p->n : 1, sizeof(*pre.articles));
	pre.n = pre.cap = p->n;
	for (size_t i = 0; i < p->n; i++) {
		struct article *a = &pre.articles[i];

		/* corpus.ini finds an article by its file name alone. */
		a->file = text_clean_name(p->v[i].name);
		a->source = stem(a->file);
	}
	for (size_t i = 0; i < w->ninis && !c->no_meta; i += 2)
		corpus_apply_meta(&pre, w->inis[i], w->inis[i + 1]);
	e = util_xcalloc(p->n ? p->n : 1, sizeof(*e));
	for (size_t i = 0; i < p->n; i++)
		e[i] = (struct named){pre.articles[i].file, i};
	util_qsort(e, p->n, sizeof(*e), cmp_named);
	p->order = util_xcalloc(p->n ? p->n : 1, sizeof(*p->order));
	for (size_t k = 0; k < p->n; k++) {
		struct loaded *ld = &p->v[e[k].i];
		struct article *a = &pre.articles[e[k].i];

		p->order[k] = e[k].i;
		ld->rank = k;
		ld->meta_source = a->source;
		ld->meta_date = a->date; /* NULL unless corpus.ini set it */
		a->source = a->date = NULL;
	}
	free(e);
	corpus_free(&pre);
}

static size_t load_paths(struct corpus *c, char *const paths[], size_t npaths,
                         bool no_text, bool spill,
                         const struct corpus_scan *scan)
{
	struct walk w = {.c = c, .no_file_stat = scan != NULL};
	struct spill sp = {.fd = -1};

	walk_paths(&w, paths, npaths);
	c->fingerprint = scan ? 0 : w.fp;
	w.files.no_text = no_text;
	w.files.scan = scan;
	w.files.progress = c->progress;
	w.files.clutter = c->clutter;
	if (no_text && spill && w.files.n) {
		sp.fd = spill_open();
		w.files.spill = &sp;
	}
	if (scan && scan->done) {
		scan_order(c, &w);
		if (scan->start)
			scan->start(scan->ctx, w.files.n);
	}
	load_pending(c, &w.files);
	c->spill_fd = sp.fd + 1;
	/* Metadata once every article is in: deeper folders' files first. */
	for (size_t i = 0; i < w.ninis; i += 2) {
		if (!c->no_meta)
			corpus_apply_meta(c, w.inis[i], w.inis[i + 1]);
		free(w.inis[i]);
		free(w.inis[i + 1]);
	}
	free(w.inis);
	util_qsort(c->articles, c->n, sizeof(*c->articles), cmp_article);
	return c->n;
}

size_t corpus_load(struct corpus *c, char *const paths[], size_t npaths)
{
	return load_paths(c, paths, npaths, false, false, NULL);
}

size_t corpus_load_meta(struct corpus *c, char *const paths[], size_t npaths,
                        bool spill)
{
	return load_paths(c, paths, npaths, true, spill, NULL);
}

size_t corpus_list(struct corpus *c, char *const paths[], size_t npaths)
{
	struct walk w = {.c = c, .names_only = true};

	walk_paths(&w, paths, npaths);
	c->fingerprint = 0;
	c->listed = true;
	/* Files the walk stat'ed (given by path, or of a type the folder
	 * did not tell) join the ones it only named. */
	for (size_t i = 0; i < w.files.n; i++) {
		util_grow((void **)&w.listed, &w.listcap, w.nlisted + 2,
		          sizeof(*w.listed));
		w.listed[w.nlisted++] = w.files.v[i].path;
		w.listed[w.nlisted++] = w.files.v[i].name;
	}
	free(w.files.v);
	util_grow((void **)&c->articles, &c->cap, c->n + w.nlisted / 2,
	          sizeof(*c->articles));
	for (size_t i = 0; i < w.nlisted; i += 2) {
		struct article *a = &c->articles[c->n++];

		*a = (struct article){
		    .path = w.listed[i],
		    .file = text_clean_name(w.listed[i + 1]),
		    .date = util_xstrdup(""),
		    .url = util_xstrdup(""),
		    .lang = "?",
		    .spill = CORPUS_NO_SPILL,
		};
		a->title = util_xstrdup(a->file);
		a->source = stem(a->file);
		free(w.listed[i + 1]);
	}
	free(w.listed);
	for (size_t i = 0; i < w.ninis; i += 2) {
		if (!c->no_meta)
			corpus_apply_meta(c, w.inis[i], w.inis[i + 1]);
		free(w.inis[i]);
		free(w.inis[i + 1]);
	}
	free(w.inis);
	/* The walk gives most corpora in order already (each folder's
	 * names sorted, folders in that order): then sorting 100,000
	 * articles by name would change nothing, at a sixth of the list's
	 * time. */
	for (size_t i = 1; i < c->n; i++)
		if (cmp_article(&c->articles[i - 1], &c->articles[i]) > 0) {
			util_qsort(c->articles, c->n, sizeof(*c->articles),
			           cmp_article);
			break;
		}
	return c->n;
}

size_t corpus_load_scan(struct corpus *c, char *const paths[], size_t npaths,
                        const struct corpus_scan *scan)
{
	return load_paths(c, paths, npaths, true, false, scan);
}

uint64_t corpus_fingerprint(char *const paths[], size_t npaths)
{
	struct walk w = {0};

	walk_paths(&w, paths, npaths);
	return w.fp;
}

long corpus_find(const struct corpus *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->articles[i].file, name) == 0)
			return (long)i;
	return -1;
}

/* ---- corpus.ini -------------------------------------------------------- */

/* iniparser's syntax errors, each a line, collected for the corpus's
 * warnings (see ini_load). */
static void collect_ini_error(const char *msg, void *ctx)
{
	sb_puts(ctx, msg);
}

static void ini_errors_to_warnings(struct corpus *c, const char *ini,
                                   struct strbuf *errors)
{
	char *save = NULL;

	if (!errors->s)
		return;
	for (char *l = strtok_r(errors->s, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save))
		add_warning(c, util_xasprintf("%s: %s", ini, l));
	sb_free(errors);
}

/* Metadata values may be in any encoding and hold anything: they go
 * through the same pipeline as article text, on one line. */
static char *clean_value(const char *v)
{
	size_t n;
	char *s = text_decode((const uint8_t *)v, strlen(v), NULL, &n);

	for (char *p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return s;
}

static bool valid_iso_date(const char *s)
{
	char iso[11];

	return strlen(s) == 10 && article_find_date(s, 10, 1, iso) &&
	       strcmp(iso, s) == 0;
}

static bool valid_lang(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

static void replace(char **field, const char *v)
{
	free(*field);
	*field = util_xstrdup(v);
}

/* Applies one key of a section to article a. */
static void apply_key(struct corpus *c, const char *ini, const char *sec,
                      const char *key, const char *raw, struct article *a)
{
	char *v = clean_value(raw);

	if (strcmp(key, "source") == 0) {
		replace(&a->source, v);
	} else if (strcmp(key, "title") == 0) {
		replace(&a->title, v);
	} else if (strcmp(key, "url") == 0) {
		replace(&a->url, v);
	} else if (strcmp(key, "date") == 0) {
		if (valid_iso_date(v) || !*v)
			replace(&a->date, v);
		else
			add_warning(c, util_xasprintf("%s: [%s] date: not a date "
			            "(YYYY-MM-DD): '%s'", ini, sec, v));
	} else if (strcmp(key, "language") == 0) {
		if (valid_lang(v))
			strcpy(a->lang, v);
		else
			add_warning(c, util_xasprintf("%s: [%s] language: not a "
			            "language code (da, en, ...): '%s'", ini, sec, v));
	} else {
		add_warning(c, util_xasprintf("%s: [%s] %s: unknown key", ini,
		                              sec, key));
	}
	free(v);
}

/* The article a section names. iniparser lower-cases section names, so
 * file names are compared without case; of two files differing only in
 * case, the first in sort order wins. */
static struct article *section_article(struct corpus *c, const char *prefix,
                                       const char *sec)
{
	size_t pl = strlen(prefix);

	for (size_t i = 0; i < c->n; i++) {
		const char *f = c->articles[i].file;
		if (strncmp(f, prefix, pl) == 0 && strcasecmp(f + pl, sec) == 0)
			return &c->articles[i];
	}
	return NULL;
}

static void apply_section(struct corpus *c, const dictionary *d,
                          const char *ini, const char *prefix, const char *sec)
{
	struct article *a = section_article(c, prefix, sec);
	int nk = iniparser_getsecnkeys(d, sec);
	const char **keys;

	if (!a) {
		add_warning(c, util_xasprintf("%s: [%s]: no such article", ini, sec));
		return;
	}
	if (nk <= 0)
		return;
	keys = util_xcalloc((size_t)nk, sizeof(*keys));
	if (iniparser_getseckeys(d, sec, keys)) {
		for (int k = 0; k < nk; k++) {
			const char *full = keys[k];
			const char *key = full + strlen(sec) + 1; /* "sec:key" */
			const char *v = iniparser_getstring(d, full, "");
			apply_key(c, ini, sec, key, v ? v : "", a);
		}
	}
	free(keys);
}

int corpus_apply_meta(struct corpus *c, const char *ini_path,
                      const char *dir_prefix)
{
	dictionary *d;
	struct strbuf errors = {0};
	int nsec;

	if (access(ini_path, R_OK) < 0) {
		add_warning(c, util_xasprintf("%s: %s", ini_path, strerror(errno)));
		return -1;
	}
	d = ini_load(ini_path, collect_ini_error, &errors);
	ini_errors_to_warnings(c, ini_path, &errors);
	if (!d) {
		add_warning(c, util_xasprintf("%s: not valid, metadata ignored",
		                              ini_path));
		return -1;
	}
	nsec = iniparser_getnsec(d);
	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		if (sec)
			apply_section(c, d, ini_path, dir_prefix ? dir_prefix : "", sec);
	}
	iniparser_freedict(d);
	return 0;
}

void corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		article_free(&c->articles[i]);
	for (size_t i = 0; i < c->nskipped; i++) {
		free(c->skipped[i].path);
		free(c->skipped[i].reason);
	}
	for (size_t i = 0; i < c->nwarnings; i++)
		free(c->warnings[i]);
	free(c->articles);
	free(c->skipped);
	free(c->warnings);
	if (c->arena)
		munmap(c->arena, c->arena_size ? c->arena_size : 1);
	if (c->spill_fd > 0)
		close(c->spill_fd - 1);
	/* How to load is the caller's setting, kept for the next load. */
	*c = (struct corpus){.clutter = c->clutter, .no_meta = c->no_meta};
}

static bool read_all(int fd, void *buf, size_t n, uint64_t off)
{
	char *p = buf;

	while (n) {
		ssize_t r = pread(fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return true;
}

/* The article's copy in the spill file: the load's has its text, a NUL
 * and its breaks, so one read takes all three (every pass of the build
 * lends every text); one given after the load (corpus_spill_give) has
 * the text alone. */
static bool read_spill(const struct corpus *c, const struct article *a,
                       struct corpus_text *t, bool brk)
{
	size_t nbrk = brk && a->spill_brk ? a->len / 8 + 1 : 0;
	char *buf;

	if (c->spill_fd <= 0 || a->spill == CORPUS_NO_SPILL)
		return false;
	buf = util_xmalloc(a->len + 1 + nbrk);
	if (!read_all(c->spill_fd - 1, buf, a->len + (nbrk ? 1 + nbrk : 0), a->spill)) {
		free(buf);
		return false;
	}
	buf[a->len] = '\0';
	t->own = buf;
	t->text = buf;
	t->len = a->len;
	t->brk = nbrk ? (const uint8_t *)buf + a->len + 1 : NULL;
	return true;
}

int corpus_text_get(const struct corpus *c, size_t i, struct corpus_text *t)
{
	const struct article *a = &c->articles[i];
	/* Read plainly: the articles of a corpus that a build lends texts
	 * from are not written while it runs (corpus.h). */
	const char *own = a->text;

	*t = (struct corpus_text){.text = own, .len = a->len, .brk = own ? a->brk : NULL};
	if (own || read_spill(c, a, t, true))
		return 0;
	t->own = corpus_read_text(a);
	if (!t->own) {
		*t = (struct corpus_text){0};
		return -1;
	}
	t->text = t->own;
	return 0;
}

struct corpus_spill {
	struct spill sp;
};

struct corpus_spill *corpus_spill_new(void)
{
	struct corpus_spill *s;
	int fd = spill_open();

	if (fd < 0)
		return NULL;
	s = util_xcalloc(1, sizeof(*s));
	s->sp.fd = fd;
	atomic_init(&s->sp.end, 0);
	return s;
}

bool corpus_spill_add(struct corpus_spill *s, const char *text, size_t len, uint64_t *off)
{
	uint64_t at = atomic_load_explicit(&s->sp.end, memory_order_relaxed);

	if (!write_all(s->sp.fd, text, len, at))
		return false;
	atomic_store_explicit(&s->sp.end, at + len, memory_order_relaxed);
	*off = at;
	return true;
}

void corpus_spill_give(struct corpus *c, struct corpus_spill *s, const uint64_t *offs)
{
	c->spill_fd = s->sp.fd + 1;
	for (size_t i = 0; i < c->n; i++) {
		c->articles[i].spill = offs[i];
		c->articles[i].spill_brk = false;
	}
	free(s);
}

void corpus_spill_free(struct corpus_spill *s)
{
	if (!s)
		return;
	close(s->sp.fd);
	free(s);
}

char *corpus_spilled_text(const struct corpus *c, size_t i)
{
	struct corpus_text t = {0};

	return read_spill(c, &c->articles[i], &t, false) ? t.own : NULL;
}

void corpus_text_put(struct corpus_text *t)
{
	free(t->own);
	*t = (struct corpus_text){0};
}

char *corpus_read_text(const struct article *a)
{
	uint8_t *buf;
	size_t len, n;
	char *text;

	if (util_read_file(a->path, CORPUS_MAX_FILE_BYTES, &buf, &len))
		return NULL;
	text = text_decode_take(buf, len, NULL, &n);
	if (n != a->len || (a->texthash && util_checksum64(text, n) != a->texthash)) {
		free(text);
		return NULL;
	}
	return text;
}

int corpus_load_text(struct article *a)
{
	uint8_t *buf;
	size_t len;
	int err;

	if (a->text)
		return 0;
	/* Exactly the decoding load_file does, so the text (and every offset
	 * into it a cached index holds) is the cold load's. */
	err = util_read_file(a->path, CORPUS_MAX_FILE_BYTES, &buf, &len);
	if (err) {
		a->text = util_xstrdup("");
		a->len = 0;
		errno = err;
		return -1;
	}
	a->text = text_decode_take(buf, len, NULL, &a->len);
	return 0;
}
