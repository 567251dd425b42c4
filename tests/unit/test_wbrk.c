/* test_wbrk.c - word boundaries: wbrk_breaks gives exactly the bytes of
 * u8_wordbreaks, and wbrk_bits the same as bits, on the bundled corpus, on
 * texts made of the characters each rule is about, and on random bytes;
 * and every path (its blocks, its characters, libunistring's lines) is
 * taken. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uniwbrk.h>

#include "kilde/util.h"
#include "kilde/wbrk.h"
#include "testutil.h"

/* Compares the two over s[0..n), bytes and bits; on a difference names
 * the first byte. */
static void assert_same_breaks(const char *s, size_t n)
{
	char *want = util_xmalloc(n + 1), *got = util_xmalloc(n + 1);
	uint8_t *bits = util_xmalloc(n / 8 + 2);

	u8_wordbreaks((const uint8_t *)s, n, want);
	memset(got, 0x55, n);
	wbrk_breaks(s, n, got);
	memset(bits, 0xff, n / 8 + 2);
	wbrk_bits(s, n, bits);
	for (size_t i = 0; i < n; i++)
		if (want[i] != got[i] || want[i] != ((bits[i / 8] >> (i % 8)) & 1)) {
			fprintf(stderr, "break %zu differs (libunistring %d, wbrk %d, bit %d) in \"%.*s\"\n",
			        i, want[i], got[i], (bits[i / 8] >> (i % 8)) & 1,
			        (int)(n < 200 ? n : 200), s);
			fail();
		}
	/* The last byte's bits past the text are clear; no byte after it
	 * is written. */
	if (n % 8)
		assert_int_equal(bits[n / 8] >> (n % 8), 0);
	assert_int_equal(bits[(n + 7) / 8], 0xff);
	free(want);
	free(got);
	free(bits);
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

/* Up to want pieces drawn from pieces[0..npieces), joined in buf (cap
 * bytes; the drawing stops at the first that would not fit). Returns the
 * length. */
static size_t join_pieces(char *buf, size_t cap, const char *const *pieces, size_t npieces,
                          size_t want, unsigned *seed)
{
	size_t n = 0;

	for (size_t w = 0; w < want; w++) {
		const char *p = pieces[(size_t)rand_r(seed) % npieces];
		size_t l = strlen(p);
		if (n + l >= cap)
			break;
		memcpy(buf + n, p, l);
		n += l;
	}
	return n;
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
		size_t want = (size_t)(rand_r(&seed) % 40) + 1;
		size_t n = join_pieces(buf, sizeof(buf), pieces, KILDE_ARRAY_LEN(pieces), want, &seed);
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

/* Blocks of 64 bytes are decided at once, from masks, and the character
 * before a block or after it by the path that takes one character at a
 * time: each rule's characters are put across every place near a
 * block's edge, in a text of words that blocks take. */
static void test_block_edges(void **state)
{
	static const char *const snippets[] = {
		/* letters and digits across a middle character (WB6/7,
		 * WB11/12), one a byte or several */
		"ab.cd", "a:b", "l'a", "1.5", "1,5", "1;5", "2'3", "a.1", "1.a", "æ.ø", "é'x",
		"x’y", "1’2", "a‘b", "x.’y",
		/* connectors, spaces, line ends (WB13a/b, WB3d, WB3) */
		"a_b_1", "__", "    ", " \xc2\xa0 ", "\r\n", "\r\r\n\n", "\n\n", "x\x0by\x0c",
		/* the Other characters a block takes, and their neighbours */
		"«ja»", "“a”", "a–b—c", "x…", "\xc2\xa0\xc2\xa0", "×÷", "Å×Ø",
		/* what a block refuses: Hebrew letters (WB7a/b/c), marks,
		 * Katakana, symbols, emoji, invalid bytes */
		"\xd7\x90'", "\xd7\x90\"\xd7\x91", "\xd7\x90.\xd7\x91", "o\xcc\x88", "カタ", "µ·ª",
		"\xf0\x9f\x98\x80", "\xe2\x80\x8d", "\xc3", "\x80\x80", "\xe2\x80",
	};
	static const char *const fillers[] = {
		"word and more words ", "Søren går på æblet ", "12 345 6.7 ", "a.b.c.d.e.f.",
	};
	char text[256];

	(void)state;
	for (size_t f = 0; f < KILDE_ARRAY_LEN(fillers); f++)
		for (size_t k = 0; k < KILDE_ARRAY_LEN(snippets); k++)
			for (size_t at = 48; at <= 72; at++) {
				size_t fl = strlen(fillers[f]), sl = strlen(snippets[k]), n = 0;
				for (; n < at; n++)
					text[n] = fillers[f][n % fl];
				memcpy(text + n, snippets[k], sl);
				n += sl;
				for (size_t j = 0; n < 200; j++)
					text[n++] = fillers[f][j % fl];
				assert_same_breaks(text, n);
				/* Twice: the block after the edge starts a text
				 * of its own. */
				assert_same_breaks(text + 64, n - 64);
			}
#if defined(__SSE2__)
	/* Each filler makes blocks; the refused ones take the other path. */
	for (size_t f = 0; f < KILDE_ARRAY_LEN(fillers); f++) {
		size_t fl = strlen(fillers[f]);
		for (size_t n = 0; n < 256; n++)
			text[n] = fillers[f][n % fl];
		assert_int_equal(wbrk_blocks(text, 256), 4);
	}
	memcpy(text + 70, "x’y", strlen("x’y"));
	assert_int_equal(wbrk_blocks(text, 256), 3);
	/* A run of letters after a refused block stops at the next one. */
	memset(text, 'a', 256);
	memcpy(text, "’", strlen("’"));
	assert_int_equal(wbrk_blocks(text, 256), 3);
#endif
}

/* Long texts of the pieces blocks take and some they refuse, at random:
 * many blocks, taken and refused, with any neighbours. */
static void test_generated_blocks(void **state)
{
	static const char *const pieces[] = {
		/* taken */
		"a", "Z", "q", "æ", "ø", "Å", "é", "ß", "1", "9", ".", ",", ";", ":", "'", "\"",
		"_", " ", " ", "  ", "\n", "\r", "\r\n", "\t", "\x0b", "-", "(", "/", "\xc2\xa0",
		"«", "»", "–", "—", "“", "”", "…", "word ", "and ", "1.5 ", "x.y ",
		/* refused */
		"×", "÷", "’", "‘", "·", "\xd7\x90", "\xcc\x81", "\xe3\x82\xab",
		"\xf0\x9f\x98\x80",
	};
	unsigned seed = 2026;
	char buf[1024];
	size_t blocks = 0, lines = 0;

	(void)state;
	for (int round = 0; round < 4000; round++) {
		size_t want = (size_t)(rand_r(&seed) % 400) + 1;
		/* Most rounds draw from the first pieces only: whole blocks
		 * of what blocks take. */
		size_t npieces = round % 3 ? 40 : KILDE_ARRAY_LEN(pieces);
		size_t n = join_pieces(buf, sizeof(buf), pieces, npieces, want, &seed);
		assert_same_breaks(buf, n);
		blocks += wbrk_blocks(buf, n);
		lines += wbrk_fallback_lines(buf, n);
	}
#if defined(__SSE2__)
	assert_true(blocks > 1000);
#endif
	assert_true(lines > 100);
}

/* A block's ASCII classes, byte by byte, on every kind of byte (the SSE2
 * path in this build, the portable one in the TSan build). */
static void test_ascii_masks(void **state)
{
	unsigned seed = 777;
	char b[64];

	(void)state;
	for (int round = 0; round < 2000; round++) {
		struct wbrk_ascii m;
		for (size_t i = 0; i < 64; i++)
			b[i] = (char)(round % 4 ? rand_r(&seed) % 256 : "aZ09'/@[`{\x80\xff"[rand_r(&seed) % 12]);
		wbrk_ascii_masks(b, &m);
		for (unsigned i = 0; i < 64; i++) {
			unsigned char c = (unsigned char)b[i];
			bool dig = c >= '0' && c <= '9';
			bool let = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
			assert_int_equal((m.alnum >> i) & 1, dig || let);
			assert_int_equal((m.digit >> i) & 1, dig);
			assert_int_equal((m.apos >> i) & 1, c == '\'');
			assert_int_equal((m.high >> i) & 1, c >= 0x80);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_masks),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_block_edges),
		cmocka_unit_test(test_generated_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
