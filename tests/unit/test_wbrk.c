/* test_wbrk.c - word boundaries: wbrk_breaks gives exactly the bytes of
 * u8_wordbreaks, on the bundled corpus, on texts made of the characters
 * each rule is about, and on random bytes; and both of its paths (its own
 * and libunistring's) are taken. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uniwbrk.h>

#include "kilde/util.h"
#include "kilde/wbrk.h"
#include "testutil.h"

/* Compares the two over s[0..n); on a difference names the first byte. */
static void assert_same_breaks(const char *s, size_t n)
{
	char *want = util_xmalloc(n + 1), *got = util_xmalloc(n + 1);

	u8_wordbreaks((const uint8_t *)s, n, want);
	memset(got, 0x55, n);
	wbrk_breaks(s, n, got);
	for (size_t i = 0; i < n; i++)
		if (want[i] != got[i]) {
			fprintf(stderr, "break %zu differs (libunistring %d, wbrk %d) in \"%.*s\"\n",
			        i, want[i], got[i], (int)(n < 200 ? n : 200), s);
			fail();
		}
	free(want);
	free(got);
}

static void test_corpus(void **state)
{
	static const char *const seeds[] = {
		"corpus/000_78b0cf8d7ad02d3c.txt", "corpus/001_445ba2664ba4056b.txt",
		"corpus/002_9ee63272115c30f3.txt", "corpus/003_92b029a54c8523d7.txt",
		"corpus/004_6df98165fb3bae8c.txt",
	};
	(void)state;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(seeds); k++) {
		char *path = util_xasprintf("%s/%s", KILDE_SRCDIR, seeds[k]);
		uint8_t *buf;
		size_t len;
		assert_int_equal(util_read_file(path, 0, &buf, &len), 0);
		assert_same_breaks((const char *)buf, len);
		/* Every suffix starts mid-text: a start that is no line's. */
		for (size_t i = 1; i < len && i < 400; i += 7)
			assert_same_breaks((const char *)buf + i, len - i);
		free(buf);
		free(path);
	}
}

/* The rules' own cases: letters across an apostrophe or a colon (WB6/7),
 * numbers across a comma or point (WB11/12), Hebrew quotes (WB7b/c), runs
 * of white space (WB3d), CR LF (WB3), and a fast line after a handed-over
 * one. */
static void test_rules(void **state)
{
	static const char *const cases[] = {
		"can't stop", "l'Oréal's", "U.S.A. og D.R.", "a:b", "3.14 1,000,000 2'3",
		"a.1 1.a 1. .1", "\xd7\x90\"\xd7\x91 \xd7\x90'x", "  \t  x\u3000 y",
		"a\r\nb\rc\n\nd\r\r\n", "x_y __init__ 12_34", "Søren’s bog – ‘ja’…",
		"\xe2\x80\xa8line\xc2\x85next", "emoji \xf0\x9f\x98\x80!\nfast line's end",
		"soft\xc2\xadhyphen\nand o\xcc\x88 combining", "\xef\xbb\xbf" "BOM here",
		"\xf0\x9f\x87\xa9\xf0\x9f\x87\xb0\xf0\x9f\x87\xac flags\nx.y",
		"ｶﾀｶﾅ カタカナ\nfin.", "'a' \"b\" 'c", ".", "\n", "\r", "a", "",
	};
	(void)state;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(cases); k++)
		assert_same_breaks(cases[k], strlen(cases[k]));
	/* The first line is libunistring's, the second the fast path's. */
	assert_int_equal(wbrk_fallback_lines(cases[12], strlen(cases[12])), 1);
	assert_int_equal(wbrk_fallback_lines(cases[10], strlen(cases[10])), 0);
}

/* Random texts from pieces that meet every rule, and random bytes (which
 * leave the fast path at the first invalid one). */
static void test_generated(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", "æ", "ø", "Å", "é", "ß", "1", "9", "٣", ".", ",", ";", ":", "'",
		"’", "‘", "\"", "“", "”", "«", "»", "-", "–", "_", "‿", " ", "  ", "\t",
		"\n", "\r", "\r\n", "\xc2\x85", "\xe2\x80\xa8", "\xc2\xa0", "\xe3\x80\x80",
		"\xd7\x90", "\xd7\xa9", "\xcc\x81", "\xc2\xad", "\xe2\x80\x8d", "\xef\xbb\xbf",
		"\xf0\x9f\x98\x80", "\xf0\x9f\x87\xa9", "\xe3\x82\xab", "\xe4\xb8\xad", "@", "$",
		"%", "/", "(", ")", "&", "·", "…", "\xe2\x80\xa4", "\xef\xbc\x8e", "\xef\xb9\x90",
	};
	unsigned seed = 12345;
	char buf[512];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = 0, want = (size_t)(rand_r(&seed) % 40) + 1;
		for (size_t w = 0; w < want; w++) {
			const char *p = pieces[(size_t)rand_r(&seed) % KILDE_ARRAY_LEN(pieces)];
			size_t l = strlen(p);
			if (n + l >= sizeof(buf))
				break;
			memcpy(buf + n, p, l);
			n += l;
		}
		assert_same_breaks(buf, n);
	}
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(rand_r(&seed) % 64);
		for (size_t i = 0; i < n; i++) {
			unsigned r = (unsigned)rand_r(&seed);
			/* Mostly text-like bytes, some lead and continuation
			 * bytes, line ends. */
			if (r % 4 == 0)
				buf[i] = (char)(0x80 + (r >> 8) % 0x80);
			else if (r % 4 == 1)
				buf[i] = "\n\r .,'a1"[(r >> 8) % 8];
			else
				buf[i] = (char)(0x20 + (r >> 8) % 0x5f);
		}
		assert_same_breaks(buf, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_generated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
