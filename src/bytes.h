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
