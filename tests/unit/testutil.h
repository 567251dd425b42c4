/* testutil.h - what every cmocka test file includes. KILDE_SRCDIR is the
 * source root, so tests can read corpus/ and tests/data/ wherever they run. */
#ifndef KILDE_TESTUTIL_H
#define KILDE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

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

#endif
