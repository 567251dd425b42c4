/* wordidx.c - the word index (see wordidx.h for what a word is and the
 * layout of the bytes): built block by block of articles, each block cut
 * into a share per thread, each share's words numbered in a table of its
 * own and kept as a small partial index (the words in hash order, each
 * with its articles), the partial indexes then merged word by word into
 * the flat block; read back checking everything; asked for the candidates
 * of a search. */
#include "kilde/wordidx.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistd.h>
#include <unistr.h>

#include "kilde/search.h"
#include "bytes.h"

#define WIDX_MAGIC 0x58444957u /* "WIDX" */
#define WIDX_VERSION 2u
/* magic, version, then u64 articles, words, odd bytes, list bytes,
 * vocabulary words, vocabulary bytes, whether there is a vocabulary */
#define WIDX_HEADER 64u
/* A part of a word searched as a substring: the vocabulary words that hold
 * it, up to this many (more narrow too little to pay). */
#define WIDX_MAX_VOCAB_HITS 20000u
/* Articles per block of the build: the block's pairs (16 bytes each, with
 * the sort's second buffer) stay some tens of megabytes. */
#define WIDX_BLOCK 4096u
/* A word's parts an article may index before it is listed as odd. */
#define WIDX_MAX_PARTS 64u
/* Spellings a pattern's word may stand for (ø, oe) before it is not
 * looked up. */
#define WIDX_MAX_VARIANTS 32u
/* Below this many articles every word keeps its list. */
#define WIDX_COMMON_MIN 1024u
/* The memos of a thread's words (see struct word_memo): 2^13 ASCII words
 * (192 KiB) and 2^11 stretches (128 KiB), so the words most text is made
 * of stay in the core's own cache. */
#define WIDX_WMEMO_BITS 13u
#define WIDX_SMEMO_BITS 11u
/* The hashes a stretch's memo holds; a stretch with more is not kept. */
#define WIDX_SMEMO_HASHES 10u

struct wordidx {
	unsigned char *buf; /* the bytes, owned */
	size_t size;
	size_t narticles, nwords, oddbytes, listbytes, nvocab, vocabbytes;
	bool has_vocab;
	const unsigned char *hashes, *offs, *odd, *vocab, *lists; /* into buf */
};

/* ---- words ------------------------------------------------------------------ */

/* A letter or digit, the test of a whole-word hit (search.c). */
static bool alnum(ucs4_t uc)
{
	if (uc < 0x80)
		return (uc >= 'a' && uc <= 'z') || (uc >= 'A' && uc <= 'Z') ||
		       (uc >= '0' && uc <= '9');
	return uc_is_alpha(uc) || uc_is_digit(uc);
}

static uint64_t hash64(const unsigned char *s, size_t n);
static inline uint64_t hash64_at(const unsigned char *s, size_t n, bool padded);

/* What a byte is to the words: an ASCII letter or digit in lower case, 0
 * for the rest of ASCII, W_HIGH for a byte beyond it. One look-up per
 * byte instead of the range tests. */
#define W_HIGH 0x80
#define W_HIGH8 W_HIGH, W_HIGH, W_HIGH, W_HIGH, W_HIGH, W_HIGH, W_HIGH, W_HIGH
static const unsigned char wtab[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0, 0, 0, 0, 0, 0,
	0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
	0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
	W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8,
	W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8, W_HIGH8,
};

/* The hash of a word's key (the index keys words by the high 32 bits of
 * hash64), ø read as o: the ø rules let a pattern's o,
 * oe or ø match a text's ø, and the pattern side spells out the rest
 * (lookup_variants). */
static uint32_t word_hash(const char *s, size_t n)
{
	unsigned char small[256 + 8];
	unsigned char *b = n + 8 <= sizeof(small) ? small : util_xmalloc(n + 8);
	size_t m = 0;
	uint32_t h;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xc3 && i + 1 < n && (unsigned char)s[i + 1] == 0xb8) {
			c = 'o';
			i++;
		}
		b[m++] = c;
	}
	memset(b + m, 0, 8);
	h = (uint32_t)(hash64_at(b, m, true) >> 32);
	if (b != small)
		free(b);
	return h;
}

static bool orig_alnum_before(const char *text, size_t off)
{
	ucs4_t uc;
	const uint8_t *s = (const uint8_t *)text;

	if (off == 0)
		return false;
	if (s[off - 1] < 0x80)
		return alnum(s[off - 1]);
	return u8_prev(&uc, s + off, s) && alnum(uc);
}

static bool orig_alnum_at(const char *text, size_t len, size_t off)
{
	ucs4_t uc;
	const uint8_t *s = (const uint8_t *)text;

	if (off >= len)
		return false;
	if (s[off] < 0x80)
		return alnum(s[off]);
	return u8_mbtouc(&uc, s + off, len - off) > 0 && alnum(uc);
}

/* A set of words (exact folded keys), for the vocabulary: a table of
 * offsets into an arena of NUL-terminated words, by the low half of a
 * 64-bit hash. A slot is that half and the offset in one word, so a look-up
 * in a table of millions of words misses the cache once, not twice (and
 * takes 8 bytes a slot instead of 12). */
struct strset {
	uint64_t *slot; /* hash's low half << 32 | offset + 1 into arena;
	                   0: empty */
	size_t cap, n;
	char *arena;
	size_t alen, acap;
};

/* The hash of s[0..n); padded: zeros follow s[n], eight of them, so the
 * last bytes are read in one load (the same value: a load of n bytes and
 * zeros). */
static inline uint64_t hash64_at(const unsigned char *s, size_t n, bool padded)
{
	/* Eight bytes at a time: a multiply per byte was the dearest step
	 * of the build. */
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;

	for (; n >= 8; s += 8, n -= 8) {
		uint64_t v;
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	if (n) {
		uint64_t v = 0;
		if (padded)
			memcpy(&v, s, 8);
		else
			memcpy(&v, s, n);
		h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static uint64_t hash64(const unsigned char *s, size_t n)
{
	return hash64_at(s, n, false);
}

/* Puts slot e in the table (there is room). */
static void strset_put(struct strset *ss, uint64_t e)
{
	size_t m = (size_t)(e >> 32) & (ss->cap - 1);

	while (ss->slot[m])
		m = (m + 1) & (ss->cap - 1);
	ss->slot[m] = e;
}

/* Whether the arena's word at a (a NUL after it, and eight bytes to spare
 * after that) is w[0..n) (zeros after it): eight bytes at a time, the
 * last load masked to the bytes up to the NUL. */
static inline bool same_word(const char *a, const unsigned char *w, size_t n)
{
	static const unsigned char ones[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	                                       0xff, 0xff};
	size_t k = 0;
	uint64_t x, y, mask;

	for (; k + 8 <= n; k += 8) {
		memcpy(&x, a + k, 8);
		memcpy(&y, w + k, 8);
		if (x != y)
			return false;
	}
	/* n + 1 - k bytes are left, 1 to 8, the NUL among them. */
	memcpy(&x, a + k, 8);
	memcpy(&y, w + k, 8);
	memcpy(&mask, ones + 8 - (n + 1 - k), 8);
	return !((x ^ y) & mask);
}

/* Adds s[0..n) unless it is there. Returns its offset in the arena plus
 * one, or 0 when the arena is full (4 GiB of words: the vocabulary is then
 * left out). padded: eight zeros follow s[n], so same_word may compare. */
static uint32_t strset_add(struct strset *ss, const char *s, size_t n,
                           uint64_t h, bool padded)
{
	uint64_t hl = h & 0xffffffffu, e;
	size_t m;

	if (2 * (ss->n + 1) > ss->cap) {
		uint64_t *old = ss->slot;
		size_t oc = ss->cap;
		ss->cap = oc ? 2 * oc : 4096;
		ss->slot = util_xcalloc(ss->cap, sizeof(*ss->slot));
		for (size_t i = 0; i < oc; i++)
			if (old[i])
				strset_put(ss, old[i]);
		free(old);
	}
	m = (size_t)hl & (ss->cap - 1);
	while ((e = ss->slot[m])) {
		uint32_t off = (uint32_t)e;
		if (e >> 32 == hl && off - 1 + n < ss->alen &&
		    (padded ? same_word(ss->arena + off - 1,
		                        (const unsigned char *)s, n) :
		              ss->arena[off - 1 + n] == '\0' &&
		                  !memcmp(ss->arena + off - 1, s, n)))
			return off;
		m = (m + 1) & (ss->cap - 1);
	}
	if (ss->alen + n + 1 >= UINT32_MAX)
		return 0;
	/* Eight bytes to spare after the last word: same_word reads them. */
	util_grow((void **)&ss->arena, &ss->acap, ss->alen + n + 1 + 8, 1);
	memcpy(ss->arena + ss->alen, s, n);
	ss->arena[ss->alen + n] = '\0';
	ss->slot[m] = hl << 32 | ((uint64_t)ss->alen + 1);
	ss->alen += n + 1;
	ss->n++;
	return (uint32_t)(ss->slot[m] & 0xffffffffu);
}

static void strset_free(struct strset *ss)
{
	free(ss->slot);
	free(ss->arena);
	*ss = (struct strset){0};
}

/* An ASCII word of up to 16 bytes, lowered, as two little-endian words
 * (zeros after it; no letter or digit is a zero byte, so the key is the
 * word), and the high half of its hash64. A word is looked up here before
 * it is hashed: most words of a text are words the thread has seen. */
struct word_memo {
	uint64_t k0, k1;
	uint32_t h32;
	uint32_t stamp; /* the last article that had it (tok_buf.art) */
	uint32_t id, gen; /* its hash's id, while gen is tok_buf.gen */
};

/* A stretch of up to 16 bytes that is not ASCII words alone (Danish
 * letters, typographic quotes, a no-break space): its bytes as they are in
 * the text, and every hash its words and their parts pushed the first
 * time it was folded. What a stretch gives depends on its bytes alone (a
 * stretch is cut where the letters before and after cannot change how it
 * folds or where its hits may start and end), so the same bytes again
 * give the same hashes, and their words are in the vocabulary already. */
struct stretch_memo {
	uint64_t k0, k1;
	uint32_t stamp; /* the article whose set has the hashes */
	uint8_t n, nh;  /* the stretch's length (0: empty), the hashes */
	uint32_t h[WIDX_SMEMO_HASHES];
};

/* What one thread keeps while it indexes texts. */
struct tok_buf {
	struct strset vocab; /* every word seen, as folded */
	bool vocab_full;
	size_t *starts, *ends; /* a word's possible hit starts and ends */
	size_t scap, ecap;
	struct search_folder *folder; /* with a map, the default mode */
	unsigned char *word; /* an ASCII word, lowered */
	size_t wcap;
	unsigned char *oword; /* a Danish word's key with ø read as o */
	size_t owcap;
	/* The hashes of the thread's share of a block, each once with a
	 * number (an id): an open addressing table of id + 1 by hash, and by
	 * id the hash, the articles that have it, the last of them (its
	 * stamp, art) and a word of the vocabulary with that hash (offset + 1
	 * in the arena, or 0), so a word met again does not ask the
	 * vocabulary's far larger table. Emptied at each block. */
	uint32_t *slot;
	size_t slotcap;
	uint32_t *ghash, *gcnt, *glast, *gvoff;
	size_t nid, idcap;
	uint32_t gen; /* the block's turn: a memo's id is of this table
	                 while its gen is this (never 0) */
	/* The ids of each article of the share in turn, each once, and
	 * where each article's end in them. */
	uint32_t *ids;
	size_t nids, idscap;
	uint32_t *aend;
	size_t aendcap;
	/* The memos (direct-mapped: a word that loses its place is folded
	 * and hashed again, the same as before), and the article whose words
	 * are indexed, whose number + 1 stamps an entry whose hashes the
	 * article has (never 0, an empty entry's). */
	struct word_memo *wmemo;
	struct stretch_memo *smemo;
	uint32_t art;
	/* While a stretch is folded the first time: every hash pushed, up to
	 * WIDX_SMEMO_HASHES (more: nrec says so, and it is not kept). */
	bool rec;
	size_t nrec;
	uint32_t recs[WIDX_SMEMO_HASHES];
};

/* The id of hash h in the share's table, a new one if it has none. */
static uint32_t hash_id(struct tok_buf *tb, uint32_t h)
{
	size_t m;

	if (2 * (tb->nid + 1) > tb->slotcap) {
		size_t nc = tb->slotcap ? 2 * tb->slotcap : 4096;
		free(tb->slot);
		tb->slot = util_xcalloc(nc, sizeof(*tb->slot));
		tb->slotcap = nc;
		for (size_t d = 0; d < tb->nid; d++) {
			m = (tb->ghash[d] * 2654435761u) & (nc - 1);
			while (tb->slot[m])
				m = (m + 1) & (nc - 1);
			tb->slot[m] = (uint32_t)d + 1;
		}
	}
	m = (h * 2654435761u) & (tb->slotcap - 1);
	while (tb->slot[m]) {
		if (tb->ghash[tb->slot[m] - 1] == h)
			return tb->slot[m] - 1;
		m = (m + 1) & (tb->slotcap - 1);
	}
	if (tb->nid == tb->idcap) {
		size_t c = tb->idcap;
		util_grow((void **)&tb->ghash, &c, tb->nid + 1, sizeof(*tb->ghash));
		tb->gcnt = util_xrealloc(tb->gcnt, c * sizeof(*tb->gcnt));
		tb->glast = util_xrealloc(tb->glast, c * sizeof(*tb->glast));
		tb->gvoff = util_xrealloc(tb->gvoff, c * sizeof(*tb->gvoff));
		tb->idcap = c;
	}
	tb->ghash[tb->nid] = h;
	tb->gcnt[tb->nid] = 0;
	tb->glast[tb->nid] = 0;
	tb->gvoff[tb->nid] = 0;
	tb->slot[m] = (uint32_t)tb->nid + 1;
	return (uint32_t)tb->nid++;
}

/* Empties the share's table for the next block. */
static void hash_ids_clear(struct tok_buf *tb)
{
	if (tb->slot)
		memset(tb->slot, 0, tb->slotcap * sizeof(*tb->slot));
	tb->nid = 0;
	tb->nids = 0;
	tb->gen++;
}

/* The article has the hash of id: listed once. */
static inline void add_id(struct tok_buf *tb, uint32_t id)
{
	if (tb->glast[id] == tb->art)
		return;
	tb->glast[id] = tb->art;
	tb->gcnt[id]++;
	if (tb->nids == tb->idscap)
		util_grow((void **)&tb->ids, &tb->idscap, tb->nids + 1,
		          sizeof(*tb->ids));
	tb->ids[tb->nids++] = id;
}

/* Adds h to the article's hashes unless it is there already. */
static void push_hash(struct tok_buf *tb, uint32_t h)
{
	if (tb->rec) {
		if (tb->nrec < WIDX_SMEMO_HASHES)
			tb->recs[tb->nrec] = h;
		tb->nrec++;
	}
	add_id(tb, hash_id(tb, h));
}

/* Adds w[0..n) to the thread's vocabulary; its offset + 1 there, or 0. */
static uint32_t add_vocab(struct tok_buf *tb, const unsigned char *w,
                          size_t n, uint64_t h)
{
	uint32_t o;

	if (tb->vocab_full)
		return 0;
	o = strset_add(&tb->vocab, (const char *)w, n, h, true);
	if (!o)
		tb->vocab_full = true;
	return o;
}

/* An ASCII word w[0..n) (zeros after it) of hash h: its hash into the
 * article's hashes and the word into the vocabulary, each unless there.
 * A word met again in the block (most words are) is the word its hash's
 * id remembers, and the vocabulary's far larger table is not asked.
 * Returns the id. */
static uint32_t push_word(struct tok_buf *tb, const unsigned char *w, size_t n,
                          uint64_t h)
{
	uint32_t id = hash_id(tb, (uint32_t)(h >> 32)), o;

	add_id(tb, id);
	/* The arena's copy ends in a NUL, as w does. */
	if (tb->gvoff[id] && same_word(tb->vocab.arena + tb->gvoff[id] - 1, w, n))
		return id;
	o = add_vocab(tb, w, n, h);
	if (!tb->gvoff[id])
		tb->gvoff[id] = o;
	return id;
}

/* The words of text[from, to), a stretch with letters beyond ASCII: folded
 * as search folds it, with the parts of each word a whole-word hit could
 * cover. Returns false when some word has too many parts. */
static bool fold_words(struct tok_buf *tb, const char *text, size_t len,
                       size_t from, size_t to)
{
	const struct search_folded *fp =
	    search_folder_fold(tb->folder, text + from, to - from,
	                       SEARCH_MODE_DEFAULT);
	const struct search_folded f = *fp;
	const char *k;
	size_t i = 0;
	bool ok = true;

	k = f.s;
	while (i < f.len) {
		ucs4_t uc;
		int l = u8_mbtouc(&uc, (const uint8_t *)k + i, f.len - i);
		size_t ts = i, ns = 0, ne = 0;

		if (l <= 0)
			l = 1;
		if (!alnum(uc)) {
			i += (size_t)l;
			continue;
		}
		/* One word of the key: [ts, i). A hit may start at its start
		 * or where the text has no letter before the key's character,
		 * and end at its end or where the text has none after. */
		util_grow((void **)&tb->starts, &tb->scap, ns + 1, sizeof(size_t));
		tb->starts[ns++] = ts;
		while (i < f.len) {
			l = u8_mbtouc(&uc, (const uint8_t *)k + i, f.len - i);
			if (l <= 0)
				l = 1;
			if (!alnum(uc))
				break;
			if (i > ts) {
				if (!orig_alnum_before(text, from + f.ostart[i])) {
					util_grow((void **)&tb->starts, &tb->scap,
					          ns + 1, sizeof(size_t));
					tb->starts[ns++] = i;
				}
				if (!orig_alnum_at(text, len, from + f.oend[i - 1])) {
					util_grow((void **)&tb->ends, &tb->ecap,
					          ne + 1, sizeof(size_t));
					tb->ends[ne++] = i;
				}
			}
			i += (size_t)l;
		}
		util_grow((void **)&tb->ends, &tb->ecap, ne + 1, sizeof(size_t));
		tb->ends[ne++] = i;
		if (!tb->vocab_full &&
		    !strset_add(&tb->vocab, k + ts, i - ts,
		                hash64((const unsigned char *)k + ts, i - ts), false))
			tb->vocab_full = true;
		if (ns * ne > WIDX_MAX_PARTS) {
			ok = false;
			ns = ne = 1;
			tb->ends[0] = i;
		}
		for (size_t a = 0; a < ns; a++)
			for (size_t b = 0; b < ne; b++)
				if (tb->starts[a] < tb->ends[b])
					push_hash(tb, word_hash(k + tb->starts[a],
					                        tb->ends[b] - tb->starts[a]));
	}
	return ok;
}

/* How many of the eight bytes of x (little-endian) from the first are
 * ASCII letters or digits; l is x with every byte's 0x20 bit set, which
 * lowers a letter and keeps a digit. A byte's test is a sum whose top bit
 * says whether it reaches a bound; a byte beyond ASCII fails, and what its
 * carry spoils lies after it. */
static inline size_t alnum_run8(uint64_t x, uint64_t l)
{
	const uint64_t ones = 0x0101010101010101ULL, top = 0x8080808080808080ULL;
	uint64_t letter = (l + (0x80 - 'a') * ones) & ~(l + (0x7f - 'z') * ones);
	uint64_t digit = (x + (0x80 - '0') * ones) & ~(x + (0x7f - '9') * ones);
	uint64_t no = ~(letter | digit) & top;

	no |= x & top;
	return no ? (size_t)__builtin_ctzll(no) / 8 : 8;
}

/* Whether text[i] ends a stretch: ASCII, neither letter nor digit, and not
 * followed by a combining mark (which would fold with it), so the
 * stretches fold on their own exactly as they fold in the whole text. */
static bool is_cut(const unsigned char *t, size_t len, size_t i)
{
	return !wtab[t[i]] && (i + 1 == len || t[i + 1] < 0x80);
}

/* What the key has for the Danish letter whose UTF-8 bytes are 0xc3 b:
 * 1 for ø and Ø (ø), 2 for å and Å (aa), 3 for æ and Æ (ae), 0 for any
 * other. */
static int danish_letter(unsigned char b)
{
	switch (b) {
	case 0xb8: case 0x98:
		return 1;
	case 0xa5: case 0x85:
		return 2;
	case 0xa6: case 0x86:
		return 3;
	default:
		return 0;
	}
}

/* The words of t[from, to), a stretch fold_words would fold, when its only
 * bytes beyond ASCII are the Danish letters, the common case: folded here
 * as search_fold folds them (ASCII lowered, æ to ae, å to aa, ø kept), with
 * the same parts. A key's word is then a word of the text; a hit may also
 * start at the second letter of a first å or æ, and end before the second
 * letter of a last one (fold_words: no letter before or after in the
 * text). False, having done nothing, for any other stretch. */
static bool danish_words(struct tok_buf *tb, const unsigned char *t,
                         size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to;) {
		if (t[i] < 0x80)
			i++;
		else if (t[i] == 0xc3 && i + 1 < to && danish_letter(t[i + 1]))
			i += 2;
		else
			return false;
	}
	if (tb->owcap < to - from + 8)
		util_grow((void **)&tb->oword, &tb->owcap, to - from + 8, 1);
	for (i = from; i < to;) {
		unsigned char *k = tb->word, *o = tb->oword;
		size_t n = 0, on = 0;
		bool first_two = false, last_two = false;

		while (i < to && t[i] < 0x80 && !wtab[t[i]])
			i++;
		if (i == to)
			break;
		while (i < to) {
			int d = t[i] < 0x80 ? 0 : danish_letter(t[i + 1]);
			if (t[i] < 0x80 && !wtab[t[i]])
				break;
			last_two = d >= 2;
			if (n == 0)
				first_two = last_two;
			if (!d) {
				k[n++] = o[on++] = wtab[t[i]];
				i++;
				continue;
			}
			if (d == 1) {
				k[n++] = 0xc3;
				k[n++] = 0xb8;
				o[on++] = 'o';
			} else {
				k[n++] = o[on++] = 'a';
				k[n++] = o[on++] = d == 2 ? 'a' : 'e';
			}
			i += 2;
		}
		memset(k + n, 0, 8);
		memset(o + on, 0, 8);
		add_vocab(tb, k, n, hash64_at(k, n, true));
		for (size_t a = 0; a <= (first_two ? 1u : 0u); a++) {
			push_hash(tb, (uint32_t)(hash64_at(o + a, on - a, true) >> 32));
			if (last_two && on - 1 > a)
				push_hash(tb, (uint32_t)(hash64(o + a, on - 1 - a) >> 32));
		}
	}
	return true;
}

/* The memo slot of a key of two words among 2^bits. */
static inline size_t memo_slot(uint64_t k0, uint64_t k1, unsigned bits)
{
	return (size_t)(((k0 ^ (k1 * 0x9e3779b97f4a7c15ULL)) *
	                 0xd6e8feb86659fd93ULL) >> (64 - bits));
}

/* The bytes below the k-th of a little-endian word, k up to 8. */
static inline uint64_t low_bytes(size_t k)
{
	return k >= 8 ? ~0ULL : (1ULL << (8 * k)) - 1;
}

/* An ASCII word of n bytes, 1 to 16, lowered into k0 and k1 (zeros after
 * it), as push_word takes it: from the memo when the thread has seen it,
 * which spares the hash, the vocabulary's table and the article's set
 * for a word the article had already. */
static void memo_word(struct tok_buf *tb, uint64_t k0, uint64_t k1, size_t n)
{
	struct word_memo *e = &tb->wmemo[memo_slot(k0, k1, WIDX_WMEMO_BITS)];
	uint64_t h;

	/* An empty entry has k0 == 0, which no word's first byte is. */
	if (e->k0 == k0 && e->k1 == k1) {
		if (e->stamp != tb->art) {
			e->stamp = tb->art;
			if (e->gen != tb->gen) {
				e->id = hash_id(tb, e->h32);
				e->gen = tb->gen;
			}
			add_id(tb, e->id);
		}
		return;
	}
	/* Stored as whole words, so the hash's loads take them straight
	 * from the stores. */
	memcpy(tb->word, &k0, 8);
	memcpy(tb->word + 8, &k1, 8);
	memset(tb->word + 16, 0, 8);
	h = hash64_at(tb->word, n, true);
	*e = (struct word_memo){.k0 = k0, .k1 = k1, .h32 = (uint32_t)(h >> 32),
	                        .stamp = tb->art, .gen = tb->gen,
	                        .id = push_word(tb, tb->word, n, h)};
}

/* The words of the stretch text[from, to) (see is_cut), by danish_words
 * or fold_words the first time the thread meets its bytes, from its memo
 * after that. Returns false when some word has too many parts. */
static bool stretch_words(struct tok_buf *tb, const char *text, size_t len,
                          size_t from, size_t to)
{
	size_t n = to - from;
	uint64_t k[2] = {0, 0};
	struct stretch_memo *e = NULL;
	bool ok;

	if (n <= sizeof(k)) {
		memcpy(k, text + from, n);
		e = &tb->smemo[memo_slot(k[0], k[1], WIDX_SMEMO_BITS)];
		/* The length too: the text may hold a zero byte. */
		if (e->n == n && e->k0 == k[0] && e->k1 == k[1]) {
			if (e->stamp != tb->art) {
				e->stamp = tb->art;
				for (size_t j = 0; j < e->nh; j++)
					push_hash(tb, e->h[j]);
			}
			return true;
		}
		tb->rec = true;
		tb->nrec = 0;
	}
	ok = danish_words(tb, (const unsigned char *)text, from, to) ||
	     fold_words(tb, text, len, from, to);
	if (e) {
		tb->rec = false;
		/* An odd stretch is folded each time: it is rare, and its
		 * article is listed as odd each time. */
		if (ok && tb->nrec <= WIDX_SMEMO_HASHES) {
			e->k0 = k[0];
			e->k1 = k[1];
			e->n = (uint8_t)n;
			e->nh = (uint8_t)tb->nrec;
			e->stamp = tb->art;
			memcpy(e->h, tb->recs, tb->nrec * sizeof(*e->h));
		}
	}
	return ok;
}

/* The hashes of one text's words and of the parts of them a whole-word
 * hit could cover, each once, in tb->h. Returns false when some
 * word has too many parts (the article is odd). A word of ASCII letters
 * and digits folds to itself in lower case, the common case, hashed here
 * without search_fold. */
static bool text_words(struct tok_buf *tb, const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t i = 0;
	bool ok = true;

	/* Room for the longest word and the zeros the hash reads after it. */
	if (tb->wcap < len + 8)
		util_grow((void **)&tb->word, &tb->wcap, len + 8, 1);
	while (i < len) {
		size_t s = i, n = 0;
		unsigned char c = wtab[t[i]];

		if (!c && (i + 1 == len || t[i + 1] < 0x80)) {
			i++;
			continue;
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* A word of up to 16 ASCII letters and digits that a cut ends
		 * (most words), lowered in two loads, for the memo; any other
		 * goes on below from its start. */
		if ((signed char)c > 0 && i + 16 <= len) {
			uint64_t x, l0, l1 = 0;
			size_t k;

			memcpy(&x, t + i, 8);
			l0 = x | 0x2020202020202020ULL;
			k = alnum_run8(x, l0);
			l0 &= low_bytes(k);
			if (k == 8) {
				memcpy(&x, t + i + 8, 8);
				l1 = x | 0x2020202020202020ULL;
				k = alnum_run8(x, l1);
				l1 &= low_bytes(k);
				k += 8;
			}
			if (i + k == len || is_cut(t, len, i + k)) {
				memo_word(tb, l0, l1, k);
				/* Past the cut too: the loop would skip it. */
				i += k + (i + k < len);
				continue;
			}
		}
		/* Eight bytes at a time while they are ASCII letters and
		 * digits (a word and the byte after it, mostly); the byte
		 * loop below goes on from the first byte that is not. */
		if ((signed char)c > 0) {
			size_t k = 8;
			while (k == 8 && i + 8 <= len) {
				uint64_t x, l;
				memcpy(&x, t + i, 8);
				l = x | 0x2020202020202020ULL;
				memcpy(tb->word + n, &l, 8);
				k = alnum_run8(x, l);
				n += k;
				i += k;
			}
			c = i < len ? wtab[t[i]] : 0;
		}
#endif
		/* ASCII letters and digits, lowered as they come (0 and W_HIGH
		 * are the only values that are not positive as signed chars). */
		while ((signed char)c > 0) {
			tb->word[n++] = c;
			if (++i == len)
				break;
			c = wtab[t[i]];
		}
		if (i == len || is_cut(t, len, i)) {
			uint64_t h;
			memset(tb->word + n, 0, 8);
			h = hash64_at(tb->word, n, true);
			push_word(tb, tb->word, n, h);
			continue;
		}
		/* Something beyond ASCII (or a mark) in the stretch: fold it. */
		while (i < len && !is_cut(t, len, i))
			i++;
		if (!stretch_words(tb, text, len, s, i))
			ok = false;
	}
	return ok;
}

/* ---- the build -------------------------------------------------------------- */

/* A share of a block's words: each hash once, in increasing order, with
 * how many articles and which (as 16-bit offsets from the share's first
 * article, in increasing order). */
struct partial {
	uint32_t *hash, *count;
	uint16_t *arts;
	size_t nwords, pos; /* pos: the merge's place */
	size_t artpos;
	size_t base; /* the share's first article */
};

/* One thread's share of a block: articles [from, to), their words, and
 * the odd articles. */
struct block_job {
	const struct corpus *c;
	size_t from, to;
	struct partial pt; /* made by the thread, taken by the caller */
	uint32_t *odd;
	size_t nodd, ocap;
	struct tok_buf tb;
};

/* Sorts keys by their high half (no two alike), three stable counting
 * passes of 11 bits, 10 for the last, between keys and tmp; returns the
 * one that holds the result. 2,048 places a pass stay in the cache, as a
 * share's words number some thousands. */
static uint64_t *radix_by_high(uint64_t *keys, size_t n, uint64_t *tmp)
{
	static const unsigned shift[3] = {32, 43, 54};
	size_t cnt[3][2048] = {{0}};

	for (size_t i = 0; i < n; i++)
		for (size_t p = 0; p < 3; p++)
			cnt[p][(keys[i] >> shift[p]) & 2047]++;
	for (size_t p = 0; p < 3; p++) {
		size_t sum = 0;
		for (size_t d = 0; d < 2048; d++) {
			size_t c = cnt[p][d];
			cnt[p][d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[cnt[p][(keys[i] >> shift[p]) & 2047]++] = keys[i];
		uint64_t *sw = keys;
		keys = tmp;
		tmp = sw;
	}
	return keys;
}

/* The share's partial from its table of hashes: the ids in the order of
 * their hashes, then each article's ids put in their lists, articles in
 * turn, so each list is in article order. */
static void share_partial(struct block_job *j)
{
	struct tok_buf *tb = &j->tb;
	struct partial *pt = &j->pt;
	size_t nw = tb->nid, at = 0, i = 0;
	uint64_t *keys = util_xmalloc((nw ? nw : 1) * sizeof(*keys));
	uint64_t *tmp = util_xmalloc((nw ? nw : 1) * sizeof(*tmp)), *sorted;

	*pt = (struct partial){.base = j->from, .nwords = nw};
	for (size_t d = 0; d < nw; d++)
		keys[d] = (uint64_t)tb->ghash[d] << 32 | d;
	sorted = radix_by_high(keys, nw, tmp);
	pt->hash = util_xmalloc((nw ? nw : 1) * sizeof(*pt->hash));
	pt->count = util_xmalloc((nw ? nw : 1) * sizeof(*pt->count));
	pt->arts = util_xmalloc((tb->nids ? tb->nids : 1) * sizeof(*pt->arts));
	/* glast, no longer needed as the last article, becomes where the
	 * next article of the id goes. */
	for (size_t r = 0; r < nw; r++) {
		uint32_t d = (uint32_t)sorted[r];
		pt->hash[r] = tb->ghash[d];
		pt->count[r] = tb->gcnt[d];
		tb->glast[d] = (uint32_t)at;
		at += tb->gcnt[d];
	}
	for (size_t k = 0; k < j->to - j->from; k++)
		for (; i < tb->aend[k]; i++)
			pt->arts[tb->glast[tb->ids[i]]++] = (uint16_t)k;
	free(keys);
	free(tmp);
}

static void *block_worker(void *arg)
{
	struct block_job *j = arg;

	if (!j->tb.folder) {
		j->tb.folder = search_folder_new(true);
		j->tb.wmemo = util_xcalloc((size_t)1 << WIDX_WMEMO_BITS,
		                           sizeof(*j->tb.wmemo));
		j->tb.smemo = util_xcalloc((size_t)1 << WIDX_SMEMO_BITS,
		                           sizeof(*j->tb.smemo));
	}
	hash_ids_clear(&j->tb);
	if (j->tb.aendcap < j->to - j->from)
		util_grow((void **)&j->tb.aend, &j->tb.aendcap, j->to - j->from,
		          sizeof(*j->tb.aend));
	for (size_t a = j->from; a < j->to; a++) {
		struct corpus_text t;
		bool ok;

		/* Below UINT32_MAX articles (wordidx_build_beside), so no
		 * article's stamp is 0, an empty entry's. */
		j->tb.art = (uint32_t)a + 1;
		if (corpus_text_get(j->c, a, &t) < 0) {
			/* A text that is gone cannot be ruled out. */
			ok = false;
		} else {
			ok = text_words(&j->tb, t.text, t.len);
			corpus_text_put(&t);
		}
		if (!ok) {
			util_grow((void **)&j->odd, &j->ocap, j->nodd + 1,
			          sizeof(*j->odd));
			j->odd[j->nodd++] = (uint32_t)a;
		}
		j->tb.aend[a - j->from] = (uint32_t)j->tb.nids;
	}
	share_partial(j);
	return NULL;
}

static void partial_free(struct partial *pt)
{
	free(pt->hash);
	free(pt->count);
	free(pt->arts);
}

static size_t put_varint(unsigned char *p, uint32_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/* Appends a varint to a growing byte array. */
static void add_varint(unsigned char **b, size_t *n, size_t *cap, uint32_t v)
{
	util_grow((void **)b, cap, *n + 5, 1);
	*n += put_varint(*b + *n, v);
}

/* Points w's sections into w->buf, as the counts say. */
static void point_sections(struct wordidx *w)
{
	w->hashes = w->buf + WIDX_HEADER;
	w->offs = w->hashes + w->nwords * 4;
	w->odd = w->offs + w->nwords * 4;
	w->vocab = w->odd + w->oddbytes;
	w->lists = w->vocab + w->vocabbytes;
}

/* Whether partial a's word comes before partial b's: by hash, then by
 * partial, so a hash's lists come out in article order. */
static bool merge_before(const struct partial *pts, uint32_t a, uint32_t b)
{
	uint32_t ha = pts[a].hash[pts[a].pos], hb = pts[b].hash[pts[b].pos];

	return ha < hb || (ha == hb && a < b);
}

/* Restores the heap's order below place i. */
static void merge_sift(const struct partial *pts, uint32_t *heap, size_t n,
                       size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && merge_before(pts, heap[l], heap[m]))
			m = l;
		if (l + 1 < n && merge_before(pts, heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			return;
		uint32_t t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

/* Merges the shares' words into the flat index: a heap of the partials by
 * their next word, since a large corpus has some hundreds of them and
 * millions of words (a scan of every partial for every word would be
 * their product). */
static struct wordidx *merge(struct partial *pts, size_t npt, size_t narticles,
                             const uint32_t *odd, size_t nodd,
                             const struct strset *vocab)
{
	unsigned char *lists = NULL, *oddb = NULL;
	size_t nlists = 0, lcap = 0, noddb = 0, ocap = 0;
	uint32_t *hashes = NULL, *offs = NULL;
	size_t nw = 0, wcap = 0, ocap2 = 0, nheap = 0;
	uint32_t *heap = util_xmalloc((npt ? npt : 1) * sizeof(*heap));
	uint32_t *sel = util_xmalloc((npt ? npt : 1) * sizeof(*sel));
	struct wordidx *w;
	unsigned char *p;

	for (size_t i = 0; i < nodd; i++)
		add_varint(&oddb, &noddb, &ocap, i ? odd[i] - odd[i - 1] : odd[i]);
	for (size_t b = 0; b < npt; b++)
		if (pts[b].nwords)
			heap[nheap++] = (uint32_t)b;
	for (size_t i = nheap / 2; i-- > 0;)
		merge_sift(pts, heap, nheap, i);
	while (nheap) {
		uint32_t h = pts[heap[0]].hash[pts[heap[0]].pos];
		size_t df = 0, nsel = 0;

		/* The partials that have h, in their order (the heap's). */
		while (nheap && pts[heap[0]].hash[pts[heap[0]].pos] == h) {
			sel[nsel++] = heap[0];
			df += pts[heap[0]].count[pts[heap[0]].pos];
			heap[0] = heap[--nheap];
			merge_sift(pts, heap, nheap, 0);
		}
		util_grow((void **)&hashes, &wcap, nw + 1, sizeof(*hashes));
		util_grow((void **)&offs, &ocap2, nw + 1, sizeof(*offs));
		hashes[nw] = h;
		offs[nw] = (uint32_t)nlists;
		nw++;
		/* A common word keeps no list: it narrows nothing. */
		bool common = narticles >= WIDX_COMMON_MIN && df > narticles / 8;
		uint32_t prev = 0;
		bool first = true;
		for (size_t k = 0; k < nsel; k++) {
			struct partial *pt = &pts[sel[k]];
			for (uint32_t q = 0; q < pt->count[pt->pos]; q++) {
				uint32_t a = (uint32_t)(pt->base + pt->arts[pt->artpos + q]);
				if (!common)
					add_varint(&lists, &nlists, &lcap,
					           first ? a : a - prev);
				prev = a;
				first = false;
			}
			pt->artpos += pt->count[pt->pos];
			pt->pos++;
			if (pt->pos < pt->nwords) {
				/* Back in the heap, sifted up to its place. */
				size_t i = nheap++;
				heap[i] = sel[k];
				while (i && merge_before(pts, heap[i], heap[(i - 1) / 2])) {
					uint32_t t = heap[i];
					heap[i] = heap[(i - 1) / 2];
					heap[(i - 1) / 2] = t;
					i = (i - 1) / 2;
				}
			}
		}
	}
	free(heap);
	free(sel);

	if (nlists > UINT32_MAX) {
		/* Offsets are 32 bits: no index rather than a wrong one. */
		free(hashes);
		free(offs);
		free(oddb);
		free(lists);
		return NULL;
	}
	w = util_xcalloc(1, sizeof(*w));
	w->narticles = narticles;
	w->nwords = nw;
	w->oddbytes = noddb;
	w->listbytes = nlists;
	w->nvocab = vocab ? vocab->n : 0;
	w->vocabbytes = vocab ? vocab->alen : 0;
	w->has_vocab = vocab != NULL;
	w->size = WIDX_HEADER + nw * 8 + noddb + w->vocabbytes + nlists;
	w->buf = util_xmalloc(w->size);
	p = w->buf;
	p = bytes_put32(p, WIDX_MAGIC);
	p = bytes_put32(p, WIDX_VERSION);
	p = bytes_put64(p, narticles);
	p = bytes_put64(p, nw);
	p = bytes_put64(p, noddb);
	p = bytes_put64(p, nlists);
	p = bytes_put64(p, vocab ? vocab->n : 0);
	p = bytes_put64(p, vocab ? vocab->alen : 0);
	p = bytes_put64(p, vocab != NULL);
	for (size_t i = 0; i < nw; i++)
		p = bytes_put32(p, hashes[i]);
	for (size_t i = 0; i < nw; i++)
		p = bytes_put32(p, offs[i]);
	if (noddb)
		memcpy(p, oddb, noddb);
	p += noddb;
	if (vocab && vocab->alen)
		memcpy(p, vocab->arena, vocab->alen);
	p += vocab ? vocab->alen : 0;
	if (nlists)
		memcpy(p, lists, nlists);
	free(hashes);
	free(offs);
	free(oddb);
	free(lists);
	/* Used where it was made: reading it back (checking every word of
	 * the vocabulary against the table, a copy of every byte) was a
	 * tenth of a build with millions of words, for bytes the tests read
	 * back (test_bytes_read_back). */
	point_sections(w);
	return w;
}

struct wordidx *wordidx_build(const struct corpus *c, const atomic_bool *cancel)
{
	return wordidx_build_beside(c, cancel, NULL);
}

struct wordidx *wordidx_build_beside(const struct corpus *c, const atomic_bool *cancel,
                                     const atomic_bool *all_cores)
{
	enum { MAX_THREADS = 8 };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = cpus > 1 ? (size_t)cpus : 1, npt = 0;
	struct partial *pts;
	struct block_job jobs[MAX_THREADS];
	uint32_t *odd = NULL;
	size_t nodd = 0, ocap = 0;
	struct wordidx *w = NULL;
	bool cancelled = false, full = false;
	struct strset vocab = {0};

	if (nt > MAX_THREADS)
		nt = MAX_THREADS;
	if (c->n >= UINT32_MAX)
		return NULL;
	pts = util_xcalloc((c->n / WIDX_BLOCK + 1) * nt, sizeof(*pts));
	memset(jobs, 0, sizeof(jobs));
	for (size_t b0 = 0; b0 < c->n; b0 += WIDX_BLOCK) {
		size_t b1 = b0 + WIDX_BLOCK < c->n ? b0 + WIDX_BLOCK : c->n;
		size_t bt = nt;
		pthread_t tid[MAX_THREADS];
		bool started[MAX_THREADS] = {false};

		if (cancel && atomic_load_explicit(cancel, memory_order_acquire)) {
			cancelled = true;
			break;
		}
		if (bt > (b1 - b0) / 64)
			bt = (b1 - b0) / 64 ? (b1 - b0) / 64 : 1;
		for (size_t t = 0; t < bt; t++) {
			jobs[t].c = c;
			jobs[t].from = b0 + (b1 - b0) * t / bt;
			jobs[t].to = b0 + (b1 - b0) * (t + 1) / bt;
			jobs[t].nodd = 0;
		}
		/* A block's shares are the same (and so is each share's
		 * vocabulary) whether they run at once or one after the other
		 * on this thread: only the time differs. */
		bool spread = !all_cores ||
		              atomic_load_explicit(all_cores, memory_order_acquire);
		for (size_t t = 1; t < bt; t++)
			started[t] = spread && util_thread_start(&tid[t], block_worker,
			                                         &jobs[t]) == 0;
		block_worker(&jobs[0]);
		for (size_t t = 1; t < bt; t++) {
			if (started[t])
				pthread_join(tid[t], NULL);
			else
				block_worker(&jobs[t]);
		}
		/* The shares' words in share order are in article order:
		 * merge joins a word's lists of them in that order. */
		for (size_t t = 0; t < bt; t++) {
			pts[npt++] = jobs[t].pt;
			jobs[t].pt = (struct partial){0};
			util_grow((void **)&odd, &ocap, nodd + jobs[t].nodd + 1,
			          sizeof(*odd));
			if (jobs[t].nodd)
				memcpy(odd + nodd, jobs[t].odd,
				       jobs[t].nodd * sizeof(*odd));
			nodd += jobs[t].nodd;
		}
	}
	/* The threads' words, each once: the first thread's set, which
	 * holds its words once in the order they came, and the others'
	 * words it does not have, added after them. */
	if (!cancelled) {
		vocab = jobs[0].tb.vocab;
		jobs[0].tb.vocab = (struct strset){0};
		full = jobs[0].tb.vocab_full;
	}
	for (size_t t = 1; t < MAX_THREADS && !full && !cancelled; t++) {
		const struct strset *v = &jobs[t].tb.vocab;
		full = jobs[t].tb.vocab_full;
		for (size_t o = 0; o < v->alen && !full;) {
			size_t n = strlen(v->arena + o);
			full = !strset_add(&vocab, v->arena + o, n,
			                   hash64((const unsigned char *)v->arena + o, n),
			                   false);
			o += n + 1;
		}
	}
	for (size_t t = 0; t < MAX_THREADS; t++) {
		free(jobs[t].odd);
		free(jobs[t].tb.starts);
		free(jobs[t].tb.ends);
		search_folder_free(jobs[t].tb.folder);
		free(jobs[t].tb.word);
		free(jobs[t].tb.oword);
		strset_free(&jobs[t].tb.vocab);
		free(jobs[t].tb.slot);
		free(jobs[t].tb.ghash);
		free(jobs[t].tb.gcnt);
		free(jobs[t].tb.glast);
		free(jobs[t].tb.gvoff);
		free(jobs[t].tb.ids);
		free(jobs[t].tb.aend);
		free(jobs[t].tb.wmemo);
		free(jobs[t].tb.smemo);
	}
	if (!cancelled)
		w = merge(pts, npt, c->n, odd, nodd, full ? NULL : &vocab);
	strset_free(&vocab);
	for (size_t b = 0; b < npt; b++)
		partial_free(&pts[b]);
	free(pts);
	free(odd);
	return w;
}

void wordidx_free(struct wordidx *w)
{
	if (!w)
		return;
	free(w->buf);
	free(w);
}

/* ---- the bytes -------------------------------------------------------------- */

void wordidx_serialize(const struct wordidx *w, struct strbuf *out)
{
	if (w)
		sb_append(out, (const char *)w->buf, w->size);
}

/* Reads a varint at *p below end; false if it runs past end or does not
 * fit 32 bits. */
static bool get_varint(const unsigned char **p, const unsigned char *end,
                       uint32_t *v)
{
	uint64_t x = 0;

	for (unsigned sh = 0; sh < 35; sh += 7) {
		if (*p >= end)
			return false;
		unsigned char b = *(*p)++;
		x |= (uint64_t)(b & 0x7f) << sh;
		if (!(b & 0x80)) {
			if (x > UINT32_MAX)
				return false;
			*v = (uint32_t)x;
			return true;
		}
	}
	return false;
}

/* Whether [p, end) is an increasing run of article numbers below n, at
 * least one unless empty_ok. */
static bool list_ok(const unsigned char *p, const unsigned char *end, size_t n)
{
	uint64_t a = 0;
	bool first = true;

	while (p < end) {
		uint32_t d;
		if (!get_varint(&p, end, &d) || (!first && d == 0))
			return false;
		a = first ? d : a + d;
		if (a >= n)
			return false;
		first = false;
	}
	return true;
}

/* The place of hash h in the table, or -1. */
static long find_word(const struct wordidx *w, uint32_t h)
{
	size_t lo = 0, hi = w->nwords;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (bytes_get32(w->hashes + mid * 4) < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->nwords && bytes_get32(w->hashes + lo * 4) == h ? (long)lo : -1;
}

struct wordidx *wordidx_deserialize(const void *buf, size_t len,
                                    size_t narticles)
{
	const unsigned char *b = buf;
	uint64_t hd[7], na, nw, nodd, nlists, nvocab, vbytes, hasv;
	struct wordidx *w;

	if (len < WIDX_HEADER || bytes_get32(b) != WIDX_MAGIC ||
	    bytes_get32(b + 4) != WIDX_VERSION)
		return NULL;
	bytes_get64s(b + 8, hd, 7);
	na = hd[0], nw = hd[1], nodd = hd[2], nlists = hd[3];
	nvocab = hd[4], vbytes = hd[5], hasv = hd[6];
	if (na != narticles || na >= UINT32_MAX || hasv > 1 ||
	    (!hasv && (nvocab || vbytes)))
		return NULL;
	/* Checked by division and subtraction: no sum can overflow. */
	if (nw > (len - WIDX_HEADER) / 8 || nodd > len - WIDX_HEADER - nw * 8 ||
	    vbytes > len - WIDX_HEADER - nw * 8 - nodd ||
	    nlists != len - WIDX_HEADER - nw * 8 - nodd - vbytes ||
	    nlists > UINT32_MAX)
		return NULL;
	w = util_xcalloc(1, sizeof(*w));
	w->buf = util_xmalloc(len ? len : 1);
	memcpy(w->buf, b, len);
	w->size = len;
	w->narticles = (size_t)na;
	w->nwords = (size_t)nw;
	w->oddbytes = (size_t)nodd;
	w->listbytes = (size_t)nlists;
	w->nvocab = (size_t)nvocab;
	w->vocabbytes = (size_t)vbytes;
	w->has_vocab = hasv;
	point_sections(w);
	if (!list_ok(w->odd, w->odd + nodd, na))
		goto bad;
	/* The vocabulary: nvocab words, none empty, each ended by a NUL,
	 * each with a word of the table (a word the build saw has one). */
	{
		size_t words = 0;
		for (size_t o = 0; o < w->vocabbytes; words++) {
			const unsigned char *z =
			    memchr(w->vocab + o, 0, w->vocabbytes - o);
			if (!z || z == w->vocab + o ||
			    find_word(w, word_hash((const char *)w->vocab + o,
			                           (size_t)(z - w->vocab) - o)) < 0)
				goto bad;
			o = (size_t)(z - w->vocab) + 1;
		}
		if (words != w->nvocab)
			goto bad;
	}
	for (size_t i = 0; i < w->nwords; i++) {
		uint32_t o = bytes_get32(w->offs + i * 4);
		uint32_t e = i + 1 < w->nwords ? bytes_get32(w->offs + (i + 1) * 4) :
		                                 (uint32_t)nlists;
		if ((i && bytes_get32(w->hashes + i * 4) <= bytes_get32(w->hashes + (i - 1) * 4)) ||
		    o > e || e > nlists || (i == 0 && o != 0) ||
		    !list_ok(w->lists + o, w->lists + e, na))
			goto bad;
	}
	if (!w->nwords && nlists)
		goto bad;
	return w;
bad:
	wordidx_free(w);
	return NULL;
}

size_t wordidx_words(const struct wordidx *w)
{
	return w ? w->nwords : 0;
}

size_t wordidx_bytes(const struct wordidx *w)
{
	return w ? w->size : 0;
}

const void *wordidx_data(const struct wordidx *w)
{
	return w ? w->buf : NULL;
}

/* ---- candidates ------------------------------------------------------------- */

/* A set of article numbers, increasing. */
struct idset {
	uint32_t *a;
	size_t n, cap;
};

static void decode_into(struct idset *s, const unsigned char *p,
                        const unsigned char *end)
{
	uint32_t a = 0, d;
	bool first = true;

	s->n = 0;
	while (p < end && get_varint(&p, end, &d)) {
		a = first ? d : a + d;
		first = false;
		util_grow((void **)&s->a, &s->cap, s->n + 1, sizeof(*s->a));
		s->a[s->n++] = a;
	}
}

/* out = a ∪ b (out may be neither). */
static void set_union(struct idset *out, const struct idset *a,
                      const struct idset *b)
{
	size_t i = 0, j = 0;

	out->n = 0;
	util_grow((void **)&out->a, &out->cap, a->n + b->n + 1, sizeof(*out->a));
	while (i < a->n || j < b->n) {
		uint32_t x;
		if (j >= b->n || (i < a->n && a->a[i] < b->a[j]))
			x = a->a[i++];
		else if (i >= a->n || b->a[j] < a->a[i])
			x = b->a[j++];
		else {
			x = a->a[i++];
			j++;
		}
		out->a[out->n++] = x;
	}
}

/* a = a ∩ b, in place. */
static void set_intersect(struct idset *a, const struct idset *b)
{
	size_t i = 0, j = 0, n = 0;

	while (i < a->n && j < b->n) {
		if (a->a[i] < b->a[j])
			i++;
		else if (b->a[j] < a->a[i])
			j++;
		else {
			a->a[n++] = a->a[i++];
			j++;
		}
	}
	a->n = n;
}

static void set_swap(struct idset *a, struct idset *b)
{
	struct idset t = *a;
	*a = *b;
	*b = t;
}

/* Looks up one spelling: 1 and its articles added to acc, 0 if absent,
 * -1 if it is a common word (no constraint). */
static int lookup(const struct wordidx *w, const char *s, size_t n,
                  struct idset *acc, struct idset *one, struct idset *tmp)
{
	long at = find_word(w, word_hash(s, n));
	size_t lo;

	if (at < 0)
		return 0;
	lo = (size_t)at;
	uint32_t o = bytes_get32(w->offs + lo * 4);
	uint32_t e = lo + 1 < w->nwords ? bytes_get32(w->offs + (lo + 1) * 4) :
	                                  (uint32_t)w->listbytes;
	if (o == e)
		return -1;
	decode_into(one, w->lists + o, w->lists + e);
	set_union(tmp, acc, one);
	set_swap(acc, tmp);
	return 1;
}

/* The spellings of the text a pattern's word k[0..n) can match under the
 * ø rules, as the index hashes them (ø read as o): each ø of the pattern
 * may be a text's o or oe, each oe a text's oe or ø. Calls lookup for
 * each; returns -1 if any is common or there are too many, else 0. */
static int lookup_variants(const struct wordidx *w, const char *k, size_t n,
                           struct idset *acc, struct idset *one,
                           struct idset *tmp)
{
	/* Places with a choice: where, and how long the pattern's part is. */
	size_t at[8], plen[8], nc = 0;
	char *buf;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		bool osl = i + 1 < n && (unsigned char)k[i] == 0xc3 &&
		           (unsigned char)k[i + 1] == 0xb8;
		bool oe = k[i] == 'o' && i + 1 < n && k[i + 1] == 'e';
		if (osl || oe) {
			if (nc == 5) /* 2^5 = WIDX_MAX_VARIANTS */
				return -1;
			at[nc] = i;
			plen[nc++] = 2;
			i++;
		}
	}
	buf = util_xmalloc(n + nc + 1);
	for (unsigned m = 0; m < (1u << nc); m++) {
		size_t bl = 0, c = 0;
		for (size_t i = 0; i < n;) {
			if (c < nc && i == at[c]) {
				/* bit set: the short spelling "o", else "oe" */
				buf[bl++] = 'o';
				if (!(m >> c & 1u))
					buf[bl++] = 'e';
				i += plen[c++];
				continue;
			}
			buf[bl++] = k[i++];
		}
		if (lookup(w, buf, bl, acc, one, tmp) < 0) {
			rc = -1;
			break;
		}
	}
	free(buf);
	return rc;
}

/* Marks in bits the articles of the word s[0..n) (its exact key). Returns
 * -1 if it is a common word. */
static int mark_word(const struct wordidx *w, const char *s, size_t n,
                     uint8_t *bits)
{
	long at = find_word(w, word_hash(s, n));
	size_t lo;
	uint32_t a = 0, d;
	const unsigned char *p, *end;
	bool first = true;

	if (at < 0)
		return 0;
	lo = (size_t)at;
	p = w->lists + bytes_get32(w->offs + lo * 4);
	end = w->lists + (lo + 1 < w->nwords ? bytes_get32(w->offs + (lo + 1) * 4) :
	                                       (uint32_t)w->listbytes);
	if (p == end)
		return -1;
	while (p < end && get_varint(&p, end, &d)) {
		a = first ? d : a + d;
		first = false;
		if (a < w->narticles)
			bits[a / 8] |= (uint8_t)(1u << (a % 8));
	}
	return 0;
}

/* The articles of every word of the vocabulary that holds k[0..n) (a
 * part of a word, as search matches it: the matcher runs over the
 * vocabulary itself, the words NUL-separated so no match spans two).
 * Returns -1 when that narrows nothing: no vocabulary, a part of one
 * character, too many words or a common one. */
static int vocab_lookup(const struct wordidx *w, const char *k, size_t n,
                        struct idset *out)
{
	struct search_pattern pat;
	struct search_folded f = {0};
	struct search_match *m;
	const char *v = (const char *)w->vocab, *prev = NULL;
	size_t nm, words = 0;
	uint8_t *bits;
	int rc = 0;

	if (!w->has_vocab || n < 2)
		return -1;
	pat = (struct search_pattern){
	    .key = util_xstrndup(k, n),
	    .len = n,
	    .mode = SEARCH_MODE_DEFAULT,
	    .oslash = memchr(k, 'o', n) || memmem(k, n, "\xc3\xb8", 2),
	};
	f.s = (char *)v;
	f.len = w->vocabbytes;
	nm = search_find_folded(&pat, &f, &m);
	bits = util_xcalloc(w->narticles / 8 + 1, 1);
	for (size_t i = 0; i < nm && rc == 0; i++) {
		size_t st = m[i].off;

		while (st > 0 && v[st - 1])
			st--;
		if (prev == v + st)
			continue;
		prev = v + st;
		if (++words > WIDX_MAX_VOCAB_HITS)
			rc = -1;
		else
			rc = mark_word(w, v + st, strlen(v + st), bits);
	}
	out->n = 0;
	for (size_t a = 0; rc == 0 && a < w->narticles; a++)
		if (bits[a / 8] >> (a % 8) & 1u) {
			util_grow((void **)&out->a, &out->cap, out->n + 1,
			          sizeof(*out->a));
			out->a[out->n++] = (uint32_t)a;
		}
	free(bits);
	free(m);
	search_pattern_free(&pat);
	return rc;
}

/* The candidates of one pattern into acc; false when the index cannot
 * narrow it. */
static bool pattern_candidates(const struct wordidx *w, const char *pattern,
                               unsigned mode, struct idset *acc,
                               struct idset *scratch)
{
	struct search_pattern pat;
	struct idset run = {0}, one = {0}, tmp = {0};
	bool whole = mode & SEARCH_WHOLE_WORDS, constrained = false;
	size_t i = 0;

	acc->n = 0;
	if (search_compile(&pat, pattern, mode & SEARCH_MODE_DEFAULT) < 0) {
		search_pattern_free(&pat);
		return true; /* finds nothing: no candidates */
	}
	while (i < pat.len) {
		ucs4_t uc;
		int l = u8_mbtouc(&uc, (const uint8_t *)pat.key + i, pat.len - i);
		size_t s = i;

		if (l <= 0)
			l = 1;
		if (!alnum(uc)) {
			i += (size_t)l;
			continue;
		}
		while (i < pat.len) {
			l = u8_mbtouc(&uc, (const uint8_t *)pat.key + i, pat.len - i);
			if (l <= 0)
				l = 1;
			if (!alnum(uc))
				break;
			i += (size_t)l;
		}
		/* A run is a whole word of the text where the pattern bounds
		 * it, or where a whole-word hit does; else a part of one. */
		run.n = 0;
		if ((s > 0 || whole) && (i < pat.len || whole)) {
			if (lookup_variants(w, pat.key + s, i - s, &run, &one,
			                    &tmp) < 0)
				continue;
		} else if (vocab_lookup(w, pat.key + s, i - s, &run) < 0) {
			continue;
		}
		if (!constrained) {
			set_swap(acc, &run);
			constrained = true;
		} else {
			set_intersect(acc, &run);
		}
	}
	search_pattern_free(&pat);
	free(run.a);
	free(one.a);
	if (constrained) {
		/* The odd articles are candidates for everything. */
		decode_into(scratch, w->odd, w->odd + w->oddbytes);
		set_union(&tmp, acc, scratch);
		set_swap(acc, &tmp);
	}
	free(tmp.a);
	return constrained;
}

long wordidx_candidates(const struct wordidx *w, const char *const *patterns,
                        size_t npatterns, unsigned mode, uint32_t **out)
{
	struct idset all = {0}, one = {0}, scratch = {0}, tmp = {0};
	long n;

	*out = NULL;
	if (!w || (mode & SEARCH_MODE_DEFAULT) != SEARCH_MODE_DEFAULT)
		return -1;
	for (size_t p = 0; p < npatterns; p++) {
		if (!pattern_candidates(w, patterns[p], mode, &one, &scratch)) {
			free(all.a);
			free(one.a);
			free(scratch.a);
			free(tmp.a);
			return -1;
		}
		set_union(&tmp, &all, &one);
		set_swap(&all, &tmp);
	}
	free(one.a);
	free(scratch.a);
	free(tmp.a);
	n = (long)all.n;
	if (all.n)
		*out = all.a;
	else
		free(all.a);
	return n;
}

long wordidx_candidates_all(const struct wordidx *w,
                            const char *const *patterns, size_t npatterns,
                            unsigned mode, uint32_t **out)
{
	struct idset acc = {0};
	bool any = false;

	*out = NULL;
	for (size_t p = 0; p < npatterns; p++) {
		struct idset one = {0};
		long n = wordidx_candidates(w, &patterns[p], 1, mode, &one.a);

		if (n < 0)
			continue;
		one.n = one.cap = (size_t)n;
		if (!any) {
			acc = one;
			any = true;
			continue;
		}
		set_intersect(&acc, &one);
		free(one.a);
	}
	if (!any)
		return -1;
	if (acc.n)
		*out = acc.a;
	else
		free(acc.a);
	return (long)acc.n;
}
