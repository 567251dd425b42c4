/* search.c - Unicode-aware search: folding text and patterns to keys that
 * remember where each byte came from, matching with the Danish ø rules,
 * the keyword-in-context concordance, and kilde --grep. The folding rules
 * are documented in search.h. Pure C: all Unicode work is libunistring. */
#include "kilde/search.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unigbrk.h>
#include <uninorm.h>
#include <unistd.h>
#include <unistr.h>
#include <uniwbrk.h>
#include <uniwidth.h>

#include "kilde/grepscan.h"
#include "kilde/util.h"

#define OSLASH_0 '\xc3'
#define OSLASH_1 '\xb8'

/* ---- folding ----------------------------------------------------------- */

/* Folded bytes of one code point, cached per fold: most clusters in real
 * text are a single character below U+0800, and u8_casefold per character
 * would dominate the cost of a corpus-wide search. */
#define FOLD_CACHE_N 0x800
struct fold_cache_ent {
	uint8_t known, n;
	char b[6];
};

struct folder {
	struct search_folded *f;
	size_t cap, mapcap;
	bool map;
	bool collate;                 /* sort key: æ ø å as bytes after z */
	struct fold_cache_ent *cache; /* FOLD_CACHE_N entries, or NULL */
};

static void grow_map(struct folder *fo, size_t need)
{
	struct search_folded *f = fo->f;
	size_t nc = fo->mapcap;

	util_grow((void **)&f->ostart, &nc, need, 4);
	f->oend = util_xrealloc(f->oend, nc * 4);
	fo->mapcap = nc;
}

static void emit(struct folder *fo, const char *b, size_t n, size_t os,
                 size_t oe)
{
	struct search_folded *f = fo->f;

	if (f->len + n + 1 > fo->cap)
		util_grow((void **)&f->s, &fo->cap, f->len + n + 1, 1);
	if (fo->map) {
		if (f->len + n > fo->mapcap)
			grow_map(fo, f->len + n);
		for (size_t k = 0; k < n; k++) {
			f->ostart[f->len + k] = (uint32_t)os;
			f->oend[f->len + k] = (uint32_t)oe;
		}
	}
	memcpy(f->s + f->len, b, n);
	f->len += n;
}

/* emit() for one ASCII byte, the hot path. */
static inline void emit1(struct folder *fo, char b, size_t os)
{
	struct search_folded *f = fo->f;

	if (f->len + 2 > fo->cap)
		util_grow((void **)&f->s, &fo->cap, f->len + 2, 1);
	if (fo->map) {
		if (f->len + 1 > fo->mapcap)
			grow_map(fo, f->len + 1);
		f->ostart[f->len] = (uint32_t)os;
		f->oend[f->len] = (uint32_t)os + 1;
	}
	f->s[f->len++] = b;
}

static void emit_space(struct folder *fo, size_t os, size_t oe)
{
	struct search_folded *f = fo->f;

	if (f->len && f->s[f->len - 1] == ' ') {
		if (fo->map)
			f->oend[f->len - 1] = (uint32_t)oe;
		return;
	}
	emit1(fo, ' ', os);
	if (fo->map)
		f->oend[f->len - 1] = (uint32_t)oe;
}

static bool is_mark(ucs4_t uc)
{
	return uc_combining_class(uc) != 0 ||
	       uc_is_general_category(uc, UC_CATEGORY_Mn);
}

/* Folds one cluster (a character and its combining marks) at p[0..n). */
static void fold_cluster(struct folder *fo, const uint8_t *p, size_t n,
                         unsigned mode, size_t os, size_t oe)
{
	uint8_t buf[64];
	size_t rn = sizeof(buf);
	uint8_t *r;
	bool marks = (mode & SEARCH_FOLD_MARKS) || fo->collate;
	uninorm_t nf = marks ? UNINORM_NFKD : UNINORM_NFC;

	if (mode & SEARCH_FOLD_CASE)
		r = u8_casefold(p, n, NULL, nf, buf, &rn);
	else
		r = u8_normalize(nf, p, n, buf, &rn);
	if (!r) {
		emit(fo, "\xef\xbf\xbd", 3, os, oe);
		return;
	}
	if (!marks) {
		emit(fo, (const char *)r, rn, os, oe);
	} else {
		char prev = 0;
		for (size_t i = 0; i < rn;) {
			ucs4_t uc;
			int l = u8_mbtouc(&uc, r + i, rn - i);
			uint8_t enc[6];
			int el;

			i += (size_t)l;
			if (is_mark(uc)) {
				/* å decomposes to a + ring above: Danish aa. */
				if (uc == 0x030A &&
				    (prev == 'a' || prev == 'A')) {
					if (fo->collate) {
						fo->f->s[fo->f->len - 1] = '}';
					} else {
						emit(fo, &prev, 1, os, oe);
					}
				}
				prev = 0;
				continue;
			}
			prev = uc < 0x80 ? (char)uc : 0;
			if (uc == 0xE6 || uc == 0xC6) {
				if (fo->collate)
					emit(fo, "{", 1, os, oe);
				else
					emit(fo, uc == 0xE6 ? "ae" : "AE", 2,
					     os, oe);
				continue;
			}
			if (fo->collate && (uc == 0xF8 || uc == 0xD8)) {
				emit(fo, "|", 1, os, oe);
				continue;
			}
			el = u8_uctomb(enc, uc, sizeof(enc));
			if (el > 0)
				emit(fo, (const char *)enc, (size_t)el, os, oe);
		}
	}
	if (r != buf)
		free(r);
}

static bool ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void fold_core(struct folder *fo, const char *text, size_t len,
                      unsigned mode)
{
	const uint8_t *p = (const uint8_t *)text;
	size_t i = 0;

	util_grow((void **)&fo->f->s, &fo->cap, len + 16, 1);
	while (i < len) {
		unsigned char c = p[i];
		ucs4_t uc;
		size_t end, one, before;

		/* An ASCII character not followed by a combining mark folds
		 * on its own: the common case, kept cheap, a run of them at
		 * a time, squeezing spaces as emit_space does. Each byte of
		 * the run gives at most one, so room for the rest of the text
		 * is made once; the buffers are held in locals, as stores
		 * through a char pointer would otherwise reload them. */
		if (c < 0x80 && (i + 1 == len || p[i + 1] < 0x80)) {
			struct search_folded *f = fo->f;
			bool fold_case = mode & SEARCH_FOLD_CASE, map = fo->map;
			size_t L = f->len;

			if (L + (len - i) + 2 > fo->cap)
				util_grow((void **)&f->s, &fo->cap, L + (len - i) + 2, 1);
			if (map && L + (len - i) > fo->mapcap)
				grow_map(fo, L + (len - i));
			char *out = f->s;
			uint32_t *ostart = f->ostart, *oend = f->oend;
			size_t k = i + 1, j;

			/* The run ends before the first non-ASCII byte (which
			 * may be a mark on the character before it), found
			 * eight bytes at a time. */
			for (uint64_t v; k + 8 <= len; k += 8) {
				memcpy(&v, p + k, 8);
				if (v & 0x8080808080808080ULL)
					break;
			}
			while (k < len && p[k] < 0x80)
				k++;
			j = k < len ? k - 1 : len;
			for (; i < j; i++) {
				unsigned char b = p[i];

				if (b <= ' ' && ascii_space(b)) {
					if (L && out[L - 1] == ' ') {
						if (map)
							oend[L - 1] = (uint32_t)(i + 1);
						continue;
					}
					b = ' ';
				} else if (fold_case && (unsigned)(b - 'A') < 26u) {
					b = (unsigned char)(b - 'A' + 'a');
				}
				if (map) {
					ostart[L] = (uint32_t)i;
					oend[L] = (uint32_t)(i + 1);
				}
				out[L++] = (char)b;
			}
			f->len = L;
			continue;
		}
		one = (size_t)u8_mbtouc(&uc, p + i, len - i);
		end = i + one;
		while (end < len) {
			ucs4_t u2;
			int l2 = u8_mbtouc(&u2, p + end, len - end);
			if (uc_combining_class(u2) == 0)
				break;
			end += (size_t)l2;
		}
		if (uc_is_property_white_space(uc)) {
			emit_space(fo, i, end);
		} else if (uc_is_property_default_ignorable_code_point(uc)) {
			/* dropped: soft hyphen, zero-width joiner... */
		} else if (fo->cache && end == i + one && uc < FOLD_CACHE_N &&
		           fo->cache[uc].known) {
			emit(fo, fo->cache[uc].b, fo->cache[uc].n, i, end);
		} else {
			before = fo->f->len;
			fold_cluster(fo, p + i, end - i, mode, i, end);
			if (fo->cache && end == i + one && uc < FOLD_CACHE_N &&
			    fo->f->len - before <= sizeof(fo->cache[uc].b)) {
				struct fold_cache_ent *ce = &fo->cache[uc];
				ce->n = (uint8_t)(fo->f->len - before);
				memcpy(ce->b, fo->f->s + before, ce->n);
				ce->known = 1;
			}
		}
		i = end;
	}
	fo->f->s[fo->f->len] = '\0';
}

/* Folds into fo->f, reusing its buffers (a corpus-wide search folds
 * thousands of articles: fresh maps each time cost more in page faults
 * than the folding itself). */
static void fold_reuse(struct folder *fo, const char *text, size_t len,
                       unsigned mode)
{
	fo->f->len = 0;
	if (fo->map && fo->mapcap < len + 16)
		grow_map(fo, len + 16);
	fold_core(fo, text, len, mode);
}

static void fold_cached(const char *text, size_t len, unsigned mode,
                        bool want_map, struct search_folded *out,
                        struct fold_cache_ent *cache)
{
	struct folder fo = {.f = out, .map = want_map, .cache = cache};

	*out = (struct search_folded){0};
	fold_reuse(&fo, text, len, mode);
}

void search_fold(const char *text, size_t len, unsigned mode, bool want_map,
                 struct search_folded *out)
{
	/* A cache only pays off on longer texts. */
	struct fold_cache_ent *cache =
	    len > 4096 ? util_xcalloc(FOLD_CACHE_N, sizeof(*cache)) : NULL;

	fold_cached(text, len, mode, want_map, out, cache);
	free(cache);
}

/* A folder that keeps its buffers and fold cache from text to text. fo
 * points at f, so it lives on the heap. */
struct search_folder {
	struct search_folded f;
	struct folder fo;
};

struct search_folder *search_folder_new(bool want_map)
{
	struct search_folder *sf = util_xcalloc(1, sizeof(*sf));

	sf->fo = (struct folder){
	    .f = &sf->f,
	    .map = want_map,
	    .cache = util_xcalloc(FOLD_CACHE_N, sizeof(*sf->fo.cache)),
	};
	return sf;
}

const struct search_folded *search_folder_fold(struct search_folder *sf,
                                               const char *text, size_t len,
                                               unsigned mode)
{
	fold_reuse(&sf->fo, text, len, mode);
	return &sf->f;
}

void search_folder_free(struct search_folder *sf)
{
	if (!sf)
		return;
	search_folded_free(&sf->f);
	free(sf->fo.cache);
	free(sf);
}

void search_folded_free(struct search_folded *f)
{
	free(f->s);
	free(f->ostart);
	free(f->oend);
	*f = (struct search_folded){0};
}

char *search_collate_key(const char *s, size_t n)
{
	struct search_folded f;
	struct folder fo = {.f = &f, .collate = true};

	f = (struct search_folded){0};
	fold_core(&fo, s, n, SEARCH_FOLD_CASE);
	return f.s;
}

/* ---- patterns and matching -------------------------------------------- */

/* Strips one pair of surrounding quotes: "..", “..”, „..“, »..«. */
static void strip_quotes(const char **s, size_t *n)
{
	static const char *const open[] = {"\"", "\xe2\x80\x9c", "\xe2\x80\x9e",
	                                   "\xc2\xbb"};
	static const char *const close[] = {"\"", "\xe2\x80\x9d",
	                                    "\xe2\x80\x9c", "\xc2\xab"};

	while (*n && ascii_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && ascii_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(open); k++) {
		size_t lo = strlen(open[k]), lc = strlen(close[k]);
		if (*n >= lo + lc && !memcmp(*s, open[k], lo) &&
		    !memcmp(*s + *n - lc, close[k], lc)) {
			*s += lo;
			*n -= lo + lc;
			return;
		}
	}
}

int search_compile(struct search_pattern *pat, const char *pattern,
                   unsigned mode)
{
	struct search_folded f;
	const char *s = pattern ? pattern : "";
	size_t n = strlen(s), a = 0;

	strip_quotes(&s, &n);
	search_fold(s, n, mode, false, &f);
	while (a < f.len && f.s[a] == ' ')
		a++;
	while (f.len > a && f.s[f.len - 1] == ' ')
		f.len--;
	pat->key = util_xstrndup(f.s + a, f.len - a);
	pat->len = f.len - a;
	pat->mode = mode;
	pat->oslash = (mode & SEARCH_FOLD_MARKS) &&
	              (memchr(pat->key, 'o', pat->len) ||
	               memmem(pat->key, pat->len, "\xc3\xb8", 2));
	search_folded_free(&f);
	return pat->len ? 0 : -1;
}

void search_pattern_free(struct search_pattern *pat)
{
	free(pat->key);
	*pat = (struct search_pattern){0};
}

static bool has_oslash(const char *t, size_t tl, size_t ti)
{
	return ti + 1 < tl && t[ti] == OSLASH_0 && t[ti + 1] == OSLASH_1;
}

/* Matches key k[p..] at text t[ti..] with the ø rules. Returns the end in
 * the text plus one, or 0. Backtracks only at o and ø, so its cost is
 * bounded by the pattern's o/ø count (a few, in real names). */
static size_t match_oslash(const char *k, size_t kl, size_t p, const char *t,
                           size_t tl, size_t ti)
{
	size_t r;

	while (p < kl) {
		if (has_oslash(k, kl, p)) {
			if (has_oslash(t, tl, ti) &&
			    (r = match_oslash(k, kl, p + 2, t, tl, ti + 2)))
				return r;
			if (ti + 1 < tl && t[ti] == 'o' && t[ti + 1] == 'e' &&
			    (r = match_oslash(k, kl, p + 2, t, tl, ti + 2)))
				return r;
			if (ti < tl && t[ti] == 'o') {
				p += 2;
				ti++;
				continue;
			}
			return 0;
		}
		if (k[p] == 'o' && has_oslash(t, tl, ti)) {
			if (p + 1 < kl && k[p + 1] == 'e' &&
			    (r = match_oslash(k, kl, p + 2, t, tl, ti + 2)))
				return r;
			p++;
			ti += 2;
			continue;
		}
		if (ti < tl && t[ti] == k[p]) {
			p++;
			ti++;
			continue;
		}
		return 0;
	}
	return ti + 1;
}

size_t search_find_folded(const struct search_pattern *pat,
                          const struct search_folded *f,
                          struct search_match **out)
{
	struct search_match *m = NULL;
	size_t n = 0, cap = 0, last_end = 0, i = 0;
	const char *t = f->s;
	size_t tl = f->len;

	*out = NULL;
	if (!pat->len || !t)
		return 0;
	while (i < tl) {
		size_t s, e;

		if (!pat->oslash) {
			const char *h =
			    memmem(t + i, tl - i, pat->key, pat->len);
			if (!h)
				break;
			s = (size_t)(h - t);
			e = s + pat->len;
		} else {
			size_t r;
			char k0 = pat->key[0], c0 = t[i];
			bool ostart =
			    k0 == 'o' || has_oslash(pat->key, pat->len, 0);
			/* A key starting with o or ø starts at a text o or ø;
			 * any other key at its own first byte. */
			if (ostart ? c0 != 'o' && c0 != OSLASH_0 : c0 != k0) {
				const char *nx;
				if (ostart) {
					i++;
					continue;
				}
				nx = memchr(t + i, k0, tl - i);
				if (!nx)
					break;
				i = (size_t)(nx - t);
			}
			r = match_oslash(pat->key, pat->len, 0, t, tl, i);
			if (!r) {
				i++;
				continue;
			}
			s = i;
			e = r - 1;
		}
		size_t os = f->ostart ? f->ostart[s] : s;
		size_t oe = f->oend ? f->oend[e - 1] : e;
		if (os < last_end) {
			/* Starts inside the previous match's cluster (the
			 * second a of an å): not a new match. */
			i = s + 1;
			continue;
		}
		util_grow((void **)&m, &cap, n + 1, sizeof(*m));
		m[n].off = os;
		m[n].len = oe - os;
		n++;
		last_end = oe;
		i = e;
	}
	*out = m;
	return n;
}

size_t search_find_all(const char *text, size_t len, const char *pattern,
                       unsigned mode, struct search_match **out)
{
	struct search_pattern pat;
	struct search_folded f;
	size_t n;

	*out = NULL;
	if (search_compile(&pat, pattern, mode)) {
		search_pattern_free(&pat);
		return 0;
	}
	search_fold(text, len, mode, true, &f);
	n = search_find_folded(&pat, &f, out);
	search_folded_free(&f);
	search_pattern_free(&pat);
	return n;
}

long search_next(const struct search_match *m, size_t n, size_t off,
                 bool forward, bool wrap)
{
	size_t lo = 0, hi = n;

	if (!n)
		return -1;
	/* lo = first match starting at or after off. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (forward) {
		if (lo < n && m[lo].off == off)
			lo++;
		if (lo < n)
			return (long)lo;
		return wrap ? 0 : -1;
	}
	if (lo > 0)
		return (long)(lo - 1);
	return wrap ? (long)(n - 1) : -1;
}

long search_nearest(const struct search_match *m, size_t n, size_t off,
                    bool forward)
{
	long i;

	if (!n)
		return -1;
	if (forward)
		return off ? search_next(m, n, off - 1, true, true) : 0;
	i = search_next(m, n, off, false, false);
	/* A match starting exactly at off is the nearest backwards too. */
	if (i + 1 < (long)n && m[i + 1].off == off)
		return i + 1;
	return i >= 0 ? i : (long)(n - 1);
}

/* ---- keyword in context ------------------------------------------------ */

/* Copies s[0..n) with every white space run as one space and any other
 * control character as U+FFFD, so each grapheme has a display width. */
static char *flatten(const char *s, size_t n)
{
	struct strbuf sb = {0};
	const uint8_t *p = (const uint8_t *)s;

	util_grow((void **)&sb.s, &sb.cap, n + 1, 1);
	sb.s[0] = '\0';
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int l;

		/* Printable ASCII, the space, and the two-byte characters
		 * from U+00C0 (no space or control among them: those below
		 * are C2 xx) each give at most the bytes they take, in
		 * room made once for the rest. */
		if (sb.len + (n - i) + 1 > sb.cap)
			util_grow((void **)&sb.s, &sb.cap, sb.len + (n - i) + 1, 1);
		char *out = sb.s;
		size_t L = sb.len;
		for (;;) {
			/* Eight bytes at a time while they are printable ASCII
			 * or single spaces: copied as they are. */
			if (i + 8 <= n) {
				const uint64_t ones = 0x0101010101010101ULL;
				const uint64_t hi = ones * 0x80, lo7 = ones * 0x7f;
				uint64_t v, x, bad, sp;

				memcpy(&v, p + i, 8);
				/* A byte below the space or from DEL up sets its
				 * top bit in one of the three (a borrow or carry
				 * only spreads from a byte that is flagged). */
				bad = (v | (v - ones * 0x20) | (v + ones)) & hi;
				x = v ^ (ones * 0x20);
				sp = ~(((x & lo7) + lo7) | x) & hi; /* spaces */
				if (!bad && !(sp & (sp << 8)) &&
				    !((sp & 0x80) && L && out[L - 1] == ' ')) {
					memcpy(out + L, p + i, 8);
					L += 8;
					i += 8;
					continue;
				}
			}
			if (i < n && p[i] > ' ' && p[i] < 0x7f) {
				out[L++] = (char)p[i++];
			} else if (i < n && p[i] == ' ') {
				if (!L || out[L - 1] != ' ')
					out[L++] = ' ';
				i++;
			} else if (i + 1 < n && p[i] >= 0xc3 && p[i] <= 0xdf &&
			           (p[i + 1] & 0xc0) == 0x80) {
				out[L++] = (char)p[i++];
				out[L++] = (char)p[i++];
			} else {
				break;
			}
		}
		out[L] = '\0';
		sb.len = L;
		if (i >= n)
			break;
		l = u8_mbtouc(&uc, p + i, n - i);
		if (uc == ' ' || uc_is_property_white_space(uc)) {
			if (!sb.len || sb.s[sb.len - 1] != ' ')
				sb_putc(&sb, ' ');
		} else if (uc < 0x20 || (uc >= 0x7F && uc < 0xA0)) {
			sb_puts(&sb, "\xef\xbf\xbd");
		} else {
			sb_append(&sb, s + i, (size_t)l);
		}
		i += (size_t)l;
	}
	return sb_take(&sb);
}

/* The first character start at or after byte at of b[0..end). */
static const uint8_t *char_at_or_after(const uint8_t *b, size_t at, size_t end)
{
	size_t i = at >= 3 ? at - 3 : 0;

	/* From 3 bytes back, decoding steps over at most one character's
	 * continuation bytes (each decodes as one invalid byte). */
	while (i < at) {
		ucs4_t uc;
		i += (size_t)u8_mbtouc(&uc, b + i, end - i);
	}
	return b + (i < end ? i : end);
}

static void kwic_add(struct search_kwic *kw, size_t ai, const char *text,
                     size_t tlen, size_t off, size_t len)
{
	const uint8_t *b = (const uint8_t *)text, *q;
	struct search_kwic_hit *h;
	size_t ls, re;

	/* Jump SEARCH_KWIC_CONTEXT_BYTES away, then settle on a grapheme
	 * boundary: walking grapheme by grapheme cost more than the search
	 * itself on hit-dense corpora. */
	if (off <= SEARCH_KWIC_CONTEXT_BYTES) {
		ls = 0;
	} else {
		q = char_at_or_after(b, off - SEARCH_KWIC_CONTEXT_BYTES, off);
		/* q may be inside a grapheme; its next boundary is not. */
		if (q < b + off)
			q = u8_grapheme_next(q, b + off);
		ls = (size_t)(q - b);
	}
	if (tlen - (off + len) <= SEARCH_KWIC_CONTEXT_BYTES) {
		re = tlen;
	} else {
		const uint8_t *rs = b + off + len;
		q = char_at_or_after(b, off + len + SEARCH_KWIC_CONTEXT_BYTES,
		                     tlen);
		/* Cut before the grapheme q is in. */
		if (q > rs)
			q = u8_grapheme_prev(q, rs);
		re = (size_t)(q - b);
	}

	util_grow((void **)&kw->hits, &kw->cap, kw->n + 1, sizeof(*kw->hits));
	h = &kw->hits[kw->n++];
	h->article = ai;
	h->off = off;
	h->len = len;
	h->left = flatten(text + ls, off - ls);
	h->hit = flatten(text + off, len);
	h->right = flatten(text + off + len, re - off - len);
}

static int cmp_match(const void *pa, const void *pb)
{
	const struct search_match *a = pa, *b = pb;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	/* At the same start the longer match wins the overlap check. */
	return a->len > b->len ? -1 : a->len < b->len;
}

/* Whether text[off..off+len) neither starts nor ends inside a word: no
 * letter or digit right before it or right after it. */
static bool whole_words(const char *text, size_t len, size_t off, size_t n)
{
	const uint8_t *s = (const uint8_t *)text;
	ucs4_t uc;

	if (off > 0 && u8_prev(&uc, s + off, s) && (uc_is_alpha(uc) || uc_is_digit(uc)))
		return false;
	if (off + n < len && u8_mbtouc(&uc, s + off + n, len - off - n) > 0 &&
	    (uc_is_alpha(uc) || uc_is_digit(uc)))
		return false;
	return true;
}

/* ---- sparse search: folding only around places a match could be ------ */

/* A key of printable ASCII without a space (and without the ø rules, under
 * which o, oe and ø stand for each other) is found without folding the
 * whole text. In a text with no combining mark, no character that folds to
 * nothing, and valid UTF-8, every character of a match is its own cluster
 * and folds to at least one byte of the key: so a match holds the one
 * character its anchor byte (the key byte chosen as rare) comes from, at
 * most j characters before it and len-1-j after it, each at most four
 * bytes. Those characters are found on the raw bytes: the ASCII ones by
 * their byte (either case), the others by what they fold to, asked of the
 * folding itself once per code point. Folding is per cluster, so a stretch
 * that starts and ends at printable ASCII (not white space: a space may be
 * squeezed into the one before) folds to exactly its part of the whole
 * fold; the stretches around the anchors are folded and searched alone.
 * Any other text or key takes the full fold. */

/* What a code point that is not ASCII is to the sparse search. */
enum {
	SPARSE_UNKNOWN, /* not yet asked */
	SPARSE_PLAIN,   /* folds to bytes without the anchor */
	SPARSE_ANCHOR,  /* its fold holds the anchor byte */
	SPARSE_SPLICE,  /* joins or vanishes: the full fold is needed */
};
#define SPARSE_CACHE_N 0x10000

struct sparse {
	unsigned mode;
	unsigned char anchor; /* lower case */
	uint8_t *kind;        /* SPARSE_CACHE_N entries */
	struct search_match *w; /* windows, as off and len */
	size_t wcap;
	struct search_match *m; /* matches so far */
	size_t mcap;
};

/* The key byte least likely in text: rarer letters last in this list,
 * anything not a letter (a digit, punctuation) rarer still. */
static size_t sparse_anchor(const char *key, size_t len)
{
	static const char freq[] = "etaoinsrhldcumfpgwybvkxjqz";
	size_t best = 0;
	int rank = -1;

	for (size_t j = 0; j < len; j++) {
		unsigned char c = (unsigned char)key[j];
		const char *at = c >= 'a' && c <= 'z' ? strchr(freq, c) : NULL;
		int r = at ? (int)(at - freq) : 64;

		if (r > rank) {
			rank = r;
			best = j;
		}
	}
	return best;
}

static bool sparse_key_ok(const struct search_pattern *pat)
{
	if (!pat->len || pat->oslash)
		return false;
	for (size_t j = 0; j < pat->len; j++)
		if ((unsigned char)pat->key[j] <= ' ' ||
		    (unsigned char)pat->key[j] >= 0x7f)
			return false;
	return true;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* The kind of the character uc, p[0..n) (one code point, not ASCII). */
static int sparse_classify(const struct sparse *sp, ucs4_t uc,
                           const uint8_t *p, size_t n)
{
	struct search_folded f;
	int kind = SPARSE_PLAIN;

	if (uc_combining_class(uc) != 0 ||
	    uc_is_property_default_ignorable_code_point(uc))
		return SPARSE_SPLICE;
	search_fold((const char *)p, n, sp->mode, false, &f);
	if (!f.len)
		kind = SPARSE_SPLICE;
	for (size_t k = 0; k < f.len; k++)
		if (ascii_lower((unsigned char)f.s[k]) == sp->anchor)
			kind = kind == SPARSE_PLAIN ? SPARSE_ANCHOR : kind;
	search_folded_free(&f);
	return kind;
}

/* What the ASCII byte b folds to on its own. */
static unsigned char sparse_fold1(unsigned char b, unsigned mode)
{
	if (ascii_space(b))
		return ' ';
	return mode & SEARCH_FOLD_CASE ? ascii_lower(b) : b;
}

/* Whether the ASCII character at i can be key byte j of a match, by it
 * and its neighbours: each is a character of its own (the text has no
 * combining mark, or the full fold is taken), so an ASCII neighbour must
 * fold to the key byte beside j; one that is not ASCII may fold to
 * anything. */
static bool sparse_ascii_fits(const struct search_pattern *pat, unsigned mode,
                              const uint8_t *p, size_t len, size_t i,
                              size_t j)
{
	const unsigned char *k = (const unsigned char *)pat->key;

	if (sparse_fold1(p[i], mode) != k[j])
		return false;
	if (j + 1 < pat->len &&
	    (i + 1 >= len ||
	     (p[i + 1] < 0x80 && sparse_fold1(p[i + 1], mode) != k[j + 1])))
		return false;
	if (j > 0 &&
	    (i == 0 || (p[i - 1] < 0x80 && sparse_fold1(p[i - 1], mode) != k[j - 1])))
		return false;
	return true;
}

/* Whether a stretch may start or end at b: printable ASCII. */
static bool sparse_cut(const uint8_t *p, size_t len, size_t b)
{
	return b == 0 || b >= len || (p[b] > ' ' && p[b] < 0x7f);
}

/* Adds the window around an anchor character at q (of ql bytes), merged
 * with the one before when they touch. */
static void sparse_window(struct sparse *sp, size_t *nw, const uint8_t *p,
                          size_t len, size_t q, size_t ql, size_t j,
                          size_t klen)
{
	size_t lo = q > 4 * j ? q - 4 * j : 0;
	size_t hi = q + ql + 4 * (klen - 1 - j);

	if (hi > len)
		hi = len;
	while (!sparse_cut(p, len, lo))
		lo--;
	while (!sparse_cut(p, len, hi))
		hi++;
	if (*nw && sp->w[*nw - 1].off + sp->w[*nw - 1].len >= lo) {
		struct search_match *w = &sp->w[*nw - 1];
		if (hi > w->off + w->len)
			w->len = hi - w->off;
		return;
	}
	util_grow((void **)&sp->w, &sp->wcap, *nw + 1, sizeof(*sp->w));
	sp->w[(*nw)++] = (struct search_match){lo, hi - lo};
}

/* The matches of pat in text as search_find_folded finds them in its full
 * fold, into sp->m; false (and nothing found) when the key or the text
 * needs the full fold. */
static bool sparse_find(struct sparse *sp, struct folder *fo,
                        const struct search_pattern *pat, unsigned mode,
                        const char *text, size_t len, size_t *nout)
{
	const uint8_t *p = (const uint8_t *)text;
	size_t j, nw = 0, n = 0;
	unsigned char a;
	uint64_t ones = 0x0101010101010101ULL, av;

	*nout = 0;
	if (!sparse_key_ok(pat))
		return false;
	j = sparse_anchor(pat->key, pat->len);
	a = ascii_lower((unsigned char)pat->key[j]);
	if (!sp->kind || sp->mode != mode || sp->anchor != a) {
		if (!sp->kind)
			sp->kind = util_xmalloc(SPARSE_CACHE_N);
		memset(sp->kind, SPARSE_UNKNOWN, SPARSE_CACHE_N);
		sp->mode = mode;
		sp->anchor = a;
	}
	/* Either case of a letter is the byte with 0x20 set; other bytes
	 * that give a with it set only make needless windows. */
	av = ones * (a | 0x20);
	for (size_t i = 0; i < len;) {
		uint64_t v;

		/* Eight bytes at a time past those neither the anchor nor
		 * part of a character that is not ASCII, then straight to the
		 * first that is (the lowest flag is exact: a borrow only
		 * spreads upwards from a flagged byte). */
		while (i + 8 <= len) {
			memcpy(&v, p + i, 8);
			uint64_t x = (v | ones * 0x20) ^ av;
			uint64_t zero = (x - ones) & ~x & ones * 0x80;
			uint64_t flag = (v & ones * 0x80) | zero;
			if (flag) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				i += (size_t)__builtin_ctzll(flag) / 8;
#endif
				break;
			}
			i += 8;
		}
		if (i >= len)
			break;
		unsigned char c = p[i];
		if (c < 0x80) {
			if ((c | 0x20) == (a | 0x20) &&
			    sparse_ascii_fits(pat, mode, p, len, i, j))
				sparse_window(sp, &nw, p, len, i, 1, j, pat->len);
			i++;
			continue;
		}
		ucs4_t uc;
		int l = u8_mbtoucr(&uc, p + i, len - i);
		int kind;

		if (l <= 0)
			return false;
		if (uc < SPARSE_CACHE_N) {
			kind = sp->kind[uc];
			if (kind == SPARSE_UNKNOWN)
				kind = sp->kind[uc] = (uint8_t)sparse_classify(
				    sp, uc, p + i, (size_t)l);
		} else {
			kind = sparse_classify(sp, uc, p + i, (size_t)l);
		}
		if (kind == SPARSE_SPLICE)
			return false;
		if (kind == SPARSE_ANCHOR)
			sparse_window(sp, &nw, p, len, i, (size_t)l, j, pat->len);
		i += (size_t)l;
	}
	for (size_t k = 0; k < nw; k++) {
		struct search_match *m;
		size_t off = sp->w[k].off, nm;

		fold_reuse(fo, text + off, sp->w[k].len, mode);
		nm = search_find_folded(pat, fo->f, &m);
		util_grow((void **)&sp->m, &sp->mcap, n + nm, sizeof(*sp->m));
		for (size_t t = 0; t < nm; t++)
			sp->m[n++] = (struct search_match){m[t].off + off, m[t].len};
		free(m);
	}
	*nout = n;
	return true;
}

/* What one thread needs to search text after text: the folded text's
 * buffers and the fold cache, reused (see fold_reuse). Initialised in
 * place: fo points at f. */
struct scanner {
	struct search_folded f;
	struct folder fo;
	struct sparse sp;
	struct search_match *all;
	size_t acap;
};

static void scanner_init(struct scanner *s)
{
	*s = (struct scanner){0};
	s->fo = (struct folder){
	    .f = &s->f,
	    .map = true,
	    .cache = util_xcalloc(FOLD_CACHE_N, sizeof(*s->fo.cache)),
	};
}

static void scanner_free(struct scanner *s)
{
	free(s->all);
	search_folded_free(&s->f);
	free(s->fo.cache);
	free(s->sp.kind);
	free(s->sp.w);
	free(s->sp.m);
}

/* Adds to out the hits of the patterns in one text, as article ai. */
static void scan_text(struct scanner *s, const struct search_pattern *pats,
                      size_t np, unsigned mode, size_t ai, const char *text,
                      size_t len, struct search_kwic *out)
{
	size_t na = 0, last_end = 0;

	/* One key may not need the whole text folded; more are folded
	 * once for all of them. */
	if (np == 1 && sparse_find(&s->sp, &s->fo, pats, mode, text, len, &na)) {
		util_grow((void **)&s->all, &s->acap, na, sizeof(*s->all));
		if (na)
			memcpy(s->all, s->sp.m, na * sizeof(*s->all));
		np = 0;
	} else {
		fold_reuse(&s->fo, text, len, mode);
	}
	for (size_t k = 0; k < np; k++) {
		struct search_match *m;
		size_t nm = search_find_folded(&pats[k], &s->f, &m);
		util_grow((void **)&s->all, &s->acap, na + nm, sizeof(*s->all));
		if (nm)
			memcpy(s->all + na, m, nm * sizeof(*m));
		na += nm;
		free(m);
	}
	if (np > 1)
		util_qsort(s->all, na, sizeof(*s->all), cmp_match);
	for (size_t k = 0; k < na; k++) {
		/* Variants overlap ("Huawei", "Huawei Technologies"): keep
		 * one hit per stretch of text. */
		if (k && s->all[k].off < last_end)
			continue;
		if ((mode & SEARCH_WHOLE_WORDS) &&
		    !whole_words(text, len, s->all[k].off, s->all[k].len))
			continue;
		kwic_add(out, ai, text, len, s->all[k].off, s->all[k].len);
		last_end = s->all[k].off + s->all[k].len;
	}
}

/* One thread's share of a corpus-wide search: articles [from, to), or
 * arts[from..to) when there is a list of them. */
struct kwic_job {
	const struct corpus *c;
	const struct search_pattern *pats;
	size_t np;
	unsigned mode;
	const uint32_t *arts;
	size_t from, to;
	const atomic_bool *cancel; /* or NULL: stop between articles */
	struct search_kwic out;
};

/* The job's articles with scanner s; false if cancelled before the end. */
static bool kwic_scan_job(struct scanner *s, struct kwic_job *j)
{
	for (size_t i = j->from; i < j->to; i++) {
		size_t ai = j->arts ? j->arts[i] : i;
		struct corpus_text t;

		if (j->cancel &&
		    atomic_load_explicit(j->cancel, memory_order_acquire))
			return false;
		/* The interface holds no texts: each is lent (from the
		 * spill file) for the look at it. */
		if (corpus_text_get(j->c, ai, &t) == 0)
			scan_text(s, j->pats, j->np, j->mode, ai, t.text, t.len, &j->out);
		corpus_text_put(&t);
	}
	return true;
}

/* Compiles the patterns that are not empty into *pats; returns how many. */
static size_t kwic_compile(const char *const *patterns, size_t npatterns,
                           unsigned mode, struct search_pattern **pats)
{
	size_t np = 0;

	*pats = util_xcalloc(npatterns ? npatterns : 1, sizeof(**pats));
	for (size_t i = 0; i < npatterns; i++) {
		if (search_compile(&(*pats)[np], patterns[i], mode))
			search_pattern_free(&(*pats)[np]);
		else
			np++;
	}
	return np;
}

static void kwic_patterns_free(struct search_pattern *pats, size_t np)
{
	for (size_t i = 0; i < np; i++)
		search_pattern_free(&pats[i]);
	free(pats);
}

/* ---- the concordance found behind the screen ------------------------- */

/* The articles are cut into chunks that the search's threads take in
 * turn, each thread the next chunk no one has; a chunk's hits are
 * published once every chunk before it is, so they come in corpus order.
 * A chunk is small, so the first screenful is in at once and no thread
 * waits long for another at the end. */
#define KWIC_STREAM_CHUNK 64
enum { KWIC_STREAM_MAX_THREADS = 8 };

struct search_kwic_stream {
	/* Set before the threads start, read only after: */
	const struct corpus *c;
	struct search_pattern *pats; /* owned */
	size_t np;
	unsigned mode;
	uint32_t *arts; /* owned; NULL: every article */
	size_t narts, nchunks;
	struct search_kwic_stream_hooks hooks;
	pthread_t tid[KWIC_STREAM_MAX_THREADS];
	bool started[KWIC_STREAM_MAX_THREADS];
	size_t nthreads;
	atomic_bool cancel; /* set by the caller or a pause; read by all */
	atomic_size_t next; /* the next chunk no thread has taken */
	/* Under lock; written by the threads, taken by the caller: */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct kwic_chunk {
		bool found;
		struct search_kwic hits;
	} *chunks;                /* owned; hits published are moved out */
	size_t published;         /* chunks published, in order */
	size_t running;           /* threads not finished */
	struct search_kwic ready; /* published and not taken yet */
	size_t done;              /* articles searched, in order */
	bool complete;
};

static bool kwic_stream_cancelled(struct search_kwic_stream *st)
{
	return atomic_load_explicit(&st->cancel, memory_order_acquire);
}

/* Under st->lock: the found chunks at the front go to ready. */
static void kwic_stream_publish(struct search_kwic_stream *st)
{
	while (st->published < st->nchunks && st->chunks[st->published].found) {
		struct search_kwic *h = &st->chunks[st->published].hits;

		util_grow((void **)&st->ready.hits, &st->ready.cap,
		          st->ready.n + h->n, sizeof(*h->hits));
		if (h->n)
			memcpy(st->ready.hits + st->ready.n, h->hits,
			       h->n * sizeof(*h->hits));
		st->ready.n += h->n;
		free(h->hits);
		*h = (struct search_kwic){0};
		st->published++;
	}
	st->done = st->published * KWIC_STREAM_CHUNK < st->narts ?
	               st->published * KWIC_STREAM_CHUNK : st->narts;
}

static void *kwic_stream_worker(void *arg)
{
	struct search_kwic_stream *st = arg;
	struct scanner s;

	scanner_init(&s);
	for (;;) {
		size_t k = atomic_fetch_add_explicit(&st->next, 1,
		                                     memory_order_relaxed);
		struct kwic_job j = {
		    .c = st->c,
		    .pats = st->pats,
		    .np = st->np,
		    .mode = st->mode,
		    .arts = st->arts,
		    .from = k * KWIC_STREAM_CHUNK,
		    .cancel = &st->cancel,
		    .out = {.c = st->c},
		};
		bool whole;

		if (k >= st->nchunks || kwic_stream_cancelled(st))
			break;
		j.to = j.from + KWIC_STREAM_CHUNK < st->narts ?
		           j.from + KWIC_STREAM_CHUNK : st->narts;
		whole = kwic_scan_job(&s, &j);
		if (!whole) {
			/* Cut short: the chunk's hits are not all there. */
			search_kwic_free(&j.out);
			break;
		}
		pthread_mutex_lock(&st->lock);
		st->chunks[k].hits = j.out;
		st->chunks[k].found = true;
		kwic_stream_publish(st);
		pthread_cond_broadcast(&st->cond);
		pthread_mutex_unlock(&st->lock);
		if (k + 1 < st->nchunks && st->hooks.pause &&
		    st->hooks.pause(st->hooks.ctx)) {
			atomic_store_explicit(&st->cancel, true,
			                      memory_order_release);
			break;
		}
	}
	scanner_free(&s);
	pthread_mutex_lock(&st->lock);
	if (--st->running == 0) {
		/* Cancelled, or every chunk published. */
		st->complete = true;
		pthread_cond_broadcast(&st->cond);
	}
	pthread_mutex_unlock(&st->lock);
	return NULL;
}

struct search_kwic_stream *
search_kwic_stream_start(const struct corpus *c, const char *const *patterns,
                         size_t npatterns, unsigned mode, const uint32_t *arts,
                         size_t narts,
                         const struct search_kwic_stream_hooks *hooks)
{
	struct search_kwic_stream *st = util_xcalloc(1, sizeof(*st));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	st->c = c;
	st->mode = mode;
	st->ready.c = c;
	st->np = kwic_compile(patterns, npatterns, mode, &st->pats);
	if (hooks)
		st->hooks = *hooks;
	atomic_init(&st->cancel, false);
	atomic_init(&st->next, 0);
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->cond, NULL);
	/* As search_kwic_among: a list out of order searches everything. */
	for (size_t i = 0; arts && c && i < narts; i++)
		if (arts[i] >= c->n || (i && arts[i] <= arts[i - 1]))
			arts = NULL;
	if (arts && narts) {
		st->arts = util_xcalloc(narts, sizeof(*st->arts));
		memcpy(st->arts, arts, narts * sizeof(*arts));
		st->narts = narts;
	} else if (!arts) {
		st->narts = c ? c->n : 0;
	}
	if (!st->np || !c)
		st->narts = 0;
	st->nchunks = (st->narts + KWIC_STREAM_CHUNK - 1) / KWIC_STREAM_CHUNK;
	st->chunks = util_xcalloc(st->nchunks ? st->nchunks : 1,
	                          sizeof(*st->chunks));
	st->nthreads = cpus > 1 ? (size_t)cpus : 1;
	if (st->nthreads > KWIC_STREAM_MAX_THREADS)
		st->nthreads = KWIC_STREAM_MAX_THREADS;
	if (st->nthreads > st->nchunks)
		st->nthreads = st->nchunks ? st->nchunks : 1;
	st->running = st->nthreads;
	for (size_t t = 0; t < st->nthreads; t++) {
		st->started[t] =
		    util_thread_start(&st->tid[t], kwic_stream_worker, st) == 0;
		if (!st->started[t])
			kwic_stream_worker(st); /* no thread: do it here */
	}
	return st;
}

bool search_kwic_stream_take(struct search_kwic_stream *st,
                             struct search_kwic *kw, size_t *done,
                             size_t *total)
{
	bool complete;

	pthread_mutex_lock(&st->lock);
	if (!kw->c)
		kw->c = st->c;
	util_grow((void **)&kw->hits, &kw->cap, kw->n + st->ready.n,
	          sizeof(*kw->hits));
	if (st->ready.n)
		memcpy(kw->hits + kw->n, st->ready.hits,
		       st->ready.n * sizeof(*kw->hits));
	kw->n += st->ready.n;
	st->ready.n = 0;
	if (done)
		*done = st->done;
	complete = st->complete;
	pthread_mutex_unlock(&st->lock);
	if (total)
		*total = st->narts;
	return complete;
}

void search_kwic_stream_wait(struct search_kwic_stream *st, bool all)
{
	pthread_mutex_lock(&st->lock);
	while (!st->complete && (all || !st->done))
		pthread_cond_wait(&st->cond, &st->lock);
	pthread_mutex_unlock(&st->lock);
}

void search_kwic_stream_free(struct search_kwic_stream *st)
{
	if (!st)
		return;
	atomic_store_explicit(&st->cancel, true, memory_order_release);
	for (size_t t = 0; t < st->nthreads; t++)
		if (st->started[t])
			pthread_join(st->tid[t], NULL);
	for (size_t k = 0; k < st->nchunks; k++)
		search_kwic_free(&st->chunks[k].hits);
	free(st->chunks);
	search_kwic_free(&st->ready);
	kwic_patterns_free(st->pats, st->np);
	free(st->arts);
	pthread_cond_destroy(&st->cond);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

/* The one-shot concordance is the stream, waited for: one way of cutting
 * the work over threads and putting the hits back in corpus order. */
static size_t kwic_run(const struct corpus *c, const char *const *patterns,
                       size_t npatterns, unsigned mode, const uint32_t *arts,
                       size_t narts, struct search_kwic *kw)
{
	struct search_kwic_stream *st =
	    search_kwic_stream_start(c, patterns, npatterns, mode, arts, narts, NULL);

	*kw = (struct search_kwic){.c = c};
	search_kwic_stream_wait(st, true);
	search_kwic_stream_take(st, kw, NULL, NULL);
	search_kwic_stream_free(st);
	return kw->n;
}

size_t search_kwic_any(const struct corpus *c, const char *const *patterns,
                       size_t npatterns, unsigned mode, struct search_kwic *kw)
{
	return kwic_run(c, patterns, npatterns, mode, NULL, c ? c->n : 0, kw);
}

size_t search_kwic_among(const struct corpus *c, const char *const *patterns,
                         size_t npatterns, unsigned mode, const uint32_t *arts,
                         size_t narts, struct search_kwic *kw)
{
	return kwic_run(c, patterns, npatterns, mode, arts, narts, kw);
}

size_t search_kwic(const struct corpus *c, const char *pattern, unsigned mode,
                   struct search_kwic *kw)
{
	return search_kwic_any(c, &pattern, 1, mode, kw);
}

void search_kwic_free(struct search_kwic *kw)
{
	for (size_t i = 0; i < kw->n; i++) {
		free(kw->hits[i].left);
		free(kw->hits[i].hit);
		free(kw->hits[i].right);
	}
	free(kw->hits);
	*kw = (struct search_kwic){0};
}

/* Sorting by context looks at this many words next to the hit (AntConc's
 * 1L..4L / 1R..4R levels), found in this many bytes next to the hit:
 * breaking and collating the whole context made sorting 100,000 hits
 * slower than finding them. */
#define KWIC_SORT_WORDS 4
#define KWIC_SORT_WINDOW 96

/* Words of the context next to the hit (libunistring word boundaries; a
 * word has a letter or digit) as collation keys joined by \1, nearest
 * word first: leftwards for the left context (reverse). */
static char *words_key(const char *ctx, bool reverse)
{
	size_t n = strlen(ctx), nw = 0, cap = 0;
	const char *s = ctx;
	char *brk;
	struct {
		size_t a, b;
	} *w = NULL;
	struct strbuf sb = {0};
	const uint8_t *p;

	if (n > KWIC_SORT_WINDOW) {
		const uint8_t *b = (const uint8_t *)ctx;
		/* Cut at a character start; a word cut in two there is
		 * beyond the words that count, or nearly so. */
		if (reverse)
			s = (const char *)char_at_or_after(
			    b, n - KWIC_SORT_WINDOW, n);
		n = reverse ? n - (size_t)(s - ctx)
		            : (size_t)((const char *)char_at_or_after(
		                           b, KWIC_SORT_WINDOW, n) -
		                       ctx);
	}
	brk = util_xmalloc(n + 1);
	p = (const uint8_t *)s;

	u8_wordbreaks(p, n, brk);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		bool word = false;
		while (j < n && !brk[j])
			j++;
		for (size_t k = i; k < j;) {
			ucs4_t uc;
			k += (size_t)u8_mbtouc(&uc, p + k, j - k);
			if (uc_is_alnum(uc))
				word = true;
		}
		if (word) {
			util_grow((void **)&w, &cap, nw + 1, sizeof(*w));
			w[nw].a = i;
			w[nw].b = j;
			nw++;
		}
		i = j;
	}
	sb_append(&sb, "", 0);
	for (size_t k = 0; k < nw && k < KWIC_SORT_WORDS; k++) {
		size_t x = reverse ? nw - 1 - k : k;
		char *key = search_collate_key(s + w[x].a, w[x].b - w[x].a);
		sb_puts(&sb, key);
		sb_putc(&sb, '\1');
		free(key);
	}
	free(w);
	free(brk);
	return sb_take(&sb);
}

struct kwic_sortent {
	struct search_kwic_hit hit;
	char *k1, *k2;
};

static int cmp_pos(const struct search_kwic_hit *a,
                   const struct search_kwic_hit *b)
{
	if (a->article != b->article)
		return a->article < b->article ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return 0;
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	/* Empty sorts last: an undated article after the dated ones. */
	if (!*a != !*b)
		return *a ? -1 : 1;
	return strcmp(a, b);
}

static int cmp_sortent(const void *pa, const void *pb)
{
	const struct kwic_sortent *a = pa, *b = pb;
	int r = cmp_str(a->k1, b->k1);

	if (!r)
		r = cmp_str(a->k2, b->k2);
	return r ? r : cmp_pos(&a->hit, &b->hit);
}

void search_kwic_sort(struct search_kwic *kw, enum search_kwic_key key)
{
	struct kwic_sortent *e;

	if (kw->n < 2)
		return;
	e = util_xcalloc(kw->n, sizeof(*e));
	for (size_t i = 0; i < kw->n; i++) {
		const struct article *a =
		    kw->c && kw->hits[i].article < kw->c->n
		        ? &kw->c->articles[kw->hits[i].article]
		        : NULL;
		const char *src = a && a->source ? a->source : "";
		const char *date = a && a->date ? a->date : "";

		e[i].hit = kw->hits[i];
		switch (key) {
		case SEARCH_KWIC_SOURCE:
			e[i].k1 = search_collate_key(src, strlen(src));
			e[i].k2 = util_xstrdup(date);
			break;
		case SEARCH_KWIC_DATE:
			e[i].k1 = util_xstrdup(date);
			e[i].k2 = search_collate_key(src, strlen(src));
			break;
		case SEARCH_KWIC_LEFT:
			e[i].k1 = words_key(kw->hits[i].left, true);
			break;
		case SEARCH_KWIC_RIGHT:
			e[i].k1 = words_key(kw->hits[i].right, false);
			break;
		case SEARCH_KWIC_POSITION:
			break;
		}
	}
	util_qsort(e, kw->n, sizeof(*e), cmp_sortent);
	for (size_t i = 0; i < kw->n; i++) {
		kw->hits[i] = e[i].hit;
		free(e[i].k1);
		free(e[i].k2);
	}
	free(e);
}

static int grapheme_width(const uint8_t *g, size_t n)
{
	int w = u8_width(g, n, "UTF-8");

	return w < 0 ? 1 : w;
}

static void pad(struct strbuf *sb, int n)
{
	for (int i = 0; i < n; i++)
		sb_putc(sb, ' ');
}

/* Appends the longest prefix of s[0..n) (whole graphemes) that fits in
 * cols. Returns the columns used. */
static int put_head(struct strbuf *sb, const char *s, size_t n, int cols)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n, *q = p;
	int used = 0;

	while (q < end) {
		/* Printable ASCII before ASCII (or the end) is a grapheme of
		 * its own, one column wide: only CR LF joins two ASCII
		 * characters, and the text is flattened (no controls). */
		if (*q >= 0x20 && *q < 0x7f && (q + 1 == end || q[1] < 0x80)) {
			if (used + 1 > cols)
				break;
			used++;
			q++;
			continue;
		}
		const uint8_t *nx = u8_grapheme_next(q, end);
		int w = grapheme_width(q, (size_t)(nx - q));
		if (used + w > cols)
			break;
		used += w;
		q = nx;
	}
	sb_append(sb, s, (size_t)(q - p));
	return used;
}

char *search_fit_width(const char *s, size_t n, int cols)
{
	struct strbuf sb = {0};
	char *flat = flatten(s, n);

	if (cols < 0)
		cols = 0;
	sb_append(&sb, "", 0);
	pad(&sb, cols - put_head(&sb, flat, strlen(flat), cols));
	free(flat);
	return sb_take(&sb);
}

/* Appends the longest suffix of s[0..n) (whole graphemes) that fits in
 * cols. Returns the columns used. */
static int put_tail(struct strbuf *sb, const char *s, size_t n, int cols)
{
	const uint8_t *b = (const uint8_t *)s, *q = b + n;
	int used = 0;

	while (q > b) {
		/* Printable ASCII after ASCII (or the start), ending at a
		 * boundary, is a grapheme of its own: nothing joins ASCII to
		 * what follows but a Prepend character, and none is ASCII. */
		if (q[-1] >= 0x20 && q[-1] < 0x7f && (q - 1 == b || q[-2] < 0x80)) {
			if (used + 1 > cols)
				break;
			used++;
			q--;
			continue;
		}
		const uint8_t *pv = u8_grapheme_prev(q, b);
		int w = grapheme_width(pv, (size_t)(q - pv));
		if (used + w > cols)
			break;
		used += w;
		q = pv;
	}
	sb_append(sb, (const char *)q, (size_t)(b + n - q));
	return used;
}

char *search_kwic_format_line(const struct search_kwic_hit *hit, int left_cols,
                              int right_cols, size_t *hit_off, size_t *hit_len)
{
	struct strbuf sb = {0}, left = {0};
	size_t hs;
	int used;

	if (left_cols < 0)
		left_cols = 0;
	if (right_cols < 0)
		right_cols = 0;
	sb_append(&sb, "", 0);
	used = put_tail(&left, hit->left, strlen(hit->left), left_cols);
	pad(&sb, left_cols - used);
	sb_append(&sb, left.s ? left.s : "", left.len);
	sb_free(&left);
	hs = sb.len;
	used = put_head(&sb, hit->hit, strlen(hit->hit), right_cols);
	if (hit_off)
		*hit_off = hs;
	if (hit_len)
		*hit_len = sb.len - hs;
	used +=
	    put_head(&sb, hit->right, strlen(hit->right), right_cols - used);
	pad(&sb, right_cols - used);
	return sb_take(&sb);
}

/* ---- kilde --grep ------------------------------------------------------ */

/* s with tabs and line ends as spaces: a TSV field. */
static void sb_tsv(struct strbuf *sb, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\t\n\r");

		sb_append(sb, s, n);
		s += n;
		if (*s) {
			sb_putc(sb, ' ');
			s++;
		}
	}
}

static int str_width(const char *s)
{
	char *flat = flatten(s, strlen(s));
	int w = u8_width((const uint8_t *)flat, strlen(flat), "UTF-8");

	free(flat);
	return w < 0 ? 0 : w;
}

/* Context for TSV: at most this many columns on each side. */
#define GREP_TSV_CONTEXT_COLS 60
#define GREP_TSV_HEAD "file\tsource\tdate\toffset\tleft\thit\tright\n"

static unsigned grep_mode(const struct search_grep_options *opt)
{
	return opt && opt->exact ? SEARCH_MODE_EXACT : SEARCH_MODE_DEFAULT;
}

/* One hit of article a as a --tsv line, added to sb. */
static void grep_tsv_line(struct strbuf *sb, const struct article *a,
                          const struct search_kwic_hit *h)
{
	sb_tsv(sb, a->file);
	sb_putc(sb, '\t');
	sb_tsv(sb, a->source ? a->source : "");
	/* By hand, not sb_printf: a line per hit, and the format's parsing
	 * cost more than the rest of the line's fields. */
	char num[24];
	size_t k = sizeof(num);
	size_t off = h->off;

	do
		num[--k] = (char)('0' + off % 10);
	while (off /= 10);
	sb_putc(sb, '\t');
	sb_puts(sb, a->date ? a->date : "");
	sb_putc(sb, '\t');
	sb_append(sb, num + k, sizeof(num) - k);
	sb_putc(sb, '\t');
	/* The context is flattened: white space is a space, so it goes to
	 * the line as it is, no field cleaning. */
	put_tail(sb, h->left, strlen(h->left), GREP_TSV_CONTEXT_COLS);
	sb_putc(sb, '\t');
	sb_puts(sb, h->hit);
	sb_putc(sb, '\t');
	put_head(sb, h->right, strlen(h->right), GREP_TSV_CONTEXT_COLS);
	sb_putc(sb, '\n');
}

/* The columns of the aligned output: the source's (sw, the widest source
 * of an article with hits, at most a fifth of the width), then the left
 * and right context's. */
struct grep_cols {
	int sw, lc, rc;
};

static struct grep_cols grep_cols(const struct search_grep_options *opt,
                                  int widest)
{
	int width = opt && opt->width > 0 ? opt->width : 80;
	struct grep_cols gc;
	int rest;

	if (width < 30)
		width = 30;
	gc.sw = widest > width / 5 ? width / 5 : widest;
	rest = width - gc.sw - 2;
	gc.lc = rest / 2;
	gc.rc = rest - gc.lc;
	return gc;
}

static void grep_plain_line(FILE *out, const struct grep_cols *gc,
                            const char *src, const struct search_kwic_hit *h)
{
	char *col = search_fit_width(src, strlen(src), gc->sw);
	char *line = search_kwic_format_line(h, gc->lc, gc->rc, NULL, NULL);
	size_t e = strlen(line);

	while (e && line[e - 1] == ' ')
		e--;
	fprintf(out, "%s  %.*s\n", col, (int)e, line);
	free(col);
	free(line);
}

/* Prints the hits of kw (in corpus order) as --grep does, and frees them. */
static size_t grep_print_hits(const struct corpus *c, struct search_kwic *hits,
                              const struct search_grep_options *opt, FILE *out)
{
	struct search_kwic kw = *hits;
	size_t n = kw.n;
	int widest = 0;
	struct grep_cols gc;

	*hits = (struct search_kwic){0};
	if (opt && opt->tsv) {
		struct strbuf sb = {0};

		fputs(GREP_TSV_HEAD, out);
		for (size_t i = 0; i < n; i++) {
			sb.len = 0;
			grep_tsv_line(&sb, &c->articles[kw.hits[i].article],
			              &kw.hits[i]);
			fwrite(sb.s, 1, sb.len, out);
		}
		sb_free(&sb);
		search_kwic_free(&kw);
		return n;
	}
	for (size_t i = 0; i < n; i++) {
		const struct article *a = &c->articles[kw.hits[i].article];
		int w = str_width(a->source ? a->source : "");
		if (w > widest)
			widest = w;
	}
	gc = grep_cols(opt, widest);
	for (size_t i = 0; i < n; i++) {
		const struct article *a = &c->articles[kw.hits[i].article];
		grep_plain_line(out, &gc, a->source ? a->source : "", &kw.hits[i]);
	}
	search_kwic_free(&kw);
	return n;
}

size_t search_grep_print(const struct corpus *c, const char *pattern,
                         const struct search_grep_options *opt, FILE *out)
{
	struct search_kwic kw;

	search_kwic(c, pattern, grep_mode(opt), &kw);
	return grep_print_hits(c, &kw, opt, out);
}

/* --grep while the files are read: each loading thread searches the texts
 * it reads with its own scanner, and once a file is read (corpus_scan.done)
 * turns its hits into output. The files are read in the corpus's order, so
 * a file's output waits only for the few before it that other threads are
 * still reading: the thread that finishes the next file in order prints
 * everything that is then ready. --tsv goes to the output as it comes; the
 * aligned output needs the widest source of all before its first line, so
 * it goes to an unnamed temporary file (records of source, left, hit and
 * right, each ending in a NUL: the clean text holds none) and is printed
 * from there at the end. Memory holds a few files' output, not the hits. */
struct grep_stream {
	struct search_pattern pat;
	bool ok; /* the pattern compiled */
	bool tsv;
	unsigned mode;
	struct grepscan_key *key; /* the prefilter's pieces of pat */
	FILE *out;                /* stdout, or the temporary file */
	bool failed;              /* no temporary file */

	pthread_mutex_t lock;     /* guards the fields below */
	struct grep_ready {
		char *s; /* owned; NULL for no output */
		size_t len;
		bool done;
	} *ready;                 /* by rank */
	size_t nready, next;      /* next: the first rank not yet printed */
	size_t nhits;
	int widest;               /* the widest source of an article with hits */

	struct grep_worker {
		bool started;
		struct scanner s;
		struct grepscan *pre;
		struct search_kwic hits;  /* the file being read's */
	} w[CORPUS_MAX_WORKERS];
};

static void grep_start(struct grep_stream *g, struct grep_worker *w)
{
	if (w->started)
		return;
	scanner_init(&w->s);
	w->pre = grepscan_new(g->key);
	w->started = true;
}

/* Files that cannot match are not decoded: see grepscan.h. */
static bool grep_wanted(void *ctx, unsigned worker, const uint8_t *buf,
                        size_t len)
{
	struct grep_stream *g = ctx;
	struct grep_worker *w = &g->w[worker];

	if (!g->ok)
		return false;
	grep_start(g, w);
	return grepscan_may_match(w->pre, buf, len);
}

/* Returns whether a's date is wanted: it has hits, and the output is
 * --tsv (the aligned output prints no date). */
static bool grep_each(void *ctx, unsigned worker, const struct article *a)
{
	struct grep_stream *g = ctx;
	struct grep_worker *w = &g->w[worker];

	if (!g->ok || !a->text)
		return false;
	grep_start(g, w);
	scan_text(&w->s, &g->pat, 1, g->mode, 0, a->text, a->len, &w->hits);
	return g->tsv && w->hits.n > 0;
}

static void grep_nfiles(void *ctx, size_t nfiles)
{
	struct grep_stream *g = ctx;

	g->ready = util_xcalloc(nfiles ? nfiles : 1, sizeof(*g->ready));
	g->nready = nfiles;
}

/* File rank is read: its output joins the queue, and whatever is ready in
 * order is printed. */
static void grep_done(void *ctx, unsigned worker, size_t rank,
                      const struct article *a)
{
	struct grep_stream *g = ctx;
	struct grep_worker *w = &g->w[worker];
	struct strbuf sb = {0};
	size_t n = w->hits.n;
	int width = 0;

	if (a && n) {
		const char *src = a->source ? a->source : "";
		for (size_t i = 0; i < n; i++) {
			const struct search_kwic_hit *h = &w->hits.hits[i];
			if (g->tsv) {
				grep_tsv_line(&sb, a, h);
				continue;
			}
			sb_append(&sb, src, strlen(src) + 1);
			sb_append(&sb, h->left, strlen(h->left) + 1);
			sb_append(&sb, h->hit, strlen(h->hit) + 1);
			sb_append(&sb, h->right, strlen(h->right) + 1);
		}
		if (!g->tsv)
			width = str_width(src);
	}
	/* The hits are printed or spilled: the texts are gone anyway. */
	for (size_t i = 0; i < n; i++) {
		free(w->hits.hits[i].left);
		free(w->hits.hits[i].hit);
		free(w->hits.hits[i].right);
	}
	w->hits.n = 0;

	pthread_mutex_lock(&g->lock);
	g->ready[rank] = (struct grep_ready){sb.s, sb.len, true};
	g->nhits += a ? n : 0;
	if (width > g->widest)
		g->widest = width;
	while (g->next < g->nready && g->ready[g->next].done) {
		struct grep_ready *r = &g->ready[g->next++];
		if (r->len && g->out &&
		    fwrite(r->s, 1, r->len, g->out) != r->len)
			g->failed = true;
		free(r->s);
		r->s = NULL;
	}
	pthread_mutex_unlock(&g->lock);
}

/* An unnamed temporary file in $TMPDIR (else /tmp), for the aligned
 * output; NULL if none can be made. */
static FILE *grep_tmpfile(void)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path = {0};
	FILE *f;
	int fd = -1;

	if (!dir || !*dir)
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd < 0) {
		sb_printf(&path, "%s/kilde-grep.XXXXXX", dir);
		fd = mkstemp(path.s);
		if (fd >= 0)
			unlink(path.s);
		sb_free(&path);
	}
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w+");
	if (!f)
		close(fd);
	return f;
}

/* The aligned output from the temporary file's records. */
static void grep_print_spilled(FILE *spill, const struct grep_cols *gc,
                               FILE *out)
{
	char *f[4] = {0};
	size_t cap[4] = {0};

	rewind(spill);
	for (;;) {
		struct search_kwic_hit h = {0};
		int k;

		for (k = 0; k < 4; k++)
			if (getdelim(&f[k], &cap[k], '\0', spill) < 0)
				break;
		if (k < 4)
			break;
		h.left = f[1];
		h.hit = f[2];
		h.right = f[3];
		grep_plain_line(out, gc, f[0], &h);
	}
	for (int k = 0; k < 4; k++)
		free(f[k]);
}

size_t search_grep_files(struct corpus *c, char *const paths[], size_t npaths,
                         const char *pattern,
                         const struct search_grep_options *opt, FILE *out)
{
	struct grep_stream *g = util_xcalloc(1, sizeof(*g));
	struct corpus_scan scan = {
	    .wanted = grep_wanted,
	    .each = grep_each,
	    /* The date is the one thing of the detection that is printed. */
	    .date_only = true,
	    .start = grep_nfiles,
	    .done = grep_done,
	    .ctx = g,
	};
	size_t n;

	pthread_mutex_init(&g->lock, NULL);
	g->tsv = opt && opt->tsv;
	g->mode = grep_mode(opt);
	g->ok = search_compile(&g->pat, pattern, g->mode) == 0;
	if (!g->ok)
		search_pattern_free(&g->pat);
	else
		g->key = grepscan_key_new(g->pat.key, g->pat.len, g->mode,
		                          g->pat.oslash);
	if (g->tsv) {
		fputs(GREP_TSV_HEAD, out);
		g->out = out;
	} else {
		g->out = grep_tmpfile();
		g->failed = !g->out;
	}
	corpus_load_scan(c, paths, npaths, &scan);
	if (!g->tsv && g->out) {
		struct grep_cols gc = grep_cols(opt, g->widest);
		if (fflush(g->out) != 0)
			g->failed = true;
		else
			grep_print_spilled(g->out, &gc, out);
		fclose(g->out);
	}
	if (g->failed)
		fprintf(stderr, "kilde: --grep: cannot write a temporary file "
		                "in $TMPDIR: output incomplete\n");
	for (size_t t = 0; t < CORPUS_MAX_WORKERS; t++) {
		struct grep_worker *w = &g->w[t];

		free(w->hits.hits);
		if (w->started) {
			scanner_free(&w->s);
			grepscan_free(w->pre);
		}
	}
	for (size_t i = 0; i < g->nready; i++)
		free(g->ready[i].s);
	free(g->ready);
	grepscan_key_free(g->key);
	if (g->ok)
		search_pattern_free(&g->pat);
	n = g->nhits;
	pthread_mutex_destroy(&g->lock);
	free(g);
	return n;
}

size_t search_bench(const struct corpus *c, const char *pattern)
{
	struct search_kwic kw;
	size_t n = search_kwic(c, pattern, SEARCH_MODE_DEFAULT, &kw);

	search_kwic_free(&kw);
	return n;
}

bool search_find_sparse(const char *text, size_t len, const char *pattern,
                        unsigned mode, struct search_match **out, size_t *n)
{
	struct scanner s;
	struct search_pattern pat;
	bool ok = false;

	*out = NULL;
	*n = 0;
	if (search_compile(&pat, pattern, mode)) {
		search_pattern_free(&pat);
		return false;
	}
	scanner_init(&s);
	if (sparse_find(&s.sp, &s.fo, &pat, mode, text, len, n)) {
		ok = true;
		if (*n) {
			*out = util_xmalloc(*n * sizeof(**out));
			memcpy(*out, s.sp.m, *n * sizeof(**out));
		}
	}
	scanner_free(&s);
	search_pattern_free(&pat);
	return ok;
}
