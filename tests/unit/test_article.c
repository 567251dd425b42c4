/* test_article.c - title, language, date and word count on the seeds and
 * on synthetic lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uniwbrk.h>

#include "kilde/article.h"
#include "kilde/text.h"
#include "kilde/util.h"
#include "testutil.h"

static const struct {
	const char *file, *lang, *date, *title;
} seeds[] = {
	{"corpus/000_78b0cf8d7ad02d3c.txt", "da", "",
	 "Huawei går med i internationalt samarbejde om at styrke cybersikkerheden"},
	{"corpus/001_445ba2664ba4056b.txt", "en", "2017-09-24", "News Videos"},
	{"corpus/002_9ee63272115c30f3.txt", "en", "",
	 "Huawei calls for international standardisation on cybersecurity"},
	{"corpus/003_92b029a54c8523d7.txt", "da", "",
	 "USA fortsætter med at angribe Huawei på flere fronter"},
	{"corpus/004_6df98165fb3bae8c.txt", "en", "2018-12-12",
	 "Proving the Business Case for the Internet of Things"},
};

static void test_seeds(void **state)
{
	(void)state;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(seeds); i++) {
		struct article a = {0};
		a.text = testutil_load(seeds[i].file, &a.len);
		article_detect(&a, NULL);
		assert_string_equal(a.lang, seeds[i].lang);
		assert_string_equal(a.date, seeds[i].date);
		assert_string_equal(a.title, seeds[i].title);
		/* within 10% of wc -w, which counts "–" and "|" as words */
		assert_in_range(a.words, 250, 700);
		article_free(&a);
	}
}

/* 000 mentions "1. september 2025" far down, in page boilerplate: only
 * the top of an article is searched. */
static void test_date_only_near_top(void **state)
{
	size_t len;
	char *t = testutil_load(seeds[0].file, &len);
	char iso[11];

	(void)state;
	assert_non_null(strstr(t, "1. september 2025"));
	assert_int_equal(article_find_date(t, len, 15, iso), 0);
	assert_string_equal(iso, "");
	assert_int_equal(article_find_date(t, len, 10000, iso), 1);
	assert_string_equal(iso, "2025-09-01");
	free(t);
}

static void expect_date(const char *line, const char *want)
{
	char iso[11] = "junk";
	int found = article_find_date(line, strlen(line), 15, iso);

	if (!want) {
		if (found)
			fail_msg("'%s' gave a date: %s", line, iso);
		assert_string_equal(iso, "");
		return;
	}
	if (!found)
		fail_msg("no date in '%s'", line);
	assert_string_equal(iso, want);
}

static void test_date_formats(void **state)
{
	(void)state;
	expect_date("September 24, 2017", "2017-09-24");
	expect_date("Posted on December 12, 2018 by staff", "2018-12-12");
	expect_date("Dec. 12, 2018", "2018-12-12");
	expect_date("Sept 3 2020", "2020-09-03");
	expect_date("24 September 2017", "2017-09-24");
	expect_date("Publiceret 24. september 2017 kl. 10:12", "2017-09-24");
	expect_date("3. okt. 2019", "2019-10-03");
	expect_date("1. maj 2020", "2020-05-01");
	expect_date("2019-05-16T10:00", "2019-05-16");
	/* NBSP and narrow NBSP between the parts */
	expect_date("September\u00A024,\u00A02017", "2017-09-24");
	expect_date("24.\u202Fseptember\u00A02017", "2017-09-24");
	expect_date("MARTS 5, 2021", "2021-03-05");
	expect_date("29 February 2020", "2020-02-29");
	/* not dates */
	expect_date("2019-13-05", NULL);
	expect_date("32 December 2018", NULL);
	expect_date("29 February 2019", NULL);
	expect_date("December 0, 2018", NULL);
	expect_date("Tilbage i maj 2019 valgte", NULL);
	expect_date("item 12019-05-16", NULL);
	expect_date("Mayday 12, 2018", NULL);
	expect_date("", NULL);
	/* the first date wins, line by line */
	expect_date("title\n\nUpdated 2020-01-02\nMay 5, 2019", "2020-01-02");
}

/* A line is parsed for a date only if it holds four digits in a row,
 * looked for a fourth of the bytes at a time: a year is found at every
 * place in a line, up to its last byte, after runs of fewer digits. */
static void test_date_year_anywhere(void **state)
{
	static const char *const dates[] = {"2019-05-16", "April 16, 2024", "17.04.2024"};
	static const char *const wants[] = {"2019-05-16", "2024-04-16", "2024-04-17"};

	(void)state;
	for (size_t d = 0; d < KILDE_ARRAY_LEN(dates); d++)
		for (size_t k = 0; k < 24; k++) {
			char line[128], iso[11];
			size_t n = 0;
			for (size_t i = 0; i < k; i++)
				line[n++] = "12 x1 123 y"[i % 11];
			line[n++] = ' ';
			strcpy(line + n, dates[d]);
			if (!article_find_date(line, strlen(line), 1, iso))
				fail_msg("no date in \"%s\"", line);
			assert_string_equal(iso, wants[d]);
		}
}

static void test_language(void **state)
{
	(void)state;
	const char *da = "Det er også en forudsætning for medlemmerne, at de skal "
	                 "styrke samarbejdet på tværs af landegrænser og løfte i flok.";
	assert_string_equal(article_language(da, strlen(da)), "da");
	const char *en = "The company said it was surprised and disappointed by "
	                 "the comments made about the firm.";
	assert_string_equal(article_language(en, strlen(en)), "en");
	assert_string_equal(article_language("Huawei Sydkorea", 15), "?");
	assert_string_equal(article_language("", 0), "?");
	/* half and half is no verdict */
	const char *mix = "the of and is was og det er ikke på";
	assert_string_equal(article_language(mix, strlen(mix)), "?");
	/* The first and last word of each list count. */
	const char *ends_da = "af være af være af", *ends_en = "a would a would a";
	assert_string_equal(article_language(ends_da, strlen(ends_da)), "da");
	assert_string_equal(article_language(ends_en, strlen(ends_en)), "en");
	/* Whole words only: prefixes and extensions of function words, and
	 * words sharing their first letter, are no hits. */
	const char *near = "dene deter ikkes påske ogs themselves wa wase thee";
	assert_string_equal(article_language(near, strlen(near)), "?");
	/* Capitals and non-ASCII letters are folded before the lookup. */
	const char *caps = "PÅ NÅR OGSÅ VÆRE SÅ";
	assert_string_equal(article_language(caps, strlen(caps)), "da");
	/* ASCII words with eight bytes of text after their start are read
	 * and lowered eight bytes at once: capitals count there too, and a
	 * function word is a hit only whole ("Then", "THEY'RE" are none). */
	const char *caps_en = "THE Report SAID It WAS Not THE end";
	assert_string_equal(article_language(caps_en, strlen(caps_en)), "en");
	const char *whole = "Then THEY'RE Hers ISN'T ANDY Wasn't Og og og og og";
	assert_string_equal(article_language(whole, strlen(whole)), "da");
}

/* Every function word of each list is a hit: five of one word alone give
 * its language. */
static void test_language_every_word(void **state)
{
	static const char *const da[] = {
		"af", "alle", "blev", "da", "de", "dem", "den", "denne", "der", "deres",
		"det", "efter", "eller", "en", "er", "et", "fra", "han", "har", "hun",
		"hvad", "hvis", "hvor", "ikke", "jeg", "kan", "med", "mellem", "mod",
		"meget", "nu", "når", "og", "også", "om", "op", "på", "sig", "sine",
		"skal", "som", "så", "til", "ud", "var", "ved", "vi", "vil", "være",
	};
	static const char *const en[] = {
		"a", "an", "and", "are", "as", "be", "been", "but", "by", "from",
		"had", "has", "he", "her", "his", "is", "it", "its", "not", "of", "on",
		"or", "said", "she", "that", "the", "their", "they", "this", "to",
		"was", "we", "were", "which", "who", "will", "with", "would",
	};
	(void)state;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(da) + KILDE_ARRAY_LEN(en); k++) {
		bool isda = k < KILDE_ARRAY_LEN(da);
		const char *w = isda ? da[k] : en[k - KILDE_ARRAY_LEN(da)];
		char *t = util_xasprintf("%s %s %s %s %s", w, w, w, w, w);
		if (strcmp(article_language(t, strlen(t)), isda ? "da" : "en"))
			fail_msg("\"%s\" is no %s function word", w, isda ? "Danish" : "English");
		free(t);
	}
}

static void test_title(void **state)
{
	char *t;

	(void)state;
	const char *top = "\n  \n\u00A0 Breaking: news \u00A0 \nbody";
	t = article_title(top, strlen(top));
	assert_string_equal(t, "Breaking: news");
	free(t);
	t = article_title("   \n\n", 5);
	assert_string_equal(t, "");
	free(t);
	/* a megabyte line makes a title of 200 columns and an ellipsis */
	size_t n = 1u << 20;
	char *big = util_xmalloc(n);
	memset(big, 'x', n);
	t = article_title(big, n);
	assert_int_equal(strlen(t), 200 + 3);
	assert_string_equal(t + 200, "\xE2\x80\xA6");
	free(t);
	free(big);
}

static void test_word_count(void **state)
{
	(void)state;
	assert_int_equal(article_word_count("", 0), 0);
	assert_int_equal(article_word_count("one two  three", 14), 3);
	const char *punct = "– | -- ...";
	assert_int_equal(article_word_count(punct, strlen(punct)), 0);
	const char *s = "Huawei's 180,000 employees – Søren Vindfelt Røn.";
	assert_int_equal(article_word_count(s, strlen(s)), 6);
	s = "漢字 日本";
	assert_true(article_word_count(s, strlen(s)) >= 2);
	/* Of Latin-1, the letters are words, the two signs not. */
	s = "\xc3\x97 \xc3\xb7 \xc3\x80 \xc3\xbf \xc3\x96";
	assert_int_equal(article_word_count(s, strlen(s)), 3);
}

/* Words of 1 to 40 letters, between spaces and runs of punctuation of 1
 * to 20 bytes: the words are found by the break bits, a byte of them at a
 * time, so words and gaps end at every place in a byte and span several. */
static void test_word_count_long(void **state)
{
	struct strbuf sb = {0};
	size_t want = 0;

	(void)state;
	for (size_t n = 1; n <= 40; n++)
		for (size_t gap = 1; gap <= 20; gap += 3) {
			for (size_t i = 0; i < n; i++)
				sb_putc(&sb, (char)('a' + (i + gap) % 26));
			want++;
			sb_putc(&sb, ' ');
			for (size_t i = 1; i < gap; i++)
				sb_putc(&sb, i % 2 ? '-' : '|');
			sb_putc(&sb, ' ');
		}
	assert_int_equal(article_word_count(sb.s, sb.len), want);
	sb_free(&sb);
}

/* article_detect keeps the word breaks, bit for bit what u8_wordbreaks
 * says, for the cross-reference tokeniser; detecting again replaces them. */
static void test_breaks_kept(void **state)
{
	(void)state;
	const char *texts[] = {"Søren Ørsted's \"5G-net\" — 1.234,5 kr. i Århus…\nNy linje",
	                       "x", ""};

	for (size_t k = 0; k < KILDE_ARRAY_LEN(texts); k++) {
		struct article a = {0};
		size_t len = strlen(texts[k]);
		char *brk = util_xmalloc(len + 1);

		a.text = util_xstrdup(texts[k]);
		a.len = len;
		article_detect(&a, NULL);
		article_detect(&a, NULL);
		assert_non_null(a.brk);
		u8_wordbreaks((const uint8_t *)a.text, len, brk);
		for (size_t i = 0; i < len; i++)
			assert_int_equal((a.brk[i / 8] >> (i % 8)) & 1, brk[i] != 0);
		free(brk);
		article_free(&a);
	}
}

/* Words are walked by their breaks 64 at a time: every length of a text
 * of words of one to nine letters, between spaces, commas and line
 * breaks, counts each word once, the first, the last (cut or whole) and
 * one across every 64th byte alike. */
static void test_word_count_every_length(void **state)
{
	static const char *const gaps[] = {" ", ", ", "\n", "  ", " - "};
	char text[400];
	size_t len = 0;

	(void)state;
	for (size_t k = 0; len < 300; k++) {
		size_t n = 1 + (k * 5) % 9;
		for (size_t i = 0; i < n; i++)
			text[len++] = (char)('a' + (k + i) % 26);
		const char *g = gaps[k % KILDE_ARRAY_LEN(gaps)];
		memcpy(text + len, g, strlen(g));
		len += strlen(g);
	}
	for (size_t n = 1; n <= len; n++) {
		size_t want = 0;
		for (size_t i = 0; i < n; i++)
			want += text[i] >= 'a' && text[i] <= 'z' &&
			        (i == 0 || !(text[i - 1] >= 'a' && text[i - 1] <= 'z'));
		assert_int_equal(article_word_count(text, n), want);
	}
}

/* Words are told from their first bytes 64 at a time: a word that starts
 * with a letter beyond ASCII or with an underscore, after punctuation of
 * every length (one segment a byte), counts wherever it falls against
 * the 64-byte blocks, and a function word is a hit wherever it falls,
 * across a block's end too, ASCII or not. */
static void test_words_every_offset(void **state)
{
	static const char *const da[] = {"mellem", "også", "når", "og", "denne"};
	(void)state;
	for (size_t p = 0; p < 140; p++) {
		char text[512];
		size_t n = 0;

		for (size_t i = 0; i < p; i++)
			text[n++] = i % 3 ? '-' : ',';
		n += (size_t)snprintf(text + n, sizeof(text) - n, "\xc3\x98re \xc3\xa6" "ble _x 'y \xc2\xbb");
		if (article_word_count(text, n) != 4)
			fail_msg("after %zu bytes: %zu words", p, article_word_count(text, n));
		for (size_t k = 0; k < KILDE_ARRAY_LEN(da); k++) {
			n = p;
			for (int r = 0; r < 5; r++)
				n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s", da[k],
				                      r < 4 ? " " : "");
			if (strcmp(article_language(text, n), "da"))
				fail_msg("\"%s\" after %zu bytes: not Danish", da[k], p);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_date_only_near_top),
		cmocka_unit_test(test_date_formats),
		cmocka_unit_test(test_date_year_anywhere),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_language_every_word),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_word_count),
		cmocka_unit_test(test_word_count_long),
		cmocka_unit_test(test_word_count_every_length),
		cmocka_unit_test(test_words_every_offset),
		cmocka_unit_test(test_breaks_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
