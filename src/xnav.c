/* xnav.c - labels, history, stepping and counts for following
 * cross-references; see xnav.h. Pure logic, no ncurses. */
#include <stdlib.h>
#include <string.h>

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

void xnav_counts(const struct xref_index *ix, size_t art, uint32_t t0,
                 size_t nt, unsigned *out)
{
	size_t n;
	const struct xref_occ *o = xref_occs(ix, art, &n);

	memset(out, 0, nt * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		if (o[i].term >= t0 && o[i].term - t0 < nt)
			out[o[i].term - t0]++;
}
