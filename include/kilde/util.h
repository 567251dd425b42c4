/* util.h - checked allocation, growable buffers and small helpers shared by
 * every module. Allocation failure is fatal: a hook (set by the UI) restores
 * the terminal before the message is printed. */
#ifndef KILDE_UTIL_H
#define KILDE_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KILDE_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* pthread_create for every thread kilde starts. The new thread blocks the
 * signals the terminal and the user send (C-z, C-c, a resize, hang-up,
 * termination), so they reach the main thread, which owns the terminal:
 * ncurses' handlers then never run on a worker beside the drawing. */
int util_thread_start(pthread_t *tid, void *(*fn)(void *), void *arg);

void *util_xmalloc(size_t n);
void *util_xcalloc(size_t nmemb, size_t size);
void *util_xrealloc(void *p, size_t n);
/* Grows *p (an array of elem-sized items with capacity *cap) so that it can
 * hold at least need items. Doubles, so appends are amortised O(1). */
void util_grow(void **p, size_t *cap, size_t need, size_t elem);
char *util_xstrdup(const char *s);
char *util_xstrndup(const char *s, size_t n);
char *util_xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Called before a fatal error is printed (e.g. endwin()). */
void util_set_fatal_hook(void (*hook)(void));
_Noreturn void util_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* A growable byte string; always NUL-terminated once anything was added. */
struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};
void sb_append(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_free(struct strbuf *sb);
/* Hands the buffer to the caller (never NULL) and resets sb. */
char *sb_take(struct strbuf *sb);

/* qsort(3) that also takes an empty array with a NULL base, which qsort
 * itself does not allow (UBSan reports it). */
void util_qsort(void *base, size_t n, size_t size,
                int (*cmp)(const void *, const void *));
/* The same with a context passed to every comparison (glibc's qsort_r):
 * a comparator that needs more than the two items reads it from ctx, never
 * from a static, so two sorts may run at once. */
void util_qsort_r(void *base, size_t n, size_t size,
                  int (*cmp)(const void *, const void *, void *), void *ctx);

/* Sorts n numbers ascending. The build sorts millions of small lists of
 * article and term numbers; qsort(3) spends most of that calling its
 * comparison through a pointer. */
void util_sort_u32(uint32_t *v, size_t n);

/* A checksum of n bytes that reads 32 a step, in four independent lanes
 * of eight (FNV, a byte a step, costs more than reading a file; one lane,
 * a chain of multiplies, about a byte a cycle): util_checksum64, or in
 * pieces of any length, for bytes that are written as they are made:
 * start with the total length, feed each piece, final. The result is the
 * same however the bytes are cut into pieces. */
struct util_checksum {
	uint64_t lane[4];
	unsigned char tail[32]; /* the bytes of a step not complete yet */
	size_t ntail;
};
void util_checksum_start(struct util_checksum *ck, uint64_t total);
void util_checksum_feed(struct util_checksum *ck, const void *data, size_t n);
uint64_t util_checksum_final(const struct util_checksum *ck);
uint64_t util_checksum64(const void *data, size_t n);

/* 64-bit FNV-1a; used for hash tables and n-gram fingerprints. */
uint64_t util_hash64(const void *data, size_t n);

/* Reads a whole file. Returns 0, or an errno value (and *out NULL).
 * max_bytes 0 means no limit; a larger file fails with EFBIG. */
int util_read_file(const char *path, size_t max_bytes, uint8_t **out,
                   size_t *len);
/* Writes data to path atomically: temporary file in the same directory,
 * fsync, rename, fsync of the directory. Returns 0 or an errno value. */
int util_write_atomic(const char *path, const void *data, size_t len);

/* The same in steps, for a file written as it is made (never held whole
 * in memory): open makes the temporary file, write and pwrite fill it,
 * commit syncs it and renames it over path; abort (or a failed commit)
 * removes it, and path is untouched until the rename. Each returns 0 or
 * an errno value; after a failed write, abort. */
struct util_atomic_file {
	int fd;
	char *path, *tmp; /* owned */
};
int util_atomic_open(struct util_atomic_file *f, const char *path);
int util_atomic_write(struct util_atomic_file *f, const void *data, size_t len);
int util_atomic_pwrite(struct util_atomic_file *f, const void *data, size_t len,
                       uint64_t off);
int util_atomic_commit(struct util_atomic_file *f);
void util_atomic_abort(struct util_atomic_file *f);
/* mkdir -p with mode 0700 for the missing parts. Returns 0 or errno. */
int util_mkdirs(const char *path);

/* Writes s as one TSV field: tabs and newlines become spaces, so the
 * field stays one field. */
void util_put_tsv_field(const char *s, FILE *out);
/* n in decimal with a comma every three digits ("41,200"), as the status
 * bar counts; cut to fit size (at least 1). */
void util_group_digits(char *buf, size_t size, size_t n);

/* Monotonic clock in nanoseconds, for the benchmark figures. */
uint64_t util_now_ns(void);

#endif
