/* testutil.h - what every cmocka test file includes. KILDE_SRCDIR is the
 * source root, so tests can read corpus/ and tests/data/ wherever they run. */
#ifndef KILDE_TESTUTIL_H
#define KILDE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kilde/corpus.h"
#include "kilde/text.h"
#include "kilde/util.h"

#define SRC_PATH(rel) KILDE_SRCDIR "/" rel

/* The text of the file rel (below the source root), decoded as kilde
 * decodes an article; *len its length. Caller frees. */
static inline char *testutil_load(const char *rel, size_t *len)
{
	char *path = util_xasprintf("%s/%s", KILDE_SRCDIR, rel);
	uint8_t *buf;
	size_t n;
	char *s;

	assert_int_equal(util_read_file(path, 0, &buf, &n), 0);
	s = text_decode(buf, n, NULL, len);
	free(buf);
	free(path);
	return s;
}

/* A corpus of in-memory articles named 000.txt, 001.txt, ... */
static inline struct corpus testutil_corpus(const char *const *texts, size_t n)
{
	struct corpus c = {0};
	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof(name), "%03zu.txt", i);
		corpus_add_text(&c, name, texts[i], strlen(texts[i]));
	}
	return c;
}

/* Writes n bytes to path (created or truncated), or fails the test. */
static inline void testutil_write(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

#endif
