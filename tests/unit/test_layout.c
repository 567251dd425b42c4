/* test_layout.c - wrapping invariants (no line wider than the width, no
 * grapheme split, nothing but spaces lost) on the seeds at every width from
 * 1 to 120 and on wide, combining, flag and ZWJ text; column helpers;
 * the layout made on demand (the same lines, wrapping only what is asked
 * for). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unigbrk.h>

#include "kilde/layout.h"
#include "kilde/text.h"
#include "kilde/util.h"
#include "testutil.h"

static const char *const seeds[] = {
	"corpus/000_78b0cf8d7ad02d3c.txt", "corpus/001_445ba2664ba4056b.txt",
	"corpus/002_9ee63272115c30f3.txt", "corpus/003_92b029a54c8523d7.txt",
	"corpus/004_6df98165fb3bae8c.txt",
};

/* Wide, combining, flags, ZWJ sequences, skin tones, a long word. */
static const char hostile[] =
	"漢字かな交じり文は幅が二つ。 Ærø og Åbenrå ligger i Danmark 🇩🇰🇩🇰🇩🇰\n"
	"e\u0301e\u0301e\u0301 cafe\u0301 n\u0303o\u0308\u0323 x\u0301\u0302\u0303\u0304\n"
	"\n"
	"family \U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 "
	"\U0001F44D\U0001F3FD thumbs \u2764\uFE0F\u200D\U0001F525 hearts\n"
	"Donaudampfschifffahrtsgesellschaftskapitänswitwe "
	"\U0001F1E9\U0001F1F0\U0001F1F8\U0001F1EA\U0001F1F3\U0001F1F4\n"
	"한국어 텍스트 줄바꿈 시험 中文文本换行测试，标点符号。\n"
	"    indented   with   runs   of   spaces        \n";

/* The text with spaces and newlines removed: what wrapping must keep. */
static char *ink(const char *s, size_t n)
{
	struct strbuf sb = {0};

	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n')
			sb_putc(&sb, s[i]);
	return sb_take(&sb);
}

/* Every invariant of a wrap of text at width. */
static void check_wrap(const char *text, size_t len, int width)
{
	struct layout lo = {0};
	struct strbuf got = {0};
	char *gb = util_xcalloc(len + 1, 1);
	char *want;
	size_t prev_end = 0, paras = 0, nl = 0;

	/* gb[i] != 0: a grapheme boundary at byte i. */
	u8_grapheme_breaks((const uint8_t *)text, len, gb);
	gb[0] = gb[len] = 1;
	for (size_t i = 0; i < len; i++)
		nl += text[i] == '\n';
	layout_wrap(&lo, text, len, width);
	assert_int_equal(lo.width, width);
	for (size_t i = 0; i < lo.n; i++) {
		const struct layout_line *l = &lo.lines[i];
		assert_true(l->off >= prev_end);
		assert_true(l->off + l->len <= len);
		assert_null(memchr(text + l->off, '\n', l->len));
		assert_int_equal(l->width, layout_width(text + l->off, l->len));
		if (l->width > width)
			fail_msg("width %d: line %zu is %d wide", width, i, l->width);
		assert_true(gb[l->off]);
		assert_true(gb[l->off + l->len]);
		if (l->len)
			assert_true(text[l->off + l->len - 1] != ' ');
		paras += l->para_start;
		prev_end = l->off + l->len;
		sb_append(&got, text + l->off, l->len);
	}
	/* One paragraph per LF-separated line (no final empty one). */
	assert_int_equal(paras, nl + (len && text[len - 1] != '\n'));
	want = ink(text, len);
	char *g = ink(got.s ? got.s : "", got.len);
	assert_string_equal(g, want);
	free(g);
	free(want);
	sb_free(&got);
	free(gb);
	layout_free(&lo);
}

static void test_seeds_all_widths(void **state)
{
	(void)state;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(seeds); i++) {
		size_t len;
		char *t = testutil_load(seeds[i], &len);
		for (int w = 1; w <= 120; w++)
			check_wrap(t, len, w);
		free(t);
	}
}

static void test_hostile_all_widths(void **state)
{
	size_t len;
	char *t = text_decode((const uint8_t *)hostile, strlen(hostile), NULL, &len);

	(void)state;
	/* Below 8 columns the ZWJ family (8 columns as a terminal draws it)
	 * cannot fit at all and is left out, so ink is only compared from
	 * there; the width and grapheme invariants hold at every width. */
	for (int w = 8; w <= 120; w++)
		check_wrap(t, len, w);
	for (int w = 1; w < 8; w++) {
		struct layout lo = {0};
		layout_wrap(&lo, t, len, w);
		for (size_t i = 0; i < lo.n; i++)
			assert_true(lo.lines[i].width <= w);
		layout_free(&lo);
	}
	free(t);
}

static void expect_lines(const char *text, int width, const char *const *want,
                         size_t nwant)
{
	struct layout lo = {0};

	layout_wrap(&lo, text, strlen(text), width);
	assert_int_equal(lo.n, nwant);
	for (size_t i = 0; i < nwant; i++) {
		char *s = util_xstrndup(text + lo.lines[i].off, lo.lines[i].len);
		assert_string_equal(s, want[i]);
		free(s);
	}
	layout_free(&lo);
}

static void test_wrap_cases(void **state)
{
	(void)state;
	expect_lines("hello world", 5, (const char *[]){"hello", "world"}, 2);
	expect_lines("hello world", 11, (const char *[]){"hello world"}, 1);
	expect_lines("hello   world", 7, (const char *[]){"hello", "world"}, 2);
	expect_lines("aaaaaaaaaa", 4, (const char *[]){"aaaa", "aaaa", "aa"}, 3);
	expect_lines("a\n\nb\n", 10, (const char *[]){"a", "", "b"}, 3);
	expect_lines("Søren Vindfelt Røn", 8,
	             (const char *[]){"Søren", "Vindfelt", "Røn"}, 3);
	expect_lines("漢字漢字漢", 4, (const char *[]){"漢字", "漢字", "漢"}, 3);
	expect_lines("漢字漢字漢", 5, (const char *[]){"漢字", "漢字", "漢"}, 3);
	/* combining marks stay with their letter */
	expect_lines("e\u0301e\u0301e\u0301", 2,
	             (const char *[]){"e\u0301e\u0301", "e\u0301"}, 2);
	/* a flag is two regional indicators and one grapheme, also when a
	 * long run of flags has to be broken inside the "word" */
	expect_lines("\U0001F1E9\U0001F1F0\U0001F1F8\U0001F1EA\U0001F1F3\U0001F1F4", 5,
	             (const char *[]){"\U0001F1E9\U0001F1F0\U0001F1F8\U0001F1EA",
	                              "\U0001F1F3\U0001F1F4"}, 2);
	expect_lines("\U0001F1E9\U0001F1F0\U0001F1E9\U0001F1F0", 3,
	             (const char *[]){"\U0001F1E9\U0001F1F0", "\U0001F1E9\U0001F1F0"}, 2);
	expect_lines("Call-deklarationen", 10,
	             (const char *[]){"Call-", "deklaratio", "nen"}, 3);
	expect_lines("", 10, NULL, 0);
	expect_lines("   ", 10, (const char *[]){""}, 1);
	/* after a Prepend character (U+0600) the space is part of the same
	 * grapheme: the line keeps it rather than end inside the cluster
	 * (found by fuzz_layout) */
	/* a cluster may begin with a Prepend character and go on into an
	 * emoji ZWJ sequence (GB9b then GB11): the family stays whole
	 * (found by fuzz_layout) */
	assert_int_equal(layout_grapheme_len("\u0603\U0001F469\u200D\U0001F467x", 14), 13);
	expect_lines("ab\u0600 cd ef", 4,
	             (const char *[]){"ab\u0600 ", "cd", "ef"}, 3);
}

static void test_para_start(void **state)
{
	struct layout lo = {0};
	const char *t = "one two six\nfour";

	(void)state;
	layout_wrap(&lo, t, strlen(t), 4);
	assert_int_equal(lo.n, 4);
	assert_true(lo.lines[0].para_start);
	assert_false(lo.lines[1].para_start);
	assert_false(lo.lines[2].para_start);
	assert_true(lo.lines[3].para_start);
	layout_free(&lo);
}

/* One LF after a finished sentence is a paragraph break on screen (an
 * empty line on the LF); one LF inside a sentence, or after a byline or
 * a menu item, is only a line break. */
static void test_sentence_paragraphs(void **state)
{
	struct layout lo = {0};
	const char *t = "Ansip.\nThe company\nsaid \u201Cno.\u201D\n\nHe said.\n   \nEnd";

	(void)state;
	expect_lines("One.\nTwo", 10, (const char *[]){"One.", "", "Two"}, 3);
	expect_lines("a \u201Cquote!\u201D)  \nb", 20,
	             (const char *[]){"a \u201Cquote!\u201D)", "", "b"}, 3);
	expect_lines("Steve Rogerson\nDecember 12, 2018", 20,
	             (const char *[]){"Steve Rogerson", "December 12, 2018"}, 2);
	expect_lines("Wait\u2026\nmore", 20,
	             (const char *[]){"Wait\u2026", "", "more"}, 3);
	/* two LFs are an empty line already, and a line of spaces is one */
	layout_wrap(&lo, t, strlen(t), 40);
	assert_int_equal(lo.n, 8);
	assert_int_equal(lo.lines[1].off, 6); /* the LF after "Ansip." */
	assert_int_equal(lo.lines[1].len, 0);
	assert_false(lo.lines[1].para_start);
	assert_true(lo.lines[2].para_start);
	assert_int_equal(lo.lines[4].len, 0); /* the empty line of the file */
	assert_int_equal(lo.lines[6].len, 0); /* the line of spaces */
	assert_int_equal(layout_line_of(&lo, 6), 1);
	layout_free(&lo);
}

static void test_line_of(void **state)
{
	struct layout lo = {0};
	size_t len;
	char *t = testutil_load(seeds[4], &len);

	(void)state;
	layout_wrap(&lo, t, len, 33);
	for (size_t i = 0; i < lo.n; i++) {
		const struct layout_line *l = &lo.lines[i];
		assert_int_equal(layout_line_of(&lo, l->off), i);
		if (l->len)
			assert_int_equal(layout_line_of(&lo, l->off + l->len - 1), i);
	}
	assert_int_equal(layout_line_of(&lo, len + 100), lo.n - 1);
	layout_free(&lo);
	assert_int_equal(layout_line_of(&lo, 5), 0);
	free(t);
}

static void test_widths(void **state)
{
	int w;

	(void)state;
	assert_int_equal(layout_width("Søren", strlen("Søren")), 5);
	assert_int_equal(layout_width("漢字", strlen("漢字")), 4);
	assert_int_equal(layout_width("e\u0301", 3), 1);
	assert_int_equal(layout_width("\U0001F600", 4), 2);
	assert_int_equal(layout_grapheme_len("e\u0301x", 4), 3);
	assert_int_equal(layout_grapheme_len("\U0001F1E9\U0001F1F0x", 9), 8);
	assert_int_equal(layout_grapheme_len(
		"\U0001F468\u200D\U0001F469\u200D\U0001F467", 18), 18);
	assert_int_equal(layout_grapheme_len("", 0), 0);
	assert_int_equal(layout_fit("漢字漢字", 12, 5, &w), 6);
	assert_int_equal(w, 4);
	assert_int_equal(layout_fit("e\u0301e\u0301", 6, 1, &w), 3);
	assert_int_equal(w, 1);
}

static void check_trunc(const char *s, int cols, bool ascii, const char *want)
{
	char *t = layout_truncate(s, cols, ascii);
	assert_string_equal(t, want);
	assert_true(layout_width(t, strlen(t)) <= cols);
	free(t);
}

static void test_truncate(void **state)
{
	(void)state;
	check_trunc("Søren Vindfelt Røn", 30, false, "Søren Vindfelt Røn");
	check_trunc("Søren Vindfelt Røn", 18, false, "Søren Vindfelt Røn");
	check_trunc("Søren Vindfelt Røn", 10, false, "Søren Vin…");
	check_trunc("Søren Vindfelt Røn", 7, false, "Søren…");
	check_trunc("Søren Vindfelt Røn", 10, true, "Søren Vin~");
	check_trunc("漢字漢字", 5, false, "漢字…");
	check_trunc("漢字漢字", 8, false, "漢字漢字");
	check_trunc("漢字漢字漢", 4, false, "漢…");
	check_trunc("e\u0301e\u0301e\u0301", 2, false, "e\u0301…");
	check_trunc("abc", 1, false, "…");
	check_trunc("abc", 0, false, "");
}

/* A multi-megabyte single line is wrapped in one linear pass. */
static void test_long_line(void **state)
{
	size_t n = 2u * 1024 * 1024;
	char *t = util_xmalloc(n + 1);

	(void)state;
	for (size_t i = 0; i < n; i++)
		t[i] = i % 13 == 12 ? ' ' : (char)('a' + i % 26);
	t[n] = '\0';
	check_wrap(t, n, 80);
	memset(t, 'x', n); /* and one word of 2 MiB */
	check_wrap(t, n, 80);
	free(t);
}


/* Lines a and b are the same slices. */
static void assert_same_line(const struct layout_line *a,
                             const struct layout_line *b)
{
	assert_int_equal(a->off, b->off);
	assert_int_equal(a->len, b->len);
	assert_int_equal(a->width, b->width);
	assert_int_equal(a->para_start, b->para_start);
}

/* Asked for a line at a time, or for byte offsets, the layout made on
 * demand has exactly layout_wrap's lines, at every stage. */
static void check_lazy_same(const char *text, size_t len, int width)
{
	struct layout full = {0}, lo = {0};

	layout_wrap(&full, text, len, width);
	assert_true(layout_complete(&full));
	layout_begin(&lo, text, len, width);
	assert_int_equal(lo.n, 0);
	for (size_t i = 0; i < full.n; i++) {
		layout_need_line(&lo, i);
		assert_true(lo.n > i);
		assert_true(lo.n <= full.n);
		for (size_t k = 0; k < lo.n; k++)
			assert_same_line(&lo.lines[k], &full.lines[k]);
	}
	layout_need_line(&lo, full.n + 5);
	assert_true(layout_complete(&lo));
	assert_int_equal(lo.n, full.n);

	for (size_t off = 0; off < len; off += 97) {
		layout_begin(&lo, text, len, width);
		layout_need_off(&lo, off);
		assert_int_equal(layout_line_of(&lo, off),
		                 layout_line_of(&full, off));
	}
	layout_free(&lo);
	layout_free(&full);
}

/* A folded range is one line standing for all its lines: every byte in
 * it maps to that line, the text around is wrapped as without folds, and
 * a fold at the start or the end of the text works too. */
static void test_folds(void **state)
{
	const char *t = "Menu\nHome\n\nAbout\nThe article text.\nMore.\nAd one\nAd two";
	size_t len = strlen(t);
	/* "Menu" .. "About" (with the blank line), and the two ads. */
	const struct layout_fold f[] = {{0, 16}, {41, 13}};
	struct layout lo = {0};

	(void)state;
	assert_memory_equal(t + 41, "Ad one", 6);
	layout_begin(&lo, t, len, 40);
	layout_set_folds(&lo, f, 2);
	layout_finish(&lo);
	assert_int_equal(lo.n, 6);
	assert_true(lo.lines[0].fold);
	assert_int_equal(lo.lines[0].off, 0);
	assert_int_equal(lo.lines[0].len, 16);
	assert_false(lo.lines[1].fold);
	assert_int_equal(lo.lines[1].off, 17);
	assert_int_equal(lo.lines[1].len, 17); /* The article text. */
	/* "More." after a finished sentence: an empty line on the LF. */
	assert_int_equal(lo.lines[2].len, 0);
	assert_int_equal(lo.lines[3].off, 35);
	assert_int_equal(lo.lines[4].len, 0); /* and after it */
	assert_true(lo.lines[5].fold);
	assert_int_equal(lo.lines[5].off, 41);
	assert_int_equal(lo.lines[5].len, 13);
	for (size_t off = 0; off < 17; off++)
		assert_int_equal(layout_line_of(&lo, off), 0);
	for (size_t off = 41; off < len; off++)
		assert_int_equal(layout_line_of(&lo, off), 5);

	/* On demand: the line holding a byte in a fold is the fold. */
	layout_begin(&lo, t, len, 40);
	layout_set_folds(&lo, f, 2);
	layout_need_off(&lo, 50);
	assert_true(lo.lines[layout_line_of(&lo, 50)].fold);

	/* Without folds the same text has a line per line. */
	layout_begin(&lo, t, len, 40);
	layout_finish(&lo);
	assert_int_equal(lo.n, 10);
	layout_free(&lo);
}

static void test_lazy_same_as_full(void **state)
{
	size_t len;
	char *t = text_decode((const uint8_t *)hostile, strlen(hostile), NULL, &len);

	(void)state;
	for (int w = 1; w <= 60; w += 7)
		check_lazy_same(t, len, w);
	free(t);
	for (size_t i = 0; i < KILDE_ARRAY_LEN(seeds); i++) {
		t = testutil_load(seeds[i], &len);
		check_lazy_same(t, len, 40);
		check_lazy_same(t, len, 98);
		free(t);
	}
	check_lazy_same("", 0, 10);
	check_lazy_same("\n\n\n", 3, 10);
}

/* A megabyte of paragraphs (the seeds over and over): the first screen
 * of it wraps about LAYOUT_STEP bytes, not the megabyte; a line in the
 * middle wraps up to there; only the end needs all of it. The counter is
 * lo.done, the bytes wrapped so far. */
static void test_lazy_touches_only_what_it_needs(void **state)
{
	struct strbuf sb = {0};
	struct layout full = {0}, lo = {0};
	size_t longest = 0, mid, line;

	(void)state;
	while (sb.len < 1024 * 1024)
		for (size_t i = 0; i < KILDE_ARRAY_LEN(seeds); i++) {
			size_t len;
			char *t = testutil_load(seeds[i], &len);

			sb_append(&sb, t, len);
			sb_putc(&sb, '\n');
			free(t);
		}
	/* The longest paragraph: wrapping stops at paragraph ends only. */
	for (size_t a = 0, e; a < sb.len; a = e + 1) {
		const char *nl = memchr(sb.s + a, '\n', sb.len - a);

		e = nl ? (size_t)(nl - sb.s) : sb.len;
		if (e - a + 1 > longest)
			longest = e - a + 1;
	}
	assert_true(LAYOUT_STEP + longest < sb.len / 8);
	layout_wrap(&full, sb.s, sb.len, 98);

	layout_begin(&lo, sb.s, sb.len, 98);
	assert_int_equal(lo.done, 0);
	layout_need_line(&lo, 30); /* a pane of 30 rows */
	assert_true(lo.n > 30);
	assert_true(lo.done >= LAYOUT_STEP);
	assert_true(lo.done <= LAYOUT_STEP + longest);
	assert_false(layout_complete(&lo));
	for (size_t k = 0; k < lo.n; k++)
		assert_same_line(&lo.lines[k], &full.lines[k]);

	/* Scrolling a line further down wraps nothing more: it is there. */
	size_t done = lo.done;

	layout_need_line(&lo, 31);
	layout_need_line(&lo, lo.n - 1);
	assert_int_equal(lo.done, done);
	/* One line past what exists wraps one more step. */
	layout_need_line(&lo, lo.n);
	assert_true(lo.done > done);
	assert_true(lo.done <= done + LAYOUT_STEP + longest);

	/* The middle of the text: wrapped up to there and a step on. */
	mid = sb.len / 2;
	layout_need_off(&lo, mid);
	assert_true(lo.done > mid);
	assert_true(lo.done <= mid + LAYOUT_STEP + longest);
	line = layout_line_of(&lo, mid);
	assert_int_equal(line, layout_line_of(&full, mid));
	assert_true(lo.lines[line].off <= mid);
	assert_false(layout_complete(&lo));

	/* The bottom needs it all, and then it is the full layout. */
	layout_finish(&lo);
	assert_true(layout_complete(&lo));
	assert_int_equal(lo.done, sb.len);
	assert_int_equal(lo.n, full.n);
	for (size_t k = 0; k < lo.n; k++)
		assert_same_line(&lo.lines[k], &full.lines[k]);
	layout_free(&lo);
	layout_free(&full);
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeds_all_widths),
		cmocka_unit_test(test_hostile_all_widths),
		cmocka_unit_test(test_wrap_cases),
		cmocka_unit_test(test_para_start),
		cmocka_unit_test(test_sentence_paragraphs),
		cmocka_unit_test(test_line_of),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_folds),
		cmocka_unit_test(test_lazy_same_as_full),
		cmocka_unit_test(test_lazy_touches_only_what_it_needs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
