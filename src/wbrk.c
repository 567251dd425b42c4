/* wbrk.c - word boundaries without a call per character into libunistring.
 *
 * u8_wordbreaks decodes every character and looks its class up through a
 * call: a twentieth of the CPU time of indexing a corpus from its files,
 * as every article is segmented when it is loaded. Its rules need
 * little context: a line break (LF) ends every rule (a break before it,
 * unless after CR, and after it), and within a line, for the classes kept
 * here, the decision at a character depends on its class, the previous
 * character's and (WB6/7, WB7b/c, WB11/12) the one before that. So:
 *
 *   - the classes are libunistring's own (uc_wordbreak_property), read
 *     once into a table for the whole Basic Multilingual Plane;
 *   - the two-character decisions are libunistring's own too: the table
 *     of pairs is filled by asking u8_wordbreaks about two characters of
 *     each pair of classes;
 *   - only the three-character rules are written out here, as UAX #29
 *     states them and u8_wordbreaks applies them (the break before the
 *     middle character is taken back).
 *
 * A line with a character outside the table's classes (Extend, Format and
 * ZWJ are skipped over by WB4, regional indicators count in pairs) goes to
 * u8_wordbreaks whole; that is exact because a line starts with the state
 * of a text's start. Invalid UTF-8 hands over the rest of the text, so
 * libunistring decides how to resynchronise. */
#include "kilde/wbrk.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistr.h>
#include <uniwbrk.h>

#include "kilde/util.h"

/* Classes the fast path takes (as small numbers), FAST_NONE for the rest. */
enum {
	C_OTHER, C_CR, C_LF, C_NEWLINE, C_ALETTER, C_HL, C_NUMERIC, C_MIDLETTER,
	C_MIDNUM, C_MIDNUMLET, C_SQ, C_DQ, C_EXTENDNUMLET, C_WSS, C_N,
	FAST_NONE = 0xff
};

struct wbrk_tables {
	uint8_t cls[0x10000];       /* class of each BMP code point */
	uint8_t pair[C_N][C_N];     /* break between two characters */
};

static struct wbrk_tables tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static uint8_t class_of(int prop)
{
	switch (prop) {
	case WBP_OTHER: return C_OTHER;
	case WBP_CR: return C_CR;
	case WBP_LF: return C_LF;
	case WBP_NEWLINE: return C_NEWLINE;
	case WBP_ALETTER: return C_ALETTER;
	case WBP_HL: return C_HL;
	case WBP_NUMERIC: return C_NUMERIC;
	case WBP_MIDLETTER: return C_MIDLETTER;
	case WBP_MIDNUM: return C_MIDNUM;
	case WBP_MIDNUMLET: return C_MIDNUMLET;
	case WBP_SQ: return C_SQ;
	case WBP_DQ: return C_DQ;
	case WBP_EXTENDNUMLET: return C_EXTENDNUMLET;
	case WBP_WSS: return C_WSS;
	default: return FAST_NONE;
	}
}

static void tables_init(void)
{
	ucs4_t rep[C_N];
	bool have[C_N] = {false};

	for (ucs4_t uc = 0; uc < 0x10000; uc++) {
		/* Surrogates are not characters: their bytes are invalid. */
		uint8_t c = uc >= 0xd800 && uc < 0xe000 ? FAST_NONE :
		            class_of(uc_wordbreak_property(uc));
		tables.cls[uc] = c;
		if (c != FAST_NONE && !have[c]) {
			have[c] = true;
			rep[c] = uc;
		}
	}
	for (int a = 0; a < C_N; a++)
		for (int b = 0; b < C_N; b++) {
			uint8_t s[8];
			char p[8];
			int k, m;
			if (!have[a] || !have[b]) {
				tables.pair[a][b] = 1;
				continue;
			}
			k = u8_uctomb(s, rep[a], 4);
			m = u8_uctomb(s + k, rep[b], 4);
			u8_wordbreaks(s, (size_t)(k + m), p);
			tables.pair[a][b] = (uint8_t)p[k];
		}
	/* A class no BMP character has stays out of the fast path. */
	for (ucs4_t uc = 0; uc < 0x10000; uc++)
		if (tables.cls[uc] != FAST_NONE && !have[tables.cls[uc]])
			tables.cls[uc] = FAST_NONE;
}

/* The code point at s[i] (i < n) and its length, or 0 for a sequence the
 * fast path does not decode: invalid, or outside the BMP. */
static size_t decode(const uint8_t *s, size_t n, size_t i, unsigned *uc)
{
	unsigned c = s[i];

	if (c < 0x80) {
		*uc = c;
		return 1;
	}
	if (c >= 0xc2 && c < 0xe0) {
		if (i + 1 < n && (s[i + 1] & 0xc0) == 0x80) {
			*uc = (c & 0x1f) << 6 | (s[i + 1] & 0x3f);
			return 2;
		}
		return 0;
	}
	if (c >= 0xe0 && c < 0xf0 && i + 2 < n && (s[i + 1] & 0xc0) == 0x80 &&
	    (s[i + 2] & 0xc0) == 0x80) {
		unsigned v = (c & 0x0f) << 12 | (s[i + 1] & 0x3fu) << 6 | (s[i + 2] & 0x3f);
		/* Overlong forms and surrogates are invalid. */
		if (v < 0x800 || (v >= 0xd800 && v < 0xe000))
			return 0;
		*uc = v;
		return 3;
	}
	return 0;
}

static bool is_ahletter(uint8_t c)
{
	return c == C_ALETTER || c == C_HL;
}

/* The classes a three-character rule joins across: most characters are
 * none, and need no more look. */
static bool is_mid(uint8_t c)
{
	return c >= C_MIDLETTER && c <= C_DQ;
}

/* Whether the character before last, last and cur make one of the
 * three-character rules that join across last (WB6/7, WB7b/c, WB11/12). */
static bool joins_across(uint8_t before, uint8_t last, uint8_t cur)
{
	if (is_ahletter(cur) && is_ahletter(before) &&
	    (last == C_MIDLETTER || last == C_MIDNUMLET || last == C_SQ))
		return true;
	if (cur == C_NUMERIC && before == C_NUMERIC &&
	    (last == C_MIDNUM || last == C_MIDNUMLET || last == C_SQ))
		return true;
	return cur == C_HL && before == C_HL && last == C_DQ;
}

/* The breaks of s[from..n) by u8_wordbreaks, as if s[from] started a text
 * (it does, or follows a LF): valid UTF-8 up to the line's end is done up
 * to it, else up to the end of the text. Returns where it stopped. */
static size_t hand_over(const uint8_t *s, size_t n, size_t from, char *p, size_t *lines)
{
	const uint8_t *nl = memchr(s + from, '\n', n - from);
	size_t end = nl ? (size_t)(nl - s) : n;

	if (u8_check(s + from, end - from))
		end = n;
	++*lines;
	u8_wordbreaks(s + from, end - from, p + from);
	if (from > 0 && end > from)
		p[from] = 1;
	return end;
}

static size_t breaks(const char *text, size_t n, char *p)
{
	const uint8_t *s = (const uint8_t *)text;
	uint8_t before = C_OTHER, last = C_OTHER;
	size_t i = 0, prev = 0, line = 0, lines = 0;

	pthread_once(&tables_once, tables_init);
	while (i < n) {
		unsigned uc = s[i];
		size_t k = 1;
		uint8_t c;

		/* ASCII, most of any text, needs no decoding. */
		if (uc >= 0x80)
			k = decode(s, n, i, &uc);
		c = k ? tables.cls[uc] : FAST_NONE;
		if (c == FAST_NONE) {
			/* From the start of this line. */
			i = hand_over(s, n, line, p, &lines);
			if (i == n)
				break;
			/* At the LF: only whether a CR came before it
			 * matters (WB3), and after it nothing before. */
			last = i > line && s[i - 1] == '\r' ? C_CR : C_OTHER;
			before = C_OTHER;
			continue;
		}
		if (is_mid(last) && joins_across(before, last, c)) {
			p[prev] = 0;
			p[i] = 0;
		} else {
			p[i] = (char)tables.pair[last][c];
		}
		if (k > 1) {
			p[i + 1] = 0;
			if (k > 2)
				p[i + 2] = 0;
		}
		before = last;
		last = c;
		prev = i;
		if (c == C_LF)
			line = i + 1;
		i += k;
		/* A run of ASCII characters of the same class, not one the
		 * three-character rules join across (letters, digits,
		 * spaces): every decision in it is that of the pair. */
		if (k == 1 && !is_mid(c) && c != C_LF) {
			char same = (char)tables.pair[c][c];
			size_t j = i;
			while (j < n && s[j] < 0x80 && tables.cls[s[j]] == c)
				p[j++] = same;
			if (j > i) {
				before = c;
				prev = j - 1;
				i = j;
			}
		}
	}
	/* Never a break before the first character (the loop took it as
	 * following an Other). */
	if (n)
		p[0] = 0;
	return lines;
}

void wbrk_breaks(const char *s, size_t n, char *p)
{
	breaks(s, n, p);
}

size_t wbrk_fallback_lines(const char *s, size_t n)
{
	char *p = util_xmalloc(n ? n : 1);
	size_t lines = breaks(s, n, p);

	free(p);
	return lines;
}
