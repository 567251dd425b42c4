/* test_ui_draw.c - the interface's drawing helpers on an in-memory ncurses
 * screen: text never passes the width it was given (wide characters,
 * combining marks, emoji), highlight spans split a line where they should,
 * cut strings end in an ellipsis, and a terminal that is not UTF-8 gets
 * transliterated text, never bytes it cannot show. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "testutil.h"
#include "kilde/ui_draw.h"

static SCREEN *scr;
static FILE *out, *in;

static int setup(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return -1;
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	scr = newterm("xterm-256color", out, in);
	if (!scr)
		scr = newterm("vt100", out, in);
	if (!scr)
		return -1;
	set_term(scr);
	resizeterm(5, 30);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return 0;
}

/* The base character of cell x, row 0, and its attributes. */
static wchar_t cell(WINDOW *w, int x, attr_t *attr, int *nchars)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1] = {0};
	attr_t a;
	short pair;

	mvwin_wch(w, 0, x, &cc);
	getcchar(&cc, wc, &a, &pair, NULL);
	if (attr)
		*attr = a;
	if (nchars)
		*nchars = (int)wcslen(wc);
	return wc[0];
}

static void test_ascii_clipped(void **state)
{
	WINDOW *w = newwin(1, 20, 0, 0);
	const char *s = "hello world";

	(void)state;
	assert_int_equal(ui_draw_text(w, 0, 0, 5, s, strlen(s), A_NORMAL), 5);
	assert_int_equal(cell(w, 0, NULL, NULL), L'h');
	assert_int_equal(cell(w, 4, NULL, NULL), L'o');
	assert_int_equal(cell(w, 5, NULL, NULL), L' ');
	delwin(w);
}

static void test_wide_never_split(void **state)
{
	WINDOW *w = newwin(1, 20, 0, 0);
	const char *s = "日本語です";

	(void)state;
	/* Five columns hold two wide characters; the third would need 6. */
	assert_int_equal(ui_draw_text(w, 0, 0, 5, s, strlen(s), A_NORMAL), 4);
	assert_int_equal(cell(w, 0, NULL, NULL), L'日');
	assert_int_equal(cell(w, 2, NULL, NULL), L'本');
	assert_int_equal(cell(w, 4, NULL, NULL), L' ');
	delwin(w);
}

static void test_combining_in_one_cell(void **state)
{
	WINDOW *w = newwin(1, 20, 0, 0);
	const char *s = "e\xcc\x81tude"; /* e + COMBINING ACUTE, then "tude" */
	int n = 0;

	(void)state;
	assert_int_equal(ui_draw_text(w, 0, 0, 3, s, strlen(s), A_NORMAL), 3);
	assert_int_equal(cell(w, 0, NULL, &n), L'e');
	assert_int_equal(n, 2); /* the mark is in the same cell */
	assert_int_equal(cell(w, 1, NULL, NULL), L't');
	assert_int_equal(cell(w, 2, NULL, NULL), L'u');
	assert_int_equal(cell(w, 3, NULL, NULL), L' ');
	delwin(w);
}

static void test_emoji_within_width(void **state)
{
	WINDOW *w = newwin(1, 20, 0, 0);
	/* thumbs up + skin tone, a flag, a ZWJ family, text */
	const char *s = "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"
	                "\xf0\x9f\x87\xa9\xf0\x9f\x87\xb0"
	                "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"
	                "abcdefghijklmnopqrstuvwxyz";

	(void)state;
	for (int maxw = 1; maxw <= 12; maxw++) {
		werase(w);
		int used = ui_draw_text(w, 0, 2, maxw, s, strlen(s), A_NORMAL);

		assert_true(used <= maxw);
		/* Nothing beyond the given width was touched. */
		for (int x = 2 + maxw; x < 20; x++)
			assert_int_equal(cell(w, x, NULL, NULL), L' ');
	}
	delwin(w);
}

static void test_spans(void **state)
{
	WINDOW *w = newwin(1, 20, 0, 0);
	const char *s = "xxabcdefgh";
	struct ui_span sp[] = {
		{.off = 3, .len = 2, .attr = A_BOLD},
		{.off = 6, .len = 10, .attr = A_UNDERLINE},
	};
	attr_t a;

	(void)state;
	/* Draws "abcdefgh" (offset 2..10) in the base attribute, except c-d
	 * bold and from f on underlined. */
	assert_int_equal(ui_draw_spans(w, 0, 0, 20, s, 2, 8, A_NORMAL, sp, 2), 8);
	assert_int_equal(cell(w, 0, &a, NULL), L'a');
	assert_false(a & (A_BOLD | A_UNDERLINE));
	assert_int_equal(cell(w, 1, &a, NULL), L'b');
	assert_true(a & A_BOLD);
	assert_int_equal(cell(w, 2, &a, NULL), L'c');
	assert_true(a & A_BOLD);
	assert_int_equal(cell(w, 3, &a, NULL), L'd');
	assert_false(a & (A_BOLD | A_UNDERLINE));
	assert_int_equal(cell(w, 4, &a, NULL), L'e');
	assert_true(a & A_UNDERLINE);
	assert_int_equal(cell(w, 7, &a, NULL), L'h');
	assert_true(a & A_UNDERLINE);
	/* A narrow width cuts spans too. */
	werase(w);
	assert_int_equal(ui_draw_spans(w, 0, 0, 3, s, 2, 8, A_NORMAL, sp, 2), 3);
	assert_int_equal(cell(w, 3, NULL, NULL), L' ');
	delwin(w);
}

static void test_draw_str_ellipsis(void **state)
{
	WINDOW *w = newwin(1, 20, 0, 0);
	struct ui ui = {.utf8 = true};

	(void)state;
	assert_int_equal(ui_draw_str(&ui, w, 0, 0, 6, "Søren Kierkegaard",
	                             A_NORMAL), 6);
	assert_int_equal(cell(w, 1, NULL, NULL), L'ø');
	assert_int_equal(cell(w, 5, NULL, NULL), L'…');
	assert_int_equal(cell(w, 6, NULL, NULL), L' ');
	delwin(w);
}

static void test_display_text_ascii(void **state)
{
	struct ui ascii = {.utf8 = false, .charset = "ASCII"};
	struct ui utf8 = {.utf8 = true};
	const char *s = "Søren Vindfelt Røn, Ærø";
	size_t len;
	char *t;

	(void)state;
	assert_null(ui_display_text(&utf8, s, strlen(s), &len));
	t = ui_display_text(&ascii, s, strlen(s), &len);
	assert_non_null(t);
	assert_int_equal(len, strlen(t));
	for (size_t i = 0; i < len; i++)
		assert_true((unsigned char)t[i] < 0x80);
	assert_non_null(strstr(t, "S"));
	assert_non_null(strstr(t, "Vindfelt"));
	assert_null(strchr(t, '?')); /* Danish letters are transliterated */
	free(t);
	/* A slice, not NUL-terminated where it ends. */
	t = ui_display_text(&ascii, s, 5, &len);
	assert_non_null(t);
	assert_null(strstr(t, "Vindfelt"));
	free(t);
}

/* Scrolling by keys stays within the lines: 30 lines in 10 rows scroll
 * to 20 at most, a page is a screen less one row, and a pane taller than
 * its text does not scroll. */
static void test_scroll_key(void **state)
{
	size_t top = 0;

	(void)state;
	assert_true(ui_scroll_key(&top, 30, 10, ACT_move_up));
	assert_int_equal(top, 0);
	assert_true(ui_scroll_key(&top, 30, 10, ACT_move_down));
	assert_int_equal(top, 1);
	assert_true(ui_scroll_key(&top, 30, 10, ACT_page_down));
	assert_int_equal(top, 10);
	assert_true(ui_scroll_key(&top, 30, 10, ACT_page_down));
	assert_int_equal(top, 19);
	assert_true(ui_scroll_key(&top, 30, 10, ACT_half_down));
	assert_int_equal(top, 20);
	assert_true(ui_scroll_key(&top, 30, 10, ACT_half_up));
	assert_int_equal(top, 11);
	assert_true(ui_scroll_key(&top, 30, 10, ACT_top));
	assert_int_equal(top, 0);
	assert_true(ui_scroll_key(&top, 30, 10, ACT_bottom));
	assert_int_equal(top, 20);
	assert_true(ui_scroll_key(&top, 30, 1, ACT_page_up));
	assert_int_equal(top, 19);
	assert_false(ui_scroll_key(&top, 30, 10, ACT_quit));
	assert_int_equal(top, 19);
	assert_true(ui_scroll_key(&top, 5, 10, ACT_bottom));
	assert_int_equal(top, 0);
}

/* The movement keys move by their own sizes and leave clamping to the
 * view; other keys are not movements. */
static void test_move_key(void **state)
{
	long pos = 5;

	(void)state;
	assert_true(ui_move_key(ACT_half_down, 9, 4, 50, &pos));
	assert_int_equal(pos, 9);
	assert_true(ui_move_key(ACT_page_up, 9, 4, 50, &pos));
	assert_int_equal(pos, 0);
	assert_true(ui_move_key(ACT_move_up, 9, 4, 50, &pos));
	assert_int_equal(pos, -1);
	assert_true(ui_move_key(ACT_bottom, 9, 4, 50, &pos));
	assert_int_equal(pos, 50);
	assert_true(ui_move_key(ACT_half_up, 9, 4, 50, &pos));
	assert_int_equal(pos, 46);
	assert_false(ui_move_key(ACT_open, 9, 4, 50, &pos));
	assert_int_equal(pos, 46);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_clipped),
		cmocka_unit_test(test_scroll_key),
		cmocka_unit_test(test_move_key),
		cmocka_unit_test(test_wide_never_split),
		cmocka_unit_test(test_combining_in_one_cell),
		cmocka_unit_test(test_emoji_within_width),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_draw_str_ellipsis),
		cmocka_unit_test(test_display_text_ascii),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
