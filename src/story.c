/* story.c - groups the articles into stories from the terms they share (see
 * story.h for the rule). Pure core: reads the cross-reference index through
 * its public interface and the articles' dates and languages. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/story.h"
#include "kilde/text.h"
#include "kilde/util.h"
#include "bytes.h"

#define STORY_THREADS 2
#define STORY_MAX_THREADS 8
/* Articles a thread takes at a time. */
#define STORY_CHUNK 64

/* A term in more articles than this proposes no candidate pairs (its
 * postings would pair up quadratically); it still adds its weight to the
 * pairs that rarer terms propose. */
#define STORY_RARE_DF 64

/* The inverse article frequency is taken as if the corpus had this many
 * more articles without the term: in a corpus of five, a name in three is
 * not "common", and one in two must not weigh as much as in a corpus of
 * thousands. */
#define STORY_SMOOTH 10.0

/* Two articles are linked when the weights of what they share add up to
 * this: nearly one and a half names that only the two of them have, or a
 * passage they alone share and almost anything else. A short article
 * that shares three names with the whole of its story (8 articles of
 * 20) weighs 1.17: the development corpus groups right from 0.7 to 1.16,
 * the bundled one keeps its two stories from 1.1. */
#define STORY_LINK 1.1
/* Two groups of sizes m and n merge when the links between them add up
 * to this much times the square root of m n. */
#define STORY_COHESION (STORY_LINK / 2)
/* Links weaker than this are not kept (they count for nothing when two
 * groups are weighed against each other either). */
#define STORY_KEEP (STORY_LINK / 2)

/* Labels: at most this many names. */
#define STORY_LABEL_TERMS 3

/* 12 bytes: a corpus of templated texts links each article to hundreds
 * of others. */
struct edge {
	uint32_t a, b; /* a < b */
	float s;
};

struct edges {
	struct edge *e;
	size_t n, cap;
};

struct story_set {
	struct story *stories; /* owned */
	size_t n;
	uint32_t *of;      /* article -> story (owned) */
	uint32_t *members; /* every story's articles, back to back (owned) */
	char **strings;    /* labels and languages, owned */
	size_t nstrings;
	double *weight;    /* per term */
	size_t nterms;
};

/* Shared by the scoring threads; read-only but for next. */
struct scoring {
	const struct corpus *c;
	const struct xref_index *ix;
	const double *weight;
	const bool *rare;
	const int32_t *day; /* per article, INT32_MIN if undated */
	atomic_size_t next; /* the next chunk of articles to take */
	const atomic_bool *cancel;
};

static bool cancelled(const atomic_bool *cancel)
{
	return cancel && atomic_load_explicit(cancel, memory_order_acquire);
}

/* Days since 1970-01-01 of "YYYY-MM-DD", or INT32_MIN. */
static int32_t iso_day(const char *s)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return INT32_MIN;
	/* Howard Hinnant's days_from_civil. */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

/* A bare year ("2024") is shared by articles on anything that happened in
 * it: weak evidence of one event. */
static bool is_year(const struct xref_term *t)
{
	const char *d = t->display;

	return t->kind == XREF_NUMBER && strlen(d) == 4 && d[0] >= '1' &&
	       d[0] <= '2' && strspn(d, "0123456789") == 4;
}

static double term_weight(const struct xref_term *t, size_t n)
{
	double idf;

	/* The index's common terms, and in a small corpus a term every
	 * article has, cannot tell one event from another. */
	if (t->common || t->narticles < 2 || t->narticles >= n)
		return 0;
	idf = log(((double)n + STORY_SMOOTH) / (double)t->narticles) /
	      log((double)n + STORY_SMOOTH);
	if (idf <= 0)
		return 0;
	/* A shared passage weighs as a name: a wire story copied shares
	 * many passages, each a term, while an outlet's template shares
	 * one. */
	if (is_year(t))
		return idf / 3;
	return idf;
}

/* Dates are evidence only where both articles have one, and only a
 * little: a date read from a page can be the page's, not the event's. */
static double date_factor(int32_t da, int32_t db)
{
	int32_t d;

	if (da == INT32_MIN || db == INT32_MIN)
		return 1;
	d = da > db ? da - db : db - da;
	if (d <= 3)
		return 1.2;
	if (d <= 30)
		return 1;
	if (d <= 365)
		return 0.85;
	return 0.7;
}

/* Each thread keeps the links it finds in one array of its own, not one
 * array per article: those many small arrays, each grown by doubling,
 * took half as much again as the links, and once freed they stayed in
 * the threads' malloc arenas, beside the sorted links and the lists by
 * article made after them (the warm interface's peak memory at 10,000
 * articles). Where a link sits in the array does not matter: the links
 * are sorted by a total order (cmp_edge) before they are used. */
struct worker {
	struct scoring *sc;
	uint32_t *stamp; /* per term: article + 1 whose terms are marked */
	uint32_t *cand;
	size_t ncand, candcap;
	struct edges out; /* the links found, each to a later article */
};

/* The links of article a to later articles: candidates from a's rare
 * terms, each scored over every term the two share. */
static void score_article(struct worker *w, uint32_t a)
{
	const struct scoring *sc = w->sc;
	const uint32_t *ta, *tb;
	size_t na, nb;

	ta = xref_article_terms(sc->ix, a, &na);
	w->ncand = 0;
	for (size_t i = 0; i < na; i++) {
		w->stamp[ta[i]] = a + 1;
		if (!sc->rare[ta[i]])
			continue;
		const struct xref_term *t = xref_get(sc->ix, ta[i]);
		for (size_t j = 0; j < t->narticles; j++) {
			if (t->articles[j] <= a)
				continue;
			util_grow((void **)&w->cand, &w->candcap, w->ncand + 1,
			          sizeof *w->cand);
			w->cand[w->ncand++] = t->articles[j];
		}
	}
	util_sort_u32(w->cand, w->ncand);
	for (size_t i = 0; i < w->ncand; i++) {
		uint32_t b = w->cand[i];
		double sum = 0;
		int telling = 0;

		if (i > 0 && w->cand[i - 1] == b)
			continue;
		tb = xref_article_terms(sc->ix, b, &nb);
		for (size_t j = 0; j < nb; j++)
			if (w->stamp[tb[j]] == a + 1 && sc->weight[tb[j]] > 0) {
				sum += sc->weight[tb[j]];
				telling++;
			}
		if (telling < 2)
			continue;
		sum *= date_factor(sc->day[a], sc->day[b]);
		if (sum < STORY_KEEP)
			continue;
		struct edges *o = &w->out;
		util_grow((void **)&o->e, &o->cap, o->n + 1, sizeof *o->e);
		o->e[o->n++] = (struct edge){a, b, (float)sum};
	}
}

static void *score_worker(void *arg)
{
	struct worker *w = arg;
	struct scoring *sc = w->sc;
	size_t n = sc->c->n;

	for (;;) {
		size_t from = atomic_fetch_add_explicit(&sc->next, STORY_CHUNK,
		                                        memory_order_relaxed);
		if (from >= n || cancelled(sc->cancel))
			break;
		for (size_t a = from; a < n && a < from + STORY_CHUNK; a++)
			score_article(w, (uint32_t)a);
	}
	return NULL;
}

/* Every article's links to later ones, in one array (*ne of them, owned
 * by the caller): which thread found a link changes only where it is in
 * the array, which the sort undoes. */
static struct edge *score_all(struct scoring *sc, size_t nterms,
                              unsigned threads, size_t *ne)
{
	struct edge *all;
	size_t at;
	struct worker w[STORY_MAX_THREADS];
	pthread_t tid[STORY_MAX_THREADS];
	bool started[STORY_MAX_THREADS] = {false};

	atomic_init(&sc->next, 0);
	for (unsigned t = 0; t < threads; t++)
		w[t] = (struct worker){.sc = sc,
		                       .stamp = util_xcalloc(nterms + 1,
		                                             sizeof(uint32_t))};
	for (unsigned t = 1; t < threads; t++)
		started[t] = sc->c->n > STORY_CHUNK &&
		             util_thread_start(&tid[t], score_worker, &w[t]) == 0;
	score_worker(&w[0]);
	*ne = 0;
	for (unsigned t = 0; t < threads; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		free(w[t].stamp);
		free(w[t].cand);
		*ne += w[t].out.n;
	}
	/* The first thread's array grows to hold them all (one realloc, no
	 * copy of its own links where the block can grow in place). */
	all = util_xrealloc(w[0].out.e, (*ne + 1) * sizeof *all);
	at = w[0].out.n;
	for (unsigned t = 1; t < threads; t++) {
		if (w[t].out.n)
			memcpy(all + at, w[t].out.e, w[t].out.n * sizeof *all);
		at += w[t].out.n;
		free(w[t].out.e);
	}
	return all;
}

static int cmp_edge(const void *x, const void *y)
{
	const struct edge *a = x, *b = y;

	if (a->s != b->s)
		return a->s > b->s ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

/* Each article's links are listed by their place in the sorted links
 * (4 bytes each, twice per link), not copied with their other end and
 * weight (8 bytes): the lists and the links are the grouping's peak of
 * memory. */
struct groups {
	uint32_t *parent, *size, *next, *tail;
	const struct edge *e; /* the links, strongest first */
	size_t *adjoff; /* per article, into adj (n + 1) */
	uint32_t *adj;  /* every article's links (into e), in e's order */
};

static uint32_t find(struct groups *g, uint32_t x)
{
	while (g->parent[x] != x) {
		g->parent[x] = g->parent[g->parent[x]];
		x = g->parent[x];
	}
	return x;
}

/* Whether groups ra and rb hold together: the links between them, for
 * the geometric mean of their sizes. Per article of the smaller one
 * would let a lone article chain onto a large story by one link, then
 * the next onto it, until one story swallowed the corpus. */
static bool cohesive(struct groups *g, uint32_t ra, uint32_t rb)
{
	uint32_t small = g->size[ra] <= g->size[rb] ? ra : rb;
	uint32_t other = small == ra ? rb : ra;
	double cross = 0;

	for (uint32_t x = small; x != UINT32_MAX; x = g->next[x])
		for (size_t k = g->adjoff[x]; k < g->adjoff[x + 1]; k++) {
			const struct edge *l = &g->e[g->adj[k]];

			if (find(g, l->a == x ? l->b : l->a) == other)
				cross += l->s;
		}
	return cross >= STORY_COHESION * sqrt((double)g->size[ra] * g->size[rb]);
}

static void merge(struct groups *g, uint32_t ra, uint32_t rb)
{
	/* The smaller joins the larger, so cohesive walks the smaller. */
	if (g->size[ra] < g->size[rb] || (g->size[ra] == g->size[rb] && rb < ra)) {
		uint32_t t = ra;
		ra = rb;
		rb = t;
	}
	g->parent[rb] = ra;
	g->size[ra] += g->size[rb];
	g->next[g->tail[ra]] = rb;
	g->tail[ra] = g->tail[rb];
}

/* Links strongest first (ties by article), each merging two groups if it
 * is strong enough and the groups hold together. */
static void cluster(struct groups *g, size_t n, struct edge *e, size_t ne)
{
	util_qsort(e, ne, sizeof *e, cmp_edge);
	/* 4 billion links would take 48 GB before this. */
	if (ne >= UINT32_MAX)
		util_die("too many links between articles");
	g->e = e;
	g->parent = util_xmalloc((n + 1) * sizeof *g->parent);
	g->size = util_xmalloc((n + 1) * sizeof *g->size);
	g->next = util_xmalloc((n + 1) * sizeof *g->next);
	g->tail = util_xmalloc((n + 1) * sizeof *g->tail);
	g->adjoff = util_xcalloc(n + 2, sizeof *g->adjoff);
	g->adj = util_xmalloc((2 * ne + 1) * sizeof *g->adj);
	for (size_t i = 0; i < n; i++) {
		g->parent[i] = g->tail[i] = (uint32_t)i;
		g->size[i] = 1;
		g->next[i] = UINT32_MAX;
	}
	for (size_t k = 0; k < ne; k++) {
		g->adjoff[e[k].a + 1]++;
		g->adjoff[e[k].b + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		g->adjoff[i + 1] += g->adjoff[i];
	{
		size_t *fill = util_xmalloc((n + 1) * sizeof *fill);
		memcpy(fill, g->adjoff, (n + 1) * sizeof *fill);
		for (size_t k = 0; k < ne; k++) {
			g->adj[fill[e[k].a]++] = (uint32_t)k;
			g->adj[fill[e[k].b]++] = (uint32_t)k;
		}
		free(fill);
	}
	for (size_t k = 0; k < ne && e[k].s >= (float)STORY_LINK; k++) {
		uint32_t ra = find(g, e[k].a), rb = find(g, e[k].b);
		if (ra != rb && cohesive(g, ra, rb))
			merge(g, ra, rb);
	}
}

struct sort_ctx {
	const int32_t *day;
};

/* Date order: dated articles by date, undated after them, ties by index. */
static int cmp_date(const void *x, const void *y, void *arg)
{
	const struct sort_ctx *ctx = arg;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	int32_t da = ctx->day[a], db = ctx->day[b];
	bool ua = da == INT32_MIN, ub = db == INT32_MIN;

	if (ua != ub)
		return ua ? 1 : -1;
	if (da != db)
		return da < db ? -1 : 1;
	return (a > b) - (a < b);
}

struct order_ctx {
	const struct story *st;
	const int32_t *day;
};

static int cmp_story(const void *x, const void *y, void *arg)
{
	const struct order_ctx *ctx = arg;
	const struct story *a = &ctx->st[*(const uint32_t *)x];
	const struct story *b = &ctx->st[*(const uint32_t *)y];
	int32_t da = ctx->day[a->articles[0]], db = ctx->day[b->articles[0]];
	bool ua = da == INT32_MIN, ub = db == INT32_MIN;
	uint32_t fa = a->articles[0], fb = b->articles[0];

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	if (ua != ub)
		return ua ? 1 : -1;
	if (da != db)
		return da < db ? -1 : 1;
	/* Not the same article: every article is in one story. */
	for (size_t i = 0; i < a->n; i++)
		if (a->articles[i] < fa)
			fa = a->articles[i];
	for (size_t i = 0; i < b->n; i++)
		if (b->articles[i] < fb)
			fb = b->articles[i];
	return (fa > fb) - (fa < fb);
}

static const char *keep(struct story_set *s, char *str)
{
	s->strings[s->nstrings++] = str;
	return str;
}

struct label_pick {
	uint32_t term;
	double score;
};

/* The names and numbers most of the story's articles share, the most
 * telling first; passages are too long for a label, years too vague. */
static char *label_of(const struct story_set *s, const struct corpus *c,
                      const struct xref_index *ix, const struct story *st,
                      uint32_t *count, uint32_t **touched, size_t *tcap)
{
	struct label_pick best[STORY_LABEL_TERMS];
	size_t nbest = 0, nt = 0;
	struct strbuf sb = {0};

	for (size_t i = 0; st->n > 1 && i < st->n; i++) {
		size_t n;
		const uint32_t *t = xref_article_terms(ix, st->articles[i], &n);
		for (size_t j = 0; j < n; j++) {
			if (s->weight[t[j]] <= 0 ||
			    xref_get(ix, t[j])->kind == XREF_PASSAGE ||
			    is_year(xref_get(ix, t[j])))
				continue;
			if (count[t[j]]++ == 0) {
				util_grow((void **)touched, tcap, nt + 1,
				          sizeof **touched);
				(*touched)[nt++] = t[j];
			}
		}
	}
	for (size_t i = 0; i < nt; i++) {
		uint32_t t = (*touched)[i];
		double sc = s->weight[t] * count[t];
		size_t at;

		if (count[t] >= 2) {
			for (at = nbest; at > 0 && (best[at - 1].score < sc ||
			                            (best[at - 1].score == sc &&
			                             best[at - 1].term > t));
			     at--)
				;
			if (at < STORY_LABEL_TERMS) {
				if (nbest < STORY_LABEL_TERMS)
					nbest++;
				memmove(&best[at + 1], &best[at],
				        (nbest - 1 - at) * sizeof *best);
				best[at] = (struct label_pick){t, sc};
			}
		}
		count[t] = 0;
	}
	for (size_t i = 0; i < nbest; i++) {
		if (i)
			sb_puts(&sb, ", ");
		sb_puts(&sb, xref_get(ix, best[i].term)->display);
	}
	if (nbest == 0) {
		const struct article *a = &c->articles[st->articles[0]];
		sb_puts(&sb, a->title && *a->title ? a->title : a->file);
	}
	return sb_take(&sb);
}

static char *languages_of(const struct corpus *c, const struct story *st)
{
	const char *seen[16];
	size_t nseen = 0;
	struct strbuf sb = {0};

	for (size_t i = 0; i < st->n; i++) {
		const char *l = c->articles[st->articles[i]].lang;
		size_t at = 0;

		while (at < nseen && strcmp(seen[at], l) < 0)
			at++;
		if ((at < nseen && strcmp(seen[at], l) == 0) || nseen == 16)
			continue;
		memmove(&seen[at + 1], &seen[at], (nseen - at) * sizeof *seen);
		seen[at] = l;
		nseen++;
	}
	for (size_t i = 0; i < nseen; i++) {
		if (i)
			sb_putc(&sb, ',');
		sb_puts(&sb, seen[i]);
	}
	return sb_take(&sb);
}

/* What story k says that its articles tell (its span of dates and its
 * languages), and story_of for them; its articles and label are set. */
static void place_story(struct story_set *s, const struct corpus *c,
                        size_t k, const int32_t *day)
{
	struct story *st = &s->stories[k];

	for (size_t i = 0; i < st->n; i++) {
		s->of[st->articles[i]] = (uint32_t)k;
		if (day[st->articles[i]] == INT32_MIN)
			continue;
		/* Dated articles come first, in date order. */
		if (!st->first)
			st->first = c->articles[st->articles[i]].date;
		st->last = c->articles[st->articles[i]].date;
	}
	if (!st->first)
		st->first = st->last = "";
	st->languages = keep(s, languages_of(c, st));
}

/* Stories from the groups: articles in date order, stories in their
 * order (see story.h), and their labels. */
static void make_stories(struct story_set *s, const struct corpus *c,
                         const struct xref_index *ix, struct groups *g,
                         const int32_t *day)
{
	size_t n = c->n, ns = 0, at = 0, tcap = 0;
	struct story *tmp = util_xcalloc(n + 1, sizeof *tmp);
	uint32_t *order = util_xmalloc((n + 1) * sizeof *order);
	uint32_t *count = util_xcalloc(s->nterms + 1, sizeof *count);
	uint32_t *touched = NULL;
	struct sort_ctx sctx = {day};

	s->members = util_xmalloc((n + 1) * sizeof *s->members);
	for (size_t i = 0; i < n; i++) {
		uint32_t r = find(g, (uint32_t)i);
		if (r != i)
			continue;
		uint32_t *m = s->members + at;
		for (uint32_t x = r; x != UINT32_MAX; x = g->next[x])
			s->members[at++] = x;
		qsort_r(m, g->size[r], sizeof *m, cmp_date, &sctx);
		tmp[ns].articles = m;
		tmp[ns].n = g->size[r];
		order[ns] = (uint32_t)ns;
		ns++;
	}
	struct order_ctx octx = {tmp, day};
	if (ns)
		qsort_r(order, ns, sizeof *order, cmp_story, &octx);
	s->stories = util_xcalloc(ns + 1, sizeof *s->stories);
	s->strings = util_xcalloc(2 * ns + 1, sizeof *s->strings);
	s->n = ns;
	for (size_t k = 0; k < ns; k++) {
		struct story *st = &s->stories[k];

		*st = tmp[order[k]];
		st->label = keep(s, label_of(s, c, ix, st, count, &touched, &tcap));
		place_story(s, c, k, day);
	}
	free(touched);
	free(count);
	free(order);
	free(tmp);
}

/* What a set needs before its stories: the terms' weights, story_of's
 * table, and the articles' days (day: room for c->n). */
static void start_set(struct story_set *s, const struct corpus *c,
                      const struct xref_index *ix, int32_t *day)
{
	size_t n = c->n, nt = xref_count(ix);

	s->nterms = nt;
	s->weight = util_xcalloc(nt + 1, sizeof *s->weight);
	s->of = util_xcalloc(n + 1, sizeof *s->of);
	for (size_t t = 0; t < nt; t++)
		s->weight[t] = term_weight(xref_get(ix, (uint32_t)t), n);
	for (size_t i = 0; i < n; i++)
		day[i] = iso_day(c->articles[i].date);
}

struct story_set *story_build(const struct corpus *c,
                              const struct xref_index *ix,
                              const struct story_options *opt)
{
	struct story_set *s = util_xcalloc(1, sizeof *s);
	size_t n = c->n, nt = xref_count(ix), ne = 0;
	unsigned threads = opt ? opt->threads : 0;
	const atomic_bool *cancel = opt ? opt->cancel : NULL;
	bool stop;
	bool *rare = util_xcalloc(nt + 1, sizeof *rare);
	int32_t *day = util_xmalloc((n + 1) * sizeof *day);
	struct groups g = {0};
	struct edge *all;

	if (threads == 0)
		threads = STORY_THREADS;
	if (threads > STORY_MAX_THREADS)
		threads = STORY_MAX_THREADS;
	start_set(s, c, ix, day);
	for (size_t t = 0; t < nt; t++)
		rare[t] = s->weight[t] > 0 &&
		          xref_get(ix, (uint32_t)t)->narticles <= STORY_RARE_DF;

	struct scoring sc = {.c = c, .ix = ix, .weight = s->weight, .rare = rare,
	                     .day = day, .cancel = cancel};
	all = score_all(&sc, nt, threads, &ne);
	/* Checked once more after the threads are joined: a flag set while
	 * they scored may have left some articles unscored. */
	stop = cancelled(cancel);
	free(rare);

	if (!stop) {
		cluster(&g, n, all, ne);
		stop = cancelled(cancel);
	}
	free(all);
	if (!stop)
		make_stories(s, c, ix, &g, day);
	free(g.parent);
	free(g.size);
	free(g.next);
	free(g.tail);
	free(g.adjoff);
	free(g.adj);
	free(day);
	if (stop) {
		story_free(s);
		return NULL;
	}
	return s;
}

size_t story_count(const struct story_set *s)
{
	return s->n;
}

const struct story *story_get(const struct story_set *s, size_t i)
{
	return i < s->n ? &s->stories[i] : NULL;
}

size_t story_of(const struct story_set *s, size_t article)
{
	return s->of[article];
}

double story_term_weight(const struct story_set *s, uint32_t term)
{
	return term < s->nterms ? s->weight[term] : 0;
}

void story_write_tsv(const struct story_set *s, const struct corpus *c,
                     FILE *out)
{
	fputs("story\tlabel\tarticles\tlanguages\tfirst\tlast\tfiles\n", out);
	for (size_t k = 0; k < s->n; k++) {
		const struct story *st = &s->stories[k];

		fprintf(out, "%zu\t", k + 1);
		util_put_tsv_field(st->label, out);
		fprintf(out, "\t%zu\t%s\t%s\t%s\t", st->n, st->languages,
		        st->first, st->last);
		for (size_t i = 0; i < st->n; i++) {
			if (i)
				fputc(',', out);
			util_put_tsv_field(c->articles[st->articles[i]].file, out);
		}
		fputc('\n', out);
	}
}

void story_free(struct story_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nstrings; i++)
		free(s->strings[i]);
	free(s->strings);
	free(s->stories);
	free(s->members);
	free(s->of);
	free(s->weight);
	free(s);
}

/* ---- the byte form, for the cache ------------------------------------- */

void story_serialize(const struct story_set *s, struct strbuf *out)
{
	size_t n = 0;

	for (size_t k = 0; k < s->n; k++)
		n += s->stories[k].n;
	bytes_sb_put64(out, n);
	bytes_sb_put64(out, s->nterms);
	bytes_sb_put64(out, s->n);
	for (size_t k = 0; k < s->n; k++) {
		const struct story *st = &s->stories[k];
		size_t len = strlen(st->label);

		bytes_sb_put32(out, (uint32_t)st->n);
		bytes_sb_put32(out, (uint32_t)len);
		sb_append(out, st->label, len);
	}
	for (size_t k = 0; k < s->n; k++)
		for (size_t i = 0; i < s->stories[k].n; i++)
			bytes_sb_put32(out, s->stories[k].articles[i]);
}

/* Reads the stories' sizes and labels (s->stories has room for ns) into
 * s; their articles point into s->members, in order. */
static bool read_stories(struct bytes_reader *r, struct story_set *s,
                         size_t ns, size_t n)
{
	size_t at = 0;

	for (size_t k = 0; k < ns; k++) {
		const unsigned char *h = bytes_take(r, 2, 4);
		const unsigned char *label;
		uint32_t size, len;

		if (!h)
			return false;
		size = bytes_get32(h);
		len = bytes_get32(h + 4);
		label = bytes_take(r, len, 1);
		/* A label is a name, a title or a file name: never empty,
		 * and one clean line, since it reaches the screen. */
		if (!label || size == 0 || size > n - at || len == 0 ||
		    !text_is_clean_line((const char *)label, len))
			return false;
		s->stories[k].label = keep(s, util_xstrndup((const char *)label,
		                                            len));
		s->stories[k].articles = s->members + at;
		s->stories[k].n = size;
		s->n = k + 1;
		at += size;
	}
	return at == n;
}

/* Every article once, each story's in date order, the stories in their
 * order: as story_build numbers them. */
static bool stories_in_order(const struct story_set *s, size_t n,
                             const int32_t *day)
{
	struct sort_ctx sctx = {day};
	struct order_ctx octx = {s->stories, day};
	bool *seen = util_xcalloc(n + 1, sizeof *seen);
	bool ok = true;

	for (size_t k = 0; ok && k < s->n; k++) {
		const struct story *st = &s->stories[k];
		uint32_t prev = (uint32_t)k - 1, cur = (uint32_t)k;

		for (size_t i = 0; ok && i < st->n; i++) {
			uint32_t a = st->articles[i];

			ok = a < n && !seen[a] &&
			     (i == 0 || cmp_date(&st->articles[i - 1], &a, &sctx) < 0);
			if (ok)
				seen[a] = true;
		}
		/* After its articles: cmp_story reads them. */
		ok = ok && (k == 0 || cmp_story(&prev, &cur, &octx) < 0);
	}
	free(seen);
	return ok;
}

struct story_set *story_deserialize(const void *buf, size_t len,
                                    const struct corpus *c,
                                    const struct xref_index *ix)
{
	struct bytes_reader r = {.p = buf, .left = len};
	const unsigned char *h = bytes_take(&r, 3, 8), *m;
	uint64_t v[3];
	size_t n = c->n, ns;
	struct story_set *s;
	int32_t *day;

	if (!h)
		return NULL;
	bytes_get64s(h, v, 3);
	if (v[0] != n || v[1] != xref_count(ix) || v[2] > n ||
	    (n > 0) != (v[2] > 0))
		return NULL;
	ns = (size_t)v[2];
	s = util_xcalloc(1, sizeof *s);
	day = util_xmalloc((n + 1) * sizeof *day);
	start_set(s, c, ix, day);
	s->stories = util_xcalloc(ns + 1, sizeof *s->stories);
	s->strings = util_xcalloc(2 * ns + 1, sizeof *s->strings);
	s->members = util_xmalloc((n + 1) * sizeof *s->members);
	if (!read_stories(&r, s, ns, n) || !(m = bytes_take(&r, n, 4)) ||
	    r.left != 0)
		goto bad;
	for (size_t i = 0; i < n; i++)
		s->members[i] = bytes_get32(m + 4 * i);
	if (!stories_in_order(s, n, day))
		goto bad;
	for (size_t k = 0; k < ns; k++)
		place_story(s, c, k, day);
	free(day);
	return s;
bad:
	free(day);
	story_free(s);
	return NULL;
}
