/* fuzz_check.h - the invariants every libFuzzer harness asserts about clean
 * text (see text.h), shared so that the harnesses agree on what "clean"
 * means. A broken invariant prints what and where, then aborts: libFuzzer
 * treats the abort as a crash and saves the input. */
#ifndef KILDE_FUZZ_CHECK_H
#define KILDE_FUZZ_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/text.h"
#include "kilde/xref.h"

#define FUZZ_ASSERT(cond, ...)                                               \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: invariant broken: %s: ",     \
			        __FILE__, __LINE__, #cond);                  \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			abort();                                             \
		}                                                            \
	} while (0)

/* Valid UTF-8, NUL-terminated at len with no NUL before, nothing
 * text_forbidden_char forbids. what names the producer in the message. */
static inline void fuzz_check_clean(const char *s, size_t len,
                                    const char *what)
{
	const uint8_t *p = (const uint8_t *)s;
	const uint8_t *bad;

	FUZZ_ASSERT(s != NULL, "%s returned NULL", what);
	FUZZ_ASSERT(s[len] == '\0', "%s: not NUL-terminated at its length %zu",
	            what, len);
	FUZZ_ASSERT(strlen(s) == len, "%s: NUL byte at %zu of %zu", what,
	            strlen(s), len);
	bad = u8_check(p, len);
	FUZZ_ASSERT(bad == NULL, "%s: invalid UTF-8 at byte %zu", what,
	            (size_t)(bad - p));
	for (size_t i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, p + i, len - i);
		const char *why = text_forbidden_char(uc);

		FUZZ_ASSERT(why == NULL, "%s: %s U+%04X at byte %zu", what,
		            why, (unsigned)uc, i);
		i += (size_t)n;
	}
}

/* True when off falls on the start of a UTF-8 character (or the end). */
static inline int fuzz_char_boundary(const char *s, size_t len, size_t off)
{
	return off == len || (off < len && ((uint8_t)s[off] & 0xc0) != 0x80);
}

/* The corpus of the cross-reference harnesses: the input cut at 0x1E
 * record separators into up to four articles (at least two), or, without
 * any, into nparts equal pieces. */
static inline void fuzz_split(struct corpus *c, const uint8_t *data,
                              size_t size, size_t nparts)
{
	static const char *const names[] = {"a.txt", "b.txt", "c.txt", "d.txt"};
	size_t start = 0;

	if (memchr(data, 0x1e, size)) {
		for (size_t i = 0; i <= size && c->n < 4; i++) {
			if (i < size && data[i] != 0x1e)
				continue;
			corpus_add_text(c, names[c->n], (const char *)data + start,
			                i - start);
			start = i + 1;
		}
		while (c->n < 2)
			corpus_add_text(c, names[c->n], "", 0);
		return;
	}
	for (size_t i = 0; i < nparts; i++) {
		size_t end = size * (i + 1) / nparts;

		corpus_add_text(c, names[i], (const char *)data + start,
		                end - start);
		start = end;
	}
}

/* The cache harnesses' input: byte 0 picks the split, byte 1 how many
 * edits (up to 7, three bytes each, at *edits), the rest is the corpus.
 * Returns the number of edits. The caller has checked size >= 2. */
static inline size_t fuzz_cache_input(struct corpus *c, const uint8_t *data,
                                      size_t size, const uint8_t **edits)
{
	size_t k = data[1] % 8;

	if (k > (size - 2) / 3)
		k = (size - 2) / 3;
	*edits = data + 2;
	fuzz_split(c, *edits + 3 * k, size - 2 - 3 * k, 2 + data[0] % 3);
	return k;
}

/* The cache harnesses' damage: k edits of three bytes each (a 16-bit
 * position, then 0 to cut the bytes there or a mask to flip one byte)
 * applied to bytes of length len, returned as an exact-size copy so that
 * ASan sees any read past the end. *len is the damaged length. */
static inline uint8_t *fuzz_damaged_copy(char *bytes, size_t *len,
                                         const uint8_t *edits, size_t k)
{
	uint8_t *copy;

	for (size_t i = 0; i < k; i++) {
		size_t pos = (size_t)(edits[3 * i] | edits[3 * i + 1] << 8);

		if (edits[3 * i + 2] == 0)
			*len = pos % (*len + 1);
		else if (*len)
			bytes[pos % *len] =
			    (char)(bytes[pos % *len] ^ edits[3 * i + 2]);
	}
	copy = malloc(*len ? *len : 1);
	if (!copy)
		abort();
	memcpy(copy, bytes, *len);
	return copy;
}

/* The options of the cross-reference harnesses, from the input's first
 * byte: short passages now and then (more of them to overlap), and half
 * the time the shipped alias table and company suffixes, as kilde --xrefs
 * runs (parsed once, kept for the whole run). */
static inline void fuzz_xref_options(struct xref_options *opt, uint8_t flags)
{
	static struct config cfg;
	static int have_cfg;

	xref_default_options(opt);
	if (flags & 0x80)
		opt->passage_words = 2 + (flags >> 3) % 7;
	if (flags & 0x40) {
		if (!have_cfg) {
			config_init(&cfg);
			have_cfg = 1;
		}
		opt->aliases = cfg.aliases;
		opt->naliases = cfg.naliases;
		opt->company_suffixes = cfg.company_suffixes;
	}
}

#endif
