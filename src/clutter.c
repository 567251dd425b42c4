/* clutter.c - article text apart from page clutter, line by line.
 *
 * A scraped news page is its article plus what the page wrapped around it.
 * The rules follow jusText (Pomikálek 2011): a line is first judged alone,
 * by its length, the share of its words that are function words (running
 * prose has many, menus, labels and lists have few) and its form (a list
 * of links, a date on its own); lines too short to judge alone then take
 * the verdict of their neighbours. Cue phrases from the configuration add
 * what length and words cannot tell: a caption or photo credit, a "read
 * more" teaser, a share or newsletter widget, and the label of a section
 * that runs to the end of the page (ads, people notices, related stories).
 * The headline is the short line above the body whose words the body uses
 * most: a site banner or a menu above it shares few. Every rule is general:
 * nothing here knows a site. */
#include "kilde/clutter.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "kilde/text.h"
#include "kilde/util.h"
#include "kilde/wbrk.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Thresholds, in characters and shares of words. jusText's own are 70 and
 * 200 characters and 30-32% function words for its full stop lists; the
 * shipped lists are shorter, so the shares are lower. */
#define LENGTH_LOW 70     /* below: too short to judge alone */
#define LENGTH_HIGH 200   /* above: a paragraph, judged by density alone */
#define STOP_GOOD 0.22    /* a long line with this share is prose */
#define STOP_NEAR 0.12    /* a line with this share may be prose */
#define CAPTION_MAX_BYTES 400    /* captions are short; a paragraph that
                                    mentions a photo is not one */
#define CUE_MAX_BYTES 300        /* a teaser or widget line */
#define SECTION_MAX_BYTES 100    /* the label that opens a section */
#define DATELINE_MAX_BYTES 60
#define BYLINE_MAX_WORDS 6
#define TITLE_MAX_BYTES 250
#define TITLE_SCAN_LINES 15      /* the headline is near the top */
#define TITLE_SHARED 0.5         /* of its words the body must use */
#define REPEAT_MIN_BYTES 30      /* a shorter line may repeat by chance */
#define REPEAT_MAX_GROUP 16
#define FOLD_BYTES 256           /* of a line, folded for the cue lists */

/* ---- rules ------------------------------------------------------------- */

enum { CUE_PLAIN = 1, CUE_WORD_START = 2, CUE_WORD_END = 4 };

/* What each ASCII byte is to a word: every byte of every line is asked. */
enum { A_LETTER = 1, A_DIGIT = 2, A_APOS = 4 };
#define AL(c) [c] = A_LETTER, [c - 'a' + 'A'] = A_LETTER
static const unsigned char ascii_word[128] = {
	AL('a'), AL('b'), AL('c'), AL('d'), AL('e'), AL('f'), AL('g'), AL('h'), AL('i'),
	AL('j'), AL('k'), AL('l'), AL('m'), AL('n'), AL('o'), AL('p'), AL('q'), AL('r'),
	AL('s'), AL('t'), AL('u'), AL('v'), AL('w'), AL('x'), AL('y'), AL('z'),
	['0'] = A_DIGIT, ['1'] = A_DIGIT, ['2'] = A_DIGIT, ['3'] = A_DIGIT, ['4'] = A_DIGIT,
	['5'] = A_DIGIT, ['6'] = A_DIGIT, ['7'] = A_DIGIT, ['8'] = A_DIGIT, ['9'] = A_DIGIT,
	['\''] = A_APOS,
};
#undef AL

static inline bool is_wordish(uint32_t uc)
{
	if (uc < 0x80)
		return ascii_word[uc] & (A_LETTER | A_DIGIT);
	/* The Latin-1 letters (all of U+00C0..U+00FF but the two signs),
	 * most of the other characters of a Danish page, without a call. */
	if (uc >= 0xC0 && uc <= 0xFF)
		return uc != 0xD7 && uc != 0xF7;
	return uc_is_general_category(uc, UC_CATEGORY_L) ||
	       uc_is_general_category(uc, UC_CATEGORY_N);
}

/* A folded line is followed by its NUL and FOLD_PAD more zero bytes: its
 * masks are made 64 bytes at a time from its start, and a word of it is
 * read eight bytes at once (see line_masks, list_has_word). */
#define FOLD_PAD 64

/* Room for a folded line of at most n bytes. */
static char *folded_alloc(size_t n)
{
	return util_xmalloc(n + 1 + FOLD_PAD);
}

/* Ends the folded line out[0..j): its NUL and the zero bytes after. */
static char *folded_end(char *out, size_t j)
{
	memset(out + j, 0, 1 + FOLD_PAD);
	return out;
}

/* Spaces squeezed and trailing ones dropped from low[0..l) (lower case
 * already), into out. */
static char *squeeze(const uint8_t *low, size_t l)
{
	char *out = folded_alloc(l);
	size_t j = 0;

	for (size_t i = 0; i < l; i++) {
		unsigned char c = low[i];
		if (c == ' ' || c == '\t' || c == '\n') {
			if (j && out[j - 1] != ' ')
				out[j++] = ' ';
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 'a' - 'A');
		out[j++] = (char)c;
	}
	while (j && out[j - 1] == ' ')
		j--;
	return folded_end(out, j);
}

/* Each ASCII byte's lower case, but 0 for NUL, the spaces fold squeezes
 * and every byte from 0x80. */
#define FA(c) [c] = c
#define FU(c) [c] = c + 'a' - 'A'
static const unsigned char fold_ascii[256] = {
	FA(1), FA(2), FA(3), FA(4), FA(5), FA(6), FA(7), FA(8), FA(11), FA(12), FA(13),
	FA(14), FA(15), FA(16), FA(17), FA(18), FA(19), FA(20), FA(21), FA(22), FA(23),
	FA(24), FA(25), FA(26), FA(27), FA(28), FA(29), FA(30), FA(31),
	FA('!'), FA('"'), FA('#'), FA('$'), FA('%'), FA('&'), FA('\''), FA('('), FA(')'),
	FA('*'), FA('+'), FA(','), FA('-'), FA('.'), FA('/'), FA('0'), FA('1'), FA('2'),
	FA('3'), FA('4'), FA('5'), FA('6'), FA('7'), FA('8'), FA('9'), FA(':'), FA(';'),
	FA('<'), FA('='), FA('>'), FA('?'), FA('@'), FU('A'), FU('B'), FU('C'), FU('D'),
	FU('E'), FU('F'), FU('G'), FU('H'), FU('I'), FU('J'), FU('K'), FU('L'), FU('M'),
	FU('N'), FU('O'), FU('P'), FU('Q'), FU('R'), FU('S'), FU('T'), FU('U'), FU('V'),
	FU('W'), FU('X'), FU('Y'), FU('Z'), FA('['), FA('\\'), FA(']'), FA('^'), FA('_'),
	FA('`'), FA('a'), FA('b'), FA('c'), FA('d'), FA('e'), FA('f'), FA('g'), FA('h'),
	FA('i'), FA('j'), FA('k'), FA('l'), FA('m'), FA('n'), FA('o'), FA('p'), FA('q'),
	FA('r'), FA('s'), FA('t'), FA('u'), FA('v'), FA('w'), FA('x'), FA('y'), FA('z'),
	FA('{'), FA('|'), FA('}'), FA('~'), FA(127),
};
#undef FA
#undef FU

/* Whether any of the eight bytes of v is b (the has-zero-byte trick on
 * v ^ b repeated): bit 7 of such a byte is set, and maybe of bytes above
 * it, never of a byte below the lowest. */
static uint64_t has_byte(uint64_t v, unsigned char b)
{
	uint64_t x = v ^ (0x0101010101010101ULL * b);

	return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

/* Of eight ASCII bytes, 0x20 in each that is an upper-case letter. */
static uint64_t upper_bits(uint64_t v)
{
	uint64_t ge_a = v + 0x0101010101010101ULL * (0x80 - 'A'),
	         gt_z = v + 0x0101010101010101ULL * (0x7F - 'Z');

	return ((ge_a & ~gt_z) & 0x8080808080808080ULL) >> 2;
}

/* s[0..8) as a number, s[0] lowest, on any machine: the first byte of a
 * mask of it is its lowest (ctz finds it). */
static uint64_t load_le64(const char *s)
{
	uint64_t v;

	memcpy(&v, s, 8);
	return le64toh(v);
}

static bool ascii_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- masks of a folded line ---------------------------------------------- */

/* What the scans of a folded line ask of each byte, as bits (bit j % 64 of
 * word j / 64 is byte j, 0 past the line): made once for the line, 16
 * bytes a compare with SSE2, 8 a step else, so that a scan finds the next
 * word's start or end with ctz, not a byte at a time. Bytes from 0x80 are
 * in start and in every stop: the scans decode them. */
#define LINE_MASK_WORDS 8 /* a folded line of up to 511 bytes, on the stack */

struct line_masks {
	size_t nw;
	uint64_t *start;  /* an ASCII letter or digit, or a byte from 0x80 */
	uint64_t *stopw;  /* none of ASCII letter, digit, apostrophe: ends a
	                     word of words_of's */
	uint64_t *nondig; /* an ASCII letter or apostrophe: in a word, not
	                     a digit */
	uint64_t *stopc;  /* no ASCII letter or digit: ends a content word */
	uint64_t *cand;   /* not an ASCII letter or digit after another: where
	                     a cue can start (holds_cue) */
	uint64_t own[5 * (LINE_MASK_WORDS + 1)];
	uint64_t *heap;
};

/* The masks of the folded line s[0..n) (padded: see FOLD_PAD). */
static void line_masks(struct line_masks *lm, const char *s, size_t n)
{
	size_t nw = (n + 1 + 63) / 64;
	uint64_t *m = lm->own, prev_alnum = 0;

	lm->heap = NULL;
	if (nw > LINE_MASK_WORDS)
		m = lm->heap = util_xmalloc(5 * (nw + 1) * sizeof(*m));
	lm->nw = nw;
	/* Each mask is followed by a word of ones: mask_next stops there
	 * without a bound to test. */
	for (size_t k = 1; k <= 5; k++)
		m[k * (nw + 1) - 1] = ~(uint64_t)0;
	lm->start = m;
	lm->stopw = m + (nw + 1);
	lm->nondig = m + 2 * (nw + 1);
	lm->stopc = m + 3 * (nw + 1);
	lm->cand = m + 4 * (nw + 1);
	for (size_t k = 0; k < nw; k++) {
		struct wbrk_ascii am;
		wbrk_ascii_masks(s + 64 * k, &am);
		uint64_t alnum = am.alnum, apos = am.apos, digit = am.digit, hi = am.high;
		lm->start[k] = alnum | hi;
		lm->stopw[k] = ~(alnum | apos);
		lm->nondig[k] = (alnum | apos) & ~digit;
		lm->stopc[k] = ~alnum;
		lm->cand[k] = ~(alnum & (alnum << 1 | prev_alnum));
		prev_alnum = alnum >> 63;
	}
}

static void line_masks_free(struct line_masks *lm)
{
	free(lm->heap);
}

/* The first set bit at or after bit i of m (i < 64 * nw for the line's
 * nw words), or 64 * nw, its sentinel's first. Inline, as mask_any: the
 * scans ask for every word. */
__attribute__((always_inline)) static inline size_t
mask_next(const uint64_t *m, size_t i)
{
	size_t k = i / 64;
	uint64_t w = m[k] & (~(uint64_t)0 << (i % 64));

	while (!w)
		w = m[++k];
	return 64 * k + (size_t)__builtin_ctzll(w);
}

/* Whether a bit of m is set in [i, j) (j <= 64 * nw). */
__attribute__((always_inline)) static inline bool
mask_any(const uint64_t *m, size_t i, size_t j)
{
	while (i < j) {
		size_t k = i / 64, bits = (j - 64 * k < 64 ? j - 64 * k : 64) - i % 64;
		uint64_t w = m[k] >> (i % 64);
		if (bits < 64)
			w &= ((uint64_t)1 << bits) - 1;
		if (w)
			return true;
		i = 64 * (k + 1);
	}
	return false;
}

/* Lower case, spaces squeezed: the form cues and words are kept in. The
 * text is NFC already; ASCII, Latin-1 (bytes C2 xx, C3 xx) and general
 * punctuation, most of any Danish or English page, need no case tables,
 * and are lowered in the same pass that squeezes; a line with any other
 * character goes to u8_tolower. */
static char *fold(const char *s, size_t n)
{
	char *out = folded_alloc(n);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		/* ASCII bytes without a tab, a newline or two spaces in a
		 * row, not starting with a space that would be squeezed, are
		 * lowered sixteen or eight at once, and copied up to the first
		 * byte that is none of them (a letter of Danish, say): the
		 * folded line never outgrows the line, so sixteen bytes fit
		 * at out + j. */
#if defined(__SSE2__)
		/* The same sixteen bytes a compare. */
		if (i + 16 <= n && !(c == ' ' && (!j || out[j - 1] == ' '))) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
			                           _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
			unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
			unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			                    v, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
			                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))))) |
			                (sp & (sp << 1));
			size_t k = stop ? (size_t)__builtin_ctz(stop) : 16;
			if (k) {
				v = _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(0x20)));
				_mm_storeu_si128((__m128i *)(void *)(out + j), v);
				j += k;
				i += k - 1;
				continue;
			}
		}
#endif
		if (i + 8 <= n && !(c == ' ' && (!j || out[j - 1] == ' '))) {
			uint64_t v, sp, stop;
			size_t k;
			memcpy(&v, s + i, 8);
			v = le64toh(v);
			sp = has_byte(v, ' ');
			/* has_byte may mark bytes above the first it finds,
			 * never one below: the first mark is exact. */
			stop = (v & 0x8080808080808080ULL) | has_byte(v, '\t') | has_byte(v, '\n') |
			       (sp & (sp << 8));
			k = stop ? (size_t)__builtin_ctzll(stop) / 8 : 8;
			if (k) {
				v = htole64(v | upper_bits(v));
				memcpy(out + j, &v, 8);
				j += k;
				i += k - 1;
				continue;
			}
		}
		/* ASCII but the three spaces, lowered by the table: most
		 * bytes of a line stop here. */
		if (fold_ascii[c]) {
			out[j++] = (char)fold_ascii[c];
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n') {
			if (j && out[j - 1] != ' ')
				out[j++] = ' ';
			continue;
		}
		if (c >= 'A' && c <= 'Z') {
			c = (unsigned char)(c + 'a' - 'A');
		} else if (c >= 0x80) {
			unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
			unsigned char e = i + 2 < n ? (unsigned char)s[i + 2] : 0;
			/* U+0080..U+00BF and U+2000..U+207F (spaces, dashes,
			 * quotes, the ellipsis: C2 xx, E2 80 xx, E2 81 xx) have
			 * no other lower case: kept as they are, so a line
			 * with typographic quotes needs no case tables. */
			if (c == 0xC2 && (d & 0xC0) == 0x80) {
				out[j++] = (char)c;
				out[j++] = (char)d;
				i++;
				continue;
			}
			if (c == 0xE2 && (d == 0x80 || d == 0x81) && (e & 0xC0) == 0x80) {
				out[j++] = (char)c;
				out[j++] = (char)d;
				out[j++] = (char)e;
				i += 2;
				continue;
			}
			if (c != 0xC3 || (d & 0xC0) != 0x80) {
				uint8_t *own;
				size_t l = n;
				free(out);
				own = u8_tolower((const uint8_t *)s, n, NULL, NULL, NULL, &l);
				if (!own)
					return folded_end(folded_alloc(0), 0);
				out = squeeze(own, l);
				free(own);
				return out;
			}
			/* U+00C0..U+00DE but U+00D7 (multiplication sign):
			 * the lower case is 0x20 further. */
			out[j++] = (char)c;
			out[j++] = (char)(d <= 0x9E && d != 0x97 ? d + 0x20 : d);
			i++;
			continue;
		}
		out[j++] = (char)c;
	}
	while (j && out[j - 1] == ' ')
		j--;
	return folded_end(out, j);
}

/* Whether the character at s (NUL-terminated) is a letter or digit. */
static bool wordish_at(const char *s)
{
	uint32_t uc;
	size_t n = 0;

	while (n < 4 && s[n])
		n++;
	if (!n)
		return false;
	text_next_char(s, n, &uc);
	return is_wordish(uc);
}

/* Whether the last character of cue[0..n) is a letter or digit. */
static bool ends_wordish(const char *cue, size_t n)
{
	const uint8_t *p;
	ucs4_t uc;

	if (!n)
		return false;
	p = u8_prev(&uc, (const uint8_t *)cue + n, (const uint8_t *)cue);
	return p && is_wordish(uc);
}

/* Whether the cue is one word of letters alone ("photo", not "photo:"). */
static bool plain_word(const char *cue)
{
	for (size_t i = 0; cue[i];) {
		uint32_t uc;
		int k = text_next_char(cue + i, strlen(cue + i), &uc);
		if (!is_wordish(uc))
			return false;
		i += (size_t)k;
	}
	return true;
}

/* Where list_has looks for a word of w[0..n) (n >= 1) in ends_held: by
 * its first and last bytes. */
static size_t ends_index(const char *w, size_t n)
{
	return (size_t)(uint8_t)((uint8_t)w[0] * 31u + (uint8_t)w[n - 1]);
}

/* Where list_has_word starts looking for key (an item's bytes, the first
 * lowest) among the short items. */
static size_t short_slot(uint64_t key, size_t mask)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

/* The bit of pairs_held for the bytes c, d. */
static size_t pair_index(uint8_t c, uint8_t d)
{
	return (((size_t)c << 4) ^ d) & 4095;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_parse(struct clutter_list *l, const char *spec)
{
	const char *p = spec ? spec : "";

	*l = (struct clutter_list){0};
	while (*p) {
		size_t n = strcspn(p, "|");
		const char *a = p, *e = p + n;
		while (a < e && (*a == ' ' || *a == '\t'))
			a++;
		while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > a) {
			l->items = util_xrealloc(l->items, (l->n + 1) * sizeof(*l->items));
			l->items[l->n++] = fold(a, (size_t)(e - a));
		}
		p += n;
		if (*p == '|')
			p++;
	}
	if (!l->n)
		return;
	qsort(l->items, l->n, sizeof(*l->items), cmp_str);
	/* What each match needs, worked out once. */
	l->lens = util_xmalloc(l->n * sizeof(*l->lens));
	l->flags = util_xmalloc(l->n);
	for (size_t i = l->n; i-- > 0;) {
		uint8_t c = (uint8_t)l->items[i][0];
		l->lens[i] = strlen(l->items[i]);
		l->ends_held[ends_index(l->items[i], l->lens[i])] |=
		    (uint64_t)1 << (l->lens[i] < 63 ? l->lens[i] : 63);
		l->flags[i] = (uint8_t)((plain_word(l->items[i]) ? CUE_PLAIN : 0) |
		                        (wordish_at(l->items[i]) ? CUE_WORD_START : 0) |
		                        (ends_wordish(l->items[i], l->lens[i]) ? CUE_WORD_END : 0));
		for (unsigned d = 0; d < 256; d++)
			if (l->lens[i] == 1 || d == (uint8_t)l->items[i][1]) {
				size_t b = pair_index(c, (uint8_t)d);
				l->pairs_held[b / 64] |= (uint64_t)1 << (b % 64);
			}
		l->from[c] = (uint32_t)i;
		if (!l->to[c])
			l->to[c] = (uint32_t)i + 1;
	}
	l->mask = 15;
	while (l->mask + 1 < 2 * l->n)
		l->mask = l->mask * 2 + 1;
	l->slot = util_xcalloc(l->mask + 1, sizeof(*l->slot));
	for (size_t i = 0; i < l->n; i++) {
		size_t k = util_hash64(l->items[i], l->lens[i]) & l->mask;
		while (l->slot[k])
			k = (k + 1) & l->mask;
		l->slot[k] = (uint32_t)i + 1;
	}
	l->short_mask = 15;
	while (l->short_mask + 1 < 2 * l->n)
		l->short_mask = l->short_mask * 2 + 1;
	l->short_keys = util_xcalloc(l->short_mask + 1, sizeof(*l->short_keys));
	for (size_t i = 0; i < l->n; i++) {
		uint64_t key = 0;
		size_t k;
		if (l->lens[i] > 8)
			continue;
		for (size_t b = 0; b < l->lens[i]; b++)
			key |= (uint64_t)(uint8_t)l->items[i][b] << (8 * b);
		for (k = short_slot(key, l->short_mask); l->short_keys[k] && l->short_keys[k] != key;)
			k = (k + 1) & l->short_mask;
		l->short_keys[k] = key;
	}
}

static void list_free(struct clutter_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	free(l->lens);
	free(l->flags);
	free(l->slot);
	free(l->short_keys);
	*l = (struct clutter_list){0};
}

static uint64_t list_hash(const struct clutter_list *l, uint64_t h)
{
	for (size_t i = 0; i < l->n; i++)
		h = h * 1099511628211ULL ^ util_hash64(l->items[i], l->lens[i] + 1);
	return h * 31 + l->n;
}

void clutter_rules_init(struct clutter_rules *r, bool enabled,
                        const char *stopwords, const char *line_cues,
                        const char *inline_cues, const char *section_cues,
                        const char *byline_cues)
{
	uint64_t h = enabled ? 0x6b696c6465ULL : 0;

	r->enabled = enabled;
	list_parse(&r->stopwords, stopwords);
	list_parse(&r->line_cues, line_cues);
	list_parse(&r->inline_cues, inline_cues);
	list_parse(&r->section_cues, section_cues);
	list_parse(&r->byline_cues, byline_cues);
	h = list_hash(&r->stopwords, h);
	h = list_hash(&r->line_cues, h);
	h = list_hash(&r->inline_cues, h);
	h = list_hash(&r->section_cues, h);
	r->hash = list_hash(&r->byline_cues, h);
}

void clutter_rules_free(struct clutter_rules *r)
{
	list_free(&r->stopwords);
	list_free(&r->line_cues);
	list_free(&r->inline_cues);
	list_free(&r->section_cues);
	list_free(&r->byline_cues);
}

/* Whether w[0..n) (n >= 1, folded) is one of the list's items. */
static bool list_has(const struct clutter_list *l, const char *w, size_t n)
{
	/* A word no item has the length and the ends of (most words that
	 * are not on the list) is not hashed. */
	if (!l->slot || !((l->ends_held[ends_index(w, n)] >> (n < 63 ? n : 63)) & 1))
		return false;
	for (size_t k = util_hash64(w, n) & l->mask; l->slot[k]; k = (k + 1) & l->mask) {
		size_t i = l->slot[k] - 1;
		if (l->lens[i] == n && !memcmp(l->items[i], w, n))
			return true;
	}
	return false;
}

/* list_has for a word of a folded line (eight bytes readable from w on,
 * see FOLD_PAD): a word of up to eight bytes is one read and a probe or
 * two among the short items, where hashing it and comparing bytes cost
 * more than the rest of a line's counting. */
__attribute__((always_inline)) static inline bool
list_has_word(const struct clutter_list *l, const char *w, size_t n)
{
	uint64_t key;

	if (n > 8)
		return list_has(l, w, n);
	if (!l->short_keys)
		return false;
	key = load_le64(w) & (~(uint64_t)0 >> (64 - 8 * n));
	for (size_t k = short_slot(key, l->short_mask); l->short_keys[k];
	     k = (k + 1) & l->short_mask)
		if (l->short_keys[k] == key)
			return true;
	return false;
}

/* Whether the folded line s starts with one of the cues, the cue ending
 * at a word boundary ("tags" starts "tags: x", not "tagsten"). A plain
 * word counts only in a line of at most one function word ("Comments"
 * over a comment box, not "Comments from the minister were ..."). */
static bool starts_with_cue(const struct clutter_list *l, const char *s, size_t stops)
{
	uint8_t c = (uint8_t)s[0];

	for (size_t i = l->from[c]; i < l->to[c]; i++) {
		if (strncmp(s, l->items[i], l->lens[i]) != 0 ||
		    (stops > 1 && (l->flags[i] & CUE_PLAIN)))
			continue;
		if (!(l->flags[i] & CUE_WORD_END) || !wordish_at(s + l->lens[i]))
			return true;
	}
	return false;
}

/* Whether one of the cues starts at p in s, at word boundaries (see
 * holds_cue). */
static bool cue_at(const struct clutter_list *l, const char *s, const char *p, size_t stops)
{
	uint8_t c = (uint8_t)p[0];
	size_t b = pair_index(c, (uint8_t)p[1]);

	if (!((l->pairs_held[b / 64] >> (b % 64)) & 1))
		return false;
	for (size_t i = l->from[c]; i < l->to[c]; i++) {
		if ((stops > 1 && (l->flags[i] & CUE_PLAIN)) ||
		    strncmp(p, l->items[i], l->lens[i]) != 0)
			continue;
		if ((l->flags[i] & CUE_WORD_START) && p > s) {
			ucs4_t uc;
			const uint8_t *q = u8_prev(&uc, (const uint8_t *)p, (const uint8_t *)s);
			if (q && is_wordish(uc))
				continue;
		}
		if ((l->flags[i] & CUE_WORD_END) && wordish_at(p + l->lens[i]))
			continue;
		return true;
	}
	return false;
}

/* Whether one of the cues occurs in s at word boundaries. A plain word
 * counts only in a label, a line of at most one function word: "a photo
 * of the fire" in a sentence is not a caption. The line is read once:
 * only where its bytes start some cue (most places start none) are the
 * cues with that first byte compared. */
static bool holds_cue(const struct clutter_list *l, const char *s, size_t stops,
                      const struct line_masks *lm)
{
	size_t n = strlen(s);

	if (!l->n)
		return false;
	/* No cue starts inside a run of ASCII letters and digits: one that
	 * starts with a letter or digit must start a word, one that does
	 * not starts with another byte. The other places are taken from
	 * the masks, 64 bytes of the line at a time. */
	for (size_t k = 0; k < lm->nw && 64 * k < n; k++) {
		for (uint64_t cand = lm->cand[k]; cand; cand &= cand - 1) {
			size_t at = 64 * k + (size_t)__builtin_ctzll(cand);
			if (at >= n)
				break;
			if (cue_at(l, s, s + at, stops))
				return true;
		}
	}
	return false;
}

const char *clutter_rule_name(enum clutter_rule r)
{
	static const char *const names[CLUTTER_BY_COUNT] = {
		"none", "cue", "inline", "section", "list", "dateline",
		"header", "repeat", "context", "density", "template",
	};

	return (unsigned)r < CLUTTER_BY_COUNT ? names[r] : "?";
}

/* ---- one line alone ---------------------------------------------------- */

enum verdict { V_EMPTY, V_BAD, V_SHORT, V_NEAR, V_GOOD };

struct feat {
	size_t a, e;       /* trimmed bounds in the text */
	size_t chars;      /* characters */
	size_t words, stops;
	size_t digits;
	size_t seps;       /* list separators: | • · » and a lone / */
	bool has_year;
	bool sentence;     /* ends as a sentence does */
	bool url;          /* holds an address; looked for in short lines
	                      alone, the only ones it decides */
	char *folded;      /* the first FOLD_BYTES, folded */
	enum verdict v;
	enum verdict v0;   /* v before smoothing */
	uint8_t rule;
	bool dateline;
};

static bool ws_at(const char *s, size_t n, int *k)
{
	uint32_t uc;

	*k = text_next_char(s, n, &uc);
	return uc_is_property_white_space(uc);
}

static void trim(const char *s, size_t *a, size_t *e)
{
	int k;

	while (*a < *e && ws_at(s + *a, *e - *a, &k))
		*a += (size_t)k;
	while (*e > *a) {
		size_t b = *e - 1;
		while (b > *a && ((unsigned char)s[b] & 0xC0) == 0x80)
			b--;
		if (!ws_at(s + b, *e - b, &k))
			break;
		*e = b;
	}
}

/* Counts the words of the folded line and which are function words. Most
 * characters are ASCII: those are classed by the table, and only bytes
 * from 0x80 are decoded. */
static void words_of(const char *s, size_t n, const struct clutter_rules *r, struct feat *f,
                     const struct line_masks *lm)
{
	size_t i = 0;

	for (;;) {
		uint32_t uc;
		i = mask_next(lm->start, i);
		if (i >= n)
			break;
		if ((unsigned char)s[i] >= 0x80) {
			int k = text_next_char(s + i, n - i, &uc);
			if (!is_wordish(uc)) {
				i += (size_t)k;
				continue;
			}
		}
		size_t w = i;
		/* Most words start with a letter: no more to ask. */
		bool digits = !((unsigned char)s[i] < 0x80 && !ascii_isdigit(s[i]));
		for (;;) {
			/* ASCII letters, digits and apostrophes go on the word
			 * up to the next stop; the NUL is one. */
			size_t j = mask_next(lm->stopw, i);
			if (digits && j > i && mask_any(lm->nondig, i, j))
				digits = false;
			i = j;
			if ((unsigned char)s[i] < 0x80)
				break;
			int k = text_next_char(s + i, n - i, &uc);
			if (!is_wordish(uc) && uc != 0x2019)
				break;
			if (!uc_is_general_category(uc, UC_CATEGORY_N))
				digits = false;
			i += (size_t)k;
		}
		f->words++;
		if (digits) {
			f->digits++;
			if (i - w == 4 && (s[w] == '1' || s[w] == '2'))
				f->has_year = true;
		} else if (list_has_word(&r->stopwords, s + w, i - w)) {
			f->stops++;
		}
	}
}

/* The bytes a separator starts with: | / and the lead bytes of • » ›. */
static const unsigned char sep_lead[256] = {['|'] = 1, ['/'] = 1, [0xC2] = 1, [0xE2] = 1};

/* Separators of menus and breadcrumbs. A slash counts only alone
 * ("News / Denmark"), not in "and/or" or a date. */
/* Whether a separator starts at s[i] (a byte sep_lead marks). */
static bool sep_at(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char b = u[i];

	if (b == '|')
		return true;
	if (b == '/')
		return i && i + 1 < n && s[i - 1] == ' ' && s[i + 1] == ' ';
	/* Byte by byte, as strncmp read them (the text ends in a NUL). */
	if (b == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0xA2 && i + 3 < n && i > 0) /* • inside */
		return true;
	return (b == 0xC2 && u[i + 1] == 0xBB) ||
	       (b == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0xBA); /* » › */
}


/* The separators of s[0..n), and its characters into *chars (the bytes
 * that are not UTF-8 continuation bytes, 10xxxxxx), in one pass: every
 * byte of every line comes here. Eight bytes without a lead byte of a separator are passed over at
 * once, and the separators are compared only after their lead byte; eight
 * ASCII bytes (most of a line) are eight characters and can hold only the
 * separators | and /. */
static size_t count_seps(const char *s, size_t n, size_t *chars)
{
	size_t c = 0, i = 0, ch = 0;

#if defined(__SSE2__)
	/* Sixteen bytes a compare: continuation bytes (0x80..0xBF, below
	 * -64 as signed bytes) counted off, lead bytes of a separator
	 * looked at one by one. The continuation bytes are tallied per
	 * lane in ncont (a compare's -1 subtracted) and summed once per 255
	 * rounds, before a lane could wrap: a popcount of each mask is a
	 * call into libgcc without -mpopcnt. */
	__m128i ncont = _mm_setzero_si128();
	unsigned rounds = 0;

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned lead = (unsigned)_mm_movemask_epi8(
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('|')),
		                              _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))),
		                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)),
		                              _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)))));
		ch += 16;
		ncont = _mm_sub_epi8(ncont, _mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
		if (++rounds == 255 || i + 32 > n) {
			__m128i sum = _mm_sad_epu8(ncont, _mm_setzero_si128());
			ch -= (size_t)_mm_cvtsi128_si32(sum) +
			      (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
			ncont = _mm_setzero_si128();
			rounds = 0;
		}
		for (; lead; lead &= lead - 1)
			c += sep_at(s, n, i + (size_t)__builtin_ctz(lead));
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t v, high;
		memcpy(&v, s + i, 8);
		high = v & 0x8080808080808080ULL;
		if (!high) {
			ch += 8;
			if (!(has_byte(v, '|') | has_byte(v, '/')))
				continue;
		} else {
			/* The top bit of each continuation byte: bit 7 set,
			 * bit 6 (shifted up to bit 7) clear. */
			uint64_t cont = high & ~(v << 1);
			ch += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ULL) >> 56);
			if (!(has_byte(v, '|') | has_byte(v, '/') | has_byte(v, 0xC2) |
			      has_byte(v, 0xE2)))
				continue;
		}
		for (size_t k = i; k < i + 8; k++)
			c += sep_lead[(unsigned char)s[k]] && sep_at(s, n, k);
	}
	for (; i < n; i++) {
		ch += ((unsigned char)s[i] & 0xC0) != 0x80;
		c += sep_lead[(unsigned char)s[i]] && sep_at(s, n, i);
	}
	*chars = ch;
	return c;
}

static bool ends_sentence(const char *s, size_t n)
{
	/* Past closing quotes and brackets. */
	while (n) {
		unsigned char c = (unsigned char)s[n - 1];
		if (c == '"' || c == '\'' || c == ')')
			n--;
		else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
		         (c == 0x9D || c == 0x99 || c == 0x9C)) /* ” ’ “ */
			n -= 3;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xBB) /* » */
			n -= 2;
		else
			break;
	}
	return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
}

static bool has_url(const char *f)
{
	return strstr(f, "http://") || strstr(f, "https://") || strstr(f, "www.");
}

/* A time or a numeric date ("15:23", "17.04.2024"). */
static bool has_clock(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 < n; i++) {
		bool d0 = s[i] >= '0' && s[i] <= '9', d1 = s[i + 1] >= '0' && s[i + 1] <= '9';
		if (d0 && d1 && (s[i + 2] == ':' || s[i + 2] == '.') &&
		    s[i + 3] >= '0' && s[i + 3] <= '9' && s[i + 4] >= '0' && s[i + 4] <= '9')
			return true;
	}
	return false;
}

/* At most FOLD_BYTES of s, cut at a character boundary. */
static size_t fold_len(const char *s, size_t n)
{
	if (n <= FOLD_BYTES)
		return n;
	n = FOLD_BYTES;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* What judge counts in s[0..n): characters, separators, and words from
 * the folded start of the line (enough to tell prose from a list, and a
 * long paragraph costs no more than a short one). */
static void count(const char *s, size_t n, const struct clutter_rules *r, struct feat *f,
                  struct line_masks *lm)
{
	size_t len;

	f->folded = fold(s, fold_len(s, n));
	len = strlen(f->folded);
	line_masks(lm, f->folded, len);
	words_of(f->folded, len, r, f, lm);
	f->seps = count_seps(s, n, &f->chars);
}

void clutter_line_counts(const char *line, size_t n, const struct clutter_rules *r,
                         struct clutter_counts *c)
{
	struct feat f = {0};
	struct line_masks lm;

	count(line, n, r, &f, &lm);
	line_masks_free(&lm);
	*c = (struct clutter_counts){f.chars, f.words, f.stops, f.digits, f.seps, f.has_year,
	                             f.folded};
}

static void judge(const char *text, const struct clutter_rules *r, struct feat *f)
{
	const char *s = text + f->a;
	size_t n = f->e - f->a;
	double density;
	struct line_masks lm;

	count(s, n, r, f, &lm);
	f->sentence = ends_sentence(s, n);
	f->url = f->chars < LENGTH_LOW && has_url(f->folded);
	density = f->words ? (double)f->stops / (double)f->words : 0;

	if (n <= CUE_MAX_BYTES && starts_with_cue(&r->line_cues, f->folded, f->stops)) {
		f->v = V_BAD, f->rule = CLUTTER_BY_CUE;
	} else if (n <= CAPTION_MAX_BYTES && holds_cue(&r->inline_cues, f->folded, f->stops, &lm)) {
		f->v = V_BAD, f->rule = CLUTTER_BY_INLINE;
	} else if (n <= DATELINE_MAX_BYTES && f->words <= BYLINE_MAX_WORDS && !f->sentence &&
	           starts_with_cue(&r->byline_cues, f->folded, 0)) {
		/* "Af Mette Holm", "By Steve Rogerson". */
		f->v = V_BAD, f->rule = CLUTTER_BY_DATELINE, f->dateline = true;
	} else if (n <= DATELINE_MAX_BYTES && (f->has_year || has_clock(s, n)) &&
	           f->words - f->digits <= BYLINE_MAX_WORDS && !f->sentence &&
	           f->stops <= 1) {
		/* "April 16, 2024", "tor, 02 nov 2023", "By NTB | 17.04.2024". */
		f->v = V_BAD, f->rule = CLUTTER_BY_DATELINE, f->dateline = true;
	} else if (f->words == f->digits) {
		f->v = V_BAD, f->rule = CLUTTER_BY_LIST; /* no word: rules, numbers */
	} else if ((f->seps >= 2 && density < STOP_GOOD) ||
	           (f->seps == 1 && f->stops == 0 && f->words <= 4) ||
	           (f->url && f->chars < LENGTH_LOW)) {
		f->v = V_BAD, f->rule = CLUTTER_BY_LIST;
	} else if (f->chars < LENGTH_LOW) {
		/* A short sentence, or a fragment as dense in function words as
		 * prose, may be prose: its neighbours decide. */
		f->v = (f->sentence && f->words >= 4 && f->stops > 0) ||
		       (f->words >= 3 && density >= STOP_GOOD) ? V_NEAR : V_SHORT;
	} else if (density >= STOP_GOOD) {
		f->v = V_GOOD;
	} else if (density >= STOP_NEAR) {
		f->v = f->chars >= LENGTH_HIGH ? V_GOOD : V_NEAR;
	} else {
		f->v = V_BAD, f->rule = CLUTTER_BY_DENSITY;
	}
	line_masks_free(&lm);
}

/* ---- neighbours -------------------------------------------------------- */

/* The verdict of the nearest line before (dir -1) or after (dir 1) i that
 * is neither empty nor short (nor near-good, unless near counts); the page
 * edges count as bad, as in jusText. With skip_cues, a line that a cue
 * made clutter (a teaser, a caption) is passed over. */
static enum verdict neighbour(const struct feat *f, size_t n, size_t i, int dir,
                              bool near_counts, bool skip_cues)
{
	for (size_t j = i;;) {
		if (dir < 0 ? j == 0 : j + 1 >= n)
			return V_BAD;
		j = dir < 0 ? j - 1 : j + 1;
		if (skip_cues && f[j].v == V_BAD &&
		    (f[j].rule == CLUTTER_BY_CUE || f[j].rule == CLUTTER_BY_INLINE))
			continue;
		if (f[j].v == V_GOOD || f[j].v == V_BAD)
			return f[j].v;
		if (near_counts && f[j].v == V_NEAR)
			return V_NEAR;
	}
}

static void smooth(struct feat *f, size_t n)
{
	enum verdict *out = util_xmalloc((n ? n : 1) * sizeof(*out));

	/* Short lines first, from the verdicts before smoothing: a short
	 * line among prose is a subheading, among clutter a label. */
	for (size_t i = 0; i < n; i++) {
		out[i] = f[i].v;
		if (f[i].v != V_SHORT)
			continue;
		enum verdict p = neighbour(f, n, i, -1, false, false),
		             q = neighbour(f, n, i, 1, false, false);
		if (p == V_GOOD && q == V_GOOD)
			out[i] = V_GOOD;
		else if (p == V_BAD && q == V_BAD)
			out[i] = V_BAD;
		else if ((p == V_BAD && neighbour(f, n, i, -1, true, false) == V_NEAR) ||
		         (q == V_BAD && neighbour(f, n, i, 1, true, false) == V_NEAR))
			out[i] = V_GOOD;
		/* A teaser between text and a subheading says nothing of the
		 * subheading: text beyond the teaser does. At the tail, with
		 * clutter or the page's end on the other side, it stays. */
		else if ((p == V_BAD && neighbour(f, n, i, -1, false, true) == V_GOOD) ||
		         (q == V_BAD && neighbour(f, n, i, 1, false, true) == V_GOOD))
			out[i] = V_GOOD;
		else
			out[i] = V_BAD;
	}
	for (size_t i = 0; i < n; i++)
		if (out[i] == V_BAD && f[i].v == V_SHORT)
			f[i].rule = CLUTTER_BY_CONTEXT;
	for (size_t i = 0; i < n; i++)
		f[i].v = out[i] == V_SHORT ? V_BAD : out[i];
	/* Then near-good lines: prose unless clutter is on both sides. */
	for (size_t i = 0; i < n; i++) {
		if (f[i].v != V_NEAR)
			continue;
		enum verdict p = neighbour(f, n, i, -1, false, false),
		             q = neighbour(f, n, i, 1, false, false);
		out[i] = p == V_BAD && q == V_BAD ? V_BAD : V_GOOD;
	}
	for (size_t i = 0; i < n; i++)
		if (f[i].v == V_NEAR) {
			f[i].v = out[i];
			if (out[i] == V_BAD)
				f[i].rule = CLUTTER_BY_CONTEXT;
		}
	free(out);
}

/* ---- sections ---------------------------------------------------------- */

/* Whether the folded line is a section's label: it starts with a section
 * cue followed by at most three words ("Annonceindlæg fra SoftwareOne"),
 * or by a colon ("Related news: ..."), and is no sentence ("Comments from
 * the minister were ..." is text). */
static bool section_label(const struct clutter_list *l, const char *s)
{
	uint8_t c = (uint8_t)s[0];

	for (size_t i = l->from[c]; i < l->to[c]; i++) {
		size_t n = strlen(l->items[i]), words = 0;
		const char *p = s + n;
		if (strncmp(s, l->items[i], n) != 0 || (ends_wordish(l->items[i], n) && wordish_at(p)))
			continue;
		while (*p == ' ')
			p++;
		if (*p == ':')
			return true;
		for (bool in = false; *p; p++) {
			bool w = *p != ' ';
			words += w && !in;
			in = w;
		}
		if (words <= 3 && !ends_sentence(s, strlen(s)))
			return true;
	}
	return false;
}

/* A section label ("Related articles", "Annonceindlæg") opens clutter that
 * runs to the end of the page, if less prose follows it than went before:
 * a label above the article is a menu item, not the start of the page's
 * tail. */
static void sections(struct feat *f, size_t n, const struct clutter_rules *r)
{
	size_t total = 0, before = 0;

	for (size_t i = 0; i < n; i++)
		if (f[i].v == V_GOOD)
			total += f[i].chars;
	for (size_t i = 0; i < n; i++) {
		if (f[i].v == V_EMPTY)
			continue;
		if (f[i].e - f[i].a <= SECTION_MAX_BYTES &&
		    section_label(&r->section_cues, f[i].folded) &&
		    total - before < before) {
			for (size_t j = i; j < n; j++)
				if (f[j].v != V_EMPTY && (f[j].v != V_BAD || f[j].rule == CLUTTER_BY_CONTEXT ||
				                          !f[j].rule)) {
					f[j].v = V_BAD;
					f[j].rule = CLUTTER_BY_SECTION;
				}
			return;
		}
		if (f[i].v == V_GOOD)
			before += f[i].chars;
	}
}

/* ---- the headline ------------------------------------------------------ */

/* Keys of the content words of a line: folded, at most six characters
 * (so "calls" meets "call", "cybersecurity" "cyber-security" less so). */
static size_t content_keys(const char *folded, const struct clutter_rules *r,
                           uint64_t *keys, size_t max)
{
	size_t nk = 0, len = strlen(folded), i = 0;
	struct line_masks lm;

	/* As words_of reads the line: by its masks, a byte from 0x80
	 * decoded. */
	line_masks(&lm, folded, len);
	while (nk < max) {
		uint32_t uc;
		i = mask_next(lm.start, i);
		if (i >= len)
			break;
		if ((unsigned char)folded[i] >= 0x80) {
			int k = text_next_char(folded + i, len - i, &uc);
			if (!is_wordish(uc)) {
				i += (size_t)k;
				continue;
			}
		}
		size_t w = i, cut = 0, nc = 0;
		for (;;) {
			size_t j = mask_next(lm.stopc, i);
			/* Each ASCII byte is a character: the sixth may be
			 * among them. */
			if (nc < 6 && nc + (j - i) >= 6)
				cut = i + (6 - nc);
			nc += j - i;
			i = j;
			if ((unsigned char)folded[i] < 0x80)
				break;
			int kk = text_next_char(folded + i, len - i, &uc);
			if (!is_wordish(uc))
				break;
			i += (size_t)kk;
			if (++nc == 6)
				cut = i;
		}
		if (nc < 3 || list_has_word(&r->stopwords, folded + w, i - w))
			continue;
		keys[nk++] = util_hash64(folded + w, (cut ? cut : i) - w);
	}
	line_masks_free(&lm);
	return nk;
}

#define TITLE_KEYS 32

/* The content keys of the headline candidates, and which of them the
 * prose after the first one uses: a set of at most TITLE_SCAN_LINES *
 * TITLE_KEYS keys, open addressing, so the body's keys are looked up
 * there as they come (they were sorted, which cost more than all the
 * rest of the choice). */
#define TITLE_SLOTS 2048 /* a power of two, at least twice the keys */
_Static_assert((TITLE_SLOTS & (TITLE_SLOTS - 1)) == 0 &&
               TITLE_SLOTS >= 2 * TITLE_SCAN_LINES * TITLE_KEYS, "room for every key");

struct title_keys {
	uint64_t k[TITLE_SCAN_LINES][TITLE_KEYS];
	size_t nk[TITLE_SCAN_LINES];
	uint64_t slot[TITLE_SLOTS];
	uint8_t used[TITLE_SLOTS]; /* 0 free, 1 a candidate's, 2 the body's too */
};

/* Keys are util_hash64 values: their low bits place them. */
static uint8_t *title_slot(struct title_keys *t, uint64_t key, bool add)
{
	size_t i = (size_t)key & (TITLE_SLOTS - 1);

	while (t->used[i] && t->slot[i] != key)
		i = (i + 1) & (TITLE_SLOTS - 1);
	if (!t->used[i]) {
		if (!add)
			return NULL;
		t->slot[i] = key;
		t->used[i] = 1;
	}
	return &t->used[i];
}

/* The share of candidate c's content words that the prose uses. */
static double shared_share(const struct title_keys *t, size_t c, bool body)
{
	size_t hit = 0;

	if (!body)
		return 0;
	for (size_t i = 0; i < t->nk[c]; i++) {
		size_t j = (size_t)t->k[c][i] & (TITLE_SLOTS - 1);
		while (t->slot[j] != t->k[c][i])
			j = (j + 1) & (TITLE_SLOTS - 1);
		hit += t->used[j] == 2;
	}
	return t->nk[c] ? (double)hit / (double)t->nk[c] : 0;
}

/* Whether line x is the start of line y ("headline" and "headline8. juni"). */
static bool starts_line(const char *text, const struct feat *x, const struct feat *y)
{
	return x->e - x->a <= y->e - y->a && !memcmp(text + x->a, text + y->a, x->e - x->a);
}

static size_t pick_title(const char *text, struct feat *f, size_t n,
                         const struct clutter_rules *r)
{
	size_t first_good = n, cand[TITLE_SCAN_LINES], nc = 0, seen = 0;

	for (size_t i = 0; i < n; i++)
		if (f[i].v == V_GOOD && f[i].chars >= LENGTH_LOW) {
			first_good = i;
			break;
		}
	for (size_t i = 0; i < n && i < first_good && seen < TITLE_SCAN_LINES; i++) {
		if (f[i].v == V_EMPTY)
			continue;
		seen++;
		if (f[i].e - f[i].a > TITLE_MAX_BYTES || f[i].dateline ||
		    (f[i].v == V_BAD && (f[i].rule == CLUTTER_BY_CUE || f[i].rule == CLUTTER_BY_INLINE ||
		                         f[i].rule == CLUTTER_BY_LIST)))
			continue;
		/* A headline does not end in a full stop; a lead does. */
		if (f[i].e > f[i].a && text[f[i].e - 1] == '.')
			continue;
		cand[nc++] = i;
	}
	if (nc == 0) {
		for (size_t i = 0; i < n; i++)
			if (f[i].v == V_GOOD)
				return i;
		for (size_t i = 0; i < n; i++)
			if (f[i].v != V_EMPTY)
				return i;
		return SIZE_MAX;
	}
	if (nc == 1)
		return cand[0];
	struct title_keys keys, *tk = &keys;
	uint64_t line[TITLE_KEYS * 4];
	bool body = false;

	memset(tk->used, 0, sizeof(tk->used));
	for (size_t c = 0; c < nc; c++) {
		tk->nk[c] = content_keys(f[cand[c]].folded, r, tk->k[c], TITLE_KEYS);
		for (size_t i = 0; i < tk->nk[c]; i++)
			title_slot(tk, tk->k[c][i], true);
	}
	for (size_t i = cand[0] + 1; i < n; i++) {
		if (f[i].v != V_GOOD)
			continue;
		size_t nl = content_keys(f[i].folded, r, line, TITLE_KEYS * 4);
		bool hit = false;
		body |= nl > 0;
		for (size_t k = 0; k < nl; k++) {
			uint8_t *u = title_slot(tk, line[k], false);
			if (u) {
				hit |= *u == 1;
				*u = 2;
			}
		}
		/* Shares only grow as the body goes on: once the first
		 * candidate has enough, it is the headline whatever follows. */
		if (hit && shared_share(tk, 0, body) >= TITLE_SHARED)
			break;
	}
	size_t best = cand[0];
	double best_share = -1;
	for (size_t c = 0; c < nc; c++) {
		double sh = shared_share(tk, c, body);
		if (sh >= TITLE_SHARED) {
			best = cand[c];
			break;
		}
		if (sh > best_share) {
			best_share = sh;
			best = cand[c];
		}
	}
	return best;
}

static void mark(struct feat *f, uint8_t rule)
{
	f->v = V_BAD;
	f->rule = rule;
}

/* A line that starts another (a caption shown twice, once without its
 * credit; a teaser's headline over its lead) is clutter if the other is.
 * Only lines that share their first REPEAT_MIN_BYTES can, so lines are
 * grouped by a hash of those; a group larger than REPEAT_MAX_GROUP (a
 * page of one line repeated) is left alone, to stay linear. */
struct rkey {
	uint64_t h;
	size_t i;
};

static int cmp_rkey(const void *a, const void *b)
{
	const struct rkey *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void repeats(const char *text, struct feat *f, size_t n, size_t title)
{
	struct rkey *k = util_xmalloc((n ? n : 1) * sizeof(*k));
	size_t nk = 0;

	for (size_t i = 0; i < n; i++)
		if (f[i].v != V_EMPTY && f[i].e - f[i].a >= REPEAT_MIN_BYTES && i != title)
			k[nk++] = (struct rkey){util_hash64(text + f[i].a, REPEAT_MIN_BYTES), i};
	if (nk)
		qsort(k, nk, sizeof(*k), cmp_rkey);
	for (size_t a = 0, b; a < nk; a = b) {
		for (b = a + 1; b < nk && k[b].h == k[a].h; b++)
			;
		if (b - a > REPEAT_MAX_GROUP)
			continue;
		for (size_t x = a; x < b; x++)
			for (size_t y = a; y < b; y++) {
				struct feat *fi = &f[k[x].i], *fj = &f[k[y].i];
				if (x == y || (fi->v == V_BAD) == (fj->v == V_BAD) ||
				    !starts_line(text, fi, fj))
					continue;
				mark(fi->v != V_BAD ? fi : fj, CLUTTER_BY_REPEAT);
			}
	}
	free(k);
}

/* ---- the whole page ---------------------------------------------------- */

/* The text's lines, trimmed, each V_SHORT or V_EMPTY until judged;
 * malloc'd into *out, their number returned. */
static size_t split_lines(const char *text, size_t len, struct feat **out)
{
	struct feat *f = NULL;
	size_t n = 0, cap = 0, pos = 0;

	while (pos < len || (pos == len && n == 0 && len)) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			f = util_xrealloc(f, cap * sizeof(*f));
		}
		f[n] = (struct feat){.a = pos, .e = end};
		trim(text, &f[n].a, &f[n].e);
		f[n].v = f[n].e > f[n].a ? V_SHORT : V_EMPTY;
		n++;
		pos = end + 1;
		if (!nl)
			break;
	}
	*out = f;
	return n;
}

void clutter_classify(const char *text, size_t len, const struct clutter_rules *r,
                      struct clutter_doc *d)
{
	struct feat *f;
	size_t n, title;

	d->lines = NULL;
	d->n = 0;
	d->title = SIZE_MAX;
	n = split_lines(text, len, &f);
	if (r && r->enabled) {
		for (size_t i = 0; i < n; i++)
			if (f[i].v != V_EMPTY)
				judge(text, r, &f[i]);
		for (size_t i = 0; i < n; i++)
			f[i].v0 = f[i].v;
		smooth(f, n);
		sections(f, n, r);
		title = pick_title(text, f, n, r);
		if (title != SIZE_MAX) {
			/* Above the headline is the page's head: menus, banners. */
			for (size_t i = 0; i < title; i++)
				if (f[i].v != V_EMPTY && f[i].v != V_BAD)
					mark(&f[i], CLUTTER_BY_HEADER);
				else if (f[i].v == V_BAD && f[i].rule == CLUTTER_BY_CONTEXT)
					f[i].rule = CLUTTER_BY_HEADER;
			/* Between the headline and the body, a short line without a
			 * function word is a label (section, kicker, share), not a
			 * lead: leads are sentences. */
			for (size_t i = title + 1; i < n && !(f[i].v == V_GOOD && f[i].chars >= LENGTH_LOW); i++)
				if (f[i].v0 == V_SHORT && f[i].stops == 0 && f[i].v == V_GOOD)
					mark(&f[i], CLUTTER_BY_HEADER);
			/* The headline again (with a date run on): clutter. */
			for (size_t i = title + 1; i < n; i++)
				if (f[i].v != V_EMPTY && starts_line(text, &f[title], &f[i]))
					mark(&f[i], CLUTTER_BY_REPEAT);
		}
		repeats(text, f, n, title);
	} else {
		title = SIZE_MAX;
		for (size_t i = 0; i < n; i++)
			if (f[i].v != V_EMPTY) {
				f[i].v = V_GOOD;
				if (title == SIZE_MAX)
					title = i;
			}
	}

	d->lines = util_xcalloc(n ? n : 1, sizeof(*d->lines));
	d->n = n;
	d->title = title;
	for (size_t i = 0; i < n; i++) {
		struct clutter_line *l = &d->lines[i];
		l->off = f[i].a;
		l->len = f[i].e - f[i].a;
		l->dateline = f[i].dateline;
		if (f[i].v == V_EMPTY)
			l->part = CLUTTER_PART_EMPTY;
		else if (i == title)
			l->part = CLUTTER_PART_TITLE;
		else if (f[i].v == V_BAD)
			l->part = CLUTTER_PART_CLUTTER, l->rule = f[i].rule ? f[i].rule : CLUTTER_BY_CONTEXT;
		else
			l->part = CLUTTER_PART_TEXT;
		free(f[i].folded);
	}
	free(f);
}

/* ---- the date's lines alone -------------------------------------------- */

/* Whether x is a proper prefix of y ("headline" of "headline8. juni"). */
static bool proper_prefix(const char *text, const struct feat *x, const struct feat *y)
{
	return x->e - x->a < y->e - y->a && starts_line(text, x, y);
}

/* Whether line j is certainly article text in clutter_classify, from the
 * judged lines 0..j alone (see clutter_classify_date): it is long prose
 * on its own (judge's V_GOOD, which smoothing keeps), after another such
 * line j1 (so the headline, a candidate above the first long prose or
 * the first prose line, is at or above j1: neither j nor below it), no
 * line starts it or starts with it (neither the headline's repeat nor
 * repeats() can mark it), and no section label at or above it opens the
 * page's tail: total - before < before cannot hold, as the prose judged
 * so far (a floor of the total) is at least twice every line above the
 * label that could be prose (a ceiling of before). */
static bool text_for_sure(const char *text, const struct feat *f, size_t n, size_t j,
                          size_t j1, const struct clutter_rules *r)
{
	size_t floor_total = 0, above = 0;

	if (f[j].v != V_GOOD || j1 >= j)
		return false;
	for (size_t k = 0; k < n; k++)
		if (k != j && f[k].v != V_EMPTY &&
		    (starts_line(text, &f[k], &f[j]) || starts_line(text, &f[j], &f[k])))
			return false;
	for (size_t i = 0; i <= j; i++)
		if (f[i].v == V_GOOD)
			floor_total += f[i].chars;
	for (size_t i = 0; i <= j; i++) {
		if (f[i].v == V_EMPTY)
			continue;
		if (f[i].e - f[i].a <= SECTION_MAX_BYTES &&
		    section_label(&r->section_cues, f[i].folded) && floor_total < 2 * above)
			return false;
		if (f[i].v != V_BAD)
			above += f[i].chars;
	}
	return true;
}

bool clutter_classify_date(const char *text, size_t len, const struct clutter_rules *r,
                           size_t max_lines, clutter_dated_fn *dated, struct clutter_doc *d)
{
	struct feat *f;
	size_t n, seen = 0, last_window = 0, last_dl = 0;
	size_t j1 = SIZE_MAX, sure = SIZE_MAX, first_dated = SIZE_MAX;
	bool stamps = false, settled = false;

	d->lines = NULL;
	d->n = 0;
	d->title = SIZE_MAX;
	if (!r || !r->enabled)
		return false;
	/* The lines, as clutter_classify splits and trims them. */
	n = split_lines(text, len, &f);
	/* The window: the first max_lines lines that are not empty. Its
	 * datelines (at most DATELINE_MAX_BYTES, judged alone: a line is
	 * judged once its folded form is there) give the date if one has
	 * it; else the first line of text that starts with one does. */
	for (size_t i = 0; i < n && seen < max_lines; i++) {
		if (f[i].v == V_EMPTY)
			continue;
		seen++;
		last_window = i;
		if (f[i].e - f[i].a <= DATELINE_MAX_BYTES) {
			judge(text, r, &f[i]);
			if (f[i].dateline) {
				last_dl = i;
				stamps |= dated(text + f[i].a, f[i].e - f[i].a, false);
				continue;
			}
		}
		if (first_dated == SIZE_MAX && dated(text + f[i].a, f[i].e - f[i].a, true))
			first_dated = i;
	}
	/* With a dated dateline, a line below every dateline must be text;
	 * without, the first line that starts with a date must be (and with
	 * none, the date is "" whatever the parts). Lines are judged from
	 * the top down to it. */
	size_t target = stamps ? last_dl : first_dated;
	for (size_t i = 0; target != SIZE_MAX && i < n; i++) {
		if (f[i].v == V_EMPTY)
			continue;
		if (!f[i].folded)
			judge(text, r, &f[i]);
		/* Not text for sure while j1 is unknown. */
		if (stamps ? i > target : i == target) {
			if (text_for_sure(text, f, n, i, j1, r))
				sure = i;
			if (sure != SIZE_MAX || !stamps)
				break;
		}
		if (f[i].v == V_GOOD && j1 == SIZE_MAX)
			j1 = i;
	}
	settled = sure != SIZE_MAX || (!stamps && first_dated == SIZE_MAX);
	/* No line of the window may start with the headline's text and go
	 * on (date_of reads a date after such a repeat): the headline is at
	 * or above j1 when a line is text for sure, else anywhere. */
	for (size_t t = 0; settled && t < (sure != SIZE_MAX ? j1 + 1 : n); t++)
		for (size_t l = 0; f[t].v != V_EMPTY && l <= last_window; l++)
			if (l != t && f[l].v != V_EMPTY && proper_prefix(text, &f[t], &f[l])) {
				settled = false;
				break;
			}
	if (settled) {
		d->lines = util_xcalloc(n ? n : 1, sizeof(*d->lines));
		d->n = n;
		for (size_t i = 0; i < n; i++) {
			struct clutter_line *l = &d->lines[i];
			l->off = f[i].a;
			l->len = f[i].e - f[i].a;
			if (f[i].v == V_EMPTY) {
				l->part = CLUTTER_PART_EMPTY;
			} else if (i == sure) {
				l->part = CLUTTER_PART_TEXT;
			} else {
				l->part = CLUTTER_PART_CLUTTER;
				l->dateline = i <= last_window && f[i].dateline;
				l->rule = l->dateline ? CLUTTER_BY_DATELINE : CLUTTER_BY_CONTEXT;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		free(f[i].folded);
	free(f);
	return settled;
}

void clutter_doc_free(struct clutter_doc *d)
{
	free(d->lines);
	d->lines = NULL;
	d->n = 0;
	d->title = SIZE_MAX;
}

size_t clutter_spans(const struct clutter_doc *d, struct clutter_span **out)
{
	struct clutter_span *s = NULL;
	size_t n = 0;
	bool open = false;

	*out = NULL;
	for (size_t i = 0; i < d->n; i++) {
		const struct clutter_line *l = &d->lines[i];
		if (l->part == CLUTTER_PART_EMPTY)
			continue;
		if (l->part != CLUTTER_PART_CLUTTER) {
			open = false;
			continue;
		}
		if (open) {
			s[n - 1].len = (uint32_t)(l->off + l->len - s[n - 1].off);
			continue;
		}
		s = util_xrealloc(s, (n + 1) * sizeof(*s));
		s[n++] = (struct clutter_span){(uint32_t)l->off, (uint32_t)l->len};
		open = true;
	}
	*out = s;
	return n;
}

bool clutter_spans_hit(const struct clutter_span *s, size_t n, size_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (off < s[mid].off)
			hi = mid;
		else if (off >= (size_t)s[mid].off + s[mid].len)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}
