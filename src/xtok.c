/* xtok.c - tokens, matching keys, a 64-bit hash map and function words for
 * the cross-reference engine. Word boundaries are libunistring's
 * (u8_wordbreaks, through wbrk), case folding and decomposition too. */
#include "kilde/xtok.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "kilde/wbrk.h"

/* ---- hash map ------------------------------------------------------------ */

static size_t xmap_slot(const struct xmap *m, uint64_t key)
{
	size_t mask = m->cap - 1;
	/* Fibonacci hashing: the top bits of key * 2^64/phi spread even
	 * sequential keys over the table. */
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> m->shift);

	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

/* n zero bytes, written rather than calloc'd: a large calloc maps fresh
 * pages to the shared zero page, and a table probed (read) before it is
 * filled then takes a copy-on-write fault per page, each flushing the TLB
 * of every thread. Writing the zeros first faults each page in once. */
static void *zeroed(size_t n)
{
	void *p = util_xmalloc(n);

	memset(p, 0, n);
	return p;
}

static void xmap_grow(struct xmap *m)
{
	struct xmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->shift = 64 - (unsigned)__builtin_ctzll(m->cap);
	m->keys = zeroed(m->cap * sizeof(*m->keys));
	m->vals = util_xmalloc(m->cap * sizeof(*m->vals));
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.keys[i])
			continue;
		size_t j = xmap_slot(m, old.keys[i]);
		m->keys[j] = old.keys[i];
		m->vals[j] = old.vals[i];
	}
	free(old.keys);
	free(old.vals);
}

void xmap_reserve(struct xmap *m, size_t n)
{
	/* The same load limit as xmap_ref: no growth before n entries. */
	while ((n + 1) * 4 >= m->cap * 3)
		xmap_grow(m);
}

/* Key 0 marks an empty slot, so it is stored as 1. */
static uint64_t xmap_fix(uint64_t key)
{
	return key ? key : 1;
}

uint32_t *xmap_ref(struct xmap *m, uint64_t key, uint32_t init, bool *isnew)
{
	size_t i;

	key = xmap_fix(key);
	if ((m->n + 1) * 4 >= m->cap * 3)
		xmap_grow(m);
	i = xmap_slot(m, key);
	if (isnew)
		*isnew = !m->keys[i];
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->vals[i] = init;
		m->n++;
	}
	return &m->vals[i];
}

bool xmap_get(const struct xmap *m, uint64_t key, uint32_t *val)
{
	size_t i;

	if (!m->cap)
		return false;
	i = xmap_slot(m, xmap_fix(key));
	if (!m->keys[i])
		return false;
	if (val)
		*val = m->vals[i];
	return true;
}

void xmap_free(struct xmap *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct xmap){0};
}

/* ---- keys ---------------------------------------------------------------- */

uint64_t xtok_hash(const char *s, size_t n)
{
	return util_hash64(s, n);
}

static bool key_drops(ucs4_t uc)
{
	/* Dots of initialisms (U.S. = US) and apostrophes (d'Ivoire) do not
	 * distinguish names. */
	return uc == '.' || uc == '\'' || uc == 0x2019 || uc == 0x2018;
}

void xtok_key(const char *s, size_t n, struct strbuf *out)
{
	const uint8_t *u = (const uint8_t *)s;
	uint8_t fbuf[256], dbuf[512], tbuf[512];
	size_t i, flen = sizeof(fbuf), dlen = sizeof(dbuf), tlen = 0;
	bool ascii = true;
	uint8_t *folded, *decomp, *tmp;

	for (i = 0; i < n; i++)
		if (u[i] >= 0x80) {
			ascii = false;
			break;
		}
	if (ascii) {
		for (i = 0; i < n; i++) {
			char c = s[i];
			if (c == '.' || c == '\'')
				continue;
			sb_putc(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
		}
		if (!out->s)
			sb_append(out, "", 0);
		return;
	}
	/* Stack buffers first: libunistring allocates only when they are too
	 * small, and this runs for every word of the corpus. */
	folded = u8_casefold(u, n, NULL, NULL, fbuf, &flen);
	if (!folded) {
		sb_append(out, s, n);
		return;
	}
	tmp = 2 * flen <= sizeof(tbuf) ? tbuf : util_xmalloc(2 * flen + 1);
	/* æ, ø and å do not decompose; spell them as Danish does without them,
	 * so Søren matches Soeren and Århus matches Aarhus. */
	ascii = true;
	for (i = 0; i < flen; i++) {
		if (folded[i] == 0xc3 && i + 1 < flen &&
		    (folded[i + 1] == 0xa6 || folded[i + 1] == 0xb8 || folded[i + 1] == 0xa5)) {
			tmp[tlen++] = 'a' + (folded[i + 1] == 0xb8 ? 'o' - 'a' : 0);
			tmp[tlen++] = folded[i + 1] == 0xa5 ? 'a' : 'e';
			i++;
		} else {
			if (folded[i] >= 0x80)
				ascii = false;
			tmp[tlen++] = folded[i];
		}
	}
	if (folded != fbuf)
		free(folded);
	decomp = ascii ? tmp : u8_normalize(UNINORM_NFKD, tmp, tlen, dbuf, &dlen);
	if (ascii)
		dlen = tlen;
	for (i = 0; decomp && i < dlen;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, decomp + i, dlen - i);
		if (k <= 0)
			break;
		if (!key_drops(uc) && !uc_is_general_category(uc, UC_CATEGORY_M))
			sb_append(out, (const char *)decomp + i, (size_t)k);
		i += (size_t)k;
	}
	if (decomp && decomp != dbuf && decomp != tmp)
		free(decomp);
	if (tmp != tbuf)
		free(tmp);
	if (!out->s)
		sb_append(out, "", 0);
}

/* ---- tokens -------------------------------------------------------------- */

static bool is_space(ucs4_t uc)
{
	return uc_is_property_white_space(uc) || uc == 0xfeff;
}

/* Letter (L), digit (N) and case classes, with a fast path for ASCII: most
 * characters of a corpus, even a Danish one, are ASCII. */
static bool is_letter(ucs4_t uc)
{
	if (uc < 0x80)
		return (uc | 0x20) >= 'a' && (uc | 0x20) <= 'z';
	return uc_is_general_category(uc, UC_CATEGORY_L);
}

static bool is_number(ucs4_t uc)
{
	if (uc < 0x80)
		return uc >= '0' && uc <= '9';
	return uc_is_general_category(uc, UC_CATEGORY_N);
}

static bool is_lower(ucs4_t uc)
{
	return uc < 0x80 ? uc >= 'a' && uc <= 'z' : uc_is_lower(uc);
}

static bool is_upper(ucs4_t uc)
{
	return uc < 0x80 ? uc >= 'A' && uc <= 'Z' : uc_is_upper(uc);
}

/* Length of a trailing 's or ’s, else 0. */
static size_t genitive_len(const char *s, size_t n)
{
	if (n >= 3 && (s[n - 1] == 's' || s[n - 1] == 'S') && s[n - 2] == '\'')
		return 2;
	if (n >= 5 && (s[n - 1] == 's' || s[n - 1] == 'S') &&
	    !memcmp(s + n - 4, "\xe2\x80\x99", 3))
		return 4;
	return 0;
}

static void classify_word(struct xtok_list *l, const char *text, struct xtok *t,
                          const struct xmap *stop)
{
	const uint8_t *u = (const uint8_t *)text + t->off;
	size_t i = 0, letters = 0, lowers = 0, g;
	bool first_letter = true;
	uint32_t cls;

	/* Case is judged without a genitive ending: USA's is all capitals. */
	g = genitive_len(text + t->off, t->len);
	while (i < t->len - g) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u + i, t->len - g - i);
		if (k <= 0)
			break;
		if (i == 0 && is_lower(uc))
			t->flags |= XTOK_LOWER;
		if (is_letter(uc)) {
			letters++;
			t->flags |= XTOK_ALPHA;
			if (is_lower(uc))
				lowers++;
			if (first_letter && (is_upper(uc) ||
			                     uc_is_general_category(uc, UC_CATEGORY_Lt)))
				t->flags |= XTOK_CAP;
			first_letter = false;
		} else if (is_number(uc)) {
			t->flags |= XTOK_DIGIT;
		} else if (uc == '.' && i > 0 && i + 1 < t->len) {
			t->flags |= XTOK_DOTTED;
		}
		i += (size_t)k;
	}
	if (letters >= 2 && lowers == 0)
		t->flags |= XTOK_ALLCAPS;
	if (g)
		t->flags |= XTOK_GEN;
	t->koff = (uint32_t)l->keys.len;
	xtok_key(text + t->off, t->len - g, &l->keys);
	t->klen = (uint32_t)(l->keys.len - t->koff);
	sb_putc(&l->keys, '\0');
	t->kh = xtok_hash(l->keys.s + t->koff, t->klen);
	if (stop && xmap_get(stop, t->kh, &cls))
		t->stop = (uint8_t)cls;
}

/* Memo slots: the entry's surface is str[soff, soff + slen), its key and
 * a NUL follow. slen 0 marks a free slot (a word is never empty). */
struct xtok_memo_slot {
	uint64_t h;   /* hash of the surface */
	uint64_t kh;
	uint32_t soff;
	uint16_t flags;
	uint8_t slen, klen, stop;
	uint32_t count; /* see xtok_memo_tally: in the slot's padding */
};

/* The most slots, and the first: a memo starts small and doubles between
 * texts (memo_ready) while it is a quarter full. A corpus of a modest
 * vocabulary (the 10,000 bench articles: some 6,000 words a thread)
 * then keeps a table of half a megabyte, which stays in the cache, not
 * one of 4 MiB per token list, written whole and read at random. */
#define XTOK_MEMO_SLOTS (1u << 17)
#define XTOK_MEMO_FIRST (1u << 12)
#define XTOK_MEMO_MAXLEN 255

static void memo_free(struct xtok_memo *m)
{
	free(m->slot);
	sb_free(&m->str);
	*m = (struct xtok_memo){0};
}

/* Up to 8 bytes of s[0..n) (n <= 8) as one number: whole words of 4 or 8
 * bytes, overlapping when n is not one, instead of a step per byte (most
 * words are shorter than 8 bytes, and the steps were most of the hash).
 * Every byte is read (for n < 4: the first, middle and last), so for one
 * n, equal numbers mean equal bytes. */
static inline uint64_t tail_bytes(const char *s, size_t n)
{
	uint32_t a, b;
	uint64_t v;

	if (n == 8) {
		memcpy(&v, s, 8);
		return v;
	}
	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		return (uint64_t)a << 32 | b;
	}
	if (n == 0)
		return 0;
	return (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8 |
	       (unsigned char)s[n - 1];
}

/* The last step of memo_hash: h so far, v the last (up to 8) bytes. */
static inline uint64_t memo_hash_end(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0xff51afd7ed558ccdULL;
	h ^= h >> 32;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

/* The memo's own hash of a surface, eight bytes a step (util_hash64 takes
 * one): it only places and screens the memo's entries, so it need not be
 * the key hash the index uses. Of a surface of at most 8 bytes, it is
 * memo_hash_end of n * phi and the surface's tail_bytes, and every step of
 * that (xor, multiply by an odd number, xor with a shift of itself) can be
 * undone: for one length, equal hashes mean equal tail_bytes, and so
 * equal bytes. */
__attribute__((always_inline)) static inline uint64_t
memo_hash(const char *s, size_t n)
{
	uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15ULL, v;

	for (; n > 8; s += 8, n -= 8) {
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	return memo_hash_end(h, tail_bytes(s, n));
}

/* Whether a[0..n) == b[0..n): words are short, and a call to memcmp cost
 * more than the compare; the last bytes are compared as tail_bytes reads
 * them, which reads every one of up to 8. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;

	for (; n > 8; a += 8, b += 8, n -= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return false;
	}
	return tail_bytes(a, n) == tail_bytes(b, n);
}

/* The memo's entries in a table twice the size, each at the slot its
 * hash and the probe give there, tallies and all. */
static void memo_grow(struct xtok_memo *m)
{
	size_t cap = m->cap * 2, mask = cap - 1;
	struct xtok_memo_slot *slot = zeroed(cap * sizeof(*slot));

	for (size_t k = 0; k < m->cap; k++) {
		size_t i;
		if (!m->slot[k].slen)
			continue;
		for (i = (size_t)(m->slot[k].h >> 40) & mask; slot[i].slen; i = (i + 1) & mask)
			;
		slot[i] = m->slot[k];
	}
	free(m->slot);
	m->slot = slot;
	m->cap = cap;
}

/* Makes the memo ready for words classified with stop (see
 * classify_memo): once a text, not at every word. */
static void memo_ready(struct xtok_memo *m, const struct xmap *stop)
{
	if (!stop)
		return;
	if (m->stop_keys != stop->keys || m->stop_n != stop->n) {
		memo_free(m);
		m->stop_keys = stop->keys;
		m->stop_n = stop->n;
	}
	if (!m->slot) {
		m->slot = zeroed(XTOK_MEMO_FIRST * sizeof(*m->slot));
		m->cap = XTOK_MEMO_FIRST;
	}
	/* Only here, between texts: a token of the text being split names
	 * its entry by slot (xtok.memo), which a move would change. A text
	 * that fills the memo to half keeps its further words out of it. */
	while (m->n >= m->cap / 4 && m->cap < XTOK_MEMO_SLOTS)
		memo_grow(m);
}

/* classify_word, and the word kept in the memo's free slot i when there
 * is room. Out of line: a miss is rare, and the hit path inlined into the
 * splitter then saves no registers for it. */
static __attribute__((noinline)) void
memo_miss(struct xtok_list *l, const char *text, struct xtok *t, const struct xmap *stop,
          uint64_t h, size_t i)
{
	struct xtok_memo *m = &l->memo;
	const char *w = text + t->off;

	classify_word(l, text, t, stop);
	/* Half full at most, so probes stay short; a key longer than its
	 * byte count allows is simply not kept. */
	if (m->n >= m->cap / 2 || t->klen > XTOK_MEMO_MAXLEN)
		return;
	m->slot[i] = (struct xtok_memo_slot){
		.h = h, .kh = t->kh, .soff = (uint32_t)m->str.len, .flags = t->flags,
		.slen = (uint8_t)t->len, .klen = (uint8_t)t->klen, .stop = t->stop,
	};
	t->memo = (uint32_t)i + 1;
	/* Offsets into the strings have a bit less than 32 (see
	 * XTOK_KEY_MEMO): at most 2^16 entries of 511 bytes and the 16
	 * below come nowhere near. */
	sb_append(&m->str, w, t->len);
	sb_append(&m->str, l->keys.s + t->koff, (size_t)t->klen + 1);
	/* Room past the last key, as the key buffer has, for a reader
	 * that loads a key a word at a time. */
	util_grow((void **)&m->str.s, &m->str.cap, m->str.len + 16, 1);
	m->n++;
}

/* classify_word through the memo (made ready by memo_ready): the same surface always gives the same
 * flags, key and stop class (for one function-word table), so a hit
 * copies them; the surface is compared in full, never trusted to the
 * hash, except where the hash is the surface (up to 8 bytes, see
 * memo_hash): most words, whose hit then reads no surface. */
__attribute__((always_inline)) static inline void
classify_memo(struct xtok_list *l, const char *text, struct xtok *t,
              const struct xmap *stop)
{
	struct xtok_memo *m = &l->memo;
	const char *w = text + t->off;
	uint64_t h;
	size_t i, mask = l->memo.cap - 1;
	bool is_short = t->len <= 8;

	if (!stop || t->len > XTOK_MEMO_MAXLEN) {
		classify_word(l, text, t, stop);
		return;
	}
	h = memo_hash(w, t->len);
	for (i = (size_t)(h >> 40) & mask; m->slot[i].slen; i = (i + 1) & mask) {
		const struct xtok_memo_slot *e = &m->slot[i];
		if (e->h != h || e->slen != t->len ||
		    (!is_short && !same_bytes(m->str.s + e->soff, w, t->len)))
			continue;
		t->flags |= e->flags;
		/* The key stays in the memo, after the surface (see
		 * xtok_keystr). */
		t->koff = (e->soff + e->slen) | XTOK_KEY_MEMO;
		t->klen = e->klen;
		t->kh = e->kh;
		t->stop = e->stop;
		t->memo = (uint32_t)i + 1;
		return;
	}
	memo_miss(l, text, t, stop, h, i);
}

void xtok_split(struct xtok_list *l, const char *text, size_t len,
                const struct xmap *stop)
{
	xtok_split_brk(l, text, len, stop, NULL, NULL);
}

/* Packs len break bytes into bits; bits may be brk itself (byte k of the
 * bits is written after bytes 8k..8k+7 are read, and k <= 8k). */
static void pack_breaks(const char *brk, size_t len, uint8_t *bits)
{
	for (size_t k = 0; k < (len + 7) / 8; k++) {
		uint8_t v = 0;
		for (size_t i = 8 * k; i < 8 * k + 8 && i < len; i++)
			v |= (uint8_t)((brk[i] != 0) << (i % 8));
		bits[k] = v;
	}
}

/* The token of segment text[s, i) (not empty), appended to l, whose room
 * the caller made: written in place (a token is 32 bytes, and a copy of
 * each cost as much as the rest of a space's work). Every kind of
 * segment; next_token takes the common ones before they come here. */
static __attribute__((noinline)) void
split_segment(struct xtok_list *l, const char *text, size_t s, size_t i,
              const struct xmap *stop)
{
	struct xtok *t = &l->t[l->n];
	const uint8_t *u = (const uint8_t *)text + s;
	size_t j = 0, nl = 0, len = i - s;
	bool space = true;

	*t = (struct xtok){.off = (uint32_t)s, .len = (uint32_t)len};
	/* A word that starts with an ASCII letter or digit, or one space:
	 * most segments of a corpus, known by their first byte. */
	if (u[0] < 0x80 && (is_letter(u[0]) || is_number(u[0])))
		goto word;
	if (u[0] == ' ' && len == 1)
		j = len;
	while (j < len) {
		ucs4_t uc;
		int k;
		if (u[j] < 0x80) {
			/* ASCII needs no decoding: most bytes of a corpus. */
			uc = u[j];
			k = 1;
		} else {
			k = u8_mbtouc(&uc, u + j, len - j);
			if (k <= 0)
				break;
		}
		/* A word: line breaks and spaces only matter to space
		 * tokens, the rest need not be read. */
		if (is_letter(uc) || is_number(uc))
			goto word;
		if (uc == '\n')
			nl++;
		if (uc < 0x80 ? !(uc == ' ' || (uc >= 9 && uc <= 13)) : !is_space(uc))
			space = false;
		j += (size_t)k;
	}
	if (!space) {
		t->type = XTOK_PUNCT;
		l->n++;
		return;
	}
	t->type = XTOK_SPACE;
	if (l->n && t[-1].type == XTOK_SPACE) {
		/* Joined to the space before. */
		t--;
		t->len += (uint32_t)len;
		nl += (t->flags & XTOK_PARA) ? 2 : (t->flags & XTOK_NEWLINE) ? 1 : 0;
		l->n--;
	}
	if (nl)
		t->flags |= XTOK_NEWLINE;
	if (nl >= 2)
		t->flags |= XTOK_PARA;
	l->n++;
	return;
word:
	t->type = XTOK_WORD;
	classify_memo(l, text, t, stop);
	l->n++;
}

/* A word found in the memo (ready for stop), written to t whole: the
 * token's bytes are stored once, not cleared first and then filled. A
 * word the memo does not know goes to memo_miss. */
__attribute__((always_inline)) static inline void
memo_word(struct xtok_list *l, struct xtok *t, const char *text, size_t s, size_t len,
          const struct xmap *stop)
{
	const struct xtok_memo_slot *slot = l->memo.slot;
	const char *w = text + s;
	uint64_t h = memo_hash(w, len);
	size_t i, mask = l->memo.cap - 1;

	for (i = (size_t)(h >> 40) & mask; slot[i].slen; i = (i + 1) & mask) {
		const struct xtok_memo_slot *e = &slot[i];
		if (e->h != h || e->slen != len ||
		    (len > 8 && !same_bytes(l->memo.str.s + e->soff, w, len)))
			continue;
		*t = (struct xtok){
			.off = (uint32_t)s, .len = (uint32_t)len,
			.koff = (e->soff + e->slen) | XTOK_KEY_MEMO, .klen = e->klen,
			.kh = e->kh, .flags = e->flags, .type = XTOK_WORD, .stop = e->stop,
			.memo = (uint32_t)i + 1,
		};
		return;
	}
	*t = (struct xtok){.off = (uint32_t)s, .len = (uint32_t)len, .type = XTOK_WORD};
	memo_miss(l, text, t, stop, h, i);
}

/* The token of segment text[s, i) appended to the n tokens t[0, n) of l;
 * returns the new count. Most segments of a corpus are a word that starts
 * with an ASCII letter or digit or a single ASCII space or mark: those
 * are done here, with the count in a register, and the rest by
 * split_segment (l->n is the count only while it runs). The same tokens
 * as split_segment makes for every segment: a single space joins a space
 * before it, its line breaks counted into that token's flags, as there. */
__attribute__((always_inline)) static inline size_t
next_token(struct xtok_list *l, struct xtok *t, size_t n, const char *text, size_t s,
           size_t i, const struct xmap *stop)
{
	unsigned char c = (unsigned char)text[s];
	size_t len = i - s;
	bool alnum = c < 0x80 && (is_letter(c) || is_number(c));

	if (alnum && stop && len <= XTOK_MEMO_MAXLEN) {
		memo_word(l, &t[n], text, s, len, stop);
		return n + 1;
	}
	if (c == ' ' && len == 1) {
		if (n && t[n - 1].type == XTOK_SPACE) {
			t[n - 1].len++;
			return n;
		}
		t[n] = (struct xtok){.off = (uint32_t)s, .len = 1, .type = XTOK_SPACE};
		return n + 1;
	}
	if (c < 0x80 && len == 1 && !alnum) {
		/* A line break or other ASCII space, or a mark: the comma,
		 * the full stop and the line end of most lines. */
		if (c == ' ' || (c >= 9 && c <= 13)) {
			unsigned nl = c == '\n';
			if (n && t[n - 1].type == XTOK_SPACE) {
				struct xtok *p = &t[n - 1];
				p->len++;
				nl += (p->flags & XTOK_PARA) ? 2 : (p->flags & XTOK_NEWLINE) ? 1 : 0;
				p->flags |= (uint16_t)((nl ? XTOK_NEWLINE : 0) | (nl >= 2 ? XTOK_PARA : 0));
				return n;
			}
			t[n] = (struct xtok){.off = (uint32_t)s, .len = 1,
			                     .flags = nl ? XTOK_NEWLINE : 0, .type = XTOK_SPACE};
			return n + 1;
		}
		t[n] = (struct xtok){.off = (uint32_t)s, .len = 1, .type = XTOK_PUNCT};
		return n + 1;
	}
	l->n = n;
	split_segment(l, text, s, i, stop);
	return l->n;
}

void xtok_split_brk(struct xtok_list *l, const char *text, size_t len,
                    const struct xmap *stop, const uint8_t *in, uint8_t *out)
{
	const uint8_t *bits = in;
	size_t s = 0, nbytes = (len + 7) / 8, nwords = (len + 63) / 64, nseg = 1, n = 0;
	struct xtok *t;

	l->n = 0;
	l->keys.len = 0;
	if (!len)
		return;
	if (!in) {
		if (len > l->brkcap) {
			free(l->brk);
			l->brk = util_xmalloc(len);
			l->brkcap = len;
		}
		wbrk_breaks(text, len, l->brk);
		uint8_t *dst = out ? out : (uint8_t *)l->brk;
		pack_breaks(l->brk, len, dst);
		bits = dst;
	}
	memo_ready(&l->memo, stop);
	/* Segments end at each break and at the end of the text: room for
	 * every one at once, not a check per token. */
	for (size_t k = 0; k < nwords; k++)
		nseg += (size_t)__builtin_popcountll(wbrk_bits_word(bits, nbytes, len, k));
	if (nseg > l->cap)
		util_grow((void **)&l->t, &l->cap, nseg, sizeof(*l->t));
	t = l->t;
	for (size_t k = 0; k < nwords; k++) {
		for (uint64_t w = wbrk_bits_word(bits, nbytes, len, k); w; w &= w - 1) {
			size_t i = 64 * k + (size_t)__builtin_ctzll(w);
			n = next_token(l, t, n, text, s, i, stop);
			s = i;
		}
	}
	l->n = next_token(l, t, n, text, s, len, stop);
}

/* ---- sentence starts and title lines -------------------------------------- */

/* Whether the literal lit spells s[0..n) (s[0] readable, a NUL when n is
 * 0): the first byte rules out nearly every literal before any length is
 * taken. */
static bool same(const char *lit, const char *s, size_t n)
{
	return lit[0] == s[0] && strlen(lit) == n && !memcmp(lit, s, n);
}

static const char *const abbreviations[] = {
	"mr", "mrs", "ms", "dr", "st", "nr", "pr", "ca", "inc", "ltd", "co",
	"corp", "jr", "sr", "vs", "mio", "mia", "kr", "mfl", "jf", "hhv", "tlf",
	"prof", "no", "vol", "fig", "jan", "feb", "aug", "sept", "sep", "oct",
	"okt", "nov", "dec", "dvs", "evt", "osv", "etc", "bla", "feks", "ie", "eg",
};

static bool is_abbreviation(const struct xtok_list *l, size_t w)
{
	const struct xtok *t = &l->t[w];

	if (t->flags & XTOK_DOTTED)
		return true;
	if (t->klen == 1 && (t->flags & XTOK_ALPHA))
		return true;
	/* Every sentence's last word comes here: the list has two to four
	 * letters. */
	if (t->klen < 2 || t->klen > 4)
		return false;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(abbreviations); i++)
		if (same(abbreviations[i], xtok_keystr(l, w), t->klen))
			return true;
	return false;
}

/* Punctuation after which the next word starts a sentence (or a segment of
 * a menu line): a capital there says nothing about a name. */
static bool starts_segment(const char *p, size_t n)
{
	static const char *const marks[] = {
		"!", "?", ":", "\"", "|", "*", "#", ">", "\xe2\x80\x9c", "\xe2\x80\x9d",
		"\xe2\x80\x9e", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x98", "\xe2\x80\x99",
		"'", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\xa2", "\xc2\xb7",
		"\xe2\x80\xa6", "\xe2\x80\xba", "\xe2\x80\xb9",
	};
	/* Every comma comes here: a mark has one to three bytes, and the
	 * one-byte ones are decided by a switch. */
	if (n == 1) {
		switch (p[0]) {
		case '!': case '?': case ':': case '"': case '|': case '*': case '#': case '>':
		case '\'':
			return true;
		default:
			return false;
		}
	}
	if (n > 3)
		return false;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(marks); i++)
		if (same(marks[i], p, n))
			return true;
	return false;
}

/* The last mark of a line that ends as a sentence does. */
static bool ends_sentence(const char *p, size_t n)
{
	static const char *const marks[] = {
		".", "!", "?", "\"", ")", "\xe2\x80\x9d", "\xc2\xbb", "\xe2\x80\x99",
	};
	for (size_t i = 0; i < KILDE_ARRAY_LEN(marks); i++)
		if (same(marks[i], p, n))
			return true;
	return false;
}

/* What xtok_mark gathers about one line (the tokens between two line
 * breaks that are no soft wrap). */
struct mark_line {
	size_t words, content, caps, alpha, allcaps;
	size_t lastp; /* the last token that is no space, or (size_t)-1 */
	bool menu;
};

/* Title-case lines: headlines, menus and bylines capitalise most words,
 * so a capital there is no evidence of a name. Tokens [line, end). */
static void mark_line(struct xtok_list *l, const char *text, size_t line, size_t end,
                      const struct mark_line *m)
{
	bool sentence = false;
	uint16_t set = 0;

	/* A line that ends as a sentence ends is running text, however many
	 * names it holds; a menu line (a | b | c) never is. */
	if (m->lastp != (size_t)-1 && l->t[m->lastp].type == XTOK_PUNCT &&
	    ends_sentence(text + l->t[m->lastp].off, l->t[m->lastp].len))
		sentence = true;
	/* Title case capitalises the content words (Proving the Business
	 * Case); "Follow Us on Twitter" capitalises nearly all. */
	if (((m->content >= 2 && m->caps * 4 >= m->content * 3) ||
	     (m->alpha >= 2 && m->allcaps * 4 >= m->alpha * 3)) &&
	    m->words <= 24 && (m->menu || !sentence))
		set |= XTOK_TITLE;
	/* Running text: what a reused passage must be made of, so that
	 * shared link lists and footers do not count as passages. */
	if (sentence && !m->menu && m->words >= 6)
		set |= XTOK_PROSE;
	if (set)
		for (size_t i = line; i < end; i++)
			if (l->t[i].type == XTOK_WORD)
				l->t[i].flags |= set;
}

/* What a word adds to its line's counts (see struct mark_line), by
 * MARK_INDEX of its flags and stop class: 1 in each 16-bit lane of a
 * number it counts in (alpha, allcaps, content, caps from the lowest),
 * so that a word costs one load and one add, not a test per count. A
 * word of letters (no digit) counts for the line's title case; a content
 * word is such a word that is no function word. */
#define MARK_INDEX(flags, stop)                                                             \
	(((flags) & (XTOK_CAP | XTOK_ALLCAPS | XTOK_DIGIT | XTOK_ALPHA)) | ((stop) & XSTOP_STOP) << 2)
#define MARK_A(i) ((uint64_t)(((i) & (XTOK_ALPHA | XTOK_DIGIT)) == XTOK_ALPHA))
#define MARK_C(i) (MARK_A(i) & !((i) & (XSTOP_STOP << 2)))
#define MARK_ROW(i)                                                                         \
	(MARK_A(i) | (MARK_A(i) & !!((i) & (XTOK_CAP | XTOK_ALLCAPS))) << 16 |                 \
	 MARK_C(i) << 32 | (MARK_C(i) & !!((i) & XTOK_CAP)) << 48)
#define MARK_ROW4(i) MARK_ROW(i), MARK_ROW(i + 1), MARK_ROW(i + 2), MARK_ROW(i + 3)
static const uint64_t mark_counts[32] = {
	MARK_ROW4(0), MARK_ROW4(4), MARK_ROW4(8), MARK_ROW4(12),
	MARK_ROW4(16), MARK_ROW4(20), MARK_ROW4(24), MARK_ROW4(28),
};

/* The counts of a line so far (m) with the lanes of acc added. */
static void mark_add(struct mark_line *m, uint64_t acc)
{
	m->alpha += acc & 0xffff;
	m->allcaps += (acc >> 16) & 0xffff;
	m->content += (acc >> 32) & 0xffff;
	m->caps += acc >> 48;
}

/* One pass over the tokens, which once were three (soft wraps, sentence
 * starts, then each line's title case and running text): each of those
 * reads only what the splitter wrote and what the pass has already
 * decided about the tokens before (a soft wrap is known at its space), so
 * a line is judged when its break is reached. The line's counts are
 * summed in the lanes of acc (see mark_counts), which are moved to m
 * before one could overflow and at the line's end. */
void xtok_mark(struct xtok_list *l, const char *text)
{
	struct xtok *tk = l->t;
	size_t n = l->n;
	bool initial = true;
	size_t lastword = (size_t)-1, line = 0, start = 0, lastp = (size_t)-1;
	struct mark_line m = {.lastp = (size_t)-1};
	uint64_t acc = 0;

	for (size_t i = 0; i < n; i++) {
		struct xtok *t = &tk[i];

		if (t->type == XTOK_SPACE) {
			if (!(t->flags & XTOK_NEWLINE))
				continue;
			/* Hard-wrapped text: a single line break after a
			 * long line that does not end as a sentence, before
			 * a word, only wraps the paragraph. */
			if (!(t->flags & XTOK_PARA) && lastp != (size_t)-1 && t->off - start >= 50 &&
			    i + 1 < n && tk[i + 1].type == XTOK_WORD &&
			    !(tk[lastp].type == XTOK_PUNCT &&
			      (ends_sentence(text + tk[lastp].off, tk[lastp].len) ||
			       (tk[lastp].len == 1 && text[tk[lastp].off] == '|'))))
				t->flags |= XTOK_SOFT;
			start = t->off + t->len;
			if (t->flags & XTOK_SOFT)
				continue;
			initial = true;
			mark_add(&m, acc);
			acc = 0;
			mark_line(l, text, line, i, &m);
			m = (struct mark_line){.lastp = (size_t)-1};
			line = i + 1;
			continue;
		}
		lastp = i;
		m.lastp = i;
		if (t->type == XTOK_PUNCT) {
			const char *p = text + t->off;
			if (t->len == 1 && *p == '.') {
				if (lastword == (size_t)-1 || !is_abbreviation(l, lastword) ||
				    i == 0 || tk[i - 1].type != XTOK_WORD)
					initial = true;
			} else if (t->len == 1 && *p == '-') {
				/* A hyphen between spaces or doubled is a dash. */
				bool before = i == 0 || tk[i - 1].type != XTOK_WORD;
				bool after = i + 1 >= n || tk[i + 1].type != XTOK_WORD;
				if (before || after)
					initial = true;
			} else if (t->len == 1 && *p == '|') {
				m.menu = true;
				initial = true; /* starts_segment's too */
			} else if (starts_segment(p, t->len)) {
				initial = true;
			}
			continue;
		}
		if (initial)
			t->flags |= XTOK_INITIAL;
		initial = false;
		lastword = i;
		acc += mark_counts[MARK_INDEX(t->flags, t->stop)];
		/* Moved every 2^15 words of a line, acc holds fewer than
		 * 2^16 words' counts. */
		if ((++m.words & 0x7fff) == 0) {
			mark_add(&m, acc);
			acc = 0;
		}
	}
	if (line < n) {
		mark_add(&m, acc);
		mark_line(l, text, line, n, &m);
	}
}

void xtok_memo_tally(struct xtok_list *l, const struct xtok *t)
{
	l->memo.slot[t->memo - 1].count++;
}

void xtok_memo_drain(struct xtok_list *l,
                     void (*fn)(uint64_t kh, uint16_t flags, uint32_t n, void *arg), void *arg)
{
	for (size_t i = 0; l->memo.slot && i < l->memo.cap; i++) {
		struct xtok_memo_slot *e = &l->memo.slot[i];
		if (!e->count)
			continue;
		fn(e->kh, e->flags, e->count, arg);
		e->count = 0;
	}
}

void xtok_list_free(struct xtok_list *l)
{
	free(l->t);
	free(l->brk);
	sb_free(&l->keys);
	memo_free(&l->memo);
	*l = (struct xtok_list){0};
}

/* ---- function words ------------------------------------------------------ */

/* Written for kilde: English and Danish function words, pronouns, common
 * sentence adverbs, and page furniture verbs. A capitalised one is never a
 * name on its own. */
static const char stop_words[] =
	"a about above according across after afterwards again against ago all "
	"almost along already also although always am among an and another any "
	"anyone anything are around as at back be because been before being "
	"below besides between beyond both but by can cannot could did do does "
	"doing done down during each either else even ever every everyone "
	"except few first for former from further had has have having he her "
	"here hers herself him himself his how however i if in indeed instead "
	"into is it its itself just last later latter least less let like many "
	"me meanwhile might more moreover most much must my myself near neither "
	"never nevertheless next no none nor not nothing now of off often on once "
	"one only onto or other others otherwise our ours ourselves out over own "
	"per perhaps rather same she should since so some something sometimes "
	"soon still such than that the their theirs them themselves then there "
	"thereby therefore these they this those though through throughout thus "
	"to today together tomorrow too toward towards under unless until up "
	"upon us very via was we well were what whatever when whenever where "
	"whereas wherever whether which while who whoever whom whose why will "
	"with within without would yes yet yesterday you your yours yourself "
	"yourselves said says say read follow share click sign subscribe "
	"af alle allerede alt altid andre anden andet at bag blandt blev blive "
	"bliver da de dem den denne dens der deres derfor dermed desuden det "
	"dette dig din dine disse dit dog du efter eftersom eller ellers en end "
	"endnu er et faktisk for foran fordi fra frem før først ham han hans har "
	"havde have hele heller hende hendes her herefter herunder hos hun hvad "
	"hvem hver hverken hvilke hvilken hvilket hvis hvor hvordan hvorfor "
	"hvornår i idag idet ifølge igen ikke imens imod ind inden indtil ingen "
	"intet ja jeg jer jeres jo kan kom kommer kun kunne lidt ligesom man "
	"mange med meget men mens mere mest mig min mine mit mod må måske ned nej "
	"nogen noget nogle nok nu når og også om omkring op os over på samme "
	"samt sammen selv senere siden sig sin sine sit skal skulle som stadig "
	"så sådan således til tidligere tilbage ud uden udover under vi vil "
	"ville vor vores være været var læs se";

static const char join_words[] = "of for von van der de du la le di del";

static const char weak_words[] =
	"january february march april may june july august september october "
	"november december jan feb mar apr jun jul aug sep sept oct nov dec "
	"januar februar marts maj juni juli oktober okt "
	"monday tuesday wednesday thursday friday saturday sunday "
	"mandag tirsdag onsdag torsdag fredag lørdag søndag "
	"mr mrs ms dr prof sir president præsident minister premierminister "
	"statsminister ceo chief chairman senator governor king queen prince "
	"princess pope kansler chancellor hr fru professor lord lady "
	"vice direktør formand borgmester mayor prime deputy secretary spokesman "
	"executive officer chef "
	"spokeswoman spokesperson founder næstformand ordfører topchef koncernchef "
	"udenrigsminister finansminister justitsminister forsvarsminister "
	"erhvervsminister sundhedsminister miljøminister administrerende";

static void add_words(struct xmap *stop, const char *list, uint32_t cls)
{
	const char *p = list;
	struct strbuf key = {0};

	while (*p) {
		size_t n = strcspn(p, " ");
		if (n) {
			key.len = 0;
			xtok_key(p, n, &key);
			*xmap_ref(stop, xtok_hash(key.s, key.len), 0, NULL) |= cls;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	sb_free(&key);
}

void xtok_stopwords(struct xmap *stop)
{
	add_words(stop, stop_words, XSTOP_STOP);
	add_words(stop, join_words, XSTOP_JOIN);
	add_words(stop, weak_words, XSTOP_WEAK);
}

void xtok_each_item(const char *s, char sep,
                    void (*fn)(const char *item, size_t n, void *arg), void *arg)
{
	while (s && *s) {
		const char *e = strchr(s, sep);
		const char *end = e ? e : s + strlen(s);
		const char *a = s, *b = end;

		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r' || b[-1] == '\n'))
			b--;
		if (b > a)
			fn(a, (size_t)(b - a), arg);
		s = e ? e + 1 : NULL;
	}
}
