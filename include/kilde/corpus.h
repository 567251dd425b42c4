/* corpus.h - the set of articles kilde has open, and the files it could not
 * use with the reason why. No ncurses here. */
#ifndef KILDE_CORPUS_H
#define KILDE_CORPUS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/article.h"
#include "kilde/clutter.h"

struct corpus_skip {
	char *path;   /* owned */
	char *reason; /* owned, e.g. "binary file", "Permission denied" */
};

/* How a load that runs behind the interface reports and yields: the
 * reading threads count each file read, and between files they call
 * pause, which may wait (keys are coming) and returns true to stop (the
 * files not read yet become skipped entries "not read": the corpus is
 * meant to be thrown away then). */
struct corpus_progress {
	atomic_size_t done;          /* files read so far */
	bool (*pause)(void *ctx);    /* may be NULL */
	void *ctx;
};

struct corpus {
	struct article *articles; /* owned, sorted by file name */
	size_t n, cap;
	struct corpus_skip *skipped; /* owned */
	size_t nskipped, skipcap;
	char **warnings; /* metadata problems (corpus.ini), owned */
	size_t nwarnings, warncap;
	void *arena;          /* the strings of articles read from the cache:
	                         the cache file's mmap'd bytes, owned, unmapped
	                         by corpus_free (600,000 small allocations,
	                         one a string, were most of the time to the
	                         first frame at 100,000 articles) */
	size_t arena_size;
	uint64_t fingerprint; /* of what corpus_load walked: see
	                         corpus_fingerprint; 0 if built otherwise */
	int spill_fd;         /* corpus_load_meta's file of the texts it did
	                         not keep, plus 1 (0: none), closed by
	                         corpus_free */
	/* Set before a load; corpus_free leaves them: */
	const struct clutter_rules *clutter; /* how titles, dates and word
	                         counts skip page clutter (borrowed; NULL: no
	                         clutter, the first line is the title) */
	bool no_meta;         /* corpus.ini files are not read */
	struct corpus_progress *progress; /* or NULL (borrowed) */
	bool listed;          /* corpus_list: names only, no file read */
};

/* An article's text lent for a while: see corpus_text_get. */
struct corpus_text {
	const char *text;   /* NUL-terminated */
	size_t len;
	const uint8_t *brk; /* word breaks as article.brk, or NULL */
	char *own;          /* what corpus_text_put frees */
};

/* Largest file kilde will read as an article. */
#define CORPUS_MAX_FILE_BYTES (64u * 1024u * 1024u)

/* Loads every path: a directory is read recursively (".txt" files and
 * extension-less files that are text; hidden entries and symlink loops are
 * skipped), a file is read as it is. A corpus.ini in a directory supplies
 * metadata. Problems become skipped entries; the rest loads. Reasons:
 * "binary file", "empty file" (also whitespace only), "file too large",
 * "symlink loop", "directory already read", "not a regular file", or the
 * strerror text of a failed stat/open/read (a file that vanished says
 * "No such file or directory"). Articles end up sorted by file; with many
 * files, they are decoded on several threads. Returns the number of
 * articles loaded. */
size_t corpus_load(struct corpus *c, char *const paths[], size_t npaths);

/* corpus_load without the texts: every article's text and brk are NULL
 * once its metadata is read, and len (and texthash, see article.h) say
 * what the text was.
 * For work that reads one text at a time (--list, the --xrefs build):
 * holding 100,000 texts cost the whole corpus's size in memory again.
 * With spill, the texts and breaks go to an unnamed file in $TMPDIR (or
 * /tmp) instead, where corpus_text_get finds them; without, it reads the
 * files again. */
size_t corpus_load_meta(struct corpus *c, char *const paths[], size_t npaths,
                        bool spill);

/* The articles corpus_load would read, found by the names in the folders
 * alone (no file opened, and a file stat'ed only when the folder does not
 * say what it is): each has its path, file, source and corpus.ini
 * metadata, its file name as title, and nothing else; listed is set and
 * the fingerprint is 0, which no load gives. For a first frame at once:
 * the interface shows these while the files are read (ui_load.c).
 * Returns the number of articles. */
size_t corpus_list(struct corpus *c, char *const paths[], size_t npaths);

/* corpus_load_meta without a spill file, for work that looks at each text
 * once and wants few of them (--grep): holding one text a thread instead
 * of the whole corpus. wanted (may be NULL) sees each file's raw bytes
 * first, once they are known to be text and not empty, and returning false
 * spares the file its decoding and detection (the article then has only
 * its names, size and time: empty title and date, language "?"); each sees
 * the decoded text (and no detected metadata yet) and returns whether the
 * article's metadata is wanted: all of it, or with date_only its date
 * alone (the title empty, language "?"). Both are called on the thread
 * that read the file (worker is that thread's number, below
 * CORPUS_MAX_WORKERS), in no particular order; the text is freed when each
 * returns. a->file stays at the same address in c->articles, so it
 * identifies the article once the load is done. */
#define CORPUS_MAX_WORKERS 8
struct corpus_scan {
	bool (*wanted)(void *ctx, unsigned worker, const uint8_t *buf,
	               size_t len);
	bool (*each)(void *ctx, unsigned worker, const struct article *a);
	bool date_only;
	/* With done (may be NULL), for output in the corpus's order while
	 * the files are read: start is told how many files the walk found,
	 * the files are read in the order their articles will have (by file
	 * name), and done is called once for each file, numbered 0, 1, ...
	 * in that order (rank), once it is read: with its article, corpus.ini's
	 * source and date already in (as the load gives them at its end;
	 * text NULL), or NULL if the file is skipped. done has the article's
	 * metadata to itself: the corpus keeps only each article's file name
	 * (and what corpus.ini sets, applied again at the end for its
	 * warnings), so that memory does not grow with the corpus. */
	void (*start)(void *ctx, size_t nfiles);
	void (*done)(void *ctx, unsigned worker, size_t rank,
	             const struct article *a);
	void *ctx;
};
/* The walk of a scan does not stat the files a folder lists as regular
 * (reading each file looks at it anyway): c->fingerprint is 0. */
size_t corpus_load_scan(struct corpus *c, char *const paths[], size_t npaths,
                        const struct corpus_scan *scan);

/* Lends article i's text: its own if it has one, else its copy in the
 * spill file (corpus_load_meta), else its file read again (the cache),
 * which must still hold the text loaded (see corpus_read_text). Safe on
 * several threads at once, as long as no thread writes the corpus's
 * articles meanwhile (a text loaded on demand while a build lends texts is
 * kept outside struct article, or waits for the build). Returns 0, or -1
 * with t empty if the text is gone. Give it back with corpus_text_put. */
int corpus_text_get(const struct corpus *c, size_t i, struct corpus_text *t);
void corpus_text_put(struct corpus_text *t);
/* A spill file made after the load (the interface's loader, which reads
 * the texts of a corpus from the cache): texts appended one at a time on
 * one thread, then handed to the corpus they belong to, whose texts
 * corpus_text_get lends from there. */
struct corpus_spill;
/* NULL if no file can be made (then keep the texts some other way). */
struct corpus_spill *corpus_spill_new(void);
/* Appends a text; *off is where it went. False if it could not be
 * written (a full disk). */
bool corpus_spill_add(struct corpus_spill *sp, const char *text, size_t len,
                      uint64_t *off);
/* c takes the file (closed by corpus_free) and article i's text is at
 * offs[i]; sp is freed. Only while nothing lends c's texts: it writes
 * every article. c must have no spill file of its own. */
void corpus_spill_give(struct corpus *c, struct corpus_spill *sp, const uint64_t *offs);
/* Frees a spill file nobody took. NULL is fine. */
void corpus_spill_free(struct corpus_spill *sp);

/* Article i's text from the spill file alone, as a malloc'd string the
 * caller frees (no word breaks, no look at the article's own text), or
 * NULL if it has none there. */
char *corpus_spilled_text(const struct corpus *c, size_t i);

/* Walks paths exactly as corpus_load does, without reading any file, and
 * returns the hash of what it met: every file the load would read and
 * every corpus.ini, each with its name, size and modification time (in
 * nanoseconds), and every entry the walk skips with its reason. Equal to
 * the c->fingerprint a corpus_load of the same unchanged paths sets; any
 * file added, removed, renamed, resized or touched changes it. */
uint64_t corpus_fingerprint(char *const paths[], size_t npaths);

/* Reads and decodes the file of an article that has no text (one loaded
 * from the cache) and sets text and len; brk stays NULL. If the file can
 * no longer be read, text becomes "" and -1 is returned with errno set;
 * 0 otherwise, also when the article already had its text. */
int corpus_load_text(struct article *a);

/* Reads and decodes an article's file again, into a malloc'd string the
 * caller frees, without touching the article (so threads can share it).
 * Returns NULL if the file cannot be read or its text is no longer the
 * one loaded: another length, or another texthash when that is known. */
char *corpus_read_text(const struct article *a);

/* Adds one file; name is what article.file becomes. Returns 0 or -1 (and a
 * skipped entry). */
int corpus_add_file(struct corpus *c, const char *path, const char *name);

/* Adds an article from text already in memory (tests, benchmarks). */
void corpus_add_text(struct corpus *c, const char *name, const char *text,
                     size_t len);

/* Applies a corpus.ini (sections named after article files relative to
 * the ini's folder; dir_prefix is that folder relative to the corpus root,
 * "" or "sub/"). iniparser lower-cases section names, so file names match
 * without regard to case. Keys: source, title, url, date (YYYY-MM-DD),
 * language (2-3 lower-case letters). Unknown keys, bad values, sections
 * naming no article and syntax errors become warnings of the form
 * "PATH: [section] key: problem". Returns 0, or -1 if unreadable or not
 * valid INI. */
int corpus_apply_meta(struct corpus *c, const char *ini_path,
                      const char *dir_prefix);

/* Index of the article whose file is name, or -1. */
long corpus_find(const struct corpus *c, const char *name);

void corpus_free(struct corpus *c);

#endif
