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
 * libunistring decides how to resynchronise.
 *
 * The breaks are bits (bit i % 8 of byte i / 8), the form the article and
 * the tokeniser keep. Most 64-byte blocks of a news text hold ASCII, the
 * Latin-1 letters (C3 xx) and a few punctuation marks of class Other (NBSP,
 * guillemets, dashes, curly double quotes) alone: with SSE2, such a block
 * is decided at once, 16 bytes a compare, from masks of the classes its
 * bytes are (see chunk); the table of pairs confirms at start-up that the
 * masks' rules are libunistring's, else no block is taken this way. */
#include "kilde/wbrk.h"

#include <endian.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistr.h>
#include <uniwbrk.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kilde/util.h"

/* Classes the fast path takes (as small numbers), FAST_NONE for the rest. */
enum {
	C_OTHER, C_CR, C_LF, C_NEWLINE, C_ALETTER, C_HL, C_NUMERIC, C_MIDLETTER,
	C_MIDNUM, C_MIDNUMLET, C_SQ, C_DQ, C_EXTENDNUMLET, C_WSS, C_N,
	FAST_NONE = 0xff
};

/* What the block rules ask of a character: a set of these. */
enum {
	F_AHL = 1,    /* ALetter or Hebrew_Letter (AHLetter) */
	F_NUM = 2,    /* Numeric */
	F_ENL = 4,    /* ExtendNumLet */
	F_WSS = 8,    /* WSegSpace */
	F_LF = 16,
	F_CR = 32,
	F_MIDL = 64,  /* MidLetter or MidNumLetQ: joins letters (WB6/7) */
	F_MIDN = 128, /* MidNum or MidNumLetQ: joins digits (WB11/12) */
	F_WORD = F_AHL | F_NUM | F_ENL
};

struct wbrk_tables {
	uint8_t cls[0x10000];       /* class of each BMP code point */
	uint8_t pair[C_N][C_N];     /* break between two characters */
	uint8_t flags[C_N];         /* each class's F_ set */
	bool blocks;                /* the block rules agree with pair */
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

static uint8_t flags_of(uint8_t c)
{
	switch (c) {
	case C_ALETTER:
	case C_HL: return F_AHL;
	case C_NUMERIC: return F_NUM;
	case C_EXTENDNUMLET: return F_ENL;
	case C_WSS: return F_WSS;
	case C_LF: return F_LF;
	case C_CR: return F_CR;
	case C_MIDLETTER: return F_MIDL;
	case C_MIDNUM: return F_MIDN;
	case C_MIDNUMLET:
	case C_SQ: return F_MIDL | F_MIDN;
	default: return 0;
	}
}

/* Whether the block rules join a and b (no break between them): letters,
 * digits and connectors among themselves (WB5, WB8-10, WB13a/b), white
 * space (WB3d), CR LF (WB3). */
static bool flags_join(uint8_t a, uint8_t b)
{
	return ((a & F_WORD) && (b & F_WORD)) || ((a & F_WSS) && (b & F_WSS)) ||
	       ((a & F_CR) && (b & F_LF));
}

static bool blocks_agree(const bool *have);

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
	for (int c = 0; c < C_N; c++)
		tables.flags[c] = flags_of((uint8_t)c);
	tables.blocks = blocks_agree(have);
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

static void bit_set(uint8_t *bits, size_t i)
{
	bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

static void bit_clear(uint8_t *bits, size_t i)
{
	bits[i / 8] &= (uint8_t)~(1u << (i % 8));
}

/* ---- blocks of 64 bytes ------------------------------------------------ */

/* The multi-byte characters a block may hold, besides the Latin-1 letters
 * (C3 80..BF but U+00D7 and U+00F7, which are symbols): punctuation of
 * class Other common in news text. blocks_agree checks their classes. */
static const unsigned block_others[] = {
	0xA0, 0xAB, 0xBB,                       /* NBSP « » */
	0x2013, 0x2014, 0x201C, 0x201D, 0x2026, /* – — “ ” … */
};

#if defined(__SSE2__)
/* Each byte of a block as the block rules see it: bit j of a mask is byte
 * j of the block. A character of several bytes has its class on every
 * byte (so the byte before a character is its predecessor's), and its
 * bytes after the first in tail: no break can fall inside it. */
struct block_masks {
	uint64_t ahl, num, enl, wss, lf, cr, midl, midn, tail;
};

static uint64_t mask16(__m128i v)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(v);
}

static __m128i eq8(__m128i v, int c)
{
	return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)c));
}

/* The masks of the 64 bytes at s, or false when one of them starts,
 * continues or ends a character other than those named above (inside the
 * block: a character across its edge is left to the per-character path). */
static bool block_masks(const uint8_t *s, struct block_masks *m)
{
	uint64_t hi = 0, rest;

	*m = (struct block_masks){0};
	/* Letters, spaces and bytes from 0x80 first: many blocks hold
	 * nothing else, and need no other mask. */
	for (int q = 0; q < 4; q++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
		/* Bytes from 0x80 are negative: no signed range holds them. */
		__m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
		__m128i let = _mm_and_si128(_mm_cmpgt_epi8(low, _mm_set1_epi8('a' - 1)),
		                            _mm_cmplt_epi8(low, _mm_set1_epi8('z' + 1)));
		int sh = 16 * q;
		m->ahl |= mask16(let) << sh;
		m->wss |= mask16(eq8(v, ' ')) << sh;
		hi |= mask16(v) << sh;
	}
	rest = ~(m->ahl | m->wss | hi);
	for (int q = 0; rest && q < 4; q++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
		__m128i dig = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
		                            _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
		__m128i both = _mm_or_si128(eq8(v, '.'), eq8(v, '\''));
		int sh = 16 * q;
		m->num |= mask16(dig) << sh;
		m->enl |= mask16(eq8(v, '_')) << sh;
		m->lf |= mask16(eq8(v, '\n')) << sh;
		m->cr |= mask16(eq8(v, '\r')) << sh;
		m->midl |= mask16(_mm_or_si128(both, eq8(v, ':'))) << sh;
		m->midn |= mask16(_mm_or_si128(both, _mm_or_si128(eq8(v, ','), eq8(v, ';')))) << sh;
	}
	if (hi) {
		uint64_t c3 = 0, cont = 0, letter;
		/* The Latin-1 letters first: most blocks with bytes from
		 * 0x80 hold those alone. */
		for (int q = 0; q < 4; q++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
			/* 0x80..0xBF (below -64 as signed bytes) but the second
			 * bytes of U+00D7 and U+00F7, which are symbols. */
			__m128i c = _mm_andnot_si128(_mm_or_si128(eq8(v, 0x97), eq8(v, 0xB7)),
			                             _mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
			int sh = 16 * q;
			c3 |= mask16(eq8(v, 0xC3)) << sh;
			cont |= mask16(c) << sh;
		}
		/* Bit j: the character starting at byte j. */
		letter = c3 & (cont >> 1);
		m->tail = letter << 1;
		m->ahl |= letter | m->tail;
		hi &= ~(letter | m->tail);
	}
	if (hi) {
		uint64_t c2 = 0, e2 = 0, x80 = 0, o2 = 0, o3 = 0, other2, other3;
		for (int q = 0; q < 4; q++) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
			int sh = 16 * q;
			c2 |= mask16(eq8(v, 0xC2)) << sh;
			e2 |= mask16(eq8(v, 0xE2)) << sh;
			x80 |= mask16(eq8(v, 0x80)) << sh;
			o2 |= mask16(_mm_or_si128(eq8(v, 0xA0), _mm_or_si128(eq8(v, 0xAB),
			                                                    eq8(v, 0xBB)))) << sh;
			o3 |= mask16(_mm_or_si128(_mm_or_si128(eq8(v, 0x93), eq8(v, 0x94)),
			                          _mm_or_si128(_mm_or_si128(eq8(v, 0x9C), eq8(v, 0x9D)),
			                                       eq8(v, 0xA6)))) << sh;
		}
		other2 = c2 & (o2 >> 1);
		other3 = e2 & (x80 >> 1) & (o3 >> 2);
		m->tail |= (other2 | other3) << 1 | other3 << 2;
		if (hi & ~(other2 | other3 | (other2 | other3) << 1 | other3 << 2))
			return false;
	}
	return true;
}

/* The breaks of the block at s (bit j: before byte j), given the F_ sets
 * of the two characters before it (last, and before that); *retro set
 * when a rule joins across the character before the block (its break is
 * taken back). False if block_masks refuses the block. Each rule is a
 * few operations on the masks, with the masks shifted by a byte or two
 * for the character before. */
static bool block(const uint8_t *s, uint8_t last, uint8_t before, uint64_t *brk, bool *retro,
                  uint64_t *lf)
{
	struct block_masks m;
	uint64_t word, nobrk, across;

	if (!block_masks(s, &m))
		return false;
#define PREV1(x, f) ((x) << 1 | (uint64_t)((last & (f)) != 0))
#define PREV2(x, f) ((x) << 2 | (uint64_t)((last & (f)) != 0) << 1 | (uint64_t)((before & (f)) != 0))
	word = m.ahl | m.num | m.enl;
	nobrk = (PREV1(word, F_WORD) & word) | (PREV1(m.wss, F_WSS) & m.wss) |
	        (PREV1(m.cr, F_CR) & m.lf);
	/* Bit j: byte j ends a three-character rule; it and the byte
	 * before (a one-byte middle character) lose their breaks. */
	across = (PREV2(m.ahl, F_AHL) & PREV1(m.midl, F_MIDL) & m.ahl) |
	         (PREV2(m.num, F_NUM) & PREV1(m.midn, F_MIDN) & m.num);
#undef PREV1
#undef PREV2
	nobrk |= across | across >> 1 | m.tail;
	*brk = ~nobrk;
	*retro = across & 1;
	*lf = m.lf;
	return true;
}
#endif

/* Whether the block rules give the table's decisions: for every class a
 * character before a block may have (any but Hebrew_Letter, which breaks
 * them: block refuses it) and every class a block's character may have,
 * and whether block_masks gives each ASCII byte and each of the other
 * characters the F_ set of its class. */
static bool blocks_agree(const bool *have)
{
#if defined(__SSE2__)
	bool in_block[C_N] = {false};
	uint8_t buf[64];
	struct block_masks m;

	for (unsigned b = 0; b < 128; b += 64) {
		for (unsigned j = 0; j < 64; j++)
			buf[j] = (uint8_t)(b + j);
		if (!block_masks(buf, &m))
			return false;
		for (unsigned j = 0; j < 64; j++) {
			uint8_t c = tables.cls[b + j], f;
			if (c == FAST_NONE || c == C_HL)
				return false;
			f = (uint8_t)(((m.ahl >> j) & 1) * F_AHL | ((m.num >> j) & 1) * F_NUM |
			              ((m.enl >> j) & 1) * F_ENL | ((m.wss >> j) & 1) * F_WSS |
			              ((m.lf >> j) & 1) * F_LF | ((m.cr >> j) & 1) * F_CR |
			              ((m.midl >> j) & 1) * F_MIDL | ((m.midn >> j) & 1) * F_MIDN);
			if (f != tables.flags[c])
				return false;
			in_block[c] = true;
		}
	}
	for (unsigned uc = 0xC0; uc < 0x100; uc++)
		if (uc != 0xD7 && uc != 0xF7 && tables.cls[uc] != C_ALETTER)
			return false;
	for (size_t k = 0; k < sizeof(block_others) / sizeof(block_others[0]); k++)
		if (tables.cls[block_others[k]] != C_OTHER)
			return false;
	in_block[C_ALETTER] = in_block[C_OTHER] = true;
	for (int a = 0; a < C_N; a++)
		for (int b = 0; b < C_N; b++)
			if (have[a] && a != C_HL && in_block[b] &&
			    flags_join(tables.flags[a], tables.flags[b]) == (tables.pair[a][b] != 0))
				return false;
	return true;
#else
	(void)have;
	(void)flags_join;
	(void)block_others;
	return false;
#endif
}

/* ---- the whole text ------------------------------------------------------ */

struct counts {
	size_t lines;  /* handed to libunistring */
	size_t blocks; /* decided by block */
};

/* The breaks of s[from..n) by u8_wordbreaks, as if s[from] started a text
 * (it does, or follows a LF): valid UTF-8 up to the line's end is done up
 * to it, else up to the end of the text. Every bit of the range is
 * written (blocks before may have set some). Returns where it stopped. */
static size_t hand_over(const uint8_t *s, size_t n, size_t from, uint8_t *bits,
                        struct counts *cnt)
{
	const uint8_t *nl = memchr(s + from, '\n', n - from);
	size_t end = nl ? (size_t)(nl - s) : n;
	char *p;

	if (u8_check(s + from, end - from))
		end = n;
	cnt->lines++;
	p = util_xmalloc(end - from + 1);
	u8_wordbreaks(s + from, end - from, p);
	if (from > 0 && end > from)
		p[0] = 1;
	for (size_t i = from; i < end; i++)
		if (p[i - from])
			bit_set(bits, i);
		else
			bit_clear(bits, i);
	free(p);
	return end;
}

#if defined(__SSE2__)
/* The class of the character that ends before s[end] (a block's end:
 * valid UTF-8 the block holds whole), and where it starts. */
static uint8_t class_before(const uint8_t *s, size_t end, size_t *start)
{
	size_t j = end - 1;
	unsigned uc = 0;

	/* Most blocks end in ASCII: its class is its byte's. */
	if (s[j] < 0x80) {
		*start = j;
		return tables.cls[s[j]];
	}
	while ((s[j] & 0xc0) == 0x80)
		j--;
	decode(s, end, j, &uc);
	*start = j;
	return tables.cls[uc];
}
#endif

static void breaks(const char *text, size_t n, uint8_t *bits, struct counts *cnt)
{
	const uint8_t *s = (const uint8_t *)text;
	uint8_t before = C_OTHER, last = C_OTHER;
	size_t i = 0, prev = 0, line = 0;

	pthread_once(&tables_once, tables_init);
	memset(bits, 0, (n + 7) / 8);
	while (i < n) {
		unsigned uc = s[i];
		size_t k = 1;
		uint8_t c;

#if defined(__SSE2__)
		/* A block starts each 64 bytes, as the bits' words do: it
		 * writes one whole. */
		if (i % 64 == 0 && n - i >= 64 && tables.blocks && last != C_HL) {
			uint64_t w, lf;
			bool retro;
			if (block(s + i, tables.flags[last], tables.flags[before], &w, &retro, &lf)) {
				size_t j;
				w = htole64(w);
				memcpy(bits + i / 8, &w, 8);
				if (retro)
					bit_clear(bits, prev);
				if (lf)
					line = i + 64 - (size_t)__builtin_clzll(lf);
				i += 64;
				last = class_before(s, i, &prev);
				before = class_before(s, prev, &j);
				cnt->blocks++;
				continue;
			}
		}
#endif
		/* ASCII, most of any text, needs no decoding. */
		if (uc >= 0x80)
			k = decode(s, n, i, &uc);
		c = k ? tables.cls[uc] : FAST_NONE;
		if (c == FAST_NONE) {
			/* From the start of this line. */
			i = hand_over(s, n, line, bits, cnt);
			if (i == n)
				break;
			/* At the LF: only whether a CR came before it
			 * matters (WB3), and after it nothing before. */
			last = i > line && s[i - 1] == '\r' ? C_CR : C_OTHER;
			before = C_OTHER;
			continue;
		}
		/* Bits start clear: only breaks are set, and a break taken
		 * back is cleared. */
		if (is_mid(last) && joins_across(before, last, c))
			bit_clear(bits, prev);
		else if (tables.pair[last][c])
			bit_set(bits, i);
		before = last;
		last = c;
		prev = i;
		if (c == C_LF)
			line = i + 1;
		i += k;
		/* A run of ASCII characters of the same class, not one the
		 * three-character rules join across (letters, digits,
		 * spaces): every decision in it is that of the pair. It
		 * stops where a block could start. */
		if (k == 1 && !is_mid(c) && c != C_LF) {
			size_t j = i, end = n, edge = (i + 63) / 64 * 64;
			if (tables.blocks && edge < n && n - edge >= 64)
				end = edge;
			while (j < end && s[j] < 0x80 && tables.cls[s[j]] == c)
				j++;
			if (j > i) {
				if (tables.pair[c][c])
					for (size_t b = i; b < j; b++)
						bit_set(bits, b);
				before = c;
				prev = j - 1;
				i = j;
			}
		}
	}
	/* Never a break before the first character (the loop took it as
	 * following an Other). */
	if (n)
		bit_clear(bits, 0);
}

void wbrk_bits(const char *s, size_t n, uint8_t *bits)
{
	struct counts cnt = {0};

	breaks(s, n, bits, &cnt);
}

void wbrk_ascii_masks(const char *s, struct wbrk_ascii *m)
{
	uint64_t alnum = 0, digit = 0, apos = 0, high = 0;

#if defined(__SSE2__)
	for (unsigned q = 0; q < 4; q++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
		/* Bytes from 0x80 are negative: no signed range holds them. */
		__m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
		__m128i let = _mm_and_si128(_mm_cmpgt_epi8(low, _mm_set1_epi8('a' - 1)),
		                            _mm_cmplt_epi8(low, _mm_set1_epi8('z' + 1)));
		__m128i dig = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
		                            _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
		unsigned sh = 16 * q;
		alnum |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(let, dig)) << sh;
		digit |= (uint64_t)(unsigned)_mm_movemask_epi8(dig) << sh;
		apos |= (uint64_t)(unsigned)_mm_movemask_epi8(
		            _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))) << sh;
		high |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << sh;
	}
#else
	for (unsigned i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)s[i];
		bool dig = c >= '0' && c <= '9';
		alnum |= (uint64_t)(dig || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) << i;
		digit |= (uint64_t)dig << i;
		apos |= (uint64_t)(c == '\'') << i;
		high |= (uint64_t)(c >= 0x80) << i;
	}
#endif
	*m = (struct wbrk_ascii){alnum, digit, apos, high};
}

void wbrk_breaks(const char *s, size_t n, char *p)
{
	uint8_t *bits = util_xmalloc(n / 8 + 1);

	wbrk_bits(s, n, bits);
	for (size_t i = 0; i < n; i++)
		p[i] = (char)((bits[i / 8] >> (i % 8)) & 1);
	free(bits);
}

/* How the breaks of s were decided, for the tests. */
static struct counts counts_of(const char *s, size_t n)
{
	uint8_t *bits = util_xmalloc(n / 8 + 1);
	struct counts cnt = {0};

	breaks(s, n, bits, &cnt);
	free(bits);
	return cnt;
}

size_t wbrk_fallback_lines(const char *s, size_t n)
{
	return counts_of(s, n).lines;
}

size_t wbrk_blocks(const char *s, size_t n)
{
	return counts_of(s, n).blocks;
}
