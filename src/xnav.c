/* xnav.c - labels, history, stepping and counts for following
 * cross-references; see xnav.h. Pure logic, no ncurses. */
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/util.h"
#include "kilde/xnav.h"

char *xnav_label(const struct article *a)
{
	const char *base = strrchr(a->file, '/');
	const char *us;

	base = base ? base + 1 : a->file;
	us = strchr(base, '_');
	if (us && us > base)
		return util_xstrndup(base, (size_t)(us - base));
	return util_xstrdup(a->source && *a->source ? a->source : base);
}

static bool same_pos(const struct xnav_pos *a, const struct xnav_pos *b)
{
	return a->art == b->art && a->top_off == b->top_off && a->occ == b->occ;
}

static void push(struct xnav_pos **st, size_t *n, size_t *cap,
                 const struct xnav_pos *p)
{
	if (*n == XNAV_HISTORY_MAX) {
		memmove(*st, *st + 1, (*n - 1) * sizeof(**st));
		(*n)--;
	}
	util_grow((void **)st, cap, *n + 1, sizeof(**st));
	(*st)[(*n)++] = *p;
}

void xnav_jump(struct xnav_history *h, const struct xnav_pos *from)
{
	h->nfwd = 0;
	if (h->nback && same_pos(&h->back[h->nback - 1], from))
		return;
	push(&h->back, &h->nback, &h->backcap, from);
}

bool xnav_back(struct xnav_history *h, const struct xnav_pos *cur,
               struct xnav_pos *to)
{
	struct xnav_pos here = *cur; /* cur may be to */

	if (!h->nback)
		return false;
	*to = h->back[--h->nback];
	push(&h->fwd, &h->nfwd, &h->fwdcap, &here);
	return true;
}

bool xnav_forward(struct xnav_history *h, const struct xnav_pos *cur,
                  struct xnav_pos *to)
{
	struct xnav_pos here = *cur; /* cur may be to */

	if (!h->nfwd)
		return false;
	*to = h->fwd[--h->nfwd];
	push(&h->back, &h->nback, &h->backcap, &here);
	return true;
}

void xnav_history_free(struct xnav_history *h)
{
	free(h->back);
	free(h->fwd);
	memset(h, 0, sizeof(*h));
}

/* The number of occurrences that start before off. */
static size_t count_before(const struct xref_occ *o, size_t n, size_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long xnav_step(const struct xref_occ *o, size_t n, long cur, size_t from_off,
               size_t to_off, int dir, bool *wrapped)
{
	long i;

	*wrapped = false;
	if (n == 0)
		return -1;
	if (cur >= 0 && (size_t)cur < n && o[cur].off >= from_off &&
	    o[cur].off < to_off)
		i = cur + (dir > 0 ? 1 : -1);
	else if (dir > 0)
		i = (long)count_before(o, n, from_off);
	else
		i = (long)count_before(o, n, to_off) - 1;
	if (i >= (long)n) {
		*wrapped = true;
		i = 0;
	} else if (i < 0) {
		*wrapped = true;
		i = (long)n - 1;
	}
	return i;
}

/* Whether occurrence i goes on a shared passage that an earlier piece in
 * the same stretch of occurrences began: the pieces a passage is cut into
 * around names touch those names (a few bytes of punctuation or space
 * between at most, where a piece without a letter was dropped). */
#define XNAV_PIECE_GAP 3

static bool continues(const struct xref_index *ix, const struct xref_occ *o, size_t i,
                      uint32_t *chain)
{
	bool touching = i > 0 && o[i].off <= o[i - 1].off + o[i - 1].len + XNAV_PIECE_GAP;
	bool passage = xref_get(ix, o[i].term)->kind == XREF_PASSAGE;
	bool cont = touching && passage && *chain == o[i].term;

	if (!touching)
		*chain = UINT32_MAX;
	if (passage)
		*chain = o[i].term;
	return cont;
}

unsigned xnav_mentions(const struct xref_index *ix, size_t art, uint32_t term)
{
	size_t n;
	const struct xref_occ *o = xref_occs(ix, art, &n);
	uint32_t chain = UINT32_MAX;
	unsigned k = 0;

	for (size_t i = 0; i < n; i++)
		if (!continues(ix, o, i, &chain) && o[i].term == term)
			k++;
	return k;
}

void xnav_counts(const struct xref_index *ix, size_t art, uint32_t t0,
                 size_t nt, unsigned *out)
{
	size_t n;
	const struct xref_occ *o = xref_occs(ix, art, &n);
	uint32_t chain = UINT32_MAX;

	memset(out, 0, nt * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		if (!continues(ix, o, i, &chain) && o[i].term >= t0 && o[i].term - t0 < nt)
			out[o[i].term - t0]++;
}

void xnav_counts_rows(const struct xref_index *ix, size_t art,
                      const uint32_t *row_of, size_t r0, size_t nr,
                      unsigned *out)
{
	size_t n;
	const struct xref_occ *o = xref_occs(ix, art, &n);
	uint32_t chain = UINT32_MAX;

	memset(out, 0, nr * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		uint32_t r;

		if (continues(ix, o, i, &chain))
			continue;
		r = row_of[o[i].term];
		if (r != UINT32_MAX && r >= r0 && r - r0 < nr)
			out[r - r0]++;
	}
}

/* ---- labels for a whole corpus ------------------------------------------ */

static const char *base_of(const char *file)
{
	const char *b = strrchr(file, '/');
	return b ? b + 1 : file;
}

/* The file name's base without its extension. */
static char *stem_of(const char *file)
{
	const char *b = base_of(file), *dot = strrchr(b, '.');
	return util_xstrndup(b, dot && dot > b ? (size_t)(dot - b) : strlen(b));
}

/* The shortest part of a stem that still names something: up to the first
 * '-' or ' ' (or the second, when the first part is a number such as
 * "01-politiken"). */
static char *short_part(const char *s)
{
	size_t n = strcspn(s, "- ");
	bool digits = n > 0 && strspn(s, "0123456789") == n;

	if (digits && s[n]) {
		size_t m = strcspn(s + n + 1, "- ");
		if (m)
			n += 1 + m;
	}
	return util_xstrndup(s, n ? n : strlen(s));
}

static char *fit(char *s)
{
	char *t;

	if (layout_width(s, strlen(s)) <= XNAV_LABEL_COLS)
		return s;
	t = layout_truncate(s, XNAV_LABEL_COLS, false);
	free(s);
	return t;
}

static int cmp_label(const void *pa, const void *pb, void *arg)
{
	char **l = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int r = strcmp(l[a], l[b]);
	return r ? r : (a > b) - (a < b);
}

/* Marks in same[] every label that another article has too. */
static size_t mark_same(char **l, size_t n, size_t *order, bool *same)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		same[i] = false;
	}
	util_qsort_r(order, n, sizeof(*order), cmp_label, l);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(l[order[i - 1]], l[order[i]])) {
			k += !same[order[i - 1]] + !same[order[i]];
			same[order[i - 1]] = same[order[i]] = true;
		}
	return k;
}

char **xnav_labels(const struct corpus *c)
{
	size_t n = c->n;
	char **l = util_xcalloc(n + 1, sizeof(*l));
	size_t *order = util_xmalloc((n + 1) * sizeof(*order));
	bool *same = util_xmalloc(n + 1);
	bool *from_source = util_xcalloc(n + 1, 1);

	for (size_t i = 0; i < n; i++) {
		const struct article *a = &c->articles[i];
		const char *base = base_of(a->file), *us = strchr(base, '_');
		const char *outlet = article_outlet(a);
		char *st = stem_of(a->file);

		/* Who published it, when corpus.ini or the text says so, tells
		 * more than any part of a file name. */
		if (outlet)
			l[i] = util_xstrdup(outlet), from_source[i] = true;
		else if (us && us > base)
			l[i] = util_xstrndup(base, (size_t)(us - base));
		else
			l[i] = short_part(st);
		l[i] = fit(l[i]);
		free(st);
	}
	/* Two alike: the whole stem, then the folder in front, then a number. */
	for (int round = 0; round < 3 && mark_same(l, n, order, same); round++)
		for (size_t i = 0; i < n; i++) {
			const struct article *a = &c->articles[i];
			char *old = l[i];
			if (!same[i])
				continue;
			if (round == 0 && from_source[i]) {
				/* Two from one outlet: the outlet and the file's
				 * number, or its first part ("B.T. 06"). */
				char *st = stem_of(a->file), *part;
				size_t dn = strspn(st, "0123456789");
				part = dn ? util_xstrndup(st, dn) : short_part(st);
				l[i] = util_xasprintf("%s %s", article_outlet(a), part);
				free(part);
				free(st);
			} else if (round == 0) {
				l[i] = stem_of(a->file);
			} else if (round == 1) {
				const char *base = base_of(a->file), *dir = base;
				while (dir > a->file && dir[-1] == '/')
					dir--;
				while (dir > a->file && dir[-1] != '/')
					dir--;
				l[i] = util_xasprintf("%.*s%s", (int)(base - dir), dir, base);
				char *dot = strrchr(l[i], '.');
				if (dot && dot > l[i] && dot[-1] != '/')
					*dot = '\0';
			} else {
				l[i] = util_xasprintf("%s~%zu", old, i + 1);
			}
			free(old);
			/* A long name keeps its end, where names differ. */
			if (layout_width(l[i], strlen(l[i])) > XNAV_LABEL_COLS) {
				size_t len = strlen(l[i]), cut = len;
				while (cut > 0 && layout_width(l[i] + len - cut, cut) > XNAV_LABEL_COLS - 1)
					do
						cut--;
					while (cut > 0 && (l[i][len - cut] & 0xc0) == 0x80);
				char *t = util_xasprintf("\u2026%s", l[i] + len - cut);
				free(l[i]);
				l[i] = t;
			}
		}
	free(order);
	free(same);
	free(from_source);
	return l;
}

void xnav_labels_free(char **labels, size_t n)
{
	for (size_t i = 0; labels && i < n; i++)
		free(labels[i]);
	free(labels);
}
