/* grepscan.c - the --grep prefilter on raw bytes (see grepscan.h for the
 * rule and why it never loses a match). What each character that is not
 * ASCII folds to is asked of search_fold itself, once per code point and
 * thread, so the prefilter cannot drift from the folding it stands for. */
#include "kilde/grepscan.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "kilde/search.h"
#include "kilde/text.h"
#include "kilde/util.h"

/* Each printable ASCII byte has a bit: a letter (either case) its own, a
 * digit its own, any other printable byte one bit for all of them. */
#define BIT_OTHER 36
#define MASK_SPLICE (1ull << 63) /* may vanish or join its neighbours */
#define MASK_KNOWN (1ull << 62)  /* the cache entry is filled */
#define CACHE_N 0x10000

/* At most this many pieces are looked for in a file: the longest ones
 * reject as well as all of them, nearly always. */
#define MAX_SEARCHES 3

struct run {
	size_t off, len;
};

struct grepscan_key {
	bool usable;
	bool window; /* a match can be looked for around a piece (in_a_window) */
	struct search_pattern pat; /* the key as the search has it */
	char *key; /* lower case */
	size_t len;
	unsigned mode;
	struct run *runs;
	size_t nruns;
};

struct grepscan {
	const struct grepscan_key *k;
	uint64_t *cache; /* per code point below CACHE_N: its mask | KNOWN */
	struct run *sub; /* the pieces a file leaves usable */
	size_t subcap;
};

static bool printable(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

static unsigned bit_of(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '0' && c <= '9')
		return 26 + (c - '0');
	return BIT_OTHER;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

struct grepscan_key *grepscan_key_new(const char *key, size_t len,
                                      unsigned mode, bool oslash)
{
	struct grepscan_key *k = util_xcalloc(1, sizeof(*k));
	size_t cap = 0, i = 0;

	k->mode = mode;
	k->key = util_xmalloc(len + 1);
	for (size_t j = 0; j < len; j++)
		k->key[j] = (char)lower((unsigned char)key[j]);
	k->key[len] = '\0';
	k->len = len;
	/* Without case folding the pieces would have to match in case;
	 * not worth a second way. */
	if (!(mode & SEARCH_FOLD_CASE))
		return k;
	while (i < len) {
		size_t s;

		while (i < len && !printable((unsigned char)k->key[i]))
			i++;
		s = i;
		while (i < len && printable((unsigned char)k->key[i])) {
			/* o matches ø, and oe matches ø: neither need be in
			 * the bytes. */
			if (oslash && (k->key[i] == 'o' ||
			               (k->key[i] == 'e' && i > 0 && k->key[i - 1] == 'o')))
				break;
			i++;
		}
		if (i > s) {
			util_grow((void **)&k->runs, &cap, k->nruns + 1,
			          sizeof(*k->runs));
			k->runs[k->nruns++] = (struct run){s, i - s};
		}
		if (i < len && printable((unsigned char)k->key[i]))
			i++; /* the o or e left out */
	}
	k->usable = k->nruns > 0;
	/* A space in the key can stand for any run of white space, and
	 * controls and U+FFFD are what decoding changes: no window then. */
	k->window = k->usable;
	for (size_t j = 0; j < len; j++)
		if ((unsigned char)key[j] <= ' ' || (unsigned char)key[j] == 0x7f)
			k->window = false;
	if (memmem(key, len, "\xef\xbf\xbd", 3))
		k->window = false;
	k->pat = (struct search_pattern){.key = util_xstrndup(key, len),
	                                 .len = len,
	                                 .mode = mode,
	                                 .oslash = oslash};
	return k;
}

void grepscan_key_free(struct grepscan_key *k)
{
	if (!k)
		return;
	free(k->key);
	free(k->runs);
	free(k->pat.key);
	free(k);
}

struct grepscan *grepscan_new(const struct grepscan_key *k)
{
	struct grepscan *g = util_xcalloc(1, sizeof(*g));

	g->k = k;
	return g;
}

void grepscan_free(struct grepscan *g)
{
	if (!g)
		return;
	free(g->cache);
	free(g->sub);
	free(g);
}

/* The printable ASCII bytes uc can fold to, or MASK_SPLICE. */
static uint64_t fold_mask(ucs4_t uc, unsigned mode)
{
	uint8_t enc[6];
	int n;
	struct search_folded f;
	uint64_t m = 0;

	/* White space folds to a space, which no piece holds. */
	if (uc_is_property_white_space(uc))
		return 0;
	/* A combining mark joins the character before it (and NFC may
	 * compose the two); an ignorable one folds to nothing, and decoding
	 * drops some: both can splice a piece together. */
	if (uc_combining_class(uc) != 0 || uc_is_general_category(uc, UC_CATEGORY_M) ||
	    uc_is_property_default_ignorable_code_point(uc))
		return MASK_SPLICE;
	n = u8_uctomb(enc, uc, sizeof(enc));
	if (n <= 0)
		return MASK_SPLICE;
	search_fold((const char *)enc, (size_t)n, mode, false, &f);
	if (f.len == 0)
		m = MASK_SPLICE;
	for (size_t i = 0; i < f.len; i++) {
		unsigned char c = (unsigned char)f.s[i];
		if (c < 0x80 && printable(c))
			m |= 1ull << bit_of(c);
	}
	search_folded_free(&f);
	return m;
}

static uint64_t char_mask(struct grepscan *g, ucs4_t uc)
{
	if (uc >= CACHE_N)
		return fold_mask(uc, g->k->mode);
	if (!g->cache)
		g->cache = util_xcalloc(CACHE_N, sizeof(*g->cache));
	if (!(g->cache[uc] & MASK_KNOWN))
		g->cache[uc] = fold_mask(uc, g->k->mode) | MASK_KNOWN;
	return g->cache[uc] & ~MASK_KNOWN;
}

/* The printable ASCII letters, commonest first in English and Danish
 * text: the rarest letter of a piece is the one looked for. */
static int rarity(unsigned char c)
{
	static const char common[] = "etaonirsdlhcgmukpbfvwyjxqz";
	const char *p;

	if (c < 'a' || c > 'z')
		return 30; /* digits and punctuation are rare in text */
	p = strchr(common, c);
	return p ? (int)(p - common) : 30;
}

static bool ci_equal(const uint8_t *h, const char *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower(h[i]) != (unsigned char)r[i])
			return false;
	return true;
}

/* The first place at or after from where r[0..rl) (lower case) is in
 * h[0..n) without regard to ASCII case, or NULL: memchr for the rarest
 * byte of r in both cases. */
static const uint8_t *ci_next(const uint8_t *h, size_t n, size_t from,
                              const char *r, size_t rl)
{
	size_t a = 0;
	unsigned char lo, up;
	const uint8_t *p, *end, *nl, *nu;

	if (rl > n || from > n - rl)
		return NULL;
	for (size_t i = 1; i < rl; i++)
		if (rarity((unsigned char)r[i]) > rarity((unsigned char)r[a]))
			a = i;
	lo = (unsigned char)r[a];
	up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 'a' + 'A') : lo;
	/* The anchor byte of a match lies in [from + a, n - rl + a]. */
	p = h + from + a;
	end = h + (n - rl + a) + 1;
	nl = memchr(p, lo, (size_t)(end - p));
	nu = up != lo ? memchr(p, up, (size_t)(end - p)) : NULL;
	while (nl || nu) {
		const uint8_t *c = !nu || (nl && nl < nu) ? nl : nu;

		if (ci_equal(c - a, r, rl))
			return c - a;
		if (c == nl)
			nl = c + 1 < end ? memchr(c + 1, lo, (size_t)(end - c - 1)) : NULL;
		else
			nu = c + 1 < end ? memchr(c + 1, up, (size_t)(end - c - 1)) : NULL;
	}
	return NULL;
}

/* The union of the masks of buf's characters that are not ASCII (buf is
 * valid UTF-8); stops early at MASK_SPLICE. */
static uint64_t file_mask(struct grepscan *g, const uint8_t *buf, size_t len)
{
	uint64_t m = 0;
	size_t i = 0;

	while (i < len) {
		ucs4_t uc;

		/* ASCII, eight bytes at a time. */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, buf + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		while (i < len && buf[i] < 0x80)
			i++;
		if (i >= len)
			break;
		i += (size_t)u8_mbtouc_unsafe(&uc, buf + i, len - i);
		m |= char_mask(g, uc);
		if (m & MASK_SPLICE)
			break;
	}
	return m;
}

static bool has_printable(const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] < 0x80 && printable(buf[i]))
			return true;
	return false;
}

static int cmp_run_len(const void *pa, const void *pb)
{
	const struct run *a = pa, *b = pb;

	return a->len < b->len ? 1 : a->len > b->len ? -1 : 0;
}

/* Whether a match lies around some place of piece r in buf: with no
 * space in the key and nothing in the file that vanishes or joins (the
 * caller knows), every character of a match folds to at least one byte of
 * the key, so a match is at most 4 bytes a key byte long and holds the
 * piece; the bytes that far either side of each place of the piece are
 * folded as the search folds them and searched. */
static bool in_a_window(struct grepscan *g, const uint8_t *buf, size_t len,
                        const struct run *r)
{
	const struct grepscan_key *k = g->k;
	const char *piece = k->key + r->off;
	size_t reach = 4 * k->len, from = 0;
	const uint8_t *at;

	while ((at = ci_next(buf, len, from, piece, r->len)) != NULL) {
		size_t p = (size_t)(at - buf);
		size_t s = p > reach ? p - reach : 0;
		size_t e = len - p > reach + r->len ? p + r->len + reach : len;
		struct search_folded f;
		struct search_match *m;
		size_t nm;

		/* Whole characters only: UTF-8 continuation bytes are
		 * 10xxxxxx. */
		while (s < p && (buf[s] & 0xC0) == 0x80)
			s++;
		while (e < len && (buf[e] & 0xC0) == 0x80)
			e++;
		search_fold((const char *)buf + s, e - s, k->mode, false, &f);
		nm = search_find_folded(&k->pat, &f, &m);
		free(m);
		search_folded_free(&f);
		if (nm)
			return true;
		from = p + 1;
	}
	return false;
}

bool grepscan_may_match(struct grepscan *g, const uint8_t *buf, size_t len)
{
	const struct grepscan_key *k = g->k;
	uint64_t m;
	size_t nsub = 0;

	if (!k->usable)
		return true;
	/* Only UTF-8 that text_decode keeps as it is. */
	if ((len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) ||
	    (len >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) ||
	                  (buf[0] == 0xFE && buf[1] == 0xFF))))
		return true;
	if (!text_utf8_valid(buf, len))
		return true;
	/* A blank file is skipped as empty, not searched: the full way
	 * says so. */
	if (!has_printable(buf, len))
		return true;
	m = file_mask(g, buf, len);
	if (m & MASK_SPLICE)
		return true;
	/* The pieces, cut where a byte is one the file's other characters
	 * can fold to. */
	for (size_t r = 0; r < k->nruns; r++) {
		size_t s = k->runs[r].off, e = s + k->runs[r].len;

		for (size_t i = s; i <= e; i++) {
			if (i < e && !(m & (1ull << bit_of((unsigned char)k->key[i]))))
				continue;
			if (i > s) {
				util_grow((void **)&g->sub, &g->subcap, nsub + 1,
				          sizeof(*g->sub));
				g->sub[nsub++] = (struct run){s, i - s};
			}
			s = i + 1;
		}
	}
	if (nsub > 1)
		qsort(g->sub, nsub, sizeof(*g->sub), cmp_run_len);
	for (size_t i = 0; i < nsub && i < MAX_SEARCHES; i++)
		if (!ci_next(buf, len, 0, k->key + g->sub[i].off, g->sub[i].len))
			return false;
	return !k->window || nsub == 0 || in_a_window(g, buf, len, &g->sub[0]);
}
