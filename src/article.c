/* article.c - what can be told about an article from its clean text alone:
 * the title (first non-empty line), the language (Danish or English, by
 * counting the commonest function words), the date (the first date near
 * the top, in the formats news pages print) and the number of words
 * (libunistring word boundaries). Metadata files may override all of it. */
#include "kilde/article.h"

#include <endian.h>
#include <stdbool.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>


#include "kilde/clutter.h"
#include "kilde/layout.h"
#include "kilde/outlet.h"
#include "kilde/util.h"
#include "kilde/wbrk.h"

#define TITLE_MAX_COLS 200
#define DATE_LINES 15
#define DATE_LINE_BYTES 1024 /* a dateline is at the start of its line */
#define DATE_TEXT_BYTES 48   /* ... and a paragraph's date near its start */
#define LANG_MAX_WORDS 3000
#define LANG_MIN_HITS 5

/* ---- lines --------------------------------------------------------- */

static bool is_space_at(const char *s, size_t n, int *k)
{
	uint32_t uc;

	*k = text_next_char(s, n, &uc);
	/* NBSP and the other Unicode spaces count: scraped pages use them. */
	return uc_is_property_white_space(uc);
}

/* Trims Unicode white space at both ends of [*a, *e). */
static void trim(const char *s, size_t *a, size_t *e)
{
	int k;

	while (*a < *e && is_space_at(s + *a, *e - *a, &k))
		*a += (size_t)k;
	while (*e > *a) {
		const uint8_t *start = (const uint8_t *)s + *a;
		ucs4_t uc;
		const uint8_t *p = u8_prev(&uc, (const uint8_t *)s + *e, start);
		if (!p || !uc_is_property_white_space(uc))
			break;
		*e = (size_t)(p - (const uint8_t *)s);
	}
}

/* Finds the next non-blank line at or after *pos; stores its trimmed
 * bounds and moves *pos past it. Returns false at the end. */
static bool next_line(const char *s, size_t len, size_t *pos, size_t *a,
                      size_t *e)
{
	while (*pos < len) {
		const char *nl = memchr(s + *pos, '\n', len - *pos);
		size_t end = nl ? (size_t)(nl - s) : len;
		*a = *pos;
		*e = end;
		*pos = nl ? end + 1 : len;
		trim(s, a, e);
		if (*e > *a)
			return true;
	}
	return false;
}

char *article_title(const char *text, size_t len)
{
	size_t pos = 0, a, e, k;
	struct strbuf sb = {0};
	int w;

	if (!next_line(text, len, &pos, &a, &e))
		return util_xstrdup("");
	/* A scraped page can be one line of megabytes; a title is short. */
	k = layout_fit(text + a, e - a, TITLE_MAX_COLS, &w);
	sb_append(&sb, text + a, k);
	if (k < e - a)
		sb_puts(&sb, "\xE2\x80\xA6");
	return sb_take(&sb);
}

/* ---- words and language ---------------------------------------------- */

static bool is_word_char(uint32_t uc)
{
	/* The Latin-1 letters (all of U+00C0..U+00FF but the two signs),
	 * most of the other characters of a Danish text, without a call. */
	if (uc >= 0xC0 && uc <= 0xFF)
		return uc != 0xD7 && uc != 0xF7;
	return uc_is_general_category(uc, UC_CATEGORY_L) ||
	       uc_is_general_category(uc, UC_CATEGORY_N);
}

static bool has_word_char(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t uc;
		int k;
		if (c < 0x80) { /* ASCII decides most segments cheaply */
			if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
				return true;
			i++;
			continue;
		}
		k = text_next_char(s + i, n - i, &uc);
		if (is_word_char(uc))
			return true;
		i += (size_t)k;
	}
	return false;
}

/* The commonest function words of each language, lower case, sorted. Words
 * both languages use ("for", "at", "i", "over", "under",
 * "man", "men", "have", "sin") are left out: they prove nothing. */
static const char *const da_words[] = {
	"af", "alle", "blev", "da", "de", "dem", "den", "denne", "der", "deres",
	"det", "efter", "eller", "en", "er", "et", "fra", "han", "har", "hun",
	"hvad", "hvis", "hvor", "ikke", "jeg", "kan", "med", "mellem", "mod",
	"meget", "nu", "når", "og", "også", "om", "op", "på", "sig", "sine",
	"skal", "som", "så", "til", "ud", "var", "ved", "vi", "vil", "være",
};
static const char *const en_words[] = {
	"a", "an", "and", "are", "as", "be", "been", "but", "by", "from",
	"had", "has", "he", "her", "his", "is", "it", "its", "not", "of", "on",
	"or", "said", "she", "that", "the", "their", "they", "this", "to",
	"was", "we", "were", "which", "who", "will", "with", "would",
};

/* Both lists in one small hash table keyed by a word's bytes as one
 * number (every function word has at most 7 bytes, and a word no NUL):
 * a lookup is one probe or two, where scanning each list's words with the
 * same first byte took a memcmp each, for every short word of the corpus.
 * Built once (pthread_once, so any thread may be first), constant after. */
#define WORD_SLOTS 1024 /* a power of two, over ten times both lists:
                          most words are none, and a miss mostly ends
                          at its first slot */
#define WORD_SLOT_BITS 10

struct word_slot {
	uint64_t key; /* 0: free */
	bool da, en;
};
static struct word_slot word_table[WORD_SLOTS];
static pthread_once_t word_index_once = PTHREAD_ONCE_INIT;

/* s[0..n) (1 <= n <= 8) as a number, its first byte lowest, zero bytes
 * after: the number a little-endian read of the text gives (word_key_at),
 * on any machine. */
static uint64_t word_key(const uint8_t *s, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)s[i] << (8 * i);
	return v;
}

static size_t word_slot_of(uint64_t key)
{
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> (64 - WORD_SLOT_BITS));

	while (word_table[i].key && word_table[i].key != key)
		i = (i + 1) & (WORD_SLOTS - 1);
	return i;
}

static void index_list(const char *const *w, size_t n, bool da)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t key = word_key((const uint8_t *)w[i], strlen(w[i]));
		struct word_slot *e = &word_table[word_slot_of(key)];
		e->key = key;
		if (da)
			e->da = true;
		else
			e->en = true;
	}
}

static void index_words(void)
{
	_Static_assert(KILDE_ARRAY_LEN(da_words) + KILDE_ARRAY_LEN(en_words) < WORD_SLOTS / 10 &&
	               WORD_SLOTS == 1 << WORD_SLOT_BITS,
	               "the table stays at most a tenth full");
	index_list(da_words, KILDE_ARRAY_LEN(da_words), true);
	index_list(en_words, KILDE_ARRAY_LEN(en_words), false);
}

struct lang_count {
	size_t da, en, words;
	size_t da_clutter, en_clutter; /* of da and en: inside the spans */
	/* With spans: the words outside them (article_detect) */
	const struct clutter_span *sp;
	size_t nsp, at; /* at: the first span not yet behind the words */
	size_t outside;
};

/* Longest function word in bytes ("mellem"); longer words are skipped
 * before the (costly) lower-casing. */
#define STOPWORD_MAX_BYTES 7

/* Lower case of w[0..n) into buf by bytes, when w is ASCII and Latin-1
 * letters (C3 xx) alone, as most Danish function words are (på, så, også):
 * U+00C0..U+00DE but U+00D7 lower by 0x20, the rest of C3 xx map to
 * themselves, as u8_tolower has them. False for any other text. */
static bool latin1_lower(const char *w, size_t n, uint8_t *buf)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i], d;
		if (c < 0x80) {
			/* ASCII, as tolower has it in every locale kilde reads
			 * UTF-8 in, without a call per byte. */
			buf[i] = (uint8_t)(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
			continue;
		}
		if (c != 0xC3 || i + 1 >= n || ((d = (unsigned char)w[i + 1]) & 0xC0) != 0x80)
			return false;
		buf[i] = c;
		buf[i + 1] = (uint8_t)(d <= 0x9E && d != 0x97 ? d + 0x20 : d);
		i++;
	}
	return true;
}

/* Of eight ASCII bytes, 0x20 in each that is an upper-case letter: or'd
 * in, it lowers them as tolower does in every locale kilde reads UTF-8 in. */
static uint64_t upper_bits(uint64_t v)
{
	uint64_t ge_a = v + 0x0101010101010101ULL * (0x80 - 'A'),
	         gt_z = v + 0x0101010101010101ULL * (0x7F - 'Z');

	return ((ge_a & ~gt_z) & 0x8080808080808080ULL) >> 2;
}

/* The key of w[0..n) (1 <= n <= STOPWORD_MAX_BYTES) in lower case, for
 * the words word_key_at does not take; 0 when the lower case is longer
 * than any function word. */
static __attribute__((noinline)) uint64_t word_key_slow(const char *w, size_t n)
{
	uint8_t buf[32];
	size_t l = sizeof(buf);
	uint8_t *low;
	uint64_t key = 0;

	if (latin1_lower(w, n, buf)) {
		/* ASCII and Latin-1 need no Unicode case mapping. */
		low = buf;
		l = n;
	} else {
		/* The text is NFC already: no normalisation pass. */
		low = u8_tolower((const uint8_t *)w, n, NULL, NULL, buf, &l);
	}
	if (low && l && l <= STOPWORD_MAX_BYTES)
		key = word_key(low, l);
	if (low != buf)
		free(low);
	return key;
}

/* word_key_slow's key, room bytes readable from w on. Most words are
 * ASCII with eight bytes of text from their start: those are read, cut
 * to the word and lowered at once, not a byte at a time. */
static inline uint64_t word_key_at(const char *w, size_t n, size_t room)
{
	if (room >= 8) {
		uint64_t v;
		memcpy(&v, w, 8);
		v = le64toh(v) & (~(uint64_t)0 >> (64 - 8 * n));
		if (!(v & 0x8080808080808080ULL))
			return v | upper_bits(v);
	}
	return word_key_slow(w, n);
}

/* Where the segment that starts at bit i of block k (whose breaks are brk)
 * ends: the next break, in this block or a later one, else len. Out of
 * line: most words end in their own block and are measured inline. */
static __attribute__((noinline)) size_t segment_end(const uint8_t *bits, size_t nbytes,
                                                    size_t len, size_t k, uint64_t brk,
                                                    unsigned i)
{
	uint64_t rest = i == 63 ? 0 : brk & (~(uint64_t)0 << (i + 1));

	if (rest)
		return 64 * k + (size_t)__builtin_ctzll(rest);
	for (size_t j = k + 1; 64 * j < len; j++) {
		uint64_t w = wbrk_bits_word(bits, nbytes, len, j);
		if (w)
			return 64 * j + (size_t)__builtin_ctzll(w);
	}
	return len;
}

/* The bits set in v, without a call: without -mpopcnt,
 * __builtin_popcountll is a call into libgcc. */
static inline unsigned popcount64(uint64_t v)
{
	v = v - ((v >> 1) & 0x5555555555555555ULL);
	v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (unsigned)((v * 0x0101010101010101ULL) >> 56);
}

/* The bytes base..base+63 that fall in one of the sorted spans from
 * lc->at on, bit i for byte base + i; lc->at passes the spans that end
 * before base (the blocks come in order). */
static uint64_t span_mask(struct lang_count *lc, size_t base)
{
	uint64_t m = 0;

	while (lc->at < lc->nsp && (size_t)lc->sp[lc->at].off + lc->sp[lc->at].len <= base)
		lc->at++;
	for (size_t t = lc->at; t < lc->nsp && lc->sp[t].off < base + 64; t++) {
		size_t lo = lc->sp[t].off > base ? lc->sp[t].off - base : 0,
		       end = (size_t)lc->sp[t].off + lc->sp[t].len,
		       hi = end < base + 64 ? end - base : 64;
		if (hi > lo)
			m |= (hi == 64 ? ~(uint64_t)0 : ((uint64_t)1 << hi) - 1) &
			     ~(((uint64_t)1 << lo) - 1);
	}
	return m;
}

/* Counts the words of text[0..len) (the segments between the breaks in
 * bits that hold a letter or digit) into lc, and with lang the function
 * words among the first LANG_MAX_WORDS. The text is read 64 bytes at a
 * time: the words among the block's segments are told from its byte
 * masks, counted (and those outside the spans) with a popcount, and only
 * the words the language is judged by are walked, each taken with ctz:
 * the segments between the words (a space, a comma: half of all) and the
 * words past the first LANG_MAX_WORDS cost next to nothing. */
static void count_words(const char *text, size_t len, const uint8_t *bits,
                        struct lang_count *lc, bool lang)
{
	size_t nbytes = (len + 7) / 8;
	/* A copy no call can see: its counters stay in registers. */
	struct lang_count c = *lc;
	size_t lang_left = lang && c.words < LANG_MAX_WORDS ? LANG_MAX_WORDS - c.words : 0;

	if (len == 0)
		return;
	if (lang)
		pthread_once(&word_index_once, index_words);
	for (size_t k = 0; k < (len + 63) / 64; k++) {
		size_t base = 64 * k, left = len - base;
		uint64_t brk = wbrk_bits_word(bits, nbytes, len, k);
		/* The text's start starts a segment too. */
		uint64_t starts = brk | (k == 0), alnum, high, single, words, maybe, ends,
		         clut = 0;
		char tail[64];
		struct wbrk_ascii am;

		if (left < 64) {
			/* The last block, read from a copy: the text ends here. */
			memset(tail, 0, sizeof(tail));
			memcpy(tail, text + base, left);
			wbrk_ascii_masks(tail, &am);
		} else {
			wbrk_ascii_masks(text + base, &am);
		}
		/* A segment that starts with a letter or digit is a word, one
		 * of a single other ASCII byte is not, and only the rest need
		 * their characters read. */
		alnum = am.alnum;
		high = am.high;
		/* A segment's ends: the breaks, and the text's end when it is
		 * in this block. */
		ends = left < 64 ? brk | (uint64_t)1 << left : brk;
		/* Segments of one byte: the next byte starts one, or the text
		 * ends after it (whether byte 63's segment goes on is not
		 * known here: it is read). */
		single = ends >> 1;
		if (left == 64)
			single |= (uint64_t)1 << 63;
		words = starts & alnum;
		for (maybe = starts & ~alnum & (high | ~single); maybe; maybe &= maybe - 1) {
			unsigned i = (unsigned)__builtin_ctzll(maybe);
			size_t e = segment_end(bits, nbytes, len, k, brk, i);
			if (has_word_char(text + base + i, e - base - i))
				words |= (uint64_t)1 << i;
		}
		if (c.sp) {
			clut = span_mask(&c, base);
			c.outside += popcount64(words & ~clut);
		}
		c.words += popcount64(words);
		for (; words && lang_left; words &= words - 1, lang_left--) {
			unsigned i = (unsigned)__builtin_ctzll(words);
			size_t a = base + i, n;
			/* The ends of the next seven bytes tell a short word's
			 * length; a word that goes on past its block is measured
			 * out of line. */
			uint64_t after = (ends >> i) >> 1;

			if (after & ((1u << STOPWORD_MAX_BYTES) - 1))
				n = (size_t)__builtin_ctzll(after) + 1;
			else if (i + STOPWORD_MAX_BYTES < 64)
				continue;
			else if ((n = segment_end(bits, nbytes, len, k, brk, i) - a) >
			         STOPWORD_MAX_BYTES)
				continue;
			uint64_t key = word_key_at(text + a, n, len - a);
			const struct word_slot *s = &word_table[word_slot_of(key)];
			bool da = key && s->key && s->da, en = key && s->key && s->en;
			c.da += da;
			c.en += en;
			if (clut >> i & 1) {
				c.da_clutter += da;
				c.en_clutter += en;
			}
		}
	}
	*lc = c;
}

size_t article_word_count(const char *text, size_t len)
{
	struct lang_count lc = {0};
	uint8_t *bits = util_xmalloc(len / 8 + 1);

	wbrk_bits(text, len, bits);
	count_words(text, len, bits, &lc, false);
	free(bits);
	return lc.words;
}

static const char *verdict(const struct lang_count *lc)
{
	size_t da = lc->da - lc->da_clutter, en = lc->en - lc->en_clutter;

	/* The article's language is its text's: a Danish site's menus and
	 * ads around an English article do not make it Danish. Only an
	 * article with too little text of its own is judged by the page. */
	if (da + en < LANG_MIN_HITS) {
		da = lc->da;
		en = lc->en;
	}
	if (da + en < LANG_MIN_HITS)
		return "?";
	/* A clear majority, or no verdict: quotations in the other
	 * language are common, a tie is not. */
	if (da >= 2 * en)
		return "da";
	if (en >= 2 * da)
		return "en";
	return "?";
}

const char *article_language(const char *text, size_t len)
{
	struct lang_count lc = {0};
	uint8_t *bits;

	/* LANG_MAX_WORDS words fit in far fewer bytes than this. */
	if (len > 65536)
		len = 65536;
	bits = util_xmalloc(len / 8 + 1);
	wbrk_bits(text, len, bits);
	count_words(text, len, bits, &lc, true);
	free(bits);
	return verdict(&lc);
}

/* ---- dates ------------------------------------------------------------- */

static const struct {
	const char *name;
	int month;
	bool abbrev; /* may be followed by "." */
} months[] = {
	{"january", 1, false}, {"januar", 1, false}, {"jan", 1, true},
	{"february", 2, false}, {"februar", 2, false}, {"feb", 2, true},
	{"march", 3, false}, {"marts", 3, false}, {"mar", 3, true},
	{"april", 4, false}, {"apr", 4, true},
	{"may", 5, false}, {"maj", 5, false},
	{"june", 6, false}, {"juni", 6, false}, {"jun", 6, true},
	{"july", 7, false}, {"juli", 7, false}, {"jul", 7, true},
	{"august", 8, false}, {"aug", 8, true},
	{"september", 9, false}, {"sept", 9, true}, {"sep", 9, true},
	{"october", 10, false}, {"oktober", 10, false}, {"oct", 10, true},
	{"okt", 10, true},
	{"november", 11, false}, {"nov", 11, true},
	{"december", 12, false}, {"dec", 12, true},
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Reads 1..maxd digits at *p (no more digits may follow). */
static bool read_num(const char **p, int mind, int maxd, int *v)
{
	const char *s = *p;
	int n = 0, d = 0;

	while (is_digit(*s) && d <= maxd) {
		n = n * 10 + (*s - '0');
		s++;
		d++;
	}
	if (d < mind || d > maxd)
		return false;
	*v = n;
	*p = s;
	return true;
}

/* A month name at *p, whole word; abbreviations may end in ".". */
static bool read_month(const char **p, int *month)
{
	const char *s = *p;
	size_t n = 0;

	while (is_letter(s[n]) && n < 10)
		n++;
	if (n < 3 || n > 9) /* no month name is shorter or longer */
		return false;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(months); i++) {
		if (strnlen(months[i].name, n + 1) != n ||
		    strncasecmp(s, months[i].name, n))
			continue;
		s += n;
		if (months[i].abbrev && *s == '.')
			s++;
		*month = months[i].month;
		*p = s;
		return true;
	}
	return false;
}

static bool skip_spaces(const char **p)
{
	const char *s = *p;

	while (**p == ' ')
		(*p)++;
	return *p > s;
}

static bool valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] && !(m == 2 && d == 29 && !leap);
}

/* "2019-05-16" */
static bool date_iso(const char *s, int *y, int *m, int *d)
{
	return read_num(&s, 4, 4, y) && *s++ == '-' && read_num(&s, 2, 2, m) &&
	       *s++ == '-' && read_num(&s, 2, 2, d) && !is_digit(*s);
}

/* "September 24, 2017", "Dec. 12, 2018", "sept 3 2020" */
static bool date_month_first(const char *s, int *y, int *m, int *d)
{
	if (!read_month(&s, m) || !skip_spaces(&s) || !read_num(&s, 1, 2, d))
		return false;
	if (*s == ',')
		s++;
	return skip_spaces(&s) && read_num(&s, 4, 4, y);
}

/* "24 September 2017", "24. september 2017", "24 sep. 2017" */
static bool date_day_first(const char *s, int *y, int *m, int *d)
{
	if (!read_num(&s, 1, 2, d))
		return false;
	if (*s == '.')
		s++;
	if (!skip_spaces(&s) || !read_month(&s, m))
		return false;
	if (*s == ',')
		s++;
	return skip_spaces(&s) && read_num(&s, 4, 4, y);
}

/* "17.04.2024": day, month and year with dots, as Danish and German
 * pages stamp them (never month first: that is written with slashes). */
static bool date_dotted(const char *s, int *y, int *m, int *d)
{
	return read_num(&s, 1, 2, d) && *s++ == '.' && read_num(&s, 1, 2, m) && *s++ == '.' &&
	       read_num(&s, 4, 4, y) && !is_digit(*s);
}

/* Copy of a line with every Unicode space as ' ' (month names are matched
 * without regard to ASCII case, so no case mapping is needed). */
static char *fold_line(const char *s, size_t n)
{
	/* Never longer than the line: written in place, not a byte at a
	 * time through a strbuf (the first lines of every article with a
	 * hit come here). */
	char *out = util_xmalloc(n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n;) {
		int k;
		if ((unsigned char)s[i] < 0x80) {
			out[j++] = s[i] == '\t' ? ' ' : s[i];
			i++;
			continue;
		}
		if (is_space_at(s + i, n - i, &k)) {
			out[j++] = ' ';
		} else {
			memcpy(out + j, s + i, (size_t)k);
			j += (size_t)k;
		}
		i += (size_t)k;
	}
	out[j] = '\0';
	return out;
}

static bool date_in_line(const char *line, char iso[11])
{
	int y, m, d;

	for (const char *p = line; *p; p++) {
		/* Dates start at a word start: not inside "12345" or "xmay". */
		if (p > line && (is_digit(p[-1]) || is_letter(p[-1])))
			continue;
		if ((date_iso(p, &y, &m, &d) || date_month_first(p, &y, &m, &d) ||
		     date_day_first(p, &y, &m, &d) || date_dotted(p, &y, &m, &d)) &&
		    valid_date(y, m, d)) {
			char tmp[40];
			snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
			memcpy(iso, tmp, 11);
			return true;
		}
	}
	return false;
}

/* Every date form has a four-digit year: a line without one needs no
 * folding and no parsing. Four digits in a row hold one byte of every
 * fourth: only those are looked at, and around one that is a digit the
 * three bytes each side (the first lines of every article come here, up
 * to a kilobyte each). */
static bool has_year(const char *s, size_t n)
{
	for (size_t i = 3; i < n; i += 4) {
		size_t a = i, e = i;
		if (!is_digit(s[i]))
			continue;
		while (a > i - 3 && is_digit(s[a - 1]))
			a--;
		while (e < i + 3 && e + 1 < n && is_digit(s[e + 1]))
			e++;
		if (e - a >= 3)
			return true;
	}
	return false;
}

int article_find_date(const char *text, size_t len, int max_lines,
                      char iso[11])
{
	size_t pos = 0, a, e;

	iso[0] = '\0';
	for (int i = 0; i < max_lines && next_line(text, len, &pos, &a, &e); i++) {
		if (!has_year(text + a, e - a < DATE_LINE_BYTES ? e - a : DATE_LINE_BYTES))
			continue;
		/* Only the start of a long line: a date is near the top. */
		char *line = fold_line(text + a, e - a < DATE_LINE_BYTES ?
		                                 e - a : DATE_LINE_BYTES);
		bool found = date_in_line(line, iso);
		free(line);
		if (found)
			return 1;
	}
	return 0;
}

/* The date of a line of the header (see date_of), or "" : a dateline's,
 * the one after a repeated headline ("...demokratiet8. juni 2024": a page
 * header puts the date after it), or one at the start of a line of text
 * (WASHINGTON, Oct. 31 -); a date further into running text is one the
 * story tells of. */
static bool line_date(const char *text, const struct clutter_doc *d, size_t i, char iso[11],
                      bool *stamp)
{
	const struct clutter_line *l = &d->lines[i];

	*stamp = l->part != CLUTTER_PART_TEXT;
	if (l->part == CLUTTER_PART_CLUTTER && l->rule == CLUTTER_BY_REPEAT && d->title != SIZE_MAX) {
		const struct clutter_line *t = &d->lines[d->title];
		if (l->len > t->len && !memcmp(text + l->off, text + t->off, t->len))
			return article_find_date(text + l->off + t->len, l->len - t->len, 1, iso);
	}
	if (l->dateline)
		return article_find_date(text + l->off, l->len, 1, iso);
	if (l->part != CLUTTER_PART_TEXT)
		return false;
	return article_find_date(text + l->off, l->len < DATE_TEXT_BYTES ? l->len : DATE_TEXT_BYTES,
	                         1, iso);
}

/* The article's date, from the first DATE_LINES lines that are not page
 * clutter, datelines included (a caption's date is the photo's, not the
 * article's), and none after the last line of article text (the dates of
 * teasers and related links). Of several datelines, the earliest: a
 * site's banner with today's date (the day the page was saved) and an
 * "updated" stamp come later than the publication, never earlier. The
 * start of a paragraph is looked at only when no dateline has a date. */
static void date_of(const char *text, const struct clutter_doc *d, char iso[11])
{
	int seen = 0;
	size_t last = 0;
	char cand[11], first_text[11] = "";
	bool stamp;

	iso[0] = '\0';
	for (size_t i = 0; i < d->n; i++)
		if (d->lines[i].part == CLUTTER_PART_TEXT)
			last = i;
	for (size_t i = 0; i <= last && i < d->n && seen < DATE_LINES; i++) {
		if (d->lines[i].part == CLUTTER_PART_EMPTY)
			continue;
		seen++;
		if (!line_date(text, d, i, cand, &stamp))
			continue;
		if (!stamp) {
			if (!first_text[0])
				memcpy(first_text, cand, sizeof(cand));
		} else if (!iso[0] || strcmp(cand, iso) < 0) {
			memcpy(iso, cand, sizeof(cand));
		}
	}
	if (!iso[0])
		memcpy(iso, first_text, sizeof(first_text));
}

/* As line_date reads a line: a dateline whole, article text its start. */
static bool line_dated(const char *line, size_t n, bool text)
{
	char iso[11];

	if (text && n > DATE_TEXT_BYTES)
		n = DATE_TEXT_BYTES;
	return article_find_date(line, n, 1, iso);
}

void article_detect(struct article *a, const struct clutter_rules *rules)
{
	struct lang_count lc = {0};
	struct clutter_doc d;
	struct clutter_span *sp;
	size_t nsp;
	char iso[11];

	free(a->title);
	free(a->date);
	free(a->brk);
	free(a->clut);
	free(a->outlet);
	a->outlet = outlet_detect(a->text, a->len);
	clutter_classify(a->text, a->len, rules, &d);
	if (d.title != SIZE_MAX)
		a->title = article_title(a->text + d.lines[d.title].off,
		                         d.lines[d.title].len);
	else
		a->title = util_xstrdup("");
	nsp = clutter_spans(&d, &sp);
	lc.sp = sp;
	lc.nsp = nsp;
	/* One pass over the words serves the count and the language, and
	 * keeps the breaks for the cross-reference tokeniser (segmenting
	 * is the dearest step of both; the bits cost an eighth of the text). */
	a->brk = util_xmalloc(a->len / 8 + 1);
	/* wbrk_bits sets (len + 7) / 8 bytes: when len is a multiple of 8,
	 * the last byte is ours (and is copied to the spill file). */
	a->brk[a->len / 8] = 0;
	wbrk_bits(a->text, a->len, a->brk);
	count_words(a->text, a->len, a->brk, &lc, true);
	strcpy(a->lang, verdict(&lc));
	/* Page clutter is not the article's: its words are not counted. */
	a->words = sp ? lc.outside : lc.words;
	a->clut = sp;
	a->nclut = (uint32_t)nsp;
	a->clut_known = rules != NULL;
	a->clut_rules = rules ? rules->hash : 0;
	date_of(a->text, &d, iso);
	a->date = util_xstrdup(iso);
	clutter_doc_free(&d);
}

void article_detect_date(struct article *a, const struct clutter_rules *rules)
{
	struct clutter_doc d;
	char iso[11];

	free(a->date);
	/* The first lines of most articles settle the date (see
	 * clutter_classify_date): the rest need not be classified. */
	if (!clutter_classify_date(a->text, a->len, rules, DATE_LINES, line_dated, &d))
		clutter_classify(a->text, a->len, rules, &d);
	date_of(a->text, &d, iso);
	a->date = util_xstrdup(iso);
	clutter_doc_free(&d);
}

const char *article_outlet(const struct article *a)
{
	const char *base = strrchr(a->file, '/'), *dot;
	size_t stem;

	base = base ? base + 1 : a->file;
	dot = strrchr(base, '.');
	stem = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	if (a->source && *a->source &&
	    (strlen(a->source) != stem || strncmp(a->source, base, stem)))
		return a->source;
	return a->outlet && *a->outlet ? a->outlet : NULL;
}

void article_free(struct article *a)
{
	if (!a->borrowed) {
		free(a->path);
		free(a->file);
		free(a->title);
		free(a->source);
		free(a->date);
		free(a->url);
		free(a->outlet);
	}
	free(a->text);
	free(a->brk);
	free(a->clut);
	*a = (struct article){0};
}
