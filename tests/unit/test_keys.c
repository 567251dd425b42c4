/* test_keys.c - key names both ways, the action table's defaults, the
 * default keymap and the scope-first lookup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "kilde/keys.h"

static void test_parse_named(void **state)
{
	(void)state;
	assert_int_equal(keys_parse("Enter"), KEY_K_ENTER);
	assert_int_equal(keys_parse("enter"), KEY_K_ENTER);
	assert_int_equal(keys_parse("Return"), KEY_K_ENTER);
	assert_int_equal(keys_parse("Tab"), '\t');
	assert_int_equal(keys_parse("S-Tab"), KEY_K_BTAB);
	assert_int_equal(keys_parse("Space"), ' ');
	assert_int_equal(keys_parse("Backspace"), KEY_K_BACKSPACE);
	assert_int_equal(keys_parse("Esc"), 27);
	assert_int_equal(keys_parse("Up"), KEY_K_UP);
	assert_int_equal(keys_parse("Down"), KEY_K_DOWN);
	assert_int_equal(keys_parse("Left"), KEY_K_LEFT);
	assert_int_equal(keys_parse("Right"), KEY_K_RIGHT);
	assert_int_equal(keys_parse("PgUp"), KEY_K_PGUP);
	assert_int_equal(keys_parse("PgDn"), KEY_K_PGDN);
	assert_int_equal(keys_parse("Home"), KEY_K_HOME);
	assert_int_equal(keys_parse("End"), KEY_K_END);
	assert_int_equal(keys_parse("Delete"), KEY_K_DELETE);
	assert_int_equal(keys_parse("Insert"), KEY_K_INSERT);
	assert_int_equal(keys_parse("F1"), KEY_K_F0 + 1);
	assert_int_equal(keys_parse("F12"), KEY_K_F0 + 12);
	assert_int_equal(keys_parse("Hash"), '#');
	assert_int_equal(keys_parse("Semicolon"), ';');
	assert_int_equal(keys_parse("Equals"), '=');
}

static void test_parse_ctrl_and_chars(void **state)
{
	(void)state;
	assert_int_equal(keys_parse("C-l"), 12);
	assert_int_equal(keys_parse("C-L"), 12);
	assert_int_equal(keys_parse("Ctrl-l"), 12);
	assert_int_equal(keys_parse("^L"), 12);
	assert_int_equal(keys_parse("^l"), 12);
	assert_int_equal(keys_parse("C-a"), 1);
	assert_int_equal(keys_parse("C-z"), 26);
	assert_int_equal(keys_parse("^"), '^');
	assert_int_equal(keys_parse("j"), 'j');
	assert_int_equal(keys_parse("J"), 'J');
	assert_int_equal(keys_parse("?"), '?');
	assert_int_equal(keys_parse("#"), '#');
	assert_int_equal(keys_parse("ø"), 0xf8);
	assert_int_equal(keys_parse("Æ"), 0xc6);
	assert_int_equal(keys_parse("€"), 0x20ac);
	assert_int_equal(keys_parse("😀"), 0x1f600);
	/* "o" + COMBINING SHORT SOLIDUS OVERLAY is not one character, but
	 * "a" + COMBINING RING ABOVE composes to "å" under NFC. */
	assert_int_equal(keys_parse("a\xcc\x8a"), 0xe5);
	assert_int_equal(keys_parse("U+00F8"), 0xf8);
	assert_int_equal(keys_parse("u+7f"), 0x7f);
}

static void test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"", "jj", "C-", "C-1", "C-ø", "Ctrl-", "^^x", "F0", "F13",
		"F1x", "F01", "Foo", "\xff", "\xc3", "\x01", " ", "\t",
		"\x7f", "\xc2\x9b", "U+", "U+D800", "U+110000", "U+12G",
		"Enter2", "øø",
	};
	(void)state;
	assert_int_equal(keys_parse(NULL), -1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (keys_parse(bad[i]) != -1)
			fail_msg("'%s' parsed as a key", bad[i]);
	}
}

static void test_names(void **state)
{
	char buf[32];
	(void)state;
	assert_string_equal(keys_name(12, buf, sizeof(buf)), "C-l");
	assert_string_equal(keys_name('\t', buf, sizeof(buf)), "Tab");
	assert_string_equal(keys_name(27, buf, sizeof(buf)), "Esc");
	assert_string_equal(keys_name(' ', buf, sizeof(buf)), "Space");
	assert_string_equal(keys_name('#', buf, sizeof(buf)), "Hash");
	assert_string_equal(keys_name(';', buf, sizeof(buf)), "Semicolon");
	assert_string_equal(keys_name('=', buf, sizeof(buf)), "Equals");
	assert_string_equal(keys_name(0xf8, buf, sizeof(buf)), "ø");
	assert_string_equal(keys_name('j', buf, sizeof(buf)), "j");
	assert_string_equal(keys_name(KEY_K_ENTER, buf, sizeof(buf)), "Enter");
	assert_string_equal(keys_name(KEY_K_BTAB, buf, sizeof(buf)), "S-Tab");
	assert_string_equal(keys_name(KEY_K_PGDN, buf, sizeof(buf)), "PgDn");
	assert_string_equal(keys_name(KEY_K_F0 + 12, buf, sizeof(buf)), "F12");
	assert_string_equal(keys_name(0x7f, buf, sizeof(buf)), "U+007F");
	assert_string_equal(keys_name(0x9b, buf, sizeof(buf)), "U+009B");
	/* A short buffer is truncated, never overrun. */
	assert_string_equal(keys_name(KEY_K_BACKSPACE, buf, 5), "Back");
}

/* Every key that has a name reads back as itself. */
static void test_round_trip(void **state)
{
	char buf[32];
	int n = 0;
	(void)state;
	for (int k = 1; k < 0x3400; k++) {
		if (k >= 0xd800 && k < 0xe000)
			continue;
		keys_name(k, buf, sizeof(buf));
		if (keys_parse(buf) != k)
			fail_msg("key %d named '%s' parses as %d", k, buf,
			         keys_parse(buf));
		n++;
	}
	for (int k = KEY_K_UP; k < KEY_K_LAST; k++) {
		if (k == KEY_K_RESIZE || k == KEY_K_MOUSE || k == KEY_K_F0)
			continue;
		keys_name(k, buf, sizeof(buf));
		if (keys_parse(buf) != k)
			fail_msg("key %d named '%s' does not read back", k, buf);
		n++;
	}
	assert_true(n > 0x3000);
}

static void test_parse_list(void **state)
{
	int keys[KEYS_MAX_PER_ACTION];
	const char *bad = NULL;
	size_t badlen = 0;
	(void)state;
	assert_int_equal(keys_parse_list("j Down C-n", keys, 8, &bad, &badlen), 3);
	assert_int_equal(keys[0], 'j');
	assert_int_equal(keys[1], KEY_K_DOWN);
	assert_int_equal(keys[2], 14);
	assert_int_equal(keys_parse_list("  j\tj  ", keys, 8, NULL, NULL), 1);
	assert_int_equal(keys_parse_list("", keys, 8, NULL, NULL), 0);
	assert_int_equal(keys_parse_list("j Dwn k", keys, 8, &bad, &badlen), -1);
	assert_int_equal(badlen, 3);
	assert_memory_equal(bad, "Dwn", 3);
	assert_int_equal(keys_parse_list("a b c", keys, 2, NULL, NULL), -2);
}

/* The table's defaults are all valid names, and no key is bound twice in
 * one scope, so the default keymap is unambiguous. */
static void test_default_table(void **state)
{
	struct keymap km;
	(void)state;
	keys_default(&km);
	for (int a = 0; a < ACT_COUNT; a++) {
		const char *d = keys_actions[a].defaults;
		int words = 0;
		for (const char *p = d; *p; p++)
			if (*p != ' ' && (p == d || p[-1] == ' '))
				words++;
		if (km.nkeys[a] != words)
			fail_msg("action %s: defaults '%s' gave %d keys",
			         keys_actions[a].name, d, km.nkeys[a]);
		assert_int_equal(keys_action_by_name(keys_actions[a].name), a);
		for (int b = 0; b < a; b++) {
			if (keys_actions[a].scope != keys_actions[b].scope)
				continue;
			for (int i = 0; i < km.nkeys[a]; i++)
				for (int j = 0; j < km.nkeys[b]; j++)
					if (km.keys[a][i] == km.keys[b][j])
						fail_msg("%s and %s share a key",
						         keys_actions[a].name,
						         keys_actions[b].name);
		}
	}
	assert_int_equal(keys_action_by_name("no_such_action"), ACT_NONE);
}

static void test_default_keymap(void **state)
{
	struct keymap km;
	char buf[128];
	(void)state;
	keys_default(&km);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, 'j'), ACT_move_down);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, KEY_K_DOWN), ACT_move_down);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, 'q'), ACT_quit);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, 'Q'), ACT_quit_now);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, KEY_K_F0 + 1), ACT_help);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, 12), ACT_redraw);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, '\t'), ACT_focus_next);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, ' '), ACT_page_down);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, KEY_K_ENTER), ACT_open);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, 'G'), ACT_bottom);
	assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, 'Z'), ACT_NONE);
	/* A pane scope falls back to the global bindings. */
	assert_int_equal(keys_lookup(&km, SCOPE_LIST, 'j'), ACT_move_down);
	assert_int_equal(keys_lookup(&km, SCOPE_READER, 'J'), ACT_next_article);
	assert_string_equal(keys_binding_names(&km, ACT_move_down, buf,
	                                       sizeof(buf)), "j Down C-n");
	assert_string_equal(keys_binding_names(&km, ACT_help, buf, sizeof(buf)),
	                    "? F1 h");
	km.nkeys[ACT_help] = 0;
	assert_string_equal(keys_binding_names(&km, ACT_help, buf, sizeof(buf)),
	                    "");
}

/* A binding in a pane's own scope wins over a global one for the same key
 * in that pane, and only there. Uses whatever scoped actions the table
 * has; with none, the fallback above is all there is to test. */
static void test_scope_first(void **state)
{
	struct keymap km;
	int key = 0x2603; /* a key no default uses */
	(void)state;
	for (int a = 0; a < ACT_COUNT; a++) {
		enum keys_scope s = keys_actions[a].scope;
		if (s == SCOPE_GLOBAL)
			continue;
		keys_default(&km);
		km.keys[ACT_quit][0] = key;
		km.keys[a][0] = key;
		assert_int_equal(keys_lookup(&km, s, key), a);
		assert_int_equal(keys_lookup(&km, SCOPE_GLOBAL, key), ACT_quit);
		enum keys_scope other = s == SCOPE_LIST ? SCOPE_READER : SCOPE_LIST;
		if (keys_lookup(&km, other, key) != ACT_quit)
			fail_msg("%s leaks into another scope", keys_actions[a].name);
	}
	/* A global binding reached from a pane scope. */
	keys_default(&km);
	km.keys[ACT_quit][0] = key;
	assert_int_equal(keys_lookup(&km, SCOPE_LIST, key), ACT_quit);
	assert_int_equal(keys_lookup(&km, SCOPE_READER, key), ACT_quit);
	assert_int_equal(keys_lookup(&km, SCOPE_READER, 'q'), ACT_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_named),
		cmocka_unit_test(test_parse_ctrl_and_chars),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_parse_list),
		cmocka_unit_test(test_default_table),
		cmocka_unit_test(test_default_keymap),
		cmocka_unit_test(test_scope_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
