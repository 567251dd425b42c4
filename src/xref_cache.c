/* xref_cache.c - the cross-reference index in a portable byte form, for the
 * on-disk cache (cache.c): written once after a build, read back at start-up
 * instead of building again. The bytes come from a file, so reading trusts
 * none of them: every count is checked against the bytes left before
 * anything is allocated for it, and the index read back must hold every
 * invariant xref.h promises (or the read fails and the caller rebuilds).
 *
 * Layout (all integers little-endian, fixed widths):
 *   header   u32 magic "KXI1", u32 zero,
 *            u64 narticles, nterms, nterm_arts, nstrbytes, noccs,
 *            nart_terms, nmsgs
 *   terms    nterms x {u32 display length, u32 forms length,
 *                      u32 narticles, u8 kind, u8 common,
 *                      u8 role length (0: none; names only), u8 zero}
 *   articles nterm_arts x u32: each term's article list, in term order
 *   strings  nstrbytes bytes: each term's display, its forms, then its
 *            role, no NULs
 *   counts   narticles x {u32 occurrences, u32 terms}
 *   occs     noccs x {u32 off, u32 len, u32 term}, article after article
 *   terms    nart_terms x u32: each article's term list
 *   msgs     nmsgs x {u32 length, bytes}
 *   words    u64 length, then the word index's bytes (wordidx.h; length 0:
 *            none)
 * Every section is one flat array, so reading is a few linear passes and a
 * handful of allocations whatever the size of the corpus. */
#include "kilde/xref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/text.h"
#include "kilde/util.h"
#include "bytes.h"
#include "xref_impl.h"

#define XCACHE_MAGIC 0x3149584bu /* "KXI1" read as a little-endian u32 */
#define XCACHE_HEADER 64
#define XCACHE_TERM 16
#define XCACHE_COUNTS 8
#define XCACHE_OCC 12

/* ---- the options hash -------------------------------------------------- */

static void put_field(struct strbuf *sb, const char *s, size_t n)
{
	uint8_t len[8];

	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)((uint64_t)n >> (8 * i));
	sb_append(sb, (const char *)len, sizeof(len));
	sb_append(sb, s, n);
}

uint64_t xref_options_hash(const struct xref_options *opt)
{
	struct xref_options o;
	struct strbuf sb = {0};
	char num[64];
	size_t naliases;
	uint64_t h;

	if (opt)
		o = *opt;
	else
		xref_default_options(&o);
	/* The same defaulting as xref_build: options that build the same
	 * index hash the same. */
	if (o.passage_words < 2)
		o.passage_words = 2;
	if (o.common_share <= 0 || o.common_share > 100)
		o.common_share = 50;
	naliases = o.aliases ? o.naliases : 0;
	/* Every field with its length in front, so that no two different
	 * sets of options can run together into the same bytes. */
	snprintf(num, sizeof(num), "xref-options engine=%d words=%d share=%d",
	         XREF_ENGINE_VERSION, o.passage_words, o.common_share);
	put_field(&sb, num, strlen(num));
	put_field(&sb, KILDE_VERSION, strlen(KILDE_VERSION));
	if (o.company_suffixes)
		put_field(&sb, o.company_suffixes, strlen(o.company_suffixes));
	else
		put_field(&sb, "(none)", 7); /* 7 bytes: cannot equal a C string */
	{
		const char *lists[] = {o.roles_en, o.roles_da, o.name_particles, o.org_subnames};
		for (size_t i = 0; i < KILDE_ARRAY_LEN(lists); i++)
			if (lists[i])
				put_field(&sb, lists[i], strlen(lists[i]));
			else
				put_field(&sb, "(none)", 7);
	}
	snprintf(num, sizeof(num), "%zu", naliases);
	put_field(&sb, num, strlen(num));
	for (size_t i = 0; i < naliases; i++)
		put_field(&sb, o.aliases[i], strlen(o.aliases[i]));
	h = util_hash64(sb.s, sb.len);
	sb_free(&sb);
	return h;
}

/* ---- writing ---------------------------------------------------------------- */

/* A role is a word: its length fits the byte the term's entry has for it
 * (a longer one, which the build does not make, is not kept). */
static size_t role_len(const struct xref_term *x)
{
	size_t n = x->role ? strlen(x->role) : 0;
	return n <= UINT8_MAX ? n : 0;
}

/* The counts the layout's header holds. */
struct xcounts {
	size_t nta, nstr, nocc, nat, nmsgs, msgbytes;
};

static void count(const struct xref_index *ix, struct xcounts *k)
{
	*k = (struct xcounts){0};
	for (size_t t = 0; t < ix->nterms; t++) {
		k->nta += ix->terms[t].narticles;
		k->nstr += strlen(ix->terms[t].display) + strlen(ix->terms[t].forms) +
		           role_len(&ix->terms[t]);
	}
	for (; ix->msgs && ix->msgs[k->nmsgs]; k->nmsgs++)
		k->msgbytes += 4 + strlen(ix->msgs[k->nmsgs]);
	k->nocc = ix->occ_start[ix->narticles];
	k->nat = ix->art_term_start[ix->narticles];
}

static size_t serialized_size(const struct xref_index *ix, const struct xcounts *k)
{
	return XCACHE_HEADER + ix->nterms * XCACHE_TERM + k->nta * 4 + k->nstr +
	       ix->narticles * XCACHE_COUNTS + k->nocc * XCACHE_OCC + k->nat * 4 +
	       k->msgbytes + 8 + wordidx_bytes(ix->words);
}

size_t xref_serialized_size(const struct xref_index *ix)
{
	struct xcounts k;

	count(ix, &k);
	return serialized_size(ix, &k);
}

/* The index's arrays already are the layout's, where the machine is
 * little-endian: written from where they lie. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define XCACHE_AS_IS 1
_Static_assert(sizeof(struct xref_occ) == XCACHE_OCC,
               "an occurrence in memory is the cache's 12 bytes");
#else
#define XCACHE_AS_IS 0
#endif

static void put_u32s(struct bytes_out *o, const uint32_t *v, size_t n)
{
	if (XCACHE_AS_IS) {
		bytes_out_put(o, v, n * 4);
		return;
	}
	for (size_t i = 0; i < n; i++)
		bytes_out_put32(o, v[i]);
}

/* The terms' article lists, in term order: one run when they lie in
 * term_arts in that order. */
static void put_term_articles(struct bytes_out *o, const struct xref_index *ix,
                              size_t nta)
{
	size_t apos = 0, t;

	for (t = 0; t < ix->nterms; t++) {
		if (ix->terms[t].articles != ix->term_arts + apos)
			break;
		apos += ix->terms[t].narticles;
	}
	if (t == ix->nterms && apos == nta) {
		put_u32s(o, ix->term_arts, nta);
		return;
	}
	for (t = 0; t < ix->nterms; t++)
		put_u32s(o, ix->terms[t].articles, ix->terms[t].narticles);
}

static void put_occs(struct bytes_out *o, const struct xref_occ *occs, size_t n)
{
	if (XCACHE_AS_IS) {
		bytes_out_put(o, occs, n * XCACHE_OCC);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char *p = bytes_out_room(o, XCACHE_OCC);
		p = bytes_put32(p, occs[i].off);
		p = bytes_put32(p, occs[i].len);
		bytes_put32(p, occs[i].term);
	}
}

int xref_serialize_to(const struct xref_index *ix,
                      int (*sink)(void *ctx, const void *data, size_t n),
                      void *ctx)
{
	enum { STAGE = 256 * 1024 };
	struct xcounts k;
	size_t na = ix->narticles;
	struct bytes_out o = {.buf = util_xmalloc(STAGE), .cap = STAGE,
	                      .sink = sink, .ctx = ctx};

	count(ix, &k);
	bytes_out_put32(&o, XCACHE_MAGIC);
	bytes_out_put32(&o, 0);
	bytes_out_put64(&o, na);
	bytes_out_put64(&o, ix->nterms);
	bytes_out_put64(&o, k.nta);
	bytes_out_put64(&o, k.nstr);
	bytes_out_put64(&o, k.nocc);
	bytes_out_put64(&o, k.nat);
	bytes_out_put64(&o, k.nmsgs);
	for (size_t t = 0; t < ix->nterms; t++) {
		const struct xref_term *x = &ix->terms[t];
		unsigned char *p = bytes_out_room(&o, XCACHE_TERM);

		p = bytes_put32(p, (uint32_t)strlen(x->display));
		p = bytes_put32(p, (uint32_t)strlen(x->forms));
		p = bytes_put32(p, (uint32_t)x->narticles);
		*p++ = (uint8_t)x->kind;
		*p++ = x->common;
		*p++ = (uint8_t)role_len(x);
		*p = 0;
	}
	put_term_articles(&o, ix, k.nta);
	for (size_t t = 0; t < ix->nterms; t++) {
		const struct xref_term *x = &ix->terms[t];

		bytes_out_put(&o, x->display, strlen(x->display));
		bytes_out_put(&o, x->forms, strlen(x->forms));
		if (role_len(x))
			bytes_out_put(&o, x->role, role_len(x));
	}
	for (size_t a = 0; a < na; a++) {
		bytes_out_put32(&o, (uint32_t)(ix->occ_start[a + 1] - ix->occ_start[a]));
		bytes_out_put32(&o, (uint32_t)(ix->art_term_start[a + 1] -
		                               ix->art_term_start[a]));
	}
	put_occs(&o, ix->occs, k.nocc);
	put_u32s(&o, ix->art_terms, k.nat);
	for (size_t m = 0; m < k.nmsgs; m++) {
		size_t n = strlen(ix->msgs[m]);

		bytes_out_put32(&o, (uint32_t)n);
		bytes_out_put(&o, ix->msgs[m], n);
	}
	/* The word index's bytes are in their form already: as they lie. */
	bytes_out_put64(&o, wordidx_bytes(ix->words));
	bytes_out_put(&o, wordidx_data(ix->words), wordidx_bytes(ix->words));
	bytes_out_flush(&o);
	free(o.buf);
	return o.err;
}

static int append_sink(void *ctx, const void *data, size_t n)
{
	sb_append(ctx, data, n);
	return 0;
}

void xref_serialize(const struct xref_index *ix, struct strbuf *out)
{
	/* One growth: the pieces then only copy. */
	util_grow((void **)&out->s, &out->cap, out->len + xref_serialized_size(ix) + 1, 1);
	(void)xref_serialize_to(ix, append_sink, out);
}

/* ---- reading ---------------------------------------------------------------- */

/* True when s[0..n) holds no NUL: a string read back must not end early
 * (the TSV and xref_find would see less than was written). */
static bool no_nul(const uint8_t *s, size_t n)
{
	return n == 0 || !memchr(s, 0, n);
}

/* The terms: their table, article lists and strings. */
static bool read_terms(struct xref_index *ix, struct bytes_reader *r, const struct corpus *c,
                       uint64_t nta, uint64_t nstr)
{
	const uint8_t *tab = bytes_take(r, ix->nterms, XCACHE_TERM);
	const uint8_t *arts = tab ? bytes_take(r, nta, 4) : NULL;
	const uint8_t *str = arts ? bytes_take(r, nstr, 1) : NULL;
	size_t apos = 0, spos = 0;
	char *blob;

	if (!str)
		return false;
	ix->terms = util_xcalloc(ix->nterms + 1, sizeof(*ix->terms));
	ix->term_arts = util_xmalloc(((size_t)nta + 1) * sizeof(*ix->term_arts));
	/* One block for every string, each with its NUL added back. */
	ix->strings = util_xmalloc(sizeof(*ix->strings));
	ix->strings[0] = blob = util_xmalloc((size_t)nstr + 3 * ix->nterms + 1);
	ix->nstrings = 1;
	for (size_t t = 0; t < ix->nterms; t++) {
		const uint8_t *e = tab + t * XCACHE_TERM;
		struct xref_term *x = &ix->terms[t];
		uint32_t dlen = bytes_get32(e), flen = bytes_get32(e + 4), n = bytes_get32(e + 8);
		uint32_t rlen = e[14];

		/* The order xref.h numbers terms in is checked once the
		 * weights are known (below). */
		if (e[12] > XREF_PASSAGE || e[13] > 1 || e[15] || n < 2 ||
		    n > c->n || n > nta - apos || dlen > nstr - spos ||
		    flen > nstr - spos - dlen || rlen > nstr - spos - dlen - flen ||
		    (rlen && e[12] != XREF_NAME) ||
		    (e[13] && c->n <= XREF_COMMON_MIN_ARTICLES))
			return false;
		x->kind = (enum xref_kind)e[12];
		x->common = e[13];
		x->narticles = n;
		x->articles = ix->term_arts + apos;
		for (size_t i = 0; i < n; i++) {
			uint32_t a = bytes_get32(arts + 4 * (apos + i));

			if (a >= c->n || (i && a <= ix->term_arts[apos + i - 1]))
				return false;
			ix->term_arts[apos + i] = a;
		}
		apos += n;
		/* Displays and forms are drawn: as clean as the texts they
		 * came from, or the bytes were not written by kilde. */
		if (!no_nul(str + spos, dlen + flen + rlen) ||
		    !text_is_clean_line((const char *)str + spos, dlen + flen + rlen))
			return false;
		memcpy(blob, str + spos, dlen);
		blob[dlen] = '\0';
		x->display = blob;
		blob += dlen + 1;
		memcpy(blob, str + spos + dlen, flen);
		blob[flen] = '\0';
		x->forms = blob;
		blob += flen + 1;
		x->role = NULL;
		if (rlen) {
			memcpy(blob, str + spos + dlen + flen, rlen);
			blob[rlen] = '\0';
			x->role = blob;
			blob += rlen + 1;
		}
		spos += dlen + flen + rlen;
	}
	if (apos != nta || spos != nstr)
		return false;
	/* The weights follow from the articles; the terms are numbered by
	 * them, the common ones last (the ties are broken by what the cache
	 * does not check: a changed display byte is no lie about order). */
	xref_weigh(c, ix->terms, ix->nterms);
	for (size_t t = 1; t < ix->nterms; t++) {
		const struct xref_term *p = &ix->terms[t - 1], *x = &ix->terms[t];
		if ((p->common && !x->common) || (p->common == x->common && x->weight > p->weight))
			return false;
	}
	return true;
}

/* Per article: the occurrences (inside the article, sorted, apart) and the
 * term list (ascending), with their starts. */
static bool read_articles(struct xref_index *ix, struct bytes_reader *r, const struct corpus *c,
                          uint64_t nocc, uint64_t nat)
{
	const uint8_t *cnt = bytes_take(r, ix->narticles, XCACHE_COUNTS);
	const uint8_t *occ = cnt ? bytes_take(r, nocc, XCACHE_OCC) : NULL;
	const uint8_t *at = occ ? bytes_take(r, nat, 4) : NULL;
	size_t no = 0, nt = 0;

	if (!at)
		return false;
	ix->occ_start = util_xmalloc((ix->narticles + 1) * sizeof(*ix->occ_start));
	ix->art_term_start = util_xmalloc((ix->narticles + 1) * sizeof(*ix->art_term_start));
	ix->occs = util_xmalloc(((size_t)nocc + 1) * sizeof(*ix->occs));
	ix->art_terms = util_xmalloc(((size_t)nat + 1) * sizeof(*ix->art_terms));
	for (size_t a = 0; a < ix->narticles; a++) {
		uint32_t ko = bytes_get32(cnt + a * XCACHE_COUNTS), kt = bytes_get32(cnt + a * XCACHE_COUNTS + 4);
		size_t alen = c->articles[a].len, end = 0;

		if (ko > nocc - no || kt > nat - nt)
			return false;
		ix->occ_start[a] = no;
		ix->art_term_start[a] = nt;
		for (size_t i = no; i < no + ko; i++) {
			const uint8_t *e = occ + i * XCACHE_OCC;
			uint32_t off = bytes_get32(e), len = bytes_get32(e + 4), term = bytes_get32(e + 8);

			if (off < end || off > alen || len == 0 || len > alen - off ||
			    term >= ix->nterms)
				return false;
			ix->occs[i] = (struct xref_occ){.off = off, .len = len, .term = term};
			end = (size_t)off + len;
		}
		for (size_t i = nt; i < nt + kt; i++) {
			uint32_t term = bytes_get32(at + 4 * i);

			if (term >= ix->nterms || (i > nt && term <= ix->art_terms[i - 1]))
				return false;
			ix->art_terms[i] = term;
		}
		no += ko;
		nt += kt;
	}
	ix->occ_start[ix->narticles] = no;
	ix->art_term_start[ix->narticles] = nt;
	return no == nocc && nt == nat;
}

/* The three views of "term t is in article a" must agree, as they do in a
 * built index: an article's term list is exactly the terms of its
 * occurrences, and a term's article list exactly the articles whose term
 * lists hold it. Otherwise the reader would jump from an occurrence to a
 * term that does not list the article, or to an article with nothing to
 * show. Linear: one stamp per term. */
static bool consistent(const struct xref_index *ix)
{
	/* 32 bits each: fresh memory is what reading costs most. */
	uint32_t *stamp = util_xcalloc(ix->nterms + 1, sizeof(*stamp));
	uint32_t *next = util_xcalloc(ix->nterms + 1, sizeof(*next));
	bool ok = true;

	for (size_t a = 0; ok && a < ix->narticles; a++) {
		size_t distinct = 0;
		uint32_t mark = (uint32_t)(2 * a + 1); /* listed here; mark + 1: and seen */

		for (size_t i = ix->art_term_start[a]; i < ix->art_term_start[a + 1]; i++) {
			uint32_t t = ix->art_terms[i];
			const struct xref_term *x = &ix->terms[t];

			stamp[t] = mark;
			if (next[t] >= x->narticles || x->articles[next[t]] != a) {
				ok = false;
				break;
			}
			next[t]++;
		}
		for (size_t i = ix->occ_start[a]; ok && i < ix->occ_start[a + 1]; i++) {
			uint32_t t = ix->occs[i].term;

			if (stamp[t] == mark) {
				stamp[t] = mark + 1;
				distinct++;
			} else if (stamp[t] != mark + 1) {
				ok = false;
			}
		}
		if (distinct != ix->art_term_start[a + 1] - ix->art_term_start[a])
			ok = false;
	}
	for (size_t t = 0; ok && t < ix->nterms; t++)
		if (next[t] != ix->terms[t].narticles)
			ok = false;
	free(stamp);
	free(next);
	return ok;
}

static bool read_msgs(struct xref_index *ix, struct bytes_reader *r, uint64_t nmsgs)
{
	if (!nmsgs)
		return true;
	/* Each message takes at least its 4-byte length. */
	if (nmsgs > r->left / 4)
		return false;
	ix->msgs = util_xcalloc((size_t)nmsgs + 1, sizeof(*ix->msgs));
	for (size_t m = 0; m < nmsgs; m++) {
		const uint8_t *lp = bytes_take(r, 1, 4), *s;
		uint32_t n;

		if (!lp)
			return false;
		n = bytes_get32(lp);
		s = bytes_take(r, n, 1);
		if (!s || !no_nul(s, n))
			return false;
		ix->msgs[m] = util_xstrndup((const char *)s, n);
	}
	return true;
}

/* The word index: a length and the bytes wordidx_deserialize checks. */
static bool read_words(struct xref_index *ix, struct bytes_reader *r)
{
	const uint8_t *lp = bytes_take(r, 1, 8), *w;
	uint64_t n;

	if (!lp)
		return false;
	n = bytes_get64(lp);
	if (!n)
		return true;
	w = bytes_take(r, n, 1);
	if (!w)
		return false;
	ix->words = wordidx_deserialize(w, (size_t)n, ix->narticles);
	return ix->words != NULL;
}

struct xref_index *xref_deserialize(const void *buf, size_t len, const struct corpus *c)
{
	struct bytes_reader r = {buf, len, false};
	const uint8_t *h = bytes_take(&r, 1, XCACHE_HEADER);
	struct xref_index *ix;
	uint64_t hd[7], na, nterms, nta, nstr, nocc, nat, nmsgs;

	if (!h || bytes_get32(h) != XCACHE_MAGIC || bytes_get32(h + 4) != 0)
		return NULL;
	bytes_get64s(h + 8, hd, 7);
	na = hd[0], nterms = hd[1], nta = hd[2], nstr = hd[3];
	nocc = hd[4], nat = hd[5], nmsgs = hd[6];
	/* Article and term numbers are u32 in the bytes and in the index;
	 * consistent() stamps terms with 2 * article + 2. */
	if (na != c->n || na >= UINT32_MAX / 2 || nterms > UINT32_MAX)
		return NULL;
	ix = util_xcalloc(1, sizeof(*ix));
	ix->narticles = (size_t)na;
	ix->nterms = (size_t)nterms;
	if (!read_terms(ix, &r, c, nta, nstr) || !read_articles(ix, &r, c, nocc, nat) ||
	    !read_msgs(ix, &r, nmsgs) || !read_words(ix, &r) || r.left != 0 ||
	    !consistent(ix)) {
		xref_free(ix);
		return NULL;
	}
	return ix;
}
