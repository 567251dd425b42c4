/* test_prompt.c - the status-bar prompt's editing buffer: UTF-8 insertion,
 * deletion and movement by grapheme cluster (combining marks, emoji with
 * modifiers, Danish letters in NFD), and the scrolled window by columns. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <unistr.h>

#include "kilde/prompt.h"

static void type(struct prompt *p, const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t n = strlen(s);

	/* Typing goes through prompt_insert, one code point at a time. */
	while (n) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u, n);

		assert_true(prompt_insert(p, uc));
		u += k;
		n -= (size_t)k;
	}
}

static void test_insert_and_backspace(void **state)
{
	struct prompt p = {0};
	(void)state;
	type(&p, "søren");
	assert_string_equal(p.buf, "søren");
	assert_int_equal(p.cur, strlen("søren"));
	assert_true(prompt_backspace(&p));
	assert_true(prompt_backspace(&p));
	assert_true(prompt_backspace(&p));
	assert_string_equal(p.buf, "sø");
	/* ø is two bytes and goes in one backspace. */
	assert_true(prompt_backspace(&p));
	assert_string_equal(p.buf, "s");
	assert_true(prompt_backspace(&p));
	assert_false(prompt_backspace(&p));
	assert_string_equal(p.buf, "");
	prompt_free(&p);
}

static void test_grapheme_clusters(void **state)
{
	struct prompt p = {0};
	(void)state;
	/* "Ærø" with the ø as o + combining stroke, then an emoji with a skin
	 * tone modifier: each is one cluster for backspace and movement. */
	type(&p, "Æro\xcc\xb8 \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd");
	assert_true(prompt_backspace(&p));
	assert_string_equal(p.buf, "Æro\xcc\xb8 ");
	assert_true(prompt_backspace(&p));
	assert_true(prompt_backspace(&p));
	assert_string_equal(p.buf, "Ær");
	assert_true(prompt_left(&p));
	assert_int_equal(p.cur, strlen("Æ"));
	assert_true(prompt_left(&p));
	assert_int_equal(p.cur, 0);
	assert_false(prompt_left(&p));
	assert_true(prompt_delete(&p));
	assert_string_equal(p.buf, "r");
	prompt_free(&p);
}

static void test_move_insert_in_middle(void **state)
{
	struct prompt p = {0};
	(void)state;
	type(&p, "Alborg");
	prompt_home(&p);
	assert_true(prompt_right(&p));
	assert_true(prompt_insert(&p, 'a'));
	assert_string_equal(p.buf, "Aalborg");
	prompt_end(&p);
	assert_int_equal(p.cur, 7);
	assert_false(prompt_right(&p));
	assert_false(prompt_delete(&p));
	/* Controls never enter the text. */
	assert_false(prompt_insert(&p, '\n'));
	assert_false(prompt_insert(&p, 0x1b));
	assert_false(prompt_insert(&p, 0x9b));
	assert_string_equal(p.buf, "Aalborg");
	prompt_clear(&p);
	assert_string_equal(p.buf, "");
	assert_int_equal(p.cur, 0);
	prompt_free(&p);
}

static void test_set_replaces_invalid(void **state)
{
	struct prompt p = {0};
	(void)state;
	prompt_set(&p, "a\xffz");
	assert_string_equal(p.buf, "a\xef\xbf\xbdz");
	assert_int_equal(p.cur, p.len);
	prompt_free(&p);
}

static void test_view_scrolls_by_columns(void **state)
{
	struct prompt p = {0};
	size_t off, n;
	int col;
	(void)state;
	type(&p, "abcdefghij");
	prompt_view(&p, 5, &off, &n, &col);
	/* Four columns of text before the cursor, the fifth for it. */
	assert_int_equal(off, 6);
	assert_int_equal(col, 4);
	assert_int_equal(n, 4);
	prompt_home(&p);
	prompt_view(&p, 5, &off, &n, &col);
	assert_int_equal(off, 0);
	assert_int_equal(col, 0);
	assert_int_equal(n, 5);
	/* Wide characters count two columns and are never cut. */
	prompt_set(&p, "日本語テキスト");
	prompt_view(&p, 6, &off, &n, &col);
	assert_int_equal(col, 4);
	assert_string_equal(p.buf + off, "スト");
	prompt_home(&p);
	prompt_view(&p, 5, &off, &n, &col);
	assert_int_equal(off, 0);
	assert_int_equal(n, strlen("日本"));
	prompt_free(&p);
}

/* C-w takes the word before the cursor and the spaces after it, by
 * grapheme (a word ending in a combining mark goes whole); C-u what is
 * before the cursor; C-k what is after it. */
static void test_kill(void **state)
{
	struct prompt p = {0};
	(void)state;

	type(&p, "mentions:Huawei  lang:da  ");
	assert_true(prompt_kill_word(&p));
	assert_string_equal(p.buf, "mentions:Huawei  ");
	assert_int_equal(p.cur, p.len);
	assert_true(prompt_kill_word(&p));
	assert_string_equal(p.buf, "");
	assert_false(prompt_kill_word(&p));
	type(&p, "one cafe\u0301 three");
	prompt_left(&p);
	for (int i = 0; i < 5; i++)
		prompt_left(&p); /* before " three" */
	assert_true(prompt_kill_word(&p));
	assert_string_equal(p.buf, "one  three");
	assert_int_equal(p.cur, 4);
	assert_true(prompt_kill_end(&p));
	assert_string_equal(p.buf, "one ");
	assert_int_equal(p.cur, 4);
	assert_false(prompt_kill_end(&p));
	prompt_left(&p);
	assert_true(prompt_kill_start(&p));
	assert_string_equal(p.buf, " ");
	assert_int_equal(p.cur, 0);
	assert_false(prompt_kill_start(&p));
	prompt_free(&p);
}

/* Up walks back through the lines, Down forward and then to what was
 * being typed; a repeated line is kept once, the oldest goes past the
 * limit, and fresh counts what a save has not written yet. */
static void test_history(void **state)
{
	struct prompt_history h = {0};
	struct prompt p = {0};
	(void)state;

	assert_false(prompt_history_up(&h, &p));
	prompt_history_add(&h, "huawei");
	prompt_history_add(&h, "ericsson");
	prompt_history_add(&h, "ericsson");
	prompt_history_add(&h, "");
	assert_int_equal(h.n, 2);
	prompt_history_rewind(&h);
	type(&p, "zte");
	assert_false(prompt_history_down(&h, &p));
	assert_true(prompt_history_up(&h, &p));
	assert_string_equal(p.buf, "ericsson");
	assert_int_equal(p.cur, p.len);
	assert_true(prompt_history_up(&h, &p));
	assert_string_equal(p.buf, "huawei");
	assert_false(prompt_history_up(&h, &p));
	assert_string_equal(p.buf, "huawei");
	assert_true(prompt_history_down(&h, &p));
	assert_string_equal(p.buf, "ericsson");
	assert_true(prompt_history_down(&h, &p));
	assert_string_equal(p.buf, "zte");
	assert_false(prompt_history_down(&h, &p));

	h.fresh = 2; /* as if saved */
	for (int i = 0; i < PROMPT_HISTORY_MAX; i++) {
		char line[32];
		snprintf(line, sizeof(line), "line %d", i);
		prompt_history_add(&h, line);
	}
	assert_int_equal(h.n, PROMPT_HISTORY_MAX);
	assert_string_equal(h.items[0], "line 0");
	assert_int_equal(h.fresh, 0);
	prompt_history_free(&h);
	prompt_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_backspace),
		cmocka_unit_test(test_grapheme_clusters),
		cmocka_unit_test(test_move_insert_in_middle),
		cmocka_unit_test(test_set_replaces_invalid),
		cmocka_unit_test(test_view_scrolls_by_columns),
		cmocka_unit_test(test_kill),
		cmocka_unit_test(test_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
