/* test_text.c - the text pipeline on the seed articles in every encoding a
 * real archive has, and on hostile bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uniconv.h>
#include <uninorm.h>
#include <unistr.h>

#include "kilde/text.h"
#include "kilde/util.h"
#include "testutil.h"

static const char *const seeds[] = {
	"corpus/000_78b0cf8d7ad02d3c.txt", "corpus/001_445ba2664ba4056b.txt",
	"corpus/002_9ee63272115c30f3.txt", "corpus/003_92b029a54c8523d7.txt",
	"corpus/004_6df98165fb3bae8c.txt",
};

static uint8_t *read_seed(const char *rel, size_t *len)
{
	char *path = util_xasprintf("%s/%s", KILDE_SRCDIR, rel);
	uint8_t *buf;

	assert_int_equal(util_read_file(path, 0, &buf, len), 0);
	free(path);
	return buf;
}

/* Decodes and returns the text; checks the encoding detected. */
static char *decode(const uint8_t *b, size_t n, enum text_encoding want)
{
	enum text_encoding enc;
	size_t out_len;
	char *s = text_decode(b, n, &enc, &out_len);

	assert_int_equal(enc, want);
	assert_int_equal(strlen(s), out_len);
	assert_null(u8_check((const uint8_t *)s, out_len));
	return s;
}

static char *decode_str(const char *s)
{
	size_t n;
	return text_decode((const uint8_t *)s, strlen(s), NULL, &n);
}

static void assert_decodes_to(const uint8_t *b, size_t n,
                              enum text_encoding enc, const char *want)
{
	char *got = decode(b, n, enc);
	assert_string_equal(got, want);
	free(got);
}

static uint8_t *with_prefix(const char *pre, size_t plen, const char *s,
                            size_t n, size_t *out)
{
	uint8_t *b = util_xmalloc(plen + n);
	memcpy(b, pre, plen);
	memcpy(b + plen, s, n);
	*out = plen + n;
	return b;
}

static void check_utf16(const char *ref, const char *code, const char *bom,
                        enum text_encoding enc)
{
	size_t l = 0, n;
	char *u16 = u8_conv_to_encoding(code, iconveh_error, (const uint8_t *)ref,
	                                strlen(ref), NULL, NULL, &l);
	uint8_t *b;

	assert_non_null(u16);
	b = with_prefix(bom, 2, u16, l, &n);
	assert_decodes_to(b, n, enc, ref);
	free(b);
	free(u16);
}

static void test_seed_variants(void **state)
{
	(void)state;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(seeds); i++) {
		size_t n, l = 0;
		uint8_t *orig = read_seed(seeds[i], &n), *b;
		char *ref = decode(orig, n, TEXT_ENC_UTF8), *v;
		struct strbuf crlf = {0};

		/* The seeds are clean NFC UTF-8 already: nothing may change. */
		assert_int_equal(strlen(ref), n);
		assert_memory_equal(ref, orig, n);

		v = u8_conv_to_encoding("CP1252", iconveh_error, orig, n, NULL, NULL, &l);
		assert_non_null(v);
		assert_decodes_to((uint8_t *)v, l, TEXT_ENC_CP1252, ref);
		free(v);

		v = (char *)u8_normalize(UNINORM_NFD, orig, n, NULL, &l);
		assert_decodes_to((uint8_t *)v, l, TEXT_ENC_UTF8, ref);
		free(v);

		sb_puts(&crlf, "\xEF\xBB\xBF");
		for (size_t k = 0; k < n; k++)
			sb_puts(&crlf, orig[k] == '\n' ? "\r\n" : (char[]){(char)orig[k], 0});
		assert_decodes_to((uint8_t *)crlf.s, crlf.len, TEXT_ENC_UTF8_BOM, ref);
		sb_free(&crlf);
		b = util_xmalloc(n);
		for (size_t k = 0; k < n; k++) /* old Mac: CR alone */
			b[k] = orig[k] == '\n' ? '\r' : orig[k];
		assert_decodes_to(b, n, TEXT_ENC_UTF8, ref);
		free(b);

		check_utf16(ref, "UTF-16LE", "\xFF\xFE", TEXT_ENC_UTF16LE);
		check_utf16(ref, "UTF-16BE", "\xFE\xFF", TEXT_ENC_UTF16BE);
		free(ref);
		free(orig);
	}
}

static void test_danish_letters_survive(void **state)
{
	size_t n;
	uint8_t *orig = read_seed(seeds[0], &n);
	char *s = decode(orig, n, TEXT_ENC_UTF8);

	(void)state;
	assert_non_null(strstr(s, "Søren Vindfelt Røn"));
	assert_non_null(strstr(s, "på tværs"));
	free(s);
	free(orig);
}

static void test_cp1252_bytes(void **state)
{
	(void)state;
	/* "blåbær €5 “ok”" in Windows-1252. */
	assert_decodes_to((const uint8_t *)"bl\xE5" "b\xE6r \x80" "5 \x93ok\x94", 14,
	                  TEXT_ENC_CP1252, "blåbær €5 “ok”");
	/* Bytes CP1252 leaves undefined become U+FFFD, not a failure. */
	assert_decodes_to((const uint8_t *)"\xF8 \x81\x8D\x8F\x90\x9D.", 8,
	                  TEXT_ENC_CP1252, "ø \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	                  "\xEF\xBF\xBD\xEF\xBF\xBD.");
}

static void test_invalid_utf8(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		/* truncated 2-byte sequence, then the line goes on */
		{"Søren \xC3 Røn", "Søren \xEF\xBF\xBD Røn"},
		/* truncated 3-byte sequence: one U+FFFD for the prefix */
		{"på \xE2\x82 tværs", "på \xEF\xBF\xBD tværs"},
		/* overlong "/" */
		{"æø \xC0\xAF x", "æø \xEF\xBF\xBD\xEF\xBF\xBD x"},
		/* UTF-16 surrogate encoded in UTF-8: one character, one U+FFFD */
		{"æø \xED\xA0\x80 x", "æø \xEF\xBF\xBD x"},
		/* stray continuation byte */
		{"æøå \x80 x", "æøå \xEF\xBF\xBD x"},
		/* 4-byte sequence cut off at the end */
		{"æøå \xF0\x9F\x98", "æøå \xEF\xBF\xBD"},
		/* beyond U+10FFFF */
		{"æøå \xF4\x90\x80\x80!", "æøå \xEF\xBF\xBD!"},
	};

	(void)state;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(cases); i++)
		assert_decodes_to((const uint8_t *)cases[i].in,
		                  strlen(cases[i].in), TEXT_ENC_UTF8, cases[i].want);
}

/* True if s contains ESC, BEL or any C0/C1 control other than LF. */
static bool has_control(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t uc;
		int k = text_next_char(s + i, n - i, &uc);
		if ((uc < 0x20 && uc != '\n') || (uc >= 0x7F && uc <= 0x9F))
			return true;
		i += (size_t)k;
	}
	return false;
}

static void test_escape_sequences(void **state)
{
	static const char *const hostile[] = {
		"title \x1b]0;pwned\x07 here",
		"clear \x1b[2J\x1b[H screen",
		"clip \x1b]52;c;aGVsbG8=\x07 board",
		"dcs \x1bP1$r0m\x1b\\ end",
		"c1 csi \xC2\x9B" "31m red \xC2\x9D osc",
		"bell\x07 bs\x08 del\x7F nul\x00x",
	};

	(void)state;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(hostile); i++) {
		size_t n = strlen(hostile[i]) + (i == 5 ? 2 : 0);
		size_t l;
		char *s = text_decode((const uint8_t *)hostile[i], n, NULL, &l);
		assert_false(has_control(s));
		assert_null(memchr(s, 0x1B, l));
		free(s);
	}
	char *s = decode_str("\x1b]0;pwned\x07");
	assert_string_equal(s, "␛]0;pwned␇");
	free(s);
	s = decode_str("a\x7F" "b\xC2\x85" "c");
	assert_string_equal(s, "a␡b\xEF\xBF\xBD" "c");
	free(s);
	/* The same attack in a Windows-1252 file and in UTF-16. */
	s = decode_str("\xE6\x1b[2J");
	assert_string_equal(s, "æ␛[2J");
	free(s);
	size_t l;
	s = text_decode((const uint8_t *)"\xFF\xFE\x1b\x00]\x00\x07\x00", 8, NULL, &l);
	assert_string_equal(s, "␛]␇");
	free(s);
}

static void test_tabs_and_newlines(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"a\tb", "a       b"},
		{"abcdefgh\tx", "abcdefgh        x"},
		{"æ\tx", "æ       x"},
		{"中\tx", "中      x"},
		{"e\xCC\x81\tx", "é       x"},
		{"x\r\ny\rz\n", "x\ny\nz\n"},
		{"a\n\tb", "a\n        b"},
		{"page\fnext", "page\n\nnext"},
		{"line\xE2\x80\xA8sep", "line\nsep"},
	};

	(void)state;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(cases); i++) {
		char *s = decode_str(cases[i].in);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
}

static void test_invisible_and_bidi(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		/* RLO, LRE, PDF, LRI, PDI, LRM, RLM: removed */
		{"a\u202Eb\u202Ac\u202Cd\u2066e\u2069f\u200Eg\u200Fh", "abcdefgh"},
		/* soft hyphen, ZWSP, word joiner, BOM in the middle */
		{"Køben\u00ADhavn\u200B\u2060\uFEFFs", "Københavns"},
		/* removing the soft hyphen lets NFC compose e + acute */
		{"caf e\u00AD\u0301", "caf é"},
		/* ZWJ between letters goes; between emoji it stays */
		{"a\u200Db", "ab"},
		{"\U0001F468\u200D\U0001F469\u200D\U0001F467",
		 "\U0001F468\u200D\U0001F469\u200D\U0001F467"},
		{"\u2764\uFE0F\u200D\U0001F525", "\u2764\uFE0F\u200D\U0001F525"},
		{"\U0001F468\u200Dx", "\U0001F468x"},
	};

	(void)state;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(cases); i++) {
		char *s = decode_str(cases[i].in);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
}

static void test_wide_and_combining(void **state)
{
	char *s;

	(void)state;
	s = decode_str("a\u0308 \u6f22\u5b57 \U0001F600 \U0001F1E9\U0001F1F0");
	assert_string_equal(s, "ä 漢字 😀 🇩🇰");
	free(s);
	s = decode_str("\u1100\u1161\u11A8"); /* Hangul jamo compose */
	assert_string_equal(s, "각");
	free(s);
}

static void test_empty(void **state)
{
	size_t n = 99;
	char *s = text_decode((const uint8_t *)"", 0, NULL, &n);

	(void)state;
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
	s = text_sanitize("", 0, &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
	s = text_decode((const uint8_t *)"\xEF\xBB\xBF", 3, NULL, &n);
	assert_string_equal(s, "");
	free(s);
}

static void test_binary(void **state)
{
	uint8_t ctl[100];

	(void)state;
	assert_true(text_is_binary((const uint8_t *)"PK\x03\x04\x00\x00", 6));
	assert_false(text_is_binary((const uint8_t *)"plain text\r\n\f", 13));
	assert_false(text_is_binary((const uint8_t *)"", 0));
	/* UTF-16 text is full of NUL bytes but is text */
	assert_false(text_is_binary((const uint8_t *)"\xFF\xFEh\x00i\x00", 6));
	assert_true(text_is_binary((const uint8_t *)"\xFF\xFEh\x00\x00\x00", 6));
	for (size_t i = 0; i < sizeof(ctl); i++)
		ctl[i] = i % 2 ? 0x01 : 'a';
	assert_true(text_is_binary(ctl, sizeof(ctl)));
	for (size_t i = 0; i < sizeof(ctl); i++)
		ctl[i] = i % 10 ? 'a' : 0x1B;
	assert_false(text_is_binary(ctl, sizeof(ctl)));
}

/* Near the threshold (three odd controls in ten bytes), with DEL, the
 * allowed controls, bytes just above and below 0x20 and 0x7F, and high
 * bytes in every place: text_is_binary looks at eight bytes at a time, and
 * its verdict must be the one of counting byte by byte. */
static void test_binary_threshold(void **state)
{
	static const uint8_t pick[] = {0x01, 0x1B, 0x1F, 0x7F, '\t', '\n', '\r', '\f',
	                               0x20, 0x7E, 0x80, 0x9F, 0xA0, 0xFF, 'a', 'Z'};
	unsigned seed = 7;
	uint8_t buf[300];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)rand_r(&seed) % sizeof(buf), odd = 0;
		for (size_t i = 0; i < n; i++) {
			uint8_t c = pick[(size_t)rand_r(&seed) % sizeof(pick)];
			buf[i] = c;
			odd += (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ||
			       c == 0x7F;
		}
		/* Not a UTF-16 mark, which is judged otherwise. */
		if (n >= 2 && buf[0] == 0xFF)
			buf[0] = 'a';
		assert_int_equal(text_is_binary(buf, n), n > 0 && odd * 10 > n * 3);
	}
}

static void test_detect(void **state)
{
	(void)state;
	assert_int_equal(text_detect((const uint8_t *)"abc", 3), TEXT_ENC_UTF8);
	assert_int_equal(text_detect((const uint8_t *)"\xEF\xBB\xBFx", 4), TEXT_ENC_UTF8_BOM);
	assert_int_equal(text_detect((const uint8_t *)"\xFF\xFEx\x00", 4), TEXT_ENC_UTF16LE);
	assert_int_equal(text_detect((const uint8_t *)"\xFE\xFF\x00x", 4), TEXT_ENC_UTF16BE);
	assert_int_equal(text_detect((const uint8_t *)"R\xF8n", 3), TEXT_ENC_CP1252);
	assert_string_equal(text_encoding_name(TEXT_ENC_CP1252), "Windows-1252");
	assert_string_equal(text_encoding_name(TEXT_ENC_UTF16BE), "UTF-16BE");
}

static void test_next_char(void **state)
{
	uint32_t uc;

	(void)state;
	assert_int_equal(text_next_char("ø", 2, &uc), 2);
	assert_int_equal(uc, 0xF8);
	assert_int_equal(text_next_char("\xC3", 1, &uc), 1);
	assert_int_equal(uc, 0xFFFD);
	assert_int_equal(text_next_char("\xE2\x82x", 3, &uc), 2);
	assert_int_equal(uc, 0xFFFD);
	assert_int_equal(text_next_char("", 0, &uc), 0);
}

static void check_charset(const char *in, const char *cs, const char *want)
{
	char *s = text_to_charset(in, cs);
	assert_string_equal(s, want);
	free(s);
}

static void test_to_charset(void **state)
{
	(void)state;
	check_charset("Søren Vindfelt Røn på Ærø, Åbenrå", "ASCII",
	              "Soeren Vindfelt Roen paa AEroe, AAbenraa");
	check_charset("café naïve “quoted” – dash…", "ASCII",
	              "cafe naive \"quoted\" - dash...");
	check_charset("漢字 ok", "ASCII", "?? ok");
	check_charset("Søren “Røn” €", "ISO-8859-1", "S\xF8ren \"R\xF8n\" EUR");
	check_charset("Åbenrå ñ", "ISO-8859-1", "\xC5" "benr\xE5 \xF1");
	check_charset("Søren", "UTF-8", "Søren");
	/* Every byte of an ASCII conversion is ASCII, whatever came in. */
	char *s = text_to_charset("😀 \u202E \u0301 \U0001F1E9", "ASCII");
	for (const char *p = s; *p; p++)
		assert_true((unsigned char)*p < 0x80);
	free(s);
}

static void test_clean_line(void **state)
{
	(void)state;
	assert_true(text_is_clean_line("", 0));
	assert_true(text_is_clean_line("Bl\xc3\xa5" "b\xc3\xa6" "rgr\xc3\xb8" "d \xe2\x80\x93 \xe2\x90\x9b", 21));
	assert_false(text_is_clean_line("a\tb", 3));
	assert_false(text_is_clean_line("a\nb", 3));
	assert_false(text_is_clean_line("\x1b[2J", 4));
	assert_false(text_is_clean_line("a\x7f", 2));
	assert_false(text_is_clean_line("\xc2\x9b" "2J", 4));      /* C1 CSI */
	assert_false(text_is_clean_line("\xe2\x80\xae" "abc", 6)); /* RLO */
	assert_false(text_is_clean_line("\xc2\xad", 2));           /* soft hyphen */
	assert_false(text_is_clean_line("\xc3", 1));               /* cut UTF-8 */
	assert_false(text_is_clean_line("a\0b", 3));
}

/* The one rule of what may reach a terminal: each kind it forbids (the
 * directional marks U+200E and U+200F among them, which the hostile
 * suite's own copy of the rule once let through), what it lets through,
 * and that text_sanitize leaves nothing it forbids, from any character of
 * the Basic Multilingual Plane and beyond. */
static void test_forbidden_char(void **state)
{
	(void)state;
	static const uint32_t forbidden[] = {
		0x00, 0x07, '\t', '\r', 0x1B, 0x1F, 0x7F, 0x80, 0x9B, 0x9F,
		0x202A, 0x202E, 0x2066, 0x2069, 0x200E, 0x200F, 0x061C,
		0x00AD, 0x200B, 0x2060, 0xFEFF,
	};
	static const uint32_t allowed[] = {
		'\n', ' ', 'a', '~', 0xA0, 0xE5, 0x200D, 0x2400, 0x241B, 0xFFFD,
		0x1F600, 0x10FFFD,
	};
	struct strbuf all = {0};
	size_t n;
	char *clean;

	for (size_t i = 0; i < KILDE_ARRAY_LEN(forbidden); i++)
		assert_non_null(text_forbidden_char(forbidden[i]));
	for (size_t i = 0; i < KILDE_ARRAY_LEN(allowed); i++)
		assert_null(text_forbidden_char(allowed[i]));
	for (uint32_t uc = 1; uc <= 0x10FFFF; uc += uc < 0x30000 ? 1 : 97) {
		uint8_t buf[6];
		int k;

		if (uc >= 0xD800 && uc <= 0xDFFF)
			continue;
		k = u8_uctomb(buf, uc, sizeof(buf));
		assert_true(k > 0);
		/* Clean lines and the rule agree on every character. */
		assert_int_equal(text_is_clean_line((const char *)buf, (size_t)k),
		                 uc != '\n' && !text_forbidden_char(uc));
		sb_append(&all, (const char *)buf, (size_t)k);
	}
	clean = text_sanitize(all.s, all.len, &n);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		int k = text_next_char(clean + i, n - i, &uc);
		assert_null(text_forbidden_char(uc));
		i += (size_t)k;
	}
	free(clean);
	sb_free(&all);
}

/* Every letter from U+00C0 to U+023F (sanitising's shortcut for them)
 * comes out as an e would, itself in the e's place: one column before a
 * tab, ending a pictograph before a ZWJ, among random text. */
static void test_latin_letters_as_e(void **state)
{
	(void)state;
	static const char *before[] = {"", "a", "\t", "ab\t", "\r", "\n",
	                               "\xf0\x9f\x91\x8d", "\xc3\xa6", "\x01",
	                               "e\xcc\x81", "\xc2\xad", " "};
	static const char *after[] = {"", "\t|", "x\tx", "\xe2\x80\x8d\xf0\x9f\x91\x8d",
	                              "\r\n", "\xc3\xb8", "a\xcc\x8a", "\x7f"};
	uint32_t seed = 5;

	for (ucs4_t uc = 0xC0; uc <= 0x23F; uc++) {
		for (int round = 0; round < 12; round++) {
			struct strbuf with = {0}, with_e = {0};
			uint8_t enc[4];
			int el = u8_uctomb(enc, uc, sizeof(enc));
			const char *b1, *b2, *a1;
			size_t n1, n2;

			seed = seed * 1103515245u + 12345u;
			b1 = before[(seed >> 16) % KILDE_ARRAY_LEN(before)];
			b2 = before[(seed >> 8) % KILDE_ARRAY_LEN(before)];
			a1 = after[(seed >> 20) % KILDE_ARRAY_LEN(after)];
			sb_puts(&with, b1);
			sb_puts(&with, b2);
			sb_puts(&with_e, b1);
			sb_puts(&with_e, b2);
			sb_append(&with, (const char *)enc, (size_t)el);
			sb_putc(&with_e, 'e');
			sb_puts(&with, a1);
			sb_puts(&with_e, a1);
			size_t at = strlen(b1) + strlen(b2), pl;
			struct strbuf exp = {0};
			/* Up to the letter both inputs are the same, so want's
			 * e is where the prefix's own output ends. */
			free(text_sanitize(with_e.s, at, &pl));
			char *want = text_sanitize(with_e.s, with_e.len, &n2);
			char *got = text_sanitize(with.s, with.len, &n1);
			assert_true(n2 > pl && want[pl] == 'e');
			sb_append(&exp, want, pl);
			sb_append(&exp, (const char *)enc, (size_t)el);
			sb_append(&exp, want + pl + 1, n2 - pl - 1);
			if (n1 != exp.len || memcmp(got, exp.s, n1))
				fail_msg("U+%04X after [%s%s] before [%s]", (unsigned)uc, b1, b2, a1);
			sb_free(&exp);
			free(got);
			free(want);
			sb_free(&with);
			sb_free(&with_e);
		}
	}
}

/* text_utf8_valid says what u8_check says, on random bytes around every
 * edge of the encoding (lead bytes C0 C1 C2 DF E0 ED EF F0 F4 F5, the
 * second bytes where E0 ED F0 F4 change their range), with ASCII before
 * them so each case meets every place in an eight-byte word. */
static void test_utf8_valid_as_u8_check(void **state)
{
	(void)state;
	static const uint8_t bytes[] = {'a', 0, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
	                                0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0,
	                                0xF4, 0xF5, 0xFF};
	uint32_t seed = 99;
	uint8_t buf[40];

	for (int round = 0; round < 300000; round++) {
		size_t pad, n;

		seed = seed * 1103515245u + 12345u;
		pad = (seed >> 16) % 9;
		n = pad + (seed >> 8) % 8;
		memset(buf, 'x', pad);
		for (size_t i = pad; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = bytes[(seed >> 16) % sizeof(bytes)];
		}
		if (text_utf8_valid(buf, n) != (u8_check(buf, n) == NULL))
			fail_msg("round %d: %zu bytes disagree", round, n);
	}
	assert_true(text_utf8_valid((const uint8_t *)"", 0));
	assert_true(text_utf8_valid((const uint8_t *)"\xc3\xa6\xe2\x80\x9d\xf0\x9f\x87\xa9", 9));
}

/* text_decode_take gives text_decode's text, whether the buffer is the
 * text as it stands or not: pieces of text the decoder keeps and pieces
 * it changes (line ends, tabs, controls, C1, bidi and invisible
 * characters, ZWJ inside and outside emoji, a mark NFC composes, invalid
 * UTF-8 (overlong, surrogate, cut short, past U+10FFFF) beside a real
 * U+FFFD, Windows-1252, BOMs), joined at random, each piece also alone. */
static void check_take(const char *s, size_t n)
{
	uint8_t *buf = util_xmalloc(n + 1);
	enum text_encoding e1, e2;
	size_t n1, n2;
	char *want, *got;

	memcpy(buf, s, n);
	want = text_decode((const uint8_t *)s, n, &e1, &n1);
	got = text_decode_take(buf, n, &e2, &n2);
	assert_int_equal(e1, e2);
	assert_int_equal(n1, n2);
	assert_memory_equal(want, got, n1 + 1);
	free(want);
	free(got);
}

static void test_decode_take(void **state)
{
	static const char *const pieces[] = {
		"Plain ASCII text of a line. ", "\n", "\r\n", "\r", "\t", "\f",
		"Bl\xC3\xA5" "b\xC3\xA6" "rgr\xC3\xB8" "d ", "\x1B]0;x\x07", "\x7F",
		"\xC2\x85", "\xE2\x80\xAE", "\xE2\x80\x8B", "\xC2\xAD",
		"\xE2\x80\xA8", "\xE2\x80\xA9",
		"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", "a\xE2\x80\x8D" "b",
		"e\xCC\x81", "\xE2\x80\x94 \xE2\x82\xAC \xE4\xB8\xAD ",
		"\xEF\xBF\xBD", "\xE6\xF8\xE5", "\xFF", "\xEF\xBB\xBF",
		"\xFF\xFE", "12345678", "\xC0\xAF", "\xED\xA0\x80", "\xE2\x82",
		"\xF4\x90\x80\x80", "\xC8\xBF\xC9\x80", "\xCE\xA9\xE2\x84\xA6",
	};
	size_t np = sizeof(pieces) / sizeof(*pieces);
	struct strbuf sb = {0};
	unsigned seed = 1;

	(void)state;
	check_take("", 0);
	for (size_t i = 0; i < np; i++) {
		check_take(pieces[i], strlen(pieces[i]));
		for (size_t j = 0; j < np; j++) {
			sb.len = 0;
			sb_puts(&sb, pieces[i]);
			sb_puts(&sb, pieces[j]);
			check_take(sb.s, sb.len);
		}
	}
	for (int round = 0; round < 3000; round++) {
		sb.len = 0;
		for (int k = 0; k < 1 + round % 40; k++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly pieces the decoder keeps, as in most files. */
			sb_puts(&sb, pieces[(seed >> 16) % 4 ? (seed >> 8) % 3 == 0 ? 6 : 0 : (seed >> 16) % np]);
		}
		check_take(sb.s, sb.len);
	}
	sb_free(&sb);
}

/* A byte the decoder changes or must look at (a control, DEL, C1, a soft
 * hyphen, a Latin letter, an invalid byte), alone in a line of ASCII at
 * every place against the sixteen- and eight-byte steps the text is
 * passed over in, is seen there: text_decode_take gives text_decode's
 * text. */
static void test_take_every_offset(void **state)
{
	static const char *const odd[] = {"\x01", "\x7F", "\r", "\t", "\x1B", "\xC2\x85",
	                                  "\xC2\xAD", "\xC3\xA6", "\xFF", "\xE2\x80\x8B"};
	char line[80];

	(void)state;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(odd); k++)
		for (size_t p = 0; p < 40; p++) {
			size_t n = 0;
			for (; n < p; n++)
				line[n] = (char)('a' + n % 26);
			memcpy(line + n, odd[k], strlen(odd[k]));
			n += strlen(odd[k]);
			for (size_t q = 0; q < 36 - p % 3; q++)
				line[n++] = q % 9 ? 'x' : ' ';
			check_take(line, n);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_variants),
		cmocka_unit_test(test_decode_take),
		cmocka_unit_test(test_take_every_offset),
		cmocka_unit_test(test_utf8_valid_as_u8_check),
		cmocka_unit_test(test_latin_letters_as_e),
		cmocka_unit_test(test_danish_letters_survive),
		cmocka_unit_test(test_cp1252_bytes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_escape_sequences),
		cmocka_unit_test(test_tabs_and_newlines),
		cmocka_unit_test(test_invisible_and_bidi),
		cmocka_unit_test(test_wide_and_combining),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_binary_threshold),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_next_char),
		cmocka_unit_test(test_clean_line),
		cmocka_unit_test(test_forbidden_char),
		cmocka_unit_test(test_to_charset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
