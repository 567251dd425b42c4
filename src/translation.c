/* translation.c - translated sentences from the anchors they share (see
 * translation.h). Candidate pairs come from the postings of anchors that
 * few articles have, so the work grows with the corpus; the order check
 * is a longest common subsequence over two short lists. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/provenance.h"
#include "kilde/translation.h"
#include "kilde/util.h"

/* An anchor in more articles than this proposes no candidates (its
 * postings would pair up quadratically); it still counts when rarer
 * anchors proposed the pair. */
#define TRANSLATION_RARE_DF 64
/* Anchors a sentence may hold and still be compared: a sentence with
 * more is a list, not a statement anyone translates. */
#define TRANSLATION_MAX_ANCHORS 32
/* Bytes of a sentence shown in a display. */
#define TRANSLATION_DISPLAY 60

struct sentence {
	uint32_t article, off, len;
	uint32_t first, n; /* its anchors: anchors[first..first+n) */
};

struct finder {
	const struct corpus *c;
	const struct xref_index *ix;
	struct sentence *s;
	size_t ns, scap;
	uint32_t *anchors; /* term numbers, in text order */
	size_t na, acap;
};

/* Names and numbers anchor a sentence; passages are the same words, which
 * a translation does not have, and common terms anchor nothing. */
static bool anchor(const struct xref_term *x)
{
	return x->kind != XREF_PASSAGE && !x->common;
}

static bool is_end(const char *t, size_t i, size_t len)
{
	if (t[i] == '\n')
		return true;
	if (t[i] != '.' && t[i] != '!' && t[i] != '?')
		return false;
	/* "19.9", "N.J." and "kl.8" are not ends: a space or the end must
	 * follow (after a closing quote). */
	i++;
	while (i < len && (t[i] == '"' || t[i] == '\'' || t[i] == ')' ||
	                   (unsigned char)t[i] >= 0x80))
		i++;
	return i >= len || t[i] == ' ' || t[i] == '\n';
}

/* The sentences of article a, each with the names and numbers in it. */
static void split_article(struct finder *f, uint32_t a, const char *t,
                          size_t len)
{
	size_t nocc, k = 0, start = 0;
	const struct xref_occ *occ = xref_occs(f->ix, a, &nocc);

	for (size_t i = 0; i <= len; i++) {
		if (i < len && !is_end(t, i, len))
			continue;
		size_t end = i < len ? i + 1 : len, from = start;

		while (from < end && (t[from] == ' ' || t[from] == '\n'))
			from++;
		struct sentence s = {a, (uint32_t)from, (uint32_t)(end - from),
		                     (uint32_t)f->na, 0};

		for (; k < nocc && occ[k].off < end; k++) {
			if (occ[k].off < start ||
			    !anchor(xref_get(f->ix, occ[k].term)))
				continue;
			util_grow((void **)&f->anchors, &f->acap, f->na + 1,
			          sizeof *f->anchors);
			f->anchors[f->na++] = occ[k].term;
			s.n++;
		}
		if (s.n >= TRANSLATION_MIN_ANCHORS &&
		    s.n <= TRANSLATION_MAX_ANCHORS) {
			util_grow((void **)&f->s, &f->scap, f->ns + 1, sizeof *f->s);
			f->s[f->ns++] = s;
		} else {
			f->na = s.first;
		}
		start = end;
	}
}

/* Distinct terms of sentence s. */
static size_t distinct(const struct finder *f, const struct sentence *s)
{
	size_t d = 0;

	for (uint32_t i = 0; i < s->n; i++) {
		uint32_t j;
		for (j = 0; j < i; j++)
			if (f->anchors[s->first + j] == f->anchors[s->first + i])
				break;
		d += j == i;
	}
	return d;
}

/* The distinct anchors that line up in the same order in x and y: a
 * longest common subsequence, its distinct terms counted. */
static size_t line_up(const struct finder *f, const struct sentence *x,
                      const struct sentence *y)
{
	uint8_t len[TRANSLATION_MAX_ANCHORS + 1][TRANSLATION_MAX_ANCHORS + 1];
	const uint32_t *p = f->anchors + x->first, *q = f->anchors + y->first;
	uint32_t got[TRANSLATION_MAX_ANCHORS];
	size_t n = 0, d = 0;

	for (uint32_t i = 0; i <= x->n; i++)
		for (uint32_t j = 0; j <= y->n; j++) {
			if (i == 0 || j == 0)
				len[i][j] = 0;
			else if (p[i - 1] == q[j - 1])
				len[i][j] = len[i - 1][j - 1] + 1;
			else
				len[i][j] = len[i - 1][j] > len[i][j - 1] ?
				            len[i - 1][j] : len[i][j - 1];
		}
	for (uint32_t i = x->n, j = y->n; i > 0 && j > 0;) {
		if (p[i - 1] == q[j - 1]) {
			got[n++] = p[i - 1];
			i--;
			j--;
		} else if (len[i - 1][j] >= len[i][j - 1]) {
			i--;
		} else {
			j--;
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t j;
		for (j = 0; j < i; j++)
			if (got[j] == got[i])
				break;
		d += j == i;
	}
	return d;
}

static bool known_lang(const char *l)
{
	return !strcmp(l, "da") || !strcmp(l, "en");
}

/* The opening of a sentence on one line, as passages are shown. */
static char *opening(const char *t, size_t len)
{
	size_t cut = len;
	struct strbuf sb = {0};

	while (len > 0 && (t[len - 1] == '\n' || t[len - 1] == ' '))
		len--;
	while (len > 0 && (*t == ' ' || *t == '\n')) {
		t++;
		len--;
	}
	cut = len;
	if (len > TRANSLATION_DISPLAY) {
		cut = TRANSLATION_DISPLAY;
		while (cut > TRANSLATION_DISPLAY / 2 && t[cut] != ' ')
			cut--;
		while (cut > 0 && ((unsigned char)t[cut] & 0xc0) == 0x80)
			cut--;
	}
	for (size_t i = 0; i < cut; i++)
		sb_putc(&sb, t[i] == '\n' || t[i] == '\t' || t[i] == '|' ?
		             (t[i] == '|' ? '/' : ' ') : t[i]);
	if (cut < len)
		sb_puts(&sb, "…");
	return sb_take(&sb);
}

static int cmp_link(const void *x, const void *y)
{
	const struct translation *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->aoff != b->aoff)
		return a->aoff < b->aoff ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return (a->boff > b->boff) - (a->boff < b->boff);
}

/* Every pair of sentences from articles of different languages that a
 * rare anchor proposes, checked in full. */
static void pair_up(struct finder *f, struct translation **out, size_t *nout)
{
	size_t nt = xref_count(f->ix), cap = 0;
	uint32_t *seen = util_xcalloc(f->ns + 1, sizeof *seen);
	size_t *start = util_xcalloc(nt + 1, sizeof *start);
	size_t *end = util_xcalloc(nt + 1, sizeof *end);
	uint32_t *post;

	/* Postings: the sentences of each term, each once, in order. */
	for (size_t i = 0; i < f->na; i++)
		end[f->anchors[i]]++;
	for (size_t t = 0, at = 0; t < nt; t++) {
		start[t] = at;
		at += end[t];
		end[t] = start[t];
	}
	post = util_xmalloc((f->na + 1) * sizeof *post);
	for (size_t i = 0; i < f->ns; i++)
		for (uint32_t k = 0; k < f->s[i].n; k++) {
			uint32_t t = f->anchors[f->s[i].first + k];
			if (end[t] > start[t] && post[end[t] - 1] == i)
				continue;
			post[end[t]++] = (uint32_t)i;
		}

	for (size_t i = 0; i < f->ns; i++) {
		const struct sentence *x = &f->s[i];
		const char *la = f->c->articles[x->article].lang;
		size_t dx;

		if (!known_lang(la))
			continue;
		dx = distinct(f, x);
		for (uint32_t k = 0; k < x->n; k++) {
			uint32_t t = f->anchors[x->first + k];
			if (xref_get(f->ix, t)->narticles > TRANSLATION_RARE_DF)
				continue;
			for (size_t p = start[t]; p < end[t]; p++) {
				uint32_t j = post[p];
				const struct sentence *y = &f->s[j];
				const char *lb = f->c->articles[y->article].lang;
				size_t m, dy;

				if (y->article <= x->article || seen[j] == i + 1 ||
				    !known_lang(lb) || !strcmp(la, lb))
					continue;
				seen[j] = (uint32_t)i + 1;
				if (x->len > 2 * y->len || y->len > 2 * x->len)
					continue;
				m = line_up(f, x, y);
				dy = distinct(f, y);
				if (m < TRANSLATION_MIN_ANCHORS || 3 * m < 2 * dx ||
				    3 * m < 2 * dy)
					continue;
				util_grow((void **)out, &cap, *nout + 1, sizeof **out);
				(*out)[(*nout)++] = (struct translation){
				        x->article, y->article, x->off, x->len,
				        y->off, y->len, (uint32_t)m, NULL, NULL};
			}
		}
	}
	free(post);
	free(start);
	free(end);
	free(seen);
}

/* The articles worth reading: those that share at least
 * TRANSLATION_MIN_ANCHORS anchors, one of them rare, with an article in the
 * other language. Told from the index alone, so a corpus read from the
 * cache opens only these files again. */
static bool *worth_reading(const struct corpus *c, const struct xref_index *ix)
{
	size_t nt = xref_count(ix), ncand = 0, candcap = 0;
	bool *need = util_xcalloc(c->n + 1, sizeof *need);
	uint32_t *stamp = util_xcalloc(nt + 1, sizeof *stamp);
	uint32_t *cand = NULL;

	for (size_t a = 0; a < c->n; a++) {
		const char *la = c->articles[a].lang;
		size_t n, nb;
		const uint32_t *ta = xref_article_terms(ix, a, &n), *tb;

		if (!known_lang(la))
			continue;
		ncand = 0;
		for (size_t i = 0; i < n; i++) {
			const struct xref_term *x = xref_get(ix, ta[i]);
			if (!anchor(x))
				continue;
			stamp[ta[i]] = (uint32_t)a + 1;
			if (x->narticles > TRANSLATION_RARE_DF)
				continue;
			for (size_t j = 0; j < x->narticles; j++) {
				uint32_t b = x->articles[j];
				if (b <= a || !known_lang(c->articles[b].lang) ||
				    !strcmp(la, c->articles[b].lang))
					continue;
				util_grow((void **)&cand, &candcap, ncand + 1,
				          sizeof *cand);
				cand[ncand++] = b;
			}
		}
		util_sort_u32(cand, ncand);
		for (size_t i = 0; i < ncand; i++) {
			size_t shared = 0;
			if (i > 0 && cand[i] == cand[i - 1])
				continue;
			tb = xref_article_terms(ix, cand[i], &nb);
			for (size_t k = 0; k < nb; k++)
				shared += stamp[tb[k]] == a + 1;
			if (shared >= TRANSLATION_MIN_ANCHORS)
				need[a] = need[cand[i]] = true;
		}
	}
	free(cand);
	free(stamp);
	return need;
}

struct translation_set *translation_find(const struct corpus *c,
                                         const struct xref_index *ix)
{
	struct finder f = {.c = c, .ix = ix};
	struct translation_set *ts = util_xcalloc(1, sizeof *ts);
	struct corpus_text t;
	bool lost = false;
	bool *need = worth_reading(c, ix);

	for (size_t a = 0; a < c->n; a++) {
		if (!need[a])
			continue;
		if (corpus_text_get(c, a, &t) < 0) {
			lost = true;
			break;
		}
		split_article(&f, (uint32_t)a, t.text, t.len);
		corpus_text_put(&t);
	}
	free(need);
	if (!lost)
		pair_up(&f, &ts->links, &ts->n);
	free(f.s);
	free(f.anchors);
	util_qsort(ts->links, ts->n, sizeof *ts->links, cmp_link);
	/* The displays, from the two texts of each link. */
	for (size_t i = 0; !lost && i < ts->n; i++) {
		struct translation *l = &ts->links[i];
		struct corpus_text u;
		char *x, *y;

		if (corpus_text_get(c, l->a, &t) < 0) {
			lost = true;
			break;
		}
		if (corpus_text_get(c, l->b, &u) < 0) {
			corpus_text_put(&t);
			lost = true;
			break;
		}
		x = opening(t.text + l->aoff, l->alen);
		y = opening(u.text + l->boff, l->blen);
		l->display = x;
		l->forms = util_xasprintf("%s|%s", x, y);
		free(y);
		corpus_text_put(&u);
		corpus_text_put(&t);
	}
	if (lost) {
		translation_free(ts);
		return NULL;
	}
	return ts;
}

void translation_write_tsv(const struct translation_set *ts,
                           const struct corpus *c, FILE *out)
{
	for (size_t i = 0; ts && i < ts->n; i++) {
		const struct translation *l = &ts->links[i];
		uint32_t arts[2] = {l->a, l->b}, first[2];
		size_t nfirst = provenance_first(c, arts, 2, first, NULL);

		fprintf(out, "%s\ttranslation\t%s\t", l->display, l->forms);
		for (size_t k = 0; k < 2; k++) {
			if (k)
				fputc(',', out);
			for (const char *p = c->articles[arts[k]].file; *p; p++)
				fputc(*p == '\t' || *p == '\n' || *p == ',' ? ' ' : *p,
				      out);
		}
		/* Weighed as any term two articles share, so that the rows
		 * keep the columns the header names. */
		const char *sa = c->articles[l->a].source;
		const char *sb = c->articles[l->b].source;
		size_t nsources = sa && sb && strcmp(sa, sb) == 0 ? 1 : 2;
		fprintf(out, "\t%.3f\t", xref_weight(c->n, 2, nsources));
		for (size_t k = 0; k < nfirst; k++) {
			if (k)
				fputc(',', out);
			for (const char *p = c->articles[first[k]].file; *p; p++)
				fputc(*p == '\t' || *p == '\n' || *p == ',' ? ' ' : *p,
				      out);
		}
		fputc('\n', out);
	}
}

void translation_free(struct translation_set *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		free((char *)ts->links[i].display);
		free((char *)ts->links[i].forms);
	}
	free(ts->links);
	free(ts);
}
