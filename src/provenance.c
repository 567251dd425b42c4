/* provenance.c - the earliest articles of a term (see provenance.h). Dates
 * are ISO "YYYY-MM-DD" (article.h), so their byte order is their order. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/provenance.h"
#include "kilde/util.h"
#include "bytes.h"

static bool dated(const struct article *a)
{
	return a->date && strlen(a->date) == 10;
}

size_t provenance_first(const struct corpus *c, const uint32_t *arts, size_t n,
                        uint32_t *first, size_t *undated)
{
	const char *best = NULL;
	size_t nfirst = 0, nundated = 0;

	for (size_t i = 0; i < n; i++) {
		const struct article *a = &c->articles[arts[i]];
		int cmp;

		if (!dated(a)) {
			nundated++;
			continue;
		}
		cmp = best ? strcmp(a->date, best) : -1;
		if (cmp < 0) {
			best = a->date;
			nfirst = 0;
		}
		if (cmp <= 0)
			first[nfirst++] = arts[i];
	}
	if (undated)
		*undated = nundated;
	return nfirst;
}

bool provenance_repeats(const struct corpus *c, const uint32_t *first,
                        size_t nfirst, uint32_t a)
{
	const struct article *art = &c->articles[a];

	if (nfirst == 0 || !dated(art))
		return false;
	for (size_t i = 0; i < nfirst; i++)
		if (first[i] == a)
			return false;
	return strcmp(art->date, c->articles[first[0]].date) > 0;
}

/* ---- per article ------------------------------------------------------ */

struct provenance_index {
	struct provenance_repeat *reps; /* by article, then as documented */
	size_t *repstart;               /* n + 1 offsets into reps */
	struct provenance_lead *leads;
	size_t *leadstart;
	uint32_t *firstpass;            /* per article */
};

/* A repeat before grouping: article a repeats term t of from, whose first
 * occurrence in from is occ. */
struct rep_rec {
	uint32_t a, from, occ, term;
};

struct lead_rec {
	uint32_t a, with, term;
};

static int rep_cmp(const void *x, const void *y, void *arg)
{
	const struct rep_rec *p = x, *q = y;
	const struct corpus *c = arg;
	int d;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	d = strcmp(c->articles[p->from].date, c->articles[q->from].date);
	if (d)
		return d;
	if (p->from != q->from)
		return p->from < q->from ? -1 : 1;
	if (p->occ != q->occ)
		return p->occ < q->occ ? -1 : 1;
	return 0;
}

static int lead_cmp(const void *x, const void *y)
{
	const struct lead_rec *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	/* Alone (UINT32_MAX) before the ties: flip it to sort first. */
	if (p->with != q->with)
		return p->with + 1u < q->with + 1u ? -1 : 1;
	if (p->term != q->term)
		return p->term < q->term ? -1 : 1;
	return 0;
}

struct provenance_index *provenance_index_build(const struct corpus *c,
                                                const struct xref_index *ix)
{
	size_t nt = xref_count(ix), n = c->n, *fstart, nf = 0;
	uint32_t *firsts, *seen, *firstpass;
	struct rep_rec *reps = NULL;
	struct lead_rec *leads = NULL;
	size_t nreps = 0, repcap = 0, nleads = 0, leadcap = 0;
	struct provenance_index *p;

	if (!ix)
		return NULL;
	/* Each term's first articles, once (provenance_first). */
	fstart = util_xcalloc(nt + 1, sizeof(*fstart));
	for (size_t t = 0; t < nt; t++)
		nf += xref_get(ix, (uint32_t)t)->narticles;
	firsts = util_xcalloc(nf ? nf : 1, sizeof(*firsts));
	nf = 0;
	for (size_t t = 0; t < nt; t++) {
		const struct xref_term *tm = xref_get(ix, (uint32_t)t);

		fstart[t] = nf;
		nf += provenance_first(c, tm->articles, tm->narticles,
		                       firsts + nf, NULL);
	}
	fstart[nt] = nf;
	/* Repeated passages: walking each first article's occurrences in
	 * text order finds the first occurrence of each of its terms, the
	 * place a reader going back to it wants. */
	seen = util_xcalloc(nt ? nt : 1, sizeof(*seen));
	firstpass = util_xcalloc(n ? n : 1, sizeof(*firstpass));
	for (size_t f = 0; f < n; f++) {
		size_t no;
		const struct xref_occ *o = xref_occs(ix, f, &no);

		for (size_t i = 0; i < no; i++) {
			uint32_t t = o[i].term;
			const struct xref_term *tm = xref_get(ix, t);
			const uint32_t *fi = firsts + fstart[t];
			size_t nfi = fstart[t + 1] - fstart[t];
			bool is_first = false;

			/* seen holds f + 1 once term t was met in f. */
			if (seen[t] == f + 1 || tm->kind != XREF_PASSAGE)
				continue;
			seen[t] = (uint32_t)(f + 1);
			for (size_t k = 0; k < nfi && !is_first; k++)
				is_first = fi[k] == f;
			if (!is_first)
				continue;
			for (size_t k = 0, counted = 0; k < tm->narticles; k++) {
				uint32_t a = tm->articles[k];

				if (!provenance_repeats(c, fi, nfi, a))
					continue;
				if (!counted++)
					firstpass[f]++;
				util_grow((void **)&reps, &repcap, nreps + 1,
				          sizeof(*reps));
				reps[nreps++] = (struct rep_rec){
					.a = a, .from = (uint32_t)f,
					.occ = (uint32_t)i, .term = t};
			}
		}
	}
	free(seen);
	/* Names and numbers had first, that a later article repeats (or that
	 * another article had on the same date: a tie). */
	for (size_t t = 0; t < nt; t++) {
		const struct xref_term *tm = xref_get(ix, (uint32_t)t);
		const uint32_t *fi = firsts + fstart[t];
		size_t nfi = fstart[t + 1] - fstart[t];
		bool repeated = false;

		/* A term in more than half the articles tells nothing about
		 * who reported first (China in a corpus about China), also in
		 * a corpus too small for the index to call it common. */
		if (tm->kind == XREF_PASSAGE || tm->common || !nfi ||
		    tm->narticles * 2 > n)
			continue;
		for (size_t k = 0; k < tm->narticles && !repeated; k++)
			repeated = provenance_repeats(c, fi, nfi, tm->articles[k]);
		if (!repeated && nfi == 1)
			continue;
		for (size_t k = 0; k < nfi; k++) {
			for (size_t j = 0; j < nfi; j++) {
				if (nfi > 1 && j == k)
					continue;
				util_grow((void **)&leads, &leadcap, nleads + 1,
				          sizeof(*leads));
				leads[nleads++] = (struct lead_rec){
					.a = fi[k],
					.with = nfi == 1 ? PROVENANCE_ALONE : fi[j],
					.term = (uint32_t)t};
				if (nfi == 1)
					break;
			}
		}
	}
	free(firsts);
	free(fstart);
	/* No static sort context: the worker thread builds this. */
	if (nreps)
		qsort_r(reps, nreps, sizeof(*reps), rep_cmp, (void *)c);
	if (nleads)
		qsort(leads, nleads, sizeof(*leads), lead_cmp);
	p = util_xcalloc(1, sizeof(*p));
	p->firstpass = firstpass;
	p->repstart = util_xcalloc(n + 1, sizeof(*p->repstart));
	p->leadstart = util_xcalloc(n + 1, sizeof(*p->leadstart));
	p->reps = util_xcalloc(nreps ? nreps : 1, sizeof(*p->reps));
	p->leads = util_xcalloc(nleads ? nleads : 1, sizeof(*p->leads));
	/* Group the repeats by (a, from): sorted by occurrence, the first
	 * record of a group is the earliest place in from. */
	{
		size_t k = 0, out = 0;

		for (size_t a = 0; a < n; a++) {
			p->repstart[a] = out;
			while (k < nreps && reps[k].a == a) {
				size_t j = k;

				while (j < nreps && reps[j].a == a &&
				       reps[j].from == reps[k].from)
					j++;
				p->reps[out++] = (struct provenance_repeat){
					.from = reps[k].from,
					.passages = (uint32_t)(j - k),
					.occ = reps[k].occ};
				k = j;
			}
		}
		p->repstart[n] = out;
	}
	{
		size_t k = 0;

		for (size_t a = 0; a < n; a++) {
			p->leadstart[a] = k;
			for (; k < nleads && leads[k].a == a; k++)
				p->leads[k] = (struct provenance_lead){
					.with = leads[k].with,
					.term = leads[k].term};
		}
		p->leadstart[n] = k;
	}
	free(reps);
	free(leads);
	return p;
}

const struct provenance_repeat *
provenance_index_repeats(const struct provenance_index *p, size_t a, size_t *n)
{
	*n = p ? p->repstart[a + 1] - p->repstart[a] : 0;
	return p ? p->reps + p->repstart[a] : NULL;
}

const struct provenance_lead *
provenance_index_leads(const struct provenance_index *p, size_t a, size_t *n)
{
	*n = p ? p->leadstart[a + 1] - p->leadstart[a] : 0;
	return p ? p->leads + p->leadstart[a] : NULL;
}

uint32_t provenance_index_first_passages(const struct provenance_index *p,
                                         size_t a)
{
	return p ? p->firstpass[a] : 0;
}

void provenance_index_free(struct provenance_index *p)
{
	if (!p)
		return;
	free(p->firstpass);
	free(p->reps);
	free(p->repstart);
	free(p->leads);
	free(p->leadstart);
	free(p);
}

/* ---- the byte form, for the cache ------------------------------------- */

void provenance_index_serialize(const struct provenance_index *p, size_t n,
                                size_t nterms, struct strbuf *out)
{
	bytes_sb_put64(out, n);
	bytes_sb_put64(out, nterms);
	bytes_sb_put64(out, p->repstart[n]);
	bytes_sb_put64(out, p->leadstart[n]);
	for (size_t a = 0; a < n; a++)
		bytes_sb_put32(out, p->firstpass[a]);
	for (size_t a = 0; a < n; a++)
		bytes_sb_put32(out, (uint32_t)(p->repstart[a + 1] - p->repstart[a]));
	for (size_t k = 0; k < p->repstart[n]; k++) {
		bytes_sb_put32(out, p->reps[k].from);
		bytes_sb_put32(out, p->reps[k].passages);
		bytes_sb_put32(out, p->reps[k].occ);
	}
	for (size_t a = 0; a < n; a++)
		bytes_sb_put32(out, (uint32_t)(p->leadstart[a + 1] - p->leadstart[a]));
	for (size_t k = 0; k < p->leadstart[n]; k++) {
		bytes_sb_put32(out, p->leads[k].with);
		bytes_sb_put32(out, p->leads[k].term);
	}
}

/* Per-article counts (n of them at b) into n + 1 offsets that must end
 * at total. */
static bool read_starts(const unsigned char *b, size_t n, size_t total,
                        size_t *start)
{
	size_t at = 0;

	for (size_t a = 0; a < n; a++) {
		uint32_t k = bytes_get32(b + 4 * a);

		start[a] = at;
		if (k > total - at)
			return false;
		at += k;
	}
	start[n] = at;
	return at == total;
}

/* Article a's repeats as provenance_index_build leaves them: each an
 * earlier source (not a itself) of at least one passage, at an occurrence
 * that source has, by the source's date and then the source. */
static bool repeats_ok(const struct provenance_index *p,
                       const struct corpus *c, const struct xref_index *ix,
                       size_t a)
{
	for (size_t k = p->repstart[a]; k < p->repstart[a + 1]; k++) {
		const struct provenance_repeat *r = &p->reps[k];
		size_t nocc;

		if (r->from >= c->n || r->from == a || r->passages == 0 ||
		    !dated(&c->articles[r->from]))
			return false;
		(void)xref_occs(ix, r->from, &nocc);
		if (r->occ >= nocc)
			return false;
		if (k > p->repstart[a]) {
			const struct provenance_repeat *q = &p->reps[k - 1];
			int d = strcmp(c->articles[q->from].date,
			               c->articles[r->from].date);

			if (d > 0 || (d == 0 && q->from >= r->from))
				return false;
		}
	}
	return true;
}

/* Article a's leads: another article or PROVENANCE_ALONE, a term of the
 * index, in lead_cmp's order without a pair twice. */
static bool leads_ok(const struct provenance_index *p, size_t n,
                     size_t nterms, size_t a)
{
	for (size_t k = p->leadstart[a]; k < p->leadstart[a + 1]; k++) {
		const struct provenance_lead *l = &p->leads[k];

		if ((l->with != PROVENANCE_ALONE && (l->with >= n || l->with == a)) ||
		    l->term >= nterms)
			return false;
		if (k > p->leadstart[a]) {
			struct lead_rec x = {(uint32_t)a, p->leads[k - 1].with,
			                     p->leads[k - 1].term};
			struct lead_rec y = {(uint32_t)a, l->with, l->term};

			if (lead_cmp(&x, &y) >= 0)
				return false;
		}
	}
	return true;
}

struct provenance_index *provenance_index_deserialize(const void *buf,
                                                      size_t len,
                                                      const struct corpus *c,
                                                      const struct xref_index *ix)
{
	struct bytes_reader r = {.p = buf, .left = len};
	const unsigned char *h = bytes_take(&r, 4, 8);
	const unsigned char *fp, *rc, *rp, *lc, *lp;
	uint64_t v[4];
	size_t n = c->n, nt = xref_count(ix), nreps, nleads;
	struct provenance_index *p;

	if (!h)
		return NULL;
	bytes_get64s(h, v, 4);
	if (v[0] != n || v[1] != nt)
		return NULL;
	/* Every count is held to the bytes left before anything is made. */
	fp = bytes_take(&r, n, 4);
	rc = bytes_take(&r, n, 4);
	rp = bytes_take(&r, v[2], 12);
	lc = bytes_take(&r, n, 4);
	lp = bytes_take(&r, v[3], 8);
	if (r.bad || r.left != 0)
		return NULL;
	nreps = (size_t)v[2];
	nleads = (size_t)v[3];
	p = util_xcalloc(1, sizeof(*p));
	p->firstpass = util_xcalloc(n ? n : 1, sizeof(*p->firstpass));
	p->repstart = util_xcalloc(n + 1, sizeof(*p->repstart));
	p->leadstart = util_xcalloc(n + 1, sizeof(*p->leadstart));
	p->reps = util_xcalloc(nreps ? nreps : 1, sizeof(*p->reps));
	p->leads = util_xcalloc(nleads ? nleads : 1, sizeof(*p->leads));
	if (!read_starts(rc, n, nreps, p->repstart) ||
	    !read_starts(lc, n, nleads, p->leadstart))
		goto bad;
	for (size_t a = 0; a < n; a++)
		p->firstpass[a] = bytes_get32(fp + 4 * a);
	for (size_t k = 0; k < nreps; k++)
		p->reps[k] = (struct provenance_repeat){
			.from = bytes_get32(rp + 12 * k),
			.passages = bytes_get32(rp + 12 * k + 4),
			.occ = bytes_get32(rp + 12 * k + 8)};
	for (size_t k = 0; k < nleads; k++)
		p->leads[k] = (struct provenance_lead){
			.with = bytes_get32(lp + 8 * k),
			.term = bytes_get32(lp + 8 * k + 4)};
	for (size_t a = 0; a < n; a++)
		if (!repeats_ok(p, c, ix, a) || !leads_ok(p, n, nt, a))
			goto bad;
	return p;
bad:
	provenance_index_free(p);
	return NULL;
}
