/* test_osc52.c - the OSC 52 clipboard sequence: base64 as RFC 4648 gives
 * it (all three padding cases), nothing but printable ASCII between the
 * introducer and BEL whatever the text holds (controls, ESC, NUL, UTF-8),
 * the size cap, and when auto sends it. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "kilde/osc52.h"

static void expect(const char *text, size_t len, const char *b64)
{
	size_t n;
	char *s = osc52_sequence(text, len, &n);
	char *want = malloc(strlen(b64) + 16);

	strcpy(want, "\033]52;c;");
	strcat(want, b64);
	strcat(want, "\a");
	assert_non_null(s);
	assert_int_equal(n, strlen(want));
	assert_string_equal(s, want);
	free(want);
	free(s);
}

static void test_base64(void **state)
{
	(void)state;
	expect("", 0, "");
	expect("f", 1, "Zg==");
	expect("fo", 2, "Zm8=");
	expect("foo", 3, "Zm9v");
	expect("foobar", 6, "Zm9vYmFy");
	expect("Søren", 6, "U8O4cmVu");
}

/* A hostile text cannot end the sequence early or start another. */
static void test_only_printable(void **state)
{
	char text[256];
	size_t n;
	char *s;

	(void)state;
	for (int i = 0; i < 256; i++)
		text[i] = (char)i;
	s = osc52_sequence(text, sizeof(text), &n);
	assert_non_null(s);
	assert_memory_equal(s, "\033]52;c;", 7);
	assert_int_equal(s[n - 1], '\a');
	for (size_t i = 7; i + 1 < n; i++)
		assert_true(s[i] > 0x20 && s[i] < 0x7f);
	free(s);
}

static void test_cap(void **state)
{
	char *big = calloc(OSC52_MAX_TEXT + 1, 1);
	size_t n;
	char *s;

	(void)state;
	memset(big, 'a', OSC52_MAX_TEXT + 1);
	assert_null(osc52_sequence(big, OSC52_MAX_TEXT + 1, &n));
	s = osc52_sequence(big, OSC52_MAX_TEXT, &n);
	assert_non_null(s);
	assert_int_equal(n, 7 + OSC52_MAX_TEXT / 3 * 4 + 1 +
	                        (OSC52_MAX_TEXT % 3 ? 4 : 0));
	free(s);
	free(big);
}

static void test_wanted(void **state)
{
	(void)state;
	assert_true(osc52_wanted(OSC52_ALWAYS, false, "dumb", NULL));
	assert_false(osc52_wanted(OSC52_NEVER, true, "xterm", "/tmp/tmux"));
	assert_true(osc52_wanted(OSC52_AUTO, true, "vt220", NULL));
	assert_true(osc52_wanted(OSC52_AUTO, false, "screen", "/tmp/t,1,0"));
	assert_true(osc52_wanted(OSC52_AUTO, false, "xterm-256color", NULL));
	assert_false(osc52_wanted(OSC52_AUTO, false, "linux", NULL));
	assert_false(osc52_wanted(OSC52_AUTO, false, NULL, ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_only_printable),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_wanted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
