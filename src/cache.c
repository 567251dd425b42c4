/* cache.c - the on-disk cache of a corpus: its articles'
 * metadata and its cross-reference index, so that a folder of 100,000
 * articles opens without reading every file first.
 *
 * The files share one header, all integers little-endian:
 *    0  magic (8 bytes: "KILDEcor", "KILDExrf", "KILDEsty" or "KILDEprv")
 *    8  format version (u32), then 4 reserved zero bytes
 *   16  KILDE_VERSION, NUL-padded to 32 bytes
 *   48  corpus fingerprint (u64)
 *   56  article count (u64)
 *   64  payload length (u64): the file is exactly header + payload
 *   72  checksum of the header before it and of the payload (u64, see
 *       checksum())
 *   80  payload
 * STEM.story and STEM.prov ("KILDEsty", "KILDEprv"), the stories and the
 * provenance made from the index, have the same header and, like the
 * .xref payload, start with the options hash mixed with the load settings'
 * hash; then what story_serialize or provenance_index_serialize wrote.
 * The .corpus payload: the load settings' hash (u64, see settings_hash),
 * u64 n, then n articles (strings path, file, title,
 * source, date, url, outlet; lang as 4 bytes; u64 words; u32 enc; i64 mtime, size;
 * u64 len), u64 nskipped and the skipped entries (path, reason), u64
 * nwarnings and the warnings. A string is a u32 length and its bytes
 * (0xffffffff for NULL). The .xref payload: the options hash (u64, mixed
 * with the load settings' hash), then what xref_serialize wrote.
 *
 * A cache is a file anyone could have written: nothing in it is trusted
 * before the whole payload's checksum matches, and even then every count
 * is checked against the bytes left and every string against the end.
 * No ncurses here. */
#include "kilde/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kilde/text.h"
#include "kilde/util.h"
#include "bytes.h"

/* Bumped whenever the layout of a file changes, or what a load or a
 * build puts in it, the grouping of the stories and the provenance's
 * rules included (2: titles, dates and word counts leave page clutter
 * out; 3: so does the index; 4: a name term's role; 5: the date of the
 * earliest dateline, never one after the text, and the language of the
 * article text only; 6: the outlet the text names; 7: the word index
 * after the cross-references; 8: the checksum in four lanes). */
#define CACHE_FORMAT 8u

enum {
	HDR_MAGIC = 0,
	HDR_FORMAT = 8,
	HDR_VERSION = 16,
	VERSION_BYTES = 32,
	HDR_FINGERPRINT = 48,
	HDR_COUNT = 56,
	HDR_PAYLOAD_LEN = 64,
	HDR_CHECKSUM = 72,
	HDR_SIZE = 80,
};

_Static_assert(sizeof(KILDE_VERSION) <= VERSION_BYTES,
               "KILDE_VERSION must fit the cache header");

static const char corpus_magic[8] = {'K', 'I', 'L', 'D', 'E', 'c', 'o', 'r'};
static const char xref_magic[8] = {'K', 'I', 'L', 'D', 'E', 'x', 'r', 'f'};

#define NULL_STRING 0xffffffffu

/* Smallest encodings, to bound counts by the bytes left before anything
 * is allocated for them. */
enum {
	MIN_ARTICLE = 6 * 4 + 4 + 8 + 4 + 8 + 8 + 8,
	MIN_SKIP = 2 * 4,
	MIN_WARNING = 4,
};

/* ---- bytes ----------------------------------------------------------- */

static void set64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* The checksum of a file: its header up to the checksum field, then its
 * payload, so that no byte but the checksum's own goes unchecked. */
static uint64_t checksum(const unsigned char *file, size_t size)
{
	struct util_checksum ck;

	util_checksum_start(&ck, size - HDR_SIZE);
	util_checksum_feed(&ck, file, HDR_CHECKSUM);
	util_checksum_feed(&ck, file + HDR_SIZE, size - HDR_SIZE);
	return util_checksum_final(&ck);
}

int cache_seal(void *file, size_t size)
{
	if (size < HDR_SIZE)
		return -1;
	set64((unsigned char *)file + HDR_CHECKSUM, checksum(file, size));
	return 0;
}

/* ---- the file name ---------------------------------------------------- */

char *cache_stem(char *const paths[], size_t npaths)
{
	const char *x = getenv("XDG_CACHE_HOME");
	const char *h = getenv("HOME");
	struct strbuf key = {0};
	char *dir, *stem;

	/* The XDG spec: a relative path in the variable is to be ignored. */
	if (x && x[0] == '/')
		dir = util_xasprintf("%s/kilde", x);
	else if (h && *h)
		dir = util_xasprintf("%s/.cache/kilde", h);
	else
		return NULL;
	/* The real path tells corpora apart wherever kilde is started; the
	 * path as given is in the key too because every article's path is
	 * stored as opened ("corpus/a.txt"): a cache written for one spelling
	 * must not send another to files relative to a different folder. */
	for (size_t i = 0; i < npaths; i++) {
		char *r = realpath(paths[i], NULL);
		const char *abs = r ? r : paths[i];
		sb_append(&key, abs, strlen(abs) + 1);
		sb_append(&key, paths[i], strlen(paths[i]) + 1);
		free(r);
	}
	stem = util_xasprintf("%s/%016llx", dir,
	                      (unsigned long long)util_hash64(key.s, key.len));
	sb_free(&key);
	free(dir);
	return stem;
}

/* ---- writing ---------------------------------------------------------- */

/* A cache file being written: its bytes go to the temporary file as they
 * are made (a file of 130 MB at 100,000 articles was first made whole in
 * memory, then copied by write(2)), the checksum taken on the way. The
 * payload's length is known before its first byte, as the checksum starts
 * from it; the checksum itself goes into the header last. */
struct writer {
	struct util_atomic_file f;
	struct util_checksum ck;
	uint64_t len; /* of the payload, announced */
	struct bytes_out o;
};

static int file_sink(void *ctx, const void *data, size_t n)
{
	struct writer *w = ctx;

	util_checksum_feed(&w->ck, data, n);
	return util_atomic_write(&w->f, data, n);
}

/* Starts STEM+ext with its header (the checksum left zero) and the
 * payload of len bytes to come through w->o. Creates the folder if
 * needed. Returns 0 or an errno value. */
static int start(struct writer *w, const char *stem, const char *ext,
                 const char magic[8], uint64_t fingerprint, uint64_t count,
                 uint64_t len)
{
	enum { STAGE = 256 * 1024 };
	unsigned char h[HDR_SIZE] = {0};
	char *path = util_xasprintf("%s%s", stem, ext);
	char *dir = util_xstrdup(stem);
	char *slash = strrchr(dir, '/');
	int err = 0;

	w->f = (struct util_atomic_file){.fd = -1};
	memcpy(h + HDR_MAGIC, magic, 8);
	set64(h + HDR_FORMAT, CACHE_FORMAT); /* and the 4 reserved bytes */
	memcpy(h + HDR_VERSION, KILDE_VERSION, strlen(KILDE_VERSION));
	set64(h + HDR_FINGERPRINT, fingerprint);
	set64(h + HDR_COUNT, count);
	set64(h + HDR_PAYLOAD_LEN, len);
	if (slash && slash != dir) {
		*slash = '\0';
		err = util_mkdirs(dir);
	}
	if (!err)
		err = util_atomic_open(&w->f, path);
	free(dir);
	free(path);
	if (!err)
		err = util_atomic_write(&w->f, h, sizeof(h));
	if (err) {
		if (w->f.fd >= 0)
			util_atomic_abort(&w->f);
		return err;
	}
	/* See checksum(): the header up to the checksum, then the payload. */
	util_checksum_start(&w->ck, len);
	util_checksum_feed(&w->ck, h, HDR_CHECKSUM);
	w->len = len;
	w->o = (struct bytes_out){.buf = util_xmalloc(STAGE), .cap = STAGE,
	                          .sink = file_sink, .ctx = w};
	return 0;
}

/* Ends the payload, puts the checksum in the header and renames the file
 * over the old one. Returns 0, or -1 with errno set (the old file then
 * stays as it was). */
static int finish(struct writer *w)
{
	unsigned char sum[8];
	int err;

	bytes_out_flush(&w->o);
	free(w->o.buf);
	err = w->o.err;
	/* A payload of another length than announced would be read as
	 * damaged: better no file. */
	if (!err && w->o.total != w->len)
		err = EIO;
	if (!err) {
		set64(sum, util_checksum_final(&w->ck));
		err = util_atomic_pwrite(&w->f, sum, sizeof(sum), HDR_CHECKSUM);
	}
	if (err)
		util_atomic_abort(&w->f);
	else
		err = util_atomic_commit(&w->f);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

/* What a load made of the same files depends on how it was told to load
 * them: the clutter rules (titles, dates, word counts) and whether
 * corpus.ini was read. A cache made otherwise is someone else's. */
static uint64_t settings_hash(const struct corpus *c)
{
	uint64_t h = c->clutter ? c->clutter->hash : 0;

	return (h ^ (c->no_meta ? 0x9e3779b97f4a7c15ULL : 0)) * 1099511628211ULL + 1;
}

/* A string as put_str writes it: its length (NULL_STRING for NULL), then
 * its bytes. Nothing kilde keeps comes near 4 GiB; a longer string would
 * only be cut, never misread. */
static size_t str_len(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n >= NULL_STRING ? NULL_STRING - 1 : n;
}

static void put_str(struct bytes_out *o, const char *s)
{
	size_t n = str_len(s);

	bytes_out_put32(o, s ? (uint32_t)n : NULL_STRING);
	bytes_out_put(o, s, n);
}

/* The .corpus payload's length, as cache_save_corpus writes it. */
static uint64_t corpus_len(const struct corpus *c)
{
	uint64_t n = 8 + 8 + 8 + 8;

	for (size_t i = 0; i < c->n; i++) {
		const struct article *a = &c->articles[i];
		n += 7 * 4 + str_len(a->path) + str_len(a->file) + str_len(a->title) +
		     str_len(a->source) + str_len(a->date) + str_len(a->url) +
		     str_len(a->outlet) + sizeof(a->lang) + 8 + 4 + 8 + 8 + 8;
	}
	for (size_t i = 0; i < c->nskipped; i++)
		n += 2 * 4 + str_len(c->skipped[i].path) + str_len(c->skipped[i].reason);
	for (size_t i = 0; i < c->nwarnings; i++)
		n += 4 + str_len(c->warnings[i]);
	return n;
}

int cache_save_corpus(const char *stem, const struct corpus *c)
{
	struct writer w;
	struct bytes_out *o = &w.o;
	int err = start(&w, stem, ".corpus", corpus_magic, c->fingerprint, c->n,
	                corpus_len(c));

	if (err) {
		errno = err;
		return -1;
	}
	bytes_out_put64(o, settings_hash(c));
	bytes_out_put64(o, c->n);
	for (size_t i = 0; i < c->n; i++) {
		const struct article *a = &c->articles[i];
		put_str(o, a->path);
		put_str(o, a->file);
		put_str(o, a->title);
		put_str(o, a->source);
		put_str(o, a->date);
		put_str(o, a->url);
		put_str(o, a->outlet);
		bytes_out_put(o, a->lang, sizeof(a->lang));
		bytes_out_put64(o, a->words);
		bytes_out_put32(o, (uint32_t)a->enc);
		bytes_out_put64(o, (uint64_t)a->mtime);
		bytes_out_put64(o, (uint64_t)a->size);
		bytes_out_put64(o, a->len);
	}
	bytes_out_put64(o, c->nskipped);
	for (size_t i = 0; i < c->nskipped; i++) {
		put_str(o, c->skipped[i].path);
		put_str(o, c->skipped[i].reason);
	}
	bytes_out_put64(o, c->nwarnings);
	for (size_t i = 0; i < c->nwarnings; i++)
		put_str(o, c->warnings[i]);
	return finish(&w);
}

/* The index's pieces go through the writer's own staging, so that its
 * small ones are gathered and its large arrays written as they lie. */
static int xref_sink(void *ctx, const void *data, size_t n)
{
	struct bytes_out *o = ctx;

	bytes_out_put(o, data, n);
	return o->err;
}

int cache_save_xref(const char *stem, const struct corpus *c,
                    uint64_t opthash, const struct xref_index *ix)
{
	struct writer w;
	int err = start(&w, stem, ".xref", xref_magic, c->fingerprint, c->n,
	                8 + (uint64_t)xref_serialized_size(ix));

	if (err) {
		errno = err;
		return -1;
	}
	bytes_out_put64(&w.o, opthash ^ settings_hash(c));
	(void)xref_serialize_to(ix, xref_sink, &w.o);
	return finish(&w);
}

/* ---- reading ---------------------------------------------------------- */

/* A cache file read whole and its header checked. */
struct cache_file {
	unsigned char *data; /* owned: see buf_free */
	size_t size;
	const unsigned char *payload;
	size_t len; /* of the payload */
	uint64_t fingerprint, count;
};

/* Faults in the pages of a fresh large allocation in one call, in huge
 * pages where the kernel allows: at 100,000 articles the cache file is
 * 20 MB and the article array 12 MB, and taking their 8,000 small pages
 * one fault at a time (and then missing the TLB on each) costs more than
 * the parsing. Nothing happens where the kernel cannot (before 5.14). */
static void prefault(void *p, size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a, b;

	if (pg <= 0)
		return;
	a = ((uintptr_t)p + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
	b = ((uintptr_t)p + len) & ~((uintptr_t)pg - 1);
	if (b <= a)
		return;
#ifdef MADV_HUGEPAGE
	madvise((void *)a, b - a, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
	madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#endif
}

/* Memory for a file read whole: a mapping of its own, prefaulted. (Mapping
 * the file itself would save the copy, but a file truncated under us would
 * then kill kilde with SIGBUS.) */
static unsigned char *buf_alloc(size_t size)
{
	void *p = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		util_die("out of memory (%zu bytes)", size);
	prefault(p, size);
	return p;
}

static void buf_free(unsigned char *p, size_t size)
{
	if (p)
		munmap(p, size ? size : 1);
}

/* Reads the file whole, in one read where the kernel allows. */
static int read_whole(const char *path, unsigned char **out, size_t *size,
                      size_t *len)
{
	struct stat st;
	unsigned char *buf;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (uint64_t)st.st_size > SIZE_MAX / 2) {
		close(fd);
		return -1;
	}
	*size = (size_t)st.st_size;
	buf = buf_alloc(*size);
	while (got < *size) {
		ssize_t r = read(fd, buf + got, *size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	/* A shorter read means the file changed under us: the header's
	 * length check then fails it. */
	*out = buf;
	*len = got;
	return 0;
}

/* Opens STEM+ext and checks everything the header can tell. Returns 0, or
 * -1 with *why set. */
static int open_cache(const char *stem, const char *ext, const char magic[8],
                      struct cache_file *f, const char **why)
{
	char *path = util_xasprintf("%s%s", stem, ext);
	char version[VERSION_BYTES] = {0};
	unsigned char *d;
	size_t alloc, size;
	int rc = read_whole(path, &d, &alloc, &size);

	free(path);
	*f = (struct cache_file){0};
	if (rc < 0) {
		*why = "no cache";
		return -1;
	}
	memcpy(version, KILDE_VERSION, strlen(KILDE_VERSION));
	if (size < HDR_SIZE || memcmp(d + HDR_MAGIC, magic, 8) != 0) {
		*why = "damaged";
	} else if (bytes_get32(d + HDR_FORMAT) != CACHE_FORMAT ||
	           memcmp(d + HDR_VERSION, version, VERSION_BYTES) != 0) {
		*why = "older format";
	} else if (bytes_get32(d + HDR_FORMAT + 4) != 0 ||
	           bytes_get64(d + HDR_PAYLOAD_LEN) != size - HDR_SIZE ||
	           bytes_get64(d + HDR_CHECKSUM) != checksum(d, size)) {
		*why = "damaged";
	} else {
		f->data = d;
		f->size = alloc;
		f->payload = d + HDR_SIZE;
		f->len = size - HDR_SIZE;
		f->fingerprint = bytes_get64(d + HDR_FINGERPRINT);
		f->count = bytes_get64(d + HDR_COUNT);
		return 0;
	}
	buf_free(d, alloc);
	return -1;
}

/* Numbers from the payload (see bytes.h: once the reader is bad, every
 * read fails). */
static uint64_t read64(struct bytes_reader *r)
{
	const unsigned char *p = bytes_take(r, 1, 8);

	return p ? bytes_get64(p) : 0;
}

static uint32_t read32(struct bytes_reader *r)
{
	const unsigned char *p = bytes_take(r, 1, 4);

	return p ? bytes_get32(p) : 0;
}

/* The n bytes of a string: NULL (and the reader bad) if they run past the
 * end or hold a NUL, which would cut the string where the writer did not. */
static const unsigned char *str_bytes(struct bytes_reader *r, uint32_t n)
{
	const unsigned char *s = bytes_take(r, n, 1);

	if (s && memchr(s, '\0', n)) {
		r->bad = true;
		return NULL;
	}
	return s;
}

/* A string the reader owns nothing of: a new allocation, or NULL for a
 * stored NULL. A bad string (str_bytes) makes the reader bad. */
static char *read_str(struct bytes_reader *r)
{
	uint32_t n = read32(r);
	const unsigned char *b;
	char *s;

	if (r->bad || n == NULL_STRING || !(b = str_bytes(r, n)))
		return NULL;
	s = util_xmalloc((size_t)n + 1);
	memcpy(s, b, n);
	s[n] = '\0';
	return s;
}

/* A string left where it is: its bytes move back over their length
 * prefix and a NUL ends them, inside the (writable, checksummed) file
 * buffer the corpus then keeps as its arena. No allocation: with 100,000
 * articles, 600,000 mallocs and their page faults were most of the time
 * to the first frame. The bytes after the string are not touched, so
 * parsing goes on; runs of articles on other threads own other bytes. */
static char *read_str_inplace(struct bytes_reader *r)
{
	unsigned char *at = (unsigned char *)r->p;
	uint32_t n = read32(r);
	const unsigned char *b;

	if (r->bad || n == NULL_STRING || !(b = str_bytes(r, n)))
		return NULL;
	memmove(at, b, n);
	at[n] = '\0';
	return (char *)at;
}

/* A count of records of at least min bytes each, checked against what
 * is left, so a forged count cannot make us allocate wildly. */
static size_t read_count(struct bytes_reader *r, size_t min)
{
	uint64_t n = read64(r);

	if (r->bad || n > r->left / min) {
		r->bad = true;
		return 0;
	}
	return (size_t)n;
}

/* A string from the cache that will be drawn: NULL or clean. */
static bool shown_ok(const char *s)
{
	return !s || text_is_clean_line(s, strlen(s));
}

static bool read_article(struct bytes_reader *r, struct article *a)
{
	const unsigned char *lang;
	uint32_t enc;
	uint64_t words, len;

	*a = (struct article){.borrowed = true};
	a->path = read_str_inplace(r);
	a->file = read_str_inplace(r);
	a->title = read_str_inplace(r);
	a->source = read_str_inplace(r);
	a->date = read_str_inplace(r);
	a->url = read_str_inplace(r);
	a->outlet = read_str_inplace(r);
	lang = bytes_take(r, sizeof(a->lang), 1);
	if (!lang || memchr(lang, '\0', sizeof(a->lang)) == NULL) {
		r->bad = true;
		return false;
	}
	memcpy(a->lang, lang, sizeof(a->lang));
	words = read64(r);
	enc = read32(r);
	a->mtime = (int64_t)read64(r);
	a->size = (int64_t)read64(r);
	len = read64(r);
	/* Every article has a path and a name; the rest may be NULL. What
	 * is shown must be as clean as a load makes it (the path is only
	 * opened, never shown raw). */
	if (r->bad || !a->path || !a->file || !shown_ok(a->file) ||
	    !shown_ok(a->title) || !shown_ok(a->source) || !shown_ok(a->date) ||
	    !shown_ok(a->url) || !shown_ok(a->outlet) || enc > TEXT_ENC_CP1252 ||
	    words > SIZE_MAX || len > SIZE_MAX) {
		r->bad = true;
		return false;
	}
	a->words = (size_t)words;
	a->enc = (enum text_encoding)enc;
	a->len = (size_t)len;
	return true;
}

/* The articles, one after the other: with their strings left in place
 * (read_str_inplace) there is no allocation to spread over threads; a
 * version that parsed on two threads was no faster. */
static bool read_articles(struct bytes_reader *r, struct corpus *c, size_t n)
{
	/* Half-read articles are freed with the corpus either way (the rest
	 * of the array is zeroed). */
	c->n = n;
	for (size_t i = 0; i < n; i++)
		if (!read_article(r, &c->articles[i]))
			return false;
	return true;
}

static bool read_corpus(struct bytes_reader *r, struct corpus *c, uint64_t count)
{
	size_t n = read_count(r, MIN_ARTICLE);

	if (r->bad || n != count)
		return false;
	/* Exactly the articles there are: no growth, no copying. */
	c->articles = util_xcalloc(n ? n : 1, sizeof(*c->articles));
	c->cap = n ? n : 1;
	prefault(c->articles, n * sizeof(*c->articles));
	if (!read_articles(r, c, n))
		return false;
	n = read_count(r, MIN_SKIP);
	if (r->bad)
		return false;
	c->skipped = util_xcalloc(n ? n : 1, sizeof(*c->skipped));
	c->skipcap = n ? n : 1;
	for (size_t i = 0; i < n; i++) {
		struct corpus_skip *s = &c->skipped[c->nskipped];
		s->path = read_str(r);
		s->reason = read_str(r);
		c->nskipped++; /* freed with c whatever happens next */
		if (r->bad || !s->path || !s->reason || !shown_ok(s->path) ||
		    !shown_ok(s->reason))
			return false;
	}
	n = read_count(r, MIN_WARNING);
	if (r->bad)
		return false;
	c->warnings = util_xcalloc(n ? n : 1, sizeof(*c->warnings));
	c->warncap = n ? n : 1;
	for (size_t i = 0; i < n; i++) {
		c->warnings[c->nwarnings] = read_str(r);
		if (!c->warnings[c->nwarnings])
			return false;
		c->nwarnings++; /* freed with c whatever happens next */
		if (!shown_ok(c->warnings[c->nwarnings - 1]))
			return false;
	}
	/* Bytes after the last field mean a writer we do not know. */
	return !r->bad && r->left == 0;
}

bool cache_has_corpus(const char *stem)
{
	char *path = util_xasprintf("%s.corpus", stem);
	struct stat st;
	bool ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);

	free(path);
	return ok;
}

int cache_load_corpus(const char *stem, struct corpus *c, const char **why)
{
	struct cache_file f;
	struct bytes_reader r;
	uint64_t settings;

	*c = (struct corpus){.clutter = c->clutter, .no_meta = c->no_meta};
	settings = settings_hash(c);
	if (open_cache(stem, ".corpus", corpus_magic, &f, why) < 0)
		return -1;
	r = (struct bytes_reader){.p = f.payload, .left = f.len};
	if (f.len < 8 || bytes_get64(f.payload) != settings) {
		buf_free(f.data, f.size);
		*why = f.len < 8 ? "damaged" : "other settings";
		return -1;
	}
	r.p += 8;
	r.left -= 8;
	if (!read_corpus(&r, c, f.count)) {
		corpus_free(c);
		buf_free(f.data, f.size);
		*why = "damaged";
		return -1;
	}
	c->fingerprint = f.fingerprint;
	/* The articles' strings live in the buffer now. */
	c->arena = f.data;
	c->arena_size = f.size;
	return 0;
}

/* Reads STEM+ext if it was made for c with opthash (its fingerprint and
 * article count, and the options hash mixed with the load settings'):
 * the bytes after the key (*len of them, in f), or NULL
 * with *why set and nothing to free. */
static const unsigned char *open_keyed(const char *stem, const char *ext,
                                       const char magic[8],
                                       const struct corpus *c,
                                       uint64_t opthash, struct cache_file *f,
                                       size_t *len, const char **why)
{
	if (open_cache(stem, ext, magic, f, why) < 0)
		return NULL;
	if (f->len < 8) {
		*why = "damaged";
	} else if (f->fingerprint != c->fingerprint || f->count != c->n) {
		*why = "stale";
	} else if (bytes_get64(f->payload) != (opthash ^ settings_hash(c))) {
		*why = "other options";
	} else {
		*len = f->len - 8;
		return f->payload + 8;
	}
	buf_free(f->data, f->size);
	return NULL;
}

struct xref_index *cache_load_xref(const char *stem, const struct corpus *c,
                                   uint64_t opthash, const char **why)
{
	struct cache_file f;
	size_t len;
	const unsigned char *p = open_keyed(stem, ".xref", xref_magic, c, opthash,
	                                    &f, &len, why);
	struct xref_index *ix;

	if (!p)
		return NULL;
	ix = xref_deserialize(p, len, c);
	if (!ix)
		*why = "damaged";
	buf_free(f.data, f.size);
	return ix;
}

/* ---- the stories and the provenance ------------------------------------ */

/* Two more files, made from the index and the corpus alone, so that a
 * warm start reads them instead of working them out again (grouping the
 * stories was the warm interface's peak of memory and most of its CPU
 * after the first frame): STEM.story (story_serialize) and STEM.prov
 * (provenance_index_serialize), each after the same header and the same
 * key as STEM.xref (fingerprint, article count, options hash mixed with
 * the load settings' hash), so each holds exactly as long as an index of
 * those would. They are written by whoever made them: the interface's
 * second thread both, --stories the stories. */
static const char story_magic[8] = {'K', 'I', 'L', 'D', 'E', 's', 't', 'y'};
static const char prov_magic[8] = {'K', 'I', 'L', 'D', 'E', 'p', 'r', 'v'};

/* STEM+ext: the key, then form (small next to the index: made whole
 * first, as the writer announces the payload's length). */
static int save_derived(const char *stem, const char *ext, const char magic[8],
                        const struct corpus *c, uint64_t opthash,
                        struct strbuf *form)
{
	struct writer w;
	int err = start(&w, stem, ext, magic, c->fingerprint, c->n,
	                8 + (uint64_t)form->len);

	if (!err) {
		bytes_out_put64(&w.o, opthash ^ settings_hash(c));
		bytes_out_put(&w.o, form->s, form->len);
	}
	sb_free(form);
	if (err) {
		errno = err;
		return -1;
	}
	return finish(&w);
}

int cache_save_stories(const char *stem, const struct corpus *c,
                       uint64_t opthash, const struct story_set *s)
{
	struct strbuf sb = {0};

	story_serialize(s, &sb);
	return save_derived(stem, ".story", story_magic, c, opthash, &sb);
}

int cache_save_provenance(const char *stem, const struct corpus *c,
                          uint64_t opthash, const struct xref_index *ix,
                          const struct provenance_index *p)
{
	struct strbuf sb = {0};

	provenance_index_serialize(p, c->n, xref_count(ix), &sb);
	return save_derived(stem, ".prov", prov_magic, c, opthash, &sb);
}

/* STEM+ext read back with parse (a byte form made from c and ix), or
 * NULL with *why set. */
static void *load_derived(const char *stem, const char *ext, const char magic[8],
                          const struct corpus *c, const struct xref_index *ix,
                          uint64_t opthash, const char **why,
                          void *(*parse)(const void *, size_t,
                                         const struct corpus *,
                                         const struct xref_index *))
{
	struct cache_file f;
	size_t len;
	const unsigned char *p = open_keyed(stem, ext, magic, c, opthash, &f,
	                                    &len, why);
	void *made;

	if (!p)
		return NULL;
	made = parse(p, len, c, ix);
	if (!made)
		*why = "damaged";
	buf_free(f.data, f.size);
	return made;
}

static void *parse_stories(const void *buf, size_t len, const struct corpus *c,
                           const struct xref_index *ix)
{
	return story_deserialize(buf, len, c, ix);
}

static void *parse_provenance(const void *buf, size_t len,
                              const struct corpus *c,
                              const struct xref_index *ix)
{
	return provenance_index_deserialize(buf, len, c, ix);
}

struct story_set *cache_load_stories(const char *stem, const struct corpus *c,
                                     const struct xref_index *ix,
                                     uint64_t opthash, const char **why)
{
	return load_derived(stem, ".story", story_magic, c, ix, opthash, why,
	                    parse_stories);
}

struct provenance_index *cache_load_provenance(const char *stem,
                                               const struct corpus *c,
                                               const struct xref_index *ix,
                                               uint64_t opthash,
                                               const char **why)
{
	return load_derived(stem, ".prov", prov_magic, c, ix, opthash, why,
	                    parse_provenance);
}
