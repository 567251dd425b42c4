/* test_xref_cache.c - the index written by xref_serialize and read back by
 * xref_deserialize: equal in every query on the bundled corpus, an empty
 * corpus and one where nothing is shared; every truncation, every flipped
 * byte of a small index and each kind of lie (counts, order, bounds,
 * kinds, NULs, article count) either fails or gives an index that holds
 * xref.h's invariants; and the options hash tells options apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/util.h"
#include "kilde/xref.h"
#include "testutil.h"

/* The byte layout, as xref_cache.c documents it: the tests that tamper
 * with one field need to find it. */
#define HDR 64
#define TERM 16
#define COUNTS 8
#define OCC 12

struct layout {
	uint64_t na, nterms, nta, nstr, nocc, nat, nmsgs;
	size_t terms, arts, strs, counts, occs, atl, msgs;
};

static uint32_t rd32(const char *p)
{
	const uint8_t *u = (const uint8_t *)p;
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

static uint64_t rd64(const char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (char)(v >> (8 * i));
}

static void wr64(char *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

static struct layout layout_of(const char *b)
{
	struct layout l = {
		.na = rd64(b + 8), .nterms = rd64(b + 16), .nta = rd64(b + 24),
		.nstr = rd64(b + 32), .nocc = rd64(b + 40), .nat = rd64(b + 48),
		.nmsgs = rd64(b + 56),
	};
	l.terms = HDR;
	l.arts = l.terms + l.nterms * TERM;
	l.strs = l.arts + l.nta * 4;
	l.counts = l.strs + l.nstr;
	l.occs = l.counts + l.na * COUNTS;
	l.atl = l.occs + l.nocc * OCC;
	l.msgs = l.atl + l.nat * 4;
	return l;
}

static struct config cfg;

static int setup(void **state)
{
	(void)state;
	config_init(&cfg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_free(&cfg);
	return 0;
}

/* The index kilde --xrefs builds: the shipped configuration's options. */
static struct xref_index *build(const struct corpus *c)
{
	struct xref_options o;

	config_xref_options(&cfg, &o);
	return xref_build(c, &o);
}

static struct corpus bundled(void)
{
	struct corpus c = {0};
	char *paths[] = {SRC_PATH("corpus")};

	assert_int_equal(corpus_load(&c, paths, 1), 5);
	return c;
}

/* Four short articles that share names, numbers, an alias and a passage. */
static const char *const small_texts[] = {
	"Huawei and Ericsson met in Paris in 2019. The meeting was long and "
	"the talks about the new networks went on until late in the evening.",
	"Ericsson said that Huawei lost 40% of its market. The talks about the "
	"new networks went on until late in the evening, a spokesman told Børsen.",
	"Kinesiske Huawei har 180.000 ansatte, skriver Børsen. I 2019 faldt "
	"salget.",
	"Nothing here is shared with anyone at all.",
};

static char *tsv_of(const struct xref_index *ix, const struct corpus *c)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	assert_non_null(f);
	xref_write_tsv(ix, c, f);
	fclose(f);
	return s;
}

static struct strbuf serialize(const struct xref_index *ix)
{
	struct strbuf sb = {0};

	xref_serialize(ix, &sb);
	assert_true(sb.len >= HDR);
	return sb;
}

/* Every query of xref.h answers the same on a and b. */
static void assert_same(const struct xref_index *a, const struct xref_index *b,
                        const struct corpus *c)
{
	char *const *ma = xref_messages(a), *const *mb = xref_messages(b);
	char *ta, *tb;

	assert_int_equal(xref_count(a), xref_count(b));
	for (uint32_t t = 0; t < xref_count(a); t++) {
		const struct xref_term *x = xref_get(a, t), *y = xref_get(b, t);

		assert_string_equal(x->display, y->display);
		assert_string_equal(x->forms, y->forms);
		assert_true((x->role == NULL) == (y->role == NULL));
		if (x->role)
			assert_string_equal(x->role, y->role);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->common, y->common);
		assert_int_equal(x->narticles, y->narticles);
		assert_memory_equal(x->articles, y->articles, x->narticles * sizeof(uint32_t));
		assert_int_equal(xref_find(a, x->display), xref_find(b, x->display));
		for (const char *f = x->forms; *f;) {
			size_t k = strcspn(f, "|");
			char *form = util_xstrndup(f, k);
			assert_int_equal(xref_find(a, form), xref_find(b, form));
			free(form);
			f += k + (f[k] == '|');
		}
	}
	assert_null(xref_get(b, (uint32_t)xref_count(b)));
	assert_int_equal(xref_find(a, "no such term"), xref_find(b, "no such term"));
	for (size_t art = 0; art <= c->n; art++) {
		size_t na, nb, ka, kb;
		const struct xref_occ *oa = xref_occs(a, art, &na), *ob = xref_occs(b, art, &nb);
		const uint32_t *tla = xref_article_terms(a, art, &ka);
		const uint32_t *tlb = xref_article_terms(b, art, &kb);

		assert_int_equal(na, nb);
		for (size_t i = 0; i < na; i++) {
			assert_int_equal(oa[i].off, ob[i].off);
			assert_int_equal(oa[i].len, ob[i].len);
			assert_int_equal(oa[i].term, ob[i].term);
		}
		assert_int_equal(ka, kb);
		if (ka)
			assert_memory_equal(tla, tlb, ka * sizeof(uint32_t));
		for (uint32_t t = 0; t < xref_count(a); t++)
			assert_int_equal(xref_first_occ(a, art, t), xref_first_occ(b, art, t));
	}
	assert_true((ma == NULL) == (mb == NULL));
	for (size_t i = 0; ma && (ma[i] || mb[i]); i++) {
		assert_non_null(ma[i]);
		assert_non_null(mb[i]);
		assert_string_equal(ma[i], mb[i]);
	}
	ta = tsv_of(a, c);
	tb = tsv_of(b, c);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
}

/* Builds, serialises, reads back against c and compares; returns the
 * number of terms. */
static size_t round_trip(const struct corpus *c, const struct xref_options *o)
{
	struct xref_index *ix = o ? xref_build(c, o) : build(c);
	struct strbuf sb = serialize(ix);
	struct xref_index *back = xref_deserialize(sb.s, sb.len, c);
	size_t n = xref_count(ix);

	assert_non_null(back);
	assert_same(ix, back, c);
	/* What was read back writes the same bytes again. */
	{
		struct strbuf again = serialize(back);
		assert_int_equal(again.len, sb.len);
		assert_memory_equal(again.s, sb.s, sb.len);
		sb_free(&again);
	}
	xref_free(back);
	xref_free(ix);
	sb_free(&sb);
	return n;
}

/* What xref.h promises of any index, checked without the text (which an
 * index read from the cache is used without). */
static void assert_sane(const struct xref_index *ix, const struct corpus *c)
{
	size_t nterms = xref_count(ix);

	for (uint32_t t = 0; t < nterms; t++) {
		const struct xref_term *x = xref_get(ix, t);

		assert_non_null(x->display);
		assert_non_null(x->forms);
		assert_true(x->kind == XREF_NAME || x->kind == XREF_NUMBER || x->kind == XREF_PASSAGE);
		assert_true(x->narticles >= 2 && x->narticles <= c->n);
		for (size_t i = 0; i < x->narticles; i++) {
			assert_true(x->articles[i] < c->n);
			assert_true(i == 0 || x->articles[i - 1] < x->articles[i]);
		}
	}
	for (size_t a = 0; a < c->n; a++) {
		size_t n, k, end = 0;
		const struct xref_occ *o = xref_occs(ix, a, &n);
		const uint32_t *tl = xref_article_terms(ix, a, &k);

		for (size_t i = 0; i < n; i++) {
			assert_true(o[i].term < nterms);
			assert_true(o[i].len > 0);
			assert_true(o[i].off >= end);
			assert_true(o[i].off + o[i].len <= c->articles[a].len);
			end = o[i].off + o[i].len;
			assert_true(xref_first_occ(ix, a, o[i].term) <= i);
		}
		for (size_t i = 0; i < k; i++) {
			const struct xref_term *x = xref_get(ix, tl[i]);
			bool listed = false;

			assert_true(i == 0 || tl[i - 1] < tl[i]);
			for (size_t j = 0; j < x->narticles; j++)
				listed = listed || x->articles[j] == a;
			assert_true(listed);
			assert_true(xref_first_occ(ix, a, tl[i]) != (size_t)-1);
		}
	}
	/* The TSV walks every string and every article list. */
	free(tsv_of(ix, c));
}

static void test_round_trip_bundled(void **state)
{
	(void)state;
	struct corpus c = bundled();

	assert_true(round_trip(&c, NULL) >= 10);
	corpus_free(&c);
}

static void test_round_trip_small(void **state)
{
	(void)state;
	struct corpus c = testutil_corpus(small_texts, KILDE_ARRAY_LEN(small_texts));
	struct xref_index *ix = build(&c);
	bool kinds[3] = {false};

	/* The small corpus has every kind of term, or the flipping tests
	 * below miss a part of the format. */
	for (uint32_t t = 0; t < xref_count(ix); t++)
		kinds[xref_get(ix, t)->kind] = true;
	assert_true(kinds[XREF_NAME] && kinds[XREF_NUMBER] && kinds[XREF_PASSAGE]);
	xref_free(ix);
	assert_true(round_trip(&c, NULL) >= 4);
	corpus_free(&c);
}

static void test_round_trip_empty(void **state)
{
	(void)state;
	struct corpus c = {0};
	const char *const lonely[] = {"Alpha Beta went home.", "Gamma Delta stayed."};

	assert_int_equal(round_trip(&c, NULL), 0);
	c = testutil_corpus(lonely, 2);
	assert_int_equal(round_trip(&c, NULL), 0);
	corpus_free(&c);
}

/* The alias table's messages travel with the index. */
static void test_round_trip_messages(void **state)
{
	(void)state;
	char *lines[] = {
		"usa\tUnited States | US | America",
		"australia\tAustralia | US",
		"empty\t | ",
	};
	char *origins[] = {"a.ini:3", "b.ini:7", "b.ini:12"};
	struct corpus c = testutil_corpus(small_texts, KILDE_ARRAY_LEN(small_texts));
	struct xref_options o;
	struct xref_index *ix;

	xref_default_options(&o);
	o.aliases = lines;
	o.alias_origins = origins;
	o.naliases = KILDE_ARRAY_LEN(lines);
	ix = xref_build(&c, &o);
	assert_non_null(xref_messages(ix));
	assert_non_null(xref_messages(ix)[1]);
	xref_free(ix);
	round_trip(&c, &o);
	corpus_free(&c);
}

static void test_truncated(void **state)
{
	(void)state;
	struct corpus c = bundled();
	struct xref_index *ix = build(&c);
	struct strbuf sb = serialize(ix);
	char *longer = util_xmalloc(sb.len + 1);

	for (size_t n = 0; n < sb.len; n++) {
		/* A copy of exactly n bytes, so ASan sees any read past it. */
		char *cut = util_xmalloc(n ? n : 1);
		memcpy(cut, sb.s, n);
		assert_null(xref_deserialize(cut, n, &c));
		free(cut);
	}
	/* A byte too many is as wrong as one too few. */
	memcpy(longer, sb.s, sb.len);
	longer[sb.len] = 0;
	assert_null(xref_deserialize(longer, sb.len + 1, &c));
	free(longer);
	xref_free(ix);
	sb_free(&sb);
	corpus_free(&c);
}

/* A term's display is drawn: one with an escape character was not
 * written by kilde, and the index is refused; the same byte changed to a
 * letter is read back (the check refuses controls, not changes). */
static void test_escape_in_display(void **state)
{
	(void)state;
	struct corpus c = bundled();
	struct xref_index *ix = build(&c), *back;
	struct strbuf sb = serialize(ix);
	char *at = memmem(sb.s, sb.len, "Huawei", 6);

	assert_non_null(at);
	at[0] = 'X';
	back = xref_deserialize(sb.s, sb.len, &c);
	assert_non_null(back);
	xref_free(back);
	at[0] = '\x1b';
	assert_null(xref_deserialize(sb.s, sb.len, &c));
	memcpy(at, "\xc2\x9b", 2); /* C1 CSI */
	assert_null(xref_deserialize(sb.s, sb.len, &c));
	xref_free(ix);
	sb_free(&sb);
	corpus_free(&c);
}

/* Flips bytes of the index of c: at every step-th byte, each of the masks.
 * Whatever comes back must be sane. Returns how many flips were refused. */
static size_t flip_all(const struct corpus *c, size_t step)
{
	static const uint8_t masks[] = {0x01, 0x10, 0x80, 0xff};
	struct xref_index *ix = build(c);
	struct strbuf sb = serialize(ix);
	char *copy = util_xmalloc(sb.len);
	size_t refused = 0, tries = 0;

	for (size_t i = 0; i < sb.len; i += step)
		for (size_t m = 0; m < KILDE_ARRAY_LEN(masks); m++) {
			struct xref_index *back;

			memcpy(copy, sb.s, sb.len);
			copy[i] = (char)(copy[i] ^ masks[m]);
			back = xref_deserialize(copy, sb.len, c);
			tries++;
			if (!back) {
				refused++;
				continue;
			}
			assert_sane(back, c);
			xref_free(back);
		}
	/* Most of the bytes are counts, numbers and offsets: flipping them
	 * must be noticed (only string bytes and a few high bits of article
	 * numbers may change silently). */
	assert_true(refused * 2 > tries);
	free(copy);
	xref_free(ix);
	sb_free(&sb);
	return refused;
}

static void test_flipped_small(void **state)
{
	(void)state;
	struct corpus c = testutil_corpus(small_texts, KILDE_ARRAY_LEN(small_texts));

	flip_all(&c, 1);
	corpus_free(&c);
}

static void test_flipped_bundled(void **state)
{
	(void)state;
	struct corpus c = bundled();

	/* A prime step: the sample lands on every field of every section. */
	flip_all(&c, 7);
	corpus_free(&c);
}

/* Each check, one lie at a time, on the small corpus's index. */
static void test_each_lie(void **state)
{
	(void)state;
	struct corpus c = testutil_corpus(small_texts, KILDE_ARRAY_LEN(small_texts));
	struct xref_index *ix = build(&c);
	struct strbuf sb = serialize(ix);
	struct layout l = layout_of(sb.s);
	char *b = util_xmalloc(sb.len);
	size_t a0occ = rd32(sb.s + l.counts);
	struct xref_index *ok;
	size_t k0;
	const uint32_t *tl0 = xref_article_terms(ix, 0, &k0);
	uint32_t unlisted = 0;

	/* Børsen: a term of articles 1 and 2, not of article 0. */
	while (unlisted < k0 && tl0[unlisted] == unlisted)
		unlisted++;
	assert_true(unlisted < xref_count(ix));

#define LIE(what)                                                    \
	do {                                                         \
		memcpy(b, sb.s, sb.len);                             \
		what;                                                \
		assert_null(xref_deserialize(b, sb.len, &c));        \
	} while (0)

	assert_int_equal(l.na, 4);
	/* No messages, then the word index. */
	assert_true(rd64(sb.s + l.msgs) > 0);
	assert_int_equal(l.msgs + 8 + rd64(sb.s + l.msgs), sb.len);
	assert_true(a0occ >= 2);
	assert_true(l.nterms >= 2);
	/* Untouched, it reads. */
	memcpy(b, sb.s, sb.len);
	ok = xref_deserialize(b, sb.len, &c);
	assert_non_null(ok);
	xref_free(ok);

	/* the header */
	LIE(b[0] ^= 1);
	LIE(b[4] = 1);
	LIE(wr64(b + 8, 3));
	LIE(wr64(b + 8, 5));
	/* counts far beyond the bytes: refused before any allocation */
	LIE(wr64(b + 16, UINT64_MAX / 2));
	LIE(wr64(b + 16, (uint64_t)UINT32_MAX + 1));
	LIE(wr64(b + 24, UINT64_MAX));
	LIE(wr64(b + 32, (uint64_t)1 << 62));
	LIE(wr64(b + 40, (uint64_t)1 << 60));
	LIE(wr64(b + 48, UINT64_MAX / 4));
	LIE(wr64(b + 56, UINT64_MAX));
	LIE(wr64(b + 56, 1));
	/* a term: kind, common, padding, article count, string lengths */
	LIE(b[l.terms + 12] = 3);
	LIE(b[l.terms + 13] = 2);
	LIE(b[l.terms + 13] = 1); /* no term of 4 articles is common */
	LIE(b[l.terms + 14] = 1);
	LIE(wr32(b + l.terms + 8, 1));
	LIE(wr32(b + l.terms + 8, 5));
	LIE(wr32(b + l.terms, rd32(b + l.terms) + 1));
	LIE(wr32(b + l.terms + 4, UINT32_MAX));
	/* terms out of their order: more articles (less weight) before
	 * fewer, the same number of articles in all */
	{
		size_t t = 0;
		while (t + 1 < l.nterms && rd32(b + l.terms + t * TERM + 8) + 1 !=
		                               rd32(b + l.terms + (t + 1) * TERM + 8))
			t++;
		assert_true(t + 1 < l.nterms);
		LIE({
			uint32_t n = rd32(b + l.terms + t * TERM + 8);
			wr32(b + l.terms + t * TERM + 8, n + 1);
			wr32(b + l.terms + (t + 1) * TERM + 8, n);
		});
	}
	/* a term's article list: out of range, not ascending, repeated */
	LIE(wr32(b + l.arts, 4));
	LIE(wr32(b + l.arts + 4, rd32(b + l.arts)));
	LIE({
		uint32_t x = rd32(b + l.arts);
		wr32(b + l.arts, rd32(b + l.arts + 4));
		wr32(b + l.arts + 4, x);
	});
	/* a NUL inside a display */
	LIE(b[l.strs] = 0);
	/* an article's counts */
	LIE(wr32(b + l.counts, a0occ + 1));
	LIE(wr32(b + l.counts, UINT32_MAX));
	LIE(wr32(b + l.counts + 4, rd32(b + l.counts + 4) + 1));
	/* occurrences: past the text, empty, overlapping, unordered, no term */
	LIE(wr32(b + l.occs, (uint32_t)c.articles[0].len + 1));
	LIE(wr32(b + l.occs + 4, (uint32_t)c.articles[0].len));
	LIE(wr32(b + l.occs + 4, UINT32_MAX));
	LIE(wr32(b + l.occs + 4, 0));
	LIE(wr32(b + l.occs + OCC, rd32(b + l.occs) + rd32(b + l.occs + 4) - 1));
	LIE(wr32(b + l.occs + 8, (uint32_t)l.nterms));
	/* an occurrence of a term the article does not list */
	LIE(wr32(b + l.occs + 8, unlisted));
	/* an article's term list: out of range, not ascending */
	LIE(wr32(b + l.atl, (uint32_t)l.nterms));
	LIE(wr32(b + l.atl + 4, rd32(b + l.atl)));
	/* The word index: its length, its own checks. */
	LIE(wr64(b + l.msgs, rd64(b + l.msgs) + 1));
	LIE(wr64(b + l.msgs, rd64(b + l.msgs) - 1));
	LIE(b[l.msgs + 8] ^= 1);
	LIE(wr64(b + l.msgs + 16, l.na + 1));
#undef LIE
	free(b);
	xref_free(ix);
	sb_free(&sb);
	corpus_free(&c);
}

/* Common terms (in more than half of a corpus of more than 10) have the
 * most articles, so they come first: one after a term that is not common
 * is a lie. */
static void test_common_order(void **state)
{
	(void)state;
	const char *texts[12];
	struct corpus c;
	struct xref_index *ix, *back;
	struct strbuf sb;
	char *b;

	for (size_t i = 0; i < 12; i++)
		texts[i] = i < 3 ? "Then Huawei, Ericsson and Nokia met." :
		           i < 8 ? "Then Huawei and Ericsson spoke." : "Then Huawei spoke.";
	c = testutil_corpus(texts, 12);
	ix = build(&c);
	assert_int_equal(xref_count(ix), 3);
	/* The common terms come last. */
	assert_false(xref_get(ix, 0)->common);
	assert_true(xref_get(ix, 1)->common && xref_get(ix, 2)->common);
	sb = serialize(ix);
	back = xref_deserialize(sb.s, sb.len, &c);
	assert_non_null(back);
	assert_same(ix, back, &c);
	xref_free(back);
	b = util_xmalloc(sb.len);
	memcpy(b, sb.s, sb.len);
	b[HDR + 2 * TERM + 13] = 0; /* Huawei not common, after common Ericsson */
	assert_null(xref_deserialize(b, sb.len, &c));
	free(b);
	xref_free(ix);
	sb_free(&sb);
	corpus_free(&c);
}

/* The index belongs to a corpus of so many articles, of such lengths. */
static void test_other_corpus(void **state)
{
	(void)state;
	struct corpus c = bundled(), d = {0}, e = {0};
	struct xref_index *ix = build(&c);
	struct strbuf sb = serialize(ix);
	struct xref_index *back;

	/* one article fewer, one more */
	for (size_t i = 0; i + 1 < c.n; i++)
		corpus_add_text(&d, c.articles[i].file, c.articles[i].text, c.articles[i].len);
	assert_null(xref_deserialize(sb.s, sb.len, &d));
	corpus_add_text(&d, c.articles[c.n - 1].file, c.articles[c.n - 1].text,
	                c.articles[c.n - 1].len);
	corpus_add_text(&d, "zzz.txt", "Huawei", 6);
	assert_null(xref_deserialize(sb.s, sb.len, &d));
	/* the same count, but every article far shorter than the index says */
	for (size_t i = 0; i < c.n; i++)
		corpus_add_text(&e, c.articles[i].file, "x", 1);
	assert_null(xref_deserialize(sb.s, sb.len, &e));
	/* only the counts and lengths are read: a corpus from the cache has no
	 * text */
	for (size_t i = 0; i < c.n; i++) {
		free(c.articles[i].text);
		c.articles[i].text = NULL;
	}
	back = xref_deserialize(sb.s, sb.len, &c);
	assert_non_null(back);
	assert_same(ix, back, &c);
	xref_free(back);
	xref_free(ix);
	sb_free(&sb);
	corpus_free(&c);
	corpus_free(&d);
	corpus_free(&e);
}

static void test_options_hash(void **state)
{
	(void)state;
	char *a1[] = {"usa\tUnited States | US", "china\tChina | Kina"};
	char *a2[] = {"china\tChina | Kina", "usa\tUnited States | US"};
	char *a3[] = {"usa\tUnited States | US", "china\tChina | Kina | kinesisk"};
	char *a4[] = {"usa\tUnited States | US", "china\tChina | Kina", "eu\tEU"};
	char *s1[] = {"ab", "c"}, *s2[] = {"a", "bc"};
	char *o1[] = {"a.ini:1", "a.ini:2"}, *o2[] = {"b.ini:7", "b.ini:9"};
	struct xref_options def, o;
	uint64_t h0 = xref_options_hash(NULL), h;

	xref_default_options(&def);
	assert_int_equal(xref_options_hash(&def), h0);
	assert_int_equal(xref_options_hash(&def), xref_options_hash(&def));
	/* each option changes it */
	o = def;
	o.passage_words = 9;
	assert_int_not_equal(xref_options_hash(&o), h0);
	o = def;
	o.common_share = 40;
	assert_int_not_equal(xref_options_hash(&o), h0);
	o = def;
	o.company_suffixes = "Ltd.";
	h = xref_options_hash(&o);
	assert_int_not_equal(h, h0);
	o.company_suffixes = "Ltd.|A/S";
	assert_int_not_equal(xref_options_hash(&o), h);
	assert_int_not_equal(xref_options_hash(&o), h0);
	o.company_suffixes = "";
	assert_int_not_equal(xref_options_hash(&o), h0);
	o = def;
	o.aliases = a1;
	o.naliases = 2;
	h = xref_options_hash(&o);
	assert_int_not_equal(h, h0);
	o.naliases = 1;
	assert_int_not_equal(xref_options_hash(&o), h);
	assert_int_not_equal(xref_options_hash(&o), h0);
	o.naliases = 2;
	o.aliases = a2; /* the order decides which id keeps a variant */
	assert_int_not_equal(xref_options_hash(&o), h);
	o.aliases = a3;
	assert_int_not_equal(xref_options_hash(&o), h);
	o.aliases = a4;
	o.naliases = 3;
	assert_int_not_equal(xref_options_hash(&o), h);
	/* lines do not run into each other */
	o.aliases = s1;
	o.naliases = 2;
	h = xref_options_hash(&o);
	o.aliases = s2;
	assert_int_not_equal(xref_options_hash(&o), h);
	/* the origins are only for messages */
	o = def;
	o.aliases = a1;
	o.naliases = 2;
	o.alias_origins = o1;
	h = xref_options_hash(&o);
	o.alias_origins = o2;
	assert_int_equal(xref_options_hash(&o), h);
	o.alias_origins = NULL;
	assert_int_equal(xref_options_hash(&o), h);
	/* what xref_build treats alike hashes alike */
	o = def;
	o.passage_words = 2;
	h = xref_options_hash(&o);
	o.passage_words = 1;
	assert_int_equal(xref_options_hash(&o), h);
	o.passage_words = -5;
	assert_int_equal(xref_options_hash(&o), h);
	o = def;
	o.common_share = 0;
	assert_int_equal(xref_options_hash(&o), h0);
	o.common_share = 101;
	assert_int_equal(xref_options_hash(&o), h0);
	o = def;
	o.aliases = NULL;
	o.naliases = 3; /* no table: the count means nothing */
	assert_int_equal(xref_options_hash(&o), h0);
	o.aliases = a1;
	o.naliases = 0;
	assert_int_equal(xref_options_hash(&o), h0);
	/* the shipped configuration differs from the bare defaults */
	config_xref_options(&cfg, &o);
	assert_int_not_equal(xref_options_hash(&o), h0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_bundled),
		cmocka_unit_test(test_escape_in_display),
		cmocka_unit_test(test_round_trip_small),
		cmocka_unit_test(test_round_trip_empty),
		cmocka_unit_test(test_round_trip_messages),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_flipped_small),
		cmocka_unit_test(test_flipped_bundled),
		cmocka_unit_test(test_each_lie),
		cmocka_unit_test(test_common_order),
		cmocka_unit_test(test_other_corpus),
		cmocka_unit_test(test_options_hash),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
