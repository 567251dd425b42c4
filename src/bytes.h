/* bytes.h - little-endian numbers and a bounds-checked cursor for reading
 * back the cache files: private to the modules that write and read them
 * (cache.c, xref_cache.c, wordidx.c, story.c, provenance.c), which trust
 * no byte they read.
 * Nothing else includes this. */
#ifndef KILDE_BYTES_H
#define KILDE_BYTES_H

#include <endian.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kilde/util.h"

/* One load where the machine is little-endian (a checksum or a parse
 * reads every word of files of tens of megabytes this way). */
static inline uint64_t bytes_get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static inline uint32_t bytes_get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

/* n numbers in a row, as a file's header holds them. */
static inline void bytes_get64s(const unsigned char *p, uint64_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = bytes_get64(p + i * 8);
}

static inline unsigned char *bytes_put32(unsigned char *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

static inline unsigned char *bytes_put64(unsigned char *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, sizeof(v));
	return p + sizeof(v);
}

/* The same, appended to a byte form made whole in memory (the small
 * ones: stories, provenance). */
static inline void bytes_sb_put32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4];

	bytes_put32(b, v);
	sb_append(sb, (const char *)b, sizeof(b));
}

static inline void bytes_sb_put64(struct strbuf *sb, uint64_t v)
{
	unsigned char b[8];

	bytes_put64(b, v);
	sb_append(sb, (const char *)b, sizeof(b));
}

/* Bytes written as they are made: small items gather in buf (cap bytes,
 * the writer's), which goes to sink when full; a run of cap / 4 bytes or
 * more goes to sink as it is, from where it lies, without a copy. sink
 * returns 0 or an errno value; its first error is kept in err and nothing
 * more is written. total counts every byte written, so a writer can check
 * it against the length it announced. */
struct bytes_out {
	unsigned char *buf;
	size_t len, cap;
	int (*sink)(void *ctx, const void *data, size_t n);
	void *ctx;
	uint64_t total;
	int err;
};

static inline void bytes_out_send(struct bytes_out *o, const void *p, size_t n)
{
	if (n && !o->err)
		o->err = o->sink(o->ctx, p, n);
	o->total += n;
}

static inline void bytes_out_flush(struct bytes_out *o)
{
	bytes_out_send(o, o->buf, o->len);
	o->len = 0;
}

/* Room for n bytes (n <= cap), to be filled at once. */
static inline unsigned char *bytes_out_room(struct bytes_out *o, size_t n)
{
	unsigned char *p;

	if (o->cap - o->len < n)
		bytes_out_flush(o);
	p = o->buf + o->len;
	o->len += n;
	return p;
}

static inline void bytes_out_put(struct bytes_out *o, const void *p, size_t n)
{
	if (n >= o->cap / 4) {
		bytes_out_flush(o);
		bytes_out_send(o, p, n);
	} else if (n) {
		memcpy(bytes_out_room(o, n), p, n);
	}
}

static inline void bytes_out_put32(struct bytes_out *o, uint32_t v)
{
	bytes_put32(bytes_out_room(o, 4), v);
}

static inline void bytes_out_put64(struct bytes_out *o, uint64_t v)
{
	bytes_put64(bytes_out_room(o, 8), v);
}

/* A cursor over bytes. A take that does not fit makes it bad, and every
 * take after fails too, so a parse can check once at the end. */
struct bytes_reader {
	const unsigned char *p;
	size_t left;
	bool bad;
};

/* The next n items of size bytes each, or NULL (and bad) if the bytes
 * left do not hold them (checked by division, so a huge n cannot
 * overflow). */
static inline const unsigned char *bytes_take(struct bytes_reader *r, uint64_t n,
                                              size_t size)
{
	const unsigned char *p = r->p;

	if (r->bad || n > r->left / size) {
		r->bad = true;
		return NULL;
	}
	r->p += (size_t)n * size;
	r->left -= (size_t)n * size;
	return p;
}

#endif
