/* test_wordidx.c - the word index: a concordance over its candidates finds
 * exactly what the full scan finds, for many patterns on the bundled
 * corpus and on generated texts full of the folds that make words start
 * or end elsewhere (å, æ, ø/oe, ™, ², soft hyphens, combining marks,
 * ligatures); the bytes read back, and damaged bytes do not. */
#include "testutil.h"

#include "kilde/filter.h"
#include "kilde/search.h"
#include "kilde/wordidx.h"

static size_t used; /* patterns the index narrowed */

/* Both searches of pats under mode, compared hit by hit. */
static void same_hits(const struct corpus *c, const struct wordidx *w,
                      const char *const *pats, size_t n, unsigned mode)
{
	struct search_kwic full, among;
	uint32_t *cand;
	long nc = wordidx_candidates(w, pats, n, mode, &cand);

	search_kwic_any(c, pats, n, mode, &full);
	if (nc < 0) {
		assert_null(cand);
		search_kwic_free(&full);
		return;
	}
	used++;
	for (long i = 1; i < nc; i++)
		assert_true(cand[i - 1] < cand[i]);
	/* No candidate: nothing to search (search_kwic_among would read
	 * no list as every article). */
	if (nc)
		search_kwic_among(c, pats, n, mode, cand, (size_t)nc, &among);
	else
		among = (struct search_kwic){0};
	if (full.n != among.n)
		fail_msg("\"%s\" (mode %u): %zu hits in full, %zu among %ld "
		         "candidates",
		         pats[0], mode, full.n, among.n, nc);
	for (size_t i = 0; i < full.n; i++) {
		assert_int_equal(full.hits[i].article, among.hits[i].article);
		assert_int_equal(full.hits[i].off, among.hits[i].off);
		assert_int_equal(full.hits[i].len, among.hits[i].len);
	}
	free(cand);
	search_kwic_free(&full);
	search_kwic_free(&among);
}

static void both_modes(const struct corpus *c, const struct wordidx *w,
                       const char *pat)
{
	same_hits(c, w, &pat, 1, SEARCH_MODE_DEFAULT);
	same_hits(c, w, &pat, 1, SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS);
}

/* Patterns cut from the texts themselves: single words, two and three
 * words in a row, with their punctuation, every step-th place. */
static void patterns_from_texts(const struct corpus *c,
                                const struct wordidx *w, size_t step)
{
	for (size_t a = 0; a < c->n; a++) {
		const char *t = c->articles[a].text;
		size_t len = c->articles[a].len, k = 0;

		for (size_t i = 0; i < len; k++) {
			size_t s = i, e, e3;

			while (s < len && (t[s] == ' ' || t[s] == '\n'))
				s++;
			e = s;
			while (e < len && t[e] != ' ' && t[e] != '\n')
				e++;
			i = e > s ? e : s + 1;
			if (e == s || k % step)
				continue;
			char *one = util_xstrndup(t + s, e - s);
			both_modes(c, w, one);
			free(one);
			e3 = e;
			for (int words = 0; words < 2 && e3 < len; words++) {
				e3++;
				while (e3 < len && t[e3] != ' ' && t[e3] != '\n')
					e3++;
				char *more = util_xstrndup(t + s, e3 - s);
				both_modes(c, w, more);
				free(more);
			}
		}
	}
}

static void test_bundled_corpus_same_hits(void **state)
{
	struct corpus c = {0};
	char *paths[] = {SRC_PATH("corpus")};
	struct wordidx *w;

	(void)state;
	assert_true(corpus_load(&c, paths, 1) > 0);
	w = wordidx_build(&c, NULL);
	assert_non_null(w);
	assert_true(wordidx_words(w) > 100);
	used = 0;
	patterns_from_texts(&c, w, 41);
	/* Names of the corpus, with Danish letters and without. */
	static const char *const names[] = {
	    "Huawei", "Ålborg", "Aalborg", "Thøgersen", "Thoegersen",
	    "Thogersen", "Mette Frederiksen", "Løkke", "Lokke", "København",
	    "Kobenhavn", "Koebenhavn", "Aerø", "Ærø", "Danmark",
	    "\"Huawei Technologies\"", "5G", "EU", "Kina", "China"};
	for (size_t i = 0; i < KILDE_ARRAY_LEN(names); i++)
		both_modes(&c, w, names[i]);
	same_hits(&c, w, names, KILDE_ARRAY_LEN(names),
	          SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS);
	/* The index narrowed most of them: the comparison means something. */
	assert_true(used > 50);
	wordidx_free(w);
	corpus_free(&c);
}

/* Pieces the generated texts are made of: where the key's words and the
 * text's letters disagree. */
static const char *const pieces[] = {
    "å",        "aa",      "Å",          "på",          "pa",
    "paa",      "år",      "ar",         "blå",         "æ",
    "ae",       "Ærø",     "Aerø",       "Aero",        "ø",
    "oe",       "o",       "øe",         "oee",         "Thøgersen",
    "Thoegersen", "Thogersen", "doe",    "dø",          "do",
    "™",        "Apple™",  "™Apple",     "x²",          "km²",
    "½",        "1½",      "Løk\u00adke", "løkke",      "ke",
    "e\u0301",  "cafe\u0301", "café",    "cafe",        "ß",
    "straße",   "strasse", "ﬁ",          "ﬁsk",         "fisk",
    "Ⅻ",        "xii",     "東京",       "東",           "\u00a0",
    "a",        "e",       "s",          "i",           "f",
    "A.B.",     "U.S.",    "(Løkke)",    "«Ålborg»",    "—",
    "o-e",      "Øre",     "øre",        "ore",         "oere",
    /* a word of the key with too many parts: the article is odd */
    "a™b™c™d™e™f™g™h™i™j",
};

static void test_generated_corpus_same_hits(void **state)
{
	enum { NTEXTS = 60, NWORDS = 40 };
	static const char *const seps[] = {" ", " ", " ", "\n", ", ", ".",
	                                   "-", "", "/", " (", ") "};
	char *texts[NTEXTS];
	struct corpus c;
	struct wordidx *w;
	unsigned seed = 12345;

	(void)state;
	for (size_t t = 0; t < NTEXTS; t++) {
		struct strbuf sb = {0};
		for (size_t k = 0; k < NWORDS; k++) {
			seed = seed * 1103515245u + 12345u;
			sb_puts(&sb, pieces[(seed >> 8) % KILDE_ARRAY_LEN(pieces)]);
			seed = seed * 1103515245u + 12345u;
			sb_puts(&sb, seps[(seed >> 8) % KILDE_ARRAY_LEN(seps)]);
		}
		texts[t] = sb_take(&sb);
	}
	c = testutil_corpus((const char *const *)texts, NTEXTS);
	w = wordidx_build(&c, NULL);
	assert_non_null(w);
	used = 0;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(pieces); i++) {
		both_modes(&c, w, pieces[i]);
		for (size_t j = 0; j < KILDE_ARRAY_LEN(pieces); j += 4) {
			for (size_t s = 0; s < KILDE_ARRAY_LEN(seps); s += 3) {
				char *p = util_xasprintf("%s%s%s", pieces[i],
				                         seps[s], pieces[j]);
				both_modes(&c, w, p);
				free(p);
			}
		}
	}
	patterns_from_texts(&c, w, 11);
	assert_true(used > 300);
	wordidx_free(w);
	corpus_free(&c);
	for (size_t t = 0; t < NTEXTS; t++)
		free(texts[t]);
}

/* What the index cannot narrow, it says so. */
static void test_falls_back(void **state)
{
	static const char *const texts[] = {"Mette Frederiksen taler",
	                                    "Frederiksens tale"};
	struct corpus c = testutil_corpus(texts, 2);
	struct wordidx *w = wordidx_build(&c, NULL);
	const char *part = "aler", *one = "e", *two = "Mette Frederiksen",
	           *inner = "x Mette y";
	uint32_t *cand;

	(void)state;
	/* Part of a word: the words of the vocabulary that hold it. */
	assert_int_equal(wordidx_candidates(w, &part, 1, SEARCH_MODE_DEFAULT, &cand), 1);
	assert_int_equal(cand[0], 0);
	free(cand);
	/* One character is in too many words. */
	assert_int_equal(wordidx_candidates(w, &one, 1, SEARCH_MODE_DEFAULT, &cand), -1);
	/* Exact matching folds otherwise. */
	assert_int_equal(wordidx_candidates(w, &two, 1,
	                                    SEARCH_MODE_EXACT | SEARCH_WHOLE_WORDS, &cand),
	                 -1);
	assert_int_equal(wordidx_candidates(NULL, &two, 1, SEARCH_MODE_DEFAULT, &cand), -1);
	/* Whole words: both ends are words of the text. */
	assert_int_equal(wordidx_candidates(w, &two, 1,
	                                    SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS, &cand),
	                 1);
	assert_int_equal(cand[0], 0);
	free(cand);
	/* A word the pattern bounds on both sides must be a word. */
	assert_int_equal(wordidx_candidates(w, &inner, 1, SEARCH_MODE_DEFAULT, &cand), 1);
	free(cand);
	wordidx_free(w);
	corpus_free(&c);
}

static void test_bytes_read_back(void **state)
{
	static const char *const texts[] = {"Thøgersen i Ålborg", "på Ærø",
	                                    "Apple™ og x²", "Løk\u00adke"};
	struct corpus c = testutil_corpus(texts, 4);
	struct wordidx *w = wordidx_build(&c, NULL), *r;
	struct strbuf sb = {0}, again = {0};
	const char *pat = "Thoegersen";
	uint32_t *a, *b;

	(void)state;
	wordidx_serialize(w, &sb);
	assert_int_equal(sb.len, wordidx_bytes(w));
	r = wordidx_deserialize(sb.s, sb.len, c.n);
	assert_non_null(r);
	wordidx_serialize(r, &again);
	assert_int_equal(again.len, sb.len);
	assert_memory_equal(again.s, sb.s, sb.len);
	assert_int_equal(wordidx_candidates(w, &pat, 1, SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS, &a),
	                 wordidx_candidates(r, &pat, 1, SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS, &b));
	assert_int_equal(a[0], b[0]);
	free(a);
	free(b);
	wordidx_free(r);
	/* Another corpus, a cut, any damage: refused or still sound. */
	assert_null(wordidx_deserialize(sb.s, sb.len, c.n + 1));
	for (size_t cut = 0; cut < sb.len; cut++)
		assert_null(wordidx_deserialize(sb.s, cut, c.n));
	for (size_t i = 0; i < sb.len; i++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			long n;
			sb.s[i] ^= (char)(1u << bit);
			r = wordidx_deserialize(sb.s, sb.len, c.n);
			n = wordidx_candidates(r, &pat, 1,
			                       SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS, &a);
			for (long k = 0; k < n; k++)
				assert_true(a[k] < c.n && (!k || a[k - 1] < a[k]));
			free(a);
			wordidx_free(r);
			sb.s[i] ^= (char)(1u << bit);
		}
	}
	sb_free(&sb);
	sb_free(&again);
	wordidx_free(w);
	corpus_free(&c);
}

/* A list filter's mentions over the candidates of all of them lists the
 * rows the filter lists over every article. */
static void same_rows(const struct corpus *c, const struct wordidx *w,
                      const char *filter)
{
	struct filter f;
	char *msg = NULL;
	size_t *all = util_xcalloc(c->n, sizeof(*all));
	size_t *among = util_xcalloc(c->n, sizeof(*among));
	size_t na, nb;
	uint32_t *maybe;
	long nm;

	assert_int_equal(filter_parse(filter, SEARCH_MODE_DEFAULT, &f, &msg), 0);
	free(msg);
	nm = wordidx_candidates_all(w, (const char *const *)f.mentions,
	                            f.nmentions, f.mode, &maybe);
	na = filter_apply(&f, c, NULL, all);
	if (nm >= 0) {
		used++;
		nb = filter_apply_among(&f, c, NULL, maybe, (size_t)nm, among);
		if (na != nb)
			fail_msg("%s: %zu rows, %zu among %ld candidates", filter,
			         na, nb, nm);
		assert_memory_equal(all, among, na * sizeof(*all));
	}
	free(maybe);
	free(all);
	free(among);
	filter_free(&f);
}

static void test_mentions_same_rows(void **state)
{
	struct corpus c = {0};
	char *paths[] = {SRC_PATH("corpus")};
	struct wordidx *w;
	char *prev = NULL;

	(void)state;
	assert_true(corpus_load(&c, paths, 1) > 0);
	w = wordidx_build(&c, NULL);
	used = 0;
	/* Three words in a row: the middle one is a whole word. */
	for (size_t a = 0; a < c.n; a++) {
		const char *t = c.articles[a].text;
		size_t len = c.articles[a].len;

		for (size_t s = 0, k = 0; s < len; k++) {
			size_t e = s;
			for (int words = 0; words < 3 && e < len; words++) {
				while (e < len && t[e] == ' ')
					e++;
				while (e < len && t[e] != ' ' && t[e] != '\n' &&
				       t[e] != '"')
					e++;
			}
			if (k % 17 == 0 && e > s && !memchr(t + s, '\n', e - s)) {
				char *phrase = util_xstrndup(t + s, e - s);
				char *one = util_xasprintf("mentions:\"%s\"", phrase);
				same_rows(&c, w, one);
				if (prev) {
					char *two = util_xasprintf(
					    "%s mentions:\"%s\"", one, prev);
					same_rows(&c, w, two);
					free(two);
				}
				free(prev);
				prev = phrase;
				free(one);
			}
			while (s < len && t[s] != ' ' && t[s] != '\n')
				s++;
			s++;
		}
	}
	free(prev);
	/* A mention the index cannot narrow beside one it can. */
	same_rows(&c, w, "mentions:Huawei mentions:\"og Huawei er\"");
	assert_true(used > 20);
	wordidx_free(w);
	corpus_free(&c);
}

/* The bytes of a build read back (the build does not read its own
 * bytes back: this checks them here). */
static void assert_reads_back(const struct strbuf *sb)
{
	uint64_t na;
	struct wordidx *r;

	assert_true(sb->len >= 16);
	memcpy(&na, sb->s + 8, 8);
	r = wordidx_deserialize(sb->s, sb->len, (size_t)na);
	assert_non_null(r);
	assert_int_equal(wordidx_bytes(r), sb->len);
	wordidx_free(r);
}

/* The serialized index as a size and a 64-bit FNV-1a of its bytes; the
 * bytes read back. */
static void digest(const struct wordidx *w, size_t *size, uint64_t *fnv)
{
	struct strbuf sb = {0};
	uint64_t h = 0xcbf29ce484222325ULL;

	wordidx_serialize(w, &sb);
	assert_reads_back(&sb);
	for (size_t i = 0; i < sb.len; i++)
		h = (h ^ (unsigned char)sb.s[i]) * 0x100000001b3ULL;
	*size = sb.len;
	*fnv = h;
	sb_free(&sb);
}

/* The index of c has exactly size bytes with that FNV-1a hash; c is
 * freed. */
static void assert_index_bytes(struct corpus *c, size_t want_size, uint64_t want_fnv)
{
	struct wordidx *w = wordidx_build(c, NULL);
	size_t size;
	uint64_t fnv;

	digest(w, &size, &fnv);
	assert_int_equal(size, want_size);
	assert_int_equal(fnv, want_fnv);
	wordidx_free(w);
	corpus_free(c);
}

/* Pieces of ASCII words the build lowers and hashes on its own: cases,
 * digits, lengths around the hash's eight-byte steps and past its
 * 256-byte buffer, and ASCII punctuation before a byte beyond ASCII. */
static const char *const ascii_pieces[] = {
    "Huawei", "HUAWEI", "huawei", "5G", "x1", "2019", "A", "Zz", "abcdefg",
    "abcdefgh", "abcdefghi", "ABCDEFGHIJKLMNOP", "abcdefghijklmnopq",
    "Kommunalbestyrelsesmedlemmerne", "-\u0301", ".é", "a-\u00e6",
    "x\u0301y", "Q.", "_", "Ab9Cd8Ef7Gh6Ij5", "EU-", "", "\t", "zZ0",
};

/* The index's bytes are what they were before the build was made faster
 * (the sums were taken from the build as it was; the hashes read words
 * in the host's byte order, so they hold on a little-endian host). Below
 * 4096 articles the vocabulary's order does not depend on the threads. */
static void test_bytes_as_before(void **state)
{
	enum { NTEXTS = 1200, NWORDS = 50 };
	static const char *const seps[] = {" ", " ", " ", "\n", ", ", ".",
	                                   "-", "", "/", " (", ") ", "'"};
	char *texts[NTEXTS];
	char *longw = util_xcalloc(600, 1);
	struct corpus c = {0};
	char *paths[] = {SRC_PATH("corpus")};
	unsigned seed = 777;

	(void)state;
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		skip();
	assert_true(corpus_load(&c, paths, 1) > 0);
	assert_index_bytes(&c, 17376, 0xa04c40c3c5214b78ULL);

	for (size_t i = 0; i < 599; i++)
		longw[i] = (char)('a' + i % 26 - (i % 7 == 0 ? 32 : 0));
	for (size_t t = 0; t < NTEXTS; t++) {
		struct strbuf sb = {0};
		/* A few long texts, half their words rare: an article's set
		 * of hashes grows past its first size. */
		size_t nwords = t % 97 == 5 ? 40 * NWORDS : NWORDS;
		for (size_t k = 0; k < nwords; k++) {
			unsigned r;
			seed = seed * 1103515245u + 12345u;
			r = nwords > NWORDS && k % 2 ? 99 : (seed >> 8) % 100;
			if (r < 45)
				sb_puts(&sb, ascii_pieces[(seed >> 16) %
				                          KILDE_ARRAY_LEN(ascii_pieces)]);
			else if (r < 90)
				sb_puts(&sb, pieces[(seed >> 16) %
				                    KILDE_ARRAY_LEN(pieces)]);
			else if (r < 91)
				sb_append(&sb, longw, 40 + (seed >> 16) % 560);
			else {
				/* A word of this text alone, or of a few. */
				char u[32];
				snprintf(u, sizeof(u), "w%uK%zu", (seed >> 12) % 5000,
				         t % 7);
				sb_puts(&sb, u);
			}
			seed = seed * 1103515245u + 12345u;
			sb_puts(&sb, seps[(seed >> 8) % KILDE_ARRAY_LEN(seps)]);
		}
		texts[t] = sb_take(&sb);
	}
	c = testutil_corpus((const char *const *)texts, NTEXTS);
	assert_index_bytes(&c, 491986, 0x715be5a1cd0ff284ULL);
	for (size_t t = 0; t < NTEXTS; t++)
		free(texts[t]);
	free(longw);
}

/* Words a thread meets again, which the build takes from its memos: more
 * words than the memos have places (so words lose their place and come
 * back), words of 1 to 20 letters around the memo's 8 and 16 bytes, the
 * same word in other cases, at a text's end, and stretches (Danish
 * letters, quotes, a no-break space, ß, the Turkish dotted I, ligatures,
 * combining marks, CJK, ™) short and long, with few parts or many. */
static const char *const memo_stretches[] = {
    "på", "På", "PÅ", "år", "blå", "Ærø", "ærø", "Thøgersen", "THØGERSEN",
    "brødrene", "sønderjyske", "kræftforeningernes", "børnehaveklasselæreren",
    "\u201cHuawei\u201d", "\u201chuawei\u201d", "10\u00a0000", "1\u00a0000\u00a0000",
    "café", "CAFÉ", "cafe\u0301", "Straße", "STRASSE", "straße",
    "\u0130stanbul", "\u0130STANBUL", "ı", "\uFB01sk", "\uFB01", "e\u0301",
    "東京", "東京都庁", "Apple™", "™Apple", "a™b", "a™b™c™d", "x™y™z™w™v",
    "a™b™c™d™e™f™g™h™i™j", "x²", "1½", "Løk\u00adke", "l\u00f8kke",
    "\u00e6\u00f8\u00e5", "\u00c6\u00d8\u00c5", "Ål-borg", "«Ålborg»", "—",
    "über", "Über", "naïve", "Zoë", "ØRE", "øre",
};

/* n texts made of the words and stretches above (see
 * test_memo_bytes_as_before), the same for the same seed. */
static char **memo_texts(size_t ntexts, unsigned seed)
{
	static const char *const seps[] = {" ", " ", " ", "\n", ", ", ".",
	                                   "-", "/", " (", ") ", "'"};
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char **texts = util_xcalloc(ntexts, sizeof(*texts));

	for (size_t t = 0; t < ntexts; t++) {
		struct strbuf sb = {0};
		size_t nwords = 20 + t % 7 * 30;
		for (size_t k = 0; k < nwords; k++) {
			unsigned r;
			seed = seed * 1103515245u + 12345u;
			r = (seed >> 8) % 100;
			if (r < 35) {
				/* One of 60,000 words, 1 to 20 letters; the
				 * first of them often. */
				seed = seed * 1103515245u + 12345u;
				unsigned id = (seed >> 8) % (r < 20 ? 300 : 60000);
				size_t n = 1 + id % 20;
				char w[24];
				for (size_t i = 0; i < n; i++)
					w[i] = letters[(id / (i + 1) + i * 7) %
					               (sizeof(letters) - 1)];
				w[0] = letters[id % 26];
				if (id % 5 == 1)
					w[0] = (char)(w[0] - 32);
				if (id % 11 == 3)
					for (size_t i = 0; i < n; i++)
						if (w[i] >= 'a')
							w[i] = (char)(w[i] - 32);
				sb_append(&sb, w, n);
			} else if (r < 45) {
				/* Stretches alike in their first eight bytes,
				 * and words so in their first eight. */
				char w[40];
				seed = seed * 1103515245u + 12345u;
				snprintf(w, sizeof(w), r < 40 ? "Ålborg%u" : "Abcdefgh%u",
				         1000 + (seed >> 8) % 3000);
				sb_puts(&sb, w);
			} else if (r < 60) {
				sb_puts(&sb, memo_stretches[(seed >> 16) %
				                            KILDE_ARRAY_LEN(memo_stretches)]);
			} else if (r < 80) {
				sb_puts(&sb, ascii_pieces[(seed >> 16) %
				                          KILDE_ARRAY_LEN(ascii_pieces)]);
			} else {
				sb_puts(&sb, pieces[(seed >> 16) % KILDE_ARRAY_LEN(pieces)]);
			}
			seed = seed * 1103515245u + 12345u;
			sb_puts(&sb, seps[(seed >> 8) % KILDE_ARRAY_LEN(seps)]);
		}
		texts[t] = sb_take(&sb);
	}
	return texts;
}

static void free_texts(char **texts, size_t n)
{
	for (size_t t = 0; t < n; t++)
		free(texts[t]);
	free(texts);
}

static void test_memo_bytes_as_before(void **state)
{
	enum { NTEXTS = 3000 };
	char **texts;
	struct corpus c;

	(void)state;
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		skip();
	texts = memo_texts(NTEXTS, 4242);
	c = testutil_corpus((const char *const *)texts, NTEXTS);
	assert_index_bytes(&c, 977248, 0x20a6ccf27e857219ULL);
	free_texts(texts, NTEXTS);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The serialized index as a size, a 64-bit FNV-1a of its bytes but the
 * vocabulary's, and one of the vocabulary's words in byte order: over
 * several blocks, the vocabulary's order depends on how many threads
 * built it, and nothing else does. */
static void digest_blocks(const struct wordidx *w, size_t *size,
                          uint64_t *fnv, uint64_t *vfnv)
{
	struct strbuf sb = {0};
	const unsigned char *b;
	uint64_t h = 0xcbf29ce484222325ULL, vh = h, nw, noddb, vbytes;
	size_t vstart, nv = 0;
	char **words;

	wordidx_serialize(w, &sb);
	assert_reads_back(&sb);
	b = (const unsigned char *)sb.s;
	assert_true(sb.len >= 64);
	memcpy(&nw, b + 16, 8);
	memcpy(&noddb, b + 24, 8);
	memcpy(&vbytes, b + 48, 8);
	vstart = 64 + (size_t)nw * 8 + (size_t)noddb;
	assert_true(vstart + vbytes <= sb.len);
	for (size_t i = 0; i < sb.len; i++)
		if (i < vstart || i >= vstart + vbytes)
			h = (h ^ b[i]) * 0x100000001b3ULL;
	words = util_xcalloc(vbytes + 1, sizeof(*words));
	for (size_t o = vstart; o < vstart + vbytes; o += strlen(sb.s + o) + 1)
		words[nv++] = sb.s + o;
	qsort(words, nv, sizeof(*words), cmp_str);
	for (size_t i = 0; i < nv; i++)
		for (const char *p = words[i];; p++) {
			vh = (vh ^ (unsigned char)*p) * 0x100000001b3ULL;
			if (!*p)
				break;
		}
	free(words);
	*size = sb.len;
	*fnv = h;
	*vfnv = vh;
	sb_free(&sb);
}

/* Over several blocks of 4,096 articles, each cut into shares: the bytes
 * are still those of the build before it was made faster (sums taken
 * from it), the vocabulary's order aside. */
static void test_blocks_bytes_as_before(void **state)
{
	enum { NTEXTS = 2 * 4096 + 1500 };
	char **texts;
	struct corpus c;
	struct wordidx *w;
	size_t size;
	uint64_t fnv, vfnv;

	(void)state;
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		skip();
	texts = memo_texts(NTEXTS, 99);
	c = testutil_corpus((const char *const *)texts, NTEXTS);
	w = wordidx_build(&c, NULL);
	digest_blocks(w, &size, &fnv, &vfnv);
	assert_int_equal(size, 1871511);
	assert_int_equal(fnv, 0xabd453e75af6b115ULL);
	assert_int_equal(vfnv, 0x1fa9c77eb6c38d00ULL);
	wordidx_free(w);
	corpus_free(&c);
	free_texts(texts, NTEXTS);
}

/* The high half of wordidx.c's hash of a word, which keys the index. */
static uint32_t index_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, v;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	if (n) {
		v = 0;
		memcpy(&v, s, n);
		h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (uint32_t)(h >> 32);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Two words with one 32-bit hash in one article (they share a list):
 * both are in the vocabulary, so a part of either finds its articles. */
static void test_same_hash_both_in_vocabulary(void **state)
{
	enum { N = 400000 };
	uint64_t *k = util_xmalloc(N * sizeof(*k));
	char a[16], b[16], *texts[3];
	struct corpus c;
	struct wordidx *w;
	size_t i;

	(void)state;
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		skip();
	for (i = 0; i < N; i++) {
		snprintf(a, sizeof(a), "q%zux", i);
		k[i] = (uint64_t)index_hash(a, strlen(a)) << 32 | i;
	}
	qsort(k, N, sizeof(*k), cmp_u64);
	for (i = 1; i < N && k[i] >> 32 != k[i - 1] >> 32; i++)
		;
	/* 400,000 words of 32-bit hashes: some 18 pairs to expect. */
	assert_true(i < N);
	snprintf(a, sizeof(a), "q%ux", (unsigned)k[i - 1]);
	snprintf(b, sizeof(b), "q%ux", (unsigned)k[i]);
	free(k);
	texts[0] = util_xasprintf("%s og %s og %s.", a, b, a);
	texts[1] = util_xasprintf("Kun %s her.", b);
	texts[2] = util_xasprintf("Kun %s her.", a);
	c = testutil_corpus((const char *const *)texts, 3);
	w = wordidx_build(&c, NULL);
	used = 0;
	both_modes(&c, w, a + 1);
	both_modes(&c, w, b + 1);
	both_modes(&c, w, a);
	both_modes(&c, w, b);
	assert_int_equal(used, 8);
	wordidx_free(w);
	corpus_free(&c);
	for (i = 0; i < 3; i++)
		free(texts[i]);
}

/* Built beside other work (xref_build's steps), a block's shares run one
 * after the other on one thread until the other work is done: the bytes
 * are those of the shares run at once. Three blocks of 4096 articles, so
 * that each share's vocabulary spans blocks; the words of each article
 * are shared by few others and new ones come in every block. */
static void test_beside_same_bytes(void **state)
{
	enum { NTEXTS = 3 * 4096 + 100 };
	char **texts = util_xcalloc(NTEXTS, sizeof(*texts));
	struct corpus c;
	struct wordidx *all, *one, *late;
	atomic_bool no, yes;
	size_t sa, so, sl;
	uint64_t fa, fo, fl;

	(void)state;
	for (size_t t = 0; t < NTEXTS; t++)
		texts[t] = util_xasprintf("Ord%zu og ord%zu, Æble%zu: %s w%zu.", t % 977,
		                          t / 3, t % 89, ascii_pieces[t % KILDE_ARRAY_LEN(ascii_pieces)],
		                          t * 7919 % 5003);
	c = testutil_corpus((const char *const *)texts, NTEXTS);
	atomic_init(&no, false);
	atomic_init(&yes, true);
	all = wordidx_build(&c, NULL);
	one = wordidx_build_beside(&c, NULL, &no);
	late = wordidx_build_beside(&c, NULL, &yes);
	digest(all, &sa, &fa);
	digest(one, &so, &fo);
	digest(late, &sl, &fl);
	assert_int_equal(sa, so);
	assert_int_equal(fa, fo);
	assert_int_equal(sa, sl);
	assert_int_equal(fa, fl);
	wordidx_free(all);
	wordidx_free(one);
	wordidx_free(late);
	corpus_free(&c);
	for (size_t t = 0; t < NTEXTS; t++)
		free(texts[t]);
	free(texts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bundled_corpus_same_hits),
	    cmocka_unit_test(test_generated_corpus_same_hits),
	    cmocka_unit_test(test_falls_back),
	    cmocka_unit_test(test_mentions_same_rows),
	    cmocka_unit_test(test_bytes_read_back),
	    cmocka_unit_test(test_bytes_as_before),
	    cmocka_unit_test(test_memo_bytes_as_before),
	    cmocka_unit_test(test_blocks_bytes_as_before),
	    cmocka_unit_test(test_same_hash_both_in_vocabulary),
	    cmocka_unit_test(test_beside_same_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
