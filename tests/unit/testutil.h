/* testutil.h - what every cmocka test file includes. KILDE_SRCDIR is the
 * source root, so tests can read corpus/ and tests/data/ wherever they run. */
#ifndef KILDE_TESTUTIL_H
#define KILDE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define SRC_PATH(rel) KILDE_SRCDIR "/" rel

#endif
